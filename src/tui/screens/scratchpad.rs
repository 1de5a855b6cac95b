//! The scratchpad: a Python prompt on the same engine, IPython style
//! (`In [n]:` / `Out[n]:`), with input history and `%%time` cells compared
//! as a bar chart.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui_textarea::{CursorMove, TextArea};

use crate::tui::component::{Component, EventState, inside};
use crate::tui::context::{Action, Ctx, Target};
use crate::tui::keymap::{self, Cmd, KeyContext};
use crate::tui::render::highlight;
use crate::tui::render::wrap::{hard, wrap};
use crate::tui::runner::{Job, JobResult, Namespace};
use crate::tui::strings as s;
use crate::tui::widgets::output::cell_lines;
use crate::tui::widgets::timing::{bar_rows, fmt_seconds, parse_wall_time};

const MAX_OUTPUT_LINES: usize = 200;
const FIRST_INPUT: &str = "import torch";

struct Entry {
    code: String,
    result: Option<JobResult>,
}

pub struct Scratchpad {
    input: TextArea<'static>,
    entries: Vec<Entry>,
    /// Position in the history while browsing it with ↑/↓.
    history_pos: Option<usize>,
    /// Lines scrolled up from the bottom of the transcript.
    scroll_back: usize,
    transcript_area: Rect,
}

impl Scratchpad {
    pub fn new(ctx: &Ctx) -> Scratchpad {
        // The line most sessions start with, ready to run with Enter.
        let mut input = input_area(ctx, FIRST_INPUT);
        input.move_cursor(CursorMove::End);
        Scratchpad {
            input,
            entries: Vec::new(),
            history_pos: None,
            scroll_back: 0,
            transcript_area: Rect::default(),
        }
    }

    pub fn on_result(&mut self, entry: usize, result: JobResult) {
        if let Some(e) = self.entries.get_mut(entry) {
            e.result = Some(result);
        }
        self.scroll_back = 0;
    }

    fn code(&self) -> String {
        self.input.lines().join("\n")
    }

    /// Enter runs the input unless it is clearly unfinished (a block opened
    /// with `:` or a line continued with `\`), as IPython does.
    fn enter_runs(&self) -> bool {
        let lines = self.input.lines();
        let row = self.input.cursor().0;
        if row + 1 < lines.len() {
            return false;
        }
        let last = lines.last().map(|l| l.trim_end()).unwrap_or("");
        // A cell magic (`%%time`) needs a body below it.
        if lines.len() == 1 && last.starts_with("%%") {
            return false;
        }
        let in_block = lines.len() > 1
            && lines
                .last()
                .is_some_and(|l| !l.trim().is_empty() && l.starts_with([' ', '\t']));
        !(last.ends_with(':') || last.ends_with('\\') || in_block)
    }

    fn run(&mut self, ctx: &mut Ctx) {
        let code = self.code();
        if code.trim().is_empty() {
            return;
        }
        let n = self.entries.len();
        self.entries.push(Entry {
            code: code.clone(),
            result: None,
        });
        ctx.push(Action::Submit(
            Target::Scratch { entry: n },
            Job::Execute {
                code,
                namespace: Namespace::Scratch,
                setup: None,
            },
        ));
        self.input = input_area(ctx, "");
        self.history_pos = None;
        self.scroll_back = 0;
    }

    fn history(&mut self, ctx: &Ctx, older: bool) {
        if self.entries.is_empty() {
            return;
        }
        let last = self.entries.len() - 1;
        let pos = match (self.history_pos, older) {
            (None, true) => Some(last),
            (None, false) => None,
            (Some(p), true) => Some(p.saturating_sub(1)),
            (Some(p), false) if p < last => Some(p + 1),
            (Some(_), false) => None,
        };
        self.history_pos = pos;
        let text = pos.map_or(String::new(), |p| self.entries[p].code.clone());
        self.input = input_area(ctx, &text);
        self.input.move_cursor(CursorMove::Bottom);
        self.input.move_cursor(CursorMove::End);
    }

    fn transcript(&self, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
        let th = &ctx.theme;
        let mut lines = vec![
            Line::from(Span::styled(s::SCRATCH_WELCOME, th.dim)),
            Line::default(),
        ];
        let timed: Vec<(usize, f64)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match &e.result {
                // A cell that raised timed nothing worth comparing.
                Some(JobResult::Executed(o)) if o.error.is_none() => {
                    parse_wall_time(&o.display).map(|t| (i, t))
                }
                _ => None,
            })
            .collect();
        let fastest = timed.iter().map(|(_, t)| *t).fold(f64::INFINITY, f64::min);
        for (i, e) in self.entries.iter().enumerate() {
            let target = Target::Scratch { entry: i };
            for (k, l) in highlight::python(&e.code, th).into_iter().enumerate() {
                let label = if k == 0 {
                    s::scratch_in(i + 1)
                } else {
                    " ".repeat(s::scratch_in(i + 1).chars().count())
                };
                let mut spans = vec![Span::styled(label, th.accent)];
                spans.extend(l.spans);
                lines.push(Line::from(spans));
            }
            match &e.result {
                None if ctx.is_running(&target) => {
                    lines.push(Line::from(Span::styled(s::CELL_RUNNING, th.warn)))
                }
                None => lines.push(Line::from(Span::styled(s::CELL_QUEUED, th.dim))),
                Some(JobResult::Executed(out)) => {
                    // `Out[n]:` heads a display, as in IPython; errors stand alone.
                    if !out.display.is_empty() {
                        lines.push(Line::from(Span::styled(s::scratch_out(i + 1), th.warn)));
                    }
                    lines.extend(cell_lines(out, "", MAX_OUTPUT_LINES, width as u16, th));
                }
                Some(JobResult::Checked(r)) => {
                    lines.extend(cell_lines(&r.output, "", MAX_OUTPUT_LINES, width as u16, th))
                }
                Some(JobResult::Interrupted) => {
                    lines.push(Line::from(Span::styled(s::INTERRUPTED, th.fail)))
                }
                // Sentences are word-wrapped here (the transcript's own wrap cuts anywhere).
                Some(JobResult::KernelDied { reason }) => lines.extend(wrap(
                    &[Span::styled(s::kernel_died(reason), th.fail)],
                    width,
                    &[],
                    &[],
                )),
                Some(JobResult::Failed(why)) => lines.extend(wrap(
                    &[Span::styled(s::runner_failed(why), th.fail)],
                    width,
                    &[],
                    &[],
                )),
            }
            // The timed cells so far, this one marked: a bar chart of wall times.
            if timed.last().is_some_and(|(j, _)| *j == i) && timed.len() > 1 {
                lines.push(Line::from(Span::styled(s::SCRATCH_TIMINGS, th.dim)));
                let items: Vec<_> = timed
                    .iter()
                    .map(|(j, t)| {
                        (
                            s::scratch_in(j + 1)
                                .trim_end()
                                .trim_end_matches(':')
                                .to_string(),
                            *t,
                            if *j == i {
                                th.bar_yours
                            } else {
                                th.bar_baseline
                            },
                            fmt_seconds(*t),
                            s::timing_vs_fastest(t / fastest),
                        )
                    })
                    .collect();
                lines.extend(bar_rows(&items, width, "  ", th));
            }
            lines.push(Line::default());
        }
        lines
    }
}

fn input_area(ctx: &Ctx, text: &str) -> TextArea<'static> {
    let mut t = TextArea::new(text.split('\n').map(str::to_string).collect());
    t.set_style(ctx.theme.text);
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.set_tab_length(4);
    t
}

impl Component for Scratchpad {
    fn key_context(&self) -> KeyContext {
        KeyContext::Scratch
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) -> EventState {
        let row = self.input.cursor().0;
        let n_lines = self.input.lines().len();
        match keymap::lookup(KeyContext::Scratch, key) {
            Some(Cmd::Run)
                if key.code != ratatui::crossterm::event::KeyCode::Enter || self.enter_runs() =>
            {
                self.run(ctx)
            }
            Some(Cmd::Run) | Some(Cmd::NewLine) => self.input.insert_newline(),
            Some(Cmd::HistoryPrev) if row == 0 => self.history(ctx, true),
            Some(Cmd::HistoryNext) if row + 1 == n_lines => self.history(ctx, false),
            Some(Cmd::ScrollResultsUp) => {
                self.scroll_back += self.transcript_area.height.max(2) as usize - 1
            }
            Some(Cmd::ScrollResultsDown) => {
                self.scroll_back = self
                    .scroll_back
                    .saturating_sub(self.transcript_area.height.max(2) as usize - 1)
            }
            Some(Cmd::Back) => ctx.push(Action::OpenHome),
            Some(Cmd::Quit) | Some(Cmd::Help) | Some(Cmd::Interrupt) => {
                return EventState::NotConsumed;
            }
            _ => {
                self.input.input(Event::Key(*key));
            }
        }
        EventState::Consumed
    }

    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        self.input
            .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        EventState::Consumed
    }

    fn handle_mouse(&mut self, m: &MouseEvent, _ctx: &mut Ctx) -> EventState {
        if !inside(self.transcript_area, m) {
            return EventState::NotConsumed;
        }
        match m.kind {
            MouseEventKind::ScrollUp => self.scroll_back += 3,
            MouseEventKind::ScrollDown => self.scroll_back = self.scroll_back.saturating_sub(3),
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let th = &ctx.theme;
        let input_h = (self.input.lines().len() as u16 + 1).clamp(2, (area.height / 3).max(2));
        let [head, body, input, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(input_h),
            Constraint::Length(1),
        ])
        .areas(area);
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(s::SCRATCH_TITLE, th.title))),
            head,
        );
        // Wrapped here, so the newest output can sit at the bottom.
        let lines: Vec<Line<'static>> = self
            .transcript(ctx, body.width as usize)
            .into_iter()
            .flat_map(|l| hard(&l, body.width as usize))
            .collect();
        let max_back = lines.len().saturating_sub(body.height as usize);
        self.scroll_back = self.scroll_back.min(max_back);
        let top = max_back - self.scroll_back;
        f.render_widget(Paragraph::new(lines).scroll((top as u16, 0)), body);
        self.transcript_area = body;

        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(th.border_focus)
            .title(s::SCRATCH_INPUT);
        let inner = block.inner(input);
        f.render_widget(block, input);
        let [prompt, field] =
            Layout::horizontal([Constraint::Length(4), Constraint::Min(1)]).areas(inner);
        f.render_widget(Paragraph::new(Span::styled(">>> ", th.accent)), prompt);
        f.render_widget(&self.input, field);
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!(" {}", s::SCRATCH_KEYS),
                th.dim,
            ))),
            foot,
        );
    }
}

//! The lesson reader: the lesson's markdown, with its example cells runnable
//! one at a time or all in order, outputs shown inline as in a notebook and
//! marked when they differ from what the lesson expects.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::lesson::LessonBlock;
use crate::tui::component::{Component, EventState, inside};
use crate::tui::context::{Action, Ctx, Target};
use crate::tui::keymap::{self, Cmd, KeyContext};
use crate::tui::render::{highlight, markdown};
use crate::tui::runner::{CellOutput, Job, JobResult, Namespace};
use crate::tui::strings as s;
use crate::tui::widgets::output::{cell_lines, same_output, text_lines};

/// Longest output shown under a cell.
const MAX_OUTPUT_LINES: usize = 40;

#[derive(Clone, Debug, PartialEq)]
pub enum CellState {
    NotRun,
    Done(CellOutput),
    /// The kernel died or the runner failed: the reason.
    Failed(String),
}

/// The rendered document at one width.
struct Doc {
    width: u16,
    lines: Vec<Line<'static>>,
    /// First and one-past-last line of each example cell.
    cells: Vec<(usize, usize)>,
}

pub struct LessonScreen {
    pub lesson: usize,
    cells: Vec<CellState>,
    selected: usize,
    scroll: usize,
    doc: Option<Doc>,
    view: Rect,
    /// Scroll to the selected cell on the next draw.
    reveal: bool,
}

impl LessonScreen {
    pub fn new(ctx: &Ctx, lesson: usize) -> LessonScreen {
        let n = ctx.lesson(lesson).examples().count();
        LessonScreen {
            lesson,
            cells: vec![CellState::NotRun; n],
            selected: 0,
            scroll: 0,
            doc: None,
            view: Rect::default(),
            reveal: false,
        }
    }

    /// A finished run of cell `cell`.
    pub fn on_result(&mut self, cell: usize, result: JobResult) {
        if let Some(c) = self.cells.get_mut(cell) {
            *c = match result {
                JobResult::Executed(out) => CellState::Done(out),
                JobResult::Checked(r) => CellState::Done(r.output),
                JobResult::Interrupted => CellState::Failed(s::INTERRUPTED.into()),
                JobResult::KernelDied { reason } => CellState::Failed(s::kernel_died(&reason)),
                JobResult::Failed(why) => CellState::Failed(s::runner_failed(&why)),
            };
        }
        self.doc = None;
    }

    fn run(&mut self, ctx: &mut Ctx, cell: usize) {
        let lesson = ctx.lesson(self.lesson);
        let Some(ex) = lesson.examples().nth(cell) else {
            return;
        };
        let job = Job::Execute {
            code: ex.code.clone(),
            namespace: Namespace::Lesson(lesson.id.clone()),
            setup: lesson.setup.clone(),
        };
        ctx.push(Action::Submit(
            Target::Example {
                lesson: self.lesson,
                cell,
            },
            job,
        ));
        self.doc = None;
    }

    fn select(&mut self, i: usize) {
        if !self.cells.is_empty() {
            self.selected = i.min(self.cells.len() - 1);
            self.reveal = true;
            self.doc = None;
        }
    }

    fn build(&self, ctx: &Ctx, width: u16) -> Doc {
        let th = &ctx.theme;
        let lesson = ctx.lesson(self.lesson);
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut cells = Vec::new();
        let mut i = 0;
        for block in &lesson.body {
            match block {
                LessonBlock::Prose(md) => {
                    // Long lines tire the eye: prose stops at 100 columns.
                    lines.extend(markdown::render(md, width.saturating_sub(1).min(100), th));
                    lines.push(Line::default());
                }
                LessonBlock::Example(ex) => {
                    let start = lines.len();
                    let sel = i == self.selected;
                    let target = Target::Example {
                        lesson: self.lesson,
                        cell: i,
                    };
                    let gutter = if sel { th.gutter_selected } else { th.gutter };
                    let bar = if sel { "┃ " } else { "│ " };
                    let mut head = vec![
                        Span::styled(if sel { "▶ " } else { "  " }, gutter),
                        Span::styled(s::cell_label(i + 1), gutter),
                        Span::styled(" python", th.dim),
                    ];
                    if ctx.is_running(&target) {
                        head.push(Span::styled(format!("  {}", s::CELL_RUNNING), th.warn));
                    } else if ctx.queued.contains(&target) {
                        head.push(Span::styled(format!("  {}", s::CELL_QUEUED), th.dim));
                    }
                    lines.push(Line::from(head));
                    for l in highlight::python(&ex.code, th) {
                        let mut spans = vec![Span::styled(format!("  {bar}"), gutter)];
                        spans.extend(l.spans);
                        lines.push(Line::from(spans));
                    }
                    let expected = ex.expected_output.as_deref();
                    let out_head = |status: Span<'static>| {
                        Line::from(vec![
                            Span::styled("  ╰─ ", gutter),
                            Span::styled(s::CELL_OUTPUT, th.dim),
                            Span::raw(" "),
                            status,
                        ])
                    };
                    match &self.cells[i] {
                        CellState::NotRun => {
                            if let Some(exp) = expected {
                                lines.push(Line::from(vec![
                                    Span::styled("  ╰─ ", gutter),
                                    Span::styled(s::CELL_EXPECTED, th.dim),
                                ]));
                                lines.extend(text_lines(
                                    exp,
                                    th.dim,
                                    "     ",
                                    MAX_OUTPUT_LINES,
                                    th,
                                ));
                            } else {
                                lines.push(Line::from(vec![
                                    Span::styled("  ╰─ ", gutter),
                                    Span::styled(s::CELL_NOT_RUN, th.dim),
                                ]));
                            }
                        }
                        CellState::Done(out) => {
                            let status = match expected {
                                Some(exp) if same_output(exp, out) => {
                                    Span::styled(s::CELL_MATCHES, th.pass)
                                }
                                Some(_) => Span::styled(s::CELL_DIFFERS, th.fail),
                                None => Span::raw(""),
                            };
                            lines.push(out_head(status));
                            let body = cell_lines(out, "     ", MAX_OUTPUT_LINES, width, th);
                            if body.is_empty() {
                                lines.push(Line::from(Span::styled(
                                    format!("     {}", s::CELL_NO_OUTPUT),
                                    th.dim,
                                )));
                            }
                            lines.extend(body);
                            if let Some(exp) = expected.filter(|e| !same_output(e, out)) {
                                lines.push(Line::from(Span::styled(
                                    format!("     {}", s::CELL_EXPECTED),
                                    th.dim,
                                )));
                                lines.extend(text_lines(
                                    exp,
                                    th.dim,
                                    "     ",
                                    MAX_OUTPUT_LINES,
                                    th,
                                ));
                            }
                        }
                        CellState::Failed(why) => {
                            lines.push(out_head(Span::raw("")));
                            lines.extend(text_lines(why, th.fail, "     ", MAX_OUTPUT_LINES, th));
                        }
                    }
                    lines.push(Line::default());
                    cells.push((start, lines.len()));
                    i += 1;
                }
            }
        }
        if lesson.exercises.is_empty() {
            lines.push(Line::from(Span::styled(s::LESSON_NO_EXERCISES, th.dim)));
        }
        Doc {
            width,
            lines,
            cells,
        }
    }

    fn max_scroll(&self) -> usize {
        self.doc.as_ref().map_or(0, |d| {
            d.lines.len().saturating_sub(self.view.height as usize)
        })
    }

    fn scroll_by(&mut self, delta: isize) {
        self.scroll = (self.scroll as isize + delta).clamp(0, self.max_scroll() as isize) as usize;
    }
}

impl Component for LessonScreen {
    fn key_context(&self) -> KeyContext {
        KeyContext::Lesson
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) -> EventState {
        let page = self.view.height.max(2) as isize - 1;
        let n_lessons = ctx.pack.lessons.len();
        match keymap::lookup(KeyContext::Lesson, key) {
            Some(Cmd::Up) => self.scroll_by(-1),
            Some(Cmd::Down) => self.scroll_by(1),
            Some(Cmd::PageUp) => self.scroll_by(-page),
            Some(Cmd::PageDown) => self.scroll_by(page),
            Some(Cmd::Top) => self.scroll = 0,
            Some(Cmd::Bottom) => self.scroll = self.max_scroll(),
            Some(Cmd::NextCell) => self.select(self.selected + 1),
            Some(Cmd::PrevCell) => self.select(self.selected.saturating_sub(1)),
            Some(Cmd::RunCell) => {
                if !self.cells.is_empty() {
                    self.run(ctx, self.selected);
                    // Like Shift-Enter in a notebook: move on to the next cell.
                    self.select(self.selected + 1);
                }
            }
            Some(Cmd::RunAll) => {
                for i in 0..self.cells.len() {
                    self.run(ctx, i);
                }
            }
            Some(Cmd::OpenExercise) if !ctx.lesson(self.lesson).exercises.is_empty() => {
                ctx.push(Action::OpenExercise {
                    lesson: self.lesson,
                    exercise: 0,
                })
            }
            Some(Cmd::NextLesson) if self.lesson + 1 < n_lessons => {
                ctx.push(Action::OpenLesson(self.lesson + 1))
            }
            Some(Cmd::PrevLesson) if self.lesson > 0 => {
                ctx.push(Action::OpenLesson(self.lesson - 1))
            }
            Some(Cmd::Scratchpad) => ctx.push(Action::OpenScratch),
            Some(Cmd::Back) => ctx.push(Action::OpenHome),
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn handle_mouse(&mut self, m: &MouseEvent, _ctx: &mut Ctx) -> EventState {
        match m.kind {
            MouseEventKind::ScrollDown => self.scroll_by(3),
            MouseEventKind::ScrollUp => self.scroll_by(-3),
            MouseEventKind::Down(MouseButton::Left) if inside(self.view, m) => {
                let line = self.scroll + (m.row - self.view.y) as usize;
                let hit = self
                    .doc
                    .as_ref()
                    .and_then(|d| d.cells.iter().position(|(a, b)| (*a..*b).contains(&line)));
                if let Some(i) = hit {
                    self.selected = i;
                    self.doc = None;
                }
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let th = &ctx.theme;
        let lesson = ctx.lesson(self.lesson);
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        let st = ctx.lesson_stats(self.lesson);
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" {} ", ctx.pack.manifest.title), th.dim),
                Span::styled("› ", th.dim),
                Span::styled(
                    format!(
                        "{}/{} {}",
                        self.lesson + 1,
                        ctx.pack.lessons.len(),
                        lesson.title
                    ),
                    th.title,
                ),
                Span::styled(
                    format!("  {}", s::home_lesson_stats(st.done, st.total)),
                    th.dim,
                ),
            ])),
            head,
        );
        let [text_area, bar_area] =
            Layout::horizontal([Constraint::Min(10), Constraint::Length(1)]).areas(body);
        let text_area = text_area.inner(ratatui::layout::Margin {
            horizontal: 1,
            vertical: 0,
        });
        self.view = text_area;
        // Running and queued cells change their headers: rebuild while anything runs.
        if self.doc.as_ref().is_none_or(|d| d.width != text_area.width) || ctx.running.is_some() {
            self.doc = Some(self.build(ctx, text_area.width));
        }
        if self.reveal {
            self.reveal = false;
            if let Some((a, b)) = self
                .doc
                .as_ref()
                .and_then(|d| d.cells.get(self.selected).copied())
            {
                let h = text_area.height as usize;
                // Scroll as little as shows the cell (the one just run stays in view above it).
                if a < self.scroll {
                    self.scroll = a.saturating_sub(1);
                } else if b > self.scroll + h {
                    self.scroll = (b - h).min(a.saturating_sub(1));
                }
            }
        }
        self.scroll = self.scroll.min(self.max_scroll());
        let doc = self.doc.as_ref().unwrap();
        let visible: Vec<Line> = doc
            .lines
            .iter()
            .skip(self.scroll)
            .take(text_area.height as usize)
            .cloned()
            .collect();
        f.render_widget(Paragraph::new(visible), text_area);
        let mut sb = ScrollbarState::new(self.max_scroll()).position(self.scroll);
        f.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight).style(th.dim),
            bar_area,
            &mut sb,
        );
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!(" {}", s::LESSON_KEYS),
                th.dim,
            ))),
            foot,
        );
    }
}

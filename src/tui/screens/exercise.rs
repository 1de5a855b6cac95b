//! An exercise: its task, an editor holding the learner's code, and what
//! running and checking it showed; hints one at a time, reset to the starter,
//! the solution after a pass (or a few checks), next and previous.

use ratatui::Frame;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui_textarea::{CursorMove, TextArea};

use crate::tui::component::{Component, EventState, inside};
use crate::tui::context::{Action, Ctx, Target};
use crate::tui::keymap::{self, Cmd, KeyContext};
use crate::tui::render::wrap::width;
use crate::tui::render::wrap::wrap;
use crate::tui::render::{highlight, markdown};
use crate::tui::runner::{CellOutput, CheckReport, Job, JobResult, Namespace};
use crate::tui::strings as s;
use crate::tui::widgets::output::{cell_lines, text_lines};
use crate::tui::widgets::timing::speedup_lines;

/// Checks after which the solution opens even without a pass.
pub const SOLUTION_AFTER_ATTEMPTS: u32 = 3;
const MAX_OUTPUT_LINES: usize = 60;

#[derive(Clone, Debug, PartialEq)]
enum Pane {
    Empty,
    Output(CellOutput),
    Check(CheckReport),
    Note(String),
}

pub struct ExerciseScreen {
    pub lesson: usize,
    pub exercise: usize,
    editor: TextArea<'static>,
    pane: Pane,
    hints_shown: usize,
    solution_open: bool,
    confirm_reset: bool,
    prompt_scroll: usize,
    results_scroll: usize,
    /// Scroll the results to their end on the next draw (a new hint or the solution).
    results_to_end: bool,
    areas: [Rect; 3],
}

impl ExerciseScreen {
    /// Opens with the learner's saved code, or the starter.
    pub fn new(ctx: &Ctx, lesson: usize, exercise: usize) -> ExerciseScreen {
        let l = ctx.lesson(lesson);
        let ex = &l.exercises[exercise];
        let code = ctx
            .workspace
            .load_code(ctx.pack_id(), &l.id, &ex.id)
            .unwrap_or_else(|| ex.starter.clone());
        let hints_shown = ctx
            .exercise_progress(lesson, exercise)
            .map_or(0, |p| p.hints_shown as usize)
            .min(ex.hints.len());
        ExerciseScreen {
            lesson,
            exercise,
            editor: make_editor(&code, ctx),
            pane: Pane::Empty,
            hints_shown,
            solution_open: false,
            confirm_reset: false,
            prompt_scroll: 0,
            results_scroll: 0,
            results_to_end: false,
            areas: [Rect::default(); 3],
        }
    }

    /// The code in the editor.
    pub fn code(&self) -> String {
        let mut c = self.editor.lines().join("\n");
        if !c.ends_with('\n') {
            c.push('\n');
        }
        c
    }

    fn target(&self, check: bool) -> Target {
        Target::Exercise {
            lesson: self.lesson,
            exercise: self.exercise,
            check,
        }
    }

    pub fn on_result(&mut self, result: JobResult) {
        self.results_scroll = 0;
        self.pane = match result {
            JobResult::Executed(out) => {
                if let Some(line) = out.error.as_ref().and_then(|e| e.line) {
                    // Put the cursor (and its highlighted line) on the line that raised.
                    self.editor
                        .move_cursor(CursorMove::Jump(line.saturating_sub(1) as u16, 0));
                }
                Pane::Output(out)
            }
            JobResult::Checked(report) => {
                if report.passed() {
                    // A pass opens the solution, to compare with.
                    self.solution_open = true;
                }
                Pane::Check(report)
            }
            JobResult::Interrupted => Pane::Note(s::EX_INTERRUPTED.into()),
            JobResult::KernelDied { reason } => Pane::Note(s::kernel_died(&reason)),
            JobResult::Failed(why) => Pane::Note(s::runner_failed(&why)),
        };
    }

    fn solution_unlocked(&self, ctx: &Ctx) -> bool {
        ctx.exercise_progress(self.lesson, self.exercise)
            .is_some_and(|p| p.passed || p.attempts >= SOLUTION_AFTER_ATTEMPTS)
    }

    fn submit(&mut self, ctx: &mut Ctx, check: bool) {
        let l = ctx.lesson(self.lesson);
        let code = self.code();
        let job = if check {
            Job::Check {
                lesson: l.id.clone(),
                exercise: l.exercises[self.exercise].id.clone(),
                code,
            }
        } else {
            Job::Execute {
                code,
                namespace: Namespace::Exercise,
                setup: l.setup.clone(),
            }
        };
        ctx.push(Action::Submit(self.target(check), job));
    }

    /// What the last run or check showed.
    fn results_lines(&self, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
        let th = &ctx.theme;
        let ex = ctx.exercise(self.lesson, self.exercise);
        let mut lines: Vec<Line<'static>> = Vec::new();
        if ctx.is_running(&self.target(false)) || ctx.is_running(&self.target(true)) {
            let what = if ctx.is_running(&self.target(true)) {
                s::EX_CHECKING
            } else {
                s::EX_RUNNING
            };
            lines.push(Line::from(Span::styled(what, th.warn)));
            lines.push(Line::default());
        }
        match &self.pane {
            Pane::Empty => lines.push(Line::from(Span::styled(s::EX_NOTHING_YET, th.dim))),
            Pane::Note(n) => {
                lines.extend(wrap(&[Span::styled(n.clone(), th.warn)], width, &[], &[]))
            }
            Pane::Output(out) => {
                lines.push(Line::from(Span::styled(s::EX_OUTPUT, th.title)));
                self.output_lines(ctx, out, width, &mut lines);
            }
            Pane::Check(r) => {
                let ok = r.passed();
                lines.push(Line::from(vec![
                    Span::styled(
                        if ok {
                            s::EX_ALL_PASSED
                        } else {
                            s::EX_SOME_FAILED
                        },
                        if ok { th.pass } else { th.fail },
                    ),
                    Span::styled(
                        format!(
                            "  {}",
                            s::ex_check_score(
                                ex.points * r.score / r.max_score.max(1e-9),
                                ex.points
                            )
                        ),
                        th.dim,
                    ),
                ]));
                for c in r.checks.iter().filter(|c| !c.hidden) {
                    let (mark, style) = if c.passed {
                        ("✓ ", th.pass)
                    } else {
                        ("✗ ", th.fail)
                    };
                    let msg = if c.message.is_empty() && !c.passed {
                        s::ex_check_failed_default(&c.kind)
                    } else {
                        c.message.clone()
                    };
                    let first = [
                        Span::styled(mark, style),
                        Span::styled(format!("{:<8}", c.kind), th.dim),
                    ];
                    let rest = [Span::raw(" ".repeat(10))];
                    lines.extend(wrap(&[Span::styled(msg, th.text)], width, &first, &rest));
                    if let Some(sp) = &c.speedup {
                        lines.extend(speedup_lines(sp, c.passed, width, "    ", th));
                    }
                }
                let hidden: Vec<_> = r.checks.iter().filter(|c| c.hidden).collect();
                if !hidden.is_empty() {
                    let passed = hidden.iter().filter(|c| c.passed).count();
                    let style = if passed == hidden.len() {
                        th.pass
                    } else {
                        th.fail
                    };
                    lines.push(Line::from(Span::styled(
                        s::ex_hidden_checks(passed, hidden.len()),
                        style,
                    )));
                }
                if !r.output.display.is_empty() || r.output.error.is_some() {
                    lines.push(Line::default());
                    lines.push(Line::from(Span::styled(s::EX_OUTPUT, th.title)));
                    self.output_lines(ctx, &r.output, width, &mut lines);
                }
            }
        }
        lines
    }

    /// The hints shown so far and the solution (when asked for).
    fn aside_lines(&self, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
        let th = &ctx.theme;
        let ex = ctx.exercise(self.lesson, self.exercise);
        let mut lines: Vec<Line<'static>> = Vec::new();
        for (i, h) in ex.hints.iter().take(self.hints_shown).enumerate() {
            lines.push(Line::default());
            lines.extend(
                markdown::render(&s::ex_hint(i + 1, ex.hints.len(), h), width as u16, th)
                    .into_iter()
                    .map(|l| l.patch_style(th.warn)),
            );
        }
        if self.solution_open {
            lines.push(Line::default());
            if self.solution_unlocked(ctx) {
                lines.push(Line::from(Span::styled(s::EX_SOLUTION, th.title)));
                lines.extend(highlight::python(&ex.solution, th).into_iter().map(|l| {
                    let mut spans = vec![Span::styled("  ", th.dim)];
                    spans.extend(l.spans);
                    Line::from(spans)
                }));
            } else {
                let attempts = ctx
                    .exercise_progress(self.lesson, self.exercise)
                    .map_or(0, |p| p.attempts);
                lines.push(Line::from(Span::styled(
                    s::ex_solution_locked(SOLUTION_AFTER_ATTEMPTS.saturating_sub(attempts)),
                    th.dim,
                )));
            }
        }
        lines
    }

    /// Output, then the error with the learner's line that raised it.
    fn output_lines(&self, ctx: &Ctx, out: &CellOutput, width: usize, lines: &mut Vec<Line<'static>>) {
        let th = &ctx.theme;
        let shown = CellOutput {
            error: None,
            ..out.clone()
        };
        let body = cell_lines(&shown, "", MAX_OUTPUT_LINES, width as u16, th);
        if body.is_empty() && out.error.is_none() {
            lines.push(Line::from(Span::styled(s::EX_NO_OUTPUT, th.dim)));
        }
        lines.extend(body);
        if let Some(e) = &out.error {
            if let Some(n) = e.line {
                lines.push(Line::from(Span::styled(s::ex_error_at(n), th.dim)));
                if let Some(code) = self.editor.lines().get(n.saturating_sub(1)) {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{n:>4} │ "), th.dim),
                        Span::styled(code.clone(), th.error_line),
                    ]));
                }
            }
            let msg = if e.message.is_empty() {
                e.name.clone()
            } else {
                format!("{}: {}", e.name, e.message)
            };
            lines.extend(text_lines(&msg, th.fail, "", MAX_OUTPUT_LINES, th));
        }
    }

    fn reset(&mut self, ctx: &mut Ctx) {
        let ex = ctx.exercise(self.lesson, self.exercise);
        self.editor = make_editor(&ex.starter, ctx);
        let l = ctx.lesson(self.lesson);
        let (pack, lid, eid) = (ctx.pack_id().to_string(), l.id.clone(), ex.id.clone());
        if let Err(e) = ctx.workspace.save_code(&pack, &lid, &eid, &self.code()) {
            ctx.push(Action::Status(format!("{}: {e}", s::SAVE_FAILED)));
        }
        self.pane = Pane::Note(s::EX_RESET_DONE.into());
    }
}

fn make_editor(code: &str, ctx: &Ctx) -> TextArea<'static> {
    let th = &ctx.theme;
    let lines: Vec<String> = code
        .strip_suffix('\n')
        .unwrap_or(code)
        .split('\n')
        .map(str::to_string)
        .collect();
    let mut t = TextArea::new(lines);
    t.set_line_number_style(th.gutter);
    t.set_cursor_line_style(th.selected);
    t.set_style(th.text);
    t.set_tab_length(4);
    t.set_hard_tab_indent(false);
    t
}

impl Component for ExerciseScreen {
    fn key_context(&self) -> KeyContext {
        KeyContext::Exercise
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) -> EventState {
        if self.confirm_reset {
            self.confirm_reset = false;
            if key.code == KeyCode::Char('y') || key.code == KeyCode::Char('Y') {
                self.reset(ctx);
            } else {
                self.pane = Pane::Empty;
            }
            return EventState::Consumed;
        }
        let ex = ctx.exercise(self.lesson, self.exercise);
        let n_ex = ctx.lesson(self.lesson).exercises.len();
        match keymap::lookup(KeyContext::Exercise, key) {
            Some(Cmd::Run) => self.submit(ctx, false),
            Some(Cmd::Check) => self.submit(ctx, true),
            Some(Cmd::Hint) => {
                if ex.hints.is_empty() {
                    self.pane = Pane::Note(s::EX_NO_HINTS.into());
                } else if self.hints_shown < ex.hints.len() {
                    self.hints_shown += 1;
                    let l = ctx.lesson(self.lesson);
                    let (pack, lid, eid) = (ctx.pack_id().to_string(), l.id.clone(), ex.id.clone());
                    let e = ctx.progress.entry(&pack, &lid, &eid);
                    e.hints_shown = e.hints_shown.max(self.hints_shown as u32);
                    let _ = ctx.workspace.save_progress(&ctx.progress);
                    self.results_to_end = true;
                } else {
                    ctx.push(Action::Status(s::EX_NO_MORE_HINTS.into()));
                }
            }
            Some(Cmd::Solution) => {
                self.solution_open = !self.solution_open;
                self.results_to_end = self.solution_open;
            }
            Some(Cmd::Reset) => {
                self.confirm_reset = true;
                self.pane = Pane::Note(s::EX_RESET_CONFIRM.into());
            }
            Some(Cmd::NextExercise) => {
                if self.exercise + 1 < n_ex {
                    ctx.push(Action::OpenExercise {
                        lesson: self.lesson,
                        exercise: self.exercise + 1,
                    });
                } else if self.lesson + 1 < ctx.pack.lessons.len() {
                    ctx.push(Action::OpenLesson(self.lesson + 1));
                }
            }
            Some(Cmd::PrevExercise) => {
                if self.exercise > 0 {
                    ctx.push(Action::OpenExercise {
                        lesson: self.lesson,
                        exercise: self.exercise - 1,
                    });
                } else {
                    ctx.push(Action::OpenLesson(self.lesson));
                }
            }
            Some(Cmd::Undo) => {
                self.editor.undo();
            }
            Some(Cmd::Redo) => {
                self.editor.redo();
            }
            Some(Cmd::ScrollResultsUp) => {
                self.results_scroll = self.results_scroll.saturating_sub(5)
            }
            Some(Cmd::ScrollResultsDown) => self.results_scroll += 5,
            Some(Cmd::ScrollTaskUp) => self.prompt_scroll = self.prompt_scroll.saturating_sub(3),
            Some(Cmd::ScrollTaskDown) => self.prompt_scroll += 3,
            Some(Cmd::Back) => ctx.push(Action::OpenLesson(self.lesson)),
            Some(_) => return EventState::NotConsumed,
            None => {
                // Everything else is typing.
                if key
                    .modifiers
                    .contains(ratatui::crossterm::event::KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('q')
                {
                    return EventState::NotConsumed;
                }
                self.editor.input(Event::Key(*key));
            }
        }
        EventState::Consumed
    }

    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        self.editor
            .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        EventState::Consumed
    }

    fn handle_mouse(&mut self, m: &MouseEvent, _ctx: &mut Ctx) -> EventState {
        let [prompt, editor, results] = self.areas;
        let up = matches!(m.kind, MouseEventKind::ScrollUp);
        match m.kind {
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let step = |v: usize| if up { v.saturating_sub(3) } else { v + 3 };
                if inside(prompt, m) {
                    self.prompt_scroll = step(self.prompt_scroll);
                } else if inside(results, m) {
                    self.results_scroll = step(self.results_scroll);
                } else if inside(editor, m) {
                    self.editor.scroll((if up { -3 } else { 3 }, 0));
                }
            }
            MouseEventKind::Down(MouseButton::Left) if inside(editor, m) => {
                let (top, _) = self.editor.scroll_offset();
                let row = (m.row - editor.y) as usize + top as usize;
                let col =
                    (m.column - editor.x).saturating_sub(self.editor.line_number_width()) as usize;
                let at = self.editor.screen_to_data(row, col);
                self.editor
                    .move_cursor(CursorMove::Jump(at.0 as u16, at.1 as u16));
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let th = &ctx.theme;
        let l = ctx.lesson(self.lesson);
        let ex = &l.exercises[self.exercise];
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(6),
            Constraint::Length(1),
        ])
        .areas(area);
        let p = ctx.exercise_progress(self.lesson, self.exercise);
        let (score, max, attempts) =
            p.map_or((0.0, 0.0, 0), |p| (p.best_score, p.max_score, p.attempts));
        let pts = if max > 0.0 {
            ex.points * (score / max).min(1.0)
        } else {
            0.0
        };
        let passed = p.is_some_and(|p| p.passed);
        let title = s::ex_title(&l.title, self.exercise + 1, l.exercises.len(), &ex.title);
        let score = s::ex_score(pts, ex.points, attempts);
        let pad = (head.width as usize).saturating_sub(1 + width(&title) + width(&score) + 1);
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(if passed { "✓" } else { " " }, th.pass),
                Span::styled(title, th.title),
                Span::raw(" ".repeat(pad)),
                Span::styled(score, if passed { th.pass } else { th.dim }),
            ])),
            head,
        );

        let prompt_lines_at = |w: u16| markdown::render(&ex.prompt, w, th);
        let wide = body.width >= 110;
        let (prompt_area, editor_area, results_area) = if wide {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(46), Constraint::Percentage(54)])
                    .areas(body);
            let [ed, res] =
                Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(right);
            (left, ed, res)
        } else {
            let want = prompt_lines_at(body.width).len() as u16 + 1;
            // The task matters most: up to two fifths of the screen.
            let prompt_h = want.clamp(3, (body.height * 2 / 5).max(3));
            let rest = body.height.saturating_sub(prompt_h);
            // The editor grows with the code, leaving the results at least 5 rows.
            let editor_h =
                (self.editor.lines().len() as u16 + 2).clamp(5, rest.saturating_sub(5).max(5));
            let [pr, ed, res] = Layout::vertical([
                Constraint::Length(prompt_h),
                Constraint::Length(editor_h),
                Constraint::Min(0),
            ])
            .areas(body);
            (pr, ed, res)
        };

        let side = if wide {
            Borders::TOP | Borders::LEFT
        } else {
            Borders::TOP
        };
        let block = |title: &'static str, focus: bool, borders: Borders| {
            Block::default()
                .borders(borders)
                .border_style(if focus { th.border_focus } else { th.border })
                .title(title)
        };
        let pi = block(s::EX_PROMPT, false, Borders::TOP).inner(prompt_area);
        let mut plines = prompt_lines_at(pi.width);
        if wide {
            // Hints and the solution sit under the task, beside the editor.
            let aside = self.aside_lines(ctx, pi.width as usize);
            if !aside.is_empty() {
                plines.extend(aside);
                if std::mem::take(&mut self.results_to_end) {
                    self.prompt_scroll = usize::MAX;
                }
            }
        }
        self.prompt_scroll = self
            .prompt_scroll
            .min(plines.len().saturating_sub(pi.height as usize));
        let more = plines.len() > self.prompt_scroll + pi.height as usize;
        f.render_widget(
            block(
                if more {
                    s::EX_PROMPT_MORE
                } else {
                    s::EX_PROMPT
                },
                false,
                Borders::TOP,
            ),
            prompt_area,
        );
        f.render_widget(
            Paragraph::new(plines).scroll((self.prompt_scroll as u16, 0)),
            pi,
        );

        let eb = block(s::EX_EDITOR, true, side);
        let ei = eb.inner(editor_area);
        f.render_widget(eb, editor_area);
        f.render_widget(&self.editor, ei);

        let rb = block(s::EX_RESULTS, false, side);
        let ri = rb.inner(results_area);
        f.render_widget(rb, results_area);
        let mut rlines = self.results_lines(ctx, ri.width as usize);
        if !wide {
            rlines.extend(self.aside_lines(ctx, ri.width as usize));
        }
        let max_scroll = rlines.len().saturating_sub(ri.height as usize);
        if std::mem::take(&mut self.results_to_end) {
            self.results_scroll = max_scroll;
        }
        self.results_scroll = self.results_scroll.min(max_scroll);
        f.render_widget(
            Paragraph::new(rlines).scroll((self.results_scroll as u16, 0)),
            ri,
        );
        self.areas = [pi, ei, ri];

        f.render_widget(
            Paragraph::new(Line::from(Span::styled(format!(" {}", s::EX_KEYS), th.dim))),
            foot,
        );
    }
}

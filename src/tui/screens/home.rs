//! Home: the pack's lessons and exercises with the learner's progress,
//! searchable with `/`; Enter opens any of them.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Wrap};

use crate::tui::component::{Component, EventState, inside};
use crate::tui::context::{Action, Ctx};
use crate::tui::keymap::{self, Cmd, KeyContext};
use crate::tui::render::markdown;
use crate::tui::render::wrap::width;
use crate::tui::strings as s;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    Lesson(usize),
    Exercise(usize, usize),
}

#[derive(Default)]
pub struct Home {
    selected: usize,
    scroll: usize,
    filter: String,
    /// Typing into the search box.
    searching: bool,
    list_area: Rect,
}

impl Home {
    pub fn new() -> Home {
        Home::default()
    }

    /// Put the selection on a lesson (and exercise), e.g. the learner's current place.
    pub fn select(&mut self, ctx: &Ctx, lesson: usize, exercise: Option<usize>) {
        let want = match exercise {
            Some(e) => Row::Exercise(lesson, e),
            None => Row::Lesson(lesson),
        };
        if let Some(i) = self.rows(ctx).iter().position(|r| *r == want) {
            self.selected = i;
        }
    }

    fn rows(&self, ctx: &Ctx) -> Vec<Row> {
        let q = self.filter.to_lowercase();
        let hit = |t: &str| q.is_empty() || t.to_lowercase().contains(&q);
        let mut rows = Vec::new();
        for (li, l) in ctx.pack.lessons.iter().enumerate() {
            let lesson_hit = hit(&l.title) || hit(&l.id) || hit(&l.summary);
            let exercises: Vec<usize> = (0..l.exercises.len())
                .filter(|&ei| lesson_hit || hit(&l.exercises[ei].title) || hit(&l.exercises[ei].id))
                .collect();
            if lesson_hit || !exercises.is_empty() {
                rows.push(Row::Lesson(li));
                rows.extend(exercises.into_iter().map(|ei| Row::Exercise(li, ei)));
            }
        }
        rows
    }

    fn open(&self, ctx: &mut Ctx, exercise_of_lesson: bool) {
        let rows = self.rows(ctx);
        let Some(row) = rows.get(self.selected) else {
            return;
        };
        let action = match (*row, exercise_of_lesson) {
            (Row::Exercise(l, e), _) => Action::OpenExercise {
                lesson: l,
                exercise: e,
            },
            (Row::Lesson(l), true) if !ctx.lesson(l).exercises.is_empty() => {
                // The first exercise not yet passed.
                let e = (0..ctx.lesson(l).exercises.len())
                    .find(|&e| !ctx.exercise_progress(l, e).is_some_and(|p| p.passed))
                    .unwrap_or(0);
                Action::OpenExercise {
                    lesson: l,
                    exercise: e,
                }
            }
            (Row::Lesson(l), _) => Action::OpenLesson(l),
        };
        ctx.push(action);
    }

    fn move_by(&mut self, delta: isize, n: usize) {
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = (self.selected as isize + delta).clamp(0, n as isize - 1) as usize;
    }

    fn row_line(
        &self,
        ctx: &Ctx,
        row: Row,
        w: usize,
        current: Option<(usize, Option<usize>)>,
        selected: bool,
    ) -> Line<'static> {
        let th = &ctx.theme;
        // The selection shows without colour too (NO_COLOR, screen readers).
        let cursor = Span::styled(if selected { "›" } else { " " }, th.accent);
        let here = match row {
            Row::Lesson(l) => current == Some((l, None)),
            Row::Exercise(l, e) => current == Some((l, Some(e))),
        };
        let marker = if here {
            Span::styled("▶ ", th.accent)
        } else {
            Span::raw("  ")
        };
        match row {
            Row::Lesson(l) => {
                let st = ctx.lesson_stats(l);
                let icon = if st.total > 0 && st.done == st.total {
                    Span::styled("✓ ", th.pass)
                } else if st.done > 0 {
                    Span::styled("◐ ", th.warn)
                } else {
                    Span::styled("· ", th.dim)
                };
                let right = if st.total == 0 {
                    s::home_lesson_stats(0, 0)
                } else {
                    format!(
                        "{} {:>3}%",
                        s::home_lesson_stats(st.done, st.total),
                        st.percent()
                    )
                };
                let title = fit(
                    &format!("{:>2} {}", l + 1, ctx.lesson(l).title),
                    w.saturating_sub(7 + width(&right)),
                );
                let pad = w.saturating_sub(5 + width(&title) + width(&right) + 1);
                Line::from(vec![
                    cursor,
                    marker,
                    icon,
                    Span::styled(title, th.title),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(right, th.dim),
                ])
            }
            Row::Exercise(l, e) => {
                let ex = ctx.exercise(l, e);
                let p = ctx.exercise_progress(l, e);
                let icon = match p {
                    Some(p) if p.passed => Span::styled("✓ ", th.pass),
                    Some(p) if p.attempts > 0 => Span::styled("✗ ", th.fail),
                    _ => Span::styled("○ ", th.dim),
                };
                let pts = p
                    .filter(|p| p.max_score > 0.0)
                    .map_or(0.0, |p| ex.points * (p.best_score / p.max_score).min(1.0));
                let right = format!("{}/{} pt", s::fmt_points(pts), s::fmt_points(ex.points));
                let title = fit(&ex.title, w.saturating_sub(9 + width(&right)));
                let pad = w.saturating_sub(8 + width(&title) + width(&right) + 1);
                Line::from(vec![
                    cursor,
                    Span::raw("   "),
                    marker,
                    icon,
                    Span::styled(title, th.text),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(right, th.dim),
                ])
            }
        }
    }

    fn details(&self, ctx: &Ctx, row: Row, area: Rect) -> Vec<Line<'static>> {
        let th = &ctx.theme;
        let l = match row {
            Row::Lesson(l) | Row::Exercise(l, _) => l,
        };
        let lesson = ctx.lesson(l);
        let mut md = format!("## {}\n\n{}\n", lesson.title, lesson.summary);
        if let Row::Exercise(_, e) = row {
            let ex = ctx.exercise(l, e);
            md.push_str(&format!("\n### {}\n\n{}\n", ex.title, ex.prompt));
        }
        // The lesson's sections, as a table of contents.
        let sections: Vec<&str> = lesson
            .body
            .iter()
            .filter_map(|b| match b {
                crate::lesson::LessonBlock::Prose(p) => {
                    Some(p.lines().filter_map(|l| l.strip_prefix("## ")))
                }
                _ => None,
            })
            .flatten()
            .collect();
        if !sections.is_empty() && matches!(row, Row::Lesson(_)) {
            md.push_str(&format!("\n**{}**\n\n", s::HOME_CONTENTS));
            for sec in sections {
                md.push_str(&format!("- {}\n", sec.trim()));
            }
        }
        let mut lines = markdown::render(&md, area.width.saturating_sub(2), th);
        let examples = lesson.examples().count();
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!(
                "{examples} examples · {}",
                s::home_lesson_stats(ctx.lesson_stats(l).done, lesson.exercises.len())
            ),
            th.dim,
        )));
        lines
    }
}

impl Component for Home {
    fn key_context(&self) -> KeyContext {
        KeyContext::Home
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) -> EventState {
        let n = self.rows(ctx).len();
        if self.searching {
            match key.code {
                KeyCode::Esc => {
                    self.searching = false;
                    self.filter.clear();
                    self.selected = 0;
                }
                KeyCode::Enter => {
                    self.searching = false;
                    self.open(ctx, false);
                }
                KeyCode::Up => self.move_by(-1, n),
                KeyCode::Down => self.move_by(1, n),
                KeyCode::Backspace => {
                    self.filter.pop();
                    self.selected = 0;
                }
                KeyCode::Char(c)
                    if !key
                        .modifiers
                        .contains(ratatui::crossterm::event::KeyModifiers::CONTROL) =>
                {
                    self.filter.push(c);
                    self.selected = 0;
                }
                _ => return EventState::NotConsumed,
            }
            return EventState::Consumed;
        }
        let page = self.list_area.height.max(2) as isize - 1;
        match keymap::lookup(KeyContext::Home, key) {
            Some(Cmd::Up) => self.move_by(-1, n),
            Some(Cmd::Down) => self.move_by(1, n),
            Some(Cmd::PageUp) => self.move_by(-page, n),
            Some(Cmd::PageDown) => self.move_by(page, n),
            Some(Cmd::Top) => self.selected = 0,
            Some(Cmd::Bottom) => self.selected = n.saturating_sub(1),
            Some(Cmd::Open) => self.open(ctx, false),
            Some(Cmd::OpenExercise) => self.open(ctx, true),
            Some(Cmd::Search) => {
                self.searching = true;
                self.filter.clear();
                self.selected = 0;
            }
            Some(Cmd::Continue) => ctx.push(Action::Continue),
            Some(Cmd::Scratchpad) => ctx.push(Action::OpenScratch),
            Some(Cmd::Back) if !self.filter.is_empty() => {
                self.filter.clear();
                self.selected = 0;
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn handle_mouse(&mut self, m: &MouseEvent, ctx: &mut Ctx) -> EventState {
        let n = self.rows(ctx).len();
        match m.kind {
            MouseEventKind::ScrollDown => self.move_by(3, n),
            MouseEventKind::ScrollUp => self.move_by(-3, n),
            MouseEventKind::Down(MouseButton::Left) if inside(self.list_area, m) => {
                let i = self.scroll + (m.row - self.list_area.y) as usize;
                if i < n {
                    if i == self.selected {
                        self.open(ctx, false);
                    }
                    self.selected = i;
                }
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let th = &ctx.theme;
        let [head, gauge, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        let stats = ctx.pack_stats();
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" {} ", ctx.pack.manifest.title), th.title),
                Span::styled(
                    s::home_overall(stats.done, stats.total, stats.points, stats.max_points),
                    th.dim,
                ),
            ])),
            head,
        );
        let ratio = if stats.total == 0 {
            0.0
        } else {
            stats.done as f64 / stats.total as f64
        };
        f.render_widget(
            Gauge::default()
                .ratio(ratio)
                .label(format!("{}%", stats.percent()))
                .gauge_style(th.pass)
                .use_unicode(true),
            gauge.inner(ratatui::layout::Margin {
                horizontal: 1,
                vertical: 0,
            }),
        );

        let (list_box, detail_box) = if body.width >= 100 {
            let [a, b] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(body);
            (a, Some(b))
        } else {
            (body, None)
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(s::HOME_LESSONS);
        let inner = block.inner(list_box);
        f.render_widget(block, list_box);
        self.list_area = inner;

        let rows = self.rows(ctx);
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        let h = inner.height as usize;
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if h > 0 && self.selected >= self.scroll + h {
            self.scroll = self.selected + 1 - h;
        }
        let current = ctx.current();
        let lines: Vec<Line> = if rows.is_empty() {
            vec![Line::from(Span::styled(s::HOME_NO_MATCH, th.dim))]
        } else {
            rows.iter()
                .enumerate()
                .skip(self.scroll)
                .take(h)
                .map(|(i, r)| {
                    let line =
                        self.row_line(ctx, *r, inner.width as usize, current, i == self.selected);
                    if i == self.selected {
                        line.patch_style(th.selected)
                    } else {
                        line
                    }
                })
                .collect()
        };
        f.render_widget(Paragraph::new(lines), inner);

        if let (Some(d), Some(row)) = (detail_box, rows.get(self.selected)) {
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(th.border)
                .title(s::HOME_DETAILS);
            let inner = block.inner(d);
            f.render_widget(block, d);
            let lines = self.details(ctx, *row, inner);
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }

        let foot_line = if self.searching || !self.filter.is_empty() {
            Line::from(vec![
                Span::styled(format!(" {}", s::HOME_SEARCH_PROMPT), th.accent),
                Span::styled(
                    format!("{}{}", self.filter, if self.searching { "▏" } else { "" }),
                    th.text,
                ),
                Span::styled(format!("   {}", s::HOME_SEARCH_HINT), th.dim),
            ])
        } else {
            Line::from(Span::styled(format!(" {}", s::HOME_KEYS), th.dim))
        };
        f.render_widget(Paragraph::new(foot_line), foot);
    }
}

/// `s` cut to `w` cells with `…`.
fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + 2 > w {
            break;
        }
        out.push(c);
    }
    out + "…"
}

//! The help overlay: every key of the current screen and the global ones,
//! straight from the keymap.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::keymap::{self, KeyContext};
use crate::tui::strings as s;
use crate::tui::theme::Theme;

pub struct Help {
    pub context: KeyContext,
    scroll: usize,
    height: usize,
}

impl Help {
    pub fn new(context: KeyContext) -> Help {
        Help {
            context,
            scroll: 0,
            height: 0,
        }
    }

    /// Scrolls on arrows and the wheel; any other key closes (returns false).
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll += 1,
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(self.height.max(1)),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll += self.height.max(1),
            _ => return false,
        }
        true
    }

    pub fn handle_mouse(&mut self, m: &MouseEvent) {
        match m.kind {
            MouseEventKind::ScrollUp => self.scroll = self.scroll.saturating_sub(3),
            MouseEventKind::ScrollDown => self.scroll += 3,
            _ => {}
        }
    }

    fn lines(&self, th: &Theme) -> Vec<Line<'static>> {
        let title = |ctx: KeyContext| match ctx {
            KeyContext::Global => s::HELP_GLOBAL,
            KeyContext::Home => s::HELP_HOME,
            KeyContext::Lesson => s::HELP_LESSON,
            KeyContext::Exercise => s::HELP_EXERCISE,
            KeyContext::Scratch => s::HELP_SCRATCH,
        };
        let mut lines = Vec::new();
        for ctx in [self.context, KeyContext::Global] {
            lines.push(Line::from(Span::styled(title(ctx), th.heading[1])));
            for b in keymap::bindings(ctx) {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<22}", keymap::keys_label(b)), th.accent),
                    Span::styled(s::cmd_help(b.cmd), th.text),
                ]));
            }
            lines.push(Line::default());
        }
        lines
    }

    pub fn draw(&mut self, f: &mut Frame, area: Rect, th: &Theme) {
        let lines = self.lines(th);
        let w = area.width.saturating_sub(4).min(72);
        let h = (lines.len() as u16 + 3).min(area.height.saturating_sub(2));
        let [row] = Layout::vertical([Constraint::Length(h)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(w)])
            .flex(Flex::Center)
            .areas(row);
        f.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(s::HELP_TITLE)
            .title_bottom(s::HELP_FOOTER);
        let inner = block.inner(popup);
        f.render_widget(block, popup);
        self.height = inner.height as usize;
        self.scroll = self.scroll.min(lines.len().saturating_sub(self.height));
        f.render_widget(Paragraph::new(lines).scroll((self.scroll as u16, 0)), inner);
    }
}

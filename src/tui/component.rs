//! What every screen and popup is: it handles events (saying whether it used
//! them, so the app can pass unused ones on) and draws itself. Screens never
//! call each other or the runner: they push [`Action`]s for the app to carry out.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;

use super::context::Ctx;
use super::keymap::KeyContext;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventState {
    Consumed,
    NotConsumed,
}

impl EventState {
    pub fn consumed(self) -> bool {
        self == EventState::Consumed
    }
}

pub trait Component {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) -> EventState;
    fn handle_mouse(&mut self, _mouse: &MouseEvent, _ctx: &mut Ctx) -> EventState {
        EventState::NotConsumed
    }
    fn handle_paste(&mut self, _text: &str, _ctx: &mut Ctx) -> EventState {
        EventState::NotConsumed
    }
    fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx);
    /// Which bindings apply (for key lookup and the help overlay).
    fn key_context(&self) -> KeyContext;
}

/// Whether a mouse event happened inside `area`.
pub fn inside(area: Rect, m: &MouseEvent) -> bool {
    m.column >= area.x
        && m.column < area.x + area.width
        && m.row >= area.y
        && m.row < area.y + area.height
}

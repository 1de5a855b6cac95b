//! The bottom line: what is happening (a spinner and the elapsed time while
//! code runs, or the last message) on the left; the device and the run limits
//! on the right.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::spinner;
use crate::tui::render::wrap::width;
use crate::tui::strings as s;
use crate::tui::theme::Theme;

pub struct StatusBar<'a> {
    /// `Some(elapsed, stopping)` while a job runs.
    pub running: Option<(Duration, bool)>,
    pub queued: usize,
    pub message: Option<&'a str>,
    pub device: &'a str,
    pub limits: String,
}

impl StatusBar<'_> {
    pub fn draw(&self, f: &mut Frame, area: Rect, th: &Theme) {
        let right = format!(" {} · {} · {} ", self.device, self.limits, s::STATUS_HELP);
        let (left, style) = match self.running {
            Some((elapsed, stopping)) => {
                let secs = elapsed.as_secs_f64();
                let text = if stopping {
                    s::stopping(secs)
                } else {
                    s::running(secs)
                };
                let queued = if self.queued > 0 {
                    format!(" (+{})", self.queued)
                } else {
                    String::new()
                };
                (
                    format!(" {} {text}{queued}", spinner::frame(elapsed)),
                    th.status_busy,
                )
            }
            None => (
                format!(" {}", self.message.unwrap_or(s::APP_NAME)),
                th.status_bar,
            ),
        };
        let room = (area.width as usize).saturating_sub(width(&right));
        let left: String = if width(&left) > room {
            left.chars()
                .take(room.saturating_sub(1))
                .collect::<String>()
                + "…"
        } else {
            left
        };
        let pad = room.saturating_sub(width(&left));
        let line = Line::from(vec![
            Span::styled(left, style),
            Span::styled(" ".repeat(pad), th.status_bar),
            Span::styled(right, th.status_bar),
        ]);
        f.render_widget(Paragraph::new(line), area);
    }
}

/// `CPU`, or `CUDA: <name of device 0>` when CUDA works here.
pub fn device_label() -> String {
    let p = crate::backend::cuda::probe::probe();
    match p.devices.first() {
        Some(d) if p.is_available() => s::status_cuda(&d.name),
        _ => s::STATUS_CPU.to_string(),
    }
}

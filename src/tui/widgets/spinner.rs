//! The "still working" spinner: its frame comes from the elapsed time, so a
//! given moment always draws the same (and tests can pin it).

use std::time::Duration;

const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn frame(elapsed: Duration) -> &'static str {
    FRAMES[(elapsed.as_millis() / 100) as usize % FRAMES.len()]
}

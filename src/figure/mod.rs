//! Figures made by learner code with `matplotlib.pyplot`, as plain data: the
//! kernel sends them to the host in its replies, and the host draws them (a
//! ratatui chart in the workbook, a PNG with `tensorlings run --plots DIR`).
//! Learner code never draws or writes files itself.

pub mod model;
pub mod png;
pub mod ticks;

pub use model::{Axes, Figure, Series, SeriesKind, ShownFigure};

//! Overlays drawn above a screen.
pub mod help;

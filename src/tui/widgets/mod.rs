//! Pieces drawn by several screens.
pub mod output;
pub mod spinner;
pub mod status_bar;
pub mod timing;

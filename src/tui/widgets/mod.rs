//! Pieces drawn by several screens.
pub mod figure;
pub mod output;
pub mod spinner;
pub mod status_bar;
pub mod timing;

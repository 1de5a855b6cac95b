//! One file a screen.
pub mod exercise;
pub mod home;
pub mod lesson;
pub mod scratchpad;

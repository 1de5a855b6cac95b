//! Lesson packs: the format (`model`), loading with instructor-friendly errors
//! (`loader`), validation, notebook import and tables of contents.

pub mod model;

pub use model::*;

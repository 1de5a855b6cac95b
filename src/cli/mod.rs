//! Command-line commands. `main.rs` parses arguments and dispatches here.

pub mod kernel;
pub mod run;

//! One file a subcommand: argument structs and the function that runs each.

pub mod doctor;
pub mod import;
pub mod kernel;
pub mod run;
pub mod toc;
pub mod validate;

//! One file a subcommand: argument structs and the function that runs each.

pub mod import;
pub mod toc;
pub mod validate;

//! One file a subcommand: argument structs and the function that runs each.

pub mod autograder;
pub mod bench_grade;
pub mod check;
pub mod doctor;
pub mod grade;
pub mod import;
pub mod kernel;
pub mod pack_arg;
pub mod run;
pub mod toc;
pub mod validate;

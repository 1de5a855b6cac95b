//! Checking and grading: run an exercise's code in a kernel (a child process
//! with the pack's limits), compare with the solution's results, score, and
//! write reports. The learner's `tensorlings check` and the instructor's
//! `tensorlings grade` are the same code path: a submission is a folder
//! `LESSON/EXERCISE.py`, which is also how the workspace saves learner work.
//!
//! - `statics`: `uses`/`forbids` from the parsed code (nothing runs);
//! - `run`: one kernel per run, and how a run ended (timeout, memory, exit...);
//! - `reference`: the solution's results, once per exercise, cached;
//! - `exercise`: the checks and the score of one exercise;
//! - `value`: comparing serialised values (type, dtype, shape, tolerance);
//! - `batch`: many submissions, in parallel; `report/`: the output formats;
//! - `code_runner`: what `tensorlings validate` runs packs with;
//! - `autograder`: the Gradescope bundle (throughput: `bench::grade`).

pub mod autograder;
pub mod batch;
pub mod code_runner;
pub mod exercise;
pub mod reference;
pub mod report;
pub mod result;
pub mod run;
pub mod statics;
pub mod value;

pub use batch::{grade_submissions, report as build_report, select};
pub use code_runner::KernelRunner;
pub use exercise::Grader;
pub use result::{CheckResult, ExerciseResult, GradeReport, Outcome, SubmissionResult};
pub use run::KernelSetup;

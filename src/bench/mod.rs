//! Timings of the engine for `tensorlings bench` (the figures are compared with
//! PyTorch's from the same machine and session).
pub mod engine;
pub mod grade;

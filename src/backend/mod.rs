//! Backends the engine dispatches to: the CPU always, CUDA where a GPU is found.
pub mod cpu;
pub mod cuda;

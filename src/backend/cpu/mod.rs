//! The CPU backend: threading policy and SIMD-aware kernels.
pub mod parallel;

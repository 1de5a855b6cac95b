//! The CUDA backend: cudarc with dynamic loading, so the binary builds and runs
//! where there is no CUDA at all and simply reports no GPU.
pub mod buffer;
pub mod context;
pub mod fallback;
pub mod kernels;
pub mod launch;
pub mod ops;
pub mod probe;
pub mod smi;

pub use probe::{device_count, is_available, probe};

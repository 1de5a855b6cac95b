//! The tensor engine: a plain Rust library with a PyTorch-shaped API. It knows
//! nothing of Python or the UI.
pub mod autograd;
pub mod buffer;
pub mod device;
pub mod dtype;
pub mod element;
pub mod error;
pub mod layout;
pub mod memory;
pub mod ops;
pub mod print;
pub mod random;
pub mod scalar;
pub mod storage;
pub mod strided;
pub mod tensor;

pub use device::Device;
pub use dtype::DType;
pub use error::{Result, TensorError};
pub use scalar::Scalar;
pub use tensor::Tensor;

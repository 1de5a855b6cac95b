//! Differentiable ops: one function per PyTorch op. Each runs the engine's
//! forward kernel (a method on `Tensor`) and, when grad mode is on and an input
//! requires grad, records a node with the op's backward formula.
//! Use them as `functions::mul(a, b)`; the Python binding calls these.
pub mod arith;
pub mod clamp;
pub mod index;
pub mod inplace;
pub mod join;
pub mod loss;
pub mod matmul;
pub mod reduce;
pub mod unary;
pub mod view;

pub use arith::*;
pub use clamp::*;
pub use index::*;
pub use inplace::*;
pub use join::*;
pub use loss::*;
pub use matmul::*;
pub use reduce::*;
pub use unary::*;
pub use view::*;

//! Elementwise ops: arithmetic with broadcasting and type promotion, unary
//! math, comparisons, logical and bitwise ops, clamp, where, masked_fill, casts,
//! and their in-place forms. One concept a file; the loops live in `kernel`.
pub mod activation;
pub mod binary;
pub mod cast;
pub mod clamp;
pub mod compare;
pub mod inplace;
pub mod kernel;
pub mod logical;
pub mod masked_fill;
pub mod num;
pub mod operand;
pub mod rounding;
pub mod unary;
pub mod vtanh;
pub mod where_;

#[cfg(test)]
mod proptests;
#[cfg(test)]
pub(crate) mod test_util;

pub use compare::Cmp;
pub use logical::Bitwise;
pub use operand::Operand;

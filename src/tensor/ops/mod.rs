//! Every op of the engine, one family a file.
pub mod creation;
pub mod elementwise;
pub mod index;
pub mod join;
pub mod matmul;
pub mod random;
pub mod reduce;
pub mod repeat;
pub mod sort;
pub mod triangle;
pub mod view;

//! Every op of the engine, one family a file.
pub mod creation;
pub mod elementwise;
pub mod matmul;
pub mod view;
pub mod reduce;

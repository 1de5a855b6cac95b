//! Every op of the engine, one family a file.
pub mod creation;
pub mod view;
pub mod random;

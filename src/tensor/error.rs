//! Engine errors. Each kind maps onto the Python exception PyTorch raises for it,
//! and the message is PyTorch's own wording, so the front end only re-raises it.
use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq)]
pub enum TensorError {
    /// `RuntimeError` in Python: shape mismatches, bad views, dtype misuse.
    #[error("{0}")]
    Runtime(String),
    /// `IndexError`: an index past a dimension's size.
    #[error("{0}")]
    Index(String),
    /// `TypeError`: wrong kind of argument.
    #[error("{0}")]
    Type(String),
    /// `ValueError`: a valid kind of argument with a bad value.
    #[error("{0}")]
    Value(String),
    /// `NotImplementedError`: a valid request the engine does not support (yet).
    #[error("{0}")]
    NotImplemented(String),
}

pub type Result<T> = std::result::Result<T, TensorError>;

/// Short constructors, because almost every op builds one of these.
pub fn runtime<T>(msg: impl Into<String>) -> Result<T> {
    Err(TensorError::Runtime(msg.into()))
}
pub fn index_err<T>(msg: impl Into<String>) -> Result<T> {
    Err(TensorError::Index(msg.into()))
}
pub fn type_err<T>(msg: impl Into<String>) -> Result<T> {
    Err(TensorError::Type(msg.into()))
}
pub fn value_err<T>(msg: impl Into<String>) -> Result<T> {
    Err(TensorError::Value(msg.into()))
}

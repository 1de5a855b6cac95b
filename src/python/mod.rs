//! The Python layer. (This branch only carries the native `numpy` module.)
pub mod numpy;

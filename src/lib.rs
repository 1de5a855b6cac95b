//! tensorlings: a terminal workbook that teaches PyTorch basics on a tensor engine of its own.
pub mod cli;
pub mod python;

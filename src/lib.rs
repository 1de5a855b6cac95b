//! tensorlings: a terminal workbook that teaches PyTorch basics on a tensor engine of its own.
//! Layers (each knows only those below it): tensor, backend < python < lesson, workspace, grade < tui.
pub mod backend;
pub mod bench;
pub mod figure;
pub mod grade;
pub mod lesson;
pub mod python;
pub mod tensor;
pub mod tui;
pub mod workspace;

//! Lesson packs: the format (`model`), loading with instructor-friendly errors
//! (`loader`), validation against an interpreter (`validate`), notebook import
//! (`import`), tables of contents (`toc`) and the packs built into the binary
//! (`embedded`).

mod checks;
pub mod diagnostic;
pub mod embedded;
pub mod import;
mod import_state;
pub mod loader;
pub mod markdown;
pub mod model;
pub mod pysyntax;
mod raw;
pub mod source;
pub mod toc;
pub mod validate;

pub use diagnostic::{Diagnostic, LoadErrors, Severity};
pub use loader::{Loaded, load_pack, load_pack_dir};
pub use model::*;
pub use source::{DirSource, MemSource, PackSource};

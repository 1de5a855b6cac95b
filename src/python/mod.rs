//! The interpreter layer: RustPython embedded with a sandbox, limits, Jupyter-style
//! display, IPython magics, and the kernel process learner code runs in.
//!
//! Extension points for the torch/numpy bindings are in [`registry`].

pub mod capture;
pub mod cells;
pub mod display;
pub mod host;
pub mod interpreter;
pub mod kernel;
pub mod kernel_client;
pub mod kernel_grade;
pub mod kernel_protocol;
pub mod limits;
pub mod magics;
pub mod numpy;
pub mod os_limits;
pub mod parse_guard;
pub mod registry;
pub mod runner;
pub mod sandbox;
pub mod session;
pub mod split;
pub mod torch;
pub mod traceback;

pub use registry::{add_native_module, add_source_module, ModuleDefFn, NativeModule, SourceModule};
pub use session::{CellError, CellResult, ErrorKind, Session};

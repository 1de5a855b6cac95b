//! The interpreter layer: RustPython 0.5 embedded with a sandbox, limits,
//! Jupyter-style display, IPython magics, and the kernel process learner
//! code runs in. It knows nothing of lessons or the TUI.
//!
//! Running code:
//! - [`session::Session`]: one interpreter and its namespace; `run_cell` gives
//!   a [`CellResult`] (stdout, stderr, display of the last expression, error).
//! - [`runner`]: `tensorlings run FILE.py|FILE.ipynb` in process.
//! - [`kernel_client::KernelClient`]: the same in a child process
//!   (`tensorlings kernel`, see [`kernel`] and [`kernel_protocol`]) with OS
//!   limits; deaths come back as "kernel died: <reason>".
//!
//! Extension points for the torch/numpy bindings ([`registry`]):
//! - a native module: `#[rustpython_vm::pymodule(name = "torch._C")] mod c { ... }`,
//!   then one line in `registry::builtin_native_modules()`:
//!   `NativeModule { name: "torch._C", def: crate::python::torch::c::module_def }`
//!   (or `add_native_module(name, def)` at run time, before a session starts);
//! - Python source, embedded with `include_str!`: one line per file in
//!   `registry::builtin_source_modules()`, `SourceModule::package("torch.nn",
//!   include_str!("pylib/torch/nn/__init__.py"))` for a package,
//!   `SourceModule::module("torch.nn.functional", ...)` for a module (or
//!   `add_source_module(name, source, is_package)` at run time);
//! - every registered top-level name becomes importable by learners; embedded
//!   modules may import anything the VM has (e.g. `sys`);
//! - display: a class shows through `_repr_pretty_` or a `__repr__` in its
//!   own `__dict__` (IPython's rule), so a `torch.Size` tuple subclass needs
//!   its `__repr__` there or it prints as a plain tuple;
//! - `!nvidia-smi` reads [`magics::set_device_query`] (a `fn() -> Vec<GpuInfo>`).

pub mod capture;
pub mod cells;
pub mod display;
pub mod figures;
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

//! The native core of `torch`: the `torch.Tensor` class, dtypes, devices and the
//! `torch.*` functions, bound to the engine in `crate::tensor`.
//!
//! Layout: a native module `_tl_torch` (Rust) plus the embedded Python package `torch`
//! (`src/python/pylib/torch/__init__.py`) that re-exports it and adds the small
//! Python-level types (`torch.Size`, `torch.return_types`, `no_grad`, `torch.cuda`).
//! The package hands the classes the native side needs back through `_tl_torch._install`.
//!
//! Extension points:
//! - [`engine_ops`]: the one table where Python-level ops call engine functions
//!   (elementwise, reductions, indexing, cat/stack...). Autograd swaps calls there.
//! - [`methods::METHODS`], [`properties::GETSETS`], [`functions::FUNCTIONS`]:
//!   name → Rust fn tables, installed on the class / module at import.

pub mod args;
pub mod convert;
pub mod dtype_device;
pub mod engine_ops;
pub mod errors;
pub mod functions;
pub mod indexing;
pub mod methods;
pub mod methods_math;
pub mod operators;
pub mod properties;
pub mod random_functions;
pub mod state;
pub mod tensor_class;

#[cfg(test)]
mod tests;
#[cfg(test)]
pub mod test_harness;

pub use tensor_class::PyTensor;

/// Import name of the native module.
pub const NATIVE_NAME: &str = "_tl_torch";

/// The Python source of the `torch` package (`import torch`).
pub const TORCH_INIT_PY: &str = include_str!("../pylib/torch/__init__.py");

/// The native module's definition, for the interpreter's module registry.
pub fn module_def(ctx: &rustpython_vm::Context) -> &'static rustpython_vm::builtins::PyModuleDef {
    _tl_torch::module_def(ctx)
}

#[rustpython_vm::pymodule]
pub mod _tl_torch {
    use rustpython_vm::builtins::PyModule;
    use rustpython_vm::{Py, PyResult, VirtualMachine};

    pub(crate) fn module_exec(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
        __module_exec(vm, module);
        super::install(vm, module)
    }
}

/// Fills the native module: classes, dtype objects, functions.
fn install(vm: &rustpython_vm::VirtualMachine, module: &rustpython_vm::Py<rustpython_vm::builtins::PyModule>) -> rustpython_vm::PyResult<()> {
    use rustpython_vm::class::PyClassImpl;
    let tensor_cls = PyTensor::make_static_type();
    methods::install(vm);
    module.set_attr("Tensor", tensor_cls, vm)?;
    dtype_device::install(vm, module)?;
    functions::install(vm, module)?;
    random_functions::install(vm, module)?;
    Ok(())
}

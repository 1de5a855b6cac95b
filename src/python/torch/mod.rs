//! The native core of `torch`: the `torch.Tensor` class, dtypes, devices and the
//! `torch.*` functions, bound to the engine in `crate::tensor`.
//!
//! Layout: a native module `_tl_torch` (Rust) plus the embedded Python package `torch`
//! (`src/python/pylib/torch/__init__.py`) that re-exports it and adds the small
//! Python-level types (`torch.Size`, `torch.return_types`, `no_grad`, `torch.cuda`).
//! The package hands the classes the native side needs back through `_tl_torch._install`.
//!
//! Extension points:
//! - [`engine_ops`]: the one place where Python-level ops call engine functions that
//!   compute (elementwise, reductions, matmul, indexing, joins). Autograd swaps its
//!   differentiable wrappers in there; ops without an engine side raise NotImplementedError.
//! - Method tables `(name, Impl)` installed on `torch.Tensor` at import:
//!   [`methods::METHODS`] (views, conversions, copies), [`methods_math::METHODS`]
//!   (elementwise, matmul, indexing ops), [`methods_reduce::METHODS`],
//!   [`random_functions::METHODS`]; attributes in [`properties::GETTERS`]/[`properties::GETSETS`]
//!   and metadata methods in [`properties::METHODS`]. Adding a method = one table line.
//! - `torch.*` functions: [`factories::FUNCTIONS`], `functions::FUNCTIONS`, and every name in
//!   `functions::TENSOR_FUNCTIONS` becomes `torch.<name>(input, ...)` reusing the method body.
//! - [`device_scope`]: every method, operator, indexing and `torch.*` call runs on its
//!   tensors' device (PyTorch's mixed-device error otherwise), so ops without a CUDA
//!   kernel still create their results on the GPU (`backend::cuda::fallback`).
//! - Python-level pieces go in `src/python/pylib/torch/__init__.py`; `torch.nn`/`torch.optim`
//!   are separate source packages registered in `src/python/registry.rs`.

pub mod args;
pub mod convert;
pub mod device_scope;
pub mod dtype_device;
pub mod engine_ops;
pub mod errors;
pub mod factories;
pub mod functions;
pub mod losses;
pub mod indexing;
pub mod methods;
pub mod methods_math;
pub mod methods_reduce;
pub mod operators;
pub mod properties;
pub mod random_functions;
pub mod state;
pub mod tensor_class;

#[cfg(test)]
pub mod test_harness;
#[cfg(test)]
mod tests;

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
fn install(
    vm: &rustpython_vm::VirtualMachine,
    module: &rustpython_vm::Py<rustpython_vm::builtins::PyModule>,
) -> rustpython_vm::PyResult<()> {
    use rustpython_vm::class::PyClassImpl;
    // A new interpreter is a fresh "process" for torch: default print options, a default
    // generator seeded from entropy (as PyTorch seeds it at startup), grad mode on.
    state::with_state(|s| s.print_options = Default::default());
    crate::tensor::ops::random::seed();
    crate::tensor::autograd::set_grad_enabled(true);
    let tensor_cls = PyTensor::make_static_type();
    methods::install(vm);
    module.set_attr("Tensor", tensor_cls, vm)?;
    dtype_device::install(vm, module)?;
    functions::install(vm, module)?;
    random_functions::install(vm, module)?;
    Ok(())
}

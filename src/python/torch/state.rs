//! Per-thread state of the torch binding: the Python-level classes the native side
//! builds objects of (`torch.Size`, the `torch.return_types` classes), the dtype
//! objects (so `t.dtype is torch.float32`), and the print options.
//!
//! Thread-local because a RustPython interpreter lives on one thread (its static
//! types are thread-local too). Importing `torch` refreshes the Python-level classes,
//! so a new interpreter on the same thread gets its own.
use crate::tensor::print::PrintOptions;
use rustpython_vm::builtins::{PyTuple, PyType, PyTypeRef};
use rustpython_vm::{PyObjectRef, PyRef, PyResult, VirtualMachine};
use std::cell::RefCell;

#[derive(Default)]
pub struct TorchState {
    /// `torch.Size` (a tuple subclass defined in the torch package).
    pub size_cls: Option<PyTypeRef>,
    /// `torch.return_types.<name>` classes, by name (`max`, `min`, `sort`, `topk`, ...).
    pub return_types: Vec<(String, PyTypeRef)>,
    /// `torch.float32` and friends, indexed by `DType as usize`.
    pub dtypes: Vec<PyObjectRef>,
    /// `torch.device('cpu')`, made once.
    pub cpu_device: Option<PyObjectRef>,
    pub print_options: PrintOptions,
}

thread_local! {
    static STATE: RefCell<TorchState> = RefCell::new(TorchState::default());
}

pub fn with_state<R>(f: impl FnOnce(&mut TorchState) -> R) -> R {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

pub fn print_options() -> PrintOptions {
    with_state(|s| s.print_options.clone())
}

/// A tuple of class `cls` (a tuple subclass with `__slots__ = ()` and no `__new__`
/// of its own), made directly: much cheaper than calling the class from Rust.
fn tuple_of_class(
    vm: &VirtualMachine,
    cls: Option<PyTypeRef>,
    items: Vec<PyObjectRef>,
) -> PyObjectRef {
    match cls {
        Some(cls) => {
            PyRef::new_ref(PyTuple::new_unchecked(items.into_boxed_slice()), cls, None).into()
        }
        None => vm.ctx.new_tuple(items).into(),
    }
}

/// Builds a `torch.Size` from a shape.
pub fn new_size(vm: &VirtualMachine, shape: &[usize]) -> PyResult {
    let items: Vec<PyObjectRef> = shape.iter().map(|&d| vm.ctx.new_int(d).into()).collect();
    Ok(tuple_of_class(
        vm,
        with_state(|s| s.size_cls.clone()),
        items,
    ))
}

/// Builds `torch.return_types.<name>(values...)`; a plain tuple before the package installed them.
pub fn new_return_type(vm: &VirtualMachine, name: &str, items: Vec<PyObjectRef>) -> PyResult {
    let cls = with_state(|s| {
        s.return_types
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.clone())
    });
    Ok(tuple_of_class(vm, cls, items))
}

/// A class handed over by the torch package, checked to be a tuple subclass.
pub fn tuple_class(vm: &VirtualMachine, obj: PyObjectRef) -> PyResult<PyTypeRef> {
    let cls = obj
        .downcast::<PyType>()
        .map_err(|_| vm.new_type_error("_install: expected a class"))?;
    if !cls.fast_issubclass(vm.ctx.types.tuple_type) {
        return Err(vm.new_type_error("_install: expected a tuple subclass"));
    }
    Ok(cls)
}

//! Engine errors as Python exceptions: the kind picks the exception type, the text
//! is kept unchanged (it already is PyTorch's wording).
use crate::tensor::TensorError;
use rustpython_vm::builtins::PyBaseExceptionRef;
use rustpython_vm::{PyResult, VirtualMachine};

pub fn to_py_err(vm: &VirtualMachine, e: TensorError) -> PyBaseExceptionRef {
    let ex = &vm.ctx.exceptions;
    let (cls, msg) = match e {
        TensorError::Runtime(m) => (ex.runtime_error, m),
        TensorError::Index(m) => (ex.index_error, m),
        TensorError::Type(m) => (ex.type_error, m),
        TensorError::Value(m) => (ex.value_error, m),
        TensorError::NotImplemented(m) => (ex.not_implemented_error, m),
    };
    vm.new_exception_msg(cls.to_owned(), msg.into())
}

/// `engine_result.py(vm)?` turns an engine error into the Python exception.
pub trait PyErrExt<T> {
    fn py(self, vm: &VirtualMachine) -> PyResult<T>;
}

impl<T> PyErrExt<T> for crate::tensor::Result<T> {
    #[inline]
    fn py(self, vm: &VirtualMachine) -> PyResult<T> {
        self.map_err(|e| to_py_err(vm, e))
    }
}

/// PyTorch's text for a call whose arguments match no overload, e.g.
/// `sum() received an invalid combination of arguments - got (str), but expected ...`.
/// We keep the first line only; learners read that one.
pub fn invalid_args(vm: &VirtualMachine, fname: &str, got: &str) -> PyBaseExceptionRef {
    vm.new_type_error(format!("{fname}() received an invalid combination of arguments - got {got}"))
}

/// `TypeError: add(): argument 'other' (position 1) must be Tensor, not str`.
pub fn bad_arg_type(vm: &VirtualMachine, fname: &str, arg: &str, pos: usize, expected: &str, got: &str) -> PyBaseExceptionRef {
    vm.new_type_error(format!("{fname}(): argument '{arg}' (position {}) must be {expected}, not {got}", pos + 1))
}

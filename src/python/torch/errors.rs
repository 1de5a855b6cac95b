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

use std::cell::Cell;

thread_local! {
    /// Set while a method body runs as `torch.<name>(input, ...)`: PyTorch's messages
    /// then count `input` as position 1 and list the function's overloads.
    static FUNCTION_FORM: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with the function-form flag set (restored afterwards, also on errors).
pub fn as_function<R>(f: impl FnOnce() -> R) -> R {
    let prev = FUNCTION_FORM.with(|c| c.replace(true));
    let r = f();
    FUNCTION_FORM.with(|c| c.set(prev));
    r
}

pub fn function_form() -> bool {
    FUNCTION_FORM.with(|c| c.get())
}

/// A 1-based argument position as PyTorch reports it for the current call form
/// (`i` counts the arguments after the tensor).
pub fn position(i: usize) -> usize {
    i + 1 + function_form() as usize
}

/// The overloads PyTorch lists for a call that matches none of them.
fn overloads(fname: &str, function: bool) -> Option<&'static [&'static str]> {
    Some(match (fname, function) {
        ("sum", false) | ("mean", false) | ("nansum", false) => &[
            "(*, torch.dtype dtype = None)",
            "(tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)",
        ],
        ("sum", true) => &[
            "(Tensor input, *, torch.dtype dtype = None)",
            "(Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)",
        ],
        ("mean", true) => &[
            "(Tensor input, *, torch.dtype dtype = None, Tensor out = None)",
            "(Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)",
        ],
        _ => return None,
    })
}

/// PyTorch's text for a call whose arguments match no overload, e.g.
/// `sum() received an invalid combination of arguments - got (str), but expected one of: ...`.
/// `got` lists the argument types as PyTorch does: `str`, `dim=str, `.
pub fn invalid_args(vm: &VirtualMachine, fname: &str, got: &[String]) -> PyBaseExceptionRef {
    let function = function_form();
    let mut got_text = String::new();
    if function {
        got_text.push_str("Tensor");
    }
    for g in got {
        if !got_text.is_empty() && !got_text.ends_with(", ") {
            got_text.push_str(", ");
        }
        got_text.push_str(g);
    }
    let mut msg =
        format!("{fname}() received an invalid combination of arguments - got ({got_text})");
    if let Some(list) = overloads(fname, function) {
        msg.push_str(", but expected one of:\n");
        for sig in list {
            msg.push_str(" * ");
            msg.push_str(sig);
            msg.push('\n');
        }
    }
    vm.new_type_error(msg)
}

/// The argument types of a call as `invalid_args` wants them.
pub fn arg_types(args: &rustpython_vm::function::FuncArgs) -> Vec<String> {
    let mut out: Vec<String> = args
        .args
        .iter()
        .map(|o| super::convert::type_name(o))
        .collect();
    for (k, v) in &args.kwargs {
        out.push(format!("{k}={}, ", super::convert::type_name(v)));
    }
    out
}

/// `TypeError: add(): argument 'other' (position 1) must be Tensor, not str`.
/// `i` counts the arguments after the tensor.
pub fn bad_arg_type(
    vm: &VirtualMachine,
    fname: &str,
    arg: &str,
    i: usize,
    expected: &str,
    got: &str,
) -> PyBaseExceptionRef {
    vm.new_type_error(format!(
        "{fname}(): argument '{arg}' (position {}) must be {expected}, not {got}",
        position(i)
    ))
}

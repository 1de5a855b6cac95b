//! Python operators on tensors: the number slots (`+ - * / // % ** @`, bitwise,
//! unary, in-place, reflected), rich comparisons returning tensors, and the
//! conversions `bool()`, `int()`, `float()`, `operator.index()`.
//!
//! Slots receive both operands in either order (`2 - t` arrives as (2, t)), so each
//! binary slot reads both sides as operands and keeps their order.
use super::convert::scalar_of;
use super::engine_ops::{self, BinaryOp, Operand};
use super::errors::PyErrExt;
use super::tensor_class::PyTensor;
use crate::tensor::Tensor;
use rustpython_vm::protocol::{PyNumber, PyNumberMethods};
use rustpython_vm::types::{AsNumber, PyComparisonOp};
use rustpython_vm::{PyObject, PyObjectRef, PyResult, VirtualMachine};

/// A tensor or a Python number; anything else is not an operand (NotImplemented).
#[inline]
pub fn operand_of(obj: &PyObject) -> Option<Operand> {
    if let Some(t) = PyTensor::of(obj) {
        return Some(Operand::Tensor(t));
    }
    scalar_of(obj).map(Operand::Scalar)
}

#[inline]
fn binop(a: &PyObject, b: &PyObject, op: BinaryOp, vm: &VirtualMachine) -> PyResult {
    match (operand_of(a), operand_of(b)) {
        (Some(x), Some(y)) => scoped(vm, &x, &y, || Ok(PyTensor::wrap(vm, engine_ops::binary(op, &x, &y).py(vm)?))),
        _ => Ok(vm.ctx.not_implemented()),
    }
}

/// Runs an operator on its operands' device (see `device_scope`); the left
/// operand leads, as PyTorch names the devices in that order.
fn scoped(vm: &VirtualMachine, x: &Operand, y: &Operand, op: impl FnOnce() -> PyResult) -> PyResult {
    let tensors: Vec<Tensor> = [x, y].into_iter().filter_map(|o| if let Operand::Tensor(t) = o { Some(t.clone()) } else { None }).collect();
    super::device_scope::run_tensors(vm, "operator", tensors, op)
}

/// `a op= b`: writes into `a` and returns the same object.
#[inline]
fn inplace(a: &PyObject, b: &PyObject, op: BinaryOp, vm: &VirtualMachine) -> PyResult {
    match (PyTensor::of(a), operand_of(b)) {
        (Some(x), Some(y)) => {
            let xo = Operand::Tensor(x.clone());
            scoped(vm, &xo, &y, || {
                engine_ops::binary_inplace(op, &x, &y).py(vm)?;
                Ok(a.to_owned())
            })
        }
        _ => Ok(vm.ctx.not_implemented()),
    }
}

fn matmul(a: &PyObject, b: &PyObject, vm: &VirtualMachine) -> PyResult {
    match (PyTensor::of(a), PyTensor::of(b)) {
        (Some(x), Some(y)) => {
            let (xo, yo) = (Operand::Tensor(x.clone()), Operand::Tensor(y.clone()));
            scoped(vm, &xo, &yo, || Ok(PyTensor::wrap(vm, engine_ops::matmul(&x, &y).py(vm)?)))
        }
        _ => Ok(vm.ctx.not_implemented()),
    }
}

fn imatmul(a: &PyObject, b: &PyObject, vm: &VirtualMachine) -> PyResult {
    match (PyTensor::of(a), PyTensor::of(b)) {
        (Some(x), Some(y)) => {
            let r = engine_ops::matmul(&x, &y).py(vm)?;
            engine_ops::assign(&x, &Operand::Tensor(r)).py(vm)?;
            Ok(a.to_owned())
        }
        _ => Ok(vm.ctx.not_implemented()),
    }
}

fn unop(num: PyNumber<'_>, name: &str, vm: &VirtualMachine) -> PyResult {
    let t = PyTensor::number_downcast(num).tensor();
    let to = Operand::Tensor(t.clone());
    scoped(vm, &to, &Operand::Scalar(crate::tensor::Scalar::Int(0)), || Ok(PyTensor::wrap(vm, engine_ops::unary(name, &t).py(vm)?)))
}

fn one_value(t: &Tensor, vm: &VirtualMachine) -> PyResult<crate::tensor::Scalar> {
    if t.numel() != 1 {
        return Err(
            vm.new_value_error("only one element tensors can be converted to Python scalars")
        );
    }
    t.item().py(vm)
}

fn to_bool(num: PyNumber<'_>, vm: &VirtualMachine) -> PyResult<bool> {
    let t = PyTensor::number_downcast(num).tensor();
    match t.numel() {
        1 => Ok(t.item().py(vm)?.to_bool()),
        0 => Err(vm.new_runtime_error("Boolean value of Tensor with no values is ambiguous")),
        _ => {
            Err(vm
                .new_runtime_error("Boolean value of Tensor with more than one value is ambiguous"))
        }
    }
}

fn to_int(num: PyNumber<'_>, vm: &VirtualMachine) -> PyResult {
    let t = PyTensor::number_downcast(num).tensor();
    let s = one_value(&t, vm)?;
    let f = s.to_f64();
    if !f.is_finite() {
        let what = if f.is_nan() {
            "cannot convert float NaN to integer"
        } else {
            "cannot convert float infinity to integer"
        };
        return Err(if f.is_nan() {
            vm.new_value_error(what)
        } else {
            vm.new_overflow_error(what)
        });
    }
    Ok(vm.ctx.new_int(s.to_i64()).into())
}

fn to_float(num: PyNumber<'_>, vm: &VirtualMachine) -> PyResult {
    let t = PyTensor::number_downcast(num).tensor();
    Ok(vm.ctx.new_float(one_value(&t, vm)?.to_f64()).into())
}

fn to_index(num: PyNumber<'_>, vm: &VirtualMachine) -> PyResult {
    let t = PyTensor::number_downcast(num).tensor();
    if t.numel() != 1 || !t.dtype().is_int() && !t.dtype().is_bool() {
        return Err(vm.new_type_error(
            "only integer tensors of a single element can be converted to an index",
        ));
    }
    Ok(vm.ctx.new_int(t.item().py(vm)?.to_i64()).into())
}

pub static NUMBER_METHODS: PyNumberMethods = PyNumberMethods {
    add: Some(|a, b, vm| binop(a, b, BinaryOp::Add, vm)),
    subtract: Some(|a, b, vm| binop(a, b, BinaryOp::Sub, vm)),
    multiply: Some(|a, b, vm| binop(a, b, BinaryOp::Mul, vm)),
    remainder: Some(|a, b, vm| binop(a, b, BinaryOp::Rem, vm)),
    divmod: None,
    power: Some(|a, b, _c, vm| binop(a, b, BinaryOp::Pow, vm)),
    negative: Some(|n, vm| unop(n, "neg", vm)),
    positive: Some(|n, vm| unop(n, "positive", vm)),
    absolute: Some(|n, vm| unop(n, "abs", vm)),
    boolean: Some(to_bool),
    invert: Some(|n, vm| unop(n, "bitwise_not", vm)),
    lshift: Some(|a, b, vm| binop(a, b, BinaryOp::Shl, vm)),
    rshift: Some(|a, b, vm| binop(a, b, BinaryOp::Shr, vm)),
    and: Some(|a, b, vm| binop(a, b, BinaryOp::BitAnd, vm)),
    xor: Some(|a, b, vm| binop(a, b, BinaryOp::BitXor, vm)),
    or: Some(|a, b, vm| binop(a, b, BinaryOp::BitOr, vm)),
    int: Some(to_int),
    float: Some(to_float),
    inplace_add: Some(|a, b, vm| inplace(a, b, BinaryOp::Add, vm)),
    inplace_subtract: Some(|a, b, vm| inplace(a, b, BinaryOp::Sub, vm)),
    inplace_multiply: Some(|a, b, vm| inplace(a, b, BinaryOp::Mul, vm)),
    inplace_remainder: Some(|a, b, vm| inplace(a, b, BinaryOp::Rem, vm)),
    inplace_power: Some(|a, b, _c, vm| inplace(a, b, BinaryOp::Pow, vm)),
    inplace_lshift: Some(|a, b, vm| inplace(a, b, BinaryOp::Shl, vm)),
    inplace_rshift: Some(|a, b, vm| inplace(a, b, BinaryOp::Shr, vm)),
    inplace_and: Some(|a, b, vm| inplace(a, b, BinaryOp::BitAnd, vm)),
    inplace_xor: Some(|a, b, vm| inplace(a, b, BinaryOp::BitXor, vm)),
    inplace_or: Some(|a, b, vm| inplace(a, b, BinaryOp::BitOr, vm)),
    floor_divide: Some(|a, b, vm| binop(a, b, BinaryOp::FloorDiv, vm)),
    true_divide: Some(|a, b, vm| binop(a, b, BinaryOp::Div, vm)),
    inplace_floor_divide: Some(|a, b, vm| inplace(a, b, BinaryOp::FloorDiv, vm)),
    inplace_true_divide: Some(|a, b, vm| inplace(a, b, BinaryOp::Div, vm)),
    index: Some(to_index),
    matrix_multiply: Some(matmul),
    inplace_matrix_multiply: Some(imatmul),
};

/// `t < x`, `t == x`, ...: elementwise, a bool tensor. Non-operands (None, strings)
/// give NotImplemented, so `t == None` is False as in PyTorch.
pub fn richcompare(
    zelf: &PyObject,
    other: &PyObject,
    op: PyComparisonOp,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let bop = match op {
        PyComparisonOp::Lt => BinaryOp::Lt,
        PyComparisonOp::Le => BinaryOp::Le,
        PyComparisonOp::Eq => BinaryOp::Eq,
        PyComparisonOp::Ne => BinaryOp::Ne,
        PyComparisonOp::Gt => BinaryOp::Gt,
        PyComparisonOp::Ge => BinaryOp::Ge,
    };
    binop(zelf, other, bop, vm)
}

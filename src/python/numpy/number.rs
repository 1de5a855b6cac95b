//! Python operators on ndarrays (and NumPy scalars): `+ - * / // % ** @`, the
//! in-place forms, unary ops, `bool()/int()/float()/operator.index()`, comparisons.
use rustpython_vm::function::{Either, PyComparisonValue};
use rustpython_vm::protocol::{PyNumber, PyNumberMethods};
use rustpython_vm::types::{AsNumber, Comparable, PyComparisonOp};
use rustpython_vm::{AsObject, Py, PyObject, PyObjectRef, PyResult, VirtualMachine};

use super::array::PyNdArray;
use super::convert::scalar_to_py;
use super::scalar::wrap_result;
use super::ufunc::{BinOp, Operand, binary, inplace, operand_for_operator};
use super::unary::{UnOp, unary};
use crate::tensor::Scalar;

fn binop(op: BinOp, a: &PyObject, b: &PyObject, vm: &VirtualMachine) -> PyResult {
    let (Some(x), Some(y)) = (operand_for_operator(a, vm)?, operand_for_operator(b, vm)?) else {
        return Ok(vm.ctx.not_implemented());
    };
    Ok(wrap_result(binary(op, &x, &y, vm)?, vm))
}

fn unop(op: UnOp, n: PyNumber<'_>, vm: &VirtualMachine) -> PyResult {
    let a = arr(n.obj);
    Ok(wrap_result(
        unary(op, &Operand::Arr(a.tensor.clone()), vm)?,
        vm,
    ))
}

fn arr(obj: &PyObject) -> &PyNdArray {
    obj.downcast_ref::<PyNdArray>()
        .expect("number slot of ndarray")
}

/// The one value of an array used as a Python number (`float(a)`, `int(a)`).
fn one_value(obj: &PyObject, vm: &VirtualMachine) -> PyResult<Scalar> {
    let t = &arr(obj).tensor;
    if t.ndim() != 0 {
        return Err(
            vm.new_type_error("only 0-dimensional arrays can be converted to Python scalars")
        );
    }
    Ok(t.get_flat(0))
}

fn matmul(a: &PyObject, b: &PyObject, vm: &VirtualMachine) -> PyResult {
    let (Some(x), Some(y)) = (operand_for_operator(a, vm)?, operand_for_operator(b, vm)?) else {
        return Ok(vm.ctx.not_implemented());
    };
    super::linalg::matmul_operands(&x, &y, vm)
}

impl AsNumber for PyNdArray {
    fn as_number() -> &'static PyNumberMethods {
        static AS_NUMBER: PyNumberMethods = PyNumberMethods {
            add: Some(|a, b, vm| binop(BinOp::Add, a, b, vm)),
            subtract: Some(|a, b, vm| binop(BinOp::Sub, a, b, vm)),
            multiply: Some(|a, b, vm| binop(BinOp::Mul, a, b, vm)),
            true_divide: Some(|a, b, vm| binop(BinOp::Div, a, b, vm)),
            floor_divide: Some(|a, b, vm| binop(BinOp::FloorDiv, a, b, vm)),
            remainder: Some(|a, b, vm| binop(BinOp::Mod, a, b, vm)),
            power: Some(|a, b, m, vm| {
                if !vm.is_none(m) {
                    return Ok(vm.ctx.not_implemented());
                }
                binop(BinOp::Pow, a, b, vm)
            }),
            and: Some(|a, b, vm| binop(BinOp::And, a, b, vm)),
            or: Some(|a, b, vm| binop(BinOp::Or, a, b, vm)),
            xor: Some(|a, b, vm| binop(BinOp::Xor, a, b, vm)),
            matrix_multiply: Some(matmul),
            negative: Some(|n, vm| unop(UnOp::Neg, n, vm)),
            positive: Some(|n, vm| unop(UnOp::Pos, n, vm)),
            absolute: Some(|n, vm| unop(UnOp::Abs, n, vm)),
            invert: Some(|n, vm| unop(UnOp::Invert, n, vm)),
            boolean: Some(|n, vm| {
                let t = &arr(n.obj).tensor;
                match t.numel() {
                    1 => Ok(t.get_flat(0).to_bool()),
                    0 => Err(vm.new_value_error("The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.")),
                    _ => Err(vm.new_value_error(
                        "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()",
                    )),
                }
            }),
            int: Some(|n, vm| {
                let v = one_value(n.obj, vm)?;
                match v {
                    Scalar::Float(f) => vm.ctx.new_float(f).as_object().try_int(vm).map(Into::into),
                    s => Ok(vm.ctx.new_int(s.to_i64()).into()),
                }
            }),
            float: Some(|n, vm| Ok(vm.ctx.new_float(one_value(n.obj, vm)?.to_f64()).into())),
            index: Some(|n, vm| {
                let t = &arr(n.obj).tensor;
                if t.ndim() != 0
                    || !(t.dtype().is_int() || t.dtype().is_bool())
                    || t.dtype().is_bool()
                {
                    return Err(vm.new_type_error(
                        "only integer scalar arrays can be converted to a scalar index",
                    ));
                }
                Ok(scalar_to_py(t.get_flat(0), vm))
            }),
            inplace_add: Some(|a, b, vm| inplace(BinOp::Add, a, b, vm)),
            inplace_subtract: Some(|a, b, vm| inplace(BinOp::Sub, a, b, vm)),
            inplace_multiply: Some(|a, b, vm| inplace(BinOp::Mul, a, b, vm)),
            inplace_true_divide: Some(|a, b, vm| inplace(BinOp::Div, a, b, vm)),
            inplace_floor_divide: Some(|a, b, vm| inplace(BinOp::FloorDiv, a, b, vm)),
            inplace_remainder: Some(|a, b, vm| inplace(BinOp::Mod, a, b, vm)),
            inplace_power: Some(|a, b, _m, vm| inplace(BinOp::Pow, a, b, vm)),
            inplace_and: Some(|a, b, vm| inplace(BinOp::And, a, b, vm)),
            inplace_or: Some(|a, b, vm| inplace(BinOp::Or, a, b, vm)),
            inplace_xor: Some(|a, b, vm| inplace(BinOp::Xor, a, b, vm)),
            ..PyNumberMethods::NOT_IMPLEMENTED
        };
        &AS_NUMBER
    }
}

impl Comparable for PyNdArray {
    /// Comparisons are elementwise and return arrays, so the slot is replaced whole.
    fn slot_richcompare(
        zelf: &PyObject,
        other: &PyObject,
        op: PyComparisonOp,
        vm: &VirtualMachine,
    ) -> PyResult<Either<PyObjectRef, PyComparisonValue>> {
        let bop = match op {
            PyComparisonOp::Eq => BinOp::Eq,
            PyComparisonOp::Ne => BinOp::Ne,
            PyComparisonOp::Lt => BinOp::Lt,
            PyComparisonOp::Le => BinOp::Le,
            PyComparisonOp::Gt => BinOp::Gt,
            _ => BinOp::Ge,
        };
        let a = Operand::Arr(arr(zelf).tensor.clone());
        let Some(b) = operand_for_operator(other, vm)? else {
            // `a == None` and the like: every element differs (NumPy's answer).
            if matches!(bop, BinOp::Eq | BinOp::Ne) && vm.is_none(other) {
                let t = &arr(zelf).tensor;
                let v = crate::tensor::Tensor::full(
                    t.shape(),
                    Scalar::Bool(bop == BinOp::Ne),
                    crate::tensor::DType::Bool,
                )
                .map_err(|e| super::convert::tensor_err(vm, e))?;
                return Ok(Either::A(wrap_result(v, vm)));
            }
            return Ok(Either::B(PyComparisonValue::NotImplemented));
        };
        Ok(Either::A(wrap_result(binary(bop, &a, &b, vm)?, vm)))
    }

    fn cmp(
        _zelf: &Py<Self>,
        _other: &PyObject,
        _op: PyComparisonOp,
        _vm: &VirtualMachine,
    ) -> PyResult<PyComparisonValue> {
        unreachable!("slot_richcompare is overridden")
    }
}

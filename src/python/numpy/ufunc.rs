//! Elementwise ufuncs with NumPy's type rules: binary arithmetic and comparisons
//! with broadcasting, and the `out=` argument (unary math is in unary.rs). Values compute in f64,
//! i64 or bool and are rounded once into the result dtype; for + - * / and sqrt
//! that gives the same bits as computing in float32/float16 directly.
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyResult, VirtualMachine};

use super::array::PyNdArray;
use super::convert::{OrPyErr, py_scalar};
use super::dtype::{promote, promote_weak};
use crate::tensor::buffer::{BufferElement, CpuBuffer, build_vec};
use crate::tensor::dtype::Category;
use crate::tensor::element::Element;
use crate::tensor::layout::broadcast_shapes;
use crate::tensor::tensor::convert;
use crate::tensor::{DType, Scalar, Tensor};
use crate::{with_buffer, with_dtype};

/// One input of a ufunc: an array (strong dtype) or a Python scalar (weak, NEP 50).
#[derive(Clone, Debug)]
pub enum Operand {
    Arr(Tensor),
    Weak(Scalar),
}

impl Operand {
    fn shape(&self) -> &[usize] {
        match self {
            Operand::Arr(t) => t.shape(),
            Operand::Weak(_) => &[],
        }
    }
    /// A weak scalar as the array NumPy makes when no array gives the dtype.
    pub(crate) fn strong(&self) -> Tensor {
        match self {
            Operand::Arr(t) => t.clone(),
            Operand::Weak(s) => {
                let d = match s {
                    Scalar::Bool(_) => DType::Bool,
                    Scalar::Int(_) => DType::I64,
                    Scalar::Float(_) => DType::F64,
                };
                Tensor::scalar(*s, d)
            }
        }
    }
}

/// An operator's other operand: None (NotImplemented) for types NumPy would not take
/// here, such as torch tensors (they answer with their reflected operator).
pub fn operand_for_operator(obj: &PyObject, vm: &VirtualMachine) -> PyResult<Option<Operand>> {
    if let Some(a) = obj.downcast_ref::<PyNdArray>() {
        return Ok(Some(Operand::Arr(a.tensor.clone())));
    }
    if let Some(s) = py_scalar(obj, vm)? {
        return Ok(Some(Operand::Weak(s)));
    }
    if obj.class().is(vm.ctx.types.list_type) || obj.class().is(vm.ctx.types.tuple_type) {
        return Ok(Some(Operand::Arr(super::convert::array_from_py(
            obj, None, vm,
        )?)));
    }
    Ok(None)
}

/// A ufunc argument: anything array-like.
pub fn operand(obj: &PyObject, vm: &VirtualMachine) -> PyResult<Operand> {
    match operand_for_operator(obj, vm)? {
        Some(o) => Ok(o),
        None => Ok(Operand::Arr(super::convert::array_from_py(obj, None, vm)?)),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    Maximum,
    Minimum,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Xor,
}

impl BinOp {
    pub fn ufunc_name(self) -> &'static str {
        match self {
            BinOp::Add => "add",
            BinOp::Sub => "subtract",
            BinOp::Mul => "multiply",
            BinOp::Div => "divide",
            BinOp::FloorDiv => "floor_divide",
            BinOp::Mod => "remainder",
            BinOp::Pow => "power",
            BinOp::Maximum => "maximum",
            BinOp::Minimum => "minimum",
            BinOp::Eq => "equal",
            BinOp::Ne => "not_equal",
            BinOp::Lt => "less",
            BinOp::Le => "less_equal",
            BinOp::Gt => "greater",
            BinOp::Ge => "greater_equal",
            BinOp::And => "bitwise_and",
            BinOp::Or => "bitwise_or",
            BinOp::Xor => "bitwise_xor",
        }
    }
    fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

/// The dtype the inputs are brought to before computing (NEP 50 promotion).
fn common_dtype(a: &Operand, b: &Operand) -> DType {
    match (a, b) {
        (Operand::Arr(x), Operand::Arr(y)) => promote(x.dtype(), y.dtype()),
        (Operand::Arr(x), Operand::Weak(s)) | (Operand::Weak(s), Operand::Arr(x)) => {
            promote_weak(x.dtype(), s.category())
        }
        (Operand::Weak(_), Operand::Weak(_)) => promote(a.strong().dtype(), b.strong().dtype()),
    }
}

fn no_loop(op: BinOp, vm: &VirtualMachine) -> rustpython_vm::builtins::PyBaseExceptionRef {
    vm.new_type_error(format!(
        "ufunc '{}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''",
        op.ufunc_name()
    ))
}

/// (compute dtype, result dtype) of a binary op on inputs promoted to `common`.
fn op_dtypes(op: BinOp, common: DType, vm: &VirtualMachine) -> PyResult<(DType, DType)> {
    if op.is_comparison() {
        return Ok((common, DType::Bool));
    }
    Ok(match op {
        BinOp::Div => {
            let d = if common.is_float() {
                common
            } else {
                DType::F64
            };
            (d, d)
        }
        BinOp::Sub if common == DType::Bool => {
            return Err(vm.new_type_error(
                "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
            ));
        }
        BinOp::FloorDiv | BinOp::Mod | BinOp::Pow if common == DType::Bool => {
            (DType::I8, DType::I8)
        }
        BinOp::And | BinOp::Or | BinOp::Xor if common.is_float() => return Err(no_loop(op, vm)),
        _ => (common, common),
    })
}

fn floor_div_f(a: f64, b: f64) -> f64 {
    // CPython's float floor division (NumPy's npy_floor_divide agrees).
    if b == 0.0 {
        return a / b;
    }
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 { f + 1.0 } else { f }
    } else {
        0.0f64.copysign(a / b)
    }
}

fn mod_f(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        return f64::NAN;
    }
    let m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) { m + b } else { m }
    } else {
        0.0f64.copysign(b)
    }
}

fn pow_i(mut base: i64, mut exp: i64) -> i64 {
    let mut acc: i64 = 1;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        exp >>= 1;
    }
    acc
}

fn float_op(op: BinOp) -> fn(f64, f64) -> f64 {
    match op {
        BinOp::Add => |a, b| a + b,
        BinOp::Sub => |a, b| a - b,
        BinOp::Mul => |a, b| a * b,
        BinOp::Div => |a, b| a / b,
        BinOp::FloorDiv => floor_div_f,
        BinOp::Mod => mod_f,
        BinOp::Pow => f64::powf,
        // NaN wins in maximum/minimum.
        BinOp::Maximum => |a, b| {
            if a.is_nan() || b.is_nan() {
                f64::NAN
            } else {
                a.max(b)
            }
        },
        BinOp::Minimum => |a, b| {
            if a.is_nan() || b.is_nan() {
                f64::NAN
            } else {
                a.min(b)
            }
        },
        _ => unreachable!("not a float arithmetic op"),
    }
}

fn int_op(op: BinOp) -> fn(i64, i64) -> i64 {
    match op {
        BinOp::Add => i64::wrapping_add,
        BinOp::Sub => i64::wrapping_sub,
        BinOp::Mul => i64::wrapping_mul,
        // Division by zero gives 0 in NumPy (with a warning).
        BinOp::FloorDiv => |a, b| {
            if b == 0 {
                0
            } else {
                let q = a.wrapping_div(b);
                if a.wrapping_rem(b) != 0 && ((a < 0) != (b < 0)) {
                    q - 1
                } else {
                    q
                }
            }
        },
        BinOp::Mod => |a, b| {
            if b == 0 {
                0
            } else {
                let r = a.wrapping_rem(b);
                if r != 0 && ((r < 0) != (b < 0)) {
                    r + b
                } else {
                    r
                }
            }
        },
        BinOp::Pow => pow_i,
        BinOp::Maximum => |a, b| a.max(b),
        BinOp::Minimum => |a, b| a.min(b),
        BinOp::And => |a, b| a & b,
        BinOp::Or => |a, b| a | b,
        BinOp::Xor => |a, b| a ^ b,
        _ => unreachable!("not an int arithmetic op"),
    }
}

fn bool_op(op: BinOp) -> fn(bool, bool) -> bool {
    match op {
        BinOp::Add | BinOp::Or | BinOp::Maximum => |a, b| a | b,
        BinOp::Mul | BinOp::And | BinOp::Minimum => |a, b| a & b,
        BinOp::Xor => |a, b| a ^ b,
        _ => unreachable!("not a bool op"),
    }
}

fn cmp_fn<C: PartialOrd>(op: BinOp) -> fn(C, C) -> bool {
    match op {
        BinOp::Eq => |a, b| a == b,
        BinOp::Ne => |a, b| a != b,
        BinOp::Lt => |a, b| a < b,
        BinOp::Le => |a, b| a <= b,
        BinOp::Gt => |a, b| a > b,
        BinOp::Ge => |a, b| a >= b,
        _ => unreachable!("not a comparison"),
    }
}

/// An operand's values as `C`, broadcast to `shape`: a closure reading element i.
enum Values<C> {
    One(C),
    Many(Vec<C>),
}

impl<C: Copy> Values<C> {
    #[inline]
    fn get(&self, i: usize) -> C {
        match self {
            Values::One(c) => *c,
            Values::Many(v) => v[i],
        }
    }
}

fn values_as<C: BufferElement>(
    o: &Operand,
    shape: &[usize],
    dtype: DType,
    vm: &VirtualMachine,
) -> PyResult<Values<C>> {
    match o {
        Operand::Weak(s) => {
            // The scalar is first cast to the common dtype (as NumPy does).
            let v = s.cast(dtype);
            Ok(Values::One(match v {
                Scalar::Bool(b) => C::from_bool(b),
                Scalar::Int(i) => C::from_i64(i),
                Scalar::Float(f) => C::from_f64(f),
            }))
        }
        Operand::Arr(t) => {
            let b = t.broadcast_to(shape).or_py(vm)?;
            // Cast to the common dtype first, then widen to the compute type.
            let b = if t.dtype() == dtype {
                b
            } else {
                Tensor::from_buffer(b.cast_values(dtype).or_py(vm)?, shape)
            };
            Ok(Values::Many(b.to_vec::<C>()))
        }
    }
}

fn shape_error(
    a: &Operand,
    b: &Operand,
    vm: &VirtualMachine,
) -> rustpython_vm::builtins::PyBaseExceptionRef {
    vm.new_value_error(format!(
        "operands could not be broadcast together with shapes {} {} ",
        crate::tensor::print::python_tuple(a.shape()),
        crate::tensor::print::python_tuple(b.shape())
    ))
}

/// Packs computed values into a buffer of `out`, casting once.
pub(crate) fn pack<C: BufferElement>(v: Vec<C>, out: DType) -> crate::tensor::Result<CpuBuffer> {
    if C::DTYPE == out {
        return Ok(C::wrap(v));
    }
    Ok(with_dtype!(out, T => T::wrap(build_vec(v.len(), |i| convert::<C, T>(v[i]))?)))
}

/// Computes `a op b` as a new tensor (0-d when both inputs are 0-d).
pub fn binary(op: BinOp, a: &Operand, b: &Operand, vm: &VirtualMachine) -> PyResult<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape()).map_err(|_| shape_error(a, b, vm))?;
    let common = common_dtype(a, b);
    let (compute_in, result) = op_dtypes(op, common, vm)?;
    let n: usize = shape.iter().product();
    let buf = match compute_in.category() {
        Category::Float => {
            let (x, y) = (
                values_as::<f64>(a, &shape, compute_in, vm)?,
                values_as::<f64>(b, &shape, compute_in, vm)?,
            );
            if op.is_comparison() {
                let f = cmp_fn::<f64>(op);
                pack(build_vec(n, |i| f(x.get(i), y.get(i))).or_py(vm)?, result)
            } else if let Some(v) = fast_float(op, &x, &y, n) {
                // The common arithmetic gets inlined loops (the `%%time` cells use them).
                pack(v.or_py(vm)?, result)
            } else {
                let f = float_op(op);
                pack(build_vec(n, |i| f(x.get(i), y.get(i))).or_py(vm)?, result)
            }
        }
        Category::Int => {
            let (x, y) = (
                values_as::<i64>(a, &shape, compute_in, vm)?,
                values_as::<i64>(b, &shape, compute_in, vm)?,
            );
            if op.is_comparison() {
                let f = cmp_fn::<i64>(op);
                pack(build_vec(n, |i| f(x.get(i), y.get(i))).or_py(vm)?, result)
            } else {
                if op == BinOp::Pow && (0..n).any(|i| y.get(i) < 0) {
                    return Err(
                        vm.new_value_error("Integers to negative integer powers are not allowed.")
                    );
                }
                let f = int_op(op);
                pack(build_vec(n, |i| f(x.get(i), y.get(i))).or_py(vm)?, result)
            }
        }
        Category::Bool => {
            let (x, y) = (
                values_as::<bool>(a, &shape, compute_in, vm)?,
                values_as::<bool>(b, &shape, compute_in, vm)?,
            );
            if op.is_comparison() {
                let f = cmp_fn::<bool>(op);
                pack(build_vec(n, |i| f(x.get(i), y.get(i))).or_py(vm)?, result)
            } else {
                let f = bool_op(op);
                pack(build_vec(n, |i| f(x.get(i), y.get(i))).or_py(vm)?, result)
            }
        }
    }
    .or_py(vm)?;
    Ok(Tensor::from_buffer(buf, &shape))
}

/// `f` over two operands with the operand shapes matched outside the loop.
fn kernel<C: Copy + Sync, R: Element>(
    x: &Values<C>,
    y: &Values<C>,
    n: usize,
    f: impl Fn(C, C) -> R + Sync,
) -> crate::tensor::Result<Vec<R>> {
    match (x, y) {
        (Values::Many(a), Values::Many(b)) => build_vec(n, |i| f(a[i], b[i])),
        (Values::Many(a), Values::One(b)) => build_vec(n, |i| f(a[i], *b)),
        (Values::One(a), Values::Many(b)) => build_vec(n, |i| f(*a, b[i])),
        (Values::One(a), Values::One(b)) => build_vec(n, |_| f(*a, *b)),
    }
}

fn fast_float(
    op: BinOp,
    x: &Values<f64>,
    y: &Values<f64>,
    n: usize,
) -> Option<crate::tensor::Result<Vec<f64>>> {
    Some(match op {
        BinOp::Add => kernel(x, y, n, |a, b| a + b),
        BinOp::Sub => kernel(x, y, n, |a, b| a - b),
        BinOp::Mul => kernel(x, y, n, |a, b| a * b),
        BinOp::Div => kernel(x, y, n, |a, b| a / b),
        _ => return None,
    })
}

/// Casting a ufunc result into `out` follows NumPy's 'same_kind' rule.
fn check_out_cast(name: &str, result: DType, out: DType, vm: &VirtualMachine) -> PyResult<()> {
    if result.category() > out.category() {
        return Err(vm.new_exception_msg(ufunc_type_error(vm), format!(
            "Cannot cast ufunc '{name}' output from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
            result.name(),
            out.name()
        ).into()));
    }
    Ok(())
}

thread_local! {
    static UFUNC_TYPE_ERROR: std::cell::OnceCell<rustpython_vm::builtins::PyTypeRef> = const { std::cell::OnceCell::new() };
}

/// NumPy's `UFuncTypeError` (a TypeError), raised when an output cannot hold a result.
pub fn ufunc_type_error(vm: &VirtualMachine) -> rustpython_vm::builtins::PyTypeRef {
    UFUNC_TYPE_ERROR.with(|c| {
        c.get_or_init(|| {
            vm.ctx.new_exception_type(
                "numpy.exceptions",
                "UFuncTypeError",
                Some(vec![vm.ctx.exceptions.type_error.to_owned()]),
            )
        })
        .clone()
    })
}

/// Writes a ufunc result into `out` (which must have the result's broadcast shape)
/// and returns `out` itself, as `np.add(a, 1, out=a)` does.
pub fn write_out(
    name: &str,
    result: &Tensor,
    out: &PyObject,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let arr = out
        .downcast_ref::<PyNdArray>()
        .filter(|_| !super::scalar::is_scalar(out))
        .ok_or_else(|| vm.new_type_error("return arrays must be of ArrayType"))?;
    let dst = &arr.tensor;
    if dst.shape() != result.shape() {
        if broadcast_shapes(dst.shape(), result.shape())
            .ok()
            .as_deref()
            == Some(dst.shape())
        {
            // A smaller result broadcasts into out.
        } else {
            return Err(vm.new_value_error(format!(
                "non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
                crate::tensor::print::python_tuple(dst.shape()),
                crate::tensor::print::python_tuple(result.shape())
            )));
        }
    }
    check_out_cast(name, result.dtype(), dst.dtype(), vm)?;
    let values = result
        .broadcast_to(dst.shape())
        .or_py(vm)?
        .cast_values(dst.dtype())
        .or_py(vm)?;
    super::index::write_values(dst, &values);
    Ok(out.to_owned())
}

/// `a op= b`: computes into `a` itself and returns it.
pub fn inplace(
    op: BinOp,
    zelf: &PyObject,
    other: &PyObject,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let a = zelf
        .downcast_ref::<PyNdArray>()
        .expect("in-place op on an ndarray");
    if super::scalar::is_scalar(zelf) {
        // Scalars are immutable: `x += 1` rebinds x to a new scalar.
        let Some(b) = operand_for_operator(other, vm)? else {
            return Ok(vm.ctx.not_implemented());
        };
        let r = binary(op, &Operand::Arr(a.tensor.clone()), &b, vm)?;
        return Ok(super::scalar::wrap_result(r, vm));
    }
    let Some(b) = operand_for_operator(other, vm)? else {
        return Ok(vm.ctx.not_implemented());
    };
    let r = binary(op, &Operand::Arr(a.tensor.clone()), &b, vm)?;
    write_out(op.ufunc_name(), &r, zelf, vm)
}

/// Element `i` as f64 whatever the buffer type (used by reductions).
pub fn buffer_f64(b: &CpuBuffer, i: usize) -> f64 {
    with_buffer!(b, v => v[i].to_f64())
}

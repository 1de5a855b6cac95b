//! The one place where the Python layer calls engine ops that compute values.
//!
//! Every operator, method and `torch.*` function funnels into the functions here,
//! so wiring a new engine op (or swapping in autograd's differentiable wrapper) is
//! a one-line change in one match arm. Ops whose engine side is not merged yet
//! raise `NotImplementedError` naming the op, never a wrong value.
use crate::tensor::error::{Result, TensorError};
use crate::tensor::{DType, Scalar, Tensor};

/// One operand of an elementwise op: a tensor, or a Python number (which promotes
/// as a Python scalar, not as a tensor: `int8_tensor + 1` stays int8).
#[derive(Clone, Debug)]
pub enum Operand {
    Tensor(Tensor),
    Scalar(Scalar),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Rem,
    Pow,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Maximum,
    Minimum,
    Atan2,
    LogicalAnd,
    LogicalOr,
    LogicalXor,
}

impl BinaryOp {
    /// PyTorch's name of the op (`torch.<name>` / `Tensor.<name>`).
    pub fn name(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Add => "add",
            Sub => "sub",
            Mul => "mul",
            Div => "div",
            FloorDiv => "floor_divide",
            Rem => "remainder",
            Pow => "pow",
            BitAnd => "bitwise_and",
            BitOr => "bitwise_or",
            BitXor => "bitwise_xor",
            Shl => "bitwise_left_shift",
            Shr => "bitwise_right_shift",
            Eq => "eq",
            Ne => "ne",
            Lt => "lt",
            Le => "le",
            Gt => "gt",
            Ge => "ge",
            Maximum => "maximum",
            Minimum => "minimum",
            Atan2 => "atan2",
            LogicalAnd => "logical_and",
            LogicalOr => "logical_or",
            LogicalXor => "logical_xor",
        }
    }
}

/// Elementwise ops of one tensor, by PyTorch name.
pub const UNARY_OPS: &[&str] = &[
    "neg", "abs", "bitwise_not", "logical_not", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt",
    "rsqrt", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
    "sigmoid", "relu", "floor", "ceil", "round", "trunc", "frac", "sign", "sgn", "reciprocal", "square", "erf",
    "erfc", "isnan", "isinf", "isfinite", "signbit", "positive", "deg2rad", "rad2deg", "logit",
];

/// Reductions that take `dim`/`keepdim` (and `dtype` for sum/prod/mean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReduceOp {
    Sum,
    Mean,
    Prod,
    Amax,
    Amin,
    All,
    Any,
    Argmax,
    Argmin,
    Nansum,
    Nanmean,
    Logsumexp,
    CountNonzero,
}

impl ReduceOp {
    pub fn name(self) -> &'static str {
        use ReduceOp::*;
        match self {
            Sum => "sum",
            Mean => "mean",
            Prod => "prod",
            Amax => "amax",
            Amin => "amin",
            All => "all",
            Any => "any",
            Argmax => "argmax",
            Argmin => "argmin",
            Nansum => "nansum",
            Nanmean => "nanmean",
            Logsumexp => "logsumexp",
            CountNonzero => "count_nonzero",
        }
    }
}

fn pending<T>(op: &str) -> Result<T> {
    Err(TensorError::NotImplemented(format!(
        "{op}: this operation is not available in tensorlings yet"
    )))
}

// ---- elementwise -------------------------------------------------------------------

pub fn binary(op: BinaryOp, a: &Operand, b: &Operand) -> Result<Tensor> {
    let _ = (a, b);
    pending(op.name())
}

/// `a op= b` in place (`a.add_(b)`, `a += b`).
pub fn binary_inplace(op: BinaryOp, a: &Tensor, b: &Operand) -> Result<()> {
    let _ = (a, b);
    pending(&format!("{}_", op.name()))
}

pub fn unary(name: &str, a: &Tensor) -> Result<Tensor> {
    if name == "positive" {
        return Ok(alias(a));
    }
    pending(name)
}

pub fn unary_inplace(name: &str, a: &Tensor) -> Result<()> {
    let _ = a;
    pending(&format!("{name}_"))
}

/// `clamp(min, max)`.
pub fn clamp(a: &Tensor, min: Option<&Operand>, max: Option<&Operand>) -> Result<Tensor> {
    let _ = (a, min, max);
    pending("clamp")
}

/// `torch.where(cond, a, b)`.
pub fn where_(cond: &Tensor, a: &Operand, b: &Operand) -> Result<Tensor> {
    let _ = (cond, a, b);
    pending("where")
}

pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let _ = (a, b);
    pending("matmul")
}

pub fn mm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let _ = (a, b);
    pending("mm")
}

pub fn bmm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let _ = (a, b);
    pending("bmm")
}

pub fn dot(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let _ = (a, b);
    pending("dot")
}

/// `softmax`/`log_softmax` along `dim`.
pub fn softmax(a: &Tensor, dim: i64, log: bool) -> Result<Tensor> {
    let _ = (a, dim);
    pending(if log { "log_softmax" } else { "softmax" })
}

// ---- reductions --------------------------------------------------------------------

/// A reduction over `dims` (None: all dims).
pub fn reduce(op: ReduceOp, a: &Tensor, dims: Option<&[i64]>, keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
    let _ = (a, dims, keepdim, dtype);
    pending(op.name())
}

/// `std`/`var` with Bessel's `correction`.
pub fn std_var(a: &Tensor, dims: Option<&[i64]>, correction: f64, keepdim: bool, is_std: bool) -> Result<Tensor> {
    let _ = (a, dims, correction, keepdim);
    pending(if is_std { "std" } else { "var" })
}

/// `max(dim)`/`min(dim)`/`median(dim)`/`mode(dim)`... as (values, indices).
pub fn reduce_with_indices(name: &str, a: &Tensor, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
    let _ = (a, dim, keepdim);
    pending(name)
}

/// `max()`/`min()` over all elements.
pub fn reduce_all_values(name: &str, a: &Tensor) -> Result<Tensor> {
    let _ = a;
    pending(name)
}

/// `norm(p, dim, keepdim)`.
pub fn norm(a: &Tensor, p: f64, dims: Option<&[i64]>, keepdim: bool) -> Result<Tensor> {
    let _ = (a, p, dims, keepdim);
    pending("norm")
}

pub fn cumulative(name: &str, a: &Tensor, dim: i64) -> Result<Tensor> {
    let _ = (a, dim);
    pending(name)
}

pub fn sort(a: &Tensor, dim: i64, descending: bool) -> Result<(Tensor, Tensor)> {
    let _ = (a, dim, descending);
    pending("sort")
}

pub fn topk(a: &Tensor, k: usize, dim: i64, largest: bool, sorted: bool) -> Result<(Tensor, Tensor)> {
    let _ = (a, k, dim, largest, sorted);
    pending("topk")
}

// ---- joining, indexing ---------------------------------------------------------------

pub fn cat(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
    let _ = (tensors, dim);
    pending("cat")
}

pub fn stack(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
    let _ = (tensors, dim);
    pending("stack")
}

/// Advanced indexing with integer/bool tensors (`t[[0, 2]]`, `t[mask]`), after the basic
/// indices were applied as views. `indices[i]` is the index for dim `i` (None: the whole dim).
pub fn index_tensors(a: &Tensor, indices: &[Option<Tensor>]) -> Result<Tensor> {
    let _ = (a, indices);
    pending("index")
}

/// `a[indices] = values` with tensor indices.
pub fn index_put(a: &Tensor, indices: &[Option<Tensor>], values: &Operand) -> Result<()> {
    let _ = (a, indices, values);
    pending("index_put_")
}

pub fn repeat(a: &Tensor, repeats: &[usize]) -> Result<Tensor> {
    let _ = (a, repeats);
    pending("repeat")
}

pub fn gather(a: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    let _ = (a, dim, index);
    pending("gather")
}

pub fn masked_fill(a: &Tensor, mask: &Tensor, value: Scalar) -> Result<Tensor> {
    let _ = (a, mask, value);
    pending("masked_fill")
}

// ---- copies and writes (built on the engine's core) ------------------------------------

/// A new tensor object over the same data (`detach()`-like: fresh autograd state).
pub fn alias(t: &Tensor) -> Tensor {
    t.with_layout(t.layout().clone())
}

/// `dst.copy_(src)` / `dst[...] = src`: broadcasts `src` to `dst`'s shape, casts to
/// `dst`'s dtype and writes through `dst`'s (possibly strided) view.
pub fn assign(dst: &Tensor, src: &Operand) -> Result<()> {
    use crate::tensor::buffer::BufferElement;
    let values = match src {
        Operand::Scalar(s) => Tensor::full(dst.shape(), *s, dst.dtype())?.to_buffer(),
        // Values are read out (and the read lock dropped) before the write lock is taken.
        Operand::Tensor(t) => t.broadcast_to(dst.shape())?.cast_values(dst.dtype())?,
    };
    let layout = dst.layout().clone();
    dst.with_cpu_mut(|buf| {
        crate::with_buffer!(buf, v => {
            let src = BufferElement::slice(&values).expect("the values were cast to the destination dtype");
            crate::tensor::strided::scatter(v, &layout, src)
        })
    });
    Ok(())
}

/// `torch.equal(a, b)`: same shape and same values (dtypes may differ).
pub fn equal(a: &Tensor, b: &Tensor) -> Result<bool> {
    if a.shape() != b.shape() {
        return Ok(false);
    }
    Ok((0..a.numel()).all(|i| scalar_eq(a.get_flat(i), b.get_flat(i))))
}

fn scalar_eq(x: Scalar, y: Scalar) -> bool {
    match (x, y) {
        (Scalar::Float(_), _) | (_, Scalar::Float(_)) => x.to_f64() == y.to_f64(),
        _ => x.to_i64() == y.to_i64(),
    }
}

/// `torch.allclose(a, b, rtol, atol, equal_nan)`: `|a - b| <= atol + rtol * |b|` everywhere,
/// after broadcasting; both must have the same dtype, as in PyTorch.
pub fn allclose(a: &Tensor, b: &Tensor, rtol: f64, atol: f64, equal_nan: bool) -> Result<bool> {
    use crate::tensor::dtype::pretty_name;
    if a.dtype() != b.dtype() {
        return Err(TensorError::Runtime(format!("{} did not match {}", pretty_name(a.dtype()), pretty_name(b.dtype()))));
    }
    let shape = crate::tensor::layout::broadcast_shapes(a.shape(), b.shape())?;
    let (a, b) = (a.broadcast_to(&shape)?, b.broadcast_to(&shape)?);
    Ok((0..a.numel()).all(|i| {
        let (x, y) = (a.get_flat(i).to_f64(), b.get_flat(i).to_f64());
        if x.is_nan() || y.is_nan() {
            return equal_nan && x.is_nan() && y.is_nan();
        }
        x == y || (x - y).abs() <= atol + rtol * y.abs()
    }))
}

/// `fill_(value)`.
pub fn fill(dst: &Tensor, value: Scalar) -> Result<()> {
    assign(dst, &Operand::Scalar(value))
}

/// `clone()`: a copy with its own storage.
pub fn clone(t: &Tensor) -> Result<Tensor> {
    t.copy_data()
}

/// `to(dtype)` / `type(dtype)` / `float()`...: `t` itself when nothing changes.
pub fn to_dtype(t: &Tensor, dtype: DType) -> Result<Tensor> {
    t.to_dtype(dtype)
}

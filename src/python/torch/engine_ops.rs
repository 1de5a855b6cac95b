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
    "neg",
    "abs",
    "bitwise_not",
    "logical_not",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "sqrt",
    "rsqrt",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "sigmoid",
    "relu",
    "floor",
    "ceil",
    "round",
    "trunc",
    "frac",
    "sign",
    "sgn",
    "reciprocal",
    "square",
    "erf",
    "erfc",
    "isnan",
    "isinf",
    "isfinite",
    "signbit",
    "positive",
    "deg2rad",
    "rad2deg",
    "logit",
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

use crate::tensor::ops::elementwise::{self as ew, Bitwise, Cmp, Operand as EOperand};

/// The engine's borrowed operand for ours.
#[inline]
fn eop(o: &Operand) -> EOperand<'_> {
    match o {
        Operand::Tensor(t) => EOperand::Tensor(t),
        Operand::Scalar(s) => EOperand::Scalar(*s),
    }
}

const ONE: Scalar = Scalar::Int(1);

// ---- elementwise -------------------------------------------------------------------

pub fn binary(op: BinaryOp, a: &Operand, b: &Operand) -> Result<Tensor> {
    use BinaryOp::*;
    let (x, y) = (eop(a), eop(b));
    match op {
        Add => ew::binary::add(x, y, ONE),
        Sub => ew::binary::sub(x, y, ONE),
        Mul => ew::binary::mul(x, y),
        Div => ew::binary::div(x, y, None),
        FloorDiv => ew::binary::floor_divide(x, y),
        Rem => ew::binary::remainder(x, y),
        Pow => ew::binary::pow(x, y),
        Maximum => ew::binary::maximum(x, y),
        Minimum => ew::binary::minimum(x, y),
        Atan2 => ew::binary::atan2(x, y),
        Eq => ew::compare::compare(x, y, Cmp::Eq),
        Ne => ew::compare::compare(x, y, Cmp::Ne),
        Lt => ew::compare::compare(x, y, Cmp::Lt),
        Le => ew::compare::compare(x, y, Cmp::Le),
        Gt => ew::compare::compare(x, y, Cmp::Gt),
        Ge => ew::compare::compare(x, y, Cmp::Ge),
        BitAnd => ew::logical::bitwise(x, y, Bitwise::And),
        BitOr => ew::logical::bitwise(x, y, Bitwise::Or),
        BitXor => ew::logical::bitwise(x, y, Bitwise::Xor),
        LogicalAnd => ew::logical::logical(x, y, Bitwise::And),
        LogicalOr => ew::logical::logical(x, y, Bitwise::Or),
        LogicalXor => ew::logical::logical(x, y, Bitwise::Xor),
        Shl | Shr => pending(op.name()),
    }
}

/// `a + alpha * b` / `a - alpha * b`.
pub fn add_alpha(a: &Operand, b: &Operand, alpha: Scalar, subtract: bool) -> Result<Tensor> {
    if subtract {
        ew::binary::sub(eop(a), eop(b), alpha)
    } else {
        ew::binary::add(eop(a), eop(b), alpha)
    }
}

/// `div(a, b, rounding_mode="floor"|"trunc")`.
pub fn div_mode(a: &Operand, b: &Operand, mode: Option<&str>) -> Result<Tensor> {
    ew::binary::div(eop(a), eop(b), mode)
}

/// `a op= b` in place (`a.add_(b)`, `a += b`).
pub fn binary_inplace(op: BinaryOp, a: &Tensor, b: &Operand) -> Result<()> {
    use BinaryOp::*;
    let y = eop(b);
    match op {
        Add => a.add_(y),
        Sub => a.sub_(y),
        Mul => a.mul_(y),
        Div => a.div_(y),
        FloorDiv => a.floor_divide_(y),
        Rem => a.remainder_(y),
        Pow => a.pow_(y),
        // The rest: compute, then check and write as the engine's in-place ops do.
        _ => {
            let r = binary(op, &Operand::Tensor(a.clone()), b)?;
            a.check_inplace(r.dtype(), &[r.shape()])?;
            a.assign(&r)
        }
    }
}

/// `a.add_(b, alpha=...)` / `a.sub_(b, alpha=...)`.
pub fn add_alpha_inplace(a: &Tensor, b: &Operand, alpha: Scalar, subtract: bool) -> Result<()> {
    if subtract {
        a.sub_alpha_(eop(b), alpha)
    } else {
        a.add_alpha_(eop(b), alpha)
    }
}

pub fn div_mode_inplace(a: &Tensor, b: &Operand, mode: Option<&str>) -> Result<()> {
    a.div_mode_(eop(b), mode)
}

pub fn unary(name: &str, a: &Tensor) -> Result<Tensor> {
    match name {
        "positive" => Ok(alias(a)),
        "neg" => a.neg(),
        "abs" => a.abs(),
        "sign" | "sgn" => a.sign(),
        "square" => a.square(),
        "isnan" => a.isnan(),
        "isinf" => a.isinf(),
        "isfinite" => a.isfinite(),
        "exp" => a.exp(),
        "exp2" => a.exp2(),
        "expm1" => a.expm1(),
        "log" => a.log(),
        "log2" => a.log2(),
        "log10" => a.log10(),
        "log1p" => a.log1p(),
        "sqrt" => a.sqrt(),
        "rsqrt" => a.rsqrt(),
        "sin" => a.sin(),
        "cos" => a.cos(),
        "tan" => a.tan(),
        "asin" => a.asin(),
        "acos" => a.acos(),
        "atan" => a.atan(),
        "sinh" => a.sinh(),
        "cosh" => a.cosh(),
        "tanh" => a.tanh(),
        "sigmoid" => a.sigmoid(),
        "erf" => a.erf(),
        "reciprocal" => a.reciprocal(),
        "relu" => a.relu(),
        "floor" => a.floor(),
        "ceil" => a.ceil(),
        "trunc" => a.trunc(),
        "round" => a.round(),
        "frac" => a.frac(),
        "bitwise_not" => a.bitwise_not(),
        "logical_not" => a.logical_not(),
        _ => pending(name),
    }
}

/// `t.exp_()` and friends: computes, then writes back with the in-place checks.
pub fn unary_inplace(name: &str, a: &Tensor) -> Result<()> {
    let r = unary(name, a)?;
    a.check_inplace(r.dtype(), &[])?;
    a.assign(&r)
}

/// `clamp(min, max)`.
pub fn clamp(a: &Tensor, min: Option<&Operand>, max: Option<&Operand>) -> Result<Tensor> {
    ew::clamp::clamp(a, min.map(eop), max.map(eop))
}

/// `torch.where(cond, a, b)`.
pub fn where_(cond: &Tensor, a: &Operand, b: &Operand) -> Result<Tensor> {
    ew::where_::where_(cond, eop(a), eop(b))
}

use crate::tensor::ops::matmul as mm_ops;

pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_ops::matmul(a, b)
}

pub fn mm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_ops::mm(a, b)
}

pub fn bmm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_ops::bmm(a, b)
}

pub fn dot(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_ops::dot(a, b)
}

pub fn mv(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_ops::mv(a, b)
}

pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_ops::outer(a, b)
}

/// `softmax`/`log_softmax` along `dim`.
pub fn softmax(a: &Tensor, dim: i64, log: bool) -> Result<Tensor> {
    if log {
        a.log_softmax(dim, None)
    } else {
        a.softmax(dim, None)
    }
}

// ---- reductions --------------------------------------------------------------------

fn all_dims(a: &Tensor) -> Vec<i64> {
    (0..a.ndim() as i64).collect()
}

/// A reduction over `dims` (None: all dims).
pub fn reduce(
    op: ReduceOp,
    a: &Tensor,
    dims: Option<&[i64]>,
    keepdim: bool,
    dtype: Option<DType>,
) -> Result<Tensor> {
    use ReduceOp::*;
    let every = all_dims(a);
    match (op, dims) {
        (Sum, None) if !keepdim => a.sum(dtype),
        (Sum, d) => a.sum_dims(d.unwrap_or(&every), keepdim, dtype),
        (Mean, None) if !keepdim => a.mean(dtype),
        (Mean, d) => a.mean_dims(d.unwrap_or(&every), keepdim, dtype),
        (Prod, None) => a.prod(dtype),
        (Prod, Some([d])) => a.prod_dim(*d, keepdim, dtype),
        (Prod, Some(_)) => Err(TensorError::Type(
            "prod(): argument 'dim' must be int, not tuple".into(),
        )),
        (Amax, d) => a.amax(d.unwrap_or(&[]), keepdim),
        (Amin, d) => a.amin(d.unwrap_or(&[]), keepdim),
        (All, None) if !keepdim => a.all(),
        (All, d) => a.all_dims(d.unwrap_or(&every), keepdim),
        (Any, None) if !keepdim => a.any(),
        (Any, d) => a.any_dims(d.unwrap_or(&every), keepdim),
        (Argmax, None) => a.argmax(None, keepdim),
        (Argmax, Some([d])) => a.argmax(Some(*d), keepdim),
        (Argmin, None) => a.argmin(None, keepdim),
        (Argmin, Some([d])) => a.argmin(Some(*d), keepdim),
        (Argmax | Argmin, Some(_)) => Err(TensorError::Type(format!(
            "{}(): argument 'dim' must be int, not tuple",
            op.name()
        ))),
        (Logsumexp, Some(d)) => a.logsumexp(d, keepdim),
        (Logsumexp, None) => Err(TensorError::Type(
            "logsumexp() missing 1 required positional arguments: \"dim\"".into(),
        )),
        _ => pending(op.name()),
    }
}

/// `std`/`var` with Bessel's `correction`.
pub fn std_var(
    a: &Tensor,
    dims: Option<&[i64]>,
    correction: f64,
    keepdim: bool,
    is_std: bool,
) -> Result<Tensor> {
    if is_std {
        a.std(dims, correction, keepdim)
    } else {
        a.var(dims, correction, keepdim)
    }
}

/// `max(dim)`/`min(dim)`/`median(dim)`/`mode(dim)`... as (values, indices).
pub fn reduce_with_indices(
    name: &str,
    a: &Tensor,
    dim: i64,
    keepdim: bool,
) -> Result<(Tensor, Tensor)> {
    match name {
        "max" => a.max_dim(dim, keepdim),
        "min" => a.min_dim(dim, keepdim),
        "median" => a.median_dim(dim, keepdim),
        _ => pending(name),
    }
}

/// `max()`/`min()`/`median()` over all elements.
pub fn reduce_all_values(name: &str, a: &Tensor) -> Result<Tensor> {
    match name {
        "max" => a.max(),
        "min" => a.min(),
        "median" => a.median(),
        _ => pending(name),
    }
}

/// `norm(p, dim, keepdim)`; `p = None` is PyTorch's default 2-norm.
pub fn norm(a: &Tensor, p: Option<f64>, dims: Option<&[i64]>, keepdim: bool) -> Result<Tensor> {
    use crate::tensor::ops::reduce::NormOrd;
    a.norm(p.map_or(NormOrd::P(2.0), NormOrd::P), dims, keepdim)
}

pub fn cumulative(name: &str, a: &Tensor, dim: i64, dtype: Option<DType>) -> Result<Tensor> {
    match name {
        "cumsum" => a.cumsum(dim, dtype),
        "cumprod" => a.cumprod(dim, dtype),
        _ => pending(name),
    }
}

pub fn sort(a: &Tensor, dim: i64, descending: bool) -> Result<(Tensor, Tensor)> {
    let _ = (a, dim, descending);
    pending("sort")
}

pub fn topk(
    a: &Tensor,
    k: usize,
    dim: i64,
    largest: bool,
    sorted: bool,
) -> Result<(Tensor, Tensor)> {
    let _ = (a, k, dim, largest, sorted);
    pending("topk")
}

// ---- joining, indexing ---------------------------------------------------------------

pub use crate::tensor::ops::index::TensorIndex;

pub fn cat(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
    Tensor::cat(tensors, dim)
}

pub fn stack(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
    Tensor::stack(tensors, dim)
}

pub fn hstack(tensors: &[Tensor]) -> Result<Tensor> {
    Tensor::hstack(tensors)
}

pub fn vstack(tensors: &[Tensor]) -> Result<Tensor> {
    Tensor::vstack(tensors)
}

/// `t[indices]` with index tensors (advanced indexing); views otherwise.
pub fn index(a: &Tensor, indices: &[TensorIndex]) -> Result<Tensor> {
    a.index(indices)
}

/// `t[indices] = values`.
pub fn index_put(a: &Tensor, indices: &[TensorIndex], values: &Operand) -> Result<()> {
    let v = match values {
        Operand::Tensor(t) => t.clone(),
        Operand::Scalar(s) => Tensor::scalar(*s, a.dtype()),
    };
    a.index_put_(indices, &v, false).map(|_| ())
}

pub fn repeat(a: &Tensor, repeats: &[i64]) -> Result<Tensor> {
    a.repeat(repeats)
}

pub fn tile(a: &Tensor, dims: &[i64]) -> Result<Tensor> {
    a.tile(dims)
}

pub fn flip(a: &Tensor, dims: &[i64]) -> Result<Tensor> {
    a.flip(dims)
}

pub fn roll(a: &Tensor, shifts: &[i64], dims: &[i64]) -> Result<Tensor> {
    a.roll(shifts, dims)
}

pub fn tril(a: &Tensor, diagonal: i64) -> Result<Tensor> {
    a.tril(diagonal)
}

pub fn triu(a: &Tensor, diagonal: i64) -> Result<Tensor> {
    a.triu(diagonal)
}

pub fn gather(a: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    a.gather(dim, index)
}

pub fn index_select(a: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    a.index_select(dim, index)
}

pub fn masked_select(a: &Tensor, mask: &Tensor) -> Result<Tensor> {
    a.masked_select(mask)
}

pub fn nonzero(a: &Tensor) -> Result<Tensor> {
    a.nonzero()
}

pub fn masked_fill(a: &Tensor, mask: &Tensor, value: &Operand) -> Result<Tensor> {
    a.masked_fill(mask, eop(value))
}

// ---- copies and writes (built on the engine's core) ------------------------------------

/// A new tensor object over the same data (`detach()`-like: fresh autograd state).
pub fn alias(t: &Tensor) -> Tensor {
    t.with_layout(t.layout().clone())
}

/// `dst.copy_(src)` / `dst[...] = src`: broadcasts `src` to `dst`'s shape, casts to
/// `dst`'s dtype and writes through `dst`'s (possibly strided) view.
pub fn assign(dst: &Tensor, src: &Operand) -> Result<()> {
    match src {
        Operand::Scalar(s) => dst.fill_(*s),
        Operand::Tensor(t) => dst.assign(t),
    }
}

/// `torch.equal(a, b)`: same shape and same values.
pub fn equal(a: &Tensor, b: &Tensor) -> Result<bool> {
    a.equal(b)
}

/// `torch.allclose(a, b, rtol, atol, equal_nan)`.
pub fn allclose(a: &Tensor, b: &Tensor, rtol: f64, atol: f64, equal_nan: bool) -> Result<bool> {
    a.allclose(b, rtol, atol, equal_nan)
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

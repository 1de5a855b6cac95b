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

use crate::tensor::autograd::functions as ag;
use crate::tensor::ops::index::TensorIndex;
use crate::tensor::ops::matmul as mm_ops;
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
        Add => ag::add(x, y, ONE),
        Sub => ag::sub(x, y, ONE),
        Mul => ag::mul(x, y),
        Div => ag::div(x, y, None),
        FloorDiv => ew::binary::floor_divide(x, y),
        Rem => ew::binary::remainder(x, y),
        Pow => ag::pow(x, y),
        Maximum => match (a, b) {
            (Operand::Tensor(p), Operand::Tensor(q)) => ag::maximum(p, q),
            _ => ew::binary::maximum(x, y),
        },
        Minimum => match (a, b) {
            (Operand::Tensor(p), Operand::Tensor(q)) => ag::minimum(p, q),
            _ => ew::binary::minimum(x, y),
        },
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
    if subtract { ag::sub(eop(a), eop(b), alpha) } else { ag::add(eop(a), eop(b), alpha) }
}

/// `div(a, b, rounding_mode="floor"|"trunc")`.
pub fn div_mode(a: &Operand, b: &Operand, mode: Option<&str>) -> Result<Tensor> {
    ag::div(eop(a), eop(b), mode)
}

/// `a op= b` in place (`a.add_(b)`, `a += b`).
pub fn binary_inplace(op: BinaryOp, a: &Tensor, b: &Operand) -> Result<()> {
    use BinaryOp::*;
    let y = eop(b);
    match op {
        Add => ag::add_(a, y, ONE),
        Sub => ag::sub_(a, y, ONE),
        Mul => ag::mul_(a, y),
        Div => ag::div_(a, y, None),
        FloorDiv => a.floor_divide_(y),
        Rem => a.remainder_(y),
        Pow => ag::pow_(a, y),
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
    if subtract { ag::sub_(a, eop(b), alpha) } else { ag::add_(a, eop(b), alpha) }
}

pub fn div_mode_inplace(a: &Tensor, b: &Operand, mode: Option<&str>) -> Result<()> {
    ag::div_(a, eop(b), mode)
}

pub fn unary(name: &str, a: &Tensor) -> Result<Tensor> {
    match name {
        "positive" => Ok(alias(a)),
        "neg" => ag::neg(a),
        "abs" => ag::abs(a),
        "sign" | "sgn" => ag::sign(a),
        "square" => ag::square(a),
        "isnan" => a.isnan(),
        "isinf" => a.isinf(),
        "isfinite" => a.isfinite(),
        "exp" => ag::exp(a),
        "exp2" => ag::exp2(a),
        "expm1" => ag::expm1(a),
        "log" => ag::log(a),
        "log2" => ag::log2(a),
        "log10" => ag::log10(a),
        "log1p" => ag::log1p(a),
        "sqrt" => ag::sqrt(a),
        "rsqrt" => ag::rsqrt(a),
        "sin" => ag::sin(a),
        "cos" => ag::cos(a),
        "tan" => ag::tan(a),
        "asin" => ag::asin(a),
        "acos" => ag::acos(a),
        "atan" => ag::atan(a),
        "sinh" => ag::sinh(a),
        "cosh" => ag::cosh(a),
        "tanh" => ag::tanh(a),
        "sigmoid" => ag::sigmoid(a),
        "erf" => ag::erf(a),
        "reciprocal" => ag::reciprocal(a),
        "relu" => ag::relu(a),
        "floor" => ag::floor(a),
        "ceil" => ag::ceil(a),
        "trunc" => ag::trunc(a),
        "round" => ag::round(a),
        "frac" => ag::frac(a),
        "bitwise_not" => a.bitwise_not(),
        "logical_not" => a.logical_not(),
        _ => pending(name),
    }
}

/// `t.exp_()` and friends: computes, then writes back with the in-place checks.
pub fn unary_inplace(name: &str, a: &Tensor) -> Result<()> {
    if a.dtype().is_float() && !matches!(name, "isnan" | "isinf" | "isfinite" | "bitwise_not" | "logical_not") {
        let r = unary(name, &a.detach())?; // checks the name and the dtype first
        a.check_inplace(r.dtype(), &[])?;
        return ag::inplace(a, false, || a.assign(&r), |old| unary(name, old));
    }
    let r = unary(name, a)?;
    a.check_inplace(r.dtype(), &[])?;
    a.assign(&r)
}

/// `clamp(min, max)`.
pub fn clamp(a: &Tensor, min: Option<&Operand>, max: Option<&Operand>) -> Result<Tensor> {
    ag::clamp(a, min.map(eop), max.map(eop))
}

/// `torch.where(cond, a, b)`.
pub fn where_(cond: &Tensor, a: &Operand, b: &Operand) -> Result<Tensor> {
    ag::where_(cond, eop(a), eop(b))
}

pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    ag::matmul(a, b)
}

pub fn mm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    ag::mm(a, b)
}

pub fn bmm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    ag::bmm(a, b)
}

pub fn dot(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    ag::dot(a, b)
}

/// `softmax`/`log_softmax` along `dim`.
pub fn softmax(a: &Tensor, dim: i64, log: bool) -> Result<Tensor> {
    if log { ag::log_softmax(a, dim, None) } else { ag::softmax(a, dim, None) }
}

// ---- reductions --------------------------------------------------------------------

fn all_dims(a: &Tensor) -> Vec<i64> {
    (0..a.ndim() as i64).collect()
}

/// A reduction over `dims` (None: all dims).
pub fn reduce(op: ReduceOp, a: &Tensor, dims: Option<&[i64]>, keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
    use ReduceOp::*;
    let every = all_dims(a);
    match (op, dims) {
        (Sum, None) if !keepdim => ag::sum(a, dtype),
        (Sum, d) => ag::sum_dims(a, d.unwrap_or(&every), keepdim, dtype),
        (Mean, None) if !keepdim => ag::mean(a, dtype),
        (Mean, d) => ag::mean_dims(a, d.unwrap_or(&every), keepdim, dtype),
        (Prod, None) => ag::prod(a, dtype),
        (Prod, Some([d])) => ag::prod_dim(a, *d, keepdim, dtype),
        (Prod, Some(_)) => Err(TensorError::Type("prod(): argument 'dim' must be int, not tuple".into())),
        (Amax, d) => ag::amax(a, d.unwrap_or(&[]), keepdim),
        (Amin, d) => ag::amin(a, d.unwrap_or(&[]), keepdim),
        (All, None) if !keepdim => a.all(),
        (All, d) => a.all_dims(d.unwrap_or(&every), keepdim),
        (Any, None) if !keepdim => a.any(),
        (Any, d) => a.any_dims(d.unwrap_or(&every), keepdim),
        (Argmax, None) => a.argmax(None, keepdim),
        (Argmax, Some([d])) => a.argmax(Some(*d), keepdim),
        (Argmin, None) => a.argmin(None, keepdim),
        (Argmin, Some([d])) => a.argmin(Some(*d), keepdim),
        (Argmax | Argmin, Some(_)) => Err(TensorError::Type(format!("{}(): argument 'dim' must be int, not tuple", op.name()))),
        (Logsumexp, Some(d)) => ag::logsumexp(a, d, keepdim),
        (Logsumexp, None) => Err(TensorError::Type("logsumexp() missing 1 required positional arguments: \"dim\"".into())),
        _ => pending(op.name()),
    }
}

/// `std`/`var` with Bessel's `correction`.
pub fn std_var(a: &Tensor, dims: Option<&[i64]>, correction: f64, keepdim: bool, is_std: bool) -> Result<Tensor> {
    if is_std { ag::std(a, dims, correction, keepdim) } else { ag::var(a, dims, correction, keepdim) }
}

/// `max(dim)`/`min(dim)`/`median(dim)`/`mode(dim)`... as (values, indices).
pub fn reduce_with_indices(name: &str, a: &Tensor, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
    match name {
        "max" => ag::max_dim(a, dim, keepdim),
        "min" => ag::min_dim(a, dim, keepdim),
        "median" => ag::median_dim(a, dim, keepdim),
        _ => pending(name),
    }
}

/// `max()`/`min()`/`median()` over all elements.
pub fn reduce_all_values(name: &str, a: &Tensor) -> Result<Tensor> {
    match name {
        "max" => ag::max(a),
        "min" => ag::min(a),
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
        "cumsum" => ag::cumsum(a, dim, dtype),
        "cumprod" => a.cumprod(dim, dtype),
        _ => pending(name),
    }
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
    ag::cat(tensors, dim)
}

pub fn stack(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
    ag::stack(tensors, dim)
}

/// Advanced indexing with integer/bool tensors (`t[[0, 2]]`, `t[mask]`), after the basic
/// indices were applied as views. `indices[i]` is the index for dim `i` (None: the whole dim).
pub fn index_tensors(a: &Tensor, indices: &[Option<Tensor>]) -> Result<Tensor> {
    ag::index(a, &tensor_indices(indices))
}

/// `None` (the whole dim) as `:`, an index tensor as itself.
fn tensor_indices(indices: &[Option<Tensor>]) -> Vec<crate::tensor::ops::index::TensorIndex> {
    use crate::tensor::ops::index::TensorIndex;
    // ATen's list holds a k-dim mask followed by k-1 placeholders; the engine's
    // mask index covers its k dims itself, so the placeholders are dropped.
    let mut out = Vec::with_capacity(indices.len());
    let mut skip = 0;
    for i in indices {
        if skip > 0 && i.is_none() {
            skip -= 1;
            continue;
        }
        skip = 0;
        match i {
            Some(t) => {
                if t.dtype() == DType::Bool || t.dtype() == DType::U8 {
                    skip = t.ndim().max(1) - 1;
                }
                out.push(TensorIndex::Tensor(t.clone()));
            }
            None => out.push(TensorIndex::Slice(None, None, 1)),
        }
    }
    out
}

/// `a[indices] = values` with tensor indices.
pub fn index_put(a: &Tensor, indices: &[Option<Tensor>], values: &Operand) -> Result<()> {
    let v = match values {
        Operand::Tensor(t) => t.clone(),
        Operand::Scalar(s) => Tensor::scalar(*s, a.dtype()),
    };
    ag::index_put_(a, &tensor_indices(indices), &v, false)
}

pub fn repeat(a: &Tensor, repeats: &[i64]) -> Result<Tensor> {
    a.repeat(repeats)
}

pub fn gather(a: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    ag::gather(a, dim, index)
}

pub fn masked_fill(a: &Tensor, mask: &Tensor, value: &Operand) -> Result<Tensor> {
    ag::masked_fill(a, mask, eop(value))
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
        Operand::Scalar(s) => ag::fill_(dst, *s),
        Operand::Tensor(t) => {
            // `t[...] = v` reports a shape mismatch as an expand, as PyTorch does.
            t.broadcast_to(dst.shape())?;
            ag::copy_(dst, t)
        }
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
    ag::clone(t)
}

/// `to(dtype)` / `type(dtype)` / `float()`...: `t` itself when nothing changes.
pub fn to_dtype(t: &Tensor, dtype: DType) -> Result<Tensor> {
    ag::to_dtype(t, dtype)
}

// Ops without a recorded backward yet (forward only).
pub fn flip(a: &Tensor, dims: &[i64]) -> Result<Tensor> {
    a.flip(dims)
}

pub fn hstack(tensors: &[Tensor]) -> Result<Tensor> {
    Tensor::hstack(tensors)
}

/// `t[indices]` with index tensors (advanced indexing); views otherwise.
pub fn index(a: &Tensor, indices: &[TensorIndex]) -> Result<Tensor> {
    a.index(indices)
}

pub fn index_select(a: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    a.index_select(dim, index)
}

pub fn masked_select(a: &Tensor, mask: &Tensor) -> Result<Tensor> {
    a.masked_select(mask)
}

pub fn mv(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_ops::mv(a, b)
}

pub fn nonzero(a: &Tensor) -> Result<Tensor> {
    a.nonzero()
}

pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_ops::outer(a, b)
}

pub fn roll(a: &Tensor, shifts: &[i64], dims: &[i64]) -> Result<Tensor> {
    a.roll(shifts, dims)
}

pub fn tile(a: &Tensor, dims: &[i64]) -> Result<Tensor> {
    a.tile(dims)
}

pub fn tril(a: &Tensor, diagonal: i64) -> Result<Tensor> {
    a.tril(diagonal)
}

pub fn triu(a: &Tensor, diagonal: i64) -> Result<Tensor> {
    a.triu(diagonal)
}

pub fn vstack(tensors: &[Tensor]) -> Result<Tensor> {
    Tensor::vstack(tensors)
}

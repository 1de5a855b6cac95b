//! Differentiable in-place ops (`add_`, `mul_`, `clamp_`, `t[i] = v`, ...).
//!
//! Under `no_grad`, or when nothing involved requires grad, the engine's
//! in-place kernel runs as is (an optimizer step). Otherwise the op runs out of
//! place on a copy of the old values that carries the tensor's history, the
//! result is written into the tensor, and the tensor takes the result's node as
//! its `grad_fn` (PyTorch's node names for in-place ops are the out-of-place
//! ones: `add_` records `AddBackward0`).
use super::arith;
use crate::tensor::autograd::grad_math::map_grad;
use crate::tensor::autograd::is_grad_enabled;
use crate::tensor::autograd::record::{check_inplace, record_simple};
use crate::tensor::error::Result;
use crate::tensor::ops::elementwise::Operand;
use crate::tensor::ops::elementwise::operand::result_type;
use crate::tensor::ops::index::TensorIndex;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

/// Runs an in-place op on `t`: `raw` is the engine's kernel, `diff` the same op
/// out of place through the differentiable functions, given `t`'s old values.
pub fn inplace(
    t: &Tensor,
    others_need_grad: bool,
    raw: impl FnOnce() -> Result<()>,
    diff: impl FnOnce(&Tensor) -> Result<Tensor>,
) -> Result<()> {
    check_inplace(t)?;
    if !is_grad_enabled() || !(t.requires_grad() || others_need_grad) || !t.dtype().is_float() {
        return raw();
    }
    let old = t.copy_data()?;
    {
        let src = t.autograd();
        let mut dst = old.autograd();
        dst.requires_grad = src.requires_grad;
        dst.grad_fn = src.grad_fn.clone();
    }
    let result = diff(&old)?;
    t.assign(&result)?;
    let node = result.grad_fn();
    let mut meta = t.autograd();
    meta.requires_grad = node.is_some() || meta.requires_grad;
    meta.grad_fn = node.clone();
    let retains = meta.retains_grad;
    drop(meta);
    if let (true, Some(node)) = (retains, node) {
        node.add_retained(t);
    }
    Ok(())
}

fn needs(o: &Operand) -> bool {
    o.tensor().is_some_and(|t| t.requires_grad())
}

/// Checks what the engine's in-place kernel would (castable result, other
/// operand broadcasting to `t`'s shape) before the differentiable path runs.
fn check_binary(t: &Tensor, other: &Operand) -> Result<()> {
    t.check_inplace(result_type(&[Operand::Tensor(t), *other]), &[other.shape()])
}

pub fn add_(t: &Tensor, other: Operand, alpha: Scalar) -> Result<()> {
    check_binary(t, &other)?;
    inplace(t, needs(&other), || t.add_alpha_(other, alpha), |old| arith::add(Operand::Tensor(old), other, alpha))
}

pub fn sub_(t: &Tensor, other: Operand, alpha: Scalar) -> Result<()> {
    check_binary(t, &other)?;
    inplace(t, needs(&other), || t.sub_alpha_(other, alpha), |old| arith::sub(Operand::Tensor(old), other, alpha))
}

pub fn mul_(t: &Tensor, other: Operand) -> Result<()> {
    check_binary(t, &other)?;
    inplace(t, needs(&other), || t.mul_(other), |old| arith::mul(Operand::Tensor(old), other))
}

pub fn div_(t: &Tensor, other: Operand, rounding_mode: Option<&str>) -> Result<()> {
    inplace(t, needs(&other), || t.div_mode_(other, rounding_mode), |old| arith::div(Operand::Tensor(old), other, rounding_mode))
}

pub fn pow_(t: &Tensor, exponent: Operand) -> Result<()> {
    check_binary(t, &exponent)?;
    inplace(t, needs(&exponent), || t.pow_(exponent), |old| arith::pow(Operand::Tensor(old), exponent))
}

pub fn clamp_(t: &Tensor, min: Option<Operand>, max: Option<Operand>) -> Result<()> {
    let others = min.iter().chain(max.iter()).any(needs);
    inplace(t, others, || t.clamp_(min, max), |old| super::clamp::clamp(old, min, max))
}

/// `zero_()` (`ZeroBackward0`: the old values get no gradient).
pub fn zero_(t: &Tensor) -> Result<()> {
    inplace(t, false, || t.zero_(), |old| {
        let out = Tensor::zeros(old.shape(), old.dtype())?;
        Ok(record_simple("ZeroBackward0", &[old], out, |ctx| Ok(vec![Some(map_grad([ctx.grad], |_| 0.0)?)])))
    })
}

/// `fill_(value)` (`FillBackward2`).
pub fn fill_(t: &Tensor, value: Scalar) -> Result<()> {
    inplace(t, false, || t.fill_(value), |old| {
        let out = Tensor::full(old.shape(), value, old.dtype())?;
        Ok(record_simple("FillBackward2", &[old], out, |ctx| Ok(vec![Some(map_grad([ctx.grad], |_| 0.0)?)])))
    })
}

/// `copy_(src)` (`CopyBackwards`): the gradient goes to `src`, summed to its
/// shape and cast to its dtype.
pub fn copy_(t: &Tensor, src: &Tensor) -> Result<()> {
    inplace(t, src.requires_grad(), || t.copy_(src), |old| {
        let out = src.broadcast_to(old.shape())?.to_dtype(old.dtype())?.copy_data()?;
        Ok(record_simple("CopyBackwards", &[old, src], out, |ctx| {
            Ok(vec![Some(map_grad([ctx.grad], |_| 0.0)?), Some(ctx.grad.clone())])
        }))
    })
}

/// `t[indices] = value` and `index_put_(indices, value, accumulate)`.
pub fn index_put_(t: &Tensor, indices: &[TensorIndex], value: &Tensor, accumulate: bool) -> Result<()> {
    inplace(
        t,
        value.requires_grad(),
        || t.index_put_(indices, value, accumulate).map(|_| ()),
        |old| super::index::index_put(old, indices, value, accumulate),
    )
}

/// `masked_fill_(mask, value)`.
pub fn masked_fill_(t: &Tensor, mask: &Tensor, value: Operand) -> Result<()> {
    inplace(t, false, || t.masked_fill_(mask, value), |old| super::clamp::masked_fill(old, mask, value))
}

/// One-input in-place math (`relu_`, `exp_`, `sigmoid_`, ...): `raw` writes,
/// `f` is the differentiable out-of-place op.
pub fn unary_(t: &Tensor, f: fn(&Tensor) -> Result<Tensor>) -> Result<()> {
    inplace(t, false, || t.assign(&f(t)?), f)
}

//! Differentiable clamp, where, maximum/minimum and masked_fill: the gradient
//! flows to whichever input each output element came from (ties between two
//! tensors split it evenly, as PyTorch does).
use super::arith::as_tensor;
use crate::tensor::autograd::grad_math::map_grad;
use crate::tensor::autograd::node::SavedTensor;
use crate::tensor::autograd::record::record;
use crate::tensor::error::Result;
use crate::tensor::ops::elementwise::{Operand, clamp as clamp_kernel, where_ as where_kernel};
use crate::tensor::tensor::Tensor;

/// `clamp(min, max)`. Number bounds (`ClampBackward1`, or `ClampMinBackward0` /
/// `ClampMaxBackward0` from `clamp_min`/`clamp_max`): the gradient passes
/// strictly inside the bounds (torch 2.15 gives 0 at a bound). Tensor bounds
/// (`ClampBackward0`): each element's gradient goes to the input, the lower or
/// the upper bound it came from, halved on ties.
pub fn clamp(x: &Tensor, min: Option<Operand>, max: Option<Operand>) -> Result<Tensor> {
    clamp_named(x, min, max, "ClampBackward1")
}

pub fn clamp_min(x: &Tensor, min: Operand) -> Result<Tensor> {
    clamp_named(x, Some(min), None, "ClampMinBackward0")
}

pub fn clamp_max(x: &Tensor, max: Operand) -> Result<Tensor> {
    clamp_named(x, None, Some(max), "ClampMaxBackward0")
}

fn clamp_named(x: &Tensor, min: Option<Operand>, max: Option<Operand>, scalar_name: &'static str) -> Result<Tensor> {
    let out = clamp_kernel::clamp(x, min, max)?;
    let tensor_bounds = min.iter().chain(max.iter()).any(|o| o.tensor().is_some());
    let inf = |o: Option<Operand>, v: f64| o.map(|o| as_tensor(&o)).unwrap_or_else(|| as_tensor(&Operand::Scalar(crate::tensor::Scalar::Float(v))));
    let (lo, hi) = (inf(min, f64::NEG_INFINITY), inf(max, f64::INFINITY));
    let saved = vec![SavedTensor::input(x), SavedTensor::input(&lo), SavedTensor::input(&hi)];
    if !tensor_bounds {
        return Ok(record(scalar_name, &[x], out, saved, |ctx| {
            let (g, x, lo, hi) = (ctx.grad, &ctx.saved[0], &ctx.saved[1], &ctx.saved[2]);
            Ok(vec![Some(map_grad([g, x, lo, hi], |[g, x, lo, hi]| if x > lo && x < hi { g } else { 0.0 })?)])
        }));
    }
    let half = |a: f64, b: f64| if a == b { 0.5 } else { 1.0 };
    Ok(record("ClampBackward0", &[x, &lo, &hi], out, saved, move |ctx| {
        let (g, x, lo, hi) = (ctx.grad, &ctx.saved[0], &ctx.saved[1], &ctx.saved[2]);
        let gx = map_grad([g, x, lo, hi], |[g, x, lo, hi]| {
            if x >= lo && x <= hi { g * half(x, lo) * half(x, hi) } else { 0.0 }
        })?;
        let glo = map_grad([g, x, lo], |[g, x, lo]| if x < lo { g } else if x == lo { g * 0.5 } else { 0.0 })?;
        let ghi = map_grad([g, x, hi], |[g, x, hi]| if x > hi { g } else if x == hi { g * 0.5 } else { 0.0 })?;
        Ok(vec![Some(gx), Some(glo), Some(ghi)])
    }))
}

/// `torch.where(cond, a, b)`.
pub fn where_(cond: &Tensor, a: Operand, b: Operand) -> Result<Tensor> {
    let out = where_kernel::where_(cond, a, b)?;
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    Ok(record("WhereBackward0", &[&ta, &tb], out, vec![SavedTensor::input(cond)], |ctx| {
        let (g, c) = (ctx.grad, &ctx.saved[0]);
        Ok(vec![
            Some(map_grad([g, c], |[g, c]| if c != 0.0 { g } else { 0.0 })?),
            Some(map_grad([g, c], |[g, c]| if c != 0.0 { 0.0 } else { g })?),
        ])
    }))
}

fn pick_larger(name: &'static str, a: &Tensor, b: &Tensor, out: Tensor, sign: f64) -> Tensor {
    let saved = vec![SavedTensor::input(a), SavedTensor::input(b)];
    record(name, &[a, b], out, saved, move |ctx| {
        let (g, a, b) = (ctx.grad, &ctx.saved[0], &ctx.saved[1]);
        let share = move |x: f64, y: f64| {
            let d = sign * (x - y);
            if d > 0.0 { 1.0 } else if d == 0.0 { 0.5 } else { 0.0 }
        };
        Ok(vec![
            Some(map_grad([g, a, b], |[g, a, b]| g * share(a, b))?),
            Some(map_grad([g, a, b], |[g, a, b]| g * share(b, a))?),
        ])
    })
}

pub fn maximum(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = a.maximum(b)?;
    Ok(pick_larger("MaximumBackward0", a, b, out, 1.0))
}

pub fn minimum(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = a.minimum(b)?;
    Ok(pick_larger("MinimumBackward0", a, b, out, -1.0))
}

/// `masked_fill(mask, value)`: filled places get no gradient.
pub fn masked_fill(t: &Tensor, mask: &Tensor, value: Operand) -> Result<Tensor> {
    let out = t.masked_fill(mask, value)?;
    Ok(record("MaskedFillBackward0", &[t], out, vec![SavedTensor::input(mask)], |ctx| {
        Ok(vec![Some(map_grad([ctx.grad, &ctx.saved[0]], |[g, m]| if m != 0.0 { 0.0 } else { g })?)])
    }))
}

//! Differentiable arithmetic: add, sub, mul, div, pow, neg. An operand may be
//! a Python number; its side of the node has no edge (PyTorch's
//! `next_functions` shows `(None, 0)` there), and its value is kept as a 0-dim
//! float64 tensor for the formulas.
use crate::tensor::autograd::grad_math::map_grad;
use crate::tensor::autograd::node::SavedTensor;
use crate::tensor::autograd::record::{record, record_simple};
use crate::tensor::error::Result;
use crate::tensor::ops::elementwise::{Operand, binary};
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

/// A tensor for either kind of operand (a number becomes a 0-dim float64).
pub(crate) fn as_tensor(op: &Operand) -> Tensor {
    match op {
        Operand::Tensor(t) => (*t).clone(),
        // On the host even in a CUDA op: a 0-dim CPU tensor joins CUDA ops as a number,
        // and a Python number then costs no device allocation.
        Operand::Scalar(s) => Tensor::from_host_buffer(crate::tensor::buffer::CpuBuffer::F64(vec![s.to_f64()]), &[]),
    }
}

fn requires_grad(op: &Operand) -> bool {
    op.tensor().is_some_and(|t| t.requires_grad())
}

/// Saves `t` when `cond`, else a placeholder (PyTorch saves only what the
/// gradients that will be asked for need, so only those can go stale).
pub(crate) fn save_if(cond: bool, t: &Tensor) -> SavedTensor {
    if cond { SavedTensor::input(t) } else { SavedTensor::input(&Tensor::from_host_buffer(crate::tensor::buffer::CpuBuffer::F64(vec![0.0]), &[])) }
}

fn scaled(g: &Tensor, alpha: f64) -> Result<Tensor> {
    if alpha == 1.0 { Ok(g.clone()) } else { map_grad([g], |[g]| alpha * g) }
}

/// `a + alpha * b`.
pub fn add(a: Operand, b: Operand, alpha: Scalar) -> Result<Tensor> {
    let out = binary::add(a, b, alpha)?;
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    let alpha = alpha.to_f64();
    Ok(record_simple("AddBackward0", &[&ta, &tb], out, move |ctx| {
        Ok(vec![Some(ctx.grad.clone()), Some(scaled(ctx.grad, alpha)?)])
    }))
}

/// `a - alpha * b`; a number minus a tensor is PyTorch's `RsubBackward1`.
pub fn sub(a: Operand, b: Operand, alpha: Scalar) -> Result<Tensor> {
    let out = binary::sub(a, b, alpha)?;
    let name = if a.tensor().is_none() { "RsubBackward1" } else { "SubBackward0" };
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    let alpha = alpha.to_f64();
    Ok(record_simple(name, &[&ta, &tb], out, move |ctx| {
        Ok(vec![Some(ctx.grad.clone()), Some(scaled(ctx.grad, -alpha)?)])
    }))
}

pub fn mul(a: Operand, b: Operand) -> Result<Tensor> {
    let out = binary::mul(a, b)?;
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    let saved = vec![save_if(requires_grad(&b), &ta), save_if(requires_grad(&a), &tb)];
    Ok(record("MulBackward0", &[&ta, &tb], out, saved, |ctx| {
        let (g, a, b) = (ctx.grad, &ctx.saved[0], &ctx.saved[1]);
        Ok(vec![
            if ctx.needs(0) { Some(map_grad([g, b], |[g, b]| g * b)?) } else { None },
            if ctx.needs(1) { Some(map_grad([g, a], |[g, a]| g * a)?) } else { None },
        ])
    }))
}

/// `a / b`; a number over a tensor is `reciprocal(b) * a`, as PyTorch records it.
/// With a rounding mode the result is piecewise constant (`DivBackward2`: zero gradients).
pub fn div(a: Operand, b: Operand, rounding_mode: Option<&str>) -> Result<Tensor> {
    if rounding_mode.is_some() {
        let out = binary::div(a, b, rounding_mode)?;
        let (ta, tb) = (as_tensor(&a), as_tensor(&b));
        return Ok(record_simple("DivBackward2", &[&ta, &tb], out, |ctx| {
            let zero = map_grad([ctx.grad], |_| 0.0)?;
            Ok(vec![Some(zero.clone()), Some(zero)])
        }));
    }
    if let (Operand::Scalar(s), Operand::Tensor(t)) = (a, b) {
        if t.dtype().is_float() && t.requires_grad() {
            return mul(Operand::Tensor(&super::unary::reciprocal(t)?), Operand::Scalar(s));
        }
    }
    let out = binary::div(a, b, None)?;
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    let saved = vec![save_if(requires_grad(&b), &ta), SavedTensor::input(&tb)];
    Ok(record("DivBackward0", &[&ta, &tb], out, saved, |ctx| {
        let (g, a, b) = (ctx.grad, &ctx.saved[0], &ctx.saved[1]);
        Ok(vec![
            if ctx.needs(0) { Some(map_grad([g, b], |[g, b]| g / b)?) } else { None },
            if ctx.needs(1) { Some(map_grad([g, a, b], |[g, a, b]| -g * a / (b * b))?) } else { None },
        ])
    }))
}

/// `a ** b`: tensor ** number is `PowBackward0`, tensor ** tensor
/// `PowBackward1`, number ** tensor `PowBackward2`.
pub fn pow(a: Operand, b: Operand) -> Result<Tensor> {
    let out = binary::pow(a, b)?;
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    match (a, b) {
        (Operand::Tensor(_), Operand::Scalar(p)) => {
            let p = p.to_f64();
            Ok(record("PowBackward0", &[&ta, &tb], out, vec![SavedTensor::input(&ta)], move |ctx| {
                let g = map_grad([ctx.grad, &ctx.saved[0]], |[g, x]| if p == 0.0 { 0.0 } else { g * p * x.powf(p - 1.0) })?;
                Ok(vec![Some(g), None])
            }))
        }
        (Operand::Scalar(s), _) => {
            let s = s.to_f64();
            let saved = vec![SavedTensor::input(&tb), SavedTensor::output(&out, "PowBackward2")];
            Ok(record("PowBackward2", &[&ta, &tb], out, saved, move |ctx| {
                let g = map_grad([ctx.grad, &ctx.saved[0], &ctx.saved[1]], |[g, e, y]| {
                    if s == 0.0 && e >= 0.0 { 0.0 } else { g * y * s.ln() }
                })?;
                Ok(vec![None, Some(g)])
            }))
        }
        _ => {
            let saved = vec![SavedTensor::input(&ta), SavedTensor::input(&tb), SavedTensor::output(&out, "PowBackward1")];
            Ok(record("PowBackward1", &[&ta, &tb], out, saved, |ctx| {
                let (g, x, e, y) = (ctx.grad, &ctx.saved[0], &ctx.saved[1], &ctx.saved[2]);
                Ok(vec![
                    if ctx.needs(0) {
                        Some(map_grad([g, x, e], |[g, x, e]| if e == 0.0 { 0.0 } else { g * e * x.powf(e - 1.0) })?)
                    } else {
                        None
                    },
                    if ctx.needs(1) {
                        Some(map_grad([g, x, e, y], |[g, x, e, y]| if x == 0.0 && e >= 0.0 { 0.0 } else { g * y * x.ln() })?)
                    } else {
                        None
                    },
                ])
            }))
        }
    }
}

pub fn neg(t: &Tensor) -> Result<Tensor> {
    let out = t.neg()?;
    Ok(record_simple("NegBackward0", &[t], out, |ctx| Ok(vec![Some(map_grad([ctx.grad], |[g]| -g)?)])))
}

//! Differentiable arithmetic: add, sub, mul, div, pow, neg. An operand may be
//! a Python number; its side of the node has no edge (PyTorch's
//! `next_functions` shows `(None, 0)` there), and the formulas use it as a
//! number again (so it promotes as one). The backward formulas are ATen's
//! (`FunctionsManual.cpp`), computed with the engine's ops in the gradient's
//! dtype, so float32 gradients round where PyTorch's do.
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

/// The number an operand was, if it was one.
fn number(op: &Operand) -> Option<Scalar> {
    match op {
        Operand::Scalar(s) => Some(*s),
        Operand::Tensor(_) => None,
    }
}

/// A saved operand for a formula: the number again when it was one.
fn operand(number: Option<Scalar>, saved: &Tensor) -> Operand<'_> {
    match number {
        Some(s) => Operand::Scalar(s),
        None => Operand::Tensor(saved),
    }
}

/// `t` in the gradient's dtype (a wider operand may have promoted it).
fn like_grad(t: Tensor, g: &Tensor) -> Result<Tensor> {
    if t.dtype() == g.dtype() { Ok(t) } else { t.to_dtype(g.dtype()) }
}

/// `maybe_multiply(grad, alpha)`.
fn scaled(g: &Tensor, alpha: Scalar) -> Result<Tensor> {
    if alpha.to_f64() == 1.0 { Ok(g.clone()) } else { like_grad(g.mul(alpha)?, g) }
}

fn zeros_like_grad(g: &Tensor) -> Result<Tensor> {
    let zeros = g.full_like(Scalar::Int(0), None)?;
    if zeros.device() == g.device() { Ok(zeros) } else { zeros.to_device(g.device()) }
}

/// `a + alpha * b`.
pub fn add(a: Operand, b: Operand, alpha: Scalar) -> Result<Tensor> {
    let out = binary::add(a, b, alpha)?;
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    Ok(record_simple("AddBackward0", &[&ta, &tb], out, move |ctx| {
        Ok(vec![Some(ctx.grad.clone()), Some(scaled(ctx.grad, alpha)?)])
    }))
}

/// `a - alpha * b`; a number minus a tensor is PyTorch's `RsubBackward1`.
pub fn sub(a: Operand, b: Operand, alpha: Scalar) -> Result<Tensor> {
    let out = binary::sub(a, b, alpha)?;
    let name = if a.tensor().is_none() { "RsubBackward1" } else { "SubBackward0" };
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    let minus_alpha = match alpha {
        Scalar::Int(i) => Scalar::Int(-i),
        other => Scalar::Float(-other.to_f64()),
    };
    Ok(record_simple(name, &[&ta, &tb], out, move |ctx| {
        Ok(vec![Some(ctx.grad.clone()), Some(scaled(ctx.grad, minus_alpha)?)])
    }))
}

pub fn mul(a: Operand, b: Operand) -> Result<Tensor> {
    let out = binary::mul(a, b)?;
    let (ta, tb) = (as_tensor(&a), as_tensor(&b));
    let (na, nb) = (number(&a), number(&b));
    let saved = vec![save_if(requires_grad(&b), &ta), save_if(requires_grad(&a), &tb)];
    Ok(record("MulBackward0", &[&ta, &tb], out, saved, move |ctx| {
        let (g, a, b) = (ctx.grad, &ctx.saved[0], &ctx.saved[1]);
        // mul_tensor_backward: grad * other.
        Ok(vec![
            if ctx.needs(0) { Some(like_grad(g.mul(operand(nb, b))?, g)?) } else { None },
            if ctx.needs(1) { Some(like_grad(g.mul(operand(na, a))?, g)?) } else { None },
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
            let zero = zeros_like_grad(ctx.grad)?;
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
    let nb = number(&b);
    let saved = vec![save_if(requires_grad(&b), &ta), SavedTensor::input(&tb)];
    Ok(record("DivBackward0", &[&ta, &tb], out, saved, move |ctx| {
        let (g, a, b) = (ctx.grad, &ctx.saved[0], &ctx.saved[1]);
        let b = operand(nb, b);
        Ok(vec![
            // div_tensor_self_backward: grad / other.
            if ctx.needs(0) { Some(like_grad(g.div(b)?, g)?) } else { None },
            // div_tensor_other_backward: -grad * ((self / other) / other).
            if ctx.needs(1) { Some(like_grad(g.neg()?.mul(&a.div(b)?.div(b)?)?, g)?) } else { None },
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
            Ok(record("PowBackward0", &[&ta, &tb], out, vec![SavedTensor::input(&ta)], move |ctx| {
                let (g, x) = (ctx.grad, &ctx.saved[0]);
                // pow_backward: zeros for exponent 0, else grad * (p * self.pow(p - 1)).
                let g = if p.to_f64() == 0.0 {
                    zeros_like_grad(g)?
                } else {
                    let pm1 = match p {
                        Scalar::Int(i) => Scalar::Int(i - 1),
                        other => Scalar::Float(other.to_f64() - 1.0),
                    };
                    like_grad(g.mul(&x.pow(pm1)?.mul(p)?)?, g)?
                };
                Ok(vec![Some(g), None])
            }))
        }
        (Operand::Scalar(s), _) => {
            let s = s.to_f64();
            let saved = vec![SavedTensor::input(&tb), SavedTensor::output(&out, "PowBackward2")];
            Ok(record("PowBackward2", &[&ta, &tb], out, saved, move |ctx| {
                let (g, e, y) = (ctx.grad, &ctx.saved[0], &ctx.saved[1]);
                // pow_backward_exponent (number base): grad * (result * log(base)),
                // zero where base == 0 and exponent >= 0.
                let d = y.mul(Scalar::Float(s.ln()))?;
                let d = if s == 0.0 { d.masked_fill(&e.ge(Scalar::Int(0))?, Scalar::Float(0.0))? } else { d };
                Ok(vec![None, Some(like_grad(g.mul(&d)?, g)?)])
            }))
        }
        _ => {
            let saved = vec![SavedTensor::input(&ta), SavedTensor::input(&tb), SavedTensor::output(&out, "PowBackward1")];
            Ok(record("PowBackward1", &[&ta, &tb], out, saved, |ctx| {
                let (g, x, e, y) = (ctx.grad, &ctx.saved[0], &ctx.saved[1], &ctx.saved[2]);
                Ok(vec![
                    // pow_backward_self: zero where exponent == 0, else grad * (e * x.pow(e - 1)).
                    if ctx.needs(0) {
                        let d = g.mul(&e.mul(&x.pow(&e.sub(Scalar::Int(1))?)?)?)?;
                        Some(like_grad(d.masked_fill(&e.eq(Scalar::Int(0))?, Scalar::Float(0.0))?, g)?)
                    } else {
                        None
                    },
                    // pow_backward_exponent: grad * (result * log(x)), zero where x == 0 and e >= 0.
                    if ctx.needs(1) {
                        let d = y.mul(&x.log()?)?;
                        let cond = x.eq(Scalar::Int(0))?.logical_and(&e.ge(Scalar::Int(0))?)?;
                        Some(like_grad(g.mul(&d.masked_fill(&cond, Scalar::Float(0.0))?)?, g)?)
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
    Ok(record_simple("NegBackward0", &[t], out, |ctx| Ok(vec![Some(ctx.grad.neg()?)])))
}

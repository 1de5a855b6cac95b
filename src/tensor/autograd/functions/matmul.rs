//! Differentiable matrix products. One formula covers every shape: 1-D
//! operands are promoted to matrices (a row `[1, n]` on the left, a column
//! `[n, 1]` on the right), then dA = dY @ B^T and dB = A^T @ dY, batched and
//! broadcast like the forward; broadcast batch dims are summed back.
use crate::tensor::autograd::grad_math::{map_grad, sum_to};
use crate::tensor::autograd::node::SavedTensor;
use crate::tensor::autograd::record::record;
use crate::tensor::error::Result;
use crate::tensor::ops::matmul as kernels;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

fn sizes(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&d| d as i64).collect()
}

/// Gradients of `matmul(a, b)` for the output gradient `g`.
fn matmul_backward(g: &Tensor, a: &Tensor, b: &Tensor, needs: (bool, bool)) -> Result<(Option<Tensor>, Option<Tensor>)> {
    let a2 = if a.ndim() == 1 { a.unsqueeze(0)? } else { a.clone() };
    let b2 = if b.ndim() == 1 { b.unsqueeze(1)? } else { b.clone() };
    let mut g2 = g.clone();
    if a.ndim() == 1 {
        g2 = g2.unsqueeze(if b.ndim() == 1 { 0 } else { -2 })?;
    }
    if b.ndim() == 1 {
        g2 = g2.unsqueeze(-1)?;
    }
    let ga = if needs.0 {
        let full = kernels::matmul(&g2, &b2.mt()?)?;
        Some(sum_to(&full, a2.shape())?.reshape(&sizes(a.shape()))?)
    } else {
        None
    };
    let gb = if needs.1 {
        let full = kernels::matmul(&a2.mt()?, &g2)?;
        Some(sum_to(&full, b2.shape())?.reshape(&sizes(b.shape()))?)
    } else {
        None
    };
    Ok((ga, gb))
}

fn product(name: &'static str, a: &Tensor, b: &Tensor, out: Tensor) -> Tensor {
    let saved = vec![SavedTensor::input(a), SavedTensor::input(b)];
    record(name, &[a, b], out, saved, |ctx| {
        let (ga, gb) = matmul_backward(ctx.grad, &ctx.saved[0], &ctx.saved[1], (ctx.needs(0), ctx.needs(1)))?;
        Ok(vec![ga, gb])
    })
}

/// `a @ b`. Named as PyTorch's top node: `DotBackward0`, `MvBackward0`,
/// `MmBackward0`, `SqueezeBackward4` (vector @ matrix) or, with batch dims,
/// `UnsafeViewBackward0` (PyTorch records a view over a bmm; here one node).
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = kernels::matmul(a, b)?;
    let name = match (a.ndim(), b.ndim()) {
        (1, 1) => "DotBackward0",
        (2, 1) => "MvBackward0",
        (1, 2) => "SqueezeBackward4",
        (2, 2) => "MmBackward0",
        _ => "UnsafeViewBackward0",
    };
    Ok(product(name, a, b, out))
}

pub fn mm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = kernels::mm(a, b)?;
    Ok(product("MmBackward0", a, b, out))
}

pub fn bmm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = kernels::bmm(a, b)?;
    Ok(product("BmmBackward0", a, b, out))
}

pub fn mv(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = kernels::mv(a, b)?;
    Ok(product("MvBackward0", a, b, out))
}

pub fn dot(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = kernels::dot(a, b)?;
    Ok(product("DotBackward0", a, b, out))
}

/// `torch.addmm(bias, m1, m2, beta, alpha)` = beta * bias + alpha * (m1 @ m2).
pub fn addmm(bias: &Tensor, m1: &Tensor, m2: &Tensor, beta: Scalar, alpha: Scalar) -> Result<Tensor> {
    let out = kernels::addmm(bias, m1, m2, beta, alpha)?;
    let (beta, alpha) = (beta.to_f64(), alpha.to_f64());
    let saved = vec![SavedTensor::input(m1), SavedTensor::input(m2)];
    Ok(record("AddmmBackward0", &[bias, m1, m2], out, saved, move |ctx| {
        let g = ctx.grad;
        let gbias = match (ctx.needs(0), beta == 1.0) {
            (false, _) => None,
            (true, true) => Some(g.clone()),
            (true, false) => Some(map_grad([g], |[g]| beta * g)?),
        };
        let (g1, g2) = matmul_backward(g, &ctx.saved[0], &ctx.saved[1], (ctx.needs(1), ctx.needs(2)))?;
        let scale = |t: Option<Tensor>| -> Result<Option<Tensor>> {
            match t {
                Some(t) if alpha != 1.0 => Ok(Some(map_grad([&t], |[x]| alpha * x)?)),
                other => Ok(other),
            }
        };
        Ok(vec![gbias, scale(g1)?, scale(g2)?])
    }))
}

/// `F.linear(x, weight, bias)`: `addmm(bias, x, weight.t())` for a matrix with a
/// bias (PyTorch's `AddmmBackward0` over `TBackward0`), else `x @ weight.t() (+ bias)`.
pub fn linear(x: &Tensor, weight: &Tensor, bias: Option<&Tensor>) -> Result<Tensor> {
    let wt = super::view::t(weight)?;
    match bias {
        Some(b) if x.ndim() == 2 => addmm(b, x, &wt, Scalar::Int(1), Scalar::Int(1)),
        Some(b) => super::arith::add((&matmul(x, &wt)?).into(), b.into(), Scalar::Int(1)),
        None => matmul(x, &wt),
    }
}

pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = kernels::outer(a, b)?;
    let saved = vec![SavedTensor::input(a), SavedTensor::input(b)];
    Ok(record("OuterBackward0", &[a, b], out, saved, |ctx| {
        let (g, a, b) = (ctx.grad, &ctx.saved[0], &ctx.saved[1]);
        Ok(vec![
            if ctx.needs(0) { Some(kernels::mv(g, b)?) } else { None },
            if ctx.needs(1) { Some(kernels::mv(&g.t()?, a)?) } else { None },
        ])
    }))
}

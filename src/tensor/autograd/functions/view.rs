//! Differentiable view ops. The backward of a view that keeps every element
//! (reshape, permute, squeeze, ...) reshapes or permutes the gradient back; one
//! that picks elements (select, slice, diagonal) writes the gradient into zeros
//! of the input's shape; expand sums the gradient back down.
use crate::tensor::autograd::grad_math::{embed, sum_to};
use crate::tensor::autograd::record::record_simple;
use crate::tensor::error::Result;
use crate::tensor::layout::wrap_dim;
use crate::tensor::tensor::Tensor;

fn sizes(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&d| d as i64).collect()
}

/// Records `out` as a reshaping view of `t` (the gradient is reshaped back).
fn reshaped(name: &'static str, t: &Tensor, out: Tensor) -> Tensor {
    let shape = sizes(t.shape());
    record_simple(name, &[t], out, move |ctx| Ok(vec![Some(ctx.grad.reshape(&shape)?)]))
}

pub fn view(t: &Tensor, shape: &[i64]) -> Result<Tensor> {
    Ok(reshaped("ViewBackward0", t, t.view(shape)?))
}

/// `reshape`: `ViewBackward0` when it could view, `UnsafeViewBackward0` when it copied.
pub fn reshape(t: &Tensor, shape: &[i64]) -> Result<Tensor> {
    let out = t.reshape(shape)?;
    let name = if out.shares_storage(t) { "ViewBackward0" } else { "UnsafeViewBackward0" };
    Ok(reshaped(name, t, out))
}

pub fn flatten(t: &Tensor, start: i64, end: i64) -> Result<Tensor> {
    let out = t.flatten(start, end)?;
    if out.shape() == t.shape() && out.shares_storage(t) && t.ndim() > 0 {
        return Ok(t.clone()); // flattening nothing hands back the tensor itself
    }
    let name = if out.shares_storage(t) { "ViewBackward0" } else { "UnsafeViewBackward0" };
    Ok(reshaped(name, t, out))
}

pub fn unflatten(t: &Tensor, dim: i64, shape: &[i64]) -> Result<Tensor> {
    Ok(reshaped("ViewBackward0", t, t.unflatten(dim, shape)?))
}

/// `squeeze()` is `SqueezeBackward0`, `squeeze(d)` `SqueezeBackward1`,
/// `squeeze((d0, d1))` `SqueezeBackward2`.
pub fn squeeze(t: &Tensor, dims: Option<&[i64]>) -> Result<Tensor> {
    let name = match dims {
        None => "SqueezeBackward0",
        Some([_]) => "SqueezeBackward1",
        Some(_) => "SqueezeBackward2",
    };
    Ok(reshaped(name, t, t.squeeze(dims)?))
}

pub fn unsqueeze(t: &Tensor, dim: i64) -> Result<Tensor> {
    Ok(reshaped("UnsqueezeBackward0", t, t.unsqueeze(dim)?))
}

pub fn permute(t: &Tensor, dims: &[i64]) -> Result<Tensor> {
    let out = t.permute(dims)?;
    Ok(permuted("PermuteBackward0", t, dims, out))
}

fn permuted(name: &'static str, t: &Tensor, dims: &[i64], out: Tensor) -> Tensor {
    let nd = t.ndim();
    let mut inverse = vec![0i64; nd];
    for (i, &d) in dims.iter().enumerate() {
        inverse[wrap_dim(d, nd).expect("checked by permute")] = i as i64;
    }
    record_simple(name, &[t], out, move |ctx| Ok(vec![Some(ctx.grad.permute(&inverse)?)]))
}

/// `.T`: reverses all dims (`PermuteBackward0`).
pub fn t_all(t: &Tensor) -> Result<Tensor> {
    let dims: Vec<i64> = (0..t.ndim() as i64).rev().collect();
    let out = t.t_all()?;
    Ok(permuted("PermuteBackward0", t, &dims, out))
}

pub fn transpose(t: &Tensor, d0: i64, d1: i64) -> Result<Tensor> {
    let out = t.transpose(d0, d1)?;
    Ok(record_simple("TransposeBackward0", &[t], out, move |ctx| Ok(vec![Some(ctx.grad.transpose(d0, d1)?)])))
}

/// `.mT` (`TransposeBackward0`).
pub fn mt(t: &Tensor) -> Result<Tensor> {
    let out = t.mt()?;
    Ok(record_simple("TransposeBackward0", &[t], out, |ctx| Ok(vec![Some(ctx.grad.transpose(-2, -1)?)])))
}

pub fn t(t: &Tensor) -> Result<Tensor> {
    let out = t.t()?;
    Ok(record_simple("TBackward0", &[t], out, |ctx| Ok(vec![Some(ctx.grad.t()?)])))
}

/// `expand` / `expand_as` / `broadcast_to`: the gradient is summed back.
pub fn expand(t: &Tensor, shape: &[i64]) -> Result<Tensor> {
    let out = t.expand(shape)?;
    Ok(expanded(t, out))
}

pub fn broadcast_to(t: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let out = t.broadcast_to(shape)?;
    Ok(expanded(t, out))
}

fn expanded(t: &Tensor, out: Tensor) -> Tensor {
    let shape = t.shape().to_vec();
    record_simple("ExpandBackward0", &[t], out, move |ctx| Ok(vec![Some(sum_to(ctx.grad, &shape)?)]))
}

/// Records `out` as the part of `t` that `pick` selects from a tensor shaped like `t`.
fn picked(
    name: &'static str,
    t: &Tensor,
    out: Tensor,
    pick: impl Fn(&Tensor) -> Result<Tensor> + Send + Sync + 'static,
) -> Tensor {
    let (shape, dtype) = (t.shape().to_vec(), t.dtype());
    record_simple(name, &[t], out, move |ctx| Ok(vec![Some(embed(ctx.grad, &shape, dtype, &pick)?)]))
}

pub fn select(t: &Tensor, dim: i64, index: i64) -> Result<Tensor> {
    let out = t.select(dim, index)?;
    Ok(picked("SelectBackward0", t, out, move |z| z.select(dim, index)))
}

pub fn slice(t: &Tensor, dim: i64, start: Option<i64>, stop: Option<i64>, step: i64) -> Result<Tensor> {
    let out = t.slice(dim, start, stop, step)?;
    Ok(picked("SliceBackward0", t, out, move |z| z.slice(dim, start, stop, step)))
}

pub fn narrow(t: &Tensor, dim: i64, start: i64, length: i64) -> Result<Tensor> {
    let out = t.narrow(dim, start, length)?;
    Ok(picked("SliceBackward0", t, out, move |z| z.narrow(dim, start, length)))
}

pub fn diagonal(t: &Tensor, offset: i64, d1: i64, d2: i64) -> Result<Tensor> {
    let out = t.diagonal(offset, d1, d2)?;
    Ok(picked("DiagonalBackward0", t, out, move |z| z.diagonal(offset, d1, d2)))
}

pub fn unbind(t: &Tensor, dim: i64) -> Result<Vec<Tensor>> {
    let outs = t.unbind(dim)?;
    Ok(outs
        .into_iter()
        .enumerate()
        .map(|(i, o)| picked("UnbindBackward0", t, o, move |z| z.select(dim, i as i64)))
        .collect())
}

/// `split(size, dim)` and `chunk`: pieces along `dim` (`SplitBackward0`).
pub fn split(t: &Tensor, size: usize, dim: i64) -> Result<Vec<Tensor>> {
    let outs = t.split(size, dim)?;
    Ok(pieces(t, dim, size, outs))
}

pub fn chunk(t: &Tensor, chunks: usize, dim: i64) -> Result<Vec<Tensor>> {
    let outs = t.chunk(chunks, dim)?;
    let size = outs.first().map(|o| if o.ndim() == 0 { 1 } else { o.shape()[wrap_dim(dim, o.ndim()).unwrap_or(0)] });
    Ok(pieces(t, dim, size.unwrap_or(1), outs))
}

fn pieces(t: &Tensor, dim: i64, size: usize, outs: Vec<Tensor>) -> Vec<Tensor> {
    outs.into_iter()
        .enumerate()
        .map(|(i, o)| {
            let d = wrap_dim(dim, t.ndim()).unwrap_or(0);
            let len = o.shape().get(d).copied().unwrap_or(1) as i64;
            let start = (i * size) as i64;
            picked("SplitBackward0", t, o, move |z| z.narrow(dim, start, len))
        })
        .collect()
}

/// `contiguous()`: the tensor itself when already contiguous, else a copy (`CloneBackward0`).
pub fn contiguous(t: &Tensor) -> Result<Tensor> {
    let out = t.contiguous();
    if out.is_same(t) {
        return Ok(out);
    }
    Ok(record_simple("CloneBackward0", &[t], out, |ctx| Ok(vec![Some(ctx.grad.clone())])))
}

/// `clone()`: a copy in a new storage.
pub fn clone(t: &Tensor) -> Result<Tensor> {
    let out = t.copy_data()?;
    Ok(record_simple("CloneBackward0", &[t], out, |ctx| Ok(vec![Some(ctx.grad.clone())])))
}

/// `to(dtype)`: the tensor itself when the dtype is already right (`ToCopyBackward0`).
pub fn to_dtype(t: &Tensor, dtype: crate::tensor::DType) -> Result<Tensor> {
    let out = t.to_dtype(dtype)?;
    if out.is_same(t) {
        return Ok(out);
    }
    // The engine casts the gradient back to the input's dtype.
    Ok(record_simple("ToCopyBackward0", &[t], out, |ctx| Ok(vec![Some(ctx.grad.clone())])))
}

/// `to(device)` / `cuda()` / `cpu()`: a copy on another device; the gradient goes
/// back to the input's device (the engine moves it, as it casts dtypes).
pub fn to_device(t: &Tensor, device: crate::tensor::Device) -> Result<Tensor> {
    let out = t.to_device(device)?;
    if out.is_same(t) {
        return Ok(out);
    }
    Ok(record_simple("ToCopyBackward0", &[t], out, |ctx| Ok(vec![Some(ctx.grad.clone())])))
}

/// A new tensor object over the same view (`AliasBackward0`), as `t[...]` gives.
pub fn alias(t: &Tensor) -> Result<Tensor> {
    let out = t.with_layout(t.layout().clone());
    Ok(record_simple("AliasBackward0", &[t], out, |ctx| Ok(vec![Some(ctx.grad.clone())])))
}

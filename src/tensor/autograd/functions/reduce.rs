//! Differentiable reductions. The gradient of a reduced value goes back to the
//! elements it came from: all of them (sum, mean), the chosen ones (max, min:
//! shared evenly among ties when there is no index), or weighted (prod, var).
use crate::tensor::autograd::grad_math::{from_f64, keep_shape, lanes, map_grad, pointwise, sum_to, unreduce};
use crate::tensor::autograd::node::SavedTensor;
use crate::tensor::autograd::record::{record, record_simple};
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::layout::wrap_dim;
use crate::tensor::tensor::Tensor;

/// The gradient `g` of a reduction over `dims` spread back over `shape`, times `scale`.
fn spread(g: &Tensor, shape: &[usize], dims: &[i64], scale: f64) -> Result<Tensor> {
    let keep = keep_shape(shape, dims)?;
    let g = unreduce(g, &keep)?;
    if scale == 1.0 {
        return g.broadcast_to(shape);
    }
    // Scaled before it is spread: the same values, computed once per reduced element.
    pointwise([&g], &keep, g.dtype(), |[g]| g * scale)?.broadcast_to(shape)
}

pub fn sum(t: &Tensor, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.sum(dtype)?;
    let shape = t.shape().to_vec();
    Ok(record_simple("SumBackward0", &[t], out, move |ctx| Ok(vec![Some(spread(ctx.grad, &shape, &[], 1.0)?)])))
}

pub fn sum_dims(t: &Tensor, dims: &[i64], keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.sum_dims(dims, keepdim, dtype)?;
    let (shape, dims) = (t.shape().to_vec(), dims.to_vec());
    Ok(record_simple("SumBackward1", &[t], out, move |ctx| Ok(vec![Some(spread(ctx.grad, &shape, &dims, 1.0)?)])))
}

pub fn mean(t: &Tensor, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.mean(dtype)?;
    let shape = t.shape().to_vec();
    let n = t.numel() as f64;
    Ok(record_simple("MeanBackward0", &[t], out, move |ctx| Ok(vec![Some(spread(ctx.grad, &shape, &[], 1.0 / n)?)])))
}

pub fn mean_dims(t: &Tensor, dims: &[i64], keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.mean_dims(dims, keepdim, dtype)?;
    let (shape, dims) = (t.shape().to_vec(), dims.to_vec());
    let n = t.numel() as f64 / out.numel().max(1) as f64;
    Ok(record_simple("MeanBackward1", &[t], out, move |ctx| {
        Ok(vec![Some(spread(ctx.grad, &shape, &dims, 1.0 / n)?)])
    }))
}

/// Gradient of an extremum over `dims` with no index: shared evenly among the
/// elements equal to it.
fn extremum_backward(g: &Tensor, x: &Tensor, y: &Tensor, dims: &[i64]) -> Result<Tensor> {
    let keep = keep_shape(x.shape(), dims)?;
    let (g, y) = (unreduce(g, &keep)?, unreduce(y, &keep)?);
    let hits = pointwise([x, &y], x.shape(), DType::F64, |[x, y]| if x == y || (x.is_nan() && y.is_nan()) { 1.0 } else { 0.0 })?;
    let count = sum_to(&hits, &keep)?;
    pointwise([&g, &hits, &count], x.shape(), g.dtype(), |[g, h, c]| if h != 0.0 { g / c } else { 0.0 })
}

fn extremum(name: &'static str, t: &Tensor, out: Tensor, dims: Vec<i64>) -> Tensor {
    let saved = vec![SavedTensor::input(t), SavedTensor::output(&out, name)];
    record(name, &[t], out, saved, move |ctx| {
        Ok(vec![Some(extremum_backward(ctx.grad, &ctx.saved[0], &ctx.saved[1], &dims)?)])
    })
}

/// `max()` of all elements (`MaxBackward1`).
pub fn max(t: &Tensor) -> Result<Tensor> {
    let out = t.max()?;
    Ok(extremum("MaxBackward1", t, out, vec![]))
}

pub fn min(t: &Tensor) -> Result<Tensor> {
    let out = t.min()?;
    Ok(extremum("MinBackward1", t, out, vec![]))
}

pub fn amax(t: &Tensor, dims: &[i64], keepdim: bool) -> Result<Tensor> {
    let out = t.amax(dims, keepdim)?;
    Ok(extremum("AmaxBackward0", t, out, dims.to_vec()))
}

pub fn amin(t: &Tensor, dims: &[i64], keepdim: bool) -> Result<Tensor> {
    let out = t.amin(dims, keepdim)?;
    Ok(extremum("AminBackward0", t, out, dims.to_vec()))
}

/// The gradient of values picked by `indices` along `dim` (one per lane) back
/// to where they were picked: `max(dim)`, `min(dim)`, `median(dim)`.
fn indexed_backward(g: &Tensor, indices: &Tensor, shape: &[usize], dim: usize, dtype: DType) -> Result<Tensor> {
    let (outer, len, inner) = lanes(shape, dim);
    let (g, idx) = (g.to_vec::<f64>(), indices.to_vec::<i64>());
    let mut out = vec![0.0; outer * len * inner];
    for o in 0..outer {
        for i in 0..inner {
            let k = idx[o * inner + i] as usize;
            out[(o * len + k) * inner + i] += g[o * inner + i];
        }
    }
    from_f64(out, shape, dtype)
}

fn with_indices(name: &'static str, t: &Tensor, dim: i64, (values, indices): (Tensor, Tensor)) -> Result<(Tensor, Tensor)> {
    let d = wrap_dim(dim, t.ndim())?;
    let (shape, dtype) = (t.shape().to_vec(), t.dtype());
    let d = if t.ndim() == 0 { None } else { Some(d) };
    let values = record(name, &[t], values, vec![SavedTensor::input(&indices)], move |ctx| {
        Ok(vec![Some(match d {
            Some(d) => indexed_backward(ctx.grad, &ctx.saved[0], &shape, d, dtype)?,
            None => ctx.grad.clone(),
        })])
    });
    Ok((values, indices))
}

/// `max(dim, keepdim)`: `(values, indices)`; the gradient goes to the index (`MaxBackward0`).
pub fn max_dim(t: &Tensor, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
    with_indices("MaxBackward0", t, dim, t.max_dim(dim, keepdim)?)
}

pub fn min_dim(t: &Tensor, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
    with_indices("MinBackward0", t, dim, t.min_dim(dim, keepdim)?)
}

pub fn median_dim(t: &Tensor, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
    with_indices("MedianBackward1", t, dim, t.median_dim(dim, keepdim)?)
}

/// `prod()`: each element's gradient is the product of all the others
/// (prefix and suffix products, so zeros need no division).
pub fn prod(t: &Tensor, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.prod(dtype)?;
    Ok(record("ProdBackward0", &[t], out, vec![SavedTensor::input(t)], |ctx| {
        let x = &ctx.saved[0];
        let g = ctx.grad.to_vec::<f64>()[0];
        let others = products_of_others(&x.to_vec::<f64>(), x.numel(), 1);
        Ok(vec![Some(from_f64(others.iter().map(|p| g * p).collect(), x.shape(), ctx.grad.dtype())?)])
    }))
}

/// `prod(dim, keepdim)` (`ProdBackward1`).
pub fn prod_dim(t: &Tensor, dim: i64, keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.prod_dim(dim, keepdim, dtype)?;
    let d = if t.ndim() == 0 { 0 } else { wrap_dim(dim, t.ndim())? };
    Ok(record("ProdBackward1", &[t], out, vec![SavedTensor::input(t)], move |ctx| {
        let x = &ctx.saved[0];
        if x.ndim() == 0 {
            return Ok(vec![Some(ctx.grad.clone())]);
        }
        let (outer, len, inner) = lanes(x.shape(), d);
        let xs = x.to_vec::<f64>();
        let g = ctx.grad.to_vec::<f64>();
        let mut out = vec![0.0; xs.len()];
        for o in 0..outer {
            for i in 0..inner {
                let lane: Vec<f64> = (0..len).map(|k| xs[(o * len + k) * inner + i]).collect();
                for (k, p) in products_of_others(&lane, len, 1).into_iter().enumerate() {
                    out[(o * len + k) * inner + i] = g[o * inner + i] * p;
                }
            }
        }
        Ok(vec![Some(from_f64(out, x.shape(), ctx.grad.dtype())?)])
    }))
}

fn products_of_others(x: &[f64], len: usize, stride: usize) -> Vec<f64> {
    let mut out = vec![1.0; len];
    let mut acc = 1.0;
    for k in 0..len {
        out[k] = acc;
        acc *= x[k * stride];
    }
    acc = 1.0;
    for k in (0..len).rev() {
        out[k] *= acc;
        acc *= x[k * stride];
    }
    out
}

/// `var(dims, correction, keepdim)`: d/dx = 2 (x - mean) / (N - correction).
pub fn var(t: &Tensor, dims: Option<&[i64]>, correction: f64, keepdim: bool) -> Result<Tensor> {
    let out = t.var(dims, correction, keepdim)?;
    let dims = dims.map(<[i64]>::to_vec).unwrap_or_default();
    Ok(record("VarBackward0", &[t], out, vec![SavedTensor::input(t)], move |ctx| {
        let x = &ctx.saved[0];
        let (keep, centered, n) = centered(x, &dims)?;
        let g = unreduce(ctx.grad, &keep)?;
        let scale = 2.0 / (n - correction);
        Ok(vec![Some(pointwise([&g, &centered], x.shape(), ctx.grad.dtype(), |[g, c]| g * scale * c)?)])
    }))
}

/// `std(...)`: d/dx = (x - mean) / ((N - correction) std).
pub fn std(t: &Tensor, dims: Option<&[i64]>, correction: f64, keepdim: bool) -> Result<Tensor> {
    let out = t.std(dims, correction, keepdim)?;
    let dims = dims.map(<[i64]>::to_vec).unwrap_or_default();
    let saved = vec![SavedTensor::input(t), SavedTensor::output(&out, "StdBackward0")];
    Ok(record("StdBackward0", &[t], out, saved, move |ctx| {
        let x = &ctx.saved[0];
        let (keep, centered, n) = centered(x, &dims)?;
        let (g, s) = (unreduce(ctx.grad, &keep)?, unreduce(&ctx.saved[1], &keep)?);
        let scale = 1.0 / (n - correction);
        Ok(vec![Some(pointwise([&g, &centered, &s], x.shape(), ctx.grad.dtype(), |[g, c, s]| g * scale * c / s)?)])
    }))
}

/// `x - mean(x)` over `dims` (in f64), the keepdim shape, and the count.
fn centered(x: &Tensor, dims: &[i64]) -> Result<(Vec<usize>, Tensor, f64)> {
    let keep = keep_shape(x.shape(), dims)?;
    let x64 = x.to_dtype(DType::F64)?;
    let sums = sum_to(&x64, &keep)?;
    let n = x.numel() as f64 / sums.numel().max(1) as f64;
    let c = pointwise([&x64, &sums], x.shape(), DType::F64, |[x, s]| x - s / n)?;
    Ok((keep, c, n))
}

/// `logsumexp(dims, keepdim)`: d/dx = exp(x - result).
pub fn logsumexp(t: &Tensor, dims: &[i64], keepdim: bool) -> Result<Tensor> {
    let out = t.logsumexp(dims, keepdim)?;
    let dims = dims.to_vec();
    let saved = vec![SavedTensor::input(t), SavedTensor::output(&out, "LogsumexpBackward0")];
    Ok(record("LogsumexpBackward0", &[t], out, saved, move |ctx| {
        let x = &ctx.saved[0];
        let keep = keep_shape(x.shape(), &dims)?;
        let (g, y) = (unreduce(ctx.grad, &keep)?, unreduce(&ctx.saved[1], &keep)?);
        Ok(vec![Some(pointwise([&g, x, &y], x.shape(), ctx.grad.dtype(), |[g, x, y]| g * (x - y).exp())?)])
    }))
}

/// `cumsum(dim)`: the gradient is the reversed cumulative sum of `g`.
pub fn cumsum(t: &Tensor, dim: i64, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.cumsum(dim, dtype)?;
    let d = if t.ndim() == 0 { None } else { Some(wrap_dim(dim, t.ndim())?) };
    Ok(record_simple("CumsumBackward0", &[t], out, move |ctx| {
        let Some(d) = d else { return Ok(vec![Some(ctx.grad.clone())]) };
        let shape = ctx.grad.shape().to_vec();
        let (outer, len, inner) = lanes(&shape, d);
        let mut g = ctx.grad.to_vec::<f64>();
        for o in 0..outer {
            for i in 0..inner {
                let mut acc = 0.0;
                for k in (0..len).rev() {
                    let at = (o * len + k) * inner + i;
                    acc += g[at];
                    g[at] = acc;
                }
            }
        }
        Ok(vec![Some(from_f64(g, &shape, ctx.grad.dtype())?)])
    }))
}

/// `softmax(dim)`: d/dx = y (g - sum(g y)).
pub fn softmax(t: &Tensor, dim: i64, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.softmax(dim, dtype)?;
    let saved = vec![SavedTensor::output(&out, "SoftmaxBackward0")];
    Ok(record("SoftmaxBackward0", &[t], out, saved, move |ctx| {
        let (g, y) = (ctx.grad, &ctx.saved[0]);
        let keep = keep_shape(y.shape(), &[dim])?;
        let gy = sum_to(&map_grad([g, y], |[g, y]| g * y)?.to_dtype(DType::F64)?, &keep)?;
        Ok(vec![Some(pointwise([g, y, &gy], y.shape(), g.dtype(), |[g, y, s]| y * (g - s))?)])
    }))
}

/// `log_softmax(dim)`: d/dx = g - exp(y) sum(g).
pub fn log_softmax(t: &Tensor, dim: i64, dtype: Option<DType>) -> Result<Tensor> {
    let out = t.log_softmax(dim, dtype)?;
    let saved = vec![SavedTensor::output(&out, "LogSoftmaxBackward0")];
    Ok(record("LogSoftmaxBackward0", &[t], out, saved, move |ctx| {
        let (g, y) = (ctx.grad, &ctx.saved[0]);
        let keep = keep_shape(y.shape(), &[dim])?;
        let sums = sum_to(&g.to_dtype(DType::F64)?, &keep)?;
        Ok(vec![Some(pointwise([g, y, &sums], y.shape(), g.dtype(), |[g, y, s]| g - y.exp() * s)?)])
    }))
}

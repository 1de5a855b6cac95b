//! Differentiable `cat` and `stack`: each input gets its own slice of the gradient.
use crate::tensor::autograd::record::record_simple;
use crate::tensor::error::Result;
use crate::tensor::layout::wrap_dim;
use crate::tensor::tensor::Tensor;

/// `torch.cat(tensors, dim)` (`CatBackward0`).
pub fn cat(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
    let out = Tensor::cat(tensors, dim)?;
    let d = wrap_dim(dim, out.ndim())?;
    // Where each input starts along `dim` (1-D empty inputs take no room).
    let mut spans = vec![];
    let mut start = 0usize;
    for t in tensors {
        let len = if t.ndim() == 1 && t.numel() == 0 { 0 } else { t.shape()[d] };
        spans.push((start, len, t.ndim() == 1 && t.numel() == 0));
        start += len;
    }
    let inputs: Vec<&Tensor> = tensors.iter().collect();
    Ok(record_simple("CatBackward0", &inputs, out, move |ctx| {
        spans
            .iter()
            .map(|&(s, len, empty)| {
                if empty {
                    return Ok(Some(Tensor::zeros(&[0], ctx.grad.dtype())?));
                }
                Ok(Some(ctx.grad.narrow(d as i64, s as i64, len as i64)?))
            })
            .collect()
    }))
}

/// `torch.stack(tensors, dim)` (`StackBackward0`).
pub fn stack(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
    let out = Tensor::stack(tensors, dim)?;
    let d = wrap_dim(dim, out.ndim())? as i64;
    let n = tensors.len();
    let inputs: Vec<&Tensor> = tensors.iter().collect();
    Ok(record_simple("StackBackward0", &inputs, out, move |ctx| {
        (0..n).map(|i| Ok(Some(ctx.grad.select(d, i as i64)?))).collect()
    }))
}

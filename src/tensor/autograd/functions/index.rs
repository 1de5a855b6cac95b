//! Differentiable indexing. Indexing with ints, slices, `None` and `...` is a
//! chain of views (PyTorch records `SelectBackward0`, `SliceBackward0`, ...);
//! with index tensors it is `IndexBackward0`, whose gradient is put back with
//! accumulation (an element picked twice gets both gradients).
use super::view;
use crate::tensor::autograd::grad_math::map_grad;
use crate::tensor::autograd::node::SavedTensor;
use crate::tensor::autograd::record::record;
use crate::tensor::error::Result;
use crate::tensor::ops::index::TensorIndex;
use crate::tensor::tensor::Tensor;

/// `t[indices]`.
pub fn index(t: &Tensor, indices: &[TensorIndex]) -> Result<Tensor> {
    let out = t.index(indices)?; // also checks the indices, with PyTorch's errors
    if !indices.iter().any(|i| matches!(i, TensorIndex::Tensor(_))) {
        if !t.requires_grad() {
            return Ok(out);
        }
        return basic(t, indices);
    }
    let (shape, dtype, idx) = (t.shape().to_vec(), t.dtype(), indices.to_vec());
    let saved = index_tensors(indices);
    Ok(record("IndexBackward0", &[t], out, saved, move |ctx| {
        let z = Tensor::zeros(&shape, dtype)?;
        z.index_put_(&idx, ctx.grad, true)?;
        Ok(vec![Some(z)])
    }))
}

/// The index tensors, saved so that changing one in place is caught.
fn index_tensors(indices: &[TensorIndex]) -> Vec<SavedTensor> {
    indices
        .iter()
        .filter_map(|i| match i {
            TensorIndex::Tensor(t) => Some(SavedTensor::input(t)),
            _ => None,
        })
        .collect()
}

/// Basic indexing as the views PyTorch chains.
fn basic(t: &Tensor, indices: &[TensorIndex]) -> Result<Tensor> {
    let consumed = indices.iter().filter(|i| matches!(i, TensorIndex::Int(_) | TensorIndex::Slice(..))).count();
    let mut cur = t.clone();
    let mut d = 0i64;
    for i in indices {
        match i {
            TensorIndex::Int(k) => cur = view::select(&cur, d, *k)?,
            TensorIndex::Slice(a, b, s) => {
                cur = view::slice(&cur, d, *a, *b, *s)?;
                d += 1;
            }
            TensorIndex::NewAxis => {
                cur = view::unsqueeze(&cur, d)?;
                d += 1;
            }
            TensorIndex::Ellipsis => d += (t.ndim() - consumed) as i64,
            TensorIndex::Tensor(_) => unreachable!("basic indexing only"),
        }
    }
    if cur.is_same(t) {
        // `t[...]`: PyTorch returns an alias (`AliasBackward0`).
        return view::alias(t);
    }
    Ok(cur)
}

/// `index_put(indices, values, accumulate)` out of place (`IndexPutBackward0`):
/// the written places give no gradient to `t` unless accumulating; `values`
/// get the gradient of the places they went to.
pub fn index_put(t: &Tensor, indices: &[TensorIndex], values: &Tensor, accumulate: bool) -> Result<Tensor> {
    let out = t.copy_data()?;
    out.index_put_(indices, values, accumulate)?;
    let idx = indices.to_vec();
    let saved = index_tensors(indices);
    Ok(record("IndexPutBackward0", &[t, values], out, saved, move |ctx| {
        let g = ctx.grad;
        let gt = if !ctx.needs(0) {
            None
        } else if accumulate {
            Some(g.clone())
        } else {
            let masked = g.copy_data()?;
            masked.index_put_(&idx, &Tensor::zeros(&[], g.dtype())?, false)?;
            Some(masked)
        };
        let gv = if ctx.needs(1) { Some(map_grad([&g.index(&idx)?], |[x]| x)?) } else { None };
        Ok(vec![gt, gv])
    }))
}

/// `index_select(dim, index)` (`IndexSelectBackward0`).
pub fn index_select(t: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    let out = t.index_select(dim, index)?;
    let (shape, dtype) = (t.shape().to_vec(), t.dtype());
    Ok(record("IndexSelectBackward0", &[t], out, vec![SavedTensor::input(index)], move |ctx| {
        let z = Tensor::zeros(&shape, dtype)?;
        let d = crate::tensor::layout::wrap_dim(dim, shape.len().max(1))?;
        let mut idx = vec![TensorIndex::Slice(None, None, 1); d];
        idx.push(TensorIndex::Tensor(ctx.saved[0].clone()));
        z.index_put_(&idx, ctx.grad, true)?;
        Ok(vec![Some(z)])
    }))
}

/// `gather(dim, index)` (`GatherBackward0`): the gradient is scattered back, added.
pub fn gather(t: &Tensor, dim: i64, index: &Tensor) -> Result<Tensor> {
    let out = t.gather(dim, index)?;
    let (shape, dtype) = (t.shape().to_vec(), t.dtype());
    Ok(record("GatherBackward0", &[t], out, vec![SavedTensor::input(index)], move |ctx| {
        let z = Tensor::zeros(&shape, dtype)?;
        z.scatter_add_(dim, &ctx.saved[0], &ctx.grad.contiguous())?;
        Ok(vec![Some(z)])
    }))
}

/// `masked_select(mask)` (`MaskedSelectBackward0`).
pub fn masked_select(t: &Tensor, mask: &Tensor) -> Result<Tensor> {
    let out = t.masked_select(mask)?;
    let (shape, dtype) = (t.shape().to_vec(), t.dtype());
    Ok(record("MaskedSelectBackward0", &[t], out, vec![SavedTensor::input(mask)], move |ctx| {
        let m = &ctx.saved[0];
        let full = crate::tensor::layout::broadcast_shapes(&shape, m.shape())?;
        let z = Tensor::zeros(&full, dtype)?;
        z.index_put_(&[TensorIndex::Tensor(m.broadcast_to(&full)?)], ctx.grad, true)?;
        Ok(vec![Some(z)])
    }))
}

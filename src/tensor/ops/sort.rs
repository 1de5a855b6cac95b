//! `sort`, `argsort`, `topk` and `unique`. Sorts are stable (ties keep their
//! order) and NaN counts as larger than every number, as on PyTorch's CPU.
use super::reduce::{ReduceDims, lanes};
use crate::tensor::buffer::{BufferElement, CpuBuffer};
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::wrap_dim;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;
use std::cmp::Ordering;

/// Total order with NaN last.
#[inline]
#[allow(clippy::eq_op)]
fn cmp_nan_last<T: PartialOrd>(a: &T, b: &T) -> Ordering {
    match (a != a, b != b) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => a.partial_cmp(b).unwrap_or(Ordering::Equal),
    }
}

/// Sorts every lane along `dim`, keeping the first `k` of each; returns values
/// and indices laid out with `dim` last (its size `k`), plus that shape.
fn sort_lanes(t: &Tensor, dim: usize, descending: bool, k: usize) -> Result<(CpuBuffer, Vec<i64>, Vec<usize>)> {
    let shape = t.shape().to_vec();
    let rd = ReduceDims::one(&shape, dim as i64, true)?;
    let layout = t.layout();
    let mut moved: Vec<usize> = (0..shape.len()).filter(|&d| d != dim).map(|d| shape[d]).collect();
    moved.push(k);
    let (vals, idx) = t.with_cpu(|b| -> Result<(CpuBuffer, Vec<i64>)> {
        Ok(with_buffer!(b, v => {
            let l = lanes(v, layout, &rd)?;
            let mut vals = Vec::with_capacity(l.outer * k);
            let mut idx = Vec::with_capacity(l.outer * k);
            let mut order: Vec<usize> = Vec::with_capacity(l.inner);
            for i in 0..l.outer {
                let lane = l.lane(i);
                order.clear();
                order.extend(0..lane.len());
                if descending {
                    order.sort_by(|&a, &b| cmp_nan_last(&lane[b], &lane[a]));
                } else {
                    order.sort_by(|&a, &b| cmp_nan_last(&lane[a], &lane[b]));
                }
                for &o in &order[..k] {
                    vals.push(lane[o]);
                    idx.push(o as i64);
                }
            }
            (BufferElement::wrap(vals), idx)
        }))
    })?;
    Ok((vals, idx, moved))
}

/// Moves the last dim of a `[.., k]` result back to position `dim`.
fn dim_back(t: Tensor, dim: usize) -> Result<Tensor> {
    let n = t.ndim() as i64;
    if n == 0 {
        return Ok(t);
    }
    let mut perm: Vec<i64> = (0..n - 1).collect();
    perm.insert(dim, n - 1);
    Ok(t.permute(&perm)?.contiguous())
}

fn sorted(t: &Tensor, dim: i64, descending: bool, k: Option<usize>) -> Result<(Tensor, Tensor)> {
    if t.ndim() == 0 {
        return Ok((t.copy_data()?, Tensor::zeros(&[], crate::tensor::dtype::DType::I64)?));
    }
    let d = wrap_dim(dim, t.ndim())?;
    let size = t.shape()[d];
    let k = k.unwrap_or(size);
    let (vals, idx, moved) = sort_lanes(t, d, descending, k)?;
    let v = dim_back(Tensor::from_buffer(vals, &moved), d)?;
    let i = dim_back(Tensor::from_vec(idx, &moved)?, d)?;
    Ok((v, i))
}

impl Tensor {
    /// `sort(dim=-1, descending=False)`: `(values, indices)`, stable.
    pub fn sort(&self, dim: i64, descending: bool) -> Result<(Tensor, Tensor)> {
        sorted(self, dim, descending, None)
    }

    /// `argsort(dim=-1, descending=False)`: the indices `sort` returns.
    pub fn argsort(&self, dim: i64, descending: bool) -> Result<Tensor> {
        Ok(sorted(self, dim, descending, None)?.1)
    }

    /// `topk(k, dim=-1, largest=True)`: the `k` largest (or smallest) values along
    /// `dim`, sorted, with their indices.
    pub fn topk(&self, k: usize, dim: i64, largest: bool) -> Result<(Tensor, Tensor)> {
        let d = wrap_dim(dim, self.ndim())?;
        let size = if self.ndim() == 0 { 1 } else { self.shape()[d] };
        if k > size {
            return runtime("selected index k out of range");
        }
        sorted(self, dim, largest, Some(k))
    }

    /// `unique(sorted=True, return_inverse=True, return_counts=True)` over the
    /// flattened tensor: `(values, inverse, counts)`; `inverse` has `self`'s shape.
    pub fn unique(&self) -> Result<(Tensor, Tensor, Tensor)> {
        let flat = self.reshape(&[-1])?;
        let (vals, idx) = sorted(&flat, 0, false, None)?;
        let order = idx.to_vec::<i64>();
        let (buf, inverse, counts) = vals.with_cpu(|b| {
            with_buffer!(b, v => {
                let v = &v[vals.storage_offset()..vals.storage_offset() + vals.numel()];
                let mut uniq = Vec::new();
                let mut counts: Vec<i64> = Vec::new();
                let mut inverse = vec![0i64; v.len()];
                for (j, x) in v.iter().enumerate() {
                    if uniq.last().is_none_or(|u| cmp_nan_last(u, x) != Ordering::Equal) {
                        uniq.push(*x);
                        counts.push(0);
                    }
                    *counts.last_mut().expect("just pushed") += 1;
                    inverse[order[j] as usize] = uniq.len() as i64 - 1;
                }
                (BufferElement::wrap(uniq), inverse, counts)
            })
        });
        let n = counts.len();
        let values = Tensor::from_buffer(buf, &[n]);
        let inverse = Tensor::from_vec(inverse, self.shape())?;
        Ok((values, inverse, Tensor::from_vec(counts, &[n])?))
    }
}

#[cfg(test)]
mod tests {
    use crate::tensor::tensor::Tensor;

    fn f32s(v: &[f32]) -> Tensor {
        Tensor::from_vec(v.to_vec(), &[v.len()]).unwrap()
    }

    #[test]
    fn sorts_match_torch() {
        let x = f32s(&[3., 1., 2., 1.]);
        let (v, i) = x.sort(-1, false).unwrap();
        assert_eq!(
            (v.to_vec::<f32>(), i.to_vec::<i64>()),
            (vec![1., 1., 2., 3.], vec![1, 3, 2, 0])
        );
        let (v, i) = x.sort(0, true).unwrap();
        assert_eq!(
            (v.to_vec::<f32>(), i.to_vec::<i64>()),
            (vec![3., 2., 1., 1.], vec![0, 2, 1, 3])
        );
        let n = f32s(&[3., f32::NAN, 2., 1.]);
        assert_eq!(n.sort(0, false).unwrap().1.to_vec::<i64>(), vec![3, 2, 0, 1]);
        assert_eq!(n.sort(0, true).unwrap().1.to_vec::<i64>(), vec![1, 0, 2, 3]);
        let m = Tensor::from_vec(vec![3i64, 1, 2, 5], &[2, 2]).unwrap();
        let (v, i) = m.sort(0, false).unwrap();
        assert_eq!(
            (v.to_vec::<i64>(), i.to_vec::<i64>()),
            (vec![2, 1, 3, 5], vec![1, 0, 0, 1])
        );
        assert_eq!(x.argsort(-1, false).unwrap().to_vec::<i64>(), vec![1, 3, 2, 0]);
        let (v, i) = x.topk(2, -1, true).unwrap();
        assert_eq!((v.to_vec::<f32>(), i.to_vec::<i64>()), (vec![3., 2.], vec![0, 2]));
        let (v, i) = x.topk(2, -1, false).unwrap();
        assert_eq!((v.to_vec::<f32>(), i.to_vec::<i64>()), (vec![1., 1.], vec![1, 3]));
        assert_eq!(
            x.topk(5, -1, true).unwrap_err().to_string(),
            "selected index k out of range"
        );
        let b = Tensor::from_vec(vec![true, false], &[2]).unwrap();
        assert_eq!(b.sort(-1, false).unwrap().1.to_vec::<i64>(), vec![1, 0]);
    }

    #[test]
    fn unique_matches_torch() {
        // torch.tensor([3,1,2,1,3]).unique(return_inverse=True, return_counts=True)
        let x = Tensor::from_vec(vec![3i64, 1, 2, 1, 3], &[5]).unwrap();
        let (v, inv, c) = x.unique().unwrap();
        assert_eq!(v.to_vec::<i64>(), vec![1, 2, 3]);
        assert_eq!(inv.to_vec::<i64>(), vec![2, 0, 1, 0, 2]);
        assert_eq!(c.to_vec::<i64>(), vec![2, 1, 2]);
    }
}

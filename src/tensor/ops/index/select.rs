//! `index_select`, `take`, `masked_select` and `nonzero`.
use super::TensorIndex;
use super::nonzero::nonzero_coords;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, TensorError, index_err, runtime};
use crate::tensor::layout::{broadcast_shapes, wrap_dim};
use crate::tensor::tensor::Tensor;

impl Tensor {
    /// `index_select(dim, index)`: the slices of `dim` at the (int64/int32, at
    /// most 1-D, non-negative) indices, in their order; a new tensor.
    pub fn index_select(&self, dim: i64, index: &Tensor) -> Result<Tensor> {
        if !matches!(index.dtype(), DType::I64 | DType::I32) {
            return runtime("index_select(): Expected dtype int32 or int64 for index");
        }
        if index.ndim() > 1 {
            return Err(TensorError::Index(
                "index_select(): Index is supposed to be a vector".into(),
            ));
        }
        let d = wrap_dim(dim, self.ndim())?;
        let size = if self.ndim() == 0 { 1 } else { self.shape()[d] as i64 };
        let idx = index.to_vec::<i64>();
        if idx.iter().any(|&i| i < 0 || i >= size) {
            return index_err("index out of range in self");
        }
        if self.ndim() == 0 {
            return self.reshape(&[]).and_then(|t| t.copy_data());
        }
        let n = idx.len();
        let flat = Tensor::from_vec(idx, &[n])?;
        let mut ix = vec![TensorIndex::Slice(None, None, 1); d];
        ix.push(TensorIndex::Tensor(flat));
        self.index(&ix)
    }

    /// `take(index)`: elements of the flattened tensor at `index` (negative
    /// counts from the end); the result has `index`'s shape.
    pub fn take(&self, index: &Tensor) -> Result<Tensor> {
        if index.dtype() != DType::I64 {
            return runtime(format!(
                "take(): Expected a long tensor for index, but got {}",
                crate::tensor::dtype::pretty_name(index.dtype())
            ));
        }
        let n = self.numel() as i64;
        let idx = index.to_vec::<i64>();
        for &i in &idx {
            if i < -n || i >= n {
                return index_err(format!(
                    "out of range: tried to access index {i} on a tensor of {n} elements."
                ));
            }
        }
        let flat = self.reshape(&[-1])?;
        let wrapped: Vec<i64> = idx.iter().map(|&i| if i < 0 { i + n } else { i }).collect();
        let k = wrapped.len();
        let picked = flat.index(&[TensorIndex::Tensor(Tensor::from_vec(wrapped, &[k])?)])?;
        picked.reshape(&index.shape().iter().map(|&s| s as i64).collect::<Vec<_>>())
    }

    /// `masked_select(mask)`: the elements where the (broadcast) bool mask is true, as a 1-D tensor.
    pub fn masked_select(&self, mask: &Tensor) -> Result<Tensor> {
        if mask.dtype() != DType::Bool {
            return runtime("masked_select: expected BoolTensor for mask");
        }
        let shape = broadcast_shapes(self.shape(), mask.shape())?;
        let (x, m) = (self.broadcast_to(&shape)?, mask.broadcast_to(&shape)?);
        if shape.is_empty() {
            return x.reshape(&[1])?.index(&[TensorIndex::Tensor(m.reshape(&[1])?)]);
        }
        x.index(&[TensorIndex::Tensor(m)])
    }

    /// `nonzero()`: an int64 tensor `[n, ndim]` of the coordinates of non-zero
    /// elements, in row-major order.
    pub fn nonzero(&self) -> Result<Tensor> {
        let nd = self.ndim();
        if nd == 0 {
            let n = usize::from(self.item()?.to_bool());
            return Tensor::zeros(&[n, 0], DType::I64);
        }
        let coords = nonzero_coords(self);
        let n = coords[0].len();
        let mut v = Vec::with_capacity(n * nd);
        for i in 0..n {
            for c in &coords {
                v.push(c[i]);
            }
        }
        Tensor::from_vec(v, &[n, nd])
    }

    /// `nonzero(as_tuple=True)`: one 1-D int64 tensor of coordinates per dim (a
    /// 0-dim tensor counts as 1-D).
    pub fn nonzero_tuple(&self) -> Result<Vec<Tensor>> {
        let t = if self.ndim() == 0 {
            self.reshape(&[1])?
        } else {
            self.clone()
        };
        nonzero_coords(&t)
            .into_iter()
            .map(|c| {
                let n = c.len();
                Tensor::from_vec(c, &[n])
            })
            .collect()
    }
}

//! `gather` and `scatter`/`scatter_add`: dim-wise indexing where an index tensor
//! of the same rank names, for each of its positions, the coordinate along `dim`.
use super::put::write_values;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::{Layout, shape_str, wrap_dim};
use crate::tensor::scalar::Scalar;
use crate::tensor::strided;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

/// Storage offsets in `t` of `t[m with m[dim] = index[m]]` for every position `m`
/// of `index` (row-major), bounds-checked.
fn dim_offsets(t: &Tensor, dim: usize, index: &Tensor) -> Result<Vec<usize>> {
    let l = t.layout();
    let (size, stride) = if t.ndim() == 0 {
        (1, 0)
    } else {
        (l.shape[dim], l.strides[dim])
    };
    let mut strides = if t.ndim() == 0 {
        vec![0; index.ndim()]
    } else {
        l.strides.clone()
    };
    if !strides.is_empty() {
        strides[dim] = 0;
    }
    let base = Layout {
        shape: index.shape().to_vec(),
        strides,
        offset: l.offset,
    };
    let idx = index.to_vec::<i64>();
    let mut offs = Vec::with_capacity(idx.len());
    let mut err = None;
    strided::for_each_offset_in(&base, 0, idx.len(), |i, o| {
        let v = idx[i];
        if v < 0 || v >= size as i64 {
            err.get_or_insert(v);
        } else {
            offs.push((o as isize + v as isize * stride) as usize);
        }
    });
    if let Some(v) = err {
        return runtime(format!(
            "index {v} is out of bounds for dimension {dim} with size {size}"
        ));
    }
    Ok(offs)
}

fn check_index_tensor(t: &Tensor, index: &Tensor, op: &str) -> Result<()> {
    if !matches!(index.dtype(), DType::I64 | DType::I32) {
        return runtime(format!("{op}(): Expected dtype int64 for index"));
    }
    if index.ndim().max(1) != t.ndim().max(1) {
        return runtime("Index tensor must have the same number of dimensions as input tensor");
    }
    Ok(())
}

fn scatter_impl(t: &Tensor, dim: i64, index: &Tensor, src: &Tensor, accumulate: bool) -> Result<Tensor> {
    check_index_tensor(t, index, if accumulate { "scatter_add" } else { "scatter" })?;
    if src.dtype() != t.dtype() {
        return runtime(format!(
            "{}(): Expected self.dtype to be equal to src.dtype",
            if accumulate { "scatter_add" } else { "scatter" }
        ));
    }
    let d = wrap_dim(dim, t.ndim())?;
    let fits = (0..index.ndim()).all(|k| {
        (src.ndim() == 0 || index.shape()[k] <= src.shape().get(k).copied().unwrap_or(1))
            && (k == d || index.shape()[k] <= t.shape()[k])
    });
    if !fits {
        return runtime(format!(
            "Expected index {} to be no larger than self {} apart from dimension {d} and to be no larger size than src {}",
            shape_str(index.shape()),
            shape_str(t.shape()),
            shape_str(src.shape())
        ));
    }
    let offs = dim_offsets(t, d, index)?;
    // The part of `src` the index covers, read before the write lock (it may alias `t`).
    let sl = src.layout();
    let covered = src.with_layout(Layout {
        shape: index.shape().to_vec(),
        strides: if src.ndim() == 0 {
            vec![0; index.ndim()]
        } else {
            sl.strides.clone()
        },
        offset: sl.offset,
    });
    let vals = covered.to_buffer();
    t.with_cpu_mut(|b| with_buffer!(b, dst => write_values(dst, &vals, offs.len(), accumulate, |i| offs[i])));
    Ok(t.clone())
}

impl Tensor {
    /// `gather(dim, index)`: `out[m] = self[m with m[dim] = index[m]]`; `out` has
    /// `index`'s shape, which may not exceed `self`'s outside `dim`.
    pub fn gather(&self, dim: i64, index: &Tensor) -> Result<Tensor> {
        check_index_tensor(self, index, "gather")?;
        let d = wrap_dim(dim, self.ndim())?;
        for k in 0..index.ndim().min(self.ndim()) {
            if k != d && index.shape()[k] > self.shape()[k] {
                return runtime(format!(
                    "Size does not match at dimension {k} expected index {} to be no larger than self {} apart from dimension {d}",
                    shape_str(index.shape()),
                    shape_str(self.shape())
                ));
            }
        }
        let offs = dim_offsets(self, d, index)?;
        let buf = self.with_cpu(|b| with_buffer!(b, v => crate::tensor::buffer::BufferElement::wrap(offs.iter().map(|&o| v[o]).collect::<Vec<_>>())));
        Ok(Tensor::from_buffer(buf, index.shape()))
    }

    /// `scatter_(dim, index, src)`: `self[m with m[dim] = index[m]] = src[m]`, in place.
    pub fn scatter_(&self, dim: i64, index: &Tensor, src: &Tensor) -> Result<Tensor> {
        scatter_impl(self, dim, index, src, false)
    }

    /// `scatter(dim, index, src)`: a copy of `self` with `scatter_` applied.
    pub fn scatter(&self, dim: i64, index: &Tensor, src: &Tensor) -> Result<Tensor> {
        scatter_impl(&self.copy_data()?, dim, index, src, false)
    }

    /// `scatter(dim, index, value)` with a Python number.
    pub fn scatter_value(&self, dim: i64, index: &Tensor, value: Scalar) -> Result<Tensor> {
        let src = Tensor::scalar(value, self.dtype());
        scatter_impl(&self.copy_data()?, dim, index, &src, false)
    }

    /// `scatter_add_(dim, index, src)`: like `scatter_` but adds (every repeat counts).
    pub fn scatter_add_(&self, dim: i64, index: &Tensor, src: &Tensor) -> Result<Tensor> {
        scatter_impl(self, dim, index, src, true)
    }

    /// `scatter_add(dim, index, src)`: a copy of `self` with `scatter_add_` applied.
    pub fn scatter_add(&self, dim: i64, index: &Tensor, src: &Tensor) -> Result<Tensor> {
        scatter_impl(&self.copy_data()?, dim, index, src, true)
    }
}

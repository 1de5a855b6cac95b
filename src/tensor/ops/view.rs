//! View ops: new tensors over the same storage with another layout. Writes through
//! any of them are seen by all (they share one storage and one version counter).
use crate::tensor::error::{Result, index_err, runtime};
use crate::tensor::layout::{Layout, check_index, infer_shape, wrap_dim};
use crate::tensor::tensor::Tensor;

impl Tensor {
    /// `view(*shape)`: fails when the strides do not allow it, as PyTorch does.
    pub fn view(&self, sizes: &[i64]) -> Result<Tensor> {
        let shape = infer_shape(sizes, self.numel())?;
        match self.layout().view(&shape) {
            Some(l) => Ok(self.with_layout(l)),
            None => runtime(
                "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
            ),
        }
    }

    /// `reshape(*shape)`: a view when possible, else a contiguous copy.
    pub fn reshape(&self, sizes: &[i64]) -> Result<Tensor> {
        let shape = infer_shape(sizes, self.numel())?;
        match self.layout().view(&shape) {
            Some(l) => Ok(self.with_layout(l)),
            None => Ok(self.copy_data()?.with_layout(Layout::contiguous(&shape))),
        }
    }

    pub fn permute(&self, dims: &[i64]) -> Result<Tensor> {
        let nd = self.ndim();
        if dims.len() != nd {
            return runtime(format!(
                "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal to len(dims) = {}",
                dims.len()
            ));
        }
        let mut seen = vec![false; nd];
        let mut wrapped = Vec::with_capacity(nd);
        for &d in dims {
            let w = wrap_dim(d, nd)?;
            if seen[w] {
                return runtime("permute(): duplicate dims are not allowed.");
            }
            seen[w] = true;
            wrapped.push(w);
        }
        Ok(self.with_layout(self.layout().permute(&wrapped)))
    }

    pub fn transpose(&self, d0: i64, d1: i64) -> Result<Tensor> {
        let nd = self.ndim();
        if nd == 0 {
            return Ok(self.with_layout(self.layout().clone()));
        }
        let (a, b) = (wrap_dim(d0, nd)?, wrap_dim(d1, nd)?);
        Ok(self.with_layout(self.layout().transpose(a, b)))
    }

    /// `t()`: transpose of a matrix; vectors and scalars come back as they are.
    pub fn t(&self) -> Result<Tensor> {
        let nd = self.ndim();
        if nd > 2 {
            return runtime(format!("t() expects a tensor with <= 2 dimensions, but self is {nd}D"));
        }
        if nd < 2 {
            return Ok(self.with_layout(self.layout().clone()));
        }
        self.transpose(0, 1)
    }

    /// `.T`: reverses all dims.
    pub fn t_all(&self) -> Result<Tensor> {
        let dims: Vec<i64> = (0..self.ndim() as i64).rev().collect();
        self.permute(&dims)
    }

    /// `.mT`: swaps the last two dims.
    pub fn mt(&self) -> Result<Tensor> {
        if self.ndim() < 2 {
            return runtime(format!(
                "tensor.mT is only supported on matrices or batches of matrices. Got {}-D tensor.",
                self.ndim()
            ));
        }
        self.transpose(-2, -1)
    }

    /// `squeeze()` / `squeeze(dim)` / `squeeze((d0, d1))`.
    pub fn squeeze(&self, dims: Option<&[i64]>) -> Result<Tensor> {
        let nd = self.ndim();
        let dims: Vec<usize> = match dims {
            None => (0..nd).collect(),
            Some(ds) => ds.iter().map(|&d| wrap_dim(d, nd)).collect::<Result<_>>()?,
        };
        Ok(self.with_layout(self.layout().squeeze(&dims)))
    }

    pub fn unsqueeze(&self, dim: i64) -> Result<Tensor> {
        let d = wrap_dim(dim, self.ndim() + 1)?;
        Ok(self.with_layout(self.layout().unsqueeze(d)))
    }

    /// `flatten(start_dim=0, end_dim=-1)`: a view when the dims allow it.
    pub fn flatten(&self, start: i64, end: i64) -> Result<Tensor> {
        let nd = self.ndim();
        if nd == 0 {
            return self.reshape(&[1]);
        }
        let (s, e) = (wrap_dim(start, nd)?, wrap_dim(end, nd)?);
        if s > e {
            return runtime("flatten() has invalid args: start_dim cannot come after end_dim");
        }
        if s == e {
            return Ok(self.with_layout(self.layout().clone()));
        }
        let mut sizes: Vec<i64> = self.shape()[..s].iter().map(|&d| d as i64).collect();
        sizes.push(self.shape()[s..=e].iter().product::<usize>() as i64);
        sizes.extend(self.shape()[e + 1..].iter().map(|&d| d as i64));
        self.reshape(&sizes)
    }

    /// `unflatten(dim, sizes)`.
    pub fn unflatten(&self, dim: i64, sizes: &[i64]) -> Result<Tensor> {
        let d = wrap_dim(dim, self.ndim())?;
        let inner = infer_shape(sizes, self.shape()[d])?;
        let mut shape: Vec<i64> = self.shape()[..d].iter().map(|&x| x as i64).collect();
        shape.extend(inner.iter().map(|&x| x as i64));
        shape.extend(self.shape()[d + 1..].iter().map(|&x| x as i64));
        self.view(&shape)
    }

    /// `expand(*sizes)`, where -1 keeps a dim's size.
    pub fn expand(&self, sizes: &[i64]) -> Result<Tensor> {
        let nd = self.ndim();
        if sizes.len() < nd {
            return runtime(format!(
                "expand({}{{[{}]}}, size=[{}]): the number of sizes provided ({}) must be greater or equal to the number of dimensions in the tensor ({})",
                self.dtype().legacy_type_name(),
                self.shape().iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "),
                sizes.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "),
                sizes.len(),
                nd
            ));
        }
        let extra = sizes.len() - nd;
        let mut shape = Vec::with_capacity(sizes.len());
        for (i, &s) in sizes.iter().enumerate() {
            if s == -1 {
                if i < extra {
                    return runtime(format!(
                        "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension {i}"
                    ));
                }
                shape.push(self.shape()[i - extra]);
            } else if s < 0 {
                return runtime(format!("Trying to create tensor with negative dimension {s}: {:?}", sizes));
            } else {
                shape.push(s as usize);
            }
        }
        Ok(self.with_layout(self.layout().expand(&shape)?))
    }

    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Tensor> {
        if shape == self.shape() {
            return Ok(self.clone());
        }
        Ok(self.with_layout(self.layout().expand(shape)?))
    }

    /// `narrow(dim, start, length)`.
    pub fn narrow(&self, dim: i64, start: i64, length: i64) -> Result<Tensor> {
        if self.ndim() == 0 {
            return runtime("narrow() cannot be applied to a 0-dim tensor.");
        }
        let d = wrap_dim(dim, self.ndim())?;
        let size = self.shape()[d] as i64;
        let start = if start < 0 { start + size } else { start };
        if start < 0 || start > size {
            return index_err(format!(
                "start out of range (expected to be in range of [{}, {}], but got {})",
                -size, size, start
            ));
        }
        if length < 0 || start + length > size {
            return runtime(format!("start ({start}) + length ({length}) exceeds dimension size ({size})."));
        }
        Ok(self.with_layout(self.layout().slice(d, start as usize, length as usize, 1)))
    }

    /// `select(dim, index)`: indexing with an integer.
    pub fn select(&self, dim: i64, index: i64) -> Result<Tensor> {
        if self.ndim() == 0 {
            return index_err("select() cannot be applied to a 0-dim tensor.");
        }
        let d = wrap_dim(dim, self.ndim())?;
        let size = self.shape()[d];
        let i = check_index(index, size, d).map_err(|_| {
            crate::tensor::TensorError::Index(format!(
                "index {index} is out of bounds for dimension {d} with size {size}"
            ))
        })?;
        Ok(self.with_layout(self.layout().select(d, i)))
    }

    /// Python slicing `start:stop:step` on one dim, with Python's clamping rules.
    /// `step` must be positive (PyTorch refuses negative steps).
    pub fn slice(&self, dim: i64, start: Option<i64>, stop: Option<i64>, step: i64) -> Result<Tensor> {
        if step <= 0 {
            return crate::tensor::error::value_err("step must be greater than zero");
        }
        let d = wrap_dim(dim, self.ndim())?;
        let size = self.shape()[d] as i64;
        let clamp = |v: Option<i64>, default: i64| -> i64 {
            match v {
                None => default,
                Some(v) if v < 0 => (v + size).max(0),
                Some(v) => v.min(size),
            }
        };
        let s = clamp(start, 0);
        let e = clamp(stop, size).max(s);
        let len = (e - s + step - 1) / step;
        Ok(self.with_layout(self.layout().slice(d, s as usize, len as usize, step as usize)))
    }

    /// `unbind(dim)`: the slices along `dim`.
    pub fn unbind(&self, dim: i64) -> Result<Vec<Tensor>> {
        let d = wrap_dim(dim, self.ndim())?;
        (0..self.shape()[d]).map(|i| self.select(d as i64, i as i64)).collect()
    }

    /// `split(split_size, dim)` into pieces of `size` (the last may be smaller).
    pub fn split(&self, size: usize, dim: i64) -> Result<Vec<Tensor>> {
        let d = wrap_dim(dim, self.ndim())?;
        let n = self.shape()[d];
        if size == 0 && n > 0 {
            return runtime("split_size can only be 0 if dimension size is 0, but got dimension size of ".to_string() + &n.to_string());
        }
        let mut out = vec![];
        let mut s = 0;
        while s < n {
            let len = size.min(n - s);
            out.push(self.narrow(d as i64, s as i64, len as i64)?);
            s += len;
        }
        Ok(out)
    }

    /// `chunk(chunks, dim)`.
    pub fn chunk(&self, chunks: usize, dim: i64) -> Result<Vec<Tensor>> {
        if chunks == 0 {
            return runtime("chunk expects `chunks` to be greater than 0, got: 0");
        }
        let d = wrap_dim(dim, self.ndim())?;
        let size = self.shape()[d].div_ceil(chunks);
        if size == 0 {
            return Ok(vec![self.with_layout(self.layout().clone())]);
        }
        self.split(size, dim)
    }

    /// `diagonal()` of the last... of dims 0 and 1 (offset 0), as a view.
    pub fn diagonal(&self, offset: i64, d1: i64, d2: i64) -> Result<Tensor> {
        let nd = self.ndim();
        let (a, b) = (wrap_dim(d1, nd)?, wrap_dim(d2, nd)?);
        let l = self.layout();
        let (na, nb) = (l.shape[a] as i64, l.shape[b] as i64);
        let (len, off) = if offset >= 0 {
            ((na).min(nb - offset).max(0), offset * l.strides[b] as i64)
        } else {
            ((na + offset).min(nb).max(0), -offset * l.strides[a] as i64)
        };
        let mut shape = vec![];
        let mut strides = vec![];
        for i in 0..nd {
            if i != a && i != b {
                shape.push(l.shape[i]);
                strides.push(l.strides[i]);
            }
        }
        shape.push(len as usize);
        strides.push(l.strides[a] + l.strides[b]);
        let offset = if len > 0 { (l.offset as i64 + off) as usize } else { l.offset };
        Ok(self.with_layout(Layout { shape, strides, offset }))
    }
}

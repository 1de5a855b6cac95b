//! Shape, strides and offset: how a tensor's elements sit in its storage.
//! Every view op is a pure function from one layout to another.
use super::error::{Result, TensorError, index_err, runtime};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub shape: Vec<usize>,
    /// In elements; may be 0 (expanded dims) or negative (NumPy's reversed views).
    pub strides: Vec<isize>,
    /// In elements, from the start of the storage.
    pub offset: usize,
}

pub fn numel(shape: &[usize]) -> usize {
    shape.iter().product()
}

pub fn contiguous_strides(shape: &[usize]) -> Vec<isize> {
    let mut strides = vec![0isize; shape.len()];
    let mut acc = 1isize;
    for i in (0..shape.len()).rev() {
        strides[i] = acc;
        acc *= shape[i].max(1) as isize;
    }
    strides
}

/// Wraps a possibly negative dim into `0..ndim`, with PyTorch's IndexError text.
pub fn wrap_dim(dim: i64, ndim: usize) -> Result<usize> {
    let n = ndim.max(1) as i64; // a 0-dim tensor accepts dim 0 and -1
    if dim < -n || dim >= n {
        return index_err(format!(
            "Dimension out of range (expected to be in range of [{}, {}], but got {})",
            -n,
            n - 1,
            dim
        ));
    }
    Ok(if dim < 0 { (dim + n) as usize } else { dim as usize })
}

/// `torch.Size([2, 3])`, as shapes appear inside error messages: `[2, 3]`.
pub fn shape_str(shape: &[usize]) -> String {
    let parts: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

/// Broadcasts two shapes, or PyTorch's error naming the first mismatching dim.
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    // From the last dim, as ATen's infer_size: the error names the rightmost mismatch.
    for i in (0..n).rev() {
        let da = if i + a.len() >= n { a[i + a.len() - n] } else { 1 };
        let db = if i + b.len() >= n { b[i + b.len() - n] } else { 1 };
        out[i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return runtime(format!(
                "The size of tensor a ({da}) must match the size of tensor b ({db}) at non-singleton dimension {i}"
            ));
        };
    }
    Ok(out)
}

impl Layout {
    pub fn contiguous(shape: &[usize]) -> Layout {
        Layout { shape: shape.to_vec(), strides: contiguous_strides(shape), offset: 0 }
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    pub fn numel(&self) -> usize {
        numel(&self.shape)
    }

    /// Row-major contiguous from `offset` (size-1 dims may have any stride).
    pub fn is_contiguous(&self) -> bool {
        let mut expected = 1isize;
        for i in (0..self.ndim()).rev() {
            if self.shape[i] == 1 {
                continue;
            }
            if self.strides[i] != expected {
                return false;
            }
            expected *= self.shape[i] as isize;
        }
        true
    }

    /// The storage offset of the element at a multi-index.
    pub fn offset_of(&self, index: &[usize]) -> usize {
        let mut off = self.offset as isize;
        for (i, &ix) in index.iter().enumerate() {
            off += ix as isize * self.strides[i];
        }
        off as usize
    }

    /// The storage offset of the `flat`-th element in row-major order.
    pub fn offset_of_flat(&self, mut flat: usize) -> usize {
        let mut off = self.offset as isize;
        for i in (0..self.ndim()).rev() {
            let d = self.shape[i];
            if d == 0 {
                return self.offset;
            }
            off += (flat % d) as isize * self.strides[i];
            flat /= d;
        }
        off as usize
    }

    /// Lowest and highest storage offset touched (for bounds checks), or None if empty.
    pub fn span(&self) -> Option<(usize, usize)> {
        if self.numel() == 0 {
            return None;
        }
        let (mut lo, mut hi) = (self.offset as isize, self.offset as isize);
        for (&d, &s) in self.shape.iter().zip(&self.strides) {
            let reach = (d as isize - 1) * s;
            if reach < 0 {
                lo += reach
            } else {
                hi += reach
            }
        }
        Some((lo as usize, hi as usize))
    }

    pub fn permute(&self, dims: &[usize]) -> Layout {
        Layout {
            shape: dims.iter().map(|&d| self.shape[d]).collect(),
            strides: dims.iter().map(|&d| self.strides[d]).collect(),
            offset: self.offset,
        }
    }

    pub fn transpose(&self, a: usize, b: usize) -> Layout {
        let mut l = self.clone();
        l.shape.swap(a, b);
        l.strides.swap(a, b);
        l
    }

    /// `narrow`/slicing on one dim: elements `start, start+step, ...`, `len` of them.
    pub fn slice(&self, dim: usize, start: usize, len: usize, step: usize) -> Layout {
        let mut l = self.clone();
        if len > 0 {
            l.offset = (self.offset as isize + start as isize * self.strides[dim]) as usize;
        }
        l.shape[dim] = len;
        l.strides[dim] = self.strides[dim] * step as isize;
        l
    }

    /// `select`: drops `dim`, fixing it at `index` (already wrapped and checked).
    pub fn select(&self, dim: usize, index: usize) -> Layout {
        let mut l = self.clone();
        l.offset = (self.offset as isize + index as isize * self.strides[dim]) as usize;
        l.shape.remove(dim);
        l.strides.remove(dim);
        l
    }

    pub fn unsqueeze(&self, dim: usize) -> Layout {
        let mut l = self.clone();
        let stride = if dim < self.ndim() {
            self.strides[dim] * self.shape[dim] as isize
        } else {
            1
        };
        l.shape.insert(dim, 1);
        l.strides.insert(dim, stride);
        l
    }

    /// Removes the given size-1 dims (others are left alone, as PyTorch does).
    pub fn squeeze(&self, dims: &[usize]) -> Layout {
        let mut l = Layout { shape: vec![], strides: vec![], offset: self.offset };
        for i in 0..self.ndim() {
            if self.shape[i] == 1 && dims.contains(&i) {
                continue;
            }
            l.shape.push(self.shape[i]);
            l.strides.push(self.strides[i]);
        }
        l
    }

    /// `expand` to `shape` (same or more dims; -1 already resolved by the caller).
    pub fn expand(&self, shape: &[usize]) -> Result<Layout> {
        if shape.len() < self.ndim() {
            return runtime(format!(
                "expand(torch.FloatTensor{{{}}}, size=[{}]): the number of sizes provided ({}) must be greater or equal to the number of dimensions in the tensor ({})",
                self.shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "),
                shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "),
                shape.len(),
                self.ndim()
            ));
        }
        let extra = shape.len() - self.ndim();
        let mut strides = vec![0isize; shape.len()];
        // From the right, so a mismatch names the last bad dim, as PyTorch's message does.
        for i in (0..shape.len()).rev() {
            if i < extra {
                strides[i] = 0;
                continue;
            }
            let (have, want) = (self.shape[i - extra], shape[i]);
            if have == want {
                strides[i] = self.strides[i - extra];
            } else if have == 1 {
                strides[i] = 0;
            } else {
                return runtime(format!(
                    "The expanded size of the tensor ({want}) must match the existing size ({have}) at non-singleton dimension {i}.  Target sizes: {}.  Tensor sizes: {}",
                    shape_str(shape),
                    shape_str(&self.shape)
                ));
            }
        }
        Ok(Layout { shape: shape.to_vec(), strides, offset: self.offset })
    }

    /// The layout `view(shape)` gives without copying, or None when the strides
    /// do not allow it (ATen's computeStride).
    pub fn view(&self, shape: &[usize]) -> Option<Layout> {
        let numel = self.numel();
        if numel == 0 || self.ndim() == 0 {
            return Some(Layout { shape: shape.to_vec(), strides: contiguous_strides(shape), offset: self.offset });
        }
        let mut new_strides = vec![0isize; shape.len()];
        let mut view_d = shape.len() as isize - 1;
        let mut chunk_base_stride = *self.strides.last().unwrap();
        let mut tensor_numel = 1usize;
        let mut view_numel = 1usize;
        for tensor_d in (0..self.ndim()).rev() {
            tensor_numel *= self.shape[tensor_d];
            let at_chunk_end = tensor_d == 0
                || (self.shape[tensor_d - 1] != 1
                    && self.strides[tensor_d - 1] != tensor_numel as isize * chunk_base_stride);
            if at_chunk_end {
                while view_d >= 0 && (view_numel < tensor_numel || shape[view_d as usize] == 1) {
                    new_strides[view_d as usize] = view_numel as isize * chunk_base_stride;
                    view_numel *= shape[view_d as usize];
                    view_d -= 1;
                }
                if view_numel != tensor_numel {
                    return None;
                }
                if tensor_d > 0 {
                    chunk_base_stride = self.strides[tensor_d - 1];
                    tensor_numel = 1;
                    view_numel = 1;
                }
            }
        }
        if view_d != -1 {
            return None;
        }
        Some(Layout { shape: shape.to_vec(), strides: new_strides, offset: self.offset })
    }
}

/// Resolves a `view`/`reshape` size list with at most one -1 against `numel`.
pub fn infer_shape(sizes: &[i64], numel: usize) -> Result<Vec<usize>> {
    let mut infer = None;
    let mut known = 1usize;
    for (i, &s) in sizes.iter().enumerate() {
        if s == -1 {
            if infer.is_some() {
                return runtime("only one dimension can be inferred");
            }
            infer = Some(i);
        } else if s < 0 {
            return runtime(format!("invalid shape dimension {s}"));
        } else {
            known *= s as usize;
        }
    }
    let shape_desc = || {
        let parts: Vec<String> = sizes.iter().map(|d| d.to_string()).collect();
        format!("[{}]", parts.join(", "))
    };
    match infer {
        Some(i) => {
            if known == 0 || numel % known != 0 {
                if known == 0 {
                    return runtime(format!(
                        "cannot reshape tensor of 0 elements into shape {} because the unspecified dimension size -1 can be any value and is ambiguous",
                        shape_desc()
                    ));
                }
                return runtime(format!("shape '{}' is invalid for input of size {numel}", shape_desc()));
            }
            let mut out: Vec<usize> = sizes.iter().map(|&s| s.max(0) as usize).collect();
            out[i] = numel / known;
            Ok(out)
        }
        None => {
            if known != numel {
                return runtime(format!("shape '{}' is invalid for input of size {numel}", shape_desc()));
            }
            Ok(sizes.iter().map(|&s| s as usize).collect())
        }
    }
}

/// Checks an index against a dim's size, with PyTorch's message.
pub fn check_index(index: i64, size: usize, dim: usize) -> Result<usize> {
    let n = size as i64;
    if index < -n || index >= n {
        return Err(TensorError::Index(format!(
            "index {index} is out of bounds for dimension {dim} with size {size}"
        )));
    }
    Ok(if index < 0 { (index + n) as usize } else { index as usize })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_of_transposed_is_refused_and_of_contiguous_allowed() {
        let l = Layout::contiguous(&[2, 3]);
        assert_eq!(l.view(&[3, 2]).unwrap().strides, vec![2, 1]);
        let t = l.transpose(0, 1);
        assert!(t.view(&[6]).is_none());
        assert!(t.view(&[3, 2]).is_some()); // same shape view is fine
    }

    #[test]
    fn broadcast_error_names_the_dim() {
        let e = broadcast_shapes(&[2, 3], &[4]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"
        );
    }

    #[test]
    fn infer_shape_rules() {
        assert_eq!(infer_shape(&[-1, 2], 6).unwrap(), vec![3, 2]);
        assert_eq!(infer_shape(&[4, -1], 6).unwrap_err().to_string(), "shape '[4, -1]' is invalid for input of size 6");
    }
}

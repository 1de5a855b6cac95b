//! The first half of indexing: apply ints, slices, `None` and `...` as a view and
//! collect the index tensors with the dim of that view each one indexes.
use super::TensorIndex;
use super::nonzero::nonzero_coords;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, TensorError, index_err, value_err};
use crate::tensor::layout::{check_index, shape_str};
use crate::tensor::tensor::Tensor;

pub(crate) struct Plan {
    /// The tensor after the basic indices (a view of the input).
    pub view: Tensor,
    /// Index tensors (int64, any shape) and the dim of `view` each indexes, in order.
    pub adv: Vec<(usize, Tensor)>,
}

fn is_mask(t: &Tensor) -> bool {
    matches!(t.dtype(), DType::Bool | DType::U8)
}

pub(crate) fn plan(t: &Tensor, indices: &[TensorIndex]) -> Result<Plan> {
    let nd = t.ndim();
    let mut consumed = 0;
    let mut ellipses = 0;
    for i in indices {
        match i {
            TensorIndex::Int(_) if nd == 0 => {
                return index_err(
                    "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
                );
            }
            TensorIndex::Int(_) | TensorIndex::Slice(..) => consumed += 1,
            TensorIndex::Tensor(x) if is_mask(x) => consumed += x.ndim(),
            TensorIndex::Tensor(_) => consumed += 1,
            TensorIndex::Ellipsis => ellipses += 1,
            TensorIndex::NewAxis => {}
        }
    }
    if ellipses > 1 {
        return index_err("an index can only have a single ellipsis ('...')");
    }
    if consumed > nd {
        return index_err(format!("too many indices for tensor of dimension {nd}"));
    }
    let mut view = t.with_layout(t.layout().clone());
    let mut adv = Vec::new();
    // `dim`: position in `view`; `real`: dims of the input used so far (error texts count those).
    let (mut dim, mut real) = (0usize, 0usize);
    for i in indices {
        match i {
            TensorIndex::Int(k) => {
                let size = view.shape()[dim];
                let w = check_index(*k, size, real)?;
                view = view.with_layout(view.layout().select(dim, w));
                real += 1;
            }
            TensorIndex::Slice(start, stop, step) => {
                if *step == 0 {
                    return value_err("slice step cannot be zero");
                }
                view = view.slice(dim as i64, *start, *stop, *step)?;
                dim += 1;
                real += 1;
            }
            TensorIndex::NewAxis => {
                view = view.unsqueeze(dim as i64)?;
                dim += 1;
            }
            TensorIndex::Ellipsis => {
                dim += nd - consumed;
                real += nd - consumed;
            }
            TensorIndex::Tensor(x) if is_mask(x) => {
                if x.ndim() == 0 {
                    // `t[True]` adds a dim of size 1 and keeps it (or none of it).
                    view = view.unsqueeze(dim as i64)?;
                    let keep: Vec<i64> = if x.item()?.to_bool() { vec![0] } else { vec![] };
                    let n = keep.len();
                    adv.push((dim, Tensor::from_vec(keep, &[n])?));
                    dim += 1;
                    continue;
                }
                for j in 0..x.ndim() {
                    if x.shape()[j] != view.shape()[dim + j] {
                        return index_err(format!(
                            "The shape of the mask {} at index {j} does not match the shape of the indexed tensor {} at index {}",
                            shape_str(x.shape()),
                            shape_str(view.shape()),
                            dim + j
                        ));
                    }
                }
                let coords = nonzero_coords(x);
                for (j, c) in coords.into_iter().enumerate() {
                    let n = c.len();
                    adv.push((dim + j, Tensor::from_vec(c, &[n])?));
                }
                dim += x.ndim();
                real += x.ndim();
            }
            TensorIndex::Tensor(x) => {
                if !matches!(x.dtype(), DType::I64 | DType::I32) {
                    return Err(TensorError::Index(
                        "tensors used as indices must be long, int, byte or bool tensors".into(),
                    ));
                }
                adv.push((dim, x.to_dtype(DType::I64)?));
                dim += 1;
                real += 1;
            }
        }
    }
    Ok(Plan { view, adv })
}

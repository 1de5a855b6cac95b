//! The second half of indexing: index tensors broadcast together and turned into
//! storage offsets, for reading (`index`) and writing (`index_put_`).
use crate::tensor::buffer::{BufferElement, build_vec};
use crate::tensor::error::{Result, index_err};
use crate::tensor::layout::{Layout, broadcast_shapes, check_index, numel, shape_str};
use crate::tensor::strided;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

/// Where every element of an advanced-indexing result lives in the storage:
/// element `((p * nb) + b) * npost + q` is at `rest_off[p * npost + q] + adv_off[b]`,
/// with `b` running over the broadcast index shape and `p`/`q` over the other dims
/// before/after the place the index dims go.
pub(crate) struct AdvPlan {
    pub out_shape: Vec<usize>,
    nb: usize,
    npost: usize,
    rest_off: Vec<usize>,
    adv_off: Vec<isize>,
}

impl AdvPlan {
    pub fn new(view: &Tensor, adv: &[(usize, Tensor)]) -> Result<AdvPlan> {
        let mut bshape: Vec<usize> = Vec::new();
        for (_, t) in adv {
            bshape = match broadcast_shapes(&bshape, t.shape()) {
                Ok(s) => s,
                Err(_) => {
                    let shapes: Vec<String> = adv.iter().map(|(_, t)| shape_str(t.shape())).collect();
                    return index_err(format!(
                        "shape mismatch: indexing tensors could not be broadcast together with shapes {}",
                        shapes.join(", ")
                    ));
                }
            };
        }
        let nb = numel(&bshape);
        let mut adv_off = vec![0isize; nb];
        for (dim, t) in adv {
            let vals = t.broadcast_to(&bshape)?.to_vec::<i64>();
            let (size, stride) = (view.shape()[*dim], view.strides()[*dim]);
            for (o, &v) in adv_off.iter_mut().zip(&vals) {
                *o += check_index(v, size, *dim)? as isize * stride;
            }
        }
        let dims: Vec<usize> = adv.iter().map(|(d, _)| *d).collect();
        let adjacent = dims.windows(2).all(|w| w[1] == w[0] + 1);
        let rest: Vec<usize> = (0..view.ndim()).filter(|d| !dims.contains(d)).collect();
        let npre_dims = if adjacent {
            rest.iter().filter(|&&d| d < dims[0]).count()
        } else {
            0
        };
        let l = view.layout();
        let rest_layout = Layout {
            shape: rest.iter().map(|&d| l.shape[d]).collect(),
            strides: rest.iter().map(|&d| l.strides[d]).collect(),
            offset: l.offset,
        };
        let mut rest_off = Vec::with_capacity(rest_layout.numel());
        strided::for_each_offset(&rest_layout, |o| rest_off.push(o));
        let pre_shape = &rest_layout.shape[..npre_dims];
        let post_shape = &rest_layout.shape[npre_dims..];
        let mut out_shape = pre_shape.to_vec();
        out_shape.extend(&bshape);
        out_shape.extend(post_shape);
        Ok(AdvPlan {
            out_shape,
            nb,
            npost: numel(post_shape),
            rest_off,
            adv_off,
        })
    }

    pub fn numel(&self) -> usize {
        numel(&self.out_shape)
    }

    /// The storage offset of result element `i`.
    #[inline]
    pub fn offset(&self, i: usize) -> usize {
        let q = i % self.npost;
        let pb = i / self.npost;
        let (p, b) = (pb / self.nb, pb % self.nb);
        (self.rest_off[p * self.npost + q] as isize + self.adv_off[b]) as usize
    }

    /// Reads the indexed elements into a new tensor.
    pub fn gather(&self, view: &Tensor) -> Result<Tensor> {
        let n = self.numel();
        let buf = view.with_cpu(|b| -> Result<_> {
            Ok(with_buffer!(b, v => BufferElement::wrap(build_vec(n, |i| v[self.offset(i)])?)))
        })?;
        Ok(Tensor::from_buffer(buf, &self.out_shape))
    }
}

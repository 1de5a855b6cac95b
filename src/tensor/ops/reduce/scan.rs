//! `cumsum` and `cumprod` along a dim. Floats accumulate in float64 and round
//! each output (ATen's `acc_type`), ints in int64 with wraparound.
use super::{ReduceDims, collect_as, lanes};
use crate::tensor::buffer::{BufferElement, CpuBuffer};
use crate::tensor::dtype::DType;
use crate::tensor::element::Element;
use crate::tensor::error::Result;
use crate::tensor::layout::wrap_dim;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

fn scan(t: &Tensor, dim: i64, dtype: Option<DType>, prod: bool) -> Result<Tensor> {
    let d = wrap_dim(dim, t.ndim())?;
    let out_dtype = dtype.unwrap_or(if t.dtype().is_float() { t.dtype() } else { DType::I64 });
    let x = t.to_dtype(out_dtype)?;
    let shape = x.shape().to_vec();
    if x.ndim() == 0 {
        return x.copy_data();
    }
    let rd = ReduceDims::one(&shape, d as i64, true)?;
    let layout = x.layout();
    let buf = x.with_cpu(|b| -> Result<CpuBuffer> {
        Ok(with_buffer!(b, v => {
            let l = lanes(v, layout, &rd)?;
            let mut out = collect_as(v, std::iter::empty::<()>(), |_| unreachable!());
            out.reserve(l.inner * l.outer);
            for i in 0..l.outer {
                let lane = l.lane(i);
                if out_dtype.is_float() {
                    let mut acc = if prod { 1f64 } else { 0f64 };
                    for &x in lane {
                        acc = if prod { acc * x.to_f64() } else { acc + x.to_f64() };
                        out.push(Element::from_f64(acc));
                    }
                } else {
                    let mut acc = if prod { 1i64 } else { 0i64 };
                    for &x in lane {
                        acc = if prod { acc.wrapping_mul(x.to_i64()) } else { acc.wrapping_add(x.to_i64()) };
                        out.push(Element::from_i64(acc));
                    }
                }
            }
            BufferElement::wrap(out)
        }))
    })?;
    // The values come out with `dim` last; move it back into place.
    let mut perm_shape: Vec<usize> = (0..shape.len()).filter(|&k| k != d).map(|k| shape[k]).collect();
    perm_shape.push(shape[d]);
    let moved = Tensor::from_buffer(buf, &perm_shape);
    let last = shape.len() as i64 - 1;
    Ok(moved.movedim_last_to(last, d as i64)?.contiguous())
}

impl Tensor {
    /// `cumsum(dim, dtype=None)`: ints and bools give int64 unless `dtype=` says otherwise.
    pub fn cumsum(&self, dim: i64, dtype: Option<DType>) -> Result<Tensor> {
        scan(self, dim, dtype, false)
    }

    /// `cumprod(dim, dtype=None)`.
    pub fn cumprod(&self, dim: i64, dtype: Option<DType>) -> Result<Tensor> {
        scan(self, dim, dtype, true)
    }

    /// The view with dim `from` (the last) moved to position `to`.
    fn movedim_last_to(&self, from: i64, to: i64) -> Result<Tensor> {
        let n = self.ndim() as i64;
        let mut perm: Vec<i64> = (0..n - 1).collect();
        perm.insert(to as usize, from);
        // `perm[k]` is the source dim of output dim k.
        self.permute(&perm)
    }
}

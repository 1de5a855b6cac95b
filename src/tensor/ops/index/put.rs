//! `t[...] = v` and `index_put_`: the value is broadcast to the indexed shape,
//! cast to the tensor's dtype and written (or added, with `accumulate`). With
//! repeated indices the last write wins (and all of them add when accumulating).
use super::TensorIndex;
use super::advanced::AdvPlan;
use super::plan::plan;
use crate::tensor::buffer::{BufferElement, CpuBuffer};
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::shape_str;
use crate::tensor::strided;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;
use half::{bf16, f16};

/// `+=` for `accumulate=True`, in each dtype's own arithmetic.
pub(crate) trait AccumAdd: Copy {
    fn acc_add(self, o: Self) -> Self;
}
macro_rules! wrapping_add {
    ($($t:ty),*) => {$(impl AccumAdd for $t { #[inline] fn acc_add(self, o: Self) -> Self { self.wrapping_add(o) } })*};
}
wrapping_add!(u8, i8, i16, i32, i64);
impl AccumAdd for bool {
    fn acc_add(self, o: bool) -> bool {
        self || o
    }
}
impl AccumAdd for f32 {
    fn acc_add(self, o: f32) -> f32 {
        self + o
    }
}
impl AccumAdd for f64 {
    fn acc_add(self, o: f64) -> f64 {
        self + o
    }
}
impl AccumAdd for f16 {
    fn acc_add(self, o: f16) -> f16 {
        f16::from_f32(self.to_f32() + o.to_f32())
    }
}
impl AccumAdd for bf16 {
    fn acc_add(self, o: bf16) -> bf16 {
        bf16::from_f32(self.to_f32() + o.to_f32())
    }
}

/// Writes `vals` (row-major, already in `T`) at storage offsets `offset(i)`.
pub(crate) fn write_values<T: BufferElement + AccumAdd>(
    dst: &mut [T],
    vals: &CpuBuffer,
    n: usize,
    accumulate: bool,
    offset: impl Fn(usize) -> usize,
) {
    let src = T::slice(vals).expect("values were cast to the destination dtype");
    for (i, &v) in src.iter().enumerate().take(n) {
        let o = offset(i);
        dst[o] = if accumulate { dst[o].acc_add(v) } else { v };
    }
}

/// `value` without its leading size-1 dims (PyTorch drops them before broadcasting).
fn strip_leading_ones(value: &Tensor) -> Tensor {
    let l = value.layout();
    let k = l.shape.iter().take_while(|&&s| s == 1).count();
    let mut nl = l.clone();
    nl.shape.drain(..k);
    nl.strides.drain(..k);
    value.with_layout(nl)
}

impl Tensor {
    /// `self[indices] = value` (`accumulate=false`) or `index_put_(indices, value,
    /// accumulate=True)`: writes through any index form. `value` broadcasts to the
    /// indexed shape and is cast to `self`'s dtype. Returns `self`.
    pub fn index_put_(&self, indices: &[TensorIndex], value: &Tensor, accumulate: bool) -> Result<Tensor> {
        let p = plan(self, indices)?;
        let value = strip_leading_ones(value);
        let dtype = self.dtype();
        if p.adv.is_empty() {
            let layout = p.view.layout().clone();
            // Read (and cast) the values before taking the write lock: they may alias `self`.
            let vals = value.broadcast_to(&layout.shape)?.cast_values(dtype)?;
            let mut offs = Vec::with_capacity(layout.numel());
            strided::for_each_offset(&layout, |o| offs.push(o));
            self.with_cpu_mut(
                |b| with_buffer!(b, dst => write_values(dst, &vals, offs.len(), accumulate, |i| offs[i])),
            );
            return Ok(self.clone());
        }
        let a = AdvPlan::new(&p.view, &p.adv)?;
        let vals = match value.broadcast_to(&a.out_shape) {
            Ok(v) => v.cast_values(dtype)?,
            Err(_) => {
                return runtime(format!(
                    "shape mismatch: value tensor of shape {} cannot be broadcast to indexing result of shape {}",
                    shape_str(value.shape()),
                    shape_str(&a.out_shape)
                ));
            }
        };
        let n = a.numel();
        self.with_cpu_mut(|b| with_buffer!(b, dst => write_values(dst, &vals, n, accumulate, |i| a.offset(i))));
        Ok(self.clone())
    }
}

//! `any` and `all`: bool results (uint8 for uint8 input, as PyTorch keeps it).
use super::sum::from_values;
use super::{ReduceDims, lanes, map_lanes};
use crate::tensor::dtype::DType;
use crate::tensor::element::Element;
use crate::tensor::error::Result;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

fn logical(t: &Tensor, rd: &ReduceDims, all: bool) -> Result<Tensor> {
    if let Some(out) = crate::backend::cuda::ops::reduce::logical(all, t, &rd.mask, &rd.out_shape)? {
        return if t.dtype() == DType::U8 { out.to_dtype(DType::U8) } else { Ok(out) };
    }
    let layout = t.layout();
    let r = t.with_cpu(|b| {
        with_buffer!(b, v => {
            let l = lanes(v, layout, rd)?;
            if all {
                map_lanes(&l, |s| s.iter().all(|x| x.to_bool()), |a, b| a && b)
            } else {
                map_lanes(&l, |s| s.iter().any(|x| x.to_bool()), |a, b| a || b)
            }
        })
    })?;
    let out = from_values(r, rd);
    if t.dtype() == DType::U8 {
        out.to_dtype(DType::U8)
    } else {
        Ok(out)
    }
}

impl Tensor {
    /// `any()`: whether any element is non-zero (false for an empty tensor).
    pub fn any(&self) -> Result<Tensor> {
        logical(self, &ReduceDims::all(self.shape(), false), false)
    }

    /// `all()`: whether every element is non-zero (true for an empty tensor).
    pub fn all(&self) -> Result<Tensor> {
        logical(self, &ReduceDims::all(self.shape(), false), true)
    }

    /// `any(dim, keepdim=False)` over one or several dims.
    pub fn any_dims(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        logical(self, &ReduceDims::new(self.shape(), dims, keepdim)?, false)
    }

    /// `all(dim, keepdim=False)` over one or several dims.
    pub fn all_dims(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        logical(self, &ReduceDims::new(self.shape(), dims, keepdim)?, true)
    }
}

//! `var` and `std`: computed in float64 (mean first, then the squared
//! deviations), then rounded to the input's dtype, as ATen's CPU kernels do.
use super::{ReduceDims, lanes};
use crate::tensor::buffer::build_vec;
use crate::tensor::buffer::CpuBuffer;
use crate::tensor::element::Element;
use crate::tensor::error::{Result, TensorError};
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

fn var_of(s: &[f64], correction: f64) -> f64 {
    let n = s.len() as f64;
    let mean = s.iter().sum::<f64>() / n;
    let m2: f64 = s.iter().map(|x| (x - mean) * (x - mean)).sum();
    m2 / (n - correction).max(0.0)
}

fn var_std(t: &Tensor, dims: Option<&[i64]>, correction: f64, keepdim: bool, sqrt: bool) -> Result<Tensor> {
    if !t.dtype().is_float() {
        return Err(TensorError::NotImplemented(
            "std and var only support floating point and complex dtypes".into(),
        ));
    }
    let rd = ReduceDims::new(t.shape(), dims.unwrap_or(&[]), keepdim)?;
    if let Some(out) = crate::backend::cuda::ops::reduce::var(t, &rd.mask, &rd.out_shape, correction, sqrt)? {
        return Ok(out);
    }
    let layout = t.layout();
    let out = t.with_cpu(|b| {
        with_buffer!(b, v => {
            let l = lanes(v, layout, &rd)?;
            build_vec(l.outer, |i| {
                let s: Vec<f64> = l.lane(i).iter().map(|x| x.to_f64()).collect();
                let var = if s.is_empty() { f64::NAN } else { var_of(&s, correction) };
                if sqrt { var.sqrt() } else { var }
            })
        })
    })?;
    Tensor::from_buffer(CpuBuffer::F64(out), &rd.out_shape).to_dtype(t.dtype())
}

impl Tensor {
    /// `var(dim=None, *, correction=1, keepdim=False)`: the variance over `dims`
    /// (all when `None`), dividing by `n - correction` (`unbiased=False` is
    /// `correction=0`). Float only, as in PyTorch; `n <= correction` gives inf or NaN.
    pub fn var(&self, dims: Option<&[i64]>, correction: f64, keepdim: bool) -> Result<Tensor> {
        var_std(self, dims, correction, keepdim, false)
    }

    /// `std(dim=None, *, correction=1, keepdim=False)`: the square root of `var`.
    pub fn std(&self, dims: Option<&[i64]>, correction: f64, keepdim: bool) -> Result<Tensor> {
        var_std(self, dims, correction, keepdim, true)
    }
}

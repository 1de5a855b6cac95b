//! `sum`, `mean` and `prod`.
use super::cascade::cascade_sum;
use super::{ReduceDims, collect_as, lanes, map_lanes};
use crate::backend::cuda::ops::reduce as cuda_reduce;
use crate::tensor::scalar::Scalar;
use crate::tensor::buffer::{BufferElement, CpuBuffer};
use crate::tensor::dtype::{DType, pretty_name};
use crate::tensor::element::Element;
use crate::tensor::error::{Result, TensorError};
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

/// The dtype `sum`/`prod` return: ints and bools widen to int64 unless `dtype=` says otherwise.
fn sum_dtype(input: DType, dtype: Option<DType>) -> DType {
    dtype.unwrap_or(if input.is_float() { input } else { DType::I64 })
}

/// A result tensor from row-major values of `rd.out_shape`.
pub(crate) fn from_values<T: BufferElement>(v: Vec<T>, rd: &ReduceDims) -> Tensor {
    Tensor::from_buffer(T::wrap(v), &rd.out_shape)
}

/// The sum over `rd` of a tensor already in the output dtype.
fn sum_in_place_dtype(x: &Tensor, rd: &ReduceDims) -> Result<Tensor> {
    if let Some(t) = cuda_reduce::fold("sum", x, &rd.mask, &rd.out_shape)? {
        return Ok(t);
    }
    let layout = x.layout();
    x.with_cpu(|b| -> Result<Tensor> {
        Ok(match b {
            CpuBuffer::F32(v) => from_values(cascade_sum(v, layout, &rd.mask, &rd.keep_shape), rd),
            CpuBuffer::F64(v) => from_values(cascade_sum(v, layout, &rd.mask, &rd.keep_shape), rd),
            CpuBuffer::F16(v) => from_values(cascade_sum(v, layout, &rd.mask, &rd.keep_shape), rd),
            CpuBuffer::BF16(v) => from_values(cascade_sum(v, layout, &rd.mask, &rd.keep_shape), rd),
            CpuBuffer::Bool(v) => {
                // sum(dtype=torch.bool): a logical or.
                let l = lanes(v, layout, rd)?;
                from_values(map_lanes(&l, |s| s.iter().any(|&x| x), |a, b| a || b)?, rd)
            }
            other => with_buffer!(other, v => {
                // Ints add in int64 with wraparound, then narrow: the bits native narrow adds give.
                let l = lanes(v, layout, rd)?;
                let sums = map_lanes(&l, |s| s.iter().fold(0i64, |a, &x| a.wrapping_add(x.to_i64())), i64::wrapping_add)?;
                from_values(collect_as(v, sums, Element::from_i64), rd)
            }),
        })
    })
}

fn prod_in_place_dtype(x: &Tensor, rd: &ReduceDims) -> Result<Tensor> {
    if let Some(t) = cuda_reduce::fold("prod", x, &rd.mask, &rd.out_shape)? {
        return Ok(t);
    }
    let layout = x.layout();
    x.with_cpu(|b| -> Result<Tensor> {
        Ok(match b {
            CpuBuffer::Bool(v) => {
                let l = lanes(v, layout, rd)?;
                from_values(map_lanes(&l, |s| s.iter().all(|&x| x), |a, b| a && b)?, rd)
            }
            CpuBuffer::F64(v) => {
                let l = lanes(v, layout, rd)?;
                from_values(map_lanes(&l, |s| s.iter().product::<f64>(), |a, b| a * b)?, rd)
            }
            other => with_buffer!(other, v => {
                let l = lanes(v, layout, rd)?;
                if x.dtype().is_float() {
                    // Reduced floats multiply in double and round once.
                    let p = map_lanes(&l, |s| s.iter().fold(1f64, |a, &x| a * x.to_f64()), |a, b| a * b)?;
                    from_values(collect_as(v, p, Element::from_f64), rd)
                } else {
                    let p = map_lanes(&l, |s| s.iter().fold(1i64, |a, &x| a.wrapping_mul(x.to_i64())), i64::wrapping_mul)?;
                    from_values(collect_as(v, p, Element::from_i64), rd)
                }
            }),
        })
    })
}

fn mean_dtype(input: DType, dtype: Option<DType>) -> Result<DType> {
    match dtype {
        Some(d) if !d.is_float() => Err(TensorError::NotImplemented(format!(
            "mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: {}",
            pretty_name(d)
        ))),
        Some(d) => Ok(d),
        None if !input.is_float() => Err(TensorError::NotImplemented(format!(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {}",
            pretty_name(input)
        ))),
        None => Ok(input),
    }
}

impl Tensor {
    /// `sum(dtype=None)`: the sum of all elements as a 0-dim tensor. Ints and bools
    /// sum to int64; floats follow ATen's cascade summation (see `cascade`). The
    /// sum of no elements is 0.
    pub fn sum(&self, dtype: Option<DType>) -> Result<Tensor> {
        self.sum_dims(&[], false, dtype)
    }

    /// `sum(dim, keepdim=False, dtype=None)` over one or several dims (negative
    /// dims count from the end; an empty list means all dims).
    pub fn sum_dims(&self, dims: &[i64], keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
        let rd = ReduceDims::new(self.shape(), dims, keepdim)?;
        let x = self.to_dtype(sum_dtype(self.dtype(), dtype))?;
        sum_in_place_dtype(&x, &rd)
    }

    /// `nansum(dim=(), keepdim=False, dtype=None)`: the sum with NaNs counted as
    /// zero (all dims when `dims` is empty). Same order of additions as `sum`.
    pub fn nansum_dims(&self, dims: &[i64], keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
        let rd = ReduceDims::new(self.shape(), dims, keepdim)?;
        let x = self.to_dtype(sum_dtype(self.dtype(), dtype))?;
        if !x.dtype().is_float() {
            return sum_in_place_dtype(&x, &rd);
        }
        // Zero the NaNs over the whole storage so the view keeps its strides (and
        // so the summation order `sum` would use).
        crate::tensor::memory::check_alloc(x.storage().nbytes())?;
        let zeroed = x.with_cpu(|b| {
            with_buffer!(b, v => BufferElement::wrap(v.iter().map(|&e| if e.to_f64().is_nan() { Element::zero() } else { e }).collect::<Vec<_>>()))
        });
        let storage = std::sync::Arc::new(crate::tensor::storage::Storage::cpu(zeroed));
        sum_in_place_dtype(&Tensor::from_storage(storage, x.layout().clone()), &rd)
    }

    /// `mean(dtype=None)` of all elements. Float (or `dtype=` float) only, as in PyTorch.
    pub fn mean(&self, dtype: Option<DType>) -> Result<Tensor> {
        self.mean_dims(&[], false, dtype)
    }

    /// `mean(dim, keepdim=False, dtype=None)`: the sum divided by the count, in
    /// the output dtype (float16/bfloat16 go through float32), as ATen does.
    pub fn mean_dims(&self, dims: &[i64], keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
        let out = mean_dtype(self.dtype(), dtype)?;
        let rd = ReduceDims::new(self.shape(), dims, keepdim)?;
        let n = rd.inner(self.shape());
        let compute = out.compute();
        let s = sum_in_place_dtype(&self.to_dtype(out)?.to_dtype(compute)?, &rd)?;
        if s.device().is_cuda() {
            // Divide on the device; n == 0 gives NaN as 0/0 does.
            return s.div(Scalar::Float(n as f64))?.to_dtype(out);
        }
        let q = s.with_cpu(|b| match b {
            CpuBuffer::F32(v) => CpuBuffer::F32(v.iter().map(|&x| x / n as f32).collect()),
            CpuBuffer::F64(v) => CpuBuffer::F64(v.iter().map(|&x| x / n as f64).collect()),
            _ => unreachable!("float compute dtypes are f32 and f64"),
        });
        Tensor::from_buffer(q, &rd.out_shape).to_dtype(out)
    }

    /// `prod(dtype=None)` of all elements (ints and bools give int64; empty gives 1).
    pub fn prod(&self, dtype: Option<DType>) -> Result<Tensor> {
        let rd = ReduceDims::all(self.shape(), false);
        prod_in_place_dtype(&self.to_dtype(sum_dtype(self.dtype(), dtype))?, &rd)
    }

    /// `prod(dim, keepdim=False, dtype=None)`.
    pub fn prod_dim(&self, dim: i64, keepdim: bool, dtype: Option<DType>) -> Result<Tensor> {
        let rd = ReduceDims::one(self.shape(), dim, keepdim)?;
        prod_in_place_dtype(&self.to_dtype(sum_dtype(self.dtype(), dtype))?, &rd)
    }
}

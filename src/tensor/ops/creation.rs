//! Factories: tensors from values, ranges, identity matrices.
use crate::tensor::buffer::{BufferElement, build_vec};
use crate::tensor::dtype::{Category, DType};
use crate::tensor::element::Element;
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::numel;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use crate::with_dtype;

/// The dtype `torch.tensor(data)` infers: float if any value is a float, else int, else bool.
pub fn infer_dtype(values: &[Scalar]) -> DType {
    let cat = values.iter().map(|v| v.category()).max().unwrap_or(Category::Float);
    match cat {
        Category::Bool => DType::Bool,
        Category::Int => DType::I64,
        Category::Float => DType::F32,
    }
}

impl Tensor {
    /// `torch.tensor(data, dtype=...)` from flattened values and their shape.
    pub fn from_scalars(values: &[Scalar], shape: &[usize], dtype: Option<DType>) -> Result<Tensor> {
        if values.len() != numel(shape) {
            return runtime("the values do not fill the shape");
        }
        let dtype = dtype.unwrap_or_else(|| if values.is_empty() { DType::F32 } else { infer_dtype(values) });
        let buf = with_dtype!(dtype, T => {
            let v = build_vec(values.len(), |i| match values[i] {
                Scalar::Bool(b) => T::from_bool(b),
                Scalar::Int(x) => T::from_i64(x),
                Scalar::Float(f) => T::from_f64(f),
            })?;
            T::wrap(v)
        });
        Ok(Tensor::from_buffer(buf, shape))
    }

    /// `torch.arange(start, end, step)`: PyTorch's length rule `ceil((end - start) / step)`.
    pub fn arange(start: Scalar, end: Scalar, step: Scalar, dtype: Option<DType>) -> Result<Tensor> {
        let any_float = [start, end, step].iter().any(|s| s.category() == Category::Float);
        let dtype = dtype.unwrap_or(if any_float { DType::F32 } else { DType::I64 });
        let (s, e, st) = (start.to_f64(), end.to_f64(), step.to_f64());
        if st == 0.0 {
            return runtime("step must be nonzero");
        }
        if !(s.is_finite() && e.is_finite()) {
            return runtime(format!("unsupported range: {s} -> {e}"));
        }
        if (st > 0.0 && e < s) || (st < 0.0 && e > s) {
            return runtime("upper bound and larger bound inconsistent with step sign");
        }
        let len = if dtype.is_float() || any_float {
            ((e - s) / st).ceil()
        } else {
            // Integer ranges compute the length in integers, as ATen does.
            let (si, ei, sti) = (start.to_i64(), end.to_i64(), step.to_i64());
            ((ei - si) as f64 / sti as f64).ceil()
        };
        if len < 0.0 || len > i64::MAX as f64 {
            return runtime(format!("invalid size, possible overflow?"));
        }
        let len = len as usize;
        if let crate::tensor::Device::Cuda(i) = crate::backend::cuda::fallback::output_device() {
            // On the device: the same formula per element (ints with a float bound
            // cast through float on the host path).
            if dtype.is_float() || !any_float {
                if let Some(t) = crate::backend::cuda::ops::copy::arange(i, start, step, len, dtype)? {
                    return Ok(t);
                }
            }
        }
        let buf = with_dtype!(dtype, T => {
            let v = if dtype.is_float() {
                build_vec(len, |i| T::from_f64(s + st * i as f64))?
            } else {
                let (si, sti) = (start.to_i64(), step.to_i64());
                if any_float {
                    build_vec(len, |i| T::from_f64(s + st * i as f64))?
                } else {
                    build_vec(len, |i| T::from_i64(si + sti * i as i64))?
                }
            };
            T::wrap(v)
        });
        Ok(Tensor::from_buffer(buf, &[len]))
    }

    /// `torch.linspace(start, end, steps)`: ATen's symmetric formula (from both ends),
    /// computed in the output dtype so float32 values match bit for bit.
    pub fn linspace(start: f64, end: f64, steps: usize, dtype: Option<DType>) -> Result<Tensor> {
        let dtype = dtype.unwrap_or(DType::F32);
        let half = steps / 2;
        let buf = with_dtype!(dtype, T => {
            let v: Vec<T> = if dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16 {
                let (s, e) = (start as f32, end as f32);
                let step = if steps > 1 { (e - s) / (steps - 1) as f32 } else { 0.0 };
                build_vec(steps, |i| {
                    T::from_f32(if i < half { s + step * i as f32 } else { e - step * (steps - i - 1) as f32 })
                })?
            } else {
                let step = if steps > 1 { (end - start) / (steps - 1) as f64 } else { 0.0 };
                build_vec(steps, |i| {
                    T::from_f64(if i < half { start + step * i as f64 } else { end - step * (steps - i - 1) as f64 })
                })?
            };
            T::wrap(v)
        });
        Ok(Tensor::from_buffer(buf, &[steps]))
    }

    /// `torch.eye(n, m)`.
    pub fn eye(n: usize, m: Option<usize>, dtype: Option<DType>) -> Result<Tensor> {
        let m = m.unwrap_or(n);
        let dtype = dtype.unwrap_or(DType::F32);
        let buf = with_dtype!(dtype, T => {
            T::wrap(build_vec(n * m, |i| if i / m == i % m { T::one() } else { T::zero() })?)
        });
        Ok(Tensor::from_buffer(buf, &[n, m]))
    }

    /// `torch.full_like`/`zeros_like`/`ones_like`: same shape, dtype unless given.
    pub fn full_like(&self, value: Scalar, dtype: Option<DType>) -> Result<Tensor> {
        Tensor::full(self.shape(), value, dtype.unwrap_or(self.dtype()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arange_length_rule_and_dtypes() {
        // torch.arange(0, 1, 0.3) -> tensor([0.0000, 0.3000, 0.6000, 0.9000])
        let t = Tensor::arange(Scalar::Int(0), Scalar::Int(1), Scalar::Float(0.3), None).unwrap();
        assert_eq!(t.shape(), &[4]);
        assert_eq!(t.dtype(), DType::F32);
        let t = Tensor::arange(Scalar::Int(0), Scalar::Int(10), Scalar::Int(3), None).unwrap();
        assert_eq!(t.to_vec::<i64>(), vec![0, 3, 6, 9]);
    }

    #[test]
    fn linspace_matches_torch() {
        // torch.linspace(0, 1, steps=5) -> [0.0, 0.25, 0.5, 0.75, 1.0]
        let t = Tensor::linspace(0.0, 1.0, 5, None).unwrap();
        assert_eq!(t.to_vec::<f32>(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    }
}

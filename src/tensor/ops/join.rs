//! Joining tensors: `cat`, `stack`, `hstack`, `vstack`, `dstack`.
use crate::tensor::buffer::{BufferElement, CpuBuffer};
use crate::tensor::dtype::{Operand, result_type};
use crate::tensor::error::{Result, runtime, value_err};
use crate::tensor::layout::{Layout, shape_str, wrap_dim};
use crate::tensor::strided;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

/// Writes `vals` (row-major over `region`'s shape, same dtype as `dst`) into `region` of `dst`.
fn write_region<T: BufferElement>(dst: &mut [T], region: &Layout, vals: &CpuBuffer) {
    let src = T::slice(vals).expect("values were cast to the output dtype");
    strided::scatter(dst, region, src);
}

impl Tensor {
    /// `torch.cat(tensors, dim=0)`: joins along an existing dim. Dtypes promote
    /// as in `torch.result_type`; 1-D empty tensors are skipped (PyTorch's legacy rule).
    pub fn cat(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
        if tensors.is_empty() {
            return value_err("torch.cat(): expected a non-empty list of Tensors");
        }
        if let Some(i) = tensors.iter().position(|t| t.ndim() == 0) {
            return runtime(format!(
                "zero-dimensional tensor (at position {i}) cannot be concatenated"
            ));
        }
        let ops: Vec<Operand> = tensors.iter().map(|t| Operand::Tensor(t.dtype())).collect();
        let dtype = result_type(&ops);
        let skip = |t: &Tensor| t.ndim() == 1 && t.numel() == 0;
        let parts: Vec<(usize, &Tensor)> = tensors.iter().enumerate().filter(|(_, t)| !skip(t)).collect();
        let Some(&(_, first)) = parts.first() else {
            return Tensor::zeros(&[0], dtype);
        };
        let nd = first.ndim();
        let d = wrap_dim(dim, nd)?;
        let mut out_shape = first.shape().to_vec();
        out_shape[d] = 0;
        for &(i, t) in &parts {
            if t.ndim() != nd {
                return runtime(format!(
                    "Tensors must have same number of dimensions: got {nd} and {}",
                    t.ndim()
                ));
            }
            for k in 0..nd {
                if k != d && t.shape()[k] != first.shape()[k] {
                    return runtime(format!(
                        "Sizes of tensors must match except in dimension {d}. Expected size {} but got size {} for tensor number {i} in the list.",
                        first.shape()[k],
                        t.shape()[k]
                    ));
                }
            }
            out_shape[d] += t.shape()[d];
        }
        let out = Tensor::zeros(&out_shape, dtype)?;
        let full = Layout::contiguous(&out_shape);
        let mut at = 0;
        for &(_, t) in &parts {
            let len = t.shape()[d];
            let region = full.slice(d, at, len, 1);
            let vals = t.cast_values(dtype)?;
            out.with_cpu_mut(|b| with_buffer!(b, v => write_region(v, &region, &vals)));
            at += len;
        }
        Ok(out)
    }

    /// `torch.stack(tensors, dim=0)`: joins equal-shaped tensors along a new dim.
    pub fn stack(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
        let Some(first) = tensors.first() else {
            return runtime("stack expects a non-empty TensorList");
        };
        for (i, t) in tensors.iter().enumerate().skip(1) {
            if t.shape() != first.shape() {
                return runtime(format!(
                    "stack expects each tensor to be equal size, but got {} at entry 0 and {} at entry {i}",
                    shape_str(first.shape()),
                    shape_str(t.shape())
                ));
            }
        }
        let d = wrap_dim(dim, first.ndim() + 1)? as i64;
        let parts: Vec<Tensor> = tensors.iter().map(|t| t.unsqueeze(d)).collect::<Result<_>>()?;
        Tensor::cat(&parts, d)
    }

    /// `torch.hstack`: along dim 0 for 1-D inputs, dim 1 otherwise.
    pub fn hstack(tensors: &[Tensor]) -> Result<Tensor> {
        let ts: Vec<Tensor> = tensors.iter().map(|t| t.atleast(1)).collect::<Result<_>>()?;
        let dim = if ts.first().is_some_and(|t| t.ndim() == 1) {
            0
        } else {
            1
        };
        Tensor::cat(&ts, dim)
    }

    /// `torch.vstack`: 1-D inputs become rows, then joined along dim 0.
    pub fn vstack(tensors: &[Tensor]) -> Result<Tensor> {
        let ts: Vec<Tensor> = tensors.iter().map(|t| t.atleast(2)).collect::<Result<_>>()?;
        Tensor::cat(&ts, 0)
    }

    /// `torch.dstack`: joined along dim 2 (inputs made at least 3-D).
    pub fn dstack(tensors: &[Tensor]) -> Result<Tensor> {
        let ts: Vec<Tensor> = tensors.iter().map(|t| t.atleast(3)).collect::<Result<_>>()?;
        Tensor::cat(&ts, 2)
    }

    /// `atleast_1d/2d/3d` as views: `[n]` becomes `[1, n]` and `[1, n, 1]`, `[m, n]` becomes `[m, n, 1]`.
    pub fn atleast(&self, n: usize) -> Result<Tensor> {
        let s: Vec<i64> = self.shape().iter().map(|&x| x as i64).collect();
        let shape: Vec<i64> = match (self.ndim(), n) {
            (k, n) if k >= n => return Ok(self.with_layout(self.layout().clone())),
            (0, 1) => vec![1],
            (0, 2) => vec![1, 1],
            (0, _) => vec![1, 1, 1],
            (1, 2) => vec![1, s[0]],
            (1, _) => vec![1, s[0], 1],
            _ => vec![s[0], s[1], 1],
        };
        self.view(&shape)
    }
}

#[cfg(test)]
mod tests {
    use crate::tensor::dtype::DType;
    use crate::tensor::error::TensorError;
    use crate::tensor::tensor::Tensor;

    fn i64s(v: &[i64], s: &[usize]) -> Tensor {
        Tensor::from_vec(v.to_vec(), s).unwrap()
    }

    #[test]
    fn conformance_032_037_stack_and_cat() {
        // 032: stacks of [1,2,3] and [4,5,6]
        let (a, b) = (i64s(&[1, 2, 3], &[3]), i64s(&[4, 5, 6], &[3]));
        let s0 = Tensor::stack(&[a.clone(), b.clone()], 0).unwrap();
        assert_eq!(
            (s0.shape(), s0.to_vec::<i64>()),
            (&[2usize, 3][..], vec![1, 2, 3, 4, 5, 6])
        );
        let s1 = Tensor::stack(&[a.clone(), b.clone()], 1).unwrap();
        assert_eq!(
            (s1.shape(), s1.to_vec::<i64>()),
            (&[3usize, 2][..], vec![1, 4, 2, 5, 3, 6])
        );
        assert_eq!(
            Tensor::stack(&[a.clone(), b.clone(), a.clone()], -1).unwrap().shape(),
            &[3, 3]
        );
        // 033: cat of ones(2,3) and zeros(1,3); then along dim 1 with full((2,1), 5.)
        let x = Tensor::ones(&[2, 3], DType::F32).unwrap();
        let y = Tensor::zeros(&[1, 3], DType::F32).unwrap();
        let c = Tensor::cat(&[x.clone(), y.clone()], 0).unwrap();
        assert_eq!(
            (c.shape(), c.to_vec::<f32>()),
            (&[3usize, 3][..], vec![1., 1., 1., 1., 1., 1., 0., 0., 0.])
        );
        let z = Tensor::full(&[2, 1], 5.0.into_scalar(), DType::F32).unwrap();
        assert_eq!(
            Tensor::cat(&[x.clone(), z], 1).unwrap().to_vec::<f32>(),
            vec![1., 1., 1., 5., 1., 1., 1., 5.]
        );
        assert_eq!(
            Tensor::cat(&[x.clone(), y.clone()], 1).unwrap_err().to_string(),
            "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 1 for tensor number 1 in the list."
        );
        // 037
        let (p, q) = (i64s(&[1, 2], &[2]), i64s(&[3, 4, 5], &[3]));
        assert_eq!(
            Tensor::stack(&[p.clone(), q.clone()], 0).unwrap_err().to_string(),
            "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1"
        );
        assert_eq!(Tensor::cat(&[p, q], 0).unwrap().to_vec::<i64>(), vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn cat_promotion_and_errors() {
        let a = i64s(&[1, 2], &[2]);
        let b = Tensor::from_vec(vec![3.0f32, 4., 5.], &[3]).unwrap();
        let c = Tensor::cat(&[a.clone(), b.clone()], 0).unwrap();
        assert_eq!((c.dtype(), c.to_vec::<f32>()), (DType::F32, vec![1., 2., 3., 4., 5.]));
        let bools = Tensor::from_vec(vec![true], &[1]).unwrap();
        assert_eq!(
            Tensor::cat(&[bools, a.to_dtype(DType::U8).unwrap()], 0)
                .unwrap()
                .dtype(),
            DType::U8
        );
        assert_eq!(
            Tensor::cat(&[], 0).unwrap_err(),
            TensorError::Value("torch.cat(): expected a non-empty list of Tensors".into())
        );
        let m = Tensor::ones(&[2, 3], DType::F32).unwrap();
        assert_eq!(
            Tensor::cat(&[m.clone(), Tensor::ones(&[2], DType::F32).unwrap()], 0)
                .unwrap_err()
                .to_string(),
            "Tensors must have same number of dimensions: got 2 and 1"
        );
        assert_eq!(
            Tensor::cat(&[m.clone(), Tensor::zeros(&[0], DType::F32).unwrap()], 0)
                .unwrap()
                .shape(),
            &[2, 3]
        );
        let s = Tensor::scalar(1.0.into_scalar(), DType::F32);
        assert_eq!(
            Tensor::cat(&[s.clone(), s], 0).unwrap_err().to_string(),
            "zero-dimensional tensor (at position 0) cannot be concatenated"
        );
        assert_eq!(
            Tensor::stack(&[], 0).unwrap_err().to_string(),
            "stack expects a non-empty TensorList"
        );
        assert_eq!(Tensor::stack(&[m.clone(), m.clone()], -1).unwrap().shape(), &[2, 3, 2]);
        assert!(matches!(
            Tensor::stack(&[m.clone(), m.clone()], 3),
            Err(TensorError::Index(_))
        ));
        // A transposed input is read through its strides.
        let t = i64s(&[1, 2, 3, 4], &[2, 2]).t().unwrap();
        assert_eq!(
            Tensor::cat(&[t.clone(), t], 1).unwrap().to_vec::<i64>(),
            vec![1, 3, 1, 3, 2, 4, 2, 4]
        );
    }

    #[test]
    fn h_v_d_stack_shapes() {
        let a = i64s(&[1, 2], &[2]);
        assert_eq!(Tensor::hstack(&[a.clone(), a.clone()]).unwrap().shape(), &[4]);
        let c1 = Tensor::ones(&[2, 1], DType::F32).unwrap();
        let c2 = Tensor::ones(&[2, 2], DType::F32).unwrap();
        assert_eq!(Tensor::hstack(&[c1, c2]).unwrap().shape(), &[2, 3]);
        assert_eq!(Tensor::vstack(&[a.clone(), a.clone()]).unwrap().shape(), &[2, 2]);
        assert_eq!(Tensor::dstack(&[a.clone(), a]).unwrap().shape(), &[1, 2, 2]);
    }

    trait IntoScalar {
        fn into_scalar(self) -> crate::tensor::scalar::Scalar;
    }
    impl IntoScalar for f64 {
        fn into_scalar(self) -> crate::tensor::scalar::Scalar {
            crate::tensor::scalar::Scalar::Float(self)
        }
    }
}

#[cfg(test)]
mod proptests {
    use crate::tensor::dtype::DType;
    use crate::tensor::tensor::Tensor;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// cat adds up the joined dim and keeps the others; each piece reads back
        /// from its slice. stack adds a dim of the list's length.
        #[test]
        fn cat_and_stack_shapes(shape in prop::collection::vec(1usize..4, 1..4), lens in prop::collection::vec(0usize..4, 1..4), dim in 0usize..3) {
            let d = dim % shape.len();
            let parts: Vec<Tensor> = lens.iter().enumerate().map(|(i, &n)| {
                let mut s = shape.clone();
                s[d] = n;
                Tensor::full(&s, crate::tensor::scalar::Scalar::Int(i as i64), DType::I64).unwrap()
            }).collect();
            let c = Tensor::cat(&parts, d as i64).unwrap();
            let mut want = shape.clone();
            want[d] = lens.iter().sum();
            prop_assert_eq!(c.shape(), &want[..]);
            let mut at = 0;
            for (i, &n) in lens.iter().enumerate() {
                let piece = c.narrow(d as i64, at, n as i64).unwrap();
                prop_assert!(piece.to_vec::<i64>().iter().all(|&v| v == i as i64));
                at += n as i64;
            }
            let same: Vec<Tensor> = (0..lens.len()).map(|_| Tensor::zeros(&shape, DType::F32).unwrap()).collect();
            let s = Tensor::stack(&same, d as i64).unwrap();
            let mut sw = shape.clone();
            sw.insert(d, lens.len());
            prop_assert_eq!(s.shape(), &sw[..]);
        }
    }
}

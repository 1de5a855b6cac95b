//! Copies that rearrange or repeat: `repeat`, `tile`, `flip`, `roll`.
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::{Layout, wrap_dim};
use crate::tensor::tensor::Tensor;

/// Wraps dims and refuses repeats, with PyTorch's message.
fn unique_dims(dims: &[i64], nd: usize) -> Result<Vec<usize>> {
    let mut out = Vec::with_capacity(dims.len());
    for &d in dims {
        let w = wrap_dim(d, nd)?;
        if out.contains(&w) {
            return runtime(format!("dim {w} appears multiple times in the list of dims"));
        }
        out.push(w);
    }
    Ok(out)
}

impl Tensor {
    /// `repeat(*sizes)`: tiles the tensor `sizes[i]` times along each dim (extra
    /// leading sizes add dims). Always a copy.
    pub fn repeat(&self, sizes: &[i64]) -> Result<Tensor> {
        if sizes.len() < self.ndim() {
            return runtime(
                "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
            );
        }
        let extra = sizes.len() - self.ndim();
        let padded: Vec<i64> = std::iter::repeat_n(1, extra)
            .chain(self.shape().iter().map(|&s| s as i64))
            .collect();
        let target: Vec<i64> = padded.iter().zip(sizes).map(|(s, r)| s * r).collect();
        if let Some(&neg) = target.iter().find(|&&t| t < 0) {
            return runtime(format!(
                "Trying to create tensor with negative dimension {neg}: [{}]",
                target.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
        // View as [1, s0, 1, s1, ...], expand to [r0, s0, r1, s1, ...], copy, merge pairs.
        let base = self.reshape(&padded)?;
        let mut inter = Vec::with_capacity(2 * padded.len());
        let mut expanded = Vec::with_capacity(2 * padded.len());
        for (&s, &r) in padded.iter().zip(sizes) {
            inter.extend([1, s]);
            expanded.extend([r, s]);
        }
        let e = base.reshape(&inter)?.expand(&expanded)?;
        e.copy_data()?.reshape(&target)
    }

    /// `tile(dims)`: `repeat` with missing leading dims taken as 1.
    pub fn tile(&self, dims: &[i64]) -> Result<Tensor> {
        let mut reps: Vec<i64> = vec![1; self.ndim().saturating_sub(dims.len())];
        reps.extend_from_slice(dims);
        self.repeat(&reps)
    }

    /// `flip(dims)`: reverses the order along each dim; a copy.
    pub fn flip(&self, dims: &[i64]) -> Result<Tensor> {
        let ds = unique_dims(dims, self.ndim())?;
        let mut l: Layout = self.layout().clone();
        if self.numel() > 0 {
            for &d in &ds {
                if l.shape.is_empty() {
                    continue;
                }
                let reach = (l.shape[d] as isize - 1) * l.strides[d];
                l.offset = (l.offset as isize + reach) as usize;
                l.strides[d] = -l.strides[d];
            }
        }
        self.with_layout(l).copy_data()
    }

    /// `roll(shifts, dims)`: shifts elements along dims, wrapping around. With no
    /// dims the flattened tensor rolls and keeps its shape.
    pub fn roll(&self, shifts: &[i64], dims: &[i64]) -> Result<Tensor> {
        if dims.is_empty() {
            if shifts.len() != 1 {
                return runtime(format!(
                    "shifts and dimensions must align. shifts: {}, dims:0",
                    shifts.len()
                ));
            }
            let shape: Vec<i64> = self.shape().iter().map(|&s| s as i64).collect();
            return self.reshape(&[-1])?.roll(shifts, &[0])?.reshape(&shape);
        }
        if shifts.len() != dims.len() {
            return runtime(format!(
                "shifts and dimensions must align. shifts: {}, dims:{}",
                shifts.len(),
                dims.len()
            ));
        }
        let mut out = self.clone();
        for (&s, &d) in shifts.iter().zip(dims) {
            let w = wrap_dim(d, self.ndim())?;
            let n = self.shape().get(w).copied().unwrap_or(1) as i64;
            if n == 0 {
                continue;
            }
            let k = s.rem_euclid(n);
            if k == 0 {
                continue;
            }
            let tail = out.narrow(w as i64, n - k, k)?;
            let head = out.narrow(w as i64, 0, n - k)?;
            out = Tensor::cat(&[tail, head], w as i64)?;
        }
        if out.is_same(self) { self.copy_data() } else { Ok(out) }
    }
}

#[cfg(test)]
mod tests {
    use crate::tensor::scalar::Scalar;
    use crate::tensor::tensor::Tensor;

    fn ar(n: i64, shape: &[i64]) -> Tensor {
        Tensor::arange(Scalar::Int(0), Scalar::Int(n), Scalar::Int(1), None)
            .unwrap()
            .reshape(shape)
            .unwrap()
    }

    #[test]
    fn conformance_036_repeat() {
        let x = Tensor::from_vec(vec![1i64, 2], &[2, 1]).unwrap();
        let r = x.repeat(&[2, 3]).unwrap();
        assert_eq!(
            (r.shape(), r.to_vec::<i64>()),
            (&[4usize, 3][..], vec![1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2])
        );
        let v = Tensor::from_vec(vec![7i64, 8], &[2]).unwrap();
        assert_eq!(v.repeat(&[3]).unwrap().to_vec::<i64>(), vec![7, 8, 7, 8, 7, 8]);
        let v = Tensor::from_vec(vec![1i64, 2], &[2]).unwrap();
        assert_eq!(v.repeat(&[2, 2]).unwrap().to_vec::<i64>(), vec![1, 2, 1, 2, 1, 2, 1, 2]);
        assert_eq!(
            ar(4, &[2, 2]).repeat(&[2]).unwrap_err().to_string(),
            "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor"
        );
        assert_eq!(
            v.repeat(&[-1]).unwrap_err().to_string(),
            "Trying to create tensor with negative dimension -2: [-2]"
        );
        assert_eq!(v.tile(&[2]).unwrap().to_vec::<i64>(), vec![1, 2, 1, 2]);
        assert_eq!(ar(4, &[2, 2]).tile(&[2]).unwrap().shape(), &[2, 4]);
    }

    #[test]
    fn flip_and_roll_match_torch() {
        let x = ar(6, &[2, 3]);
        assert_eq!(x.flip(&[0]).unwrap().to_vec::<i64>(), vec![3, 4, 5, 0, 1, 2]);
        assert_eq!(x.flip(&[0, 1]).unwrap().to_vec::<i64>(), vec![5, 4, 3, 2, 1, 0]);
        assert_eq!(
            x.flip(&[0, 0]).unwrap_err().to_string(),
            "dim 0 appears multiple times in the list of dims"
        );
        assert_eq!(x.roll(&[1], &[]).unwrap().to_vec::<i64>(), vec![5, 0, 1, 2, 3, 4]);
        assert_eq!(x.roll(&[1], &[1]).unwrap().to_vec::<i64>(), vec![2, 0, 1, 5, 3, 4]);
        assert_eq!(
            x.roll(&[1, -1], &[0, 1]).unwrap().to_vec::<i64>(),
            vec![4, 5, 3, 1, 2, 0]
        );
        assert_eq!(
            x.roll(&[1, -1], &[0]).unwrap_err().to_string(),
            "shifts and dimensions must align. shifts: 2, dims:1"
        );
        let y = x.roll(&[3], &[1]).unwrap();
        assert!(!y.shares_storage(&x));
        assert_eq!(y.to_vec::<i64>(), x.to_vec::<i64>());
    }
}

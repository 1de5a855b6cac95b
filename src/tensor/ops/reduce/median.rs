//! `median`: the lower of the two middle values (PyTorch does not average them).
use super::{ReduceDims, lanes};
use crate::tensor::buffer::build_vec;
use crate::tensor::buffer::BufferElement;
use crate::tensor::error::{Result, index_err};
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

/// The median of a non-empty run and the index of its first occurrence; NaN if any.
#[allow(clippy::eq_op)]
fn median_of<T: Copy + PartialOrd>(s: &[T]) -> (T, usize) {
    if let Some(i) = s.iter().position(|&x| x != x) {
        return (s[i], i);
    }
    let mut idx: Vec<usize> = (0..s.len()).collect();
    let k = (s.len() - 1) / 2;
    idx.select_nth_unstable_by(k, |&a, &b| {
        s[a].partial_cmp(&s[b]).expect("no NaN here").then(a.cmp(&b))
    });
    let v = s[idx[k]];
    (v, s.iter().position(|&x| x == v).expect("the median is an element"))
}

impl Tensor {
    /// `median()`: the lower median of all elements (NaN if any is NaN or the tensor is empty).
    pub fn median(&self) -> Result<Tensor> {
        if self.numel() == 0 {
            return Tensor::full(&[], crate::tensor::Scalar::Float(f64::NAN), self.dtype());
        }
        Ok(self.median_impl(&ReduceDims::all(self.shape(), false))?.0)
    }

    /// `median(dim, keepdim=False)`: `(values, indices)`; the index is that of the
    /// first element equal to the median.
    pub fn median_dim(&self, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
        let rd = ReduceDims::one(self.shape(), dim, keepdim)?;
        if let Some(d) = rd.empty_reduced_dim(self.shape()) {
            return index_err(format!("median(): Expected reduction dim {d} to have non-zero size."));
        }
        self.median_impl(&rd)
    }

    fn median_impl(&self, rd: &ReduceDims) -> Result<(Tensor, Tensor)> {
        let layout = self.layout();
        self.with_cpu(|b| {
            with_buffer!(b, v => {
                let l = lanes(v, layout, rd)?;
                let pairs = build_vec(l.outer, |i| median_of(l.lane(i)))?;
                let vals = Tensor::from_buffer(BufferElement::wrap(pairs.iter().map(|p| p.0).collect::<Vec<_>>()), &rd.out_shape);
                let idx = Tensor::from_vec(pairs.iter().map(|p| p.1 as i64).collect::<Vec<_>>(), &rd.out_shape)?;
                Ok((vals, idx))
            })
        })
    }
}

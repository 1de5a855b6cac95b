//! `norm`: vector p-norms (`torch.linalg.vector_norm`) and the Frobenius norm,
//! accumulated in float64 and rounded once.
use super::{ReduceDims, lanes};
use crate::tensor::buffer::build_vec;
use crate::tensor::buffer::CpuBuffer;
use crate::tensor::dtype::pretty_name;
use crate::tensor::element::Element;
use crate::tensor::error::{Result, TensorError};
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

/// The `p` argument of `norm`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NormOrd {
    /// A number: 2 (the default), 1, `inf`, `-inf`, 0 (count of non-zeros), any other p.
    P(f64),
    /// `'fro'`: the 2-norm of all the values over the dims.
    Fro,
    /// `'nuc'`: the nuclear norm (needs singular values; not supported).
    Nuc,
}

fn pnorm(s: &[f64], p: f64) -> f64 {
    if p == 2.0 {
        s.iter().map(|x| x * x).sum::<f64>().sqrt()
    } else if p == 1.0 {
        s.iter().map(|x| x.abs()).sum()
    } else if p == f64::INFINITY {
        s.iter().fold(0.0, |m, x| {
            if x.is_nan() || m.is_nan() {
                f64::NAN
            } else {
                m.max(x.abs())
            }
        })
    } else if p == f64::NEG_INFINITY {
        s.iter().fold(f64::INFINITY, |m, x| {
            if x.is_nan() || m.is_nan() {
                f64::NAN
            } else {
                m.min(x.abs())
            }
        })
    } else if p == 0.0 {
        s.iter().filter(|&&x| x != 0.0).count() as f64
    } else {
        s.iter().map(|x| x.abs().powf(p)).sum::<f64>().powf(1.0 / p)
    }
}

impl Tensor {
    /// `norm(p=2, dim=None, keepdim=False)`. Float only, as in PyTorch.
    pub fn norm(&self, p: NormOrd, dims: Option<&[i64]>, keepdim: bool) -> Result<Tensor> {
        if !self.dtype().is_float() {
            return Err(TensorError::NotImplemented(format!(
                "linalg.vector_norm: Expected a floating point or complex tensor as input. Got {}",
                pretty_name(self.dtype())
            )));
        }
        let p = match p {
            NormOrd::P(p) => p,
            NormOrd::Fro => 2.0,
            NormOrd::Nuc => {
                return Err(TensorError::NotImplemented(
                    "norm(p='nuc') is not supported by tensorlings".into(),
                ));
            }
        };
        let rd = ReduceDims::new(self.shape(), dims.unwrap_or(&[]), keepdim)?;
        let layout = self.layout();
        let out = self.with_cpu(|b| {
            with_buffer!(b, v => {
                let l = lanes(v, layout, &rd)?;
                build_vec(l.outer, |i| {
                    let s: Vec<f64> = l.lane(i).iter().map(|x| x.to_f64()).collect();
                    pnorm(&s, p)
                })
            })
        })?;
        Tensor::from_buffer(CpuBuffer::F64(out), &rd.out_shape).to_dtype(self.dtype())
    }
}

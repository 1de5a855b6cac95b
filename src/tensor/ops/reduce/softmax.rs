//! `softmax`, `log_softmax` and `logsumexp`, numerically stable (the maximum is
//! subtracted first) and in ATen's order of operations, so float32 results round
//! as PyTorch's do: along the last dim the sum uses the lane order of a 16-wide
//! vector reduction and the result is `e * (1 / sum)`; along another dim each
//! position sums sequentially and divides.
use super::ReduceDims;
use super::cascade::cascade_sum;
use super::vexp::{exp_f32_slice, sleef_expf};
use crate::tensor::buffer::CpuBuffer;
use crate::tensor::dtype::{DType, pretty_name};
use crate::tensor::error::{Result, TensorError};
use crate::tensor::layout::{Layout, contiguous_strides, wrap_dim};
use crate::tensor::strided;
use crate::tensor::tensor::Tensor;

const W32: usize = 16;

/// `vec::reduce_all` with `+` on float32 (AVX-512 lane order).
fn reduce_all_sum_f32(data: &[f32]) -> f32 {
    let n = data.len();
    if n < W32 {
        return data[1..].iter().fold(data[0], |a, &x| a + x);
    }
    let mut acc: [f32; W32] = data[..W32].try_into().expect("16 lanes");
    let mut d = W32;
    while d < n - n % W32 {
        for l in 0..W32 {
            acc[l] += data[d + l];
        }
        d += W32;
    }
    for l in 0..n - d {
        acc[l] += data[d + l];
    }
    for h in [8, 4, 2, 1] {
        let prev = acc;
        for l in 0..W32 {
            acc[l] = prev[l] + prev[l ^ h];
        }
    }
    acc[0]
}

/// `vec::reduce_all` with `+` on float64 (8 lanes, folded in order).
fn reduce_all_sum_f64(data: &[f64]) -> f64 {
    let n = data.len();
    if n < 8 {
        return data[1..].iter().fold(data[0], |a, &x| a + x);
    }
    let mut acc: [f64; 8] = data[..8].try_into().expect("8 lanes");
    let mut d = 8;
    while d < n - n % 8 {
        for l in 0..8 {
            acc[l] += data[d + l];
        }
        d += 8;
    }
    for l in 0..n - d {
        acc[l] += data[d + l];
    }
    acc[1..].iter().fold(acc[0], |a, &x| a + x)
}

/// The maximum with NaN propagating (`vec::maximum`).
fn max_nan<T: Copy + PartialOrd>(s: &[T], is_nan: impl Fn(T) -> bool) -> T {
    let mut m = s[0];
    for &x in s {
        if is_nan(x) {
            return x;
        }
        if x > m {
            m = x;
        }
    }
    m
}

/// One float type's kernels.
trait SoftmaxFloat:
    Copy
    + PartialOrd
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::AddAssign
{
    const ZERO: Self;
    const ONE: Self;
    const NEG_INF: Self;
    fn vexp(self) -> Self;
    fn sexp(self) -> Self;
    fn ln(self) -> Self;
    fn is_nan(self) -> bool;
    fn reduce_sum(d: &[Self]) -> Self;
    const W: usize;
}

impl SoftmaxFloat for f32 {
    const ZERO: f32 = 0.0;
    const ONE: f32 = 1.0;
    const NEG_INF: f32 = f32::NEG_INFINITY;
    const W: usize = 16;
    fn vexp(self) -> f32 {
        sleef_expf(self)
    }
    fn sexp(self) -> f32 {
        self.exp()
    }
    fn ln(self) -> f32 {
        f32::ln(self)
    }
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    fn reduce_sum(d: &[f32]) -> f32 {
        reduce_all_sum_f32(d)
    }
}

impl SoftmaxFloat for f64 {
    const ZERO: f64 = 0.0;
    const ONE: f64 = 1.0;
    const NEG_INF: f64 = f64::NEG_INFINITY;
    const W: usize = 8;
    fn vexp(self) -> f64 {
        self.exp()
    }
    fn sexp(self) -> f64 {
        self.exp()
    }
    fn ln(self) -> f64 {
        f64::ln(self)
    }
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    fn reduce_sum(d: &[f64]) -> f64 {
        reduce_all_sum_f64(d)
    }
}

/// Softmax over rows of `dim` contiguous values (`_vec_softmax_lastdim` and its log twin).
fn lastdim<F: SoftmaxFloat + Send + Sync>(x: &[F], out: &mut [F], dim: usize, log: bool) {
    let rows = |xr: &[F], or: &mut [F]| {
        let m = max_nan(xr, F::is_nan);
        for (o, &v) in or.iter_mut().zip(xr) {
            *o = (v - m).vexp();
        }
        let s = F::reduce_sum(or);
        if log {
            let ls = s.ln();
            for (o, &v) in or.iter_mut().zip(xr) {
                *o = v - m - ls;
            }
        } else {
            let r = F::ONE / s;
            for o in or.iter_mut() {
                *o = *o * r;
            }
        }
    };
    use rayon::prelude::*;
    if x.len() >= crate::backend::cpu::parallel::PARALLEL_THRESHOLD {
        out.par_chunks_mut(dim)
            .zip(x.par_chunks(dim))
            .for_each(|(or, xr)| rows(xr, or));
    } else {
        for (or, xr) in out.chunks_mut(dim).zip(x.chunks(dim)) {
            rows(xr, or);
        }
    }
}

/// Softmax along a dim that is not the last (`_vec_softmax` / `_vec_logsoftmax`):
/// every inner position runs its own sequential max, sum and division. Positions
/// in whole vectors use the vector exp, the tail the C library's.
fn middim<F: SoftmaxFloat>(x: &[F], out: &mut [F], outer: usize, dim: usize, inner: usize, log: bool) {
    let chunk = if log {
        ((128 * 1024 / dim / std::mem::size_of::<F>()).max(F::W)) / F::W * F::W
    } else {
        inner
    };
    for o in 0..outer {
        let base = o * dim * inner;
        for p in 0..inner {
            let (cb, size) = if log {
                let cb = p / chunk * chunk;
                (cb, chunk.min(inner - cb))
            } else {
                (0, inner)
            };
            let vectorized = p - cb < size / F::W * F::W;
            let at = |d: usize| base + d * inner + p;
            let mut m = if log { F::NEG_INF } else { x[at(0)] };
            for d in 0..dim {
                let v = x[at(d)];
                if log || !vectorized {
                    // blendv(max, v, v > max) and std::max both keep the old value on NaN.
                    if v > m {
                        m = v;
                    }
                } else if v.is_nan() || m.is_nan() {
                    m = if m.is_nan() { m } else { v };
                } else if v > m {
                    m = v;
                }
            }
            let mut s = F::ZERO;
            for d in 0..dim {
                let e = if vectorized {
                    (x[at(d)] - m).vexp()
                } else {
                    (x[at(d)] - m).sexp()
                };
                if !log {
                    out[at(d)] = e;
                }
                s += e;
            }
            if log {
                let ls = s.ln();
                for d in 0..dim {
                    out[at(d)] = x[at(d)] - m - ls;
                }
            } else {
                for d in 0..dim {
                    out[at(d)] = out[at(d)] / s;
                }
            }
        }
    }
}

fn softmax_impl(t: &Tensor, dim: i64, dtype: Option<DType>, log: bool) -> Result<Tensor> {
    let x = match dtype {
        Some(d) => t.to_dtype(d)?,
        None => t.clone(),
    };
    let nd = x.ndim();
    let d = wrap_dim(dim, nd)?;
    let last = nd == 0 || d == nd - 1;
    if !x.dtype().is_float() {
        return Err(TensorError::NotImplemented(format!(
            "\"{}softmax_{}kernel_impl\" not implemented for '{}'",
            if log { "log_" } else { "" },
            if last { "lastdim_" } else { "" },
            pretty_name(x.dtype())
        )));
    }
    let shape = x.shape().to_vec();
    if x.numel() == 0 {
        return Tensor::zeros(&shape, x.dtype());
    }
    if let Some(out) = crate::backend::cuda::ops::reduce::softmax(&x, d, log)? {
        return Ok(out);
    }
    let (outer, size, inner) = if nd == 0 {
        (1, 1, 1)
    } else {
        (shape[..d].iter().product(), shape[d], shape[d + 1..].iter().product())
    };
    let run = |v: &[f32]| -> Vec<f32> {
        let mut o = vec![0f32; v.len()];
        if last {
            lastdim(v, &mut o, size, log)
        } else {
            middim(v, &mut o, outer, size, inner, log)
        }
        o
    };
    let out_dtype = x.dtype();
    let buf = match out_dtype {
        DType::F64 => {
            let v = x.to_vec::<f64>();
            let mut o = vec![0f64; v.len()];
            if last {
                lastdim(&v, &mut o, size, log)
            } else {
                middim(&v, &mut o, outer, size, inner, log)
            }
            CpuBuffer::F64(o)
        }
        _ => CpuBuffer::F32(run(&x.to_vec::<f32>())),
    };
    Tensor::from_buffer(buf, &shape).to_dtype(out_dtype)
}

impl Tensor {
    /// `softmax(dim, dtype=None)`: float only (or cast by `dtype=` first).
    pub fn softmax(&self, dim: i64, dtype: Option<DType>) -> Result<Tensor> {
        softmax_impl(self, dim, dtype, false)
    }

    /// `log_softmax(dim, dtype=None)`: `x - max - log(sum(exp(x - max)))`.
    pub fn log_softmax(&self, dim: i64, dtype: Option<DType>) -> Result<Tensor> {
        softmax_impl(self, dim, dtype, true)
    }

    /// `logsumexp(dim, keepdim=False)`: `log(sum(exp(x - m))) + m` with `m` the
    /// maximum (taken as 0 where it is infinite). Ints compute in float32.
    pub fn logsumexp(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        let x = if self.dtype().is_float() {
            self.clone()
        } else {
            self.to_dtype(DType::F32)?
        };
        let rd = ReduceDims::new(x.shape(), dims, keepdim)?;
        let shape = x.shape().to_vec();
        let out_dtype = x.dtype();
        if x.numel() == 0 {
            return Tensor::full(
                &rd.out_shape,
                crate::tensor::Scalar::Float(f64::NEG_INFINITY),
                out_dtype,
            );
        }
        // The maxima, laid out on the input's shape with stride 0 on reduced dims.
        let mut maxes = x.amax(dims, true)?.to_dtype(DType::F64)?.to_vec::<f64>();
        for m in &mut maxes {
            if m.is_infinite() {
                *m = 0.0;
            }
        }
        let mut ms = contiguous_strides(&rd.keep_shape);
        for (s, &r) in ms.iter_mut().zip(&rd.mask) {
            if r {
                *s = 0;
            }
        }
        let spread = strided::gather(
            &maxes,
            &Layout {
                shape: shape.clone(),
                strides: ms,
                offset: 0,
            },
        );
        let flat = Layout::contiguous(&shape);
        let buf = if out_dtype == DType::F64 {
            let e: Vec<f64> = x
                .to_vec::<f64>()
                .iter()
                .zip(&spread)
                .map(|(v, m)| (v - m).exp())
                .collect();
            let s = cascade_sum(&e, &flat, &rd.mask, &rd.keep_shape);
            let m = &maxes;
            CpuBuffer::F64(s.iter().zip(m).map(|(s, m)| s.ln() + m).collect())
        } else {
            let mut e: Vec<f32> = x
                .to_vec::<f32>()
                .iter()
                .zip(&spread)
                .map(|(&v, &m)| v - m as f32)
                .collect();
            exp_f32_slice(&mut e);
            let s = cascade_sum(&e, &flat, &rd.mask, &rd.keep_shape);
            CpuBuffer::F32(s.iter().zip(&maxes).map(|(s, &m)| s.ln() + m as f32).collect())
        };
        Tensor::from_buffer(buf, &rd.out_shape).to_dtype(out_dtype)
    }
}

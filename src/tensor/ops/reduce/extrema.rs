//! `max`/`min` (whole tensor, or along a dim with indices), `amax`/`amin` and
//! `argmax`/`argmin`. NaN wins (it propagates, and its index is reported); on
//! ties the first index wins, as in PyTorch.
use super::sum::from_values;
use super::{ReduceDims, lanes, map_lanes};
use crate::tensor::buffer::build_vec;
use crate::tensor::buffer::BufferElement;
use crate::tensor::error::{Result, TensorError, index_err, runtime};
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Max,
    Min,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Max => "max",
            Kind::Min => "min",
        }
    }
}

/// The best value of a non-empty run and its first index; a NaN beats everything.
#[inline]
#[allow(clippy::eq_op)]
fn best<T: Copy + PartialOrd>(s: &[T], kind: Kind) -> (T, usize) {
    let mut b = s[0];
    let mut bi = 0;
    if b != b {
        return (b, 0);
    }
    for (i, &v) in s.iter().enumerate().skip(1) {
        if v != v {
            return (v, i);
        }
        let better = match kind {
            Kind::Max => v > b,
            Kind::Min => v < b,
        };
        if better {
            b = v;
            bi = i;
        }
    }
    (b, bi)
}

#[inline]
#[allow(clippy::eq_op)]
fn pick<T: Copy + PartialOrd>(a: T, b: T, kind: Kind) -> T {
    if a != a {
        return a;
    }
    if b != b {
        return b;
    }
    match kind {
        Kind::Max => {
            if b > a {
                b
            } else {
                a
            }
        }
        Kind::Min => {
            if b < a {
                b
            } else {
                a
            }
        }
    }
}

fn check_nonempty(t: &Tensor, rd: &ReduceDims, op: &str) -> Result<()> {
    if let Some(d) = rd.empty_reduced_dim(t.shape()) {
        return index_err(format!("{op}(): Expected reduction dim {d} to have non-zero size."));
    }
    Ok(())
}

fn values_only(t: &Tensor, rd: &ReduceDims, kind: Kind) -> Result<Tensor> {
    if let Some((v, _)) = crate::backend::cuda::ops::reduce::extreme(kind == Kind::Max, t, &rd.mask, &rd.out_shape)? {
        return Ok(v);
    }
    let layout = t.layout();
    t.with_cpu(|b| {
        with_buffer!(b, v => {
            let l = lanes(v, layout, rd)?;
            Ok(from_values(map_lanes(&l, |s| best(s, kind).0, |a, b| pick(a, b, kind))?, rd))
        })
    })
}

fn with_indices(t: &Tensor, rd: &ReduceDims, kind: Kind, want_values: bool) -> Result<(Option<Tensor>, Tensor)> {
    if let Some((v, i)) = crate::backend::cuda::ops::reduce::extreme(kind == Kind::Max, t, &rd.mask, &rd.out_shape)? {
        return Ok((want_values.then_some(v), i));
    }
    let layout = t.layout();
    t.with_cpu(|b| {
        with_buffer!(b, v => {
            let l = lanes(v, layout, rd)?;
            let pairs = build_vec(l.outer, |i| best(l.lane(i), kind))?;
            let idx: Vec<i64> = pairs.iter().map(|p| p.1 as i64).collect();
            let vals = if want_values {
                Some(Tensor::from_buffer(BufferElement::wrap(pairs.iter().map(|p| p.0).collect::<Vec<_>>()), &rd.out_shape))
            } else {
                None
            };
            Ok((vals, from_values(idx, rd)))
        })
    })
}

fn all_elements(t: &Tensor, kind: Kind, op: &str) -> Result<Tensor> {
    if t.numel() == 0 {
        return runtime(format!(
            "{op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."
        ));
    }
    values_only(t, &ReduceDims::all(t.shape(), false), kind)
}

fn dim_with_indices(t: &Tensor, dim: i64, keepdim: bool, kind: Kind) -> Result<(Tensor, Tensor)> {
    let rd = ReduceDims::one(t.shape(), dim, keepdim)?;
    check_nonempty(t, &rd, kind.name())?;
    let (v, i) = with_indices(t, &rd, kind, true)?;
    Ok((v.expect("values were asked for"), i))
}

fn amax_amin(t: &Tensor, dims: &[i64], keepdim: bool, kind: Kind) -> Result<Tensor> {
    let op = if kind == Kind::Max { "amax" } else { "amin" };
    let rd = ReduceDims::new(t.shape(), dims, keepdim)?;
    if dims.is_empty() && t.numel() == 0 {
        return all_elements(t, kind, op);
    }
    check_nonempty(t, &rd, op)?;
    values_only(t, &rd, kind)
}

fn arg(t: &Tensor, dim: Option<i64>, keepdim: bool, kind: Kind) -> Result<Tensor> {
    let op = if kind == Kind::Max { "argmax" } else { "argmin" };
    let rd = match dim {
        // Over the flattened tensor; keepdim keeps every dim as size 1.
        None => {
            if t.numel() == 0 {
                return Err(TensorError::Index(format!(
                    "{op}(): Expected reduction dim to be specified for input.numel() == 0."
                )));
            }
            ReduceDims::all(t.shape(), keepdim)
        }
        Some(d) => ReduceDims::one(t.shape(), d, keepdim)?,
    };
    check_nonempty(t, &rd, op)?;
    Ok(with_indices(t, &rd, kind, false)?.1)
}

impl Tensor {
    /// `max()`: the largest element as a 0-dim tensor (NaN if any is NaN).
    /// Errors on an empty tensor, as PyTorch does.
    pub fn max(&self) -> Result<Tensor> {
        all_elements(self, Kind::Max, "max")
    }

    /// `min()`: the smallest element as a 0-dim tensor.
    pub fn min(&self) -> Result<Tensor> {
        all_elements(self, Kind::Min, "min")
    }

    /// `max(dim, keepdim=False)`: `(values, indices)` along `dim`; the first index
    /// of the maximum on ties, the index of the first NaN if any.
    pub fn max_dim(&self, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
        dim_with_indices(self, dim, keepdim, Kind::Max)
    }

    /// `min(dim, keepdim=False)`: `(values, indices)` along `dim`.
    pub fn min_dim(&self, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
        dim_with_indices(self, dim, keepdim, Kind::Min)
    }

    /// `amax(dim=(), keepdim=False)`: the maximum over several dims (all when empty), no indices.
    pub fn amax(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        amax_amin(self, dims, keepdim, Kind::Max)
    }

    /// `amin(dim=(), keepdim=False)`.
    pub fn amin(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        amax_amin(self, dims, keepdim, Kind::Min)
    }

    /// `argmax(dim=None, keepdim=False)`: int64 indices; with no dim, the index
    /// into the flattened tensor.
    pub fn argmax(&self, dim: Option<i64>, keepdim: bool) -> Result<Tensor> {
        arg(self, dim, keepdim, Kind::Max)
    }

    /// `argmin(dim=None, keepdim=False)`.
    pub fn argmin(&self, dim: Option<i64>, keepdim: bool) -> Result<Tensor> {
        arg(self, dim, keepdim, Kind::Min)
    }
}

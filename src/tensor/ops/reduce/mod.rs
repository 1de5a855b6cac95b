//! Reductions: sum, mean, prod, min/max and their indices, std/var, any/all,
//! softmax and logsumexp, scans (cumsum/cumprod), norms and the median.
//!
//! Every reduction goes through the same steps: [`ReduceDims`] turns PyTorch's
//! `dim`/`keepdim` arguments into a mask of reduced dims and the output shape;
//! [`lanes`] lays the input out as `outer` runs of `inner` values (one run per
//! output element, in row-major order of the reduced dims); a kernel maps each run
//! to a value. Float sums instead follow ATen's cascade summation exactly
//! ([`cascade`]) so that printed results agree with PyTorch's to the last digit.
pub mod cascade;
mod extrema;
mod logical;
mod median;
mod moments;
mod norm;
mod scan;
mod softmax;
mod sum;
mod vexp;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use norm::NormOrd;

use crate::backend::cpu::parallel;
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::{Layout, wrap_dim};
use crate::tensor::memory;
use crate::tensor::strided;
use std::borrow::Cow;

/// The reduced dims of one request and the shapes it produces.
#[derive(Clone, Debug)]
pub(crate) struct ReduceDims {
    /// One flag per input dim: reduced or kept.
    pub mask: Vec<bool>,
    /// The result's shape (`keepdim` applied).
    pub out_shape: Vec<usize>,
    /// The result's shape with reduced dims kept as size 1.
    pub keep_shape: Vec<usize>,
}

impl ReduceDims {
    /// `dims` empty means every dim, as `sum(dim=())` does in PyTorch.
    pub fn new(shape: &[usize], dims: &[i64], keepdim: bool) -> Result<ReduceDims> {
        let nd = shape.len();
        let mut mask = vec![dims.is_empty(); nd];
        for &d in dims {
            let w = wrap_dim(d, nd)?;
            if nd == 0 {
                continue;
            }
            if mask[w] {
                return runtime(format!("dim {w} appears multiple times in the list of dims"));
            }
            mask[w] = true;
        }
        Ok(ReduceDims::from_mask(shape, mask, keepdim))
    }

    /// One dim (already checked by the caller or wrapped here).
    pub fn one(shape: &[usize], dim: i64, keepdim: bool) -> Result<ReduceDims> {
        ReduceDims::new(shape, &[dim], keepdim)
    }

    pub fn all(shape: &[usize], keepdim: bool) -> ReduceDims {
        ReduceDims::from_mask(shape, vec![true; shape.len()], keepdim)
    }

    fn from_mask(shape: &[usize], mask: Vec<bool>, keepdim: bool) -> ReduceDims {
        let keep_shape: Vec<usize> = shape.iter().zip(&mask).map(|(&s, &m)| if m { 1 } else { s }).collect();
        let out_shape = if keepdim {
            keep_shape.clone()
        } else {
            shape.iter().zip(&mask).filter(|(_, m)| !**m).map(|(&s, _)| s).collect()
        };
        ReduceDims {
            mask,
            out_shape,
            keep_shape,
        }
    }

    /// How many input values feed each output value.
    pub fn inner(&self, shape: &[usize]) -> usize {
        shape
            .iter()
            .zip(&self.mask)
            .filter(|(_, m)| **m)
            .map(|(&s, _)| s)
            .product()
    }

    pub fn outer(&self) -> usize {
        self.keep_shape.iter().product()
    }

    /// The first reduced dim of size zero, for max/min/argmax's error.
    pub fn empty_reduced_dim(&self, shape: &[usize]) -> Option<usize> {
        (0..shape.len()).find(|&d| self.mask[d] && shape[d] == 0)
    }
}

/// The input as `outer` runs of `inner` consecutive values: kept dims first,
/// reduced dims last. Borrowed when the layout already is that, copied otherwise.
pub(crate) struct Lanes<'a, T: Clone> {
    pub data: Cow<'a, [T]>,
    pub inner: usize,
    pub outer: usize,
}

impl<T: Clone> Lanes<'_, T> {
    #[inline]
    pub fn lane(&self, i: usize) -> &[T] {
        &self.data[i * self.inner..(i + 1) * self.inner]
    }
}

pub(crate) fn lanes<'a, T: Copy + Send + Sync + 'static>(src: &'a [T], layout: &Layout, rd: &ReduceDims) -> Result<Lanes<'a, T>> {
    let nd = layout.ndim();
    let mut perm: Vec<usize> = (0..nd).filter(|&d| !rd.mask[d]).collect();
    perm.extend((0..nd).filter(|&d| rd.mask[d]));
    let permuted = layout.permute(&perm);
    let inner = rd.inner(&layout.shape);
    let outer = rd.outer();
    let n = layout.numel();
    let data = if n == 0 {
        Cow::Owned(Vec::new())
    } else if permuted.is_contiguous() {
        Cow::Borrowed(&src[permuted.offset..permuted.offset + n])
    } else {
        memory::check_alloc(n * std::mem::size_of::<T>())?;
        Cow::Owned(strided::gather(src, &permuted))
    };
    Ok(Lanes { data, inner, outer })
}

/// Maps every lane to one value, in parallel when there are many lanes, or
/// splitting one long lane when there are few (`combine` merges partial results
/// of consecutive pieces, left to right).
pub(crate) fn map_lanes<T, U, F, C>(l: &Lanes<'_, T>, f: F, combine: C) -> Result<Vec<U>>
where
    T: Copy + Send + Sync,
    U: Copy + Send + 'static,
    F: Fn(&[T]) -> U + Sync,
    C: Fn(U, U) -> U + Sync,
{
    if l.outer < 4 && l.inner >= 4 * parallel::PARALLEL_THRESHOLD {
        use rayon::prelude::*;
        let mut out = Vec::with_capacity(l.outer);
        for i in 0..l.outer {
            let lane = l.lane(i);
            let parts: Vec<U> = lane.par_chunks(parallel::PARALLEL_THRESHOLD).map(&f).collect();
            out.push(parts.into_iter().reduce(&combine).expect("a long lane has pieces"));
        }
        return Ok(out);
    }
    crate::tensor::buffer::build_vec(l.outer, |i| f(l.lane(i)))
}

/// Maps values into a Vec of the element type of `_like` (lets generic code
/// inside `with_buffer!` name the buffer's own type).
pub(crate) fn collect_as<T, S>(_like: &[T], v: impl IntoIterator<Item = S>, f: impl Fn(S) -> T) -> Vec<T> {
    v.into_iter().map(f).collect()
}

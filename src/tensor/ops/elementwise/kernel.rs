//! The loops every elementwise op runs: a contiguous fast path over slices,
//! row-wise broadcasting (a scalar, a row, a column), and a strided walk
//! otherwise. Outputs are written once into uninitialised memory (no zero-fill),
//! in parallel chunks above `PARALLEL_THRESHOLD` and on the calling thread below it.
use super::num::Num;
use crate::tensor::error::Result;
use crate::tensor::layout::{Layout, numel};
use std::mem::MaybeUninit;

/// One input of a kernel: a strided view of a typed buffer, or one value
/// (a Python number or a 0-dim tensor), already in the compute type.
pub enum Src<'a, T: Num> {
    View { data: &'a [T], layout: &'a Layout },
    Value(T::C),
}

impl<T: Num> Src<'_, T> {
    #[inline(always)]
    pub(crate) fn at(&self, off: isize) -> T::C {
        match self {
            Src::View { data, .. } => data[off as usize].load(),
            Src::Value(v) => *v,
        }
    }

    /// The elements as one slice when the view is contiguous with exactly `shape`.
    pub(crate) fn flat(&self, shape: &[usize]) -> Option<&[T]> {
        match self {
            Src::View { data, layout } if layout.shape == shape && layout.is_contiguous() => {
                Some(&data[layout.offset..layout.offset + numel(shape)])
            }
            _ => None,
        }
    }

    pub(crate) fn strides_for(&self, shape: &[usize]) -> (Vec<isize>, isize) {
        match self {
            Src::View { layout, .. } => (broadcast_strides(layout, shape), layout.offset as isize),
            Src::Value(_) => (vec![0; shape.len()], 0),
        }
    }
}

/// The allocation every kernel writes its outputs into (see `buffer::new_vec`).
pub use crate::tensor::buffer::new_vec;

/// The strides that read `layout` broadcast to `shape`: missing leading dims and
/// size-1 dims read the same element again (stride 0).
pub fn broadcast_strides(layout: &Layout, shape: &[usize]) -> Vec<isize> {
    let extra = shape.len() - layout.ndim();
    let mut s = vec![0isize; shape.len()];
    for i in 0..layout.ndim() {
        if layout.shape[i] != 1 {
            s[i + extra] = layout.strides[i];
        }
    }
    s
}

/// Merges adjacent dims that every input walks as one, and drops size-1 dims,
/// so the inner loop runs as long as possible.
pub fn coalesce<const N: usize>(shape: &[usize], strides: [Vec<isize>; N]) -> (Vec<usize>, [Vec<isize>; N]) {
    let mut out_shape: Vec<usize> = Vec::with_capacity(shape.len());
    let mut out_strides: [Vec<isize>; N] = std::array::from_fn(|_| Vec::with_capacity(shape.len()));
    // Built from the inner dim outwards, then reversed.
    for d in (0..shape.len()).rev() {
        if shape[d] == 1 {
            continue;
        }
        if let Some(&inner) = out_shape.last() {
            let k = out_shape.len() - 1;
            if (0..N).all(|i| strides[i][d] == out_strides[i][k] * inner as isize) {
                out_shape[k] = inner * shape[d];
                continue;
            }
        }
        out_shape.push(shape[d]);
        for i in 0..N {
            out_strides[i].push(strides[i][d]);
        }
    }
    out_shape.reverse();
    for s in out_strides.iter_mut() {
        s.reverse();
    }
    (out_shape, out_strides)
}

/// Calls `row(pos, len, offsets, inner_strides)` for each run of the inner dim
/// covering row-major positions `start..end` (no division per element).
pub fn walk<const N: usize>(
    shape: &[usize],
    strides: &[Vec<isize>; N],
    base: [isize; N],
    start: usize,
    end: usize,
    mut row: impl FnMut(usize, usize, [isize; N], [isize; N]),
) {
    if start >= end {
        return;
    }
    let nd = shape.len();
    if nd == 0 {
        row(start, end - start, base, [0; N]);
        return;
    }
    let inner = shape[nd - 1];
    let inner_s: [isize; N] = std::array::from_fn(|i| strides[i][nd - 1]);
    let mut idx = vec![0usize; nd];
    let mut rem = start;
    for d in (0..nd).rev() {
        idx[d] = rem % shape[d];
        rem /= shape[d];
    }
    let mut off = base;
    for d in 0..nd - 1 {
        for i in 0..N {
            off[i] += idx[d] as isize * strides[i][d];
        }
    }
    let mut pos = start;
    let mut j = idx[nd - 1];
    while pos < end {
        let run = (inner - j).min(end - pos);
        let o: [isize; N] = std::array::from_fn(|i| off[i] + j as isize * inner_s[i]);
        row(pos, run, o, inner_s);
        pos += run;
        j = 0;
        let mut d = nd - 1;
        while d > 0 {
            d -= 1;
            idx[d] += 1;
            for i in 0..N {
                off[i] += strides[i][d];
            }
            if idx[d] < shape[d] {
                break;
            }
            for i in 0..N {
                off[i] -= strides[i][d] * shape[d] as isize;
            }
            idx[d] = 0;
        }
    }
}

/// `out[i] = f(a[i], b[i])` over the broadcast `shape`.
pub fn zip2<T: Num, U: Copy + Send + 'static, F: Fn(T::C, T::C) -> U + Sync>(
    a: &Src<T>,
    b: &Src<T>,
    shape: &[usize],
    f: F,
) -> Result<Vec<U>> {
    let n = numel(shape);
    // Fast paths: whole contiguous operands or a single value.
    let (fa, fb) = (a.flat(shape), b.flat(shape));
    match (fa, fb, a, b) {
        (Some(x), Some(y), _, _) => {
            return new_vec(n, |s, out| {
                let e = s + out.len();
                for ((o, &p), &q) in out.iter_mut().zip(&x[s..e]).zip(&y[s..e]) {
                    o.write(f(p.load(), q.load()));
                }
            });
        }
        (Some(x), None, _, Src::Value(q)) => {
            let q = *q;
            return new_vec(n, |s, out| {
                let e = s + out.len();
                for (o, &p) in out.iter_mut().zip(&x[s..e]) {
                    o.write(f(p.load(), q));
                }
            });
        }
        (None, Some(y), Src::Value(p), _) => {
            let p = *p;
            return new_vec(n, |s, out| {
                let e = s + out.len();
                for (o, &q) in out.iter_mut().zip(&y[s..e]) {
                    o.write(f(p, q.load()));
                }
            });
        }
        (None, None, Src::Value(p), Src::Value(q)) => {
            return new_vec(n, |_, out| {
                for o in out.iter_mut() {
                    o.write(f(*p, *q));
                }
            });
        }
        _ => {}
    }
    let (sa, oa) = a.strides_for(shape);
    let (sb, ob) = b.strides_for(shape);
    let (cshape, cstrides) = coalesce(shape, [sa, sb]);
    new_vec(n, |s, out| {
        walk(&cshape, &cstrides, [oa, ob], s, s + out.len(), |pos, len, [pa, pb], [da, db]| {
            let out = &mut out[pos - s..pos - s + len];
            row2(out, a, pa, da, b, pb, db, &f);
        });
    })
}

/// One run of the inner dim: slice loops for the common stride patterns.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn row2<T: Num, U, F: Fn(T::C, T::C) -> U>(
    out: &mut [MaybeUninit<U>],
    a: &Src<T>,
    pa: isize,
    da: isize,
    b: &Src<T>,
    pb: isize,
    db: isize,
    f: &F,
) {
    let len = out.len();
    if let (Src::View { data: x, .. }, Src::View { data: y, .. }) = (a, b) {
        let (pa, pb) = (pa as usize, pb as usize);
        match (da, db) {
            (1, 1) => {
                for ((o, &p), &q) in out.iter_mut().zip(&x[pa..pa + len]).zip(&y[pb..pb + len]) {
                    o.write(f(p.load(), q.load()));
                }
                return;
            }
            (1, 0) => {
                let q = y[pb].load();
                for (o, &p) in out.iter_mut().zip(&x[pa..pa + len]) {
                    o.write(f(p.load(), q));
                }
                return;
            }
            (0, 1) => {
                let p = x[pa].load();
                for (o, &q) in out.iter_mut().zip(&y[pb..pb + len]) {
                    o.write(f(p, q.load()));
                }
                return;
            }
            _ => {}
        }
    }
    let (mut ia, mut ib) = (pa, pb);
    for o in out.iter_mut() {
        o.write(f(a.at(ia), b.at(ib)));
        ia += da;
        ib += db;
    }
}

/// `out[i] = f(a[i])` over `a`'s own shape (contiguous fast path, else a strided walk).
pub fn map1<T: Num, U: Copy + Send + 'static, F: Fn(T::C) -> U + Sync>(data: &[T], layout: &Layout, f: F) -> Result<Vec<U>> {
    let shape = &layout.shape;
    let n = layout.numel();
    if layout.is_contiguous() {
        let x = &data[layout.offset..layout.offset + n];
        return new_vec(n, |s, out| {
            let e = s + out.len();
            for (o, &p) in out.iter_mut().zip(&x[s..e]) {
                o.write(f(p.load()));
            }
        });
    }
    let (cshape, cs) = coalesce(shape, [layout.strides.clone()]);
    new_vec(n, |s, out| {
        walk(&cshape, &cs, [layout.offset as isize], s, s + out.len(), |pos, len, [p], [d]| {
            let out = &mut out[pos - s..pos - s + len];
            if d == 1 {
                let p = p as usize;
                for (o, &x) in out.iter_mut().zip(&data[p..p + len]) {
                    o.write(f(x.load()));
                }
            } else {
                let mut i = p;
                for o in out.iter_mut() {
                    o.write(f(data[i as usize].load()));
                    i += d;
                }
            }
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coalesce_merges_contiguous_and_keeps_broadcast_dims() {
        // [2,3,4] contiguous with a [4] row broadcast: the row forces dims apart.
        let (s, [a, b]) = coalesce(&[2, 3, 4], [vec![12, 4, 1], vec![0, 0, 1]]);
        assert_eq!(s, vec![6, 4]);
        assert_eq!(a, vec![4, 1]);
        assert_eq!(b, vec![0, 1]);
        let (s, [a]) = coalesce(&[2, 1, 3], [vec![3, 3, 1]]);
        assert_eq!((s, a), (vec![6], vec![1]));
    }

    #[test]
    fn walk_covers_partial_ranges() {
        let shape = [3, 4];
        let strides = [vec![1isize, 3]]; // a transposed [4,3]
        let mut seen = vec![];
        walk(&shape, &strides, [0], 2, 11, |pos, len, [o], [d]| {
            for k in 0..len {
                seen.push((pos + k, o + k as isize * d));
            }
        });
        let expect: Vec<(usize, isize)> = (2..11).map(|p| (p, (p / 4) as isize + 3 * (p % 4) as isize)).collect();
        assert_eq!(seen, expect);
    }
}

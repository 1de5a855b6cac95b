//! Float sums as ATen computes them on the CPU, step for step, so results agree
//! with PyTorch's bit for bit (and so print the same).
//!
//! ATen (SumKernel.cpp) sums in the input's float type (float16/bfloat16 in
//! float32) with a "cascade": partial sums of 16 or more values are added into
//! partial sums of partial sums, a few levels deep, which keeps the error small in
//! one pass. Its loops work on vectors and four of them at once. The sum kernel is
//! registered for AVX2 only (ATen skips AVX-512 for it), so a vector holds 8
//! floats or 4 doubles on every x86-64 machine PyTorch runs on;
//! and how a 2-D chunk of the reduction is walked depends on which dim is
//! contiguous. TensorIterator picks the dims: it sorts them by stride (reduced
//! dims first), merges the ones that are contiguous together, and calls the 2-D
//! loop once per position of the remaining dims. All of that is mirrored here.
// The loops index lanes and levels the way ATen's do, to be checked against them.
#![allow(clippy::needless_range_loop)]
use crate::tensor::element::Element;
use crate::tensor::layout::{Layout, contiguous_strides};
use half::{bf16, f16};

/// PyTorch's `at::internal::GRAIN_SIZE`: below this many elements a reduction is serial.
const GRAIN_SIZE: usize = 32768;

/// A value the cascade adds: a scalar accumulator or a vector of lanes.
pub(crate) trait Acc: Copy + Send + Sync {
    const ZERO: Self;
    fn add(self, o: Self) -> Self;
}

impl Acc for f32 {
    const ZERO: f32 = 0.0;
    #[inline(always)]
    fn add(self, o: f32) -> f32 {
        self + o
    }
}
impl Acc for f64 {
    const ZERO: f64 = 0.0;
    #[inline(always)]
    fn add(self, o: f64) -> f64 {
        self + o
    }
}

/// A SIMD register's worth of accumulators, added lane by lane.
#[derive(Clone, Copy)]
pub(crate) struct V<A, const N: usize>(pub [A; N]);

impl<const N: usize> Acc for V<f32, N> {
    const ZERO: Self = V([0.0; N]);
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        let mut r = self.0;
        for k in 0..N {
            r[k] += o.0[k];
        }
        V(r)
    }
}
impl<const N: usize> Acc for V<f64, N> {
    const ZERO: Self = V([0.0; N]);
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        let mut r = self.0;
        for k in 0..N {
            r[k] += o.0[k];
        }
        V(r)
    }
}

/// A float element type and how ATen's sum loads and stores it.
pub(crate) trait SumElem: Element {
    /// `acc_type`: float for float16/bfloat16/float32, double for float64.
    type A: Acc;
    /// `Vectorized<acc_t>`.
    type VA: Acc;
    /// `Vectorized<scalar_t>::size()`.
    const VEC_T: usize;
    /// `Vectorized<acc_t>::size()`.
    const VEC_A: usize;
    fn acc(self) -> Self::A;
    /// A vector load for the inner (contiguous reduced dim) sum: `VEC_T` values
    /// from `at`, folded into `VEC_A` lanes.
    fn load_inner(src: &[Self], at: usize) -> Self::VA;
    /// A vector load for the outer sum: `VEC_A` values from `at`.
    fn load_outer(src: &[Self], at: usize) -> Self::VA;
    fn lane(v: &Self::VA, k: usize) -> Self::A;
    /// `*out += v`, in the output's own type.
    fn store_add(out: &mut Self, v: Self::A);
}

impl SumElem for f32 {
    type A = f32;
    type VA = V<f32, 8>;
    const VEC_T: usize = 8;
    const VEC_A: usize = 8;
    #[inline(always)]
    fn acc(self) -> f32 {
        self
    }
    #[inline(always)]
    fn load_inner(src: &[f32], at: usize) -> V<f32, 8> {
        V(src[at..at + 8].try_into().expect("8 lanes"))
    }
    #[inline(always)]
    fn load_outer(src: &[f32], at: usize) -> V<f32, 8> {
        V(src[at..at + 8].try_into().expect("8 lanes"))
    }
    #[inline(always)]
    fn lane(v: &V<f32, 8>, k: usize) -> f32 {
        v.0[k]
    }
    #[inline(always)]
    fn store_add(out: &mut f32, v: f32) {
        *out += v;
    }
}

impl SumElem for f64 {
    type A = f64;
    type VA = V<f64, 4>;
    const VEC_T: usize = 4;
    const VEC_A: usize = 4;
    #[inline(always)]
    fn acc(self) -> f64 {
        self
    }
    #[inline(always)]
    fn load_inner(src: &[f64], at: usize) -> V<f64, 4> {
        V(src[at..at + 4].try_into().expect("4 lanes"))
    }
    #[inline(always)]
    fn load_outer(src: &[f64], at: usize) -> V<f64, 4> {
        V(src[at..at + 4].try_into().expect("4 lanes"))
    }
    #[inline(always)]
    fn lane(v: &V<f64, 4>, k: usize) -> f64 {
        v.0[k]
    }
    #[inline(always)]
    fn store_add(out: &mut f64, v: f64) {
        *out += v;
    }
}

macro_rules! half_sum_elem {
    ($t:ty, $pair:expr) => {
        impl SumElem for $t {
            type A = f32;
            type VA = V<f32, 8>;
            const VEC_T: usize = 16;
            const VEC_A: usize = 8;
            #[inline(always)]
            fn acc(self) -> f32 {
                self.to_f32()
            }
            #[inline(always)]
            fn load_inner(src: &[$t], at: usize) -> V<f32, 8> {
                let pair: fn(&[$t], usize) -> f32 = $pair;
                let mut r = [0f32; 8];
                for (i, slot) in r.iter_mut().enumerate() {
                    *slot = pair(&src[at..at + 16], i);
                }
                V(r)
            }
            #[inline(always)]
            fn load_outer(src: &[$t], at: usize) -> V<f32, 8> {
                let mut r = [0f32; 8];
                for (i, slot) in r.iter_mut().enumerate() {
                    *slot = src[at + i].to_f32();
                }
                V(r)
            }
            #[inline(always)]
            fn lane(v: &V<f32, 8>, k: usize) -> f32 {
                v.0[k]
            }
            #[inline(always)]
            fn store_add(out: &mut $t, v: f32) {
                *out = <$t>::from_f32(out.to_f32() + v);
            }
        }
    };
}
// float16 folds neighbours (load_reduce_vec); bfloat16 adds the two halves of a
// 16-lane register (its own load policy).
half_sum_elem!(f16, |v, i| (0.0f32 + v[2 * i].to_f32()) + v[2 * i + 1].to_f32());
half_sum_elem!(bf16, |v, i| v[i].to_f32() + v[8 + i].to_f32());

fn ceil_log2(x: usize) -> usize {
    if x <= 2 {
        1
    } else {
        (usize::BITS - (x - 1).leading_zeros()) as usize
    }
}

/// Sums `R` interleaved rows at once (`load(i, k)`: row `k`, element `i`) in a
/// cascade of four levels.
#[inline(always)]
fn multi_row_sum<S: Acc, const R: usize>(size: usize, load: impl Fn(usize, usize) -> S) -> [S; R] {
    const LEVELS: usize = 4;
    let level_power = (ceil_log2(size) / LEVELS).max(4);
    let level_step = 1usize << level_power;
    let level_mask = level_step - 1;
    let mut acc = [[S::ZERO; R]; LEVELS];
    let mut i = 0;
    while i + level_step <= size {
        for _ in 0..level_step {
            for k in 0..R {
                acc[0][k] = acc[0][k].add(load(i, k));
            }
            i += 1;
        }
        for j in 1..LEVELS {
            for k in 0..R {
                acc[j][k] = acc[j][k].add(acc[j - 1][k]);
                acc[j - 1][k] = S::ZERO;
            }
            if i & (level_mask << (j * level_power)) != 0 {
                break;
            }
        }
    }
    while i < size {
        for k in 0..R {
            acc[0][k] = acc[0][k].add(load(i, k));
        }
        i += 1;
    }
    for j in 1..LEVELS {
        for k in 0..R {
            acc[0][k] = acc[0][k].add(acc[j][k]);
        }
    }
    acc[0]
}

/// One row (`load(i)`), as four interleaved partial sums.
#[inline(always)]
fn row_sum<S: Acc>(size: usize, load: impl Fn(usize) -> S) -> S {
    let size_ilp = size / 4;
    let mut p = multi_row_sum::<S, 4>(size_ilp, |i, k| load(i * 4 + k));
    for i in size_ilp * 4..size {
        p[0] = p[0].add(load(i));
    }
    p[0].add(p[1]).add(p[2]).add(p[3])
}

/// ATen's 2-D reduction loop (`cascade_sum`'s lambda). `store(j, v)` adds `v`
/// into the output at offset `j * out_stride` of the reduced row (`v` for output
/// position `j` of dim 1, or of dim 0 when that dim is the kept one).
#[allow(clippy::too_many_arguments)]
fn loop2d<T: SumElem>(
    src: &[T],
    base: isize,
    mut in_s: [isize; 2],
    mut out_s: [isize; 2],
    mut size0: usize,
    mut size1: usize,
    mut store: impl FnMut(isize, T::A),
) {
    let ld = |off: isize| src[off as usize].acc();
    if out_s[0] != 0 && out_s[1] == 0 {
        in_s.swap(0, 1);
        out_s.swap(0, 1);
        std::mem::swap(&mut size0, &mut size1);
    }
    if out_s[0] != 0 && out_s[1] != 0 {
        // Nothing is reduced here: out += in, element by element.
        for j in 0..size1 {
            for i in 0..size0 {
                let o = i as isize * out_s[0] + j as isize * out_s[1];
                store(o, ld(base + i as isize * in_s[0] + j as isize * in_s[1]));
            }
        }
        return;
    }
    let os = out_s[1];
    if in_s[0] == 1 && size0 >= T::VEC_T {
        // Contiguous inner reduction.
        let vec_size = size0 / T::VEC_T;
        for j in 0..size1 {
            let row = base + j as isize * in_s[1];
            let vacc = row_sum::<T::VA>(vec_size, |i| T::load_inner(src, row as usize + i * T::VEC_T));
            let mut fin = T::A::ZERO;
            for k in vec_size * T::VEC_T..size0 {
                fin = fin.add(ld(row + k as isize));
            }
            for l in 0..T::VEC_A {
                fin = fin.add(T::lane(&vacc, l));
            }
            store(j as isize * os, fin);
        }
    } else if in_s[1] == 1 && size1 >= T::VEC_T {
        // Contiguous outer reduction: vectors run across the outputs.
        let w = T::VEC_A;
        let mut j = 0;
        while j + 4 * w <= size1 {
            let at = base + j as isize;
            let sums = multi_row_sum::<T::VA, 4>(size0, |i, k| {
                T::load_outer(src, (at + i as isize * in_s[0]) as usize + k * w)
            });
            for (k, s) in sums.iter().enumerate() {
                for l in 0..w {
                    store((j + k * w + l) as isize * os, T::lane(s, l));
                }
            }
            j += 4 * w;
        }
        while j + w <= size1 {
            let at = base + j as isize;
            let s = row_sum::<T::VA>(size0, |i| T::load_outer(src, (at + i as isize * in_s[0]) as usize));
            for l in 0..w {
                store((j + l) as isize * os, T::lane(&s, l));
            }
            j += w;
        }
        while j < size1 {
            let at = base + j as isize;
            store(
                j as isize * os,
                row_sum::<T::A>(size0, |i| ld(at + i as isize * in_s[0])),
            );
            j += 1;
        }
    } else if in_s[0] < in_s[1] {
        for j in 0..size1 {
            let row = base + j as isize * in_s[1];
            store(
                j as isize * os,
                row_sum::<T::A>(size0, |i| ld(row + i as isize * in_s[0])),
            );
        }
    } else {
        let mut j = 0;
        while j + 3 < size1 {
            let row = base + j as isize * in_s[1];
            let sums = multi_row_sum::<T::A, 4>(size0, |i, k| ld(row + i as isize * in_s[0] + k as isize * in_s[1]));
            for (k, s) in sums.iter().enumerate() {
                store((j + k) as isize * os, *s);
            }
            j += 4;
        }
        while j < size1 {
            let row = base + j as isize * in_s[1];
            store(
                j as isize * os,
                row_sum::<T::A>(size0, |i| ld(row + i as isize * in_s[0])),
            );
            j += 1;
        }
    }
}

/// TensorIterator's view of a reduction: dims sorted and merged, with the input's
/// and the output's strides (in elements; the output's are 0 on reduced dims).
struct IterDims {
    shape: Vec<usize>,
    in_s: Vec<isize>,
    out_s: Vec<isize>,
}

impl IterDims {
    fn new(layout: &Layout, mask: &[bool], keep_shape: &[usize]) -> IterDims {
        let nd = layout.ndim();
        let keep_strides = contiguous_strides(keep_shape);
        let out_stride = |d: usize| if mask[d] { 0 } else { keep_strides[d] };
        // reorder_dimensions: start from the reversed dims, insertion-sort them.
        let mut perm: Vec<usize> = (0..nd).rev().collect();
        let should_swap = |d0: usize, d1: usize| -> i32 {
            let (o0, o1) = (out_stride(d0), out_stride(d1));
            if (o0 == 0) != (o1 == 0) {
                return if o1 == 0 { 1 } else { -1 };
            }
            for (s0, s1) in [(o0, o1), (layout.strides[d0], layout.strides[d1])] {
                if s0 == 0 || s1 == 0 {
                    continue;
                }
                if s0 < s1 {
                    return -1;
                }
                if s0 > s1 {
                    return 1;
                }
                if layout.shape[d0] > layout.shape[d1] {
                    return 1;
                }
            }
            0
        };
        for i in 1..nd {
            let mut dim1 = i;
            for dim0 in (0..i).rev() {
                let c = should_swap(perm[dim0], perm[dim1]);
                if c > 0 {
                    perm.swap(dim0, dim1);
                    dim1 = dim0;
                } else if c < 0 {
                    break;
                }
            }
        }
        let mut shape: Vec<usize> = perm.iter().map(|&d| layout.shape[d]).collect();
        let mut in_s: Vec<isize> = perm.iter().map(|&d| layout.strides[d]).collect();
        let mut out_s: Vec<isize> = perm.iter().map(|&d| out_stride(d)).collect();
        // coalesce_dimensions
        if shape.len() > 1 {
            let mut prev = 0;
            for d in 1..shape.len() {
                let can = shape[prev] == 1
                    || shape[d] == 1
                    || (shape[prev] as isize * in_s[prev] == in_s[d] && shape[prev] as isize * out_s[prev] == out_s[d]);
                if can {
                    if shape[prev] == 1 {
                        in_s[prev] = in_s[d];
                        out_s[prev] = out_s[d];
                    }
                    shape[prev] *= shape[d];
                } else {
                    prev += 1;
                    if prev != d {
                        in_s[prev] = in_s[d];
                        out_s[prev] = out_s[d];
                        shape[prev] = shape[d];
                    }
                }
            }
            shape.truncate(prev + 1);
            in_s.truncate(prev + 1);
            out_s.truncate(prev + 1);
        }
        IterDims { shape, in_s, out_s }
    }

    fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    fn s(&self, v: &[isize], d: usize) -> isize {
        v.get(d).copied().unwrap_or(0)
    }

    /// `serial_for_each` over the linear range `begin..end`: the 2-D loop is
    /// called on the largest 2-D steps the dim counter allows.
    fn serial_for_each<T: SumElem>(
        &self,
        src: &[T],
        in_off: usize,
        begin: usize,
        end: usize,
        mut store: impl FnMut(isize, T::A),
    ) {
        let nd = self.shape.len();
        let in_s2 = [self.s(&self.in_s, 0), self.s(&self.in_s, 1)];
        let out_s2 = [self.s(&self.out_s, 0), self.s(&self.out_s, 1)];
        if nd <= 1 {
            let base = in_off as isize + begin as isize * in_s2[0];
            let obase = begin as isize * out_s2[0];
            loop2d(src, base, in_s2, out_s2, end - begin, 1, |o, v| store(obase + o, v));
            return;
        }
        let mut values = vec![0usize; nd];
        let mut rem = begin;
        for d in 0..nd {
            values[d] = rem % self.shape[d];
            rem /= self.shape[d];
        }
        let mut offset = begin;
        while offset < end {
            let step0 = (self.shape[0] - values[0]).min(end - offset);
            let step1 = if step0 == self.shape[0] {
                (self.shape[1] - values[1]).min((end - offset) / self.shape[0])
            } else {
                1
            };
            let mut base = in_off as isize;
            let mut obase = 0isize;
            for d in 0..nd {
                base += values[d] as isize * self.in_s[d];
                obase += values[d] as isize * self.out_s[d];
            }
            loop2d(src, base, in_s2, out_s2, step0, step1, |o, v| store(obase + o, v));
            offset += step0 * step1;
            let (mut i, mut overflow) = if step1 != 1 { (1, step1) } else { (0, step0) };
            while i < nd && overflow > 0 {
                let v = values[i] + overflow;
                if v >= self.shape[i] {
                    overflow = 1;
                    values[i] = v - self.shape[i];
                } else {
                    overflow = 0;
                    values[i] = v;
                }
                i += 1;
            }
        }
    }
}

/// Sums `src` (viewed through `layout`) over the dims in `mask`. The result is
/// laid out contiguously in `keep_shape` (reduced dims of size 1).
pub(crate) fn cascade_sum<T: SumElem>(src: &[T], layout: &Layout, mask: &[bool], keep_shape: &[usize]) -> Vec<T> {
    let out_n: usize = keep_shape.iter().product();
    let mut out = vec![T::zero(); out_n];
    if layout.numel() == 0 {
        return out;
    }
    let it = IterDims::new(layout, mask, keep_shape);
    let numel = it.numel();
    let threads = rayon::current_num_threads().max(1);
    if numel >= GRAIN_SIZE && out_n == 1 && threads > 1 {
        // two_pass_reduction: each thread sums its share into its own slot, then
        // the slots are summed like any other row.
        let nthreads = threads.min(numel.div_ceil(GRAIN_SIZE));
        let chunk = numel.div_ceil(nthreads);
        use rayon::prelude::*;
        let partial: Vec<T> = (0..threads)
            .into_par_iter()
            .map(|t| {
                let mut slot = T::zero();
                let (b, e) = (t * chunk, ((t + 1) * chunk).min(numel));
                if b < e {
                    it.serial_for_each(src, layout.offset, b, e, |_, v| T::store_add(&mut slot, v));
                }
                slot
            })
            .collect();
        loop2d(&partial, 0, [1, 0], [0, 0], threads, 1, |_, v| {
            T::store_add(&mut out[0], v)
        });
        return out;
    }
    if numel >= GRAIN_SIZE && threads > 1 && it.shape.len() == 2 && it.out_s[0] == 0 && it.out_s[1] != 0 {
        // One reduced dim and one kept dim: split the kept dim into blocks of 64
        // outputs. Every loop above treats blocks of 64 alike, so the sums are the
        // ones the serial loop gives.
        use rayon::prelude::*;
        const BLOCK: usize = 64;
        let (size0, size1) = (it.shape[0], it.shape[1]);
        let per = size1.div_ceil(threads * 4).div_ceil(BLOCK).max(1) * BLOCK;
        let parts: Vec<Vec<(isize, T::A)>> = (0..size1.div_ceil(per))
            .into_par_iter()
            .map(|c| {
                let j0 = c * per;
                let n1 = per.min(size1 - j0);
                let base = layout.offset as isize + j0 as isize * it.in_s[1];
                let obase = j0 as isize * it.out_s[1];
                let mut got = Vec::with_capacity(n1);
                loop2d(
                    src,
                    base,
                    [it.in_s[0], it.in_s[1]],
                    [0, it.out_s[1]],
                    size0,
                    n1,
                    |o, v| got.push((obase + o, v)),
                );
                got
            })
            .collect();
        for (o, v) in parts.into_iter().flatten() {
            T::store_add(&mut out[o as usize], v);
        }
        return out;
    }
    it.serial_for_each(src, layout.offset, 0, numel, |o, v| {
        T::store_add(&mut out[o as usize], v)
    });
    out
}

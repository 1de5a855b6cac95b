//! Walking a strided layout in row-major order. The inner dimension runs as a
//! tight loop with a fixed stride; the outer dimensions advance a counter, so no
//! division happens per element.
use super::layout::{Layout, numel};
use crate::backend::cpu::{parallel, recycle};

/// Calls `f(out_index, storage_offset)` for every element of `layout` whose
/// row-major position is in `start..end`.
#[inline]
pub fn for_each_offset_in(layout: &Layout, start: usize, end: usize, mut f: impl FnMut(usize, usize)) {
    if start >= end {
        return;
    }
    let nd = layout.ndim();
    if nd == 0 {
        f(0, layout.offset);
        return;
    }
    let shape = &layout.shape;
    let strides = &layout.strides;
    let inner = shape[nd - 1];
    let inner_stride = strides[nd - 1];
    // Multi-index of `start`.
    let mut idx = vec![0usize; nd];
    let mut rem = start;
    for d in (0..nd).rev() {
        idx[d] = rem % shape[d];
        rem /= shape[d];
    }
    let mut base: isize = layout.offset as isize;
    for d in 0..nd - 1 {
        base += idx[d] as isize * strides[d];
    }
    let mut pos = start;
    let mut j = idx[nd - 1];
    while pos < end {
        let run = (inner - j).min(end - pos);
        let mut off = base + j as isize * inner_stride;
        for k in 0..run {
            f(pos + k, off as usize);
            off += inner_stride;
        }
        pos += run;
        j = 0;
        // Advance the outer counter by one row.
        let mut d = nd - 1;
        while d > 0 {
            d -= 1;
            idx[d] += 1;
            base += strides[d];
            if idx[d] < shape[d] {
                break;
            }
            base -= strides[d] * shape[d] as isize;
            idx[d] = 0;
        }
    }
}

/// Calls `f(storage_offset)` for every element in row-major order.
pub fn for_each_offset(layout: &Layout, mut f: impl FnMut(usize)) {
    for_each_offset_in(layout, 0, layout.numel(), |_, o| f(o));
}

/// Copies the elements of a strided view into a new contiguous Vec (parallel when large).
pub fn gather<T: Copy + Send + Sync + 'static>(src: &[T], layout: &Layout) -> Vec<T> {
    let n = numel(&layout.shape);
    if layout.is_contiguous() {
        let mut out = recycle::with_capacity(n);
        out.extend_from_slice(&src[layout.offset..layout.offset + n]);
        return out;
    }
    let nd = layout.shape.len();
    if nd >= 2 && layout.strides[nd - 1] == 1 && layout.shape[nd - 1] >= 16 {
        // Rows stored whole (a broadcast bias, a slice of columns): copy row by row.
        let len = layout.shape[nd - 1];
        let rows = Layout { shape: layout.shape[..nd - 1].to_vec(), strides: layout.strides[..nd - 1].to_vec(), offset: layout.offset };
        let mut out: Vec<T> = recycle::with_capacity(n);
        for_each_offset_in(&rows, 0, n / len, |_, off| out.extend_from_slice(&src[off..off + len]));
        return out;
    }
    let mut out: Vec<T> = recycle::with_capacity(n);
    let spare = &mut out.spare_capacity_mut()[..n];
    parallel::for_each_chunk_mut(spare, |start, chunk| {
        for_each_offset_in(layout, start, start + chunk.len(), |i, off| {
            chunk[i - start].write(src[off]);
        });
    });
    // SAFETY: every element was written.
    unsafe { out.set_len(n) };
    out
}

/// Maps the elements of a strided view through `f` into a new contiguous Vec.
pub fn gather_map<T: Copy + Send + Sync, U: Copy + Send + 'static, F: Fn(T) -> U + Sync>(src: &[T], layout: &Layout, f: F) -> Vec<U> {
    let n = numel(&layout.shape);
    let mut out: Vec<U> = recycle::with_capacity(n);
    let spare = &mut out.spare_capacity_mut()[..n];
    if layout.is_contiguous() {
        let s = &src[layout.offset..layout.offset + n];
        parallel::for_each_chunk_mut(spare, |start, chunk| {
            for (k, slot) in chunk.iter_mut().enumerate() {
                slot.write(f(s[start + k]));
            }
        });
    } else {
        parallel::for_each_chunk_mut(spare, |start, chunk| {
            for_each_offset_in(layout, start, start + chunk.len(), |i, off| {
                chunk[i - start].write(f(src[off]));
            });
        });
    }
    // SAFETY: every element was written.
    unsafe { out.set_len(n) };
    out
}

/// Writes `values` (row-major) into the strided view `layout` of `dst`.
pub fn scatter<T: Copy>(dst: &mut [T], layout: &Layout, values: &[T]) {
    if layout.is_contiguous() {
        let n = values.len();
        dst[layout.offset..layout.offset + n].copy_from_slice(values);
        return;
    }
    for_each_offset_in(layout, 0, values.len(), |i, off| dst[off] = values[i]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_of_transpose_reads_columns() {
        let data: Vec<i32> = (0..6).collect();
        let l = Layout::contiguous(&[2, 3]).transpose(0, 1);
        assert_eq!(gather(&data, &l), vec![0, 3, 1, 4, 2, 5]);
    }

    #[test]
    fn partial_ranges_agree_with_full_walk() {
        let data: Vec<i32> = (0..60).collect();
        let l = Layout::contiguous(&[3, 4, 5]).permute(&[2, 0, 1]).slice(1, 1, 2, 1);
        let full = gather(&data, &l);
        for start in 0..full.len() {
            let mut got = vec![];
            for_each_offset_in(&l, start, full.len(), |_, o| got.push(data[o]));
            assert_eq!(got, full[start..]);
        }
    }
}

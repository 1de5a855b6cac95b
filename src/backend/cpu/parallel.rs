//! When and how the CPU backend splits work across threads.
use rayon::prelude::*;

/// Below this many elements a kernel runs on the calling thread: a rayon
/// fork-join costs microseconds, more than a small op itself.
pub const PARALLEL_THRESHOLD: usize = 1 << 15;

/// Makes the calling thread (the interpreter's) worker 0 of rayon's global
/// pool and starts the other workers now. Its parallel kernels then run a
/// share of the work themselves instead of handing it all to the pool and
/// sleeping until woken (two context switches an op), and the workers exist
/// before a sandboxed kernel forbids new threads. Only the first call in a
/// process does anything; later ones (or a pool already started) are no-ops.
pub fn adopt_current_thread() {
    let _ = rayon::ThreadPoolBuilder::new().use_current_thread().build_global();
}

/// Calls `f(start, chunk)` over consecutive chunks of `data`, in parallel when large.
pub fn for_each_chunk_mut<T: Send, F: Fn(usize, &mut [T]) + Sync>(data: &mut [T], f: F) {
    let len = data.len();
    if len < PARALLEL_THRESHOLD {
        f(0, data);
        return;
    }
    let threads = rayon::current_num_threads().max(1);
    // A few chunks a thread balances load without much scheduling cost.
    let chunk = len.div_ceil(threads * 4).max(PARALLEL_THRESHOLD / 4);
    data.par_chunks_mut(chunk)
        .enumerate()
        .for_each(|(i, c)| f(i * chunk, c));
}

/// Runs `f(start, end)` over ranges covering `0..len`, in parallel when large.
pub fn for_each_range<F: Fn(usize, usize) + Sync>(len: usize, f: F) {
    if len < PARALLEL_THRESHOLD {
        f(0, len);
        return;
    }
    let threads = rayon::current_num_threads().max(1);
    let chunk = len.div_ceil(threads * 4).max(PARALLEL_THRESHOLD / 4);
    let n = len.div_ceil(chunk);
    (0..n).into_par_iter().for_each(|i| {
        let s = i * chunk;
        f(s, (s + chunk).min(len));
    });
}

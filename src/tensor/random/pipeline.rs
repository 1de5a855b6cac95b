//! Multi-threaded driver for big fills whose draws must happen in order.
//!
//! A fill of a fresh tensor has three costs: first-touch page faults (the kernel mapping and
//! zeroing new pages — the largest part for 10^8 floats), drawing the uniforms (sequential: the
//! Mersenne Twister has one state) and, for normals, the Box–Muller transform. The output is
//! cut into chunks. The calling thread draws them in order and never waits for anyone; helper
//! threads transform drawn chunks and, when idle, ask the kernel to map pages a few chunks
//! ahead of the drawing position (`backend/cpu/prefault.rs`; advisory, it does not touch the contents).
//! Results are the same as the serial `fill(all); transform(all)`.

use crate::backend::cpu::prefault::Prefault;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Below this many elements everything stays on the calling thread.
pub(super) const PARALLEL_MIN: usize = 1 << 18;
/// Elements per chunk (a multiple of 16, so no 16-block straddles two chunks).
const CHUNK: usize = 1 << 15;
/// Drawn-but-untransformed chunks a helper tolerates before it stops prefaulting.
const BACKLOG: usize = 2;
/// Serial fills draw and transform in pieces this small so the data stays in L1.
const SUB: usize = 1 << 11;
/// How many chunks may be mapped ahead of the drawing position (keeps them cache-warm).
const LOOKAHEAD: usize = 8;

struct Shared<T> {
    base: *mut T,
    len: usize,
    chunks: usize,
    /// Chunks `[0, drawn)` hold their uniforms and may be transformed.
    drawn: AtomicUsize,
    /// Next chunk to hand out for transforming.
    next_transform: AtomicUsize,
    /// Next chunk to prefault (advisory; may run ahead of or behind `drawn`).
    next_fault: AtomicUsize,
    /// Set when the drawing thread leaves (normally or by unwinding).
    stop: AtomicBool,
    prefault: Prefault,
}

// SAFETY: chunk contents are only accessed by the drawing thread before `drawn` passes them and
// by exactly one transforming thread (claimed through `next_transform`) afterwards. Prefaulting
// passes address ranges to the kernel without reading or writing the contents.
unsafe impl<T: Send> Sync for Shared<T> {}

impl<T> Shared<T> {
    fn range(&self, i: usize) -> (usize, usize) {
        let start = i * CHUNK;
        (start, (start + CHUNK).min(self.len))
    }

    /// SAFETY: the caller must own chunk `i` as described on `Shared`.
    #[allow(clippy::mut_from_ref)]
    unsafe fn chunk(&self, i: usize) -> &mut [T] {
        let (start, end) = self.range(i);
        unsafe { std::slice::from_raw_parts_mut(self.base.add(start), end - start) }
    }

    /// Claims the next chunk to prefault if it is due. Returns whether it did work.
    fn try_prefault(&self) -> bool {
        if !self.prefault.enabled() {
            return false;
        }
        let i = self.next_fault.load(Ordering::Relaxed);
        if i >= self.chunks || i >= self.drawn.load(Ordering::Relaxed) + LOOKAHEAD {
            return false;
        }
        if self.next_fault.compare_exchange(i, i + 1, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
            let (start, end) = self.range(i);
            // The pointer range is inside the buffer; see `Prefault::populate_range`.
            self.prefault.populate_range(unsafe { self.base.add(start) }, end - start);
        }
        true
    }

    /// Claims and transforms the next drawn chunk, if any. Returns whether it did work.
    fn try_transform(&self, transform: &(dyn Fn(&mut [T]) + Sync)) -> bool {
        let i = self.next_transform.load(Ordering::Relaxed);
        if i >= self.drawn.load(Ordering::Acquire) {
            return false;
        }
        if self.next_transform.compare_exchange(i, i + 1, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
            // SAFETY: chunk i is drawn (Acquire above) and now claimed by this thread only.
            transform(unsafe { self.chunk(i) });
        }
        true
    }
}

struct StopOnDrop<'a>(&'a AtomicBool);
impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

/// Tests raise the helper count to exercise contention on the 2-core CI machine.
#[cfg(test)]
pub(super) static TEST_HELPERS: AtomicUsize = AtomicUsize::new(usize::MAX);

fn helper_count(n: usize) -> usize {
    if n < PARALLEL_MIN {
        return 0;
    }
    #[cfg(test)]
    if TEST_HELPERS.load(Ordering::Relaxed) != usize::MAX {
        return TEST_HELPERS.load(Ordering::Relaxed);
    }
    // The drawing thread feeds roughly three transforming ones (rayon's other workers).
    rayon::current_num_threads().saturating_sub(1).min(3)
}

/// Idle helpers spin briefly, then yield, then nap, so they cost little on a busy machine.
fn idle(spins: &mut u32) {
    *spins += 1;
    if *spins < 64 {
        std::hint::spin_loop();
    } else if *spins < 256 {
        std::thread::yield_now();
    } else {
        std::thread::sleep(std::time::Duration::from_micros(50));
    }
}

/// `fill` is called on consecutive chunks of `out`, in order, on the calling thread; `transform`
/// (if any) is called once on every chunk after its fill, on any thread. Chunks are multiples
/// of 16 elements except the last.
pub(super) fn fill_then_transform<T, F, X>(out: &mut [T], mut fill: F, transform: Option<X>)
where
    T: Copy + Default + Send,
    F: FnMut(&mut [T]),
    X: Fn(&mut [T]) + Sync,
{
    let helpers = helper_count(out.len());
    let prefault = if out.len() >= PARALLEL_MIN { Prefault::for_buffer(out) } else { Prefault::disabled() };
    if helpers == 0 {
        // Chunk by chunk so each transform finds its uniforms still in cache.
        for c in out.chunks_mut(CHUNK) {
            prefault.touch(c);
            for sc in c.chunks_mut(SUB) {
                fill(sc);
                if let Some(t) = &transform {
                    t(sc);
                }
            }
        }
        return;
    }
    let chunks = out.len().div_ceil(CHUNK);
    let shared = Shared {
        base: out.as_mut_ptr(),
        len: out.len(),
        chunks,
        drawn: AtomicUsize::new(0),
        next_transform: AtomicUsize::new(0),
        next_fault: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        prefault,
    };
    let noop = |_: &mut [T]| {};
    let t_ref: &(dyn Fn(&mut [T]) + Sync) = match &transform {
        Some(t) => t,
        None => &noop,
    };
    let has_transform = transform.is_some();
    let helper = || {
        let mut spins = 0;
        loop {
            // Keep the transform backlog short (cache-warm chunks), otherwise help with the
            // page mapping so the drawing thread does not have to.
            let backlog = if has_transform {
                let drawn = shared.drawn.load(Ordering::Relaxed);
                drawn.saturating_sub(shared.next_transform.load(Ordering::Relaxed))
            } else {
                0
            };
            let worked = if backlog >= BACKLOG {
                shared.try_transform(t_ref) || shared.try_prefault()
            } else {
                shared.try_prefault() || (has_transform && shared.try_transform(t_ref))
            };
            if worked {
                spins = 0;
                continue;
            }
            let transforms_left = has_transform && shared.next_transform.load(Ordering::Relaxed) < chunks;
            let faults_left = shared.prefault.enabled() && shared.next_fault.load(Ordering::Relaxed) < chunks;
            let drawing = !shared.stop.load(Ordering::Acquire);
            if !(transforms_left || (faults_left && drawing)) {
                return;
            }
            if !drawing && shared.drawn.load(Ordering::Acquire) < chunks {
                return; // the drawing thread unwound; nothing more will be drawn
            }
            idle(&mut spins);
        }
    };
    // Helpers run on rayon's workers, which exist before a kernel forbids new
    // threads (a thread spawned here would fail in the sandbox).
    let helper = &helper;
    rayon::in_place_scope(|s| {
        for _ in 0..helpers {
            s.spawn(move |_| helper());
        }
        let _stop = StopOnDrop(&shared.stop);
        for g in 0..chunks {
            // Map this chunk in one batch unless a helper already did (or is doing) it.
            if shared.prefault.enabled()
                && shared.next_fault.compare_exchange(g, g + 1, Ordering::Relaxed, Ordering::Relaxed).is_ok()
            {
                let (start, end) = shared.range(g);
                shared.prefault.populate_range(unsafe { shared.base.add(start) }, end - start);
            }
            // SAFETY: chunks at or past `drawn` belong to the drawing thread.
            fill(unsafe { shared.chunk(g) });
            shared.drawn.store(g + 1, Ordering::Release);
        }
        if has_transform {
            while shared.try_transform(t_ref) {}
        }
    });
}

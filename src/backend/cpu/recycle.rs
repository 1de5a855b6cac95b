//! Reuse of large freed host buffers.
//!
//! A fresh buffer of hundreds of MB costs the kernel one page fault and one page
//! zeroing per 4 KiB on first touch: for `c = a * b` on 10^8 floats that is a
//! large part of the op. A learner's loop frees and allocates buffers of the same
//! sizes again and again (`del c; c = a * b`, a training step, the notebook's
//! benchmark), so a storage's large buffer is kept here when it dies and handed
//! to the next allocation of exactly that many elements of that type, already
//! mapped. (PyTorch's CUDA allocator caches the same way; its CPU one does not.)
//!
//! The cache never raises peak memory: an allocation it cannot serve first frees
//! everything cached, and it holds at most a quarter of the tensor memory cap.
//! It holds no tensor, only memory whose storage is gone, so no one can see it.
use crate::tensor::memory;
use std::any::Any;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Smaller buffers come from the allocator's heap, which reuses them already
/// (`allocator::tune` keeps them there).
pub const MIN_BYTES: usize = super::allocator::MMAP_THRESHOLD;
/// At most this many buffers are kept.
const MAX_ENTRIES: usize = 4;

struct Entry {
    bytes: usize,
    /// A `Vec<T>` with `len == capacity`, its contents stale but initialised.
    vec: Box<dyn Any + Send>,
}

/// A set of freed buffers; the process has one (`RECYCLER`).
pub struct Recycler {
    entries: Mutex<Vec<Entry>>,
    /// The bytes in `entries`, readable without the lock (every allocation's
    /// cap check reads it).
    held: AtomicUsize,
}

/// The host's buffers: storages give theirs here when they die.
pub static RECYCLER: Recycler = Recycler::new();

impl Recycler {
    pub const fn new() -> Recycler {
        Recycler { entries: Mutex::new(Vec::new()), held: AtomicUsize::new(0) }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps a dying buffer when it is large enough to be worth it and fits
    /// under `cap` bytes in all (else it is freed here as usual).
    pub fn give<T: Copy + Send + 'static>(&self, vec: Vec<T>, cap: usize) {
        let bytes = vec.capacity() * std::mem::size_of::<T>();
        if bytes < MIN_BYTES || vec.len() != vec.capacity() {
            return;
        }
        let mut entries = self.lock();
        if entries.len() == MAX_ENTRIES {
            let oldest = entries.remove(0);
            self.held.fetch_sub(oldest.bytes, Ordering::Relaxed);
        }
        if self.held.load(Ordering::Relaxed) + bytes > cap {
            return;
        }
        self.held.fetch_add(bytes, Ordering::Relaxed);
        entries.push(Entry { bytes, vec: Box::new(vec) });
    }

    /// A buffer of exactly `n` elements of `T` with stale (initialised)
    /// contents, for a caller that overwrites every element. `None` when the
    /// size is small or nothing cached fits; a large miss frees the cache
    /// first, so the fresh allocation that follows never stacks on cached memory.
    pub fn take<T: Copy + Send + 'static>(&self, n: usize) -> Option<Vec<T>> {
        if n.saturating_mul(std::mem::size_of::<T>()) < MIN_BYTES {
            return None;
        }
        let mut entries = self.lock();
        let hit = entries.iter().position(|e| e.vec.downcast_ref::<Vec<T>>().is_some_and(|v| v.len() == n));
        match hit {
            Some(i) => {
                let entry = entries.swap_remove(i);
                self.held.fetch_sub(entry.bytes, Ordering::Relaxed);
                entry.vec.downcast::<Vec<T>>().ok().map(|v| *v)
            }
            None => {
                drop(entries);
                self.clear();
                None
            }
        }
    }

    /// Frees everything cached.
    pub fn clear(&self) {
        let freed = {
            let mut entries = self.lock();
            self.held.store(0, Ordering::Relaxed);
            std::mem::take(&mut *entries)
        };
        drop(freed); // unmapped outside the lock
    }

    /// Bytes held now.
    pub fn held_bytes(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }
}

/// Keeps a dying storage's buffer for reuse (up to a quarter of the tensor cap).
pub fn give<T: Copy + Send + 'static>(vec: Vec<T>) {
    RECYCLER.give(vec, memory::limit() / 4);
}

/// A `Vec<T>` with room for `n` elements and length 0: a recycled buffer when
/// one fits, else a fresh allocation. The caller writes all `n` and sets the length.
pub fn with_capacity<T: Copy + Send + 'static>(n: usize) -> Vec<T> {
    match RECYCLER.take::<T>(n) {
        Some(mut v) => {
            v.clear();
            v
        }
        None => Vec::with_capacity(n),
    }
}

/// A `Vec<T>` of `n` initialised elements of no particular value (a recycled
/// buffer's stale contents, or zeros), for a fill that overwrites them all.
pub fn filled<T: Copy + Send + Default + 'static>(n: usize) -> Vec<T> {
    RECYCLER.take::<T>(n).unwrap_or_else(|| vec![T::default(); n])
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: usize = MIN_BYTES / 4;
    const CAP: usize = usize::MAX;

    #[test]
    fn a_freed_large_buffer_serves_the_next_allocation_of_its_type_and_size() {
        let r = Recycler::new();
        let v: Vec<f32> = vec![2.5; N];
        let ptr = v.as_ptr();
        r.give(v, CAP);
        assert_eq!(r.held_bytes(), N * 4);
        let got = r.take::<f32>(N).expect("same type and size is served");
        assert_eq!(got.as_ptr(), ptr, "the very same memory");
        assert_eq!(got.len(), N);
        assert!(got.iter().all(|&x| x == 2.5), "contents are stale but initialised");
        assert_eq!(r.held_bytes(), 0);
    }

    #[test]
    fn a_large_miss_frees_the_cache_before_the_fresh_allocation() {
        let r = Recycler::new();
        r.give(vec![0f32; N], CAP);
        assert!(r.take::<i32>(N).is_none(), "another type does not match");
        assert_eq!(r.held_bytes(), 0);
        r.give(vec![0f32; N], CAP);
        assert!(r.take::<f32>(N + 1).is_none(), "another size does not match");
        assert_eq!(r.held_bytes(), 0);
    }

    #[test]
    fn small_buffers_and_buffers_past_the_cap_are_not_kept() {
        let r = Recycler::new();
        r.give(vec![0f32; 16], CAP);
        assert_eq!(r.held_bytes(), 0);
        assert!(r.take::<f32>(16).is_none());
        r.give(vec![0f32; N], N * 4 - 1);
        assert_eq!(r.held_bytes(), 0, "past the cap it is freed");
    }

    #[test]
    fn at_most_four_buffers_are_kept() {
        let r = Recycler::new();
        for _ in 0..6 {
            r.give(vec![0u8; MIN_BYTES], CAP);
        }
        assert_eq!(r.held_bytes(), 4 * MIN_BYTES);
    }
}

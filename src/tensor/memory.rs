//! The cap on tensor memory. Learner code must not take the machine down: every
//! buffer is accounted here, and an allocation past the cap is refused with a
//! RuntimeError *before* it is made.
use super::error::{Result, TensorError};
use std::sync::atomic::{AtomicUsize, Ordering};

const DEFAULT_LIMIT: usize = 4 << 30;

static LIMIT: AtomicUsize = AtomicUsize::new(DEFAULT_LIMIT);
static IN_USE: AtomicUsize = AtomicUsize::new(0);

/// Sets the cap in bytes (the `--memory-mb` option and a pack's `memory_mb`).
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
}

pub fn limit() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

/// Bytes held by live tensor buffers now.
pub fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

/// Fails when `bytes` more would pass the cap. It only checks: `Storage` records
/// the bytes it really holds (`track`/`untrack`), so a refused op leaves no trace.
pub fn check_alloc(bytes: usize) -> Result<()> {
    let limit = limit();
    let used = in_use();
    // Freed buffers kept for reuse never stand in the way of a live one.
    let recycler = &crate::backend::cpu::recycle::RECYCLER;
    if bytes > limit.saturating_sub(used + recycler.held_bytes()) {
        recycler.clear();
    }
    if bytes > limit.saturating_sub(used) {
        return Err(TensorError::Runtime(format!(
            "DefaultCPUAllocator: can't allocate memory: you tried to allocate {bytes} bytes. \
             tensorlings limits tensor memory to {} (now in use: {} bytes).",
            human(limit),
            used
        )));
    }
    Ok(())
}

pub(crate) fn track(bytes: usize) {
    IN_USE.fetch_add(bytes, Ordering::Relaxed);
}

pub(crate) fn untrack(bytes: usize) {
    IN_USE.fetch_sub(bytes, Ordering::Relaxed);
}

fn human(bytes: usize) -> String {
    if bytes % (1 << 30) == 0 {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

/// Byte count of a shape, or an error when it does not even fit in a usize.
pub fn bytes_for(numel: usize, elem: usize) -> Result<usize> {
    numel.checked_mul(elem).ok_or_else(|| {
        TensorError::Runtime(format!(
            "DefaultCPUAllocator: can't allocate memory: the tensor needs more than {} bytes.",
            usize::MAX
        ))
    })
}

// ---- device memory ---------------------------------------------------------------------
// Each GPU has its own count against the same cap: the cap protects the machine the
// learner shares, and a GPU is shared as much as host memory is.

const MAX_CUDA_DEVICES: usize = 16;
static CUDA_IN_USE: [AtomicUsize; MAX_CUDA_DEVICES] = [const { AtomicUsize::new(0) }; MAX_CUDA_DEVICES];

/// Bytes held by live tensors on `cuda:ordinal` (`torch.cuda.memory_allocated()`).
pub fn cuda_in_use(ordinal: usize) -> usize {
    CUDA_IN_USE.get(ordinal).map_or(0, |c| c.load(Ordering::Relaxed))
}

/// PyTorch's size words: `20.00 MiB`, `1.50 GiB`.
fn size_words(bytes: usize) -> String {
    let b = bytes as f64;
    if bytes >= 1 << 30 {
        format!("{:.2} GiB", b / (1u64 << 30) as f64)
    } else if bytes >= 1 << 20 {
        format!("{:.2} MiB", b / (1u64 << 20) as f64)
    } else {
        format!("{:.2} KiB", b / 1024.0)
    }
}

/// The error when a CUDA allocation is refused, in PyTorch's words.
pub fn cuda_oom(ordinal: usize, bytes: usize, total: usize) -> TensorError {
    let used = cuda_in_use(ordinal);
    let free = limit().min(total).saturating_sub(used);
    TensorError::Runtime(format!(
        "CUDA out of memory. Tried to allocate {}. GPU {ordinal} has a total capacity of {} of which {} is free. \
         Of the allocated memory {} is allocated by PyTorch. tensorlings limits tensor memory to {}.",
        size_words(bytes),
        size_words(total),
        size_words(free),
        size_words(used),
        human(limit())
    ))
}

/// Fails when `bytes` more on `cuda:ordinal` would pass the cap or the card's memory.
pub fn check_cuda_alloc(ordinal: usize, bytes: usize, total: usize) -> Result<()> {
    let room = limit().min(total).saturating_sub(cuda_in_use(ordinal));
    if bytes > room {
        return Err(cuda_oom(ordinal, bytes, total));
    }
    Ok(())
}

pub(crate) fn track_cuda(ordinal: usize, bytes: usize) {
    if let Some(c) = CUDA_IN_USE.get(ordinal) {
        c.fetch_add(bytes, Ordering::Relaxed);
    }
}

pub(crate) fn untrack_cuda(ordinal: usize, bytes: usize) {
    if let Some(c) = CUDA_IN_USE.get(ordinal) {
        c.fetch_sub(bytes, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod cuda_tests {
    use super::*;

    #[test]
    fn cuda_oom_reads_as_pytorch() {
        let e = cuda_oom(0, 20 << 20, 80 << 30).to_string();
        assert!(e.starts_with("CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 80.00 GiB of which"), "{e}");
    }

    #[test]
    fn a_cuda_allocation_past_the_card_is_refused_before_allocating() {
        assert!(check_cuda_alloc(3, 2 << 30, 1 << 30).is_err());
        assert!(check_cuda_alloc(3, 1 << 20, 1 << 30).is_ok());
    }
}

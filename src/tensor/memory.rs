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

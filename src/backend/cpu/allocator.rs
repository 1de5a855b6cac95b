//! The process's malloc policy, set once at start-up.
//!
//! glibc's defaults suit programs that allocate little: a freed block of a few
//! MB at the top of the heap is given back to the kernel (trimmed), and blocks
//! past a threshold that starts at 128 KiB are mmapped and unmapped each time.
//! A training step allocates and frees the same few 1 MB buffers every time,
//! so with the defaults each step faults its memory in again (measured on the
//! 64-256-1 MLP: ~570 page faults a step, a third of its time). Fixed
//! thresholds keep buffers under 32 MiB in the heap for reuse; larger ones are
//! mmapped and reused through `recycle`.

/// Blocks from this size up are mmapped (and recycled as tensors' buffers).
pub const MMAP_THRESHOLD: usize = 32 << 20;
/// Free memory at the top of the heap is kept up to this much.
pub const TRIM_THRESHOLD: usize = 64 << 20;

/// Sets the thresholds (glibc only; elsewhere the platform's allocator stays as it is).
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes malloc's parameters; it is called before
    // other threads start allocating.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD as libc::c_int);
    }
}

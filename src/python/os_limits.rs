//! Operating-system limits for a process that runs learner code, set with
//! `setrlimit` before any of that code runs. They back up the VM's own limits
//! for what the VM cannot see: native allocations, CPU burnt outside Python,
//! file descriptors, new processes.

use std::io;

/// Limits for one process; `None` leaves a limit as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OsLimits {
    /// Memory (RLIMIT_DATA: heap and private writable mappings), MiB. An
    /// allocation past it fails and the process aborts ("memory allocation of
    /// N bytes failed"). RLIMIT_DATA rather than RLIMIT_AS because a CUDA
    /// context reserves tens of GiB of address space it never writes
    /// (PROT_NONE), which RLIMIT_AS would count and RLIMIT_DATA does not.
    pub memory_mb: Option<u64>,
    /// CPU seconds (RLIMIT_CPU); past it the kernel sends SIGXCPU.
    pub cpu_seconds: Option<u64>,
    /// Open file descriptors (RLIMIT_NOFILE).
    pub max_open_files: Option<u64>,
    /// Forbid new processes (RLIMIT_NPROC = 0). Threads count as processes on
    /// Linux, so set this only after every thread the process needs exists.
    /// Root is exempt from this limit.
    pub no_new_processes: bool,
}

impl OsLimits {
    pub fn none() -> Self {
        Self::default()
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
type Resource = libc::__rlimit_resource_t;
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
type Resource = libc::c_int;

fn set(resource: Resource, value: u64) -> io::Result<()> {
    let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read and write the struct we pass.
    if unsafe { libc::getrlimit(resource, &mut current) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // Never raise a hard limit (we could not); lower both so code cannot undo it.
    let value = value.min(current.rlim_max);
    let limit = libc::rlimit { rlim_cur: value, rlim_max: value };
    if unsafe { libc::setrlimit(resource, &limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The tensor memory cap under a process limit of `mb`: three quarters of it
/// (at least 128 MB kept for the interpreter, its stacks and the heap), so a
/// tensor too large for the limit is refused with PyTorch's RuntimeError and
/// the learner's namespace lives on, instead of the process dying in malloc.
pub fn tensor_cap_bytes(mb: u64) -> usize {
    let total = mb.saturating_mul(1 << 20);
    let kept = (total / 4).max(128 << 20);
    total.saturating_sub(kept) as usize
}

/// Applies `limits` to the calling process.
pub fn apply(limits: &OsLimits) -> io::Result<()> {
    if let Some(mb) = limits.memory_mb {
        set(libc::RLIMIT_DATA, mb.saturating_mul(1 << 20))?;
        crate::tensor::memory::set_limit(tensor_cap_bytes(mb));
    }
    if let Some(secs) = limits.cpu_seconds {
        set(libc::RLIMIT_CPU, secs)?;
    }
    if let Some(n) = limits.max_open_files {
        set(libc::RLIMIT_NOFILE, n)?;
    }
    if limits.no_new_processes {
        set(libc::RLIMIT_NPROC, 0)?;
    }
    Ok(())
}

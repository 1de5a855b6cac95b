//! `tensorlings kernel` (hidden): the child process learner code runs in.

use clap::Args;

use tensorlings::python::kernel::{self, KernelConfig};
use tensorlings::python::limits::{DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_SECS};
use tensorlings::python::os_limits::OsLimits;

#[derive(Debug, Args)]
pub struct KernelArgs {
    /// Default wall-clock limit of one request, in seconds.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_SECS)]
    pub timeout: f64,
    #[arg(long, default_value_t = DEFAULT_MAX_OUTPUT_BYTES)]
    pub max_output_bytes: usize,
    /// Memory limit (RLIMIT_DATA), MiB.
    #[arg(long)]
    pub memory_mb: Option<u64>,
    /// CPU-time limit (RLIMIT_CPU), seconds.
    #[arg(long)]
    pub cpu_seconds: Option<u64>,
    /// Open-file limit (RLIMIT_NOFILE).
    #[arg(long)]
    pub max_open_files: Option<u64>,
    /// Forbid new processes (RLIMIT_NPROC = 0).
    #[arg(long)]
    pub no_new_processes: bool,
}

pub fn run(args: &KernelArgs) -> i32 {
    kernel::run_kernel(KernelConfig {
        os_limits: OsLimits {
            memory_mb: args.memory_mb,
            cpu_seconds: args.cpu_seconds,
            max_open_files: args.max_open_files,
            no_new_processes: args.no_new_processes,
        },
        timeout_s: args.timeout,
        max_output_bytes: args.max_output_bytes,
    })
}

//! `tensorlings run FILE.py|FILE.ipynb`.

use std::path::PathBuf;

use clap::Args;

use tensorlings::python::limits::{timeout_from_secs, Limits, DEFAULT_TIMEOUT_SECS};
use tensorlings::python::runner::{self, RunOptions};

/// Run a script (cells split on `# %%` lines) or a notebook, printing what Jupyter shows.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The `.py` file or `.ipynb` notebook to run.
    pub file: PathBuf,
    /// On an exception, print `ExceptionName: message` and go on with the next cell.
    #[arg(long)]
    pub allow_errors: bool,
    /// Wall-clock limit for the whole run, in seconds (0 for none).
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIMEOUT_SECS)]
    pub timeout: f64,
    /// Memory limit for the run (heap and private mappings), in MiB.
    #[arg(long, value_name = "N")]
    pub memory_mb: Option<u64>,
    /// Save each figure the run shows as DIR/<script stem>-<n>.png (n from 1).
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
}

pub fn run(args: &RunArgs) -> anyhow::Result<i32> {
    let timeout = (args.timeout > 0.0).then(|| timeout_from_secs(args.timeout));
    let options = RunOptions {
        allow_errors: args.allow_errors,
        limits: Limits { timeout, ..Limits::default() },
        memory_mb: args.memory_mb,
        plots_dir: args.plots.clone(),
    };
    runner::run_file(&args.file, &options)
}

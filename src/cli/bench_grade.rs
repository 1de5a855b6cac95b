//! `tensorlings bench-grade` (hidden): grading throughput on the built-in pack.

use tensorlings::bench::grade::bench_grading;
use tensorlings::grade::{KernelSetup, select};

#[derive(Debug, clap::Args)]
pub struct BenchGradeArgs {
    #[arg(long, default_value = "pytorch-basics")]
    pub pack: String,
    #[arg(long, default_value_t = 100)]
    pub submissions: usize,
    /// How many of the pack's exercises each submission has (from the start).
    #[arg(long, default_value_t = 10)]
    pub exercises: usize,
    #[arg(long, default_value_t = 2)]
    pub jobs: usize,
    /// A Python with torch: the baseline is what starting it for each exercise
    /// (as a notebook grader starts a kernel) allows on the same jobs.
    #[arg(long, value_name = "PATH")]
    pub torch_python: Option<std::path::PathBuf>,
}

pub fn run(args: &BenchGradeArgs) -> anyhow::Result<i32> {
    let pack = super::pack_arg::load(&args.pack)?;
    let mut selection = select(&pack, &[]).map_err(anyhow::Error::msg)?;
    selection.truncate(args.exercises);
    let scratch = std::env::temp_dir().join(format!("tensorlings-bench-{}", std::process::id()));
    let r = bench_grading(
        pack,
        &selection,
        args.submissions,
        args.jobs,
        &scratch,
        KernelSetup::default(),
    )?;
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "graded {} submissions x {} exercises = {} in {:.2} s with {} jobs: {:.1} exercises/s",
        r.submissions,
        selection.len(),
        r.exercises,
        r.seconds,
        args.jobs,
        r.per_second
    );
    if let Some(py) = &args.torch_python {
        // Median wall time of `python -c "import torch"`, the floor of a kernel start.
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = std::time::Instant::now();
            let status = std::process::Command::new(py).args(["-c", "import torch"]).status()?;
            anyhow::ensure!(status.success(), "{} -c 'import torch' failed", py.display());
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let per_second = args.jobs as f64 / times[2];
        println!(
            "baseline: a fresh Python + torch per exercise ({:.2} s each) allows {:.1} exercises/s with {} jobs; ratio {:.1}x",
            times[2],
            per_second,
            args.jobs,
            r.per_second / per_second
        );
    }
    Ok(0)
}

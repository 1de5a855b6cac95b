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
}

pub fn run(args: &BenchGradeArgs) -> anyhow::Result<i32> {
    let pack = super::pack_arg::load(&args.pack)?;
    let mut selection = select(&pack, &[]).map_err(anyhow::Error::msg)?;
    selection.truncate(args.exercises);
    let scratch = std::env::temp_dir().join(format!("tensorlings-bench-{}", std::process::id()));
    let r = bench_grading(pack, &selection, args.submissions, args.jobs, &scratch, KernelSetup::default())?;
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
    Ok(0)
}

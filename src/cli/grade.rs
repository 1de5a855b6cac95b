//! `tensorlings grade --pack PACK SUBMISSION... [--format F] [--output PATH]
//! [--jobs N] [--shard K/N]`: grade submission folders and write reports.
//!
//! One submission (or none given `--output`): one document, to stdout or the
//! file. Several submissions with `--output`: a folder with one report a
//! submission plus `summary.csv`. Exit 0 unless the run itself failed.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use tensorlings::grade::batch::{all_exercises, shard};
use tensorlings::grade::report::{self, Format};
use tensorlings::grade::{Grader, KernelSetup, build_report, grade_submissions};

#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// A pack folder or a built-in pack's name.
    #[arg(long)]
    pub pack: String,
    /// Submission folders, each `LESSON/EXERCISE.py`.
    #[arg(required = true)]
    pub submissions: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// A file (one submission), or a folder (several).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Exercises graded at once (default: the number of CPUs).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// `K/N`: grade only the K-th of N interleaved parts of the submissions.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("use K/N, e.g. 1/4")?;
    let (k, n): (usize, usize) = (k.trim().parse().map_err(|_| "K must be a number")?, n.trim().parse().map_err(|_| "N must be a number")?);
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard {k}/{n}: need 1 <= K <= N"));
    }
    Ok((k, n))
}

pub fn run(args: &GradeArgs) -> anyhow::Result<i32> {
    let pack = super::pack_arg::load(&args.pack)?;
    for s in &args.submissions {
        if !s.is_dir() {
            bail!("{} is not a submission folder", s.display());
        }
    }
    let dirs = match args.shard {
        Some((k, n)) => shard(&args.submissions, k, n),
        None => args.submissions.clone(),
    };
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let selection = all_exercises(&pack);
    let grader = Grader::new(pack, KernelSetup::default());
    let tty = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize, name: &str| {
        if tty {
            eprint!("\r\x1b[2Kgrading {done}/{total} ({name})");
            if done == total {
                eprintln!();
            }
        }
    };
    let results = grade_submissions(&grader, &dirs, &selection, jobs, &progress);
    let errors: usize = results.iter().map(|r| r.grader_errors()).sum();
    let report = build_report(grader.pack(), results);
    match &args.output {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(report::render(args.format, &report).as_bytes())?;
        }
        Some(path) if report.submissions.len() <= 1 && !path.is_dir() => write(path, &report::render(args.format, &report))?,
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            for s in &report.submissions {
                let name = format!("{}.{}", safe_name(&s.name), args.format.extension());
                write(&dir.join(name), &report::render_one(args.format, &report, s))?;
            }
            write(&dir.join("summary.csv"), &report::render(Format::Csv, &report))?;
        }
    }
    if errors > 0 {
        eprintln!("tensorlings grade: {errors} exercise(s) could not be graded (see the reports)");
        return Ok(2);
    }
    Ok(0)
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// A submission name as a file name (no separators or dots at the start).
fn safe_name(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    s.trim_start_matches('.').to_owned()
}

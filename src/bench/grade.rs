//! Benchmark: grade N copies of the built-in pack's solutions as submissions
//! and report exercises graded per second. A measurement, never a test.

use std::path::PathBuf;
use std::time::Instant;

use crate::lesson::Pack;

use crate::grade::batch::{Selection, grade_submissions};
use crate::grade::{Grader, KernelSetup};

pub struct BenchResult {
    pub submissions: usize,
    pub exercises: usize,
    pub seconds: f64,
    pub per_second: f64,
}

/// Writes `submissions` folders with each selected exercise's solution under
/// `scratch`, grades them with `jobs` workers and times it.
pub fn bench_grading(pack: Pack, selection: &Selection, submissions: usize, jobs: usize, scratch: &std::path::Path, setup: KernelSetup) -> std::io::Result<BenchResult> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for s in 0..submissions {
        let dir = scratch.join(format!("sub{s:04}"));
        for &(li, ei) in selection {
            let (l, e) = (&pack.lessons[li], &pack.lessons[li].exercises[ei]);
            std::fs::create_dir_all(dir.join(&l.id))?;
            std::fs::write(dir.join(&l.id).join(format!("{}.py", e.id)), &e.solution)?;
        }
        dirs.push(dir);
    }
    let grader = Grader::new(pack, setup);
    let start = Instant::now();
    let results = grade_submissions(&grader, &dirs, selection, jobs, &|_, _, _| {});
    let seconds = start.elapsed().as_secs_f64();
    let exercises: usize = results.iter().map(|r| r.exercises.len()).sum();
    Ok(BenchResult { submissions, exercises, seconds, per_second: exercises as f64 / seconds.max(1e-9) })
}

//! Grading many submissions: each is a folder `LESSON/EXERCISE.py`; every
//! (submission, exercise) pair is one job, run `jobs` at a time.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::lesson::{Exercise, Lesson, Pack};

use super::exercise::Grader;
use super::result::{ExerciseResult, GradeReport, PackInfo, REPORT_SCHEMA, SubmissionResult};

/// Largest file read as a submission (bigger is "not submitted" with a reason).
pub const MAX_SUBMISSION_BYTES: u64 = 1 << 20;

/// Which exercises to grade: `(lesson index, exercise index)` in pack order.
pub type Selection = Vec<(usize, usize)>;

/// Every exercise of the pack.
pub fn all_exercises(pack: &Pack) -> Selection {
    pack.lessons
        .iter()
        .enumerate()
        .flat_map(|(li, l)| (0..l.exercises.len()).map(move |ei| (li, ei)))
        .collect()
}

/// `LESSON` or `LESSON/EXERCISE` specs -> exercises; an unknown one is an error.
pub fn select(pack: &Pack, specs: &[String]) -> Result<Selection, String> {
    if specs.is_empty() {
        return Ok(all_exercises(pack));
    }
    let mut out = Vec::new();
    for spec in specs {
        let (lesson, exercise) = match spec.split_once('/') {
            Some((l, e)) => (l, Some(e)),
            None => (spec.as_str(), None),
        };
        let Some(li) = pack.lessons.iter().position(|l| l.id == lesson) else {
            return Err(format!("no lesson `{lesson}` in pack `{}`", pack.manifest.id));
        };
        let l = &pack.lessons[li];
        match exercise {
            None => out.extend((0..l.exercises.len()).map(|ei| (li, ei))),
            Some(e) => match l.exercises.iter().position(|x| x.id == e) {
                Some(ei) => out.push((li, ei)),
                None => return Err(format!("no exercise `{e}` in lesson `{lesson}`")),
            },
        }
    }
    out.dedup();
    Ok(out)
}

/// The submitted code for an exercise: `Ok(None)` when there is no file.
/// Links and oversized files are refused: the grader reads only plain files.
pub fn read_submission(dir: &Path, lesson: &Lesson, exercise: &Exercise) -> Result<Option<String>, String> {
    let path = dir.join(&lesson.id).join(format!("{}.py", exercise.id));
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(_) => return Ok(None),
    };
    if !meta.file_type().is_file() {
        return Err(format!("{} is not a plain file (links are not read)", path.display()));
    }
    if meta.len() > MAX_SUBMISSION_BYTES {
        return Err(format!("{} is larger than {} KiB", path.display(), MAX_SUBMISSION_BYTES / 1024));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// Submission `k` of `n` (1-based) keeps every n-th submission from the k-th.
pub fn shard<T: Clone>(items: &[T], k: usize, n: usize) -> Vec<T> {
    items.iter().enumerate().filter(|(i, _)| n > 0 && i % n == k.saturating_sub(1)).map(|(_, t)| t.clone()).collect()
}

/// Called after each graded exercise: (done, total, submission name).
pub type Progress<'a> = &'a (dyn Fn(usize, usize, &str) + Sync);

/// Grades `exercises` of every submission folder, `jobs` exercises at a time.
pub fn grade_submissions(grader: &Grader, dirs: &[PathBuf], exercises: &Selection, jobs: usize, progress: Progress) -> Vec<SubmissionResult> {
    let pack = grader.pack();
    let work: Vec<(usize, usize)> = (0..dirs.len()).flat_map(|s| (0..exercises.len()).map(move |e| (s, e))).collect();
    let slots: Vec<Mutex<Option<ExerciseResult>>> = work.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1).min(work.len().max(1)) {
            // A big stack: the parser and compiler recurse on the submitted code.
            let worker = || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(s, e)) = work.get(i) else { break };
                let (li, ei) = exercises[e];
                let (lesson, exercise) = (&pack.lessons[li], &pack.lessons[li].exercises[ei]);
                let result = match read_submission(&dirs[s], lesson, exercise) {
                    Ok(code) => grader.grade(lesson, exercise, code.as_deref()),
                    Err(why) => {
                        let mut r = grader.grade(lesson, exercise, None);
                        r.summary = format!("not graded: {why}");
                        r
                    }
                };
                *slots[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(n, work.len(), &submission_name(&dirs[s]));
            };
            std::thread::Builder::new().stack_size(64 << 20).spawn_scoped(scope, worker).expect("a grading thread");
        }
    });
    let mut results: Vec<SubmissionResult> = dirs
        .iter()
        .map(|d| SubmissionResult {
            name: submission_name(d),
            path: d.display().to_string(),
            score: 0.0,
            max_score: 0.0,
            time_s: 0.0,
            exercises: Vec::new(),
        })
        .collect();
    for ((s, _), slot) in work.iter().zip(slots) {
        if let Some(r) = slot.into_inner().unwrap_or_else(|p| p.into_inner()) {
            let sub = &mut results[*s];
            sub.score += r.score;
            sub.max_score += r.max_score;
            sub.time_s += r.time_s;
            sub.exercises.push(r);
        }
    }
    for r in &mut results {
        r.score = (r.score * 1e6).round() / 1e6 + 0.0;
    }
    results
}

/// The folder's own name (`alice` for `subs/alice/`).
pub fn submission_name(dir: &Path) -> String {
    dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| dir.display().to_string())
}

/// Wraps results with the pack and the grader's version.
pub fn report(pack: &Pack, submissions: Vec<SubmissionResult>) -> GradeReport {
    GradeReport {
        schema: REPORT_SCHEMA,
        grader: format!("tensorlings {}", env!("CARGO_PKG_VERSION")),
        pack: PackInfo {
            id: pack.manifest.id.clone(),
            title: pack.manifest.title.clone(),
            version: pack.manifest.version.clone(),
        },
        submissions,
    }
}

//! What the workbook needs from whatever runs Python: submit a job, poll for
//! its result without blocking, interrupt it. The kernel client (a child
//! process) implements it for real; [`fake::FakeRunner`] for tests.
//!
//! One job runs at a time; the app queues the rest ("run all").

pub mod fake;
pub mod kernel;
pub mod threaded;
pub mod unavailable;

use std::time::Duration;

/// Which namespace code runs in. Lesson examples share one per lesson (like a
/// notebook); an exercise run starts from a fresh one; the scratchpad keeps its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Namespace {
    Lesson(String),
    Exercise,
    Scratch,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Run one cell (IPython magics such as `%%time` allowed).
    /// `setup` (a lesson's front-matter setup) runs silently first whenever the
    /// namespace starts afresh.
    Execute { code: String, namespace: Namespace, setup: Option<String> },
    /// Grade `code` as the learner's answer to an exercise of the pack.
    Check {
        lesson: String,
        exercise: String,
        code: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct JobId(pub u64);

/// A Python exception, as the learner should see it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PyError {
    /// `RuntimeError`
    pub name: String,
    pub message: String,
    /// 1-based line of the learner's cell where it was raised, when known.
    pub line: Option<usize>,
    /// The traceback text (may be empty).
    pub traceback: String,
}

/// What one cell showed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CellOutput {
    /// Its stdout, then the display of its last expression (as `tensorlings run`).
    pub display: String,
    /// What it wrote to stderr (warnings), shown apart from the display.
    pub stderr: String,
    pub error: Option<PyError>,
    /// Figures it showed, each with the byte offset in `display` where it
    /// appeared (drawn there as a chart).
    pub figures: Vec<(usize, crate::figure::Figure)>,
}

impl CellOutput {
    /// The display with each figure as Jupyter's text display shows it
    /// (`<Figure size 640x480 with 1 Axes>`), as `tensorlings run` prints it.
    pub fn text_display(&self) -> String {
        let mut out = String::new();
        let mut at = 0;
        for (offset, figure) in &self.figures {
            let offset = (*offset).clamp(at, self.display.len());
            out.push_str(self.display.get(at..offset).unwrap_or(""));
            out.push_str(&figure.text());
            out.push('\n');
            at = offset;
        }
        out.push_str(self.display.get(at..).unwrap_or(""));
        out
    }
}

/// A `faster` check's measurement: how many times faster the learner's code ran.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Speedup {
    /// Baseline time over the learner's time (median of the runs).
    pub ratio: f64,
    pub min_ratio: f64,
    /// The two times in seconds (baseline, yours), when the checker reports them.
    pub times: Option<(f64, f64)>,
}

/// One check's result.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckOutcome {
    /// The kind name (`value`, `faster`, ...).
    pub kind: String,
    pub passed: bool,
    pub hidden: bool,
    /// What to tell the learner (the check's `message` when it failed, or what it saw).
    pub message: String,
    pub speedup: Option<Speedup>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CheckReport {
    /// What the learner's code showed while being checked.
    pub output: CellOutput,
    pub checks: Vec<CheckOutcome>,
    pub score: f64,
    pub max_score: f64,
}

impl CheckReport {
    pub fn passed(&self) -> bool {
        self.max_score > 0.0
            && self.score >= self.max_score - 1e-9
            && self.checks.iter().all(|c| c.passed)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum JobResult {
    Executed(CellOutput),
    Checked(CheckReport),
    /// Stopped on request before it finished.
    Interrupted,
    /// The kernel process died (crash, memory, time limit); a fresh one replaces it.
    KernelDied {
        reason: String,
    },
    /// The runner could not run it at all.
    Failed(String),
}

pub trait Runner {
    /// Start `job` (or queue it behind the running one); never blocks.
    fn submit(&mut self, job: Job) -> JobId;
    /// A finished job's result, if one is ready; never blocks.
    fn poll(&mut self) -> Option<(JobId, JobResult)>;
    /// Ask the running job to stop; it reports `Interrupted` (or a
    /// `KeyboardInterrupt` error) within about a second.
    fn interrupt(&mut self);
    /// Forget a lesson's (or every) namespace, e.g. when the learner restarts.
    fn reset(&mut self, namespace: Namespace);
    /// Wall-clock limit of one run, for the status bar.
    fn timeout(&self) -> Option<Duration> {
        None
    }
}

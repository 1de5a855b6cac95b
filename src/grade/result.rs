//! What grading produces: per check, per exercise, per submission. These are
//! serialised as-is into the JSON report (its schema is these types).

use serde::{Deserialize, Serialize};

/// How running an exercise's code went, before any check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The code ran to the end (checks decide the score).
    Ran,
    /// The code raised an exception (checks still run: a `raises` check may pass).
    RuntimeError,
    /// No file for this exercise.
    NotSubmitted,
    /// The file is empty or only whitespace/comments.
    Empty,
    SyntaxError,
    /// Past the pack's time limit.
    Timeout,
    /// Past the pack's memory limit.
    MemoryLimit,
    /// Printed so much that the output was cut off.
    OutputLimit,
    /// `sys.exit()` / `raise SystemExit`.
    Exited,
    /// The kernel process died for another reason.
    Crashed,
    /// The grader itself failed (a kernel could not start, the solution failed);
    /// not the learner's fault.
    GraderError,
}

impl Outcome {
    /// Whether the checks were run at all.
    pub fn checks_ran(self) -> bool {
        matches!(self, Outcome::Ran | Outcome::RuntimeError | Outcome::OutputLimit)
    }
}

/// The result of one check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// `value`, `output`, `assert`, `raises`, `uses`, `forbids`, `faster`.
    pub kind: String,
    pub hidden: bool,
    pub passed: bool,
    /// Points earned (a share of the exercise's points).
    pub score: f64,
    pub max_score: f64,
    /// What the learner is shown: the check's own message on failure when it
    /// has one, else `detail`; for a hidden check only "a hidden check failed".
    pub message: String,
    /// What the grader saw, in words (absent for hidden checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// `faster` checks: the measured median ratio baseline time / expr time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
}

/// The result of one exercise of one submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExerciseResult {
    pub lesson: String,
    pub exercise: String,
    pub title: String,
    pub score: f64,
    pub max_score: f64,
    /// Every check passed.
    pub passed: bool,
    pub outcome: Outcome,
    /// One sentence on how the run went ("ran", "raised ZeroDivisionError: ...").
    pub summary: String,
    pub checks: Vec<CheckResult>,
    /// Wall-clock seconds spent grading this exercise.
    pub time_s: f64,
}

impl ExerciseResult {
    /// `LESSON/EXERCISE`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.lesson, self.exercise)
    }

    /// What to show for a failed exercise: the summary, then each failed check.
    pub fn explanation(&self) -> String {
        let mut lines = vec![self.summary.clone()];
        if !self.outcome.checks_ran() {
            return self.summary.clone();
        }
        for c in self.checks.iter().filter(|c| !c.passed) {
            lines.push(format!("{} check: {}", c.kind, c.message));
        }
        lines.dedup();
        lines.join("\n")
    }
}

/// One submission (a folder `LESSON/EXERCISE.py`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionResult {
    /// The folder's name.
    pub name: String,
    pub path: String,
    pub score: f64,
    pub max_score: f64,
    pub time_s: f64,
    pub exercises: Vec<ExerciseResult>,
}

impl SubmissionResult {
    pub fn passed(&self) -> bool {
        self.exercises.iter().all(|e| e.passed)
    }
    pub fn grader_errors(&self) -> usize {
        self.exercises.iter().filter(|e| e.outcome == Outcome::GraderError).count()
    }
}

/// The pack a run graded against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackInfo {
    pub id: String,
    pub title: String,
    pub version: String,
}

/// A whole grading run: the JSON report's top level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeReport {
    /// Version of this document's layout.
    pub schema: u32,
    /// `tensorlings X.Y.Z`.
    pub grader: String,
    pub pack: PackInfo,
    pub submissions: Vec<SubmissionResult>,
}

pub const REPORT_SCHEMA: u32 = 1;

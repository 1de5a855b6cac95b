//! The in-memory shape of a lesson pack, after loading and checking.
//!
//! A pack on disk (see DESIGN.md, "Lesson packs"):
//!
//! ```text
//! PACK/pack.toml               -> PackManifest
//! PACK/NN-slug/lesson.md       -> Lesson { title, summary, body }
//! PACK/NN-slug/exercises.toml  -> Lesson { exercises }
//! ```
//!
//! These types are what the TUI, the grader and the validator use. They hold
//! only checked data: every default is filled in, every check has the fields its
//! kind needs. The loader (`loader.rs`) turns files into these and reports what
//! is wrong with the files; nothing here can fail.

use serde::{Deserialize, Serialize};

/// A whole pack: its manifest and its lessons in the manifest's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    pub manifest: PackManifest,
    /// In the order of `manifest.lessons`; a lesson listed there but missing on
    /// disk is a load error, so this always has one entry per listed lesson.
    pub lessons: Vec<Lesson>,
}

impl Pack {
    /// The lesson with this id (its folder name), if any.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }
}

/// `pack.toml`. Also written as-is by `tensorlings import`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackManifest {
    /// A short machine name (`pytorch-basics`); learner work is saved under it.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub version: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub authors: Vec<String>,
    /// Lesson folder names in teaching order (`01-initialize-tensors`, ...).
    pub lessons: Vec<String>,
    #[serde(default)]
    pub limits: Limits,
}

/// Resource limits for running one exercise (or one kernel) of this pack.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Wall-clock seconds one run of learner code may take.
    #[serde(default = "Limits::default_timeout_s")]
    pub timeout_s: f64,
    /// Address-space limit of the kernel process, in MiB.
    #[serde(default = "Limits::default_memory_mb")]
    pub memory_mb: u64,
}

impl Limits {
    pub const DEFAULT_TIMEOUT_S: f64 = 10.0;
    pub const DEFAULT_MEMORY_MB: u64 = 2048;
    fn default_timeout_s() -> f64 {
        Self::DEFAULT_TIMEOUT_S
    }
    fn default_memory_mb() -> u64 {
        Self::DEFAULT_MEMORY_MB
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout_s: Self::DEFAULT_TIMEOUT_S,
            memory_mb: Self::DEFAULT_MEMORY_MB,
        }
    }
}

/// The `+++` TOML front matter at the top of `lesson.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Python run silently before the lesson's examples and before each of its
    /// exercises (learner code and solution alike): the state an earlier lesson
    /// left behind, such as imports and tensors it defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup: Option<String>,
}

/// One lesson: a folder `NN-slug/` with `lesson.md` and (optionally) `exercises.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// The folder name, e.g. `01-initialize-tensors`.
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Front matter `setup`: run before the examples and before each exercise.
    pub setup: Option<String>,
    /// The markdown after the front matter, split into prose and runnable examples,
    /// in document order.
    pub body: Vec<LessonBlock>,
    /// Empty when the lesson has no `exercises.toml`.
    pub exercises: Vec<Exercise>,
}

impl Lesson {
    /// The runnable examples of the body, in order.
    pub fn examples(&self) -> impl Iterator<Item = &Example> {
        self.body.iter().filter_map(|b| match b {
            LessonBlock::Example(e) => Some(e),
            LessonBlock::Prose(_) => None,
        })
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }
}

/// A piece of a lesson's body.
#[derive(Debug, Clone, PartialEq)]
pub enum LessonBlock {
    /// Markdown to show as-is (headings, text, non-python code blocks).
    Prose(String),
    /// A ```python block: code the learner can run.
    Example(Example),
}

/// A runnable ```python block of a lesson, with the ```output block that followed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The code, without the fences; ends with a newline.
    pub code: String,
    /// What running `code` displays (stdout, then the display of the last
    /// expression), exactly as written in the ```output block; `None` when
    /// the example has no output block.
    pub expected_output: Option<String>,
    /// 1-based line of the opening ```python fence in `lesson.md` (for reports).
    pub line: usize,
}

/// One `[[exercise]]` of `exercises.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// Unique within its lesson; the learner's work is saved as `ID.py`.
    pub id: String,
    pub title: String,
    /// Markdown shown above the editor.
    pub prompt: String,
    /// The code the learner starts from.
    pub starter: String,
    /// A reference solution; `validate` proves it passes every check.
    pub solution: String,
    /// Shown one at a time, in order.
    pub hints: Vec<String>,
    /// The exercise's worth; shared among its checks in proportion to theirs.
    pub points: f64,
    /// When true, the starter is allowed to pass the checks (e.g. a "run this
    /// and look" exercise); otherwise `validate` requires the starter to fail.
    pub starter_passes: bool,
    pub checks: Vec<Check>,
    /// 1-based line of this exercise's `[[exercise]]` header in `exercises.toml`.
    pub line: usize,
}

impl Exercise {
    /// Sum of the checks' points (the denominator when sharing `points`).
    pub fn check_points(&self) -> f64 {
        self.checks.iter().map(|c| c.points).sum()
    }
}

/// One `[[exercise.check]]`: the fields every kind has, plus the kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub kind: CheckKind,
    /// A hidden check counts for the score; a failure says only that a hidden check failed.
    pub hidden: bool,
    /// Shown to the learner when the check fails, instead of the default text.
    pub message: Option<String>,
    /// Relative weight within the exercise (default 1).
    pub points: f64,
    /// 1-based line of this check's `[[exercise.check]]` header in `exercises.toml`.
    pub line: usize,
}

/// What a check verifies. The names match the `kind = "..."` strings of the file.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckKind {
    /// `expr` evaluated after the learner's code and after the solution's;
    /// the two values are compared (type, dtype, shape, values within
    /// `rtol`/`atol` as `torch.allclose`, device).
    Value { expr: String, rtol: f64, atol: f64 },
    /// The learner's displayed output equals the solution's.
    Output { normalize: Normalize },
    /// `expr` is a Python boolean, true in the learner's namespace.
    Assert { expr: String },
    /// Running the code raises an exception of type `error` (e.g. `RuntimeError`).
    Raises { error: String },
    /// Each of `names` (a called name like `torch.matmul` or `matmul`, or a syntax
    /// name like `for`, `while`, `lambda`, `comprehension`) appears in the code.
    Uses { names: Vec<String> },
    /// None of `names` appears in the code.
    Forbids { names: Vec<String> },
    /// `expr` runs at least `min_ratio` times faster than `baseline`, after
    /// `setup`; both timed alternately in one process, median of `repeat` runs.
    Faster {
        expr: String,
        baseline: String,
        setup: Option<String>,
        min_ratio: f64,
        repeat: u32,
    },
}

impl CheckKind {
    /// The kind's name as written in `kind = "..."`.
    pub fn name(&self) -> &'static str {
        match self {
            CheckKind::Value { .. } => "value",
            CheckKind::Output { .. } => "output",
            CheckKind::Assert { .. } => "assert",
            CheckKind::Raises { .. } => "raises",
            CheckKind::Uses { .. } => "uses",
            CheckKind::Forbids { .. } => "forbids",
            CheckKind::Faster { .. } => "faster",
        }
    }

    /// Every kind name, in the order of DESIGN.md.
    pub const NAMES: [&'static str; 7] = [
        "value", "output", "assert", "raises", "uses", "forbids", "faster",
    ];

    /// `torch.allclose`'s defaults.
    pub const DEFAULT_RTOL: f64 = 1e-5;
    pub const DEFAULT_ATOL: f64 = 1e-8;
    pub const DEFAULT_MIN_RATIO: f64 = 2.0;
    pub const DEFAULT_REPEAT: u32 = 5;
}

/// How an `output` check compares outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Normalize {
    /// Byte for byte.
    #[default]
    None,
    /// Runs of whitespace count as one space; leading/trailing whitespace is ignored.
    Whitespace,
}

impl Normalize {
    /// Apply this normalization to a displayed output before comparing.
    pub fn apply(self, text: &str) -> String {
        match self {
            Normalize::None => text.to_string(),
            Normalize::Whitespace => text.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }
}

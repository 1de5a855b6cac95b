//! The TOML files exactly as written, with byte spans, before the loader checks them.
//!
//! `deny_unknown_fields` everywhere: a misspelt key is an error (with a
//! did-you-mean) rather than a silently ignored setting. Fields whose
//! presence depends on a check's kind are all optional here; the loader
//! decides what each kind needs.

use serde::Deserialize;
use toml::Spanned;

use super::model::Limits;

/// `pack.toml`, with the span of each listed lesson for "missing on disk" errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawManifest {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub authors: Vec<String>,
    pub lessons: Vec<Spanned<String>>,
    #[serde(default)]
    pub limits: Option<Spanned<Limits>>,
}

pub const MANIFEST_KEYS: &[&str] = &[
    "id",
    "title",
    "version",
    "description",
    "authors",
    "lessons",
    "limits",
];
pub const LIMITS_KEYS: &[&str] = &["timeout_s", "memory_mb"];
pub const FRONT_MATTER_KEYS: &[&str] = &["title", "summary", "setup"];

/// `exercises.toml`: an array of `[[exercise]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExercises {
    #[serde(default)]
    pub exercise: Vec<Spanned<RawExercise>>,
}

pub const EXERCISES_FILE_KEYS: &[&str] = &["exercise"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExercise {
    pub id: Spanned<String>,
    pub title: String,
    pub prompt: String,
    #[serde(default)]
    pub starter: Option<Spanned<String>>,
    pub solution: Spanned<String>,
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(default)]
    pub points: Option<Spanned<f64>>,
    #[serde(default)]
    pub starter_passes: bool,
    #[serde(default)]
    pub check: Vec<Spanned<RawCheck>>,
}

pub const EXERCISE_KEYS: &[&str] = &[
    "id",
    "title",
    "prompt",
    "starter",
    "solution",
    "hints",
    "points",
    "starter_passes",
    "check",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheck {
    pub kind: Spanned<String>,
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub points: Option<Spanned<f64>>,
    // value, assert, faster
    #[serde(default)]
    pub expr: Option<Spanned<String>>,
    // value
    #[serde(default)]
    pub rtol: Option<Spanned<f64>>,
    #[serde(default)]
    pub atol: Option<Spanned<f64>>,
    // output
    #[serde(default)]
    pub normalize: Option<Spanned<String>>,
    // raises
    #[serde(default)]
    pub error: Option<Spanned<String>>,
    // uses, forbids
    #[serde(default)]
    pub names: Option<Spanned<Vec<String>>>,
    // faster
    #[serde(default)]
    pub baseline: Option<Spanned<String>>,
    #[serde(default)]
    pub setup: Option<Spanned<String>>,
    #[serde(default)]
    pub min_ratio: Option<Spanned<f64>>,
    #[serde(default)]
    pub repeat: Option<Spanned<i64>>,
}

pub const CHECK_KEYS: &[&str] = &[
    "kind",
    "hidden",
    "message",
    "points",
    "expr",
    "rtol",
    "atol",
    "normalize",
    "error",
    "names",
    "baseline",
    "setup",
    "min_ratio",
    "repeat",
];

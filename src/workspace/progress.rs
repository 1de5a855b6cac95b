//! `progress.toml`: per exercise, the best score so far and whether it passed,
//! plus where the learner was, so the workbook resumes there.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// `PACK/LESSON/EXERCISE` (or `PACK/LESSON`) the learner last had open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// Keyed by `PACK/LESSON/EXERCISE`.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    pub passed: bool,
    /// Best score reached, in points.
    pub best_score: f64,
    pub max_score: f64,
    /// Checks run so far (solutions may unlock after some attempts).
    pub attempts: u32,
    /// Hints revealed so far.
    #[serde(default)]
    pub hints_shown: u32,
}

pub fn key(pack: &str, lesson: &str, exercise: &str) -> String {
    format!("{pack}/{lesson}/{exercise}")
}

impl Progress {
    pub fn get(&self, pack: &str, lesson: &str, exercise: &str) -> Option<&ExerciseProgress> {
        self.exercises.get(&key(pack, lesson, exercise))
    }

    pub fn entry(&mut self, pack: &str, lesson: &str, exercise: &str) -> &mut ExerciseProgress {
        self.exercises.entry(key(pack, lesson, exercise)).or_default()
    }

    /// Records one check: counts the attempt, keeps the best score, marks a full score passed.
    pub fn record_check(&mut self, pack: &str, lesson: &str, exercise: &str, score: f64, max: f64) {
        let e = self.entry(pack, lesson, exercise);
        e.attempts += 1;
        e.max_score = max;
        if score > e.best_score {
            e.best_score = score;
        }
        if max > 0.0 && score >= max - 1e-9 {
            e.passed = true;
        }
    }

    /// Exercises passed in one lesson.
    pub fn passed_in_lesson(&self, pack: &str, lesson: &str) -> usize {
        let prefix = format!("{pack}/{lesson}/");
        self.exercises.iter().filter(|(k, v)| k.starts_with(&prefix) && v.passed).count()
    }
}

//! A plain table for people: one line an exercise, then what failed.

use crate::grade::result::{ExerciseResult, SubmissionResult};

fn points(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn status(e: &ExerciseResult) -> &'static str {
    if e.passed {
        "ok"
    } else if e.score > 0.0 {
        "partial"
    } else {
        "FAIL"
    }
}

/// The exercise table with the reasons for each failure under it.
pub fn exercise_table(exercises: &[ExerciseResult]) -> String {
    let width = exercises.iter().map(|e| e.name().len()).max().unwrap_or(8).max(8);
    let mut out = format!("{:<width$}  {:>11}  {}\n", "exercise", "score", "status");
    for e in exercises {
        let score = format!("{} / {}", points(e.score), points(e.max_score));
        out.push_str(&format!("{:<width$}  {:>11}  {}\n", e.name(), score, status(e)));
        if !e.passed {
            for line in e.explanation().lines() {
                out.push_str(&format!("{:width$}    {line}\n", ""));
            }
        }
    }
    out
}

pub fn submission_table(s: &SubmissionResult) -> String {
    let mut out = format!("{}: {} / {}\n", s.name, points(s.score), points(s.max_score));
    out.push_str(&exercise_table(&s.exercises));
    out
}

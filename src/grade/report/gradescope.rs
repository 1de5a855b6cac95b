//! Gradescope's `results.json` for one submission. Each exercise is a test
//! `LESSON/EXERCISE` holding its visible checks; its hidden checks form a
//! second test `LESSON/EXERCISE (hidden)` shown after grades are published.

use serde::Serialize;

use crate::grade::result::{ExerciseResult, SubmissionResult};

#[derive(Serialize)]
struct Results {
    score: f64,
    max_score: f64,
    execution_time: f64,
    output: String,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    score: f64,
    max_score: f64,
    status: &'static str,
    output: String,
    visibility: &'static str,
}

fn round(x: f64) -> f64 {
    // `+ 0.0` turns -0 (an empty float sum) into 0.
    (x * 1e6).round() / 1e6 + 0.0
}

fn tests_of(e: &ExerciseResult) -> Vec<Test> {
    let mut out = Vec::new();
    for hidden in [false, true] {
        let checks: Vec<_> = e.checks.iter().filter(|c| c.hidden == hidden).collect();
        if hidden && checks.is_empty() {
            continue;
        }
        let passed = checks.iter().all(|c| c.passed) && (hidden || e.outcome.checks_ran());
        let mut lines = Vec::new();
        if !hidden {
            lines.push(e.summary.clone());
        }
        for c in checks.iter().filter(|c| !c.passed) {
            lines.push(format!("{} check: {}", c.kind, c.message));
        }
        out.push(Test {
            name: if hidden { format!("{} (hidden)", e.name()) } else { e.name() },
            score: round(checks.iter().map(|c| c.score).sum::<f64>() + if !hidden && e.checks.is_empty() { e.score } else { 0.0 }),
            max_score: round(checks.iter().map(|c| c.max_score).sum::<f64>() + if !hidden && e.checks.is_empty() { e.max_score } else { 0.0 }),
            status: if passed { "passed" } else { "failed" },
            output: lines.join("\n"),
            visibility: if hidden { "after_published" } else { "visible" },
        });
    }
    out
}

pub fn render(s: &SubmissionResult) -> String {
    let results = Results {
        score: round(s.score),
        max_score: round(s.max_score),
        execution_time: (s.time_s * 1000.0).round() / 1000.0,
        output: format!("{}: {} / {} points", s.name, round(s.score), round(s.max_score)),
        tests: s.exercises.iter().flat_map(tests_of).collect(),
    };
    let mut out = serde_json::to_string_pretty(&results).expect("results serialise");
    out.push('\n');
    out
}

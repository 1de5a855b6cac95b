//! Reference results: each exercise's solution run once, in its own kernel,
//! and cached for every submission graded by the same [`Grader`](super::Grader).

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::lesson::{CheckKind, Exercise, Limits};
use crate::python::kernel_grade::EvalItem;

use super::result::Outcome;
use super::run::{CodeRun, KernelSetup, run_code, timeout};

/// What the solution displayed and the values of the `value` checks' expressions.
#[derive(Clone, Debug)]
pub struct Reference {
    pub run: CodeRun,
    /// By expression: the serialised value, or why there is none.
    pub values: HashMap<String, Result<Json, String>>,
}

impl Reference {
    pub fn value(&self, expr: &str) -> Result<&Json, String> {
        match self.values.get(expr) {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(e.clone()),
            None => Err("it was not evaluated".into()),
        }
    }
}

/// Runs `exercise.solution` in a fresh kernel.
pub fn compute(setup: &KernelSetup, lesson_setup: Option<&str>, exercise: &Exercise, limits: &Limits) -> Reference {
    let exprs: Vec<String> = exercise
        .checks
        .iter()
        .filter_map(|c| match &c.kind {
            CheckKind::Value { expr, .. } => Some(expr.clone()),
            _ => None,
        })
        .collect();
    let fail_all = |why: String, run: CodeRun| Reference {
        values: exprs
            .iter()
            .map(|e| (e.clone(), Err(why.clone())))
            .collect(),
        run,
    };
    let mut kernel = match setup.spawn(limits) {
        Ok(k) => k,
        Err(e) => return fail_all(e.to_string(), super::run::died(&e, limits)),
    };
    if let Err(why) = super::run::run_setup(&mut kernel, lesson_setup, limits, setup.max_output_bytes) {
        let run = CodeRun { outcome: Outcome::GraderError, display: String::new(), error: None, summary: why.clone() };
        return fail_all(why, run);
    }
    let run = run_code(
        &mut kernel,
        &exercise.solution,
        limits,
        setup.max_output_bytes,
    );
    if !matches!(run.outcome, Outcome::Ran | Outcome::RuntimeError) {
        return fail_all(format!("the solution did not run: {}", run.summary), run);
    }
    if exprs.is_empty() {
        return Reference {
            run,
            values: HashMap::new(),
        };
    }
    let items: Vec<EvalItem> = exprs
        .iter()
        .map(|e| EvalItem {
            expr: e.clone(),
            truth: false,
        })
        .collect();
    match kernel.evaluate(&items, timeout(limits)) {
        Ok(values) => Reference {
            values: values
                .into_iter()
                .map(|v| {
                    let r = match (v.value, v.error) {
                        (Some(j), _) => Ok(j),
                        (None, Some(e)) => Err(format!("it raised {}", e.line())),
                        (None, None) => Err("it gave no value".into()),
                    };
                    (v.expr, r)
                })
                .collect(),
            run,
        },
        Err(e) => fail_all(format!("evaluating it failed: {e}"), run),
    }
}

//! Grading one exercise: static checks in this process, everything else in a
//! fresh kernel that gets only the learner's code and the check expressions;
//! the comparison with the solution's results happens here, in the parent.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use crate::lesson::pysyntax::{PyMode, syntax_error};
use crate::lesson::{Check, CheckKind, Exercise, Lesson, Pack};
use crate::python::kernel_client::KernelClient;
use crate::python::kernel_grade::{EvalItem, EvalResult};

use super::reference::{self, Reference};
use super::result::{CheckResult, ExerciseResult, Outcome};
use super::run::{CodeRun, KernelSetup, first_line, run_code, run_setup, timeout};
use super::statics;
use super::value;

/// Grades code against a pack; caches the solutions' results.
pub struct Grader {
    pack: Arc<Pack>,
    setup: KernelSetup,
    references: Mutex<HashMap<(String, String), Arc<OnceLock<Arc<Reference>>>>>,
    /// Keep hidden checks' details (for the pack's author, in `validate`).
    reveal_hidden: bool,
}

/// What one check concluded, before points and hiding.
#[derive(Clone)]
struct Verdict {
    passed: bool,
    detail: String,
    ratio: Option<f64>,
}

fn verdict(passed: bool, detail: impl Into<String>) -> Verdict {
    Verdict {
        passed,
        detail: detail.into(),
        ratio: None,
    }
}

impl Grader {
    pub fn new(pack: Pack, setup: KernelSetup) -> Self {
        Grader {
            pack: Arc::new(pack),
            setup,
            references: Mutex::default(),
            reveal_hidden: false,
        }
    }

    /// Hidden checks keep their details (for `validate`, never for learners).
    pub fn revealing_hidden(mut self) -> Self {
        self.reveal_hidden = true;
        self
    }

    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    pub fn setup(&self) -> &KernelSetup {
        &self.setup
    }

    /// The solution's results for this exercise, computed on first use.
    pub fn reference(&self, lesson: &Lesson, exercise: &Exercise) -> Arc<Reference> {
        let cell = {
            let mut map = self.references.lock().unwrap_or_else(|e| e.into_inner());
            map.entry((lesson.id.clone(), exercise.id.clone()))
                .or_default()
                .clone()
        };
        cell.get_or_init(|| {
            Arc::new(reference::compute(
                &self.setup,
                lesson.setup.as_deref(),
                exercise,
                &self.pack.manifest.limits,
            ))
        })
        .clone()
    }

    /// Grades `code` (`None`: no file was submitted) as the answer to `exercise`.
    pub fn grade(
        &self,
        lesson: &Lesson,
        exercise: &Exercise,
        code: Option<&str>,
    ) -> ExerciseResult {
        let start = Instant::now();
        let (outcome, summary, verdicts) = self.judge(lesson, exercise, code);
        let mut r = finish(
            lesson,
            exercise,
            outcome,
            summary,
            verdicts.clone(),
            start.elapsed().as_secs_f64(),
        );
        if self.reveal_hidden {
            for (c, v) in r.checks.iter_mut().zip(&verdicts) {
                c.detail = Some(v.detail.clone());
            }
        }
        r
    }

    fn judge(
        &self,
        lesson: &Lesson,
        ex: &Exercise,
        code: Option<&str>,
    ) -> (Outcome, String, Vec<Verdict>) {
        let all = |why: &str| {
            ex.checks
                .iter()
                .map(|_| verdict(false, why))
                .collect::<Vec<_>>()
        };
        let Some(code) = code else {
            let s = "not submitted: there is no file for this exercise";
            return (Outcome::NotSubmitted, s.into(), all(s));
        };
        if is_blank(code) {
            let s = "the file is empty: there is no code to check";
            return (Outcome::Empty, s.into(), all(s));
        }
        let usage = match statics::usage(code) {
            Ok(u) => u,
            Err(message) => {
                let s = match syntax_error(code, PyMode::Statements) {
                    Some(e) if crate::python::parse_guard::check(code).is_ok() => {
                        format!(
                            "the code has a syntax error on line {}: {}",
                            e.line,
                            first_line(&e.message)
                        )
                    }
                    _ => format!("the code cannot be read: {message}"),
                };
                return (Outcome::SyntaxError, s.clone(), all(&s));
            }
        };
        if let Some(e) = syntax_error(code, PyMode::Statements) {
            let s = format!(
                "the code has a syntax error on line {}: {}",
                e.line,
                first_line(&e.message)
            );
            return (Outcome::SyntaxError, s.clone(), all(&s));
        }
        let limits = self.pack.manifest.limits;
        let mut kernel = match self.setup.spawn(&limits) {
            Ok(k) => k,
            Err(e) => {
                let s = format!("the grader could not start a Python kernel: {e}");
                return (Outcome::GraderError, s.clone(), all(&s));
            }
        };
        if let Err(s) = run_setup(&mut kernel, lesson.setup.as_deref(), &limits, self.setup.max_output_bytes) {
            return (Outcome::GraderError, s.clone(), all(&s));
        }
        let run = run_code(&mut kernel, code, &limits, self.setup.max_output_bytes);
        if !run.outcome.checks_ran() {
            return (run.outcome, run.summary.clone(), all(&run.summary));
        }
        let reference = self.reference(lesson, ex);
        if reference.run.outcome == Outcome::GraderError {
            let s = format!(
                "the grader could not run the solution: {}",
                reference.run.summary
            );
            return (Outcome::GraderError, s.clone(), all(&s));
        }
        let session = Session {
            kernel: &mut kernel,
            alive: true,
            dead_reason: String::new(),
        };
        let verdicts = session.checks(ex, code, &run, &reference, &usage, &limits);
        (run.outcome, run.summary, verdicts)
    }
}

/// The learner's kernel after their code ran, and what the checks need of it.
struct Session<'k> {
    kernel: &'k mut KernelClient,
    alive: bool,
    dead_reason: String,
}

impl Session<'_> {
    fn checks(
        mut self,
        ex: &Exercise,
        _code: &str,
        run: &CodeRun,
        reference: &Reference,
        usage: &statics::Usage,
        limits: &crate::lesson::Limits,
    ) -> Vec<Verdict> {
        // Values and assertions only mean something when the code ran as the
        // solution did (both to the end, or both into an exception).
        let comparable = run.error.is_none() || reference.run.error.is_some();
        let mut items = Vec::new();
        for c in &ex.checks {
            match &c.kind {
                CheckKind::Value { expr, .. } if comparable => items.push(EvalItem {
                    expr: expr.clone(),
                    truth: false,
                }),
                CheckKind::Assert { expr } if comparable => items.push(EvalItem {
                    expr: expr.clone(),
                    truth: true,
                }),
                CheckKind::Raises { error } => {
                    if let Some(e) = &run.error
                        && !same_exception(&e.type_name, error)
                        && is_dotted_identifier(&e.type_name)
                    {
                        items.push(EvalItem {
                            expr: format!("issubclass({}, {error})", e.type_name),
                            truth: true,
                        });
                    }
                }
                _ => {}
            }
        }
        let values: HashMap<String, EvalResult> = if items.is_empty() {
            HashMap::new()
        } else {
            match self.kernel.evaluate(&items, timeout(limits)) {
                Ok(v) => v.into_iter().map(|r| (r.expr.clone(), r)).collect(),
                Err(e) => {
                    self.alive = false;
                    self.dead_reason = super::run::died(&e, limits).summary;
                    HashMap::new()
                }
            }
        };
        let raised_first = |what: &str| match &run.error {
            Some(e) => format!(
                "the code raised {} before {what} could be checked",
                first_line(&e.line())
            ),
            None => String::new(),
        };
        ex.checks
            .iter()
            .map(|c| match &c.kind {
                CheckKind::Uses { .. } | CheckKind::Forbids { .. } if !comparable => {
                    verdict(false, raised_first("the code's style"))
                }
                CheckKind::Uses { names } => {
                    let missing: Vec<String> = names
                        .iter()
                        .filter(|n| !usage.contains(n))
                        .map(|n| format!("`{n}`"))
                        .collect();
                    if missing.is_empty() {
                        verdict(true, "the code uses every required name")
                    } else {
                        verdict(
                            false,
                            format!("the code does not use {}", missing.join(", ")),
                        )
                    }
                }
                CheckKind::Forbids { names } => {
                    let found: Vec<String> = names
                        .iter()
                        .filter(|n| usage.contains(n))
                        .map(|n| format!("`{n}`"))
                        .collect();
                    if found.is_empty() {
                        verdict(true, "the code avoids every forbidden name")
                    } else {
                        verdict(
                            false,
                            format!(
                                "the code uses {}, which this exercise does not allow",
                                found.join(", ")
                            ),
                        )
                    }
                }
                CheckKind::Output { normalize } => {
                    if run.outcome == Outcome::OutputLimit {
                        return verdict(false, run.summary.clone());
                    }
                    if reference.run.outcome == Outcome::OutputLimit {
                        return verdict(
                            false,
                            "the grader could not record the solution's output (it was cut off)",
                        );
                    }
                    let (e, a) = (
                        normalize.apply(&reference.run.display),
                        normalize.apply(&run.display),
                    );
                    match output_difference(&e, &a) {
                        None => verdict(true, "the output matches"),
                        Some(d) => verdict(false, d),
                    }
                }
                CheckKind::Value { expr, rtol, atol } => {
                    if !comparable {
                        return verdict(false, raised_first(&format!("`{expr}`")));
                    }
                    let Some(got) = self.value_of(&values, expr) else {
                        return verdict(false, self.lost());
                    };
                    let got = match got {
                        Ok(v) => v,
                        Err(e) => {
                            return verdict(
                                false,
                                format!("`{expr}` raised {}{}", first_line(&e), after(run)),
                            );
                        }
                    };
                    match reference.value(expr) {
                        Err(why) => verdict(
                            false,
                            format!("the grader has no reference value for `{expr}`: {why}"),
                        ),
                        Ok(expected) => match value::compare(expected, &got, *rtol, *atol) {
                            Ok(()) => verdict(true, format!("`{expr}` matches")),
                            Err(d) => verdict(false, format!("`{expr}`: {d}")),
                        },
                    }
                }
                CheckKind::Assert { expr } => {
                    if !comparable {
                        return verdict(false, raised_first(&format!("`{expr}`")));
                    }
                    match self.value_of(&values, expr) {
                        None => verdict(false, self.lost()),
                        Some(Err(e)) => verdict(
                            false,
                            format!("`{expr}` raised {}{}", first_line(&e), after(run)),
                        ),
                        Some(Ok(serde_json::Value::Bool(true))) => {
                            verdict(true, format!("`{expr}` is true"))
                        }
                        Some(Ok(_)) => verdict(false, format!("`{expr}` is false")),
                    }
                }
                CheckKind::Raises { error } => match &run.error {
                    None => verdict(false, format!("the code ran without raising {error}")),
                    Some(e) if same_exception(&e.type_name, error) => {
                        verdict(true, format!("the code raised {error}"))
                    }
                    Some(e) => {
                        let expr = format!("issubclass({}, {error})", e.type_name);
                        match self.value_of(&values, &expr) {
                            Some(Ok(serde_json::Value::Bool(true))) => verdict(
                                true,
                                format!("the code raised {} (a kind of {error})", e.type_name),
                            ),
                            _ => verdict(
                                false,
                                format!("the code raised {}, not {error}", first_line(&e.line())),
                            ),
                        }
                    }
                },
                CheckKind::Faster {
                    expr,
                    baseline,
                    setup,
                    min_ratio,
                    repeat,
                } => {
                    if run.error.is_some() {
                        return verdict(false, raised_first("its speed"));
                    }
                    if !self.alive {
                        return verdict(false, self.lost());
                    }
                    self.faster(
                        expr,
                        baseline,
                        setup.as_deref(),
                        *min_ratio,
                        *repeat,
                        limits,
                    )
                }
            })
            .collect()
    }

    fn value_of(
        &self,
        values: &HashMap<String, EvalResult>,
        expr: &str,
    ) -> Option<Result<serde_json::Value, String>> {
        let r = values.get(expr)?;
        Some(match (&r.value, &r.error) {
            (Some(v), _) => Ok(v.clone()),
            (None, Some(e)) => Err(e.line()),
            (None, None) => Err("no value".into()),
        })
    }

    fn lost(&self) -> String {
        if self.dead_reason.is_empty() {
            "the check could not be evaluated".into()
        } else {
            self.dead_reason.clone()
        }
    }

    fn faster(
        &mut self,
        expr: &str,
        baseline: &str,
        setup: Option<&str>,
        min_ratio: f64,
        repeat: u32,
        limits: &crate::lesson::Limits,
    ) -> Verdict {
        match self
            .kernel
            .time(setup, expr, baseline, repeat, timeout(limits))
        {
            Err(e) => {
                self.alive = false;
                self.dead_reason = super::run::died(&e, limits).summary;
                verdict(false, self.dead_reason.clone())
            }
            Ok(Err(e)) => verdict(
                false,
                format!("timing `{expr}` raised {}", first_line(&e.line())),
            ),
            Ok(Ok(t)) => {
                // The fastest round of each side, then the ratio: other work on
                // the machine only ever adds time, so the minimum is the least
                // disturbed measurement (as `timeit` advises). A median of
                // per-round ratios swung by 10x on a loaded 2-core machine.
                let ratio = fastest(&t.baseline_s) / fastest(&t.expr_s).max(1e-12);
                let detail = format!(
                    "`{expr}` ran {ratio:.1}x as fast as `{baseline}` (at least {min_ratio}x needed)"
                );
                Verdict {
                    passed: ratio >= min_ratio,
                    detail,
                    ratio: Some(ratio),
                }
            }
        }
    }
}

/// " (after the code raised X: ...)" when it did: often the real cause.
fn after(run: &CodeRun) -> String {
    run.error
        .as_ref()
        .map(|e| format!(" (after the code raised {})", first_line(&e.line())))
        .unwrap_or_default()
}

fn fastest(xs: &[f64]) -> f64 {
    xs.iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(f64::MAX)
}

/// `IndexError` matches `IndexError` and `builtins.IndexError`; `torch.cuda.OutOfMemoryError` matches `OutOfMemoryError`.
fn same_exception(actual: &str, expected: &str) -> bool {
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_owned();
    actual == expected || last(actual) == last(expected)
}

fn is_dotted_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|p| {
            p.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && p.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// Empty, or only whitespace and comments.
fn is_blank(code: &str) -> bool {
    code.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

/// `None` when equal; otherwise the first line that differs, in words.
pub fn output_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    if e == a {
        return Some("the output differs only in line endings or the final newline".into());
    }
    let i = (0..e.len().max(a.len()))
        .find(|&i| e.get(i) != a.get(i))
        .unwrap_or(0);
    let show = |l: Option<&&str>| {
        l.map(|s| format!("`{}`", first_line(s)))
            .unwrap_or_else(|| "nothing".into())
    };
    Some(format!(
        "the output differs at line {}: expected {}, got {}",
        i + 1,
        show(e.get(i)),
        show(a.get(i))
    ))
}

fn finish(
    lesson: &Lesson,
    ex: &Exercise,
    outcome: Outcome,
    summary: String,
    verdicts: Vec<Verdict>,
    time_s: f64,
) -> ExerciseResult {
    let total: f64 = ex.check_points();
    let all_passed = verdicts.iter().all(|v| v.passed);
    let checks: Vec<CheckResult> = ex
        .checks
        .iter()
        .zip(verdicts)
        .map(|(c, v)| check_result(c, v, ex.points, total))
        .map(|mut c| {
            // When nothing ran, the run's reason is the only true message.
            if !outcome.checks_ran() && !c.hidden {
                c.message = summary.clone();
            }
            c
        })
        .collect();
    let score = if total > 0.0 {
        // From the unrounded shares, so 3 x 1/3 is 1.
        let earned: f64 = ex
            .checks
            .iter()
            .zip(&checks)
            .filter(|(_, r)| r.passed)
            .map(|(c, _)| c.points)
            .sum();
        ex.points * earned / total
    } else if all_passed {
        ex.points
    } else {
        0.0
    };
    ExerciseResult {
        lesson: lesson.id.clone(),
        exercise: ex.id.clone(),
        title: ex.title.clone(),
        score: round(score),
        max_score: ex.points,
        passed: all_passed && !checks.is_empty()
            || (ex.checks.is_empty() && outcome == Outcome::Ran),
        outcome,
        summary,
        checks,
        time_s,
    }
}

fn check_result(c: &Check, v: Verdict, points: f64, total: f64) -> CheckResult {
    let max = if total > 0.0 {
        points * c.points / total
    } else {
        0.0
    };
    let (message, detail) = if c.hidden {
        let m = if v.passed {
            "a hidden check passed"
        } else {
            "a hidden check failed"
        };
        (m.to_owned(), None)
    } else if !v.passed && c.message.is_some() {
        (c.message.clone().unwrap_or_default(), Some(v.detail))
    } else {
        (v.detail.clone(), Some(v.detail))
    };
    CheckResult {
        kind: c.kind.name().to_owned(),
        hidden: c.hidden,
        passed: v.passed,
        score: if v.passed { round(max) } else { 0.0 },
        max_score: round(max),
        message,
        detail,
        ratio: if c.hidden { None } else { v.ratio },
    }
}

/// Scores to 1e-6, so sums of shares print cleanly.
fn round(x: f64) -> f64 {
    // `+ 0.0` turns -0 (an empty float sum) into 0.
    (x * 1e6).round() / 1e6 + 0.0
}

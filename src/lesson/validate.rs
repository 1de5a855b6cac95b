//! `tensorlings validate PACK...`: load each pack, then prove with an interpreter
//! that every example shows its expected output, every solution passes its
//! checks and every starter fails them (unless `starter_passes`).
//!
//! Running code is the job of a [`CodeRunner`] (the interpreter/grader supplies
//! one); this module loads, drives the runner and reports per lesson.
//!
//! Exit codes: 0 clean, 1 when an example, solution or starter fails,
//! 2 when a pack cannot be loaded (the worst over all packs).

use std::io::{self, Write};
use std::path::Path;

use super::diagnostic::Diagnostic;
use super::loader::load_pack_dir;
use super::model::{Exercise, Lesson, Limits, Pack};

/// What one cell displayed when run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRun {
    /// Exactly what `tensorlings run --allow-errors` prints for the cell: its
    /// stdout, then the display of its last expression, or `Name: message` when it raised.
    pub display: String,
    /// `Some("Name: message")` when the cell raised.
    pub raised: Option<String>,
}

/// The result of one check of an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRun {
    pub passed: bool,
    /// Why it failed (or what it saw), for the report.
    pub detail: String,
}

/// Runs pack code; the interpreter/grader implements it.
pub trait CodeRunner {
    /// Run `cells` in order in one fresh namespace, every cell even after one
    /// raises (as `--allow-errors`). One result per cell. `Err` when the runner
    /// itself failed (the kernel died, a limit was hit).
    fn run_cells(&mut self, cells: &[&str], limits: &Limits) -> Result<Vec<CellRun>, String>;

    /// Grade `code` as the learner's answer to `exercise` of `lesson`: one result
    /// per `exercise.checks`, in order. `Err` when the runner itself failed.
    fn check(
        &mut self,
        lesson: &Lesson,
        exercise: &Exercise,
        code: &str,
        limits: &Limits,
    ) -> Result<Vec<CheckRun>, String>;
}

/// A failure found while running a lesson, at a place in its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Path inside the pack (`01-x/lesson.md`).
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The outcome of one lesson.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LessonReport {
    pub id: String,
    pub examples: usize,
    /// Examples with an ```output block, compared.
    pub examples_checked: usize,
    pub exercises: usize,
    pub failures: Vec<Failure>,
}

/// Run every lesson of a loaded pack.
pub fn run_pack(pack: &Pack, runner: &mut dyn CodeRunner) -> Vec<LessonReport> {
    pack.lessons
        .iter()
        .map(|l| run_lesson(l, &pack.manifest.limits, runner))
        .collect()
}

/// Examples (as one notebook), then each exercise's solution and starter.
pub fn run_lesson(lesson: &Lesson, limits: &Limits, runner: &mut dyn CodeRunner) -> LessonReport {
    let md = format!("{}/lesson.md", lesson.id);
    let ex_file = format!("{}/exercises.toml", lesson.id);
    let mut report = LessonReport {
        id: lesson.id.clone(),
        exercises: lesson.exercises.len(),
        ..Default::default()
    };
    let examples: Vec<_> = lesson.examples().collect();
    report.examples = examples.len();
    let fail = |file: &str, line: usize, message: String| Failure {
        file: file.to_string(),
        line,
        message,
    };

    if !examples.is_empty() {
        // The lesson's setup runs first, in the same namespace, its display unchecked.
        let setup = lesson.setup.as_deref();
        let cells: Vec<&str> = setup.into_iter().chain(examples.iter().map(|e| e.code.as_str())).collect();
        match runner.run_cells(&cells, limits) {
            Err(e) => report.failures.push(fail(
                &md,
                examples[0].line,
                format!("the examples could not run: {e}"),
            )),
            Ok(mut runs) => {
                if setup.is_some() && !runs.is_empty() {
                    let setup_run = runs.remove(0);
                    if let Some(err) = &setup_run.raised {
                        report.failures.push(fail(&md, 1, format!("the lesson's setup raised {err}")));
                    }
                }
                for (i, ex) in examples.iter().enumerate() {
                    let Some(run) = runs.get(i) else {
                        report
                            .failures
                            .push(fail(&md, ex.line, "this example did not run".into()));
                        continue;
                    };
                    match &ex.expected_output {
                        Some(expected) => {
                            report.examples_checked += 1;
                            if let Some(diff) = output_difference(expected, &run.display) {
                                report.failures.push(fail(&md, ex.line, diff));
                            }
                        }
                        None => {
                            if let Some(err) = &run.raised {
                                report.failures.push(fail(&md, ex.line, format!(
                                    "this example raised {err} (add an ```output block if that is intended)")));
                            }
                        }
                    }
                }
            }
        }
    }

    for ex in &lesson.exercises {
        match runner.check(lesson, ex, &ex.solution, limits) {
            Err(e) => report.failures.push(fail(
                &ex_file,
                ex.line,
                format!(
                    "exercise `{}`: the solution could not be checked: {e}",
                    ex.id
                ),
            )),
            Ok(runs) => {
                for (check, run) in ex.checks.iter().zip(&runs) {
                    if !run.passed {
                        report.failures.push(fail(
                            &ex_file,
                            check.line,
                            format!(
                                "exercise `{}`: the solution fails this `{}` check: {}",
                                ex.id,
                                check.kind.name(),
                                run.detail
                            ),
                        ));
                    }
                }
                if runs.len() != ex.checks.len() {
                    report.failures.push(fail(
                        &ex_file,
                        ex.line,
                        format!(
                            "exercise `{}`: the runner returned {} results for {} checks",
                            ex.id,
                            runs.len(),
                            ex.checks.len()
                        ),
                    ));
                }
            }
        }
        if ex.starter_passes {
            continue;
        }
        match runner.check(lesson, ex, &ex.starter, limits) {
            Err(e) => report.failures.push(fail(
                &ex_file,
                ex.line,
                format!(
                    "exercise `{}`: the starter could not be checked: {e}",
                    ex.id
                ),
            )),
            Ok(runs) => {
                if runs.iter().all(|r| r.passed) && !runs.is_empty() {
                    report.failures.push(fail(&ex_file, ex.line, format!(
                        "exercise `{}`: the starter already passes every check; make the checks stricter, \
                         or set `starter_passes = true` if that is intended", ex.id)));
                }
            }
        }
    }
    report
}

/// IPython's timing lines (`%%time`, `%timeit`) differ on every run: any two
/// of one kind are equal.
fn timing_free(line: &str) -> &str {
    if line.starts_with("CPU times: ") {
        "CPU times: (varies)"
    } else if line.starts_with("Wall time: ") {
        "Wall time: (varies)"
    } else if line.contains(" per loop (mean ± std. dev. of ") {
        "(timeit line: varies)"
    } else {
        line
    }
}

/// `None` when equal (timing lines aside); otherwise where the outputs first differ, in words.
pub fn output_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let (e_lines, a_lines): (Vec<&str>, Vec<&str>) =
        (expected.lines().map(timing_free).collect(), actual.lines().map(timing_free).collect());
    let same_endings = !expected.contains('\r') && !actual.contains('\r') && expected.ends_with('\n') == actual.ends_with('\n');
    if e_lines == a_lines && same_endings {
        return None;
    }
    let first = (0..e_lines.len().max(a_lines.len()))
        .find(|&i| e_lines.get(i) != a_lines.get(i))
        .unwrap_or(e_lines.len().min(a_lines.len()));
    let show = |l: Option<&&str>| {
        l.map(|s| format!("`{s}`"))
            .unwrap_or_else(|| "nothing".into())
    };
    if e_lines == a_lines {
        // Same lines: the difference is in line endings or a final newline.
        return Some(
            "the output differs from the ```output block only in line endings or the final newline"
                .into(),
        );
    }
    Some(format!(
        "the output differs from the ```output block at its line {}: expected {}, got {}",
        first + 1,
        show(e_lines.get(first)),
        show(a_lines.get(first))
    ))
}

/// The exit code of a validation: the worst over all packs.
pub fn exit_code(codes: impl IntoIterator<Item = i32>) -> i32 {
    codes.into_iter().max().unwrap_or(0)
}

/// Validate one pack folder, writing a human report to `out`; returns 0, 1 or 2.
/// With no runner, only loading is checked (and the report says nothing ran).
pub fn validate_pack(
    dir: &Path,
    runner: Option<&mut dyn CodeRunner>,
    out: &mut dyn Write,
) -> io::Result<i32> {
    let loaded = match load_pack_dir(dir) {
        Ok(l) => l,
        Err(e) => {
            for d in &e.diagnostics {
                writeln!(out, "{d}")?;
            }
            let n = e.errors().count();
            writeln!(
                out,
                "{}: cannot load the pack ({n} error{})",
                dir.display(),
                plural(n)
            )?;
            return Ok(2);
        }
    };
    for w in &loaded.warnings {
        writeln!(out, "{w}")?;
    }
    let pack = &loaded.pack;
    let Some(runner) = runner else {
        let examples: usize = pack.lessons.iter().map(|l| l.examples().count()).sum();
        let exercises: usize = pack.lessons.iter().map(|l| l.exercises.len()).sum();
        writeln!(
            out,
            "{}: loaded `{}`: {} lessons, {examples} examples, {exercises} exercises (nothing run: no interpreter)",
            dir.display(),
            pack.manifest.id,
            pack.lessons.len()
        )?;
        return Ok(0);
    };
    let mut failed = 0;
    for lesson in &pack.lessons {
        // One line a lesson as it finishes: progress on a long pack, a summary at the end.
        let r = run_lesson(lesson, &pack.manifest.limits, runner);
        let status = if r.failures.is_empty() {
            "ok  "
        } else {
            "FAIL"
        };
        writeln!(
            out,
            "{status} {} ({} example{}, {} checked; {} exercise{})",
            r.id,
            r.examples,
            plural(r.examples),
            r.examples_checked,
            r.exercises,
            plural(r.exercises)
        )?;
        for f in &r.failures {
            let d = Diagnostic::error(dir.join(&f.file), Some(f.line), f.message.clone());
            writeln!(out, "    {d}")?;
        }
        failed += r.failures.len();
        out.flush()?;
    }
    if failed == 0 {
        writeln!(out, "{}: `{}` is valid", dir.display(), pack.manifest.id)?;
        Ok(0)
    } else {
        writeln!(out, "{}: {failed} failure{}", dir.display(), plural(failed))?;
        Ok(1)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_difference_names_the_first_differing_line() {
        assert_eq!(output_difference("a\nb\n", "a\nb\n"), None);
        let d = output_difference("a\nb\n", "a\nc\n").unwrap();
        assert!(
            d.contains("line 2") && d.contains("`b`") && d.contains("`c`"),
            "{d}"
        );
        let d = output_difference("a\n", "a\nextra\n").unwrap();
        assert!(d.contains("expected nothing"), "{d}");
        assert!(
            output_difference("a\n", "a")
                .unwrap()
                .contains("final newline")
        );
    }

    #[test]
    fn timing_lines_match_whatever_their_figures() {
        let nb = "CPU times: user 1.2 ms, sys: 0 ns, total: 1.2 ms\nWall time: 1.1 ms\n";
        let ours = "CPU times: user 310 µs, sys: 2 µs, total: 312 µs\nWall time: 305 µs\n";
        assert_eq!(output_difference(nb, ours), None);
        let timeit = "1.5 ms ± 2.1 µs per loop (mean ± std. dev. of 7 runs, 1,000 loops each)\n";
        let other = "812 µs ± 9 µs per loop (mean ± std. dev. of 7 runs, 1,000 loops each)\n";
        assert_eq!(output_difference(timeit, other), None);
        assert!(output_difference(nb, "Wall time: 1 ms\n").is_some());
    }

    #[test]
    fn exit_code_is_the_worst() {
        assert_eq!(exit_code([0, 2, 1]), 2);
        assert_eq!(exit_code([]), 0);
    }
}

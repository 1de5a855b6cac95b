//! The real engine: learner code runs in kernel processes (`tensorlings
//! kernel`, see `python::kernel_client`). Lessons and exercises share one
//! kernel (reset when the learner moves to another lesson or runs an exercise,
//! which always starts fresh); the scratchpad has its own, so its variables
//! survive. A kernel that dies is replaced by the client and reported in words.

use std::time::Duration;

use crate::lesson::Limits;
use crate::python::kernel_client::{KernelClient, KernelError, KernelOptions};
use crate::python::session::CellResult;

use super::threaded::Engine;
use super::{CellOutput, CheckOutcome, CheckReport, Job, JobResult, Namespace, PyError, Speedup};
use crate::grade::{ExerciseResult, Grader, KernelSetup, Outcome};
use crate::lesson::{CheckKind, Exercise, Pack};

/// What checking says until the grader is part of the build.
pub const NO_GRADER: &str = "checking needs the grader, which this build does not have yet";

pub struct KernelEngine {
    options: KernelOptions,
    main: Option<KernelClient>,
    scratch: Option<KernelClient>,
    /// Whose variables the main kernel holds now.
    main_holds: Option<Namespace>,
    /// Checks the learner's answers (its own kernels, the pack's limits).
    grader: Option<Grader>,
}

impl KernelEngine {
    pub fn new(limits: &Limits) -> KernelEngine {
        let mut options = KernelOptions::default();
        options.timeout = Duration::from_secs_f64(limits.timeout_s);
        options.os_limits.memory_mb = Some(limits.memory_mb);
        KernelEngine {
            options,
            main: None,
            scratch: None,
            main_holds: None,
            grader: None,
        }
    }

    /// Also checks answers to `pack`'s exercises with the grader.
    pub fn with_grader(mut self, pack: &Pack) -> KernelEngine {
        self.grader = Some(Grader::new(pack.clone(), KernelSetup::default()));
        self
    }

    fn check(&self, lesson: &str, exercise: &str, code: &str) -> JobResult {
        let Some(g) = self.grader.as_ref() else { return JobResult::Failed(NO_GRADER.into()) };
        let Some(l) = g.pack().lesson(lesson) else { return JobResult::Failed(format!("no lesson {lesson}")) };
        let Some(ex) = l.exercise(exercise) else { return JobResult::Failed(format!("no exercise {exercise}")) };
        JobResult::Checked(check_report(ex, g.grade(l, ex, Some(code))))
    }

    fn client(&mut self, scratch: bool) -> Result<&mut KernelClient, String> {
        let slot = if scratch {
            &mut self.scratch
        } else {
            &mut self.main
        };
        if slot.is_none() {
            *slot = Some(KernelClient::spawn(self.options.clone()).map_err(|e| e.to_string())?);
        }
        Ok(slot.as_mut().unwrap())
    }

    fn execute(&mut self, code: &str, namespace: &Namespace, setup: Option<&str>, running: &dyn Fn(u32)) -> JobResult {
        let scratch = *namespace == Namespace::Scratch;
        // An exercise always starts from nothing; a lesson keeps its own cells' variables.
        let fresh = !scratch
            && (*namespace == Namespace::Exercise || self.main_holds.as_ref() != Some(namespace));
        let client = match self.client(scratch) {
            Ok(c) => c,
            Err(e) => return JobResult::Failed(e),
        };
        if fresh {
            if let Err(e) = client.reset() {
                return error_result(e);
            }
        }
        if let Some(pid) = client.pid() {
            running(pid);
        }
        if fresh && let Some(setup) = setup {
            match client.execute(setup, None) {
                Ok(r) if r.error.is_none() => {}
                Ok(r) => {
                    let e = r.error.map(|e| format!("{}: {}", e.type_name, e.message)).unwrap_or_default();
                    return JobResult::Failed(format!("the lesson's setup raised {e}"));
                }
                Err(e) => return error_result(e),
            }
        }
        let result = client.execute(code, None);
        if !scratch {
            self.main_holds = Some(namespace.clone());
        }
        match result {
            Ok(r) => JobResult::Executed(cell_output(r)),
            Err(e) => {
                if !scratch {
                    self.main_holds = None;
                }
                error_result(e)
            }
        }
    }
}

/// The grader's verdict as the exercise screen shows it.
pub fn check_report(ex: &Exercise, r: ExerciseResult) -> CheckReport {
    let checks = r
        .checks
        .iter()
        .zip(&ex.checks)
        .map(|(c, spec)| CheckOutcome {
            kind: c.kind.clone(),
            passed: c.passed,
            hidden: c.hidden,
            message: c.message.clone(),
            speedup: match (&spec.kind, c.ratio) {
                (CheckKind::Faster { min_ratio, .. }, Some(ratio)) => Some(Speedup { ratio, min_ratio: *min_ratio, times: None }),
                _ => None,
            },
        })
        .collect();
    // How the run went, when it did not simply run ("raised ZeroDivisionError: ...").
    let error = (r.outcome != Outcome::Ran).then(|| PyError { name: r.summary.clone(), ..Default::default() });
    CheckReport { output: CellOutput { error, ..Default::default() }, checks, score: r.score, max_score: r.max_score }
}

fn error_result(e: KernelError) -> JobResult {
    match e {
        KernelError::Died { reason, .. } => JobResult::KernelDied { reason },
        other => JobResult::Failed(other.to_string()),
    }
}

/// The kernel's result as the workbook shows it: stdout then the display.
pub fn cell_output(r: CellResult) -> CellOutput {
    let mut display = r.stdout;
    let mut figures = Vec::new();
    // Figures shown while the cell ran sit among its prints; those shown at
    // its end come after its result.
    for shown in r.figures.iter().filter(|f| !f.after_display) {
        figures.push((shown.stdout_offset.min(display.len()), shown.figure.clone()));
    }
    if let Some(d) = r.display {
        display.push_str(&d);
    }
    for shown in r.figures.into_iter().filter(|f| f.after_display) {
        figures.push((display.len(), shown.figure));
    }
    if r.output_truncated {
        display.push_str("\n[output truncated]\n");
    }
    CellOutput {
        figures,
        display,
        stderr: r.stderr,
        error: r.error.map(|e| PyError {
            line: cell_line(&e.traceback),
            name: e.type_name,
            message: e.message,
            traceback: e.traceback,
        }),
    }
}

/// The learner's line in a traceback: the last `File "<cell>", line N` entry.
pub fn cell_line(traceback: &str) -> Option<usize> {
    traceback
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("File \"<cell>\", line "))
        .filter_map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .last()
}

impl Engine for KernelEngine {
    fn start(&mut self) {
        // Start the main kernel now, so the first run does not wait for it.
        let _ = self.client(false);
    }

    fn run(&mut self, job: &Job, running: &dyn Fn(u32)) -> JobResult {
        match job {
            Job::Execute { code, namespace, setup } => self.execute(code, namespace, setup.as_deref(), running),
            Job::Check { lesson, exercise, code } => self.check(lesson, exercise, code),
        }
    }

    fn reset(&mut self, namespace: &Namespace) {
        if *namespace == Namespace::Scratch {
            if let Some(c) = self.scratch.as_mut() {
                let _ = c.reset();
            }
        } else if self.main_holds.as_ref() == Some(namespace) {
            self.main_holds = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_learners_line_is_the_last_cell_frame() {
        let tb = "Traceback (most recent call last):\n  File \"<cell>\", line 2, in <module>\n  File \"<cell>\", line 7, in f\nNameError: name 'x' is not defined\n";
        assert_eq!(cell_line(tb), Some(7));
        assert_eq!(
            cell_line(
                "  File \"<cell>\", line 3\n    x = (\n        ^\nSyntaxError: '(' was never closed\n"
            ),
            Some(3)
        );
        assert_eq!(cell_line("  File \"torch/nn.py\", line 3, in f\n"), None);
    }
}

//! Running one piece of code in a fresh kernel, and reading how it went.
//! Every exercise of every submission (and every reference solution) gets its
//! own kernel process: nothing is shared, nothing is left for the next one.

use std::path::PathBuf;
use std::time::Duration;

use crate::lesson::Limits;
use crate::python::kernel_client::{KernelClient, KernelError, KernelOptions};
use crate::python::limits::DEFAULT_MAX_OUTPUT_BYTES;
use crate::python::os_limits::OsLimits;
use crate::python::session::{CellError, CellResult, ErrorKind};

use super::result::Outcome;

/// How to start kernels for grading.
#[derive(Clone, Debug)]
pub struct KernelSetup {
    /// The `tensorlings` binary to run as `BINARY kernel` (default: this
    /// executable; tests pass the built binary).
    pub program: Option<PathBuf>,
    /// Most bytes of output one run keeps.
    pub max_output_bytes: usize,
}

impl Default for KernelSetup {
    fn default() -> Self {
        KernelSetup {
            program: None,
            max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES,
        }
    }
}

impl KernelSetup {
    pub fn options(&self, limits: &Limits) -> KernelOptions {
        KernelOptions {
            program: self.program.clone(),
            os_limits: OsLimits {
                memory_mb: Some(limits.memory_mb),
                cpu_seconds: None,
                max_open_files: Some(64),
                no_new_processes: true,
            },
            timeout: timeout(limits),
            kill_grace: Duration::from_secs(1),
            start_timeout: Duration::from_secs(30),
            max_output_bytes: self.max_output_bytes,
        }
    }

    pub fn spawn(&self, limits: &Limits) -> Result<KernelClient, KernelError> {
        KernelClient::spawn(self.options(limits))
    }
}

pub fn timeout(limits: &Limits) -> Duration {
    Duration::from_secs_f64(limits.timeout_s.max(0.001))
}

/// What running the code of an exercise produced.
#[derive(Clone, Debug)]
pub struct CodeRun {
    pub outcome: Outcome,
    /// What the run displayed: stdout, the last expression's display, and
    /// `Name: message` when it raised (as `tensorlings run --allow-errors`).
    pub display: String,
    pub error: Option<CellError>,
    /// One sentence for the report.
    pub summary: String,
}

/// Runs `code` as a cell in `kernel` and classifies how it ended.
pub fn run_code(
    kernel: &mut KernelClient,
    code: &str,
    limits: &Limits,
    max_output: usize,
) -> CodeRun {
    match kernel.execute(code, Some(timeout(limits))) {
        Ok(cell) => classify(cell, limits, max_output),
        Err(e) => died(&e, limits),
    }
}

/// Runs a lesson's `setup` (when it has one) before the code of one of its
/// exercises; `Err` says why the setup failed. Its output is not the learner's.
pub fn run_setup(kernel: &mut KernelClient, setup: Option<&str>, limits: &Limits, max_output: usize) -> Result<(), String> {
    let Some(setup) = setup else { return Ok(()) };
    let run = run_code(kernel, setup, limits, max_output);
    match run.outcome {
        Outcome::Ran => Ok(()),
        _ => Err(format!("the lesson's setup failed: {}", run.summary)),
    }
}

/// The run's outcome when the kernel did not answer.
pub fn died(e: &KernelError, limits: &Limits) -> CodeRun {
    let (outcome, summary) = match e {
        KernelError::Died { reason, .. } if reason.contains("out of memory") => (
            Outcome::MemoryLimit,
            format!(
                "the code used more than the memory limit of {} MB, so it was stopped ({reason})",
                limits.memory_mb
            ),
        ),
        KernelError::Died { reason, .. }
            if reason.contains("time limit") || reason.contains("interrupt") =>
        {
            (
                Outcome::Timeout,
                format!(
                    "the code did not finish within the time limit of {} s, so it was stopped ({reason})",
                    limits.timeout_s
                ),
            )
        }
        KernelError::Died { reason, .. } => (
            Outcome::Crashed,
            format!("the code stopped the Python kernel: {reason}"),
        ),
        other => (
            Outcome::GraderError,
            format!("the grader could not run the code: {other}"),
        ),
    };
    CodeRun {
        outcome,
        display: String::new(),
        error: None,
        summary,
    }
}

fn classify(cell: CellResult, limits: &Limits, max_output: usize) -> CodeRun {
    let mut display = cell.stdout.clone();
    if let Some(d) = &cell.display {
        display.push_str(d);
    }
    if let Some(e) = &cell.error {
        display.push_str(&e.line());
        display.push('\n');
    }
    let (outcome, summary) = match &cell.error {
        Some(e) if matches!(e.kind, ErrorKind::Timeout | ErrorKind::Interrupted) => (
            Outcome::Timeout,
            format!("the code did not finish within the time limit of {} s (an endless loop?), so it was stopped", limits.timeout_s),
        ),
        Some(e) if e.type_name == "SystemExit" => (
            Outcome::Exited,
            "the code tried to exit (sys.exit() or raise SystemExit); an exercise must run to its end".to_owned(),
        ),
        Some(e) if e.type_name == "MemoryError" => (
            Outcome::MemoryLimit,
            format!("the code used more than the memory limit of {} MB (MemoryError)", limits.memory_mb),
        ),
        Some(e) if e.kind == ErrorKind::Internal => (Outcome::Crashed, format!("the Python kernel failed: {}", e.message)),
        Some(e) => (Outcome::RuntimeError, format!("the code raised {}", first_line(&e.line()))),
        None if cell.output_truncated => (
            Outcome::OutputLimit,
            format!("the code printed more than {} KiB, so its output was cut off", max_output / 1024),
        ),
        None => (Outcome::Ran, "the code ran".to_owned()),
    };
    CodeRun {
        outcome,
        display,
        error: cell.error,
        summary,
    }
}

/// Keeps reports one line per message.
pub fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 300 {
        format!("{}...", line.chars().take(300).collect::<String>())
    } else {
        line.to_owned()
    }
}

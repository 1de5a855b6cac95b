//! `tensorlings run`: a script's or notebook's cells, in process, printed as
//! Jupyter shows them (stdout, then the display of the last expression; no
//! banners, no separators).

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use super::cells::{self, Cell};
use super::capture::truncation_note;
use super::interpreter::InterpreterConfig;
use super::limits::{forward_sigint, Limits, Watchdog};
use super::os_limits::{self, OsLimits};
use super::session::{ErrorKind, Session};

/// Options of one run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// On an exception print `ExceptionName: message` on stdout and go on
    /// (nbconvert's `--allow-errors`); otherwise print the traceback on stderr and stop.
    pub allow_errors: bool,
    pub limits: Limits,
    /// Address-space limit for the whole process (MiB), set before any cell runs.
    pub memory_mb: Option<u64>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self { allow_errors: false, limits: Limits::default(), memory_mb: None }
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSummary {
    /// Some cell raised (exit code 1).
    pub any_error: bool,
    /// The run stopped early: an error without `--allow-errors`, or the time limit.
    pub stopped_early: bool,
}

impl RunSummary {
    pub fn exit_code(&self) -> i32 {
        i32::from(self.any_error)
    }
}

/// Runs `cells` in `session`, writing what Jupyter would show to `out` and
/// tracebacks to `err`. The time limit covers the whole run.
pub fn run_cells(
    session: &mut Session,
    cells: &[Cell],
    file: &str,
    options: &RunOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<RunSummary> {
    let watchdog = Watchdog::spawn(&session.interrupt_handle());
    if let Some(limit) = options.limits.timeout {
        let pending = session.stdout_capture().clone();
        watchdog.arm(limit, Some(Box::new(move || hard_timeout(limit, &pending.take()))));
    }
    session.reset_output_cap();
    let mut summary = RunSummary { any_error: false, stopped_early: false };
    let mut noted_truncation = false;
    for cell in cells {
        let result = session.run_cell(&cell.source, &cell.file_label(file), cell.first_line);
        out.write_all(result.stdout.as_bytes())?;
        err.write_all(result.stderr.as_bytes())?;
        if result.output_truncated && !noted_truncation {
            noted_truncation = true;
            out.write_all(truncation_note(options.limits.max_output_bytes).as_bytes())?;
        }
        match &result.error {
            None => {
                if let Some(display) = &result.display {
                    out.write_all(display.as_bytes())?;
                }
            }
            Some(error) => {
                summary.any_error = true;
                let run_over = matches!(error.kind, ErrorKind::Timeout | ErrorKind::Interrupted | ErrorKind::Internal);
                if options.allow_errors && !run_over {
                    writeln!(out, "{}", error.line())?;
                } else {
                    out.flush()?;
                    err.write_all(error.traceback.as_bytes())?;
                    summary.stopped_early = true;
                    break;
                }
            }
        }
        out.flush()?;
    }
    watchdog.disarm();
    out.flush()?;
    err.flush()?;
    Ok(summary)
}

/// The run did not come back from native code after its time limit: there is
/// nothing left to unwind, so end the process the way a killed script ends.
fn hard_timeout(limit: Duration, printed_so_far: &str) {
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(printed_so_far.as_bytes());
    let _ = stdout.flush();
    eprintln!(
        "TimeoutError: the run took longer than its time limit of {} s and did not stop; tensorlings ended it",
        limit.as_secs_f64()
    );
    std::process::exit(1);
}

/// Stack size of the thread that runs the interpreter: deep Python recursion
/// uses native stack, and the VM turns running low into `RecursionError`.
pub const INTERPRETER_STACK_BYTES: usize = 64 << 20;

/// `tensorlings run FILE`: returns the process exit code.
pub fn run_file(path: &Path, options: &RunOptions) -> anyhow::Result<i32> {
    let cells = cells::read_cells(path)?;
    if let Some(mb) = options.memory_mb {
        os_limits::apply(&OsLimits { memory_mb: Some(mb), ..OsLimits::none() })?;
    }
    let file = path.display().to_string();
    let options = options.clone();
    let worker = std::thread::Builder::new()
        .name("tensorlings-python".into())
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || -> anyhow::Result<i32> {
            let config = InterpreterConfig::default();
            let mut session = Session::with_config(&config, options.limits.max_output_bytes)?;
            forward_sigint(&session.interrupt_handle());
            // Unlocked handles: the watchdog's hard timeout must be able to write too.
            let summary = run_cells(&mut session, &cells, &file, &options, &mut std::io::stdout(), &mut std::io::stderr())?;
            Ok(summary.exit_code())
        })?;
    worker.join().map_err(|_| anyhow::anyhow!("the interpreter thread panicked"))?
}

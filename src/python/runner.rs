//! `tensorlings run`: a script's or notebook's cells, in process, printed as
//! Jupyter shows them (stdout, then the display of the last expression; no
//! banners, no separators).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::cells::{self, Cell};
use super::capture::truncation_note;
use super::interpreter::InterpreterConfig;
use super::limits::{forward_sigint, Limits, Watchdog};
use super::os_limits::{self, OsLimits};
use super::figures::{MAX_FIGURES_PER_CELL, MAX_POINTS_PER_CELL};
use super::session::{ErrorKind, Session};
use crate::figure::png::save_png;
use crate::figure::{Figure, ShownFigure};

/// Options of one run.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// On an exception print `ExceptionName: message` on stdout and go on
    /// (nbconvert's `--allow-errors`); otherwise print the traceback on stderr and stop.
    pub allow_errors: bool,
    pub limits: Limits,
    /// Memory limit for the whole process (MiB, RLIMIT_DATA), set before any cell runs.
    pub memory_mb: Option<u64>,
    /// `--plots DIR`: save each shown figure as `DIR/<script stem>-<n>.png`
    /// (drawn here, by the host; learner code never writes files).
    pub plots_dir: Option<PathBuf>,
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

/// Where a run writes: shared, because printed text streams out from the
/// interpreter's stdout as it is written (so it survives a hard stop).
pub type SharedWriter = Arc<Mutex<dyn Write + Send>>;

fn write_to(w: &SharedWriter, text: &str) -> std::io::Result<()> {
    let mut w = w.lock().unwrap_or_else(|e| e.into_inner());
    w.write_all(text.as_bytes())?;
    w.flush()
}

/// Runs `cells` in `session`, writing what Jupyter would show to `out` and
/// tracebacks to `err`. The time limit covers the whole run.
pub fn run_cells(
    session: &mut Session,
    cells: &[Cell],
    file: &str,
    options: &RunOptions,
    out: &SharedWriter,
    err: &SharedWriter,
) -> std::io::Result<RunSummary> {
    let watchdog = Watchdog::spawn(&session.interrupt_handle());
    if let Some(limit) = options.limits.timeout {
        let err = err.clone();
        watchdog.arm(limit, Some(Box::new(move || hard_timeout(limit, &err))));
    }
    session.reset_output_cap();
    let tee_out = out.clone();
    session.stdout_capture().set_tee(Some(Box::new(move |text: &str| {
        let _ = write_to(&tee_out, text);
    })));
    // A figure shown mid-cell prints in place, between the prints around it.
    let figure_out = out.clone();
    session.figure_sink().set_tee(Some(Box::new(move |shown: &ShownFigure| {
        if !shown.after_display {
            let _ = write_to(&figure_out, &format!("{}\n", shown.figure.text()));
        }
    })));
    let summary = run_each(session, cells, file, options, out, err);
    session.stdout_capture().set_tee(None);
    session.figure_sink().set_tee(None);
    watchdog.disarm();
    summary
}

fn run_each(
    session: &mut Session,
    cells: &[Cell],
    file: &str,
    options: &RunOptions,
    out: &SharedWriter,
    err: &SharedWriter,
) -> std::io::Result<RunSummary> {
    let mut summary = RunSummary { any_error: false, stopped_early: false };
    let mut noted_truncation = false;
    let mut plots = options.plots_dir.as_ref().map(|dir| PlotFiles::new(dir, file));
    for cell in cells {
        // The cell's stdout has already streamed out through the tee.
        let result = session.run_cell(&cell.source, &cell.file_label(file), cell.first_line);
        write_to(err, &result.stderr)?;
        if result.output_truncated && !noted_truncation {
            noted_truncation = true;
            write_to(out, &truncation_note(options.limits.max_output_bytes))?;
        }
        if let Some(plots) = plots.as_mut() {
            for shown in &result.figures {
                plots.save(&shown.figure, err)?;
            }
        }
        if result.figures_dropped {
            write_to(err, &format!(
                "tensorlings: a cell may show at most {MAX_FIGURES_PER_CELL} figures ({MAX_POINTS_PER_CELL} points in all); the rest were not shown\n"
            ))?;
        }
        let after_display: String =
            result.figures.iter().filter(|f| f.after_display).map(|f| format!("{}\n", f.figure.text())).collect();
        match &result.error {
            None => {
                if let Some(display) = &result.display {
                    write_to(out, display)?;
                }
                write_to(out, &after_display)?;
            }
            Some(error) => {
                summary.any_error = true;
                let run_over = matches!(error.kind, ErrorKind::Timeout | ErrorKind::Interrupted | ErrorKind::Internal);
                if options.allow_errors && !run_over {
                    write_to(out, &format!("{}\n", error.line()))?;
                    // The inline backend's end-of-cell hook runs after an error too.
                    write_to(out, &after_display)?;
                } else {
                    write_to(err, &error.traceback)?;
                    summary.stopped_early = true;
                    break;
                }
            }
        }
    }
    Ok(summary)
}

/// `--plots DIR`: numbered PNG files of the run's shown figures.
struct PlotFiles {
    dir: PathBuf,
    stem: String,
    saved: usize,
}

impl PlotFiles {
    fn new(dir: &Path, file: &str) -> Self {
        let stem = Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "figure".into());
        Self { dir: dir.to_owned(), stem, saved: 0 }
    }

    /// Saves the next figure; a failure is reported on stderr and the run goes on.
    fn save(&mut self, figure: &Figure, err: &SharedWriter) -> std::io::Result<()> {
        self.saved += 1;
        let path = self.dir.join(format!("{}-{}.png", self.stem, self.saved));
        let saved = std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))
            .and_then(|()| save_png(figure, &path).map_err(|e| e.to_string()));
        if let Err(message) = saved {
            write_to(err, &format!("tensorlings: {message}\n"))?;
        }
        Ok(())
    }
}

/// The run did not come back from native code after its time limit: there is
/// nothing left to unwind, so end the process the way a killed script ends.
fn hard_timeout(limit: Duration, err: &SharedWriter) {
    let _ = write_to(
        err,
        &format!(
            "TimeoutError: the run took longer than its time limit of {} s and did not stop; tensorlings ended it\n",
            limit.as_secs_f64()
        ),
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
            crate::backend::cpu::parallel::adopt_current_thread();
            let config = InterpreterConfig::default();
            let mut session = Session::with_config(&config, options.limits.max_output_bytes)?;
            forward_sigint(&session.interrupt_handle());
            let out: SharedWriter = Arc::new(Mutex::new(std::io::stdout()));
            let err: SharedWriter = Arc::new(Mutex::new(std::io::stderr()));
            let summary = run_cells(&mut session, &cells, &file, &options, &out, &err)?;
            Ok(summary.exit_code())
        })?;
    worker.join().map_err(|_| anyhow::anyhow!("the interpreter thread panicked"))?
}

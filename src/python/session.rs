//! A session: one sandboxed interpreter with a namespace that lives across
//! cells, its output captures and its interrupt handle. The runner and the
//! kernel both run learner code through it.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rustpython_vm::builtins::{PyBaseExceptionRef, PyDictRef};
use rustpython_vm::compiler::Mode;
use rustpython_vm::scope::Scope;
use rustpython_vm::{AsObject, Interpreter, PyResult, VirtualMachine};

use super::capture::{self, Capture};
use super::display::Display;
use super::figures::{self, FigureSink};
use crate::figure::ShownFigure;
use super::interpreter::{self, BuildError, InterpreterConfig};
use super::limits::{InterruptHandle, DEFAULT_MAX_OUTPUT_BYTES};
use super::magics;
use super::split::split_last_expression;
use super::traceback::{self, Sources};

/// What kind of failure ended a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The code raised an exception.
    Exception,
    /// `KeyboardInterrupt` (an interrupt request).
    Interrupted,
    /// `TimeoutError` from the time limit's watchdog.
    Timeout,
    /// The interpreter itself failed (a bug on our side, caught).
    Internal,
}

/// An exception that ended a cell.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellError {
    /// `type(e).__name__`, e.g. `RuntimeError`.
    pub type_name: String,
    /// `str(e)`.
    pub message: String,
    /// The full CPython-style traceback text (ends with a newline).
    pub traceback: String,
    pub kind: ErrorKind,
}

impl CellError {
    /// `ExceptionName: message`, as `--allow-errors` prints it.
    pub fn line(&self) -> String {
        format!("{}: {}", self.type_name, self.message)
    }
}

/// What running one cell produced.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CellResult {
    /// Text written to stdout while the cell ran.
    pub stdout: String,
    /// Text written to stderr while the cell ran.
    pub stderr: String,
    /// The display of the last expression (with its final newline), if shown.
    pub display: Option<String>,
    pub error: Option<CellError>,
    /// Output went past the cap; the rest was dropped.
    pub output_truncated: bool,
    /// Figures the cell showed (`plt.show()`, a figure open at its end, a
    /// figure as its last expression), in order. Added in protocol 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<ShownFigure>,
    /// More figures than a cell may show were dropped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub figures_dropped: bool,
}

/// A live interpreter and its namespace.
pub struct Session {
    interp: Interpreter,
    interrupt: InterruptHandle,
    scope: Scope,
    stdout: Capture,
    stderr: Capture,
    sources: Sources,
    display: Display,
    figures: FigureSink,
}

impl Session {
    /// A session with the registry's modules and the default output cap.
    pub fn new() -> Result<Self, BuildError> {
        Self::with_config(&InterpreterConfig::default(), DEFAULT_MAX_OUTPUT_BYTES)
    }

    pub fn with_config(config: &InterpreterConfig, max_output_bytes: usize) -> Result<Self, BuildError> {
        let (interp, interrupt) = interpreter::build(config)?;
        let stdout = Capture::new(max_output_bytes);
        let stderr = Capture::new(max_output_bytes);
        let mut sources = Sources::new();
        for m in &config.source_modules {
            sources.insert(m.file_name(), m.source.to_owned());
        }
        let figure_sink = FigureSink::default();
        let setup = interp.enter(|vm| -> PyResult<(Scope, Display)> {
            capture::install(vm, &stdout, &stderr)?;
            figures::install(vm, &figure_sink, &stdout)?;
            Ok((new_main_scope(vm)?, Display::new(vm)?))
        });
        let (scope, display) = setup.map_err(|exc| {
            BuildError::Sandbox(interp.enter(|vm| traceback::format_traceback(vm, &exc, &sources)))
        })?;
        Ok(Self { interp, interrupt, scope, stdout, stderr, sources, display, figures: figure_sink })
    }

    /// Stops the running cell from another thread (`KeyboardInterrupt`).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.interrupt.clone()
    }

    pub fn stdout_capture(&self) -> &Capture {
        &self.stdout
    }

    pub fn stderr_capture(&self) -> &Capture {
        &self.stderr
    }

    /// Where the cells' shown figures go (the runner tees them to print in place).
    pub fn figure_sink(&self) -> &FigureSink {
        &self.figures
    }

    /// Forgets every variable: the namespace starts empty again.
    pub fn reset(&mut self) {
        if let Ok(scope) = self.interp.enter(new_main_scope) {
            self.scope = scope;
        }
    }

    /// Starts counting output toward the cap from zero (one run = one cap).
    pub fn reset_output_cap(&self) {
        self.stdout.reset();
        self.stderr.reset();
    }

    /// Runs one cell: `file` names it in tracebacks and `first_line` is where
    /// its code starts in that file.
    pub fn run_cell(&mut self, source: &str, file: &str, first_line: usize) -> CellResult {
        let code = magics::transform_cell(source);
        let offset = "\n".repeat(first_line.saturating_sub(1));
        self.remember_source(file, source, first_line);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.interp.enter(|vm| {
                // Before any parsing: too-deep source would overflow the parser's stack.
                super::sandbox::check_source(vm, &code)?;
                let split = split_last_expression(&code);
                let shown = run_split(vm, &self.scope, &self.display, &split, &offset, file);
                // As IPython's post_execute hook, also after an exception.
                self.figures.set_after_display(true);
                let flushed = flush_figures(vm);
                self.figures.set_after_display(false);
                let display = shown?;
                flushed?;
                Ok(display)
            })
        }));
        let (display, error) = match outcome {
            Ok(Ok(display)) => (display, None),
            Ok(Err(exc)) => (None, Some(self.interp.enter(|vm| {
                let mut error = describe(vm, &exc, &self.sources);
                if let Some(message) = cell_syntax_message(vm, &exc, file, first_line, source) {
                    error.message = message;
                }
                error
            }))),
            Err(panic) => (None, Some(internal_error(panic))),
        };
        let (figures, figures_dropped) = self.figures.take();
        CellResult {
            stdout: self.stdout.take(),
            stderr: self.stderr.take(),
            display,
            error,
            output_truncated: self.stdout.truncated() || self.stderr.truncated(),
            figures,
            figures_dropped,
        }
    }

    /// Evaluates an expression in the session's namespace and returns its `repr`
    /// (for checks), or the error it raised.
    pub fn eval_repr(&mut self, expr: &str) -> Result<String, CellError> {
        let scope = self.scope.clone();
        let result = self.interp.enter(|vm| -> PyResult<String> {
            let code = vm
                .compile(expr, Mode::Eval, "<check>".to_owned())
                .map_err(|e| vm.new_syntax_error(&e, Some(expr)))?;
            let value = vm.run_code_obj(code, scope)?;
            Ok(value.repr(vm)?.to_string_lossy().into_owned())
        });
        result.map_err(|exc| self.interp.enter(|vm| describe(vm, &exc, &self.sources)))
    }

    /// Runs `f` with the VM and the namespace; an exception (or a panic of the
    /// VM) becomes a [`CellError`]. The grader's requests build on this.
    pub fn with_scope<R>(&mut self, f: impl FnOnce(&VirtualMachine, &Scope) -> PyResult<R>) -> Result<R, CellError> {
        let scope = self.scope.clone();
        match catch_unwind(AssertUnwindSafe(|| self.interp.enter(|vm| f(vm, &scope)))) {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(exc)) => Err(self.interp.enter(|vm| describe(vm, &exc, &self.sources))),
            Err(panic) => Err(internal_error(panic)),
        }
    }

    /// Runs `f` with the VM and the namespace's globals (for code that needs more
    /// than `run_cell`, such as the grader's checks).
    pub fn with_vm<R>(&self, f: impl FnOnce(&VirtualMachine, &PyDictRef) -> R) -> R {
        self.interp.enter(|vm| f(vm, &self.scope.globals))
    }

    fn remember_source(&mut self, file: &str, cell: &str, first_line: usize) {
        // Tracebacks quote lines of `file`; lay the cell in at its place.
        let text = self.sources.entry(file.to_owned()).or_default();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        for (i, line) in cell.lines().enumerate() {
            let at = first_line - 1 + i;
            if lines.len() <= at {
                lines.resize(at + 1, String::new());
            }
            lines[at] = line.to_owned();
        }
        *text = lines.join("\n");
    }
}

/// Jupyter's inline backend at the end of a cell: figures made during it and
/// still open are shown (only when the learner imported pyplot).
fn flush_figures(vm: &VirtualMachine) -> PyResult<()> {
    let modules = vm.sys_module.get_attr("modules", vm)?;
    let Ok(pyplot) = modules.get_item("matplotlib.pyplot", vm) else { return Ok(()) };
    pyplot.get_attr("_tl_flush_figures", vm)?.call((), vm)?;
    Ok(())
}

fn new_main_scope(vm: &VirtualMachine) -> PyResult<Scope> {
    let scope = vm.new_scope_with_builtins();
    scope.globals.set_item("__name__", vm.ctx.new_str("__main__").into(), vm)?;
    Ok(scope)
}

fn run_split(
    vm: &VirtualMachine,
    scope: &Scope,
    display: &Display,
    split: &super::split::SplitCell,
    offset: &str,
    file: &str,
) -> PyResult<Option<String>> {
    let compile = |text: &str, mode| {
        let full = format!("{offset}{text}");
        vm.compile(&full, mode, file.to_owned()).map_err(|e| vm.new_syntax_error(&e, Some(&full)))
    };
    // Compile both parts before running either, so a syntax error runs nothing.
    let body = compile(&split.body, Mode::Exec)?;
    let expr = split.expr.as_deref().map(|e| compile(e, Mode::Eval)).transpose()?;
    vm.run_code_obj(body, scope.clone())?;
    let Some(expr) = expr else { return Ok(None) };
    let value = vm.run_code_obj(expr, scope.clone())?;
    if vm.is_none(&value) || split.silenced {
        return Ok(None);
    }
    // A figure as the result is drawn, as Jupyter's rich display does.
    if let Ok(show) = value.class().as_object().get_attr("_tl_display_", vm) {
        show.call((value,), vm)?;
        return Ok(None);
    }
    Ok(Some(display.render(vm, value)? + "\n"))
}

/// A syntax error in the cell itself reads as `ast.parse(cell)` words it
/// (what the conformance runner, `ref_run.py`, prints): `msg (<unknown>, line
/// N)` with N counted within the cell. The traceback keeps the file's lines.
fn cell_syntax_message(
    vm: &VirtualMachine,
    exc: &PyBaseExceptionRef,
    file: &str,
    first_line: usize,
    cell: &str,
) -> Option<String> {
    if !exc.class().fast_issubclass(vm.ctx.exceptions.syntax_error) {
        return None;
    }
    let attr = |name: &'static str| exc.as_object().get_attr(name, vm).ok().filter(|v| !vm.is_none(v));
    let filename = attr("filename")?.str(vm).ok()?.to_string_lossy().into_owned();
    if filename != file {
        return None;
    }
    let lineno: usize = attr("lineno")?.try_index(vm).ok()?.try_to_primitive(vm).ok()?;
    let msg = attr("msg")?.str(vm).ok()?.to_string_lossy().into_owned();
    let line = (lineno + 1).saturating_sub(first_line).max(1);
    Some(format!("{} (<unknown>, line {line})", cpython_wording(&msg, line, cell)))
}

/// CPython's words for the parser errors whose RustPython wording differs.
fn cpython_wording(msg: &str, line: usize, cell: &str) -> String {
    if msg == "unexpected indentation" {
        return "unexpected indent".to_owned();
    }
    // CPython names the block header's line: "... after 'for' statement on line 1".
    if msg.starts_with("expected an indented block after ") {
        let lines: Vec<&str> = cell.lines().take(line.saturating_sub(1)).collect();
        if let Some(header) = lines.iter().rposition(|l| l.split('#').next().unwrap_or("").trim_end().ends_with(':')) {
            return format!("{} on line {}", msg.replace('`', "'"), header + 1);
        }
    }
    msg.to_owned()
}

fn describe(vm: &VirtualMachine, exc: &PyBaseExceptionRef, sources: &Sources) -> CellError {
    let kind = if exc.class().fast_issubclass(vm.ctx.exceptions.keyboard_interrupt) {
        ErrorKind::Interrupted
    } else if exc.class().is(vm.ctx.exceptions.timeout_error)
        && traceback::message(vm, exc).contains("time limit")
    {
        ErrorKind::Timeout
    } else {
        ErrorKind::Exception
    };
    CellError {
        type_name: traceback::type_name(exc),
        message: traceback::message(vm, exc),
        traceback: traceback::format_traceback(vm, exc, sources),
        kind,
    }
}

fn internal_error(panic: Box<dyn std::any::Any + Send>) -> CellError {
    let what = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".to_owned());
    let message = format!("internal error in the Python interpreter: {what}");
    CellError {
        type_name: "SystemError".into(),
        traceback: format!("SystemError: {message}\n"),
        message,
        kind: ErrorKind::Internal,
    }
}

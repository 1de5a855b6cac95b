//! Figures shown by learner code: `matplotlib.pyplot` (embedded Python) calls
//! `_tl_host.emit_figure(data)`, and the figure lands here as plain data with
//! its place among the cell's stdout. The runner prints it as text (or saves
//! a PNG), the kernel sends it to the parent; learner code never sees a file.

use std::sync::{Arc, Mutex};

use rustpython_vm::builtins::{PyDict, PyFloat, PyInt, PyList, PyStr, PyTuple};
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

use super::capture::Capture;
use crate::figure::{Figure, ShownFigure};

/// Called with each figure as it is shown (the runner prints it in place).
pub type FigureTee = Box<dyn FnMut(&ShownFigure) + Send>;

/// Most figures one cell may show; past it they are dropped (a plot in a loop
/// of thousands must not flood the host).
pub const MAX_FIGURES_PER_CELL: usize = 50;
/// Most points one cell's figures may hold together.
pub const MAX_POINTS_PER_CELL: usize = 2_000_000;

struct Inner {
    shown: Vec<ShownFigure>,
    points: usize,
    after_display: bool,
    dropped: bool,
    tee: Option<FigureTee>,
}

/// The figures a session's cell has shown so far.
#[derive(Clone)]
pub struct FigureSink {
    inner: Arc<Mutex<Inner>>,
}

impl Default for FigureSink {
    fn default() -> Self {
        Self { inner: Arc::new(Mutex::new(Inner { shown: Vec::new(), points: 0, after_display: false, dropped: false, tee: None })) }
    }
}

impl FigureSink {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a figure shown after `stdout_offset` bytes of the cell's stdout.
    pub fn push(&self, figure: Figure, stdout_offset: usize) {
        let mut inner = self.lock();
        let points: usize = figure.axes.iter().flat_map(|a| &a.series).map(|s| s.x.len()).sum();
        if inner.shown.len() >= MAX_FIGURES_PER_CELL || inner.points + points > MAX_POINTS_PER_CELL {
            inner.dropped = true;
            return;
        }
        inner.points += points;
        let shown = ShownFigure { stdout_offset, after_display: inner.after_display, figure };
        if let Some(tee) = inner.tee.as_mut() {
            tee(&shown);
        }
        inner.shown.push(shown);
    }

    /// Figures from now on come after the cell's result (the end-of-cell flush).
    pub fn set_after_display(&self, after: bool) {
        self.lock().after_display = after;
    }

    /// Takes the figures shown since the last take, and whether some were dropped.
    pub fn take(&self) -> (Vec<ShownFigure>, bool) {
        let mut inner = self.lock();
        inner.points = 0;
        inner.after_display = false;
        (std::mem::take(&mut inner.shown), std::mem::take(&mut inner.dropped))
    }

    pub fn set_tee(&self, tee: Option<FigureTee>) {
        self.lock().tee = tee;
    }
}

/// Installs `_tl_host.emit_figure(data)`, which records into `sink` at the
/// current end of `stdout`.
pub fn install(vm: &VirtualMachine, sink: &FigureSink, stdout: &Capture) -> PyResult<()> {
    let host = vm.import("_tl_host", 0)?;
    let (sink, stdout) = (sink.clone(), stdout.clone());
    let emit = vm.new_function("emit_figure", move |data: PyObjectRef, vm: &VirtualMachine| -> PyResult<()> {
        let json = to_json(vm, &data, 0)?;
        let figure: Figure = serde_json::from_value(json)
            .map_err(|e| vm.new_value_error(format!("tensorlings could not read a figure's data: {e}")))?;
        sink.push(figure, stdout.pending_len());
        Ok(())
    });
    host.set_attr("emit_figure", emit, vm)
}

/// Plain Python data (dicts, lists, tuples, str, numbers, None) as JSON; a
/// non-finite float becomes `null`.
fn to_json(vm: &VirtualMachine, obj: &PyObjectRef, depth: usize) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if depth > 16 {
        return Err(vm.new_value_error("figure data nested too deeply"));
    }
    if vm.is_none(obj) {
        return Ok(Value::Null);
    }
    if let Some(b) = obj.downcast_ref::<rustpython_vm::builtins::PyBool>() {
        let _ = b;
        return Ok(Value::Bool(obj.clone().try_to_bool(vm)?));
    }
    if let Some(f) = obj.downcast_ref::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(f.to_f64()).map_or(Value::Null, Value::Number));
    }
    if obj.downcast_ref::<PyInt>().is_some() {
        let v: f64 = obj.clone().try_into_value::<f64>(vm)?;
        return Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number));
    }
    if let Some(s) = obj.downcast_ref::<PyStr>() {
        return Ok(Value::String(s.to_string_lossy().into_owned()));
    }
    let items = |elems: Vec<PyObjectRef>| -> PyResult<Value> {
        Ok(Value::Array(elems.iter().map(|e| to_json(vm, e, depth + 1)).collect::<PyResult<_>>()?))
    };
    if let Some(l) = obj.downcast_ref::<PyList>() {
        return items(l.borrow_vec().to_vec());
    }
    if let Some(t) = obj.downcast_ref::<PyTuple>() {
        return items(t.as_slice().to_vec());
    }
    if let Some(d) = obj.downcast_ref::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in d {
            let key = k.str(vm)?.to_string_lossy().into_owned();
            map.insert(key, to_json(vm, &v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    Err(vm.new_type_error(format!("figure data cannot hold a {}", obj.class().name())))
}

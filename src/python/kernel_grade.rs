//! The grader's requests to a kernel (protocol additions, see `kernel_protocol.rs`):
//!
//! ```text
//! -> {"op":"evaluate","id":5,"items":[{"expr":"y"},{"expr":"y > 1","truth":true}],"timeout_s":10}
//! <- {"type":"evaluated","id":5,"values":[{"expr":"y","value":{"t":"int","v":2},"error":null}, ...]}
//! -> {"op":"time","id":6,"setup":"a = 1","expr":"f(a)","baseline":"g(a)","repeat":5,"timeout_s":10}
//! <- {"type":"timed","id":6,"timing":{"expr_s":[...],"baseline_s":[...]},"error":null}
//! ```
//! `evaluate` returns each value serialised by `grade_values.py` (type, dtype,
//! shape, device, flat data; capped), or `bool(value)` when `truth` is set;
//! the parent compares. `time` runs `setup`, then times `expr` and `baseline`
//! alternately, `repeat` rounds, each a loop long enough to be measurable.

use std::time::{Duration, Instant};

use rustpython_vm::builtins::PyStr;
use rustpython_vm::compiler::Mode;
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};
use serde::{Deserialize, Serialize};

use super::kernel_client::{KernelClient, KernelError};
use super::kernel_protocol::{Reply, Request};
use super::session::{CellError, Session};

const VALUES_HELPER: &str = include_str!("grade_values.py");

/// Most scalars (tensor elements, list items) one serialised value carries.
pub const MAX_VALUE_ELEMENTS: usize = 100_000;

/// One expression to evaluate in the namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvalItem {
    pub expr: String,
    /// Return `bool(value)` (a JSON boolean) instead of the serialised value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truth: bool,
}

/// The value of one [`EvalItem`], or the exception evaluating it raised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalResult {
    pub expr: String,
    pub value: Option<serde_json::Value>,
    pub error: Option<CellError>,
}

/// Seconds per call of `expr` and of `baseline`, one entry per round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub expr_s: Vec<f64>,
    pub baseline_s: Vec<f64>,
}

fn compile_eval(vm: &VirtualMachine, expr: &str, file: &str) -> PyResult<rustpython_vm::PyRef<rustpython_vm::builtins::PyCode>> {
    vm.compile(expr, Mode::Eval, file.to_owned()).map_err(|e| vm.new_syntax_error(&e, Some(expr)))
}

/// Kernel side of `evaluate`.
pub fn evaluate(session: &mut Session, items: &[EvalItem]) -> Vec<EvalResult> {
    // The helper lives in its own namespace, so learner names cannot shadow it.
    let helper = session.with_scope(|vm, _| {
        let private = vm.new_scope_with_builtins();
        vm.run_string(private.clone(), VALUES_HELPER, "<grade-values>".to_owned())?;
        private.globals.get_item("serialize", vm)
    });
    items
        .iter()
        .map(|item| {
            let helper = match &helper {
                Ok(h) => h.clone(),
                Err(e) => return EvalResult { expr: item.expr.clone(), value: None, error: Some(e.clone()) },
            };
            let out = session.with_scope(|vm, scope| -> PyResult<serde_json::Value> {
                let code = compile_eval(vm, &item.expr, "<check>")?;
                let value = vm.run_code_obj(code, scope.clone())?;
                if item.truth {
                    return Ok(serde_json::Value::Bool(value.try_to_bool(vm)?));
                }
                serialize(vm, &helper, value)
            });
            match out {
                Ok(v) => EvalResult { expr: item.expr.clone(), value: Some(v), error: None },
                Err(e) => EvalResult { expr: item.expr.clone(), value: None, error: Some(e) },
            }
        })
        .collect()
}

fn serialize(vm: &VirtualMachine, helper: &PyObjectRef, value: PyObjectRef) -> PyResult<serde_json::Value> {
    let text = helper.call((value, vm.ctx.new_int(MAX_VALUE_ELEMENTS)), vm)?;
    let text = text
        .downcast_ref::<PyStr>()
        .map(|s| s.to_string_lossy().into_owned())
        .ok_or_else(|| vm.new_type_error("the value serialiser returned a non-string".to_owned()))?;
    serde_json::from_str(&text).map_err(|e| vm.new_value_error(format!("cannot serialise this value: {e}")))
}

/// A measurement shorter than this is repeated in a loop (timer resolution).
const MIN_MEASURE: Duration = Duration::from_millis(2);
const MAX_LOOPS: u32 = 100_000;

/// Kernel side of `time`.
pub fn time(session: &mut Session, setup: Option<&str>, expr: &str, baseline: &str, repeat: u32) -> Result<Timing, CellError> {
    if let Some(setup) = setup {
        let r = session.run_cell(setup, "<setup>", 1);
        if let Some(e) = r.error {
            return Err(e);
        }
    }
    session.with_scope(|vm, scope| {
        let e = compile_eval(vm, expr, "<expr>")?;
        let b = compile_eval(vm, baseline, "<baseline>")?;
        let run = |code: &rustpython_vm::PyRef<rustpython_vm::builtins::PyCode>, loops: u32| -> PyResult<f64> {
            let t = Instant::now();
            for _ in 0..loops {
                vm.run_code_obj(code.clone(), scope.clone())?;
            }
            Ok(t.elapsed().as_secs_f64() / f64::from(loops))
        };
        // One warm-up call each, which also sizes the loops.
        let loops = |one: f64| -> u32 {
            if one <= 0.0 { MAX_LOOPS } else { ((MIN_MEASURE.as_secs_f64() / one).ceil() as u32).clamp(1, MAX_LOOPS) }
        };
        let (le, lb) = (loops(run(&e, 1)?), loops(run(&b, 1)?));
        let mut timing = Timing { expr_s: Vec::new(), baseline_s: Vec::new() };
        for round in 0..repeat.max(1) {
            // Alternate which goes first, so neither always runs on a warmer cache.
            if round % 2 == 0 {
                timing.expr_s.push(run(&e, le)?);
                timing.baseline_s.push(run(&b, lb)?);
            } else {
                timing.baseline_s.push(run(&b, lb)?);
                timing.expr_s.push(run(&e, le)?);
            }
        }
        Ok(timing)
    })
}

impl KernelClient {
    /// Evaluates `items` in the namespace left by earlier requests.
    pub fn evaluate(&mut self, items: &[EvalItem], timeout: Duration) -> Result<Vec<EvalResult>, KernelError> {
        let id = self.next_id();
        let request = Request::Evaluate { id, items: items.to_vec(), timeout_s: Some(timeout.as_secs_f64()) };
        match self.round_trip(&request, id, timeout, &mut |_, _| {})? {
            Reply::Evaluated { values, .. } => Ok(values),
            other => Err(KernelError::Protocol(format!("unexpected reply {other:?}"))),
        }
    }

    /// Times `expr` against `baseline` after `setup`; the inner `Err` is an
    /// exception of the timed code (including the time limit).
    pub fn time(
        &mut self,
        setup: Option<&str>,
        expr: &str,
        baseline: &str,
        repeat: u32,
        timeout: Duration,
    ) -> Result<Result<Timing, CellError>, KernelError> {
        let id = self.next_id();
        let request = Request::Time {
            id,
            setup: setup.map(str::to_owned),
            expr: expr.to_owned(),
            baseline: baseline.to_owned(),
            repeat,
            timeout_s: Some(timeout.as_secs_f64()),
        };
        match self.round_trip(&request, id, timeout, &mut |_, _| {})? {
            Reply::Timed { timing: Some(t), .. } => Ok(Ok(t)),
            Reply::Timed { error: Some(e), .. } => Ok(Err(e)),
            other => Err(KernelError::Protocol(format!("unexpected reply {other:?}"))),
        }
    }
}

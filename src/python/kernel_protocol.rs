//! The kernel's protocol: one JSON object a line, requests on the kernel's
//! stdin, replies on its stdout. Learner output never touches these pipes
//! (it is captured and sent inside replies).
//!
//! ```text
//! -> {"op":"execute","id":1,"code":"x = 1\nx","timeout_s":10}
//! <- {"type":"stream","id":1,"name":"stdout","text":"..."}   (zero or more, while it runs)
//! <- {"type":"executed","id":1,"result":{"stdout":"","stderr":"","display":"1\n","error":null,"output_truncated":false}}
//! -> {"op":"check","id":2,"code":"y = x * 2","exprs":["y"],"timeout_s":10}
//! <- {"type":"checked","id":2,"result":{...},"values":[{"expr":"y","repr":"2","error":null}]}
//! -> {"op":"reset","id":3}            <- {"type":"reset_done","id":3}
//! -> {"op":"interrupt"}               (no reply; the running request ends in KeyboardInterrupt)
//! -> {"op":"shutdown","id":4}         <- {"type":"shutting_down","id":4}
//! ```
//! On start the kernel sends `{"type":"ready","pid":...,"protocol":2}`.
//!
//! Protocol 2 adds `figures` to a cell's result (figures shown with
//! `matplotlib.pyplot`, as data; see `crate::figure::ShownFigure`), present only
//! when a cell showed one: a protocol-1 reply reads as a result without
//! figures, and a protocol-1 reader ignores the field.

use serde::{Deserialize, Serialize};

use super::kernel_grade::{EvalItem, EvalResult, Timing};
use super::session::{CellError, CellResult};

/// Version of this protocol.
pub const PROTOCOL_VERSION: u32 = 2;
/// The oldest kernel protocol a parent still reads (its replies lack only `figures`).
pub const MIN_PROTOCOL_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Run a cell in the kept namespace.
    Execute {
        id: u64,
        code: String,
        /// File name for tracebacks (default `<cell ID>`, one per request, so a
        /// traceback through an earlier cell quotes that cell).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file: Option<String>,
        /// Wall-clock limit in seconds (default: the kernel's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout_s: Option<f64>,
    },
    /// Forget every variable.
    Reset { id: u64 },
    /// Run `code`, then evaluate each of `exprs` and return their reprs. The
    /// grader's checks build on this.
    Check {
        id: u64,
        code: String,
        #[serde(default)]
        exprs: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout_s: Option<f64>,
    },
    /// Stop the running request (`KeyboardInterrupt`); also sent as SIGINT.
    Interrupt,
    Shutdown { id: u64 },
    /// The grader's: evaluate expressions, return serialised values (`kernel_grade.rs`).
    Evaluate {
        id: u64,
        items: Vec<EvalItem>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout_s: Option<f64>,
    },
    /// The grader's: run `setup`, then time `expr` against `baseline` (`kernel_grade.rs`).
    Time {
        id: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        setup: Option<String>,
        expr: String,
        baseline: String,
        repeat: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout_s: Option<f64>,
    },
}

/// The value of one check expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckValue {
    pub expr: String,
    /// `repr()` of the value, when evaluating it worked.
    pub repr: Option<String>,
    pub error: Option<CellError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    Ready { pid: u32, protocol: u32 },
    /// Output of a running request as it is printed (`name`: `stdout` or
    /// `stderr`); whole lines, at most a few KiB each. The final reply still
    /// carries all of it.
    Stream { id: u64, name: String, text: String },
    Executed { id: u64, result: CellResult },
    Checked { id: u64, result: CellResult, values: Vec<CheckValue> },
    ResetDone { id: u64 },
    ShuttingDown { id: u64 },
    Evaluated { id: u64, values: Vec<EvalResult> },
    Timed { id: u64, timing: Option<Timing>, error: Option<CellError> },
    /// A request line the kernel could not read.
    ProtocolError { message: String },
}

impl Reply {
    /// The request this reply answers, if any.
    pub fn id(&self) -> Option<u64> {
        match self {
            Reply::Executed { id, .. } | Reply::Checked { id, .. } | Reply::ResetDone { id } | Reply::ShuttingDown { id }
            | Reply::Evaluated { id, .. } | Reply::Timed { id, .. } => Some(*id),
            Reply::Ready { .. } | Reply::Stream { .. } | Reply::ProtocolError { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_read_from_the_documented_json() {
        let r: Request = serde_json::from_str(r#"{"op":"execute","id":1,"code":"x = 1\nx","timeout_s":10}"#).unwrap();
        assert_eq!(r, Request::Execute { id: 1, code: "x = 1\nx".into(), file: None, timeout_s: Some(10.0) });
        let r: Request = serde_json::from_str(r#"{"op":"interrupt"}"#).unwrap();
        assert_eq!(r, Request::Interrupt);
        let r: Request = serde_json::from_str(r#"{"op":"check","id":2,"code":"y = 2","exprs":["y"]}"#).unwrap();
        assert_eq!(r, Request::Check { id: 2, code: "y = 2".into(), exprs: vec!["y".into()], timeout_s: None });
    }

    #[test]
    fn replies_are_one_line_and_round_trip() {
        let reply = Reply::Executed {
            id: 7,
            result: CellResult { stdout: "a\nb\n".into(), display: Some("1\n".into()), ..Default::default() },
        };
        let line = serde_json::to_string(&reply).unwrap();
        assert!(!line.contains('\n'));
        assert!(line.starts_with(r#"{"type":"executed","id":7,"#));
        assert_eq!(serde_json::from_str::<Reply>(&line).unwrap(), reply);
        assert_eq!(reply.id(), Some(7));
    }

    #[test]
    fn figures_travel_in_results_and_old_results_still_read() {
        // A protocol-1 result: no `figures` field.
        let old = r#"{"type":"executed","id":3,"result":{"stdout":"","stderr":"","display":null,"error":null,"output_truncated":false}}"#;
        let Reply::Executed { result, .. } = serde_json::from_str::<Reply>(old).unwrap() else { panic!("not executed") };
        assert!(result.figures.is_empty());
        // Without figures nothing new is written, so a protocol-1 parent reads it as before.
        assert!(!serde_json::to_string(&result).unwrap().contains("figures"));

        let figure = r##"{"width_in":6.4,"height_in":4.8,"dpi":100.0,"axes":[{"xlim":[-0.1,2.1],"ylim":[0.9,3.1],"series":[{"kind":"line","x":[0,1,2],"y":[1,null,3],"label":"_child0","color":"#1f77b4","linestyle":"-","marker":null}]}]}"##;
        let line = format!(
            r#"{{"type":"executed","id":4,"result":{{"stdout":"a\n","stderr":"","display":null,"error":null,"output_truncated":false,"figures":[{{"stdout_offset":2,"figure":{figure}}}]}}}}"#
        );
        let Reply::Executed { result, .. } = serde_json::from_str::<Reply>(&line).unwrap() else { panic!("not executed") };
        assert_eq!(result.figures.len(), 1);
        assert_eq!(result.figures[0].stdout_offset, 2);
        assert_eq!(result.figures[0].figure.text(), "<Figure size 640x480 with 1 Axes>");
        assert!(result.figures[0].figure.axes[0].series[0].y[1].is_nan());
        let again: Reply = serde_json::from_str(&serde_json::to_string(&Reply::Executed { id: 4, result: result.clone() }).unwrap()).unwrap();
        let Reply::Executed { result: back, .. } = again else { panic!("not executed") };
        assert_eq!(back.figures[0].figure.axes[0].series[0].x, vec![0.0, 1.0, 2.0]);
    }
}

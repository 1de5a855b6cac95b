//! `tensorlings kernel`: the child process learner code runs in (see
//! `kernel_protocol.rs` for the wire format, `kernel_client.rs` for the parent).
//!
//! Threads: the interpreter runs on one thread with a large stack; a reader
//! thread takes requests from stdin (so `interrupt` arrives while code runs);
//! a signal thread turns SIGINT into `KeyboardInterrupt`; the watchdog
//! enforces each request's time limit. All of them exist before the OS limits
//! are applied, because "no new processes" also forbids new threads.

use std::io::{BufRead, Write};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use super::capture::Tee;
use super::interpreter::InterpreterConfig;
use super::kernel_protocol::{CheckValue, Reply, Request, PROTOCOL_VERSION};
use super::limits::{forward_sigint, timeout_from_secs, InterruptHandle, Watchdog, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_SECS};
use super::os_limits::{self, OsLimits};
use super::runner::INTERPRETER_STACK_BYTES;
use super::session::Session;

/// How the kernel runs; the parent passes these as command-line flags.
#[derive(Clone, Debug)]
pub struct KernelConfig {
    pub os_limits: OsLimits,
    /// Default wall-clock limit of one request.
    pub timeout_s: f64,
    pub max_output_bytes: usize,
}

impl Default for KernelConfig {
    fn default() -> Self {
        Self { os_limits: OsLimits::none(), timeout_s: DEFAULT_TIMEOUT_SECS, max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES }
    }
}

fn send(reply: &Reply) {
    let line = serde_json::to_string(reply).expect("replies serialize");
    let mut out = std::io::stdout().lock();
    // A closed pipe means the parent is gone; the reader sees EOF and we exit.
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Runs the kernel until `shutdown` or end of input; returns the exit code.
pub fn run_kernel(config: KernelConfig) -> i32 {
    let (ready_tx, ready_rx) = mpsc::channel::<InterruptHandle>();
    let (request_tx, request_rx) = mpsc::channel::<Request>();
    let cfg = config.clone();
    let interpreter = std::thread::Builder::new()
        .name("tensorlings-kernel".into())
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || serve(cfg, ready_tx, request_rx));
    let Ok(interpreter) = interpreter else {
        eprintln!("tensorlings kernel: cannot start the interpreter thread");
        return 2;
    };
    let Ok(interrupt) = ready_rx.recv() else {
        // The interpreter thread failed to start; it said why on stderr.
        return interpreter.join().unwrap_or(2);
    };

    forward_sigint(&interrupt);

    let reader = std::thread::Builder::new().name("tensorlings-stdin".into()).spawn(move || {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Request>(&line) {
                Ok(Request::Interrupt) => interrupt.interrupt(),
                Ok(request) => {
                    let last = matches!(request, Request::Shutdown { .. });
                    if request_tx.send(request).is_err() || last {
                        break;
                    }
                }
                Err(e) => send(&Reply::ProtocolError { message: format!("cannot read request: {e}") }),
            }
        }
        // Dropping the sender ends the interpreter loop (EOF = the parent is gone).
    });
    if reader.is_err() {
        eprintln!("tensorlings kernel: cannot start the request reader");
        return 2;
    }

    // Every thread exists now; from here on nothing may start a process.
    if let Err(e) = os_limits::apply(&config.os_limits) {
        eprintln!("tensorlings kernel: cannot apply limits: {e}");
        return 2;
    }
    send(&Reply::Ready { pid: std::process::id(), protocol: PROTOCOL_VERSION });
    // The parent sends requests only after `ready`, so they all run under the limits.
    interpreter.join().unwrap_or(2)
}

fn serve(config: KernelConfig, ready: mpsc::Sender<InterruptHandle>, requests: mpsc::Receiver<Request>) -> i32 {
    let interp_config = InterpreterConfig::default();
    let mut session = match Session::with_config(&interp_config, config.max_output_bytes) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tensorlings kernel: cannot start Python: {e}");
            return 2;
        }
    };
    crate::backend::cpu::parallel::adopt_current_thread();
    let handle = session.interrupt_handle();
    let watchdog = Watchdog::spawn(&handle);
    if ready.send(handle.clone()).is_err() {
        return 2;
    }
    drop(ready);
    let limit_of = |t: Option<f64>| timeout_from_secs(t.unwrap_or(config.timeout_s));
    while let Ok(request) = requests.recv() {
        match request {
            Request::Execute { id, code, file, timeout_s } => {
                let result = run_limited(&mut session, &watchdog, &handle, limit_of(timeout_s), id, |s| {
                    s.run_cell(&code, &file.clone().unwrap_or_else(|| format!("<cell {id}>")), 1)
                });
                send(&Reply::Executed { id, result });
            }
            Request::Check { id, code, exprs, timeout_s } => {
                let (result, values) = run_limited(&mut session, &watchdog, &handle, limit_of(timeout_s), id, |s| {
                    let result = s.run_cell(&code, "<check>", 1);
                    let values = if result.error.is_some() {
                        Vec::new()
                    } else {
                        exprs
                            .iter()
                            .map(|e| match s.eval_repr(e) {
                                Ok(repr) => CheckValue { expr: e.clone(), repr: Some(repr), error: None },
                                Err(err) => CheckValue { expr: e.clone(), repr: None, error: Some(err) },
                            })
                            .collect()
                    };
                    (result, values)
                });
                send(&Reply::Checked { id, result, values });
            }
            Request::Evaluate { id, items, timeout_s } => {
                let values = run_limited(&mut session, &watchdog, &handle, limit_of(timeout_s), id, |s| {
                    super::kernel_grade::evaluate(s, &items)
                });
                send(&Reply::Evaluated { id, values });
            }
            Request::Time { id, setup, expr, baseline, repeat, timeout_s } => {
                let out = run_limited(&mut session, &watchdog, &handle, limit_of(timeout_s), id, |s| {
                    super::kernel_grade::time(s, setup.as_deref(), &expr, &baseline, repeat)
                });
                let (timing, error) = match out {
                    Ok(t) => (Some(t), None),
                    Err(e) => (None, Some(e)),
                };
                send(&Reply::Timed { id, timing, error });
            }
            Request::Reset { id } => {
                session.reset();
                send(&Reply::ResetDone { id });
            }
            Request::Shutdown { id } => {
                send(&Reply::ShuttingDown { id });
                return 0;
            }
            Request::Interrupt => handle.interrupt(),
        }
    }
    0
}

fn run_limited<R>(
    session: &mut Session,
    watchdog: &Watchdog,
    handle: &InterruptHandle,
    limit: Duration,
    id: u64,
    f: impl FnOnce(&mut Session) -> R,
) -> R {
    // An interrupt that arrived between requests must not hit this one.
    handle.clear();
    session.reset_output_cap();
    let streams = [("stdout", session.stdout_capture().clone()), ("stderr", session.stderr_capture().clone())];
    let pending: Vec<Arc<Mutex<String>>> = streams.iter().map(|_| Arc::default()).collect();
    for ((name, capture), buffer) in streams.iter().zip(&pending) {
        capture.set_tee(Some(stream_tee(id, name, buffer.clone())));
    }
    watchdog.arm(limit, None);
    let out = f(session);
    watchdog.disarm();
    for ((name, capture), buffer) in streams.iter().zip(&pending) {
        capture.set_tee(None);
        flush_stream(id, name, &mut buffer.lock().unwrap_or_else(|e| e.into_inner()));
    }
    handle.clear();
    out
}

/// Most bytes one stream message carries.
const STREAM_CHUNK: usize = 4096;

/// Sends printed text to the parent as it comes, in whole lines (or full chunks).
fn stream_tee(id: u64, name: &'static str, buffer: Arc<Mutex<String>>) -> Tee {
    Box::new(move |text: &str| {
        let mut buf = buffer.lock().unwrap_or_else(|e| e.into_inner());
        buf.push_str(text);
        if let Some(end) = buf.rfind('\n') {
            let rest = buf.split_off(end + 1);
            let lines = std::mem::replace(&mut *buf, rest);
            send(&Reply::Stream { id, name: name.to_owned(), text: lines });
        }
        if buf.len() >= STREAM_CHUNK {
            flush_stream(id, name, &mut buf);
        }
    })
}

fn flush_stream(id: u64, name: &str, buf: &mut String) {
    if !buf.is_empty() {
        send(&Reply::Stream { id, name: name.to_owned(), text: std::mem::take(buf) });
    }
}

//! The parent's side of a kernel: spawn `tensorlings kernel`, send requests,
//! wait for replies with a deadline, and when the child dies say why
//! ("kernel died: ...") and start a fresh one.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::kernel_protocol::{CheckValue, Reply, Request, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION};
use super::limits::{DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_SECS, MAX_TIMEOUT};
use super::os_limits::OsLimits;
use super::session::CellResult;

/// How to start kernels.
#[derive(Clone, Debug)]
pub struct KernelOptions {
    /// The binary to run as `BINARY kernel` (default: this executable).
    pub program: Option<PathBuf>,
    pub os_limits: OsLimits,
    /// Default time limit of a request (the kernel raises `TimeoutError`).
    pub timeout: Duration,
    /// How long after a request's limit (or an interrupt) the parent waits
    /// before it kills the kernel.
    pub kill_grace: Duration,
    /// How long a fresh kernel may take to say `ready`.
    pub start_timeout: Duration,
    pub max_output_bytes: usize,
}

impl Default for KernelOptions {
    fn default() -> Self {
        Self {
            program: None,
            os_limits: OsLimits { memory_mb: Some(4096), cpu_seconds: None, max_open_files: Some(64), no_new_processes: true },
            timeout: Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS),
            kill_grace: Duration::from_secs(1),
            start_timeout: Duration::from_secs(30),
            max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES,
        }
    }
}

/// What went wrong talking to a kernel.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    /// The kernel process ended (crash, abort, memory, signal) or was killed
    /// because it did not stop; a fresh kernel has been started (unless
    /// `restart_error` says why not).
    #[error("kernel died: {reason}")]
    Died { reason: String, restart_error: Option<String> },
    #[error("cannot start the kernel: {0}")]
    Start(String),
    #[error("kernel protocol error: {0}")]
    Protocol(String),
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    replies: mpsc::Receiver<Result<Reply, String>>,
    stderr_tail: Arc<Mutex<String>>,
}

/// A kernel process and the way to talk to it.
pub struct KernelClient {
    options: KernelOptions,
    running: Option<Running>,
    next_id: u64,
    interrupter: Interrupter,
}

/// Interrupts a kernel from any thread (the TUI's key handler) while another
/// thread waits in `execute`: SIGINT now, and if the kernel has not answered
/// within the kill grace (a second), the waiting call kills it.
#[derive(Clone, Default)]
pub struct Interrupter {
    pid: Arc<AtomicU32>,
    requested: Arc<Mutex<Option<Instant>>>,
}

impl Interrupter {
    pub fn interrupt(&self) {
        let pid = self.pid.load(Ordering::Acquire);
        if pid == 0 {
            return;
        }
        *self.requested.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        // SAFETY: kill only sends a signal to our own child.
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGINT);
        }
    }

    fn requested_at(&self) -> Option<Instant> {
        *self.requested.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn clear(&self) {
        *self.requested.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

const STDERR_TAIL_BYTES: usize = 4096;

impl KernelClient {
    /// Starts a kernel and waits until it is ready.
    pub fn spawn(options: KernelOptions) -> Result<Self, KernelError> {
        let running = start(&options)?;
        let interrupter = Interrupter::default();
        interrupter.pid.store(running.child.id(), Ordering::Release);
        Ok(Self { options, running: Some(running), next_id: 1, interrupter })
    }

    /// The kernel's process id (for signals from elsewhere).
    pub fn pid(&self) -> Option<u32> {
        self.running.as_ref().map(|r| r.child.id())
    }

    /// Runs a cell. The reply carries its output and any exception; an
    /// `Err` means the kernel itself died (a fresh one is already running).
    pub fn execute(&mut self, code: &str, timeout: Option<Duration>) -> Result<CellResult, KernelError> {
        self.execute_streaming(code, timeout, &mut |_, _| {})
    }

    /// Like [`execute`](Self::execute), calling `on_output(stream, text)`
    /// (stream is `"stdout"` or `"stderr"`) as the cell prints, for a live view.
    pub fn execute_streaming(
        &mut self,
        code: &str,
        timeout: Option<Duration>,
        on_output: &mut dyn FnMut(&str, &str),
    ) -> Result<CellResult, KernelError> {
        let timeout = timeout.unwrap_or(self.options.timeout).min(MAX_TIMEOUT);
        let id = self.next_id();
        let request = Request::Execute { id, code: code.to_owned(), file: None, timeout_s: Some(timeout.as_secs_f64()) };
        match self.round_trip(&request, id, timeout, on_output)? {
            Reply::Executed { result, .. } => Ok(result),
            other => Err(KernelError::Protocol(format!("unexpected reply {other:?}"))),
        }
    }

    /// Runs `code`, then evaluates `exprs` in the same namespace.
    pub fn check(&mut self, code: &str, exprs: &[String], timeout: Option<Duration>) -> Result<(CellResult, Vec<CheckValue>), KernelError> {
        let timeout = timeout.unwrap_or(self.options.timeout).min(MAX_TIMEOUT);
        let id = self.next_id();
        let request = Request::Check { id, code: code.to_owned(), exprs: exprs.to_vec(), timeout_s: Some(timeout.as_secs_f64()) };
        match self.round_trip(&request, id, timeout, &mut |_, _| {})? {
            Reply::Checked { result, values, .. } => Ok((result, values)),
            other => Err(KernelError::Protocol(format!("unexpected reply {other:?}"))),
        }
    }

    /// Empties the kernel's namespace.
    pub fn reset(&mut self) -> Result<(), KernelError> {
        let id = self.next_id();
        match self.round_trip(&Request::Reset { id }, id, Duration::from_secs(5), &mut |_, _| {})? {
            Reply::ResetDone { .. } => Ok(()),
            other => Err(KernelError::Protocol(format!("unexpected reply {other:?}"))),
        }
    }

    /// Sends SIGINT: the running request ends in `KeyboardInterrupt`. (The
    /// request's own wait kills the kernel if it does not stop in time.)
    pub fn interrupt(&self) {
        self.interrupter.interrupt();
    }

    /// A handle that interrupts this client's kernel from another thread.
    pub fn interrupter(&self) -> Interrupter {
        self.interrupter.clone()
    }

    fn set_running(&mut self, running: Running) {
        self.interrupter.pid.store(running.child.id(), Ordering::Release);
        self.running = Some(running);
    }

    /// Kills the kernel and starts a fresh one (an empty namespace).
    pub fn restart(&mut self) -> Result<(), KernelError> {
        if let Some(mut old) = self.running.take() {
            let _ = old.child.kill();
            let _ = old.child.wait();
        }
        let running = start(&self.options)?;
        self.set_running(running);
        Ok(())
    }

    /// Asks the kernel to exit, killing it if it does not within a second.
    pub fn shutdown(mut self) {
        let id = self.next_id();
        let _ = self.round_trip(&Request::Shutdown { id }, id, Duration::from_secs(1), &mut |_, _| {});
        if let Some(mut r) = self.running.take() {
            let deadline = Instant::now() + Duration::from_secs(1);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = r.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = r.child.kill();
            let _ = r.child.wait();
        }
    }

    pub(super) fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub(super) fn round_trip(
        &mut self,
        request: &Request,
        id: u64,
        limit: Duration,
        on_output: &mut dyn FnMut(&str, &str),
    ) -> Result<Reply, KernelError> {
        if self.running.is_none() {
            let running = start(&self.options)?;
            self.set_running(running);
        }
        self.interrupter.clear();
        let running = self.running.as_mut().expect("started above");
        let line = serde_json::to_string(request).expect("requests serialize");
        if writeln!(running.stdin, "{line}").and_then(|_| running.stdin.flush()).is_err() {
            return Err(self.died(None));
        }
        // The kernel enforces `limit` itself; past it plus the grace, it is stuck.
        let deadline = Instant::now() + limit + self.options.kill_grace;
        let mut sent_sigint = false;
        loop {
            let grace = self.options.kill_grace;
            if let Some(at) = self.interrupter.requested_at()
                && at.elapsed() >= grace
            {
                self.interrupter.clear();
                let reason = if sent_sigint {
                    stuck_reason(limit)
                } else {
                    format!("it did not stop within {} s of an interrupt, so it was killed", grace.as_secs_f64())
                };
                return Err(self.died(Some(reason)));
            }
            let now = Instant::now();
            if now >= deadline {
                if sent_sigint {
                    return Err(self.died(Some(stuck_reason(limit))));
                }
                // One more chance: SIGINT; the interrupt's own grace then applies.
                sent_sigint = true;
                self.interrupter.interrupt();
                continue;
            }
            let wait = (deadline - now).min(Duration::from_millis(50));
            let running = self.running.as_mut().expect("still running");
            match running.replies.recv_timeout(wait) {
                Ok(Ok(reply)) if reply.id() == Some(id) => {
                    self.interrupter.clear();
                    return Ok(reply);
                }
                Ok(Ok(Reply::Stream { id: sid, name, text })) if sid == id => on_output(&name, &text),
                Ok(Ok(_)) => continue, // a stale reply to an abandoned request
                Ok(Err(message)) => return Err(KernelError::Protocol(message)),
                Err(RecvTimeoutError::Disconnected) => return Err(self.died(None)),
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    /// Collects why the kernel ended (killing it first when `forced` says it is
    /// stuck), starts a fresh one, and builds the error.
    fn died(&mut self, forced: Option<String>) -> KernelError {
        let mut reason = match self.running.take() {
            Some(mut old) => {
                if forced.is_some() {
                    let _ = old.child.kill();
                }
                let status = wait_briefly(&mut old.child);
                // The stderr reader ends at EOF shortly after the process does.
                std::thread::sleep(Duration::from_millis(50));
                let tail = old.stderr_tail.lock().map(|t| t.clone()).unwrap_or_default();
                forced.unwrap_or_else(|| describe_exit(status, &tail, &self.options.os_limits))
            }
            None => forced.unwrap_or_else(|| "it was not running".to_owned()),
        };
        let restart_error = match start(&self.options) {
            Ok(r) => {
                self.set_running(r);
                None
            }
            Err(e) => {
                reason.push_str("; starting a fresh kernel failed too");
                Some(e.to_string())
            }
        };
        KernelError::Died { reason, restart_error }
    }
}

impl Drop for KernelClient {
    fn drop(&mut self) {
        if let Some(mut r) = self.running.take() {
            let _ = r.child.kill();
            let _ = r.child.wait();
        }
    }
}

fn stuck_reason(limit: Duration) -> String {
    format!(
        "it did not stop within its time limit of {} s (busy outside Python code), so it was killed",
        limit.as_secs_f64()
    )
}

fn wait_briefly(child: &mut Child) -> Option<ExitStatus> {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                return child.wait().ok();
            }
        }
    }
}

/// "killed by SIGABRT: out of memory (...)", "exited with code 3", ...
pub fn describe_exit(status: Option<ExitStatus>, stderr_tail: &str, limits: &OsLimits) -> String {
    const MEMORY_SIGNS: [&str; 3] = ["memory allocation of", "out of memory", "capacity overflow"];
    let memory_line = stderr_tail.lines().rev().find(|l| MEMORY_SIGNS.iter().any(|m| l.contains(m)));
    let memory = memory_line.is_some();
    // The last line that says something (not Rust's backtrace hints).
    let last_line = memory_line
        .or_else(|| {
            stderr_tail.lines().rev().find(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with("note:") && !t.starts_with("stack backtrace:") && !t.starts_with("at ")
                    && !t.chars().next().is_some_and(|c| c.is_ascii_digit())
            })
        })
        .map(str::trim)
        .unwrap_or("");
    let limit_note = limits.memory_mb.map(|mb| format!(" (limit {mb} MB)")).unwrap_or_default();
    let Some(status) = status else { return "it ended and its exit status is unknown".to_owned() };
    if let Some(sig) = status.signal() {
        let name = signal_name(sig);
        if memory {
            return format!("out of memory{limit_note}: {last_line}");
        }
        if sig == libc::SIGXCPU {
            return "it used up its CPU time limit (SIGXCPU)".to_owned();
        }
        if sig == libc::SIGKILL {
            return format!("killed by {name} (possibly the system's out-of-memory killer){}", detail(last_line));
        }
        return format!("killed by {name}{}", detail(last_line));
    }
    match status.code() {
        Some(code) if memory => format!("out of memory{limit_note}: {last_line} (exit code {code})"),
        Some(code) => format!("it exited with code {code}{}", detail(last_line)),
        None => "it ended for an unknown reason".to_owned(),
    }
}

fn detail(line: &str) -> String {
    if line.is_empty() { String::new() } else { format!(": {line}") }
}

fn signal_name(sig: i32) -> String {
    let name = match sig {
        libc::SIGABRT => "SIGABRT",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        libc::SIGXCPU => "SIGXCPU",
        _ => return format!("signal {sig}"),
    };
    format!("{name} (signal {sig})")
}

fn start(options: &KernelOptions) -> Result<Running, KernelError> {
    let program = match &options.program {
        Some(p) => p.clone(),
        None => std::env::current_exe().map_err(|e| KernelError::Start(format!("cannot find this executable: {e}")))?,
    };
    let mut command = Command::new(&program);
    command.arg("kernel");
    command.arg("--timeout").arg(options.timeout.as_secs_f64().to_string());
    command.arg("--max-output-bytes").arg(options.max_output_bytes.to_string());
    let l = &options.os_limits;
    if let Some(mb) = l.memory_mb {
        command.arg("--memory-mb").arg(mb.to_string());
    }
    if let Some(s) = l.cpu_seconds {
        command.arg("--cpu-seconds").arg(s.to_string());
    }
    if let Some(n) = l.max_open_files {
        command.arg("--max-open-files").arg(n.to_string());
    }
    if l.no_new_processes {
        command.arg("--no-new-processes");
    }
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // The kernel needs nothing from our environment.
    command.env_clear();
    let mut child = command.spawn().map_err(|e| KernelError::Start(format!("{}: {e}", program.display())))?;
    let stdin = child.stdin.take().expect("piped stdin");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");

    let (tx, replies) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let reply = serde_json::from_str::<Reply>(&line).map_err(|e| format!("unreadable reply {line:?}: {e}"));
            if tx.send(reply).is_err() {
                break;
            }
        }
    });
    let stderr_tail = Arc::new(Mutex::new(String::new()));
    let tail = stderr_tail.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
            t.push_str(&String::from_utf8_lossy(&buf[..n]));
            if t.len() > STDERR_TAIL_BYTES {
                let mut cut = t.len() - STDERR_TAIL_BYTES;
                while !t.is_char_boundary(cut) {
                    cut += 1;
                }
                t.drain(..cut);
            }
        }
    });

    let mut running = Running { child, stdin, replies, stderr_tail };
    match running.replies.recv_timeout(options.start_timeout) {
        Ok(Ok(Reply::Ready { protocol, .. })) if (MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&protocol) => Ok(running),
        Ok(Ok(Reply::Ready { protocol, .. })) => {
            let _ = running.child.kill();
            Err(KernelError::Start(format!(
                "the kernel speaks protocol {protocol}, not {MIN_PROTOCOL_VERSION} to {PROTOCOL_VERSION}"
            )))
        }
        Ok(Ok(other)) => {
            let _ = running.child.kill();
            Err(KernelError::Start(format!("expected ready, got {other:?}")))
        }
        Ok(Err(e)) => {
            let _ = running.child.kill();
            Err(KernelError::Start(e))
        }
        Err(_) => {
            let _ = running.child.kill();
            let status = running.child.wait().ok();
            std::thread::sleep(Duration::from_millis(50));
            let tail = running.stderr_tail.lock().map(|t| t.clone()).unwrap_or_default();
            Err(KernelError::Start(describe_exit(status, &tail, &options.os_limits)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> OsLimits {
        OsLimits { memory_mb: Some(512), ..OsLimits::none() }
    }

    #[test]
    fn allocation_failures_read_as_out_of_memory() {
        let tail = "memory allocation of 80000000000 bytes failed\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        let status = ExitStatus::from_raw(libc::SIGABRT);
        assert_eq!(
            describe_exit(Some(status), tail, &limits()),
            "out of memory (limit 512 MB): memory allocation of 80000000000 bytes failed"
        );
    }

    #[test]
    fn signals_and_exit_codes_are_named() {
        assert_eq!(describe_exit(Some(ExitStatus::from_raw(libc::SIGSEGV)), "", &limits()), "killed by SIGSEGV (signal 11)");
        assert_eq!(describe_exit(Some(ExitStatus::from_raw(libc::SIGXCPU)), "", &limits()), "it used up its CPU time limit (SIGXCPU)");
        assert_eq!(
            describe_exit(Some(ExitStatus::from_raw(3 << 8)), "tensorlings kernel: cannot apply limits\n", &limits()),
            "it exited with code 3: tensorlings kernel: cannot apply limits"
        );
    }
}

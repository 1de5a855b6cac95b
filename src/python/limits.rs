//! Limits on one run of learner code: wall-clock time (a watchdog thread that
//! interrupts the VM), output size, and the interrupt handle other threads use.
//!
//! The VM checks for pending "signals" between bytecode instructions (and in
//! `time.sleep`); [`InterruptHandle::interrupt`] queues one that raises
//! `KeyboardInterrupt` or `TimeoutError` there. Native code that runs long
//! without returning to the VM (one huge engine op) cannot be stopped this
//! way; the kernel's parent kills the process for that case.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rustpython_vm::signal::{user_signal_channel, UserSignalReceiver, UserSignalSender};

/// Default wall-clock limit of one `tensorlings run` (seconds).
pub const DEFAULT_TIMEOUT_SECS: f64 = 10.0;
/// Default cap on what one run may print (bytes).
pub const DEFAULT_MAX_OUTPUT_BYTES: usize = 1 << 20;

/// The longest limit we take (a day): longer ones, infinity or NaN would
/// overflow deadline arithmetic.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(86_400);

/// A limit in seconds from a user or a request, kept within (1 ms, a day).
pub fn timeout_from_secs(secs: f64) -> Duration {
    if secs.is_nan() {
        return MAX_TIMEOUT;
    }
    Duration::from_secs_f64(secs.clamp(0.001, MAX_TIMEOUT.as_secs_f64()))
}

/// Limits of one run.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Wall-clock limit for the whole run; `None` for none.
    pub timeout: Option<Duration>,
    /// Most bytes of stdout kept; more is dropped with a note.
    pub max_output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Some(Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS)),
            max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES,
        }
    }
}

/// Why running code was stopped from outside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The learner (or the parent) asked: `KeyboardInterrupt`.
    Interrupt,
    /// The wall-clock limit passed: `TimeoutError`.
    Timeout,
}

const NONE: u8 = 0;
const INTERRUPT: u8 = 1;
const TIMEOUT: u8 = 2;

/// Stops the code running in one interpreter; cheap to clone, usable from any thread.
#[derive(Clone)]
pub struct InterruptHandle {
    sender: UserSignalSender,
    pending: Arc<AtomicU8>,
    timeout_secs: Arc<std::sync::Mutex<f64>>,
}

impl InterruptHandle {
    /// A handle and the receiver to give the VM (`vm.set_user_signal_channel`).
    pub fn new() -> (Self, UserSignalReceiver) {
        let (sender, receiver) = user_signal_channel();
        let handle = Self {
            sender,
            pending: Arc::new(AtomicU8::new(NONE)),
            timeout_secs: Arc::new(std::sync::Mutex::new(0.0)),
        };
        (handle, receiver)
    }

    /// Asks the VM to raise `KeyboardInterrupt` at its next check.
    pub fn interrupt(&self) {
        self.stop(StopReason::Interrupt);
        self.keep_armed();
    }

    /// Whether a stop is queued and not yet raised in the VM.
    pub fn is_pending(&self) -> bool {
        self.pending.load(Ordering::Acquire) != NONE
    }

    /// Forgets a queued stop (between cells, so it cannot hit the next one).
    pub fn clear(&self) {
        self.pending.store(NONE, Ordering::Release);
    }

    /// Queues a stop: the VM raises `KeyboardInterrupt` or `TimeoutError` at its next check.
    pub fn stop(&self, reason: StopReason) {
        let code = match reason {
            StopReason::Interrupt => INTERRUPT,
            StopReason::Timeout => TIMEOUT,
        };
        self.pending.store(code, Ordering::Release);
        let pending = self.pending.clone();
        let secs = self.timeout_secs.clone();
        // The VM runs this on its own thread at the next check.
        let _ = self.sender.send(Box::new(move |vm| {
            match pending.swap(NONE, Ordering::AcqRel) {
                INTERRUPT => Err(vm.new_exception_empty(vm.ctx.exceptions.keyboard_interrupt.to_owned())),
                TIMEOUT => {
                    let limit = *secs.lock().unwrap_or_else(|e| e.into_inner());
                    let msg = format!("the run took longer than its time limit of {} s", format_secs(limit));
                    Err(vm.new_os_subtype_error(vm.ctx.exceptions.timeout_error.to_owned(), None, msg).upcast())
                }
                _ => Ok(()),
            }
        }));
    }

    /// Keeps re-arming until the VM has taken the stop: the VM's "signal
    /// pending" flag is shared by every interpreter in the process, and
    /// another one may clear it first. A kernel has one interpreter and may
    /// not start threads; there the spawn fails harmlessly.
    fn keep_armed(&self) {
        let handle = self.clone();
        let _ = thread::Builder::new().name("tensorlings-interrupt".into()).spawn(move || {
            let start = Instant::now();
            while handle.is_pending() && start.elapsed() < Duration::from_secs(10) {
                thread::sleep(Duration::from_millis(10));
                if handle.is_pending() {
                    handle.rearm();
                }
            }
        });
    }

    /// Re-raises the VM's "something is pending" flag. The flag is shared by
    /// every VM in the process, so another interpreter's check may have
    /// consumed it; the watchdog re-arms it until the stop lands.
    fn rearm(&self) {
        let _ = self.sender.send(Box::new(|_| Ok(())));
    }
}

fn format_secs(secs: f64) -> String {
    if secs.fract() == 0.0 { format!("{}", secs as u64) } else { format!("{secs}") }
}

/// How long after the limit a run that has not stopped counts as stuck in
/// native code (the hard-timeout callback then runs).
pub const HARD_TIMEOUT_GRACE: Duration = Duration::from_secs(2);

/// Called on the watchdog thread when the VM did not stop within
/// [`HARD_TIMEOUT_GRACE`] after the limit.
pub type HardTimeout = Box<dyn FnOnce() + Send>;

/// Enforces wall-clock limits on one interpreter. Its thread is started once
/// (the kernel forbids new threads after startup), then armed per run.
pub struct Watchdog {
    commands: mpsc::Sender<Command>,
    fired: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

enum Command {
    Arm { limit: Duration, hard: Option<HardTimeout> },
    Disarm,
    Quit,
}

impl Watchdog {
    /// Starts the watchdog thread for the interpreter behind `handle`.
    pub fn spawn(handle: &InterruptHandle) -> Self {
        let (commands, receiver) = mpsc::channel::<Command>();
        let fired = Arc::new(AtomicBool::new(false));
        let handle = handle.clone();
        let fired2 = fired.clone();
        let thread = thread::Builder::new()
            .name("tensorlings-watchdog".into())
            .spawn(move || watch(&handle, &receiver, &fired2))
            .expect("spawning the watchdog thread");
        Self { commands, fired, thread: Some(thread) }
    }

    /// Starts a limit: after `limit`, the VM gets a `TimeoutError`, again every
    /// 200 ms if the code swallows it, and `hard` runs if the run still has
    /// not ended [`HARD_TIMEOUT_GRACE`] later.
    pub fn arm(&self, limit: Duration, hard: Option<HardTimeout>) {
        self.fired.store(false, Ordering::Release);
        let _ = self.commands.send(Command::Arm { limit, hard });
    }

    /// Ends the current limit; returns whether it fired.
    pub fn disarm(&self) -> bool {
        let _ = self.commands.send(Command::Disarm);
        self.fired.load(Ordering::Acquire)
    }

    /// Whether the current (or last) limit fired.
    pub fn fired(&self) -> bool {
        self.fired.load(Ordering::Acquire)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Quit);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn watch(handle: &InterruptHandle, commands: &mpsc::Receiver<Command>, fired: &AtomicBool) {
    let mut next: Option<(Duration, Option<HardTimeout>)> = None;
    loop {
        // Idle: wait for a limit.
        let (limit, mut hard) = match next.take() {
            Some(armed) => armed,
            None => match commands.recv() {
                Ok(Command::Arm { limit, hard }) => (limit, hard),
                Ok(Command::Disarm) => continue,
                Ok(Command::Quit) | Err(_) => return,
            },
        };
        *handle.timeout_secs.lock().unwrap_or_else(|e| e.into_inner()) = limit.as_secs_f64();
        let deadline = Instant::now() + limit;
        let mut fired_at: Option<Instant> = None;
        let mut last_stop = Instant::now();
        loop {
            let wait = match fired_at {
                None => deadline.saturating_duration_since(Instant::now()),
                Some(_) => Duration::from_millis(20),
            };
            match commands.recv_timeout(wait) {
                Ok(Command::Disarm) => break,
                Ok(Command::Arm { limit, hard: h }) => {
                    // A new run without a disarm: start over with its limit.
                    next = Some((limit, h));
                    break;
                }
                Ok(Command::Quit) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
            let Some(at) = fired_at else {
                if Instant::now() >= deadline {
                    fired.store(true, Ordering::Release);
                    handle.stop(StopReason::Timeout);
                    fired_at = Some(Instant::now());
                    last_stop = Instant::now();
                }
                continue;
            };
            if handle.is_pending() {
                // Another VM's check may have taken the process-wide flag.
                handle.rearm();
            } else if last_stop.elapsed() >= Duration::from_millis(200) {
                // The code caught the TimeoutError and went on.
                handle.stop(StopReason::Timeout);
                last_stop = Instant::now();
            }
            if at.elapsed() >= HARD_TIMEOUT_GRACE {
                if let Some(f) = hard.take() {
                    f();
                }
            }
        }
    }
}

static SIGINT_SEEN: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    // Only an atomic store: anything more is not async-signal-safe.
    SIGINT_SEEN.store(true, Ordering::Release);
}

/// Makes SIGINT (Ctrl-C, or the kernel's parent) raise `KeyboardInterrupt` in
/// the interpreter behind `handle`, as CPython does, instead of killing the
/// process. A thread polls the flag the signal handler sets.
pub fn forward_sigint(handle: &InterruptHandle) {
    // SAFETY: the handler only stores to an atomic.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigint as extern "C" fn(libc::c_int) as usize;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
    }
    let handle = handle.clone();
    let _ = thread::Builder::new().name("tensorlings-sigint".into()).spawn(move || loop {
        thread::sleep(Duration::from_millis(10));
        if SIGINT_SEEN.swap(false, Ordering::AcqRel) {
            handle.interrupt();
        }
    });
}

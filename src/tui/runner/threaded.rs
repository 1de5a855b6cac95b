//! A [`Runner`] over a blocking [`Engine`] (the kernel client): the engine
//! works on its own thread, so the interface never freezes; an interrupt is a
//! SIGINT to the engine's process, and if the job has not ended a second later,
//! a SIGKILL (the engine then reports the kernel died and starts a fresh one).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Job, JobId, JobResult, Namespace, Runner};

/// How long an interrupted job may take to stop before its process is killed.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(1);

/// Something that runs jobs to completion, blocking (called on a worker thread).
pub trait Engine: Send + 'static {
    /// Called first, on the worker thread: start the kernel ahead of the first job.
    fn start(&mut self) {}
    /// Run `job`; call `running(pid)` with the process that runs it (for
    /// interrupts) just before waiting on it.
    fn run(&mut self, job: &Job, running: &dyn Fn(u32)) -> JobResult;
    fn reset(&mut self, namespace: &Namespace);
}

enum Msg {
    Job(JobId, Job),
    Reset(Namespace),
}

pub struct ThreadedRunner {
    tx: Option<Sender<Msg>>,
    rx: Receiver<(JobId, JobResult)>,
    /// The engine's process while a job runs (0 otherwise).
    pid: Arc<AtomicU32>,
    next: u64,
    in_flight: usize,
    interrupted_at: Option<Instant>,
    killed: bool,
    worker: Option<JoinHandle<()>>,
}

impl ThreadedRunner {
    pub fn new(mut engine: impl Engine) -> ThreadedRunner {
        let (tx, jobs) = channel::<Msg>();
        let (done, rx) = channel();
        let pid = Arc::new(AtomicU32::new(0));
        let worker_pid = pid.clone();
        let worker = std::thread::spawn(move || {
            engine.start();
            for msg in jobs {
                match msg {
                    Msg::Job(id, job) => {
                        let result =
                            engine.run(&job, &|pid| worker_pid.store(pid, Ordering::SeqCst));
                        worker_pid.store(0, Ordering::SeqCst);
                        if done.send((id, result)).is_err() {
                            return;
                        }
                    }
                    Msg::Reset(ns) => engine.reset(&ns),
                }
            }
        });
        ThreadedRunner {
            tx: Some(tx),
            rx,
            pid,
            next: 0,
            in_flight: 0,
            interrupted_at: None,
            killed: false,
            worker: Some(worker),
        }
    }

    fn signal(&self, sig: i32) {
        let pid = self.pid.load(Ordering::SeqCst);
        if pid != 0 {
            // SAFETY: kill only sends a signal, to the engine's own child process.
            unsafe {
                libc::kill(pid as libc::pid_t, sig);
            }
        }
    }
}

impl Runner for ThreadedRunner {
    fn submit(&mut self, job: Job) -> JobId {
        self.next += 1;
        let id = JobId(self.next);
        self.in_flight += 1;
        if let Some(tx) = &self.tx {
            if tx.send(Msg::Job(id, job)).is_err() {
                self.in_flight -= 1;
            }
        }
        id
    }

    fn poll(&mut self) -> Option<(JobId, JobResult)> {
        if let Ok(r) = self.rx.try_recv() {
            self.in_flight = self.in_flight.saturating_sub(1);
            if self.in_flight == 0 {
                self.interrupted_at = None;
                self.killed = false;
            }
            return Some(r);
        }
        // Still running a second after an interrupt: stuck outside Python code.
        if let Some(t) = self.interrupted_at
            && !self.killed
            && t.elapsed() >= INTERRUPT_GRACE
        {
            self.killed = true;
            self.signal(libc::SIGKILL);
        }
        None
    }

    fn interrupt(&mut self) {
        if self.in_flight > 0 {
            self.signal(libc::SIGINT);
            self.interrupted_at.get_or_insert_with(Instant::now);
        }
    }

    fn reset(&mut self, namespace: Namespace) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Msg::Reset(namespace));
        }
    }
}

impl Drop for ThreadedRunner {
    fn drop(&mut self) {
        // Stop whatever runs, then let the worker finish (it drops the engine).
        self.signal(libc::SIGKILL);
        self.tx = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::runner::CellOutput;
    use std::process::{Child, Command};

    /// Runs each job as a child process (`sh -c CODE`), like a kernel would.
    struct ShellEngine;

    impl Engine for ShellEngine {
        fn run(&mut self, job: &Job, running: &dyn Fn(u32)) -> JobResult {
            let Job::Execute { code, .. } = job else {
                return JobResult::Failed("no checks here".into());
            };
            let mut child = Command::new("sh").arg("-c").arg(code).spawn().unwrap();
            running(child.id());
            let status = child.wait().unwrap();
            use std::os::unix::process::ExitStatusExt;
            match status.signal() {
                Some(libc::SIGINT) => JobResult::Interrupted,
                Some(sig) => JobResult::KernelDied {
                    reason: format!("signal {sig}"),
                },
                None => JobResult::Executed(CellOutput {
                    display: format!("exit {}", status.code().unwrap()),
                    error: None,
                    ..Default::default()
                }),
            }
        }
        fn reset(&mut self, _ns: &Namespace) {}
    }

    fn wait_result(
        r: &mut ThreadedRunner,
        limit: Duration,
    ) -> Option<(JobId, JobResult, Duration)> {
        let t = Instant::now();
        while t.elapsed() < limit {
            if let Some((id, res)) = r.poll() {
                return Some((id, res, t.elapsed()));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    fn engine() -> ShellEngine {
        ShellEngine
    }

    #[test]
    fn results_arrive_without_blocking_the_caller() {
        let mut r = ThreadedRunner::new(engine());
        let id = r.submit(Job::Execute {
            code: "exit 3".into(),
            namespace: Namespace::Scratch,
            setup: None,
        });
        let (got, res, _) = wait_result(&mut r, Duration::from_secs(10)).expect("a result");
        assert_eq!(got, id);
        assert_eq!(
            res,
            JobResult::Executed(CellOutput {
                display: "exit 3".into(),
                error: None,
                ..Default::default()
            })
        );
    }

    /// An engine that keeps one long-lived process, like the kernel: its pid is known up front.
    struct Resident {
        child: Child,
    }
    impl Engine for Resident {
        fn run(&mut self, _job: &Job, running: &dyn Fn(u32)) -> JobResult {
            use std::os::unix::process::ExitStatusExt;
            running(self.child.id());
            let status = self.child.wait().unwrap();
            match status.signal() {
                Some(libc::SIGINT) => JobResult::Interrupted,
                Some(sig) => JobResult::KernelDied {
                    reason: format!("signal {sig}"),
                },
                None => JobResult::Failed("ended by itself".into()),
            }
        }
        fn reset(&mut self, _ns: &Namespace) {}
    }

    #[test]
    fn an_interrupt_stops_a_job_that_listens() {
        // A shell's background job inherits SIGINT ignored: restore the default so
        // the stand-in job dies of the interrupt wherever the tests run.
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        // SAFETY: signal() is async-signal-safe, as pre_exec requires.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        let mut r = ThreadedRunner::new(Resident { child });
        r.submit(Job::Execute {
            code: String::new(),
            namespace: Namespace::Scratch,
            setup: None,
        });
        std::thread::sleep(Duration::from_millis(200));
        r.interrupt();
        let (_, res, took) = wait_result(&mut r, Duration::from_secs(5)).expect("stopped");
        assert_eq!(res, JobResult::Interrupted);
        assert!(took < Duration::from_secs(2), "took {took:?}");
    }

    #[test]
    fn a_job_that_ignores_the_interrupt_is_killed_after_the_grace() {
        // SIGINT ignored, as native code deep in a long computation would.
        let child = Command::new("sh")
            .arg("-c")
            .arg("trap '' INT; sleep 30 & wait; sleep 30")
            .spawn()
            .unwrap();
        let mut r = ThreadedRunner::new(Resident { child });
        r.submit(Job::Execute {
            code: String::new(),
            namespace: Namespace::Scratch,
            setup: None,
        });
        std::thread::sleep(Duration::from_millis(200));
        r.interrupt();
        let (_, res, took) = wait_result(&mut r, Duration::from_secs(10)).expect("killed");
        assert_eq!(
            res,
            JobResult::KernelDied {
                reason: format!("signal {}", libc::SIGKILL)
            }
        );
        assert!(
            took >= INTERRUPT_GRACE,
            "killed only after the grace: {took:?}"
        );
    }
}

//! The kernel child process: protocol round trips, a namespace kept across
//! requests, limits, and deaths the parent survives.

use std::path::PathBuf;
use std::time::Duration;

use tensorlings::python::kernel_client::{KernelClient, KernelError, KernelOptions};
use tensorlings::python::os_limits::OsLimits;
use tensorlings::python::ErrorKind;

fn options() -> KernelOptions {
    KernelOptions {
        program: Some(PathBuf::from(env!("CARGO_BIN_EXE_tensorlings"))),
        os_limits: OsLimits { memory_mb: Some(1024), cpu_seconds: Some(120), max_open_files: Some(64), no_new_processes: true },
        timeout: Duration::from_secs(10),
        ..KernelOptions::default()
    }
}

#[test]
fn namespace_lives_across_requests_and_reset_clears_it() {
    let mut k = KernelClient::spawn(options()).expect("kernel starts");
    let r = k.execute("x = 20\nprint('set')", None).unwrap();
    assert_eq!(r.stdout, "set\n");
    let r = k.execute("x + 22", None).unwrap();
    assert_eq!(r.display.as_deref(), Some("42\n"));
    k.reset().unwrap();
    let r = k.execute("x", None).unwrap();
    assert_eq!(r.error.unwrap().line(), "NameError: name 'x' is not defined");
    k.shutdown();
}

#[test]
fn check_returns_reprs_of_expressions() {
    let mut k = KernelClient::spawn(options()).unwrap();
    let (r, values) = k.check("y = [1, 2]", &["y".into(), "len(y) * 2".into(), "nope".into()], None).unwrap();
    assert_eq!(r.error, None);
    assert_eq!(values[0].repr.as_deref(), Some("[1, 2]"));
    assert_eq!(values[1].repr.as_deref(), Some("4"));
    assert_eq!(values[2].error.as_ref().unwrap().type_name, "NameError");
}

#[test]
fn learner_output_cannot_break_the_protocol() {
    let mut k = KernelClient::spawn(options()).unwrap();
    let r = k.execute("print('{\"type\": \"executed\", \"id\": 99}')\nimport time", None).unwrap();
    assert_eq!(r.stdout, "{\"type\": \"executed\", \"id\": 99}\n");
    let r = k.execute("'still fine'", None).unwrap();
    assert_eq!(r.display.as_deref(), Some("'still fine'\n"));
}

#[test]
fn endless_loop_ends_in_timeout_error_and_the_kernel_lives_on() {
    let mut k = KernelClient::spawn(options()).unwrap();
    k.execute("keep = 1", None).unwrap();
    let r = k.execute("while True:\n    pass", Some(Duration::from_millis(500))).unwrap();
    assert_eq!(r.error.unwrap().kind, ErrorKind::Timeout);
    let r = k.execute("keep", None).unwrap();
    assert_eq!(r.display.as_deref(), Some("1\n"));
}

#[test]
fn sigint_becomes_keyboard_interrupt() {
    let mut k = KernelClient::spawn(options()).unwrap();
    let pid = k.pid().unwrap();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        unsafe { libc::kill(pid as i32, libc::SIGINT) };
    });
    let r = k.execute("import time\nwhile True:\n    time.sleep(0.01)", Some(Duration::from_secs(20))).unwrap();
    t.join().unwrap();
    let err = r.error.unwrap();
    assert_eq!(err.type_name, "KeyboardInterrupt");
    assert_eq!(err.kind, ErrorKind::Interrupted);
}

#[test]
fn code_that_swallows_every_stop_is_killed_and_replaced() {
    let mut k = KernelClient::spawn(options()).unwrap();
    let code = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass";
    let err = k.execute(code, Some(Duration::from_millis(300))).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("kernel died: it did not stop within its time limit of 0.3 s"), "{text}");
    let r = k.execute("1 + 1", None).unwrap();
    assert_eq!(r.display.as_deref(), Some("2\n"));
}

#[test]
fn memory_bomb_kills_only_the_kernel() {
    let mut opts = options();
    opts.os_limits.memory_mb = Some(512);
    let mut k = KernelClient::spawn(opts).unwrap();
    let err = k.execute("x = [0] * 10**10", None).unwrap_err();
    let text = err.to_string();
    match &err {
        KernelError::Died { reason, restart_error } => {
            assert!(reason.contains("out of memory (limit 512 MB)"), "{text}");
            assert!(restart_error.is_none());
        }
        other => panic!("expected a death, got {other:?}"),
    }
    // A fresh kernel took its place.
    let r = k.execute("[0] * 3", None).unwrap();
    assert_eq!(r.display.as_deref(), Some("[0, 0, 0]\n"));
}

/// A stand-in kernel that says ready, then aborts on the first request.
fn aborting_kernel() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tensorlings-kernel-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("abort-kernel.sh");
    std::fs::write(&path, "#!/bin/sh\necho '{\"type\":\"ready\",\"pid\":1,\"protocol\":1}'\nread line\necho 'fatal runtime error: boom' >&2\nkill -ABRT $$\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Spawns a kernel whose program was just written. Another test thread that forks
/// while the script's write descriptor is open makes exec fail with ETXTBSY until
/// that child execs; that is a property of the test, so wait it out briefly.
fn spawn_freshly_written(opts: KernelOptions) -> KernelClient {
    let mut last = None;
    for _ in 0..100 {
        match KernelClient::spawn(opts.clone()) {
            Ok(k) => return k,
            Err(e) if e.to_string().contains("Text file busy") => {
                last = Some(e);
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("{e}"),
        }
    }
    panic!("still busy: {last:?}")
}

#[test]
fn an_abort_is_reported_with_its_signal() {
    let mut opts = options();
    opts.program = Some(aborting_kernel());
    let mut k = spawn_freshly_written(opts);
    let err = k.execute("1", None).unwrap_err();
    assert_eq!(err.to_string(), "kernel died: killed by SIGABRT (signal 6): fatal runtime error: boom");
    // The replacement aborts too, but the parent keeps going and says so each time.
    assert!(k.execute("1", None).is_err());
}

#[test]
fn kernels_cannot_start_processes_or_open_many_files() {
    // Nothing in the sandbox can fork; the OS limit is the backstop. Check it is set.
    let mut k = KernelClient::spawn(options()).unwrap();
    let r = k.execute("1", None).unwrap();
    assert_eq!(r.display.as_deref(), Some("1\n"));
    let pid = k.pid().unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = |name: &str| limits.lines().find(|l| l.starts_with(name)).unwrap().to_owned();
    assert!(line("Max open files").split_whitespace().any(|w| w == "64"), "{limits}");
    assert!(line("Max processes").split_whitespace().any(|w| w == "0"), "{limits}");
    assert!(line("Max data size").contains(&(1024u64 << 20).to_string()), "{limits}");
    assert!(line("Max cpu time").split_whitespace().any(|w| w == "120"), "{limits}");
}

#[test]
fn an_interrupt_that_is_ignored_ends_in_a_kill_after_a_second() {
    let mut k = KernelClient::spawn(options()).unwrap();
    let interrupter = k.interrupter();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        interrupter.interrupt();
    });
    let started = std::time::Instant::now();
    let code = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass";
    let err = k.execute(code, Some(Duration::from_secs(30))).unwrap_err();
    t.join().unwrap();
    assert_eq!(err.to_string(), "kernel died: it did not stop within 1 s of an interrupt, so it was killed");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(k.execute("2 * 3", None).unwrap().display.as_deref(), Some("6\n"));
}

#[test]
fn output_streams_while_the_cell_runs() {
    let mut k = KernelClient::spawn(options()).unwrap();
    let mut seen: Vec<(String, String)> = Vec::new();
    let r = k
        .execute_streaming("import time\nprint('first')\ntime.sleep(0.2)\nprint('second', end='')", None, &mut |name, text| {
            seen.push((name.to_owned(), text.to_owned()))
        })
        .unwrap();
    assert_eq!(r.stdout, "first\nsecond");
    assert_eq!(seen, vec![("stdout".to_owned(), "first\n".to_owned()), ("stdout".to_owned(), "second".to_owned())]);
}

#[test]
fn tracebacks_quote_the_cell_that_defined_the_function() {
    let mut k = KernelClient::spawn(options()).unwrap();
    k.execute("def half(x):\n    return x / 0", None).unwrap();
    let err = k.execute("y = 1\nhalf(y)", None).unwrap().error.unwrap();
    assert!(err.traceback.contains("line 2, in <module>\n    half(y)\n"), "{}", err.traceback);
    assert!(err.traceback.contains("line 2, in half\n    return x / 0\n"), "{}", err.traceback);
    assert!(err.traceback.ends_with("ZeroDivisionError: division by zero\n"), "{}", err.traceback);
}

/// The kernel as an ordinary user runs it: `RLIMIT_NPROC = 0` binds (root is
/// exempt), so every thread the kernel needs must exist before the limits.
/// Under root the kernel is started through `setpriv` as `nobody`.
fn unprivileged_kernel() -> Option<PathBuf> {
    let bin = env!("CARGO_BIN_EXE_tensorlings");
    if unsafe { libc::geteuid() } != 0 {
        return Some(PathBuf::from(bin));
    }
    let drop_to_nobody = ["--reuid=65534", "--regid=65534", "--clear-groups", bin, "--version"];
    let works = std::process::Command::new("setpriv").args(drop_to_nobody).output().is_ok_and(|o| o.status.success());
    if !works {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("tensorlings-kernel-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("nobody-kernel.sh");
    std::fs::write(&path, format!("#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups '{bin}' \"$@\"\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    Some(path)
}

#[test]
fn an_unprivileged_kernel_runs_parallel_kernels_under_its_limits() {
    let Some(program) = unprivileged_kernel() else {
        eprintln!("skipped: running as root without a working setpriv, so RLIMIT_NPROC cannot bind");
        return;
    };
    let mut opts = options();
    opts.program = Some(program);
    let mut k = spawn_freshly_written(opts);
    // Large enough for rayon (elementwise, gemm) and the random pipeline's helpers.
    let code = "import torch\nx = torch.randn(1_000_000)\nm = torch.ones(300, 300) @ torch.ones(300, 300)\n\
                print(float((x * 0 + 1).sum()), float(m.sum()))";
    let r = k.execute(code, None).unwrap();
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.stdout, "1000000.0 27000000.0\n");
}

#[test]
fn a_tensor_too_large_for_the_memory_limit_is_refused_and_the_namespace_lives_on() {
    let mut opts = options();
    opts.os_limits.memory_mb = Some(512);
    let mut k = KernelClient::spawn(opts).unwrap();
    k.execute("import torch\nkept = torch.arange(5)", None).unwrap();
    // 800 MB: past the tensor cap (three quarters of 512 MB), so no malloc is tried.
    let r = k.execute("x = torch.zeros(200_000_000)", None).unwrap();
    let err = r.error.expect("a RuntimeError, not a death");
    assert_eq!(err.type_name, "RuntimeError");
    assert!(err.message.starts_with("DefaultCPUAllocator: can't allocate memory: you tried to allocate 800000000 bytes."), "{}", err.message);
    let r = k.execute("kept", None).unwrap();
    assert_eq!(r.display.as_deref(), Some("tensor([0, 1, 2, 3, 4])\n"));
}

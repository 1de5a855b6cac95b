//! Escape attempts against the sandbox: each must fail with a clear Python
//! error, and none may reach the host (files, environment, processes, sockets).
//! Also the in-process limits: time, recursion, output size.

use std::time::{Duration, Instant};

use tensorlings::python::limits::Watchdog;
use tensorlings::python::runner::INTERPRETER_STACK_BYTES;
use tensorlings::python::{CellResult, ErrorKind, Session};

/// Runs `f` with a fresh session on a thread with the interpreter's stack size.
fn with_session<R: Send + 'static>(f: impl FnOnce(&mut Session) -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || {
            let mut s = Session::new().expect("session starts");
            f(&mut s)
        })
        .unwrap()
        .join()
        .unwrap()
}

fn run(code: &'static str) -> CellResult {
    with_session(move |s| s.run_cell(code, "<test>", 1))
}

/// The cell must fail with `type_name` and a message containing `needle`.
fn assert_fails(code: &'static str, type_name: &str, needle: &str) {
    let r = run(code);
    let err = r.error.unwrap_or_else(|| panic!("expected {type_name} from {code:?}, got output {:?} / {:?}", r.stdout, r.display));
    assert_eq!(err.type_name, type_name, "{code:?}: {}", err.traceback);
    assert!(err.message.contains(needle), "{code:?}: message {:?} lacks {needle:?}", err.message);
}

/// Python that walks every class and function reachable from `object` and
/// looks for host-access capabilities; prints what it found.
const HOST_SEARCH: &str = r#"
found = []
danger_names = {'system', 'popen', 'fork', 'execv', 'spawnv', 'environ', 'getenv', 'listdir',
                'remove', 'unlink', 'socket', 'FileIO', 'dlopen', 'CDLL', 'putenv', 'chdir'}
danger_modules = {'os', 'posix', 'nt', 'subprocess', 'socket', '_socket', 'ctypes', '_ctypes',
                  'marshal', 'pwd', '_posixsubprocess', 'select', 'mmap', 'fcntl', 'resource'}
seen = set()
def visit_namespace(ns, where):
    for key, value in list(ns.items()):
        if key in danger_names:
            found.append((where, key))
        mod = getattr(value, '__name__', None)
        if type(value).__name__ == 'module' and mod in danger_modules:
            found.append((where, mod))
def walk(cls):
    if id(cls) in seen:
        return
    seen.add(id(cls))
    for value in list(vars(cls).values()):
        g = getattr(value, '__globals__', None)
        if g is None:
            g = getattr(getattr(value, '__func__', None), '__globals__', None)
        if isinstance(g, dict) and id(g) not in seen:
            seen.add(id(g))
            visit_namespace(g, cls.__name__)
            for v in list(g.values()):
                if type(v).__name__ == 'module':
                    visit_namespace(vars(v), getattr(v, '__name__', '?'))
                    if getattr(v, '__name__', '') == 'sys':
                        for m in list(v.modules.values()):
                            visit_namespace(vars(m), 'sys.modules:' + m.__name__)
    try:
        subs = type.__subclasses__(cls)
    except TypeError:
        subs = []
    for sub in subs:
        walk(sub)
walk(object)
print(sorted(set(found)))
"#;

#[test]
fn open_is_refused() {
    assert_fails("open('/etc/passwd').read()", "PermissionError", "open() is not available");
}

#[test]
fn exec_of_a_file_is_refused() {
    assert_fails("exec(open('/etc/hostname').read())", "PermissionError", "sandbox without files");
}

#[test]
fn import_os_is_refused_with_the_allowed_list() {
    assert_fails("import os", "ModuleNotFoundError", "No module named 'os': tensorlings runs Python in a sandbox that provides only cmath, collections, math, matplotlib, numpy, random, time, torch");
}

#[test]
fn import_subprocess_socket_ctypes_are_refused() {
    for (code, name) in [
        ("import subprocess", "subprocess"),
        ("import socket", "socket"),
        ("import ctypes", "ctypes"),
        ("import _ctypes", "_ctypes"),
        ("import posix", "posix"),
        ("from os import path", "os"),
        ("import os.path", "os.path"),
    ] {
        let r = with_session(move |s| s.run_cell(code, "<test>", 1));
        let err = r.error.expect(code);
        assert_eq!(err.type_name, "ModuleNotFoundError", "{code}");
        assert!(err.message.contains(&format!("No module named '{name}'")), "{code}: {}", err.message);
    }
}

#[test]
fn dunder_import_and_eval_routes_are_gated() {
    assert_fails("__import__('os')", "ModuleNotFoundError", "'os'");
    assert_fails("eval(\"__import__('subprocess')\")", "ModuleNotFoundError", "'subprocess'");
    assert_fails("exec(compile('import socket', 'x', 'exec'))", "ModuleNotFoundError", "'socket'");
    assert_fails("getattr(__builtins__, '__import__')('os')", "ModuleNotFoundError", "'os'");
}

#[test]
fn importlib_sys_builtins_marshal_gc_are_not_importable() {
    for name in ["importlib", "sys", "builtins", "marshal", "gc", "_imp", "_io", "_thread", "atexit", "_frozen_importlib"] {
        let code: &'static str = Box::leak(format!("import {name}").into_boxed_str());
        let r = run(code);
        let err = r.error.unwrap_or_else(|| panic!("import {name} succeeded"));
        assert_eq!(err.type_name, "ModuleNotFoundError", "{name}");
    }
}

#[test]
fn relative_import_from_main_fails() {
    let r = run("from . import os");
    assert_eq!(r.error.expect("fails").type_name, "ImportError");
}

#[test]
fn frame_builtins_route_is_gated() {
    assert_fails(
        "def g():\n    yield 1\ngen = g()\ngen.gi_frame.f_builtins['__import__']('os')",
        "ModuleNotFoundError",
        "'os'",
    );
}

#[test]
fn generator_frame_globals_are_only_the_learners() {
    let r = run("def g():\n    yield 1\ngen = g()\nsorted(k for k in gen.gi_frame.f_globals if not k.startswith('__'))");
    assert_eq!(r.error, None);
    assert_eq!(r.display.as_deref(), Some("['g', 'gen']\n"));
}

#[test]
fn code_objects_cannot_be_made_or_replaced() {
    assert_fails("(lambda: 0).__code__.replace(co_code=b'\\x00' * 4)", "AttributeError", "replace");
    assert_fails("c = (lambda: 0).__code__\ntype(c)(0, 0, 0, 0, 0, 0, b'', (), (), (), 'x', 'x', 'x', 1, b'', b'')", "TypeError", "cannot create 'code' objects");
}

#[test]
fn tampering_with_builtins_import_does_not_open_anything() {
    // Deleting the gate leaves no import at all, not an ungated one.
    let r = run("import builtins");
    assert!(r.error.is_some());
    let r = run("b = __builtins__ if isinstance(__builtins__, dict) else vars(__builtins__)\ndel b['__import__']\nimport os");
    let err = r.error.expect("fails");
    assert!(err.type_name == "ImportError" || err.type_name == "ModuleNotFoundError", "{}", err.traceback);
}

#[test]
fn subclasses_walk_finds_no_host_access() {
    let r = run(HOST_SEARCH);
    assert_eq!(r.error, None, "{:?}", r.error.as_ref().map(|e| &e.traceback));
    assert_eq!(r.stdout, "[]\n");
}

#[test]
fn builtin_importer_cannot_load_host_modules() {
    for code in [
        "[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'BuiltinImporter'][0].load_module('posix')",
        "import math\nmath.__loader__.load_module('_socket')",
        "import math\nmath.__spec__.loader.create_module(type(math.__spec__)('marshal', None))",
    ] {
        let r = with_session(move |s| s.run_cell(code, "<test>", 1));
        let err = r.error.unwrap_or_else(|| panic!("{code} succeeded: {:?}", r.display));
        assert!(err.type_name.ends_with("Error"), "{code}: {}", err.traceback);
        assert!(!err.traceback.contains("Traceback") || err.type_name != "SystemError");
    }
}

/// The importlib bootstrap's globals hold `sys` and `_imp`; reaching them
/// through a function's `__globals__` must still give nothing on the host.
#[test]
fn importlib_globals_give_no_files_or_environment() {
    let code = r#"
boot = [c for c in object.__subclasses__() if c.__name__ == 'BuiltinImporter'][0].find_spec.__globals__
sys, imp = boot['sys'], boot['_imp']
results = []
for name in ['posix', 'os', 'marshal', '_socket', '_ctypes', 'mmap', 'zlib', '_signal']:
    try:
        module = imp.create_builtin(type('Spec', (), {'name': name})())
        results.append(name + (' refused' if module is None else ' loaded'))
    except Exception as e:
        results.append(name + ' refused')
io = sys.modules['_io']
for attempt in [lambda: io.open('/etc/passwd'), lambda: io.open_code('/etc/passwd'), lambda: io.FileIO('/etc/passwd')]:
    try:
        attempt()
        results.append('file opened')
    except Exception as e:
        results.append('file refused')
print(results)
print(hasattr(sys, 'environ'), 'HOME' in str(vars(sys)))
print(sorted(sys.builtin_module_names))
"#;
    let r = run(code);
    assert_eq!(r.error, None, "{:?}", r.error.as_ref().map(|e| &e.traceback));
    assert_eq!(
        r.stdout,
        "['posix refused', 'os refused', 'marshal refused', '_socket refused', '_ctypes refused', \
         'mmap refused', 'zlib refused', '_signal refused', 'file refused', 'file refused', 'file refused']\n\
         False False\n\
         ['_abc', '_ast', '_bisect', '_codecs', '_collections', '_functools', '_imp', '_io', '_json', \
         '_operator', '_random', '_sre', '_stat', '_statistics', '_string', '_tl_host', '_tl_torch', '_types', \
         '_typing', '_warnings', '_weakref', 'atexit', 'builtins', 'cmath', 'errno', 'gc', 'itertools', 'math', \
         'numpy', 'sys', 'time']\n"
    );
}

#[test]
fn input_and_breakpoint_are_refused() {
    assert_fails("input('name? ')", "RuntimeError", "input() is not available");
    assert_fails("breakpoint()", "RuntimeError", "breakpoint() is not available");
}

#[test]
fn allowed_modules_work() {
    let r = run("import math, cmath, time, random, itertools\nrandom.seed(42)\n(math.sqrt(16), cmath.sqrt(-1), random.random(), random.randint(1, 100), list(itertools.islice(itertools.count(), 3)))");
    assert_eq!(r.error, None, "{:?}", r.error.as_ref().map(|e| &e.traceback));
    // CPython 3.11: random.seed(42); random.random(), random.randint(1, 100)
    assert_eq!(r.display.as_deref(), Some("(4.0, 1j, 0.6394267984578837, 4, [0, 1, 2])\n"));
}

#[test]
fn infinite_loop_stops_at_the_time_limit() {
    with_session(|s| {
        let watchdog = Watchdog::spawn(&s.interrupt_handle());
        let start = Instant::now();
        watchdog.arm(Duration::from_millis(500), None);
        let r = s.run_cell("while True:\n    pass\n", "<test>", 1);
        assert!(watchdog.disarm());
        let err = r.error.expect("stopped");
        assert_eq!(err.kind, ErrorKind::Timeout);
        assert_eq!(err.type_name, "TimeoutError");
        assert!(start.elapsed() < Duration::from_secs(3), "took {:?}", start.elapsed());
        // The session is still usable after the stop.
        let r = s.run_cell("1 + 1", "<test>", 1);
        assert_eq!(r.display.as_deref(), Some("2\n"));
    });
}

#[test]
fn swallowed_timeout_is_raised_again() {
    with_session(|s| {
        let watchdog = Watchdog::spawn(&s.interrupt_handle());
        watchdog.arm(Duration::from_millis(300), None);
        let code = "n = 0\ntry:\n    while True:\n        pass\nexcept TimeoutError:\n    n += 1\nwhile True:\n    pass\n";
        let r = s.run_cell(code, "<test>", 1);
        watchdog.disarm();
        assert_eq!(r.error.expect("stopped").kind, ErrorKind::Timeout);
    });
}

#[test]
fn interrupt_from_another_thread_raises_keyboard_interrupt() {
    with_session(|s| {
        let handle = s.interrupt_handle();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            handle.interrupt();
        });
        let r = s.run_cell("import time\nwhile True:\n    time.sleep(0.01)\n", "<test>", 1);
        t.join().unwrap();
        let err = r.error.expect("interrupted");
        assert_eq!(err.type_name, "KeyboardInterrupt");
        assert_eq!(err.kind, ErrorKind::Interrupted);
    });
}

#[test]
fn deep_recursion_is_a_recursion_error() {
    let r = run("def f(n):\n    return f(n + 1)\nf(0)");
    let err = r.error.expect("raises");
    assert_eq!(err.type_name, "RecursionError");
    assert!(err.message.contains("maximum recursion depth exceeded"), "{}", err.message);
}

#[test]
fn huge_output_is_cut_with_a_note() {
    let r = with_session(|s| {
        let mut small = Session::with_config(&Default::default(), 1000).unwrap();
        let _ = s;
        small.run_cell("for i in range(50):\n    print('x' * 100)\n", "<test>", 1)
    });
    assert!(r.output_truncated);
    assert_eq!(r.stdout.len(), 1000);
    assert_eq!(r.error, None);
}

/// Source nested past what the parser's native stack takes is refused as
/// CPython refuses it, before the parser sees it, and the session goes on.
#[test]
fn too_deeply_nested_source_is_refused_not_a_crash() {
    with_session(|s| {
        let cases = [
            (format!("x = {}1", "-".repeat(100_000)), "RecursionError"),
            (format!("x = {}", vec!["1"; 200_000].join("+")), "RecursionError"),
            (format!("x = {}{}", "(".repeat(100_000), ")".repeat(100_000)), "SyntaxError"),
            (format!("eval('{}1')", "-".repeat(100_000)), "RecursionError"),
            (format!("exec(compile('{}1', 's', 'exec'))", "~".repeat(100_000)), "RecursionError"),
            (format!("%%time\nx = {}1", "-".repeat(100_000)), "RecursionError"),
        ];
        for (code, expected) in cases {
            let r = s.run_cell(&code, "<test>", 1);
            let err = r.error.expect("refused");
            assert_eq!(err.type_name, expected, "{}", &code[..20]);
        }
        assert_eq!(s.run_cell("1 + 1", "<test>", 1).display.as_deref(), Some("2\n"));
    });
}

//! Runs Python snippets in a bare RustPython interpreter with `numpy` registered and
//! compares what they print with what real NumPy 2.4 printed for the same code
//! (recorded with /work/venv/bin/python; expected text is never produced by us).
use rustpython_vm::builtins::PyStr;
use rustpython_vm::compiler::Mode;
use rustpython_vm::scope::Scope;
use rustpython_vm::{AsObject, Interpreter, PyObjectRef, Settings, VirtualMachine};

mod arrays;
mod math;
mod more;
mod session;
mod sharing;

/// Runs `code` and returns its stdout, then the exception line (`TypeError: ...`) if any.
pub fn run(code: &str) -> String {
    run_with(code, |_, _| {})
}

/// Like [`run`], with `setup` called first on the VM and the cell's scope (to bind globals).
pub fn run_with(code: &str, setup: impl FnOnce(&VirtualMachine, &Scope)) -> String {
    let mut settings = Settings::default();
    settings.hash_seed = Some(0);
    settings.ignore_environment = true;
    settings.import_site = false;
    let builder = Interpreter::builder(settings);
    let ctx = builder.ctx.clone();
    let numpy = super::module_def(&ctx);
    let interp = builder.add_native_modules(&[numpy]).build();
    interp.enter(|vm| {
        let scope = vm.new_scope_with_builtins();
        let exec = |src: &str| {
            let code = vm
                .compile(src, Mode::Exec, "<cell>".to_owned())
                .map_err(|e| vm.new_syntax_error(&e, Some(src)))?;
            vm.run_code_obj(code, scope.clone())
        };
        exec("import _io, sys\nsys.stdout = _io.StringIO()\n").expect("stdout capture");
        setup(vm, &scope);
        let result = exec(code);
        let text = |o: PyObjectRef| {
            o.downcast::<PyStr>()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let stdout = vm.sys_module.get_attr("stdout", vm).expect("sys.stdout");
        let out = vm
            .call_method(&stdout, "getvalue", ())
            .map(text)
            .unwrap_or_default();
        match result {
            Ok(_) => out,
            Err(exc) => {
                let class = exc.class().name().to_string();
                let msg = vm
                    .call_method(exc.as_object(), "__str__", ())
                    .map(text)
                    .unwrap_or_default();
                format!("{out}{class}: {msg}\n")
            }
        }
    })
}

/// Asserts that `code` prints exactly `expected`.
#[track_caller]
pub fn check(code: &str, expected: &str) {
    let got = run(code);
    assert_eq!(
        got, expected,
        "\n--- code ---\n{code}\n--- got ---\n{got}\n--- expected ---\n{expected}"
    );
}

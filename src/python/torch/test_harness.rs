//! A minimal interpreter for the binding's own tests: RustPython without its stdlib,
//! `_tl_torch` registered, the `torch` package executed from its embedded source,
//! and stdout captured. (The full sandboxed runner lives in `src/python/`.)
use rustpython_vm::{AsObject, Interpreter, PyResult, Settings, VirtualMachine};

const CAPTURE_PY: &str = r#"
import sys
class _Capture:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)
    def flush(self):
        pass
sys.stdout = _Capture()
"#;

fn interpreter() -> Interpreter {
    let mut settings = Settings::default();
    settings.import_site = false;
    settings.ignore_environment = true;
    settings.path_list = Vec::new();
    settings.hash_seed = Some(0);
    let builder = Interpreter::builder(settings);
    let def = super::module_def(&builder.ctx);
    builder.add_native_module(def).build()
}

fn install_torch(vm: &VirtualMachine) -> PyResult<()> {
    let scope = vm.new_scope_with_builtins();
    let module = vm.new_module("torch", scope.globals.clone(), None);
    let modules = vm.sys_module.get_attr("modules", vm)?;
    modules.set_item("torch", module.into(), vm)?;
    vm.run_string(
        scope,
        super::TORCH_INIT_PY,
        "<tensorlings>/torch/__init__.py".to_owned(),
    )?;
    Ok(())
}

fn exception_line(
    vm: &VirtualMachine,
    exc: &rustpython_vm::builtins::PyBaseExceptionRef,
) -> String {
    let name = exc.class().name().to_string();
    let msg = exc
        .as_object()
        .str(vm)
        .map(|s| s.to_string())
        .unwrap_or_default();
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

/// Runs `code` (after `import torch`) and returns what it printed. An exception ends
/// the run and appends `ExceptionName: message` as `tensorlings run --allow-errors` prints it.
pub fn run(code: &str) -> String {
    let interp = interpreter();
    interp.enter(|vm| {
        let scope = vm.new_scope_with_builtins();
        if let Err(e) = vm.run_string(scope.clone(), CAPTURE_PY, "<capture>".to_owned()) {
            return format!("harness failed: {}", exception_line(vm, &e));
        }
        if let Err(e) = install_torch(vm) {
            return format!("import torch failed: {}", exception_line(vm, &e));
        }
        let result = vm.run_string(
            scope.clone(),
            &format!("import torch\n{code}"),
            "<cell>".to_owned(),
        );
        let out = vm
            .run_block_expr(scope, "''.join(sys.stdout.parts)")
            .ok()
            .and_then(|o| o.str(vm).ok().map(|s| s.to_string()))
            .unwrap_or_default();
        match result {
            Ok(_) => out,
            Err(e) => format!("{out}{}\n", exception_line(vm, &e)),
        }
    })
}

//! The sandbox learner code runs in.
//!
//! The boundary is what the VM contains, not what Python code can see: the
//! VM is built without `host_env` (no `os`, `posix`, `_signal`, `_ctypes`,
//! sockets, `FileIO`), the stdlib crate contributes only the modules in
//! `interpreter::STDLIB_ALLOW_LIST`, and `interpreter::REMOVED_VM_MODULES` are
//! taken out before the VM starts. `__subclasses__` walks, `__globals__` of
//! importlib's functions, `sys.modules`, `_imp.create_builtin` and frame
//! tricks therefore reach only the modules audited below.
//!
//! On top of that, this file gives learner code clear errors: an import gate
//! (`builtins.__import__`) that allows only the listed modules and names the
//! allowed ones, `open`/`input`/`breakpoint` that raise instead of touching the
//! host, and no way to make code objects from bytes.
//!
//! Audit of the modules the VM always carries (0.5, without `host_env`):
//! - `_io`: StringIO/BytesIO/TextIOWrapper over Python objects only; without
//!   `host_env` it has no `FileIO`, so `_io.open`/`open_code` cannot open a
//!   path (tested). Not importable by learners.
//! - `_thread`: the frozen single-threaded stand-in (no `threading` feature):
//!   no real threads. Not importable.
//! - `gc`: `get_objects`/`get_referrers` reach every object, which only
//!   matters for objects that are themselves dangerous (none are). Not importable.
//! - `marshal`: removed from the VM (raw bytes to code objects).
//! - `_imp`: can instantiate any module definition the VM has, all of them
//!   audited here; reachable through importlib's globals, not importable.
//! - `atexit`: callbacks run only at interpreter finalization, which we never
//!   call. Not importable.
//! - `time`: clocks and `sleep` (which checks for interrupts). Allowed.
//! - `errno`, `itertools`, `_collections`, `_functools`, `_operator`, `_abc`,
//!   `_weakref`, `_string`, `_sre`, `_stat`, `_codecs`, `_typing`, `_warnings`,
//!   `_ast`, `_types`: pure computation. Allowed (Python's own code needs them).
//! - `_symtable`, `_sysconfig`, `_sysconfigdata`: removed from the VM.
//! - `sys`: in-memory interpreter state (modules, recursion limit, stdout
//!   object); no `os`-level access. Not importable by learners; reachable
//!   through frames, which gives nothing beyond this list.
//! - code objects: `code.replace` and `code(...)` are disabled, because
//!   hand-made bytecode can corrupt the VM's memory.

use std::collections::BTreeSet;

use rustpython_vm::builtins::{PyDictRef, PyStr};
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, PyObjectRef, PyResult, VirtualMachine};

use super::interpreter::InterpreterConfig;
use super::parse_guard;

/// Modules learner code may import by name, and are listed in the error.
pub const PUBLIC_MODULES: &[&str] = &["cmath", "collections", "math", "matplotlib", "numpy", "random", "time", "torch"];

/// Modules Python's own code and our embedded modules import; harmless (see
/// the audit above), allowed but not advertised.
pub const INTERNAL_MODULES: &[&str] = &[
    "_abc", "_ast", "_bisect", "_codecs", "_collections", "_functools", "_json", "_operator",
    "_random", "_sre", "_stat", "_statistics", "_string", "_types", "_typing", "_warnings",
    "_weakref", "copyreg", "errno", "itertools",
];

/// Who may import what.
#[derive(Clone, Debug)]
pub struct ImportPolicy {
    /// Top-level names learner code may import.
    pub allowed: BTreeSet<String>,
    /// Top-level names shown to the learner in the error message.
    pub advertised: BTreeSet<String>,
    /// Modules whose own imports are not gated (our embedded source modules):
    /// they may import anything the VM has, e.g. `sys`.
    pub trusted_importers: BTreeSet<String>,
}

impl ImportPolicy {
    pub fn for_config(config: &InterpreterConfig) -> Self {
        let mut allowed: BTreeSet<String> =
            PUBLIC_MODULES.iter().chain(INTERNAL_MODULES).map(|s| s.to_string()).collect();
        let mut trusted = BTreeSet::new();
        for m in &config.native_modules {
            allowed.insert(top_level(m.name).to_owned());
        }
        for m in &config.source_modules {
            allowed.insert(top_level(m.name).to_owned());
            trusted.insert(m.name.to_owned());
        }
        let advertised = PUBLIC_MODULES.iter().map(|s| s.to_string()).collect();
        Self { allowed, advertised, trusted_importers: trusted }
    }

    pub fn allows(&self, absolute_name: &str) -> bool {
        self.allowed.contains(top_level(absolute_name))
    }
}

fn top_level(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// Puts the sandbox in place in a freshly built VM.
pub fn install(vm: &VirtualMachine, policy: &ImportPolicy) -> PyResult<()> {
    install_import_gate(vm, policy.clone())?;
    for name in ["compile", "exec", "eval"] {
        guard_compiling_builtin(vm, name)?;
    }
    replace_host_builtins(vm)?;
    disable_code_construction(vm);
    intern_type_names(vm)?;
    Ok(())
}

/// RustPython 0.5 panics on `T.__name__` for a few built-in types whose
/// names were never interned (e.g. `async_generator_wrapped_value`, which a
/// `object.__subclasses__()` walk reaches). Interning every built-in type's
/// name up front makes those lookups plain.
fn intern_type_names(vm: &VirtualMachine) -> PyResult<()> {
    // `type.__subclasses__(t)`, unbound, so metaclasses do not get in the way.
    let subclasses_of = vm.ctx.types.type_type.as_object().get_attr("__subclasses__", vm)?;
    let mut stack = vec![vm.ctx.types.object_type.to_owned()];
    let mut seen = std::collections::HashSet::new();
    while let Some(typ) = stack.pop() {
        if !seen.insert(typ.get_id()) {
            continue;
        }
        let name = typ.slot_name().to_string();
        let short = name.rsplit_once('.').map_or(name.as_str(), |(_, n)| n).to_owned();
        vm.ctx.intern_str(short);
        let subs = subclasses_of.call((typ.clone(),), vm)?;
        for sub in subs.try_to_value::<Vec<PyObjectRef>>(vm)? {
            if let Ok(t) = sub.downcast::<rustpython_vm::builtins::PyType>() {
                stack.push(t);
            }
        }
    }
    Ok(())
}

fn install_import_gate(vm: &VirtualMachine, policy: ImportPolicy) -> PyResult<()> {
    let original = vm.builtins.get_attr("__import__", vm)?;
    let gate = vm.new_function("__import__", move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        check_import(&args, &policy, vm)?;
        original.call(args, vm)
    });
    vm.builtins.set_attr("__import__", gate, vm)?;
    Ok(())
}

fn arg<'a>(args: &'a FuncArgs, index: usize, name: &str) -> Option<&'a PyObjectRef> {
    args.args.get(index).or_else(|| args.kwargs.get(name))
}

fn str_of(obj: &PyObjectRef) -> Option<String> {
    obj.downcast_ref::<PyStr>().map(|s| s.to_string_lossy().into_owned())
}

fn check_import(args: &FuncArgs, policy: &ImportPolicy, vm: &VirtualMachine) -> PyResult<()> {
    // Malformed calls get the original function's own errors.
    let Some(name) = arg(args, 0, "name").and_then(str_of) else { return Ok(()) };
    let globals = arg(args, 1, "globals").and_then(|g| g.clone().downcast::<rustpython_vm::builtins::PyDict>().ok());
    let level = match arg(args, 4, "level") {
        Some(l) => l.try_index(vm).ok().and_then(|i| i.try_to_primitive::<usize>(vm).ok()).unwrap_or(0),
        None => 0,
    };
    let importer = globals.as_ref().and_then(|g| global_str(g, "__name__", vm));
    if importer.as_deref().is_some_and(|n| policy.trusted_importers.contains(n)) {
        return Ok(());
    }
    let absolute = if level == 0 { name.clone() } else { resolve_relative(&name, globals.as_ref(), level, vm) };
    if level > 0 && absolute == name && !name.contains('.') && package_of(globals.as_ref(), vm).is_empty() {
        // No parent package: importlib's own "attempted relative import" error says it best.
        return Ok(());
    }
    if policy.allows(&absolute) {
        return Ok(());
    }
    let list: Vec<&str> = policy.advertised.iter().map(String::as_str).collect();
    let message = format!(
        "No module named '{absolute}': tensorlings runs Python in a sandbox that provides only {}",
        list.join(", ")
    );
    let exc = vm.new_exception_msg(vm.ctx.exceptions.module_not_found_error.to_owned(), message.into());
    exc.as_object().set_attr("name", vm.ctx.new_str(absolute), vm)?;
    Err(exc)
}

fn global_str(globals: &PyDictRef, key: &str, vm: &VirtualMachine) -> Option<String> {
    globals.get_item_opt(key, vm).ok().flatten().and_then(|v| str_of(&v))
}

/// `from .x import y` inside a package: the absolute name, as importlib computes it.
fn resolve_relative(name: &str, globals: Option<&PyDictRef>, level: usize, vm: &VirtualMachine) -> String {
    let package = package_of(globals, vm);
    let mut base = package.as_str();
    for _ in 1..level {
        base = base.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
    }
    match (base.is_empty(), name.is_empty()) {
        (true, _) => name.to_owned(),
        (false, true) => base.to_owned(),
        (false, false) => format!("{base}.{name}"),
    }
}

/// The package a module's relative imports are resolved against.
fn package_of(globals: Option<&PyDictRef>, vm: &VirtualMachine) -> String {
    globals
        .and_then(|g| global_str(g, "__package__", vm))
        .or_else(|| {
            let g = globals?;
            let module = global_str(g, "__name__", vm)?;
            let is_package = g.get_item_opt("__path__", vm).ok().flatten().is_some();
            Some(if is_package { module } else { module.rsplit_once('.').map(|(p, _)| p.to_owned()).unwrap_or_default() })
        })
        .unwrap_or_default()
}

/// Raises what CPython raises for source its compiler refuses as too deep
/// (see `parse_guard.rs`), so the compiler never sees it.
pub fn check_source(vm: &VirtualMachine, source: &str) -> PyResult<()> {
    match parse_guard::check(source) {
        Ok(()) => Ok(()),
        Err(parse_guard::Refusal::TooDeep) => Err(vm.new_exception_msg(
            vm.ctx.exceptions.recursion_error.to_owned(),
            "maximum recursion depth exceeded during compilation".into(),
        )),
        Err(parse_guard::Refusal::TooManyBrackets { line }) => {
            let exc = vm.new_exception_msg(vm.ctx.exceptions.syntax_error.to_owned(), "too many nested parentheses".into());
            exc.as_object().set_attr("lineno", vm.ctx.new_int(line), vm)?;
            Err(exc)
        }
    }
}

/// `compile`, `exec` and `eval` of a string go through [`check_source`] first.
fn guard_compiling_builtin(vm: &VirtualMachine, name: &'static str) -> PyResult<()> {
    let original = vm.builtins.get_attr(name, vm)?;
    let guarded = vm.new_function(name, move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        if let Some(source) = args.args.first().or_else(|| args.kwargs.get("source")).and_then(str_of) {
            check_source(vm, &source)?;
        }
        original.call(args, vm)
    });
    vm.builtins.set_attr(name, guarded, vm)
}

/// `open`, `input` and `breakpoint` would touch the host (files, the kernel's
/// protocol pipe, a debugger); they raise a clear error instead.
fn replace_host_builtins(vm: &VirtualMachine) -> PyResult<()> {
    let open = vm.new_function("open", |_args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        Err(vm
            .new_os_subtype_error(
                vm.ctx.exceptions.permission_error.to_owned(),
                None,
                "open() is not available: tensorlings runs Python in a sandbox without files",
            )
            .upcast())
    });
    let input = vm.new_function("input", |_args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        Err(vm.new_exception_msg(
            vm.ctx.exceptions.runtime_error.to_owned(),
            "input() is not available: tensorlings cells cannot read from the keyboard".into(),
        ))
    });
    let breakpoint = vm.new_function("breakpoint", |_args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        Err(vm.new_exception_msg(
            vm.ctx.exceptions.runtime_error.to_owned(),
            "breakpoint() is not available in tensorlings".into(),
        ))
    });
    vm.builtins.set_attr("open", open, vm)?;
    vm.builtins.set_attr("input", input, vm)?;
    vm.builtins.set_attr("breakpoint", breakpoint, vm)?;
    // Nothing reads stdin: the kernel's stdin is its protocol pipe.
    vm.sys_module.set_attr("stdin", vm.ctx.none(), vm)?;
    vm.sys_module.set_attr("__stdin__", vm.ctx.none(), vm)?;
    Ok(())
}

fn refuse_code_new(
    _cls: rustpython_vm::builtins::PyTypeRef,
    _args: FuncArgs,
    vm: &VirtualMachine,
) -> PyResult {
    Err(vm.new_type_error("cannot create 'code' objects in tensorlings"))
}

/// Hand-made bytecode is the one way Python code could corrupt the VM; the
/// compiler is the only source of code objects.
fn disable_code_construction(vm: &VirtualMachine) {
    let code_type = vm.ctx.types.code_type;
    code_type.slots.new.store(Some(refuse_code_new));
    let mut attrs = code_type.attributes.write();
    attrs.swap_remove(&vm.ctx.intern_str("replace"));
    attrs.swap_remove(&vm.ctx.intern_str("__new__"));
}

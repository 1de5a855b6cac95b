//! Building a sandboxed RustPython interpreter: the stdlib allow-list, the
//! registered native and embedded modules, and the hooks the limits need.

use rustpython_vm::{Interpreter, PyResult, Settings, VirtualMachine};

use super::limits::InterruptHandle;
use super::registry::{self, EmbeddedCompileError, NativeModule, SourceModule};
use super::sandbox;

/// The modules of `rustpython-stdlib` we register. Everything else in that
/// crate (zlib, socket, select, mmap, array, hashlib, ...) is never added to
/// the VM, so no import route can reach it.
pub const STDLIB_ALLOW_LIST: &[&str] = &["math", "cmath", "_random", "_bisect", "_statistics", "_json"];

/// Module definitions the VM always carries that we take out before it starts,
/// so nothing (not even `_imp.create_builtin` or `sys.modules` tricks) can
/// load them. The VM's own startup does not need them.
/// - `marshal`: `marshal.loads` builds code objects from raw bytes, and
///   hand-made bytecode can corrupt the VM's memory.
/// - `_symtable`, `_sysconfig`, `_sysconfigdata`: compiler/build internals,
///   nothing a lesson needs.
pub const REMOVED_VM_MODULES: &[&str] = &["marshal", "_symtable", "_sysconfig", "_sysconfigdata"];

/// What goes into one interpreter.
#[derive(Clone)]
pub struct InterpreterConfig {
    pub native_modules: Vec<NativeModule>,
    pub source_modules: Vec<SourceModule>,
    /// Python's recursion limit (CPython's default is 1000).
    pub recursion_limit: usize,
}

impl Default for InterpreterConfig {
    /// The registry's modules (static lists plus run-time additions).
    fn default() -> Self {
        Self {
            native_modules: registry::native_modules(),
            source_modules: registry::source_modules(),
            recursion_limit: 1000,
        }
    }
}

/// Why an interpreter could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Embedded(#[from] EmbeddedCompileError),
    #[error("setting up the sandbox failed: {0}")]
    Sandbox(String),
}

/// Builds an interpreter with only the allowed modules and the sandbox in
/// place, and returns it with the handle that interrupts its running code
/// from any thread. Run it on the thread that built it: the VM measures its
/// native stack there to turn deep recursion into `RecursionError`.
pub fn build(config: &InterpreterConfig) -> Result<(Interpreter, InterruptHandle), BuildError> {
    let frozen = registry::frozen_modules(&config.source_modules)?;
    let mut settings = Settings::default();
    // Fixed hashing, so runs are reproducible like PYTHONHASHSEED=0.
    settings.hash_seed = Some(0);
    settings.ignore_environment = true;
    settings.allow_external_library = false;
    settings.import_site = false;
    settings.install_signal_handlers = false;
    settings.path_list = Vec::new();
    settings.argv = vec![String::new()];

    let builder = Interpreter::builder(settings);
    let ctx = builder.ctx.clone();
    let stdlib_defs: Vec<_> = rustpython_stdlib::stdlib_module_defs(&ctx)
        .into_iter()
        .filter(|def| STDLIB_ALLOW_LIST.contains(&def.name.as_str()))
        .collect();
    let native_defs: Vec<_> = config.native_modules.iter().map(|m| (m.def)(&ctx)).collect();

    let (handle, receiver) = InterruptHandle::new();
    let recursion_limit = config.recursion_limit;
    let interp = builder
        .add_native_modules(&stdlib_defs)
        .add_native_modules(&native_defs)
        .add_frozen_modules(frozen)
        .init_hook(move |vm: &mut VirtualMachine| {
            vm.set_user_signal_channel(receiver);
            vm.recursion_limit.set(recursion_limit);
            if let Some(state) = rustpython_vm::common::rc::PyRc::get_mut(&mut vm.state) {
                // `_sysconfigdata` is also registered under a platform name.
                state.module_defs.retain(|name, _| {
                    !REMOVED_VM_MODULES.contains(name) && !name.starts_with("_sysconfigdata")
                });
            }
        })
        .build();

    let allowed = sandbox::ImportPolicy::for_config(config);
    interp
        .enter(|vm| -> PyResult<()> { sandbox::install(vm, &allowed) })
        .map_err(|exc| {
            let text = interp.enter(|vm| super::traceback::exception_line(vm, &exc));
            BuildError::Sandbox(text)
        })?;
    Ok((interp, handle))
}

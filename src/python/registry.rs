//! Which modules an interpreter can import: native (Rust) modules and Python
//! source modules embedded in the binary.
//!
//! Two ways in, both read when an interpreter is built:
//! - the static lists in [`builtin_native_modules`] / [`builtin_source_modules`]
//!   (edit these for modules every interpreter must have: `torch._C`, `torch.nn`, ...);
//! - [`add_native_module`] / [`add_source_module`] at run time, before the
//!   interpreter is built (tests, tools, optional modules).
//!
//! Every registered name is importable by learner code when its top-level
//! package is in the import allow-list (see `sandbox.rs`); a module registered
//! here under a new top-level name is added to that allow-list automatically.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use rustpython_vm::builtins::PyModuleDef;
use rustpython_vm::compiler::{self, CompileOpts, Mode};
use rustpython_vm::frozen::{FrozenCodeObject, FrozenModule};
use rustpython_vm::Context;

/// How a native module is made: the `module_def` function that
/// `#[pymodule] mod name { ... }` generates (`name::module_def`).
pub type ModuleDefFn = fn(&Context) -> &'static PyModuleDef;

/// A module written in Rust.
#[derive(Clone, Copy)]
pub struct NativeModule {
    /// Import name; must equal the `name` of the `PyModuleDef` (e.g. `"_tensorlings_torch"`).
    pub name: &'static str,
    pub def: ModuleDefFn,
}

/// A module written in Python, embedded with `include_str!`.
#[derive(Clone, Copy)]
pub struct SourceModule {
    /// Dotted import name: `"torch.nn"` for `torch/nn/__init__.py`, `"torch.nn.functional"`.
    pub name: &'static str,
    pub source: &'static str,
    /// True for a package (`__init__.py`): it can have submodules.
    pub is_package: bool,
    /// Its bytecode compiled at build time (the built-in modules), so that
    /// starting a process compiles nothing; `None`: compiled on first use.
    pub bytecode: Option<&'static [u8]>,
}

impl SourceModule {
    pub const fn module(name: &'static str, source: &'static str) -> Self {
        Self { name, source, is_package: false, bytecode: None }
    }
    pub const fn package(name: &'static str, source: &'static str) -> Self {
        Self { name, source, is_package: true, bytecode: None }
    }
    /// The file name shown in tracebacks: `<tensorlings>/torch/nn/__init__.py`.
    pub fn file_name(&self) -> String {
        let path = self.name.replace('.', "/");
        if self.is_package {
            format!("<tensorlings>/{path}/__init__.py")
        } else {
            format!("<tensorlings>/{path}.py")
        }
    }
}

/// Native modules every interpreter gets (besides the stdlib allow-list of `interpreter.rs`).
/// The torch/numpy binding code adds its lines here.
pub fn builtin_native_modules() -> Vec<NativeModule> {
    vec![
        NativeModule { name: "_tl_host", def: super::host::module_def },
        NativeModule { name: super::torch::NATIVE_NAME, def: super::torch::module_def },
        NativeModule { name: "numpy", def: super::numpy::module_def },
    ]
}

/// A built-in module from `pylib/`: its source, and its bytecode compiled by
/// `py_compile!` while this crate builds (`include_str!` of the same file makes
/// an edit rebuild both). The file name must be `SourceModule::file_name`'s
/// (a test checks the bytecode equals a run-time compile of the source).
macro_rules! built_in {
    ($kind:ident, $name:literal, $file:literal, $shown:literal) => {
        SourceModule {
            bytecode: Some(rustpython_vm::py_compile!(file = $file, module_name = $shown).bytes),
            ..SourceModule::$kind($name, include_str!($file))
        }
    };
}

/// Python source modules every interpreter gets. Files live in `src/python/pylib/`.
pub fn builtin_source_modules() -> Vec<SourceModule> {
    vec![
        built_in!(module, "_tl_io", "pylib/_tl_io.py", "<tensorlings>/_tl_io.py"),
        built_in!(module, "_tl_pretty", "pylib/_tl_pretty.py", "<tensorlings>/_tl_pretty.py"),
        built_in!(module, "_tl_magics", "pylib/_tl_magics.py", "<tensorlings>/_tl_magics.py"),
        built_in!(module, "random", "pylib/random.py", "<tensorlings>/random.py"),
        built_in!(module, "collections", "pylib/collections.py", "<tensorlings>/collections.py"),
        built_in!(package, "torch", "pylib/torch/__init__.py", "<tensorlings>/torch/__init__.py"),
        built_in!(package, "torch.nn", "pylib/torch/nn/__init__.py", "<tensorlings>/torch/nn/__init__.py"),
        built_in!(module, "torch.nn.functional", "pylib/torch/nn/functional.py", "<tensorlings>/torch/nn/functional.py"),
        built_in!(module, "torch.nn.init", "pylib/torch/nn/init.py", "<tensorlings>/torch/nn/init.py"),
        built_in!(package, "torch.optim", "pylib/torch/optim/__init__.py", "<tensorlings>/torch/optim/__init__.py"),
        built_in!(package, "matplotlib", "pylib/matplotlib/__init__.py", "<tensorlings>/matplotlib/__init__.py"),
        built_in!(module, "matplotlib.pyplot", "pylib/matplotlib/pyplot.py", "<tensorlings>/matplotlib/pyplot.py"),
        built_in!(module, "matplotlib._tl_data", "pylib/matplotlib/_tl_data.py", "<tensorlings>/matplotlib/_tl_data.py"),
        built_in!(module, "matplotlib._tl_artists", "pylib/matplotlib/_tl_artists.py", "<tensorlings>/matplotlib/_tl_artists.py"),
        built_in!(module, "matplotlib._tl_axes", "pylib/matplotlib/_tl_axes.py", "<tensorlings>/matplotlib/_tl_axes.py"),
        built_in!(module, "matplotlib._tl_figure", "pylib/matplotlib/_tl_figure.py", "<tensorlings>/matplotlib/_tl_figure.py"),
    ]
}

fn extra_native() -> &'static Mutex<Vec<NativeModule>> {
    static EXTRA: OnceLock<Mutex<Vec<NativeModule>>> = OnceLock::new();
    EXTRA.get_or_init(Default::default)
}

fn extra_source() -> &'static Mutex<Vec<SourceModule>> {
    static EXTRA: OnceLock<Mutex<Vec<SourceModule>>> = OnceLock::new();
    EXTRA.get_or_init(Default::default)
}

/// Adds a native module to every interpreter built after this call.
pub fn add_native_module(name: &'static str, def: ModuleDefFn) {
    let mut list = extra_native().lock().unwrap_or_else(|e| e.into_inner());
    if !list.iter().any(|m| m.name == name) {
        list.push(NativeModule { name, def });
    }
}

/// Adds an embedded Python module (or package, with `is_package`) to every
/// interpreter built after this call.
pub fn add_source_module(name: &'static str, source: &'static str, is_package: bool) {
    let mut list = extra_source().lock().unwrap_or_else(|e| e.into_inner());
    if !list.iter().any(|m| m.name == name) {
        list.push(SourceModule { name, source, is_package, bytecode: None });
    }
}

/// All native modules: the static list, then run-time additions.
pub fn native_modules() -> Vec<NativeModule> {
    let mut all = builtin_native_modules();
    all.extend(extra_native().lock().unwrap_or_else(|e| e.into_inner()).iter().copied());
    all
}

/// All source modules: the static list, then run-time additions.
pub fn source_modules() -> Vec<SourceModule> {
    let mut all = builtin_source_modules();
    all.extend(extra_source().lock().unwrap_or_else(|e| e.into_inner()).iter().copied());
    all
}

/// An embedded module that does not compile: a bug in the binary, reported plainly.
#[derive(Debug, thiserror::Error)]
#[error("embedded Python module {name} does not compile: {message}")]
pub struct EmbeddedCompileError {
    pub name: String,
    pub message: String,
}

/// Compiles source modules to frozen code objects, once per process per
/// (name, source): the VM wants `'static` bytes, so each is leaked exactly once.
pub fn frozen_modules(
    modules: &[SourceModule],
) -> Result<Vec<(&'static str, FrozenModule)>, EmbeddedCompileError> {
    static CACHE: OnceLock<Mutex<HashMap<(&'static str, usize), &'static [u8]>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut out = Vec::with_capacity(modules.len());
    for m in modules {
        // The source's address tells two registrations of one name apart.
        let key = (m.name, m.source.as_ptr() as usize);
        let cached = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key).copied();
        let bytes = match cached.or(m.bytecode) {
            Some(b) => b,
            None => {
                let code = compiler::compile(m.source, Mode::Exec, &m.file_name(), CompileOpts::default())
                    .map_err(|e| EmbeddedCompileError { name: m.name.to_owned(), message: e.to_string() })?;
                let bytes: &'static [u8] = Box::leak(FrozenCodeObject::encode(&code).bytes.into_boxed_slice());
                cache.lock().unwrap_or_else(|e| e.into_inner()).insert(key, bytes);
                bytes
            }
        };
        out.push((m.name, FrozenModule { code: FrozenCodeObject { bytes }, package: m.is_package }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_time_bytecode_equals_a_run_time_compile_of_the_source() {
        for m in builtin_source_modules() {
            let built = m.bytecode.unwrap_or_else(|| panic!("{} has no build-time bytecode", m.name));
            let code = compiler::compile(m.source, Mode::Exec, &m.file_name(), CompileOpts::default()).unwrap();
            assert!(FrozenCodeObject::encode(&code).bytes == built, "{}: bytecode differs (file name or compile options)", m.name);
        }
    }
}

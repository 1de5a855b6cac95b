//! The extension points the torch/numpy bindings use: a native module with a
//! dotted name, and an embedded Python package with submodules built on it.

use tensorlings::python::interpreter::InterpreterConfig;
use tensorlings::python::runner::INTERPRETER_STACK_BYTES;
use tensorlings::python::{NativeModule, Session, SourceModule};

#[rustpython_vm::pymodule(name = "tltest._C")]
mod tltest_c {
    #[pyfunction]
    fn answer() -> i32 {
        42
    }
}

const PACKAGE: &str = "from tltest._C import answer\nfrom . import nn\n__version__ = '0.1'\n";
const NN: &str = "from .module import Module\nfrom . import functional\n";
const MODULE: &str = "class Module:\n    def __call__(self, *args):\n        return self.forward(*args)\n";
const FUNCTIONAL: &str = "from .. import _C\n\ndef double(x):\n    return 2 * x + _C.answer() - 42\n";

fn config() -> InterpreterConfig {
    let mut config = InterpreterConfig::default();
    config.native_modules.push(NativeModule { name: "tltest._C", def: tltest_c::module_def });
    config.source_modules.extend([
        SourceModule::package("tltest", PACKAGE),
        SourceModule::package("tltest.nn", NN),
        SourceModule::module("tltest.nn.module", MODULE),
        SourceModule::module("tltest.nn.functional", FUNCTIONAL),
    ]);
    config
}

fn run(code: &'static str) -> String {
    std::thread::Builder::new()
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || {
            let mut s = Session::with_config(&config(), 1 << 20).unwrap();
            let r = s.run_cell(code, "<test>", 1);
            match r.error {
                Some(e) => e.traceback,
                None => r.stdout + &r.display.unwrap_or_default(),
            }
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn packages_with_submodules_and_native_parts_import() {
    let out = run("import tltest\nimport tltest.nn.functional as F\nfrom tltest import nn\n(tltest.answer(), F.double(5), tltest.__version__, nn.Module.__name__)");
    assert_eq!(out, "(42, 10, '0.1', 'Module')\n");
}

#[test]
fn learners_can_subclass_embedded_classes() {
    let out = run("import tltest.nn as nn\nclass Twice(nn.Module):\n    def forward(self, x):\n        return nn.functional.double(x)\nTwice()(21)");
    assert_eq!(out, "42\n");
}

#[test]
fn errors_inside_embedded_modules_name_their_file() {
    let out = run("import tltest.nn.functional as F\nF.double(None)");
    assert!(out.contains("File \"<tensorlings>/tltest/nn/functional.py\", line 4, in double\n    return 2 * x + _C.answer() - 42\n"), "{out}");
    assert!(out.ends_with("TypeError: unsupported operand type(s) for *: 'int' and 'NoneType'\n"), "{out}");
}

#[test]
fn runtime_registration_reaches_new_sessions() {
    tensorlings::python::add_source_module("tlruntime", "VALUE = 7\n", false);
    let out = std::thread::Builder::new()
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(|| {
            let mut s = Session::new().unwrap();
            s.run_cell("import tlruntime\ntlruntime.VALUE", "<test>", 1).display
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(out.as_deref(), Some("7\n"));
}

//! How a cell shows its last expression, as Jupyter does: IPython's pretty
//! printer (79 columns; tuples, lists, dicts and sets broken one item a line
//! when too long; a multi-line repr inside a container indented under its
//! opening bracket). The algorithm lives in `pylib/_tl_pretty.py`, because it
//! calls `repr` and `_repr_pretty_` of arbitrary Python objects.

use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

/// The pretty printer of one interpreter.
#[derive(Clone)]
pub struct Display {
    pretty: PyObjectRef,
}

impl Display {
    pub fn new(vm: &VirtualMachine) -> PyResult<Self> {
        Ok(Self { pretty: vm.import("_tl_pretty", 0)?.get_attr("pretty", vm)? })
    }

    /// The text Jupyter shows for `value` (without a final newline).
    pub fn render(&self, vm: &VirtualMachine, value: PyObjectRef) -> PyResult<String> {
        Ok(self.pretty.call((value,), vm)?.str(vm)?.to_string_lossy().into_owned())
    }
}

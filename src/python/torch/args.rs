//! A small, cheap argument binder for PyTorch-style signatures: positional
//! arguments fill the names in order, keywords by name, unknown keywords and extra
//! positionals are TypeErrors worded as Python words them.
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

pub struct Args {
    slots: Vec<Option<PyObjectRef>>,
}

impl Args {
    /// Binds `args` to `names`; the first `required` names must be given.
    pub fn parse(
        vm: &VirtualMachine,
        args: FuncArgs,
        fname: &str,
        names: &[&str],
        required: usize,
    ) -> PyResult<Args> {
        let FuncArgs { args: pos, kwargs } = args;
        if pos.len() > names.len() {
            return Err(vm.new_type_error(format!(
                "{fname}() takes {} positional argument{} but {} were given",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                pos.len()
            )));
        }
        let mut slots: Vec<Option<PyObjectRef>> = Vec::with_capacity(names.len());
        let npos = pos.len();
        slots.extend(pos.into_iter().map(Some));
        slots.resize(names.len(), None);
        for (k, v) in kwargs {
            match names.iter().position(|n| *n == k) {
                Some(i) if i < npos => {
                    return Err(vm.new_type_error(format!(
                        "{fname}() got multiple values for argument '{k}'"
                    )));
                }
                Some(i) => slots[i] = Some(v),
                None => {
                    return Err(vm.new_type_error(format!(
                        "{fname}() got an unexpected keyword argument '{k}'"
                    )));
                }
            }
        }
        if let Some(i) = (0..required).find(|&i| slots[i].is_none()) {
            return Err(vm.new_type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )));
        }
        Ok(Args { slots })
    }

    /// The argument at `i`, taken out (None when not given).
    pub fn take(&mut self, i: usize) -> Option<PyObjectRef> {
        self.slots.get_mut(i).and_then(Option::take)
    }

    /// The argument at `i` unless it was not given or is `None`.
    pub fn take_some(&mut self, vm: &VirtualMachine, i: usize) -> Option<PyObjectRef> {
        self.take(i).filter(|o| !vm.is_none(o))
    }
}

/// Splits varargs from keyword arguments for signatures like `zeros(*size, dtype=None, ...)`:
/// returns the positionals and binds the keywords to `names`.
pub fn varargs_with_kwargs(
    vm: &VirtualMachine,
    args: FuncArgs,
    fname: &str,
    names: &[&str],
) -> PyResult<(Vec<PyObjectRef>, Args)> {
    let FuncArgs { args: pos, kwargs } = args;
    let kw = Args::parse(
        vm,
        FuncArgs {
            args: vec![],
            kwargs,
        },
        fname,
        names,
        0,
    )?;
    Ok((pos, kw))
}

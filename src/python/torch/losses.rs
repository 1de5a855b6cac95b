//! The native loss ops behind `torch.nn.functional` (`torch._C._mse_loss`, ...):
//! one autograd node each, as PyTorch's. Argument checks that PyTorch makes in
//! Python (reduction strings, legacy arguments) stay in `functional.py`.
use super::args::Args;
use super::convert;
use super::errors::PyErrExt;
use super::functions::Func;
use super::tensor_class::{PyTensor, str_of};
use crate::tensor::Tensor;
use crate::tensor::autograd::functions::{self as ag, Reduction};
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

fn tensor(vm: &VirtualMachine, obj: Option<PyObjectRef>, fname: &str, name: &str, pos: usize) -> PyResult<Tensor> {
    let obj = obj.ok_or_else(|| vm.new_type_error(format!("{fname}() missing required argument '{name}'")))?;
    PyTensor::expect(&obj, vm, &format!("{fname}(): argument '{name}' (position {pos})"))
}

fn optional_tensor(vm: &VirtualMachine, a: &mut Args, i: usize, fname: &str, name: &str) -> PyResult<Option<Tensor>> {
    match a.take_some(vm, i) {
        Some(o) => tensor(vm, Some(o), fname, name, i + 1).map(Some),
        None => Ok(None),
    }
}

fn reduction(vm: &VirtualMachine, a: &mut Args, i: usize) -> PyResult<Reduction> {
    let r = match a.take_some(vm, i) {
        Some(o) => str_of(&o).ok_or_else(|| vm.new_type_error("reduction must be a string"))?.to_owned(),
        None => "mean".to_owned(),
    };
    Reduction::parse(&r).py(vm)
}

fn mse_loss(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "mse_loss", &["input", "target", "reduction"], 2)?;
    let x = tensor(vm, a.take(0), "mse_loss", "input", 1)?;
    let t = tensor(vm, a.take(1), "mse_loss", "target", 2)?;
    let r = reduction(vm, &mut a, 2)?;
    Ok(PyTensor::wrap(vm, ag::mse_loss(&x, &t, r).py(vm)?))
}

fn nll_loss(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let names = &["input", "target", "weight", "reduction", "ignore_index"];
    let mut a = Args::parse(vm, args, "nll_loss", names, 2)?;
    let x = tensor(vm, a.take(0), "nll_loss", "input", 1)?;
    let t = tensor(vm, a.take(1), "nll_loss", "target", 2)?;
    let w = optional_tensor(vm, &mut a, 2, "nll_loss", "weight")?;
    let r = reduction(vm, &mut a, 3)?;
    let ignore = match a.take_some(vm, 4) {
        Some(o) => convert::int_of(vm, &o)?,
        None => -100,
    };
    Ok(PyTensor::wrap(vm, ag::nll_loss(&x, &t, w.as_ref(), r, ignore).py(vm)?))
}

fn binary_cross_entropy(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let names = &["input", "target", "weight", "reduction"];
    let mut a = Args::parse(vm, args, "binary_cross_entropy", names, 2)?;
    let x = tensor(vm, a.take(0), "binary_cross_entropy", "input", 1)?;
    let t = tensor(vm, a.take(1), "binary_cross_entropy", "target", 2)?;
    let w = optional_tensor(vm, &mut a, 2, "binary_cross_entropy", "weight")?;
    let r = reduction(vm, &mut a, 3)?;
    Ok(PyTensor::wrap(vm, ag::binary_cross_entropy(&x, &t, w.as_ref(), r).py(vm)?))
}

fn binary_cross_entropy_with_logits(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let fname = "binary_cross_entropy_with_logits";
    let names = &["input", "target", "weight", "pos_weight", "reduction"];
    let mut a = Args::parse(vm, args, fname, names, 2)?;
    let x = tensor(vm, a.take(0), fname, "input", 1)?;
    let t = tensor(vm, a.take(1), fname, "target", 2)?;
    let w = optional_tensor(vm, &mut a, 2, fname, "weight")?;
    let pw = optional_tensor(vm, &mut a, 3, fname, "pos_weight")?;
    let r = reduction(vm, &mut a, 4)?;
    Ok(PyTensor::wrap(vm, ag::binary_cross_entropy_with_logits(&x, &t, w.as_ref(), pw.as_ref(), r).py(vm)?))
}

pub const FUNCTIONS: &[(&str, Func)] = &[
    ("_mse_loss", mse_loss),
    ("_nll_loss", nll_loss),
    ("_binary_cross_entropy", binary_cross_entropy),
    ("_binary_cross_entropy_with_logits", binary_cross_entropy_with_logits),
];

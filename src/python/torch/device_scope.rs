//! The device an op runs on, decided once at the Python boundary: every tensor
//! argument must be on the op's device (PyTorch's mixed-device RuntimeError; a
//! 0-dim CPU tensor is allowed, as a number), and the op runs inside
//! `fallback::on_device`, so tensors it creates land there even when it has no
//! CUDA kernel (the host round trip).
use super::convert;
use super::errors::PyErrExt;
use super::tensor_class::PyTensor;
use crate::backend::cuda::fallback;
use crate::backend::cuda::ops::common_device;
use crate::tensor::{Device, Tensor};
use rustpython_vm::builtins::{PyList, PyTuple};
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyObject, PyResult, VirtualMachine};

/// Methods whose tensor arguments may be on another device (they copy or only read sizes).
const CROSS_DEVICE: &[&str] = &[
    "to",
    "copy_",
    "type_as",
    "new_tensor",
    "expand_as",
    "view_as",
    "reshape_as",
    "cuda",
    "cpu",
    "set_",
];

/// The tensors among an op's arguments (one level into lists and tuples, for cat/stack).
fn tensors_in(args: &FuncArgs) -> Vec<Tensor> {
    let mut out = vec![];
    let mut visit = |o: &PyObject| {
        if let Some(t) = PyTensor::of(o) {
            out.push(t);
        } else if let Some(l) = o.downcast_ref::<PyList>() {
            out.extend(l.borrow_vec().iter().filter_map(|x| PyTensor::of(x)));
        } else if let Some(t) = o.downcast_ref::<PyTuple>() {
            out.extend(t.iter().filter_map(|x| PyTensor::of(x)));
        }
    };
    for a in &args.args {
        visit(a);
    }
    for (_, v) in &args.kwargs {
        visit(v);
    }
    out
}

/// Runs `op` (a method of `first`, or a function whose first tensor is `first`)
/// on the device of its tensors.
pub fn run<R>(
    vm: &VirtualMachine,
    name: &str,
    first: &Tensor,
    args: &FuncArgs,
    op: impl FnOnce() -> PyResult<R>,
) -> PyResult<R> {
    let mut all = vec![first.clone()];
    all.extend(tensors_in(args));
    run_tensors(vm, name, all, op)
}

/// Runs `op` on the device of `tensors` (in argument order: the first leads, as
/// PyTorch names the devices in that order in its error).
pub fn run_tensors<R>(
    vm: &VirtualMachine,
    name: &str,
    tensors: Vec<Tensor>,
    op: impl FnOnce() -> PyResult<R>,
) -> PyResult<R> {
    let Some(first) = tensors.first().map(|t| t.device()) else {
        return in_scope(vm, Device::Cpu, op);
    };
    if tensors.iter().all(|t| t.device() == Device::Cpu) {
        return in_scope(vm, Device::Cpu, op);
    }
    if CROSS_DEVICE.contains(&name) {
        return in_scope(vm, first, op);
    }
    let device = if first.is_cuda() {
        check_with_first(first, &tensors[1..]).py(vm)?;
        first
    } else {
        common_device(tensors.iter()).py(vm)?
    };
    in_scope(vm, device, op)
}

fn check_with_first(first: Device, others: &[Tensor]) -> crate::tensor::Result<()> {
    for t in others {
        let d = t.device();
        if d != first && (d.is_cuda() || t.ndim() > 0) {
            return Err(crate::backend::cuda::ops::device_mismatch(first, d));
        }
    }
    Ok(())
}

/// A `torch.*` function: the device of its tensor arguments.
pub fn run_function<R>(
    vm: &VirtualMachine,
    name: &str,
    args: &FuncArgs,
    op: impl FnOnce() -> PyResult<R>,
) -> PyResult<R> {
    run_tensors(vm, name, tensors_in(args), op)
}

/// A factory: `device=` or the default device.
pub fn run_factory<R>(
    vm: &VirtualMachine,
    args: &FuncArgs,
    op: impl FnOnce() -> PyResult<R>,
) -> PyResult<R> {
    let device = match args.kwargs.get("device") {
        Some(o) if !vm.is_none(o) => convert::device_of(vm, o)?,
        _ => crate::tensor::device::default_device(),
    };
    if device.is_cuda() {
        // Fail early, in PyTorch's words, where CUDA cannot run.
        crate::backend::cuda::context::context(match device {
            Device::Cuda(i) => i,
            Device::Cpu => 0,
        })
        .py(vm)?;
    }
    in_scope(vm, device, op)
}

/// Runs `op` with new tensors created on `device`.
pub fn on<R>(vm: &VirtualMachine, device: Device, op: impl FnOnce() -> PyResult<R>) -> PyResult<R> {
    in_scope(vm, device, op)
}

fn in_scope<R>(
    vm: &VirtualMachine,
    device: Device,
    op: impl FnOnce() -> PyResult<R>,
) -> PyResult<R> {
    let mut out = None;
    fallback::on_device(device, || {
        out = Some(op());
        Ok(())
    })
    .py(vm)?;
    out.expect("the op ran")
}

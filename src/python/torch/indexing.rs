//! `t[key]` and `t[key] = value`: the key (int, slice, None, Ellipsis, bool, list,
//! tuple, tensor) is parsed once, the basic parts are applied as views, and any
//! tensor indices go to the engine's advanced indexing (ATen's `index` semantics:
//! one optional index tensor per dim, a bool mask covering as many dims as it has).
use super::convert::{self, int_of};
use super::engine_ops;
use super::errors::PyErrExt;
use super::tensor_class::PyTensor;
use crate::tensor::autograd::functions as ag;
use crate::tensor::ops::index::TensorIndex;
use crate::tensor::{DType, Tensor};
use rustpython_vm::builtins::{PyBool, PyList, PySlice, PyTuple};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyResult, VirtualMachine};

enum Item {
    Int(i64),
    Slice(Option<i64>, Option<i64>, i64),
    NewAxis,
    Ellipsis,
    /// A Python bool: a new axis of size 1 (True) or 0 (False).
    Bool(bool),
    Tensor(Tensor),
}

impl Item {
    /// How many dims of the indexed tensor this item consumes.
    fn consumes(&self) -> usize {
        match self {
            Item::Int(_) | Item::Slice(..) => 1,
            Item::Tensor(t) if t.dtype() == DType::Bool || t.dtype() == DType::U8 => t.ndim().max(1),
            Item::Tensor(_) => 1,
            _ => 0,
        }
    }
}

fn parse_item(vm: &VirtualMachine, obj: &PyObject) -> PyResult<Item> {
    if obj.downcastable::<PyBool>() {
        return Ok(Item::Bool(obj.to_owned().try_to_bool(vm)?));
    }
    if convert::is_int(obj) {
        return Ok(Item::Int(int_of(vm, obj)?));
    }
    if let Some(s) = obj.downcast_ref::<PySlice>() {
        let get = |o: Option<&PyObjectRef>| -> PyResult<Option<i64>> {
            match o {
                Some(o) if !vm.is_none(o) => Ok(Some(int_of(vm, o)?)),
                _ => Ok(None),
            }
        };
        let start = get(s.start.as_ref())?;
        let stop = get(Some(&s.stop))?;
        let step = get(s.step.as_ref())?.unwrap_or(1);
        if step == 0 {
            return Err(vm.new_value_error("slice step cannot be zero"));
        }
        return Ok(Item::Slice(start, stop, step));
    }
    if vm.is_none(obj) {
        return Ok(Item::NewAxis);
    }
    if obj.is(&vm.ctx.ellipsis) {
        return Ok(Item::Ellipsis);
    }
    if let Some(t) = PyTensor::of(obj) {
        // A 0-dim integer tensor indexes like an int.
        if t.ndim() == 0 && t.dtype().is_int() {
            return Ok(Item::Int(t.item().py(vm)?.to_i64()));
        }
        if !(t.dtype().is_int() || t.dtype().is_bool()) {
            return Err(vm.new_index_error("tensors used as indices must be long, int, byte or bool tensors"));
        }
        return Ok(Item::Tensor(t));
    }
    if obj.downcastable::<PyList>() {
        return Ok(Item::Tensor(convert::tensor_from_data(vm, obj, None)?));
    }
    Err(vm.new_index_error(format!(
        "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got {})",
        obj.class().name()
    )))
}

fn parse_key(vm: &VirtualMachine, key: &PyObject) -> PyResult<Vec<Item>> {
    if let Some(t) = key.downcast_ref::<PyTuple>() {
        return t.as_slice().iter().map(|o| parse_item(vm, o)).collect();
    }
    Ok(vec![parse_item(vm, key)?])
}

/// Applies the basic items as views; returns the view and, when tensor indices are
/// present, the index list for the engine's advanced indexing.
fn apply(vm: &VirtualMachine, t: &Tensor, items: Vec<Item>) -> PyResult<(Tensor, Option<Vec<Option<Tensor>>>)> {
    let consumed: usize = items.iter().map(Item::consumes).sum();
    let nd = t.ndim();
    if consumed > nd {
        return Err(vm.new_index_error(format!("too many indices for tensor of dimension {nd}")));
    }
    let mut out = t.clone();
    let mut dim: i64 = 0; // the dim of `out` the next item applies to
    let mut orig: usize = 0; // the dim of `t` it came from (error messages name that one)
    let mut advanced: Vec<Option<Tensor>> = Vec::new();
    let mut any_adv = false;
    let mut seen_ellipsis = false;
    for item in items {
        match item {
            Item::Int(i) => {
                let size = out.shape()[dim as usize] as i64;
                if i < -size || i >= size {
                    return Err(vm.new_index_error(format!(
                        "index {i} is out of bounds for dimension {orig} with size {size}"
                    )));
                }
                out = ag::select(&out, dim, i).py(vm)?;
                orig += 1;
            }
            Item::Slice(start, stop, step) => {
                out = ag::slice(&out, dim, start, stop, step).py(vm)?;
                advanced.push(None);
                dim += 1;
                orig += 1;
            }
            Item::NewAxis => {
                out = ag::unsqueeze(&out, dim).py(vm)?;
                advanced.push(None);
                dim += 1;
                // PyTorch's messages count new axes too (`x[None, 1, 5]` names dimension 2).
                orig += 1;
            }
            Item::Bool(b) => {
                out = ag::unsqueeze(&out, dim).py(vm)?;
                if !b {
                    out = ag::narrow(&out, dim, 0, 0).py(vm)?;
                }
                advanced.push(None);
                dim += 1;
                orig += 1;
            }
            Item::Ellipsis => {
                if seen_ellipsis {
                    return Err(vm.new_index_error("an index can only have a single ellipsis ('...')"));
                }
                seen_ellipsis = true;
                let skip = nd - consumed;
                for _ in 0..skip {
                    advanced.push(None);
                }
                dim += skip as i64;
                orig += skip;
            }
            Item::Tensor(idx) => {
                let n = if idx.dtype().is_bool() || idx.dtype() == DType::U8 { idx.ndim().max(1) } else { 1 };
                advanced.push(Some(idx));
                for _ in 1..n {
                    advanced.push(None);
                }
                any_adv = true;
                dim += n as i64;
                orig += n;
            }
        }
    }
    Ok((out, any_adv.then_some(advanced)))
}

/// `t[key]`: on the tensor's device (index tensors may be on the CPU, as in PyTorch).
pub fn getitem(vm: &VirtualMachine, t: &Tensor, key: &PyObject) -> PyResult {
    super::device_scope::on(vm, t.device(), || getitem_here(vm, t, key))
}

/// `t[key] = value`, on the tensor's device.
pub fn setitem(vm: &VirtualMachine, t: &Tensor, key: &PyObject, value: &PyObject) -> PyResult<()> {
    super::device_scope::on(vm, t.device(), || setitem_here(vm, t, key, value))
}

fn getitem_here(vm: &VirtualMachine, t: &Tensor, key: &PyObject) -> PyResult {
    // Fast path: `t[i]`.
    if convert::is_int(key) {
        let i = int_of(vm, key)?;
        if t.ndim() == 0 {
            return Err(vm.new_index_error("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"));
        }
        return Ok(PyTensor::wrap(vm, ag::select(t, 0, i).py(vm)?));
    }
    let items = parse_key(vm, key)?;
    let (view, advanced) = apply(vm, t, items)?;
    let result = match advanced {
        None => view,
        Some(indices) => engine_ops::index_tensors(&view, &indices).py(vm)?,
    };
    Ok(PyTensor::wrap(vm, result))
}

fn setitem_here(vm: &VirtualMachine, t: &Tensor, key: &PyObject, value: &PyObject) -> PyResult<()> {
    let value = match super::operators::operand_of(value) {
        Some(v) => v,
        None => {
            return Err(vm.new_type_error(format!(
                "can't assign a {} to a {}",
                value.class().name(),
                t.dtype().legacy_type_name()
            )));
        }
    };
    let items = parse_key(vm, key)?;
    let value_grad = matches!(&value, super::engine_ops::Operand::Tensor(v) if v.requires_grad());
    if crate::tensor::autograd::is_grad_enabled() && (t.requires_grad() || value_grad) {
        // Written through the base tensor, so its history sees the write.
        if t.is_leaf() && t.requires_grad() {
            return Err(vm.new_runtime_error(
                "a view of a leaf Variable that requires grad is being used in an in-place operation.",
            ));
        }
        if let Some(indices) = items.iter().map(tensor_index).collect::<Option<Vec<_>>>() {
            let v = match &value {
                super::engine_ops::Operand::Tensor(v) => v.clone(),
                super::engine_ops::Operand::Scalar(s) => Tensor::scalar(*s, t.dtype()),
            };
            return ag::index_put_(t, &indices, &v, false).py(vm);
        }
    }
    let (view, advanced) = apply(vm, t, items)?;
    match advanced {
        None => engine_ops::assign(&view, &value).py(vm),
        Some(indices) => engine_ops::index_put(&view, &indices, &value).py(vm),
    }
}

/// The engine's form of an index item (None for a Python bool, which has none).
fn tensor_index(item: &Item) -> Option<TensorIndex> {
    Some(match item {
        Item::Int(i) => TensorIndex::Int(*i),
        Item::Slice(a, b, c) => TensorIndex::Slice(*a, *b, *c),
        Item::NewAxis => TensorIndex::NewAxis,
        Item::Ellipsis => TensorIndex::Ellipsis,
        Item::Tensor(t) => TensorIndex::Tensor(t.clone()),
        Item::Bool(_) => return None,
    })
}

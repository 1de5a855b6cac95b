//! `t[key]` and `t[key] = value`: the key (int, slice, None, Ellipsis, bool, list,
//! tuple, tensor) is parsed once. Keys of ints, slices, None and `...` are applied here
//! as views (the common, fast case); keys with index tensors (lists, masks) go whole to
//! the engine's `index`/`index_put_`.
use super::convert::{self, int_of};
use super::engine_ops::{self, TensorIndex};
use super::errors::PyErrExt;
use super::tensor_class::PyTensor;
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
            Item::Tensor(t) if t.dtype() == DType::Bool || t.dtype() == DType::U8 => {
                t.ndim().max(1)
            }
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
            return Err(vm.new_index_error(
                "tensors used as indices must be long, int, byte or bool tensors",
            ));
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

/// Applies a key without index tensors as views of `t`.
fn apply(vm: &VirtualMachine, t: &Tensor, items: Vec<Item>) -> PyResult<Tensor> {
    let consumed: usize = items.iter().map(Item::consumes).sum();
    let nd = t.ndim();
    if consumed > nd {
        return Err(vm.new_index_error(format!("too many indices for tensor of dimension {nd}")));
    }
    let mut out = t.clone();
    let mut dim: i64 = 0; // the dim of `out` the next item applies to
    let mut orig: usize = 0; // the dim of `t` it came from (error messages name that one)
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
                out = out.select(dim, i).py(vm)?;
                orig += 1;
            }
            Item::Slice(start, stop, step) => {
                out = out.slice(dim, start, stop, step).py(vm)?;
                dim += 1;
                orig += 1;
            }
            Item::NewAxis => {
                out = out.unsqueeze(dim).py(vm)?;
                dim += 1;
                // PyTorch's messages count new axes too (`x[None, 1, 5]` names dimension 2).
                orig += 1;
            }
            Item::Bool(b) => {
                out = out.unsqueeze(dim).py(vm)?;
                if !b {
                    out = out.narrow(dim, 0, 0).py(vm)?;
                }
                dim += 1;
                orig += 1;
            }
            Item::Ellipsis => {
                if seen_ellipsis {
                    return Err(
                        vm.new_index_error("an index can only have a single ellipsis ('...')")
                    );
                }
                seen_ellipsis = true;
                let skip = nd - consumed;
                dim += skip as i64;
                orig += skip;
            }
            Item::Tensor(_) => unreachable!("keys with index tensors go to the engine's index"),
        }
    }
    Ok(out)
}

/// The whole key as the engine's index list (for keys with index tensors).
fn engine_indices(items: Vec<Item>) -> Vec<TensorIndex> {
    items
        .into_iter()
        .map(|it| match it {
            Item::Int(i) => TensorIndex::Int(i),
            Item::Slice(a, b, c) => TensorIndex::Slice(a, b, c),
            Item::NewAxis => TensorIndex::NewAxis,
            Item::Ellipsis => TensorIndex::Ellipsis,
            // A Python bool indexes as a 0-dim bool mask, as in PyTorch.
            Item::Bool(b) => {
                TensorIndex::Tensor(Tensor::scalar(crate::tensor::Scalar::Bool(b), DType::Bool))
            }
            Item::Tensor(t) => TensorIndex::Tensor(t),
        })
        .collect()
}

fn has_tensor(items: &[Item]) -> bool {
    items.iter().any(|i| matches!(i, Item::Tensor(_)))
}

pub fn getitem(vm: &VirtualMachine, t: &Tensor, key: &PyObject) -> PyResult {
    // Fast path: `t[i]`.
    if convert::is_int(key) {
        let i = int_of(vm, key)?;
        if t.ndim() == 0 {
            return Err(vm.new_index_error("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"));
        }
        return Ok(PyTensor::wrap(vm, t.select(0, i).py(vm)?));
    }
    let items = parse_key(vm, key)?;
    if has_tensor(&items) {
        let indices = engine_indices(items);
        return Ok(PyTensor::wrap(vm, engine_ops::index(t, &indices).py(vm)?));
    }
    let view = apply(vm, t, items)?;
    Ok(PyTensor::wrap(vm, view))
}

pub fn setitem(vm: &VirtualMachine, t: &Tensor, key: &PyObject, value: &PyObject) -> PyResult<()> {
    let Some(value) = super::operators::operand_of(value) else {
        return Err(vm.new_type_error(format!(
            "can't assign a {} to a {}",
            value.class().name(),
            t.dtype().legacy_type_name()
        )));
    };
    let items = parse_key(vm, key)?;
    if has_tensor(&items) {
        let indices = engine_indices(items);
        return engine_ops::index_put(t, &indices, &value).py(vm);
    }
    let view = apply(vm, t, items)?;
    engine_ops::assign(&view, &value).py(vm)
}

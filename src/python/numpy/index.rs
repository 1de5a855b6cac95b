//! `a[...]` and `a[...] = v`: NumPy basic indexing (ints, slices with any step,
//! `None`, `...`) as views, plus a boolean mask or an integer list (copies).
use rustpython_vm::builtins::{PySlice, PyTuple};
use rustpython_vm::protocol::PyMappingMethods;
use rustpython_vm::sliceable::SaturatedSlice;
use rustpython_vm::types::AsMapping;
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyResult, VirtualMachine, atomic_func};

use super::array::PyNdArray;
use super::convert::{OrPyErr, array_from_py, py_scalar};
use super::scalar::{is_scalar, scalar_at};
use crate::tensor::buffer::{BufferElement, CpuBuffer};
use crate::tensor::layout::Layout;
use crate::tensor::{DType, Tensor, strided};
use crate::with_buffer;

enum Item {
    Int(i64),
    Slice(SaturatedSlice),
    NewAxis,
    Ellipsis,
    /// A boolean or integer array (advanced indexing).
    Array(Tensor),
}

fn parse_item(obj: &PyObject, vm: &VirtualMachine) -> PyResult<Item> {
    if let Some(s) = obj.downcast_ref::<PySlice>() {
        return Ok(Item::Slice(s.to_saturated(vm)?));
    }
    if vm.is_none(obj) {
        return Ok(Item::NewAxis);
    }
    if obj.is(&vm.ctx.ellipsis) {
        return Ok(Item::Ellipsis);
    }
    if let Some(a) = obj.downcast_ref::<PyNdArray>()
        && (a.tensor.ndim() > 0 || a.tensor.dtype() == DType::Bool)
    {
        return Ok(Item::Array(a.tensor.clone()));
    }
    if obj.class().is(vm.ctx.types.list_type) {
        return Ok(Item::Array(array_from_py(obj, None, vm)?));
    }
    if obj.class().is(vm.ctx.types.bool_type) {
        return Err(vm.new_index_error("boolean scalar indices are not supported"));
    }
    match obj.try_index(vm) {
        Ok(i) => Ok(Item::Int(i.try_to_primitive(vm)?)),
        Err(_) => Err(vm.new_index_error(
            "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
        )),
    }
}

fn parse_index(obj: &PyObject, vm: &VirtualMachine) -> PyResult<Vec<Item>> {
    match obj.downcast_ref::<PyTuple>() {
        Some(t) => t.as_slice().iter().map(|o| parse_item(o, vm)).collect(),
        None => Ok(vec![parse_item(obj, vm)?]),
    }
}

/// The view basic indexing selects, and whether only integers were used (then a
/// 0-d result is a scalar, not an array).
fn basic_view(t: &Tensor, items: &[Item], vm: &VirtualMachine) -> PyResult<(Layout, bool)> {
    let src = t.layout();
    let nd = src.ndim();
    let consumed = items
        .iter()
        .filter(|i| matches!(i, Item::Int(_) | Item::Slice(_)))
        .count();
    if consumed > nd {
        return Err(vm.new_index_error(format!(
            "too many indices for array: array is {nd}-dimensional, but {consumed} were indexed"
        )));
    }
    if items.iter().filter(|i| matches!(i, Item::Ellipsis)).count() > 1 {
        return Err(vm.new_index_error("an index can only have a single ellipsis ('...')"));
    }
    let mut shape = Vec::new();
    let mut strides = Vec::new();
    let mut offset = src.offset as isize;
    let mut dim = 0;
    let mut all_int = true;
    for item in items {
        match item {
            Item::Int(i) => {
                let size = src.shape[dim] as i64;
                let j = if *i < 0 { i + size } else { *i };
                if j < 0 || j >= size {
                    return Err(vm.new_index_error(format!(
                        "index {i} is out of bounds for axis {dim} with size {size}"
                    )));
                }
                offset += j as isize * src.strides[dim];
                dim += 1;
            }
            Item::Slice(s) => {
                all_int = false;
                let (range, step, len) = s.adjust_indices(src.shape[dim]);
                let first = if step < 0 {
                    range.end as isize - 1
                } else {
                    range.start as isize
                };
                if len > 0 {
                    offset += first * src.strides[dim];
                }
                shape.push(len);
                strides.push(src.strides[dim] * step);
                dim += 1;
            }
            Item::NewAxis => {
                all_int = false;
                shape.push(1);
                strides.push(0);
            }
            Item::Ellipsis => {
                all_int = false;
                for _ in 0..nd - consumed {
                    shape.push(src.shape[dim]);
                    strides.push(src.strides[dim]);
                    dim += 1;
                }
            }
            Item::Array(_) => unreachable!("advanced indices are handled apart"),
        }
    }
    shape.extend_from_slice(&src.shape[dim..]);
    strides.extend_from_slice(&src.strides[dim..]);
    Ok((
        Layout {
            shape,
            strides,
            offset: offset as usize,
        },
        all_int,
    ))
}

/// The flat (row-major) positions an advanced index picks, with the result shape.
fn advanced_positions(
    t: &Tensor,
    idx: &Tensor,
    vm: &VirtualMachine,
) -> PyResult<(Vec<usize>, Vec<usize>)> {
    let shape = t.shape();
    if idx.dtype() == DType::Bool {
        let k = idx.ndim();
        if k > shape.len() || idx.shape() != &shape[..k] {
            let dim = (0..k.min(shape.len()))
                .find(|&d| idx.shape()[d] != shape[d])
                .unwrap_or(0);
            return Err(vm.new_index_error(format!(
                "boolean index did not match indexed array along axis {dim}; size of axis is {} but size of corresponding boolean axis is {}",
                shape.get(dim).copied().unwrap_or(0),
                idx.shape().get(dim).copied().unwrap_or(0)
            )));
        }
        let inner: usize = shape[k..].iter().product();
        let mask = idx.to_vec::<bool>();
        let picked: Vec<usize> = mask
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(i, _)| i)
            .collect();
        let flat = picked
            .iter()
            .flat_map(|&p| (0..inner).map(move |j| p * inner + j))
            .collect();
        let mut out_shape = vec![picked.len()];
        out_shape.extend_from_slice(&shape[k..]);
        return Ok((flat, out_shape));
    }
    if !idx.dtype().is_int() {
        return Err(
            vm.new_index_error("arrays used as indices must be of integer (or boolean) type")
        );
    }
    if shape.is_empty() {
        return Err(vm.new_index_error(
            "too many indices for array: array is 0-dimensional, but 1 were indexed",
        ));
    }
    let size = shape[0] as i64;
    let inner: usize = shape[1..].iter().product();
    let mut flat = Vec::with_capacity(idx.numel() * inner);
    for i in idx.to_vec::<i64>() {
        let j = if i < 0 { i + size } else { i };
        if j < 0 || j >= size {
            return Err(vm.new_index_error(format!(
                "index {i} is out of bounds for axis 0 with size {size}"
            )));
        }
        flat.extend((0..inner).map(|k| j as usize * inner + k));
    }
    let mut out_shape = idx.shape().to_vec();
    out_shape.extend_from_slice(&shape[1..]);
    Ok((flat, out_shape))
}

fn single_advanced(items: &[Item]) -> Option<&Tensor> {
    match items {
        [Item::Array(a)] => Some(a),
        _ => None,
    }
}

fn reject_mixed(items: &[Item], vm: &VirtualMachine) -> PyResult<()> {
    if items.iter().any(|i| matches!(i, Item::Array(_))) {
        return Err(vm.new_not_implemented_error(
            "this kind of advanced indexing (an index array mixed with other indices) is not supported here",
        ));
    }
    Ok(())
}

/// `a[index]`.
pub fn getitem(
    zelf: &PyObject,
    arr: &PyNdArray,
    needle: &PyObject,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let t = &arr.tensor;
    let items = parse_index(needle, vm)?;
    if is_scalar(zelf) && items.iter().any(|i| !matches!(i, Item::Ellipsis)) {
        return Err(vm.new_index_error("invalid index to scalar variable."));
    }
    if let Some(idx) = single_advanced(&items) {
        let (flat, shape) = advanced_positions(t, idx, vm)?;
        let values: Vec<_> = flat.iter().map(|&f| t.get_flat(f)).collect();
        let out = Tensor::from_scalars(&values, &shape, Some(t.dtype())).or_py(vm)?;
        return Ok(PyNdArray::from_tensor(out, vm));
    }
    reject_mixed(&items, vm)?;
    let (layout, all_int) = basic_view(t, &items, vm)?;
    let view = t.with_layout(layout);
    if all_int && view.ndim() == 0 && !items.is_empty() {
        return Ok(scalar_at(&view, 0, vm));
    }
    Ok(PyNdArray::from_tensor(view, vm))
}

/// `a[index] = value`.
pub fn setitem(
    zelf: &PyObject,
    arr: &PyNdArray,
    needle: &PyObject,
    value: &PyObject,
    vm: &VirtualMachine,
) -> PyResult<()> {
    if is_scalar(zelf) {
        return Err(vm.new_type_error(format!(
            "'numpy.{}' object does not support item assignment",
            zelf.class().name()
        )));
    }
    let t = &arr.tensor;
    let items = parse_index(needle, vm)?;
    if let Some(idx) = single_advanced(&items) {
        let (flat, shape) = advanced_positions(t, idx, vm)?;
        let values = source_values(value, t.dtype(), &shape, vm)?;
        let offsets: Vec<usize> = flat.iter().map(|&f| t.layout().offset_of_flat(f)).collect();
        t.with_cpu_mut(|buf| {
            with_buffer!(buf, v => {
                let src = BufferElement::slice(&values).expect("values were cast to the array's dtype");
                for (k, &off) in offsets.iter().enumerate() {
                    v[off] = src[k];
                }
            })
        });
        return Ok(());
    }
    reject_mixed(&items, vm)?;
    let (layout, _) = basic_view(t, &items, vm)?;
    assign(&t.with_layout(layout), value, vm)
}

/// The values of `value` broadcast to `shape` and cast to `dtype`, row-major.
fn source_values(
    value: &PyObject,
    dtype: DType,
    shape: &[usize],
    vm: &VirtualMachine,
) -> PyResult<CpuBuffer> {
    let n: usize = shape.iter().product();
    if let Some(s) = py_scalar(value, vm)? {
        let one = Tensor::scalar(s, dtype);
        return one
            .broadcast_to(shape)
            .or_py(vm)?
            .cast_values(dtype)
            .or_py(vm);
    }
    let src = super::convert::as_tensor(value, None, vm)?;
    let fits = src.ndim() <= shape.len()
        && src
            .shape()
            .iter()
            .rev()
            .zip(shape.iter().rev())
            .all(|(&a, &b)| a == b || a == 1);
    if !fits {
        return Err(vm.new_value_error(format!(
            "could not broadcast input array from shape {} into shape {}",
            crate::tensor::print::python_tuple(src.shape()),
            crate::tensor::print::python_tuple(shape)
        )));
    }
    let b = src.broadcast_to(shape).or_py(vm)?;
    let out = b.cast_values(dtype).or_py(vm)?;
    debug_assert_eq!(out.len(), n);
    Ok(out)
}

/// Writes `value` (broadcast, cast) into the view `dst`. The source is read into a
/// new buffer first, so it may alias `dst`.
pub fn assign(dst: &Tensor, value: &PyObject, vm: &VirtualMachine) -> PyResult<()> {
    let values = source_values(value, dst.dtype(), dst.shape(), vm)?;
    write_values(dst, &values);
    Ok(())
}

/// Writes row-major `values` (already of `dst`'s dtype) into the view `dst`.
pub fn write_values(dst: &Tensor, values: &CpuBuffer) {
    let layout = dst.layout().clone();
    dst.with_cpu_mut(|buf| {
        with_buffer!(buf, v => {
            let src = BufferElement::slice(values).expect("values were cast to the array's dtype");
            strided::scatter(v, &layout, src)
        })
    });
}

impl AsMapping for PyNdArray {
    fn as_mapping() -> &'static PyMappingMethods {
        static AS_MAPPING: PyMappingMethods = PyMappingMethods {
            length: atomic_func!(|mapping, vm| {
                let arr = PyNdArray::mapping_downcast(mapping);
                arr.tensor.shape().first().copied().ok_or_else(|| {
                    if is_scalar(mapping.obj) {
                        vm.new_type_error(format!(
                            "object of type 'numpy.{}' has no len()",
                            mapping.obj.class().name()
                        ))
                    } else {
                        vm.new_type_error("len() of unsized object")
                    }
                })
            }),
            subscript: atomic_func!(|mapping, needle, vm| {
                let arr = PyNdArray::mapping_downcast(mapping);
                getitem(mapping.obj, arr, needle, vm)
            }),
            ass_subscript: atomic_func!(|mapping, needle, value, vm| {
                let arr = PyNdArray::mapping_downcast(mapping);
                match value {
                    Some(v) => setitem(mapping.obj, arr, needle, &v, vm),
                    None => Err(vm.new_value_error("cannot delete array elements")),
                }
            }),
        };
        &AS_MAPPING
    }
}

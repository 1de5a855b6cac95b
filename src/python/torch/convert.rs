//! Python values ↔ engine values: scalars, shapes, dims, nested data, `tolist()`.
use super::dtype_device::{PyDType, PyDevice};
use super::errors::PyErrExt;
use super::tensor_class::PyTensor;
use crate::tensor::{DType, Device, Scalar, Tensor};
use rustpython_vm::builtins::{PyBool, PyFloat, PyInt, PyList, PyStr, PyTuple};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyResult, VirtualMachine};

/// A Python bool/int/float as an engine scalar (no tensors, no strings).
#[inline]
pub fn scalar_of(obj: &PyObject) -> Option<Scalar> {
    if let Some(f) = obj.downcast_ref::<PyFloat>() {
        return Some(Scalar::Float(f.to_f64()));
    }
    if let Some(i) = obj.downcast_ref::<PyInt>() {
        if obj.downcastable::<PyBool>() {
            return Some(Scalar::Bool(!i.as_bigint().eq(&0u8.into())));
        }
        return Some(match i.as_bigint().try_into() {
            Ok(v) => Scalar::Int(v),
            // Beyond int64: PyTorch raises an overflow; a float keeps going here.
            Err(_) => Scalar::Float(f64::INFINITY),
        });
    }
    None
}

/// An engine scalar as a Python bool/int/float.
pub fn scalar_to_py(vm: &VirtualMachine, s: Scalar) -> PyObjectRef {
    match s {
        Scalar::Bool(b) => vm.ctx.new_bool(b).into(),
        Scalar::Int(i) => vm.ctx.new_int(i).into(),
        Scalar::Float(f) => vm.ctx.new_float(f).into(),
    }
}

/// An integer argument (anything with `__index__`, including 0-dim int tensors).
pub fn int_of(vm: &VirtualMachine, obj: &PyObject) -> PyResult<i64> {
    if let Some(i) = obj.downcast_ref::<PyInt>() {
        return i.try_to_primitive::<i64>(vm);
    }
    if let Some(t) = PyTensor::of(obj) {
        if t.numel() == 1 && !t.dtype().is_float() {
            return Ok(t.item().py(vm)?.to_i64());
        }
    }
    Err(vm.new_type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        obj.class().name()
    )))
}

pub fn bool_of(vm: &VirtualMachine, obj: &PyObject) -> PyResult<bool> {
    obj.to_owned().try_to_bool(vm)
}

pub fn float_of(vm: &VirtualMachine, obj: &PyObject) -> PyResult<f64> {
    match scalar_of(obj) {
        Some(s) => Ok(s.to_f64()),
        None => match PyTensor::of(obj) {
            Some(t) if t.numel() == 1 => Ok(t.item().py(vm)?.to_f64()),
            _ => Err(vm.new_type_error(format!("must be real number, not {}", obj.class().name()))),
        },
    }
}

pub fn dtype_of(obj: &PyObject) -> Option<DType> {
    obj.downcast_ref::<PyDType>().map(|d| d.dtype)
}

/// A `dtype=` argument (None means "not given").
pub fn opt_dtype(vm: &VirtualMachine, obj: Option<&PyObjectRef>) -> PyResult<Option<DType>> {
    match obj {
        None => Ok(None),
        Some(o) if vm.is_none(o) => Ok(None),
        Some(o) => dtype_of(o).map(Some).ok_or_else(|| {
            vm.new_type_error(format!(
                "dtype must be torch.dtype, not {}",
                o.class().name()
            ))
        }),
    }
}

/// A device given as `torch.device`, `"cuda:0"`, `"cpu"` or a CUDA index.
pub fn device_of(vm: &VirtualMachine, obj: &PyObject) -> PyResult<Device> {
    if let Some(d) = obj.downcast_ref::<PyDevice>() {
        return Ok(d.device);
    }
    if let Some(s) = obj.downcast_ref::<PyStr>() {
        let text = s.to_str().unwrap_or("");
        return Device::parse(text).ok_or_else(|| {
            vm.new_runtime_error(format!(
                "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: {text}"
            ))
        });
    }
    if let Some(i) = obj.downcast_ref::<PyInt>() {
        return Ok(Device::Cuda(i.try_to_primitive::<usize>(vm)?));
    }
    Err(vm.new_type_error(format!("expected a device, got {}", obj.class().name())))
}

pub fn opt_device(vm: &VirtualMachine, obj: Option<&PyObjectRef>) -> PyResult<Option<Device>> {
    match obj {
        None => Ok(None),
        Some(o) if vm.is_none(o) => Ok(None),
        Some(o) => device_of(vm, o).map(Some),
    }
}

/// The items of a list or tuple (a `torch.Size` is a tuple).
pub fn seq_items(obj: &PyObject) -> Option<Vec<PyObjectRef>> {
    if let Some(t) = obj.downcast_ref::<PyTuple>() {
        return Some(t.as_slice().to_vec());
    }
    obj.downcast_ref::<PyList>()
        .map(|l| l.borrow_vec().to_vec())
}

/// Sizes given as varargs (`view(2, -1)`) or as one sequence (`view((2, -1))`).
pub fn sizes_from_args(
    vm: &VirtualMachine,
    args: &[PyObjectRef],
    fname: &str,
) -> PyResult<Vec<i64>> {
    if let [one] = args {
        if let Some(items) = seq_items(one) {
            return items.iter().map(|o| size_item(vm, o, fname)).collect();
        }
    }
    args.iter().map(|o| size_item(vm, o, fname)).collect()
}

fn size_item(vm: &VirtualMachine, obj: &PyObject, fname: &str) -> PyResult<i64> {
    int_of(vm, obj).map_err(|_| {
        vm.new_type_error(format!(
            "{fname}(): argument 'size' (position 1) must be tuple of ints, but found element of type {} at pos 0",
            obj.class().name()
        ))
    })
}

/// A shape for a factory (`zeros(2, 3)`, `zeros((2, 3))`): negative sizes are refused.
pub fn shape_from_args(
    vm: &VirtualMachine,
    args: &[PyObjectRef],
    fname: &str,
) -> PyResult<Vec<usize>> {
    let sizes = sizes_from_args(vm, args, fname)?;
    if let Some(&bad) = sizes.iter().find(|&&s| s < 0) {
        return Err(vm.new_runtime_error(format!(
            "Trying to create tensor with negative dimension {bad}: {sizes:?}"
        )));
    }
    Ok(sizes.into_iter().map(|s| s as usize).collect())
}

/// One dim or a sequence of dims (`sum(dim=(0, 1))`).
pub fn dims_of(vm: &VirtualMachine, obj: &PyObject) -> PyResult<Vec<i64>> {
    match seq_items(obj) {
        Some(items) => items.iter().map(|o| int_of(vm, o)).collect(),
        None => Ok(vec![int_of(vm, obj)?]),
    }
}

/// `torch.tensor(data)`: nested lists/tuples of numbers, bools or one-element tensors.
pub fn tensor_from_data(
    vm: &VirtualMachine,
    data: &PyObject,
    dtype: Option<DType>,
) -> PyResult<Tensor> {
    let as_tensor = PyTensor::of(data).or_else(|| crate::python::numpy::tensor_of_ndarray(data));
    if let Some(t) = as_tensor {
        let t = t.copy_data().py(vm)?;
        return match dtype {
            Some(d) => t.to_dtype(d).py(vm),
            None => Ok(t),
        };
    }
    let mut shape = Vec::new();
    // The shape comes from the first element at each depth, as PyTorch reads it.
    let mut cur: PyObjectRef = data.to_owned();
    while let Some(items) = seq_items(&cur) {
        shape.push(items.len());
        match items.first() {
            Some(first) => cur = first.clone(),
            None => break,
        }
    }
    let mut values = Vec::with_capacity(shape.iter().product());
    collect_values(vm, data, &shape, 0, &mut values)?;
    // Only tensors inside the data keep their dtype when none is given (a 0-dim float64 in a list).
    Tensor::from_scalars(&values, &shape, dtype).py(vm)
}

fn collect_values(
    vm: &VirtualMachine,
    obj: &PyObject,
    shape: &[usize],
    depth: usize,
    out: &mut Vec<Scalar>,
) -> PyResult<()> {
    if depth == shape.len() {
        if let Some(s) = scalar_of(obj) {
            out.push(s);
            return Ok(());
        }
        if let Some(t) = PyTensor::of(obj) {
            if t.numel() == 1 {
                out.push(t.item().py(vm)?);
                return Ok(());
            }
            return Err(
                vm.new_value_error("only one element tensors can be converted to Python scalars")
            );
        }
        if seq_items(obj).is_some() {
            return Err(vm.new_type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                obj.class().name()
            )));
        }
        // Other numbers (NumPy scalars, ...): through `__index__`, then `__float__`.
        if obj.class().has_attr(vm.ctx.intern_str("__index__")) {
            if let Ok(i) = obj.to_owned().try_index(vm) {
                if let Ok(v) = i.try_to_primitive::<i64>(vm) {
                    out.push(Scalar::Int(v));
                    return Ok(());
                }
            }
        }
        if obj.class().has_attr(vm.ctx.intern_str("__float__")) {
            if let Ok(f) = obj.to_owned().try_float(vm) {
                out.push(Scalar::Float(f.to_f64()));
                return Ok(());
            }
        }
        return Err(vm.new_type_error(format!("new(): invalid data type '{}'", obj.class().name())));
    }
    let Some(items) = seq_items(obj) else {
        return Err(vm.new_type_error("not a sequence"));
    };
    if items.len() != shape[depth] {
        return Err(vm.new_value_error(format!(
            "expected sequence of length {} at dim {} (got {})",
            shape[depth],
            depth,
            items.len()
        )));
    }
    for item in &items {
        collect_values(vm, item, shape, depth + 1, out)?;
    }
    Ok(())
}

/// `t.tolist()`: nested lists of Python numbers (a 0-dim tensor gives the number).
pub fn tolist(vm: &VirtualMachine, t: &Tensor) -> PyObjectRef {
    let host = t.on_host();
    let t = &host;
    let shape = t.shape().to_vec();
    if shape.is_empty() {
        return scalar_to_py(vm, t.get_flat(0));
    }
    let flat: Vec<PyObjectRef> = (0..t.numel())
        .map(|i| scalar_to_py(vm, t.get_flat(i)))
        .collect();
    nest(vm, &flat, &shape)
}

fn nest(vm: &VirtualMachine, flat: &[PyObjectRef], shape: &[usize]) -> PyObjectRef {
    if shape.len() == 1 {
        return vm.ctx.new_list(flat.to_vec()).into();
    }
    let inner: usize = shape[1..].iter().product();
    let items = (0..shape[0])
        .map(|i| nest(vm, &flat[i * inner..(i + 1) * inner], &shape[1..]))
        .collect();
    vm.ctx.new_list(items).into()
}

/// The Python type name PyTorch's messages use for an argument.
pub fn type_name(obj: &PyObject) -> String {
    if PyTensor::of(obj).is_some() {
        return "Tensor".to_string();
    }
    obj.class().name().to_string()
}

/// Is this object a Python int (not bool)?
pub fn is_int(obj: &PyObject) -> bool {
    obj.downcastable::<PyInt>() && !obj.downcastable::<PyBool>()
}

pub fn is_none(vm: &VirtualMachine, obj: &PyObject) -> bool {
    obj.is(&vm.ctx.none)
}

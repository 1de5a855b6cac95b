//! Between Python values and arrays: `np.array(nested lists)` with NumPy's dtype
//! discovery, Python scalars in and out (`tolist`, `item`), engine errors as Python
//! exceptions.
use rustpython_vm::builtins::{PyBaseExceptionRef, PyFloat, PyInt, PyList, PyTuple};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyResult, VirtualMachine};

use super::array::PyNdArray;
use super::dtype::promote;
use crate::tensor::{DType, Scalar, Tensor, TensorError};

/// An engine error as the Python exception of the same kind.
pub fn tensor_err(vm: &VirtualMachine, e: TensorError) -> PyBaseExceptionRef {
    match e {
        TensorError::Runtime(m) => vm.new_runtime_error(m),
        TensorError::Index(m) => vm.new_index_error(m),
        TensorError::Type(m) => vm.new_type_error(m),
        TensorError::Value(m) => vm.new_value_error(m),
        TensorError::NotImplemented(m) => vm.new_not_implemented_error(m),
    }
}

/// Shorthand for `result.map_err(|e| tensor_err(vm, e))`.
pub trait OrPyErr<T> {
    fn or_py(self, vm: &VirtualMachine) -> PyResult<T>;
}
impl<T> OrPyErr<T> for crate::tensor::Result<T> {
    fn or_py(self, vm: &VirtualMachine) -> PyResult<T> {
        self.map_err(|e| tensor_err(vm, e))
    }
}

/// A Python `bool`, `int` or `float` as a Scalar (bool first: it is an int subclass).
pub fn py_scalar(obj: &PyObject, vm: &VirtualMachine) -> PyResult<Option<Scalar>> {
    if obj.class().is(vm.ctx.types.bool_type) {
        return Ok(Some(Scalar::Bool(obj.is(&vm.ctx.true_value))));
    }
    if let Some(i) = obj.downcast_ref::<PyInt>() {
        let v: i64 = i
            .try_to_primitive(vm)
            .map_err(|_| vm.new_overflow_error("Python int too large to convert to C long"))?;
        return Ok(Some(Scalar::Int(v)));
    }
    if let Some(f) = obj.downcast_ref::<PyFloat>() {
        return Ok(Some(Scalar::Float(f.to_f64())));
    }
    Ok(None)
}

/// A Scalar as the Python value `tolist()`/`item()` give (float, int or bool).
pub fn scalar_to_py(s: Scalar, vm: &VirtualMachine) -> PyObjectRef {
    match s {
        Scalar::Bool(b) => vm.ctx.new_bool(b).into(),
        Scalar::Int(i) => vm.ctx.new_int(i).into(),
        Scalar::Float(f) => vm.ctx.new_float(f).into(),
    }
}

/// Reads element `flat` of `t` with the Scalar kind of its dtype.
pub fn get_scalar(t: &Tensor, flat: usize) -> Scalar {
    t.get_flat(flat)
}

/// `ndarray.tolist()`: nested Python lists of Python scalars (a 0-d array gives a scalar).
pub fn tolist(t: &Tensor, vm: &VirtualMachine) -> PyObjectRef {
    fn rec(t: &Tensor, dim: usize, base: usize, stride: usize, vm: &VirtualMachine) -> PyObjectRef {
        let shape = t.shape();
        if dim == shape.len() {
            return scalar_to_py(get_scalar(t, base), vm);
        }
        let inner = stride / shape[dim].max(1);
        let items: Vec<PyObjectRef> = (0..shape[dim])
            .map(|i| rec(t, dim + 1, base + i * inner, inner, vm))
            .collect();
        vm.ctx.new_list(items).into()
    }
    rec(t, 0, 0, t.numel(), vm)
}

/// What array coercion found: the values in row-major order, the shape, the dtype.
struct Discovered {
    values: Vec<Scalar>,
    dtype: Option<DType>,
    /// The depth of the first scalar seen: every scalar must sit there.
    leaf_depth: Option<usize>,
}

impl Discovered {
    fn join(&mut self, d: DType) {
        self.dtype = Some(match self.dtype {
            None => d,
            Some(cur) => promote(cur, d),
        });
    }
}

fn inhomogeneous(vm: &VirtualMachine, depth: usize, shape: &[usize]) -> PyBaseExceptionRef {
    let detected = crate::tensor::print::python_tuple(&shape[..depth.min(shape.len())]);
    vm.new_value_error(format!(
        "setting an array element with a sequence. The requested array has an inhomogeneous shape after {depth} dimensions. The detected shape was {detected} + inhomogeneous part."
    ))
}

/// Walks nested sequences; `shape` is fixed by the first element seen at each depth.
fn discover(
    obj: &PyObject,
    depth: usize,
    shape: &mut Vec<usize>,
    out: &mut Discovered,
    vm: &VirtualMachine,
) -> PyResult<()> {
    let items: Option<Vec<PyObjectRef>> = if let Some(l) = obj.downcast_ref::<PyList>() {
        Some(l.borrow_vec().to_vec())
    } else {
        obj.downcast_ref::<PyTuple>().map(|t| t.as_slice().to_vec())
    };
    if let Some(items) = items {
        if out.leaf_depth.is_some_and(|d| depth >= d) {
            return Err(inhomogeneous(vm, depth, shape));
        }
        check_dim(depth, items.len(), shape, vm)?;
        for item in &items {
            discover(item, depth + 1, shape, out, vm)?;
        }
        return Ok(());
    }
    if let Some(arr) = obj.downcast_ref::<PyNdArray>() {
        let t = arr.tensor.clone();
        for (k, &d) in t.shape().iter().enumerate() {
            check_dim(depth + k, d, shape, vm)?;
        }
        let leaf = depth + t.ndim();
        if shape.len() != leaf || out.leaf_depth.is_some_and(|d| d != leaf) {
            return Err(inhomogeneous(vm, depth.min(shape.len()), shape));
        }
        out.leaf_depth = Some(leaf);
        out.join(t.dtype());
        out.values.extend((0..t.numel()).map(|i| t.get_flat(i)));
        return Ok(());
    }
    if let Some(s) = py_scalar(obj, vm)? {
        if shape.len() > depth || out.leaf_depth.is_some_and(|d| d != depth) {
            return Err(inhomogeneous(vm, depth.min(shape.len()), shape));
        }
        out.leaf_depth = Some(depth);
        out.join(match s {
            Scalar::Bool(_) => DType::Bool,
            Scalar::Int(_) => DType::I64,
            Scalar::Float(_) => DType::F64,
        });
        out.values.push(s);
        return Ok(());
    }
    // A torch tensor (through the bridge): its values, as NumPy's `__array__` gives them.
    if let Some(t) = super::tensor_of_torch(obj) {
        if t.device().is_cuda() {
            return Err(vm.new_type_error(format!(
                "can't convert {} device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.",
                t.device()
            )));
        }
        let arr = PyNdArray::from_tensor(t, vm);
        return discover(&arr, depth, shape, out, vm);
    }
    // Objects that know how to become an array (`__array__`).
    if let Ok(method) = obj.get_attr("__array__", vm) {
        let arr = method.call((), vm)?;
        return discover(&arr, depth, shape, out, vm);
    }
    Err(vm.new_type_error(format!(
        "unsupported value for a numpy array: '{}' object",
        obj.class().name()
    )))
}

fn check_dim(
    depth: usize,
    len: usize,
    shape: &mut Vec<usize>,
    vm: &VirtualMachine,
) -> PyResult<()> {
    if depth < shape.len() {
        if shape[depth] != len {
            return Err(inhomogeneous(vm, depth, shape));
        }
    } else if depth == shape.len() {
        shape.push(len);
    } else {
        return Err(inhomogeneous(vm, shape.len(), shape));
    }
    Ok(())
}

/// `np.array(obj, dtype)`: always a new array (a copy even of an ndarray).
pub fn array_from_py(
    obj: &PyObject,
    dtype: Option<DType>,
    vm: &VirtualMachine,
) -> PyResult<Tensor> {
    if let Some(arr) = obj.downcast_ref::<PyNdArray>() {
        let t = &arr.tensor;
        let d = dtype.unwrap_or(t.dtype());
        return Ok(Tensor::from_buffer(t.cast_values(d).or_py(vm)?, t.shape()));
    }
    let mut shape = Vec::new();
    let mut found = Discovered {
        values: Vec::new(),
        dtype: None,
        leaf_depth: None,
    };
    discover(obj, 0, &mut shape, &mut found, vm)?;
    let d = dtype.or(found.dtype).unwrap_or(DType::F64);
    Tensor::from_scalars(&found.values, &shape, Some(d)).or_py(vm)
}

/// `np.asarray(obj, dtype)`: the same array when it already fits, else a new one.
pub fn as_tensor(obj: &PyObject, dtype: Option<DType>, vm: &VirtualMachine) -> PyResult<Tensor> {
    if let Some(arr) = obj.downcast_ref::<PyNdArray>()
        && dtype.is_none_or(|d| d == arr.tensor.dtype())
    {
        return Ok(arr.tensor.clone());
    }
    array_from_py(obj, dtype, vm)
}

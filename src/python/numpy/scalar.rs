//! NumPy scalar types (`np.float64`, `np.int64`, `np.bool`, ...). A NumPy scalar is
//! a 0-d array whose class is one of these types: every ndarray operation works on
//! it, and the few places where scalars differ (repr, indexing, hashing,
//! immutability) check `is_scalar`. The types are heap subclasses of `ndarray`
//! made once per thread (RustPython's static types are per thread as well).
use std::cell::RefCell;

use rustpython_vm::builtins::{PyType, PyTypeRef};
use rustpython_vm::types::{PyTypeFlags, PyTypeSlots};
use rustpython_vm::{AsObject, Py, PyObject, PyObjectRef, PyRef, VirtualMachine};

use super::array::PyNdArray;
use crate::tensor::{DType, Scalar, Tensor};

thread_local! {
    static TYPES: RefCell<Vec<(DType, PyTypeRef)>> = const { RefCell::new(Vec::new()) };
}

/// The NumPy scalar type names (NumPy has no bfloat16: it is shown as float32).
fn type_name(d: DType) -> &'static str {
    match d {
        DType::BF16 => "float32",
        d => d.name(),
    }
}

/// `np.float64` and friends: the type object for a dtype.
pub fn scalar_type(d: DType, vm: &VirtualMachine) -> PyTypeRef {
    let d = if d == DType::BF16 { DType::F32 } else { d };
    if let Some(t) = TYPES.with(|ts| {
        ts.borrow()
            .iter()
            .find(|(k, _)| *k == d)
            .map(|(_, t)| t.clone())
    }) {
        return t;
    }
    let name = type_name(d);
    let slots = PyTypeSlots::new(
        vm.ctx.intern_str(name).as_str(),
        PyTypeFlags::heap_type_flags(),
    );
    let base = PyNdArray::type_ref();
    let t = vm.ctx.new_class(Some("numpy"), name, base, slots);
    TYPES.with(|ts| ts.borrow_mut().push((d, t.clone())));
    t
}

/// The dtype a NumPy scalar type stands for, if `t` is one.
pub fn dtype_of_scalar_type(t: &Py<PyType>) -> Option<DType> {
    TYPES.with(|ts| ts.borrow().iter().find(|(_, k)| k.is(t)).map(|(d, _)| *d))
}

/// True for NumPy scalars (as opposed to arrays, 0-d ones included).
pub fn is_scalar(obj: &PyObject) -> bool {
    dtype_of_scalar_type(obj.class()).is_some()
}

/// A NumPy scalar of `dtype` holding `value` (cast as storing it would cast it).
pub fn make_scalar(value: Scalar, dtype: DType, vm: &VirtualMachine) -> PyObjectRef {
    scalar_from_tensor(Tensor::scalar(value, dtype), vm)
}

/// Wraps a 0-d tensor as a scalar of its dtype (the tensor should not be shared).
pub fn scalar_from_tensor(t: Tensor, vm: &VirtualMachine) -> PyObjectRef {
    let cls = scalar_type(t.dtype(), vm);
    PyRef::new_ref(PyNdArray { tensor: t }, cls, None).into()
}

/// Element `flat` of `t` as a NumPy scalar, as `a[i]` and `a.sum()` return it.
pub fn scalar_at(t: &Tensor, flat: usize, vm: &VirtualMachine) -> PyObjectRef {
    make_scalar(t.get_flat(flat), t.dtype(), vm)
}

/// A ufunc's result: 0-d results come back as scalars (as NumPy does without `out=`).
pub fn wrap_result(t: Tensor, vm: &VirtualMachine) -> PyObjectRef {
    if t.ndim() == 0 {
        scalar_from_tensor(t, vm)
    } else {
        PyNdArray::from_tensor(t, vm)
    }
}

/// The names `np.<name>` binds to scalar types.
pub const SCALAR_NAMES: &[(&str, DType)] = &[
    ("float64", DType::F64),
    ("float32", DType::F32),
    ("float16", DType::F16),
    ("double", DType::F64),
    ("single", DType::F32),
    ("half", DType::F16),
    ("float_", DType::F64),
    ("int64", DType::I64),
    ("int32", DType::I32),
    ("int16", DType::I16),
    ("int8", DType::I8),
    ("uint8", DType::U8),
    ("int_", DType::I64),
    ("intp", DType::I64),
    ("bool", DType::Bool),
    ("bool_", DType::Bool),
];

//! `torch.Tensor`: the Python object around an engine `Tensor`.
//!
//! The engine tensor sits in a lock so `.data = other` and in-place metadata changes
//! (`requires_grad_()`, `resize_`-like swaps) can replace it while Python keeps the
//! same object. The class is subclassable (`class Parameter(torch.Tensor)`).
//! Methods and properties live in `methods.rs` / `properties.rs` tables; the protocol
//! slots (numbers, mapping, comparison, iteration) come from the traits below.
use super::convert;
use super::errors::PyErrExt;
use super::{indexing, operators, state};
use crate::tensor::print::{TensorMeta, ValueKind, torch_repr};
use crate::tensor::{DType, Tensor};
use rustpython_vm::builtins::{PyStr, PyStrRef, PyType, PyTypeRef};
use rustpython_vm::common::hash::PyHash;
use rustpython_vm::common::lock::PyRwLock;
use rustpython_vm::function::{FuncArgs, OptionalArg, PyComparisonValue};
use rustpython_vm::protocol::{PyMappingMethods, PyNumberMethods, PySequenceMethods};
use rustpython_vm::types::{
    AsMapping, AsNumber, AsSequence, Comparable, Constructor, Hashable, Iterable, PyComparisonOp,
    Representable,
};
use rustpython_vm::{
    AsObject, Py, PyObject, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine, pyclass,
};

#[pyclass(module = "torch", name = "Tensor")]
#[derive(Debug, PyPayload)]
pub struct PyTensor {
    inner: PyRwLock<Tensor>,
}

impl PyTensor {
    pub fn new(t: Tensor) -> PyTensor {
        PyTensor {
            inner: PyRwLock::new(t),
        }
    }
    /// The engine tensor (a cheap handle clone).
    #[inline]
    pub fn tensor(&self) -> Tensor {
        self.inner.read().clone()
    }
    /// Replaces the engine tensor behind this Python object (`.data = ...`).
    pub fn set_tensor(&self, t: Tensor) {
        *self.inner.write() = t;
    }
    /// A new `torch.Tensor` object.
    #[inline]
    pub fn wrap(vm: &VirtualMachine, t: Tensor) -> PyObjectRef {
        PyTensor::new(t).into_ref(&vm.ctx).into()
    }
    /// The engine tensor of a Python object, if it is a tensor (or a subclass instance).
    #[inline]
    pub fn of(obj: &PyObject) -> Option<Tensor> {
        obj.downcast_ref::<PyTensor>().map(|p| p.tensor())
    }
    /// Like [`PyTensor::of`], with PyTorch's TypeError otherwise.
    pub fn expect(obj: &PyObject, vm: &VirtualMachine, what: &str) -> PyResult<Tensor> {
        PyTensor::of(obj).ok_or_else(|| {
            vm.new_type_error(format!("{what} must be Tensor, not {}", obj.class().name()))
        })
    }
}

/// `repr(t)`: PyTorch's text, with the current print options.
pub fn tensor_repr(t: &Tensor) -> String {
    let dtype = t.dtype();
    let kind = value_kind(dtype);
    let device = t.device();
    let device_text = device.is_cuda().then(|| device.to_string());
    let grad_fn = t.autograd().grad_fn.as_ref().map(|n| n.name);
    let meta = TensorMeta {
        dtype: dtype.name(),
        device: device_text.as_deref(),
        requires_grad: t.requires_grad(),
        grad_fn,
    };
    let opts = state::print_options();
    // A CUDA tensor is copied to the host once, not read element by element.
    let host = t.on_host();
    torch_repr(t.shape(), kind, &|i| host.get_flat(i), &meta, &opts)
}

pub fn value_kind(dtype: DType) -> ValueKind {
    if dtype.is_float() {
        ValueKind::Float
    } else if dtype.is_bool() {
        ValueKind::Bool
    } else {
        ValueKind::Int
    }
}

impl Constructor for PyTensor {
    type Args = FuncArgs;

    /// `torch.Tensor(data)` (float32 data), `torch.Tensor(2, 3)` (uninitialised, here
    /// zeros), `torch.Tensor()` (empty), `torch.Tensor(t)` (an alias of `t`).
    fn py_new(_cls: &Py<PyType>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<Self> {
        if !args.kwargs.is_empty() {
            let k = args.kwargs.keys().next().cloned().unwrap_or_default();
            return Err(
                vm.new_type_error(format!("new() got an unexpected keyword argument '{k}'"))
            );
        }
        let t = match args.args.as_slice() {
            [] => Tensor::zeros(&[0], DType::F32).py(vm)?,
            [one] if PyTensor::of(one).is_some() => {
                super::engine_ops::alias(&PyTensor::of(one).unwrap())
            }
            [one]
                if one.class().is(vm.ctx.types.list_type)
                    || one.class().is(vm.ctx.types.tuple_type) =>
            {
                convert::tensor_from_data(vm, one, Some(DType::F32))?
            }
            items => {
                let shape = convert::shape_from_args(vm, items, "new")?;
                Tensor::zeros(&shape, DType::F32).py(vm)?
            }
        };
        Ok(PyTensor::new(t))
    }
}

#[pyclass(
    flags(BASETYPE),
    with(
        Constructor,
        Representable,
        Hashable,
        Comparable,
        AsNumber,
        AsMapping,
        AsSequence,
        Iterable
    )
)]
impl PyTensor {
    /// `torch.Tensor._make_subclass(cls, data, require_grad=False)`: how `nn.Parameter`
    /// wraps a tensor's data in an instance of a subclass.
    #[pystaticmethod]
    fn _make_subclass(
        cls: PyTypeRef,
        data: PyRef<PyTensor>,
        require_grad: OptionalArg<bool>,
        vm: &VirtualMachine,
    ) -> PyResult {
        let t = super::engine_ops::alias(&data.tensor());
        if require_grad.unwrap_or(false) {
            super::properties::set_requires_grad(vm, &t, true)?;
        }
        let obj = PyTensor::new(t).into_ref_with_type(vm, cls)?;
        Ok(obj.into())
    }

    #[pymethod]
    fn __str__(zelf: &Py<Self>) -> String {
        tensor_repr(&zelf.tensor())
    }

    /// f-strings: a 0-dim tensor formats as its Python number (`f"{loss:.4f}"`).
    #[pymethod]
    fn __format__(zelf: &Py<Self>, spec: PyStrRef, vm: &VirtualMachine) -> PyResult {
        let t = zelf.tensor();
        if t.ndim() == 0 {
            let v = convert::scalar_to_py(vm, t.item().py(vm)?);
            return vm.call_method(&v, "__format__", (spec,));
        }
        if spec.as_bytes().is_empty() {
            return Ok(vm.ctx.new_str(tensor_repr(&t)).into());
        }
        Err(vm.new_type_error("unsupported format string passed to Tensor.__format__"))
    }
}

impl Representable for PyTensor {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok(tensor_repr(&zelf.tensor()))
    }
}

impl Hashable for PyTensor {
    /// Tensors hash by identity, as in PyTorch (so they can be dict keys and set items).
    fn hash(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<PyHash> {
        Ok((zelf.as_object().get_id() >> 4) as PyHash)
    }
}

impl Comparable for PyTensor {
    /// Comparisons return tensors, so the slot is taken over whole.
    fn slot_richcompare(
        zelf: &PyObject,
        other: &PyObject,
        op: PyComparisonOp,
        vm: &VirtualMachine,
    ) -> PyResult<rustpython_vm::function::Either<PyObjectRef, PyComparisonValue>> {
        operators::richcompare(zelf, other, op, vm).map(rustpython_vm::function::Either::A)
    }

    fn cmp(
        _: &Py<Self>,
        _: &PyObject,
        _: PyComparisonOp,
        _: &VirtualMachine,
    ) -> PyResult<PyComparisonValue> {
        unreachable!("slot_richcompare is overridden")
    }
}

impl AsNumber for PyTensor {
    fn as_number() -> &'static PyNumberMethods {
        &operators::NUMBER_METHODS
    }
}

impl AsMapping for PyTensor {
    fn as_mapping() -> &'static PyMappingMethods {
        static AS_MAPPING: PyMappingMethods = PyMappingMethods {
            length: Some(|m, vm| {
                let t = PyTensor::mapping_downcast(m).tensor();
                if t.ndim() == 0 {
                    return Err(vm.new_type_error("len() of a 0-d tensor"));
                }
                Ok(t.shape()[0])
            }),
            subscript: Some(|m, key, vm| {
                let t = PyTensor::mapping_downcast(m).tensor();
                indexing::getitem(vm, &t, key)
            }),
            ass_subscript: Some(|m, key, value, vm| {
                let t = PyTensor::mapping_downcast(m).tensor();
                match value {
                    Some(v) => indexing::setitem(vm, &t, key, &v),
                    None => {
                        Err(vm.new_type_error("'Tensor' object does not support item deletion"))
                    }
                }
            }),
        };
        &AS_MAPPING
    }
}

impl AsSequence for PyTensor {
    /// Only `x in t`: `(t == x).any()`, as PyTorch's `Tensor.__contains__`.
    fn as_sequence() -> &'static PySequenceMethods {
        static AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
            contains: Some(|seq, needle, vm| {
                let t = PyTensor::sequence_downcast(seq).tensor();
                let Some(x) = super::operators::operand_of(needle) else {
                    return Err(vm.new_runtime_error(format!(
                        "Tensor.__contains__ only supports Tensor or scalar, but you passed in a {}.",
                        needle.class().as_object().str(vm).map(|s| s.to_string()).unwrap_or_default()
                    )));
                };
                let eq = super::engine_ops::binary(
                    super::engine_ops::BinaryOp::Eq,
                    &x,
                    &super::engine_ops::Operand::Tensor(t),
                )
                .py(vm)?;
                let any = super::engine_ops::reduce(
                    super::engine_ops::ReduceOp::Any,
                    &eq,
                    None,
                    false,
                    None,
                )
                .py(vm)?;
                Ok(any.item().py(vm)?.to_bool())
            }),
            ..PySequenceMethods::NOT_IMPLEMENTED
        };
        &AS_SEQUENCE
    }
}

impl Iterable for PyTensor {
    /// Iterating walks dim 0 (each item a view), as `t.unbind(0)` does.
    fn iter(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyResult {
        let t = zelf.tensor();
        if t.ndim() == 0 {
            return Err(vm.new_type_error("iteration over a 0-d tensor"));
        }
        let rows = t.unbind(0).py(vm)?;
        let items: Vec<PyObjectRef> = rows.into_iter().map(|r| PyTensor::wrap(vm, r)).collect();
        let list = vm.ctx.new_list(items);
        list.as_object().get_iter(vm).map(Into::into)
    }
}

/// The string of a `str` object, for callers that match on names.
pub fn str_of(obj: &PyObject) -> Option<&str> {
    obj.downcast_ref::<PyStr>().and_then(|s| s.to_str())
}

//! `torch.dtype` objects (`torch.float32`, with its aliases) and `torch.device`.
use super::state::with_state;
use crate::tensor::dtype::ALL_DTYPES;
use crate::tensor::{DType, Device};
use rustpython_vm::builtins::{PyModule, PyType};
use rustpython_vm::common::hash::PyHash;
use rustpython_vm::function::{FuncArgs, PyComparisonValue};
use rustpython_vm::types::{Comparable, Constructor, Hashable, PyComparisonOp, Representable};
use rustpython_vm::{Py, PyObject, PyObjectRef, PyPayload, PyResult, VirtualMachine, pyclass};

#[pyclass(module = "torch", name = "dtype")]
#[derive(Debug, PyPayload)]
pub struct PyDType {
    pub dtype: DType,
}

#[pyclass(with(Representable, Comparable, Hashable))]
impl PyDType {
    #[pygetset]
    fn is_floating_point(&self) -> bool {
        self.dtype.is_float()
    }
    #[pygetset]
    fn is_complex(&self) -> bool {
        false
    }
    #[pygetset]
    fn is_signed(&self) -> bool {
        self.dtype.is_signed()
    }
    #[pygetset]
    fn itemsize(&self) -> usize {
        self.dtype.size_bytes()
    }
}

impl Representable for PyDType {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok(format!("torch.{}", zelf.dtype.name()))
    }
}

impl Comparable for PyDType {
    fn cmp(
        zelf: &Py<Self>,
        other: &PyObject,
        op: PyComparisonOp,
        _vm: &VirtualMachine,
    ) -> PyResult<PyComparisonValue> {
        op.eq_only(|| {
            Ok(match other.downcast_ref::<PyDType>() {
                Some(o) => PyComparisonValue::Implemented(o.dtype == zelf.dtype),
                None => PyComparisonValue::Implemented(false),
            })
        })
    }
}

impl Hashable for PyDType {
    fn hash(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<PyHash> {
        Ok(zelf.dtype as PyHash + 0x5eed)
    }
}

/// The one `torch.<dtype>` object for `dtype` (so `t.dtype is torch.float32` holds).
pub fn dtype_obj(vm: &VirtualMachine, dtype: DType) -> PyObjectRef {
    let cached = with_state(|s| s.dtypes.get(dtype as usize).cloned());
    match cached {
        Some(o) => o,
        None => {
            make_dtypes(vm);
            with_state(|s| s.dtypes[dtype as usize].clone())
        }
    }
}

fn make_dtypes(vm: &VirtualMachine) {
    let objs: Vec<PyObjectRef> = ALL_DTYPES
        .iter()
        .map(|&d| PyDType { dtype: d }.into_ref(&vm.ctx).into())
        .collect();
    with_state(|s| s.dtypes = objs);
}

/// `torch.device`: a device type and an optional index (`torch.device("cuda")` has none).
#[pyclass(module = "torch", name = "device")]
#[derive(Debug, PyPayload)]
pub struct PyDevice {
    pub device: Device,
    pub index: Option<usize>,
}

impl PyDevice {
    pub fn from_device(device: Device) -> PyDevice {
        let index = match device {
            Device::Cpu => None,
            Device::Cuda(i) => Some(i),
        };
        PyDevice { device, index }
    }
    fn text(&self) -> String {
        match self.index {
            Some(i) => format!("{}:{i}", self.device.kind()),
            None => self.device.kind().to_string(),
        }
    }
}

impl Constructor for PyDevice {
    type Args = FuncArgs;
    /// `torch.device("cuda:1")`, `torch.device("cuda", 1)`, `torch.device(other_device)`.
    fn py_new(_cls: &Py<PyType>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let mut a = super::args::Args::parse(vm, args, "device", &["type", "index"], 1)?;
        let first = a.take(0).unwrap();
        if let Some(d) = first.downcast_ref::<PyDevice>() {
            return Ok(PyDevice {
                device: d.device,
                index: d.index,
            });
        }
        let text = super::tensor_class::str_of(&first)
            .ok_or_else(|| {
                vm.new_type_error(format!(
                    "device() received an invalid combination of arguments - got ({})",
                    first.class().name()
                ))
            })?
            .to_string();
        let mut dev = super::convert::device_of(vm, &first)?;
        let mut index = if text.contains(':') {
            Some(match dev {
                Device::Cuda(i) => i,
                Device::Cpu => 0,
            })
        } else {
            None
        };
        if let Some(i) = a.take(1).filter(|o| !vm.is_none(o)) {
            let i = super::convert::int_of(vm, &i)? as usize;
            index = Some(i);
            if dev.is_cuda() {
                dev = Device::Cuda(i);
            }
        }
        Ok(PyDevice { device: dev, index })
    }
}

#[pyclass(with(Constructor, Representable, Comparable, Hashable))]
impl PyDevice {
    #[pygetset(name = "type")]
    fn type_(&self) -> &'static str {
        self.device.kind()
    }
    #[pygetset]
    fn index(&self) -> Option<usize> {
        self.index
    }
    #[pymethod]
    fn __str__(&self) -> String {
        self.text()
    }
}

impl Representable for PyDevice {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok(match zelf.index {
            Some(i) => format!("device(type='{}', index={i})", zelf.device.kind()),
            None => format!("device(type='{}')", zelf.device.kind()),
        })
    }
}

impl Comparable for PyDevice {
    fn cmp(
        zelf: &Py<Self>,
        other: &PyObject,
        op: PyComparisonOp,
        _vm: &VirtualMachine,
    ) -> PyResult<PyComparisonValue> {
        op.eq_only(|| {
            Ok(match other.downcast_ref::<PyDevice>() {
                Some(o) => PyComparisonValue::Implemented(
                    o.device.kind() == zelf.device.kind() && o.index == zelf.index,
                ),
                None => PyComparisonValue::Implemented(false),
            })
        })
    }
}

impl Hashable for PyDevice {
    fn hash(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<PyHash> {
        Ok(zelf.text().len() as PyHash * 31 + zelf.index.map_or(-1, |i| i as PyHash))
    }
}

/// `t.device` / `torch.device(...)` objects for an engine device (`cpu` has no index).
pub fn device_obj(vm: &VirtualMachine, device: Device) -> PyObjectRef {
    if device == Device::Cpu {
        if let Some(o) = with_state(|s| s.cpu_device.clone()) {
            return o;
        }
        let o: PyObjectRef = PyDevice::from_device(device).into_ref(&vm.ctx).into();
        with_state(|s| s.cpu_device = Some(o.clone()));
        return o;
    }
    PyDevice::from_device(device).into_ref(&vm.ctx).into()
}

/// Adds `torch.dtype`, `torch.device` and every dtype name and alias to the module.
pub fn install(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
    use rustpython_vm::class::PyClassImpl;
    module.set_attr("dtype", PyDType::make_static_type(), vm)?;
    module.set_attr("device", PyDevice::make_static_type(), vm)?;
    make_dtypes(vm);
    with_state(|s| s.cpu_device = None);
    const ALIASES: &[(&str, DType)] = &[
        ("float", DType::F32),
        ("double", DType::F64),
        ("half", DType::F16),
        ("long", DType::I64),
        ("int", DType::I32),
        ("short", DType::I16),
    ];
    for &d in ALL_DTYPES.iter() {
        module.set_attr(d.name(), dtype_obj(vm, d), vm)?;
    }
    for &(name, d) in ALIASES {
        module.set_attr(name, dtype_obj(vm, d), vm)?;
    }
    Ok(())
}

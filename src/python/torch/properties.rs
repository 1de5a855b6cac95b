//! Tensor attributes and metadata methods: `shape`, `dtype`, `device`, `ndim`, `T`,
//! `grad`, `requires_grad`, `data`, `size()`, `stride()`, `item()`, `tolist()`, ...
use super::args::Args;
use super::convert::{self, int_of};
use super::dtype_device::{device_obj, dtype_obj};
use super::errors::PyErrExt;
use super::state;
use super::tensor_class::PyTensor;
use crate::tensor::Tensor;
use crate::tensor::layout::wrap_dim;
use rustpython_vm::builtins::PyType;
use rustpython_vm::class::StaticType;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, Py, PyObjectRef, PyPayload, PyResult, VirtualMachine, pyclass};

type Getter = fn(&PyTensor, &VirtualMachine) -> PyResult;
type Setter = fn(&PyTensor, PyObjectRef, &VirtualMachine) -> PyResult<()>;
type Method = fn(&Py<PyTensor>, FuncArgs, &VirtualMachine) -> PyResult;

fn wrap(vm: &VirtualMachine, t: Tensor) -> PyResult {
    Ok(PyTensor::wrap(vm, t))
}

/// Read-only attributes.
pub const GETTERS: &[(&str, Getter)] = &[
    ("shape", |z, vm| state::new_size(vm, z.tensor().shape())),
    ("dtype", |z, vm| Ok(dtype_obj(vm, z.tensor().dtype()))),
    ("device", |z, vm| Ok(device_obj(vm, z.tensor().device()))),
    ("ndim", |z, vm| Ok(vm.ctx.new_int(z.tensor().ndim()).into())),
    ("T", |z, vm| wrap(vm, z.tensor().t_all().py(vm)?)),
    ("mT", |z, vm| wrap(vm, z.tensor().mt().py(vm)?)),
    ("H", |z, vm| wrap(vm, z.tensor().t().py(vm)?)),
    ("mH", |z, vm| wrap(vm, z.tensor().mt().py(vm)?)),
    ("grad_fn", |z, vm| Ok(grad_fn_obj(vm, &z.tensor()))),
    ("is_leaf", |z, vm| {
        Ok(vm.ctx.new_bool(z.tensor().is_leaf()).into())
    }),
    ("is_cuda", |z, vm| {
        Ok(vm.ctx.new_bool(z.tensor().device().is_cuda()).into())
    }),
    ("is_cpu", |z, vm| {
        Ok(vm.ctx.new_bool(!z.tensor().device().is_cuda()).into())
    }),
    ("itemsize", |z, vm| {
        Ok(vm.ctx.new_int(z.tensor().dtype().size_bytes()).into())
    }),
    ("nbytes", |z, vm| {
        let t = z.tensor();
        Ok(vm.ctx.new_int(t.numel() * t.dtype().size_bytes()).into())
    }),
    ("layout", |_, vm| Ok(vm.ctx.new_str("torch.strided").into())),
    ("retains_grad", |z, vm| {
        Ok(vm.ctx.new_bool(z.tensor().retains_grad()).into())
    }),
];

/// Attributes that can be assigned.
pub const GETSETS: &[(&str, Getter, Setter)] = &[
    (
        "requires_grad",
        |z, vm| Ok(vm.ctx.new_bool(z.tensor().requires_grad()).into()),
        |z, v, vm| {
            let b = convert::bool_of(vm, &v)?;
            set_requires_grad(vm, &z.tensor(), b)
        },
    ),
    (
        "grad",
        |z, vm| {
            Ok(z.tensor()
                .grad()
                .map_or_else(|| vm.ctx.none(), |g| PyTensor::wrap(vm, g)))
        },
        set_grad,
    ),
    (
        "data",
        |z, vm| wrap(vm, super::engine_ops::alias(&z.tensor())),
        set_data,
    ),
];

/// `requires_grad = b` / `requires_grad_(b)` with PyTorch's checks.
pub fn set_requires_grad(vm: &VirtualMachine, t: &Tensor, b: bool) -> PyResult<()> {
    set_requires_grad_msg(
        vm,
        t,
        b,
        "only Tensors of floating point and complex dtype can require gradients",
    )
}

fn set_requires_grad_msg(
    vm: &VirtualMachine,
    t: &Tensor,
    b: bool,
    dtype_msg: &str,
) -> PyResult<()> {
    if !t.is_leaf() {
        if b {
            return Ok(());
        }
        return Err(vm.new_runtime_error(
            "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
        ));
    }
    if b && !t.dtype().is_float() {
        return Err(vm.new_runtime_error(dtype_msg.to_owned()));
    }
    t.autograd().requires_grad = b;
    Ok(())
}

fn set_grad(z: &PyTensor, v: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
    let t = z.tensor();
    if vm.is_none(&v) {
        t.autograd().grad = None;
        return Ok(());
    }
    let g = PyTensor::expect(&v, vm, "assigned grad")?;
    if g.shape() != t.shape() {
        return Err(vm.new_runtime_error(format!(
            "attempting to assign a gradient of size '{}' to a tensor of size '{}'. Please ensure that the gradient and the tensor are the same size",
            list_text(g.shape()),
            list_text(t.shape())
        )));
    }
    if g.dtype() != t.dtype() {
        return Err(vm.new_runtime_error("attempting to assign a gradient with dtype mismatch"));
    }
    t.autograd().grad = Some(g);
    Ok(())
}

/// `t.data = other`: this Python object now shows `other`'s data, keeping its own
/// autograd flags (requires_grad stays as it was).
fn set_data(z: &PyTensor, v: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
    let old = z.tensor();
    let new = PyTensor::expect(&v, vm, "data")?;
    let requires_grad = old.requires_grad();
    if requires_grad && !new.dtype().is_float() {
        return Err(vm.new_runtime_error(
            "data set to a tensor that requires gradients must be floating point or complex dtype",
        ));
    }
    let t = super::engine_ops::alias(&new);
    {
        let mut meta = t.autograd();
        let mut old_meta = old.autograd();
        meta.requires_grad = requires_grad;
        meta.grad = old_meta.grad.take();
        meta.retains_grad = old_meta.retains_grad;
    }
    z.set_tensor(t);
    Ok(())
}

fn list_text(s: &[usize]) -> String {
    format!(
        "[{}]",
        s.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `grad_fn`: None for leaves, else an object that prints as PyTorch's node does.
fn grad_fn_obj(vm: &VirtualMachine, t: &Tensor) -> PyObjectRef {
    match t.autograd().grad_fn.as_ref().map(|n| n.name) {
        Some(name) => PyGradFn { name }.into_ref(&vm.ctx).into(),
        None => vm.ctx.none(),
    }
}

/// The Python face of an autograd node (the autograd work may extend it).
#[pyclass(module = "torch", name = "Node")]
#[derive(Debug, PyPayload)]
pub struct PyGradFn {
    pub name: &'static str,
}

#[pyclass(with(rustpython_vm::types::Representable))]
impl PyGradFn {
    #[pymethod]
    fn name(&self) -> &'static str {
        self.name
    }
}

impl rustpython_vm::types::Representable for PyGradFn {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok(format!(
            "<{} object at {:#x}>",
            zelf.name,
            zelf.as_object().get_id()
        ))
    }
}

fn dim_arg(vm: &VirtualMachine, t: &Tensor, obj: &PyObjectRef) -> PyResult<usize> {
    let d = int_of(vm, obj)?;
    wrap_dim(d, t.ndim().max(1)).py(vm)
}

/// Metadata methods.
pub const METHODS: &[(&str, Method)] = &[
    ("size", |z, args, vm| {
        let t = z.tensor();
        let mut a = Args::parse(vm, args, "size", &["dim"], 0)?;
        match a.take_some(vm, 0) {
            None => state::new_size(vm, t.shape()),
            Some(d) => {
                let d = dim_arg(vm, &t, &d)?;
                Ok(vm
                    .ctx
                    .new_int(t.shape().get(d).copied().unwrap_or(1))
                    .into())
            }
        }
    }),
    ("stride", |z, args, vm| {
        let t = z.tensor();
        let mut a = Args::parse(vm, args, "stride", &["dim"], 0)?;
        match a.take_some(vm, 0) {
            None => {
                let items: Vec<PyObjectRef> = t
                    .strides()
                    .iter()
                    .map(|&s| vm.ctx.new_int(s).into())
                    .collect();
                Ok(vm.ctx.new_tuple(items).into())
            }
            Some(d) => {
                let d = dim_arg(vm, &t, &d)?;
                Ok(vm
                    .ctx
                    .new_int(t.strides().get(d).copied().unwrap_or(1))
                    .into())
            }
        }
    }),
    ("dim", |z, _a, vm| {
        Ok(vm.ctx.new_int(z.tensor().ndim()).into())
    }),
    ("ndimension", |z, _a, vm| {
        Ok(vm.ctx.new_int(z.tensor().ndim()).into())
    }),
    ("numel", |z, _a, vm| {
        Ok(vm.ctx.new_int(z.tensor().numel()).into())
    }),
    ("nelement", |z, _a, vm| {
        Ok(vm.ctx.new_int(z.tensor().numel()).into())
    }),
    ("element_size", |z, _a, vm| {
        Ok(vm.ctx.new_int(z.tensor().dtype().size_bytes()).into())
    }),
    ("storage_offset", |z, _a, vm| {
        Ok(vm.ctx.new_int(z.tensor().storage_offset()).into())
    }),
    ("is_contiguous", |z, _a, vm| {
        Ok(vm.ctx.new_bool(z.tensor().is_contiguous()).into())
    }),
    ("is_floating_point", |z, _a, vm| {
        Ok(vm.ctx.new_bool(z.tensor().dtype().is_float()).into())
    }),
    ("is_complex", |_, _a, vm| Ok(vm.ctx.new_bool(false).into())),
    ("get_device", |z, _a, vm| {
        Ok(vm
            .ctx
            .new_int(match z.tensor().device() {
                crate::tensor::Device::Cpu => -1,
                crate::tensor::Device::Cuda(i) => i as i64,
            })
            .into())
    }),
    ("item", |z, _a, vm| {
        Ok(convert::scalar_to_py(vm, z.tensor().item().py(vm)?))
    }),
    ("tolist", |z, _a, vm| Ok(convert::tolist(vm, &z.tensor()))),
    ("numpy", numpy),
    ("requires_grad_", |z, args, vm| {
        let mut a = Args::parse(vm, args, "requires_grad_", &["requires_grad"], 0)?;
        let b = match a.take(0) {
            Some(o) => convert::bool_of(vm, &o)?,
            None => true,
        };
        // The method words it without "and complex" (PyTorch 2.15).
        set_requires_grad_msg(
            vm,
            &z.tensor(),
            b,
            "only Tensors of floating point dtype can require gradients",
        )?;
        Ok(z.to_owned().into())
    }),
    ("detach", |z, _a, vm| {
        wrap(vm, super::engine_ops::alias(&z.tensor()))
    }),
    ("detach_", |z, _a, _vm| {
        let t = z.tensor();
        {
            let mut m = t.autograd();
            m.requires_grad = false;
            m.grad_fn = None;
        }
        Ok(z.to_owned().into())
    }),
    ("data_ptr", |z, _a, vm| {
        let t = z.tensor();
        let base = std::sync::Arc::as_ptr(t.storage()) as usize;
        Ok(vm
            .ctx
            .new_int(base + t.storage_offset() * t.dtype().size_bytes())
            .into())
    }),
];

/// `backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)`.
fn backward(z: &Py<PyTensor>, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(
        vm,
        args,
        "backward",
        &["gradient", "retain_graph", "create_graph", "inputs"],
        0,
    )?;
    let gradient = match a.take_some(vm, 0) {
        Some(g) => Some(PyTensor::expect(&g, vm, "gradient")?),
        None => None,
    };
    let retain_graph = a
        .take_some(vm, 1)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false);
    if a.take(2)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false)
    {
        return Err(vm.new_not_implemented_error("backward(create_graph=True) is not supported"));
    }
    if a.take_some(vm, 3).is_some() {
        return Err(vm.new_not_implemented_error("backward(inputs=...) is not supported"));
    }
    z.tensor().backward(gradient, retain_graph).py(vm)?;
    Ok(vm.ctx.none())
}

/// `t.numpy()`: an ndarray sharing memory, from the numpy binding when it is present.
fn numpy(z: &Py<PyTensor>, _args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let t = z.tensor();
    if t.requires_grad() {
        return Err(vm.new_runtime_error(
            "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
        ));
    }
    if t.device().is_cuda() {
        return Err(vm.new_type_error(format!(
            "can't convert {} device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.",
            t.device()
        )));
    }
    // Importing numpy first sets up its classes, as `t.numpy()` works without `import numpy`.
    vm.import("numpy", 0)?;
    Ok(crate::python::numpy::ndarray_from_tensor(vm, t))
}

/// Adds the attributes and metadata methods to `torch.Tensor`.
pub fn install(vm: &VirtualMachine) {
    let cls: &'static Py<PyType> = <PyTensor as StaticType>::static_type();
    for &(name, get) in GETTERS {
        let gs = vm.ctx.new_readonly_getset(name, cls, get);
        cls.set_attr(vm.ctx.intern_str(name), gs.into());
    }
    for &(name, get, set) in GETSETS {
        let gs = vm.ctx.new_static_getset(name, cls, get, set);
        cls.set_attr(vm.ctx.intern_str(name), gs.into());
    }
    for &(name, f) in METHODS {
        let m = vm.new_method(name, cls, f);
        cls.set_attr(vm.ctx.intern_str(name), m.into());
    }
}

//! Randomness: `torch.manual_seed`/`seed`/`initial_seed`, `torch.Generator`, the
//! factories `rand`/`randn`/`randint`/`randperm` (+ `_like`), and the in-place
//! `uniform_`/`normal_`/`random_` methods, on the engine's PyTorch-exact generator.
use super::args::{Args, varargs_with_kwargs};
use super::convert::{self, int_of, opt_device, opt_dtype, shape_from_args};
use super::errors::PyErrExt;
use super::methods::{Impl, no_cuda, wrap};
use super::engine_ops;
use crate::backend::cuda::ops::random::{self as cuda_random, Draw};
use crate::tensor::Device;
use super::tensor_class::PyTensor;
use crate::tensor::ops::random as engine;
use crate::tensor::random::TorchGenerator;
use crate::tensor::{DType, Tensor};
use rustpython_vm::builtins::{PyModule, PyType};
use rustpython_vm::common::lock::PyMutex;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::types::Constructor;
use rustpython_vm::{
    AsObject, Py, PyObject, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine, pyclass,
};

/// `torch.Generator`: its own generator, or a handle on the default one
/// (what `torch.manual_seed` returns and `torch.default_generator` is).
#[pyclass(module = "torch", name = "Generator")]
#[derive(Debug, PyPayload)]
pub struct PyGenerator {
    own: Option<PyMutex<TorchGenerator>>,
}

impl PyGenerator {
    fn with<R>(&self, f: impl FnOnce(&mut TorchGenerator) -> R) -> R {
        match &self.own {
            Some(g) => f(&mut g.lock()),
            None => engine::with_default_generator(f),
        }
    }
    pub fn default_handle(vm: &VirtualMachine) -> PyObjectRef {
        PyGenerator { own: None }.into_ref(&vm.ctx).into()
    }
}

impl Constructor for PyGenerator {
    type Args = FuncArgs;
    fn py_new(_cls: &Py<PyType>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<Self> {
        let mut a = Args::parse(vm, args, "Generator", &["device"], 0)?;
        if let Some(d) = opt_device(vm, a.take(0).as_ref())? {
            if d.is_cuda() && !crate::backend::cuda::is_available() {
                return Err(no_cuda(vm));
            }
        }
        Ok(PyGenerator {
            own: Some(PyMutex::new(TorchGenerator::new_default())),
        })
    }
}

/// A Python int seed as the generator takes it (negative seeds wrap, as in PyTorch).
fn seed_of(vm: &VirtualMachine, obj: &PyObject) -> PyResult<u64> {
    Ok(int_of(vm, obj)? as u64)
}

#[pyclass(with(Constructor))]
impl PyGenerator {
    #[pymethod]
    fn manual_seed(
        zelf: PyRef<Self>,
        seed: PyObjectRef,
        vm: &VirtualMachine,
    ) -> PyResult<PyRef<Self>> {
        let s = seed_of(vm, &seed)?;
        zelf.with(|g| g.manual_seed(s));
        Ok(zelf)
    }
    #[pymethod]
    fn seed(&self) -> u64 {
        self.with(|g| g.seed())
    }
    #[pymethod]
    fn initial_seed(&self) -> u64 {
        self.with(|g| g.initial_seed())
    }
    #[pygetset]
    fn device(&self, vm: &VirtualMachine) -> PyObjectRef {
        super::dtype_device::device_obj(vm, crate::tensor::Device::Cpu)
    }
}

/// Runs `f` with the generator given as `generator=` (or the default one).
fn with_generator<R>(
    vm: &VirtualMachine,
    obj: Option<PyObjectRef>,
    f: impl FnOnce(Option<&mut TorchGenerator>) -> R,
) -> PyResult<R> {
    match obj {
        None => Ok(f(None)),
        Some(o) => {
            let g = o.downcast_ref::<PyGenerator>().ok_or_else(|| {
                vm.new_type_error(format!(
                    "generator must be torch.Generator, not {}",
                    o.class().name()
                ))
            })?;
            Ok(g.with(|g| f(Some(g))))
        }
    }
}

/// The keywords of the random factories: generator, dtype, device, requires_grad.
const KW: &[&str] = &[
    "generator",
    "dtype",
    "device",
    "requires_grad",
    "layout",
    "pin_memory",
    "out",
    "size",
];

fn finish(vm: &VirtualMachine, a: &mut Args, t: Tensor) -> PyResult {
    let t = match opt_device(vm, a.take(2).as_ref())? {
        Some(d) => t.to_device(d).py(vm)?,
        None => t,
    };
    if a.take(3)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false)
    {
        super::properties::set_requires_grad(vm, &t, true)?;
    }
    wrap(vm, t)
}

/// The `device=` of a random factory; leaves it taken. Without one, the draw
/// comes from the CPU generator and `finish_default` moves it to the default
/// device: a CPU program run with a CUDA default device (the GPU check's
/// conformance run) then draws the same values as on the CPU.
fn factory_device(vm: &VirtualMachine, a: &mut Args) -> PyResult<Device> {
    Ok(opt_device(vm, a.take(2).as_ref())?.unwrap_or(Device::Cpu))
}

/// A CPU draw moved to the default device.
fn finish_default(vm: &VirtualMachine, a: &mut Args, t: Tensor) -> PyResult {
    let t = t.to_device(crate::tensor::device::default_device()).py(vm)?;
    finish(vm, a, t)
}

/// `rand(*size, ...)` / `randn(*size, ...)`.
fn rand_like_factory(args: FuncArgs, vm: &VirtualMachine, normal: bool) -> PyResult {
    let fname = if normal { "randn" } else { "rand" };
    let (pos, mut a) = varargs_with_kwargs(vm, args, fname, KW)?;
    let pos = match a.take(7) {
        Some(s) if pos.is_empty() => vec![s],
        _ => pos,
    };
    let shape = shape_from_args(vm, &pos, fname)?;
    let dtype = opt_dtype(vm, a.take(1).as_ref())?;
    if let Device::Cuda(i) = factory_device(vm, &mut a)? {
        // The device's own (Philox) generator, as PyTorch draws CUDA tensors.
        let dtype = dtype.unwrap_or(crate::tensor::dtype::DEFAULT_FLOAT);
        if !dtype.is_float() {
            return Err(vm.new_runtime_error(format!("\"{}\" not implemented for '{}'", if normal { "normal_kernel_cuda" } else { "uniform_kernel_cuda" }, crate::tensor::dtype::pretty_name(dtype))));
        }
        let draw = if normal { Draw::Normal(0.0, 1.0) } else { Draw::Uniform(0.0, 1.0) };
        return finish(vm, &mut a, cuda_random::random(i, &shape, dtype, draw).py(vm)?);
    }
    let r = with_generator(vm, a.take_some(vm, 0), |g| {
        if normal {
            Tensor::randn(&shape, dtype, g)
        } else {
            Tensor::rand(&shape, dtype, g)
        }
    })?;
    finish_default(vm, &mut a, r.py(vm)?)
}

/// `randint(high, size)` / `randint(low, high, size)`.
fn randint(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let FuncArgs {
        args: pos,
        mut kwargs,
    } = args;
    let (low, high, size) = match pos.len() {
        3 => (Some(pos[0].clone()), pos[1].clone(), pos[2].clone()),
        2 if kwargs.contains_key("size") => (
            Some(pos[0].clone()),
            pos[1].clone(),
            kwargs.swap_remove("size").unwrap(),
        ),
        2 => (None, pos[0].clone(), pos[1].clone()),
        1 => (
            kwargs.swap_remove("low"),
            pos[0].clone(),
            kwargs
                .swap_remove("size")
                .ok_or_else(|| vm.new_type_error("randint() missing required argument 'size'"))?,
        ),
        0 => (
            kwargs.swap_remove("low"),
            kwargs
                .swap_remove("high")
                .ok_or_else(|| vm.new_type_error("randint() missing required argument 'high'"))?,
            kwargs
                .swap_remove("size")
                .ok_or_else(|| vm.new_type_error("randint() missing required argument 'size'"))?,
        ),
        _ => return Err(vm.new_type_error("randint() takes at most 3 positional arguments")),
    };
    let mut a = Args::parse(
        vm,
        FuncArgs {
            args: vec![],
            kwargs,
        },
        "randint",
        KW,
        0,
    )?;
    let low = low.map(|o| int_of(vm, &o)).transpose()?.unwrap_or(0);
    let high = int_of(vm, &high)?;
    let shape = shape_from_args(vm, &[size], "randint")?;
    let dtype = opt_dtype(vm, a.take(1).as_ref())?;
    if let Device::Cuda(i) = factory_device(vm, &mut a)? {
        if low >= high {
            return Err(vm.new_runtime_error(format!("random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")));
        }
        let t = cuda_random::random(i, &shape, dtype.unwrap_or(DType::I64), Draw::Int(low, high)).py(vm)?;
        return finish(vm, &mut a, t);
    }
    let r = with_generator(vm, a.take_some(vm, 0), |g| {
        Tensor::randint(low, high, &shape, dtype, g)
    })?;
    finish_default(vm, &mut a, r.py(vm)?)
}

fn randperm(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(
        vm,
        args,
        "randperm",
        &[
            "n",
            "generator",
            "dtype",
            "device",
            "requires_grad",
            "layout",
            "pin_memory",
            "out",
        ],
        1,
    )?;
    let n = int_of(vm, &a.take(0).unwrap())?;
    let dtype = opt_dtype(vm, a.take(2).as_ref())?;
    let r = with_generator(vm, a.take_some(vm, 1), |g| {
        Tensor::randperm(n.max(0) as usize, dtype, g)
    })?;
    wrap(vm, r.py(vm)?)
}

/// `rand_like(t)`, `randn_like(t)`, `randint_like(t, low=0, high)`.
fn like(args: FuncArgs, vm: &VirtualMachine, kind: &str) -> PyResult {
    let names: &[&str] = if kind == "randint_like" {
        &["input", "low", "high", "dtype", "generator"]
    } else {
        &["input", "dtype", "generator", "device", "requires_grad"]
    };
    let mut a = Args::parse(
        vm,
        args,
        kind,
        names,
        if kind == "randint_like" { 2 } else { 1 },
    )?;
    let input = PyTensor::expect(
        &a.take(0).unwrap(),
        vm,
        &format!("{kind}(): argument 'input' (position 1)"),
    )?;
    let shape = input.shape().to_vec();
    let follow_cpu = crate::tensor::device::draws_follow_the_cpu();
    if let (Device::Cuda(i), false) = (input.device(), follow_cpu) {
        let (draw, dtype) = if kind == "randint_like" {
            let (x, y) = (int_of(vm, &a.take(1).unwrap())?, a.take_some(vm, 2).map(|o| int_of(vm, &o)).transpose()?);
            let (low, high) = match y {
                Some(h) => (x, h),
                None => (0, x),
            };
            (Draw::Int(low, high), opt_dtype(vm, a.take(3).as_ref())?.unwrap_or(input.dtype()))
        } else {
            let d = opt_dtype(vm, a.take(1).as_ref())?.unwrap_or(input.dtype());
            (if kind == "randn_like" { Draw::Normal(0.0, 1.0) } else { Draw::Uniform(0.0, 1.0) }, d)
        };
        return wrap(vm, cuda_random::random(i, &shape, dtype, draw).py(vm)?);
    }
    let r = if kind == "randint_like" {
        let (x, y) = (
            int_of(vm, &a.take(1).unwrap())?,
            a.take_some(vm, 2).map(|o| int_of(vm, &o)).transpose()?,
        );
        let (low, high) = match y {
            Some(h) => (x, h),
            None => (0, x),
        };
        let dtype = opt_dtype(vm, a.take(3).as_ref())?.unwrap_or(input.dtype());
        with_generator(vm, a.take_some(vm, 4), |g| {
            Tensor::randint(low, high, &shape, Some(dtype), g)
        })?
    } else {
        let dtype = opt_dtype(vm, a.take(1).as_ref())?.unwrap_or(input.dtype());
        with_generator(vm, a.take_some(vm, 2), |g| {
            if kind == "randn_like" {
                Tensor::randn(&shape, Some(dtype), g)
            } else {
                Tensor::rand(&shape, Some(dtype), g)
            }
        })?
    };
    wrap(vm, r.py(vm)?.to_device(input.device()).py(vm)?)
}

fn manual_seed(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "manual_seed", &["seed"], 1)?;
    let seed = seed_of(vm, &a.take(0).unwrap())?;
    engine::manual_seed(seed);
    // torch.manual_seed seeds every device's generator too.
    cuda_random::manual_seed(seed);
    Ok(PyGenerator::default_handle(vm))
}

type Func = fn(FuncArgs, &VirtualMachine) -> PyResult;
const FUNCTIONS: &[(&str, Func)] = &[
    ("rand", |a, vm| rand_like_factory(a, vm, false)),
    ("randn", |a, vm| rand_like_factory(a, vm, true)),
    ("randint", randint),
    ("randperm", randperm),
    ("rand_like", |a, vm| like(a, vm, "rand_like")),
    ("randn_like", |a, vm| like(a, vm, "randn_like")),
    ("randint_like", |a, vm| like(a, vm, "randint_like")),
    ("manual_seed", manual_seed),
    ("seed", |_, vm| Ok(vm.ctx.new_int(engine::seed()).into())),
    ("initial_seed", |_, vm| {
        Ok(vm.ctx.new_int(engine::initial_seed()).into())
    }),
];

fn uniform_(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "uniform_", &["from", "to", "generator"], 0)?;
    let from = a
        .take_some(vm, 0)
        .map(|o| convert::float_of(vm, &o))
        .transpose()?
        .unwrap_or(0.0);
    let to = a
        .take_some(vm, 1)
        .map(|o| convert::float_of(vm, &o))
        .transpose()?
        .unwrap_or(1.0);
    if let (Device::Cuda(i), false) = (t.device(), crate::tensor::device::draws_follow_the_cpu()) {
        let r = cuda_random::random(i, t.shape(), t.dtype(), Draw::Uniform(from, to)).py(vm)?;
        engine_ops::assign(&t, &engine_ops::Operand::Tensor(r)).py(vm)?;
        return Ok(zelf.to_owned());
    }
    with_generator(vm, a.take_some(vm, 2), |g| t.uniform_(from, to, g))?.py(vm)?;
    Ok(zelf.to_owned())
}

fn normal_(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "normal_", &["mean", "std", "generator"], 0)?;
    let mean = a
        .take_some(vm, 0)
        .map(|o| convert::float_of(vm, &o))
        .transpose()?
        .unwrap_or(0.0);
    let std = a
        .take_some(vm, 1)
        .map(|o| convert::float_of(vm, &o))
        .transpose()?
        .unwrap_or(1.0);
    if let (Device::Cuda(i), false) = (t.device(), crate::tensor::device::draws_follow_the_cpu()) {
        let r = cuda_random::random(i, t.shape(), t.dtype(), Draw::Normal(mean, std)).py(vm)?;
        engine_ops::assign(&t, &engine_ops::Operand::Tensor(r)).py(vm)?;
        return Ok(zelf.to_owned());
    }
    with_generator(vm, a.take_some(vm, 2), |g| t.normal_(mean, std, g))?.py(vm)?;
    Ok(zelf.to_owned())
}

fn random_(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "random_", &["from", "to", "generator"], 0)?;
    let x = a.take_some(vm, 0).map(|o| int_of(vm, &o)).transpose()?;
    let y = a.take_some(vm, 1).map(|o| int_of(vm, &o)).transpose()?;
    let (low, high) = match (x, y) {
        (Some(l), Some(h)) => (l, h),
        (Some(h), None) => (0, h),
        _ => (
            0,
            if t.dtype() == DType::F32 {
                1 << 24
            } else if t.dtype() == DType::F64 {
                1 << 53
            } else {
                i64::MAX
            },
        ),
    };
    with_generator(vm, a.take_some(vm, 2), |g| t.random_(low, high, g))?.py(vm)?;
    Ok(zelf.to_owned())
}

/// In-place random methods of `torch.Tensor`.
pub const METHODS: &[(&str, Impl)] = &[
    ("uniform_", uniform_),
    ("normal_", normal_),
    ("random_", random_),
];

pub fn install(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
    use rustpython_vm::class::PyClassImpl;
    module
        .as_object()
        .set_attr("Generator", PyGenerator::make_static_type(), vm)?;
    module
        .as_object()
        .set_attr("default_generator", PyGenerator::default_handle(vm), vm)?;
    for &(name, f) in FUNCTIONS {
        module
            .as_object()
            .set_attr(name, vm.new_function(name, f), vm)?;
    }
    Ok(())
}

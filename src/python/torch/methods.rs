//! Tensor methods: views, dtype/device conversions and copies here; the math
//! (elementwise, reductions, matmul) in `methods_math.rs`. Each method is an `Impl`
//! taking the tensor and the remaining arguments, so `torch.<name>(t, ...)` reuses it.
use crate::tensor::autograd::functions as ag;
use super::args::Args;
use super::convert::{self, int_of, opt_device, opt_dtype, sizes_from_args};
use super::engine_ops::{self, Operand};
use super::errors::PyErrExt;
use super::methods_math;
use super::tensor_class::PyTensor;
use crate::tensor::{DType, Device, Tensor};
use rustpython_vm::builtins::{PyStr, PyType};
use rustpython_vm::class::StaticType;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, Py, PyObject, PyObjectRef, PyResult, VirtualMachine};
use std::cell::Cell;

/// A method body: (vm, the tensor's Python object, the tensor, the other arguments).
pub type Impl = fn(&VirtualMachine, &PyObject, Tensor, FuncArgs) -> PyResult;

pub fn wrap(vm: &VirtualMachine, t: Tensor) -> PyResult {
    Ok(PyTensor::wrap(vm, t))
}

fn wrap_list(vm: &VirtualMachine, ts: Vec<Tensor>) -> PyResult {
    let items: Vec<PyObjectRef> = ts.into_iter().map(|t| PyTensor::wrap(vm, t)).collect();
    Ok(vm.ctx.new_tuple(items).into())
}

/// `dim` arguments: `dim=-1` style ints.
fn int_arg(vm: &VirtualMachine, a: &mut Args, i: usize, default: i64) -> PyResult<i64> {
    match a.take_some(vm, i) {
        Some(o) => int_of(vm, &o),
        None => Ok(default),
    }
}

/// The error for a CUDA tensor where CUDA cannot run (no driver, no GPU), as a
/// CUDA build of PyTorch words it.
pub fn no_cuda(vm: &VirtualMachine) -> rustpython_vm::builtins::PyBaseExceptionRef {
    vm.new_runtime_error(crate::backend::cuda::context::unavailable_error().to_string())
}

/// Moves/casts as `to()` does; returns the same tensor when nothing changes.
pub fn convert_to(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, device: Option<Device>, dtype: Option<DType>, copy: bool) -> PyResult {
    let device = device.unwrap_or(t.device());
    let dtype = dtype.unwrap_or(t.dtype());
    if dtype == t.dtype() && device == t.device() && !copy {
        return Ok(zelf.to_owned());
    }
    let mut r = t.clone();
    if device != t.device() {
        r = ag::to_device(&r, device).py(vm)?;
    }
    r = if dtype != r.dtype() {
        engine_ops::to_dtype(&r, dtype).py(vm)?
    } else if device == t.device() {
        engine_ops::clone(&r).py(vm)?
    } else {
        r
    };
    wrap(vm, r)
}

/// `cuda(device=None)`: to `cuda:N` (the current device, 0, when not given).
fn cuda(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "cuda", &["device", "non_blocking", "memory_format"], 0)?;
    let device = match a.take_some(vm, 0) {
        Some(o) => match convert::device_of(vm, &o)? {
            Device::Cpu => return Err(vm.new_runtime_error("Invalid device, must be cuda device")),
            d => d,
        },
        None => Device::Cuda(0),
    };
    convert_to(vm, zelf, t, Some(device), None, false)
}

/// `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other)`, `to(dtype=..., device=...)`.
fn to(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "to", &["a", "b", "non_blocking", "copy", "dtype", "device", "memory_format"], 0)?;
    let mut device = opt_device(vm, a.take(5).as_ref())?;
    let mut dtype = opt_dtype(vm, a.take(4).as_ref())?;
    let copy = match a.take(3) {
        Some(o) => convert::bool_of(vm, &o)?,
        None => false,
    };
    for i in 0..2 {
        let Some(o) = a.take_some(vm, i) else { continue };
        if let Some(d) = convert::dtype_of(&o) {
            dtype = Some(d);
        } else if let Some(other) = PyTensor::of(&o) {
            dtype = Some(other.dtype());
            device = Some(other.device());
        } else {
            device = Some(convert::device_of(vm, &o)?);
        }
    }
    convert_to(vm, zelf, t, device, dtype, copy)
}

/// `type()` → 'torch.FloatTensor'; `type(torch.int32)` / `type('torch.IntTensor')` cast.
fn type_(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "type", &["dtype", "non_blocking"], 0)?;
    let Some(o) = a.take_some(vm, 0) else {
        let name = t.dtype().legacy_type_name();
        // 'torch.cuda.FloatTensor' for a CUDA tensor, as PyTorch names it.
        let name = if t.device().is_cuda() { name.replacen("torch.", "torch.cuda.", 1) } else { name.to_string() };
        return Ok(vm.ctx.new_str(name).into());
    };
    let dtype = match convert::dtype_of(&o) {
        Some(d) => d,
        None => {
            let name = o.downcast_ref::<PyStr>().and_then(|s| s.to_str().map(str::to_string)).unwrap_or_default();
            crate::tensor::dtype::ALL_DTYPES
                .iter()
                .copied()
                .find(|d| d.legacy_type_name() == name)
                .ok_or_else(|| vm.new_value_error(format!("invalid type: '{name}'")))?
        }
    };
    convert_to(vm, zelf, t, None, Some(dtype), false)
}

fn cast(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, dtype: DType) -> PyResult {
    convert_to(vm, zelf, t, None, Some(dtype), false)
}

fn view(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    if let [one] = args.args.as_slice() {
        if let Some(d) = convert::dtype_of(one) {
            if d == t.dtype() {
                return wrap(vm, engine_ops::alias(&t));
            }
            return Err(vm.new_not_implemented_error("view(dtype) with a different dtype is not supported"));
        }
    }
    let sizes = sizes_from_args(vm, &args.args, "view")?;
    wrap(vm, ag::view(&t, &sizes).py(vm)?)
}

fn reshape(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let sizes = match args.kwargs.get("shape") {
        Some(s) => sizes_from_args(vm, std::slice::from_ref(s), "reshape")?,
        None => sizes_from_args(vm, &args.args, "reshape")?,
    };
    wrap(vm, ag::reshape(&t, &sizes).py(vm)?)
}

fn permute(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let dims = match args.kwargs.get("dims") {
        Some(s) => sizes_from_args(vm, std::slice::from_ref(s), "permute")?,
        None => sizes_from_args(vm, &args.args, "permute")?,
    };
    wrap(vm, ag::permute(&t, &dims).py(vm)?)
}

fn transpose(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "transpose", &["dim0", "dim1"], 2)?;
    let (d0, d1) = (int_arg(vm, &mut a, 0, 0)?, int_arg(vm, &mut a, 1, 0)?);
    wrap(vm, ag::transpose(&t, d0, d1).py(vm)?)
}

fn squeeze(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "squeeze", &["dim"], 0)?;
    let dims = match a.take_some(vm, 0) {
        Some(o) => Some(convert::dims_of(vm, &o)?),
        None => None,
    };
    wrap(vm, ag::squeeze(&t, dims.as_deref()).py(vm)?)
}

fn unsqueeze(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "unsqueeze", &["dim"], 1)?;
    let d = int_arg(vm, &mut a, 0, 0)?;
    wrap(vm, ag::unsqueeze(&t, d).py(vm)?)
}

fn flatten(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "flatten", &["start_dim", "end_dim"], 0)?;
    let (s, e) = (int_arg(vm, &mut a, 0, 0)?, int_arg(vm, &mut a, 1, -1)?);
    wrap(vm, ag::flatten(&t, s, e).py(vm)?)
}

fn unflatten(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "unflatten", &["dim", "sizes"], 2)?;
    let d = int_arg(vm, &mut a, 0, 0)?;
    let sizes = sizes_from_args(vm, &[a.take(1).unwrap()], "unflatten")?;
    wrap(vm, ag::unflatten(&t, d, &sizes).py(vm)?)
}

fn expand(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let sizes = match args.kwargs.get("size") {
        Some(s) => sizes_from_args(vm, std::slice::from_ref(s), "expand")?,
        None => sizes_from_args(vm, &args.args, "expand")?,
    };
    wrap(vm, ag::expand(&t, &sizes).py(vm)?)
}

fn like_shape(vm: &VirtualMachine, args: FuncArgs, fname: &str) -> PyResult<Vec<i64>> {
    let mut a = Args::parse(vm, args, fname, &["other"], 1)?;
    let other = PyTensor::expect(&a.take(0).unwrap(), vm, "other")?;
    Ok(other.shape().iter().map(|&d| d as i64).collect())
}

fn narrow(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "narrow", &["dim", "start", "length"], 3)?;
    let (d, s, l) = (int_arg(vm, &mut a, 0, 0)?, int_arg(vm, &mut a, 1, 0)?, int_arg(vm, &mut a, 2, 0)?);
    wrap(vm, ag::narrow(&t, d, s, l).py(vm)?)
}

fn select(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "select", &["dim", "index"], 2)?;
    let (d, i) = (int_arg(vm, &mut a, 0, 0)?, int_arg(vm, &mut a, 1, 0)?);
    wrap(vm, ag::select(&t, d, i).py(vm)?)
}

fn split(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "split", &["split_size", "dim"], 1)?;
    let size = a.take(0).unwrap();
    let dim = int_arg(vm, &mut a, 1, 0)?;
    match convert::seq_items(&size) {
        // A list of section sizes.
        Some(items) => {
            let mut out = vec![];
            let mut start = 0;
            for it in items {
                let n = int_of(vm, &it)?;
                out.push(ag::narrow(&t, dim, start, n).py(vm)?);
                start += n;
            }
            wrap_list(vm, out)
        }
        None => wrap_list(vm, ag::split(&t, int_of(vm, &size)? as usize, dim).py(vm)?),
    }
}

fn chunk(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "chunk", &["chunks", "dim"], 1)?;
    let (n, d) = (int_arg(vm, &mut a, 0, 1)?, int_arg(vm, &mut a, 1, 0)?);
    wrap_list(vm, ag::chunk(&t, n.max(0) as usize, d).py(vm)?)
}

fn unbind(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "unbind", &["dim"], 0)?;
    let d = int_arg(vm, &mut a, 0, 0)?;
    wrap_list(vm, ag::unbind(&t, d).py(vm)?)
}

fn diagonal(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "diagonal", &["offset", "dim1", "dim2"], 0)?;
    let (o, d1, d2) = (int_arg(vm, &mut a, 0, 0)?, int_arg(vm, &mut a, 1, 0)?, int_arg(vm, &mut a, 2, 1)?);
    wrap(vm, ag::diagonal(&t, o, d1, d2).py(vm)?)
}

fn copy_(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "copy_", &["src", "non_blocking"], 1)?;
    let src = a.take(0).unwrap();
    let src = super::operators::operand_of(&src)
        .ok_or_else(|| vm.new_type_error(format!("copy_(): argument 'src' (position 1) must be Tensor, not {}", src.class().name())))?;
    engine_ops::assign(&t, &src).py(vm)?;
    Ok(zelf.to_owned())
}

fn fill_(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "fill_", &["value"], 1)?;
    let v = a.take(0).unwrap();
    let op = super::operators::operand_of(&v).ok_or_else(|| vm.new_type_error("fill_(): argument 'value' must be Number"))?;
    if let Operand::Tensor(ref vt) = op {
        if vt.ndim() != 0 {
            return Err(vm.new_runtime_error(format!(
                "fill_ only supports 0-dimension value tensor but got tensor with {} dimensions.",
                vt.ndim()
            )));
        }
    }
    engine_ops::assign(&t, &op).py(vm)?;
    Ok(zelf.to_owned())
}

fn equal(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "equal", &["other"], 1)?;
    let o = a.take(0).unwrap();
    let other = PyTensor::of(&o).ok_or_else(|| {
        vm.new_type_error(format!("equal(): argument 'other' (position 2) must be Tensor, not {}", o.class().name()))
    })?;
    Ok(vm.ctx.new_bool(engine_ops::equal(&t, &other).py(vm)?).into())
}

fn allclose(vm: &VirtualMachine, _z: &PyObject, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "allclose", &["other", "rtol", "atol", "equal_nan"], 1)?;
    let o = a.take(0).unwrap();
    let other = PyTensor::of(&o).ok_or_else(|| {
        vm.new_type_error(format!("allclose(): argument 'other' (position 2) must be Tensor, not {}", o.class().name()))
    })?;
    let rtol = a.take_some(vm, 1).map(|o| convert::float_of(vm, &o)).transpose()?.unwrap_or(1e-5);
    let atol = a.take_some(vm, 2).map(|o| convert::float_of(vm, &o)).transpose()?.unwrap_or(1e-8);
    let equal_nan = a.take(3).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false);
    Ok(vm.ctx.new_bool(engine_ops::allclose(&t, &other, rtol, atol, equal_nan).py(vm)?).into())
}

/// `new_zeros(size)`, `new_ones`, `new_empty`, `new_full(size, value)`, `new_tensor(data)`:
/// this tensor's dtype unless `dtype=` says otherwise.
fn new_like(vm: &VirtualMachine, t: Tensor, args: FuncArgs, kind: &str) -> PyResult {
    let (pos, mut kw) = super::args::varargs_with_kwargs(vm, args, kind, &["dtype", "device", "requires_grad", "layout", "pin_memory", "size"])?;
    let dtype = opt_dtype(vm, kw.take(0).as_ref())?.unwrap_or(t.dtype());
    let pos = match kw.take(5) {
        Some(s) if pos.is_empty() => vec![s],
        _ => pos,
    };
    let r = match kind {
        "new_tensor" => {
            let [data] = pos.as_slice() else { return Err(vm.new_type_error("new_tensor() takes 1 positional argument")) };
            convert::tensor_from_data(vm, data, Some(dtype))?
        }
        "new_full" => {
            let [size, value] = pos.as_slice() else { return Err(vm.new_type_error("new_full() takes 2 positional arguments")) };
            let v = convert::scalar_of(value).ok_or_else(|| vm.new_type_error("new_full(): argument 'fill_value' must be Number"))?;
            Tensor::full(&convert::shape_from_args(vm, std::slice::from_ref(size), kind)?, v, dtype).py(vm)?
        }
        _ => {
            let shape = convert::shape_from_args(vm, &pos, kind)?;
            let v = if kind == "new_ones" { 1 } else { 0 };
            Tensor::full(&shape, crate::tensor::Scalar::Int(v), dtype).py(vm)?
        }
    };
    if kw.take(2).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false) {
        super::properties::set_requires_grad(vm, &r, true)?;
    }
    wrap(vm, r)
}

/// The view/conversion/copy methods.
pub const METHODS: &[(&str, Impl)] = &[
    ("to", to),
    ("type", type_),
    ("float", |vm, z, t, _| cast(vm, z, t, DType::F32)),
    ("double", |vm, z, t, _| cast(vm, z, t, DType::F64)),
    ("half", |vm, z, t, _| cast(vm, z, t, DType::F16)),
    ("bfloat16", |vm, z, t, _| cast(vm, z, t, DType::BF16)),
    ("int", |vm, z, t, _| cast(vm, z, t, DType::I32)),
    ("long", |vm, z, t, _| cast(vm, z, t, DType::I64)),
    ("short", |vm, z, t, _| cast(vm, z, t, DType::I16)),
    ("char", |vm, z, t, _| cast(vm, z, t, DType::I8)),
    ("byte", |vm, z, t, _| cast(vm, z, t, DType::U8)),
    ("bool", |vm, z, t, _| cast(vm, z, t, DType::Bool)),
    ("cpu", |vm, z, t, _| convert_to(vm, z, t, Some(Device::Cpu), None, false)),
    ("cuda", cuda),
    ("view", view),
    ("view_as", |vm, _, t, a| wrap(vm, ag::view(&t, &like_shape(vm, a, "view_as")?).py(vm)?)),
    ("reshape", reshape),
    ("reshape_as", |vm, _, t, a| wrap(vm, ag::reshape(&t, &like_shape(vm, a, "reshape_as")?).py(vm)?)),
    ("permute", permute),
    ("transpose", transpose),
    ("swapaxes", transpose),
    ("swapdims", transpose),
    ("t", |vm, _, t, _| wrap(vm, ag::t(&t).py(vm)?)),
    ("squeeze", squeeze),
    ("unsqueeze", unsqueeze),
    ("flatten", flatten),
    ("ravel", |vm, _, t, _| wrap(vm, ag::reshape(&t, &[-1]).py(vm)?)),
    ("unflatten", unflatten),
    ("expand", expand),
    ("expand_as", |vm, _, t, a| wrap(vm, ag::expand(&t, &like_shape(vm, a, "expand_as")?).py(vm)?)),
    ("broadcast_to", expand),
    ("narrow", narrow),
    ("select", select),
    ("split", split),
    ("chunk", chunk),
    ("unbind", unbind),
    ("diagonal", diagonal),
    ("contiguous", |vm, z, t, _| if t.is_contiguous() { Ok(z.to_owned()) } else { wrap(vm, ag::contiguous(&t).py(vm)?) }),
    ("clone", |vm, _, t, _| wrap(vm, engine_ops::clone(&t).py(vm)?)),
    ("copy_", copy_),
    ("fill_", fill_),
    ("equal", equal),
    ("allclose", allclose),
    ("new_zeros", |vm, _, t, a| new_like(vm, t, a, "new_zeros")),
    ("new_ones", |vm, _, t, a| new_like(vm, t, a, "new_ones")),
    ("new_empty", |vm, _, t, a| new_like(vm, t, a, "new_empty")),
    ("new_full", |vm, _, t, a| new_like(vm, t, a, "new_full")),
    ("new_tensor", |vm, _, t, a| new_like(vm, t, a, "new_tensor")),
    ("zero_", |vm, z, t, _| {
        engine_ops::fill(&t, crate::tensor::Scalar::Int(0)).py(vm)?;
        Ok(z.to_owned())
    }),
];

thread_local! {
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Adds every method table to `torch.Tensor` (once per thread: the class is per thread).
pub fn install(vm: &VirtualMachine) {
    if INSTALLED.with(|c| c.replace(true)) {
        return;
    }
    let cls: &'static Py<PyType> = <PyTensor as StaticType>::static_type();
    for table in [METHODS, methods_math::METHODS, super::methods_reduce::METHODS, super::random_functions::METHODS] {
        for &(name, f) in table {
            let m = vm.new_method(name, cls, move |z: &Py<PyTensor>, args: FuncArgs, vm: &VirtualMachine| {
                let t = z.tensor();
                super::device_scope::run(vm, name, &t.clone(), &args, || f(vm, z.as_object(), t, args.clone()))
            });
            cls.set_attr(vm.ctx.intern_str(name), m.into());
        }
    }
    super::properties::install(vm);
}

/// Calls a method body as `torch.<name>(input, ...)`: the first argument (or `input=`) is the tensor.
pub fn call_as_function(vm: &VirtualMachine, f: Impl, name: &str, mut args: FuncArgs) -> PyResult {
    let input = if args.args.is_empty() { args.kwargs.swap_remove("input") } else { Some(args.args.remove(0)) };
    let Some(input) = input else {
        return Err(vm.new_type_error(format!("{name}() missing 1 required positional arguments: \"input\"")));
    };
    let t = match PyTensor::of(&input) {
        Some(t) => t,
        None => match convert::scalar_of(&input) {
            // torch.exp(2.0) etc. are errors in PyTorch too, except where a number is accepted.
            Some(_) => {
                return Err(vm.new_type_error(format!(
                    "{name}(): argument 'input' (position 1) must be Tensor, not {}",
                    input.class().name()
                )));
            }
            None => {
                return Err(vm.new_type_error(format!(
                    "{name}(): argument 'input' (position 1) must be Tensor, not {}",
                    input.class().name()
                )));
            }
        },
    };
    let first = t.clone();
    super::device_scope::run(vm, name, &first, &args, || super::errors::as_function(|| f(vm, &input, t, args.clone())))
}

/// Finds a method body by name in the tables (for `torch.*` functions).
pub fn find(name: &str) -> Option<Impl> {
    METHODS
        .iter()
        .chain(methods_math::METHODS.iter())
        .chain(super::methods_reduce::METHODS.iter())
        .find(|(n, _)| *n == name)
        .map(|&(_, f)| f)
}

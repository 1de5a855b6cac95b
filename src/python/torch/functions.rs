//! `torch.*` functions: factories (`tensor`, `arange`, `zeros`, ...), joins, and the
//! math functions, which reuse the method bodies (`torch.sum(t, 1)` is `t.sum(1)`).
use super::args::{Args, varargs_with_kwargs};
use super::convert::{self, opt_device, opt_dtype, scalar_of, shape_from_args};
use super::engine_ops;
use super::errors::PyErrExt;
use super::methods::{self, no_cuda, wrap};
use super::state::with_state;
use super::tensor_class::PyTensor;
use crate::tensor::{DType, Device, Scalar, Tensor};
use rustpython_vm::builtins::PyModule;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, Py, PyObjectRef, PyResult, VirtualMachine};

type Func = fn(FuncArgs, &VirtualMachine) -> PyResult;

/// The keyword arguments every factory takes.
struct Factory {
    dtype: Option<DType>,
    device: Option<Device>,
    requires_grad: bool,
}

fn factory_kw(vm: &VirtualMachine, a: &mut Args, first: usize) -> PyResult<Factory> {
    let dtype = opt_dtype(vm, a.take(first).as_ref())?;
    let device = opt_device(vm, a.take(first + 1).as_ref())?;
    let requires_grad = a.take(first + 2).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false);
    if a.take_some(vm, first + 5).is_some() {
        return Err(vm.new_not_implemented_error("the out= argument is not supported"));
    }
    Ok(Factory { dtype, device, requires_grad })
}

/// Applies `device=` and `requires_grad=` to a new tensor.
fn finish(vm: &VirtualMachine, t: Tensor, f: &Factory, capital: bool) -> PyResult {
    if let Some(d) = f.device {
        if d.is_cuda() {
            return Err(no_cuda(vm));
        }
    }
    if f.requires_grad {
        if !t.dtype().is_float() {
            let msg = "nly Tensors of floating point and complex dtype can require gradients";
            return Err(vm.new_runtime_error(format!("{}{msg}", if capital { 'O' } else { 'o' })));
        }
        t.autograd().requires_grad = true;
    }
    wrap(vm, t)
}

fn tensor(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "tensor", &["data", "dtype", "device", "requires_grad", "pin_memory"], 1)?;
    let data = a.take(0).unwrap();
    let dtype = opt_dtype(vm, a.take(1).as_ref())?;
    let device = opt_device(vm, a.take(2).as_ref())?;
    let requires_grad = a.take(3).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false);
    let t = convert::tensor_from_data(vm, &data, dtype)?;
    finish(vm, t, &Factory { dtype, device, requires_grad }, true)
}

/// `as_tensor(data)`: the tensor itself when nothing needs converting.
fn as_tensor(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "as_tensor", &["data", "dtype", "device"], 1)?;
    let data = a.take(0).unwrap();
    let dtype = opt_dtype(vm, a.take(1).as_ref())?;
    let device = opt_device(vm, a.take(2).as_ref())?;
    if let Some(t) = PyTensor::of(&data) {
        return methods::convert_to(vm, &data, t, device, dtype, false);
    }
    if let Ok(np) = vm.import("numpy", 0) {
        if let Ok(hook) = np.get_attr("_to_torch", vm) {
            if let Ok(r) = hook.call((data.clone(),), vm) {
                if !vm.is_none(&r) {
                    let t = PyTensor::expect(&r, vm, "data")?;
                    return methods::convert_to(vm, &r, t, device, dtype, false);
                }
            }
        }
    }
    wrap(vm, convert::tensor_from_data(vm, &data, dtype)?)
}

/// `from_numpy(ndarray)`: shares memory, through the numpy binding's `_to_torch`.
fn from_numpy(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "from_numpy", &["ndarray"], 1)?;
    let arr = a.take(0).unwrap();
    let np = vm.import("numpy", 0).map_err(|_| vm.new_not_implemented_error("torch.from_numpy needs the numpy module"))?;
    let hook = np
        .get_attr("_to_torch", vm)
        .map_err(|_| vm.new_not_implemented_error("torch.from_numpy is not wired to the numpy module yet"))?;
    let r = hook.call((arr.clone(),), vm)?;
    if vm.is_none(&r) {
        return Err(vm.new_type_error(format!("expected np.ndarray (got {})", arr.class().name())));
    }
    Ok(r)
}

/// `arange(end)`, `arange(start, end, step=1)`, also by keyword.
fn arange(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "arange", &["start", "end", "step", "dtype", "device", "requires_grad", "layout", "pin_memory", "out"], 0)?;
    let num = |o: PyObjectRef| -> PyResult<Scalar> {
        scalar_of(&o)
            .or_else(|| PyTensor::of(&o).and_then(|t| t.item().ok()))
            .ok_or_else(|| vm.new_type_error(format!("arange(): argument 'end' must be Number, not {}", o.class().name())))
    };
    let start = a.take_some(vm, 0).map(num).transpose()?;
    let end = a.take_some(vm, 1).map(num).transpose()?;
    let step = a.take_some(vm, 2).map(num).transpose()?.unwrap_or(Scalar::Int(1));
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(e), None) => (Scalar::Int(0), e),
        (None, Some(e)) => (Scalar::Int(0), e),
        (None, None) => return Err(vm.new_type_error("arange() missing 1 required positional arguments: \"end\"")),
    };
    let f = factory_kw(vm, &mut a, 3)?;
    finish(vm, Tensor::arange(start, end, step, f.dtype).py(vm)?, &f, false)
}

fn linspace(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "linspace", &["start", "end", "steps", "dtype", "device", "requires_grad", "layout", "pin_memory", "out"], 3)?;
    let start = convert::float_of(vm, &a.take(0).unwrap())?;
    let end = convert::float_of(vm, &a.take(1).unwrap())?;
    let steps = convert::int_of(vm, &a.take(2).unwrap())?;
    if steps < 0 {
        return Err(vm.new_runtime_error("linspace(): number of steps must be non-negative"));
    }
    let f = factory_kw(vm, &mut a, 3)?;
    finish(vm, Tensor::linspace(start, end, steps as usize, f.dtype).py(vm)?, &f, false)
}

/// `zeros(*size, dtype=None, device=None, requires_grad=False)` and friends.
fn filled(args: FuncArgs, vm: &VirtualMachine, fname: &str, value: Option<Scalar>) -> PyResult {
    let (pos, mut kw) = varargs_with_kwargs(vm, args, fname, &["dtype", "device", "requires_grad", "layout", "pin_memory", "out", "size"])?;
    let pos = match kw.take(6) {
        Some(s) if pos.is_empty() => vec![s],
        _ => pos,
    };
    if pos.is_empty() {
        return Err(vm.new_type_error(format!("{fname}() missing 1 required positional arguments: \"size\"")));
    }
    let shape = shape_from_args(vm, &pos, fname)?;
    let f = factory_kw(vm, &mut kw, 0)?;
    let dtype = f.dtype.unwrap_or(DType::F32);
    let t = match value {
        Some(v) => Tensor::full(&shape, v, dtype),
        None => Tensor::zeros(&shape, dtype),
    };
    finish(vm, t.py(vm)?, &f, false)
}

fn full(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "full", &["size", "fill_value", "dtype", "device", "requires_grad", "layout", "pin_memory", "out"], 2)?;
    let shape = shape_from_args(vm, &[a.take(0).unwrap()], "full")?;
    let v = a.take(1).unwrap();
    let value = scalar_of(&v)
        .or_else(|| PyTensor::of(&v).and_then(|t| t.item().ok()))
        .ok_or_else(|| vm.new_type_error(format!("full(): argument 'fill_value' must be Number, not {}", v.class().name())))?;
    let f = factory_kw(vm, &mut a, 2)?;
    // The dtype follows the value: an int fills int64, a bool fills bool.
    let dtype = f.dtype.unwrap_or(value.default_dtype());
    finish(vm, Tensor::full(&shape, value, dtype).py(vm)?, &f, false)
}

/// `zeros_like(t, dtype=None, ...)`, `ones_like`, `empty_like`, `full_like(t, value)`.
fn like(args: FuncArgs, vm: &VirtualMachine, fname: &str, value: Option<Scalar>) -> PyResult {
    let full = value.is_none() && fname == "full_like";
    let names: &[&str] = if full {
        &["input", "fill_value", "dtype", "device", "requires_grad", "layout", "pin_memory", "out", "memory_format"]
    } else {
        &["input", "dtype", "device", "requires_grad", "layout", "pin_memory", "out", "memory_format"]
    };
    let mut a = Args::parse(vm, args, fname, names, if full { 2 } else { 1 })?;
    let input = PyTensor::expect(&a.take(0).unwrap(), vm, &format!("{fname}(): argument 'input' (position 1)"))?;
    let value = match value {
        Some(v) => v,
        None if full => {
            let v = a.take(1).unwrap();
            scalar_of(&v).ok_or_else(|| vm.new_type_error("full_like(): argument 'fill_value' must be Number"))?
        }
        None => Scalar::Int(0),
    };
    let f = factory_kw(vm, &mut a, if full { 2 } else { 1 })?;
    let dtype = f.dtype.unwrap_or(input.dtype());
    finish(vm, Tensor::full(input.shape(), value, dtype).py(vm)?, &f, false)
}

fn eye(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "eye", &["n", "m", "dtype", "device", "requires_grad", "layout", "pin_memory", "out"], 1)?;
    let n = convert::int_of(vm, &a.take(0).unwrap())?;
    let m = a.take_some(vm, 1).map(|o| convert::int_of(vm, &o)).transpose()?;
    if n < 0 || m.is_some_and(|m| m < 0) {
        return Err(vm.new_runtime_error(format!("n must be greater or equal to 0, got {}", n.min(m.unwrap_or(0)))));
    }
    let f = factory_kw(vm, &mut a, 2)?;
    finish(vm, Tensor::eye(n as usize, m.map(|m| m as usize), f.dtype).py(vm)?, &f, false)
}

/// The tensors of a `cat`/`stack` argument (a list or tuple of tensors).
fn tensor_list(vm: &VirtualMachine, obj: &PyObjectRef, fname: &str) -> PyResult<Vec<Tensor>> {
    let items = convert::seq_items(obj).ok_or_else(|| {
        vm.new_type_error(format!(
            "{fname}(): argument 'tensors' (position 1) must be tuple of Tensors, not {}",
            convert::type_name(obj)
        ))
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, o)| {
            PyTensor::of(o).ok_or_else(|| {
                vm.new_type_error(format!(
                    "expected Tensor as element {i} in argument 0, but got {}",
                    convert::type_name(o)
                ))
            })
        })
        .collect()
}

fn join(args: FuncArgs, vm: &VirtualMachine, fname: &str, stack: bool) -> PyResult {
    let mut a = Args::parse(vm, args, fname, &["tensors", "dim", "out", "axis"], 1)?;
    let ts = tensor_list(vm, &a.take(0).unwrap(), fname)?;
    let dim = match a.take_some(vm, 1).or_else(|| a.take_some(vm, 3)) {
        Some(o) => convert::int_of(vm, &o)?,
        None => 0,
    };
    let r = if stack { engine_ops::stack(&ts, dim) } else { engine_ops::cat(&ts, dim) };
    wrap(vm, r.py(vm)?)
}

/// `torch.where(cond, a, b)` (numbers allowed for a and b); `torch.where(cond)` is nonzero.
fn where_(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "where", &["condition", "input", "other"], 1)?;
    let cond = PyTensor::expect(&a.take(0).unwrap(), vm, "where(): argument 'condition' (position 1)")?;
    let (Some(x), Some(y)) = (a.take(1), a.take(2)) else {
        return Err(vm.new_not_implemented_error("torch.where(condition) is not supported yet"));
    };
    let op = |o: PyObjectRef| {
        super::operators::operand_of(&o).ok_or_else(|| {
            vm.new_type_error(format!("where(): argument 'input' must be Tensor, not {}", o.class().name()))
        })
    };
    let (x, y) = (op(x)?, op(y)?);
    wrap(vm, engine_ops::where_(&cond, &x, &y).py(vm)?)
}

fn set_printoptions(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "set_printoptions", &["precision", "threshold", "edgeitems", "linewidth", "profile", "sci_mode"], 0)?;
    let int = |o: Option<PyObjectRef>| o.map(|o| convert::int_of(vm, &o).map(|v| v.max(0) as usize)).transpose();
    let precision = int(a.take_some(vm, 0))?;
    let threshold = int(a.take_some(vm, 1))?;
    let edgeitems = int(a.take_some(vm, 2))?;
    let linewidth = int(a.take_some(vm, 3))?;
    let profile = a.take_some(vm, 4).map(|o| super::tensor_class::str_of(&o).unwrap_or("").to_string());
    let sci_mode = a.take(5);
    let sci_mode = match sci_mode {
        None => None,
        Some(o) if vm.is_none(&o) => Some(None),
        Some(o) => Some(Some(convert::bool_of(vm, &o)?)),
    };
    with_state(|s| {
        let o = &mut s.print_options;
        match profile.as_deref() {
            Some("default") => *o = Default::default(),
            Some("short") => {
                o.precision = 2;
                o.threshold = 1000;
                o.edgeitems = 2;
                o.linewidth = 80;
            }
            Some("full") => {
                o.precision = 4;
                o.threshold = usize::MAX;
                o.edgeitems = 3;
                o.linewidth = 80;
            }
            _ => {}
        }
        if let Some(v) = precision {
            o.precision = v;
        }
        if let Some(v) = threshold {
            o.threshold = v;
        }
        if let Some(v) = edgeitems {
            o.edgeitems = v;
        }
        if let Some(v) = linewidth {
            o.linewidth = v;
        }
        if let Some(v) = sci_mode {
            o.sci_mode = v;
        }
    });
    Ok(vm.ctx.none())
}

fn is_tensor(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "is_tensor", &["obj"], 1)?;
    Ok(vm.ctx.new_bool(PyTensor::of(&a.take(0).unwrap()).is_some()).into())
}

fn set_grad_enabled(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "_set_grad_enabled", &["mode"], 1)?;
    let on = convert::bool_of(vm, &a.take(0).unwrap())?;
    let prev = crate::tensor::autograd::set_grad_enabled(on);
    Ok(vm.ctx.new_bool(prev).into())
}

/// Names of method bodies that are also `torch.<name>(input, ...)` functions.
const TENSOR_FUNCTIONS: &[&str] = &[
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide", "remainder", "pow",
    "eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "greater_equal", "less_equal", "not_equal", "maximum",
    "minimum", "atan2", "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or",
    "bitwise_xor", "bitwise_not", "neg", "negative", "abs", "absolute", "exp", "exp2", "expm1", "log", "log2",
    "log10", "log1p", "sqrt", "rsqrt", "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan",
    "sinh", "cosh", "tanh", "sigmoid", "relu", "floor", "ceil", "round", "trunc", "frac", "sign", "sgn",
    "reciprocal", "square", "erf", "isnan", "isinf", "isfinite", "clamp", "clip", "sum", "mean", "prod", "amax",
    "amin", "all", "any", "argmax", "argmin", "nansum", "nanmean", "logsumexp", "count_nonzero", "std", "var",
    "max", "min", "median", "mode", "sort", "argsort", "topk", "cumsum", "cumprod", "norm", "matmul", "mm", "bmm",
    "dot", "softmax", "log_softmax", "masked_fill", "gather", "reshape", "permute", "transpose", "swapaxes",
    "swapdims", "t", "squeeze", "unsqueeze", "flatten", "unflatten", "narrow", "select", "split", "chunk",
    "unbind", "diagonal", "clone", "broadcast_to", "ravel", "equal", "allclose",
];

/// `_tl_torch._install(Size, {name: return_type_class})`, called by the torch package.
fn install_py(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "_install", &["size", "return_types"], 2)?;
    let size = super::state::tuple_class(vm, a.take(0).unwrap())?;
    let rt = a.take(1).unwrap();
    let dict = rt.downcast_ref::<rustpython_vm::builtins::PyDict>().ok_or_else(|| vm.new_type_error("_install: expected a dict"))?;
    let mut classes = Vec::new();
    for (k, v) in dict.items_vec() {
        let name = super::tensor_class::str_of(&k).ok_or_else(|| vm.new_type_error("_install: names must be str"))?;
        classes.push((name.to_string(), super::state::tuple_class(vm, v)?));
    }
    with_state(|s| {
        s.size_cls = Some(size);
        s.return_types = classes;
    });
    Ok(vm.ctx.none())
}

const FUNCTIONS: &[(&str, Func)] = &[
    ("_install", install_py),
    ("tensor", tensor),
    ("as_tensor", as_tensor),
    ("asarray", as_tensor),
    ("from_numpy", from_numpy),
    ("arange", arange),
    ("linspace", linspace),
    ("zeros", |a, vm| filled(a, vm, "zeros", None)),
    ("ones", |a, vm| filled(a, vm, "ones", Some(Scalar::Int(1)))),
    // `empty` is uninitialised in PyTorch; zeros are one valid choice of "anything".
    ("empty", |a, vm| filled(a, vm, "empty", None)),
    ("full", full),
    ("zeros_like", |a, vm| like(a, vm, "zeros_like", Some(Scalar::Int(0)))),
    ("ones_like", |a, vm| like(a, vm, "ones_like", Some(Scalar::Int(1)))),
    ("empty_like", |a, vm| like(a, vm, "empty_like", Some(Scalar::Int(0)))),
    ("full_like", |a, vm| like(a, vm, "full_like", None)),
    ("eye", eye),
    ("cat", |a, vm| join(a, vm, "cat", false)),
    ("concat", |a, vm| join(a, vm, "concat", false)),
    ("concatenate", |a, vm| join(a, vm, "concatenate", false)),
    ("stack", |a, vm| join(a, vm, "stack", true)),
    ("where", where_),
    ("set_printoptions", set_printoptions),
    ("is_tensor", is_tensor),
    ("is_floating_point", |a, vm| {
        let mut a = Args::parse(vm, a, "is_floating_point", &["input"], 1)?;
        let t = PyTensor::expect(&a.take(0).unwrap(), vm, "is_floating_point(): argument 'input' (position 1)")?;
        Ok(vm.ctx.new_bool(t.dtype().is_float()).into())
    }),
    ("numel", |a, vm| {
        let mut a = Args::parse(vm, a, "numel", &["input"], 1)?;
        let t = PyTensor::expect(&a.take(0).unwrap(), vm, "numel(): argument 'input' (position 1)")?;
        Ok(vm.ctx.new_int(t.numel()).into())
    }),
    ("get_default_dtype", |_, vm| Ok(super::dtype_device::dtype_obj(vm, DType::F32))),
    ("is_grad_enabled", |_, vm| Ok(vm.ctx.new_bool(crate::tensor::autograd::is_grad_enabled()).into())),
    ("_set_grad_enabled", set_grad_enabled),
    ("_cuda_is_available", |_, vm| Ok(vm.ctx.new_bool(false).into())),
    ("_cuda_device_count", |_, vm| Ok(vm.ctx.new_int(0).into())),
    ("promote_types", |a, vm| {
        let mut a = Args::parse(vm, a, "promote_types", &["type1", "type2"], 2)?;
        let d1 = convert::dtype_of(&a.take(0).unwrap()).ok_or_else(|| vm.new_type_error("promote_types(): expected torch.dtype"))?;
        let d2 = convert::dtype_of(&a.take(1).unwrap()).ok_or_else(|| vm.new_type_error("promote_types(): expected torch.dtype"))?;
        Ok(super::dtype_device::dtype_obj(vm, crate::tensor::dtype::promote_types(d1, d2)))
    }),
];

/// Adds the functions, and `torch.<op>` for every method body listed in `TENSOR_FUNCTIONS`.
pub fn install(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
    for &(name, f) in FUNCTIONS {
        module.as_object().set_attr(name, vm.new_function(name, f), vm)?;
    }
    for &name in TENSOR_FUNCTIONS {
        let Some(body) = methods::find(name) else { continue };
        let f = move |args: FuncArgs, vm: &VirtualMachine| methods::call_as_function(vm, body, name, args);
        module.as_object().set_attr(name, vm.new_function(name, f), vm)?;
    }
    Ok(())
}

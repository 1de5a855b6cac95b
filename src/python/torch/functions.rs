//! `torch.*` functions: joins, `where`, print options, grad mode, and the math functions,
//! which reuse the method bodies (`torch.sum(t, 1)` is `t.sum(1)`). Factories are in `factories.rs`.
use super::args::Args;
use super::convert;
use super::engine_ops;
use super::errors::PyErrExt;
use super::methods::{self, wrap};
use super::state::with_state;
use super::tensor_class::PyTensor;
use crate::tensor::{DType, Tensor};
use rustpython_vm::builtins::PyModule;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, Py, PyObjectRef, PyResult, VirtualMachine};

pub type Func = fn(FuncArgs, &VirtualMachine) -> PyResult;

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
    let r = if stack {
        engine_ops::stack(&ts, dim)
    } else {
        engine_ops::cat(&ts, dim)
    };
    wrap(vm, r.py(vm)?)
}

/// `hstack(tensors)` / `vstack(tensors)`.
fn join_flat(args: FuncArgs, vm: &VirtualMachine, fname: &str) -> PyResult {
    let mut a = Args::parse(vm, args, fname, &["tensors", "out"], 1)?;
    let ts = tensor_list(vm, &a.take(0).unwrap(), fname)?;
    let r = if fname == "hstack" {
        engine_ops::hstack(&ts)
    } else {
        engine_ops::vstack(&ts)
    };
    wrap(vm, r.py(vm)?)
}

/// `torch.where(cond, a, b)` (numbers allowed for a and b); `torch.where(cond)` is nonzero.
fn where_(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "where", &["condition", "input", "other"], 1)?;
    let cond = PyTensor::expect(
        &a.take(0).unwrap(),
        vm,
        "where(): argument 'condition' (position 1)",
    )?;
    let (Some(x), Some(y)) = (a.take(1), a.take(2)) else {
        return Err(vm.new_not_implemented_error("torch.where(condition) is not supported yet"));
    };
    let op = |o: PyObjectRef| {
        super::operators::operand_of(&o).ok_or_else(|| {
            vm.new_type_error(format!(
                "where(): argument 'input' must be Tensor, not {}",
                o.class().name()
            ))
        })
    };
    let (x, y) = (op(x)?, op(y)?);
    wrap(vm, engine_ops::where_(&cond, &x, &y).py(vm)?)
}

fn set_printoptions(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(
        vm,
        args,
        "set_printoptions",
        &[
            "precision",
            "threshold",
            "edgeitems",
            "linewidth",
            "profile",
            "sci_mode",
        ],
        0,
    )?;
    let int = |o: Option<PyObjectRef>| {
        o.map(|o| convert::int_of(vm, &o).map(|v| v.max(0) as usize))
            .transpose()
    };
    let precision = int(a.take_some(vm, 0))?;
    let threshold = int(a.take_some(vm, 1))?;
    let edgeitems = int(a.take_some(vm, 2))?;
    let linewidth = int(a.take_some(vm, 3))?;
    let profile = a
        .take_some(vm, 4)
        .map(|o| super::tensor_class::str_of(&o).unwrap_or("").to_string());
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
    Ok(vm
        .ctx
        .new_bool(PyTensor::of(&a.take(0).unwrap()).is_some())
        .into())
}

fn set_grad_enabled(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "_set_grad_enabled", &["mode"], 1)?;
    let on = convert::bool_of(vm, &a.take(0).unwrap())?;
    let prev = crate::tensor::autograd::set_grad_enabled(on);
    Ok(vm.ctx.new_bool(prev).into())
}

/// Names of method bodies that are also `torch.<name>(input, ...)` functions.
#[rustfmt::skip]
const TENSOR_FUNCTIONS: &[&str] = &[
    "add",
    "sub",
    "subtract",
    "mul",
    "multiply",
    "div",
    "divide",
    "true_divide",
    "floor_divide",
    "remainder",
    "pow",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "greater",
    "less",
    "greater_equal",
    "less_equal",
    "not_equal",
    "maximum",
    "minimum",
    "atan2",
    "logical_and",
    "logical_or",
    "logical_xor",
    "logical_not",
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "bitwise_not",
    "neg",
    "negative",
    "abs",
    "absolute",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "sqrt",
    "rsqrt",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "arcsin",
    "arccos",
    "arctan",
    "sinh",
    "cosh",
    "tanh",
    "sigmoid",
    "relu",
    "floor",
    "ceil",
    "round",
    "trunc",
    "frac",
    "sign",
    "sgn",
    "reciprocal",
    "square",
    "erf",
    "isnan",
    "isinf",
    "isfinite",
    "clamp",
    "clip",
    "sum",
    "mean",
    "prod",
    "amax",
    "amin",
    "all",
    "any",
    "argmax",
    "argmin",
    "nansum",
    "nanmean",
    "logsumexp",
    "count_nonzero",
    "std",
    "var",
    "max",
    "min",
    "median",
    "mode",
    "sort",
    "argsort",
    "topk",
    "cumsum",
    "cumprod",
    "norm",
    "matmul",
    "mm",
    "bmm",
    "dot",
    "addmm",
    "softmax",
    "log_softmax",
    "masked_fill",
    "gather",
    "reshape",
    "permute",
    "transpose",
    "swapaxes",
    "swapdims",
    "t",
    "squeeze",
    "unsqueeze",
    "flatten",
    "unflatten",
    "narrow",
    "select",
    "split",
    "chunk",
    "unbind",
    "diagonal",
    "clone",
    "broadcast_to",
    "ravel",
    "equal",
    "allclose",
    "tile",
    "flip",
    "roll",
    "tril",
    "triu",
    "index_select",
    "masked_select",
    "nonzero",
    "mv",
    "outer",
];

/// `_tl_torch._install(Size, {name: return_type_class})`, called by the torch package.
fn install_py(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "_install", &["size", "return_types"], 2)?;
    let size = super::state::tuple_class(vm, a.take(0).unwrap())?;
    let rt = a.take(1).unwrap();
    let dict = rt
        .downcast_ref::<rustpython_vm::builtins::PyDict>()
        .ok_or_else(|| vm.new_type_error("_install: expected a dict"))?;
    let mut classes = Vec::new();
    for (k, v) in dict.items_vec() {
        let name = super::tensor_class::str_of(&k)
            .ok_or_else(|| vm.new_type_error("_install: names must be str"))?;
        classes.push((name.to_string(), super::state::tuple_class(vm, v)?));
    }
    with_state(|s| {
        s.size_cls = Some(size);
        s.return_types = classes;
    });
    Ok(vm.ctx.none())
}

/// The CUDA device index of `torch.cuda.*(device=None)`, checked against the probe
/// (no GPU: PyTorch's no-driver RuntimeError).
fn cuda_index(vm: &VirtualMachine, args: FuncArgs) -> PyResult<usize> {
    let mut a = Args::parse(vm, args, "device", &["device"], 0)?;
    let i = match a.take_some(vm, 0) {
        Some(o) => match convert::device_of(vm, &o)? {
            crate::tensor::Device::Cuda(i) => i,
            crate::tensor::Device::Cpu => return Err(vm.new_value_error("Expected a cuda device, but got: cpu")),
        },
        None => 0,
    };
    if !crate::backend::cuda::is_available() {
        return Err(super::methods::no_cuda(vm));
    }
    if i >= crate::backend::cuda::device_count() {
        return Err(vm.new_runtime_error("CUDA error: invalid device ordinal"));
    }
    Ok(i)
}

const FUNCTIONS: &[(&str, Func)] = &[
    ("_install", install_py),
    ("cat", |a, vm| join(a, vm, "cat", false)),
    ("concat", |a, vm| join(a, vm, "concat", false)),
    ("concatenate", |a, vm| join(a, vm, "concatenate", false)),
    ("stack", |a, vm| join(a, vm, "stack", true)),
    ("hstack", |a, vm| join_flat(a, vm, "hstack")),
    ("vstack", |a, vm| join_flat(a, vm, "vstack")),
    ("where", where_),
    ("set_printoptions", set_printoptions),
    ("is_tensor", is_tensor),
    ("is_floating_point", |a, vm| {
        let mut a = Args::parse(vm, a, "is_floating_point", &["input"], 1)?;
        let t = PyTensor::expect(
            &a.take(0).unwrap(),
            vm,
            "is_floating_point(): argument 'input' (position 1)",
        )?;
        Ok(vm.ctx.new_bool(t.dtype().is_float()).into())
    }),
    ("numel", |a, vm| {
        let mut a = Args::parse(vm, a, "numel", &["input"], 1)?;
        let t = PyTensor::expect(
            &a.take(0).unwrap(),
            vm,
            "numel(): argument 'input' (position 1)",
        )?;
        Ok(vm.ctx.new_int(t.numel()).into())
    }),
    ("get_default_dtype", |_, vm| {
        Ok(super::dtype_device::dtype_obj(vm, DType::F32))
    }),
    ("is_grad_enabled", |_, vm| {
        Ok(vm
            .ctx
            .new_bool(crate::tensor::autograd::is_grad_enabled())
            .into())
    }),
    ("_set_grad_enabled", set_grad_enabled),
    ("_cuda_is_available", |_, vm| Ok(vm.ctx.new_bool(crate::backend::cuda::is_available()).into())),
    ("_cuda_device_count", |_, vm| Ok(vm.ctx.new_int(crate::backend::cuda::device_count()).into())),
    ("_cuda_get_device_name", |a, vm| {
        let i = cuda_index(vm, a)?;
        Ok(vm.ctx.new_str(crate::backend::cuda::probe().devices[i].name.clone()).into())
    }),
    ("_cuda_get_device_capability", |a, vm| {
        let i = cuda_index(vm, a)?;
        let (x, y) = crate::backend::cuda::probe().devices[i].compute_capability;
        Ok(vm.ctx.new_tuple(vec![vm.ctx.new_int(x).into(), vm.ctx.new_int(y).into()]).into())
    }),
    ("_cuda_total_memory", |a, vm| {
        let i = cuda_index(vm, a)?;
        Ok(vm.ctx.new_int(crate::backend::cuda::probe().devices[i].total_memory).into())
    }),
    ("_cuda_synchronize", |a, vm| {
        let i = cuda_index(vm, a)?;
        crate::backend::cuda::context::context(i).and_then(|c| c.synchronize()).py(vm)?;
        Ok(vm.ctx.none())
    }),
    ("_cuda_manual_seed", |a, vm| {
        let mut a = Args::parse(vm, a, "manual_seed", &["seed"], 1)?;
        let seed = convert::int_of(vm, &a.take(0).unwrap())?;
        crate::backend::cuda::ops::random::manual_seed(seed as u64);
        Ok(vm.ctx.none())
    }),
    ("_cuda_initial_seed", |_, vm| Ok(vm.ctx.new_int(crate::backend::cuda::ops::random::initial_seed()).into())),
    ("_cuda_memory_allocated", |a, vm| {
        let mut a = Args::parse(vm, a, "memory_allocated", &["device"], 0)?;
        let i = match a.take_some(vm, 0) {
            Some(o) => match convert::device_of(vm, &o)? {
                crate::tensor::Device::Cuda(i) => i,
                crate::tensor::Device::Cpu => 0,
            },
            None => 0,
        };
        Ok(vm.ctx.new_int(crate::tensor::memory::cuda_in_use(i)).into())
    }),
    ("_set_default_device", |a, vm| {
        let mut a = Args::parse(vm, a, "set_default_device", &["device"], 1)?;
        let o = a.take(0).unwrap();
        let d = if vm.is_none(&o) { crate::tensor::Device::Cpu } else { convert::device_of(vm, &o)? };
        crate::tensor::device::set_default_device(d);
        Ok(vm.ctx.none())
    }),
    ("get_default_device", |_, vm| Ok(super::dtype_device::device_obj(vm, crate::tensor::device::default_device()))),
    // `F.linear(x, weight, bias)`: one differentiable op (AddmmBackward0 for 2-D input).
    ("_linear", |a, vm| {
        let mut a = Args::parse(vm, a, "linear", &["input", "weight", "bias"], 2)?;
        let x = PyTensor::expect(&a.take(0).unwrap(), vm, "linear(): argument 'input' (position 1)")?;
        let w = PyTensor::expect(&a.take(1).unwrap(), vm, "linear(): argument 'weight' (position 2)")?;
        let b = match a.take_some(vm, 2) {
            Some(o) => Some(PyTensor::expect(&o, vm, "linear(): argument 'bias' (position 3)")?),
            None => None,
        };
        let out = crate::tensor::autograd::functions::linear(&x, &w, b.as_ref());
        Ok(PyTensor::wrap(vm, out.py(vm)?))
    }),
    ("promote_types", |a, vm| {
        let mut a = Args::parse(vm, a, "promote_types", &["type1", "type2"], 2)?;
        let d1 = convert::dtype_of(&a.take(0).unwrap())
            .ok_or_else(|| vm.new_type_error("promote_types(): expected torch.dtype"))?;
        let d2 = convert::dtype_of(&a.take(1).unwrap())
            .ok_or_else(|| vm.new_type_error("promote_types(): expected torch.dtype"))?;
        Ok(super::dtype_device::dtype_obj(
            vm,
            crate::tensor::dtype::promote_types(d1, d2),
        ))
    }),
];

/// Adds the functions, and `torch.<op>` for every method body listed in `TENSOR_FUNCTIONS`.
pub fn install(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
    for &(name, f) in FUNCTIONS.iter().chain(super::losses::FUNCTIONS) {
        let g = move |args: FuncArgs, vm: &VirtualMachine| super::device_scope::run_function(vm, name, &args.clone(), || f(args, vm));
        module.as_object().set_attr(name, vm.new_function(name, g), vm)?;
    }
    for &(name, f) in super::factories::FUNCTIONS {
        // `*_like` follow their input unless `device=` says otherwise; the rest use
        // `device=` or the default device.
        let like = name.ends_with("_like") || name == "as_tensor" || name == "asarray" || name == "from_numpy";
        let g = move |args: FuncArgs, vm: &VirtualMachine| {
            if like && !args.kwargs.contains_key("device") {
                super::device_scope::run_function(vm, name, &args.clone(), || f(args, vm))
            } else {
                super::device_scope::run_factory(vm, &args.clone(), || f(args, vm))
            }
        };
        module.as_object().set_attr(name, vm.new_function(name, g), vm)?;
    }
    for &name in TENSOR_FUNCTIONS {
        let Some(body) = methods::find(name) else {
            continue;
        };
        let f = move |args: FuncArgs, vm: &VirtualMachine| {
            methods::call_as_function(vm, body, name, args)
        };
        module
            .as_object()
            .set_attr(name, vm.new_function(name, f), vm)?;
    }
    Ok(())
}

//! Tensor factories: `torch.tensor`, `as_tensor`, `from_numpy`, `arange`, `linspace`,
//! `zeros`/`ones`/`full`/`empty` (+ `_like`), `eye`, with PyTorch's keyword arguments.
use super::args::{Args, varargs_with_kwargs};
use super::convert::{self, opt_device, opt_dtype, scalar_of, shape_from_args};
use super::engine_ops;
use super::errors::PyErrExt;
use super::functions::Func;
use super::methods::{self, wrap};
use super::tensor_class::PyTensor;
use crate::tensor::{DType, Device, Scalar, Tensor};
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

/// The keyword arguments every factory takes.
struct Factory {
    dtype: Option<DType>,
    device: Option<Device>,
    requires_grad: bool,
}

fn factory_kw(vm: &VirtualMachine, a: &mut Args, first: usize) -> PyResult<Factory> {
    let dtype = opt_dtype(vm, a.take(first).as_ref())?;
    let device = opt_device(vm, a.take(first + 1).as_ref())?;
    let requires_grad = a
        .take(first + 2)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false);
    if a.take_some(vm, first + 5).is_some() {
        return Err(vm.new_not_implemented_error("the out= argument is not supported"));
    }
    Ok(Factory {
        dtype,
        device,
        requires_grad,
    })
}

/// Applies `device=` and `requires_grad=` to a new tensor.
fn finish(vm: &VirtualMachine, t: Tensor, f: &Factory, capital: bool) -> PyResult {
    let t = match f.device {
        Some(d) => t.to_device(d).py(vm)?,
        None => t,
    };
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
    let mut a = Args::parse(
        vm,
        args,
        "tensor",
        &["data", "dtype", "device", "requires_grad", "pin_memory"],
        1,
    )?;
    let data = a.take(0).unwrap();
    let dtype = opt_dtype(vm, a.take(1).as_ref())?;
    let device = opt_device(vm, a.take(2).as_ref())?;
    let requires_grad = a
        .take(3)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false);
    let t = convert::tensor_from_data(vm, &data, dtype)?;
    finish(
        vm,
        t,
        &Factory {
            dtype,
            device,
            requires_grad,
        },
        true,
    )
}

/// `as_tensor(data)`: the tensor itself (or the ndarray's memory) when nothing needs converting.
fn as_tensor(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "as_tensor", &["data", "dtype", "device"], 1)?;
    let data = a.take(0).unwrap();
    let dtype = opt_dtype(vm, a.take(1).as_ref())?;
    let device = opt_device(vm, a.take(2).as_ref())?;
    if let Some(t) = PyTensor::of(&data) {
        return methods::convert_to(vm, &data, t, device, dtype, false);
    }
    if let Some(t) = crate::python::numpy::tensor_of_ndarray(&data) {
        let obj = PyTensor::wrap(vm, engine_ops::alias(&t));
        return methods::convert_to(vm, &obj, t, device, dtype, false);
    }
    wrap(vm, convert::tensor_from_data(vm, &data, dtype)?)
}

/// `from_numpy(ndarray)`: a tensor sharing the array's memory.
fn from_numpy(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(vm, args, "from_numpy", &["ndarray"], 1)?;
    let arr = a.take(0).unwrap();
    match crate::python::numpy::tensor_of_ndarray(&arr) {
        Some(t) => wrap(vm, engine_ops::alias(&t)),
        None => Err(vm.new_type_error(format!("expected np.ndarray (got {})", arr.class().name()))),
    }
}

/// `arange(end)`, `arange(start, end, step=1)`, also by keyword.
fn arange(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(
        vm,
        args,
        "arange",
        &[
            "start",
            "end",
            "step",
            "dtype",
            "device",
            "requires_grad",
            "layout",
            "pin_memory",
            "out",
        ],
        0,
    )?;
    let num = |o: PyObjectRef| -> PyResult<Scalar> {
        scalar_of(&o)
            .or_else(|| PyTensor::of(&o).and_then(|t| t.item().ok()))
            .ok_or_else(|| {
                vm.new_type_error(format!(
                    "arange(): argument 'end' must be Number, not {}",
                    o.class().name()
                ))
            })
    };
    let start = a.take_some(vm, 0).map(num).transpose()?;
    let end = a.take_some(vm, 1).map(num).transpose()?;
    let step = a
        .take_some(vm, 2)
        .map(num)
        .transpose()?
        .unwrap_or(Scalar::Int(1));
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(e), None) => (Scalar::Int(0), e),
        (None, Some(e)) => (Scalar::Int(0), e),
        (None, None) => {
            return Err(
                vm.new_type_error("arange() missing 1 required positional arguments: \"end\"")
            );
        }
    };
    let f = factory_kw(vm, &mut a, 3)?;
    finish(
        vm,
        Tensor::arange(start, end, step, f.dtype).py(vm)?,
        &f,
        false,
    )
}

fn linspace(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(
        vm,
        args,
        "linspace",
        &[
            "start",
            "end",
            "steps",
            "dtype",
            "device",
            "requires_grad",
            "layout",
            "pin_memory",
            "out",
        ],
        3,
    )?;
    let start = convert::float_of(vm, &a.take(0).unwrap())?;
    let end = convert::float_of(vm, &a.take(1).unwrap())?;
    let steps = convert::int_of(vm, &a.take(2).unwrap())?;
    if steps < 0 {
        return Err(vm.new_runtime_error("linspace(): number of steps must be non-negative"));
    }
    let f = factory_kw(vm, &mut a, 3)?;
    finish(
        vm,
        Tensor::linspace(start, end, steps as usize, f.dtype).py(vm)?,
        &f,
        false,
    )
}

/// `zeros(*size, dtype=None, device=None, requires_grad=False)` and friends.
fn filled(args: FuncArgs, vm: &VirtualMachine, fname: &str, value: Option<Scalar>) -> PyResult {
    let (pos, mut kw) = varargs_with_kwargs(
        vm,
        args,
        fname,
        &[
            "dtype",
            "device",
            "requires_grad",
            "layout",
            "pin_memory",
            "out",
            "size",
        ],
    )?;
    let pos = match kw.take(6) {
        Some(s) if pos.is_empty() => vec![s],
        _ => pos,
    };
    if pos.is_empty() {
        return Err(vm.new_type_error(format!(
            "{fname}() missing 1 required positional arguments: \"size\""
        )));
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
    let mut a = Args::parse(
        vm,
        args,
        "full",
        &[
            "size",
            "fill_value",
            "dtype",
            "device",
            "requires_grad",
            "layout",
            "pin_memory",
            "out",
        ],
        2,
    )?;
    let shape = shape_from_args(vm, &[a.take(0).unwrap()], "full")?;
    let v = a.take(1).unwrap();
    let value = scalar_of(&v)
        .or_else(|| PyTensor::of(&v).and_then(|t| t.item().ok()))
        .ok_or_else(|| {
            vm.new_type_error(format!(
                "full(): argument 'fill_value' must be Number, not {}",
                v.class().name()
            ))
        })?;
    let f = factory_kw(vm, &mut a, 2)?;
    // The dtype follows the value: an int fills int64, a bool fills bool.
    let dtype = f.dtype.unwrap_or(value.default_dtype());
    finish(vm, Tensor::full(&shape, value, dtype).py(vm)?, &f, false)
}

/// `zeros_like(t, dtype=None, ...)`, `ones_like`, `empty_like`, `full_like(t, value)`.
fn like(args: FuncArgs, vm: &VirtualMachine, fname: &str, value: Option<Scalar>) -> PyResult {
    let full = value.is_none() && fname == "full_like";
    let names: &[&str] = if full {
        &[
            "input",
            "fill_value",
            "dtype",
            "device",
            "requires_grad",
            "layout",
            "pin_memory",
            "out",
            "memory_format",
        ]
    } else {
        &[
            "input",
            "dtype",
            "device",
            "requires_grad",
            "layout",
            "pin_memory",
            "out",
            "memory_format",
        ]
    };
    let mut a = Args::parse(vm, args, fname, names, if full { 2 } else { 1 })?;
    let input = PyTensor::expect(
        &a.take(0).unwrap(),
        vm,
        &format!("{fname}(): argument 'input' (position 1)"),
    )?;
    let value = match value {
        Some(v) => v,
        None if full => {
            let v = a.take(1).unwrap();
            scalar_of(&v).ok_or_else(|| {
                vm.new_type_error("full_like(): argument 'fill_value' must be Number")
            })?
        }
        None => Scalar::Int(0),
    };
    let f = factory_kw(vm, &mut a, if full { 2 } else { 1 })?;
    let dtype = f.dtype.unwrap_or(input.dtype());
    finish(
        vm,
        Tensor::full(input.shape(), value, dtype).py(vm)?,
        &f,
        false,
    )
}

fn eye(args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    let mut a = Args::parse(
        vm,
        args,
        "eye",
        &[
            "n",
            "m",
            "dtype",
            "device",
            "requires_grad",
            "layout",
            "pin_memory",
            "out",
        ],
        1,
    )?;
    let n = convert::int_of(vm, &a.take(0).unwrap())?;
    let m = a
        .take_some(vm, 1)
        .map(|o| convert::int_of(vm, &o))
        .transpose()?;
    if n < 0 || m.is_some_and(|m| m < 0) {
        return Err(vm.new_runtime_error(format!(
            "n must be greater or equal to 0, got {}",
            n.min(m.unwrap_or(0))
        )));
    }
    let f = factory_kw(vm, &mut a, 2)?;
    finish(
        vm,
        Tensor::eye(n as usize, m.map(|m| m as usize), f.dtype).py(vm)?,
        &f,
        false,
    )
}

pub const FUNCTIONS: &[(&str, Func)] = &[
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
    ("zeros_like", |a, vm| {
        like(a, vm, "zeros_like", Some(Scalar::Int(0)))
    }),
    ("ones_like", |a, vm| {
        like(a, vm, "ones_like", Some(Scalar::Int(1)))
    }),
    ("empty_like", |a, vm| {
        like(a, vm, "empty_like", Some(Scalar::Int(0)))
    }),
    ("full_like", |a, vm| like(a, vm, "full_like", None)),
    ("eye", eye),
];

//! Tensor methods that compute: elementwise (with in-place `_` forms), clamp,
//! reductions (`sum(dim=1, keepdim=True)`, `max(dim)` → `torch.return_types.max`),
//! matmul and friends, softmax, sorting. All route through `engine_ops`.
use super::args::Args;
use super::convert::{self, int_of};
use super::engine_ops::{self, BinaryOp, Operand, ReduceOp};
use super::errors::PyErrExt;
use super::methods::{Impl, wrap};
use super::operators::operand_of;
use super::state;
use super::tensor_class::PyTensor;
use crate::tensor::{DType, Scalar, Tensor};
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyObject, PyResult, VirtualMachine};

fn other_operand(vm: &VirtualMachine, a: &mut Args, i: usize, fname: &str) -> PyResult<Operand> {
    let o = a.take(i).ok_or_else(|| vm.new_type_error(format!("{fname}() missing required argument 'other'")))?;
    operand_of(&o).ok_or_else(|| super::errors::bad_arg_type(vm, fname, "other", i, "Tensor", &o.class().name()))
}

/// The extra argument of `add`/`sub` (`alpha`) or `div` (`rounding_mode`).
enum Extra {
    None,
    Alpha(Scalar),
    Mode(Option<String>),
}

fn extra_arg(vm: &VirtualMachine, a: &mut Args, op: BinaryOp, fname: &str) -> PyResult<Extra> {
    let Some(o) = a.take_some(vm, 1) else { return Ok(Extra::None) };
    match op {
        BinaryOp::Add | BinaryOp::Sub => {
            let alpha = convert::scalar_of(&o).ok_or_else(|| {
                vm.new_type_error(format!("{fname}(): argument 'alpha' must be Number, not {}", o.class().name()))
            })?;
            Ok(Extra::Alpha(alpha))
        }
        BinaryOp::Div => match super::tensor_class::str_of(&o) {
            Some(m) => Ok(Extra::Mode(Some(m.to_string()))),
            None => Err(vm.new_type_error(format!("{fname}(): argument 'rounding_mode' must be str, not {}", o.class().name()))),
        },
        _ => Err(vm.new_type_error(format!("{fname}() got an unexpected keyword argument"))),
    }
}

/// The names of a binary method's arguments (`add(other, *, alpha)`, `div(other, *, rounding_mode)`).
fn binary_names(op: BinaryOp) -> &'static [&'static str] {
    match op {
        BinaryOp::Add | BinaryOp::Sub => &["other", "alpha"],
        BinaryOp::Div => &["other", "rounding_mode"],
        BinaryOp::Pow => &["exponent"],
        _ => &["other"],
    }
}

fn binary(vm: &VirtualMachine, t: Tensor, args: FuncArgs, op: BinaryOp, fname: &str) -> PyResult {
    // Fast path: one positional operand.
    if args.kwargs.is_empty() && args.args.len() == 1 {
        if let Some(o) = operand_of(&args.args[0]) {
            return wrap(vm, engine_ops::binary(op, &Operand::Tensor(t), &o).py(vm)?);
        }
    }
    let mut a = Args::parse(vm, args, fname, binary_names(op), 1)?;
    let other = other_operand(vm, &mut a, 0, fname)?;
    let me = Operand::Tensor(t);
    let r = match extra_arg(vm, &mut a, op, fname)? {
        Extra::None => engine_ops::binary(op, &me, &other),
        Extra::Alpha(alpha) => engine_ops::add_alpha(&me, &other, alpha, op == BinaryOp::Sub),
        Extra::Mode(m) => engine_ops::div_mode(&me, &other, m.as_deref()),
    };
    wrap(vm, r.py(vm)?)
}

fn binary_(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, args: FuncArgs, op: BinaryOp, fname: &str) -> PyResult {
    let mut a = Args::parse(vm, args, fname, binary_names(op), 1)?;
    let other = other_operand(vm, &mut a, 0, fname)?;
    match extra_arg(vm, &mut a, op, fname)? {
        Extra::None => engine_ops::binary_inplace(op, &t, &other),
        Extra::Alpha(alpha) => engine_ops::add_alpha_inplace(&t, &other, alpha, op == BinaryOp::Sub),
        Extra::Mode(m) => engine_ops::div_mode_inplace(&t, &other, m.as_deref()),
    }
    .py(vm)?;
    Ok(zelf.to_owned())
}

fn unary(vm: &VirtualMachine, t: Tensor, name: &str) -> PyResult {
    wrap(vm, engine_ops::unary(name, &t).py(vm)?)
}

fn unary_(vm: &VirtualMachine, zelf: &PyObject, t: Tensor, name: &str) -> PyResult {
    engine_ops::unary_inplace(name, &t).py(vm)?;
    Ok(zelf.to_owned())
}

fn clamp(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "clamp", &["min", "max"], 0)?;
    let min = a.take_some(vm, 0).map(|o| operand_of(&o).ok_or_else(|| vm.new_type_error("clamp(): min must be a number or Tensor"))).transpose()?;
    let max = a.take_some(vm, 1).map(|o| operand_of(&o).ok_or_else(|| vm.new_type_error("clamp(): max must be a number or Tensor"))).transpose()?;
    if min.is_none() && max.is_none() {
        return Err(vm.new_runtime_error("torch.clamp: At least one of 'min' or 'max' must not be None"));
    }
    wrap(vm, engine_ops::clamp(&t, min.as_ref(), max.as_ref()).py(vm)?)
}

/// `dim=None, keepdim=False, dtype=None`.
fn reduce_args(vm: &VirtualMachine, args: FuncArgs, fname: &str) -> PyResult<(Option<Vec<i64>>, bool, Option<DType>)> {
    // Fast path: no arguments.
    if args.args.is_empty() && args.kwargs.is_empty() {
        return Ok((None, false, None));
    }
    let types = super::errors::arg_types(&args);
    let mut a = Args::parse(vm, args, fname, &["dim", "keepdim", "dtype"], 0)?;
    let dims = match a.take_some(vm, 0) {
        Some(o) if convert::scalar_of(&o).is_some_and(|s| !matches!(s, crate::tensor::Scalar::Int(_))) => {
            return Err(super::errors::invalid_args(vm, fname, &types));
        }
        Some(o) => Some(convert::dims_of(vm, &o).map_err(|_| super::errors::invalid_args(vm, fname, &types))?),
        None => None,
    };
    let keepdim = match a.take(1) {
        Some(o) if o.downcastable::<rustpython_vm::builtins::PyBool>() => convert::bool_of(vm, &o)?,
        Some(o) => return Err(super::errors::bad_arg_type(vm, fname, "keepdim", 1, "bool", &o.class().name())),
        None => false,
    };
    let dtype = convert::opt_dtype(vm, a.take(2).as_ref())?;
    Ok((dims, keepdim, dtype))
}

fn reduce(vm: &VirtualMachine, t: Tensor, args: FuncArgs, op: ReduceOp) -> PyResult {
    let (dims, keepdim, dtype) = reduce_args(vm, args, op.name())?;
    wrap(vm, engine_ops::reduce(op, &t, dims.as_deref(), keepdim, dtype).py(vm)?)
}

/// `std/var(dim=None, unbiased=True, keepdim=False, *, correction=1)`.
fn std_var(vm: &VirtualMachine, t: Tensor, args: FuncArgs, is_std: bool) -> PyResult {
    let fname = if is_std { "std" } else { "var" };
    let mut a = Args::parse(vm, args, fname, &["dim", "unbiased", "keepdim", "correction"], 0)?;
    let mut dim_obj = a.take_some(vm, 0);
    let mut correction = 1.0;
    // `std(False)`: the first positional is `unbiased`.
    if let Some(o) = &dim_obj {
        if o.downcastable::<rustpython_vm::builtins::PyBool>() {
            correction = if convert::bool_of(vm, o)? { 1.0 } else { 0.0 };
            dim_obj = None;
        }
    }
    let dims = dim_obj.map(|o| convert::dims_of(vm, &o)).transpose()?;
    if let Some(u) = a.take_some(vm, 1) {
        correction = if convert::bool_of(vm, &u)? { 1.0 } else { 0.0 };
    }
    let keepdim = a.take(2).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false);
    if let Some(c) = a.take_some(vm, 3) {
        correction = convert::float_of(vm, &c)?;
    }
    wrap(vm, engine_ops::std_var(&t, dims.as_deref(), correction, keepdim, is_std).py(vm)?)
}

/// `max()`, `max(dim, keepdim=False)` → (values, indices), `max(other)` → maximum.
fn max_min(vm: &VirtualMachine, t: Tensor, args: FuncArgs, name: &'static str) -> PyResult {
    let mut a = Args::parse(vm, args, name, &["dim", "keepdim"], 0)?;
    let Some(first) = a.take_some(vm, 0) else {
        return wrap(vm, engine_ops::reduce_all_values(name, &t).py(vm)?);
    };
    if let Some(other) = PyTensor::of(&first) {
        let op = if name == "max" { BinaryOp::Maximum } else { BinaryOp::Minimum };
        return wrap(vm, engine_ops::binary(op, &Operand::Tensor(t), &Operand::Tensor(other)).py(vm)?);
    }
    let dim = int_of(vm, &first)?;
    let keepdim = a.take(1).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false);
    let (v, i) = engine_ops::reduce_with_indices(name, &t, dim, keepdim).py(vm)?;
    values_indices(vm, name, v, i)
}

pub fn values_indices(vm: &VirtualMachine, name: &str, v: Tensor, i: Tensor) -> PyResult {
    state::new_return_type(vm, name, vec![PyTensor::wrap(vm, v), PyTensor::wrap(vm, i)])
}

fn with_indices(vm: &VirtualMachine, t: Tensor, args: FuncArgs, name: &'static str) -> PyResult {
    let mut a = Args::parse(vm, args, name, &["dim", "keepdim"], 0)?;
    let dim = a.take_some(vm, 0).map(|o| int_of(vm, &o)).transpose()?.unwrap_or(-1);
    let keepdim = a.take(1).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false);
    let (v, i) = engine_ops::reduce_with_indices(name, &t, dim, keepdim).py(vm)?;
    values_indices(vm, name, v, i)
}

fn sort(vm: &VirtualMachine, t: Tensor, args: FuncArgs, argsort: bool) -> PyResult {
    let mut a = Args::parse(vm, args, if argsort { "argsort" } else { "sort" }, &["dim", "descending", "stable"], 0)?;
    let dim = a.take_some(vm, 0).map(|o| int_of(vm, &o)).transpose()?.unwrap_or(-1);
    let desc = a.take(1).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false);
    let (v, i) = engine_ops::sort(&t, dim, desc).py(vm)?;
    if argsort { wrap(vm, i) } else { values_indices(vm, "sort", v, i) }
}

fn topk(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "topk", &["k", "dim", "largest", "sorted"], 1)?;
    let k = int_of(vm, &a.take(0).unwrap())?;
    let dim = a.take_some(vm, 1).map(|o| int_of(vm, &o)).transpose()?.unwrap_or(-1);
    let largest = a.take(2).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(true);
    let sorted = a.take(3).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(true);
    let (v, i) = engine_ops::topk(&t, k.max(0) as usize, dim, largest, sorted).py(vm)?;
    values_indices(vm, "topk", v, i)
}

fn two_tensors(vm: &VirtualMachine, t: Tensor, args: FuncArgs, fname: &str, f: fn(&Tensor, &Tensor) -> crate::tensor::Result<Tensor>) -> PyResult {
    let mut a = Args::parse(vm, args, fname, &["other"], 1)?;
    let o = a.take(0).unwrap();
    let other = PyTensor::of(&o).ok_or_else(|| {
        vm.new_type_error(format!("{fname}(): argument 'other' (position 1) must be Tensor, not {}", o.class().name()))
    })?;
    wrap(vm, f(&t, &other).py(vm)?)
}

fn softmax(vm: &VirtualMachine, t: Tensor, args: FuncArgs, log: bool) -> PyResult {
    let fname = if log { "log_softmax" } else { "softmax" };
    let mut a = Args::parse(vm, args, fname, &["dim", "dtype"], 1)?;
    let dim = int_of(vm, &a.take(0).unwrap())?;
    let t = match convert::opt_dtype(vm, a.take(1).as_ref())? {
        Some(d) => t.to_dtype(d).py(vm)?,
        None => t,
    };
    wrap(vm, engine_ops::softmax(&t, dim, log).py(vm)?)
}

fn norm(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "norm", &["p", "dim", "keepdim", "dtype"], 0)?;
    let p = match a.take_some(vm, 0) {
        Some(o) => match super::tensor_class::str_of(&o) {
            Some("fro") => None,
            _ => Some(convert::float_of(vm, &o)?),
        },
        None => None,
    };
    let dims = a.take_some(vm, 1).map(|o| convert::dims_of(vm, &o)).transpose()?;
    let keepdim = a.take(2).map(|o| convert::bool_of(vm, &o)).transpose()?.unwrap_or(false);
    wrap(vm, engine_ops::norm(&t, p, dims.as_deref(), keepdim).py(vm)?)
}

fn cumulative(vm: &VirtualMachine, t: Tensor, args: FuncArgs, name: &str) -> PyResult {
    let mut a = Args::parse(vm, args, name, &["dim", "dtype"], 1)?;
    let dim = int_of(vm, &a.take(0).unwrap())?;
    let dtype = convert::opt_dtype(vm, a.take(1).as_ref())?;
    wrap(vm, engine_ops::cumulative(name, &t, dim, dtype).py(vm)?)
}

fn masked_fill(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "masked_fill", &["mask", "value"], 2)?;
    let mask = PyTensor::expect(&a.take(0).unwrap(), vm, "masked_fill(): argument 'mask' (position 1)")?;
    let v = a.take(1).unwrap();
    let value = operand_of(&v).ok_or_else(|| {
        vm.new_type_error(format!("masked_fill(): argument 'value' (position 2) must be Number, not {}", v.class().name()))
    })?;
    wrap(vm, engine_ops::masked_fill(&t, &mask, &value).py(vm)?)
}

fn where_method(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "where", &["condition", "other"], 2)?;
    let cond = PyTensor::expect(&a.take(0).unwrap(), vm, "where(): argument 'condition' (position 1)")?;
    let other = other_operand(vm, &mut a, 1, "where")?;
    wrap(vm, engine_ops::where_(&cond, &Operand::Tensor(t), &other).py(vm)?)
}

fn repeat(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let sizes = convert::sizes_from_args(vm, &args.args, "repeat")?;
    let sizes: Vec<usize> = sizes.into_iter().map(|s| s.max(0) as usize).collect();
    wrap(vm, engine_ops::repeat(&t, &sizes).py(vm)?)
}

fn gather(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "gather", &["dim", "index"], 2)?;
    let dim = int_of(vm, &a.take(0).unwrap())?;
    let index = PyTensor::expect(&a.take(1).unwrap(), vm, "gather(): argument 'index' (position 2)")?;
    wrap(vm, engine_ops::gather(&t, dim, &index).py(vm)?)
}

macro_rules! bin {
    ($name:literal, $op:expr) => {
        ($name, |vm, _z, t, a| binary(vm, t, a, $op, $name))
    };
}
macro_rules! bin_ {
    ($name:literal, $op:expr) => {
        ($name, |vm, z, t, a| binary_(vm, z, t, a, $op, $name))
    };
}
macro_rules! un {
    ($name:literal) => {
        ($name, |vm, _z, t, _a| unary(vm, t, $name))
    };
    ($name:literal, $op:literal) => {
        ($name, |vm, _z, t, _a| unary(vm, t, $op))
    };
}
macro_rules! un_ {
    ($name:literal, $op:literal) => {
        ($name, |vm, z, t, _a| unary_(vm, z, t, $op))
    };
}
macro_rules! red {
    ($name:literal, $op:expr) => {
        ($name, |vm, _z, t, a| reduce(vm, t, a, $op))
    };
}

use BinaryOp as B;
pub const METHODS: &[(&str, Impl)] = &[
    bin!("add", B::Add),
    bin!("sub", B::Sub),
    bin!("subtract", B::Sub),
    bin!("mul", B::Mul),
    bin!("multiply", B::Mul),
    bin!("div", B::Div),
    bin!("divide", B::Div),
    bin!("true_divide", B::Div),
    bin!("floor_divide", B::FloorDiv),
    bin!("remainder", B::Rem),
    bin!("pow", B::Pow),
    bin!("eq", B::Eq),
    bin!("ne", B::Ne),
    bin!("not_equal", B::Ne),
    bin!("lt", B::Lt),
    bin!("less", B::Lt),
    bin!("le", B::Le),
    bin!("less_equal", B::Le),
    bin!("gt", B::Gt),
    bin!("greater", B::Gt),
    bin!("ge", B::Ge),
    bin!("greater_equal", B::Ge),
    bin!("maximum", B::Maximum),
    bin!("minimum", B::Minimum),
    bin!("atan2", B::Atan2),
    bin!("logical_and", B::LogicalAnd),
    bin!("logical_or", B::LogicalOr),
    bin!("logical_xor", B::LogicalXor),
    bin!("bitwise_and", B::BitAnd),
    bin!("bitwise_or", B::BitOr),
    bin!("bitwise_xor", B::BitXor),
    bin_!("add_", B::Add),
    bin_!("sub_", B::Sub),
    bin_!("mul_", B::Mul),
    bin_!("div_", B::Div),
    bin_!("pow_", B::Pow),
    bin_!("remainder_", B::Rem),
    bin_!("floor_divide_", B::FloorDiv),
    un!("neg"),
    un!("negative", "neg"),
    un!("abs"),
    un!("absolute", "abs"),
    un!("bitwise_not"),
    un!("logical_not"),
    un!("exp"),
    un!("exp2"),
    un!("expm1"),
    un!("log"),
    un!("log2"),
    un!("log10"),
    un!("log1p"),
    un!("sqrt"),
    un!("rsqrt"),
    un!("sin"),
    un!("cos"),
    un!("tan"),
    un!("asin"),
    un!("arcsin", "asin"),
    un!("acos"),
    un!("arccos", "acos"),
    un!("atan"),
    un!("arctan", "atan"),
    un!("sinh"),
    un!("cosh"),
    un!("tanh"),
    un!("sigmoid"),
    un!("relu"),
    un!("floor"),
    un!("ceil"),
    un!("round"),
    un!("trunc"),
    un!("frac"),
    un!("sign"),
    un!("sgn"),
    un!("reciprocal"),
    un!("square"),
    un!("erf"),
    un!("isnan"),
    un!("isinf"),
    un!("isfinite"),
    un!("positive"),
    un_!("neg_", "neg"),
    un_!("abs_", "abs"),
    un_!("exp_", "exp"),
    un_!("log_", "log"),
    un_!("sqrt_", "sqrt"),
    un_!("sigmoid_", "sigmoid"),
    un_!("tanh_", "tanh"),
    un_!("relu_", "relu"),
    un_!("floor_", "floor"),
    un_!("ceil_", "ceil"),
    un_!("round_", "round"),
    un_!("square_", "square"),
    ("clamp", |vm, _z, t, a| clamp(vm, t, a)),
    ("clip", |vm, _z, t, a| clamp(vm, t, a)),
    ("clamp_", |vm, z, t, a| {
        let r = clamp(vm, t.clone(), a)?;
        engine_ops::assign(&t, &Operand::Tensor(PyTensor::of(&r).unwrap())).py(vm)?;
        Ok(z.to_owned())
    }),
    red!("sum", ReduceOp::Sum),
    red!("mean", ReduceOp::Mean),
    red!("prod", ReduceOp::Prod),
    red!("amax", ReduceOp::Amax),
    red!("amin", ReduceOp::Amin),
    red!("all", ReduceOp::All),
    red!("any", ReduceOp::Any),
    red!("argmax", ReduceOp::Argmax),
    red!("argmin", ReduceOp::Argmin),
    red!("nansum", ReduceOp::Nansum),
    red!("nanmean", ReduceOp::Nanmean),
    red!("logsumexp", ReduceOp::Logsumexp),
    red!("count_nonzero", ReduceOp::CountNonzero),
    ("std", |vm, _z, t, a| std_var(vm, t, a, true)),
    ("var", |vm, _z, t, a| std_var(vm, t, a, false)),
    ("max", |vm, _z, t, a| max_min(vm, t, a, "max")),
    ("min", |vm, _z, t, a| max_min(vm, t, a, "min")),
    ("median", |vm, _z, t, a| {
        if a.args.is_empty() && a.kwargs.is_empty() {
            return wrap(vm, engine_ops::reduce_all_values("median", &t).py(vm)?);
        }
        with_indices(vm, t, a, "median")
    }),
    ("mode", |vm, _z, t, a| with_indices(vm, t, a, "mode")),
    ("sort", |vm, _z, t, a| sort(vm, t, a, false)),
    ("argsort", |vm, _z, t, a| sort(vm, t, a, true)),
    ("topk", |vm, _z, t, a| topk(vm, t, a)),
    ("cumsum", |vm, _z, t, a| cumulative(vm, t, a, "cumsum")),
    ("cumprod", |vm, _z, t, a| cumulative(vm, t, a, "cumprod")),
    ("norm", |vm, _z, t, a| norm(vm, t, a)),
    ("matmul", |vm, _z, t, a| two_tensors(vm, t, a, "matmul", engine_ops::matmul)),
    ("mm", |vm, _z, t, a| two_tensors(vm, t, a, "mm", engine_ops::mm)),
    ("bmm", |vm, _z, t, a| two_tensors(vm, t, a, "bmm", engine_ops::bmm)),
    ("dot", |vm, _z, t, a| two_tensors(vm, t, a, "dot", engine_ops::dot)),
    ("softmax", |vm, _z, t, a| softmax(vm, t, a, false)),
    ("log_softmax", |vm, _z, t, a| softmax(vm, t, a, true)),
    ("masked_fill", |vm, _z, t, a| masked_fill(vm, t, a)),
    ("where", |vm, _z, t, a| where_method(vm, t, a)),
    ("repeat", |vm, _z, t, a| repeat(vm, t, a)),
    ("gather", |vm, _z, t, a| gather(vm, t, a)),
];

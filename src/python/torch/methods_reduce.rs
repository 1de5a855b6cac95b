//! Reductions as tensor methods: `sum(dim=1, keepdim=True)`, `mean`, `std`/`var`,
//! `max(dim)` → `torch.return_types.max`, `argmax`, `cumsum`, `norm`, `softmax`, ...
use super::args::Args;
use super::convert::{self, int_of};
use super::engine_ops::{self, BinaryOp, Operand, ReduceOp};
use super::errors::PyErrExt;
use super::methods::{Impl, wrap};
use super::state;
use super::tensor_class::PyTensor;
use crate::tensor::{DType, Tensor};
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyResult, VirtualMachine};

/// `dim=None, keepdim=False, dtype=None`.
fn reduce_args(
    vm: &VirtualMachine,
    args: FuncArgs,
    fname: &str,
) -> PyResult<(Option<Vec<i64>>, bool, Option<DType>)> {
    // Fast path: no arguments.
    if args.args.is_empty() && args.kwargs.is_empty() {
        return Ok((None, false, None));
    }
    let types = super::errors::arg_types(&args);
    let mut a = Args::parse(vm, args, fname, &["dim", "keepdim", "dtype"], 0)?;
    let dims = match a.take_some(vm, 0) {
        Some(o)
            if convert::scalar_of(&o)
                .is_some_and(|s| !matches!(s, crate::tensor::Scalar::Int(_))) =>
        {
            return Err(super::errors::invalid_args(vm, fname, &types));
        }
        Some(o) => Some(
            convert::dims_of(vm, &o).map_err(|_| super::errors::invalid_args(vm, fname, &types))?,
        ),
        None => None,
    };
    let keepdim = match a.take(1) {
        Some(o) if o.downcastable::<rustpython_vm::builtins::PyBool>() => convert::bool_of(vm, &o)?,
        Some(o) => {
            return Err(super::errors::bad_arg_type(
                vm,
                fname,
                "keepdim",
                1,
                "bool",
                &o.class().name(),
            ));
        }
        None => false,
    };
    let dtype = convert::opt_dtype(vm, a.take(2).as_ref())?;
    Ok((dims, keepdim, dtype))
}

fn reduce(vm: &VirtualMachine, t: Tensor, args: FuncArgs, op: ReduceOp) -> PyResult {
    let (dims, keepdim, dtype) = reduce_args(vm, args, op.name())?;
    wrap(
        vm,
        engine_ops::reduce(op, &t, dims.as_deref(), keepdim, dtype).py(vm)?,
    )
}

/// `std/var(dim=None, unbiased=True, keepdim=False, *, correction=1)`.
fn std_var(vm: &VirtualMachine, t: Tensor, args: FuncArgs, is_std: bool) -> PyResult {
    let fname = if is_std { "std" } else { "var" };
    let mut a = Args::parse(
        vm,
        args,
        fname,
        &["dim", "unbiased", "keepdim", "correction"],
        0,
    )?;
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
    let keepdim = a
        .take(2)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false);
    if let Some(c) = a.take_some(vm, 3) {
        correction = convert::float_of(vm, &c)?;
    }
    wrap(
        vm,
        engine_ops::std_var(&t, dims.as_deref(), correction, keepdim, is_std).py(vm)?,
    )
}

/// `max()`, `max(dim, keepdim=False)` → (values, indices), `max(other)` → maximum.
fn max_min(vm: &VirtualMachine, t: Tensor, args: FuncArgs, name: &'static str) -> PyResult {
    let mut a = Args::parse(vm, args, name, &["dim", "keepdim"], 0)?;
    let Some(first) = a.take_some(vm, 0) else {
        return wrap(vm, engine_ops::reduce_all_values(name, &t).py(vm)?);
    };
    if let Some(other) = PyTensor::of(&first) {
        let op = if name == "max" {
            BinaryOp::Maximum
        } else {
            BinaryOp::Minimum
        };
        return wrap(
            vm,
            engine_ops::binary(op, &Operand::Tensor(t), &Operand::Tensor(other)).py(vm)?,
        );
    }
    let dim = int_of(vm, &first)?;
    let keepdim = a
        .take(1)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false);
    let (v, i) = engine_ops::reduce_with_indices(name, &t, dim, keepdim).py(vm)?;
    values_indices(vm, name, v, i)
}

pub fn values_indices(vm: &VirtualMachine, name: &str, v: Tensor, i: Tensor) -> PyResult {
    state::new_return_type(vm, name, vec![PyTensor::wrap(vm, v), PyTensor::wrap(vm, i)])
}

fn with_indices(vm: &VirtualMachine, t: Tensor, args: FuncArgs, name: &'static str) -> PyResult {
    let mut a = Args::parse(vm, args, name, &["dim", "keepdim"], 0)?;
    let dim = a
        .take_some(vm, 0)
        .map(|o| int_of(vm, &o))
        .transpose()?
        .unwrap_or(-1);
    let keepdim = a
        .take(1)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false);
    let (v, i) = engine_ops::reduce_with_indices(name, &t, dim, keepdim).py(vm)?;
    values_indices(vm, name, v, i)
}

fn sort(vm: &VirtualMachine, t: Tensor, args: FuncArgs, argsort: bool) -> PyResult {
    let mut a = Args::parse(
        vm,
        args,
        if argsort { "argsort" } else { "sort" },
        &["dim", "descending", "stable"],
        0,
    )?;
    let dim = a
        .take_some(vm, 0)
        .map(|o| int_of(vm, &o))
        .transpose()?
        .unwrap_or(-1);
    let desc = a
        .take(1)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false);
    let (v, i) = engine_ops::sort(&t, dim, desc).py(vm)?;
    if argsort {
        wrap(vm, i)
    } else {
        values_indices(vm, "sort", v, i)
    }
}

fn topk(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "topk", &["k", "dim", "largest", "sorted"], 1)?;
    let k = int_of(vm, &a.take(0).unwrap())?;
    let dim = a
        .take_some(vm, 1)
        .map(|o| int_of(vm, &o))
        .transpose()?
        .unwrap_or(-1);
    let largest = a
        .take(2)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(true);
    let sorted = a
        .take(3)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(true);
    let (v, i) = engine_ops::topk(&t, k.max(0) as usize, dim, largest, sorted).py(vm)?;
    values_indices(vm, "topk", v, i)
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
    let dims = a
        .take_some(vm, 1)
        .map(|o| convert::dims_of(vm, &o))
        .transpose()?;
    let keepdim = a
        .take(2)
        .map(|o| convert::bool_of(vm, &o))
        .transpose()?
        .unwrap_or(false);
    wrap(
        vm,
        engine_ops::norm(&t, p, dims.as_deref(), keepdim).py(vm)?,
    )
}

fn cumulative(vm: &VirtualMachine, t: Tensor, args: FuncArgs, name: &str) -> PyResult {
    let mut a = Args::parse(vm, args, name, &["dim", "dtype"], 1)?;
    let dim = int_of(vm, &a.take(0).unwrap())?;
    let dtype = convert::opt_dtype(vm, a.take(1).as_ref())?;
    wrap(vm, engine_ops::cumulative(name, &t, dim, dtype).py(vm)?)
}
macro_rules! red {
    ($name:literal, $op:expr) => {
        ($name, |vm, _z, t, a| reduce(vm, t, a, $op))
    };
}

pub const METHODS: &[(&str, Impl)] = &[
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
    ("softmax", |vm, _z, t, a| softmax(vm, t, a, false)),
    ("log_softmax", |vm, _z, t, a| softmax(vm, t, a, true)),
];

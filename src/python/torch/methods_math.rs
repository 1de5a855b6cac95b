//! Tensor methods that compute: elementwise (with in-place `_` forms), clamp,
//! reductions (`sum(dim=1, keepdim=True)`, `max(dim)` → `torch.return_types.max`),
//! matmul and friends, softmax, sorting. All route through `engine_ops`.
use super::args::Args;
use super::convert::{self, int_of};
use super::engine_ops::{self, BinaryOp, Operand};
use super::errors::PyErrExt;
use super::methods::{Impl, wrap};
use super::operators::operand_of;
use super::tensor_class::PyTensor;
use crate::tensor::{Scalar, Tensor};
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyObject, PyResult, VirtualMachine};

fn other_operand(vm: &VirtualMachine, a: &mut Args, i: usize, fname: &str) -> PyResult<Operand> {
    let o = a
        .take(i)
        .ok_or_else(|| vm.new_type_error(format!("{fname}() missing required argument 'other'")))?;
    operand_of(&o).ok_or_else(|| {
        super::errors::bad_arg_type(vm, fname, "other", i, "Tensor", &o.class().name())
    })
}

/// The extra argument of `add`/`sub` (`alpha`) or `div` (`rounding_mode`).
enum Extra {
    None,
    Alpha(Scalar),
    Mode(Option<String>),
}

fn extra_arg(vm: &VirtualMachine, a: &mut Args, op: BinaryOp, fname: &str) -> PyResult<Extra> {
    let Some(o) = a.take_some(vm, 1) else {
        return Ok(Extra::None);
    };
    match op {
        BinaryOp::Add | BinaryOp::Sub => {
            let alpha = convert::scalar_of(&o).ok_or_else(|| {
                vm.new_type_error(format!(
                    "{fname}(): argument 'alpha' must be Number, not {}",
                    o.class().name()
                ))
            })?;
            Ok(Extra::Alpha(alpha))
        }
        BinaryOp::Div => match super::tensor_class::str_of(&o) {
            Some(m) => Ok(Extra::Mode(Some(m.to_string()))),
            None => Err(vm.new_type_error(format!(
                "{fname}(): argument 'rounding_mode' must be str, not {}",
                o.class().name()
            ))),
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

fn binary_(
    vm: &VirtualMachine,
    zelf: &PyObject,
    t: Tensor,
    args: FuncArgs,
    op: BinaryOp,
    fname: &str,
) -> PyResult {
    let mut a = Args::parse(vm, args, fname, binary_names(op), 1)?;
    let other = other_operand(vm, &mut a, 0, fname)?;
    match extra_arg(vm, &mut a, op, fname)? {
        Extra::None => engine_ops::binary_inplace(op, &t, &other),
        Extra::Alpha(alpha) => {
            engine_ops::add_alpha_inplace(&t, &other, alpha, op == BinaryOp::Sub)
        }
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
    let min = a
        .take_some(vm, 0)
        .map(|o| {
            operand_of(&o)
                .ok_or_else(|| vm.new_type_error("clamp(): min must be a number or Tensor"))
        })
        .transpose()?;
    let max = a
        .take_some(vm, 1)
        .map(|o| {
            operand_of(&o)
                .ok_or_else(|| vm.new_type_error("clamp(): max must be a number or Tensor"))
        })
        .transpose()?;
    if min.is_none() && max.is_none() {
        return Err(
            vm.new_runtime_error("torch.clamp: At least one of 'min' or 'max' must not be None")
        );
    }
    wrap(
        vm,
        engine_ops::clamp(&t, min.as_ref(), max.as_ref()).py(vm)?,
    )
}

/// `input.addmm(mat1, mat2, *, beta=1, alpha=1)`: `beta * input + alpha * (mat1 @ mat2)`.
fn addmm(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "addmm", &["mat1", "mat2", "beta", "alpha"], 2)?;
    let mut mat = |i: usize, name: &str| -> PyResult<Tensor> {
        let o = a.take(i).unwrap();
        PyTensor::of(&o).ok_or_else(|| {
            vm.new_type_error(format!(
                "addmm(): argument '{name}' (position {}) must be Tensor, not {}",
                i + 1,
                o.class().name()
            ))
        })
    };
    let (m1, m2) = (mat(0, "mat1")?, mat(1, "mat2")?);
    let mut number = |i: usize, name: &str| -> PyResult<Scalar> {
        match a.take_some(vm, i) {
            None => Ok(Scalar::Int(1)),
            Some(o) => convert::scalar_of(&o).ok_or_else(|| {
                vm.new_type_error(format!("addmm(): argument '{name}' must be Number, not {}", o.class().name()))
            }),
        }
    };
    let (beta, alpha) = (number(2, "beta")?, number(3, "alpha")?);
    wrap(vm, crate::tensor::autograd::functions::addmm(&t, &m1, &m2, beta, alpha).py(vm)?)
}

fn two_tensors(
    vm: &VirtualMachine,
    t: Tensor,
    args: FuncArgs,
    fname: &str,
    f: fn(&Tensor, &Tensor) -> crate::tensor::Result<Tensor>,
) -> PyResult {
    let mut a = Args::parse(vm, args, fname, &["other"], 1)?;
    let o = a.take(0).unwrap();
    let other = PyTensor::of(&o).ok_or_else(|| {
        vm.new_type_error(format!(
            "{fname}(): argument 'other' (position 1) must be Tensor, not {}",
            o.class().name()
        ))
    })?;
    wrap(vm, f(&t, &other).py(vm)?)
}

fn masked_fill(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "masked_fill", &["mask", "value"], 2)?;
    let mask = PyTensor::expect(
        &a.take(0).unwrap(),
        vm,
        "masked_fill(): argument 'mask' (position 1)",
    )?;
    let v = a.take(1).unwrap();
    let value = operand_of(&v).ok_or_else(|| {
        vm.new_type_error(format!(
            "masked_fill(): argument 'value' (position 2) must be Number, not {}",
            v.class().name()
        ))
    })?;
    wrap(vm, engine_ops::masked_fill(&t, &mask, &value).py(vm)?)
}

fn where_method(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "where", &["condition", "other"], 2)?;
    let cond = PyTensor::expect(
        &a.take(0).unwrap(),
        vm,
        "where(): argument 'condition' (position 1)",
    )?;
    let other = other_operand(vm, &mut a, 1, "where")?;
    wrap(
        vm,
        engine_ops::where_(&cond, &Operand::Tensor(t), &other).py(vm)?,
    )
}

/// `repeat(*sizes)`, `tile(dims)`, `flip(dims)`: a list of ints, as varargs or one sequence.
fn int_list_op(
    vm: &VirtualMachine,
    t: Tensor,
    args: FuncArgs,
    name: &str,
    f: fn(&Tensor, &[i64]) -> crate::tensor::Result<Tensor>,
) -> PyResult {
    let key = if name == "repeat" { "repeats" } else { "dims" };
    let sizes = match args.kwargs.get(key) {
        Some(s) => convert::sizes_from_args(vm, std::slice::from_ref(s), name)?,
        None => convert::sizes_from_args(vm, &args.args, name)?,
    };
    wrap(vm, f(&t, &sizes).py(vm)?)
}

fn roll(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "roll", &["shifts", "dims"], 1)?;
    let shifts = convert::dims_of(vm, &a.take(0).unwrap())?;
    let dims = a
        .take_some(vm, 1)
        .map(|o| convert::dims_of(vm, &o))
        .transpose()?
        .unwrap_or_default();
    wrap(vm, engine_ops::roll(&t, &shifts, &dims).py(vm)?)
}

fn triangle(vm: &VirtualMachine, t: Tensor, args: FuncArgs, upper: bool) -> PyResult {
    let mut a = Args::parse(
        vm,
        args,
        if upper { "triu" } else { "tril" },
        &["diagonal"],
        0,
    )?;
    let d = a
        .take_some(vm, 0)
        .map(|o| int_of(vm, &o))
        .transpose()?
        .unwrap_or(0);
    wrap(
        vm,
        if upper {
            engine_ops::triu(&t, d)
        } else {
            engine_ops::tril(&t, d)
        }
        .py(vm)?,
    )
}

fn index_select(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "index_select", &["dim", "index"], 2)?;
    let dim = int_of(vm, &a.take(0).unwrap())?;
    let index = PyTensor::expect(&a.take(1).unwrap(), vm, "index_select(): argument 'index'")?;
    wrap(vm, engine_ops::index_select(&t, dim, &index).py(vm)?)
}

fn masked_select(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "masked_select", &["mask"], 1)?;
    let mask = PyTensor::expect(&a.take(0).unwrap(), vm, "masked_select(): argument 'mask'")?;
    wrap(vm, engine_ops::masked_select(&t, &mask).py(vm)?)
}

fn gather(vm: &VirtualMachine, t: Tensor, args: FuncArgs) -> PyResult {
    let mut a = Args::parse(vm, args, "gather", &["dim", "index"], 2)?;
    let dim = int_of(vm, &a.take(0).unwrap())?;
    let index = PyTensor::expect(
        &a.take(1).unwrap(),
        vm,
        "gather(): argument 'index' (position 2)",
    )?;
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
    ("matmul", |vm, _z, t, a| {
        two_tensors(vm, t, a, "matmul", engine_ops::matmul)
    }),
    ("mm", |vm, _z, t, a| {
        two_tensors(vm, t, a, "mm", engine_ops::mm)
    }),
    ("bmm", |vm, _z, t, a| {
        two_tensors(vm, t, a, "bmm", engine_ops::bmm)
    }),
    ("dot", |vm, _z, t, a| {
        two_tensors(vm, t, a, "dot", engine_ops::dot)
    }),
    ("addmm", |vm, _z, t, a| addmm(vm, t, a)),
    ("masked_fill", |vm, _z, t, a| masked_fill(vm, t, a)),
    ("where", |vm, _z, t, a| where_method(vm, t, a)),
    ("repeat", |vm, _z, t, a| {
        int_list_op(vm, t, a, "repeat", engine_ops::repeat)
    }),
    ("tile", |vm, _z, t, a| {
        int_list_op(vm, t, a, "tile", engine_ops::tile)
    }),
    ("flip", |vm, _z, t, a| {
        int_list_op(vm, t, a, "flip", engine_ops::flip)
    }),
    ("roll", |vm, _z, t, a| roll(vm, t, a)),
    ("tril", |vm, _z, t, a| triangle(vm, t, a, false)),
    ("triu", |vm, _z, t, a| triangle(vm, t, a, true)),
    ("index_select", |vm, _z, t, a| index_select(vm, t, a)),
    ("masked_select", |vm, _z, t, a| masked_select(vm, t, a)),
    ("nonzero", |vm, _z, t, _a| {
        wrap(vm, engine_ops::nonzero(&t).py(vm)?)
    }),
    ("mv", |vm, _z, t, a| {
        two_tensors(vm, t, a, "mv", engine_ops::mv)
    }),
    ("outer", |vm, _z, t, a| {
        two_tensors(vm, t, a, "outer", engine_ops::outer)
    }),
    ("gather", |vm, _z, t, a| gather(vm, t, a)),
];

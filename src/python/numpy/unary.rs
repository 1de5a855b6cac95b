//! Unary ufuncs (`np.sqrt`, `np.exp`, `-a`, `abs(a)`, ...) with NumPy's types: ints
//! and bools go to the smallest float that holds them for float-only functions.
use rustpython_vm::{PyResult, VirtualMachine};

use super::convert::OrPyErr;
use super::dtype::promote;
use super::ufunc::{Operand, pack};
use crate::tensor::buffer::build_vec;
use crate::tensor::dtype::Category;
use crate::tensor::{DType, Tensor};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Pos,
    Abs,
    Sqrt,
    Exp,
    Log,
    Log2,
    Log10,
    Sin,
    Cos,
    Tan,
    Tanh,
    Square,
    Floor,
    Ceil,
    Round,
    Sign,
    Invert,
}

impl UnOp {
    pub fn ufunc_name(self) -> &'static str {
        match self {
            UnOp::Neg => "negative",
            UnOp::Pos => "positive",
            UnOp::Abs => "absolute",
            UnOp::Sqrt => "sqrt",
            UnOp::Exp => "exp",
            UnOp::Log => "log",
            UnOp::Log2 => "log2",
            UnOp::Log10 => "log10",
            UnOp::Sin => "sin",
            UnOp::Cos => "cos",
            UnOp::Tan => "tan",
            UnOp::Tanh => "tanh",
            UnOp::Square => "square",
            UnOp::Floor => "floor",
            UnOp::Ceil => "ceil",
            UnOp::Round => "rint",
            UnOp::Sign => "sign",
            UnOp::Invert => "invert",
        }
    }
    /// Ops that only exist for floats (ints are cast to the smallest float that holds them).
    fn float_only(self) -> bool {
        matches!(
            self,
            UnOp::Sqrt
                | UnOp::Exp
                | UnOp::Log
                | UnOp::Log2
                | UnOp::Log10
                | UnOp::Sin
                | UnOp::Cos
                | UnOp::Tan
                | UnOp::Tanh
        )
    }
}

fn float_unary(op: UnOp) -> fn(f64) -> f64 {
    match op {
        UnOp::Neg => |x| -x,
        UnOp::Pos => |x| x,
        UnOp::Abs => f64::abs,
        UnOp::Sqrt => f64::sqrt,
        UnOp::Exp => f64::exp,
        UnOp::Log => f64::ln,
        UnOp::Log2 => f64::log2,
        UnOp::Log10 => f64::log10,
        UnOp::Sin => f64::sin,
        UnOp::Cos => f64::cos,
        UnOp::Tan => f64::tan,
        UnOp::Tanh => f64::tanh,
        UnOp::Square => |x| x * x,
        UnOp::Floor => f64::floor,
        UnOp::Ceil => f64::ceil,
        UnOp::Round => f64::round_ties_even,
        UnOp::Sign => |x| {
            if x.is_nan() {
                x
            } else if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else {
                0.0
            }
        },
        UnOp::Invert => unreachable!("invert has no float loop"),
    }
}

/// Computes `op(a)` as a new tensor.
pub fn unary(op: UnOp, a: &Operand, vm: &VirtualMachine) -> PyResult<Tensor> {
    let t = a.strong();
    let d = t.dtype();
    let shape = t.shape().to_vec();
    let n = t.numel();
    let result = if op.float_only() && !d.is_float() {
        promote(d, DType::F16)
    } else {
        d
    };
    let buf = match (result.category(), op) {
        (Category::Bool, UnOp::Neg) => {
            return Err(vm.new_type_error(
                "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
            ));
        }
        (Category::Bool, UnOp::Invert) => {
            let v = t.to_vec::<bool>();
            pack(build_vec(n, |i| !v[i]).or_py(vm)?, result)
        }
        (Category::Bool, UnOp::Square) => {
            let v = t.to_vec::<bool>();
            pack(build_vec(n, |i| v[i]).or_py(vm)?, result)
        }
        (Category::Bool, _) => pack(t.to_vec::<bool>(), result),
        (Category::Int, _) => {
            let v = t.to_vec::<i64>();
            let f: fn(i64) -> i64 = match op {
                UnOp::Neg => i64::wrapping_neg,
                UnOp::Abs => i64::wrapping_abs,
                UnOp::Square => |x| x.wrapping_mul(x),
                UnOp::Sign => i64::signum,
                UnOp::Invert => |x| !x,
                _ => |x| x,
            };
            pack(build_vec(n, |i| f(v[i])).or_py(vm)?, result)
        }
        (Category::Float, UnOp::Invert) => {
            return Err(vm.new_type_error(
                "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''",
            ));
        }
        (Category::Float, _) => {
            let v = if d == result { t.to_vec::<f64>() } else { Tensor::from_buffer(t.cast_values(result).or_py(vm)?, &shape).to_vec::<f64>() };
            let f = float_unary(op);
            pack(build_vec(n, |i| f(v[i])).or_py(vm)?, result)
        }
    }
    .or_py(vm)?;
    Ok(Tensor::from_buffer(buf, &shape))
}

//! Arithmetic between tensors and numbers, with broadcasting and PyTorch's type
//! promotion: add, sub (with alpha), mul, div (true, trunc, floor), floor_divide,
//! remainder, pow, maximum, minimum, atan2.
use super::kernel::zip2;
use super::num::{
    BinOp, Calc, Float, Int, Num, float_floor_div, float_remainder, int_floor_div, int_pow, int_remainder,
};
use super::operand::{Operand, broadcast2, result_type, with_src, with_srcs2};
use crate::tensor::buffer::BufferElement;
use crate::tensor::dtype::{DEFAULT_FLOAT, DType};
use crate::tensor::error::{Result, TensorError, runtime};
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use crate::backend::cuda::ops::elementwise as cuda;
use crate::with_dtype;

/// Runs op `k` over the broadcast of `a` and `b`, computing in `dtype` (the
/// operands are read as `dtype`; the result has `dtype`).
pub(crate) fn arith<K: BinOp>(a: &Operand, b: &Operand, dtype: DType, k: K) -> Result<Tensor> {
    let shape = broadcast2(a, b)?;
    if let Some(name) = cuda::native_name::<K>() {
        if let Some(t) = cuda::binary(name, a, b, dtype, &shape)? {
            return Ok(t);
        }
    }
    let buf = with_dtype!(dtype, T => {
        T::wrap(with_srcs2::<T, _>(a, b, K::EXACT_SCALAR, |x, y| zip2(x, y, &shape, |p, q| T::store(<T as Num>::C::bin(k, p, q))))?)
    });
    Ok(Tensor::from_buffer(buf, &shape))
}

pub(crate) fn not_implemented<T>(kernel: &str, dtype: DType) -> Result<T> {
    Err(TensorError::NotImplemented(format!(
        "\"{kernel}\" not implemented for '{}'",
        crate::tensor::dtype::pretty_name(dtype)
    )))
}

/// Whether any element of an int/bool operand is zero (integer division by zero
/// is an error in PyTorch, not a NaN).
fn any_zero(op: &Operand, dtype: DType) -> Result<bool> {
    with_dtype!(dtype, T => with_src::<T, bool>(op, |s| Ok(match s {
        super::kernel::Src::Value(v) => v.is_zero(),
        super::kernel::Src::View { data, layout } => {
            let mut z = false;
            crate::tensor::strided::for_each_offset(layout, |o| z |= data[o].load().is_zero());
            z
        }
    })))
}

fn check_int_divisor(b: &Operand, dtype: DType) -> Result<()> {
    if !dtype.is_float() && any_zero(b, dtype)? {
        return runtime("ZeroDivisionError");
    }
    Ok(())
}

macro_rules! simple_op {
    ($name:ident, |$a:ident, $b:ident| float: $f:expr, int: $i:expr, bool: $bo:expr) => {
        simple_op!($name, false, |$a, $b| float: $f, int: $i, bool: $bo);
    };
    ($name:ident, $exact:expr, |$a:ident, $b:ident| float: $f:expr, int: $i:expr, bool: $bo:expr) => {
        #[derive(Clone, Copy)]
        pub(crate) struct $name;
        impl BinOp for $name {
            const EXACT_SCALAR: bool = $exact;
            #[inline(always)]
            fn float<F: Float>(self, $a: F, $b: F) -> F {
                $f
            }
            #[inline(always)]
            fn int<I: Int>(self, $a: I, $b: I) -> I {
                $i
            }
            #[inline(always)]
            fn bool(self, $a: bool, $b: bool) -> bool {
                $bo
            }
        }
    };
}

simple_op!(AddOp, |a, b| float: a + b, int: a.wadd(b), bool: a | b);
simple_op!(SubOp, |a, b| float: a - b, int: a.wsub(b), bool: a & !b);
simple_op!(MulOp, true, |a, b| float: a * b, int: a.wmul(b), bool: a & b);
simple_op!(DivOp, true, |a, b| float: a / b, int: a.div_trunc(b), bool: a & b);
simple_op!(DivTruncOp, true, |a, b| float: (a / b).trunc(), int: a.div_trunc(b), bool: a & b);
simple_op!(FloorDivOp, true, |a, b| float: float_floor_div(a, b), int: int_floor_div(a, b), bool: a & b);
simple_op!(RemainderOp, |a, b| float: float_remainder(a, b), int: int_remainder(a, b), bool: a & b);
simple_op!(PowOp, |a, b| float: a.powf(b), int: int_pow(a, b), bool: a | !b);
simple_op!(MaximumOp, |a, b| float: if a.is_nan() || b.is_nan() { F::NAN } else if a > b { a } else { b },
    int: if a > b { a } else { b }, bool: a | b);
simple_op!(MinimumOp, |a, b| float: if a.is_nan() || b.is_nan() { F::NAN } else if a < b { a } else { b },
    int: if a < b { a } else { b }, bool: a & b);
// Only ever runs on floats (ints promote to float32 first).
simple_op!(Atan2Op, |a, b| float: a.atan2(b), int: { let _ = b; a }, bool: { let _ = b; a });

/// `a + alpha * b` (and `a - alpha * b` through a negated alpha).
#[derive(Clone, Copy)]
struct AddScaled {
    f: f64,
    i: i64,
    neg: bool,
}
impl BinOp for AddScaled {
    #[inline(always)]
    fn float<F: Float>(self, a: F, b: F) -> F {
        if self.neg { a - F::of(self.f) * b } else { a + F::of(self.f) * b }
    }
    #[inline(always)]
    fn int<I: Int>(self, a: I, b: I) -> I {
        let s = I::of(self.i).wmul(b);
        if self.neg { a.wsub(s) } else { a.wadd(s) }
    }
    #[inline(always)]
    fn bool(self, a: bool, b: bool) -> bool {
        a | (self.i != 0 && b)
    }
}

/// PyTorch's pow with a number exponent computes these exactly as written.
#[derive(Clone, Copy)]
enum PowScalar {
    Sqrt,
    Square,
    Cube,
    RSqrt,
    Recip,
    RecipSquare,
}
impl BinOp for PowScalar {
    #[inline(always)]
    fn float<F: Float>(self, a: F, _: F) -> F {
        match self {
            PowScalar::Sqrt => a.sqrt(),
            PowScalar::Square => a * a,
            PowScalar::Cube => a * a * a,
            PowScalar::RSqrt => F::ONE / a.sqrt(),
            PowScalar::Recip => F::ONE / a,
            PowScalar::RecipSquare => F::ONE / (a * a),
        }
    }
    fn int<I: Int>(self, a: I, b: I) -> I {
        int_pow(a, b)
    }
    fn bool(self, a: bool, _: bool) -> bool {
        a
    }
}

fn check_bool_sub(a: &Operand, b: &Operand) -> Result<()> {
    let (ba, bb) = (a.dtype() == DType::Bool, b.dtype() == DType::Bool);
    if ba && bb {
        return Err(TensorError::NotImplemented(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead."
                .into(),
        ));
    }
    if ba || bb {
        return Err(TensorError::NotImplemented(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."
                .into(),
        ));
    }
    Ok(())
}

fn check_alpha(dtype: DType, alpha: Scalar) -> Result<()> {
    match alpha {
        Scalar::Float(_) if !dtype.is_float() => {
            runtime("For integral input tensors, argument alpha must not be a floating point number.")
        }
        Scalar::Bool(_) if dtype != DType::Bool => runtime("Boolean alpha only supported for Boolean results."),
        _ => Ok(()),
    }
}

fn add_or_sub(a: Operand, b: Operand, alpha: Scalar, neg: bool) -> Result<Tensor> {
    if neg {
        check_bool_sub(&a, &b)?;
    }
    let dtype = result_type(&[a, b]);
    check_alpha(dtype, alpha)?;
    if alpha.to_f64() == 1.0 {
        return if neg { arith(&a, &b, dtype, SubOp) } else { arith(&a, &b, dtype, AddOp) };
    }
    if [a.tensor(), b.tensor()].into_iter().flatten().any(|t| t.device().is_cuda()) && dtype != DType::Bool {
        // On the device: `b * alpha` then the plain add/sub kernel (no fused kernel).
        let scaled = arith(&b, &Operand::Scalar(alpha), dtype, MulOp)?;
        let s = Operand::Tensor(&scaled);
        return if neg { arith(&a, &s, dtype, SubOp) } else { arith(&a, &s, dtype, AddOp) };
    }
    arith(&a, &b, dtype, AddScaled { f: alpha.to_f64(), i: alpha.to_i64(), neg })
}

/// `torch.add(a, b, alpha=alpha)`: `a + alpha * b`.
pub fn add(a: Operand, b: Operand, alpha: Scalar) -> Result<Tensor> {
    add_or_sub(a, b, alpha, false)
}

/// `torch.sub(a, b, alpha=alpha)`: `a - alpha * b`.
pub fn sub(a: Operand, b: Operand, alpha: Scalar) -> Result<Tensor> {
    add_or_sub(a, b, alpha, true)
}

/// `torch.mul(a, b)`.
pub fn mul(a: Operand, b: Operand) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    arith(&a, &b, dtype, MulOp)
}

/// `torch.div(a, b, rounding_mode=...)`: true division (ints give float32), or
/// rounded with "trunc" / "floor".
pub fn div(a: Operand, b: Operand, rounding_mode: Option<&str>) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    match rounding_mode {
        None => {
            let dtype = if dtype.is_float() { dtype } else { DEFAULT_FLOAT };
            arith(&a, &b, dtype, DivOp)
        }
        Some("trunc") => {
            if dtype == DType::Bool {
                return not_implemented("div_trunc_cpu", dtype);
            }
            check_int_divisor(&b, dtype)?;
            arith(&a, &b, dtype, DivTruncOp)
        }
        Some("floor") => floor_divide(a, b),
        Some(other) => runtime(format!(
            "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{other}'"
        )),
    }
}

/// `torch.floor_divide(a, b)` / `a // b`: Python's floor semantics.
pub fn floor_divide(a: Operand, b: Operand) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    if dtype == DType::Bool {
        return not_implemented("div_floor_cpu", dtype);
    }
    check_int_divisor(&b, dtype)?;
    arith(&a, &b, dtype, FloorDivOp)
}

/// `torch.remainder(a, b)` / `a % b`: the result takes the divisor's sign.
pub fn remainder(a: Operand, b: Operand) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    if dtype == DType::Bool {
        return not_implemented("remainder_cpu", dtype);
    }
    check_int_divisor(&b, dtype)?;
    arith(&a, &b, dtype, RemainderOp)
}

/// `torch.pow(a, b)` / `a ** b`, for tensor or number base and exponent.
pub fn pow(a: Operand, b: Operand) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    if dtype == DType::Bool {
        return not_implemented("pow", dtype);
    }
    if let Operand::Scalar(e) = b {
        if !dtype.is_float() && e.to_i64() < 0 {
            return runtime("Integers to negative integer powers are not allowed.");
        }
        if dtype.is_float() {
            let special = match e.to_f64() {
                0.5 => Some(PowScalar::Sqrt),
                2.0 => Some(PowScalar::Square),
                3.0 => Some(PowScalar::Cube),
                -0.5 => Some(PowScalar::RSqrt),
                -1.0 => Some(PowScalar::Recip),
                -2.0 => Some(PowScalar::RecipSquare),
                _ => None,
            };
            if let Some(k) = special {
                return arith(&a, &b, dtype, k);
            }
        }
    }
    arith(&a, &b, dtype, PowOp)
}

/// `torch.maximum(a, b)`: elementwise max, NaN if either is NaN.
pub fn maximum(a: Operand, b: Operand) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    arith(&a, &b, dtype, MaximumOp)
}

/// `torch.minimum(a, b)`.
pub fn minimum(a: Operand, b: Operand) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    arith(&a, &b, dtype, MinimumOp)
}

/// `torch.atan2(a, b)`: ints compute in float32.
pub fn atan2(a: Operand, b: Operand) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    let dtype = if dtype.is_float() { dtype } else { DEFAULT_FLOAT };
    arith(&a, &b, dtype, Atan2Op)
}

impl Tensor {
    pub fn add<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        add(self.into(), other.into(), Scalar::Int(1))
    }
    pub fn add_alpha<'a>(&'a self, other: impl Into<Operand<'a>>, alpha: Scalar) -> Result<Tensor> {
        add(self.into(), other.into(), alpha)
    }
    pub fn sub<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        sub(self.into(), other.into(), Scalar::Int(1))
    }
    pub fn sub_alpha<'a>(&'a self, other: impl Into<Operand<'a>>, alpha: Scalar) -> Result<Tensor> {
        sub(self.into(), other.into(), alpha)
    }
    pub fn mul<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        mul(self.into(), other.into())
    }
    pub fn div<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        div(self.into(), other.into(), None)
    }
    pub fn div_mode<'a>(&'a self, other: impl Into<Operand<'a>>, rounding_mode: Option<&str>) -> Result<Tensor> {
        div(self.into(), other.into(), rounding_mode)
    }
    pub fn floor_divide<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        floor_divide(self.into(), other.into())
    }
    pub fn remainder<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        remainder(self.into(), other.into())
    }
    pub fn pow<'a>(&'a self, exponent: impl Into<Operand<'a>>) -> Result<Tensor> {
        pow(self.into(), exponent.into())
    }
    /// `number / t` as Python's `__rtruediv__` computes it: `t.reciprocal() * number`
    /// (not correctly rounded, and PyTorch's values follow that formula).
    pub fn rdiv(&self, number: Scalar) -> Result<Tensor> {
        mul(Operand::Tensor(&self.reciprocal()?), Operand::Scalar(number))
    }
    pub fn maximum(&self, other: &Tensor) -> Result<Tensor> {
        maximum(self.into(), other.into())
    }
    pub fn minimum(&self, other: &Tensor) -> Result<Tensor> {
        minimum(self.into(), other.into())
    }
    pub fn atan2(&self, other: &Tensor) -> Result<Tensor> {
        atan2(self.into(), other.into())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::tensor::dtype::DType;

    #[test]
    fn int_arithmetic_matches_torch() {
        check("add_scalar", x().add(10i64));
        check("mul_scalar", x().mul(2i64));
        check("sub_scalar", x().sub(1i64));
        check("pow_scalar_int", x().pow(2i64));
        check("truediv_int", a().div(&b()));
        check("floordiv_int", a().floor_divide(&b()));
        check("rem_int", a().remainder(&b()));
        check("rsub_scalar", sub(i(2).into(), (&x()).into(), i(1)));
        check("zero_dim_both", Tensor::scalar(i(7), DType::I64).div(&Tensor::scalar(i(2), DType::I64)));
    }

    #[test]
    fn float_floor_division_and_remainder_follow_python() {
        check("floordiv_float", f().floor_divide(&g()));
        check("rem_float", f().remainder(&g()));
        check("floordiv_zero_float", f().floor_divide(0i64));
        check("div_trunc_float", f().div_mode(&g(), Some("trunc")));
        check("rdiv_scalar", div(i(1).into(), (&f()).into(), None));
    }

    #[test]
    fn rounding_modes_and_errors() {
        check("div_trunc_int", ti(&[-7, 7]).div_mode(2i64, Some("trunc")));
        check("div_floor_int", ti(&[-7, 7]).div_mode(2i64, Some("floor")));
        check("div_bad_mode", ti(&[-7, 7]).div_mode(2i64, Some("bad")));
        check("floordiv_zero_int", a().floor_divide(0i64));
        check("rem_zero_int", a().remainder(&ti(&[1, 0, 1])));
    }

    #[test]
    fn broadcasting_and_its_errors() {
        check("broadcast_col_row", col().add(&row()));
        let ones = |s: &[usize]| Tensor::ones(s, DType::F32).unwrap();
        check("broadcast_mismatch", ones(&[3]).add(&ones(&[4])));
        check("broadcast_mismatch_2d", ones(&[2, 3]).add(&ones(&[3, 2])));
        check("noncontig_add", m().t().unwrap().add(&tf(&[1., 2.])));
    }

    #[test]
    fn promotion_matches_torch() {
        check("int_plus_float_tensor", ti(&[1, 2, 3]).add(&tf(&[0.5, 0.5, 0.5])));
        check("int_plus_float_scalar", ti(&[1, 2, 3]).add(2.5));
        check("float64_plus_float32", tensor(&[1., 2.], &[2], DType::F64).add(&tf(&[1., 1.])));
        check("int_plus_zerodim_f64", ti(&[1, 2]).add(&Tensor::scalar(fl(2.5), DType::F64)));
        check("f16_plus_zerodim_f64", h().add(&Tensor::scalar(fl(0.1), DType::F64)));
        check("bool_plus_int", bt().add(1i64));
        check("u8_wraps", u8_().add(10i64));
        check("i8_scalar_wraps", i8_().add(1000i64));
        check("i8_floordiv_big", i8_().floor_divide(1000i64));
        check("i8_mul_float", i8_().mul(2.5));
        check("u8_floordiv_i8", typed(&[5], DType::U8).floor_divide(&typed(&[2], DType::I8)));
        check("f16_add", h().add(&h()));
        check("f16_mul_scalar", h().mul(0.1));
        check("half_plus_float", tensor(&[1., 2.], &[2], DType::F16).add(&tf(&[1., 2.])));
    }

    #[test]
    fn bool_rules() {
        let bt2 = tb(&[true, true, false]);
        check("bool_plus_bool", bt().add(&bt2));
        check("bool_mul_bool", bt().mul(&bt2));
        check("bool_div_bool", bt().div(&bt2));
        check("bool_sub_bool", bt().sub(&bt()));
        check("bool_sub_int", bt().sub(1i64));
        check("pow_bool", bt().pow(&bt()));
    }

    #[test]
    fn alpha() {
        check("sub_alpha_float", tf(&[1., 2.]).sub_alpha(&ti(&[1, 1]), fl(2.5)));
        check("add_alpha_int_float_alpha", ti(&[1, 2]).add_alpha(&ti(&[1, 1]), fl(2.5)));
        check("add_alpha_int", ti(&[1, 2]).add_alpha(&ti(&[1, 1]), i(3)));
    }

    #[test]
    fn pow_forms() {
        check("pow_neg_int_scalar", x().pow(-1i64));
        check("pow_tensor_neg_exp", ti(&[1, -1, 2, -1]).pow(&ti(&[-3, -3, -1, -2])));
        check("pow_scalar_base_int", pow(i(2).into(), (&ti(&[5, 0, 3])).into()));
        check("pow_float_scalar_base", pow(fl(2.0).into(), (&ti(&[5, -7])).into()));
        check("pow_int_float_exp", ti(&[5, -7]).pow(2.0));
        check("pow_float_half", tf(&[4., 2., -1.]).pow(0.5));
        check("pow_float_cube", tf(&[1.1, -2.3, 3.7]).pow(3i64));
        check("pow_float_general", tf(&[1.1, 2.3, 3.7]).pow(1.7));
        check("pow_tensor_tensor", tf(&[1.5, 2., 3.]).pow(&tf(&[2., 0.5, -1.])));
    }

    #[test]
    fn maximum_minimum_atan2() {
        check("maximum_nan", tf(&[f64::NAN, 1., 3.]).maximum(&tf(&[1., 2., 2.])));
        check("minimum_int_float", ti(&[5, -7]).minimum(&tf(&[1., 2.])));
        check("atan2_int", ti(&[1, -1]).atan2(&ti(&[1, -1])));
    }
}

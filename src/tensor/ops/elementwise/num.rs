//! The types kernels compute in, and the per-type arithmetic the ops share.
//!
//! Every storage element type (`Num`) names a compute type (`Calc`): float16 and
//! bfloat16 compute in f32 and round once (as PyTorch's CPU kernels do), every
//! other type computes in itself. Ints wrap (the same bits as computing in int64
//! and narrowing). An op is a small struct implementing `BinOp`/`UnOp` once for
//! floats (generic over `Float`), once for ints (generic over `Int`) and once
//! for bool; `Calc::bin`/`Calc::un` pick the right method per type with no
//! per-element dispatch.
use crate::tensor::buffer::BufferElement;
use crate::tensor::scalar::Scalar;
use half::{bf16, f16};
use std::ops::{Add, Div, Mul, Neg, Rem, Sub};

/// A binary op, written once per type family.
pub trait BinOp: Copy + Send + Sync {
    /// Whether a number operand enters float16/bfloat16 math unrounded (ATen's
    /// mul and div kernels take it in float32; the others round it to the dtype).
    const EXACT_SCALAR: bool = false;
    fn float<F: Float>(self, a: F, b: F) -> F;
    fn int<I: Int>(self, a: I, b: I) -> I;
    fn bool(self, a: bool, b: bool) -> bool;
}

/// A unary op that keeps the type.
pub trait UnOp: Copy + Send + Sync {
    fn float<F: Float>(self, x: F) -> F;
    fn int<I: Int>(self, x: I) -> I;
    fn bool(self, x: bool) -> bool;
}

/// A test on one value (isnan, isinf, ...).
pub trait UnTest: Copy + Send + Sync {
    fn float<F: Float>(self, x: F) -> bool;
    fn int<I: Int>(self, x: I) -> bool;
    fn bool(self, x: bool) -> bool;
}

/// A type kernels compute in: f32, f64, bool or a native int.
pub trait Calc: Copy + Send + Sync + PartialOrd + PartialEq + Default + std::fmt::Debug + 'static {
    /// A Python number as this type (C++ cast semantics: float -> int truncates).
    fn from_scalar(s: Scalar) -> Self;
    fn to_scalar(self) -> Scalar;
    fn bin<K: BinOp>(k: K, a: Self, b: Self) -> Self;
    fn un<K: UnOp>(k: K, x: Self) -> Self;
    fn test<K: UnTest>(k: K, x: Self) -> bool;
    fn is_zero(self) -> bool;
    fn is_negative(self) -> bool;
}

/// A storage element type and its compute type.
pub trait Num: BufferElement {
    type C: Calc;
    fn load(self) -> Self::C;
    fn store(c: Self::C) -> Self;
}

macro_rules! num_is_calc {
    ($($t:ty),*) => {$(
        impl Num for $t {
            type C = $t;
            #[inline(always)]
            fn load(self) -> $t { self }
            #[inline(always)]
            fn store(c: $t) -> $t { c }
        }
    )*};
}
num_is_calc!(bool, u8, i8, i16, i32, i64, f32, f64);

impl Num for f16 {
    type C = f32;
    #[inline(always)]
    fn load(self) -> f32 {
        self.to_f32()
    }
    #[inline(always)]
    fn store(c: f32) -> f16 {
        f16::from_f32(c)
    }
}
impl Num for bf16 {
    type C = f32;
    #[inline(always)]
    fn load(self) -> f32 {
        self.to_f32()
    }
    #[inline(always)]
    fn store(c: f32) -> bf16 {
        bf16::from_f32(c)
    }
}

macro_rules! calc_float {
    ($t:ty) => {
        impl Calc for $t {
            #[inline]
            fn from_scalar(s: Scalar) -> $t {
                s.to_f64() as $t
            }
            fn to_scalar(self) -> Scalar {
                Scalar::Float(self as f64)
            }
            #[inline(always)]
            fn bin<K: BinOp>(k: K, a: $t, b: $t) -> $t {
                k.float(a, b)
            }
            #[inline(always)]
            fn un<K: UnOp>(k: K, x: $t) -> $t {
                k.float(x)
            }
            #[inline(always)]
            fn test<K: UnTest>(k: K, x: $t) -> bool {
                k.float(x)
            }
            #[inline(always)]
            fn is_zero(self) -> bool {
                self == 0.0
            }
            #[inline(always)]
            fn is_negative(self) -> bool {
                self < 0.0
            }
        }
    };
}
calc_float!(f32);
calc_float!(f64);

impl Calc for bool {
    fn from_scalar(s: Scalar) -> bool {
        s.to_bool()
    }
    fn to_scalar(self) -> Scalar {
        Scalar::Bool(self)
    }
    #[inline(always)]
    fn bin<K: BinOp>(k: K, a: bool, b: bool) -> bool {
        k.bool(a, b)
    }
    #[inline(always)]
    fn un<K: UnOp>(k: K, x: bool) -> bool {
        k.bool(x)
    }
    #[inline(always)]
    fn test<K: UnTest>(k: K, x: bool) -> bool {
        k.bool(x)
    }
    fn is_zero(self) -> bool {
        !self
    }
    fn is_negative(self) -> bool {
        false
    }
}

/// The float operations the kernels use, for f32 and f64 alike.
pub trait Float:
    Calc + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self> + Rem<Output = Self> + Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    const HALF: Self;
    const MAX: Self;
    const LOWEST: Self;
    const INFINITY: Self;
    const NAN: Self;
    fn of(v: f64) -> Self;
    fn f64(self) -> f64;
    fn exp(self) -> Self;
    fn exp2(self) -> Self;
    fn exp_m1(self) -> Self;
    fn ln(self) -> Self;
    fn log2(self) -> Self;
    fn log10(self) -> Self;
    fn ln_1p(self) -> Self;
    fn sqrt(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn tan(self) -> Self;
    fn asin(self) -> Self;
    fn acos(self) -> Self;
    fn atan(self) -> Self;
    fn sinh(self) -> Self;
    fn cosh(self) -> Self;
    fn tanh(self) -> Self;
    fn floor(self) -> Self;
    fn ceil(self) -> Self;
    fn round_ties_even(self) -> Self;
    fn trunc(self) -> Self;
    fn abs(self) -> Self;
    fn powf(self, e: Self) -> Self;
    fn atan2(self, o: Self) -> Self;
    fn copysign(self, s: Self) -> Self;
    fn erf(self) -> Self;
    /// The erf ATen's vectorized CPU kernels (gelu) use: for float32 a rational
    /// approximation (Abramowitz & Stegun 7.1.26), whose values PyTorch users see.
    fn erf_vec(self) -> Self;
    fn is_nan(self) -> bool;
    fn is_infinite(self) -> bool;
    fn is_finite(self) -> bool;
}

// Rust's std has no erf; the C library every Rust program links has it.
unsafe extern "C" {
    fn erf(x: f64) -> f64;
    fn erff(x: f32) -> f32;
}

/// ATen's `Vectorized<float>::erf` (vec256_float.h), FMA for FMA.
pub fn aten_erf_f32(x: f32) -> f32 {
    let (p, p1, p2, p3, p4, p5) = (0.3275911f32, 0.254829592f32, -0.284496736f32, 1.421413741f32, -1.453152027f32, 1.061405429f32);
    let t = 1.0 / p.mul_add(x.abs(), 1.0);
    let r = p5.mul_add(t, p4).mul_add(t, p3).mul_add(t, p2).mul_add(t, p1);
    let e = -(-(x * x)).exp();
    (e * t).mul_add(r, 1.0).copysign(x)
}

macro_rules! float_impl {
    ($t:ident, $erf:ident, $erf_vec:expr, $tanh:expr) => {
        impl Float for $t {
            const ZERO: $t = 0.0;
            const ONE: $t = 1.0;
            const HALF: $t = 0.5;
            const MAX: $t = $t::MAX;
            const LOWEST: $t = $t::MIN;
            const INFINITY: $t = $t::INFINITY;
            const NAN: $t = $t::NAN;
            #[inline(always)]
            fn of(v: f64) -> $t {
                v as $t
            }
            #[inline(always)]
            fn f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn exp(self) -> $t {
                $t::exp(self)
            }
            #[inline(always)]
            fn exp2(self) -> $t {
                $t::exp2(self)
            }
            #[inline(always)]
            fn exp_m1(self) -> $t {
                $t::exp_m1(self)
            }
            #[inline(always)]
            fn ln(self) -> $t {
                $t::ln(self)
            }
            #[inline(always)]
            fn log2(self) -> $t {
                $t::log2(self)
            }
            #[inline(always)]
            fn log10(self) -> $t {
                $t::log10(self)
            }
            #[inline(always)]
            fn ln_1p(self) -> $t {
                $t::ln_1p(self)
            }
            #[inline(always)]
            fn sqrt(self) -> $t {
                $t::sqrt(self)
            }
            #[inline(always)]
            fn sin(self) -> $t {
                $t::sin(self)
            }
            #[inline(always)]
            fn cos(self) -> $t {
                $t::cos(self)
            }
            #[inline(always)]
            fn tan(self) -> $t {
                $t::tan(self)
            }
            #[inline(always)]
            fn asin(self) -> $t {
                $t::asin(self)
            }
            #[inline(always)]
            fn acos(self) -> $t {
                $t::acos(self)
            }
            #[inline(always)]
            fn atan(self) -> $t {
                $t::atan(self)
            }
            #[inline(always)]
            fn sinh(self) -> $t {
                $t::sinh(self)
            }
            #[inline(always)]
            fn cosh(self) -> $t {
                $t::cosh(self)
            }
            #[inline(always)]
            fn tanh(self) -> $t {
                $tanh(self)
            }
            #[inline(always)]
            fn floor(self) -> $t {
                $t::floor(self)
            }
            #[inline(always)]
            fn ceil(self) -> $t {
                $t::ceil(self)
            }
            #[inline(always)]
            fn round_ties_even(self) -> $t {
                $t::round_ties_even(self)
            }
            #[inline(always)]
            fn trunc(self) -> $t {
                $t::trunc(self)
            }
            #[inline(always)]
            fn abs(self) -> $t {
                $t::abs(self)
            }
            #[inline(always)]
            fn powf(self, e: $t) -> $t {
                $t::powf(self, e)
            }
            #[inline(always)]
            fn atan2(self, o: $t) -> $t {
                $t::atan2(self, o)
            }
            #[inline(always)]
            fn copysign(self, s: $t) -> $t {
                $t::copysign(self, s)
            }
            #[inline(always)]
            fn erf(self) -> $t {
                // SAFETY: a pure libm function.
                unsafe { $erf(self) }
            }
            #[inline(always)]
            fn erf_vec(self) -> $t {
                $erf_vec(self)
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            #[inline(always)]
            fn is_infinite(self) -> bool {
                $t::is_infinite(self)
            }
            #[inline(always)]
            fn is_finite(self) -> bool {
                $t::is_finite(self)
            }
        }
    };
}
float_impl!(f32, erff, aten_erf_f32, super::vtanh::tanh_f32);
// float64 vectorized erf is Sleef's accurate one.
float_impl!(f64, erf, |x: f64| unsafe { erf(x) }, f64::tanh);

/// Wrapping integer arithmetic with PyTorch's (Python's) division semantics.
pub trait Int: Calc {
    const SIGNED: bool;
    const ZERO: Self;
    const ONE: Self;
    fn i64(self) -> i64;
    fn of(v: i64) -> Self;
    fn wadd(self, o: Self) -> Self;
    fn wsub(self, o: Self) -> Self;
    fn wmul(self, o: Self) -> Self;
    fn wneg(self) -> Self;
    /// Truncating division (C++ `/`); the divisor is never zero here.
    fn div_trunc(self, o: Self) -> Self;
    /// C++ `%` (sign of the dividend).
    fn rem_trunc(self, o: Self) -> Self;
    fn not(self) -> Self;
    fn and(self, o: Self) -> Self;
    fn or(self, o: Self) -> Self;
    fn xor(self, o: Self) -> Self;
    fn shl(self, o: Self) -> Self;
    fn shr(self, o: Self) -> Self;
}

macro_rules! int_impl {
    ($t:ty, $signed:expr) => {
        impl Calc for $t {
            #[inline]
            fn from_scalar(s: Scalar) -> $t {
                match s {
                    Scalar::Float(f) => (f as i64) as $t,
                    s => s.to_i64() as $t,
                }
            }
            fn to_scalar(self) -> Scalar {
                Scalar::Int(self as i64)
            }
            #[inline(always)]
            fn bin<K: BinOp>(k: K, a: $t, b: $t) -> $t {
                k.int(a, b)
            }
            #[inline(always)]
            fn un<K: UnOp>(k: K, x: $t) -> $t {
                k.int(x)
            }
            #[inline(always)]
            fn test<K: UnTest>(k: K, x: $t) -> bool {
                k.int(x)
            }
            #[inline(always)]
            fn is_zero(self) -> bool {
                self == 0
            }
            #[inline(always)]
            fn is_negative(self) -> bool {
                #[allow(unused_comparisons)]
                let neg = self < 0;
                neg
            }
        }
        impl Int for $t {
            const SIGNED: bool = $signed;
            const ZERO: $t = 0;
            const ONE: $t = 1;
            #[inline(always)]
            fn i64(self) -> i64 {
                self as i64
            }
            #[inline(always)]
            fn of(v: i64) -> $t {
                v as $t
            }
            #[inline(always)]
            fn wadd(self, o: $t) -> $t {
                self.wrapping_add(o)
            }
            #[inline(always)]
            fn wsub(self, o: $t) -> $t {
                self.wrapping_sub(o)
            }
            #[inline(always)]
            fn wmul(self, o: $t) -> $t {
                self.wrapping_mul(o)
            }
            #[inline(always)]
            fn wneg(self) -> $t {
                self.wrapping_neg()
            }
            #[inline(always)]
            fn div_trunc(self, o: $t) -> $t {
                self.wrapping_div(o)
            }
            #[inline(always)]
            fn rem_trunc(self, o: $t) -> $t {
                self.wrapping_rem(o)
            }
            #[inline(always)]
            fn not(self) -> $t {
                !self
            }
            #[inline(always)]
            fn and(self, o: $t) -> $t {
                self & o
            }
            #[inline(always)]
            fn or(self, o: $t) -> $t {
                self | o
            }
            #[inline(always)]
            fn xor(self, o: $t) -> $t {
                self ^ o
            }
            #[inline(always)]
            fn shl(self, o: $t) -> $t {
                self.wrapping_shl(o as u32)
            }
            #[inline(always)]
            fn shr(self, o: $t) -> $t {
                self.wrapping_shr(o as u32)
            }
        }
    };
}
int_impl!(u8, false);
int_impl!(i8, true);
int_impl!(i16, true);
int_impl!(i32, true);
int_impl!(i64, true);

/// Python's floor division on ints (the divisor is checked non-zero first).
#[inline(always)]
pub fn int_floor_div<I: Int>(a: I, b: I) -> I {
    let q = a.div_trunc(b);
    let r = a.rem_trunc(b);
    if I::SIGNED && !r.is_zero() && (r.is_negative() != b.is_negative()) { q.wsub(I::ONE) } else { q }
}

/// Python's `%` on ints: the result has the divisor's sign.
#[inline(always)]
pub fn int_remainder<I: Int>(a: I, b: I) -> I {
    let r = a.rem_trunc(b);
    if I::SIGNED && !r.is_zero() && (r.is_negative() != b.is_negative()) { r.wadd(b) } else { r }
}

/// ATen's `div_floor_floating`: floor of the true quotient, computed from fmod so
/// that `a == b * (a // b) + a % b` holds as well as floats allow.
#[inline(always)]
pub fn float_floor_div<F: Float>(a: F, b: F) -> F {
    if b == F::ZERO {
        return a / b;
    }
    let m = a % b;
    let mut div = (a - m) / b;
    if m != F::ZERO && (b < F::ZERO) != (m < F::ZERO) {
        div = div - F::ONE;
    }
    if div != F::ZERO {
        let mut fd = div.floor();
        if div - fd > F::HALF {
            fd = fd + F::ONE;
        }
        fd
    } else {
        F::ZERO.copysign(a / b)
    }
}

/// Python's `%` on floats: fmod, moved to the divisor's sign.
#[inline(always)]
pub fn float_remainder<F: Float>(a: F, b: F) -> F {
    let m = a % b;
    if m != F::ZERO && (b < F::ZERO) != (m < F::ZERO) { m + b } else { m }
}

/// Integer power by squaring; negative exponents give what PyTorch's kernel gives
/// (1 for base 1, ±1 for base -1, else 0).
#[inline(always)]
pub fn int_pow<I: Int>(base: I, exp: I) -> I {
    if exp.is_negative() {
        let b = base.i64();
        return if b == 1 {
            I::ONE
        } else if b == -1 {
            if exp.i64() & 1 == 0 { I::ONE } else { base }
        } else {
            I::ZERO
        };
    }
    let mut result = I::ONE;
    let mut b = base;
    let mut e = exp.i64() as u64;
    while e > 0 {
        if e & 1 == 1 {
            result = result.wmul(b);
        }
        b = b.wmul(b);
        e >>= 1;
    }
    result
}

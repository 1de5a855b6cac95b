//! One-input math: neg, abs, sign, square, the float functions (exp, log, sqrt,
//! trig, tanh, sigmoid, erf, ...) and the tests isnan/isinf/isfinite. Float
//! functions of int or bool tensors compute in float32, as PyTorch does.
use super::binary::not_implemented;
use super::kernel::{Src, map1};
use super::num::{Calc, Float, Int, Num, UnOp, UnTest};
use super::operand::{Operand, with_src};
use crate::tensor::buffer::BufferElement;
use crate::tensor::dtype::{DEFAULT_FLOAT, DType};
use crate::tensor::error::{Result, TensorError};
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use crate::backend::cuda::ops::elementwise as cuda;
use crate::with_dtype;

/// Runs `k` over `t` read as `dtype`; the result has `dtype` and `t`'s shape.
pub(crate) fn unary_op<K: UnOp>(t: &Tensor, dtype: DType, k: K) -> Result<Tensor> {
    if let Some(name) = cuda::native_name::<K>() {
        if let Some(r) = cuda::unary(name, t, dtype)? {
            return Ok(r);
        }
    }
    let buf = with_dtype!(dtype, T => {
        T::wrap(with_src::<T, _>(&Operand::Tensor(t), |s| match s {
            Src::View { data, layout } => map1(data, layout, |x| T::store(<T as Num>::C::un(k, x))),
            Src::Value(v) => Ok(vec![T::store(<T as Num>::C::un(k, *v))]),
        })?)
    });
    Ok(Tensor::from_buffer(buf, t.shape()))
}

/// A float function: float tensors keep their dtype, others become float32.
pub(crate) fn float_unary<K: UnOp>(t: &Tensor, k: K) -> Result<Tensor> {
    let dtype = if t.dtype().is_float() { t.dtype() } else { DEFAULT_FLOAT };
    unary_op(t, dtype, k)
}

/// A float-only op: ints and bools are refused with PyTorch's kernel message.
pub(crate) fn float_only<K: UnOp>(t: &Tensor, kernel: &str, k: K) -> Result<Tensor> {
    if !t.dtype().is_float() {
        return not_implemented(kernel, t.dtype());
    }
    unary_op(t, t.dtype(), k)
}

/// A test giving a bool tensor.
pub(crate) fn unary_test<K: UnTest>(t: &Tensor, k: K) -> Result<Tensor> {
    let dtype = t.dtype();
    let v: Vec<bool> = with_dtype!(dtype, T => {
        with_src::<T, _>(&Operand::Tensor(t), |s| match s {
            Src::View { data, layout } => map1(data, layout, |x| <T as Num>::C::test(k, x)),
            Src::Value(v) => Ok(vec![<T as Num>::C::test(k, *v)]),
        })?
    });
    Ok(Tensor::from_buffer(bool::wrap(v), t.shape()))
}

/// Declares a float function op: `float_fn!(Name, |x| expr)`.
macro_rules! float_fn {
    ($name:ident, |$x:ident| $e:expr) => {
        #[derive(Clone, Copy)]
        pub(crate) struct $name;
        impl UnOp for $name {
            #[inline(always)]
            fn float<F: Float>(self, $x: F) -> F {
                $e
            }
            // Never reached: float functions read ints and bools as float32.
            fn int<I: Int>(self, x: I) -> I {
                x
            }
            fn bool(self, x: bool) -> bool {
                x
            }
        }
    };
}
pub(crate) use float_fn;

float_fn!(Exp, |x| x.exp());
float_fn!(Exp2, |x| x.exp2());
float_fn!(Expm1, |x| x.exp_m1());
float_fn!(Log, |x| x.ln());
float_fn!(Log2, |x| x.log2());
float_fn!(Log10, |x| x.log10());
float_fn!(Log1p, |x| x.ln_1p());
float_fn!(Sqrt, |x| x.sqrt());
float_fn!(Rsqrt, |x| F::ONE / x.sqrt());
float_fn!(Sin, |x| x.sin());
float_fn!(Cos, |x| x.cos());
float_fn!(Tan, |x| x.tan());
float_fn!(Asin, |x| x.asin());
float_fn!(Acos, |x| x.acos());
float_fn!(Atan, |x| x.atan());
float_fn!(Sinh, |x| x.sinh());
float_fn!(Cosh, |x| x.cosh());
float_fn!(Tanh, |x| x.tanh());
// ATen's sigmoid: 1 / (1 + exp(-x)).
float_fn!(Sigmoid, |x| F::ONE / (F::ONE + (-x).exp()));
float_fn!(Erf, |x| x.erf());
float_fn!(Reciprocal, |x| F::ONE / x);

#[derive(Clone, Copy)]
struct Neg;
impl UnOp for Neg {
    fn float<F: Float>(self, x: F) -> F {
        -x
    }
    fn int<I: Int>(self, x: I) -> I {
        x.wneg()
    }
    fn bool(self, x: bool) -> bool {
        x
    }
}

#[derive(Clone, Copy)]
struct Abs;
impl UnOp for Abs {
    fn float<F: Float>(self, x: F) -> F {
        x.abs()
    }
    fn int<I: Int>(self, x: I) -> I {
        if x.is_negative() { x.wneg() } else { x }
    }
    fn bool(self, x: bool) -> bool {
        x
    }
}

#[derive(Clone, Copy)]
struct Sign;
impl UnOp for Sign {
    // (0 < x) - (x < 0): NaN and ±0 give 0.
    fn float<F: Float>(self, x: F) -> F {
        let pos = if F::ZERO < x { F::ONE } else { F::ZERO };
        let neg = if x < F::ZERO { F::ONE } else { F::ZERO };
        pos - neg
    }
    fn int<I: Int>(self, x: I) -> I {
        if x.is_negative() {
            I::ONE.wneg()
        } else if x.is_zero() {
            I::ZERO
        } else {
            I::ONE
        }
    }
    fn bool(self, x: bool) -> bool {
        x
    }
}

#[derive(Clone, Copy)]
struct IsNan;
impl UnTest for IsNan {
    fn float<F: Float>(self, x: F) -> bool {
        x.is_nan()
    }
    fn int<I: Int>(self, _: I) -> bool {
        false
    }
    fn bool(self, _: bool) -> bool {
        false
    }
}

#[derive(Clone, Copy)]
struct IsInf;
impl UnTest for IsInf {
    fn float<F: Float>(self, x: F) -> bool {
        x.is_infinite()
    }
    fn int<I: Int>(self, _: I) -> bool {
        false
    }
    fn bool(self, _: bool) -> bool {
        false
    }
}

#[derive(Clone, Copy)]
struct IsFinite;
impl UnTest for IsFinite {
    fn float<F: Float>(self, x: F) -> bool {
        x.is_finite()
    }
    fn int<I: Int>(self, _: I) -> bool {
        true
    }
    fn bool(self, _: bool) -> bool {
        true
    }
}

macro_rules! float_methods {
    ($($(#[$doc:meta])* $method:ident => $op:ident;)*) => {
        impl Tensor {
            $(
                $(#[$doc])*
                pub fn $method(&self) -> Result<Tensor> {
                    float_unary(self, $op)
                }
            )*
        }
    };
}

float_methods! {
    exp => Exp;
    exp2 => Exp2;
    expm1 => Expm1;
    log => Log;
    log2 => Log2;
    log10 => Log10;
    log1p => Log1p;
    sqrt => Sqrt;
    rsqrt => Rsqrt;
    sin => Sin;
    cos => Cos;
    tan => Tan;
    asin => Asin;
    acos => Acos;
    atan => Atan;
    sinh => Sinh;
    cosh => Cosh;
    /// `torch.sigmoid`: `1 / (1 + exp(-x))`.
    sigmoid => Sigmoid;
    erf => Erf;
    reciprocal => Reciprocal;
}

impl Tensor {
    /// `torch.tanh`; a contiguous float32 tensor on the host takes the vector
    /// loop of `vtanh` (same values as the element path, many at a time).
    pub fn tanh(&self) -> Result<Tensor> {
        if self.dtype() == DType::F32 && !self.device().is_cuda() && self.is_contiguous() {
            let n = self.numel();
            let off = self.layout().offset;
            let v = self.with_cpu(|buf| {
                let src = &f32::slice(buf).expect("float32 storage")[off..off + n];
                super::kernel::new_vec(n, |s, out| super::vtanh::tanh_f32_into(&src[s..s + out.len()], out))
            })?;
            return Ok(Tensor::from_buffer(f32::wrap(v), self.shape()));
        }
        float_unary(self, Tanh)
    }

    /// `-t` / `torch.neg`: ints wrap (`-uint8(200)` is 56); bools are refused.
    pub fn neg(&self) -> Result<Tensor> {
        if self.dtype() == DType::Bool {
            return Err(TensorError::NotImplemented(
                "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."
                    .into(),
            ));
        }
        unary_op(self, self.dtype(), Neg)
    }

    /// `torch.abs`: keeps the dtype.
    pub fn abs(&self) -> Result<Tensor> {
        if self.dtype() == DType::Bool {
            return not_implemented("abs_cpu", DType::Bool);
        }
        unary_op(self, self.dtype(), Abs)
    }

    /// `torch.sign`: -1, 0 or 1 in the input's dtype (NaN gives 0).
    pub fn sign(&self) -> Result<Tensor> {
        unary_op(self, self.dtype(), Sign)
    }

    /// `torch.square`: `pow(t, 2)`, so a bool tensor gives int64.
    pub fn square(&self) -> Result<Tensor> {
        super::binary::pow(Operand::Tensor(self), Operand::Scalar(Scalar::Int(2)))
    }

    pub fn isnan(&self) -> Result<Tensor> {
        unary_test(self, IsNan)
    }
    pub fn isinf(&self) -> Result<Tensor> {
        unary_test(self, IsInf)
    }
    pub fn isfinite(&self) -> Result<Tensor> {
        unary_test(self, IsFinite)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::tensor::dtype::DType;
    use crate::tensor::tensor::Tensor;

    #[test]
    fn float_functions_match_torch() {
        let v = tf(&[0.5, 1.0, 2.0, 3.0]);
        check("exp", v.exp());
        check("log", v.log());
        check("sin", v.sin());
        check("tanh", tf(&[-2.0, -0.5, 0.0, 0.5, 2.0]).tanh());
        check("sigmoid", tf(&[-2.0, -0.5, 0.0, 0.5, 2.0]).sigmoid());
        check("rsqrt", tf(&[4., 2., 0.]).rsqrt());
        check("erf", f().erf());
        let ga = g().abs().unwrap();
        let stack = |ts: Vec<Tensor>| {
            let n = ts.len();
            let vals: Vec<f32> = ts.iter().flat_map(|t| t.to_vec::<f32>()).collect();
            Tensor::from_vec(vals, &[n, 5])
        };
        check("log_family", stack(vec![ga.log2().unwrap(), ga.log10().unwrap(), ga.log1p().unwrap(), g().expm1().unwrap(), g().exp2().unwrap()]));
        check("trig_family", stack(vec![g().cos().unwrap(), g().tan().unwrap(), g().sinh().unwrap(), g().cosh().unwrap(), g().atan().unwrap()]));
        let inv = tf(&[-1., -0.5, 0., 0.3, 2.]);
        check("inverse_trig", stack(vec![inv.asin().unwrap(), inv.acos().unwrap()]));
    }

    #[test]
    fn ints_and_bools_promote_to_float32() {
        check("sqrt_int", ti(&[4, 2]).sqrt());
        check("sigmoid_int", ti(&[5, -7]).sigmoid());
        check("exp_bool", bt().exp());
        check("reciprocal_int", ti(&[5, -7]).reciprocal());
        let h100 = h().div(100i64).unwrap();
        check("exp_f16", h100.exp());
    }

    #[test]
    fn sign_abs_neg_square_keep_ints() {
        check("abs_i8", typed(&[-4, -128], DType::I8).abs());
        check("abs_bool", bt().abs());
        check("neg_int", x().neg());
        check("neg_u8", typed(&[200], DType::U8).neg());
        check("neg_bool", bt().neg());
        check("sign_float", special().sign());
        check("sign_int", ti(&[5, 0, -7]).sign());
        check("square_int", ti(&[5, -7]).square());
        check("square_bool", bt().square());
    }

    #[test]
    fn tests_give_bool() {
        check("isnan", special().isnan());
        check("isinf", special().isinf());
        check("isfinite", special().isfinite());
        check("isnan_int", x().isnan());
    }

    /// float32 results within one ulp of PyTorch's for a few hundred random inputs.
    #[test]
    fn float32_values_within_one_ulp_of_torch() {
        let data = include_str!("testdata/ulp.txt");
        let parse = |s: &str| -> Vec<f32> { s.split(' ').map(|h| f32::from_bits(u32::from_str_radix(h, 16).unwrap())).collect() };
        for line in data.lines() {
            let mut parts = line.split('\t');
            let (name, inp, want) = (parts.next().unwrap(), parse(parts.next().unwrap()), parse(parts.next().unwrap()));
            let t = Tensor::from_vec(inp.clone(), &[inp.len()]).unwrap();
            let got = match name {
                "exp" => t.exp(),
                "log" => t.log(),
                "tanh" => t.tanh(),
                "sigmoid" => t.sigmoid(),
                "sqrt" => t.sqrt(),
                "sin" => t.sin(),
                "cos" => t.cos(),
                "log1p" => t.log1p(),
                "expm1" => t.expm1(),
                "erf" => t.erf(),
                "gelu" => t.gelu(),
                "silu" => t.silu(),
                "softplus" => t.softplus(1.0, 20.0),
                "atan" => t.atan(),
                "log2" => t.log2(),
                other => panic!("unknown function {other}"),
            }
            .unwrap()
            .to_vec::<f32>();
            for (k, (&g, &w)) in got.iter().zip(&want).enumerate() {
                let ulps = (g.to_bits() as i64 - w.to_bits() as i64).abs();
                // PyTorch's float32 gelu runs oneDNN's erf approximation; where
                // 1 + erf(x) cancels (x < -2) a few of ITS ulps of erf move the
                // result, so there the check is absolute (a few ulps of erf near 1).
                let close = name == "gelu" && (g - w).abs() <= 5e-7 * inp[k].abs().max(1.0);
                assert!(ulps <= 2 || close, "{name}({}) = {g}, torch {w} ({ulps} ulps, element {k})", inp[k]);
            }
            assert_eq!(got.len(), want.len());
        }
    }
}

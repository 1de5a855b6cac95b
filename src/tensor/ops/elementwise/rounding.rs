//! Rounding and float clean-up: floor, ceil, round (half to even, `decimals`),
//! trunc, frac, nan_to_num. On int tensors the rounding ops return a copy.
use super::num::{Float, Int, UnOp};
use super::unary::{float_only, unary_op};
use crate::tensor::error::Result;
use crate::tensor::tensor::Tensor;

super::unary::float_fn!(Floor, |x| x.floor());
super::unary::float_fn!(Ceil, |x| x.ceil());
super::unary::float_fn!(Trunc, |x| x.trunc());
super::unary::float_fn!(Frac, |x| x - x.trunc());
super::unary::float_fn!(RoundEven, |x| x.round_ties_even());

/// ATen's round with decimals: scale by 10^d, round half to even, scale back
/// (dividing by 10^-d for negative d).
#[derive(Clone, Copy)]
struct RoundDecimals(i64);
impl UnOp for RoundDecimals {
    fn float<F: Float>(self, x: F) -> F {
        let neg = self.0 < 0;
        let ten_pow = F::of(10f64.powi(self.0.unsigned_abs() as i32));
        if neg { (x / ten_pow).round_ties_even() * ten_pow } else { (x * ten_pow).round_ties_even() / ten_pow }
    }
    fn int<I: Int>(self, x: I) -> I {
        x
    }
    fn bool(self, x: bool) -> bool {
        x
    }
}

#[derive(Clone, Copy)]
struct NanToNum {
    nan: f64,
    posinf: Option<f64>,
    neginf: Option<f64>,
}
impl UnOp for NanToNum {
    fn float<F: Float>(self, x: F) -> F {
        if x.is_nan() {
            F::of(self.nan)
        } else if x.is_infinite() {
            if x > F::ZERO {
                self.posinf.map(F::of).unwrap_or(F::MAX)
            } else {
                self.neginf.map(F::of).unwrap_or(F::LOWEST)
            }
        } else {
            x
        }
    }
    fn int<I: Int>(self, x: I) -> I {
        x
    }
    fn bool(self, x: bool) -> bool {
        x
    }
}

impl Tensor {
    /// An int or bool tensor rounds to itself (a copy, as PyTorch returns).
    fn rounded(&self, op: impl FnOnce(&Tensor) -> Result<Tensor>) -> Result<Tensor> {
        if self.dtype().is_float() { op(self) } else { self.copy_data() }
    }
    pub fn floor(&self) -> Result<Tensor> {
        self.rounded(|t| unary_op(t, t.dtype(), Floor))
    }
    pub fn ceil(&self) -> Result<Tensor> {
        self.rounded(|t| unary_op(t, t.dtype(), Ceil))
    }
    pub fn trunc(&self) -> Result<Tensor> {
        self.rounded(|t| unary_op(t, t.dtype(), Trunc))
    }
    /// `torch.round(t)`: halves go to the even neighbour (0.5 -> 0, 1.5 -> 2).
    pub fn round(&self) -> Result<Tensor> {
        self.rounded(|t| unary_op(t, t.dtype(), RoundEven))
    }
    /// `torch.round(t, decimals=d)`.
    pub fn round_decimals(&self, decimals: i64) -> Result<Tensor> {
        if decimals == 0 {
            return self.round();
        }
        self.rounded(|t| unary_op(t, t.dtype(), RoundDecimals(decimals)))
    }
    /// `torch.frac`: `x - trunc(x)`; floats only.
    pub fn frac(&self) -> Result<Tensor> {
        float_only(self, "frac_cpu", Frac)
    }
    /// `torch.nan_to_num(t, nan=0.0, posinf=None, neginf=None)`: infinities
    /// default to the dtype's largest and lowest finite values.
    pub fn nan_to_num(&self, nan: f64, posinf: Option<f64>, neginf: Option<f64>) -> Result<Tensor> {
        if !self.dtype().is_float() {
            return self.copy_data();
        }
        let dtype = self.dtype();
        // float16/bfloat16 compute in f32, so their own limits replace f32's.
        let (max, lowest) = match dtype {
            crate::tensor::DType::F16 => (half::f16::MAX.to_f64(), half::f16::MIN.to_f64()),
            crate::tensor::DType::BF16 => (half::bf16::MAX.to_f64(), half::bf16::MIN.to_f64()),
            _ => (f64::NAN, f64::NAN),
        };
        let (posinf, neginf) = if max.is_nan() {
            (posinf, neginf)
        } else {
            (Some(posinf.unwrap_or(max)), Some(neginf.unwrap_or(lowest)))
        };
        unary_op(self, dtype, NanToNum { nan, posinf, neginf })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::tensor::dtype::DType;

    #[test]
    fn rounding_matches_torch() {
        check("floor", special().floor());
        check("ceil", g().ceil());
        check("round_half_even", tf(&[0.5, 1.5, 2.5, -0.5, -1.5, 1.2345]).round());
        check("round_decimals", tf(&[0.5, 1.5, 2.5, -0.5, 1.2345]).round_decimals(2));
        check("round_decimals_neg", tf(&[1234.5678, 1250.]).round_decimals(-2));
        check("trunc", g().trunc());
        check("frac", g().frac());
        check("frac_int", x().frac());
        check("floor_int", a().floor());
    }

    #[test]
    fn nan_to_num_defaults_to_dtype_limits() {
        check("nan_to_num", special().nan_to_num(0.0, None, None));
        check("nan_to_num_args", special().nan_to_num(1.0, Some(2.0), None));
        check("nan_to_num_f16", special().to(DType::F16).unwrap().nan_to_num(0.0, None, None));
    }
}

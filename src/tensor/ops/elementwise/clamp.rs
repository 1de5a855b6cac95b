//! `clamp(min, max)`, `clamp_min`, `clamp_max` with number or tensor bounds,
//! and `clamp_`. NaN inputs stay NaN; a NaN bound gives NaN.
use super::binary::{MaximumOp, MinimumOp, arith};
use super::cast::cpp_name;
use super::num::{Float, Int, UnOp};
use super::operand::{Operand, result_type};
use super::unary::unary_op;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, runtime};
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

/// One pass with number bounds: `min(max(x, lo), hi)`.
#[derive(Clone, Copy)]
struct ClampScalar {
    lo: Option<Scalar>,
    hi: Option<Scalar>,
}
impl UnOp for ClampScalar {
    #[inline(always)]
    fn float<F: Float>(self, x: F) -> F {
        if x.is_nan() {
            return x;
        }
        let mut y = x;
        if let Some(lo) = self.lo {
            let lo = F::of(lo.to_f64());
            if lo.is_nan() || y < lo {
                y = lo;
            }
        }
        if let Some(hi) = self.hi {
            let hi = F::of(hi.to_f64());
            if hi.is_nan() || y > hi {
                y = hi;
            }
        }
        y
    }
    #[inline(always)]
    fn int<I: Int>(self, x: I) -> I {
        let mut y = x;
        if let Some(lo) = self.lo {
            let lo = I::of(lo.to_i64());
            if y < lo {
                y = lo;
            }
        }
        if let Some(hi) = self.hi {
            let hi = I::of(hi.to_i64());
            if y > hi {
                y = hi;
            }
        }
        y
    }
    #[inline(always)]
    fn bool(self, x: bool) -> bool {
        let mut y = x;
        if let Some(lo) = self.lo {
            y |= lo.to_bool();
        }
        if let Some(hi) = self.hi {
            y &= hi.to_bool();
        }
        y
    }
}

fn clamp_dtype(x: &Tensor, min: Option<Operand>, max: Option<Operand>) -> DType {
    let mut ops = vec![Operand::Tensor(x)];
    ops.extend(min);
    ops.extend(max);
    result_type(&ops)
}

/// `torch.clamp(x, min, max)`: at least one bound; bounds may be numbers or tensors.
pub fn clamp(x: &Tensor, min: Option<Operand>, max: Option<Operand>) -> Result<Tensor> {
    if min.is_none() && max.is_none() {
        return runtime("torch.clamp: At least one of 'min' or 'max' must not be None");
    }
    let dtype = clamp_dtype(x, min, max);
    let as_scalar = |o: Option<Operand>| match o {
        None => Some(None),
        Some(Operand::Scalar(s)) => Some(Some(s)),
        Some(Operand::Tensor(_)) => None,
    };
    if let (Some(lo), Some(hi)) = (as_scalar(min), as_scalar(max)) {
        if let Some(t) = crate::backend::cuda::ops::select::clamp(x, dtype, lo, hi)? {
            return Ok(t);
        }
        return unary_op(x, dtype, ClampScalar { lo, hi });
    }
    // Tensor bounds: max with the lower bound, then min with the upper, in the
    // dtype of all three.
    let mut out = x.clone();
    if let Some(lo) = min {
        out = arith(&Operand::Tensor(&out), &lo, dtype, MaximumOp)?;
    }
    if let Some(hi) = max {
        out = arith(&Operand::Tensor(&out), &hi, dtype, MinimumOp)?;
    }
    Ok(out)
}

impl Tensor {
    pub fn clamp<'a>(&'a self, min: Option<Operand<'a>>, max: Option<Operand<'a>>) -> Result<Tensor> {
        clamp(self, min, max)
    }
    pub fn clamp_min<'a>(&'a self, min: impl Into<Operand<'a>>) -> Result<Tensor> {
        clamp(self, Some(min.into()), None)
    }
    pub fn clamp_max<'a>(&'a self, max: impl Into<Operand<'a>>) -> Result<Tensor> {
        clamp(self, None, Some(max.into()))
    }

    /// `clamp_(min, max)` in place.
    pub fn clamp_<'a>(&'a self, min: Option<Operand<'a>>, max: Option<Operand<'a>>) -> Result<()> {
        let dtype = clamp_dtype(self, min, max);
        // clamp_ names the output type the C++ way ("long int") when only numbers are given.
        if dtype.category() > self.dtype().category() && min.is_none_or(|o| !o.has_dims()) && max.is_none_or(|o| !o.has_dims())
        {
            return runtime(format!(
                "result type {} can't be cast to the desired output type {}",
                crate::tensor::dtype::pretty_name(dtype),
                cpp_name(self.dtype())
            ));
        }
        let shapes: Vec<&[usize]> = min.iter().chain(max.iter()).map(|o| o.shape()).collect();
        self.check_inplace(dtype, &shapes)?;
        let out = clamp(self, min, max)?;
        self.assign(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn s(v: Scalar) -> Option<Operand<'static>> {
        Some(Operand::Scalar(v))
    }

    #[test]
    fn clamp_matches_torch() {
        check("clamp_both", f().clamp(s(i(-1)), s(i(2))));
        check("clamp_min", f().clamp_min(0i64));
        check("clamp_max", f().clamp_max(1i64));
        check("clamp_int_float_bound", ti(&[5, -7]).clamp_min(0.5));
        let zeros = ti(&[0, 0]);
        check("clamp_tensor_bound", ti(&[5, -7]).clamp_min(&zeros));
        check("clamp_none", ti(&[5, -7]).clamp(None, None));
        check("clamp_inverted", tf(&[1., 5.]).clamp(s(i(3)), s(i(2))));
        check("clamp_bool", bt().clamp(s(i(0)), s(i(1))));
        check("clamp_nan_input", tf(&[f64::NAN, 1.]).clamp(s(i(0)), s(fl(0.5))));
        check("clamp_nan_bound", tf(&[2., 1.]).clamp(s(fl(f64::NAN)), s(fl(0.5))));
        let lo = tf(&[f64::NAN, 0.]);
        check("clamp_tensor_nan_bound", tf(&[2., 1.]).clamp_min(&lo));
    }

    #[test]
    fn clamp_in_place() {
        let t = ti(&[5, -7]);
        check_inplace("clamp_inplace_int_err", &t, t.clamp_(s(fl(0.5)), None));
        let t = Tensor::ones(&[2], DType::I64).unwrap();
        let lo = tf(&[0.5, 1.]);
        check_inplace("clamp_inplace_tensor_err", &t, t.clamp_(Some((&lo).into()), None));
        let t = ti(&[5, -7, 2]);
        check_inplace("clamp_inplace", &t, t.clamp_(s(i(-1)), s(i(3))));
    }
}

//! `masked_fill(mask, value)` and `masked_fill_`: `value` where the bool mask is
//! true. The value is a number or a 0-dim tensor, cast to the tensor's dtype.
use super::cast::cpp_name;
use super::operand::Operand;
use super::where_::select;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, runtime};
use crate::tensor::tensor::Tensor;

fn check_args(mask: &Tensor, value: &Operand) -> Result<()> {
    if mask.dtype() != DType::Bool {
        return runtime(format!(
            "masked_fill_ only supports boolean masks, but got mask with dtype {}",
            cpp_name(mask.dtype())
        ));
    }
    if let Operand::Tensor(v) = value
        && v.ndim() != 0
    {
        return runtime(format!(
            "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with {} dimension(s).",
            v.ndim()
        ));
    }
    Ok(())
}

impl Tensor {
    /// `t.masked_fill(mask, value)`: broadcasts `t` and `mask`; keeps `t`'s dtype.
    pub fn masked_fill<'a>(&'a self, mask: &Tensor, value: impl Into<Operand<'a>>) -> Result<Tensor> {
        let value = value.into();
        check_args(mask, &value)?;
        select(mask, &value, &Operand::Tensor(self), self.dtype())
    }

    /// `t.masked_fill_(mask, value)`: the mask must broadcast to `t`'s shape.
    pub fn masked_fill_<'a>(&'a self, mask: &Tensor, value: impl Into<Operand<'a>>) -> Result<()> {
        let value = value.into();
        check_args(mask, &value)?;
        self.check_inplace(self.dtype(), &[mask.shape()])?;
        let out = select(mask, &value, &Operand::Tensor(self), self.dtype())?;
        self.assign(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::tensor::scalar::Scalar;

    #[test]
    fn masked_fill_matches_torch() {
        let ones = |s: &[usize], d| Tensor::ones(s, d).unwrap();
        check("masked_fill_row", ones(&[2, 3], DType::F32).masked_fill(&tb(&[true, false, true]), 5i64));
        let col = Tensor::from_vec(vec![true, false], &[2, 1]).unwrap();
        check("masked_fill_neg_inf", ones(&[2, 3], DType::F32).masked_fill(&col, f64::NEG_INFINITY));
        check("masked_fill_int_float", ones(&[2], DType::I64).masked_fill(&ones(&[2], DType::Bool), 2.5));
        check("masked_fill_mask_err", ones(&[2, 3], DType::F32).masked_fill(&ti(&[1, 0, 1]), 5i64));
        let v = tf(&[2., 3.]);
        check("masked_fill_value_err", ones(&[2], DType::F32).masked_fill(&ones(&[2], DType::Bool), &v));
        let diag = Tensor::from_vec(vec![true, false, false, true], &[2, 2]).unwrap();
        check("masked_fill_broadcast_self", tf(&[1., 2.]).masked_fill(&diag, 0i64));
        let z = Tensor::scalar(Scalar::Int(3), DType::F64);
        check("masked_fill_zerodim_value", tf(&[1., 2.]).masked_fill(&Tensor::scalar(Scalar::Bool(true), DType::Bool), &z));
    }

    #[test]
    fn masked_fill_in_place() {
        let t = Tensor::ones(&[2], DType::F32).unwrap();
        let m = Tensor::ones(&[2, 2], DType::Bool).unwrap();
        check_inplace("masked_fill_inplace_err", &t, t.masked_fill_(&m, 5i64));
        let t = tf(&[1., 2., 3.]);
        t.masked_fill_(&tb(&[false, true, false]), 0i64).unwrap();
        assert_eq!(t.to_vec::<f32>(), vec![1., 0., 3.]);
    }
}

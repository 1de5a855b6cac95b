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

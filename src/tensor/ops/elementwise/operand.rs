//! An argument of an elementwise op: a tensor or a Python number. A number
//! promotes as a Python scalar does (`int8_tensor + 1` stays int8,
//! `int_tensor * 2.5` is float32), which a tensor made from it would not.
use crate::tensor::dtype::{self, DType};
use crate::tensor::error::Result;
use super::kernel::Src;
use super::num::{Calc, Num};
use crate::tensor::layout::{Layout, broadcast_shapes};
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

#[derive(Clone, Copy, Debug)]
pub enum Operand<'a> {
    Tensor(&'a Tensor),
    Scalar(Scalar),
}

impl<'a> From<&'a Tensor> for Operand<'a> {
    fn from(t: &'a Tensor) -> Self {
        Operand::Tensor(t)
    }
}
impl From<Scalar> for Operand<'_> {
    fn from(s: Scalar) -> Self {
        Operand::Scalar(s)
    }
}
impl From<f64> for Operand<'_> {
    fn from(v: f64) -> Self {
        Operand::Scalar(Scalar::Float(v))
    }
}
impl From<i64> for Operand<'_> {
    fn from(v: i64) -> Self {
        Operand::Scalar(Scalar::Int(v))
    }
}
impl From<i32> for Operand<'_> {
    fn from(v: i32) -> Self {
        Operand::Scalar(Scalar::Int(v as i64))
    }
}
impl From<bool> for Operand<'_> {
    fn from(v: bool) -> Self {
        Operand::Scalar(Scalar::Bool(v))
    }
}

impl<'a> Operand<'a> {
    /// How type promotion sees this operand.
    pub fn promo(&self) -> dtype::Operand {
        match self {
            Operand::Tensor(t) if t.ndim() == 0 => dtype::Operand::ZeroDim(t.dtype()),
            Operand::Tensor(t) => dtype::Operand::Tensor(t.dtype()),
            Operand::Scalar(s) => dtype::Operand::Scalar(s.category()),
        }
    }

    pub fn shape(&self) -> &[usize] {
        match self {
            Operand::Tensor(t) => t.shape(),
            Operand::Scalar(_) => &[],
        }
    }

    /// The dtype the value has on its own (a Python float is float32 here, as
    /// `torch.tensor(2.5)` would be).
    pub fn dtype(&self) -> DType {
        match self {
            Operand::Tensor(t) => t.dtype(),
            Operand::Scalar(s) => s.default_dtype(),
        }
    }

    pub fn tensor(&self) -> Option<&'a Tensor> {
        match self {
            Operand::Tensor(t) => Some(t),
            Operand::Scalar(_) => None,
        }
    }

    /// A tensor with dimensions (not a 0-dim tensor, not a number).
    pub fn has_dims(&self) -> bool {
        matches!(self, Operand::Tensor(t) if t.ndim() > 0)
    }
}

/// `torch.result_type` of any operands.
pub fn result_type(ops: &[Operand]) -> DType {
    match ops {
        [a, b] => dtype::result_type(&[a.promo(), b.promo()]),
        _ => dtype::result_type(&ops.iter().map(|o| o.promo()).collect::<Vec<_>>()),
    }
}

/// The broadcast shape of two operands (PyTorch's message on a mismatch).
pub fn broadcast2(a: &Operand, b: &Operand) -> Result<Vec<usize>> {
    let (sa, sb) = (a.shape(), b.shape());
    if sa == sb {
        return Ok(sa.to_vec());
    }
    broadcast_shapes(sa, sb)
}

/// Runs `f` with both operands as kernel inputs of element type `T`: numbers and
/// 0-dim tensors become values, tensors of dtype `T` are read in place (under
/// their storage's read lock, taken once when both share a storage), others are
/// cast to `T` first.
///
/// Numbers are stored as `T` would store them (float16 rounds 0.1 to 0.09998)
/// unless `exact`: PyTorch's mul/div kernels use the number itself in float32.
pub fn with_srcs2<T: Num, R>(
    a: &Operand,
    b: &Operand,
    exact: bool,
    f: impl FnOnce(&Src<T>, &Src<T>) -> Result<R>,
) -> Result<R> {
    if let (Operand::Tensor(x), Operand::Tensor(y)) = (a, b)
        && x.ndim() > 0
        && y.ndim() > 0
        && x.dtype() == T::DTYPE
        && x.shares_storage(y)
    {
        return x.with_cpu(|buf| {
            let data = T::slice(buf).expect("dtype checked");
            f(&Src::View { data, layout: x.layout() }, &Src::View { data, layout: y.layout() })
        });
    }
    with_src_as(a, exact, |sa| with_src_as(b, exact, |sb| f(sa, sb)))
}

/// One operand as a kernel input of element type `T` (see `with_srcs2`).
pub fn with_src<T: Num, R>(a: &Operand, f: impl FnOnce(&Src<T>) -> Result<R>) -> Result<R> {
    with_src_as(a, false, f)
}

fn with_src_as<T: Num, R>(a: &Operand, exact: bool, f: impl FnOnce(&Src<T>) -> Result<R>) -> Result<R> {
    let value = |s: Scalar| {
        let v = T::C::from_scalar(s);
        if exact { v } else { T::store(v).load() }
    };
    match a {
        Operand::Scalar(s) => f(&Src::Value(value(*s))),
        Operand::Tensor(t) if t.ndim() == 0 => f(&Src::Value(value(t.get_flat(0)))),
        Operand::Tensor(t) if t.dtype() == T::DTYPE => {
            t.with_cpu(|buf| f(&Src::View { data: T::slice(buf).expect("dtype checked"), layout: t.layout() }))
        }
        Operand::Tensor(t) => {
            let buf = t.cast_values(T::DTYPE)?;
            let layout = Layout::contiguous(t.shape());
            f(&Src::View { data: T::slice(&buf).expect("cast to T"), layout: &layout })
        }
    }
}

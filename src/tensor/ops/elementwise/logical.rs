//! Logical ops (any dtype, read as `x != 0`, giving bool) and bitwise ops
//! (`&`, `|`, `^`, `~` on bool and int tensors).
use super::binary::{arith, not_implemented};
use super::num::{BinOp, Float, Int, UnOp};
use super::operand::{Operand, result_type};
use super::unary::unary_op;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, type_err};
use crate::tensor::tensor::Tensor;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bitwise {
    And,
    Or,
    Xor,
}

impl BinOp for Bitwise {
    #[inline(always)]
    fn float<F: Float>(self, a: F, _: F) -> F {
        a // never reached: bitwise ops refuse floats first
    }
    #[inline(always)]
    fn int<I: Int>(self, a: I, b: I) -> I {
        match self {
            Bitwise::And => a.and(b),
            Bitwise::Or => a.or(b),
            Bitwise::Xor => a.xor(b),
        }
    }
    #[inline(always)]
    fn bool(self, a: bool, b: bool) -> bool {
        match self {
            Bitwise::And => a & b,
            Bitwise::Or => a | b,
            Bitwise::Xor => a ^ b,
        }
    }
}

#[derive(Clone, Copy)]
struct Not;
impl UnOp for Not {
    fn float<F: Float>(self, x: F) -> F {
        x
    }
    fn int<I: Int>(self, x: I) -> I {
        x.not()
    }
    fn bool(self, x: bool) -> bool {
        !x
    }
}

/// `a & b`, `a | b`, `a ^ b` (`torch.bitwise_and`, ...): ints and bools only.
pub fn bitwise(a: Operand, b: Operand, op: Bitwise) -> Result<Tensor> {
    let dtype = result_type(&[a, b]);
    if dtype.is_float() {
        let name = match op {
            Bitwise::And => "bitwise_and_cpu",
            Bitwise::Or => "bitwise_or_cpu",
            Bitwise::Xor => "bitwise_xor_cpu",
        };
        return not_implemented(name, dtype);
    }
    arith(&a, &b, dtype, op)
}

/// `torch.logical_and/or/xor`: every operand read as `x != 0`; the result is bool.
pub fn logical(a: Operand, b: Operand, op: Bitwise) -> Result<Tensor> {
    arith(&a, &b, DType::Bool, op)
}

impl Tensor {
    pub fn bitwise_and<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        bitwise(self.into(), other.into(), Bitwise::And)
    }
    pub fn bitwise_or<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        bitwise(self.into(), other.into(), Bitwise::Or)
    }
    pub fn bitwise_xor<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        bitwise(self.into(), other.into(), Bitwise::Xor)
    }
    /// `torch.bitwise_not`: ints and bools.
    pub fn bitwise_not(&self) -> Result<Tensor> {
        if self.dtype().is_float() {
            return not_implemented("bitwise_not_cpu", self.dtype());
        }
        unary_op(self, self.dtype(), Not)
    }
    /// `~t`: as `bitwise_not`, with the TypeError Python's operator raises on floats.
    pub fn invert(&self) -> Result<Tensor> {
        if self.dtype().is_float() {
            return type_err("~ (operator.invert) is only implemented on integer and Boolean-type tensors");
        }
        unary_op(self, self.dtype(), Not)
    }
    pub fn logical_and<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        logical(self.into(), other.into(), Bitwise::And)
    }
    pub fn logical_or<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        logical(self.into(), other.into(), Bitwise::Or)
    }
    pub fn logical_xor<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        logical(self.into(), other.into(), Bitwise::Xor)
    }
    pub fn logical_not(&self) -> Result<Tensor> {
        unary_op(self, DType::Bool, Not)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn bitwise_matches_torch() {
        check("and_bool", bt().bitwise_and(&tb(&[true, true, false])));
        check("or_bool", bt().bitwise_or(&tb(&[false, true, false])));
        check("invert_bool", bt().invert());
        check("and_int", ti(&[1, 2]).bitwise_and(&ti(&[3, 1])));
        check("or_int_scalar", ti(&[5]).bitwise_or(2i64));
        check("xor_bool_scalar", bt().bitwise_xor(true));
        check("and_float_err", tf(&[1., 2.]).bitwise_and(&ti(&[3, 1])));
        check("invert_int", ti(&[1, -2]).invert());
        check("invert_float_err", tf(&[1.]).invert());
        check("bitwise_not_float_err", tf(&[1.]).bitwise_not());
    }

    #[test]
    fn logical_matches_torch() {
        check("logical_and_mixed", tf(&[1., 0., 2.]).logical_and(&ti(&[2, 2, 0])));
        check("logical_or", tf(&[1., 0., 0.]).logical_or(&ti(&[0, 0, 3])));
        check("logical_xor", tf(&[1., 0., 2.]).logical_xor(&ti(&[2, 2, 0])));
        check("logical_not", tf(&[1., 0., f64::NAN]).logical_not());
    }
}

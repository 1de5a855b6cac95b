//! Dtype conversions: `to(dtype)`, `type(dtype)`, and the shorthands
//! `float()`, `double()`, `half()`, `bfloat16()`, `long()`, `int()`, `short()`,
//! `char()`, `byte()`, `bool()`. Same dtype returns the tensor itself, as
//! PyTorch does; otherwise a new contiguous tensor with C++ cast semantics.
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::tensor::Tensor;

/// The C++ type name some ATen messages use (`long int`, `c10::Half`).
pub fn cpp_name(d: DType) -> &'static str {
    match d {
        DType::Bool => "bool",
        DType::U8 => "unsigned char",
        DType::I8 => "signed char",
        DType::I16 => "short int",
        DType::I32 => "int",
        DType::I64 => "long int",
        DType::F16 => "c10::Half",
        DType::BF16 => "c10::BFloat16",
        DType::F32 => "float",
        DType::F64 => "double",
    }
}

impl Tensor {
    /// `t.to(dtype)`.
    pub fn to(&self, dtype: DType) -> Result<Tensor> {
        self.to_dtype(dtype)
    }
    /// `t.type(dtype)`; `t.type()` with no argument is `dtype().legacy_type_name()`.
    pub fn type_as_dtype(&self, dtype: DType) -> Result<Tensor> {
        self.to_dtype(dtype)
    }
    pub fn float(&self) -> Result<Tensor> {
        self.to_dtype(DType::F32)
    }
    pub fn double(&self) -> Result<Tensor> {
        self.to_dtype(DType::F64)
    }
    pub fn half(&self) -> Result<Tensor> {
        self.to_dtype(DType::F16)
    }
    pub fn bfloat16(&self) -> Result<Tensor> {
        self.to_dtype(DType::BF16)
    }
    pub fn long(&self) -> Result<Tensor> {
        self.to_dtype(DType::I64)
    }
    pub fn int(&self) -> Result<Tensor> {
        self.to_dtype(DType::I32)
    }
    pub fn short(&self) -> Result<Tensor> {
        self.to_dtype(DType::I16)
    }
    pub fn char(&self) -> Result<Tensor> {
        self.to_dtype(DType::I8)
    }
    pub fn byte(&self) -> Result<Tensor> {
        self.to_dtype(DType::U8)
    }
    pub fn bool(&self) -> Result<Tensor> {
        self.to_dtype(DType::Bool)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn casts_match_torch() {
        let v = tf(&[-1.7, -0.5, 0.5, 1.7]);
        check("long_trunc", v.long());
        check("int_trunc", v.int());
        check("to_int16", v.to(DType::I16));
        check("double", tf(&[-1.7, 0.5]).double());
        check("bool_cast", ti(&[0, 2, 3]).bool());
        let third = tf(&[1.0 / 3.0, 2.5, 1000.1]);
        check("half_cast", third.half());
        check("bf16_cast", third.bfloat16());
        check("byte_wrap", ti(&[300, -1]).byte());
        check("char_wrap", ti(&[200, -129]).char());
        check("short_cast", tb(&[true, false]).short());
    }

    #[test]
    fn same_dtype_returns_the_same_tensor() {
        let t = tf(&[1.0]);
        assert!(t.float().unwrap().is_same(&t));
        assert!(!t.double().unwrap().is_same(&t));
    }
}

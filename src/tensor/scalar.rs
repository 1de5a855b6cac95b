//! A single value of any dtype, as `.item()` returns it and as Python numbers arrive.
use super::dtype::{Category, DType};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Scalar {
    pub fn category(self) -> Category {
        match self {
            Scalar::Bool(_) => Category::Bool,
            Scalar::Int(_) => Category::Int,
            Scalar::Float(_) => Category::Float,
        }
    }
    pub fn as_f64(self) -> f64 {
        self.to_f64()
    }
    pub fn as_i64(self) -> i64 {
        self.to_i64()
    }
    pub fn to_f64(self) -> f64 {
        match self {
            Scalar::Bool(b) => b as u8 as f64,
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) => f,
        }
    }
    pub fn to_i64(self) -> i64 {
        match self {
            Scalar::Bool(b) => b as i64,
            Scalar::Int(i) => i,
            Scalar::Float(f) => f as i64,
        }
    }
    pub fn to_bool(self) -> bool {
        match self {
            Scalar::Bool(b) => b,
            Scalar::Int(i) => i != 0,
            Scalar::Float(f) => f != 0.0,
        }
    }
    /// The dtype a tensor made from this value alone gets (`torch.tensor(2.5)` is float32).
    pub fn default_dtype(self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::Int(_) => DType::I64,
            Scalar::Float(_) => DType::F32,
        }
    }
    /// Rounds/casts the value as storing it into `dtype` would, and reads it back.
    pub fn cast(self, dtype: DType) -> Scalar {
        use super::element::Element;
        match dtype.category() {
            Category::Bool => Scalar::Bool(self.to_bool()),
            Category::Int => Scalar::Int(crate::with_dtype!(dtype, T => match self {
                Scalar::Float(f) => T::from_f64(f).to_i64(),
                s => T::from_i64(s.to_i64()).to_i64(),
            })),
            Category::Float => Scalar::Float(crate::with_dtype!(dtype, T => T::from_f64(self.to_f64()).to_f64())),
        }
    }
}

//! Data types and PyTorch's type-promotion rules.
use super::error::{Result, runtime};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    Bool,
    U8,
    I8,
    I16,
    I32,
    I64,
    F16,
    BF16,
    F32,
    F64,
}

/// The three categories promotion looks at first: a float beats an int beats a bool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Bool,
    Int,
    Float,
}

pub const DEFAULT_FLOAT: DType = DType::F32;
pub const DEFAULT_INT: DType = DType::I64;

pub const ALL_DTYPES: [DType; 10] = [
    DType::Bool,
    DType::U8,
    DType::I8,
    DType::I16,
    DType::I32,
    DType::I64,
    DType::F16,
    DType::BF16,
    DType::F32,
    DType::F64,
];

impl DType {
    /// The name after `torch.` (`float32`), as `repr(torch.float32)` prints it.
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::U8 => "uint8",
            DType::I8 => "int8",
            DType::I16 => "int16",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::F16 => "float16",
            DType::BF16 => "bfloat16",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }

    /// Accepts PyTorch's names and aliases (`float`, `double`, `long`, `half`, ...).
    pub fn from_name(name: &str) -> Option<DType> {
        let n = name.strip_prefix("torch.").unwrap_or(name);
        Some(match n {
            "bool" => DType::Bool,
            "uint8" => DType::U8,
            "int8" => DType::I8,
            "int16" | "short" => DType::I16,
            "int32" | "int" => DType::I32,
            "int64" | "long" => DType::I64,
            "float16" | "half" => DType::F16,
            "bfloat16" => DType::BF16,
            "float32" | "float" => DType::F32,
            "float64" | "double" => DType::F64,
            _ => return None,
        })
    }

    /// `Tensor.type()` names (`torch.FloatTensor`).
    pub fn legacy_type_name(self) -> &'static str {
        match self {
            DType::Bool => "torch.BoolTensor",
            DType::U8 => "torch.ByteTensor",
            DType::I8 => "torch.CharTensor",
            DType::I16 => "torch.ShortTensor",
            DType::I32 => "torch.IntTensor",
            DType::I64 => "torch.LongTensor",
            DType::F16 => "torch.HalfTensor",
            DType::BF16 => "torch.BFloat16Tensor",
            DType::F32 => "torch.FloatTensor",
            DType::F64 => "torch.DoubleTensor",
        }
    }

    pub fn size_bytes(self) -> usize {
        match self {
            DType::Bool | DType::U8 | DType::I8 => 1,
            DType::I16 | DType::F16 | DType::BF16 => 2,
            DType::I32 | DType::F32 => 4,
            DType::I64 | DType::F64 => 8,
        }
    }

    pub fn category(self) -> Category {
        match self {
            DType::Bool => Category::Bool,
            DType::U8 | DType::I8 | DType::I16 | DType::I32 | DType::I64 => Category::Int,
            _ => Category::Float,
        }
    }

    pub fn is_float(self) -> bool {
        self.category() == Category::Float
    }
    pub fn is_int(self) -> bool {
        self.category() == Category::Int
    }
    pub fn is_bool(self) -> bool {
        self == DType::Bool
    }
    pub fn is_signed(self) -> bool {
        !matches!(self, DType::Bool | DType::U8)
    }

    /// The dtype a kernel computes in: reduced-precision floats compute in float32
    /// (as PyTorch's CPU kernels do, rounding once at the end), all ints in int64
    /// (wrapping, then narrowed: the same bits as native narrow arithmetic).
    pub fn compute(self) -> DType {
        match self {
            DType::F16 | DType::BF16 | DType::F32 => DType::F32,
            DType::F64 => DType::F64,
            DType::Bool => DType::Bool,
            _ => DType::I64,
        }
    }
}

/// `torch.promote_types(a, b)`.
pub fn promote_types(a: DType, b: DType) -> DType {
    use DType::*;
    if a == b {
        return a;
    }
    let (ca, cb) = (a.category(), b.category());
    if ca != cb {
        return if ca > cb { a } else { b };
    }
    match ca {
        Category::Bool => Bool,
        Category::Int => {
            // uint8 mixes with a signed type by widening to the next signed size.
            match (a, b) {
                (U8, I8) | (I8, U8) => I16,
                (U8, x) | (x, U8) => x,
                _ => {
                    if a.size_bytes() >= b.size_bytes() {
                        a
                    } else {
                        b
                    }
                }
            }
        }
        Category::Float => match (a, b) {
            (F16, BF16) | (BF16, F16) => F32,
            _ => {
                if a.size_bytes() >= b.size_bytes() {
                    a
                } else {
                    b
                }
            }
        },
    }
}

/// One operand as promotion sees it. PyTorch ranks operands by "priority": tensors
/// with dimensions over zero-dim tensors over Python scalars; a lower-priority
/// operand only matters when it is of a higher category.
#[derive(Clone, Copy, Debug)]
pub enum Operand {
    Tensor(DType),
    ZeroDim(DType),
    /// A Python scalar: `Bool`, `Int` (int64) or `Float` (the default float dtype).
    Scalar(Category),
}

/// `torch.result_type` over any number of operands, as ATen's TypeProperties.cpp
/// does it: promote within each priority class, then combine the classes by category.
pub fn result_type(operands: &[Operand]) -> DType {
    let mut dim: Option<DType> = None;
    let mut zero: Option<DType> = None;
    let mut wrapped: Option<DType> = None;
    let join = |slot: &mut Option<DType>, d: DType| {
        *slot = Some(match *slot {
            None => d,
            Some(s) => promote_types(s, d),
        })
    };
    for op in operands {
        match *op {
            Operand::Tensor(d) => join(&mut dim, d),
            Operand::ZeroDim(d) => join(&mut zero, d),
            // A Python float is a wrapped number of the default float dtype.
            Operand::Scalar(c) => join(
                &mut wrapped,
                match c {
                    Category::Bool => DType::Bool,
                    Category::Int => DEFAULT_INT,
                    Category::Float => DEFAULT_FLOAT,
                },
            ),
        }
    }
    combine_categories(dim, combine_categories(zero, wrapped)).unwrap_or(DEFAULT_FLOAT)
}

fn combine_categories(higher: Option<DType>, lower: Option<DType>) -> Option<DType> {
    match (higher, lower) {
        (None, l) => l,
        (h, None) => h,
        (Some(h), Some(l)) => {
            if h.is_float() {
                Some(h)
            } else if h == DType::Bool || l.is_float() {
                Some(promote_types(h, l))
            } else {
                Some(h)
            }
        }
    }
}

/// Checks that an in-place op can write its result into `out` (PyTorch refuses
/// to write a float result into an int tensor, and so on).
pub fn check_can_cast(result: DType, out: DType) -> Result<()> {
    if result.category() > out.category() {
        return runtime(format!(
            "result type {} can't be cast to the desired output type {}",
            pretty_name(result),
            pretty_name(out)
        ));
    }
    Ok(())
}

/// PyTorch's C++ names used inside some error messages (`Float`, `Long`).
pub fn pretty_name(d: DType) -> &'static str {
    match d {
        DType::Bool => "Bool",
        DType::U8 => "Byte",
        DType::I8 => "Char",
        DType::I16 => "Short",
        DType::I32 => "Int",
        DType::I64 => "Long",
        DType::F16 => "Half",
        DType::BF16 => "BFloat16",
        DType::F32 => "Float",
        DType::F64 => "Double",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DType::*;

    #[test]
    fn promotion_follows_torch_promote_types() {
        // Expected values from torch.promote_types.
        assert_eq!(promote_types(U8, I8), I16);
        assert_eq!(promote_types(U8, I32), I32);
        assert_eq!(promote_types(I32, I64), I64);
        assert_eq!(promote_types(F16, BF16), F32);
        assert_eq!(promote_types(I64, F16), F16);
        assert_eq!(promote_types(Bool, U8), U8);
        assert_eq!(promote_types(F32, F64), F64);
    }

    #[test]
    fn scalars_only_matter_across_categories() {
        // torch.result_type(torch.tensor([1], dtype=torch.int32), 2.5) == torch.float32
        assert_eq!(result_type(&[Operand::Tensor(I32), Operand::Scalar(Category::Float)]), F32);
        // an int8 tensor with an int scalar stays int8
        assert_eq!(result_type(&[Operand::Tensor(I8), Operand::Scalar(Category::Int)]), I8);
        // float16 tensor with a float64 zero-dim tensor stays float16
        assert_eq!(result_type(&[Operand::Tensor(F16), Operand::ZeroDim(F64)]), F16);
        // an int tensor with a float64 zero-dim tensor becomes float64
        assert_eq!(result_type(&[Operand::Tensor(I64), Operand::ZeroDim(F64)]), F64);
        // two scalars: int + float -> default float
        assert_eq!(result_type(&[Operand::Scalar(Category::Int), Operand::Scalar(Category::Float)]), F32);
        // zero-dim int tensor + float scalar -> float32
        assert_eq!(result_type(&[Operand::ZeroDim(I64), Operand::Scalar(Category::Float)]), F32);
    }
}

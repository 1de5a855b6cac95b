//! Byte-exact text of PyTorch tensors and NumPy arrays (see
//! shared/reference/printing-and-rng.md §1–§3).
//!
//! The printers take the shape and a lazy element getter (flat row-major index), so that
//! printing a huge tensor only reads the elements that end up on screen.

mod float_digits;
mod numpy_format;
mod torch_format;

#[cfg(test)]
mod tests_digits;
#[cfg(test)]
mod tests_numpy;
#[cfg(test)]
mod tests_recorded;
#[cfg(test)]
mod tests_torch;
#[cfg(test)]
mod tests_torch_device;

pub use float_digits::{
    FloatFormat, numpy_scalar_str, py_format_fixed, py_format_sci, python_float_repr,
};
pub use numpy_format::{numpy_repr, numpy_scalar_repr, numpy_str};
pub use torch_format::{canonical_dtype, torch_repr};

/// One element, as the printers see it: the engine's own scalar.
pub use super::scalar::Scalar;

/// How elements are formatted. float16/bfloat16/float32/float64 all come as `Float`, holding
/// the exact value widened to f64; the dtype name says which precision it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Bool,
    Int,
    Float,
}

/// Mirrors `torch.set_printoptions` (the defaults are PyTorch's).
#[derive(Clone, Debug, PartialEq)]
pub struct PrintOptions {
    pub precision: usize,
    pub threshold: usize,
    pub edgeitems: usize,
    pub linewidth: usize,
    /// `None`: choose scientific notation automatically; `Some(b)`: force it on/off.
    pub sci_mode: Option<bool>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            precision: 4,
            threshold: 1000,
            edgeitems: 3,
            linewidth: 80,
            sci_mode: None,
        }
    }
}

/// What a tensor's repr needs besides its values.
#[derive(Clone, Debug, Default)]
pub struct TensorMeta<'a> {
    /// "float32", "int64", "bool", "float16", "bfloat16", ... (a `torch.` prefix is accepted).
    pub dtype: &'a str,
    /// `None` for the CPU, else the device text such as "cuda:0".
    pub device: Option<&'a str>,
    pub requires_grad: bool,
    /// Class name of the grad_fn node, e.g. "MulBackward0".
    pub grad_fn: Option<&'a str>,
}

/// Python's text of a tuple of ints: `()`, `(5,)`, `(0, 3)`.
pub fn python_tuple(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_string(),
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

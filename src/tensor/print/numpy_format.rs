//! NumPy 2.x `str(ndarray)` / `repr(ndarray)` with default print options (spec §2):
//! `FloatingFormat` in 'maxprec' mode with precision 8, integer/bool formatters,
//! `_formatArray` character-count wrapping, summarisation, and the `shape=`/`dtype=` extras.

use super::float_digits::{
    Decimal, FloatFormat, exact_scientific, exp_suffix, numpy_scalar_str, shortest,
};
use super::torch_format::shown_indices;
use super::{Scalar, ValueKind, python_tuple};

const PRECISION: usize = 8;
const THRESHOLD: usize = 1000;
const EDGEITEMS: usize = 3;
const LINEWIDTH: usize = 75;

/// Dtypes `repr` leaves implicit (np.int_ is int64 on the platforms we mirror).
const IMPLIED_DTYPES: [&str; 4] = ["int64", "float64", "complex128", "bool"];

/// Mantissa integer part (with sign), fractional digits and exponent of a float in
/// NumPy's scientific form.
struct SciParts {
    int_part: String,
    frac: String,
    exp: i32,
}

fn sci_parts(d: &Decimal) -> SciParts {
    let digits = std::str::from_utf8(&d.digits).unwrap();
    let sign = if d.neg { "-" } else { "" };
    SciParts {
        int_part: format!("{sign}{}", &digits[..1]),
        frac: digits[1..].to_string(),
        exp: d.exp,
    }
}

/// Dragon4 positional, unique digits with at most 8 fractional digits: the shortest
/// round-trip string if it fits, else the exact value rounded to 8 places; trailing zeros
/// trimmed but the point kept. Returns (integer part with sign, fractional part).
fn positional8(x: f64, fmt: FloatFormat) -> (String, String) {
    let d = shortest(x, fmt);
    if d.frac_digits() <= PRECISION {
        return d.positional_parts();
    }
    let s = format!("{x:.PRECISION$}");
    let (ip, fp) = s.split_once('.').expect("fixed form");
    (ip.to_string(), fp.trim_end_matches('0').to_string())
}

/// Dragon4 scientific counterpart of `positional8` (≤ 8 fractional mantissa digits).
fn scientific8(x: f64, fmt: FloatFormat) -> SciParts {
    let d = shortest(x, fmt);
    if d.digits.len() - 1 <= PRECISION {
        return sci_parts(&d);
    }
    let mut p = sci_parts(&exact_scientific(x, PRECISION));
    p.frac = p.frac.trim_end_matches('0').to_string();
    p
}

/// `FloatingFormat` built from the (summarised) data.
struct FloatFmt {
    fmt: FloatFormat,
    exp_mode: bool,
    pad_left: usize,
    pad_right: usize,
    /// Exponential mode: fractional mantissa digits every element gets, and exponent digits.
    precision: usize,
    exp_size: usize,
}

impl FloatFmt {
    fn new(values: &[f64], fmt: FloatFormat) -> FloatFmt {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let nz: Vec<f64> = finite
            .iter()
            .filter(|v| **v != 0.0)
            .map(|v| v.abs())
            .collect();
        let mut exp_mode = false;
        if !nz.is_empty() {
            // NumPy compares in the array's dtype: Python constants become dtype values first.
            let max = nz.iter().fold(0.0f64, |m, v| m.max(*v));
            let min = nz.iter().fold(f64::INFINITY, |m, v| m.min(*v));
            let cutoff = match fmt {
                FloatFormat::F64 => 1e8,
                FloatFormat::F32 => 1e6,
                FloatFormat::F16 | FloatFormat::BF16 => 1e3,
            };
            exp_mode = max >= cutoff || min < fmt.round(1e-4) || fmt.round(max / min) > 1000.0;
        }
        let mut f = FloatFmt {
            fmt,
            exp_mode,
            pad_left: 0,
            pad_right: 0,
            precision: 0,
            exp_size: 0,
        };
        if finite.is_empty() {
            // pad_left/pad_right stay 0.
        } else if exp_mode {
            let parts: Vec<SciParts> = finite.iter().map(|&v| scientific8(v, fmt)).collect();
            f.precision = parts.iter().map(|p| p.frac.len()).max().unwrap();
            f.exp_size = parts
                .iter()
                .map(|p| exp_suffix(p.exp, 2).len() - 1)
                .max()
                .unwrap();
            f.pad_left = parts.iter().map(|p| p.int_part.len()).max().unwrap();
            f.pad_right = f.exp_size + 2 + f.precision;
        } else {
            let parts: Vec<(String, String)> =
                finite.iter().map(|&v| positional8(v, fmt)).collect();
            f.pad_left = parts.iter().map(|p| p.0.len()).max().unwrap();
            f.pad_right = parts.iter().map(|p| p.1.len()).max().unwrap();
        }
        if finite.len() != values.len() {
            let neginf = values.contains(&f64::NEG_INFINITY) as usize;
            let offset = f.pad_right + 1;
            f.pad_left = f
                .pad_left
                .max(3usize.saturating_sub(offset))
                .max((3 + neginf).saturating_sub(offset));
        }
        f
    }

    fn format(&self, x: f64) -> String {
        let width = self.pad_left + self.pad_right + 1;
        if x.is_nan() {
            return format!("{:>width$}", "nan");
        }
        if x.is_infinite() {
            return format!("{:>width$}", if x < 0.0 { "-inf" } else { "inf" });
        }
        if self.exp_mode {
            // Digits past the shortest ones come from the exact binary value.
            let p = sci_parts(&exact_scientific(x, self.precision));
            let sign = if p.exp < 0 { '-' } else { '+' };
            format!(
                "{:>pl$}.{}e{sign}{:0es$}",
                p.int_part,
                p.frac,
                p.exp.unsigned_abs(),
                pl = self.pad_left,
                es = self.exp_size
            )
        } else {
            let (ip, fp) = positional8(x, self.fmt);
            format!(
                "{ip:>pl$}.{fp:<pr$}",
                pl = self.pad_left,
                pr = self.pad_right
            )
        }
    }
}

enum ElementFormat {
    Bool { zero_dim: bool },
    Int { width: usize },
    Float(FloatFmt),
}

impl ElementFormat {
    fn new(kind: ValueKind, dtype: &str, values: &[Scalar], zero_dim: bool) -> ElementFormat {
        match kind {
            ValueKind::Bool => ElementFormat::Bool { zero_dim },
            ValueKind::Int => {
                let ints = values.iter().map(|v| v.as_i64());
                let width = ints.map(|i| i.to_string().len()).max().unwrap_or(0);
                ElementFormat::Int { width }
            }
            ValueKind::Float => {
                let floats: Vec<f64> = values.iter().map(|v| v.as_f64()).collect();
                ElementFormat::Float(FloatFmt::new(&floats, FloatFormat::from_dtype(dtype)))
            }
        }
    }

    fn format(&self, v: Scalar) -> String {
        match self {
            ElementFormat::Bool { zero_dim } => match (v.as_f64() != 0.0, zero_dim) {
                (true, true) => "True".to_string(),
                (true, false) => " True".to_string(),
                (false, _) => "False".to_string(),
            },
            ElementFormat::Int { width } => format!("{:>width$}", v.as_i64()),
            ElementFormat::Float(f) => f.format(v.as_f64()),
        }
    }
}

struct Layout<'a> {
    shape: &'a [usize],
    strides: Vec<usize>,
    get: &'a dyn Fn(usize) -> Scalar,
    summarize: bool,
    separator: &'a str,
}

impl<'a> Layout<'a> {
    fn new(shape: &'a [usize], get: &'a dyn Fn(usize) -> Scalar, separator: &'a str) -> Layout<'a> {
        let mut strides = vec![1; shape.len()];
        for d in (0..shape.len().saturating_sub(1)).rev() {
            strides[d] = strides[d + 1] * shape[d + 1];
        }
        let summarize = shape.iter().product::<usize>() > THRESHOLD;
        Layout {
            shape,
            strides,
            get,
            summarize,
            separator,
        }
    }

    fn shown(&self, dim: usize) -> (Vec<usize>, bool, Vec<usize>) {
        shown_indices(self.shape[dim], self.summarize, EDGEITEMS)
    }

    /// The elements `_leading_trailing` keeps, which the formatter is built from.
    fn displayed_values(&self, dim: usize, base: usize, out: &mut Vec<Scalar>) {
        if dim == self.shape.len() {
            out.push((self.get)(base));
            return;
        }
        let (lead, _, trail) = self.shown(dim);
        for i in lead.into_iter().chain(trail) {
            self.displayed_values(dim + 1, base + i * self.strides[dim], out);
        }
    }

    /// `_formatArray.recurser`.
    fn rec(&self, f: &ElementFormat, dim: usize, base: usize, hang: &str, width: usize) -> String {
        let left = self.shape.len() - dim;
        if left == 0 {
            return f.format((self.get)(base));
        }
        let next_hang = format!("{hang} ");
        let next_width = width - 1;
        let (lead, elided, trail) = self.shown(dim);
        let stride = self.strides[dim];
        let mut s = String::new();
        if left == 1 {
            let elem_width = width - self.separator.trim_end().len().max(1);
            let mut line = hang.to_string();
            let mut words: Vec<String> = lead
                .iter()
                .map(|&i| f.format((self.get)(base + i * stride)))
                .collect();
            if elided {
                words.push("...".to_string());
            }
            words.extend(
                trail
                    .iter()
                    .map(|&i| f.format((self.get)(base + i * stride))),
            );
            let n = words.len();
            for (k, word) in words.iter().enumerate() {
                // Wrap when the word would pass the width, but never leave an empty line.
                if line.len() + word.len() > elem_width && line.len() > hang.len() {
                    s.push_str(line.trim_end());
                    s.push('\n');
                    line = hang.to_string();
                }
                line.push_str(word);
                if k + 1 < n {
                    line.push_str(self.separator);
                }
            }
            s.push_str(&line);
        } else {
            let line_sep = format!("{}{}", self.separator.trim_end(), "\n".repeat(left - 1));
            let mut parts: Vec<String> = lead
                .iter()
                .map(|&i| self.rec(f, dim + 1, base + i * stride, &next_hang, next_width))
                .collect();
            if elided {
                parts.push("...".to_string());
            }
            parts.extend(
                trail
                    .iter()
                    .map(|&i| self.rec(f, dim + 1, base + i * stride, &next_hang, next_width)),
            );
            let joined: Vec<String> = parts.into_iter().map(|p| format!("{hang}{p}")).collect();
            s = joined.join(&line_sep);
        }
        format!("[{}]", &s[hang.len()..])
    }
}

/// `array2string` for a non-empty array (any ndim, 0-d included).
fn array2string(
    shape: &[usize],
    kind: ValueKind,
    dtype: &str,
    get: &dyn Fn(usize) -> Scalar,
    separator: &str,
    prefix: &str,
    width: usize,
) -> String {
    let layout = Layout::new(shape, get, separator);
    let mut values = Vec::new();
    layout.displayed_values(0, 0, &mut values);
    let f = ElementFormat::new(kind, dtype, &values, shape.is_empty());
    let hang = " ".repeat(prefix.len() + 1);
    layout.rec(&f, 0, 0, &hang, width)
}

/// `str(ndarray)` / `print(ndarray)`.
pub fn numpy_str(
    shape: &[usize],
    kind: ValueKind,
    dtype: &str,
    get: &dyn Fn(usize) -> Scalar,
) -> String {
    if shape.is_empty() {
        // A 0-d array prints as its scalar.
        return match (kind, get(0)) {
            (ValueKind::Bool, v) => if v.as_f64() != 0.0 { "True" } else { "False" }.to_string(),
            (ValueKind::Int, v) => v.as_i64().to_string(),
            (ValueKind::Float, v) => numpy_scalar_str(v.as_f64(), FloatFormat::from_dtype(dtype)),
        };
    }
    if shape.contains(&0) {
        return "[]".to_string();
    }
    array2string(shape, kind, dtype, get, " ", "", LINEWIDTH)
}

/// `repr(ndarray)`: `array([...])` plus `shape=`/`dtype=` where they cannot be inferred.
pub fn numpy_repr(
    shape: &[usize],
    kind: ValueKind,
    dtype: &str,
    get: &dyn Fn(usize) -> Scalar,
) -> String {
    let prefix = "array(";
    let dtype = dtype.strip_prefix("numpy.").unwrap_or(dtype);
    let size: usize = shape.iter().product();
    let body = if size == 0 {
        "[]".to_string()
    } else {
        array2string(shape, kind, dtype, get, ", ", prefix, LINEWIDTH - 1)
    };
    let mut extras = Vec::new();
    if (size == 0 && shape != [0]) || size > THRESHOLD {
        extras.push(format!("shape={}", python_tuple(shape)));
    }
    if !IMPLIED_DTYPES.contains(&dtype) || size == 0 {
        extras.push(format!("dtype={dtype}"));
    }
    if extras.is_empty() {
        return format!("{prefix}{body})");
    }
    let head = format!("{prefix}{body},");
    let tail = format!("{})", extras.join(", "));
    let last = head.len() - head.rfind('\n').map_or(0, |p| p + 1);
    let joiner = if last + tail.len() + 1 > LINEWIDTH {
        format!("\n{}", " ".repeat(prefix.len()))
    } else {
        " ".to_string()
    };
    format!("{head}{joiner}{tail}")
}

/// `repr()` of a NumPy scalar (NumPy ≥ 2): `np.float64(1.5)`, `np.int32(-7)`, `np.True_`.
/// `str()` of a scalar is what `numpy_str` gives for a 0-d array.
pub fn numpy_scalar_repr(kind: ValueKind, dtype: &str, value: Scalar) -> String {
    let dtype = dtype.strip_prefix("numpy.").unwrap_or(dtype);
    match kind {
        ValueKind::Bool => if value.as_f64() != 0.0 {
            "np.True_"
        } else {
            "np.False_"
        }
        .to_string(),
        _ => format!("np.{dtype}({})", numpy_str(&[], kind, dtype, &|_| value)),
    }
}

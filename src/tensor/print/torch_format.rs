//! `repr(torch.Tensor)` as torch/_tensor_str.py writes it (spec §1): one formatter per tensor
//! (int / fixed / scientific mode, common width), nested brackets, summarisation with `...`,
//! element-count line wrapping, and the `dtype=`/`device=`/`grad_fn=` suffixes.

use super::float_digits::{nonfinite_text, py_format_fixed, py_format_sci};
use super::{PrintOptions, Scalar, TensorMeta, ValueKind, python_tuple};

const PREFIX: &str = "tensor(";

/// Dtypes whose non-empty tensors print without a `dtype=` suffix (default dtype float32).
const SILENT_DTYPES: [&str; 4] = ["float32", "complex64", "int64", "bool"];

/// Canonical torch dtype name without the `torch.` prefix (`double` → `float64`, ...).
pub fn canonical_dtype(dtype: &str) -> &str {
    match dtype.strip_prefix("torch.").unwrap_or(dtype) {
        "float" => "float32",
        "double" => "float64",
        "half" => "float16",
        "long" => "int64",
        "int" => "int32",
        "short" => "int16",
        "cfloat" => "complex64",
        "cdouble" => "complex128",
        other => other,
    }
}

/// The formatter of `_tensor_str._Formatter`, built from the displayed values.
struct Formatter {
    kind: ValueKind,
    int_mode: bool,
    sci_mode: bool,
    max_width: usize,
    precision: usize,
}

impl Formatter {
    fn new(values: &[Scalar], kind: ValueKind, opts: &PrintOptions) -> Formatter {
        let mut f = Formatter {
            kind,
            int_mode: true,
            sci_mode: false,
            max_width: 1,
            precision: opts.precision,
        };
        if kind != ValueKind::Float {
            for v in values {
                f.max_width = f.max_width.max(plain_text(*v).len());
            }
            return f;
        }
        // Zeros, NaN and ±inf take no part in any decision or width.
        let nz: Vec<f64> = values
            .iter()
            .map(|v| v.as_f64())
            .filter(|v| v.is_finite() && *v != 0.0)
            .collect();
        if nz.is_empty() {
            return f;
        }
        let amin = nz.iter().fold(f64::INFINITY, |m, v| m.min(v.abs()));
        let amax = nz.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        f.int_mode = nz.iter().all(|v| *v == v.ceil());
        f.sci_mode = opts
            .sci_mode
            .unwrap_or(amax / amin > 1000.0 || amax > 1.0e8 || amin < 1.0e-4);
        for &v in &nz {
            let w = if f.sci_mode {
                py_format_sci(v, f.precision).len()
            } else if f.int_mode {
                py_format_fixed(v, 0).len() + 1
            } else {
                py_format_fixed(v, f.precision).len()
            };
            f.max_width = f.max_width.max(w);
        }
        f
    }

    fn format(&self, v: Scalar) -> String {
        let s = if self.kind == ValueKind::Float {
            let x = v.as_f64();
            if self.sci_mode {
                py_format_sci(x, self.precision)
            } else if self.int_mode {
                match nonfinite_text(x) {
                    Some(t) => t.to_string(),
                    None => py_format_fixed(x, 0) + ".",
                }
            } else {
                py_format_fixed(x, self.precision)
            }
        } else {
            plain_text(v)
        };
        pad_left(s, self.max_width)
    }
}

/// Python `str()` of an int/bool element (and of a float, for completeness).
fn plain_text(v: Scalar) -> String {
    match v {
        Scalar::Bool(true) => "True".to_string(),
        Scalar::Bool(false) => "False".to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(x) => super::python_float_repr(x),
    }
}

fn pad_left(s: String, width: usize) -> String {
    if s.len() >= width {
        s
    } else {
        format!("{}{s}", " ".repeat(width - s.len()))
    }
}

/// Which indices of an axis of length `len` are shown: (leading, elided?, trailing).
pub(super) fn shown_indices(
    len: usize,
    summarize: bool,
    edge: usize,
) -> (Vec<usize>, bool, Vec<usize>) {
    if summarize && len > 2 * edge {
        ((0..edge).collect(), true, (len - edge..len).collect())
    } else {
        ((0..len).collect(), false, Vec::new())
    }
}

struct Layout<'a> {
    shape: &'a [usize],
    strides: Vec<usize>,
    get: &'a dyn Fn(usize) -> Scalar,
    summarize: bool,
    opts: &'a PrintOptions,
}

impl Layout<'_> {
    /// The values `get_summarized_data` keeps (all of them when not summarising), row-major.
    fn displayed_values(&self) -> Vec<Scalar> {
        let mut out = Vec::new();
        self.collect(0, 0, &mut out);
        out
    }

    fn collect(&self, dim: usize, base: usize, out: &mut Vec<Scalar>) {
        if dim == self.shape.len() {
            out.push((self.get)(base));
            return;
        }
        let (lead, _, trail) = shown_indices(self.shape[dim], self.summarize, self.opts.edgeitems);
        for i in lead.into_iter().chain(trail) {
            self.collect(dim + 1, base + i * self.strides[dim], out);
        }
    }

    /// `_tensor_str_with_formatter`.
    fn rec(&self, f: &Formatter, dim: usize, base: usize, indent: usize) -> String {
        let left = self.shape.len() - dim;
        if left == 0 {
            return f.format((self.get)(base));
        }
        let (lead, elided, trail) =
            shown_indices(self.shape[dim], self.summarize, self.opts.edgeitems);
        let stride = self.strides[dim];
        if left == 1 {
            return self.vector(f, base, stride, &lead, elided, &trail, indent);
        }
        let mut parts: Vec<String> = lead
            .iter()
            .map(|&i| self.rec(f, dim + 1, base + i * stride, indent + 1))
            .collect();
        if elided {
            parts.push("...".to_string());
        }
        parts.extend(
            trail
                .iter()
                .map(|&i| self.rec(f, dim + 1, base + i * stride, indent + 1)),
        );
        let sep = format!(",{}{}", "\n".repeat(left - 1), " ".repeat(indent + 1));
        format!("[{}]", parts.join(&sep))
    }

    /// `_vector_str`: a fixed number of elements per line, derived from the common width.
    #[allow(clippy::too_many_arguments)]
    fn vector(
        &self,
        f: &Formatter,
        base: usize,
        stride: usize,
        lead: &[usize],
        elided: bool,
        trail: &[usize],
        indent: usize,
    ) -> String {
        let element_length = f.max_width + 2;
        let per_line = (self.opts.linewidth.saturating_sub(indent) / element_length).max(1);
        let mut items: Vec<String> = lead
            .iter()
            .map(|&i| f.format((self.get)(base + i * stride)))
            .collect();
        if elided {
            items.push(" ...".to_string());
        }
        items.extend(
            trail
                .iter()
                .map(|&i| f.format((self.get)(base + i * stride))),
        );
        let lines: Vec<String> = items.chunks(per_line).map(|c| c.join(", ")).collect();
        format!(
            "[{}]",
            lines.join(&format!(",\n{}", " ".repeat(indent + 1)))
        )
    }
}

/// `_tensor_str`: the bracketed body for a non-empty tensor.
fn tensor_body(
    shape: &[usize],
    kind: ValueKind,
    get: &dyn Fn(usize) -> Scalar,
    opts: &PrintOptions,
    indent: usize,
) -> String {
    let numel: usize = shape.iter().product();
    let summarize = numel > opts.threshold;
    if summarize && opts.edgeitems == 0 && !shape.is_empty() {
        // Every axis is elided down to nothing (torch prints just the ellipsis).
        return "[...]".to_string();
    }
    let mut strides = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * shape[d + 1];
    }
    let layout = Layout {
        shape,
        strides,
        get,
        summarize,
        opts,
    };
    let formatter = Formatter::new(&layout.displayed_values(), kind, opts);
    layout.rec(&formatter, 0, 0, indent)
}

/// `_add_suffixes`: each suffix goes on the current line unless that would pass the line width.
fn add_suffixes(text: String, suffixes: &[String], indent: usize, linewidth: usize) -> String {
    // Mirrors `len(s) - s.rfind("\n") + 1` including its +2 quirk (rfind = -1 without newline).
    let mut last = match text.rfind('\n') {
        Some(p) => text.len() - p + 1,
        None => text.len() + 2,
    };
    let mut out = text;
    for s in suffixes {
        if last + s.len() + 2 > linewidth {
            out.push_str(",\n");
            out.push_str(&" ".repeat(indent));
            out.push_str(s);
            last = indent + s.len();
        } else {
            out.push_str(", ");
            out.push_str(s);
            last += s.len() + 2;
        }
    }
    out.push(')');
    out
}

/// `repr(tensor)` / `str(tensor)` / `print(tensor)` text.
pub fn torch_repr(
    shape: &[usize],
    kind: ValueKind,
    get: &dyn Fn(usize) -> Scalar,
    meta: &TensorMeta,
    opts: &PrintOptions,
) -> String {
    let indent = PREFIX.len();
    let dtype = canonical_dtype(meta.dtype);
    let mut suffixes = Vec::new();
    if let Some(device) = meta.device {
        suffixes.push(format!("device='{device}'"));
    }
    let numel: usize = shape.iter().product();
    let body = if numel == 0 {
        if shape.len() != 1 {
            suffixes.push(format!("size={}", python_tuple(shape)));
        }
        // Nothing to infer the dtype from, so only the default dtype stays silent.
        if dtype != "float32" {
            suffixes.push(format!("dtype=torch.{dtype}"));
        }
        "[]".to_string()
    } else {
        if opts.edgeitems == 0 {
            suffixes.push(format!("size={}", python_tuple(shape)));
        }
        if !SILENT_DTYPES.contains(&dtype) {
            suffixes.push(format!("dtype=torch.{dtype}"));
        }
        tensor_body(shape, kind, get, opts, indent)
    };
    if let Some(name) = meta.grad_fn {
        suffixes.push(format!("grad_fn=<{name}>"));
    } else if meta.requires_grad {
        suffixes.push("requires_grad=True".to_string());
    }
    add_suffixes(format!("{PREFIX}{body}"), &suffixes, indent, opts.linewidth)
}

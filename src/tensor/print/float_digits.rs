//! Float-to-decimal primitives shared by the torch and NumPy printers (spec §2.5, §3).
//!
//! * Python's `format(x, ".Nf")` / `format(x, ".Ne")` on the exact binary value.
//! * Shortest round-trip digits in a value's own precision (float16/bfloat16/float32/float64),
//!   with Python/NumPy's tie rule (an exact tie between two shortest candidates picks the even
//!   last digit; Rust's own shortest formatting rounds such ties up).
//! * Python's `repr(float)` and NumPy's scalar `str`.

/// The binary format a value was stored in; it decides which decimal strings round-trip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatFormat {
    F16,
    BF16,
    F32,
    F64,
}

impl FloatFormat {
    /// Maps a dtype name ("float32", "torch.float16", "half", ...) to its format; unknown
    /// names are treated as float64, whose digits never lose anything.
    pub fn from_dtype(dtype: &str) -> FloatFormat {
        match dtype.strip_prefix("torch.").unwrap_or(dtype) {
            "float16" | "half" => FloatFormat::F16,
            "bfloat16" => FloatFormat::BF16,
            "float32" | "float" | "single" => FloatFormat::F32,
            _ => FloatFormat::F64,
        }
    }

    /// (significand bits incl. the implicit one, minimum normal exponent, largest finite value)
    fn params(self) -> (i32, i32, f64) {
        match self {
            FloatFormat::F16 => (11, -14, 65504.0),
            FloatFormat::BF16 => (8, -126, 3.3895313892515355e38),
            FloatFormat::F32 => (24, -126, f32::MAX as f64),
            FloatFormat::F64 => (53, -1022, f64::MAX),
        }
    }

    /// Rounds an f64 to the nearest value of this format (ties to even, overflow to ±inf).
    /// Used for round-trip checks and for NumPy's dtype-precision comparisons. Rounding an
    /// exact f64 quotient again is innocuous for these narrow formats (53 >= 2p + 2).
    pub fn round(self, x: f64) -> f64 {
        if !x.is_finite() || x == 0.0 {
            return x;
        }
        match self {
            FloatFormat::F64 => x,
            FloatFormat::F32 => x as f32 as f64,
            _ => {
                let (p, emin, max) = self.params();
                let e = ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023;
                let q = e.max(emin) - (p - 1);
                let scale = pow2(q);
                let r = (x / scale).round_ties_even() * scale;
                if r.abs() > max {
                    f64::INFINITY.copysign(x)
                } else {
                    r
                }
            }
        }
    }

    /// Maximum significant digits a shortest representation can need (search bound).
    fn max_digits(self) -> usize {
        match self {
            FloatFormat::F16 | FloatFormat::BF16 => 6,
            FloatFormat::F32 => 9,
            FloatFormat::F64 => 17,
        }
    }
}

/// 2^q as an exact f64, for q within the normal f64 range.
fn pow2(q: i32) -> f64 {
    debug_assert!((-1022..=1023).contains(&q));
    f64::from_bits(((q + 1023) as u64) << 52)
}

/// A finite decimal `±0.d1d2d3… × 10^(exp+1)`, i.e. `d1.d2d3… × 10^exp`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    pub neg: bool,
    /// ASCII digits without trailing zeros; exactly `b"0"` for zero.
    pub digits: Vec<u8>,
    /// Decimal exponent of the first digit.
    pub exp: i32,
}

impl Decimal {
    /// Parses Rust `{:e}` / `{:.Ne}` output such as `-1.2345e-5`, `1e16`, `0e0`.
    fn parse_exp(s: &str) -> Decimal {
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (mant, exp) = s.split_once('e').expect("exponent form");
        let digits: Vec<u8> = mant.bytes().filter(|b| *b != b'.').collect();
        let exp: i32 = exp.parse().expect("exponent");
        Decimal { neg, digits, exp }
    }

    fn trim_trailing_zeros(mut self) -> Decimal {
        while self.digits.len() > 1 && *self.digits.last().unwrap() == b'0' {
            self.digits.pop();
        }
        if self.digits == b"0" {
            self.exp = 0;
        }
        self
    }

    /// Number of digits after the decimal point in plain positional notation.
    pub fn frac_digits(&self) -> usize {
        (self.digits.len() as i32 - 1 - self.exp).max(0) as usize
    }

    /// Positional notation split at the point: ("-12", "5") for -12.5, ("0", "") for 0.
    /// The integer part carries the sign.
    pub fn positional_parts(&self) -> (String, String) {
        let n = self.digits.len() as i32;
        let digits = std::str::from_utf8(&self.digits).unwrap();
        let (int_part, frac_part) = if self.exp >= 0 {
            let k = (self.exp + 1).min(n) as usize;
            let mut ip = digits[..k].to_string();
            for _ in n..self.exp + 1 {
                ip.push('0');
            }
            (ip, digits[k..].to_string())
        } else {
            let mut fp = "0".repeat((-self.exp - 1) as usize);
            fp.push_str(digits);
            ("0".to_string(), fp)
        };
        let sign = if self.neg { "-" } else { "" };
        (format!("{sign}{int_part}"), frac_part)
    }

    /// Python-style scientific text of these digits: `1e+16`, `-1.5e-05`, `5e-324`.
    fn python_scientific(&self) -> String {
        let digits = std::str::from_utf8(&self.digits).unwrap();
        let sign = if self.neg { "-" } else { "" };
        let mant = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits.to_string()
        };
        format!("{sign}{mant}e{}", exp_suffix(self.exp, 2))
    }
}

/// Exponent text as Python writes it: sign and at least `min_digits` digits (`+09`, `-05`, `+100`).
pub fn exp_suffix(exp: i32, min_digits: usize) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{:0width$}", exp.unsigned_abs(), width = min_digits)
}

/// Python's text for non-finite floats; `None` for finite values.
pub fn nonfinite_text(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("nan")
    } else if x == f64::INFINITY {
        Some("inf")
    } else if x == f64::NEG_INFINITY {
        Some("-inf")
    } else {
        None
    }
}

/// Python `format(x, f".{prec}f")`: the exact value rounded half-even (Rust's `{:.N}` does the same).
pub fn py_format_fixed(x: f64, prec: usize) -> String {
    match nonfinite_text(x) {
        Some(s) => s.to_string(),
        None => format!("{x:.prec$}"),
    }
}

/// Python `format(x, f".{prec}e")`: like Rust's `{:.Ne}` but with a signed, two-digit exponent.
pub fn py_format_sci(x: f64, prec: usize) -> String {
    if let Some(s) = nonfinite_text(x) {
        return s.to_string();
    }
    let s = format!("{x:.prec$e}");
    let (mant, exp) = s.split_once('e').expect("exponent form");
    format!("{mant}e{}", exp_suffix(exp.parse().expect("exponent"), 2))
}

/// The exact value of `x` rounded to `prec` fractional mantissa digits (half-even), as a
/// Decimal with exactly `prec + 1` digits (not trimmed).
pub fn exact_scientific(x: f64, prec: usize) -> Decimal {
    Decimal::parse_exp(&format!("{x:.prec$e}"))
}

/// Shortest digits that round-trip to `x` in `fmt` (x must be finite and representable in
/// `fmt`). Among equally short candidates the closest wins; exact ties take the even digit.
pub fn shortest(x: f64, fmt: FloatFormat) -> Decimal {
    debug_assert!(x.is_finite());
    match fmt {
        FloatFormat::F64 => fix_tie(Decimal::parse_exp(&format!("{x:e}")), x),
        FloatFormat::F32 => fix_tie(Decimal::parse_exp(&format!("{:e}", x as f32)), x),
        FloatFormat::F16 | FloatFormat::BF16 => shortest_by_search(x, fmt),
    }
}

/// Rust resolves an exact tie between two shortest candidates by rounding up; Python and
/// NumPy pick the candidate with the even last digit (spec §3.3).
fn fix_tie(mut d: Decimal, x: f64) -> Decimal {
    let n = d.digits.len();
    let last = d.digits[n - 1] - b'0';
    if x == 0.0 || last.is_multiple_of(2) {
        return d;
    }
    // A tie means the exact value has exactly n+1 significant digits, the last being 5.
    let probe = exact_scientific(x.abs(), n + 24);
    let tail_is_five =
        |p: &Decimal| p.digits[n] == b'5' && p.digits[n + 1..].iter().all(|&c| c == b'0');
    if probe.exp != d.exp || !tail_is_five(&probe) {
        return d;
    }
    // f64 values have at most 767 significant digits; confirm that nothing follows further out.
    if !tail_is_five(&exact_scientific(x.abs(), 800)) {
        return d;
    }
    let lower = &probe.digits[..n];
    if lower == &d.digits[..] {
        // Rust picked the lower, odd candidate: the upper one is even (and cannot carry,
        // since a carry would make a shorter candidate exist).
        if lower[n - 1] != b'9' {
            d.digits[n - 1] += 1;
        }
    } else if lower[..n - 1] == d.digits[..n - 1] && lower[n - 1] + 1 == d.digits[n - 1] {
        d.digits[n - 1] -= 1;
    }
    d
}

/// Shortest round-trip digits for formats Rust cannot print natively: for each length, try
/// the closest decimal of that length, then its neighbour on the other side of `x` (the
/// rounding interval is asymmetric at powers of two).
fn shortest_by_search(x: f64, fmt: FloatFormat) -> Decimal {
    if x == 0.0 {
        return Decimal {
            neg: x.is_sign_negative(),
            digits: b"0".to_vec(),
            exp: 0,
        };
    }
    for n in 1..=fmt.max_digits() {
        let closest = exact_scientific(x, n - 1);
        if fmt.round(decimal_value(&closest)) == x {
            return closest.trim_trailing_zeros();
        }
        let other = neighbour(&closest, decimal_value(&closest).abs() < x.abs());
        if fmt.round(decimal_value(&other)) == x {
            return other.trim_trailing_zeros();
        }
    }
    // Unreachable for values of `fmt`; fall back to float64 digits.
    fix_tie(Decimal::parse_exp(&format!("{x:e}")), x)
}

fn decimal_value(d: &Decimal) -> f64 {
    let digits = std::str::from_utf8(&d.digits).unwrap();
    let sign = if d.neg { "-" } else { "" };
    format!("{sign}{digits}e{}", d.exp - (d.digits.len() as i32 - 1))
        .parse()
        .unwrap()
}

/// The next decimal with the same number of digits, away from zero (`up`) or towards it.
fn neighbour(d: &Decimal, up: bool) -> Decimal {
    let n = d.digits.len();
    let m: u64 = std::str::from_utf8(&d.digits).unwrap().parse().unwrap();
    let m = if up { m + 1 } else { m - 1 };
    let scale_exp = d.exp - (n as i32 - 1);
    let s = m.to_string();
    let exp = scale_exp + s.len() as i32 - 1;
    let digits = if m == 0 {
        b"0".to_vec()
    } else {
        s.into_bytes()
    };
    Decimal {
        neg: d.neg,
        digits,
        exp,
    }
}

/// Scalar text in Python's `repr(float)` style for the given shortest digits: positional for
/// `lo <= |x| < hi` (and zero) with at least one fractional digit, scientific otherwise.
fn python_style(d: &Decimal, hi_exp: i32) -> String {
    if d.digits == b"0" || (-4..hi_exp).contains(&d.exp) {
        let (ip, fp) = d.positional_parts();
        let fp = if fp.is_empty() { "0".to_string() } else { fp };
        format!("{ip}.{fp}")
    } else {
        d.python_scientific()
    }
}

/// Python's `repr(float)` / `str(float)` (spec §3.2): `0.1`, `2.0`, `1e+16`, `630.2564086914062`.
pub fn python_float_repr(x: f64) -> String {
    match nonfinite_text(x) {
        Some(s) => s.to_string(),
        None => python_style(&shortest(x, FloatFormat::F64), 16),
    }
}

/// `str()` of a NumPy float scalar of the given format (what `print` shows for a 0-d array):
/// float64 is Python's repr; float32/float16 use their own shortest digits and switch to
/// scientific from 1e6 / 1e3 on (NumPy ≥ 2.3).
pub fn numpy_scalar_str(x: f64, fmt: FloatFormat) -> String {
    if let Some(s) = nonfinite_text(x) {
        return s.to_string();
    }
    let hi_exp = match fmt {
        FloatFormat::F64 => 16,
        FloatFormat::F32 => 6,
        FloatFormat::F16 | FloatFormat::BF16 => 3,
    };
    let d = shortest(x, fmt);
    // NumPy compares the value itself with 1e-4 (so float32(1e-4) = 9.99…e-05 is scientific).
    if x != 0.0 && x.abs() < 1e-4 {
        return d.python_scientific();
    }
    python_style(&d, hi_exp)
}

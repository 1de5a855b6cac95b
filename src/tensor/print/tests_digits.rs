//! Float-text primitives against Python/NumPy (spec §3.3 table and §7; other values printed
//! with /work/venv Python 3.11 / NumPy 2.4).

use super::float_digits::{FloatFormat, shortest};
use super::*;

#[test]
fn python_format_vectors_section7() {
    assert_eq!(py_format_fixed(0.001953125, 8), "0.00195312");
    assert_eq!(py_format_sci(0.001953125, 4), "1.9531e-03");
    assert_eq!(python_float_repr(0.001953125), "0.001953125");
    assert_eq!(py_format_fixed(1e9, 8), "1000000000.00000000");
    assert_eq!(py_format_sci(1e9, 4), "1.0000e+09");
    assert_eq!(python_float_repr(1e9), "1000000000.0");
    assert_eq!(py_format_fixed(1.23456789e-5, 8), "0.00001235");
    assert_eq!(py_format_sci(1.23456789e-5, 4), "1.2346e-05");
    assert_eq!(python_float_repr(1.23456789e-5), "1.23456789e-05");
    assert_eq!(py_format_fixed(-0.0, 8), "-0.00000000");
    assert_eq!(py_format_sci(-0.0, 4), "-0.0000e+00");
    assert_eq!(python_float_repr(-0.0), "-0.0");
    assert_eq!(py_format_fixed(0.25, 1), "0.2");
    assert_eq!(py_format_fixed(0.5, 0), "0");
    assert_eq!(python_float_repr(1e16), "1e+16");
    assert_eq!(python_float_repr(630.2564f32 as f64), "630.2564086914062");
    assert_eq!(py_format_sci(1e100, 4), "1.0000e+100");
    assert_eq!(py_format_fixed(f64::NAN, 4), "nan");
    assert_eq!(py_format_sci(f64::NEG_INFINITY, 4), "-inf");
}

#[test]
fn python_repr_section3_and_7() {
    assert_eq!(python_float_repr(0.1f32 as f64), "0.10000000149011612");
    assert_eq!(python_float_repr(0.1), "0.1");
    assert_eq!(python_float_repr(1.23456f32 as f64), "1.2345600128173828");
    assert_eq!(python_float_repr(2.0), "2.0");
    assert_eq!(python_float_repr(1e15), "1000000000000000.0");
    assert_eq!(python_float_repr(0.0001), "0.0001");
    assert_eq!(python_float_repr(1e-5), "1e-05");
    assert_eq!(
        python_float_repr(1.2345678901234568e17),
        "1.2345678901234568e+17"
    );
    assert_eq!(python_float_repr(5e-324), "5e-324");
    assert_eq!(python_float_repr(f64::NAN), "nan");
    assert_eq!(python_float_repr(f64::INFINITY), "inf");
    assert_eq!(python_float_repr(f64::NEG_INFINITY), "-inf");
    assert_eq!(python_float_repr(123456789.0), "123456789.0");
    assert_eq!(python_float_repr(-2.5), "-2.5");
}

#[test]
fn shortest_tie_goes_to_even() {
    // float32 4.86328125 is exactly between 4.8632812 and 4.8632813 (NumPy prints the first).
    let d = shortest(4.86328125, FloatFormat::F32);
    assert_eq!(d.digits, b"48632812");
    assert_eq!(d.exp, 0);
}

#[test]
fn numpy_scalar_str_python_outputs() {
    // str(np.float32(v)), str(np.float16(v)), str(np.float64(v))
    let cases: [(f64, &str, &str, &str); 10] = [
        (1e16, "1e+16", "inf", "1e+16"),
        (1.0, "1.0", "1.0", "1.0"),
        (1e-5, "1e-05", "1e-05", "1e-05"),
        (0.1, "0.1", "0.1", "0.1"),
        (123456789.0, "1.2345679e+08", "inf", "123456789.0"),
        (1e-4, "1e-04", "0.0001", "0.0001"),
        (-0.0, "-0.0", "-0.0", "-0.0"),
        (4.86328125, "4.8632812", "4.863", "4.86328125"),
        (1234567.0, "1.234567e+06", "inf", "1234567.0"),
        (0.00012345, "0.00012345", "0.0001235", "0.00012345"),
    ];
    for (v, s32, s16, s64) in cases {
        assert_eq!(
            numpy_scalar_str(FloatFormat::F32.round(v), FloatFormat::F32),
            s32,
            "float32 {v}"
        );
        assert_eq!(
            numpy_scalar_str(FloatFormat::F16.round(v), FloatFormat::F16),
            s16,
            "float16 {v}"
        );
        assert_eq!(numpy_scalar_str(v, FloatFormat::F64), s64, "float64 {v}");
    }
    let thresholds: [(f64, &str, &str); 6] = [
        (999.0, "999.0", "999.0"),
        (1000.0, "1e+03", "1000.0"),
        (1024.0, "1.024e+03", "1024.0"),
        (65504.0, "6.55e+04", "65504.0"),
        (1e6, "inf", "1e+06"),
        (1e15, "inf", "1e+15"),
    ];
    for (v, s16, s32) in thresholds {
        assert_eq!(
            numpy_scalar_str(FloatFormat::F16.round(v), FloatFormat::F16),
            s16,
            "float16 {v}"
        );
        assert_eq!(
            numpy_scalar_str(FloatFormat::F32.round(v), FloatFormat::F32),
            s32,
            "float32 {v}"
        );
    }
}

#[test]
fn narrow_format_rounding() {
    assert_eq!(FloatFormat::F16.round(1.0 / 3.0), 0.333251953125);
    assert_eq!(FloatFormat::F16.round(1000.1), 1000.0);
    assert_eq!(FloatFormat::F16.round(65520.0), f64::INFINITY);
    assert_eq!(FloatFormat::F16.round(65519.0), 65504.0);
    assert_eq!(FloatFormat::F16.round(1e-8), 0.0);
    assert_eq!(FloatFormat::F16.round(6e-8), 5.960464477539063e-08);
    assert_eq!(FloatFormat::BF16.round((1.0f32 / 3.0) as f64), 0.333984375);
    assert_eq!(python_tuple(&[]), "()");
    assert_eq!(python_tuple(&[5]), "(5,)");
    assert_eq!(python_tuple(&[0, 3]), "(0, 3)");
}

//! NumPy str/repr tests. Expected strings are real NumPy 2.4 output: the worked examples of
//! printing-and-rng.md §7 and the conformance cases that print arrays (extra/027, 028, 031,
//! seed/006, 011). Inputs of RNG examples are the exact values `.tolist()` gave.

use super::*;

fn floats(vals: &[f64], dtype: &str) -> Vec<f64> {
    let fmt = FloatFormat::from_dtype(dtype);
    vals.iter().map(|v| fmt.round(*v)).collect()
}

fn f_str(shape: &[usize], vals: &[f64], dtype: &str) -> String {
    let v = floats(vals, dtype);
    numpy_str(shape, ValueKind::Float, dtype, &|i| Scalar::Float(v[i]))
}

fn f_repr(shape: &[usize], vals: &[f64], dtype: &str) -> String {
    let v = floats(vals, dtype);
    numpy_repr(shape, ValueKind::Float, dtype, &|i| Scalar::Float(v[i]))
}

fn i_str(shape: &[usize], vals: &[i64]) -> String {
    numpy_str(shape, ValueKind::Int, "int64", &|i| Scalar::Int(vals[i]))
}

fn i_repr(shape: &[usize], vals: &[i64], dtype: &str) -> String {
    numpy_repr(shape, ValueKind::Int, dtype, &|i| Scalar::Int(vals[i]))
}

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;

#[test]
fn random_examples_section7() {
    let randn5 = [
        1.764052345967664,
        0.4001572083672233,
        0.9787379841057392,
        2.240893199201458,
        1.8675579901499675,
    ];
    assert_eq!(
        f_str(&[5], &randn5, "float64"),
        "[1.76405235 0.40015721 0.97873798 2.2408932  1.86755799]"
    );
    assert_eq!(
        f_repr(&[5], &randn5, "float64"),
        "array([1.76405235, 0.40015721, 0.97873798, 2.2408932 , 1.86755799])"
    );
    let rand32 = [
        0.5488135039273248,
        0.7151893663724195,
        0.6027633760716439,
        0.5448831829968969,
        0.4236547993389047,
        0.6458941130666561,
    ];
    assert_eq!(
        f_str(&[3, 2], &rand32, "float64"),
        "[[0.5488135  0.71518937]\n [0.60276338 0.54488318]\n [0.4236548  0.64589411]]"
    );
    assert_eq!(
        i_str(&[10], &[5, 0, 3, 3, 7, 9, 3, 5, 2, 4]),
        "[5 0 3 3 7 9 3 5 2 4]"
    );
    assert_eq!(
        f_str(
            &[3],
            &[0.0976270078546495, 0.43037873274483895, 0.20552675214328775],
            "float64"
        ),
        "[0.09762701 0.43037873 0.20552675]"
    );
    let randn28 = [
        1.6243453636632417,
        -0.6117564136500754,
        -0.5281717522634557,
        -1.0729686221561705,
        0.8654076293246785,
        -2.3015386968802827,
        1.74481176421648,
        -0.7612069008951028,
        0.31903909605709857,
        -0.2493703754774101,
        1.462107937044974,
        -2.060140709497654,
        -0.3224172040135075,
        -0.38405435466841564,
        1.1337694423354374,
        -1.0998912673140309,
    ];
    assert_eq!(
        f_str(&[2, 8], &randn28, "float64"),
        "[[ 1.62434536 -0.61175641 -0.52817175 -1.07296862  0.86540763 -2.3015387
   1.74481176 -0.7612069 ]
 [ 0.3190391  -0.24937038  1.46210794 -2.06014071 -0.3224172  -0.38405435
   1.13376944 -1.09989127]]"
    );
    assert_eq!(
        f_repr(&[2, 8], &randn28, "float64"),
        "array([[ 1.62434536, -0.61175641, -0.52817175, -1.07296862,  0.86540763,
        -2.3015387 ,  1.74481176, -0.7612069 ],
       [ 0.3190391 , -0.24937038,  1.46210794, -2.06014071, -0.3224172 ,
        -0.38405435,  1.13376944, -1.09989127]])"
    );
}

#[test]
fn dtypes_and_modes_section7() {
    assert_eq!(
        f_repr(&[3], &[1.0; 3], "float32"),
        "array([1., 1., 1.], dtype=float32)"
    );
    assert_eq!(f_str(&[3], &[1.0; 3], "float32"), "[1. 1. 1.]");
    assert_eq!(
        f_repr(&[3], &[1.0, 2.5, -3.0], "float64"),
        "array([ 1. ,  2.5, -3. ])"
    );
    assert_eq!(i_repr(&[2], &[1, -200], "int64"), "array([   1, -200])");
    assert_eq!(
        f_repr(&[2], &[1e-5, 1.5], "float64"),
        "array([1.0e-05, 1.5e+00])"
    );
    assert_eq!(
        f_repr(&[2], &[1e8, 1.0], "float64"),
        "array([1.e+08, 1.e+00])"
    );
    // float32 compares with float32(1e-4): positional, unlike torch.
    assert_eq!(
        f_repr(&[1], &[1e-4], "float32"),
        "array([0.0001], dtype=float32)"
    );
    assert_eq!(
        f_repr(&[1], &[1e6], "float32"),
        "array([1.e+06], dtype=float32)"
    );
    assert_eq!(
        f_str(&[2, 2], &[1e-3, 5.0, 123.25, -7.0], "float64"),
        "[[ 1.0000e-03  5.0000e+00]\n [ 1.2325e+02 -7.0000e+00]]"
    );
    assert_eq!(
        f_str(&[2], &[100000.0, 2.5], "float64"),
        "[1.0e+05 2.5e+00]"
    );
    assert_eq!(
        f_repr(&[3], &[NAN, 1.5, -INF], "float64"),
        "array([ nan,  1.5, -inf])"
    );
    assert_eq!(f_repr(&[2], &[-0.0, 1.0], "float64"), "array([-0.,  1.])");
    assert_eq!(
        numpy_str(&[2], ValueKind::Bool, "bool", &|i| Scalar::Bool(i == 0)),
        "[ True False]"
    );
}

#[test]
fn zero_dim_section7() {
    assert_eq!(f_repr(&[], &[1.5], "float64"), "array(1.5)");
    assert_eq!(f_str(&[], &[1.5], "float64"), "1.5");
    assert_eq!(f_str(&[], &[0.1], "float32"), "0.1");
    // Values printed by the venv NumPy for 0-d arrays.
    assert_eq!(
        f_repr(&[], &[1e16], "float32"),
        "array(1.e+16, dtype=float32)"
    );
    assert_eq!(
        f_repr(&[], &[123456789.0], "float32"),
        "array(1.2345679e+08, dtype=float32)"
    );
    assert_eq!(
        f_repr(&[], &[123456789.0], "float64"),
        "array(1.23456789e+08)"
    );
    assert_eq!(f_repr(&[], &[-0.0], "float32"), "array(-0., dtype=float32)");
    assert_eq!(
        f_repr(&[], &[4.86328125], "float32"),
        "array(4.8632812, dtype=float32)"
    );
    assert_eq!(f_repr(&[], &[1234567.0], "float64"), "array(1234567.)");
    assert_eq!(f_repr(&[], &[1e-5], "float64"), "array(1.e-05)");
    assert_eq!(
        numpy_repr(&[], ValueKind::Bool, "bool", &|_| Scalar::Bool(true)),
        "array(True)"
    );
    assert_eq!(
        numpy_str(&[], ValueKind::Bool, "bool", &|_| Scalar::Bool(true)),
        "True"
    );
    assert_eq!(i_repr(&[], &[5], "int64"), "array(5)");
    assert_eq!(i_repr(&[], &[5], "int32"), "array(5, dtype=int32)");
}

#[test]
fn summarised_and_empty_section7() {
    let ar: Vec<i64> = (0..2000).collect();
    assert_eq!(
        i_repr(&[2000], &ar, "int64"),
        "array([   0,    1,    2, ..., 1997, 1998, 1999], shape=(2000,))"
    );
    assert_eq!(i_str(&[2000], &ar), "[   0    1    2 ... 1997 1998 1999]");
    assert_eq!(
        f_repr(&[0, 3], &[], "float64"),
        "array([], shape=(0, 3), dtype=float64)"
    );
    assert_eq!(i_repr(&[0], &[], "int32"), "array([], dtype=int32)");
    assert_eq!(
        f_repr(&[2, 0], &[], "float64"),
        "array([], shape=(2, 0), dtype=float64)"
    );
    assert_eq!(f_repr(&[0], &[], "float64"), "array([], dtype=float64)");
    assert_eq!(
        numpy_repr(&[0], ValueKind::Bool, "bool", &|_| unreachable!()),
        "array([], dtype=bool)"
    );
    assert_eq!(f_str(&[0, 3], &[], "float64"), "[]");
}

#[test]
fn wrapping_section7() {
    let v: Vec<f64> = (0..30).map(|i| i as f64 / 7.0).collect();
    assert_eq!(
        f_repr(&[30], &v, "float64"),
        "array([0.        , 0.14285714, 0.28571429, 0.42857143, 0.57142857,
       0.71428571, 0.85714286, 1.        , 1.14285714, 1.28571429,
       1.42857143, 1.57142857, 1.71428571, 1.85714286, 2.        ,
       2.14285714, 2.28571429, 2.42857143, 2.57142857, 2.71428571,
       2.85714286, 3.        , 3.14285714, 3.28571429, 3.42857143,
       3.57142857, 3.71428571, 3.85714286, 4.        , 4.14285714])"
    );
    let v32: Vec<f64> = (0..12).map(|i| (i as f32 / 3.0) as f64).collect();
    assert_eq!(
        f_repr(&[12], &v32, "float32"),
        "array([0.        , 0.33333334, 0.6666667 , 1.        , 1.3333334 ,
       1.6666666 , 2.        , 2.3333333 , 2.6666667 , 3.        ,
       3.3333333 , 3.6666667 ], dtype=float32)"
    );
    assert_eq!(
        f_repr(&[1], &[4.86328125], "float32"),
        "array([4.8632812], dtype=float32)"
    );
}

#[test]
fn nonfinite_padding() {
    assert_eq!(f_repr(&[2], &[NAN, INF], "float64"), "array([nan, inf])");
    assert_eq!(
        f_repr(&[3], &[1e20, NAN, -INF], "float64"),
        "array([1.e+20,    nan,   -inf])"
    );
    assert_eq!(f_repr(&[2], &[-0.0, 0.0], "float64"), "array([-0.,  0.])");
    assert_eq!(
        f_repr(&[2], &[0.1, 1e-5], "float32"),
        "array([1.e-01, 1.e-05], dtype=float32)"
    );
    assert_eq!(
        f_repr(&[2], &[65504.0, 0.001], "float16"),
        "array([6.55e+04, 1.00e-03], dtype=float16)"
    );
    assert_eq!(
        f_repr(&[3], &[1.0 / 3.0, 2.5, 1000.1], "float16"),
        "array([3.333e-01, 2.500e+00, 1.000e+03], dtype=float16)"
    );
    assert_eq!(
        f_repr(&[2], &[1.5, NAN], "float32"),
        "array([1.5, nan], dtype=float32)"
    );
    assert_eq!(f_repr(&[1], &[-INF], "float64"), "array([-inf])");
    assert_eq!(f_repr(&[1, 1], &[NAN], "float64"), "array([[nan]])");
}

#[test]
fn conformance_numpy_cases() {
    // extra/028
    assert_eq!(
        f_str(&[2, 3], &[0.0; 6], "float64"),
        "[[0. 0. 0.]\n [0. 0. 0.]]"
    );
    assert_eq!(
        f_repr(&[2, 3], &[0.0; 6], "float64"),
        "array([[0., 0., 0.],\n       [0., 0., 0.]])"
    );
    assert_eq!(i_str(&[5], &[0, 1, 2, 3, 4]), "[0 1 2 3 4]");
    assert_eq!(
        i_repr(&[5], &[0, 1, 2, 3, 4], "int64"),
        "array([0, 1, 2, 3, 4])"
    );
    assert_eq!(f_str(&[3], &[1.5, 2.0, 3.0], "float64"), "[1.5 2.  3. ]");
    assert_eq!(
        f_repr(&[3], &[1.5, 2.0, 3.0], "float64"),
        "array([1.5, 2. , 3. ])"
    );
    assert_eq!(
        i_repr(&[2, 2], &[1, 2, 3, 4], "int64"),
        "array([[1, 2],\n       [3, 4]])"
    );
    // extra/027, 031
    assert_eq!(
        i_repr(&[5], &[200, 2, 4, 6, 8], "int64"),
        "array([200,   2,   4,   6,   8])"
    );
    assert_eq!(f_str(&[3], &[2.0; 3], "float32"), "[2. 2. 2.]");
    assert_eq!(
        f_repr(&[3], &[2.0; 3], "float32"),
        "array([2., 2., 2.], dtype=float32)"
    );
    assert_eq!(
        f_repr(&[2], &[1.0; 2], "float32"),
        "array([1., 1.], dtype=float32)"
    );
    assert_eq!(
        f_repr(&[2], &[3.0; 2], "float32"),
        "array([3., 3.], dtype=float32)"
    );
    // seed/006, 011
    assert_eq!(
        f_repr(&[7], &[1.0; 7], "float32"),
        "array([1., 1., 1., 1., 1., 1., 1.], dtype=float32)"
    );
    // np.add(ar, 1, out=ar) on np.random.seed(0); randn(5)
    let randn5 = [
        1.764052345967664,
        0.4001572083672233,
        0.9787379841057392,
        2.240893199201458,
        1.8675579901499675,
    ];
    let plus1: Vec<f64> = randn5.iter().map(|v| v + 1.0).collect();
    assert_eq!(
        f_str(&[5], &plus1, "float64"),
        "[2.76405235 1.40015721 1.97873798 3.2408932  2.86755799]"
    );
    assert_eq!(i_repr(&[3], &[1, 2, 3], "int64"), "array([1, 2, 3])");
}

#[test]
fn scalar_repr_python_outputs() {
    let f = |dtype: &str, v: f64| {
        numpy_scalar_repr(
            ValueKind::Float,
            dtype,
            Scalar::Float(FloatFormat::from_dtype(dtype).round(v)),
        )
    };
    assert_eq!(
        numpy_scalar_repr(ValueKind::Int, "int64", Scalar::Int(3)),
        "np.int64(3)"
    );
    assert_eq!(
        numpy_scalar_repr(ValueKind::Int, "int32", Scalar::Int(-7)),
        "np.int32(-7)"
    );
    assert_eq!(
        numpy_scalar_repr(ValueKind::Int, "uint8", Scalar::Int(200)),
        "np.uint8(200)"
    );
    assert_eq!(
        numpy_scalar_repr(ValueKind::Bool, "bool", Scalar::Bool(true)),
        "np.True_"
    );
    assert_eq!(
        numpy_scalar_repr(ValueKind::Bool, "bool", Scalar::Bool(false)),
        "np.False_"
    );
    assert_eq!(f("float64", 1.5), "np.float64(1.5)");
    assert_eq!(f("float64", 1e16), "np.float64(1e+16)");
    assert_eq!(f("float64", f64::NAN), "np.float64(nan)");
    assert_eq!(f("float32", 0.1), "np.float32(0.1)");
    assert_eq!(f("float32", 1e-5), "np.float32(1e-05)");
    assert_eq!(f("float32", f64::NEG_INFINITY), "np.float32(-inf)");
    assert_eq!(f("float16", 1.0 / 3.0), "np.float16(0.3333)");
    assert_eq!(f("float64", -0.0), "np.float64(-0.0)");
    assert_eq!(f("float32", 123456789.0), "np.float32(1.2345679e+08)");
}

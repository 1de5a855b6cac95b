//! Torch repr tests. Every expected string is real PyTorch 2.15 output: the worked examples
//! of printing-and-rng.md §7, the conformance cases extra/057–070, and extra values produced
//! with /work/venv. Inputs of RNG examples are the exact values `t.tolist()` gave.

use super::*;

fn meta(dtype: &str) -> TensorMeta<'_> {
    TensorMeta {
        dtype,
        ..Default::default()
    }
}

/// Float tensor from f64 literals, rounded to `dtype` as `torch.tensor(..., dtype=...)` does.
pub(super) fn float_repr_meta(
    shape: &[usize],
    vals: &[f64],
    m: &TensorMeta,
    opts: &PrintOptions,
) -> String {
    let fmt = FloatFormat::from_dtype(m.dtype);
    let vals: Vec<f64> = vals.iter().map(|v| fmt.round(*v)).collect();
    torch_repr(
        shape,
        ValueKind::Float,
        &|i| Scalar::Float(vals[i]),
        m,
        opts,
    )
}

fn fl(shape: &[usize], vals: &[f64]) -> String {
    float_repr_meta(shape, vals, &meta("float32"), &PrintOptions::default())
}

fn fl_dt(shape: &[usize], vals: &[f64], dtype: &str) -> String {
    float_repr_meta(shape, vals, &meta(dtype), &PrintOptions::default())
}

fn int_dt(shape: &[usize], vals: &[i64], dtype: &str) -> String {
    torch_repr(
        shape,
        ValueKind::Int,
        &|i| Scalar::Int(vals[i]),
        &meta(dtype),
        &PrintOptions::default(),
    )
}

fn int(shape: &[usize], vals: &[i64]) -> String {
    int_dt(shape, vals, "int64")
}

fn boolean(shape: &[usize], vals: &[bool]) -> String {
    torch_repr(
        shape,
        ValueKind::Bool,
        &|i| Scalar::Bool(vals[i]),
        &meta("bool"),
        &PrintOptions::default(),
    )
}

fn grad(shape: &[usize], vals: &[f64], requires_grad: bool, grad_fn: Option<&str>) -> String {
    let m = TensorMeta {
        dtype: "float32",
        device: None,
        requires_grad,
        grad_fn,
    };
    float_repr_meta(shape, vals, &m, &PrintOptions::default())
}

/// `torch.arange(n.) / d` in float32.
pub(super) fn arange_div_f32(n: usize, d: f32) -> Vec<f64> {
    (0..n).map(|i| (i as f32 / d) as f64).collect()
}

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;

#[test]
fn rng_examples_section7() {
    assert_eq!(
        fl(
            &[3, 2],
            &[
                0.8822692632675171,
                0.9150039553642273,
                0.38286375999450684,
                0.9593056440353394,
                0.3904482126235962,
                0.600895345211029
            ]
        ),
        "tensor([[0.8823, 0.9150],\n        [0.3829, 0.9593],\n        [0.3904, 0.6009]])"
    );
    assert_eq!(
        fl(
            &[2, 3],
            &[
                0.33669036626815796,
                0.12880940735340118,
                0.23446236550807953,
                0.23033303022384644,
                -1.1228563785552979,
                -0.18632829189300537
            ]
        ),
        "tensor([[ 0.3367,  0.1288,  0.2345],\n        [ 0.2303, -1.1229, -0.1863]])"
    );
    let randn44 = [
        1.9269152879714966,
        1.4872840642929077,
        0.9007171988487244,
        -2.1055209636688232,
        0.6784184575080872,
        -1.2345448732376099,
        -0.04306747764348984,
        -1.6046669483184814,
        -0.7521352767944336,
        1.6487230062484741,
        -0.3924786448478699,
        -1.4036071300506592,
        -0.7278813123703003,
        -0.5594301819801331,
        -0.7688388824462891,
        0.7624453902244568,
    ];
    assert_eq!(
        fl(&[4, 4], &randn44),
        "tensor([[ 1.9269,  1.4873,  0.9007, -2.1055],\n        [ 0.6784, -1.2345, -0.0431, -1.6047],\n        [-0.7521,  1.6487, -0.3925, -1.4036],\n        [-0.7279, -0.5594, -0.7688,  0.7624]])"
    );
    assert_eq!(
        fl(
            &[4],
            &[
                1.9269152879714966,
                1.4872840642929077,
                -0.4973975419998169,
                0.439589262008667
            ]
        ),
        "tensor([ 1.9269,  1.4873, -0.4974,  0.4396])"
    );
    assert_eq!(
        fl(
            &[4],
            &[
                -0.2515752911567688,
                0.859858512878418,
                -0.3097267746925354,
                -0.3957104980945587
            ]
        ),
        "tensor([-0.2516,  0.8599, -0.3097, -0.3957])"
    );
    assert_eq!(
        fl_dt(&[2], &[0.05815448596142969, 0.06291016742457756], "float64"),
        "tensor([0.0582, 0.0629], dtype=torch.float64)"
    );
    assert_eq!(
        int(&[2, 4], &[2, 7, 6, 4, 6, 5, 0, 4]),
        "tensor([[2, 7, 6, 4],\n        [6, 5, 0, 4]])"
    );
    assert_eq!(
        int(&[10], &[4, 1, 7, 5, 3, 9, 0, 8, 6, 2]),
        "tensor([4, 1, 7, 5, 3, 9, 0, 8, 6, 2])"
    );
    assert_eq!(
        fl(
            &[5],
            &[
                1.5409960746765137,
                -0.293428897857666,
                -2.1787893772125244,
                0.5684312582015991,
                -1.0845223665237427
            ]
        ),
        "tensor([ 1.5410, -0.2934, -2.1788,  0.5684, -1.0845])"
    );
    assert_eq!(
        fl(
            &[4],
            &[
                0.49625658988952637,
                0.7682217955589294,
                0.08847743272781372,
                0.13203048706054688
            ]
        ),
        "tensor([0.4963, 0.7682, 0.0885, 0.1320])"
    );
    assert_eq!(
        fl(
            &[3],
            &[1.5290770530700684, 1.6600158214569092, -0.46854496002197266]
        ),
        "tensor([ 1.5291,  1.6600, -0.4685])"
    );
    assert_eq!(
        fl(
            &[3],
            &[0.6926915049552917, 0.6487284302711487, 0.5900717377662659]
        ),
        "tensor([0.6927, 0.6487, 0.5901])"
    );
}

#[test]
fn linear_parameters_section7() {
    let w = [
        0.3822692632675171,
        0.4150039553642273,
        -0.11713624000549316,
        0.45930564403533936,
        -0.10955178737640381,
        0.10089534521102905,
        -0.24342751502990723,
        0.2936413288116455,
        0.4407714605331421,
        -0.3668140769004822,
        0.43459808826446533,
        0.09357964992523193,
        0.3694044351577759,
        0.06771528720855713,
        0.24109405279159546,
        -0.07059550285339355,
        0.38544291257858276,
        0.07390445470809937,
        -0.23341995477676392,
        0.1274491548538208,
        -0.23036831617355347,
        -0.05863642692565918,
        -0.20307916402816772,
        0.33168548345565796,
    ];
    assert_eq!(
        grad(&[6, 4], &w, true, None),
        "tensor([[ 0.3823,  0.4150, -0.1171,  0.4593],
        [-0.1096,  0.1009, -0.2434,  0.2936],
        [ 0.4408, -0.3668,  0.4346,  0.0936],
        [ 0.3694,  0.0677,  0.2411, -0.0706],
        [ 0.3854,  0.0739, -0.2334,  0.1274],
        [-0.2304, -0.0586, -0.2031,  0.3317]], requires_grad=True)"
    );
    let b = [
        -0.3946850895881653,
        -0.23050516843795776,
        -0.1411873698234558,
        -0.3006362318992615,
        0.0471915602684021,
        -0.4938395619392395,
    ];
    // 61 + 18 + 4 > 80: the suffix moves to its own line.
    assert_eq!(
        grad(&[6], &b, true, None),
        "tensor([-0.3947, -0.2305, -0.1412, -0.3006,  0.0472, -0.4938],\n       requires_grad=True)"
    );
}

#[test]
fn zero_dim_section7() {
    assert_eq!(int(&[], &[4]), "tensor(4)");
    assert_eq!(fl(&[], &[45.0]), "tensor(45.)");
    assert_eq!(fl(&[], &[2.5]), "tensor(2.5000)");
    assert_eq!(fl(&[], &[-0.0]), "tensor(-0.)");
    assert_eq!(fl(&[], &[NAN]), "tensor(nan)");
    // conformance extra/066
    assert_eq!(int(&[], &[5]), "tensor(5)");
    assert_eq!(fl(&[], &[3.0]), "tensor(3.)");
    assert_eq!(boolean(&[], &[true]), "tensor(True)");
    assert_eq!(
        fl_dt(&[], &[2.5], "float64"),
        "tensor(2.5000, dtype=torch.float64)"
    );
    assert_eq!(fl(&[], &[-0.125]), "tensor(-0.1250)");
    // conformance extra/063
    assert_eq!(int(&[], &[499500]), "tensor(499500)");
}

#[test]
fn empty_section7() {
    assert_eq!(fl(&[0], &[]), "tensor([])");
    assert_eq!(fl(&[0, 3], &[]), "tensor([], size=(0, 3))");
    assert_eq!(int(&[0], &[]), "tensor([], dtype=torch.int64)");
    assert_eq!(
        fl_dt(&[0], &[], "float64"),
        "tensor([], dtype=torch.float64)"
    );
    assert_eq!(
        torch_repr(
            &[0],
            ValueKind::Bool,
            &|_| unreachable!(),
            &meta("bool"),
            &PrintOptions::default()
        ),
        "tensor([], dtype=torch.bool)"
    );
}

#[test]
fn bool_and_signed_zero_section7() {
    assert_eq!(
        boolean(&[3], &[true, false, true]),
        "tensor([ True, False,  True])"
    );
    assert_eq!(boolean(&[2], &[true, true]), "tensor([True, True])");
    assert_eq!(fl(&[2], &[-0.0, 1.0]), "tensor([-0., 1.])");
    assert_eq!(fl(&[2], &[-0.0, 1.5]), "tensor([-0.0000, 1.5000])");
}

#[test]
fn nan_inf_section7() {
    assert_eq!(
        fl(&[4], &[1.0, NAN, INF, -INF]),
        "tensor([1., nan, inf, -inf])"
    );
    assert_eq!(
        fl(&[3], &[1.5, NAN, -INF]),
        "tensor([1.5000,    nan,   -inf])"
    );
    // conformance extra/068
    assert_eq!(
        fl(&[4], &[NAN, INF, -INF, 1.0]),
        "tensor([nan, inf, -inf, 1.])"
    );
    assert_eq!(fl(&[2], &[-INF, 0.0]), "tensor([-inf, 0.])");
    assert_eq!(fl(&[2], &[NAN, 2.0]), "tensor([nan, 2.])");
    assert_eq!(fl(&[1], &[NAN]), "tensor([nan])");
    assert_eq!(fl(&[1], &[INF]), "tensor([inf])");
    assert_eq!(fl(&[2], &[INF, 1.5]), "tensor([   inf, 1.5000])");
}

#[test]
fn sci_mode_section7() {
    assert_eq!(fl(&[2], &[1e9, 1.0]), "tensor([1.0000e+09, 1.0000e+00])");
    assert_eq!(fl(&[2], &[1e-5, 1.0]), "tensor([1.0000e-05, 1.0000e+00])");
    assert_eq!(fl(&[2], &[0.001, 2.0]), "tensor([1.0000e-03, 2.0000e+00])");
    assert_eq!(fl(&[2], &[1.0, 2000.0]), "tensor([1.0000e+00, 2.0000e+03])");
    // float32 1e-4 is 9.99999974737875e-05 < 1e-4: scientific.
    assert_eq!(fl(&[2], &[1e-4, 1.0]), "tensor([1.0000e-04, 1.0000e+00])");
    assert_eq!(
        fl(&[2, 2], &[1e-3, 5.0, 123.25, -7.0]),
        "tensor([[ 1.0000e-03,  5.0000e+00],\n        [ 1.2325e+02, -7.0000e+00]])"
    );
    assert_eq!(
        fl(&[2], &[100000.0, 2.5]),
        "tensor([1.0000e+05, 2.5000e+00])"
    );
    // conformance extra/062
    assert_eq!(fl(&[2], &[1e-5, 1e5]), "tensor([1.0000e-05, 1.0000e+05])");
    assert_eq!(fl(&[2], &[0.0001, 1.0]), "tensor([1.0000e-04, 1.0000e+00])");
    assert_eq!(fl(&[2], &[1e8, 1.0]), "tensor([1.0000e+08, 1.0000e+00])");
    assert_eq!(fl(&[1], &[123456789.0]), "tensor([1.2346e+08])");
    assert_eq!(fl(&[1], &[1e-5]), "tensor([1.0000e-05])");
    assert_eq!(
        fl(&[3], &[1.5e10, -2.0, 3.25]),
        "tensor([ 1.5000e+10, -2.0000e+00,  3.2500e+00])"
    );
}

#[test]
fn dtype_suffixes_section7() {
    assert_eq!(
        fl_dt(&[2], &[1.5, 2.0], "float64"),
        "tensor([1.5000, 2.0000], dtype=torch.float64)"
    );
    assert_eq!(
        int_dt(&[2], &[1, 2], "int32"),
        "tensor([1, 2], dtype=torch.int32)"
    );
    assert_eq!(
        int_dt(&[2], &[1, 200], "uint8"),
        "tensor([  1, 200], dtype=torch.uint8)"
    );
    assert_eq!(
        fl_dt(&[1], &[1.5], "float16"),
        "tensor([1.5000], dtype=torch.float16)"
    );
    assert_eq!(int(&[3], &[-1, 10, 100]), "tensor([ -1,  10, 100])");
    // conformance extra/057, 059, 061
    assert_eq!(
        fl_dt(&[2], &[1.0, 2.5], "float64"),
        "tensor([1.0000, 2.5000], dtype=torch.float64)"
    );
    assert_eq!(
        fl_dt(&[3], &[1.0, 2.0, 3.0], "double"),
        "tensor([1., 2., 3.], dtype=torch.float64)"
    );
    assert_eq!(
        fl_dt(&[], &[3.0], "torch.float64"),
        "tensor(3., dtype=torch.float64)"
    );
    assert_eq!(
        int_dt(&[2], &[1, 2], "int16"),
        "tensor([1, 2], dtype=torch.int16)"
    );
    assert_eq!(
        int_dt(&[2], &[-1, 2], "int8"),
        "tensor([-1,  2], dtype=torch.int8)"
    );
    assert_eq!(
        int_dt(&[2], &[250, 3], "uint8"),
        "tensor([250,   3], dtype=torch.uint8)"
    );
    assert_eq!(
        int_dt(&[2], &[260, 13], "int32"),
        "tensor([260,  13], dtype=torch.int32)"
    );
    assert_eq!(
        int_dt(&[4], &[-1, 0, 0, 1], "int16"),
        "tensor([-1,  0,  0,  1], dtype=torch.int16)"
    );
    assert_eq!(
        fl_dt(&[4], &[-1.7, -0.5, 0.5, 1.7], "float32"),
        "tensor([-1.7000, -0.5000,  0.5000,  1.7000])"
    );
    // float32 -1.7 widened keeps its float32 digits at 4 places.
    let f32_vals: Vec<f64> = [-1.7f32, -0.5, 0.5, 1.7]
        .iter()
        .map(|v| *v as f64)
        .collect();
    assert_eq!(
        fl_dt(&[4], &f32_vals, "float64"),
        "tensor([-1.7000, -0.5000,  0.5000,  1.7000], dtype=torch.float64)"
    );
}

#[test]
fn half_and_bfloat16_extra060() {
    assert_eq!(
        fl_dt(&[3], &[1.0 / 3.0, 2.5, 1000.1], "float16"),
        "tensor([3.3325e-01, 2.5000e+00, 1.0000e+03], dtype=torch.float16)"
    );
    // .to(bfloat16) rounds the float32 values.
    let bf: Vec<f64> = [1.0f32 / 3.0, 2.5, 1000.1]
        .iter()
        .map(|v| *v as f64)
        .collect();
    assert_eq!(
        fl_dt(&[3], &bf, "bfloat16"),
        "tensor([3.3398e-01, 2.5000e+00, 1.0000e+03], dtype=torch.bfloat16)"
    );
    let back: Vec<f64> = bf.iter().map(|v| FloatFormat::BF16.round(*v)).collect();
    assert_eq!(
        fl(&[3], &back),
        "tensor([3.3398e-01, 2.5000e+00, 1.0000e+03])"
    );
    assert_eq!(fl(&[2], &[2.0, 4.0]), "tensor([2., 4.])");
}

#[test]
fn layout_section7() {
    let ar12: Vec<f64> = (0..12).map(|i| i as f64).collect();
    assert_eq!(
        fl(&[3, 4], &ar12),
        "tensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])"
    );
    assert_eq!(
        int(&[2, 2, 2], &[0, 1, 2, 3, 4, 5, 6, 7]),
        "tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])"
    );
    assert_eq!(
        fl(&[30], &arange_div_f32(30, 7.0)),
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,
        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,
        2.5714, 2.7143, 2.8571, 3.0000, 3.1429, 3.2857, 3.4286, 3.5714, 3.7143,
        3.8571, 4.0000, 4.1429])"
    );
    let ar9: Vec<f64> = (0..9).map(|i| i as f64 / 7.0).collect();
    assert_eq!(
        fl_dt(&[9], &ar9, "float64"),
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429],\n       dtype=torch.float64)"
    );
}

#[test]
fn line_wrapping_extra069() {
    assert_eq!(
        fl(&[30], &arange_div_f32(30, 3.0)),
        "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,
        3.0000, 3.3333, 3.6667, 4.0000, 4.3333, 4.6667, 5.0000, 5.3333, 5.6667,
        6.0000, 6.3333, 6.6667, 7.0000, 7.3333, 7.6667, 8.0000, 8.3333, 8.6667,
        9.0000, 9.3333, 9.6667])"
    );
    let ar40: Vec<i64> = (0..40).collect();
    assert_eq!(
        int(&[40], &ar40),
        "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,
        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
        36, 37, 38, 39])"
    );
    assert_eq!(
        fl(&[2, 20], &[1.0; 40]),
        "tensor([[1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.,
         1., 1.],
        [1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.,
         1., 1.]])"
    );
}

#[test]
fn summarised_section7_and_extra063_064() {
    let ar1001: Vec<i64> = (0..1001).collect();
    assert_eq!(
        int(&[1001], &ar1001),
        "tensor([   0,    1,    2,  ...,  998,  999, 1000])"
    );
    let third = (1.0f32 / 3.0) as f64;
    assert_eq!(
        fl(&[40, 50], &[third; 2000]),
        "tensor([[0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        ...,
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333]])"
    );
    let ar2000: Vec<i64> = (0..2000).collect();
    assert_eq!(
        int(&[2000], &ar2000),
        "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"
    );
    assert_eq!(
        fl(&[1001], &arange_div_f32(1001, 7.0)),
        "tensor([  0.0000,   0.1429,   0.2857,  ..., 142.5714, 142.7143, 142.8571])"
    );
    assert_eq!(
        int(&[40, 30], &[1; 1200]),
        "tensor([[1, 1, 1,  ..., 1, 1, 1],
        [1, 1, 1,  ..., 1, 1, 1],
        [1, 1, 1,  ..., 1, 1, 1],
        ...,
        [1, 1, 1,  ..., 1, 1, 1],
        [1, 1, 1,  ..., 1, 1, 1],
        [1, 1, 1,  ..., 1, 1, 1]])"
    );
}

#[test]
fn summarised_rand_50x50_extra064_reads_only_edges() {
    // torch.manual_seed(0); torch.rand(50, 50): only the 3x3 corner blocks are on screen.
    let corners: [[f64; 9]; 4] = [
        [
            0.49625658988952637,
            0.7682217955589294,
            0.08847743272781372,
            0.8197803497314453,
            0.9970665574073792,
            0.6984410881996155,
            0.9703746438026428,
            0.8369089365005493,
            0.28198742866516113,
        ],
        [
            0.793160617351532,
            0.2782524824142456,
            0.48195880651474,
            0.6046506762504578,
            0.1099579930305481,
            0.21209025382995605,
            0.49675875902175903,
            0.25147682428359985,
            0.11684411764144897,
        ],
        [
            0.516543447971344,
            0.6123870015144348,
            0.7244170904159546,
            0.9831563830375671,
            0.5020876526832581,
            0.19928878545761108,
            0.6098198294639587,
            0.7105932235717773,
            0.30233824253082275,
        ],
        [
            0.7433133125305176,
            0.20093047618865967,
            0.135084331035614,
            0.43241560459136963,
            0.19356989860534668,
            0.25212007761001587,
            0.9582303762435913,
            0.14426398277282715,
            0.7124811410903931,
        ],
    ];
    let get = |i: usize| {
        let (r, c) = (i / 50, i % 50);
        let block = match (r < 3, c < 3) {
            (true, true) => 0,
            (true, false) if c >= 47 => 1,
            (false, true) if r >= 47 => 2,
            (false, false) if r >= 47 && c >= 47 => 3,
            _ => panic!("read a hidden element ({r}, {c})"),
        };
        Scalar::Float(corners[block][(r % 47 % 3) * 3 + c % 47 % 3])
    };
    assert_eq!(
        torch_repr(
            &[50, 50],
            ValueKind::Float,
            &get,
            &meta("float32"),
            &PrintOptions::default()
        ),
        "tensor([[0.4963, 0.7682, 0.0885,  ..., 0.7932, 0.2783, 0.4820],
        [0.8198, 0.9971, 0.6984,  ..., 0.6047, 0.1100, 0.2121],
        [0.9704, 0.8369, 0.2820,  ..., 0.4968, 0.2515, 0.1168],
        ...,
        [0.5165, 0.6124, 0.7244,  ..., 0.7433, 0.2009, 0.1351],
        [0.9832, 0.5021, 0.1993,  ..., 0.4324, 0.1936, 0.2521],
        [0.6098, 0.7106, 0.3023,  ..., 0.9582, 0.1443, 0.7125]])"
    );
}

#[test]
fn huge_tensor_reads_few_elements() {
    let reads = std::cell::Cell::new(0usize);
    let get = |i: usize| {
        reads.set(reads.get() + 1);
        Scalar::Int(i as i64)
    };
    // torch.arange(10**8).reshape(10**4, 10**4)
    let text = torch_repr(
        &[10_000, 10_000],
        ValueKind::Int,
        &get,
        &meta("int64"),
        &PrintOptions::default(),
    );
    assert_eq!(
        text,
        "tensor([[       0,        1,        2,  ...,     9997,     9998,     9999],
        [   10000,    10001,    10002,  ...,    19997,    19998,    19999],
        [   20000,    20001,    20002,  ...,    29997,    29998,    29999],
        ...,
        [99970000, 99970001, 99970002,  ..., 99979997, 99979998, 99979999],
        [99980000, 99980001, 99980002,  ..., 99989997, 99989998, 99989999],
        [99990000, 99990001, 99990002,  ..., 99999997, 99999998, 99999999]])"
    );
    assert!(reads.get() <= 72, "read {} elements", reads.get());
}

#[test]
fn float_formatting_extra065() {
    assert_eq!(
        fl(&[3], &[-1.5, 2.25, -3.0]),
        "tensor([-1.5000,  2.2500, -3.0000])"
    );
    assert_eq!(int(&[3], &[-1, 20, -300]), "tensor([  -1,   20, -300])");
    assert_eq!(
        fl(&[2, 2], &[-0.001, 1.0, 2.5, -10.0]),
        "tensor([[-1.0000e-03,  1.0000e+00],\n        [ 2.5000e+00, -1.0000e+01]])"
    );
    assert_eq!(fl(&[2], &[-0.0, 0.0]), "tensor([-0., 0.])");
    assert_eq!(fl(&[3], &[1.0, 2.0, 3.0]), "tensor([1., 2., 3.])");
    assert_eq!(fl(&[2], &[1.5, 2.0]), "tensor([1.5000, 2.0000])");
    assert_eq!(fl(&[2], &[100.0, -20.0]), "tensor([100., -20.])");
    assert_eq!(fl(&[1], &[0.0]), "tensor([0.])");
    assert_eq!(
        fl(&[2, 2], &[1.0, 10.0, 100.0, 1000.0]),
        "tensor([[   1.,   10.],\n        [ 100., 1000.]])"
    );
    // extra/058, 061: bool and converted tensors
    assert_eq!(
        boolean(&[4], &[false, true, true, false]),
        "tensor([False,  True,  True, False])"
    );
    assert_eq!(
        boolean(&[3], &[true, true, true]),
        "tensor([True, True, True])"
    );
    assert_eq!(
        int_dt(&[3], &[1, 0, 1], "int32"),
        "tensor([1, 0, 1], dtype=torch.int32)"
    );
    assert_eq!(fl(&[3], &[0.0, 2.0, 3.0]), "tensor([0., 2., 3.])");
    assert_eq!(int(&[4], &[-1, 0, 0, 1]), "tensor([-1,  0,  0,  1])");
}

#[test]
fn grad_suffixes_section7_and_extra070() {
    assert_eq!(
        grad(&[2], &[1.0, 2.0], true, None),
        "tensor([1., 2.], requires_grad=True)"
    );
    assert_eq!(
        grad(&[2], &[2.0, 4.0], true, Some("MulBackward0")),
        "tensor([2., 4.], grad_fn=<MulBackward0>)"
    );
    assert_eq!(
        grad(&[], &[6.0], true, Some("SumBackward0")),
        "tensor(6., grad_fn=<SumBackward0>)"
    );
    assert_eq!(
        grad(&[2], &[3.0, 6.0], true, Some("MulBackward0")),
        "tensor([3., 6.], grad_fn=<MulBackward0>)"
    );
    let m = TensorMeta {
        dtype: "float64",
        device: None,
        requires_grad: true,
        grad_fn: None,
    };
    assert_eq!(
        float_repr_meta(&[2], &[1.0, 2.0], &m, &PrintOptions::default()),
        "tensor([1., 2.], dtype=torch.float64, requires_grad=True)"
    );
    assert_eq!(
        grad(&[2, 2], &[2.0; 4], true, Some("AddBackward0")),
        "tensor([[2., 2.],\n        [2., 2.]], grad_fn=<AddBackward0>)"
    );
    assert_eq!(
        grad(&[], &[8.0], true, Some("SumBackward0")),
        "tensor(8., grad_fn=<SumBackward0>)"
    );
    assert_eq!(
        grad(&[], &[2.5], true, Some("MeanBackward0")),
        "tensor(2.5000, grad_fn=<MeanBackward0>)"
    );
}

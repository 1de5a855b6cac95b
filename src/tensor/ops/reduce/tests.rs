//! Reduction tests. Expected values come from real PyTorch 2.15 (CPU), either
//! printed values (the conformance cases) or bit patterns of float32 results.
use crate::tensor::dtype::DType;
use crate::tensor::error::TensorError;
use crate::tensor::ops::reduce::NormOrd;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

fn f32s(v: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(v.to_vec(), shape).unwrap()
}
fn i64s(v: &[i64], shape: &[usize]) -> Tensor {
    Tensor::from_vec(v.to_vec(), shape).unwrap()
}

/// The float32 values the sum tests use: an LCG, so numpy/torch rebuild them
/// exactly (see the generator in the comment of `cascade_sums_match_torch_bits`).
pub(crate) fn lcg(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed;
    (0..n)
        .map(|i| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let x = (s >> 40) as f32 / 16777216.0 * 2.0 - 1.0;
            x * (1 + i % 7) as f32
        })
        .collect()
}

fn checksum(t: &Tensor) -> u64 {
    t.to_vec::<f32>().iter().map(|x| x.to_bits() as u64).sum()
}

#[test]
fn cascade_sums_match_torch_bits() {
    // torch.from_numpy(lcg(n, seed)).reshape(shape).sum(dim=dims), the sum of the
    // float32 bit patterns of the result (PyTorch 2.15; its sum kernel runs AVX2 code).
    #[allow(clippy::type_complexity)]
    let cases: &[(&[usize], Option<&[i64]>, u64, u64)] = &[
        (&[1000], None, 1, 0x41c6e7a8),
        (&[37], None, 2, 0xc1830925),
        (&[5, 100], Some(&[1]), 3, 0x1c4f53542),
        (&[5, 100], Some(&[0]), 3, 0x31a57f865d),
        (&[5, 100], None, 3, 0x41b8ee60),
        (&[100, 5], Some(&[0]), 4, 0x2c4d4e424),
        (&[100, 5], Some(&[1]), 4, 0x3291619252),
        (&[100, 40], Some(&[0]), 5, 0x153b0cf5a9),
        (&[100, 40], Some(&[1]), 5, 0x31d8714aa0),
        (&[4, 33, 70], Some(&[0, 2]), 6, 0x11fe637aeb),
        (&[4, 33, 70], Some(&[1]), 6, 0x904e0f9770),
        (&[4, 33, 70], Some(&[1, 2]), 6, 0x2090b95e0),
        (&[4, 33, 70], Some(&[-1]), 6, 0x48230c4a58),
        (&[3, 20, 17], Some(&[0]), 7, 0xb325caa982),
    ];
    for &(shape, dims, seed, want) in cases {
        let n = shape.iter().product();
        let t = f32s(&lcg(n, seed), shape);
        let s = match dims {
            None => t.sum(None).unwrap(),
            Some(d) => t.sum_dims(d, false, None).unwrap(),
        };
        assert_eq!(checksum(&s), want, "shape {shape:?} dims {dims:?}");
    }
    // A transposed view: torch...reshape(40, 100).t().sum(dim=d)
    let t = f32s(&lcg(4000, 8), &[40, 100]).t().unwrap();
    assert_eq!(checksum(&t.sum_dims(&[0], false, None).unwrap()), 0x15bb82bb12);
    assert_eq!(checksum(&t.sum_dims(&[1], false, None).unwrap()), 0x34ddb0d594);
    // float64 and float16 whole sums.
    let d = f32s(&lcg(1000, 10), &[1000]).to_dtype(DType::F64).unwrap();
    assert_eq!(
        d.sum(None).unwrap().item().unwrap().to_f64(),
        f64::from_bits(0x404095bac9000000)
    ); // 0x1.095bac9p+5
    let h = f32s(&lcg(300, 11), &[300]).to_dtype(DType::F16).unwrap();
    assert_eq!(h.sum(None).unwrap().to_vec::<half::f16>()[0].to_bits(), 0xd4e7);
}

#[test]
fn conformance_038_sum_mean_dims() {
    let x = f32s(&[1., 2., 3., 4., 5., 6.], &[2, 3]);
    assert_eq!(x.sum_dims(&[0], false, None).unwrap().to_vec::<f32>(), vec![5., 7., 9.]);
    let s = x.sum_dims(&[1], true, None).unwrap();
    assert_eq!(s.shape(), &[2, 1]);
    assert_eq!(s.to_vec::<f32>(), vec![6., 15.]);
    assert_eq!(
        x.mean_dims(&[0], false, None).unwrap().to_vec::<f32>(),
        vec![2.5, 3.5, 4.5]
    );
    assert_eq!(x.mean_dims(&[1], true, None).unwrap().shape(), &[2, 1]);
}

#[test]
fn conformance_039_prod_std_var() {
    let x = f32s(&[2., 4., 4., 4., 5., 5., 7., 9.], &[8]);
    assert_eq!(x.prod(None).unwrap().to_vec::<f32>(), vec![201600.]);
    // tensor(2.1381) and tensor(4.5714); float32 bits from torch.
    assert_eq!(
        x.std(None, 1.0, false).unwrap().to_vec::<f32>()[0].to_bits(),
        0x4008d677
    );
    assert_eq!(
        x.var(None, 1.0, false).unwrap().to_vec::<f32>()[0].to_bits(),
        0x40924925
    );
    let m = f32s(&[1., 2., 3., 6.], &[2, 2]);
    let sd: Vec<u32> = m
        .std(Some(&[0]), 1.0, false)
        .unwrap()
        .to_vec::<f32>()
        .iter()
        .map(|x| x.to_bits())
        .collect();
    assert_eq!(sd, [0x3fb504f3, 0x403504f3]);
    assert_eq!(m.var(Some(&[1]), 1.0, false).unwrap().to_vec::<f32>(), vec![0.5, 4.5]);
    assert_eq!(m.prod_dim(0, false, None).unwrap().to_vec::<f32>(), vec![3., 12.]);
    // unbiased=False / correction=0, and more correction than values (torch: inf).
    assert_eq!(m.var(None, 0.0, false).unwrap().to_vec::<f32>(), vec![3.5]);
    assert_eq!(
        f32s(&[1., 2.], &[2]).var(None, 5.0, false).unwrap().to_vec::<f32>(),
        vec![f32::INFINITY]
    );
    assert!(f32s(&[1.], &[1]).std(None, 1.0, false).unwrap().to_vec::<f32>()[0].is_nan());
}

#[test]
fn conformance_040_int_mean_errors_and_int_sums() {
    let x = i64s(&[0, 1, 2, 3, 4], &[5]);
    let e = x.mean(None).unwrap_err();
    assert_eq!(
        e,
        TensorError::NotImplemented(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long".into()
        )
    );
    for (d, name) in [
        (DType::I8, "Char"),
        (DType::U8, "Byte"),
        (DType::I16, "Short"),
        (DType::I32, "Int"),
        (DType::Bool, "Bool"),
    ] {
        let msg = x.to_dtype(d).unwrap().mean(None).unwrap_err().to_string();
        assert!(msg.ends_with(&format!("Got: {name}")), "{msg}");
    }
    assert_eq!(
        f32s(&[1.], &[1]).mean(Some(DType::I64)).unwrap_err().to_string(),
        "mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Long"
    );
    assert_eq!(
        x.to_dtype(DType::F32).unwrap().mean(None).unwrap().to_vec::<f32>(),
        vec![2.]
    );
    let s = x.sum(None).unwrap();
    assert_eq!((s.dtype(), s.to_vec::<i64>()), (DType::I64, vec![10]));
    let b = Tensor::from_vec(vec![true, false, true], &[3]).unwrap();
    let s = b.sum(None).unwrap();
    assert_eq!((s.dtype(), s.to_vec::<i64>()), (DType::I64, vec![2]));
    // int32 and uint8 sums are int64 too; dtype= keeps the asked type.
    assert_eq!(x.to_dtype(DType::I32).unwrap().sum(None).unwrap().dtype(), DType::I64);
    assert_eq!(x.to_dtype(DType::U8).unwrap().prod(None).unwrap().dtype(), DType::I64);
    assert_eq!(
        f32s(&[1.5, 2.5], &[2]).sum(Some(DType::I32)).unwrap().to_vec::<i32>(),
        vec![3]
    );
    assert_eq!(x.mean(Some(DType::F64)).unwrap().to_vec::<f64>(), vec![2.0]);
}

#[test]
fn conformance_041_043_min_max_dims() {
    let x = f32s(&[3., 1., 4., 1., 5., 9.], &[2, 3]);
    let (v, i) = x.min_dim(0, false).unwrap();
    assert_eq!(v.to_vec::<f32>(), vec![1., 1., 4.]);
    assert_eq!(i.to_vec::<i64>(), vec![1, 0, 0]);
    let (v, i) = x.max_dim(1, true).unwrap();
    assert_eq!((v.shape(), v.to_vec::<f32>()), (&[2usize, 1][..], vec![4., 9.]));
    assert_eq!(i.to_vec::<i64>(), vec![2, 2]);
    assert_eq!(x.max().unwrap().to_vec::<f32>(), vec![9.]);
    assert_eq!(x.min().unwrap().shape(), &[] as &[usize]);
    let x = f32s(&[2., 8., 1., 6., 3., 9.], &[2, 3]);
    let (v, i) = x.max_dim(1, false).unwrap();
    assert_eq!((v.to_vec::<f32>(), i.to_vec::<i64>()), (vec![8., 9.], vec![1, 2]));
    let (v, i) = x.max_dim(0, false).unwrap();
    assert_eq!(
        (v.to_vec::<f32>(), i.to_vec::<i64>()),
        (vec![6., 8., 9.], vec![1, 0, 1])
    );
}

#[test]
fn conformance_042_argmax_ties_first_index() {
    let x = i64s(&[1, 9, 3, 7, 2, 8], &[2, 3]);
    assert_eq!(x.argmax(None, false).unwrap().to_vec::<i64>(), vec![1]);
    assert_eq!(x.argmax(Some(0), false).unwrap().to_vec::<i64>(), vec![1, 0, 1]);
    assert_eq!(x.argmax(Some(1), false).unwrap().to_vec::<i64>(), vec![1, 2]);
    let a = x.argmin(Some(1), true).unwrap();
    assert_eq!((a.shape(), a.to_vec::<i64>()), (&[2usize, 1][..], vec![0, 1]));
    assert_eq!(x.argmin(None, false).unwrap().to_vec::<i64>(), vec![0]);
    let t = i64s(&[3, 7, 7, 1, 7], &[5]);
    assert_eq!(t.argmax(None, false).unwrap().to_vec::<i64>(), vec![1]);
    assert_eq!(t.argmin(None, false).unwrap().to_vec::<i64>(), vec![3]);
    let y = f32s(&[5., 5., 2., 2.], &[2, 2]);
    assert_eq!(y.argmax(Some(1), false).unwrap().to_vec::<i64>(), vec![0, 0]);
    let (v, i) = y.max_dim(0, false).unwrap();
    assert_eq!((v.to_vec::<f32>(), i.to_vec::<i64>()), (vec![5., 5.], vec![0, 0]));
}

#[test]
fn seed_008_009_aggregation() {
    let x = Tensor::arange(Scalar::Int(0), Scalar::Int(100), Scalar::Int(10), None).unwrap();
    assert_eq!(x.min().unwrap().to_vec::<i64>(), vec![0]);
    assert_eq!(x.max().unwrap().to_vec::<i64>(), vec![90]);
    assert_eq!(
        x.to_dtype(DType::F32).unwrap().mean(None).unwrap().to_vec::<f32>(),
        vec![45.]
    );
    assert_eq!(x.sum(None).unwrap().to_vec::<i64>(), vec![450]);
    let t = Tensor::arange(Scalar::Int(10), Scalar::Int(100), Scalar::Int(10), None).unwrap();
    assert_eq!(t.argmax(None, false).unwrap().to_vec::<i64>(), vec![8]);
    assert_eq!(t.argmin(None, false).unwrap().to_vec::<i64>(), vec![0]);
}

#[test]
fn conformance_044_softmax_bits() {
    let logits = f32s(&[1.0, 2.0, 3.0, 2.0, 0.5, 0.5], &[2, 3]);
    let p = logits.softmax(1, None).unwrap();
    // torch.softmax(logits, dim=1) float32 bits.
    let want = [
        0x3db861f3u32,
        0x3e7a9a1a,
        0x3f2a4d3b,
        0x3f31021b,
        0x3e1dfbc7,
        0x3e1dfbc7,
    ];
    assert_eq!(p.to_vec::<f32>().iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
    // probs.sum(dim=1) prints tensor([1.0000, 1.0000]): the second is not exactly one.
    let s = p.sum_dims(&[1], false, None).unwrap().to_vec::<f32>();
    assert_eq!(
        s.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        [0x3f800000u32, 0x3f7fffff]
    );
    let q = logits.softmax(0, None).unwrap().to_vec::<f32>();
    let want0 = [
        0x3e89b2b1u32,
        0x3f514c8f,
        0x3f6c948f,
        0x3f3b26a8,
        0x3e3acdc1,
        0x3d9b5b88,
    ];
    assert_eq!(q.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want0);
    assert_eq!(
        logits
            .softmax(-1, None)
            .unwrap()
            .argmax(Some(1), false)
            .unwrap()
            .to_vec::<i64>(),
        vec![2, 0]
    );
}

#[test]
fn empty_and_zero_dim_rules() {
    let e = Tensor::zeros(&[0], DType::F32).unwrap();
    assert_eq!(e.sum(None).unwrap().to_vec::<f32>(), vec![0.]);
    assert_eq!(e.prod(None).unwrap().to_vec::<f32>(), vec![1.]);
    assert!(e.mean(None).unwrap().to_vec::<f32>()[0].is_nan());
    assert_eq!(
        e.max().unwrap_err(),
        TensorError::Runtime(
            "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.".into()
        )
    );
    assert_eq!(
        e.argmax(None, false).unwrap_err(),
        TensorError::Index("argmax(): Expected reduction dim to be specified for input.numel() == 0.".into())
    );
    let e2 = Tensor::zeros(&[2, 0], DType::F32).unwrap();
    assert_eq!(
        e2.max_dim(1, false).unwrap_err(),
        TensorError::Index("max(): Expected reduction dim 1 to have non-zero size.".into())
    );
    let (v, i) = e2.max_dim(0, false).unwrap();
    assert_eq!((v.shape(), i.shape()), (&[0usize][..], &[0usize][..]));
    assert_eq!(e2.sum_dims(&[1], false, None).unwrap().to_vec::<f32>(), vec![0., 0.]);
    assert!(e.any().unwrap().to_vec::<bool>() == vec![false] && e.all().unwrap().to_vec::<bool>() == vec![true]);
    // dim errors
    let x = Tensor::zeros(&[3], DType::F32).unwrap();
    assert_eq!(
        x.sum_dims(&[0, 0], false, None).unwrap_err().to_string(),
        "dim 0 appears multiple times in the list of dims"
    );
    assert_eq!(
        x.sum_dims(&[3], false, None).unwrap_err(),
        TensorError::Index("Dimension out of range (expected to be in range of [-1, 0], but got 3)".into())
    );
    // 0-dim tensors reduce over dim 0 / -1.
    let s = Tensor::scalar(Scalar::Float(5.0), DType::F32);
    assert_eq!(s.sum_dims(&[0], false, None).unwrap().to_vec::<f32>(), vec![5.]);
    let (v, i) = s.max_dim(-1, false).unwrap();
    assert_eq!((v.to_vec::<f32>(), i.to_vec::<i64>()), (vec![5.], vec![0]));
}

#[test]
fn nan_propagates_and_is_found_first() {
    let x = f32s(&[1., f32::NAN, 3.], &[3]);
    let (v, i) = x.max_dim(0, false).unwrap();
    assert!(v.to_vec::<f32>()[0].is_nan());
    assert_eq!(i.to_vec::<i64>(), vec![1]);
    assert_eq!(x.argmin(None, false).unwrap().to_vec::<i64>(), vec![1]);
    assert!(x.amax(&[], false).unwrap().to_vec::<f32>()[0].is_nan());
    assert!(x.median().unwrap().to_vec::<f32>()[0].is_nan());
}

#[test]
fn amax_amin_several_dims() {
    let x = f32s(&lcg(24, 3), &[2, 3, 4]);
    let v = x.to_vec::<f32>();
    let a = x.amax(&[0, 2], false).unwrap().to_vec::<f32>();
    for j in 0..3 {
        let m = (0..2)
            .flat_map(|i| (0..4).map(move |k| (i, k)))
            .map(|(i, k)| v[i * 12 + j * 4 + k])
            .fold(f32::MIN, f32::max);
        assert_eq!(a[j], m);
    }
    assert_eq!(x.amin(&[-1], true).unwrap().shape(), &[2, 3, 1]);
}

#[test]
fn any_all_dims_and_dtypes() {
    let x = i64s(&[0, 1, 0, 0], &[2, 2]);
    assert_eq!(x.any_dims(&[1], false).unwrap().to_vec::<bool>(), vec![true, false]);
    assert_eq!(x.all_dims(&[0], false).unwrap().to_vec::<bool>(), vec![false, false]);
    assert_eq!(x.to_dtype(DType::U8).unwrap().any().unwrap().dtype(), DType::U8);
    assert_eq!(f32s(&[1., 2.], &[2]).all().unwrap().dtype(), DType::Bool);
}

#[test]
fn median_norm_cumsum_logsumexp() {
    // torch.tensor([1.,2.,3.,4.]).median() -> tensor(2.); median(dim=0) of [1,2,3,4] -> (2, index 1)
    assert_eq!(
        f32s(&[1., 2., 3., 4.], &[4]).median().unwrap().to_vec::<f32>(),
        vec![2.]
    );
    let (v, i) = i64s(&[1, 2, 3, 4], &[4]).median_dim(0, false).unwrap();
    assert_eq!((v.to_vec::<i64>(), i.to_vec::<i64>()), (vec![2], vec![1]));
    let m = f32s(&[1., 2., 3., 4.], &[2, 2]);
    // norm(p='fro', dim=1) -> [2.2361, 5.0000]; p=1 -> 10; inf -> 4; 0 -> 4; -inf of [[1,-2],[3,4]] -> 1; p=3 -> 4.6416
    let n = m.norm(NormOrd::Fro, Some(&[1]), false).unwrap().to_vec::<f32>();
    assert_eq!(n, vec![2.236_068_f64 as f32, 5.0]);
    assert_eq!(m.norm(NormOrd::P(1.0), None, false).unwrap().to_vec::<f32>(), vec![10.]);
    assert_eq!(
        m.norm(NormOrd::P(f64::INFINITY), None, false).unwrap().to_vec::<f32>(),
        vec![4.]
    );
    assert_eq!(m.norm(NormOrd::P(0.0), None, false).unwrap().to_vec::<f32>(), vec![4.]);
    let m2 = f32s(&[1., -2., 3., 4.], &[2, 2]);
    assert_eq!(
        m2.norm(NormOrd::P(f64::NEG_INFINITY), None, false)
            .unwrap()
            .to_vec::<f32>(),
        vec![1.]
    );
    assert!((m2.norm(NormOrd::P(3.0), None, false).unwrap().to_vec::<f32>()[0] - 4.6416).abs() < 1e-4);
    assert_eq!(
        m2.norm(NormOrd::P(2.0), None, false).unwrap().to_vec::<f32>(),
        vec![5.477_225_780_487_060_5_f64 as f32]
    );
    assert_eq!(
        i64s(&[1], &[1])
            .norm(NormOrd::P(2.0), None, false)
            .unwrap_err()
            .to_string(),
        "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long"
    );
    // cumsum along both dims; int and bool give int64.
    let c = i64s(&[1, 2, 3, 4, 5, 6], &[2, 3]);
    assert_eq!(c.cumsum(1, None).unwrap().to_vec::<i64>(), vec![1, 3, 6, 4, 9, 15]);
    assert_eq!(c.cumsum(0, None).unwrap().to_vec::<i64>(), vec![1, 2, 3, 5, 7, 9]);
    assert_eq!(c.cumprod(1, None).unwrap().to_vec::<i64>(), vec![1, 2, 6, 4, 20, 120]);
    assert_eq!(
        Tensor::from_vec(vec![true, true], &[2])
            .unwrap()
            .cumsum(0, None)
            .unwrap()
            .dtype(),
        DType::I64
    );
    // torch.zeros(3, dtype=torch.int64).logsumexp(0) -> tensor(1.0986) (float32 1.09861231)
    assert_eq!(
        i64s(&[0, 0, 0], &[3]).logsumexp(&[0], false).unwrap().to_vec::<f32>()[0].to_bits(),
        0x3f8c9f54
    );
    let inf = f32s(&[f32::NEG_INFINITY, f32::NEG_INFINITY], &[2]);
    assert_eq!(
        inf.logsumexp(&[0], false).unwrap().to_vec::<f32>(),
        vec![f32::NEG_INFINITY]
    );
    assert_eq!(
        f32s(&[f32::INFINITY, 1.], &[2])
            .logsumexp(&[0], false)
            .unwrap()
            .to_vec::<f32>(),
        vec![f32::INFINITY]
    );
}

#[test]
fn softmax_errors_and_edge_cases() {
    let x = i64s(&[0; 6], &[2, 3]);
    assert_eq!(
        x.softmax(1, None).unwrap_err().to_string(),
        "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'"
    );
    assert_eq!(
        x.softmax(0, None).unwrap_err().to_string(),
        "\"softmax_kernel_impl\" not implemented for 'Long'"
    );
    assert_eq!(
        x.log_softmax(1, None).unwrap_err().to_string(),
        "\"log_softmax_lastdim_kernel_impl\" not implemented for 'Long'"
    );
    let d = x.softmax(1, Some(DType::F64)).unwrap();
    assert_eq!((d.dtype(), d.to_vec::<f64>()[0]), (DType::F64, 1.0 / 3.0));
    assert_eq!(
        Tensor::scalar(Scalar::Float(2.0), DType::F32)
            .softmax(0, None)
            .unwrap()
            .to_vec::<f32>(),
        vec![1.]
    );
    let inf = f32s(&[f32::NEG_INFINITY, f32::NEG_INFINITY], &[2]);
    assert!(inf.softmax(0, None).unwrap().to_vec::<f32>().iter().all(|x| x.is_nan()));
}

#[test]
fn large_dim_sums_match_torch_bits() {
    // Large enough to run in parallel here; torch gives the same bits with 1 or 2 threads.
    let t = f32s(&lcg(60000, 12), &[300, 200]);
    assert_eq!(checksum(&t.sum_dims(&[0], false, None).unwrap()), 0x68520c9b97);
    assert_eq!(checksum(&t.sum_dims(&[1], false, None).unwrap()), 0x9b79ad2b63);
}

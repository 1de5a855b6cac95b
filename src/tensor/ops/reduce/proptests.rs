//! Properties: a reduction over a permuted or strided view equals the same
//! reduction over a contiguous copy of that view.
use crate::tensor::dtype::DType;
use crate::tensor::tensor::Tensor;
use proptest::prelude::*;

/// A tensor of small integer-valued floats (sums are exact in any order), a
/// permutation of its dims and a subset of dims to reduce.
fn case() -> impl Strategy<Value = (Vec<usize>, Vec<f32>, Vec<i64>, Vec<i64>, bool)> {
    prop::collection::vec(1usize..5, 1..5).prop_flat_map(|shape| {
        let n: usize = shape.iter().product();
        let nd = shape.len();
        (
            Just(shape),
            prop::collection::vec(-20i32..20, n).prop_map(|v| v.into_iter().map(|x| x as f32).collect()),
            Just((0..nd as i64).collect::<Vec<_>>()).prop_shuffle(),
            prop::collection::vec(any::<bool>(), nd).prop_map(|m| {
                m.iter()
                    .enumerate()
                    .filter(|(_, b)| **b)
                    .map(|(i, _)| i as i64 - if i % 2 == 0 { 0 } else { m.len() as i64 })
                    .collect()
            }),
            any::<bool>(),
        )
    })
}

fn same(a: &Tensor, b: &Tensor) {
    assert_eq!(a.shape(), b.shape());
    assert_eq!(a.dtype(), b.dtype());
    let (x, y) = (a.to_vec::<f64>(), b.to_vec::<f64>());
    for (p, q) in x.iter().zip(&y) {
        assert!(p == q || (p.is_nan() && q.is_nan()), "{x:?} vs {y:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn reductions_of_views_equal_reductions_of_copies((shape, vals, perm, dims, keepdim) in case()) {
        let t = Tensor::from_vec(vals, &shape).unwrap();
        let v = t.permute(&perm).unwrap();
        // A strided view too: every other element of the first dim.
        let views = [v.clone(), v.slice(0, Some(0), None, 2).unwrap()];
        for view in views {
            let c = view.copy_data().unwrap();
            same(&view.sum_dims(&dims, keepdim, None).unwrap(), &c.sum_dims(&dims, keepdim, None).unwrap());
            same(&view.mean_dims(&dims, keepdim, None).unwrap(), &c.mean_dims(&dims, keepdim, None).unwrap());
            same(&view.amax(&dims, keepdim).unwrap(), &c.amax(&dims, keepdim).unwrap());
            same(&view.any_dims(&dims, keepdim).unwrap(), &c.any_dims(&dims, keepdim).unwrap());
            let i = view.to_dtype(DType::I64).unwrap();
            same(&i.sum_dims(&dims, keepdim, None).unwrap(), &i.copy_data().unwrap().sum_dims(&dims, keepdim, None).unwrap());
            let d = (dims.first().copied().unwrap_or(0)) % view.ndim() as i64;
            let (a, ai) = view.max_dim(d, keepdim).unwrap();
            let (b, bi) = c.max_dim(d, keepdim).unwrap();
            same(&a, &b);
            same(&ai, &bi);
            same(&view.argmin(None, false).unwrap(), &c.argmin(None, false).unwrap());
            same(&view.var(Some(&dims), 1.0, keepdim).unwrap(), &c.var(Some(&dims), 1.0, keepdim).unwrap());
            same(&view.cumsum(d, None).unwrap(), &c.cumsum(d, None).unwrap());
            same(&view.softmax(d, None).unwrap(), &c.softmax(d, None).unwrap());
        }
    }

    #[test]
    fn float_sums_of_views_are_close_to_sums_of_copies(
        vals in prop::collection::vec(-1.0f32..1.0, 1..400), cols in 1usize..9
    ) {
        let rows = vals.len() / cols;
        prop_assume!(rows > 0);
        let t = Tensor::from_vec(vals[..rows * cols].to_vec(), &[rows, cols]).unwrap().t().unwrap();
        for d in [0i64, 1] {
            let a = t.sum_dims(&[d], false, None).unwrap().to_vec::<f32>();
            let b = t.copy_data().unwrap().sum_dims(&[d], false, None).unwrap().to_vec::<f32>();
            for (x, y) in a.iter().zip(&b) {
                prop_assert!((x - y).abs() <= 1e-4 * (1.0 + x.abs()));
            }
        }
    }
}

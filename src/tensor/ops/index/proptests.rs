//! Properties: indexing a view agrees with indexing a contiguous copy of it, and
//! what `index_put_` writes, `index` reads back.
use super::TensorIndex;
use crate::tensor::dtype::DType;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Kind {
    Int(i64),
    Slice(i64, i64, i64),
    /// Distinct indices (a rotation of 0..size, first `k` of them).
    Tensor(usize),
    Full,
}

fn case() -> impl Strategy<Value = (Vec<usize>, Vec<i64>, Vec<Kind>, usize)> {
    prop::collection::vec(1usize..5, 1..4).prop_flat_map(|shape| {
        let nd = shape.len();
        let kinds: Vec<_> = shape
            .iter()
            .map(|&s| {
                let s = s as i64;
                prop_oneof![
                    (-s..s).prop_map(Kind::Int),
                    (-s - 1..s + 1, -s - 1..s + 2, 1i64..3).prop_map(|(a, b, c)| Kind::Slice(a, b, c)),
                    (0usize..s as usize).prop_map(Kind::Tensor),
                    Just(Kind::Full),
                ]
            })
            .collect();
        (
            Just(shape),
            Just((0..nd as i64).collect::<Vec<_>>()).prop_shuffle(),
            kinds,
            0usize..5,
        )
    })
}

/// Builds the index list for a tensor of `shape`; every index tensor has length `k`.
fn build(shape: &[usize], kinds: &[Kind], k: usize) -> Vec<TensorIndex> {
    let k = shape.iter().copied().min().unwrap_or(1).min(k.max(1));
    kinds
        .iter()
        .zip(shape)
        .map(|(kd, &s)| match *kd {
            Kind::Int(i) => TensorIndex::Int(i),
            Kind::Slice(a, b, c) => TensorIndex::Slice(Some(a), Some(b), c),
            Kind::Tensor(r) => {
                let v: Vec<i64> = (0..k).map(|j| ((j + r) % s) as i64).collect();
                TensorIndex::Tensor(Tensor::from_vec(v, &[k]).unwrap())
            }
            Kind::Full => TensorIndex::Slice(None, None, 1),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn indexing_a_view_agrees_with_indexing_its_copy((shape, perm, kinds, k) in case()) {
        let n: usize = shape.iter().product();
        let base = Tensor::arange(Scalar::Int(0), Scalar::Int(n as i64), Scalar::Int(1), None).unwrap();
        let t = base.reshape(&shape.iter().map(|&s| s as i64).collect::<Vec<_>>()).unwrap();
        let view = t.permute(&perm).unwrap();
        let copy = view.copy_data().unwrap();
        let idx = build(view.shape(), &perm.iter().map(|&d| kinds[d as usize].clone()).collect::<Vec<_>>(), k);
        let a = view.index(&idx).unwrap();
        let b = copy.index(&idx).unwrap();
        prop_assert_eq!(a.shape(), b.shape());
        prop_assert_eq!(a.to_vec::<i64>(), b.to_vec::<i64>());
    }

    #[test]
    fn index_put_then_index_reads_the_value_back((shape, perm, kinds, k) in case()) {
        let t = Tensor::zeros(&shape, DType::F32).unwrap();
        let view = t.permute(&perm).unwrap();
        let idx = build(view.shape(), &perm.iter().map(|&d| kinds[d as usize].clone()).collect::<Vec<_>>(), k);
        let target = view.index(&idx).unwrap();
        let m = target.numel();
        let vals = Tensor::arange(Scalar::Int(1), Scalar::Int(m as i64 + 1), Scalar::Int(1), Some(DType::F32))
            .unwrap()
            .reshape(&target.shape().iter().map(|&s| s as i64).collect::<Vec<_>>())
            .unwrap();
        view.index_put_(&idx, &vals, false).unwrap();
        prop_assert_eq!(view.index(&idx).unwrap().to_vec::<f32>(), vals.to_vec::<f32>());
        // Everything else stays zero: the sum is the sum of the written values.
        let total: f32 = t.to_vec::<f32>().iter().sum();
        prop_assert_eq!(total, (m * (m + 1) / 2) as f32);
    }
}

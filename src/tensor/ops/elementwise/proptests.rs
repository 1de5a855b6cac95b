//! Properties of the elementwise kernels: broadcasting equals explicit
//! expansion, strided views equal their contiguous copies, and every result has
//! a plain contiguous layout.
use super::compare::Cmp;
use super::operand::Operand;
use crate::tensor::dtype::DType;
use crate::tensor::layout::numel;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use proptest::prelude::*;

/// An output shape and two shapes that broadcast to it.
fn broadcast_pair() -> impl Strategy<Value = (Vec<usize>, Vec<usize>, Vec<usize>)> {
    prop::collection::vec(1usize..5, 0..4).prop_flat_map(|out| {
        let n = out.len();
        (Just(out), prop::collection::vec(any::<bool>(), n), prop::collection::vec(any::<bool>(), n), 0..=n, 0..=n)
            .prop_map(|(out, ones_a, ones_b, drop_a, drop_b)| {
                let shrink = |ones: &[bool], drop: usize| -> Vec<usize> {
                    out.iter().zip(ones).skip(drop).map(|(&d, &one)| if one { 1 } else { d }).collect()
                };
                let (a, b) = (shrink(&ones_a, drop_a), shrink(&ones_b, drop_b));
                (out, a, b)
            })
    })
}

fn values(shape: &[usize], seed: u64) -> Vec<f32> {
    (0..numel(shape)).map(|i| (((i as u64 * 2654435761 + seed * 97) % 17) as f32) - 8.0).collect()
}

fn make(shape: &[usize], seed: u64, dtype: DType) -> Tensor {
    Tensor::from_vec(values(shape, seed), shape).unwrap().to(dtype).unwrap()
}

fn dtype_of(i: u8) -> DType {
    [DType::F32, DType::I64, DType::I32, DType::F64, DType::F16, DType::U8][i as usize % 6]
}

/// The binary ops the properties run (all total for these small values).
fn apply(op: u8, a: &Tensor, b: &Tensor) -> Tensor {
    let (x, y) = (Operand::Tensor(a), Operand::Tensor(b));
    match op % 7 {
        0 => super::binary::add(x, y, Scalar::Int(1)),
        1 => super::binary::sub(x, y, Scalar::Int(2)),
        2 => super::binary::mul(x, y),
        3 => super::binary::maximum(x, y),
        4 => super::compare::compare(x, y, Cmp::Le),
        5 => super::binary::div(x, y, None),
        _ => super::logical::logical(x, y, super::logical::Bitwise::Xor),
    }
    .unwrap()
}

fn assert_plain_layout(t: &Tensor) {
    assert!(t.is_contiguous());
    assert_eq!(t.storage_offset(), 0);
    assert_eq!(t.with_cpu(|b| b.len()), numel(t.shape()));
}

fn same_values(p: &Tensor, q: &Tensor) -> bool {
    // Bitwise (NaN from 0/0 compares equal to itself this way).
    p.shape() == q.shape() && p.dtype() == q.dtype() && {
        let (u, v) = (p.to_vec::<f64>(), q.to_vec::<f64>());
        u.iter().zip(&v).all(|(x, y)| x.to_bits() == y.to_bits())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn broadcasting_equals_explicit_expansion((_full, sa, sb) in broadcast_pair(), op in 0u8..7, da in 0u8..6, db in 0u8..6) {
        // Dropped leading dims may make the broadcast shape shorter than the generated one.
        let out = crate::tensor::layout::broadcast_shapes(&sa, &sb).unwrap();
        let a = make(&sa, 1, dtype_of(da));
        let b = make(&sb, 2, dtype_of(db));
        let got = apply(op, &a, &b);
        let out_i: Vec<i64> = out.iter().map(|&d| d as i64).collect();
        let ea = a.expand(&out_i).unwrap().contiguous();
        let eb = b.expand(&out_i).unwrap().contiguous();
        let want = apply(op, &ea, &eb);
        // A 0-dim operand promotes differently from a dimensioned one, so compare
        // against the expansion only where both keep their kind.
        if (a.ndim() == 0) == (ea.ndim() == 0) && (b.ndim() == 0) == (eb.ndim() == 0) {
            prop_assert!(same_values(&got, &want), "{:?} vs {:?}", got.to_vec::<f64>(), want.to_vec::<f64>());
        }
        prop_assert_eq!(got.shape(), &out[..]);
        assert_plain_layout(&got);
    }

    #[test]
    fn strided_views_equal_contiguous_copies(shape in prop::collection::vec(1usize..6, 2..4), perm_seed in 0usize..6, step in 1usize..3, op in 0u8..7, dt in 0u8..6) {
        let base = make(&shape, 3, dtype_of(dt));
        // A permuted, stepped view (non-contiguous, maybe offset).
        let nd = shape.len();
        let mut dims: Vec<i64> = (0..nd as i64).collect();
        dims.rotate_left(perm_seed % nd);
        let mut v = base.permute(&dims).unwrap();
        v = v.slice(0, Some(0), None, step as i64).unwrap();
        let vc = v.contiguous();
        let other = make(v.shape(), 4, DType::F32);
        prop_assert!(same_values(&apply(op, &v, &other), &apply(op, &vc, &other)));
        prop_assert!(same_values(&apply(op, &other, &v), &apply(op, &other, &vc)));
        let e1 = v.to(DType::F32).unwrap().exp().unwrap();
        let e2 = vc.to(DType::F32).unwrap().exp().unwrap();
        prop_assert!(same_values(&e1, &e2));
        let n1 = v.abs().unwrap();
        let n2 = vc.abs().unwrap();
        prop_assert!(same_values(&n1, &n2));
        assert_plain_layout(&n1);
        let w1 = super::where_::where_(&v.gt(0i64).unwrap(), (&v).into(), (&other).into()).unwrap();
        let w2 = super::where_::where_(&vc.gt(0i64).unwrap(), (&vc).into(), (&other).into()).unwrap();
        prop_assert!(same_values(&w1, &w2));
        assert_plain_layout(&w1);
    }

    #[test]
    fn inplace_through_a_view_equals_out_of_place(shape in prop::collection::vec(1usize..5, 1..4), op in 0u8..3) {
        let base = make(&shape, 5, DType::F32);
        let nd = shape.len() as i64;
        let view = base.transpose(0, nd - 1).unwrap();
        let other = make(view.shape(), 6, DType::F32);
        let want = match op {
            0 => view.add(&other),
            1 => view.mul(&other),
            _ => view.sub(&other),
        }.unwrap();
        match op {
            0 => view.add_(&other),
            1 => view.mul_(&other),
            _ => view.sub_(&other),
        }.unwrap();
        prop_assert!(same_values(&view.contiguous(), &want));
    }

    #[test]
    fn batched_matmul_equals_per_batch_products(batch in prop::collection::vec(1usize..4, 0..3), m in 1usize..5, k in 0usize..5, n in 1usize..5, bcast in any::<bool>()) {
        let mut sa = batch.clone();
        sa.extend([m, k]);
        let sb = if bcast { vec![k, n] } else { let mut s = batch.clone(); s.extend([k, n]); s };
        let a = make(&sa, 7, DType::F32);
        let b = make(&sb, 8, DType::F32);
        let got = a.matmul(&b).unwrap();
        assert_plain_layout(&got);
        let (av, bv, gv) = (a.to_vec::<f32>(), b.to_vec::<f32>(), got.to_vec::<f32>());
        let nb: usize = batch.iter().product();
        for i in 0..nb {
            let boff = if bcast { 0 } else { i * k * n };
            for r in 0..m {
                for c in 0..n {
                    let want: f32 = (0..k).map(|p| av[i * m * k + r * k + p] * bv[boff + p * n + c]).sum();
                    prop_assert_eq!(gv[i * m * n + r * n + c], want);
                }
            }
        }
    }
}

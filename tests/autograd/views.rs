//! Gradient checks of the view ops, on contiguous and strided inputs.
use tensorlings::tensor::Tensor;
use tensorlings::tensor::autograd::functions as F;
use tensorlings::tensor::autograd::gradcheck::{TestRng, gradcheck};

fn check(name: &str, f: impl Fn(&[Tensor]) -> tensorlings::tensor::Result<Tensor>, inputs: &[Tensor]) {
    if let Err(e) = gradcheck(f, inputs, 7) {
        panic!("{name}: {e}");
    }
}

#[test]
fn reshaping_views() {
    let mut rng = TestRng::new(1);
    for x in [rng.leaf(&[3, 4]), rng.strided_leaf(&[3, 4])] {
        check("view", |i| F::reshape(&i[0], &[2, -1]), std::slice::from_ref(&x));
        check("flatten", |i| F::flatten(&i[0], 0, -1), std::slice::from_ref(&x));
        check("unflatten", |i| F::unflatten(&i[0], 1, &[2, 2]), std::slice::from_ref(&x));
        check("unsqueeze", |i| F::unsqueeze(&i[0], 1), std::slice::from_ref(&x));
        check("squeeze", |i| F::squeeze(&F::unsqueeze(&i[0], 0)?, None), std::slice::from_ref(&x));
    }
    let x = rng.leaf(&[3, 4]);
    check("view contiguous", |i| F::view(&i[0], &[12]), std::slice::from_ref(&x));
}

#[test]
fn permuting_views() {
    let mut rng = TestRng::new(2);
    for x in [rng.leaf(&[2, 3, 4]), rng.strided_leaf(&[2, 3, 4])] {
        check("permute", |i| F::permute(&i[0], &[2, 0, 1]), std::slice::from_ref(&x));
        check("transpose", |i| F::transpose(&i[0], 0, 2), std::slice::from_ref(&x));
        check(".T", |i| F::t_all(&i[0]), std::slice::from_ref(&x));
        check(".mT", |i| F::mt(&i[0]), std::slice::from_ref(&x));
    }
    let m = rng.strided_leaf(&[3, 5]);
    check("t", |i| F::t(&i[0]), &[m]);
}

#[test]
fn picking_views() {
    let mut rng = TestRng::new(3);
    for x in [rng.leaf(&[4, 5]), rng.strided_leaf(&[4, 5])] {
        let one = std::slice::from_ref(&x);
        check("select", |i| F::select(&i[0], 1, -2), one);
        check("slice", |i| F::slice(&i[0], 1, Some(1), None, 2), one);
        check("narrow", |i| F::narrow(&i[0], 0, 1, 2), one);
        check("diagonal", |i| F::diagonal(&i[0], 1, 0, 1), one);
        check("select of slice", |i| F::select(&F::slice(&i[0], 0, Some(-3), None, 1)?, 1, 0), one);
        for k in 0..3 {
            check("unbind", |i| Ok(F::unbind(&i[0], 0)?[k].clone()), one);
            check("split", |i| Ok(F::split(&i[0], 2, 1)?[k].clone()), one);
        }
        check("chunk", |i| Ok(F::chunk(&i[0], 2, 0)?[1].clone()), one);
    }
}

#[test]
fn expanding_views_sum_back() {
    let mut rng = TestRng::new(4);
    let v = rng.leaf(&[3, 1]);
    check("expand", |i| F::expand(&i[0], &[2, 3, 4]), std::slice::from_ref(&v));
    check("broadcast_to", |i| F::broadcast_to(&i[0], &[5, 3, 2]), std::slice::from_ref(&v));
    let s = rng.strided_leaf(&[2, 3]);
    check("expand strided", |i| F::expand(&i[0], &[4, -1, -1]), &[s]);
}

#[test]
fn copies() {
    let mut rng = TestRng::new(5);
    let x = rng.strided_leaf(&[3, 4]);
    check("contiguous", |i| F::contiguous(&i[0]), std::slice::from_ref(&x));
    check("clone", |i| F::clone(&i[0]), std::slice::from_ref(&x));
    check("reshape of strided copies", |i| F::reshape(&i[0], &[12]), std::slice::from_ref(&x));
}

#[test]
fn node_names_match_pytorch() {
    // Names from torch 2.15: (x.op()).grad_fn
    let mut rng = TestRng::new(6);
    let x = rng.leaf(&[1, 3, 4]);
    let name = |t: Tensor| t.grad_fn().map(|n| n.name).unwrap_or("None");
    assert_eq!(name(F::view(&x, &[12]).unwrap()), "ViewBackward0");
    assert_eq!(name(F::reshape(&F::t_all(&x).unwrap(), &[12]).unwrap()), "UnsafeViewBackward0");
    assert_eq!(name(F::squeeze(&x, None).unwrap()), "SqueezeBackward0");
    assert_eq!(name(F::squeeze(&x, Some(&[0])).unwrap()), "SqueezeBackward1");
    assert_eq!(name(F::squeeze(&x, Some(&[0, 1])).unwrap()), "SqueezeBackward2");
    assert_eq!(name(F::unsqueeze(&x, 0).unwrap()), "UnsqueezeBackward0");
    assert_eq!(name(F::permute(&x, &[2, 1, 0]).unwrap()), "PermuteBackward0");
    assert_eq!(name(F::t_all(&x).unwrap()), "PermuteBackward0");
    assert_eq!(name(F::mt(&x).unwrap()), "TransposeBackward0");
    assert_eq!(name(F::select(&x, 0, 0).unwrap()), "SelectBackward0");
    assert_eq!(name(F::slice(&x, 1, Some(1), None, 1).unwrap()), "SliceBackward0");
    assert_eq!(name(F::narrow(&x, 1, 0, 2).unwrap()), "SliceBackward0");
    assert_eq!(name(F::expand(&x, &[2, -1, -1, -1]).unwrap()), "ExpandBackward0");
    assert_eq!(name(F::unbind(&x, 1).unwrap()[0].clone()), "UnbindBackward0");
    assert_eq!(name(F::split(&x, 2, 2).unwrap()[1].clone()), "SplitBackward0");
    assert_eq!(name(F::clone(&x).unwrap()), "CloneBackward0");
    let m = F::select(&x, 0, 0).unwrap();
    assert_eq!(name(F::t(&m).unwrap()), "TBackward0");
    assert_eq!(name(F::contiguous(&F::t(&m).unwrap()).unwrap()), "CloneBackward0");
    // contiguous() and to() of what is already so hand back the tensor itself.
    assert!(F::contiguous(&x).unwrap().is_same(&x));
    assert!(F::to_dtype(&x, x.dtype()).unwrap().is_same(&x));
    assert_eq!(name(F::to_dtype(&x, tensorlings::tensor::DType::F32).unwrap()), "ToCopyBackward0");
}

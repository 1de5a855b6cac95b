//! Gradient checks of the loss ops (one node each: MseLossBackward0,
//! NllLossBackward0, BinaryCrossEntropy[WithLogits]Backward0), for every
//! reduction, with weights, ignore_index, broadcasting and strided inputs.
use tensorlings::tensor::autograd::functions::{self as F, Reduction};
use tensorlings::tensor::autograd::gradcheck::{TestRng, gradcheck};
use tensorlings::tensor::{DType, Tensor};

const REDUCTIONS: [Reduction; 3] = [Reduction::None, Reduction::Mean, Reduction::Sum];

fn check(name: &str, f: impl Fn(&[Tensor]) -> tensorlings::tensor::Result<Tensor>, inputs: &[Tensor]) {
    if let Err(e) = gradcheck(f, inputs, 11) {
        panic!("{name}: {e}");
    }
}

fn grad_fn(t: &Tensor) -> String {
    t.grad_fn().map(|n| n.name.to_string()).unwrap_or_default()
}

#[test]
fn mse_loss_gradients_and_node() {
    let mut rng = TestRng::new(1);
    for r in REDUCTIONS {
        let (x, t) = (rng.strided_leaf(&[3, 4]), rng.leaf(&[3, 4]));
        check("mse", |i| F::mse_loss(&i[0], &i[1], r), &[x.clone(), t]);
        // A target that broadcasts (PyTorch warns, then broadcasts).
        let row = rng.leaf(&[4]);
        check("mse broadcast", |i| F::mse_loss(&i[0], &i[1], r), &[x.clone(), row]);
        assert_eq!(grad_fn(&F::mse_loss(&x, &x.detach(), r).unwrap()), "MseLossBackward0");
    }
}

#[test]
fn nll_loss_gradients_with_weights_and_ignored_targets() {
    let mut rng = TestRng::new(2);
    let target = Tensor::from_vec(vec![0i64, 2, -100, 1, 2], &[5]).unwrap();
    let weight = Tensor::from_vec(vec![0.5f64, 2.0, 1.5], &[3]).unwrap();
    for r in REDUCTIONS {
        let x = rng.leaf(&[5, 3]);
        check("nll", |i| F::nll_loss(&i[0], &target, None, r, -100), std::slice::from_ref(&x));
        check("nll weighted", |i| F::nll_loss(&i[0], &target, Some(&weight), r, -100), std::slice::from_ref(&x));
        let one = rng.leaf(&[3]);
        let t0 = Tensor::from_vec(vec![1i64], &[]).unwrap();
        check("nll unbatched", |i| F::nll_loss(&i[0], &t0, None, r, -100), &[one]);
        assert_eq!(grad_fn(&F::nll_loss(&x, &target, None, r, -100).unwrap()), "NllLossBackward0");
    }
}

#[test]
fn nll_loss_refuses_what_pytorch_refuses() {
    let x = Tensor::zeros(&[2, 3], DType::F32).unwrap();
    let err = |t: &Tensor| F::nll_loss(&x, t, None, Reduction::Mean, -100).unwrap_err().to_string();
    assert_eq!(err(&Tensor::from_vec(vec![0i64, 3], &[2]).unwrap()), "Target 3 is out of bounds.");
    assert_eq!(err(&Tensor::from_vec(vec![0.0f32, 1.0], &[2]).unwrap()), "expected target dtype to be Long or Byte, but got Float");
    assert_eq!(
        err(&Tensor::from_vec(vec![0i64, 1, 2], &[3]).unwrap()),
        "Expected input batch_size (2) to match target batch_size (3)."
    );
    let one = Tensor::zeros(&[3], DType::F32).unwrap();
    let e = F::nll_loss(&one, &Tensor::from_vec(vec![1i64, 2], &[2]).unwrap(), None, Reduction::Mean, -100).unwrap_err();
    assert_eq!(e.to_string(), "For 1D input, 1D target must have size 1, but got target size: 2");
}

#[test]
fn binary_cross_entropy_gradients() {
    let mut rng = TestRng::new(3);
    for r in REDUCTIONS {
        // Probabilities inside (0, 1), away from the clamp.
        let raw = rng.leaf(&[2, 3]);
        let p = raw.detach().mul(0.4).unwrap().add(0.5).unwrap();
        p.set_requires_grad(true).unwrap();
        let t = rng.leaf(&[2, 3]).detach().abs().unwrap();
        t.set_requires_grad(true).unwrap();
        let w = Tensor::from_vec(vec![1.0f64, 0.5, 2.0], &[3]).unwrap();
        check("bce", |i| F::binary_cross_entropy(&i[0], &i[1], None, r), &[p.clone(), t.clone()]);
        check("bce weighted", |i| F::binary_cross_entropy(&i[0], &i[1], Some(&w), r), &[p.clone(), t.clone()]);
        assert_eq!(grad_fn(&F::binary_cross_entropy(&p, &t, None, r).unwrap()), "BinaryCrossEntropyBackward0");
    }
    let p = Tensor::from_vec(vec![1.5f64], &[1]).unwrap();
    let e = F::binary_cross_entropy(&p, &p, None, Reduction::Mean).unwrap_err().to_string();
    assert_eq!(e, "all elements of input should be between 0 and 1");
}

#[test]
fn binary_cross_entropy_with_logits_gradients() {
    let mut rng = TestRng::new(4);
    for r in REDUCTIONS {
        let (x, t) = (rng.strided_leaf(&[3, 2]), rng.leaf(&[3, 2]));
        let pw = Tensor::from_vec(vec![2.0f64, 0.5], &[2]).unwrap();
        let w = Tensor::from_vec(vec![0.3f64, 1.2], &[2]).unwrap();
        check("bce logits", |i| F::binary_cross_entropy_with_logits(&i[0], &i[1], None, None, r), &[x.clone(), t.clone()]);
        check(
            "bce logits weighted",
            |i| F::binary_cross_entropy_with_logits(&i[0], &i[1], Some(&w), Some(&pw), r),
            &[x.clone(), t.clone()],
        );
        let node = grad_fn(&F::binary_cross_entropy_with_logits(&x, &t, None, None, r).unwrap());
        assert_eq!(node, "BinaryCrossEntropyWithLogitsBackward0");
    }
}

//! The engine on its own: ops defined here through the public `record` API
//! (so these tests need no kernel but their own), expected values and error
//! texts from torch 2.15.
use tensorlings::tensor::autograd::functions as F;
use tensorlings::tensor::autograd::grad_math::from_f64;
use tensorlings::tensor::autograd::node::SavedTensor;
use tensorlings::tensor::autograd::record::record;
use tensorlings::tensor::autograd::{self, backward, no_grad};
use tensorlings::tensor::{DType, Result, Tensor};

fn map(t: &Tensor, f: impl Fn(f64) -> f64) -> Tensor {
    from_f64(t.to_vec::<f64>().into_iter().map(f).collect(), t.shape(), t.dtype()).unwrap()
}
fn zip(a: &Tensor, b: &Tensor, f: impl Fn(f64, f64) -> f64) -> Tensor {
    let v = a.to_vec::<f64>().into_iter().zip(b.to_vec::<f64>()).map(|(x, y)| f(x, y)).collect();
    from_f64(v, a.shape(), a.dtype()).unwrap()
}

/// x * x, saving its input (as MulBackward0 does).
fn square(x: &Tensor) -> Tensor {
    let out = map(x, |v| v * v);
    record("MulBackward0", &[x], out, vec![SavedTensor::input(x)], |ctx| {
        Ok(vec![Some(zip(ctx.grad, &ctx.saved[0], |g, x| 2.0 * g * x))])
    })
}

/// exp(x), saving its output (as ExpBackward0 does).
fn exp(x: &Tensor) -> Tensor {
    let out = map(x, f64::exp);
    let saved = vec![SavedTensor::output(&out, "ExpBackward0")];
    record("ExpBackward0", &[x], out, saved, |ctx| Ok(vec![Some(zip(ctx.grad, &ctx.saved[0], |g, y| g * y))]))
}

fn leaf(v: Vec<f64>, shape: &[usize]) -> Tensor {
    let t = Tensor::from_vec(v, shape).unwrap();
    t.set_requires_grad(true).unwrap();
    t
}

fn err(r: Result<()>) -> String {
    r.unwrap_err().to_string()
}

const SECOND_TIME: &str = "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

#[test]
fn gradients_accumulate_across_backward_calls() {
    // x = torch.tensor(3.0, requires_grad=True); (x*x).backward() twice -> 6., then 12.
    let x = leaf(vec![3.0], &[]);
    square(&x).backward(None, false).unwrap();
    assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![6.0]);
    let g = x.grad().unwrap();
    square(&x).backward(None, false).unwrap();
    assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![12.0]);
    // PyTorch adds into the existing .grad in place.
    assert_eq!(g.to_vec::<f64>(), vec![12.0]);
}

#[test]
fn second_backward_needs_retain_graph() {
    let x = leaf(vec![1.0, 2.0], &[2]);
    let y = square(&x);
    let ones = Tensor::ones(&[2], DType::F64).unwrap();
    y.backward(Some(ones.clone()), false).unwrap();
    assert_eq!(err(y.backward(Some(ones.clone()), false)), SECOND_TIME);
    // With retain_graph the graph survives: x.grad = 2 * (2x).
    x.set_grad(None).unwrap();
    let z = square(&x);
    z.backward(Some(ones.clone()), true).unwrap();
    z.backward(Some(ones), false).unwrap();
    assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![4.0, 8.0]);
}

#[test]
fn nodes_without_saved_tensors_run_again() {
    // y = x.view(1); y.backward(); y.backward() -> x.grad == 2.
    let x = leaf(vec![3.0], &[]);
    let y = F::view(&x, &[1]).unwrap();
    y.backward(None, false).unwrap();
    y.backward(None, false).unwrap();
    assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![2.0]);
}

#[test]
fn error_texts() {
    let x = leaf(vec![1.0, 2.0, 3.0], &[3]);
    let y = square(&x);
    assert_eq!(err(y.backward(None, false)), "grad can be implicitly created only for scalar outputs");
    assert_eq!(
        err(y.backward(Some(Tensor::ones(&[2], DType::F64).unwrap()), false)),
        "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3])."
    );
    let plain = Tensor::from_vec(vec![1.0f32], &[]).unwrap();
    assert_eq!(
        err(plain.backward(None, false)),
        "element 0 of tensors does not require grad and does not have a grad_fn"
    );
    let i = Tensor::from_vec(vec![1i64, 2], &[2]).unwrap();
    assert_eq!(err(i.set_requires_grad(true)), "only Tensors of floating point dtype can require gradients");
    assert_eq!(
        err(y.set_requires_grad(false)),
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
    );
    assert_eq!(
        err(x.check_numpy_allowed()),
        "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
    );
}

#[test]
fn saved_tensors_modified_in_place_are_caught() {
    // y = a.exp(); with no_grad: y.add_(1); y.backward(torch.ones(3))
    let a = leaf(vec![1.0, 2.0, 3.0], &[3]);
    let y = exp(&a);
    y.storage().bump_version();
    let ones = Tensor::ones(&[3], DType::F64).unwrap();
    assert_eq!(
        err(y.backward(Some(ones.clone()), false)),
        "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    );
    // A saved leaf changed under no_grad: the message names no op.
    let z = square(&a);
    a.storage().bump_version();
    assert_eq!(
        err(z.backward(Some(ones), false)),
        "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    );
}

#[test]
fn no_grad_and_detach() {
    let x = leaf(vec![1.0, 2.0, 3.0], &[3]);
    {
        let _g = no_grad();
        let y = square(&x);
        assert!(!y.requires_grad() && y.grad_fn().is_none());
    }
    assert!(autograd::is_grad_enabled());
    let y = square(&x);
    assert!(y.requires_grad() && !y.is_leaf());
    let d = x.detach();
    assert!(!d.requires_grad() && d.is_leaf() && d.shares_storage(&x));
}

#[test]
fn several_roots_and_shared_subgraphs() {
    // a = [1,2,3]; torch.autograd.backward([a[0], a[1]], [2., 3.]) -> a.grad = [2, 3, 0]
    let a = leaf(vec![1.0, 2.0, 3.0], &[3]);
    let r = [F::select(&a, 0, 0).unwrap(), F::select(&a, 0, 1).unwrap()];
    let g = [Some(Tensor::from_vec(vec![2.0], &[]).unwrap()), Some(Tensor::from_vec(vec![3.0], &[]).unwrap())];
    backward(&r, &g, false).unwrap();
    assert_eq!(a.grad().unwrap().to_vec::<f64>(), vec![2.0, 3.0, 0.0]);
    // A diamond: s = square(a); u = s[0] + ... via two views of s into one root.
    let a = leaf(vec![1.0, 2.0], &[2]);
    let s = square(&a);
    let e = F::expand(&F::unsqueeze(&s, 0).unwrap(), &[3, 2]).unwrap();
    e.backward(Some(Tensor::ones(&[3, 2], DType::F64).unwrap()), false).unwrap();
    // d/da sum(3 * a^2) = 6a
    assert_eq!(a.grad().unwrap().to_vec::<f64>(), vec![6.0, 12.0]);
}

#[test]
fn retain_grad_keeps_a_non_leaf_gradient() {
    // x=[1,2]; z = x*x (here square); z.retain_grad(); w = square(z); w.backward(ones)
    // -> z.grad = 2z = [2, 8]
    let x = leaf(vec![1.0, 2.0], &[2]);
    let z = square(&x);
    z.retain_grad().unwrap();
    assert!(z.retains_grad());
    let w = square(&z);
    w.backward(Some(Tensor::ones(&[2], DType::F64).unwrap()), false).unwrap();
    assert_eq!(z.grad().unwrap().to_vec::<f64>(), vec![2.0, 8.0]);
    assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![4.0, 32.0]);
}

#[test]
fn gradients_take_their_input_dtype() {
    let x = Tensor::from_vec(vec![1.0f32, 2.0], &[2]).unwrap();
    x.set_requires_grad(true).unwrap();
    let y = F::to_dtype(&x, DType::F64).unwrap();
    let y2 = square(&y);
    y2.backward(Some(Tensor::ones(&[2], DType::F64).unwrap()), false).unwrap();
    let g = x.grad().unwrap();
    assert_eq!(g.dtype(), DType::F32);
    assert_eq!(g.to_vec::<f32>(), vec![2.0, 4.0]);
}

//! What a differentiable op calls after its forward kernel: when grad mode is on
//! and an input requires grad, it hangs a `Node` with the backward formula on
//! the output.
use super::is_grad_enabled;
use super::node::{BackwardFn, Ctx, InputMeta, Node, SavedTensor};
use crate::tensor::error::{Result, runtime};
use crate::tensor::tensor::Tensor;
use std::sync::Arc;

/// Whether an op over `inputs` records itself now.
pub fn needs_grad(inputs: &[&Tensor]) -> bool {
    is_grad_enabled() && inputs.iter().any(|t| t.requires_grad())
}

/// Where the gradient of `t` goes: its `grad_fn`, its leaf's `AccumulateGrad`
/// (made once and shared), or nowhere when it needs none.
pub fn gradient_edge(t: &Tensor) -> Option<Arc<Node>> {
    let mut meta = t.autograd();
    if let Some(f) = &meta.grad_fn {
        return Some(f.clone());
    }
    if !meta.requires_grad {
        return None;
    }
    if let Some(n) = meta.grad_accumulator.upgrade() {
        return Some(n);
    }
    let n = Arc::new(Node::accumulate_grad(t));
    meta.grad_accumulator = Arc::downgrade(&n);
    Some(n)
}

fn make_node(
    name: &'static str,
    inputs: &[&Tensor],
    saved: Vec<SavedTensor>,
    backward: Box<BackwardFn>,
) -> Arc<Node> {
    let next = inputs.iter().map(|t| gradient_edge(t)).collect();
    let metas = inputs.iter().map(|t| InputMeta { shape: t.shape().to_vec(), dtype: t.dtype(), device: t.device() }).collect();
    Arc::new(Node::function(name, next, metas, saved, backward))
}

/// Records op `name` on `output` when needed and returns the output. `saved`
/// are the tensors the formula reads, in order, as `ctx.saved`. A forward that
/// handed back one of its inputs (`contiguous()` on a contiguous tensor) gets a
/// fresh alias, so the input keeps its own history.
pub fn record(
    name: &'static str,
    inputs: &[&Tensor],
    output: Tensor,
    saved: Vec<SavedTensor>,
    backward: impl Fn(&Ctx) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Tensor {
    if !needs_grad(inputs) || !output.dtype().is_float() {
        return output;
    }
    let output = if inputs.iter().any(|i| i.is_same(&output)) {
        output.with_layout(output.layout().clone())
    } else {
        output
    };
    let node = make_node(name, inputs, saved, Box::new(backward));
    let mut meta = output.autograd();
    meta.requires_grad = true;
    meta.grad_fn = Some(node);
    drop(meta);
    output
}

/// Records a function whose formula needs nothing saved.
pub fn record_simple(
    name: &'static str,
    inputs: &[&Tensor],
    output: Tensor,
    backward: impl Fn(&Ctx) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) -> Tensor {
    record(name, inputs, output, vec![], backward)
}

/// PyTorch's check before any in-place op: a leaf that requires grad may only
/// be changed under `no_grad`.
pub fn check_inplace(t: &Tensor) -> Result<()> {
    if is_grad_enabled() {
        let meta = t.autograd();
        if meta.grad_fn.is_none() && meta.requires_grad {
            return runtime("a leaf Variable that requires grad is being used in an in-place operation.");
        }
    }
    Ok(())
}

/// After an in-place op on `target` (already written): its history becomes
/// this op, whose first input is `target` as it was before.
pub fn record_inplace(
    name: &'static str,
    target: &Tensor,
    others: &[&Tensor],
    saved: Vec<SavedTensor>,
    backward: impl Fn(&Ctx) -> Result<Vec<Option<Tensor>>> + Send + Sync + 'static,
) {
    let mut inputs = vec![target];
    inputs.extend_from_slice(others);
    if !needs_grad(&inputs) || !target.dtype().is_float() {
        return;
    }
    let node = make_node(name, &inputs, saved, Box::new(backward));
    let mut meta = target.autograd();
    meta.requires_grad = true;
    meta.grad_fn = Some(node.clone());
    let retains = meta.retains_grad;
    drop(meta);
    if retains {
        node.add_retained(target);
    }
}

//! `backward`: count how many gradients each node waits for, then run nodes as
//! their last gradient arrives, adding up gradients that meet at one node.
//! micrograd's walk over a topological order, with tensors for numbers.
use super::grad_math::{add, add_into, is_expandable_to, ones_like, sum_to};
use super::node::{Ctx, Node, NodeKind};
use super::record::gradient_edge;
use super::GradModeGuard;
use crate::tensor::error::{Result, TensorError, runtime};
use crate::tensor::tensor::Tensor;
use std::collections::HashMap;
use std::sync::Arc;

/// `torch.autograd.backward(tensors, grad_tensors, retain_graph)`.
pub fn backward(roots: &[Tensor], grads: &[Option<Tensor>], retain_graph: bool) -> Result<()> {
    let mut pending: HashMap<usize, Tensor> = HashMap::new();
    let mut root_nodes = vec![];
    for (i, root) in roots.iter().enumerate() {
        let Some(node) = gradient_edge(root) else {
            return runtime(format!("element {i} of tensors does not require grad and does not have a grad_fn"));
        };
        let grad = root_grad(i, root, grads.get(i).cloned().flatten())?;
        accumulate(&mut pending, &node, grad)?;
        root_nodes.push(node);
    }
    let mut deps = count_dependencies(&root_nodes);

    let _no_grad = GradModeGuard::new(false);
    let mut ready: Vec<Arc<Node>> = vec![];
    for n in root_nodes {
        if deps.get(&n.key()).copied().unwrap_or(0) == 0 && !ready.iter().any(|r| Arc::ptr_eq(r, &n)) {
            ready.push(n);
        }
    }
    while let Some(node) = ready.pop() {
        if let Some(grad) = pending.remove(&node.key()) {
            let input_grads = run_node(&node, &grad)?;
            for (next, g) in node.next.iter().zip(input_grads) {
                if let (Some(next), Some(g)) = (next, g) {
                    accumulate(&mut pending, next, g)?;
                }
            }
        }
        if !retain_graph {
            node.release_saved();
        }
        for next in node.next.iter().flatten() {
            let d = deps.get_mut(&next.key()).expect("counted above");
            *d -= 1;
            if *d == 0 {
                ready.push(next.clone());
            }
        }
    }
    Ok(())
}

/// The gradient a root starts with: the one given (checked, in the root's
/// dtype), or an implicit 1 for a one-element root.
fn root_grad(i: usize, root: &Tensor, given: Option<Tensor>) -> Result<Tensor> {
    match given {
        None => {
            if root.numel() != 1 {
                return runtime("grad can be implicitly created only for scalar outputs");
            }
            ones_like(root)
        }
        Some(g) => {
            if g.shape() != root.shape() {
                return runtime(format!(
                    "Mismatch in shape: grad_output[{i}] has a shape of {} and output[{i}] has a shape of {}.",
                    torch_size(g.shape()),
                    torch_size(root.shape())
                ));
            }
            g.to_dtype(root.dtype())?.to_device(root.device())
        }
    }
}

fn torch_size(shape: &[usize]) -> String {
    format!("torch.Size({})", crate::tensor::layout::shape_str(shape))
}

/// For every node reachable from the roots, how many edges lead into it.
fn count_dependencies(roots: &[Arc<Node>]) -> HashMap<usize, usize> {
    let mut deps: HashMap<usize, usize> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<Arc<Node>> = roots.to_vec();
    while let Some(n) = stack.pop() {
        if !seen.insert(n.key()) {
            continue;
        }
        for next in n.next.iter().flatten() {
            *deps.entry(next.key()).or_insert(0) += 1;
            stack.push(next.clone());
        }
    }
    deps
}

fn accumulate(pending: &mut HashMap<usize, Tensor>, node: &Arc<Node>, g: Tensor) -> Result<()> {
    let key = node.key();
    let sum = match pending.remove(&key) {
        None => g,
        Some(prev) => add(&prev, &g)?,
    };
    pending.insert(key, sum);
    Ok(())
}

/// Runs one node on the gradient of its output; returns its inputs' gradients,
/// each summed down to its input's shape and cast to its dtype.
fn run_node(node: &Arc<Node>, grad: &Tensor) -> Result<Vec<Option<Tensor>>> {
    // Each tensor the engine itself makes belongs on the device of the tensor it
    // is for (a graph may cross devices through `to()`).
    use crate::backend::cuda::fallback::on_device;
    for t in node.retained() {
        on_device(t.device(), || retain(&t, grad))?;
    }
    let formula = match &node.kind {
        NodeKind::AccumulateGrad(leaf) => {
            on_device(leaf.device(), || accumulate_into_leaf(leaf, grad))?;
            return Ok(vec![]);
        }
        NodeKind::Function(f) => f,
    };
    let saved = node.unpack_saved()?;
    let needs: Vec<bool> = node.next.iter().map(Option::is_some).collect();
    // Tensors the formula creates go to the gradient's device (a CUDA graph runs
    // its backward on the GPU; ops without a kernel take the host round trip).
    let grads = crate::backend::cuda::fallback::on_device(grad.device(), || formula(&Ctx { grad, saved: &saved, needs: &needs }))?;
    if grads.len() != node.next.len() {
        return runtime(format!(
            "function {} returned an incorrect number of gradients (expected {}, got {})",
            node.name,
            node.next.len(),
            grads.len()
        ));
    }
    let mut out = Vec::with_capacity(grads.len());
    for (i, g) in grads.into_iter().enumerate() {
        let g = match (g, &node.next[i]) {
            (Some(g), Some(_)) => Some(on_device(node.inputs[i].device, || fit_to_input(node, i, g))?),
            _ => None,
        };
        out.push(g);
    }
    Ok(out)
}

/// PyTorch's `validate_outputs`: a gradient broadcast wider than its input is
/// summed back; its dtype becomes the input's.
fn fit_to_input(node: &Node, i: usize, g: Tensor) -> Result<Tensor> {
    let meta = &node.inputs[i];
    let g = if g.shape() == meta.shape.as_slice() {
        g
    } else if is_expandable_to(&meta.shape, g.shape()) {
        sum_to(&g, &meta.shape)?
    } else {
        return Err(TensorError::Runtime(format!(
            "Function {} returned an invalid gradient at index {i} - got {} but expected shape compatible with {}",
            node.name,
            crate::tensor::layout::shape_str(g.shape()),
            crate::tensor::layout::shape_str(&meta.shape)
        )));
    };
    g.to_dtype(meta.dtype)?.to_device(meta.device)
}

/// `AccumulateGrad`: the first gradient is stored (as a copy, so it never
/// aliases another tensor), later ones are added in place.
fn accumulate_into_leaf(leaf: &Tensor, grad: &Tensor) -> Result<()> {
    let existing = leaf.grad();
    match existing {
        Some(prev) if prev.shape() == grad.shape() => add_into(&prev, grad),
        _ => {
            let fresh = grad.to_dtype(leaf.dtype())?.to_device(leaf.device())?.copy_data()?;
            leaf.autograd().grad = Some(fresh);
            Ok(())
        }
    }
}

/// `retain_grad()` on a non-leaf: its `.grad` gets the gradient flowing into its
/// `grad_fn` (a copy the first time, added to afterwards).
fn retain(t: &Tensor, grad: &Tensor) -> Result<()> {
    let existing = t.grad();
    let new = match existing {
        Some(prev) => add(&prev, grad)?,
        None => grad.copy_data()?,
    };
    t.autograd().grad = Some(new);
    Ok(())
}

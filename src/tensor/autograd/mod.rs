//! Autograd: ops record a graph of `Node`s as they run; `backward` walks it.
//!
//! - `node.rs`: one recorded op (PyTorch's `grad_fn`), its edges and saved tensors;
//! - `record.rs`: what a differentiable op calls after its forward kernel;
//! - `engine.rs`: `backward`, walking the graph in dependency order;
//! - `grad_math.rs`: the few kernels the engine itself needs (sum-to-shape, accumulate);
//! - `tensor_api.rs`: the autograd methods of `Tensor` (`requires_grad_`, `detach`, ...);
//! - `functions/`: one differentiable function per PyTorch op, by family.
pub mod engine;
pub mod functions;
pub mod grad_math;
pub mod gradcheck;
pub mod node;
pub mod record;
pub mod tensor_api;

pub use engine::backward;
pub use node::Node;

use super::tensor::Tensor;
use std::cell::Cell;
use std::sync::{Arc, Weak};

/// The autograd state of one tensor.
#[derive(Default)]
pub struct AutogradMeta {
    pub requires_grad: bool,
    pub grad: Option<Tensor>,
    /// The op that made this tensor; None for leaves.
    pub grad_fn: Option<Arc<Node>>,
    pub retains_grad: bool,
    /// A leaf's `AccumulateGrad` node, shared by every op that uses the leaf.
    pub grad_accumulator: Weak<Node>,
}

thread_local! {
    static GRAD_ENABLED: Cell<bool> = const { Cell::new(true) };
}

/// Whether ops record the graph now (`torch.is_grad_enabled()`).
pub fn is_grad_enabled() -> bool {
    GRAD_ENABLED.with(|g| g.get())
}

/// Sets grad mode and returns the previous one (`torch.set_grad_enabled`).
pub fn set_grad_enabled(on: bool) -> bool {
    GRAD_ENABLED.with(|g| g.replace(on))
}

/// Sets grad mode until dropped, then restores the previous mode
/// (`with torch.no_grad():` is `GradModeGuard::new(false)`).
pub struct GradModeGuard {
    prev: bool,
}

impl GradModeGuard {
    pub fn new(on: bool) -> GradModeGuard {
        GradModeGuard { prev: set_grad_enabled(on) }
    }
}

impl Drop for GradModeGuard {
    fn drop(&mut self) {
        set_grad_enabled(self.prev);
    }
}

/// `torch.no_grad()` as a guard.
pub fn no_grad() -> GradModeGuard {
    GradModeGuard::new(false)
}

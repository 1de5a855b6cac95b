//! Autograd: the graph that ops record and `backward` walks.
//! (The graph nodes and backward functions are filled in by the autograd work;
//! this file holds the per-tensor state every tensor carries.)
use super::tensor::Tensor;
use std::cell::Cell;
use std::sync::Arc;

/// One recorded operation: PyTorch's `grad_fn` object.
pub struct Node {
    /// PyTorch's class name, e.g. `MulBackward0`.
    pub name: &'static str,
}

/// The autograd state of one tensor.
#[derive(Default)]
pub struct AutogradMeta {
    pub requires_grad: bool,
    pub grad: Option<Tensor>,
    pub grad_fn: Option<Arc<Node>>,
    pub retains_grad: bool,
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

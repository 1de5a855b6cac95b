//! The autograd methods of `Tensor`, as `torch.Tensor` has them.
use super::engine;
use super::node::Node;
use crate::tensor::error::{Result, runtime};
use crate::tensor::tensor::Tensor;
use std::sync::Arc;

impl Tensor {
    /// `requires_grad_(flag)` / `t.requires_grad = flag`.
    pub fn set_requires_grad(&self, flag: bool) -> Result<()> {
        let mut meta = self.autograd();
        if meta.grad_fn.is_some() {
            if flag {
                return Ok(()); // already requires grad through its history
            }
            return runtime(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
            );
        }
        if flag && !self.dtype().is_float() {
            return runtime("only Tensors of floating point dtype can require gradients");
        }
        meta.requires_grad = flag;
        Ok(())
    }

    /// `requires_grad_()`: sets the flag and returns the tensor itself.
    pub fn requires_grad_(&self, flag: bool) -> Result<Tensor> {
        self.set_requires_grad(flag)?;
        Ok(self.clone())
    }

    /// `t.grad = g` (or `None`).
    pub fn set_grad(&self, grad: Option<Tensor>) -> Result<()> {
        if let Some(g) = &grad {
            if g.shape() != self.shape() {
                return runtime("assigned grad has data of a different size");
            }
            if g.dtype() != self.dtype() {
                return runtime("assigned grad has data of a different type");
            }
        }
        self.autograd().grad = grad;
        Ok(())
    }

    /// `grad_fn`: the node that made this tensor (None for leaves).
    pub fn grad_fn(&self) -> Option<Arc<Node>> {
        self.autograd().grad_fn.clone()
    }

    /// `retain_grad()`: a non-leaf keeps its gradient in `.grad` after backward.
    pub fn retain_grad(&self) -> Result<()> {
        let mut meta = self.autograd();
        if !meta.requires_grad && meta.grad_fn.is_none() {
            return runtime("can't retain_grad on Tensor that has requires_grad=False");
        }
        let Some(node) = meta.grad_fn.clone() else {
            return Ok(()); // leaves keep their gradient anyway
        };
        meta.retains_grad = true;
        drop(meta);
        node.add_retained(self);
        Ok(())
    }

    /// `retains_grad`: true for a non-leaf after `retain_grad()`.
    pub fn retains_grad(&self) -> bool {
        let meta = self.autograd();
        meta.retains_grad && meta.grad_fn.is_some()
    }

    /// `detach()`: the same data (and version counter), outside the graph.
    pub fn detach(&self) -> Tensor {
        self.with_layout(self.layout().clone())
    }

    /// `detach_()`: cuts this tensor from its history, in place.
    pub fn detach_(&self) -> Tensor {
        let mut meta = self.autograd();
        meta.grad_fn = None;
        meta.requires_grad = false;
        meta.retains_grad = false;
        drop(meta);
        self.clone()
    }

    /// `.data`: a tensor over the same data that does not require grad.
    pub fn data(&self) -> Tensor {
        self.detach()
    }

    /// `backward(gradient=None, retain_graph=None)`.
    pub fn backward(&self, gradient: Option<Tensor>, retain_graph: bool) -> Result<()> {
        engine::backward(std::slice::from_ref(self), &[gradient], retain_graph)
    }

    /// The check `.numpy()` makes before sharing memory with NumPy.
    pub fn check_numpy_allowed(&self) -> Result<()> {
        if self.requires_grad() {
            return runtime("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
        }
        Ok(())
    }
}

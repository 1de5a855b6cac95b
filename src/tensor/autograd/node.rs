//! One recorded operation: PyTorch's `grad_fn` object. It knows where the
//! gradients of its inputs go (`next`), what the inputs looked like (to give
//! each gradient its input's shape and dtype), the tensors its formula needs
//! (saved with their version, to catch in-place changes), and the formula.
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, TensorError};
use crate::tensor::layout::shape_str;
use crate::tensor::tensor::{Tensor, TensorImpl};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

/// What a backward formula sees: the gradient of the op's output, the tensors it
/// saved (checked and unpacked), and which inputs want a gradient.
pub struct Ctx<'a> {
    pub grad: &'a Tensor,
    pub saved: &'a [Tensor],
    pub needs: &'a [bool],
}

impl Ctx<'_> {
    pub fn needs(&self, input: usize) -> bool {
        self.needs.get(input).copied().unwrap_or(false)
    }
}

/// A backward formula: the gradient for each input (None where not needed).
pub type BackwardFn = dyn Fn(&Ctx) -> Result<Vec<Option<Tensor>>> + Send + Sync;

/// Shape and dtype of one input, as recorded at forward time.
#[derive(Clone, Debug)]
pub struct InputMeta {
    pub shape: Vec<usize>,
    pub dtype: DType,
    /// Where the input lives: its gradient is delivered there.
    pub device: crate::tensor::Device,
}

pub enum NodeKind {
    /// An op with a formula.
    Function(Box<BackwardFn>),
    /// The sink of a leaf: adds what arrives into the leaf's `.grad`.
    AccumulateGrad(Tensor),
}

/// A tensor saved for backward, with the version its storage had then.
pub struct SavedTensor {
    tensor: Tensor,
    version: u64,
    /// Set when the op saved its own output: the name of the op (PyTorch
    /// reports the op that produced it, even after an in-place rewrite).
    output_of: Option<&'static str>,
}

impl SavedTensor {
    pub fn input(t: &Tensor) -> SavedTensor {
        SavedTensor { tensor: t.clone(), version: t.storage().version(), output_of: None }
    }

    /// Saves an op's own output without its autograd state (a graph must not
    /// hold itself through its output).
    pub fn output(t: &Tensor, op: &'static str) -> SavedTensor {
        let alias = t.with_layout(t.layout().clone());
        SavedTensor { tensor: alias, version: t.storage().version(), output_of: Some(op) }
    }

    fn unpack(&self) -> Result<Tensor> {
        let now = self.tensor.storage().version();
        if now == self.version {
            return Ok(self.tensor.clone());
        }
        let producer = match self.output_of {
            Some(name) => Some(name),
            None => self.tensor.autograd().grad_fn.as_ref().map(|n| n.name),
        };
        let which = match producer {
            Some(name) => format!(", which is output 0 of {},", op_name(name)),
            None => String::new(),
        };
        Err(TensorError::Runtime(format!(
            "one of the variables needed for gradient computation has been modified by an inplace operation: [{} {}]{which} is at version {now}; expected version {} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).",
            self.tensor.dtype().legacy_type_name(),
            shape_str(self.tensor.shape()),
            self.version
        )))
    }
}

/// `MulBackward0` -> `Mul`, as PyTorch names ops in its in-place error.
fn op_name(node_name: &str) -> &str {
    let base = node_name.trim_end_matches(|c: char| c.is_ascii_digit());
    base.strip_suffix("Backward").unwrap_or(base)
}

const FREED: &str = "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

enum Saved {
    Live(Vec<SavedTensor>),
    Freed,
}

pub struct Node {
    /// PyTorch's class name, e.g. `MulBackward0`.
    pub name: &'static str,
    /// Where each input's gradient goes: its `grad_fn`, its leaf's
    /// `AccumulateGrad`, or nowhere (an input that needs no gradient).
    pub next: Vec<Option<Arc<Node>>>,
    pub inputs: Vec<InputMeta>,
    pub kind: NodeKind,
    saved: Mutex<Saved>,
    /// Non-leaf tensors made by this node that asked for `retain_grad()`.
    retained: Mutex<Vec<Weak<TensorImpl>>>,
}

impl Node {
    pub fn function(
        name: &'static str,
        next: Vec<Option<Arc<Node>>>,
        inputs: Vec<InputMeta>,
        saved: Vec<SavedTensor>,
        backward: Box<BackwardFn>,
    ) -> Node {
        Node {
            name,
            next,
            inputs,
            kind: NodeKind::Function(backward),
            saved: Mutex::new(Saved::Live(saved)),
            retained: Mutex::new(vec![]),
        }
    }

    pub fn accumulate_grad(leaf: &Tensor) -> Node {
        Node {
            name: "AccumulateGrad",
            next: vec![],
            inputs: vec![InputMeta { shape: leaf.shape().to_vec(), dtype: leaf.dtype(), device: leaf.device() }],
            kind: NodeKind::AccumulateGrad(leaf.clone()),
            saved: Mutex::new(Saved::Live(vec![])),
            retained: Mutex::new(vec![]),
        }
    }

    /// `grad_fn.name()`: C++-defined nodes carry their namespace
    /// (`torch::autograd::AccumulateGrad`); generated ones do not.
    pub fn qualified_name(&self) -> String {
        match self.name {
            "AccumulateGrad" | "CopyBackwards" | "CopySlices" => format!("torch::autograd::{}", self.name),
            n => n.to_string(),
        }
    }

    /// The leaf of an `AccumulateGrad` node (`grad_fn.next_functions[0][0].variable`).
    pub fn variable(&self) -> Option<&Tensor> {
        match &self.kind {
            NodeKind::AccumulateGrad(t) => Some(t),
            NodeKind::Function(_) => None,
        }
    }

    fn saved(&self) -> MutexGuard<'_, Saved> {
        self.saved.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The saved tensors, checked against in-place changes.
    pub fn unpack_saved(&self) -> Result<Vec<Tensor>> {
        match &*self.saved() {
            Saved::Live(v) => v.iter().map(SavedTensor::unpack).collect(),
            Saved::Freed => Err(TensorError::Runtime(FREED.into())),
        }
    }

    /// Drops the saved tensors after a backward without `retain_graph`. A node
    /// that saved nothing stays usable, as in PyTorch.
    pub fn release_saved(&self) {
        let mut s = self.saved();
        if matches!(&*s, Saved::Live(v) if !v.is_empty()) {
            *s = Saved::Freed;
        }
    }

    pub fn add_retained(&self, t: &Tensor) {
        let mut r = self.retained.lock().unwrap_or_else(|e| e.into_inner());
        if !r.iter().any(|w| w.as_ptr() == Arc::as_ptr(&t.0)) {
            r.push(Arc::downgrade(&t.0));
        }
    }

    /// The live tensors that retain the gradient flowing into this node.
    pub fn retained(&self) -> Vec<Tensor> {
        let r = self.retained.lock().unwrap_or_else(|e| e.into_inner());
        r.iter().filter_map(|w| w.upgrade().map(Tensor)).collect()
    }

    /// Key for maps of nodes (identity).
    pub fn key(self: &Arc<Self>) -> usize {
        Arc::as_ptr(self) as usize
    }
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}>", self.name)
    }
}

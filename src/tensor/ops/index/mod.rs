//! Indexing: the engine side of Python's `t[...]` and `t[...] = v`, plus the
//! named indexing ops (`index_select`, `gather`, `scatter`, `masked_select`,
//! `nonzero`, `take`).
//!
//! `t[i, a:b:c, None, ..., idx]` arrives as a list of [`TensorIndex`]. Ints,
//! slices, `None` and `...` make a view (no copy) of the same storage; index
//! tensors (int64/int32 indices, or bool/uint8 masks) then pick elements into a
//! new tensor ("advanced indexing"), broadcast together as NumPy does. Where the
//! advanced dims go follows PyTorch: in place when the indexed dims are next to
//! each other, first otherwise.
mod advanced;
mod nonzero;
mod plan;
mod put;
mod scatter;
mod select;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use crate::tensor::error::Result;
use crate::tensor::tensor::Tensor;

/// One entry of an index expression.
#[derive(Clone, Debug)]
pub enum TensorIndex {
    /// `t[3]`, `t[-1]`: selects and drops the dim.
    Int(i64),
    /// `t[start:stop:step]` (Python's clamping; the step must be positive).
    Slice(Option<i64>, Option<i64>, i64),
    /// `t[None]`: a new dim of size 1.
    NewAxis,
    /// `t[...]`: as many `:` as the dims left over.
    Ellipsis,
    /// An index tensor: int64/int32 values, or a bool/uint8 mask over as many dims as it has.
    Tensor(Tensor),
}

impl Tensor {
    /// `self[indices]`. A view when only ints, slices, `None` and `...` appear;
    /// a new tensor when an index tensor does.
    pub fn index(&self, indices: &[TensorIndex]) -> Result<Tensor> {
        let p = plan::plan(self, indices)?;
        if p.adv.is_empty() {
            return Ok(p.view);
        }
        let a = advanced::AdvPlan::new(&p.view, &p.adv)?;
        a.gather(&p.view)
    }
}

//! `torch.where(cond, a, b)`: picks from `a` where `cond` is true, else from `b`,
//! broadcasting all three; `a` and `b` promote (numbers as Python scalars).
use super::kernel::{Src, broadcast_strides, coalesce, new_vec, walk};
use super::num::Num;
use super::operand::{Operand, result_type, with_srcs2};
use crate::tensor::buffer::BufferElement;
use crate::tensor::dtype::{DType, pretty_name};
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::{broadcast_shapes, numel};
use crate::tensor::tensor::Tensor;
use crate::with_dtype;

/// `where` computing in (and giving) `dtype`; `cond` must already be bool.
pub(crate) fn select(cond: &Tensor, a: &Operand, b: &Operand, dtype: DType) -> Result<Tensor> {
    let shape = broadcast_shapes(cond.shape(), &super::operand::broadcast2(a, b)?)?;
    if let Some(t) = crate::backend::cuda::ops::select::where_(cond, a, b, dtype, &shape)? {
        return Ok(t);
    }
    // A condition sharing storage with an operand is copied, so only one read
    // lock per storage is held below.
    let aliased = [a, b].iter().any(|o| o.tensor().is_some_and(|t| t.shares_storage(cond)));
    let cond = if aliased { cond.copy_data()? } else { cond.clone() };
    let buf = with_dtype!(dtype, T => T::wrap(with_srcs2::<T, _>(a, b, false, |x, y| {
        cond.with_cpu(|cb| pick::<T>(bool::slice(cb).expect("bool condition"), &cond, x, y, &shape))
    })?));
    Ok(Tensor::from_buffer(buf, &shape))
}

fn pick<T: Num>(c: &[bool], cond: &Tensor, x: &Src<T>, y: &Src<T>, shape: &[usize]) -> Result<Vec<T>> {
    let cl = cond.layout();
    // Fast paths: a contiguous condition with contiguous operands or single
    // values (ReLU's backward and masked_fill take these).
    if cl.shape == shape && cl.is_contiguous() {
        let n = numel(shape);
        let c = &c[cl.offset..cl.offset + n];
        match (x.flat(shape), y.flat(shape), x, y) {
            (Some(xs), Some(ys), _, _) => return pick_flat::<T>(c, move |i| xs[i].load(), move |i| ys[i].load()),
            (None, Some(ys), &Src::Value(v), _) => return pick_flat::<T>(c, move |_| v, move |i| ys[i].load()),
            (Some(xs), None, _, &Src::Value(v)) => return pick_flat::<T>(c, move |i| xs[i].load(), move |_| v),
            (None, None, &Src::Value(v), &Src::Value(w)) => return pick_flat::<T>(c, move |_| v, move |_| w),
            _ => {}
        }
    }
    let sc = broadcast_strides(cl, shape);
    let (sa, oa) = x.strides_for(shape);
    let (sb, ob) = y.strides_for(shape);
    let (cshape, cs) = coalesce(shape, [sc, sa, sb]);
    new_vec(numel(shape), |s, out| {
        walk(&cshape, &cs, [cl.offset as isize, oa, ob], s, s + out.len(), |pos, len, [pc, pa, pb], [dc, da, db]| {
            let out = &mut out[pos - s..pos - s + len];
            for (k, o) in out.iter_mut().enumerate() {
                let k = k as isize;
                let v = if c[(pc + k * dc) as usize] { x.at(pa + k * da) } else { y.at(pb + k * db) };
                o.write(T::store(v));
            }
        });
    })
}

/// `out[i] = if c[i] { x(i) } else { y(i) }` over contiguous inputs; each
/// combination of slices and values gets its own branch-free loop.
fn pick_flat<T: Num>(
    c: &[bool],
    x: impl Fn(usize) -> T::C + Sync,
    y: impl Fn(usize) -> T::C + Sync,
) -> Result<Vec<T>> {
    new_vec(c.len(), |s, out| {
        let c = &c[s..s + out.len()];
        for (k, (o, &keep)) in out.iter_mut().zip(c).enumerate() {
            // Both sides are read first so the pick is a select, not a branch
            // (a mask is as good as random: a branch would mispredict half the time).
            let (a, b) = (x(s + k), y(s + k));
            o.write(T::store(if keep { a } else { b }));
        }
    })
}

pub(crate) fn check_bool_condition(cond: &Tensor) -> Result<()> {
    if cond.dtype() != DType::Bool {
        return runtime(format!(
            "where expected condition to be a boolean tensor, but got a tensor with dtype {}",
            pretty_name(cond.dtype())
        ));
    }
    Ok(())
}

/// `torch.where(cond, a, b)`.
pub fn where_(cond: &Tensor, a: Operand, b: Operand) -> Result<Tensor> {
    check_bool_condition(cond)?;
    let dtype = result_type(&[a, b]);
    select(cond, &a, &b, dtype)
}

impl Tensor {
    /// `a.where(cond, b)` (PyTorch's method form: self where cond, else other).
    pub fn where_self<'a>(&'a self, cond: &Tensor, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        where_(cond, self.into(), other.into())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn where_matches_torch() {
        let zeros = f().full_like(i(0), None).unwrap();
        check("where_tensors", where_(&f().gt(0i64).unwrap(), (&f()).into(), (&zeros).into()));
        check("where_scalars", where_(&f().lt(0i64).unwrap(), fl(-1.0).into(), fl(1.0).into()));
        let c = tb(&[true, false]);
        check("where_int_scalars", where_(&c, i(1).into(), i(2).into()));
        check("where_int_float_scalar", where_(&c, i(1).into(), fl(2.5).into()));
        check("where_tensor_scalar_promote", where_(&c, (&ti(&[1, 2])).into(), fl(2.5).into()));
        let other = Tensor::from_vec(vec![1i64, 2], &[2, 1]).unwrap();
        check("where_broadcast", where_(&c, (&tf(&[1., 2.])).into(), (&other).into()));
        check("where_cond_err", where_(&ti(&[1, 0]), fl(1.).into(), fl(2.).into()));
    }

    #[test]
    fn where_with_aliased_condition() {
        let c = tb(&[true, false, true]);
        let r = where_(&c, (&c).into(), false.into()).unwrap();
        assert_eq!(r.to_vec::<bool>(), vec![true, false, true]);
    }
}

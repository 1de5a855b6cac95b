//! `torch.where` and `clamp` with number bounds on the device (`kernels/select.cu`).
use super::{base_ptr, common_device, copy, empty, tag};
use crate::backend::cuda::context::context;
use crate::backend::cuda::launch::{Args, Strided, blocks_for};
use crate::tensor::device::Device;
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::ops::elementwise::Operand;
use crate::tensor::ops::elementwise::kernel::broadcast_strides;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

/// An operand as a CUDA tensor in `dtype` (a number or a 0-dim host tensor becomes
/// a one-element device tensor, read broadcast).
fn on_device(op: &Operand, dtype: DType, ordinal: usize) -> Result<Tensor> {
    match op {
        Operand::Scalar(s) => copy::full(ordinal, &[], *s, dtype),
        Operand::Tensor(t) if t.device() == Device::Cpu => {
            copy::full(ordinal, &[], t.get_flat(0), dtype)
        }
        Operand::Tensor(t) if t.dtype() != dtype => copy::cast(t, dtype),
        Operand::Tensor(t) => Ok((*t).clone()),
    }
}

/// A tensor read broadcast to `shape`, as a kernel operand.
fn spread(t: &Tensor, shape: &[usize]) -> Result<(Tensor, Strided)> {
    let strides = broadcast_strides(t.layout(), shape);
    match Strided::of(shape, &strides, t.storage_offset()) {
        Some(s) => Ok((t.clone(), s)),
        None => Ok((
            copy::contiguous(&t.broadcast_to(shape)?)?,
            Strided::contiguous(0),
        )),
    }
}

/// `where(cond, a, b)` in `dtype` over the broadcast `shape`.
pub fn where_(
    cond: &Tensor,
    a: &Operand,
    b: &Operand,
    dtype: DType,
    shape: &[usize],
) -> Result<Option<Tensor>> {
    let ts: Vec<&Tensor> = [Some(cond), a.tensor(), b.tensor()]
        .into_iter()
        .flatten()
        .collect();
    let Device::Cuda(ordinal) = common_device(ts)? else {
        return Ok(None);
    };
    if cond.device() == Device::Cpu {
        return Ok(None); // a 0-dim host condition: the host path
    }
    let ctx = context(ordinal)?;
    let (x, y) = (on_device(a, dtype, ordinal)?, on_device(b, dtype, ordinal)?);
    let n: usize = shape.iter().product();
    let (out, optr) = empty(ordinal, dtype, shape)?;
    if n > 0 {
        let (c, sc) = spread(cond, shape)?;
        let (x, sx) = spread(&x, shape)?;
        let (y, sy) = spread(&y, shape)?;
        Args::new()
            .push(base_ptr(&c))
            .push(sc)
            .push(base_ptr(&x))
            .push(sx)
            .push(base_ptr(&y))
            .push(sy)
            .push(optr)
            .push(n as i64)
            .launch(
                ctx,
                "select",
                &format!("where_{}", tag(dtype)),
                blocks_for(n),
            )?;
    }
    Ok(Some(out))
}

/// `clamp(x, lo, hi)` with number bounds, in `dtype`.
pub fn clamp(
    x: &Tensor,
    dtype: DType,
    lo: Option<Scalar>,
    hi: Option<Scalar>,
) -> Result<Option<Tensor>> {
    let Some(ordinal) = super::ordinal_of(x) else {
        return Ok(None);
    };
    if dtype == DType::Bool {
        return Ok(None);
    }
    let ctx = context(ordinal)?;
    let src = if x.dtype() != dtype {
        copy::cast(x, dtype)?
    } else {
        x.clone()
    };
    let (src, s) = super::operand(&src)?;
    let n = x.numel();
    let (out, optr) = empty(ordinal, dtype, x.shape())?;
    if n > 0 {
        let l = lo.unwrap_or(Scalar::Int(0));
        let h = hi.unwrap_or(Scalar::Int(0));
        Args::new()
            .push(base_ptr(&src))
            .push(s)
            .push(l.to_f64())
            .push(l.to_i64())
            .push(lo.is_some() as i32)
            .push(h.to_f64())
            .push(h.to_i64())
            .push(hi.is_some() as i32)
            .push(optr)
            .push(n as i64)
            .launch(
                ctx,
                "select",
                &format!("clamp_{}", tag(dtype)),
                blocks_for(n),
            )?;
    }
    Ok(Some(out))
}

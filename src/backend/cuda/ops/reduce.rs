//! Reductions on the device. The reduced dims are moved last and the input made
//! contiguous, so every reduction is `rows` rows of `cols` values (kernels in
//! `kernels/reduce.cu`). Sum and prod split long rows into chunks and reduce the
//! partials in a second pass, so `x.sum()` of 10^8 values uses the whole GPU.
use super::{base_ptr, copy, empty, ordinal_of, tag};
use crate::backend::cuda::context::{DeviceContext, context};
use crate::backend::cuda::launch::{Args, blocks_for, is_row_major};
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::tensor::Tensor;

/// The input as (contiguous tensor, rows, cols) with the reduced dims last.
fn as_rows(t: &Tensor, mask: &[bool]) -> Result<(Tensor, usize, usize)> {
    let kept: Vec<i64> = (0..t.ndim())
        .filter(|&d| !mask[d])
        .map(|d| d as i64)
        .collect();
    let reduced: Vec<i64> = (0..t.ndim())
        .filter(|&d| mask[d])
        .map(|d| d as i64)
        .collect();
    let cols: usize = reduced.iter().map(|&d| t.size(d as usize)).product();
    let rows: usize = kept.iter().map(|&d| t.size(d as usize)).product();
    let order: Vec<i64> = kept.into_iter().chain(reduced).collect();
    let p = t.permute(&order)?;
    let c = if is_row_major(p.shape(), p.strides()) && p.storage_offset() == 0 {
        p
    } else {
        copy::contiguous(&p)?
    };
    Ok((c, rows, cols))
}

/// Output rows per launch: enough blocks to fill the GPU.
const TARGET_BLOCKS: usize = 1024;

/// `sum`/`prod` over the masked dims, in the input's dtype (the caller casts first).
pub fn fold(kind: &str, t: &Tensor, mask: &[bool], out_shape: &[usize]) -> Result<Option<Tensor>> {
    let Some(ordinal) = ordinal_of(t) else {
        return Ok(None);
    };
    if t.dtype() == DType::Bool {
        return Ok(None);
    }
    let ctx = context(ordinal)?;
    let (x, rows, cols) = as_rows(t, mask)?;
    let out = fold_rows(ctx, kind, &x, rows, cols)?;
    Ok(Some(out.reshape(
        &out_shape.iter().map(|&d| d as i64).collect::<Vec<_>>(),
    )?))
}

fn fold_rows(
    ctx: &'static DeviceContext,
    kind: &str,
    x: &Tensor,
    rows: usize,
    cols: usize,
) -> Result<Tensor> {
    let name = format!("{kind}_rows_{}", tag(x.dtype()));
    // Split long rows when there are too few rows to fill the GPU.
    let chunks = if rows >= TARGET_BLOCKS || cols < 8192 {
        1
    } else {
        (TARGET_BLOCKS / rows.max(1)).min(cols / 4096).max(1)
    };
    let (out, optr) = empty(ctx.ordinal, x.dtype(), &[rows * chunks])?;
    if rows * chunks > 0 {
        Args::new()
            .push(base_ptr(x))
            .push(optr)
            .push(rows as i64)
            .push(cols as i64)
            .push(chunks as i64)
            .launch(ctx, "reduce", &name, (rows * chunks).min(65_536) as u32)?;
    }
    if chunks == 1 {
        return Ok(out);
    }
    fold_rows(ctx, kind, &out, rows, chunks)
}

/// `max`/`min` along the masked dims: (values, int64 indices into the reduced run).
pub fn extreme(
    is_max: bool,
    t: &Tensor,
    mask: &[bool],
    out_shape: &[usize],
) -> Result<Option<(Tensor, Tensor)>> {
    let Some(ordinal) = ordinal_of(t) else {
        return Ok(None);
    };
    if t.dtype() == DType::Bool {
        return Ok(None);
    }
    let ctx = context(ordinal)?;
    let (x, rows, cols) = as_rows(t, mask)?;
    let (vals, vptr) = empty(ordinal, t.dtype(), &[rows])?;
    let (idx, iptr) = empty(ordinal, DType::I64, &[rows])?;
    if rows > 0 {
        let name = format!(
            "{}_rows_{}",
            if is_max { "max" } else { "min" },
            tag(t.dtype())
        );
        Args::new()
            .push(base_ptr(&x))
            .push(vptr)
            .push(iptr)
            .push(rows as i64)
            .push(cols as i64)
            .launch(ctx, "reduce", &name, rows.min(65_536) as u32)?;
    }
    let shape: Vec<i64> = out_shape.iter().map(|&d| d as i64).collect();
    Ok(Some((vals.reshape(&shape)?, idx.reshape(&shape)?)))
}

/// `any`/`all` along the masked dims, bool out.
pub fn logical(
    all: bool,
    t: &Tensor,
    mask: &[bool],
    out_shape: &[usize],
) -> Result<Option<Tensor>> {
    let Some(ordinal) = ordinal_of(t) else {
        return Ok(None);
    };
    let ctx = context(ordinal)?;
    let (x, rows, cols) = as_rows(t, mask)?;
    let (out, optr) = empty(ordinal, DType::Bool, &[rows])?;
    if rows > 0 {
        let name = format!(
            "{}_rows_{}",
            if all { "all" } else { "any" },
            tag(t.dtype())
        );
        Args::new()
            .push(base_ptr(&x))
            .push(optr)
            .push(rows as i64)
            .push(cols as i64)
            .launch(ctx, "reduce", &name, rows.min(65_536) as u32)?;
    }
    Ok(Some(out.reshape(
        &out_shape.iter().map(|&d| d as i64).collect::<Vec<_>>(),
    )?))
}

/// `var`/`std` with Bessel's `correction` along the masked dims (float dtypes).
pub fn var(
    t: &Tensor,
    mask: &[bool],
    out_shape: &[usize],
    correction: f64,
    take_sqrt: bool,
) -> Result<Option<Tensor>> {
    let Some(ordinal) = ordinal_of(t) else {
        return Ok(None);
    };
    if !t.dtype().is_float() {
        return Ok(None);
    }
    let ctx = context(ordinal)?;
    let (x, rows, cols) = as_rows(t, mask)?;
    let (out, optr) = empty(ordinal, t.dtype(), &[rows])?;
    if rows > 0 {
        Args::new()
            .push(base_ptr(&x))
            .push(optr)
            .push(rows as i64)
            .push(cols as i64)
            .push(correction)
            .push(take_sqrt as i32)
            .launch(
                ctx,
                "reduce",
                &format!("var_rows_{}", tag(t.dtype())),
                rows.min(65_536) as u32,
            )?;
    }
    Ok(Some(out.reshape(
        &out_shape.iter().map(|&d| d as i64).collect::<Vec<_>>(),
    )?))
}

/// `softmax`/`log_softmax` along `dim` (already wrapped), float dtypes.
pub fn softmax(t: &Tensor, dim: usize, log: bool) -> Result<Option<Tensor>> {
    let Some(ordinal) = ordinal_of(t) else {
        return Ok(None);
    };
    if !t.dtype().is_float() {
        return Ok(None);
    }
    let ctx = context(ordinal)?;
    let nd = t.ndim();
    if nd == 0 {
        return Ok(None);
    }
    let last = (nd - 1) as i64;
    let moved = t.transpose(dim as i64, last)?;
    let x = copy::contiguous(&moved)?;
    let cols = t.size(dim);
    let rows = if cols == 0 { 0 } else { t.numel() / cols };
    let (out, optr) = empty(ordinal, t.dtype(), x.shape())?;
    if rows > 0 {
        Args::new()
            .push(base_ptr(&x))
            .push(optr)
            .push(rows as i64)
            .push(cols as i64)
            .push(log as i32)
            .launch(
                ctx,
                "reduce",
                &format!("softmax_rows_{}", tag(t.dtype())),
                rows.min(65_536) as u32,
            )?;
    }
    // Back to the input's dim order, contiguous as PyTorch returns it.
    let back = out.transpose(dim as i64, last)?;
    if dim as i64 == last {
        Ok(Some(back))
    } else {
        Ok(Some(copy::contiguous(&back)?))
    }
}

/// The number of blocks a grid-stride pass over `n` uses (re-exported for tests).
pub fn grid(n: usize) -> u32 {
    blocks_for(n)
}

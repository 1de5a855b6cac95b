//! Copies on the device: strided -> contiguous, strided -> strided writes, casts,
//! fills, ranges, and moving tensors between the host and a device.
use super::{ctx_of, empty, operand, ordinal_of, tag, view_ptr};
use crate::backend::cuda::buffer::CudaBuffer;
use crate::backend::cuda::launch::{Args, Strided, blocks_for};
use crate::tensor::device::Device;
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::layout::Layout;
use crate::tensor::scalar::Scalar;
use crate::tensor::storage::Storage;
use crate::tensor::tensor::Tensor;
use std::sync::Arc;

fn size_tag(d: DType) -> &'static str {
    match d.size_bytes() {
        1 => "b1",
        2 => "b2",
        4 => "b4",
        _ => "b8",
    }
}

/// A contiguous copy of a CUDA tensor's view (`contiguous()`, `clone()`).
pub fn contiguous(t: &Tensor) -> Result<Tensor> {
    let ctx = ctx_of(t)?;
    let n = t.numel();
    let (out, optr) = empty(ctx.ordinal, t.dtype(), t.shape())?;
    if n == 0 {
        return Ok(out);
    }
    match Strided::of(t.shape(), t.strides(), t.storage_offset()) {
        Some(s) if s.ndim < 0 => {
            let bytes = n * t.dtype().size_bytes();
            unsafe {
                cudarc::driver::result::memcpy_dtod_async(optr, view_ptr(t), bytes, ctx.stream)
            }
            .map_err(crate::backend::cuda::context::cuda_error)?;
        }
        Some(s) => {
            let name = format!("gather_{}", size_tag(t.dtype()));
            Args::new()
                .push(super::base_ptr(t))
                .push(s)
                .push(optr)
                .push(n as i64)
                .launch(ctx, "copy", &name, blocks_for(n))?;
        }
        None => {
            // More than 8 dims: merge the leading dims by copying dim 0 slices.
            for i in 0..t.size(0) {
                let part = contiguous(&t.select(0, i as i64)?)?;
                let bytes = part.numel() * t.dtype().size_bytes();
                let dst = optr + (i * bytes) as u64;
                unsafe {
                    cudarc::driver::result::memcpy_dtod_async(
                        dst,
                        view_ptr(&part),
                        bytes,
                        ctx.stream,
                    )
                }
                .map_err(crate::backend::cuda::context::cuda_error)?;
            }
        }
    }
    Ok(out)
}

/// The values cast to `dtype` as a new contiguous CUDA tensor.
pub fn cast(t: &Tensor, dtype: DType) -> Result<Tensor> {
    if dtype == t.dtype() {
        return contiguous(t);
    }
    let ctx = ctx_of(t)?;
    let (src, s) = operand(t)?;
    let n = t.numel();
    let (out, optr) = empty(ctx.ordinal, dtype, t.shape())?;
    if n > 0 {
        let name = format!("cast_{}_{}", tag(t.dtype()), tag(dtype));
        Args::new()
            .push(super::base_ptr(&src))
            .push(s)
            .push(optr)
            .push(n as i64)
            .launch(ctx, "copy", &name, blocks_for(n))?;
    }
    Ok(out)
}

/// Writes `src` (same shape as `dst`, any dtype, on the same device) through `dst`'s view.
pub fn write_into(dst: &Tensor, src: &Tensor) -> Result<()> {
    let ctx = ctx_of(dst)?;
    // A source sharing dst's storage is copied first: reads must end before writes start.
    let src = if src.dtype() != dst.dtype() {
        cast(src, dst.dtype())?
    } else if src.shares_storage(dst) {
        contiguous(src)?
    } else {
        src.clone()
    };
    let (src, ss) = operand(&src)?;
    let n = dst.numel();
    if n == 0 {
        return Ok(());
    }
    let Some(sd) = Strided::of(dst.shape(), dst.strides(), dst.storage_offset()) else {
        // A >8-dim destination: write slice by slice.
        for i in 0..dst.size(0) {
            write_into(&dst.select(0, i as i64)?, &src.select(0, i as i64)?)?;
        }
        return Ok(());
    };
    let name = format!("scatter_{}", size_tag(dst.dtype()));
    Args::new()
        .push(super::base_ptr(&src))
        .push(ss)
        .push(super::base_ptr(dst))
        .push(sd)
        .push(n as i64)
        .launch(ctx, "copy", &name, blocks_for(n))?;
    dst.storage().bump_version();
    Ok(())
}

/// The bit pattern of `value` in `dtype`, as the fill kernels take it.
pub fn scalar_bits(value: Scalar, dtype: DType) -> u64 {
    let buf = crate::with_dtype!(dtype, T => {
        use crate::tensor::element::Element;
        let v: T = match value {
            Scalar::Bool(b) => T::from_bool(b),
            Scalar::Int(i) => T::from_i64(i),
            Scalar::Float(f) => T::from_f64(f),
        };
        let mut bits = 0u64;
        // SAFETY: T is at most 8 bytes and plain data.
        unsafe { std::ptr::copy_nonoverlapping(&v as *const T as *const u8, &mut bits as *mut u64 as *mut u8, std::mem::size_of::<T>()) };
        bits
    });
    buf
}

/// `fill_(value)` on a CUDA view.
pub fn fill(dst: &Tensor, value: Scalar) -> Result<()> {
    let ctx = ctx_of(dst)?;
    let n = dst.numel();
    if n == 0 {
        return Ok(());
    }
    let Some(sd) = Strided::of(dst.shape(), dst.strides(), dst.storage_offset()) else {
        for i in 0..dst.size(0) {
            fill(&dst.select(0, i as i64)?, value)?;
        }
        return Ok(());
    };
    let name = format!("fill_{}", size_tag(dst.dtype()));
    Args::new()
        .push(super::base_ptr(dst))
        .push(sd)
        .push(scalar_bits(value, dst.dtype()))
        .push(n as i64)
        .launch(ctx, "copy", &name, blocks_for(n))?;
    dst.storage().bump_version();
    Ok(())
}

/// `torch.full(shape, value, device=cuda)` (zeros, ones, empty too).
pub fn full(ordinal: usize, shape: &[usize], value: Scalar, dtype: DType) -> Result<Tensor> {
    let (out, _) = empty(ordinal, dtype, shape)?;
    fill(&out, value)?;
    Ok(out)
}

/// `arange` on the device: `start + step * i`, n values.
pub fn arange(
    ordinal: usize,
    start: Scalar,
    step: Scalar,
    n: usize,
    dtype: DType,
) -> Result<Option<Tensor>> {
    if dtype == DType::Bool {
        return Ok(None);
    }
    let (out, optr) = empty(ordinal, dtype, &[n])?;
    if n > 0 {
        let ctx = crate::backend::cuda::context::context(ordinal)?;
        Args::new()
            .push(optr)
            .push(start.to_f64())
            .push(step.to_f64())
            .push(start.to_i64())
            .push(step.to_i64())
            .push(n as i64)
            .launch(
                ctx,
                "copy",
                &format!("arange_{}", tag(dtype)),
                blocks_for(n),
            )?;
    }
    Ok(Some(out))
}

/// The tensor's values on `device` as a new contiguous tensor (`to()`, `cuda()`, `cpu()`).
pub fn to_device(t: &Tensor, device: Device) -> Result<Tensor> {
    match (t.device(), device) {
        (a, b) if a == b => Ok(t.clone()),
        (Device::Cpu, Device::Cuda(i)) => {
            let host = t.to_buffer();
            let buf = CudaBuffer::upload(i, &host)?;
            Ok(Tensor::from_storage(
                Arc::new(Storage::cuda(buf)),
                Layout::contiguous(t.shape()),
            ))
        }
        (Device::Cuda(_), Device::Cpu) => {
            let host = download_view(t)?;
            Ok(Tensor::from_storage(
                Arc::new(Storage::cpu(host)),
                Layout::contiguous(t.shape()),
            ))
        }
        (Device::Cuda(_), Device::Cuda(j)) => {
            // Between two GPUs through the host: simple, and rare in lessons.
            let host = download_view(t)?;
            let buf = CudaBuffer::upload(j, &host)?;
            Ok(Tensor::from_storage(
                Arc::new(Storage::cuda(buf)),
                Layout::contiguous(t.shape()),
            ))
        }
        (Device::Cpu, Device::Cpu) => Ok(t.clone()),
    }
}

/// A CUDA view's values in row-major order on the host: only the view is copied.
pub fn download_view(t: &Tensor) -> Result<crate::tensor::buffer::CpuBuffer> {
    let c = if crate::backend::cuda::launch::is_row_major(t.shape(), t.strides()) {
        t.clone()
    } else {
        contiguous(t)?
    };
    let data = c.storage().read();
    let buf = data.as_cuda().expect("a CUDA tensor");
    buf.download_range(c.storage_offset(), c.numel())
}

/// Whether `t` lives on a GPU (for the engine's dispatch).
pub fn is_cuda(t: &Tensor) -> bool {
    ordinal_of(t).is_some()
}

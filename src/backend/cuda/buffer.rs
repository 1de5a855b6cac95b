//! A typed block of device memory: what a CUDA storage owns. Allocation is
//! stream-ordered (`cuMemAllocAsync` from the device's pool), so making and
//! dropping temporaries costs no synchronisation, and every byte is accounted
//! against the same cap as host memory, refused before the driver is asked.
use super::context::{DeviceContext, context, cuda_error};
use crate::tensor::buffer::CpuBuffer;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, TensorError};
use crate::tensor::memory;
use cudarc::driver::{result as drv, sys};

pub struct CudaBuffer {
    ptr: sys::CUdeviceptr,
    len: usize,
    dtype: DType,
    ctx: &'static DeviceContext,
}

impl std::fmt::Debug for CudaBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CudaBuffer({} x {} on cuda:{})", self.len, self.dtype.name(), self.ctx.ordinal)
    }
}

impl CudaBuffer {
    /// `len` uninitialised elements of `dtype` on `cuda:ordinal`.
    pub fn alloc(ordinal: usize, dtype: DType, len: usize) -> Result<CudaBuffer> {
        let ctx = context(ordinal)?;
        let bytes = memory::bytes_for(len, dtype.size_bytes())?;
        memory::check_cuda_alloc(ordinal, bytes, ctx.total_memory)?;
        // A zero-size allocation is an error for the driver; keep a null pointer.
        let ptr = if bytes == 0 {
            0
        } else {
            unsafe { drv::malloc_async(ctx.stream, bytes) }.map_err(|e| match e.0 {
                sys::CUresult::CUDA_ERROR_OUT_OF_MEMORY => memory::cuda_oom(ordinal, bytes, ctx.total_memory),
                _ => cuda_error(e),
            })?
        };
        Ok(CudaBuffer { ptr, len, dtype, ctx })
    }

    /// A copy of host values on the device.
    pub fn upload(ordinal: usize, host: &CpuBuffer) -> Result<CudaBuffer> {
        let buf = CudaBuffer::alloc(ordinal, host.dtype(), host.len())?;
        buf.write_from(host)?;
        Ok(buf)
    }

    /// Overwrites the whole buffer with `host` (same dtype and length).
    pub fn write_from(&self, host: &CpuBuffer) -> Result<()> {
        debug_assert_eq!(host.len(), self.len);
        if self.len == 0 {
            return Ok(());
        }
        // The copy reads `host` before returning (pageable memory is staged), and
        // the stream order puts it before any later kernel that reads the buffer.
        crate::with_buffer!(host, v => unsafe { drv::memcpy_htod_async(self.ptr, v.as_slice(), self.ctx.stream) })
            .map_err(cuda_error)?;
        Ok(())
    }

    /// The whole buffer copied to the host (waits for queued work: PyTorch syncs here too).
    pub fn download(&self) -> Result<CpuBuffer> {
        self.download_range(0, self.len)
    }

    /// Elements `start..start+len` copied to the host.
    pub fn download_range(&self, start: usize, len: usize) -> Result<CpuBuffer> {
        let mut host = CpuBuffer::zeros(self.dtype, len)?;
        if len > 0 {
            let src = self.ptr + (start * self.dtype.size_bytes()) as u64;
            crate::with_buffer!(&mut host, v => unsafe { drv::memcpy_dtoh_async(v.as_mut_slice(), src, self.ctx.stream) })
                .map_err(cuda_error)?;
        }
        self.ctx.synchronize()?;
        Ok(host)
    }

    pub fn ptr(&self) -> sys::CUdeviceptr {
        self.ptr
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn dtype(&self) -> DType {
        self.dtype
    }
    pub fn ordinal(&self) -> usize {
        self.ctx.ordinal
    }
    pub fn ctx(&self) -> &'static DeviceContext {
        self.ctx
    }
    pub fn nbytes(&self) -> usize {
        self.len * self.dtype.size_bytes()
    }
}

impl Drop for CudaBuffer {
    fn drop(&mut self) {
        if self.ptr != 0 {
            // Stream-ordered: kernels queued before still see the memory.
            let _ = self.ctx.bind();
            let _ = unsafe { drv::free_async(self.ptr, self.ctx.stream) };
        }
    }
}

/// A device error that cannot be returned where it happens (inside a value
/// conversion) is kept here and raised by the op that caused it.
pub fn device_failed(e: TensorError) {
    super::fallback::record_error(e);
}

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
    /// The size of the block behind `ptr` when it came from the small-block cache.
    small_block: Option<usize>,
}

/// Small blocks (up to 1 MiB, in power-of-two classes) freed on a device are kept
/// for the next allocation of their class: a tiny op then costs no driver call to
/// allocate. Reuse is safe without events because each device has one stream:
/// work queued after the reuse runs after the work that used the block before.
mod small_blocks {
    use std::collections::HashMap;
    use std::sync::Mutex;

    pub const LARGEST: usize = 1 << 20;
    const KEEP_AT_MOST: usize = 256 << 20;

    #[derive(Default)]
    struct Cache {
        free: HashMap<usize, Vec<u64>>,
        bytes: usize,
    }

    static CACHES: [Mutex<Option<Cache>>; 16] = [const { Mutex::new(None) }; 16];

    pub fn class(bytes: usize) -> usize {
        bytes.next_power_of_two().max(512)
    }

    pub fn take(ordinal: usize, class: usize) -> Option<u64> {
        let mut c = CACHES
            .get(ordinal)?
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let cache = c.get_or_insert_with(Cache::default);
        let p = cache.free.get_mut(&class)?.pop()?;
        cache.bytes -= class;
        Some(p)
    }

    /// Keeps a freed block; false when the cache is full (the caller frees it).
    pub fn keep(ordinal: usize, class: usize, ptr: u64) -> bool {
        let Some(m) = CACHES.get(ordinal) else {
            return false;
        };
        let mut c = m.lock().unwrap_or_else(|e| e.into_inner());
        let cache = c.get_or_insert_with(Cache::default);
        if cache.bytes + class > KEEP_AT_MOST {
            return false;
        }
        cache.bytes += class;
        cache.free.entry(class).or_default().push(ptr);
        true
    }
}

impl std::fmt::Debug for CudaBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CudaBuffer({} x {} on cuda:{})",
            self.len,
            self.dtype.name(),
            self.ctx.ordinal
        )
    }
}

impl CudaBuffer {
    /// `len` uninitialised elements of `dtype` on `cuda:ordinal`.
    pub fn alloc(ordinal: usize, dtype: DType, len: usize) -> Result<CudaBuffer> {
        let ctx = context(ordinal)?;
        let bytes = memory::bytes_for(len, dtype.size_bytes())?;
        memory::check_cuda_alloc(ordinal, bytes, ctx.total_memory)?;
        let small_block =
            (bytes > 0 && bytes <= small_blocks::LARGEST).then(|| small_blocks::class(bytes));
        if let Some(class) = small_block {
            if let Some(ptr) = small_blocks::take(ordinal, class) {
                return Ok(CudaBuffer {
                    ptr,
                    len,
                    dtype,
                    ctx,
                    small_block,
                });
            }
        }
        // A zero-size allocation is an error for the driver; keep a null pointer.
        let ptr = if bytes == 0 {
            0
        } else {
            let want = small_block.unwrap_or(bytes);
            unsafe { drv::malloc_async(ctx.stream, want) }.map_err(|e| match e.0 {
                sys::CUresult::CUDA_ERROR_OUT_OF_MEMORY => {
                    memory::cuda_oom(ordinal, bytes, ctx.total_memory)
                }
                _ => cuda_error(e),
            })?
        };
        Ok(CudaBuffer {
            ptr,
            len,
            dtype,
            ctx,
            small_block,
        })
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
        if let Some(class) = self.small_block {
            if small_blocks::keep(self.ctx.ordinal, class, self.ptr) {
                return;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::small_blocks;

    #[test]
    fn small_blocks_are_reused_by_class_and_the_cache_is_bounded() {
        assert_eq!(small_blocks::class(40), 512);
        assert_eq!(small_blocks::class(513), 1024);
        // Device 15 is never a real one in tests: the cache is plain bookkeeping.
        assert!(small_blocks::keep(15, 512, 0x1000));
        assert_eq!(small_blocks::take(15, 1024), None);
        assert_eq!(small_blocks::take(15, 512), Some(0x1000));
        assert_eq!(small_blocks::take(15, 512), None);
        let mut kept = 0;
        while small_blocks::keep(15, 1 << 20, 0x2000) {
            kept += 1;
        }
        assert_eq!(kept, 256, "at most 256 MiB of free small blocks are kept");
    }
}

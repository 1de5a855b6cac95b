//! Storage: the memory a tensor and all its views share. It counts writes (the
//! version counter autograd uses to catch saved tensors modified in place) and
//! accounts its bytes against the memory cap.
use super::buffer::CpuBuffer;
use crate::backend::cuda::buffer::CudaBuffer;
use super::device::Device;
use super::dtype::DType;
use super::memory;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub enum StorageData {
    Cpu(CpuBuffer),
    Cuda(CudaBuffer),
}

pub struct Storage {
    data: RwLock<StorageData>,
    version: AtomicU64,
    tracked_bytes: usize,
    dtype: DType,
    device: Device,
}

impl Storage {
    pub fn cpu(buf: CpuBuffer) -> Storage {
        let bytes = buf.nbytes();
        memory::track(bytes);
        Storage {
            dtype: buf.dtype(),
            data: RwLock::new(StorageData::Cpu(buf)),
            version: AtomicU64::new(0),
            tracked_bytes: bytes,
            device: Device::Cpu,
        }
    }

    /// A storage owning device memory (accounted against the cap per device).
    pub fn cuda(buf: CudaBuffer) -> Storage {
        let bytes = buf.nbytes();
        let device = Device::Cuda(buf.ordinal());
        memory::track_cuda(buf.ordinal(), bytes);
        Storage {
            dtype: buf.dtype(),
            data: RwLock::new(StorageData::Cuda(buf)),
            version: AtomicU64::new(0),
            tracked_bytes: bytes,
            device,
        }
    }

    /// Number of elements the storage holds.
    pub fn len(&self) -> usize {
        match &*self.read() {
            StorageData::Cpu(b) => b.len(),
            StorageData::Cuda(b) => b.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn dtype(&self) -> DType {
        self.dtype
    }
    pub fn device(&self) -> Device {
        self.device
    }

    /// Read access. A poisoned lock (a panic mid-write) still yields the data:
    /// learner code must never turn one failure into a cascade.
    pub fn read(&self) -> RwLockReadGuard<'_, StorageData> {
        self.data.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Write access; bumps the version counter.
    pub fn write(&self) -> RwLockWriteGuard<'_, StorageData> {
        self.version.fetch_add(1, Ordering::Relaxed);
        self.data.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Relaxed)
    }

    pub fn bump_version(&self) {
        self.version.fetch_add(1, Ordering::Relaxed);
    }

    pub fn nbytes(&self) -> usize {
        self.tracked_bytes
    }
}

impl Drop for Storage {
    fn drop(&mut self) {
        match self.device {
            Device::Cpu => memory::untrack(self.tracked_bytes),
            Device::Cuda(i) => memory::untrack_cuda(i, self.tracked_bytes),
        }
        // A large host buffer is kept for the next allocation of its size.
        let data = self.data.get_mut().unwrap_or_else(|e| e.into_inner());
        if let StorageData::Cpu(buf) = data {
            let buf = std::mem::replace(buf, CpuBuffer::Bool(Vec::new()));
            crate::with_buffer!(buf, v => crate::backend::cpu::recycle::give(v));
        }
    }
}

impl StorageData {
    /// The device buffer, when the storage lives on a GPU.
    pub fn as_cuda(&self) -> Option<&CudaBuffer> {
        match self {
            StorageData::Cuda(b) => Some(b),
            StorageData::Cpu(_) => None,
        }
    }
}

//! Storage: the memory a tensor and all its views share. It counts writes (the
//! version counter autograd uses to catch saved tensors modified in place) and
//! accounts its bytes against the memory cap.
use super::buffer::CpuBuffer;
use super::device::Device;
use super::dtype::DType;
use super::memory;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub enum StorageData {
    Cpu(CpuBuffer),
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
        memory::untrack(self.tracked_bytes);
    }
}

impl StorageData {
    pub fn as_cpu(&self) -> &CpuBuffer {
        match self {
            StorageData::Cpu(b) => b,
        }
    }
    pub fn as_cpu_mut(&mut self) -> &mut CpuBuffer {
        match self {
            StorageData::Cpu(b) => b,
        }
    }
}

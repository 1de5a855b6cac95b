//! The host round trip: how an op with no CUDA kernel still runs on CUDA tensors.
//!
//! This is the ONE place that decides it. Inside `on_device(dev, op)`, the CPU code
//! of the op reads each CUDA input through `Tensor::with_cpu` (the storage is copied
//! to the host here, `download`), writes in-place results back (`write_back`), and
//! every tensor it creates lands on `dev` (`Tensor::from_buffer` asks
//! `output_device`). Autograd saves the CUDA tensors themselves, and the engine runs
//! each backward in the same scope, so gradients stay on the device too.
//!
//! Device errors that surface where no `Result` can carry them (inside a buffer
//! read) are kept here and raised when the scope ends.
use super::buffer::CudaBuffer;
use crate::tensor::buffer::CpuBuffer;
use crate::tensor::device::Device;
use crate::tensor::error::{Result, TensorError};
use std::cell::{Cell, RefCell};

thread_local! {
    static OUTPUT_DEVICE: Cell<Device> = const { Cell::new(Device::Cpu) };
    static PENDING: RefCell<Option<TensorError>> = const { RefCell::new(None) };
}

/// Where the op now running puts the tensors it creates.
pub fn output_device() -> Device {
    OUTPUT_DEVICE.with(|d| d.get())
}

/// Runs `op` with new tensors created on `device`; raises any device error it hit.
pub fn on_device<R>(device: Device, op: impl FnOnce() -> Result<R>) -> Result<R> {
    /// Restores the outer device even when the op panics (a session catches panics
    /// and goes on: later CPU ops must not land on a GPU).
    struct Restore(Device);
    impl Drop for Restore {
        fn drop(&mut self) {
            OUTPUT_DEVICE.with(|d| d.set(self.0));
        }
    }
    let before = OUTPUT_DEVICE.with(|d| d.replace(device));
    let restore = Restore(before);
    let r = op();
    drop(restore);
    match take_error() {
        Some(e) if before == Device::Cpu || r.is_err() => r.and(Err(e)),
        Some(e) => {
            record_error(e); // an outer scope raises it
            r
        }
        None => r,
    }
}

/// The first CUDA device among `devices` (Cpu when none): the device an op runs on.
pub fn op_device(devices: impl IntoIterator<Item = Device>) -> Device {
    devices
        .into_iter()
        .find(|d| d.is_cuda())
        .unwrap_or(Device::Cpu)
}

pub fn record_error(e: TensorError) {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(e);
        }
    });
}

pub fn take_error() -> Option<TensorError> {
    PENDING.with(|p| p.borrow_mut().take())
}

/// The storage's values on the host, for CPU code reading a CUDA tensor.
pub fn download(buf: &CudaBuffer) -> CpuBuffer {
    buf.download().unwrap_or_else(|e| {
        record_error(e);
        crate::with_dtype!(buf.dtype(), T => <T as crate::tensor::buffer::BufferElement>::wrap(vec![<T as crate::tensor::element::Element>::zero(); buf.len()]))
    })
}

/// Writes host values back after CPU code changed them in place.
pub fn write_back(buf: &CudaBuffer, host: &CpuBuffer) {
    if let Err(e) = buf.write_from(host) {
        record_error(e);
    }
}

/// Puts a new host buffer where the running op creates tensors: the device when
/// inside `on_device`, else it stays on the host.
pub fn place(host: CpuBuffer) -> crate::tensor::storage::Storage {
    use crate::tensor::storage::Storage;
    match output_device() {
        Device::Cpu => Storage::cpu(host),
        Device::Cuda(i) => match CudaBuffer::upload(i, &host) {
            Ok(b) => Storage::cuda(b),
            Err(e) => {
                record_error(e);
                Storage::cpu(host)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_nest_and_restore_the_output_device() {
        assert_eq!(output_device(), Device::Cpu);
        let r = on_device(Device::Cuda(1), || {
            assert_eq!(output_device(), Device::Cuda(1));
            on_device(Device::Cpu, || Ok(assert_eq!(output_device(), Device::Cpu)))?;
            Ok(output_device())
        });
        assert_eq!(r, Ok(Device::Cuda(1)));
        assert_eq!(output_device(), Device::Cpu);
    }

    #[test]
    fn an_error_recorded_inside_is_raised_by_the_outermost_scope() {
        let r: Result<()> = on_device(Device::Cuda(0), || {
            let inner = on_device(Device::Cuda(0), || {
                record_error(TensorError::Runtime("CUDA error: boom".into()));
                Ok(())
            });
            assert!(inner.is_ok(), "an inner scope leaves it to the outer one");
            Ok(())
        });
        assert_eq!(r, Err(TensorError::Runtime("CUDA error: boom".into())));
        assert!(take_error().is_none());
    }

    #[test]
    fn the_op_device_is_the_first_cuda_one() {
        assert_eq!(
            op_device([Device::Cpu, Device::Cuda(1), Device::Cuda(0)]),
            Device::Cuda(1)
        );
        assert_eq!(op_device([Device::Cpu]), Device::Cpu);
    }
}

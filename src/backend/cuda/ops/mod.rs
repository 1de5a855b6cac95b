//! Native CUDA ops on tensors. Each returns `Ok(None)` when it does not apply (no
//! CUDA operand, or a dtype/shape it has no kernel for); the engine op then runs
//! its CPU code, which the host round trip (`fallback`) makes work on the device.
pub mod copy;
pub mod elementwise;
pub mod matmul;
pub mod random;
pub mod reduce;
pub mod select;

use super::buffer::CudaBuffer;
use super::context::DeviceContext;
use super::launch::Strided;
use crate::tensor::device::Device;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, TensorError};
use crate::tensor::layout::Layout;
use crate::tensor::storage::Storage;
use crate::tensor::tensor::Tensor;
use std::sync::Arc;

/// The dtype's name in kernel names (`mul_f32`, `cast_i64_bf16`).
pub fn tag(d: DType) -> &'static str {
    match d {
        DType::Bool => "bool",
        DType::U8 => "u8",
        DType::I8 => "i8",
        DType::I16 => "i16",
        DType::I32 => "i32",
        DType::I64 => "i64",
        DType::F16 => "f16",
        DType::BF16 => "bf16",
        DType::F32 => "f32",
        DType::F64 => "f64",
    }
}

/// The CUDA device a tensor lives on.
pub fn ordinal_of(t: &Tensor) -> Option<usize> {
    match t.device() {
        Device::Cuda(i) => Some(i),
        Device::Cpu => None,
    }
}

/// The device pointer of a CUDA tensor's storage (element 0 of the storage, not
/// of the view). The storage outlives every kernel queued while `t` is held, and
/// frees are stream-ordered after them.
pub fn base_ptr(t: &Tensor) -> u64 {
    t.storage().read().as_cuda().map(|b| b.ptr()).unwrap_or(0)
}

/// The pointer to the view's first element.
pub fn view_ptr(t: &Tensor) -> u64 {
    base_ptr(t) + (t.storage_offset() * t.dtype().size_bytes()) as u64
}

/// A new contiguous tensor on `cuda:ordinal` (values unset) and its pointer.
pub fn empty(ordinal: usize, dtype: DType, shape: &[usize]) -> Result<(Tensor, u64)> {
    let n: usize = shape.iter().product();
    let buf = CudaBuffer::alloc(ordinal, dtype, n)?;
    let ptr = buf.ptr();
    Ok((
        Tensor::from_storage(Arc::new(Storage::cuda(buf)), Layout::contiguous(shape)),
        ptr,
    ))
}

/// The context of a tensor's device.
pub fn ctx_of(t: &Tensor) -> Result<&'static DeviceContext> {
    super::context::context(
        ordinal_of(t).ok_or_else(|| TensorError::Runtime("not a CUDA tensor".into()))?,
    )
}

/// A tensor's view as a kernel operand, copying it contiguous first when it has
/// more dims than the kernels walk.
pub fn operand(t: &Tensor) -> Result<(Tensor, Strided)> {
    match Strided::of(t.shape(), t.strides(), t.storage_offset()) {
        Some(s) => Ok((t.clone(), s)),
        None => {
            let c = copy::contiguous(t)?;
            Ok((c, Strided::contiguous(0)))
        }
    }
}

/// PyTorch's error for tensors of two devices in one op.
pub fn device_mismatch(first: Device, second: Device) -> TensorError {
    TensorError::Runtime(format!(
        "Expected all tensors to be on the same device, but found at least two devices, {first} and {second}!"
    ))
}

/// The one device of an op's tensors, or the mismatch error. A 0-dim CPU tensor
/// may join a CUDA op (PyTorch treats it as a number); anything else must agree.
pub fn common_device<'a>(tensors: impl IntoIterator<Item = &'a Tensor>) -> Result<Device> {
    let mut cuda: Option<Device> = None;
    let mut cpu_dims = false;
    for t in tensors {
        let d = t.device();
        match (d, cuda) {
            (Device::Cuda(_), None) => {
                if cpu_dims {
                    return Err(device_mismatch(Device::Cpu, d));
                }
                cuda = Some(d);
            }
            (Device::Cuda(_), Some(c)) if c != d => return Err(device_mismatch(c, d)),
            (Device::Cpu, Some(c)) if t.ndim() > 0 => return Err(device_mismatch(c, Device::Cpu)),
            (Device::Cpu, None) if t.ndim() > 0 => cpu_dims = true,
            _ => {}
        }
    }
    Ok(cuda.unwrap_or(Device::Cpu))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixing_devices_is_refused_in_pytorch_words() {
        let e = device_mismatch(Device::Cuda(0), Device::Cpu).to_string();
        assert_eq!(
            e,
            "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!"
        );
    }

    #[test]
    fn cpu_tensors_alone_run_on_the_cpu() {
        let a = Tensor::zeros(&[2], DType::F32).unwrap();
        let s = Tensor::zeros(&[], DType::F32).unwrap();
        assert_eq!(common_device([&a, &s]).unwrap(), Device::Cpu);
    }
}

//! The Tensor: a handle on shared storage with a layout, a dtype and autograd state.
//! Cloning a `Tensor` clones the handle (the same tensor, as in Python); views are
//! new tensors over the same storage.
use super::autograd::AutogradMeta;
use super::buffer::{BufferElement, CpuBuffer};
use super::device::Device;
use super::dtype::DType;
use super::element::Element;
use super::error::{Result, runtime};
use super::layout::{Layout, numel};
use super::scalar::Scalar;
use super::storage::{Storage, StorageData};
use super::strided;
use crate::backend::cuda::fallback;
use crate::backend::cuda::ops as cuda_ops;
use crate::with_buffer;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Clone)]
pub struct Tensor(pub(crate) Arc<TensorImpl>);

pub struct TensorImpl {
    storage: Arc<Storage>,
    layout: Layout,
    autograd: Mutex<AutogradMeta>,
}

impl std::fmt::Debug for Tensor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tensor(shape={:?}, dtype={}, device={})", self.shape(), self.dtype().name(), self.device())
    }
}

impl Tensor {
    // ---- construction -------------------------------------------------------

    pub fn from_storage(storage: Arc<Storage>, layout: Layout) -> Tensor {
        Tensor(Arc::new(TensorImpl { storage, layout, autograd: Mutex::new(AutogradMeta::default()) }))
    }

    /// A contiguous tensor owning `buf`, which must hold exactly `numel(shape)` values.
    /// Inside an op's host round trip on a CUDA tensor, the new tensor is placed on
    /// that device (see `backend::cuda::fallback`).
    pub fn from_buffer(buf: CpuBuffer, shape: &[usize]) -> Tensor {
        debug_assert_eq!(buf.len(), numel(shape));
        Tensor::from_storage(Arc::new(fallback::place(buf)), Layout::contiguous(shape))
    }

    /// A contiguous tensor owning `buf` on the host, whatever op is running.
    pub fn from_host_buffer(buf: CpuBuffer, shape: &[usize]) -> Tensor {
        Tensor::from_storage(Arc::new(Storage::cpu(buf)), Layout::contiguous(shape))
    }

    pub fn from_vec<T: BufferElement>(v: Vec<T>, shape: &[usize]) -> Result<Tensor> {
        if v.len() != numel(shape) {
            return runtime(format!("shape {:?} does not match {} values", shape, v.len()));
        }
        Ok(Tensor::from_buffer(T::wrap(v), shape))
    }

    /// A 0-dim tensor holding `value` cast to `dtype`.
    pub fn scalar(value: Scalar, dtype: DType) -> Tensor {
        Tensor::full(&[], value, dtype).unwrap_or_else(|e| {
            // Only a device failure gets here (one element always fits the host).
            fallback::record_error(e);
            Tensor::from_host_buffer(crate::with_dtype!(dtype, T => <T as BufferElement>::wrap(vec![crate::tensor::element::Element::from_f64(value.to_f64())])), &[])
        })
    }

    pub fn full(shape: &[usize], value: Scalar, dtype: DType) -> Result<Tensor> {
        if let crate::tensor::Device::Cuda(i) = fallback::output_device() {
            return cuda_ops::copy::full(i, shape, value, dtype);
        }
        let n = numel(shape);
        let buf = crate::with_dtype!(dtype, T => {
            let v: T = match value {
                Scalar::Bool(b) => T::from_bool(b),
                Scalar::Int(i) => T::from_i64(i),
                Scalar::Float(f) => T::from_f64(f),
            };
            CpuBuffer::filled(v, n)?
        });
        Ok(Tensor::from_buffer(buf, shape))
    }

    pub fn zeros(shape: &[usize], dtype: DType) -> Result<Tensor> {
        if fallback::output_device().is_cuda() {
            return Tensor::full(shape, Scalar::Int(0), dtype);
        }
        Ok(Tensor::from_buffer(CpuBuffer::zeros(dtype, numel(shape))?, shape))
    }

    pub fn ones(shape: &[usize], dtype: DType) -> Result<Tensor> {
        Tensor::full(shape, Scalar::Int(1), dtype)
    }

    /// A new tensor over the same storage with another layout (a view).
    pub fn with_layout(&self, layout: Layout) -> Tensor {
        Tensor::from_storage(self.0.storage.clone(), layout)
    }

    // ---- metadata -----------------------------------------------------------

    pub fn shape(&self) -> &[usize] {
        &self.0.layout.shape
    }
    pub fn strides(&self) -> &[isize] {
        &self.0.layout.strides
    }
    pub fn layout(&self) -> &Layout {
        &self.0.layout
    }
    pub fn ndim(&self) -> usize {
        self.0.layout.ndim()
    }
    pub fn numel(&self) -> usize {
        self.0.layout.numel()
    }
    pub fn dtype(&self) -> DType {
        self.0.storage.dtype()
    }
    pub fn device(&self) -> Device {
        self.0.storage.device()
    }
    pub fn storage(&self) -> &Arc<Storage> {
        &self.0.storage
    }
    pub fn storage_offset(&self) -> usize {
        self.0.layout.offset
    }
    pub fn is_contiguous(&self) -> bool {
        self.0.layout.is_contiguous()
    }
    /// Same Python object (handle identity).
    pub fn is_same(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
    /// Views of one storage.
    pub fn shares_storage(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0.storage, &other.0.storage)
    }
    /// Size of dim `d` (already wrapped).
    pub fn size(&self, d: usize) -> usize {
        self.0.layout.shape[d]
    }

    // ---- autograd state -----------------------------------------------------

    pub fn autograd(&self) -> MutexGuard<'_, AutogradMeta> {
        self.0.autograd.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn requires_grad(&self) -> bool {
        self.autograd().requires_grad
    }
    pub fn grad(&self) -> Option<Tensor> {
        self.autograd().grad.clone()
    }
    pub fn is_leaf(&self) -> bool {
        self.autograd().grad_fn.is_none()
    }

    // ---- reading values -----------------------------------------------------

    /// Runs `f` on the CPU buffer behind this tensor (whole storage, not the view).
    /// A CUDA storage is copied to the host first: the host round trip of ops
    /// without a CUDA kernel (`backend::cuda::fallback`).
    pub fn with_cpu<R>(&self, f: impl FnOnce(&CpuBuffer) -> R) -> R {
        let data = self.0.storage.read();
        match &*data {
            StorageData::Cpu(b) => f(b),
            StorageData::Cuda(b) => f(&fallback::download(b)),
        }
    }

    /// Runs `f` on the mutable CPU buffer (bumps the version counter). A CUDA
    /// storage is copied to the host, changed there and copied back.
    pub fn with_cpu_mut<R>(&self, f: impl FnOnce(&mut CpuBuffer) -> R) -> R {
        let mut data = self.0.storage.write();
        match &mut *data {
            StorageData::Cpu(b) => f(b),
            StorageData::Cuda(b) => {
                let mut host = fallback::download(b);
                let r = f(&mut host);
                fallback::write_back(b, &host);
                r
            }
        }
    }

    /// The values in row-major order, converted to `T`.
    pub fn to_vec<T: BufferElement>(&self) -> Vec<T> {
        if self.device().is_cuda() {
            return self.on_host().to_vec();
        }
        let layout = self.layout();
        self.with_cpu(|b| {
            if let Some(s) = T::slice(b) {
                return strided::gather(s, layout);
            }
            with_buffer!(b, v => strided::gather_map(v, layout, |x| convert::<_, T>(x)))
        })
    }

    /// The values in row-major order, in this tensor's own dtype.
    pub fn to_buffer(&self) -> CpuBuffer {
        if self.device().is_cuda() {
            return self.on_host().to_buffer();
        }
        let layout = self.layout();
        self.with_cpu(|b| with_buffer!(b, v => BufferElement::wrap(strided::gather(v, layout))))
    }

    /// Element `flat` (row-major) as a Scalar.
    pub fn get_flat(&self, flat: usize) -> Scalar {
        if self.device().is_cuda() {
            // One element copied back, not the storage.
            let off = self.layout().offset_of_flat(flat);
            let one = self.with_layout(Layout { shape: vec![], strides: vec![], offset: off });
            return one.on_host().get_flat(0);
        }
        let off = self.layout().offset_of_flat(flat);
        let dtype = self.dtype();
        self.with_cpu(|b| {
            if dtype.is_float() {
                Scalar::Float(b.get_f64(off))
            } else if dtype.is_bool() {
                Scalar::Bool(b.get_bool(off))
            } else {
                Scalar::Int(b.get_i64(off))
            }
        })
    }

    /// `.item()`: the one value of a one-element tensor.
    pub fn item(&self) -> Result<Scalar> {
        let n = self.numel();
        if n != 1 {
            return runtime(format!("a Tensor with {n} elements cannot be converted to Scalar"));
        }
        Ok(self.get_flat(0))
    }

    // ---- copies -------------------------------------------------------------

    /// A contiguous tensor with the same values: `self` when already contiguous.
    pub fn contiguous(&self) -> Tensor {
        if self.is_contiguous() && self.storage_offset() == 0 && self.0.storage.len() == self.numel() {
            return self.clone();
        }
        if self.device().is_cuda() {
            return cuda_ops::copy::contiguous(self).unwrap_or_else(|e| {
                fallback::record_error(e);
                self.clone()
            });
        }
        Tensor::from_buffer(self.to_buffer(), self.shape())
    }

    /// The values of a CUDA tensor as a new host tensor (a CPU tensor is itself).
    /// A device failure is raised by the op that asked (`fallback`).
    pub fn on_host(&self) -> Tensor {
        if !self.device().is_cuda() {
            return self.clone();
        }
        match cuda_ops::copy::download_view(self) {
            Ok(buf) => Tensor::from_host_buffer(buf, self.shape()),
            Err(e) => {
                fallback::record_error(e);
                Tensor::from_host_buffer(CpuBuffer::zeros(self.dtype(), self.numel()).unwrap_or_else(|_| CpuBuffer::F32(vec![])), self.shape())
            }
        }
    }

    /// The values on `device` as a new tensor (this tensor when already there).
    pub fn to_device(&self, device: crate::tensor::Device) -> Result<Tensor> {
        if device == self.device() {
            return Ok(self.clone());
        }
        cuda_ops::copy::to_device(self, device)
    }

    /// A new storage holding a copy of the values (`clone()` without autograd).
    pub fn copy_data(&self) -> Result<Tensor> {
        if self.device().is_cuda() {
            return cuda_ops::copy::contiguous(self);
        }
        super::memory::check_alloc(self.numel() * self.dtype().size_bytes())?;
        Ok(Tensor::from_buffer(self.to_buffer(), self.shape()))
    }

    /// The values cast to `dtype`, as a new contiguous tensor (`self` if already that dtype).
    pub fn to_dtype(&self, dtype: DType) -> Result<Tensor> {
        if dtype == self.dtype() {
            return Ok(self.clone());
        }
        if self.device().is_cuda() {
            return cuda_ops::copy::cast(self, dtype);
        }
        Ok(Tensor::from_buffer(self.cast_values(dtype)?, self.shape()))
    }

    /// The values (row-major) cast into a new buffer of `dtype`.
    pub fn cast_values(&self, dtype: DType) -> Result<CpuBuffer> {
        if self.device().is_cuda() {
            return Ok(cuda_ops::copy::cast(self, dtype)?.to_buffer());
        }
        super::memory::check_alloc(self.numel() * dtype.size_bytes())?;
        let layout = self.layout();
        Ok(self.with_cpu(|b| {
            crate::with_dtype!(dtype, U => {
                with_buffer!(b, v => U::wrap(strided::gather_map(v, layout, |x| convert::<_, U>(x))))
            })
        }))
    }
}

/// Converts one element between dtypes with C++ cast semantics.
#[inline]
pub fn convert<S: Element, D: Element>(x: S) -> D {
    match (S::DTYPE.category(), D::DTYPE.category()) {
        (_, super::dtype::Category::Bool) => D::from_bool(x.to_bool()),
        (super::dtype::Category::Float, _) => {
            if D::DTYPE == DType::F32 || D::DTYPE.is_int() && S::DTYPE != DType::F64 {
                D::from_f32(x.to_f32())
            } else {
                D::from_f64(x.to_f64())
            }
        }
        _ => {
            if D::DTYPE.is_int() {
                D::from_i64(x.to_i64())
            } else {
                D::from_f64(x.to_f64())
            }
        }
    }
}

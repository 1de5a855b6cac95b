//! One CUDA context per device, made on first use and kept for the process: the
//! device's primary context, the stream every op is queued on, cuBLAS's handle and
//! the kernel modules compiled (by NVRTC, for this device's architecture) on demand.
//!
//! Everything is raw driver API through cudarc's `result` layer: one stream per
//! device keeps ordering trivial, so no per-op events or synchronisation are needed.
use super::kernels;
use super::probe;
use crate::tensor::error::{Result, TensorError};
use cudarc::driver::{result as drv, sys};
use std::collections::HashMap;
use std::ffi::{CString, c_void};
use std::sync::{Mutex, OnceLock};

pub struct DeviceContext {
    pub ordinal: usize,
    pub arch: &'static str,
    pub total_memory: usize,
    ctx: sys::CUcontext,
    pub stream: sys::CUstream,
    cublas: OnceLock<std::result::Result<usize, String>>,
    modules: Mutex<HashMap<&'static str, usize>>,
    functions: Mutex<HashMap<String, usize>>,
}

// SAFETY: the raw handles are process-wide driver objects; the driver API is
// thread safe, and each thread binds the context before use (`bind`).
unsafe impl Send for DeviceContext {}
unsafe impl Sync for DeviceContext {}

/// The driver's error as PyTorch words it: `CUDA error: <description>`.
pub fn cuda_error(e: drv::DriverError) -> TensorError {
    let text = e
        .error_string()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|_| format!("{:?}", e.0));
    TensorError::Runtime(format!(
        "CUDA error: {text}\nCUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.\nFor debugging consider passing CUDA_LAUNCH_BLOCKING=1"
    ))
}

/// The error for a CUDA tensor on a machine that cannot make one, as a CUDA
/// build of PyTorch reports it.
pub fn unavailable_error() -> TensorError {
    let p = probe::probe();
    if !p.driver_loaded {
        return TensorError::Runtime(
            "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx".into(),
        );
    }
    if p.devices.is_empty() {
        return TensorError::Runtime("No CUDA GPUs are available".into());
    }
    TensorError::Runtime(format!(
        "CUDA is not usable here: {}",
        p.unavailable_reason.as_deref().unwrap_or("unknown reason")
    ))
}

const MAX_DEVICES: usize = 16;
static CONTEXTS: [OnceLock<std::result::Result<DeviceContext, String>>; MAX_DEVICES] =
    [const { OnceLock::new() }; MAX_DEVICES];

thread_local! {
    /// The context bound on this thread (the driver's "current" context is per thread).
    static BOUND: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// The context of `cuda:ordinal`, created on first use. Never panics: no driver,
/// no device or a bad ordinal are RuntimeErrors in PyTorch's words.
pub fn context(ordinal: usize) -> Result<&'static DeviceContext> {
    if !probe::is_available() {
        return Err(unavailable_error());
    }
    if ordinal >= probe::device_count() || ordinal >= MAX_DEVICES {
        return Err(TensorError::Runtime(
            "CUDA error: invalid device ordinal\nCUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.\nFor debugging consider passing CUDA_LAUNCH_BLOCKING=1".into(),
        ));
    }
    let made = CONTEXTS[ordinal].get_or_init(|| create(ordinal).map_err(|e| e.to_string()));
    let ctx = made.as_ref().map_err(|e| TensorError::Runtime(e.clone()))?;
    ctx.bind()?;
    Ok(ctx)
}

fn create(ordinal: usize) -> Result<DeviceContext> {
    let info = &probe::probe().devices[ordinal];
    unsafe {
        let dev = drv::device::get(ordinal as i32).map_err(cuda_error)?;
        let ctx = drv::primary_ctx::retain(dev).map_err(cuda_error)?;
        drv::ctx::set_current(ctx).map_err(cuda_error)?;
        // A non-blocking stream: ordered with itself only, never with the legacy stream.
        let stream =
            drv::stream::create(drv::stream::StreamKind::NonBlocking).map_err(cuda_error)?;
        // Keep freed blocks in the pool instead of returning them to the OS at each
        // synchronisation: stream-ordered allocation then costs no driver round trip.
        if let Ok(pool) = drv::device::get_default_mem_pool(dev) {
            let mut threshold: u64 = u64::MAX;
            let _ = sys::cuMemPoolSetAttribute(
                pool,
                sys::CUmemPool_attribute::CU_MEMPOOL_ATTR_RELEASE_THRESHOLD,
                &mut threshold as *mut u64 as *mut c_void,
            );
        }
        Ok(DeviceContext {
            ordinal,
            arch: kernels::arch_for(info.compute_capability),
            total_memory: info.total_memory,
            ctx,
            stream,
            cublas: OnceLock::new(),
            modules: Mutex::new(HashMap::new()),
            functions: Mutex::new(HashMap::new()),
        })
    }
}

impl DeviceContext {
    /// Makes this context current on the calling thread (once per thread).
    pub fn bind(&self) -> Result<()> {
        let key = self.ordinal;
        if BOUND.with(|b| b.get()) == key {
            return Ok(());
        }
        unsafe { drv::ctx::set_current(self.ctx) }.map_err(cuda_error)?;
        BOUND.with(|b| b.set(key));
        Ok(())
    }

    /// Waits for every queued op (`torch.cuda.synchronize()`, copies to the host).
    pub fn synchronize(&self) -> Result<()> {
        unsafe { drv::stream::synchronize(self.stream) }.map_err(cuda_error)
    }

    /// The kernel `name` of the kernel file `module`, compiling the file on first use.
    pub fn function(&self, module: &'static str, name: &str) -> Result<sys::CUfunction> {
        if let Some(&f) = self
            .functions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
        {
            return Ok(f as sys::CUfunction);
        }
        let m = self.module(module)?;
        let cname = CString::new(name).expect("kernel names have no NUL");
        let f = unsafe { drv::module::get_function(m, cname) }.map_err(|e| {
            TensorError::Runtime(format!("CUDA kernel {name} not found in {module}.cu: {e}"))
        })?;
        self.functions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string(), f as usize);
        Ok(f)
    }

    fn module(&self, module: &'static str) -> Result<sys::CUmodule> {
        let mut mods = self.modules.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&m) = mods.get(module) {
            return Ok(m as sys::CUmodule);
        }
        let image = kernels::image(module, self.arch)
            .map_err(|e| TensorError::Runtime(format!("NVRTC failed: {e}")))?;
        // SAFETY: a CUBIN image or NUL-terminated PTX, alive for the call.
        let m = match unsafe { drv::module::load_data(image.as_ptr() as *const c_void) } {
            Ok(m) => m,
            Err(_) => {
                // Machine code for a neighbouring architecture the card cannot run:
                // PTX, which the driver compiles for the card itself.
                let mut ptx = kernels::compile(module, kernels::source(module), self.arch)
                    .map_err(|e| TensorError::Runtime(format!("NVRTC failed: {e}")))?
                    .to_src()
                    .into_bytes();
                ptx.push(0);
                unsafe { drv::module::load_data(ptx.as_ptr() as *const c_void) }
                    .map_err(cuda_error)?
            }
        };
        mods.insert(module, m as usize);
        Ok(m)
    }

    /// cuBLAS's handle on this device's stream (created once).
    pub fn cublas(&self) -> Result<cudarc::cublas::sys::cublasHandle_t> {
        let h = self.cublas.get_or_init(|| {
            let h =
                cudarc::cublas::result::create_handle().map_err(|e| format!("cuBLAS: {e:?}"))?;
            unsafe { cudarc::cublas::result::set_stream(h, self.stream as _) }
                .map_err(|e| format!("cuBLAS: {e:?}"))?;
            Ok(h as usize)
        });
        h.clone()
            .map(|h| h as cudarc::cublas::sys::cublasHandle_t)
            .map_err(TensorError::Runtime)
    }
}

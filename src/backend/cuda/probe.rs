//! Finding out, without panicking, whether this machine can run CUDA: the driver
//! library, a device, NVRTC to compile our kernels and cuBLAS for matmul. The
//! answer is computed once per process.
use std::sync::OnceLock;

#[derive(Clone, Debug)]
pub struct GpuInfo {
    pub ordinal: usize,
    pub name: String,
    pub total_memory: usize,
    pub compute_capability: (i32, i32),
}

#[derive(Clone, Debug, Default)]
pub struct CudaProbe {
    pub driver_loaded: bool,
    pub nvrtc_loaded: bool,
    pub cublas_loaded: bool,
    /// Driver API version as (major, minor), e.g. (13, 0).
    pub driver_version: Option<(i32, i32)>,
    /// NVRTC's version, which is the CUDA toolkit version our kernels compile with.
    pub nvrtc_version: Option<(i32, i32)>,
    pub devices: Vec<GpuInfo>,
    /// Why CUDA is not usable, in words, when it is not.
    pub unavailable_reason: Option<String>,
}

impl CudaProbe {
    pub fn is_available(&self) -> bool {
        self.unavailable_reason.is_none() && !self.devices.is_empty()
    }
}

static PROBE: OnceLock<CudaProbe> = OnceLock::new();

/// The probe result for this process.
pub fn probe() -> &'static CudaProbe {
    PROBE.get_or_init(run_probe)
}

/// `torch.cuda.is_available()`.
pub fn is_available() -> bool {
    probe().is_available()
}

/// `torch.cuda.device_count()`.
pub fn device_count() -> usize {
    if is_available() { probe().devices.len() } else { 0 }
}

/// Whether NVRTC alone can be loaded (enough to compile kernels, even without a GPU).
pub fn nvrtc_present() -> bool {
    // SAFETY: only tries to dlopen the library; no symbol is called.
    unsafe { cudarc::nvrtc::sys::is_culib_present() }
}

fn run_probe() -> CudaProbe {
    let mut p = CudaProbe::default();
    // Loading a library can panic inside the binding on odd installs: never let that out.
    let loaded = std::panic::catch_unwind(|| unsafe {
        (
            cudarc::driver::sys::is_culib_present(),
            cudarc::nvrtc::sys::is_culib_present(),
            cudarc::cublas::sys::is_culib_present(),
        )
    });
    let Ok((driver, nvrtc, cublas)) = loaded else {
        p.unavailable_reason = Some("loading the CUDA libraries failed".into());
        return p;
    };
    p.driver_loaded = driver;
    p.nvrtc_loaded = nvrtc;
    p.cublas_loaded = cublas;
    if nvrtc {
        p.nvrtc_version = std::panic::catch_unwind(|| {
            let (mut major, mut minor) = (0, 0);
            let status = unsafe { cudarc::nvrtc::sys::nvrtcVersion(&mut major, &mut minor) };
            (status == cudarc::nvrtc::sys::nvrtcResult::NVRTC_SUCCESS).then_some((major, minor))
        })
        .ok()
        .flatten();
    }
    if !driver {
        p.unavailable_reason = Some("no NVIDIA driver (libcuda) found".into());
        return p;
    }
    let devices = std::panic::catch_unwind(query_devices);
    match devices {
        Ok(Ok((version, devices))) => {
            p.driver_version = Some(version);
            p.devices = devices;
        }
        Ok(Err(e)) => {
            p.unavailable_reason = Some(format!("the CUDA driver reported: {e}"));
            return p;
        }
        Err(_) => {
            p.unavailable_reason = Some("the CUDA driver could not be initialised".into());
            return p;
        }
    }
    if p.devices.is_empty() {
        p.unavailable_reason = Some("the CUDA driver found no GPU".into());
    } else if !nvrtc {
        p.unavailable_reason = Some("a GPU is present but NVRTC (libnvrtc), needed to compile kernels, is missing".into());
    } else if !cublas {
        p.unavailable_reason = Some("a GPU is present but cuBLAS (libcublas), needed for matmul, is missing".into());
    }
    p
}

fn query_devices() -> Result<((i32, i32), Vec<GpuInfo>), String> {
    use cudarc::driver::result;
    result::init().map_err(|e| e.to_string())?;
    let mut version = 0;
    unsafe { cudarc::driver::sys::cuDriverGetVersion(&mut version) }
        .result()
        .map_err(|e| e.to_string())?;
    let count = result::device::get_count().map_err(|e| e.to_string())?;
    let mut out = vec![];
    for ordinal in 0..count {
        let dev = result::device::get(ordinal).map_err(|e| e.to_string())?;
        let name = result::device::get_name(dev).map_err(|e| e.to_string())?;
        let total_memory = unsafe { result::device::total_mem(dev) }.map_err(|e| e.to_string())?;
        use cudarc::driver::sys::CUdevice_attribute::*;
        let major = unsafe { result::device::get_attribute(dev, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) }
            .map_err(|e| e.to_string())?;
        let minor = unsafe { result::device::get_attribute(dev, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR) }
            .map_err(|e| e.to_string())?;
        out.push(GpuInfo { ordinal: ordinal as usize, name, total_memory, compute_capability: (major, minor) });
    }
    Ok(((version / 1000, (version % 1000) / 10), out))
}

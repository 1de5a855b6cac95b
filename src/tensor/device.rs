//! Where a tensor lives.
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Device {
    #[default]
    Cpu,
    Cuda(usize),
}

impl Device {
    pub fn is_cuda(self) -> bool {
        matches!(self, Device::Cuda(_))
    }
    /// `device.type`: "cpu" or "cuda".
    pub fn kind(self) -> &'static str {
        match self {
            Device::Cpu => "cpu",
            Device::Cuda(_) => "cuda",
        }
    }
    /// Parses "cpu", "cuda", "cuda:1" (a bare "cuda" means the current device, 0).
    pub fn parse(s: &str) -> Option<Device> {
        match s {
            "cpu" => Some(Device::Cpu),
            "cuda" => Some(Device::Cuda(0)),
            _ => s.strip_prefix("cuda:")?.parse().ok().map(Device::Cuda),
        }
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Cpu => write!(f, "cpu"),
            Device::Cuda(i) => write!(f, "cuda:{i}"),
        }
    }
}

/// The device factories use when no `device=` is given (`torch.set_default_device`).
/// `TENSORLINGS_DEFAULT_DEVICE=cuda` sets it for a whole run: the GPU check runs
/// the CPU conformance corpus on the GPU this way, unchanged.
static DEFAULT: std::sync::Mutex<Option<Device>> = std::sync::Mutex::new(None);

pub fn default_device() -> Device {
    let mut d = DEFAULT.lock().unwrap_or_else(|e| e.into_inner());
    *d.get_or_insert_with(|| {
        std::env::var("TENSORLINGS_DEFAULT_DEVICE").ok().and_then(|s| Device::parse(s.trim())).unwrap_or(Device::Cpu)
    })
}

/// Whether random draws for CUDA tensors come from the CPU generator (then copied):
/// only when `TENSORLINGS_DEFAULT_DEVICE` runs a CPU program on a GPU, so its seeded
/// values (and so its printed output) stay the CPU's. Otherwise a CUDA draw uses the
/// device's own generator, as in PyTorch.
pub fn draws_follow_the_cpu() -> bool {
    static FOLLOW: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FOLLOW.get_or_init(|| std::env::var_os("TENSORLINGS_DEFAULT_DEVICE").is_some())
}

pub fn set_default_device(device: Device) {
    *DEFAULT.lock().unwrap_or_else(|e| e.into_inner()) = Some(device);
}

//! What `!nvidia-smi` in a cell and `tensorlings doctor` show: a device table built
//! from the engine's own device query. No shell and no external program ever runs.
use super::probe::CudaProbe;

/// The text `!nvidia-smi` prints. Without a driver it is the real tool's own message,
/// so a learner on a CPU machine sees what Colab or a laptop would show them.
pub fn nvidia_smi_text(p: &CudaProbe) -> String {
    if !p.driver_loaded || p.devices.is_empty() {
        return "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. \
                Make sure that the latest NVIDIA driver is installed and running.\n\n"
            .to_string();
    }
    let width = 79;
    let rule = format!("+{}+\n", "-".repeat(width - 2));
    let line = |s: String| format!("| {:<w$} |\n", s, w = width - 4);
    let mut out = String::new();
    out += &rule;
    let cuda = p.driver_version.map(|(a, b)| format!("{a}.{b}")).unwrap_or_else(|| "?".into());
    out += &line(format!("tensorlings device table (from the CUDA driver)      CUDA Version: {cuda}"));
    out += &rule;
    out += &line(format!("{:<4} {:<36} {:>12} {:>8}", "GPU", "Name", "Memory", "Compute"));
    out += &rule;
    for d in &p.devices {
        out += &line(format!(
            "{:<4} {:<36} {:>9}MiB {:>6}.{}",
            d.ordinal,
            truncate(&d.name, 36),
            d.total_memory >> 20,
            d.compute_capability.0,
            d.compute_capability.1
        ));
    }
    out += &rule;
    out
}

/// `tensorlings doctor`'s CUDA section: every library and device, or why not.
pub fn doctor_text(p: &CudaProbe) -> String {
    let yes = |b: bool| if b { "found" } else { "not found" };
    let mut out = String::new();
    out += &format!("CUDA driver (libcuda):   {}\n", yes(p.driver_loaded));
    out += &format!("NVRTC (libnvrtc):        {}\n", yes(p.nvrtc_loaded));
    out += &format!("cuBLAS (libcublas):      {}\n", yes(p.cublas_loaded));
    if let Some((a, b)) = p.driver_version {
        out += &format!("driver CUDA version:     {a}.{b}\n");
    }
    if let Some((a, b)) = p.nvrtc_version {
        out += &format!("NVRTC version:           {a}.{b}\n");
    }
    for d in &p.devices {
        out += &format!(
            "cuda:{}  {}  {} MiB  compute capability {}.{}\n",
            d.ordinal,
            d.name,
            d.total_memory >> 20,
            d.compute_capability.0,
            d.compute_capability.1
        );
    }
    match &p.unavailable_reason {
        None => out += "CUDA: available\n",
        Some(why) => out += &format!("CUDA: not available ({why}); tensors run on the CPU\n"),
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n - 1).collect::<String>() + "…" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::cuda::probe::GpuInfo;

    #[test]
    fn no_driver_prints_nvidia_smi_own_message() {
        let p = CudaProbe { unavailable_reason: Some("no NVIDIA driver (libcuda) found".into()), ..Default::default() };
        assert!(nvidia_smi_text(&p).starts_with("NVIDIA-SMI has failed because it couldn't communicate"));
        assert!(doctor_text(&p).contains("CUDA: not available (no NVIDIA driver"));
    }

    #[test]
    fn a_device_row_shows_name_memory_and_capability() {
        let p = CudaProbe {
            driver_loaded: true,
            nvrtc_loaded: true,
            cublas_loaded: true,
            driver_version: Some((13, 0)),
            devices: vec![GpuInfo {
                ordinal: 0,
                name: "NVIDIA H100 80GB HBM3".into(),
                total_memory: 85_045_919_744,
                compute_capability: (9, 0),
            }],
            ..Default::default()
        };
        let t = nvidia_smi_text(&p);
        assert!(t.contains("NVIDIA H100 80GB HBM3"));
        assert!(t.contains("81106MiB"));
        assert!(t.contains("9.0"));
        assert!(t.lines().all(|l| l.chars().count() == 79), "ragged table:\n{t}");
    }
}

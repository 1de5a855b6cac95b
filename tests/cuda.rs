//! CUDA backend tests. Without a GPU they check that probing is clean and, when
//! NVRTC is loadable (the `nvidia-cuda-nvrtc` wheel on LD_LIBRARY_PATH, as CI sets
//! up), that every kernel compiles; GPU tests say why they skip.
use tensorlings::backend::cuda::{kernels, probe};

#[test]
fn probing_never_panics_and_explains_itself() {
    let p = probe::probe();
    if p.is_available() {
        assert!(!p.devices.is_empty());
        assert!(probe::device_count() >= 1);
    } else {
        assert_eq!(probe::device_count(), 0);
        let why = p.unavailable_reason.as_deref().unwrap_or("");
        assert!(!why.is_empty(), "an unavailable CUDA must say why");
        eprintln!("CUDA unavailable here: {why}");
    }
}

#[test]
fn every_kernel_compiles_with_nvrtc() {
    if !probe::nvrtc_present() {
        eprintln!("skipped: libnvrtc not found (install the nvidia-cuda-nvrtc wheel and put its lib folder on LD_LIBRARY_PATH)");
        return;
    }
    for arch in ["sm_80", "sm_90"] {
        for (name, src) in kernels::SOURCES {
            let ptx = kernels::compile(name, src, arch).unwrap_or_else(|e| panic!("{e}"));
            let text = ptx.to_src();
            assert!(text.contains(".entry"), "{name}.cu for {arch} produced no kernels");
        }
    }
}

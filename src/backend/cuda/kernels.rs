//! The CUDA kernel sources (`kernels/*.cu`), embedded in the binary and compiled by
//! NVRTC at run time for the device's architecture, once per process.
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

const COMMON: &str = include_str!("../../../kernels/common.cuh");

/// Every kernel file: (module name, source).
pub const SOURCES: &[(&str, &str)] = &[
    ("elementwise", include_str!("../../../kernels/elementwise.cu")),
    ("copy", include_str!("../../../kernels/copy.cu")),
    ("reduce", include_str!("../../../kernels/reduce.cu")),
    ("random", include_str!("../../../kernels/random.cu")),
];

/// The full text NVRTC sees: the shared header inlined (NVRTC has no file system
/// access to our sources).
pub fn full_source(src: &str) -> String {
    src.replace("#include \"common.cuh\"", COMMON)
}

/// `sm_90` for compute capability 9.0.
pub fn arch_for(cc: (i32, i32)) -> &'static str {
    match cc {
        (9, 0) => "sm_90",
        (8, 9) => "sm_89",
        (8, 6) => "sm_86",
        (8, 0) => "sm_80",
        (7, 5) => "sm_75",
        (7, 0) => "sm_70",
        (10, 0) => "sm_100",
        (12, 0) => "sm_120",
        (major, _) if major >= 9 => "sm_90",
        _ => "sm_70",
    }
}

/// Compiles one kernel file to PTX.
pub fn compile(name: &str, src: &str, arch: &'static str) -> Result<cudarc::nvrtc::Ptx, String> {
    let opts = cudarc::nvrtc::CompileOptions {
        arch: Some(arch),
        name: Some(format!("{name}.cu")),
        options: vec!["--std=c++17".into()],
        ..Default::default()
    };
    cudarc::nvrtc::compile_ptx_with_opts(full_source(src), opts).map_err(|e| format!("{name}.cu: {e}"))
}

type PtxCache = Mutex<HashMap<(&'static str, &'static str), cudarc::nvrtc::Ptx>>;
static CACHE: OnceLock<PtxCache> = OnceLock::new();

/// The PTX of one kernel file for `arch`, compiled on first use and kept.
pub fn ptx(name: &'static str, arch: &'static str) -> Result<cudarc::nvrtc::Ptx, String> {
    let cache = CACHE.get_or_init(Default::default);
    if let Some(p) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&(name, arch)) {
        return Ok(p.clone());
    }
    let src = SOURCES.iter().find(|(n, _)| *n == name).ok_or_else(|| format!("no kernel file {name}"))?.1;
    let p = compile(name, src, arch)?;
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert((name, arch), p.clone());
    Ok(p)
}

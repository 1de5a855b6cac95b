//! The CUDA kernel sources (`kernels/*.cu`), embedded in the binary and compiled by
//! NVRTC at run time for the device's architecture: once per process, and kept on
//! disk (keyed by source, architecture and NVRTC version) so the next process
//! skips the compile. The driver caches its own PTX-to-SASS step likewise.
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

const COMMON: &str = include_str!("../../../kernels/common.cuh");

/// Every kernel file: (module name, source).
pub const SOURCES: &[(&str, &str)] = &[
    ("binary", include_str!("../../../kernels/binary.cu")),
    ("compare", include_str!("../../../kernels/compare.cu")),
    ("unary", include_str!("../../../kernels/unary.cu")),
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

type PtxCache = Mutex<HashMap<(&'static str, &'static str), String>>;
static CACHE: OnceLock<PtxCache> = OnceLock::new();

/// The PTX text of one kernel file for `arch`, compiled on first use and kept.
pub fn ptx(name: &'static str, arch: &'static str) -> Result<String, String> {
    let cache = CACHE.get_or_init(Default::default);
    if let Some(p) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&(name, arch)) {
        return Ok(p.clone());
    }
    let src = SOURCES.iter().find(|(n, _)| *n == name).ok_or_else(|| format!("no kernel file {name}"))?.1;
    let file = disk_path(name, src, arch);
    let text = match file.as_ref().and_then(|f| std::fs::read_to_string(f).ok()) {
        Some(t) if t.contains(".entry") => t,
        _ => {
            let t = compile(name, src, arch)?.to_src();
            if let Some(f) = &file {
                store(f, &t);
            }
            t
        }
    };
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert((name, arch), text.clone());
    Ok(text)
}

/// `$XDG_CACHE_HOME/tensorlings/ptx/NAME-ARCH-HASH.ptx` (or under `~/.cache`).
fn disk_path(name: &str, src: &str, arch: &str) -> Option<PathBuf> {
    if std::env::var_os("TENSORLINGS_NO_KERNEL_CACHE").is_some() {
        return None;
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (full_source(src), arch, nvrtc_version()).hash(&mut h);
    Some(base.join("tensorlings").join("ptx").join(format!("{name}-{arch}-{:016x}.ptx", h.finish())))
}

fn nvrtc_version() -> (i32, i32) {
    super::probe::probe().nvrtc_version.unwrap_or((0, 0))
}

/// Writes atomically (temp file, rename): a concurrent process never reads half a file.
fn store(path: &PathBuf, text: &str) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

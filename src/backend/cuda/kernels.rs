//! The CUDA kernel sources (`kernels/*.cu`), embedded in the binary and compiled by
//! NVRTC at run time for the device's architecture, straight to machine code
//! (CUBIN): once per process, and kept on disk (keyed by source, architecture and
//! NVRTC version) so the next process skips the compile.
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
    ("select", include_str!("../../../kernels/select.cu")),
];

/// The source of one kernel file (by module name).
pub fn source(name: &str) -> &'static str {
    SOURCES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .unwrap_or("")
}

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
    cudarc::nvrtc::compile_ptx_with_opts(full_source(src), opts)
        .map_err(|e| format!("{name}.cu: {e}"))
}

/// Compiles one kernel file straight to machine code (CUBIN) for a real
/// architecture: the driver then loads it without a JIT step of its own.
pub fn compile_cubin(name: &str, src: &str, arch: &str) -> Result<Vec<u8>, String> {
    use cudarc::nvrtc::{result, sys};
    use std::ffi::CString;
    let code = CString::new(full_source(src)).map_err(|_| format!("{name}.cu has a NUL byte"))?;
    let file = CString::new(format!("{name}.cu")).expect("no NUL in a file name");
    let prog =
        result::create_program(&code, Some(&file)).map_err(|e| format!("{name}.cu: {e:?}"))?;
    let opts = [
        format!("--gpu-architecture={arch}"),
        "--std=c++17".to_string(),
    ];
    // SAFETY: `prog` was just created and is destroyed once below; the buffers
    // passed to NVRTC are sized by NVRTC's own answers.
    unsafe {
        let out = match result::compile_program(prog, &opts) {
            Err(e) => {
                let log = result::get_program_log(prog)
                    .map(|l| l.iter().map(|&c| c as u8 as char).collect::<String>())
                    .unwrap_or_default();
                Err(format!("{name}.cu: {e:?}\n{log}"))
            }
            Ok(()) => {
                let mut size = 0usize;
                match sys::nvrtcGetCUBINSize(prog, &mut size).result() {
                    Ok(()) => {
                        let mut bin = vec![0u8; size];
                        sys::nvrtcGetCUBIN(prog, bin.as_mut_ptr() as *mut std::ffi::c_char)
                            .result()
                            .map(|_| bin)
                            .map_err(|e| format!("{name}.cu: {e:?}"))
                    }
                    Err(e) => Err(format!("{name}.cu: {e:?}")),
                }
            }
        };
        let _ = result::destroy_program(prog);
        out
    }
}

type ImageCache = Mutex<HashMap<(&'static str, &'static str), Vec<u8>>>;
static CACHE: OnceLock<ImageCache> = OnceLock::new();

/// The loadable image of one kernel file for `arch` (CUBIN, or NUL-terminated
/// PTX when NVRTC cannot make CUBIN here), compiled on first use and kept, in
/// memory and on disk.
pub fn image(name: &'static str, arch: &'static str) -> Result<Vec<u8>, String> {
    let cache = CACHE.get_or_init(Default::default);
    if let Some(p) = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&(name, arch))
    {
        return Ok(p.clone());
    }
    let src = SOURCES
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| format!("no kernel file {name}"))?
        .1;
    let file = disk_path(name, src, arch);
    let bytes = match file.as_ref().and_then(|f| std::fs::read(f).ok()) {
        Some(b) if b.len() > 4 => b,
        _ => {
            let b = match compile_cubin(name, src, arch) {
                Ok(b) => b,
                Err(_) => {
                    let mut t = compile(name, src, arch)?.to_src().into_bytes();
                    t.push(0);
                    t
                }
            };
            if let Some(f) = &file {
                store(f, &b);
            }
            b
        }
    };
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert((name, arch), bytes.clone());
    Ok(bytes)
}

/// `$XDG_CACHE_HOME/tensorlings/kernels/NAME-ARCH-HASH.bin` (or under `~/.cache`).
fn disk_path(name: &str, src: &str, arch: &str) -> Option<PathBuf> {
    if std::env::var_os("TENSORLINGS_NO_KERNEL_CACHE").is_some() {
        return None;
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (full_source(src), arch, nvrtc_version()).hash(&mut h);
    Some(
        base.join("tensorlings")
            .join("kernels")
            .join(format!("{name}-{arch}-{:016x}.bin", h.finish())),
    )
}

fn nvrtc_version() -> (i32, i32) {
    super::probe::probe().nvrtc_version.unwrap_or((0, 0))
}

/// Writes atomically (temp file, rename): a concurrent process never reads half a file.
fn store(path: &PathBuf, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

//! CUDA backend tests. Without a GPU they check that probing is clean, that CUDA
//! requests fail with PyTorch's errors and never panic, and (when NVRTC is
//! loadable: the `nvidia-cuda-nvrtc` wheel on LD_LIBRARY_PATH, as CI sets up) that
//! every kernel compiles. With a GPU, every op family runs on CPU tensors and on
//! CUDA copies and the results are compared (tests/cuda/*.py); without one the
//! same checks run CPU against CPU, so the checks themselves stay tested.
use tensorlings::backend::cuda::{kernels, probe};
use tensorlings::python::Session;
use tensorlings::tensor::{DType, Device, Tensor};

fn gpu_or_say_why(test: &str) -> bool {
    let p = probe::probe();
    if !p.is_available() {
        eprintln!(
            "{test}: no GPU here ({}): the GPU half is skipped, CPU checked against CPU",
            p.unavailable_reason.as_deref().unwrap_or("unknown")
        );
    }
    p.is_available()
}

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
        eprintln!(
            "skipped: libnvrtc not found (install the nvidia-cuda-nvrtc wheel and put its lib folder on LD_LIBRARY_PATH)"
        );
        return;
    }
    for arch in ["sm_80", "sm_90"] {
        for (name, src) in kernels::SOURCES {
            let ptx = kernels::compile(name, src, arch).unwrap_or_else(|e| panic!("{e}"));
            let text = ptx.to_src();
            assert!(
                text.contains(".entry"),
                "{name}.cu for {arch} produced no kernels"
            );
        }
    }
}

/// What the device loads: machine code for the card's architecture, straight from NVRTC.
#[test]
fn kernels_compile_to_machine_code_for_a_real_architecture() {
    if !probe::nvrtc_present() {
        eprintln!("skipped: libnvrtc not found");
        return;
    }
    let src = kernels::SOURCES
        .iter()
        .find(|(n, _)| *n == "random")
        .unwrap()
        .1;
    let bin = kernels::compile_cubin("random", src, "sm_90").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&bin[..4], b"\x7fELF", "a CUBIN is an ELF image");
}

/// The PTX of one kernel file, compiled by NVRTC for sm_80.
fn ptx(module: &str) -> String {
    let src = kernels::SOURCES.iter().find(|(n, _)| *n == module).unwrap().1;
    kernels::compile(module, src, "sm_80").unwrap().to_src()
}

/// Every kernel name the launchers build exists in the compiled PTX.
#[test]
fn the_kernels_the_launchers_name_exist() {
    if !probe::nvrtc_present() {
        eprintln!("skipped: libnvrtc not found");
        return;
    }
    let (binary, compare, unary, copy, reduce, random) = (
        ptx("binary"),
        ptx("compare"),
        ptx("unary"),
        ptx("copy"),
        ptx("reduce"),
        ptx("random"),
    );
    let tags = ["f32", "f64", "f16", "bf16", "i64", "i32", "i16", "i8", "u8"];
    for t in tags {
        for op in ["add", "sub", "mul", "maximum", "minimum"] {
            assert!(binary.contains(&format!(".entry {op}_{t}(")), "{op}_{t}");
            assert!(
                binary.contains(&format!(".entry {op}_scalar_{t}(")),
                "{op}_scalar_{t}"
            );
        }
        for op in ["eq", "lt", "ge"] {
            assert!(compare.contains(&format!(".entry {op}_{t}(")), "{op}_{t}");
        }
        for k in ["sum", "prod", "max", "min", "any", "all"] {
            assert!(
                reduce.contains(&format!(".entry {k}_rows_{t}(")),
                "{k}_rows_{t}"
            );
        }
        assert!(copy.contains(&format!(".entry arange_{t}(")));
        for d in tags.iter().chain(["bool"].iter()) {
            assert!(
                copy.contains(&format!(".entry cast_{t}_{d}(")),
                "cast_{t}_{d}"
            );
        }
    }
    for k in tensorlings::backend::cuda::ops::elementwise::UNARY_KERNELS {
        assert!(unary.contains(&format!(".entry {k}_f32(")), "{k}_f32");
    }
    for t in ["i64", "i32", "i16", "i8", "u8"] {
        for k in ["neg", "abs", "relu"] {
            assert!(unary.contains(&format!(".entry {k}_{t}(")), "{k}_{t}");
        }
    }
    for f in [
        "uniform_f32",
        "normal_f32",
        "uniform_f64",
        "normal_f64",
        "randint_i64",
    ] {
        assert!(random.contains(&format!(".entry {f}(")), "{f}");
    }
    for b in ["b1", "b2", "b4", "b8"] {
        for k in ["gather", "scatter", "fill"] {
            assert!(copy.contains(&format!(".entry {k}_{b}(")), "{k}_{b}");
        }
    }
    assert!(binary.contains(".entry mul_vec4_f32("));
    assert!(
        reduce.contains(".entry softmax_rows_f32(") && reduce.contains(".entry var_rows_bf16(")
    );
}

#[test]
fn without_a_gpu_cuda_requests_fail_in_pytorchs_words() {
    if probe::is_available() {
        eprintln!("skipped: this machine has a GPU");
        return;
    }
    let t = Tensor::zeros(&[2], DType::F32).unwrap();
    let e = t.to_device(Device::Cuda(0)).unwrap_err().to_string();
    let p = probe::probe();
    if !p.driver_loaded {
        assert!(
            e.starts_with("Found no NVIDIA driver on your system."),
            "{e}"
        );
    } else {
        assert!(!e.is_empty());
    }
    let mut s = Session::new().unwrap();
    let r = s.run_cell(
        "import torch\nprint(torch.cuda.is_available(), torch.cuda.device_count())\n\
         for f in [lambda: torch.ones(2, device='cuda'), lambda: torch.ones(2).cuda(), lambda: torch.randn(2, device='cuda'), lambda: torch.ones(2).to('cuda:1')]:\n\
         \x20   try:\n\x20       f()\n\x20       print('no error')\n\
         \x20   except RuntimeError as e:\n\x20       print('RuntimeError')\n",
        "<test>",
        1,
    );
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(
        r.stdout,
        "False 0\nRuntimeError\nRuntimeError\nRuntimeError\nRuntimeError\n"
    );
}

/// Runs one family of checks in a fresh session and fails with every mismatch listed.
fn run_checks(family: &str, source: &str) {
    let on_gpu = gpu_or_say_why(family);
    let mut s = Session::new().unwrap();
    let code = format!(
        "{}\n{}\nreport()\n",
        include_str!("cuda/harness.py"),
        source
    );
    let r = s.run_cell(&code, &format!("tests/cuda/{family}.py"), 1);
    eprintln!("{family}: {}", r.stdout.lines().next().unwrap_or(""));
    assert!(
        r.error.is_none(),
        "{family} raised: {}",
        r.error.map(|e| e.traceback).unwrap_or_default()
    );
    let fails: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("FAIL") || l.starts_with("  "))
        .collect();
    assert!(
        fails.is_empty(),
        "{family} on {}:\n{}",
        if on_gpu { "cuda" } else { "cpu" },
        fails.join("\n")
    );
    assert!(r.stdout.contains(if on_gpu { "on cuda" } else { "on cpu" }));
}

#[test]
fn elementwise_ops_match_the_cpu() {
    run_checks("elementwise", include_str!("cuda/elementwise.py"));
}

#[test]
fn reductions_and_softmax_match_the_cpu() {
    run_checks("reduce", include_str!("cuda/reduce.py"));
}

#[test]
fn matmul_copies_casts_and_indexing_match_the_cpu() {
    run_checks("matmul_copy", include_str!("cuda/matmul_copy.py"));
}

#[test]
fn autograd_an_mlp_step_and_device_semantics_on_the_device() {
    run_checks(
        "autograd_semantics",
        include_str!("cuda/autograd_semantics.py"),
    );
}

/// The byte size of each parameter of kernel `name` in PTX text.
fn ptx_params(ptx: &str, name: &str) -> Vec<usize> {
    let start = ptx
        .find(&format!(".entry {name}("))
        .unwrap_or_else(|| panic!("no kernel {name}"));
    let body = &ptx[start..];
    let end = body.find(')').unwrap();
    body[..end]
        .lines()
        .filter(|l| l.contains(".param"))
        .map(|l| {
            if let Some(i) = l.find('[') {
                l[i + 1..l.find(']').unwrap()].parse().unwrap()
            } else if l.contains(".u64")
                || l.contains(".f64")
                || l.contains(".s64")
                || l.contains(".b64")
            {
                8
            } else {
                4
            }
        })
        .collect()
}

/// The parameters the Rust launchers (`backend/cuda/ops/*.rs`) pass, kernel by
/// kernel, against what the kernels declare: a mismatch here would only show as
/// garbage or a crash on a GPU. 144 is the `Strided` struct.
#[test]
fn kernel_parameters_match_what_the_launchers_pass() {
    if !probe::nvrtc_present() {
        eprintln!("skipped: libnvrtc not found");
        return;
    }
    let (binary, compare, unary, copy, reduce, random) = (
        ptx("binary"),
        ptx("compare"),
        ptx("unary"),
        ptx("copy"),
        ptx("reduce"),
        ptx("random"),
    );
    let select = ptx("select");
    let cases: &[(&str, &str, &[usize])] = &[
        (&binary, "mul_f16", &[8, 144, 8, 144, 8, 8]),
        (&binary, "add_scalar_i8", &[8, 144, 8, 8, 4, 8, 8]),
        (&binary, "mul_vec4_f32", &[8, 8, 8, 8]),
        (&compare, "lt_bf16", &[8, 144, 8, 144, 8, 8]),
        (&compare, "eq_scalar_bool", &[8, 144, 8, 8, 4, 8, 8]),
        (&unary, "sigmoid_f64", &[8, 144, 8, 8]),
        (&copy, "gather_b2", &[8, 144, 8, 8]),
        (&copy, "scatter_b8", &[8, 144, 8, 144, 8]),
        (&copy, "fill_b1", &[8, 144, 8, 8]),
        (&copy, "cast_bool_f16", &[8, 144, 8, 8]),
        (&copy, "arange_i32", &[8, 8, 8, 8, 8, 8]),
        (&reduce, "sum_rows_f16", &[8, 8, 8, 8, 8]),
        (&reduce, "max_rows_i64", &[8, 8, 8, 8, 8]),
        (&reduce, "all_rows_bool", &[8, 8, 8, 8]),
        (&reduce, "var_rows_f32", &[8, 8, 8, 8, 8, 4]),
        (&reduce, "softmax_rows_bf16", &[8, 8, 8, 8, 4]),
        (&random, "uniform_f32", &[8, 8, 8, 8, 4, 4]),
        (&random, "normal_f64", &[8, 8, 8, 8, 8, 8]),
        (&random, "randint_i64", &[8, 8, 8, 8, 8, 8]),
        (&select, "where_bf16", &[8, 144, 8, 144, 8, 144, 8, 8]),
        (&select, "clamp_i32", &[8, 144, 8, 8, 4, 8, 8, 4, 8, 8]),
    ];
    for (text, name, want) in cases {
        assert_eq!(&ptx_params(text, name), want, "{name}");
    }
    assert_eq!(
        std::mem::size_of::<tensorlings::backend::cuda::launch::Strided>(),
        144
    );
}

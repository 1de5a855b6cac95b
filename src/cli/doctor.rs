//! `tensorlings doctor`: what this machine offers the engine — CPU threads and
//! SIMD, the tensor memory cap, and every CUDA library and device (or why not).
use clap::Args;
use tensorlings::backend::cuda::{probe, smi};

#[derive(Args)]
pub struct DoctorArgs {}

pub fn run(_args: &DoctorArgs) -> i32 {
    println!("tensorlings {}", env!("CARGO_PKG_VERSION"));
    println!("CPU threads:             {}", rayon::current_num_threads());
    #[cfg(target_arch = "x86_64")]
    {
        let simd: Vec<&str> = [
            ("avx2", std::is_x86_feature_detected!("avx2")),
            ("fma", std::is_x86_feature_detected!("fma")),
            ("avx512f", std::is_x86_feature_detected!("avx512f")),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect();
        println!("CPU SIMD:                {}", if simd.is_empty() { "baseline".into() } else { simd.join(", ") });
    }
    println!("tensor memory cap:       {} MiB", tensorlings::tensor::memory::limit() >> 20);
    print!("{}", smi::doctor_text(probe::probe()));
    0
}

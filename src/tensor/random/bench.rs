//! Timings for `tensorlings bench`: seeded fills of `n` values, allocation included (as
//! `torch.randn(n)` allocates too). The checksum keeps the work observable.

use super::TorchGenerator;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct BenchResult {
    pub name: &'static str,
    pub n: usize,
    /// Best of the repetitions.
    pub best: Duration,
    /// Sum of the values from the last repetition.
    pub checksum: f64,
}

fn best_of<T>(reps: usize, mut run: impl FnMut() -> Vec<T>, sum: impl Fn(&[T]) -> f64) -> (Duration, f64) {
    let mut best = Duration::MAX;
    let mut checksum = 0.0;
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        let v = run();
        best = best.min(t.elapsed());
        checksum = sum(&v);
    }
    (best, checksum)
}

fn sum_f32(v: &[f32]) -> f64 {
    v.iter().map(|&x| x as f64).sum()
}

/// `torch.manual_seed(0); torch.randn(n)` (float32), best of `reps`.
pub fn bench_randn(n: usize, reps: usize) -> BenchResult {
    let (best, checksum) = best_of(
        reps,
        || {
            let mut g = TorchGenerator::from_seed(0);
            let mut v = vec![0f32; n];
            g.fill_normal_f32(&mut v, 0.0, 1.0);
            v
        },
        sum_f32,
    );
    BenchResult { name: "randn_f32", n, best, checksum }
}

/// `torch.manual_seed(0); torch.rand(n)` (float32), best of `reps`.
pub fn bench_rand(n: usize, reps: usize) -> BenchResult {
    let (best, checksum) = best_of(
        reps,
        || {
            let mut g = TorchGenerator::from_seed(0);
            let mut v = vec![0f32; n];
            g.fill_uniform_f32(&mut v, 0.0, 1.0);
            v
        },
        sum_f32,
    );
    BenchResult { name: "rand_f32", n, best, checksum }
}

/// The PyTorch command that times the same work, for side-by-side reports.
pub fn torch_reference_snippet(n: usize, reps: usize) -> String {
    format!(
        "import torch,time\nfor name,f in (('randn_f32',torch.randn),('rand_f32',torch.rand)):\n    b=1e9\n    for _ in range({reps}):\n        torch.manual_seed(0); t=time.perf_counter(); v=f({n}); b=min(b,time.perf_counter()-t)\n    print(name, {n}, b)\n"
    )
}

/// Runs the float32 block transform in place (profiling aid; the values become meaningless).
pub fn transform_for_bench(d: &mut [f32]) {
    super::cephes_avx2::transform_blocks(d, 0.0, 1.0);
    for x in d.iter_mut() {
        *x = x.abs() * 0.0 + 0.3;
    }
}

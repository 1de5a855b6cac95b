//! Engine benchmarks: the same work as benches/elementwise_mul.py, matmul.py and
//! tiny_op.py, timed inside the engine (no Python in between).
use crate::tensor::{DType, Result, Scalar, Tensor};
use std::time::Instant;

/// A tensor of `n` float32 values in [0, 1) (a cheap deterministic pattern: the
/// timings do not depend on the values).
fn pattern(n: usize, seed: u32) -> Result<Tensor> {
    let v = crate::tensor::buffer::build_vec(n, |i| {
        let h = (i as u32).wrapping_mul(2654435761).wrapping_add(seed.wrapping_mul(40503));
        (h >> 8) as f32 / (1u32 << 24) as f32
    })?;
    Tensor::from_vec(v, &[n])
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// `a * b` on two contiguous float32 tensors of `n` elements: median seconds of
/// `reps` runs, allocation of the result included (as in PyTorch).
pub fn mul_f32_seconds(n: usize, reps: usize) -> Result<f64> {
    let (a, b) = (pattern(n, 1)?, pattern(n, 2)?);
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps.max(1) {
        let start = Instant::now();
        let c = a.mul(&b)?;
        times.push(start.elapsed().as_secs_f64());
        drop(c);
    }
    Ok(median(times))
}

/// float32 `n x n @ n x n`: best GFLOP/s over 3 rounds of `reps` products (after a warm-up).
pub fn matmul_f32_gflops(n: usize, reps: usize) -> Result<f64> {
    let a = pattern(n * n, 3)?.reshape(&[n as i64, n as i64])?;
    let b = pattern(n * n, 4)?.reshape(&[n as i64, n as i64])?;
    a.matmul(&b)?;
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        for _ in 0..reps.max(1) {
            a.matmul(&b)?;
        }
        best = best.min(start.elapsed().as_secs_f64() / reps.max(1) as f64);
    }
    Ok(2.0 * (n as f64).powi(3) / best / 1e9)
}

/// Seconds per `t = t + 1` on a 10-element float32 tensor (the per-op overhead).
pub fn tiny_op_seconds(iters: usize) -> Result<f64> {
    let mut t = Tensor::zeros(&[10], DType::F32)?;
    let start = Instant::now();
    for _ in 0..iters.max(1) {
        t = t.add(Scalar::Int(1))?;
    }
    let secs = start.elapsed().as_secs_f64() / iters.max(1) as f64;
    debug_assert_eq!(t.to_vec::<f32>()[0], iters as f32);
    Ok(secs)
}

/// The notebook's benchmark in the engine: 10 times, two seeded 10000x10000
/// normal matrices and their product. Seconds for all ten.
pub fn notebook_benchmark_seconds(side: usize) -> Result<f64> {
    let mut generator = crate::tensor::random::TorchGenerator::from_seed(0);
    let start = Instant::now();
    for _ in 0..10 {
        let a = Tensor::randn(&[side, side], Some(DType::F32), Some(&mut generator))?;
        let b = Tensor::randn(&[side, side], Some(DType::F32), Some(&mut generator))?;
        let c = a.mul(&b)?;
        drop((a, b, c));
    }
    Ok(start.elapsed().as_secs_f64())
}

/// Every engine figure, as `(name, value, unit)` lines like the Python scripts print.
pub fn run_all() -> Result<Vec<(String, f64, &'static str)>> {
    let mut out = vec![("mul_1e8_f32".to_string(), mul_f32_seconds(100_000_000, 5)?, "s")];
    for (n, reps) in [(256, 200), (1024, 10), (4096, 2)] {
        out.push((format!("matmul_{n}_f32"), matmul_f32_gflops(n, reps)?, "GFLOP/s"));
    }
    out.push(("tiny_op".to_string(), tiny_op_seconds(10_000)? * 1e6, "us"));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_runs_complete() {
        assert!(mul_f32_seconds(1000, 3).unwrap() >= 0.0);
        assert!(matmul_f32_gflops(16, 2).unwrap() > 0.0);
        assert!(tiny_op_seconds(10).unwrap() > 0.0);
        assert!(notebook_benchmark_seconds(10).unwrap() > 0.0);
    }

    /// `cargo test --release --lib bench_engine -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn bench_engine() {
        for (name, value, unit) in run_all().unwrap() {
            println!("BENCH {name} {value:.4} {unit}");
        }
    }
}

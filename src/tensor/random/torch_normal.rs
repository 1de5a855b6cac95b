//! `torch.randn` / `Tensor.normal_` (spec §4.4): the block path for contiguous tensors with at
//! least 16 elements, and the scalar double Box–Muller path (with its cached sample) otherwise.
//!
//! Large float32/float64 fills run through `pipeline.rs`: the calling thread draws the uniforms
//! in order (the Mersenne Twister is sequential) while other threads fault pages in and
//! transform finished chunks, so the values are identical to the serial computation.

use super::cephes_avx2::transform_blocks;
use super::half_bits::{f32_to_bf16_bits, f32_to_f16_bits};
use super::torch_generator::{TorchGenerator, u53_to_f64};
use super::pipeline::fill_then_transform;

/// Chunk of the float16/bfloat16 block path (a multiple of 16).
const CHUNK: usize = 1 << 12;

impl TorchGenerator {
    /// The scalar path's next standard normal (double), using and refilling the cache.
    pub fn next_normal_f64(&mut self) -> f64 {
        if let Some(c) = self.next_double_normal.take() {
            return c;
        }
        let u1 = self.next_f64();
        let u2 = self.next_f64();
        let r = (-2.0 * (-u2).ln_1p()).sqrt();
        let theta = 2.0 * std::f64::consts::PI * u1;
        self.next_double_normal = Some(r * theta.sin());
        r * theta.cos()
    }

    /// The scalar path's `normal(mean, std)` in double (fused, as on AVX2 builds).
    #[inline]
    fn scalar_normal(&mut self, mean: f64, std: f64) -> f64 {
        self.next_normal_f64().mul_add(std, mean)
    }

    /// `randn` / `normal_(mean, std)` on a contiguous float32 tensor (`out` in memory order).
    pub fn fill_normal_f32(&mut self, out: &mut [f32], mean: f64, std: f64) {
        if out.len() < 16 {
            return self.fill_normal_scalar_f32(out, mean, std);
        }
        let (mean, std) = (mean as f32, std as f32);
        let mt = &mut self.mt;
        fill_then_transform(
            out,
            |c: &mut [f32]| {
                mt.fill_f32_low24(c)
            },
            Some(|c: &mut [f32]| transform_blocks(c, mean, std)),
        );
        let n = out.len();
        if !n.is_multiple_of(16) {
            // Redraw the last 16 positions from fresh uniforms (overlapping the last full block).
            let tail = &mut out[n - 16..];
            for d in tail.iter_mut() {
                *d = self.next_f32();
            }
            transform_blocks(tail, mean, std);
        }
    }

    /// The scalar path for float32 regardless of size (non-contiguous tensors, in memory order).
    pub fn fill_normal_scalar_f32(&mut self, out: &mut [f32], mean: f64, std: f64) {
        for d in out.iter_mut() {
            *d = self.scalar_normal(mean, std) as f32;
        }
    }

    /// `randn` / `normal_(mean, std)` on a contiguous float64 tensor.
    pub fn fill_normal_f64(&mut self, out: &mut [f64], mean: f64, std: f64) {
        if out.len() < 16 {
            return self.fill_normal_scalar_f64(out, mean, std);
        }
        let mt = &mut self.mt;
        fill_then_transform(
            out,
            |c: &mut [f64]| {
                mt.fill_runs_pairs(c, |w, d| {
                    for (d, p) in d.iter_mut().zip(w.chunks_exact(2)) {
                        *d = u53_to_f64(p[0], p[1]);
                    }
                })
            },
            Some(|c: &mut [f64]| {
                for b in c.chunks_exact_mut(16) {
                    transform16_f64(b, mean, std);
                }
            }),
        );
        let n = out.len();
        if !n.is_multiple_of(16) {
            let tail = &mut out[n - 16..];
            for d in tail.iter_mut() {
                *d = self.next_f64();
            }
            transform16_f64(tail, mean, std);
        }
    }

    /// The scalar path for float64 regardless of size.
    pub fn fill_normal_scalar_f64(&mut self, out: &mut [f64], mean: f64, std: f64) {
        for d in out.iter_mut() {
            *d = self.scalar_normal(mean, std);
        }
    }

    /// `randn` / `normal_` on a contiguous float16 tensor, as IEEE half bit patterns.
    pub fn fill_normal_f16_bits(&mut self, out: &mut [u16], mean: f64, std: f64) {
        self.fill_normal_low(out, mean, std, f32_to_f16_bits);
    }

    /// `randn` / `normal_` on a contiguous bfloat16 tensor, as bfloat16 bit patterns.
    pub fn fill_normal_bf16_bits(&mut self, out: &mut [u16], mean: f64, std: f64) {
        self.fill_normal_low(out, mean, std, f32_to_bf16_bits);
    }

    /// The scalar path for float16 (double → float → half, like `static_cast<Half>(double)`).
    pub fn fill_normal_scalar_f16_bits(&mut self, out: &mut [u16], mean: f64, std: f64) {
        for d in out.iter_mut() {
            *d = f32_to_f16_bits(self.scalar_normal(mean, std) as f32);
        }
    }

    /// The scalar path for bfloat16.
    pub fn fill_normal_scalar_bf16_bits(&mut self, out: &mut [u16], mean: f64, std: f64) {
        for d in out.iter_mut() {
            *d = f32_to_bf16_bits(self.scalar_normal(mean, std) as f32);
        }
    }

    /// Half types compute in float32 block by block; the tail block uses the draws right after
    /// the full blocks (spec §4.4 A).
    fn fill_normal_low(&mut self, out: &mut [u16], mean: f64, std: f64, round: fn(f32) -> u16) {
        let n = out.len();
        if n < 16 {
            for d in out.iter_mut() {
                *d = round(self.scalar_normal(mean, std) as f32);
            }
            return;
        }
        let (mean, std) = (mean as f32, std as f32);
        let mut buf = vec![0f32; CHUNK.min(n / 16 * 16)];
        for c in out[..n / 16 * 16].chunks_mut(buf.len()) {
            let b = &mut buf[..c.len()];
            for d in b.iter_mut() {
                *d = self.next_f32();
            }
            transform_blocks(b, mean, std);
            for (d, &v) in c.iter_mut().zip(b.iter()) {
                *d = round(v);
            }
        }
        if !n.is_multiple_of(16) {
            let mut t = [0f32; 16];
            for d in t.iter_mut() {
                *d = self.next_f32();
            }
            transform_blocks(&mut t, mean, std);
            for (d, &v) in out[n - 16..].iter_mut().zip(t.iter()) {
                *d = round(v);
            }
        }
    }
}

/// PyTorch's generic `normal_fill_16<double>` with glibc `log`/`cos`/`sin` (Rust std calls them).
fn transform16_f64(d: &mut [f64], mean: f64, std: f64) {
    for j in 0..8 {
        let u1 = 1.0 - d[j];
        let u2 = d[j + 8];
        let radius = (-2.0 * u1.ln()).sqrt();
        let theta = 2.0 * std::f64::consts::PI * u2;
        d[j] = (radius * theta.cos()).mul_add(std, mean);
        d[j + 8] = (radius * theta.sin()).mul_add(std, mean);
    }
}

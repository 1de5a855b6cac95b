//! PyTorch's CPU generator (`CPUGeneratorImpl`): MT19937 plus the cached double normal sample,
//! with the uniform and integer samplers of spec §4.2, §4.3 and §4.5. The normal samplers live
//! in `torch_normal.rs`.

use super::half_bits::{f32_to_bf16_bits, f32_to_f16_bits};
use super::mt19937::{Mt19937, low24};
use super::pipeline::fill_then_transform;

const NO_TRANSFORM_F32: Option<fn(&mut [f32])> = None;
const NO_TRANSFORM_F64: Option<fn(&mut [f64])> = None;

/// Seed of a freshly constructed `torch.Generator()` (0x3D30F19CD101).
pub const TORCH_DEFAULT_SEED: u64 = 67_280_421_310_721;

const TWO_POW_M53: f64 = 1.0 / 9_007_199_254_740_992.0;
const MASK53: u64 = (1 << 53) - 1;

/// A torch CPU generator. `Clone` gives a full snapshot (like `get_state`/`set_state`).
#[derive(Clone, Debug)]
pub struct TorchGenerator {
    pub(super) mt: Mt19937,
    seed: u64,
    /// The double normal cached by the scalar Box–Muller path (§4.4 B).
    pub(super) next_double_normal: Option<f64>,
}

/// Low 53 bits of `random64()` as a double in [0, 1) (torch float64 uniform).
#[inline(always)]
pub(super) fn u53_to_f64(hi: u32, lo: u32) -> f64 {
    ((((hi as u64) << 32) | lo as u64) & MASK53) as i64 as f64 * TWO_POW_M53
}

impl Default for TorchGenerator {
    fn default() -> Self {
        Self::new_default()
    }
}

impl TorchGenerator {
    /// `torch.Generator()`: seeded with PyTorch's fixed default seed 67280421310721.
    pub fn new_default() -> Self {
        Self::from_seed(TORCH_DEFAULT_SEED)
    }

    /// A generator after `manual_seed(seed)`.
    pub fn from_seed(seed: u64) -> Self {
        TorchGenerator { mt: Mt19937::new(seed as u32), seed, next_double_normal: None }
    }

    /// `manual_seed(seed)`; negative Python ints must be passed as their two's complement
    /// (`-1` → `u64::MAX`). Only the low 32 bits reach the engine; the cache is cleared.
    pub fn manual_seed(&mut self, seed: u64) {
        *self = Self::from_seed(seed);
    }

    /// `initial_seed()`: the full 64-bit value last given to `manual_seed` / `seed`.
    pub fn initial_seed(&self) -> u64 {
        self.seed
    }

    /// `seed()`: reseeds from a fresh non-deterministic 64-bit value and returns it.
    pub fn seed(&mut self) -> u64 {
        let s = super::entropy_u64();
        self.manual_seed(s);
        s
    }

    /// `random()`: one 32-bit output.
    #[inline]
    pub fn random_u32(&mut self) -> u32 {
        self.mt.next_u32()
    }

    /// `random64()`: two outputs, the first in the high half.
    #[inline]
    pub fn random_u64(&mut self) -> u64 {
        self.mt.next_u64()
    }

    /// One float32 uniform in [0, 1) (low 24 bits of one draw).
    #[inline]
    pub fn next_f32(&mut self) -> f32 {
        low24(self.mt.next_u32())
    }

    /// One float64 uniform in [0, 1) (low 53 bits of `random64()`).
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        let hi = self.mt.next_u32();
        let lo = self.mt.next_u32();
        u53_to_f64(hi, lo)
    }

    /// `torch.rand` / `uniform_(from, to)` for float32, elements in memory order.
    /// `x * (to - from) + from` is fused (AVX2 build behaviour); a result equal to `to` becomes `from`.
    pub fn fill_uniform_f32(&mut self, out: &mut [f32], from: f64, to: f64) {
        let (from, to) = (from as f32, to as f32);
        let range = to - from;
        let mt = &mut self.mt;
        if from == 0.0 && to == 1.0 {
            // fma(x, 1, 0) == x and x < 1: the plain conversion is exact.
            let fill = |c: &mut [f32]| {
                mt.fill_f32_low24(c)
            };
            fill_then_transform(out, fill, NO_TRANSFORM_F32);
        } else {
            let fill = |c: &mut [f32]| mt.fill_runs(c, |w, d| affine_f32(w, d, from, range, to));
            fill_then_transform(out, fill, NO_TRANSFORM_F32);
        }
    }

    /// `torch.rand` / `uniform_(from, to)` for float64.
    pub fn fill_uniform_f64(&mut self, out: &mut [f64], from: f64, to: f64) {
        let range = to - from;
        let plain = from == 0.0 && to == 1.0;
        let mt = &mut self.mt;
        let fill = |c: &mut [f64]| {
            mt.fill_runs_pairs(c, |w, d| {
                for (d, p) in d.iter_mut().zip(w.chunks_exact(2)) {
                    let x = u53_to_f64(p[0], p[1]);
                    *d = if plain {
                        x
                    } else {
                        let v = x.mul_add(range, from);
                        if v == to { from } else { v }
                    };
                }
            })
        };
        fill_then_transform(out, fill, NO_TRANSFORM_F64);
    }

    /// `torch.rand` / `uniform_` for float16, written as IEEE half bit patterns: the float32
    /// recipe with `from`/`to` as float32, rounded to half; a half equal to half(`to`)
    /// becomes half(`from`) (verified against torch 2.15).
    pub fn fill_uniform_f16_bits(&mut self, out: &mut [u16], from: f64, to: f64) {
        self.fill_uniform_low(out, from, to, f32_to_f16_bits);
    }

    /// Same as [`Self::fill_uniform_f16_bits`] for bfloat16.
    pub fn fill_uniform_bf16_bits(&mut self, out: &mut [u16], from: f64, to: f64) {
        self.fill_uniform_low(out, from, to, f32_to_bf16_bits);
    }

    fn fill_uniform_low(&mut self, out: &mut [u16], from: f64, to: f64, round: fn(f32) -> u16) {
        let (from, to) = (from as f32, to as f32);
        let range = to - from;
        let (from_h, to_h) = (round(from), round(to));
        self.mt.fill_runs(out, |w, d| {
            for (d, &w) in d.iter_mut().zip(w) {
                let h = round(low24(w).mul_add(range, from));
                *d = if h == to_h { from_h } else { h };
            }
        });
    }

    /// `torch.randint(low, high, ...)` / `random_(low, high)` into int64: `low + random() % range`
    /// (or `random64() % range` when the range needs more than 32 bits). Plain modulo, no rejection.
    /// Panics unless `low < high`; callers raise torch's error first.
    pub fn fill_random_int(&mut self, out: &mut [i64], low: i64, high: i64) {
        assert!(low < high, "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}");
        let range = high.wrapping_sub(low) as u64;
        if range < 1 << 32 {
            let r = range as u32;
            self.mt.fill_runs(out, |w, d| {
                for (d, &w) in d.iter_mut().zip(w) {
                    *d = low.wrapping_add((w % r) as i64);
                }
            });
        } else {
            for d in out.iter_mut() {
                *d = low.wrapping_add((self.mt.next_u64() % range) as i64);
            }
        }
    }

    /// `torch.randperm(n)` (int64, CPU): Fisher–Yates from the front with `random() % (n - i)`;
    /// for n ≥ u32::MAX / 20 PyTorch switches to an inside-out shuffle with `random64()`.
    pub fn randperm(&mut self, n: usize) -> Vec<i64> {
        if (n as u64) < u32::MAX as u64 / 20 {
            let mut r: Vec<i64> = (0..n as i64).collect();
            for i in 0..n.saturating_sub(1) {
                let z = (self.mt.next_u32() as u64 % (n - i) as u64) as usize;
                r.swap(i, i + z);
            }
            r
        } else {
            // Not verified against torch (needs a > 200M-element permutation).
            let mut r = vec![0i64; n];
            for i in 0..n {
                let z = (self.mt.next_u64() % (i as u64 + 1)) as usize;
                r[i] = r[z];
                r[z] = i as i64;
            }
            r
        }
    }
}

/// `fma(x, range, from)` per element, mapping `to` back to `from`.
#[inline]
fn affine_f32(words: &[u32], out: &mut [f32], from: f32, range: f32, to: f32) {
    #[cfg(target_arch = "x86_64")]
    if super::cephes_avx2::has_avx2_fma() {
        // SAFETY: FMA was detected at run time.
        unsafe { affine_f32_fma(words, out, from, range, to) };
        return;
    }
    affine_f32_body(words, out, from, range, to);
}

#[inline(always)]
fn affine_f32_body(words: &[u32], out: &mut [f32], from: f32, range: f32, to: f32) {
    for (d, &w) in out.iter_mut().zip(words) {
        let v = low24(w).mul_add(range, from);
        *d = if v == to { from } else { v };
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn affine_f32_fma(words: &[u32], out: &mut [f32], from: f32, range: f32, to: f32) {
    affine_f32_body(words, out, from, range, to);
}

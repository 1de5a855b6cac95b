//! Seeded random numbers that match PyTorch's CPU generator and NumPy's legacy `RandomState`
//! bit for bit (spec: shared/reference/printing-and-rng.md §4, §5).
//!
//! std only. SIMD paths (AVX2+FMA, AVX-512F) are chosen at run time and give the same bits as
//! the portable fallbacks; fills of 2^18+ elements use `std::thread::scope` helpers and, on
//! Linux, batch the page faults of fresh buffers (`backend/cpu/prefault.rs`). Reference values in the tests
//! come from real PyTorch 2.15 / NumPy 2.4 (`gen_expected.py` → `expected_values.txt`).
//!
//! How torch calls map onto [`TorchGenerator`] (one per `torch.Generator`, plus the default one):
//! * `torch.manual_seed(s)` → `manual_seed(s as u64)` (negative ints: two's complement);
//!   `torch.initial_seed()` → `initial_seed()`; `torch.seed()` → `seed()`;
//!   `torch.Generator()` → `new_default()`.
//! * `torch.rand` / `uniform_(a, b)` → `fill_uniform_f32/_f64/_f16_bits/_bf16_bits(out, a, b)`.
//! * `torch.randn` / `normal_(m, s)` on a contiguous tensor → `fill_normal_f32/_f64/_f16_bits/
//!   _bf16_bits(out, m, s)` (picks the < 16 scalar path or the block path itself); on a
//!   non-contiguous tensor → `fill_normal_scalar_*` on the elements in memory order.
//! * `torch.randint(lo, hi, ..)` / `random_(lo, hi)` → `fill_random_int` (cast for other dtypes);
//!   `torch.randperm(n)` → `randperm(n)`.
//!
//! NumPy (`np.random.*` uses one global [`NumpyRandomState`]): `seed(s)` / `seed_array(&[..])`,
//! `rand`/`random_sample`, `randn`/`standard_normal`, `normal`, `uniform`, `randint`.

pub mod bench;
mod cephes_avx2;
#[cfg(target_arch = "x86_64")]
mod cephes_avx512;
pub mod half_bits;
pub mod mt19937;
pub mod numpy_legacy;
mod pipeline;
pub mod torch_generator;
mod torch_normal;

#[cfg(test)]
mod tests_numpy;
#[cfg(test)]
mod tests_torch;

pub use mt19937::Mt19937;
pub use numpy_legacy::NumpyRandomState;
pub use torch_generator::{TORCH_DEFAULT_SEED, TorchGenerator};

#[cfg(test)]
pub(crate) static FORCE_PORTABLE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the SIMD kernels may be used at all (tests switch them off to check that the
/// portable code gives the same bits).
#[inline(always)]
pub(crate) fn simd_allowed() -> bool {
    #[cfg(test)]
    {
        !FORCE_PORTABLE.load(std::sync::atomic::Ordering::Relaxed)
    }
    #[cfg(not(test))]
    {
        true
    }
}

/// A fresh non-deterministic 64-bit value without touching files: std's per-process random
/// hash keys (OS entropy) mixed with the clock and a counter.
pub fn entropy_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    h.write_u128(now);
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

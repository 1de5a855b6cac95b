//! Seeded random numbers that match PyTorch's CPU generator and NumPy's legacy `RandomState`
//! bit for bit (spec: shared/reference/printing-and-rng.md §4, §5).
//!
//! std only. SIMD paths (AVX2/FMA) are chosen at run time and give the same bits as the
//! portable fallbacks; large float fills use `std::thread::scope`.

pub mod bench;
mod cephes_avx2;
#[cfg(target_arch = "x86_64")]
mod cephes_avx512;
pub mod half_bits;
pub mod mt19937;
pub mod numpy_legacy;
mod pipeline;
mod prefault;
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

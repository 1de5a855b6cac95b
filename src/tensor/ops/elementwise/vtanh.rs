//! A float32 `tanh` that LLVM can vectorise. The C library's `tanhf` is a scalar
//! call (through `expm1f`): a 64→128→tanh classifier spent over half its time
//! there. This computes in float64 with a polynomial `exp`, so rounding the result
//! to float32 gives the correctly rounded value (the float64 error, ~1e-16, is far
//! below float32's half-ulp of 6e-8): never further from the true tanh than libm's.
#![allow(clippy::excessive_precision)]

const LOG2_E: f64 = std::f64::consts::LOG2_E;
// ln 2 split so that k * LN2_HI is exact for |k| < 2^20.
const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-01;
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
/// 1.5 * 2^52: adding and subtracting it rounds to the nearest integer.
const ROUND: f64 = 6_755_399_441_055_744.0;

/// `e^y` for `0 <= y <= 20`: `y = k ln2 + r`, `|r| <= ln2 / 2`, Taylor to r^13.
/// Branch-free and without float-to-int conversions, so loops of it vectorise.
#[inline(always)]
fn exp_small(y: f64) -> f64 {
    let shifted = y * LOG2_E + ROUND;
    let kf = shifted - ROUND;
    let r = (y - kf * LN2_HI) - kf * LN2_LO;
    let mut p = 1.0 / 6_227_020_800.0; // 1/13!
    for c in [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = p * r + c;
    }
    // The low bits of `shifted` hold k (0..=29 here): 2^k from its bits.
    let k = shifted.to_bits() & 0xff;
    p * f64::from_bits((k + 1023) << 52)
}

/// `tanh(x)` for float32, correctly rounded (see the module comment).
#[inline(always)]
pub fn tanh_f32(x: f32) -> f32 {
    let a = (x as f64).abs();
    // Past 9.5 (from 9.011 on) tanh rounds to 1 in float32; below 2^-13 to x
    // itself. Selects, not branches, so that loops vectorise.
    let e = exp_small(2.0 * a.min(9.5));
    let t = (e - 1.0) / (e + 1.0);
    let t = if a > 9.5 { 1.0 } else { t };
    let t = if a < 1.0 / 8192.0 { a } else { t };
    let r = (t as f32).copysign(x);
    if x.is_nan() { x } else { r }
}

/// `dst[i] = tanh(src[i])`, on AVX2 vectors where the CPU has them (the same
/// arithmetic, so the same values, as the portable loop).
pub fn tanh_f32_into(src: &[f32], dst: &mut [std::mem::MaybeUninit<f32>]) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above).
        return unsafe { tanh_avx2(src, dst) };
    }
    tanh_loop(src, dst)
}

#[inline(always)]
fn tanh_loop(src: &[f32], dst: &mut [std::mem::MaybeUninit<f32>]) {
    for (o, &x) in dst.iter_mut().zip(src) {
        o.write(tanh_f32(x));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn tanh_avx2(src: &[f32], dst: &mut [std::mem::MaybeUninit<f32>]) {
    tanh_loop(src, dst)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(x: f32) -> f32 {
        (x as f64).tanh() as f32
    }

    #[test]
    fn equals_the_correctly_rounded_tanh_over_the_float32_range() {
        // Every 97th float32 bit pattern from 0 to 10.0 (both signs), plus edges.
        let top = 10.0f32.to_bits();
        let mut bad = vec![];
        let mut bits = 0u32;
        while bits <= top {
            for x in [f32::from_bits(bits), -f32::from_bits(bits)] {
                if tanh_f32(x).to_bits() != reference(x).to_bits() {
                    bad.push(x);
                }
            }
            bits += 97;
        }
        assert!(bad.is_empty(), "{} mismatches, first {:?}", bad.len(), &bad[..bad.len().min(5)]);
    }

    #[test]
    fn the_slice_path_gives_the_scalar_values() {
        let src: Vec<f32> = (0..10_000).map(|i| (i as f32 - 5000.0) * 0.0021).collect();
        let mut dst = vec![std::mem::MaybeUninit::new(0.0f32); src.len()];
        tanh_f32_into(&src, &mut dst);
        for (x, y) in src.iter().zip(&dst) {
            assert_eq!(unsafe { y.assume_init() }.to_bits(), tanh_f32(*x).to_bits(), "{x}");
        }
    }

    #[test]
    fn special_values() {
        assert_eq!(tanh_f32(0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(tanh_f32(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(tanh_f32(f32::INFINITY), 1.0);
        assert_eq!(tanh_f32(f32::NEG_INFINITY), -1.0);
        assert!(tanh_f32(f32::NAN).is_nan());
        assert_eq!(tanh_f32(1e-30), 1e-30);
        assert_eq!(tanh_f32(-20.0), -1.0);
    }
}

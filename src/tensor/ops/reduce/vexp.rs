//! The exponential PyTorch's vectorised CPU kernels use (SLEEF's `expf_u10`, with
//! fused multiply-adds), so softmax and friends round like PyTorch's. It differs
//! from the C library's `expf` by at most one unit in the last place.
// SLEEF's constants are written as SLEEF prints them.
#![allow(clippy::excessive_precision)]

const R_LN2F: f32 = std::f32::consts::LOG2_E;
const L2UF: f32 = 0.693_145_751_953_125_f32;
const L2LF: f32 = 1.428_606_765_330_187_045e-6_f32;

#[inline]
fn pow2i(q: i32) -> f32 {
    f32::from_bits(((q + 0x7f) as u32) << 23)
}

/// SLEEF's `xexpf` (1.0-ULP). Its fused multiply-adds are one instruction
/// where the CPU has FMA (the portable build would call `fmaf` for each);
/// the result is the same either way.
#[inline]
pub(crate) fn sleef_expf(d: f32) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has FMA (checked just above).
        return unsafe { sleef_expf_fma(d) };
    }
    sleef_expf_body(d)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "fma")]
unsafe fn sleef_expf_fma(d: f32) -> f32 {
    sleef_expf_body(d)
}

#[inline(always)]
fn sleef_expf_body(d: f32) -> f32 {
    let q = (d * R_LN2F).round_ties_even() as i32;
    let qf = q as f32;
    let mut s = qf.mul_add(-L2UF, d);
    s = qf.mul_add(-L2LF, s);
    let mut u = 0.000_198_527_617_612_853_646_278_381_f32;
    u = u.mul_add(s, 0.001_393_043_552_525_341_510_772_71);
    u = u.mul_add(s, 0.008_333_360_776_305_198_669_433_59);
    u = u.mul_add(s, 0.041_666_485_369_205_474_853_515_6);
    u = u.mul_add(s, 0.166_666_671_633_720_397_949_219);
    u = u.mul_add(s, 0.5);
    u = 1.0 + (s * s).mul_add(u, s);
    // ldexp in two halves so an exponent near the edge does not overflow early.
    u = u * pow2i(q >> 1) * pow2i(q - (q >> 1));
    if d < -104.0 {
        u = 0.0;
    }
    if d > 100.0 {
        u = f32::INFINITY;
    }
    if d.is_nan() {
        return f32::NAN;
    }
    u
}

/// `Tensor.exp()` on float32 as ATen's unary kernel does it: whole pairs of
/// vectors (32 values) through SLEEF, the rest through the C library.
pub(crate) fn exp_f32_slice(v: &mut [f32]) {
    let vec_end = v.len() / 32 * 32;
    for x in &mut v[..vec_end] {
        *x = sleef_expf(*x);
    }
    for x in &mut v[vec_end..] {
        *x = x.exp();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_to_libm_everywhere_and_exact_on_simple_values() {
        assert_eq!(sleef_expf(0.0), 1.0);
        assert_eq!(sleef_expf(f32::NEG_INFINITY), 0.0);
        assert_eq!(sleef_expf(200.0), f32::INFINITY);
        let mut x = -80.0f32;
        while x < 80.0 {
            let (a, b) = (sleef_expf(x), x.exp());
            assert!((a.to_bits() as i64 - b.to_bits() as i64).abs() <= 1, "{x}: {a} vs {b}");
            x += 0.0137;
        }
    }
}

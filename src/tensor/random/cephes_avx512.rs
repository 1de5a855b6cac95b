//! AVX-512 version of the float32 block transform in `cephes_avx2.rs`: the same operations on
//! 16 lanes, i.e. two 16-element blocks per step (lanes 0..8 from the first block, 8..16 from
//! the second). Masks are applied with zero-masking moves, which give the same bits as the
//! AVX2 `and`/`andnot` with all-ones/zero vectors, so the results are identical.

use super::cephes_avx2::{COS_P, DP1, DP2, DP3, FOPI, LOG_P, LOG_Q1, LOG_Q2, SIN_P, SQRTHF, TWO_PI};
use std::arch::x86_64::*;

#[inline(always)]
unsafe fn splat(x: f32) -> __m512 {
    unsafe { _mm512_set1_ps(x) }
}

#[inline(always)]
unsafe fn log512(x: __m512) -> __m512 {
    unsafe {
        let one = splat(1.0);
        let x = _mm512_max_ps(x, _mm512_castsi512_ps(_mm512_set1_epi32(0x0080_0000)));
        let xi = _mm512_castps_si512(x);
        let imm0 = _mm512_srli_epi32::<23>(xi);
        let xi = _mm512_and_si512(xi, _mm512_set1_epi32(!0x7F80_0000));
        let x = _mm512_castsi512_ps(_mm512_or_si512(xi, _mm512_set1_epi32(0x3F00_0000)));
        let imm0 = _mm512_sub_epi32(imm0, _mm512_set1_epi32(0x7F));
        let mut e = _mm512_add_ps(_mm512_cvtepi32_ps(imm0), one);
        let mask = _mm512_cmp_ps_mask::<_CMP_LT_OS>(x, splat(SQRTHF));
        let tmp = _mm512_maskz_mov_ps(mask, x);
        let mut x = _mm512_sub_ps(x, one);
        e = _mm512_sub_ps(e, _mm512_maskz_mov_ps(mask, one));
        x = _mm512_add_ps(x, tmp);
        let z = _mm512_mul_ps(x, x);
        let mut y = splat(LOG_P[0]);
        y = _mm512_fmadd_ps(y, x, splat(LOG_P[1]));
        y = _mm512_fmadd_ps(y, x, splat(LOG_P[2]));
        y = _mm512_fmadd_ps(y, x, splat(LOG_P[3]));
        y = _mm512_fmadd_ps(y, x, splat(LOG_P[4]));
        y = _mm512_fmadd_ps(y, x, splat(LOG_P[5]));
        y = _mm512_fmadd_ps(y, x, splat(LOG_P[6]));
        y = _mm512_fmadd_ps(y, x, splat(LOG_P[7]));
        y = _mm512_fmadd_ps(y, x, splat(LOG_P[8]));
        y = _mm512_mul_ps(y, x);
        y = _mm512_fmadd_ps(y, z, _mm512_mul_ps(e, splat(LOG_Q1)));
        y = _mm512_fmadd_ps(z, splat(-0.5), y);
        x = _mm512_add_ps(x, y);
        _mm512_fmadd_ps(e, splat(LOG_Q2), x)
    }
}

/// (sin, cos) for θ ≥ 0 (θ = 2π·u, so the input sign bit is always clear).
#[inline(always)]
unsafe fn sincos512(x: __m512) -> (__m512, __m512) {
    unsafe {
        let y = _mm512_mul_ps(x, splat(FOPI));
        let mut j = _mm512_cvttps_epi32(y);
        j = _mm512_add_epi32(j, _mm512_set1_epi32(1));
        j = _mm512_and_si512(j, _mm512_set1_epi32(!1));
        let y = _mm512_cvtepi32_ps(j);
        let four = _mm512_set1_epi32(4);
        let sign_sin = _mm512_slli_epi32::<29>(_mm512_and_si512(j, four));
        let poly = _mm512_testn_epi32_mask(j, _mm512_set1_epi32(2)); // (j & 2) == 0
        let mut x = _mm512_fmadd_ps(y, splat(DP1), x);
        x = _mm512_fmadd_ps(y, splat(DP2), x);
        x = _mm512_fmadd_ps(y, splat(DP3), x);
        let jm2 = _mm512_sub_epi32(j, _mm512_set1_epi32(2));
        let sign_cos = _mm512_slli_epi32::<29>(_mm512_andnot_si512(jm2, four));
        let z = _mm512_mul_ps(x, x);
        let mut yc = _mm512_fmadd_ps(splat(COS_P[0]), z, splat(COS_P[1]));
        yc = _mm512_fmadd_ps(yc, z, splat(COS_P[2]));
        yc = _mm512_mul_ps(yc, z);
        yc = _mm512_fmsub_ps(yc, z, _mm512_mul_ps(z, splat(0.5)));
        yc = _mm512_add_ps(yc, splat(1.0));
        let mut ys = _mm512_fmadd_ps(splat(SIN_P[0]), z, splat(SIN_P[1]));
        ys = _mm512_fmadd_ps(ys, z, splat(SIN_P[2]));
        ys = _mm512_mul_ps(ys, z);
        ys = _mm512_fmadd_ps(ys, x, x);
        let ysin2 = _mm512_maskz_mov_ps(poly, ys);
        let ysin1 = _mm512_maskz_mov_ps(!poly, yc);
        let ys = _mm512_sub_ps(ys, ysin2);
        let yc = _mm512_sub_ps(yc, ysin1);
        let s = _mm512_castps_si512(_mm512_add_ps(ysin1, ysin2));
        let c = _mm512_castps_si512(_mm512_add_ps(yc, ys));
        (
            _mm512_castsi512_ps(_mm512_xor_si512(s, sign_sin)),
            _mm512_castsi512_ps(_mm512_xor_si512(c, sign_cos)),
        )
    }
}

/// Transforms all complete pairs of 16-blocks in `d`; returns how many elements it handled
/// (a multiple of 32) so the caller can finish an odd last block with the AVX2 kernel.
#[target_feature(enable = "avx512f,avx2,fma")]
pub(super) unsafe fn transform_block_pairs(d: &mut [f32], mean: f32, std: f32) -> usize {
    let pairs = d.len() / 32;
    unsafe {
        let one = splat(1.0);
        let minus_two = splat(-2.0);
        let two_pi = splat(TWO_PI);
        let mean_v = splat(mean);
        let std_v = splat(std);
        let p = d.as_mut_ptr();
        for k in 0..pairs {
            let a = p.add(32 * k);
            let b = a.add(16);
            let za = _mm512_loadu_ps(a);
            let zb = _mm512_loadu_ps(b);
            // [a0..8, b0..8] and [a8..16, b8..16] (128-bit lane shuffles).
            let first = _mm512_shuffle_f32x4::<0x44>(za, zb);
            let second = _mm512_shuffle_f32x4::<0xEE>(za, zb);
            let u1 = _mm512_sub_ps(one, first);
            let radius = _mm512_sqrt_ps(_mm512_mul_ps(minus_two, log512(u1)));
            let theta = _mm512_mul_ps(two_pi, second);
            let (s, c) = sincos512(theta);
            let n1 = _mm512_fmadd_ps(_mm512_mul_ps(radius, c), std_v, mean_v);
            let n2 = _mm512_fmadd_ps(_mm512_mul_ps(radius, s), std_v, mean_v);
            _mm512_storeu_ps(a, _mm512_shuffle_f32x4::<0x44>(n1, n2));
            _mm512_storeu_ps(b, _mm512_shuffle_f32x4::<0xEE>(n1, n2));
        }
    }
    pairs * 32
}

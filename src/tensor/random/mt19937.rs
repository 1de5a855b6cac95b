//! The 32-bit Mersenne Twister (MT19937) shared by PyTorch's CPU generator and NumPy's legacy
//! `RandomState` (spec §4.1, §5.1).
//!
//! Besides the one-word-at-a-time interface this offers bulk fills that twist and temper whole
//! 624-word blocks with AVX2 when the CPU has it (detected at run time; the output is the same
//! either way).

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_B0DF;
const UPPER: u32 = 0x8000_0000;
const LOWER: u32 = 0x7FFF_FFFF;

/// MT19937 state: 624 untempered words plus the position of the next one to hand out.
#[derive(Clone)]
pub struct Mt19937 {
    state: [u32; N],
    /// Index of the next word of `state` to temper; `N` means "twist before the next draw".
    index: usize,
}

impl std::fmt::Debug for Mt19937 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mt19937").field("index", &self.index).finish_non_exhaustive()
    }
}

#[inline(always)]
fn temper(mut y: u32) -> u32 {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9D2C_5680;
    y ^= (y << 15) & 0xEFC6_0000;
    y ^ (y >> 18)
}

#[inline(always)]
fn twist_word(cur: u32, next: u32, far: u32) -> u32 {
    let y = (cur & UPPER) | (next & LOWER);
    far ^ (y >> 1) ^ ((y & 1).wrapping_neg() & MATRIX_A)
}

/// `(w & 0xFFFFFF) * 2^-24`: PyTorch's float32 uniform from one tempered word.
#[inline(always)]
pub(crate) fn low24(w: u32) -> f32 {
    ((w & 0x00FF_FFFF) as i32) as f32 * (1.0 / 16_777_216.0)
}

/// True when the AVX-512 kernels may be used (they finish odd tails with AVX2).
#[inline]
pub(crate) fn has_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f") && has_avx2()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// True when the AVX2 block kernels may be used (cached by std's feature detection).
#[inline]
pub(crate) fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        super::simd_allowed() && std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl Mt19937 {
    /// Reference `init_genrand(seed)`; the first draw twists.
    pub fn new(seed: u32) -> Self {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        Mt19937 { state, index: N }
    }

    /// Reference `init_by_array(key)` (NumPy `seed(array)`, Python `random.seed(int)`).
    pub fn from_key(key: &[u32]) -> Self {
        let mut g = Mt19937::new(19_650_218);
        let mt = &mut g.state;
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        let key_at = |j: usize| if key.is_empty() { 0 } else { key[j] };
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key_at(j))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        g
    }

    /// One tempered 32-bit output.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let y = self.state[self.index];
        self.index += 1;
        temper(y)
    }

    /// PyTorch's `random64()`: two consecutive outputs, the first one in the HIGH half.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let hi = self.next_u32() as u64;
        let lo = self.next_u32() as u64;
        (hi << 32) | lo
    }

    /// Regenerates all 624 words.
    fn twist(&mut self) {
        #[cfg(target_arch = "x86_64")]
        if has_avx512() {
            // SAFETY: AVX-512F and AVX2 were detected at run time.
            unsafe { avx512::twist(&mut self.state) };
            self.index = 0;
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if has_avx2() {
            // SAFETY: AVX2 was detected at run time.
            unsafe { avx2::twist(&mut self.state) };
            self.index = 0;
            return;
        }
        twist_scalar(&mut self.state);
        self.index = 0;
    }

    /// Fills `out` with the next `out.len()` tempered outputs (same as calling `next_u32`).
    pub fn fill_u32(&mut self, out: &mut [u32]) {
        self.fill_runs(out, |words, dst| dst.copy_from_slice(words));
    }

    /// Fills `out` with PyTorch's float32 uniforms: `(next_u32() & 0xFFFFFF) * 2^-24` each,
    /// tempering and converting straight from the state with SIMD when available.
    pub fn fill_f32_low24(&mut self, out: &mut [f32]) {
        let level = if has_avx512() { 2 } else if has_avx2() { 1 } else { 0 };
        let mut pos = 0;
        while pos < out.len() {
            if self.index >= N {
                self.twist();
            }
            let take = (N - self.index).min(out.len() - pos);
            let src = &self.state[self.index..self.index + take];
            let dst = &mut out[pos..pos + take];
            match level {
                // SAFETY: the features were detected at run time.
                #[cfg(target_arch = "x86_64")]
                2 => unsafe { avx512::temper_low24(src, dst) },
                #[cfg(target_arch = "x86_64")]
                1 => unsafe { avx2::temper_low24(src, dst) },
                _ => {
                    for (d, &w) in dst.iter_mut().zip(src) {
                        *d = low24(temper(w));
                    }
                }
            }
            self.index += take;
            pos += take;
        }
    }

    /// Generic bulk driver: hands successive runs of tempered words (at most 624 at a time)
    /// to `convert`, together with the matching slice of `out` (one element per word).
    #[inline]
    pub(crate) fn fill_runs<T>(&mut self, out: &mut [T], mut convert: impl FnMut(&[u32], &mut [T])) {
        let mut buf = [0u32; N];
        let avx2 = has_avx2();
        let mut pos = 0;
        while pos < out.len() {
            if self.index >= N {
                self.twist();
            }
            let take = (N - self.index).min(out.len() - pos);
            temper_run(&self.state[self.index..self.index + take], &mut buf[..take], avx2);
            self.index += take;
            convert(&buf[..take], &mut out[pos..pos + take]);
            pos += take;
        }
    }

    /// Like `fill_runs` but each element takes two consecutive words (`random64()` style);
    /// `convert` receives `2 * dst.len()` words.
    #[inline]
    pub(crate) fn fill_runs_pairs<T>(&mut self, out: &mut [T], mut convert: impl FnMut(&[u32], &mut [T])) {
        let mut buf = [0u32; N];
        let avx2 = has_avx2();
        let mut pos = 0;
        while pos < out.len() {
            if self.index >= N {
                self.twist();
            }
            let avail = N - self.index;
            if avail == 1 {
                // This pair straddles a twist: draw it word by word.
                let w = [self.next_u32(), self.next_u32()];
                convert(&w, &mut out[pos..pos + 1]);
                pos += 1;
                continue;
            }
            let take = (avail / 2).min(out.len() - pos);
            temper_run(&self.state[self.index..self.index + 2 * take], &mut buf[..2 * take], avx2);
            self.index += 2 * take;
            convert(&buf[..2 * take], &mut out[pos..pos + take]);
            pos += take;
        }
    }
}

fn twist_scalar(mt: &mut [u32; N]) {
    for i in 0..N - M {
        mt[i] = twist_word(mt[i], mt[i + 1], mt[i + M]);
    }
    for i in N - M..N - 1 {
        mt[i] = twist_word(mt[i], mt[i + 1], mt[i + M - N]);
    }
    mt[N - 1] = twist_word(mt[N - 1], mt[0], mt[M - 1]);
}

#[inline]
fn temper_run(src: &[u32], dst: &mut [u32], avx2: bool) {
    #[cfg(target_arch = "x86_64")]
    if avx2 {
        // SAFETY: the caller detected AVX2.
        unsafe { avx2::temper(src, dst) };
        return;
    }
    let _ = avx2;
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = temper(s);
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{M, MATRIX_A, N, twist_word};
    use std::arch::x86_64::*;

    #[inline(always)]
    unsafe fn twist8(mt: *mut u32, i: usize, far: usize) {
        unsafe {
            let cur = _mm256_loadu_si256(mt.add(i) as *const __m256i);
            let next = _mm256_loadu_si256(mt.add(i + 1) as *const __m256i);
            let farv = _mm256_loadu_si256(mt.add(far) as *const __m256i);
            let upper = _mm256_set1_epi32(0x8000_0000u32 as i32);
            let y = _mm256_or_si256(_mm256_and_si256(cur, upper), _mm256_andnot_si256(upper, next));
            let one = _mm256_set1_epi32(1);
            let odd = _mm256_cmpeq_epi32(_mm256_and_si256(y, one), one);
            let mag = _mm256_and_si256(odd, _mm256_set1_epi32(MATRIX_A as i32));
            let r = _mm256_xor_si256(_mm256_xor_si256(farv, _mm256_srli_epi32(y, 1)), mag);
            _mm256_storeu_si256(mt.add(i) as *mut __m256i, r);
        }
    }

    /// Same result as `twist_scalar`: 8 words at a time wherever the 8 inputs do not overlap
    /// the outputs of the same step (`mt[i+M]` for i < 227 is old, `mt[i+M-N]` was written
    /// at least 227 words earlier).
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn twist(mt: &mut [u32; N]) {
        let p = mt.as_mut_ptr();
        let mut i = 0;
        unsafe {
            while i + 8 <= N - M {
                twist8(p, i, i + M);
                i += 8;
            }
        }
        while i < N - M {
            mt[i] = twist_word(mt[i], mt[i + 1], mt[i + M]);
            i += 1;
        }
        unsafe {
            while i + 8 < N {
                twist8(p, i, i + M - N);
                i += 8;
            }
        }
        while i < N - 1 {
            mt[i] = twist_word(mt[i], mt[i + 1], mt[i + M - N]);
            i += 1;
        }
        mt[N - 1] = twist_word(mt[N - 1], mt[0], mt[M - 1]);
    }

    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn temper_low24(src: &[u32], dst: &mut [f32]) {
        let n = src.len().min(dst.len());
        let mut i = 0;
        unsafe {
            let b = _mm256_set1_epi32(0x9D2C_5680u32 as i32);
            let c = _mm256_set1_epi32(0xEFC6_0000u32 as i32);
            let m24 = _mm256_set1_epi32(0x00FF_FFFF);
            let scale = _mm256_set1_ps(1.0 / 16_777_216.0);
            while i + 8 <= n {
                let mut y = _mm256_loadu_si256(src.as_ptr().add(i) as *const __m256i);
                y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 11));
                y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 7), b));
                y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 15), c));
                y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 18));
                let f = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_and_si256(y, m24)), scale);
                _mm256_storeu_ps(dst.as_mut_ptr().add(i), f);
                i += 8;
            }
        }
        while i < n {
            dst[i] = super::low24(super::temper(src[i]));
            i += 1;
        }
    }

    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn temper(src: &[u32], dst: &mut [u32]) {
        let n = src.len().min(dst.len());
        let mut i = 0;
        unsafe {
            let b = _mm256_set1_epi32(0x9D2C_5680u32 as i32);
            let c = _mm256_set1_epi32(0xEFC6_0000u32 as i32);
            while i + 8 <= n {
                let mut y = _mm256_loadu_si256(src.as_ptr().add(i) as *const __m256i);
                y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 11));
                y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 7), b));
                y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 15), c));
                y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 18));
                _mm256_storeu_si256(dst.as_mut_ptr().add(i) as *mut __m256i, y);
                i += 8;
            }
        }
        while i < n {
            dst[i] = super::temper(src[i]);
            i += 1;
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{M, MATRIX_A, N, twist_word};
    use std::arch::x86_64::*;

    #[inline(always)]
    unsafe fn twist16(mt: *mut u32, i: usize, far: usize) {
        unsafe {
            let cur = _mm512_loadu_si512(mt.add(i) as *const __m512i);
            let next = _mm512_loadu_si512(mt.add(i + 1) as *const __m512i);
            let farv = _mm512_loadu_si512(mt.add(far) as *const __m512i);
            let upper = _mm512_set1_epi32(0x8000_0000u32 as i32);
            let y = _mm512_or_si512(_mm512_and_si512(cur, upper), _mm512_andnot_si512(upper, next));
            let odd = _mm512_test_epi32_mask(y, _mm512_set1_epi32(1));
            let mag = _mm512_maskz_mov_epi32(odd, _mm512_set1_epi32(MATRIX_A as i32));
            let r = _mm512_xor_si512(_mm512_xor_si512(farv, _mm512_srli_epi32::<1>(y)), mag);
            _mm512_storeu_si512(mt.add(i) as *mut __m512i, r);
        }
    }

    /// 16 words at a time; see `avx2::twist` for why the blocks do not overlap their inputs.
    #[target_feature(enable = "avx512f,avx2")]
    pub(super) unsafe fn twist(mt: &mut [u32; N]) {
        let p = mt.as_mut_ptr();
        let mut i = 0;
        unsafe {
            while i + 16 <= N - M {
                twist16(p, i, i + M);
                i += 16;
            }
        }
        while i < N - M {
            mt[i] = twist_word(mt[i], mt[i + 1], mt[i + M]);
            i += 1;
        }
        unsafe {
            while i + 16 < N {
                twist16(p, i, i + M - N);
                i += 16;
            }
        }
        while i < N - 1 {
            mt[i] = twist_word(mt[i], mt[i + 1], mt[i + M - N]);
            i += 1;
        }
        mt[N - 1] = twist_word(mt[N - 1], mt[0], mt[M - 1]);
    }

    #[target_feature(enable = "avx512f,avx2")]
    pub(super) unsafe fn temper_low24(src: &[u32], dst: &mut [f32]) {
        let n = src.len().min(dst.len());
        let mut i = 0;
        unsafe {
            let b = _mm512_set1_epi32(0x9D2C_5680u32 as i32);
            let c = _mm512_set1_epi32(0xEFC6_0000u32 as i32);
            let m24 = _mm512_set1_epi32(0x00FF_FFFF);
            let scale = _mm512_set1_ps(1.0 / 16_777_216.0);
            while i + 16 <= n {
                let mut y = _mm512_loadu_si512(src.as_ptr().add(i) as *const __m512i);
                y = _mm512_xor_si512(y, _mm512_srli_epi32::<11>(y));
                y = _mm512_xor_si512(y, _mm512_and_si512(_mm512_slli_epi32::<7>(y), b));
                y = _mm512_xor_si512(y, _mm512_and_si512(_mm512_slli_epi32::<15>(y), c));
                y = _mm512_xor_si512(y, _mm512_srli_epi32::<18>(y));
                let f = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_and_si512(y, m24)), scale);
                _mm512_storeu_ps(dst.as_mut_ptr().add(i), f);
                i += 16;
            }
            super::avx2::temper_low24(&src[i..n], &mut dst[i..n]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn torch_seed_42_first_outputs() {
        // Spec §4.7 (verified against torch): manual_seed(42) first 32-bit outputs.
        let mut g = Mt19937::new(42);
        assert_eq!([g.next_u32(), g.next_u32(), g.next_u32()], [1608637542, 3421126067, 4083286876]);
    }

    #[test]
    fn bulk_fill_matches_single_draws_across_block_edges() {
        let mut a = Mt19937::new(5489);
        let mut b = a.clone();
        // Misalign by an odd amount, then cross several twists in odd-sized chunks.
        for _ in 0..7 {
            b.next_u32();
        }
        let singles: Vec<u32> = (0..7 + 3000).map(|_| a.next_u32()).skip(7).collect();
        let mut bulk = vec![0u32; 3000];
        let (x, y) = bulk.split_at_mut(1001);
        b.fill_u32(x);
        b.fill_u32(y);
        assert_eq!(singles, bulk);
    }

    #[test]
    fn avx2_twist_matches_scalar() {
        let mut a = Mt19937::new(123);
        let mut s = a.state;
        for _ in 0..5 {
            a.twist();
            twist_scalar(&mut s);
            assert_eq!(a.state, s);
        }
    }

    #[test]
    fn f32_fill_matches_single_draws() {
        let mut a = Mt19937::new(77);
        let mut b = a.clone();
        a.next_u32();
        b.next_u32();
        let mut bulk = vec![0f32; 2000];
        a.fill_f32_low24(&mut bulk[..5]);
        a.fill_f32_low24(&mut bulk[5..]);
        let single: Vec<f32> = (0..2000).map(|_| low24(b.next_u32())).collect();
        assert_eq!(bulk, single);
    }

    #[test]
    fn std_mt19937_10000th_output() {
        // The C++ standard fixes this: the 10000th output of default-seeded (5489) mt19937.
        let mut g = Mt19937::new(5489);
        let mut last = 0;
        for _ in 0..10000 {
            last = g.next_u32();
        }
        assert_eq!(last, 4123659995);
    }
}

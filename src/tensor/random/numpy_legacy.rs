//! NumPy's legacy `RandomState` (what `np.random.seed` / `np.random.rand` / `randn` / `randint`
//! use), spec §5: MT19937, 53-bit doubles from the HIGH 27 + 26 bits of two draws, the polar
//! Gaussian with its cached second value, and masked-rejection integers.

use super::mt19937::Mt19937;

/// NumPy's 53-bit double from two consecutive 32-bit outputs.
#[inline(always)]
fn words_to_double(a: u32, b: u32) -> f64 {
    let a = (a >> 5) as f64;
    let b = (b >> 6) as f64;
    (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
}

#[derive(Clone, Debug)]
pub struct NumpyRandomState {
    mt: Mt19937,
    gauss: Option<f64>,
}

impl Default for NumpyRandomState {
    /// Like `np.random.RandomState()`: seeded from fresh entropy.
    fn default() -> Self {
        let mut r = NumpyRandomState::new(0);
        r.seed_entropy();
        r
    }
}

impl NumpyRandomState {
    /// `RandomState(seed)` for an integer seed in 0 ..= 2^32 − 1.
    pub fn new(seed: u32) -> Self {
        NumpyRandomState { mt: Mt19937::new(seed), gauss: None }
    }

    /// `np.random.seed(s)` for an integer 0 ≤ s ≤ 2^32 − 1 (callers reject other values with
    /// `ValueError: Seed must be between 0 and 2**32 - 1`).
    pub fn seed(&mut self, seed: u32) {
        *self = NumpyRandomState::new(seed);
    }

    /// `np.random.seed([k0, k1, ...])`: MT19937 `init_by_array`. NumPy rejects an empty list.
    pub fn seed_array(&mut self, key: &[u32]) {
        *self = NumpyRandomState { mt: Mt19937::from_key(key), gauss: None };
    }

    /// `np.random.seed(None)`: fresh, non-reproducible state.
    pub fn seed_entropy(&mut self) {
        let a = super::entropy_u64();
        let b = super::entropy_u64();
        self.seed_array(&[a as u32, (a >> 32) as u32, b as u32, (b >> 32) as u32]);
    }

    /// One 32-bit output.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        self.mt.next_u32()
    }

    /// One double in [0, 1): `(a >> 5, b >> 6)` → `(a·2^26 + b) / 2^53`.
    #[inline]
    pub fn next_double(&mut self) -> f64 {
        let a = self.mt.next_u32();
        let b = self.mt.next_u32();
        words_to_double(a, b)
    }

    /// `random_sample(n)` / `rand(n)` / `random(n)`, in C order.
    pub fn random_sample(&mut self, n: usize) -> Vec<f64> {
        let mut out = vec![0.0; n];
        self.mt.fill_runs_pairs(&mut out, |w, d| {
            for (d, p) in d.iter_mut().zip(w.chunks_exact(2)) {
                *d = words_to_double(p[0], p[1]);
            }
        });
        out
    }

    /// Alias of [`Self::random_sample`] (`np.random.rand`).
    pub fn rand(&mut self, n: usize) -> Vec<f64> {
        self.random_sample(n)
    }

    /// The legacy polar-method Gaussian; returns the second coordinate first and caches the other.
    pub fn gauss(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.next_double() - 1.0;
            let x2 = 2.0 * self.next_double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// `standard_normal(n)` / `randn(n)`: the same values as `n` calls of [`Self::gauss`].
    ///
    /// Faster than calling `gauss` in a loop: the uniforms are drawn in bulk, but never more
    /// pairs than could still be needed (each pair yields at most two outputs), so the
    /// generator ends exactly where the one-by-one loop would.
    pub fn standard_normal(&mut self, n: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(n);
        if n == 0 {
            return out;
        }
        if let Some(g) = self.gauss.take() {
            out.push(g);
        }
        const BLOCK: usize = 1024;
        let mut buf = vec![0f64; 2 * BLOCK.min(n.div_ceil(2))];
        while out.len() < n {
            let pairs = (n - out.len()).div_ceil(2).min(BLOCK);
            let b = &mut buf[..2 * pairs];
            self.mt.fill_runs_pairs(b, |w, d| {
                for (d, p) in d.iter_mut().zip(w.chunks_exact(2)) {
                    *d = words_to_double(p[0], p[1]);
                }
            });
            for p in b.chunks_exact(2) {
                let x1 = 2.0 * p[0] - 1.0;
                let x2 = 2.0 * p[1] - 1.0;
                let r2 = x1 * x1 + x2 * x2;
                if r2 >= 1.0 || r2 == 0.0 {
                    continue;
                }
                let f = (-2.0 * r2.ln() / r2).sqrt();
                out.push(f * x2);
                if out.len() < n {
                    out.push(f * x1);
                } else {
                    self.gauss = Some(f * x1);
                }
            }
        }
        out
    }

    /// Alias of [`Self::standard_normal`] (`np.random.randn`).
    pub fn randn(&mut self, n: usize) -> Vec<f64> {
        self.standard_normal(n)
    }

    /// `normal(loc, scale, n)` = `loc + scale · gauss()` (two roundings, no fused multiply-add).
    pub fn normal(&mut self, loc: f64, scale: f64, n: usize) -> Vec<f64> {
        let mut v = self.standard_normal(n);
        for x in v.iter_mut() {
            *x = loc + scale * *x;
        }
        v
    }

    /// `uniform(low, high, n)` = `low + (high − low) · U`.
    pub fn uniform(&mut self, low: f64, high: f64, n: usize) -> Vec<f64> {
        let range = high - low;
        (0..n).map(|_| low + range * self.next_double()).collect()
    }

    /// `randint(low, high, n)` (int64, high exclusive) with masked rejection sampling.
    /// Panics unless `low < high`; callers raise `ValueError: low >= high` first.
    pub fn randint(&mut self, low: i64, high: i64, n: usize) -> Vec<i64> {
        assert!(low < high, "low >= high");
        let rng = (high.wrapping_sub(low) as u64).wrapping_sub(1);
        if rng == 0 {
            return vec![low; n];
        }
        let mut mask = rng;
        for s in [1, 2, 4, 8, 16, 32] {
            mask |= mask >> s;
        }
        let draw = |this: &mut Self| -> u64 {
            if rng <= u32::MAX as u64 {
                if rng == u32::MAX as u64 {
                    return this.mt.next_u32() as u64;
                }
                loop {
                    let v = (this.mt.next_u32() & mask as u32) as u64;
                    if v <= rng {
                        return v;
                    }
                }
            } else {
                loop {
                    // 64-bit draws: first output in the high half.
                    let v = this.mt.next_u64() & mask;
                    if v <= rng {
                        return v;
                    }
                }
            }
        };
        (0..n).map(|_| low.wrapping_add(draw(self) as i64)).collect()
    }
}

//! Bit-exact checks against real PyTorch 2.15 (CPU, AVX512 capability). The expected values are
//! in `expected_values.txt`, printed by `gen_expected.py` with the real library.

use super::half_bits::{bf16_bits_to_f32, f16_bits_to_f32};
use super::{TORCH_DEFAULT_SEED, TorchGenerator};

pub(super) const EXPECTED: &str = include_str!("expected_values.txt");

/// The whitespace-separated tokens after `key` on its line.
pub(super) fn line(key: &str) -> Vec<&'static str> {
    let l = EXPECTED
        .lines()
        .find(|l| l.split_whitespace().next() == Some(key))
        .unwrap_or_else(|| panic!("no expected value named {key}"));
    l.split_whitespace().skip(1).collect()
}

fn parse_u64(t: &str) -> u64 {
    let t = t.trim_matches(|c| c == '[' || c == ']' || c == ',');
    match t.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).unwrap(),
        None => t.parse().unwrap(),
    }
}

/// Every bracketed list on the line of `key`, as unsigned integers (hex or decimal).
pub(super) fn lists(key: &str) -> Vec<Vec<u64>> {
    let joined = line(key).join(" ");
    joined
        .split('[')
        .skip(1)
        .map(|g| g.split(']').next().unwrap().split(',').map(|t| parse_u64(t.trim())).collect())
        .collect()
}

pub(super) fn list(key: &str) -> Vec<u64> {
    lists(key).remove(0)
}

pub(super) fn list_i64(key: &str) -> Vec<i64> {
    let joined = line(key).join(" ");
    let inner = joined.trim_start_matches('[').split(']').next().unwrap();
    inner.split(',').map(|t| t.trim().parse().unwrap()).collect()
}

/// The number right after `key` (the hashes).
pub(super) fn scalar(key: &str) -> u64 {
    parse_u64(line(key)[0])
}

/// `sum(bits[i] * (i + 1)) mod 2^64`, the hash `gen_expected.py` prints.
pub(super) fn hash(bits: impl IntoIterator<Item = u64>) -> u64 {
    bits.into_iter().enumerate().fold(0u64, |h, (i, b)| h.wrapping_add(b.wrapping_mul(i as u64 + 1)))
}

fn bits32(v: &[f32]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits() as u64).collect()
}

fn bits64(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn bits16(v: &[u16]) -> Vec<u64> {
    v.iter().map(|&x| x as u64).collect()
}

fn randn32(seed: u64, n: usize) -> Vec<f32> {
    let mut g = TorchGenerator::from_seed(seed);
    let mut v = vec![0f32; n];
    g.fill_normal_f32(&mut v, 0.0, 1.0);
    v
}

#[test]
fn rand_seed_42_and_0_match_spec_and_torch() {
    let mut g = TorchGenerator::from_seed(42);
    let mut v = vec![0f32; 6];
    g.fill_uniform_f32(&mut v, 0.0, 1.0);
    assert_eq!(bits32(&v), list("RAND_S42_6"));
    // Spec §4.7 decimal values.
    let want = [0.8822692632675171, 0.9150039553642273, 0.38286375999450684, 0.9593056440353394, 0.3904482126235962, 0.600895345211029];
    for (a, b) in v.iter().zip(want) {
        assert_eq!(*a as f64, b);
    }
    g.manual_seed(0);
    g.fill_uniform_f32(&mut v, 0.0, 1.0);
    assert_eq!(bits32(&v), list("RAND_S0_3x2"));
    let printed: Vec<String> = v.iter().map(|x| format!("{x:.4}")).collect();
    assert_eq!(printed, ["0.4963", "0.7682", "0.0885", "0.1320", "0.3074", "0.6341"]);
}

#[test]
fn rand_large_and_float64() {
    let mut g = TorchGenerator::from_seed(5);
    let mut v = vec![0f32; 100000];
    g.fill_uniform_f32(&mut v, 0.0, 1.0);
    assert_eq!(hash(bits32(&v)), scalar("RAND_S5_100000_HASH"));

    let mut g = TorchGenerator::from_seed(42);
    let mut d = vec![0f64; 5];
    g.fill_uniform_f64(&mut d, 0.0, 1.0);
    assert_eq!(bits64(&d), list("RAND_F64_S42_5"));

    let mut g = TorchGenerator::from_seed(5);
    let mut d = vec![0f64; 100001];
    g.fill_uniform_f64(&mut d, 0.0, 1.0);
    assert_eq!(hash(bits64(&d)), scalar("RAND_F64_S5_100001_HASH"));
}

#[test]
fn rand_large_sizes_use_the_threaded_path_with_identical_values() {
    let mut v = vec![0f32; 1000003];
    TorchGenerator::from_seed(11).fill_uniform_f32(&mut v, 0.0, 1.0);
    assert_eq!(hash(bits32(&v)), scalar("RAND_S11_1000003_HASH"));
    let mut d = vec![0f64; 300001];
    TorchGenerator::from_seed(11).fill_uniform_f64(&mut d, 0.0, 1.0);
    assert_eq!(hash(bits64(&d)), scalar("RAND_F64_S11_300001_HASH"));
    let mut v = vec![0f32; 500001];
    TorchGenerator::from_seed(11).fill_uniform_f32(&mut v, -3.0, 5.0);
    assert_eq!(hash(bits32(&v)), scalar("UNIFORM_F32_S11_M3_5_500001_HASH"));
    // A reused (already mapped) buffer takes the no-prefault path: same values.
    TorchGenerator::from_seed(11).fill_uniform_f32(&mut v, -3.0, 5.0);
    assert_eq!(hash(bits32(&v)), scalar("UNIFORM_F32_S11_M3_5_500001_HASH"));
}

#[test]
fn uniform_with_bounds() {
    let mut v = vec![0f32; 10];
    TorchGenerator::from_seed(42).fill_uniform_f32(&mut v, -2.0, 2.0);
    assert_eq!(bits32(&v), list("UNIFORM_F32_M2_2"));
    TorchGenerator::from_seed(42).fill_uniform_f32(&mut v, 0.1, 0.7);
    assert_eq!(bits32(&v), list("UNIFORM_F32_01_07"));
    let mut d = vec![0f64; 10];
    TorchGenerator::from_seed(42).fill_uniform_f64(&mut d, -2.0, 2.0);
    assert_eq!(bits64(&d), list("UNIFORM_F64_M2_2"));
}

#[test]
fn randn_small_sizes_use_the_scalar_path() {
    for n in [1, 2, 3, 5, 15] {
        assert_eq!(bits32(&randn32(42, n)), list(&format!("RANDN_S42_{n}")), "n = {n}");
    }
    // Spec §7: torch.manual_seed(42); torch.randn(2, 3) prints 0.3367 0.1288 0.2345 0.2303 -1.1229 -0.1863
    let p: Vec<String> = randn32(42, 6).iter().map(|x| format!("{x:.4}")).collect();
    assert_eq!(p, ["0.3367", "0.1288", "0.2345", "0.2303", "-1.1229", "-0.1863"]);
    let p: Vec<String> = randn32(0, 5).iter().map(|x| format!("{x:.4}")).collect();
    assert_eq!(p, ["1.5410", "-0.2934", "-2.1788", "0.5684", "-1.0845"]);
}

#[test]
fn randn_block_path_sizes() {
    for n in [16, 17, 20, 31, 32, 33] {
        assert_eq!(bits32(&randn32(42, n)), list(&format!("RANDN_S42_{n}")), "n = {n}");
    }
    for n in [100, 1000, 1001] {
        let v = randn32(42, n);
        let l = line(&format!("RANDN_S42_{n}_HASH"));
        assert_eq!(hash(bits32(&v)), l[0].parse::<u64>().unwrap(), "n = {n}");
        assert_eq!(v[0].to_bits() as u64, parse_u64(l[2]));
        assert_eq!(v[n - 1].to_bits() as u64, parse_u64(l[4]));
    }
}

#[test]
fn randn_large_parallel_sizes() {
    for n in [300000, 1000003] {
        assert_eq!(hash(bits32(&randn32(7, n))), scalar(&format!("RANDN_S7_{n}_HASH")), "n = {n}");
    }
    let mut v = vec![0f32; 1000003];
    TorchGenerator::from_seed(7).fill_normal_f32(&mut v, 0.5, 0.1);
    assert_eq!(hash(bits32(&v)), scalar("NORMAL_S7_1000003_05_01_HASH"));
}

#[test]
fn normal_with_mean_std_float32() {
    let mut v = vec![0f32; 20];
    TorchGenerator::from_seed(42).fill_normal_f32(&mut v, 0.5, 0.1);
    assert_eq!(bits32(&v), list("NORMAL_F32_20_05_01"));
    let mut v = vec![0f32; 5];
    TorchGenerator::from_seed(42).fill_normal_f32(&mut v, 0.5, 0.1);
    assert_eq!(bits32(&v), list("NORMAL_F32_5_05_01"));
}

#[test]
fn randn_float64() {
    for n in [3, 5, 16, 20] {
        let mut d = vec![0f64; n];
        TorchGenerator::from_seed(42).fill_normal_f64(&mut d, 0.0, 1.0);
        assert_eq!(bits64(&d), list(&format!("RANDN_F64_S42_{n}")), "n = {n}");
    }
    let mut d = vec![0f64; 16];
    TorchGenerator::from_seed(42).fill_normal_f64(&mut d, 0.1, 0.02);
    assert_eq!(bits64(&d), list("NORMAL_F64_16_01_002"));
    let mut d = vec![0f64; 3];
    TorchGenerator::from_seed(42).fill_normal_f64(&mut d, 0.1, 0.02);
    assert_eq!(bits64(&d), list("NORMAL_F64_3_01_002"));
    let mut d = vec![0f64; 300001];
    TorchGenerator::from_seed(3).fill_normal_f64(&mut d, 0.0, 1.0);
    assert_eq!(hash(bits64(&d)), scalar("RANDN_F64_S3_300001_HASH"));
}

#[test]
fn normal_cache_survives_calls_and_is_shared_across_dtypes() {
    // randn(3); randn(20); randn(1): the block path leaves the cached 4th value alone.
    let mut g = TorchGenerator::from_seed(42);
    let (mut a, mut b, mut c) = (vec![0f32; 3], vec![0f32; 20], vec![0f32; 1]);
    g.fill_normal_f32(&mut a, 0.0, 1.0);
    g.fill_normal_f32(&mut b, 0.0, 1.0);
    g.fill_normal_f32(&mut c, 0.0, 1.0);
    let want = lists("SEQ_3_20_1");
    assert_eq!([bits32(&a), bits32(&b), bits32(&c)].to_vec(), want);

    let mut g = TorchGenerator::from_seed(42);
    let (mut a, mut d, mut e) = (vec![0f32; 3], vec![0f64; 2], vec![0f32; 1]);
    g.fill_normal_f32(&mut a, 0.0, 1.0);
    g.fill_normal_f64(&mut d, 0.0, 1.0);
    g.fill_normal_f32(&mut e, 0.0, 1.0);
    assert_eq!([bits32(&a), bits64(&d), bits32(&e)].to_vec(), lists("SEQ_MIXED_F32_3_F64_2_F32_1"));

    // manual_seed clears the cache.
    let mut g = TorchGenerator::from_seed(42);
    g.fill_normal_f32(&mut a, 0.0, 1.0);
    g.manual_seed(42);
    g.fill_normal_f32(&mut a, 0.0, 1.0);
    assert_eq!(bits32(&a), list("RANDN_S42_3"));
}

#[test]
fn randint_and_randperm() {
    let cases: [(&str, i64, i64); 4] = [
        ("RANDINT_0_10_8", 0, 10),
        ("RANDINT_M5_1000000_10", -5, 1_000_000),
        ("RANDINT_0_2P33_5", 0, 1 << 33),
        ("RANDINT_M2P40_2P40_5", -(1 << 40), 1 << 40),
    ];
    for (key, lo, hi) in cases {
        let want = list_i64(key);
        let mut v = vec![0i64; want.len()];
        TorchGenerator::from_seed(42).fill_random_int(&mut v, lo, hi);
        assert_eq!(v, want, "{key}");
    }
    assert_eq!(TorchGenerator::from_seed(0).randperm(10), list_i64("RANDPERM_S0_10"));
    let p = TorchGenerator::from_seed(1).randperm(1000);
    assert_eq!(hash(p.iter().map(|&x| x as u64)), scalar("RANDPERM_S1_1000_HASH"));
    assert!(TorchGenerator::from_seed(1).randperm(0).is_empty());
    assert_eq!(TorchGenerator::from_seed(1).randperm(1), [0]);
}

#[test]
fn seeds_default_generator_and_wide_seeds() {
    let l = line("GEN_DEFAULT_SEED");
    assert_eq!(TORCH_DEFAULT_SEED, l[0].parse::<u64>().unwrap());
    let mut g = TorchGenerator::new_default();
    assert_eq!(g.initial_seed(), TORCH_DEFAULT_SEED);
    let mut v = vec![0f32; 3];
    g.fill_uniform_f32(&mut v, 0.0, 1.0);
    assert_eq!(bits32(&v), list("GEN_DEFAULT_SEED"));

    let mut g = TorchGenerator::from_seed(u64::MAX); // manual_seed(-1) or 2**64 - 1
    g.fill_uniform_f32(&mut v, 0.0, 1.0);
    assert_eq!(bits32(&v), list("SEED_U64MAX_RAND3"));
    assert_eq!(g.initial_seed(), line("SEED_U64MAX_RAND3")[3].parse::<u64>().unwrap());

    let mut g = TorchGenerator::from_seed((1 << 32) + 42);
    let mut v = vec![0f32; 2];
    g.fill_uniform_f32(&mut v, 0.0, 1.0);
    assert_eq!(bits32(&v), list("SEED_2P32_42_RAND2"));
    assert_eq!(g.initial_seed(), (1 << 32) + 42);
}

#[test]
fn nondeterministic_seed_reseeds() {
    let mut g = TorchGenerator::from_seed(1);
    let s1 = g.seed();
    assert_eq!(g.initial_seed(), s1);
    let a = g.random_u32();
    let s2 = g.seed();
    assert_ne!(s1, s2, "two fresh seeds collided");
    g.manual_seed(s1);
    assert_eq!(g.random_u32(), a, "seed() must behave like manual_seed(returned value)");
}

#[test]
fn half_and_bfloat16_samplers() {
    type Fill = fn(&mut TorchGenerator, &mut [u16], f64, f64);
    type Kind = (&'static str, Fill, Fill, fn(u16) -> f32);
    let kinds: [Kind; 2] = [
        ("F16", TorchGenerator::fill_uniform_f16_bits, TorchGenerator::fill_normal_f16_bits, f16_bits_to_f32),
        ("BF16", TorchGenerator::fill_uniform_bf16_bits, TorchGenerator::fill_normal_bf16_bits, bf16_bits_to_f32),
    ];
    for (name, uni, nor, to_f32) in kinds {
        let mut v = vec![0u16; 20];
        uni(&mut TorchGenerator::from_seed(42), &mut v, 0.0, 1.0);
        assert_eq!(bits16(&v), list(&format!("RAND_{name}_20")), "{name}");
        assert!(v.iter().all(|&h| to_f32(h) < 1.0));
        uni(&mut TorchGenerator::from_seed(42), &mut v, 0.1, 0.7);
        assert_eq!(bits16(&v), list(&format!("UNIFORM_{name}_01_07_20")), "{name}");
        for n in [5, 16, 20, 40] {
            let mut v = vec![0u16; n];
            nor(&mut TorchGenerator::from_seed(42), &mut v, 0.0, 1.0);
            assert_eq!(bits16(&v), list(&format!("RANDN_{name}_S42_{n}")), "{name} n = {n}");
        }
        let mut v = vec![0u16; 33];
        nor(&mut TorchGenerator::from_seed(42), &mut v, 0.1, 0.3);
        assert_eq!(bits16(&v), list(&format!("NORMAL_{name}_33_01_03")), "{name}");
        let mut v = vec![0u16; 100003];
        nor(&mut TorchGenerator::from_seed(9), &mut v, 0.0, 1.0);
        assert_eq!(hash(bits16(&v)), scalar(&format!("RANDN_{name}_S9_100003_HASH")), "{name}");
    }
}

#[test]
fn uniform_rounding_up_to_the_bound_maps_to_from() {
    // torch: empty(1000, dtype=float16).uniform_(1.0, 1.0007) is all 1.0 (checked with torch
    // 2.15; values rounding to half(1.0007) == 1.000977 become `from`).
    let mut v = vec![0u16; 1000];
    TorchGenerator::from_seed(1).fill_uniform_f16_bits(&mut v, 1.0, 1.0007);
    assert!(v.iter().all(|&h| h == 0x3C00));
    let mut v = vec![0u16; 1000];
    TorchGenerator::from_seed(1).fill_uniform_bf16_bits(&mut v, 1.0, 1.006);
    assert!(v.iter().all(|&h| h == 0x3F80));
    let mut f = vec![0f32; 1000];
    TorchGenerator::from_seed(1).fill_uniform_f32(&mut f, 1.0, 1.0000001);
    assert!(f.iter().all(|&x| x == 1.0));
}

#[test]
fn bench_functions_run() {
    let r = super::bench::bench_randn(1 << 12, 1);
    assert_eq!(r.n, 4096);
    assert!(r.checksum.is_finite() && r.checksum != 0.0);
    let r = super::bench::bench_rand(1 << 12, 1);
    assert!(r.checksum > 1000.0 && r.checksum < 3000.0); // mean 0.5 over 4096 values
}

#[test]
fn portable_code_paths_give_the_same_bits() {
    use std::sync::atomic::Ordering;
    // Other tests may run meanwhile; they then also take the portable paths, which is fine
    // because both paths must agree.
    super::FORCE_PORTABLE.store(true, Ordering::Relaxed);
    let r = std::panic::catch_unwind(|| {
        for n in [16, 17, 20, 33] {
            assert_eq!(bits32(&randn32(42, n)), list(&format!("RANDN_S42_{n}")), "n = {n}");
        }
        assert_eq!(hash(bits32(&randn32(7, 300000))), scalar("RANDN_S7_300000_HASH"));
        let mut v = vec![0f32; 1000003];
        TorchGenerator::from_seed(11).fill_uniform_f32(&mut v, 0.0, 1.0);
        assert_eq!(hash(bits32(&v)), scalar("RAND_S11_1000003_HASH"));
        let mut v = vec![0f32; 10];
        TorchGenerator::from_seed(42).fill_uniform_f32(&mut v, 0.1, 0.7);
        assert_eq!(bits32(&v), list("UNIFORM_F32_01_07"));
    });
    super::FORCE_PORTABLE.store(false, Ordering::Relaxed);
    r.unwrap();
}

#[test]
fn threaded_fills_are_deterministic_under_contention() {
    use std::sync::atomic::Ordering;
    let want_n = scalar("RANDN_S7_1000003_HASH");
    let want_u = scalar("RAND_S11_1000003_HASH");
    for helpers in [1, 3] {
        super::pipeline::TEST_HELPERS.store(helpers, Ordering::Relaxed);
        for _ in 0..2 {
            assert_eq!(hash(bits32(&randn32(7, 1000003))), want_n, "{helpers} helpers");
            let mut v = vec![0f32; 1000003];
            TorchGenerator::from_seed(11).fill_uniform_f32(&mut v, 0.0, 1.0);
            assert_eq!(hash(bits32(&v)), want_u, "{helpers} helpers");
        }
    }
    super::pipeline::TEST_HELPERS.store(usize::MAX, Ordering::Relaxed);
}

#[test]
fn nn_linear_default_init_draws() {
    // kaiming_uniform_(a = sqrt(5)) then the bias, in Python float64 (spec §6).
    fn linear(fan_in: usize, out: usize, seed: u64) -> (Vec<f32>, Vec<f32>) {
        let mut g = TorchGenerator::from_seed(seed);
        let a = 5f64.sqrt();
        let gain = (2.0 / (1.0 + a * a)).sqrt();
        let bound = 3f64.sqrt() * (gain / (fan_in as f64).sqrt());
        let mut w = vec![0f32; fan_in * out];
        g.fill_uniform_f32(&mut w, -bound, bound);
        let bb = 1.0 / (fan_in as f64).sqrt();
        let mut b = vec![0f32; out];
        g.fill_uniform_f32(&mut b, -bb, bb);
        (w, b)
    }
    for (i, o, seed) in [(4, 6, 42), (784, 128, 123)] {
        let (w, b) = linear(i, o, seed);
        let l = line(&format!("LINEAR_{i}_{o}_S{seed}_HASH"));
        assert_eq!(hash(bits32(&w)), l[0].parse::<u64>().unwrap(), "weight {i}x{o}");
        assert_eq!(hash(bits32(&b)), l[1].parse::<u64>().unwrap(), "bias {i}x{o}");
    }
    // Spec §7 printout of torch.manual_seed(42); nn.Linear(4, 6).
    let (w, b) = linear(4, 6, 42);
    let p: Vec<String> = w[..4].iter().chain(&b[..2]).map(|x| format!("{x:.4}")).collect();
    assert_eq!(p, ["0.3823", "0.4150", "-0.1171", "0.4593", "-0.3947", "-0.2305"]);
}

# Prints the expected values used by tests_torch.rs / tests_numpy.rs, straight from real
# PyTorch and NumPy (run with /work/venv/bin/python). Hash of a bit-pattern array:
# sum((bits as u64) * (i + 1)) mod 2^64, computed with wrapping arithmetic.
import torch, numpy as np, random

def h(bits):
    b = np.asarray(bits).reshape(-1).astype(np.uint64)
    return int((b * np.arange(1, len(b) + 1, dtype=np.uint64)).sum(dtype=np.uint64))

def b32(t): return t.contiguous().view(torch.int32).numpy().view(np.uint32)
def b64(t): return t.contiguous().view(torch.int64).numpy().view(np.uint64)
def b16(t): return t.contiguous().view(torch.int16).numpy().view(np.uint16)
def arr(xs, fmt): return "[" + ", ".join(fmt(x) for x in np.asarray(xs).reshape(-1)) + "]"
hx32 = lambda x: f"0x{int(x):08X}"
hx64 = lambda x: f"0x{int(x):016X}"
hx16 = lambda x: f"0x{int(x):04X}"

print("// ---- torch", torch.__version__, torch.backends.cpu.get_cpu_capability())
torch.manual_seed(42); print("RAND_S42_6", arr(b32(torch.rand(6)), hx32))
torch.manual_seed(0); print("RAND_S0_3x2", arr(b32(torch.rand(3, 2)), hx32))
torch.manual_seed(42); print("RAND_F64_S42_5", arr(b64(torch.rand(5, dtype=torch.float64)), hx64))
torch.manual_seed(42); print("UNIFORM_F32_M2_2", arr(b32(torch.empty(10).uniform_(-2, 2)), hx32))
torch.manual_seed(42); print("UNIFORM_F32_01_07", arr(b32(torch.empty(10).uniform_(0.1, 0.7)), hx32))
torch.manual_seed(42); print("UNIFORM_F64_M2_2", arr(b64(torch.empty(10, dtype=torch.float64).uniform_(-2, 2)), hx64))
torch.manual_seed(5); t = torch.rand(100000); print("RAND_S5_100000_HASH", h(b32(t)))
torch.manual_seed(5); t = torch.rand(100001, dtype=torch.float64); print("RAND_F64_S5_100001_HASH", h(b64(t)))
torch.manual_seed(11); print("RAND_S11_1000003_HASH", h(b32(torch.rand(1000003))))
torch.manual_seed(11); print("RAND_F64_S11_300001_HASH", h(b64(torch.rand(300001, dtype=torch.float64))))
torch.manual_seed(11); print("UNIFORM_F32_S11_M3_5_500001_HASH", h(b32(torch.empty(500001).uniform_(-3, 5))))
for n in [1, 2, 3, 5, 15, 16, 17, 20, 31, 32, 33, 100, 1000, 1001]:
    torch.manual_seed(42); t = torch.randn(n)
    if n <= 33: print(f"RANDN_S42_{n}", arr(b32(t), hx32))
    else: print(f"RANDN_S42_{n}_HASH", h(b32(t)), "FIRST", hx32(b32(t)[0]), "LAST", hx32(b32(t)[-1]))
for n in [300000, 1000003]:
    torch.manual_seed(7); t = torch.randn(n); print(f"RANDN_S7_{n}_HASH", h(b32(t)))
torch.manual_seed(7); t = torch.empty(1000003).normal_(0.5, 0.1); print("NORMAL_S7_1000003_05_01_HASH", h(b32(t)))
torch.manual_seed(42); print("NORMAL_F32_20_05_01", arr(b32(torch.empty(20).normal_(0.5, 0.1)), hx32))
torch.manual_seed(42); print("NORMAL_F32_5_05_01", arr(b32(torch.empty(5).normal_(0.5, 0.1)), hx32))
for n in [3, 5, 16, 20]:
    torch.manual_seed(42); print(f"RANDN_F64_S42_{n}", arr(b64(torch.randn(n, dtype=torch.float64)), hx64))
torch.manual_seed(42); print("NORMAL_F64_16_01_002", arr(b64(torch.empty(16, dtype=torch.float64).normal_(0.1, 0.02)), hx64))
torch.manual_seed(42); print("NORMAL_F64_3_01_002", arr(b64(torch.empty(3, dtype=torch.float64).normal_(0.1, 0.02)), hx64))
torch.manual_seed(3); t = torch.randn(300001, dtype=torch.float64); print("RANDN_F64_S3_300001_HASH", h(b64(t)))
torch.manual_seed(42); a = torch.randn(3); b = torch.randn(20); c = torch.randn(1)
print("SEQ_3_20_1", arr(b32(a), hx32), arr(b32(b), hx32), arr(b32(c), hx32))
torch.manual_seed(42); a = torch.randn(3); d = torch.randn(2, dtype=torch.float64); e = torch.randn(1)
print("SEQ_MIXED_F32_3_F64_2_F32_1", arr(b32(a), hx32), arr(b64(d), hx64), arr(b32(e), hx32))
torch.manual_seed(42); print("RANDINT_0_10_8", torch.randint(0, 10, (8,)).tolist())
torch.manual_seed(42); print("RANDINT_M5_1000000_10", torch.randint(-5, 1000000, (10,)).tolist())
torch.manual_seed(42); print("RANDINT_0_2P33_5", torch.randint(0, 2**33, (5,)).tolist())
torch.manual_seed(42); print("RANDINT_M2P40_2P40_5", torch.randint(-2**40, 2**40, (5,)).tolist())
torch.manual_seed(0); print("RANDPERM_S0_10", torch.randperm(10).tolist())
torch.manual_seed(1); t = torch.randperm(1000); print("RANDPERM_S1_1000_HASH", h(t.numpy().astype(np.uint64)))
g = torch.Generator(); print("GEN_DEFAULT_SEED", g.initial_seed(), "RAND3", arr(b32(torch.rand(3, generator=g)), hx32))
torch.manual_seed(2**64 - 1); print("SEED_U64MAX_RAND3", arr(b32(torch.rand(3)), hx32), torch.initial_seed())
torch.manual_seed(2**32 + 42); print("SEED_2P32_42_RAND2", arr(b32(torch.rand(2)), hx32), torch.initial_seed())
for dt, name in [(torch.float16, "F16"), (torch.bfloat16, "BF16")]:
    torch.manual_seed(42); print(f"RAND_{name}_20", arr(b16(torch.rand(20, dtype=dt)), hx16))
    torch.manual_seed(42); print(f"UNIFORM_{name}_01_07_20", arr(b16(torch.empty(20, dtype=dt).uniform_(0.1, 0.7)), hx16))
    for n in [5, 16, 20, 40]:
        torch.manual_seed(42); print(f"RANDN_{name}_S42_{n}", arr(b16(torch.randn(n, dtype=dt)), hx16))
    torch.manual_seed(42); print(f"NORMAL_{name}_33_01_03", arr(b16(torch.empty(33, dtype=dt).normal_(0.1, 0.3)), hx16))
    torch.manual_seed(9); t = torch.randn(100003, dtype=dt); print(f"RANDN_{name}_S9_100003_HASH", h(b16(t)))

for (i, o, seed) in [(4, 6, 42), (784, 128, 123)]:
    torch.manual_seed(seed); lin = torch.nn.Linear(i, o)
    print(f"LINEAR_{i}_{o}_S{seed}_HASH", h(b32(lin.weight.detach())), h(b32(lin.bias.detach())))

print("// ---- numpy", np.__version__)
def n64(a): return np.asarray(a, np.float64).view(np.uint64)
np.random.seed(0); print("NP_RANDN_S0_5", arr(n64(np.random.randn(5)), hx64))
np.random.seed(0); a = np.random.randn(1001); print("NP_RANDN_S0_1001_HASH", h(n64(a)))
np.random.seed(0); print("NP_RAND_S0_3x2", arr(n64(np.random.rand(3, 2)), hx64))
np.random.seed(0); a = np.random.rand(100001); print("NP_RAND_S0_100001_HASH", h(n64(a)))
np.random.seed(0); print("NP_RANDINT_0_10_20", np.random.randint(0, 10, 20).tolist())
np.random.seed(0); print("NP_RANDINT_M3_7_10", np.random.randint(-3, 7, 10).tolist())
np.random.seed(0); print("NP_RANDINT_0_2P40_5", np.random.randint(0, 2**40, 5).tolist())
np.random.seed(0); print("NP_RANDINT_5_6_3", np.random.randint(5, 6, 3).tolist())
np.random.seed(0); print("NP_RANDINT_0_2P32_4", np.random.randint(0, 2**32, 4).tolist())
np.random.seed(0); print("NP_UNIFORM_M1_1_3", arr(n64(np.random.uniform(-1, 1, 3)), hx64))
np.random.seed(0); print("NP_NORMAL_2_3_5", arr(n64(np.random.normal(2, 3, 5)), hx64))
np.random.seed(0); a = np.random.randn(3); b = np.random.randn(2); print("NP_SEQ_3_2", arr(n64(a), hx64), arr(n64(b), hx64))
np.random.seed([1, 2, 3]); print("NP_SEED_123_RAND3", arr(n64(np.random.rand(3)), hx64))
np.random.seed(2**32 - 1); print("NP_SEED_U32MAX_RAND2", arr(n64(np.random.rand(2)), hx64))
print("PY_RANDOM_42", hx64(n64([random.Random(42).random()])[0]))

# a * b on 10^8 float32 on the GPU (1.2 GB moved); median of 20, synchronised.
# Also prints the effective bandwidth, to set against gpu_copy_bandwidth.
import time
import torch
if not torch.cuda.is_available():
    print("SKIP gpu_mul: no CUDA device")
else:
    n = 100_000_000
    a = torch.rand(n, device="cuda")
    b = torch.rand(n, device="cuda")
    c = a * b  # warm-up
    torch.cuda.synchronize()
    times = []
    for _ in range(20):
        start = time.perf_counter()
        c = a * b
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
        del c
    times.sort()
    t = times[len(times) // 2]
    print(f"BENCH gpu_mul_1e8_f32 {t * 1e3:.4f} ms")
    print(f"BENCH gpu_mul_bandwidth {3 * 4 * n / t / 1e9:.1f} GB/s")

# Device-to-device copy bandwidth: y.copy_(x) on 10^8 float32 (read + write), median of 20.
import time
import torch
if not torch.cuda.is_available():
    print("SKIP gpu_copy_bandwidth: no CUDA device")
else:
    n = 100_000_000
    x = torch.rand(n, device="cuda")
    y = torch.empty(n, device="cuda")
    y.copy_(x)
    torch.cuda.synchronize()
    times = []
    for _ in range(20):
        start = time.perf_counter()
        y.copy_(x)
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    times.sort()
    t = times[len(times) // 2]
    print(f"BENCH gpu_copy_bandwidth {2 * 4 * n / t / 1e9:.1f} GB/s")

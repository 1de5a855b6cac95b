# torch.randn(10^8) on the GPU; median of 10, synchronised.
import time
import torch
if not torch.cuda.is_available():
    print("SKIP gpu_randn: no CUDA device")
else:
    torch.manual_seed(0)
    a = torch.randn(100_000_000, device="cuda")
    del a
    torch.cuda.synchronize()
    times = []
    for _ in range(10):
        start = time.perf_counter()
        a = torch.randn(100_000_000, device="cuda")
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
        del a
    times.sort()
    print(f"BENCH gpu_randn_1e8 {times[5] * 1e3:.4f} ms")

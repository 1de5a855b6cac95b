# Seeded torch.randn(10000, 10000); median of 3.
import time
import torch
times = []
for _ in range(3):
    torch.manual_seed(0)
    start = time.perf_counter()
    a = torch.randn(10000, 10000)
    times.append(time.perf_counter() - start)
    del a
times.sort()
print(f"BENCH randn_1e8 {times[1]:.4f} s")

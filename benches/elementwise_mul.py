# a * b on 10^8 float32 (memory bound: 1.2 GB moved); median of 5.
import time
import torch
torch.manual_seed(0)
a = torch.rand(100_000_000)
b = torch.rand(100_000_000)
times = []
for _ in range(5):
    start = time.perf_counter()
    c = a * b
    times.append(time.perf_counter() - start)
    del c
times.sort()
print(f"BENCH mul_1e8_f32 {times[2]:.4f} s")

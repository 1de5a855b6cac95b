# Per-op overhead from Python: t = t + 1 on 10 elements, 10,000 times.
import time
import torch
t = torch.zeros(10)
start = time.perf_counter()
for _ in range(10_000):
    t = t + 1
print(f"BENCH tiny_op {(time.perf_counter() - start) / 10_000 * 1e6:.3f} us")

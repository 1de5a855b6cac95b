# a * b on 10^8 float32 into fresh memory every time: each result is kept, so
# no freed buffer can be reused and every page of the output is faulted in.
# (elementwise_mul.py frees each result, as a loop that reassigns would.) Median of 5.
import time
import torch
torch.manual_seed(0)
a = torch.rand(100_000_000)
b = torch.rand(100_000_000)
kept = []
times = []
for _ in range(5):
    start = time.perf_counter()
    c = a * b
    times.append(time.perf_counter() - start)
    kept.append(c)
times.sort()
print(f"BENCH mul_1e8_f32_fresh {times[2]:.4f} s")

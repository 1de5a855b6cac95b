# The notebook's benchmark: 10 times, two 10000x10000 normal matrices and their product.
import time
import torch
torch.manual_seed(0)
start = time.perf_counter()
for _ in range(10):
    a = torch.randn(10000, 10000)
    b = torch.randn(10000, 10000)
    c = a * b
print(f"BENCH notebook_benchmark {time.perf_counter() - start:.4f} s")

# float32 matmul throughput at 256, 1024 and 4096.
import time
import torch
torch.manual_seed(0)
for n, reps in [(256, 200), (1024, 10), (4096, 2)]:
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    c = a @ b  # warm up
    best = None
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(reps):
            c = a @ b
        t = (time.perf_counter() - start) / reps
        best = t if best is None or t < best else best
    print(f"BENCH matmul_{n}_f32 {2 * n**3 / best / 1e9:.1f} GFLOP/s")

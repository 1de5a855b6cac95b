# Per-op overhead on the GPU from Python: t = t + 1 on 10 elements, 10,000 times,
# synchronised once at the end (ops queue without waiting, as in PyTorch).
import time
import torch
if not torch.cuda.is_available():
    print("SKIP gpu_tiny_op: no CUDA device")
else:
    t = torch.zeros(10, device="cuda")
    for _ in range(100):
        t = t + 1
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(10_000):
        t = t + 1
    torch.cuda.synchronize()
    print(f"BENCH gpu_tiny_op {(time.perf_counter() - start) / 10_000 * 1e6:.3f} us")

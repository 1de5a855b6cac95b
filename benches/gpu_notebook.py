# The notebook's benchmark on the GPU: 10 times, two 10000x10000 normal matrices
# made on the device and their product (randn + randn + mul), synchronised.
import time
import torch
if not torch.cuda.is_available():
    print("SKIP gpu_notebook: no CUDA device")
else:
    torch.manual_seed(0)
    a = torch.randn(10000, 10000, device="cuda")  # warm-up: kernels compiled, pool filled
    (a * a).sum().item()
    del a
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(10):
        a = torch.randn(10000, 10000, device="cuda")
        b = torch.randn(10000, 10000, device="cuda")
        c = a * b
    torch.cuda.synchronize()
    print(f"BENCH gpu_notebook {time.perf_counter() - start:.5f} s")

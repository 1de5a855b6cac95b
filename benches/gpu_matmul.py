# float32 8192x8192 @ 8192x8192 on the GPU, TF32 off (PyTorch's default): TFLOP/s, best of 3 rounds of 5.
import time
import torch
if not torch.cuda.is_available():
    print("SKIP gpu_matmul: no CUDA device")
else:
    if hasattr(torch, "backends") and hasattr(torch.backends, "cuda"):
        torch.backends.cuda.matmul.allow_tf32 = False
    n = 8192
    a = torch.randn(n, n, device="cuda")
    b = torch.randn(n, n, device="cuda")
    c = a @ b
    torch.cuda.synchronize()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(5):
            c = a @ b
        torch.cuda.synchronize()
        best = min(best, (time.perf_counter() - start) / 5)
    print(f"BENCH gpu_matmul_8192_f32 {2 * n ** 3 / best / 1e12:.2f} TFLOP/s")

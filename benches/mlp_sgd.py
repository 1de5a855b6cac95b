# A 64 -> 256 -> ReLU -> 1 MLP on 1024 samples, MSE loss, SGD, 50 steps.
import time
import torch
from torch import nn
torch.manual_seed(0)
x = torch.randn(1024, 64)
y = torch.randn(1024, 1)
model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
start = time.perf_counter()
for _ in range(50):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
print(f"BENCH mlp_sgd_50_steps {(time.perf_counter() - start) * 1e3:.2f} ms")

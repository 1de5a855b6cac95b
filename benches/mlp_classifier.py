# A 64 -> 128 -> Tanh -> 10 classifier on 2048 samples, cross-entropy, Adam, 50 steps.
import time
import torch
from torch import nn
torch.manual_seed(0)
x = torch.randn(2048, 64)
y = torch.randint(0, 10, (2048,))
model = nn.Sequential(nn.Linear(64, 128), nn.Tanh(), nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
start = time.perf_counter()
for _ in range(50):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
print(f"BENCH mlp_classifier_50_steps {(time.perf_counter() - start) * 1e3:.2f} ms")

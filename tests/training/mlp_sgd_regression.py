# A 2-layer MLP regression trained 200 steps with SGD (momentum) under a seed.
# Its printed losses are compared with real PyTorch's to 1e-4 relative.
import torch
from torch import nn
torch.manual_seed(0)
x = torch.randn(256, 8)
y = (x[:, :1] * 2 - x[:, 1:2]).sin() + 0.1 * torch.randn(256, 1)
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = nn.MSELoss()
for step in range(200):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    if step % 20 == 0 or step == 199:
        print(step, f"{loss.item():.8e}")
print(loss.grad_fn)

# A 2-layer MLP classifier trained 200 steps with Adam under a seed.
# Its printed losses are compared with real PyTorch's to 1e-4 relative.
import torch
from torch import nn
torch.manual_seed(1)
x = torch.randn(300, 4)
y = (x[:, 0] > 0).long() + (x[:, 1] > 0.5).long()
model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 3))
opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)
loss_fn = nn.CrossEntropyLoss()
for step in range(200):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    if step % 20 == 0 or step == 199:
        print(step, f"{loss.item():.8e}")
print(loss.grad_fn)
accuracy = (model(x).argmax(1) == y).float().mean()
print(f"accuracy {accuracy.item():.4f}")

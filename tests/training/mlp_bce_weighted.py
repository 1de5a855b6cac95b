# BCE with logits (pos_weight), BCE on probabilities, NLL with class weights and
# ignore_index, label smoothing: 200 steps of SGD on one model, losses compared.
import torch
from torch import nn
import torch.nn.functional as F
torch.manual_seed(2)
x = torch.randn(128, 6)
yb = (x.sum(1, keepdim=True) > 0).float()
yc = (x[:, 0] * 3).long().clamp(0, 2)
yc[::7] = -100
body = nn.Sequential(nn.Linear(6, 24), nn.Sigmoid())
head_b = nn.Linear(24, 1)
head_c = nn.Linear(24, 3)
params = list(body.parameters()) + list(head_b.parameters()) + list(head_c.parameters())
opt = torch.optim.SGD(params, lr=0.1, weight_decay=1e-3, nesterov=True, momentum=0.5)
bce_logits = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0]))
ce = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 0.5, 2.0]), label_smoothing=0.1)
for step in range(200):
    opt.zero_grad()
    h = body(x)
    zb = head_b(h)
    zc = head_c(h)
    loss = bce_logits(zb, yb) + ce(zc, yc) + 0.5 * F.binary_cross_entropy(torch.sigmoid(zb), yb) \
        + 0.1 * F.nll_loss(F.log_softmax(zc, 1), yc, reduction="sum") / 128
    loss.backward()
    opt.step()
    if step % 20 == 0 or step == 199:
        print(step, f"{loss.item():.8e}")
print(bce_logits(zb, yb).grad_fn, ce(zc, yc).grad_fn, F.binary_cross_entropy(torch.sigmoid(zb), yb).grad_fn)
print(F.mse_loss(zb, yb, reduction="none").grad_fn, F.l1_loss(zb, yb).grad_fn)

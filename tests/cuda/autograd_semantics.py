torch.manual_seed(3)


def grads(x, w, b):
    x, w, b = x.clone().requires_grad_(), w.clone().requires_grad_(), b.clone().requires_grad_()
    y = torch.relu(x @ w.t() + b).sum() + (x * x).mean() + torch.log_softmax(x, 1).sum() * 0.1
    y.backward()
    return (y.detach(), x.grad, w.grad, b.grad)


check("autograd of an expression", grads, torch.randn(5, 4), torch.randn(3, 4), torch.randn(3), tol=1e-4)


def accumulate(x):
    x = x.clone().requires_grad_()
    (x * 2).sum().backward()
    (x ** 2).sum().backward()
    return x.grad


check("grad accumulates", accumulate, torch.randn(6))


def through_host_path(x):
    x = x.clone().requires_grad_()
    (x.cumsum(0) * x.sort().values).sum().backward()
    return x.grad


check("backward through host-path ops", through_host_path, torch.randn(5), tol=1e-4)


def losses(x, y, t, w):
    x = x.clone().requires_grad_()
    F = torch.nn.functional
    loss = (F.mse_loss(x, y) + F.l1_loss(x, y) + F.cross_entropy(x, t) + F.cross_entropy(x, t, weight=w, label_smoothing=0.1)
            + F.binary_cross_entropy(torch.sigmoid(x), (y > 0).float()) + F.binary_cross_entropy_with_logits(x, (y > 0).float()))
    loss.backward()
    return (loss.detach(), x.grad)


check("losses and their gradients", losses, torch.randn(6, 4), torch.randn(6, 4), torch.randint(0, 4, (6,)), torch.rand(4), tol=1e-4)


def mlp_step(x, target):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3)).to(x.device)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(3):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), target)
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    params = [p.detach() for p in model.parameters()]
    for p in model.parameters():
        if p.device.type != x.device.type or p.grad.device.type != x.device.type:
            raise RuntimeError(f"parameter or gradient left the device: {p.device}, {p.grad.device}")
    return tuple(losses + params)


check("an MLP training step on the device", mlp_step, torch.randn(10, 8), torch.randint(0, 3, (10,)), tol=1e-4)

def _leaf_grad():
    w = torch.ones(3, device=DEV, requires_grad=True)
    (w * 2).sum().backward()
    return w.grad


# Device semantics (only meaningful with a GPU).
if DEV == "cuda":
    t = torch.tensor([1, 2, 3]).to("cuda")
    same("repr", "tensor([1, 2, 3], device='cuda:0')", repr(t))
    same("device", "cuda:0", str(t.device))
    same("is_cuda", True, t.is_cuda)
    same("type()", "torch.cuda.LongTensor", t.type())
    same("get_device()", 0, t.get_device())
    same("is_available/device_count", (True, True), (torch.cuda.is_available(), torch.cuda.device_count() >= 1))
    same("get_device_name is a name", True, len(torch.cuda.get_device_name(0)) > 0)
    same("current_device", 0, torch.cuda.current_device())
    same("Module.to moves parameters", "cuda:0", str(torch.nn.Linear(2, 2).to("cuda").weight.device))
    same("grad of a cuda leaf is on cuda", "cuda:0", str(_leaf_grad().device))
    same(".cpu() is a copy on the host", "cpu", str(t.cpu().device))
    same(".cuda() of a cuda tensor is itself", True, t.cuda() is t)
    same(".to(other)", "cuda:0", str(torch.ones(1).to(t).device))
    same("torch.device", "cuda", str(torch.device("cuda")))
    for expr, kind, text in [
        (lambda: t.numpy(), TypeError, "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first."),
        (lambda: t + torch.ones(3, dtype=torch.int64), RuntimeError, "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!"),
        (lambda: torch.ones(3, dtype=torch.int64) + t, RuntimeError, "Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0!"),
        (lambda: torch.ones(3, 3, device="cuda") @ torch.ones(3, 3), RuntimeError, "Expected all tensors to be on the same device"),
        (lambda: torch.cat([t, torch.ones(3, dtype=torch.int64)]), RuntimeError, "Expected all tensors to be on the same device"),
    ]:
        try:
            expr()
            fails.append(f"no error: expected {kind.__name__}: {text}")
        except Exception as e:
            count[0] += 1
            if type(e) is not kind or not str(e).startswith(text):
                fails.append(f"wrong error {type(e).__name__}: {e}\n  expected {kind.__name__}: {text}")
    same("0-dim cpu tensor joins a cuda op", "cuda:0", str((t * torch.tensor(2)).device))
    same("item", 2, t[1].item())
    same("tolist", [1, 2, 3], t.tolist())
    torch.manual_seed(5)
    r1 = torch.rand(1000, device="cuda")
    torch.cuda.manual_seed(5)
    r2 = torch.rand(1000, device="cuda")
    same("manual_seed reproduces cuda draws", True, torch.equal(r1, r2))
    n = torch.randn(1_000_000, device="cuda")
    same("randn mean ~ 0", True, abs(n.mean().item()) < 0.01)
    same("randn std ~ 1", True, abs(n.std().item() - 1) < 0.01)
    u = torch.rand(1_000_000, device="cuda")
    same("rand in [0, 1)", True, u.min().item() >= 0 and u.max().item() < 1 and abs(u.mean().item() - 0.5) < 0.01)
    k = torch.randint(3, 9, (100000,), device="cuda")
    same("randint range", (3, 8, torch.int64), (k.min().item(), k.max().item(), k.dtype))
    same("synchronize", None, torch.cuda.synchronize())
    same("memory_allocated counts", True, torch.cuda.memory_allocated() > 0)
    try:
        torch.empty(1 << 40, device="cuda")
        fails.append("a 4 TiB tensor was not refused")
    except RuntimeError as e:
        same("out of memory message", True, str(e).startswith("CUDA out of memory. Tried to allocate"))

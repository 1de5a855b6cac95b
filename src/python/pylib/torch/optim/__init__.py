"""torch.optim: SGD and Adam, step for step as PyTorch's single-tensor implementations."""
import math
import torch


class Optimizer:
    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = {}
        params = list(params)
        if len(params) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(params[0], dict):
            params = [{"params": params}]
        self.param_groups = []
        for group in params:
            g = dict(defaults)
            g.update(group)
            g["params"] = list(g["params"])
            self.param_groups.append(g)

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        p.grad.zero_()

    def _state(self, p):
        key = id(p)
        if key not in self.state:
            self.state[key] = {}
        return self.state[key]

    def __repr__(self):
        s = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            s += f"\nParameter Group {i}"
            for key in sorted(k for k in group if k != "params"):
                s += f"\n    {key}: {group[key]}"
        return s + "\n)"


class SGD(Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(
            params,
            dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                 nesterov=nesterov, maximize=maximize, foreach=None, differentiable=False, fused=None),
        )

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        with torch.no_grad():
            for group in self.param_groups:
                lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
                wd, nesterov, maximize = group["weight_decay"], group["nesterov"], group["maximize"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    g = p.grad if not maximize else -p.grad
                    if wd != 0:
                        g = g.add(p, alpha=wd)
                    if momentum != 0:
                        st = self._state(p)
                        buf = st.get("momentum_buffer")
                        if buf is None:
                            buf = g.clone().detach()
                            st["momentum_buffer"] = buf
                        else:
                            buf.mul_(momentum).add_(g, alpha=1 - dampening)
                        g = g.add(buf, alpha=momentum) if nesterov else buf
                    p.add_(g, alpha=-lr)
        return loss


class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(
            params,
            dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize,
                 foreach=None, capturable=False, differentiable=False, fused=None),
        )

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        with torch.no_grad():
            for group in self.param_groups:
                lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    g = p.grad if not group["maximize"] else -p.grad
                    st = self._state(p)
                    if not st:
                        st["step"] = 0
                        st["exp_avg"] = torch.zeros_like(p)
                        st["exp_avg_sq"] = torch.zeros_like(p)
                    st["step"] += 1
                    if wd != 0:
                        g = g.add(p, alpha=wd)
                    m, v = st["exp_avg"], st["exp_avg_sq"]
                    # lerp_(g, 1 - beta1) as PyTorch's single-tensor Adam: m + (1 - beta1) * (g - m)
                    m.add_((g - m) * (1 - beta1))
                    v.mul_(beta2).add_(g * g * (1 - beta2))
                    step = st["step"]
                    bias1 = 1 - beta1**step
                    bias2 = 1 - beta2**step
                    step_size = lr / bias1
                    denom = (v.sqrt() / math.sqrt(bias2)).add_(eps)
                    p.add_(-step_size * (m / denom))
        return loss

# The GPU checks' harness: each check runs an op on CPU tensors and on CUDA copies
# of them and compares the results (values within float tolerance, same dtype and
# shape, result on the GPU). Where there is no GPU, DEV is "cpu" and the same
# checks run CPU against CPU, so the checks themselves are tested everywhere.
import torch
DEV = "cuda" if torch.cuda.is_available() else "cpu"
fails = []
count = [0]


def _to_dev(x):
    if isinstance(x, torch.Tensor):
        return x.to(DEV)
    if isinstance(x, (list, tuple)):
        return type(x)(_to_dev(v) for v in x)
    return x


def same(name, cpu, dev, tol=1e-5):
    count[0] += 1
    if isinstance(cpu, (tuple, list)):
        if len(cpu) != len(dev):
            fails.append(f"{name}: {len(dev)} results, expected {len(cpu)}")
            return
        for i, (c, g) in enumerate(zip(cpu, dev)):
            same(f"{name}[{i}]", c, g, tol)
        return
    if not isinstance(cpu, torch.Tensor):
        if cpu != dev:
            fails.append(f"{name}: {dev!r} != {cpu!r}")
        return
    if not isinstance(dev, torch.Tensor):
        fails.append(f"{name}: got {type(dev).__name__}, expected a tensor")
        return
    if dev.device.type != DEV:
        fails.append(f"{name}: result on {dev.device}, expected {DEV}")
        return
    g = dev.cpu()
    cpu = cpu.cpu()  # a check may make its "CPU" side on DEV too (factories with device=DEV)
    if g.dtype != cpu.dtype or tuple(g.shape) != tuple(cpu.shape):
        fails.append(f"{name}: {g.dtype} {tuple(g.shape)} != {cpu.dtype} {tuple(cpu.shape)}")
    elif cpu.dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
        t = max(tol, 1e-2) if cpu.dtype in (torch.float16, torch.bfloat16) else tol
        if not torch.allclose(g.double(), cpu.double(), rtol=t, atol=t, equal_nan=True):
            fails.append(f"{name}: values differ\n  cpu: {cpu}\n  dev: {g}")
    elif not torch.equal(g, cpu):
        fails.append(f"{name}: values differ\n  cpu: {cpu}\n  dev: {g}")


def check(name, f, *args, tol=1e-5):
    try:
        cpu = f(*args)
    except Exception as e:  # the CPU refuses: the device must refuse the same way
        try:
            f(*_to_dev(args))
            fails.append(f"{name}: CPU raised {type(e).__name__}: {e}, the device did not")
        except Exception as e2:
            if type(e2) is not type(e):
                fails.append(f"{name}: CPU raised {type(e).__name__}, the device {type(e2).__name__}: {e2}")
        return
    try:
        dev = f(*_to_dev(args))
    except Exception as e:
        fails.append(f"{name}: the device raised {type(e).__name__}: {e}")
        return
    same(name, cpu, dev, tol)


def check_factory(name, f, tol=1e-5):
    """`f(device)` made on the CPU and on DEV."""
    try:
        cpu, dev = f("cpu"), f(DEV)
    except Exception as e:
        fails.append(f"{name}: raised {type(e).__name__}: {e}")
        return
    same(name, cpu, dev, tol)


def report():
    print(f"{count[0]} comparisons on {DEV}, {len(fails)} failed")
    for f in fails:
        print("FAIL", f)

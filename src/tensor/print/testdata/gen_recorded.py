"""Regenerates recorded.txt: random tensors/arrays printed by the real PyTorch and NumPy.

Run with the project venv (torch 2.15, numpy 2.4):  python gen_recorded.py > recorded.txt
(optional arguments: torch cases, numpy cases, repr values, seed — for bigger ad-hoc runs)
Each case lists shape, dtype, options and the element values (float64 bit patterns in hex;
for summarised prints only the elements on screen, so the test also checks that the Rust
printer reads nothing else), followed by the exact text the library printed.
"""
import itertools
import random
import struct
import sys

import numpy as np
import torch

rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 20261126)


def hexf(x):
    return struct.pack(">d", float(x)).hex()


def shown(n, summarize, edge):
    if summarize and n > 2 * edge:
        return list(range(edge)) + list(range(n - edge, n))
    return list(range(n))


def flat_indices(shape, summarize, edge):
    if edge == 0 and summarize:
        return []
    strides = [1] * len(shape)
    for d in range(len(shape) - 2, -1, -1):
        strides[d] = strides[d + 1] * shape[d + 1]
    per_dim = [shown(n, summarize, edge) for n in shape]
    return [sum(i * s for i, s in zip(idx, strides)) for idx in itertools.product(*per_dim)]


def random_shape(max_numel):
    nd = rng.choice([0, 1, 1, 1, 2, 2, 2, 3, 3, 4])
    if rng.random() < 0.15:
        nd = max(nd, 1)
        shape = [rng.randint(0, 4) for _ in range(nd)]
        shape[rng.randrange(nd)] = 0
        return shape
    while True:
        if rng.random() < 0.12:
            shape = [rng.randint(1, 60) for _ in range(nd)] if nd else []
        else:
            shape = [rng.randint(1, 7) for _ in range(nd)]
        numel = int(np.prod(shape)) if shape else 1
        if numel <= max_numel:
            return shape


def random_floats(n):
    style = rng.random()
    scale = 10.0 ** rng.randint(-7, 11)
    if style < 0.25:
        vals = [float(round(rng.gauss(0, 1) * scale)) for _ in range(n)]
    elif style < 0.35:
        vals = [rng.choice([0.0, -0.0, 1.0, 2.5, -3.0, 0.5, 100.0]) for _ in range(n)]
    elif style < 0.5:
        # dyadic values: exact decimal ties for .4f/.4e rounding and for shortest digits
        vals = [rng.randint(-2000, 2000) / 2.0 ** rng.randint(0, 14) for _ in range(n)]
    else:
        vals = [rng.gauss(0, 1) * scale for _ in range(n)]
    if rng.random() < 0.15:
        for _ in range(rng.randint(1, 3)):
            if n:
                vals[rng.randrange(n)] = rng.choice([float("nan"), float("inf"), -float("inf"), 0.0, -0.0])
    return vals


def random_ints(n):
    hi = 10 ** rng.randint(0, 9)
    return [rng.randint(-hi, hi) for _ in range(n)]


def emit(lines, tag, shape, dtype, kind, extra, values_line, text):
    lines.append(f"case {tag}")
    lines.append("shape " + " ".join(map(str, shape)))
    lines.append(f"dtype {dtype} {kind}")
    lines.append("meta " + extra)
    lines.append(values_line)
    out = text.split("\n")
    lines.append(f"expect {len(out)}")
    lines.extend(out)


def values_line(flat, kind, indices):
    def enc(v):
        if kind == "float":
            return hexf(v)
        if kind == "bool":
            return "1" if v else "0"
        return str(int(v))
    if indices is None:
        return "values " + " ".join(enc(v) for v in flat)
    return "sparse " + " ".join(f"{i}:{enc(flat[i])}" for i in indices)


TORCH_DTYPES = [
    ("float32", "float", torch.float32), ("float32", "float", torch.float32), ("float64", "float", torch.float64),
    ("float16", "float", torch.float16), ("bfloat16", "float", torch.bfloat16), ("int64", "int", torch.int64),
    ("int32", "int", torch.int32), ("uint8", "int", torch.uint8), ("bool", "bool", torch.bool),
]
GRAD_FNS = {"MulBackward0": lambda t: t * 1, "AddBackward0": lambda t: t + 0, "CloneBackward0": lambda t: t.clone()}


def torch_cases(lines, count):
    for _ in range(count):
        name, kind, dt = rng.choice(TORCH_DTYPES)
        big = rng.random() < 0.1
        shape = random_shape(1100 if big else 40) if not big else rng.choice([[1001], [1100], [40, 30], [2, 30, 20], [3, 7, 50], [2, 600], [1000, 2]])
        n = int(np.prod(shape)) if shape else 1
        opts = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)
        if rng.random() < 0.15:
            opts = dict(precision=rng.randint(0, 8), threshold=rng.choice([0, 5, 20, 1000]), edgeitems=rng.choice([0, 1, 2, 3]),
                        linewidth=rng.choice([1, 40, 60, 80, 120]), sci_mode=rng.choice([None, True, False]))
        if kind == "float":
            t = torch.tensor(random_floats(n), dtype=torch.float64).to(dt).reshape(shape)
        elif kind == "int":
            vals = random_ints(n) if dt != torch.uint8 else [rng.randint(0, 255) for _ in range(n)]
            if dt == torch.int32:
                vals = [max(min(v, 2**31 - 1), -2**31) for v in vals]
            t = torch.tensor(vals, dtype=dt).reshape(shape)
        else:
            t = torch.tensor([rng.random() < 0.6 for _ in range(n)], dtype=dt).reshape(shape)
        grad = "-"
        if kind == "float" and rng.random() < 0.25:
            t = t.clone().requires_grad_(True)
            grad = "requires_grad"
            if rng.random() < 0.5:
                grad = rng.choice(list(GRAD_FNS))
                t = GRAD_FNS[grad](t)
        device = "-"
        torch.set_printoptions(**opts)
        try:
            text = repr(t)
        finally:
            torch.set_printoptions(profile="default")
            torch.set_printoptions(sci_mode=None)
        flat = t.detach().reshape(-1).tolist() if n else []
        summarize = n > opts["threshold"]
        indices = flat_indices(shape, True, opts["edgeitems"]) if summarize else None
        extra = (f"grad={grad} device={device} precision={opts['precision']} threshold={opts['threshold']} "
                 f"edgeitems={opts['edgeitems']} linewidth={opts['linewidth']} sci={opts['sci_mode']}")
        emit(lines, "torch", shape, name, kind, extra, values_line(flat, kind, indices), text)


NP_DTYPES = [("float64", "float"), ("float64", "float"), ("float32", "float"), ("float16", "float"),
             ("int64", "int"), ("int32", "int"), ("uint8", "int"), ("bool", "bool")]


def numpy_cases(lines, count):
    for _ in range(count):
        name, kind = rng.choice(NP_DTYPES)
        big = rng.random() < 0.1
        shape = random_shape(40) if not big else rng.choice([[1001], [2000], [40, 30], [2, 30, 20], [3, 7, 50], [1000, 2]])
        n = int(np.prod(shape)) if shape else 1
        if kind == "float":
            with np.errstate(over="ignore"):
                a = np.array(random_floats(n), dtype=np.float64).astype(name).reshape(shape)
        elif kind == "int":
            vals = random_ints(n) if name != "uint8" else [rng.randint(0, 255) for _ in range(n)]
            if name == "int32":
                vals = [max(min(v, 2**31 - 1), -2**31) for v in vals]
            a = np.array(vals, dtype=name).reshape(shape)
        else:
            a = np.array([rng.random() < 0.6 for _ in range(n)], dtype=bool).reshape(shape)
        flat = a.reshape(-1).tolist()
        summarize = n > 1000
        indices = flat_indices(shape, True, 3) if summarize else None
        for style, text in (("numpy_str", str(a)), ("numpy_repr", repr(a))):
            emit(lines, style, shape, name, kind, "-", values_line(flat, kind, indices), text)


def repr_cases(lines, count):
    vals = []
    for _ in range(count):
        r = rng.random()
        if r < 0.3:
            v = float(np.float32(rng.gauss(0, 1) * 10.0 ** rng.randint(-6, 12)))
        elif r < 0.5:
            v = rng.randint(-10**6, 10**6) / 2.0 ** rng.randint(0, 30)
        elif r < 0.6:
            v = rng.choice([0.0, -0.0, 1e16, 1e-5, 1e-4, 9.999e15, 123456789012345678.0, 5e-324, float("nan"), -float("inf")])
        else:
            v = rng.gauss(0, 1) * 10.0 ** rng.randint(-30, 30)
        vals.append(v)
    emit(lines, "pyrepr", [count], "float64", "float", "-", values_line(vals, "float", None), "\n".join(repr(v) for v in vals))


lines = []
torch_cases(lines, int(sys.argv[1]) if len(sys.argv) > 1 else 400)
numpy_cases(lines, int(sys.argv[2]) if len(sys.argv) > 2 else 250)
repr_cases(lines, int(sys.argv[3]) if len(sys.argv) > 3 else 400)
print("\n".join(lines))

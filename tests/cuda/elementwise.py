torch.manual_seed(0)
x = torch.randn(4, 5)
y = torch.randn(4, 5)
row = torch.randn(5)
col = torch.randn(4, 1)
i = torch.randint(-5, 5, (4, 5))
j = torch.randint(1, 5, (4, 5))
for op in ["add", "sub", "mul", "div", "maximum", "minimum"]:
    check(op, lambda a, b: getattr(torch, op)(a, b), x, y)
    check(op + " broadcast row", lambda a, b: getattr(torch, op)(a, b), x, row)
    check(op + " broadcast col", lambda a, b: getattr(torch, op)(a, b), x, col)
    check(op + " transposed", lambda a, b: getattr(torch, op)(a.t(), b.t()), x, y)
    check(op + " int", lambda a, b: getattr(torch, op)(a, b), i, j)
for dt in [torch.float16, torch.bfloat16, torch.float64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.int64]:
    check(f"mul {dt}", lambda a, b: a.to(dt) * b.to(dt), x.abs() * 3, y.abs() * 3)
    check(f"add {dt}", lambda a, b: a.to(dt) + b.to(dt), x.abs() * 3, y.abs() * 3)
check("a * 2.5", lambda a: a * 2.5, x)
check("2 - a", lambda a: 2 - a, x)
check("int * 2.5 promotes", lambda a: a * 2.5, i)
check("int8 + 1 stays int8", lambda a: a.to(torch.int8) + 1, i)
check("1 / a", lambda a: 1 / a, x)
check("int / int is float", lambda a, b: a / b, i, j)
check("a / 0-dim cpu", lambda a: a / torch.tensor(2.0), x)
check("pow (host path)", lambda a: a.abs() ** 1.5, x)
check("floor_divide (host path)", lambda a, b: a // b, i, j)
check("remainder (host path)", lambda a, b: a % b, i, j)
check("atan2 (host path)", lambda a, b: torch.atan2(a, b), x, y)
check("add alpha (host path)", lambda a, b: torch.add(a, b, alpha=2), x, y)
for name in ["exp", "log", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid", "relu", "neg", "abs",
             "reciprocal", "floor", "ceil", "round", "trunc", "log2", "log1p", "expm1", "erf", "tan", "square", "sign"]:
    check(name, lambda a: getattr(torch, name)(a), x.abs() + 0.5)
    check(name + " strided", lambda a: getattr(torch, name)(a.t()), x.abs() + 0.5)
check("exp float16", lambda a: torch.exp(a.half()), x)
check("exp of int gives float", lambda a: torch.exp(a), i)
check("neg int", lambda a: -a, i)
check("abs int8 (wraps at -128)", lambda a: torch.abs(a.to(torch.int8) * 40), i)
check("relu int", lambda a: torch.relu(a), i)
check("arange on the device", lambda a: a + torch.arange(5, device=a.device), x)
for cmp in ["eq", "ne", "lt", "le", "gt", "ge"]:
    check(cmp, lambda a, b: getattr(torch, cmp)(a, b), x, y)
    check(cmp + " scalar", lambda a: getattr(torch, cmp)(a, 0.0), x)
    check(cmp + " int", lambda a, b: getattr(torch, cmp)(a, b), i, j)
check("eq bool", lambda a, b: (a > 0) == (b > 0), x, y)
check("where", lambda c, a, b: torch.where(c > 0, a, b), x, x, y)
check("clamp", lambda a: a.clamp(-0.5, 0.5), x)
check("clamp min only, int", lambda a: a.clamp(min=0), i)
check("clamp nan stays", lambda a: a.clamp(0, 1), torch.tensor([float("nan"), -1.0, 2.0]))
check("clamp tensor bounds", lambda a, b: a.clamp(b, b + 1), x, y)
check("where with numbers", lambda c: torch.where(c > 0, 1.0, 0.0), x)
check("where broadcast", lambda c, a: torch.where(c > 0, a, torch.zeros(5, device=a.device)), x, y)
check("masked_fill", lambda a: a.masked_fill(a > 0, 0.0), x)


def inplace(a, b):
    a = a.clone()
    a += b
    a *= 2
    a.sub_(b)
    a.div_(3)
    return a


check("in-place ops", inplace, x, y)


def inplace_view(a):
    a = a.clone()
    a[1:3, ::2] += 10
    a.t()[0].mul_(-1)
    return a


check("in-place through a view", inplace_view, x)
check("relu_ in place", lambda a: torch.relu_(a.clone()), x)
check("logical_not", lambda a: torch.logical_not(a > 0), x)
check("bitwise and (host path)", lambda a, b: a & b, i, j)

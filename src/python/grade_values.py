# The grader's value serialiser: turns a check expression's value into JSON text
# that the parent compares. It runs in a private namespace of the kernel, never
# in the learner's. Only builtins and duck typing: no imports.

def _str(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif o < 0x20 or 0xd800 <= o < 0xe000:
            out.append('\\u%04x' % o)
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'

def _float(x):
    if x != x:
        return '"nan"'
    if x == float('inf'):
        return '"inf"'
    if x == float('-inf'):
        return '"-inf"'
    return repr(float(x))

def _scalar(x):
    # One element of a tensor's or array's flat data.
    if x is True:
        return 'true'
    if x is False:
        return 'false'
    if isinstance(x, int):
        return str(x) if -2**63 <= x < 2**64 else _str(str(x))
    if isinstance(x, float):
        return _float(x)
    if isinstance(x, complex):
        return '[' + _float(x.real) + ',' + _float(x.imag) + ']'
    return _str(repr(x))

def _flat(data, budget):
    # Flatten nested lists (tolist() of an n-d array), at most `budget` items.
    out = []
    def walk(v):
        if isinstance(v, list):
            for e in v:
                if len(out) >= budget:
                    return
                walk(e)
        else:
            out.append(_scalar(v))
    walk(data)
    return out

def _shape(s):
    return '[' + ','.join(str(int(d)) for d in s) + ']'

def _type_name(v):
    t = type(v)
    mod = getattr(t, '__module__', '') or ''
    return mod, t.__name__

class _Budget:
    def __init__(self, n):
        self.left = n

def _ser(v, b, depth):
    b.left -= 1
    if depth > 20:
        return '{"t":"object","type":"deep","repr":"(nested too deeply)"}'
    mod, name = _type_name(v)
    if v is None:
        return '{"t":"none"}'
    if v is True or v is False:
        return '{"t":"bool","v":' + ('true' if v else 'false') + '}'
    if name == 'Tensor' and hasattr(v, 'dtype') and hasattr(v, 'shape'):
        t = v.detach() if hasattr(v, 'detach') else v
        if hasattr(t, 'cpu'):
            t = t.cpu()
        numel = 1
        for d in t.shape:
            numel *= int(d)
        data = t.reshape(-1).tolist() if numel else []
        flat = _flat(data, max(b.left, 0))
        b.left -= len(flat)
        return ('{"t":"tensor","dtype":' + _str(str(v.dtype)) + ',"shape":' + _shape(v.shape)
                + ',"device":' + _str(str(getattr(v, 'device', 'cpu')))
                + ',"requires_grad":' + ('true' if getattr(v, 'requires_grad', False) else 'false')
                + ',"numel":' + str(numel) + ',"data":[' + ','.join(flat) + ']}')
    if name == 'ndarray' and hasattr(v, 'dtype') and hasattr(v, 'shape'):
        numel = 1
        for d in v.shape:
            numel *= int(d)
        data = v.reshape(-1).tolist() if numel else []
        flat = _flat(data, max(b.left, 0))
        b.left -= len(flat)
        return ('{"t":"ndarray","dtype":' + _str(str(v.dtype)) + ',"shape":' + _shape(v.shape)
                + ',"numel":' + str(numel) + ',"data":[' + ','.join(flat) + ']}')
    if name == 'Size' and isinstance(v, tuple):
        return '{"t":"size","v":' + _shape(v) + '}'
    if mod.startswith('numpy') and hasattr(v, 'item') and hasattr(v, 'dtype'):
        return '{"t":"npscalar","dtype":' + _str(str(v.dtype)) + ',"v":' + _scalar(v.item()) + '}'
    if isinstance(v, int):
        return '{"t":"int","v":' + _scalar(int(v)) + '}'
    if isinstance(v, float):
        return '{"t":"float","v":' + _float(v) + '}'
    if isinstance(v, complex):
        return '{"t":"complex","v":' + _scalar(v) + '}'
    if isinstance(v, str):
        return '{"t":"str","v":' + _str(v[:max(b.left, 0) + 64]) + ',"len":' + str(len(v)) + '}'
    if isinstance(v, (list, tuple)):
        kind = 'list' if isinstance(v, list) else 'tuple'
        items = []
        for e in v:
            if b.left <= 0:
                break
            items.append(_ser(e, b, depth + 1))
        return '{"t":"' + kind + '","len":' + str(len(v)) + ',"items":[' + ','.join(items) + ']}'
    if isinstance(v, dict):
        items = []
        for k in v:
            if b.left <= 0:
                break
            items.append('[' + _ser(k, b, depth + 1) + ',' + _ser(v[k], b, depth + 1) + ']')
        return '{"t":"dict","len":' + str(len(v)) + ',"items":[' + ','.join(items) + ']}'
    r = repr(v)
    return '{"t":"object","type":' + _str(name) + ',"repr":' + _str(r[:2000]) + '}'

def serialize(value, budget):
    return _ser(value, _Budget(budget), 0)

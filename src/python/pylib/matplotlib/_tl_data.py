"""Turning learner data into float lists, matplotlib's fmt strings and
colours, histogram binning and autoscaling, as matplotlib does them."""

import math
import sys

import numpy as np

# matplotlib's default colour cycle (tab10).
CYCLE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
         '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']

_BASE = {'b': '#0000ff', 'g': '#008000', 'r': '#ff0000', 'c': '#00bfbf',
         'm': '#bf00bf', 'y': '#bfbf00', 'k': '#000000', 'w': '#ffffff'}

_TAB = ['blue', 'orange', 'green', 'red', 'purple', 'brown', 'pink', 'gray', 'olive', 'cyan']

_NAMED = {'blue': '#0000ff', 'green': '#008000', 'red': '#ff0000', 'cyan': '#00ffff',
          'magenta': '#ff00ff', 'yellow': '#ffff00', 'black': '#000000', 'white': '#ffffff',
          'orange': '#ffa500', 'purple': '#800080', 'brown': '#a52a2a', 'pink': '#ffc0cb',
          'gray': '#808080', 'grey': '#808080', 'olive': '#808000', 'navy': '#000080',
          'teal': '#008080', 'lime': '#00ff00', 'gold': '#ffd700', 'skyblue': '#87ceeb',
          'darkblue': '#00008b', 'darkred': '#8b0000', 'darkgreen': '#006400',
          'lightblue': '#add8e6', 'lightgreen': '#90ee90', 'salmon': '#fa8072',
          'crimson': '#dc143c', 'coral': '#ff7f50', 'steelblue': '#4682b4',
          'tomato': '#ff6347', 'indigo': '#4b0082', 'violet': '#ee82ee',
          'silver': '#c0c0c0', 'maroon': '#800000', 'turquoise': '#40e0d0'}

LINESTYLES = {'-': '-', 'solid': '-', '--': '--', 'dashed': '--', '-.': '-.',
              'dashdot': '-.', ':': ':', 'dotted': ':', 'None': 'None', 'none': 'None',
              ' ': 'None', '': 'None'}

MARKERS = '.,ov^<>12348spP*hH+xXDd|_'


def to_hex(color):
    """A matplotlib colour spec as '#rrggbb'."""
    if isinstance(color, str):
        c = color.strip()
        low = c.lower()
        if low.startswith('#') and len(low) in (7, 9):
            return low[:7]
        if len(c) == 2 and c[0] == 'C' and c[1].isdigit():
            return CYCLE[int(c[1])]
        if low in _BASE:
            return _BASE[low]
        if low.startswith('tab:') and low[4:] in _TAB:
            return CYCLE[_TAB.index(low[4:])]
        if low in _NAMED:
            return _NAMED[low]
        try:
            gray = float(c)
        except ValueError:
            gray = None
        if gray is not None and 0 <= gray <= 1:
            v = round(gray * 255)
            return '#%02x%02x%02x' % (v, v, v)
        raise ValueError('%r is not a valid value for color' % (color,))
    if isinstance(color, (tuple, list)) and len(color) in (3, 4):
        return '#%02x%02x%02x' % tuple(round(float(v) * 255) for v in color[:3])
    raise ValueError('%r is not a valid value for color' % (color,))


def parse_fmt(fmt):
    """(linestyle, marker, color) of a fmt string such as 'r--' or 'o'; None where not given."""
    linestyle = marker = color = None
    if fmt in _BASE or (len(fmt) == 2 and fmt[0] == 'C' and fmt[1].isdigit()):
        return None, None, fmt
    i = 0
    while i < len(fmt):
        c = fmt[i]
        two = fmt[i:i + 2]
        if two in ('--', '-.'):
            if linestyle is not None:
                raise ValueError('%r is not a valid format string (two linestyle symbols)' % fmt)
            linestyle, i = two, i + 2
        elif c in '-:':
            if linestyle is not None:
                raise ValueError('%r is not a valid format string (two linestyle symbols)' % fmt)
            linestyle, i = c, i + 1
        elif c in MARKERS:
            if marker is not None:
                raise ValueError('%r is not a valid format string (two marker symbols)' % fmt)
            marker, i = c, i + 1
        elif c in _BASE:
            if color is not None:
                raise ValueError('%r is not a valid format string (two color symbols)' % fmt)
            color, i = c, i + 1
        elif c == 'C' and i + 1 < len(fmt) and fmt[i + 1].isdigit():
            if color is not None:
                raise ValueError('%r is not a valid format string (two color symbols)' % fmt)
            color, i = fmt[i:i + 2], i + 2
        else:
            raise ValueError('%r is not a valid format string (unrecognized character %r)' % (fmt, c))
    if linestyle is None and marker is not None:
        linestyle = 'None'
    return linestyle, marker, color


def _is_tensor(v):
    # No torch imported means no tensors (and no reason to import it here).
    torch = sys.modules.get('torch')
    return torch is not None and isinstance(v, torch.Tensor)


def _plain(v):
    # matplotlib calls np.asarray(v): a tensor goes through Tensor.numpy(), so
    # a tensor that requires grad or lives on a GPU fails with PyTorch's error.
    if _is_tensor(v):
        v = v.numpy()
    if hasattr(v, 'tolist'):
        return v.tolist()
    if isinstance(v, (str, bytes, dict)):
        return v
    if isinstance(v, (list, tuple, range)) or hasattr(v, '__iter__'):
        return [_plain(e) for e in v]
    return v


def _shape(v):
    shape = []
    while isinstance(v, list):
        shape.append(len(v))
        v = v[0] if v else None
    return tuple(shape)


def as_data(v):
    """(nested list of Python values, shape) of a scalar, list, array or tensor."""
    v = _plain(v)
    if not isinstance(v, list):
        v = [v]
    return v, _shape(v)


def floats(values):
    """A flat list of Python numbers as floats (non-numbers raise TypeError)."""
    out = []
    for x in values:
        if isinstance(x, bool):
            out.append(1.0 if x else 0.0)
        else:
            out.append(float(x))
    return out


def flat_floats(v):
    """Every number of a scalar, list, array or tensor, in order, as floats."""
    out = []

    def walk(e):
        if isinstance(e, list):
            for x in e:
                walk(x)
        else:
            out.append(e)
    walk(as_data(v)[0])
    return floats(out)


def columns(v):
    """A 1-D or 2-D data set as (list of float columns, shape)."""
    data, shape = as_data(v)
    if len(shape) <= 1:
        return [floats(data)], shape
    if len(shape) == 2:
        return [floats([row[j] for row in data]) for j in range(shape[1])], shape
    raise ValueError('x and y can be no greater than 2D, but have shapes %s' % (shape,))


def histogram(values, bins, range_):
    """numpy.histogram's counts and edges for equal-width or given bins."""
    finite = [v for v in values if math.isfinite(v)]
    if isinstance(bins, int):
        if range_ is not None:
            lo, hi = float(range_[0]), float(range_[1])
        elif finite:
            lo, hi = min(finite), max(finite)
        else:
            lo, hi = 0.0, 1.0
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = np.linspace(lo, hi, bins + 1).tolist()
    else:
        edges = floats(_plain(bins))
    n = len(edges) - 1
    counts = [0.0] * n
    lo, hi = edges[0], edges[-1]
    for v in finite:
        if v < lo or v > hi:
            continue
        if isinstance(bins, int):
            i = int((v - lo) / (hi - lo) * n)
            i = min(i, n - 1)
            # numpy corrects the estimate against the edges themselves.
            if v < edges[i]:
                i -= 1
            elif i + 1 < n and v >= edges[i + 1]:
                i += 1
        else:
            i = n - 1
            for k in range(n):
                if v < edges[k + 1]:
                    i = k
                    break
        counts[i] += 1.0
    return counts, edges


def _nonsingular(lo, hi):
    if lo == hi:
        if lo == 0:
            return -0.05, 0.05
        return lo - 0.05 * abs(lo), hi + 0.05 * abs(hi)
    return lo, hi


def autoscale(intervals, sticky, margin=0.05):
    """matplotlib's default view limits: the data interval, made non-singular,
    widened by a 5% margin but never past a sticky edge (bars stand on 0)."""
    finite = [(a, b) for a, b in intervals if math.isfinite(a) and math.isfinite(b)]
    if not finite:
        return 0.0, 1.0
    lo = min(a for a, _ in finite)
    hi = max(b for _, b in finite)
    lo, hi = _nonsingular(lo, hi)
    delta = (hi - lo) * margin
    new_lo, new_hi = lo - delta, hi + delta
    for s in sticky:
        if new_lo < s <= lo:
            new_lo = s
        if hi <= s < new_hi:
            new_hi = s
    return new_lo, new_hi

"""One Axes: the series drawn on it (recorded as plain data), its texts and
limits. `to_data()` is what the host receives."""

import math

import numpy as np

from matplotlib import _tl_data as data
from matplotlib._tl_artists import Line2D, PathCollection, Rectangle, BarContainer, Text, Legend

_TITLE_X = {'center': 0.5, 'left': 0.0, 'right': 1.0}


def _shape_text(shape):
    return repr(tuple(shape))


class Axes:
    def __init__(self, figure):
        self.figure = figure
        self._series = []
        self._title = ''
        self._title_loc = 'center'
        self._xlabel = ''
        self._ylabel = ''
        self._xlim = None
        self._ylim = None
        self._grid = False
        self._legend = False
        self._xticklabels = None
        self._line_colors = 0   # lines and hist share one colour cycle,
        self._patch_colors = 0  # bars and scatter another, as in matplotlib

    def __repr__(self):
        fields = []
        if self._title:
            fields.append('title={%r: %r}' % (self._title_loc, self._title))
        if self._xlabel:
            fields.append('xlabel=%r' % self._xlabel)
        if self._ylabel:
            fields.append('ylabel=%r' % self._ylabel)
        return '<Axes: %s>' % ', '.join(fields)

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def _next_color(self, kind):
        if kind == 'line':
            i, self._line_colors = self._line_colors, self._line_colors + 1
        else:
            i, self._patch_colors = self._patch_colors, self._patch_colors + 1
        return data.CYCLE[i % len(data.CYCLE)]

    def _add(self, kind, x, y, label, color, linestyle='None', marker=None, width=None, bottom=None):
        series = {'kind': kind, 'x': x, 'y': y, 'label': None if label is None else str(label),
                  'color': color, 'linestyle': linestyle, 'marker': marker}
        if width is not None:
            series['width'] = width
            series['bottom'] = bottom
        self._series.append(series)
        return series

    # -- drawing ---------------------------------------------------------
    def plot(self, *args, **kwargs):
        if 'data' in kwargs:
            raise TypeError("tensorlings' plot does not take data=")
        lines = []
        while args:
            this, args = args[:2], args[2:]
            if args and isinstance(args[0], str):
                this, args = this + (args[0],), args[1:]
            lines.extend(self._plot_group(this, kwargs))
        return lines

    def _plot_group(self, group, kwargs):
        fmt = group[-1] if isinstance(group[-1], str) else None
        xy = group[:-1] if fmt is not None else group
        linestyle, marker, color = data.parse_fmt(fmt) if fmt is not None else (None, None, None)
        if len(xy) == 2:
            xs, xshape = data.columns(xy[0])
            ys, yshape = data.columns(xy[1])
            if xshape[0] != yshape[0]:
                raise ValueError('x and y must have same first dimension, but have shapes %s and %s'
                                 % (_shape_text(xshape), _shape_text(yshape)))
        else:
            ys, yshape = data.columns(xy[0])
            xs = [[float(i) for i in range(yshape[0])]]
        linestyle = data.LINESTYLES.get(kwargs.get('linestyle', kwargs.get('ls', linestyle)) or '-', None)
        if linestyle is None:
            raise ValueError('%r is not a valid value for ls' % kwargs.get('linestyle', kwargs.get('ls')))
        marker = kwargs.get('marker', marker)
        if marker in ('None', 'none', ''):
            marker = None
        color = kwargs.get('color', kwargs.get('c', color))
        label = kwargs.get('label')
        lines = []
        for j in range(max(len(xs), len(ys))):
            x = xs[j % len(xs)]
            y = ys[j % len(ys)]
            c = data.to_hex(color) if color is not None else self._next_color('line')
            series = self._add('line', x, y, label, c, linestyle, marker)
            line = Line2D(series)
            if label is None:
                series['label'] = '_child%d' % (len(self._series) - 1)
            lines.append(line)
        return lines

    def scatter(self, x, y, s=None, c=None, marker=None, label=None, color=None, **kwargs):
        xs = data.flat_floats(x)
        ys = data.flat_floats(y)
        if len(xs) != len(ys):
            raise ValueError('x and y must be the same size')
        colour = color if color is not None else (c if isinstance(c, str) else None)
        hexc = data.to_hex(colour) if colour is not None else self._next_color('patch')
        series = self._add('scatter', xs, ys, label, hexc, 'None', marker or 'o')
        return PathCollection(series)

    def bar(self, x, height, width=0.8, bottom=None, align='center', label=None, color=None, **kwargs):
        xvals, xshape = data.as_data(x)
        ticklabels = None
        if xvals and all(isinstance(v, str) for v in xvals):
            ticklabels = list(xvals)
            xvals = [float(i) for i in range(len(xvals))]
        else:
            xvals = data.floats(xvals)
        hvals, hshape = data.as_data(height)
        hvals = data.floats(hvals)
        n = max(len(xvals), len(hvals))
        for name, vals, shape in (('x', xvals, xshape), ('height', hvals, hshape)):
            if len(vals) not in (1, n):
                other = ('height', hshape) if name == 'x' else ('x', xshape)
                raise ValueError("shape mismatch: objects cannot be broadcast to a single shape.  "
                                 "Mismatch is between %r with shape %s and %r with shape %s."
                                 % (name, _shape_text(shape), other[0], _shape_text(other[1])))
        xvals = xvals * n if len(xvals) == 1 else xvals
        hvals = hvals * n if len(hvals) == 1 else hvals
        widths = data.floats(data.as_data(width)[0])
        widths = widths * n if len(widths) == 1 else widths
        bottoms = data.floats(data.as_data(bottom if bottom is not None else 0.0)[0])
        bottoms = bottoms * n if len(bottoms) == 1 else bottoms
        lefts = [xv - w / 2 if align == 'center' else xv for xv, w in zip(xvals, widths)]
        hexc = data.to_hex(color) if isinstance(color, (str, tuple)) else self._next_color('patch')
        series = self._add('bar', lefts, hvals, label, hexc, width=widths, bottom=bottoms)
        if ticklabels is not None:
            self._xticklabels = [[float(i), t] for i, t in enumerate(ticklabels)]
        patches = [Rectangle(l, b, w, h) for l, b, w, h in zip(lefts, bottoms, widths, hvals)]
        return BarContainer(patches, series)

    def hist(self, x, bins=10, range=None, density=False, label=None, color=None, **kwargs):
        values, shape = data.as_data(x)
        if len(shape) > 1 and shape[1] > 1:
            raise NotImplementedError('tensorlings draws one data set per hist() call; call hist() once per set')
        values = data.floats(v[0] if isinstance(v, list) else v for v in values)
        counts, edges = data.histogram(values, bins, range)
        widths = [b - a for a, b in zip(edges, edges[1:])]
        if density:
            total = sum(counts)
            counts = [c / total / w if total else 0.0 for c, w in zip(counts, widths)]
        hexc = data.to_hex(color) if color is not None else self._next_color('line')
        # matplotlib draws bins as bars centred on each bin's middle; the same
        # float steps give the same limits (7.299999999999999, not 7.3).
        centers = [e + 0.5 * w for e, w in zip(edges, widths)]
        lefts = [c - w / 2 for c, w in zip(centers, widths)]
        series = self._add('hist', lefts, counts, label, hexc, width=widths, bottom=[0.0] * len(counts))
        patches = [Rectangle(l, 0, w, h) for l, w, h in zip(lefts, widths, counts)]
        return np.array(counts), np.array(edges), BarContainer(patches, series)

    # -- texts, limits, legend -------------------------------------------
    def set_title(self, label, loc='center', **kwargs):
        self._title = str(label)
        self._title_loc = loc if loc in _TITLE_X else 'center'
        return Text(_TITLE_X.get(loc, 0.5), 1.0, self._title)

    def get_title(self):
        return self._title

    def set_xlabel(self, label, **kwargs):
        self._xlabel = str(label)
        return Text(0.5, 0, self._xlabel)

    def get_xlabel(self):
        return self._xlabel

    def set_ylabel(self, label, **kwargs):
        self._ylabel = str(label)
        return Text(0, 0.5, self._ylabel)

    def get_ylabel(self):
        return self._ylabel

    def grid(self, visible=None, which='major', axis='both', **kwargs):
        self._grid = (not self._grid) if visible is None and not kwargs else bool(visible is None or visible)

    def legend(self, *args, **kwargs):
        if args and isinstance(args[0], (list, tuple)):
            for series, label in zip(self._series, args[0]):
                series['label'] = str(label)
        self._legend = True
        labels = [s['label'] for s in self._series if s['label'] and not s['label'].startswith('_')]
        if not labels:
            # matplotlib's UserWarning (there is no warnings module in the sandbox).
            import sys
            sys.stderr.write('UserWarning: No artists with labels found to put in legend.  Note that artists '
                             'whose label start with an underscore are ignored when legend() is called with no argument.\n')
        return Legend(labels)

    def _data_limits(self):
        xs, ys, sticky = [], [], []
        for s in self._series:
            if s['kind'] in ('bar', 'hist'):
                xs += [(l, l + w) for l, w in zip(s['x'], s['width']) if math.isfinite(l + w)]
                ys += [(min(b, b + h), max(b, b + h)) for b, h in zip(s['bottom'], s['y'])]
                sticky += s['bottom']
            else:
                # matplotlib leaves NaN and inf out of the data limits.
                fx = [v for v in s['x'] if math.isfinite(v)]
                fy = [v for v in s['y'] if math.isfinite(v)]
                if fx:
                    xs.append((min(fx), max(fx)))
                if fy:
                    ys.append((min(fy), max(fy)))
        return xs, ys, sticky

    def _limits(self):
        xs, ys, sticky = self._data_limits()
        xlim = self._xlim or data.autoscale(xs, [])
        ylim = self._ylim or data.autoscale(ys, sticky)
        return xlim, ylim

    def _set_lim(self, which, left, right):
        if isinstance(left, (tuple, list)) and right is None:
            left, right = left
        current = self._limits()[0 if which == 'x' else 1]
        lim = (float(current[0] if left is None else left), float(current[1] if right is None else right))
        if which == 'x':
            self._xlim = lim
        else:
            self._ylim = lim
        return lim

    def set_xlim(self, left=None, right=None, **kwargs):
        return self._set_lim('x', kwargs.get('xmin', left), kwargs.get('xmax', right))

    def set_ylim(self, bottom=None, top=None, **kwargs):
        return self._set_lim('y', kwargs.get('ymin', bottom), kwargs.get('ymax', top))

    def get_xlim(self):
        lo, hi = self._limits()[0]
        return np.float64(lo), np.float64(hi)

    def get_ylim(self):
        lo, hi = self._limits()[1]
        return np.float64(lo), np.float64(hi)

    def cla(self):
        self.__init__(self.figure)

    def to_data(self):
        xlim, ylim = self._limits()
        return {'title': self._title, 'xlabel': self._xlabel, 'ylabel': self._ylabel,
                'xlim': list(xlim), 'ylim': list(ylim), 'grid': self._grid, 'legend': self._legend,
                'xticklabels': self._xticklabels, 'series': [dict(s) for s in self._series]}

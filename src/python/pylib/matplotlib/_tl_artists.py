"""The objects pyplot calls return (Line2D, PathCollection, BarContainer,
Text, Legend), with the reprs matplotlib and IPython give them."""

_serial = [0]


def fake_address():
    """A stand-in for id(): stable from run to run, so outputs can be compared.
    0x7f0000000000 plus 0x100 for each artist made in this interpreter."""
    _serial[0] += 1
    return 0x7f0000000000 + 0x100 * _serial[0]


class _Artist:
    _module = 'matplotlib.artist'

    def __init__(self):
        self._address = fake_address()

    def __repr__(self):
        return '<%s.%s object at 0x%x>' % (self._module, type(self).__name__, self._address)

    def _repr_pretty_(self, p, cycle):
        # IPython's default form for an object without its own __repr__.
        p.text('<%s.%s at 0x%x>' % (self._module, type(self).__name__, self._address))


class Line2D(_Artist):
    _module = 'matplotlib.lines'

    def __init__(self, series):
        _Artist.__init__(self)
        self._series = series

    def __str__(self):
        return 'Line2D(%s)' % self.get_label()

    def get_label(self):
        return self._series['label']

    def set_label(self, label):
        self._series['label'] = str(label)

    def get_color(self):
        return self._series['color']

    def get_linestyle(self):
        return self._series['linestyle']

    def get_marker(self):
        return self._series['marker'] or 'None'

    def get_xdata(self):
        import numpy as np
        return np.array(self._series['x'])

    def get_ydata(self):
        import numpy as np
        return np.array(self._series['y'])


class PathCollection(_Artist):
    _module = 'matplotlib.collections'

    def __init__(self, series):
        _Artist.__init__(self)
        self._series = series

    def get_label(self):
        return self._series['label']


class Rectangle(_Artist):
    _module = 'matplotlib.patches'

    def __init__(self, x, y, width, height):
        _Artist.__init__(self)
        self._xy = (x, y)
        self._width = width
        self._height = height

    def __str__(self):
        return 'Rectangle(xy=(%g, %g), width=%g, height=%g, angle=0)' % (
            self._xy[0], self._xy[1], self._width, self._height)

    def get_height(self):
        return self._height

    def get_width(self):
        return self._width

    def get_x(self):
        return self._xy[0]

    def get_y(self):
        return self._xy[1]


class BarContainer(tuple):
    """A tuple of the bars' Rectangles, as matplotlib's container is."""

    def __new__(cls, patches, series):
        self = tuple.__new__(cls, patches)
        self.patches = list(patches)
        self._series = series
        return self

    def __repr__(self):
        return '<BarContainer object of %d artists>' % len(self)

    def get_label(self):
        return self._series['label']


BarContainer.__module__ = 'matplotlib.container'


class Text(_Artist):
    _module = 'matplotlib.text'

    def __init__(self, x, y, text):
        _Artist.__init__(self)
        self._x, self._y, self._text = x, y, text

    def __repr__(self):
        return 'Text(%s, %s, %r)' % (self._x, self._y, self._text)

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def get_text(self):
        return self._text


class Legend(_Artist):
    _module = 'matplotlib.legend'

    def __init__(self, labels):
        _Artist.__init__(self)
        self._labels = labels

    def get_texts(self):
        return [Text(0, 0, label) for label in self._labels]


for _cls in (Line2D, PathCollection, Rectangle, Text, Legend):
    _cls.__module__ = _cls._module

"""A Figure: its size and its Axes. Showing one sends its data to the host
(`_tl_host.emit_figure`), which draws it; nothing is written to a file."""

from matplotlib._tl_axes import Axes


def _emit(figure):
    import _tl_host
    emit = getattr(_tl_host, 'emit_figure', None)
    if emit is not None:
        emit(figure.to_data())


class Figure:
    def __init__(self, figsize=None, dpi=None, number=None):
        width, height = figsize if figsize is not None else (6.4, 4.8)
        self._size = (float(width), float(height))
        self._dpi = float(dpi) if dpi is not None else 100.0
        self.number = number
        self.axes = []
        self._suptitle = ''

    def __repr__(self):
        return '<Figure size %gx%g with %d Axes>' % (
            self._size[0] * self._dpi, self._size[1] * self._dpi, len(self.axes))

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def _tl_display_(self):
        """Shown as a cell's last expression: Jupyter draws the figure."""
        _emit(self)

    def add_subplot(self, *args, **kwargs):
        if args and args not in ((1, 1, 1), (111,)):
            raise NotImplementedError('tensorlings draws one Axes per figure: use add_subplot() or add_subplot(111)')
        if self.axes:
            return self.axes[0]
        ax = Axes(self)
        self.axes.append(ax)
        return ax

    def gca(self):
        return self.axes[0] if self.axes else self.add_subplot()

    def get_axes(self):
        return list(self.axes)

    def get_size_inches(self):
        import numpy as np
        return np.array(list(self._size))

    def set_size_inches(self, w, h=None):
        if h is None:
            w, h = w
        self._size = (float(w), float(h))

    def suptitle(self, t, **kwargs):
        self._suptitle = str(t)
        from matplotlib._tl_artists import Text
        return Text(0.5, 0.98, self._suptitle)

    def clf(self):
        self.axes = []

    def tight_layout(self, *args, **kwargs):
        pass

    def savefig(self, *args, **kwargs):
        raise PermissionError('tensorlings does not let code write files; '
                              'run `tensorlings run --plots DIR` to save shown figures as PNGs')

    def show(self, *args, **kwargs):
        _emit(self)

    def to_data(self):
        return {'width_in': self._size[0], 'height_in': self._size[1], 'dpi': self._dpi,
                'suptitle': self._suptitle, 'axes': [ax.to_data() for ax in self.axes]}


Figure.__module__ = 'matplotlib.figure'
Axes.__module__ = 'matplotlib.axes._axes'

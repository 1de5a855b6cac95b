"""matplotlib.pyplot for tensorlings: the state machine (current figure and
axes) over `Figure`/`Axes`, and Jupyter's inline backend: `show()` displays
every open figure and closes them, and a figure made during a cell is shown
at the cell's end (the host calls `_tl_flush_figures`)."""

from matplotlib._tl_figure import Figure
from matplotlib._tl_axes import Axes
from matplotlib._tl_figure import _emit

_figures = {}          # number -> Figure, in creation order
_current = [None]      # the current figure's number
_draw_called = [False]  # the inline backend's flag: a figure was made this cell


def figure(num=None, figsize=None, dpi=None, **kwargs):
    if isinstance(num, Figure):
        _current[0] = num.number
        return num
    if num is not None and num in _figures:
        _current[0] = num
        return _figures[num]
    number = num if isinstance(num, int) else max(_figures, default=0) + 1
    fig = Figure(figsize=figsize, dpi=dpi, number=number)
    _figures[number] = fig
    _current[0] = number
    _draw_called[0] = True
    return fig


def gcf():
    if _current[0] in _figures:
        return _figures[_current[0]]
    return figure()


def gca():
    return gcf().gca()


def sca(ax):
    figure(ax.figure)


def get_fignums():
    return sorted(_figures)


def subplots(nrows=1, ncols=1, figsize=None, dpi=None, **kwargs):
    if (nrows, ncols) != (1, 1):
        raise NotImplementedError('tensorlings draws one Axes per figure: use plt.subplots() '
                                  '(or subplots(1, 1)) and make one figure per plot')
    fig = figure(figsize=figsize, dpi=dpi)
    return fig, fig.add_subplot()


def subplot(*args, **kwargs):
    return gcf().add_subplot(*args, **kwargs)


def plot(*args, **kwargs):
    return gca().plot(*args, **kwargs)


def scatter(x, y, *args, **kwargs):
    return gca().scatter(x, y, *args, **kwargs)


def bar(x, height, *args, **kwargs):
    return gca().bar(x, height, *args, **kwargs)


def hist(x, *args, **kwargs):
    return gca().hist(x, *args, **kwargs)


def title(label, *args, **kwargs):
    return gca().set_title(label, *args, **kwargs)


def xlabel(label, *args, **kwargs):
    return gca().set_xlabel(label, *args, **kwargs)


def ylabel(label, *args, **kwargs):
    return gca().set_ylabel(label, *args, **kwargs)


def legend(*args, **kwargs):
    return gca().legend(*args, **kwargs)


def grid(visible=None, which='major', axis='both', **kwargs):
    gca().grid(visible, which, axis, **kwargs)


def xlim(*args, **kwargs):
    ax = gca()
    if not args and not kwargs:
        return ax.get_xlim()
    return ax.set_xlim(*args, **kwargs)


def ylim(*args, **kwargs):
    ax = gca()
    if not args and not kwargs:
        return ax.get_ylim()
    return ax.set_ylim(*args, **kwargs)


def suptitle(t, **kwargs):
    return gcf().suptitle(t, **kwargs)


def tight_layout(*args, **kwargs):
    pass


def savefig(*args, **kwargs):
    return gcf().savefig(*args, **kwargs)


def clf():
    gcf().clf()


def cla():
    gca().cla()


def close(fig=None):
    if fig is None:
        _figures.pop(_current[0], None)
    elif fig == 'all':
        _figures.clear()
    elif isinstance(fig, Figure):
        _figures.pop(fig.number, None)
    else:
        _figures.pop(fig, None)
    if _current[0] not in _figures:
        _current[0] = max(_figures) if _figures else None


def show(*args, **kwargs):
    """Jupyter's inline show(): display every open figure, then close them."""
    try:
        for number in list(_figures):
            _emit(_figures[number])
    finally:
        _draw_called[0] = False
        close('all')


def _tl_flush_figures():
    """Called by the host at the end of a cell, as IPython's post_execute hook."""
    if _draw_called[0]:
        show()
    _draw_called[0] = False


def ion():
    pass


def ioff():
    pass

"""The part of matplotlib tensorlings learners use: `matplotlib.pyplot`.

Figures are recorded as plain data (series of floats, texts, limits) and sent
to the host when shown; the host draws them (a chart in the workbook, a PNG
with `tensorlings run --plots DIR`). Nothing here touches files.
"""

__version__ = '3.11.2'

rcParams = {'figure.figsize': [6.4, 4.8], 'figure.dpi': 100.0}


def use(backend, force=True):
    """Accepted for notebooks that pick a backend; figures always show inline."""
    return None


def get_backend():
    return 'module://matplotlib_inline.backend_inline'

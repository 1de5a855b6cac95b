"""Run a percent-format file ('# %%' cells) through IPython with matplotlib's
inline backend and print what Jupyter's text display shows, in order: stdout,
each cell's result, each displayed figure's text/plain
(`<Figure size 640x480 with 1 Axes>`), and 'Name: message' for an error.
The reference for `tensorlings run` on plotting code.
Usage: python scripts/jupyter_text_ref.py FILE.py   (needs IPython and matplotlib)"""
import sys
from IPython.core.interactiveshell import InteractiveShell
from IPython.core.displaypub import DisplayPublisher

class Pub(DisplayPublisher):
    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
        sys.stdout.write(data.get('text/plain', '') + '\n')

InteractiveShell.enable_gui = lambda self, gui=None: None
shell = InteractiveShell.instance(display_pub_class=Pub, colors='nocolor')
shell.displayhook.write_output_prompt = lambda: None
# Terminal IPython starts a multi-line result on a new line; Jupyter does not.
shell.displayhook.write_format_data = lambda data, md=None: print(data['text/plain'])
def showtraceback(*a, **k):
    etype, value, tb = sys.exc_info()
    print(f"{etype.__name__}: {value}")
shell.showtraceback = showtraceback
shell.run_line_magic('matplotlib', 'inline')
src = open(sys.argv[1]).read()
cells, cur = [], []
for line in src.splitlines(keepends=True):
    if line.startswith('# %%'):
        cells.append(''.join(cur)); cur = []
    else:
        cur.append(line)
cells.append(''.join(cur))
for c in cells:
    if c.strip():
        shell.run_cell(c, store_history=True)

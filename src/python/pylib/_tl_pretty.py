"""How a cell shows its last expression: the layout rules of IPython's pretty
printer (IPython.lib.pretty), written again for tensorlings.

The layout is Wadler-style: text goes into a buffer of pieces; groups hold
optional line breaks ("breakables"); when a line would pass `max_width`, the
outermost group that still has breakables is told to break, and all of its
breakables become newlines.  A multi-line repr (a tensor inside a tuple) is
written line by line with forced breaks, so its later lines get the
indentation of the enclosing groups (one space inside a tuple or list).

Jupyter's output must match byte for byte, so some odd details of IPython are
kept on purpose; each one is marked "as IPython does".
"""

MAX_SEQ_LENGTH = 1000


class _Text:
    """Consecutive literal strings waiting in the buffer."""

    def __init__(self):
        self.parts = []
        self.width = 0

    def add(self, s, width):
        self.parts.append(s)
        self.width += width

    def emit(self, out, column):
        for s in self.parts:
            out.append(s)
        return column + self.width


class _Break:
    """A place that prints `sep`, or a newline when its group breaks."""

    def __init__(self, sep, layout):
        self.sep = sep
        self.width = len(sep)
        self.layout = layout
        self.indent = layout.indentation
        self.group = layout.open_groups[-1]
        self.group.pending.append(self)

    def emit(self, out, column):
        group = self.group
        group.pending.pop(0)
        if group.broken:
            out.append(self.layout.newline)
            out.append(' ' * self.indent)
            return self.indent
        if not group.pending:
            self.layout.waiting.drop(group)
        out.append(self.sep)
        return column + self.width


class _Group:
    def __init__(self, depth):
        self.depth = depth
        self.pending = []
        self.broken = False


class _Waiting:
    """Groups that may still be broken, bucketed by nesting depth."""

    def __init__(self, root):
        self.levels = []
        self.add(root)

    def add(self, group):
        while group.depth > len(self.levels) - 1:
            self.levels.append([])
        self.levels[group.depth].append(group)

    def take_outermost(self):
        for level in self.levels:
            # Scans the level from its end but deletes by the scan's index
            # counted from the front, as IPython does.
            for i, group in enumerate(reversed(level)):
                if group.pending:
                    del level[i]
                    group.broken = True
                    return group
            for group in level:
                group.broken = True
            del level[:]
        return None

    def drop(self, group):
        level = self.levels[group.depth]
        if group in level:
            level.remove(group)


class Layout:
    """The line-breaking engine; `Printer` adds the rules per type."""

    def __init__(self, max_width=79, newline='\n', max_seq_length=MAX_SEQ_LENGTH):
        self.out = []
        self.max_width = max_width
        self.newline = newline
        self.max_seq_length = max_seq_length
        self.column = 0
        self.buffered = 0
        self.buffer = []
        root = _Group(0)
        self.open_groups = [root]
        self.waiting = _Waiting(root)
        self.indentation = 0

    def _emit_group(self, group):
        while group.pending:
            piece = self.buffer.pop(0)
            self.column = piece.emit(self.out, self.column)
            self.buffered -= piece.width
        while self.buffer and isinstance(self.buffer[0], _Text):
            piece = self.buffer.pop(0)
            self.column = piece.emit(self.out, self.column)
            self.buffered -= piece.width

    def _fit(self):
        while self.max_width < self.column + self.buffered:
            group = self.waiting.take_outermost()
            if group is None:
                return
            self._emit_group(group)

    def text(self, s):
        width = len(s)
        if self.buffer:
            last = self.buffer[-1]
            if not isinstance(last, _Text):
                last = _Text()
                self.buffer.append(last)
            last.add(s, width)
            self.buffered += width
            self._fit()
        else:
            self.out.append(s)
            self.column += width

    def _newline(self):
        self.out.append(self.newline)
        self.out.append(' ' * self.indentation)
        self.column = self.indentation
        self.buffered = 0

    def breakable(self, sep=' '):
        if self.open_groups[-1].broken:
            self.flush()
            self._newline()
        else:
            self.buffer.append(_Break(sep, self))
            self.buffered += len(sep)
            self._fit()

    def break_(self):
        group = self.waiting.take_outermost()
        if group is not None:
            self._emit_group(group)
        self.flush()
        self._newline()

    def begin_group(self, indent=0, open=''):
        if open:
            self.text(open)
        group = _Group(self.open_groups[-1].depth + 1)
        self.open_groups.append(group)
        self.waiting.add(group)
        self.indentation += indent

    def end_group(self, dedent=0, close=''):
        self.indentation -= dedent
        group = self.open_groups.pop()
        if not group.pending:
            self.waiting.drop(group)
        if close:
            self.text(close)

    def flush(self):
        for piece in self.buffer:
            # Adds the returned column to the column, as IPython does.
            self.column += piece.emit(self.out, self.column)
        self.buffer = []
        self.buffered = 0

    def items(self, seq):
        """Enumerate at most max_seq_length items, then write ', ...'."""
        for i, x in enumerate(seq):
            if self.max_seq_length and i >= self.max_seq_length:
                self.text(',')
                self.breakable()
                self.text('...')
                return
            yield i, x


def _attr(obj, name, default=None):
    try:
        return getattr(obj, name, default)
    except Exception:
        return default


def _sorted(items):
    items = list(items)
    try:
        return sorted(items)
    except Exception:
        try:
            return sorted(items, key=str)
        except Exception:
            return items


def _mro(cls):
    return _attr(cls, '__mro__', None) or (cls,)


def _by_repr(obj, p, cycle):
    lines = repr(obj).splitlines()
    p.begin_group()
    for i, line in enumerate(lines):
        if i:
            p.break_()
        p.text(line)
    p.end_group()


def _sequence(start, end):
    def show(obj, p, cycle):
        if cycle:
            return p.text(start + '...' + end)
        step = len(start)
        p.begin_group(step, start)
        for i, x in p.items(obj):
            if i:
                p.text(',')
                p.breakable()
            p.pretty(x)
        if len(obj) == 1 and isinstance(obj, tuple):
            p.text(',')
        p.end_group(step, end)
    return show


def _set_like(start, end):
    def show(obj, p, cycle):
        if cycle:
            return p.text(start + '...' + end)
        if len(obj) == 0:
            return p.text(type(obj).__name__ + '()')
        step = len(start)
        p.begin_group(step, start)
        if p.max_seq_length and len(obj) >= p.max_seq_length:
            items = obj
        else:
            items = _sorted(obj)
        for i, x in p.items(items):
            if i:
                p.text(',')
                p.breakable()
            p.pretty(x)
        p.end_group(step, end)
    return show


def _mapping(start, end):
    def show(obj, p, cycle):
        if cycle:
            return p.text('{...}')
        step = len(start)
        p.begin_group(step, start)
        for i, key in p.items(obj.keys()):
            if i:
                p.text(',')
                p.breakable()
            p.pretty(key)
            p.text(': ')
            p.pretty(obj[key])
        p.end_group(step, end)
    return show


def _call_form(p, name, args, kwargs):
    """name(arg, ..., key=value) with the layout of IPython's CallExpression."""
    prefix = name + '('
    p.begin_group(len(prefix), prefix)
    first = True
    for arg in args:
        if not first:
            p.text(',')
            p.breakable()
        first = False
        p.pretty(arg)
    for key, arg in kwargs.items():
        if not first:
            p.text(',')
            p.breakable()
        first = False
        label = key + '='
        p.begin_group(len(label), label)
        p.pretty(arg)
        p.end_group(len(label), '')
    p.end_group(len(prefix), ')')


def _type(obj, p, cycle):
    overriding = [m for m in _mro(type(obj)) if '__repr__' in m.__dict__][:1]
    if overriding != [type]:
        return _by_repr(obj, p, cycle)
    mod = _attr(obj, '__module__', None)
    name = _attr(obj, '__qualname__', None)
    if not isinstance(name, str):
        name = _attr(obj, '__name__', None)
        if not isinstance(name, str):
            name = '<unknown type>'
    if mod in (None, '__builtin__', 'builtins', 'exceptions'):
        p.text(name)
    else:
        p.text(mod + '.' + name)


def _text_signature(fn):
    """A builtin's signature from its __text_signature__, as inspect reads it."""
    text = _attr(fn, '__text_signature__', None)
    if not isinstance(text, str) or not text.startswith('('):
        return None
    params = [t.strip() for t in text[1:-1].split(',') if t.strip()]
    params = [t for t in params if not t.startswith('$')]
    return '(' + ', '.join(params) + ')'


def _signature(fn):
    """The text inspect.signature would give for a plain Python function."""
    code = _attr(fn, '__code__', None)
    if code is None:
        return _text_signature(fn)
    names = code.co_varnames
    npos = code.co_argcount
    nkw = code.co_kwonlyargcount
    nposonly = _attr(code, 'co_posonlyargcount', 0) or 0
    defaults = _attr(fn, '__defaults__', None) or ()
    kwdefaults = _attr(fn, '__kwdefaults__', None) or {}
    flags = code.co_flags
    parts = []
    first_default = npos - len(defaults)
    for i in range(npos):
        part = names[i]
        if i >= first_default:
            part += '=' + repr(defaults[i - first_default])
        parts.append(part)
        if nposonly and i == nposonly - 1:
            parts.append('/')
    idx = npos + nkw
    if flags & 0x04:
        parts.append('*' + names[idx])
        idx += 1
    elif nkw:
        parts.append('*')
    for name in names[npos:npos + nkw]:
        parts.append(name + ('=' + repr(kwdefaults[name]) if name in kwdefaults else ''))
    if flags & 0x08:
        parts.append('**' + names[idx])
    return '(' + ', '.join(parts) + ')'


def _function(obj, p, cycle):
    name = _attr(obj, '__qualname__', None) or obj.__name__
    mod = _attr(obj, '__module__', None)
    if mod and mod not in ('__builtin__', 'builtins', 'exceptions'):
        name = mod + '.' + name
    sig = _signature(obj)
    p.text('<function %s>' % (name + sig if sig is not None else name))


def _exception(obj, p, cycle):
    cls = obj.__class__
    name = _attr(cls, '__qualname__', cls.__name__)
    if cls.__module__ not in ('exceptions', 'builtins'):
        name = cls.__module__ + '.' + name
    # IPython pretty-prints a call object here, which adds one group level.
    p.begin_group()
    _call_form(p, name, _attr(obj, 'args', ()), {})
    p.end_group()


def _default(obj, p, cycle):
    cls = _attr(obj, '__class__', None) or type(obj)
    if _attr(cls, '__repr__', None) is not object.__repr__:
        return _by_repr(obj, p, cycle)
    p.begin_group(1, '<')
    p.pretty(cls)
    p.text(' at 0x%x' % id(obj))
    if cycle:
        p.text(' ...')
    p.end_group(1, '>')


def _function_types():
    def f():
        pass
    return type(f), type(len), type(_Text().add)


_FUNCTION, _BUILTIN, _METHOD = _function_types()

_BY_TYPE = {
    int: _by_repr,
    float: _by_repr,
    str: _by_repr,
    tuple: _sequence('(', ')'),
    list: _sequence('[', ']'),
    dict: _mapping('{', '}'),
    set: _set_like('{', '}'),
    frozenset: _set_like('frozenset({', '})'),
    type: _type,
    _FUNCTION: _function,
    _BUILTIN: _function,
    _METHOD: _by_repr,
    BaseException: _exception,
    slice: _by_repr,
    range: _by_repr,
    bytes: _by_repr,
}

_SINGLETONS = (None, True, False, Ellipsis, NotImplemented)


class Printer(Layout):
    def __init__(self, max_width=79, newline='\n', max_seq_length=MAX_SEQ_LENGTH):
        Layout.__init__(self, max_width, newline, max_seq_length)
        self.stack = []

    def pretty(self, obj):
        oid = id(obj)
        cycle = oid in self.stack
        self.stack.append(oid)
        self.begin_group()
        try:
            for s in _SINGLETONS:
                if obj is s:
                    return _by_repr(obj, self, cycle)
            cls = _attr(obj, '__class__', None) or type(obj)
            for klass in _mro(cls):
                show = _BY_TYPE.get(klass)
                if show is not None:
                    return show(obj, self, cycle)
                own = klass.__dict__
                if '_repr_pretty_' in own:
                    meth = klass._repr_pretty_
                    if callable(meth):
                        return meth(obj, self, cycle)
                if klass is not object and '__repr__' in own and callable(_attr(klass, '__repr__', None)):
                    return _by_repr(obj, self, cycle)
            return _default(obj, self, cycle)
        finally:
            self.end_group()
            self.stack.pop()

    def getvalue(self):
        self.flush()
        return ''.join(self.out)


def pretty(obj, max_width=79, newline='\n', max_seq_length=MAX_SEQ_LENGTH):
    """The text Jupyter shows for `obj` as a cell's result."""
    printer = Printer(max_width, newline, max_seq_length)
    printer.pretty(obj)
    return printer.getvalue()

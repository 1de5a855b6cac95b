"""IPython's %time, %%time, %timeit and !nvidia-smi for tensorlings cells.

`magics.rs` rewrites magic lines into calls of `line_magic`, `cell_magic` and
`system` here, passing the cell's globals. Output formats follow IPython's
execution magics: the `CPU times: ...` / `Wall time: ...` lines and the
`mean ± std per loop (...)` line, with the same unit formatting.
"""
import math
import time
import _tl_host

MICRO = '\u03bc'
PLUS_MINUS = '\u00b1'


def format_time(span, precision=3):
    """A duration as IPython writes it: '1min 5s', '5.19 s', '17.2 ms', '3 ns'."""
    if span >= 60.0:
        parts = []
        left = span
        for suffix, length in (('d', 86400), ('h', 3600), ('min', 60), ('s', 1)):
            value = int(left / length)
            if value > 0:
                left = left % length
                parts.append('%d%s' % (value, suffix))
            if left < 1:
                break
        return ' '.join(parts)
    units = ['s', 'ms', MICRO + 's', 'ns']
    scale = [1, 1e3, 1e6, 1e9]
    if span > 0.0:
        order = min(-int(math.floor(math.log10(span)) // 3), 3)
    else:
        order = 3
    return '%.*g %s' % (precision, span * scale[order], units[order])


class UsageError(Exception):
    pass


def _split_last_expr(source):
    """(body, expr): the source without its last line's expression, and that
    expression, when the code ends in an expression statement; else (source, None)."""
    split = _tl_host.split_last_expression(source)
    if split is None:
        return source, None
    return split


def _time(source, glob, mode_name):
    body, expr = _split_last_expr(source)
    if not body.strip() and expr is not None:
        where = '<timed eval>'
    else:
        where = '<timed exec>'
    body_code = compile(body, where, 'exec') if body.strip() else None
    expr_code = compile(expr, where, 'eval') if expr is not None else None
    value = None
    error = None
    wall0 = time.time()
    user0, sys0 = _tl_host.cpu_times()
    try:
        if body_code is not None:
            exec(body_code, glob)
        if expr_code is not None:
            value = eval(expr_code, glob)
    except BaseException as e:
        error = e
    user1, sys1 = _tl_host.cpu_times()
    wall = time.time() - wall0
    user = user1 - user0
    system = sys1 - sys0
    print('CPU times: user %s, sys: %s, total: %s' % (format_time(user), format_time(system), format_time(user + system)))
    print('Wall time: %s' % format_time(wall))
    if error is not None:
        raise error
    return value


class TimeitResult:
    def __init__(self, loops, repeat, all_runs, precision):
        self.loops = loops
        self.repeat = repeat
        self.all_runs = all_runs
        self.timings = [t / loops for t in all_runs]
        self.best = min(self.timings)
        self.worst = max(self.timings)
        self._precision = precision

    @property
    def average(self):
        return math.fsum(self.timings) / len(self.timings)

    @property
    def stdev(self):
        mean = self.average
        return (math.fsum([(x - mean) ** 2 for x in self.timings]) / len(self.timings)) ** 0.5

    def __str__(self):
        return '%s %s %s per loop (mean %s std. dev. of %d run%s, %s loop%s each)' % (
            format_time(self.average, self._precision), PLUS_MINUS,
            format_time(self.stdev, self._precision), PLUS_MINUS,
            self.repeat, '' if self.repeat == 1 else 's',
            '{:,}'.format(self.loops), '' if self.loops == 1 else 's')

    def _repr_pretty_(self, p, cycle):
        p.text('<TimeitResult : ' + str(self) + '>')


def _indent(code, prefix):
    return ''.join(prefix + line + '\n' for line in code.splitlines()) or prefix + 'pass\n'


def _parse_timeit_options(line):
    """-n N, -r R, -p P, -q, -o before the statement, as IPython takes them."""
    opts = {}
    words = line.split(' ')
    i = 0
    while i < len(words):
        w = words[i]
        if w == '':
            i += 1
            continue
        if w in ('-n', '-r', '-p') and i + 1 < len(words):
            opts[w[1]] = int(words[i + 1])
            i += 2
        elif len(w) > 2 and w[:2] in ('-n', '-r', '-p') and w[2:].isdigit():
            opts[w[1]] = int(w[2:])
            i += 1
        elif w in ('-q', '-o'):
            opts[w[1]] = True
            i += 1
        else:
            break
    return opts, ' '.join(words[i:])


def _timeit(line, cell, glob):
    opts, stmt = _parse_timeit_options(line)
    if cell is None:
        setup, body = 'pass', stmt
    else:
        setup, body = stmt or 'pass', cell
    if not body.strip():
        return None
    compile(setup, '<magic-timeit-setup>', 'exec')
    compile(body, '<magic-timeit-stmt>', 'exec')
    src = ('def inner(_it, _timer):\n' + _indent(setup, '    ') +
           '    _t0 = _timer()\n    for _i in _it:\n' + _indent(body, '        ') +
           '    _t1 = _timer()\n    return _t1 - _t0\n')
    ns = {}
    exec(compile(src, '<magic-timeit>', 'exec'), glob, ns)
    inner = ns['inner']
    timer = time.perf_counter
    number = opts.get('n', 0)
    repeat = opts.get('r', 7)
    precision = opts.get('p', 3)
    if number == 0:
        # Loops per run so that one run takes at least 0.2 s, as IPython picks them.
        for index in range(10):
            number = 10 ** index
            if inner(range(number), timer) >= 0.2:
                break
    runs = [inner(range(number), timer) for _ in range(repeat)]
    result = TimeitResult(number, repeat, runs, precision)
    if not opts.get('q'):
        best, worst = result.best, result.worst
        if worst > 4 * best and best > 0 and worst > 1e-6:
            print('The slowest run took %0.2f times longer than the fastest. '
                  'This could mean that an intermediate result is being cached.' % (worst / best))
        print(result)
    if opts.get('o'):
        return result
    return None


def line_magic(name, line, glob):
    if name == 'time':
        return _time(line, glob, 'line')
    if name == 'timeit':
        return _timeit(line, None, glob)
    if name == 'matplotlib':
        return _matplotlib(line)
    raise UsageError('Line magic function `%%%s` not found.' % name)


def _matplotlib(line):
    """`%matplotlib inline`: tensorlings always shows figures inline, as this asks."""
    backend = line.strip()
    if backend not in ('', 'inline'):
        raise UsageError('tensorlings shows figures inline only: use `%%matplotlib inline` (not %r)' % backend)
    return None


def cell_magic(name, line, cell, glob):
    if name == 'time':
        if line.strip():
            raise UsageError("Can't use statement directly after '%%time'!")
        return _time(cell, glob, 'cell')
    if name == 'timeit':
        return _timeit(line, cell, glob)
    raise UsageError('Cell magic `%%%%%s` not found.' % name)


def system(command):
    """`!command`: only nvidia-smi, answered from the engine's device query."""
    words = command.split()
    if words and words[0] == 'nvidia-smi':
        print(_tl_host.nvidia_smi(), end='')
        return None
    print('tensorlings does not run shell commands (only !nvidia-smi): !%s' % command)
    return None

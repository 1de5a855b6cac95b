"""The objects tensorlings puts in sys.stdout and sys.stderr: text goes to a
native function that collects it (and enforces the output cap)."""


class Stream:
    encoding = 'utf-8'
    errors = 'strict'
    newlines = None

    def __init__(self, sink, name):
        self._sink = sink
        self.name = name

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        self._sink(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def readable(self):
        return False

    def seekable(self):
        return False

    @property
    def closed(self):
        return False

    def fileno(self):
        raise OSError('tensorlings output has no file descriptor')

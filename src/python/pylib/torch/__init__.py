"""tensorlings' torch: the native core (`_tl_torch`, Rust) plus the small Python-level
types PyTorch itself writes in Python: torch.Size, torch.return_types, the grad-mode
context managers and torch.cuda."""
import builtins as _builtins
import sys as _sys
import _tl_torch as _C
from _tl_torch import *  # noqa: F401,F403  Tensor, dtypes, device, functions

__version__ = "2.15.0"

# `float`, `int`, `bool` are dtypes in this namespace (as in PyTorch): use the builtins.
inf = _builtins.float("inf")
nan = _builtins.float("nan")
pi = 3.141592653589793
e = 2.718281828459045

_ModuleType = type(_sys)


class Size(tuple):
    """The shape of a tensor: a tuple of ints that prints as torch.Size([...])."""

    __slots__ = ()

    def __repr__(self):
        return "torch.Size([" + ", ".join([str(_builtins.int(d)) for d in self]) + "])"

    __str__ = __repr__

    def numel(self):
        n = 1
        for d in self:
            n *= d
        return n

    def __getitem__(self, key):
        r = tuple.__getitem__(self, key)
        return Size(r) if isinstance(key, slice) else r

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __radd__(self, other):
        return Size(tuple.__add__(tuple(other), self))

    def __mul__(self, n):
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__


Size.__module__ = "torch"


class _ReturnType(tuple):
    """A named tuple as torch.return_types.<name> prints it."""

    __slots__ = ()
    _fields = ()

    def __new__(cls, values):
        return tuple.__new__(cls, values)

    def __repr__(self):
        body = ",\n".join([f"{n}={v!r}" for n, v in zip(self._fields, self)])
        return f"torch.return_types.{type(self).__name__}(\n{body})"

    __str__ = __repr__


def _field(i):
    return property(lambda self: self[i])


return_types = _ModuleType("torch.return_types")
for _name, _fields in [
    ("max", ("values", "indices")),
    ("min", ("values", "indices")),
    ("median", ("values", "indices")),
    ("mode", ("values", "indices")),
    ("sort", ("values", "indices")),
    ("topk", ("values", "indices")),
    ("kthvalue", ("values", "indices")),
    ("cummax", ("values", "indices")),
    ("cummin", ("values", "indices")),
    ("aminmax", ("min", "max")),
]:
    _ns = {"__slots__": (), "_fields": _fields, "__module__": "torch.return_types"}
    for _i, _f in enumerate(_fields):
        _ns[_f] = _field(_i)
    setattr(return_types, _name, type(_name, (_ReturnType,), _ns))
_sys.modules["torch.return_types"] = return_types

_C._install(Size, {k: getattr(return_types, k) for k in dir(return_types) if not k.startswith("_")})


# ---- grad mode -------------------------------------------------------------------------


class _GradMode:
    """A context manager that is also a decorator (`@torch.no_grad()` and `@torch.no_grad`)."""

    _mode = True

    def __new__(cls, func=None):
        self = object.__new__(cls)
        if func is not None and callable(func):
            return self(func)
        return self

    def __init__(self, func=None):
        self._prev = None

    def __enter__(self):
        self._prev = _C._set_grad_enabled(self._mode)
        return None

    def __exit__(self, *exc):
        _C._set_grad_enabled(self._prev)
        return False

    def __call__(self, func):
        cls = type(self)

        def wrapper(*args, **kwargs):
            with cls():
                return func(*args, **kwargs)

        for attr in ("__name__", "__qualname__", "__doc__"):
            try:
                setattr(wrapper, attr, getattr(func, attr))
            except AttributeError:
                pass
        return wrapper


class no_grad(_GradMode):
    _mode = False


class enable_grad(_GradMode):
    _mode = True


class inference_mode(_GradMode):
    _mode = False

    def __new__(cls, mode=True):
        self = object.__new__(cls)
        if callable(mode):
            return self(mode)
        self._mode = not mode
        return self

    def __init__(self, mode=True):
        self._prev = None


class set_grad_enabled:
    """Sets grad mode at once (usable as a function) and restores it on leaving a `with`."""

    def __init__(self, mode):
        self._prev = _C._set_grad_enabled(_builtins.bool(mode))
        self._mode = _builtins.bool(mode)

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        _C._set_grad_enabled(self._prev)
        return False

    def __call__(self, func):
        mode = self._mode
        _C._set_grad_enabled(self._prev)

        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapper


for _cls in (no_grad, enable_grad, inference_mode, set_grad_enabled):
    _cls.__module__ = "torch.autograd.grad_mode"


# ---- devices ---------------------------------------------------------------------------


def _no_driver(*args, **kwargs):
    raise RuntimeError(
        "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and "
        "installed a driver from http://www.nvidia.com/Download/index.aspx"
    )


cuda = _ModuleType("torch.cuda")
cuda.is_available = lambda: _C._cuda_is_available()
cuda.device_count = lambda: _C._cuda_device_count()
cuda.is_initialized = lambda: _C._cuda_is_available()
# Seeding is lazy in PyTorch: it never fails, GPU or not.
cuda.manual_seed = lambda seed: _C._cuda_manual_seed(seed)
cuda.manual_seed_all = lambda seed: _C._cuda_manual_seed(seed)
cuda.initial_seed = lambda: _C._cuda_initial_seed()
cuda.empty_cache = lambda: None
cuda.memory_allocated = lambda device=None: _C._cuda_memory_allocated(device)


def _synchronize(device=None):
    # Without a GPU there is nothing queued; lessons call this on both kinds of machine.
    if _C._cuda_is_available():
        _C._cuda_synchronize(device)


def _current_device():
    if not _C._cuda_is_available():
        _no_driver()
    return 0


class _CudaDeviceProperties:
    def __init__(self, index):
        self.name = _C._cuda_get_device_name(index)
        self.major, self.minor = _C._cuda_get_device_capability(index)
        self.total_memory = _C._cuda_total_memory(index)

    def __repr__(self):
        return "_CudaDeviceProperties(name='%s', major=%d, minor=%d, total_memory=%dMB)" % (
            self.name, self.major, self.minor, self.total_memory // (1024 * 1024))


cuda.synchronize = _synchronize
cuda.current_device = _current_device
cuda.get_device_name = lambda device=None: _C._cuda_get_device_name(device)
cuda.get_device_capability = lambda device=None: _C._cuda_get_device_capability(device)
cuda.get_device_properties = lambda device=None: _CudaDeviceProperties(device)
set_default_device = _C._set_default_device
_sys.modules["torch.cuda"] = cuda

backends = _ModuleType("torch.backends")
backends.mps = _ModuleType("torch.backends.mps")
backends.mps.is_available = lambda: False
backends.mps.is_built = lambda: False
backends.cudnn = _ModuleType("torch.backends.cudnn")
backends.cudnn.is_available = lambda: False
backends.cudnn.deterministic = False
backends.cudnn.benchmark = False
_sys.modules["torch.backends"] = backends

# torch.nn and torch.optim are Python source over the native core, importable as torch.nn.
# (The native core's own unit-test harness loads this file without a package, hence the guard.)
try:
    from torch import nn, optim  # noqa: E402
except ImportError:
    pass

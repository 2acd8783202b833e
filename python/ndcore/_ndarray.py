"""ndarray methods written in Python: printing, flags, NumPy interop, pickling, and the
methods that forward to module functions."""
import functools
import inspect
import pickle
import types

from . import _core
from ._format import array_str

ndarray = _core.ndarray


class flagsobj:
    """The memory-layout flags of an array (NumPy's ndarray.flags)."""

    __slots__ = ("_a",)
    _KEYS = {
        "C_CONTIGUOUS": "c_contiguous", "C": "c_contiguous", "CONTIGUOUS": "c_contiguous",
        "F_CONTIGUOUS": "f_contiguous", "F": "f_contiguous", "FORTRAN": "f_contiguous",
        "WRITEABLE": "writeable", "W": "writeable", "OWNDATA": "owndata", "O": "owndata",
        "ALIGNED": "aligned", "A": "aligned",
    }

    def __init__(self, a):
        self._a = a

    @property
    def c_contiguous(self):
        return self._a._c_contiguous

    @property
    def f_contiguous(self):
        return self._a._f_contiguous

    @property
    def contiguous(self):
        return self._a._c_contiguous

    @property
    def owndata(self):
        return self._a.base is None

    @property
    def aligned(self):
        return self._a._data_ptr % max(self._a.itemsize, 1) == 0

    @property
    def writeable(self):
        return self._a._writeable

    @writeable.setter
    def writeable(self, value):
        self._a._writeable = bool(value)

    def __getitem__(self, key):
        return getattr(self, self._KEYS[key.upper()])

    def __setitem__(self, key, value):
        if self._KEYS.get(key.upper()) != "writeable":
            raise KeyError(f"cannot set flag {key}")
        self.writeable = value

    def __repr__(self):
        names = ["C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE", "ALIGNED"]
        return "\n".join(f"  {n} : {self[n]}" for n in names) + "\n"


def _base(self):
    return self._base


def _iter(self):
    if self.ndim == 0:
        raise TypeError("iteration over a 0-d array")
    for i in range(self.shape[0]):
        yield self[i]


def _format(self, spec):
    if self.ndim == 0:
        return format(self.item(), spec)
    if spec == "":
        return str(self)
    raise TypeError("unsupported format string passed to ndcore.ndarray.__format__")


def _pow(self, other, mod=None):
    if mod is not None:
        return NotImplemented
    return self._pow(other)


def _rpow(self, other, mod=None):
    return self._rpow(other)


def _divmod(self, other):
    return _core.divmod(self, other)


def _rdivmod(self, other):
    return _core.divmod(other, self)


def _contains(self, value):
    return bool((self == value).any())


def _array(self, dtype=None, copy=None):
    """NumPy 2's __array__: a view of this memory unless a dtype change or copy=True."""
    import numpy as np

    a = np.asarray(memoryview(self))
    if dtype is not None and np.dtype(dtype) != a.dtype:
        if copy is False:
            raise ValueError("ndcore: a dtype change needs a copy, but copy=False was given")
        return a.astype(dtype)
    if copy:
        return a.copy()
    return a


def _array_interface(self):
    return {
        "version": 3,
        "shape": self.shape,
        "typestr": self.dtype.str,
        "descr": [("", self.dtype.str)],
        "data": (self._data_ptr, not self._writeable),
        "strides": None if self._c_contiguous else self.strides,
    }


# ---- pickling: protocol 5 hands contiguous data out of band ----


def _reduce_ex(self, protocol):
    order = "F" if self._f_contiguous and not self._c_contiguous else "C"
    if protocol >= 5 and (self._c_contiguous or self._f_contiguous):
        return _rebuild_array, (pickle.PickleBuffer(self), self.dtype.str, self.shape, order)
    return _rebuild_array, (bytearray(self.tobytes(order=order)), self.dtype.str, self.shape, order)


# ---- methods that forward to module functions ----


def _method(fn):
    def method(self, *args, **kwargs):
        return fn(self, *args, **kwargs)

    method.__name__ = fn.__name__
    method.__doc__ = fn.__doc__
    return method


def _sort(self, axis=-1, kind=None, order=None, *, stable=None):
    _core._sort_inplace(self, axis, kind, stable)


def _conj(self):
    from . import conj

    return conj(self)


def _nonzero(self):
    return _core.nonzero(self)


def _compress(self, condition, axis=None, out=None):
    res = _core.compress(condition, self, axis)
    if out is not None:
        out[...] = res
        return out
    return res


def _partition(self, kth, axis=-1, kind="introselect", order=None):
    self[...] = _core.partition(self, kth, axis, kind, order)


def _dump_str(self):
    return array_str(self)


_FORWARDED = [
    "sum", "prod", "mean", "std", "var", "min", "max", "argmin", "argmax", "cumsum", "cumprod",
    "all", "any", "argsort", "clip", "round", "take", "repeat", "searchsorted", "diagonal", "compress",
    "put", "choose", "argpartition", "dot", "trace",
]


def _dtype_call(self, value=0):
    """ndcore.float32(1.5): a 0-d array of that dtype (ndcore's stand-in for NumPy's scalars)."""
    return _core.asarray(value, self)


def _numpy_dtype(self):
    """The NumPy dtype of the same name: lets NumPy take ndcore dtypes (np.zeros(3, nc.int8))."""
    import numpy as np

    return np.dtype(self.str)


def _array_namespace(self, /, *, api_version=None):
    """The Array API namespace of ndcore arrays: the ndcore module itself."""
    if api_version is not None and api_version not in ("2021.12", "2022.12", "2023.12"):
        raise ValueError(f"__array_namespace__: unsupported Array API version {api_version!r} "
                         f"(ndcore implements 2023.12)")
    import ndcore

    return ndcore


def _to_device(self, device, /, *, stream=None):
    """Array API: the array on `device`; ndcore has the host ("cpu") only, so this is the array."""
    if stream is not None:
        raise ValueError("to_device: ndcore has no streams (stream must be None)")
    if device != "cpu":
        raise ValueError(f'to_device: device must be "cpu" (ndcore arrays live in host memory), got {device!r}')
    return self


# ---- NEP 13 / NEP 18: NumPy's ufuncs and functions called on ndcore arrays ----
#
# np.add(a, 1), np.sin(a), np.add.reduce(a), np.sum(a), np.concatenate([a, b]), ... run
# ndcore's ufunc or function of the same name (ndcore.linalg / ndcore.fft for numpy.linalg /
# numpy.fft) and return ndcore arrays. What ndcore lacks (a ufunc such as np.modf, a method
# such as reduceat, keywords such as signature=, a function such as np.interp) runs in
# NumPy on zero-copy NumPy views of the ndcore arrays and returns NumPy's result unchanged:
# code that worked by conversion before keeps working. Objects of other types that define
# these protocols get their turn first (NotImplemented), as the NEPs ask.

_UFUNC_KWARGS = {"__call__": {"out", "where", "dtype", "casting"},
                 "reduce": {"axis", "dtype", "out", "keepdims", "initial", "where"},
                 "accumulate": {"axis", "dtype", "out"},
                 "outer": {"out", "where", "dtype", "casting"},
                 "at": set()}
# NumPy functions that always run in NumPy: they write into or inspect NumPy-side objects
# (copyto into a NumPy array, memory overlap of mixed pairs, file objects).
_NUMPY_ONLY = {"copyto", "shares_memory", "may_share_memory", "save", "savez", "savez_compressed", "savetxt"}


@functools.lru_cache(maxsize=None)
def _numpy_ndarray():
    import numpy as np

    return np.ndarray


def _foreign_protocol(objs, attr):
    """True when an object other than ndcore's and NumPy's arrays and scalars implements `attr`."""
    ours = getattr(ndarray, attr)
    theirs = getattr(_numpy_ndarray(), attr)
    for x in objs:
        t = type(x)
        if t is ndarray or t in (int, float, complex, bool):
            continue
        impl = getattr(t, attr, None)
        if impl is not None and impl is not ours and impl is not theirs:
            return True
    return False


_NDCORE_TYPESTRS = {"b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"}


def _ndcore_takes(objs):
    """False when an argument is an array (NumPy's, or anything with a dtype) of a dtype or
    byte order ndcore does not hold (object, str, datetime, big-endian, longdouble): NumPy
    then runs the call."""
    for x in objs:
        t = type(x)
        if t is ndarray or t in (int, float, complex, bool):
            continue
        if t in (list, tuple):
            if not _ndcore_takes(x):
                return False
            continue
        dt = getattr(x, "dtype", None)
        if dt is not None and not isinstance(dt, _core.dtype) and hasattr(dt, "isnative"):
            if not dt.isnative or dt.str[1:] not in _NDCORE_TYPESTRS:
                return False
    return True


def _to_numpy(x):
    """ndcore arrays (also inside lists and tuples) as zero-copy NumPy views."""
    import numpy as np

    if isinstance(x, ndarray):
        return np.asarray(x)
    if isinstance(x, (list, tuple)):
        conv = [_to_numpy(v) for v in x]
        return type(x)(conv) if isinstance(x, list) else tuple(conv)
    return x


def _numpy_fallback(call, args, kwargs, outs):
    """call(*args, **kwargs) in NumPy with ndcore arrays viewed as NumPy arrays; the ndcore
    `out` arrays (written through their views) are returned as themselves."""
    np_args = [_to_numpy(a) for a in args]
    np_kwargs = {k: _to_numpy(v) for k, v in kwargs.items()}
    res = call(*np_args, **np_kwargs)
    if outs:
        views = np_kwargs.get("out")
        views = views if isinstance(views, tuple) else (views,)
        if isinstance(res, tuple):
            return tuple(o if r is v else r for r, v, o in zip(res, views, outs))
        if len(views) == 1 and res is views[0]:
            return outs[0]
    return res


@functools.lru_cache(maxsize=None)
def _ufunc_aliases():
    from . import _ufunc_table

    return _ufunc_table


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    """NEP 13: numpy ufuncs on ndcore arrays run ndcore's ufunc of the same name."""
    out = kwargs.get("out")
    outs = tuple(out) if isinstance(out, tuple) else (() if out is None else (out,))
    if _foreign_protocol(inputs + outs, "__array_ufunc__"):
        return NotImplemented
    name = ufunc.__name__
    if name in ("matmul", "vecdot") and method == "__call__" and not kwargs and _ndcore_takes(inputs):
        return getattr(_core, name)(*inputs)  # functions in ndcore, ufuncs in NumPy
    nc_uf = _core._ufuncs.get(name) or _ufunc_aliases().get(name)
    supported = _UFUNC_KWARGS.get(method)
    if (nc_uf is None or supported is None or nc_uf.nin != ufunc.nin or not set(kwargs) <= supported
            or len(outs) > 1 or not _ndcore_takes(inputs)):
        return _numpy_fallback(getattr(ufunc, method), inputs, kwargs, outs)
    if outs:
        # ndcore writes into an ndcore view of a NumPy `out` (shared memory) and NumPy's
        # protocol returns the `out` object that was passed. An `out` ndcore cannot view
        # (a byte order or dtype ndcore lacks) leaves the call to NumPy.
        try:
            view = outs[0] if isinstance(outs[0], ndarray) else _core.asarray(outs[0], None, False)
        except (TypeError, ValueError):
            return _numpy_fallback(getattr(ufunc, method), inputs, kwargs, outs)
        if not view._writeable:
            raise ValueError("output array is read-only")
        kwargs["out"] = view if method in ("reduce", "accumulate") else (view,)
    res = nc_uf(*inputs, **kwargs) if method == "__call__" else getattr(nc_uf, method)(*inputs, **kwargs)
    if outs and res is not None:
        return outs[0]
    return res


@functools.lru_cache(maxsize=1024)
def _ndcore_function(func):
    """ndcore's function standing for a NumPy function (numpy.linalg.x -> ndcore.linalg.x)."""
    import importlib

    module = getattr(func, "__module__", None) or ""
    if not (module == "numpy" or module.startswith("numpy.")):
        return None
    name = getattr(func, "__name__", None)
    if name is None or name in _NUMPY_ONLY:
        return None
    sub = module[len("numpy"):]
    if sub and sub not in (".linalg", ".fft"):
        return None
    try:
        mod = importlib.import_module("ndcore" + sub)
    except ImportError:
        return None
    fn = getattr(mod, name, None)
    return fn if callable(fn) and not isinstance(fn, type) else None


@functools.lru_cache(maxsize=None)
def _signature_of(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _accepts(fn, args, kwargs):
    """Whether fn's signature takes this many positional arguments and these keywords
    (cached per combination: binding a signature costs microseconds)."""
    return _binds(fn, len(args), tuple(kwargs))


@functools.lru_cache(maxsize=4096)
def _binds(fn, nargs, keys):
    sig = _signature_of(fn)
    if sig is None:
        return True
    try:
        sig.bind(*range(nargs), **dict.fromkeys(keys))
    except TypeError:
        return False
    return True


def _array_function(self, func, types, args, kwargs):
    """NEP 18: numpy functions on ndcore arrays run ndcore's function of the same name."""
    for t in types:
        if t is not ndarray and not issubclass(t, _numpy_ndarray()):
            return NotImplemented
    fn = _ndcore_function(func)
    if fn is not None and (not _accepts(fn, args, kwargs) or not _ndcore_takes(args)):
        fn = None  # a keyword, argument or dtype ndcore's version does not take: NumPy runs it
    if fn is None:
        out = kwargs.get("out")
        outs = () if out is None else (tuple(out) if isinstance(out, tuple) else (out,))
        return _numpy_fallback(func, args, kwargs, outs)
    out = kwargs.get("out")
    outs = () if out is None else (tuple(out) if isinstance(out, tuple) else (out,))
    view = None
    if out is not None and not isinstance(out, (ndarray, tuple)):
        # A NumPy `out`: ndcore writes into a view of its memory; NumPy runs the call where
        # ndcore cannot view it.
        try:
            view = _core.asarray(out, None, False)
        except (TypeError, ValueError):
            return _numpy_fallback(func, args, kwargs, outs)
        kwargs = dict(kwargs, out=view)
    try:
        res = fn(*args, **kwargs)
    except (TypeError, RuntimeError) as e:
        # A compiled ndcore function has no introspectable signature: pybind11's refusal of
        # the arguments means NumPy's version takes something ndcore's does not.
        msg = str(e)
        if "incompatible function arguments" not in msg and "Unable to cast" not in msg:
            raise
        if view is not None:
            kwargs = dict(kwargs, out=out)
        return _numpy_fallback(func, args, kwargs, outs)
    return out if view is not None and res is view else res


_rebuild_array = None  # ndcore._rebuild_array, set by install() (pickles name that function)


def install():
    global _rebuild_array
    from . import _functions

    _rebuild_array = _functions._rebuild_array
    _core.dtype.__call__ = _dtype_call
    _core.dtype.dtype = property(_numpy_dtype)
    cls = ndarray
    cls.__str__ = _dump_str
    cls.__format__ = _format
    cls.__iter__ = _iter
    cls.__pow__ = _pow
    cls.__rpow__ = _rpow
    cls.__divmod__ = _divmod
    cls.__rdivmod__ = _rdivmod
    cls.__contains__ = _contains
    cls.__array__ = _array
    cls.__array_interface__ = property(_array_interface)
    cls.__reduce_ex__ = _reduce_ex
    cls.__array_priority__ = 0.0
    cls.flags = property(flagsobj)
    cls.base = property(_base)
    cls.sort = _sort
    cls.conj = _conj
    cls.conjugate = _conj
    cls.nonzero = _nonzero
    cls.compress = _compress
    cls.partition = _partition
    cls.data = property(memoryview)
    cls.flat = property(lambda self: self.ravel())
    cls.__array_ufunc__ = _array_ufunc
    cls.__array_function__ = _array_function
    cls.__array_namespace__ = _array_namespace
    cls.device = property(lambda self: "cpu")
    cls.to_device = _to_device
    from . import _functions

    # The module functions take the array first, so Python ones serve as methods directly;
    # compiled ones (not descriptors) get a thin wrapper.
    for name in _FORWARDED:
        fn = getattr(_functions, name)
        setattr(cls, name, fn if isinstance(fn, types.FunctionType) else _method(fn))

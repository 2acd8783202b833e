"""Module functions with NumPy's signatures, over ndcore._core."""
import builtins
import collections
import contextlib
import itertools
import math
import operator
import os
import pickle
import struct

from . import _core
from ._core import (  # noqa: F401  (re-exported)
    allclose, append, argmax, argmin, argwhere, array_equal, ascontiguousarray, asfortranarray, bincount,
    broadcast_shapes, can_cast, choose, column_stack, compress, concatenate, count_nonzero, delete, diff,
    digitize, divmod, dstack, ediff1d, empty, empty_like, extract, eye, flatnonzero, from_dlpack, full,
    full_like, geterr, get_num_threads, hstack, identity, insert, intersect1d, isclose, isin, lexsort,
    nanargmax, nanargmin, nonzero, ones, ones_like, put, put_along_axis, promote_types, repeat, roll,
    set_num_threads, setdiff1d, setxor1d, stack, take, take_along_axis, tile, tril, triu, trim_zeros,
    union1d, vstack, where, zeros, zeros_like,
)
from ._core import cross, inner, kron, matmul, outer, tensordot, vdot, vecdot  # noqa: F401

_NO_VALUE = object()


def _view_of(src, result):
    """Marks `result` as a view of `src` (NumPy's base) when it shares src's memory."""
    if isinstance(src, _core.ndarray) and result._shares_buffer(src):
        result._base = src.base if src.base is not None else src
    return result


# ---- creation ----


def _check_device(device, op):
    """The Array API's `device=`: ndcore has one device, the host ("cpu")."""
    if device is not None and device != "cpu":
        raise ValueError(f'{op}: device must be "cpu" or None (ndcore arrays live in host memory), got {device!r}')


def asarray(a, dtype=None, order=None, *, device=None, copy=None):
    """np.asarray: shares memory with ndarrays and buffer exporters (NumPy arrays too)."""
    _check_device(device, "asarray")
    out = _core.asarray(a, dtype, copy)
    if order in ("F", "f") and not out._f_contiguous:
        if copy is False:
            raise ValueError("Unable to avoid copy while creating an array as requested.")
        out = asfortranarray(out)
    elif order in ("C", "c") and not out._c_contiguous:
        if copy is False:
            raise ValueError("Unable to avoid copy while creating an array as requested.")
        out = _core.ascontiguousarray(out) if out.ndim else out.copy()
    return out


asanyarray = asarray


def array(obj, dtype=None, *, copy=True, order="K", ndmin=0):
    """np.array: a new array (copy=True, the default) or a view when copy allows it."""
    if copy is True:
        out = _core.asarray(obj, dtype, None)
        # A list or scalar was converted into new memory already; anything else is copied.
        if out is obj or out.base is not None:
            out = out.copy(order="K" if order in (None, "K", "A") else order)
        elif order in ("F", "f") and not out._f_contiguous:
            out = asfortranarray(out)
    else:
        out = asarray(obj, dtype, order=None if order in ("K", "A") else order,
                      copy=None if copy is None else False)
    if ndmin > out.ndim:
        out = out.reshape((1,) * (ndmin - out.ndim) + out.shape)
    return out


def copy(a, order="K"):
    return asarray(a).copy(order=order)


def arange(start, stop=None, step=None, *, dtype=None, device=None):
    _check_device(device, "arange")
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    if step == 0:
        raise ValueError("Maximum allowed size exceeded")
    ints = builtins.all(isinstance(v, int) or (isinstance(v, _core.ndarray) and v.dtype.kind in "iub")
               for v in (start, stop, step))
    if ints:
        return _core._arange_int(int(start), int(stop), int(step), dtype)
    return _core._arange_float(float(start), float(stop), float(step), dtype)


def _is_real_scalar(v):
    if isinstance(v, _core.ndarray):
        return v.ndim == 0 and v.dtype.kind in "biuf"
    return isinstance(v, (int, float))  # bool is an int


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None):
    """np.linspace: scalar or array (broadcast) bounds, real or complex; samples along `axis`."""
    _check_device(device, "linspace")
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    if _is_real_scalar(start) and _is_real_scalar(stop):
        samples, step = _core._linspace(float(start), float(stop), num, bool(endpoint), dtype)
        if axis not in (0, -1):
            raise _core.AxisError(f"axis {axis} is out of bounds for array of dimension 1")
        return (samples, step) if retstep else samples
    start, stop = asarray(start), asarray(stop)
    dt = result_type(start, stop, float(num))
    div = num - 1 if endpoint else num
    start, stop = start.astype(dt), stop.astype(dt)
    delta = stop - start
    y = _core._arange_int(0, num, 1, None).astype(dt).reshape((-1,) + (1,) * delta.ndim)
    if div > 0:
        step = delta / div
        if bool(any(step == 0)):
            # A step that underflows to zero: scale by the span instead (NumPy does the same).
            y = y / div * delta
        else:
            y = y * step
    else:
        step = _core.full(delta.shape, float("nan"), dt) if delta.ndim else float("nan")
        y = y * delta
    y = y + start
    if endpoint and num > 1:
        y[-1, ...] = stop
    if axis != 0:
        y = moveaxis(y, 0, axis)
    if dtype is not None:
        out_dt = _core.dtype(dtype)
        if out_dt.kind in "iu":
            y = _core._ufuncs["floor"](y)
        y = y.astype(out_dt)
    return (y, step) if retstep else y


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """np.logspace: base ** linspace(start, stop), scalar or array bounds and base."""
    if _is_real_scalar(start) and _is_real_scalar(stop) and isinstance(base, (int, float)) and axis in (0, -1):
        return _core._logspace(float(start), float(stop), int(num), bool(endpoint), float(base), dtype)
    y = linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    base = asarray(base)
    if base.ndim:
        # base broadcasts against the bounds and gains the samples axis, as in NumPy.
        base = expand_dims(base, axis)
    out = _core._ufuncs["power"](base, y)
    return out if dtype is None else out.astype(dtype, copy=False)


def frombuffer(buffer, dtype=float, count=-1, offset=0):
    """A 1-D array viewing `buffer`'s bytes (shared, read-only when the buffer is)."""
    dt = _core.dtype(dtype)
    raw = memoryview(buffer).cast("B")
    if offset < 0 or offset > len(raw):
        raise ValueError("offset must be non-negative and no greater than buffer length")
    raw = raw[offset:]
    if count < 0:
        if len(raw) % dt.itemsize:
            raise ValueError("buffer size must be a multiple of element size")
        count = len(raw) // dt.itemsize
    elif count * dt.itemsize > len(raw):
        raise ValueError("buffer is smaller than requested size")
    raw = raw[: count * dt.itemsize]
    out = _core._from_buffer(raw).view(dt)
    out._base = buffer
    return out


def fromiter(iterable, dtype, count=-1):
    items = list(iterable if count < 0 else itertools.islice(iterable, count))
    if 0 <= count != len(items):
        raise ValueError(f"iterator too short: Expected {count} but iterator had only {len(items)} items.")
    if not items:
        return empty((0,), dtype)
    return asarray(items, dtype)


# ---- reductions ----


def _reduction(name):
    def f(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
        init = None if initial is _NO_VALUE else initial
        return _core._reduce(name, a, axis, dtype, out, keepdims, init, where)

    f.__name__ = name
    return f


def _minmax(name):
    def f(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
        init = None if initial is _NO_VALUE else initial
        return _core._reduce(name, a, axis, None, out, keepdims, init, where)

    f.__name__ = name
    return f


def _moment(name):
    def f(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=None, correction=None):
        if mean is not None:
            raise TypeError(f"ndcore.{name} does not take mean=")
        if correction is not None:
            ddof = correction
        return _core._reduce(name, a, axis, dtype, out, keepdims, None, where, int(ddof))

    f.__name__ = name
    return f


sum = _reduction("sum")  # noqa: A001
prod = _reduction("prod")
nansum = _reduction("nansum")
nanprod = _reduction("nanprod")
min = amin = _minmax("min")  # noqa: A001
max = amax = _minmax("max")  # noqa: A001
nanmin = _minmax("nanmin")
nanmax = _minmax("nanmax")
var = _moment("var")
std = _moment("std")
nanvar = _moment("nanvar")
nanstd = _moment("nanstd")


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    return _core._reduce("mean", a, axis, dtype, out, keepdims, None, where)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    return _core._reduce("nanmean", a, axis, dtype, out, keepdims, None, where)


def ptp(a, axis=None, out=None, keepdims=False):
    return _core._reduce("ptp", a, axis, None, out, keepdims)


def all(a, axis=None, out=None, keepdims=False, *, where=True):  # noqa: A001
    return _core._reduce("alltrue", a, axis, None, out, keepdims, None, where)


def any(a, axis=None, out=None, keepdims=False, *, where=True):  # noqa: A001
    return _core._reduce("any", a, axis, None, out, keepdims, None, where)


def cumsum(a, axis=None, dtype=None, out=None):
    return _core.cumsum(a, axis, dtype, out)


def cumprod(a, axis=None, dtype=None, out=None):
    return _core.cumprod(a, axis, dtype, out)


def nancumsum(a, axis=None, dtype=None, out=None):
    a = asarray(a)
    if a.dtype.kind in "fc":
        a = where(_core._ufuncs["isnan"](a), 0, a)
    return _core.cumsum(a, axis, dtype, out)


def nancumprod(a, axis=None, dtype=None, out=None):
    a = asarray(a)
    if a.dtype.kind in "fc":
        a = where(_core._ufuncs["isnan"](a), 1, a)
    return _core.cumprod(a, axis, dtype, out)


def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    a = asarray(a)
    if weights is None:
        avg = mean(a, axis=axis, keepdims=keepdims)
        scl = asarray(a.size / builtins.max(avg.size, 1) if a.size else 0.0)
    else:
        w = asarray(weights)
        if w.shape != a.shape:
            if axis is None or w.ndim != 1:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            shape = [1] * a.ndim
            shape[axis % a.ndim] = w.shape[0]
            w = w.reshape(tuple(shape))
        scl = sum(w * ones_like(a), axis=axis, keepdims=keepdims)
        avg = sum(a * w, axis=axis, keepdims=keepdims) / scl
    return (avg, scl) if returned else avg


# ---- shape ----


def reshape(a, shape=None, order="C", *, newshape=None, copy=None):
    if shape is None:
        shape = newshape
    out = _view_of(a, _core._reshape(a, shape, order))
    if copy:
        out = out.copy()
    elif copy is False and out.base is None and isinstance(a, _core.ndarray):
        raise ValueError("Unable to avoid creating a copy while reshaping.")
    return out


def ravel(a, order="C"):
    return _view_of(a, _core._ravel(a, order))


def transpose(a, axes=None):
    return _view_of(a, _core._transpose(a, axes))


def permute_dims(a, axes=None):
    return transpose(a, axes)


def matrix_transpose(x):
    return asarray(x).mT


def moveaxis(a, source, destination):
    return _view_of(a, _core._moveaxis(a, source, destination))


def swapaxes(a, axis1, axis2):
    return _view_of(a, _core._swapaxes(a, axis1, axis2))


def squeeze(a, axis=None):
    return _view_of(a, _core._squeeze(a, axis))


def expand_dims(a, axis):
    return _view_of(a, _core._expand_dims(a, axis))


def broadcast_to(array, shape):
    return _view_of(array, _core._broadcast_to(array, shape))


def broadcast_arrays(*args):
    return tuple(_view_of(a, r) for a, r in zip(args, _core._broadcast_arrays(*args)))


def diagonal(a, offset=0, axis1=0, axis2=1):
    return _view_of(a, _core._diagonal(a, offset, axis1, axis2))


def dot(a, b, out=None):
    """np.dot (matrix products through nd's BLAS-backed kernels)."""
    res = _core._dot(a, b)
    if out is not None:
        out[...] = res
        return out
    return res


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    return sum(diagonal(a, offset, axis1, axis2), axis=-1, dtype=dtype, out=out)


def atleast_1d(*arys):
    res = [_view_of(a, _core._atleast(a, 1)) for a in arys]
    return res[0] if len(res) == 1 else tuple(res)


def atleast_2d(*arys):
    res = [_view_of(a, _core._atleast(a, 2)) for a in arys]
    return res[0] if len(res) == 1 else tuple(res)


def atleast_3d(*arys):
    res = [_view_of(a, _core._atleast(a, 3)) for a in arys]
    return res[0] if len(res) == 1 else tuple(res)


def split(ary, indices_or_sections, axis=0):
    return [_view_of(ary, r) for r in _core._split(ary, indices_or_sections, axis, True)]


def array_split(ary, indices_or_sections, axis=0):
    return [_view_of(ary, r) for r in _core._split(ary, indices_or_sections, axis, False)]


def hsplit(ary, indices_or_sections):
    a = asarray(ary)
    if a.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(a, indices_or_sections, 1 if a.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    a = asarray(ary)
    if a.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(a, indices_or_sections, 0)


def flip(m, axis=None):
    return _view_of(m, _core._flip(m, axis))


def fliplr(m):
    return _view_of(m, _core._fliplr(m))


def flipud(m):
    return _view_of(m, _core._flipud(m))


def rot90(m, k=1, axes=(0, 1)):
    return _view_of(m, _core._rot90(m, k, axes))


def pad(array, pad_width, mode="constant", *, constant_values=0):
    return _core._pad(array, pad_width, mode, constant_values)


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    return tuple(_core._meshgrid(xi, indexing, sparse, copy))


def ndim(a):
    return asarray(a).ndim


def shape(a):
    return asarray(a).shape


def size(a, axis=None):
    a = asarray(a)
    return a.size if axis is None else a.shape[axis]


def result_type(*arrays_and_dtypes):
    return _core._result_type(*arrays_and_dtypes)


def clip(a, a_min=_NO_VALUE, a_max=_NO_VALUE, out=None, *, min=_NO_VALUE, max=_NO_VALUE):  # noqa: A002
    lo = min if a_min is _NO_VALUE else a_min
    hi = max if a_max is _NO_VALUE else a_max
    lo = None if lo is _NO_VALUE else lo
    hi = None if hi is _NO_VALUE else hi
    a = asarray(a)
    if lo is None and hi is None:
        res = a.copy()
    elif lo is None:
        res = _core._ufuncs["minimum"](a, hi)
    elif hi is None:
        res = _core._ufuncs["maximum"](a, lo)
    else:
        res = _core._clip(a, lo, hi)
    if out is not None:
        out[...] = res
        return out
    return res


def round(a, decimals=0, out=None):  # noqa: A001
    return _core.round(a, decimals, out)


around = round


def conj(x):
    return _core._ufuncs["conj"](x)


def real(val):
    return asarray(val).real


def imag(val):
    return asarray(val).imag


def iscomplexobj(x):
    return asarray(x).dtype.kind == "c"


def isrealobj(x):
    return not iscomplexobj(x)


def isscalar(element):
    return isinstance(element, (int, float, complex, builtins.bool))


def may_share_memory(a, b, max_work=None):
    return isinstance(a, _core.ndarray) and isinstance(b, _core.ndarray) and a._shares_buffer(b)


def shares_memory(a, b, max_work=None):
    if not may_share_memory(a, b):
        return False
    # Exact overlap of the byte ranges the two arrays reach.
    def extent(x):
        lo = hi = x._data_ptr
        for n, s in zip(x.shape, x.strides):
            if n == 0:
                return (0, 0)
            if s > 0:
                hi += (n - 1) * s
            else:
                lo += (n - 1) * s
        return (lo, hi + x.itemsize)

    (alo, ahi), (blo, bhi) = extent(a), extent(b)
    return alo < bhi and blo < ahi


# ---- sorting, searching, sets ----


def _flat_if_none(a, axis):
    """axis=None sorts the flattened array, as NumPy does."""
    a = asarray(a)
    return (a.reshape(-1), -1) if axis is None else (a, axis)


def sort(a, axis=-1, kind=None, order=None, *, stable=None, descending=False):
    """np.sort; `descending=True` (the Array API's keyword) keeps equal elements in input order."""
    if not descending:
        return _core.sort(a, axis, kind, order, stable)
    a, axis = _flat_if_none(a, axis)
    # Sorting the reversed array and reversing the result gives a descending order whose
    # ties keep their original order when the ascending sort is stable.
    return flip(_core.sort(flip(a, axis), axis, kind, order, stable), axis)


def argsort(a, axis=-1, kind=None, order=None, *, stable=None, descending=False):
    """np.argsort; `descending=True` (the Array API's keyword) keeps tied indices in input order."""
    if not descending:
        return _core.argsort(a, axis, kind, order, stable)
    a, axis = _flat_if_none(a, axis)
    n = a.shape[axis] if a.ndim else 1
    idx = flip(_core.argsort(flip(a, axis), axis, kind, order, stable), axis)
    return (n - 1) - idx


def partition(a, kth, axis=-1, kind="introselect", order=None):
    return _core.partition(a, kth, axis, kind, order)


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    return _core.argpartition(a, kth, axis, kind, order)


def searchsorted(a, v, side="left", sorter=None):
    return _core.searchsorted(a, v, side, sorter)


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, equal_nan=True,
           sorted=True):  # noqa: A002
    """np.unique; with an axis, the distinct sub-arrays along it in lexicographic order (the
    inverse is then 1-D, as NumPy 2.x gives it). `sorted=False` still sorts (NumPy allows it)."""
    if axis is not None:
        axis = operator.index(axis)
    values, index, inverse, counts = _core._unique(ar, return_index, return_inverse, return_counts, equal_nan, axis)
    extra = [x for flag, x in ((return_index, index), (return_inverse, inverse), (return_counts, counts)) if flag]
    return (values, *extra) if extra else values


UniqueAllResult = collections.namedtuple("UniqueAllResult", ["values", "indices", "inverse_indices", "counts"])
UniqueCountsResult = collections.namedtuple("UniqueCountsResult", ["values", "counts"])
UniqueInverseResult = collections.namedtuple("UniqueInverseResult", ["values", "inverse_indices"])


def unique_values(x):
    """The distinct values of x, flattened and sorted (NaNs are all kept, as NumPy 2 does)."""
    return unique(x, equal_nan=False)


def unique_counts(x):
    values, counts = unique(x, return_counts=True, equal_nan=False)
    return UniqueCountsResult(values, counts)


def unique_inverse(x):
    """values and, for every element of x (in x's shape), the index of its value."""
    x = asarray(x)
    values, inverse = unique(x, return_inverse=True, equal_nan=False)
    return UniqueInverseResult(values, inverse.reshape(x.shape))


def unique_all(x):
    x = asarray(x)
    values, index, inverse, counts = unique(x, return_index=True, return_inverse=True, return_counts=True,
                                            equal_nan=False)
    return UniqueAllResult(values, index, inverse.reshape(x.shape), counts)


# ---- .npy and .npz files ----


def save(file, arr, allow_pickle=False):
    path = os.fspath(file)
    if not path.endswith(".npy"):
        path += ".npy"
    _core._save(path, arr)


def _savez(file, args, kwds, compress):
    from . import _npz

    path = os.fspath(file)
    if not path.endswith(".npz"):
        path += ".npz"
    _core._savez(path, _npz.savez_items(args, kwds), compress)


def savez(file, *args, allow_pickle=True, **kwds):
    """numpy.savez: an uncompressed .npz; positional arrays are named arr_0, arr_1, ..."""
    _savez(file, args, kwds, False)


def savez_compressed(file, *args, allow_pickle=True, **kwds):
    """numpy.savez_compressed: an .npz with deflated members."""
    _savez(file, args, kwds, True)


def load(file, mmap_mode=None, allow_pickle=False):
    """numpy.load for paths: an ndarray for .npy (mapped with mmap_mode 'r', 'c' or 'r+'),
    an NpzFile for .npz (mmap_mode is ignored for archives, as NumPy does)."""
    from . import _npz

    out = _core._load_any(os.fspath(file), mmap_mode)
    if isinstance(out, _core._NpzArchive):
        return _npz.NpzFile(out)
    return out


# ---- errors and machine limits ----


@contextlib.contextmanager
def errstate(**kwargs):
    """Like np.errstate; 'raise' raises FloatingPointError, every other mode ignores."""
    old = geterr()
    new = dict(old)
    if "all" in kwargs:
        new = {k: kwargs["all"] for k in new}
    new.update({k: v for k, v in kwargs.items() if k != "all"})
    _core._seterr(new["divide"], new["over"], new["under"], new["invalid"])
    try:
        yield
    finally:
        _core._seterr(old["divide"], old["over"], old["under"], old["invalid"])


def seterr(all=None, divide=None, over=None, under=None, invalid=None):  # noqa: A002
    old = geterr()
    new = dict(old)
    if all is not None:
        new = {k: all for k in new}
    for k, v in (("divide", divide), ("over", over), ("under", under), ("invalid", invalid)):
        if v is not None:
            new[k] = v
    _core._seterr(new["divide"], new["over"], new["under"], new["invalid"])
    return old


class iinfo:
    """Machine limits for integer dtypes (Python ints, where NumPy gives NumPy scalars)."""

    def __init__(self, int_type):
        dt = int_type.dtype if isinstance(int_type, _core.ndarray) else _core.dtype(int_type)
        if dt.kind not in "iu":
            raise ValueError(f"Invalid integer data type {dt.kind!r}.")
        self.dtype = dt
        self.kind = dt.kind
        self.bits = dt.itemsize * 8
        if dt.kind == "i":
            self.min, self.max = -(1 << (self.bits - 1)), (1 << (self.bits - 1)) - 1
        else:
            self.min, self.max = 0, (1 << self.bits) - 1

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype.name})"


class finfo:
    """Machine limits for floating dtypes (values as Python floats)."""

    _PARAMS = {  # bits, mantissa bits, min exponent, max exponent, decimal precision
        2: (16, 10, -14, 15, 3),
        4: (32, 23, -126, 127, 6),
        8: (64, 52, -1022, 1023, 15),
    }

    def __init__(self, dtype):
        dt = dtype.dtype if isinstance(dtype, _core.ndarray) else _core.dtype(dtype)
        if dt.kind == "c":
            dt = _core.dtype("f%d" % (dt.itemsize // 2))
        if dt.kind != "f":
            raise ValueError(f"data type {dt!r} not inexact")
        bits, nmant, minexp, maxexp, precision = self._PARAMS[dt.itemsize]
        fmt = {2: "e", 4: "f", 8: "d"}[dt.itemsize]
        rnd = lambda v: struct.unpack(fmt, struct.pack(fmt, v))[0]  # noqa: E731
        self.dtype = dt
        self.bits = bits
        self.nmant = nmant
        self.minexp, self.maxexp = minexp, maxexp + 1
        self.precision = precision
        self.resolution = rnd(10.0 ** -precision)
        self.eps = math.ldexp(1.0, -nmant)
        self.epsneg = math.ldexp(1.0, -nmant - 1)
        self.max = rnd(math.ldexp(2.0 - math.ldexp(1.0, -nmant), maxexp))
        self.min = -self.max
        self.tiny = self.smallest_normal = math.ldexp(1.0, minexp)
        self.smallest_subnormal = math.ldexp(1.0, minexp - nmant)

    def __repr__(self):
        return (f"finfo(resolution={self.resolution}, min={self.min:.6e}, max={self.max:.6e}, "
                f"dtype={self.dtype.name})")


def _rebuild_array(buf, dtype, shape, order):
    """Unpickles an ndcore array (the callable that pickles of arrays name)."""
    return _core._rebuild(pickle.PickleBuffer(buf).raw(), dtype, shape, order)


__all__ = [n for n in list(globals()) if not n.startswith("_") and n not in (
    "builtins", "collections", "contextlib", "itertools", "math", "operator", "os", "pickle", "struct")] + ["_rebuild_array"]

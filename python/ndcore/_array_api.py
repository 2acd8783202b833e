"""The Array API standard (2023.12) pieces that NumPy's own names do not already cover.

ndcore is its own Array API namespace, as NumPy 2 is: ``x.__array_namespace__()`` returns
the ``ndcore`` module. Everything the standard lists that NumPy spells the same way lives in
the other modules; this one adds the standard's extra names and the inspection object.
"""
from . import _core
from ._functions import _check_device, asarray, concatenate, cumprod, cumsum, moveaxis, zeros

__array_api_version__ = "2023.12"

_KIND_TESTS = {
    "bool": lambda dt: dt.kind == "b",
    "signed integer": lambda dt: dt.kind == "i",
    "unsigned integer": lambda dt: dt.kind == "u",
    "integral": lambda dt: dt.kind in "iu",
    "real floating": lambda dt: dt.kind == "f",
    "complex floating": lambda dt: dt.kind == "c",
    "numeric": lambda dt: dt.kind in "iufc",
}


def isdtype(dtype, kind):
    """Whether `dtype` is of `kind`: a dtype, one of the standard's kind names, or a tuple of them."""
    if not isinstance(dtype, _core.dtype):
        raise TypeError(f"isdtype: dtype argument must be an ndcore dtype, got {type(dtype).__name__}")
    if isinstance(kind, tuple):
        return any(isdtype(dtype, k) for k in kind)
    if isinstance(kind, str):
        if kind not in _KIND_TESTS:
            raise ValueError(f"isdtype: kind argument must be a dtype, a tuple of kinds, or one of "
                             f"{sorted(_KIND_TESTS)}; got {kind!r}")
        return _KIND_TESTS[kind](dtype)
    if isinstance(kind, _core.dtype):
        return dtype == kind
    raise TypeError(f"isdtype: kind argument must be a dtype, a string or a tuple, got {type(kind).__name__}")


def astype(x, dtype, /, *, copy=True, device=None):
    """x as `dtype`; with copy=False, x itself when it already has that dtype."""
    _check_device(device, "astype")
    x = asarray(x)
    return x.astype(dtype, copy=bool(copy))


def concat(arrays, /, *, axis=0):
    """Joins arrays along an existing axis (axis=None joins them flattened)."""
    return concatenate(list(arrays), axis=axis)


def unstack(x, /, *, axis=0):
    """The views x[..., i, ...] along `axis`, as a tuple."""
    x = asarray(x)
    if x.ndim == 0:
        raise ValueError("unstack: input must be at least 1-dimensional, got a 0-d array")
    moved = moveaxis(x, axis, 0)
    return tuple(moved[i] for i in range(moved.shape[0]))


def _cumulative(name, scan, x, axis, dtype, include_initial, initial):
    x = asarray(x)
    if axis is None:
        if x.ndim > 1:
            raise ValueError(f"{name}: axis must be given for an input with more than one dimension "
                             f"(got shape {x.shape})")
        axis = 0
    if x.ndim == 0:
        raise ValueError(f"{name}: input must be at least 1-dimensional, got a 0-d array")
    out = scan(x, axis=axis, dtype=dtype)
    if include_initial:
        ax = axis + x.ndim if axis < 0 else axis
        shape = out.shape[:ax] + (1,) + out.shape[ax + 1:]
        out = concatenate([zeros(shape, dtype=out.dtype) + initial, out], axis=ax)
    return out


def cumulative_sum(x, /, *, axis=None, dtype=None, include_initial=False):
    """Running sums along `axis`; include_initial puts the empty sum (0) first."""
    return _cumulative("cumulative_sum", cumsum, x, axis, dtype, include_initial, 0)


def cumulative_prod(x, /, *, axis=None, dtype=None, include_initial=False):
    """Running products along `axis`; include_initial puts the empty product (1) first."""
    return _cumulative("cumulative_prod", cumprod, x, axis, dtype, include_initial, 1)


class _ArrayNamespaceInfo:
    """What `ndcore.__array_namespace_info__()` returns: the library's capabilities, devices and dtypes."""

    __module__ = "ndcore"

    def capabilities(self):
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": 64}

    def default_device(self):
        return "cpu"

    def devices(self):
        return ["cpu"]

    def default_dtypes(self, *, device=None):
        _check_device(device, "default_dtypes")
        return {
            "real floating": _core.dtype("float64"),
            "complex floating": _core.dtype("complex128"),
            "integral": _core.dtype("int64"),
            "indexing": _core.dtype("int64"),
        }

    def dtypes(self, *, device=None, kind=None):
        _check_device(device, "dtypes")
        names = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                 "float32", "float64", "complex64", "complex128"]
        table = {n: _core.dtype(n) for n in names}
        if kind is None:
            return table
        return {n: dt for n, dt in table.items() if isdtype(dt, kind)}


def __array_namespace_info__():
    return _ArrayNamespaceInfo()


__all__ = ["isdtype", "astype", "concat", "unstack", "cumulative_sum", "cumulative_prod",
           "__array_namespace_info__", "__array_api_version__"]

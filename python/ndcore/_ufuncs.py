"""Ufunc objects and their reduce / accumulate / outer methods."""
import operator

from . import _core


def _normalize_axes(axis, ndim, repeated="repeated axis"):
    """An int or a tuple/list of ints as a tuple of axes in [0, ndim): AxisError when out of
    bounds, ValueError(`repeated`) for an axis given twice (NumPy's text differs by caller)."""
    out = []
    for ax in axis if isinstance(axis, (tuple, list)) else (axis,):
        ax = operator.index(ax)
        if not -ndim <= ax < ndim:
            raise _core.AxisError(f"axis {ax} is out of bounds for array of dimension {ndim}")
        ax %= ndim
        if ax in out:
            raise ValueError(repeated)
        out.append(ax)
    return tuple(out)

# Reductions the C++ library runs directly (fixed summation tree, threads).
_REDUCE = {
    "add": "sum",
    "multiply": "prod",
    "maximum": "max",
    "minimum": "min",
    "logical_and": "alltrue",
    "logical_or": "any",
}
# Ufuncs NumPy reduces over several axes at once (reorderable: commutative and associative).
_REORDERABLE = {
    "add", "multiply", "maximum", "minimum", "fmax", "fmin", "hypot", "logaddexp", "logaddexp2", "logical_and",
    "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor",
}
_ACCUMULATE = {"add": _core.cumsum, "multiply": _core.cumprod}

_ALIASES = {
    "abs": "absolute",
    "mod": "remainder",
    "true_divide": "divide",
    "conjugate": "conj",
    "bitwise_not": "invert",
    "bitwise_invert": "invert",
    "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift",
    "pow": "power",
    "acos": "arccos",
    "asin": "arcsin",
    "atan": "arctan",
    "acosh": "arccosh",
    "asinh": "arcsinh",
    "atanh": "arctanh",
    "atan2": "arctan2",
    "degrees": "rad2deg",
    "radians": "deg2rad",
}

_NO_VALUE = object()


def _check_binary(uf, method):
    if uf.nin != 2:
        raise ValueError(f"{method} only supported for binary functions")


def _reduce(self, array, axis=0, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    _check_binary(self, "reduce")
    a = _core.asarray(array)
    name = _REDUCE.get(self.__name__)
    if name is not None and (initial is _NO_VALUE or isinstance(initial, (int, float))):
        init = None if initial is _NO_VALUE else initial
        return _core._reduce(name, a, axis, dtype, out, keepdims, init, where)
    # Any other binary ufunc: a sequential reduction ((a0 op a1) op a2) ... over one axis, or
    # over several axes merged into one for the ufuncs NumPy lets reduce in any order.
    from . import moveaxis

    if where is not True:
        raise TypeError(f"ndcore: {self.__name__}.reduce supports where=True only")
    nd = a.ndim
    if axis is None:
        axes = tuple(range(nd))
    else:
        axes = _normalize_axes(axis, nd, "duplicate value in 'axis'")
    if len(axes) > 1 and self.__name__ not in _REORDERABLE:
        raise ValueError(f"reduction operation '{self.__name__}' is not reorderable, so at most one axis may be "
                         f"specified")
    res_dtype = dtype if dtype is not None else a.dtype
    if not axes:
        acc = a.astype(res_dtype)  # a reduction over no axes is a copy
    else:
        keep = [i for i in range(nd) if i not in axes]
        moved = moveaxis(a, list(axes), list(range(len(axes))))
        moved = moved.reshape((-1,) + tuple(a.shape[i] for i in keep))
        n = moved.shape[0]
        if initial is not _NO_VALUE:
            acc = _core.full(moved.shape[1:], initial, res_dtype)
            start = 0
        elif n == 0:
            if self.identity is None:
                raise ValueError(f"zero-size array to reduction operation {self.__name__} which has no identity")
            acc = _core.full(moved.shape[1:], self.identity, res_dtype)
            start = 0
        else:
            acc = moved[0].astype(res_dtype)
            start = 1
        for i in range(start, n):
            acc = self(acc, moved[i], dtype=dtype)
    if keepdims:
        acc = acc.reshape(tuple(1 if i in axes else a.shape[i] for i in range(nd)))
    if out is not None:
        out[...] = acc
        return out
    return acc


def _accumulate(self, array, axis=0, dtype=None, out=None):
    _check_binary(self, "accumulate")
    a = _core.asarray(array)
    fn = _ACCUMULATE.get(self.__name__)
    if fn is not None:
        if a.ndim == 0:
            raise ValueError("accumulate does not support 0-d arrays")
        return fn(a, axis, dtype, out)
    from . import empty, moveaxis

    if a.ndim == 0:
        raise ValueError("accumulate does not support 0-d arrays")
    moved = moveaxis(a, axis, 0)
    n = moved.shape[0]
    first = moved[0].astype(dtype) if dtype is not None else moved[0]
    res_dtype = self(first, first).dtype if n else (dtype or a.dtype)
    result = empty(moved.shape, res_dtype)
    if n:
        result[0] = first
        for i in range(1, n):
            result[i] = self(result[i - 1], moved[i], dtype=dtype)
    result = moveaxis(result, 0, axis)
    if out is not None:
        out[...] = result
        return out
    return result


def _outer(self, a, b, **kwargs):
    _check_binary(self, "outer")
    a = _core.asarray(a)
    b = _core.asarray(b)
    return self(a.reshape(a.shape + (1,) * b.ndim), b, **kwargs)


def _at(self, a, indices, b=None):
    """Unbuffered in-place a[indices] = op(a[indices], b): repeated positions apply repeatedly
    (a sequential loop). `indices` is anything a[indices] takes (ints, slices, integer or
    boolean arrays, tuples of them); `b` broadcasts against a[indices]."""
    from . import arange, asarray, broadcast_to

    if not isinstance(a, _core.ndarray):
        raise TypeError("ufunc.at: the first argument must be an ndcore array")
    if (self.nin == 2) != (b is not None):
        raise ValueError("second operand needed for ufunc" if self.nin == 2 else
                         "second operand provided when ufunc is unary")
    # The flat C-order positions a[indices] selects, in NumPy's order of the selection.
    sel = arange(a.size).reshape(a.shape)[indices]
    sel = asarray(sel)
    pos = sel.reshape(-1)
    shape = a.shape
    strides = []
    acc = 1
    for d in reversed(shape):
        strides.append(acc)
        acc *= d
    strides.reverse()

    def where_of(p):
        return tuple((p // s) % d for s, d in zip(strides, shape))

    if self.nin == 2:
        vals = broadcast_to(asarray(b), sel.shape).reshape(-1)
        for k in range(pos.size):
            i = where_of(int(pos[k]))
            a[i] = self(a[i], vals[k])
    else:
        for k in range(pos.size):
            i = where_of(int(pos[k]))
            a[i] = self(a[i])


def install(namespace):
    cls = _core.ufunc
    cls.reduce = _reduce
    cls.accumulate = _accumulate
    cls.outer = _outer
    cls.at = _at
    cls.identity = property(
        lambda self: {"add": 0, "multiply": 1, "logical_and": True, "logical_or": False,
                      "bitwise_or": 0, "bitwise_xor": 0, "logical_xor": False}.get(self.__name__)
    )
    table = dict(_core._ufuncs)
    for name, uf in table.items():
        namespace[name] = uf
    for alias, target in _ALIASES.items():
        namespace[alias] = table[target]
        table[alias] = table[target]
    return table

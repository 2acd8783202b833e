"""NumPy functions built in Python on top of the C++ kernels: triangle and index helpers,
copyto/select, NaN/inf helpers, resize."""
import itertools
import math

from . import _core
from ._functions import (
    arange, asarray, broadcast_to, can_cast, concatenate, diagonal, full, mean, nonzero, reshape,
    result_type, sort, stack, take, where, zeros,
)

_uf = _core._ufuncs

__all__ = [
    "diag", "diagflat", "tri", "tril_indices", "triu_indices", "indices", "unravel_index", "ravel_multi_index",
    "copyto", "select", "nan_to_num", "isposinf", "isneginf", "isreal", "iscomplex", "angle", "array_repr",
    "array_str", "array_equiv", "resize", "ndindex", "ndenumerate",
]


def diag(v, k=0):
    v = asarray(v)
    if v.ndim == 1:
        n = v.shape[0] + abs(k)
        res = zeros((n, n), v.dtype)
        i = arange(v.shape[0])
        res[i + max(-k, 0), i + max(k, 0)] = v
        return res
    if v.ndim == 2:
        return diagonal(v, k)
    raise ValueError("Input must be 1- or 2-d.")


def diagflat(v, k=0):
    return diag(asarray(v).ravel(), k)


def tri(N, M=None, k=0, dtype=float):
    if M is None:
        M = N
    return _uf["greater_equal"].outer(arange(N), arange(-k, M - k)).astype(dtype)


def tril_indices(n, k=0, m=None):
    return nonzero(tri(n, m, k, dtype=bool))


def triu_indices(n, k=0, m=None):
    return nonzero(_uf["logical_not"](tri(n, m, k - 1, dtype=bool)))


def indices(dimensions, dtype=int, sparse=False):
    dimensions = tuple(dimensions)
    nd = len(dimensions)
    parts = []
    for i, d in enumerate(dimensions):
        shape = (1,) * i + (d,) + (1,) * (nd - i - 1)
        parts.append(arange(d, dtype=dtype).reshape(shape))
    if sparse:
        return tuple(parts)
    if not parts:
        return zeros((0,), dtype)
    return stack([broadcast_to(p, dimensions) for p in parts])


def _shape_strides(dims, order):
    dims = tuple(int(d) for d in dims)
    strides, acc = [0] * len(dims), 1
    axes = range(len(dims) - 1, -1, -1) if order == "C" else range(len(dims))
    for i in axes:
        strides[i] = acc
        acc *= dims[i]
    return dims, strides, acc


def unravel_index(indices, shape, order="C"):
    idx = asarray(indices)
    if idx.dtype.kind not in "iu":
        raise TypeError("only int indices permitted")
    dims, strides, size = _shape_strides(shape if isinstance(shape, (tuple, list)) else (shape,), order)
    if idx.size and (bool((idx < 0).any()) or bool((idx >= size).any())):
        bad = int(idx[(idx < 0) | (idx >= size)][0])
        raise ValueError(f"index {bad} is out of bounds for array with size {size}")
    idx = idx.astype("i8")
    return tuple((idx // s) % d if d else idx * 0 for d, s in zip(dims, strides))


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    dims, strides, _ = _shape_strides(dims, order)
    if len(multi_index) != len(dims):
        raise ValueError(f"parameter multi_index must be a sequence of length {len(dims)}")
    modes = [mode] * len(dims) if isinstance(mode, str) else list(mode)
    total = None
    for coords, d, s, md in zip(multi_index, dims, strides, modes):
        c = asarray(coords).astype("i8")
        if md == "raise":
            if c.size and (bool((c < 0).any()) or bool((c >= d).any())):
                raise ValueError("invalid entry in coordinates array")
        elif md == "wrap":
            c = c % d
        elif md == "clip":
            c = _core._clip(c, 0, d - 1)
        else:
            raise ValueError("clipmode must be one of 'clip', 'raise', or 'wrap'")
        term = c * s
        total = term if total is None else total + term
    return total


def copyto(dst, src, casting="same_kind", where=True):
    if not isinstance(dst, _core.ndarray):
        raise TypeError("copyto() argument 1 must be ndcore.ndarray")
    if isinstance(src, (bool, int, float, complex)):
        # A Python scalar is weak (NEP 50): only its kind has to fit the destination.
        rank = {"b": 0, "i": 1, "u": 1, "f": 2, "c": 3}
        src_kind = "b" if isinstance(src, bool) else {int: "i", float: "f", complex: "c"}[type(src)]
        if casting in ("safe", "same_kind", "no", "equiv") and rank[src_kind] > rank[dst.dtype.kind]:
            name = {"b": "bool", "i": "int64", "f": "float64", "c": "complex128"}[src_kind]
            raise TypeError(f"Cannot cast scalar from dtype('{name}') to {dst.dtype!r} according to the rule "
                            f"'{casting}'")
        value = src
    else:
        value = asarray(src)
        if not can_cast(value.dtype, dst.dtype, casting):
            raise TypeError(f"Cannot cast array data from {value.dtype!r} to {dst.dtype!r} according to the rule "
                            f"'{casting}'")
    if where is True:
        dst[...] = value
    else:
        dst[...] = _core.where(asarray(where), value, dst)


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if not condlist:
        raise ValueError("select with an empty condition list is not possible")
    conds = [asarray(c) for c in condlist]
    for i, c in enumerate(conds):
        if c.dtype != _core._dtype_bool:
            raise TypeError(f"invalid entry {i} in condlist: should be boolean ndarray")
    choices = [asarray(c) if not isinstance(c, (int, float, complex)) else c for c in choicelist]
    dt = result_type(*choices, default)
    result = full(_core.broadcast_shapes(*[c.shape for c in conds],
                                         *[c.shape for c in choices if isinstance(c, _core.ndarray)]), default, dt)
    for c, ch in zip(reversed(conds), reversed(choices)):
        result = _core.where(c, ch, result).astype(dt, copy=False)
    return result


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    a = asarray(x)
    if a.dtype.kind not in "fc":
        return a.copy() if copy else a
    out = a.copy() if copy else a
    parts = [out.real, out.imag] if a.dtype.kind == "c" else [out]
    from ._functions import finfo

    big = finfo(a.dtype).max
    for p in parts:
        p[_uf["isnan"](p)] = nan
        p[_uf["isinf"](p) & ~_uf["signbit"](p)] = big if posinf is None else posinf
        p[_uf["isinf"](p) & _uf["signbit"](p)] = -big if neginf is None else neginf
    return out


def isposinf(x):
    a = asarray(x)
    if a.dtype.kind == "c":
        raise TypeError("This operation is not supported for complex values because it would be ambiguous.")
    return _uf["isinf"](a) & ~_uf["signbit"](a)


def isneginf(x):
    a = asarray(x)
    if a.dtype.kind == "c":
        raise TypeError("This operation is not supported for complex values because it would be ambiguous.")
    return _uf["isinf"](a) & _uf["signbit"](a)


def isreal(x):
    return asarray(x).imag == 0


def iscomplex(x):
    a = asarray(x)
    if a.dtype.kind != "c":
        return zeros(a.shape, bool)
    return a.imag != 0


def angle(z, deg=False):
    a = asarray(z)
    res = _uf["arctan2"](a.imag, a.real)
    return res * (180.0 / math.pi) if deg else res


def array_repr(arr):
    return repr(asarray(arr))


def array_str(a):
    return str(asarray(a))


def array_equiv(a1, a2):
    a, b = asarray(a1), asarray(a2)
    try:
        _core.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        return False
    return bool((a == b).all())


def resize(a, new_shape):
    a = asarray(a).ravel()
    shape = (new_shape,) if isinstance(new_shape, int) else tuple(new_shape)
    n = 1
    for d in shape:
        if d < 0:
            raise ValueError("all elements of `new_shape` must be non-negative")
        n *= d
    if a.size == 0 or n == 0:
        return zeros(shape, a.dtype)
    reps = -(-n // a.size)
    return reshape(concatenate([a] * reps)[:n], shape)


def ndindex(*shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return itertools.product(*(range(int(d)) for d in shape))


def ndenumerate(arr):
    a = asarray(arr)
    for idx in ndindex(a.shape):
        yield idx, a[idx]


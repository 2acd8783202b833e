"""Module functions against NumPy: creation, dtypes, reductions, manipulation, sorting,
sets, counting, .npy files, machine limits."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ndcore as nc
from helpers import DTYPES, NUMERIC, same, sample

# ---- creation ----


@pytest.mark.parametrize("obj", [
    [1, 2, 3], [1.5, 2], [[1, 2], [3, 4]], [True, False], [1, 2.5, 3j], [], [[], []], 7, 2.5, True, 1 - 1j,
    [2**63], [[1], [2.0]], (1, 2), [np.float32(1.5), np.float32(2)], [np.int8(1), 1000],
    [[[1, 2]], [[3, 4]]], [nc.arange(2), nc.arange(2)],
])
def test_array_from_python_objects(obj):
    want = np.array([np.asarray(x) for x in obj] if obj and isinstance(obj, list) and isinstance(obj[0], nc.ndarray)
                    else obj)
    same(nc.array(obj), want)
    same(nc.asarray(obj), want)


def test_array_errors_and_options():
    with pytest.raises(ValueError, match="inhomogeneous"):
        nc.array([[1, 2], [3]])
    with pytest.raises(ValueError):
        np.array([[1, 2], [3]])
    with pytest.raises(TypeError):
        nc.array("abc")
    with pytest.raises(OverflowError):
        nc.array([2**64])
    same(nc.array([1, 2], dtype="f4"), np.array([1, 2], dtype="f4"))
    same(nc.array([1, 2], ndmin=3), np.array([1, 2], ndmin=3))
    a = nc.arange(3)
    assert nc.asarray(a) is a and nc.array(a) is not a and nc.array(a, copy=False) is a
    with pytest.raises(ValueError):
        nc.asarray([1, 2], copy=False)
    same(nc.asarray(a, dtype="f8"), np.arange(3, dtype="f8"))
    same(nc.array(nc.arange(6).reshape(2, 3).T), np.arange(6).reshape(2, 3).T)


@pytest.mark.parametrize("dtype", DTYPES)
def test_filled_creation(dtype):
    for f in ("zeros", "ones"):
        same(getattr(nc, f)((2, 3), dtype=dtype), getattr(np, f)((2, 3), dtype=dtype))
        same(getattr(nc, f + "_like")(nc.zeros((3, 1), dtype=dtype)), getattr(np, f + "_like")(np.zeros((3, 1), dtype)))
    assert nc.empty((4,), dtype=dtype).shape == (4,) and nc.empty(4, dtype).dtype == np.dtype(dtype)
    same(nc.full((2, 2), 1, dtype=dtype), np.full((2, 2), 1, dtype=dtype))
    same(nc.full_like(nc.zeros(3, dtype), 1), np.full_like(np.zeros(3, dtype), 1))
    e = nc.empty_like(nc.zeros((2, 5), dtype), dtype="f4")
    assert e.shape == (2, 5) and e.dtype == nc.float32 and e.flags.owndata


def test_full_defaults_and_order():
    same(nc.full(3, 5), np.full(3, 5))
    same(nc.full(3, 5.5), np.full(3, 5.5))
    same(nc.full((2, 3), [1, 2, 3]), np.full((2, 3), [1, 2, 3]))
    f = nc.ones((2, 3), order="F")
    assert f.flags.f_contiguous and not f.flags.c_contiguous
    assert nc.zeros_like(f).flags.f_contiguous


@pytest.mark.parametrize("args,kw", [((5,), {}), ((2, 10, 3), {}), ((0.5, 3.0, 0.25), {}), ((10, 0, -3), {}),
                                     ((5,), {"dtype": "f4"}), ((1, 2, 0.1), {}), ((-3,), {})])
def test_arange(args, kw):
    same(nc.arange(*args, **kw), np.arange(*args, **kw))


def test_ranges_and_matrices():
    same(nc.linspace(0, 1, 7), np.linspace(0, 1, 7))
    same(nc.linspace(2, 3, 5, endpoint=False), np.linspace(2, 3, 5, endpoint=False))
    r, step = nc.linspace(0, 10, 4, retstep=True)
    r2, step2 = np.linspace(0, 10, 4, retstep=True)
    same(r, r2)
    assert step == step2
    same(nc.linspace(0, 10, 6, dtype=int), np.linspace(0, 10, 6, dtype=int))
    same(nc.logspace(0, 3, 4), np.logspace(0, 3, 4))
    same(nc.logspace(0, 3, 4, base=2.0), np.logspace(0, 3, 4, base=2.0))
    same(nc.eye(3), np.eye(3))
    same(nc.eye(3, 4, k=1, dtype="i4"), np.eye(3, 4, k=1, dtype="i4"))
    same(nc.identity(2, dtype=bool), np.identity(2, dtype=bool))
    with pytest.raises(ValueError):
        nc.linspace(0, 1, -1)


def test_frombuffer_and_fromiter():
    buf = bytearray(np.arange(6, dtype="i2").tobytes())
    a = nc.frombuffer(buf, dtype="i2")
    same(a, np.frombuffer(buf, dtype="i2"))
    a[0] = 99  # shares the bytearray
    assert np.frombuffer(buf, dtype="i2")[0] == 99
    same(nc.frombuffer(b"\x01\x00\x02\x00", dtype=nc.uint16), np.frombuffer(b"\x01\x00\x02\x00", dtype=np.uint16))
    assert not nc.frombuffer(b"abcd", dtype="u1").flags.writeable
    same(nc.frombuffer(buf, dtype="i2", count=2, offset=2), np.frombuffer(buf, dtype="i2", count=2, offset=2))
    with pytest.raises(ValueError):
        nc.frombuffer(b"abc", dtype="i2")
    same(nc.fromiter(range(5), dtype="f4"), np.fromiter(range(5), dtype="f4"))
    same(nc.fromiter((i * i for i in range(10)), dtype=int, count=3), np.fromiter((i * i for i in range(10)), int, 3))


# ---- dtypes ----


@pytest.mark.parametrize("spec", ["f8", "float32", "<i4", "u1", "?", "bool", "c16", "complex64", "e", "int", "float",
                                  float, int, bool, complex, np.float32, np.dtype("int16"), np.uint64, np.bool_])
def test_dtype_specs(spec):
    d = nc.dtype(spec)
    nd = np.dtype(spec)
    assert d == nd and d.name == nd.name and d.itemsize == nd.itemsize and d.kind == nd.kind and d.str == nd.str
    assert nc.zeros(1, dtype=spec).dtype == nd
    assert d == spec or isinstance(spec, type)


def test_dtype_objects():
    assert nc.float64 == "float64" and nc.float64 != nc.float32 and nc.float32 == np.float32
    assert repr(nc.int16) == "dtype('int16')" and str(nc.int16) == "int16"
    assert {nc.int8: 1}[nc.dtype("i1")] == 1
    assert nc.float32(1.5).dtype == nc.float32 and float(nc.float32(1.5)) == 1.5
    with pytest.raises(TypeError):
        nc.dtype("not-a-type")
    with pytest.raises(TypeError):
        nc.dtype(">f8")
    assert nc.promote_types("i1", "u1") == np.promote_types("i1", "u1")
    assert nc.result_type(nc.zeros(1, "i1"), 3.5) == np.result_type(np.zeros(1, "i1"), 3.5)
    assert nc.can_cast("i4", "f8") and not nc.can_cast("f8", "i4")
    assert nc.can_cast("f8", "f4", "same_kind")


def test_finfo_iinfo():
    for t in ("f2", "f4", "f8", "c8"):
        f, g = nc.finfo(t), np.finfo(t)
        assert f.eps == g.eps and f.max == g.max and f.tiny == g.tiny and f.bits == g.bits
        assert f.precision == g.precision and f.resolution == g.resolution and f.min == g.min
        assert f.smallest_subnormal == g.smallest_subnormal
    for t in ("i1", "u2", "i8", "u8"):
        i, j = nc.iinfo(t), np.iinfo(t)
        assert (i.min, i.max, i.bits) == (j.min, j.max, j.bits)
    with pytest.raises(ValueError):
        nc.iinfo("f8")


# ---- reductions ----

REDUCTIONS = ["sum", "prod", "mean", "std", "var", "min", "max", "amin", "amax", "ptp", "any", "all",
              "nansum", "nanprod", "nanmean", "nanstd", "nanvar", "nanmin", "nanmax"]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's all-NaN slice warnings (ndcore has none)
@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), ()])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_match_numpy(name, axis, keepdims):
    x = sample("float64", (3, 4, 2), seed=11)
    if name.startswith("nan"):
        x[0, 1, 0] = np.nan
    if axis == () and name in ("ptp",):
        return
    want = getattr(np, name)(x, axis=axis, keepdims=keepdims)
    got = getattr(nc, name)(nc.asarray(x), axis=axis, keepdims=keepdims)
    same(got, np.asarray(want), rtol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
def test_reduction_result_dtypes(dtype):
    x = sample(dtype, (3, 4), seed=12)
    for name in ("sum", "prod", "max", "any", "all", "mean"):
        if name == "mean" and dtype == "bool":
            continue
        want = getattr(np, name)(x, axis=0)
        same(getattr(nc, name)(nc.asarray(x), axis=0), want, rtol=1e-3 if np.asarray(want).dtype.kind in "fc" else 0)
    same(nc.count_nonzero(nc.asarray(x), axis=1), np.count_nonzero(x, axis=1))
    assert int(nc.count_nonzero(nc.asarray(x))) == np.count_nonzero(x)


def test_reduction_keywords():
    x = sample("int16", (3, 4), seed=13)
    a = nc.asarray(x)
    same(nc.sum(a, dtype="i1"), np.sum(x, dtype="i1"))
    out = nc.zeros(4)
    assert nc.sum(a, axis=0, out=out) is out
    same(out, np.sum(x, axis=0).astype("f8"))
    same(nc.sum(a, where=x > 0), np.sum(x, where=x > 0))
    same(nc.max(a, axis=1, initial=100), np.max(x, axis=1, initial=100))
    same(nc.std(a, ddof=1), np.std(x, ddof=1))
    same(nc.argmax(a, axis=0), np.argmax(x, axis=0))
    same(nc.argmin(a, axis=1, keepdims=True), np.argmin(x, axis=1, keepdims=True))
    same(nc.argmax(a), np.argmax(x))
    f = np.array([[1.0, np.nan, 3.0], [np.nan, 5.0, 0.0]])
    same(nc.nanargmax(nc.asarray(f), axis=1), np.nanargmax(f, axis=1))
    same(nc.nanargmin(nc.asarray(f)), np.nanargmin(f))
    same(nc.cumsum(a, axis=1), np.cumsum(x, axis=1))
    same(nc.cumprod(a), np.cumprod(x))
    same(nc.cumsum(a, dtype="f4"), np.cumsum(x, dtype="f4"))
    same(nc.nancumsum(nc.asarray(f), axis=0), np.nancumsum(f, axis=0))
    same(nc.nancumprod(nc.asarray(f)), np.nancumprod(f))
    same(nc.average(a, axis=0), np.average(x, axis=0))
    same(nc.average(a, axis=1, weights=[1, 2, 3, 4]), np.average(x, axis=1, weights=[1, 2, 3, 4]), rtol=1e-12)


def test_reduction_errors():
    a = nc.ones((2, 3))
    with pytest.raises(nc.AxisError, match="axis 2 is out of bounds for array of dimension 2"):
        nc.sum(a, axis=2)
    with pytest.raises(ValueError):  # AxisError is a ValueError ...
        nc.sum(a, axis=-3)
    with pytest.raises(IndexError):  # ... and an IndexError, as NumPy's
        nc.mean(a, axis=5)
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum which has no identity"):
        nc.max(nc.zeros((0, 3)))
    with pytest.raises(ValueError, match="duplicate|repeated"):
        nc.sum(a, axis=(0, 0))
    with pytest.raises(ValueError, match="empty sequence"):
        nc.argmax(nc.zeros(0))


# ---- manipulation ----


def test_joining_and_splitting():
    x, y = np.arange(6).reshape(2, 3), np.arange(6, 12).reshape(2, 3)
    a, b = nc.asarray(x), nc.asarray(y)
    same(nc.concatenate([a, b]), np.concatenate([x, y]))
    same(nc.concatenate((a, b), axis=1), np.concatenate((x, y), axis=1))
    same(nc.concatenate([a, b], axis=None), np.concatenate([x, y], axis=None))
    same(nc.concatenate([a, b.astype("f4")]), np.concatenate([x, y.astype("f4")]))
    same(nc.stack([a, b], axis=1), np.stack([x, y], axis=1))
    same(nc.vstack([a, b]), np.vstack([x, y]))
    same(nc.hstack([a, b]), np.hstack([x, y]))
    same(nc.dstack([a, b]), np.dstack([x, y]))
    same(nc.column_stack([[1, 2], [3, 4]]), np.column_stack([[1, 2], [3, 4]]))
    same(nc.append(a, [[9, 9, 9]], axis=0), np.append(x, [[9, 9, 9]], axis=0))
    same(tuple(nc.split(nc.arange(9), 3)), tuple(np.split(np.arange(9), 3)))
    same(tuple(nc.split(nc.arange(9), [2, 5])), tuple(np.split(np.arange(9), [2, 5])))
    same(tuple(nc.array_split(nc.arange(10), 3)), tuple(np.array_split(np.arange(10), 3)))
    same(tuple(nc.hsplit(a, 3)), tuple(np.hsplit(x, 3)))
    same(tuple(nc.vsplit(a, 2)), tuple(np.vsplit(x, 2)))
    assert nc.split(nc.arange(9), 3)[1].base is not None
    same(nc.atleast_2d(nc.arange(3)), np.atleast_2d(np.arange(3)))
    same(nc.atleast_3d(nc.arange(3)), np.atleast_3d(np.arange(3)))
    with pytest.raises(ValueError, match="equal division"):
        nc.split(nc.arange(10), 3)
    with pytest.raises(ValueError, match="dimension 1"):
        nc.concatenate([a, nc.ones((2, 2), dtype="i8")])
    with pytest.raises(ValueError):
        nc.concatenate([])
    with pytest.raises(nc.AxisError):
        nc.concatenate([a, b], axis=3)


def test_reordering_and_shape_functions():
    x = np.arange(24).reshape(2, 3, 4)
    a = nc.asarray(x)
    same(nc.flip(a), np.flip(x))
    same(nc.flip(a, axis=1), np.flip(x, axis=1))
    same(nc.flip(a, axis=(0, 2)), np.flip(x, axis=(0, 2)))
    same(nc.fliplr(a), np.fliplr(x))
    same(nc.flipud(a), np.flipud(x))
    same(nc.roll(a, 5), np.roll(x, 5))
    same(nc.roll(a, -1, axis=2), np.roll(x, -1, axis=2))
    same(nc.roll(a, (1, 2), axis=(0, 1)), np.roll(x, (1, 2), axis=(0, 1)))
    same(nc.rot90(a), np.rot90(x))
    same(nc.rot90(a, 3, axes=(1, 2)), np.rot90(x, 3, axes=(1, 2)))
    same(nc.tile(a, (2, 1, 1)), np.tile(x, (2, 1, 1)))
    same(nc.tile(nc.arange(3), 2), np.tile(np.arange(3), 2))
    same(nc.repeat(a, 2, axis=0), np.repeat(x, 2, axis=0))
    same(nc.repeat(nc.arange(3), [1, 0, 2]), np.repeat(np.arange(3), [1, 0, 2]))
    same(nc.moveaxis(a, 0, -1), np.moveaxis(x, 0, -1))
    same(nc.swapaxes(a, 0, 2), np.swapaxes(x, 0, 2))
    same(nc.transpose(a, (1, 2, 0)), np.transpose(x, (1, 2, 0)))
    same(nc.expand_dims(a, (0, 4)), np.expand_dims(x, (0, 4)))
    same(nc.squeeze(nc.zeros((1, 3, 1))), np.squeeze(np.zeros((1, 3, 1))))
    same(nc.reshape(a, (6, -1)), np.reshape(x, (6, -1)))
    same(nc.ravel(a, order="F"), np.ravel(x, order="F"))
    same(nc.broadcast_to(nc.arange(3), (2, 3)), np.broadcast_to(np.arange(3), (2, 3)))
    assert not nc.broadcast_to(nc.arange(3), (2, 3)).flags.writeable
    same(nc.broadcast_arrays(nc.arange(3), nc.zeros((2, 1))), tuple(np.broadcast_arrays(np.arange(3), np.zeros((2, 1)))))
    assert nc.broadcast_shapes((2, 1), (3,)) == np.broadcast_shapes((2, 1), (3,))
    same(nc.diagonal(a, 1, 1, 2), np.diagonal(x, 1, 1, 2))
    same(nc.trace(nc.arange(9).reshape(3, 3)), np.trace(np.arange(9).reshape(3, 3)))
    assert nc.ndim(a) == 3 and nc.shape(a) == (2, 3, 4) and nc.size(a) == 24 and nc.size(a, 1) == 3
    with pytest.raises(ValueError, match="cannot reshape"):
        nc.reshape(a, (5, 5))


@pytest.mark.parametrize("width", [1, (1, 2), ((1, 0), (2, 1))])
@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "symmetric", "wrap"])
def test_pad(width, mode):
    x = np.arange(12).reshape(3, 4)
    same(nc.pad(nc.asarray(x), width, mode=mode), np.pad(x, width, mode=mode))


def test_triangles_grids_differences():
    x = np.arange(16).reshape(4, 4)
    a = nc.asarray(x)
    same(nc.tril(a), np.tril(x))
    same(nc.triu(a, 1), np.triu(x, 1))
    same(nc.tril(a, -1), np.tril(x, -1))
    same(nc.meshgrid(nc.arange(3), nc.arange(2)), tuple(np.meshgrid(np.arange(3), np.arange(2))))
    same(nc.meshgrid(nc.arange(3), nc.arange(2), indexing="ij", sparse=True),
         tuple(np.meshgrid(np.arange(3), np.arange(2), indexing="ij", sparse=True)))
    same(nc.diff(a), np.diff(x))
    same(nc.diff(a, n=2, axis=0), np.diff(x, n=2, axis=0))
    same(nc.diff(nc.arange(4), prepend=0, append=[9]), np.diff(np.arange(4), prepend=0, append=[9]))
    same(nc.ediff1d(a, to_begin=[-1]), np.ediff1d(x, to_begin=[-1]))
    same(nc.insert(nc.arange(5), 2, 99), np.insert(np.arange(5), 2, 99))
    same(nc.insert(a, [1, 3], 0, axis=1), np.insert(x, [1, 3], 0, axis=1))
    same(nc.delete(nc.arange(6), [0, 2]), np.delete(np.arange(6), [0, 2]))
    same(nc.delete(a, slice(0, 2), axis=0), np.delete(x, slice(0, 2), axis=0))
    same(nc.delete(a, 1, axis=1), np.delete(x, 1, axis=1))
    same(nc.trim_zeros(nc.asarray([0, 0, 1, 2, 0])), np.trim_zeros(np.array([0, 0, 1, 2, 0])))


def test_index_functions():
    x = np.arange(12).reshape(3, 4)
    a = nc.asarray(x)
    same(nc.take(a, [0, 5, -1]), np.take(x, [0, 5, -1]))
    same(nc.take(a, [[0, 1]], axis=1), np.take(x, [[0, 1]], axis=1))
    same(nc.take(a, [7, 20], mode="wrap"), np.take(x, [7, 20], mode="wrap"))
    same(nc.take(a, [7, 20], mode="clip"), np.take(x, [7, 20], mode="clip"))
    with pytest.raises(IndexError):
        nc.take(a, [20])
    b, y = a.copy(), x.copy()
    nc.put(b, [0, 2], [-1, -2])
    np.put(y, [0, 2], [-1, -2])
    same(b, y)
    idx = np.argsort(x, axis=1)[:, ::-1]
    same(nc.take_along_axis(a, nc.asarray(idx), axis=1), np.take_along_axis(x, idx, axis=1))
    b, y = a.copy(), x.copy()
    nc.put_along_axis(b, nc.asarray([[0], [1], [2]]), 0, axis=1)
    np.put_along_axis(y, np.array([[0], [1], [2]]), 0, axis=1)
    same(b, y)
    same(nc.nonzero(a > 4), np.nonzero(x > 4))
    same(nc.argwhere(a % 5 == 0), np.argwhere(x % 5 == 0))
    same(nc.flatnonzero(a > 8), np.flatnonzero(x > 8))
    same(nc.compress([True, False, True], a, axis=0), np.compress([True, False, True], x, axis=0))
    same(nc.extract(a > 6, a), np.extract(x > 6, x))
    same(nc.choose([0, 1, 0], [[1, 2, 3], [10, 20, 30]]), np.choose([0, 1, 0], [[1, 2, 3], [10, 20, 30]]))
    same(nc.nonzero(a > 5), np.where(x > 5))


# ---- sorting, searching, sets, counting ----


@pytest.mark.parametrize("dtype", NUMERIC + ["bool"])
def test_sorting(dtype):
    x = sample(dtype, (4, 6), seed=21)
    a = nc.asarray(x)
    same(nc.sort(a), np.sort(x))
    same(nc.sort(a, axis=0), np.sort(x, axis=0))
    same(nc.sort(a, axis=None), np.sort(x, axis=None))
    same(nc.argsort(a, kind="stable"), np.argsort(x, kind="stable"))
    same(nc.argsort(a, axis=None, stable=True), np.argsort(x, axis=None, stable=True))
    p = nc.partition(a, 2, axis=1)
    same(nc.sort(p, axis=1), np.sort(x, axis=1))
    assert (np.asarray(p)[:, 2] == np.sort(x, axis=1)[:, 2]).all()
    ap = nc.argpartition(a, 3, axis=1)
    same(nc.sort(nc.take_along_axis(a, ap, axis=1), axis=1), np.sort(x, axis=1))


def test_sort_nan_and_lexsort_searchsorted():
    f = np.array([3.0, np.nan, -1.0, np.inf, 0.0])
    same(nc.sort(nc.asarray(f)), np.sort(f))
    same(nc.argsort(nc.asarray(f), stable=True), np.argsort(f, stable=True))
    k1, k2 = np.array([1, 1, 0, 0]), np.array([3, 1, 2, 0])
    same(nc.lexsort((nc.asarray(k2), nc.asarray(k1))), np.lexsort((k2, k1)))
    s = np.array([1, 2, 2, 3, 5])
    same(nc.searchsorted(nc.asarray(s), [2, 4, 0, 9]), np.searchsorted(s, [2, 4, 0, 9]))
    same(nc.searchsorted(nc.asarray(s), 2, side="right"), np.searchsorted(s, 2, side="right"))
    u = np.array([5, 1, 3])
    same(nc.searchsorted(nc.asarray(u), [2, 4], sorter=nc.argsort(nc.asarray(u))),
         np.searchsorted(u, [2, 4], sorter=np.argsort(u)))
    same(nc.digitize(nc.asarray([0.5, 1.5, 3]), [0, 1, 2]), np.digitize(np.array([0.5, 1.5, 3]), [0, 1, 2]))


@pytest.mark.parametrize("flags", [(False, False, False), (True, False, False), (False, True, False),
                                   (False, False, True), (True, True, True)])
def test_unique(flags):
    x = np.array([[3, 1, 2], [3, 3, 0]])
    got = nc.unique(nc.asarray(x), *flags)
    want = np.unique(x, *flags)
    same(got if isinstance(got, tuple) else got, want if isinstance(want, tuple) else want)
    f = np.array([1.0, np.nan, 1.0, np.nan])
    same(nc.unique(nc.asarray(f)), np.unique(f))


def test_sets_and_counting():
    a, b = np.array([1, 4, 2, 4, 7]), np.array([4, 7, 9])
    A, B = nc.asarray(a), nc.asarray(b)
    same(nc.isin(A, B), np.isin(a, b))
    same(nc.isin(A, B, invert=True), np.isin(a, b, invert=True))
    same(nc.intersect1d(A, B), np.intersect1d(a, b))
    same(nc.intersect1d(A, B, return_indices=True), np.intersect1d(a, b, return_indices=True))
    same(nc.union1d(A, B), np.union1d(a, b))
    same(nc.setdiff1d(A, B), np.setdiff1d(a, b))
    same(nc.setxor1d(A, B), np.setxor1d(a, b))
    same(nc.bincount(A), np.bincount(a))
    same(nc.bincount(A, minlength=10), np.bincount(a, minlength=10))
    same(nc.bincount(A, weights=[0.5] * 5), np.bincount(a, weights=[0.5] * 5))
    with pytest.raises(ValueError):
        nc.bincount(nc.asarray([-1, 2]))
    x = np.array([0.5, 1.5, 1.7, 3.0, 9.0])
    same(nc.histogram(nc.asarray(x)), np.histogram(x))
    same(nc.histogram(nc.asarray(x), bins=3, range=(0, 4)), np.histogram(x, bins=3, range=(0, 4)))
    same(nc.histogram(nc.asarray(x), bins=[0, 1, 2, 10], density=True), np.histogram(x, bins=[0, 1, 2, 10], density=True),
         rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(n=hnp.arrays(st.sampled_from([np.int32, np.float64, np.uint8]), hnp.array_shapes(max_dims=3, max_side=6)))
def test_sort_and_unique_hypothesis(n):
    a = nc.asarray(n)
    same(nc.sort(a, axis=None), np.sort(n, axis=None))
    if n.ndim:
        same(nc.sort(a), np.sort(n))
    same(nc.unique(a), np.unique(n))


# ---- .npy files ----


@pytest.mark.parametrize("dtype", DTYPES)
def test_save_load_round_trip_with_numpy(tmp_path, dtype):
    x = sample(dtype, (3, 5), seed=31)
    p = tmp_path / "a.npy"
    nc.save(p, nc.asarray(x)[:, ::2])
    same(nc.asarray(np.load(p)), x[:, ::2])
    np.save(tmp_path / "b.npy", np.asfortranarray(x))
    same(nc.load(tmp_path / "b.npy"), x)
    nc.save(str(tmp_path / "c"), nc.asarray(x))  # .npy appended, as np.save does
    same(nc.load(str(tmp_path / "c.npy")), x)


def test_load_errors(tmp_path):
    p = tmp_path / "bad.npy"
    p.write_bytes(b"not a npy file")
    with pytest.raises((OSError, ValueError)):
        nc.load(p)
    with pytest.raises(OSError):
        nc.load(tmp_path / "missing.npy")


@pytest.mark.filterwarnings("ignore::numpy.exceptions.ComplexWarning")  # NumPy's; ndcore does not warn
@pytest.mark.parametrize("src", DTYPES)
def test_astype_every_pair_and_dtype_tables(src):
    x = sample(src, (3, 5), seed=71)
    a = nc.asarray(x)
    for dst in DTYPES:
        with np.errstate(all="ignore"):
            want = x.astype(dst)
        same(a.astype(dst), want)
        assert nc.promote_types(src, dst) == np.promote_types(src, dst)
        for casting in ("no", "equiv", "safe", "same_kind", "unsafe"):
            assert nc.can_cast(src, dst, casting) == np.can_cast(src, dst, casting), (src, dst, casting)
        for scalar in (1, 2.5, 1j, True):
            assert nc.result_type(nc.zeros(1, src), scalar) == np.result_type(np.zeros(1, src), scalar)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_reductions_hypothesis(data):
    dt = data.draw(st.sampled_from(["int16", "uint8", "float32", "float64", "bool", "complex128"]))
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=5))
    x = sample(dt, shape, seed=data.draw(st.integers(0, 1000)))
    axis = data.draw(st.none() | st.integers(-len(shape), len(shape) - 1)
                     | st.lists(st.integers(0, len(shape) - 1), unique=True, max_size=len(shape)).map(tuple))
    keepdims = data.draw(st.booleans())
    name = data.draw(st.sampled_from(["sum", "prod", "max", "min", "any", "all", "mean"]))
    if name in ("max", "min") and dt == "complex128":
        name = "sum"
    with np.errstate(all="ignore"):
        want = np.asarray(getattr(np, name)(x, axis=axis, keepdims=keepdims))
    got = getattr(nc, name)(nc.asarray(x), axis=axis, keepdims=keepdims)
    same(got, want, rtol=1e-5 if want.dtype.kind in "fc" else 0)

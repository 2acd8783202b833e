"""NEP 13 (__array_ufunc__) and NEP 18 (__array_function__): NumPy's ufuncs and functions
called on ndcore arrays run ndcore's and return ndcore arrays; what ndcore lacks runs in
NumPy on zero-copy views and returns NumPy's result."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ndcore as nc
from helpers import same


def arrays():
    x = np.arange(12, dtype=np.float64).reshape(3, 4) / 3
    return x, nc.asarray(x)


# ---- ufuncs ----


def test_ufunc_call_dispatches_to_ndcore():
    x, a = arrays()
    for got, want in [(np.add(a, 1), np.add(x, 1)), (np.sin(a), np.sin(x)), (np.add(a, x), x + x),
                      (np.add(x, a), x + x), (np.multiply(2, a), 2 * x), (np.maximum(a, 1.5), np.maximum(x, 1.5)),
                      (np.negative(a), -x), (np.add(a, 1, dtype="f4"), np.add(x, 1, dtype="f4")),
                      (np.absolute(a), np.abs(x)), (np.conjugate(a), np.conjugate(x)), (np.matmul(a, a.T), x @ x.T)]:
        assert isinstance(got, nc.ndarray)
        same(got, want, rtol=1e-15)
    # NumPy's operators defer to the ufunc protocol: np_array + nc_array is ndcore's add.
    assert isinstance(x + a, nc.ndarray)
    same(x * a, x * x)
    assert isinstance(np.float64(2.0) * a, nc.ndarray)
    assert isinstance(np.add(a[0, 0], 1), nc.ndarray)  # 0-d stays an ndcore 0-d array


def test_ufunc_out_and_where():
    x, a = arrays()
    out = nc.zeros((3, 4))
    res = np.add(a, 1, out=out)
    assert res is out
    same(out, x + 1)
    # A NumPy `out` is written through an ndcore view of its memory and returned itself.
    nout = np.zeros((3, 4))
    res = np.multiply(a, 2, out=nout)
    assert res is nout
    np.testing.assert_array_equal(nout, x * 2)
    nout2 = np.ones((3, 4))
    nout2 += a  # np's in-place operator: np.add(nout2, a, out=(nout2,))
    np.testing.assert_array_equal(nout2, x + 1)
    w = np.zeros((3, 4))
    np.add(a, 10, out=w, where=x > 2)
    np.testing.assert_array_equal(w, np.where(x > 2, x + 10, 0))
    with pytest.raises(TypeError):
        np.add(nc.ones(3, "i8"), 1.5, out=nc.zeros(3, "i8"))  # same_kind casting, as NumPy


def test_numpy_out_arrays_ndcore_cannot_view():
    x, a = arrays()
    # Strided NumPy `out`: viewed and written by ndcore.
    base = np.zeros((3, 8))
    strided = base[:, ::2]
    assert np.add(a, 1, out=strided) is strided
    np.testing.assert_array_equal(base[:, ::2], x + 1)
    # A big-endian `out` ndcore cannot view: NumPy runs the ufunc.
    big = np.zeros((3, 4), dtype=">f8")
    assert np.add(a, 1, out=big) is big
    np.testing.assert_array_equal(big, x + 1)
    ro = np.zeros((3, 4))
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        np.add(a, 1, out=ro)
    # Functions with out=: ndcore writes into a NumPy or ndcore `out` and returns it.
    for out in (np.zeros((6, 4)), nc.zeros((6, 4))):
        assert np.concatenate([a, a], out=out) is out
        np.testing.assert_array_equal(np.asarray(out), np.concatenate([x, x]))
    o = np.zeros(4)
    assert np.sum(a, axis=0, out=o) is o
    np.testing.assert_allclose(o, x.sum(axis=0), rtol=1e-15)


def test_ufunc_methods_dispatch():
    x, a = arrays()
    for got, want in [(np.add.reduce(a), np.add.reduce(x)), (np.add.reduce(a, axis=1), np.add.reduce(x, axis=1)),
                      (np.add.reduce(a, axis=None, keepdims=True), np.add.reduce(x, axis=None, keepdims=True)),
                      (np.maximum.reduce(a, axis=(0, 1)), np.maximum.reduce(x, axis=(0, 1))),
                      (np.multiply.accumulate(a, axis=1), np.multiply.accumulate(x, axis=1)),
                      (np.subtract.outer(a[0], a[1]), np.subtract.outer(x[0], x[1]))]:
        assert isinstance(got, nc.ndarray)
        same(got, np.asarray(want), rtol=1e-12)
    out = nc.zeros(4)
    assert np.add.reduce(a, axis=0, out=out) is out
    same(out, x.sum(axis=0), rtol=1e-15)
    b = nc.zeros(4)
    assert np.add.at(b, [0, 0, 2], 1) is None
    same(b, np.array([2.0, 0.0, 1.0, 0.0]))


def test_ufunc_fallback_runs_numpy():
    x, a = arrays()
    # Ufuncs ndcore lacks: NumPy's loops on zero-copy views, NumPy's results.
    frac, whole = np.modf(a)
    assert isinstance(frac, np.ndarray)
    np.testing.assert_array_equal(frac, np.modf(x)[0])
    np.testing.assert_array_equal(np.gcd(nc.arange(6), 4), np.gcd(np.arange(6), 4))
    # A method ndcore lacks (reduceat) and a keyword it lacks (order=).
    np.testing.assert_array_equal(np.add.reduceat(a, [0, 2], axis=1), np.add.reduceat(x, [0, 2], axis=1))
    got = np.add(a, 1, order="F")
    assert isinstance(got, np.ndarray)
    np.testing.assert_array_equal(got, x + 1)
    # ndcore `out` arrays are written through and returned as themselves.
    out = nc.zeros((3, 4))
    res = np.ldexp(a, 2, out=out)
    assert res is out
    same(out, np.ldexp(x, 2))


def test_numpy_only_dtypes_run_in_numpy():
    x, a = arrays()
    big = x.astype(">f8")
    got = np.add(a, big)
    assert isinstance(got, np.ndarray)
    np.testing.assert_array_equal(got, x + x)
    got = np.concatenate([a, x.astype(object)])
    assert got.dtype == object
    got = np.multiply(nc.arange(3), np.array([1, 2, 3], dtype=np.longdouble))
    assert isinstance(got, np.ndarray) and got.dtype == np.longdouble


class Other:
    """A third party that implements both protocols: it gets its turn first."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return "other-ufunc"

    def __array_function__(self, func, types, args, kwargs):
        return "other-function"


def test_foreign_protocol_types_win():
    a = nc.ones(3)
    assert np.add(a, Other()) == "other-ufunc"
    assert np.concatenate([a, Other()]) == "other-function"


# ---- functions ----


def test_array_function_dispatches_to_ndcore():
    x, a = arrays()
    cases = [
        (np.sum(a), np.sum(x)), (np.sum(a, axis=0), np.sum(x, axis=0)), (np.mean(a, axis=1), np.mean(x, axis=1)),
        (np.concatenate([a, a]), np.concatenate([x, x])), (np.concatenate([a, x], axis=1), np.concatenate([x, x], 1)),
        (np.reshape(a, (4, 3)), np.reshape(x, (4, 3))), (np.transpose(a), x.T), (np.sort(a[::-1], axis=0), x),
        (np.where(a > 1, a, 0), np.where(x > 1, x, 0)), (np.median(a, axis=(0, 1)), np.median(x, axis=(0, 1))),
        (np.quantile(a, [0.2, 0.7], axis=0), np.quantile(x, [0.2, 0.7], axis=0)),
        (np.linalg.norm(a), np.linalg.norm(x)), (np.linalg.inv(a[:3, :3] + np.eye(3)), np.linalg.inv(x[:3, :3] + np.eye(3))),
        (np.fft.fft(a), np.fft.fft(x)), (np.unique(a.astype("i8"), axis=0), np.unique(x.astype("i8"), axis=0)),
        (np.stack([a, a], axis=-1), np.stack([x, x], axis=-1)), (np.zeros_like(a), np.zeros_like(x)),
    ]
    for got, want in cases:
        assert isinstance(got, nc.ndarray), type(got)
        same(got, np.asarray(want), rtol=1e-12)
    h, e = np.histogram(a, bins=4)
    assert isinstance(h, nc.ndarray)
    same((h, e), np.histogram(x, bins=4))
    assert np.ndim(a) == 2 and np.shape(a) == (3, 4)


def test_array_function_fallback_runs_numpy():
    x, a = arrays()
    # Functions ndcore lacks run in NumPy and return NumPy's result.
    got = np.interp(a[0], [0, 1, 2], [10, 20, 30])
    assert isinstance(got, np.ndarray)
    np.testing.assert_array_equal(got, np.interp(x[0], [0, 1, 2], [10, 20, 30]))
    np.testing.assert_array_equal(np.cov(a), np.cov(x))
    assert np.array2string(a) == np.array2string(x)
    # An ndcore function exists but does not take this keyword: NumPy runs it.
    got = np.clip(a, 0.5, 2.0, casting="unsafe")
    assert isinstance(got, np.ndarray)
    np.testing.assert_array_equal(got, np.clip(x, 0.5, 2.0))
    got = np.diff(a, prepend=0)
    np.testing.assert_array_equal(np.asarray(got), np.diff(x, prepend=0))
    # Functions that must see NumPy-side memory always run in NumPy.
    assert np.shares_memory(a, np.asarray(a))
    dst = np.zeros((3, 4))
    np.copyto(dst, a)
    np.testing.assert_array_equal(dst, x)


def test_array_function_errors_are_ndcores():
    with pytest.raises(ValueError):
        np.concatenate([nc.ones((2, 2)), nc.ones((3, 3))])
    with pytest.raises(nc.AxisError):
        np.sum(nc.ones((2, 2)), axis=3)


UFUNC_NAMES = sorted(n for n in nc._core._ufuncs if hasattr(np, n))


@settings(max_examples=60)
@given(st.sampled_from(UFUNC_NAMES),
       hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=4), elements=st.floats(-3, 3, width=32)))
def test_numpy_ufuncs_on_ndcore_arrays_hypothesis(name, x):
    """Every ufunc both libraries have: np.<ufunc>(ndcore array) is ndcore's, with NumPy's values."""
    uf = getattr(np, name)
    args = (x,) * uf.nin
    with np.errstate(all="ignore"):
        try:
            want = uf(*args)
        except TypeError:
            with pytest.raises(TypeError):
                uf(*(nc.asarray(v) for v in args))
            return
        got = uf(*(nc.asarray(v) for v in args))
    assert isinstance(got, nc.ndarray)
    g = np.asarray(got)
    assert g.shape == want.shape and g.dtype == want.dtype
    np.testing.assert_allclose(g, want, rtol=1e-6, atol=1e-12, equal_nan=True)

"""Ufunc objects against NumPy's: every ufunc on every dtype it accepts, keywords,
reduce/accumulate/outer, broadcasting (hypothesis) and error types."""
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ndcore as nc
from helpers import DTYPES, same, sample

BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "fmod", "power", "float_power",
          "maximum", "minimum", "fmax", "fmin", "equal", "not_equal", "less", "less_equal", "greater",
          "greater_equal", "logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor",
          "left_shift", "right_shift", "arctan2", "hypot", "copysign", "nextafter", "logaddexp", "logaddexp2"]
UNARY = ["negative", "positive", "absolute", "fabs", "sign", "reciprocal", "square", "sqrt", "cbrt", "conj", "exp",
         "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin", "arccos", "arctan",
         "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "deg2rad", "rad2deg", "floor", "ceil", "trunc",
         "rint", "isnan", "isinf", "isfinite", "signbit", "logical_not", "invert"]

# Transcendental loops are within a few ulp of NumPy's, not bit-identical.
RTOL = {"float16": 1e-3, "float32": 2e-6, "complex64": 2e-6, "float64": 1e-14, "complex128": 1e-14}


def _operands(dtype, seed):
    n = sample(dtype, (4, 5), seed=seed)
    if np.dtype(dtype).kind in "iu":
        n = (np.abs(n.astype(np.int64)) % 7 + 1).astype(dtype)  # positive, small: shifts/powers stay defined
    return n


def _compare(got, want, dtype):
    want = np.asarray(want)
    rtol = RTOL.get(str(want.dtype), 0) if want.dtype.kind in "fc" else 0
    g = np.asarray(got)
    assert g.dtype == want.dtype and g.shape == want.shape
    if rtol:
        np.testing.assert_allclose(g, want, rtol=rtol, atol=rtol * 1e-3, equal_nan=True)
    else:
        np.testing.assert_array_equal(g, want)


def test_ufunc_objects():
    assert set(BINARY) | set(UNARY) <= set(dir(nc))
    for name in BINARY + UNARY:
        uf = getattr(nc, name)
        assert isinstance(uf, nc.ufunc) and uf.__name__ == name
        assert uf.nin == getattr(np, name).nin and uf.nout == 1
        assert pickle.loads(pickle.dumps(uf)) is uf
    assert nc.abs is nc.absolute and nc.mod is nc.remainder and nc.true_divide is nc.divide
    assert repr(nc.add) == "<ufunc 'add'>"


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_ufunc_matches_numpy(name, dtype):
    x, y = _operands(dtype, 1), _operands(dtype, 2)[0]  # (4, 5) with (5,): broadcasting
    npf, ncf = getattr(np, name), getattr(nc, name)
    try:
        with np.errstate(all="ignore"):
            want = npf(x, y)
    except TypeError:
        with pytest.raises(TypeError):
            ncf(nc.asarray(x), nc.asarray(y))
        return
    _compare(ncf(nc.asarray(x), nc.asarray(y)), want, dtype)


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", DTYPES)
def test_unary_ufunc_matches_numpy(name, dtype):
    x = sample(dtype, (4, 5), seed=3)
    if name in ("arccosh",) and np.dtype(dtype).kind in "f":
        x = np.abs(x) + 1
    if name in ("arcsin", "arccos", "arctanh") and np.dtype(dtype).kind in "f":
        x = (x / 40).astype(dtype)
    npf, ncf = getattr(np, name), getattr(nc, name)
    try:
        with np.errstate(all="ignore"):
            want = npf(x)
    except TypeError:
        with pytest.raises(TypeError):
            ncf(nc.asarray(x))
        return
    _compare(ncf(nc.asarray(x)), want, dtype)


@pytest.mark.parametrize("scalar", [3, -2, 2.5, 1j, True, 2**40])
@pytest.mark.parametrize("dtype", ["int8", "uint8", "int32", "float16", "float32", "complex64", "bool"])
def test_weak_python_scalars_nep50(scalar, dtype):
    x = _operands(dtype, 4)
    try:
        with np.errstate(all="ignore"):
            want = np.add(x, scalar)
            want2 = np.multiply(scalar, x)
    except (OverflowError, TypeError) as e:
        with pytest.raises(type(e)):
            nc.add(nc.asarray(x), scalar)
        return
    _compare(nc.add(nc.asarray(x), scalar), want, dtype)
    _compare(nc.multiply(scalar, nc.asarray(x)), want2, dtype)


def test_out_where_dtype_casting():
    x = np.arange(6.0).reshape(2, 3)
    a = nc.asarray(x)
    out = nc.zeros((2, 3))
    r = nc.add(a, 1, out=out)
    assert r is out
    same(out, x + 1)
    r = nc.multiply(a, 2, out=(out,))
    assert r is out
    mask = np.array([True, False, True])
    out2 = nc.full((2, 3), -1.0)
    nc.add(a, 10, out=out2, where=mask)
    want = np.full((2, 3), -1.0)
    np.add(x, 10, out=want, where=mask)
    same(out2, want)
    same(nc.add(a, 1, dtype="float32"), np.add(x, 1, dtype="float32"))
    same(nc.sqrt(nc.arange(4), dtype=nc.float32), np.sqrt(np.arange(4), dtype=np.float32))
    with pytest.raises(TypeError, match="same_kind"):
        nc.add(a, 1, out=nc.zeros((2, 3), dtype="i8"))
    same(nc.add(a, 1, out=nc.zeros((2, 3), dtype="i8"), casting="unsafe"),
         np.add(x, 1, out=np.zeros((2, 3), dtype="i8"), casting="unsafe"))
    with pytest.raises(TypeError):
        nc.add(nc.arange(3), nc.arange(3), casting="no", dtype="f8")
    with pytest.raises(TypeError, match="invalid keyword"):
        nc.add(a, 1, bogus=1)
    # Output aliasing an input.
    b = nc.arange(5.0)
    nc.add(b[:-1], b[1:], out=b[1:])
    n = np.arange(5.0)
    np.add(n[:-1], n[1:], out=n[1:])
    same(b, n)


def test_ufunc_errors():
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4,\)|\(2,3\) \(4,\)"):
        nc.add(nc.ones((2, 3)), nc.ones(4))
    with pytest.raises(TypeError):
        nc.bitwise_and(nc.ones(3), nc.ones(3))
    with pytest.raises(TypeError):
        nc.add(nc.ones(3))
    with pytest.raises(TypeError):
        nc.sin(nc.ones(3), nc.ones(3), nc.ones(3))
    with nc.errstate(divide="raise"):
        with pytest.raises(FloatingPointError):
            nc.divide(nc.ones(2), 0.0)
    with nc.errstate(all="ignore"):
        same(nc.divide(nc.ones(2), 0.0), np.full(2, np.inf))


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "minimum", "logical_and", "logical_or",
                                  "subtract", "bitwise_xor", "fmax", "hypot"])
@pytest.mark.parametrize("axis", [0, 1, None, -1])
def test_reduce_matches_numpy(name, axis):
    x = _operands("int32" if name.startswith("bitwise") else "float64", 5)
    npf, ncf = getattr(np, name), getattr(nc, name)
    if axis is None and name not in ("add", "multiply", "maximum", "minimum", "logical_and", "logical_or"):
        want = npf.reduce(x.ravel())
        got = ncf.reduce(nc.asarray(x).ravel())
    else:
        want = npf.reduce(x, axis=axis)
        got = ncf.reduce(nc.asarray(x), axis=axis)
    _compare(got, want, x.dtype)
    _compare(ncf.reduce(nc.asarray(x), axis=0, keepdims=True), npf.reduce(x, axis=0, keepdims=True), x.dtype)


def test_reduce_errors_and_options():
    with pytest.raises(ValueError, match="no identity"):
        nc.maximum.reduce(nc.zeros((0,)))
    with pytest.raises(ValueError):
        nc.sin.reduce(nc.ones(3))
    with pytest.raises(nc.AxisError):
        nc.add.reduce(nc.ones((2, 3)), axis=2)
    same(nc.add.reduce(nc.ones((2, 3)), axis=(0, 1)), np.add.reduce(np.ones((2, 3)), axis=(0, 1)))
    same(nc.add.reduce(nc.asarray([True, True, False])), np.add.reduce(np.array([True, True, False])))
    same(nc.add.reduce(nc.arange(4), initial=10), np.add.reduce(np.arange(4), initial=10))


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "subtract", "minimum"])
def test_accumulate_and_outer(name):
    x = _operands("int64", 6)
    npf, ncf = getattr(np, name), getattr(nc, name)
    _compare(ncf.accumulate(nc.asarray(x), axis=1), npf.accumulate(x, axis=1), x.dtype)
    _compare(ncf.accumulate(nc.asarray(x[0])), npf.accumulate(x[0]), x.dtype)
    _compare(ncf.outer(nc.asarray(x[0]), nc.asarray(x[1, :3])), npf.outer(x[0], x[1, :3]), x.dtype)


def test_at():
    a = nc.zeros(4, dtype="i8")
    nc.add.at(a, [0, 0, 2], 1)
    n = np.zeros(4, dtype="i8")
    np.add.at(n, [0, 0, 2], 1)
    same(a, n)


def test_divmod_round_isclose_where():
    x = np.array([-7, -1, 0, 5, 9])
    same(divmod(nc.asarray(x), 4), divmod(x, 4))
    same(nc.divmod(nc.asarray(x), 3), np.divmod(x, 3))
    f = np.array([0.125, 2.5, -1.55, 1234.5])
    same(nc.round(nc.asarray(f), 1), np.round(f, 1))
    same(nc.around(nc.asarray(f), -1), np.around(f, -1))
    same(nc.isclose(nc.asarray(f), f + 1e-9), np.isclose(f, f + 1e-9))
    assert nc.allclose(nc.asarray(f), f) and not nc.allclose(nc.asarray(f), f + 1)
    same(nc.where(nc.asarray(x) > 0, nc.asarray(x), 0.5), np.where(x > 0, x, 0.5))
    same(nc.clip(nc.asarray(x), -2, 4), np.clip(x, -2, 4))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_broadcasting_hypothesis(data):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=4))
    dt1 = data.draw(st.sampled_from(["int8", "int32", "uint16", "float32", "float64", "bool"]))
    dt2 = data.draw(st.sampled_from(["int8", "int64", "uint8", "float16", "float64", "complex64"]))
    x = sample(dt1, shapes.input_shapes[0], seed=7)
    y = sample(dt2, shapes.input_shapes[1], seed=8)
    name = data.draw(st.sampled_from(["add", "multiply", "maximum", "less", "subtract"]))
    try:
        with np.errstate(all="ignore"):
            want = getattr(np, name)(x, y)
    except TypeError:
        with pytest.raises(TypeError):
            getattr(nc, name)(nc.asarray(x), nc.asarray(y))
        return
    got = getattr(nc, name)(nc.asarray(x), nc.asarray(y))
    _compare(got, want, want.dtype)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_strided_operands_hypothesis(data):
    n = data.draw(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                             elements=st.floats(-1e6, 1e6)))
    key = data.draw(hnp.basic_indices(n.shape))
    view = n[key]
    a = nc.asarray(n)[key]
    _compare(nc.multiply(a, 3.0), np.multiply(view, 3.0), view.dtype)
    _compare(nc.negative(a), np.negative(view), view.dtype)


@pytest.mark.parametrize("name", ["hypot", "logaddexp", "fmax", "bitwise_or", "subtract", "arctan2"])
@pytest.mark.parametrize("axis", [None, 0, (0, 2), (2, 0), (1,), ()])
@pytest.mark.parametrize("keepdims", [False, True])
def test_generic_reduce_axes_match_numpy(name, axis, keepdims):
    x = np.arange(1, 25).reshape(2, 3, 4)
    if name != "bitwise_or":
        x = x / 7
    try:
        want = getattr(np, name).reduce(x, axis=axis, keepdims=keepdims)
    except ValueError as e:
        with pytest.raises(ValueError, match="not reorderable"):
            getattr(nc, name).reduce(nc.asarray(x), axis=axis, keepdims=keepdims)
        assert "not reorderable" in str(e)
        return
    got = getattr(nc, name).reduce(nc.asarray(x), axis=axis, keepdims=keepdims)
    assert got.shape == np.shape(want) and got.dtype == np.asarray(want).dtype
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-12)


def test_generic_reduce_initial_and_identity_keep_the_dtype():
    x = np.arange(6, dtype=np.uint8).reshape(2, 3)
    got = nc.bitwise_or.reduce(nc.asarray(x), axis=(0, 1), initial=0)
    assert got.dtype == nc.uint8 and got.item() == np.bitwise_or.reduce(x, axis=(0, 1), initial=0)
    e = np.zeros((0, 3), np.uint8)
    np.testing.assert_array_equal(np.asarray(nc.bitwise_or.reduce(nc.asarray(e), axis=0)),
                                  np.bitwise_or.reduce(e, axis=0))
    with pytest.raises(ValueError, match="no identity"):
        nc.subtract.reduce(nc.zeros((0, 3)), axis=0)


@pytest.mark.parametrize("idx, b", [
    ((np.array([0, 1, 1]), np.array([2, 0, 0])), np.array([1.0, 2.0, 3.0])),
    ((slice(None), [0, 0]), 1.0),
    (np.array([True, False]), 5.0),
    ([1, 1], np.array([[1.0, 2, 3], [4, 5, 6]])),
    (1, 2.0),
    ((Ellipsis, -1), np.array([7.0, 8.0])),
])
def test_ufunc_at_index_forms(idx, b):
    x = np.arange(6.0).reshape(2, 3)
    a = nc.asarray(x.copy())
    np.multiply.at(x, idx, b)
    nc.multiply.at(a, idx, b)
    np.testing.assert_array_equal(np.asarray(a), x)
    y = np.arange(6.0).reshape(2, 3)
    c = nc.asarray(y.copy())
    np.negative.at(y, idx)
    nc.negative.at(c, idx)
    np.testing.assert_array_equal(np.asarray(c), y)
    with pytest.raises(ValueError):
        nc.add.at(c, idx)

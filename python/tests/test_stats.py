"""Order statistics (median, quantile, percentile and the NaN forms), histograms (weights,
density, bin rules, histogram_bin_edges, histogram2d, histogramdd) and unique along an axis,
against NumPy."""
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ndcore as nc
from helpers import same

METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen",
           "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest"]


def data(dtype="float64", shape=(4, 5, 6), seed=0, nans=0):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind in "iu":
        x = rng.integers(0, 40, shape).astype(dtype)
    else:
        x = (rng.standard_normal(shape) * 10).astype(dtype)
        if nans:
            flat = x.reshape(-1)
            flat[rng.choice(flat.size, nans, replace=False)] = np.nan
    return x


def np_quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return fn(*args, **kwargs)


# ---- median ----


@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 1), (0, 2), (1, 2), (0, 1, 2), (-1, 0)])
@pytest.mark.parametrize("dtype", ["int16", "float32", "float64"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_median_axes(axis, dtype, keepdims):
    x = data(dtype)
    same(nc.median(nc.asarray(x), axis=axis, keepdims=keepdims),
         np.asarray(np.median(x, axis=axis, keepdims=keepdims)), rtol=1e-6)


def test_median_nan_out_and_errors():
    x = data("float64", nans=3)
    same(nc.median(nc.asarray(x), axis=(0, 2)), np.median(x, axis=(0, 2)))
    out = nc.empty((4, 1, 6))
    res = nc.median(nc.asarray(x), axis=1, keepdims=True, out=out)
    assert res is out
    same(out, np.median(x, axis=1, keepdims=True))
    with pytest.raises(nc.AxisError):
        nc.median(nc.ones((2, 3)), axis=(0, 2))
    with pytest.raises(ValueError):
        nc.median(nc.ones((2, 3)), axis=(0, 0))


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 2), (1, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_nanmedian(axis, keepdims):
    x = data("float64", nans=20)
    x[1, 2, :] = np.nan  # an all-NaN slice along the last axis
    same(nc.nanmedian(nc.asarray(x), axis=axis, keepdims=keepdims),
         np.asarray(np_quiet(np.nanmedian, x, axis=axis, keepdims=keepdims)))
    xi = data("int32")
    same(nc.nanmedian(nc.asarray(xi), axis=axis), np.asarray(np.nanmedian(xi, axis=axis)))


# ---- quantiles ----


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("q", [0.0, 0.3, 0.5, 1.0, [0.1, 0.5, 0.99], [[0.0, 0.25], [0.75, 1.0]]])
def test_quantile_methods(method, q):
    for dtype in ("float64", "int64"):
        x = data(dtype, shape=(7, 5))
        for axis in (None, 0, 1):
            want = np.asarray(np.quantile(x, q, axis=axis, method=method))
            same(nc.quantile(nc.asarray(x), q, axis=axis, method=method), want, rtol=1e-12)


@pytest.mark.parametrize("axis", [None, 0, (0, 2), (1, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_percentile_axes_keepdims(axis, keepdims):
    x = data("float64")
    q = [5, 50, 95]
    same(nc.percentile(nc.asarray(x), q, axis=axis, keepdims=keepdims),
         np.percentile(x, q, axis=axis, keepdims=keepdims), rtol=1e-12)
    same(nc.percentile(nc.asarray(x), 30, axis=axis, keepdims=keepdims),
         np.asarray(np.percentile(x, 30, axis=axis, keepdims=keepdims)), rtol=1e-12)


def test_quantile_dtypes_follow_numpy():
    # A Python float q is weak: float32 data give float32; an array q gives float64.
    x = data("float32", shape=(9,))
    same(nc.quantile(nc.asarray(x), 0.3), np.asarray(np.quantile(x, 0.3)), rtol=1e-6)
    same(nc.quantile(nc.asarray(x), [0.3]), np.quantile(x, [0.3]), rtol=1e-6)
    same(nc.percentile(nc.asarray(x), 30), np.asarray(np.percentile(x, 30)), rtol=1e-6)
    xi = data("int64", shape=(9,))
    same(nc.quantile(nc.asarray(xi), 1), np.asarray(np.quantile(xi, 1)))  # integer q keeps the dtype
    same(nc.quantile(nc.asarray(xi), 0.5, method="lower"), np.asarray(np.quantile(xi, 0.5, method="lower")))


def test_quantile_nan_and_errors():
    x = data("float64", shape=(6, 5), nans=4)
    for method in ("linear", "lower", "midpoint", "inverted_cdf"):
        same(nc.quantile(nc.asarray(x), [0.2, 0.5], axis=0, method=method),
             np.quantile(x, [0.2, 0.5], axis=0, method=method), rtol=1e-12)
    with pytest.raises(ValueError, match="Quantiles must be in the range"):
        nc.quantile(nc.ones(3), 1.5)
    with pytest.raises(ValueError, match="Percentiles must be in the range"):
        nc.percentile(nc.ones(3), -1)
    with pytest.raises(ValueError, match="is not a valid method"):
        nc.quantile(nc.ones(3), 0.5, method="bogus")
    with pytest.raises(TypeError):
        nc.quantile(nc.ones(3, "c16"), 0.5)


@pytest.mark.parametrize("method", ["linear", "lower", "higher", "nearest", "midpoint", "hazen", "inverted_cdf"])
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
def test_nanquantile_and_nanpercentile(method, axis):
    x = data("float64", shape=(6, 7, 3), nans=30)
    x[:, 2, 1] = np.nan
    q = [0.1, 0.5, 0.9]
    same(nc.nanquantile(nc.asarray(x), q, axis=axis, method=method),
         np_quiet(np.nanquantile, x, q, axis=axis, method=method), rtol=1e-12)
    same(nc.nanpercentile(nc.asarray(x), 40, axis=axis, method=method),
         np.asarray(np_quiet(np.nanpercentile, x, 40, axis=axis, method=method)), rtol=1e-12)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6),
                  elements=st.floats(-1e6, 1e6) | st.just(np.nan)),
       st.lists(st.floats(0, 1), min_size=1, max_size=4), st.sampled_from(METHODS))
def test_quantile_hypothesis(x, q, method):
    for axis in (None, 0, -1):
        same(nc.quantile(nc.asarray(x), q, axis=axis, method=method),
             np.quantile(x, q, axis=axis, method=method), rtol=1e-9)
        same(nc.nanquantile(nc.asarray(x), q, axis=axis, method=method),
             np_quiet(np.nanquantile, x, q, axis=axis, method=method), rtol=1e-9)


# ---- histograms ----


@pytest.mark.parametrize("wdtype", ["float64", "float32", "int32", "complex128", "uint8"])
def test_histogram_weights(wdtype):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(1000)
    w = (rng.standard_normal(1000) * 5).astype(wdtype) if wdtype != "complex128" else \
        rng.standard_normal(1000) + 1j * rng.standard_normal(1000)
    if wdtype == "uint8":
        w = rng.integers(0, 9, 1000).astype(np.uint8)
    X, W = nc.asarray(x), nc.asarray(w)
    same(nc.histogram(X, 12, weights=W), np.histogram(x, 12, weights=w))
    same(nc.histogram(X, 7, range=(-1, 1), weights=W), np.histogram(x, 7, range=(-1, 1), weights=w))
    same(nc.histogram(X, 7, weights=W, density=True), np.histogram(x, 7, weights=w, density=True), rtol=1e-12)
    edges = [-2.0, -0.5, 0.0, 0.1, 3.0]
    same(nc.histogram(X, edges, weights=W), np.histogram(x, edges, weights=w),
         rtol=1e-12 if wdtype in ("float32", "float64", "complex128") else 0)
    same(nc.histogram(X, edges, weights=W, density=True), np.histogram(x, edges, weights=w, density=True), rtol=1e-12)
    with pytest.raises(ValueError, match="weights should have the same shape"):
        nc.histogram(X, weights=W[:5])


RULES = ["auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt"]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("dtype", ["float64", "float32", "int32"])
def test_histogram_bin_rules(rule, dtype):
    rng = np.random.default_rng(2)
    x = (rng.standard_normal(500) * 20).astype(dtype)
    X = nc.asarray(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        same(nc.histogram(X, rule), np.histogram(x, rule), rtol=1e-6)
        same(nc.histogram(X, rule, range=(-10, 30)), np.histogram(x, rule, range=(-10, 30)), rtol=1e-6)
        same(nc.histogram_bin_edges(X, rule), np.histogram_bin_edges(x, rule), rtol=1e-6)
    same(nc.histogram_bin_edges(X, 7), np.histogram_bin_edges(x, 7))
    same(nc.histogram_bin_edges(X, [0, 1, 5]), np.histogram_bin_edges(x, [0, 1, 5]))
    # Degenerate data: constant values, a single value, empty input.
    for y in (np.full(10, 3.0, dtype), np.array([1], dtype), np.array([], dtype)):
        same(nc.histogram(nc.asarray(y), rule), np.histogram(y, rule))


def test_histogram_rule_errors():
    with pytest.raises(ValueError, match="not a valid estimator"):
        nc.histogram(nc.ones(3), "bogus")
    with pytest.raises(TypeError, match="weighted data"):
        nc.histogram(nc.ones(3), "auto", weights=nc.ones(3))
    with pytest.raises(TypeError):
        nc.histogram(nc.ones(3), 2.5)
    same(nc.histogram(nc.asarray([True, False, True]), 2), np_quiet(np.histogram, np.array([True, False, True]), 2))


@pytest.mark.parametrize("kw", [{}, {"bins": 4}, {"bins": (3, 5)}, {"bins": 4, "density": True},
                                {"bins": [[-1, 0, 1, 2], [-2, 0, 2]]}, {"bins": 3, "range": [(-1, 1), (0, 2)]}])
def test_histogram2d(kw):
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal(200), rng.standard_normal(200)
    w = rng.random(200)
    same(nc.histogram2d(nc.asarray(x), nc.asarray(y), **kw), np.histogram2d(x, y, **kw), rtol=1e-12)
    same(nc.histogram2d(nc.asarray(x), nc.asarray(y), weights=nc.asarray(w), **kw),
         np.histogram2d(x, y, weights=w, **kw), rtol=1e-12)


def test_histogramdd():
    rng = np.random.default_rng(4)
    s = rng.standard_normal((300, 3))
    for kw in ({}, {"bins": (2, 3, 4)}, {"bins": 3, "density": True}, {"range": [(-1, 1), None, (0, 3)]}):
        h, e = nc.histogramdd(nc.asarray(s), **kw)
        hw, ew = np.histogramdd(s, **kw)
        same(h, hw, rtol=1e-12)
        same(tuple(e), tuple(ew), rtol=1e-12)
    h, e = nc.histogramdd([nc.asarray(s[:, 0]), nc.asarray(s[:, 1])], bins=5)
    hw, ew = np.histogramdd([s[:, 0], s[:, 1]], bins=5)
    same(h, hw)
    with pytest.raises(ValueError, match="dimension of bins"):
        nc.histogramdd(nc.asarray(s), bins=(2, 3))


# ---- unique along an axis ----


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int64", "float16", "float32", "float64", "complex64"])
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_unique_axis(dtype, axis):
    rng = np.random.default_rng(5)
    base = rng.integers(0, 2, (3, 4, 2)).astype(dtype)
    x = np.concatenate([base, base[::-1], base[:, ::-1]], axis=axis % 3)
    got = nc.unique(nc.asarray(x), return_index=True, return_inverse=True, return_counts=True, axis=axis)
    want = np.unique(x, return_index=True, return_inverse=True, return_counts=True, axis=axis)
    same(got, want)
    same(nc.unique(nc.asarray(x), axis=axis), np.unique(x, axis=axis))


def test_unique_axis_special_values():
    x = np.array([[np.nan, 1.0], [np.nan, 1.0], [0.0, 2.0], [-0.0, 2.0], [np.inf, 0.0]])
    for kw in ({}, {"equal_nan": False}):
        same(nc.unique(nc.asarray(x), axis=0, return_counts=True, return_inverse=True, **kw),
             np.unique(x, axis=0, return_counts=True, return_inverse=True, **kw))
    # float16 rows order NaN first (NumPy's structured compare of half fields).
    h = np.array([[np.nan, 1], [-1, 2], [np.nan, 0], [3, np.nan], [-1, 2]], np.float16)
    same(nc.unique(nc.asarray(h), axis=0, return_index=True, return_inverse=True),
         np.unique(h, axis=0, return_index=True, return_inverse=True))
    one_d = np.array([3.0, np.nan, 1.0, np.nan])
    same(nc.unique(nc.asarray(one_d), axis=0, return_inverse=True), np.unique(one_d, axis=0, return_inverse=True))
    empty = np.empty((3, 0))
    for ax in (0, 1):
        same(nc.unique(nc.asarray(empty), axis=ax, return_index=True, return_inverse=True, return_counts=True),
             np.unique(empty, axis=ax, return_index=True, return_inverse=True, return_counts=True))
    with pytest.raises(nc.AxisError):
        nc.unique(nc.asarray(5.0), axis=0)
    with pytest.raises(nc.AxisError):
        nc.unique(nc.ones((2, 2)), axis=2)


@given(hnp.arrays(st.sampled_from([np.int8, np.float64, np.uint32]),
                  hnp.array_shapes(min_dims=2, max_dims=3, min_side=0, max_side=5),
                  elements=st.integers(0, 2)), st.integers(-3, 2))
def test_unique_axis_hypothesis(x, axis):
    if not -x.ndim <= axis < x.ndim:
        with pytest.raises(nc.AxisError):
            nc.unique(nc.asarray(x), axis=axis)
        return
    same(nc.unique(nc.asarray(x), return_index=True, return_inverse=True, return_counts=True, axis=axis),
         np.unique(x, return_index=True, return_inverse=True, return_counts=True, axis=axis))


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
def test_quantile_weights(axis):
    rng = np.random.default_rng(6)
    x = rng.integers(0, 20, (5, 6, 3)).astype(np.float64)
    x[0, 0, 0] = np.nan
    w = rng.integers(0, 4, x.shape).astype(np.float64)
    w[:, :, 2] += 1  # no all-zero slice
    for q in (0.5, [0.1, 0.5, 0.9]):
        for fn in ("quantile", "nanquantile"):
            want = np.asarray(np_quiet(getattr(np, fn), x, q, axis=axis, method="inverted_cdf", weights=w))
            same(getattr(nc, fn)(nc.asarray(x), q, axis=axis, method="inverted_cdf", weights=nc.asarray(w)), want)
    same(nc.percentile(nc.asarray(x), [20, 80], axis=axis, method="inverted_cdf", weights=nc.asarray(w)),
         np.percentile(x, [20, 80], axis=axis, method="inverted_cdf", weights=w))
    # Weights shaped like the reduced axes only.
    if axis is not None:
        axes = axis if isinstance(axis, tuple) else (axis,)
        w1 = rng.random(tuple(x.shape[a] for a in axes)) + 0.1
        same(nc.quantile(nc.asarray(x), 0.3, axis=axis, method="inverted_cdf", weights=nc.asarray(w1)),
             np.asarray(np.quantile(x, 0.3, axis=axis, method="inverted_cdf", weights=w1)))


def test_quantile_weights_errors():
    x = nc.arange(6.0).reshape(2, 3)
    with pytest.raises(ValueError, match="Only method 'inverted_cdf' supports weights"):
        nc.quantile(x, 0.5, weights=nc.ones((2, 3)))
    with pytest.raises(TypeError, match="Axis must be specified"):
        nc.quantile(x, 0.5, method="inverted_cdf", weights=nc.ones(3))
    with pytest.raises(ValueError, match="non-negative"):
        nc.quantile(x, 0.5, method="inverted_cdf", weights=-nc.ones((2, 3)))
    with pytest.raises(ValueError, match="all zero"):
        nc.quantile(x, 0.5, axis=1, method="inverted_cdf", weights=nc.zeros((2, 3)))

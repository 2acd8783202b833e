"""ndcore as an Array API (2023.12) namespace: the names, signatures and promotion rules the
standard lists, checked against NumPy 2 (itself an Array API namespace) as the oracle, with
inputs drawn by hypothesis's Array API strategies built over ndcore."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.array_api import make_strategies_namespace

import ndcore as nc

with warnings.catch_warnings():
    warnings.simplefilter("error")  # a namespace hypothesis does not recognise would warn
    xps = make_strategies_namespace(nc, api_version="2023.12")

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DTYPE_NAMES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
               "float32", "float64", "complex64", "complex128"]

# Every name of the 2023.12 standard: the main namespace and the linalg and fft extensions.
MAIN = """e inf nan newaxis pi
arange asarray empty empty_like eye from_dlpack full full_like linspace meshgrid ones ones_like tril triu zeros
zeros_like astype can_cast finfo iinfo isdtype result_type bool int8 int16 int32 int64 uint8 uint16 uint32 uint64
float32 float64 complex64 complex128 abs acos acosh add asin asinh atan atan2 atanh bitwise_and bitwise_left_shift
bitwise_invert bitwise_or bitwise_right_shift bitwise_xor ceil clip conj copysign cos cosh divide equal exp expm1
floor floor_divide greater greater_equal hypot imag isfinite isinf isnan less less_equal log log1p log2 log10
logaddexp logical_and logical_not logical_or logical_xor maximum minimum multiply negative not_equal positive pow
real remainder round sign signbit sin sinh square sqrt subtract tan tanh trunc take matmul matrix_transpose
tensordot vecdot broadcast_arrays broadcast_to concat expand_dims flip moveaxis permute_dims repeat reshape roll
squeeze stack tile unstack argmax argmin nonzero searchsorted where unique_all unique_counts unique_inverse
unique_values argsort sort cumulative_sum max mean min prod std sum var all any __array_namespace_info__""".split()
LINALG = """cholesky cross det diagonal eigh eigvalsh inv matmul matrix_norm matrix_power matrix_rank
matrix_transpose outer pinv qr slogdet solve svd svdvals tensordot trace vecdot vector_norm""".split()
FFT = "fft ifft fftn ifftn rfft irfft rfftn irfftn hfft ihfft fftfreq rfftfreq fftshift ifftshift".split()


def finite_elements(dtype, bound):
    """Element options for hypothesis: finite values within +-bound, as the dtype allows."""
    kind = np.dtype(dtype.name).kind
    if kind == "b":
        return None
    if kind in "iu":
        info = np.iinfo(np.dtype(dtype.name))
        return {"min_value": max(-bound, int(info.min)), "max_value": min(bound, int(info.max))}
    return {"allow_nan": False, "allow_infinity": False, "min_value": -bound, "max_value": bound}


def draw_finite(data, dtype, shape, bound):
    """An ndcore array of `dtype` with finite elements within +-bound (complex: each part)."""
    if np.dtype(dtype.name).kind != "c":
        return data.draw(xps.arrays(dtype=dtype, shape=shape, elements=finite_elements(dtype, bound)))
    part = nc.float32 if dtype == nc.complex64 else nc.float64
    re = data.draw(xps.arrays(dtype=part, shape=shape, elements=finite_elements(part, bound)))
    im = data.draw(xps.arrays(dtype=part, shape=shape, elements=finite_elements(part, bound)))
    return nc.astype(re, dtype) + nc.astype(im, dtype) * 1j


def to_np(x):
    return np.asarray(x)


def assert_matches(got, want, rtol=None):
    """Same shape and dtype as NumPy's result, and the same values (NaNs in the same places)."""
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    if rtol is None:
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=rtol, atol=0, equal_nan=True)


# ---- the namespace and its inspection API ----

def test_every_standard_name_exists():
    assert [n for n in MAIN if not hasattr(nc, n)] == []
    assert [n for n in LINALG if not hasattr(nc.linalg, n)] == []
    assert [n for n in FFT if not hasattr(nc.fft, n)] == []


def test_array_namespace_and_version():
    x = nc.ones(3)
    assert x.__array_namespace__() is nc
    assert x.__array_namespace__(api_version="2023.12") is nc
    assert nc.__array_api_version__ == "2023.12"
    with pytest.raises(ValueError, match="Array API version"):
        x.__array_namespace__(api_version="1999.01")


def test_namespace_info_matches_numpy():
    info, npinfo = nc.__array_namespace_info__(), np.__array_namespace_info__()
    caps = info.capabilities()
    assert caps["boolean indexing"] is True and caps["data-dependent shapes"] is True
    assert info.default_device() == "cpu" and info.devices() == ["cpu"]
    assert {k: v.name for k, v in info.default_dtypes().items()} == \
        {k: np.dtype(v).name for k, v in npinfo.default_dtypes().items()}
    for kind in (None, "bool", "signed integer", "unsigned integer", "integral", "real floating",
                 "complex floating", "numeric", ("bool", "real floating")):
        got = {k: v.name for k, v in info.dtypes(kind=kind).items()}
        want = {k: np.dtype(v).name for k, v in npinfo.dtypes(kind=kind).items()}
        assert got == want, kind
    with pytest.raises(ValueError, match="device"):
        info.dtypes(device="gpu")


def test_device_and_to_device():
    x = nc.arange(4)
    assert x.device == "cpu"
    assert x.to_device("cpu") is x
    with pytest.raises(ValueError, match="to_device"):
        x.to_device("cuda:0")


@pytest.mark.parametrize("make", [
    lambda d: nc.asarray([1, 2], device=d), lambda d: nc.zeros(2, device=d), lambda d: nc.ones(2, device=d),
    lambda d: nc.empty(2, device=d), lambda d: nc.full(2, 3.0, device=d), lambda d: nc.eye(2, device=d),
    lambda d: nc.arange(3, device=d), lambda d: nc.linspace(0, 1, 3, device=d),
    lambda d: nc.zeros_like(nc.ones(2), device=d), lambda d: nc.ones_like(nc.ones(2), device=d),
    lambda d: nc.empty_like(nc.ones(2), device=d), lambda d: nc.full_like(nc.ones(2), 1, device=d),
    lambda d: nc.astype(nc.ones(2), nc.int8, device=d), lambda d: nc.from_dlpack(nc.ones(2), device=d),
])
def test_creation_takes_the_cpu_device_only(make):
    assert make("cpu").device == "cpu"
    assert make(None).device == "cpu"
    with pytest.raises((ValueError, BufferError)):
        make("gpu")


# ---- data types and promotion ----

@pytest.mark.parametrize("a", DTYPE_NAMES)
def test_promotion_table_matches_numpy(a):
    for b in DTYPE_NAMES:
        want = np.result_type(np.dtype(a), np.dtype(b))
        assert nc.result_type(getattr(nc, a), getattr(nc, b)).name == want.name, (a, b)
        got = nc.add(nc.ones(2, dtype=getattr(nc, a)), nc.ones(2, dtype=getattr(nc, b))).dtype
        assert got.name == want.name, (a, b)
        assert nc.can_cast(getattr(nc, a), getattr(nc, b)) == np.can_cast(np.dtype(a), np.dtype(b)), (a, b)


@pytest.mark.parametrize("kind", ["bool", "signed integer", "unsigned integer", "integral", "real floating",
                                  "complex floating", "numeric", ("integral", "complex floating"), "int8"])
def test_isdtype_matches_numpy(kind):
    for name in DTYPE_NAMES + ["float16"]:
        k = getattr(nc, kind) if kind == "int8" else kind
        npk = np.int8 if kind == "int8" else kind
        assert nc.isdtype(getattr(nc, name), k) == np.isdtype(np.dtype(name), npk), (name, kind)


def test_isdtype_errors():
    with pytest.raises(TypeError):
        nc.isdtype("float64", "numeric")
    with pytest.raises(ValueError, match="kind"):
        nc.isdtype(nc.float64, "floating-ish")


def test_finfo_iinfo_fields():
    for name in ("float32", "float64", "complex64", "complex128"):
        f, g = nc.finfo(getattr(nc, name)), np.finfo(np.dtype(name))
        assert (f.bits, f.eps, f.max, f.min, f.smallest_normal) == \
            (g.bits, float(g.eps), float(g.max), float(g.min), float(g.smallest_normal))
        assert f.dtype.name == g.dtype.name
    for name in ("int8", "uint16", "int32", "uint64"):
        i, j = nc.iinfo(getattr(nc, name)), np.iinfo(np.dtype(name))
        assert (i.bits, i.min, i.max, i.dtype.name) == (j.bits, j.min, j.max, j.dtype.name)


# ---- property tests over hypothesis's Array API strategies ----

UNARY_FLOAT = ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "exp", "expm1",
               "floor", "log", "log1p", "log2", "log10", "negative", "positive", "round", "sign", "signbit", "sin",
               "sinh", "square", "sqrt", "tan", "tanh", "trunc", "isfinite", "isinf", "isnan"]


@pytest.mark.parametrize("name", UNARY_FLOAT)
@SETTINGS
@given(x=xps.arrays(dtype=xps.floating_dtypes(), shape=xps.array_shapes(min_dims=0, max_dims=3)))
def test_unary_elementwise(name, x):
    with np.errstate(all="ignore"):
        want = getattr(np, name)(to_np(x))
    rtol = None if want.dtype.kind == "b" or name in ("ceil", "floor", "trunc", "negative", "positive", "abs",
                                                      "round", "sign") else 4 * np.finfo(want.dtype).eps
    assert_matches(getattr(nc, name)(x), want, rtol)


BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "equal", "not_equal", "less",
          "less_equal", "greater", "greater_equal", "atan2", "hypot", "copysign", "logaddexp", "pow"]


@pytest.mark.parametrize("name", BINARY)
@SETTINGS
@given(data=st.data())
def test_binary_elementwise_broadcasts(name, data):
    shapes = data.draw(xps.mutually_broadcastable_shapes(2, max_dims=3)).input_shapes
    dtype = data.draw(xps.floating_dtypes())
    x = data.draw(xps.arrays(dtype=dtype, shape=shapes[0]))
    y = data.draw(xps.arrays(dtype=dtype, shape=shapes[1]))
    with np.errstate(all="ignore"):
        want = getattr(np, name)(to_np(x), to_np(y))
    exact = want.dtype.kind == "b" or name in ("maximum", "minimum", "copysign", "add", "subtract", "multiply")
    assert_matches(getattr(nc, name)(x, y), want, None if exact else 4 * np.finfo(want.dtype).eps)


INT_BINARY = ["bitwise_and", "bitwise_or", "bitwise_xor", "add", "multiply", "floor_divide", "remainder"]


@pytest.mark.parametrize("name", INT_BINARY)
@SETTINGS
@given(data=st.data())
def test_integer_binary_elementwise(name, data):
    shapes = data.draw(xps.mutually_broadcastable_shapes(2, max_dims=2)).input_shapes
    dtype = data.draw(xps.integer_dtypes() | xps.unsigned_integer_dtypes())
    x = data.draw(xps.arrays(dtype=dtype, shape=shapes[0]))
    y = data.draw(xps.arrays(dtype=dtype, shape=shapes[1]))
    if name in ("floor_divide", "remainder"):
        assume(bool(np.all(to_np(y) != 0)))
    with np.errstate(all="ignore"):
        want = getattr(np, name)(to_np(x), to_np(y))
    assert_matches(getattr(nc, name)(x, y), want)


@pytest.mark.parametrize("name", ["sum", "prod", "max", "min", "mean", "std", "var", "all", "any"])
@SETTINGS
@given(data=st.data())
def test_statistical_reductions(name, data):
    dtype = data.draw(xps.floating_dtypes() if name in ("mean", "std", "var") else xps.numeric_dtypes())
    if name in ("max", "min"):
        dtype = data.draw(xps.real_dtypes())
    # Products stay far from overflow: where a product overflows, the order of the multiplications
    # decides between inf, 0 and nan, and ndcore's vectorised order differs from NumPy's.
    shape = data.draw(xps.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4 if name == "prod" else 5))
    x = draw_finite(data, dtype, shape, 1.5 if name == "prod" and np.dtype(dtype.name).kind in "fc" else 100)
    axis = data.draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    keepdims = data.draw(st.booleans())
    kwargs = {"axis": axis, "keepdims": keepdims}
    if name in ("std", "var"):
        kwargs["correction"] = data.draw(st.sampled_from([0, 1]))
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy warns on a correction >= the sample size
        want = getattr(np, name)(to_np(x), **kwargs)
    got = getattr(nc, name)(x, **kwargs)
    if name in ("max", "min", "all", "any") or np.dtype(want.dtype).kind in "iub":
        assert_matches(got, want)
        return
    # Summation order differs (both are pairwise-ish): allow a few ulps of the operands' scale.
    got = np.asarray(got)
    assert got.shape == want.shape and got.dtype == want.dtype
    eps = np.finfo(want.dtype).eps
    scale = float(np.max(np.abs(to_np(x)))) if x.size else 0.0
    scale = scale ** 2 if name in ("var", "std") else scale
    atol = 8 * eps * max(scale, 1.0) * max(x.size, 1)
    if name == "std":
        atol = math.sqrt(atol)
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(got, want, rtol=8 * eps * max(x.size, 1), atol=atol, equal_nan=True)


@SETTINGS
@given(data=st.data())
def test_sort_and_argsort_descending_stable(data):
    x = data.draw(xps.arrays(dtype=xps.real_dtypes(), shape=xps.array_shapes(min_dims=1, max_dims=2),
                             elements={"allow_nan": False}))
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    xn = to_np(x)
    for descending in (False, True):
        got_idx = to_np(nc.argsort(x, axis=axis, descending=descending, stable=True))
        keys = -xn.astype(np.float64) if descending else xn
        if xn.dtype.kind == "b" and descending:
            keys = ~xn
        # The reference: a stable sort on keys that order descending values first.
        want_idx = np.argsort(keys, axis=axis, kind="stable")
        np.testing.assert_array_equal(got_idx, want_idx)
        got = nc.sort(x, axis=axis, descending=descending, stable=True)
        assert_matches(got, np.take_along_axis(xn, want_idx, axis=axis))


@SETTINGS
@given(x=xps.arrays(dtype=xps.real_dtypes(), shape=xps.array_shapes(min_dims=0, max_dims=3)))
def test_unique_functions_match_numpy(x):
    xn = to_np(x)
    for name in ("unique_values", "unique_counts", "unique_inverse", "unique_all"):
        got, want = getattr(nc, name)(x), getattr(np, name)(xn)
        if name == "unique_values":
            # The standard leaves the order open (NumPy 2.3+ returns hash order); ndcore sorts.
            assert_matches(got, np.sort(want))
            continue
        assert type(got).__name__ == type(want).__name__ and got._fields == want._fields
        for g, w in zip(got, want):
            assert_matches(g, w)


@SETTINGS
@given(data=st.data())
def test_cumulative_sum_and_prod(data):
    dtype = data.draw(xps.numeric_dtypes())
    x = draw_finite(data, dtype, data.draw(xps.array_shapes(min_dims=1, max_dims=2)), 10)
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1)) if x.ndim > 1 else data.draw(st.none() | st.just(0))
    include_initial = data.draw(st.booleans())
    for name in ("cumulative_sum", "cumulative_prod"):
        with np.errstate(all="ignore"):
            want = getattr(np, name)(to_np(x), axis=axis, include_initial=include_initial)
        got = getattr(nc, name)(x, axis=axis, include_initial=include_initial)
        assert_matches(got, want, None if want.dtype.kind in "iub" else 1e-5)


def test_cumulative_sum_needs_an_axis_for_nd():
    with pytest.raises(ValueError, match="cumulative_sum"):
        nc.cumulative_sum(nc.ones((2, 2)))


@SETTINGS
@given(data=st.data())
def test_manipulation_functions(data):
    x = data.draw(xps.arrays(dtype=xps.scalar_dtypes(), shape=xps.array_shapes(min_dims=1, max_dims=3)))
    xn = to_np(x)
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    assert_matches(nc.flip(x, axis=axis), np.flip(xn, axis=axis))
    assert_matches(nc.expand_dims(x, axis=axis), np.expand_dims(xn, axis=axis))
    perm = data.draw(st.permutations(range(x.ndim)))
    assert_matches(nc.permute_dims(x, tuple(perm)), np.permute_dims(xn, tuple(perm)))
    shift = data.draw(st.integers(-5, 5))
    assert_matches(nc.roll(x, shift, axis=axis), np.roll(xn, shift, axis=axis))
    reps = tuple(data.draw(st.lists(st.integers(0, 2), min_size=1, max_size=3)))
    assert_matches(nc.tile(x, reps), np.tile(xn, reps))
    parts = nc.unstack(x, axis=axis)
    want_parts = np.unstack(xn, axis=axis)
    assert len(parts) == len(want_parts)
    for p, w in zip(parts, want_parts):
        assert_matches(p, w)
    assert_matches(nc.concat([x, x], axis=axis), np.concat([xn, xn], axis=axis))
    assert_matches(nc.concat([x, x], axis=None), np.concat([xn, xn], axis=None))
    assert_matches(nc.stack([x, x], axis=axis), np.stack([xn, xn], axis=axis))
    dtype = data.draw(xps.scalar_dtypes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        assert_matches(nc.astype(x, dtype), np.astype(xn, np.dtype(dtype.name)))


def test_astype_copy_false_returns_the_input():
    x = nc.ones(3)
    assert nc.astype(x, nc.float64, copy=False) is x
    y = nc.astype(x, nc.float64)
    assert y is not x
    y[0] = 5
    assert float(x[0]) == 1.0


def test_unstack_of_0d_is_an_error():
    with pytest.raises(ValueError, match="unstack"):
        nc.unstack(nc.asarray(1.0))


@SETTINGS
@given(data=st.data())
def test_basic_indexing_matches_numpy(data):
    x = data.draw(xps.arrays(dtype=xps.scalar_dtypes(), shape=xps.array_shapes(min_dims=1, max_dims=3)))
    key = data.draw(xps.indices(x.shape, allow_newaxis=True, allow_ellipsis=True))
    assert_matches(x[key], to_np(x)[key])


@SETTINGS
@given(data=st.data())
def test_take_and_searchsorted(data):
    x = data.draw(xps.arrays(dtype=xps.real_dtypes(), shape=xps.array_shapes(min_dims=1, max_dims=1, min_side=1),
                             elements={"allow_nan": False}))
    n = x.shape[0]
    idx = data.draw(xps.arrays(dtype=nc.int64, shape=xps.array_shapes(min_dims=1, max_dims=1),
                               elements=st.integers(-n, n - 1)))
    assert_matches(nc.take(x, idx, axis=0), np.take(to_np(x), to_np(idx), axis=0))
    s = nc.sort(x)
    v = data.draw(xps.arrays(dtype=x.dtype, shape=xps.array_shapes(max_dims=1), elements={"allow_nan": False}))
    for side in ("left", "right"):
        assert_matches(nc.searchsorted(s, v, side=side), np.searchsorted(to_np(s), to_np(v), side=side))


def test_linspace_complex_and_endpoint():
    got = nc.linspace(0, 1 + 2j, 5, endpoint=False)
    assert_matches(got, np.linspace(0, 1 + 2j, 5, endpoint=False), 1e-15)


def test_constants():
    assert nc.e == math.e and nc.pi == math.pi and math.isinf(nc.inf) and math.isnan(nc.nan)
    assert nc.newaxis is None


@SETTINGS
@given(data=st.data())
def test_linalg_extension_functions(data):
    dtype = data.draw(xps.floating_dtypes())
    n = data.draw(st.integers(1, 4))
    batch = data.draw(xps.array_shapes(min_dims=0, max_dims=2, max_side=3))
    x = draw_finite(data, dtype, batch + (n, n), 10)
    xn = to_np(x)
    tol = 1e-4 if dtype == nc.float32 else 1e-12
    offset = data.draw(st.integers(-n, n))
    assert_matches(nc.linalg.diagonal(x, offset=offset), np.linalg.diagonal(xn, offset=offset))
    assert_matches(nc.linalg.trace(x, offset=offset), np.linalg.trace(xn, offset=offset), tol)
    assert_matches(nc.linalg.matrix_transpose(x), np.linalg.matrix_transpose(xn))
    for ord_ in ("fro", 1, -1, np.inf, -np.inf):
        keepdims = data.draw(st.booleans())
        assert_matches(nc.linalg.matrix_norm(x, keepdims=keepdims, ord=ord_),
                       np.linalg.matrix_norm(xn, keepdims=keepdims, ord=ord_), tol)
    for ord_ in (1, 2, np.inf, -np.inf, 0, 3):
        axis = data.draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
        assert_matches(nc.linalg.vector_norm(x, axis=axis, ord=ord_),
                       np.linalg.vector_norm(xn, axis=axis, ord=ord_), tol)
    v = draw_finite(data, dtype, (3,), 10)
    w = draw_finite(data, dtype, (3,), 10)
    assert_matches(nc.linalg.cross(v, w), np.linalg.cross(to_np(v), to_np(w)), tol)
    assert_matches(nc.linalg.outer(v, w), np.linalg.outer(to_np(v), to_np(w)), tol)
    assert_matches(nc.linalg.vecdot(v, w), np.linalg.vecdot(to_np(v), to_np(w)), tol)
    assert_matches(nc.linalg.matmul(x, x), np.linalg.matmul(xn, xn), tol)
    m = x[(0,) * len(batch)]  # one n x n matrix
    assert_matches(nc.linalg.tensordot(m, m, axes=1), np.linalg.tensordot(to_np(m), to_np(m), axes=1), tol)


def test_linalg_named_results_match_numpy():
    a = np.array([[4.0, 1.0], [1.0, 3.0]])
    x = nc.asarray(a)
    for name in ("eigh", "eig", "qr", "slogdet", "svd"):
        got, want = getattr(nc.linalg, name)(x), getattr(np.linalg, name)(a)
        assert type(got).__name__ == type(want).__name__ and got._fields == want._fields, name
    np.testing.assert_allclose(np.asarray(nc.linalg.eigh(x).eigenvalues), np.linalg.eigh(a).eigenvalues)
    np.testing.assert_allclose(np.asarray(nc.linalg.svd(x, hermitian=True).S), np.linalg.svd(a, hermitian=True).S)
    np.testing.assert_allclose(float(nc.linalg.slogdet(x).logabsdet), np.linalg.slogdet(a).logabsdet)
    assert isinstance(nc.linalg.qr(x, mode="r"), nc.ndarray)
    assert isinstance(nc.linalg.svd(x, compute_uv=False), nc.ndarray)

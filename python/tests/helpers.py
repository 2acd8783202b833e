"""Shared checks: an ndcore result against NumPy's (values, dtype, shape)."""
import numpy as np

import ndcore as nc

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]
NUMERIC = [d for d in DTYPES if d != "bool"]


def as_np(x):
    """A NumPy view of an ndcore array (or a NumPy value passed through)."""
    if isinstance(x, nc.ndarray):
        return np.asarray(x)
    return x


def same(got, want, *, rtol=0.0, check_dtype=True):
    """got (ndcore) equals want (NumPy): type, shape, dtype and values (NaNs equal)."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w, rtol=rtol, check_dtype=check_dtype)
        return
    assert isinstance(got, nc.ndarray), f"expected an ndcore array, got {type(got)}"
    want = np.asarray(want)
    g = np.asarray(got)
    assert g.shape == want.shape, f"shape {g.shape} != {want.shape}"
    if check_dtype:
        assert g.dtype == want.dtype, f"dtype {g.dtype} != {want.dtype}"
    if rtol:
        np.testing.assert_allclose(g, want, rtol=rtol, equal_nan=True)
    else:
        np.testing.assert_array_equal(g, want)


def sample(dtype, shape=(3, 4), seed=0):
    """Deterministic values that fit every dtype (small, signed where possible)."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    if dtype == "bool":
        v = rng.integers(0, 2, n).astype(bool)
    elif np.dtype(dtype).kind == "u":
        v = rng.integers(0, 50, n).astype(dtype)
    elif np.dtype(dtype).kind == "i":
        v = rng.integers(-50, 50, n).astype(dtype)
    elif np.dtype(dtype).kind == "f":
        v = (rng.standard_normal(n) * 10).astype(dtype)
    else:
        v = (rng.standard_normal(n) * 10 + 1j * rng.standard_normal(n) * 10).astype(dtype)
    return v.reshape(shape)

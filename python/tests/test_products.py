"""Matrix and vector products (nd's linear algebra) and the @ operator, against NumPy."""
import numpy as np
import pytest

import ndcore as nc
from helpers import DTYPES, same, sample

RTOL = {"float16": 1e-2, "float32": 1e-5, "complex64": 1e-5}


def _close(got, want):
    want = np.asarray(want)
    same(got, want, rtol=RTOL.get(str(want.dtype), 1e-12) if want.dtype.kind in "fc" else 0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shapes", [((3, 4), (4, 2)), ((4,), (4, 3)), ((2, 4), (4,)), ((4,), (4,)),
                                    ((2, 1, 3, 4), (5, 4, 2)), ((0, 3), (3, 2))])
def test_matmul_and_operator(dtype, shapes):
    x, y = sample(dtype, shapes[0], seed=91), sample(dtype, shapes[1], seed=92)
    a, b = nc.asarray(x), nc.asarray(y)
    want = np.matmul(x, y)
    _close(nc.matmul(a, b), want)
    _close(a @ b, want)
    if x.size:  # reflected: list @ ndarray (the list converts as np.array does)
        _close(x.tolist() @ b, np.matmul(np.array(x.tolist()), y))


def test_matmul_out_inplace_and_errors():
    a, b = nc.ones((2, 3)), nc.arange(9.0).reshape(3, 3)
    out = nc.zeros((2, 3))
    assert nc.matmul(a, b, out=out) is out
    same(out, np.ones((2, 3)) @ np.arange(9.0).reshape(3, 3))
    c = a.copy()
    before = c
    c @= b
    assert c is before
    same(c, np.ones((2, 3)) @ np.arange(9.0).reshape(3, 3))
    with pytest.raises(ValueError, match="mismatch in its core dimension"):
        nc.ones((2, 3)) @ nc.ones((4, 2))
    with pytest.raises(ValueError):
        np.ones((2, 3)) @ np.ones((4, 2))
    with pytest.raises(TypeError):
        nc.ones((2, 2)) @ "x"


@pytest.mark.parametrize("dtype", ["int32", "float64", "complex128", "float32"])
def test_other_products(dtype):
    x, y = sample(dtype, (3, 4), seed=93), sample(dtype, (4, 2), seed=94)
    v, w = sample(dtype, (4,), seed=95), sample(dtype, (4,), seed=96)
    a, b, p, q = (nc.asarray(t) for t in (x, y, v, w))
    _close(nc.dot(a, b), np.dot(x, y))
    _close(a.dot(b), x.dot(y))
    _close(nc.dot(p, q), np.dot(v, w))
    _close(nc.dot(a, 2), np.dot(x, 2))
    _close(nc.vdot(p, q), np.vdot(v, w))
    _close(nc.inner(a, b.T), np.inner(x, y.T))
    _close(nc.outer(p, q), np.outer(v, w))
    _close(nc.kron(a, b), np.kron(x, y))
    _close(nc.tensordot(a, b, axes=1), np.tensordot(x, y, axes=1))
    _close(nc.tensordot(a, b, axes=([1], [0])), np.tensordot(x, y, axes=([1], [0])))
    _close(nc.vecdot(a, p), np.vecdot(x, v))
    three = sample(dtype, (2, 3), seed=97)
    _close(nc.cross(nc.asarray(three), nc.asarray(three[::-1])), np.cross(three, three[::-1]))
    _close(nc.trace(a), np.trace(x))
    _close(a.trace(offset=1), x.trace(offset=1))
    out = nc.zeros((3, 2), dtype=dtype)
    assert nc.dot(a, b, out=out) is out

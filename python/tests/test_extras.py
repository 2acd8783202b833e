"""NumPy functions ndcore builds in Python (triangles, index helpers, copyto, select,
NaN/inf helpers, median, resize) against NumPy."""
import numpy as np
import pytest

import ndcore as nc
from helpers import same, sample


def test_diag_tri_and_indices():
    v = np.array([1, 2, 3])
    m = np.arange(12).reshape(3, 4)
    for k in (-2, 0, 1):
        same(nc.diag(v, k), np.diag(v, k))
        same(nc.diag(nc.asarray(m), k), np.diag(m, k))
        same(nc.tri(3, 4, k), np.tri(3, 4, k))
        same(nc.tril_indices(4, k), np.tril_indices(4, k))
        same(nc.triu_indices(3, k, 5), np.triu_indices(3, k, 5))
    same(nc.diagflat([[1, 2], [3, 4]], 1), np.diagflat([[1, 2], [3, 4]], 1))
    same(nc.tri(3, dtype=int), np.tri(3, dtype=int))
    same(nc.indices((2, 3)), np.indices((2, 3)))
    same(nc.indices((2, 3), sparse=True), np.indices((2, 3), sparse=True))
    with pytest.raises(ValueError):
        nc.diag(nc.zeros((2, 2, 2)))


def test_unravel_and_ravel_multi_index():
    idx = np.array([0, 5, 11, 7])
    same(nc.unravel_index(idx, (3, 4)), np.unravel_index(idx, (3, 4)))
    same(nc.unravel_index(idx, (3, 4), order="F"), np.unravel_index(idx, (3, 4), order="F"))
    same(nc.unravel_index(nc.asarray(7), (2, 5)), tuple(np.asarray(x) for x in np.unravel_index(7, (2, 5))))
    with pytest.raises(ValueError, match="out of bounds"):
        nc.unravel_index([12], (3, 4))
    coords = (np.array([0, 2, 1]), np.array([3, 0, 1]))
    same(nc.ravel_multi_index(coords, (3, 4)), np.ravel_multi_index(coords, (3, 4)))
    same(nc.ravel_multi_index(coords, (3, 4), order="F"), np.ravel_multi_index(coords, (3, 4), order="F"))
    same(nc.ravel_multi_index(([5, -1], [1, 9]), (3, 4), mode="wrap"),
         np.ravel_multi_index(([5, -1], [1, 9]), (3, 4), mode="wrap"))
    same(nc.ravel_multi_index(([5, -1], [1, 9]), (3, 4), mode="clip"),
         np.ravel_multi_index(([5, -1], [1, 9]), (3, 4), mode="clip"))
    with pytest.raises(ValueError, match="invalid entry"):
        nc.ravel_multi_index(([3], [0]), (3, 4))


def test_copyto_and_select():
    d, n = nc.zeros((2, 3), dtype="i4"), np.zeros((2, 3), dtype="i4")
    nc.copyto(d, [1, 2, 3])
    np.copyto(n, [1, 2, 3])
    same(d, n)
    nc.copyto(d, 7, where=nc.asarray([True, False, True]))
    np.copyto(n, 7, where=[True, False, True])
    same(d, n)
    with pytest.raises(TypeError):
        np.copyto(n, 1.5)
    with pytest.raises(TypeError):
        nc.copyto(d, 1.5)
    with pytest.raises(TypeError):
        nc.copyto(d, nc.ones(3))
    nc.copyto(d, nc.ones(3) * 2.7, casting="unsafe")
    np.copyto(n, np.ones(3) * 2.7, casting="unsafe")
    same(d, n)
    x = np.arange(10)
    conds, choices = [x < 3, x > 5], [x, x ** 2]
    same(nc.select([nc.asarray(c) for c in conds], [nc.asarray(c) for c in choices], 42),
         np.select(conds, choices, 42))
    same(nc.select([nc.asarray(x) > 4], [nc.asarray(x).astype("f4")]), np.select([x > 4], [x.astype("f4")]))
    with pytest.raises(TypeError):
        nc.select([nc.asarray(x)], [nc.asarray(x)])


def test_nan_inf_helpers():
    f = np.array([np.nan, np.inf, -np.inf, 1.5, -0.0])
    a = nc.asarray(f)
    same(nc.nan_to_num(a), np.nan_to_num(f))
    same(nc.nan_to_num(a, nan=-1.0, posinf=9.0, neginf=-9.0), np.nan_to_num(f, nan=-1.0, posinf=9.0, neginf=-9.0))
    c = np.array([complex(np.nan, np.inf), 1 + 2j])
    same(nc.nan_to_num(nc.asarray(c)), np.nan_to_num(c))
    same(nc.nan_to_num(nc.arange(3)), np.nan_to_num(np.arange(3)))
    same(nc.isposinf(a), np.isposinf(f))
    same(nc.isneginf(a), np.isneginf(f))
    z = np.array([1 + 0j, 2 + 1j, -1j])
    same(nc.isreal(nc.asarray(z)), np.isreal(z))
    same(nc.iscomplex(nc.asarray(z)), np.iscomplex(z))
    same(nc.iscomplex(nc.arange(2)), np.iscomplex(np.arange(2)))
    same(nc.angle(nc.asarray(z)), np.angle(z))
    same(nc.angle(nc.asarray(z), deg=True), np.angle(z, deg=True))


def test_printing_and_equivalence_helpers():
    a = np.arange(6).reshape(2, 3)
    assert nc.array_repr(nc.asarray(a)) == np.array_repr(a)
    assert nc.array_str(nc.asarray(a)) == np.array_str(a)
    assert nc.array_equiv(nc.asarray([1, 2]), [[1, 2], [1, 2]]) == np.array_equiv([1, 2], [[1, 2], [1, 2]])
    assert nc.array_equiv([1, 2], [1, 2, 3]) == np.array_equiv([1, 2], [1, 2, 3])
    same(nc.resize(nc.asarray(a), (4, 4)), np.resize(a, (4, 4)))
    same(nc.resize(nc.asarray(a), 3), np.resize(a, 3))
    same(nc.resize(nc.zeros(0), (2,)), np.resize(np.zeros(0), (2,)))
    assert list(nc.ndindex(2, 3)) == list(np.ndindex(2, 3))
    assert [(i, v.item()) for i, v in nc.ndenumerate(nc.asarray(a))] == [(i, v.item()) for i, v in np.ndenumerate(a)]


@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "uint8"])
@pytest.mark.parametrize("axis", [None, 0, 1])
def test_median(dtype, axis):
    for shape in ((5, 4), (4, 3)):
        x = sample(dtype, shape, seed=61)
        same(nc.median(nc.asarray(x), axis=axis), np.asarray(np.median(x, axis=axis)), rtol=1e-6)
        same(nc.median(nc.asarray(x), axis=axis, keepdims=True), np.median(x, axis=axis, keepdims=True), rtol=1e-6)
    f = np.array([[1.0, np.nan, 3.0], [2.0, 4.0, 6.0]])
    same(nc.median(nc.asarray(f), axis=1), np.median(f, axis=1))

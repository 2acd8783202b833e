"""ndcore.linalg against numpy.linalg: values (or reconstructions where the factorisation is
not unique), dtypes, shapes and errors."""
import numpy as np
import pytest

import ndcore as nc

RNG = np.random.default_rng(11)


def mats(shape, dt):
    x = RNG.standard_normal(shape)
    if np.dtype(dt).kind == "c":
        x = x + 1j * RNG.standard_normal(shape)
    return x.astype(dt)


def close(got, want, dt):
    got = np.asarray(got)
    assert got.dtype == np.asarray(want).dtype
    assert got.shape == np.shape(want)
    tol = 1e-4 if np.dtype(dt) in (np.float32, np.complex64) else 1e-10
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * max(1.0, np.abs(want).max(initial=0.0)))


DTYPES = ["float64", "float32", "complex128"]


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("shape", [(4, 4), (3, 5, 5), (1, 1)])
def test_solve_inv_det_slogdet(dt, shape):
    a = mats(shape, dt) + 3 * np.eye(shape[-1], dtype=dt)
    b = mats(shape[:-1] + (2,), dt)
    close(nc.linalg.solve(nc.asarray(a), nc.asarray(b)), np.linalg.solve(a, b), dt)
    close(nc.linalg.inv(nc.asarray(a)), np.linalg.inv(a), dt)
    close(nc.linalg.det(nc.asarray(a)), np.linalg.det(a), dt)
    s, l = nc.linalg.slogdet(nc.asarray(a))
    ws, wl = np.linalg.slogdet(a)
    close(s, ws, dt)
    close(l, wl, dt)


@pytest.mark.parametrize("dt", DTYPES)
def test_decompositions_reconstruct(dt):
    a = mats((2, 5, 3), dt)
    q, r = nc.linalg.qr(nc.asarray(a))
    close(np.asarray(q) @ np.asarray(r), a, dt)
    u, s, vh = nc.linalg.svd(nc.asarray(a), full_matrices=False)
    close(np.asarray(u) * np.asarray(s)[..., None, :] @ np.asarray(vh), a, dt)
    close(nc.linalg.svd(nc.asarray(a), compute_uv=False), np.linalg.svd(a, compute_uv=False), dt)
    close(nc.linalg.svdvals(nc.asarray(a)), np.linalg.svdvals(a), dt)
    h = a[0].conj().T @ a[0] + np.eye(3, dtype=dt)
    w, v = nc.linalg.eigh(nc.asarray(h))
    close(w, np.linalg.eigvalsh(h), dt)
    close(np.asarray(v) * np.asarray(w) @ np.asarray(v).conj().T, h, dt)
    close(nc.linalg.eigvalsh(nc.asarray(h), UPLO="U"), np.linalg.eigvalsh(h, UPLO="U"), dt)
    lo = nc.linalg.cholesky(nc.asarray(h))
    close(lo, np.linalg.cholesky(h), dt)
    close(nc.linalg.cholesky(nc.asarray(h), upper=True), np.linalg.cholesky(h, upper=True), dt)
    sq = a[0][:3] + 2 * np.eye(3, dtype=dt)
    ew = np.sort_complex(np.asarray(nc.linalg.eigvals(nc.asarray(sq))).astype(complex))
    close(ew, np.sort_complex(np.linalg.eigvals(sq).astype(complex)), "float64" if dt != "float32" else dt)


def test_lstsq_pinv_rank_norm_cond_power_multidot():
    a = mats((6, 3), "float64")
    b = mats((6, 2), "float64")
    x, res, rank, s = nc.linalg.lstsq(nc.asarray(a), nc.asarray(b))
    wx, wres, wrank, ws = np.linalg.lstsq(a, b)
    close(x, wx, "float64")
    close(res, wres, "float64")
    assert rank == wrank
    close(s, ws, "float64")
    close(nc.linalg.pinv(nc.asarray(a)), np.linalg.pinv(a), "float64")
    deficient = np.outer(np.arange(4.0), np.arange(3.0))
    assert int(nc.linalg.matrix_rank(nc.asarray(deficient))) == np.linalg.matrix_rank(deficient)
    for ord_ in [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]:
        close(nc.linalg.norm(nc.asarray(a), ord_), np.linalg.norm(a, ord_), "float64")
    v = a[:, 0]
    for ord_ in [None, 0, 1, 2, 3, np.inf, -np.inf]:
        close(nc.linalg.norm(nc.asarray(v), ord_), np.linalg.norm(v, ord_), "float64")
    close(nc.linalg.norm(nc.asarray(a), axis=0), np.linalg.norm(a, axis=0), "float64")
    sq = a[:3] + 3 * np.eye(3)
    close(nc.linalg.cond(nc.asarray(sq)), np.linalg.cond(sq), "float64")
    close(nc.linalg.matrix_power(nc.asarray(sq), 3), np.linalg.matrix_power(sq, 3), "float64")
    close(nc.linalg.matrix_power(nc.asarray(sq), -2), np.linalg.matrix_power(sq, -2), "float64")
    ms = [mats((4, 7), "float64"), mats((7, 2), "float64"), mats((2, 5), "float64")]
    close(nc.linalg.multi_dot([nc.asarray(m) for m in ms]), np.linalg.multi_dot(ms), "float64")
    t = mats((2, 3, 4), "float64")
    close(nc.linalg.matrix_transpose(nc.asarray(t)), np.linalg.matrix_transpose(t), "float64")


def test_errors_are_numpys():
    assert issubclass(nc.linalg.LinAlgError, ValueError)
    singular = nc.asarray(np.ones((3, 3)))
    with pytest.raises(nc.linalg.LinAlgError, match="Singular matrix"):
        nc.linalg.inv(singular)
    with pytest.raises(nc.linalg.LinAlgError, match="Matrix is not positive definite"):
        nc.linalg.cholesky(nc.asarray(-np.eye(2)))
    with pytest.raises(nc.linalg.LinAlgError, match="must be square"):
        nc.linalg.inv(nc.asarray(np.ones((2, 3))))
    with pytest.raises(ValueError):
        nc.linalg.qr(nc.asarray(np.eye(2)), mode="bogus")


def test_vector_and_matrix_norm():
    x = mats((2, 3, 4), "float64")
    for ord_ in [2, 1, np.inf, -np.inf, 0, 3.5]:
        close(nc.linalg.vector_norm(nc.asarray(x), ord=ord_), np.linalg.vector_norm(x, ord=ord_), "float64")
        close(nc.linalg.vector_norm(nc.asarray(x), axis=(0, 2), keepdims=True, ord=ord_),
              np.linalg.vector_norm(x, axis=(0, 2), keepdims=True, ord=ord_), "float64")
    for ord_ in ["fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]:
        close(nc.linalg.matrix_norm(nc.asarray(x), ord=ord_), np.linalg.matrix_norm(x, ord=ord_), "float64")
    close(nc.linalg.matrix_norm(nc.asarray(x), keepdims=True), np.linalg.matrix_norm(x, keepdims=True), "float64")
    c = mats((3, 3), "complex64")
    close(nc.linalg.vector_norm(nc.asarray(c)), np.linalg.vector_norm(c), "complex64")
    with pytest.raises(ValueError):
        nc.linalg.vector_norm(nc.asarray(x), ord="fro")


def test_tensorinv_tensorsolve():
    a = (mats((24, 24), "float64") + 5 * np.eye(24)).reshape(4, 6, 8, 3)
    close(nc.linalg.tensorinv(nc.asarray(a), ind=2), np.linalg.tensorinv(a, ind=2), "float64")
    a = (mats((6, 6), "float64") + 4 * np.eye(6)).reshape(2, 3, 6)
    b = mats((2, 3), "float64")
    close(nc.linalg.tensorsolve(nc.asarray(a), nc.asarray(b)), np.linalg.tensorsolve(a, b), "float64")
    a2 = np.moveaxis(a, 0, 2).copy()
    close(nc.linalg.tensorsolve(nc.asarray(a2), nc.asarray(b.T.copy()), axes=(1,)),
          np.linalg.tensorsolve(a2, b.T.copy(), axes=(1,)), "float64")
    with pytest.raises(nc.linalg.LinAlgError):
        nc.linalg.tensorinv(nc.asarray(np.ones((2, 3))), ind=1)


@pytest.mark.parametrize("dt", DTYPES)
def test_svd_hermitian(dt):
    g = mats((3, 4, 4), dt)
    h = g + np.conj(np.swapaxes(g, -1, -2))  # Hermitian, eigenvalues of both signs
    u, s, vh = nc.linalg.svd(nc.asarray(h), hermitian=True)
    wu, ws, wvh = np.linalg.svd(h, hermitian=True)
    close(s, ws, dt)
    close(np.asarray(u) * np.asarray(s)[..., None, :] @ np.asarray(vh), h, dt)
    assert np.asarray(u).dtype == wu.dtype and np.asarray(vh).dtype == wvh.dtype
    close(nc.linalg.svd(nc.asarray(h), compute_uv=False, hermitian=True),
          np.linalg.svd(h, compute_uv=False, hermitian=True), dt)
    # The singular values are the general SVD's too.
    close(nc.linalg.svd(nc.asarray(h), compute_uv=False, hermitian=True), np.linalg.svd(h, compute_uv=False), dt)


def test_matmul_dtype_and_axes():
    a, b = mats((3, 4), "float64"), mats((4, 5), "float64")
    ia, ib = a.astype(np.int32), b.astype(np.int32)
    close(nc.matmul(nc.asarray(ia), nc.asarray(ib), dtype="float64"), np.matmul(ia, ib, dtype="float64"), "float64")
    with pytest.raises(TypeError, match="Cannot cast ufunc 'matmul' input 0 from float64 to int64"):
        nc.matmul(nc.asarray(a), nc.asarray(b), dtype="int64")
    close(nc.matmul(nc.asarray(a), nc.asarray(b), dtype="int64", casting="unsafe"),
          np.matmul(a, b, dtype="int64", casting="unsafe"), "float64")
    # Core (n, k) = (4, 3) in axes (0, 2) of t1, (k, m) = (3, 5) in axes (0, 2) of t2, batch 2.
    t1, t2 = mats((4, 2, 3), "float64"), mats((3, 2, 5), "float64")
    axes = [(0, 2), (0, 2), (2, 1)]
    close(nc.matmul(nc.asarray(t1), nc.asarray(t2), axes=axes), np.matmul(t1, t2, axes=axes), "float64")
    v = mats((3,), "float64")
    close(nc.matmul(nc.asarray(t1), nc.asarray(v), axes=[(0, 2), (0,), (1,)]),
          np.matmul(t1, v, axes=[(0, 2), (0,), (1,)]), "float64")
    out = nc.zeros((2, 5, 4))
    r = nc.matmul(nc.asarray(t1), nc.asarray(t2), axes=axes, out=out)
    assert r is out
    close(out, np.matmul(t1, t2, axes=axes), "float64")
    with pytest.raises(ValueError, match="axes"):
        nc.matmul(nc.asarray(t1), nc.asarray(t2), axes=[(0, 2), (1, 0)])


def test_linalg_namespace_products():
    a, b = mats((2, 3, 3), "float64"), mats((2, 3, 3), "float64")
    close(nc.linalg.matmul(nc.asarray(a), nc.asarray(b)), np.linalg.matmul(a, b), "float64")
    t = mats((3, 3, 4), "float64")
    close(nc.linalg.tensordot(nc.asarray(a), nc.asarray(t), axes=2), np.linalg.tensordot(a, t, axes=2), "float64")
    close(nc.linalg.vecdot(nc.asarray(a), nc.asarray(b), axis=1), np.linalg.vecdot(a, b, axis=1), "float64")
    close(nc.linalg.trace(nc.asarray(a), offset=1), np.linalg.trace(a, offset=1), "float64")
    close(nc.linalg.diagonal(nc.asarray(a), offset=-1), np.linalg.diagonal(a, offset=-1), "float64")
    close(nc.linalg.cross(nc.asarray(a), nc.asarray(b)), np.linalg.cross(a, b), "float64")
    x, y = mats((3,), "float64"), mats((4,), "float64")
    close(nc.linalg.outer(nc.asarray(x), nc.asarray(y)), np.linalg.outer(x, y), "float64")
    with pytest.raises(ValueError):
        nc.linalg.outer(nc.asarray(a), nc.asarray(y))
    ints = np.arange(9, dtype=np.int32).reshape(3, 3)
    close(nc.linalg.trace(nc.asarray(ints)), np.linalg.trace(ints), "float64")

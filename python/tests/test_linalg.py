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

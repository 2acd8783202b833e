"""ndcore.linalg: numpy.linalg's functions on nd's OpenBLAS/LAPACKE backend (docs/linalg.md).

Solvers and decompositions are batched over leading dimensions as NumPy's are; failures raise
LinAlgError (a ValueError) with NumPy's messages.
"""
from . import _core

_l = _core._linalg
LinAlgError = _l.LinAlgError

__all__ = ["LinAlgError", "solve", "inv", "det", "slogdet", "cholesky", "qr", "eigh", "eigvalsh", "eig", "eigvals",
           "svd", "svdvals", "lstsq", "pinv", "matrix_rank", "matrix_power", "multi_dot", "matrix_transpose", "norm",
           "cond"]


def solve(a, b):
    return _l.solve(a, b)


def inv(a):
    return _l.inv(a)


def det(a):
    return _l.det(a)


def slogdet(a):
    return _l.slogdet(a)


def cholesky(a, /, *, upper=False):
    return _l.cholesky(a, upper)


def qr(a, mode="reduced"):
    return _l.qr(a, mode)


def eigh(a, UPLO="L"):  # noqa: N803  (NumPy's spelling)
    return _l.eigh(a, UPLO)


def eigvalsh(a, UPLO="L"):  # noqa: N803
    return _l.eigvalsh(a, UPLO)


def eig(a):
    return _l.eig(a)


def eigvals(a):
    return _l.eigvals(a)


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    return _l.svd(a, full_matrices, compute_uv)


def svdvals(x, /):
    return _l.svdvals(x)


def lstsq(a, b, rcond=None):
    return _l.lstsq(a, b, rcond)


def pinv(a, rcond=None, hermitian=False):
    return _l.pinv(a, rcond, hermitian)


def matrix_rank(A, tol=None, hermitian=False):  # noqa: N803
    return _l.matrix_rank(A, tol, hermitian)


def matrix_power(a, n):
    return _l.matrix_power(a, n)


def multi_dot(arrays):
    return _l.multi_dot(list(arrays))


def matrix_transpose(x, /):
    return _l.matrix_transpose(x)


def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002
    return _l.norm(x, ord, axis, keepdims)


def cond(x, p=None):
    return _l.cond(x, p)

"""ndcore.linalg: numpy.linalg's functions on nd's OpenBLAS/LAPACKE backend (docs/linalg.md).

Solvers and decompositions are batched over leading dimensions as NumPy's are; failures raise
LinAlgError (a ValueError) with NumPy's messages.
"""
import collections
import operator

from . import _core

_l = _core._linalg
LinAlgError = _l.LinAlgError

# numpy.linalg's (and the Array API's) named results.
EigResult = collections.namedtuple("EigResult", ["eigenvalues", "eigenvectors"])
EighResult = collections.namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
QRResult = collections.namedtuple("QRResult", ["Q", "R"])
SlogdetResult = collections.namedtuple("SlogdetResult", ["sign", "logabsdet"])
SVDResult = collections.namedtuple("SVDResult", ["U", "S", "Vh"])

__all__ = ["LinAlgError", "solve", "inv", "det", "slogdet", "cholesky", "qr", "eigh", "eigvalsh", "eig", "eigvals",
           "svd", "svdvals", "lstsq", "pinv", "matrix_rank", "matrix_power", "multi_dot", "matrix_transpose", "norm",
           "cond", "vector_norm", "matrix_norm", "tensorinv", "tensorsolve", "matmul", "outer", "tensordot", "vecdot",
           "trace", "cross", "diagonal"]


def solve(a, b):
    return _l.solve(a, b)


def inv(a):
    return _l.inv(a)


def det(a):
    return _l.det(a)


def slogdet(a):
    return SlogdetResult(*_l.slogdet(a))


def cholesky(a, /, *, upper=False):
    return _l.cholesky(a, upper)


def qr(a, mode="reduced"):
    r = _l.qr(a, mode)
    return QRResult(*r) if isinstance(r, tuple) else r


def eigh(a, UPLO="L"):  # noqa: N803  (NumPy's spelling)
    return EighResult(*_l.eigh(a, UPLO))


def eigvalsh(a, UPLO="L"):  # noqa: N803
    return _l.eigvalsh(a, UPLO)


def eig(a):
    return EigResult(*_l.eig(a))


def eigvals(a):
    return _l.eigvals(a)


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    if not hermitian:
        r = _l.svd(a, full_matrices, compute_uv)
        return SVDResult(*r) if compute_uv else r
    # Hermitian input: the SVD from the eigendecomposition, as NumPy's. Singular values are
    # |eigenvalues| in descending order; U holds the eigenvectors in that order and the
    # eigenvalues' signs move into Vh.
    c = _nc()
    if not compute_uv:
        return c.sort(c.absolute(eigvalsh(a)), axis=-1, descending=True)
    w, v = eigh(a)
    order = c.argsort(c.absolute(w), axis=-1, descending=True, stable=True)
    w = c.take_along_axis(w, order, axis=-1)
    u = c.take_along_axis(v, c.expand_dims(order, -2), axis=-1)
    vh = c.conjugate(c.swapaxes(u * c.expand_dims(c.sign(w), -2), -1, -2))
    return SVDResult(u, c.absolute(w), vh)


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


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):  # noqa: A002
    return _l.vector_norm(x, ord, axis, keepdims)


def matrix_norm(x, /, *, keepdims=False, ord="fro"):  # noqa: A002
    return _l.matrix_norm(x, ord, keepdims)


def tensorinv(a, ind=2):
    return _l.tensorinv(a, ind)


def tensorsolve(a, b, axes=None):
    return _l.tensorsolve(a, b, axes)


# numpy.linalg's aliases of the products (Array API): matmul, outer, tensordot, vecdot, and
# trace/cross on the last axes.
def matmul(x1, x2, /):
    return _core.matmul(x1, x2)


def outer(x1, x2, /):
    c = _nc()
    if c.asarray(x1).ndim != 1 or c.asarray(x2).ndim != 1:
        raise ValueError("outer: Input arrays must be one-dimensional")
    return _core.outer(x1, x2)


def tensordot(x1, x2, /, *, axes=2):
    return _core.tensordot(x1, x2, axes)


def vecdot(x1, x2, /, *, axis=-1):
    return _core.vecdot(x1, x2, axis=axis)


def trace(x, /, *, offset=0, dtype=None):
    c = _nc()
    x = c.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"trace: expected an array of at least two dimensions, got shape {x.shape}")
    d = c.diagonal(x, offset, -2, -1)
    return c.sum(d, axis=-1, dtype=dtype)


def cross(x1, x2, /, *, axis=-1):
    return _l.cross(x1, x2, axis)


def diagonal(x, /, *, offset=0):
    c = _nc()
    x = c.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"diagonal: expected an array of at least two dimensions, got shape {x.shape}")
    return c.diagonal(x, offset, -2, -1)


def _nc():
    """The ndcore package (imported when first needed: this module is part of it)."""
    import ndcore
    return ndcore


# ---- einsum (exported at the top level, as numpy.einsum) ----

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _sublist_to_str(sub):
    out = []
    for s in sub:
        if s is Ellipsis:
            out.append("...")
        else:
            i = int(s)
            if not 0 <= i < 52:
                raise ValueError(f"einsum: subscript {s!r} is not within the valid range [0, 52)")
            out.append(_LETTERS[i])
    return "".join(out)


def _einsum_args(operands):
    """(subscripts, operands) from einsum's two calling forms: a subscripts string followed by
    the operands, or operands interleaved with their subscript lists (and an optional
    output list last)."""
    if not operands:
        raise ValueError("einsum: no input operands")
    if isinstance(operands[0], str):
        return operands[0], list(operands[1:])
    ops, subs = list(operands[0::2]), [_sublist_to_str(s) for s in operands[1::2]]
    out = None
    if len(operands) % 2 == 1 and len(operands) > 1:
        out = _sublist_to_str(operands[-1])
        ops = ops[:-1]
    s = ",".join(subs)
    return (s + "->" + out if out is not None else s), ops


def _named(op, f, *args):
    """Calls f; its ValueError/TypeError messages start with `op` (nd's "[op]" tag is dropped
    on the way to Python, but einsum's messages are about its subscripts)."""
    try:
        return f(*args)
    except (ValueError, TypeError) as e:
        if type(e) in (ValueError, TypeError) and not str(e).startswith(op):
            raise type(e)(f"{op}: {e}") from None
        raise


_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _einsum_optimize(fn, optimize):
    """(mode, memory_limit, explicit path) from optimize=, read as numpy.einsum_path reads it:
    False/None (one step, nd: pairwise as written), True ('greedy'), 'greedy', 'optimal',
    (name, memory_limit) with an int or float limit in elements, or ['einsum_path', steps...].
    NumPy's exception types: TypeError for a value of the wrong shape, KeyError for an
    unknown algorithm name."""
    if optimize is False or optimize is None:
        return "off", None, None
    if optimize is True:
        return "greedy", None, None
    limit = None
    if isinstance(optimize, str):
        mode = optimize
    else:
        try:
            n = len(optimize)
        except TypeError:
            n = None
        if n and isinstance(optimize[0], str) and optimize[0] == "einsum_path":
            return "off", None, list(optimize[1:])
        if n == 2 and isinstance(optimize[0], str) and isinstance(optimize[1], (int, float)):
            mode = optimize[0]
            limit = min(max(int(optimize[1]), _INT64_MIN), _INT64_MAX)
        else:
            raise TypeError(f"{fn}: optimize must be False, True, 'greedy', 'optimal', (algorithm, memory_limit) or "
                            f"a path starting with 'einsum_path', got {optimize!r}")
    if mode not in ("greedy", "optimal"):
        raise KeyError(f"{fn}: optimize names no known path algorithm: {mode!r} (use 'greedy' or 'optimal')")
    return mode, limit, None


def _einsum_steps(fn, steps, n):
    """The steps of an explicit path as tuples of positions, checked as NumPy's einsum_path
    checks them: IndexError for a position out of range, RuntimeError when operands are left
    over (ValueError for an empty step or a repeated position, which NumPy does not check)."""
    remaining = n
    out = []
    for step in steps:
        try:
            t = tuple(operator.index(i) for i in step)
        except TypeError:
            raise TypeError(f"{fn}: each step of an explicit path must be a sequence of operand positions, "
                            f"got {step!r}") from None
        if not t:
            raise ValueError(f"{fn}: the explicit path has an empty step")
        for i in t:
            if not 0 <= i < remaining:
                raise IndexError(f"{fn}: step {step!r} of the explicit path names operand {i}, but {remaining} "
                                 f"operand{'s' if remaining != 1 else ''} remain")
        if len(set(t)) != len(t):
            raise ValueError(f"{fn}: step {step!r} of the explicit path names an operand more than once")
        remaining -= len(t) - 1
        out.append(t)
    if remaining != 1:
        raise RuntimeError(f"{fn}: invalid explicit path: {remaining - 1} more operand"
                           f"{'s' if remaining != 2 else ''} would have to be contracted")
    return out


def einsum(*operands, out=None, dtype=None, order="K", casting="safe", optimize=False):
    """numpy.einsum over nd::einsum: pairwise contractions go through matmul (BLAS for float
    and complex dtypes); optimize picks their order as numpy.einsum_path does (False: as
    written), with an optional memory limit: optimize=('greedy', limit)."""
    if order not in ("K", "A", "C", "F"):
        raise ValueError(f"einsum: order must be one of 'K', 'A', 'C', 'F', got {order!r}")
    subscripts, ops = _einsum_args(operands)
    mode, limit, path = _einsum_optimize("einsum", optimize)
    if path is not None:
        path = _einsum_steps("einsum", path, len(ops))
    res = _named("einsum", _core._einsum, subscripts, ops, dtype, casting, mode, limit, path, out)
    if out is not None:
        return out
    if order == "C" and not res.flags.c_contiguous:
        res = res.copy(order="C")
    elif order == "F" and not res.flags.f_contiguous:
        res = res.copy(order="F")
    return res


def einsum_path(*operands, optimize="greedy", einsum_call=False):
    """numpy.einsum_path: (['einsum_path', steps...], report) for the order einsum would use
    under `optimize` (as einsum's; False or a 1- or 2-operand problem gives one step), with
    NumPy's flop counts, scalings and largest intermediate in the report. An explicit path
    is checked and returned as given."""
    if einsum_call:
        raise TypeError("einsum_path: einsum_call is NumPy-internal and not supported")
    subscripts, ops = _einsum_args(operands)
    mode, limit, path = _einsum_optimize("einsum_path", optimize)
    steps = None if path is None else _einsum_steps("einsum_path", path, len(ops))
    result, report = _named("einsum_path", _core._einsum_path, subscripts, ops, mode, limit, steps)
    if path is not None:
        result = ["einsum_path"] + path
    return result, report

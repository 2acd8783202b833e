"""Expected values for tests/linalg/test_linalg.cpp, computed by NumPy (the oracle).

Run: .venv/bin/python tests/data/gen_linalg.py   (writes tests/data/linalg/)
Each case is one manifest.txt line:
  name func tol nin nout views extra
followed by one dtype:shape:offset item per input and per NumPy result, locating its bytes
(C order) in blob.npy, a uint8 array holding every case's arrays. `views` (comma-separated,
one per input) says how the test views each stored input before the call, so that
transposed, strided and reversed operands are exercised:
  c: as stored   t: last two axes swapped   s: [..., ::2, ::2]   r: [..., ::-1, :]
`tol` is the allowed error in units of the result dtype's epsilon, relative to the largest
expected magnitude (0: exact). `extra` holds the function's scalar arguments ('-' if none).
"""
import os
import warnings

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "linalg")
rng = np.random.default_rng(20261127)
lines = []

ALL = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32",
       "float64", "complex64", "complex128"]
INEXACT = ["float32", "float64", "complex64", "complex128"]


def rand(shape, dt, wide=False):
    d = np.dtype(dt)
    if d == np.bool_:
        return rng.random(shape) < 0.5
    if d.kind in "iu":
        if wide:
            info = np.iinfo(d)
            return rng.integers(info.min, info.max, size=shape, dtype=d, endpoint=True)
        lo = -3 if d.kind == "i" else 0
        return rng.integers(lo, 4, size=shape).astype(d)
    x = rng.standard_normal(shape)
    if d.kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(d)


def base_for(view, shape):
    """The stored shape whose `view` has `shape`."""
    shape = tuple(shape)
    if view == "t":
        return shape[:-2] + (shape[-1], shape[-2])
    if view == "s":
        return shape[:-2] + (2 * shape[-2], 2 * shape[-1])
    return shape


def apply(view, x):
    if view == "t":
        return np.swapaxes(x, -1, -2)
    if view == "s":
        return x[..., ::2, ::2]
    if view == "r":
        return x[..., ::-1, :]
    return x


blob = []
blob_size = [0]


def spec(x):
    """Appends x's bytes (C order) to the blob; returns 'dtype:shape:offset'."""
    x = np.array(x, order="C", copy=True)  # keeps 0-d arrays 0-d
    off = blob_size[0]
    data = x.tobytes()
    blob.append(data)
    blob_size[0] += len(data)
    shape = ",".join(str(d) for d in x.shape) or "-"
    return f"{x.dtype.name}:{shape}:{off}"


def case(name, func, inputs, outputs, views=None, tol=0, extra="-"):
    views = views or ["c"] * len(inputs)
    arrays = [spec(x) for x in inputs] + [spec(np.asarray(y)) for y in outputs]
    lines.append(f"{name} {func} {tol} {len(inputs)} {len(outputs)} {','.join(views)} {extra} {' '.join(arrays)}")


def mk(view, shape, dt, wide=False):
    return rand(base_for(view, shape), dt, wide)


def products():
    shapes = [
        ("mm", (3, 4), (4, 5), "c", "c"),
        ("tt", (3, 4), (4, 5), "t", "t"),
        ("sr", (3, 4), (4, 5), "s", "r"),
        ("tc", (6, 7), (7, 2), "t", "c"),
        ("batch", (2, 1, 3, 4), (3, 4, 2), "c", "c"),
        ("batcht", (2, 3, 4), (2, 4, 5), "t", "s"),
        ("vecmat", (4,), (4, 5), "c", "c"),
        ("matvec", (3, 4), (4,), "c", "c"),
        ("matvect", (3, 4), (4,), "t", "c"),
        ("vecvec", (4,), (4,), "c", "c"),
        ("bvec", (2, 3, 4), (4,), "c", "c"),
        ("vecb", (3,), (2, 3, 4), "c", "c"),
        ("bigt", (40, 30), (30, 20), "t", "t"),
        ("smallb", (50, 4, 4), (50, 4, 4), "c", "t"),
        ("empty1", (0, 3), (3, 2), "c", "c"),
        ("empty2", (2, 0), (0, 3), "c", "c"),
        ("one", (1, 1), (1, 1), "c", "c"),
    ]
    for dt in ALL:
        for tag, sa, sb, va, vb in shapes:
            a, b = mk(va, sa, dt), mk(vb, sb, dt)
            r = np.matmul(apply(va, a), apply(vb, b))
            k = sa[-1]
            tol = 0 if np.dtype(dt).kind in "biu" else (2 if dt == "float16" else 8 * max(k, 1))
            case(f"matmul_{tag}_{dt}", "matmul", [a, b], [r], [va, vb], tol)
        if np.dtype(dt).kind in "iu":  # wrapping as NumPy's
            a, b = rand((3, 5), dt, True), rand((5, 4), dt, True)
            case(f"matmul_wrap_{dt}", "matmul", [a, b], [np.matmul(a, b)])
    # mixed dtypes promote
    for da, db in [("int8", "uint8"), ("int32", "float32"), ("float16", "float32"), ("float32", "complex128"),
                   ("bool", "int16"), ("uint64", "int64")]:
        a, b = rand((3, 4), da), rand((4, 2), db)
        tol = 0 if np.result_type(da, db).kind in "biu" else 32
        case(f"matmul_mix_{da}_{db}", "matmul", [a, b], [np.matmul(a, b)], tol=tol)

    for dt in ["int32", "float64", "complex128", "bool"]:
        tol = 0 if np.dtype(dt).kind in "biu" else 64
        a, b = rand((2, 3, 4), dt), rand((5, 4, 6), dt)
        case(f"dot_nd_{dt}", "dot", [a, b], [np.dot(a, b)], tol=tol)
        a, b = rand((2, 3, 4), dt), rand((4,), dt)
        case(f"dot_n1_{dt}", "dot", [a, b], [np.dot(a, b)], tol=tol)
        a, b = rand((4,), dt), rand((4,), dt)
        case(f"dot_11_{dt}", "dot", [a, b], [np.dot(a, b)], tol=tol)
        a, b = rand((3, 4), dt), rand((), dt)
        case(f"dot_scalar_{dt}", "dot", [a, b], [np.dot(a, b)], tol=tol)
        a, b = rand((2, 3), dt), rand((2, 3), dt)
        case(f"vdot_{dt}", "vdot", [a, b], [np.vdot(a, b)], tol=tol)
        a, b = rand((2, 3), dt), rand((4, 3), dt)
        case(f"inner_{dt}", "inner", [a, b], [np.inner(a, b)], tol=tol)
        a, b = rand((2, 3), dt), rand((4,), dt)
        case(f"outer_{dt}", "outer", [a, b], [np.outer(a, b)], tol=tol)
        a, b = rand((2, 3, 4), dt), rand((3, 4, 5), dt)
        case(f"tensordot2_{dt}", "tensordot", [a, b], [np.tensordot(a, b)], tol=tol, extra="2")
        case(f"tensordot0_{dt}", "tensordot", [a[0, 0], b[0, 0]], [np.tensordot(a[0, 0], b[0, 0], 0)], tol=tol,
             extra="0")
        a, b = rand((3, 2, 4), dt), rand((2, 3, 5), dt)
        case(f"tensordotpair_{dt}", "tensordot_axes", [a, b], [np.tensordot(a, b, axes=([1, 0], [0, 1]))], tol=tol,
             extra="1,0;0,1")
        a, b = rand((2, 3), dt), rand((2, 2), dt)
        case(f"kron_{dt}", "kron", [a, b], [np.kron(a, b)], tol=tol)
        a, b = rand((2,), dt), rand((2, 3), dt)
        case(f"kron1_{dt}", "kron", [a, b], [np.kron(a, b)], tol=tol)
        if dt != "bool":
            a = rand((3, 4, 5), dt)
            case(f"trace_{dt}", "trace", [a], [np.trace(a, 1, 0, 2)], tol=tol, extra="1,0,2")
            case(f"ltrace_{dt}", "linalg_trace", [a], [np.linalg.trace(a, offset=-1)], tol=tol, extra="-1")
            a, b = rand((4, 3), dt), rand((4, 3), dt)
            case(f"cross_{dt}", "cross", [a, b], [np.cross(a, b)], tol=tol, extra="-1")
            a, b = rand((3, 4), dt), rand((3, 4), dt)
            case(f"cross0_{dt}", "cross", [a[:, :3].T.copy(), b[:, :3].T.copy()],
                 [np.cross(a[:, :3].T, b[:, :3].T, axis=0)], tol=tol, extra="0")
            a, b = rand((4, 2), dt), rand((4, 2), dt)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                case(f"cross2_{dt}", "cross", [a, b], [np.cross(a, b)], tol=tol, extra="-1")
                a3 = rand((4, 3), dt)
                case(f"cross23_{dt}", "cross", [a, a3], [np.cross(a, a3)], tol=tol, extra="-1")
        a, b = rand((2, 3, 4), dt), rand((3, 4), dt)
        case(f"vecdot_{dt}", "vecdot", [a, b], [np.vecdot(a, b)], tol=tol, extra="-1")
        case(f"vecdot1_{dt}", "vecdot", [a, b], [np.vecdot(a, b, axis=-2)], tol=tol, extra="-2")
    for dt in ["int64", "float64", "complex64"]:
        tol = 0 if dt == "int64" else 256
        a = rand((2, 3, 3), dt)
        for n in [0, 1, 2, 3, 5, 8]:
            case(f"mpow{n}_{dt}", "matrix_power", [a], [np.linalg.matrix_power(a, n)], tol=tol, extra=str(n))
    a = rand((3, 3), "float64") + 3 * np.eye(3)
    case("mpowneg_float64", "matrix_power", [a], [np.linalg.matrix_power(a, -3)], tol=512, extra="-3")
    for dt in ["float64", "int32", "complex128"]:
        tol = 0 if dt == "int32" else 256
        xs = [rand((4,), dt), rand((4, 10), dt), rand((10, 3), dt), rand((3, 7), dt), rand((7,), dt)]
        case(f"multidot_vv_{dt}", "multi_dot", xs, [np.linalg.multi_dot(xs)], tol=tol)
        xs = [rand((10, 2), dt), rand((2, 30), dt), rand((30, 3), dt), rand((3, 8), dt)]
        case(f"multidot_mm_{dt}", "multi_dot", xs, [np.linalg.multi_dot(xs)], tol=tol)
        xs = [rand((5, 4), dt), rand((4, 6), dt), rand((6,), dt)]
        case(f"multidot_mv_{dt}", "multi_dot", xs, [np.linalg.multi_dot(xs)], tol=tol)


def well(shape, dt):
    """Random well-conditioned square matrices."""
    n = shape[-1]
    x = rand(shape, dt)
    if np.dtype(dt).kind in "fc":
        x = x + (n + 1) * np.eye(n, dtype=dt)
    else:
        x = x + 6 * np.eye(n, dtype=dt)
    return x


def spd(shape, dt):
    x = rand(shape, dt)
    n = shape[-1]
    h = np.matmul(x, np.conj(np.swapaxes(x, -1, -2))) + n * np.eye(n)
    return h.astype(dt)


def decompositions():
    DTS = INEXACT + ["int64", "bool"]
    for dt in DTS:
        kind = np.dtype(dt).kind
        tol = 200
        a = well((2, 4, 4), dt) if kind != "b" else np.broadcast_to(np.eye(4, dtype=bool), (2, 4, 4)).copy()
        b = rand((4,), dt)
        case(f"solve_vec_{dt}", "solve", [a, b], [np.linalg.solve(a, b)], ["c", "c"], tol)
        b = rand((2, 4, 3), dt)
        case(f"solve_mat_{dt}", "solve", [a, b], [np.linalg.solve(apply("t", a), b)], ["t", "c"], tol)
        b = rand((3, 1, 4, 2), dt)
        case(f"solve_bcast_{dt}", "solve", [a, b], [np.linalg.solve(a, b)], ["c", "c"], tol)
        case(f"inv_{dt}", "inv", [a], [np.linalg.inv(apply("t", a))], ["t"], tol)
        s = well((3, 8, 8), dt) if kind != "b" else a
        case(f"inv_s_{dt}", "inv", [s], [np.linalg.inv(s)], ["c"], tol)
        case(f"det_{dt}", "det", [s], [np.linalg.det(s)], ["c"], tol)
        sl = np.linalg.slogdet(s)
        case(f"slogdet_{dt}", "slogdet", [s], [sl.sign, sl.logabsdet], ["c"], tol)
        if kind == "b":
            continue
        h = spd((2, 5, 5), dt)
        case(f"cholesky_{dt}", "cholesky", [h], [np.linalg.cholesky(h)], ["c"], tol, extra="L")
        case(f"choleskyU_{dt}", "cholesky", [h], [np.linalg.cholesky(h, upper=True)], ["c"], tol, extra="U")
        case(f"eigvalsh_{dt}", "eigvalsh", [h], [np.linalg.eigvalsh(h)], ["c"], tol, extra="L")
        case(f"eigvalshU_{dt}", "eigvalsh", [h], [np.linalg.eigvalsh(h, UPLO="U")], ["t"], tol, extra="U")
        case(f"eighvals_{dt}", "eigh_values", [h], [np.linalg.eigh(h).eigenvalues], ["c"], tol, extra="L")
        m = rand((2, 5, 3), dt)
        case(f"svdvals_{dt}", "svdvals", [m], [np.linalg.svdvals(m)], ["c"], tol)
        case(f"svdvals_t_{dt}", "svdvals", [m], [np.linalg.svdvals(np.swapaxes(m, -1, -2))], ["t"], tol)
        case(f"svd_s_{dt}", "svd_s", [m], [np.linalg.svd(m, compute_uv=False)], ["c"], tol)
        g = rand((3, 6, 6), dt)
        ev = np.linalg.eigvals(g)
        ev = np.sort_complex(ev) if np.iscomplexobj(ev) else np.sort(ev)
        case(f"eigvals_{dt}", "eigvals_sorted", [g], [ev], ["c"], 2000)
        sym = (g + np.swapaxes(g, -1, -2)) if kind != "c" else g + np.conj(np.swapaxes(g, -1, -2))
        ev = np.linalg.eigvals(sym)
        ev = np.sort_complex(ev) if kind == "c" else np.sort(ev)
        case(f"eigvals_real_{dt}", "eigvals_sorted", [sym], [ev], ["c"], 2000)
        for ord_ in ["none", "fro", "nuc", "inf", "-inf", "1", "-1", "2", "-2"]:
            o = {"none": None, "inf": np.inf, "-inf": -np.inf}.get(ord_, ord_)
            o = int(o) if isinstance(o, str) and o.lstrip("-").isdigit() else o
            x = rand((2, 3, 4), dt)
            case(f"mnorm_{ord_}_{dt}", "norm", [x], [np.linalg.norm(x, o, axis=(1, 2))], ["c"], tol,
                 extra=f"{ord_};1,2;0")
            if ord_ not in ("fro", "nuc"):
                c = well((2, 4, 4), dt)
                case(f"cond_{ord_}_{dt}", "cond", [c], [np.linalg.cond(c, o)], ["c"], 2000, extra=ord_)
        for ord_ in ["none", "inf", "-inf", "0", "1", "2", "3", "0.5"]:
            o = {"none": None, "inf": np.inf, "-inf": -np.inf}.get(ord_, None if ord_ == "none" else float(ord_))
            x = rand((3, 4), dt)
            case(f"vnorm_{ord_}_{dt}", "norm", [x], [np.linalg.norm(x, o, axis=1, keepdims=True)], ["c"], tol,
                 extra=f"{ord_};1;1")
            case(f"vnorm0_{ord_}_{dt}", "norm", [x], [np.linalg.norm(x, o, axis=0)], ["c"], tol, extra=f"{ord_};0;0")
            case(f"vecnorm_{ord_}_{dt}", "vector_norm", [x], [np.linalg.vector_norm(x, ord=2 if o is None else o)],
                 ["c"], tol, extra=f"{ord_};-;0")
        x = rand((2, 3, 4), dt)
        case(f"vecnormax_{dt}", "vector_norm", [x], [np.linalg.vector_norm(x, axis=(0, 2), keepdims=True)], ["c"],
             tol, extra="2;0,2;1")
        case(f"norm_all_{dt}", "norm", [x], [np.linalg.norm(x)], ["c"], tol, extra="none;-;0")
        case(f"norm_allk_{dt}", "norm", [x], [np.linalg.norm(x, keepdims=True)], ["c"], tol, extra="none;-;1")
        case(f"matnorm_{dt}", "matrix_norm", [x], [np.linalg.matrix_norm(x)], ["c"], tol, extra="fro")
        # least squares: over- and under-determined, vector and matrix right-hand sides
        for tag, sa, sb in [("over", (6, 3), (6,)), ("overm", (6, 3), (6, 2)), ("under", (3, 5), (3,)),
                            ("sq", (4, 4), (4, 2))]:
            A, B = rand(sa, dt), rand(sb, dt)
            x, res, rank, sv = np.linalg.lstsq(A, B)
            case(f"lstsq_{tag}_{dt}", "lstsq", [A, B], [x, res, np.int64(rank), sv], ["c", "c"], 500)
        A = rand((6, 3), dt)
        A[:, 2] = A[:, 0] + A[:, 1]  # rank 2: no residuals
        B = rand((6,), dt)
        x, res, rank, sv = np.linalg.lstsq(A, B)
        case(f"lstsq_rankdef_{dt}", "lstsq", [A, B], [x, res, np.int64(rank), sv], ["c", "c"], 5000)
        m = rand((2, 5, 3), dt)
        case(f"pinv_{dt}", "pinv", [m], [np.linalg.pinv(m)], ["c"], 500, extra="-;0")
        hh = spd((4, 4), dt) - 6 * np.eye(4, dtype=dt)
        case(f"pinvh_{dt}", "pinv", [hh], [np.linalg.pinv(hh, hermitian=True)], ["c"], 2000, extra="-;1")
        r = np.matmul(rand((3, 6, 2), dt), rand((3, 2, 5), dt))
        case(f"rank_{dt}", "matrix_rank", [r], [np.linalg.matrix_rank(r)], ["c"], 0, extra="-")
        case(f"rankt_{dt}", "matrix_rank", [r], [np.linalg.matrix_rank(r, tol=1e30)], ["c"], 0, extra="1e30")
    for dt in ["float64", "complex128", "float32", "int64"]:
        a = well((24, 24), dt).reshape(4, 6, 8, 3)
        case(f"tensorinv_{dt}", "tensorinv", [a], [np.linalg.tensorinv(a, 2)], ["c"], 500, extra="2")
        a = well((6, 6), dt).reshape(2, 3, 6)
        b = rand((2, 3), dt)
        case(f"tensorsolve_{dt}", "tensorsolve", [a, b], [np.linalg.tensorsolve(a, b)], ["c", "c"], 500, extra="-")
        a = np.moveaxis(well((6, 6), dt).reshape(2, 3, 6), 0, 2).copy()  # (3, 6, 2)
        case(f"tensorsolve_axes_{dt}", "tensorsolve", [a, b.T.copy()],
             [np.linalg.tensorsolve(a, b.T.copy(), axes=(1,))], ["c", "c"], 500, extra="1")
    # singular and ill-conditioned
    sing = np.array([[1.0, 2.0], [2.0, 4.0]])
    case("det_singular", "det", [sing], [np.linalg.det(sing)], ["c"], 10)
    sl = np.linalg.slogdet(sing)
    case("slogdet_singular", "slogdet", [sing], [sl.sign, sl.logabsdet], ["c"], 10)
    hil = 1.0 / (np.arange(1, 9)[:, None] + np.arange(8)[None, :])
    case("cond_hilbert", "cond", [hil], [np.linalg.cond(hil)], ["c"], 1e8, extra="none")
    case("svdvals_hilbert", "svdvals", [hil], [np.linalg.svdvals(hil)], ["c"], 200)
    case("cond_singular1", "cond", [sing], [np.linalg.cond(sing, 1)], ["c"], 0, extra="1")
    case("rank_hilbert", "matrix_rank", [hil], [np.linalg.matrix_rank(hil)], ["c"], 0, extra="-")
    z = np.zeros((0, 0))
    case("det_empty", "det", [z], [np.linalg.det(z)], ["c"], 0)
    case("inv_empty", "inv", [z], [np.linalg.inv(z)], ["c"], 0)
    one = np.array([[4.0]])
    case("inv_one", "inv", [one], [np.linalg.inv(one)], ["c"], 1)
    case("cholesky_one", "cholesky", [one], [np.linalg.cholesky(one)], ["c"], 1, extra="L")
    case("svdvals_one", "svdvals", [one], [np.linalg.svdvals(one)], ["c"], 1)
    neg = np.array([[-1.0, 0.0], [0.0, -1.0]]) + np.array([[0.0, 1.0], [-1.0, 0.0]])
    ev = np.sort_complex(np.linalg.eigvals(neg))
    case("eigvals_complexpair", "eigvals_sorted", [neg], [ev], ["c"], 100)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    products()
    decompositions()
    np.save(os.path.join(OUT, "blob.npy"), np.frombuffer(b"".join(blob), dtype=np.uint8))
    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} cases")


if __name__ == "__main__":
    main()

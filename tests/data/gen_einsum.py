"""Expected values for tests/linalg/test_einsum.cpp, computed by numpy.einsum (the oracle).

Run: .venv/bin/python tests/data/gen_einsum.py   (writes tests/data/einsum/)
The format is tests/data/gen_linalg.py's (manifest.txt + blob.npy): one line per case,
  name einsum tol nin nout views extra  dtype:shape:offset...
with func always `einsum` and extra = subscripts;optimize;dtype;casting ('-' for an absent
dtype or casting), so each case is einsum(subscripts, views of the inputs, ...). Every
contraction of three or more operands is stored once per optimize mode (off, greedy,
optimal): the order must not change the result beyond rounding.

paths.txt holds numpy.einsum_path's answers for networks of 3 to 8 operands: one line per
case, fields separated by '|':
  subscripts|shapes|optimize|memory_limit|path|report
with shapes like 3x4,4x5 ('' for a 0-d operand), optimize greedy, optimal or off,
memory_limit '-' for NumPy's default, path like 0.1;0.1 (a step's positions joined by '.'),
and NumPy's report with its newlines written as '|'.
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "einsum")
rng = np.random.default_rng(20261201)
lines = []
blob = []
blob_size = [0]

ALL = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32",
       "float64", "complex64", "complex128"]


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


def spec(x):
    x = np.array(x, order="C", copy=True)
    off = blob_size[0]
    data = x.tobytes()
    blob.append(data)
    blob_size[0] += len(data)
    shape = ",".join(str(d) for d in x.shape) or "-"
    return f"{x.dtype.name}:{shape}:{off}"


def tol_for(dt, k):
    """Allowed error in epsilons of the result dtype for sums of k products."""
    kind = np.dtype(dt).kind
    if kind in "biu":
        return 0
    if dt == "float16":
        return 4 * max(k, 1)  # NumPy rounds to float16 as it accumulates; nd once at the end
    return 8 * max(k, 1)


def case(name, subscripts, shapes, dts, views=None, optimize="off", dtype=None, casting=None, k=1, wide=False,
         tol=None):
    views = views or ["c"] * len(shapes)
    if isinstance(dts, str):
        dts = [dts] * len(shapes)
    stored = [rand(base_for(v, s), d, wide) for v, s, d in zip(views, shapes, dts)]
    ops = [apply(v, x) for v, x in zip(views, stored)]
    kw = {}
    if dtype:
        kw["dtype"] = dtype
    if casting:
        kw["casting"] = casting
    want = np.asarray(np.einsum(subscripts, *ops, **kw))
    t = tol_for(want.dtype.name, k) if tol is None else tol
    extra = f"{subscripts};{optimize};{dtype or '-'};{casting or '-'}"
    arrays = [spec(x) for x in stored] + [spec(want)]
    lines.append(f"{name} einsum {t} {len(ops)} 1 {','.join(views)} {extra} {' '.join(arrays)}")


def every_order(name, subscripts, shapes, dts, k, **kw):
    for opt in ["off", "greedy", "optimal"]:
        case(f"{name}_{opt}", subscripts, shapes, dts, optimize=opt, k=k, **kw)


def path_networks():
    """(subscripts, shapes) for the path cases: the networks of NumPy's own tests and random
    ones (a fixed seed, so the file is reproducible)."""
    nets = [
        ("ij,jk,kl->il", [(100, 2), (2, 100), (100, 3)]),
        ("ea,fb,abcd,gc,hd->efgh", [(10, 10), (10, 10), (10, 10, 10, 10), (10, 10), (10, 10)]),
        ("ea,fb,gc,hd,abcd->efgh", [(10, 3), (10, 4), (10, 5), (10, 6), (3, 4, 5, 6)]),
        ("abhe,hidj,jgba,hiab,gab", [(8, 3, 5, 4), (5, 6, 2, 7), (7, 9, 3, 8), (5, 6, 8, 3), (9, 8, 3)]),
        ("ab,bc,cd,de,ea->", [(3, 7), (7, 2), (2, 9), (9, 4), (4, 3)]),
        ("abc,cd,db,ae,ef->f", [(2, 3, 4), (4, 5), (5, 3), (2, 6), (6, 2)]),
        ("ij,jk,kl,lm,mn,no,op->ip", [(8, 2), (2, 9), (9, 3), (3, 8), (8, 2), (2, 7), (7, 4)]),
        ("ab,ab,ab,ab,ab->", [(3, 4)] * 5),
        ("ab,cd,ef->", [(2, 3), (4, 5), (6, 7)]),
        ("a,b,c,d->abcd", [(2,), (3,), (4,), (5,)]),
        ("ij,jk,ik->ijk", [(2, 3), (3, 4), (2, 4)]),
        ("ii,ij,jk->k", [(4, 4), (4, 5), (5, 6)]),
        ("aab,bc,cdd->a", [(3, 3, 4), (4, 5), (5, 2, 2)]),
        ("ij,j,jk,k->i", [(6, 1), (5,), (5, 4), (4,)]),
        ("a,ab,abc->abc", [(10,), (10, 10), (10, 10, 10)]),
        ("ab,bc,cd,de,ef,fg,gh,hA->aA", [(2, 3), (3, 4), (4, 2), (2, 5), (5, 3), (3, 2), (2, 4), (4, 3)]),
        ("ij,ij,jk", [(2, 3), (2, 3), (3, 4)]),
        ("ij,jk", [(2, 3), (3, 4)]),
        ("ii->", [(3, 3)]),
    ]
    prng = np.random.default_rng(20261128)
    letters = "abcdefghij"
    for n in [3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7]:
        sizes = {c: int(prng.integers(1, 7)) for c in letters}
        terms = []
        for _ in range(n):
            k = int(prng.integers(1, 4))
            terms.append("".join(sorted(prng.choice(list(letters[:n + 2]), size=k, replace=False))))
        used = sorted(set("".join(terms)))
        once = [c for c in used if "".join(terms).count(c) == 1]
        out = "".join(c for c in once if prng.random() < 0.6)
        if prng.random() < 0.3 and used:
            out += "".join(c for c in used if c not in out and prng.random() < 0.2)
        nets.append((",".join(terms) + "->" + out, [tuple(sizes[c] for c in t) for t in terms]))
    return nets


def path_cases():
    rows = []
    for sub, shapes in path_networks():
        ops = [np.zeros(s) for s in shapes]
        biggest = max([int(np.prod(s)) for s in shapes] + [1])
        limits = [None, 10 ** 9, biggest * 4, biggest // 2, biggest // 10, 1, 0, -1]
        for mode in ["greedy", "optimal"]:
            for limit in dict.fromkeys(limits):
                opt = mode if limit is None else (mode, limit)
                rows.append((sub, shapes, mode, limit, *np.einsum_path(sub, *ops, optimize=opt)))
        rows.append((sub, shapes, "off", None, *np.einsum_path(sub, *ops, optimize=False)))
    lines = []
    for sub, shapes, mode, limit, path, report in rows:
        sh = ",".join("x".join(str(d) for d in s) for s in shapes)
        steps = ";".join(".".join(str(i) for i in step) for step in path[1:])
        lim = "-" if limit is None else str(limit)
        assert "|" not in report
        lines.append(f"{sub}|{sh}|{mode}|{lim}|{steps}|{report.replace(chr(10), '|')}")
    with open(os.path.join(OUT, "paths.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    # Every dtype through the main shapes of einsum: products, sums, diagonals, outer products.
    for dt in ALL:
        case(f"mm_{dt}", "ij,jk->ik", [(3, 4), (4, 5)], dt, k=4)
        case(f"mmimplicit_{dt}", "ij,jk", [(3, 4), (4, 5)], dt, ["t", "s"], k=4)
        case(f"mmtrans_{dt}", "ji,jk->ki", [(4, 3), (4, 5)], dt, ["r", "c"], k=4)
        case(f"batch_{dt}", "bij,bjk->bik", [(6, 3, 4), (6, 4, 2)], dt, k=4)
        case(f"dot_{dt}", "i,i->", [(7,), (7,)], dt, k=7)
        case(f"dotimplicit_{dt}", "i,i", [(7,), (7,)], dt, k=7)
        case(f"rowdot_{dt}", "ij,ij->i", [(5, 6), (5, 6)], dt, k=6)
        case(f"outer_{dt}", "i,j->ij", [(3,), (4,)], dt)
        case(f"outer3_{dt}", "ij,k->kji", [(2, 3), (4,)], dt)
        case(f"hadamard_{dt}", "ij,ij->ij", [(3, 4), (3, 4)], dt, ["t", "c"])
        case(f"sumall_{dt}", "ij->", [(3, 5)], dt, k=15)
        case(f"sumaxis_{dt}", "ijk->ik", [(2, 3, 4)], dt, k=3)
        case(f"transpose_{dt}", "ijk->kij", [(2, 3, 4)], dt)
        case(f"trace_{dt}", "ii", [(4, 4)], dt, k=4)
        case(f"diag_{dt}", "ii->i", [(4, 4)], dt, ["t"])
        case(f"diag3_{dt}", "iji->ij", [(3, 2, 3)], dt)
        case(f"traceall_{dt}", "iii->", [(3, 3, 3)], dt, k=3)
        case(f"ellipsis_{dt}", "...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)], dt, k=4)
        case(f"ellipsisimpl_{dt}", "ij...,jk...", [(2, 3, 5), (3, 4, 1)], dt, k=3)
        case(f"ellipsisdiag_{dt}", "...ii->...i", [(2, 3, 3)], dt)
        case(f"ellipsistrace_{dt}", "i...i", [(3, 2, 3)], dt, k=3)
        every_order(f"chain_{dt}", "ij,jk,kl->il", [(3, 4), (4, 5), (5, 2)], dt, k=20)
        every_order(f"triple_{dt}", "i,i,i->", [(6,), (6,), (6,)], dt, k=6)
        if np.dtype(dt).kind in "iu":  # wrapping as NumPy's
            case(f"wrap_{dt}", "ij,jk->ik", [(3, 5), (5, 4)], dt, wide=True)
            case(f"wrapsum_{dt}", "ij->j", [(6, 3)], dt, wide=True)
    # Larger products: BLAS for the inexact dtypes, batches of small matrices, dots per row.
    for dt in ["float32", "float64", "complex64", "complex128"]:
        case(f"blas_{dt}", "ij,jk->ik", [(40, 48), (48, 36)], dt, ["t", "c"], k=48)
        case(f"blastensor_{dt}", "abc,cbd->ad", [(6, 5, 7), (7, 5, 8)], dt, k=35)
        case(f"smallbatch_{dt}", "bij,bkj->bik", [(50, 4, 4), (50, 4, 4)], dt, k=4)
        case(f"batchdot_{dt}", "bi,bi->b", [(30, 9), (30, 9)], dt, k=9)
        case(f"matvec_{dt}", "ij,j->i", [(12, 10), (10,)], dt, ["s", "c"], k=10)
        every_order(f"net_{dt}", "ea,fb,abcd,gc,hd->efgh",
                    [(3, 4), (2, 5), (4, 5, 3, 2), (3, 3), (2, 2)], dt, k=120)
        every_order(f"contract_{dt}", "abc,bcd,de->ae", [(3, 4, 5), (4, 5, 6), (6, 2)], dt, k=120)
        every_order(f"batchchain_{dt}", "bij,bjk,bkl->bil", [(4, 3, 5), (4, 5, 6), (4, 6, 2)], dt, k=30)
        every_order(f"outerchain_{dt}", "i,j,k->ijk", [(3,), (4,), (2,)], dt, k=1)
        every_order(f"shared_{dt}", "ijk,ikj,jk->i", [(3, 4, 5), (3, 5, 4), (4, 5)], dt, k=20)
        every_order(f"ellipsischain_{dt}", "...ij,...jk,...kl->...il", [(2, 3, 4), (1, 4, 5), (5, 2)], dt, k=20)
        every_order(f"many_{dt}", "ab,bc,cd,de,ef,fg->ag", [(3, 4), (4, 2), (2, 5), (5, 3), (3, 6), (6, 2)], dt, k=720)
    # Mixed dtypes promote as NumPy's; dtype= and casting=.
    for da, db in [("int8", "uint8"), ("int32", "float32"), ("float16", "float32"), ("float32", "complex128"),
                   ("bool", "int16"), ("uint64", "int64"), ("bool", "float64")]:
        case(f"mix_{da}_{db}", "ij,jk->ik", [(3, 4), (4, 2)], [da, db], k=4)
        every_order(f"mix3_{da}_{db}", "ij,jk,k->i", [(3, 4), (4, 2), (2,)], [da, db, da], k=8)
    case("dtype_f32", "ij,jk->ik", [(3, 4), (4, 2)], "float64", dtype="float32", casting="same_kind", k=4)
    case("dtype_f64", "ij,jk->ik", [(3, 4), (4, 2)], "int32", dtype="float64", k=4)
    case("dtype_c128", "i,i->", [(5,), (5,)], "float32", dtype="complex128", k=5)
    case("dtype_unsafe", "ij->i", [(3, 4)], "float64", dtype="int64", casting="unsafe", tol=0)
    case("dtype_sumf16", "i->", [(50,)], "float16", dtype="float64", k=50)
    # Labels of size 1 broadcast against the other operands'.
    case("bcast_label", "ij,ij->ij", [(1, 3), (2, 3)], "float64")
    case("bcast_inner", "ij,jk", [(2, 1), (3, 4)], "float64", k=3)
    case("bcast_batch", "bij,bjk->bik", [(1, 3, 4), (5, 4, 2)], "float64", k=4)
    every_order("bcast_chain", "ij,jk,kl->il", [(3, 1), (4, 5), (5, 2)], "float64", k=20)
    # Empty dimensions, scalars and mixed-case labels.
    case("empty_free", "ij,jk->ik", [(0, 3), (3, 2)], "float64")
    case("empty_inner", "ij,jk->ik", [(2, 0), (0, 3)], "float64")
    case("empty_sum", "ij->", [(0, 3)], "float64")
    case("scalar_times", ",i->i", [(), (4,)], "float64")
    case("scalar_only", "", [()], "float64")
    case("scalar_arrow", "->", [()], "int32")
    case("case_labels", "Ba,aB", [(2, 3), (3, 2)], "float64", k=6)
    case("case_implicit", "bA", [(2, 3)], "float64")
    case("single_sumsome", "abcd->ad", [(2, 3, 4, 5)], "float64", k=12)
    case("private_sums", "ij,jk->k", [(3, 4), (4, 5)], "float64", k=12)
    every_order("private3", "ia,jb,kc->", [(3, 2), (4, 3), (2, 5)], "float64", k=30)
    np.save(os.path.join(OUT, "blob.npy"), np.frombuffer(b"".join(blob), dtype=np.uint8))
    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} cases, {path_cases()} paths")


if __name__ == "__main__":
    main()

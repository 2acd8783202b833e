"""ndcore.einsum and ndcore.einsum_path against numpy.einsum: values, dtypes, shapes, views,
out=/dtype=/casting=, every optimize mode, the interleaved form, and errors; and against
numpy.einsum_path: the greedy and optimal paths and reports with and without memory limits,
explicit paths, and the optimize= values NumPy accepts or rejects."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ndcore as nc

RNG = np.random.default_rng(5)


def rand(shape, dt):
    d = np.dtype(dt)
    if d == np.bool_:
        return RNG.random(shape) < 0.5
    if d.kind in "iu":
        return RNG.integers(0 if d.kind == "u" else -3, 4, size=shape).astype(d)
    x = RNG.standard_normal(shape)
    if d.kind == "c":
        x = x + 1j * RNG.standard_normal(shape)
    return x.astype(d)


def check(got, want, k=1, eps_of=None):
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype
    assert got.shape == want.shape
    if want.dtype.kind in "biu":
        np.testing.assert_array_equal(got, want)
    else:
        eps = np.finfo(eps_of or want.dtype).eps
        scale = max(1.0, float(np.abs(want).max(initial=0.0)))
        np.testing.assert_allclose(got, want, rtol=0, atol=16 * max(k, 1) * eps * scale)


CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)], 4),
    ("ij,jk", [(3, 4), (4, 5)], 4),
    ("bij,bjk->bik", [(5, 3, 4), (5, 4, 2)], 4),
    ("i,i", [(7,), (7,)], 7),
    ("ij,ij->i", [(4, 6), (4, 6)], 6),
    ("i,j->ij", [(3,), (4,)], 1),
    ("ii", [(4, 4)], 4),
    ("ii->i", [(4, 4)], 1),
    ("ijk->kj", [(2, 3, 4)], 2),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)], 4),
    ("i...i", [(3, 2, 3)], 3),
    ("ij,jk,kl->il", [(3, 4), (4, 5), (5, 2)], 20),
    ("ea,fb,abcd,gc,hd->efgh", [(3, 4), (2, 5), (4, 5, 3, 2), (3, 3), (2, 2)], 120),
    ("Ba,aB", [(2, 3), (3, 2)], 6),
    (",i->i", [(), (4,)], 1),
]
DTYPES = ["bool", "int8", "uint16", "int64", "float16", "float32", "float64", "complex64", "complex128"]


@pytest.mark.parametrize("optimize", [False, True, "greedy", "optimal"])
@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("sub,shapes,k", CASES)
def test_matches_numpy(sub, shapes, k, dt, optimize):
    ops = [rand(s, dt) for s in shapes]
    want = np.einsum(sub, *ops)
    got = nc.einsum(sub, *[nc.asarray(o) for o in ops], optimize=optimize)
    if dt == "float16":  # NumPy rounds to float16 as it accumulates
        exact = np.einsum(sub, *[o.astype(np.float64) for o in ops])
        check(np.asarray(got).astype(np.float64), exact, k, eps_of=np.float16)
        assert np.asarray(got).dtype == want.dtype
    else:
        check(got, want, k)


def test_numpy_arrays_views_and_mixed_dtypes():
    a = rand((6, 8), "float64")[::2, ::-2]  # strided, reversed
    b = rand((4, 5), "float32").T
    check(nc.einsum("ij,kj->ik", a, b), np.einsum("ij,kj->ik", a, b), 4)
    i8, u8 = rand((3, 4), "int8"), rand((4,), "uint8")
    check(nc.einsum("ij,j->i", i8, u8), np.einsum("ij,j->i", i8, u8))
    c = rand((3, 4), "complex64")
    check(nc.einsum("ij,ij->", c, a[:3, :4]), np.einsum("ij,ij->", c, a[:3, :4]), 12)


def test_view_is_returned_without_sums():
    a = nc.asarray(np.arange(9.0).reshape(3, 3))
    d = nc.einsum("ii->i", a)
    d[1] = -1.0
    assert float(a[1, 1]) == -1.0
    t = nc.einsum("ij->ji", a)
    assert np.shares_memory(np.asarray(t), np.asarray(a))


def test_out_dtype_casting_order():
    a, b = rand((3, 4), "float64"), rand((4, 2), "float64")
    out = nc.zeros((3, 2))
    r = nc.einsum("ij,jk->ik", a, b, out=out)
    assert r is out
    check(out, a @ b, 4)
    check(nc.einsum("ij,jk->ik", a, b, dtype="float32", casting="same_kind"),
          np.einsum("ij,jk->ik", a, b, dtype="float32", casting="same_kind"), 4)
    with pytest.raises(TypeError, match=r"einsum.*cannot be cast from float64 to int64"):
        nc.einsum("ij,jk->ik", a, b, dtype="int64")
    with pytest.raises(TypeError, match="out's int64"):
        nc.einsum("ij,jk->ik", a, b, out=nc.zeros((3, 2), dtype="int64"))
    check(nc.einsum("ij,jk->ik", a, b, out=nc.zeros((3, 2), dtype="int64"), casting="unsafe"),
          np.einsum("ij,jk->ik", a, b, out=np.zeros((3, 2), dtype="int64"), casting="unsafe"))
    f = nc.einsum("ij,jk->ik", a, b, order="F")
    assert f.flags.f_contiguous
    c = nc.einsum("ij->ji", a, order="C")
    assert c.flags.c_contiguous
    check(c, a.T)
    with pytest.raises(ValueError):
        nc.einsum("ij->ji", a, order="X")


def test_interleaved_form():
    a, b = rand((3, 4), "float64"), rand((4, 5), "float64")
    check(nc.einsum(a, [0, 1], b, [1, 2], [0, 2]), np.einsum(a, [0, 1], b, [1, 2], [0, 2]), 4)
    check(nc.einsum(a, [0, 1], b, [1, 2]), np.einsum(a, [0, 1], b, [1, 2]), 4)
    t = rand((2, 3, 3), "float64")
    check(nc.einsum(t, [Ellipsis, 0, 0], [Ellipsis, 0]), np.einsum(t, [Ellipsis, 0, 0], [Ellipsis, 0]))
    with pytest.raises(ValueError, match="valid range"):
        nc.einsum(a, [0, 99])


def test_explicit_path_and_einsum_path():
    a, b, c = rand((100, 2), "float64"), rand((2, 100), "float64"), rand((100, 3), "float64")
    want = np.einsum("ij,jk,kl->il", a, b, c)
    path, report = nc.einsum_path("ij,jk,kl->il", a, b, c, optimize="optimal")
    assert path == ["einsum_path", (1, 2), (0, 1)]
    assert path == np.einsum_path("ij,jk,kl->il", a, b, c, optimize="optimal")[0]
    assert "Complete contraction:  ij,jk,kl->il" in report
    check(nc.einsum("ij,jk,kl->il", a, b, c, optimize=path), want, 200)
    check(nc.einsum("ij,jk,kl->il", a, b, c, optimize=["einsum_path", (0, 1), (0, 1)]), want, 200)
    gpath, _ = nc.einsum_path("ij,jk,kl->il", a, b, c)
    assert gpath[0] == "einsum_path" and len(gpath) == 3
    with pytest.raises(RuntimeError, match="1 more operand would have to be contracted"):
        nc.einsum("ij,jk,kl->il", a, b, c, optimize=["einsum_path", (0, 1)])
    check(nc.einsum("ij,jk->ik", a, b, optimize=("greedy", 1000)), np.einsum("ij,jk->ik", a, b), 4)


def test_errors_name_einsum_and_the_subscript():
    m = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"^einsum: label 'j' has size 3 in operand 0 \(shape \(2, 3\)\) but 4"):
        nc.einsum("ij,jk", m, np.ones((4, 4)))
    with pytest.raises(ValueError, match="invalid subscript '1'"):
        nc.einsum("i1", m)
    with pytest.raises(ValueError, match="name 2 operands but 1 was given"):
        nc.einsum("i,j", np.ones(3))
    with pytest.raises(ValueError, match="output subscript 'k'"):
        nc.einsum("ij->k", m)
    with pytest.raises(ValueError, match="repeats label 'i'"):
        nc.einsum("ii", m)
    with pytest.raises(ValueError, match="no input operands"):
        nc.einsum()


LABELS = "abcd"


@st.composite
def einsum_problem(draw):
    """Two or three operands over up to four labels, with an explicit or implicit output."""
    sizes = {c: draw(st.integers(1, 4)) for c in LABELS}
    nops = draw(st.integers(1, 3))
    terms = []
    for _ in range(nops):
        term = draw(st.lists(st.sampled_from(LABELS), min_size=0, max_size=3))
        terms.append("".join(term))
    used = sorted(set("".join(terms)))
    if draw(st.booleans()):
        out = "".join(draw(st.permutations(used))[: draw(st.integers(0, len(used)))])
        sub = ",".join(terms) + "->" + out
    else:
        sub = ",".join(terms)
    shapes = [tuple(sizes[c] for c in t) for t in terms]
    dt = draw(st.sampled_from(["int64", "float64", "complex128"]))
    opt = draw(st.sampled_from([False, "greedy", "optimal"]))
    return sub, shapes, dt, opt


@settings(max_examples=150, deadline=None)
@given(einsum_problem())
def test_random_problems_match_numpy(problem):
    sub, shapes, dt, opt = problem
    ops = [rand(s, dt) for s in shapes]
    want = np.einsum(sub, *ops)
    check(nc.einsum(sub, *ops, optimize=opt), want, 64)


# ---- paths against numpy.einsum_path ----

NETWORKS = [
    ("ij,jk,kl->il", [(100, 2), (2, 100), (100, 3)]),
    ("ea,fb,abcd,gc,hd->efgh", [(10, 10), (10, 10), (10, 10, 10, 10), (10, 10), (10, 10)]),
    ("ea,fb,gc,hd,abcd->efgh", [(10, 3), (10, 4), (10, 5), (10, 6), (3, 4, 5, 6)]),
    ("abhe,hidj,jgba,hiab,gab", [(8, 3, 5, 4), (5, 6, 2, 7), (7, 9, 3, 8), (5, 6, 8, 3), (9, 8, 3)]),
    ("ab,bc,cd,de,ea->", [(3, 7), (7, 2), (2, 9), (9, 4), (4, 3)]),
    ("ab,ab,ab,ab,ab->", [(3, 4)] * 5),
    ("ab,cd,ef->", [(2, 3), (4, 5), (6, 7)]),
    ("a,b,c,d->abcd", [(2,), (3,), (4,), (5,)]),
    ("ii,ij,jk->k", [(4, 4), (4, 5), (5, 6)]),
    ("ij,j,jk,k->i", [(6, 1), (5,), (5, 4), (4,)]),
    ("ab,bc,cd,de,ef,fg,gh,hA->aA", [(2, 3), (3, 4), (4, 2), (2, 5), (5, 3), (3, 2), (2, 4), (4, 3)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("ii->", [(3, 3)]),
]
LIMITS = [None, 10 ** 6, 400, 100, 20, 6, 1, 0, -5]


def both_paths(sub, ops, optimize):
    want = np.einsum_path(sub, *ops, optimize=optimize)
    got = nc.einsum_path(sub, *ops, optimize=optimize)
    return got, want


# NumPy's own optimal search takes 6-25 s per call on 8 operands with a loose memory limit,
# so the 8-operand network runs the optimal mode with the default and a tight limit only
# (the frozen C++ cases from tests/data/gen_einsum.py cover more).
PATH_CASES = [(sub, shapes, mode, limit) for sub, shapes in NETWORKS for mode in ("greedy", "optimal")
              for limit in LIMITS if not (mode == "optimal" and len(shapes) > 7 and limit not in (None, 20))]


@pytest.mark.parametrize("sub,shapes,mode,limit", PATH_CASES)
def test_paths_and_reports_match_numpy(sub, shapes, mode, limit):
    ops = [rand(s, "float64") for s in shapes]
    opt = mode if limit is None else (mode, limit)
    got, want = both_paths(sub, ops, opt)
    assert got[0] == want[0]
    assert got[1] == want[1]
    check(nc.einsum(sub, *ops, optimize=opt), np.einsum(sub, *ops, optimize=opt), 10 ** 4)


def test_limits_force_the_one_step_fallback():
    # Limits under the smallest possible intermediate leave everything for one step; limits
    # under the output's size let pairs through but not the last one.
    a, b, c = rand((100, 2), "float64"), rand((2, 100), "float64"), rand((100, 3), "float64")
    for mode in ["greedy", "optimal"]:
        for limit, path in [(5, [(0, 1, 2)]), (-1, [(0, 1, 2)]), (299, [(1, 2), (0, 1)]), (300, [(1, 2), (0, 1)])]:
            got, want = both_paths("ij,jk,kl->il", [a, b, c], (mode, limit))
            assert want[0] == ["einsum_path"] + path
            assert got == want
    ops = [rand(s, "float64") for s in [(3, 4), (4, 5), (5, 6), (6, 2), (2, 3)]]
    sub = "ab,bc,cd,de,ea->"
    fallbacks = 0
    for limit in range(0, 40):
        for mode in ["greedy", "optimal"]:
            got, want = both_paths(sub, ops, (mode, limit))
            assert got == want, (mode, limit)
            fallbacks += len(want[0][-1]) > 2 and len(want[0]) > 2
            check(nc.einsum(sub, *ops, optimize=(mode, limit)), np.einsum(sub, *ops), 10 ** 3)
    assert fallbacks > 0


def test_default_limit_is_the_largest_operand_or_output():
    # An outer product would exceed every operand: NumPy's default limit rules it out, so the
    # shared pairs go first and the remaining outer step is a fallback of one.
    ops = [rand(s, "float64") for s in [(8,), (8, 9), (9,), (7,)]]
    for sub in ["i,ij,j,k->k", "i,ij,j,k->ik", "i,ij,j,k->"]:
        for mode in ["greedy", "optimal"]:
            got, want = both_paths(sub, ops, mode)
            assert got == want, (sub, mode)
            assert both_paths(sub, ops, (mode, 10 ** 9))[0] == both_paths(sub, ops, (mode, 10 ** 9))[1]


def raise_alike(exc, sub, ops, optimize, path_match=None, einsum_match=None):
    """numpy.einsum_path, ndcore.einsum_path and ndcore.einsum all raise `exc` for `optimize`."""
    with pytest.raises(exc):
        np.einsum_path(sub, *ops, optimize=optimize)
    with pytest.raises(exc, match=path_match):
        nc.einsum_path(sub, *ops, optimize=optimize)
    with pytest.raises(exc, match=einsum_match):
        nc.einsum(sub, *ops, optimize=optimize)


def test_optimize_values_as_numpy():
    ops = [rand(s, "float64") for s in [(3, 4), (4, 5), (5, 2)]]
    sub = "ij,jk,kl->il"
    want = np.einsum(sub, *ops)
    for opt in [True, False, None, "greedy", "optimal", ("greedy", 10.7), ["optimal", 100], ("greedy", True),
                ("optimal", np.float64(50.0)), ("greedy", 10 ** 30), ("greedy", -(10 ** 30))]:
        got, npw = both_paths(sub, ops, opt)
        assert got == npw, opt
        check(nc.einsum(sub, *ops, optimize=opt), want, 20)
    for opt in [("greedy", np.int64(3)), ("greedy", 10, 1), [], 0, 1, ("greedy",), (3, 10)]:
        raise_alike(TypeError, sub, ops, opt, "einsum_path: optimize must be", "einsum: optimize must be")
    for opt in ["foo", ("foo", 10), "off", "einsum_path"]:
        raise_alike(KeyError, sub, ops, opt, "no known path algorithm")
    for bad in [float("nan"), float("inf")]:
        with pytest.raises((ValueError, OverflowError)) as np_err:
            np.einsum_path(sub, *ops, optimize=("greedy", bad))
        with pytest.raises(np_err.type):
            nc.einsum_path(sub, *ops, optimize=("greedy", bad))


def test_explicit_paths_in_einsum_path():
    ops = [rand(s, "float64") for s in [(3, 4), (4, 5), (5, 2), (2, 3)]]
    sub = "ij,jk,kl,lm->im"
    for path in [["einsum_path", (0, 1), (0, 1), (0, 1)], ["einsum_path", (2, 3), (0, 2), (0, 1)],
                 ["einsum_path", (0, 1, 2, 3)], ["einsum_path", (3, 1, 0), (0, 1)], ["einsum_path", [1, 2], [0, 2],
                                                                                     [0, 1]],
                 ["einsum_path", (1,), (0, 1, 2), (0, 1)]]:
        got, want = both_paths(sub, ops, path)
        assert got == want
        assert got[0] is not path
        check(nc.einsum(sub, *ops, optimize=path), np.einsum(sub, *ops, optimize=path), 60)
    # A tuple works too (NumPy's einsum takes it; its einsum_path fails to build the result).
    got = nc.einsum_path(sub, *ops, optimize=("einsum_path", (0, 1), (0, 1), (0, 1)))
    assert got[0] == ["einsum_path", (0, 1), (0, 1), (0, 1)]
    for path, err in [(["einsum_path", (0, 1)], RuntimeError), (["einsum_path", (0, 4), (0, 1), (0, 1)], IndexError),
                      (["einsum_path", (0, 1), (0, 1), (0, 1), (0, 1)], IndexError)]:
        raise_alike(err, sub, ops, path, "einsum_path: ", "einsum: ")
    with pytest.raises(ValueError, match="more than once"):
        nc.einsum(sub, *ops, optimize=["einsum_path", (0, 0), (0, 1), (0, 1)])
    with pytest.raises(TypeError, match="sequence of operand positions"):
        nc.einsum_path(sub, *ops, optimize=["einsum_path", 0])


def test_ellipsis_paths_match_numpy():
    # NumPy names the dimensions of '...' with letters of its choosing; nd's report writes
    # '*'. The paths and the numbers in the report agree.
    ops = [rand(s, "float64") for s in [(2, 3, 4), (1, 4, 5), (5, 6), (6, 2)]]
    sub = "...ij,...jk,kl,lm->...im"
    for opt in ["greedy", "optimal", ("greedy", 20), ("optimal", 20), ("greedy", 0)]:
        got, want = both_paths(sub, ops, opt)
        assert got[0] == want[0]
        numbers = want[1].splitlines()[1:7]
        assert got[1].splitlines()[1:7] == numbers
        check(nc.einsum(sub, *ops, optimize=opt), np.einsum(sub, *ops, optimize=opt), 200)


@st.composite
def network(draw):
    """Three to six operands over up to seven labels, an explicit output, and a planner with
    or without a memory limit."""
    letters = "abcdefg"
    sizes = {c: draw(st.integers(1, 5)) for c in letters}
    n = draw(st.integers(3, 6))
    terms = [draw(st.lists(st.sampled_from(letters), min_size=1, max_size=3, unique=True)) for _ in range(n)]
    used = sorted(set(c for t in terms for c in t))
    out = draw(st.lists(st.sampled_from(used), max_size=3, unique=True))
    sub = ",".join("".join(t) for t in terms) + "->" + "".join(out)
    shapes = [tuple(sizes[c] for c in t) for t in terms]
    mode = draw(st.sampled_from(["greedy", "optimal"]))
    limit = draw(st.one_of(st.none(), st.integers(-1, 200)))
    return sub, shapes, mode if limit is None else (mode, limit)


@settings(max_examples=300, deadline=None)
@given(network())
def test_random_networks_match_numpy_paths(problem):
    sub, shapes, opt = problem
    ops = [rand(s, "float64") for s in shapes]
    got, want = both_paths(sub, ops, opt)
    assert got[0] == want[0]
    assert got[1] == want[1]
    check(nc.einsum(sub, *ops, optimize=opt), np.einsum(sub, *ops, optimize=opt), 10 ** 3)

"""ndcore.einsum and ndcore.einsum_path against numpy.einsum: values, dtypes, shapes, views,
out=/dtype=/casting=, every optimize mode, the interleaved form, and errors."""
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
    with pytest.raises(ValueError, match="left uncontracted"):
        nc.einsum("ij,jk,kl->il", a, b, c, optimize=["einsum_path", (0, 1)])
    with pytest.raises(TypeError):
        nc.einsum("ij,jk->ik", a, b, optimize=("greedy", 1000))


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

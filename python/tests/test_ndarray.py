"""ndcore.ndarray against NumPy: attributes, printing, indexing, conversions, methods."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ndcore as nc
from helpers import DTYPES, NUMERIC, same, sample


# ---- attributes ----


@pytest.mark.parametrize("dtype", DTYPES)
def test_attributes_match_numpy(dtype):
    n = sample(dtype, (2, 3, 4))
    a = nc.asarray(n).copy()
    assert a.shape == n.shape and a.ndim == 3 and a.size == 24
    assert a.dtype == n.dtype and a.dtype.name == n.dtype.name and a.dtype.str == n.dtype.str
    assert a.itemsize == n.itemsize and a.nbytes == n.nbytes and a.strides == n.strides
    assert a.T.shape == n.T.shape and a.T.strides == n.T.strides
    assert a.mT.shape == n.mT.shape and a.mT.strides == n.mT.strides


def test_flags_and_base():
    a = nc.arange(12)
    assert a.flags.owndata and a.base is None and a.flags.c_contiguous and a.flags.f_contiguous
    v = a.reshape(3, 4)
    assert v.base is a and not v.flags.owndata
    w = v[:, ::2]
    assert w.base is a and not w.flags.c_contiguous and not w.flags.f_contiguous
    assert v.T.flags["F_CONTIGUOUS"] and not v.T.flags["C"]
    w.flags.writeable = False
    with pytest.raises(ValueError):
        w[0, 0] = 1
    assert a[0, ...].base is a if a.ndim > 1 else True
    c = v.copy()
    assert c.base is None and c.flags.owndata


def test_real_imag_views():
    n = np.array([1 + 2j, 3 - 4j])
    a = nc.asarray(n.copy())
    same(a.real, n.real)
    same(a.imag, n.imag)
    a.imag[0] = 9
    assert complex(a[0]) == 1 + 9j
    a.real = 0
    same(a, np.array([9j, -4j]))
    r = nc.arange(3.0)
    same(r.imag, np.zeros(3))
    with pytest.raises(TypeError):
        r.imag = 1


# ---- printing ----

PRINT_CASES = [
    lambda: np.arange(6).reshape(2, 3) * 2,
    lambda: np.arange(2000),
    lambda: np.arange(2000).reshape(10, 10, 20),
    lambda: np.linspace(0, 1, 30),
    lambda: np.array([1e-10, 1.0, 1e10]),
    lambda: np.array([np.nan, -np.inf, 1.5]),
    lambda: np.array([[1 + 2j, -3.5j], [0, 10 + 0.25j]]),
    lambda: np.array([True, False]),
    lambda: np.zeros((0, 3)),
    lambda: np.arange(24, dtype=np.int16).reshape(2, 3, 4),
    lambda: np.array([0.1, 0.2], dtype=np.float32),
    lambda: np.array([1.5, 2], dtype=np.float16),
    lambda: np.arange(100, dtype=np.uint8).reshape(4, 25),
    lambda: np.arange(1100.0).reshape(2, 550) / 7,
]


@pytest.mark.parametrize("case", range(len(PRINT_CASES)))
def test_repr_and_str_match_numpy(case):
    n = PRINT_CASES[case]()
    a = nc.asarray(n).copy()
    assert repr(a) == repr(n)
    assert str(a) == str(n)


@pytest.mark.parametrize("value,dtype", [(5.0, "f8"), (0.1, "f4"), (1e20, "f8"), (1e-5, "f4"), (2.5, "f2"),
                                         (3, "i8"), (True, "?"), (1 + 2j, "c16"), (2j, "c8"), (255, "u1")])
def test_zero_d_str_is_numpy_scalar_str(value, dtype):
    n = np.array(value, dtype=dtype)
    a = nc.asarray(value, dtype=dtype)
    assert str(a) == str(n[()])
    assert repr(a) == repr(n)


def test_readme_example_prints_like_numpy():
    assert str(nc.arange(6).reshape(2, 3) * 2) == "[[ 0  2  4]\n [ 6  8 10]]"


# ---- scalars: a full integer index gives a 0-d array ----


def test_full_index_gives_zero_d_copy_usable_as_scalar():
    a = nc.arange(6.0).reshape(2, 3)
    x = a[1, 2]
    assert isinstance(x, nc.ndarray) and x.ndim == 0 and x.base is None
    a[1, 2] = 100
    assert float(x) == 5.0
    assert int(x) == 5 and complex(x) == 5 + 0j and bool(x) and f"{x:.2f}" == "5.00"
    assert x + 1 == 6 and x * 2.0 == 10.0 and x < 6 and x.item() == 5.0
    assert [10, 20, 30][nc.arange(3)[1]] == 20
    assert math.isclose(math.sqrt(x), math.sqrt(5))
    # NumPy scalars are strong like 0-d arrays: float32 stays float32 with a Python float.
    f = nc.ones(2, dtype="f4")[0]
    assert (f * 2.5).dtype == nc.float32
    with pytest.raises(TypeError):
        hash(x)


def test_len_iter_bool():
    a = nc.arange(6).reshape(3, 2)
    assert len(a) == 3
    rows = list(a)
    assert len(rows) == 3 and all(isinstance(r, nc.ndarray) for r in rows)
    same(rows[1], np.array([2, 3]))
    with pytest.raises(TypeError, match="unsized"):
        len(nc.asarray(1))
    with pytest.raises(ValueError, match="ambiguous"):
        bool(nc.arange(3))
    assert bool(nc.asarray([1])) and not bool(nc.asarray(0))
    with pytest.raises(TypeError):
        [1, 2][nc.asarray(1.0)]
    assert 3 in nc.arange(5) and 7 not in nc.arange(5)


# ---- indexing ----

GET_KEYS = [
    1, -1, (1, 2), (-1, -2), slice(None), slice(1, None, 2), slice(None, None, -1),
    (slice(None), 1), (Ellipsis, 1), (None, 1), (1, None, slice(None, 2)), (slice(None), None, slice(None)),
    [0, 2], [[0, 1], [2, 2]], (slice(None), [0, 3, 1]), ([0, 2], [1, 3]), ([0, 2], slice(1, 3)),
    (np.array([True, False, True]),), np.array([[True, False, True, False]] * 3), ([-1, 0],),
    (slice(None), [True, False, False, True]), (1, [0, 1]), (Ellipsis, [1]), (Ellipsis,), (),
    ([0, 2], None, [1, 2]), (np.array(1),), ([[0], [2]], [1, 3]),
]


@pytest.mark.parametrize("key", GET_KEYS, ids=[repr(k)[:40] for k in GET_KEYS])
def test_getitem_matches_numpy(key):
    n = np.arange(12).reshape(3, 4)
    a = nc.arange(12).reshape(3, 4)
    got, want = a[key], n[key]
    same(got, np.asarray(want))
    # Views exactly where NumPy gives views.
    want_view = isinstance(want, np.ndarray) and np.shares_memory(want, n)
    assert (got.base is not None and nc.shares_memory(got, a)) == want_view


@pytest.mark.parametrize("key", GET_KEYS, ids=[repr(k)[:40] for k in GET_KEYS])
def test_setitem_matches_numpy(key):
    n = np.arange(12).reshape(3, 4)
    a = nc.arange(12).reshape(3, 4)
    n[key] = -7
    a[key] = -7
    same(a, n)
    shape = np.shape(n[key])
    vals = np.arange(100, 100 + int(np.prod(shape))).reshape(shape)
    n[key] = vals
    a[key] = nc.asarray(vals)
    same(a, n)


def test_setitem_casts_and_broadcasts():
    a = nc.zeros((2, 3), dtype="i4")
    a[:] = [1.7, 2.2, -3.9]
    same(a, np.array([[1, 2, -3]] * 2, dtype="i4"))
    a[0] = nc.asarray([[5]])
    same(a[0], np.array([5, 5, 5], dtype="i4"))
    with pytest.raises(ValueError, match="broadcast"):
        a[:] = [1, 2]


@pytest.mark.parametrize("key,exc,msg", [
    (5, IndexError, "index 5 is out of bounds for axis 0 with size 3"),
    (-4, IndexError, "index -4 is out of bounds for axis 0 with size 3"),
    ((0, 0, 0), IndexError, "too many indices"),
    ((Ellipsis, Ellipsis), IndexError, "single ellipsis"),
    (1.5, IndexError, "only integers"),
    ([0, 5], IndexError, "out of bounds"),
    ([1.0], IndexError, "integer"),
    (np.array([True, False]), IndexError, "boolean index"),
    (slice(None, None, 0), ValueError, "slice step cannot be zero"),
])
def test_index_errors_match_numpy(key, exc, msg):
    n = np.arange(6).reshape(3, 2)
    a = nc.arange(6).reshape(3, 2)
    with pytest.raises(exc):
        n[key]
    with pytest.raises(exc, match=msg):
        a[key]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_basic_slicing_hypothesis(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, max_side=5))
    n = np.arange(int(np.prod(shape))).reshape(shape)
    a = nc.asarray(n).copy()
    key = data.draw(hnp.basic_indices(shape, allow_newaxis=True))
    same(a[key], np.asarray(n[key]))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_integer_array_indexing_hypothesis(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    n = np.arange(int(np.prod(shape))).reshape(shape)
    a = nc.asarray(n).copy()
    key = data.draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(max_dims=2, max_side=3)))
    same(a[key], n[key])


# ---- operators ----

BINOPS = ["__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__", "__pow__", "__and__",
          "__or__", "__xor__", "__lshift__", "__rshift__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
          "__ge__", "__radd__", "__rsub__", "__rmul__", "__rtruediv__", "__rfloordiv__", "__rmod__", "__rpow__",
          "__rand__", "__ror__", "__rxor__"]


@pytest.mark.parametrize("op", BINOPS)
@pytest.mark.parametrize("dtype", ["int8", "int64", "uint16", "float32", "float64", "bool"])
@pytest.mark.parametrize("other", ["array", "int", "float"])
def test_binary_operators_match_numpy(op, dtype, other):
    n = sample(dtype, (2, 3), seed=1)
    if dtype != "bool" and np.dtype(dtype).kind in "iu":
        n = np.where(n == 0, 3, n).astype(dtype)
        if op in ("__pow__", "__rpow__", "__lshift__", "__rshift__"):
            n = (np.abs(n.astype(np.int64)) % 5).astype(dtype)
    o = {"array": sample(dtype, (3,), seed=2), "int": 3, "float": 2.5}[other]
    if isinstance(o, np.ndarray) and o.dtype.kind in "iu":
        o = np.where(o == 0, 2, o).astype(dtype)
        o = (np.abs(o.astype(np.int64)) % 5 + 1).astype(dtype)
    try:
        with np.errstate(all="ignore"):
            want = getattr(n, op)(o)
    except (TypeError, ValueError) as e:
        want = e
    if want is NotImplemented or isinstance(want, Exception):
        with pytest.raises((TypeError, ValueError)):
            got = getattr(nc.asarray(n), op)(nc.asarray(o) if isinstance(o, np.ndarray) else o)
            if got is NotImplemented:
                raise TypeError
        return
    got = getattr(nc.asarray(n), op)(nc.asarray(o) if isinstance(o, np.ndarray) else o)
    same(got, want, rtol=1e-6 if np.asarray(want).dtype.kind in "fc" else 0)


@pytest.mark.parametrize("dtype", ["int32", "float64", "complex64", "bool", "uint8"])
def test_unary_operators(dtype):
    n = sample(dtype, (2, 3))
    a = nc.asarray(n)
    same(abs(a), abs(n), rtol=1e-6 if dtype.startswith("complex") else 0)
    if dtype == "bool":
        with pytest.raises(TypeError):
            +n
        with pytest.raises(TypeError):
            +a
        with pytest.raises(TypeError):
            -a
    else:
        same(+a, +n)
        same(-a, -n)
    if dtype in ("int32", "bool", "uint8"):
        same(~a, ~n)


def test_inplace_operators_keep_the_object_and_dtype():
    a = nc.arange(6, dtype="i4")
    b = a
    a += 2
    a *= 3
    a -= 1
    a //= 2
    assert a is b and a.dtype == nc.int32
    same(a, ((np.arange(6, dtype="i4") + 2) * 3 - 1) // 2)
    with pytest.raises(TypeError, match="same_kind"):
        a += 1.5
    f = nc.ones(3)
    f /= 4
    f **= 2
    same(f, np.full(3, 1 / 16))


def test_broadcast_errors():
    with pytest.raises(ValueError, match=r"could not be broadcast together with shapes \(2, 3\) \(4,\)|\(2, 3\) and \(4,\)"):
        nc.ones((2, 3)) + nc.ones(4)


def test_python_int_out_of_range_is_overflow_error():
    with pytest.raises(OverflowError):
        np.arange(3, dtype=np.int8) + 300
    with pytest.raises(OverflowError, match="300"):
        nc.arange(3, dtype="i1") + 300


def test_mixed_with_numpy_arrays():
    n = np.arange(3.0)
    a = nc.arange(3.0)
    same(a + n, n + n)
    assert isinstance(a * n, nc.ndarray)


# ---- methods ----


def test_shape_methods():
    n = np.arange(24).reshape(2, 3, 4)
    a = nc.arange(24).reshape(2, 3, 4)
    same(a.reshape(4, 6), n.reshape(4, 6))
    same(a.reshape((4, -1)), n.reshape((4, -1)))
    same(a.reshape(-1, 2, order="F"), n.reshape(-1, 2, order="F"))
    same(a.transpose(), n.transpose())
    same(a.transpose(1, 0, 2), n.transpose(1, 0, 2))
    same(a.transpose((2, 0, 1)), n.transpose((2, 0, 1)))
    same(a.ravel(), n.ravel())
    same(a.ravel(order="F"), n.ravel(order="F"))
    same(a.flatten(), n.flatten())
    assert a.flatten().base is None and a.ravel().base is not None
    same(a[:, :1].squeeze(), n[:, :1].squeeze())
    same(a[:, :1].squeeze(axis=1), n[:, :1].squeeze(axis=1))
    same(a.swapaxes(0, 2), n.swapaxes(0, 2))
    with pytest.raises(ValueError, match="cannot reshape array of size 24 into shape"):
        a.reshape(5, 5)
    with pytest.raises(nc.AxisError):
        a.swapaxes(0, 3)


def test_value_methods():
    n = np.array([[3.5, -1.25, 2.0], [0.5, 8.0, -4.0]])
    a = nc.asarray(n).copy()
    same(a.astype("i2"), n.astype("i2"))
    same(a.astype(np.float32), n.astype(np.float32))
    assert a.astype(a.dtype, copy=False) is a
    with pytest.raises(TypeError):
        a.astype("i4", casting="safe")
    assert a.item(4) == n.item(4) and a.item(1, 2) == n.item(1, 2) and a[0, 0].item() == 3.5
    np.testing.assert_equal(a.tolist(), n.tolist())
    assert a.tobytes() == n.tobytes() and a.T.tobytes() == n.T.tobytes()
    assert a.tobytes(order="F") == n.tobytes(order="F")
    assert a.T.tobytes(order="A") == n.T.tobytes(order="A")
    same(a.view("i8"), n.view("i8"))
    same(a.view("f4"), n.view("f4"))
    same(a.round(), n.round())
    same(a.clip(0, 3), n.clip(0, 3))
    same(a.clip(max=1), n.clip(max=1))
    same(a.conj(), n.conj())
    same(a.take([0, 4]), n.take([0, 4]))
    same(a.repeat(2, axis=1), n.repeat(2, axis=1))
    same(a.nonzero(), n.nonzero())
    b = a.copy()
    b.fill(7)
    same(b, np.full((2, 3), 7.0))
    c = a.copy()
    c.sort(axis=0)
    same(c, np.sort(n, axis=0))
    same(a.argsort(kind="stable"), n.argsort(kind="stable"))


@pytest.mark.parametrize("meth,kw", [("sum", {}), ("sum", {"axis": 0}), ("mean", {"axis": 1}), ("std", {}),
                                     ("var", {"ddof": 1}), ("min", {"axis": 0}), ("max", {}),
                                     ("argmin", {}), ("argmax", {"axis": 1}), ("cumsum", {"axis": 1}),
                                     ("cumprod", {}), ("prod", {"axis": -1, "keepdims": True}), ("all", {}),
                                     ("any", {"axis": 0})])
def test_reduction_methods(meth, kw):
    n = sample("float64", (3, 4), seed=3)
    a = nc.asarray(n)
    same(getattr(a, meth)(**kw), np.asarray(getattr(n, meth)(**kw)), rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(n=hnp.arrays(dtype=st.sampled_from([np.int16, np.float32, np.float64, np.uint8, np.bool_]),
                    shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)))
def test_round_trip_any_array(n):
    a = nc.asarray(n)
    assert a.shape == n.shape and a.dtype == n.dtype
    np.testing.assert_array_equal(np.asarray(a), n)
    np.testing.assert_equal(a.tolist(), n.tolist())


@pytest.mark.parametrize("action", [
    lambda a: a.__setitem__(0, 300),
    lambda a: a.__setitem__(slice(None), [1, -129]),
    lambda a: a.fill(1000),
    lambda a: nc.full(2, 300, dtype=a.dtype),
    lambda a: nc.array([1, 300], dtype=a.dtype),
    lambda a: nc.asarray(-200, dtype=a.dtype),
])
def test_python_ints_out_of_range_for_integer_dtype(action):
    n = np.zeros(3, dtype="i1")
    with pytest.raises(OverflowError):
        action(n)  # NumPy raises too
    with pytest.raises(OverflowError, match="out of bounds for int8"):
        action(nc.zeros(3, dtype="i1"))


def test_print_random_arrays_like_numpy():
    """repr and str of random arrays (dtypes, shapes, magnitudes, NaNs, summarised sizes)."""
    rng = np.random.default_rng(7)
    for it in range(400):
        shape = tuple(int(s) for s in rng.integers(0, 9 if it % 3 else 40, rng.integers(1, 5)))
        dt = str(rng.choice(["i1", "u8", "f2", "f4", "f8", "c8", "c16", "?", "i8"]))
        n = int(np.prod(shape))
        x = rng.standard_normal(n) * 10.0 ** rng.integers(-6, 8)
        if dt[0] == "c":
            x = x + 1j * rng.standard_normal(n) * 10.0 ** rng.integers(-3, 5)
        if n and dt[0] in "fc" and rng.random() < 0.3:
            x[rng.integers(0, n, 3)] = np.nan
        with np.errstate(all="ignore"):
            x = x.astype(dt).reshape(shape)
        a = nc.asarray(x)
        assert repr(a) == repr(x), (shape, dt)
        assert str(a) == str(x), (shape, dt)


def test_zero_d_str_matches_numpy_scalars_fuzz():
    """Shortest digits, and NumPy's positional/scientific switch per float size."""
    rng = np.random.default_rng(3)
    values = [0.0, -0.0, 1e-4, 999.9, 1000.0, 999999.9, 1e6, 1e16, 65504.0, 6e-8, np.nan, -np.inf, 1 / 3]
    values += list(rng.standard_normal(600) * 10.0 ** rng.integers(-10, 20, 600))
    for dt in ("f2", "f4", "f8"):
        for v in values:
            with np.errstate(all="ignore"):
                n = np.array(v, dtype=dt)
            assert str(nc.asarray(n)) == str(n[()]), (dt, v)
    for dt in ("c8", "c16"):
        for re in (0.0, -0.0, 1.5, np.nan, np.inf, 1e20, 1e6, 3e-5):
            for im in (0.0, -0.0, 2.5, np.nan, -np.inf, 1e-7, 1e7):
                n = np.array(complex(re, im), dtype=dt)
                assert str(nc.asarray(n)) == str(n[()]), (dt, re, im)


def test_comparison_with_none_and_unknown_objects():
    n, a = np.arange(3), nc.arange(3)
    same(a == None, n == None)  # noqa: E711
    same(a != None, n != None)  # noqa: E711
    assert (a == "text") is False and (a != "text") is True
    with pytest.raises(TypeError):
        a < "text"


def test_numpy_integer_scalars_index_like_ints():
    n = np.arange(6).reshape(2, 3)
    a = nc.arange(6).reshape(2, 3)
    v = a[np.int64(1)]
    assert v.base is not None and np.shares_memory(n[np.int64(1)], n)  # a view, as NumPy's
    v[0] = 99
    assert int(a[1, 0]) == 99
    n[1, 0] = 99
    x = a[np.int32(0), np.uint8(2)]
    assert x.ndim == 0 and x.base is None and int(x) == 2
    same(a[np.array(1)], np.asarray(n)[np.array(1)])
    same(a[np.bool_(True)], n[np.bool_(True)])

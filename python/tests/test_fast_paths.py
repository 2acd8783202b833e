"""The direct C slots behind `a + b`, `-a`, `a[key]` and `ufunc(x, y)` (they bypass pybind11's
dispatch): same results, errors and fall-backs as the general paths, against NumPy."""
import gc
import weakref

import numpy as np
import pytest

import ndcore as nc


def test_binary_slots_match_numpy_with_broadcasting_and_scalars():
    a = np.arange(6.0).reshape(2, 3)
    b = np.array([1.0, -2.0, 4.0])
    x, y = nc.asarray(a), nc.asarray(b)
    for op in (lambda p, q: p + q, lambda p, q: p - q, lambda p, q: p * q, lambda p, q: p / q):
        with np.errstate(divide="ignore"):
            want = op(2.5, a)
        np.testing.assert_array_equal(np.asarray(op(2.5, x)), want)
        np.testing.assert_array_equal(np.asarray(op(x, y)), op(a, b))
        np.testing.assert_array_equal(np.asarray(op(x, 2)), op(a, 2))
        np.testing.assert_array_equal(np.asarray(op(x, [1, 2, 3])), op(a, [1, 2, 3]))
    assert (nc.ones(3, dtype=nc.int8) + 1).dtype == nc.int8  # NEP 50 through the slot
    np.testing.assert_array_equal(np.asarray(-x), -a)


def test_binary_slot_errors_and_fallbacks():
    x = nc.ones(3)
    with pytest.raises(ValueError, match="broadcast"):
        x + nc.ones(4)
    with pytest.raises(TypeError):
        x + "text"
    with pytest.raises(TypeError):
        object() * x
    with pytest.raises(TypeError, match="boolean subtract"):
        nc.ones(2, dtype=nc.bool) - nc.ones(2, dtype=nc.bool)
    with pytest.raises(TypeError, match="boolean negative"):
        -nc.ones(2, dtype=nc.bool)

    class Other:  # an operand that handles ndcore arrays itself
        def __radd__(self, other):
            return "radd"

    assert x + Other() == "radd"
    # A NumPy array on either side still works (NumPy converts ndcore arrays via the buffer protocol).
    np.testing.assert_array_equal(np.asarray(np.ones(3) + x), np.full(3, 2.0))
    np.testing.assert_array_equal(np.asarray(x + np.ones(3)), np.full(3, 2.0))


def test_getitem_slot_matches_numpy():
    a = np.arange(24).reshape(2, 3, 4)
    x = nc.asarray(a)
    keys = [1, -1, slice(1, None), slice(None, None, -1), (0, 1), (0, slice(None), 2), (Ellipsis, 1),
            (None, 0), (1, None, slice(0, 3, 2)), (), (np.int64(1),), slice(np.int64(0), np.int64(2)),
            [0, 1], (slice(None), [0, 2]), a > 10]
    for k in keys:
        got = x[nc.asarray(k) if isinstance(k, np.ndarray) else k]
        np.testing.assert_array_equal(np.asarray(got), a[k], err_msg=repr(k))
    assert x[0].base is a  # x wraps NumPy's memory: views name the owner, as NumPy's do
    y = nc.array(a)  # owns its memory
    v = y[0, 1:3]
    assert v.base is y and np.shares_memory(np.asarray(v), np.asarray(y))
    assert y[0][1].base is y  # a view of a view keeps the first array as base
    assert y[0, 0, 0].base is None  # an element is a copy (a 0-d array)


def test_getitem_slot_errors():
    x = nc.arange(3)
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 3"):
        x[5]
    with pytest.raises(IndexError, match="too many indices"):
        x[0, 0]
    with pytest.raises(IndexError):
        x[1.5]
    with pytest.raises(IndexError):
        x[..., ...]
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        x[::0]
    with pytest.raises(IndexError):
        x[2**70]


def test_ufunc_call_slot():
    x, y = nc.arange(4.0), nc.full(4, 2.0)
    np.testing.assert_array_equal(np.asarray(nc.add(x, y)), np.arange(4.0) + 2)
    np.testing.assert_array_equal(np.asarray(nc.sqrt(x)), np.sqrt(np.arange(4.0)))
    out = nc.empty(4)
    assert nc.multiply(x, y, out=out) is out  # keywords take the general path
    assert nc.multiply(x, y, out) is out  # so does a positional out
    np.testing.assert_array_equal(np.asarray(out), np.arange(4.0) * 2)
    assert nc.add(x, y, dtype=nc.float32).dtype == nc.float32
    with pytest.raises(TypeError, match="positional"):
        nc.add(x)
    with pytest.raises(ValueError, match="broadcast"):
        nc.add(x, nc.ones(3))


def test_arrays_are_dict_free_and_weakly_referenceable():
    x = nc.ones(3)
    with pytest.raises(AttributeError):
        x.some_attribute = 1  # as NumPy: no instance __dict__
    r = weakref.ref(x)
    assert r() is x
    del x
    gc.collect()
    assert r() is None


def test_base_keeps_the_owner_alive():
    x = nc.arange(5.0)
    v = x[1:4]
    del x
    gc.collect()
    assert v.base is not None
    np.testing.assert_array_equal(np.asarray(v), [1.0, 2.0, 3.0])
    buf = bytearray(16)
    f = nc.frombuffer(buf, dtype=nc.float64)
    assert f.base is buf


ALL_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
              "float16", "float32", "float64", "complex64", "complex128"]


@pytest.mark.parametrize("dt", ALL_DTYPES)
def test_python_scalar_operands_match_numpy_for_every_dtype(dt):
    # The slot writes a Python scalar straight into the loop dtype (NEP 50 weak scalars).
    a = (np.arange(1, 5) % 3).astype(dt)
    x = nc.asarray(a.copy())
    for s in (True, 3, -2, 2.5, -0.1, 1e300, 1 + 2j):
        for op in (lambda p, q: p + q, lambda p, q: q * p, lambda p, q: p - q):
            try:
                with np.errstate(all="ignore"):
                    want = op(a, s)
            except (TypeError, OverflowError) as e:
                with pytest.raises(type(e)):
                    op(x, s)
                continue
            with np.errstate(all="ignore"):
                got = op(x, s)
            assert got.dtype == want.dtype, (dt, s)
            np.testing.assert_array_equal(np.asarray(got), want)


def test_attribute_getters_match_numpy():
    a = np.arange(24.0).reshape(2, 3, 4)[:, ::2, 1:]
    x = nc.arange(24.0).reshape(2, 3, 4)[:, ::2, 1:]
    for name in ("shape", "strides", "ndim", "size", "itemsize", "nbytes"):
        assert getattr(x, name) == getattr(a, name), name
    t = x.T
    assert t.shape == a.T.shape and t.strides == a.T.strides
    np.testing.assert_array_equal(np.asarray(t), a.T)
    assert t.base is x.base  # a view of a view keeps the first owner
    z = nc.asarray(np.float32(3.0))
    assert (z.shape, z.strides, z.ndim, z.size, z.T.shape) == ((), (), 0, 1, ())
    with pytest.raises(AttributeError):
        x.shape = (24,)  # read-only, as before


def test_attribute_getters_on_a_subclass():
    class Sub(nc.ndarray):
        pass

    s = Sub((2, 3))
    assert type(s) is Sub
    assert s.shape == (2, 3) and s.ndim == 2 and s.size == 6 and s.T.shape == (3, 2)


def test_views_made_and_freed_from_many_threads():
    import threading

    base = nc.arange(1000.0)
    errors = []

    def work(k):
        try:
            for i in range(2000):
                v = base[k:k + 10]
                w = v[::2]
                if float(w[1]) != k + 2.0 or w.shape != (5,):
                    errors.append((k, i))
        except Exception as e:  # noqa: BLE001 -- reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


@pytest.mark.parametrize("dt", ["bool", "int8", "uint16", "int64", "float16", "float32", "float64", "complex128"])
def test_argument_free_methods_match_numpy(dt):
    # a.sum() etc. without arguments run as C methods; with arguments they take the general path.
    base = (np.arange(12) % 5).astype(dt).reshape(3, 4)
    a, x = base[:, ::-1], nc.asarray(base.copy())[:, ::-1]  # strided views
    for name in ("sum", "prod", "mean", "min", "max", "any", "all", "std", "var"):
        if dt == "bool" and name in ("std", "var", "mean"):
            continue
        with np.errstate(all="ignore"):
            want = getattr(a, name)()
        got = getattr(x, name)()
        assert got.dtype == want.dtype and got.shape == (), (dt, name)
        np.testing.assert_allclose(np.asarray(got).astype(complex), complex(want), rtol=1e-3 if dt == "float16" else 1e-12)
        tol = 1e-3 if dt == "float16" else 1e-12  # float16 std/var may differ in the last bit
        np.testing.assert_allclose(np.asarray(getattr(x, name)(axis=0)), getattr(a, name)(axis=0), rtol=tol)
        np.testing.assert_allclose(np.asarray(getattr(x, name)(0, keepdims=True)), getattr(a, name)(0, keepdims=True),
                                   rtol=tol)
    c = x.copy()
    assert c.flags.c_contiguous and not np.shares_memory(np.asarray(c), np.asarray(x))
    np.testing.assert_array_equal(np.asarray(c), a)
    assert x.copy("F").flags.f_contiguous and x.copy(order="F").strides == a.copy(order="F").strides


def test_argument_free_methods_errors_and_subclasses():
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum"):
        nc.zeros(0).max()
    with pytest.raises(TypeError):
        nc.ones(3).sum(nonsense=1)
    assert nc.ndarray.sum.__doc__ == nc.sum.__doc__ or nc.ndarray.sum.__doc__ is None or "sum" in nc.ndarray.sum.__doc__

    class Sub(nc.ndarray):
        pass

    s = Sub((2, 2))
    s.fill(2.0)
    assert float(s.sum()) == 8.0 and float(s.copy().sum()) == 8.0

"""Zero-copy interop: buffer protocol both ways, __array__, __array_interface__, DLPack;
writes through one side are read through the other; owners stay alive."""
import gc
import sys
import threading
import weakref

import numpy as np
import pytest

import ndcore as nc
from helpers import DTYPES, same, sample


@pytest.mark.parametrize("dtype", DTYPES)
def test_numpy_to_ndcore_shares_memory(dtype):
    x = sample(dtype, (3, 4), seed=41)
    a = nc.asarray(x)
    assert a.dtype == x.dtype and a.shape == x.shape and a.strides == x.strides
    assert a._data_ptr == x.ctypes.data
    same(a, x)
    assert a.base is x  # NumPy's base: the object that owns the memory


def test_write_through_both_ways():
    x = np.zeros((2, 3))
    a = nc.asarray(x)
    a[1, 2] = 5.0
    assert x[1, 2] == 5.0
    x[0, 0] = -1.0
    assert float(a[0, 0]) == -1.0
    n = np.asarray(a)
    assert np.shares_memory(n, x)
    n[0, 1] = 7
    assert float(a[0, 1]) == 7 and x[0, 1] == 7
    nc.add(a, 1, out=a)
    assert x[0, 1] == 8


def test_strided_and_reversed_numpy_views():
    x = np.arange(24.0).reshape(4, 6)
    v = x[::-2, 1::2]
    a = nc.asarray(v)
    assert a.strides == v.strides
    same(a, v)
    a[0, 0] = 100
    assert x[3, 1] == 100
    same(nc.sum(a, axis=0), v.sum(axis=0))


@pytest.mark.parametrize("dtype", DTYPES)
def test_ndcore_to_numpy_shares_memory(dtype):
    a = nc.asarray(sample(dtype, (2, 5), seed=42)).copy()
    n = np.asarray(a)
    assert n.dtype == np.dtype(dtype) and n.shape == a.shape and n.strides == a.strides
    assert n.ctypes.data == a._data_ptr
    np.testing.assert_array_equal(n, np.asarray(a.tolist(), dtype=dtype))
    t = np.asarray(a.T)
    assert t.strides == a.T.strides and np.shares_memory(t, n)


def test_readonly_is_kept_both_ways():
    x = np.arange(3.0)
    x.flags.writeable = False
    a = nc.asarray(x)
    assert not a.flags.writeable
    with pytest.raises(ValueError):
        a[0] = 1
    b = nc.broadcast_to(nc.arange(3.0), (2, 3))
    n = np.asarray(b)
    assert not n.flags.writeable and n.strides == (0, 8)


def test_memoryview_and_buffer_import():
    a = nc.arange(6, dtype="i4").reshape(2, 3)
    m = memoryview(a)
    assert m.format == "i" and m.shape == (2, 3) and m.itemsize == 4 and not m.readonly
    m[0, 1] = 42
    assert int(a[0, 1]) == 42
    b = bytearray(8)
    f = nc.asarray(memoryview(b).cast("d"))
    f[0] = 1.5
    assert np.frombuffer(b)[0] == 1.5
    c = memoryview(nc.asarray([1 + 2j]))
    assert c.format == "Zd"
    with pytest.raises(TypeError):
        nc.asarray(memoryview(b"abcd").cast("c"))


def test_numpy_owner_kept_alive():
    x = np.arange(1000.0)
    ref = weakref.ref(x)  # NumPy arrays support weak references
    a = nc.asarray(x)[10:20]
    del x
    gc.collect()
    assert ref() is not None  # the view keeps the NumPy array alive
    same(a, np.arange(10.0, 20.0))
    del a
    gc.collect()
    assert ref() is None


def test_ndcore_owner_kept_alive_by_numpy_view():
    a = nc.arange(1000.0)
    n = np.asarray(a)[5:8]
    refs = sys.getrefcount(a)
    del a
    gc.collect()
    np.testing.assert_array_equal(n, [5.0, 6.0, 7.0])
    assert refs >= 2


def test_array_protocol_numpy2_semantics():
    a = nc.arange(4.0)
    n = a.__array__()
    assert np.shares_memory(n, np.asarray(a))
    c = a.__array__(copy=True)
    assert not np.shares_memory(c, np.asarray(a))
    f = a.__array__(dtype=np.float32)
    assert f.dtype == np.float32
    with pytest.raises(ValueError):
        a.__array__(dtype=np.float32, copy=False)
    same(nc.asarray(np.asarray(a, dtype=np.int16)), np.arange(4, dtype=np.int16))
    assert np.array(a, copy=True).base is None


def test_array_interface():
    a = nc.arange(12, dtype="u2").reshape(3, 4)[:, 1:3]
    ai = a.__array_interface__
    assert ai["shape"] == (3, 2) and ai["typestr"] == "<u2" and ai["strides"] == (8, 2) and ai["version"] == 3
    assert ai["data"] == (a._data_ptr, False)

    class Holder:
        def __init__(self, arr):
            self.arr = arr
            self.__array_interface__ = arr.__array_interface__

    n = np.asarray(Holder(a))
    n[0, 0] = 999
    assert int(a[0, 0]) == 999
    b = nc.asarray(Holder(a))  # read natively, without NumPy
    same(b, n)
    assert b._data_ptr == a._data_ptr and b.strides == a.strides
    b[1, 1] = 7
    assert int(a[1, 1]) == 7
    x = np.arange(6.0)[::-2]
    h = Holder(x)
    del x
    c = nc.asarray(h)
    del h
    same(c, np.arange(6.0)[::-2])  # the holder (and its NumPy array) stay alive with c
    ro = np.arange(3)
    ro.flags.writeable = False
    assert not nc.asarray(Holder(ro)).flags.writeable


def test_asarray_of_a_dlpack_only_object():
    class OnlyDLPack:
        def __init__(self, arr):
            self._arr = arr

        def __dlpack__(self, **kwargs):
            return self._arr.__dlpack__(**kwargs)

        def __dlpack_device__(self):
            return self._arr.__dlpack_device__()

    x = np.arange(5, dtype=np.int16)
    a = nc.asarray(OnlyDLPack(x))
    assert a._data_ptr == x.ctypes.data
    same(a, x)


@pytest.mark.parametrize("dtype", DTYPES)
def test_dlpack_both_ways(dtype):
    a = nc.asarray(sample(dtype, (3, 4), seed=43)).copy()
    n = np.from_dlpack(a)
    assert np.shares_memory(n, np.asarray(a)) and n.dtype == np.dtype(dtype)
    same(a, n)
    x = sample(dtype, (2, 3), seed=44)
    b = nc.from_dlpack(x)
    assert b._data_ptr == x.ctypes.data
    same(b, x)
    c = nc.from_dlpack(a[:, ::-1])
    assert c._shares_buffer(a) or c._data_ptr == a[:, ::-1]._data_ptr
    same(c, np.asarray(a)[:, ::-1])


def test_dlpack_details():
    a = nc.arange(6.0)
    assert a.__dlpack_device__() == (1, 0)
    cap = a.__dlpack__()
    assert type(cap).__name__ == "PyCapsule"
    ro = nc.broadcast_to(nc.arange(3.0), (2, 3))
    with pytest.raises(BufferError):
        ro.__dlpack__()
    n = np.from_dlpack(ro)  # NumPy asks for the versioned capsule, which carries the read-only flag
    assert not n.flags.writeable
    x = np.arange(4)
    b = nc.from_dlpack(x)
    b[0] = 10
    assert x[0] == 10
    x.flags.writeable = False
    assert not nc.from_dlpack(x).flags.writeable
    same(nc.from_dlpack(x, copy=True), x)
    with pytest.raises(ValueError):
        a.__dlpack__(stream=1)


def test_gil_released_in_big_kernels():
    """While one thread runs a long kernel, another thread keeps running Python code."""
    import time

    big = nc.ones(12_000_000)
    window = {}

    def worker():
        window["t0"] = time.perf_counter()
        nc.sin(big)  # one call: without a GIL release no other thread runs inside it
        window["t1"] = time.perf_counter()

    stamps = []
    t = threading.Thread(target=worker)
    t.start()
    while t.is_alive():
        stamps.append(time.perf_counter())
    t.join()
    t0, t1 = window["t0"], window["t1"]
    inside = [s for s in stamps if t0 + 0.25 * (t1 - t0) < s < t1 - 0.05 * (t1 - t0)]
    # With the GIL held for the whole call this thread could not stamp at all in the window.
    assert len(inside) > 1000


@pytest.mark.parametrize("dtype", DTYPES)
def test_dtypes_cross_both_ways(dtype):
    d = nc.dtype(dtype)
    assert np.dtype(d) == np.dtype(dtype)  # NumPy takes ndcore dtypes
    assert np.zeros(2, dtype=d).dtype == np.dtype(dtype)
    assert nc.zeros(2, dtype=np.dtype(dtype)).dtype == d  # and ndcore takes NumPy's
    assert d == np.dtype(dtype) and np.dtype(dtype) == d


def test_asarray_copy_keyword():
    x = np.arange(4.0)
    a = nc.asarray(x, copy=False)
    assert a.base is x
    b = nc.asarray(x, copy=True)
    assert b.base is None and b._data_ptr != x.ctypes.data
    same(b, x)
    with pytest.raises(ValueError, match="avoid copy"):
        nc.asarray([1, 2], copy=False)
    with pytest.raises(ValueError, match="avoid copy"):
        nc.asarray(x, dtype="f4", copy=False)
    n = nc.arange(3)
    assert nc.asarray(n, copy=False) is n and nc.asarray(n, copy=True) is not n


@pytest.mark.parametrize("dtype", ["f8", "i4", "c16", "f2", "u8"])
def test_misaligned_foreign_buffers(dtype):
    """Memory at an odd address (frombuffer with an offset) works everywhere, sorting included."""
    item = np.dtype(dtype).itemsize
    buf = bytearray(item * 2001 + 1)
    n = np.frombuffer(buf, dtype=dtype, offset=1, count=2000)
    np.copyto(n, sample(dtype, (2000,), seed=81))
    a = nc.frombuffer(buf, dtype=dtype, offset=1, count=2000)
    assert a._data_ptr % 2 == 1
    same(nc.sort(a), np.sort(n))
    same(nc.argsort(a, stable=True), np.argsort(n, stable=True))
    same(nc.unique(a), np.unique(n))
    same(nc.searchsorted(nc.sort(a), a[:50]), np.searchsorted(np.sort(n), n[:50]))
    same(nc.lexsort([a]), np.lexsort([n]))
    same(nc.sum(a), np.sum(n), rtol=1e-3)
    same(a + a, n + n)
    b = a[:100]
    b.sort()
    same(b, np.sort(n[:100].copy()))
    assert np.frombuffer(buf, dtype=dtype, offset=1, count=100).tolist() == np.asarray(b).tolist()  # in place

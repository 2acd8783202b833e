"""Pickling: protocol 5 hands contiguous data out of band (no copy into the stream);
every dtype, layout, 0-d and empty arrays round-trip under protocols 0 to 5."""
import copy
import pickle

import numpy as np
import pytest

import ndcore as nc
from helpers import DTYPES, same, sample


def _cases(dtype):
    x = nc.asarray(sample(dtype, (4, 6), seed=51)).copy()
    return {
        "c": x,
        "f": nc.asfortranarray(x),
        "strided": x[::2, 1::3],
        "reversed": x[::-1],
        "zero-d": x[1, 2],
        "empty": nc.zeros((0, 3), dtype=dtype),
        "broadcast": nc.broadcast_to(x[0], (3, 6)),
    }


@pytest.mark.parametrize("protocol", [0, 1, 2, 3, 4, 5])
@pytest.mark.parametrize("dtype", DTYPES)
def test_round_trip_every_dtype_and_layout(dtype, protocol):
    for name, a in _cases(dtype).items():
        b = pickle.loads(pickle.dumps(a, protocol=protocol))
        assert isinstance(b, nc.ndarray), name
        same(b, np.asarray(a))
        assert b.flags.writeable, name
        if name == "f":
            assert b.flags.f_contiguous


def test_protocol5_out_of_band_buffers():
    a = nc.arange(100_000, dtype="f8")
    buffers = []
    stream = pickle.dumps(a, protocol=5, buffer_callback=buffers.append)
    assert len(buffers) == 1
    assert len(stream) < 1000  # the 800 kB payload is not in the stream
    assert a.tobytes()[:64] not in stream
    raw = buffers[0].raw()
    assert raw.nbytes == a.nbytes
    b = pickle.loads(stream, buffers=buffers)
    same(b, np.asarray(a))
    # Loading from the out-of-band buffer uses it without copying.
    assert b._data_ptr == a._data_ptr


def test_protocol5_several_arrays_and_fortran_order():
    arrays = [nc.arange(10.0), nc.ones((3, 4), dtype="i2", order="F"), nc.asarray([1 + 2j, 3j])]
    buffers = []
    stream = pickle.dumps(arrays, protocol=5, buffer_callback=buffers.append)
    assert len(buffers) == 3
    back = pickle.loads(stream, buffers=[memoryview(b) for b in buffers])
    for x, y in zip(arrays, back):
        same(y, np.asarray(x))
    assert back[1].flags.f_contiguous


def test_protocol5_non_contiguous_goes_in_band():
    a = nc.arange(20.0)[::2]
    buffers = []
    stream = pickle.dumps(a, protocol=5, buffer_callback=buffers.append)
    assert buffers == []
    same(pickle.loads(stream), np.arange(20.0)[::2])


def test_protocol5_in_band_without_callback():
    a = nc.arange(1000, dtype="i4")
    stream = pickle.dumps(a, protocol=5)
    assert len(stream) > a.nbytes
    b = pickle.loads(stream)
    same(b, np.arange(1000, dtype="i4"))
    b[0] = 5  # in-band data comes back writeable
    assert int(a[0]) == 0


def test_copy_and_deepcopy():
    a = nc.arange(6).reshape(2, 3)
    for c in (copy.copy(a), copy.deepcopy(a)):
        same(c, np.arange(6).reshape(2, 3))
        c[0, 0] = 99
        assert int(a[0, 0]) == 0


def test_dtypes_pickle():
    for d in (nc.float64, nc.int8, nc.complex64, nc.bool_):
        assert pickle.loads(pickle.dumps(d)) == d

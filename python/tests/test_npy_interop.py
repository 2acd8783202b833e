"""nd-written .npy files read by NumPy: dtype, shape, order flag, values, and the exact bytes
np.save would write. The files come from tests/io/write_npy_samples.cpp, whose path CTest
passes in ND_NPY_WRITER (test `npy_numpy_interop`)."""
import importlib.util
import io
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The value formulas are the generator's (tests/data/gen_npy.py); the C++ side recomputes them.
_spec = importlib.util.spec_from_file_location("gen_npy", ROOT / "tests" / "data" / "gen_npy.py")
gen_npy = importlib.util.module_from_spec(_spec)
_dont_write, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # keep tests/data clean
_spec.loader.exec_module(gen_npy)
sys.dont_write_bytecode = _dont_write

DTYPES = gen_npy.DTYPES


def expected(name, kind):
    """(array with the expected values, fortran_order flag) for <name>_<kind>.npy."""
    ramp = gen_npy.ramp
    if kind == "c":
        return ramp(name, (3, 4)), False
    if kind == "f":
        return ramp(name, (3, 4)), True
    if kind == "0d":
        return np.array(gen_npy.ramp_value(name, 7), dtype=name), False
    if kind == "empty":
        return np.zeros((0, 3), dtype=name), False
    if kind in ("strided", "reversed"):
        return ramp(name, (3, 4)), False
    if kind == "transposed":
        return ramp(name, (4, 3)), True
    if kind == "broadcast":
        return np.broadcast_to(ramp(name, (4,)), (3, 4)), False
    if kind == "cube_f":
        return ramp(name, (2, 3, 4)), True
    raise AssertionError(kind)


KINDS = ["c", "f", "0d", "empty", "strided", "reversed", "transposed", "broadcast", "cube_f"]
CASES = [(n, k) for n in DTYPES for k in KINDS]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    writer = os.environ.get("ND_NPY_WRITER")
    if not writer:
        pytest.fail("ND_NPY_WRITER is not set: run this test through CTest (npy_numpy_interop)")
    if not os.access(writer, os.X_OK):
        pytest.fail(f"ND_NPY_WRITER={writer!r} is not an executable")
    out = tmp_path_factory.mktemp("nd_npy")
    subprocess.run([writer, str(out)], check=True, timeout=120)
    return out


def test_writer_writes_exactly_the_expected_files(written):
    want = {f"{n}_{k}.npy" for n, k in CASES}
    assert {p.name for p in written.iterdir()} == want


@pytest.mark.parametrize("name,kind", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_numpy_reads_nd_file(written, name, kind):
    path = written / f"{name}_{kind}.npy"
    want, fortran = expected(name, kind)

    with open(path, "rb") as fh:
        assert np.lib.format.read_magic(fh) == (1, 0)
        shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(fh)
        assert fh.tell() % 64 == 0, "data must start on a 64-byte boundary"
    assert shape == want.shape
    assert fortran_order is fortran
    assert dtype == np.dtype(name)

    got = np.load(path)
    assert got.dtype == np.dtype(name)
    assert got.shape == want.shape
    assert (got.flags.f_contiguous and not got.flags.c_contiguous) == fortran
    # Bit-for-bit equality of the values (distinguishes -0.0, exact float16 bits).
    assert np.ascontiguousarray(got).tobytes() == np.ascontiguousarray(want).tobytes()

    # nd writes the same bytes as np.save would for that array.
    buf = io.BytesIO()
    np.save(buf, got)
    assert path.read_bytes() == buf.getvalue()

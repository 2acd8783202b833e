"""Writes the NumPy-made .npy files that tests/io/test_io.cpp loads.

Run with the project venv: .venv/bin/python tests/data/gen_npy.py
Outputs go to tests/data/npy/ together with MANIFEST.txt, one line per file:
    <file> <dtype name> <byte order> <C|F> <shape: 3,4 | 0,3 | -> <values> <version>
<values> is "ramp" (ramp(i) below, i = flat C-order index) or "special" (SPECIAL below).
The C++ test recomputes the same values; keep both in step.
"""
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npy")

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
          "uint64", "float16", "float32", "float64", "complex64", "complex128"]

# Multipliers chosen so that every byte of the wider types is exercised and no value
# overflows for i < 24 (uint64 exceeds 2**63 from i = 12 on).
SIGNED_MUL = {"int8": 5, "int16": 1001, "int32": 100_000_007, "int64": 1_000_000_000_000_037}
UNSIGNED_MUL = {"uint8": 10, "uint16": 2701, "uint32": 180_000_007,
                "uint64": 800_000_000_000_000_011}

SPECIAL = {
    "float64": [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 5e-324,
                1.7976931348623157e308, 1.0 / 3.0],
    "float16": [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 2.0 ** -24,
                65504.0, 0.333251953125],
}


def ramp_value(name, i):
    """The value at flat C-order index i (0 <= i < 24)."""
    if name == "bool":
        return i % 3 == 0
    if name in SIGNED_MUL:
        return (i - 5) * SIGNED_MUL[name]
    if name in UNSIGNED_MUL:
        return i * UNSIGNED_MUL[name]
    if name == "float16":
        return (i - 5) * 0.375  # exact in binary16
    if name in ("float32", "float64"):
        return (i - 5) / 3.0  # rounded once from double
    return complex((i - 5) / 3.0, i * 0.5)


def ramp(name, shape):
    n = int(np.prod(shape, dtype=np.int64))
    assert n <= 24
    return np.array([ramp_value(name, i) for i in range(n)], dtype=name).reshape(shape)


def shape_field(shape):
    return ",".join(str(d) for d in shape) if shape else "-"


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npy") or f == "MANIFEST.txt":
            os.remove(os.path.join(OUT, f))
    lines = []

    def emit(fname, arr, values, version=None):
        path = os.path.join(OUT, fname)
        if version is None:
            np.save(path, arr)
            ver = "1.0"
        else:
            with open(path, "wb") as fh:
                np.lib.format.write_array(fh, arr, version=version)
            ver = f"{version[0]}.{version[1]}"
        # Check what was written rather than what was asked for.
        back = np.load(path)
        fortran = back.flags.f_contiguous and not back.flags.c_contiguous
        order = "F" if fortran else "C"
        bo = arr.dtype.str[0]
        lines.append(f"{fname} {arr.dtype.name} {bo} {order} {shape_field(arr.shape)} {values} {ver}")

    for name in DTYPES:
        emit(f"{name}_c.npy", ramp(name, (3, 4)), "ramp")
        emit(f"{name}_f.npy", np.asfortranarray(ramp(name, (3, 4))), "ramp")

    # Big-endian data, swapped on load.
    emit("be_float64.npy", ramp("float64", (3, 4)).astype(">f8"), "ramp")
    emit("be_int32.npy", ramp("int32", (2, 3)).astype(">i4"), "ramp")
    emit("be_complex128.npy", ramp("complex128", (5,)).astype(">c16"), "ramp")
    emit("be_uint64_f.npy", np.asfortranarray(ramp("uint64", (2, 3, 4)).astype(">u8")), "ramp")
    emit("be_float16.npy", ramp("float16", (4,)).astype(">f2"), "ramp")
    emit("be_complex64_f.npy", np.asfortranarray(ramp("complex64", (3, 2)).astype(">c8")), "ramp")

    # 0-d, empty, 1-D, 3-D.
    emit("scalar_float64.npy", np.array(ramp_value("float64", 7), dtype="float64"), "ramp")
    emit("scalar_int16.npy", np.array(ramp_value("int16", 0), dtype="int16"), "ramp")
    emit("empty_float32.npy", np.zeros((0, 3), dtype="float32"), "ramp")
    emit("empty_int8.npy", np.zeros((2, 0), dtype="int8"), "ramp")
    emit("vector_int64.npy", ramp("int64", (7,)), "ramp")
    emit("cube_int16_f.npy", np.asfortranarray(ramp("int16", (2, 3, 4))), "ramp")

    # Special floating-point values, compared bit for bit.
    emit("special_float64.npy", np.array(SPECIAL["float64"], dtype="float64"), "special")
    emit("special_float16.npy", np.array(SPECIAL["float16"], dtype="float16"), "special")

    # Format versions 2.0 and 3.0 (4-byte header length; 3.0 has a utf8 header).
    emit("v2_float64.npy", ramp("float64", (3, 4)), "ramp", version=(2, 0))
    emit("v2_int32_f.npy", np.asfortranarray(ramp("int32", (3, 4))), "ramp", version=(2, 0))
    emit("v3_complex64.npy", ramp("complex64", (2, 3)), "ramp", version=(3, 0))
    emit("v3_uint16_be.npy", ramp("uint16", (4,)).astype(">u2"), "ramp", version=(3, 0))
    emit("v3_bool.npy", ramp("bool", (5,)), "ramp", version=(3, 0))

    with open(os.path.join(OUT, "MANIFEST.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"wrote {len(lines)} files, {total} bytes, to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

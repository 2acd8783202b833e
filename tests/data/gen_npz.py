"""Writes the NumPy-made .npz archives that tests/io/test_npz.cpp loads.

Run with the project venv: .venv/bin/python tests/data/gen_npz.py
Outputs go to tests/data/npz/ together with MANIFEST.txt, one line per member, in
archive order:
    <archive> <key> <dtype name> <byte order> <C|F> <shape: 3,4 | 0,3 | -> <values>
<values> is "ramp" (gen_npy.py's ramp(i), i = flat C-order index) or "arange" (the value
i at flat index i). An archive without members is listed as "<archive> - - - - - -".
Archives listed with members load; the others (ERRORS below, not in the manifest) must be
refused with the message fragment given there (see test_npz.cpp).
"""
import io
import os
import sys
import zipfile

import numpy as np

from gen_npy import ramp, shape_field  # tests/data/ is on sys.path when run as a script

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npz")


class Unseekable(io.RawIOBase):
    """A write-only stream without seek: zipfile then writes data descriptors."""

    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buf += b
        return len(b)


def npy_bytes(arr):
    f = io.BytesIO()
    np.lib.format.write_array(f, arr, allow_pickle=arr.dtype == object)
    return f.getvalue()


def arange(dtype, shape, order="C"):
    n = int(np.prod(shape, dtype=np.int64))
    return np.array(np.arange(n).reshape(shape), dtype=dtype, order=order)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npz") or f == "MANIFEST.txt":
            os.remove(os.path.join(OUT, f))
    lines = []

    def record(fname, values):
        """Lists the members of `fname` as numpy.load reads them back."""
        with np.load(os.path.join(OUT, fname)) as z:
            if not z.files:
                lines.append(f"{fname} - - - - - -")
            for key in z.files:
                a = z[key]
                order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
                lines.append(f"{fname} {key} {a.dtype.name} {a.dtype.str[0]} {order} "
                             f"{shape_field(a.shape)} {values.get(key, 'ramp')}")

    path = lambda f: os.path.join(OUT, f)  # noqa: E731

    # Keywords: every kind of array numpy.savez meets.
    np.savez(path("named.npz"),
             a=ramp("float64", (3, 4)),
             b=np.asfortranarray(ramp("int32", (2, 3))),
             c=ramp("complex128", ()),
             d=np.zeros((0, 3), dtype="float32"),
             e=ramp("bool", (5,)),
             f=ramp("int32", (2, 3)).astype(">i4"),
             g=ramp("uint64", (3,)),
             h=ramp("float16", (2, 2, 2)))
    record("named.npz", {})

    # Positional arrays are arr_0, arr_1, ...; mixed with keywords they come first.
    np.savez(path("positional.npz"), ramp("int16", (4,)), ramp("float16", (2, 2)), ramp("uint8", (3,)))
    record("positional.npz", {})
    np.savez(path("mixed.npz"), ramp("int8", (2,)), y=ramp("complex64", (2, 3)))
    record("mixed.npz", {})

    # Deflated, with members big enough to span several inflate calls.
    np.savez_compressed(path("compressed.npz"),
                        big=arange("int64", (120, 100)),
                        wide=np.asfortranarray(arange("float64", (50, 70))),
                        small=ramp("float32", (3, 4)),
                        be=ramp("float64", (4,)).astype(">f8"),
                        empty=np.zeros((2, 0), dtype="uint16"))
    record("compressed.npz", {"big": "arange", "wide": "arange"})

    # Non-ASCII names (zip's UTF-8 flag).
    np.savez(path("unicode.npz"), **{"µ": ramp("float64", (2,)), "naïve_名": ramp("int64", (3,))})
    record("unicode.npz", {})

    # No members: only the end record.
    np.savez(path("empty_archive.npz"))  # noqa: the point is an archive without members
    record("empty_archive.npz", {})

    # An archive comment, written by zipfile directly.
    with zipfile.ZipFile(path("comment.npz"), "w") as zf:
        zf.writestr("x.npy", npy_bytes(ramp("int32", (3,))))
        zf.comment = b"written by gen_npz.py with a comment"
    record("comment.npz", {})

    # Data descriptors (flag bit 3), as zipfile writes to a stream it cannot seek.
    s = Unseekable()
    with zipfile.ZipFile(s, "w") as zf:
        with zf.open("s.npy", "w") as fh:
            fh.write(npy_bytes(ramp("uint32", (2, 3))))
        zi = zipfile.ZipInfo("d.npy")
        zi.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(zi, "w") as fh:
            fh.write(npy_bytes(arange("int16", (40, 50))))
    with open(path("descriptor.npz"), "wb") as fh:
        fh.write(bytes(s.buf))
    record("descriptor.npz", {"d": "arange"})

    # Refused archives (not in the manifest).
    with zipfile.ZipFile(path("bad_not_npy.npz"), "w") as zf:
        zf.writestr("a.npy", npy_bytes(ramp("float64", (2,))))
        zf.writestr("readme.txt", b"not an array")
    with zipfile.ZipFile(path("bad_bzip2.npz"), "w", compression=zipfile.ZIP_BZIP2) as zf:
        zf.writestr("a.npy", npy_bytes(ramp("float64", (2,))))
    with zipfile.ZipFile(path("bad_object.npz"), "w") as zf:
        zf.writestr("o.npy", npy_bytes(np.array([1, "x"], dtype=object)))

    with open(os.path.join(OUT, "MANIFEST.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"wrote {len(os.listdir(OUT)) - 1} archives, {total} bytes, to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Writes NumPy's results for tests/indexing/test_indexing.cpp into tests/data/indexing/.

Run with the project venv: .venv/bin/python tests/data/gen_indexing.py
Each <case>.npy is NumPy's output of the operation that the C++ test of the same name
performs; inputs the C++ side cannot rebuild by itself are saved as <case>_in*.npy.
ramp(dtype, shape) is the common input; the C++ tests load it as ramp_<dtype>.npy.
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "indexing")
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]


def ramp(dt, shape):
    i = np.arange(int(np.prod(shape))).reshape(shape)
    dt = np.dtype(dt)
    if dt.kind == "b":
        return (i % 3 == 0)
    if dt.kind == "i":
        return (i - 7).astype(dt)
    if dt.kind == "u":
        return (i * 3).astype(dt)
    if dt.kind == "f":
        return (i * 0.5 - 3).astype(dt)
    return (i * 0.5 - 3 + 1j * (i % 3 - 1)).astype(dt)


def save(name, a):
    np.save(os.path.join(OUT, name + ".npy"), np.asarray(a))


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npy"):
            os.remove(os.path.join(OUT, f))
    # Every dtype: the same operations on ramp(dt, (3, 4, 5)).
    save("mask345_in", ramp("int64", (3, 4, 5)) % 3 != 1)
    for dt in DTYPES:
        x = ramp(dt, (3, 4, 5))
        save(f"ramp_{dt}", x)
        save(f"adjacent_{dt}", x[:, [0, 2], [1, 3]])
        save(f"separated_{dt}", x[[0, 2], :, [1, 3]])
        m = ramp("int64", (3, 4, 5)) % 3 != 1
        save(f"mask_{dt}", x[m])
        y = x.copy()
        y[[0, 2], 1:3, [4, 0]] = ramp(dt, (2,))[::-1, None]
        save(f"set_{dt}", y)
        save(f"take_{dt}", np.take(x, [2, 0, -1], axis=1))
        save(f"argwhere_{dt}", np.argwhere(x))
        save(f"noncontig_{dt}", x[::-1, ::2][[1, 0], :, [4, 2]])

    a = np.arange(2 * 3 * 4 * 5, dtype=np.int64).reshape(2, 3, 4, 5)
    save("a4", a)
    save("slice_between", a[:, [0, 1], :, [1, 2]])           # (2, 2, 4)
    save("first_and_third", a[[0, 1], :, [1, 2]])            # (2, 3, 5)
    save("ellipsis_pair", a[..., [[0], [1]], [1, 2, 3]])     # (2, 3, 2, 3)
    save("int_and_array", a[1, :, [0, 2]])                   # (2, 3)
    save("newaxis_between", a[None, [0, 1], 1:3, [0]])       # (2, 1, 2, 5)
    save("adjacent_newaxis", a[:, [0, 1], [1, 2], None])     # (2, 2, 1, 5)
    save("zero_d_index", a[np.array(1), [0, 2]])             # (2, 4, 5)
    save("negative_index", a[[-1, 0], -2])
    save("two_d_index", a[:, [[0, 1], [2, 0]], 1])           # (2, 2, 2)
    save("int32_uint8_index", a[np.array([1, 0], np.int32), np.array([2], np.uint8)])
    mask2 = np.array([[True, False, True], [False, False, True]])
    save("mask2_in", mask2)
    save("mask_leading", a[mask2])                           # (3, 4, 5)
    mask34 = (np.arange(12).reshape(3, 4) % 5) == 1
    save("mask34_in", mask34)
    save("mask_middle", a[:, mask34])                        # (2, 3, 5)
    save("mask_and_array", a[1, mask34, [0, 1, 4]])          # (3,)
    save("mask_true", a[np.array(True)])
    save("mask_false", a[np.array(False)])
    save("empty_index", a[np.zeros(0, np.int64)])
    save("empty_index_middle", a[:, np.zeros(0, np.int64), 1])
    e = np.zeros((0, 3))
    save("empty_source", e[:, [0, 2]])
    z = np.array(5.5)
    save("zero_d_true", z[np.array(True)])

    # setitem.
    s = a.copy()
    s[[0, 1], :, [1, 2]] = np.arange(15).reshape(3, 5) * 100
    save("set_broadcast", s)
    s = a.copy()
    s[[0, 0, 1], [1, 1, 2], [3, 3, 0], [0, 0, 4]] = [10, 20, 30]
    save("set_repeated", s)
    s = a.copy()
    save("mask7_in", s % 7 == 0)
    s[s % 7 == 0] = -1
    save("set_mask", s)
    s = a.copy()
    s[:, mask34] = np.array([1.9, 2.9, 3.9, 4.9, 5.9])   # float into int64: truncates
    save("set_mask_middle", s)
    s = a.copy()
    s[:, ::-1][[0, 1], 2, [1, 3]] = np.array([[-5], [-6]])
    save("set_view", s)

    # take / put / along axis / compress / extract / choose / nonzero.
    b = np.arange(12, dtype=np.float64).reshape(3, 4)
    save("b", b)
    save("take_flat", np.take(b, [[0, 11], [-1, 5]]))
    save("take_wrap", np.take(b, [-7, 4, 9], axis=1, mode="wrap"))
    save("take_clip", np.take(b, [-7, 1, 9], axis=0, mode="clip"))
    p = b.copy()
    np.put(p, [0, -1, 5, 5], [100, 200, 300])
    save("put", p)
    p = b.copy()
    np.put(p, [20, -20], [7, 8], mode="clip")
    save("put_clip", p)
    p = b.copy()
    np.put(p, [13, -13], [7, 8], mode="wrap")
    save("put_wrap", p)
    c = np.array([[3.0, 1.0, 2.0], [0.5, 9.0, -1.0]])
    save("c", c)
    idx = np.argsort(c, axis=1)
    save("along_idx", idx)
    save("take_along", np.take_along_axis(c, idx, axis=1))
    save("take_along0", np.take_along_axis(c, np.array([[1, 0, 1]]), axis=0))
    save("take_along_none", np.take_along_axis(c, np.array([5, 0]), axis=None))
    q = c.copy()
    np.put_along_axis(q, np.array([[0], [2]]), 99.0, axis=1)
    save("put_along", q)
    save("compress0", np.compress([True, False, True], b, axis=0))
    save("compress1", np.compress([False, True], b, axis=1))
    save("compress_none", np.compress([1, 0, 1, 1], b))
    save("mask3_in", b % 3 == 0)
    save("extract", np.extract(b % 3 == 0, b))
    ch = [np.array([0, 1, 2, 3], np.int16), np.array([10.5, 11, 12, 13]), np.array(-1, np.int64)]
    save("choose", np.choose(np.array([[0, 1, 2, 1], [2, 2, 0, 0]]), ch))
    save("choose_wrap", np.choose(np.array([3, -1, 4, 0]), ch, mode="wrap"))
    save("choose_clip", np.choose(np.array([3, -1, 4, 0]), ch, mode="clip"))
    nz = np.array([[0, 1.5, 0], [np.nan, 0, -0.0]])
    save("nz_in", nz)
    for k, v in enumerate(np.nonzero(nz)):
        save(f"nonzero{k}", v)
    save("flatnonzero", np.flatnonzero(nz))
    save("argwhere0d", np.argwhere(np.array(3)))
    save("argwhere0d_false", np.argwhere(np.array(0)))


if __name__ == "__main__":
    main()

"""Writes NumPy's results for tests/manip/test_manipulation.cpp into tests/data/manip/.

Run with the project venv: .venv/bin/python tests/data/gen_manip.py
Each <case>.npy is NumPy's output of the operation that the C++ test of the same name
performs; ramp_<dtype>.npy is the common (3, 4) input of the every-dtype test.
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "manip")
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
    for dt in DTYPES:
        x = ramp(dt, (3, 4))
        save(f"ramp_{dt}", x)
        save(f"concat_{dt}", np.concatenate([x, x[:2, ::-1]], axis=0))
        save(f"stack_{dt}", np.stack([x, x[:, ::-1]], axis=1))
        save(f"flip_{dt}", np.flip(x))
        save(f"roll_{dt}", np.roll(x, (1, -2), (0, 1)))
        save(f"repeat_{dt}", np.repeat(x, [1, 0, 2], axis=0))
        save(f"tile_{dt}", np.tile(x, (2, 1, 2)))
        save(f"padc_{dt}", np.pad(x, ((1, 2), (0, 1)), constant_values=1))
        save(f"padr_{dt}", np.pad(x, ((2, 1), (3, 5)), "reflect"))
        save(f"tril_{dt}", np.tril(x, -1))
        save(f"split_{dt}", np.array_split(x, 3, axis=1)[2])

    i8 = np.array([-3, 4], np.int8)
    u8 = np.array([200, 7], np.uint8)
    save("concat_promote", np.concatenate([i8, u8]))
    save("concat_float", np.concatenate([np.array([1, 2], np.int32), np.array([0.5], np.float32)]))
    b = np.arange(12.0).reshape(3, 4)
    save("b", b)
    save("concat_none", np.concatenate([b, np.array([[1.0, 2.0]])], axis=None))
    save("concat_dtype", np.concatenate([b, b], axis=1, dtype=np.float32))
    save("concat_empty", np.concatenate([np.zeros((0, 4)), b]))
    v1 = np.array([1, 2, 3])
    v2 = np.array([4, 5, 6])
    save("vstack", np.vstack([v1, v2]))
    save("hstack", np.hstack([v1, v2]))
    save("hstack2", np.hstack([b, b[:, :1]]))
    save("dstack", np.dstack([v1, v2]))
    save("column_stack", np.column_stack([v1, v2, b[:, 0]]))
    save("stack_neg", np.stack([v1, v2], axis=-1))
    for k, p in enumerate(np.array_split(np.arange(10), [3, -2, 20])):
        save(f"array_split_idx{k}", p)
    for k, p in enumerate(np.array_split(np.arange(10), 4)):
        save(f"array_split{k}", p)
    save("roll_none", np.roll(b, 5))
    save("roll_repeated", np.roll(b, (1, 1, -1), (1, 1, 0)))
    save("roll_noncontig", np.roll(b[::-1, ::2], 1, axis=1))
    c = np.arange(24).reshape(2, 3, 4)
    save("c", c)
    for k in (1, 2, 3, -1):
        save(f"rot90_{k % 4}", np.rot90(c, k, axes=(1, 2)))
    save("rot90_default", np.rot90(c))
    v = np.array([1, 2, 3])
    for mode in ("edge", "symmetric", "wrap", "reflect"):
        save(f"pad_{mode}_big", np.pad(v, (7, 8), mode))
        save(f"pad_{mode}_2d", np.pad(b, ((2, 3), (5, 1)), mode))
    save("pad_const_axes", np.pad(b, ((1, 2), (3, 1)), constant_values=((1, 2), (3, 4))))
    save("pad_3d", np.pad(c, 1, "symmetric"))
    save("pad_empty_const", np.pad(np.zeros((0, 2)), 1, constant_values=5))
    save("triu1", np.triu(b, 1))
    save("tril_1d", np.tril(v))
    save("triu_3d", np.triu(c, -1))
    x, y = np.meshgrid(np.array([1, 2, 3]), np.array([4.0, 5.0]))
    save("mesh_xy0", x)
    save("mesh_xy1", y)
    m = np.meshgrid(np.array([1, 2]), np.array([3, 4, 5]), np.array([6]), indexing="ij", sparse=True)
    for k, a in enumerate(m):
        save(f"mesh_ij_sparse{k}", a)
    d = np.array([[1, 4, 9, 16], [2, 3, 5, 7], [0, 0, 1, 1]])
    save("d", d)
    save("diff", np.diff(d))
    save("diff_n2_axis0", np.diff(d, n=2, axis=0))
    save("diff_prepend", np.diff(d, prepend=0, append=np.array([[1], [2], [3]])))
    save("diff_bool", np.diff(np.array([True, True, False, True])))
    save("diff_uint8", np.diff(np.array([5, 3, 200], np.uint8)))
    save("ediff1d", np.ediff1d(d, to_begin=np.array([-1, -2]), to_end=99))
    save("append_none", np.append(d, [[7, 8]]))
    save("append_axis1", np.append(d, d[:, :1], axis=1))
    save("insert_scalar", np.insert(d, 1, [[10], [20], [30]], axis=1))
    save("insert_scalar_bcast", np.insert(d, 1, 5, axis=1))
    save("insert_list", np.insert(d, [1, 1, 4], [7, 8, 9], axis=1))
    save("insert_none", np.insert(d, 3, 100))
    save("insert_single_list", np.insert(d, [2], [[10], [20], [30]], axis=1))
    save("insert_slice", np.insert(np.arange(5), slice(0, 4, 2), [50, 60]))
    save("delete_int", np.delete(d, -1, axis=0))
    save("delete_list", np.delete(d, [0, 2, -1], axis=1))
    save("delete_none", np.delete(d, [0, 5, 11]))
    save("delete_slice", np.delete(d, slice(None, None, 2), axis=1))
    t = np.array([0, 0, 3, 0, 4, 0, 0])
    save("trim_fb", np.trim_zeros(t))
    save("trim_f", np.trim_zeros(t, "f"))
    save("trim_b", np.trim_zeros(t, "b"))
    save("trim_all_zero", np.trim_zeros(np.zeros(4)))
    t2 = np.array([[0, 0, 0, 0], [0, 2, 0, 0], [0, 0, 1, 0]])
    save("trim_2d", np.trim_zeros(t2))
    save("trim_2d_axis1", np.trim_zeros(t2, axis=1))
    save("tile_1d", np.tile(np.array([1, 2]), 3))
    save("tile_promote", np.tile(b, 2))
    save("repeat_flat", np.repeat(b, 2))
    save("repeat_0d", np.repeat(np.array(7), 3))


if __name__ == "__main__":
    main()

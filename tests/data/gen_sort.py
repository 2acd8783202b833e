"""Writes the NumPy-made .npy files that tests/sort/test_sort.cpp loads.

Run with the project venv:  .venv/bin/python tests/data/gen_sort.py
Outputs go to tests/data/sort/. File names are <op>_<dtype>_<case>.npy; the C++ test
builds the same names. Inputs are saved next to NumPy's results, so the C++ side never
recomputes values. Everything is seeded: rerunning gives identical files.
"""
import os
import shutil

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sort")

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
          "uint64", "float16", "float32", "float64", "complex64", "complex128"]
# Dtypes whose 1-D "big" case (longer than the radix-sort threshold) is stored.
BIG_DTYPES = ["int8", "int16", "int32", "int64", "uint64", "float32", "float64"]
SET_DTYPES = ["bool", "int8", "int64", "uint64", "float16", "float32", "float64", "complex128"]


def save(name, arr):
    np.save(os.path.join(OUT, name + ".npy"), np.asarray(arr))


def sample(dt, n, rng):
    """n values of dtype dt with many duplicates and the dtype's special values."""
    d = np.dtype(dt)
    if d.kind == "b":
        return rng.integers(0, 2, n).astype(bool)
    if d.kind in "iu":
        info = np.iinfo(d)
        lo = max(info.min, -6)
        v = rng.integers(lo, 7, n).astype(d)
        v[rng.integers(0, n, 3)] = info.max
        v[rng.integers(0, n, 2)] = info.min
        if d.kind == "u":
            v[rng.integers(0, n, 2)] = info.max // 2 + 1  # the top bit alone (2**63 for uint64)
        return v
    if d.kind == "f":
        v = (rng.integers(-6, 7, n) / 2).astype(d)
        specials = [np.nan, -np.nan, np.inf, -np.inf, -0.0, 0.0, -0.0, np.nan]
        pos = rng.choice(n, len(specials), replace=False)
        v[pos] = np.array(specials, dtype=d)
        v[pos[1]] = np.copysign(np.array(np.nan, dtype=d), -1)
        return v
    parts = np.array([-1.0, 0.0, 0.5, 2.0, np.nan])
    re = parts[rng.integers(0, len(parts), n)]
    im = parts[rng.integers(0, len(parts), n)]
    return (re + 1j * im).astype(d)


def gen_sort(rng):
    for dt in DTYPES:
        a = sample(dt, 60, rng).reshape(3, 4, 5)
        save(f"sort_{dt}_in", a)
        for ax, tag in [(0, "ax0"), (1, "ax1"), (-1, "axm1"), (None, "axnone")]:
            save(f"sort_{dt}_{tag}", np.sort(a, axis=ax, kind="stable"))
            save(f"argsort_{dt}_{tag}", np.argsort(a, axis=ax, kind="stable"))
        v = a[:, ::-1, ::2]  # the C++ test takes the same view
        for ax, tag in [(0, "ax0"), (-1, "axm1")]:
            save(f"sort_{dt}_view_{tag}", np.sort(v, axis=ax, kind="stable"))
            save(f"argsort_{dt}_view_{tag}", np.argsort(v, axis=ax, kind="stable"))
    for dt in BIG_DTYPES:
        d = np.dtype(dt)
        if d.kind == "f":
            b = sample(dt, 2500, rng)
            b[:1200] = rng.standard_normal(1200).astype(d)
        else:
            info = np.iinfo(d)
            b = rng.integers(info.min, info.max, 2500, dtype=d, endpoint=True)
            b[:1000] = rng.integers(-50 if d.kind == "i" else 0, 50, 1000).astype(d)
        rng.shuffle(b)
        save(f"big_{dt}_in", b)
        save(f"big_{dt}_argsort", np.argsort(b, kind="stable"))
    # lexsort: the last key is the primary one.
    k0 = sample("float64", 40, rng).reshape(2, 20)
    k1 = rng.integers(0, 3, 40).reshape(2, 20).astype(np.int16)
    k2 = rng.integers(0, 2, 40).reshape(2, 20).astype(bool)
    save("lexsort_k0", k0)
    save("lexsort_k1", k1)
    save("lexsort_k2", k2)
    save("lexsort_axm1", np.lexsort((k0, k1, k2)))
    save("lexsort_ax0", np.lexsort((k0, k1, k2), axis=0))


def gen_search(rng):
    for dt in DTYPES:
        a = np.load(os.path.join(OUT, f"sort_{dt}_in.npy"))
        flat = a.ravel()
        s = np.sort(flat, kind="stable")
        v = a[0]
        save(f"searchsorted_{dt}_left", np.searchsorted(s, v, side="left"))
        save(f"searchsorted_{dt}_right", np.searchsorted(s, v, side="right"))
        sorter = np.argsort(flat, kind="stable")
        save(f"searchsorted_{dt}_sorter", np.searchsorted(flat, v, side="right", sorter=sorter))
    a = np.array([-3, 0, 0, 2, 7, 2**40], dtype=np.int64)
    v = np.array([[-3.5, 0.0, 0.5], [2.0, np.nan, np.inf]])
    save("searchsorted_mixed_a", a)
    save("searchsorted_mixed_v", v)
    save("searchsorted_mixed_left", np.searchsorted(a, v))
    save("searchsorted_mixed_right", np.searchsorted(a, v, side="right"))

    x = np.array([-1.0, 0.0, 0.2, 1.0, 1.5, 2.5, 4.0, 10.0, np.nan, -np.inf])
    inc = np.array([0.0, 1.0, 1.0, 2.5, 4.0])
    save("digitize_x", x)
    save("digitize_inc", inc)
    save("digitize_dec", inc[::-1].copy())
    for b, tag in [(inc, "inc"), (inc[::-1].copy(), "dec")]:
        save(f"digitize_{tag}_left", np.digitize(x, b))
        save(f"digitize_{tag}_right", np.digitize(x, b, right=True))
    xi = np.array([5, 1, 3, 3, 9], dtype=np.int32)
    save("digitize_int_x", xi)
    save("digitize_int", np.digitize(xi, inc))


def gen_unique_sets(rng):
    for dt in DTYPES:
        a = np.load(os.path.join(OUT, f"sort_{dt}_in.npy"))
        u, idx, inv, cnt = np.unique(a, return_index=True, return_inverse=True, return_counts=True)
        save(f"unique_{dt}_values", u)
        save(f"unique_{dt}_index", idx)
        save(f"unique_{dt}_inverse", inv)
        save(f"unique_{dt}_counts", cnt)
        save(f"unique_{dt}_nonan", np.unique(a, equal_nan=False))
        test = a[1, :2]
        save(f"isin_{dt}", np.isin(a, test))
        save(f"isin_{dt}_invert", np.isin(a, test, invert=True))
    for dt in SET_DTYPES:
        a = np.load(os.path.join(OUT, f"sort_{dt}_in.npy"))
        x, y = a[0], a[1:].ravel()[:25]
        save(f"intersect1d_{dt}", np.intersect1d(x, y))
        vals, ia, ib = np.intersect1d(x, y, return_indices=True)
        save(f"intersect1d_{dt}_ia", ia)
        save(f"intersect1d_{dt}_ib", ib)
        save(f"union1d_{dt}", np.union1d(x, y))
        save(f"setdiff1d_{dt}", np.setdiff1d(x, y))
        save(f"setxor1d_{dt}", np.setxor1d(x, y))
    # Distinct inputs for assume_unique, and two dtypes that promote.
    x = np.array([5, 1, 9, 3, -2], dtype=np.int8)
    y = np.array([3.0, 7.5, -2.0, 11.0, 5.0])
    save("sets_mixed_x", x)
    save("sets_mixed_y", y)
    save("intersect1d_mixed", np.intersect1d(x, y, assume_unique=True))
    vals, ia, ib = np.intersect1d(x, y, assume_unique=True, return_indices=True)
    save("intersect1d_mixed_ia", ia)
    save("intersect1d_mixed_ib", ib)
    save("union1d_mixed", np.union1d(x, y))
    save("setdiff1d_mixed", np.setdiff1d(x, y, assume_unique=True))
    save("setxor1d_mixed", np.setxor1d(x, y, assume_unique=True))
    save("isin_mixed", np.isin(x, y))


def gen_counting(rng):
    x = rng.integers(0, 10, 50)
    w = rng.standard_normal(50)
    save("bincount_x", x)
    save("bincount_w", w)
    save("bincount_plain", np.bincount(x))
    save("bincount_weights", np.bincount(x, weights=w))
    save("bincount_minlength", np.bincount(x, minlength=15))
    xb = rng.integers(0, 2, 9).astype(bool)
    save("bincount_bool_x", xb)
    save("bincount_bool", np.bincount(xb))
    xu = rng.integers(0, 6, 20).astype(np.uint8)
    save("bincount_uint8_x", xu)
    save("bincount_uint8", np.bincount(xu, minlength=3))

    d = rng.standard_normal(300)
    d[:5] = [0.0, -0.0, 1.0, -1.0, 2.5]
    save("hist_f64_in", d)
    cases = {
        "f64_default": (d, {}),
        "f64_bins7_range": (d, {"bins": 7, "range": (-1.0, 1.5)}),
        "f64_density": (d, {"bins": 12, "density": True}),
        "f64_range_density": (d, {"bins": 5, "range": (-2.0, 2.0), "density": True}),
    }
    di = rng.integers(-20, 40, 100).astype(np.int32)
    save("hist_i32_in", di)
    cases["i32_default"] = (di, {"bins": 9})
    cases["i32_density"] = (di, {"bins": 4, "density": True})
    df = (rng.standard_normal(200) * 3).astype(np.float32)
    save("hist_f32_in", df)
    cases["f32_default"] = (df, {"bins": 11})
    cases["f32_range_density"] = (df, {"bins": 6, "range": (-1.0, 3.7), "density": True})
    dh = (rng.standard_normal(100)).astype(np.float16)
    save("hist_f16_in", dh)
    cases["f16_default"] = (dh, {"bins": 5})
    dc = np.full(7, 3.0)
    save("hist_const_in", dc)
    cases["const_default"] = (dc, {"bins": 4})
    de = np.zeros(0)
    save("hist_empty_in", de)
    cases["empty_default"] = (de, {})
    dn = np.array([1.0, np.nan, 2.0, 5.0])
    save("hist_nan_in", dn)
    cases["nan_range"] = (dn, {"bins": 4, "range": (0.0, 5.0)})
    for name, (data, kw) in cases.items():
        h, e = np.histogram(data, **kw)
        save(f"hist_{name}_hist", h)
        save(f"hist_{name}_edges", e)
    edges = np.array([-3.0, -1.0, 0.0, 0.5, 2.0])
    save("hist_edges_f64", edges)
    h, _ = np.histogram(d, bins=edges)
    save("hist_edges_f64_hist", h)
    h, _ = np.histogram(d, bins=edges, density=True)
    save("hist_edges_f64_density", h)
    iedges = np.array([-20, -5, 0, 10, 39], dtype=np.int64)
    save("hist_edges_i64", iedges)
    h, _ = np.histogram(di, bins=iedges)
    save("hist_edges_i64_hist", h)
    h, _ = np.histogram(di, bins=iedges, density=True)
    save("hist_edges_i64_density", h)


def gen_unique_axis_and_weights():
    """unique along an axis and weighted histograms; an RNG of their own, so that the files
    of the functions above stay identical."""
    rng = np.random.default_rng(20261127)
    for dt in ["bool", "int8", "uint64", "float16", "float32", "float64", "complex128"]:
        # Few distinct values so that rows repeat; NaN rows (never equal) for floats.
        a = sample(dt, 24, rng).reshape(2, 12)[:, :6].copy()
        a = np.concatenate([a, a[:, ::-1], a[:, :3]], axis=1).reshape(2, 3, 5)  # (2, 3, 5), repeats
        save(f"uaxis_{dt}_in", a)
        for ax, tag in [(0, "ax0"), (1, "ax1"), (-1, "axm1")]:
            u, i, inv, c = np.unique(a, return_index=True, return_inverse=True, return_counts=True, axis=ax)
            save(f"uaxis_{dt}_{tag}_values", u)
            save(f"uaxis_{dt}_{tag}_index", i)
            save(f"uaxis_{dt}_{tag}_inverse", inv)
            save(f"uaxis_{dt}_{tag}_counts", c)
    r = rng.integers(0, 3, (40, 3)).astype(np.int16)
    save("uaxis_rows_in", r)
    u, i, inv, c = np.unique(r, return_index=True, return_inverse=True, return_counts=True, axis=0)
    save("uaxis_rows_values", u)
    save("uaxis_rows_index", i)
    save("uaxis_rows_inverse", inv)
    save("uaxis_rows_counts", c)

    # 70000 values: more than one of NumPy's 65536-value blocks.
    d = rng.standard_normal(70000)
    d[:4] = [-1.0, 0.0, 0.5, 3.0]
    save("whist_in", d)
    weights = {
        "f64": rng.standard_normal(70000),
        "f32": rng.standard_normal(70000).astype(np.float32),
        "i32": rng.integers(-5, 9, 70000).astype(np.int32),
        "c128": rng.standard_normal(70000) + 1j * rng.standard_normal(70000),
        "f16": rng.standard_normal(70000).astype(np.float16),
        "bool": rng.integers(0, 2, 70000).astype(bool),
    }
    for name, w in weights.items():
        save(f"whist_w_{name}", w)
        h, _ = np.histogram(d, bins=13, weights=w)
        save(f"whist_{name}_bins13", h)
        h, _ = np.histogram(d, bins=9, range=(-1.0, 2.0), weights=w, density=True)
        save(f"whist_{name}_range_density", h)
    edges = np.array([-3.0, -1.0, 0.0, 0.5, 2.0, 2.5])
    save("whist_edges", edges)
    for name in ["f64", "i32", "c128"]:
        h, _ = np.histogram(d, bins=edges, weights=weights[name])
        save(f"whist_{name}_edges", h)
        h, _ = np.histogram(d, bins=edges, weights=weights[name], density=True)
        save(f"whist_{name}_edges_density", h)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    rng = np.random.default_rng(20240607)
    gen_sort(rng)
    gen_search(rng)
    gen_unique_sets(rng)
    gen_counting(rng)
    gen_unique_axis_and_weights()


if __name__ == "__main__":
    main()

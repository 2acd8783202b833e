"""Expected values for tests/reduce/test_reduce.cpp, computed by NumPy (the oracle).

Run: .venv/bin/python tests/data/gen_reduce.py   (writes tests/data/reduce/)
For each dtype and input variant: in_<variant>_<dtype>.npy (the input), out_<variant>_<dtype>.npy
(a uint8 blob of every result's bytes) and one manifest.txt line per case:
  variant dtype func axis keepdims initial out_dtype shape offset
or  variant dtype func axis keepdims initial err ExceptionType
(the "where" variant passes where=where_mask.npy).
The C++ test rebuilds each view (rev: x[::-1, :, ::2], tr: x.transpose(2, 0, 1)) itself.
"""
import os
import warnings

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reduce")
DTYPES = ["bool", "int8", "uint8", "int32", "int64", "uint64", "float16", "float32", "float64",
          "complex64", "complex128"]
AXES = [None, 0, 1, -1, (0, 2)]
FUNCS = ["sum", "prod", "mean", "var", "std", "min", "max", "ptp", "any", "all", "nansum", "nanprod",
         "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "argmin", "argmax", "nanargmin", "nanargmax",
         "count_nonzero", "cumsum", "cumprod"]
WHERE_FUNCS = ["sum", "prod", "mean", "var", "max", "min", "any", "all", "nansum", "nanmax"]


def make_input(dt, special, rng):
    shape = (3, 4, 5)
    n = 60
    d = np.dtype(dt)
    if d == np.bool_:
        x = rng.random(n) < 0.6
    elif d.kind in "iu":
        info = np.iinfo(d)
        x = rng.integers(info.min, info.max, size=n, dtype=d, endpoint=True)
        x[:8] = [info.max, info.max, info.min, 1, 0, info.max, info.min, info.max]
        if d.itemsize >= 4:  # keep products of small ones finite-ish but wrapping anyway
            x[20:40] = rng.integers(-3 if d.kind == "i" else 0, 4, size=20)
    else:
        real = rng.standard_normal(n) * 3
        if d.kind == "c":
            x = (real + 1j * rng.standard_normal(n)).astype(d)
        else:
            x = real.astype(d)
        if special:
            x[3] = np.nan
            x[17] = np.inf
            x[18] = -np.inf
            x[25] = -0.0
            x[40:45] = np.nan  # one all-NaN row along axis 2
            if d.kind == "c":
                x[50] = complex(1.0, np.nan)
        x[30:35] = 0
    return x.reshape(shape)


def call(func, x, axis, keepdims, where, initial):
    f = getattr(np, func)
    kw = {}
    if func in ("cumsum", "cumprod"):
        return f(x, axis=axis)
    if func in ("argmin", "argmax", "nanargmin", "nanargmax"):
        return f(x, axis=axis, keepdims=keepdims)
    if func == "count_nonzero":
        return f(x, axis=axis, keepdims=keepdims)
    if where is not None:
        kw["where"] = where
    if initial is not None:
        kw["initial"] = initial
    return f(x, axis=axis, keepdims=keepdims, **kw)


def axes_for(func, ndim):
    if ndim == 0:
        return [None]  # (NumPy's ufunc reductions accept axis=0 on 0-d arrays; nd raises axis_error)
    if func in ("argmin", "argmax", "nanargmin", "nanargmax", "cumsum", "cumprod"):
        return [None, 0, 1, -1]
    return AXES


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240607)
    lines = []
    mask = rng.random((4, 5)) < 0.7  # broadcast against (3, 4, 5)
    mask[0, :] = False               # a slice with nothing selected
    np.save(os.path.join(OUT, "where_mask.npy"), mask)
    for dt in DTYPES:
        inexact = np.dtype(dt).kind in "fc"
        variants = ["base", "where"] + (["special"] if inexact else [])
        if dt in ("bool", "int8", "uint64", "float16", "float64", "complex64"):
            variants += ["rev", "tr"]  # views: a subset keeps the data small
        if dt in ("bool", "int32", "float32", "complex128"):
            variants += ["empty", "scalar"]
        base = make_input(dt, False, rng)
        special = make_input(dt, True, rng) if inexact else None
        np.save(os.path.join(OUT, f"in_base_{dt}.npy"), base)
        if inexact:
            np.save(os.path.join(OUT, f"in_special_{dt}.npy"), special)
        for var in variants:
            src = special if var == "special" else base
            if var == "rev":
                x = src[::-1, :, ::2]
            elif var == "tr":
                x = src.transpose(2, 0, 1)
            elif var == "empty":
                x = np.zeros((0, 3, 2), dtype=dt)
            elif var == "scalar":
                x = src[1, 2, 3].reshape(())
                x = np.array(x)
            else:
                x = src
            blob = bytearray()
            funcs = WHERE_FUNCS if var == "where" else FUNCS
            for func in funcs:
                if func in ("cumsum", "cumprod") and var not in ("base", "rev"):
                    continue
                for axis in axes_for(func, x.ndim):
                    kds = [False] if func in ("cumsum", "cumprod") or var not in ("base", "where") else [False, True] if axis in (None, (0, 2)) else [False]
                    for kd in kds:
                        where = mask if var == "where" else None
                        initial = None
                        if var == "where" and func in ("max", "min", "nanmax"):
                            initial = 1
                        if var == "where" and func in ("any", "all", "mean", "var") and kd:
                            continue
                        ax = "none" if axis is None else (",".join(map(str, axis)) if isinstance(axis, tuple) else str(axis))
                        head = f"{var} {dt} {func} {ax} {int(kd)} {initial if initial is not None else '-'}"
                        try:
                            with warnings.catch_warnings():
                                warnings.simplefilter("ignore")
                                with np.errstate(all="ignore"):
                                    r = np.asarray(call(func, x, axis, kd, where, initial))
                        except Exception as e:  # noqa: BLE001
                            lines.append(f"{head} err {type(e).__name__}")
                            continue
                        shape = ",".join(map(str, r.shape)) if r.ndim else "-"
                        b = np.ascontiguousarray(r).tobytes()
                        lines.append(f"{head} {r.dtype.name} {shape} {len(blob)}")
                        blob += b
            np.save(os.path.join(OUT, f"out_{var}_{dt}.npy"), np.frombuffer(bytes(blob), dtype=np.uint8))
    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

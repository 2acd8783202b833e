"""Expected values for tests/fft/test_fft.cpp, computed by numpy.fft (the oracle).

Run: .venv/bin/python tests/data/gen_fft.py   (writes tests/data/fft/)
Each case is one line of manifest.txt:
  name func input view n axis norm s axes out_dtype out_shape offset
(`-` for an absent argument; s, axes and shape comma-separated) with the input in
in_<input>.npy and NumPy's result as the C-order bytes at `offset` of out.npy (one uint8
blob for all cases). `view` names how the C++ test derives the array it
transforms from the stored input: none, T (full transpose), step (every other element along
axis 0), rev (reversed along the last axis).
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fft")
rng = np.random.default_rng(20261127)
lines = []
blob = []
inputs = {}


def add_input(name, x):
    inputs[name] = x
    np.save(os.path.join(OUT, f"in_{name}.npy"), x)


def view(x, kind):
    if kind == "T":
        return x.T
    if kind == "step":
        return x[::2]
    if kind == "rev":
        return x[..., ::-1]
    return x


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, (tuple, list)):
        return ",".join(str(int(t)) for t in v) if len(v) else "empty"
    return str(v)


def case(func, inp, kind="none", n=None, axis=None, norm=None, s=None, axes=None):
    x = view(inputs[inp], kind)
    f = getattr(np.fft, func)
    kw = {}
    if n is not None:
        kw["n"] = n
    if axis is not None:
        kw["axis"] = axis
    if norm is not None:
        kw["norm"] = norm
    if s is not None:
        kw["s"] = s
    if axes is not None:
        kw["axes"] = axes
    y = f(x, **kw)
    name = f"c{len(lines):04d}"
    y = np.ascontiguousarray(y)
    offset = sum(len(b) for b in blob)
    blob.append(y.tobytes())
    lines.append(" ".join([name, func, inp, kind, fmt(n), fmt(axis), norm or "-", fmt(s), fmt(axes), y.dtype.name,
                           fmt(y.shape), str(offset)]))


def rand(shape, dt):
    d = np.dtype(dt)
    if d.kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(d)
    if d.kind == "f":
        return rng.standard_normal(shape).astype(d)
    if d.kind == "b":
        return rng.random(shape) < 0.5
    return rng.integers(-50, 50, size=shape).astype(d)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    lengths = [1, 2, 5, 7, 8, 12, 17, 64, 97, 257]
    for dt in ["float64", "complex128", "float32", "complex64", "int32", "bool", "float16"]:
        for m in lengths:
            if dt == "float16" and m > 64:
                continue
            inp = f"{dt}_{m}"
            add_input(inp, rand((m,), dt))
            real = np.dtype(dt).kind != "c"
            funcs = ["fft", "ifft", "irfft", "hfft"] + (["rfft", "ihfft"] if real else [])
            for func in funcs:
                for norm in [None, "ortho", "forward"]:
                    if m == 1 and func in ("irfft", "hfft"):
                        continue  # default n = 0: an error, tested in C++
                    case(func, inp, norm=norm)
                if m >= 5:
                    case(func, inp, n=m // 2 + 1)  # truncation
                    case(func, inp, n=m + 3)  # zero padding
                    case(func, inp, n=2 * m - 1, norm="ortho")
    # A long prime length, a few functions.
    for dt in ["float64", "complex64"]:
        inp = f"{dt}_1009"
        add_input(inp, rand((1009,), dt))
        for func in ["fft", "ifft", "irfft"] + (["rfft"] if dt == "float64" else []):
            case(func, inp)
    # Several dimensions, axes, and views.
    for dt in ["float64", "complex128", "float32", "complex64"]:
        inp = f"{dt}_3d"
        add_input(inp, rand((6, 5, 7), dt))
        real = np.dtype(dt).kind != "c"
        for kind in ["none", "T", "step", "rev"]:
            for axis in [0, 1, -1]:
                case("fft", inp, kind, axis=axis)
                case("ifft", inp, kind, axis=axis, norm="ortho")
                case("irfft", inp, kind, axis=axis)
                if real:
                    case("rfft", inp, kind, axis=axis, norm="forward")
                    case("ihfft", inp, kind, axis=axis)
            case("fftn", inp, kind)
            case("ifftn", inp, kind, norm="ortho")
            case("fftn", inp, kind, s=[4, 9], axes=[0, 2])
            case("fftn", inp, kind, s=[-1, 3], axes=[2, 1])
            case("ifftn", inp, kind, axes=[1])
            case("fft2", inp, kind)
            case("ifft2", inp, kind, s=[3, 8])
            case("irfftn", inp, kind)
            case("irfftn", inp, kind, s=[5, 9], axes=[0, 2], norm="forward")
            case("irfft2", inp, kind)
            if real:
                case("rfftn", inp, kind)
                case("rfftn", inp, kind, s=[4, 6], axes=[1, 0], norm="ortho")
                case("rfft2", inp, kind, s=[7, 10])
    add_input("int64_2d", rand((4, 9), "int64"))
    case("fft2", "int64_2d")
    case("rfftn", "int64_2d")
    case("rfft2", "int64_2d", "T")
    np.save(os.path.join(OUT, "out.npy"), np.frombuffer(b"".join(blob), dtype=np.uint8))
    with open(os.path.join(OUT, "manifest.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"{len(lines)} cases, {len(inputs)} inputs")


if __name__ == "__main__":
    main()

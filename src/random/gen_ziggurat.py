"""Writes src/random/ziggurat_tables.hpp: the ziggurat tables of nd's NumPy-identical
normal and exponential samplers (256 layers, float64 and float32).

Derivation. The layers follow Marsaglia & Tsang (2000), "The ziggurat method for
generating random variables": for a tail start r and a common layer area v,
  x[255] = r,   x[i] = f^-1(v / x[i+1] + f(x[i+1]))   (i = 254 .. 1),   x[0] = 0,
  q = v / f(r)  (the base layer's equivalent width),
with f(x) = exp(-x^2/2) (normal) or exp(-x) (exponential). A sampler draws an integer
m of B bits and a layer i, returns m * w[i] and accepts at once when m < k[i]:
  w[0] = q / 2^B, w[i] = x[i] / 2^B;  k[0] = round(r / q * 2^B), k[1] = 0,
  k[i+1] = round(x[i] / x[i+1] * 2^B);  f[i] = f(x[i]).
normal: r = 3.6541528853610087963519472518, v = 0.0049286732339746519, B = 52 (float32: 23);
exponential: r = 7.6971174701310497140446280481, v = 0.0039496598225815571993, B = 53
(float32: 23). These are the published 256-layer constants (Marsaglia & Tsang; the same
r values appear in NumPy's distributions source). Everything is computed here in double
precision with Python's math module.

How close this comes to NumPy's own tables (checked once by hand against NumPy 2.x's
ziggurat_constants.h; nothing from that file is used here): the float32 normal tables
(k, w, f) and the float32 k tables of both distributions agree exactly; the float64
normal tables agree except in the layers nearest the mode (17 k, 37 w, 38 f entries, up
to ~1e-14 relative), where the recurrence is ill-conditioned and the exp/log used to make
NumPy's tables evidently rounded differently from correctly rounded ones (correctly
rounded exp/log, computed with 200-bit mpmath, give the same 37 differences, and a fully
200-bit recurrence is further off: NumPy's normal tables were computed in double). The
float64 exponential tables agree in few entries under any variant tried (double or
200-bit recurrence, round or floor for k): the 200-bit recurrence comes closest (w: 21
differences, f: 12, k: 132 entries one or two units apart), so their exact procedure is
not recoverable from the constants alone.

k and f only decide acceptance, so a difference of a few units from NumPy's changes a draw
only when the draw lands within those units of a boundary (probability below 1e-12 per
draw). The widths w scale every returned value, so NumPy-identical output needs NumPy's
exact widths; since they cannot be rederived, we calibrate: this script draws samples from
numpy.random (the oracle), finds the draws that took the fast path (one raw 64-bit word,
value m * w[i]) and solves, for every layer, the unique double (float) w with
fl(m * w) == value for all observed (m, value) pairs, starting from our recurrence's
width. The script fails if a layer has no solution, more than one, or lies further than
1e-12 (relative) from the recurrence.

Run: python src/random/gen_ziggurat.py  (needs numpy; rewrites ziggurat_tables.hpp)
"""
import math
import os
import struct

import numpy as np

N_LAYERS = 256
NORMAL = dict(r=3.6541528853610087963519472518, v=0.0049286732339746519)
EXPO = dict(r=7.6971174701310497140446280481, v=0.0039496598225815571993)


def layers(kind, bits):
    """k, w, f of the recurrence in double precision."""
    if kind == "normal":
        f = lambda x: math.exp(-0.5 * x * x)
        finv = lambda y: math.sqrt(-2.0 * math.log(y))
        r, v = NORMAL["r"], NORMAL["v"]
    else:
        f = lambda x: math.exp(-x)
        finv = lambda y: -math.log(y)
        r, v = EXPO["r"], EXPO["v"]
    scale = 2.0 ** bits
    k = [0] * N_LAYERS
    w = [0.0] * N_LAYERS
    fv = [0.0] * N_LAYERS
    x = r
    q = v / f(x)
    k[0] = round(r / q * scale)
    k[1] = 0
    w[0] = q / scale
    w[255] = x / scale
    fv[0] = 1.0
    fv[255] = f(x)
    for i in range(254, 0, -1):
        xn = finv(v / x + f(x))
        k[i + 1] = round(xn / x * scale)
        x = xn
        fv[i] = f(x)
        w[i] = x / scale
    return k, w, fv


def next_f64(x, n):
    b = struct.unpack("<q", struct.pack("<d", x))[0]
    return struct.unpack("<d", struct.pack("<q", b + n))[0]


def next_f32(x, n):
    b = struct.unpack("<i", struct.pack("<f", x))[0]
    return struct.unpack("<f", struct.pack("<i", b + n))[0]


def fast_path_pairs(kind, dtype, approx_w, seeds=4000, per_seed=400):
    """(layer, m, value) for draws that NumPy returned from the fast path."""
    out = [[] for _ in range(N_LAYERS)]
    f32 = dtype == np.float32
    for seed in range(seeds):
        bg = np.random.PCG64(seed)
        raw = np.random.PCG64(seed).random_raw(per_seed)
        g = np.random.Generator(bg)
        vals = (g.standard_normal(per_seed, dtype=dtype) if kind == "normal"
                else g.standard_exponential(per_seed, dtype=dtype))
        # float32 draws take 32-bit halves of each 64-bit word, low half first.
        words = [int(w) for w in raw]
        if f32:
            words = [h for w in words for h in (w & 0xFFFFFFFF, w >> 32)]
        for pos, val in enumerate(vals):
            r = words[pos]
            if kind == "normal":
                if f32:
                    idx, sign, m = r & 0xFF, (r >> 8) & 1, (r >> 9) & 0x7FFFFF
                else:
                    idx, sign, m = r & 0xFF, (r >> 8) & 1, (r >> 9) & 0xFFFFFFFFFFFFF
            else:
                if f32:
                    r >>= 1
                    idx, sign, m = r & 0xFF, 0, r >> 8
                else:
                    r >>= 3
                    idx, sign, m = r & 0xFF, 0, r >> 8
            val = float(val)
            guess = m * approx_w[idx] * (-1 if sign else 1)
            if m == 0 or abs(val - guess) > 1e-6 * abs(guess):
                break  # a slow-path draw consumed more words: the stream is out of step
            out[idx].append((m, abs(val)))
    return out


def calibrate(kind, dtype, approx_w):
    f32 = dtype == np.float32
    pairs = fast_path_pairs(kind, dtype, approx_w)
    step = next_f32 if f32 else next_f64
    rnd = (lambda a: float(np.float32(a))) if f32 else (lambda a: a)
    widths = []
    for idx in range(N_LAYERS):
        obs = pairs[idx]
        if len(obs) < 8:
            raise SystemExit(f"{kind} {dtype.__name__}: layer {idx} has only {len(obs)} fast-path samples")
        base = rnd(approx_w[idx])
        span = 20000 if not f32 else 64
        cands = []
        for d in range(-span, span + 1):
            w = step(base, d)
            if f32:
                ok = all(float(np.float32(m) * np.float32(w)) == val for m, val in obs)
            else:
                ok = all(m * w == val for m, val in obs[:64])
            if ok:
                cands.append(w)
        if len(cands) != 1:
            raise SystemExit(f"{kind} {dtype.__name__}: layer {idx}: {len(cands)} candidate widths")
        w = cands[0]
        if abs(w - approx_w[idx]) > 1e-12 * approx_w[idx] * (1e6 if f32 else 1):
            raise SystemExit(f"{kind}: layer {idx} width {w!r} too far from recurrence {approx_w[idx]!r}")
        if not f32 and not all(m * w == val for m, val in obs):
            raise SystemExit(f"{kind}: layer {idx} inconsistent")
        widths.append(w)
    return widths


def fmt_rows(vals, per_line, f):
    rows = []
    for i in range(0, len(vals), per_line):
        rows.append("    " + ", ".join(f(v) for v in vals[i:i + per_line]) + ",")
    return "\n".join(rows)


def main():
    parts = []
    for kind, bits64, bits32 in (("normal", 52, 23), ("exponential", 53, 23)):
        k64, w64, f64 = layers(kind, bits64)
        k32, w32, f32 = layers(kind, bits32)
        cw64 = calibrate(kind, np.float64, w64)
        cw32 = calibrate(kind, np.float32, w32)
        name = "nor" if kind == "normal" else "exp"
        parts.append(f"// {kind}: k (accept bounds), w (calibrated widths), f (layer densities)")
        parts.append(f"inline constexpr uint64_t zig_{name}_k64[256] = {{\n" + fmt_rows(k64, 4, lambda v: f"0x{v:016X}ULL") + "\n};")
        parts.append(f"inline constexpr double zig_{name}_w64[256] = {{\n" + fmt_rows(cw64, 3, lambda v: v.hex()) + "\n};")
        parts.append(f"inline constexpr double zig_{name}_f64[256] = {{\n" + fmt_rows(f64, 3, lambda v: v.hex()) + "\n};")
        parts.append(f"inline constexpr uint32_t zig_{name}_k32[256] = {{\n" + fmt_rows(k32, 6, lambda v: f"0x{v:08X}U") + "\n};")
        parts.append(f"inline constexpr float zig_{name}_w32[256] = {{\n" + fmt_rows(cw32, 3, lambda v: float(v).hex() + "f") + "\n};")
        parts.append(f"inline constexpr float zig_{name}_f32[256] = {{\n" + fmt_rows([float(np.float32(v)) for v in f32], 3, lambda v: v.hex() + "f") + "\n};")
    header = ("#pragma once\n// Generated by src/random/gen_ziggurat.py (see its docstring for the derivation). Do not edit.\n"
              "#include <cstdint>\n\nnamespace nd::random::detail {\n\n" + "\n\n".join(parts) + "\n\n}  // namespace nd::random::detail\n")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ziggurat_tables.hpp")
    with open(path, "w") as fh:
        fh.write(header)
    print("wrote", path)


if __name__ == "__main__":
    main()

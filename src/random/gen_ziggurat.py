"""Writes src/random/ziggurat_tables.hpp: the ziggurat tables of nd's NumPy-identical
normal and exponential samplers (256 layers, float64 and float32).

Everything here is computed from the published constants; nothing is read from NumPy (or
anything else). The result equals NumPy's tables entry for entry, because it follows the
two procedures by which those tables were made (their history is told in docs/random.md):
the normal tables in double precision, the exponential tables in high precision.

Common layout (Marsaglia & Tsang 2000, "The ziggurat method for generating random
variables"), for a density f, tail start r and layer area v:
  x[255] = r,   x[i] = f^-1(v / x[i+1] + f(x[i+1]))   (i = 254 .. 1),   x[0] = 0.
A sampler draws an integer m of B bits and a layer i, returns m * w[i] and accepts at once
when m < k[i]; w[0] = (v / f(r)) / 2^B is the base layer's equivalent width, k[0] the
base layer's rectangle share r f(r) / v, k[1] = 0, k[i] the share x[i-1] / x[i], f[i] = f(x[i]).

Normal, f(x) = exp(-x^2/2), r = 3.6541528853610087963519472518, v = 0.0049286732339746519,
B = 52 (float64) and 23 (float32). Every step in IEEE double with round-to-nearest, and exp
and log correctly rounded (computed here with the decimal module and rounded once):
  f(x) = exp((-0.5 * x) * x),   f^-1(y) = sqrt(-2 * log(y)),
  x[i] = f^-1(f(x[i+1]) + v / x[i+1]),
  k[i] = round_half_even((x[i-1] / x[i]) * 2^B),  k[0] = round_half_even(((r * f(r)) / v) * 2^B),
  w[i] = x[i] / 2^B,  w[0] = (v / f(r)) / 2^B,   f[i] = f(x[i]);
float32 w and f are the float32 roundings of the double values. One exception, which is
data: the double exp used to make NumPy's tables returned the upper neighbour
0x1.5ad29acc85c89p-1 for exp(-0x1.8edbf8bb15d43p-2) (the exact value lies 0.4983 units in
the last place above the lower neighbour 0x1.5ad29acc85c88p-1, so a correctly rounded exp
gives the lower one; the argument is -x^2/2 at layer 38). EXP_EXCEPTIONS below holds it;
the script fails if the computation never evaluates that argument.

Exponential, f(x) = exp(-x), r = 7.6971174701310497140446280481 (taken exactly, as a
decimal), v = (r + 1) exp(-r) (the rectangle r f(r) plus the tail integral exp(-r)); the
recurrence runs in PREC significant decimal digits and only the table entries are rounded:
  x[i] = -ln(v / x[i+1] + exp(-x[i+1])),
  float64: k[i] = 2 * floor(x[i-1] / x[i] * 2^52), k[0] = 2 * floor(r exp(-r) / v * 2^52)
           (the bounds were made for 52-bit draws and doubled for NumPy's 53-bit draws),
           w[i] = RN64(x[i]) / 2^53, w[0] = RN64(v exp(r)) / 2^53, f[i] = RN64(exp(-x[i]));
  float32: k[i] = round(x[i-1] / x[i] * 2^23), k[0] = round(r exp(-r) / v * 2^23),
           w and f: the float64 values of x / 2^23 and exp(-x) written with 9 significant
           decimal digits, that decimal then rounded to float32.
RN64/RN32: round to nearest double/float, ties to even. The script checks that no rounding
it makes here is within reach of the working precision's error.

Run: python src/random/gen_ziggurat.py  (standard library only; rewrites ziggurat_tables.hpp)
"""
import decimal
import math
import os
import struct
from decimal import Decimal
from fractions import Fraction

N_LAYERS = 256
PREC = 100  # decimal digits for the exponential recurrence and the correctly rounded exp/log

NOR_R = 3.6541528853610087963519472518
NOR_V = 0.0049286732339746519
EXP_R = "7.6971174701310497140446280481"

# exp(argument) -> result the original double exp returned where it was not correctly rounded.
EXP_EXCEPTIONS = {float.fromhex("-0x1.8edbf8bb15d43p-2"): float.fromhex("0x1.5ad29acc85c89p-1")}

CTX = decimal.Context(prec=PREC, rounding=decimal.ROUND_HALF_EVEN)


# ---- rounding helpers ----------------------------------------------------------------

def rn64(q):
    """Nearest double to the Fraction q (ties to even), refusing near-ties."""
    v = float(q)  # Fraction -> float is correctly rounded
    lo, hi = math.nextafter(v, -math.inf), math.nextafter(v, math.inf)
    for n in (lo, hi):
        mid = (Fraction(v) + Fraction(n)) / 2
        if abs(q - mid) <= abs(Fraction(n) - Fraction(v)) * Fraction(1, 10**40):
            raise SystemExit(f"rounding of {float(q)!r} too close to a tie to decide")
    return v


def f32_bits(v):
    return struct.unpack("<I", struct.pack("<f", v))[0]


def rn32(q):
    """Nearest float32 (as a Python float) to the Fraction q, ties to even."""
    c = struct.unpack("<f", struct.pack("<f", float(q)))[0]
    best = None
    for d in (-1, 0, 1):
        b = f32_bits(c) + d
        cand = struct.unpack("<f", struct.pack("<I", b))[0]
        key = (abs(Fraction(cand) - q), b & 1)
        if best is None or key < best[0]:
            best = (key, cand)
    return best[1]


def dec(v):
    return Fraction(Decimal(v))


# ---- correctly rounded double exp/log (normal tables) ---------------------------------

def exp_rn(a):
    if a in EXP_EXCEPTIONS:
        return EXP_EXCEPTIONS[a]
    return rn64(dec(CTX.exp(Decimal(a))))


def log_rn(a):
    return rn64(dec(CTX.ln(Decimal(a))))


def normal_tables():
    used = set()

    def f(x):
        a = (-0.5 * x) * x
        if a in EXP_EXCEPTIONS:
            used.add(a)
        return exp_rn(a)

    def finv(y):
        return math.sqrt(-2.0 * log_rn(y))

    r, v = NOR_R, NOR_V
    x = [0.0] * N_LAYERS
    x[255] = r
    for i in range(254, 0, -1):
        x[i] = finv(f(x[i + 1]) + v / x[i + 1])
    out = {}
    for bits, tag in ((52, 64), (23, 32)):
        scale = 2.0 ** bits
        k = [0] * N_LAYERS
        k[0] = round(((r * f(r)) / v) * scale)
        for i in range(1, N_LAYERS):
            k[i] = round((x[i - 1] / x[i]) * scale)
        w = [xi / scale for xi in x]
        w[0] = (v / f(r)) / scale
        fv = [f(xi) for xi in x]
        if tag == 32:
            w = [rn32(Fraction(t)) for t in w]
            fv = [rn32(Fraction(t)) for t in fv]
        out[tag] = (k, w, fv)
    if used != set(EXP_EXCEPTIONS):
        raise SystemExit("the recorded exp exception was not met")
    return out


# ---- high-precision exponential tables ------------------------------------------------

def exponential_tables():
    c = CTX
    r = Decimal(EXP_R)
    fr = c.exp(-r)
    v = c.multiply(c.add(r, 1), fr)
    x = [Decimal(0)] * N_LAYERS
    x[255] = r
    for i in range(254, 0, -1):
        x[i] = c.minus(c.ln(c.add(c.divide(v, x[i + 1]), c.exp(c.minus(x[i + 1])))))
    ratio = [None, None] + [dec(c.divide(x[i - 1], x[i])) for i in range(2, N_LAYERS)]
    ratio[0] = dec(c.divide(c.multiply(r, fr), v))
    tol = Fraction(1, 10**(PREC - 20))  # far above the accumulated error of the recurrence

    def floor_safe(q):
        n = math.floor(q)
        if q - n < tol or n + 1 - q < tol:
            raise SystemExit("floor too close to an integer to decide")
        return n

    def round_safe(q):
        n = math.floor(q)
        if abs(q - n - Fraction(1, 2)) < tol:
            raise SystemExit("round too close to a tie to decide")
        return n + (1 if q - n > Fraction(1, 2) else 0)

    k64 = [0] * N_LAYERS
    k32 = [0] * N_LAYERS
    for i in [0] + list(range(2, N_LAYERS)):
        k64[i] = 2 * floor_safe(ratio[i] * 2**52)
        k32[i] = round_safe(ratio[i] * 2**23)
    xs = [dec(t) for t in x]
    xs[0] = dec(c.divide(v, fr))  # base layer: v / f(r)
    fx = [Fraction(1)] + [dec(c.exp(c.minus(t))) for t in x[1:]]
    w64 = [rn64(t) / 2.0**53 for t in xs]
    f64 = [rn64(t) for t in fx]
    # float32: the double of x / 2^23 (resp. exp(-x)) written with 9 significant digits
    w32 = [rn32(Fraction(Decimal(format(rn64(t / 2**23), ".8e")))) for t in xs]
    f32 = [rn32(Fraction(Decimal(format(rn64(t), ".8e")))) for t in fx]
    return {64: (k64, w64, f64), 32: (k32, w32, f32)}


# ---- output ---------------------------------------------------------------------------

def fmt_rows(vals, per_line, f):
    rows = []
    for i in range(0, len(vals), per_line):
        rows.append("    " + ", ".join(f(v) for v in vals[i:i + per_line]) + ",")
    return "\n".join(rows)


def main():
    parts = []
    for kind, tables in (("normal", normal_tables()), ("exponential", exponential_tables())):
        (k64, w64, f64), (k32, w32, f32) = tables[64], tables[32]
        name = "nor" if kind == "normal" else "exp"
        parts.append(f"// {kind}: k (accept bounds), w (widths), f (layer densities)")
        parts.append(f"inline constexpr uint64_t zig_{name}_k64[256] = {{\n" + fmt_rows(k64, 4, lambda v: f"0x{v:016X}ULL") + "\n};")
        parts.append(f"inline constexpr double zig_{name}_w64[256] = {{\n" + fmt_rows(w64, 3, lambda v: v.hex()) + "\n};")
        parts.append(f"inline constexpr double zig_{name}_f64[256] = {{\n" + fmt_rows(f64, 3, lambda v: v.hex()) + "\n};")
        parts.append(f"inline constexpr uint32_t zig_{name}_k32[256] = {{\n" + fmt_rows(k32, 6, lambda v: f"0x{v:08X}U") + "\n};")
        parts.append(f"inline constexpr float zig_{name}_w32[256] = {{\n" + fmt_rows(w32, 3, lambda v: v.hex() + "f") + "\n};")
        parts.append(f"inline constexpr float zig_{name}_f32[256] = {{\n" + fmt_rows(f32, 3, lambda v: v.hex() + "f") + "\n};")
    header = ("#pragma once\n// Generated by src/random/gen_ziggurat.py (see its docstring for the derivation). Do not edit.\n"
              "#include <cstdint>\n\nnamespace nd::random::detail {\n\n" + "\n\n".join(parts) + "\n\n}  // namespace nd::random::detail\n")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ziggurat_tables.hpp")
    with open(path, "w") as fh:
        fh.write(header)
    print("wrote", path)


if __name__ == "__main__":
    main()

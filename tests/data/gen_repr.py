"""Writes repr_cases.txt: NumPy's repr() of many arrays, for tests/core/test_print.cpp.

Run with the project venv: .venv/bin/python tests/data/gen_repr.py

Each case in the output is a block of lines:
    case <name>
    dtype <numpy dtype name>
    shape <d0> <d1> ...            (nothing after "shape" for a 0-d array)
    data hex <bytes>               the C-order little-endian bytes of the base array, or
    data arange <scale>            element i is arange(n) (times <scale> for inexact dtypes)
    view <op>                      none | T | rev | rev2 | step2 | col | bcast, applied to the base
    opts <precision> <threshold> <edgeitems> <linewidth>
    repr <k>
    |<line 1>                      k lines of the repr, each behind a '|'
    end
The C++ test rebuilds the base array from dtype/shape/data, applies the view, and
compares nd::to_string(view, opts) with the k lines joined by '\n'.
"""
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "repr_cases.txt")
DEFAULT_OPTS = dict(precision=8, threshold=1000, edgeitems=3, linewidth=75)

VIEWS = {
    "none": lambda a: a,
    "T": lambda a: a.T,
    "rev": lambda a: a[::-1],
    "rev2": lambda a: a[::-1, ::-1],
    "step2": lambda a: a[::2],
    "col": lambda a: a[:, 1],
    "bcast": lambda a: np.broadcast_to(a, (3,) + a.shape),
}

cases = []


def add(name, values, dtype=None, view="none", **opts):
    """One case; `values` is anything np.array accepts, or an ndarray used as is."""
    base = values if isinstance(values, np.ndarray) and dtype is None else np.array(values, dtype=dtype)
    cases.append((name, np.ascontiguousarray(base) if base.ndim else base, ("hex", None), view, opts))


def add_arange(name, shape, dtype, scale=1.0, view="none", **opts):
    """A large case stored as a formula instead of bytes."""
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    if dt.kind in "fc":
        base = (np.arange(n, dtype=np.float64) * scale).astype(dt).reshape(shape)
    else:
        base = np.arange(n, dtype=np.int64).astype(dt).reshape(shape)
    cases.append((name, base, ("arange", scale), view, opts))


def cplx(re, im, dtype=np.complex128):
    out = np.empty(len(re), dtype=dtype)
    out.real = re
    out.imag = im
    return out


rng = np.random.default_rng(20240611)
nan, inf = np.nan, np.inf
pi = np.pi

# --- the basics and the dtype suffix ---
add("int64_basic", [1, 2, 3])
add("float64_integral", [1.0, 2.0])
add("int32_suffix", [1, 2], dtype=np.int32)
add("bool_basic", [True, False])
add("bool_all_true", [True, True, True])
add("int8_extremes", [-128, -1, 0, 1, 127], dtype=np.int8)
add("int16_extremes", [-32768, 0, 32767], dtype=np.int16)
add("int32_extremes", [-2**31, 0, 2**31 - 1], dtype=np.int32)
add("int64_extremes", [-2**63, 0, 2**63 - 1], dtype=np.int64)
add("uint8_basic", [0, 1, 255], dtype=np.uint8)
add("uint16_basic", [0, 65535, 7], dtype=np.uint16)
add("uint32_basic", [0, 2**32 - 1], dtype=np.uint32)
add("uint64_large", [0, 2**63, 2**64 - 1], dtype=np.uint64)
add("float16_basic", [0.1, 0.2, 1.5, -3.0], dtype=np.float16)
add("float32_basic", [0.1, 0.2, 1.0 / 3.0], dtype=np.float32)
add("float32_tenths", [0.1, 0.2, 0.3, 0.7], dtype=np.float32)
add("float64_basic", [0.1, 0.25, -1.5])
add("complex64_basic", [1 + 2j, -0.5 - 1.5j], dtype=np.complex64)
add("complex128_basic", [1 + 2j, -0.5 - 1.5j, 3j])

# --- 0-d arrays ---
add("zerod_int", 5)
add("zerod_float", 1.5)
add("zerod_int8", 3, dtype=np.int8)
add("zerod_bool", True)
add("zerod_false", False, dtype=np.bool_)
add("zerod_complex", 1 + 2j)
add("zerod_nan", nan)
add("zerod_neginf", -inf)
add("zerod_negzero", -0.0)
add("zerod_small", 1e-5)
add("zerod_large", 1e10)
add("zerod_pi", pi)
add("zerod_float32", 0.1, dtype=np.float32)
add("zerod_float16", 0.1, dtype=np.float16)
add("zerod_uint64", 2**64 - 1, dtype=np.uint64)
add("zerod_complex64", 0.1 - 0.2j, dtype=np.complex64)

# --- empty arrays ---
add("empty_float64", np.zeros(0))
add("empty_int64", np.zeros(0, dtype=np.int64))
add("empty_int32", np.zeros(0, dtype=np.int32))
add("empty_2d", np.zeros((0, 3)))
add("empty_2d_bool", np.zeros((2, 0), dtype=np.bool_))
add("empty_3d_int8", np.zeros((3, 0, 2), dtype=np.int8))
add("empty_complex64", np.zeros(0, dtype=np.complex64))

# --- nested arrays ---
add("int_2d", np.arange(12).reshape(3, 4))
add("int_2d_negative", np.array([[1, -20, 300], [-4000, 5, 60]]))
add("float_2d", np.array([[1.5, -2.25, 3.0], [100.0, 0.125, -7.0]]))
add("int_3d", np.arange(24).reshape(2, 3, 4))
add("int_4d", np.arange(16).reshape(2, 2, 2, 2))
add("float_3d", np.arange(24).reshape(2, 3, 4) * 0.5 - 3)
add("int8_3d", np.arange(-12, 12, dtype=np.int8).reshape(2, 3, 4))
add("bool_2d", np.array([[True, False], [False, True]]))
add("complex_2d", np.array([[1 + 1j, -2.5 + 0j], [0 - 3j, 4.75 + 1e-3j]]))
add("single_row", np.array([[1, 2, 3]]))
add("single_col", np.array([[1.0], [2.0], [3.0]]))
add("size1_3d", np.array([[[7]]], dtype=np.uint16))

# --- float modes: fixed vs scientific ---
add("sci_small_and_large", [1e-5, 1.0, 1e9])
add("sci_small", [1e-5, 1.0])
add("sci_large", [1.0, 1e9])
add("ratio_1000", [1.0, 1000.0])
add("ratio_1001", [1.0, 1001.0])
add("max_1e8", [1e8, 1.0])
add("max_below_1e8", [99999999.0, 1.0])
add("min_1em4", [1e-4, 0.05])
add("sci_three_digit_exp", [1e100, 1e-5])
add("sci_tiny", [1e-300, 1.0])
add("sci_subnormal", [5e-324, 1.0])
add("sci_max", [1.7976931348623157e308, -1.0])
add("zero_ignored_for_mode", [0.0, 1e-5])
add("zero_and_one", [0.0, 1.0])
add("all_zero", [0.0, 0.0])
add("sci_mixed_digits", [1.5e-7, 2.25e10, -3.0])
add("sci_nine_digits", [1.23456789012e-7, 1.0])
add("pi_arange", pi * np.arange(5))
add("pi_arange_10", pi * np.arange(10))
add("pi_powers", pi * np.array([1e-3, 1.0, 100.0]))
add("eight_digits", [0.1, 0.2, 0.30000000000000004])
add("half_even_cut", [2.0**-9, 0.01])
add("half_even_cut_up", [2.0**-9 + 0.5, 0.51])
add("thirds", [1.0 / 3.0, 2.0 / 3.0])
add("mixed_widths", [123456.789, 0.5, -7.25])
add("negative_floats", [-1.0, -22.5, 333.125])

# --- non-finite and signed zero ---
add("nan_inf", [nan, 1.5, -inf])
add("nan_posinf", [nan, inf])
add("only_inf", [inf])
add("only_nonfinite", [-inf, nan])
add("nan_sci", [nan, 1e-5, 1e5])
add("nan_neginf_large", [nan, -inf, 1e10])
add("inf_int_like", [inf, 1.0, 2.0])
add("negzero", [-0.0, 1.0])
add("negzero_only", [-0.0])
add("zeros_signed", [0.0, -0.0, 0.0])
add("float32_nan", [nan, 0.1, -inf], dtype=np.float32)
add("float16_inf", [inf, -0.5, nan], dtype=np.float16)

# --- integers ---
add("wide_ints", [1, -1000000, 123456789012])
add("negative_ints", [-1, -2, -3])
add("uint64_mixed", [1, 18446744073709551615, 12345], dtype=np.uint64)
add("int16_2d", np.array([[-32768, 1], [2, 32767]], dtype=np.int16))

# --- line wrapping ---
add("wrap_linspace_100", np.linspace(0.0, 1.0, 100))
add("wrap_random_100", rng.standard_normal(100))
add("wrap_int_100", np.arange(100))
add("wrap_int_2d", np.arange(60).reshape(2, 30) * 1001)
add("wrap_complex_30", cplx(rng.standard_normal(30), rng.standard_normal(30)))
add("wrap_bool_40", rng.integers(0, 2, 40).astype(np.bool_))
add("wrap_float32_50", rng.standard_normal(50).astype(np.float32))
add("wrap_3d_float", rng.uniform(-10, 10, (2, 2, 12)))
for n in range(14, 30):
    # around the length where ", dtype=int16)" no longer fits the last line
    add(f"dtype_spacer_{n}", np.arange(n, dtype=np.int16) * 1000)
for n in (3, 4, 5, 6, 7, 8):
    add(f"dtype_spacer_f32_{n}", np.arange(n, dtype=np.float32) * np.float32(1.25) + np.float32(1e5))

# --- summarisation ---
add_arange("summary_1d_2000", (2000,), np.int64)
add_arange("summary_1d_1001", (1001,), np.int32)
add_arange("summary_float_2000", (2000,), np.float64, 0.5)
add_arange("summary_2d_100", (100, 100), np.float64, 0.1)
add_arange("summary_2d_rows", (3, 1000), np.int64)
add_arange("summary_2d_cols", (1000, 3), np.uint8)
add_arange("summary_3d", (20, 30, 40), np.int32)
add_arange("summary_3d_float32", (10, 10, 11), np.float32, 0.25)
add_arange("summary_complex", (1500,), np.complex128, 1.5)
add_arange("summary_bool", (1200,), np.bool_)
add("summary_values_shown_only", np.concatenate([[1e-9], np.ones(1500), [2.5]]))
add("summary_2d_random", rng.standard_normal((40, 50)))

# --- complex ---
add("complex_mixed_signs", [1 + 2j, -3.5 - 4j, 0.25 - 0j, -1 + 0.5j])
add("complex_sci", [1e-5 + 1j, 1e5 - 1j])
add("complex_nan", cplx([nan, 1.0, inf], [1.0, nan, -inf]))
add("complex_nan_both", cplx([nan, 1.0], [nan, 2.0]))
add("complex_negzero", cplx([-0.0, 0.0], [-0.0, -0.0]))
add("complex64_tenths", [0.1 + 0.2j, 0.3 - 0.7j], dtype=np.complex64)
add("complex_real_only", [1.0 + 0j, 2.5 + 0j])
add("complex_imag_sci", [1 + 1e-10j, 2 + 3j])

# --- float32 ---
add("float32_third", [1.0 / 3.0], dtype=np.float32)
add("float32_cutoff_1e6", [1e6, 1.0], dtype=np.float32)
add("float32_below_cutoff", [999999.0, 1.0], dtype=np.float32)
add("float32_2pow24", [16777216.0, 1.0], dtype=np.float32)
add("float32_min_1em4", [1e-4, 0.05], dtype=np.float32)
add("float32_below_1em4", [np.nextafter(np.float32(1e-4), np.float32(0)), np.float32(0.05)])
add("float32_ratio", [0.1, 100.00001], dtype=np.float32)
add("float32_sci_exact_digits", [0.1, 1.2345678e-5], dtype=np.float32)
add("float32_extremes", [3.4028235e38, 1e-45, -1.0], dtype=np.float32)
add("float32_pi", pi * np.arange(6, dtype=np.float32))
add("float32_random_pos", rng.uniform(0.001, 1.0, 200).astype(np.float32))
add("float32_random_bits",
    (rng.integers(0, 2**32, 300, dtype=np.uint64).astype(np.uint32)).view(np.float32))

# --- float16 ---
add("float16_values", [0.1, 0.2, 0.3, 0.333, 3.14159, 65504.0], dtype=np.float16)
add("float16_cutoff_1000", [1000.0, 1.0], dtype=np.float16)
add("float16_below_cutoff", [999.0, 1.0], dtype=np.float16)
add("float16_min_1em4", [1e-4, 0.05], dtype=np.float16)
add("float16_subnormal", [6e-8, 1.0], dtype=np.float16)
add("float16_ratio", [0.0999, 99.9], dtype=np.float16)
# Every 8th bit pattern in each binade: positional where the binade allows, else scientific.
for e in range(31):
    bits = np.arange(e * 1024, e * 1024 + 1024, 8, dtype=np.uint16)
    add(f"float16_binade_{e}", bits.view(np.float16))
add("float16_random_bits",
    (rng.integers(0, 0x7C00, 300, dtype=np.uint16) | (rng.integers(0, 2, 300, dtype=np.uint16) << 15)).view(np.float16))

# --- float64 random ---
add("float64_random_uniform", rng.uniform(1.0, 1000.0, 200))
add("float64_random_small", rng.uniform(1e-4, 0.1, 200))
add("float64_random_lognormal", rng.lognormal(0.0, 6.0, 200))
add("float64_random_bits", rng.integers(0, 2**63, 300, dtype=np.uint64).view(np.float64))

# --- non-contiguous views ---
add("view_transpose", np.arange(12).reshape(3, 4), view="T")
add("view_reverse", np.array([1.5, 2.0, -3.0, 4.25]), view="rev")
add("view_reverse_2d", np.arange(12, dtype=np.int16).reshape(3, 4), view="rev2")
add("view_step2", np.arange(10, dtype=np.uint32), view="step2")
add("view_column", np.arange(12.0).reshape(4, 3) / 4, view="col")
add("view_transpose_3d", np.arange(24, dtype=np.float32).reshape(2, 3, 4), view="T")
add("view_broadcast", np.array([1, 2, 3], dtype=np.int8), view="bcast")
add("view_complex_reverse", np.array([1 + 2j, -3 - 4j, 5 + 0j]), view="rev")
add_arange("view_summary_transpose", (100, 100), np.int64, view="T")
add_arange("view_summary_reverse", (2000,), np.float64, 0.25, view="rev")

# --- non-default options ---
add("opts_precision3", pi * np.arange(5), precision=3)
add("opts_precision3_sci", [pi * 1e-6, 1.0], precision=3)
add("opts_precision0", [0.5, 1.5, 2.5, 3.25], precision=0)
add("opts_precision20", pi * np.array([1e-3, 1.0, 100.0]), precision=20)
add("opts_threshold10", np.arange(20), threshold=10)
add("opts_edgeitems1", np.arange(20), threshold=10, edgeitems=1)
add("opts_edgeitems1_2d", np.arange(100).reshape(10, 10), threshold=10, edgeitems=1)
add("opts_linewidth40", np.arange(30), linewidth=40)
add("opts_linewidth40_dtype", np.arange(30, dtype=np.int8), linewidth=40)
add("opts_wide_line", np.linspace(0, 1, 30), linewidth=200)
add("opts_edgeitems0", np.concatenate([np.arange(5.0), [1e-9], np.arange(2000.0)]), edgeitems=0)
add_arange("opts_edgeitems0_2d", (3, 1000), np.int64, edgeitems=0)
add("opts_threshold0_zerod", 5.5, threshold=0)
add("opts_threshold0", [1, 2], threshold=0)


def write():
    out = [f"# Generated by gen_repr.py with NumPy {np.__version__}; do not edit."]
    for name, base, (kind, scale), view, opts in cases:
        o = dict(DEFAULT_OPTS, **opts)
        a = VIEWS[view](base)
        with np.printoptions(precision=o["precision"], threshold=o["threshold"],
                             edgeitems=o["edgeitems"], linewidth=o["linewidth"]):
            text = repr(a)
        assert base.dtype.byteorder in "=|<", "little-endian data only"
        out.append(f"case {name}")
        out.append(f"dtype {base.dtype.name}")
        out.append(" ".join(["shape"] + [str(d) for d in base.shape]))
        out.append(f"data hex {base.tobytes().hex()}" if kind == "hex" else f"data arange {scale!r}")
        out.append(f"view {view}")
        out.append(f"opts {o['precision']} {o['threshold']} {o['edgeitems']} {o['linewidth']}")
        lines = text.split("\n")
        out.append(f"repr {len(lines)}")
        out.extend("|" + line for line in lines)
        out.append("end")
    with open(OUT, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    write()

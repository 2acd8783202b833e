"""Runs nd's benchmarks (build/bench/nd_bench, with 1 and 2 threads) and the same
operations in NumPy, in one run on one machine, and writes bench/results/results.md,
results.json and ratios.png. Ratios are NumPy time / nd time: above 1 means nd is faster.

Usage: .venv/bin/python bench/run.py [--bench build/bench/nd_bench] [--quick]"""
import argparse
import json
import os
import platform
import subprocess
import sys
import timeit

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")


def side(n):
    return int(np.sqrt(n))


def data(dt, n, lo=0.5, hi=2.0):
    return np.linspace(lo, hi, n).astype(dt)


def numpy_case(op, dt, n):
    """The NumPy statement that matches nd_bench's case `op` (same data, same layout)."""
    if op == "stream_add":
        return None  # a plain C loop; no NumPy peer
    if op == "add_out":
        a, b, c = data(dt, n), data(dt, n), np.empty(n, dt)
        return lambda: np.add(a, b, out=c)
    if op == "add":
        a, b = data(dt, n), data(dt, n)
        return lambda: a + b
    if op == "triad":
        a, b, c = data(dt, n), data(dt, n), data(dt, n)
        return lambda: a * b + c
    if op in ("exp", "log", "sin", "sqrt"):
        a, out, f = data(dt, n), np.empty(n, dt), getattr(np, op)
        return lambda: f(a, out=out)
    if op == "add_strided":
        s = side(n)
        a, b = data(dt, s * s).reshape(s, s), data(dt, s * s).reshape(s, s)
        av, bv = a[::2, ::2], b[::2, ::2]
        return lambda: av + bv
    if op == "add_broadcast":
        s = side(n)
        a, row = data(dt, s * s).reshape(s, s), data(dt, s)
        return lambda: a + row
    if op == "astype_f32":
        a = data("float64", n)
        return lambda: a.astype(np.float32)
    if op == "transpose_copy":
        s = side(n)
        a = data(dt, s * s).reshape(s, s)
        return lambda: np.ascontiguousarray(a.T)
    if op == "sum":
        a = data(dt, n)
        return lambda: a.sum()
    if op in ("sum_axis0", "sum_axis1"):
        s = side(n)
        a = data(dt, s * s).reshape(s, s)
        ax = 0 if op == "sum_axis0" else 1
        return lambda: a.sum(axis=ax)
    if op in ("sort", "argsort"):
        a = np.random.default_rng(0).random(n).astype(dt)
        f = np.sort if op == "sort" else np.argsort
        return lambda: f(a)
    if op == "unique":
        a = (np.random.default_rng(0).random(n) * 1000).astype(np.int64).astype(dt)
        return lambda: np.unique(a)
    if op == "mask_gather":
        a = data(dt, n)
        m = (np.arange(n) % 3) == 0
        return lambda: a[m]
    if op == "take":
        a = data(dt, n)
        idx = (np.arange(n) * 7919) % n
        return lambda: np.take(a, idx)
    return None


def best_time(fn, budget=0.2, repeat=5, env=None):
    """Best time of one call of fn: a callable, or a statement string run in `env` (no
    wrapper call in the timed loop: what per-call overhead measurements need)."""
    t = timeit.Timer(fn, globals=env) if isinstance(fn, str) else timeit.Timer(fn)
    number, _ = t.autorange()
    number = max(1, int(number * budget / 0.2))
    return min(t.repeat(repeat=repeat, number=number)) / number


def run_nd(binary, threads, quick, extra_env=None, pattern=None):
    env = dict(os.environ, ND_NUM_THREADS=str(threads), **(extra_env or {}))
    args = [binary, "--benchmark_format=json", f"--benchmark_min_time={0.05 if quick else 0.2}"]
    if pattern:
        args.append(f"--benchmark_filter={pattern}")
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
    res = {}
    for b in json.loads(out)["benchmarks"]:
        name = b["name"].rsplit("/real_time", 1)[0]
        unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        res[name] = b["real_time"] * unit
    return res


FFT_CASES = ["c2c_{p}_2^20", "r2c_{p}_2^20", "c2c2d_{p}_2048x2048", "c2c_{p}_prime_1000003", "c2c_batch_{p}_10000x1024"]


def fft_inputs(label):
    """The NumPy-side input and the numpy.fft / scipy.fft call for one FFT case label."""
    single = "_f32_" in label
    c, r = (np.complex64, np.float32) if single else (np.complex128, np.float64)
    rng = np.random.default_rng(1)

    def cplx(shape):
        return (rng.random(shape) - 0.5 + 1j * (rng.random(shape) - 0.5)).astype(c)

    if label.startswith("r2c"):
        return rng.random(1 << 20).astype(r) - r(0.5), "rfft"
    if label.startswith("c2c2d"):
        return cplx((2048, 2048)), "fft2"
    if "prime" in label:
        return cplx(1000003), "fft"
    if "batch" in label:
        return cplx((10000, 1024)), "fft"
    return cplx(1 << 20), "fft"


def fft_section(args):
    """FFT table: nd (FFTW, estimate and measure planners, 1 and 2 threads) beside
    numpy.fft (pocketfft) and scipy.fft (workers=1, 2), written to fft.md / fft.json."""
    def run_fft(threads, planner):
        env = {"ND_FFT_PLANNER": planner}
        return run_nd(args.fft_bench, threads, args.quick, env)

    est1, est2 = run_fft(1, "estimate"), run_fft(2, "estimate")
    mea1, mea2 = run_fft(1, "measure"), run_fft(2, "measure")
    try:
        import scipy.fft as sfft
    except ImportError:
        sfft = None
    rows = []
    for p in ("f64", "f32"):
        for tmpl in FFT_CASES:
            label = tmpl.format(p=p)
            x, fn = fft_inputs(label)
            budget = 0.05 if args.quick else 0.2
            t_np = best_time(lambda: getattr(np.fft, fn)(x), budget, 3)
            t_sp1 = t_sp2 = None
            if sfft is not None:
                t_sp1 = best_time(lambda: getattr(sfft, fn)(x, workers=1), budget, 3)
                t_sp2 = best_time(lambda: getattr(sfft, fn)(x, workers=2), budget, 3)
            key = "fft/" + label
            rows.append({"case": label, "numpy": t_np, "scipy_1": t_sp1, "scipy_2": t_sp2,
                         "nd_est_1t": est1.get(key), "nd_est_2t": est2.get(key),
                         "nd_mea_1t": mea1.get(key), "nd_mea_2t": mea2.get(key),
                         "nd_first_call": est1.get("fft_planning/" + label)})
    with open(os.path.join(args.out, "fft.json"), "w") as f:
        json.dump({"numpy": np.__version__, "rows": rows}, f, indent=1)

    def ms(t):
        return f"{t * 1e3:.2f}" if t else "—"

    def rt(a, b):
        return f"{a / b:.2f}" if a and b else "—"

    lines = ["# FFT: nd (FFTW) vs numpy.fft and scipy.fft", "",
             f"NumPy {np.__version__}; times in ms, best of several repeats; ratio = NumPy time / nd time. "
             "`est` plans with FFTW_ESTIMATE (nd's default), `meas` with FFTW_MEASURE "
             "(`nd::fft::set_planner`); both reuse the cached plan after the first call. "
             "`first call` is nd's time with the plan cache cleared before each call (estimate).", "",
             "| case | NumPy | scipy w=1 | scipy w=2 | nd est 1t | nd est 2t | nd meas 1t | nd meas 2t | "
             "ratio est 1t | ratio est 2t | ratio meas 1t | ratio meas 2t | nd first call |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['case']} | {ms(r['numpy'])} | {ms(r['scipy_1'])} | {ms(r['scipy_2'])} | "
                     f"{ms(r['nd_est_1t'])} | {ms(r['nd_est_2t'])} | {ms(r['nd_mea_1t'])} | {ms(r['nd_mea_2t'])} | "
                     f"{rt(r['numpy'], r['nd_est_1t'])} | {rt(r['numpy'], r['nd_est_2t'])} | "
                     f"{rt(r['numpy'], r['nd_mea_1t'])} | {rt(r['numpy'], r['nd_mea_2t'])} | "
                     f"{ms(r['nd_first_call'])} |")
    with open(os.path.join(args.out, "fft.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def python_section(out_dir, quick):
    """ndcore through Python beside NumPy (issue 4's targets): per-call overhead on tiny
    arrays, a view, a large add (Python vs the C++ benchmark's time), pickle protocol 5."""
    try:
        import ndcore as nc
    except ImportError:
        print("ndcore not installed (make python-install): no Python table", file=sys.stderr)
        return None
    import pickle
    budget = 0.05 if quick else 0.2
    rows = []

    def pair(name, f_np, f_nc, note="", env=None):
        rows.append({"case": name, "numpy": best_time(f_np, budget, 7, env), "ndcore": best_time(f_nc, budget, 7, env),
                     "note": note})

    # Tiny arrays: statements timed as they are written (`a + b`), both libraries alike.
    env = {"np": np, "nc": nc, "a": np.arange(10.0), "b": np.arange(10.0),
           "x": nc.arange(10.0), "y": nc.arange(10.0)}
    pair("a + b, 10 float64", "a + b", "x + y", "target ≤ 1.5x NumPy's time", env)
    pair("a[1:5] view", "a[1:5]", "x[1:5]", "target ≤ 1.5x NumPy's time", env)
    pair("add(a, b) ufunc call, 10 float64", "np.add(a, b)", "nc.add(x, y)", "", env)
    pair("-a, 10 float64", "-a", "-x", "", env)
    pair("a + 1.0, 10 float64", "a + 1.0", "x + 1.0", "a Python scalar operand", env)
    pair("a.sum(), 10 float64", "a.sum()", "x.sum()", "an argument-free method (C method)", env)
    pair("a.sum(axis=0), 10 float64", "a.sum(axis=0)", "x.sum(axis=0)", "a method with an argument (Python forwarder)",
         env)
    pair("a.copy(), 10 float64", "a.copy()", "x.copy()", "", env)
    pair("a.T", "a.T", "x.T", "", env)
    pair("a.shape", "a.shape", "x.shape", "", env)
    pair("a[3], 10 float64", "a[3]", "x[3]", "NumPy returns a scalar, ndcore a 0-d array", env)
    n = 10**7
    x_np, y_np = np.linspace(0.5, 2.0, n), np.linspace(0.5, 2.0, n)
    x_nc, y_nc = nc.asarray(x_np.copy()), nc.asarray(y_np.copy())
    o_np, o_nc = np.empty(n), nc.empty(n)
    pair("add(a, b, out=c), 1e7 float64", lambda: np.add(x_np, y_np, out=o_np), lambda: nc.add(x_nc, y_nc, out=o_nc),
         "compare with add_out/float64/1e7 of the C++ table")
    big_np = np.linspace(0.0, 1.0, 100 * 2**20 // 8)
    big_nc = nc.asarray(big_np.copy())

    def roundtrip(a):
        bufs = []
        s = pickle.dumps(a, protocol=5, buffer_callback=bufs.append)
        return pickle.loads(s, buffers=bufs)

    pair("pickle 5 round trip, 100 MB (out-of-band)", lambda: roundtrip(big_np), lambda: roundtrip(big_nc),
         "target within 10% of NumPy")
    lines = ["# ndcore through Python vs NumPy", "",
             f"NumPy {np.__version__}; best of several repeats; ratio = NumPy time / ndcore time (below 1.00 "
             "ndcore is slower).", "", "| case | NumPy | ndcore | ratio | note |", "|---|---:|---:|---:|---|"]
    for r in rows:
        def t(v):
            return f"{v * 1e6:.2f} µs" if v < 1e-3 else f"{v * 1e3:.2f} ms"
        lines.append(f"| {r['case']} | {t(r['numpy'])} | {t(r['ndcore'])} | {r['numpy'] / r['ndcore']:.2f} | {r['note']} |")
    with open(os.path.join(out_dir, "python.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bench", default=os.path.join(HERE, "..", "build", "bench", "nd_bench"))
    p.add_argument("--quick", action="store_true", help="shorter timings (for a smoke run)")
    p.add_argument("--out", default=RESULTS)
    p.add_argument("--fft-bench", default=os.path.join(HERE, "..", "build", "bench", "nd_fft_bench"))
    p.add_argument("--python-only", action="store_true",
                   help="only the ndcore-through-Python table (bench/results/python.md)")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.python_only:
        python_section(args.out, args.quick)
        return

    nd1 = run_nd(args.bench, 1, args.quick)
    nd2 = run_nd(args.bench, 2, args.quick)
    rows = []
    for name in nd1:
        op, dt, n = name.split("/")
        n = int(n)
        case = numpy_case(op, dt, n)
        t_np = best_time(case, 0.05 if args.quick else 0.2) if case else None
        rows.append({"op": op, "dtype": dt, "n": n, "nd_1t": nd1[name], "nd_2t": nd2.get(name), "numpy": t_np})

    # The big-buffer cache: `a + b` with the cache turned off, same run.
    nocache = run_nd(args.bench, 1, args.quick, {"ND_NO_BUFFER_CACHE": "1"}, "^add/")
    cache_rows = [(name, nd1[name], t) for name, t in nocache.items() if name in nd1]

    # STREAM add at the largest size: the bandwidth bound for add_out.
    stream = {r["dtype"]: r for r in rows if r["op"] == "stream_add" and r["n"] == 10**7}
    meta = {"numpy": np.__version__, "python": sys.version.split()[0], "machine": platform.machine(),
            "cpus": os.cpu_count(), "processor": platform.processor()}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows, "buffer_cache": cache_rows}, f, indent=1)

    def fmt_t(t):
        if t is None:
            return "—"
        return f"{t * 1e6:.1f}" if t < 1e-3 else f"{t * 1e3:.2f} ms"

    def ratio(a, b):
        return f"{a / b:.2f}" if a and b else "—"

    lines = ["# nd vs NumPy", "",
             f"NumPy {meta['numpy']}, Python {meta['python']}, {meta['cpus']} CPUs ({meta['machine']}). "
             "Times are the best of several repeats (µs unless marked); ratio = NumPy time / nd time, "
             "so above 1.00 nd is faster. NumPy runs single-threaded; nd with 1 and 2 threads.", "",
             "| op | dtype | n | NumPy | nd 1 thread | nd 2 threads | ratio 1t | ratio 2t |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['op']} | {r['dtype']} | {r['n']:.0e} | {fmt_t(r['numpy'])} | {fmt_t(r['nd_1t'])} | "
                     f"{fmt_t(r['nd_2t'])} | {ratio(r['numpy'], r['nd_1t'])} | {ratio(r['numpy'], r['nd_2t'])} |")
    for dt, s in stream.items():
        add = next((r for r in rows if r["op"] == "add_out" and r["dtype"] == dt and r["n"] == 10**7), None)
        if add:
            lines += ["", f"add(a, b, out=c) {dt} at 1e7 reaches {s['nd_1t'] / add['nd_1t'] * 100:.0f}% of the "
                          f"single-threaded STREAM-add loop measured in the same run."]
    lines += ["", "Buffer cache (`a + b`, 1 thread): time with the cache / without it "
              "(ND_NO_BUFFER_CACHE=1), same run:", "", "| case | with cache | without | speedup |", "|---|---:|---:|---:|"]
    for name, with_c, without in cache_rows:
        lines.append(f"| {name} | {fmt_t(with_c)} | {fmt_t(without)} | {without / with_c:.2f} |")
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")

    if args.fft_bench and os.path.exists(args.fft_bench):
        fft_section(args)
    python_section(args.out, args.quick)

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        big = [r for r in rows if r["n"] == 10**7 and r["numpy"]]
        labels = [f"{r['op']}\n{r['dtype']}" for r in big]
        x = np.arange(len(big))
        fig, ax = plt.subplots(figsize=(max(8, len(big) * 0.6), 4.5))
        ax.bar(x - 0.2, [r["numpy"] / r["nd_1t"] for r in big], 0.4, label="1 thread")
        ax.bar(x + 0.2, [r["numpy"] / r["nd_2t"] for r in big], 0.4, label="2 threads")
        ax.axhline(1.0, color="k", lw=0.8)
        ax.set_xticks(x, labels, rotation=90, fontsize=7)
        ax.set_ylabel("NumPy time / nd time (n = 1e7)")
        ax.legend()
        fig.tight_layout()
        fig.savefig(os.path.join(args.out, "ratios.png"), dpi=110)
    except ImportError:
        print("matplotlib not installed: no chart", file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

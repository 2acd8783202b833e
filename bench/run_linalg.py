"""The linear-algebra table: nd (bench/linalg_bench.cpp, with Eigen, xtensor-blas and the
measured FMA peak) beside NumPy timed here in the same run; writes
bench/results/linalg.md and bench/results/linalg.json.

Usage: python bench/run_linalg.py [--bench build-bench/bench/nd_linalg_bench] [--quick]
Every number is the best of a few calls (n = 4000: two, no warm-up) over --rounds rounds
that alternate nd and NumPy; ratios > 1 mean nd is faster.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def best_of(fn, reps, warm=True):
    if warm:
        fn()
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def numpy_cases(quick):
    """NumPy's seconds for every case the C++ side runs (same shapes, dtypes, repetitions)."""
    rng = np.random.default_rng(0)
    out = {}
    for n in (256, 1000, 2000, 4000):
        if quick and n > 1000:
            continue
        for dt, tag in ((np.float64, "f64"), (np.float32, "f32")):
            a = rng.standard_normal((n, n)).astype(dt)
            b = rng.standard_normal((n, n)).astype(dt)
            reps = 2 if n >= 2000 else (2 if quick else 5)
            out[f"matmul_{tag}_{n}"] = best_of(lambda: np.matmul(a, b), reps, n < 4000)
    for k in (4, 16):
        a, b = rng.standard_normal((10000, k, k)), rng.standard_normal((10000, k, k))
        out[f"batch_matmul_{k}x{k}"] = best_of(lambda: np.matmul(a, b), 7)
        out[f"batch_matmul_{k}x{k}_add"] = best_of(lambda: np.add(a, b), 7)
    a = rng.standard_normal((10000, 3, 3)) + 2 * np.eye(3)
    b = rng.standard_normal((10000, 3, 1))
    out["batch_solve_3x3"] = best_of(lambda: np.linalg.solve(a, b), 7)
    n = 500 if quick else 2000
    a = rng.standard_normal((n, n)) + 4 * np.eye(n)
    b = rng.standard_normal(n)
    out[f"solve_{n}"] = best_of(lambda: np.linalg.solve(a, b), 3)
    g = rng.standard_normal((n, n))
    s = g @ g.T + n * np.eye(n)
    out[f"cholesky_{n}"] = best_of(lambda: np.linalg.cholesky(s), 3)
    n = 300 if quick else 1000
    a = rng.standard_normal((n, n))
    out[f"svd_{n}"] = best_of(lambda: np.linalg.svd(a), 2)
    g = rng.standard_normal((n, n))
    s = g @ g.T + n * np.eye(n)
    out[f"eigh_{n}"] = best_of(lambda: np.linalg.eigh(s), 2)
    return out


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bench", default=os.path.join(HERE, "..", "build-bench", "bench", "nd_linalg_bench"))
    p.add_argument("--out", default=os.path.join(HERE, "results"))
    p.add_argument("--quick", action="store_true")
    p.add_argument("--rounds", type=int, default=2,
                   help="alternate nd and NumPy this many times; every time is the best over the rounds")
    p.add_argument("--numpy-only", help=argparse.SUPPRESS)  # internal: NumPy's times as JSON into this file
    args = p.parse_args()
    if args.numpy_only:
        with open(args.numpy_only, "w") as f:
            json.dump(numpy_cases(args.quick), f)
        return

    t_start = time.time()

    # nd twice as well, with its default thread count and with ND_NUM_THREADS=1; per case and
    # per implementation the faster run counts (the peak comes from the default run).
    def cxx_run(threads):
        env = dict(os.environ)
        if threads:
            env["ND_NUM_THREADS"] = str(threads)
        cmd = [args.bench] + (["--quick"] if args.quick else [])
        proc = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
        sys.stderr.write(proc.stderr)
        return json.loads(proc.stdout)

    def merge_cxx(a, b):
        # best per case and implementation over two runs (the peak: the higher)
        t = {(c["name"], c["impl"]): c["seconds"] for c in b["cases"]}
        for c in a["cases"]:
            c["seconds"] = min(c["seconds"], t[(c["name"], c["impl"])])
        for k in a["peak"]:
            a["peak"][k] = max(a["peak"][k], b["peak"][k])
        return a

    def merge_np(a, b):
        return {k: min(a[k], b[k]) for k in a}

    # NumPy twice, each in a fresh process: with its OpenBLAS's default thread count and with
    # one thread (on a small, shared machine its threaded LAPACK can be far slower); the
    # ratios use the faster of the two for every case.
    def numpy_run(threads):
        env = dict(os.environ)
        if threads:
            env["OPENBLAS_NUM_THREADS"] = str(threads)
        tmp = os.path.join(args.out, f".numpy_{threads or 'default'}.json")
        os.makedirs(args.out, exist_ok=True)
        subprocess.run([sys.executable, os.path.abspath(__file__), "--numpy-only", tmp]
                       + (["--quick"] if args.quick else []), check=True, env=env)
        with open(tmp) as f:
            r = json.load(f)
        os.remove(tmp)
        return r

    # Rounds alternate the two sides so that a busy spell on the shared machine hits both.
    cxx = cxx_one = np_default = np_one = None
    for _ in range(max(1, args.rounds)):
        r = cxx_run(None)
        cxx = r if cxx is None else merge_cxx(cxx, r)
        r = numpy_run(None)
        np_default = r if np_default is None else merge_np(np_default, r)
        r = cxx_run(1)
        cxx_one = r if cxx_one is None else merge_cxx(cxx_one, r)
        r = numpy_run(1)
        np_one = r if np_one is None else merge_np(np_one, r)
    one = {(c["name"], c["impl"]): c["seconds"] for c in cxx_one["cases"]}
    for c in cxx["cases"]:
        c["seconds_default_threads"] = c["seconds"]
        c["seconds_1_thread"] = one[(c["name"], c["impl"])]
        c["seconds"] = min(c["seconds"], c["seconds_1_thread"])
    t_np = {k: min(np_default[k], np_one[k]) for k in np_default}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    by = {}
    for c in cxx["cases"]:
        by.setdefault(c["name"], {})[c["impl"]] = c
    rows = []
    for name, impls in by.items():
        flops = impls["nd"]["flops"]
        row = {"case": name, "flops": flops, "numpy_s": t_np[name], "numpy_default_threads_s": np_default[name],
               "numpy_1_thread_s": np_one[name]}
        for impl, c in impls.items():
            row[impl.replace("-", "_") + "_s"] = c["seconds"]
        row["nd_default_threads_s"] = impls["nd"]["seconds_default_threads"]
        row["nd_1_thread_s"] = impls["nd"]["seconds_1_thread"]
        row["nd_vs_numpy"] = t_np[name] / impls["nd"]["seconds"]
        if name + "_add" in t_np:
            row["numpy_add_floor_s"] = t_np[name + "_add"]
            # the most any product could gain over NumPy here: NumPy's time over the floor
            row["ceiling_vs_numpy"] = t_np[name] / min(t_np[name + "_add"], impls["add_floor"]["seconds"])
        rows.append(row)
    peak = cxx["peak"]
    result = {"machine": {"cpu": cpu_name(), "hardware_threads": cxx["hardware_threads"], "nd_threads": cxx["threads"],
                          "isa": cxx["isa"], "numpy": np.__version__, "load_average_1min": load},
              "peak_gflops": peak, "cases": rows, "quick": args.quick, "seconds_total": time.time() - t_start}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "linalg.json"), "w") as f:
        json.dump(result, f, indent=1)

    def gf(row, key):
        s = row.get(key)
        return f"{row['flops'] / s / 1e9:.1f}" if s else "-"

    def ms(s):
        return f"{s * 1e3:.3f}" if s is not None else "-"

    lines = ["# Linear algebra: nd vs NumPy, Eigen, xtensor-blas and the FMA peak", "",
             f"Machine: {result['machine']['cpu']}, {cxx['hardware_threads']} hardware threads, {cxx['isa']}; "
             f"nd (Debian's OpenBLAS 0.3.21) is timed with its default thread count ({cxx['threads']}) and "
             f"with ND_NUM_THREADS=1, NumPy ({np.__version__}, its bundled OpenBLAS) with its default thread "
             "count and with OPENBLAS_NUM_THREADS=1; each column is the faster of its two runs (on this "
             "small shared machine threaded LAPACK is often slower than one thread). Eigen runs on one thread (Debian's package without OpenMP); xtensor-blas "
             "calls the same OpenBLAS as nd. Best of a few calls (n = 4000: two calls without a warm-up) in each of the rounds. The 1-minute load "
             f"average was {load:.1f} on {cxx['hardware_threads']} hardware threads: other work shares "
             "the machine, so single numbers are noisy; read the ratios.", "",
             f"FMA peak measured in this run (12 independent {cxx['isa']} multiply-add chains per thread): "
             f"float64 {peak['f64_1']:.1f} GFLOP/s on one thread, {peak['f64_all']:.1f} on all; float32 "
             f"{peak['f32_1']:.1f} / {peak['f32_all']:.1f}.", "",
             "## matmul (GFLOP/s, 2n^3 flops)", "",
             "| case | nd | NumPy | Eigen | xtensor-blas | nd / NumPy | nd / peak |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        if not r["case"].startswith("matmul_"):
            continue
        pk = peak["f64_all"] if "_f64_" in r["case"] else peak["f32_all"]
        nd_gf = r["flops"] / r["nd_s"] / 1e9
        lines.append(f"| {r['case']} | {nd_gf:.1f} | {gf(r, 'numpy_s')} | {gf(r, 'eigen_s')} | "
                     f"{gf(r, 'xtensor_blas_s')} | {r['nd_vs_numpy']:.2f} | {100 * nd_gf / pk:.0f}% |")
    lines += ["", "## Batches of small matrices (10,000 float64 items; ms)", "",
              "The memory floor is an elementwise `add` of the two operands into a fresh array (nd's and "
              "NumPy's, the faster): it moves the same bytes as the product, so no product can run faster; "
              "'ceiling' is NumPy's product time over that floor, the largest ratio any implementation could "
              "reach on this machine.", "",
              "| case | nd | NumPy | Eigen (fixed-size loop) | memory floor (add) | nd / NumPy | ceiling |",
              "|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["case"].startswith("batch_"):
            floor = min(r["add_floor_s"], r["numpy_add_floor_s"]) if "numpy_add_floor_s" in r else None
            ceil = f"{r['ceiling_vs_numpy']:.2f}" if "ceiling_vs_numpy" in r else "-"
            lines.append(f"| {r['case']} | {ms(r['nd_s'])} | {ms(r['numpy_s'])} | {ms(r.get('eigen_s'))} | "
                         f"{ms(floor)} | {r['nd_vs_numpy']:.2f} | {ceil} |")
    lines += ["", "## Decompositions (float64; ms)", "",
              "| case | nd (best) | nd, default threads | nd, 1 thread | NumPy (best) | NumPy, default threads | "
              "NumPy, 1 thread | nd / NumPy |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["case"].split("_")[0] in ("solve", "cholesky", "svd", "eigh"):
            lines.append(f"| {r['case']} | {ms(r['nd_s'])} | {ms(r['nd_default_threads_s'])} | {ms(r['nd_1_thread_s'])} | "
                         f"{ms(r['numpy_s'])} | {ms(r['numpy_default_threads_s'])} | "
                         f"{ms(r['numpy_1_thread_s'])} | {r['nd_vs_numpy']:.2f} |")

    def met(ok):
        return "met" if ok else "**not met**"

    mm = [r for r in rows if r["case"].startswith("matmul_")]
    big = [r for r in mm if int(r["case"].rsplit("_", 1)[1]) >= 1000]
    pct = [r["flops"] / r["nd_s"] / 1e9 / (peak["f64_all"] if "_f64_" in r["case"] else peak["f32_all"]) for r in big]
    batch = [r for r in rows if r["case"].startswith("batch_")]
    dec = [r for r in rows if r["case"].split("_")[0] in ("solve", "cholesky", "svd", "eigh")]
    lines += ["", "## Targets (issue 5), from this run", "",
              f"- matmul >= 0.97x NumPy at every size: {met(all(r['nd_vs_numpy'] >= 0.97 for r in mm))} "
              f"(min {min(r['nd_vs_numpy'] for r in mm):.2f}x).",
              f"- matmul >= 85% of the measured peak at n >= 1000: {met(all(x >= 0.85 for x in pct))} "
              f"(best {100 * max(pct, default=0):.0f}%).",
              f"- small batches >= 2x NumPy: {met(all(r['nd_vs_numpy'] >= 2 for r in batch))} ("
              + ", ".join(f"{r['case']} {r['nd_vs_numpy']:.2f}x"
                          + (f" (ceiling {r['ceiling_vs_numpy']:.2f}x)" if "ceiling_vs_numpy" in r else "")
                          for r in batch) + ").",
              f"- solve/cholesky/svd/eigh >= 0.97x NumPy: {met(all(r['nd_vs_numpy'] >= 0.97 for r in dec))} ("
              + ", ".join(f"{r['case']} {r['nd_vs_numpy']:.2f}x" for r in dec) + ").",
              "", f"Run time of the whole table: {result['seconds_total']:.0f} s"
              + (" (--quick: n <= 1000 and smaller decompositions)." if args.quick else ".")]
    with open(os.path.join(args.out, "linalg.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

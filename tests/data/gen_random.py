"""Expected values for tests/random/test_random.cpp, computed by numpy.random (the oracle).

Run: .venv/bin/python tests/data/gen_random.py   (writes tests/data/random/cases.txt)
Each line: `name|bitgen|seed|call|args|dtype|hex values` where the values are the raw
little-endian bytes of NumPy's result (C order) in hex. A case builds the bit generator from
SeedSequence(seed), optionally transforms it (see `bitgen`: PCG64, PCG64DXSM, Philox, SFC64,
MT19937, or PCG64+jumped, PCG64+advance:<delta>, Philox+advance:<delta>, PCG64+spawn:<i>,
MT19937+skipjump:<k> = k raw draws then jumped(2)),
wraps it in a Generator and makes the one call. The Python tests (python/tests/test_random.py)
compare against NumPy live; this frozen file lets the C++ suite run without Python.
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "random")


def make_bitgen(spec, seed):
    kind, _, mod = spec.partition("+")
    bg = getattr(np.random, kind)(np.random.SeedSequence(seed))
    if mod == "jumped":
        bg = bg.jumped()
    elif mod.startswith("advance:"):
        bg.advance(int(mod.split(":")[1]))
    elif mod.startswith("spawn:"):
        bg = bg.spawn(int(mod.split(":")[1]) + 1)[-1]
    elif mod.startswith("skipjump:"):
        # k raw draws (moving MT19937's position), then two jumps
        bg.random_raw(int(mod.split(":")[1]))
        bg = bg.jumped(2)
    return bg


lines = []


def case(name, bitgen, seed, call, args, fn):
    g = np.random.Generator(make_bitgen(bitgen, seed))
    out = np.ascontiguousarray(fn(g))
    lines.append(f"{name}|{bitgen}|{seed}|{call}|{args}|{out.dtype.name}|{out.tobytes().hex()}")


SEEDS = [0, 2**40 + 7]
BITGENS = ["PCG64", "PCG64DXSM", "Philox", "SFC64", "MT19937", "PCG64+jumped", "PCG64DXSM+jumped",
           "PCG64+advance:1000003", "Philox+advance:77", "Philox+jumped", "PCG64+spawn:2", "SFC64+spawn:0",
           "MT19937+jumped", "MT19937+skipjump:1", "MT19937+skipjump:1000"]

for bg in BITGENS:
    for seed in SEEDS:
        case("raw", bg, seed, "raw", "9", lambda g: g.bit_generator.random_raw(9))
        case("random", bg, seed, "random", "200", lambda g: g.random(200))
        case("random32", bg, seed, "random32", "101", lambda g: g.random(101, dtype=np.float32))
        case("normal", bg, seed, "standard_normal", "600", lambda g: g.standard_normal(600))
        case("normal32", bg, seed, "standard_normal32", "600", lambda g: g.standard_normal(600, dtype=np.float32))
        case("exp", bg, seed, "standard_exponential", "600", lambda g: g.standard_exponential(600))
        case("exp32", bg, seed, "standard_exponential32", "600",
             lambda g: g.standard_exponential(600, dtype=np.float32))
        for dt in ["int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", "bool"]:
            hi = 2 if dt == "bool" else 100
            case(f"int_{dt}", bg, seed, "integers", f"0,{hi},{dt},0,101",
                 lambda g, dt=dt, hi=hi: g.integers(0, hi, 101, dtype=dt))
        case("int_full32", bg, seed, "integers", "0,4294967295,uint32,1,100",
             lambda g: g.integers(0, 4294967295, 100, dtype=np.uint32, endpoint=True))
        case("int_big", bg, seed, "integers", "-5,1000000000000,int64,0,200",
             lambda g: g.integers(-5, 10**12, 200))

for seed in SEEDS:
    for bg in ["PCG64", "MT19937"]:
        case("uniform", bg, seed, "uniform", "-2,3,200", lambda g: g.uniform(-2, 3, 200))
        case("normal_ls", bg, seed, "normal", "1.5,2,200", lambda g: g.normal(1.5, 2, 200))
        case("exponential", bg, seed, "exponential", "2.5,200", lambda g: g.exponential(2.5, 200))
        case("lognormal", bg, seed, "lognormal", "0.5,0.75,200", lambda g: g.lognormal(0.5, 0.75, 200))
        for shape in [0.3, 1.0, 2.5, 40.0]:
            case(f"gamma{shape}", bg, seed, "gamma", f"{shape},2,200", lambda g, s=shape: g.gamma(s, 2, 200))
        case("beta_small", bg, seed, "beta", "0.5,0.7,200", lambda g: g.beta(0.5, 0.7, 200))
        case("beta", bg, seed, "beta", "2,5,200", lambda g: g.beta(2, 5, 200))
        case("chisquare", bg, seed, "chisquare", "3,200", lambda g: g.chisquare(3, 200))
        for lam in [0.5, 4.0, 25.0, 1e6]:
            case(f"poisson{lam}", bg, seed, "poisson", f"{lam},200", lambda g, l=lam: g.poisson(l, 200))
        for n, p in [(10, 0.3), (1000, 0.4), (1000, 0.97), (50, 0.9), (100000, 0.01)]:
            case(f"binomial{n}_{p}", bg, seed, "binomial", f"{n},{p},200", lambda g, n=n, p=p: g.binomial(n, p, 200))
        for p in [0.5, 0.1, 0.001]:
            case(f"geometric{p}", bg, seed, "geometric", f"{p},200", lambda g, p=p: g.geometric(p, 200))
        case("permutation", bg, seed, "permutation", "100", lambda g: g.permutation(100))
        case("choice_r", bg, seed, "choice", "1000,50,1,0", lambda g: g.choice(1000, 50))
        case("choice_nr", bg, seed, "choice", "1000,50,0,0", lambda g: g.choice(1000, 50, replace=False))
        case("choice_nr_big", bg, seed, "choice", "20000,500,0,0", lambda g: g.choice(20000, 500, replace=False))
        case("choice_p", bg, seed, "choice", "5,40,1,1", lambda g: g.choice(5, 40, p=[0.1, 0.2, 0.3, 0.15, 0.25]))
        case("choice_p_nr", bg, seed, "choice", "5,4,0,1",
             lambda g: g.choice(5, 4, replace=False, p=[0.1, 0.2, 0.3, 0.15, 0.25]))
        case("bytes", bg, seed, "bytes", "37", lambda g: np.frombuffer(g.bytes(37), dtype=np.uint8))

# SeedSequence state words: entropy words -> generate_state(8, uint32)
for ent in [0, 1, 12345, 2**32 + 5, 2**64 - 1]:
    ss = np.random.SeedSequence(ent)
    lines.append(f"seedseq|-|{ent}|state32|8|uint32|{ss.generate_state(8).tobytes().hex()}")
    child = ss.spawn(3)[2]
    lines.append(f"seedseq_child2|-|{ent}|state64|4|uint64|{child.generate_state(4, np.uint64).tobytes().hex()}")

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "cases.txt"), "w") as fh:
    fh.write("\n".join(lines) + "\n")
print(len(lines), "cases")

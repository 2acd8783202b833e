"""ndcore.random against numpy.random, live: the same seeds and calls must give the same bits."""
import numpy as np
import pytest

import ndcore
import ndcore.random as nr

SEEDS = [0, 1, 12345, 2**63 + 11, [1, 2, 3]]
KINDS = ["PCG64", "PCG64DXSM", "Philox", "SFC64", "MT19937"]


def np_gen(kind, seed):
    return np.random.Generator(getattr(np.random, kind)(seed))


def nd_gen(kind, seed):
    return nr.Generator(getattr(nr, kind)(seed))


def same(ours, theirs):
    a = np.asarray(ours)
    b = np.asarray(theirs)
    assert a.shape == b.shape
    assert a.dtype == b.dtype, (a.dtype, b.dtype)
    assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_sequence_state_words(seed):
    ours, theirs = nr.SeedSequence(seed), np.random.SeedSequence(seed)
    same(ours.generate_state(8), theirs.generate_state(8))
    same(ours.generate_state(3, np.uint64), theirs.generate_state(3, np.uint64))
    same(ours.pool, theirs.pool)
    for c1, c2 in zip(ours.spawn(3), theirs.spawn(3)):
        assert c1.spawn_key == c2.spawn_key
        same(c1.generate_state(4), c2.generate_state(4))
    assert ours.n_children_spawned == theirs.n_children_spawned == 3


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", SEEDS[:4])
def test_streams(kind, seed):
    a, b = nd_gen(kind, seed), np_gen(kind, seed)
    same(a.bit_generator.random_raw(7), b.bit_generator.random_raw(7))
    same(a.random(301), b.random(301))
    same(a.random((3, 5), dtype=np.float32), b.random((3, 5), dtype=np.float32))
    same(a.standard_normal(1001), b.standard_normal(1001))
    same(a.standard_normal(257, dtype=np.float32), b.standard_normal(257, dtype=np.float32))
    same(a.standard_exponential(999), b.standard_exponential(999))
    same(a.standard_exponential(99, dtype=np.float32), b.standard_exponential(99, dtype=np.float32))
    same(a.standard_exponential(99, method="inv"), b.standard_exponential(99, method="inv"))
    assert a.random() == b.random()
    assert a.standard_normal() == b.standard_normal()
    assert a.bit_generator.state["bit_generator"] == b.bit_generator.state["bit_generator"] == kind


@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", "bool"])
@pytest.mark.parametrize("seed", [3, 99])
def test_integers_every_dtype(dtype, seed):
    a, b = nr.default_rng(seed), np.random.default_rng(seed)
    hi = 2 if dtype == "bool" else 100
    same(a.integers(0, hi, 257, dtype=dtype), b.integers(0, hi, 257, dtype=dtype))
    same(a.integers(hi, size=(4, 5), dtype=dtype), b.integers(hi, size=(4, 5), dtype=dtype))
    same(a.integers(0, 1, 10, dtype=dtype, endpoint=True), b.integers(0, 1, 10, dtype=dtype, endpoint=True))
    info = np.iinfo(dtype) if dtype != "bool" else None
    if info is not None:
        same(a.integers(info.min, info.max, 50, dtype=dtype, endpoint=True),
             b.integers(info.min, info.max, 50, dtype=dtype, endpoint=True))
    # broadcast bounds (persistent bit buffer for the small types)
    lo = [0, 1, 0] if dtype == "bool" else [0, 5, 17]
    same(a.integers(lo, hi, (4, 3), dtype=dtype), b.integers(lo, hi, (4, 3), dtype=dtype))


def test_integers_big_bounds_and_scalar():
    a, b = nr.default_rng(7), np.random.default_rng(7)
    same(a.integers(0, 2**64, 20, dtype=np.uint64), b.integers(0, 2**64, 20, dtype=np.uint64))
    same(a.integers(-5, 10**15, 20), b.integers(-5, 10**15, 20))
    assert a.integers(10) == b.integers(10)


@pytest.mark.parametrize("seed", [0, 42])
def test_distributions(seed):
    a, b = nr.default_rng(seed), np.random.default_rng(seed)
    same(a.uniform(-1, 4, 100), b.uniform(-1, 4, 100))
    same(a.uniform([0, 1], [[2, 3], [4, 5]]), b.uniform([0, 1], [[2, 3], [4, 5]]))
    same(a.normal(3, 2, (10, 10)), b.normal(3, 2, (10, 10)))
    same(a.normal([0, 10, 100], 1, (2, 3)), b.normal([0, 10, 100], 1, (2, 3)))
    same(a.exponential(2.0, 100), b.exponential(2.0, 100))
    same(a.lognormal(0.5, 0.25, 100), b.lognormal(0.5, 0.25, 100))
    for shape in (0.2, 1.0, 3.5, 100.0):
        same(a.standard_gamma(shape, 100), b.standard_gamma(shape, 100))
        same(a.gamma(shape, 2.0, 50), b.gamma(shape, 2.0, 50))
    same(a.standard_gamma(2.5, 100, dtype=np.float32), b.standard_gamma(2.5, 100, dtype=np.float32))
    same(a.beta(0.3, 0.6, 100), b.beta(0.3, 0.6, 100))
    same(a.beta(2, 3, 100), b.beta(2, 3, 100))
    same(a.chisquare(4, 100), b.chisquare(4, 100))
    for lam in (0.0, 1.5, 9.99, 10.0, 500.0):
        same(a.poisson(lam, 100), b.poisson(lam, 100))
    for n, p in ((20, 0.2), (2000, 0.3), (2000, 0.9), (1, 0.5), (0, 0.5)):
        same(a.binomial(n, p, 100), b.binomial(n, p, 100))
    same(a.binomial([10, 100, 1000], [0.5, 0.1, 0.9]), b.binomial([10, 100, 1000], [0.5, 0.1, 0.9]))
    for p in (0.9, 0.35, 0.05, 1e-6):
        same(a.geometric(p, 100), b.geometric(p, 100))
    assert a.normal() == b.normal()
    assert a.poisson(3.0) == b.poisson(3.0)


@pytest.mark.parametrize("seed", [0, 5])
def test_permutations_and_choice(seed):
    a, b = nr.default_rng(seed), np.random.default_rng(seed)
    same(a.permutation(50), b.permutation(50))
    x = np.arange(24).reshape(4, 6)
    same(a.permutation(ndcore.asarray(x)), b.permutation(x))
    same(a.permutation(ndcore.asarray(x), axis=1), b.permutation(x, axis=1))
    ours, theirs = ndcore.asarray(np.arange(30)), np.arange(30)
    a.shuffle(ours)
    b.shuffle(theirs)
    same(ours, theirs)
    ours, theirs = ndcore.asarray(x.copy()), x.copy()
    a.shuffle(ours, axis=1)
    b.shuffle(theirs, axis=1)
    same(ours, theirs)
    same(a.permuted(ndcore.asarray(x), axis=1), b.permuted(x, axis=1))
    same(a.permuted(ndcore.asarray(x)), b.permuted(x))
    same(a.choice(100, 30), b.choice(100, 30))
    same(a.choice(100, 30, replace=False), b.choice(100, 30, replace=False))
    same(a.choice(100, 30, replace=False, shuffle=False), b.choice(100, 30, replace=False, shuffle=False))
    same(a.choice(50000, 2000, replace=False), b.choice(50000, 2000, replace=False))
    p = [0.1, 0.0, 0.4, 0.2, 0.3]
    same(a.choice(5, (3, 4), p=p), b.choice(5, (3, 4), p=p))
    same(a.choice(5, 3, replace=False, p=p), b.choice(5, 3, replace=False, p=p))
    same(a.choice(ndcore.asarray(x), 3), b.choice(x, 3))
    assert a.choice(10) == b.choice(10)
    assert a.bytes(13) == b.bytes(13)


@pytest.mark.parametrize("kind", ["PCG64", "PCG64DXSM", "Philox"])
def test_advance_jumped_spawn_state(kind):
    a, b = getattr(nr, kind)(2024), getattr(np.random, kind)(2024)
    a.advance(12345)
    b.advance(12345)
    same(nr.Generator(a).random(10), np.random.Generator(b).random(10))
    a.advance(2**130 + 3)
    b.advance(2**130 + 3)
    same(a.random_raw(5), b.random_raw(5))
    ja, jb = a.jumped(3), b.jumped(3)
    same(ja.random_raw(5), jb.random_raw(5))
    sa, sb = a.state, b.state
    assert sa["bit_generator"] == sb["bit_generator"]
    if kind == "Philox":
        same(sa["state"]["counter"], sb["state"]["counter"])
        same(sa["state"]["key"], sb["state"]["key"])
        assert sa["buffer_pos"] == sb["buffer_pos"]
    else:
        assert sa["state"] == sb["state"]
    # setting NumPy's state dict reproduces NumPy's next draws
    c = getattr(nr, kind)(0)
    c.state = b.state
    same(c.random_raw(9), b.random_raw(9))
    for ca, cb in zip(nr.default_rng(8).spawn(2), np.random.default_rng(8).spawn(2)):
        same(ca.random(5), cb.random(5))


@pytest.mark.parametrize("kind", ["SFC64", "MT19937"])
def test_state_round_trip(kind):
    b = getattr(np.random, kind)(77)
    b.random_raw(3)
    a = getattr(nr, kind)(0)
    a.state = b.state
    same(a.random_raw(700), b.random_raw(700))
    st = a.state
    same(st["state"]["key" if kind == "MT19937" else "state"], b.state["state"]["key" if kind == "MT19937" else "state"])


def test_out_and_multivariate_normal():
    a, b = nr.default_rng(11), np.random.default_rng(11)
    out = ndcore.empty((4, 5))
    a.random(out=out)
    same(out, b.random((4, 5)))
    out32 = ndcore.empty(6, dtype="float32")
    a.standard_normal(out=out32, dtype=np.float32)
    same(out32, b.standard_normal(6, dtype=np.float32))
    mean, cov = [1.0, -2.0], [[2.0, 0.3], [0.3, 1.0]]
    ours = np.asarray(a.multivariate_normal(mean, cov, 50))
    theirs = b.multivariate_normal(mean, cov, 50)
    # the normals are bit-identical; the factor comes from LAPACK's SVD, equal to rounding
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("method", ["svd", "eigh", "cholesky"])
def test_multivariate_normal_against_numpy(method):
    rng = np.random.default_rng(3)
    for trial in range(30):
        d = int(rng.integers(1, 7))
        a = rng.standard_normal((d, d))
        cov, mean = a @ a.T + 0.1 * np.eye(d), rng.standard_normal(d)
        size = [None, 5, (2, 3)][trial % 3]
        ours = np.asarray(nr.default_rng(trial).multivariate_normal(mean, cov, size, method=method))
        theirs = np.random.default_rng(trial).multivariate_normal(mean, cov, size, method=method)
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        np.testing.assert_allclose(ours, theirs, rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("method", ["svd", "eigh"])
def test_multivariate_normal_check_valid(method):
    import warnings
    mean, bad, good = [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], [[2.0, 0.5], [0.5, 1.0]]
    for gen in (nr.default_rng(1), np.random.default_rng(1)):
        with pytest.warns(RuntimeWarning, match="not symmetric positive-semidefinite"):
            gen.multivariate_normal(mean, bad, 3, method=method)
        with pytest.raises(ValueError, match="not symmetric positive-semidefinite"):
            gen.multivariate_normal(mean, bad, 3, check_valid="raise", method=method)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            gen.multivariate_normal(mean, bad, 3, check_valid="ignore", method=method)
            gen.multivariate_normal(mean, good, 3, check_valid="raise", method=method)
            gen.multivariate_normal(mean, bad, 3, check_valid="raise", tol=2.5, method=method)
        with pytest.raises(ValueError, match="check_valid must equal"):
            gen.multivariate_normal(mean, good, 3, check_valid="loud", method=method)
    for gen in (nr.default_rng(1), np.random.default_rng(1)):
        with pytest.raises(TypeError, match="must not be complex"):
            gen.multivariate_normal([0j, 0], good)
        with pytest.raises(ValueError, match="mean must be 1 dimensional"):
            gen.multivariate_normal([[0.0, 0.0]], good)
        with pytest.raises(ValueError, match="cov must be 2 dimensional and square"):
            gen.multivariate_normal(mean, [1.0, 2.0])
        with pytest.raises(ValueError, match="mean and cov must have same length"):
            gen.multivariate_normal([0.0], good)
        with pytest.raises(np.linalg.LinAlgError if isinstance(gen, np.random.Generator) else ValueError):
            gen.multivariate_normal(mean, bad, method="cholesky")


@pytest.mark.parametrize("call, exc, msg", [
    (lambda g: g.random(-1), ValueError, "negative dimensions"),
    (lambda g: g.integers(5, 5), ValueError, "low >= high"),
    (lambda g: g.integers(5, 4, endpoint=True), ValueError, "low > high"),
    (lambda g: g.integers(-1, 5, dtype=np.uint8), ValueError, "low is out of bounds for uint8"),
    (lambda g: g.integers(0, 300, dtype=np.uint8), ValueError, "high is out of bounds for uint8"),
    (lambda g: g.choice(5, 6, replace=False), ValueError, "larger sample than population"),
    (lambda g: g.choice(3, 2, p=[0.5, 0.6, 0.1]), ValueError, "do not sum to 1"),
    (lambda g: g.choice(3, 2, p=[0.5, 0.5]), ValueError, "same size"),
    (lambda g: g.choice(3, 2, p=[1.5, -0.5, 0.0]), ValueError, "non-negative"),
    (lambda g: g.normal(0, -1), ValueError, "scale < 0"),
    (lambda g: g.beta(0, 1), ValueError, "a <= 0"),
    (lambda g: g.poisson(-1), ValueError, "lam < 0"),
    (lambda g: g.binomial(5, 1.5), ValueError, "p < 0, p > 1"),
    (lambda g: g.geometric(0), ValueError, "p <= 0"),
    (lambda g: g.uniform(0, np.inf), OverflowError, "range exceeds"),
])
def test_errors_match_numpy(call, exc, msg):
    with pytest.raises(exc, match=msg):
        call(np.random.default_rng(0))
    with pytest.raises(exc, match=msg):
        call(nr.default_rng(0))


# ---------------------------------------------------------------- counter-based blocks

@pytest.mark.parametrize("dist, kw", [("uniform", {}), ("normal", {"loc": 1.0, "scale": 2.0}),
                                      ("exponential", {"scale": 3.0}), ("integers", {"low": -3, "high": 1000})])
def test_block_invariance(dist, kw):
    shape = (1000, 1000)
    whole = np.asarray(nr.block(9, shape, (0, 0), shape, dist, **kw))
    for rows, cols in [(1, 1), (2, 2), (7, 3), (40, 25)]:
        rc = np.linspace(0, 1000, rows + 1).astype(int)
        cc = np.linspace(0, 1000, cols + 1).astype(int)
        if rows == 40:  # irregular: 1000 blocks of uneven sizes
            rc[1:-1] += (np.arange(1, rows) % 3) * 5
            cc[1:-1] -= (np.arange(1, cols) % 4) * 7
        got = np.empty_like(whole)
        for i in range(rows):
            for j in range(cols):
                r0, r1, c0, c1 = rc[i], rc[i + 1], cc[j], cc[j + 1]
                got[r0:r1, c0:c1] = np.asarray(nr.block(9, shape, (r0, c0), (r1 - r0, c1 - c0), dist, **kw))
        assert got.tobytes() == whole.tobytes(), (rows, cols)


def test_block_statistics():
    n = 500_000
    u = np.asarray(nr.block(1, (n,), (0,), (n,), "uniform"))
    z = np.asarray(nr.block(1, (n,), (0,), (n,), "normal"))
    e = np.asarray(nr.block(1, (n,), (0,), (n,), "exponential"))
    k = np.asarray(nr.block(1, (n,), (0,), (n,), "integers", low=0, high=10))
    assert abs(u.mean() - 0.5) < 0.002 and abs(u.var() - 1 / 12) < 0.001
    assert abs(z.mean()) < 0.006 and abs(z.var() - 1) < 0.01
    assert abs(e.mean() - 1) < 0.006 and abs(e.var() - 1) < 0.02
    counts = np.bincount(k, minlength=10)
    chi2 = ((counts - n / 10) ** 2 / (n / 10)).sum()
    assert chi2 < 27.9  # chi-square, 9 degrees of freedom, alpha = 0.001
    # Kolmogorov–Smirnov against the exact CDFs (critical value at alpha = 0.001)
    crit = 1.95 / np.sqrt(n)
    grid = (np.arange(n) + 1) / n
    for x, cdf in ((u, lambda t: t), (e, lambda t: 1 - np.exp(-t))):
        s = np.sort(x)
        assert np.max(np.abs(cdf(s) - grid)) < crit
    from math import erf
    s = np.sort(z)[:: n // 2000]
    ks = max(abs(0.5 * (1 + erf(v / np.sqrt(2))) - (i * (n // 2000) + 1) / n) for i, v in enumerate(s))
    assert ks < crit + 1.0 / 2000


def test_block_thread_count_independent():
    shape = (800, 900)
    ndcore.set_num_threads(1) if hasattr(ndcore, "set_num_threads") else None
    one = np.asarray(nr.block(3, shape, (0, 0), shape, "normal"))
    if hasattr(ndcore, "set_num_threads"):
        ndcore.set_num_threads(2)
    two = np.asarray(nr.block(3, shape, (0, 0), shape, "normal"))
    assert one.tobytes() == two.tobytes()


@pytest.mark.parametrize("dist,kw", [("uniform", {"low": -1.0, "high": 4.0}), ("normal", {"loc": 2.0, "scale": 0.5}),
                                     ("exponential", {"scale": 3.0}), ("integers", {"low": -50, "high": 50})])
def test_generator_block_invariance(dist, kw):
    # Generator.block keys the counter-based array by the generator's seed: it equals the
    # module-level block for that seed, and a 3-d array assembled from blocks of two
    # different grids (one of them irregular) equals the array generated whole.
    g = nr.default_rng(77)
    shape = (6, 50, 37)
    whole = np.asarray(g.block(shape, (0, 0, 0), shape, dist, **kw))
    same(whole, nr.block(77, shape, (0, 0, 0), shape, dist, **kw))
    assert np.unique(whole).size >= 100  # not a constant array
    for cuts in ([(0, 3, 6), (0, 25, 50), (0, 18, 37)], [(0, 1, 2, 6), (0, 7, 8, 31, 50), (0, 1, 5, 36, 37)]):
        got = np.zeros_like(whole)
        for a0, a1 in zip(cuts[0], cuts[0][1:]):
            for b0, b1 in zip(cuts[1], cuts[1][1:]):
                for c0, c1 in zip(cuts[2], cuts[2][1:]):
                    got[a0:a1, b0:b1, c0:c1] = np.asarray(
                        g.block(shape, (a0, b0, c0), (a1 - a0, b1 - b0, c1 - c0), dist, **kw))
        same(got, whole)
    # a different seed gives a different array
    assert not np.array_equal(np.asarray(nr.default_rng(78).block(shape, (0, 0, 0), shape, dist, **kw)), whole)


def _philox4x32_10(ctr, key):
    """Philox-4x32-10 in plain Python (Salmon et al. 2011, Random123's constants)."""
    m0, m1, w0, w1, mask = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85, 0xFFFFFFFF
    c0, c1, c2, c3 = ctr
    k0, k1 = key
    for r in range(10):
        if r:
            k0, k1 = (k0 + w0) & mask, (k1 + w1) & mask
        p0, p1 = m0 * c0, m1 * c2
        c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & mask, (p0 >> 32) ^ c3 ^ k1, p0 & mask
    return c0, c1, c2, c3


def test_philox4x32_known_answers():
    assert _philox4x32_10((0, 0, 0, 0), (0, 0)) == (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)
    assert _philox4x32_10((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0)) == (
        0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)


@pytest.mark.parametrize("stream", [0, 7])
def test_block_follows_the_documented_definition(stream):
    # docs/random.md: key = SeedSequence(seed, spawn_key=(stream,)).generate_state(2, uint32),
    # element g uses 64-bit word g % 2 of Philox-4x32-10 at counter (g // 2, 0, tag, 0) here.
    # Recomputed with NumPy's SeedSequence and the Python Philox above.
    seed, off, n = 2024, 999, 64
    k0, k1 = (int(v) for v in np.random.SeedSequence(seed, spawn_key=(stream,)).generate_state(2, np.uint32))

    def word(g, tag):
        x = _philox4x32_10((g // 2, 0, tag, 0), (k0, k1))
        return x[2] | (x[3] << 32) if g % 2 else x[0] | (x[1] << 32)

    u = np.asarray(nr.block(seed, (10**6,), (off,), (n,), "uniform", stream=stream, low=-2.0, high=3.0))
    want = [-2.0 + 5.0 * ((word(off + i, 0) >> 11) * 2.0**-53) for i in range(n)]
    assert u.tolist() == want
    k = np.asarray(nr.block(seed, (10**6,), (off,), (n,), "integers", stream=stream, low=-10, high=90))
    assert k.tolist() == [-10 + ((word(off + i, 3) * 100) >> 64) for i in range(n)]
    e = np.asarray(nr.block(seed, (10**6,), (off,), (n,), "exponential", stream=stream, scale=2.0))
    ref = [-2.0 * np.log(((word(off + i, 2) >> 11) + 1) * 2.0**-53) for i in range(n)]
    np.testing.assert_allclose(e, ref, rtol=8 * 2.0**-52)
    z = np.asarray(nr.block(seed, (10**6,), (off - 1,), (n,), "normal", stream=stream))  # starts on a pair
    ref, radii = [], []
    for i in range(0, n, 2):
        g = off - 1 + i
        radius = np.sqrt(-2 * np.log(((word(g, 1) >> 11) + 1) * 2.0**-53))
        angle = 2 * np.pi * ((word(g + 1, 1) >> 11) * 2.0**-53)
        ref += [radius * np.cos(angle), radius * np.sin(angle)]
        radii += [radius, radius]
    # both sides are a few ulps of the radius from the exact value (2 pi t rounds here)
    assert np.all(np.abs(z - np.array(ref)) <= 16 * 2.0**-52 * np.array(radii))


@pytest.mark.parametrize("n", [0, 1, 2, 10, 1000])
def test_shuffle_list_in_place(n):
    a, b = nr.default_rng(5), np.random.default_rng(5)
    ours, theirs = [f"item{i}" for i in range(n)], [f"item{i}" for i in range(n)]
    alias = ours
    assert a.shuffle(ours) is None
    b.shuffle(theirs)
    assert alias is ours and ours == theirs
    # the stream stays in step with NumPy's afterwards
    same(a.random(3), b.random(3))


def test_shuffle_sequence_errors_and_numpy_rows():
    a, b = nr.default_rng(6), np.random.default_rng(6)
    with pytest.raises(NotImplementedError, match="Axis argument"):
        a.shuffle([1, 2, 3], axis=1)
    with pytest.raises(NotImplementedError, match="Axis argument"):
        b.shuffle([1, 2, 3], axis=1)
    # a NumPy array is a sequence of rows to ndcore: shuffled in place like NumPy does it
    x, y = np.arange(20).reshape(10, 2), np.arange(20).reshape(10, 2)
    a.shuffle(x)
    b.shuffle(y)
    same(x, y)


@pytest.mark.parametrize("draws", [0, 1, 623, 624, 1000, 5000])
@pytest.mark.parametrize("jumps", [1, 2])
def test_mt19937_jumped(draws, jumps):
    a, b = nr.MT19937(2024), np.random.MT19937(2024)
    a.random_raw(draws)
    b.random_raw(draws)
    ja, jb = a.jumped(jumps), b.jumped(jumps)
    sa, sb = ja.state, jb.state
    same(sa["state"]["key"], sb["state"]["key"])
    assert sa["state"]["pos"] == sb["state"]["pos"]
    same(ja.random_raw(1500), jb.random_raw(1500))
    same(nr.Generator(ja).standard_normal(50), np.random.Generator(jb).standard_normal(50))
    # the original is untouched
    same(a.random_raw(5), b.random_raw(5))


@pytest.mark.parametrize("variant", ["avx2", "scalar"])
def test_block_same_bits_with_every_philox_variant(variant):
    # ND_RANDOM_PHILOX caps the Philox code path (AVX-512 -> AVX2 -> scalar) when the library
    # loads; a fresh interpreter with the cap must produce the same bytes as this process.
    import hashlib
    import os
    import subprocess
    import sys
    code = ("import hashlib, numpy as np, ndcore.random as nr\n"
            "h = hashlib.sha256()\n"
            "for d in ('uniform', 'normal', 'exponential', 'integers'):\n"
            "    h.update(np.asarray(nr.block(31, (5000, 301), (17, 3), (4000, 290), d, stream=2)).tobytes())\n"
            "print(h.hexdigest())\n")
    h = hashlib.sha256()
    for d in ("uniform", "normal", "exponential", "integers"):
        h.update(np.asarray(nr.block(31, (5000, 301), (17, 3), (4000, 290), d, stream=2)).tobytes())
    env = dict(os.environ, ND_RANDOM_PHILOX=variant)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == h.hexdigest()

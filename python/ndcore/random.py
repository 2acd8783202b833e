"""ndcore.random: numpy.random's Generator API on nd::random (see docs/random.md).

Two modes:

- NumPy-identical streams. ``default_rng(seed)``, ``SeedSequence`` and the bit generators
  ``PCG64``, ``PCG64DXSM``, ``Philox``, ``SFC64``, ``MT19937`` give bit for bit the numbers of
  ``numpy.random`` for the same seed and the same calls in the same order.
- Counter-based blocks. ``block(seed, global_shape, offset, block_shape, dist=...)`` returns
  any block of a logically huge random array; element (i, j, ...) is the same whichever
  block computes it (Philox keyed by the seed, counter from the global index).

Results are ``ndcore.ndarray``; with ``size=None`` and scalar parameters a Python scalar.
"""
import collections.abc
import operator
import secrets
import warnings

from . import _core

_r = _core._random

__all__ = ["SeedSequence", "BitGenerator", "PCG64", "PCG64DXSM", "Philox", "SFC64", "MT19937", "Generator",
           "default_rng", "block"]

_U64 = (1 << 64) - 1


def _words(value, what):
    """NumPy's coercion of a non-negative int (or a sequence of them) to 32-bit words."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "__len__") and not isinstance(value, (str, bytes))):
        out = []
        for v in value:
            out.extend(_words(v, what))
        return out
    try:
        v = operator.index(value)
    except TypeError:
        raise TypeError(f"SeedSequence expects int or sequence of ints for {what}. Got {value!r}") from None
    if v < 0:
        raise ValueError(f"expected non-negative integer for {what}, got {v}")
    if v == 0:
        return [0]
    out = []
    while v:
        out.append(v & 0xFFFFFFFF)
        v >>= 32
    return out


class SeedSequence:
    """numpy.random.SeedSequence: entropy and a spawn key hashed into state words."""

    def __init__(self, entropy=None, *, spawn_key=(), pool_size=4, n_children_spawned=0):
        if entropy is None:
            entropy = secrets.randbits(128)
        self.entropy = entropy
        self.spawn_key = tuple(operator.index(k) for k in spawn_key)
        for k in self.spawn_key:
            if k < 0 or k > _U64:
                raise ValueError(f"spawn_key entries must be in [0, 2**64), got {k}")
        self.pool_size = int(pool_size)
        self.n_children_spawned = int(n_children_spawned)
        self._cpp = _r.SeedSequence(_words(entropy, "entropy"), list(self.spawn_key), self.pool_size,
                                    self.n_children_spawned)

    @property
    def pool(self):
        return self._cpp.pool

    @property
    def state(self):
        return {"entropy": self.entropy, "spawn_key": self.spawn_key, "pool_size": self.pool_size,
                "n_children_spawned": self.n_children_spawned}

    def generate_state(self, n_words, dtype="uint32"):
        name = getattr(dtype, "__name__", None) or str(dtype)
        name = {"<class 'numpy.uint32'>": "uint32", "<class 'numpy.uint64'>": "uint64"}.get(name, name)
        if name in ("uint32", "u4", "<u4", "I"):
            return self._cpp.generate_state32(int(n_words))
        if name in ("uint64", "u8", "<u8", "L"):
            return self._cpp.generate_state64(int(n_words))
        raise ValueError("only support uint32 or uint64")

    def spawn(self, n_children):
        if n_children < 0:
            raise ValueError("n_children must be non-negative")
        out = [SeedSequence(self.entropy, spawn_key=self.spawn_key + (self.n_children_spawned + i,),
                            pool_size=self.pool_size) for i in range(n_children)]
        self.n_children_spawned += n_children
        self._cpp = _r.SeedSequence(_words(self.entropy, "entropy"), list(self.spawn_key), self.pool_size,
                                    self.n_children_spawned)
        return out

    def __repr__(self):
        return f"SeedSequence(entropy={self.entropy!r})"


class BitGenerator:
    """Base of the bit generators: seeding from a SeedSequence, state dicts, raw draws."""

    _kind = None

    def __init__(self, seed=None):
        if isinstance(seed, SeedSequence):
            self._seed_seq = seed
        else:
            self._seed_seq = SeedSequence(seed)
        self._bg = _r.make_bitgen(self._kind, self._seed_seq._cpp)

    @property
    def seed_seq(self):
        return self._seed_seq

    @property
    def state(self):
        return self._bg.get_state()

    @state.setter
    def state(self, value):
        if not isinstance(value, dict):
            raise TypeError("state must be a dict")
        self._bg.set_state(value)

    def random_raw(self, size=None, output=True):
        n = 1 if size is None else _count(size)
        out = self._bg.random_raw(n)
        if not output:
            return None
        if size is None:
            return out.item()
        return out.reshape(_shape(size))

    def spawn(self, n_children):
        return [type(self)(s) for s in self._seed_seq.spawn(n_children)]

    def _copy_with(self, bg):
        new = object.__new__(type(self))
        new._seed_seq = SeedSequence()
        new._bg = bg
        return new

    def __repr__(self):
        return f"{type(self).__name__}"


class _Advanceable(BitGenerator):
    def advance(self, delta):
        self._bg.advance(int(delta))
        return self

    def jumped(self, jumps=1):
        if jumps < 0:
            raise ValueError("jumps must be non-negative")
        return self._copy_with(self._bg.jumped(int(jumps)))


class PCG64(_Advanceable):
    _kind = "PCG64"


class PCG64DXSM(_Advanceable):
    _kind = "PCG64DXSM"


class Philox(_Advanceable):
    _kind = "Philox"

    def __init__(self, seed=None, counter=None, key=None):
        if seed is not None and key is not None:
            raise ValueError("seed and key cannot be both used")
        super().__init__(seed)
        if key is not None or counter is not None:
            st = self.state
            if key is not None:
                k = operator.index(key) if not hasattr(key, "__len__") else None
                st["state"]["key"] = [(k >> (64 * i)) & _U64 for i in range(2)] if k is not None else list(key)
            if counter is not None:
                c = operator.index(counter) if not hasattr(counter, "__len__") else None
                st["state"]["counter"] = [(c >> (64 * i)) & _U64 for i in range(4)] if c is not None else list(counter)
            st["buffer_pos"] = 4
            self.state = st


class SFC64(BitGenerator):
    _kind = "SFC64"


class MT19937(BitGenerator):
    _kind = "MT19937"

    def jumped(self, jumps=1):
        # as NumPy: the state moved 2**128 * jumps words on; jumps <= 0 gives a plain copy
        return self._copy_with(self._bg.jumped(max(0, operator.index(jumps))))


def _shape(size):
    if isinstance(size, (tuple, list)):
        return tuple(operator.index(s) for s in size)
    return (operator.index(size),)


def _count(size):
    n = 1
    for s in _shape(size):
        n *= s
    return n


def _size_arg(size):
    if size is None:
        return None
    shape = _shape(size)
    for s in shape:
        if s < 0:
            raise ValueError("negative dimensions are not allowed")
    return shape


def _is_scalar(*params):
    return all(getattr(p, "ndim", None) == 0 or not hasattr(p, "__len__") and not hasattr(p, "shape")
               for p in params)


def _ret(out, size, *params):
    if size is None and out.ndim == 0:
        return out.item()
    return out


def _dtype_name(dtype):
    if dtype is None:
        return "float64"
    if dtype is float:
        return "float64"
    if dtype is int:
        return "int64"
    if dtype is bool:
        return "bool"
    name = getattr(dtype, "name", None) or getattr(dtype, "__name__", None) or str(dtype)
    return {"f8": "float64", "f4": "float32", "d": "float64", "f": "float32", "double": "float64",
            "single": "float32", "i8": "int64", "i4": "int32", "u8": "uint64", "u4": "uint32", "bool_": "bool"}.get(
        name, name)


class Generator:
    """numpy.random.Generator over one of the bit generators above."""

    def __init__(self, bit_generator):
        if not isinstance(bit_generator, BitGenerator):
            raise TypeError("Generator needs an ndcore.random bit generator")
        self._bit_generator = bit_generator
        self._g = _r.Generator(bit_generator._bg)

    @property
    def bit_generator(self):
        return self._bit_generator

    def spawn(self, n_children):
        return [Generator(bg) for bg in self._bit_generator.spawn(n_children)]

    def __repr__(self):
        return f"Generator({type(self._bit_generator).__name__})"

    # -- uniform floats, normals, exponentials
    def random(self, size=None, dtype="float64", out=None):
        dt = _dtype_name(dtype)
        if dt not in ("float64", "float32"):
            raise TypeError(f"Unsupported dtype {dt!r} for random")
        if out is not None:
            self._g.random_into(out)
            return out
        res = self._g.random(() if size is None else _size_arg(size), dt)
        return res.item() if size is None else res

    def standard_normal(self, size=None, dtype="float64", out=None):
        dt = _dtype_name(dtype)
        if dt not in ("float64", "float32"):
            raise TypeError(f"Unsupported dtype {dt!r} for standard_normal")
        if out is not None:
            self._g.standard_normal_into(out)
            return out
        res = self._g.standard_normal(() if size is None else _size_arg(size), dt)
        return res.item() if size is None else res

    def standard_exponential(self, size=None, dtype="float64", method="zig", out=None):
        dt = _dtype_name(dtype)
        if dt not in ("float64", "float32"):
            raise TypeError(f"Unsupported dtype {dt!r} for standard_exponential")
        if method not in ("zig", "inv"):
            raise ValueError("method must be either 'inv' or 'zig'")
        if out is not None:
            self._g.standard_exponential_into(out, method == "inv")
            return out
        res = self._g.standard_exponential(() if size is None else _size_arg(size), dt, method == "inv")
        return res.item() if size is None else res

    def integers(self, low, high=None, size=None, dtype="int64", endpoint=False):
        if high is None:
            low, high = 0, low
        dt = _dtype_name(dtype)
        if isinstance(high, int) and not isinstance(high, bool) and not endpoint and high > _U64:
            # Python ints stay exact: fold the open bound into a closed one (2**64 fits then).
            high, endpoint = high - 1, True
        low, high = _int_bound(low, dt, "low"), _int_bound(high, dt, "high")
        return _ret(self._g.integers(low, high, _size_arg(size), dt, endpoint), size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return _ret(self._g.uniform(low, high, _size_arg(size)), size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return _ret(self._g.normal(loc, scale, _size_arg(size)), size)

    def exponential(self, scale=1.0, size=None):
        return _ret(self._g.exponential(scale, _size_arg(size)), size)

    def lognormal(self, mean=0.0, sigma=1.0, size=None):
        return _ret(self._g.lognormal(mean, sigma, _size_arg(size)), size)

    def standard_gamma(self, shape, size=None, dtype="float64", out=None):
        res = self._g.standard_gamma(shape, _size_arg(size), _dtype_name(dtype))
        if out is not None:
            out[...] = res
            return out
        return _ret(res, size)

    def gamma(self, shape, scale=1.0, size=None):
        return _ret(self._g.gamma(shape, scale, _size_arg(size)), size)

    def beta(self, a, b, size=None):
        return _ret(self._g.beta(a, b, _size_arg(size)), size)

    def chisquare(self, df, size=None):
        return _ret(self._g.chisquare(df, _size_arg(size)), size)

    def poisson(self, lam=1.0, size=None):
        return _ret(self._g.poisson(lam, _size_arg(size)), size)

    def binomial(self, n, p, size=None):
        return _ret(self._g.binomial(n, p, _size_arg(size)), size)

    def geometric(self, p, size=None):
        return _ret(self._g.geometric(p, _size_arg(size)), size)

    # -- permutations, choice, bytes
    def shuffle(self, x, axis=0):
        if isinstance(x, _core.ndarray):
            self._g.shuffle(x, int(axis))
            return
        # NumPy's untyped path (lists and other mutable sequences), in place along the first
        # axis. Its swaps draw the same words as permutation(len(x)), so that permutation,
        # applied to a snapshot of the items, leaves x exactly as NumPy's swaps would.
        if not isinstance(x, collections.abc.Sequence) and not hasattr(x, "__array_interface__"):
            warnings.warn(f"you are shuffling a '{type(x).__name__}' object which is not a subclass of "
                          "'Sequence'; `shuffle` is not guaranteed to behave correctly. E.g., non-numpy "
                          "array/tensor objects with view semantics may contain duplicates after shuffling.",
                          UserWarning, stacklevel=2)
        if axis != 0:
            raise NotImplementedError("Axis argument is only supported on ndarray objects")
        n = len(x)
        if n < 2:
            return
        order = self._g.permutation_n(n).tolist()
        if isinstance(x, list):
            x[:] = [x[k] for k in order]
            return
        snapshot = x.copy() if hasattr(x, "copy") else list(x)
        for i, k in enumerate(order):
            x[i] = snapshot[k]

    def permutation(self, x, axis=0):
        if isinstance(x, int) or (hasattr(x, "__index__") and not hasattr(x, "shape")):
            return self._g.permutation_n(operator.index(x))
        return self._g.permutation(x, int(axis))

    def permuted(self, x, *, axis=None, out=None):
        res = self._g.permuted(x, axis)
        if out is not None:
            out[...] = res
            return out
        return res

    def choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True):
        from . import asarray, take
        if isinstance(a, int) or (hasattr(a, "__index__") and not hasattr(a, "shape")):
            pop = operator.index(a)
            arr = None
            if pop < 0:
                raise ValueError("a must be a positive integer unless no samples are taken")
        else:
            arr = asarray(a)
            if arr.ndim == 0:
                raise ValueError("a must be a sequence or an integer, not 0-d array")
            pop = arr.shape[axis]
        shape = () if size is None else _size_arg(size)
        if pop == 0 and _count(shape) != 0:
            raise ValueError("a cannot be empty unless no samples are taken")
        idx = self._g.choice_indices(pop, shape, bool(replace), p, bool(shuffle))
        if arr is None:
            return idx.item() if size is None else idx
        if size is None:
            return take(arr, idx.item(), axis=axis)
        return take(arr, idx, axis=axis)

    def bytes(self, length):
        return self._g.bytes(operator.index(length))

    def multivariate_normal(self, mean, cov, size=None, check_valid="warn", tol=1e-8, *, method="svd"):
        shape = () if size is None else _size_arg(size)
        x, not_psd = self._g.multivariate_normal(mean, cov, shape, method, str(check_valid), float(tol))
        if not_psd:
            warnings.warn("covariance is not symmetric positive-semidefinite.", RuntimeWarning, stacklevel=2)
        return x

    # -- counter-based blocks
    def block(self, global_shape, offset, block_shape, dist="uniform", **params):
        """A block of a counter-based array seeded by this generator's seed (see ndcore.random.block)."""
        ent = self._bit_generator.seed_seq.entropy
        seed = ent if isinstance(ent, int) else _words(ent, "entropy")[0]
        return block(seed & _U64, global_shape, offset, block_shape, dist=dist, **params)


def _int_bound(v, dt, which):
    if isinstance(v, bool) or not isinstance(v, int):
        return v
    if v < -(1 << 63) or v > _U64:
        raise ValueError(f"{which} is out of bounds for {dt}")
    if v > (1 << 63) - 1:
        from . import asarray
        return asarray([v], dtype="uint64").reshape(())
    return v


def default_rng(seed=None):
    """A Generator over PCG64(seed), as numpy.random.default_rng."""
    if isinstance(seed, Generator):
        return seed
    if isinstance(seed, BitGenerator):
        return Generator(seed)
    return Generator(PCG64(seed))


def block(seed, global_shape, offset, block_shape, dist="uniform", *, stream=0, low=0.0, high=1.0, loc=0.0,
          scale=1.0):
    """The block at `offset` (shape `block_shape`) of a counter-based random array of shape
    `global_shape`. Element values depend only on (seed, stream, global index), never on the
    block grid or the number of threads. dist: 'uniform' [low, high), 'normal' (loc, scale),
    'exponential' (scale) or 'integers' [low, high) (int64)."""
    if dist == "normal":
        a, b = float(loc), float(scale)
    elif dist == "exponential":
        a, b = 0.0, float(scale)
    else:
        a, b = float(low), float(high)
    il, ih = (int(low), int(high)) if dist == "integers" else (0, 2)
    return _r.block(operator.index(seed) & _U64, int(stream), _shape(global_shape), _shape(offset),
                    _shape(block_shape), dist, a, b, il, ih)

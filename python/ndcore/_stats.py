"""Order statistics and histograms with NumPy's signatures, written in Python over the C++
kernels: median / quantile / percentile and their NaN-ignoring forms over one axis, several
axes or all, and histogram (weights, string bin rules), histogram_bin_edges, histogram2d and
histogramdd. The histogram counting itself is nd's kernel (nd::histogram)."""
import builtins
import math
import operator

from . import _core
from ._ufuncs import _normalize_axes
from ._functions import (
    asarray, bincount, concatenate, expand_dims, mean, moveaxis, nanmean, searchsorted, sort, std,
    stack, take_along_axis, where, zeros,
)

_uf = _core._ufuncs

__all__ = [
    "median", "nanmedian", "quantile", "percentile", "nanquantile", "nanpercentile",
    "histogram", "histogram_bin_edges", "histogram2d", "histogramdd",
]


# ---- the axis handling shared by the order statistics (NumPy's _ureduce) ----


def _ureduce(a, func, axis, out, keepdims, weights=None):
    """Runs func(a, axis) -> (leading extra dims +) reduced shape, over one axis, several
    axes (moved to the end and merged) or all of them (flattened); then keepdims and out.
    `func` may put extra leading dims (quantiles' q) in front. `weights` (a's shape) are
    reshaped alongside and passed as func(a, weights, axis)."""
    a = asarray(a)
    nd = a.ndim
    if axis is None:
        axes = tuple(range(nd))
        ax = 0

        def shape_like(x):
            return x.reshape(-1)
    else:
        axes = _normalize_axes(axis, nd)
        if len(axes) == 1:
            ax = axes[0]

            def shape_like(x):
                return x
        else:
            keep = [i for i in range(nd) if i not in axes]
            ax = -1

            def shape_like(x):
                moved = moveaxis(x, keep, list(range(len(keep)))) if keep else x
                return moved.reshape(moved.shape[: len(keep)] + (-1,))
    if weights is None:
        r = func(shape_like(a), ax)
    else:
        r = func(shape_like(a), shape_like(weights), ax)
    if keepdims:
        index = tuple(None if i in axes else slice(None) for i in range(nd))
        r = r[(Ellipsis,) + index]
    if out is not None:
        out[...] = r
        return out
    return r


# ---- median ----


def _median_axis(a, axis):
    n = a.shape[axis]
    s = sort(a, axis=axis)
    if n == 0:
        return mean(s, axis=axis)
    mid = _core.take(s, [(n - 1) // 2, n // 2], axis)
    res = mean(mid, axis=axis)
    if s.dtype.kind in "fc":
        # NaN sorts last: a slice holding one has a NaN median (as NumPy's).
        last = _core.take(s, n - 1, axis)
        res = where(_uf["isnan"](last), float("nan"), res).astype(res.dtype, copy=False)
    return res


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """np.median: over one axis, a tuple of axes or all; NaN where a slice holds NaN."""
    return _ureduce(a, _median_axis, axis, out, keepdims)


def _nanmedian_axis(a, axis):
    if a.dtype.kind not in "fc":
        return _median_axis(a, axis)
    s = moveaxis(sort(a, axis=axis), axis, 0)
    k = _core._reduce("sum", _uf["logical_not"](_uf["isnan"](s)), 0, "i8", None, False, None, True)
    lo = expand_dims(_uf["maximum"]((k - 1) // 2, 0), 0)
    hi = expand_dims(_uf["maximum"](k // 2, 0), 0)
    if s.shape[0] == 0:
        return nanmean(s, axis=0)
    pair = concatenate([take_along_axis(s, lo, 0), take_along_axis(s, hi, 0)], axis=0)
    res = mean(pair, axis=0)
    return where(k == 0, float("nan"), res).astype(res.dtype, copy=False)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """np.nanmedian: the median of the non-NaN values; NaN (no warning) for all-NaN slices."""
    a = asarray(a)
    if a.size == 0:
        return nanmean(a, axis, out=out, keepdims=keepdims)
    return _ureduce(a, _nanmedian_axis, axis, out, keepdims)


# ---- quantiles ----

# Continuous methods of Hyndman & Fan: virtual index n*q + alpha + q*(1 - alpha - beta) - 1.
_ALPHA_BETA = {
    "interpolated_inverted_cdf": (0, 1),
    "hazen": (0.5, 0.5),
    "weibull": (0, 0),
    "median_unbiased": (1 / 3.0, 1 / 3.0),
    "normal_unbiased": (3 / 8.0, 3 / 8.0),
}
_METHODS = ("inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen",
            "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest")
_DISCRETE = ("inverted_cdf", "closest_observation", "lower", "higher", "nearest")


def _floor(x):
    return _uf["floor"](x)


def _discrete_index(index, take_previous):
    """inverted_cdf / closest_observation: floor(index) where take_previous(gamma, index)
    holds, else floor(index) + 1; negative indices become 0."""
    previous = _floor(index)
    gamma = index - previous
    res = where(take_previous(gamma, index), previous, previous + 1).astype("i8")
    return _uf["maximum"](res, 0)


def _virtual_index(method, n, q):
    """NumPy's virtual index of each quantile for slices of n valid values (n: int or array)."""
    if method == "linear":
        return (n - 1) * q
    if method in _ALPHA_BETA:
        alpha, beta = _ALPHA_BETA[method]
        return n * q + (alpha + q * (1 - alpha - beta)) - 1
    if method == "averaged_inverted_cdf":
        return (n * q) - 1
    if method == "midpoint":
        v = (n - 1) * q
        return 0.5 * (_floor(v) + _uf["ceil"](v))
    if method == "lower":
        return _floor((n - 1) * q).astype("i8")
    if method == "higher":
        return _uf["ceil"]((n - 1) * q).astype("i8")
    if method == "nearest":
        return _core.round((n - 1) * q, 0, None).astype("i8")
    if method == "inverted_cdf":
        return _discrete_index((n * q) - 1, lambda g, i: g == 0)
    if method == "closest_observation":
        return _discrete_index((n * q) - 1 - 0.5, lambda g, i: (g == 0) & (_floor(i) % 2 == 1))
    raise ValueError(f"{method!r} is not a valid method. Use one of: {_METHODS}")


def _gather(s, idx):
    """s[idx[..., r], r] along axis 0 of s for index arrays shaped q.shape + s.shape[1:]."""
    rest = s.shape[1:]
    flat = idx.reshape((-1,) + rest) if idx.ndim > len(rest) else idx.reshape((1,) + rest)
    flat = _core._broadcast_to(flat, flat.shape[:1] + rest).astype("i8") if rest else flat.astype("i8")
    got = take_along_axis(s, flat, 0)
    return got.reshape(idx.shape)


def _quantile_sorted(s, k, q, method, weak_q, nan_mode):
    """Quantiles of s (sorted along axis 0, NaN last) whose slices hold k valid values (an int
    or an array shaped s.shape[1:]); result shaped q.shape + s.shape[1:]."""
    rest = s.shape[1:]
    qb = q.reshape(q.shape + (1,) * len(rest)) if rest else q
    kb = k
    if isinstance(k, _core.ndarray):
        kb = k.reshape((1,) * q.ndim + rest)
    if method == "linear" and q.dtype.kind in "iub":
        virtual = ((kb - 1) * qb).astype("i8")  # integer quantiles: exact positions, s's dtype kept
        discrete = True
    else:
        virtual = _virtual_index(method, kb, qb)
        discrete = method in _DISCRETE
    shape = q.shape + rest
    last = kb - 1
    if discrete:
        idx = _core._broadcast_to(_uf["minimum"](virtual, _uf["maximum"](last, 0)), shape)
        result = _gather(s, idx)
    else:
        virtual = _core._broadcast_to(virtual, shape)
        previous = _floor(virtual)
        gamma = virtual - previous
        if method == "averaged_inverted_cdf":
            gamma = where(gamma == 0, 0.5, 1.0).astype(virtual.dtype)
        elif method == "midpoint":
            gamma = where(virtual % 1 == 0, 0.0, 0.5).astype(virtual.dtype)
        above = virtual >= last
        below = virtual < 0
        lastb = _core._broadcast_to(asarray(_uf["maximum"](last, 0)), shape).astype("i8")
        prev_i = where(above, lastb, where(below, 0, previous)).astype("i8")
        next_i = where(above, lastb, where(below, 0, previous + 1)).astype("i8")
        prev_i = where(_uf["isnan"](virtual), lastb, prev_i).astype("i8")
        next_i = where(_uf["isnan"](virtual), lastb, next_i).astype("i8")
        a, b = _gather(s, prev_i), _gather(s, next_i)
        if weak_q and s.dtype.kind == "f":
            # NumPy's gamma is then a Python float: a weak scalar in s's float dtype.
            t, one_minus_t = gamma.astype(s.dtype), (1 - gamma).astype(s.dtype)
        else:
            t, one_minus_t = gamma, 1 - gamma
        diff = b - a
        low = a + diff * t
        high = b - diff * one_minus_t
        result = where(gamma >= 0.5, high, low).astype(low.dtype, copy=False)
    if s.dtype.kind == "f" and s.shape[0] > 0:
        if nan_mode:
            result = where(kb == 0, float("nan"), result).astype(result.dtype, copy=False)
        else:
            tail = s[-1]
            result = where(_uf["isnan"](tail), tail, result).astype(result.dtype, copy=False)
    return result


def _check_q(q, hi, what):
    if q.size and (not builtins.bool((q >= 0).all()) or not builtins.bool((q <= hi).all())):
        raise ValueError(f"{what} must be in the range [0, {hi}]")


def _check_weights(a, weights, axis, method):
    """NumPy's weights rules: inverted_cdf only, a's shape or the shape of the reduced axes,
    non-negative. Returns the weights broadcast to a's shape."""
    if method != "inverted_cdf":
        raise ValueError(f"Only method 'inverted_cdf' supports weights. Got: {method}.")
    w = asarray(weights)
    if w.shape != a.shape:
        if axis is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        axes = _normalize_axes(axis, a.ndim)
        if w.shape != tuple(a.shape[ax] for ax in axes):
            raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
        w = w.transpose(tuple(sorted(range(len(axes)), key=lambda i: axes[i])))
        w = w.reshape(tuple(s if ax in axes else 1 for ax, s in enumerate(a.shape)))
    if w.size and builtins.bool((w < 0).any()):
        raise ValueError("Weights must be non-negative.")
    return _core._broadcast_to(w, a.shape)


def _weighted_quantile(x, w, ax, q, nan_mode):
    """inverted_cdf with weights, slice by slice (as NumPy): the smallest value whose
    normalised cumulative weight reaches q."""
    from ._extras import ndindex
    from ._functions import argsort, cumsum, empty, take

    xm, wm = moveaxis(x, ax, 0), moveaxis(w, ax, 0)
    rest = xm.shape[1:]
    out = empty(q.shape + rest, x.dtype)
    for idx in ndindex(rest):
        col, wc = xm[(slice(None),) + idx], wm[(slice(None),) + idx]
        if nan_mode and col.dtype.kind == "f":
            keep = _uf["logical_not"](_uf["isnan"](col))
            col, wc = col[keep], wc[keep]
            if col.size == 0:
                out[(Ellipsis,) + idx] = float("nan")
                continue
        order = argsort(col, kind="stable")
        sa, sw = take(col, order), take(wc, order)
        cdf = cumsum(sw, dtype="f8")
        cdf = cdf / cdf[-1]
        if builtins.bool(_uf["isnan"](cdf[-1])):
            raise ValueError("Weights included NaN, inf or were all zero.")
        if q.dtype.kind == "f":
            cdf = cdf.astype(q.dtype)
        if builtins.bool(cdf[0] == 0):
            cdf[cdf == 0] = -1
        i = _uf["minimum"](searchsorted(cdf, q, side="left"), sa.size - 1)
        val = take(sa, i)
        if sa.dtype.kind == "f" and builtins.bool(_uf["isnan"](sa[-1])):
            val = _core.full(q.shape, float("nan"), sa.dtype)
        out[(Ellipsis,) + idx] = val
    return out


def _quantile_impl(a, q, axis, out, method, keepdims, weights, weak_q, nan_mode):
    a = asarray(a)
    if a.dtype.kind == "c":
        raise TypeError("a must be an array of real numbers")
    if method not in _METHODS:
        raise ValueError(f"{method!r} is not a valid method. Use one of: {_METHODS}")
    if weights is not None:
        w = _check_weights(a, weights, axis, method)
    if nan_mode and a.size == 0:
        return nanmean(a, axis, out=out, keepdims=keepdims)
    if weights is not None:
        return _ureduce(a, lambda x, wx, ax: _weighted_quantile(x, wx, ax, q, nan_mode), axis, out, keepdims, w)

    def one_axis(x, ax):
        s = moveaxis(sort(x, axis=ax), ax, 0)
        if nan_mode and s.dtype.kind == "f":
            k = _core._reduce("sum", _uf["logical_not"](_uf["isnan"](s)), 0, "i8", None, False, None, True)
        else:
            k = s.shape[0]
        return _quantile_sorted(s, k, q, method, weak_q, nan_mode)

    return _ureduce(a, one_axis, axis, out, keepdims)


def _q_arg(q, percent):
    """(q as a fraction array, whether it was a plain Python number), validated in [0, 1]."""
    weak_q = type(q) in (int, float)
    q = _uf["divide"](asarray(q), 100) if percent else asarray(q)
    _check_q(q, 1, "Percentiles" if percent else "Quantiles")
    return q, weak_q


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
             weights=None, interpolation=None):
    """np.quantile with all 13 methods, over one axis, several axes or all."""
    q, weak_q = _q_arg(q, False)
    return _quantile_impl(a, q, axis, out, interpolation or method, keepdims, weights, weak_q, False)


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
               weights=None, interpolation=None):
    """np.percentile: quantile(a, q / 100)."""
    q, weak_q = _q_arg(q, True)
    return _quantile_impl(a, q, axis, out, interpolation or method, keepdims, weights, weak_q, False)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
                weights=None, interpolation=None):
    """np.nanquantile: quantiles of the non-NaN values; NaN (no warning) for all-NaN slices."""
    q, weak_q = _q_arg(q, False)
    return _quantile_impl(a, q, axis, out, interpolation or method, keepdims, weights, weak_q, True)


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
                  weights=None, interpolation=None):
    """np.nanpercentile: nanquantile(a, q / 100)."""
    q, weak_q = _q_arg(q, True)
    return _quantile_impl(a, q, axis, out, interpolation or method, keepdims, weights, weak_q, True)


# ---- histograms ----


def _ptp(x):
    """max - min as NumPy's histogram takes it: exact (unsigned) for integers, in the data's
    dtype for floats."""
    hi, lo = x.max(), x.min()
    if x.dtype.kind in "iub":
        return int(hi) - int(lo)
    return float(hi - lo)


def _width_sqrt(x, rng):
    return _ptp(x) / math.sqrt(x.size)


def _width_sturges(x, rng):
    return _ptp(x) / (math.log2(x.size) + 1.0)


def _width_rice(x, rng):
    return _ptp(x) / (2.0 * x.size ** (1.0 / 3))


def _width_scott(x, rng):
    return (24.0 * math.pi ** 0.5 / x.size) ** (1.0 / 3.0) * float(std(x))


def _width_stone(x, rng):
    n = x.size
    ptp_x = _ptp(x)
    if n <= 1 or ptp_x == 0:
        return 0
    rng = (float(rng[0]), float(rng[1]))
    best, best_j = 1, None
    upper = builtins.max(100, int(math.sqrt(n)))
    for nbins in range(1, upper + 1):
        hh = ptp_x / nbins
        p = _core.histogram(x, nbins, rng, False, None)[0] / n
        j = (2 - (n + 1) * float(_core._dot(p, p))) / hh
        if best_j is None or j < best_j:
            best, best_j = nbins, j
    return ptp_x / best


def _width_doane(x, rng):
    if x.size > 2:
        sg1 = math.sqrt(6.0 * (x.size - 2) / ((x.size + 1.0) * (x.size + 3)))
        sigma = std(x)
        if float(sigma) > 0.0:
            temp = (x - mean(x)) / sigma
            g1 = float(mean(temp ** 3))
            return _ptp(x) / (1.0 + math.log2(x.size) + math.log2(1.0 + abs(g1) / sg1))
    return 0.0


def _width_fd(x, rng):
    hi, lo = percentile(x, [75, 25])
    return 2.0 * float(hi - lo) * x.size ** (-1.0 / 3.0)


def _width_auto(x, rng):
    fd_bw = _width_fd(x, rng)
    sturges_bw = _width_sturges(x, rng)
    sqrt_bw = _width_sqrt(x, rng)
    return builtins.min(builtins.max(fd_bw, sqrt_bw / 2), sturges_bw)


_BIN_RULES = {
    "stone": _width_stone, "auto": _width_auto, "doane": _width_doane, "fd": _width_fd, "rice": _width_rice,
    "scott": _width_scott, "sqrt": _width_sqrt, "sturges": _width_sturges,
}


def _outer_edges(a, rng):
    """NumPy's first and last edge: the range, or the data's min and max (widened by 0.5
    each side when equal), as Python numbers."""
    if rng is not None:
        first, last = rng
        if first > last:
            raise ValueError("max must be larger than min in range parameter.")
        if not (math.isfinite(first) and math.isfinite(last)):
            raise ValueError(f"supplied range of [{first}, {last}] is not finite")
    elif a.size == 0:
        first, last = 0, 1
    else:
        lo, hi = a.min(), a.max()
        first, last = lo.item(), hi.item()
        if not (math.isfinite(first) and math.isfinite(last)):
            raise ValueError(f"autodetected range of [{first}, {last}] is not finite")
        if a.dtype.kind == "f":
            # Keep the data's float dtype for the arithmetic below (float32 differences).
            if first == last:
                lo, hi = lo - 0.5, hi + 0.5
            return lo, hi
    if first == last:
        first, last = first - 0.5, last + 0.5
    return first, last


def _bins_from_rule(a, name, rng):
    """The number of equal-width bins NumPy's rule `name` picks for the data."""
    if name not in _BIN_RULES:
        raise ValueError(f"{name!r} is not a valid estimator for `bins`")
    first, last = _outer_edges(a, rng)
    if rng is not None:
        keep = (a >= first) & (a <= last)
        if not builtins.bool(keep.all()):
            a = a[keep]
    if a.size == 0:
        return 1
    width = _BIN_RULES[name](a, (first, last))
    if not width:
        return 1
    if a.dtype.kind in "iu" and width < 1:
        width = 1
    delta = float(last - first) if isinstance(first, _core.ndarray) else last - first
    return int(math.ceil(delta / width))


def _prepare(a, weights):
    a = asarray(a)
    if a.dtype.kind == "b":
        a = a.astype("u1")  # NumPy converts bool data to uint8 (with a warning)
    if weights is not None:
        weights = asarray(weights)
        if weights.shape != a.shape:
            raise ValueError("weights should have the same shape as a.")
    return a, weights


def _scalar_bins(bins):
    if isinstance(bins, str):
        return bins
    if isinstance(bins, _core.ndarray):
        return int(bins) if bins.ndim == 0 else bins
    if isinstance(bins, (list, tuple)):
        return bins
    if hasattr(bins, "__len__") or hasattr(bins, "__array_interface__"):
        b = asarray(bins)
        return int(b) if b.ndim == 0 else b
    try:
        return operator.index(bins)
    except TypeError:
        raise TypeError("`bins` must be an integer, a string, or an array") from None


def histogram(a, bins=10, range=None, density=None, weights=None):  # noqa: A002
    """np.histogram: integer bins, explicit edges or a rule name ('auto', 'fd', 'doane',
    'scott', 'stone', 'rice', 'sturges', 'sqrt'); weights; density."""
    a, weights = _prepare(a, weights)
    bins = _scalar_bins(bins)
    if isinstance(bins, str):
        if weights is not None:
            raise TypeError("Automated estimation of the number of bins is not supported for weighted data")
        bins = _bins_from_rule(a, bins, range)
    rng = None if range is None else (float(range[0]), float(range[1]))
    if isinstance(bins, int):
        return _core.histogram(a, bins, rng, builtins.bool(density), weights)
    return _core.histogram(a, asarray(bins), None, builtins.bool(density), weights)


def histogram_bin_edges(a, bins=10, range=None, weights=None):  # noqa: A002
    """np.histogram_bin_edges: the edges histogram() would use."""
    a, weights = _prepare(a, weights)
    bins = _scalar_bins(bins)
    if isinstance(bins, str):
        if weights is not None:
            raise TypeError("Automated estimation of the number of bins is not supported for weighted data")
        bins = _bins_from_rule(a, bins, range)
    if not isinstance(bins, int):
        edges = asarray(bins)
        if edges.ndim != 1:
            raise ValueError("`bins` must be 1d, when an array")
        if edges.size > 1 and builtins.bool((edges[:-1] > edges[1:]).any()):
            raise ValueError("`bins` must increase monotonically, when an array")
        return edges
    rng = None if range is None else (float(range[0]), float(range[1]))
    return _core.histogram(a, bins, rng, False, None)[1]


def histogramdd(sample, bins=10, range=None, density=None, weights=None):  # noqa: A002
    """np.histogramdd: an (N, D) sample (or a sequence of D 1-D arrays); float64 counts."""
    if hasattr(sample, "shape") and len(sample.shape) == 2:
        s = asarray(sample)  # an (N, D) array
    else:
        s = asarray(sample)  # a sequence of D 1-D arrays (np.atleast_2d(sample).T)
        s = (s.reshape(1, -1) if s.ndim < 2 else s).T
    if s.ndim != 2:
        raise ValueError(f"too many values to unpack (expected 2, got {s.ndim})")
    N, D = s.shape
    if weights is not None:
        weights = asarray(weights)
    try:
        M = len(bins)
        if M != D:
            raise ValueError("The dimension of bins must be equal to the dimension of the sample x.")
    except TypeError:
        bins = D * [bins]
    if range is None:
        range = (None,) * D  # noqa: A001
    elif len(range) != D:
        raise ValueError("range argument must have one entry per dimension")
    edges, nbin = [], []
    for i in builtins.range(D):
        col = s[:, i]
        b = bins[i]
        if isinstance(b, (list, tuple, _core.ndarray)) or hasattr(b, "__array_interface__"):
            b = asarray(b)
        if not isinstance(b, _core.ndarray) or b.ndim == 0:
            n = b.item() if isinstance(b, _core.ndarray) else b
            if n < 1:
                raise ValueError(f"`bins[{i}]` must be positive, when an integer")
            try:
                n = operator.index(n)
            except TypeError:
                raise TypeError(f"`bins[{i}]` must be an integer, when a scalar") from None
            if range[i] is None and col.size:
                e = _core.histogram(col.astype("u1") if col.dtype.kind == "b" else col, n, None, False, None)[1]
            else:
                first, last = _outer_edges(col, range[i])
                from ._functions import linspace

                e = linspace(float(first), float(last), n + 1)
        elif b.ndim == 1:
            e = b
            if e.size > 1 and builtins.bool((e[:-1] > e[1:]).any()):
                raise ValueError(f"`bins[{i}]` must be monotonically increasing, when an array")
        else:
            raise ValueError(f"`bins[{i}]` must be a scalar or 1d array")
        edges.append(e)
        nbin.append(e.size + 1)  # an outlier bin at each end
    counts = []
    for i in builtins.range(D):
        c = searchsorted(edges[i], s[:, i], side="right")
        # Values on the last edge belong to the last bin, not to the outliers.
        c = c - (s[:, i] == edges[i][-1]).astype("i8")
        counts.append(c)
    total = 1
    for n in nbin:
        total *= n
    if N:
        from ._extras import ravel_multi_index

        xy = ravel_multi_index(counts, nbin)
    else:
        xy = zeros((0,), "i8")
    hist = bincount(xy, weights.reshape(-1) if weights is not None else None, total)
    hist = hist.reshape(tuple(nbin)).astype("f8")
    hist = hist[(slice(1, -1),) * D]
    if density:
        tot = hist.sum()
        for i in builtins.range(D):
            shape = [1] * D
            shape[i] = nbin[i] - 2
            widths = (edges[i][1:] - edges[i][:-1]).astype("f8")
            hist = hist / widths.reshape(tuple(shape))
        hist = hist / tot
    return hist, edges


def histogram2d(x, y, bins=10, range=None, density=None, weights=None):  # noqa: A002
    """np.histogram2d: histogramdd of the pairs (x[i], y[i])."""
    x, y = asarray(x), asarray(y)
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError("x and y must be 1-d arrays of the same length.")
    try:
        N = len(bins)
    except TypeError:
        N = 1
    if N != 1 and N != 2:
        xedges = yedges = asarray(bins)
        bins = [xedges, yedges]
    sample = stack([x, y], 1)
    hist, edges = histogramdd(sample, bins, range, density, weights)
    return hist, edges[0], edges[1]

// searchsorted, digitize, bincount and histogram. Searching compares in the promoted
// dtype of both operands under the sort order (NaNs last), as NumPy's binsearch does.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <functional>
#include <mutex>

#include "nd/creation.hpp"
#include "nd/sort.hpp"
#include "nd/threads.hpp"
#include "nd/views.hpp"
#include "sort/order.hpp"

namespace nd {
namespace {

using namespace detail::sorting;

template <class T>
void binsearch(const T* a, int64_t n, const T* v, int64_t m, int64_t* out, bool right) {
  auto lt = [](const T& x, const T& y) { return less(key_of(x), key_of(y)); };
  detail::parallel_for(m, 4096, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const T* p = right ? std::upper_bound(a, a + n, v[i], lt) : std::lower_bound(a, a + n, v[i], lt);
      out[i] = p - a;
    }
  });
}

void require_1d(const array& a, std::string_view op, std::string_view what) {
  if (a.ndim() > 1)
    throw value_error(fmt::format("[{}] object too deep for desired array ({} has shape {})", op, what,
                                  shape_str(a.shape())));
  if (a.ndim() < 1)
    throw value_error(fmt::format("[{}] object of too small depth for desired array ({} has shape {})", op, what,
                                  shape_str(a.shape())));
}

// a[sorter] as a contiguous copy, after NumPy's checks on the sorter.
array apply_sorter(const array& a, const array& sorter) {
  if (!sorter.dtype().is_integer() && !sorter.dtype().is_bool())
    throw dtype_error(fmt::format("[searchsorted] sorter must be an integer array, got {}", sorter.dtype().name()));
  require_1d(sorter, "searchsorted", "sorter");
  if (sorter.size() != a.size())
    throw value_error(fmt::format("[searchsorted] sorter.size must equal a.size ({} != {})", sorter.size(), a.size()));
  const array idx = flat_as(sorter, int64);
  const int64_t* ip = static_cast<const int64_t*>(idx.raw_data());
  const int64_t n = a.size();
  array out = empty({n}, a.dtype());
  const char* src = static_cast<const char*>(a.raw_data());
  char* dst = static_cast<char*>(out.mutable_data());
  const int64_t isz = a.itemsize();
  for (int64_t i = 0; i < n; ++i) {
    if (ip[i] < 0 || ip[i] >= n) throw value_error("[searchsorted] Sorter index out of range.");
    std::memcpy(dst + i * isz, src + ip[i] * isz, static_cast<size_t>(isz));
  }
  return out;
}

}  // namespace

array searchsorted(const array& a, const array& v, side s, const std::optional<array>& sorter) {
  require_1d(a, "searchsorted", "a");
  const dtype dt = promote_types(a.dtype(), v.dtype());
  array ac = flat_as(a, dt);
  if (sorter) ac = apply_sorter(ac, *sorter);
  const array vc = flat_as(v, dt);
  array out = empty(v.shape(), int64);
  int64_t* op = static_cast<int64_t*>(out.mutable_data());
  visit_dtype(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    binsearch(static_cast<const T*>(ac.raw_data()), ac.size(), static_cast<const T*>(vc.raw_data()), vc.size(), op,
              s == side::right);
  });
  return out;
}

namespace {

// NumPy's check_array_monotonic on the edges as doubles: 1 increasing (or all equal),
// -1 decreasing, 0 neither.
int monotonicity(const array& bins) {
  const array b = flat_as(bins, float64);
  const double* p = static_cast<const double*>(b.raw_data());
  const int64_t n = b.size();
  if (n == 0) return 1;
  int64_t i = 1;
  while (i < n && p[i] == p[0]) ++i;
  if (i == n) return 1;
  double last = p[0], next = p[i];
  const bool up = last < next;
  for (++i; i < n; ++i) {
    last = next;
    next = p[i];
    if (up ? last > next : last < next) return 0;
  }
  return up ? 1 : -1;
}

}  // namespace

array digitize(const array& x, const array& bins, bool right) {
  if (x.dtype().is_complex()) throw dtype_error("[digitize] x may not be complex");
  require_1d(bins, "digitize", "bins");
  const int mono = monotonicity(bins);
  if (mono == 0) throw value_error("[digitize] bins must be monotonically increasing or decreasing");
  const side sd = right ? side::left : side::right;
  if (mono == 1) return searchsorted(bins, x, sd);
  // Decreasing: len(bins) - searchsorted(bins[::-1], x).
  array r = searchsorted(bins(slice(none, none, -1)), x, sd);
  int64_t* p = static_cast<int64_t*>(r.mutable_data());
  const int64_t n = bins.size();
  for (int64_t i = 0; i < r.size(); ++i) p[i] = n - p[i];
  return r;
}

array bincount(const array& x, const std::optional<array>& weights, int64_t minlength) {
  if (!can_cast(x.dtype(), int64, casting::same_kind))
    throw dtype_error(fmt::format(
        "[bincount] Cannot cast array data from dtype('{}') to dtype('int64') according to the rule 'safe'",
        x.dtype().name()));
  require_1d(x, "bincount", "x");
  if (minlength < 0) throw value_error("[bincount] 'minlength' must not be negative");
  const array xi = flat_as(x, int64);
  const int64_t* xp = static_cast<const int64_t*>(xi.raw_data());
  const int64_t n = xi.size();
  int64_t mx = -1;
  for (int64_t i = 0; i < n; ++i) {
    if (xp[i] < 0) throw value_error("[bincount] 'list' argument must have no negative elements");
    mx = std::max(mx, xp[i]);
  }
  const int64_t len = std::max(mx + 1, minlength);
  if (!weights) {
    array out = zeros({len}, int64);
    int64_t* op = static_cast<int64_t*>(out.mutable_data());
    for (int64_t i = 0; i < n; ++i) ++op[xp[i]];
    return out;
  }
  if (weights->dtype().is_complex())
    throw dtype_error(fmt::format(
        "[bincount] Cannot cast array data from dtype('{}') to dtype('float64') according to the rule 'safe'",
        weights->dtype().name()));
  require_1d(*weights, "bincount", "weights");
  if (weights->size() != n) throw value_error("[bincount] The weights and list don't have the same length.");
  const array w = flat_as(*weights, float64);
  const double* wp = static_cast<const double*>(w.raw_data());
  array out = zeros({len}, float64);
  double* op = static_cast<double*>(out.mutable_data());
  for (int64_t i = 0; i < n; ++i) op[xp[i]] += wp[i];  // in input order, as NumPy adds
  return out;
}

namespace {

// NumPy's `bin_edges[:-1] > bin_edges[1:]` (NaN edges pass); complex by the sort order.
template <class K>
bool bins_decrease(const K& a, const K& b) {
  if constexpr (detail::is_complex_v<K>) return less(b, a);
  else return a > b;
}

void check_histogram_dtype(const array& a) {
  if (a.dtype().is_complex() || a.dtype().is_bool())
    throw dtype_error(fmt::format("[histogram] unsupported dtype {}", a.dtype().name()));
}

// x + y as NumPy's add on T: integers wrap, float16 rounds to half, bool is "or".
template <class T>
T add_in(T x, T y) {
  if constexpr (std::is_same_v<T, bool>) return x || y;
  else if constexpr (std::is_same_v<T, float16_t>) return float16_t(static_cast<float>(x) + static_cast<float>(y));
  else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(x) + static_cast<U>(y)));
  } else return x + y;
}
template <class T>
T sub_in(T x, T y) {
  if constexpr (std::is_same_v<T, bool>) return x && !y;  // not reached: NumPy refuses bool subtraction
  else if constexpr (std::is_same_v<T, float16_t>) return float16_t(static_cast<float>(x) - static_cast<float>(y));
  else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(x) - static_cast<U>(y)));
  } else return x - y;
}

// hist / diff(edges) / hist.sum(), with diff taken in the edges' own dtype as NumPy does;
// hist.sum() is taken in hist's dtype. float64 result (complex128 for complex hist).
array density_of(const array& hist, const array& edges) {
  const int64_t nb = hist.size();
  const array e = flat_contiguous(edges);
  std::vector<double> widths(static_cast<size_t>(nb));
  visit_dtype(e.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (detail::is_complex_v<T> || std::is_same_v<T, bool>) {
      throw dtype_error(fmt::format("[histogram] unsupported bin dtype {}", e.dtype().name()));
    } else {
      const T* p = static_cast<const T*>(e.raw_data());
      for (int64_t i = 0; i < nb; ++i) {
        T d;
        if constexpr (std::is_same_v<T, float16_t>) d = float16_t(static_cast<float>(p[i + 1]) - static_cast<float>(p[i]));
        else d = static_cast<T>(p[i + 1] - p[i]);
        widths[static_cast<size_t>(i)] = detail::convert<double>(d);
      }
    }
  });
  const array h = flat_contiguous(hist);
  return visit_dtype(h.dtype(), [&](auto tag) -> array {
    using T = typename decltype(tag)::type;
    using R = std::conditional_t<detail::is_complex_v<T>, std::complex<double>, double>;
    const T* c = static_cast<const T*>(h.raw_data());
    // NumPy's hist.sum(): bools and small integers sum in (u)int64.
    using A = std::conditional_t<std::is_same_v<T, bool> || (std::is_integral_v<T> && std::is_signed_v<T>), int64_t,
                                 std::conditional_t<std::is_integral_v<T>, uint64_t, T>>;
    A total{};
    for (int64_t i = 0; i < nb; ++i) total = add_in(total, detail::convert<A>(c[i]));
    const R tot = detail::convert<R>(total);
    array out = empty({nb}, dtype_of<R>());
    R* op = static_cast<R*>(out.mutable_data());
    for (int64_t i = 0; i < nb; ++i) op[i] = detail::convert<R>(c[i]) / widths[static_cast<size_t>(i)] / tot;
    return out;
  });
}

// One arithmetic step of NumPy in T: float16 rounds every result back to half.
template <class T, class F>
T op_in(T x, T y, F f) {
  if constexpr (std::is_same_v<T, float16_t>) return float16_t(f(static_cast<float>(x), static_cast<float>(y)));
  else return f(x, y);
}

// np.linspace(first, last, num) evaluated in T, as NumPy evaluates it in the dtype of its
// start and stop (float32 data gives float32 edges computed in float32).
template <class T>
array linspace_in(T first, T last, int64_t num) {
  array out = empty({num}, dtype_of<T>());
  T* y = static_cast<T*>(out.mutable_data());
  const T div = static_cast<T>(static_cast<float>(num - 1));
  const T delta = op_in(last, first, std::minus<>());
  const T step = op_in(delta, div, std::divides<>());
  const bool step_zero = static_cast<double>(step) == 0.0;
  for (int64_t i = 0; i < num; ++i) {
    const T fi = static_cast<T>(static_cast<double>(i));
    const T v = step_zero ? op_in(op_in(fi, div, std::divides<>()), delta, std::multiplies<>())
                          : op_in(fi, step, std::multiplies<>());
    y[i] = op_in(v, first, std::plus<>());
  }
  if (num > 1) y[num - 1] = last;
  return out;
}

// NumPy's (first_edge, last_edge) widened when equal, and the edges, computed in T.
template <class T>
array equal_width_edges(double lo, double hi, int64_t bins, double& first, double& last) {
  T f = static_cast<T>(lo), l = static_cast<T>(hi);
  if (static_cast<double>(f) == static_cast<double>(l)) {
    f = op_in(f, T(0.5), std::minus<>());
    l = op_in(l, T(0.5), std::plus<>());
  }
  first = static_cast<double>(f);
  last = static_cast<double>(l);
  return linspace_in<T>(f, l, bins + 1);
}

void check_weights(const array& a, const std::optional<array>& weights) {
  if (weights && weights->shape() != a.shape())
    throw value_error("[histogram] weights should have the same shape as a.");
}

constexpr int64_t kHistBlock = 65536;  // NumPy's block of values per bincount/cumsum

// Weighted equal-width histogram as NumPy's: per block of kHistBlock values in input
// order, the weights of each bin summed in double (real and imaginary parts apart),
// cast to W and added to the running histogram in W. Blocks run in parallel and are
// combined in block order, so the result does not depend on the thread count.
template <class W, class BinOf>
array weighted_uniform(const double* xp, int64_t n, const W* wp, int64_t bins, const BinOf& bin_of) {
  using S = std::conditional_t<detail::is_complex_v<W>, std::complex<double>, double>;
  const int64_t nblocks = (n + kHistBlock - 1) / kHistBlock;
  const int64_t group = std::max<int64_t>(1, get_num_threads());
  array out = zeros({bins}, dtype_of<W>());
  W* acc = static_cast<W*>(out.mutable_data());
  std::vector<std::vector<S>> partial(static_cast<size_t>(std::min(group, std::max<int64_t>(nblocks, 1))));
  for (int64_t g = 0; g < nblocks; g += group) {
    const int64_t ng = std::min(group, nblocks - g);
    detail::parallel_for(ng, 1, [&](int64_t b, int64_t e) {
      for (int64_t j = b; j < e; ++j) {
        auto& part = partial[static_cast<size_t>(j)];
        part.assign(static_cast<size_t>(bins), S(0));
        const int64_t lo = (g + j) * kHistBlock, hi = std::min(n, lo + kHistBlock);
        for (int64_t i = lo; i < hi; ++i) {
          const int64_t k = bin_of(xp[i]);
          if (k >= 0) part[static_cast<size_t>(k)] += detail::convert<S>(wp[i]);
        }
      }
    });
    for (int64_t j = 0; j < ng; ++j)
      for (int64_t k = 0; k < bins; ++k)
        acc[k] = add_in(acc[k], detail::convert<W>(partial[static_cast<size_t>(j)][static_cast<size_t>(k)]));
  }
  return out;
}

// Weighted histogram over explicit edges as NumPy's: per block, the values sorted, the
// cumulative sums of their weights (in W, from 0) read at searchsorted positions of the
// edges (the last edge inclusive), accumulated over blocks; the histogram is their diff.
template <class W>
array weighted_edges(const array& af, const W* wp, const array& edges) {
  if constexpr (std::is_same_v<W, bool>) {
    (void)af, (void)wp, (void)edges;
    throw dtype_error("[histogram] Cannot cast ufunc 'add' output from dtype('int64') to dtype('bool') with "
                      "casting rule 'same_kind'");
  } else {
    const int64_t n = af.size(), ne = edges.size();
    std::vector<W> cum(static_cast<size_t>(ne), W{});
    std::vector<W> cw;
    for (int64_t lo = 0; lo < n; lo += kHistBlock) {
      const int64_t hi = std::min(n, lo + kHistBlock), len = hi - lo;
      const array blk = af(slice(lo, hi));
      const array order = argsort(blk, 0, sort_kind::stable);
      const array sa = sort(blk, 0, sort_kind::stable);
      const array left = searchsorted(sa, edges, side::left);
      const array right = searchsorted(sa, edges(slice(ne - 1, ne)), side::right);
      const int64_t* op = static_cast<const int64_t*>(order.raw_data());
      const int64_t* lp = static_cast<const int64_t*>(left.raw_data());
      cw.assign(static_cast<size_t>(len + 1), W{});
      for (int64_t j = 0; j < len; ++j)
        cw[static_cast<size_t>(j + 1)] = add_in(cw[static_cast<size_t>(j)], wp[lo + op[j]]);
      for (int64_t i = 0; i + 1 < ne; ++i)
        cum[static_cast<size_t>(i)] = add_in(cum[static_cast<size_t>(i)], cw[static_cast<size_t>(lp[i])]);
      const int64_t last = *static_cast<const int64_t*>(right.raw_data());
      cum[static_cast<size_t>(ne - 1)] = add_in(cum[static_cast<size_t>(ne - 1)], cw[static_cast<size_t>(last)]);
    }
    array out = empty({ne - 1}, dtype_of<W>());
    W* p = static_cast<W*>(out.mutable_data());
    for (int64_t i = 0; i + 1 < ne; ++i) p[i] = sub_in(cum[static_cast<size_t>(i + 1)], cum[static_cast<size_t>(i)]);
    return out;
  }
}

}  // namespace

histogram_result histogram(const array& a, int64_t bins, std::optional<std::pair<double, double>> range,
                           bool density, const std::optional<array>& weights) {
  check_histogram_dtype(a);
  check_weights(a, weights);
  if (bins < 1) throw value_error("[histogram] `bins` must be positive, when an integer");
  const array x = flat_as(a, float64);
  const double* xp = static_cast<const double*>(x.raw_data());
  const int64_t n = x.size();
  double first = 0.0, last = 1.0;
  if (range) {
    first = range->first;
    last = range->second;
    if (first > last) throw value_error("[histogram] max must be larger than min in range parameter.");
    if (!std::isfinite(first) || !std::isfinite(last))
      throw value_error(fmt::format("[histogram] supplied range of [{}, {}] is not finite", first, last));
  } else if (n > 0) {
    first = xp[0];
    last = xp[0];
    bool nan = false;
    for (int64_t i = 0; i < n; ++i) {
      if (std::isnan(xp[i])) nan = true;
      first = std::min(first, xp[i]);
      last = std::max(last, xp[i]);
    }
    if (nan) first = last = std::nan("");
    if (!std::isfinite(first) || !std::isfinite(last))
      throw value_error(fmt::format("[histogram] autodetected range of [{}, {}] is not finite", first, last));
  }
  // NumPy's start and stop are the data's own scalars (min, max) when the range is
  // detected, Python floats when it is given: that decides the arithmetic's dtype.
  const dtype edge_dt = a.dtype().is_floating() ? a.dtype() : float64;
  const dtype calc_dt = range ? float64 : edge_dt;
  array edges = visit_dtype(calc_dt, [&](auto tag) -> array {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, float16_t> || std::is_same_v<T, float> || std::is_same_v<T, double>)
      return equal_width_edges<T>(first, last, bins, first, last);
    else
      throw dtype_error("[histogram] internal: non-float edge dtype");
  });
  if (edges.dtype() != edge_dt) edges = edges.astype(edge_dt);
  const array e64 = edges.astype(float64);
  const double* ep = static_cast<const double*>(e64.raw_data());
  const double lo = ep[0], hi = ep[bins];
  const double scale = static_cast<double>(bins) / (last - first);

  // The bin of v, or -1 outside [lo, hi]: a first guess from the scale, then exact
  // correction against the edges.
  auto bin_of = [&](double v) -> int64_t {
    if (!(v >= lo && v <= hi)) return -1;
    auto k = static_cast<int64_t>((v - first) * scale);
    k = std::clamp<int64_t>(k, 0, bins - 1);
    while (k > 0 && v < ep[k]) --k;
    while (k < bins - 1 && v >= ep[k + 1]) ++k;
    return k;
  };
  if (weights) {
    const array w = flat_contiguous(*weights);
    array hist = visit_dtype(w.dtype(), [&](auto tag) -> array {
      using W = typename decltype(tag)::type;
      return weighted_uniform<W>(xp, n, static_cast<const W*>(w.raw_data()), bins, bin_of);
    });
    if (density) return {density_of(hist, edges), edges};
    return {hist, edges};
  }

  array counts = zeros({bins}, int64);
  int64_t* cp = static_cast<int64_t*>(counts.mutable_data());
  std::mutex mu;
  detail::parallel_for(n, 1 << 16, [&](int64_t b, int64_t e) {
    std::vector<int64_t> local(static_cast<size_t>(bins), 0);
    for (int64_t i = b; i < e; ++i) {
      const int64_t k = bin_of(xp[i]);
      if (k >= 0) ++local[static_cast<size_t>(k)];
    }
    std::lock_guard<std::mutex> lk(mu);
    for (int64_t k = 0; k < bins; ++k) cp[k] += local[static_cast<size_t>(k)];
  });
  if (density) return {density_of(counts, edges), edges};
  return {counts, edges};
}

histogram_result histogram(const array& a, const array& bin_edges, bool density,
                           const std::optional<array>& weights) {
  check_histogram_dtype(a);
  check_weights(a, weights);
  if (bin_edges.ndim() != 1) throw value_error("[histogram] `bins` must be 1d, when an array");
  if (bin_edges.size() < 1) throw value_error("[histogram] `bins` must have at least one edge");
  const array e = flat_contiguous(bin_edges);
  visit_dtype(e.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = static_cast<const T*>(e.raw_data());
    for (int64_t i = 0; i + 1 < e.size(); ++i)
      if (bins_decrease(key_of(p[i]), key_of(p[i + 1])))
        throw value_error("[histogram] `bins` must increase monotonically, when an array");
  });
  const int64_t ne = e.size();
  if (weights) {
    const array w = flat_contiguous(*weights);
    const array af = flat_contiguous(a);
    array hist = visit_dtype(w.dtype(), [&](auto tag) -> array {
      using W = typename decltype(tag)::type;
      return weighted_edges<W>(af, static_cast<const W*>(w.raw_data()), e);
    });
    if (density) return {density_of(hist, e), bin_edges};
    return {hist, bin_edges};
  }
  // As NumPy: sort the data, then count = searchsorted(left) differences, last edge right.
  const array sa = sort(a, std::nullopt);
  const array left = searchsorted(sa, e, side::left);
  const array right = searchsorted(sa, e(slice(ne - 1, ne)), side::right);
  const int64_t* lp = static_cast<const int64_t*>(left.raw_data());
  const int64_t last = *static_cast<const int64_t*>(right.raw_data());
  array counts = empty({ne - 1}, int64);
  int64_t* cp = static_cast<int64_t*>(counts.mutable_data());
  for (int64_t i = 0; i + 1 < ne; ++i) cp[i] = (i + 2 == ne ? last : lp[i + 1]) - lp[i];
  if (density) return {density_of(counts, e), bin_edges};
  return {counts, bin_edges};
}

}  // namespace nd

// searchsorted, digitize, bincount and histogram. Searching compares in the promoted
// dtype of both operands under the sort order (NaNs last), as NumPy's binsearch does.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>

#include "nd/creation.hpp"
#include "nd/sort.hpp"
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

// hist / diff(edges) / hist.sum(), with diff taken in the edges' own dtype as NumPy does.
array density_of(const array& counts, const array& edges) {
  const int64_t nb = counts.size();
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
  const int64_t* c = static_cast<const int64_t*>(counts.raw_data());
  int64_t total = 0;
  for (int64_t i = 0; i < nb; ++i) total += c[i];
  array out = empty({nb}, float64);
  double* op = static_cast<double*>(out.mutable_data());
  for (int64_t i = 0; i < nb; ++i)
    op[i] = static_cast<double>(c[i]) / widths[static_cast<size_t>(i)] / static_cast<double>(total);
  return out;
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

}  // namespace

histogram_result histogram(const array& a, int64_t bins, std::optional<std::pair<double, double>> range,
                           bool density) {
  check_histogram_dtype(a);
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

  array counts = zeros({bins}, int64);
  int64_t* cp = static_cast<int64_t*>(counts.mutable_data());
  std::mutex mu;
  detail::parallel_for(n, 1 << 16, [&](int64_t b, int64_t e) {
    std::vector<int64_t> local(static_cast<size_t>(bins), 0);
    for (int64_t i = b; i < e; ++i) {
      const double v = xp[i];
      if (!(v >= lo && v <= hi)) continue;
      // A first guess from the scale, then exact correction against the edges.
      auto k = static_cast<int64_t>((v - first) * scale);
      k = std::clamp<int64_t>(k, 0, bins - 1);
      while (k > 0 && v < ep[k]) --k;
      while (k < bins - 1 && v >= ep[k + 1]) ++k;
      ++local[static_cast<size_t>(k)];
    }
    std::lock_guard<std::mutex> lk(mu);
    for (int64_t k = 0; k < bins; ++k) cp[k] += local[static_cast<size_t>(k)];
  });
  if (density) return {density_of(counts, edges), edges};
  return {counts, edges};
}

histogram_result histogram(const array& a, const array& bin_edges, bool density) {
  check_histogram_dtype(a);
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
  // As NumPy: sort the data, then count = searchsorted(left) differences, last edge right.
  const array sa = sort(a, std::nullopt);
  const int64_t ne = e.size();
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

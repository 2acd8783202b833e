// numpy.fft's semantics on top of src/fft/backend.hpp: dtype rules, n / s padding and
// truncation, norm factors, axis handling, out=, and the n-dimensional compositions.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <fstream>
#include <sstream>

#include "fft/backend.hpp"
#include "iter/parallel.hpp"
#include "nd/creation.hpp"
#include "nd/fft.hpp"
#include "nd/float16.hpp"
#include "nd/manipulation.hpp"
#include "nd/shape.hpp"
#include "nd/threads.hpp"
#include "nd/ufunc.hpp"
#include "nd/views.hpp"

namespace nd::fft {
namespace {

namespace be = nd::detail::fft;

// Transforms of at least this many points (length x repeats) use the pool's threads.
constexpr int64_t threaded_points = int64_t{1} << 16;

bool single_precision(dtype dt) { return dt == float32 || dt == complex64 || dt == float16; }

[[noreturn]] void bad_n(int64_t n) {
  throw value_error(fmt::format("Invalid number of FFT data points ({}) specified.", n));
}

// The inverse transform's view of a norm: backward and forward trade places.
norm_mode swapped(norm_mode m) {
  return m == norm_mode::backward ? norm_mode::forward : m == norm_mode::forward ? norm_mode::backward : m;
}

// The factor applied to a transform in direction `forward` under `norm`; `n` is the
// transform's logical length. Computed in the result's real precision, as NumPy does.
double norm_factor(norm_mode norm, bool forward, int64_t n, bool single, bool half) {
  if (!forward) norm = swapped(norm);
  if (norm == norm_mode::backward) return 1.0;
  if (half) {  // NumPy computes the factor in float16 for float16 input
    const float16_t s = norm == norm_mode::ortho ? float16_t(std::sqrt(static_cast<float>(float16_t(static_cast<float>(n)))))
                                                 : float16_t(static_cast<float>(n));
    return static_cast<double>(static_cast<float>(float16_t(1.0f / static_cast<float>(s))));
  }
  if (single) {
    const float s = norm == norm_mode::ortho ? std::sqrt(static_cast<float>(n)) : static_cast<float>(n);
    return static_cast<double>(1.0f / s);
  }
  const double s = norm == norm_mode::ortho ? std::sqrt(static_cast<double>(n)) : static_cast<double>(n);
  return 1.0 / s;
}

// `a` with length `len` along `axis`: a view when shorter, zero-padded copy when longer.
array resized(const array& a, int64_t axis, int64_t len) {
  const int64_t m = a.shape()[static_cast<size_t>(axis)];
  if (m == len) return a;
  std::vector<index_item> items(static_cast<size_t>(a.ndim()), index_item(slice()));
  if (m > len) {
    items[static_cast<size_t>(axis)] = index_item(slice(0, len));
    return a.index(items);
  }
  shape_t s = a.shape();
  s[static_cast<size_t>(axis)] = len;
  array out = zeros(s, a.dtype());
  items[static_cast<size_t>(axis)] = index_item(slice(0, m));
  out.index(items).assign(a);
  return out;
}

// An array of dtype dt holding a's values, usable by FFTW as input: element strides that
// are non-negative multiples of the item size. A view of `a` when it already is one.
array as_input(const array& a, dtype dt) {
  if (a.dtype() == dt) {
    bool ok = true;
    for (int64_t s : a.strides()) ok = ok && s >= 0 && s % dt.itemsize() == 0;
    if (ok) return a;
  }
  array out = empty(a.shape(), dt);
  out.assign(a, casting::unsafe);
  return out;
}

// Runs a 1-D transform of logical length n along `axis` from `in` to a new C-contiguous
// array of shape out_shape and dtype out_dt.
array run(be::kind k, bool single, int64_t n, int64_t axis, const array& in, const shape_t& out_shape, dtype out_dt) {
  array out = empty(out_shape, out_dt);
  if (out.size() == 0) return out;
  const int64_t isz = in.itemsize(), osz = out.itemsize();
  be::transform t;
  t.k = k;
  t.single = single;
  t.n = n;
  const auto ax = static_cast<size_t>(axis);
  t.in_stride = in.strides()[ax] / isz;
  t.out_stride = out.strides()[ax] / osz;
  int64_t points = n;
  for (size_t d = 0; d < out_shape.size(); ++d) {
    if (d == ax || out_shape[d] == 1) continue;
    t.loops.push_back({out_shape[d], in.strides()[d] / isz, out.strides()[d] / osz});
    points *= out_shape[d];
  }
  t.threads = points >= threaded_points && !detail::in_parallel_region() ? get_num_threads() : 1;
  be::execute(t, const_cast<void*>(in.raw_data()), out.mutable_data());
  return out;
}

void scale(array& x, double f) {
  if (f == 1.0 || x.size() == 0) return;
  ufunc_options o;
  o.out = x;
  if (x.dtype() == float32 || x.dtype() == complex64) multiply(x, static_cast<float>(f), o);
  else multiply(x, f, o);
}

array finish(const array& res, const std::optional<array>& out, int64_t axis) {
  if (!out) return res;
  array o = *out;
  if (o.ndim() != res.ndim() || o.shape()[static_cast<size_t>(axis)] != res.shape()[static_cast<size_t>(axis)])
    throw value_error("output array has wrong shape.");
  o.assign(res, casting::same_kind);
  return o;
}

enum class op { c2c, r2c, c2r };

// NumPy's _raw_fft: one axis, length n, direction, norm, out.
array raw_fft(const array& a, int64_t n, int64_t axis_in, op what, bool forward, norm_mode norm,
              const std::optional<array>& out, std::string_view name) {
  if (n < 1) bad_n(n);
  const int64_t axis = normalize_axis(axis_in, a.ndim(), name);
  const bool single = single_precision(a.dtype());
  const dtype rdt = single ? float32 : float64, cdt = single ? complex64 : complex128;
  const double f = norm_factor(norm, forward, n, single, a.dtype() == float16);
  shape_t os = a.shape();
  array res;
  if (what == op::c2c) {
    const array in = as_input(resized(a, axis, n), cdt);
    os[static_cast<size_t>(axis)] = n;
    res = run(forward ? be::kind::forward : be::kind::backward, single, n, axis, in, os, cdt);
  } else if (what == op::r2c) {
    if (a.dtype().is_complex())
      throw dtype_error(fmt::format("[{}] Cannot cast ufunc input from dtype('{}') to dtype('{}') with casting rule "
                                    "'same_kind'",
                                    name, a.dtype().name(), rdt.name()));
    const array in = as_input(resized(a, axis, n), rdt);
    os[static_cast<size_t>(axis)] = n / 2 + 1;
    res = run(be::kind::r2c, single, n, axis, in, os, cdt);
  } else {
    // c2r overwrites its input: always hand it a private copy of n/2+1 points.
    const array r = resized(a, axis, n / 2 + 1);
    array in = empty(r.shape(), cdt);
    in.assign(r, casting::unsafe);
    os[static_cast<size_t>(axis)] = n;
    res = run(be::kind::c2r, single, n, axis, in, os, rdt);
  }
  scale(res, f);
  // float16 input computes in float32; NumPy's real result keeps float16.
  if (what == op::c2r && a.dtype() == float16) res = res.astype(float16);
  return finish(res, out, axis);
}

int64_t length_along(const array& a, int64_t axis, std::string_view name) {
  return a.shape()[static_cast<size_t>(normalize_axis(axis, a.ndim(), name))];
}

// NumPy's _cook_nd_args: the sizes and axes of an n-dimensional transform.
std::pair<sizes_t, axes_t> cook(const array& a, const std::optional<sizes_t>& s_in, const std::optional<axes_t>& ax_in,
                                bool invreal, std::string_view name) {
  sizes_t s;
  axes_t axes;
  if (ax_in) {
    axes = *ax_in;
    for (int64_t& x : axes) x = normalize_axis(x, a.ndim(), name);
  }
  if (!s_in) {
    if (!ax_in)
      for (int64_t d = 0; d < a.ndim(); ++d) axes.push_back(d);
    for (int64_t x : axes) s.push_back(a.shape()[static_cast<size_t>(x)]);
  } else {
    s = *s_in;
    if (!ax_in) {
      if (static_cast<int64_t>(s.size()) > a.ndim())
        throw value_error(fmt::format("[{}] s has {} entries but the array has only {} dimensions", name, s.size(),
                                      a.ndim()));
      for (int64_t i = -static_cast<int64_t>(s.size()); i < 0; ++i) axes.push_back(i + a.ndim());
    }
  }
  if (s.size() != axes.size()) throw value_error("Shape and axes have different lengths.");
  if (invreal && !s_in && !axes.empty()) s.back() = (a.shape()[static_cast<size_t>(axes.back())] - 1) * 2;
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == -1) s[i] = a.shape()[static_cast<size_t>(axes[i])];
  return {s, axes};
}

// All of `axes` in one rank-k FFTW plan (FFTW orders the passes and blocks for cache
// itself, which beats k strided 1-D passes). Axes must be distinct; sizes already cooked.
array c2c_multi(const array& a, const sizes_t& s, const axes_t& axes, bool forward, norm_mode norm,
                std::string_view name) {
  for (int64_t v : s)
    if (v < 1) bad_n(v);
  const bool single = single_precision(a.dtype());
  const dtype cdt = single ? complex64 : complex128;
  array r = a;
  for (size_t i = 0; i < axes.size(); ++i) r = resized(r, axes[i], s[i]);
  const array in = as_input(r, cdt);
  array out = empty(in.shape(), cdt);
  if (out.size() == 0) return out;
  const int64_t isz = in.itemsize();
  be::transform t;
  t.k = forward ? be::kind::forward : be::kind::backward;
  t.single = single;
  std::vector<bool> transformed(static_cast<size_t>(in.ndim()), false);
  double f = 1.0;
  for (size_t i = 0; i < axes.size(); ++i) {
    const auto ax = static_cast<size_t>(axes[i]);
    transformed[ax] = true;
    f *= norm_factor(norm, forward, s[i], single, false);
    const be::loop_dim d{s[i], in.strides()[ax] / isz, out.strides()[ax] / isz};
    if (i == 0) {
      t.n = d.n;
      t.in_stride = d.in_stride;
      t.out_stride = d.out_stride;
    } else {
      t.extra_dims.push_back(d);
    }
  }
  int64_t points = 1;
  for (size_t d = 0; d < transformed.size(); ++d) {
    points *= in.shape()[d];
    if (!transformed[d] && in.shape()[d] != 1)
      t.loops.push_back({in.shape()[d], in.strides()[d] / isz, out.strides()[d] / isz});
  }
  t.threads = points >= threaded_points && !detail::in_parallel_region() ? get_num_threads() : 1;
  be::execute(t, const_cast<void*>(in.raw_data()), out.mutable_data());
  scale(out, f);
  (void)name;
  return out;
}

array c2c_nd(const array& a, const std::optional<sizes_t>& s_in, const std::optional<axes_t>& ax_in, bool forward,
             norm_mode norm, const std::optional<array>& out, std::string_view name) {
  auto [s, axes] = cook(a, s_in, ax_in, false, name);
  std::vector<int64_t> sorted_axes = axes;
  std::sort(sorted_axes.begin(), sorted_axes.end());
  const bool distinct = std::adjacent_find(sorted_axes.begin(), sorted_axes.end()) == sorted_axes.end();
  array x = a;
  if (distinct && axes.size() > 1) {
    x = c2c_multi(a, s, axes, forward, norm, name);
    return out ? finish(x, out, axes[0]) : x;
  }
  for (size_t i = s.size(); i-- > 0;) x = raw_fft(x, s[i], axes[i], op::c2c, forward, norm, std::nullopt, name);
  if (axes.empty()) return a;  // nothing to transform: NumPy returns the input
  return out ? finish(x, out, axes[0]) : x;
}

}  // namespace

norm_mode parse_norm(std::string_view name) {
  if (name == "backward") return norm_mode::backward;
  if (name == "ortho") return norm_mode::ortho;
  if (name == "forward") return norm_mode::forward;
  throw value_error(fmt::format("Invalid norm value {}; should be \"backward\",\"ortho\" or \"forward\".", name));
}

array fft(const array& a, std::optional<int64_t> n, int64_t axis, norm_mode norm, const std::optional<array>& out) {
  return raw_fft(a, n ? *n : length_along(a, axis, "fft"), axis, op::c2c, true, norm, out, "fft");
}

array ifft(const array& a, std::optional<int64_t> n, int64_t axis, norm_mode norm, const std::optional<array>& out) {
  return raw_fft(a, n ? *n : length_along(a, axis, "ifft"), axis, op::c2c, false, norm, out, "ifft");
}

array rfft(const array& a, std::optional<int64_t> n, int64_t axis, norm_mode norm, const std::optional<array>& out) {
  return raw_fft(a, n ? *n : length_along(a, axis, "rfft"), axis, op::r2c, true, norm, out, "rfft");
}

array irfft(const array& a, std::optional<int64_t> n, int64_t axis, norm_mode norm, const std::optional<array>& out) {
  return raw_fft(a, n ? *n : (length_along(a, axis, "irfft") - 1) * 2, axis, op::c2r, false, norm, out, "irfft");
}

array hfft(const array& a, std::optional<int64_t> n, int64_t axis, norm_mode norm, const std::optional<array>& out) {
  const int64_t len = n ? *n : (length_along(a, axis, "hfft") - 1) * 2;
  return raw_fft(conj(a), len, axis, op::c2r, false, swapped(norm), out, "hfft");
}

array ihfft(const array& a, std::optional<int64_t> n, int64_t axis, norm_mode norm, const std::optional<array>& out) {
  const array r = raw_fft(a, n ? *n : length_along(a, axis, "ihfft"), axis, op::r2c, true, swapped(norm),
                          std::nullopt, "ihfft");
  ufunc_options o;
  o.out = r;
  conj(r, o);
  return finish(r, out, normalize_axis(axis, a.ndim(), "ihfft"));
}

array fftn(const array& a, const std::optional<sizes_t>& s, const std::optional<axes_t>& axes, norm_mode norm,
           const std::optional<array>& out) {
  return c2c_nd(a, s, axes, true, norm, out, "fftn");
}

array ifftn(const array& a, const std::optional<sizes_t>& s, const std::optional<axes_t>& axes, norm_mode norm,
            const std::optional<array>& out) {
  return c2c_nd(a, s, axes, false, norm, out, "ifftn");
}

array rfftn(const array& a, const std::optional<sizes_t>& s_in, const std::optional<axes_t>& ax_in, norm_mode norm,
            const std::optional<array>& out) {
  auto [s, axes] = cook(a, s_in, ax_in, false, "rfftn");
  if (axes.empty()) throw value_error("[rfftn] at least one axis must be transformed");
  array x = raw_fft(a, s.back(), axes.back(), op::r2c, true, norm, std::nullopt, "rfftn");
  for (size_t i = s.size() - 1; i-- > 0;) x = raw_fft(x, s[i], axes[i], op::c2c, true, norm, std::nullopt, "rfftn");
  return finish(x, out, axes.back());
}

array irfftn(const array& a, const std::optional<sizes_t>& s_in, const std::optional<axes_t>& ax_in, norm_mode norm,
             const std::optional<array>& out) {
  auto [s, axes] = cook(a, s_in, ax_in, true, "irfftn");
  if (axes.empty()) throw value_error("[irfftn] at least one axis must be transformed");
  array x = a;
  for (size_t i = 0; i + 1 < s.size(); ++i) x = raw_fft(x, s[i], axes[i], op::c2c, false, norm, std::nullopt, "irfftn");
  x = raw_fft(x, s.back(), axes.back(), op::c2r, false, norm, std::nullopt, "irfftn");
  return finish(x, out, axes.back());
}

array fft2(const array& a, const std::optional<sizes_t>& s, const axes_t& axes, norm_mode norm,
           const std::optional<array>& out) {
  return c2c_nd(a, s, axes, true, norm, out, "fft2");
}
array ifft2(const array& a, const std::optional<sizes_t>& s, const axes_t& axes, norm_mode norm,
            const std::optional<array>& out) {
  return c2c_nd(a, s, axes, false, norm, out, "ifft2");
}
array rfft2(const array& a, const std::optional<sizes_t>& s, const axes_t& axes, norm_mode norm,
            const std::optional<array>& out) {
  return rfftn(a, s, axes, norm, out);
}
array irfft2(const array& a, const std::optional<sizes_t>& s, const axes_t& axes, norm_mode norm,
             const std::optional<array>& out) {
  return irfftn(a, s, axes, norm, out);
}

array fftfreq(int64_t n, double d) {
  if (n <= 0) throw value_error(fmt::format("[fftfreq] n must be positive (n={})", n));
  array out = empty({n}, float64);
  double* p = out.data<double>();
  const double val = 1.0 / (static_cast<double>(n) * d);
  const int64_t N = (n - 1) / 2 + 1;
  for (int64_t i = 0; i < N; ++i) p[i] = static_cast<double>(i) * val;
  for (int64_t i = N; i < n; ++i) p[i] = static_cast<double>(i - n) * val;
  return out;
}

array rfftfreq(int64_t n, double d) {
  if (n <= 0) throw value_error(fmt::format("[rfftfreq] n must be positive (n={})", n));
  const int64_t N = n / 2 + 1;
  array out = empty({N}, float64);
  double* p = out.data<double>();
  const double val = 1.0 / (static_cast<double>(n) * d);
  for (int64_t i = 0; i < N; ++i) p[i] = static_cast<double>(i) * val;
  return out;
}

namespace {
array shift(const array& x, const std::optional<axes_t>& axes, bool inverse) {
  axes_t ax;
  if (axes) ax = *axes;
  else
    for (int64_t d = 0; d < x.ndim(); ++d) ax.push_back(d);
  std::vector<int64_t> shifts;
  for (int64_t a : ax) {
    const int64_t len = x.shape()[static_cast<size_t>(normalize_axis(a, x.ndim(), inverse ? "ifftshift" : "fftshift"))];
    shifts.push_back(inverse ? -(len / 2) : len / 2);
  }
  if (ax.empty()) return x.copy();
  return roll(x, shifts, ax);
}
}  // namespace

array fftshift(const array& x, const std::optional<axes_t>& axes) { return shift(x, axes, false); }
array ifftshift(const array& x, const std::optional<axes_t>& axes) { return shift(x, axes, true); }

void set_plan_cache_capacity(std::size_t plans) { be::set_cache_capacity(plans); }
std::size_t plan_cache_capacity() { return be::cache_capacity(); }
std::size_t plan_cache_size() { return be::cache_size(); }
void clear_plan_cache() { be::clear_cache(); }
void set_planner(planner p) { be::set_measure(p == planner::measure); }
planner get_planner() { return be::measure() ? planner::measure : planner::estimate; }

void export_wisdom(const std::string& path) {
  std::ofstream f(path, std::ios::binary);
  if (!f) throw io_error(fmt::format("[export_wisdom] cannot open '{}' for writing", path));
  f << be::export_wisdom();
  if (!f) throw io_error(fmt::format("[export_wisdom] cannot write '{}'", path));
}

void import_wisdom(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw io_error(fmt::format("[import_wisdom] cannot open '{}'", path));
  std::stringstream ss;
  ss << f.rdbuf();
  if (!be::import_wisdom(ss.str())) throw io_error(fmt::format("[import_wisdom] '{}' holds no valid FFTW wisdom", path));
}

}  // namespace nd::fft

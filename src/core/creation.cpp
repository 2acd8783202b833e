#include "nd/creation.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/layout.hpp"
#include "iter/convert.hpp"
#include "nd/views.hpp"

namespace nd {
namespace {

void check_new_order(order o, std::string_view op) {
  if (o != order::C && o != order::F)
    throw value_error(fmt::format("[{}] only 'C' or 'F' order is permitted", op));
}

array filled(const shape_t& shape, dtype dt, order o, int v, std::string_view op) {
  check_new_order(o, op);
  array a = detail::empty_in_layout(shape, dt, o, nullptr, op);
  a.fill(v);
  return a;
}

// NumPy's arange fill: the first two values are computed, converted to the dtype, and
// the rest follow as v0 + i * (v1 - v0) in the dtype's own arithmetic.
template <class T>
void arange_fill(char* p, int64_t n, T v0, T v1) {
  T* out = reinterpret_cast<T*>(p);
  if constexpr (std::is_same_v<T, bool>) {
    if (n > 0) out[0] = v0;
    if (n > 1) out[1] = v1;
  } else if constexpr (std::is_same_v<T, float16_t>) {
    const float s = v0, d = static_cast<float>(v1) - s;
    for (int64_t i = 0; i < n; ++i) out[i] = float16_t(s + static_cast<float>(i) * d);
    if (n > 1) out[1] = v1;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;  // wrap like NumPy's C arithmetic, without UB
    const U s = static_cast<U>(v0), d = static_cast<U>(static_cast<U>(v1) - s);
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(static_cast<U>(s + static_cast<U>(i) * d));
  } else {
    using R = typename std::conditional_t<detail::is_complex_v<T>, T, std::complex<T>>::value_type;
    const T d = v1 - v0;
    for (int64_t i = 0; i < n; ++i) out[i] = v0 + static_cast<R>(i) * d;
    if (n > 1) out[1] = v1;
  }
}

array arange_common(int64_t len, dtype dt, double start_d, double next_d, int64_t start_i, int64_t next_i,
                    bool integral) {
  if (dt.is_bool() && len > 2)
    throw value_error("[arange] no fill-function for data-type bool with more than two elements");
  array out = empty({len}, dt);
  if (len == 0) return out;
  char* p = static_cast<char*>(out.mutable_data());
  visit_dtype(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T v0 = integral ? detail::convert<T>(start_i) : detail::convert<T>(start_d);
    T v1 = integral ? detail::convert<T>(next_i) : detail::convert<T>(next_d);
    arange_fill<T>(p, len, v0, v1);
  });
  return out;
}

}  // namespace

array empty(const shape_t& shape, dtype dt, order o) {
  check_new_order(o, "empty");
  return detail::empty_in_layout(shape, dt, o, nullptr, "empty");
}
array zeros(const shape_t& shape, dtype dt, order o) { return filled(shape, dt, o, 0, "zeros"); }
array ones(const shape_t& shape, dtype dt, order o) { return filled(shape, dt, o, 1, "ones"); }

array full(const shape_t& shape, const array& value, std::optional<dtype> dt, order o) {
  check_new_order(o, "full");
  array a = detail::empty_in_layout(shape, dt.value_or(value.dtype()), o, nullptr, "full");
  a.assign(value);
  return a;
}

array empty_like(const array& a, std::optional<dtype> dt, order o) {
  return detail::empty_in_layout(a.shape(), dt.value_or(a.dtype()), o, &a, "empty_like");
}
array zeros_like(const array& a, std::optional<dtype> dt, order o) {
  array r = empty_like(a, dt, o);
  r.fill(0);
  return r;
}
array ones_like(const array& a, std::optional<dtype> dt, order o) {
  array r = empty_like(a, dt, o);
  r.fill(1);
  return r;
}
array full_like(const array& a, const array& value, std::optional<dtype> dt, order o) {
  array r = empty_like(a, dt, o);
  r.assign(value);
  return r;
}

array arange_int(int64_t start, int64_t stop, int64_t step, std::optional<dtype> dt) {
  if (step == 0) throw value_error("[arange] step must not be zero (division by zero)");
  const __int128 span = static_cast<__int128>(stop) - start;
  __int128 len = span / step + ((span % step != 0) && ((span > 0) == (step > 0)) ? 1 : 0);
  if (len < 0) len = 0;
  if (len > INT64_MAX) throw alloc_error("[arange] maximum allowed size exceeded");
  const int64_t next = static_cast<int64_t>(static_cast<uint64_t>(start) + static_cast<uint64_t>(step));
  const dtype out = dt.value_or(int64);
  if (out.is_integer() && out.itemsize() < 8) {
    // NumPy 2 refuses Python integers that do not fit the requested integer dtype.
    const int64_t bits = out.itemsize() * 8;
    const int64_t lo = out.is_unsigned_integer() ? 0 : -(int64_t{1} << (bits - 1));
    const int64_t hi = out.is_unsigned_integer() ? (int64_t{1} << bits) - 1 : (int64_t{1} << (bits - 1)) - 1;
    for (int64_t v : {start, len > 1 ? next : start})
      if (v < lo || v > hi)
        throw value_error(fmt::format("[arange] Python integer {} out of bounds for {}", v, out.name()));
  }
  return arange_common(static_cast<int64_t>(len), out, 0, 0, start, next, true);
}

array arange_float(double start, double stop, double step, std::optional<dtype> dt) {
  if (step == 0) throw value_error("[arange] step must not be zero (division by zero)");
  if (std::isnan(step) || !std::isfinite(start) || !std::isfinite(stop))
    throw value_error("[arange] arange: cannot compute length (start and stop must be finite, step not NaN)");
  const double delta = stop - start, ratio = delta / step;
  double q = std::ceil(ratio);
  // NumPy's rule for a quotient that underflows to zero (or a step of +-inf): one element
  // when the step points the right way.
  if (ratio == 0 && delta != 0) q = std::signbit(ratio) ? 0 : 1;
  if (!(q < 9.2e18)) throw alloc_error("[arange] maximum allowed size exceeded");
  const int64_t len = q > 0 ? static_cast<int64_t>(q) : 0;
  return arange_common(len, dt.value_or(float64), start, start + step, 0, 0, false);
}

std::pair<array, double> linspace_step(double start, double stop, int64_t num, bool endpoint,
                                       std::optional<dtype> dt) {
  if (num < 0) throw value_error(fmt::format("[linspace] Number of samples, {}, must be non-negative.", num));
  const int64_t div = endpoint ? num - 1 : num;
  const double delta = stop - start;
  array y = empty({num}, float64);
  double* p = static_cast<double*>(y.mutable_data());
  double step = std::nan("");
  if (div > 0) {
    step = delta / static_cast<double>(div);
    for (int64_t i = 0; i < num; ++i)
      p[i] = step == 0 ? static_cast<double>(i) / static_cast<double>(div) * delta : static_cast<double>(i) * step;
  } else {
    for (int64_t i = 0; i < num; ++i) p[i] = static_cast<double>(i) * delta;
  }
  for (int64_t i = 0; i < num; ++i) p[i] += start;
  if (endpoint && num > 1) p[num - 1] = stop;
  const dtype out = dt.value_or(float64);
  if (out.is_integer())
    for (int64_t i = 0; i < num; ++i) p[i] = std::floor(p[i]);
  return {out == float64 ? y : y.astype(out), step};
}

array linspace(double start, double stop, int64_t num, bool endpoint, std::optional<dtype> dt) {
  return linspace_step(start, stop, num, endpoint, dt).first;
}

array logspace(double start, double stop, int64_t num, bool endpoint, double base, std::optional<dtype> dt) {
  array y = linspace(start, stop, num, endpoint);
  double* p = static_cast<double*>(y.mutable_data());
  for (int64_t i = 0; i < num; ++i) p[i] = std::pow(base, p[i]);
  const dtype out = dt.value_or(float64);
  return out == float64 ? y : y.astype(out);
}

array eye(int64_t n, std::optional<int64_t> m_opt, int64_t k, dtype dt, order o) {
  const int64_t m = m_opt.value_or(n);
  array a = zeros({n, m}, dt, o);
  if (n > 0 && m > 0) {
    array d = array::view_of(a.buffer_ptr(), a.offset(), {n, m}, a.strides(), dt, true);
    // The k-th diagonal as a writeable strided view, filled through assign.
    const int64_t len = k >= 0 ? std::max<int64_t>(0, std::min(n, m - k)) : std::max<int64_t>(0, std::min(n + k, m));
    if (len > 0) {
      const int64_t off = a.offset() + (k >= 0 ? k * a.strides()[1] : -k * a.strides()[0]);
      array diag = array::view_of(a.buffer_ptr(), off, {len}, {a.strides()[0] + a.strides()[1]}, dt, true);
      diag.fill(1);
    }
  }
  return a;
}

array identity(int64_t n, dtype dt) { return eye(n, n, 0, dt); }

array detail_from_vector(void* data, int64_t count, const shape_t& shape, dtype dt, std::shared_ptr<const void> owner) {
  if (checked_size(shape, "from_vector") != count)
    throw shape_error(fmt::format("[from_vector] cannot reshape array of size {} into shape {}", count,
                                  shape_str(shape)));
  return array::wrap(data, shape, dt, std::move(owner));
}

array copy(const array& a, order o) { return a.copy(o); }
array astype(const array& a, dtype dt, casting c, bool copy_always) { return a.astype(dt, c, copy_always); }

array ascontiguousarray(const array& a, std::optional<dtype> dt) {
  array r = a.ndim() == 0 ? reshape(a, {1}) : a;
  if (r.is_c_contiguous() && (!dt || *dt == r.dtype())) return r;
  array out = empty(r.shape(), dt.value_or(r.dtype()), order::C);
  out.assign(r);
  return out;
}

array asfortranarray(const array& a, std::optional<dtype> dt) {
  array r = a.ndim() == 0 ? reshape(a, {1}) : a;
  if (r.is_f_contiguous() && (!dt || *dt == r.dtype())) return r;
  array out = empty(r.shape(), dt.value_or(r.dtype()), order::F);
  out.assign(r);
  return out;
}

}  // namespace nd

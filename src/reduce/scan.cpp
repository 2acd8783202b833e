// argmin/argmax (and nan-variants), count_nonzero, cumsum/cumprod: sequential scans per output.
#include <fmt/format.h>

#include "nd/creation.hpp"
#include "nd/views.hpp"
#include "reduce/common.hpp"

namespace nd::detail {
namespace {

// Calls f(ptr, stride, len, r) over the runs of output j's reduced elements in index order;
// stops when f returns false.
template <class F>
void walk(const reduce_geom& g, int64_t j, F&& f) {
  const int64_t o1 = j / g.o2, t = j % g.o2;
  int64_t base = t * g.o2_in;
  int64_t rem = o1;
  for (size_t d = g.o1_shape.size(); d-- > 0;) {
    base += (rem % g.o1_shape[d]) * g.o1_in[d];
    rem /= g.o1_shape[d];
  }
  const size_t nd_r = g.r_shape.size();
  std::vector<int64_t> idx(nd_r, 0);
  int64_t off = 0;
  for (int64_t r = 0; r < g.n_red;) {
    const int64_t len = g.r_shape.back();
    if (!f(g.in + base + off, g.r_in.back(), len, r)) return;
    r += len;
    for (size_t d = nd_r - 1; d-- > 0;) {
      idx[d] += 1;
      off += g.r_in[d];
      if (idx[d] < g.r_shape[d]) break;
      off -= idx[d] * g.r_in[d];
      idx[d] = 0;
    }
  }
}

template <class T>
bool greater(const T& a, const T& b) {
  if constexpr (is_complex_v<T>) return cplx_greater(a, b);
  else return a > b;
}

// Index of the first extreme; NaN wins (first NaN) unless SkipNan, where NaN is ignored
// and -1 means "all NaN".
template <class In, bool Max, bool SkipNan>
int64_t arg_one(const reduce_geom& g, int64_t j) {
  using T = std::conditional_t<std::is_same_v<In, float16_t>, float, In>;
  int64_t best_i = -1;
  T best{};
  walk(g, j, [&](const char* p, int64_t s, int64_t len, int64_t r) {
    for (int64_t i = 0; i < len; ++i) {
      const T x = convert<T>(load_as<In>(p + i * s));
      if (is_nan_value(x)) {
        if (SkipNan) continue;
        best_i = r + i;
        return false;
      }
      if (best_i < 0 || (Max ? greater(x, best) : greater(best, x))) {
        best = x;
        best_i = r + i;
      }
    }
    return true;
  });
  return best_i;
}

template <bool Max, bool SkipNan>
array arg_impl(const array& a, std::optional<int64_t> axis, bool keepdims, const std::optional<array>& out,
               std::string_view op) {
  std::optional<std::vector<int64_t>> ax;
  if (axis) ax = std::vector<int64_t>{*axis};
  const auto red = reduced_axes(ax, a.ndim(), op);
  const reduce_geom g = make_geom(a, nullptr, red);
  if (g.n_red == 0)
    throw value_error(fmt::format("[{}] attempt to get {} of an empty sequence", op, Max ? "argmax" : "argmin"));
  array res(g.out_shape, int64);
  int64_t* r = res.data<int64_t>();
  visit_dtype(a.dtype(), [&](auto tag) {
    using In = typename decltype(tag)::type;
    parallel_for(g.n_out, std::max<int64_t>(1, (1 << 15) / g.n_red), [&](int64_t b, int64_t e) {
      for (int64_t j = b; j < e; ++j) r[j] = arg_one<In, Max, SkipNan>(g, j);
    });
  });
  if (SkipNan)
    for (int64_t j = 0; j < res.size(); ++j)
      if (r[j] < 0) throw value_error(fmt::format("[{}] All-NaN slice encountered", op));
  shape_t keep = g.keep_shape;
  return finish_out(keepdims ? res.reshape(keep) : res, out, op);
}

template <class T>
T step_round(T v, dtype rdt) {
  if constexpr (std::is_same_v<T, float>)
    if (rdt == float16) return static_cast<float>(float16_t(v));
  return v;
}

template <bool Prod>
array cum_impl(const array& a0, std::optional<int64_t> axis, std::optional<dtype> dt, const std::optional<array>& out,
               std::string_view op) {
  array a = (dt && *dt != a0.dtype()) ? a0.astype(*dt) : a0;
  const dtype rdt = dt ? *dt : sum_result_dtype(a0.dtype());
  int64_t ax = 0;
  if (!axis) {
    a = ravel(a);
  } else {
    ax = normalize_axis(*axis, a.ndim(), op);
  }
  if (a.ndim() == 0) a = a.reshape({1});
  array res(a.shape(), rdt);
  const array av = moveaxis(a, ax, -1), rv = moveaxis(res, ax, -1);
  const int64_t n = av.shape().back();
  const int64_t rows = n == 0 ? 0 : av.size() / n;
  const int64_t nd_o = av.ndim() - 1;
  const int64_t si = av.strides().back(), sr = rv.strides().back();
  const char* ib = static_cast<const char*>(av.raw_data());
  char* rb = static_cast<char*>(res.mutable_data()) + (static_cast<const char*>(rv.raw_data()) - static_cast<const char*>(res.raw_data()));
  visit_dtype(a.dtype(), [&](auto tag) {
    using In = typename decltype(tag)::type;
    using Acc = sum_acc_t<In>;
    visit_dtype(rdt, [&](auto rtag) {
      using R = typename decltype(rtag)::type;
      parallel_for(rows, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(n, 1)), [&](int64_t b, int64_t e) {
        for (int64_t row = b; row < e; ++row) {
          int64_t oi = 0, orr = 0, rem = row;
          for (int64_t d = nd_o; d-- > 0;) {
            const int64_t k = rem % av.shape()[static_cast<size_t>(d)];
            rem /= av.shape()[static_cast<size_t>(d)];
            oi += k * av.strides()[static_cast<size_t>(d)];
            orr += k * rv.strides()[static_cast<size_t>(d)];
          }
          Acc acc = Prod ? mul_op<In, Acc>::identity() : Acc(0);
          for (int64_t i = 0; i < n; ++i) {
            const Acc x = add_op<In, Acc>::load(ib + oi + i * si);
            acc = step_round(Prod ? acc * x : acc + x, rdt);
            R v;
            if constexpr (std::is_same_v<Acc, uint64_t> && std::is_integral_v<R> && !std::is_same_v<R, bool>)
              v = static_cast<R>(acc);
            else
              v = convert<R>(acc);
            std::memcpy(rb + orr + i * sr, &v, sizeof(R));
          }
        }
      });
    });
  });
  return finish_out(res, out, op);
}

}  // namespace
}  // namespace nd::detail

namespace nd {
using namespace detail;

array argmax(const array& a, std::optional<int64_t> axis, bool keepdims, std::optional<array> out) {
  return arg_impl<true, false>(a, axis, keepdims, out, "argmax");
}
array argmin(const array& a, std::optional<int64_t> axis, bool keepdims, std::optional<array> out) {
  return arg_impl<false, false>(a, axis, keepdims, out, "argmin");
}
array nanargmax(const array& a, std::optional<int64_t> axis, bool keepdims, std::optional<array> out) {
  return arg_impl<true, true>(a, axis, keepdims, out, "nanargmax");
}
array nanargmin(const array& a, std::optional<int64_t> axis, bool keepdims, std::optional<array> out) {
  return arg_impl<false, true>(a, axis, keepdims, out, "nanargmin");
}

array count_nonzero(const array& a, std::optional<std::vector<int64_t>> axis, bool keepdims) {
  const auto red = reduced_axes(axis, a.ndim(), "count_nonzero");
  const reduce_geom g = make_geom(a, nullptr, red);
  array res = visit_dtype(a.dtype(), [&](auto tag) {
    using In = typename decltype(tag)::type;
    return run_op<count_op<In>>(g);
  });
  res = res.astype(int64);
  return keepdims ? res.reshape(g.keep_shape) : res;
}

array cumsum(const array& a, std::optional<int64_t> axis, std::optional<nd::dtype> dt, std::optional<array> out) {
  return cum_impl<false>(a, axis, dt, out, "cumsum");
}
array cumprod(const array& a, std::optional<int64_t> axis, std::optional<nd::dtype> dt, std::optional<array> out) {
  return cum_impl<true>(a, axis, dt, out, "cumprod");
}

}  // namespace nd

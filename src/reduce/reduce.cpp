// sum, prod, mean, var, std, min, max, ptp, any, all and their nan-variants on the tree engine.
#include <fmt/format.h>

#include "iter/strided_iter.hpp"
#include "nd/creation.hpp"
#include "nd/views.hpp"
#include "reduce/common.hpp"

namespace nd::detail {

dtype sum_result_dtype(dtype in) {
  if (in.is_bool() || in.is_signed_integer()) return int64;
  if (in.is_unsigned_integer()) return uint64;
  return in;
}

namespace {

template <class In>
void nanmask_loop_where(char** d, const int64_t* s, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const bool keep = !is_nan_value(load_as<In>(d[1] + i * s[1])) && load_as<bool>(d[2] + i * s[2]);
    *reinterpret_cast<bool*>(d[0] + i * s[0]) = keep;
  }
}

template <class In>
void nanmask_loop_plain(char** d, const int64_t* s, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    *reinterpret_cast<bool*>(d[0] + i * s[0]) = !is_nan_value(load_as<In>(d[1] + i * s[1]));
}

}  // namespace

prepared prepare(const array& a0, const reduce_options& o, std::optional<dtype> cast_to, bool nan_skip,
                 std::string_view op) {
  prepared p;
  p.a = (cast_to && *cast_to != a0.dtype()) ? a0.astype(*cast_to) : a0;
  const auto red = reduced_axes(o.axis, p.a.ndim(), op);
  p.mask = broadcast_mask(p.a, o.where, op);
  if (nan_skip && p.a.dtype().is_inexact()) {
    array m(p.a.shape(), bool_);
    strided_iter it = p.mask ? strided_iter(p.a.shape(), {{static_cast<char*>(m.mutable_data()), &m.strides()},
                                                          {const_cast<char*>(static_cast<const char*>(p.a.raw_data())), &p.a.strides()},
                                                          {const_cast<char*>(static_cast<const char*>(p.mask->raw_data())), &p.mask->strides()}})
                             : strided_iter(p.a.shape(), {{static_cast<char*>(m.mutable_data()), &m.strides()},
                                                          {const_cast<char*>(static_cast<const char*>(p.a.raw_data())), &p.a.strides()}});
    const loop_fn fn = visit_dtype(p.a.dtype(), [&](auto tag) -> loop_fn {
      using In = typename decltype(tag)::type;
      return p.mask ? &nanmask_loop_where<In> : &nanmask_loop_plain<In>;
    });
    it.run_parallel(fn);
    p.mask = m;
  }
  p.g = make_geom(p.a, p.mask ? &*p.mask : nullptr, red);
  return p;
}

array count_true(const prepared& p) {
  if (!p.mask) return full(p.g.out_shape, static_cast<uint64_t>(p.g.n_red));
  reduce_geom gm = make_geom(*p.mask, nullptr, p.g.reduced);
  return run_op<count_op<bool>>(gm);
}

array apply_keep(const array& res, const prepared& p, bool keepdims) {
  return keepdims ? res.reshape(p.g.keep_shape) : res;
}

namespace {

enum class sp_kind { sum, prod };

array sum_prod(const array& a, const reduce_options& o, sp_kind kind, bool nan, std::string_view op) {
  prepared p = prepare(a, o, o.dtype, nan, op);
  const dtype rdt = o.dtype ? *o.dtype : sum_result_dtype(a.dtype());
  array res = visit_dtype(p.a.dtype(), [&](auto tag) {
    using In = typename decltype(tag)::type;
    using Acc = sum_acc_t<In>;
    if (kind == sp_kind::sum) {
      array r = run_op<add_op<In, Acc>>(p.g);
      apply_initial<add_op<In, Acc>>(r, o.initial.value_or(0.0));  // +0 also turns -0 sums into NumPy's 0
      return r;
    }
    array r = run_op<mul_op<In, Acc>>(p.g);
    if (o.initial) apply_initial<mul_op<In, Acc>>(r, *o.initial);
    return r;
  });
  return finish_out(apply_keep(res.astype(rdt), p, o.keepdims), o.out, op);
}

template <bool Max, bool FNan>
array extreme(const array& a, const reduce_options& o, std::string_view op, std::string_view ufunc) {
  prepared p = prepare(a, o, std::nullopt, false, op);
  if (p.g.n_red == 0 && !o.initial)
    throw value_error(fmt::format("[{}] zero-size array to reduction operation {} which has no identity", op, ufunc));
  if (o.where && !o.initial)
    throw value_error(fmt::format(
        "[{}] reduction operation '{}' does not have an identity, so to use a where mask one has to specify 'initial'",
        op, ufunc));
  array res = visit_dtype(p.a.dtype(), [&](auto tag) {
    using In = typename decltype(tag)::type;
    using Op = ext_op<In, Max, FNan>;
    array r = run_op<Op>(p.g);
    if (o.initial) apply_initial<Op>(r, *o.initial);
    return r;
  });
  return finish_out(apply_keep(res.astype(a.dtype()), p, o.keepdims), o.out, op);
}

template <bool Any>
array logic(const array& a, const reduce_options& o, std::string_view op) {
  prepared p = prepare(a, o, std::nullopt, false, op);
  array res = visit_dtype(p.a.dtype(), [&](auto tag) {
    using In = typename decltype(tag)::type;
    return run_op<logic_op<In, Any>>(p.g);
  });
  return finish_out(apply_keep(res.astype(bool_), p, o.keepdims), o.out, op);
}

}  // namespace

// Mean in its computation dtype (float64 for integers, float32 for float16), not yet cast.
array mean_acc(const prepared& p, const array& counts) {
  array s = visit_dtype(p.a.dtype(), [&](auto tag) {
    using In = typename decltype(tag)::type;
    return run_op<add_op<In, mean_acc_t<In>>>(p.g);
  });
  const uint64_t* c = counts.data<uint64_t>();
  visit_dtype(s.dtype(), [&](auto tag) {
    using M = typename decltype(tag)::type;
    if constexpr (std::is_floating_point_v<M> || is_complex_v<M>) {
      M* v = static_cast<M*>(s.mutable_data());
      using R = typename real_of<M>::type;
      for (int64_t i = 0; i < s.size(); ++i) {
        const R n = static_cast<R>(c[i]);
        if constexpr (is_complex_v<M>) {
          // NumPy divides by complex(n, 0) with Smith's method: (inf + bj) / n has a NaN imaginary part.
          const R scl = R(1) / n;
          v[i] = M((v[i].real() + v[i].imag() * R(0)) * scl, (v[i].imag() - v[i].real() * R(0)) * scl);
        } else {
          v[i] = (v[i] + M(0)) / n;
        }
      }
    }
  });
  return s;
}

dtype mean_result_dtype(dtype in) {
  if (in.is_bool() || in.is_integer()) return float64;
  return in;
}

}  // namespace nd::detail

namespace nd {
using namespace detail;

array sum(const array& a, const reduce_options& o) { return sum_prod(a, o, sp_kind::sum, false, "sum"); }
array prod(const array& a, const reduce_options& o) { return sum_prod(a, o, sp_kind::prod, false, "prod"); }
array nansum(const array& a, const reduce_options& o) { return sum_prod(a, o, sp_kind::sum, true, "nansum"); }
array nanprod(const array& a, const reduce_options& o) { return sum_prod(a, o, sp_kind::prod, true, "nanprod"); }
array max(const array& a, const reduce_options& o) { return extreme<true, false>(a, o, "max", "maximum"); }
array min(const array& a, const reduce_options& o) { return extreme<false, false>(a, o, "min", "minimum"); }
array nanmax(const array& a, const reduce_options& o) { return extreme<true, true>(a, o, "nanmax", "fmax"); }
array nanmin(const array& a, const reduce_options& o) { return extreme<false, true>(a, o, "nanmin", "fmin"); }
array any(const array& a, const reduce_options& o) { return logic<true>(a, o, "any"); }
array alltrue(const array& a, const reduce_options& o) { return logic<false>(a, o, "all"); }

array ptp(const array& a, const reduce_options& o) {
  if (a.dtype().is_bool())
    throw dtype_error("[ptp] numpy boolean subtract, the `-` operator, is not supported for dtype bool");
  reduce_options o2 = o;
  o2.out.reset();
  const array mx = max(a, o2), mn = min(a, o2);
  array res(mx.shape(), a.dtype());
  visit_dtype(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* x = mx.data<T>();
    const T* y = mn.data<T>();
    T* r = res.data<T>();
    for (int64_t i = 0; i < res.size(); ++i) {
      if constexpr (std::is_integral_v<T>) r[i] = static_cast<T>(static_cast<uint64_t>(x[i]) - static_cast<uint64_t>(y[i]));
      else if constexpr (std::is_same_v<T, float16_t>) r[i] = T(static_cast<float>(x[i]) - static_cast<float>(y[i]));
      else r[i] = x[i] - y[i];
    }
  });
  return finish_out(res, o.out, "ptp");
}

namespace {

array mean_impl(const array& a, const reduce_options& o, bool nan, std::string_view op) {
  // An explicit dtype sums in that dtype (the input is cast first), as NumPy's.
  const bool explicit_dt = o.dtype.has_value() && !o.dtype->is_integer() && !o.dtype->is_bool();
  prepared p = prepare(a, o, explicit_dt ? o.dtype : std::nullopt, nan, op);
  const dtype rdt = explicit_dt ? *o.dtype : (o.dtype ? *o.dtype : mean_result_dtype(a.dtype()));
  array m = mean_acc(p, count_true(p));
  return finish_out(apply_keep(m.astype(rdt), p, o.keepdims), o.out, op);
}

template <class In, class M>
void dev_loop(char** d, const int64_t* s, int64_t n) {
  using R = typename real_of<M>::type;
  for (int64_t i = 0; i < n; ++i) {
    const M x = convert<M>(load_as<In>(d[1] + i * s[1])) - load_as<M>(d[2] + i * s[2]);
    R v;
    if constexpr (is_complex_v<M>) v = x.real() * x.real() + x.imag() * x.imag();
    else v = x * x;
    std::memcpy(d[0] + i * s[0], &v, sizeof(R));
  }
}

array var_impl(const array& a, const reduce_options& o, bool nan, bool sqrt_it, std::string_view op) {
  const bool explicit_dt = o.dtype.has_value() && !o.dtype->is_integer() && !o.dtype->is_bool();
  prepared p = prepare(a, o, explicit_dt ? o.dtype : std::nullopt, nan, op);
  const dtype base = explicit_dt ? *o.dtype : mean_result_dtype(a.dtype());
  const dtype rdt = base == complex64 ? float32 : base == complex128 ? float64 : base;
  const array counts = count_true(p);
  const array mu = mean_acc(p, counts).reshape(p.g.keep_shape);
  const array mub = broadcast_to(mu, p.a.shape());
  const dtype real_dt = mu.dtype() == complex64 ? float32 : mu.dtype() == complex128 ? float64 : mu.dtype();
  array dev(p.a.shape(), real_dt);
  strided_iter it(p.a.shape(), {{static_cast<char*>(dev.mutable_data()), &dev.strides()},
                                {const_cast<char*>(static_cast<const char*>(p.a.raw_data())), &p.a.strides()},
                                {const_cast<char*>(static_cast<const char*>(mub.raw_data())), &mub.strides()}});
  const loop_fn fn = visit_dtype(p.a.dtype(), [&](auto tag) -> loop_fn {
    using In = typename decltype(tag)::type;
    return &dev_loop<In, mean_acc_t<In>>;
  });
  it.run_parallel(fn);
  reduce_geom gd = make_geom(dev, p.mask ? &*p.mask : nullptr, p.g.reduced);
  array v = visit_dtype(real_dt, [&](auto tag) {
    using R = typename decltype(tag)::type;
    if constexpr (std::is_floating_point_v<R>) {
      array s = run_op<add_op<R, R>>(gd);
      R* x = static_cast<R*>(s.mutable_data());
      const uint64_t* c = counts.data<uint64_t>();
      for (int64_t i = 0; i < s.size(); ++i) {
        const int64_t dof = std::max<int64_t>(static_cast<int64_t>(c[i]) - o.ddof, 0);
        x[i] = (x[i] + R(0)) / static_cast<R>(dof);
        if (sqrt_it) x[i] = std::sqrt(x[i]);
      }
      return s;
    } else {
      return array();
    }
  });
  return finish_out(apply_keep(v.astype(rdt), p, o.keepdims), o.out, op);
}

}  // namespace

array mean(const array& a, const reduce_options& o) { return mean_impl(a, o, false, "mean"); }
array nanmean(const array& a, const reduce_options& o) { return mean_impl(a, o, true, "nanmean"); }
array var(const array& a, const reduce_options& o) { return var_impl(a, o, false, false, "var"); }
array nanvar(const array& a, const reduce_options& o) { return var_impl(a, o, true, false, "nanvar"); }
array std(const array& a, const reduce_options& o) { return var_impl(a, o, false, true, "std"); }
array nanstd(const array& a, const reduce_options& o) { return var_impl(a, o, true, true, "nanstd"); }

#define ND_X(name)                                                              \
  array name(const array& a, int64_t axis, bool keepdims) {                     \
    reduce_options o;                                                           \
    o.axis = std::vector<int64_t>{axis};                                        \
    o.keepdims = keepdims;                                                      \
    return name(a, o);                                                          \
  }                                                                             \
  array name(const array& a, const std::vector<int64_t>& axes, bool keepdims) { \
    reduce_options o;                                                           \
    o.axis = axes;                                                              \
    o.keepdims = keepdims;                                                      \
    return name(a, o);                                                          \
  }
ND_REDUCTIONS(ND_X)
#undef ND_X

}  // namespace nd

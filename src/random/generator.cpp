// numpy.random.Generator's methods over nd's bit generators. The draw loops are templated on
// the concrete engine (one dispatch per call), so they inline the bit generator.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "iter/parallel.hpp"
#include "nd/creation.hpp"
#include "nd/error.hpp"
#include "nd/indexing.hpp"
#include "nd/linalg.hpp"
#include "nd/random.hpp"
#include "nd/ufunc.hpp"
#include "nd/threads.hpp"
#include "nd/views.hpp"
#include "random/distributions.hpp"

namespace nd::random {

namespace detail {

double loggam(double x) {
  // Stirling-series coefficients B_2k / (2k (2k - 1)) for k = 1..10, as printed in the
  // classic tables (16 significant digits; the last 15) that NumPy's random_loggam uses.
  static constexpr double a[10] = {8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
                                   -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
                                   6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01,
                                   -1.39243221690590e+00};
  if (x == 1.0 || x == 2.0) return 0.0;
  const int64_t n = x < 7.0 ? static_cast<int64_t>(7 - x) : 0;
  double x0 = x + static_cast<double>(n);
  const double x2 = (1.0 / x0) * (1.0 / x0);
  constexpr double lg2pi = 1.8378770664093453e+00;  // log(2 pi)
  double gl0 = a[9];
  for (int k = 8; k >= 0; --k) {
    gl0 *= x2;
    gl0 += a[k];
  }
  double gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * std::log(x0) - x0;
  if (x < 7.0) {
    for (int64_t k = 1; k <= n; ++k) {
      gl -= std::log(x0 - 1.0);
      x0 -= 1.0;
    }
  }
  return gl;
}

}  // namespace detail

namespace {

using detail::bit_buffer;

/// A generator's state as a plain local value with the engine's draws: in a loop the
/// compiler keeps it in registers, where the engine object's state would be reloaded and
/// stored around every draw (stores to the output could alias it). About 2x on integers.
template <class E>
struct local_engine {
  typename E::state_t st;
  uint64_t next64() { return E::step64(st); }
  uint32_t next32() { return detail::next32_of<E>(st); }
  double next_dbl() { return detail::dbl_of(E::step64(st)); }
};

/// f(local_engine<E>&) on a copy of E's state, written back afterwards. (f's loops do not
/// throw once they draw: parameters are checked before.)
template <class E, class F>
void on_local_state(E& e, F&& f) {
  local_engine<E> l{e.state()};
  f(l);
  e.set_state(l.st);
}

/// Calls f(engine&) with the concrete engine type (a local copy of the state for the
/// generators whose state is small; MT19937's 2.5 KB state is used in place).
template <class F>
void with_engine(bit_generator& bg, F&& f) {
  switch (bg.kind()) {
    case bitgen_kind::pcg64: return on_local_state(static_cast<pcg64&>(bg), f);
    case bitgen_kind::pcg64dxsm: return on_local_state(static_cast<pcg64dxsm&>(bg), f);
    case bitgen_kind::philox: return on_local_state(static_cast<philox&>(bg), f);
    case bitgen_kind::sfc64: return on_local_state(static_cast<sfc64&>(bg), f);
    case bitgen_kind::mt19937: break;
  }
  return f(static_cast<mt19937&>(bg));
}

void check_size(const char* op, const shape_t& size) {
  for (int64_t d : size)
    if (d < 0) throw value_error(fmt::format("[{}] negative dimensions are not allowed", op));
}

/// A parameter read per element: a scalar (stride 0) or a contiguous broadcast copy.
struct param_view {
  array holder;
  const double* p = nullptr;
  int64_t stride = 0;
  double operator[](int64_t i) const { return p[i * stride]; }
};

shape_t out_shape(const char* op, const std::vector<const param*>& ps, const opt_shape& size) {
  std::vector<shape_t> shapes;
  for (const param* p : ps) shapes.push_back(p->shape());
  if (size) {
    check_size(op, *size);
    shapes.push_back(*size);
    const shape_t b = broadcast_shapes(shapes, op);
    if (b != *size) {
      std::string msg = fmt::format("[{}] shape mismatch: objects cannot be broadcast to a single shape: size {}", op,
                                    shape_str(*size));
      for (const param* p : ps) msg += ", parameter " + shape_str(p->shape());
      throw value_error(msg);
    }
    return *size;
  }
  return broadcast_shapes(shapes, op);
}

param_view view_of(const param& p, const shape_t& shape, dtype dt = float64) {
  param_view v;
  if (p.size() == 1) {
    v.holder = ascontiguousarray(reshape(p, {1}), dt);
    v.stride = 0;
  } else {
    v.holder = ascontiguousarray(broadcast_to(p, shape), dt);
    v.stride = 1;
  }
  v.p = static_cast<const double*>(v.holder.raw_data());
  return v;
}

enum class cons { none, non_negative, positive, bounded_0_1, bounded_gt_0_1, poisson };

constexpr double poisson_lam_max = 9.2233720064847708e18;  // INT64_MAX - 10 sqrt(INT64_MAX), as NumPy

void check_value(const char* op, const char* name, cons c, double v) {
  switch (c) {
    case cons::none: return;
    case cons::non_negative:
      if (!std::isnan(v) && std::signbit(v)) throw value_error(fmt::format("[{}] {} < 0", op, name));
      return;
    case cons::positive:
      if (v <= 0) throw value_error(fmt::format("[{}] {} <= 0", op, name));
      return;
    case cons::bounded_0_1:
      if (!(v >= 0) || !(v <= 1)) throw value_error(fmt::format("[{}] {} < 0, {} > 1 or {} is NaN", op, name, name, name));
      return;
    case cons::bounded_gt_0_1:
      if (!(v > 0) || !(v <= 1))
        throw value_error(fmt::format("[{}] {} <= 0, {} > 1 or {} contains NaNs", op, name, name, name));
      return;
    case cons::poisson:
      if (!(v >= 0)) throw value_error(fmt::format("[{}] {} < 0 or {} is NaN", op, name, name));
      if (!(v <= poisson_lam_max)) throw value_error(fmt::format("[{}] {} value too large", op, name));
      return;
  }
}

struct pspec {
  const param* p;
  const char* name;
  cons c;
};

/// NumPy's cont/disc: broadcast the parameters, check them, draw element by element in C order.
template <class Out, size_t N, class Draw>
array draw_params(bit_generator& bg, const char* op, const std::array<pspec, N>& specs, const opt_shape& size,
                  Draw draw) {
  std::vector<const param*> ps;
  for (const auto& s : specs) ps.push_back(s.p);
  const shape_t shape = out_shape(op, ps, size);
  std::array<param_view, N> v;
  for (size_t k = 0; k < N; ++k) {
    v[k] = view_of(*specs[k].p, shape);
    if (specs[k].c != cons::none) {
      const int64_t m = v[k].stride ? v[k].holder.size() : 1;
      for (int64_t i = 0; i < m; ++i) check_value(op, specs[k].name, specs[k].c, v[k].p[i]);
    }
  }
  array out = empty(shape, dtype_of<Out>());
  Out* o = static_cast<Out*>(out.mutable_data(op));
  const int64_t n = out.size();
  with_engine(bg, [&](auto& e) {
    double args[N > 0 ? N : 1];
    for (int64_t i = 0; i < n; ++i) {
      for (size_t k = 0; k < N; ++k) args[k] = v[k][i];
      o[i] = draw(e, args);
    }
  });
  return out;
}

/// The contiguous destination for an `out=` fill, or a temporary when `out` is strided.
template <class T, class Fill>
void fill_out(array& out, const char* op, Fill fill) {
  if (out.dtype() != dtype_of<T>())
    throw dtype_error(fmt::format("[{}] out has dtype {}, expected {}", op, out.dtype().name(), dtype_of<T>().name()));
  if (out.is_c_contiguous()) {
    fill(static_cast<T*>(out.mutable_data(op)), out.size());
    return;
  }
  array tmp = empty(out.shape(), out.dtype());
  fill(static_cast<T*>(tmp.mutable_data(op)), tmp.size());
  out.assign(tmp);
}

constexpr int64_t parallel_threshold = int64_t{1} << 18;

/// Doubles in [0, 1) from a PCG engine, split across threads: chunk k starts from a copy of
/// the state advanced by its offset, so the numbers equal a sequential fill.
template <class Pcg>
void random_parallel(Pcg& g, double* o, int64_t n) {
  const auto start = g.state();
  nd::detail::parallel_for(n, parallel_threshold / 4, [&](int64_t b, int64_t end) {
    Pcg local(start);
    if (b) local.advance(static_cast<uint128_t>(b));
    for (int64_t i = b; i < end; ++i) o[i] = local.next_dbl();
  });
  auto st = start;
  Pcg adv(start);
  adv.advance(static_cast<uint128_t>(n));
  st.state = adv.state().state;  // the 32-bit buffer is untouched by double draws
  g.set_state(st);
}

}  // namespace

generator::generator(std::shared_ptr<bit_generator> bg) : bg_(std::move(bg)) {
  if (!bg_) throw value_error("[Generator] needs a bit generator");
}

generator default_rng(uint64_t seed) { return generator(std::make_shared<pcg64>(seed_sequence::from_seed(seed))); }
generator default_rng(const seed_sequence& seq) { return generator(std::make_shared<pcg64>(seq)); }

// ---------------------------------------------------------------- uniform floats

void generator::random_into(array& out) {
  if (out.dtype() == float32) {
    fill_out<float>(out, "random", [&](float* o, int64_t n) {
      with_engine(*bg_, [&](auto& e) {
        for (int64_t i = 0; i < n; ++i) o[i] = detail::next_flt(e);
      });
    });
    return;
  }
  fill_out<double>(out, "random", [&](double* o, int64_t n) {
    const bool par = n >= parallel_threshold && get_num_threads() > 1 && !nd::detail::in_parallel_region();
    if (par && bg_->kind() == bitgen_kind::pcg64) return random_parallel(static_cast<pcg64&>(*bg_), o, n);
    if (par && bg_->kind() == bitgen_kind::pcg64dxsm) return random_parallel(static_cast<pcg64dxsm&>(*bg_), o, n);
    with_engine(*bg_, [&](auto& e) {
      for (int64_t i = 0; i < n; ++i) o[i] = e.next_dbl();
    });
  });
}

array generator::random(const shape_t& size, dtype dt) {
  check_size("random", size);
  if (dt != float64 && dt != float32)
    throw dtype_error(fmt::format("[random] Unsupported dtype \"{}\" for random", dt.name()));
  array out = empty(size, dt);
  random_into(out);
  return out;
}

void generator::standard_normal_into(array& out) {
  if (out.dtype() == float32) {
    fill_out<float>(out, "standard_normal", [&](float* o, int64_t n) {
      with_engine(*bg_, [&](auto& e) {
        for (int64_t i = 0; i < n; ++i) o[i] = detail::std_normal_f(e);
      });
    });
    return;
  }
  fill_out<double>(out, "standard_normal", [&](double* o, int64_t n) {
    with_engine(*bg_, [&](auto& e) {
      for (int64_t i = 0; i < n; ++i) o[i] = detail::std_normal(e);
    });
  });
}

array generator::standard_normal(const shape_t& size, dtype dt) {
  check_size("standard_normal", size);
  if (dt != float64 && dt != float32)
    throw dtype_error(fmt::format("[standard_normal] Unsupported dtype \"{}\" for standard_normal", dt.name()));
  array out = empty(size, dt);
  standard_normal_into(out);
  return out;
}

void generator::standard_exponential_into(array& out, bool inverse) {
  if (out.dtype() == float32) {
    fill_out<float>(out, "standard_exponential", [&](float* o, int64_t n) {
      with_engine(*bg_, [&](auto& e) {
        if (inverse)
          for (int64_t i = 0; i < n; ++i) o[i] = -std::log1pf(-detail::next_flt(e));
        else
          for (int64_t i = 0; i < n; ++i) o[i] = detail::std_exponential_f(e);
      });
    });
    return;
  }
  fill_out<double>(out, "standard_exponential", [&](double* o, int64_t n) {
    with_engine(*bg_, [&](auto& e) {
      if (inverse)
        for (int64_t i = 0; i < n; ++i) o[i] = -std::log1p(-e.next_dbl());
      else
        for (int64_t i = 0; i < n; ++i) o[i] = detail::std_exponential(e);
    });
  });
}

array generator::standard_exponential(const shape_t& size, dtype dt, bool inverse) {
  check_size("standard_exponential", size);
  if (dt != float64 && dt != float32)
    throw dtype_error(fmt::format("[standard_exponential] Unsupported dtype \"{}\" for standard_exponential", dt.name()));
  array out = empty(size, dt);
  standard_exponential_into(out, inverse);
  return out;
}

// ---------------------------------------------------------------- integers

namespace {

__extension__ typedef __int128 int128_t;

struct int_bounds {
  int128_t lo, hi;
};

template <class T>
int_bounds bounds_of() {
  return {static_cast<int128_t>(std::numeric_limits<T>::min()), static_cast<int128_t>(std::numeric_limits<T>::max())};
}

std::vector<int128_t> int_values(const param& p, const shape_t& shape, bool scalar) {
  const array src = scalar ? reshape(p, {1}) : broadcast_to(p, shape);
  std::vector<int128_t> out(static_cast<size_t>(src.size()));
  if (p.dtype() == uint64) {
    const array c = ascontiguousarray(src, uint64);
    const auto* d = static_cast<const uint64_t*>(c.raw_data());
    for (size_t i = 0; i < out.size(); ++i) out[i] = d[i];
  } else if (p.dtype().is_floating()) {
    const array c = ascontiguousarray(src, float64);
    const auto* d = static_cast<const double*>(c.raw_data());
    for (size_t i = 0; i < out.size(); ++i) {
      if (!std::isfinite(d[i]) || std::fabs(d[i]) >= 1.8446744073709552e19)
        throw value_error("[integers] bounds must be finite integers within the dtype's range");
      out[i] = static_cast<int128_t>(d[i]);
    }
  } else {
    const array c = ascontiguousarray(src, int64);
    const auto* d = static_cast<const int64_t*>(c.raw_data());
    for (size_t i = 0; i < out.size(); ++i) out[i] = d[i];
  }
  return out;
}

/// One draw in [off, off + rng] for an integer type T, with NumPy's per-width method
/// (8- and 16-bit draws share 32-bit words through `buf`).
template <class T, class E>
ND_RANDOM_HOT T bounded_draw(E& e, uint64_t off, uint64_t rng, bit_buffer& buf) {
  if constexpr (std::is_same_v<T, bool>) {
    if (rng == 0) return off != 0;
    return detail::buffered_bool(e, buf);
  } else {
    using U = std::make_unsigned_t<T>;
    if constexpr (sizeof(T) == 8) {
      return static_cast<T>(off + detail::bounded64(e, rng));
    } else if constexpr (sizeof(T) == 4) {
      if (rng == 0) return static_cast<T>(off);
      if (rng == 0xFFFFFFFFULL) return static_cast<T>(static_cast<U>(off + e.next32()));
      return static_cast<T>(static_cast<U>(off + detail::lemire32(e, static_cast<uint32_t>(rng))));
    } else if constexpr (sizeof(T) == 2) {
      if (rng == 0) return static_cast<T>(off);
      if (rng == 0xFFFFULL) return static_cast<T>(static_cast<U>(off + detail::buffered16(e, buf)));
      return static_cast<T>(static_cast<U>(off + detail::lemire16(e, static_cast<uint16_t>(rng), buf)));
    } else {
      if (rng == 0) return static_cast<T>(off);
      if (rng == 0xFFULL) return static_cast<T>(static_cast<U>(off + detail::buffered8(e, buf)));
      return static_cast<T>(static_cast<U>(off + detail::lemire8(e, static_cast<uint8_t>(rng), buf)));
    }
  }
}

template <class T>
array integers_typed(bit_generator& bg, const param& low, const param& high, const opt_shape& size, bool endpoint) {
  const char* op = "integers";
  const shape_t shape = out_shape(op, {&low, &high}, size);
  const bool scalar = low.ndim() == 0 && high.ndim() == 0;
  array out = empty(shape, dtype_of<T>());
  if (size && out.size() == 0) return out;
  const auto lo = int_values(low, shape, low.size() == 1);
  auto hi = int_values(high, shape, high.size() == 1);
  const auto b = std::is_same_v<T, bool> ? int_bounds{0, 1} : bounds_of<T>();
  const std::string tname(dtype_of<T>().name());
  for (auto& h : hi)
    if (!endpoint) h -= 1;
  for (auto l : lo)
    if (l < b.lo) throw value_error(fmt::format("[{}] low is out of bounds for {}", op, tname));
  for (auto h : hi)
    if (h > b.hi) throw value_error(fmt::format("[{}] high is out of bounds for {}", op, tname));
  const size_t nl = lo.size(), nh = hi.size(), nmax = std::max(nl, nh);
  for (size_t i = 0; i < nmax; ++i)
    if (lo[nl == 1 ? 0 : i] > hi[nh == 1 ? 0 : i])
      throw value_error(fmt::format("[{}] {}", op, endpoint ? "low > high" : "low >= high"));
  (void)scalar;
  T* o = static_cast<T*>(out.mutable_data(op));
  const int64_t n = out.size();
  with_engine(bg, [&](auto& e) {
    bit_buffer buf;
    if (nl == 1 && nh == 1) {
      const auto off = static_cast<uint64_t>(lo[0]), rng = static_cast<uint64_t>(hi[0] - lo[0]);
      for (int64_t i = 0; i < n; ++i) o[i] = bounded_draw<T>(e, off, rng, buf);
    } else {
      for (int64_t i = 0; i < n; ++i) {
        const int128_t l = lo[nl == 1 ? 0 : static_cast<size_t>(i)], h = hi[nh == 1 ? 0 : static_cast<size_t>(i)];
        o[i] = bounded_draw<T>(e, static_cast<uint64_t>(l), static_cast<uint64_t>(h - l), buf);
      }
    }
  });
  return out;
}

}  // namespace

array generator::integers(const param& low, const param& high, const opt_shape& size, dtype dt, bool endpoint) {
  switch (dt.id()) {
    case dtype_id::int64: return integers_typed<int64_t>(*bg_, low, high, size, endpoint);
    case dtype_id::int32: return integers_typed<int32_t>(*bg_, low, high, size, endpoint);
    case dtype_id::int16: return integers_typed<int16_t>(*bg_, low, high, size, endpoint);
    case dtype_id::int8: return integers_typed<int8_t>(*bg_, low, high, size, endpoint);
    case dtype_id::uint64: return integers_typed<uint64_t>(*bg_, low, high, size, endpoint);
    case dtype_id::uint32: return integers_typed<uint32_t>(*bg_, low, high, size, endpoint);
    case dtype_id::uint16: return integers_typed<uint16_t>(*bg_, low, high, size, endpoint);
    case dtype_id::uint8: return integers_typed<uint8_t>(*bg_, low, high, size, endpoint);
    case dtype_id::bool_: return integers_typed<bool>(*bg_, low, high, size, endpoint);
    default: break;
  }
  throw dtype_error(fmt::format("[integers] Unsupported dtype {} for integers", dt.name()));
}

// ---------------------------------------------------------------- continuous distributions

array generator::uniform(const param& low, const param& high, const opt_shape& size) {
  const char* op = "uniform";
  if (low.ndim() == 0 && high.ndim() == 0) {
    const double lo = ascontiguousarray(low, float64).data<double>()[0];
    const double hi = ascontiguousarray(high, float64).data<double>()[0];
    const double rng = hi - lo;
    if (!std::isfinite(rng)) throw std::overflow_error("[uniform] high - low range exceeds valid bounds");
    const array r(rng), l(lo);
    return draw_params<double, 2>(*bg_, op, {pspec{&l, "", cons::none}, pspec{&r, "high - low", cons::non_negative}}, size,
                                  [](auto& e, const double* a) { return a[0] + a[1] * e.next_dbl(); });
  }
  const shape_t shape = out_shape(op, {&low, &high}, std::nullopt);
  const auto l = view_of(low, shape), h = view_of(high, shape);
  array range = empty(shape, float64);
  auto* rp = range.data<double>();
  for (int64_t i = 0; i < range.size(); ++i) {
    rp[i] = h[i] - l[i];
    if (!std::isfinite(rp[i])) throw std::overflow_error("[uniform] Range exceeds valid bounds");
  }
  return draw_params<double, 2>(*bg_, op, {pspec{&low, "", cons::none}, pspec{&range, "high - low", cons::non_negative}},
                                size, [](auto& e, const double* a) { return a[0] + a[1] * e.next_dbl(); });
}

array generator::normal(const param& loc, const param& scale, const opt_shape& size) {
  return draw_params<double, 2>(*bg_, "normal", {pspec{&loc, "", cons::none}, pspec{&scale, "scale", cons::non_negative}},
                                size, [](auto& e, const double* a) { return a[0] + a[1] * detail::std_normal(e); });
}

array generator::exponential(const param& scale, const opt_shape& size) {
  return draw_params<double, 1>(*bg_, "exponential", {pspec{&scale, "scale", cons::non_negative}}, size,
                                [](auto& e, const double* a) { return a[0] * detail::std_exponential(e); });
}

array generator::lognormal(const param& mean, const param& sigma, const opt_shape& size) {
  return draw_params<double, 2>(*bg_, "lognormal",
                                {pspec{&mean, "", cons::none}, pspec{&sigma, "sigma", cons::non_negative}}, size,
                                [](auto& e, const double* a) { return std::exp(a[0] + a[1] * detail::std_normal(e)); });
}

array generator::standard_gamma(const param& shape, const opt_shape& size, dtype dt) {
  if (dt == float32) {
    std::vector<const param*> ps{&shape};
    const shape_t s = out_shape("standard_gamma", ps, size);
    const auto v = view_of(shape, s);
    for (int64_t i = 0, m = v.stride ? v.holder.size() : 1; i < m; ++i)
      check_value("standard_gamma", "shape", cons::non_negative, v.p[i]);
    array out = empty(s, float32);
    auto* o = out.data<float>();
    with_engine(*bg_, [&](auto& e) {
      for (int64_t i = 0; i < out.size(); ++i) o[i] = detail::std_gamma_f(e, static_cast<float>(v[i]));
    });
    return out;
  }
  if (dt != float64)
    throw dtype_error(fmt::format("[standard_gamma] Unsupported dtype \"{}\" for standard_gamma", dt.name()));
  return draw_params<double, 1>(*bg_, "standard_gamma", {pspec{&shape, "shape", cons::non_negative}}, size,
                                [](auto& e, const double* a) { return detail::std_gamma(e, a[0]); });
}

array generator::gamma(const param& shape, const param& scale, const opt_shape& size) {
  return draw_params<double, 2>(*bg_, "gamma",
                                {pspec{&shape, "shape", cons::non_negative}, pspec{&scale, "scale", cons::non_negative}},
                                size, [](auto& e, const double* a) { return a[1] * detail::std_gamma(e, a[0]); });
}

array generator::beta(const param& a, const param& b, const opt_shape& size) {
  return draw_params<double, 2>(*bg_, "beta", {pspec{&a, "a", cons::positive}, pspec{&b, "b", cons::positive}}, size,
                                [](auto& e, const double* x) { return detail::beta(e, x[0], x[1]); });
}

array generator::chisquare(const param& df, const opt_shape& size) {
  return draw_params<double, 1>(*bg_, "chisquare", {pspec{&df, "df", cons::positive}}, size,
                                [](auto& e, const double* a) { return 2.0 * detail::std_gamma(e, a[0] / 2.0); });
}

array generator::poisson(const param& lam, const opt_shape& size) {
  return draw_params<int64_t, 1>(*bg_, "poisson", {pspec{&lam, "lam", cons::poisson}}, size,
                                 [](auto& e, const double* a) { return detail::poisson(e, a[0]); });
}

array generator::binomial(const param& n, const param& p, const opt_shape& size) {
  // n is an integer parameter: checked and drawn as int64 (NumPy casts it to int64 first).
  const array ni = astype(n, int64);
  const array nd_ = astype(ni, float64);
  return draw_params<int64_t, 2>(*bg_, "binomial", {pspec{&nd_, "n", cons::non_negative}, pspec{&p, "p", cons::bounded_0_1}},
                                 size, [](auto& e, const double* a) {
                                   return detail::binomial(e, a[1], static_cast<int64_t>(a[0]));
                                 });
}

array generator::geometric(const param& p, const opt_shape& size) {
  return draw_params<int64_t, 1>(*bg_, "geometric", {pspec{&p, "p", cons::bounded_gt_0_1}}, size,
                                 [](auto& e, const double* a) { return detail::geometric(e, a[0]); });
}

// ---------------------------------------------------------------- permutations and choice

namespace {

/// Fisher–Yates over n items with NumPy's random_interval draws (last index first).
void shuffle_raw(bit_generator& bg, char* data, int64_t n, int64_t stride, int64_t itemsize, int64_t first) {
  std::vector<char> tmp(static_cast<size_t>(itemsize));
  with_engine(bg, [&](auto& e) {
    for (int64_t i = n - 1; i >= first; --i) {
      const auto j = static_cast<int64_t>(detail::interval(e, static_cast<uint64_t>(i)));
      if (i == j) continue;
      char* pi = data + i * stride;
      char* pj = data + j * stride;
      std::memcpy(tmp.data(), pj, static_cast<size_t>(itemsize));
      std::memcpy(pj, pi, static_cast<size_t>(itemsize));
      std::memcpy(pi, tmp.data(), static_cast<size_t>(itemsize));
    }
  });
}

/// Fisher–Yates on int64 data with Lemire draws (NumPy's _shuffle_int), from index n-1 down to `first`.
void shuffle_int(bit_generator& bg, int64_t* data, int64_t n, int64_t first) {
  with_engine(bg, [&](auto& e) {
    for (int64_t i = n - 1; i >= first; --i) {
      const auto j = static_cast<int64_t>(detail::bounded64(e, static_cast<uint64_t>(i)));
      std::swap(data[i], data[j]);
    }
  });
}

}  // namespace

void generator::shuffle(array& a, int64_t axis) {
  if (a.ndim() == 0) throw axis_error(fmt::format("[shuffle] axis {} is out of bounds for array of dimension 0", axis));
  const int64_t ax = axis < 0 ? axis + a.ndim() : axis;
  if (ax < 0 || ax >= a.ndim())
    throw axis_error(fmt::format("[shuffle] axis {} is out of bounds for array of dimension {}", axis, a.ndim()));
  const int64_t n = a.shape(ax);
  if (a.ndim() == 1) {
    if (n == 0) return;
    shuffle_raw(*bg_, static_cast<char*>(a.mutable_data("shuffle")), n, a.strides()[0], a.itemsize(), 1);
    return;
  }
  if (a.size() == 0) return;
  // Shuffle an index vector with the same draws, then reorder the slices along the axis.
  array idx = arange_int(0, n, 1, int64);
  shuffle_raw(*bg_, static_cast<char*>(idx.mutable_data("shuffle")), n, 8, 8, 1);
  const array moved = take(a, idx, ax);
  a.assign(moved);
}

array generator::permutation(int64_t n) {
  if (n < 0) throw value_error("[permutation] negative dimensions are not allowed");
  array a = arange_int(0, n, 1, int64);
  shuffle(a, 0);
  return a;
}

array generator::permutation(const array& a, int64_t axis) {
  if (a.ndim() == 0) throw axis_error(fmt::format("[permutation] axis {} is out of bounds for array of dimension 0", axis));
  const int64_t ax = axis < 0 ? axis + a.ndim() : axis;
  if (ax < 0 || ax >= a.ndim())
    throw axis_error(fmt::format("[permutation] axis {} is out of bounds for array of dimension {}", axis, a.ndim()));
  if (a.ndim() == 1) {
    array c = copy(a);
    shuffle(c, 0);
    return c;
  }
  array idx = arange_int(0, a.shape(ax), 1, int64);
  shuffle(idx, 0);
  return take(a, idx, ax);
}

array generator::permuted(const array& a, std::optional<int64_t> axis) {
  array out = copy(a, order::C);  // a fresh C-ordered copy: the input is never touched
  if (out.size() == 0) return out;
  char* base = static_cast<char*>(out.mutable_data("permuted"));
  const int64_t isz = out.itemsize();
  if (!axis) {
    shuffle_raw(*bg_, base, out.size(), isz, isz, 1);
    return out;
  }
  const int64_t nd = out.ndim();
  const int64_t ax = *axis < 0 ? *axis + nd : *axis;
  if (ax < 0 || ax >= nd)
    throw axis_error(fmt::format("[permuted] axis {} is out of bounds for array of dimension {}", *axis, nd));
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < ax; ++d) outer *= out.shape(d);
  for (int64_t d = ax + 1; d < nd; ++d) inner *= out.shape(d);
  const int64_t len = out.shape(ax);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i)
      shuffle_raw(*bg_, base + (o * len * inner + i) * isz, len, inner * isz, isz, 0);
  return out;
}

array generator::choice_indices(int64_t pop_size, const shape_t& size, bool replace, const std::optional<array>& p,
                                bool shuffle) {
  const char* op = "choice";
  check_size(op, size);
  int64_t count = 1;
  for (int64_t d : size) count *= d;
  std::vector<double> pv;
  if (p) {
    if (p->ndim() != 1) throw value_error("[choice] p must be 1-dimensional");
    if (p->size() != pop_size) throw value_error("[choice] a and p must have same size");
    const array pc = ascontiguousarray(*p, float64);
    pv.assign(pc.data<double>(), pc.data<double>() + pc.size());
    // Kahan summation, as NumPy's check.
    double sum = 0.0, c = 0.0;
    for (double x : pv) {
      const double y = x - c, t = sum + y;
      c = (t - sum) - y;
      sum = t;
    }
    if (std::isnan(sum)) throw value_error("[choice] Probabilities contain NaN");
    for (double x : pv)
      if (x < 0) throw value_error("[choice] Probabilities are not non-negative");
    const double atol = std::max(std::sqrt(std::numeric_limits<double>::epsilon()),
                                 p->dtype() == float32 ? std::sqrt(double{std::numeric_limits<float>::epsilon()}) : 0.0);
    if (std::fabs(sum - 1.0) > atol)
      throw value_error("[choice] Probabilities do not sum to 1. See Notes section of docstring for more information.");
  }
  auto cdf_of = [](const std::vector<double>& w) {
    std::vector<double> cdf(w.size());
    double acc = 0.0;
    for (size_t i = 0; i < w.size(); ++i) cdf[i] = acc += w[i];
    const double last = cdf.back();
    for (double& x : cdf) x /= last;
    return cdf;
  };
  auto search_right = [](const std::vector<double>& cdf, double u) {
    return static_cast<int64_t>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
  };
  if (replace) {
    if (p) {
      const auto cdf = cdf_of(pv);
      const array u = random(size);
      array idx = empty(size, int64);
      auto* o = idx.data<int64_t>();
      const auto* up = u.data<double>();
      for (int64_t i = 0; i < idx.size(); ++i) o[i] = search_right(cdf, up[i]);
      return idx;
    }
    return integers(array(int64_t{0}), array(pop_size), size, int64, false);
  }
  if (count > pop_size) throw value_error("[choice] Cannot take a larger sample than population when replace is False");
  array idx = empty(size, int64);
  auto* out = idx.data<int64_t>();
  if (p) {
    int64_t nonzero = 0;
    for (double x : pv) nonzero += x > 0;
    if (nonzero < count) throw value_error("[choice] Fewer non-zero entries in p than size");
    int64_t n_uniq = 0;
    while (n_uniq < count) {
      const array x = random({count - n_uniq});
      for (int64_t k = 0; k < n_uniq; ++k) pv[static_cast<size_t>(out[k])] = 0.0;
      const auto cdf = cdf_of(pv);
      // Keep each new index once, at its first occurrence (np.unique's return_index, sorted).
      std::vector<int64_t> seen;
      for (int64_t k = 0; k < x.size(); ++k) {
        const int64_t v = search_right(cdf, x.data<double>()[k]);
        if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
      }
      for (int64_t v : seen) out[n_uniq++] = v;
    }
    return idx;
  }
  const int64_t cutoff = shuffle ? 50 : 20;
  if (pop_size > 10000 && count > pop_size / cutoff) {
    array all = arange_int(0, pop_size, 1, int64);
    auto* d = all.data<int64_t>();
    shuffle_int(*bg_, d, pop_size, std::max<int64_t>(pop_size - count, 1));
    std::copy(d + (pop_size - count), d + pop_size, out);
    return idx;
  }
  // Floyd's algorithm with an open-addressing set, as NumPy.
  auto set_size = static_cast<uint64_t>(1.2 * static_cast<double>(count));
  uint64_t mask = set_size;
  for (int s = 1; s <= 32; s *= 2) mask |= mask >> s;
  std::vector<uint64_t> set(static_cast<size_t>(mask + 1), UINT64_MAX);
  with_engine(*bg_, [&](auto& e) {
    for (int64_t j = pop_size - count; j < pop_size; ++j) {
      const uint64_t val = detail::bounded64(e, static_cast<uint64_t>(j));
      uint64_t loc = val & mask;
      while (set[loc] != UINT64_MAX && set[loc] != val) loc = (loc + 1) & mask;
      if (set[loc] == UINT64_MAX) {
        set[loc] = val;
        out[j - pop_size + count] = static_cast<int64_t>(val);
      } else {
        loc = static_cast<uint64_t>(j) & mask;
        while (set[loc] != UINT64_MAX) loc = (loc + 1) & mask;
        set[loc] = static_cast<uint64_t>(j);
        out[j - pop_size + count] = j;
      }
    }
  });
  if (shuffle) shuffle_int(*bg_, out, count, 1);
  return idx;
}

std::string generator::bytes(int64_t length) {
  if (length < 0) throw value_error("[bytes] length must be non-negative");
  const int64_t words = length == 0 ? 0 : (length - 1) / 4 + 1;
  std::string out(static_cast<size_t>(words * 4), '\0');
  with_engine(*bg_, [&](auto& e) {
    for (int64_t i = 0; i < words; ++i) {
      const uint32_t w = e.next32();
      for (int b = 0; b < 4; ++b) out[static_cast<size_t>(4 * i + b)] = static_cast<char>((w >> (8 * b)) & 0xff);
    }
  });
  out.resize(static_cast<size_t>(length));
  return out;
}

array generator::multivariate_normal(const array& mean, const array& cov, const shape_t& size,
                                     const std::string& method, const std::string& check_valid, double tol,
                                     bool* not_psd) {
  const char* op = "multivariate_normal";
  if (not_psd) *not_psd = false;
  if (method != "svd" && method != "cholesky" && method != "eigh")
    throw value_error("[multivariate_normal] method must be one of {'eigh', 'svd', 'cholesky'}");
  if (mean.dtype().kind() == 'c' || cov.dtype().kind() == 'c')
    throw dtype_error("[multivariate_normal] mean and cov must not be complex");
  if (mean.ndim() != 1) throw value_error("[multivariate_normal] mean must be 1 dimensional");
  if (cov.ndim() != 2 || cov.shape(0) != cov.shape(1))
    throw value_error("[multivariate_normal] cov must be 2 dimensional and square");
  if (mean.shape(0) != cov.shape(0)) throw value_error("[multivariate_normal] mean and cov must have same length");
  check_size(op, size);
  const int64_t n = mean.shape(0);
  shape_t final_shape = size;
  final_shape.push_back(n);
  const array z = standard_normal(final_shape);
  const array c = ascontiguousarray(cov, float64);
  array factor = empty({n, n}, float64);  // x @ factor.T
  if (method == "cholesky") {
    factor = ascontiguousarray(linalg::cholesky(c));
  } else {
    array u, s, vh_full;
    if (method == "svd") {
      auto r = linalg::svd(c);
      u = ascontiguousarray(r.U, float64);
      s = ascontiguousarray(r.S, float64);
      vh_full = r.Vh;
    } else {
      auto r = linalg::eigh(c);
      u = ascontiguousarray(r.eigenvectors, float64);
      s = ascontiguousarray(r.eigenvalues, float64);
    }
    const double* sp = s.data<double>();
    // The positive-semidefinite check NumPy makes (cholesky fails by itself instead).
    if (check_valid != "ignore") {
      if (check_valid != "warn" && check_valid != "raise")
        throw value_error("[multivariate_normal] check_valid must equal 'warn', 'raise', or 'ignore'");
      bool psd = true;
      if (method == "svd") {
        // (Vh^T * s) @ Vh reproduces cov within tol (NumPy's allclose with rtol = atol = tol).
        psd = allclose(matmul(multiply(transpose(vh_full), s), vh_full), c, tol, tol);
      } else {
        for (int64_t j = 0; j < n; ++j) psd = psd && !(sp[j] < -tol);
      }
      if (!psd) {
        if (check_valid == "raise")
          throw value_error("[multivariate_normal] covariance is not symmetric positive-semidefinite.");
        if (not_psd) *not_psd = true;
      }
    }
    auto* f = factor.data<double>();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) f[i * n + j] = u.data<double>()[i * n + j] * std::sqrt(std::fabs(sp[j]));
  }
  const int64_t rows = n ? z.size() / n : 0;
  array x = ascontiguousarray(matmul(reshape(z, {rows, n}), transpose(factor)), float64);
  const array m = ascontiguousarray(mean, float64);
  auto* xp = x.data<double>();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < n; ++j) xp[r * n + j] = m.data<double>()[j] + xp[r * n + j];
  return reshape(x, final_shape);
}

}  // namespace nd::random

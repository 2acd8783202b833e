#pragma once
// Scalar functors of the ufuncs. Each says which element types it has a loop for
// (`ok<T>`), what it returns (`out<T>`), and computes one element. float16 is computed
// in float by the loop, so functors never see it; integer arithmetic wraps like NumPy's.
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "iter/convert.hpp"
#include "ufunc/vector_math.hpp"
#include "nd/error.hpp"

namespace nd::detail {

template <class T>
inline constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <class T>
inline constexpr bool is_real_float_v = std::is_floating_point_v<T> || std::is_same_v<T, float16_t>;
template <class T>
inline constexpr bool is_inexact_v = is_real_float_v<T> || is_complex_v<T>;
template <class T>
inline constexpr bool is_numeric_v = is_int_v<T> || is_inexact_v<T>;

// Wrapping integer arithmetic without undefined behaviour.
template <class T>
T wrap_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <class T>
T wrap_sub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
}
template <class T>
T wrap_mul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  using W = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, U>;  // avoid int promotion UB
  return static_cast<T>(static_cast<U>(static_cast<W>(static_cast<U>(a)) * static_cast<W>(static_cast<U>(b))));
}

// C's a % b without its undefined cases: 0 for b == 0 (NumPy's result) and for MIN % -1.
template <class T>
T int_fmod(T a, T b) {
  if (b == 0) return 0;
  if constexpr (std::is_signed_v<T>)
    if (b == T(-1)) return 0;
  return static_cast<T>(a % b);
}

// NumPy's floating divmod: the floor quotient and a remainder with the divisor's sign.
template <class T>
T float_divmod(T a, T b, T* rem) {
  T m = std::fmod(a, b);
  if (b == 0) {
    *rem = m;
    return a / b;
  }
  T div = (a - m) / b;
  if (m != 0) {
    if ((b < 0) != (m < 0)) {
      m += b;
      div -= T(1);
    }
  } else {
    m = std::copysign(T(0), b);
  }
  T fl;
  if (div != 0) {
    fl = std::floor(div);
    if (div - fl > T(0.5)) fl += T(1);
  } else {
    fl = std::copysign(T(0), a / b);
  }
  *rem = m;
  return fl;
}

template <class T>
bool lt(const T& a, const T& b) {
  if constexpr (is_complex_v<T>)  // lexicographic, as NumPy orders complex numbers
    return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag());
  else return a < b;
}
template <class T>
bool isnan_any(const T& a) {
  if constexpr (is_complex_v<T>) return std::isnan(a.real()) || std::isnan(a.imag());
  else if constexpr (std::is_floating_point_v<T>) return std::isnan(a);
  else return false;
}

struct default_out {
  template <class T>
  using out = T;
};
struct bool_out {
  template <class T>
  using out = bool;
};

// ---- binary ----
struct add_op : default_out {
  template <class T> static constexpr bool ok = true;
  template <class T> static T call(T a, T b) {
    if constexpr (std::is_same_v<T, bool>) return a || b;
    else if constexpr (is_int_v<T>) return wrap_add(a, b);
    else return a + b;
  }
};
struct subtract_op : default_out {
  template <class T> static constexpr bool ok = is_numeric_v<T>;
  template <class T> static T call(T a, T b) {
    if constexpr (is_int_v<T>) return wrap_sub(a, b);
    else return a - b;
  }
};
struct multiply_op : default_out {
  template <class T> static constexpr bool ok = true;
  template <class T> static T call(T a, T b) {
    if constexpr (std::is_same_v<T, bool>) return a && b;
    else if constexpr (is_int_v<T>) return wrap_mul(a, b);
    else return a * b;
  }
};
struct divide_op : default_out {  // true division: integer inputs resolve to float64 first
  static constexpr bool int_to_double = true;
  template <class T> static constexpr bool ok = is_inexact_v<T>;
  template <class T> static T call(T a, T b) { return a / b; }
};
struct floor_divide_op : default_out {
  template <class T> static constexpr bool ok = is_int_v<T> || is_real_float_v<T>;
  template <class T> static T call(T a, T b) {
    if constexpr (is_int_v<T>) {
      if (b == 0) return 0;
      if constexpr (std::is_signed_v<T>)
        if (b == T(-1)) return wrap_sub(T(0), a);  // MIN // -1 wraps to MIN as NumPy's
      T q = static_cast<T>(a / b);
      if constexpr (std::is_signed_v<T>)
        if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
      return q;
    } else {
      T r;
      return float_divmod(a, b, &r);
    }
  }
};
struct remainder_op : default_out {
  template <class T> static constexpr bool ok = is_int_v<T> || is_real_float_v<T>;
  template <class T> static T call(T a, T b) {
    if constexpr (is_int_v<T>) {
      T r = int_fmod(a, b);
      if constexpr (std::is_signed_v<T>)
        if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
      return r;
    } else {
      T r;
      float_divmod(a, b, &r);
      return r;
    }
  }
};
template <class T>
T complex_reciprocal(T a);
// NumPy's complex power: exact small integer exponents by repeated squaring, 0 ** x rules.
template <class T>
T complex_pow(T a, T b) {
  using R = typename T::value_type;
  const R br = b.real(), bi = b.imag();
  if (br == 0 && bi == 0) return T(1, 0);
  if (a.real() == 0 && a.imag() == 0) {
    if (br > 0) return T(0, 0);
    return T(std::nan(""), std::nan(""));
  }
  if (bi == 0 && br > -100 && br < 100 && br == static_cast<R>(static_cast<int>(br))) {
    int n = static_cast<int>(br);
    if (n == 1) return a;
    if (n == 2) return a * a;
    if (n == 3) return a * a * a;
    T r(1, 0), p = a;
    for (int m = n < 0 ? -n : n; m; m >>= 1) {
      if (m & 1) r = r * p;
      p = p * p;
    }
    return n < 0 ? complex_reciprocal(r) : r;
  }
  return std::pow(a, b);
}
struct power_op : default_out {
  template <class T> static constexpr bool ok = is_numeric_v<T>;
  template <class T> static T call(T a, T b) {
    if constexpr (is_int_v<T>) {
      if constexpr (std::is_signed_v<T>)
        if (b < 0) throw value_error("[power] Integers to negative integer powers are not allowed.");
      T r = 1;
      using U = std::make_unsigned_t<T>;
      for (U e = static_cast<U>(b); e; e >>= 1) {
        if (e & 1) r = wrap_mul(r, a);
        a = wrap_mul(a, a);
      }
      return r;
    } else if constexpr (is_complex_v<T>) {
      return complex_pow(a, b);
    } else {
      return std::pow(a, b);
    }
  }
};
// maximum/minimum propagate NaN; fmax/fmin ignore a NaN unless both are NaN.
template <bool PropagateNan, bool Max>
struct extremum_op : default_out {
  template <class T> static constexpr bool ok = true;
  template <class T> static T call(T a, T b) {
    if (isnan_any(PropagateNan ? a : b)) return a;
    if (isnan_any(PropagateNan ? b : a)) return b;
    return (Max ? lt(a, b) : lt(b, a)) ? b : a;
  }
};
using maximum_op = extremum_op<true, true>;
using minimum_op = extremum_op<true, false>;
using fmax_op = extremum_op<false, true>;
using fmin_op = extremum_op<false, false>;
#define ND_COMPARE_OP(name, expr)                              \
  struct name##_op : bool_out {                                \
    static constexpr bool comparison = true;                   \
    template <class T> static constexpr bool ok = true;        \
    template <class T> static bool call(T a, T b) { return expr; } \
  };
ND_COMPARE_OP(equal, a == b)
ND_COMPARE_OP(not_equal, a != b)
// Complex order as NumPy's: by real part, then imaginary; a NaN imaginary part only
// matters when the real parts decide.
template <class T, class Cmp>
bool complex_order(const T& a, const T& b, Cmp cmp) {
  const auto xr = a.real(), xi = a.imag(), yr = b.real(), yi = b.imag();
  return (cmp(xr, yr) && xr != yr && !std::isnan(xi) && !std::isnan(yi)) || (xr == yr && cmp(xi, yi));
}
template <class T, class Cmp>
bool ordered(const T& a, const T& b, Cmp cmp) {
  if constexpr (is_complex_v<T>) return complex_order(a, b, cmp);
  else return cmp(a, b);
}
ND_COMPARE_OP(less, ordered(a, b, [](auto x, auto y) { return x < y; }))
ND_COMPARE_OP(less_equal, ordered(a, b, [](auto x, auto y) { return x <= y; }))
ND_COMPARE_OP(greater, ordered(a, b, [](auto x, auto y) { return x > y; }))
ND_COMPARE_OP(greater_equal, ordered(a, b, [](auto x, auto y) { return x >= y; }))
#undef ND_COMPARE_OP
template <class T>
bool truth(const T& v) {
  return v != T(0);
}
#define ND_LOGICAL_OP(name, expr)                              \
  struct name##_op : bool_out {                                \
    template <class T> static constexpr bool ok = true;        \
    template <class T> static bool call(T a, T b) { return expr; } \
  };
ND_LOGICAL_OP(logical_and, truth(a) && truth(b))
ND_LOGICAL_OP(logical_or, truth(a) || truth(b))
ND_LOGICAL_OP(logical_xor, truth(a) != truth(b))
#undef ND_LOGICAL_OP
#define ND_BITWISE_OP(name, op)                                                        \
  struct name##_op : default_out {                                                     \
    template <class T> static constexpr bool ok = std::is_integral_v<T>;               \
    template <class T> static T call(T a, T b) { return static_cast<T>(a op b); }      \
  };
ND_BITWISE_OP(bitwise_and, &)
ND_BITWISE_OP(bitwise_or, |)
ND_BITWISE_OP(bitwise_xor, ^)
#undef ND_BITWISE_OP

// ---- unary ----
struct negative_op : default_out {
  template <class T> static constexpr bool ok = is_numeric_v<T>;
  template <class T> static T call(T a) {
    if constexpr (is_int_v<T>) return wrap_sub(T(0), a);
    else return -a;
  }
};
struct positive_op : default_out {
  template <class T> static constexpr bool ok = is_numeric_v<T>;
  template <class T> static T call(T a) { return a; }
};
struct absolute_op {
  template <class T> static constexpr bool ok = true;
  template <class T>
  using out = std::conditional_t<is_complex_v<T>, typename std::conditional_t<is_complex_v<T>, T, std::complex<float>>::value_type, T>;
  template <class T> static out<T> call(T a) {
    if constexpr (is_complex_v<T>) return std::hypot(a.real(), a.imag());
    else if constexpr (std::is_same_v<T, bool> || std::is_unsigned_v<T>) return a;
    else if constexpr (is_int_v<T>) return a < 0 ? wrap_sub(T(0), a) : a;
    else return std::fabs(a);
  }
};
struct square_op : default_out {
  template <class T> static constexpr bool ok = is_numeric_v<T>;
  template <class T> static T call(T a) { return multiply_op::call(a, a); }
};
#define ND_MATH_OP(name, fn)                                          \
  struct name##_op : default_out {                                    \
    template <class T> static constexpr bool ok = is_inexact_v<T>;    \
    template <class T> static T call(T a) { return fn(a); }           \
  };
ND_MATH_OP(sqrt, std::sqrt)
ND_MATH_OP(exp, std::exp)
ND_MATH_OP(log, std::log)
ND_MATH_OP(sin, std::sin)
ND_MATH_OP(cos, std::cos)
#undef ND_MATH_OP
struct logical_not_op : bool_out {
  template <class T> static constexpr bool ok = true;
  template <class T> static bool call(T a) { return !truth(a); }
};
struct invert_op : default_out {
  template <class T> static constexpr bool ok = std::is_integral_v<T>;
  template <class T> static T call(T a) {
    if constexpr (std::is_same_v<T, bool>) return !a;
    else return static_cast<T>(~a);
  }
};


// ---- more binary ----
struct fmod_op : default_out {
  template <class T> static constexpr bool ok = is_int_v<T> || is_real_float_v<T>;
  template <class T> static T call(T a, T b) {
    if constexpr (is_int_v<T>) {
      return int_fmod(a, b);
    } else {
      return std::fmod(a, b);
    }
  }
};
struct float_power_op : default_out {  // only float64 and complex128 loops, as NumPy's
  template <class T> static constexpr bool ok = std::is_same_v<T, double> || std::is_same_v<T, std::complex<double>>;
  template <class T> static T call(T a, T b) {
    if constexpr (is_complex_v<T>) return complex_pow(a, b);
    else return std::pow(a, b);
  }
};
#define ND_REAL_BINARY(name, expr)                                      \
  struct name##_op : default_out {                                      \
    template <class T> static constexpr bool ok = is_real_float_v<T>;   \
    template <class T> static T call(T a, T b) { return expr; }         \
  };
ND_REAL_BINARY(arctan2, std::atan2(a, b))
ND_REAL_BINARY(hypot, std::hypot(a, b))
ND_REAL_BINARY(copysign, std::copysign(a, b))
#undef ND_REAL_BINARY
struct nextafter_op : default_out {  // steps in the element's own precision, float16 included
  static constexpr bool native_half = true;
  template <class T> static constexpr bool ok = is_real_float_v<T>;
  template <class T> static T call(T a, T b) {
    if constexpr (std::is_same_v<T, float16_t>) {
      const float x = a, y = b;
      if (std::isnan(x) || std::isnan(y)) return float16_t(std::nanf(""));
      if (x == y) return b;
      if (x == 0) return float16_t::from_bits(static_cast<uint16_t>((b.bits & 0x8000u) | 1u));
      // Moving away from zero increments the magnitude bits; towards zero decrements them.
      const bool up = (y > x) == (x > 0);
      return float16_t::from_bits(static_cast<uint16_t>(up ? a.bits + 1 : a.bits - 1));
    } else {
      return std::nextafter(a, b);
    }
  }
};
struct logaddexp_op : default_out {
  template <class T> static constexpr bool ok = is_real_float_v<T>;
  template <class T> static T call(T a, T b) {
    if (a == b) return a + std::log(T(2));  // also handles equal infinities
    const T d = a - b;
    if (d > 0) return a + std::log1p(std::exp(-d));
    if (d <= 0) return b + std::log1p(std::exp(d));
    return d;  // NaN
  }
};
struct logaddexp2_op : default_out {
  template <class T> static constexpr bool ok = is_real_float_v<T>;
  template <class T> static T call(T a, T b) {
    constexpr T log2e = T(1.4426950408889634074);
    if (a == b) return a + T(1);
    const T d = a - b;
    if (d > 0) return a + log2e * std::log1p(std::exp2(-d));
    if (d <= 0) return b + log2e * std::log1p(std::exp2(d));
    return d;
  }
};
struct left_shift_op : default_out {  // shifts by the width or more give 0, as NumPy's
  template <class T> static constexpr bool ok = is_int_v<T>;
  template <class T> static T call(T a, T b) {
    using U = std::make_unsigned_t<T>;
    if (b < 0 || static_cast<U>(b) >= sizeof(T) * 8) return 0;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) << b));
  }
};
struct right_shift_op : default_out {  // arithmetic for signed: large shifts give 0 or -1
  template <class T> static constexpr bool ok = is_int_v<T>;
  template <class T> static T call(T a, T b) {
    using U = std::make_unsigned_t<T>;
    if (b < 0 || static_cast<U>(b) >= sizeof(T) * 8) return a < 0 ? T(-1) : T(0);
    return static_cast<T>(a >> b);
  }
};

// ---- more unary ----
template <class T>
inline constexpr bool is_real_num_v = is_int_v<T> || is_real_float_v<T>;
struct fabs_op : default_out {
  template <class T> static constexpr bool ok = is_real_float_v<T>;
  template <class T> static T call(T a) { return std::fabs(a); }
};
struct sign_op : default_out {
  template <class T> static constexpr bool ok = is_numeric_v<T>;
  template <class T> static T call(T a) {
    if constexpr (is_complex_v<T>) {
      using R = typename T::value_type;
      if (isnan_any(a)) return T(std::nan(""), std::nan(""));
      const bool ri = std::isinf(a.real()), ii = std::isinf(a.imag());
      if (ri && ii) return T(std::nan(""), std::nan(""));
      if (ri) return T(std::copysign(R(1), a.real()), R(0));
      if (ii) return T(R(0), std::copysign(R(1), a.imag()));
      const auto m = std::abs(a);
      return m == 0 ? T(0) : a / m;
    } else if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(a)) return a;
      return a > 0 ? T(1) : a < 0 ? T(-1) : T(0);
    } else {
      return a > 0 ? T(1) : (a < 0 ? T(-1) : T(0));
    }
  }
};
struct reciprocal_op : default_out {
  template <class T> static constexpr bool ok = is_numeric_v<T>;
  template <class T> static T call(T a) {
    if constexpr (is_int_v<T>) {
      // NumPy computes (T)(1.0 / a): 1/0 = inf converts as the hardware does.
      return convert<T>(1.0 / static_cast<double>(a));
    } else if constexpr (is_complex_v<T>) {
      return complex_reciprocal(a);
    } else {
      return T(1) / a;
    }
  }
};
// Smith's algorithm, as NumPy's: 1 / 0 is nan + nanj, not inf.
template <class T>
T complex_reciprocal(T a) {
  using R = typename T::value_type;
  const R re = a.real(), im = a.imag();
  if (std::fabs(re) >= std::fabs(im)) {
    const R r = im / re, d = re + im * r;
    return T(R(1) / d, -r / d);
  }
  const R r = re / im, d = re * r + im;
  return T(r / d, R(-1) / d);
}
struct conj_op : default_out {
  template <class T> static constexpr bool ok = is_numeric_v<T>;
  template <class T> static T call(T a) {
    if constexpr (is_complex_v<T>) return std::conj(a);
    else return a;
  }
};
#define ND_REAL_UNARY(name, fn)                                        \
  struct name##_op : default_out {                                     \
    template <class T> static constexpr bool ok = is_real_float_v<T>;  \
    template <class T> static T call(T a) { return fn(a); }            \
  };
ND_REAL_UNARY(cbrt, std::cbrt)
#undef ND_REAL_UNARY
struct deg2rad_op : default_out {
  template <class T> static constexpr bool ok = is_real_float_v<T>;
  template <class T> static T call(T a) { return a * static_cast<T>(0.017453292519943295769); }
};
struct rad2deg_op : default_out {
  template <class T> static constexpr bool ok = is_real_float_v<T>;
  template <class T> static T call(T a) { return a * static_cast<T>(57.295779513082320877); }
};
// floor, ceil and trunc keep integer (and bool) dtypes as NumPy 2 does.
#define ND_ROUNDING(name, fn)                                          \
  struct name##_op : default_out {                                     \
    template <class T> static constexpr bool ok = !is_complex_v<T>;    \
    template <class T> static T call(T a) {                            \
      if constexpr (std::is_floating_point_v<T>) return fn(a);         \
      else return a;                                                   \
    }                                                                  \
  };
ND_ROUNDING(floor, std::floor)
ND_ROUNDING(ceil, std::ceil)
ND_ROUNDING(trunc, std::trunc)
#undef ND_ROUNDING
struct rint_op : default_out {
  template <class T> static constexpr bool ok = is_inexact_v<T>;
  template <class T> static T call(T a) {
    if constexpr (is_complex_v<T>) return T(std::nearbyint(a.real()), std::nearbyint(a.imag()));
    else return std::nearbyint(a);
  }
};
// NumPy's complex expm1 and log1p formulas (they fix which part becomes NaN at infinity).
template <class T>
T complex_expm1(T z) {
  using R = typename T::value_type;
  const R h = std::sin(z.imag() / 2);
  return T(std::expm1(z.real()) * std::cos(z.imag()) - 2 * h * h, std::exp(z.real()) * std::sin(z.imag()));
}
template <class T>
T complex_log1p(T z) {
  const auto re1 = z.real() + 1;
  return T(std::log(std::hypot(re1, z.imag())), std::atan2(z.imag(), re1));
}
template <class T>
T complex_exp2(T z) { return std::exp(z * typename T::value_type(0.69314718055994530942)); }
template <class T>
T complex_log2(T z) { return std::log(z) / typename T::value_type(0.69314718055994530942); }
#define ND_INEXACT_UNARY(name, real_fn, complex_expr)                  \
  struct name##_op : default_out {                                     \
    template <class T> static constexpr bool ok = is_inexact_v<T>;     \
    template <class T> static T call(T a) {                            \
      if constexpr (is_complex_v<T>) return complex_expr;              \
      else return real_fn(a);                                          \
    }                                                                  \
  };
ND_INEXACT_UNARY(exp2, std::exp2, complex_exp2(a))
ND_INEXACT_UNARY(expm1, std::expm1, complex_expm1(a))
ND_INEXACT_UNARY(log2, std::log2, complex_log2(a))
ND_INEXACT_UNARY(log10, std::log10, std::log10(a))
ND_INEXACT_UNARY(log1p, std::log1p, complex_log1p(a))
ND_INEXACT_UNARY(tan, std::tan, std::tan(a))
ND_INEXACT_UNARY(arcsin, std::asin, std::asin(a))
ND_INEXACT_UNARY(arccos, std::acos, std::acos(a))
ND_INEXACT_UNARY(arctan, std::atan, std::atan(a))
ND_INEXACT_UNARY(sinh, std::sinh, std::sinh(a))
ND_INEXACT_UNARY(cosh, std::cosh, std::cosh(a))
ND_INEXACT_UNARY(tanh, std::tanh, std::tanh(a))
ND_INEXACT_UNARY(arcsinh, std::asinh, std::asinh(a))
ND_INEXACT_UNARY(arccosh, std::acosh, std::acosh(a))
ND_INEXACT_UNARY(arctanh, std::atanh, std::atanh(a))
#undef ND_INEXACT_UNARY
#define ND_PREDICATE(name, expr)                                       \
  struct name##_op : bool_out {                                        \
    template <class T> static constexpr bool ok = true;                \
    template <class T> static bool call(T a) {                         \
      if constexpr (is_complex_v<T>) { const auto re = a.real(), im = a.imag(); return expr(re, im); } \
      else if constexpr (std::is_floating_point_v<T>) return expr(a, T(0));  \
      else return expr(0.0, 0.0);                                      \
    }                                                                  \
  };
#define ND_ISNAN(x, y) (std::isnan(x) || std::isnan(y))
#define ND_ISINF(x, y) (std::isinf(x) || std::isinf(y))
#define ND_ISFINITE(x, y) (std::isfinite(x) && std::isfinite(y))
ND_PREDICATE(isnan, ND_ISNAN)
ND_PREDICATE(isinf, ND_ISINF)
ND_PREDICATE(isfinite, ND_ISFINITE)
#undef ND_ISNAN
#undef ND_ISINF
#undef ND_ISFINITE
#undef ND_PREDICATE
struct signbit_op : bool_out {
  template <class T> static constexpr bool ok = is_real_float_v<T>;
  template <class T> static bool call(T a) { return std::signbit(a); }
};

}  // namespace nd::detail

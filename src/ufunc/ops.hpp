#pragma once
// Scalar functors of the ufuncs. Each says which element types it has a loop for
// (`ok<T>`), what it returns (`out<T>`), and computes one element. float16 is computed
// in float by the loop, so functors never see it; integer arithmetic wraps like NumPy's.
#include <cmath>
#include <complex>
#include <cstdint>
#include <type_traits>

#include "iter/convert.hpp"
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
  template <class T> static constexpr bool ok = is_inexact_v<T>;
  template <class T> static T call(T a, T b) { return a / b; }
};
struct floor_divide_op : default_out {
  template <class T> static constexpr bool ok = is_int_v<T> || std::is_floating_point_v<T>;
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
  template <class T> static constexpr bool ok = is_int_v<T> || std::is_floating_point_v<T>;
  template <class T> static T call(T a, T b) {
    if constexpr (is_int_v<T>) {
      if (b == 0) return 0;
      if constexpr (std::is_signed_v<T>)
        if (b == T(-1)) return 0;
      T r = static_cast<T>(a % b);
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
    } else {
      return std::pow(a, b);
    }
  }
};
struct maximum_op : default_out {
  template <class T> static constexpr bool ok = true;
  template <class T> static T call(T a, T b) {
    if (isnan_any(a)) return a;
    if (isnan_any(b)) return b;
    return lt(a, b) ? b : a;
  }
};
struct minimum_op : default_out {
  template <class T> static constexpr bool ok = true;
  template <class T> static T call(T a, T b) {
    if (isnan_any(a)) return a;
    if (isnan_any(b)) return b;
    return lt(b, a) ? b : a;
  }
};
#define ND_COMPARE_OP(name, expr)                              \
  struct name##_op : bool_out {                                \
    template <class T> static constexpr bool ok = true;        \
    template <class T> static bool call(T a, T b) { return expr; } \
  };
ND_COMPARE_OP(equal, a == b)
ND_COMPARE_OP(not_equal, a != b)
ND_COMPARE_OP(less, lt(a, b))
ND_COMPARE_OP(less_equal, lt(a, b) || a == b)
ND_COMPARE_OP(greater, lt(b, a))
ND_COMPARE_OP(greater_equal, lt(b, a) || a == b)
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

}  // namespace nd::detail

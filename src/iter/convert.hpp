#pragma once
// Element conversion between nd types without undefined behaviour. Out-of-range and NaN
// float-to-integer casts (undefined in C, "invalid" in NumPy) give what x86-64's scalar
// truncating conversion gives (INT_MIN patterns, wrapped to the target width). NumPy's own
// results for such values differ between its scalar and SIMD paths, so only in-range
// values are promised to match NumPy.
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "nd/float16.hpp"

namespace nd::detail {

template <class T>
inline constexpr bool is_complex_v = false;
template <class T>
inline constexpr bool is_complex_v<std::complex<T>> = true;

// cvttsd2si with a 32- or 64-bit destination: NaN and out-of-range give INT_MIN.
inline int32_t trunc_to_i32(double x) {
  if (!(x > -2147483649.0 && x < 2147483648.0)) return INT32_MIN;
  return static_cast<int32_t>(x);
}
inline int64_t trunc_to_i64(double x) {
  if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) return INT64_MIN;
  return static_cast<int64_t>(x);
}

template <class To>
To float_to_int(double x) {
  if constexpr (std::is_same_v<To, int64_t>) {
    return trunc_to_i64(x);
  } else if constexpr (std::is_same_v<To, uint64_t>) {
    if (!(x >= 9223372036854775808.0)) return static_cast<uint64_t>(trunc_to_i64(x));
    return static_cast<uint64_t>(trunc_to_i64(x - 9223372036854775808.0)) ^ (uint64_t{1} << 63);
  } else if constexpr (std::is_same_v<To, uint32_t>) {
    return static_cast<uint32_t>(trunc_to_i64(x));
  } else {
    return static_cast<To>(trunc_to_i32(x));  // int8..int32, uint8, uint16: wraps
  }
}

/// Reads one element from possibly unaligned memory; a bool byte other than 0/1 (possible in
/// foreign memory) counts as true instead of being undefined behaviour.
template <class T>
T load_element(const char* p) {
  if constexpr (std::is_same_v<T, bool>) {
    uint8_t b;
    std::memcpy(&b, p, 1);
    return b != 0;
  } else {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
  }
}

/// Converts one value as NumPy's unsafe cast does (complex to real drops the imaginary part).
template <class To, class From>
To convert(const From& v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<From, float16_t>) {
    return convert<To>(static_cast<float>(v));
  } else if constexpr (is_complex_v<From>) {
    if constexpr (std::is_same_v<To, bool>) return v.real() != 0 || v.imag() != 0;
    else if constexpr (is_complex_v<To>)
      return To(static_cast<typename To::value_type>(v.real()), static_cast<typename To::value_type>(v.imag()));
    else return convert<To>(v.real());
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (std::is_same_v<From, bool>) {
    return convert<To>(static_cast<uint8_t>(v));
  } else if constexpr (is_complex_v<To>) {
    return To(convert<typename To::value_type>(v), typename To::value_type(0));
  } else if constexpr (std::is_same_v<To, float16_t>) {
    return float16_t(static_cast<double>(v));
  } else if constexpr (std::is_integral_v<To> && std::is_floating_point_v<From>) {
    return float_to_int<To>(static_cast<double>(v));
  } else {
    return static_cast<To>(v);  // integer<->integer wraps (C++20), integer->float rounds
  }
}

}  // namespace nd::detail

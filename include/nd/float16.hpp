#pragma once
/// IEEE 754 binary16 storage type. Arithmetic happens in float; conversions round to
/// nearest even, directly from double (no double rounding through float).
#include <cstdint>
#include <cstring>

#include "nd/export.hpp"

namespace nd {

struct float16_t {
  uint16_t bits = 0;

  constexpr float16_t() = default;
  float16_t(float f) : bits(from_double(f)) {}     // NOLINT: implicit like a builtin float
  float16_t(double d) : bits(from_double(d)) {}    // NOLINT
  static constexpr float16_t from_bits(uint16_t b) {
    float16_t h;
    h.bits = b;
    return h;
  }
  operator float() const { return static_cast<float>(to_double(bits)); }  // NOLINT
  explicit operator double() const { return to_double(bits); }

  ND_API static uint16_t from_double(double d) noexcept;
  ND_API static double to_double(uint16_t h) noexcept;
};

}  // namespace nd

#include "nd/float16.hpp"

#include <cmath>
#include <cstring>

namespace nd {

// Round-to-nearest-even conversion straight from double's bits (no detour through float,
// which would round twice).
uint16_t float16_t::from_double(double d) noexcept {
  uint64_t x;
  std::memcpy(&x, &d, sizeof x);
  const uint16_t sign = static_cast<uint16_t>((x >> 48) & 0x8000u);
  const int exp = static_cast<int>((x >> 52) & 0x7ff);
  uint64_t mant = x & 0xfffffffffffffull;
  if (exp == 0x7ff) {  // inf or nan (keep nan quiet and non-zero)
    if (mant == 0) return sign | 0x7c00u;
    return static_cast<uint16_t>(sign | 0x7e00u | static_cast<uint16_t>(mant >> 42));
  }
  const int e = exp - 1023 + 15;  // rebiased exponent
  if (e >= 31) return sign | 0x7c00u;  // overflow to inf
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit-one mantissa into place, then round.
    if (e < -10) return sign;  // below half the smallest subnormal: rounds to zero
    mant |= 1ull << 52;
    const int shift = 43 - e;  // 52 - 10 + (1 - e)
    uint64_t q = mant >> shift;
    const uint64_t rem = mant & ((1ull << shift) - 1);
    const uint64_t half = 1ull << (shift - 1);
    if (rem > half || (rem == half && (q & 1))) ++q;
    return static_cast<uint16_t>(sign | q);  // q may carry into the smallest normal: still right
  }
  uint64_t q = mant >> 42;
  const uint64_t rem = mant & ((1ull << 42) - 1);
  const uint64_t half = 1ull << 41;
  uint32_t bits = static_cast<uint32_t>((e << 10) | q);
  if (rem > half || (rem == half && (q & 1))) ++bits;  // carry may round up to inf: correct
  return static_cast<uint16_t>(sign | bits);
}

double float16_t::to_double(uint16_t h) noexcept {
  const int sign = (h >> 15) & 1;
  const int exp = (h >> 10) & 0x1f;
  const int mant = h & 0x3ff;
  double v;
  if (exp == 0) v = std::ldexp(static_cast<double>(mant), -24);
  else if (exp == 31) v = mant ? std::nan("") : HUGE_VAL;
  else v = std::ldexp(static_cast<double>(mant | 0x400), exp - 25);
  return sign ? -v : v;
}

}  // namespace nd

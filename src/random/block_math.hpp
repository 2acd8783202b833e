#pragma once
// The floating-point pieces of the counter-based blocks (block.cpp): 64-bit words to
// doubles, a logarithm and sin/cos(2 pi t), written as straight-line code that compiles to
// the same IEEE-754 results whether the compiler vectorises it (AVX-512, AVX2, SSE2) or
// not: only +, -, *, /, sqrt, exact integer <-> double conversions and bit manipulation, and
// the including file switches off contraction into fused multiply-adds. libm is not used
// because its results may differ between its scalar and vector variants and between
// machines, and a block must come out the same wherever it is computed.
//
// Coefficients are Taylor coefficients (2 / (2k + 1) for atanh, 1 / n! for sin and cos),
// computed here; the ranges are small enough that the truncation error stays below
// 2^-60 relative. Both functions are accurate to about 1 ulp (tests/random checks them
// against long double).
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace nd::random::bm {

// 2^52 as a double: bit_cast<double>(0x4330000000000000 | k) == 2^52 + k for k < 2^52.
constexpr uint64_t two52_bits = 0x4330000000000000ULL;
constexpr double two52 = 4503599627370496.0;

// k < 2^52 to double, exactly, in a form every vector width supports.
inline double small_to_double(uint64_t k) { return std::bit_cast<double>(two52_bits | k) - two52; }

// (w >> 11) * 2^-53 in [0, 1): the 53-bit integer converted exactly in two halves.
inline double unit(uint64_t w) {
  const uint64_t k = w >> 11;
  return (small_to_double(k >> 26) * 67108864.0 + small_to_double(k & 0x3ffffff)) * 0x1p-53;
}

// ((w >> 11) + 1) * 2^-53 in (0, 1]: never 0, so its logarithm is finite.
inline double unit_open0(uint64_t w) {
  const uint64_t k = (w >> 11) + 1;  // <= 2^53
  return (small_to_double(k >> 26) * 67108864.0 + small_to_double(k & 0x3ffffff)) * 0x1p-53;
}

namespace detail {

constexpr std::array<double, 10> atanh_coefs() {
  std::array<double, 10> c{};
  for (int k = 1; k <= 10; ++k) c[static_cast<size_t>(k - 1)] = 2.0 / (2.0 * k + 1.0);
  return c;
}

template <int N>
constexpr std::array<double, N> inverse_factorials(int first, int step) {
  std::array<double, N> c{};
  for (int i = 0; i < N; ++i) {
    long double f = 1.0L;
    for (int m = 2; m <= first + step * i; ++m) f *= m;
    c[static_cast<size_t>(i)] = static_cast<double>(1.0L / f);
  }
  return c;
}

// ln 2 = ln2_hi + ln2_lo, ln2_hi with its low 11 mantissa bits clear so that e * ln2_hi
// is exact for |e| < 2^11.
constexpr double ln2_hi = std::bit_cast<double>(std::bit_cast<uint64_t>(std::numbers::ln2) & ~uint64_t{0x7ff});
constexpr double ln2_lo = static_cast<double>(std::numbers::ln2_v<long double> - static_cast<long double>(ln2_hi));
constexpr uint64_t sqrt_half_bits = std::bit_cast<uint64_t>(std::numbers::sqrt2 / 2);

}  // namespace detail

// Natural logarithm of a positive normal double x. x = 2^e m with m in [sqrt(1/2),
// sqrt(2)); with f = m - 1 and s = f / (2 + f), log(m) = 2 atanh(s) = 2s + s R(s^2),
// R(z) = sum_k 2 z^k / (2k + 1) (|s| <= 0.172, ten terms), rearranged as
// f - (f^2/2 - s (f^2/2 + R)) to keep the rounding error near 1 ulp.
inline double log_pos(double x) {
  constexpr auto c = detail::atanh_coefs();
  const uint64_t ix = std::bit_cast<uint64_t>(x) - detail::sqrt_half_bits;
  const int64_t e = static_cast<int64_t>(ix) >> 52;  // exponent of x relative to sqrt(1/2)
  const double m = std::bit_cast<double>((ix & 0x000fffffffffffffULL) + detail::sqrt_half_bits);
  const double ed = small_to_double(static_cast<uint64_t>(e + 2048)) - 2048.0;
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  double r = c[9];
  for (int k = 8; k >= 0; --k) r = c[static_cast<size_t>(k)] + z * r;
  r = z * r;
  const double hfsq = 0.5 * f * f;
  return ed * detail::ln2_hi - ((hfsq - (s * (hfsq + r) + ed * detail::ln2_lo)) - f);
}

// sin(2 pi t) and cos(2 pi t) for t in [0, 1) (any t with |4t| < 2^51 works): 4t = q + r
// with q the nearest integer and |r| <= 1/2 (both exact), a = r pi/2 in [-pi/4, pi/4],
// Taylor series of sin a to a^17 and cos a to a^16, then the quadrant q mod 4.
inline void sincos_2pi(double t, double& sin_out, double& cos_out) {
  constexpr auto cs = detail::inverse_factorials<8>(3, 2);  // 1/3!, 1/5!, ..., 1/17!
  constexpr auto cc = detail::inverse_factorials<8>(2, 2);  // 1/2!, 1/4!, ..., 1/16!
  constexpr double round_magic = 6755399441055744.0;        // 1.5 * 2^52: adding it rounds to an integer
  const double y = 4.0 * t;
  const double yq = y + round_magic;
  const uint64_t q = std::bit_cast<uint64_t>(yq);  // low bits: the integer, two's complement
  const double r = y - (yq - round_magic);
  const double a = r * (std::numbers::pi / 2);
  const double z = a * a;
  double ps = cs[7], pc = cc[7];
  for (int k = 6; k >= 0; --k) {
    ps = cs[static_cast<size_t>(k)] - z * ps;
    pc = cc[static_cast<size_t>(k)] - z * pc;
  }
  // sin a = a - a z (1/3! - z (1/5! - ...)), cos a = 1 - z (1/2! - z (1/4! - ...)).
  const double sa = a - a * z * ps;
  const double ca = 1.0 - z * pc;
  // angle = q pi/2 + a: q odd swaps sin and cos; sin is negated for q = 2, 3 and cos for
  // q = 1, 2.
  const bool odd = (q & 1U) != 0;
  const double sv = odd ? ca : sa, cv = odd ? sa : ca;
  const uint64_t sneg = (q & 2U) << 62, cneg = ((q + 1U) & 2U) << 62;
  sin_out = std::bit_cast<double>(std::bit_cast<uint64_t>(sv) ^ sneg);
  cos_out = std::bit_cast<double>(std::bit_cast<uint64_t>(cv) ^ cneg);
}

}  // namespace nd::random::bm

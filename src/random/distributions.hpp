#pragma once
// NumPy's Generator algorithms, templated on the engine so the draw loops inline the bit
// generator (E has next64(), next32(), next_dbl()). Each function consumes the engine's
// words in exactly NumPy's order; see numpy/random/src/distributions/distributions.c for
// the reference algorithms (ziggurat, Marsaglia–Tsang gamma, PTRS Poisson, BTPE binomial,
// Lemire bounded integers).
#include <cmath>
#include <cstdint>

#include "random/ziggurat_tables.hpp"

// The per-element draws are forced inline into their loops: called out of line they take
// the engine by reference, and its state then goes through memory on every draw (about 2x
// on integers()).
#if defined(__GNUC__)
#define ND_RANDOM_HOT inline __attribute__((always_inline))
#else
#define ND_RANDOM_HOT inline
#endif

namespace nd::random::detail {

inline constexpr double zig_nor_r = 3.6541528853610087963519472518;
inline constexpr double zig_nor_inv_r = 0.27366123732975827203338247596;  // 1 / zig_nor_r
inline constexpr double zig_exp_r = 7.6971174701310497140446280481;
inline constexpr float zig_nor_r_f = 3.6541528853610087963519472518f;
inline constexpr float zig_nor_inv_r_f = 0.27366123732975827203338247596f;
inline constexpr float zig_exp_r_f = 7.6971174701310497140446280481f;

template <class E>
ND_RANDOM_HOT float next_flt(E& e) {
  return static_cast<float>(e.next32() >> 8) * (1.0f / 16777216.0f);
}

template <class E>
ND_RANDOM_HOT double std_exponential(E& e);

template <class E>
ND_RANDOM_HOT double std_normal(E& e) {
  for (;;) {
    uint64_t r = e.next64();
    const int idx = static_cast<int>(r & 0xff);
    r >>= 8;
    const bool neg = r & 1;
    const uint64_t rabs = (r >> 1) & 0x000fffffffffffffULL;
    double x = static_cast<double>(rabs) * zig_nor_w64[idx];
    if (neg) x = -x;
    if (rabs < zig_nor_k64[idx]) return x;
    if (idx == 0) {
      for (;;) {
        const double xx = -zig_nor_inv_r * std::log1p(-e.next_dbl());
        const double yy = -std::log1p(-e.next_dbl());
        if (yy + yy > xx * xx) return ((rabs >> 8) & 1) ? -(zig_nor_r + xx) : zig_nor_r + xx;
      }
    }
    if ((zig_nor_f64[idx - 1] - zig_nor_f64[idx]) * e.next_dbl() + zig_nor_f64[idx] < std::exp(-0.5 * x * x)) return x;
  }
}

template <class E>
ND_RANDOM_HOT float std_normal_f(E& e) {
  for (;;) {
    uint32_t r = e.next32();
    const int idx = static_cast<int>(r & 0xff);
    const bool neg = (r >> 8) & 1;
    const uint32_t rabs = (r >> 9) & 0x0007fffff;
    float x = static_cast<float>(rabs) * zig_nor_w32[idx];
    if (neg) x = -x;
    if (rabs < zig_nor_k32[idx]) return x;
    if (idx == 0) {
      for (;;) {
        const float xx = -zig_nor_inv_r_f * std::log1pf(-next_flt(e));
        const float yy = -std::log1pf(-next_flt(e));
        if (yy + yy > xx * xx) return ((rabs >> 8) & 1) ? -(zig_nor_r_f + xx) : zig_nor_r_f + xx;
      }
    }
    // The wedge test compares in double, as NumPy's C does.
    if (static_cast<double>((zig_nor_f32[idx - 1] - zig_nor_f32[idx]) * next_flt(e) + zig_nor_f32[idx]) <
        std::exp(-0.5 * static_cast<double>(x) * static_cast<double>(x)))
      return x;
  }
}

template <class E>
ND_RANDOM_HOT double std_exponential(E& e) {
  for (;;) {
    uint64_t ri = e.next64() >> 3;
    const int idx = static_cast<int>(ri & 0xff);
    ri >>= 8;
    const double x = static_cast<double>(ri) * zig_exp_w64[idx];
    if (ri < zig_exp_k64[idx]) return x;
    if (idx == 0) return zig_exp_r - std::log1p(-e.next_dbl());
    if ((zig_exp_f64[idx - 1] - zig_exp_f64[idx]) * e.next_dbl() + zig_exp_f64[idx] < std::exp(-x)) return x;
  }
}

template <class E>
ND_RANDOM_HOT float std_exponential_f(E& e) {
  for (;;) {
    uint32_t ri = e.next32() >> 1;
    const int idx = static_cast<int>(ri & 0xff);
    ri >>= 8;
    const float x = static_cast<float>(ri) * zig_exp_w32[idx];
    if (ri < zig_exp_k32[idx]) return x;
    if (idx == 0) return zig_exp_r_f - std::log1pf(-next_flt(e));
    if ((zig_exp_f32[idx - 1] - zig_exp_f32[idx]) * next_flt(e) + zig_exp_f32[idx] < std::exp(-x)) return x;
  }
}

template <class E>
double std_gamma(E& e, double shape) {
  if (shape == 1.0) return std_exponential(e);
  if (shape == 0.0) return 0.0;
  if (shape < 1.0) {
    for (;;) {
      const double u = e.next_dbl();
      const double v = std_exponential(e);
      if (u <= 1.0 - shape) {
        const double x = std::pow(u, 1.0 / shape);
        if (x <= v) return x;
      } else {
        const double y = -std::log((1 - u) / shape);
        const double x = std::pow(1.0 - shape + shape * y, 1.0 / shape);
        if (x <= v + y) return x;
      }
    }
  }
  const double b = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9 * b);
  for (;;) {
    double x, v;
    do {
      x = std_normal(e);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = e.next_dbl();
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return b * v;
    if (std::log(u) < 0.5 * x * x + b * (1.0 - v + std::log(v))) return b * v;
  }
}

template <class E>
float std_gamma_f(E& e, float shape) {
  if (shape == 1.0f) return std_exponential_f(e);
  if (shape == 0.0f) return 0.0f;
  if (shape < 1.0f) {
    for (;;) {
      const float u = next_flt(e);
      const float v = std_exponential_f(e);
      if (u <= 1.0f - shape) {
        const float x = std::pow(u, 1.0f / shape);
        if (x <= v) return x;
      } else {
        const float y = -std::log((1.0f - u) / shape);
        const float x = std::pow(1.0f - shape + shape * y, 1.0f / shape);
        if (x <= v + y) return x;
      }
    }
  }
  const float b = shape - 1.0f / 3.0f, c = 1.0f / std::sqrt(9.0f * b);
  for (;;) {
    float x, v;
    do {
      x = std_normal_f(e);
      v = 1.0f + c * x;
    } while (v <= 0.0f);
    v = v * v * v;
    const float u = next_flt(e);
    if (u < 1.0f - 0.0331f * (x * x) * (x * x)) return b * v;
    if (std::log(u) < 0.5f * x * x + b * (1.0f - v + std::log(v))) return b * v;
  }
}

template <class E>
double beta(E& e, double a, double b) {
  if (a <= 1.0 && b <= 1.0) {
    for (;;) {
      const double u = e.next_dbl(), v = e.next_dbl();
      const double x = std::pow(u, 1.0 / a), y = std::pow(v, 1.0 / b);
      const double xpy = x + y;
      if (xpy <= 1.0 && u + v > 0.0) {
        if (xpy > 0) return x / xpy;
        double lx = std::log(u) / a, ly = std::log(v) / b;
        const double lm = lx > ly ? lx : ly;
        lx -= lm;
        ly -= lm;
        return std::exp(lx - std::log(std::exp(lx) + std::exp(ly)));
      }
    }
  }
  const double ga = std_gamma(e, a), gb = std_gamma(e, b);
  return ga / (ga + gb);
}

/// log Gamma(x) by the Stirling series (NumPy's random_loggam); defined in generator.cpp.
double loggam(double x);

template <class E>
int64_t poisson(E& e, double lam) {
  if (lam >= 10) {
    const double slam = std::sqrt(lam), loglam = std::log(lam);
    const double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    const double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const double u = e.next_dbl() - 0.5, v = e.next_dbl();
      const double us = 0.5 - std::fabs(u);
      const auto k = static_cast<int64_t>(std::floor((2 * a / us + b) * u + lam + 0.43));
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
          -lam + static_cast<double>(k) * loglam - loggam(static_cast<double>(k + 1)))
        return k;
    }
  }
  if (lam == 0) return 0;
  const double enlam = std::exp(-lam);
  int64_t x = 0;
  double prod = 1.0;
  for (;;) {
    prod *= e.next_dbl();
    if (prod > enlam) ++x;
    else return x;
  }
}

template <class E>
int64_t binomial_inversion(E& e, int64_t n, double p) {
  const double q = 1.0 - p, qn = std::exp(static_cast<double>(n) * std::log1p(-p)), np = static_cast<double>(n) * p;
  const auto bound = static_cast<int64_t>(std::fmin(static_cast<double>(n), np + 10.0 * std::sqrt(np * q + 1)));
  int64_t x = 0;
  double px = qn, u = e.next_dbl();
  while (u > px) {
    ++x;
    if (x > bound) {
      x = 0;
      px = qn;
      u = e.next_dbl();
    } else {
      u -= px;
      px = (static_cast<double>(n - x + 1) * p * px) / (static_cast<double>(x) * q);
    }
  }
  return x;
}

template <class E>
int64_t binomial_btpe(E& e, int64_t n, double p) {
  const double dn = static_cast<double>(n);
  const double r = std::fmin(p, 1.0 - p), q = 1.0 - r, fm = dn * r + r;
  const auto m = static_cast<int64_t>(std::floor(fm));
  const double dm = static_cast<double>(m);
  const double p1 = std::floor(2.195 * std::sqrt(dn * r * q) - 4.6 * q) + 0.5;
  const double xm = dm + 0.5, xl = xm - p1, xr = xm + p1, c = 0.134 + 20.5 / (15.3 + dm);
  double a = (fm - xl) / (fm - xl * r);
  const double laml = a * (1.0 + a / 2.0);
  a = (xr - fm) / (xr * q);
  const double lamr = a * (1.0 + a / 2.0);
  const double p2 = p1 * (1.0 + 2.0 * c), p3 = p2 + c / laml, p4 = p3 + c / lamr;
  const double nrq = dn * r * q;
  for (;;) {
    const double u = e.next_dbl() * p4;
    double v = e.next_dbl();
    int64_t y;
    if (u <= p1) {
      y = static_cast<int64_t>(std::floor(xm - p1 * v + u));
      return p > 0.5 ? n - y : y;
    }
    if (u <= p2) {
      const double x = xl + (u - p1) / c;
      v = v * c + 1.0 - std::fabs(dm - x + 0.5) / p1;
      if (v > 1.0) continue;
      y = static_cast<int64_t>(std::floor(x));
    } else if (u <= p3) {
      y = static_cast<int64_t>(std::floor(xl + std::log(v) / laml));
      if (y < 0 || v == 0.0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = static_cast<int64_t>(std::floor(xr - std::log(v) / lamr));
      if (y > n || v == 0.0) continue;
      v = v * (u - p3) * lamr;
    }
    const int64_t k = y > m ? y - m : m - y;
    const double dk = static_cast<double>(k);
    if (k <= 20 || dk >= nrq / 2.0 - 1) {
      const double s = r / q, aa = s * (dn + 1);
      double f = 1.0;
      if (m < y) {
        for (int64_t i = m + 1; i <= y; ++i) f *= (aa / static_cast<double>(i) - s);
      } else if (m > y) {
        for (int64_t i = y + 1; i <= m; ++i) f /= (aa / static_cast<double>(i) - s);
      }
      if (v > f) continue;
      return p > 0.5 ? n - y : y;
    }
    const double rho = (dk / nrq) * ((dk * (dk / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const double t = -dk * dk / (2 * nrq);
    const double aA = std::log(v);
    if (aA < t - rho) return p > 0.5 ? n - y : y;
    if (aA > t + rho) continue;
    const double dy = static_cast<double>(y);
    const double x1 = dy + 1, f1 = dm + 1, z = dn + 1 - dm, w = dn - dy + 1;
    const double x2 = x1 * x1, f2 = f1 * f1, z2 = z * z, w2 = w * w;
    auto corr = [](double s2, double s) { return (13860. - (462. - (132. - (99. - 140. / s2) / s2) / s2) / s2) / s / 166320.; };
    if (aA > xm * std::log(f1 / x1) + (dn - dm + 0.5) * std::log(z / w) + (dy - dm) * std::log(w * r / (x1 * q)) +
                 corr(f2, f1) + corr(z2, z) - corr(x2, x1) - corr(w2, w))
      continue;
    return p > 0.5 ? n - y : y;
  }
}

template <class E>
int64_t binomial(E& e, double p, int64_t n) {
  if (n == 0 || p == 0.0) return 0;
  if (p <= 0.5) {
    return p * static_cast<double>(n) <= 30.0 ? binomial_inversion(e, n, p) : binomial_btpe(e, n, p);
  }
  const double q = 1.0 - p;
  return n - (q * static_cast<double>(n) <= 30.0 ? binomial_inversion(e, n, q) : binomial_btpe(e, n, q));
}

template <class E>
int64_t geometric(E& e, double p) {
  if (p >= 0.333333333333333333333333) {
    int64_t x = 1;
    double sum = p, prod = p;
    const double q = 1.0 - p, u = e.next_dbl();
    while (u > sum) {
      prod *= q;
      sum += prod;
      ++x;
    }
    return x;
  }
  const double z = std::ceil(-std_exponential(e) / std::log1p(-p));
  if (z >= 9.223372036854776e+18) return INT64_MAX;
  return static_cast<int64_t>(z);
}

// ---- bounded integers (Lemire's method, NumPy's buffering of 8/16-bit draws)

struct bit_buffer {
  uint32_t buf = 0;
  int bcnt = 0;
};

template <class E>
ND_RANDOM_HOT uint16_t buffered16(E& e, bit_buffer& b) {
  if (!b.bcnt) {
    b.buf = e.next32();
    b.bcnt = 1;
  } else {
    b.buf >>= 16;
    b.bcnt -= 1;
  }
  return static_cast<uint16_t>(b.buf);
}

template <class E>
ND_RANDOM_HOT uint8_t buffered8(E& e, bit_buffer& b) {
  if (!b.bcnt) {
    b.buf = e.next32();
    b.bcnt = 3;
  } else {
    b.buf >>= 8;
    b.bcnt -= 1;
  }
  return static_cast<uint8_t>(b.buf);
}

template <class E>
ND_RANDOM_HOT bool buffered_bool(E& e, bit_buffer& b) {
  if (!b.bcnt) {
    b.buf = e.next32();
    b.bcnt = 31;
  } else {
    b.buf >>= 1;
    b.bcnt -= 1;
  }
  return (b.buf & 1U) != 0;
}

template <class E>
ND_RANDOM_HOT uint64_t lemire64(E& e, uint64_t rng) {
  const uint64_t excl = rng + 1;
  __extension__ typedef unsigned __int128 u128;
  u128 m = static_cast<u128>(e.next64()) * excl;
  auto left = static_cast<uint64_t>(m);
  if (left < excl) {
    const uint64_t threshold = (UINT64_MAX - rng) % excl;
    while (left < threshold) {
      m = static_cast<u128>(e.next64()) * excl;
      left = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

template <class E>
ND_RANDOM_HOT uint32_t lemire32(E& e, uint32_t rng) {
  const uint32_t excl = rng + 1;
  uint64_t m = static_cast<uint64_t>(e.next32()) * excl;
  auto left = static_cast<uint32_t>(m);
  if (left < excl) {
    const uint32_t threshold = (UINT32_MAX - rng) % excl;
    while (left < threshold) {
      m = static_cast<uint64_t>(e.next32()) * excl;
      left = static_cast<uint32_t>(m);
    }
  }
  return static_cast<uint32_t>(m >> 32);
}

template <class E>
ND_RANDOM_HOT uint16_t lemire16(E& e, uint16_t rng, bit_buffer& b) {
  const auto excl = static_cast<uint16_t>(rng + 1);
  uint32_t m = static_cast<uint32_t>(buffered16(e, b)) * excl;
  auto left = static_cast<uint16_t>(m);
  if (left < excl) {
    const auto threshold = static_cast<uint16_t>((UINT16_MAX - rng) % excl);
    while (left < threshold) {
      m = static_cast<uint32_t>(buffered16(e, b)) * excl;
      left = static_cast<uint16_t>(m);
    }
  }
  return static_cast<uint16_t>(m >> 16);
}

template <class E>
ND_RANDOM_HOT uint8_t lemire8(E& e, uint8_t rng, bit_buffer& b) {
  const auto excl = static_cast<uint8_t>(rng + 1);
  auto m = static_cast<uint16_t>(static_cast<uint16_t>(buffered8(e, b)) * excl);
  auto left = static_cast<uint8_t>(m);
  if (left < excl) {
    const auto threshold = static_cast<uint8_t>((UINT8_MAX - rng) % excl);
    while (left < threshold) {
      m = static_cast<uint16_t>(static_cast<uint16_t>(buffered8(e, b)) * excl);
      left = static_cast<uint8_t>(m);
    }
  }
  return static_cast<uint8_t>(m >> 8);
}

/// One draw in [0, rng] (NumPy's random_bounded_uint64 without masking).
template <class E>
ND_RANDOM_HOT uint64_t bounded64(E& e, uint64_t rng) {
  if (rng == 0) return 0;
  if (rng <= 0xFFFFFFFFULL) {
    if (rng == 0xFFFFFFFFULL) return e.next32();
    return lemire32(e, static_cast<uint32_t>(rng));
  }
  if (rng == UINT64_MAX) return e.next64();
  return lemire64(e, rng);
}

/// NumPy's random_interval: masked rejection in [0, max].
template <class E>
ND_RANDOM_HOT uint64_t interval(E& e, uint64_t max) {
  if (max == 0) return 0;
  uint64_t mask = max;
  for (int s = 1; s <= 32; s *= 2) mask |= mask >> s;
  uint64_t v;
  if (max <= 0xffffffffULL) {
    while ((v = (e.next32() & mask)) > max) {
    }
  } else {
    while ((v = (e.next64() & mask)) > max) {
    }
  }
  return v;
}

}  // namespace nd::random::detail

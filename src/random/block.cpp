// Counter-based blocks: every element is a pure function of (seed, stream, global index), so
// any block of a huge array can be generated anywhere and the pieces agree exactly.
//
// Speed comes from two things: Philox-4x32-10 runs on 32 (AVX-512) or 16 (AVX2) counters
// at once, its 32x32 -> 64-bit products native vector multiplies, and the transforms
// (uniform, exponential, Box–Muller normal) are plain loops over a tile of words that the
// compiler vectorises, with our own logarithm and sine/cosine so that nothing calls libm per
// element.
//
// Bit-for-bit reproducibility does not depend on the vector width: Philox is integer
// arithmetic, and the floating-point transforms use only IEEE-754 basic operations (+, -,
// *, /, sqrt) and exact conversions, with contraction into fused multiply-adds switched off
// below, so the AVX-512, AVX2, baseline and scalar-remainder code paths round identically.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numbers>
#include <string>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "iter/parallel.hpp"
#include "nd/creation.hpp"
#include "nd/error.hpp"
#include "nd/random.hpp"
#include "nd/threads.hpp"

// No contraction of a * b + c into fused multiply-adds from here on (they would round
// differently in the FMA-capable clones than in the baseline one).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
// GCC 12's AVX-512 headers build some constants from a deliberately undefined vector and
// trip -Wmaybe-uninitialized once inlined (a false positive; GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

// Included here, under the options above, so that the inlined log and sin/cos are compiled
// without contraction too.
#include "random/block_math.hpp"  // NOLINT(build/include_order)

namespace nd::random {
namespace {

// ctr[2] separates the distributions, so two distributions drawn with one (seed, stream)
// are independent.
enum : uint32_t { tag_uniform = 0, tag_normal = 1, tag_exponential = 2, tag_integers = 3 };

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define ND_RANDOM_MULTIVERSION __attribute__((target_clones("default", "avx2", "arch=x86-64-v4")))
#else
#define ND_RANDOM_MULTIVERSION
#endif

// ---------------------------------------------------------------- Philox on many counters

// Philox-4x32-10 (Random123's constants). Counter c = (c mod 2^32, c >> 32, tag, 0) gives
// the 64-bit words x0 | x1 << 32 and x2 | x3 << 32, stored in that order: on a
// little-endian machine that is the four 32-bit words x0..x3 in memory order.
using ph = detail::philox_traits<uint32_t>;
constexpr uint32_t ph_m0 = ph::m0, ph_m1 = ph::m1, ph_w0 = ph::w0, ph_w1 = ph::w1;
constexpr int words_per_call = 2;  // 64-bit words (elements) per Philox call

struct philox_job {
  uint32_t tag, k0, k1;
};

// The 64-bit words of the counters first .. first + count - 1 into out[2 i], out[2 i + 1].
void philox_scalar(const philox_job& j, uint64_t first, int64_t count, uint64_t* out) {
  for (int64_t i = 0; i < count; ++i) {
    const uint64_t c = first + static_cast<uint64_t>(i);
    const auto x = philox4x32_10({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), j.tag, 0}, {j.k0, j.k1});
    out[2 * i] = uint64_t{x[0]} | (uint64_t{x[1]} << 32);
    out[2 * i + 1] = uint64_t{x[2]} | (uint64_t{x[3]} << 32);
  }
}

// True when the counters first .. first + n - 1 share their high 32-bit word (the vector
// paths broadcast it; a run that crosses 2^32 goes through the scalar code).
inline bool same_high(uint64_t first, int64_t n) { return (first >> 32) == ((first + static_cast<uint64_t>(n) - 1) >> 32); }

#if defined(__x86_64__)
// 32x32 -> 64-bit products of 16 lanes: mul_epu32 multiplies the even lanes; the odd lanes
// are shifted down and multiplied separately; the high and low halves are merged back.
__attribute__((target("avx512f"))) inline void mulhilo512(__m512i x, __m512i m, __m512i& hi, __m512i& lo) {
  const __m512i pe = _mm512_mul_epu32(x, m);
  const __m512i po = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), m);
  hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(pe, 32), po);
  lo = _mm512_mask_blend_epi32(0xAAAA, pe, _mm512_slli_epi64(po, 32));
}

// Lane l of x0..x3 (counter l) goes to o[4 l .. 4 l + 3] (32-bit words): a 4 x 16 transpose.
__attribute__((target("avx512f"))) inline void store_transposed512(uint64_t* o, __m512i x0, __m512i x1, __m512i x2,
                                                                    __m512i x3) {
  const __m512i t0 = _mm512_unpacklo_epi32(x0, x1), t1 = _mm512_unpackhi_epi32(x0, x1);
  const __m512i t2 = _mm512_unpacklo_epi32(x2, x3), t3 = _mm512_unpackhi_epi32(x2, x3);
  // r_k holds counters k, k + 4, k + 8, k + 12, one per 128-bit lane.
  const __m512i r0 = _mm512_unpacklo_epi64(t0, t2), r1 = _mm512_unpackhi_epi64(t0, t2);
  const __m512i r2 = _mm512_unpacklo_epi64(t1, t3), r3 = _mm512_unpackhi_epi64(t1, t3);
  const __m512i a = _mm512_shuffle_i32x4(r0, r1, 0x44), b = _mm512_shuffle_i32x4(r2, r3, 0x44);
  const __m512i c = _mm512_shuffle_i32x4(r0, r1, 0xEE), d = _mm512_shuffle_i32x4(r2, r3, 0xEE);
  _mm512_storeu_si512(o + 0, _mm512_shuffle_i32x4(a, b, 0x88));   // counters 0..3
  _mm512_storeu_si512(o + 8, _mm512_shuffle_i32x4(a, b, 0xDD));   // 4..7
  _mm512_storeu_si512(o + 16, _mm512_shuffle_i32x4(c, d, 0x88));  // 8..11
  _mm512_storeu_si512(o + 24, _mm512_shuffle_i32x4(c, d, 0xDD));  // 12..15
}

// Two independent chains of 16 counters per iteration hide the multiplies' latency.
__attribute__((target("avx512f"))) void philox_avx512(const philox_job& j, uint64_t first, int64_t count,
                                                      uint64_t* out) {
  constexpr int lanes = 32;
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(ph_m0)), m1 = _mm512_set1_epi32(static_cast<int>(ph_m1));
  const __m512i iota = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m512i tag = _mm512_set1_epi32(static_cast<int>(j.tag));
  int64_t i = 0;
  for (; i + lanes <= count; i += lanes) {
    const uint64_t c = first + static_cast<uint64_t>(i);
    if (!same_high(c, lanes)) {
      philox_scalar(j, c, lanes, out + words_per_call * i);
      continue;
    }
    const auto lo = static_cast<uint32_t>(c);  // same_high: lo + 31 does not wrap
    __m512i a0 = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(lo)), iota);
    __m512i b0 = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(lo + 16U)), iota);
    __m512i a1 = _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(c >> 32))), b1 = a1;
    __m512i a2 = tag, b2 = tag;
    __m512i a3 = _mm512_setzero_si512(), b3 = a3;
    uint32_t k0 = j.k0, k1 = j.k1;
    for (int r = 0; r < 10; ++r) {
      if (r > 0) {
        k0 += ph_w0;
        k1 += ph_w1;
      }
      const __m512i key0 = _mm512_set1_epi32(static_cast<int>(k0));
      const __m512i key1 = _mm512_set1_epi32(static_cast<int>(k1));
      __m512i ha0, la0, ha1, la1, hb0, lb0, hb1, lb1;
      mulhilo512(a0, m0, ha0, la0);
      mulhilo512(a2, m1, ha1, la1);
      mulhilo512(b0, m0, hb0, lb0);
      mulhilo512(b2, m1, hb1, lb1);
      a0 = _mm512_ternarylogic_epi32(ha1, a1, key0, 0x96);  // A ^ B ^ C
      a2 = _mm512_ternarylogic_epi32(ha0, a3, key1, 0x96);
      a1 = la1;
      a3 = la0;
      b0 = _mm512_ternarylogic_epi32(hb1, b1, key0, 0x96);
      b2 = _mm512_ternarylogic_epi32(hb0, b3, key1, 0x96);
      b1 = lb1;
      b3 = lb0;
    }
    store_transposed512(out + words_per_call * i, a0, a1, a2, a3);
    store_transposed512(out + words_per_call * i + 32, b0, b1, b2, b3);
  }
  philox_scalar(j, first + static_cast<uint64_t>(i), count - i, out + words_per_call * i);
}

__attribute__((target("avx2"))) inline void mulhilo256(__m256i x, __m256i m, __m256i& hi, __m256i& lo) {
  const __m256i pe = _mm256_mul_epu32(x, m);
  const __m256i po = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(pe, 32), po, 0xAA);
  lo = _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA);
}

// Lane l of x0..x3 (counter l) to o[4 l .. 4 l + 3] (32-bit words): a 4 x 8 transpose.
__attribute__((target("avx2"))) inline void store_transposed256(uint64_t* o, __m256i x0, __m256i x1, __m256i x2,
                                                                 __m256i x3) {
  const __m256i t0 = _mm256_unpacklo_epi32(x0, x1), t1 = _mm256_unpackhi_epi32(x0, x1);
  const __m256i t2 = _mm256_unpacklo_epi32(x2, x3), t3 = _mm256_unpackhi_epi32(x2, x3);
  // r_k holds counters k and k + 4.
  const __m256i r0 = _mm256_unpacklo_epi64(t0, t2), r1 = _mm256_unpackhi_epi64(t0, t2);
  const __m256i r2 = _mm256_unpacklo_epi64(t1, t3), r3 = _mm256_unpackhi_epi64(t1, t3);
  auto* p = reinterpret_cast<__m256i*>(o);
  _mm256_storeu_si256(p + 0, _mm256_permute2x128_si256(r0, r1, 0x20));  // counters 0, 1
  _mm256_storeu_si256(p + 1, _mm256_permute2x128_si256(r2, r3, 0x20));  // 2, 3
  _mm256_storeu_si256(p + 2, _mm256_permute2x128_si256(r0, r1, 0x31));  // 4, 5
  _mm256_storeu_si256(p + 3, _mm256_permute2x128_si256(r2, r3, 0x31));  // 6, 7
}

__attribute__((target("avx2"))) void philox_avx2(const philox_job& j, uint64_t first, int64_t count, uint64_t* out) {
  constexpr int lanes = 16;
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(ph_m0)), m1 = _mm256_set1_epi32(static_cast<int>(ph_m1));
  const __m256i iota = _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0);
  const __m256i tag = _mm256_set1_epi32(static_cast<int>(j.tag));
  int64_t i = 0;
  for (; i + lanes <= count; i += lanes) {
    const uint64_t c = first + static_cast<uint64_t>(i);
    if (!same_high(c, lanes)) {
      philox_scalar(j, c, lanes, out + words_per_call * i);
      continue;
    }
    __m256i a0 = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(static_cast<uint32_t>(c))), iota);
    __m256i b0 = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(static_cast<uint32_t>(c) + 8U)), iota);
    __m256i a1 = _mm256_set1_epi32(static_cast<int>(static_cast<uint32_t>(c >> 32))), b1 = a1;
    __m256i a2 = tag, b2 = tag;
    __m256i a3 = _mm256_setzero_si256(), b3 = a3;
    uint32_t k0 = j.k0, k1 = j.k1;
    for (int r = 0; r < 10; ++r) {
      if (r > 0) {
        k0 += ph_w0;
        k1 += ph_w1;
      }
      const __m256i key0 = _mm256_set1_epi32(static_cast<int>(k0));
      const __m256i key1 = _mm256_set1_epi32(static_cast<int>(k1));
      __m256i ha0, la0, ha1, la1, hb0, lb0, hb1, lb1;
      mulhilo256(a0, m0, ha0, la0);
      mulhilo256(a2, m1, ha1, la1);
      mulhilo256(b0, m0, hb0, lb0);
      mulhilo256(b2, m1, hb1, lb1);
      a0 = _mm256_xor_si256(_mm256_xor_si256(ha1, a1), key0);
      a2 = _mm256_xor_si256(_mm256_xor_si256(ha0, a3), key1);
      a1 = la1;
      a3 = la0;
      b0 = _mm256_xor_si256(_mm256_xor_si256(hb1, b1), key0);
      b2 = _mm256_xor_si256(_mm256_xor_si256(hb0, b3), key1);
      b1 = lb1;
      b3 = lb0;
    }
    store_transposed256(out + words_per_call * i, a0, a1, a2, a3);
    store_transposed256(out + words_per_call * i + 16, b0, b1, b2, b3);
  }
  philox_scalar(j, first + static_cast<uint64_t>(i), count - i, out + words_per_call * i);
}
#endif

using philox_fn = void (*)(const philox_job&, uint64_t, int64_t, uint64_t*);

// The widest variant the CPU has; ND_RANDOM_PHILOX=avx2 or =scalar caps it (the tests use
// this to check that every variant gives the same words).
philox_fn pick_philox() {
  const char* cap = std::getenv("ND_RANDOM_PHILOX");
  const std::string want = cap ? cap : "";
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (want.empty() && __builtin_cpu_supports("avx512f")) return philox_avx512;
  if ((want.empty() || want == "avx2") && __builtin_cpu_supports("avx2")) return philox_avx2;
#endif
  return philox_scalar;
}

// Chosen on first use (a function-local static, safe during other libraries' static init).
void philox_many(const philox_job& j, uint64_t first, int64_t count, uint64_t* out) {
  static const philox_fn fn = pick_philox();
  fn(j, first, count, out);
}

// ---------------------------------------------------------------- transforms of a tile

// n words (even, so Box–Muller pairs never straddle) -> n values.
ND_RANDOM_MULTIVERSION void to_uniform(const uint64_t* w, int64_t n, double low, double span, double* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = low + span * bm::unit(w[i]);
}

ND_RANDOM_MULTIVERSION void to_exponential(const uint64_t* w, int64_t n, double scale, double* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = scale * (0.0 - bm::log_pos(bm::unit_open0(w[i])));
}

ND_RANDOM_MULTIVERSION void to_normal(const uint64_t* w, int64_t n, double loc, double scale, double* out) {
  for (int64_t p = 0; p < n / 2; ++p) {
    const double radius = std::sqrt(-2.0 * bm::log_pos(bm::unit_open0(w[2 * p])));
    double s, c;
    bm::sincos_2pi(bm::unit(w[2 * p + 1]), s, c);
    out[2 * p] = loc + scale * (radius * c);
    out[2 * p + 1] = loc + scale * (radius * s);
  }
}

void to_integers_scalar(const uint64_t* w, int64_t n, uint64_t low, uint64_t range, int64_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    const auto r = static_cast<uint64_t>((static_cast<uint128_t>(w[i]) * range) >> 64);
    out[i] = static_cast<int64_t>(low + r);
  }
}

#if defined(__x86_64__)
// High 64 bits of a * r for 64-bit lanes, from four 32x32 -> 64-bit products (no partial
// sum below overflows 64 bits).
__attribute__((target("avx512f"))) inline __m512i mulhi64_512(__m512i a, __m512i rl, __m512i rh) {
  const __m512i low32 = _mm512_set1_epi64(0xffffffff);
  const __m512i ah = _mm512_srli_epi64(a, 32);
  const __m512i ll = _mm512_mul_epu32(a, rl), hl = _mm512_mul_epu32(ah, rl);
  const __m512i lh = _mm512_mul_epu32(a, rh), hh = _mm512_mul_epu32(ah, rh);
  const __m512i t = _mm512_add_epi64(hl, _mm512_srli_epi64(ll, 32));
  const __m512i mid = _mm512_add_epi64(lh, _mm512_and_si512(t, low32));
  return _mm512_add_epi64(_mm512_add_epi64(hh, _mm512_srli_epi64(t, 32)), _mm512_srli_epi64(mid, 32));
}

// The same multiply-high, eight words at a time.
__attribute__((target("avx512f"))) void to_integers_avx512(const uint64_t* w, int64_t n, uint64_t low, uint64_t range,
                                                           int64_t* out) {
  const __m512i rl = _mm512_set1_epi64(static_cast<long long>(range & 0xffffffff));
  const __m512i rh = _mm512_set1_epi64(static_cast<long long>(range >> 32));
  const __m512i lo = _mm512_set1_epi64(static_cast<long long>(low));
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm512_storeu_si512(out + i, _mm512_add_epi64(mulhi64_512(_mm512_loadu_si512(w + i), rl, rh), lo));
  }
  to_integers_scalar(w + i, n - i, low, range, out + i);
}
#endif

using integers_fn = void (*)(const uint64_t*, int64_t, uint64_t, uint64_t, int64_t*);

integers_fn pick_integers() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return to_integers_avx512;
#endif
  return to_integers_scalar;
}

void to_integers(const uint64_t* w, int64_t n, uint64_t low, uint64_t range, int64_t* out) {
  static const integers_fn fn = pick_integers();
  fn(w, n, low, range, out);
}

struct block_kernel {
  philox_job job;
  block_params prm;
  uint64_t range;  // integers: ihigh - ilow

  template <class T>
  void transform(const uint64_t* w, int64_t n, T* out) const {
    if constexpr (std::is_same_v<T, int64_t>) {
      to_integers(w, n, static_cast<uint64_t>(prm.ilow), range, out);
    } else {
      switch (prm.dist) {
        case block_dist::uniform: return to_uniform(w, n, prm.low, prm.high - prm.low, out);
        case block_dist::normal: return to_normal(w, n, prm.low, prm.high, out);
        case block_dist::exponential: return to_exponential(w, n, prm.high, out);
        case block_dist::integers: break;
      }
    }
  }

  // Fills out[0, n) with the elements g0, g0 + 1, ... (a contiguous run of global indices),
  // a tile of whole Philox calls at a time; tiles cut by the run's ends go through a
  // buffer, so every element is computed by the same code whatever the run.
  template <class T>
  void run(T* out, uint64_t g0, int64_t n) const {
    constexpr int64_t tile_calls = 128, tile = words_per_call * tile_calls;
    alignas(64) uint64_t words[tile];
    alignas(64) T vals[tile];
    const uint64_t gend = g0 + static_cast<uint64_t>(n);
    for (uint64_t call = g0 / words_per_call; words_per_call * call < gend; call += tile_calls) {
      const uint64_t e0 = words_per_call * call;  // first element of the tile
      const auto calls =
          static_cast<int64_t>(std::min<uint64_t>(tile_calls, (gend - e0 + words_per_call - 1) / words_per_call));
      const int64_t m = words_per_call * calls;
      philox_many(job, call, calls, words);
      const uint64_t lo = std::max(e0, g0), hi = std::min(e0 + static_cast<uint64_t>(m), gend);
      T* dst = out + (lo - g0);
      if (lo == e0 && hi == e0 + static_cast<uint64_t>(m)) {
        transform(words, m, dst);
      } else {
        transform(words, m, vals);
        std::copy(vals + (lo - e0), vals + (hi - e0), dst);
      }
    }
  }
};

uint32_t tag_of(block_dist d) {
  switch (d) {
    case block_dist::uniform: return tag_uniform;
    case block_dist::normal: return tag_normal;
    case block_dist::exponential: return tag_exponential;
    case block_dist::integers: break;
  }
  return tag_integers;
}

}  // namespace

void fill_block(uint64_t seed, uint64_t stream, const shape_t& global_shape, const shape_t& offset,
                const block_params& params, array& out) {
  const char* op = "fill_block";
  const int64_t nd = static_cast<int64_t>(global_shape.size());
  if (static_cast<int64_t>(offset.size()) != nd || out.ndim() != nd)
    throw shape_error(fmt::format("[{}] global shape {}, offset {} and block {} must have the same length", op,
                                  shape_str(global_shape), shape_str(offset), shape_str(out.shape())));
  for (int64_t d = 0; d < nd; ++d) {
    const auto k = static_cast<size_t>(d);
    if (global_shape[k] < 0 || offset[k] < 0 || out.shape(d) < 0 || offset[k] + out.shape(d) > global_shape[k])
      throw shape_error(fmt::format("[{}] block {} at offset {} does not fit in global shape {}", op,
                                    shape_str(out.shape()), shape_str(offset), shape_str(global_shape)));
  }
  const bool ints = params.dist == block_dist::integers;
  if (out.dtype() != (ints ? int64 : float64))
    throw dtype_error(fmt::format("[{}] out must be {}, got {}", op, ints ? "int64" : "float64", out.dtype().name()));
  if (!out.is_c_contiguous()) throw value_error(fmt::format("[{}] out must be C-contiguous", op));
  if (ints && params.ihigh <= params.ilow) throw value_error(fmt::format("[{}] low >= high", op));
  if (params.dist == block_dist::normal && !(params.high >= 0)) throw value_error(fmt::format("[{}] scale < 0", op));
  if (params.dist == block_dist::exponential && !(params.high >= 0)) throw value_error(fmt::format("[{}] scale < 0", op));
  if (out.size() == 0) return;

  const auto k = seed_sequence(seed_sequence::words_of(seed), {stream}).generate_state32(2);
  const block_kernel kern{{tag_of(params.dist), k[0], k[1]},
                          params,
                          static_cast<uint64_t>(params.ihigh) - static_cast<uint64_t>(params.ilow)};

  // Rows along the last axis are contiguous runs of global indices.
  const int64_t row = nd ? out.shape(nd - 1) : 1;
  const int64_t rows = row ? out.size() / row : 0;
  char* base = static_cast<char*>(out.mutable_data(op));
  auto row_start = [&](int64_t r) {
    // Global C-order index of the first element of block row r.
    uint64_t g = 0;
    int64_t rem = r;
    std::vector<int64_t> idx(static_cast<size_t>(nd), 0);
    for (int64_t d = nd - 2; d >= 0; --d) {
      idx[static_cast<size_t>(d)] = rem % out.shape(d);
      rem /= out.shape(d);
    }
    for (int64_t d = 0; d < nd; ++d) {
      const auto kd = static_cast<size_t>(d);
      g = g * static_cast<uint64_t>(global_shape[kd]) + static_cast<uint64_t>(offset[kd] + idx[kd]);
    }
    return g;
  };
  // Work items: rows cut into segments of at most `seg` elements. One task per pool thread
  // takes items from a shared counter a few at a time, so a thread that starts late (a busy
  // machine) takes fewer items instead of holding up the others.
  constexpr int64_t seg = 16384, grab = 4;
  const int64_t segs = row ? (row + seg - 1) / seg : 0;
  const int64_t items = rows * segs;
  std::atomic<int64_t> next{0};
  const int64_t tasks = std::max<int64_t>(1, std::min<int64_t>(nd::get_num_threads(), (items + grab - 1) / grab));
  nd::detail::parallel_for(tasks, 1, [&](int64_t, int64_t) {
    for (;;) {
      const int64_t b = next.fetch_add(grab, std::memory_order_relaxed);
      if (b >= items) break;
      for (int64_t it = b; it < std::min(items, b + grab); ++it) {
        const int64_t r = it / segs, s0 = (it % segs) * seg, len = std::min(seg, row - s0);
        const uint64_t g = row_start(r) + static_cast<uint64_t>(s0);
        if (ints)
          kern.run(reinterpret_cast<int64_t*>(base) + r * row + s0, g, len);
        else
          kern.run(reinterpret_cast<double*>(base) + r * row + s0, g, len);
      }
    }
  });
}

array block(uint64_t seed, uint64_t stream, const shape_t& global_shape, const shape_t& offset,
            const shape_t& block_shape, const block_params& params) {
  for (int64_t d : block_shape)
    if (d < 0) throw value_error("[block] negative dimensions are not allowed");
  array out = empty(block_shape, params.dist == block_dist::integers ? int64 : float64);
  fill_block(seed, stream, global_shape, offset, params, out);
  return out;
}

}  // namespace nd::random

#if !defined(__clang__) && defined(__GNUC__)
#pragma GCC diagnostic pop
#pragma GCC pop_options
#endif

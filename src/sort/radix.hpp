#pragma once
// LSD radix sort (8-bit digits) for integer and real float lanes. It is stable, so the
// argsort variant gives NumPy's stable permutation directly. Floats map to unsigned keys
// that order like the values, with -0.0 folded onto +0.0 (NumPy treats them as equal);
// NaNs never reach these functions (callers move them to the end first).
#include <array>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "sort/order.hpp"

namespace nd::detail::sorting {

template <class T>
inline constexpr bool radix_sortable_v =
    (std::is_integral_v<T> && !std::is_same_v<T, bool>) || is_real_float_v<T>;

/// Below this many elements std::sort wins.
inline constexpr int64_t radix_threshold = 2048;

template <class T>
using ukey_t = std::conditional_t<sizeof(T) == 1, uint8_t,
                                  std::conditional_t<sizeof(T) == 2, uint16_t,
                                                     std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;

template <class T>
inline ukey_t<T> to_ukey(T v) {
  using U = ukey_t<T>;
  constexpr U top = U(U(1) << (sizeof(U) * 8 - 1));
  if constexpr (is_real_float_v<T>) {
    if (v == T(0)) v = T(0);  // -0.0 == 0.0
    U b;
    std::memcpy(&b, &v, sizeof(U));
    return (b & top) ? U(~b) : U(b | top);
  } else if constexpr (std::is_signed_v<T>) {
    return U(static_cast<U>(v) ^ top);
  } else {
    return static_cast<U>(v);
  }
}

template <class T>
inline T from_ukey(ukey_t<T> k) {
  using U = ukey_t<T>;
  constexpr U top = U(U(1) << (sizeof(U) * 8 - 1));
  if constexpr (is_real_float_v<T>) {
    const U b = (k & top) ? U(k & ~top) : U(~k);
    T v;
    std::memcpy(&v, &b, sizeof(U));
    return v;
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<T>(U(k ^ top));
  } else {
    return static_cast<T>(k);
  }
}

// Histograms of every digit in one pass; digits where all keys agree are skipped later.
template <class U>
std::array<std::array<int64_t, 256>, sizeof(U)> digit_counts(const U* keys, int64_t n) {
  std::array<std::array<int64_t, 256>, sizeof(U)> c{};
  for (int64_t i = 0; i < n; ++i) {
    U k = keys[i];
    for (size_t d = 0; d < sizeof(U); ++d, k = U(k >> 8)) ++c[d][k & 0xff];
  }
  return c;
}

/// Sorts the n keys (and, when idx is given, the indices along) with stable LSD passes,
/// ping-ponging with the scratch arrays keys2 / idx2 (n items each). Returns where the
/// sorted keys and indices ended up (the originals or the scratch arrays).
template <class U>
std::pair<U*, int64_t*> radix_keys(U* keys, U* keys2, int64_t* idx, int64_t* idx2, int64_t n) {
  const auto counts = digit_counts(keys, n);
  for (size_t d = 0; d < sizeof(U); ++d) {
    const auto& c = counts[d];
    if (c[static_cast<size_t>(keys[0] >> (8 * d)) & 0xff] == n) continue;  // one bucket only
    std::array<int64_t, 256> pos{};
    int64_t sum = 0;
    for (size_t b = 0; b < 256; ++b) {
      pos[b] = sum;
      sum += c[b];
    }
    const unsigned shift = static_cast<unsigned>(8 * d);
    if (idx) {
      for (int64_t i = 0; i < n; ++i) {
        const int64_t p = pos[static_cast<size_t>(keys[i] >> shift) & 0xff]++;
        keys2[p] = keys[i];
        idx2[p] = idx[i];
      }
      std::swap(idx, idx2);
    } else {
      for (int64_t i = 0; i < n; ++i) keys2[pos[static_cast<size_t>(keys[i] >> shift) & 0xff]++] = keys[i];
    }
    std::swap(keys, keys2);
  }
  return {keys, idx};
}

}  // namespace nd::detail::sorting

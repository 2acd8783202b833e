// Lane kernels: contiguous copies of each lane sorted with std::sort / nth_element under
// NumPy's order (NaNs last). Argsort sorts (key, index) pairs, which is stable by
// construction and keeps the data in cache instead of sorting indices indirectly.
#include "sort/kernels.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include "sort/order.hpp"
#include "sort/radix.hpp"
#include "sort/vqsort.hpp"
#include "nd/threads.hpp"

namespace nd::detail::sorting {
namespace {

// Carves 64-byte aligned typed regions of n items each out of one scratch buffer.
template <class... U, size_t... I>
std::tuple<U*...> regions_at(scratch_t& s, int64_t n, std::index_sequence<I...>) {
  const std::array<size_t, sizeof...(U)> bytes{((static_cast<size_t>(n) * sizeof(U) + 63) & ~size_t{63})...};
  std::array<size_t, sizeof...(U)> off{};
  size_t total = 64;
  for (size_t i = 0; i < bytes.size(); ++i) {
    off[i] = total - 64;
    total += bytes[i];
  }
  if (s.size() < total) s.resize(total);
  const auto base = (reinterpret_cast<uintptr_t>(s.data()) + 63) & ~uintptr_t{63};
  return std::tuple<U*...>{reinterpret_cast<U*>(base + off[I])...};
}
template <class... U>
std::tuple<U*...> regions(scratch_t& s, int64_t n) {
  return regions_at<U...>(s, n, std::index_sequence_for<U...>{});
}
template <class U>
U* scratch_as(scratch_t& s, int64_t n) {
  return std::get<0>(regions<U>(s, n));
}

template <class T>
using pair_t = std::pair<key_t<T>, int64_t>;

// Fills pairs (key, i) for the lane, non-NaN keys first (real floats only), and returns
// how many keys are not NaN.
template <class T>
int64_t fill_pairs(const char* lane, int64_t stride, int64_t n, pair_t<T>* pairs) {
  using K = key_t<T>;
  if constexpr (is_real_float_v<K>) {
    int64_t j = 0;
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, lane + i * stride, sizeof(T));
      const K k = key_of(v);
      if (!std::isnan(k)) pairs[j++] = {k, i};
    }
    const int64_t m = j;
    for (int64_t i = 0; i < n && j < n; ++i) {
      T v;
      std::memcpy(&v, lane + i * stride, sizeof(T));
      const K k = key_of(v);
      if (std::isnan(k)) pairs[j++] = {k, i};
    }
    return m;
  } else {
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, lane + i * stride, sizeof(T));
      pairs[i] = {key_of(v), i};
    }
    return n;
  }
}

// Sorts pairs by key, ties by index: the stable order. NaN keys (already last, in index
// order) are left alone for real floats.
template <class T>
void sort_pairs(pair_t<T>* pairs, int64_t n, int64_t m) {
  using K = key_t<T>;
  if constexpr (is_real_float_v<K>) {
    (void)n;
    std::sort(pairs, pairs + m, [](const pair_t<T>& a, const pair_t<T>& b) {
      return a.first < b.first || (!(b.first < a.first) && a.second < b.second);
    });
  } else if constexpr (is_complex_v<K>) {
    (void)m;
    std::sort(pairs, pairs + n, [](const pair_t<T>& a, const pair_t<T>& b) {
      if (less(a.first, b.first)) return true;
      if (less(b.first, a.first)) return false;
      return a.second < b.second;
    });
  } else {
    (void)m;
    std::sort(pairs, pairs + n);
  }
}

template <class T>
void argsort_contig_pairs(const char* lane, int64_t stride, int64_t n, pair_t<T>* pairs) {
  const int64_t m = fill_pairs<T>(lane, stride, n, pairs);
  sort_pairs<T>(pairs, n, m);
}

// Radix argsort of a lane: NaNs (in index order) after the sorted keys, which is stable.
template <class T>
void radix_argsort_lane(const char* lane, int64_t stride, int64_t n, int64_t* out, scratch_t& s) {
  using U = ukey_t<T>;
  auto [k1, k2, i2] = regions<U, U, int64_t>(s, n);
  std::vector<int64_t> nans;
  int64_t m = 0;
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, lane + i * stride, sizeof(T));
    if (is_nan(v)) {
      nans.push_back(i);
      continue;
    }
    k1[m] = to_ukey(v);
    out[m++] = i;
  }
  if (m > 0) {
    const auto [keys, idx] = radix_keys<U>(k1, k2, out, i2, m);
    (void)keys;
    if (idx != out) std::copy(idx, idx + m, out);
  }
  std::copy(nans.begin(), nans.end(), out + m);
}

// Radix sort of a lane's values. Zeros are sorted as one key and then written back in
// input order, so the result is the stable one even for -0.0 / 0.0.
template <class T>
void radix_sort_lane(char* lane, int64_t stride, int64_t n, scratch_t& s) {
  using U = ukey_t<T>;
  auto [k1, k2] = regions<U, U>(s, n);
  std::vector<T> nans, zeros;
  int64_t m = 0;
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, lane + i * stride, sizeof(T));
    if constexpr (is_real_float_v<T>) {
      if (std::isnan(v)) {
        nans.push_back(v);
        continue;
      }
      if (v == T(0)) zeros.push_back(v);
    }
    k1[m++] = to_ukey(v);
  }
  U* keys = m > 0 ? radix_keys<U>(k1, k2, nullptr, nullptr, m).first : k1;
  size_t z = 0;
  for (int64_t i = 0; i < m; ++i) {
    T v = from_ukey<T>(keys[i]);
    if constexpr (is_real_float_v<T>) {
      if (v == T(0)) v = zeros[z++];
    }
    std::memcpy(lane + i * stride, &v, sizeof(T));
  }
  for (size_t i = 0; i < nans.size(); ++i) std::memcpy(lane + (m + static_cast<int64_t>(i)) * stride, &nans[i], sizeof(T));
}

template <class T>
void argsort_lane(const char* lane, int64_t stride, int64_t n, int64_t* out, scratch_t& s) {
  if constexpr (radix_sortable_v<T>) {
    if (n >= radix_threshold) {
      radix_argsort_lane<T>(lane, stride, n, out, s);
      return;
    }
  }
  pair_t<T>* pairs = scratch_as<pair_t<T>>(s, n);
  argsort_contig_pairs<T>(lane, stride, n, pairs);
  for (int64_t i = 0; i < n; ++i) out[i] = pairs[i].second;
}

template <class T>
void sort_lane(char* lane, int64_t stride, int64_t n, bool stable, scratch_t& s) {
  if (n < 2) return;
  if constexpr (vq_sortable_v<T>) {
    // Equal integers are indistinguishable, so the vectorised unstable sort serves both
    // kinds there; stable float sorts keep -0.0 / 0.0 in input order through radix below.
    if (!stable || !is_real_float_v<T>) {
      const bool contiguous = stride == static_cast<int64_t>(sizeof(T)) && reinterpret_cast<uintptr_t>(lane) % alignof(T) == 0;
      T* p = contiguous ? reinterpret_cast<T*>(lane) : scratch_as<T>(s, n);
      if (!contiguous) gather(lane, stride, n, p);
      vq_sort(p, n);
      if (!contiguous) scatter(p, n, lane, stride);
      return;
    }
  }
  if constexpr (radix_sortable_v<T>) {
    if (n >= radix_threshold) {
      radix_sort_lane<T>(lane, stride, n, s);
      return;
    }
  }
  if constexpr (std::is_same_v<T, float16_t>) {
    // Sort (float key, original bits) so that NaN payloads and -0.0 survive unchanged.
    auto [pairs, vals] = regions<pair_t<T>, T>(s, n);
    gather(lane, stride, n, vals);
    argsort_contig_pairs<T>(lane, stride, n, pairs);
    for (int64_t i = 0; i < n; ++i) std::memcpy(lane + i * stride, vals + pairs[i].second, sizeof(T));
  } else {
    const bool contiguous = stride == static_cast<int64_t>(sizeof(T)) && reinterpret_cast<uintptr_t>(lane) % alignof(T) == 0;
    T* p = contiguous ? reinterpret_cast<T*>(lane) : scratch_as<T>(s, n);
    if (!contiguous) gather(lane, stride, n, p);
    if constexpr (is_real_float_v<T>) {
      auto not_nan = [](const T& v) { return !std::isnan(v); };
      T* mid = stable ? std::stable_partition(p, p + n, not_nan) : std::partition(p, p + n, not_nan);
      if (stable) std::stable_sort(p, mid);
      else std::sort(p, mid);
    } else if constexpr (is_complex_v<T>) {
      if (stable) std::stable_sort(p, p + n, less<T>);
      else std::sort(p, p + n, less<T>);
    } else {
      std::sort(p, p + n);  // equal integers are indistinguishable: stability is moot
    }
    if (!contiguous) scatter(p, n, lane, stride);
  }
}

// Sample sort of one long lane over the pool: splitters from a regular sample cut the
// values into one bucket per thread (NaNs in an extra, last bucket), every thread counts
// and then scatters its chunk of the source into dst, and each bucket is sorted where it
// landed. Returns false where this type or kind has no such path.
template <class T>
bool sort_parallel_lane(const char* src, int64_t stride, int64_t n, T* dst, bool stable) {
  if constexpr (!vq_sortable_v<T>) {
    (void)src, (void)stride, (void)n, (void)dst, (void)stable;
    return false;
  } else {
    if (stable && is_real_float_v<T>) return false;
    const int64_t P = get_num_threads();
    if (P < 2 || n < parallel_sort_min || in_parallel_region()) return false;
    auto at = [&](int64_t i) {
      T v;
      std::memcpy(&v, src + i * stride, sizeof(T));
      return v;
    };
    std::vector<T> sample;
    const int64_t m = 128 * P;
    for (int64_t i = 0; i < m; ++i) {
      const T v = at(i * (n / m));
      if (!is_nan(v)) sample.push_back(v);
    }
    if (sample.size() < static_cast<size_t>(P)) return false;
    std::sort(sample.begin(), sample.end());
    std::vector<T> split;
    for (int64_t b = 1; b < P; ++b) split.push_back(sample[static_cast<size_t>(b) * sample.size() / static_cast<size_t>(P)]);
    const int64_t nb = P + 1;  // the last bucket holds NaNs
    // Branch-free: random data against a splitter mispredicts half the time otherwise.
    // Keys equal to a splitter go right; a NaN passes every `!(v < s)` and one more.
    const T* sp = split.data();
    const int64_t ns = P - 1;
    auto bucket = [sp, ns](const T& v) -> int64_t {
      int64_t b = 0;
      for (int64_t k = 0; k < ns; ++k) b += !(v < sp[k]);
      if constexpr (is_real_float_v<T>) b += v != v;
      return b;
    };
    const int64_t chunk = (n + P - 1) / P;
    std::vector<int64_t> count(static_cast<size_t>(P * nb), 0);
    parallel_for(P, 1, [&](int64_t cb, int64_t ce) {
      for (int64_t c = cb; c < ce; ++c) {
        int64_t* cnt = count.data() + c * nb;
        const int64_t e = std::min(n, (c + 1) * chunk);
        if (ns == 1) {
          // Two buckets and NaNs: sums in registers instead of increments in memory.
          int64_t hi = 0, nan = 0;
          for (int64_t i = c * chunk; i < e; ++i) {
            const T v = at(i);
            hi += !(v < sp[0]);
            if constexpr (is_real_float_v<T>) nan += v != v;
          }
          cnt[0] = e - c * chunk - hi;
          cnt[1] = hi - nan;
          cnt[2] = nan;
        } else {
          for (int64_t i = c * chunk; i < e; ++i) ++cnt[bucket(at(i))];
        }
      }
    });
    std::vector<int64_t> start(static_cast<size_t>(nb + 1), 0), pos(count.size());
    int64_t off = 0;
    for (int64_t b = 0; b < nb; ++b) {
      start[static_cast<size_t>(b)] = off;
      for (int64_t c = 0; c < P; ++c) {
        pos[static_cast<size_t>(c * nb + b)] = off;
        off += count[static_cast<size_t>(c * nb + b)];
      }
    }
    start[static_cast<size_t>(nb)] = off;
    parallel_for(P, 1, [&](int64_t cb, int64_t ce) {
      for (int64_t c = cb; c < ce; ++c) {
        int64_t* ps = pos.data() + c * nb;
        const int64_t e = std::min(n, (c + 1) * chunk);
        if (ns == 1) {
          // Cursor choice by masks, not branches (random keys would mispredict half
          // the time); NaNs are rare and take a predictable branch.
          uintptr_t c0 = reinterpret_cast<uintptr_t>(dst + ps[0]), c1 = reinterpret_cast<uintptr_t>(dst + ps[1]);
          T* c2 = dst + ps[2];
          for (int64_t i = c * chunk; i < e; ++i) {
            const T v = at(i);
            const uintptr_t ge = !(v < sp[0]);
            T* w = reinterpret_cast<T*>(c0 ^ ((c0 ^ c1) & (uintptr_t{0} - ge)));
            if constexpr (is_real_float_v<T>) {
              if (v != v) {
                *c2++ = v;
                continue;
              }
            }
            *w = v;
            c0 += (1 - ge) * sizeof(T);
            c1 += ge * sizeof(T);
          }
        } else {
          for (int64_t i = c * chunk; i < e; ++i) {
            const T v = at(i);
            dst[ps[bucket(v)]++] = v;
          }
        }
      }
    });
    parallel_for(P, 1, [&](int64_t bb, int64_t be) {
      for (int64_t b = bb; b < be; ++b)
        vq_sort(dst + start[static_cast<size_t>(b)], start[static_cast<size_t>(b) + 1] - start[static_cast<size_t>(b)]);
    });
    return true;
  }
}

template <class T>
bool sort_parallel(const char* src, int64_t stride, int64_t n, char* dst, bool stable) {
  return sort_parallel_lane<T>(src, stride, n, reinterpret_cast<T*>(dst), stable);
}

template <class T>
void partition_lane(char* lane, int64_t stride, int64_t n, const std::vector<int64_t>& kth, scratch_t& s) {
  T* p = scratch_as<T>(s, n);
  gather(lane, stride, n, p);
  auto cmp = [](const T& a, const T& b) { return less(key_of(a), key_of(b)); };
  int64_t lo = 0;
  for (int64_t k : kth) {
    std::nth_element(p + lo, p + k, p + n, cmp);
    lo = k + 1;
  }
  scatter(p, n, lane, stride);
}

template <class T>
void argpartition_lane(const char* lane, int64_t stride, int64_t n, const std::vector<int64_t>& kth, int64_t* out,
                       scratch_t& s) {
  pair_t<T>* pairs = scratch_as<pair_t<T>>(s, n);
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, lane + i * stride, sizeof(T));
    pairs[i] = {key_of(v), i};
  }
  auto cmp = [](const pair_t<T>& a, const pair_t<T>& b) { return less(a.first, b.first); };
  int64_t lo = 0;
  for (int64_t k : kth) {
    std::nth_element(pairs + lo, pairs + k, pairs + n, cmp);
    lo = k + 1;
  }
  for (int64_t i = 0; i < n; ++i) out[i] = pairs[i].second;
}

template <class T>
void lex_step_lane(const char* lane, int64_t stride, int64_t n, int64_t* perm, scratch_t& s) {
  auto [vals, pairs, old] = regions<T, pair_t<T>, int64_t>(s, n);
  for (int64_t i = 0; i < n; ++i) std::memcpy(vals + i, lane + perm[i] * stride, sizeof(T));
  argsort_contig_pairs<T>(reinterpret_cast<const char*>(vals), sizeof(T), n, pairs);
  std::copy(perm, perm + n, old);
  for (int64_t i = 0; i < n; ++i) perm[i] = old[pairs[i].second];
}

template <class T>
lane_kernels make_kernels() {
  return {&sort_lane<T>, &sort_parallel<T>, &argsort_lane<T>, &partition_lane<T>, &argpartition_lane<T>, &lex_step_lane<T>};
}

}  // namespace

const lane_kernels& kernels_for(dtype dt) {
  static const std::array<lane_kernels, num_dtypes> table = [] {
    std::array<lane_kernels, num_dtypes> t{};
#define ND_X(e, T, name, kind, ch) t[static_cast<size_t>(dtype_id::e)] = make_kernels<T>();
    ND_DTYPES(ND_X)
#undef ND_X
    return t;
  }();
  return table[static_cast<size_t>(dt.index())];
}

}  // namespace nd::detail::sorting

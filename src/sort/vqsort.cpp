// The one translation unit that talks to Highway's sorter. A Sorter owns a small scratch
// buffer, so each thread keeps its own.
#include "sort/vqsort.hpp"

#include <hwy/contrib/sort/vqsort.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <algorithm>
#include <utility>

namespace nd::detail::sorting {
namespace {

const hwy::Sorter& sorter() {
  thread_local const hwy::Sorter s;
  return s;
}

template <class T>
void run(T* p, int64_t n) {
  if (n < 2) return;
  sorter()(p, static_cast<size_t>(n), hwy::SortAscending());
}

// Highway 1.0.3 pads with the largest finite value and turns +inf keys into it, so
// arrays holding infinities are sorted as integers instead: the map below orders like
// the floats (it flips the magnitude bits of negatives) and is its own inverse.
template <class F, class I>
void sort_real(F* p, int64_t n) {
  static_assert(sizeof(F) == sizeof(I));
  // One vectorised pass: only infinities and NaNs fail |v| <= max.
  constexpr F finite_max = std::numeric_limits<F>::max();
  int64_t special = 0;
  for (int64_t i = 0; i < n; ++i) special += !(std::fabs(p[i]) <= finite_max);
  if (special == 0) return run(p, n);
  constexpr F inf = std::numeric_limits<F>::infinity();
  bool nan = false, big = false;
  for (int64_t i = 0; i < n; ++i) {
    nan |= p[i] != p[i];
    big |= p[i] == inf || p[i] == -inf;
  }
  if (nan) {
    int64_t j = 0;
    for (int64_t i = 0; i < n; ++i)
      if (!std::isnan(p[i])) std::swap(p[j++], p[i]);
    n = j;
  }
  if (!big) return run(p, n);
  I* q = reinterpret_cast<I*>(p);
  constexpr int shift = static_cast<int>(sizeof(I) * 8 - 1);
  constexpr I magnitude = std::numeric_limits<I>::max();
  auto flip = [&] {
    for (int64_t i = 0; i < n; ++i) {
      I b;
      std::memcpy(&b, q + i, sizeof(I));
      b ^= static_cast<I>((b >> shift) & magnitude);
      std::memcpy(q + i, &b, sizeof(I));
    }
  };
  flip();
  run(q, n);
  flip();
}

}  // namespace

void vq_sort(int16_t* p, int64_t n) { run(p, n); }
void vq_sort(int32_t* p, int64_t n) { run(p, n); }
void vq_sort(int64_t* p, int64_t n) { run(p, n); }
void vq_sort(uint16_t* p, int64_t n) { run(p, n); }
void vq_sort(uint32_t* p, int64_t n) { run(p, n); }
void vq_sort(uint64_t* p, int64_t n) { run(p, n); }
void vq_sort(float* p, int64_t n) { sort_real<float, int32_t>(p, n); }
void vq_sort(double* p, int64_t n) { sort_real<double, int64_t>(p, n); }

}  // namespace nd::detail::sorting

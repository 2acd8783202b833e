#pragma once
// Highway's vectorised quicksort (libhwy-contrib: AVX2 / AVX-512 chosen at run time) for
// the element types it supports, plus the NaN handling NumPy's order needs around it.
#include <cstdint>
#include <type_traits>

#include "sort/order.hpp"

namespace nd::detail::sorting {

template <class T>
inline constexpr bool vq_sortable_v =
    std::is_same_v<T, int16_t> || std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t> ||
    std::is_same_v<T, uint16_t> || std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t> ||
    std::is_same_v<T, float> || std::is_same_v<T, double>;

/// Sorts n values ascending in place, unstable; floats in NumPy's order (NaNs last, their
/// payloads kept; -0.0 and 0.0 are equal and may come out in either order).
void vq_sort(int16_t* p, int64_t n);
void vq_sort(int32_t* p, int64_t n);
void vq_sort(int64_t* p, int64_t n);
void vq_sort(uint16_t* p, int64_t n);
void vq_sort(uint32_t* p, int64_t n);
void vq_sort(uint64_t* p, int64_t n);
void vq_sort(float* p, int64_t n);
void vq_sort(double* p, int64_t n);

}  // namespace nd::detail::sorting

#pragma once
// Private helpers of the sort area: NumPy's total order per element type (NaNs last),
// ==-equality, and a row walker that visits the 1-D lanes of an array along one axis.
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#include "iter/convert.hpp"
#include "iter/parallel.hpp"
#include "nd/ndarray.hpp"

namespace nd::detail::sorting {

template <class T>
inline constexpr bool is_real_float_v = std::is_same_v<T, float> || std::is_same_v<T, double>;

/// The type values are compared in: float for float16 (exact), the type itself otherwise.
template <class T>
using key_t = std::conditional_t<std::is_same_v<T, float16_t>, float, T>;

template <class T>
inline key_t<T> key_of(const T& v) {
  if constexpr (std::is_same_v<T, float16_t>) return static_cast<float>(v);
  else return v;
}

template <class K>
inline bool is_nan(const K& v) {
  if constexpr (is_real_float_v<K>) return std::isnan(v);
  else if constexpr (is_complex_v<K>) return std::isnan(v.real()) || std::isnan(v.imag());
  else return false;
}

/// NumPy's sort order on keys: NaNs after everything; complex lexicographic with NaN
/// parts ordered as numpy/_core/src/npysort/npysort_common.h does.
template <class K>
inline bool less(const K& a, const K& b) {
  if constexpr (is_real_float_v<K>) {
    return a < b || (b != b && a == a);
  } else if constexpr (is_complex_v<K>) {
    const auto ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
    if (ar < br) return ai == ai || bi != bi;
    if (ar > br) return bi != bi && ai == ai;
    if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
    return br != br;
  } else {
    return a < b;
  }
}

/// The == of NumPy (NaN != NaN, -0.0 == 0.0).
template <class K>
inline bool equal(const K& a, const K& b) {
  return a == b;
}

/// The lanes of an array of shape `shape` along `axis`: nrows lanes of `len` elements.
/// row_offset gives the byte offset of a lane's first element for given byte strides.
class lanes {
 public:
  lanes(const shape_t& shape, int64_t axis) : axis_(axis), len_(shape.empty() ? 1 : shape[axis]) {
    for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
      if (d == axis) continue;
      outer_.push_back(shape[d]);
      nrows_ *= shape[d];
    }
  }
  int64_t nrows() const { return nrows_; }
  int64_t len() const { return len_; }
  int64_t axis() const { return axis_; }

  int64_t row_offset(int64_t r, const strides_t& strides) const {
    int64_t off = 0;
    for (int64_t j = static_cast<int64_t>(outer_.size()) - 1, d = static_cast<int64_t>(strides.size()) - 1; j >= 0;
         --j, --d) {
      if (d == axis_) --d;
      const int64_t i = r % outer_[j];
      r /= outer_[j];
      off += i * strides[d];
    }
    return off;
  }

  /// Calls body(r_begin, r_end) over the lanes, in parallel when the work is large.
  template <class F>
  void for_rows(F&& body) const {
    const int64_t per_row = std::max<int64_t>(len_, 1);
    const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 15) / per_row);
    parallel_for(nrows_, grain, [&](int64_t b, int64_t e) { body(b, e); });
  }

 private:
  int64_t axis_;
  int64_t len_;
  int64_t nrows_ = 1;
  shape_t outer_;
};

/// Copies `n` elements of T from a strided lane into contiguous `dst`.
template <class T>
inline void gather(const char* src, int64_t stride, int64_t n, T* dst) {
  if (stride == static_cast<int64_t>(sizeof(T))) {
    std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(T));
    return;
  }
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i, src + i * stride, sizeof(T));
}
template <class T>
inline void scatter(const T* src, int64_t n, char* dst, int64_t stride) {
  if (stride == static_cast<int64_t>(sizeof(T))) {
    std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(T));
    return;
  }
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * stride, src + i, sizeof(T));
}

/// A C-contiguous 1-D copy of `a` flattened in C order (a itself when already so).
array flat_contiguous(const array& a);
/// flat_contiguous(a) cast to `dt`.
array flat_as(const array& a, dtype dt);

}  // namespace nd::detail::sorting

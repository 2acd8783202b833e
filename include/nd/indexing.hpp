#pragma once
/// Advanced ("fancy") indexing as NumPy's: integer-array and boolean-mask indices mixed
/// with integers, slices, newaxis and ellipsis, for reading (a copy) and writing; and the
/// index functions take, put, take_along_axis, put_along_axis, nonzero, argwhere,
/// flatnonzero, compress, extract and choose.
///
///   nd::getitem(a, {nd::slice(), idx, nd::slice(), idx2})   // a[:, idx, :, idx2]
///   nd::setitem(a, {mask}, nd::array(0.0))             // a[mask] = 0
///
/// Placement of the result dimensions follows NumPy: the index arrays (and, when any
/// array is present, the integer scalars, which count as 0-d index arrays) broadcast
/// together to one shape B. When all of them are adjacent in the index, B replaces the
/// indexed axes in place; when a slice, newaxis or ellipsis separates them, B goes first.
/// A boolean array acts as its nonzero() indices and consumes as many axes as it has
/// dimensions; a 0-d boolean adds an axis of length 1 (true) or 0 (false).
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd {

/// One item of an advanced index: an integer, slice, newaxis, ellipsis, or an integer or
/// boolean array.
class fancy_index {
 public:
  using value_type = std::variant<int64_t, slice, none_t, ellipsis_t, array>;
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  fancy_index(I i) : v_(static_cast<int64_t>(i)) {}  // NOLINT
  fancy_index(slice s) : v_(s) {}                    // NOLINT
  fancy_index(none_t) : v_(none) {}                  // NOLINT
  fancy_index(ellipsis_t) : v_(ellipsis) {}          // NOLINT
  fancy_index(const array& a) : v_(a) {}             // NOLINT
  fancy_index(const index_item& it);                 // NOLINT
  const value_type& value() const { return v_; }
  bool is_array() const { return std::holds_alternative<array>(v_); }

 private:
  value_type v_;
};

inline fancy_index::fancy_index(const index_item& it)
    : v_(std::visit([](const auto& x) -> value_type { return x; }, it.value())) {}

/// a[idx...]: a view when `idx` holds no array (basic indexing), else a new C-ordered array.
/// @throws nd::index_error for an index out of bounds ("index 5 is out of bounds for axis 0
///   with size 3"), index arrays that do not broadcast ("shape mismatch: indexing arrays could
///   not be broadcast together with shapes (2,) (3,)"), a boolean index whose shape does not
///   match the indexed axes, a non-integer index array, or too many indices.
ND_API array getitem(const array& a, const std::vector<fancy_index>& idx);

/// a[idx...] = value: `value` broadcasts to the shape getitem would return and is cast
/// (unsafe, as NumPy's setitem). With repeated indices the last write wins.
/// @throws nd::shape_error when value does not broadcast; nd::index_error as getitem.
ND_API void setitem(array& a, const std::vector<fancy_index>& idx, const array& value);
template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
void setitem(array& a, const std::vector<fancy_index>& idx, T value) {
  setitem(a, idx, array(value));
}

/// How take, put and choose treat out-of-range indices (NumPy's mode=).
enum class clip_mode { raise, wrap, clip };

/// np.take: elements of `a` along `axis` (of the flattened array when absent).
ND_API array take(const array& a, const array& indices, std::optional<int64_t> axis = std::nullopt,
                  clip_mode mode = clip_mode::raise);
/// np.put: a.flat[indices] = values, `values` repeated cyclically as needed.
ND_API void put(array& a, const array& indices, const array& values, clip_mode mode = clip_mode::raise);
/// np.take_along_axis: `indices` has a's ndim (1-D when axis is absent: a is flattened).
ND_API array take_along_axis(const array& a, const array& indices, std::optional<int64_t> axis);
/// np.put_along_axis: values broadcast against the indices.
ND_API void put_along_axis(array& a, const array& indices, const array& values, std::optional<int64_t> axis);
/// np.nonzero: one int64 index array per dimension, C order. 0-d input is an error as in NumPy 2.
ND_API std::vector<array> nonzero(const array& a);
/// np.argwhere: shape (N, a.ndim), int64.
ND_API array argwhere(const array& a);
/// np.flatnonzero: indices into the flattened array.
ND_API array flatnonzero(const array& a);
/// np.compress: the slices along `axis` (the flattened array when absent) where condition is true.
ND_API array compress(const array& condition, const array& a, std::optional<int64_t> axis = std::nullopt);
/// np.extract: the elements of ravel(arr) where ravel(condition) is true.
ND_API array extract(const array& condition, const array& arr);
/// np.choose: out[i] = choices[a[i]][i], all broadcast together; dtype is the choices' result_type.
ND_API array choose(const array& a, const std::vector<array>& choices, clip_mode mode = clip_mode::raise);

}  // namespace nd

#pragma once
/// Array creation as NumPy's: empty, zeros, ones, full, *_like, arange, linspace,
/// logspace, eye, identity, from_vector, copy, astype, ascontiguousarray, asfortranarray.
#include <optional>
#include <utility>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd {

ND_API array empty(const shape_t& shape, dtype dt = float64, order o = order::C);
ND_API array zeros(const shape_t& shape, dtype dt = float64, order o = order::C);
ND_API array ones(const shape_t& shape, dtype dt = float64, order o = order::C);
/// Filled with `value` (a 0-d array) cast to `dt`, or to value's dtype when dt is absent.
ND_API array full(const shape_t& shape, const array& value, std::optional<dtype> dt = std::nullopt,
                  order o = order::C);
template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
array full(const shape_t& shape, T value, std::optional<dtype> dt = std::nullopt, order o = order::C) {
  return full(shape, array(value), dt, o);
}

/// `order::K` keeps the prototype's layout, as NumPy's default; dt defaults to the prototype's.
ND_API array empty_like(const array& a, std::optional<dtype> dt = std::nullopt, order o = order::K);
ND_API array zeros_like(const array& a, std::optional<dtype> dt = std::nullopt, order o = order::K);
ND_API array ones_like(const array& a, std::optional<dtype> dt = std::nullopt, order o = order::K);
ND_API array full_like(const array& a, const array& value, std::optional<dtype> dt = std::nullopt,
                       order o = order::K);

/// np.arange over int64 values (dtype int64 unless given).
ND_API array arange_int(int64_t start, int64_t stop, int64_t step = 1, std::optional<dtype> dt = std::nullopt);
/// np.arange over doubles: length ceil((stop - start) / step), values start + i * delta.
ND_API array arange_float(double start, double stop, double step = 1.0, std::optional<dtype> dt = std::nullopt);

/// np.arange(stop), np.arange(start, stop[, step]): int64 when all arguments are integers,
/// float64 otherwise (as with Python ints and floats).
template <class A>
array arange(A stop) {
  if constexpr (std::is_integral_v<A>) return arange_int(0, static_cast<int64_t>(stop));
  else return arange_float(0.0, static_cast<double>(stop));
}
template <class A, class B, class C = int>
array arange(A start, B stop, C step = 1, std::optional<dtype> dt = std::nullopt) {
  if constexpr (std::is_integral_v<A> && std::is_integral_v<B> && std::is_integral_v<C>)
    return arange_int(static_cast<int64_t>(start), static_cast<int64_t>(stop), static_cast<int64_t>(step), dt);
  else
    return arange_float(static_cast<double>(start), static_cast<double>(stop), static_cast<double>(step), dt);
}

/// np.linspace; `num` >= 0. Integer dtypes are floored as NumPy 2 does.
ND_API array linspace(double start, double stop, int64_t num = 50, bool endpoint = true,
                      std::optional<dtype> dt = std::nullopt);
/// np.linspace(..., retstep=True): the samples and the spacing.
ND_API std::pair<array, double> linspace_step(double start, double stop, int64_t num = 50, bool endpoint = true,
                                              std::optional<dtype> dt = std::nullopt);
ND_API array logspace(double start, double stop, int64_t num = 50, bool endpoint = true, double base = 10.0,
                      std::optional<dtype> dt = std::nullopt);
/// Ones on the k-th diagonal of an n x m matrix (m defaults to n).
ND_API array eye(int64_t n, std::optional<int64_t> m = std::nullopt, int64_t k = 0, dtype dt = float64,
                 order o = order::C);
ND_API array identity(int64_t n, dtype dt = float64);

/// Implementation of from_vector: checks that `shape` holds exactly `count` elements.
ND_API array detail_from_vector(void* data, int64_t count, const shape_t& shape, dtype dt,
                                std::shared_ptr<const void> owner);

/// Takes ownership of `v` without copying and views it with `shape` (default: 1-D).
template <class T>
array from_vector(std::vector<T> v, std::optional<shape_t> shape = std::nullopt) {
  using E = element_t<T>;
  static_assert(is_element_type_v<E> && sizeof(E) == sizeof(T), "from_vector needs an nd element type");
  if constexpr (std::is_same_v<T, bool>) {
    // std::vector<bool> is packed: copy into bytes.
    std::vector<uint8_t> bytes(v.begin(), v.end());
    auto owned = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
    shape_t s = shape.value_or(shape_t{static_cast<int64_t>(owned->size())});
    return detail_from_vector(owned->data(), static_cast<int64_t>(owned->size()), s, bool_, owned);
  } else {
    auto owned = std::make_shared<std::vector<T>>(std::move(v));
    shape_t s = shape.value_or(shape_t{static_cast<int64_t>(owned->size())});
    return detail_from_vector(owned->data(), static_cast<int64_t>(owned->size()), s, dtype_of<E>(), owned);
  }
}

ND_API array copy(const array& a, order o = order::K);
ND_API array astype(const array& a, dtype dt, casting c = casting::unsafe, bool copy = true);
/// The array itself when already C- (F-) contiguous, else a contiguous copy; at least 1-D
/// as NumPy's.
ND_API array ascontiguousarray(const array& a, std::optional<dtype> dt = std::nullopt);
ND_API array asfortranarray(const array& a, std::optional<dtype> dt = std::nullopt);

}  // namespace nd

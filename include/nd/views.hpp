#pragma once
/// Shape manipulation as NumPy's; every function here returns a view when the strides
/// allow it (reshape and ravel copy only when they must; flatten always copies).
#include <optional>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd {

/// A view when possible, a copy otherwise; one -1 dimension is inferred.
/// shape_error "cannot reshape array of size 6 into shape (4, 2)".
ND_API array reshape(const array& a, const shape_t& shape, order o = order::C);
ND_API array ravel(const array& a, order o = order::C);
ND_API array flatten(const array& a, order o = order::C);
/// Reverses the axes, or permutes them by `axes` (a permutation of 0..ndim-1).
ND_API array transpose(const array& a, const std::optional<std::vector<int64_t>>& axes = std::nullopt);
ND_API array permute_dims(const array& a, const std::vector<int64_t>& axes);
/// Transposes the last two axes (the Array API's matrix_transpose, NumPy's .mT).
ND_API array matrix_transpose(const array& a);
ND_API array swapaxes(const array& a, int64_t axis1, int64_t axis2);
ND_API array moveaxis(const array& a, const std::vector<int64_t>& source, const std::vector<int64_t>& destination);
ND_API array moveaxis(const array& a, int64_t source, int64_t destination);
/// Removes the given length-1 axes (all of them when none are given).
ND_API array squeeze(const array& a, const std::optional<std::vector<int64_t>>& axes = std::nullopt);
ND_API array expand_dims(const array& a, const std::vector<int64_t>& axes);
/// A read-only view with zero strides along the broadcast axes.
ND_API array broadcast_to(const array& a, const shape_t& shape);
ND_API std::vector<array> broadcast_arrays(const std::vector<array>& arrays);
ND_API array diagonal(const array& a, int64_t offset = 0, int64_t axis1 = 0, int64_t axis2 = 1);
/// Views of the real and imaginary parts of a complex array (the real part of a real
/// array is the array itself; its imag is a read-only zero array as NumPy's).
ND_API array real(const array& a);
ND_API array imag(const array& a);

}  // namespace nd

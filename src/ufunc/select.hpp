#pragma once
// Byte-moving loops that pick between operands by a boolean operand: np.where and the
// ufuncs' where= masks.
#include <string_view>

#include "nd/ndarray.hpp"

namespace nd::detail {

/// target[mask] = src, with src and mask broadcast to target's shape and src cast to target's dtype.
void masked_assign(array& target, const array& src, const array& mask, std::string_view op);

/// out = cond ? x : y; cond is bool, x and y have out's dtype; all broadcast to out's shape.
void select_into(array& out, const array& cond, const array& x, const array& y);

}  // namespace nd::detail

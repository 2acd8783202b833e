#pragma once
// Fast paths for the two most common gathers: a full-shape boolean mask over a contiguous
// array, and take() along a 1-D array. Both copy fixed-size elements in one pass.
#include <optional>

#include "nd/ndarray.hpp"

namespace nd::detail {

/// a[mask] when mask is a bool array of a's shape and both are C-contiguous; nullopt otherwise.
std::optional<array> mask_gather_fast(const array& a, const array& mask);

/// out[i] = src[idx[i]] for a 1-D `src` (any stride) and checked, non-negative int64 indices.
array gather_1d(const array& src, const array& idx);

/// The same for unchecked int64 indices (C-contiguous), checking as it copies; nullopt as
/// soon as an index is negative or out of range (the caller then normalises or raises).
std::optional<array> gather_1d_checked(const array& src, const array& idx);

}  // namespace nd::detail

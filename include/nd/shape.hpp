#pragma once
/// Shapes, strides and the rules on them: overflow-checked sizes, broadcasting,
/// axis normalisation, and NumPy's text form "(2, 3)".
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "nd/dims.hpp"
#include "nd/export.hpp"

namespace nd {

/// Shapes and byte strides: nd::dims keeps up to six entries inline (no allocation per array).
using shape_t = dims;
using strides_t = dims;

/// NumPy's limit on the number of dimensions.
inline constexpr int max_ndim = 64;

/// Memory order of a new or copied array, as NumPy's `order=`.
enum class order { C, F, A, K };

/// "(2, 3)", "(4,)", "()": shapes as Python prints tuples.
ND_API std::string shape_str(const shape_t& s);

/// Checks a shape for `op` (no negative dimension, at most 64 dims) and returns its
/// element count; throws alloc_error when the count overflows int64.
ND_API int64_t checked_size(const shape_t& s, std::string_view op);

/// n * itemsize with an overflow check (alloc_error naming `op` and the shape).
ND_API int64_t checked_nbytes(const shape_t& s, int64_t itemsize, std::string_view op);

/// Byte strides of a contiguous array in C (row-major) or F (column-major) order.
ND_API strides_t contiguous_strides(const shape_t& s, int64_t itemsize, order o = order::C);

/// NumPy's broadcasting rule; shape_error naming `op` and the shapes that clash.
ND_API shape_t broadcast_shapes(const std::vector<shape_t>& shapes, std::string_view op = "broadcast_shapes");

/// Maps a possibly negative axis into [0, ndim); axis_error
/// "[op] axis 2 is out of bounds for array of dimension 2" otherwise.
ND_API int64_t normalize_axis(int64_t axis, int64_t ndim, std::string_view op);

}  // namespace nd

#pragma once
// Allocation and memory-layout helpers shared by the core's translation units.
#include <memory>
#include <string_view>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd::detail {

/// A 64-byte aligned owned buffer; alloc_error naming `op`, the shape and the dtype on failure.
std::shared_ptr<const buffer> allocate_buffer(int64_t nbytes, std::string_view op, const shape_t& shape, dtype dt);
/// Axes sorted by decreasing |stride| (stable): NumPy's order 'K'.
std::vector<int64_t> stride_order(const strides_t& strides);
/// Contiguous strides that lay the axes out in `perm` order (perm[0] outermost).
strides_t strides_in_order(const shape_t& shape, int64_t itemsize, const std::vector<int64_t>& perm);
/// A new array in order C, F, A or K (A and K look at `like`).
array empty_in_layout(const shape_t& shape, dtype dt, order o, const array* like, std::string_view op);
/// Byte range [lo, hi) that a view touches, relative to its buffer start; false on overflow.
bool checked_extent(int64_t offset, const shape_t& shape, const strides_t& strides, int64_t itemsize, int64_t& lo,
                    int64_t& hi);
/// Byte range [lo, hi) of the buffer that `a` touches, relative to the buffer start.
void memory_extent(const array& a, int64_t& lo, int64_t& hi);
/// Whether two arrays' memory ranges intersect (by address, whatever buffers they come from).
bool may_overlap(const array& a, const array& b);
/// Same first element, strides and dtype: an elementwise op may read and write in place.
bool same_layout(const array& a, const array& b);

}  // namespace nd::detail

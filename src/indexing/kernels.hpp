#pragma once
// Private helpers of the indexing and manipulation areas: gather/scatter of sub-blocks
// at precomputed byte offsets, and the index plan that getitem and setitem share.
#include <cstdint>
#include <string>
#include <vector>

#include "nd/indexing.hpp"

namespace nd::detail {

/// NumPy's compact shape form in fancy-indexing messages: "(2,3)", "(2,)", "()".
std::string compact_shape(const shape_t& s);

/// An advanced index resolved against an array: `view` is the basic-indexed view (one
/// dimension per index item, advanced ones kept whole), `offsets` the byte offset of every
/// element of the broadcast index shape `bshape` along the advanced dimensions.
struct fancy_plan {
  array view;
  shape_t bshape;
  std::vector<int64_t> offsets;
  shape_t rest_shape;         // view dims not indexed by arrays, in order
  strides_t rest_strides;     // their strides in `view`
  shape_t result_shape;       // what getitem returns
  std::vector<int64_t> perm;  // result axes in (bshape, rest) order
};

/// Builds the plan, or returns false when the index is basic (no arrays); `basic` then
/// holds the view a.index(...) would give.
bool make_fancy_plan(const array& a, const std::vector<fancy_index>& idx, std::string_view op, fancy_plan& plan,
                     array& basic);

/// For every b: copy a block of shape `block` from src + src_off[b] to dst + dst_off[b].
/// A null offset vector means offset b * (contiguous block bytes). Serial and in order.
void copy_blocks(char* dst, const std::vector<int64_t>* dst_off, const strides_t& dst_st, const char* src,
                 const std::vector<int64_t>* src_off, const strides_t& src_st, const shape_t& block, int64_t count,
                 int64_t itemsize, bool parallel);

/// Byte offsets of the elements of shape `s` with strides `st`, in C order.
std::vector<int64_t> element_offsets(const shape_t& s, const strides_t& st);

/// Contiguous int64 copy of `idx` (integer or bool-as-int dtype); index_error if not integer.
array as_index_array(const array& idx, std::string_view op);

/// Wraps k into [0, n) or throws index_error "index k is out of bounds for axis d with size n".
inline int64_t check_index(int64_t k, int64_t n, int64_t axis, std::string_view op);

/// Maps index k per mode (raise checks bounds).
int64_t apply_mode(int64_t k, int64_t n, clip_mode mode, int64_t axis, std::string_view op);

[[noreturn]] void index_out_of_bounds(int64_t k, int64_t n, int64_t axis, std::string_view op);

inline int64_t check_index(int64_t k, int64_t n, int64_t axis, std::string_view op) {
  if (k < -n || k >= n) index_out_of_bounds(k, n, axis, op);
  return k < 0 ? k + n : k;
}

}  // namespace nd::detail

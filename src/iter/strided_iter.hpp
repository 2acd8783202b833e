#pragma once
// The one iterator every elementwise kernel runs on: operands already broadcast to a
// common shape (zero strides on broadcast axes) are reordered by the first operand's
// strides, merged where contiguous, and handed to a 1-D strided inner loop in chunks.
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "nd/shape.hpp"

namespace nd::detail {

/// The single inner-loop signature: n elements, operand i at data[i] stepping strides[i] bytes.
/// A loop may not modify data[] or strides[] (they belong to the iterator).
using loop_fn = void (*)(char** data, const int64_t* strides, int64_t n);

struct iter_operand {
  char* ptr;                // element 0
  const strides_t* strides; // byte strides, one per dimension of the iteration shape
};

class strided_iter {
 public:
  static constexpr int max_operands = 8;

  /// `shape` is the common (broadcast) shape. The first operand decides the traversal order
  /// (it is normally the output, so writes go forward through memory).
  strided_iter(const shape_t& shape, std::initializer_list<iter_operand> ops);

  int num_operands() const { return nop_; }
  /// Number of elements in total.
  int64_t size() const { return size_; }
  /// Dimensions after reordering and merging; the last one is the inner loop.
  int64_t ndim() const { return nd_; }
  shape_t shape() const { return shape_t(shape_, shape_ + nd_); }
  int64_t inner_size() const { return nd_ == 0 ? 1 : shape_[nd_ - 1]; }
  /// Number of inner-loop calls for the whole iteration.
  int64_t outer_size() const { return size_ == 0 ? 0 : size_ / inner_size(); }
  /// Byte stride of operand `op` along merged dimension `dim`.
  int64_t stride(int op, int64_t dim) const { return strides_[op][dim]; }

  /// Runs `fn` over the inner-loop calls [outer_begin, outer_end); disjoint ranges may run
  /// on different threads.
  void run(loop_fn fn, int64_t outer_begin, int64_t outer_end) const;
  void run(loop_fn fn) const { run(fn, 0, outer_size()); }

  /// Runs `fn` over the elements [begin, end) in iteration order (rows may be cut).
  void run_elements(loop_fn fn, int64_t begin, int64_t end) const;

  /// Runs the whole iteration, split over the thread pool when it is large enough
  /// (elementwise kernels only: pieces must be independent).
  void run_parallel(loop_fn fn, int64_t grain = 1 << 15) const;

 private:
  // Fixed-size storage: building an iterator allocates nothing (small calls stay cheap).
  int nop_ = 0;
  int nd_ = 0;
  int64_t size_ = 0;
  int64_t shape_[max_ndim];
  int64_t strides_[max_operands][max_ndim];
  char* ptrs_[max_operands] = {};
};

}  // namespace nd::detail

#include "iter/strided_iter.hpp"

#include "iter/parallel.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace nd::detail {

strided_iter::strided_iter(const shape_t& shape, std::initializer_list<iter_operand> ops)
    : nop_(static_cast<int>(ops.size())) {
  if (nop_ < 1 || nop_ > max_operands) throw std::logic_error("strided_iter: bad operand count");
  size_ = 1;
  for (int64_t d : shape) size_ *= d;
  const int64_t nd = static_cast<int64_t>(shape.size());
  const iter_operand* op = ops.begin();
  for (int k = 0; k < nop_; ++k) ptrs_[k] = op[k].ptr;
  if (size_ == 0) return;

  // Keep the axes longer than 1, flipping those the first operand walks backwards.
  int64_t axes[max_ndim];
  int na = 0;
  for (int64_t d = 0; d < nd; ++d) {
    if (shape[d] == 1) continue;
    axes[na++] = d;
    if ((*op[0].strides)[d] < 0)
      for (int k = 0; k < nop_; ++k) ptrs_[k] += (shape[d] - 1) * (*op[k].strides)[d];
  }
  auto st = [&](int k, int64_t d) {
    int64_t s = (*op[k].strides)[d];
    return (*op[0].strides)[d] < 0 ? -s : s;
  };
  // Outer axes first: largest |stride| of operand 0, ties broken by the next operands
  // (a stable insertion sort: there are few axes).
  auto outer_first = [&](int64_t a, int64_t b) {
    for (int k = 0; k < nop_; ++k) {
      const int64_t sa = std::llabs(st(k, a)), sb = std::llabs(st(k, b));
      if (sa != sb) return sa > sb;
    }
    return false;
  };
  for (int i = 1; i < na; ++i)
    for (int j = i; j > 0 && outer_first(axes[j], axes[j - 1]); --j) std::swap(axes[j], axes[j - 1]);
  // Merge an outer axis into the next inner one when every operand steps evenly across both.
  nd_ = 0;
  for (int i = 0; i < na; ++i) {
    const int64_t d = axes[i];
    bool merge = nd_ > 0;
    for (int k = 0; merge && k < nop_; ++k) merge = strides_[k][nd_ - 1] == st(k, d) * shape[d];
    if (merge) {
      shape_[nd_ - 1] *= shape[d];
      for (int k = 0; k < nop_; ++k) strides_[k][nd_ - 1] = st(k, d);
    } else {
      shape_[nd_] = shape[d];
      for (int k = 0; k < nop_; ++k) strides_[k][nd_] = st(k, d);
      ++nd_;
    }
  }
  if (nd_ == 0) {  // a single element
    shape_[0] = 1;
    for (int k = 0; k < nop_; ++k) strides_[k][0] = 0;
    nd_ = 1;
  }
}

void strided_iter::run(loop_fn fn, int64_t outer_begin, int64_t outer_end) const {
  if (outer_begin >= outer_end) return;
  const int64_t nd = ndim();
  const int64_t inner = shape_[nd - 1];
  int64_t inner_strides[max_operands];
  for (int k = 0; k < nop_; ++k) inner_strides[k] = stride(k, nd - 1);
  // Odometer over the outer dimensions, started at outer_begin.
  int64_t idx[max_ndim] = {};
  char* p[max_operands];
  for (int k = 0; k < nop_; ++k) p[k] = ptrs_[k];
  int64_t rem = outer_begin;
  for (int64_t d = nd - 2; d >= 0; --d) {
    idx[d] = rem % shape_[d];
    rem /= shape_[d];
    for (int k = 0; k < nop_; ++k) p[k] += idx[d] * stride(k, d);
  }
  for (int64_t i = outer_begin; i < outer_end; ++i) {
    fn(p, inner_strides, inner);
    for (int64_t d = nd - 2; d >= 0; --d) {
      if (++idx[d] < shape_[d]) {
        for (int k = 0; k < nop_; ++k) p[k] += stride(k, d);
        break;
      }
      idx[d] = 0;
      for (int k = 0; k < nop_; ++k) p[k] -= (shape_[d] - 1) * stride(k, d);
    }
  }
}

void strided_iter::run_elements(loop_fn fn, int64_t begin, int64_t end) const {
  if (begin >= end) return;
  const int64_t inner = inner_size(), nd = ndim();
  int64_t row = begin / inner, col = begin % inner;
  // A partial first row, then whole rows, then a partial last row.
  auto one_row = [&](int64_t r, int64_t c0, int64_t count) {
    char* p[max_operands];
    int64_t rem = r;
    for (int k = 0; k < nop_; ++k) p[k] = ptrs_[k] + c0 * stride(k, nd - 1);
    for (int64_t d = nd - 2; d >= 0; --d) {
      const int64_t i = rem % shape_[d];
      rem /= shape_[d];
      for (int k = 0; k < nop_; ++k) p[k] += i * stride(k, d);
    }
    int64_t st[max_operands];
    for (int k = 0; k < nop_; ++k) st[k] = stride(k, nd - 1);
    fn(p, st, count);
  };
  if (col != 0) {
    const int64_t cnt = std::min(inner - col, end - begin);
    one_row(row, col, cnt);
    begin += cnt;
    ++row;
  }
  const int64_t full_end = end / inner;
  if (row < full_end) {
    run(fn, row, full_end);
    begin = full_end * inner;
    row = full_end;
  }
  if (begin < end) one_row(row, 0, end - begin);
}

void strided_iter::run_parallel(loop_fn fn, int64_t grain) const {
  if (size_ < 2 * grain) {
    run(fn);
    return;
  }
  // Pieces start at row starts or 64 elements into a row, so each element meets the same
  // vector-body / tail split (and alignment peeling) as in a one-thread run: the results do
  // not depend on the thread count even where vector and scalar paths round differently.
  const int64_t row = inner_size();
  auto snap = [row](int64_t pos) { return pos / row * row + (pos % row) / 64 * 64; };
  parallel_for(size_, grain, [&](int64_t b, int64_t e) { run_elements(fn, snap(b), snap(e)); });
}

}  // namespace nd::detail

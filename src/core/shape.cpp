#include "nd/shape.hpp"

#include <fmt/format.h>

#include "nd/error.hpp"

namespace nd {

std::string shape_str(const shape_t& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(s[i]);
  }
  if (s.size() == 1) out += ",";
  out += ")";
  return out;
}

int64_t checked_size(const shape_t& s, std::string_view op) {
  if (s.size() > static_cast<size_t>(max_ndim))
    throw value_error(fmt::format("[{}] maximum supported dimension for an ndarray is {}, found {}", op, max_ndim,
                                  s.size()));
  int64_t n = 1;
  bool overflow = false;
  for (int64_t d : s) {
    if (d < 0) throw value_error(fmt::format("[{}] negative dimensions are not allowed: {}", op, shape_str(s)));
    if (__builtin_mul_overflow(n, d, &n)) overflow = true;
  }
  // A zero dimension makes the size 0 even if the other dimensions overflow, but NumPy
  // still refuses such a shape: so do we.
  if (overflow) throw alloc_error(fmt::format("[{}] array is too big: shape {} overflows int64", op, shape_str(s)));
  return n;
}

int64_t checked_nbytes(const shape_t& s, int64_t itemsize, std::string_view op) {
  int64_t n = checked_size(s, op);
  int64_t bytes = 0;
  if (__builtin_mul_overflow(n, itemsize, &bytes))
    throw alloc_error(fmt::format("[{}] array is too big: shape {} with itemsize {} overflows int64", op,
                                  shape_str(s), itemsize));
  return bytes;
}

strides_t contiguous_strides(const shape_t& s, int64_t itemsize, order o) {
  strides_t st(s.size());
  int64_t acc = itemsize;
  if (o == order::F) {
    for (size_t i = 0; i < s.size(); ++i) {
      st[i] = acc;
      acc *= s[i] > 0 ? s[i] : 1;
    }
  } else {
    for (size_t i = s.size(); i-- > 0;) {
      st[i] = acc;
      acc *= s[i] > 0 ? s[i] : 1;
    }
  }
  return st;
}

shape_t broadcast_shapes(const std::vector<shape_t>& shapes, std::string_view op) {
  size_t nd = 0;
  for (const auto& s : shapes) nd = std::max(nd, s.size());
  shape_t out(nd, 1);
  for (const auto& s : shapes)
    for (int64_t d : s)
      if (d < 0) throw value_error(fmt::format("[{}] negative dimensions are not allowed: {}", op, shape_str(s)));
  for (const auto& s : shapes) {
    const size_t off = nd - s.size();
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[off + i];
      if (s[i] == o || s[i] == 1) continue;
      if (o == 1) {
        o = s[i];
        continue;
      }
      std::string list;
      for (size_t k = 0; k < shapes.size(); ++k) {
        if (k) list += k + 1 == shapes.size() ? " and " : " ";
        list += shape_str(shapes[k]);
      }
      throw shape_error(fmt::format("[{}] operands could not be broadcast together with shapes {}", op, list));
    }
  }
  return out;
}

int64_t normalize_axis(int64_t axis, int64_t ndim, std::string_view op) {
  if (axis < -ndim || axis >= ndim)
    throw axis_error(fmt::format("[{}] axis {} is out of bounds for array of dimension {}", op, axis, ndim));
  return axis < 0 ? axis + ndim : axis;
}

}  // namespace nd

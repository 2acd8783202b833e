// Joining and splitting: concatenate, stack and its variants, append, split, array_split.
#include <fmt/format.h>

#include "nd/creation.hpp"
#include "nd/manipulation.hpp"
#include "nd/views.hpp"

namespace nd {

namespace {

// The items that select [start, stop) along `axis`.
std::vector<index_item> axis_slice(int64_t axis, int64_t start, int64_t stop) {
  std::vector<index_item> items(static_cast<size_t>(axis), index_item(slice()));
  items.emplace_back(slice(start, stop));
  return items;
}

}  // namespace

array concatenate(const std::vector<array>& arrays, std::optional<int64_t> axis, std::optional<dtype> dt) {
  if (arrays.empty()) throw value_error("[concatenate] need at least one array to concatenate");
  std::vector<array> in;
  for (const auto& x : arrays) in.push_back(axis ? x : ravel(x));
  for (const auto& x : in)
    if (x.ndim() == 0) throw value_error("[concatenate] zero-dimensional arrays cannot be concatenated");
  const int64_t nd = in[0].ndim();
  const int64_t ax = normalize_axis(axis.value_or(0), nd, "concatenate");
  shape_t shape = in[0].shape();
  dtype out_dt = in[0].dtype();
  for (size_t i = 1; i < in.size(); ++i) {
    const array& x = in[i];
    if (x.ndim() != nd)
      throw shape_error(fmt::format(
          "[concatenate] all the input arrays must have same number of dimensions, but the array at index 0 has {} "
          "dimension(s) and the array at index {} has {} dimension(s)",
          nd, i, x.ndim()));
    for (int64_t d = 0; d < nd; ++d) {
      const size_t du = static_cast<size_t>(d);
      if (d != ax && x.shape()[du] != shape[du])
        throw shape_error(fmt::format(
            "[concatenate] all the input array dimensions except for the concatenation axis must match exactly, but "
            "along dimension {}, the array at index 0 has size {} and the array at index {} has size {}",
            d, shape[du], i, x.shape()[du]));
    }
    shape[static_cast<size_t>(ax)] += x.shape()[static_cast<size_t>(ax)];
    out_dt = promote_types(out_dt, x.dtype());
  }
  if (dt) out_dt = *dt;
  array out = empty(shape, out_dt);
  int64_t off = 0;
  for (const auto& x : in) {
    const int64_t len = x.shape()[static_cast<size_t>(ax)];
    array dst = out.index(axis_slice(ax, off, off + len));
    dst.assign(x, dt ? casting::same_kind : casting::unsafe);
    off += len;
  }
  return out;
}

array stack(const std::vector<array>& arrays, int64_t axis) {
  if (arrays.empty()) throw value_error("[stack] need at least one array to stack");
  for (const auto& x : arrays)
    if (x.shape() != arrays[0].shape()) throw shape_error("[stack] all input arrays must have the same shape");
  const int64_t ax = normalize_axis(axis, arrays[0].ndim() + 1, "stack");
  std::vector<array> ex;
  for (const auto& x : arrays) ex.push_back(expand_dims(x, {ax}));
  return concatenate(ex, ax);
}

array atleast_1d(const array& a) { return a.ndim() == 0 ? a.reshape({1}) : a; }

array atleast_2d(const array& a) {
  if (a.ndim() == 0) return a.reshape({1, 1});
  if (a.ndim() == 1) return a(newaxis, slice());
  return a;
}

array atleast_3d(const array& a) {
  if (a.ndim() == 0) return a.reshape({1, 1, 1});
  if (a.ndim() == 1) return a(newaxis, slice(), newaxis);
  if (a.ndim() == 2) return a(slice(), slice(), newaxis);
  return a;
}

namespace {

std::vector<array> map_arrays(const std::vector<array>& arrays, array (*f)(const array&)) {
  std::vector<array> out;
  for (const auto& x : arrays) out.push_back(f(x));
  return out;
}

}  // namespace

array vstack(const std::vector<array>& arrays) { return concatenate(map_arrays(arrays, atleast_2d), 0); }

array hstack(const std::vector<array>& arrays) {
  std::vector<array> in = map_arrays(arrays, atleast_1d);
  return concatenate(in, !in.empty() && in[0].ndim() == 1 ? 0 : 1);
}

array dstack(const std::vector<array>& arrays) { return concatenate(map_arrays(arrays, atleast_3d), 2); }

array column_stack(const std::vector<array>& arrays) {
  std::vector<array> in;
  for (const auto& x : arrays) in.push_back(x.ndim() < 2 ? transpose(atleast_2d(x)) : x);
  return concatenate(in, 1);
}

array append(const array& arr, const array& values, std::optional<int64_t> axis) {
  if (!axis) return concatenate({ravel(arr), ravel(values)}, 0);
  return concatenate({arr, values}, axis);
}

std::vector<array> array_split(const array& a, const std::vector<int64_t>& indices, int64_t axis) {
  const int64_t ax = normalize_axis(axis, a.ndim(), "array_split");
  const int64_t n = a.shape()[static_cast<size_t>(ax)];
  std::vector<int64_t> pts{0};
  pts.insert(pts.end(), indices.begin(), indices.end());
  pts.push_back(n);
  std::vector<array> out;
  for (size_t i = 0; i + 1 < pts.size(); ++i) out.push_back(a.index(axis_slice(ax, pts[i], pts[i + 1])));
  return out;
}

std::vector<array> array_split(const array& a, int64_t sections, int64_t axis) {
  if (sections <= 0) throw value_error("[array_split] number sections must be larger than 0.");
  const int64_t ax = normalize_axis(axis, a.ndim(), "array_split");
  const int64_t n = a.shape()[static_cast<size_t>(ax)];
  const int64_t each = n / sections, extras = n % sections;
  std::vector<array> out;
  int64_t start = 0;
  for (int64_t i = 0; i < sections; ++i) {
    const int64_t len = each + (i < extras ? 1 : 0);
    out.push_back(a.index(axis_slice(ax, start, start + len)));
    start += len;
  }
  return out;
}

std::vector<array> split(const array& a, int64_t sections, int64_t axis) {
  if (sections <= 0) throw value_error("[split] number sections must be larger than 0.");
  const int64_t ax = normalize_axis(axis, a.ndim(), "split");
  if (a.shape()[static_cast<size_t>(ax)] % sections != 0)
    throw value_error("[split] array split does not result in an equal division");
  return array_split(a, sections, ax);
}

std::vector<array> split(const array& a, const std::vector<int64_t>& indices, int64_t axis) {
  return array_split(a, indices, axis);
}

}  // namespace nd

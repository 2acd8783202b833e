// np.insert and np.delete along an axis (the flattened array when the axis is absent).
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "nd/creation.hpp"
#include "nd/indexing.hpp"
#include "nd/manipulation.hpp"
#include "nd/views.hpp"

namespace nd {

namespace {

struct along {
  array a;
  int64_t ax;
  int64_t n;
};

along resolve(const array& arr, std::optional<int64_t> axis, std::string_view op) {
  along r{axis ? arr : ravel(arr), 0, 0};
  r.ax = axis ? normalize_axis(*axis, arr.ndim(), op) : 0;
  r.n = r.a.shape()[static_cast<size_t>(r.ax)];
  return r;
}

std::vector<index_item> axis_items(int64_t ax, index_item last) {
  std::vector<index_item> items(static_cast<size_t>(ax), index_item(slice()));
  items.push_back(last);
  return items;
}

std::vector<fancy_index> axis_fancy(int64_t ax, const array& last) {
  std::vector<fancy_index> items(static_cast<size_t>(ax), fancy_index(slice()));
  items.emplace_back(last);
  return items;
}

// Inserts `values` as one block before `index`; `move` applies NumPy's scalar-index rule
// (the first axis of values becomes the insertion axis).
array insert_block(const along& g, int64_t index, const array& values, bool move) {
  if (index < -g.n || index > g.n)
    throw index_error(fmt::format("[insert] index {} is out of bounds for axis {} with size {}", index, g.ax, g.n));
  if (index < 0) index += g.n;
  array v = values.astype(g.a.dtype());
  if (v.ndim() < g.a.ndim()) {
    shape_t s(static_cast<size_t>(g.a.ndim() - v.ndim()), 1);
    s.insert(s.end(), v.shape().begin(), v.shape().end());
    v = v.reshape(s);
  }
  if (move) v = moveaxis(v, 0, g.ax);
  const int64_t numnew = v.ndim() == 0 ? 1 : v.shape()[static_cast<size_t>(g.ax)];
  shape_t ns = g.a.shape();
  ns[static_cast<size_t>(g.ax)] += numnew;
  array out = empty(ns, g.a.dtype());
  out.index(axis_items(g.ax, slice(0, index))).assign(g.a.index(axis_items(g.ax, slice(0, index))));
  out.index(axis_items(g.ax, slice(index, index + numnew))).assign(v);
  out.index(axis_items(g.ax, slice(index + numnew, none))).assign(g.a.index(axis_items(g.ax, slice(index, none))));
  return out;
}

std::vector<int64_t> slice_positions(const slice& s, int64_t n) {
  const auto r = s.indices(n);
  std::vector<int64_t> out;
  for (int64_t i = 0, k = r.start; i < r.length; ++i, k += r.step) out.push_back(k);
  return out;
}

}  // namespace

array insert(const array& arr, int64_t index, const array& values, std::optional<int64_t> axis) {
  return insert_block(resolve(arr, axis, "insert"), index, values, true);
}

array insert(const array& arr, const std::vector<int64_t>& indices, const array& values,
             std::optional<int64_t> axis) {
  const along g = resolve(arr, axis, "insert");
  if (indices.size() == 1) return insert_block(g, indices[0], values, false);
  std::vector<int64_t> idx = indices;
  for (auto& k : idx) {
    if (k < -g.n || k > g.n)
      throw index_error(fmt::format("[insert] index {} is out of bounds for axis {} with size {}", k, g.ax, g.n));
    if (k < 0) k += g.n;
  }
  const int64_t numnew = static_cast<int64_t>(idx.size());
  std::vector<size_t> ord(idx.size());
  std::iota(ord.begin(), ord.end(), size_t{0});
  std::stable_sort(ord.begin(), ord.end(), [&](size_t x, size_t y) { return idx[x] < idx[y]; });
  for (size_t i = 0; i < ord.size(); ++i) idx[ord[i]] += static_cast<int64_t>(i);
  shape_t ns = g.a.shape();
  ns[static_cast<size_t>(g.ax)] += numnew;
  std::vector<bool> keep(static_cast<size_t>(g.n + numnew), true);
  for (int64_t k : idx) keep[static_cast<size_t>(k)] = false;
  array out = empty(ns, g.a.dtype());
  setitem(out, axis_fancy(g.ax, from_vector(idx)), values);
  setitem(out, axis_fancy(g.ax, from_vector(std::vector<bool>(keep.begin(), keep.end()))), g.a);
  return out;
}

array insert(const array& arr, const slice& where, const array& values, std::optional<int64_t> axis) {
  const along g = resolve(arr, axis, "insert");
  return insert(arr, slice_positions(where, g.n), values, axis);
}

array delete_(const array& arr, int64_t index, std::optional<int64_t> axis) {
  const along g = resolve(arr, axis, "delete");
  if (index < -g.n || index >= g.n)
    throw index_error(fmt::format("[delete] index {} is out of bounds for axis {} with size {}", index, g.ax, g.n));
  if (index < 0) index += g.n;
  return concatenate({g.a.index(axis_items(g.ax, slice(0, index))), g.a.index(axis_items(g.ax, slice(index + 1, none)))},
                     g.ax);
}

array delete_(const array& arr, const std::vector<int64_t>& indices, std::optional<int64_t> axis) {
  const along g = resolve(arr, axis, "delete");
  std::vector<bool> keep(static_cast<size_t>(g.n), true);
  for (int64_t k : indices) {
    if (k < -g.n || k >= g.n)
      throw index_error(fmt::format("[delete] index {} is out of bounds for axis {} with size {}", k, g.ax, g.n));
    keep[static_cast<size_t>(k < 0 ? k + g.n : k)] = false;
  }
  return compress(from_vector(std::vector<bool>(keep.begin(), keep.end())), g.a, g.ax);
}

array delete_(const array& arr, const slice& where, std::optional<int64_t> axis) {
  const along g = resolve(arr, axis, "delete");
  return delete_(arr, slice_positions(where, g.n), axis);
}

}  // namespace nd

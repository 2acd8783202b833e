// take, put, take_along_axis, put_along_axis and choose, on top of getitem / setitem.
#include <fmt/format.h>

#include <cstring>

#include "indexing/gather.hpp"
#include "indexing/kernels.hpp"
#include "nd/creation.hpp"
#include "nd/indexing.hpp"
#include "nd/views.hpp"

namespace nd {

namespace {

// Contiguous int64 indices; take and put accept any real dtype, cast as NumPy's intp conversion.
array int64_indices(const array& indices, std::string_view op) {
  if (indices.dtype().is_complex())
    throw dtype_error(fmt::format("[{}] Cannot cast array data from dtype('{}') to dtype('int64') according to the "
                                  "rule 'same_kind'",
                                  op, indices.dtype().name()));
  array out = empty(indices.shape(), int64);
  out.assign(indices);
  return out;
}

array along_axis_index(const array& a, const array& indices, int64_t ax, int64_t d) {
  if (d == ax) return indices;
  shape_t s(static_cast<size_t>(a.ndim()), 1);
  s[static_cast<size_t>(d)] = a.shape()[static_cast<size_t>(d)];
  return arange(a.shape()[static_cast<size_t>(d)]).reshape(s);
}

std::vector<fancy_index> along_axis_items(const array& a, const array& indices, int64_t ax, std::string_view op) {
  if (indices.ndim() != a.ndim())
    throw value_error(fmt::format("[{}] `indices` and `arr` must have the same number of dimensions", op));
  if (!indices.dtype().is_integer()) throw index_error(fmt::format("[{}] `indices` must be an integer array", op));
  std::vector<fancy_index> items;
  for (int64_t d = 0; d < a.ndim(); ++d) items.emplace_back(along_axis_index(a, indices, ax, d));
  return items;
}

}  // namespace

array take(const array& a, const array& indices, std::optional<int64_t> axis, clip_mode mode) {
  const array src = axis ? a : ravel(a);
  const int64_t ax = axis ? normalize_axis(*axis, a.ndim(), "take") : 0;
  if (src.ndim() == 1 && indices.dtype() == int64 && indices.is_c_contiguous()) {
    // Indices already in [0, n) need no normalising copy: check them while gathering.
    if (auto out = detail::gather_1d_checked(src, indices)) return *out;
  }
  array idx = int64_indices(indices, "take");
  int64_t* p = static_cast<int64_t*>(idx.mutable_data());
  const int64_t n = src.shape()[static_cast<size_t>(ax)];
  for (int64_t i = 0; i < idx.size(); ++i) p[i] = detail::apply_mode(p[i], n, mode, ax, "take");
  if (src.ndim() == 1 && idx.is_c_contiguous()) return detail::gather_1d(src, idx);
  std::vector<fancy_index> items(static_cast<size_t>(ax), fancy_index(slice()));
  items.emplace_back(idx);
  return getitem(src, items);
}

void put(array& a, const array& indices, const array& values, clip_mode mode) {
  char* base = static_cast<char*>(a.mutable_data("put"));
  const array idx = int64_indices(indices, "put");
  array vals = empty({values.size()}, a.dtype());
  vals.assign(ravel(values));
  const int64_t ni = idx.size(), nv = vals.size(), n = a.size(), isz = a.itemsize();
  if (ni == 0 || nv == 0) return;
  const int64_t* p = static_cast<const int64_t*>(idx.raw_data());
  const char* v = static_cast<const char*>(vals.raw_data());
  for (int64_t i = 0; i < ni; ++i) {
    int64_t f = detail::apply_mode(p[i], n, mode, 0, "put");
    int64_t off = 0;
    for (int64_t d = a.ndim(); d-- > 0;) {
      const int64_t s = a.shape()[static_cast<size_t>(d)];
      off += (f % s) * a.strides()[static_cast<size_t>(d)];
      f /= s;
    }
    std::memcpy(base + off, v + (i % nv) * isz, static_cast<size_t>(isz));
  }
}

array take_along_axis(const array& a, const array& indices, std::optional<int64_t> axis) {
  if (!axis) {
    if (indices.ndim() != 1)
      throw value_error("[take_along_axis] when axis=None, `indices` must have a single dimension.");
    return take_along_axis(ravel(a), indices, 0);
  }
  const int64_t ax = normalize_axis(*axis, a.ndim(), "take_along_axis");
  return getitem(a, along_axis_items(a, indices, ax, "take_along_axis"));
}

void put_along_axis(array& a, const array& indices, const array& values, std::optional<int64_t> axis) {
  if (!axis) {
    if (indices.ndim() != 1)
      throw value_error("[put_along_axis] when axis=None, `indices` must have a single dimension.");
    if (!a.is_c_contiguous()) throw value_error("[put_along_axis] axis=None needs a C-contiguous array");
    array flat = ravel(a);
    put_along_axis(flat, indices, values, 0);
    return;
  }
  const int64_t ax = normalize_axis(*axis, a.ndim(), "put_along_axis");
  setitem(a, along_axis_items(a, indices, ax, "put_along_axis"), values);
}

array choose(const array& a, const std::vector<array>& choices, clip_mode mode) {
  if (choices.empty()) throw value_error("[choose] choices must not be empty");
  if (!can_cast(a.dtype(), int64, casting::safe))
    throw dtype_error(fmt::format(
        "[choose] Cannot cast array data from dtype('{}') to dtype('int64') according to the rule 'safe'",
        a.dtype().name()));
  std::vector<shape_t> shapes{a.shape()};
  dtype dt = choices[0].dtype();
  for (const auto& c : choices) {
    shapes.push_back(c.shape());
    dt = promote_types(dt, c.dtype());
  }
  const shape_t bs = broadcast_shapes(shapes, "choose");
  array idx = empty(bs, int64);
  idx.assign(a);
  std::vector<array> cs;
  for (const auto& c : choices) {
    cs.push_back(empty(bs, dt));
    cs.back().assign(c);
  }
  array out = empty(bs, dt);
  char* o = static_cast<char*>(out.mutable_data());
  const int64_t* p = static_cast<const int64_t*>(idx.raw_data());
  const int64_t nc = static_cast<int64_t>(cs.size()), isz = out.itemsize();
  for (int64_t i = 0, n = out.size(); i < n; ++i) {
    int64_t k = p[i];
    if (k < 0 || k >= nc) {
      if (mode == clip_mode::raise) throw value_error("[choose] invalid entry in choice array");
      k = detail::apply_mode(k, nc, mode, 0, "choose");
    }
    std::memcpy(o + i * isz, static_cast<const char*>(cs[static_cast<size_t>(k)].raw_data()) + i * isz,
                static_cast<size_t>(isz));
  }
  return out;
}

}  // namespace nd

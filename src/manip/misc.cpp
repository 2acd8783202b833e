// tril / triu, meshgrid, diff, ediff1d and trim_zeros.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "nd/creation.hpp"
#include "nd/indexing.hpp"
#include "nd/manipulation.hpp"
#include "nd/ufunc.hpp"
#include "nd/views.hpp"

namespace nd {

namespace {

// Copy of `a` (1-D input broadcast to a square) with the columns outside [lo(i), hi(i))
// of every row i of the last two axes set to zero.
template <class Range>
array triangle(const array& a, std::string_view op, Range keep) {
  if (a.ndim() == 0) throw value_error(fmt::format("[{}] input must be at least 1-d", op));
  const array m = a.ndim() == 1 ? broadcast_to(a, {a.shape()[0], a.shape()[0]}) : a;
  array out = m.copy(order::C);
  const int64_t rows = out.shape(-2), cols = out.shape(-1);
  const array zero(false);
  for (int64_t i = 0; i < rows; ++i) {
    auto [lo, hi] = keep(i);
    lo = std::clamp<int64_t>(lo, 0, cols);
    hi = std::clamp<int64_t>(hi, lo, cols);
    if (lo > 0) out.index({ellipsis, i, slice(0, lo)}).assign(zero);
    if (hi < cols) out.index({ellipsis, i, slice(hi, cols)}).assign(zero);
  }
  return out;
}

}  // namespace

array tril(const array& a, int64_t k) {
  return triangle(a, "tril", [k](int64_t i) { return std::pair<int64_t, int64_t>{0, i + k + 1}; });
}

array triu(const array& a, int64_t k) {
  return triangle(a, "triu", [k](int64_t i) { return std::pair<int64_t, int64_t>{i + k, INT64_MAX}; });
}

std::vector<array> meshgrid(const std::vector<array>& xi, meshgrid_indexing indexing, bool sparse, bool copy) {
  const size_t nd = xi.size();
  std::vector<array> out;
  for (size_t i = 0; i < nd; ++i) {
    shape_t s(nd, 1);
    s[i] = xi[i].size();
    if (indexing == meshgrid_indexing::xy && nd > 1) std::swap(s[0], s[1]);
    out.push_back(ravel(xi[i]).reshape(s));
  }
  if (!sparse) out = broadcast_arrays(out);
  if (copy)
    for (auto& x : out) x = x.copy(order::C);
  return out;
}

array diff(const array& a, int64_t n, int64_t axis, const std::optional<array>& prepend,
           const std::optional<array>& append) {
  if (n == 0) return a;
  if (n < 0) throw value_error(fmt::format("[diff] order must be non-negative but got {}", n));
  if (a.ndim() == 0) throw value_error("[diff] diff requires input that is at least one dimensional");
  const int64_t ax = normalize_axis(axis, a.ndim(), "diff");
  auto as_end = [&](const array& e) {
    if (e.ndim() != 0) return e;
    shape_t s = a.shape();
    s[static_cast<size_t>(ax)] = 1;
    return broadcast_to(e, s);
  };
  array cur = a;
  if (prepend || append) {
    std::vector<array> parts;
    if (prepend) parts.push_back(as_end(*prepend));
    parts.push_back(a);
    if (append) parts.push_back(as_end(*append));
    cur = concatenate(parts, ax);
  }
  std::vector<index_item> hi(static_cast<size_t>(ax), index_item(slice())), lo = hi;
  hi.emplace_back(slice(1, none));
  lo.emplace_back(slice(none, -1));
  for (int64_t i = 0; i < n; ++i)
    cur = cur.dtype().is_bool() ? not_equal(cur.index(hi), cur.index(lo)) : subtract(cur.index(hi), cur.index(lo));
  return cur;
}

array ediff1d(const array& a, const std::optional<array>& to_end, const std::optional<array>& to_begin) {
  const array flat = ravel(a);
  const dtype dt = flat.dtype();
  auto end_part = [&](const std::optional<array>& e, std::string_view name) {
    if (!e) return array(empty({0}, dt));
    if (!can_cast(e->dtype(), dt, casting::same_kind))
      throw dtype_error(fmt::format(
          "[ediff1d] dtype of `{}` must be compatible with input `ary` under the `same_kind` rule.", name));
    return ravel(*e);
  };
  const array b = end_part(to_begin, "to_begin"), e = end_part(to_end, "to_end");
  const int64_t nd = std::max<int64_t>(flat.size() - 1, 0);
  array out = empty({b.size() + nd + e.size()}, dt);
  out.index({slice(0, b.size())}).assign(b);
  if (nd > 0) out.index({slice(b.size(), b.size() + nd)}).assign(subtract(flat(slice(1, none)), flat(slice(none, -1))));
  out.index({slice(b.size() + nd, none)}).assign(e);
  return out;
}

array trim_zeros(const array& a, std::string_view trim, const std::optional<std::vector<int64_t>>& axes) {
  std::string t(trim);
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t != "fb" && t != "bf" && t != "f" && t != "b")
    throw value_error(fmt::format("[trim_zeros] unexpected character(s) in `trim`: '{}'", trim));
  const size_t nd = static_cast<size_t>(a.ndim());
  std::vector<bool> in_axes(nd, !axes.has_value());
  if (axes)
    for (int64_t ax : *axes) in_axes[static_cast<size_t>(normalize_axis(ax, a.ndim(), "trim_zeros"))] = true;
  if (std::find(in_axes.begin(), in_axes.end(), true) == in_axes.end()) return a;
  const array nz = argwhere(a);
  const int64_t n = nz.shape()[0];
  const int64_t* p = static_cast<const int64_t*>(nz.raw_data());
  std::vector<index_item> items;
  for (size_t d = 0; d < nd; ++d) {
    if (!in_axes[d]) {
      items.emplace_back(slice());
      continue;
    }
    if (n == 0) {
      items.emplace_back(slice(0, 0));
      continue;
    }
    int64_t lo = INT64_MAX, hi = -1;
    for (int64_t i = 0; i < n; ++i) {
      lo = std::min(lo, p[i * static_cast<int64_t>(nd) + static_cast<int64_t>(d)]);
      hi = std::max(hi, p[i * static_cast<int64_t>(nd) + static_cast<int64_t>(d)]);
    }
    const bool front = t.find('f') != std::string::npos, back = t.find('b') != std::string::npos;
    items.emplace_back(slice(front ? slice_arg(lo) : slice_arg(none), back ? slice_arg(hi + 1) : slice_arg(none)));
  }
  return a.index(items);
}

}  // namespace nd

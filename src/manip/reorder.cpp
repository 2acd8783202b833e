// Tiling, repeating, flipping, rolling and rotating.
#include <fmt/format.h>

#include "nd/creation.hpp"
#include "nd/indexing.hpp"
#include "nd/manipulation.hpp"
#include "nd/views.hpp"

namespace nd {

array tile(const array& a, const std::vector<int64_t>& reps) {
  for (int64_t r : reps)
    if (r < 0) throw value_error("[tile] negative dimensions are not allowed");
  const size_t nd = std::max(reps.size(), static_cast<size_t>(a.ndim()));
  const size_t pa = nd - static_cast<size_t>(a.ndim()), pr = nd - reps.size();
  // View a as (1, s0, 1, s1, ...) and broadcast the 1s to the repetitions.
  std::vector<index_item> items;
  shape_t wide, final_shape;
  for (size_t d = 0; d < nd; ++d) {
    const int64_t s = d < pa ? 1 : a.shape()[d - pa];
    const int64_t r = d < pr ? 1 : reps[d - pr];
    items.emplace_back(newaxis);
    if (d < pa) items.emplace_back(newaxis);
    else items.emplace_back(slice());
    wide.push_back(r);
    wide.push_back(s);
    final_shape.push_back(r * s);
  }
  checked_size(final_shape, "tile");
  array out = empty(wide, a.dtype());
  out.assign(a.index(items));
  return out.reshape(final_shape);
}

array repeat(const array& a, int64_t repeats, std::optional<int64_t> axis) {
  return repeat(a, array(repeats), axis);
}

array repeat(const array& a, const array& repeats, std::optional<int64_t> axis) {
  const array src = axis ? a : ravel(a);
  const int64_t ax = axis ? normalize_axis(*axis, a.ndim(), "repeat") : 0;
  const int64_t n = src.shape()[static_cast<size_t>(ax)];
  if (!can_cast(repeats.dtype(), int64, casting::safe))
    throw dtype_error(fmt::format(
        "[repeat] Cannot cast array data from dtype('{}') to dtype('int64') according to the rule 'safe'",
        repeats.dtype().name()));
  if (repeats.ndim() > 1) throw value_error("[repeat] repeats must be a scalar or 1-D");
  const array r = ravel(repeats).astype(int64);
  if (r.size() != 1 && r.size() != n)
    throw value_error(fmt::format("[repeat] operands could not be broadcast together with shape ({},) ({},)", n,
                                  r.size()));
  const int64_t* rp = static_cast<const int64_t*>(r.raw_data());
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = rp[r.size() == 1 ? 0 : i];
    if (c < 0) throw value_error("[repeat] repeats may not contain negative values.");
    idx.insert(idx.end(), static_cast<size_t>(c), i);
  }
  return take(src, from_vector(std::move(idx)), ax);
}

array flip(const array& a, const std::optional<std::vector<int64_t>>& axes) {
  std::vector<bool> rev(static_cast<size_t>(a.ndim()), !axes.has_value());
  if (axes) {
    for (int64_t ax : *axes) {
      const size_t d = static_cast<size_t>(normalize_axis(ax, a.ndim(), "flip"));
      if (rev[d]) throw value_error("[flip] repeated axis");
      rev[d] = true;
    }
  }
  std::vector<index_item> items;
  for (bool r : rev) items.emplace_back(r ? slice(none, none, -1) : slice());
  return a.index(items);
}

array flip(const array& a, int64_t axis) { return flip(a, std::vector<int64_t>{axis}); }

array fliplr(const array& a) {
  if (a.ndim() < 2) throw value_error("[fliplr] Input must be >= 2-d.");
  return flip(a, 1);
}

array flipud(const array& a) {
  if (a.ndim() < 1) throw value_error("[flipud] Input must be >= 1-d.");
  return flip(a, 0);
}

namespace {

// A new array rolled by s (0 < s < n) along ax.
array roll_one(const array& a, int64_t s, int64_t ax) {
  const int64_t n = a.shape()[static_cast<size_t>(ax)];
  std::vector<index_item> lo(static_cast<size_t>(ax), index_item(slice())), hi = lo, src_lo = lo, src_hi = lo;
  lo.emplace_back(slice(0, s));
  hi.emplace_back(slice(s, n));
  src_lo.emplace_back(slice(n - s, n));
  src_hi.emplace_back(slice(0, n - s));
  array out = empty(a.shape(), a.dtype());
  array d1 = out.index(lo), d2 = out.index(hi);
  d1.assign(a.index(src_lo));
  d2.assign(a.index(src_hi));
  return out;
}

}  // namespace

array roll(const array& a, int64_t shift, std::optional<int64_t> axis) {
  if (!axis) return roll(ravel(a), std::vector<int64_t>{shift}, std::vector<int64_t>{0}).reshape(a.shape());
  return roll(a, std::vector<int64_t>{shift}, std::vector<int64_t>{*axis});
}

array roll(const array& a, const std::vector<int64_t>& shifts, const std::vector<int64_t>& axes) {
  const size_t m = std::max(shifts.size(), axes.size());
  if ((shifts.size() != m && shifts.size() != 1) || (axes.size() != m && axes.size() != 1))
    throw value_error(fmt::format("[roll] shape mismatch: shift of length {} and axis of length {} do not broadcast",
                                  shifts.size(), axes.size()));
  std::vector<int64_t> total(static_cast<size_t>(a.ndim()), 0);
  for (size_t i = 0; i < m; ++i) {
    const int64_t ax = normalize_axis(axes[axes.size() == 1 ? 0 : i], a.ndim(), "roll");
    total[static_cast<size_t>(ax)] += shifts[shifts.size() == 1 ? 0 : i];
  }
  array cur = a;
  bool copied = false;
  for (int64_t ax = 0; ax < a.ndim(); ++ax) {
    const int64_t n = a.shape()[static_cast<size_t>(ax)];
    if (n == 0) continue;
    const int64_t s = ((total[static_cast<size_t>(ax)] % n) + n) % n;
    if (s == 0) continue;
    cur = roll_one(cur, s, ax);
    copied = true;
  }
  return copied ? cur : a.copy(order::C);
}

array rot90(const array& a, int64_t k, const std::vector<int64_t>& axes) {
  if (axes.size() != 2) throw value_error("[rot90] len(axes) must be 2.");
  const int64_t nd = a.ndim();
  if (axes[0] == axes[1] || std::abs(axes[0] - axes[1]) == nd) throw value_error("[rot90] Axes must be different.");
  if (axes[0] >= nd || axes[0] < -nd || axes[1] >= nd || axes[1] < -nd)
    throw value_error(fmt::format("[rot90] Axes=({}, {}) out of range for array of ndim={}.", axes[0], axes[1], nd));
  const int64_t a0 = normalize_axis(axes[0], nd, "rot90"), a1 = normalize_axis(axes[1], nd, "rot90");
  k = ((k % 4) + 4) % 4;
  if (k == 0) return a.index({});
  if (k == 2) return flip(flip(a, a0), a1);
  std::vector<int64_t> perm(static_cast<size_t>(nd));
  for (int64_t i = 0; i < nd; ++i) perm[static_cast<size_t>(i)] = i;
  std::swap(perm[static_cast<size_t>(a0)], perm[static_cast<size_t>(a1)]);
  if (k == 1) return transpose(flip(a, a1), perm);
  return flip(transpose(a, perm), a1);
}

}  // namespace nd

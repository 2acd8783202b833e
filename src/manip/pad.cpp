// np.pad. As NumPy, the axes are padded in order; while padding axis d, the earlier axes
// are already padded (full extent) and the later ones are restricted to the original area,
// so corners take the value of the last axis.
#include <fmt/format.h>

#include "nd/creation.hpp"
#include "nd/manipulation.hpp"
#include "nd/views.hpp"

namespace nd {

namespace {

// Source position in [0, n) of the padded position j (j < 0 or j >= n), n > 0.
int64_t source_index(int64_t j, int64_t n, pad_mode mode) {
  switch (mode) {
    case pad_mode::edge:
      return j < 0 ? 0 : n - 1;
    case pad_mode::wrap:
      return ((j % n) + n) % n;
    case pad_mode::reflect: {
      if (n == 1) return 0;
      const int64_t p = 2 * (n - 1), r = ((j % p) + p) % p;
      return r >= n ? p - r : r;
    }
    default: {  // symmetric
      const int64_t p = 2 * n, r = ((j % p) + p) % p;
      return r >= n ? p - 1 - r : r;
    }
  }
}

}  // namespace

array pad(const array& a, int64_t pad_width, pad_mode mode, const array& constant_values) {
  return pad(a, std::vector<std::pair<int64_t, int64_t>>{{pad_width, pad_width}}, mode, constant_values);
}

array pad(const array& a, const std::vector<std::pair<int64_t, int64_t>>& pad_width, pad_mode mode,
          const array& constant_values) {
  const int64_t nd = a.ndim();
  const size_t ndu = static_cast<size_t>(nd);
  if (pad_width.size() != 1 && pad_width.size() != ndu)
    throw value_error(fmt::format("[pad] pad_width has {} pairs, but the array has {} dimensions", pad_width.size(),
                                  nd));
  std::vector<std::pair<int64_t, int64_t>> w(ndu);
  for (size_t d = 0; d < ndu; ++d) {
    w[d] = pad_width[pad_width.size() == 1 ? 0 : d];
    if (w[d].first < 0 || w[d].second < 0) throw value_error("[pad] index can't contain negative values");
  }
  if (nd == 0) return a.copy(order::C);
  shape_t ns = a.shape();
  for (size_t d = 0; d < ndu; ++d) ns[d] += w[d].first + w[d].second;
  checked_size(ns, "pad");
  if (mode != pad_mode::constant) {
    for (size_t d = 0; d < ndu; ++d)
      if (a.shape()[d] == 0 && (w[d].first > 0 || w[d].second > 0))
        throw value_error(
            fmt::format("[pad] can't extend empty axis {} using modes other than 'constant' or 'empty'", d));
  }
  array out = empty(ns, a.dtype());
  std::vector<index_item> orig;
  for (size_t d = 0; d < ndu; ++d) orig.emplace_back(slice(w[d].first, w[d].first + a.shape()[d]));
  array center = out.index(orig);
  center.assign(a);
  array cv;
  if (mode == pad_mode::constant) {
    cv = empty({nd, 2}, a.dtype());
    cv.assign(broadcast_to(constant_values, {nd, 2}));
  }
  for (size_t d = 0; d < ndu; ++d) {
    const int64_t before = w[d].first, after = w[d].second, n = a.shape()[d];
    if (before == 0 && after == 0) continue;
    // The region of interest: earlier axes full, later axes the original area.
    std::vector<index_item> roi;
    for (size_t e = 0; e < ndu; ++e) roi.push_back(e < d ? index_item(slice()) : orig[e]);
    auto along = [&](int64_t start, int64_t stop) {
      roi[d] = slice(start, stop);
      return out.index(roi);
    };
    if (mode == pad_mode::constant) {
      along(0, before).assign(cv.index({static_cast<int64_t>(d), 0}));
      along(before + n, before + n + after).assign(cv.index({static_cast<int64_t>(d), 1}));
      continue;
    }
    for (int64_t p = 0; p < before + n + after; ++p) {
      if (p == before) p = before + n;
      if (p >= before + n + after) break;
      const int64_t src = before + source_index(p - before, n, mode);
      along(p, p + 1).assign(along(src, src + 1));
    }
  }
  return out;
}

}  // namespace nd

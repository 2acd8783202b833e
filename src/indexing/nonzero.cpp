// nonzero and the functions built on it: argwhere, flatnonzero, compress, extract.
#include <fmt/format.h>

#include "indexing/kernels.hpp"
#include "nd/creation.hpp"
#include "nd/indexing.hpp"
#include "nd/views.hpp"

namespace nd {

namespace {

template <class T>
bool truthy(const T& v) {
  if constexpr (std::is_same_v<T, float16_t>) return static_cast<float>(v) != 0.0f;  // NaN is true
  else return v != T{};
}

// Flat C-order positions of the non-zero elements.
std::vector<int64_t> nonzero_flat(const array& a) {
  const array c = a.is_c_contiguous() ? a : a.copy(order::C);
  std::vector<int64_t> pos;
  visit_dtype(c.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = static_cast<const T*>(c.raw_data());
    for (int64_t i = 0, n = c.size(); i < n; ++i)
      if (truthy(p[i])) pos.push_back(i);
  });
  return pos;
}

}  // namespace

std::vector<array> nonzero(const array& a) {
  if (a.ndim() == 0)
    throw value_error(
        "[nonzero] Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.");
  const std::vector<int64_t> pos = nonzero_flat(a);
  const int64_t n = static_cast<int64_t>(pos.size());
  const size_t nd = static_cast<size_t>(a.ndim());
  std::vector<array> out;
  std::vector<int64_t*> ptr;
  for (size_t d = 0; d < nd; ++d) {
    out.push_back(empty({n}, int64));
    ptr.push_back(static_cast<int64_t*>(out.back().mutable_data()));
  }
  for (int64_t i = 0; i < n; ++i) {
    int64_t f = pos[static_cast<size_t>(i)];
    for (size_t d = nd; d-- > 0;) {
      const int64_t s = a.shape()[d];
      ptr[d][i] = f % s;
      f /= s;
    }
  }
  return out;
}

array argwhere(const array& a) {
  if (a.ndim() == 0) return zeros({a.item<bool>() ? 1 : 0, 0}, int64);
  std::vector<array> nz = nonzero(a);
  const int64_t n = nz.empty() ? 0 : nz[0].size();
  array out = empty({n, a.ndim()}, int64);
  int64_t* o = static_cast<int64_t*>(out.mutable_data());
  for (int64_t d = 0; d < a.ndim(); ++d) {
    const int64_t* p = static_cast<const int64_t*>(nz[static_cast<size_t>(d)].raw_data());
    for (int64_t i = 0; i < n; ++i) o[i * a.ndim() + d] = p[i];
  }
  return out;
}

array flatnonzero(const array& a) {
  std::vector<int64_t> pos = nonzero_flat(a);
  return from_vector(std::move(pos));
}

array compress(const array& condition, const array& a, std::optional<int64_t> axis) {
  if (condition.ndim() != 1) throw value_error("[compress] condition must be a 1-d array");
  array c = condition.dtype().is_bool() ? condition : condition.astype(bool_);
  return take(a, nonzero(c)[0], axis);
}

array extract(const array& condition, const array& arr) {
  return take(ravel(arr), flatnonzero(condition), std::nullopt);
}

}  // namespace nd

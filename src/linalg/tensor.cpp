// tensorinv and tensorsolve: inv and solve on the matrix the leading/trailing axes form.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <numeric>

#include "linalg/common.hpp"
#include "nd/views.hpp"

namespace nd::linalg {

array tensorinv(const array& a, int64_t ind) {
  if (ind <= 0) throw value_error(fmt::format("[tensorinv] Invalid ind argument {}.", ind));
  if (ind > a.ndim())
    throw value_error(fmt::format("[tensorinv] ind {} is larger than the dimension of shape {}", ind,
                                  shape_str(a.shape())));
  const shape_t& s = a.shape();
  shape_t invshape(s.begin() + ind, s.end());
  invshape.insert(invshape.end(), s.begin(), s.begin() + ind);
  const int64_t rows = std::accumulate(s.begin() + ind, s.end(), int64_t{1}, std::multiplies<>());
  const int64_t total = a.size();
  if (rows == 0 || total % rows != 0 || total / rows != rows)
    throw linalg_error(fmt::format("[tensorinv] Last 2 dimensions of the array must be square: shape {} with ind {}",
                                   shape_str(s), ind));
  return reshape(inv(reshape(a, {rows, rows})), invshape);
}

array tensorsolve(const array& a, const array& b, const std::optional<std::vector<int64_t>>& axes) {
  array x = a;
  const int64_t an = a.ndim();
  if (axes) {
    std::vector<int64_t> all(static_cast<size_t>(an));
    std::iota(all.begin(), all.end(), 0);
    for (int64_t k : *axes) {
      const int64_t nk = normalize_axis(k, an, "tensorsolve");
      all.erase(std::find(all.begin(), all.end(), nk));
      all.push_back(nk);
    }
    x = transpose(x, all);
  }
  if (b.ndim() > an)
    throw linalg_error(fmt::format("[tensorsolve] b of shape {} has more dimensions than a of shape {}",
                                   shape_str(b.shape()), shape_str(a.shape())));
  const shape_t oldshape(x.shape().begin() + b.ndim(), x.shape().end());
  const int64_t prod = std::accumulate(oldshape.begin(), oldshape.end(), int64_t{1}, std::multiplies<>());
  if (x.size() != prod * prod)
    throw linalg_error(fmt::format("[tensorsolve] Input arrays must satisfy the requirement "
                                   "prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim]); shapes {} and {}",
                                   shape_str(a.shape()), shape_str(b.shape())));
  return reshape(solve(reshape(x, {prod, prod}), ravel(b)), oldshape);
}

}  // namespace nd::linalg

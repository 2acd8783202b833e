// Norms, condition numbers, pseudo-inverse and rank: NumPy's formulas on top of the
// decompositions and nd's ufuncs and reductions.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "linalg/common.hpp"
#include "nd/creation.hpp"
#include "nd/manipulation.hpp"
#include "nd/reduce.hpp"
#include "nd/ufunc.hpp"
#include "nd/views.hpp"

namespace nd::linalg {

using detail::la::assert_stacked_2d;
using detail::la::assert_stacked_square;
using detail::la::la_dtype;

norm_ord::norm_ord(const char* name) : name_(name ? name : "") {}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The dtype inv(x) has.
dtype invx_dtype(const array& x) {
  const dtype c = la_dtype(x.dtype(), "cond");
  return x.dtype() == float32 ? float32 : x.dtype() == complex64 ? complex64 : c;
}

// |x|^2 elementwise in x's real dtype.
array abs2(const array& x) { return x.dtype().is_complex() ? real(multiply(conj(x), x)) : multiply(x, x); }

std::string ord_text(const norm_ord& o) {
  if (!o.name().empty()) return o.name();
  if (!o.p()) return "None";
  return fmt::format("{}", *o.p());
}

array vec_norm(const array& x, const norm_ord& ord, int64_t axis, bool keepdims) {
  if (!ord.name().empty())
    throw value_error(fmt::format("[norm] Invalid norm order '{}' for vectors", ord.name()));
  if (!ord.p() || *ord.p() == 2.0) return sqrt(sum(abs2(x), axis, keepdims));
  const double p = *ord.p();
  if (p == kInf) return max(absolute(x), axis, keepdims);
  if (p == -kInf) return min(absolute(x), axis, keepdims);
  if (p == 0.0) {
    const dtype rdt = x.dtype().is_complex() ? real(x).dtype() : x.dtype();
    return sum(not_equal(x, 0).astype(rdt), axis, keepdims);
  }
  if (p == 1.0) return sum(absolute(x), axis, keepdims);
  return power(sum(power(absolute(x), p), axis, keepdims), 1.0 / p);
}

// op over the singular values of the (r, c) planes.
array svd_norm(const array& x, int64_t r, int64_t c, int which) {
  const array s = svdvals(moveaxis(x, {r, c}, {-2, -1}));
  if (which > 0) return max(s, -1);
  if (which < 0) return min(s, -1);
  return sum(s, -1);
}

}  // namespace

array norm(const array& x_in, norm_ord ord, std::optional<std::vector<int64_t>> axis, bool keepdims) {
  const array x = x_in.dtype().is_inexact() ? x_in : x_in.astype(float64);
  const int64_t nd_ = x.ndim();
  if (!axis) {
    const bool fro = ord.is_none() || ((ord.name() == "fro" || ord.name() == "f") && nd_ == 2) ||
                     (ord.p() && *ord.p() == 2.0 && nd_ == 1);
    if (fro) {
      const array flat = ravel(x);
      array sq = x.dtype().is_complex() ? add(dot(real(flat), real(flat)), dot(imag(flat), imag(flat)))
                                        : dot(flat, flat);
      array ret = sqrt(sq);
      if (keepdims) ret = ret.reshape(shape_t(static_cast<size_t>(nd_), 1));
      return ret;
    }
    axis.emplace();
    for (int64_t i = 0; i < nd_; ++i) axis->push_back(i);
  }
  if (axis->size() == 1) return vec_norm(x, ord, normalize_axis((*axis)[0], nd_, "norm"), keepdims);
  if (axis->size() != 2) throw value_error("[norm] Improper number of dimensions to norm.");
  int64_t r = normalize_axis((*axis)[0], nd_, "norm"), c = normalize_axis((*axis)[1], nd_, "norm");
  if (r == c) throw value_error("[norm] Duplicate axes given.");
  const int64_t r0 = r, c0 = c;
  array ret;
  const std::optional<double>& p = ord.p();
  if (p && *p == 2.0) {
    ret = svd_norm(x, r, c, 1);
  } else if (p && *p == -2.0) {
    ret = svd_norm(x, r, c, -1);
  } else if (p && (*p == 1.0 || *p == -1.0)) {
    if (c > r) c -= 1;
    const array s = sum(absolute(x), r);
    ret = *p > 0 ? max(s, c) : min(s, c);
  } else if (p && (*p == kInf || *p == -kInf)) {
    if (r > c) r -= 1;
    const array s = sum(absolute(x), c);
    ret = *p > 0 ? max(s, r) : min(s, r);
  } else if (ord.is_none() || ord.name() == "fro" || ord.name() == "f") {
    ret = sqrt(sum(abs2(x), std::vector<int64_t>{r, c}));
  } else if (ord.name() == "nuc") {
    ret = svd_norm(x, r, c, 0);
  } else {
    throw value_error(fmt::format("[norm] Invalid norm order {} for matrices.", ord_text(ord)));
  }
  if (keepdims) {
    shape_t s = x.shape();
    s[static_cast<size_t>(r0)] = 1;
    s[static_cast<size_t>(c0)] = 1;
    ret = ret.reshape(s);
  }
  return ret;
}

array vector_norm(const array& x, double ord, std::optional<std::vector<int64_t>> axis, bool keepdims) {
  const shape_t shape = x.shape();
  array y;
  int64_t ax = 0;
  std::vector<int64_t> kept;
  if (!axis) {
    y = ravel(x);
    for (int64_t i = 0; i < x.ndim(); ++i) kept.push_back(i);
  } else {
    for (int64_t a : *axis) kept.push_back(normalize_axis(a, x.ndim(), "vector_norm"));
    std::vector<int64_t> perm = kept;
    shape_t newshape{1};
    for (int64_t a : kept) newshape[0] *= x.shape(a);
    for (int64_t i = 0; i < x.ndim(); ++i)
      if (std::find(kept.begin(), kept.end(), i) == kept.end()) {
        perm.push_back(i);
        newshape.push_back(x.shape(i));
      }
    y = reshape(transpose(x, perm), newshape);
  }
  array res = norm(y, ord, std::vector<int64_t>{ax}, false);
  if (keepdims) {
    shape_t s = shape;
    for (int64_t a : kept) s[static_cast<size_t>(a)] = 1;
    res = res.reshape(s);
  }
  return res;
}

array matrix_norm(const array& x, norm_ord ord, bool keepdims) {
  assert_stacked_2d(x, "matrix_norm");
  return norm(x, std::move(ord), std::vector<int64_t>{-2, -1}, keepdims);
}

array cond(const array& x, norm_ord ord) {
  assert_stacked_2d(x, "cond");
  if (x.shape(-1) * x.shape(-2) == 0) throw linalg_error("[cond] cond is not defined on empty arrays");
  const std::optional<double>& p = ord.p();
  array r;
  if (ord.is_none() || (p && (*p == 2.0 || *p == -2.0))) {
    scoped_errstate quiet(errstate{});
    const array s = svdvals(x);
    const array first = s(ellipsis, 0), last = s(ellipsis, -1);
    r = (p && *p == -2.0) ? divide(last, first) : divide(first, last);
  } else {
    assert_stacked_square(x, "cond");
    array invx;
    try {
      invx = inv(x);
    } catch (const linalg_error&) {
      // Singular matrices have infinite condition: invert one by one, NaN for the singular.
      const int64_t M = x.shape(-1);
      const array flat = reshape(x, {-1, M, M});
      std::vector<array> parts;
      for (int64_t i = 0; i < flat.shape(0); ++i) {
        try {
          parts.push_back(inv(flat[i]));
        } catch (const linalg_error&) {
          parts.push_back(full({M, M}, std::numeric_limits<double>::quiet_NaN(), invx_dtype(x)));
        }
      }
      invx = reshape(stack(parts, 0), x.shape());
    }
    scoped_errstate quiet(errstate{});
    r = multiply(norm(x, ord, std::vector<int64_t>{-2, -1}), norm(invx, ord, std::vector<int64_t>{-2, -1}));
  }
  // NaN from a singular matrix means infinite condition, unless the input held NaN itself.
  const array nan_r = isnan(r);
  if (any(nan_r).item<bool>()) {
    const array x_nan = any(isnan(x), std::vector<int64_t>{-2, -1});
    r = where(logical_and(nan_r, logical_not(x_nan)), kInf, r);
  }
  return r;
}

array pinv(const array& a, std::optional<double> rcond, bool hermitian) {
  assert_stacked_2d(a, "pinv");
  la_dtype(a.dtype(), "pinv");  // float16 check
  const dtype dt = detail::la::la_result(a.dtype());
  const int64_t M = a.shape(-2), N = a.shape(-1);
  if (M == 0 || N == 0) {
    shape_t s = a.shape();
    std::swap(s[s.size() - 1], s[s.size() - 2]);
    return empty(s, dt);
  }
  array u, s, vh;
  if (hermitian) {
    const eigh_result e = eigh(a);
    s = absolute(e.eigenvalues);
    u = e.eigenvectors;
    vh = conj(nd::matrix_transpose(multiply(u, expand_dims(sign(e.eigenvalues), {-2}))));
  } else {
    svd_result r = svd(a, false, true);
    u = r.U;
    s = r.S;
    vh = r.Vh;
  }
  const double rc = rcond.value_or(1e-15);
  const array cutoff = multiply(max(s, -1, true), rc);
  const array large = greater(s, cutoff);
  const array sinv = where(large, divide(1.0, where(large, s, 1.0)), 0.0);
  const array uh = conj(nd::matrix_transpose(u));
  return matmul(conj(nd::matrix_transpose(vh)), multiply(expand_dims(sinv, {-1}), uh));
}

array matrix_rank(const array& A, std::optional<double> tol, bool hermitian) {
  if (A.ndim() < 2) return array(static_cast<int64_t>(!alltrue(equal(A, 0)).item<bool>()));
  const int64_t M = A.shape(-2), N = A.shape(-1);
  const array S = hermitian ? absolute(eigvalsh(A)) : svdvals(A);
  if (std::min(M, N) == 0) return zeros(shape_t(A.shape().begin(), A.shape().end() - 2), int64);
  array t;
  if (tol) {
    t = array(*tol);
  } else {
    const double eps = S.dtype() == float32 ? static_cast<double>(std::numeric_limits<float>::epsilon())
                                            : std::numeric_limits<double>::epsilon();
    t = multiply(max(S, -1, true), static_cast<double>(std::max(M, N)) * eps);
  }
  return count_nonzero(greater(S, t), std::vector<int64_t>{-1});
}

}  // namespace nd::linalg

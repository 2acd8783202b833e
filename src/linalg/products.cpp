// Matrix and tensor products: shapes, dtypes and errors as NumPy's; the arithmetic is
// matmul_core (gemm.cpp) or nd's ufuncs.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>

#include "linalg/common.hpp"
#include "nd/creation.hpp"
#include "nd/manipulation.hpp"
#include "nd/reduce.hpp"
#include "nd/ufunc.hpp"
#include "nd/views.hpp"

namespace nd {
namespace {

using detail::la::matmul_core;

constexpr const char* kMatmulSig = "(n?,k),(k,m?)->(n?,m?)";

shape_t head(const shape_t& s, int64_t n) { return shape_t(s.begin(), s.begin() + n); }
shape_t concat(shape_t a, const shape_t& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The dtype the product is computed in: float16 goes through float32 as NumPy's.
dtype compute_dtype(dtype d) { return d == float16 ? float32 : d; }

// Writes `res` into `out` as a ufunc's out= does (exact shape, same_kind cast).
array into_out(const array& res, const std::optional<array>& out, const char* op) {
  if (!out) return res;
  array o = *out;
  if (o.shape() != res.shape())
    throw shape_error(fmt::format("[{}] out has shape {}, expected {}", op, shape_str(o.shape()), shape_str(res.shape())));
  o.assign(res, casting::same_kind);
  return o;
}

// 2-D (p, k) @ (k, q) of the promoted dtype, for the contraction helpers.
array matmul2(const array& a, const array& b) { return matmul(a, b); }

// Sums over a's axes_a paired with b's axes_b: free axes of a, then free axes of b.
array contract(const array& a, std::vector<int64_t> axes_a, const array& b, std::vector<int64_t> axes_b) {
  std::vector<bool> ca(static_cast<size_t>(a.ndim()), false), cb(static_cast<size_t>(b.ndim()), false);
  std::vector<int64_t> perm_a, perm_b;
  shape_t free_a, free_b;
  int64_t K = 1;
  for (size_t i = 0; i < axes_a.size(); ++i) {
    K *= a.shape(axes_a[i]);
    ca[static_cast<size_t>(axes_a[i])] = true;
    cb[static_cast<size_t>(axes_b[i])] = true;
  }
  for (int64_t i = 0; i < a.ndim(); ++i)
    if (!ca[static_cast<size_t>(i)]) {
      perm_a.push_back(i);
      free_a.push_back(a.shape(i));
    }
  perm_a.insert(perm_a.end(), axes_a.begin(), axes_a.end());
  perm_b = axes_b;
  for (int64_t i = 0; i < b.ndim(); ++i)
    if (!cb[static_cast<size_t>(i)]) {
      perm_b.push_back(i);
      free_b.push_back(b.shape(i));
    }
  const int64_t P = std::accumulate(free_a.begin(), free_a.end(), int64_t{1}, std::multiplies<>());
  const int64_t Q = std::accumulate(free_b.begin(), free_b.end(), int64_t{1}, std::multiplies<>());
  const array A = reshape(transpose(a, perm_a), {P, K});
  const array B = reshape(transpose(b, perm_b), {K, Q});
  return reshape(matmul2(A, B), concat(free_a, free_b));
}

}  // namespace

array matmul(const array& a, const array& b, const std::optional<array>& out) {
  for (int i = 0; i < 2; ++i) {
    const array& x = i == 0 ? a : b;
    if (x.ndim() == 0)
      throw value_error(fmt::format("[matmul] Input operand {} does not have enough dimensions (has 0, gufunc core "
                                    "with signature {} requires 1)",
                                    i, kMatmulSig));
  }
  const dtype res_dt = promote_types(a.dtype(), b.dtype());
  const dtype comp = compute_dtype(res_dt);
  array A = a.astype(comp, casting::unsafe, false);
  array B = b.astype(comp, casting::unsafe, false);
  if (a.ndim() == 1) A = expand_dims(A, {0});
  if (b.ndim() == 1) B = expand_dims(B, {1});
  const int64_t n = A.shape(-2), k = A.shape(-1), kb = B.shape(-2), m = B.shape(-1);
  if (k != kb)
    throw shape_error(fmt::format("[matmul] Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                                  "signature {} (size {} is different from {}); shapes {} and {}",
                                  kMatmulSig, kb, k, shape_str(a.shape()), shape_str(b.shape())));
  const shape_t batch =
      broadcast_shapes({head(A.shape(), A.ndim() - 2), head(B.shape(), B.ndim() - 2)}, "matmul");
  if (A.ndim() - 2 != static_cast<int64_t>(batch.size()) || head(A.shape(), A.ndim() - 2) != batch)
    A = broadcast_to(A, concat(batch, {n, k}));
  if (B.ndim() - 2 != static_cast<int64_t>(batch.size()) || head(B.shape(), B.ndim() - 2) != batch)
    B = broadcast_to(B, concat(batch, {k, m}));
  shape_t rshape = batch;
  if (a.ndim() != 1) rshape.push_back(n);
  if (b.ndim() != 1) rshape.push_back(m);
  // out= of the result's exact shape and dtype, C-contiguous and sharing no memory with the
  // operands: the product is written into it directly.
  if (out && comp == res_dt && out->dtype() == res_dt && out->shape() == rshape && out->is_c_contiguous() &&
      out->writeable() && !out->shares_buffer(a) && !out->shares_buffer(b)) {
    array C = out->reshape(concat(batch, {n, m}));
    matmul_core(A, B, C);
    return *out;
  }
  array C = empty(concat(batch, {n, m}), comp);
  matmul_core(A, B, C);
  if (rshape != C.shape()) C = C.reshape(rshape);
  if (comp != res_dt) C = C.astype(res_dt);
  return into_out(C, out, "matmul");
}

array dot(const array& a, const array& b) {
  if (a.ndim() == 0 || b.ndim() == 0) return multiply(a, b);
  const int64_t bax = b.ndim() == 1 ? 0 : b.ndim() - 2;
  if (a.shape(-1) != b.shape(bax))
    throw shape_error(fmt::format("[dot] shapes {} and {} not aligned: {} (dim {}) != {} (dim {})", shape_str(a.shape()),
                                  shape_str(b.shape()), a.shape(-1), a.ndim() - 1, b.shape(bax), bax));
  if (a.ndim() <= 2 && b.ndim() <= 2) return matmul(a, b);
  return contract(a, {a.ndim() - 1}, b, {bax});
}

array vdot(const array& a, const array& b) {
  if (a.size() != b.size())
    throw shape_error(fmt::format("[vdot] vectors have different sizes: {} (shape {}) and {} (shape {})", a.size(),
                                  shape_str(a.shape()), b.size(), shape_str(b.shape())));
  const array x = a.dtype().is_complex() ? conj(ravel(a)) : ravel(a);
  return matmul(x, ravel(b));
}

array inner(const array& a, const array& b) {
  if (a.ndim() == 0 || b.ndim() == 0) return multiply(a, b);
  if (a.shape(-1) != b.shape(-1))
    throw shape_error(fmt::format("[inner] shapes {} and {} not aligned: {} (dim {}) != {} (dim {})",
                                  shape_str(a.shape()), shape_str(b.shape()), a.shape(-1), a.ndim() - 1, b.shape(-1),
                                  b.ndim() - 1));
  return contract(a, {a.ndim() - 1}, b, {b.ndim() - 1});
}

array outer(const array& a, const array& b) {
  return multiply(reshape(a, {a.size(), 1}), reshape(b, {1, b.size()}));
}

array tensordot(const array& a, const array& b, int64_t axes) {
  if (axes < 0) throw value_error("[tensordot] axes must be at least 0");
  if (axes > a.ndim() || axes > b.ndim())
    throw shape_error(fmt::format("[tensordot] cannot sum over {} axes of arrays of shapes {} and {}", axes,
                                  shape_str(a.shape()), shape_str(b.shape())));
  std::vector<int64_t> aa, bb;
  for (int64_t i = 0; i < axes; ++i) {
    aa.push_back(a.ndim() - axes + i);
    bb.push_back(i);
  }
  return tensordot(a, b, aa, bb);
}

array tensordot(const array& a, const array& b, const std::vector<int64_t>& axes_a,
                const std::vector<int64_t>& axes_b) {
  if (axes_a.size() != axes_b.size())
    throw shape_error(fmt::format("[tensordot] shape-mismatch for sum: {} axes of a, {} axes of b", axes_a.size(),
                                  axes_b.size()));
  std::vector<int64_t> na, nb;
  for (size_t i = 0; i < axes_a.size(); ++i) {
    na.push_back(normalize_axis(axes_a[i], a.ndim(), "tensordot"));
    nb.push_back(normalize_axis(axes_b[i], b.ndim(), "tensordot"));
    if (a.shape(na.back()) != b.shape(nb.back()))
      throw shape_error(fmt::format("[tensordot] shape-mismatch for sum: axis {} of {} and axis {} of {}", axes_a[i],
                                    shape_str(a.shape()), axes_b[i], shape_str(b.shape())));
  }
  for (size_t i = 0; i < na.size(); ++i)
    for (size_t j = i + 1; j < na.size(); ++j)
      if (na[i] == na[j] || nb[i] == nb[j]) throw value_error("[tensordot] repeated axis");
  return contract(a, na, b, nb);
}

array kron(const array& a, const array& b) {
  const int64_t nd_ = std::max(a.ndim(), b.ndim());
  shape_t sa(static_cast<size_t>(nd_ - a.ndim()), 1), sb(static_cast<size_t>(nd_ - b.ndim()), 1);
  sa.insert(sa.end(), a.shape().begin(), a.shape().end());
  sb.insert(sb.end(), b.shape().begin(), b.shape().end());
  shape_t ia, ib, res;
  for (size_t i = 0; i < static_cast<size_t>(nd_); ++i) {
    ia.insert(ia.end(), {sa[i], 1});
    ib.insert(ib.end(), {1, sb[i]});
    res.push_back(sa[i] * sb[i]);
  }
  return reshape(multiply(reshape(a, ia), reshape(b, ib)), res);
}

array trace(const array& a, int64_t offset, int64_t axis1, int64_t axis2) {
  return sum(diagonal(a, offset, axis1, axis2), -1);
}

array vecdot(const array& a, const array& b, int64_t axis) {
  const int64_t ia = normalize_axis(axis, a.ndim(), "vecdot"), ib = normalize_axis(axis, b.ndim(), "vecdot");
  if (a.shape(ia) != b.shape(ib))
    throw shape_error(fmt::format("[vecdot] Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                                  "signature (n),(n)->() (size {} is different from {}); shapes {} and {}",
                                  b.shape(ib), a.shape(ia), shape_str(a.shape()), shape_str(b.shape())));
  const dtype res_dt = promote_types(a.dtype(), b.dtype());
  const array x = moveaxis(a.dtype().is_complex() ? conj(a) : a, ia, -1);
  const array y = moveaxis(b, ib, -1);
  reduce_options o;
  o.axis = std::vector<int64_t>{-1};
  o.dtype = res_dt;
  return sum(multiply(x, y), o);
}

namespace {

array cross_impl(const array& a_in, const array& b_in, int64_t axis, bool only3, const char* op) {
  const int64_t ia = normalize_axis(axis, a_in.ndim(), op), ib = normalize_axis(axis, b_in.ndim(), op);
  array a = moveaxis(a_in, ia, -1), b = moveaxis(b_in, ib, -1);
  const int64_t na = a.shape(-1), nb = b.shape(-1);
  if (only3 && (na != 3 || nb != 3))
    throw value_error(fmt::format("[{}] Both input arrays must be (arrays of) 3-dimensional vectors, but they are {} "
                                  "and {} dimensional instead.",
                                  op, na, nb));
  if ((na != 2 && na != 3) || (nb != 2 && nb != 3))
    throw value_error(fmt::format("[{}] incompatible dimensions for cross product (dimension must be 2 or 3), got "
                                  "shapes {} and {}",
                                  op, shape_str(a_in.shape()), shape_str(b_in.shape())));
  auto comp = [](const array& x, int64_t i) { return x(ellipsis, i); };
  if (na == 2 && nb == 2) return subtract(multiply(comp(a, 0), comp(b, 1)), multiply(comp(a, 1), comp(b, 0)));
  // A 2-element vector is a 3-element one with z = 0.
  auto pad = [](const array& x) {
    shape_t zs = x.shape();
    zs.back() = 1;
    return concatenate({x, zeros(zs, x.dtype())}, -1);
  };
  if (na == 2) a = pad(a);
  if (nb == 2) b = pad(b);
  const array c0 = subtract(multiply(comp(a, 1), comp(b, 2)), multiply(comp(a, 2), comp(b, 1)));
  const array c1 = subtract(multiply(comp(a, 2), comp(b, 0)), multiply(comp(a, 0), comp(b, 2)));
  const array c2 = subtract(multiply(comp(a, 0), comp(b, 1)), multiply(comp(a, 1), comp(b, 0)));
  const array c = stack({c0, c1, c2}, -1);
  return moveaxis(c, -1, normalize_axis(axis, c.ndim(), op));
}

}  // namespace

array cross(const array& a, const array& b, int64_t axis) { return cross_impl(a, b, axis, false, "cross"); }

namespace linalg {

array trace(const array& x, int64_t offset) {
  if (x.ndim() < 2)
    throw value_error(fmt::format("[trace] expected an array of at least two dimensions, got shape {}",
                                  shape_str(x.shape())));
  return sum(diagonal(x, offset, -2, -1), -1);
}

array cross(const array& a, const array& b, int64_t axis) { return cross_impl(a, b, axis, true, "cross"); }

array matrix_transpose(const array& x) {
  if (x.ndim() < 2)
    throw value_error(fmt::format("[matrix_transpose] input array must be at least 2-dimensional, got shape {}",
                                  shape_str(x.shape())));
  return nd::matrix_transpose(x);
}

array matrix_power(const array& a_in, int64_t n) {
  detail::la::assert_stacked_square(a_in, "matrix_power");
  const int64_t M = a_in.shape(-1);
  if (n == 0) {
    array r = empty(a_in.shape(), a_in.dtype());
    r.assign(eye(M, std::nullopt, 0, a_in.dtype()));
    return r;
  }
  array a = n < 0 ? inv(a_in) : a_in;
  uint64_t e = n < 0 ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
  if (e == 1) return a.copy();
  std::optional<array> result;
  array z = a;
  bool first = true;
  while (e > 0) {
    if (!first) z = matmul(z, z);
    first = false;
    if (e & 1) result = result ? matmul(*result, z) : z;
    e >>= 1;
  }
  return *result;
}

array multi_dot(const std::vector<array>& arrays) {
  const size_t n = arrays.size();
  if (n < 2) throw value_error("[multi_dot] Expecting at least two arrays.");
  if (n == 2) return dot(arrays[0], arrays[1]);
  std::vector<array> as = arrays;
  const bool first1 = as[0].ndim() == 1, last1 = as[n - 1].ndim() == 1;
  if (first1) as[0] = reshape(as[0], {1, as[0].size()});
  if (last1) as[n - 1] = reshape(as[n - 1], {as[n - 1].size(), 1});
  for (size_t i = 0; i < n; ++i)
    if (as[i].ndim() != 2)
      throw linalg_error(fmt::format("[multi_dot] {}-dimensional array given. Array must be two-dimensional",
                                     as[i].ndim()));
  // p[i] x p[i+1] is the shape of matrix i; cost[i][j] the cheapest chain i..j, split[i][j] its cut.
  std::vector<double> p(n + 1);
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<double>(as[i].shape(0));
  p[n] = static_cast<double>(as[n - 1].shape(1));
  std::vector<std::vector<double>> cost(n, std::vector<double>(n, 0.0));
  std::vector<std::vector<size_t>> split(n, std::vector<size_t>(n, 0));
  for (size_t len = 1; len < n; ++len)
    for (size_t i = 0; i + len < n; ++i) {
      const size_t j = i + len;
      cost[i][j] = std::numeric_limits<double>::infinity();
      for (size_t k = i; k < j; ++k) {
        const double c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = k;
        }
      }
    }
  std::function<array(size_t, size_t)> chain = [&](size_t i, size_t j) -> array {
    if (i == j) return as[i];
    const size_t k = split[i][j];
    return dot(chain(i, k), chain(k + 1, j));
  };
  array r = chain(0, n - 1);
  if (first1 && last1) return r(0, 0).copy();
  if (first1) return r(0, all);
  if (last1) return r(all, 0);
  return r;
}

}  // namespace linalg
}  // namespace nd

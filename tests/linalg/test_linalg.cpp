// nd/linalg.hpp against NumPy: tests/data/gen_linalg.py stores inputs and NumPy's results
// (manifest.txt + blob.npy); each case is rebuilt here, run, and compared within a
// tolerance tied to the result dtype's epsilon. Decompositions whose factors NumPy leaves
// open (signs and phases of vectors) are checked by reconstruction instead.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "nd/array.hpp"
#include "nd/linalg.hpp"
#include "linalg/np_cases.hpp"

using testing::HasSubstr;
using nd_test::close;
using nd_test::eps_of;
using nd_test::lcase;
using nd_test::load_cases;
using nd_test::split;
using nd_test::view;

namespace {

const std::string kDir = std::string(ND_TEST_DATA_DIR) + "/linalg/";

const std::vector<lcase>& cases() {
  static const std::vector<lcase> all = load_cases(kDir);
  return all;
}

nd::linalg::norm_ord parse_ord(const std::string& s) {
  if (s == "none") return {};
  if (s == "fro" || s == "nuc") return nd::linalg::norm_ord(s.c_str());
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  return std::stod(s);
}

std::optional<std::vector<int64_t>> parse_axes(const std::string& s) {
  if (s == "-") return std::nullopt;
  std::vector<int64_t> v;
  for (const auto& p : split(s, ',')) v.push_back(std::stoll(p));
  return v;
}

// Complex or real values sorted by (real, imag), as np.sort_complex / np.sort.
nd::array sorted_values(const nd::array& a) {
  nd::array c = nd::ascontiguousarray(a).copy();
  nd::visit_dtype(c.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
      T* p = static_cast<T*>(c.mutable_data());
      const int64_t n = c.shape(-1), rows = c.size() / std::max<int64_t>(n, 1);
      for (int64_t r = 0; r < rows; ++r)
        std::sort(p + r * n, p + (r + 1) * n, [](const T& x, const T& y) {
          return x.real() < y.real() || (x.real() == y.real() && x.imag() < y.imag());
        });
    } else if constexpr (std::is_floating_point_v<T>) {
      T* p = static_cast<T*>(c.mutable_data());
      const int64_t n = c.shape(-1), rows = c.size() / std::max<int64_t>(n, 1);
      for (int64_t r = 0; r < rows; ++r) std::sort(p + r * n, p + (r + 1) * n);
    }
  });
  return c;
}

std::vector<nd::array> run_case(const lcase& c) {
  std::vector<nd::array> in;
  for (size_t i = 0; i < c.in.size(); ++i) in.push_back(view(c.in[i], c.views.at(i)));
  const std::string& f = c.func;
  const auto ex = split(c.extra, ';');
  if (f == "matmul") return {nd::matmul(in[0], in[1])};
  if (f == "dot") return {nd::dot(in[0], in[1])};
  if (f == "vdot") return {nd::vdot(in[0], in[1])};
  if (f == "inner") return {nd::inner(in[0], in[1])};
  if (f == "outer") return {nd::outer(in[0], in[1])};
  if (f == "kron") return {nd::kron(in[0], in[1])};
  if (f == "tensordot") return {nd::tensordot(in[0], in[1], std::stoll(c.extra))};
  if (f == "tensordot_axes") return {nd::tensordot(in[0], in[1], *parse_axes(ex[0]), *parse_axes(ex[1]))};
  if (f == "trace") {
    const auto t = *parse_axes(c.extra);
    return {nd::trace(in[0], t[0], t[1], t[2])};
  }
  if (f == "linalg_trace") return {nd::linalg::trace(in[0], std::stoll(c.extra))};
  if (f == "cross") return {nd::cross(in[0], in[1], std::stoll(c.extra))};
  if (f == "vecdot") return {nd::vecdot(in[0], in[1], std::stoll(c.extra))};
  if (f == "matrix_power") return {nd::linalg::matrix_power(in[0], std::stoll(c.extra))};
  if (f == "multi_dot") return {nd::linalg::multi_dot(in)};
  if (f == "solve") return {nd::linalg::solve(in[0], in[1])};
  if (f == "inv") return {nd::linalg::inv(in[0])};
  if (f == "det") return {nd::linalg::det(in[0])};
  if (f == "slogdet") {
    auto r = nd::linalg::slogdet(in[0]);
    return {r.sign, r.logabsdet};
  }
  if (f == "cholesky") return {nd::linalg::cholesky(in[0], c.extra == "U")};
  if (f == "eigvalsh") return {nd::linalg::eigvalsh(in[0], c.extra[0])};
  if (f == "eigh_values") return {nd::linalg::eigh(in[0], c.extra[0]).eigenvalues};
  if (f == "svdvals") return {nd::linalg::svdvals(in[0])};
  if (f == "svd_s") return {nd::linalg::svd(in[0], true, false).S};
  if (f == "eigvals_sorted") return {sorted_values(nd::linalg::eigvals(in[0]))};
  if (f == "norm") return {nd::linalg::norm(in[0], parse_ord(ex[0]), parse_axes(ex[1]), ex[2] == "1")};
  if (f == "vector_norm") {
    const auto o = parse_ord(ex[0]);
    return {nd::linalg::vector_norm(in[0], o.p().value_or(2.0), parse_axes(ex[1]), ex[2] == "1")};
  }
  if (f == "matrix_norm") return {nd::linalg::matrix_norm(in[0], parse_ord(c.extra))};
  if (f == "cond") return {nd::linalg::cond(in[0], parse_ord(c.extra))};
  if (f == "lstsq") {
    auto r = nd::linalg::lstsq(in[0], in[1]);
    return {r.x, r.residuals, nd::array(r.rank), r.s};
  }
  if (f == "pinv") {
    const std::optional<double> rc = ex[0] == "-" ? std::nullopt : std::optional<double>(std::stod(ex[0]));
    return {nd::linalg::pinv(in[0], rc, ex[1] == "1")};
  }
  if (f == "matrix_rank") {
    const std::optional<double> tol = c.extra == "-" ? std::nullopt : std::optional<double>(std::stod(c.extra));
    return {nd::linalg::matrix_rank(in[0], tol)};
  }
  if (f == "tensorinv") return {nd::linalg::tensorinv(in[0], std::stoll(c.extra))};
  if (f == "tensorsolve") return {nd::linalg::tensorsolve(in[0], in[1], parse_axes(c.extra))};
  ADD_FAILURE() << "unknown function " << f;
  return {};
}

class LinalgData : public testing::TestWithParam<std::string> {};

TEST_P(LinalgData, MatchesNumPy) {
  int n = 0;
  for (const auto& c : cases()) {
    if (c.func != GetParam()) continue;
    ++n;
    SCOPED_TRACE(c.name);
    std::vector<nd::array> got;
    try {
      got = run_case(c);
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.name << " threw " << e.what();
      continue;
    }
    ASSERT_EQ(got.size(), c.out.size()) << c.name;
    for (size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(close(got[i], c.out[i], c.tol)) << c.name << " output " << i;
  }
  EXPECT_GT(n, 0) << "no cases for " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Funcs, LinalgData,
                         testing::Values("matmul", "dot", "vdot", "inner", "outer", "kron", "tensordot",
                                         "tensordot_axes", "trace", "linalg_trace", "cross", "vecdot", "matrix_power",
                                         "multi_dot", "solve", "inv", "det", "slogdet", "cholesky", "eigvalsh",
                                         "eigh_values", "svdvals", "svd_s", "eigvals_sorted", "norm", "vector_norm",
                                         "matrix_norm", "cond", "lstsq", "pinv", "matrix_rank", "tensorinv",
                                         "tensorsolve"),
                         [](const testing::TestParamInfo<std::string>& i) {
                           std::string s = i.param;
                           s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
                           return s;
                         });

// ---- reconstruction checks ----

nd::array random_matrix(nd::shape_t shape, nd::dtype dt, uint32_t seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> nd_(0.0, 1.0);
  nd::array a = nd::empty(shape, nd::complex128);
  auto* p = static_cast<std::complex<double>*>(a.mutable_data());
  for (int64_t i = 0; i < a.size(); ++i) p[i] = {nd_(gen), nd_(gen)};
  return dt.is_complex() ? a.astype(dt) : nd::real(a).astype(dt);
}

// max |x - y| / max(1, max |y|), in units of the dtype's epsilon.
double rel_err(const nd::array& x, const nd::array& y) {
  const nd::array d = nd::absolute(nd::subtract(x, y).astype(nd::complex128));
  const double m = nd::max(nd::absolute(y.astype(nd::complex128))).item<double>();
  return nd::max(d).item<double>() / std::max(1.0, m);
}

nd::array herm(const nd::array& a) { return nd::conj(nd::matrix_transpose(a)); }

const std::vector<nd::dtype> kInexact = {nd::float32, nd::float64, nd::complex64, nd::complex128};

TEST(LinalgQr, ReconstructsAndIsOrthonormal) {
  for (nd::dtype dt : kInexact) {
    for (const nd::shape_t& shape : {nd::shape_t{5, 3}, nd::shape_t{3, 5}, nd::shape_t{2, 4, 4}, nd::shape_t{1, 1}}) {
      const nd::array a = random_matrix(shape, dt, 7);
      const double tol = 200 * eps_of(dt);
      for (auto mode : {nd::linalg::qr_mode::reduced, nd::linalg::qr_mode::complete}) {
        const auto r = nd::linalg::qr(a, mode);
        EXPECT_EQ(r.Q.dtype(), dt);
        EXPECT_LT(rel_err(nd::matmul(r.Q, r.R), a), tol) << dt.name();
        const int64_t k = r.Q.shape(-1);
        EXPECT_LT(rel_err(nd::matmul(herm(r.Q), r.Q), nd::eye(k, std::nullopt, 0, dt)), tol);
        EXPECT_TRUE(nd::array_equal(r.R, nd::triu(r.R)));
        const int64_t M = shape[shape.size() - 2], N = shape.back();
        EXPECT_EQ(r.Q.shape(-1), mode == nd::linalg::qr_mode::complete ? M : std::min(M, N));
      }
      const auto rr = nd::linalg::qr(a, nd::linalg::qr_mode::r);
      EXPECT_EQ(rr.Q.size(), 0);
      EXPECT_LT(rel_err(nd::absolute(rr.R), nd::absolute(nd::linalg::qr(a).R)), 10 * eps_of(dt));
    }
  }
  // NumPy's shapes for empty matrices.
  const auto e = nd::linalg::qr(nd::zeros({0, 3}));
  EXPECT_EQ(e.Q.shape(), (nd::shape_t{0, 0}));
  EXPECT_EQ(e.R.shape(), (nd::shape_t{0, 3}));
}

TEST(LinalgSvd, ReconstructsFullAndReduced) {
  for (nd::dtype dt : kInexact) {
    for (const nd::shape_t& shape : {nd::shape_t{6, 4}, nd::shape_t{4, 6}, nd::shape_t{3, 5, 5}}) {
      const nd::array a = random_matrix(shape, dt, 11);
      const double tol = 300 * eps_of(dt);
      const auto r = nd::linalg::svd(a, false);
      EXPECT_EQ(r.S.dtype(), nd::real(a).dtype());
      const nd::array us = nd::multiply(r.U, nd::expand_dims(r.S, {-2}));
      EXPECT_LT(rel_err(nd::matmul(us, r.Vh), a), tol) << dt.name();
      const auto f = nd::linalg::svd(a, true);
      const int64_t M = shape[shape.size() - 2], N = shape.back();
      EXPECT_EQ(f.U.shape(-1), M);
      EXPECT_EQ(f.Vh.shape(-2), N);
      EXPECT_LT(rel_err(nd::matmul(herm(f.U), f.U), nd::eye(M, std::nullopt, 0, dt)), tol);
      EXPECT_LT(rel_err(nd::matmul(f.Vh, herm(f.Vh)), nd::eye(N, std::nullopt, 0, dt)), tol);
      EXPECT_LT(rel_err(nd::linalg::svdvals(a), r.S), tol);
    }
  }
  const auto e = nd::linalg::svd(nd::zeros({0, 3}));
  EXPECT_EQ(e.U.shape(), (nd::shape_t{0, 0}));
  EXPECT_EQ(e.S.shape(), (nd::shape_t{0}));
  EXPECT_TRUE(nd::array_equal(e.Vh, nd::eye(3)));
}

TEST(LinalgEig, HermitianAndGeneralReconstruct) {
  for (nd::dtype dt : kInexact) {
    const nd::array g = random_matrix({3, 5, 5}, dt, 5);
    const nd::array h = nd::add(g, herm(g));
    const double tol = 500 * eps_of(dt);
    for (char uplo : {'L', 'U'}) {
      const auto e = nd::linalg::eigh(h, uplo);
      const nd::array av = nd::matmul(h, e.eigenvectors);
      const nd::array vw = nd::multiply(e.eigenvectors, nd::expand_dims(e.eigenvalues, {-2}));
      EXPECT_LT(rel_err(av, vw), tol) << dt.name();
    }
    const auto e = nd::linalg::eig(g);
    EXPECT_TRUE(e.eigenvalues.dtype().is_complex());  // random real matrices have complex pairs
    const nd::array av = nd::matmul(g, e.eigenvectors);
    const nd::array vw = nd::multiply(e.eigenvectors, nd::expand_dims(e.eigenvalues, {-2}));
    EXPECT_LT(rel_err(av, vw), 10 * tol) << dt.name();
  }
  // All eigenvalues real: real results, as NumPy 2's.
  const nd::array s = {{2.0, 1.0}, {1.0, 3.0}};
  const auto e = nd::linalg::eig(s);
  EXPECT_EQ(e.eigenvalues.dtype(), nd::float64);
  EXPECT_EQ(e.eigenvectors.dtype(), nd::float64);
  const auto ef = nd::linalg::eig(s.astype(nd::float32));
  EXPECT_EQ(ef.eigenvalues.dtype(), nd::float32);
  const nd::array rot = {{0.0, -1.0}, {1.0, 0.0}};
  EXPECT_EQ(nd::linalg::eigvals(rot).dtype(), nd::complex128);
}

TEST(LinalgSolve, ResidualsSmallEvenIllConditioned) {
  // Hilbert matrix of order 6 (condition ~1.5e7): the backward error stays at epsilon level.
  nd::array h = nd::empty({6, 6});
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) h.at<double>({i, j}) = 1.0 / (i + j + 1);
  const nd::array b = nd::ones({6});
  const nd::array x = nd::linalg::solve(h, b);
  const nd::array r = nd::subtract(nd::matmul(h, x), b);
  const double rn = nd::linalg::norm(r).item<double>();
  const double scale = nd::linalg::norm(h).item<double>() * nd::linalg::norm(x).item<double>();
  EXPECT_LT(rn / scale, 100 * std::numeric_limits<double>::epsilon());
  // NumPy 2: a 2-D b is a matrix of right-hand sides even when it could be a stack of vectors.
  const nd::array a = nd::add(random_matrix({2, 3, 3}, nd::float64, 3), nd::multiply(nd::eye(3), 4.0));
  const nd::array bm = random_matrix({3, 2}, nd::float64, 4);
  EXPECT_EQ(nd::linalg::solve(a, bm).shape(), (nd::shape_t{2, 3, 2}));
  EXPECT_LT(rel_err(nd::matmul(a, nd::linalg::solve(a, bm)), nd::broadcast_to(bm, {2, 3, 2})),
            100 * std::numeric_limits<double>::epsilon());
  // float32 stays float32, integers compute in float64.
  EXPECT_EQ(nd::linalg::solve(a.astype(nd::float32), bm.astype(nd::float32)).dtype(), nd::float32);
  EXPECT_EQ(nd::linalg::inv(nd::eye(3, std::nullopt, 0, nd::int32)).dtype(), nd::float64);
}

// ---- products: paths NumPy data does not reach ----

TEST(LinalgMatmul, OwnKernelMatchesBlasOnLargeIntegerAndBoolProducts) {
  // Small integers: the float64 BLAS product is exact, so the blocked integer kernel must equal it.
  std::mt19937 gen(1);
  std::uniform_int_distribution<int> d(-3, 3);
  nd::array a = nd::empty({70, 150}, nd::int32), b = nd::empty({150, 600}, nd::int32);
  for (auto* x : {&a, &b}) {
    auto* p = static_cast<int32_t*>(x->mutable_data());
    for (int64_t i = 0; i < x->size(); ++i) p[i] = d(gen);
  }
  const nd::array ref = nd::matmul(a.astype(nd::float64), b.astype(nd::float64));
  for (nd::dtype dt : {nd::int32, nd::int64, nd::int16}) {
    const nd::array got = nd::matmul(a.astype(dt), b.astype(dt));
    EXPECT_EQ(got.dtype(), dt);
    EXPECT_TRUE(nd::array_equal(got.astype(nd::float64), ref)) << dt.name();
    const nd::array gt = nd::matmul(nd::transpose(b.astype(dt)), nd::transpose(a.astype(dt)));
    EXPECT_TRUE(nd::array_equal(gt.astype(nd::float64), nd::transpose(ref))) << dt.name();
  }
  const nd::array ab = nd::greater(a, 1), bb = nd::greater(b, 1);
  const nd::array bref = nd::greater(nd::matmul(ab.astype(nd::float64), bb.astype(nd::float64)), 0.0);
  EXPECT_TRUE(nd::array_equal(nd::matmul(ab, bb), bref));
}

TEST(LinalgMatmul, IntegerKernelPacksOddSizedOperands) {
  // A transposed int8 B is packed (15 bytes) before the widened accumulators: they must stay
  // aligned (UBSan checks this in the sanitizer build).
  const nd::array a = nd::reshape(nd::arange_int(-7, 8), {3, 5}).astype(nd::int8);
  const nd::array bt = nd::reshape(nd::remainder(nd::arange_int(0, 15), 3), {3, 5}).astype(nd::int8);  // 0..2: no wrap
  const nd::array got = nd::matmul(a, nd::transpose(bt));
  const nd::array want = nd::matmul(a.astype(nd::float64), nd::transpose(bt).astype(nd::float64));
  EXPECT_EQ(got.dtype(), nd::int8);
  EXPECT_TRUE(nd::array_equal(got.astype(nd::float64), want));
}

TEST(LinalgMatmul, BatchedPathsEqualOneByOne) {
  const int saved = nd::get_num_threads();
  nd::set_num_threads(4);
  for (nd::dtype dt : {nd::float64, nd::float32, nd::complex128, nd::int64}) {
    for (const auto& [count, n] : {std::pair<int64_t, int64_t>{4000, 8}, {10000, 4}, {8, 40}, {3, 100}}) {
      const nd::array a = random_matrix({count, n, n}, dt, 9), b = random_matrix({count, n, n}, dt, 10);
      const nd::array c = nd::matmul(a, nd::matrix_transpose(b));
      for (int64_t i : {int64_t{0}, count / 2, count - 1}) {
        const nd::array one = nd::matmul(a[i], nd::transpose(b[i]));
        EXPECT_LT(rel_err(c[i], one), 64 * eps_of(dt)) << dt.name() << " " << count << "x" << n;
      }
    }
  }
  nd::set_num_threads(saved);
}

TEST(LinalgMatmul, SmallBatchKernelsMatchOneByOneOnViews) {
  // Every fixed-size kernel (2, 3, 4, 8, 16), the generic small kernel (5, 7 x 3 x 16) and
  // the BLAS path (17), on contiguous stacks, strided stacks, transposed matrices, reversed
  // rows and broadcast batches; each product compared with the same product computed alone
  // from contiguous copies through BLAS (padding to 20 columns keeps it off the small path).
  const int saved = nd::get_num_threads();
  for (int threads : {1, 2}) {
    nd::set_num_threads(threads);
    for (nd::dtype dt : {nd::float64, nd::float32, nd::complex128, nd::complex64}) {
      for (const auto& [n, k, m] : std::vector<std::tuple<int64_t, int64_t, int64_t>>{
               {2, 2, 2}, {3, 3, 3}, {4, 4, 4}, {8, 8, 8}, {16, 16, 16}, {5, 5, 5}, {7, 3, 16}, {17, 17, 17}}) {
        const nd::array base_a = random_matrix({600, 2 * n, 2 * k}, dt, 40), base_b = random_matrix({600, k, m}, dt, 41);
        const nd::array ca = base_a(nd::all, nd::slice(0, n), nd::slice(0, k)).copy();
        std::vector<std::pair<nd::array, nd::array>> forms = {
            {ca, base_b},                                                              // contiguous
            {base_a(nd::slice(nd::none, nd::none, 2), nd::slice(0, n), nd::slice(0, k)),  // strided batch and rows
             base_b(nd::slice(nd::none, nd::none, 2))},
            {nd::matrix_transpose(nd::matrix_transpose(ca).copy()), base_b},         // A stored transposed
            {ca, nd::matrix_transpose(nd::matrix_transpose(base_b).copy())},         // B stored transposed
            {base_a(nd::all, nd::slice(n - 1, nd::none, -1), nd::slice(0, k)), base_b},  // reversed rows
            {ca[0], base_b},                                                          // broadcast A
            {nd::reshape(ca, {20, 30, n, k}), nd::reshape(base_b, {20, 30, k, m})(nd::all, nd::slice(0, 1))},
        };
        for (size_t f = 0; f < forms.size(); ++f) {
          const auto& [a, b] = forms[f];
          const nd::array c = nd::matmul(a, b);
          const nd::shape_t cb(c.shape().begin(), c.shape().end() - 2);
          nd::shape_t sa = cb, sb = cb;
          sa.insert(sa.end(), {n, k});
          sb.insert(sb.end(), {k, m});
          const nd::array ab = nd::broadcast_to(a, sa), bb = nd::broadcast_to(b, sb);
          const nd::array fa = nd::reshape(ab, {-1, n, k}), fb = nd::reshape(bb, {-1, k, m});
          const nd::array fc = nd::reshape(c, {-1, n, m});
          for (int64_t i : {int64_t{0}, fa.shape(0) / 3, fa.shape(0) - 1}) {
            // The reference: A padded with zero columns to 20, B with zero rows, through BLAS.
            nd::array pa = nd::zeros({n, 20}, dt), pb = nd::zeros({20, m}, dt);
            pa(nd::all, nd::slice(0, k)).assign(fa[i]);
            pb(nd::slice(0, k), nd::all).assign(fb[i]);
            const nd::array want = nd::matmul(pa, pb);
            EXPECT_LT(rel_err(fc[i], want), 64 * eps_of(dt))
                << dt.name() << " " << n << "x" << k << "x" << m << " form " << f << " item " << i << " threads "
                << threads;
          }
        }
      }
    }
  }
  nd::set_num_threads(saved);
}

TEST(LinalgSolve, SmallSystemsMatchTheLapackPath) {
  // Sizes up to 8 take nd's direct solver, larger ones LAPACK: both give residuals at the
  // epsilon level, on batches of views, and the same singular-matrix error.
  for (nd::dtype dt : {nd::float64, nd::complex128, nd::float32}) {
    for (int64_t M : {1, 2, 3, 4, 8, 9}) {
      const nd::array a0 = nd::add(random_matrix({50, M, 2 * M}, dt, 51), nd::multiply(nd::eye(M, 2 * M), 3.0).astype(dt));
      const nd::array a = a0(nd::slice(nd::none, nd::none, 2), nd::all, nd::slice(nd::none, nd::none, 2));  // views
      const nd::array b = random_matrix({25, M, 3}, dt, 52);
      const nd::array x = nd::linalg::solve(nd::matrix_transpose(a), b);
      EXPECT_EQ(x.dtype(), dt);
      EXPECT_LT(rel_err(nd::matmul(nd::matrix_transpose(a), x), b), 1e3 * eps_of(dt)) << dt.name() << " " << M;
      const nd::array inv = nd::linalg::inv(a);
      EXPECT_LT(rel_err(nd::matmul(a, inv), nd::broadcast_to(nd::eye(M, std::nullopt, 0, dt), a.shape())),
                1e3 * eps_of(dt))
          << dt.name() << " " << M;
    }
  }
  // Pivoting: a zero leading entry needs a row swap; an exactly singular 3x3 is reported.
  const nd::array p = {{0.0, 1.0, 2.0}, {1.0, 0.0, 3.0}, {4.0, -3.0, 8.0}};
  const nd::array rhs = {1.0, 2.0, 3.0};
  EXPECT_LT(rel_err(nd::matmul(p, nd::linalg::solve(p, rhs)), rhs), 100 * eps_of(nd::float64));
  const nd::array s3 = {{1.0, 2.0, 3.0}, {2.0, 4.0, 6.0}, {1.0, 0.0, 1.0}};
  EXPECT_THAT([&] { nd::linalg::solve(nd::stack({p, s3}, 0), nd::ones({2, 3, 1})); },
              testing::ThrowsMessage<nd::linalg_error>(HasSubstr("Singular matrix")));
}

TEST(LinalgMatmul, OutAndDtypes) {
  const nd::array a = {{1.0, 2.0}, {3.0, 4.0}};
  nd::array out = nd::zeros({2, 2});
  const nd::array r = nd::matmul(a, a, out);
  EXPECT_TRUE(r.shares_buffer(out));
  EXPECT_EQ(out.at<double>({1, 1}), 22.0);
  // out= may alias an input.
  nd::array self = a.copy();
  nd::matmul(self, self, self);
  EXPECT_EQ(self.at<double>({0, 0}), 7.0);
  nd::array wrong = nd::zeros({3, 2});
  EXPECT_THROW(nd::matmul(a, a, wrong), nd::shape_error);
  nd::array ints = nd::zeros({2, 2}, nd::int64);
  EXPECT_THROW(nd::matmul(a, a, ints), nd::dtype_error);  // same_kind forbids float -> int
  const nd::array h = a.astype(nd::float16);
  EXPECT_EQ(nd::matmul(h, h).dtype(), nd::float16);
  EXPECT_EQ(nd::matmul(a.astype(nd::int8), a.astype(nd::uint8)).dtype(), nd::int16);
  EXPECT_EQ(nd::matmul(nd::ones({2, 0}), nd::ones({0, 3})).shape(), (nd::shape_t{2, 3}));
  EXPECT_EQ(nd::sum(nd::matmul(nd::ones({2, 0}), nd::ones({0, 3}))).item<double>(), 0.0);
}

TEST(LinalgMatmul, BlasTakesTransposedAndStridedViewsWithoutCopies) {
  const nd::array a = random_matrix({60, 50}, nd::float64, 31), b = random_matrix({50, 40}, nd::float64, 32);
  const nd::array ref = nd::matmul(nd::ascontiguousarray(a), nd::ascontiguousarray(b));
  const nd::array wide = random_matrix({60, 80}, nd::float64, 33);
  const nd::array col = random_matrix({50, 3}, nd::float64, 34);
  const int64_t before = nd::linalg::detail_blas_operand_copies();
  // a.T.T (F-ordered copy viewed back), B transposed, a column block of a wider matrix,
  // a matrix times a strided column: all readable by BLAS as they are.
  const nd::array af = nd::asfortranarray(a), bt = nd::transpose(nd::ascontiguousarray(nd::transpose(b)));
  EXPECT_LT(rel_err(nd::matmul(af, bt), ref), 64 * std::numeric_limits<double>::epsilon());
  const nd::array block = wide(nd::all, nd::slice(10, 60));
  EXPECT_LT(rel_err(nd::matmul(block, b), nd::matmul(nd::ascontiguousarray(block), b)),
            64 * std::numeric_limits<double>::epsilon());
  const nd::array v = col(nd::all, 1);
  const double tol = 64 * std::numeric_limits<double>::epsilon();
  EXPECT_LT(rel_err(nd::matmul(a, v), nd::matmul(a, nd::ascontiguousarray(v))), tol);
  EXPECT_LT(rel_err(nd::matmul(v, b), nd::matmul(nd::ascontiguousarray(v), b)), tol);
  EXPECT_EQ(nd::linalg::detail_blas_operand_copies(), before);
  // Reversed rows cannot be described to BLAS: that operand is copied (once).
  const nd::array rev = nd::flip(a, 0);
  EXPECT_LT(rel_err(nd::matmul(rev, b), nd::matmul(nd::ascontiguousarray(rev), b)),
            64 * std::numeric_limits<double>::epsilon());
  EXPECT_EQ(nd::linalg::detail_blas_operand_copies(), before + 1);
}

TEST(LinalgMatmul, OutIsWrittenInPlaceForEveryShape) {
  // Batched, vector-matrix and small-kernel shapes written straight into out=, and an out=
  // that is a strided view (taking the copying path): all equal the plain product.
  const nd::array a = random_matrix({5, 3, 4}, nd::float64, 61), b = random_matrix({4, 6}, nd::float64, 62);
  const nd::array v = random_matrix({4}, nd::float64, 63);
  for (const auto& [x, y] : std::vector<std::pair<nd::array, nd::array>>{{a, b}, {a, v}, {v, b}, {a[0], b}}) {
    const nd::array want = nd::matmul(x, y);
    nd::array out = nd::zeros(want.shape());
    const nd::array r = nd::matmul(x, y, out);
    EXPECT_TRUE(r.shares_buffer(out));
    EXPECT_TRUE(nd::array_equal(out, want));
  }
  nd::array wide = nd::zeros({5, 3, 12});
  nd::array strided = wide(nd::all, nd::all, nd::slice(nd::none, nd::none, 2));
  nd::matmul(a, b, strided);
  EXPECT_TRUE(nd::array_equal(strided, nd::matmul(a, b)));
}

TEST(LinalgMatmul, TransposeIsAView) {
  const nd::array a = nd::ones({2, 3, 4});
  const nd::array t = nd::linalg::matrix_transpose(a);
  EXPECT_TRUE(t.shares_buffer(a));
  EXPECT_EQ(t.shape(), (nd::shape_t{2, 4, 3}));
  EXPECT_THROW(nd::linalg::matrix_transpose(nd::ones({3})), nd::value_error);
}

// ---- errors ----

TEST(LinalgErrors, ProductsNameOperationAndShapes) {
  EXPECT_THAT([] { nd::matmul(nd::ones({2, 3}), nd::ones({4, 2})); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr(
                  "[matmul] Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                  "(n?,k),(k,m?)->(n?,m?) (size 4 is different from 3); shapes (2, 3) and (4, 2)")));
  EXPECT_THAT([] { nd::matmul(nd::array(1.0), nd::ones({3})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Input operand 0 does not have enough dimensions")));
  EXPECT_THAT([] { nd::matmul(nd::ones({2, 2, 3}), nd::ones({3, 3, 2})); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr("(2,) and (3,)")));
  EXPECT_THAT([] { nd::dot(nd::ones({2, 3}), nd::ones({4})); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr("not aligned: 3 (dim 1) != 4 (dim 0)")));
  EXPECT_THAT([] { nd::inner(nd::ones({3}), nd::ones({4})); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr("not aligned")));
  EXPECT_THAT([] { nd::vecdot(nd::ones({3}), nd::ones({4})); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr("signature (n),(n)->() (size 4 is different from 3)")));
  EXPECT_THAT([] { nd::linalg::cross(nd::ones({2}), nd::ones({2})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("3-dimensional vectors, but they are 2 and 2")));
  EXPECT_THROW(nd::cross(nd::ones({4}), nd::ones({4})), nd::value_error);
  EXPECT_THAT([] { nd::linalg::multi_dot({nd::ones({3})}); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Expecting at least two arrays.")));
  EXPECT_THROW(nd::tensordot(nd::ones({2, 3}), nd::ones({4, 5}), 1), nd::shape_error);
  EXPECT_THROW(nd::vdot(nd::ones({2}), nd::ones({3})), nd::shape_error);
  EXPECT_THROW(nd::linalg::matrix_power(nd::ones({2, 3}), 2), nd::linalg_error);
}

TEST(LinalgErrors, DecompositionsAsNumPy) {
  const nd::array sing = {{1.0, 2.0}, {2.0, 4.0}};
  EXPECT_THAT([&] { nd::linalg::inv(sing); }, testing::ThrowsMessage<nd::linalg_error>(HasSubstr("Singular matrix")));
  EXPECT_THROW(nd::linalg::solve(sing, nd::ones({2})), nd::linalg_error);
  EXPECT_THROW(nd::linalg::inv(sing), nd::value_error);  // LinAlgError is a ValueError
  EXPECT_THAT([] { nd::linalg::inv(nd::ones({2, 3})); },
              testing::ThrowsMessage<nd::linalg_error>(HasSubstr("Last 2 dimensions of the array must be square")));
  EXPECT_THAT([] { nd::linalg::det(nd::ones({3})); },
              testing::ThrowsMessage<nd::linalg_error>(
                  HasSubstr("1-dimensional array given. Array must be at least two-dimensional")));
  EXPECT_THAT([] { nd::linalg::cholesky(nd::multiply(nd::eye(2), -1.0)); },
              testing::ThrowsMessage<nd::linalg_error>(HasSubstr("Matrix is not positive definite")));
  EXPECT_THAT([] { nd::linalg::inv(nd::ones({2, 2}, nd::float16)); },
              testing::ThrowsMessage<nd::dtype_error>(HasSubstr("array type float16 is unsupported in linalg")));
  EXPECT_THAT([] { nd::linalg::solve(nd::eye(3), nd::ones({4})); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr("(m,m),(m)->(m) (size 4 is different from 3)")));
  EXPECT_THAT([] { nd::linalg::solve(nd::eye(3), nd::ones({2, 3})); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr("(m,m),(m,n)->(m,n) (size 2 is different from 3)")));
  nd::array nanm = nd::eye(2);
  nanm.at<double>({0, 1}) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THAT([&] { nd::linalg::eig(nanm); },
              testing::ThrowsMessage<nd::linalg_error>(HasSubstr("Array must not contain infs or NaNs")));
  EXPECT_THROW(nd::linalg::eigh(nd::eye(2), 'X'), nd::value_error);
  EXPECT_THAT([] { nd::linalg::norm(nd::ones({2, 2}), 3); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Invalid norm order 3 for matrices.")));
  EXPECT_THAT([] { nd::linalg::norm(nd::ones({2}), "fro"); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Invalid norm order 'fro' for vectors")));
  EXPECT_THROW(nd::linalg::norm(nd::ones({2, 2, 2}), 2), nd::value_error);
  EXPECT_THROW(nd::linalg::norm(nd::ones({2, 2}), {}, std::vector<int64_t>{0, 0}), nd::value_error);
  EXPECT_THAT([] { nd::linalg::cond(nd::zeros({0, 0})); },
              testing::ThrowsMessage<nd::linalg_error>(HasSubstr("cond is not defined on empty arrays")));
  EXPECT_THROW(nd::linalg::lstsq(nd::ones({3, 2}), nd::ones({4})), nd::linalg_error);
  EXPECT_THROW(nd::linalg::tensorinv(nd::ones({2, 3}), 1), nd::linalg_error);
  EXPECT_THROW(nd::linalg::tensorinv(nd::ones({2, 2}), 0), nd::value_error);
  EXPECT_THAT([] { nd::linalg::tensorsolve(nd::ones({2, 3, 4}), nd::ones({2, 3})); },
              testing::ThrowsMessage<nd::linalg_error>(HasSubstr("prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])")));
  // A singular matrix in a batch fails the whole call, as NumPy's.
  nd::array batch = nd::stack({nd::eye(2), sing}, 0);
  EXPECT_THROW(nd::linalg::inv(batch), nd::linalg_error);
  // ... but its determinant is simply zero.
  EXPECT_EQ(nd::linalg::det(sing).item<double>(), 0.0);
}

// ---- threads ----

TEST(LinalgThreads, BlasFollowsNdAndRunsSerialInsideParallelRegions) {
  const int saved = nd::get_num_threads();
  nd::set_num_threads(2);
  EXPECT_EQ(nd::linalg::blas_num_threads(), 2);
  nd::set_num_threads(1);
  EXPECT_EQ(nd::linalg::blas_num_threads(), 1);
  nd::set_num_threads(3);
  EXPECT_EQ(nd::linalg::blas_num_threads(), 3);

  // Batches split over nd's pool: every BLAS/LAPACK call made from a worker sees one thread.
  nd::linalg::detail_reset_blas_thread_stats();
  const nd::array a = random_matrix({16, 48, 48}, nd::float64, 21);
  const nd::array c = nd::matmul(a, a);
  EXPECT_EQ(nd::linalg::detail_max_blas_threads_in_parallel(), 1);
  nd::linalg::detail_reset_blas_thread_stats();
  const nd::array spd = nd::add(nd::matmul(a, nd::matrix_transpose(a)), nd::multiply(nd::eye(48), 48.0));
  const nd::array l = nd::linalg::cholesky(spd);
  const nd::array inv = nd::linalg::inv(spd);
  EXPECT_EQ(nd::linalg::detail_max_blas_threads_in_parallel(), 1);
  // And the process-wide count is back to nd's afterwards.
  EXPECT_EQ(nd::linalg::blas_num_threads(), 3);
  EXPECT_LT(rel_err(nd::matmul(l, nd::matrix_transpose(l)), spd), 100 * std::numeric_limits<double>::epsilon());
  EXPECT_LT(rel_err(nd::matmul(spd, inv), nd::broadcast_to(nd::eye(48), {16, 48, 48})),
            1e4 * std::numeric_limits<double>::epsilon());
  EXPECT_LT(rel_err(c[3], nd::matmul(a[3], a[3])), 64 * std::numeric_limits<double>::epsilon());
  nd::set_num_threads(saved);
}

}  // namespace

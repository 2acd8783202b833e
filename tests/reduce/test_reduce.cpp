// Reductions against NumPy (tests/data/gen_reduce.py), errors, determinism across thread
// counts and splits, and summation accuracy against a long-double reference.
//
// Tolerance for floating results: |got - want| <= tol * (|want| + max|want| of the case), with
// tol = 1e-13 (float64), 1e-5 (float32) and 1e-2 (float16: NumPy computes float16 var/std in
// float16, nd in float32). Sums legitimately differ from NumPy's order in the last bits.
// Integers and bools compare exactly; NaN positions exactly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <complex>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "nd/array.hpp"
#include "nd/reduce.hpp"

using testing::HasSubstr;

namespace {

const std::string kDir = std::string(ND_TEST_DATA_DIR) + "/reduce/";

std::vector<int64_t> parse_list(const std::string& s) {
  std::vector<int64_t> v;
  if (s == "-" || s == "none") return v;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stoll(item));
  return v;
}

using reduce_fn = nd::array (*)(const nd::array&, const nd::reduce_options&);

const std::map<std::string, reduce_fn>& reducers() {
  static const std::map<std::string, reduce_fn> m = {
      {"sum", nd::sum},         {"prod", nd::prod},       {"mean", nd::mean},       {"var", nd::var},
      {"std", nd::std},         {"min", nd::min},         {"max", nd::max},         {"ptp", nd::ptp},
      {"any", nd::any},         {"all", nd::alltrue},     {"nansum", nd::nansum},   {"nanprod", nd::nanprod},
      {"nanmean", nd::nanmean}, {"nanvar", nd::nanvar},   {"nanstd", nd::nanstd},   {"nanmin", nd::nanmin},
      {"nanmax", nd::nanmax}};
  return m;
}

nd::array call(const std::string& f, const nd::array& x, const std::string& axis, bool kd,
               const std::optional<nd::array>& where, const std::string& initial) {
  std::optional<int64_t> ax1;
  std::optional<std::vector<int64_t>> axes;
  if (axis != "none") {
    axes = parse_list(axis);
    ax1 = (*axes)[0];
  }
  if (f == "argmin") return nd::argmin(x, ax1, kd);
  if (f == "argmax") return nd::argmax(x, ax1, kd);
  if (f == "nanargmin") return nd::nanargmin(x, ax1, kd);
  if (f == "nanargmax") return nd::nanargmax(x, ax1, kd);
  if (f == "cumsum") return nd::cumsum(x, ax1);
  if (f == "cumprod") return nd::cumprod(x, ax1);
  if (f == "count_nonzero") return nd::count_nonzero(x, axes, kd);
  nd::reduce_options o;
  o.axis = axes;
  o.keepdims = kd;
  o.where = where;
  if (initial != "-") o.initial = std::stod(initial);
  return reducers().at(f)(x, o);
}

double tol_for(nd::dtype dt) {
  if (dt == nd::float16) return 1e-2;
  if (dt == nd::float32 || dt == nd::complex64) return 1e-5;
  return 1e-13;
}

// "" when equal within the rules above, else a description.
std::string compare(const nd::array& got, const nd::array& want) {
  if (got.dtype() != want.dtype()) return "dtype " + got.dtype().str() + " != " + want.dtype().str();
  if (got.shape() != want.shape()) return "shape " + nd::shape_str(got.shape()) + " != " + nd::shape_str(want.shape());
  const nd::array g = nd::ascontiguousarray(got), w = nd::ascontiguousarray(want);
  if (!want.dtype().is_inexact()) {
    return std::memcmp(g.raw_data(), w.raw_data(), static_cast<size_t>(g.nbytes())) == 0 ? "" : "values differ";
  }
  const nd::array gc = g.astype(nd::complex128), wc = w.astype(nd::complex128);
  const auto* gp = gc.data<std::complex<double>>();
  const auto* wp = wc.data<std::complex<double>>();
  double scale = 0;
  for (int64_t i = 0; i < wc.size(); ++i)
    if (std::isfinite(std::abs(wp[i]))) scale = std::max(scale, std::abs(wp[i]));
  const double tol = tol_for(want.dtype());
  for (int64_t i = 0; i < wc.size(); ++i) {
    const bool gn = std::isnan(gp[i].real()) || std::isnan(gp[i].imag());
    const bool wn = std::isnan(wp[i].real()) || std::isnan(wp[i].imag());
    if (gn != wn) return "NaN position " + std::to_string(i);
    if (wn) continue;
    for (int part = 0; part < 2; ++part) {
      const double a = part ? gp[i].imag() : gp[i].real(), b = part ? wp[i].imag() : wp[i].real();
      if (std::isinf(b) || std::isinf(a)) {
        if (a != b) return "inf at " + std::to_string(i);
        continue;
      }
      if (std::abs(a - b) > tol * (std::abs(b) + scale))
        return "value at " + std::to_string(i) + ": " + std::to_string(a) + " vs " + std::to_string(b);
    }
  }
  return "";
}

TEST(ReduceNumpy, AllCasesMatch) {
  std::ifstream mf(kDir + "manifest.txt");
  ASSERT_TRUE(mf.good());
  std::map<std::string, nd::array> inputs, blobs;
  const nd::array mask = nd::load(kDir + "where_mask.npy");
  std::string line;
  int cases = 0, failures = 0;
  while (std::getline(mf, line)) {
    std::istringstream ls(line);
    std::string var, dt, func, axis, kd, initial, odt, shape, offset;
    ls >> var >> dt >> func >> axis >> kd >> initial >> odt >> shape >> offset;
    const nd::dtype dtype = nd::dtype::from_string(dt);
    const std::string src = var == "special" ? "special" : "base";
    const std::string key = src + "_" + dt;
    if (!inputs.count(key) && var != "empty") inputs[key] = nd::load(kDir + "in_" + key + ".npy");
    nd::array x;
    if (var == "rev") x = inputs[key](nd::slice(nd::none, nd::none, -1), nd::all, nd::slice(nd::none, nd::none, 2));
    else if (var == "tr") x = nd::transpose(inputs[key], std::vector<int64_t>{2, 0, 1});
    else if (var == "empty") x = nd::zeros({0, 3, 2}, dtype);
    else if (var == "scalar") x = inputs[key](1, 2, 3);
    else x = inputs[key];
    // A complex product through infinities makes NaN parts depending on the multiplication
    // order (NumPy's is sequential, nd's the tree): those cases are not comparable.
    if (var == "special" && dtype.is_complex() && func.find("prod") != std::string::npos) continue;
    std::optional<nd::array> where;
    if (var == "where") where = mask;
    ++cases;
    if (odt == "err") {
      bool threw = false;
      try {
        call(func, x, axis, kd == "1", where, initial);
      } catch (const std::exception&) {
        threw = true;
      }
      if (!threw && ++failures < 30) ADD_FAILURE() << line << ": expected an exception";
      continue;
    }
    const std::string bkey = var + "_" + dt;
    if (!blobs.count(bkey)) blobs[bkey] = nd::load(kDir + "out_" + bkey + ".npy");
    const nd::array& blob = blobs[bkey];
    const char* p = static_cast<const char*>(blob.raw_data()) + std::stoll(offset);
    const nd::array want = nd::array::wrap(const_cast<char*>(p), parse_list(shape), nd::dtype::from_string(odt),
                                           blob.buffer_ptr(), std::nullopt, false);
    std::string diff;
    try {
      diff = compare(call(func, x, axis, kd == "1", where, initial), want);
    } catch (const std::exception& e) {
      diff = std::string("threw ") + e.what();
    }
    if (!diff.empty() && ++failures < 30) ADD_FAILURE() << line << ": " << diff;
  }
  EXPECT_EQ(failures, 0);
  EXPECT_GT(cases, 4000);
}

// ---- errors ----

TEST(ReduceErrors, BadAxisNamesAxisAndDimension) {
  EXPECT_THAT([] { nd::sum(nd::zeros({2, 3}), 2); },
              testing::ThrowsMessage<nd::axis_error>(HasSubstr("axis 2 is out of bounds for array of dimension 2")));
  EXPECT_THAT([] { nd::mean(nd::zeros({2, 3}), -3); },
              testing::ThrowsMessage<nd::axis_error>(HasSubstr("axis -3 is out of bounds for array of dimension 2")));
  EXPECT_THAT([] { nd::argmax(nd::zeros({2, 3}), 5); }, testing::Throws<nd::axis_error>());
}

TEST(ReduceErrors, RepeatedAxis) {
  EXPECT_THAT([] { nd::sum(nd::zeros({2, 3}), std::vector<int64_t>{0, -2}); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("duplicate value in 'axis'")));
}

TEST(ReduceErrors, EmptyWithoutIdentity) {
  EXPECT_THAT([] { nd::max(nd::zeros({0})); },
              testing::ThrowsMessage<nd::value_error>(
                  HasSubstr("zero-size array to reduction operation maximum which has no identity")));
  EXPECT_THAT([] { nd::min(nd::zeros({0, 3}), 0); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("reduction operation minimum")));
  EXPECT_THAT([] { nd::argmax(nd::zeros({0})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("attempt to get argmax of an empty sequence")));
  EXPECT_THAT([] { nd::nanargmin(nd::full({3}, std::nan(""))); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("All-NaN slice encountered")));
  nd::reduce_options o;
  o.initial = -5.0;
  EXPECT_EQ(nd::max(nd::zeros({0}), o).item<double>(), -5.0);
}

TEST(ReduceErrors, WrongOutShape) {
  nd::reduce_options o;
  o.axis = std::vector<int64_t>{0};
  o.out = nd::zeros({2});
  EXPECT_THAT([&] { nd::sum(nd::zeros({2, 3}), o); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr("output array has shape (2,) but the result has shape (3,)")));
}

TEST(ReduceErrors, WhereNeedsInitialForMax) {
  nd::reduce_options o;
  o.where = nd::array({true, false});
  EXPECT_THAT([&] { nd::max(nd::zeros({2}), o); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("to use a where mask one has to specify 'initial'")));
}

// ---- options ----

TEST(ReduceOptions, OutDtypeAndKeepdims) {
  const nd::array a = nd::arange(6).reshape({2, 3});
  nd::reduce_options o;
  o.axis = std::vector<int64_t>{1};
  o.out = nd::zeros({2}, nd::float32);
  const nd::array r = nd::sum(a, o);
  EXPECT_EQ(r.dtype(), nd::float32);
  EXPECT_EQ(o.out->at<float>({1}), 12.0f);  // written in place
  nd::reduce_options d;
  d.dtype = nd::int8;
  EXPECT_EQ(nd::sum(nd::full({200}, int8_t{1}), d).item<int64_t>(), -56);  // wraps in int8
  EXPECT_EQ(nd::sum(a, 0, true).shape(), (nd::shape_t{1, 3}));
  EXPECT_EQ(nd::sum(a, std::vector<int64_t>{0, 1}).item<int64_t>(), 15);
  EXPECT_EQ(nd::sum(nd::array(-0.0)).item<double>(), 0.0);
  EXPECT_FALSE(std::signbit(nd::sum(nd::full({3}, -0.0)).item<double>()));  // NumPy starts from +0
}

TEST(ReduceOptions, CumsumOutAndDtype) {
  const nd::array a = nd::arange(5);
  nd::array out = nd::zeros({5});
  nd::cumsum(a, 0, std::nullopt, out);
  EXPECT_EQ(out.at<double>({4}), 10.0);
  EXPECT_EQ(nd::cumprod(a + 1, std::nullopt, nd::float32).at<float>({4}), 120.0f);
}

// ---- determinism and accuracy ----

nd::array random_array(int64_t n, nd::dtype dt, uint32_t seed, double offset = 0.0) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> v(static_cast<size_t>(n));
  for (auto& x : v) x = offset + u(gen) * std::pow(10.0, u(gen) * 6);
  return nd::from_vector(std::move(v)).astype(dt);
}

bool same_bits(const nd::array& a, const nd::array& b) {
  const nd::array x = nd::ascontiguousarray(a), y = nd::ascontiguousarray(b);
  return x.shape() == y.shape() && x.dtype() == y.dtype() &&
         std::memcmp(x.raw_data(), y.raw_data(), static_cast<size_t>(x.nbytes())) == 0;
}

TEST(SumDeterminism, IdenticalBitsFor123Threads) {
  const int saved = nd::get_num_threads();
  const nd::array x = random_array(1000003, nd::float64, 1);
  const nd::array m = random_array(600 * 1001, nd::float32, 2).reshape({600, 1001});
  const nd::array c = random_array(2 * 70001, nd::float64, 3).reshape({70001, 2}).astype(nd::complex128);
  std::vector<nd::array> results;
  for (int t : {1, 2, 3}) {
    nd::set_num_threads(t);
    std::vector<nd::array> r = {nd::sum(x),         nd::mean(x),     nd::var(x),          nd::sum(m, 0),
                                nd::sum(m, 1),      nd::sum(m),      nd::sum(c, 0),       nd::prod(m, 0),
                                nd::std(m, 0),      nd::nansum(x),   nd::sum(x(nd::slice(nd::none, nd::none, -3)))};
    if (results.empty()) {
      results = r;
    } else {
      for (size_t i = 0; i < r.size(); ++i) EXPECT_TRUE(same_bits(r[i], results[i])) << "result " << i << " threads " << t;
    }
  }
  nd::set_num_threads(saved);
}

TEST(SumDeterminism, LayoutIndependent) {
  // The tree depends on indices only: axis 0 of a C array (rows added into accumulator rows)
  // equals axis 1 of its transposed copy (contiguous inner sums), bit for bit.
  const nd::array m = random_array(777 * 129, nd::float64, 4).reshape({777, 129});
  const nd::array t = nd::ascontiguousarray(nd::transpose(m));
  EXPECT_TRUE(same_bits(nd::sum(m, 0), nd::sum(t, 1)));
  EXPECT_TRUE(same_bits(nd::sum(m, 1), nd::sum(nd::transpose(t), 1)));
  // Contiguous runs (the vectorised leaf kernel) against the same values at stride 2
  // (the generic loop), whole-array and per row, with partial last leaves.
  for (const nd::dtype dt : {nd::float64, nd::float32, nd::complex128, nd::int32}) {
    for (const int64_t n : {int64_t{5}, int64_t{128}, int64_t{1000}, int64_t{300007}}) {
      const nd::array x = random_array(n, nd::float64, 8).astype(dt);
      nd::array wide = nd::zeros({n, 2}, dt);
      wide(nd::all, 1).assign(x);
      const nd::array strided = wide(nd::all, 1);
      EXPECT_TRUE(same_bits(nd::sum(x), nd::sum(strided))) << dt.name() << " n=" << n;
      EXPECT_TRUE(same_bits(nd::prod(x), nd::prod(strided))) << dt.name() << " n=" << n;
      EXPECT_TRUE(same_bits(nd::max(x), nd::max(strided))) << dt.name() << " n=" << n;
    }
  }
}

TEST(SumPartial, AnySplitAtLeavesEqualsWhole) {
  const nd::array x = random_array(20000 + 77, nd::float64, 5);
  const nd::array whole = nd::sum(x);
  std::mt19937 gen(6);
  const int64_t leaves = (x.size() + nd::reduce_leaf_size - 1) / nd::reduce_leaf_size;
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<int64_t> cuts = {0, x.size()};
    const int k = 1 + static_cast<int>(gen() % 7);
    for (int i = 0; i < k; ++i) cuts.push_back(static_cast<int64_t>(gen() % static_cast<uint32_t>(leaves)) * nd::reduce_leaf_size);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::optional<nd::sum_partial> acc;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      auto p = nd::sum_partial_of(x(nd::slice(cuts[i], cuts[i + 1])), cuts[i]);
      acc = acc ? nd::sum_combine(*acc, p) : p;
    }
    EXPECT_TRUE(same_bits(nd::sum_finish(*acc), whole)) << "trial " << trial;
  }
  // Along one axis of a 2-D array, with where= and keepdims.
  const nd::array m = random_array(5 * 1000, nd::float32, 7).reshape({5, 1000});
  nd::reduce_options o;
  o.axis = std::vector<int64_t>{1};
  o.where = nd::greater(m, 0.0f);
  auto piece_opts = [&](int64_t a, int64_t b) {
    nd::reduce_options po = o;
    po.where = (*o.where)(nd::all, nd::slice(a, b));
    return po;
  };
  auto p = nd::sum_combine(nd::sum_partial_of(m(nd::all, nd::slice(0, 256)), 0, piece_opts(0, 256)),
                           nd::sum_partial_of(m(nd::all, nd::slice(256, 1000)), 256, piece_opts(256, 1000)));
  nd::reduce_options fo;
  fo.keepdims = true;
  o.keepdims = true;
  EXPECT_TRUE(same_bits(nd::sum_finish(p, fo), nd::sum(m, o)));
  EXPECT_THROW(nd::sum_partial_of(x, 5), nd::value_error);
}

// NumPy's pairwise_sum for a contiguous float32 run (blocks of 128, 8 accumulators).
float numpy_pairwise(const float* a, int64_t n) {
  if (n < 8) {
    float r = -0.0f;
    for (int64_t i = 0; i < n; ++i) r += a[i];
    return r;
  }
  if (n <= 128) {
    float r[8];
    for (int k = 0; k < 8; ++k) r[k] = a[k];
    int64_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (int k = 0; k < 8; ++k) r[k] += a[i + k];
    float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpy_pairwise(a, n2) + numpy_pairwise(a + n2, n - n2);
}

TEST(SumAccuracy, AtLeastAsGoodAsNumpyPairwise) {
  double err_nd = 0, err_np = 0, err_naive = 0;
  for (uint32_t seed = 10; seed < 16; ++seed) {
    // Adversarial for float32: a large common offset plus values spanning many magnitudes.
    const nd::array x = random_array((1 << 20) + 3 * seed, nd::float32, seed, 1000.0);
    const float* p = x.data<float>();
    long double ref = 0;
    float naive = 0;
    for (int64_t i = 0; i < x.size(); ++i) {
      ref += p[i];
      naive += p[i];
    }
    err_nd += std::abs(static_cast<long double>(nd::sum(x).item<float>()) - ref);
    err_np += std::abs(static_cast<long double>(numpy_pairwise(p, x.size())) - ref);
    err_naive += std::abs(static_cast<long double>(naive) - ref);
  }
  std::cout << "float32 sum |error| over 6 inputs: nd " << err_nd << ", numpy pairwise " << err_np << ", naive "
            << err_naive << "\n";
  EXPECT_LE(err_nd, err_np * 1.25 + 1.0);
  EXPECT_LT(err_nd * 10, err_naive);
  // Along axis 0 NumPy adds rows one after another; nd keeps the tree.
  const nd::array m = random_array((1 << 16) * 4, nd::float32, 20, 1000.0).reshape({1 << 16, 4});
  const nd::array s = nd::sum(m, 0);
  for (int64_t j = 0; j < 4; ++j) {
    long double ref = 0;
    float seq = 0;
    for (int64_t i = 0; i < m.shape(0); ++i) {
      ref += m.at<float>({i, j});
      seq += m.at<float>({i, j});
    }
    EXPECT_LT(std::abs(s.at<float>({j}) - ref) * 10, std::abs(seq - ref) + 1e-3L) << j;
  }
}

}  // namespace

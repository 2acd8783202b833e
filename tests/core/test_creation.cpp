// nd/creation.hpp: constructors against NumPy's results (tests/data/creation_cases.txt
// holds NumPy's arange / linspace / logspace outputs as exact hex floats).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "nd/array.hpp"

using testing::HasSubstr;
using testing::ThrowsMessage;

namespace {

std::vector<double> as_doubles(const nd::array& a) {
  nd::array d = nd::ascontiguousarray(a, nd::float64);
  const double* p = d.data<double>();
  return std::vector<double>(p, p + a.size());
}

std::vector<double> read_values(std::istringstream& ss, int64_t n) {
  std::vector<double> v;
  for (int64_t i = 0; i < n; ++i) {
    std::string t;
    ss >> t;
    v.push_back(std::strtod(t.c_str(), nullptr));
  }
  return v;
}

double hexd(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

}  // namespace

TEST(Creation, FilledArrays) {
  nd::array z = nd::zeros({2, 3}, nd::int16);
  EXPECT_EQ(z.dtype(), nd::int16);
  for (double v : as_doubles(z)) EXPECT_EQ(v, 0.0);
  for (double v : as_doubles(nd::ones({4}, nd::complex64))) EXPECT_EQ(v, 1.0);
  nd::array f = nd::full({2, 2}, 7);
  EXPECT_EQ(f.dtype(), nd::int32);
  EXPECT_EQ(f.at<int32_t>({1, 1}), 7);
  EXPECT_EQ(nd::full({3}, 2.5, nd::int8).at<int8_t>({2}), 2);
  nd::array fo = nd::ones({2, 3}, nd::float64, nd::order::F);
  EXPECT_TRUE(fo.is_f_contiguous());
  EXPECT_THROW(nd::zeros({-1}), nd::value_error);
  EXPECT_THAT([] { nd::empty({int64_t{1} << 40, int64_t{1} << 40}); },
              ThrowsMessage<nd::alloc_error>(HasSubstr("[empty]")));
  EXPECT_THROW(nd::empty({int64_t{1} << 62}, nd::float64), nd::alloc_error);  // bytes overflow
  EXPECT_THROW(nd::empty({2}, nd::float64, nd::order::K), nd::value_error);
}

TEST(Creation, LikeKeepsLayout) {
  nd::array a = nd::transpose(nd::zeros({3, 4}, nd::float32));
  nd::array e = nd::empty_like(a);
  EXPECT_EQ(e.shape(), (nd::shape_t{4, 3}));
  EXPECT_EQ(e.dtype(), nd::float32);
  EXPECT_TRUE(e.is_f_contiguous());
  EXPECT_TRUE(nd::zeros_like(a, nd::int8, nd::order::C).is_c_contiguous());
  EXPECT_EQ(nd::ones_like(a).at<float>({3, 2}), 1.0f);
  EXPECT_EQ(nd::full_like(a, nd::array(4.5)).at<float>({0, 0}), 4.5f);
}

TEST(Creation, ArangeLinspaceLogspaceMatchNumpy) {
  std::ifstream in(std::string(ND_TEST_DATA_DIR) + "/creation_cases.txt");
  ASSERT_TRUE(in.good());
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string kind;
    ss >> kind;
    nd::array got;
    int64_t n = 0;
    if (kind == "arange" || kind == "arangei") {
      std::string a, b, c, dts;
      ss >> a >> b >> c >> dts >> n;
      const nd::dtype dt = nd::dtype::from_string(dts);
      got = kind == "arange" ? nd::arange_float(hexd(a), hexd(b), hexd(c), dt)
                             : nd::arange_int(std::stoll(a), std::stoll(b), std::stoll(c), dt);
      EXPECT_EQ(got.dtype(), dt) << line;
    } else if (kind == "linspace") {
      std::string a, b, dts, step;
      int64_t num;
      int endpoint;
      ss >> a >> b >> num >> endpoint >> dts >> step >> n;
      const nd::dtype dt = nd::dtype::from_string(dts);
      auto [arr, st] = nd::linspace_step(hexd(a), hexd(b), num, endpoint != 0, dt);
      got = arr;
      EXPECT_EQ(got.dtype(), dt) << line;
      const double want_step = hexd(step);
      if (std::isnan(want_step)) EXPECT_TRUE(std::isnan(st)) << line;
      else EXPECT_EQ(st, want_step) << line;
    } else if (kind == "logspace") {
      std::string a, b, base;
      int64_t num;
      int endpoint;
      ss >> a >> b >> num >> endpoint >> base >> n;
      got = nd::logspace(hexd(a), hexd(b), num, endpoint != 0, hexd(base));
    } else {
      continue;
    }
    ++cases;
    ASSERT_EQ(got.size(), n) << line;
    const auto want = read_values(ss, n), have = as_doubles(got);
    if (kind == "logspace") {
      // NumPy's power uses SVML on AVX-512 machines, which may differ from libm's pow
      // in the last bit: allow 2 ulp here, exact everywhere else.
      for (int64_t i = 0; i < n; ++i) EXPECT_NEAR(have[i], want[i], 2 * std::abs(want[i]) * 2.3e-16) << line;
    } else {
      EXPECT_EQ(have, want) << line;
    }
  }
  EXPECT_GT(cases, 100);
}

TEST(Creation, ArangeDefaultsAndErrors) {
  nd::array a = nd::arange(5);
  EXPECT_EQ(a.dtype(), nd::int64);
  EXPECT_EQ(a.at<int64_t>({4}), 4);
  EXPECT_EQ(nd::arange(0.0, 1.0, 0.25).dtype(), nd::float64);
  EXPECT_EQ(nd::arange(1, 2.5).size(), 2);
  EXPECT_THROW(nd::arange(0, 10, 0), nd::value_error);
  EXPECT_THROW(nd::arange_int(0, 5, 1, nd::bool_), nd::value_error);
  EXPECT_THROW(nd::linspace(0, 1, -1), nd::value_error);
}

TEST(Creation, EyeAndIdentity) {
  nd::array e = nd::eye(3, 4, 1, nd::int32);
  EXPECT_EQ(e.shape(), (nd::shape_t{3, 4}));
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j) EXPECT_EQ(e.at<int32_t>({i, j}), j == i + 1 ? 1 : 0);
  nd::array l = nd::eye(4, 2, -1, nd::float64, nd::order::F);
  EXPECT_TRUE(l.is_f_contiguous());
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 2; ++j) EXPECT_EQ(l.at<double>({i, j}), i == j + 1 ? 1.0 : 0.0);
  EXPECT_EQ(nd::eye(2, 2, 5).at<double>({0, 1}), 0.0);
  nd::array id = nd::identity(3, nd::bool_);
  EXPECT_TRUE(id.at<bool>({2, 2}));
  EXPECT_FALSE(id.at<bool>({2, 1}));
}

TEST(Creation, FromVectorIsZeroCopy) {
  std::vector<float> v{1, 2, 3, 4, 5, 6};
  const float* p = v.data();
  nd::array a = nd::from_vector(std::move(v), nd::shape_t{2, 3});
  EXPECT_EQ(a.data<float>(), p);
  EXPECT_EQ(a.at<float>({1, 2}), 6.0f);
  EXPECT_THAT([] { nd::from_vector(std::vector<double>(5), nd::shape_t{2, 3}); },
              ThrowsMessage<nd::shape_error>(HasSubstr("cannot reshape array of size 5 into shape (2, 3)")));
  nd::array b = nd::from_vector(std::vector<bool>{true, false, true});
  EXPECT_EQ(b.dtype(), nd::bool_);
  EXPECT_TRUE(b.at<bool>({2}));
}

TEST(Creation, CopyAstypeAndContiguity) {
  nd::array a = nd::arange(6).reshape({2, 3});
  nd::array t = nd::transpose(a);
  nd::array ck = t.copy();  // order K keeps the transposed layout
  EXPECT_TRUE(ck.is_f_contiguous());
  EXPECT_FALSE(ck.shares_buffer(a));
  EXPECT_TRUE(t.copy(nd::order::C).is_c_contiguous());
  nd::array c = nd::ascontiguousarray(t);
  EXPECT_TRUE(c.is_c_contiguous());
  EXPECT_EQ(c.at<int64_t>({2, 1}), 5);
  EXPECT_TRUE(nd::ascontiguousarray(a).shares_buffer(a));
  EXPECT_TRUE(nd::asfortranarray(t).shares_buffer(a));
  EXPECT_EQ(nd::ascontiguousarray(nd::array(3.0)).shape(), (nd::shape_t{1}));
  nd::array f = a.astype(nd::float32);
  EXPECT_EQ(f.dtype(), nd::float32);
  EXPECT_EQ(f.at<float>({1, 2}), 5.0f);
  EXPECT_TRUE(a.astype(nd::int64, nd::casting::unsafe, false).shares_buffer(a));
  EXPECT_THROW(a.astype(nd::int8, nd::casting::safe), nd::dtype_error);
  EXPECT_NO_THROW(a.astype(nd::int8, nd::casting::same_kind));
}

TEST(Creation, ArangeEdgeRulesAsNumpy) {
  EXPECT_EQ(nd::arange_float(0, 1e-300, 1e300).size(), 1);  // quotient underflows to zero
  EXPECT_EQ(nd::arange_float(0, 1, INFINITY).size(), 1);
  EXPECT_EQ(nd::arange_float(0, -1, INFINITY).size(), 0);
  EXPECT_THAT([] { nd::arange_int(0, 600, 300, nd::uint8); },
              ThrowsMessage<nd::value_error>(HasSubstr("Python integer 300 out of bounds for uint8")));
  EXPECT_THROW(nd::arange_int(-5, 5, 3, nd::uint8), nd::value_error);
  EXPECT_EQ(nd::arange_int(0, 200, 100, nd::uint8).at<uint8_t>({1}), 100);
}

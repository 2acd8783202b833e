// nd/interop.hpp: Eigen maps and xtensor adaptors of nd arrays share memory (writes are
// seen on both sides), strides carry over, and foreign objects come back as nd views.
#include <gtest/gtest.h>

#include <memory>

#include "nd/array.hpp"
#include "nd/interop.hpp"

namespace {

#ifdef ND_TEST_EIGEN
TEST(InteropEigen, MapSharesMemoryWithStrides) {
  nd::array a = nd::arange(12).astype(nd::float64).reshape({3, 4});
  auto m = nd::interop::as_eigen<double>(a);
  EXPECT_EQ(m.rows(), 3);
  EXPECT_EQ(m.cols(), 4);
  EXPECT_EQ(m(2, 1), 9.0);
  m(0, 0) = 100.0;
  EXPECT_EQ(a.at<double>({0, 0}), 100.0);
  // A transposed, strided view: no copy, the strides say where elements are.
  nd::array t = nd::transpose(a)(nd::slice(nd::none, nd::none, 2), nd::all);  // shape (2, 3)
  const auto mt = nd::interop::as_eigen<double>(static_cast<const nd::array&>(t));
  EXPECT_EQ(mt.rows(), 2);
  EXPECT_EQ(mt(1, 2), a.at<double>({2, 2}));
  EXPECT_EQ(mt.data(), static_cast<const double*>(t.raw_data()));
  // Eigen arithmetic on the map agrees with nd's matmul.
  const Eigen::MatrixXd prod = m * m.transpose();
  const nd::array want = nd::matmul(a, nd::transpose(a));
  EXPECT_DOUBLE_EQ(prod(1, 2), want.at<double>({1, 2}));
  EXPECT_THROW(nd::interop::as_eigen<float>(a), nd::dtype_error);
  EXPECT_THROW(nd::interop::as_eigen<double>(nd::flip(a, 0)), nd::value_error);
  EXPECT_THROW(nd::interop::as_eigen<double>(nd::zeros({2, 2, 2})), nd::value_error);
}

TEST(InteropEigen, FromEigenViewsColumnMajorStorage) {
  auto owner = std::make_shared<Eigen::MatrixXf>(2, 3);  // column-major
  *owner << 1, 2, 3, 4, 5, 6;
  nd::array v = nd::interop::from_eigen(*owner, owner);
  EXPECT_EQ(v.shape(), (nd::shape_t{2, 3}));
  EXPECT_EQ(v.dtype(), nd::float32);
  EXPECT_TRUE(v.is_f_contiguous());
  EXPECT_EQ(v.at<float>({1, 0}), 4.0f);
  v.at<float>({0, 2}) = 30.0f;
  EXPECT_EQ((*owner)(0, 2), 30.0f);
  // A block keeps the parent's outer stride.
  auto blk = owner->block(0, 1, 2, 2);
  nd::array b = nd::interop::from_eigen(blk, owner);
  EXPECT_EQ(b.at<float>({1, 1}), 6.0f);
  EXPECT_EQ(b.strides()[1], 2 * 4);
}
#endif

#ifdef ND_TEST_XTENSOR
TEST(InteropXtensor, AdaptSharesMemoryWithStrides) {
  nd::array a = nd::arange(24).reshape({2, 3, 4});
  auto x = nd::interop::as_xtensor<int64_t>(a);
  EXPECT_EQ(x.dimension(), 3u);
  EXPECT_EQ(x(1, 2, 3), 23);
  x(0, 1, 2) = -5;
  EXPECT_EQ(a.at<int64_t>({0, 1, 2}), -5);
  nd::array s = a(nd::all, nd::slice(nd::none, nd::none, 2), nd::slice(1, nd::none, 2));  // (2, 2, 2)
  auto xs = nd::interop::as_xtensor<int64_t>(s);
  EXPECT_EQ(xs(1, 1, 1), a.at<int64_t>({1, 2, 3}));
  EXPECT_EQ(xs(0, 0, 0), a.at<int64_t>({0, 0, 1}));
  EXPECT_THROW(nd::interop::as_xtensor<double>(a), nd::dtype_error);
}

TEST(InteropXtensor, FromXtensorRoundTrips) {
  auto owner = std::make_shared<xt::xarray<double>>(xt::xarray<double>{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  nd::array v = nd::interop::from_xtensor(*owner, owner);
  EXPECT_EQ(v.shape(), (nd::shape_t{2, 3}));
  EXPECT_EQ(v.at<double>({1, 2}), 6.0);
  v.at<double>({0, 0}) = 10.0;
  EXPECT_EQ((*owner)(0, 0), 10.0);
  EXPECT_DOUBLE_EQ(nd::sum(v).item<double>(), 30.0);
}
#endif

// Both libraries are dependencies of the test suite (Makefile DEB_PACKAGES): their absence
// is a failure, not a silent skip.
TEST(Interop, LibrariesFound) {
#ifndef ND_TEST_EIGEN
  ADD_FAILURE() << "Eigen3 not found: install libeigen3-dev";
#endif
#ifndef ND_TEST_XTENSOR
  ADD_FAILURE() << "xtensor not found: install libxtensor-dev";
#endif
  SUCCEED();
}

}  // namespace

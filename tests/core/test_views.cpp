// nd/views.hpp: reshape, ravel, transpose and friends, as views where NumPy gives views.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nd/array.hpp"

using testing::HasSubstr;
using testing::ThrowsMessage;

TEST(Views, ReshapeIsAViewWhenStridesAllow) {
  nd::array a = nd::arange(24);
  nd::array r = nd::reshape(a, {2, -1, 4});
  EXPECT_EQ(r.shape(), (nd::shape_t{2, 3, 4}));
  EXPECT_TRUE(r.shares_buffer(a));
  nd::array t = nd::transpose(r);  // (4, 3, 2), F-contiguous
  nd::array tf = nd::reshape(t, {4, 6}, nd::order::F);
  EXPECT_TRUE(tf.shares_buffer(a));
  nd::array tc = nd::reshape(t, {4, 6});  // needs a copy
  EXPECT_FALSE(tc.shares_buffer(a));
  EXPECT_EQ(tc.at<int64_t>({1, 0}), 1);
  EXPECT_EQ(tc.at<int64_t>({0, 1}), 12);
  // Splitting one strided axis stays a view.
  nd::array s = a(nd::slice(nd::none, nd::none, 2)).reshape({3, 4});
  EXPECT_TRUE(s.shares_buffer(a));
  EXPECT_EQ(s.at<int64_t>({2, 3}), 22);
  EXPECT_THAT([&] { a.reshape({5, 5}); },
              ThrowsMessage<nd::shape_error>(HasSubstr("cannot reshape array of size 24 into shape (5, 5)")));
  EXPECT_THAT([] { nd::arange(6).reshape({4, 2}); },
              ThrowsMessage<nd::shape_error>(HasSubstr("cannot reshape array of size 6 into shape (4, 2)")));
  EXPECT_THROW(a.reshape({-1, -1}), nd::value_error);
  EXPECT_EQ(nd::zeros({0, 3}).reshape({3, 0, 5}).shape(), (nd::shape_t{3, 0, 5}));
}

TEST(Views, RavelAndFlatten) {
  nd::array a = nd::arange(6).reshape({2, 3});
  EXPECT_TRUE(nd::ravel(a).shares_buffer(a));
  nd::array rf = nd::ravel(a, nd::order::F);
  EXPECT_EQ(rf.at<int64_t>({1}), 3);
  nd::array rk = nd::ravel(nd::transpose(a), nd::order::K);
  EXPECT_TRUE(rk.shares_buffer(a));
  EXPECT_EQ(rk.at<int64_t>({1}), 1);
  nd::array fl = nd::flatten(a);
  EXPECT_FALSE(fl.shares_buffer(a));
  EXPECT_EQ(fl.at<int64_t>({4}), 4);
  nd::array fa = nd::flatten(nd::transpose(a), nd::order::A);  // F-contiguous: memory order
  EXPECT_EQ(fa.at<int64_t>({1}), 1);
  EXPECT_EQ(nd::flatten(nd::transpose(a)).at<int64_t>({1}), 3);
}

TEST(Views, TransposeSwapMoveaxis) {
  nd::array a = nd::zeros({2, 3, 4, 5});
  EXPECT_EQ(nd::transpose(a).shape(), (nd::shape_t{5, 4, 3, 2}));
  EXPECT_EQ(nd::permute_dims(a, {1, 0, 3, 2}).shape(), (nd::shape_t{3, 2, 5, 4}));
  EXPECT_EQ(nd::swapaxes(a, 0, -1).shape(), (nd::shape_t{5, 3, 4, 2}));
  EXPECT_EQ(nd::moveaxis(a, 0, -1).shape(), (nd::shape_t{3, 4, 5, 2}));
  EXPECT_EQ(nd::moveaxis(a, {0, 1}, {-1, -2}).shape(), (nd::shape_t{4, 5, 3, 2}));
  EXPECT_EQ(nd::matrix_transpose(a).shape(), (nd::shape_t{2, 3, 5, 4}));
  EXPECT_THROW(nd::permute_dims(a, {0, 0, 1, 2}), nd::value_error);
  EXPECT_THAT([&] { nd::swapaxes(a, 0, 4); },
              ThrowsMessage<nd::axis_error>(HasSubstr("axis 4 is out of bounds for array of dimension 4")));
}

TEST(Views, SqueezeExpandDims) {
  nd::array a = nd::zeros({1, 3, 1, 2});
  EXPECT_EQ(nd::squeeze(a).shape(), (nd::shape_t{3, 2}));
  EXPECT_EQ(nd::squeeze(a, std::vector<int64_t>{2}).shape(), (nd::shape_t{1, 3, 2}));
  EXPECT_THROW(nd::squeeze(a, std::vector<int64_t>{1}), nd::value_error);
  EXPECT_EQ(nd::expand_dims(nd::zeros({3, 2}), {0, -1}).shape(), (nd::shape_t{1, 3, 2, 1}));
  EXPECT_THROW(nd::expand_dims(nd::zeros({3}), {3}), nd::axis_error);
}

TEST(Views, BroadcastToAndArrays) {
  nd::array col = nd::arange(3).reshape({3, 1});
  nd::array b = nd::broadcast_to(col, {2, 3, 4});
  EXPECT_EQ(b.strides(), (nd::strides_t{0, 8, 0}));
  EXPECT_EQ(b.at<int64_t>({1, 2, 3}), 2);
  EXPECT_FALSE(b.writeable());
  EXPECT_THROW(nd::broadcast_to(col, {3, 2, 2}), nd::shape_error);
  auto v = nd::broadcast_arrays({col, nd::zeros({4}), nd::array(1.0)});
  for (const auto& x : v) EXPECT_EQ(x.shape(), (nd::shape_t{3, 4}));
  EXPECT_THROW(nd::broadcast_arrays({nd::zeros({2}), nd::zeros({3})}), nd::shape_error);
}

TEST(Views, DiagonalRealImag) {
  nd::array a = nd::arange(12).reshape({3, 4});
  nd::array d = nd::diagonal(a, 1);
  EXPECT_EQ(d.shape(), (nd::shape_t{3}));
  EXPECT_EQ(d.at<int64_t>({2}), 11);
  EXPECT_FALSE(d.writeable());
  EXPECT_EQ(nd::diagonal(a, -1).shape(), (nd::shape_t{2}));
  EXPECT_EQ(nd::diagonal(a, -1).at<int64_t>({1}), 9);
  EXPECT_EQ(nd::diagonal(a, 7).shape(), (nd::shape_t{0}));
  nd::array c{std::complex<double>(1, 2), std::complex<double>(3, 4)};
  nd::array im = nd::imag(c);
  EXPECT_EQ(im.dtype(), nd::float64);
  EXPECT_EQ(im.strides(), (nd::strides_t{16}));
  EXPECT_EQ(im.at<double>({1}), 4.0);
  im.fill(0.0);
  EXPECT_EQ(c.at<std::complex<double>>({1}), std::complex<double>(3, 0));
  EXPECT_EQ(nd::real(c).at<double>({0}), 1.0);
  EXPECT_FALSE(nd::imag(nd::zeros({2})).writeable());
}

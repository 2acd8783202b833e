// nd/interop.hpp: Eigen maps and xtensor adaptors of nd arrays share memory (writes are
// seen on both sides), strides carry over, and foreign objects come back as nd views;
// DLPack tensors go out and come in without copies, their deleters run exactly once.
#include <gtest/gtest.h>

#include <complex>
#include <memory>
#include <vector>

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

// ---- DLPack ----

TEST(InteropDlpack, ExportViewsMemoryAndKeepsItAlive) {
  nd::array a = nd::arange(12).reshape({3, 4});
  nd::array t = nd::transpose(a)(nd::slice(1, nd::none), nd::all);  // shape (3, 3), strided
  DLManagedTensor* m = nd::interop::to_dlpack(t);
  const void* data = t.raw_data();
  a = nd::array();
  t = nd::array();
  EXPECT_EQ(m->dl_tensor.data, data);
  ASSERT_EQ(m->dl_tensor.ndim, 2);
  EXPECT_EQ(m->dl_tensor.shape[0], 3);
  EXPECT_EQ(m->dl_tensor.shape[1], 3);
  EXPECT_EQ(m->dl_tensor.strides[0], 1);  // elements, not bytes
  EXPECT_EQ(m->dl_tensor.strides[1], 4);
  EXPECT_EQ(m->dl_tensor.dtype.code, kDLInt);
  EXPECT_EQ(m->dl_tensor.dtype.bits, 64);
  EXPECT_EQ(m->dl_tensor.device.device_type, kDLCPU);
  // element (2, 1) of the view is original (1, 3) = 7, still readable after the arrays went
  const auto* p = static_cast<const int64_t*>(m->dl_tensor.data);
  EXPECT_EQ(p[2 * m->dl_tensor.strides[0] + 1 * m->dl_tensor.strides[1]], 7);
  m->deleter(m);
}

TEST(InteropDlpack, RoundTripSharesMemoryAndDeletesOnce) {
  nd::array a = nd::linspace(0.0, 1.0, 6).astype(nd::complex64).reshape({2, 3});
  nd::array b = nd::interop::from_dlpack(nd::interop::to_dlpack(a));
  EXPECT_EQ(b.raw_data(), a.raw_data());
  EXPECT_EQ(b.dtype(), nd::complex64);
  EXPECT_EQ(b.shape(), a.shape());
  EXPECT_EQ(b.strides(), a.strides());
  b.at<std::complex<float>>({1, 2}) = {5.0f, -1.0f};
  EXPECT_EQ((a.at<std::complex<float>>({1, 2})), std::complex<float>(5.0f, -1.0f));
}

struct counted_tensor {
  std::vector<double> data{1, 2, 3, 4, 5, 6};
  std::vector<int64_t> shape{3, 2};
  std::vector<int64_t> strides{1, 3};  // column-major, in elements
  int* deletions;
  DLManagedTensor m{};
  explicit counted_tensor(int* d) : deletions(d) {
    m.dl_tensor.data = data.data();
    m.dl_tensor.device.device_type = kDLCPU;
    m.dl_tensor.ndim = 2;
    m.dl_tensor.dtype = nd::interop::to_dl_dtype(nd::float64);
    m.dl_tensor.shape = shape.data();
    m.dl_tensor.strides = strides.data();
    m.manager_ctx = this;
    m.deleter = [](DLManagedTensor* self) {
      auto* c = static_cast<counted_tensor*>(self->manager_ctx);
      ++*c->deletions;
      delete c;
    };
  }
};

TEST(InteropDlpack, ImportDeletesOnceWhenTheLastViewDies) {
  int deletions = 0;
  auto* c = new counted_tensor(&deletions);
  nd::array a = nd::interop::from_dlpack(&c->m);
  EXPECT_EQ(a.strides(), (nd::strides_t{8, 24}));
  EXPECT_EQ(a.at<double>({2, 1}), 6.0);
  nd::array row = a[1];
  a = nd::array();
  EXPECT_EQ(deletions, 0);
  EXPECT_EQ(row.at<double>({1}), 5.0);
  row = nd::array();
  EXPECT_EQ(deletions, 1);
}

TEST(InteropDlpack, RefusedTensorsAreStillDeletedOnce) {
  int deletions = 0;
  auto* c = new counted_tensor(&deletions);
  c->m.dl_tensor.dtype.lanes = 4;
  EXPECT_THROW(nd::interop::from_dlpack(&c->m), nd::dtype_error);
  EXPECT_EQ(deletions, 1);
  c = new counted_tensor(&deletions);
  c->m.dl_tensor.device.device_type = kDLCUDA;
  EXPECT_THROW(nd::interop::from_dlpack(&c->m), nd::value_error);
  EXPECT_EQ(deletions, 2);
  EXPECT_THROW(nd::interop::from_dlpack(nullptr), nd::value_error);
}

TEST(InteropDlpack, DtypesMapBothWays) {
  for (int i = 0; i < nd::num_dtypes; ++i) {
    const nd::dtype dt(static_cast<nd::dtype_id>(i));
    const DLDataType t = nd::interop::to_dl_dtype(dt);
    EXPECT_EQ(t.bits, dt.itemsize() * 8) << dt.name();
    EXPECT_EQ(t.lanes, 1);
    EXPECT_EQ(nd::interop::from_dl_dtype(t), dt) << dt.name();
  }
  EXPECT_EQ(nd::interop::to_dl_dtype(nd::bool_).code, nd::interop::dl_bool_code);
  EXPECT_THROW(nd::interop::from_dl_dtype(DLDataType{kDLBfloat, 16, 1}), nd::dtype_error);
  EXPECT_THROW(nd::interop::from_dl_dtype(DLDataType{kDLFloat, 80, 1}), nd::dtype_error);
}

TEST(InteropDlpack, ExportRefusesReadOnlyAndPartialElementStrides) {
  nd::array a = nd::broadcast_to(nd::arange(3), {2, 3});  // read-only
  EXPECT_THROW(nd::interop::to_dlpack(a), nd::readonly_error);
  std::vector<char> bytes(64);
  nd::array odd = nd::array::wrap(bytes.data(), {3}, nd::int32, nullptr, nd::strides_t{6});
  EXPECT_THROW(nd::interop::to_dlpack(odd), nd::value_error);
}

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

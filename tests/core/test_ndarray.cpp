// nd/ndarray.hpp: the array, typed access, basic indexing, assignment with broadcasting
// and casting, including property tests over random shapes and strides.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "nd/array.hpp"

using testing::HasSubstr;
using testing::ThrowsMessage;

TEST(Array, AttributesOfANewArray) {
  nd::array a = nd::empty({2, 3, 4}, nd::float32);
  EXPECT_EQ(a.ndim(), 3);
  EXPECT_EQ(a.size(), 24);
  EXPECT_EQ(a.itemsize(), 4);
  EXPECT_EQ(a.nbytes(), 96);
  EXPECT_EQ(a.shape(), (nd::shape_t{2, 3, 4}));
  EXPECT_EQ(a.shape(-1), 4);
  EXPECT_EQ(a.strides(), (nd::strides_t{48, 16, 4}));
  EXPECT_TRUE(a.is_c_contiguous());
  EXPECT_FALSE(a.is_f_contiguous());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a.raw_data()) % 64, 0u);
  nd::array f = nd::empty({2, 3}, nd::int16, nd::order::F);
  EXPECT_EQ(f.strides(), (nd::strides_t{2, 4}));
  EXPECT_TRUE(f.is_f_contiguous());
}

TEST(Array, NestedInitializerLists) {
  nd::array a{{1.0, 2.0}, {3.0, 4.0}};
  EXPECT_EQ(a.dtype(), nd::float64);
  EXPECT_EQ(a.shape(), (nd::shape_t{2, 2}));
  EXPECT_EQ(a.at<double>({1, 0}), 3.0);
  nd::array b{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
  EXPECT_EQ(b.dtype(), nd::int32);
  EXPECT_EQ(b.at<int32_t>({1, 1, 0}), 7);
  nd::array c{true, false};
  EXPECT_EQ(c.dtype(), nd::bool_);
  auto ragged = [] { nd::array r{{1.0, 2.0}, {3.0}}; };
  EXPECT_THAT(ragged, ThrowsMessage<nd::shape_error>(HasSubstr("ragged")));
  nd::array s(2.5f);
  EXPECT_EQ(s.ndim(), 0);
  EXPECT_EQ(s.dtype(), nd::float32);
  EXPECT_EQ(s.item<double>(), 2.5);
}

TEST(Array, TypedAccessChecksDtypeAndBounds) {
  nd::array a = nd::zeros({2, 3});
  a.at<double>({1, -1}) = 5.0;
  EXPECT_EQ(a.data<double>()[5], 5.0);
  EXPECT_THAT([&] { a.at<float>({0, 0}); },
              ThrowsMessage<nd::dtype_error>(HasSubstr("requested element type float32 but the array has dtype float64")));
  EXPECT_THAT([&] { a.at<double>({2, 0}); },
              ThrowsMessage<nd::index_error>(HasSubstr("index 2 is out of bounds for axis 0 with size 2")));
  EXPECT_THROW(a.at<double>({0}), nd::index_error);
  EXPECT_THROW(a.data<int64_t>(), nd::dtype_error);
  EXPECT_THAT([&] { a.item<double>(); },
              ThrowsMessage<nd::value_error>(HasSubstr("can only convert an array of size 1")));
  EXPECT_EQ(a(1, 2).item<int>(), 5);
}

TEST(Array, WrapsForeignMemoryWithKeepAlive) {
  auto storage = std::make_shared<std::vector<int32_t>>(std::vector<int32_t>{1, 2, 3, 4, 5, 6});
  std::weak_ptr<std::vector<int32_t>> watch = storage;
  nd::array v;
  {
    nd::array a = nd::array::wrap(storage->data(), {2, 3}, nd::int32, storage);
    storage.reset();
    v = a(nd::all, 2);
  }
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(v.at<int32_t>({1}), 6);
  v = nd::array();
  EXPECT_TRUE(watch.expired());
  // Column-major foreign memory through explicit byte strides.
  double fdata[6] = {1, 2, 3, 4, 5, 6};
  nd::array f = nd::array::wrap(fdata, {2, 3}, nd::float64, nullptr, nd::strides_t{8, 16});
  EXPECT_TRUE(f.is_f_contiguous());
  EXPECT_EQ(f.at<double>({1, 2}), 6.0);
}

TEST(Array, ReadOnlyViewsRefuseWrites) {
  const double data[3] = {1, 2, 3};
  nd::array a = nd::array::wrap(const_cast<double*>(data), {3}, nd::float64, nullptr, std::nullopt, false);
  EXPECT_FALSE(a.writeable());
  EXPECT_THAT([&] { a.fill(1.0); }, ThrowsMessage<nd::readonly_error>(HasSubstr("read-only")));
  EXPECT_THROW(a.set_writeable(true), nd::value_error);
  nd::array b = nd::zeros({3});
  nd::array bv = nd::broadcast_to(b, {2, 3});
  EXPECT_THROW(bv.assign(nd::ones({2, 3})), nd::readonly_error);
  EXPECT_THROW(bv.at<double>({0, 0}) = 1.0, nd::readonly_error);
}

TEST(Index, IntegersSlicesNewaxisEllipsis) {
  nd::array a = nd::arange(24).reshape({2, 3, 4});
  nd::array v = a(1, nd::slice(nd::none, nd::none, -1), nd::slice(1, nd::none, 2));
  EXPECT_EQ(v.shape(), (nd::shape_t{3, 2}));
  EXPECT_EQ(v.at<int64_t>({0, 0}), 21);
  EXPECT_EQ(v.at<int64_t>({2, 1}), 15);
  EXPECT_TRUE(v.shares_buffer(a));
  nd::array e = a(nd::ellipsis, 0);
  EXPECT_EQ(e.shape(), (nd::shape_t{2, 3}));
  EXPECT_EQ(e.at<int64_t>({1, 2}), 20);
  nd::array n = a(nd::newaxis, nd::ellipsis, nd::newaxis);
  EXPECT_EQ(n.shape(), (nd::shape_t{1, 2, 3, 4, 1}));
  nd::array s = a(-1, -1, -1);
  EXPECT_EQ(s.ndim(), 0);
  EXPECT_EQ(s.item<int64_t>(), 23);
  EXPECT_EQ(a[1].shape(), (nd::shape_t{3, 4}));
  // Clipping as Python: out-of-range slice bounds are clipped, empty results are fine.
  EXPECT_EQ(a(nd::all, nd::slice(5, 100)).shape(), (nd::shape_t{2, 0, 4}));
  EXPECT_EQ(a(nd::all, nd::slice(-100, 2)).shape(), (nd::shape_t{2, 2, 4}));
  EXPECT_EQ(a(nd::all, nd::all, nd::slice(nd::none, nd::none, -3)).shape(), (nd::shape_t{2, 3, 2}));
  EXPECT_THAT([&] { a(0, 0, 0, 0); }, ThrowsMessage<nd::index_error>(HasSubstr("too many indices for array")));
  EXPECT_THAT([&] { a(2); }, ThrowsMessage<nd::index_error>(HasSubstr("index 2 is out of bounds for axis 0 with size 2")));
  EXPECT_THROW(a(nd::ellipsis, nd::ellipsis), nd::index_error);
  EXPECT_THROW(a(nd::slice(0, 2, 0)), nd::value_error);
}

TEST(Index, SliceIndicesAgreeWithPython) {
  // Expected values computed by Python's slice.indices for the same inputs.
  struct C {
    nd::slice s;
    int64_t n, start, stop, step, len;
  };
  const C cases[] = {{nd::slice(nd::none, nd::none, -1), 5, 4, -1, -1, 5},
                     {nd::slice(-2, nd::none), 5, 3, 5, 1, 2},
                     {nd::slice(10, -10, -2), 5, 4, -1, -2, 3},
                     {nd::slice(1, 4, 2), 5, 1, 4, 2, 2},
                     {nd::slice(3, 1), 5, 3, 1, 1, 0},
                     {nd::slice(nd::none, nd::none, -3), 0, -1, -1, -3, 0}};
  for (const auto& c : cases) {
    auto r = c.s.indices(c.n);
    EXPECT_EQ(r.start, c.start);
    EXPECT_EQ(r.stop, c.stop);
    EXPECT_EQ(r.step, c.step);
    EXPECT_EQ(r.length, c.len);
  }
}

TEST(Assign, BroadcastsAndCasts) {
  nd::array a = nd::zeros({2, 3}, nd::int32);
  a.assign(nd::array{1.9, -2.9, 3.5});
  EXPECT_EQ(a.at<int32_t>({1, 0}), 1);
  EXPECT_EQ(a.at<int32_t>({1, 1}), -2);
  EXPECT_THAT([&] { a.assign(nd::zeros({4})); },
              ThrowsMessage<nd::shape_error>(HasSubstr("could not broadcast input array from shape (4,) into shape (2, 3)")));
  EXPECT_THAT([&] { a.assign(nd::zeros({3}), nd::casting::safe); },
              ThrowsMessage<nd::dtype_error>(HasSubstr("from dtype('float64') to dtype('int32') according to the rule 'safe'")));
  // NumPy's results for out-of-range float to integer casts on x86-64.
  nd::array src{300.0, 1e10, -1.0, std::nan("")};
  nd::array i8 = src.astype(nd::int8);
  EXPECT_EQ(i8.at<int8_t>({0}), 44);
  EXPECT_EQ(i8.at<int8_t>({1}), 0);
  EXPECT_EQ(i8.at<int8_t>({2}), -1);
  EXPECT_EQ(i8.at<int8_t>({3}), 0);
  nd::array u64 = nd::array{-1.0, std::nan(""), 1e20}.astype(nd::uint64);
  EXPECT_EQ(u64.at<uint64_t>({0}), 18446744073709551615ull);
  EXPECT_EQ(u64.at<uint64_t>({1}), 9223372036854775808ull);
  EXPECT_EQ(u64.at<uint64_t>({2}), 0u);
  EXPECT_EQ(nd::array{1e10}.astype(nd::uint32).at<uint32_t>({0}), 1410065408u);
  // Complex to real keeps the real part; to bool tests both parts.
  nd::array c{std::complex<double>(0, 2), std::complex<double>(3.5, 0)};
  EXPECT_EQ(c.astype(nd::float32).at<float>({1}), 3.5f);
  EXPECT_EQ(c.astype(nd::bool_).at<bool>({0}), true);
  EXPECT_EQ(nd::array{2.0}.astype(nd::float16).at<nd::float16_t>({0}).get().bits, 0x4000);
}

TEST(Assign, OverlappingSourceAndDestination) {
  nd::array a = nd::arange(10);
  a(nd::slice(1, nd::none)).assign(a(nd::slice(nd::none, -1)));
  for (int64_t i = 1; i < 10; ++i) EXPECT_EQ(a.at<int64_t>({i}), i - 1);
  nd::array b = nd::arange(10);
  b.assign(b(nd::slice(nd::none, nd::none, -1)));
  for (int64_t i = 0; i < 10; ++i) EXPECT_EQ(b.at<int64_t>({i}), 9 - i);
  nd::array m = nd::arange(9).reshape({3, 3});
  m.assign(nd::transpose(m));
  EXPECT_EQ(m.at<int64_t>({0, 1}), 3);
  EXPECT_EQ(m.at<int64_t>({1, 0}), 1);
}

namespace {

// A random view of a fresh array: random shape, random slicing with negative steps,
// random transposition and sometimes a broadcast (zero-stride) axis for sources.
nd::array random_view(std::mt19937_64& rng, nd::dtype dt, bool allow_broadcast) {
  const int nd_ = static_cast<int>(rng() % 4);
  nd::shape_t base(nd_);
  for (auto& d : base) d = 1 + static_cast<int64_t>(rng() % 5);
  nd::array a = nd::empty(base, dt, rng() % 2 ? nd::order::C : nd::order::F);
  // Fill the bytes with a pattern so every dtype sees varied values (NaNs included).
  auto* p = static_cast<unsigned char*>(a.mutable_data());
  for (int64_t i = 0; i < a.nbytes(); ++i) p[i] = static_cast<unsigned char>(rng());
  std::vector<nd::index_item> idx;
  for (int d = 0; d < nd_; ++d) {
    const int64_t start = static_cast<int64_t>(rng() % 2);
    const int64_t step = (rng() % 2 ? 1 : -1) * (1 + static_cast<int64_t>(rng() % 2));
    idx.emplace_back(step > 0 ? nd::slice(start, nd::none, step) : nd::slice(nd::none, nd::none, step));
  }
  nd::array v = a.index(idx);
  std::vector<int64_t> perm(static_cast<size_t>(nd_));
  for (int i = 0; i < nd_; ++i) perm[i] = i;
  std::shuffle(perm.begin(), perm.end(), rng);
  v = nd::permute_dims(v, perm);
  if (allow_broadcast && rng() % 3 == 0) v = v(nd::newaxis);
  return v;
}

// Reads element `flat` (C order) of `a` as raw bytes.
const char* element_at(const nd::array& a, int64_t flat) {
  int64_t off = 0;
  for (int64_t d = a.ndim() - 1; d >= 0; --d) {
    off += (flat % a.shape()[d]) * a.strides()[d];
    flat /= a.shape()[d];
  }
  return static_cast<const char*>(a.raw_data()) + off;
}

// One element converted by a 0-d assign through wrap: independent of the strided iterator.
std::vector<char> convert_one(const char* src, nd::dtype from, nd::dtype to) {
  std::vector<char> in(static_cast<size_t>(from.itemsize())), out(static_cast<size_t>(to.itemsize()));
  std::memcpy(in.data(), src, in.size());
  nd::array s = nd::array::wrap(in.data(), {}, from, nullptr);
  nd::array d = nd::array::wrap(out.data(), {}, to, nullptr);
  d.assign(s);
  return out;
}

bool same_value(const char* a, const char* b, nd::dtype dt) {
  // NaN payloads are compared bit-for-bit too: casts copy them deterministically.
  return std::memcmp(a, b, static_cast<size_t>(dt.itemsize())) == 0;
}

}  // namespace

TEST(AssignProperty, AgreesWithElementLoopForEveryDtypePair) {
  std::mt19937_64 rng(7);
  for (int f = 0; f < nd::num_dtypes; ++f)
    for (int t = 0; t < nd::num_dtypes; ++t)
      for (int trial = 0; trial < 6; ++trial) {
        const nd::dtype from(static_cast<nd::dtype_id>(f)), to(static_cast<nd::dtype_id>(t));
        nd::array src = random_view(rng, from, false);
        nd::array dst = nd::permute_dims(nd::empty(src.shape(), to, nd::order::F),
                                         [&] {
                                           std::vector<int64_t> p(static_cast<size_t>(src.ndim()));
                                           for (int64_t i = 0; i < src.ndim(); ++i) p[i] = i;
                                           return p;
                                         }());
        dst.assign(src);
        for (int64_t i = 0; i < src.size(); ++i) {
          auto want = convert_one(element_at(src, i), from, to);
          ASSERT_TRUE(same_value(element_at(dst, i), want.data(), to))
              << from.name() << " -> " << to.name() << " element " << i << " shape " << nd::shape_str(src.shape());
        }
      }
}

TEST(AssignProperty, BroadcastSourceAgreesWithLoop) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    nd::array src = random_view(rng, nd::float64, true);
    // Destination: src's shape with extra leading axes, and some axes of src set to 1.
    nd::shape_t ds = src.shape();
    ds.insert(ds.begin(), 1 + static_cast<int64_t>(rng() % 3));
    nd::array s2 = src;
    if (src.ndim() > 0 && rng() % 2) {
      s2 = src(nd::slice(0, 1));
      ds[1] = src.shape()[0];
    }
    nd::array dst = nd::empty(ds, nd::float64);
    dst.assign(s2);
    for (int64_t i = 0; i < dst.size(); ++i) {
      // The source element that broadcasting picks: index modulo the source's extent.
      int64_t rem = i, off = 0;
      for (int64_t d = dst.ndim() - 1, sd = s2.ndim() - 1; d >= 0; --d, --sd) {
        const int64_t k = rem % ds[d];
        rem /= ds[d];
        if (sd >= 0 && s2.shape()[sd] != 1) off += k * s2.strides()[sd];
      }
      ASSERT_EQ(std::memcmp(element_at(dst, i), static_cast<const char*>(s2.raw_data()) + off, 8), 0);
    }
  }
}

TEST(ViewProperty, TransposeTwiceIsIdentityAndViewsAlias) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    nd::array v = random_view(rng, nd::int32, false);
    nd::array tt = nd::transpose(nd::transpose(v));
    EXPECT_EQ(tt.shape(), v.shape());
    EXPECT_EQ(tt.strides(), v.strides());
    EXPECT_EQ(tt.raw_data(), v.raw_data());
    if (v.size() == 0 || v.ndim() == 0) continue;
    // Writing through the transposed view is seen through the original.
    // Writing t[n0-1, 0, ..., 0] through the transposed view is seen at v[0, ..., 0, n0-1].
    nd::array t = nd::transpose(v);
    std::vector<nd::index_item> ti(static_cast<size_t>(t.ndim()), nd::index_item(0)), vi = ti;
    ti[0] = t.shape()[0] - 1;
    vi.back() = v.shape().back() - 1;
    t.index(ti).fill(12345);
    EXPECT_EQ(v.index(vi).item<int32_t>(), 12345);
  }
}

TEST(ViewProperty, ReshapeRoundTrips) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    nd::array v = random_view(rng, nd::int64, false);
    nd::array flat = nd::ravel(v);
    ASSERT_EQ(flat.size(), v.size());
    for (int64_t i = 0; i < v.size(); ++i)
      ASSERT_EQ(*reinterpret_cast<const int64_t*>(element_at(flat, i)),
                *reinterpret_cast<const int64_t*>(element_at(v, i)));
    nd::array back = flat.reshape(v.shape());
    EXPECT_EQ(back.shape(), v.shape());
    for (int64_t i = 0; i < v.size(); ++i)
      ASSERT_EQ(*reinterpret_cast<const int64_t*>(element_at(back, i)),
                *reinterpret_cast<const int64_t*>(element_at(v, i)));
    if (v.is_c_contiguous()) {
      EXPECT_TRUE(flat.shares_buffer(v));
    }
  }
}

TEST(ArraySafety, ViewsThatOverflowOrLeaveTheBufferAreRefused) {
  nd::array a = nd::zeros({2});
  EXPECT_THROW(nd::array::view_of(a.buffer_ptr(), 0, {3}, {INT64_MIN + 4}, nd::float64, true), nd::value_error);
  EXPECT_THROW(nd::array::view_of(a.buffer_ptr(), INT64_MAX - 4, {1}, {8}, nd::float64, true), nd::value_error);
  EXPECT_THROW(nd::array::view_of(a.buffer_ptr(), 8, {2}, {8}, nd::float64, true), nd::value_error);
  EXPECT_THROW(nd::broadcast_to(nd::array(1.0), {int64_t{1} << 60, 4}), nd::alloc_error);
  nd::array s = nd::arange(5.0)(nd::slice(nd::none, nd::none, INT64_MAX / 2));
  EXPECT_EQ(s.size(), 1);
  EXPECT_EQ(s.item<double>(), 0.0);
  EXPECT_EQ(nd::diagonal(nd::zeros({3, 3}), INT64_MIN).size(), 0);
  EXPECT_THROW(nd::broadcast_shapes({{-1}, {1}}), nd::value_error);
}

TEST(Assign, OverlapIsFoundAcrossSeparateWrapsOfTheSameMemory) {
  double v[5] = {0, 1, 2, 3, 4};
  nd::array a = nd::array::wrap(v, {5}, nd::float64, nullptr);
  nd::array b = nd::array::wrap(v, {5}, nd::float64, nullptr);
  a.assign(b(nd::slice(nd::none, nd::none, -1)));
  for (int k = 0; k < 5; ++k) EXPECT_EQ(v[k], 4 - k);
}

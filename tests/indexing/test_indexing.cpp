// nd/indexing.hpp against NumPy: expected arrays from tests/data/gen_indexing.py.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "nd/array.hpp"
#include "nd/indexing.hpp"

using testing::HasSubstr;
using testing::ThrowsMessage;

namespace {

const nd::slice S{};  // `:`

nd::array load(const std::string& name) { return nd::load(std::string(ND_TEST_DATA_DIR) + "/indexing/" + name + ".npy"); }

// Same dtype, shape and bytes (NaN payloads and -0.0 included).
void expect_same(const nd::array& got, const nd::array& want, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(got.dtype(), want.dtype());
  ASSERT_EQ(got.shape(), want.shape());
  const nd::array g = got.copy(nd::order::C), w = want.copy(nd::order::C);
  EXPECT_EQ(std::memcmp(g.raw_data(), w.raw_data(), static_cast<size_t>(w.nbytes())), 0);
}
void expect_case(const nd::array& got, const std::string& name) { expect_same(got, load(name), name); }

const char* const kDtypes[] = {"bool",   "int8",    "int16",   "int32",   "int64",     "uint8",     "uint16",
                               "uint32", "uint64",  "float16", "float32", "float64", "complex64", "complex128"};

}  // namespace

TEST(FancyIndex, EveryDtype) {
  const nd::array mask = load("mask345_in");
  for (const char* dt : kDtypes) {
    const std::string d = dt;
    const nd::array x = load("ramp_" + d);
    expect_case(nd::getitem(x, {S, nd::array{0, 2}, nd::array{1, 3}}), "adjacent_" + d);
    expect_case(nd::getitem(x, {nd::array{0, 2}, S, nd::array{1, 3}}), "separated_" + d);
    expect_case(nd::getitem(x, {mask}), "mask_" + d);
    nd::array y = x.copy();
    nd::array val = load("ramp_" + d).reshape({-1})(nd::slice(0, 2));
    nd::setitem(y, {nd::array{0, 2}, nd::slice(1, 3), nd::array{4, 0}}, val(nd::slice(nd::none, nd::none, -1), nd::newaxis));
    expect_case(y, "set_" + d);
    expect_case(nd::take(x, nd::array{2, 0, -1}, 1), "take_" + d);
    expect_case(nd::argwhere(x), "argwhere_" + d);
    nd::array nc = x(nd::slice(nd::none, nd::none, -1), nd::slice(nd::none, nd::none, 2));
    expect_case(nd::getitem(nc, {nd::array{1, 0}, S, nd::array{4, 2}}), "noncontig_" + d);
  }
}

TEST(FancyIndex, DimensionPlacement) {
  const nd::array a = load("a4");
  nd::array r = nd::getitem(a, {S, nd::array{0, 1}, S, nd::array{1, 2}});
  EXPECT_EQ(r.shape(), (nd::shape_t{2, 2, 4}));  // separated: the index dims go first
  expect_case(r, "slice_between");
  r = nd::getitem(a, {nd::array{0, 1}, S, nd::array{1, 2}});
  EXPECT_EQ(r.shape(), (nd::shape_t{2, 3, 5}));
  expect_case(r, "first_and_third");
  expect_case(nd::getitem(a, {nd::ellipsis, nd::array{{0}, {1}}, nd::array{1, 2, 3}}), "ellipsis_pair");
  expect_case(nd::getitem(a, {1, S, nd::array{0, 2}}), "int_and_array");  // the int counts as advanced
  expect_case(nd::getitem(a, {nd::newaxis, nd::array{0, 1}, nd::slice(1, 3), nd::array{0}}), "newaxis_between");
  expect_case(nd::getitem(a, {S, nd::array{0, 1}, nd::array{1, 2}, nd::newaxis}), "adjacent_newaxis");
  expect_case(nd::getitem(a, {nd::array(int64_t{1}), nd::array{0, 2}}), "zero_d_index");
  expect_case(nd::getitem(a, {nd::array{-1, 0}, -2}), "negative_index");
  expect_case(nd::getitem(a, {S, nd::array{{0, 1}, {2, 0}}, 1}), "two_d_index");
  expect_case(nd::getitem(a, {nd::array{1, 0}.astype(nd::int32), nd::array{2}.astype(nd::uint8)}),
              "int32_uint8_index");
}

TEST(FancyIndex, BooleanMasks) {
  const nd::array a = load("a4");
  expect_case(nd::getitem(a, {load("mask2_in")}), "mask_leading");
  const nd::array m34 = load("mask34_in");
  expect_case(nd::getitem(a, {S, m34}), "mask_middle");
  expect_case(nd::getitem(a, {1, m34, nd::array{0, 1, 4}}), "mask_and_array");
  expect_case(nd::getitem(a, {nd::array(true)}), "mask_true");
  expect_case(nd::getitem(a, {nd::array(false)}), "mask_false");
  expect_case(nd::getitem(nd::array(5.5), {nd::array(true)}), "zero_d_true");
}

TEST(FancyIndex, EmptyAndBasic) {
  const nd::array a = load("a4");
  expect_case(nd::getitem(a, {nd::zeros({0}, nd::int64)}), "empty_index");
  expect_case(nd::getitem(a, {S, nd::zeros({0}, nd::int64), 1}), "empty_index_middle");
  expect_case(nd::getitem(nd::zeros({0, 3}), {S, nd::array{0, 2}}), "empty_source");
  // Without arrays the result is the basic-indexing view.
  nd::array v = nd::getitem(a, {1, nd::slice(0, 2), nd::ellipsis});
  EXPECT_TRUE(v.shares_buffer(a));
  EXPECT_EQ(v.shape(), (nd::shape_t{2, 4, 5}));
  // A fancy result is a copy.
  EXPECT_FALSE(nd::getitem(a, {nd::array{0}}).shares_buffer(a));
}

TEST(FancyIndex, Setitem) {
  const nd::array a = load("a4");
  nd::array s = a.copy();
  nd::setitem(s, {nd::array{0, 1}, S, nd::array{1, 2}}, nd::arange(15).reshape({3, 5}) * 100);
  expect_case(s, "set_broadcast");
  s = a.copy();
  nd::setitem(s, {nd::array{0, 0, 1}, nd::array{1, 1, 2}, nd::array{3, 3, 0}, nd::array{0, 0, 4}},
              nd::array{10, 20, 30});
  expect_case(s, "set_repeated");  // the last of repeated indices wins
  s = a.copy();
  nd::setitem(s, {load("mask7_in")}, int64_t{-1});
  expect_case(s, "set_mask");
  s = a.copy();
  nd::setitem(s, {S, load("mask34_in")}, nd::array{1.9, 2.9, 3.9, 4.9, 5.9});
  expect_case(s, "set_mask_middle");
  s = a.copy();
  nd::array view = s(S, nd::slice(nd::none, nd::none, -1));
  nd::setitem(view, {nd::array{0, 1}, 2, nd::array{1, 3}}, nd::array{{-5}, {-6}});
  expect_case(s, "set_view");
  // Basic index: assignment through the view.
  s = a.copy();
  nd::setitem(s, {0, nd::ellipsis}, 7);
  EXPECT_EQ(s.at<int64_t>({0, 2, 3, 4}), 7);
  EXPECT_EQ(s.at<int64_t>({1, 0, 0, 0}), 60);
  // Read-only destination.
  nd::array ro = nd::broadcast_to(nd::arange(3), {2, 3});
  EXPECT_THROW(nd::setitem(ro, {nd::array{0}}, 1), nd::readonly_error);
}

TEST(FancyIndex, Errors) {
  nd::array a = nd::arange(3);
  EXPECT_THAT([&] { nd::getitem(a, {nd::array{0, 5}}); },
              ThrowsMessage<nd::index_error>(HasSubstr("index 5 is out of bounds for axis 0 with size 3")));
  EXPECT_THAT([&] { nd::getitem(a, {nd::array{-4}}); },
              ThrowsMessage<nd::index_error>(HasSubstr("index -4 is out of bounds for axis 0 with size 3")));
  nd::array b = nd::zeros({3, 4});
  EXPECT_THAT([&] { nd::getitem(b, {nd::array{0, 1}, nd::array{0, 1, 2}}); },
              ThrowsMessage<nd::index_error>(HasSubstr(
                  "shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,)")));
  EXPECT_THAT([&] { nd::getitem(b, {S, nd::array{true, false}}); },
              ThrowsMessage<nd::index_error>(HasSubstr("boolean index did not match indexed array along axis 1; size "
                                                       "of axis is 4 but size of corresponding boolean axis is 2")));
  EXPECT_THAT([&] { nd::getitem(b, {0, 1, nd::array{0}}); },
              ThrowsMessage<nd::index_error>(HasSubstr("too many indices for array: array is 2-dimensional, but 3 were indexed")));
  EXPECT_THAT([&] { nd::getitem(b, {nd::array{0.5}}); },
              ThrowsMessage<nd::index_error>(HasSubstr("integer or boolean arrays are valid indices")));
  EXPECT_THAT([&] { nd::getitem(b, {0, nd::array{7}}); },
              ThrowsMessage<nd::index_error>(HasSubstr("index 7 is out of bounds for axis 1 with size 4")));
  EXPECT_THAT([&] { nd::setitem(b, {nd::array{0, 1}}, nd::zeros({3})); },
              ThrowsMessage<nd::shape_error>(HasSubstr(
                  "shape mismatch: value array of shape (3,) could not be broadcast to indexing result of shape (2,4)")));
}

TEST(FancyTake, TakeAndPut) {
  const nd::array b = load("b");
  expect_case(nd::take(b, nd::array{{0, 11}, {-1, 5}}), "take_flat");
  expect_case(nd::take(b, nd::array{-7, 4, 9}, 1, nd::clip_mode::wrap), "take_wrap");
  expect_case(nd::take(b, nd::array{-7, 1, 9}, 0, nd::clip_mode::clip), "take_clip");
  EXPECT_THAT([&] { nd::take(b, nd::array{5}, 0); },
              ThrowsMessage<nd::index_error>(HasSubstr("index 5 is out of bounds for axis 0 with size 3")));
  EXPECT_THAT([&] { nd::take(b, nd::array{0}, 2); }, ThrowsMessage<nd::axis_error>(HasSubstr("axis 2")));
  nd::array p = b.copy();
  nd::put(p, nd::array{0, -1, 5, 5}, nd::array{100, 200, 300});
  expect_case(p, "put");
  p = b.copy();
  nd::put(p, nd::array{20, -20}, nd::array{7, 8}, nd::clip_mode::clip);
  expect_case(p, "put_clip");
  p = b.copy();
  nd::put(p, nd::array{13, -13}, nd::array{7, 8}, nd::clip_mode::wrap);
  expect_case(p, "put_wrap");
  EXPECT_THAT([&] { nd::put(p, nd::array{12}, nd::array{1}); },
              ThrowsMessage<nd::index_error>(HasSubstr("index 12 is out of bounds for axis 0 with size 12")));
  // put writes through a strided view.
  nd::array q = nd::zeros({6}, nd::int32);
  nd::array qv = q(nd::slice(nd::none, nd::none, -2));
  nd::put(qv, nd::array{0, 2}, nd::array{1, 2});
  EXPECT_EQ(q.at<int32_t>({5}), 1);
  EXPECT_EQ(q.at<int32_t>({1}), 2);
}

TEST(FancyTake, AlongAxis) {
  const nd::array c = load("c");
  expect_case(nd::take_along_axis(c, load("along_idx"), 1), "take_along");
  expect_case(nd::take_along_axis(c, nd::array{{1, 0, 1}}, 0), "take_along0");
  expect_case(nd::take_along_axis(c, nd::array{5, 0}, std::nullopt), "take_along_none");
  nd::array q = c.copy();
  nd::put_along_axis(q, nd::array{{0}, {2}}, nd::array(99.0), 1);
  expect_case(q, "put_along");
  EXPECT_THAT([&] { nd::take_along_axis(c, nd::array{0}, 0); },
              ThrowsMessage<nd::value_error>(HasSubstr("`indices` and `arr` must have the same number of dimensions")));
}

TEST(FancyTake, CompressExtractChoose) {
  const nd::array b = load("b");
  expect_case(nd::compress(nd::array{true, false, true}, b, 0), "compress0");
  expect_case(nd::compress(nd::array{false, true}, b, 1), "compress1");
  expect_case(nd::compress(nd::array{1, 0, 1, 1}, b), "compress_none");
  EXPECT_THAT([&] { nd::compress(nd::array{0, 1, 0, 1}, b, 0); },
              ThrowsMessage<nd::index_error>(HasSubstr("index 3 is out of bounds for axis 0 with size 3")));
  expect_case(nd::extract(load("mask3_in"), b), "extract");
  const std::vector<nd::array> ch{nd::array{0, 1, 2, 3}.astype(nd::int16), nd::array{10.5, 11.0, 12.0, 13.0},
                                  nd::array(int64_t{-1})};
  expect_case(nd::choose(nd::array{{0, 1, 2, 1}, {2, 2, 0, 0}}, ch), "choose");
  expect_case(nd::choose(nd::array{3, -1, 4, 0}, ch, nd::clip_mode::wrap), "choose_wrap");
  expect_case(nd::choose(nd::array{3, -1, 4, 0}, ch, nd::clip_mode::clip), "choose_clip");
  EXPECT_THAT([&] { nd::choose(nd::array{3}, ch); },
              ThrowsMessage<nd::value_error>(HasSubstr("invalid entry in choice array")));
}

TEST(FancyTake, Nonzero) {
  const nd::array nz = load("nz_in");  // NaN counts as non-zero, -0.0 does not
  std::vector<nd::array> r = nd::nonzero(nz);
  ASSERT_EQ(r.size(), 2u);
  expect_case(r[0], "nonzero0");
  expect_case(r[1], "nonzero1");
  expect_case(nd::flatnonzero(nz), "flatnonzero");
  expect_case(nd::argwhere(nd::array(3)), "argwhere0d");
  expect_case(nd::argwhere(nd::array(0)), "argwhere0d_false");
  EXPECT_THROW(nd::nonzero(nd::array(1.0)), nd::value_error);
  // Non-contiguous input.
  nd::array t = nd::transpose(nz);
  EXPECT_EQ(nd::argwhere(t).shape(), (nd::shape_t{2, 2}));
  EXPECT_EQ(nd::argwhere(t).at<int64_t>({0, 0}), 0);
  EXPECT_EQ(nd::argwhere(t).at<int64_t>({0, 1}), 1);
}

TEST(FancyFastPaths, AgreeWithTheGeneralPath) {
  // Contiguous inputs take the one-pass mask gather and 1-D take; an F-ordered copy of the
  // same values takes the general path. Both must give the same elements in C order.
  for (nd::dtype dt : {nd::bool_, nd::int8, nd::int16, nd::float32, nd::float64, nd::complex128}) {
    nd::array a = nd::arange(60).reshape({3, 4, 5}).astype(dt);
    nd::array f = a.copy(nd::order::F);
    nd::array mask = nd::equal(nd::remainder(nd::arange(60).reshape({3, 4, 5}), 3), 1);
    nd::array fast = nd::getitem(a, {mask});
    nd::array general = nd::getitem(f, {mask});
    ASSERT_EQ(fast.shape(), (nd::shape_t{20}));
    EXPECT_TRUE(nd::array_equal(fast, general)) << dt.name();
    nd::array idx = nd::array{59, 0, 7, -1, 31};
    EXPECT_TRUE(nd::array_equal(nd::take(a, idx), nd::take(f, idx))) << dt.name();
    nd::array strided = nd::ravel(a)(nd::slice(nd::none, nd::none, -2));
    EXPECT_TRUE(nd::array_equal(nd::take(strided, nd::array{0, 29, 3}),
                                nd::getitem(strided.copy(), {nd::array{0, 29, 3}}))) << dt.name();
  }
}

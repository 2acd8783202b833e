// nd/manipulation.hpp against NumPy: expected arrays from tests/data/gen_manip.py.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "nd/array.hpp"
#include "nd/manipulation.hpp"

using testing::HasSubstr;
using testing::ThrowsMessage;

namespace {

nd::array load(const std::string& name) { return nd::load(std::string(ND_TEST_DATA_DIR) + "/manip/" + name + ".npy"); }

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

const nd::slice S{};
const nd::slice Rev{nd::none, nd::none, -1};

}  // namespace

TEST(ManipDtypes, EveryDtype) {
  using P = std::pair<int64_t, int64_t>;
  for (const char* dt : kDtypes) {
    const std::string d = dt;
    const nd::array x = load("ramp_" + d);
    expect_case(nd::concatenate({x, x(nd::slice(0, 2), Rev)}, 0), "concat_" + d);
    expect_case(nd::stack({x, x(S, Rev)}, 1), "stack_" + d);
    expect_case(nd::flip(x), "flip_" + d);
    expect_case(nd::roll(x, std::vector<int64_t>{1, -2}, std::vector<int64_t>{0, 1}), "roll_" + d);
    expect_case(nd::repeat(x, nd::array{1, 0, 2}, 0), "repeat_" + d);
    expect_case(nd::tile(x, {2, 1, 2}), "tile_" + d);
    expect_case(nd::pad(x, std::vector<P>{{1, 2}, {0, 1}}, nd::pad_mode::constant, nd::array(1)), "padc_" + d);
    expect_case(nd::pad(x, std::vector<P>{{2, 1}, {3, 5}}, nd::pad_mode::reflect), "padr_" + d);
    expect_case(nd::tril(x, -1), "tril_" + d);
    expect_case(nd::array_split(x, 3, 1)[2], "split_" + d);
  }
}

TEST(ManipJoin, Concatenate) {
  expect_case(nd::concatenate({nd::array{-3, 4}.astype(nd::int8), nd::array{200, 7}.astype(nd::uint8)}),
              "concat_promote");
  expect_case(nd::concatenate({nd::array{1, 2}, nd::array{0.5f}}), "concat_float");
  const nd::array b = load("b");
  expect_case(nd::concatenate({b, nd::array{{1.0, 2.0}}}, std::nullopt), "concat_none");
  expect_case(nd::concatenate({b, b}, 1, nd::float32), "concat_dtype");
  expect_case(nd::concatenate({nd::zeros({0, 4}), b}), "concat_empty");
  EXPECT_THAT([&] { nd::concatenate({b, nd::zeros({3, 2})}, 0); },
              ThrowsMessage<nd::shape_error>(HasSubstr("along dimension 1, the array at index 0 has size 4 and the "
                                                       "array at index 1 has size 2")));
  EXPECT_THAT([&] { nd::concatenate({b, nd::zeros({3})}); },
              ThrowsMessage<nd::shape_error>(HasSubstr("the array at index 0 has 2 dimension(s) and the array at "
                                                       "index 1 has 1 dimension(s)")));
  EXPECT_THAT([&] { nd::concatenate({nd::array(1.0)}); },
              ThrowsMessage<nd::value_error>(HasSubstr("zero-dimensional arrays cannot be concatenated")));
  EXPECT_THROW(nd::concatenate({}), nd::value_error);
  EXPECT_THROW(nd::concatenate({b}, 2), nd::axis_error);
  EXPECT_THROW(nd::concatenate({b, b}, 0, nd::int32), nd::dtype_error);  // same_kind refuses float -> int
}

TEST(ManipJoin, StackFamily) {
  const nd::array v1{1, 2, 3}, v2{4, 5, 6};
  const nd::array v1l = v1.astype(nd::int64), v2l = v2.astype(nd::int64);
  expect_case(nd::vstack({v1l, v2l}), "vstack");
  expect_case(nd::hstack({v1l, v2l}), "hstack");
  const nd::array b = load("b");
  expect_case(nd::hstack({b, b(S, nd::slice(0, 1))}), "hstack2");
  expect_case(nd::dstack({v1l, v2l}), "dstack");
  expect_case(nd::column_stack({v1l, v2l, b(S, 0)}), "column_stack");
  expect_case(nd::stack({v1l, v2l}, -1), "stack_neg");
  EXPECT_THAT([&] { nd::stack({v1, nd::zeros({2})}); },
              ThrowsMessage<nd::shape_error>(HasSubstr("all input arrays must have the same shape")));
  const nd::array d = load("d");
  expect_case(nd::append(d, nd::array{{int64_t{7}, int64_t{8}}}), "append_none");
  expect_case(nd::append(d, d(S, nd::slice(0, 1)), 1), "append_axis1");
}

TEST(ManipJoin, Split) {
  const nd::array r = nd::arange(10);
  auto parts = nd::array_split(r, std::vector<int64_t>{3, -2, 20});
  ASSERT_EQ(parts.size(), 4u);
  for (size_t k = 0; k < parts.size(); ++k) expect_case(parts[k], "array_split_idx" + std::to_string(k));
  parts = nd::array_split(r, 4);
  ASSERT_EQ(parts.size(), 4u);
  for (size_t k = 0; k < parts.size(); ++k) {
    expect_case(parts[k], "array_split" + std::to_string(k));
    EXPECT_TRUE(parts[k].shares_buffer(r));
  }
  EXPECT_EQ(nd::split(r, 5).size(), 5u);
  EXPECT_THAT([&] { nd::split(r, 3); },
              ThrowsMessage<nd::value_error>(HasSubstr("array split does not result in an equal division")));
  EXPECT_EQ(nd::split(nd::zeros({2, 6}), std::vector<int64_t>{2}, 1)[1].shape(), (nd::shape_t{2, 4}));
}

TEST(ManipReorder, FlipRollRot) {
  const nd::array b = load("b");
  nd::array f = nd::flip(b, 0);
  EXPECT_TRUE(f.shares_buffer(b));
  EXPECT_EQ(f.at<double>({0, 0}), 8.0);
  EXPECT_EQ(nd::fliplr(b).at<double>({0, 0}), 3.0);
  EXPECT_EQ(nd::flipud(b).at<double>({0, 3}), 11.0);
  EXPECT_THAT([] { nd::fliplr(nd::zeros({3})); }, ThrowsMessage<nd::value_error>(HasSubstr("Input must be >= 2-d.")));
  EXPECT_THROW(nd::flip(b, 2), nd::axis_error);
  expect_case(nd::roll(b, 5), "roll_none");
  expect_case(nd::roll(b, std::vector<int64_t>{1, 1, -1}, std::vector<int64_t>{1, 1, 0}), "roll_repeated");
  expect_case(nd::roll(b(Rev, nd::slice(nd::none, nd::none, 2)), 1, 1), "roll_noncontig");
  const nd::array c = load("c");
  for (int k : {1, 2, 3, -1}) expect_case(nd::rot90(c, k, {1, 2}), "rot90_" + std::to_string(((k % 4) + 4) % 4));
  expect_case(nd::rot90(c), "rot90_default");
  EXPECT_TRUE(nd::rot90(c).shares_buffer(c));
  EXPECT_THAT([&] { nd::rot90(c, 1, {0, 0}); }, ThrowsMessage<nd::value_error>(HasSubstr("Axes must be different.")));
  EXPECT_THAT([&] { nd::rot90(c, 1, {0, 4}); },
              ThrowsMessage<nd::value_error>(HasSubstr("Axes=(0, 4) out of range for array of ndim=3.")));
}

TEST(ManipReorder, TileRepeat) {
  expect_case(nd::tile(nd::array{int64_t{1}, int64_t{2}}, {3}), "tile_1d");
  const nd::array b = load("b");
  expect_case(nd::tile(b, {2}), "tile_promote");
  expect_case(nd::repeat(b, 2), "repeat_flat");
  expect_case(nd::repeat(nd::array(int64_t{7}), 3), "repeat_0d");
  EXPECT_THAT([&] { nd::repeat(b, nd::array{1, 2}, 0); },
              ThrowsMessage<nd::value_error>(HasSubstr("operands could not be broadcast together with shape (3,) (2,)")));
  EXPECT_THAT([&] { nd::repeat(b, nd::array{1, -1, 2}, 0); },
              ThrowsMessage<nd::value_error>(HasSubstr("repeats may not contain negative values.")));
  EXPECT_EQ(nd::tile(nd::zeros({2, 0}), {3, 2}).shape(), (nd::shape_t{6, 0}));
}

TEST(ManipPad, Modes) {
  using P = std::pair<int64_t, int64_t>;
  const nd::array v = nd::array{1, 2, 3}.astype(nd::int64);
  const nd::array b = load("b");
  const std::pair<const char*, nd::pad_mode> modes[] = {{"edge", nd::pad_mode::edge},
                                                        {"symmetric", nd::pad_mode::symmetric},
                                                        {"wrap", nd::pad_mode::wrap},
                                                        {"reflect", nd::pad_mode::reflect}};
  for (const auto& [name, mode] : modes) {
    expect_case(nd::pad(v, std::vector<P>{{7, 8}}, mode), std::string("pad_") + name + "_big");
    expect_case(nd::pad(b, std::vector<P>{{2, 3}, {5, 1}}, mode), std::string("pad_") + name + "_2d");
  }
  expect_case(nd::pad(b, std::vector<P>{{1, 2}, {3, 1}}, nd::pad_mode::constant, nd::array{{1, 2}, {3, 4}}),
              "pad_const_axes");
  expect_case(nd::pad(load("c"), 1, nd::pad_mode::symmetric), "pad_3d");
  expect_case(nd::pad(nd::zeros({0, 2}), 1, nd::pad_mode::constant, nd::array(5)), "pad_empty_const");
  EXPECT_THAT([] { nd::pad(nd::zeros({0, 2}), 1, nd::pad_mode::edge); },
              ThrowsMessage<nd::value_error>(HasSubstr("can't extend empty axis 0")));
  EXPECT_THROW(nd::pad(b, -1), nd::value_error);
}

TEST(ManipMisc, TriangleMeshgrid) {
  const nd::array b = load("b");
  expect_case(nd::triu(b, 1), "triu1");
  expect_case(nd::tril(nd::array{1, 2, 3}.astype(nd::int64)), "tril_1d");
  expect_case(nd::triu(load("c"), -1), "triu_3d");
  auto m = nd::meshgrid({nd::array{1, 2, 3}.astype(nd::int64), nd::array{4.0, 5.0}});
  expect_case(m[0], "mesh_xy0");
  expect_case(m[1], "mesh_xy1");
  m = nd::meshgrid({nd::array{1, 2}.astype(nd::int64), nd::array{3, 4, 5}.astype(nd::int64),
                    nd::array{6}.astype(nd::int64)},
                   nd::meshgrid_indexing::ij, true);
  for (size_t k = 0; k < 3; ++k) expect_case(m[k], "mesh_ij_sparse" + std::to_string(k));
}

TEST(ManipMisc, Diff) {
  const nd::array d = load("d");
  expect_case(nd::diff(d), "diff");
  expect_case(nd::diff(d, 2, 0), "diff_n2_axis0");
  expect_case(nd::diff(d, 1, -1, nd::array(int64_t{0}), nd::array{{1}, {2}, {3}}.astype(nd::int64)), "diff_prepend");
  expect_case(nd::diff(nd::array{true, true, false, true}), "diff_bool");
  expect_case(nd::diff(nd::array{5, 3, 200}.astype(nd::uint8)), "diff_uint8");
  expect_case(nd::ediff1d(d, nd::array(int64_t{99}), nd::array{-1, -2}.astype(nd::int64)), "ediff1d");
  EXPECT_THAT([&] { nd::diff(d, -1); }, ThrowsMessage<nd::value_error>(HasSubstr("order must be non-negative but got -1")));
  EXPECT_THROW(nd::ediff1d(d, nd::array(1.5)), nd::dtype_error);
}

TEST(ManipMisc, InsertDelete) {
  const nd::array d = load("d");
  expect_case(nd::insert(d, 1, nd::array{{10}, {20}, {30}}.astype(nd::int64), 1), "insert_scalar");
  expect_case(nd::insert(d, 1, nd::array(5), 1), "insert_scalar_bcast");
  expect_case(nd::insert(d, std::vector<int64_t>{1, 1, 4}, nd::array{7, 8, 9}, 1), "insert_list");
  expect_case(nd::insert(d, 3, nd::array(100)), "insert_none");
  expect_case(nd::insert(d, std::vector<int64_t>{2}, nd::array{{10}, {20}, {30}}, 1), "insert_single_list");
  expect_case(nd::insert(nd::arange(5), nd::slice(0, 4, 2), nd::array{50, 60}), "insert_slice");
  EXPECT_THAT([&] { nd::insert(d, 5, nd::array(1), 1); },
              ThrowsMessage<nd::index_error>(HasSubstr("index 5 is out of bounds for axis 1 with size 4")));
  expect_case(nd::delete_(d, -1, 0), "delete_int");
  expect_case(nd::delete_(d, std::vector<int64_t>{0, 2, -1}, 1), "delete_list");
  expect_case(nd::delete_(d, std::vector<int64_t>{0, 5, 11}), "delete_none");
  expect_case(nd::delete_(d, nd::slice(nd::none, nd::none, 2), 1), "delete_slice");
  EXPECT_THAT([&] { nd::delete_(d, 3, 0); },
              ThrowsMessage<nd::index_error>(HasSubstr("index 3 is out of bounds for axis 0 with size 3")));
}

TEST(ManipMisc, TrimZeros) {
  const nd::array t = nd::array{0, 0, 3, 0, 4, 0, 0}.astype(nd::int64);
  expect_case(nd::trim_zeros(t), "trim_fb");
  expect_case(nd::trim_zeros(t, "f"), "trim_f");
  expect_case(nd::trim_zeros(t, "B"), "trim_b");
  expect_case(nd::trim_zeros(nd::zeros({4})), "trim_all_zero");
  const nd::array t2 = nd::array{{0, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 1, 0}}.astype(nd::int64);
  expect_case(nd::trim_zeros(t2), "trim_2d");
  expect_case(nd::trim_zeros(t2, "fb", std::vector<int64_t>{1}), "trim_2d_axis1");
  EXPECT_TRUE(nd::trim_zeros(t).shares_buffer(t));
  EXPECT_THAT([&] { nd::trim_zeros(t, "x"); }, ThrowsMessage<nd::value_error>(HasSubstr("unexpected character(s)")));
}

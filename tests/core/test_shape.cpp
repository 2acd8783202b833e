// nd/shape.hpp: text form, overflow-checked sizes, broadcasting, axes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "nd/error.hpp"
#include "nd/shape.hpp"

using testing::HasSubstr;
using testing::ThrowsMessage;

TEST(Shape, PrintsLikePythonTuples) {
  EXPECT_EQ(nd::shape_str({}), "()");
  EXPECT_EQ(nd::shape_str({4}), "(4,)");
  EXPECT_EQ(nd::shape_str({2, 3}), "(2, 3)");
}

TEST(Shape, CheckedSizeRejectsNegativeOverflowAndTooManyDims) {
  EXPECT_EQ(nd::checked_size({2, 3, 4}, "t"), 24);
  EXPECT_EQ(nd::checked_size({}, "t"), 1);
  EXPECT_THAT([] { nd::checked_size({2, -1}, "empty"); },
              ThrowsMessage<nd::value_error>(HasSubstr("[empty] negative dimensions are not allowed")));
  EXPECT_THAT([] { nd::checked_size({int64_t{1} << 40, int64_t{1} << 40}, "empty"); },
              ThrowsMessage<nd::alloc_error>(HasSubstr("(1099511627776, 1099511627776)")));
  EXPECT_THROW(nd::checked_nbytes({int64_t{1} << 31, int64_t{1} << 31}, 8, "empty"), nd::alloc_error);
  EXPECT_THAT([] { nd::checked_size(nd::shape_t(65, 1), "empty"); },
              ThrowsMessage<nd::value_error>(HasSubstr("maximum supported dimension for an ndarray is 64, found 65")));
  EXPECT_EQ(nd::checked_size(nd::shape_t(64, 1), "t"), 1);
}

TEST(Shape, ContiguousStrides) {
  EXPECT_EQ(nd::contiguous_strides({2, 3, 4}, 8), (nd::strides_t{96, 32, 8}));
  EXPECT_EQ(nd::contiguous_strides({2, 3, 4}, 8, nd::order::F), (nd::strides_t{8, 16, 48}));
}

TEST(Broadcast, MismatchNamesBothShapes) {
  EXPECT_THAT([] { nd::broadcast_shapes({{2, 3}, {4}}, "add"); },
              ThrowsMessage<nd::shape_error>(
                  HasSubstr("[add] operands could not be broadcast together with shapes (2, 3) and (4,)")));
}

TEST(Broadcast, AgreesWithTheRuleAppliedByHand) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 2000; ++trial) {
    const int n1 = static_cast<int>(rng() % 5), n2 = static_cast<int>(rng() % 5);
    nd::shape_t a(n1), b(n2);
    for (auto& d : a) d = static_cast<int64_t>(rng() % 4);
    for (auto& d : b) d = static_cast<int64_t>(rng() % 4);
    // By hand: pad with ones on the left, then each pair must be equal or contain a 1.
    const int n = std::max(n1, n2);
    nd::shape_t pa(n - n1, 1), pb(n - n2, 1), want(n);
    pa.insert(pa.end(), a.begin(), a.end());
    pb.insert(pb.end(), b.begin(), b.end());
    bool ok = true;
    for (int i = 0; i < n; ++i) {
      if (pa[i] == pb[i] || pb[i] == 1) want[i] = pa[i];
      else if (pa[i] == 1) want[i] = pb[i];
      else ok = false;
    }
    if (ok) EXPECT_EQ(nd::broadcast_shapes({a, b}), want);
    else EXPECT_THROW(nd::broadcast_shapes({a, b}), nd::shape_error);
  }
}

TEST(Axis, NormalizesAndNamesTheDimension) {
  EXPECT_EQ(nd::normalize_axis(-1, 3, "sum"), 2);
  EXPECT_THAT([] { nd::normalize_axis(2, 2, "sum"); },
              ThrowsMessage<nd::axis_error>(HasSubstr("[sum] axis 2 is out of bounds for array of dimension 2")));
  EXPECT_THROW(nd::normalize_axis(-3, 2, "sum"), nd::axis_error);
}

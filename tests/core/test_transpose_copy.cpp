// Copies whose fast axes differ take a tiled path (src/iter/transpose.cpp); every element
// must land where the generic iterator puts it, for each element size and for shapes that
// are not multiples of the tile.
#include <gtest/gtest.h>

#include "nd/array.hpp"

namespace {

TEST(TransposeCopy, EveryElementSizeAndOddShapes) {
  const int saved = nd::get_num_threads();
  for (const nd::dtype dt : {nd::int8, nd::int16, nd::float32, nd::float64, nd::complex128}) {
    for (const auto& [r, c] : std::vector<std::pair<int64_t, int64_t>>{{2, 3}, {33, 31}, {64, 65}, {700, 130}}) {
      // Distinct values that survive the cast to int8 in order (wrapping is fine: the check
      // is positional, through at<> on the same dtype).
      const nd::array a = nd::arange(r * c).astype(dt).reshape({r, c});
      for (int t : {1, 2}) {
        nd::set_num_threads(t);
        const nd::array tc = nd::transpose(a).copy(nd::order::C);
        ASSERT_EQ(tc.shape(), (nd::shape_t{c, r}));
        ASSERT_TRUE(tc.is_c_contiguous());
        // Reference: element by element through the strided view.
        const nd::array ref = nd::transpose(a);
        bool ok = true;
        nd::visit_dtype(dt, [&](auto tag) {
          using T = typename decltype(tag)::type;
          for (int64_t i = 0; i < c && ok; ++i)
            for (int64_t j = 0; j < r && ok; ++j) ok = tc.at<T>({i, j}) == ref.at<T>({i, j});
        });
        EXPECT_TRUE(ok) << dt.name() << " " << r << "x" << c << " threads " << t;
        // A strided (every other column) transposed source too.
        const nd::array sv = nd::transpose(a(nd::all, nd::slice(nd::none, nd::none, 2)));
        EXPECT_TRUE(nd::array_equal(sv.copy(nd::order::C), sv)) << dt.name();
      }
    }
  }
  nd::set_num_threads(saved);
}

}  // namespace

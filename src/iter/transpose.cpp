#include "iter/transpose.hpp"

#include <algorithm>
#include <cstring>

#include "iter/parallel.hpp"

namespace nd::detail {
namespace {

constexpr int64_t tile = 32;

template <int N>
void tiles(char* dst, const char* src, int64_t rows, int64_t cols, int64_t s0, int64_t s1, int64_t r0, int64_t r1) {
  for (int64_t ib = r0; ib < r1; ib += tile) {
    const int64_t ie = std::min(r1, ib + tile);
    for (int64_t jb = 0; jb < cols; jb += tile) {
      const int64_t je = std::min(cols, jb + tile);
      // Write whole runs of a destination row; the tile's source lines stay in L1.
      for (int64_t i = ib; i < ie; ++i) {
        const char* s = src + i * s0;
        char* d = dst + i * cols * N;
        for (int64_t j = jb; j < je; ++j) std::memcpy(d + j * N, s + j * s1, N);
      }
    }
  }
  (void)rows;
}

}  // namespace

bool transpose_copy(char* dst, const char* src, int64_t rows, int64_t cols, int64_t s0, int64_t s1,
                    int64_t itemsize) {
  void (*f)(char*, const char*, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t) = nullptr;
  switch (itemsize) {
    case 1: f = &tiles<1>; break;
    case 2: f = &tiles<2>; break;
    case 4: f = &tiles<4>; break;
    case 8: f = &tiles<8>; break;
    case 16: f = &tiles<16>; break;
    default: return false;
  }
  const int64_t row_tiles = (rows + tile - 1) / tile;
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(1, tile * cols));
  parallel_for(row_tiles, grain, [&](int64_t b, int64_t e) {
    f(dst, src, rows, cols, s0, s1, b * tile, std::min(rows, e * tile));
  });
  return true;
}

}  // namespace nd::detail

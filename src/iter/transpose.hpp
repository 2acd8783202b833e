#pragma once
// Copies between 2-D layouts whose fast axes differ (a transposed copy): tiles that fit in
// L1 instead of a strided inner loop that touches one element per cache line.
#include <cstdint>

namespace nd::detail {

/// dst (rows x cols, C-contiguous) gets src(i, j) at src + i*s0 + j*s1 for elements of
/// `itemsize` bytes (1, 2, 4, 8 or 16). Returns false for other element sizes.
bool transpose_copy(char* dst, const char* src, int64_t rows, int64_t cols, int64_t s0, int64_t s1,
                    int64_t itemsize);

}  // namespace nd::detail

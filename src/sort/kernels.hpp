#pragma once
// Per-dtype lane kernels of sort, argsort, partition and lexsort, chosen once per call.
#include <cstdint>
#include <vector>

#include "nd/dtype.hpp"

namespace nd::detail::sorting {

/// Reusable per-thread scratch memory for lane kernels.
using scratch_t = std::vector<char>;

struct lane_kernels {
  /// Sorts a strided lane in place.
  void (*sort)(char* lane, int64_t stride, int64_t n, bool stable, scratch_t& s);
  /// Sorts a long strided lane with every thread into contiguous `dst` (n items, not
  /// overlapping the source). Returns false, doing nothing, where there is no such path.
  bool (*sort_parallel)(const char* src, int64_t stride, int64_t n, char* dst, bool stable);
  /// Writes the stable sorting permutation of a strided lane to contiguous `out`.
  void (*argsort)(const char* lane, int64_t stride, int64_t n, int64_t* out, scratch_t& s);
  /// Partitions a strided lane in place around the sorted, distinct, in-range `kth`.
  void (*partition)(char* lane, int64_t stride, int64_t n, const std::vector<int64_t>& kth, scratch_t& s);
  void (*argpartition)(const char* lane, int64_t stride, int64_t n, const std::vector<int64_t>& kth, int64_t* out,
                       scratch_t& s);
  /// One lexsort pass: reorders `perm` stably by this key's values at perm.
  void (*lex_step)(const char* lane, int64_t stride, int64_t n, int64_t* perm, scratch_t& s);
};

/// Lanes shorter than this are sorted by one thread.
inline constexpr int64_t parallel_sort_min = int64_t{1} << 17;

const lane_kernels& kernels_for(dtype dt);

}  // namespace nd::detail::sorting

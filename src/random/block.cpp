// Counter-based blocks: every element is a pure function of (seed, stream, global index), so
// any block of a huge array can be generated anywhere and the pieces agree exactly.
#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "iter/parallel.hpp"
#include "nd/creation.hpp"
#include "nd/error.hpp"
#include "nd/random.hpp"

namespace nd::random {
namespace {

// ctr[2] separates the distributions, so two distributions drawn with one (seed, stream)
// are independent.
enum : uint64_t { tag_uniform = 0, tag_normal = 1, tag_exponential = 2, tag_integers = 3 };

inline double unit(uint64_t w) { return static_cast<double>(w >> 11) * (1.0 / 9007199254740992.0); }
// (0, 1]: the logarithm in Box–Muller and the exponential never sees 0.
inline double unit_open0(uint64_t w) { return (static_cast<double>(w >> 11) + 1.0) * (1.0 / 9007199254740992.0); }

struct block_kernel {
  std::array<uint64_t, 2> key;
  uint64_t stream;
  block_params prm;
  uint64_t range;  // integers: ihigh - ilow

  // Value of the element with global index g, given its group's four Philox words.
  template <block_dist D, class T>
  T value(const std::array<uint64_t, 4>& w, uint64_t g) const {
    if constexpr (D == block_dist::uniform) {
      return static_cast<T>(prm.low + (prm.high - prm.low) * unit(w[g & 3]));
    } else if constexpr (D == block_dist::exponential) {
      return static_cast<T>(-prm.high * std::log(unit_open0(w[g & 3])));
    } else if constexpr (D == block_dist::integers) {
      __extension__ typedef unsigned __int128 u128;
      const auto r = static_cast<uint64_t>((static_cast<u128>(w[g & 3]) * range) >> 64);
      return static_cast<T>(static_cast<uint64_t>(prm.ilow) + r);
    } else {
      const size_t pair = (g & 2);
      const double radius = std::sqrt(-2.0 * std::log(unit_open0(w[pair])));
      const double angle = 2.0 * std::numbers::pi * unit(w[pair + 1]);
      const double z = (g & 1) ? radius * std::sin(angle) : radius * std::cos(angle);
      return static_cast<T>(prm.low + prm.high * z);
    }
  }

  uint64_t tag() const {
    switch (prm.dist) {
      case block_dist::uniform: return tag_uniform;
      case block_dist::normal: return tag_normal;
      case block_dist::exponential: return tag_exponential;
      case block_dist::integers: break;
    }
    return tag_integers;
  }

  // Fills out[0, n) with the elements g0, g0 + 1, ... (a contiguous run of global indices).
  template <block_dist D, class T>
  void run_dist(T* out, uint64_t g0, int64_t n) const {
    const uint64_t t = tag();
    uint64_t g = g0;
    const uint64_t gend = g0 + static_cast<uint64_t>(n);
    while (g < gend) {
      const uint64_t group = g >> 2;
      const auto w = philox4x64_10({group, stream, t, 0}, key);
      const uint64_t stop = std::min(gend, (group + 1) << 2);
      for (; g < stop; ++g) *out++ = value<D, T>(w, g);
    }
  }

  template <class T>
  void run(T* out, uint64_t g0, int64_t n) const {
    switch (prm.dist) {
      case block_dist::uniform: return run_dist<block_dist::uniform>(out, g0, n);
      case block_dist::normal: return run_dist<block_dist::normal>(out, g0, n);
      case block_dist::exponential: return run_dist<block_dist::exponential>(out, g0, n);
      case block_dist::integers: return run_dist<block_dist::integers>(out, g0, n);
    }
  }
};

}  // namespace

void fill_block(uint64_t seed, uint64_t stream, const shape_t& global_shape, const shape_t& offset,
                const block_params& params, array& out) {
  const char* op = "fill_block";
  const int64_t nd = static_cast<int64_t>(global_shape.size());
  if (static_cast<int64_t>(offset.size()) != nd || out.ndim() != nd)
    throw shape_error(fmt::format("[{}] global shape {}, offset {} and block {} must have the same length", op,
                                  shape_str(global_shape), shape_str(offset), shape_str(out.shape())));
  for (int64_t d = 0; d < nd; ++d) {
    const auto k = static_cast<size_t>(d);
    if (global_shape[k] < 0 || offset[k] < 0 || out.shape(d) < 0 || offset[k] + out.shape(d) > global_shape[k])
      throw shape_error(fmt::format("[{}] block {} at offset {} does not fit in global shape {}", op,
                                    shape_str(out.shape()), shape_str(offset), shape_str(global_shape)));
  }
  const bool ints = params.dist == block_dist::integers;
  if (out.dtype() != (ints ? int64 : float64))
    throw dtype_error(fmt::format("[{}] out must be {}, got {}", op, ints ? "int64" : "float64", out.dtype().name()));
  if (!out.is_c_contiguous()) throw value_error(fmt::format("[{}] out must be C-contiguous", op));
  if (ints && params.ihigh <= params.ilow) throw value_error(fmt::format("[{}] low >= high", op));
  if (params.dist == block_dist::normal && !(params.high >= 0)) throw value_error(fmt::format("[{}] scale < 0", op));
  if (params.dist == block_dist::exponential && !(params.high >= 0)) throw value_error(fmt::format("[{}] scale < 0", op));
  if (out.size() == 0) return;

  const auto k = seed_sequence::from_seed(seed).generate_state64(2);
  block_kernel kern{{k[0], k[1]}, stream, params,
                    static_cast<uint64_t>(params.ihigh) - static_cast<uint64_t>(params.ilow)};

  // Rows along the last axis are contiguous runs of global indices.
  const int64_t row = nd ? out.shape(nd - 1) : 1;
  const int64_t rows = row ? out.size() / row : 0;
  char* base = static_cast<char*>(out.mutable_data(op));
  auto row_start = [&](int64_t r) {
    // Global C-order index of the first element of block row r.
    uint64_t g = 0;
    int64_t rem = r;
    std::vector<int64_t> idx(static_cast<size_t>(nd), 0);
    for (int64_t d = nd - 2; d >= 0; --d) {
      idx[static_cast<size_t>(d)] = rem % out.shape(d);
      rem /= out.shape(d);
    }
    for (int64_t d = 0; d < nd; ++d) {
      const auto kd = static_cast<size_t>(d);
      g = g * static_cast<uint64_t>(global_shape[kd]) + static_cast<uint64_t>(offset[kd] + idx[kd]);
    }
    return g;
  };
  // Work items: rows cut into segments of at most `seg` elements, spread over the pool.
  constexpr int64_t seg = 16384;
  const int64_t segs = row ? (row + seg - 1) / seg : 0;
  nd::detail::parallel_for(rows * segs, 4, [&](int64_t b, int64_t e) {
    for (int64_t it = b; it < e; ++it) {
      const int64_t r = it / segs, s0 = (it % segs) * seg, len = std::min(seg, row - s0);
      const uint64_t g = row_start(r) + static_cast<uint64_t>(s0);
      if (ints)
        kern.run(reinterpret_cast<int64_t*>(base) + r * row + s0, g, len);
      else
        kern.run(reinterpret_cast<double*>(base) + r * row + s0, g, len);
    }
  });
}

array block(uint64_t seed, uint64_t stream, const shape_t& global_shape, const shape_t& offset,
            const shape_t& block_shape, const block_params& params) {
  for (int64_t d : block_shape)
    if (d < 0) throw value_error("[block] negative dimensions are not allowed");
  array out = empty(block_shape, params.dist == block_dist::integers ? int64 : float64);
  fill_block(seed, stream, global_shape, offset, params, out);
  return out;
}

}  // namespace nd::random

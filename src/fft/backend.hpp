#pragma once
// The one interface between nd's FFT semantics (src/fft/fft.cpp) and a transform library.
// Today FFTW 3 implements it (fftw_backend.cpp); another backend would implement the same
// functions. A transform is a rank-1 DFT of length n repeated over `loops` (FFTW's
// "howmany" dimensions); strides count elements (real or complex) of the given precision.
#include <cstdint>
#include <string>
#include <vector>

namespace nd::detail::fft {

enum class kind { forward, backward, r2c, c2r };

struct loop_dim {
  int64_t n, in_stride, out_stride;
  bool operator==(const loop_dim&) const = default;
};

struct transform {
  kind k = kind::forward;
  bool single = false;  // float / complex<float> instead of double
  int64_t n = 0;        // logical length (of the real side for r2c / c2r)
  int64_t in_stride = 1, out_stride = 1;
  // More transformed dimensions after the first (c2c only): a rank-k DFT in one plan.
  std::vector<loop_dim> extra_dims;
  std::vector<loop_dim> loops;
  int threads = 1;
  bool operator==(const transform&) const = default;
};

/// Runs t from `in` to `out` (never the same memory). c2r may overwrite its input.
/// Plans come from the cache (made, serially, on a miss).
void execute(const transform& t, void* in, void* out);

void set_cache_capacity(std::size_t plans);
std::size_t cache_capacity();
std::size_t cache_size();
void clear_cache();

void set_measure(bool measure);
bool measure();

std::string export_wisdom();                 // both precisions, one text
bool import_wisdom(const std::string& text);  // false when FFTW rejects it

}  // namespace nd::detail::fft

#include "indexing/gather.hpp"

#include <atomic>
#include <cstring>

#include "iter/parallel.hpp"
#include "nd/creation.hpp"

namespace nd::detail {
namespace {

// Copies elements of N bytes; the fixed size lets the compiler use plain moves.
template <int N>
void gather_n(char* out, const char* src, int64_t stride, const int64_t* idx, int64_t b, int64_t e) {
  for (int64_t i = b; i < e; ++i) std::memcpy(out + i * N, src + idx[i] * stride, N);
}

// As gather_n, for raw indices: stops at the first one outside [0, n) and returns its
// position (e when there is none). One unsigned compare catches negatives too.
template <int N>
int64_t gather_checked_n(char* out, const char* src, int64_t stride, const int64_t* idx, int64_t n, int64_t b,
                         int64_t e) {
  for (int64_t i = b; i < e; ++i) {
    const int64_t k = idx[i];
    if (static_cast<uint64_t>(k) >= static_cast<uint64_t>(n)) return i;
    std::memcpy(out + i * N, src + k * stride, N);
  }
  return e;
}

template <int N>
int64_t compress_n(char* out, const char* src, const unsigned char* m, int64_t n) {
  int64_t k = 0;
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(out + k * N, src + i * N, N);
    k += m[i] != 0;  // branch-free: always copy, advance only when selected
  }
  return k;
}

int64_t compress_any(char* out, const char* src, const unsigned char* m, int64_t n, int64_t isz) {
  switch (isz) {
    case 1: return compress_n<1>(out, src, m, n);
    case 2: return compress_n<2>(out, src, m, n);
    case 4: return compress_n<4>(out, src, m, n);
    case 8: return compress_n<8>(out, src, m, n);
    default: return compress_n<16>(out, src, m, n);
  }
}

}  // namespace

std::optional<array> mask_gather_fast(const array& a, const array& mask) {
  if (mask.dtype() != bool_ || mask.shape() != a.shape() || !a.is_c_contiguous() || !mask.is_c_contiguous())
    return std::nullopt;
  const auto* m = static_cast<const unsigned char*>(mask.raw_data());
  const int64_t n = a.size(), isz = a.itemsize();
  int64_t count = 0;
  for (int64_t i = 0; i < n; ++i) count += m[i] != 0;
  // One spare element: the branch-free loop writes one slot past the last selected one.
  array buf = empty({count + 1}, a.dtype());
  compress_any(static_cast<char*>(buf.mutable_data()), static_cast<const char*>(a.raw_data()), m, n, isz);
  return buf(slice(0, count));
}

array gather_1d(const array& src, const array& idx) {
  array out = empty(idx.shape(), src.dtype());
  char* o = static_cast<char*>(out.mutable_data());
  const char* s = static_cast<const char*>(src.raw_data());
  const int64_t* ip = static_cast<const int64_t*>(idx.raw_data());
  const int64_t stride = src.strides()[0];
  parallel_for(idx.size(), int64_t{1} << 16, [&](int64_t b, int64_t e) {
    switch (src.itemsize()) {
      case 1: gather_n<1>(o, s, stride, ip, b, e); break;
      case 2: gather_n<2>(o, s, stride, ip, b, e); break;
      case 4: gather_n<4>(o, s, stride, ip, b, e); break;
      case 8: gather_n<8>(o, s, stride, ip, b, e); break;
      default: gather_n<16>(o, s, stride, ip, b, e); break;
    }
  });
  return out;
}

std::optional<array> gather_1d_checked(const array& src, const array& idx) {
  array out = empty(idx.shape(), src.dtype());
  char* o = static_cast<char*>(out.mutable_data());
  const char* s = static_cast<const char*>(src.raw_data());
  const int64_t* ip = static_cast<const int64_t*>(idx.raw_data());
  const int64_t stride = src.strides()[0], n = src.shape()[0];
  std::atomic<bool> bad{false};
  parallel_for(idx.size(), int64_t{1} << 16, [&](int64_t b, int64_t e) {
    int64_t stop = e;
    switch (src.itemsize()) {
      case 1: stop = gather_checked_n<1>(o, s, stride, ip, n, b, e); break;
      case 2: stop = gather_checked_n<2>(o, s, stride, ip, n, b, e); break;
      case 4: stop = gather_checked_n<4>(o, s, stride, ip, n, b, e); break;
      case 8: stop = gather_checked_n<8>(o, s, stride, ip, n, b, e); break;
      default: stop = gather_checked_n<16>(o, s, stride, ip, n, b, e); break;
    }
    if (stop != e) bad = true;
  });
  if (bad) return std::nullopt;
  return out;
}

}  // namespace nd::detail

#pragma once
// Helpers shared by the io tests: the value formulas of tests/data/gen_npy.py and
// python/tests/test_npy_interop.py, and whole-file reads and writes.
#include <complex>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "nd/array.hpp"

namespace nd_io_test {

template <class T>
T ramp(int64_t i) {
  if constexpr (std::is_same_v<T, bool>) {
    return i % 3 == 0;
  } else if constexpr (std::is_same_v<T, nd::float16_t>) {
    return nd::float16_t((i - 5) * 0.375);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>((i - 5) / 3.0);
  } else if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
    using R = typename T::value_type;
    return T(static_cast<R>((i - 5) / 3.0), static_cast<R>(i * 0.5));
  } else if constexpr (std::is_signed_v<T>) {
    constexpr int64_t mul = sizeof(T) == 1 ? 5 : sizeof(T) == 2 ? 1001 : sizeof(T) == 4 ? 100000007 : 1000000000000037;
    return static_cast<T>((i - 5) * mul);
  } else {
    constexpr uint64_t mul = sizeof(T) == 1   ? 10
                             : sizeof(T) == 2 ? 2701
                             : sizeof(T) == 4 ? 180000007
                                              : 800000000000000011ULL;
    return static_cast<T>(static_cast<uint64_t>(i) * mul);
  }
}

// Bit patterns of SPECIAL in gen_npy.py.
inline const std::vector<uint64_t> kSpecialF8 = {
    0x0, 0x8000000000000000ULL, 0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x7ff8000000000000ULL, 0x1,
    0x7fefffffffffffffULL, 0x3fd5555555555555ULL};
inline const std::vector<uint16_t> kSpecialF2 = {0x0, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x1, 0x7bff, 0x3555};

// Byte offset of the element at C-order flat index `flat`, from the strides.
inline int64_t offset_of(const nd::array& a, int64_t flat) {
  int64_t off = 0;
  for (int64_t d = a.ndim() - 1; d >= 0; --d) {
    int64_t n = a.shape()[static_cast<size_t>(d)];
    off += (flat % n) * a.strides()[static_cast<size_t>(d)];
    flat /= n;
  }
  return off;
}

// Writes ramp(i + first) at C-order flat index i of `a`, through its strides.
inline void fill_ramp(nd::array& a, int64_t first = 0) {
  char* base = static_cast<char*>(a.mutable_data());
  nd::visit_dtype(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (int64_t i = 0; i < a.size(); ++i) {
      T v = ramp<T>(i + first);
      std::memcpy(base + offset_of(a, i), &v, sizeof(T));
    }
  });
}

inline nd::array ramp_array(const nd::shape_t& shape, nd::dtype dt, nd::order o = nd::order::C, int64_t first = 0) {
  nd::array a(shape, dt, o);
  fill_ramp(a, first);
  return a;
}

// Index of the first element whose bytes differ from ramp (values compared bit for bit), or -1.
inline int64_t first_ramp_mismatch(const nd::array& a) {
  const char* base = static_cast<const char*>(a.raw_data());
  return nd::visit_dtype(a.dtype(), [&](auto tag) -> int64_t {
    using T = typename decltype(tag)::type;
    for (int64_t i = 0; i < a.size(); ++i) {
      T want = ramp<T>(i);
      if (std::memcmp(base + offset_of(a, i), &want, sizeof(T)) != 0) return i;
    }
    return -1;
  });
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::remove(path.c_str());  // ext4 flushes files truncated in place; a new file is cheap
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// What the fuzz tests require of a damaged file that still loads: the array is readable
// with the geometry it claims (every byte is read, so a wrong size runs off the buffer
// under AddressSanitizer) and its bool bytes are 0 or 1. Call through
// ASSERT_NO_FATAL_FAILURE.
inline void expect_fully_readable(const nd::array& a) {
  ASSERT_EQ(a.nbytes(), a.size() * a.dtype().itemsize());
  const auto* q = static_cast<const unsigned char*>(a.raw_data());
  unsigned sum = 0;
  for (int64_t i = 0; i < a.nbytes(); ++i) sum += q[i];
  if (a.dtype() == nd::bool_) {
    for (int64_t i = 0; i < a.nbytes(); ++i) ASSERT_LE(q[i], 1);
  }
  volatile unsigned sink = sum;
  (void)sink;
}

}  // namespace nd_io_test

// The product core: OpenBLAS gemm/gemv for float32/64 and complex64/128, nd's own
// blocked kernel for bool and integers and for batches of small matrices, and the
// policy that keeps OpenBLAS's threads in step with nd's pool.
#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <complex>
#include <cstring>
#include <type_traits>
#include <vector>

#include "iter/parallel.hpp"
#include "linalg/common.hpp"
#include "nd/creation.hpp"
#include "nd/threads.hpp"

namespace nd {
namespace detail::la {
namespace {

std::atomic<int> g_max_threads_in_region{0};
std::atomic<int64_t> g_operand_copies{0};

void note_region_call() {
  const int t = openblas_get_num_threads();
  int seen = g_max_threads_in_region.load();
  while (t > seen && !g_max_threads_in_region.compare_exchange_weak(seen, t)) {
  }
}

}  // namespace

void blas_prepare() {
  if (in_parallel_region()) {
    note_region_call();
    return;
  }
  const int want = nd::get_num_threads();
  if (openblas_get_num_threads() != want) openblas_set_num_threads(want);
}

namespace {
// OpenBLAS follows nd::set_num_threads at once, not only at the next linalg call.
void follow_nd_threads(int n) {
  if (!in_parallel_region() && openblas_get_num_threads() != n) openblas_set_num_threads(n);
}
[[maybe_unused]] const bool g_follow = (on_num_threads_change(&follow_nd_threads), true);
}  // namespace

blas_serial_scope::blas_serial_scope() : prev_(openblas_get_num_threads()) {
  if (prev_ != 1) openblas_set_num_threads(1);
}
blas_serial_scope::~blas_serial_scope() {
  if (prev_ != 1) openblas_set_num_threads(prev_);
}

bool split_batches(int64_t count, double work) {
  // Split when there are at least two problems and enough work in all of them to pay for
  // waking the pool, but each is too small for BLAS's own threads to help much.
  return count >= 2 && nd::get_num_threads() > 1 && work * static_cast<double>(count) > 5e5 && work < 2e7;
}

int64_t batch_count(const shape_t& s, int64_t nbatch) {
  int64_t n = 1;
  for (int64_t i = 0; i < nbatch; ++i) n *= s[static_cast<size_t>(i)];
  return n;
}

std::vector<int64_t> batch_offsets(const array& a, int64_t nbatch) {
  const int64_t count = batch_count(a.shape(), nbatch);
  std::vector<int64_t> off(static_cast<size_t>(count), 0);
  if (count == 0 || nbatch == 0) return off;
  std::vector<int64_t> idx(static_cast<size_t>(nbatch), 0);
  int64_t cur = 0;
  for (int64_t b = 0; b < count; ++b) {
    off[static_cast<size_t>(b)] = cur;
    for (int64_t d = nbatch - 1; d >= 0; --d) {
      const auto du = static_cast<size_t>(d);
      cur += a.strides()[du];
      if (++idx[du] < a.shape()[du]) break;
      cur -= a.strides()[du] * idx[du];
      idx[du] = 0;
    }
  }
  return off;
}

namespace {

// Whether the leading `nbatch` axes of `a` visit their matrices at one uniform byte step
// (stored in `step`): true for C-ordered stacks, full broadcasts and single matrices.
bool uniform_step(const array& a, int64_t nbatch, int64_t& step) {
  step = 0;
  bool seen = false;
  int64_t expect = 0;
  for (int64_t d = nbatch - 1; d >= 0; --d) {
    const auto du = static_cast<size_t>(d);
    const int64_t n = a.shape()[du], st = a.strides()[du];
    if (n == 1) continue;
    if (!seen) {
      step = st;
      seen = true;
    } else if (st != expect) {
      return false;
    }
    expect = st * n;
  }
  return true;
}

// ---- nd's own kernel ----

template <class T>
struct acc_of {
  using type = T;
};
template <>
struct acc_of<bool> {
  using type = uint8_t;
};
// Integers accumulate in a wide unsigned type: wrapping as NumPy's, without signed overflow.
#define ND_ACC(T, A) \
  template <>        \
  struct acc_of<T> { \
    using type = A;  \
  };
ND_ACC(int8_t, uint32_t)
ND_ACC(uint8_t, uint32_t)
ND_ACC(int16_t, uint32_t)
ND_ACC(uint16_t, uint32_t)
ND_ACC(int32_t, uint32_t)
ND_ACC(uint32_t, uint32_t)
ND_ACC(int64_t, uint64_t)
ND_ACC(uint64_t, uint64_t)
#undef ND_ACC

template <class T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <class T, class Acc>
inline Acc widen(T v) {
  if constexpr (std::is_same_v<T, bool>) return static_cast<Acc>(v);
  else if constexpr (std::is_integral_v<T>) return static_cast<Acc>(static_cast<std::make_signed_t<Acc>>(v));
  else return static_cast<Acc>(v);
}

// C (n x m, row-major, contiguous) = A (n x k) @ B (k x m); A and B by byte strides.
// Blocked over columns and the contracted axis so a block of B stays in cache; the inner
// loop runs along a contiguous row of B (packed first when B's rows are strided).
template <class T>
void own_gemm(int64_t n, int64_t m, int64_t k, const char* A, int64_t ars, int64_t acs, const char* B, int64_t brs,
              int64_t bcs, T* C, std::vector<char>& scratch) {
  using Acc = typename acc_of<T>::type;
  constexpr int64_t sz = static_cast<int64_t>(sizeof(T));
  constexpr bool direct = std::is_same_v<Acc, T>;
  const T* Bp;
  int64_t ldb;
  size_t need = 0;
  const bool pack = !(bcs == sz && brs % sz == 0) && k * m > 0;
  // The packed B, rounded up so the accumulators after it stay aligned.
  const size_t packed = (static_cast<size_t>(k * m) * sizeof(T) + 15) / 16 * 16;
  if (pack) need += packed;
  if (!direct) need += static_cast<size_t>(n * m) * sizeof(Acc);
  if (scratch.size() < need) scratch.resize(need);
  char* s = scratch.data();
  if (pack) {
    T* dst = reinterpret_cast<T*>(s);
    for (int64_t r = 0; r < k; ++r)
      for (int64_t j = 0; j < m; ++j) dst[r * m + j] = load<T>(B + r * brs + j * bcs);
    Bp = dst;
    ldb = m;
    s += packed;
  } else {
    Bp = reinterpret_cast<const T*>(B);
    ldb = brs / sz;
  }
  Acc* acc;
  if constexpr (direct) acc = C;
  else acc = reinterpret_cast<Acc*>(s);
  std::fill(acc, acc + n * m, Acc{});
  constexpr int64_t JB = 512, KB = 128;
  for (int64_t j0 = 0; j0 < m; j0 += JB) {
    const int64_t j1 = std::min(m, j0 + JB);
    for (int64_t k0 = 0; k0 < k; k0 += KB) {
      const int64_t k1 = std::min(k, k0 + KB);
      for (int64_t i = 0; i < n; ++i) {
        Acc* __restrict crow = acc + i * m;
        const char* arow = A + i * ars;
        for (int64_t kk = k0; kk < k1; ++kk) {
          const Acc a = widen<T, Acc>(load<T>(arow + kk * acs));
          const T* __restrict brow = Bp + kk * ldb;
          if constexpr (std::is_same_v<T, bool>) {
            if (!a) continue;
            for (int64_t j = j0; j < j1; ++j) crow[j] |= static_cast<Acc>(brow[j]);
          } else {
            for (int64_t j = j0; j < j1; ++j) crow[j] += a * widen<T, Acc>(brow[j]);
          }
        }
      }
    }
  }
  if constexpr (!direct) {
    for (int64_t i = 0; i < n * m; ++i) {
      if constexpr (std::is_same_v<T, bool>) C[i] = acc[i] != 0;
      else C[i] = static_cast<T>(acc[i]);
    }
  }
}

// ---- batches of small float products ----

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define ND_LA_MULTIVERSION __attribute__((target_clones("default", "avx2", "arch=x86-64-v4")))
#else
#define ND_LA_MULTIVERSION
#endif

// acc + a * b; complex products written out (the library call std::complex uses for
// C99's inf/nan rules is far slower, and BLAS does not follow those rules either).
template <class T>
inline T fma_(T acc, T a, T b) {
  if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>)
    return T(acc.real() + a.real() * b.real() - a.imag() * b.imag(),
             acc.imag() + a.real() * b.imag() + a.imag() * b.real());
  else
    return acc + a * b;
}

// One product of at most 16 columns; MC > 0 fixes the column count at compile time and
// UNIT says B's rows are contiguous, so the inner loop unrolls and vectorises.
// Real types with MC a multiple of the vector width: C's row lives in MC / W explicit
// vector registers (GCC vector extensions; 32 bytes, split in two on baseline SSE2), one
// broadcast multiply-add per element of A.
template <class T>
struct vec32;
template <>
struct vec32<double> {
  typedef double type __attribute__((vector_size(32)));
};
template <>
struct vec32<float> {
  typedef float type __attribute__((vector_size(32)));
};

template <class T, int MC>
__attribute__((always_inline)) inline void small_one_vec(int64_t n, int64_t k, const T* A, int64_t a0, int64_t a1,
                                                         const T* B, int64_t b0, T* C) {
  constexpr int W = 32 / static_cast<int>(sizeof(T));
  constexpr int NV = MC / W;
  using V = typename vec32<T>::type;
  int64_t i = 0;
  // Two rows of C at a time: each vector of B loaded once feeds two multiply-adds.
  for (; i + 2 <= n; i += 2) {
    V acc0[NV], acc1[NV];
    for (int v = 0; v < NV; ++v) acc0[v] = acc1[v] = V{};
    for (int64_t kk = 0; kk < k; ++kk) {
      const V x0 = V{} + A[i * a0 + kk * a1], x1 = V{} + A[(i + 1) * a0 + kk * a1];
      const T* brow = B + kk * b0;
      for (int v = 0; v < NV; ++v) {
        V bv;
        std::memcpy(&bv, brow + v * W, sizeof(V));
        acc0[v] += x0 * bv;
        acc1[v] += x1 * bv;
      }
    }
    std::memcpy(C + i * MC, acc0, sizeof(acc0));
    std::memcpy(C + (i + 1) * MC, acc1, sizeof(acc1));
  }
  for (; i < n; ++i) {
    V acc[NV];
    for (int v = 0; v < NV; ++v) acc[v] = V{};
    for (int64_t kk = 0; kk < k; ++kk) {
      const V x = V{} + A[i * a0 + kk * a1];
      const T* brow = B + kk * b0;
      for (int v = 0; v < NV; ++v) {
        V bv;
        std::memcpy(&bv, brow + v * W, sizeof(V));
        acc[v] += x * bv;
      }
    }
    std::memcpy(C + i * MC, acc, sizeof(acc));
  }
}

template <class T, int MC, bool UNIT>
__attribute__((always_inline)) inline void small_one(int64_t n, int64_t m_rt, int64_t k, const T* A, int64_t a0,
                                                     int64_t a1, const T* B, int64_t b0, int64_t b1, T* C) {
  const int64_t m = MC > 0 ? MC : m_rt;
  for (int64_t i = 0; i < n; ++i) {
    T acc[16];
    for (int64_t j = 0; j < m; ++j) acc[j] = T{};
    for (int64_t kk = 0; kk < k; ++kk) {
      const T a = A[i * a0 + kk * a1];
      const T* brow = B + kk * b0;
      if constexpr (MC > 0) {
        // Fully unrolled: the compiler packs the MC updates into vector instructions.
#pragma GCC unroll 16
        for (int j = 0; j < MC; ++j) acc[j] = fma_(acc[j], a, brow[UNIT ? j : j * b1]);
      } else {
        for (int64_t j = 0; j < m; ++j) acc[j] = fma_(acc[j], a, brow[UNIT ? j : j * b1]);
      }
    }
    for (int64_t j = 0; j < m; ++j) C[i * m + j] = acc[j];
  }
}

// Fixed-size products (N x K) @ (K x M) with contiguous rows: every loop bound is a
// compile-time constant, so the compiler unrolls all of it and keeps C in registers. Real
// types whose rows are whole vectors use explicit vectors of VB bytes (GCC vector
// extensions), R rows of C at a time so each vector of B loaded feeds R multiply-adds.
template <class T, int VB>
struct vec_of {
  typedef T type __attribute__((vector_size(VB)));
};

template <class T, int N, int K, int M, int VB>
__attribute__((always_inline)) inline void fixed_one(const T* __restrict A, int64_t a0, const T* __restrict B,
                                                     int64_t b0, T* __restrict C) {
  // Vectors no wider than a row of C.
  constexpr int row = M * static_cast<int>(sizeof(T));
  constexpr int VBe = row >= VB ? VB : row >= 32 ? 32 : 16;
  constexpr int W = VBe / static_cast<int>(sizeof(T));
  if constexpr (std::is_floating_point_v<T> && M % W == 0) {
    using V = typename vec_of<T, VBe>::type;
    constexpr int NV = M / W;
    constexpr int R = NV <= 2 ? (N % 4 == 0 ? 4 : N % 2 == 0 ? 2 : 1) : (N % 2 == 0 ? 2 : 1);
    // Blocks of R rows stay a loop (unrolling them too spills address registers).
#pragma GCC unroll 1
    for (int i0 = 0; i0 < N; i0 += R) {
      V acc[R][NV];
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r)
#pragma GCC unroll 16
        for (int v = 0; v < NV; ++v) acc[r][v] = V{};
#pragma GCC unroll 16
      for (int kk = 0; kk < K; ++kk) {
        V bv[NV];
#pragma GCC unroll 16
        for (int v = 0; v < NV; ++v) std::memcpy(&bv[v], B + kk * b0 + v * W, sizeof(V));
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r) {
          V x;
          const T a = A[(i0 + r) * a0 + kk];
#pragma GCC unroll 16
          for (int l = 0; l < W; ++l) x[l] = a;  // a broadcast
#pragma GCC unroll 16
          for (int v = 0; v < NV; ++v) acc[r][v] += x * bv[v];
        }
      }
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) std::memcpy(C + (i0 + r) * M, acc[r], sizeof(acc[r]));
    }
  } else {
    // Scalar rows (complex, or rows narrower than a vector): only the row of C is unrolled,
    // which keeps the code (and its compile time) small.
#pragma GCC unroll 1
    for (int i = 0; i < N; ++i) {
      T acc[M];
#pragma GCC unroll 16
      for (int j = 0; j < M; ++j) acc[j] = T{};
#pragma GCC unroll 1
      for (int kk = 0; kk < K; ++kk) {
        const T a = A[i * a0 + kk];
#pragma GCC unroll 16
        for (int j = 0; j < M; ++j) acc[j] = fma_(acc[j], a, B[kk * b0 + j]);
      }
#pragma GCC unroll 16
      for (int j = 0; j < M; ++j) C[i * M + j] = acc[j];
    }
  }
}

struct small_args {
  int64_t n, m, k, a0, a1, b0, b1;  // strides in elements
  const char *abase, *bbase;
  // Byte offset of batch item b: aoff[b], or b * astep when the batch is one uniform stride.
  const int64_t *aoff, *boff;
  int64_t astep, bstep;
  const char* a_at(int64_t b) const { return abase + (aoff ? aoff[b] : b * astep); }
  const char* b_at(int64_t b) const { return bbase + (boff ? boff[b] : b * bstep); }
};

template <class T, int N, int K, int M, int VB>
__attribute__((always_inline)) inline void fixed_loop(const small_args& g, int64_t first, int64_t last, T* C) {
  for (int64_t b = first; b < last; ++b)
    fixed_one<T, N, K, M, VB>(reinterpret_cast<const T*>(g.a_at(b)), g.a0, reinterpret_cast<const T*>(g.b_at(b)),
                              g.b0, C + b * (N * M));
}

// One instance per instruction set, picked at run time: 64-byte vectors where AVX-512 has
// 32 registers to hold them, 32-byte ones on AVX2, 16-byte ones otherwise. Sanitizer builds
// keep the baseline instance only (the others triple a long compile and test the same code).
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define ND_LA_FIXED_ISA 1
#else
#define ND_LA_FIXED_ISA 0
#endif
#if ND_LA_FIXED_ISA
template <class T, int N, int K, int M>
__attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma"))) void fixed_avx512(const small_args& g, int64_t f,
                                                                                 int64_t l, T* C) {
  fixed_loop<T, N, K, M, 64>(g, f, l, C);
}
template <class T, int N, int K, int M>
__attribute__((target("avx2,fma"))) void fixed_avx2(const small_args& g, int64_t f, int64_t l, T* C) {
  fixed_loop<T, N, K, M, 32>(g, f, l, C);
}
#endif
template <class T, int N, int K, int M>
void fixed_base(const small_args& g, int64_t f, int64_t l, T* C) {
  fixed_loop<T, N, K, M, 16>(g, f, l, C);
}

#if ND_LA_FIXED_ISA
enum class isa { base, avx2, avx512 };
isa detect_isa() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    return isa::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return isa::avx2;
#endif
  return isa::base;
}
const isa g_isa = detect_isa();
#endif

template <class T, int N, int K, int M>
void fixed_range(const small_args& g, int64_t f, int64_t l, T* C) {
#if ND_LA_FIXED_ISA
  if (g_isa == isa::avx512) return fixed_avx512<T, N, K, M>(g, f, l, C);
  if (g_isa == isa::avx2) return fixed_avx2<T, N, K, M>(g, f, l, C);
#endif
  fixed_base<T, N, K, M>(g, f, l, C);
}

// The fixed-size kernel for square n x n products with contiguous rows, if there is one.
template <class T>
bool fixed_dispatch(const small_args& g, int64_t first, int64_t last, T* C) {
  if (g.a1 != 1 || g.b1 != 1 || g.n != g.m || g.n != g.k) return false;
  switch (g.n) {
    case 2:
      fixed_range<T, 2, 2, 2>(g, first, last, C);
      return true;
    case 3:
      fixed_range<T, 3, 3, 3>(g, first, last, C);
      return true;
    case 4:
      fixed_range<T, 4, 4, 4>(g, first, last, C);
      return true;
    case 8:
      fixed_range<T, 8, 8, 8>(g, first, last, C);
      return true;
    case 16:
      if constexpr (std::is_floating_point_v<T>) {  // complex rows of 16 overflow the registers
        fixed_range<T, 16, 16, 16>(g, first, last, C);
        return true;
      }
      return false;
    default:
      return false;
  }
}

template <class T, int MC, bool UNIT>
ND_LA_MULTIVERSION void small_range(const small_args& g, int64_t first, int64_t last, T* C) {
  constexpr bool vec = UNIT && std::is_floating_point_v<T> && MC > 0 && MC % (32 / sizeof(T)) == 0;
  if constexpr (vec) {
    for (int64_t b = first; b < last; ++b)
      small_one_vec<T, MC>(g.n, g.k, reinterpret_cast<const T*>(g.a_at(b)), g.a0, g.a1,
                           reinterpret_cast<const T*>(g.b_at(b)), g.b0, C + b * g.n * g.m);
    return;
  }
  for (int64_t b = first; b < last; ++b)
    small_one<T, MC, UNIT>(g.n, g.m, g.k, reinterpret_cast<const T*>(g.a_at(b)), g.a0, g.a1,
                           reinterpret_cast<const T*>(g.b_at(b)), g.b0, g.b1, C + b * g.n * g.m);
}

template <class T>
void small_dispatch(const small_args& g, int64_t first, int64_t last, T* C) {
  if (fixed_dispatch<T>(g, first, last, C)) return;
  if (g.b1 != 1) return small_range<T, 0, false>(g, first, last, C);
  switch (g.m) {
    case 2:
      return small_range<T, 2, true>(g, first, last, C);
    case 3:
      return small_range<T, 3, true>(g, first, last, C);
    case 4:
      return small_range<T, 4, true>(g, first, last, C);
    case 8:
      return small_range<T, 8, true>(g, first, last, C);
    case 16:
      return small_range<T, 16, true>(g, first, last, C);
    default:
      return small_range<T, 0, true>(g, first, last, C);
  }
}

// ---- BLAS ----

template <class T>
inline constexpr bool blas_type_v = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                                    std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>;

// How BLAS can read a rows x cols operand with element strides (rs, cs): row-major as
// itself (trans false) or as the row-major transpose (trans true), with lead dimension ld.
bool blas_layout(int64_t rows, int64_t cols, int64_t rs, int64_t cs, bool& trans, int64_t& ld) {
  if ((cols == 1 || cs == 1) && (rows == 1 || rs >= std::max<int64_t>(1, cols))) {
    trans = false;
    ld = rows == 1 ? std::max<int64_t>(1, cols) : rs;
  } else if ((rows == 1 || rs == 1) && (cols == 1 || cs >= std::max<int64_t>(1, rows))) {
    trans = true;
    ld = cols == 1 ? std::max<int64_t>(1, rows) : cs;
  } else {
    return false;
  }
  return ld <= INT_MAX;
}

template <class T>
void gemm_call(bool ta, bool tb, int64_t n, int64_t m, int64_t k, const T* A, int64_t lda, const T* B, int64_t ldb,
               T* C) {
  const auto TA = ta ? CblasTrans : CblasNoTrans, TB = tb ? CblasTrans : CblasNoTrans;
  const auto N = static_cast<blasint>(n), M = static_cast<blasint>(m), K = static_cast<blasint>(k);
  const auto la = static_cast<blasint>(lda), lb = static_cast<blasint>(ldb);
  if constexpr (std::is_same_v<T, float>) {
    cblas_sgemm(CblasRowMajor, TA, TB, N, M, K, 1.0f, A, la, B, lb, 0.0f, C, M);
  } else if constexpr (std::is_same_v<T, double>) {
    cblas_dgemm(CblasRowMajor, TA, TB, N, M, K, 1.0, A, la, B, lb, 0.0, C, M);
  } else {
    const T one(1), zero(0);
    if constexpr (std::is_same_v<T, std::complex<float>>)
      cblas_cgemm(CblasRowMajor, TA, TB, N, M, K, &one, A, la, B, lb, &zero, C, M);
    else
      cblas_zgemm(CblasRowMajor, TA, TB, N, M, K, &one, A, la, B, lb, &zero, C, M);
  }
}

// y = op(X) x, X a row-major rows x cols matrix with lead dimension ld.
template <class T>
void gemv_call(bool trans, int64_t rows, int64_t cols, const T* X, int64_t ld, const T* x, int64_t incx, T* y) {
  const auto TR = trans ? CblasTrans : CblasNoTrans;
  const auto R = static_cast<blasint>(rows), Cc = static_cast<blasint>(cols), L = static_cast<blasint>(ld);
  const auto inc = static_cast<blasint>(incx);
  if constexpr (std::is_same_v<T, float>) {
    cblas_sgemv(CblasRowMajor, TR, R, Cc, 1.0f, X, L, x, inc, 0.0f, y, 1);
  } else if constexpr (std::is_same_v<T, double>) {
    cblas_dgemv(CblasRowMajor, TR, R, Cc, 1.0, X, L, x, inc, 0.0, y, 1);
  } else {
    const T one(1), zero(0);
    if constexpr (std::is_same_v<T, std::complex<float>>)
      cblas_cgemv(CblasRowMajor, TR, R, Cc, &one, X, L, x, inc, &zero, y, 1);
    else
      cblas_zgemv(CblasRowMajor, TR, R, Cc, &one, X, L, x, inc, &zero, y, 1);
  }
}

// Copies a rows x cols operand into a contiguous row-major buffer.
template <class T>
const T* pack_rows(int64_t rows, int64_t cols, const char* p, int64_t rs, int64_t cs, std::vector<char>& buf) {
  g_operand_copies.fetch_add(1, std::memory_order_relaxed);
  buf.resize(static_cast<size_t>(rows * cols) * sizeof(T));
  T* d = reinterpret_cast<T*>(buf.data());
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) d[i * cols + j] = load<T>(p + i * rs + j * cs);
  return d;
}

// One product through BLAS; operands BLAS cannot read as they are are copied first.
template <class T>
void blas_gemm(int64_t n, int64_t m, int64_t k, const char* A, int64_t ars, int64_t acs, const char* B, int64_t brs,
               int64_t bcs, T* C, std::vector<char>& sa, std::vector<char>& sb) {
  constexpr int64_t sz = static_cast<int64_t>(sizeof(T));
  auto elem = [&](int64_t s, int64_t& e) {
    if (s % sz) return false;
    e = s / sz;
    return true;
  };
  const T* pa = reinterpret_cast<const T*>(A);
  const T* pb = reinterpret_cast<const T*>(B);
  int64_t ea0 = 0, ea1 = 0, eb0 = 0, eb1 = 0, lda = 0, ldb = 0;
  bool ta = false, tb = false;
  const bool aligned =
      reinterpret_cast<uintptr_t>(A) % alignof(T) == 0 && reinterpret_cast<uintptr_t>(B) % alignof(T) == 0;
  if (!aligned || !elem(ars, ea0) || !elem(acs, ea1) || !blas_layout(n, k, ea0, ea1, ta, lda)) {
    pa = pack_rows<T>(n, k, A, ars, acs, sa);
    ta = false;
    lda = std::max<int64_t>(1, k);
  }
  if (!aligned || !elem(brs, eb0) || !elem(bcs, eb1) || !blas_layout(k, m, eb0, eb1, tb, ldb)) {
    pb = pack_rows<T>(k, m, B, brs, bcs, sb);
    tb = false;
    ldb = std::max<int64_t>(1, m);
  }
  blas_prepare();
  if (m == 1) {
    // C (n) = A b: b is column 0 of B, read with stride ldb (row-major) or 1 (transposed).
    const int64_t incb = tb ? 1 : ldb;
    if (ta) gemv_call<T>(true, k, n, pa, lda, pb, incb, C);
    else gemv_call<T>(false, n, k, pa, lda, pb, incb, C);
  } else if (n == 1) {
    // C (m) = B^T a: a is row 0 of A.
    const int64_t inca = ta ? lda : 1;
    if (tb) gemv_call<T>(false, m, k, pb, ldb, pa, inca, C);
    else gemv_call<T>(true, k, m, pb, ldb, pa, inca, C);
  } else {
    gemm_call<T>(ta, tb, n, m, k, pa, lda, pb, ldb, C);
  }
}

template <class T>
void matmul_typed(const array& A, const array& B, array& Cc) {
  const int64_t nd_ = A.ndim(), nb = nd_ - 2;
  const int64_t n = A.shape(-2), k = A.shape(-1), m = B.shape(-1);
  const int64_t ars = A.strides()[static_cast<size_t>(nd_ - 2)], acs = A.strides()[static_cast<size_t>(nd_ - 1)];
  const int64_t brs = B.strides()[static_cast<size_t>(nd_ - 2)], bcs = B.strides()[static_cast<size_t>(nd_ - 1)];
  const int64_t count = batch_count(Cc.shape(), nb);
  T* C = static_cast<T*>(Cc.mutable_data("matmul"));
  if (count == 0 || n * m == 0) return;
  if (k == 0) {
    std::fill(C, C + count * n * m, T{});
    return;
  }
  // Batches laid out with one uniform step (contiguous stacks, full broadcasts) need no
  // table of offsets.
  int64_t astep = 0, bstep = 0;
  const bool auni = uniform_step(A, nb, astep), buni = uniform_step(B, nb, bstep);
  std::vector<int64_t> aoff, boff;
  if (!auni) aoff = batch_offsets(A, nb);
  if (!buni) boff = batch_offsets(B, nb);
  const char* a0 = static_cast<const char*>(A.raw_data());
  const char* b0 = static_cast<const char*>(B.raw_data());
  const bool small = n <= 16 && m <= 16 && k <= 16;
  const bool fits = n <= INT_MAX && m <= INT_MAX && k <= INT_MAX;
  const double work = 2.0 * static_cast<double>(n) * static_cast<double>(m) * static_cast<double>(k);
  auto run = [&](int64_t b0i, int64_t b1i) {
    std::vector<char> s1, s2;
    for (int64_t b = b0i; b < b1i; ++b) {
      const char* pa = a0 + (auni ? b * astep : aoff[static_cast<size_t>(b)]);
      const char* pb = b0 + (buni ? b * bstep : boff[static_cast<size_t>(b)]);
      T* pc = C + b * n * m;
      if constexpr (blas_type_v<T>) {
        if (!small && fits) {
          blas_gemm<T>(n, m, k, pa, ars, acs, pb, brs, bcs, pc, s1, s2);
          continue;
        }
      }
      own_gemm<T>(n, m, k, pa, ars, acs, pb, brs, bcs, pc, s1);
    }
  };
  const bool uses_blas = blas_type_v<T> && !small && fits;
  if constexpr (blas_type_v<T>) {
    // Small float products with whole-element strides and aligned data: the batch kernel.
    constexpr int64_t sz = static_cast<int64_t>(sizeof(T));
    bool whole = small && ars % sz == 0 && acs % sz == 0 && brs % sz == 0 && bcs % sz == 0 &&
                 reinterpret_cast<uintptr_t>(a0) % alignof(T) == 0 && reinterpret_cast<uintptr_t>(b0) % alignof(T) == 0;
    whole = whole && astep % sz == 0 && bstep % sz == 0;
    for (size_t i = 0; whole && i < aoff.size(); ++i) whole = aoff[i] % sz == 0;
    for (size_t i = 0; whole && i < boff.size(); ++i) whole = boff[i] % sz == 0;
    if (whole) {
      const small_args g{n,  m,  k,  ars / sz, acs / sz, brs / sz, bcs / sz, a0, b0, auni ? nullptr : aoff.data(),
                         buni ? nullptr : boff.data(), astep, bstep};
      if (count >= 2 && split_batches(count, work))
        parallel_for(count, 64, [&](int64_t f, int64_t l) { small_dispatch<T>(g, f, l, C); });
      else
        small_dispatch<T>(g, 0, count, C);
      return;
    }
  }
  if (count >= 2 && split_batches(count, work)) {
    if (uses_blas) {
      blas_serial_scope serial;
      parallel_for(count, 1, run);
    } else {
      parallel_for(count, 1, run);
    }
  } else if (!uses_blas && count == 1 && n >= 64 && work > 1e6) {
    // One large integer product: split its rows over the pool.
    parallel_for(n, 16, [&](int64_t r0, int64_t r1) {
      std::vector<char> s;
      own_gemm<T>(r1 - r0, m, k, a0 + r0 * ars, ars, acs, b0, brs, bcs, C + r0 * m, s);
    });
  } else {
    run(0, count);
  }
}

}  // namespace

void matmul_core(const array& A, const array& B, array& C) {
  visit_dtype(A.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, float16_t>) {
      throw dtype_error("[matmul] internal: float16 reaches the product core");
    } else {
      matmul_typed<T>(A, B, C);
    }
  });
}

}  // namespace detail::la

namespace linalg {
int blas_num_threads() { return openblas_get_num_threads(); }
int detail_max_blas_threads_in_parallel() { return detail::la::g_max_threads_in_region.load(); }
void detail_reset_blas_thread_stats() { detail::la::g_max_threads_in_region.store(0); }
int64_t detail_blas_operand_copies() { return detail::la::g_operand_copies.load(); }
}  // namespace linalg

}  // namespace nd

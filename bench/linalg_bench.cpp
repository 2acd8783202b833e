// nd's side of the linear-algebra table, with the C++ peers: Eigen (its own GEMM, on one
// thread: Debian's package is used without OpenMP) and xtensor-blas (xt::linalg::dot, which
// calls the same OpenBLAS as nd), and the machine's FMA peak measured by a register-only
// multiply-add loop on one core and on all of them. bench/run_linalg.py runs this, times
// NumPy on the same cases in the same run and writes bench/results/linalg.{md,json}.
//
// Output: one JSON object on stdout. Usage: nd_linalg_bench [--quick]
// GCC 12's AVX-512 headers build some constants from a deliberately undefined vector and
// trip -Wmaybe-uninitialized once Eigen's kernels are inlined (GCC bug 105593).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <immintrin.h>
#include <string>
#include <thread>
#include <vector>

#include "nd/array.hpp"
#include "nd/linalg.hpp"

namespace {

using clk = std::chrono::steady_clock;

// Best wall time of `reps` calls after one warm-up call (none when reps == 1 and the
// case is large: n = 4000 runs once).
double best_of(int reps, bool warm, const std::function<void()>& f) {
  if (warm) f();
  double best = 1e30;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = clk::now();
    f();
    best = std::min(best, std::chrono::duration<double>(clk::now() - t0).count());
  }
  return best;
}

nd::array noise(const nd::shape_t& shape, nd::dtype dt, uint64_t seed) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  std::vector<double> v(static_cast<size_t>(n));
  uint64_t x = 0x9E3779B97F4A7C15ull ^ seed;
  for (auto& e : v) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    e = static_cast<double>(x >> 11) * 0x1.0p-53 - 0.5;
  }
  return nd::from_vector(std::move(v)).reshape(shape).astype(dt);
}

// ---- the FMA peak: 12 independent accumulators in registers, nothing but multiply-adds ----

// Twelve named accumulators (an array would live in memory); 12 chains cover the FMA
// latency times the two FMA ports of current x86 cores.
#define ND_FMA12(F)                                                                                   \
  a0 = F(a0, x, y), a1 = F(a1, x, y), a2 = F(a2, x, y), a3 = F(a3, x, y), a4 = F(a4, x, y),           \
  a5 = F(a5, x, y), a6 = F(a6, x, y), a7 = F(a7, x, y), a8 = F(a8, x, y), a9 = F(a9, x, y),           \
  a10 = F(a10, x, y), a11 = F(a11, x, y)

template <class V, class S, class Fma, class Set, class Store>
inline double fma_chains(int64_t iters, Fma fma, Set set1, Store store, S xv, S yv) {
  // Distinct starting values, so the compiler cannot merge the chains into one.
  V a0 = set1(S(0)), a1 = set1(S(1e-3)), a2 = set1(S(2e-3)), a3 = set1(S(3e-3)), a4 = set1(S(4e-3)),
    a5 = set1(S(5e-3)), a6 = set1(S(6e-3)), a7 = set1(S(7e-3)), a8 = set1(S(8e-3)), a9 = set1(S(9e-3)),
    a10 = set1(S(10e-3)), a11 = set1(S(11e-3));
  const V x = set1(xv), y = set1(yv);
  for (int64_t i = 0; i < iters; ++i) {
    ND_FMA12(fma);
  }
  const V sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  return store(sum);
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) double fma_loop_avx512(int64_t iters, bool single) {
  if (single)
    return fma_chains<__m512>(
        iters, [](__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); },
        [](float v) { return _mm512_set1_ps(v); },
        [](__m512 v) {
          alignas(64) float o[16];
          _mm512_store_ps(o, v);
          return static_cast<double>(o[0]);
        },
        0.999999f, 1e-7f);
  return fma_chains<__m512d>(
      iters, [](__m512d a, __m512d b, __m512d c) { return _mm512_fmadd_pd(a, b, c); },
      [](double v) { return _mm512_set1_pd(v); },
      [](__m512d v) {
        alignas(64) double o[8];
        _mm512_store_pd(o, v);
        return o[0];
      },
      0.999999, 1e-7);
}
__attribute__((target("avx2,fma"))) double fma_loop_avx2(int64_t iters, bool single) {
  if (single)
    return fma_chains<__m256>(
        iters, [](__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); },
        [](float v) { return _mm256_set1_ps(v); },
        [](__m256 v) {
          alignas(32) float o[8];
          _mm256_store_ps(o, v);
          return static_cast<double>(o[0]);
        },
        0.999999f, 1e-7f);
  return fma_chains<__m256d>(
      iters, [](__m256d a, __m256d b, __m256d c) { return _mm256_fmadd_pd(a, b, c); },
      [](double v) { return _mm256_set1_pd(v); },
      [](__m256d v) {
        alignas(32) double o[4];
        _mm256_store_pd(o, v);
        return o[0];
      },
      0.999999, 1e-7);
}
#endif

// GFLOP/s of `threads` threads each running the FMA loop (2 flops per lane per FMA).
double fma_peak(int threads, bool single, const char*& isa) {
  int lanes = 0, accs = 0;
  std::function<double(int64_t)> loop;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    isa = "AVX-512";
    lanes = single ? 16 : 8;
    accs = 12;
    loop = [single](int64_t n) { return fma_loop_avx512(n, single); };
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    isa = "AVX2";
    lanes = single ? 8 : 4;
    accs = 12;
    loop = [single](int64_t n) { return fma_loop_avx2(n, single); };
  }
#endif
  if (!loop) {
    isa = "none";
    return 0;
  }
  const int64_t iters = 20'000'000;
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    std::vector<std::thread> ts;
    std::vector<double> sink(static_cast<size_t>(threads));
    const auto t0 = clk::now();
    for (int t = 0; t < threads; ++t) ts.emplace_back([&, t] { sink[static_cast<size_t>(t)] = loop(iters); });
    for (auto& t : ts) t.join();
    const double sec = std::chrono::duration<double>(clk::now() - t0).count();
    if (sink[0] == 12345.0) std::puts("");  // keep the result alive
    best = std::max(best, 2.0 * lanes * accs * static_cast<double>(iters) * threads / sec / 1e9);
  }
  return best;
}

struct result {
  std::string name, impl;
  double seconds, flops;
};
std::vector<result> results;

void record(const std::string& name, const std::string& impl, double sec, double flops) {
  results.push_back({name, impl, sec, flops});
  std::fprintf(stderr, "%-28s %-14s %10.3f ms  %8.1f GFLOP/s\n", name.c_str(), impl.c_str(), sec * 1e3,
               flops > 0 ? flops / sec / 1e9 : 0.0);
}

template <class T>
void matmul_case(int64_t n, nd::dtype dt, bool quick) {
  const std::string name = std::string("matmul_") + (dt == nd::float64 ? "f64_" : "f32_") + std::to_string(n);
  const nd::array a = noise({n, n}, dt, 1), b = noise({n, n}, dt, 2);
  const int reps = n >= 2000 ? 2 : quick ? 2 : 5;
  const bool warm = n < 4000;
  const double flops = 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  record(name, "nd", best_of(reps, warm, [&] { nd::matmul(a, b); }), flops);
  using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const Mat> ea(a.data<T>(), n, n), eb(b.data<T>(), n, n);
  Mat ec(n, n);
  record(name, "eigen", best_of(reps, warm, [&] { ec.noalias() = ea * eb; }), flops);
  const std::vector<size_t> shape = {static_cast<size_t>(n), static_cast<size_t>(n)};
  const auto xa = xt::adapt(a.data<T>(), a.size(), xt::no_ownership(), shape);
  const auto xb = xt::adapt(b.data<T>(), b.size(), xt::no_ownership(), shape);
  record(name, "xtensor-blas", best_of(reps, warm, [&] {
           auto xc = xt::linalg::dot(xa, xb);
           if (xc(0, 0) == T(12345)) std::puts("");
         }),
         flops);
}

template <int N>
void batch_matmul_case(int64_t count) {
  const std::string name = "batch_matmul_" + std::to_string(N) + "x" + std::to_string(N);
  const nd::array a = noise({count, N, N}, nd::float64, 3), b = noise({count, N, N}, nd::float64, 4);
  const double flops = 2.0 * N * N * N * static_cast<double>(count);
  record(name, "nd", best_of(7, true, [&] { nd::matmul(a, b); }), flops);
  // The memory floor: an elementwise add reads and writes the same bytes as the product
  // (both operands once, a fresh output), so no product of these batches can beat it.
  record(name, "add_floor", best_of(7, true, [&] { nd::add(a, b); }), 0);
  // Eigen's fixed-size matrices, one product per item into a fresh array (as nd and NumPy).
  using M = Eigen::Matrix<double, N, N, Eigen::RowMajor>;
  record(name, "eigen", best_of(7, true, [&] {
           nd::array c = nd::empty({count, N, N});
           double* pc = static_cast<double*>(c.mutable_data());
           const double* pa = a.data<double>();
           const double* pb = b.data<double>();
           for (int64_t i = 0; i < count; ++i)
             Eigen::Map<M>(pc + i * N * N).noalias() =
                 Eigen::Map<const M>(pa + i * N * N) * Eigen::Map<const M>(pb + i * N * N);
         }),
         flops);
}

void batch_solve_case(int64_t count) {
  const nd::array a = nd::add(noise({count, 3, 3}, nd::float64, 5), nd::multiply(nd::eye(3), 2.0));
  const nd::array b = noise({count, 3, 1}, nd::float64, 6);
  record("batch_solve_3x3", "nd", best_of(7, true, [&] { nd::linalg::solve(a, b); }), 0);
  using M = Eigen::Matrix<double, 3, 3, Eigen::RowMajor>;
  using V = Eigen::Matrix<double, 3, 1>;
  record("batch_solve_3x3", "eigen", best_of(7, true, [&] {
           nd::array x = nd::empty({count, 3, 1});
           double* px = static_cast<double*>(x.mutable_data());
           const double* pa = a.data<double>();
           const double* pb = b.data<double>();
           for (int64_t i = 0; i < count; ++i)
             Eigen::Map<V>(px + i * 3) = Eigen::Map<const M>(pa + i * 9).partialPivLu().solve(Eigen::Map<const V>(pb + i * 3));
         }),
         0);
}

nd::array spd(int64_t n) {
  const nd::array g = noise({n, n}, nd::float64, 7);
  return nd::add(nd::matmul(g, nd::transpose(g)), nd::multiply(nd::eye(n), static_cast<double>(n)));
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int threads = nd::get_num_threads();
  const char* isa = "none";
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const double peak64_1 = fma_peak(1, false, isa), peak64_all = fma_peak(hw, false, isa);
  const double peak32_1 = fma_peak(1, true, isa), peak32_all = fma_peak(hw, true, isa);
  std::fprintf(stderr, "FMA peak (%s): f64 %.1f GFLOP/s on 1 core, %.1f on %d; f32 %.1f, %.1f\n", isa, peak64_1,
               peak64_all, hw, peak32_1, peak32_all);
  for (int64_t n : {256, 1000, 2000, 4000}) {
    if (quick && n > 1000) continue;
    matmul_case<double>(n, nd::float64, quick);
    matmul_case<float>(n, nd::float32, quick);
  }
  batch_matmul_case<4>(10000);
  batch_matmul_case<16>(10000);
  batch_solve_case(10000);
  {
    const int64_t n = quick ? 500 : 2000;
    const nd::array a = nd::add(noise({n, n}, nd::float64, 8), nd::multiply(nd::eye(n), 4.0));
    const nd::array b = noise({n}, nd::float64, 9);
    record("solve_" + std::to_string(n), "nd", best_of(3, true, [&] { nd::linalg::solve(a, b); }),
           2.0 / 3.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n));
    const nd::array s = spd(n);
    record("cholesky_" + std::to_string(n), "nd", best_of(3, true, [&] { nd::linalg::cholesky(s); }),
           1.0 / 3.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n));
  }
  {
    const int64_t n = quick ? 300 : 1000;
    const nd::array a = noise({n, n}, nd::float64, 10);
    record("svd_" + std::to_string(n), "nd", best_of(2, true, [&] { nd::linalg::svd(a); }), 0);
    const nd::array s = spd(n);
    record("eigh_" + std::to_string(n), "nd", best_of(2, true, [&] { nd::linalg::eigh(s); }), 0);
  }
  std::printf("{\"threads\": %d, \"hardware_threads\": %d, \"isa\": \"%s\", \"peak\": {\"f64_1\": %.3f, \"f64_all\": %.3f, "
              "\"f32_1\": %.3f, \"f32_all\": %.3f},\n \"cases\": [\n",
              threads, hw, isa, peak64_1, peak64_all, peak32_1, peak32_all);
  for (size_t i = 0; i < results.size(); ++i)
    std::printf("  {\"name\": \"%s\", \"impl\": \"%s\", \"seconds\": %.9g, \"flops\": %.9g}%s\n",
                results[i].name.c_str(), results[i].impl.c_str(), results[i].seconds, results[i].flops,
                i + 1 < results.size() ? "," : "");
  std::printf("]}\n");
  return 0;
}

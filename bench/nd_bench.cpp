// nd's side of the benchmark table. Each case is named "op/dtype/n"; bench/run.py times
// the same operation with NumPy in the same run and writes the ratios.
#include <benchmark/benchmark.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "nd/array.hpp"
#include "nd/indexing.hpp"
#include "nd/reduce.hpp"
#include "nd/sort.hpp"

namespace {

using setup_fn = std::function<std::function<void()>(nd::dtype, int64_t)>;

nd::array data(nd::dtype dt, int64_t n, double lo = 0.5, double hi = 2.0) { return nd::linspace(lo, hi, n).astype(dt); }

// Uniform [0, 1) values from a fixed-seed generator (the same numbers NumPy's runner sorts
// need not be identical: both sort random data of the same size and dtype).
nd::array random_data(nd::dtype dt, int64_t n) {
  std::vector<double> v(static_cast<size_t>(n));
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (auto& e : v) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    e = static_cast<double>(x >> 11) * 0x1.0p-53;
  }
  return nd::from_vector(std::move(v)).astype(dt);
}

int64_t side(int64_t n) { return static_cast<int64_t>(std::sqrt(static_cast<double>(n))); }

nd::ufunc_options into(const nd::array& out) {
  nd::ufunc_options o;
  o.out = out;
  return o;
}

// STREAM-like kernels on plain pointers: the machine's memory-bandwidth limit, measured
// beside the library in the same run.
template <class T>
std::function<void()> stream_add(nd::dtype dt, int64_t n) {
  auto a = std::make_shared<std::vector<T>>(n, T(1)), b = std::make_shared<std::vector<T>>(n, T(2)),
       c = std::make_shared<std::vector<T>>(n);
  return [a, b, c, n] {
    const T* x = a->data();
    const T* y = b->data();
    T* z = c->data();
    for (int64_t i = 0; i < n; ++i) z[i] = x[i] + y[i];
    benchmark::DoNotOptimize(z);
    benchmark::ClobberMemory();
  };
}

std::function<void()> unary(nd::array (*f)(const nd::operand&, const nd::ufunc_options&), nd::dtype dt, int64_t n) {
  nd::array a = data(dt, n), out = nd::empty({n}, dt);
  return [=] { f(a, into(out)); };
}

const std::vector<std::pair<std::string, setup_fn>>& cases() {
  static const std::vector<std::pair<std::string, setup_fn>> all = {
      {"stream_add", [](nd::dtype dt, int64_t n) {
         return dt == nd::float32 ? stream_add<float>(dt, n) : stream_add<double>(dt, n);
       }},
      {"add_out", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = data(dt, n), b = data(dt, n), c = nd::empty({n}, dt);
         return [=] { nd::add(a, b, into(c)); };
       }},
      {"add", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = data(dt, n), b = data(dt, n);
         return [=] { benchmark::DoNotOptimize(a + b); };
       }},
      {"triad", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = data(dt, n), b = data(dt, n), c = data(dt, n);
         return [=] { benchmark::DoNotOptimize(a * b + c); };
       }},
      {"exp", [](nd::dtype dt, int64_t n) { return unary(nd::exp, dt, n); }},
      {"log", [](nd::dtype dt, int64_t n) { return unary(nd::log, dt, n); }},
      {"sin", [](nd::dtype dt, int64_t n) { return unary(nd::sin, dt, n); }},
      {"sqrt", [](nd::dtype dt, int64_t n) { return unary(nd::sqrt, dt, n); }},
      {"add_strided", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         const int64_t s = side(n);
         nd::array a = data(dt, s * s).reshape({s, s}), b = data(dt, s * s).reshape({s, s});
         nd::array av = a(nd::slice(nd::none, nd::none, 2), nd::slice(nd::none, nd::none, 2));
         nd::array bv = b(nd::slice(nd::none, nd::none, 2), nd::slice(nd::none, nd::none, 2));
         return [=] { benchmark::DoNotOptimize(av + bv); };
       }},
      {"add_broadcast", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         const int64_t s = side(n);
         nd::array a = data(dt, s * s).reshape({s, s}), row = data(dt, s);
         return [=] { benchmark::DoNotOptimize(a + row); };
       }},
      {"astype_f32", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = data(nd::float64, n);
         return [=] { benchmark::DoNotOptimize(a.astype(nd::float32)); };
       }},
      {"sum", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = data(dt, n);
         return [=] { benchmark::DoNotOptimize(nd::sum(a)); };
       }},
      {"sum_axis0", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         const int64_t s = side(n);
         nd::array a = data(dt, s * s).reshape({s, s});
         return [=] { benchmark::DoNotOptimize(nd::sum(a, 0)); };
       }},
      {"sum_axis1", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         const int64_t s = side(n);
         nd::array a = data(dt, s * s).reshape({s, s});
         return [=] { benchmark::DoNotOptimize(nd::sum(a, 1)); };
       }},
      {"sort", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = random_data(dt, n);
         return [=] { benchmark::DoNotOptimize(nd::sort(a)); };
       }},
      {"argsort", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = random_data(dt, n);
         return [=] { benchmark::DoNotOptimize(nd::argsort(a)); };
       }},
      {"unique", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = nd::floor(nd::multiply(random_data(nd::float64, n), 1000.0)).astype(dt);
         return [=] { benchmark::DoNotOptimize(nd::unique(a)); };
       }},
      {"mask_gather", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = data(dt, n);
         nd::array m = nd::equal(nd::remainder(nd::arange(n), 3), 0);
         return [=] { benchmark::DoNotOptimize(nd::getitem(a, {m})); };
       }},
      {"take", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         nd::array a = data(dt, n);
         nd::array idx = nd::remainder(nd::multiply(nd::arange(n), 7919), n);
         return [=] { benchmark::DoNotOptimize(nd::take(a, idx)); };
       }},
      {"transpose_copy", [](nd::dtype dt, int64_t n) -> std::function<void()> {
         const int64_t s = side(n);
         nd::array a = data(dt, s * s).reshape({s, s});
         return [=] { benchmark::DoNotOptimize(nd::transpose(a).copy(nd::order::C)); };
       }},
  };
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  for (const auto& [name, setup] : cases())
    for (nd::dtype dt : {nd::float64, nd::float32})
      for (int64_t n : {int64_t{1000}, int64_t{100000}, int64_t{10000000}}) {
        if (name == "astype_f32" && dt != nd::float64) continue;
        const std::string id = name + "/" + std::string(dt.name()) + "/" + std::to_string(n);
        benchmark::RegisterBenchmark(id.c_str(), [setup = setup, dt = dt, n](benchmark::State& st) {
          auto run = setup(dt, n);
          run();  // warm-up: first-touch page faults are not part of the steady state (NumPy's
                  // side is the best of several timeit repeats)
          for (auto _ : st) run();
          st.SetItemsProcessed(st.iterations() * n);
        })->UseRealTime();
      }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

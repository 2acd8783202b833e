// nd's side of the FFT table (bench/run.py times numpy.fft and scipy.fft on the same
// cases in the same run). Case names: "fft/<label>" for the steady state (the plan is
// cached after the warm-up call) and "fft_planning/<label>" with the plan cache cleared
// before every call, which shows what the cache saves.
#include <benchmark/benchmark.h>

#include <complex>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "nd/array.hpp"
#include "nd/fft.hpp"

namespace {

nd::array noise(const nd::shape_t& shape, nd::dtype dt) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  std::vector<double> v(static_cast<size_t>(n));
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (auto& e : v) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    e = static_cast<double>(x >> 11) * 0x1.0p-53 - 0.5;
  }
  nd::array r = nd::from_vector(std::move(v)).reshape(shape);
  if (dt.is_complex()) r = nd::add(r, nd::multiply(nd::flip(r), std::complex<double>(0, 1)));
  return r.astype(dt);
}

struct fft_case {
  std::string label;
  std::function<std::function<void()>()> setup;
};

std::vector<fft_case> cases() {
  std::vector<fft_case> all;
  for (const bool single : {false, true}) {
    const nd::dtype c = single ? nd::complex64 : nd::complex128, r = single ? nd::float32 : nd::float64;
    const std::string p = single ? "f32" : "f64";
    all.push_back({"c2c_" + p + "_2^20", [=] {
                     nd::array a = noise({1 << 20}, c);
                     return std::function<void()>([a] { benchmark::DoNotOptimize(nd::fft::fft(a)); });
                   }});
    all.push_back({"r2c_" + p + "_2^20", [=] {
                     nd::array a = noise({1 << 20}, r);
                     return std::function<void()>([a] { benchmark::DoNotOptimize(nd::fft::rfft(a)); });
                   }});
    all.push_back({"c2c2d_" + p + "_2048x2048", [=] {
                     nd::array a = noise({2048, 2048}, c);
                     return std::function<void()>([a] { benchmark::DoNotOptimize(nd::fft::fft2(a)); });
                   }});
    all.push_back({"c2c_" + p + "_prime_1000003", [=] {
                     nd::array a = noise({1000003}, c);
                     return std::function<void()>([a] { benchmark::DoNotOptimize(nd::fft::fft(a)); });
                   }});
    all.push_back({"c2c_batch_" + p + "_10000x1024", [=] {
                     nd::array a = noise({10000, 1024}, c);
                     return std::function<void()>([a] { benchmark::DoNotOptimize(nd::fft::fft(a)); });
                   }});
  }
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  // ND_FFT_PLANNER=measure: FFTW_MEASURE plans (bench/run.py reports both planners).
  const char* planner = std::getenv("ND_FFT_PLANNER");
  const bool measure = planner && std::string(planner) == "measure";
  if (measure) nd::fft::set_planner(nd::fft::planner::measure);
  for (const auto& c : cases()) {
    benchmark::RegisterBenchmark(("fft/" + c.label).c_str(), [setup = c.setup](benchmark::State& st) {
      auto run = setup();
      run();  // plans once and touches the output pages
      for (auto _ : st) run();
    })->UseRealTime()->Unit(benchmark::kMillisecond);
    if (measure) continue;  // measured planning takes seconds per call
    benchmark::RegisterBenchmark(("fft_planning/" + c.label).c_str(), [setup = c.setup](benchmark::State& st) {
      auto run = setup();
      run();
      for (auto _ : st) {
        nd::fft::clear_plan_cache();
        run();
      }
    })->UseRealTime()->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// nd::random timings for bench/run_random.py: prints one JSON object, seconds per call (best
// of several repeats) for the NumPy-identical generator on one thread and the counter-based
// blocks on the requested thread count, wall-clock and (for the blocks) process CPU time,
// which a busy machine inflates less.
#include <nd/random.hpp>
#include <nd/threads.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>

#include <time.h>

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Best wall-clock and best process CPU time over `reps` calls.
std::pair<double, double> best_of2(int reps, const std::function<void()>& f) {
  double best = 1e300, best_cpu = 1e300;
  for (int r = 0; r < reps; ++r) {
    const double c0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const auto t1 = std::chrono::steady_clock::now();
    best_cpu = std::min(best_cpu, cpu_seconds() - c0);
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  return {best, best_cpu};
}

double best_of(int reps, const std::function<void()>& f) { return best_of2(reps, f).first; }

}  // namespace

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const int reps = argc > 3 ? std::atoi(argv[3]) : 5;
  namespace r = nd::random;
  const nd::shape_t shape{n};

  nd::set_num_threads(1);
  r::generator g = r::default_rng(12345);
  const auto [t_random, cpu_random] = best_of2(reps, [&] { (void)g.random(shape); });
  const auto [t_normal, cpu_normal] = best_of2(reps, [&] { (void)g.standard_normal(shape); });
  const auto [t_int, cpu_int] =
      best_of2(reps, [&] { (void)g.integers(nd::array(int64_t{0}), nd::array(int64_t{1000}), shape); });
  const auto [t_exp, cpu_exp] = best_of2(reps, [&] { (void)g.exponential(nd::array(1.0), shape); });

  nd::set_num_threads(threads);
  const double t_random_par = best_of(reps, [&] { (void)g.random(shape); });
  auto blk = [&](r::block_dist d) {
    r::block_params p;
    p.dist = d;
    if (d == r::block_dist::integers) p.ihigh = 1000;
    return best_of2(reps, [&] { (void)r::block(12345, 0, shape, {0}, shape, p); });
  };
  const auto [b_random, c_random] = blk(r::block_dist::uniform);
  const auto [b_normal, c_normal] = blk(r::block_dist::normal);
  const auto [b_int, c_int] = blk(r::block_dist::integers);
  const auto [b_exp, c_exp] = blk(r::block_dist::exponential);

  std::printf(
      "{\"n\": %lld, \"threads\": %d, \"numpy_mode\": {\"random\": %.6g, \"standard_normal\": %.6g, "
      "\"integers\": %.6g, \"exponential\": %.6g}, \"numpy_mode_cpu\": {\"random\": %.6g, \"standard_normal\": %.6g, "
      "\"integers\": %.6g, \"exponential\": %.6g}, \"numpy_mode_threads\": {\"random\": %.6g}, "
      "\"block_mode\": {\"random\": %.6g, \"standard_normal\": %.6g, \"integers\": %.6g, \"exponential\": %.6g}, "
      "\"block_mode_cpu\": {\"random\": %.6g, \"standard_normal\": %.6g, \"integers\": %.6g, \"exponential\": %.6g}}\n",
      static_cast<long long>(n), threads, t_random, t_normal, t_int, t_exp, cpu_random, cpu_normal, cpu_int, cpu_exp, t_random_par, b_random, b_normal, b_int,
      b_exp, c_random, c_normal, c_int, c_exp);
  return 0;
}

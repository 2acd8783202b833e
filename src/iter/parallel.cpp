#include "iter/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "nd/threads.hpp"

namespace nd {
namespace detail {
namespace {

thread_local bool t_in_task = false;

int default_threads() {
  if (const char* e = std::getenv("ND_NUM_THREADS")) {
    const int n = std::atoi(e);
    if (n >= 1) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

// Workers wait for a generation counter to change, run their share, and report back.
class pool {
 public:
  static pool& instance() {
    static pool p;
    return p;
  }
  int threads() const { return nthreads_.load(); }
  void set_threads(int n) {
    std::lock_guard<std::mutex> run_lock(run_mu_);
    stop_workers();
    nthreads_ = std::max(1, n);
  }

  void run(int pieces, const std::function<void(int)>& piece) {
    std::lock_guard<std::mutex> run_lock(run_mu_);  // one parallel call at a time
    ensure_workers(pieces - 1);
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = &piece;
      pieces_ = pieces;
      next_ = 1;
      done_.store(0);
      error_ = nullptr;
      generation_.fetch_add(1);
    }
    cv_.notify_all();
    execute(0);
    // The other pieces usually finish within microseconds: spin before sleeping.
    spin_until([&] { return done_.load(std::memory_order_acquire) == pieces - 1; });
    std::unique_lock<std::mutex> lk(mu_);
    done_cv_.wait(lk, [&] { return done_.load() == pieces_ - 1; });
    job_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

  ~pool() { stop_workers(); }

 private:
  pool() : nthreads_(default_threads()) {}

  void execute(int k) {
    t_in_task = true;
    try {
      (*job_)(k);
    } catch (...) {
      std::lock_guard<std::mutex> lk(mu_);
      if (!error_) error_ = std::current_exception();
    }
    t_in_task = false;
  }

  void ensure_workers(int n) {
    while (static_cast<int>(workers_.size()) < n) {
      const int id = static_cast<int>(workers_.size()) + 1;
      uint64_t gen;
      {
        std::lock_guard<std::mutex> lk(mu_);
        gen = generation_.load();
      }
      workers_.emplace_back([this, id, gen] { worker(id, gen); });
    }
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stopping_ = true;
      generation_.fetch_add(1);
    }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
    stopping_ = false;
  }

  // `seen` is the generation at creation, so a job published before the thread starts
  // running is still picked up.
  void worker(int id, uint64_t seen) {
    for (;;) {
      // Back-to-back calls (a loop of small ufuncs) would pay a futex wake-up each time;
      // a short spin picks the next job up directly.
      spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; });
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [&] { return generation_.load() != seen; });
      seen = generation_.load();
      if (stopping_) return;
      if (id >= pieces_) continue;
      lk.unlock();
      execute(id);
      lk.lock();
      if (done_.fetch_add(1) + 1 == pieces_ - 1) done_cv_.notify_one();
    }
  }

  // Spins (with the CPU's pause hint) for up to about 50 microseconds or until pred().
  template <class Pred>
  static void spin_until(Pred pred) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    for (;;) {
      for (int i = 0; i < 64; ++i) {
        if (pred()) return;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
      if (std::chrono::steady_clock::now() > limit) return;
    }
  }

  std::atomic<int> nthreads_;
  std::mutex run_mu_, mu_;
  std::condition_variable cv_, done_cv_;
  std::vector<std::thread> workers_;
  const std::function<void(int)>* job_ = nullptr;
  int pieces_ = 0, next_ = 0;
  std::atomic<int> done_{0};
  std::atomic<uint64_t> generation_{0};
  bool stopping_ = false;
  std::exception_ptr error_;
};

}  // namespace

bool in_parallel_region() { return t_in_task; }

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& body) {
  if (n <= 0) return;
  const int64_t max_pieces = std::max<int64_t>(1, n / std::max<int64_t>(grain, 1));
  const int pieces = static_cast<int>(std::min<int64_t>(pool::instance().threads(), max_pieces));
  if (pieces <= 1 || t_in_task) {
    body(0, n);
    return;
  }
  pool::instance().run(pieces, [&](int k) {
    const int64_t b = n * k / pieces, e = n * (k + 1) / pieces;
    if (b < e) body(b, e);
  });
}

}  // namespace detail

namespace detail {
namespace {
std::atomic<void (*)(int)> g_threads_hook{nullptr};
}  // namespace
void on_num_threads_change(void (*fn)(int)) { g_threads_hook.store(fn); }
}  // namespace detail

void set_num_threads(int n) {
  detail::pool::instance().set_threads(n);
  if (auto* hook = detail::g_threads_hook.load()) hook(detail::pool::instance().threads());
}
int get_num_threads() { return detail::pool::instance().threads(); }

}  // namespace nd

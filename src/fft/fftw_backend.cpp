// FFTW 3 behind src/fft/backend.hpp. Planning (and destroying plans, and FFTW's global
// thread setting) is serialised by one mutex, as FFTW requires; execution uses the
// new-array functions, which FFTW allows from several threads at once on one plan.
#include <fftw3.h>

#include <cstdlib>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>

#include "fft/backend.hpp"
#include "nd/error.hpp"

namespace nd::detail::fft {
namespace {

std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

template <bool Single>
struct api;

template <>
struct api<false> {
  using real = double;
  using cplx = fftw_complex;
  using plan = fftw_plan;
  static plan dft(int rank, const fftw_iodim64* d, int hr, const fftw_iodim64* h, void* in, void* out, int sign,
                  unsigned f) {
    return fftw_plan_guru64_dft(rank, d, hr, h, static_cast<cplx*>(in), static_cast<cplx*>(out), sign, f);
  }
  static plan r2c(const fftw_iodim64* d, int hr, const fftw_iodim64* h, void* in, void* out, unsigned f) {
    return fftw_plan_guru64_dft_r2c(1, d, hr, h, static_cast<real*>(in), static_cast<cplx*>(out), f);
  }
  static plan c2r(const fftw_iodim64* d, int hr, const fftw_iodim64* h, void* in, void* out, unsigned f) {
    return fftw_plan_guru64_dft_c2r(1, d, hr, h, static_cast<cplx*>(in), static_cast<real*>(out), f);
  }
  static void run(kind k, plan p, void* in, void* out) {
    if (k == kind::r2c) fftw_execute_dft_r2c(p, static_cast<real*>(in), static_cast<cplx*>(out));
    else if (k == kind::c2r) fftw_execute_dft_c2r(p, static_cast<cplx*>(in), static_cast<real*>(out));
    else fftw_execute_dft(p, static_cast<cplx*>(in), static_cast<cplx*>(out));
  }
  static void destroy(plan p) { fftw_destroy_plan(p); }
  static void* alloc(size_t bytes) { return fftw_malloc(bytes); }
  static void release(void* p) { fftw_free(p); }
  static int alignment(void* p) { return fftw_alignment_of(static_cast<real*>(p)); }
  static void threads(int n) { fftw_plan_with_nthreads(n); }
  static int init_threads() { return fftw_init_threads(); }
  static char* wisdom() { return fftw_export_wisdom_to_string(); }
  static int import(const char* s) { return fftw_import_wisdom_from_string(s); }
};

template <>
struct api<true> {
  using real = float;
  using cplx = fftwf_complex;
  using plan = fftwf_plan;
  static plan dft(int rank, const fftwf_iodim64* d, int hr, const fftwf_iodim64* h, void* in, void* out, int sign,
                  unsigned f) {
    return fftwf_plan_guru64_dft(rank, d, hr, h, static_cast<cplx*>(in), static_cast<cplx*>(out), sign, f);
  }
  static plan r2c(const fftwf_iodim64* d, int hr, const fftwf_iodim64* h, void* in, void* out, unsigned f) {
    return fftwf_plan_guru64_dft_r2c(1, d, hr, h, static_cast<real*>(in), static_cast<cplx*>(out), f);
  }
  static plan c2r(const fftwf_iodim64* d, int hr, const fftwf_iodim64* h, void* in, void* out, unsigned f) {
    return fftwf_plan_guru64_dft_c2r(1, d, hr, h, static_cast<cplx*>(in), static_cast<real*>(out), f);
  }
  static void run(kind k, plan p, void* in, void* out) {
    if (k == kind::r2c) fftwf_execute_dft_r2c(p, static_cast<real*>(in), static_cast<cplx*>(out));
    else if (k == kind::c2r) fftwf_execute_dft_c2r(p, static_cast<cplx*>(in), static_cast<real*>(out));
    else fftwf_execute_dft(p, static_cast<cplx*>(in), static_cast<cplx*>(out));
  }
  static void destroy(plan p) { fftwf_destroy_plan(p); }
  static void* alloc(size_t bytes) { return fftwf_malloc(bytes); }
  static void release(void* p) { fftwf_free(p); }
  static int alignment(void* p) { return fftwf_alignment_of(static_cast<real*>(p)); }
  static void threads(int n) { fftwf_plan_with_nthreads(n); }
  static int init_threads() { return fftwf_init_threads(); }
  static char* wisdom() { return fftwf_export_wisdom_to_string(); }
  static int import(const char* s) { return fftwf_import_wisdom_from_string(s); }
};

void init_threads_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    api<false>::init_threads();
    api<true>::init_threads();
  });
}

// A plan of either precision; destroyed under the planner lock when the last user lets go.
struct plan_handle {
  bool single = false;
  void* plan = nullptr;
  ~plan_handle() {
    if (!plan) return;
    std::lock_guard<std::mutex> lk(planner_mutex());
    if (single) api<true>::destroy(static_cast<fftwf_plan>(plan));
    else api<false>::destroy(static_cast<fftw_plan>(plan));
  }
};

struct cache_key {
  transform t;
  bool unaligned;
  bool measured;
  bool operator==(const cache_key&) const = default;
};

struct plan_cache {
  std::mutex mu;
  std::list<std::pair<cache_key, std::shared_ptr<plan_handle>>> lru;  // most recent first
  std::size_t capacity = 64;
  bool measure = false;
};

plan_cache& cache() {
  static plan_cache c;
  return c;
}

// Elements spanned by a run of n items at stride s plus the loops (all strides >= 0).
int64_t extent(int64_t n, int64_t s, const std::vector<loop_dim>& loops, bool in) {
  int64_t e = 1 + (n - 1) * s;
  for (const auto& l : loops) e += (l.n - 1) * (in ? l.in_stride : l.out_stride);
  return e;
}

template <bool Single>
void* make_plan(const transform& t, void* in, void* out, bool unaligned, bool measured) {
  using A = api<Single>;
  using iodim = std::conditional_t<Single, fftwf_iodim64, fftw_iodim64>;
  std::vector<iodim> dims{iodim{t.n, t.in_stride, t.out_stride}};
  for (const auto& d : t.extra_dims) dims.push_back(iodim{d.n, d.in_stride, d.out_stride});
  const int rank = static_cast<int>(dims.size());
  std::vector<iodim> loops;
  for (const auto& l : t.loops) loops.push_back(iodim{l.n, l.in_stride, l.out_stride});
  unsigned flags = measured ? FFTW_MEASURE : FFTW_ESTIMATE;
  if (unaligned) flags |= FFTW_UNALIGNED;
  if (t.k == kind::c2r) flags |= FFTW_DESTROY_INPUT;
  // Measuring overwrites the arrays: plan on scratch of the same extent then.
  void* pin = in;
  void* pout = out;
  std::unique_ptr<void, void (*)(void*)> sin(nullptr, &A::release), sout(nullptr, &A::release);
  if (measured) {
    const int64_t in_n = t.k == kind::c2r ? t.n / 2 + 1 : t.n;
    const int64_t out_n = t.k == kind::r2c ? t.n / 2 + 1 : t.n;
    const size_t real_sz = sizeof(typename A::real), cplx_sz = 2 * real_sz;
    const size_t in_sz = t.k == kind::r2c ? real_sz : cplx_sz, out_sz = t.k == kind::c2r ? real_sz : cplx_sz;
    std::vector<loop_dim> all = t.loops;
    all.insert(all.end(), t.extra_dims.begin(), t.extra_dims.end());
    sin.reset(A::alloc(static_cast<size_t>(extent(in_n, t.in_stride, all, true)) * in_sz));
    sout.reset(A::alloc(static_cast<size_t>(extent(out_n, t.out_stride, all, false)) * out_sz));
    if (!sin || !sout) throw alloc_error("[fft] cannot allocate planning scratch");
    pin = sin.get();
    pout = sout.get();
  }
  A::threads(t.threads);
  const int hr = static_cast<int>(loops.size());
  typename A::plan p = nullptr;
  switch (t.k) {
    case kind::forward: p = A::dft(rank, dims.data(), hr, loops.data(), pin, pout, FFTW_FORWARD, flags); break;
    case kind::backward: p = A::dft(rank, dims.data(), hr, loops.data(), pin, pout, FFTW_BACKWARD, flags); break;
    case kind::r2c: p = A::r2c(dims.data(), hr, loops.data(), pin, pout, flags); break;
    case kind::c2r: p = A::c2r(dims.data(), hr, loops.data(), pin, pout, flags); break;
  }
  if (!p) throw value_error("[fft] FFTW could not plan the transform");
  return static_cast<void*>(p);
}

}  // namespace

void execute(const transform& t, void* in, void* out) {
  init_threads_once();
  plan_cache& c = cache();
  const bool unaligned = t.single ? (api<true>::alignment(in) != 0 || api<true>::alignment(out) != 0)
                                  : (api<false>::alignment(in) != 0 || api<false>::alignment(out) != 0);
  std::shared_ptr<plan_handle> h;
  bool measured = false;
  {
    std::lock_guard<std::mutex> lk(c.mu);
    measured = c.measure;
    const cache_key key{t, unaligned, measured};
    for (auto it = c.lru.begin(); it != c.lru.end(); ++it)
      if (it->first == key) {
        h = it->second;
        c.lru.splice(c.lru.begin(), c.lru, it);
        break;
      }
  }
  if (!h) {
    h = std::make_shared<plan_handle>();
    h->single = t.single;
    {
      std::lock_guard<std::mutex> lk(planner_mutex());
      h->plan = t.single ? make_plan<true>(t, in, out, unaligned, measured) : make_plan<false>(t, in, out, unaligned, measured);
    }
    std::lock_guard<std::mutex> lk(c.mu);
    if (c.capacity > 0) {
      c.lru.emplace_front(cache_key{t, unaligned, measured}, h);
      while (c.lru.size() > c.capacity) c.lru.pop_back();
    }
  }
  if (t.single) api<true>::run(t.k, static_cast<fftwf_plan>(h->plan), in, out);
  else api<false>::run(t.k, static_cast<fftw_plan>(h->plan), in, out);
}

void set_cache_capacity(std::size_t plans) {
  std::list<std::pair<cache_key, std::shared_ptr<plan_handle>>> dropped;
  std::lock_guard<std::mutex> lk(cache().mu);
  cache().capacity = plans;
  while (cache().lru.size() > plans) {
    dropped.splice(dropped.begin(), cache().lru, std::prev(cache().lru.end()));
  }
}

std::size_t cache_capacity() {
  std::lock_guard<std::mutex> lk(cache().mu);
  return cache().capacity;
}

std::size_t cache_size() {
  std::lock_guard<std::mutex> lk(cache().mu);
  return cache().lru.size();
}

void clear_cache() {
  std::list<std::pair<cache_key, std::shared_ptr<plan_handle>>> dropped;
  std::lock_guard<std::mutex> lk(cache().mu);
  dropped.swap(cache().lru);
}

void set_measure(bool m) {
  std::lock_guard<std::mutex> lk(cache().mu);
  cache().measure = m;
}

bool measure() {
  std::lock_guard<std::mutex> lk(cache().mu);
  return cache().measure;
}

// Both precisions' wisdom in one text: the double part, a separator line, the float part.
constexpr const char* wisdom_separator = "\n#nd-fftw-single-precision\n";

std::string export_wisdom() {
  std::lock_guard<std::mutex> lk(planner_mutex());
  std::string text;
  for (bool single : {false, true}) {
    char* w = single ? api<true>::wisdom() : api<false>::wisdom();
    if (single) text += wisdom_separator;
    if (w) {
      text += w;
      std::free(w);
    }
  }
  return text;
}

bool import_wisdom(const std::string& text) {
  const size_t sep = text.find(wisdom_separator);
  if (sep == std::string::npos) return false;
  const std::string dbl = text.substr(0, sep), sgl = text.substr(sep + std::strlen(wisdom_separator));
  std::lock_guard<std::mutex> lk(planner_mutex());
  return api<false>::import(dbl.c_str()) != 0 && api<true>::import(sgl.c_str()) != 0;
}

}  // namespace nd::detail::fft

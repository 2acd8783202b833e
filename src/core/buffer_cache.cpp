#include "core/buffer_cache.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <deque>
#include <map>
#include <vector>
#include <mutex>

namespace nd::detail {
namespace {

// Buffers from 4 KiB up are cached: below that malloc's own bins are fast; above it malloc
// and free cost (and big ones pay page faults on every fresh mapping).
constexpr size_t kMinCached = size_t{4} << 10;
constexpr size_t kMaxCachedTotal = size_t{512} << 20;
constexpr size_t kMaxEntries = 32;
constexpr size_t kHugePage = size_t{2} << 20;

struct cache {
  std::mutex mu;
  std::multimap<size_t, void*> free_by_size;
  std::deque<std::pair<void*, size_t>> order;  // oldest first
  size_t total = 0;
  ~cache() { clear(); }
  void clear() {
    std::lock_guard<std::mutex> lk(mu);
    for (auto& [size, p] : free_by_size) std::free(p);
    free_by_size.clear();
    order.clear();
    total = 0;
  }
};

// ND_NO_BUFFER_CACHE=1 turns the cache off (to measure what it saves).
bool cache_enabled() {
  static const bool on = [] {
    const char* e = std::getenv("ND_NO_BUFFER_CACHE");
    return !(e && *e && *e != '0');
  }();
  return on;
}

cache& the_cache() {
  static cache c;
  return c;
}

// Small buffers (up to 1 KiB, the temporaries of calls on a few elements) are kept per
// thread in free lists by 64-byte size class: a small `a + b` then allocates without
// posix_memalign, whose aligned search costs more than the arithmetic.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSmallLists = false;  // AddressSanitizer sees every small free (use-after-free stays visible)
#else
constexpr bool kSmallLists = true;
#endif
constexpr size_t kSmallMax = 1024;
constexpr size_t kSmallClasses = kSmallMax / 64;
constexpr int kSmallPerClass = 32;

// Set when this thread's lists are gone (thread exit): later frees go straight to free().
thread_local bool t_small_dead = false;

struct small_lists {
  void* slots[kSmallClasses][kSmallPerClass];
  int count[kSmallClasses] = {};
  ~small_lists() {
    for (size_t c = 0; c < kSmallClasses; ++c)
      for (int i = 0; i < count[c]; ++i) std::free(slots[c][i]);
    t_small_dead = true;
  }
};
thread_local small_lists t_small;

}  // namespace

void* cached_alloc(size_t bytes) {
  if (kSmallLists && bytes <= kSmallMax && bytes % 64 == 0 && bytes > 0 && !t_small_dead && cache_enabled()) {
    small_lists& l = t_small;
    const size_t c = bytes / 64 - 1;
    if (l.count[c] > 0) return l.slots[c][--l.count[c]];
  }
  if (bytes >= kMinCached && cache_enabled()) {
    cache& c = the_cache();
    std::lock_guard<std::mutex> lk(c.mu);
    auto it = c.free_by_size.find(bytes);
    if (it != c.free_by_size.end()) {
      void* p = it->second;
      c.total -= it->first;
      c.free_by_size.erase(it);
      for (auto o = c.order.begin(); o != c.order.end(); ++o)
        if (o->first == p) {
          c.order.erase(o);
          break;
        }
      return p;
    }
  }
  void* p = nullptr;
  // Huge buffers are aligned to 2 MiB and advised as huge pages (fewer faults, fewer TLB misses).
  const size_t align = bytes >= 4 * kHugePage ? kHugePage : 64;
  if (posix_memalign(&p, align, bytes) != 0) return nullptr;
  if (align == kHugePage) madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

void cached_free(void* p, size_t bytes) noexcept {
  if (!p) return;
  if (kSmallLists && bytes <= kSmallMax && bytes % 64 == 0 && bytes > 0 && !t_small_dead && cache_enabled()) {
    small_lists& l = t_small;
    const size_t c = bytes / 64 - 1;
    if (l.count[c] < kSmallPerClass) {
      l.slots[c][l.count[c]++] = p;
      return;
    }
  }
  if (bytes >= kMinCached && bytes <= kMaxCachedTotal && cache_enabled()) {
    cache& c = the_cache();
    std::vector<void*> evicted;
    {
      std::lock_guard<std::mutex> lk(c.mu);
      // Make room by dropping the oldest buffers: the newest ones are the likeliest to be
      // asked for again (the temporaries of the loop that is running now).
      while (!c.order.empty() && (c.total + bytes > kMaxCachedTotal || c.free_by_size.size() >= kMaxEntries)) {
        const auto [old_p, old_size] = c.order.front();
        c.order.pop_front();
        auto range = c.free_by_size.equal_range(old_size);
        for (auto it = range.first; it != range.second; ++it)
          if (it->second == old_p) {
            c.free_by_size.erase(it);
            break;
          }
        c.total -= old_size;
        evicted.push_back(old_p);
      }
      c.free_by_size.emplace(bytes, p);
      c.order.emplace_back(p, bytes);
      c.total += bytes;
    }
    for (void* q : evicted) std::free(q);
    return;
  }
  std::free(p);
}

void clear_buffer_cache() noexcept {
  the_cache().clear();
  if (!t_small_dead) {
    small_lists& l = t_small;
    for (size_t c = 0; c < kSmallClasses; ++c) {
      for (int i = 0; i < l.count[c]; ++i) std::free(l.slots[c][i]);
      l.count[c] = 0;
    }
  }
}

}  // namespace nd::detail

#pragma once
// A cache of large freed buffers: repeated `a + b` on big arrays reuses memory that is
// already mapped instead of paying page faults for fresh pages every time.
#include <cstddef>

namespace nd::detail {

/// 64-byte aligned memory of at least `bytes`; nullptr when the system refuses.
void* cached_alloc(size_t bytes);
/// Gives memory from cached_alloc back (kept for reuse while the cache has room).
void cached_free(void* p, size_t bytes) noexcept;
/// Drops every cached buffer (tests and memory-pressure hooks).
void clear_buffer_cache() noexcept;

}  // namespace nd::detail

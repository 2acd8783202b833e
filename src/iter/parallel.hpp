#pragma once
// Splitting work over the process-wide pool. The caller takes part; a call made from
// inside a pool task runs serially (no nested oversubscription).
#include <cstdint>
#include <functional>

namespace nd::detail {

/// Runs body(begin, end) over [0, n) in at most get_num_threads() contiguous pieces,
/// none smaller than `grain` items; small n runs on the calling thread. Exceptions
/// thrown by a piece are rethrown on the caller (the first one).
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& body);

/// True while the current thread runs a pool task.
bool in_parallel_region();

/// Registers `fn`, called with the new count whenever nd::set_num_threads changes it (the
/// linear algebra keeps OpenBLAS's own thread count in step this way).
void on_num_threads_change(void (*fn)(int));

}  // namespace nd::detail

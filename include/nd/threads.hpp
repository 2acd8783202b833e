#pragma once
/// nd's process-wide thread pool. Large elementwise work and reductions are split across
/// it; results never depend on the thread count (reductions use a fixed blocking tree).
#include "nd/export.hpp"

namespace nd {

/// Number of threads nd uses (including the caller). Default: the environment variable
/// ND_NUM_THREADS if set, else the cores available. Values < 1 are clamped to 1.
ND_API void set_num_threads(int n);
ND_API int get_num_threads();

}  // namespace nd

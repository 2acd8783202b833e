#pragma once
// Copy-with-cast inner loops for every (from, to) dtype pair, chosen once per call.
#include "iter/strided_iter.hpp"
#include "nd/dtype.hpp"

namespace nd::detail {

/// Inner loop converting operand 1 (type `from`) into operand 0 (type `to`).
loop_fn cast_loop(dtype from, dtype to);

}  // namespace nd::detail

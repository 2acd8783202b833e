#pragma once
// The ufunc engine's shared pieces: a ufunc is a table of loops, one per dtype it supports;
// run() resolves types (NEP 50), prepares operands and output, and drives the iterator.
#include <array>

#include "iter/strided_iter.hpp"
#include "nd/ufunc.hpp"

namespace nd::detail {

// Loops are tried in this order; the first whose type the inputs cast to safely wins
// (NumPy's legacy resolution: sqrt(int8) runs the float16 loop).
inline constexpr std::array<dtype_id, num_dtypes> kLoopOrder = {
    dtype_id::bool_,   dtype_id::int8,    dtype_id::uint8,   dtype_id::int16,     dtype_id::uint16,
    dtype_id::int32,   dtype_id::uint32,  dtype_id::int64,   dtype_id::uint64,    dtype_id::float16,
    dtype_id::float32, dtype_id::float64, dtype_id::complex64, dtype_id::complex128};

struct loop_entry {
  loop_fn fn = nullptr;
  dtype out{};
};

struct ufunc_def {
  const char* name;
  int nin;
  std::array<loop_entry, num_dtypes> loops{};
  const char* bool_error = nullptr;  // NumPy refuses some ops on bool with a message
  bool int_to_double = false;        // true division: integer and bool inputs resolve to float64
  bool comparison = false;           // out-of-range Python ints compare by value instead of raising
};

template <class Op>
constexpr bool int_to_double_v = requires { Op::int_to_double; };
template <class Op>
constexpr bool comparison_v = requires { Op::comparison; };


/// Resolves the loop for `ins` and runs it, honouring out=, where=, dtype= and casting=.
array run(const ufunc_def& def, const operand* ins, const ufunc_options& opts);

/// NumPy's message for ufuncs that refuse bool inputs, or nullptr.
const char* bool_error(std::string_view name);

}  // namespace nd::detail

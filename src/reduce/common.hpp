#pragma once
// Shared pieces of the reduction files: the prepared input (cast, masks, geometry).
#include <optional>
#include <string_view>

#include "reduce/engine.hpp"

namespace nd::detail {

template <class T>
struct real_of {
  using type = T;
};
template <class T>
struct real_of<std::complex<T>> {
  using type = T;
};

// mean/var compute in float64 for integers and bool, in float32 for float16.
template <class In>
using mean_acc_t = std::conditional_t<std::is_integral_v<In>, double,
                                      std::conditional_t<std::is_same_v<In, float16_t>, float, In>>;

struct prepared {
  array a;                    // the input, cast to the computation dtype when asked
  std::optional<array> mask;  // where= (and not-NaN for nan-variants), broadcast to a
  reduce_geom g;
};

prepared prepare(const array& a0, const reduce_options& o, std::optional<dtype> cast_to, bool nan_skip,
                 std::string_view op);
/// Per-output number of elements taking part (uint64, C order of the result).
array count_true(const prepared& p);
array apply_keep(const array& res, const prepared& p, bool keepdims);
dtype sum_result_dtype(dtype in);

template <class Op>
array run_op(const reduce_geom& g) {
  using Acc = typename Op::acc_t;
  array res(g.out_shape, dtype_of<Acc>());
  if (g.n_out > 0) run_tree<Op>(g, static_cast<Acc*>(res.mutable_data()));
  return res;
}

// v = initial (op) v, elementwise on a contiguous accumulator array.
template <class Op>
void apply_initial(array& res, double initial) {
  using Acc = typename Op::acc_t;
  Acc* r = static_cast<Acc*>(res.mutable_data());
  Acc init;
  if constexpr (std::is_same_v<Acc, uint64_t>) init = static_cast<uint64_t>(convert<int64_t>(initial));
  else init = convert<Acc>(initial);
  for (int64_t i = 0; i < res.size(); ++i) r[i] = Op::combine(init, r[i]);
}

}  // namespace nd::detail

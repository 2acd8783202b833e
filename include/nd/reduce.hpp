#pragma once
/// Reductions with NumPy's semantics: sum, prod, mean, var, std, min, max, ptp, argmin,
/// argmax, any, all, count_nonzero, cumsum, cumprod and the nan-variants, with `axis`
/// (all, one, or several; negative allowed), `keepdims`, `dtype`, `out`, `where` and
/// `initial`. Result dtypes follow NumPy 2.x (sum of small ints -> int64/uint64, mean of
/// ints -> float64, var of complex -> the real dtype, arg* -> int64, any/all -> bool).
///
/// Summation order (sum, prod, mean, var, std and their nan-variants): the elements of each
/// output are numbered by their C-order index over the reduced axes (the global index g).
/// Leaves are the blocks [k*B, (k+1)*B) with B = reduce_leaf_size; inside a leaf, 8 lanes
/// accumulate g % 8 in increasing g and are combined ((0+1)+(2+3))+((4+5)+(6+7)) (NumPy's
/// pairwise leaf). Leaves combine by the dyadic tree over block indices (node (level L,
/// index k) covers blocks [k*2^L, (k+1)*2^L)); an incomplete right edge is folded from
/// the right. The result depends only on the values and their indices: never on the
/// memory layout, the thread count, or how the input was split (see sum_partial).
#include <cstdint>
#include <optional>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd {

/// Leaf size of the summation tree (a power of two, multiple of 8).
inline constexpr int64_t reduce_leaf_size = 128;

/// NumPy's reduction keywords. `axis` absent reduces all axes; repeated axes are a
/// value_error, out-of-range ones an axis_error. `out` must have the result's shape
/// (with keepdims applied); the result is cast into it unsafely as NumPy does.
/// `where` is broadcast to the input; `initial` is the start value (required with `where`
/// for min/max). `ddof` is used by var/std and their nan-variants only.
struct reduce_options {
  std::optional<std::vector<int64_t>> axis;
  bool keepdims = false;
  std::optional<nd::dtype> dtype;
  std::optional<array> out;
  std::optional<array> where;
  std::optional<double> initial;
  int64_t ddof = 0;
};

#define ND_REDUCTIONS(X)                                                                          \
  X(sum) X(prod) X(mean) X(var) X(std) X(min) X(max) X(ptp) X(any) X(alltrue) X(nansum) X(nanprod) \
  X(nanmean) X(nanvar) X(nanstd) X(nanmin) X(nanmax)

/// Each reduction comes as f(a, opts), f(a, axis, keepdims) and f(a, {axes...}, keepdims).
/// Empty input: sum -> 0, prod -> 1, mean/var -> nan, min/max/ptp -> value_error
/// "zero-size array to reduction operation maximum which has no identity".
/// nanmin/nanmax of an all-NaN slice give NaN; nanmean of one gives NaN.
/// NumPy's `all` is nd::alltrue (its old alias): `nd::all` is the full slice `:`.
#define ND_X(name)                                                                       \
  ND_API array name(const array& a, const reduce_options& opts = {});                    \
  ND_API array name(const array& a, int64_t axis, bool keepdims = false);                \
  ND_API array name(const array& a, const std::vector<int64_t>& axes, bool keepdims = false);
ND_REDUCTIONS(ND_X)
#undef ND_X

/// Index of the first maximum/minimum along one axis (flattened C-order index when `axis` is
/// absent); NaN counts as the extreme (the first NaN wins). int64. value_error on an empty
/// slice ("attempt to get argmax of an empty sequence"). The nan-variants skip NaN and throw
/// value_error "All-NaN slice encountered" for a slice of NaN only.
ND_API array argmax(const array& a, std::optional<int64_t> axis = std::nullopt, bool keepdims = false,
                    std::optional<array> out = std::nullopt);
ND_API array argmin(const array& a, std::optional<int64_t> axis = std::nullopt, bool keepdims = false,
                    std::optional<array> out = std::nullopt);
ND_API array nanargmax(const array& a, std::optional<int64_t> axis = std::nullopt, bool keepdims = false,
                       std::optional<array> out = std::nullopt);
ND_API array nanargmin(const array& a, std::optional<int64_t> axis = std::nullopt, bool keepdims = false,
                       std::optional<array> out = std::nullopt);

/// Number of non-zero elements (int64) over `axis` (all axes when absent).
ND_API array count_nonzero(const array& a, std::optional<std::vector<int64_t>> axis = std::nullopt,
                           bool keepdims = false);

/// Running sum/product along one axis (of the C-order flattened input when `axis` is
/// absent), accumulated sequentially as NumPy's. dtype as sum's unless given.
ND_API array cumsum(const array& a, std::optional<int64_t> axis = std::nullopt,
                    std::optional<nd::dtype> dt = std::nullopt, std::optional<array> out = std::nullopt);
ND_API array cumprod(const array& a, std::optional<int64_t> axis = std::nullopt,
                     std::optional<nd::dtype> dt = std::nullopt, std::optional<array> out = std::nullopt);

/// Partial sums for split inputs (the partition layer's combine). A piece holds the
/// global reduced positions [begin, end) of every output (the reduced axes of `piece` flattened
/// in C order; `begin` must be a multiple of reduce_leaf_size, and `end` too unless the piece
/// is the last one). Combining the pieces of any such split with sum_combine (adjacent
/// pieces, in order) and finishing with sum_finish gives the bits of nd::sum on the whole
/// input with the same options. `where`, `dtype` and `axis` are honoured; `out`, `initial`
/// and `keepdims` belong to sum_finish.
struct sum_partial {
  struct node {
    int level = 0;   // covers blocks [index << level, (index + 1) << level)
    int64_t index = 0;
    array values;    // one accumulator per output (the accumulation dtype), C order
  };
  int64_t begin = 0, end = 0;  // global reduced positions covered
  nd::dtype acc_dtype{};       // accumulation dtype
  nd::dtype result_dtype{};    // dtype nd::sum returns
  shape_t out_shape;           // the result shape without keepdims
  shape_t keepdims_shape;      // the result shape with keepdims
  std::vector<node> nodes;     // maximal dyadic block ranges, left to right
};

ND_API sum_partial sum_partial_of(const array& piece, int64_t begin, const reduce_options& opts = {});
/// Combines two partials of adjacent ranges (left.end == right.begin).
ND_API sum_partial sum_combine(const sum_partial& left, const sum_partial& right);
/// The sum from a partial covering [0, n): adds `initial` (default 0), casts, applies keepdims/out.
ND_API array sum_finish(const sum_partial& p, const reduce_options& opts = {});

}  // namespace nd

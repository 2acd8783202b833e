#pragma once
/// Sorting, searching, sets and counting with NumPy's semantics: sort, argsort, lexsort,
/// partition, argpartition, searchsorted, unique, isin, intersect1d, union1d, setdiff1d,
/// setxor1d, bincount, histogram and digitize.
///
/// Order of values (every function here uses it): bool false < true; integers by value
/// (uint64 included, no wrap); floats by value with -0.0 == 0.0 and every NaN after +inf;
/// complex lexicographically (real part, then imaginary part), with NumPy's NaN rule:
/// non-NaN values first, then [R + nan j], then [nan + R j], then [nan + nan j].
///
/// `axis` arguments are `std::optional<int64_t>`: a (possibly negative) axis, or
/// `std::nullopt` for "flatten first" (NumPy's axis=None). Bad axes throw nd::axis_error.
/// Index results (argsort, searchsorted, counts, ...) are int64, as NumPy's intp.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd {

/// NumPy's `kind=`. `quicksort` (the default) is unstable: equal values (including
/// -0.0 and 0.0, or NaNs with different payloads) may come out in any order. `stable`
/// keeps equal values in input order; stable argsort equals NumPy's index for index.
/// `mergesort` is NumPy's alias of `stable`; `heapsort` is accepted and runs as `quicksort`.
enum class sort_kind { quicksort, stable, mergesort = stable, heapsort };

/// A sorted copy (C-contiguous) of `a` along `axis`; axis=nullopt sorts the flattened array.
ND_API array sort(const array& a, std::optional<int64_t> axis = -1, sort_kind kind = sort_kind::quicksort);

/// Sorts `a` in place along `axis` (NumPy's a.sort()); `a` may be any strided view.
/// @throws nd::readonly_error if `a` is not writeable.
ND_API void sort_inplace(array& a, int64_t axis = -1, sort_kind kind = sort_kind::quicksort);

/// The int64 indices that sort `a` along `axis` (flattened for nullopt).
/// With `stable` the result is exactly NumPy's. With the default kind it is a valid
/// sorting permutation; today it breaks ties by index (so it equals the stable result),
/// but callers must not rely on that.
ND_API array argsort(const array& a, std::optional<int64_t> axis = -1, sort_kind kind = sort_kind::quicksort);

/// NumPy's lexsort: an indirect stable sort on several keys of one shape; the LAST key
/// is the primary one. Returns int64 indices along `axis`.
/// @throws nd::value_error "all keys need to be the same shape", or for no keys.
ND_API array lexsort(const std::vector<array>& keys, int64_t axis = -1);

/// A copy of `a` where, along `axis`, every element at a position in `kth` is the one a
/// full sort puts there, smaller-or-equal ones before and greater-or-equal ones after.
/// kth may be negative. The order within each segment is unspecified (not NumPy's).
/// @throws nd::value_error "kth(=5) out of bounds (5)".
ND_API array partition(const array& a, const std::vector<int64_t>& kth, std::optional<int64_t> axis = -1);
ND_API array partition(const array& a, int64_t kth, std::optional<int64_t> axis = -1);
/// The int64 indices that would partition `a` (see partition).
ND_API array argpartition(const array& a, const std::vector<int64_t>& kth, std::optional<int64_t> axis = -1);
ND_API array argpartition(const array& a, int64_t kth, std::optional<int64_t> axis = -1);

/// Which of several equal positions searchsorted reports.
enum class side { left, right };

/// Indices (int64, shaped like `v`) where the elements of `v` would be inserted into
/// the 1-D `a` to keep it sorted. `a` and `v` are compared in their promoted dtype.
/// `sorter` (1-D integer, a.size() long) gives the order of an unsorted `a`.
/// @throws nd::value_error "object too deep for desired array" for a non-1-D `a`,
///   "sorter.size must equal a.size", "Sorter index out of range.".
ND_API array searchsorted(const array& a, const array& v, side s = side::left,
                          const std::optional<array>& sorter = std::nullopt);

/// What unique computes besides the values.
struct unique_options {
  bool return_index = false;    ///< first occurrence in the flattened input
  bool return_inverse = false;  ///< for each input element, its position in `values`
  bool return_counts = false;
  bool equal_nan = true;  ///< NumPy 2's default: all NaNs collapse into one value
};
struct unique_result {
  array values;                  ///< sorted distinct values, 1-D, the input's dtype
  std::optional<array> index;    ///< int64, values.size()
  std::optional<array> inverse;  ///< int64, the input's shape (as NumPy 2 for axis=None)
  std::optional<array> counts;   ///< int64, values.size()
};
/// NumPy's unique with axis=None (the input is flattened). Equal values count as one;
/// with equal_nan (complex: any NaN part) all NaNs count as one, placed last.
ND_API unique_result unique(const array& a, const unique_options& opts);
/// The sorted distinct values only (np.unique(a)).
ND_API array unique(const array& a);
/// NumPy's unique with an axis: the distinct sub-arrays a[..., i, ...] along `axis`, in
/// lexicographic order of their elements taken in C order (each element compared in the
/// order above). `values` keeps the input's shape except along `axis`; `index` (first
/// occurrence along `axis`), `inverse` and `counts` are 1-D int64, as NumPy 2.x gives
/// them for an axis. Sub-arrays holding NaN never equal each other (NumPy compares the
/// rows as structured values; `equal_nan` is ignored), except for 1-D input, which NumPy
/// and nd treat as axis=None. The representative of equal sub-arrays (-0.0 against 0.0)
/// is the first in input order. float16 elements compare as NumPy's structured compare
/// does, with NaN before every number (NaN is last everywhere else).
/// @throws nd::axis_error for a bad axis (0-d input included).
ND_API unique_result unique(const array& a, int64_t axis, const unique_options& opts);

/// A bool array shaped like `element`: whether each element equals (==, so NaN never
/// matches) some element of `test_elements`; negated when `invert`.
ND_API array isin(const array& element, const array& test_elements, bool assume_unique = false,
                  bool invert = false);

/// Sorted values common to both inputs (flattened), in their promoted dtype.
ND_API array intersect1d(const array& a, const array& b, bool assume_unique = false);
struct intersect_result {
  array values;
  array a_indices;  ///< int64: first occurrence of each value in the flattened `a`
  array b_indices;
};
/// intersect1d(..., return_indices=True).
ND_API intersect_result intersect1d_indices(const array& a, const array& b, bool assume_unique = false);
/// Sorted distinct values found in either input.
ND_API array union1d(const array& a, const array& b);
/// Distinct values of `a` not in `b` (sorted unless assume_unique); `a`'s dtype.
ND_API array setdiff1d(const array& a, const array& b, bool assume_unique = false);
/// Sorted values found in exactly one of the inputs.
ND_API array setxor1d(const array& a, const array& b, bool assume_unique = false);

/// Counts of each value 0..max(x) in the 1-D non-negative integer array `x` (int64), or
/// sums of `weights` per value (float64). At least `minlength` bins.
/// @throws nd::dtype_error when `x` cannot be cast to int64 under same_kind,
///   nd::value_error "'list' argument must have no negative elements".
ND_API array bincount(const array& x, const std::optional<array>& weights = std::nullopt, int64_t minlength = 0);

struct histogram_result {
  array hist;       ///< int64 counts, the weights' dtype with weights, or densities
  array bin_edges;  ///< bins + 1 edges
};
/// `bins` equal-width bins over `range` (default: [min, max] of the data; widened by
/// 0.5 each side when min == max). Bins are half-open [e_i, e_i+1) except the last,
/// which is closed; values outside the range are ignored. The edges have the data's
/// float dtype (float64 for integer data). With `density`, hist / bin width / total
/// (float64; complex128 for complex weights).
///
/// `weights` (the shape of `a`) makes each value count its weight instead of 1: hist
/// then has the weights' dtype, summed as NumPy does (in double, per block of 65536
/// values in input order, each block's sums cast to the weights' dtype and added;
/// with explicit edges, cumulative sums in the weights' dtype over the sorted block,
/// differenced). Bool weights with explicit edges throw nd::dtype_error, as in NumPy.
/// @throws nd::value_error for bins < 1, a reversed or non-finite range, NaN/inf data
///   without a range, or weights of another shape.
ND_API histogram_result histogram(const array& a, int64_t bins = 10,
                                  std::optional<std::pair<double, double>> range = std::nullopt,
                                  bool density = false, const std::optional<array>& weights = std::nullopt);
/// Explicit, monotonically increasing 1-D bin edges (returned as given).
ND_API histogram_result histogram(const array& a, const array& bin_edges, bool density = false,
                                  const std::optional<array>& weights = std::nullopt);

/// Index (int64, shaped like x) of the bin each x falls in: for increasing bins
/// bins[i-1] <= x < bins[i] (or bins[i-1] < x <= bins[i] with `right`); decreasing bins
/// work the other way round, as NumPy's.
/// @throws nd::value_error for non-monotonic bins, nd::dtype_error for complex x.
ND_API array digitize(const array& x, const array& bins, bool right = false);

}  // namespace nd

#pragma once
/// Array manipulation as NumPy's: joining and splitting, tiling and repeating, flipping,
/// rolling and rotating, padding, triangles, meshgrid, differences, and inserting or
/// deleting along an axis. Functions documented as views share memory with their input;
/// all others return new C-ordered arrays.
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd {

// ---- joining ----

/// np.concatenate along `axis` (std::nullopt: the inputs are flattened first). The result
/// dtype is the inputs' result_type unless `dt` is given.
/// @throws nd::value_error for no inputs or 0-d inputs; nd::shape_error when ranks or the
///   sizes off the axis differ ("... along dimension 1, the array at index 0 has size 3 and
///   the array at index 1 has size 2"); nd::axis_error for a bad axis.
ND_API array concatenate(const std::vector<array>& arrays, std::optional<int64_t> axis = 0,
                         std::optional<dtype> dt = std::nullopt);
/// np.stack: joins same-shaped arrays along a new axis.
ND_API array stack(const std::vector<array>& arrays, int64_t axis = 0);
ND_API array vstack(const std::vector<array>& arrays);
ND_API array hstack(const std::vector<array>& arrays);
ND_API array dstack(const std::vector<array>& arrays);
/// 1-D inputs become columns, others are joined along axis 1.
ND_API array column_stack(const std::vector<array>& arrays);
/// np.append: ravel both when axis is absent, else concatenate along axis.
ND_API array append(const array& arr, const array& values, std::optional<int64_t> axis = std::nullopt);

/// Views with at least 1, 2 or 3 dimensions, as np.atleast_1d/2d/3d.
ND_API array atleast_1d(const array& a);
ND_API array atleast_2d(const array& a);
ND_API array atleast_3d(const array& a);

// ---- splitting (views) ----

/// np.split into `sections` equal parts; value_error "array split does not result in an
/// equal division" otherwise. Note: `split(a, {3})` means 3 sections; pass a
/// std::vector<int64_t> to split at index 3.
ND_API std::vector<array> split(const array& a, int64_t sections, int64_t axis = 0);
/// np.split at the given indices (clipped as Python slices).
ND_API std::vector<array> split(const array& a, const std::vector<int64_t>& indices, int64_t axis = 0);
/// np.array_split: like split, but the first n % sections parts get one extra element.
ND_API std::vector<array> array_split(const array& a, int64_t sections, int64_t axis = 0);
ND_API std::vector<array> array_split(const array& a, const std::vector<int64_t>& indices, int64_t axis = 0);

// ---- tiling and repeating ----

/// np.tile: reps shorter than a.ndim are prepended with 1s; a is promoted when reps is longer.
ND_API array tile(const array& a, const std::vector<int64_t>& reps);
/// np.repeat with one count for every element (axis absent: of the flattened array).
ND_API array repeat(const array& a, int64_t repeats, std::optional<int64_t> axis = std::nullopt);
/// np.repeat with per-element counts (length 1 or the axis length).
ND_API array repeat(const array& a, const array& repeats, std::optional<int64_t> axis = std::nullopt);

// ---- reordering ----

/// np.flip over the given axes (all when absent); a view with negative strides.
ND_API array flip(const array& a, const std::optional<std::vector<int64_t>>& axes = std::nullopt);
ND_API array flip(const array& a, int64_t axis);
/// Views; value_error "Input must be >= 2-d." / ">= 1-d.".
ND_API array fliplr(const array& a);
ND_API array flipud(const array& a);
/// np.roll of the flattened array (axis absent) or along one axis.
ND_API array roll(const array& a, int64_t shift, std::optional<int64_t> axis = std::nullopt);
/// np.roll with shift and axis tuples (broadcast against each other; repeated axes add up).
ND_API array roll(const array& a, const std::vector<int64_t>& shifts, const std::vector<int64_t>& axes);
/// np.rot90: a view rotating by k * 90 degrees from the first axis towards the second.
ND_API array rot90(const array& a, int64_t k = 1, const std::vector<int64_t>& axes = {0, 1});

// ---- padding ----

enum class pad_mode { constant, edge, reflect, symmetric, wrap };

/// np.pad. `pad_width` holds (before, after) per axis, or one pair for every axis.
/// `constant_values` broadcasts to (ndim, 2) as NumPy's and is cast to a's dtype.
/// @throws nd::value_error for negative widths, or non-constant padding of an empty axis.
ND_API array pad(const array& a, const std::vector<std::pair<int64_t, int64_t>>& pad_width,
                 pad_mode mode = pad_mode::constant, const array& constant_values = array(0));
/// The same width before and after on every axis.
ND_API array pad(const array& a, int64_t pad_width, pad_mode mode = pad_mode::constant,
                 const array& constant_values = array(0));

// ---- triangles and grids ----

/// Lower / upper triangle of the last two axes (below / above the k-th diagonal zeroed).
/// 1-D input is broadcast to a square matrix, as NumPy's.
ND_API array tril(const array& a, int64_t k = 0);
ND_API array triu(const array& a, int64_t k = 0);

enum class meshgrid_indexing { xy, ij };
/// np.meshgrid: with xy indexing the first two output axes are swapped. `sparse` gives
/// broadcastable shapes; `copy` false gives read-only broadcast views.
ND_API std::vector<array> meshgrid(const std::vector<array>& xi, meshgrid_indexing indexing = meshgrid_indexing::xy,
                                   bool sparse = false, bool copy = true);

// ---- differences ----

/// np.diff: n-th discrete difference along axis (bool uses not_equal, as NumPy).
ND_API array diff(const array& a, int64_t n = 1, int64_t axis = -1, const std::optional<array>& prepend = std::nullopt,
                  const std::optional<array>& append = std::nullopt);
/// np.ediff1d: differences of the flattened array with optional ends (same_kind castable to a's dtype).
ND_API array ediff1d(const array& a, const std::optional<array>& to_end = std::nullopt,
                     const std::optional<array>& to_begin = std::nullopt);

// ---- inserting and deleting ----

/// np.insert with a scalar index: `values` (of a's rank at least) is inserted as a block before `index`.
ND_API array insert(const array& arr, int64_t index, const array& values, std::optional<int64_t> axis = std::nullopt);
/// np.insert with a sequence of indices (each refers to the original array).
ND_API array insert(const array& arr, const std::vector<int64_t>& indices, const array& values,
                    std::optional<int64_t> axis = std::nullopt);
ND_API array insert(const array& arr, const slice& where, const array& values,
                    std::optional<int64_t> axis = std::nullopt);
/// np.delete (named delete_ since delete is a C++ keyword).
ND_API array delete_(const array& arr, int64_t index, std::optional<int64_t> axis = std::nullopt);
ND_API array delete_(const array& arr, const std::vector<int64_t>& indices, std::optional<int64_t> axis = std::nullopt);
ND_API array delete_(const array& arr, const slice& where, std::optional<int64_t> axis = std::nullopt);

/// np.trim_zeros (NumPy 2): trims leading ('f') and/or trailing ('b') zeros along the given
/// axes (all when absent); the smallest box holding every non-zero value. A view.
ND_API array trim_zeros(const array& a, std::string_view trim = "fb",
                        const std::optional<std::vector<int64_t>>& axes = std::nullopt);

}  // namespace nd

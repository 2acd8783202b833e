#pragma once
/// Discrete Fourier transforms with numpy.fft's API and semantics (NumPy 2.x):
///
/// - dtypes: float32, complex64 and float16 compute in single precision (results complex64 /
///   float32); every other dtype (integers, bool, float64, complex128) in double precision
///   (complex128 / float64). Complex input to the real transforms (rfft, ihfft, ...) is a
///   dtype_error, as NumPy's `same_kind` casting refuses it.
/// - `n` / `s` zero-pad or truncate the input along the transformed axis; `n < 1` is a
///   value_error `Invalid number of FFT data points (0) specified.`
/// - `norm`: backward (default: forward unscaled, inverse 1/n), ortho (1/sqrt(n) both
///   ways), forward (forward 1/n, inverse unscaled).
/// - n-dimensional transforms run axis by axis, last axis first (as NumPy does); `s`
///   without `axes` takes the last len(s) axes; an entry -1 in `s` means the input's length.
/// - `out`: must have the result's shape (`output array has wrong shape.` otherwise); the
///   result is cast into it with `same_kind`.
///
/// The backend is FFTW 3 (GPL: see docs/fft.md) behind src/fft/backend.hpp: plans are
/// made once per (kind, precision, length, layout, alignment, threads) and kept in a
/// bounded LRU cache, so the second call with the same shape pays no planning. Arrays are
/// passed to FFTW with their strides (no copy when the input already has the computation
/// dtype and length). Large transforms use nd::get_num_threads() FFTW threads.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nd/export.hpp"
#include "nd/ndarray.hpp"

namespace nd::fft {

enum class norm_mode { backward, ortho, forward };

/// Parses "backward" / "ortho" / "forward" (value_error naming the bad value otherwise).
ND_API norm_mode parse_norm(std::string_view name);

using axes_t = std::vector<int64_t>;
using sizes_t = std::vector<int64_t>;

// 1-D transforms along `axis`.
ND_API array fft(const array& a, std::optional<int64_t> n = std::nullopt, int64_t axis = -1,
                 norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);
ND_API array ifft(const array& a, std::optional<int64_t> n = std::nullopt, int64_t axis = -1,
                  norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);
ND_API array rfft(const array& a, std::optional<int64_t> n = std::nullopt, int64_t axis = -1,
                  norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);
/// Default n: 2 * (m - 1) for m input points along the axis.
ND_API array irfft(const array& a, std::optional<int64_t> n = std::nullopt, int64_t axis = -1,
                   norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);
ND_API array hfft(const array& a, std::optional<int64_t> n = std::nullopt, int64_t axis = -1,
                  norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);
ND_API array ihfft(const array& a, std::optional<int64_t> n = std::nullopt, int64_t axis = -1,
                   norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);

// n-dimensional transforms. `axes` absent: all axes (or the last len(s) when `s` is given).
ND_API array fftn(const array& a, const std::optional<sizes_t>& s = std::nullopt,
                  const std::optional<axes_t>& axes = std::nullopt, norm_mode norm = norm_mode::backward,
                  const std::optional<array>& out = std::nullopt);
ND_API array ifftn(const array& a, const std::optional<sizes_t>& s = std::nullopt,
                   const std::optional<axes_t>& axes = std::nullopt, norm_mode norm = norm_mode::backward,
                   const std::optional<array>& out = std::nullopt);
ND_API array rfftn(const array& a, const std::optional<sizes_t>& s = std::nullopt,
                   const std::optional<axes_t>& axes = std::nullopt, norm_mode norm = norm_mode::backward,
                   const std::optional<array>& out = std::nullopt);
ND_API array irfftn(const array& a, const std::optional<sizes_t>& s = std::nullopt,
                    const std::optional<axes_t>& axes = std::nullopt, norm_mode norm = norm_mode::backward,
                    const std::optional<array>& out = std::nullopt);
// 2-D: the same with axes (-2, -1) by default.
ND_API array fft2(const array& a, const std::optional<sizes_t>& s = std::nullopt, const axes_t& axes = {-2, -1},
                  norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);
ND_API array ifft2(const array& a, const std::optional<sizes_t>& s = std::nullopt, const axes_t& axes = {-2, -1},
                   norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);
ND_API array rfft2(const array& a, const std::optional<sizes_t>& s = std::nullopt, const axes_t& axes = {-2, -1},
                   norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);
ND_API array irfft2(const array& a, const std::optional<sizes_t>& s = std::nullopt, const axes_t& axes = {-2, -1},
                    norm_mode norm = norm_mode::backward, const std::optional<array>& out = std::nullopt);

/// Sample frequencies: [0, 1, ..., ceil(n/2)-1, -floor(n/2), ..., -1] / (d*n), float64.
ND_API array fftfreq(int64_t n, double d = 1.0);
/// [0, 1, ..., n/2] / (d*n), float64.
ND_API array rfftfreq(int64_t n, double d = 1.0);
/// Rolls each of `axes` (all when absent) by floor(len/2): zero frequency to the centre.
ND_API array fftshift(const array& x, const std::optional<axes_t>& axes = std::nullopt);
/// The inverse of fftshift (rolls by -floor(len/2)).
ND_API array ifftshift(const array& x, const std::optional<axes_t>& axes = std::nullopt);

// ---- the plan cache and FFTW's planner ----

/// Plans kept (LRU); 0 disables caching. Default 64.
ND_API void set_plan_cache_capacity(std::size_t plans);
ND_API std::size_t plan_cache_capacity();
/// Plans currently cached.
ND_API std::size_t plan_cache_size();
ND_API void clear_plan_cache();

/// FFTW's planner effort for new plans: estimate (default; plans in microseconds) or
/// measure (times candidate algorithms once per shape; faster transforms afterwards).
enum class planner { estimate, measure };
ND_API void set_planner(planner p);
ND_API planner get_planner();

/// FFTW "wisdom" (what measured planning learnt), both precisions, to and from a file.
/// io_error when the file cannot be written / read or holds no valid wisdom.
ND_API void export_wisdom(const std::string& path);
ND_API void import_wisdom(const std::string& path);

}  // namespace nd::fft

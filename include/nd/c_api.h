/* nd's C API: a stable C99 ABI over nd::array for C, Fortran (fortran_bridge/nd.f90) and
 * any language with a C foreign-function interface. Link nd::capi (CMake) or -lnd_capi.
 *
 * Conventions (docs/c-and-fortran.md has the long form):
 * - Every function that can fail returns an nd_status; ND_OK is 0. On failure the output
 *   arguments are left untouched and nd_last_error() holds the message (per thread).
 *   No C++ exception ever leaves this API.
 * - An nd_array* is an owning handle to one nd array (a view of a shared buffer). Every
 *   handle a function returns through an `nd_array** out` must be released with
 *   nd_array_free; freeing a handle never invalidates other handles that view the same
 *   memory (views keep the memory alive). nd_array_free(NULL) does nothing.
 * - Shapes and strides are int64_t; strides are in BYTES, as NumPy's.
 * - Memory handed to nd (nd_array_from_data with a release callback, nd_from_dlpack)
 *   belongs to nd from the call on, whether the call succeeds or not: the callback runs
 *   exactly once, when the last view of that memory dies (or before the call returns an
 *   error).
 */
#ifndef ND_C_API_H
#define ND_C_API_H

#include <stddef.h>
#include <stdint.h>

/* The version of this header (and of the nd library it was released with). */
#define ND_VERSION_MAJOR 0
#define ND_VERSION_MINOR 1
#define ND_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH, comparable with nd_version(). */
#define ND_VERSION (ND_VERSION_MAJOR * 10000 + ND_VERSION_MINOR * 100 + ND_VERSION_PATCH)

#if defined(ND_CAPI_STATIC)
#define ND_CAPI
#elif defined(_WIN32)
#ifdef ND_BUILDING_CAPI
#define ND_CAPI __declspec(dllexport)
#else
#define ND_CAPI __declspec(dllimport)
#endif
#else
#define ND_CAPI __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status and errors ---- */

/* Each enum below ends with a *_RANGE_ enumerator that is not a value: it makes every int a
 * valid value of the enum type in C++ too, so that a wrong value passed by a caller is
 * reported as an error rather than being undefined behaviour. */
#define ND_ENUM_RANGE_ (-2147483647 - 1)

/* Mirrors nd's C++ exception kinds (include/nd/error.hpp). */
typedef enum nd_status {
  ND_OK = 0,
  ND_ERR_VALUE = 1,           /* nd::value_error: a bad argument value */
  ND_ERR_SHAPE = 2,           /* nd::shape_error: shapes that do not fit together */
  ND_ERR_TYPE = 3,            /* nd::dtype_error: a dtype an operation refuses, a forbidden cast */
  ND_ERR_INDEX = 4,           /* nd::index_error: an index out of bounds */
  ND_ERR_AXIS = 5,            /* nd::axis_error: an axis out of range */
  ND_ERR_MEMORY = 6,          /* nd::alloc_error / std::bad_alloc: size overflow, failed allocation */
  ND_ERR_LINALG = 7,          /* nd::linalg_error: singular matrix, no convergence */
  ND_ERR_IO = 8,              /* nd::io_error: unreadable, unwritable or malformed file */
  ND_ERR_READONLY = 9,        /* nd::readonly_error: writing through a read-only array */
  ND_ERR_FLOATING_POINT = 10, /* nd::floating_point_error raised under a raising errstate */
  ND_ERR_NOT_IMPLEMENTED = 11,/* a feature this build or this API does not offer */
  ND_ERR_NULL_POINTER = 12,   /* a required pointer argument was NULL */
  ND_ERR_UNKNOWN = 13,        /* anything else (a foreign exception) */
  ND_STATUS_RANGE_ = ND_ENUM_RANGE_
} nd_status;

/* The message of the last failed call on this thread ("" if none). Successful calls leave
 * it unchanged. The pointer stays valid until the next failing call on this thread. */
ND_CAPI const char* nd_last_error(void);
/* Clears this thread's message. */
ND_CAPI void nd_clear_error(void);
/* Sets this thread's message (NULL: "") and returns s: for bridges built on this API (the
 * Fortran module's C half reports its own errors through it). */
ND_CAPI nd_status nd_set_error(nd_status s, const char* message);
/* A fixed name for a status: "ND_OK", "ND_ERR_SHAPE", ... ("ND_ERR_UNKNOWN" for bad values). */
ND_CAPI const char* nd_status_name(nd_status s);

/* MAJOR * 10000 + MINOR * 100 + PATCH of the library at run time (compare with ND_VERSION). */
ND_CAPI int nd_version(void);
/* "0.1.0" */
ND_CAPI const char* nd_version_string(void);

/* ---- dtypes ---- */

typedef enum nd_dtype {
  ND_BOOL = 0,
  ND_INT8 = 1,
  ND_INT16 = 2,
  ND_INT32 = 3,
  ND_INT64 = 4,
  ND_UINT8 = 5,
  ND_UINT16 = 6,
  ND_UINT32 = 7,
  ND_UINT64 = 8,
  ND_FLOAT16 = 9,
  ND_FLOAT32 = 10,
  ND_FLOAT64 = 11,
  ND_COMPLEX64 = 12, /* two floats, real then imaginary (C's float _Complex) */
  ND_COMPLEX128 = 13, /* two doubles (C's double _Complex) */
  ND_DTYPE_RANGE_ = ND_ENUM_RANGE_
} nd_dtype;

/* Parses a NumPy dtype name or code: "float64", "f8", "<f8", "d", "bool", "?", "complex64"...
 * ND_ERR_TYPE for names nd does not know. */
ND_CAPI nd_status nd_dtype_from_name(const char* name, nd_dtype* out);
/* NumPy's name ("float64"), or NULL for a value outside the enum. */
ND_CAPI const char* nd_dtype_name(nd_dtype dt);
/* Bytes per element, or 0 for a value outside the enum. */
ND_CAPI int64_t nd_dtype_itemsize(nd_dtype dt);

/* Memory order of new arrays (NumPy's order=). */
typedef enum nd_order {
  ND_ORDER_C = 0,
  ND_ORDER_F = 1,
  ND_ORDER_A = 2,
  ND_ORDER_K = 3,
  ND_ORDER_RANGE_ = ND_ENUM_RANGE_
} nd_order;

/* ---- handles ---- */

typedef struct nd_array nd_array;

/* Releases a handle (the memory goes when no other view uses it). NULL is a no-op. */
ND_CAPI void nd_array_free(nd_array* a);
/* A second handle to the same array (a view sharing the memory). */
ND_CAPI nd_status nd_array_view(const nd_array* a, nd_array** out);

/* ---- creation ---- */

ND_CAPI nd_status nd_empty(int ndim, const int64_t* shape, nd_dtype dt, nd_order order, nd_array** out);
ND_CAPI nd_status nd_zeros(int ndim, const int64_t* shape, nd_dtype dt, nd_order order, nd_array** out);
ND_CAPI nd_status nd_ones(int ndim, const int64_t* shape, nd_dtype dt, nd_order order, nd_array** out);
/* Every element `value`, cast (unsafely, as NumPy's full) to dt. */
ND_CAPI nd_status nd_full(int ndim, const int64_t* shape, nd_dtype dt, double value, nd_order order,
                          nd_array** out);
/* np.arange(start, stop, step, dtype): ceil((stop - start) / step) values. */
ND_CAPI nd_status nd_arange(double start, double stop, double step, nd_dtype dt, nd_array** out);

/* Called once with `ctx` when the last view of wrapped memory is gone. */
typedef void (*nd_release_fn)(void* ctx);

/* Views `data` (the address of element 0) without copying. `strides` are in bytes, one per
 * axis, any sign (NULL: C order). `writeable` 0 makes the array read-only. `release` (may
 * be NULL) is called with `ctx` exactly once: when the last nd view of the memory is freed,
 * or before this function returns if it fails. */
ND_CAPI nd_status nd_array_from_data(void* data, int ndim, const int64_t* shape, const int64_t* strides,
                                     nd_dtype dt, int writeable, nd_release_fn release, void* ctx,
                                     nd_array** out);

/* ---- queries ---- */

ND_CAPI nd_status nd_array_dtype(const nd_array* a, nd_dtype* out);
ND_CAPI nd_status nd_array_ndim(const nd_array* a, int* out);
/* Pointers to the handle's ndim sizes / byte strides; valid while the handle lives. */
ND_CAPI nd_status nd_array_shape(const nd_array* a, const int64_t** out);
ND_CAPI nd_status nd_array_strides(const nd_array* a, const int64_t** out);
/* Number of elements, bytes per element, size * itemsize. */
ND_CAPI nd_status nd_array_size(const nd_array* a, int64_t* out);
ND_CAPI nd_status nd_array_itemsize(const nd_array* a, int64_t* out);
ND_CAPI nd_status nd_array_nbytes(const nd_array* a, int64_t* out);
/* The address of element 0 (write through it only when ND_FLAG_WRITEABLE is set). */
ND_CAPI nd_status nd_array_data(const nd_array* a, void** out);

#define ND_FLAG_C_CONTIGUOUS 1
#define ND_FLAG_F_CONTIGUOUS 2
#define ND_FLAG_WRITEABLE 4
/* An OR of the ND_FLAG_ bits. */
ND_CAPI nd_status nd_array_flags(const nd_array* a, int* out);
/* 1 when both handles view the same buffer (memory from one allocation or one wrap). */
ND_CAPI nd_status nd_array_shares_memory(const nd_array* a, const nd_array* b, int* out);

/* One element (index: ndim entries, negative from the end) converted to double / written
 * from a double with NumPy's casting. ND_ERR_INDEX out of bounds. For complex arrays the
 * real part is read and the imaginary part set to 0 on writes. */
ND_CAPI nd_status nd_array_get_f64(const nd_array* a, const int64_t* index, double* out);
ND_CAPI nd_status nd_array_set_f64(nd_array* a, const int64_t* index, double value);
/* The single element of a size-1 array (a reduction's result) as double / as re, im. */
ND_CAPI nd_status nd_array_item_f64(const nd_array* a, double* out);
ND_CAPI nd_status nd_array_item_c128(const nd_array* a, double* re, double* im);

/* ---- views and copies ---- */

/* Marks an absent slice bound (Python's None) in nd_slice's start/stop/step. */
#define ND_NONE INT64_MIN

/* a[start0:stop0:step0, start1:stop1:step1, ...] on the first n axes (n <= ndim), Python's
 * rules (negative bounds from the end, clipping, negative steps). Any of start/stop/step may
 * be NULL for "all absent"; entries equal to ND_NONE are absent. Always a view. */
ND_CAPI nd_status nd_slice(const nd_array* a, int n, const int64_t* start, const int64_t* stop,
                           const int64_t* step, nd_array** out);
/* a[..., i, ...] with i at `axis`: the axis is removed (a view). */
ND_CAPI nd_status nd_index_axis(const nd_array* a, int axis, int64_t i, nd_array** out);
/* np.reshape (C order): a view when the strides allow, a copy otherwise; one -1 inferred. */
ND_CAPI nd_status nd_reshape(const nd_array* a, int ndim, const int64_t* shape, nd_array** out);
/* np.transpose: axes (naxes == ndim, a permutation) or NULL to reverse them. A view. */
ND_CAPI nd_status nd_transpose(const nd_array* a, int naxes, const int64_t* axes, nd_array** out);
/* A new array with a's values in the given order (ND_ORDER_K keeps a's layout). */
ND_CAPI nd_status nd_copy(const nd_array* a, nd_order order, nd_array** out);
/* A new array with a's values cast (unsafely, as NumPy's default) to dt. */
ND_CAPI nd_status nd_astype(const nd_array* a, nd_dtype dt, nd_array** out);
/* dst[...] = src: src broadcast to dst's shape and cast unsafely (NumPy's setitem). dst
 * must be writeable; overlapping memory is handled. np.copyto(dst, src, 'unsafe'). */
ND_CAPI nd_status nd_assign(nd_array* dst, const nd_array* src);
/* dst[...] = value. */
ND_CAPI nd_status nd_fill(nd_array* dst, double value);

/* ---- ufuncs and reductions ---- */

/* Calls the ufunc `name` ("add", "sqrt", "greater_equal", ...: every ufunc of
 * include/nd/ufunc.hpp, plus NumPy's aliases "abs", "mod", "true_divide") on nin inputs
 * (1 or 2, as the ufunc takes), broadcasting them, NumPy's type rules. *out receives a new
 * array. ND_ERR_VALUE for an unknown name or the wrong number of inputs. */
ND_CAPI nd_status nd_ufunc(const char* name, nd_array* const* inputs, int nin, nd_array** out);
/* The same, writing into the existing array `out` (which may alias an input); the result is
 * cast into it with same_kind casting, as NumPy's out=. */
ND_CAPI nd_status nd_ufunc_into(const char* name, nd_array* const* inputs, int nin, nd_array* out);
/* 1 when `name` is a ufunc nd_ufunc knows (and its input count in *nin), 0 otherwise. */
ND_CAPI int nd_ufunc_exists(const char* name, int* nin);

/* Reduction `name`: "sum", "prod", "mean", "var", "std", "min", "max", "ptp", "any", "all",
 * "argmin", "argmax", "count_nonzero", "nansum", "nanprod", "nanmean", "nanvar", "nanstd",
 * "nanmin", "nanmax". axes NULL reduces over all axes (naxes ignored); otherwise naxes axes
 * (negative from the end; naxes may be 0). argmin/argmax take at most one axis (NULL: the
 * flattened array). ND_ERR_VALUE for an unknown name. */
ND_CAPI nd_status nd_reduce(const char* name, const nd_array* a, const int64_t* axes, int naxes, int keepdims,
                            nd_array** out);
/* var / std (and nanvar / nanstd) with NumPy's ddof. */
ND_CAPI nd_status nd_reduce_ddof(const char* name, const nd_array* a, const int64_t* axes, int naxes,
                                 int keepdims, int64_t ddof, nd_array** out);

/* ---- linear algebra (batched over leading axes, NumPy 2 semantics) ---- */

ND_CAPI nd_status nd_matmul(const nd_array* a, const nd_array* b, nd_array** out);
ND_CAPI nd_status nd_dot(const nd_array* a, const nd_array* b, nd_array** out);
/* x with a @ x = b (b is a stack of vectors only when 1-D). ND_ERR_LINALG if singular. */
ND_CAPI nd_status nd_solve(const nd_array* a, const nd_array* b, nd_array** out);
ND_CAPI nd_status nd_inv(const nd_array* a, nd_array** out);
ND_CAPI nd_status nd_det(const nd_array* a, nd_array** out);
/* a = u @ diag(s) @ vh. u and vh both NULL: only the singular values are computed. */
ND_CAPI nd_status nd_svd(const nd_array* a, int full_matrices, nd_array** u, nd_array** s, nd_array** vh);

/* ---- FFT (numpy.fft semantics) ----
 * n <= 0 means "the input's length along the axis" (irfft: 2 * (m - 1)); axis may be
 * negative; norm is "backward" (also for NULL), "ortho" or "forward". */
ND_CAPI nd_status nd_fft(const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out);
ND_CAPI nd_status nd_ifft(const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out);
ND_CAPI nd_status nd_rfft(const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out);
ND_CAPI nd_status nd_irfft(const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out);
/* n-dimensional transforms over naxes axes (axes NULL: all axes). */
ND_CAPI nd_status nd_fftn(const nd_array* a, const int64_t* axes, int naxes, const char* norm, nd_array** out);
ND_CAPI nd_status nd_ifftn(const nd_array* a, const int64_t* axes, int naxes, const char* norm, nd_array** out);

/* ---- random numbers ---- */

/* A numpy.random.Generator: with the same seed and the same calls in the same order it
 * gives the numbers numpy.random.default_rng(seed) gives. Not thread-safe: one per thread. */
typedef struct nd_rng nd_rng;
/* default_rng(seed): PCG64 seeded through NumPy's SeedSequence. */
ND_CAPI nd_status nd_rng_new_pcg64(uint64_t seed, nd_rng** out);
/* "pcg64", "pcg64dxsm", "philox", "sfc64" or "mt19937", seeded as NumPy's BitGenerator(seed). */
ND_CAPI nd_status nd_rng_new(const char* bit_generator, uint64_t seed, nd_rng** out);
/* NULL is a no-op. */
ND_CAPI void nd_rng_free(nd_rng* rng);
/* Fill `out` (any layout; float64 or float32) in C order, as Generator.random(out=...). */
ND_CAPI nd_status nd_rng_random(nd_rng* rng, nd_array* out);
ND_CAPI nd_status nd_rng_standard_normal(nd_rng* rng, nd_array* out);
/* Generator.integers(low, high, size=out.shape, dtype=out.dtype) written into out (any
 * integer dtype or bool). */
ND_CAPI nd_status nd_rng_integers(nd_rng* rng, int64_t low, int64_t high, nd_array* out);
/* Generator.uniform(low, high, size) / normal(loc, scale, size): float64, written into out. */
ND_CAPI nd_status nd_rng_uniform(nd_rng* rng, double low, double high, nd_array* out);
ND_CAPI nd_status nd_rng_normal(nd_rng* rng, double loc, double scale, nd_array* out);

/* Counter-based blocks (nd::random::fill_block): fills `out` with the block at `offset` of a
 * logically `global_shape` array; each element depends only on (seed, stream, its global
 * index), so any block grid gives the same numbers. float64 out for uniform [a, b),
 * normal (loc a, scale b) and exponential (scale b); int64 out for integers [ilow, ihigh)
 * (nd_random_block_integers). ndim is that of global_shape, offset and out. */
typedef enum nd_block_dist {
  ND_BLOCK_UNIFORM = 0,
  ND_BLOCK_NORMAL = 1,
  ND_BLOCK_EXPONENTIAL = 2,
  ND_BLOCK_DIST_RANGE_ = ND_ENUM_RANGE_
} nd_block_dist;
ND_CAPI nd_status nd_random_block(uint64_t seed, uint64_t stream, int ndim, const int64_t* global_shape,
                                  const int64_t* offset, nd_block_dist dist, double a, double b, nd_array* out);
ND_CAPI nd_status nd_random_block_integers(uint64_t seed, uint64_t stream, int ndim, const int64_t* global_shape,
                                           const int64_t* offset, int64_t ilow, int64_t ihigh, nd_array* out);

/* ---- .npy files ---- */

ND_CAPI nd_status nd_save(const char* path, const nd_array* a);
ND_CAPI nd_status nd_load(const char* path, nd_array** out);

/* ---- DLPack (dlpack.h, any 0.x version; CPU memory) ----
 * Declared with `struct DLManagedTensor` so that this header does not need dlpack.h. */
struct DLManagedTensor;
/* Exports a as a DLManagedTensor viewing its memory (no copy); the receiver calls its
 * deleter once, which releases nd's reference. Strides must be whole elements. */
ND_CAPI nd_status nd_to_dlpack(const nd_array* a, struct DLManagedTensor** out);
/* Views the tensor's memory as an nd array (no copy). nd owns `t` from the call on: its
 * deleter runs exactly once, when the last view is freed, or before an error returns. */
ND_CAPI nd_status nd_from_dlpack(struct DLManagedTensor* t, nd_array** out);

#ifdef __cplusplus
}
#endif

#endif /* ND_C_API_H */

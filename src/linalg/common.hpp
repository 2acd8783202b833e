#pragma once
// Shared by src/linalg/: batch geometry, the BLAS thread policy, and the product core.
#include <cstdint>
#include <string_view>
#include <vector>

#include "nd/linalg.hpp"
#include "nd/ndarray.hpp"

namespace nd::detail::la {

/// Byte offsets (from element 0) of every matrix of `a`'s leading `nbatch` axes, in C order.
std::vector<int64_t> batch_offsets(const array& a, int64_t nbatch);

/// Product of the leading `nbatch` entries of `s`.
int64_t batch_count(const shape_t& s, int64_t nbatch);

/// C[b] = A[b] @ B[b] for every batch index. A is (..., n, k), B (..., k, m) with the same
/// batch shape and dtype (any strides), C a new C-contiguous (..., n, m) array of that dtype.
/// The dtype is bool, an integer, float32, float64, complex64 or complex128.
void matmul_core(const array& A, const array& B, array& C);

/// Before a BLAS/LAPACK call made outside nd's parallel regions: OpenBLAS's thread count
/// follows nd::get_num_threads(). Inside a region it records the count for the tests.
void blas_prepare();

/// While alive, BLAS and LAPACK run single-threaded (for batches split over nd's pool).
class blas_serial_scope {
 public:
  blas_serial_scope();
  ~blas_serial_scope();
  blas_serial_scope(const blas_serial_scope&) = delete;
  blas_serial_scope& operator=(const blas_serial_scope&) = delete;

 private:
  int prev_;
};

/// Whether batches of `count` problems costing `work` flops each should be split over the pool.
bool split_batches(int64_t count, double work);

/// The dtype a decomposition computes in: float64, or complex128 for complex input (NumPy's
/// linalg computes in double precision too); float16 is a dtype_error naming `op`.
dtype la_dtype(dtype d, const char* op);
/// The dtype of its results: float32/complex64 inputs give float32/complex64, the rest
/// float64/complex128.
dtype la_result(dtype d);
dtype real_dtype(dtype d);
dtype complex_dtype(dtype d);
/// linalg_error unless `a` has at least two dimensions (and square last two).
void assert_stacked_2d(const array& a, const char* op);
void assert_stacked_square(const array& a, const char* op);

}  // namespace nd::detail::la

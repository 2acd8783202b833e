#pragma once
/// Linear algebra with NumPy 2's semantics: products (nd::matmul, nd::dot, ...) and
/// nd::linalg's decompositions and solvers, batched over leading dimensions.
///
/// Backend: float32/float64/complex64/complex128 products go to OpenBLAS (cblas gemm/gemv,
/// strided and transposed operands passed without copying where BLAS can take them);
/// integer and bool products use nd's own kernel with NumPy's result dtypes (bool is the
/// or of ands, integers wrap); float16 is computed in float32 and cast back. Batches of
/// small matrices use nd's own kernel. Decompositions call LAPACKE; integer and bool inputs
/// are computed in float64, float32 and complex64 stay single precision, float16 is a
/// dtype_error ("array type float16 is unsupported in linalg") as in NumPy.
///
/// Threads: OpenBLAS's thread count follows nd::set_num_threads as soon as it is called (and
/// ND_NUM_THREADS at the first linalg call); batches split over nd's pool call BLAS/LAPACK
/// single-threaded.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd {

/// Matrix product with NumPy `matmul` semantics: batch dimensions broadcast, 1-D operands
/// are promoted to matrices and the added axis removed again; the dtype is
/// promote_types(a, b). `out` must have the result's shape; the result is cast into it
/// (same_kind). shape_error "[matmul] Input operand 1 has a mismatch in its core
/// dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)".
ND_API array matmul(const array& a, const array& b, const std::optional<array>& out = std::nullopt);
/// np.dot: scalars multiply, 1-D·1-D is the inner product, N-D·1-D sums over the last axis
/// of a, N-D·M-D sums over a's last axis and b's second-to-last.
ND_API array dot(const array& a, const array& b);
/// Dot product of the flattened arrays, conjugating the first.
ND_API array vdot(const array& a, const array& b);
/// Sum over the last axes of a and b (scalars multiply).
ND_API array inner(const array& a, const array& b);
/// Outer product of the flattened arrays: shape (a.size, b.size).
ND_API array outer(const array& a, const array& b);
/// Sums over the last `axes` axes of a and the first `axes` of b.
ND_API array tensordot(const array& a, const array& b, int64_t axes = 2);
/// Sums over a's axes_a paired with b's axes_b (negative axes count from the end).
ND_API array tensordot(const array& a, const array& b, const std::vector<int64_t>& axes_a,
                       const std::vector<int64_t>& axes_b);
/// Kronecker product (the shorter shape is padded with leading ones).
ND_API array kron(const array& a, const array& b);
/// Sum along a diagonal of the (axis1, axis2) planes, with np.sum's dtype rules.
ND_API array trace(const array& a, int64_t offset = 0, int64_t axis1 = 0, int64_t axis2 = 1);
/// sum(conj(a) * b) along `axis` with broadcasting (np.vecdot); the dtype is promote_types(a, b).
ND_API array vecdot(const array& a, const array& b, int64_t axis = -1);
/// Cross product of 3-element (or 2-element, giving the z component) vectors along `axis`.
ND_API array cross(const array& a, const array& b, int64_t axis = -1);

/// How einsum orders the contractions of three or more operands, as np.einsum's `optimize`:
/// `off` (False) contracts all operands in one step (nd: pairwise, left to right), `greedy`
/// (True) and `optimal` give NumPy's paths for the same inputs -- `optimal` by an exhaustive
/// search in NumPy's order up to 8 operands, by dynamic programming over subsets up to 12,
/// greedy beyond.
enum class einsum_optimize { off, greedy, optimal };

/// One contraction step in NumPy's einsum_path format: positions in the current operand
/// list; those operands are removed and their contraction appended at the end.
using einsum_step = std::vector<int64_t>;

struct einsum_options {
  /// The dtype to compute in (operands are cast to it under `rule`); default: the operands'
  /// promoted dtype, as np.einsum.
  std::optional<nd::dtype> dtype;
  nd::casting rule = nd::casting::safe;
  einsum_optimize optimize = einsum_optimize::off;
  /// The largest intermediate (in elements) the greedy and optimal planners may create, as
  /// np.einsum's `optimize=('greedy', memory_limit)`. Default: the largest of the operands
  /// and the output, as NumPy's. Where no pair fits, the operands that remain are contracted
  /// in one step.
  std::optional<int64_t> memory_limit;
  /// An explicit contraction order (overrides `optimize` and `memory_limit`).
  std::optional<std::vector<einsum_step>> path;
  /// Receives the result (exact shape; the result's dtype must cast to out's under `rule`).
  std::optional<array> out;
};

/// np.einsum: "ij,jk->ik" (explicit) or "ij,jk" (implicit: the labels seen once, sorted,
/// after the broadcast dimensions of "..."). Repeated labels in one operand take diagonals;
/// labels absent from the output are summed; labels of size 1 broadcast. Pairwise
/// contractions go through nd::matmul (BLAS for float and complex dtypes). A single operand
/// that needs no sum or cast gives a view, as NumPy's. value_error names the offending
/// subscript; shape_error the label and both shapes.
ND_API array einsum(const std::string& subscripts, const std::vector<array>& operands,
                    const einsum_options& options = {});

/// The contraction order einsum would use, with NumPy's numbers for it.
struct einsum_path_info {
  std::vector<einsum_step> path;
  /// np.einsum_path's report numbers: the naive and optimized flop counts (the latter is
  /// NumPy's sum over the steps plus one), the largest intermediate (the largest step
  /// result, in elements) and the scalings (the number of labels looped over).
  double naive_flops = 0, optimized_flops = 0;
  double largest_intermediate = 0;
  int64_t naive_scaling = 0, optimized_scaling = 0;
  std::string report;  // NumPy's table, one line per step
};
ND_API einsum_path_info einsum_path(const std::string& subscripts, const std::vector<array>& operands,
                                    einsum_optimize optimize = einsum_optimize::greedy,
                                    std::optional<int64_t> memory_limit = std::nullopt);
/// The same, taking `optimize`, `memory_limit` and `path` from `options` (an explicit path is
/// checked and reported as given). Note that einsum_options' `optimize` defaults to `off`,
/// einsum's default, where the overload above defaults to `greedy`, einsum_path's.
ND_API einsum_path_info einsum_path(const std::string& subscripts, const std::vector<array>& operands,
                                    const einsum_options& options);

namespace linalg {

using nd::matmul;
using nd::outer;
using nd::tensordot;
using nd::vecdot;

/// np.linalg.trace: the diagonal sum of the last two axes.
ND_API array trace(const array& x, int64_t offset = 0);
/// np.linalg.cross: 3-element vectors only.
ND_API array cross(const array& a, const array& b, int64_t axis = -1);
/// Transposes the last two axes (a view).
ND_API array matrix_transpose(const array& x);
/// a @ a @ ... n times by repeated squaring; n == 0 gives the identity (a's dtype), n < 0
/// inverts first.
ND_API array matrix_power(const array& a, int64_t n);
/// The product of two or more arrays in the cheapest order (dynamic programming over the
/// chain); the first may be 1-D (a row) and the last 1-D (a column).
ND_API array multi_dot(const std::vector<array>& arrays);

// ---- solvers and decompositions; all are batched over leading dimensions ----

/// x with a @ x = b. b is a stack of vectors only if b.ndim == 1 (NumPy 2), otherwise of
/// matrices (..., M, K). linalg_error "Singular matrix".
ND_API array solve(const array& a, const array& b);
ND_API array inv(const array& a);
ND_API array det(const array& a);
struct slogdet_result {
  array sign, logabsdet;
};
ND_API slogdet_result slogdet(const array& a);
/// Lower (or upper) Cholesky factor. linalg_error "Matrix is not positive definite".
ND_API array cholesky(const array& a, bool upper = false);

enum class qr_mode { reduced, complete, r };
/// For qr_mode::r only R is computed (Q is left as an empty array).
struct qr_result {
  array Q, R;
};
ND_API qr_result qr(const array& a, qr_mode mode = qr_mode::reduced);

/// Eigenvalues (ascending, real) and eigenvectors of Hermitian matrices, from the 'L' or
/// 'U' triangle.
struct eigh_result {
  array eigenvalues, eigenvectors;
};
ND_API eigh_result eigh(const array& a, char uplo = 'L');
ND_API array eigvalsh(const array& a, char uplo = 'L');

/// General eigenproblem. For real input the results are real when every eigenvalue is
/// real, complex otherwise (as NumPy's).
struct eig_result {
  array eigenvalues, eigenvectors;
};
ND_API eig_result eig(const array& a);
ND_API array eigvals(const array& a);

/// a = U @ diag(S) @ Vh. With compute_uv false only S is filled.
struct svd_result {
  array U, S, Vh;
};
ND_API svd_result svd(const array& a, bool full_matrices = true, bool compute_uv = true);
ND_API array svdvals(const array& a);

/// Least squares: x minimising |b - a x|; singular values below rcond * s_max count as zero
/// (rcond default: eps * max(M, N)). residuals is empty unless rank == N and M > N.
struct lstsq_result {
  array x, residuals;
  int64_t rank = 0;
  array s;
};
ND_API lstsq_result lstsq(const array& a, const array& b, std::optional<double> rcond = std::nullopt);
/// Pseudo-inverse through the SVD; rcond default 1e-15 (relative to the largest singular value).
ND_API array pinv(const array& a, std::optional<double> rcond = std::nullopt, bool hermitian = false);
/// The inverse of `a` seen as a matrix of its first `ind` axes against the rest: the result
/// has shape a.shape[ind:] + a.shape[:ind] (np.linalg.tensorinv).
ND_API array tensorinv(const array& a, int64_t ind = 2);
/// x with tensordot(a, x, x.ndim) == b; `axes` of a are moved to the end first.
ND_API array tensorsolve(const array& a, const array& b,
                         const std::optional<std::vector<int64_t>>& axes = std::nullopt);
/// Number of singular values above tol (default S.max() * max(M, N) * eps).
ND_API array matrix_rank(const array& a, std::optional<double> tol = std::nullopt, bool hermitian = false);

/// A norm order: absent (2-norm / Frobenius), a number (inf and -inf included), or "fro" / "nuc".
class ND_API norm_ord {
 public:
  norm_ord() = default;
  norm_ord(double p) : p_(p) {}                // NOLINT: ord=2
  norm_ord(int p) : p_(static_cast<double>(p)) {}  // NOLINT
  norm_ord(const char* name);                  // NOLINT: "fro" or "nuc"
  bool is_none() const { return !p_ && name_.empty(); }
  const std::optional<double>& p() const { return p_; }
  const std::string& name() const { return name_; }

 private:
  std::optional<double> p_;
  std::string name_;
};

/// np.linalg.norm: vector norms over one axis, matrix norms over two (all of a 1-D or 2-D
/// array when axis is absent; the Frobenius norm of everything when ord is absent too).
ND_API array norm(const array& x, norm_ord ord = {}, std::optional<std::vector<int64_t>> axis = std::nullopt,
                  bool keepdims = false);
ND_API array vector_norm(const array& x, double ord = 2.0, std::optional<std::vector<int64_t>> axis = std::nullopt,
                         bool keepdims = false);
ND_API array matrix_norm(const array& x, norm_ord ord = "fro", bool keepdims = false);
/// Condition number in the given norm (2-norm when absent: s_max / s_min).
ND_API array cond(const array& x, norm_ord ord = {});

/// The thread count OpenBLAS has now (nd::set_num_threads sets it at once).
ND_API int blas_num_threads();
/// The largest OpenBLAS thread count seen by a BLAS/LAPACK call that nd made from inside
/// one of its parallel regions since the last reset (for tests: it must be 1).
ND_API int detail_max_blas_threads_in_parallel();
ND_API void detail_reset_blas_thread_stats();
/// How many operands nd has copied before handing them to BLAS (for tests: transposed and
/// lead-dimension-strided views must not be copied).
ND_API int64_t detail_blas_operand_copies();

}  // namespace linalg
}  // namespace nd

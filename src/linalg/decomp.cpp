// Solvers and decompositions through LAPACKE, batched over leading dimensions as NumPy's
// gufuncs: each matrix is copied into a column-major work buffer, factored, and the results
// written C-contiguous. Batches of many small problems are split over nd's pool with
// LAPACK single-threaded.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <complex>
#include <cmath>
#include <limits>

#include "iter/parallel.hpp"
#include "linalg/lapack.hpp"
#include "nd/creation.hpp"
#include "nd/manipulation.hpp"
#include "nd/views.hpp"

namespace nd {
namespace detail::la {
namespace {

// LAPACKE scans inputs for NaN by default and then refuses to run; NumPy lets NaN through.
[[maybe_unused]] const bool g_nancheck_off = (LAPACKE_set_nancheck(0), true);

}  // namespace

// Everything is computed in double precision, as NumPy's linalg does; float32 and
// complex64 results are rounded back at the end.
dtype la_dtype(dtype d, const char* op) {
  if (d == float16) throw dtype_error(fmt::format("[{}] array type float16 is unsupported in linalg", op));
  return d.is_complex() ? complex128 : float64;
}

dtype la_result(dtype d) {
  if (d == float32 || d == complex64 || d == complex128) return d;
  return float64;  // bool and integers give float64, as NumPy's
}

array to_dtype(const array& x, dtype d) { return x.dtype() == d ? x : x.astype(d); }

dtype real_dtype(dtype d) { return d == complex64 ? float32 : d == complex128 ? float64 : d; }
dtype complex_dtype(dtype d) { return d == float32 || d == complex64 ? complex64 : complex128; }

void assert_stacked_2d(const array& a, const char* op) {
  if (a.ndim() < 2)
    throw linalg_error(fmt::format("[{}] {}-dimensional array given. Array must be at least two-dimensional", op,
                                   a.ndim()));
}

void assert_stacked_square(const array& a, const char* op) {
  assert_stacked_2d(a, op);
  if (a.shape(-1) != a.shape(-2))
    throw linalg_error(fmt::format("[{}] Last 2 dimensions of the array must be square, got shape {}", op,
                                   shape_str(a.shape())));
}

shape_t batch_of(const array& a) { return shape_t(a.shape().begin(), a.shape().end() - 2); }
shape_t with_core(shape_t s, std::initializer_list<int64_t> core) {
  s.insert(s.end(), core);
  return s;
}

// A batch of matrices of one dtype: element (b, i, j) at base + off[b] + i * rs + j * cs.
struct mats {
  array keep;
  const char* base;
  std::vector<int64_t> off;
  int64_t rows, cols, rs, cs, count;

  mats(const array& a, dtype dt, const shape_t& batch) {
    keep = a.astype(dt, casting::unsafe, false);
    rows = keep.shape(-2);
    cols = keep.shape(-1);
    if (batch_of(keep) != batch) keep = broadcast_to(keep, with_core(batch, {rows, cols}));
    base = static_cast<const char*>(keep.raw_data());
    const int64_t nb = keep.ndim() - 2;
    off = batch_offsets(keep, nb);
    count = static_cast<int64_t>(off.size());
    rs = keep.strides()[static_cast<size_t>(nb)];
    cs = keep.strides()[static_cast<size_t>(nb + 1)];
  }
  // Column-major copy of matrix b into dst (lead dimension ld).
  template <class T>
  void load(int64_t b, T* dst, int64_t ld) const {
    const char* p = base + off[static_cast<size_t>(b)];
    for (int64_t j = 0; j < cols; ++j)
      for (int64_t i = 0; i < rows; ++i) std::memcpy(dst + i + j * ld, p + i * rs + j * cs, sizeof(T));
  }
};

// Column-major src (lead dimension ld) into a C-contiguous rows x cols block.
template <class T>
void store(T* dst, const T* src, int64_t rows, int64_t cols, int64_t ld) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) dst[i * cols + j] = src[i + j * ld];
}

template <class F>
void run_batches(int64_t count, double work, F&& body) {
  if (count <= 0) return;
  if (split_batches(count, work)) {
    blas_serial_scope serial;
    parallel_for(count, 1, [&](int64_t b0, int64_t b1) { body(b0, b1); });
  } else {
    body(0, count);
  }
}

[[noreturn]] void lapack_failure(const char* op, const char* routine, lapack_int info) {
  throw value_error(fmt::format("[{}] internal error: LAPACK {} rejected argument {}", op, routine, -info));
}

inline lapack_int ld(int64_t n) { return static_cast<lapack_int>(std::max<int64_t>(1, n)); }
inline lapack_int li(int64_t n) { return static_cast<lapack_int>(n); }

}  // namespace detail::la

using namespace detail::la;

// ---- solve / inv ----

namespace {

// Magnitude used to choose pivots: |re| + |im| for complex numbers, as LAPACK's i?amax.
template <class T>
inline real_t<T> pivot_mag(const T& v) {
  if constexpr (is_complex_v<T>) return std::abs(v.real()) + std::abs(v.imag());
  else return std::abs(v);
}

// Small systems (M <= kSmallSolve) solved in place without LAPACK's call overhead: LU with
// partial pivoting (getf2's algorithm) and the two triangular solves. `a` is column-major
// M x M, `b` column-major M x K; false when a pivot is exactly zero (LAPACK's info > 0).
constexpr int64_t kSmallSolve = 8;

template <class T>
bool small_gesv(int64_t M, int64_t K, T* a, T* b) {
  for (int64_t j = 0; j < M; ++j) {
    int64_t p = j;
    real_t<T> best = pivot_mag(a[j + j * M]);
    for (int64_t i = j + 1; i < M; ++i) {
      const real_t<T> v = pivot_mag(a[i + j * M]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (a[p + j * M] == T(0)) return false;
    if (p != j) {
      for (int64_t c = 0; c < M; ++c) std::swap(a[j + c * M], a[p + c * M]);
      for (int64_t c = 0; c < K; ++c) std::swap(b[j + c * M], b[p + c * M]);
    }
    const T inv = T(1) / a[j + j * M];
    for (int64_t i = j + 1; i < M; ++i) a[i + j * M] *= inv;
    for (int64_t c = j + 1; c < M; ++c) {
      const T f = a[j + c * M];
      for (int64_t i = j + 1; i < M; ++i) a[i + c * M] -= a[i + j * M] * f;
    }
  }
  for (int64_t c = 0; c < K; ++c) {
    T* x = b + c * M;
    for (int64_t j = 0; j < M; ++j)  // L y = P b (unit diagonal)
      for (int64_t i = j + 1; i < M; ++i) x[i] -= a[i + j * M] * x[j];
    for (int64_t j = M - 1; j >= 0; --j) {  // U x = y
      x[j] /= a[j + j * M];
      for (int64_t i = 0; i < j; ++i) x[i] -= a[i + j * M] * x[j];
    }
  }
  return true;
}

// X = A^-1 B for every batch item (B absent: the identity).
array solve_core(const array& a, const array* b, dtype dt, const char* op) {
  const int64_t M = a.shape(-1);
  shape_t batch = batch_of(a);
  int64_t K = M;
  if (b) {
    batch = broadcast_shapes({batch, batch_of(*b)}, op);
    K = b->shape(-1);
  }
  const mats A(a, dt, batch);
  std::optional<mats> B;
  if (b) B.emplace(*b, dt, batch);
  array X = empty(with_core(batch, {M, K}), dt);
  if (A.count == 0 || M == 0 || K == 0) return X;
  visit_lapack(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* out = static_cast<T*>(X.mutable_data(op));
    const double work = static_cast<double>(M) * static_cast<double>(M) * static_cast<double>(M + K);
    run_batches(A.count, work, [&](int64_t b0, int64_t b1) {
      std::vector<T> fa(static_cast<size_t>(M * M)), fb(static_cast<size_t>(M * K));
      std::vector<lapack_int> ip(static_cast<size_t>(M));
      for (int64_t bi = b0; bi < b1; ++bi) {
        A.load(bi, fa.data(), M);
        if (B) {
          B->load(bi, fb.data(), M);
        } else {
          std::fill(fb.begin(), fb.end(), T{});
          for (int64_t i = 0; i < M; ++i) fb[static_cast<size_t>(i + i * M)] = T(1);
        }
        if (M <= kSmallSolve) {
          if (!small_gesv(M, K, fa.data(), fb.data())) throw linalg_error(fmt::format("[{}] Singular matrix", op));
        } else {
          blas_prepare();
          const lapack_int info = gesv(li(M), li(K), fa.data(), ld(M), ip.data(), fb.data(), ld(M));
          if (info > 0) throw linalg_error(fmt::format("[{}] Singular matrix", op));
          if (info < 0) lapack_failure(op, "gesv", info);
        }
        store(out + bi * M * K, fb.data(), M, K, M);
      }
    });
  });
  return X;
}

}  // namespace

namespace linalg {

array solve(const array& a, const array& b) {
  assert_stacked_square(a, "solve");
  const dtype dt = la_dtype(promote_types(a.dtype(), b.dtype()), "solve");
  const int64_t M = a.shape(-1);
  if (b.ndim() == 0)
    throw value_error("[solve] Input operand 1 does not have enough dimensions (has 0, gufunc core with signature "
                      "(m,m),(m)->(m) requires 1)");
  const bool vec = b.ndim() == 1;
  const array B = vec ? expand_dims(b, {1}) : b;
  if (B.shape(-2) != M)
    throw shape_error(fmt::format("[solve] Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                                  "signature {} (size {} is different from {}); shapes {} and {}",
                                  vec ? "(m,m),(m)->(m)" : "(m,m),(m,n)->(m,n)", B.shape(-2), M, shape_str(a.shape()),
                                  shape_str(b.shape())));
  array X = to_dtype(solve_core(a, &B, dt, "solve"), la_result(promote_types(a.dtype(), b.dtype())));
  if (vec) {
    shape_t s = X.shape();
    s.pop_back();
    X = X.reshape(s);
  }
  return X;
}

array inv(const array& a) {
  assert_stacked_square(a, "inv");
  return to_dtype(solve_core(a, nullptr, la_dtype(a.dtype(), "inv"), "inv"), la_result(a.dtype()));
}

// ---- det / slogdet ----

namespace {

// Sign (unit modulus, or 0) and log|det| of each matrix, or the determinant itself.
void lu_dets(const array& a, const char* op, array* sign, array* logabs, array* det) {
  assert_stacked_square(a, op);
  const dtype dt = la_dtype(a.dtype(), op);
  const int64_t M = a.shape(-1);
  const shape_t batch = batch_of(a);
  const mats A(a, dt, batch);
  if (sign) *sign = empty(batch, dt);
  if (logabs) *logabs = empty(batch, real_dtype(dt));
  if (det) *det = empty(batch, dt);
  visit_lapack(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using R = real_t<T>;
    T* ps = sign ? static_cast<T*>(sign->mutable_data(op)) : nullptr;
    R* pl = logabs ? static_cast<R*>(logabs->mutable_data(op)) : nullptr;
    T* pd = det ? static_cast<T*>(det->mutable_data(op)) : nullptr;
    run_batches(A.count, static_cast<double>(M) * static_cast<double>(M) * static_cast<double>(M),
                [&](int64_t b0, int64_t b1) {
                  std::vector<T> fa(static_cast<size_t>(M * M));
                  std::vector<lapack_int> ip(static_cast<size_t>(std::max<int64_t>(1, M)));
                  for (int64_t bi = b0; bi < b1; ++bi) {
                    T s(1), d(1);
                    R l(0);
                    if (M > 0) {
                      A.load(bi, fa.data(), M);
                      blas_prepare();
                      const lapack_int info = getrf(li(M), li(M), fa.data(), ld(M), ip.data());
                      if (info < 0) lapack_failure(op, "getrf", info);
                      for (int64_t i = 0; i < M; ++i) {
                        const T u = fa[static_cast<size_t>(i + i * M)];
                        const bool swap = ip[static_cast<size_t>(i)] != i + 1;
                        d *= swap ? -u : u;
                        const R au = std::abs(u);
                        if (swap) s = -s;
                        if (au == R(0)) {
                          s = T(0);
                          l = -std::numeric_limits<R>::infinity();
                        } else if (s != T(0)) {
                          s *= u / au;
                          l += std::log(au);
                        }
                      }
                      if (s == T(0)) l = -std::numeric_limits<R>::infinity();
                    }
                    if (ps) ps[bi] = s;
                    if (pl) pl[bi] = l;
                    if (pd) pd[bi] = d;
                  }
                });
  });
  const dtype res = la_result(a.dtype());
  if (sign) *sign = to_dtype(*sign, res);
  if (logabs) *logabs = to_dtype(*logabs, real_dtype(res));
  if (det) *det = to_dtype(*det, res);
}

}  // namespace

array det(const array& a) {
  array d;
  lu_dets(a, "det", nullptr, nullptr, &d);
  return d;
}

slogdet_result slogdet(const array& a) {
  slogdet_result r;
  lu_dets(a, "slogdet", &r.sign, &r.logabsdet, nullptr);
  return r;
}

// ---- cholesky ----

array cholesky(const array& a, bool upper) {
  assert_stacked_square(a, "cholesky");
  const dtype dt = la_dtype(a.dtype(), "cholesky");
  const int64_t M = a.shape(-1);
  const mats A(a, dt, batch_of(a));
  array L = empty(a.shape(), dt);
  visit_lapack(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* out = static_cast<T*>(L.mutable_data("cholesky"));
    run_batches(A.count, static_cast<double>(M) * static_cast<double>(M) * static_cast<double>(M) / 3,
                [&](int64_t b0, int64_t b1) {
                  std::vector<T> fa(static_cast<size_t>(M * M));
                  for (int64_t bi = b0; bi < b1; ++bi) {
                    if (M == 0) continue;
                    A.load(bi, fa.data(), M);
                    blas_prepare();
                    const lapack_int info = potrf(upper ? 'U' : 'L', li(M), fa.data(), ld(M));
                    if (info > 0) throw linalg_error("[cholesky] Matrix is not positive definite");
                    if (info < 0) lapack_failure("cholesky", "potrf", info);
                    for (int64_t j = 0; j < M; ++j)
                      for (int64_t i = 0; i < M; ++i)
                        if (upper ? i > j : i < j) fa[static_cast<size_t>(i + j * M)] = T(0);
                    store(out + bi * M * M, fa.data(), M, M, M);
                  }
                });
  });
  return to_dtype(L, la_result(a.dtype()));
}

// ---- qr ----

qr_result qr(const array& a, qr_mode mode) {
  assert_stacked_2d(a, "qr");
  const dtype dt = la_dtype(a.dtype(), "qr");
  const int64_t M = a.shape(-2), N = a.shape(-1), K = std::min(M, N);
  const shape_t batch = batch_of(a);
  const mats A(a, dt, batch);
  const int64_t qc = mode == qr_mode::complete ? M : K;  // columns of Q
  const int64_t rr = mode == qr_mode::complete ? M : K;  // rows of R
  qr_result res;
  res.R = zeros(with_core(batch, {rr, N}), dt);
  if (mode != qr_mode::r) res.Q = zeros(with_core(batch, {M, qc}), dt);
  visit_lapack(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* pr = static_cast<T*>(res.R.mutable_data("qr"));
    T* pq = mode != qr_mode::r ? static_cast<T*>(res.Q.mutable_data("qr")) : nullptr;
    const double work = 2.0 * static_cast<double>(M) * static_cast<double>(N) * static_cast<double>(K);
    run_batches(A.count, work, [&](int64_t b0, int64_t b1) {
      std::vector<T> fa(static_cast<size_t>(M * N)), tau(static_cast<size_t>(std::max<int64_t>(1, K)));
      std::vector<T> fq(static_cast<size_t>(M * qc));
      for (int64_t bi = b0; bi < b1; ++bi) {
        T* Qo = pq ? pq + bi * M * qc : nullptr;
        T* Ro = pr + bi * rr * N;
        if (K == 0) {
          for (int64_t i = 0; Qo && i < std::min(M, qc); ++i) Qo[i * qc + i] = T(1);
          continue;
        }
        A.load(bi, fa.data(), M);
        blas_prepare();
        lapack_int info = geqrf(li(M), li(N), fa.data(), ld(M), tau.data());
        if (info < 0) lapack_failure("qr", "geqrf", info);
        for (int64_t i = 0; i < rr; ++i)
          for (int64_t j = i; j < N; ++j) Ro[i * N + j] = fa[static_cast<size_t>(i + j * M)];
        if (!Qo) continue;
        std::fill(fq.begin(), fq.end(), T{});
        const int64_t ncopy = std::min(N, qc);
        std::copy(fa.begin(), fa.begin() + ncopy * M, fq.begin());
        info = orgqr(li(M), li(qc), li(K), fq.data(), ld(M), tau.data());
        if (info < 0) lapack_failure("qr", "orgqr", info);
        store(Qo, fq.data(), M, qc, M);
      }
    });
  });
  res.R = to_dtype(res.R, la_result(a.dtype()));
  if (mode != qr_mode::r) res.Q = to_dtype(res.Q, la_result(a.dtype()));
  return res;
}

// ---- eigh ----

namespace {

eigh_result eigh_impl(const array& a, char uplo, bool vectors, const char* op) {
  assert_stacked_square(a, op);
  if (uplo != 'L' && uplo != 'U') throw value_error(fmt::format("[{}] UPLO argument must be 'L' or 'U'", op));
  const dtype dt = la_dtype(a.dtype(), op);
  const int64_t M = a.shape(-1);
  const shape_t batch = batch_of(a);
  const mats A(a, dt, batch);
  eigh_result r;
  r.eigenvalues = empty(with_core(batch, {M}), real_dtype(dt));
  if (vectors) r.eigenvectors = empty(a.shape(), dt);
  visit_lapack(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using R = real_t<T>;
    R* pw = static_cast<R*>(r.eigenvalues.mutable_data(op));
    T* pv = vectors ? static_cast<T*>(r.eigenvectors.mutable_data(op)) : nullptr;
    run_batches(A.count, 4.0 * static_cast<double>(M) * static_cast<double>(M) * static_cast<double>(M),
                [&](int64_t b0, int64_t b1) {
                  std::vector<T> fa(static_cast<size_t>(M * M));
                  for (int64_t bi = b0; bi < b1; ++bi) {
                    if (M == 0) continue;
                    A.load(bi, fa.data(), M);
                    blas_prepare();
                    const lapack_int info = heevd(vectors ? 'V' : 'N', uplo, li(M), fa.data(), ld(M), pw + bi * M);
                    if (info > 0) throw linalg_error(fmt::format("[{}] Eigenvalues did not converge", op));
                    if (info < 0) lapack_failure(op, "heevd", info);
                    if (pv) store(pv + bi * M * M, fa.data(), M, M, M);
                  }
                });
  });
  r.eigenvalues = to_dtype(r.eigenvalues, real_dtype(la_result(a.dtype())));
  if (vectors) r.eigenvectors = to_dtype(r.eigenvectors, la_result(a.dtype()));
  return r;
}

}  // namespace

eigh_result eigh(const array& a, char uplo) { return eigh_impl(a, uplo, true, "eigh"); }
array eigvalsh(const array& a, char uplo) { return eigh_impl(a, uplo, false, "eigvalsh").eigenvalues; }

// ---- eig ----

namespace {

eig_result eig_impl(const array& a, bool vectors, const char* op) {
  assert_stacked_square(a, op);
  const dtype dt = la_dtype(a.dtype(), op);
  const dtype cdt = complex_dtype(dt);
  const int64_t M = a.shape(-1);
  const shape_t batch = batch_of(a);
  const mats A(a, dt, batch);
  eig_result r;
  r.eigenvalues = empty(with_core(batch, {M}), cdt);
  if (vectors) r.eigenvectors = empty(a.shape(), cdt);
  bool any_complex = false;
  visit_lapack(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using R = real_t<T>;
    using C = std::complex<R>;
    C* pw = static_cast<C*>(r.eigenvalues.mutable_data(op));
    C* pv = vectors ? static_cast<C*>(r.eigenvectors.mutable_data(op)) : nullptr;
    std::atomic<bool> cplx{false};
    run_batches(A.count, 10.0 * static_cast<double>(M) * static_cast<double>(M) * static_cast<double>(M),
                [&](int64_t b0, int64_t b1) {
                  std::vector<T> fa(static_cast<size_t>(M * M)), fv(static_cast<size_t>(vectors ? M * M : 1));
                  std::vector<T> w1(static_cast<size_t>(std::max<int64_t>(1, M))), w2(w1.size());
                  for (int64_t bi = b0; bi < b1; ++bi) {
                    if (M == 0) continue;
                    A.load(bi, fa.data(), M);
                    for (const T& v : fa)
                      if (!std::isfinite(std::abs(v)))
                        throw linalg_error(fmt::format("[{}] Array must not contain infs or NaNs", op));
                    blas_prepare();
                    lapack_int info;
                    if constexpr (is_complex_v<T>)
                      info = geev_cplx(vectors ? 'V' : 'N', li(M), fa.data(), ld(M), w1.data(), fv.data(), ld(M));
                    else
                      info = geev_real(vectors ? 'V' : 'N', li(M), fa.data(), ld(M), w1.data(), w2.data(), fv.data(),
                                       ld(M));
                    if (info > 0) throw linalg_error(fmt::format("[{}] Eigenvalues did not converge", op));
                    if (info < 0) lapack_failure(op, "geev", info);
                    C* w = pw + bi * M;
                    C* v = pv ? pv + bi * M * M : nullptr;
                    if constexpr (is_complex_v<T>) {
                      for (int64_t i = 0; i < M; ++i) w[i] = w1[static_cast<size_t>(i)];
                      if (v) store(v, fv.data(), M, M, M);
                    } else {
                      // Complex pairs: columns j and j+1 hold the real and imaginary parts.
                      for (int64_t j = 0; j < M; ++j) {
                        const R wr = w1[static_cast<size_t>(j)], wi = w2[static_cast<size_t>(j)];
                        w[j] = C(wr, wi);
                        if (wi != R(0)) cplx = true;
                        if (!v) continue;
                        if (wi == R(0)) {
                          for (int64_t i = 0; i < M; ++i) v[i * M + j] = C(fv[static_cast<size_t>(i + j * M)], 0);
                        } else if (wi > R(0) && j + 1 < M) {
                          for (int64_t i = 0; i < M; ++i) {
                            const R re = fv[static_cast<size_t>(i + j * M)], im = fv[static_cast<size_t>(i + (j + 1) * M)];
                            v[i * M + j] = C(re, im);
                            v[i * M + j + 1] = C(re, -im);
                          }
                        }
                      }
                    }
                  }
                });
    any_complex = cplx.load();
  });
  const dtype res = la_result(a.dtype());
  if (!dt.is_complex() && !any_complex) {
    r.eigenvalues = real(r.eigenvalues).astype(real_dtype(res));
    if (vectors) r.eigenvectors = real(r.eigenvectors).astype(real_dtype(res));
  } else {
    r.eigenvalues = to_dtype(r.eigenvalues, complex_dtype(res));
    if (vectors) r.eigenvectors = to_dtype(r.eigenvectors, complex_dtype(res));
  }
  return r;
}

}  // namespace

eig_result eig(const array& a) { return eig_impl(a, true, "eig"); }
array eigvals(const array& a) { return eig_impl(a, false, "eigvals").eigenvalues; }

// ---- svd ----

namespace {

svd_result svd_impl(const array& a, bool full, bool uv, const char* op) {
  assert_stacked_2d(a, op);
  const dtype dt = la_dtype(a.dtype(), op);
  const int64_t M = a.shape(-2), N = a.shape(-1), K = std::min(M, N);
  const shape_t batch = batch_of(a);
  const mats A(a, dt, batch);
  const int64_t uc = full ? M : K, vr = full ? N : K;
  svd_result r;
  r.S = empty(with_core(batch, {K}), real_dtype(dt));
  if (uv) {
    r.U = zeros(with_core(batch, {M, uc}), dt);
    r.Vh = zeros(with_core(batch, {vr, N}), dt);
  }
  visit_lapack(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using R = real_t<T>;
    R* ps = static_cast<R*>(r.S.mutable_data(op));
    T* pu = uv ? static_cast<T*>(r.U.mutable_data(op)) : nullptr;
    T* pv = uv ? static_cast<T*>(r.Vh.mutable_data(op)) : nullptr;
    const char jobz = !uv ? 'N' : full ? 'A' : 'S';
    run_batches(A.count, 8.0 * static_cast<double>(M) * static_cast<double>(N) * static_cast<double>(K),
                [&](int64_t b0, int64_t b1) {
                  std::vector<T> fa(static_cast<size_t>(M * N));
                  std::vector<T> fu(static_cast<size_t>(uv ? M * uc : 1)), fv(static_cast<size_t>(uv ? vr * N : 1));
                  for (int64_t bi = b0; bi < b1; ++bi) {
                    if (K == 0) {
                      // Nothing to factor: the full bases are identities (as NumPy's).
                      if (pu)
                        for (int64_t i = 0; i < std::min(M, uc); ++i) pu[bi * M * uc + i * uc + i] = T(1);
                      if (pv)
                        for (int64_t i = 0; i < std::min(vr, N); ++i) pv[bi * vr * N + i * N + i] = T(1);
                      continue;
                    }
                    A.load(bi, fa.data(), M);
                    blas_prepare();
                    const lapack_int info =
                        gesdd(jobz, li(M), li(N), fa.data(), ld(M), ps + bi * K, fu.data(), ld(M), fv.data(), ld(vr));
                    if (info > 0) throw linalg_error(fmt::format("[{}] SVD did not converge", op));
                    if (info < 0) lapack_failure(op, "gesdd", info);
                    if (pu) store(pu + bi * M * uc, fu.data(), M, uc, M);
                    if (pv) store(pv + bi * vr * N, fv.data(), vr, N, vr);
                  }
                });
  });
  const dtype res = la_result(a.dtype());
  r.S = to_dtype(r.S, real_dtype(res));
  if (uv) {
    r.U = to_dtype(r.U, res);
    r.Vh = to_dtype(r.Vh, res);
  }
  return r;
}

}  // namespace

svd_result svd(const array& a, bool full_matrices, bool compute_uv) {
  return svd_impl(a, full_matrices, compute_uv, "svd");
}
array svdvals(const array& a) { return svd_impl(a, false, false, "svdvals").S; }

// ---- lstsq ----

lstsq_result lstsq(const array& a, const array& b, std::optional<double> rcond) {
  if (a.ndim() != 2)
    throw linalg_error(fmt::format("[lstsq] {}-dimensional array given. Array must be two-dimensional", a.ndim()));
  if (b.ndim() != 1 && b.ndim() != 2)
    throw linalg_error(fmt::format("[lstsq] {}-dimensional array given. Array must be one or two-dimensional",
                                   b.ndim()));
  const int64_t M = a.shape(0), N = a.shape(1);
  const bool vec = b.ndim() == 1;
  const array B = vec ? expand_dims(b, {1}) : b;
  if (B.shape(0) != M)
    throw linalg_error(fmt::format("[lstsq] Incompatible dimensions: a has shape {}, b has shape {}",
                                   shape_str(a.shape()), shape_str(b.shape())));
  const int64_t K = B.shape(1), mn = std::min(M, N), lb = std::max(M, N);
  const dtype dt = la_dtype(promote_types(a.dtype(), b.dtype()), "lstsq");
  const mats Am(a, dt, {}), Bm(B, dt, {});
  lstsq_result r;
  r.s = empty({mn}, real_dtype(dt));
  array X = zeros({N, K}, dt);
  array resid = zeros({K}, real_dtype(dt));
  visit_lapack(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using R = real_t<T>;
    const double eps = std::numeric_limits<R>::epsilon();
    const R rc = static_cast<R>(rcond.value_or(eps * static_cast<double>(lb)));
    std::vector<T> fa(static_cast<size_t>(M * N)), fb(static_cast<size_t>(std::max<int64_t>(1, lb) * K));
    R* ps = static_cast<R*>(r.s.mutable_data("lstsq"));
    T* px = static_cast<T*>(X.mutable_data("lstsq"));
    R* pr = static_cast<R*>(resid.mutable_data("lstsq"));
    lapack_int rank = 0;
    if (mn > 0) {
      Am.load(0, fa.data(), M);
      Bm.load(0, fb.data(), lb);
      blas_prepare();
      const lapack_int info = gelsd(li(M), li(N), li(K), fa.data(), ld(M), fb.data(), ld(lb), ps, rc, &rank);
      if (info > 0) throw linalg_error("[lstsq] SVD did not converge in Linear Least Squares");
      if (info < 0) lapack_failure("lstsq", "gelsd", info);
      store(px, fb.data(), N, K, lb);
    } else {
      Bm.load(0, fb.data(), lb);
    }
    // Residuals: the squared norm of rows N..M of the transformed b.
    for (int64_t j = 0; j < K; ++j) {
      R s = 0;
      for (int64_t i = N; i < M; ++i) s += std::norm(fb[static_cast<size_t>(i + j * lb)]);
      pr[j] = s;
    }
    r.rank = rank;
  });
  const bool have_resid = r.rank == N && M > N;
  if (!have_resid) r.residuals = empty({0}, real_dtype(dt));
  else r.residuals = vec ? resid.reshape({1}) : resid;
  r.x = vec ? X.reshape({N}) : X;
  const dtype res = la_result(promote_types(a.dtype(), b.dtype()));
  r.x = to_dtype(r.x, res);
  r.residuals = to_dtype(r.residuals, real_dtype(res));
  r.s = to_dtype(r.s, real_dtype(res));
  return r;
}

}  // namespace linalg
}  // namespace nd

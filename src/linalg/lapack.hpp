#pragma once
// Overloads over the four LAPACK types (s, d, c, z) of the LAPACKE drivers nd uses, all
// column-major; and the batch plumbing the decompositions share.
#include <complex>
// LAPACKE's complex types as std::complex (its header defaults to C99 _Complex).
#define lapack_complex_float std::complex<float>
#define lapack_complex_double std::complex<double>
#include <lapacke.h>

#include <cstring>
#include <type_traits>
#include <vector>

#include "linalg/common.hpp"
#include "nd/dtype.hpp"
#include "nd/error.hpp"

namespace nd::detail::la {

using cf = std::complex<float>;
using cd = std::complex<double>;

template <class T>
struct real_of {
  using type = T;
};
template <class R>
struct real_of<std::complex<R>> {
  using type = R;
};
template <class T>
using real_t = typename real_of<T>::type;
template <class T>
inline constexpr bool is_complex_v = !std::is_same_v<T, real_t<T>>;

constexpr int CM = LAPACK_COL_MAJOR;

// Linear solve with partial pivoting (getrf + getrs).
inline lapack_int gesv(lapack_int n, lapack_int nrhs, float* a, lapack_int lda, lapack_int* ip, float* b, lapack_int ldb) {
  return LAPACKE_sgesv(CM, n, nrhs, a, lda, ip, b, ldb);
}
inline lapack_int gesv(lapack_int n, lapack_int nrhs, double* a, lapack_int lda, lapack_int* ip, double* b, lapack_int ldb) {
  return LAPACKE_dgesv(CM, n, nrhs, a, lda, ip, b, ldb);
}
inline lapack_int gesv(lapack_int n, lapack_int nrhs, cf* a, lapack_int lda, lapack_int* ip, cf* b, lapack_int ldb) {
  return LAPACKE_cgesv(CM, n, nrhs, a, lda, ip, b, ldb);
}
inline lapack_int gesv(lapack_int n, lapack_int nrhs, cd* a, lapack_int lda, lapack_int* ip, cd* b, lapack_int ldb) {
  return LAPACKE_zgesv(CM, n, nrhs, a, lda, ip, b, ldb);
}

#define ND_LA_GETRF(p, T) \
  inline lapack_int getrf(lapack_int m, lapack_int n, T* a, lapack_int lda, lapack_int* ip) { return LAPACKE_##p##getrf(CM, m, n, a, lda, ip); }
#define ND_LA_POTRF(p, T) \
  inline lapack_int potrf(char uplo, lapack_int n, T* a, lapack_int lda) { return LAPACKE_##p##potrf(CM, uplo, n, a, lda); }
#define ND_LA_GEQRF(p, T) \
  inline lapack_int geqrf(lapack_int m, lapack_int n, T* a, lapack_int lda, T* tau) { return LAPACKE_##p##geqrf(CM, m, n, a, lda, tau); }
#define ND_LA_GESDD(p, T)                                                                                       \
  inline lapack_int gesdd(char jobz, lapack_int m, lapack_int n, T* a, lapack_int lda, real_t<T>* s, T* u,        \
                          lapack_int ldu, T* vt, lapack_int ldvt) {                                              \
    return LAPACKE_##p##gesdd(CM, jobz, m, n, a, lda, s, u, ldu, vt, ldvt);                                      \
  }
#define ND_LA_GELSD(p, T)                                                                                        \
  inline lapack_int gelsd(lapack_int m, lapack_int n, lapack_int nrhs, T* a, lapack_int lda, T* b, lapack_int ldb, \
                          real_t<T>* s, real_t<T> rcond, lapack_int* rank) {                                     \
    return LAPACKE_##p##gelsd(CM, m, n, nrhs, a, lda, b, ldb, s, rcond, rank);                                   \
  }
#define ND_LA_ALL(X) X(s, float) X(d, double) X(c, cf) X(z, cd)
ND_LA_ALL(ND_LA_GETRF)
ND_LA_ALL(ND_LA_POTRF)
ND_LA_ALL(ND_LA_GEQRF)
ND_LA_ALL(ND_LA_GESDD)
ND_LA_ALL(ND_LA_GELSD)
#undef ND_LA_GETRF
#undef ND_LA_POTRF
#undef ND_LA_GEQRF
#undef ND_LA_GESDD
#undef ND_LA_GELSD
#undef ND_LA_ALL

// Q from geqrf's reflectors: orgqr (real) / ungqr (complex).
inline lapack_int orgqr(lapack_int m, lapack_int n, lapack_int k, float* a, lapack_int lda, const float* tau) {
  return LAPACKE_sorgqr(CM, m, n, k, a, lda, tau);
}
inline lapack_int orgqr(lapack_int m, lapack_int n, lapack_int k, double* a, lapack_int lda, const double* tau) {
  return LAPACKE_dorgqr(CM, m, n, k, a, lda, tau);
}
inline lapack_int orgqr(lapack_int m, lapack_int n, lapack_int k, cf* a, lapack_int lda, const cf* tau) {
  return LAPACKE_cungqr(CM, m, n, k, a, lda, tau);
}
inline lapack_int orgqr(lapack_int m, lapack_int n, lapack_int k, cd* a, lapack_int lda, const cd* tau) {
  return LAPACKE_zungqr(CM, m, n, k, a, lda, tau);
}
// Hermitian eigenproblem: syevd (real) / heevd (complex).
inline lapack_int heevd(char jobz, char uplo, lapack_int n, float* a, lapack_int lda, float* w) {
  return LAPACKE_ssyevd(CM, jobz, uplo, n, a, lda, w);
}
inline lapack_int heevd(char jobz, char uplo, lapack_int n, double* a, lapack_int lda, double* w) {
  return LAPACKE_dsyevd(CM, jobz, uplo, n, a, lda, w);
}
inline lapack_int heevd(char jobz, char uplo, lapack_int n, cf* a, lapack_int lda, float* w) {
  return LAPACKE_cheevd(CM, jobz, uplo, n, a, lda, w);
}
inline lapack_int heevd(char jobz, char uplo, lapack_int n, cd* a, lapack_int lda, double* w) {
  return LAPACKE_zheevd(CM, jobz, uplo, n, a, lda, w);
}
// General eigenproblem, right vectors only. Real types give (wr, wi); complex types w.
inline lapack_int geev_real(char jobvr, lapack_int n, float* a, lapack_int lda, float* wr, float* wi, float* vr,
                            lapack_int ldvr) {
  return LAPACKE_sgeev(CM, 'N', jobvr, n, a, lda, wr, wi, nullptr, 1, vr, ldvr);
}
inline lapack_int geev_real(char jobvr, lapack_int n, double* a, lapack_int lda, double* wr, double* wi, double* vr,
                            lapack_int ldvr) {
  return LAPACKE_dgeev(CM, 'N', jobvr, n, a, lda, wr, wi, nullptr, 1, vr, ldvr);
}
inline lapack_int geev_cplx(char jobvr, lapack_int n, cf* a, lapack_int lda, cf* w, cf* vr, lapack_int ldvr) {
  return LAPACKE_cgeev(CM, 'N', jobvr, n, a, lda, w, nullptr, 1, vr, ldvr);
}
inline lapack_int geev_cplx(char jobvr, lapack_int n, cd* a, lapack_int lda, cd* w, cd* vr, lapack_int ldvr) {
  return LAPACKE_zgeev(CM, 'N', jobvr, n, a, lda, w, nullptr, 1, vr, ldvr);
}

/// Calls f(type_tag<T>{}) for the four LAPACK types.
template <class F>
decltype(auto) visit_lapack(dtype d, F&& f) {
  switch (d.id()) {
    case dtype_id::float32:
      return f(type_tag<float>{});
    case dtype_id::complex64:
      return f(type_tag<cf>{});
    case dtype_id::complex128:
      return f(type_tag<cd>{});
    default:
      return f(type_tag<double>{});
  }
}

}  // namespace nd::detail::la

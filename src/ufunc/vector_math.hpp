#pragma once
// Vectorised transcendentals from glibc's libmvec (glibc >= 2.35): declaring the scalar
// functions `simd` lets the vectoriser call libmvec's SSE/AVX2/AVX-512 variants inside the
// multi-versioned loops. libmvec's documented bound is 4 ulp; tests/ufunc/test_accuracy.cpp
// measures ours against long double.
#include <cmath>

#if defined(ND_HAVE_LIBMVEC) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define ND_VEC_DECL(name)                                                   \
  __attribute__((simd("notinbranch"))) double name(double) noexcept;      \
  __attribute__((simd("notinbranch"))) float name##f(float) noexcept;
extern "C" {
ND_VEC_DECL(exp)
ND_VEC_DECL(exp2)
ND_VEC_DECL(expm1)
ND_VEC_DECL(log)
ND_VEC_DECL(log2)
ND_VEC_DECL(log10)
ND_VEC_DECL(log1p)
ND_VEC_DECL(sin)
ND_VEC_DECL(cos)
ND_VEC_DECL(tan)
ND_VEC_DECL(asin)
ND_VEC_DECL(acos)
ND_VEC_DECL(atan)
ND_VEC_DECL(sinh)
ND_VEC_DECL(cosh)
ND_VEC_DECL(tanh)
ND_VEC_DECL(asinh)
ND_VEC_DECL(acosh)
ND_VEC_DECL(atanh)
ND_VEC_DECL(cbrt)
}
#undef ND_VEC_DECL
#endif

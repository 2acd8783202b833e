/* The C API's computations against plain C loops and NumPy's numbers: ufuncs and
 * reductions by name, linear algebra, FFT, random numbers in both modes, .npy files.
 * Compiled as C99. */
#include <complex.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

static const double pi = 3.14159265358979323846;

static nd_array* wrap_f64(double* p, int ndim, const int64_t* shape) {
  nd_array* a = NULL;
  OK(nd_array_from_data(p, ndim, shape, NULL, ND_FLOAT64, 1, NULL, NULL, &a));
  return a;
}

static double* data_f64(const nd_array* a) {
  void* p = NULL;
  OK(nd_array_data(a, &p));
  return (double*)p;
}

static void test_ufuncs(void) {
  double x[6] = {1, 4, 9, 16, 25, 36}, y[3] = {0.5, -1, 2};
  int64_t sx[2] = {2, 3}, sy[1] = {3};
  nd_array* a = wrap_f64(x, 2, sx);
  nd_array* b = wrap_f64(y, 1, sy);
  nd_array* in2[2] = {a, b};
  nd_array* sum = NULL;
  OK(nd_ufunc("add", in2, 2, &sum)); /* broadcasting (2, 3) + (3,) */
  const double* s = data_f64(sum);
  for (int i = 0; i < 6; ++i) CHECK(s[i] == x[i] + y[i % 3]);
  nd_array* root = NULL;
  OK(nd_ufunc("sqrt", in2, 1, &root));
  const double* r = data_f64(root);
  for (int i = 0; i < 6; ++i) CHECK(r[i] == sqrt(x[i]));
  nd_array* ge = NULL;
  OK(nd_ufunc("greater_equal", in2, 2, &ge));
  nd_dtype dt = ND_FLOAT64;
  OK(nd_array_dtype(ge, &dt));
  CHECK(dt == ND_BOOL);
  void* gp = NULL;
  OK(nd_array_data(ge, &gp));
  for (int i = 0; i < 6; ++i) CHECK(((const unsigned char*)gp)[i] == (x[i] >= y[i % 3]));
  /* in place into an existing array, and NumPy's aliases */
  OK(nd_ufunc_into("multiply", in2, 2, a));
  CHECK(x[0] == 0.5 && x[4] == -25 && x[5] == 72);
  nd_array* ab = NULL;
  OK(nd_ufunc("abs", in2, 1, &ab));
  CHECK(data_f64(ab)[4] == 25);
  int nin = 0;
  CHECK(nd_ufunc_exists("arctan2", &nin) == 1 && nin == 2);
  CHECK(nd_ufunc_exists("logical_not", &nin) == 1 && nin == 1);
  CHECK(nd_ufunc_exists("frobnicate", &nin) == 0);
  /* errors */
  nd_array* none = NULL;
  FAILS_WITH(nd_ufunc("frobnicate", in2, 2, &none), ND_ERR_VALUE, "unknown ufunc 'frobnicate'");
  FAILS_WITH(nd_ufunc("add", in2, 1, &none), ND_ERR_VALUE, "takes 2");
  FAILS_WITH(nd_ufunc(NULL, in2, 2, &none), ND_ERR_NULL_POINTER, "name");
  FAILS_WITH(nd_ufunc("add", NULL, 2, &none), ND_ERR_NULL_POINTER, "inputs");
  nd_array* with_null[2] = {a, NULL};
  FAILS_WITH(nd_ufunc("add", with_null, 2, &none), ND_ERR_NULL_POINTER, "inputs[1]");
  double z[4] = {0};
  int64_t sz[1] = {4};
  nd_array* c = wrap_f64(z, 1, sz);
  nd_array* bad[2] = {a, c};
  FAILS_WITH(nd_ufunc("add", bad, 2, &none), ND_ERR_SHAPE, "(2, 3) and (4,)");
  int64_t si[1] = {3};
  nd_array* ints = NULL;
  OK(nd_zeros(1, si, ND_INT32, ND_ORDER_C, &ints));
  nd_array* ib[2] = {b, b};
  FAILS_WITH(nd_ufunc_into("divide", ib, 2, ints), ND_ERR_TYPE, "int32");
  nd_array* logi[2] = {b, ints};
  FAILS_WITH(nd_ufunc("bitwise_and", logi, 2, &none), ND_ERR_TYPE, "bitwise_and");
  CHECK(none == NULL);
  nd_array_free(ints);
  nd_array_free(c);
  nd_array_free(ab);
  nd_array_free(ge);
  nd_array_free(root);
  nd_array_free(sum);
  nd_array_free(b);
  nd_array_free(a);
}

static void test_reductions(void) {
  double x[12];
  for (int i = 0; i < 12; ++i) x[i] = (i * 7) % 12 - 3.5; /* a permutation, shifted */
  int64_t shape[2] = {3, 4};
  nd_array* a = wrap_f64(x, 2, shape);
  double v = 0, total = 0, mn = 1e9, mx = -1e9;
  int argmx = 0;
  for (int i = 0; i < 12; ++i) {
    total += x[i];
    if (x[i] < mn) mn = x[i];
    if (x[i] > mx) mx = x[i], argmx = i;
  }
  nd_array* r = NULL;
  OK(nd_reduce("sum", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK_NEAR(v, total, 1e-12);
  nd_array_free(r);
  OK(nd_reduce("min", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK(v == mn);
  nd_array_free(r);
  OK(nd_reduce("max", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK(v == mx);
  nd_array_free(r);
  OK(nd_reduce("argmax", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK(v == argmx);
  nd_array_free(r);
  double mean = total / 12, ss = 0;
  for (int i = 0; i < 12; ++i) ss += (x[i] - mean) * (x[i] - mean);
  OK(nd_reduce("mean", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK_NEAR(v, mean, 1e-12);
  nd_array_free(r);
  OK(nd_reduce("var", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK_NEAR(v, ss / 12, 1e-12);
  nd_array_free(r);
  OK(nd_reduce_ddof("std", a, NULL, 0, 0, 1, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK_NEAR(v, sqrt(ss / 11), 1e-12);
  nd_array_free(r);
  /* over axis 1 with keepdims: row sums, shape (3, 1) */
  int64_t ax[1] = {-1};
  OK(nd_reduce("sum", a, ax, 1, 1, &r));
  const int64_t* rs = NULL;
  OK(nd_array_shape(r, &rs));
  CHECK(rs[0] == 3 && rs[1] == 1);
  for (int i = 0; i < 3; ++i) CHECK_NEAR(data_f64(r)[i], x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3], 1e-12);
  nd_array_free(r);
  int64_t ax0[1] = {0};
  OK(nd_reduce("argmin", a, ax0, 1, 0, &r));
  nd_dtype dt = ND_BOOL;
  OK(nd_array_dtype(r, &dt));
  CHECK(dt == ND_INT64);
  for (int j = 0; j < 4; ++j) {
    int best = 0;
    for (int i = 1; i < 3; ++i)
      if (x[4 * i + j] < x[4 * best + j]) best = i;
    int64_t idx[1] = {j};
    OK(nd_array_get_f64(r, idx, &v));
    CHECK(v == best);
  }
  nd_array_free(r);
  OK(nd_reduce("prod", a, ax0, 1, 0, &r));
  for (int j = 0; j < 4; ++j) CHECK_NEAR(data_f64(r)[j], x[j] * x[4 + j] * x[8 + j], 1e-9);
  nd_array_free(r);
  OK(nd_reduce("any", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK(v == 1.0);
  nd_array_free(r);
  OK(nd_reduce("all", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK(v == 1.0); /* no element is 0: the values are k - 3.5 */
  nd_array_free(r);
  OK(nd_reduce("count_nonzero", a, NULL, 0, 0, &r));
  OK(nd_array_item_f64(r, &v));
  CHECK(v == 12.0);
  nd_array_free(r);
  /* errors */
  r = NULL;
  FAILS_WITH(nd_reduce("median", a, NULL, 0, 0, &r), ND_ERR_VALUE, "unknown reduction 'median'");
  int64_t ax5[1] = {5};
  FAILS_WITH(nd_reduce("sum", a, ax5, 1, 0, &r), ND_ERR_AXIS, "axis 5");
  int64_t two[2] = {0, 1};
  FAILS_WITH(nd_reduce("argmax", a, two, 2, 0, &r), ND_ERR_VALUE, "one axis");
  FAILS_WITH(nd_reduce("sum", NULL, NULL, 0, 0, &r), ND_ERR_NULL_POINTER, "'a'");
  CHECK(r == NULL);
  nd_array_free(a);
}

static void test_linalg(void) {
  double A[9] = {4, 1, 2, 1, 5, 3, 2, 3, 6}, B[6] = {1, 2, 3, 4, 5, 6};
  int64_t s33[2] = {3, 3}, s32[2] = {3, 2};
  nd_array* a = wrap_f64(A, 2, s33);
  nd_array* b = wrap_f64(B, 2, s32);
  nd_array* p = NULL;
  OK(nd_matmul(a, b, &p));
  const double* pd = data_f64(p);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j) {
      double acc = 0;
      for (int k = 0; k < 3; ++k) acc += A[3 * i + k] * B[2 * k + j];
      CHECK_NEAR(pd[2 * i + j], acc, 1e-12);
    }
  /* solve a x = b, checked by the residual */
  nd_array* x = NULL;
  OK(nd_solve(a, b, &x));
  nd_array* ax = NULL;
  OK(nd_matmul(a, x, &ax));
  for (int i = 0; i < 6; ++i) CHECK_NEAR(data_f64(ax)[i], B[i], 1e-12);
  nd_array* inv = NULL;
  OK(nd_inv(a, &inv));
  nd_array* eye = NULL;
  OK(nd_matmul(a, inv, &eye));
  for (int i = 0; i < 9; ++i) CHECK_NEAR(data_f64(eye)[i], i % 4 == 0 ? 1.0 : 0.0, 1e-12);
  nd_array* det = NULL;
  OK(nd_det(a, &det));
  double d = 0;
  OK(nd_array_item_f64(det, &d));
  const double expect = A[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (A[3] * A[8] - A[5] * A[6]) +
                        A[2] * (A[3] * A[7] - A[4] * A[6]);
  CHECK_NEAR(d, expect, 1e-10);
  /* svd: u diag(s) vh reproduces b */
  nd_array *u = NULL, *s = NULL, *vh = NULL;
  OK(nd_svd(b, 0, &u, &s, &vh));
  const int64_t* us = NULL;
  OK(nd_array_shape(u, &us));
  CHECK(us[0] == 3 && us[1] == 2);
  const double *ud = data_f64(u), *sd = data_f64(s), *vd = data_f64(vh);
  CHECK(sd[0] >= sd[1] && sd[1] > 0);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j) {
      double acc = 0;
      for (int k = 0; k < 2; ++k) acc += ud[2 * i + k] * sd[k] * vd[2 * k + j];
      CHECK_NEAR(acc, B[2 * i + j], 1e-12);
    }
  nd_array* s_only = NULL;
  OK(nd_svd(b, 1, NULL, &s_only, NULL));
  CHECK_NEAR(data_f64(s_only)[0], sd[0], 1e-12);
  nd_array* dotp = NULL;
  OK(nd_dot(b, s_only, &dotp));
  CHECK_NEAR(data_f64(dotp)[0], B[0] * sd[0] + B[1] * sd[1], 1e-12);
  /* errors */
  double S[4] = {1, 2, 2, 4};
  int64_t s22[2] = {2, 2};
  nd_array* sing = wrap_f64(S, 2, s22);
  nd_array* none = NULL;
  FAILS_WITH(nd_inv(sing, &none), ND_ERR_LINALG, "Singular matrix");
  FAILS_WITH(nd_matmul(b, b, &none), ND_ERR_SHAPE, "mismatch");
  FAILS_WITH(nd_svd(b, 1, &u, &s, NULL), ND_ERR_NULL_POINTER, "vh");
  CHECK(none == NULL);
  nd_array_free(sing);
  nd_array_free(dotp);
  nd_array_free(s_only);
  nd_array_free(u);
  nd_array_free(s);
  nd_array_free(vh);
  nd_array_free(det);
  nd_array_free(eye);
  nd_array_free(inv);
  nd_array_free(ax);
  nd_array_free(x);
  nd_array_free(p);
  nd_array_free(b);
  nd_array_free(a);
}

static void test_fft(void) {
  enum { N = 8 };
  double x[N];
  for (int i = 0; i < N; ++i) x[i] = sin(0.3 * i * i) + 0.25 * i;
  int64_t sn[1] = {N};
  nd_array* a = wrap_f64(x, 1, sn);
  nd_array* f = NULL;
  OK(nd_fft(a, 0, -1, NULL, &f));
  nd_dtype dt = ND_BOOL;
  OK(nd_array_dtype(f, &dt));
  CHECK(dt == ND_COMPLEX128);
  void* fp = NULL;
  OK(nd_array_data(f, &fp));
  const double complex* F = (const double complex*)fp;
  for (int k = 0; k < N; ++k) { /* the naive DFT */
    double complex acc = 0;
    for (int n = 0; n < N; ++n) acc += x[n] * cexp(-2.0 * I * pi * k * n / N);
    CHECK(cabs(F[k] - acc) < 1e-12);
  }
  nd_array* r = NULL;
  OK(nd_rfft(a, 0, 0, "ortho", &r));
  const int64_t* rs = NULL;
  OK(nd_array_shape(r, &rs));
  CHECK(rs[0] == N / 2 + 1);
  void* rp = NULL;
  OK(nd_array_data(r, &rp));
  CHECK(cabs(((const double complex*)rp)[3] - F[3] / sqrt((double)N)) < 1e-12);
  nd_array* back = NULL;
  OK(nd_irfft(r, N, 0, "ortho", &back));
  for (int i = 0; i < N; ++i) CHECK_NEAR(data_f64(back)[i], x[i], 1e-12);
  nd_array* ib = NULL;
  OK(nd_ifft(f, 0, 0, NULL, &ib));
  void* ibp = NULL;
  OK(nd_array_data(ib, &ibp));
  for (int i = 0; i < N; ++i) CHECK(cabs(((const double complex*)ibp)[i] - x[i]) < 1e-12);
  /* zero padding with n, 2-D transforms over chosen axes */
  nd_array* padded = NULL;
  OK(nd_fft(a, 16, 0, "backward", &padded));
  const int64_t* ps = NULL;
  OK(nd_array_shape(padded, &ps));
  CHECK(ps[0] == 16);
  int64_t s24[2] = {2, 4};
  nd_array* m = NULL;
  OK(nd_reshape(a, 2, s24, &m));
  nd_array *fn = NULL, *ifn = NULL;
  OK(nd_fftn(m, NULL, 0, NULL, &fn));
  OK(nd_ifftn(fn, NULL, 0, NULL, &ifn));
  void* ifp = NULL;
  OK(nd_array_data(ifn, &ifp));
  for (int i = 0; i < N; ++i) CHECK(cabs(((const double complex*)ifp)[i] - x[i]) < 1e-12);
  double complex dc = 0;
  for (int i = 0; i < N; ++i) dc += x[i];
  void* fnp = NULL;
  OK(nd_array_data(fn, &fnp));
  CHECK(cabs(((const double complex*)fnp)[0] - dc) < 1e-12);
  /* errors */
  nd_array* none = NULL;
  FAILS_WITH(nd_fft(a, 0, 0, "sideways", &none), ND_ERR_VALUE, "sideways");
  FAILS_WITH(nd_fft(a, 0, 3, NULL, &none), ND_ERR_AXIS, "axis 3");
  FAILS_WITH(nd_rfft(f, 0, 0, NULL, &none), ND_ERR_TYPE, "complex");
  CHECK(none == NULL);
  nd_array_free(ifn);
  nd_array_free(fn);
  nd_array_free(m);
  nd_array_free(padded);
  nd_array_free(ib);
  nd_array_free(back);
  nd_array_free(r);
  nd_array_free(f);
  nd_array_free(a);
}

static void test_random(void) {
  /* numpy.random.default_rng(42): random(4), then standard_normal(3), then integers(0, 100, 5) */
  static const double rnd[4] = {0.7739560485559633, 0.4388784397520523, 0.8585979199113825, 0.6973680290593639};
  static const double nrm[3] = {-1.9510351886538364, -1.302179506862318, 0.12784040316728537};
  static const int64_t ints[5] = {71, 78, 51, 12, 83};
  nd_rng* g = NULL;
  OK(nd_rng_new_pcg64(42, &g));
  int64_t s4[1] = {4}, s3[1] = {3}, s5[1] = {5};
  nd_array *a = NULL, *n = NULL, *k = NULL;
  OK(nd_empty(1, s4, ND_FLOAT64, ND_ORDER_C, &a));
  OK(nd_empty(1, s3, ND_FLOAT64, ND_ORDER_C, &n));
  OK(nd_empty(1, s5, ND_INT64, ND_ORDER_C, &k));
  OK(nd_rng_random(g, a));
  OK(nd_rng_standard_normal(g, n));
  OK(nd_rng_integers(g, 0, 100, k));
  for (int i = 0; i < 4; ++i) CHECK(data_f64(a)[i] == rnd[i]);
  for (int i = 0; i < 3; ++i) CHECK(data_f64(n)[i] == nrm[i]);
  void* kp = NULL;
  OK(nd_array_data(k, &kp));
  for (int i = 0; i < 5; ++i) CHECK(((const int64_t*)kp)[i] == ints[i]);
  /* a non-contiguous destination gets the numbers in C order */
  nd_rng* g2 = NULL;
  OK(nd_rng_new("pcg64", 42, &g2));
  double back[8] = {0};
  int64_t s41[1] = {4}, st[1] = {-16};
  nd_array* strided = NULL;
  OK(nd_array_from_data(&back[6], 1, s41, st, ND_FLOAT64, 1, NULL, NULL, &strided));
  OK(nd_rng_random(g2, strided));
  CHECK(back[6] == rnd[0] && back[4] == rnd[1] && back[2] == rnd[2] && back[0] == rnd[3] && back[1] == 0.0);
  OK(nd_rng_uniform(g2, -1.0, 1.0, a));
  OK(nd_rng_normal(g2, 10.0, 0.0, a));
  for (int i = 0; i < 4; ++i) CHECK(data_f64(a)[i] == 10.0);
  nd_rng* g3 = NULL;
  OK(nd_rng_new("philox", 1, &g3));
  OK(nd_rng_random(g3, a));
  for (int i = 0; i < 4; ++i) CHECK(data_f64(a)[i] >= 0 && data_f64(a)[i] < 1);
  /* counter-based blocks: the same element has the same value from any block */
  int64_t gshape[2] = {6, 8}, whole_off[2] = {0, 0}, off[2] = {2, 3}, bs[2] = {3, 4};
  nd_array *whole = NULL, *part = NULL;
  OK(nd_empty(2, gshape, ND_FLOAT64, ND_ORDER_C, &whole));
  OK(nd_empty(2, bs, ND_FLOAT64, ND_ORDER_F, &part)); /* any layout */
  OK(nd_random_block(7, 0, 2, gshape, whole_off, ND_BLOCK_NORMAL, 0.0, 1.0, whole));
  OK(nd_random_block(7, 0, 2, gshape, off, ND_BLOCK_NORMAL, 0.0, 1.0, part));
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j) {
      double u = 0, w = 0;
      int64_t pi_[2] = {i, j}, wi[2] = {i + 2, j + 3};
      OK(nd_array_get_f64(part, pi_, &u));
      OK(nd_array_get_f64(whole, wi, &w));
      CHECK(u == w);
    }
  nd_array* bi = NULL;
  OK(nd_empty(2, bs, ND_INT64, ND_ORDER_C, &bi));
  OK(nd_random_block_integers(7, 1, 2, gshape, off, 10, 20, bi));
  void* bip = NULL;
  OK(nd_array_data(bi, &bip));
  for (int i = 0; i < 12; ++i) CHECK(((const int64_t*)bip)[i] >= 10 && ((const int64_t*)bip)[i] < 20);
  /* errors */
  nd_rng* none = NULL;
  FAILS_WITH(nd_rng_new("xorshift", 1, &none), ND_ERR_VALUE, "xorshift");
  CHECK(none == NULL);
  FAILS_WITH(nd_rng_random(NULL, a), ND_ERR_NULL_POINTER, "rng");
  FAILS_WITH(nd_rng_random(g, k), ND_ERR_TYPE, "int64");
  FAILS_WITH(nd_rng_integers(g, 5, 5, k), ND_ERR_VALUE, "high");
  FAILS_WITH(nd_random_block(7, 0, 2, gshape, off, ND_BLOCK_UNIFORM, 0, 1, whole), ND_ERR_SHAPE, "does not fit");
  FAILS_WITH(nd_random_block(7, 0, 2, gshape, off, (nd_block_dist)9, 0, 1, part), ND_ERR_VALUE, "9");
  nd_rng_free(NULL);
  nd_array_free(bi);
  nd_array_free(part);
  nd_array_free(whole);
  nd_array_free(strided);
  nd_array_free(k);
  nd_array_free(n);
  nd_array_free(a);
  nd_rng_free(g3);
  nd_rng_free(g2);
  nd_rng_free(g);
}

static void test_npy(const char* dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/capi_roundtrip.npy", dir);
  int32_t v[6] = {1, -2, 3, -4, 5, -6};
  int64_t s[2] = {2, 3}, fst[2] = {4, 8};
  nd_array* a = NULL;
  OK(nd_array_from_data(v, 2, s, fst, ND_INT32, 1, NULL, NULL, &a)); /* Fortran order */
  OK(nd_save(path, a));
  nd_array* b = NULL;
  OK(nd_load(path, &b));
  nd_dtype dt = ND_BOOL;
  OK(nd_array_dtype(b, &dt));
  CHECK(dt == ND_INT32);
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      int64_t idx[2] = {i, j};
      double x = 0;
      OK(nd_array_get_f64(b, idx, &x));
      CHECK(x == v[i + 2 * j]);
    }
  nd_array* none = NULL;
  snprintf(path, sizeof path, "%s/does_not_exist.npy", dir);
  FAILS_WITH(nd_load(path, &none), ND_ERR_IO, "does_not_exist.npy");
  FAILS_WITH(nd_load(NULL, &none), ND_ERR_NULL_POINTER, "path");
  CHECK(none == NULL);
  nd_array_free(b);
  nd_array_free(a);
}

int main(int argc, char** argv) {
  test_ufuncs();
  test_reductions();
  test_linalg();
  test_fft();
  test_random();
  test_npy(argc > 1 ? argv[1] : ".");
  return check_report("test_capi_ops");
}

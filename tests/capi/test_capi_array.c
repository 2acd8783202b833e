/* The C API's arrays: dtypes, creation, zero-copy wrapping with a release callback, queries,
 * views, copies, DLPack both ways, and errors as statuses. Compiled as C99. */
#include <complex.h>
#include <stdint.h>
#include <stdlib.h>

#include <dlpack/dlpack.h>

#include "check.h"

static int release_calls = 0;
static void count_release(void* ctx) {
  ++release_calls;
  CHECK(ctx == (void*)&release_calls);
}

static void* freed_ctx = NULL;
static void free_release(void* ctx) {
  freed_ctx = ctx;
  free(ctx);
}

static void test_version(void) {
  CHECK(nd_version() == ND_VERSION);
  CHECK(ND_VERSION == ND_VERSION_MAJOR * 10000 + ND_VERSION_MINOR * 100 + ND_VERSION_PATCH);
  CHECK(strcmp(nd_version_string(), ND_PROJECT_VERSION) == 0);
}

static void test_dtypes(void) {
  static const char* names[] = {"bool",   "int8",    "int16",   "int32",   "int64",     "uint8",     "uint16",
                                "uint32", "uint64",  "float16", "float32", "float64", "complex64", "complex128"};
  static const int64_t sizes[] = {1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8, 8, 16};
  for (int i = 0; i <= ND_COMPLEX128; ++i) {
    nd_dtype dt = ND_BOOL;
    OK(nd_dtype_from_name(names[i], &dt));
    CHECK((int)dt == i);
    CHECK(strcmp(nd_dtype_name((nd_dtype)i), names[i]) == 0);
    CHECK(nd_dtype_itemsize((nd_dtype)i) == sizes[i]);
  }
  nd_dtype dt = ND_BOOL;
  OK(nd_dtype_from_name("f8", &dt));
  CHECK(dt == ND_FLOAT64);
  OK(nd_dtype_from_name("<i4", &dt));
  CHECK(dt == ND_INT32);
  FAILS_WITH(nd_dtype_from_name("float128x", &dt), ND_ERR_TYPE, "float128x");
  CHECK(dt == ND_INT32); /* outputs untouched on failure */
  FAILS_WITH(nd_dtype_from_name(NULL, &dt), ND_ERR_NULL_POINTER, "name");
  FAILS_WITH(nd_dtype_from_name("int8", NULL), ND_ERR_NULL_POINTER, "out");
  CHECK(nd_dtype_name((nd_dtype)99) == NULL);
  CHECK(nd_dtype_itemsize((nd_dtype)-1) == 0);
  nd_array* a = NULL;
  int64_t shape[1] = {3};
  FAILS_WITH(nd_zeros(1, shape, (nd_dtype)42, ND_ORDER_C, &a), ND_ERR_TYPE, "42");
  FAILS_WITH(nd_zeros(1, shape, ND_INT8, (nd_order)9, &a), ND_ERR_VALUE, "nd_order");
  CHECK(a == NULL);
  CHECK(strcmp(nd_status_name((nd_status)99), "ND_ERR_UNKNOWN") == 0);
}

static void test_creation_and_queries(void) {
  int64_t shape[2] = {2, 3};
  nd_array* z = NULL;
  OK(nd_zeros(2, shape, ND_FLOAT64, ND_ORDER_F, &z));
  int ndim = 0, flags = 0;
  const int64_t *sh = NULL, *st = NULL;
  int64_t size = 0, itemsize = 0, nbytes = 0;
  nd_dtype dt = ND_BOOL;
  OK(nd_array_ndim(z, &ndim));
  OK(nd_array_shape(z, &sh));
  OK(nd_array_strides(z, &st));
  OK(nd_array_size(z, &size));
  OK(nd_array_itemsize(z, &itemsize));
  OK(nd_array_nbytes(z, &nbytes));
  OK(nd_array_dtype(z, &dt));
  OK(nd_array_flags(z, &flags));
  CHECK(ndim == 2 && sh[0] == 2 && sh[1] == 3);
  CHECK(st[0] == 8 && st[1] == 16); /* Fortran order, bytes */
  CHECK(size == 6 && itemsize == 8 && nbytes == 48 && dt == ND_FLOAT64);
  CHECK((flags & ND_FLAG_F_CONTIGUOUS) && !(flags & ND_FLAG_C_CONTIGUOUS) && (flags & ND_FLAG_WRITEABLE));
  double* p = NULL;
  OK(nd_array_data(z, (void**)&p));
  for (int i = 0; i < 6; ++i) CHECK(p[i] == 0.0);
  nd_array_free(z);

  nd_array* f = NULL;
  OK(nd_full(2, shape, ND_INT16, 7.9, ND_ORDER_C, &f));
  int16_t* q = NULL;
  OK(nd_array_data(f, (void**)&q));
  for (int i = 0; i < 6; ++i) CHECK(q[i] == 7); /* unsafe cast truncates, as NumPy's full */
  nd_array_free(f);

  nd_array* o = NULL;
  OK(nd_ones(2, shape, ND_COMPLEX64, ND_ORDER_C, &o));
  float complex* c = NULL;
  OK(nd_array_data(o, (void**)&c));
  CHECK(crealf(c[5]) == 1.0f && cimagf(c[5]) == 0.0f);
  double re = 0, im = 0;
  int64_t idx[2] = {1, 2};
  OK(nd_array_set_f64(o, idx, -2.5));
  CHECK(crealf(c[5]) == -2.5f);
  nd_array* el = NULL;
  OK(nd_index_axis(o, 0, 1, &el));
  nd_array* el2 = NULL;
  OK(nd_index_axis(el, 0, -1, &el2));
  OK(nd_array_item_c128(el2, &re, &im));
  CHECK(re == -2.5 && im == 0.0);
  nd_array_free(el2);
  nd_array_free(el);
  nd_array_free(o);

  nd_array* r = NULL;
  OK(nd_arange(0, 5, 1, ND_INT32, &r));
  int32_t* ri = NULL;
  OK(nd_array_data(r, (void**)&ri));
  for (int i = 0; i < 5; ++i) CHECK(ri[i] == i);
  nd_array_free(r);

  /* empty leaves the handle alone on failure; a shape with a negative size is a value error */
  nd_array* e = (nd_array*)&release_calls;
  int64_t bad[2] = {2, -3};
  FAILS_WITH(nd_empty(2, bad, ND_FLOAT64, ND_ORDER_C, &e), ND_ERR_VALUE, "negative");
  CHECK(e == (nd_array*)&release_calls);
  FAILS_WITH(nd_empty(-1, shape, ND_FLOAT64, ND_ORDER_C, &e), ND_ERR_VALUE, "ndim");
  FAILS_WITH(nd_empty(2, NULL, ND_FLOAT64, ND_ORDER_C, &e), ND_ERR_NULL_POINTER, "shape");
  FAILS_WITH(nd_empty(2, shape, ND_FLOAT64, ND_ORDER_C, NULL), ND_ERR_NULL_POINTER, "'out'");
  int64_t huge[3] = {INT64_C(1) << 40, INT64_C(1) << 40, 16};
  FAILS_WITH(nd_empty(3, huge, ND_FLOAT64, ND_ORDER_C, &e), ND_ERR_MEMORY, "");
  nd_array_free(NULL);
}

/* Memory owned by C, viewed by nd: writes on either side are seen by the other, and the
 * release callback runs once, when the last view is gone. */
static void test_zero_copy(void) {
  double buf[12];
  for (int i = 0; i < 12; ++i) buf[i] = i;
  int64_t shape[2] = {3, 4};
  nd_array* a = NULL;
  release_calls = 0;
  OK(nd_array_from_data(buf, 2, shape, NULL, ND_FLOAT64, 1, count_release, &release_calls, &a));
  void* p = NULL;
  OK(nd_array_data(a, &p));
  CHECK(p == (void*)buf);
  double v = 0;
  int64_t idx[2] = {2, 1};
  buf[9] = 42.0; /* C writes, nd reads */
  OK(nd_array_get_f64(a, idx, &v));
  CHECK(v == 42.0);
  int64_t idx2[2] = {-1, -1};
  OK(nd_array_set_f64(a, idx2, -7.0)); /* nd writes, C reads */
  CHECK(buf[11] == -7.0);

  /* a strided view outlives the handle it came from */
  int64_t start[2] = {0, 1}, stop[2] = {ND_NONE, ND_NONE}, step[2] = {2, 2};
  nd_array* s = NULL;
  OK(nd_slice(a, 2, start, stop, step, &s));
  nd_array_free(a);
  CHECK(release_calls == 0);
  const int64_t *ss = NULL, *st = NULL;
  OK(nd_array_shape(s, &ss));
  OK(nd_array_strides(s, &st));
  CHECK(ss[0] == 2 && ss[1] == 2 && st[0] == 64 && st[1] == 16);
  OK(nd_fill(s, 5.0));
  CHECK(buf[1] == 5.0 && buf[3] == 5.0 && buf[9] == 5.0 && buf[11] == 5.0 && buf[0] == 0.0 && buf[2] == 2.0);
  nd_array* t = NULL;
  OK(nd_transpose(s, 0, NULL, &t));
  nd_array_free(s);
  CHECK(release_calls == 0);
  nd_array* c = NULL;
  OK(nd_copy(t, ND_ORDER_C, &c)); /* a copy does not hold the wrapped memory */
  nd_array_free(t);
  CHECK(release_calls == 1);
  nd_array_free(c);
  CHECK(release_calls == 1);

  /* Fortran order with byte strides, and a negative stride */
  int32_t fb[6] = {1, 2, 3, 4, 5, 6}; /* column-major (2, 3): [[1, 3, 5], [2, 4, 6]] */
  int64_t fshape[2] = {2, 3}, fstrides[2] = {4, 8};
  nd_array* f = NULL;
  OK(nd_array_from_data(fb, 2, fshape, fstrides, ND_INT32, 1, NULL, NULL, &f));
  int flags = 0;
  OK(nd_array_flags(f, &flags));
  CHECK((flags & ND_FLAG_F_CONTIGUOUS) && !(flags & ND_FLAG_C_CONTIGUOUS));
  int64_t i01[2] = {0, 1};
  OK(nd_array_get_f64(f, i01, &v));
  CHECK(v == 3.0);
  nd_array* fc = NULL;
  OK(nd_copy(f, ND_ORDER_C, &fc));
  int32_t* fcd = NULL;
  OK(nd_array_data(fc, (void**)&fcd));
  CHECK(fcd[0] == 1 && fcd[1] == 3 && fcd[2] == 5 && fcd[3] == 2 && fcd[4] == 4 && fcd[5] == 6);
  nd_array_free(fc);
  nd_array_free(f);
  int64_t rshape[1] = {6}, rstride[1] = {-4};
  nd_array* rev = NULL;
  OK(nd_array_from_data(&fb[5], 1, rshape, rstride, ND_INT32, 1, NULL, NULL, &rev));
  int64_t i0[1] = {0};
  OK(nd_array_get_f64(rev, i0, &v));
  CHECK(v == 6.0);
  nd_array_free(rev);

  /* read-only wrapping refuses writes */
  nd_array* ro = NULL;
  release_calls = 0;
  OK(nd_array_from_data(buf, 2, shape, NULL, ND_FLOAT64, 0, count_release, &release_calls, &ro));
  FAILS_WITH(nd_fill(ro, 1.0), ND_ERR_READONLY, "read-only");
  OK(nd_array_flags(ro, &flags));
  CHECK(!(flags & ND_FLAG_WRITEABLE));
  nd_array_free(ro);
  CHECK(release_calls == 1);

  /* a failing wrap releases the memory once, before it returns */
  release_calls = 0;
  int64_t one[1] = {3};
  FAILS_WITH(nd_array_from_data(buf, 1, one, NULL, ND_FLOAT64, 1, count_release, &release_calls, NULL),
             ND_ERR_NULL_POINTER, "out");
  CHECK(release_calls == 1);
  release_calls = 0;
  FAILS_WITH(nd_array_from_data(buf, 1, one, NULL, (nd_dtype)77, 1, count_release, &release_calls, &a),
             ND_ERR_TYPE, "77");
  CHECK(release_calls == 1);
  release_calls = 0;
  FAILS_WITH(nd_array_from_data(NULL, 1, one, NULL, ND_FLOAT64, 1, count_release, &release_calls, &a),
             ND_ERR_NULL_POINTER, "data");
  CHECK(release_calls == 1);

  /* heap memory handed over: nd frees it through the callback (ASan checks no leak) */
  double* heap = (double*)malloc(4 * sizeof(double));
  for (int i = 0; i < 4; ++i) heap[i] = 0.5 * i;
  int64_t hs[1] = {4};
  nd_array* h = NULL;
  freed_ctx = NULL;
  OK(nd_array_from_data(heap, 1, hs, NULL, ND_FLOAT64, 1, free_release, heap, &h));
  nd_array* h2 = NULL;
  OK(nd_array_view(h, &h2));
  int same = 0;
  OK(nd_array_shares_memory(h, h2, &same));
  CHECK(same == 1);
  nd_array_free(h);
  CHECK(freed_ctx == NULL);
  OK(nd_array_get_f64(h2, i0, &v));
  int64_t i3[1] = {3};
  OK(nd_array_get_f64(h2, i3, &v));
  CHECK(v == 1.5);
  nd_array_free(h2);
  CHECK(freed_ctx == (void*)heap);
}

/* Every dtype wraps C memory of its type without copying and reads back through a cast. */
static void test_every_dtype(void) {
  unsigned char bytes[16 * 4];
  for (int d = 0; d <= ND_COMPLEX128; ++d) {
    memset(bytes, 0, sizeof bytes);
    int64_t shape[1] = {4};
    nd_array* a = NULL;
    OK(nd_array_from_data(bytes, 1, shape, NULL, (nd_dtype)d, 1, NULL, NULL, &a));
    for (int64_t i = 0; i < 4; ++i) {
      int64_t idx[1] = {i};
      OK(nd_array_set_f64(a, idx, (double)(i % 2))); /* 0 and 1 fit every dtype */
    }
    /* the bytes of element 1 are those of the value 1 in that dtype */
    const unsigned char* e1 = bytes + nd_dtype_itemsize((nd_dtype)d);
    switch (d) {
      case ND_BOOL: case ND_INT8: case ND_UINT8: CHECK(e1[0] == 1); break;
      case ND_INT16: case ND_UINT16: { int16_t x; memcpy(&x, e1, 2); CHECK(x == 1); break; }
      case ND_INT32: case ND_UINT32: { int32_t x; memcpy(&x, e1, 4); CHECK(x == 1); break; }
      case ND_INT64: case ND_UINT64: { int64_t x; memcpy(&x, e1, 8); CHECK(x == 1); break; }
      case ND_FLOAT16: CHECK(e1[0] == 0x00 && e1[1] == 0x3c); break;
      case ND_FLOAT32: { float x; memcpy(&x, e1, 4); CHECK(x == 1.0f); break; }
      case ND_FLOAT64: { double x; memcpy(&x, e1, 8); CHECK(x == 1.0); break; }
      case ND_COMPLEX64: { float x[2]; memcpy(x, e1, 8); CHECK(x[0] == 1.0f && x[1] == 0.0f); break; }
      case ND_COMPLEX128: { double x[2]; memcpy(x, e1, 16); CHECK(x[0] == 1.0 && x[1] == 0.0); break; }
      default: CHECK(0);
    }
    nd_array* f = NULL;
    OK(nd_astype(a, ND_FLOAT64, &f));
    double* fd = NULL;
    OK(nd_array_data(f, (void**)&fd));
    CHECK(fd[0] == 0.0 && fd[1] == 1.0 && fd[2] == 0.0 && fd[3] == 1.0);
    nd_dtype got = ND_BOOL;
    OK(nd_array_dtype(a, &got));
    CHECK((int)got == d);
    nd_array_free(f);
    nd_array_free(a);
  }
}

static void test_views(void) {
  nd_array* a = NULL;
  OK(nd_arange(0, 24, 1, ND_FLOAT64, &a));
  int64_t shape[3] = {2, 3, 4};
  nd_array* r = NULL;
  OK(nd_reshape(a, 3, shape, &r));
  int same = 0;
  OK(nd_array_shares_memory(a, r, &same));
  CHECK(same == 1);
  int64_t axes[3] = {2, 0, 1};
  nd_array* t = NULL;
  OK(nd_transpose(r, 3, axes, &t));
  const int64_t *ts = NULL, *tst = NULL;
  OK(nd_array_shape(t, &ts));
  OK(nd_array_strides(t, &tst));
  CHECK(ts[0] == 4 && ts[1] == 2 && ts[2] == 3);
  CHECK(tst[0] == 8 && tst[1] == 96 && tst[2] == 32);
  double v = 0;
  int64_t idx[3] = {3, 1, 2}; /* t[3, 1, 2] = r[1, 2, 3] = 23 */
  OK(nd_array_get_f64(t, idx, &v));
  CHECK(v == 23.0);
  /* a reversed slice with Python's clipping */
  int64_t start[1] = {ND_NONE}, step[1] = {-5};
  nd_array* s = NULL;
  OK(nd_slice(a, 1, start, NULL, step, &s));
  const int64_t* ss = NULL;
  OK(nd_array_shape(s, &ss));
  CHECK(ss[0] == 5);
  int64_t i1[1] = {1};
  OK(nd_array_get_f64(s, i1, &v));
  CHECK(v == 18.0);
  /* assign broadcasts and casts */
  int64_t rowshape[1] = {4};
  nd_array* row = NULL;
  OK(nd_full(1, rowshape, ND_INT64, 9, ND_ORDER_C, &row));
  OK(nd_assign(r, row));
  OK(nd_array_get_f64(a, i1, &v));
  CHECK(v == 9.0);
  nd_array* bad = NULL;
  int64_t wrong[1] = {5};
  OK(nd_zeros(1, wrong, ND_FLOAT64, ND_ORDER_C, &bad));
  FAILS_WITH(nd_assign(r, bad), ND_ERR_SHAPE, "(5,)");
  int64_t badshape[2] = {5, 5};
  nd_array* none = NULL;
  FAILS_WITH(nd_reshape(a, 2, badshape, &none), ND_ERR_SHAPE, "(5, 5)");
  CHECK(none == NULL);
  int64_t badaxes[3] = {0, 0, 1};
  FAILS_WITH(nd_transpose(r, 3, badaxes, &none), ND_ERR_VALUE, "");
  FAILS_WITH(nd_index_axis(r, 3, 0, &none), ND_ERR_AXIS, "axis 3");
  FAILS_WITH(nd_index_axis(r, 0, 2, &none), ND_ERR_INDEX, "2");
  int64_t far[3] = {0, 0, 4};
  FAILS_WITH(nd_array_get_f64(r, far, &v), ND_ERR_INDEX, "4");
  int64_t zero[1] = {0};
  FAILS_WITH(nd_slice(a, 1, NULL, NULL, zero, &none), ND_ERR_VALUE, "zero");
  FAILS_WITH(nd_slice(a, 2, NULL, NULL, NULL, &none), ND_ERR_VALUE, "2 slices");
  FAILS_WITH(nd_array_item_f64(a, &v), ND_ERR_VALUE, "size 1");
  nd_array* cast = NULL;
  OK(nd_astype(a, ND_UINT8, &cast));
  OK(nd_array_get_f64(cast, i1, &v));
  CHECK(v == 9.0);
  nd_array_free(cast);
  nd_array_free(bad);
  nd_array_free(row);
  nd_array_free(s);
  nd_array_free(t);
  nd_array_free(r);
  nd_array_free(a);
}

static void test_null_handles(void) {
  const int64_t* sh = NULL;
  int n = 0;
  void* p = NULL;
  nd_array* out = NULL;
  FAILS_WITH(nd_array_shape(NULL, &sh), ND_ERR_NULL_POINTER, "'a'");
  FAILS_WITH(nd_array_ndim(NULL, &n), ND_ERR_NULL_POINTER, "nd_array_ndim");
  FAILS_WITH(nd_array_data(NULL, &p), ND_ERR_NULL_POINTER, "NULL");
  FAILS_WITH(nd_copy(NULL, ND_ORDER_C, &out), ND_ERR_NULL_POINTER, "NULL");
  FAILS_WITH(nd_assign(NULL, NULL), ND_ERR_NULL_POINTER, "dst");
  FAILS_WITH(nd_array_view(NULL, &out), ND_ERR_NULL_POINTER, "NULL");
  FAILS_WITH(nd_to_dlpack(NULL, NULL), ND_ERR_NULL_POINTER, "NULL");
  FAILS_WITH(nd_from_dlpack(NULL, &out), ND_ERR_NULL_POINTER, "NULL");
  CHECK(out == NULL);
  nd_clear_error();
  CHECK(strcmp(nd_last_error(), "") == 0);
  CHECK(strcmp(nd_status_name(ND_ERR_LINALG), "ND_ERR_LINALG") == 0);
}

/* ---- DLPack ---- */

static int deleter_calls = 0;
static void counting_deleter(DLManagedTensor* self) {
  ++deleter_calls;
  free(self->dl_tensor.data);
  free(self->dl_tensor.shape);
  free(self);
}

static DLManagedTensor* make_tensor(int code, int bits) {
  DLManagedTensor* m = (DLManagedTensor*)calloc(1, sizeof(DLManagedTensor));
  m->dl_tensor.data = calloc(6, 16);
  m->dl_tensor.device.device_type = kDLCPU;
  m->dl_tensor.ndim = 2;
  m->dl_tensor.dtype.code = (uint8_t)code;
  m->dl_tensor.dtype.bits = (uint8_t)bits;
  m->dl_tensor.dtype.lanes = 1;
  m->dl_tensor.shape = (int64_t*)malloc(2 * sizeof(int64_t));
  m->dl_tensor.shape[0] = 2;
  m->dl_tensor.shape[1] = 3;
  m->dl_tensor.strides = NULL;
  m->deleter = counting_deleter;
  return m;
}

static void test_dlpack(void) {
  /* import: zero copy, the deleter runs once when the last view goes */
  deleter_calls = 0;
  DLManagedTensor* m = make_tensor(kDLFloat, 32);
  float* data = (float*)m->dl_tensor.data;
  nd_array* a = NULL;
  OK(nd_from_dlpack(m, &a));
  nd_dtype dt = ND_BOOL;
  OK(nd_array_dtype(a, &dt));
  CHECK(dt == ND_FLOAT32);
  int64_t idx[2] = {1, 2};
  OK(nd_array_set_f64(a, idx, 3.5));
  CHECK(data[5] == 3.5f);
  nd_array* row = NULL;
  OK(nd_index_axis(a, 0, 1, &row));
  nd_array_free(a);
  CHECK(deleter_calls == 0);
  nd_array_free(row);
  CHECK(deleter_calls == 1);

  /* every dtype code nd knows comes in as the matching dtype */
  static const int codes[][3] = {{6, 8, ND_BOOL},       {kDLInt, 8, ND_INT8},      {kDLInt, 16, ND_INT16},
                                 {kDLInt, 32, ND_INT32}, {kDLInt, 64, ND_INT64},    {kDLUInt, 8, ND_UINT8},
                                 {kDLUInt, 16, ND_UINT16}, {kDLUInt, 32, ND_UINT32}, {kDLUInt, 64, ND_UINT64},
                                 {kDLFloat, 16, ND_FLOAT16}, {kDLFloat, 64, ND_FLOAT64},
                                 {kDLComplex, 64, ND_COMPLEX64}, {kDLComplex, 128, ND_COMPLEX128}};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
    deleter_calls = 0;
    OK(nd_from_dlpack(make_tensor(codes[i][0], codes[i][1]), &a));
    OK(nd_array_dtype(a, &dt));
    CHECK((int)dt == codes[i][2]);
    nd_array_free(a);
    CHECK(deleter_calls == 1);
  }

  /* a refused tensor is still released, once */
  deleter_calls = 0;
  a = NULL;
  FAILS_WITH(nd_from_dlpack(make_tensor(kDLBfloat, 16), &a), ND_ERR_TYPE, "code 4");
  CHECK(deleter_calls == 1 && a == NULL);
  deleter_calls = 0;
  m = make_tensor(kDLFloat, 64);
  m->dl_tensor.device.device_type = kDLCUDA;
  FAILS_WITH(nd_from_dlpack(m, &a), ND_ERR_VALUE, "CPU");
  CHECK(deleter_calls == 1);
  deleter_calls = 0;
  FAILS_WITH(nd_from_dlpack(make_tensor(kDLFloat, 64), NULL), ND_ERR_NULL_POINTER, "out");
  CHECK(deleter_calls == 1);

  /* export: the tensor views nd's memory and keeps it alive until its deleter runs */
  int64_t shape[2] = {3, 4};
  nd_array* src = NULL;
  OK(nd_arange(0, 12, 1, ND_INT64, &src));
  nd_array* src2 = NULL;
  OK(nd_reshape(src, 2, shape, &src2));
  nd_array* tr = NULL;
  OK(nd_transpose(src2, 0, NULL, &tr));
  DLManagedTensor* out = NULL;
  OK(nd_to_dlpack(tr, &out));
  void* p = NULL;
  OK(nd_array_data(tr, &p));
  nd_array_free(tr);
  nd_array_free(src2);
  nd_array_free(src);
  CHECK(out->dl_tensor.data == p);
  CHECK(out->dl_tensor.ndim == 2 && out->dl_tensor.shape[0] == 4 && out->dl_tensor.shape[1] == 3);
  CHECK(out->dl_tensor.strides[0] == 1 && out->dl_tensor.strides[1] == 4); /* elements */
  CHECK(out->dl_tensor.dtype.code == kDLInt && out->dl_tensor.dtype.bits == 64);
  CHECK(out->dl_tensor.device.device_type == kDLCPU);
  CHECK(((int64_t*)out->dl_tensor.data)[7] == 7); /* still alive after the handles went */
  /* round trip: import what was exported (shares memory, deleter once through nd) */
  nd_array* back = NULL;
  OK(nd_from_dlpack(out, &back));
  void* q = NULL;
  OK(nd_array_data(back, &q));
  CHECK(q == p);
  double v = 0;
  int64_t i21[2] = {2, 1}; /* transposed: back[2, 1] = original[1, 2] = 6 */
  OK(nd_array_get_f64(back, i21, &v));
  CHECK(v == 6.0);
  nd_array_free(back);

  /* read-only arrays cannot be exported by DLPack 0.x */
  double buf[2] = {1, 2};
  int64_t two[1] = {2};
  nd_array* ro = NULL;
  OK(nd_array_from_data(buf, 1, two, NULL, ND_FLOAT64, 0, NULL, NULL, &ro));
  out = NULL;
  FAILS_WITH(nd_to_dlpack(ro, &out), ND_ERR_READONLY, "read-only");
  CHECK(out == NULL);
  nd_array_free(ro);
}

int main(void) {
  test_version();
  test_dtypes();
  test_creation_and_queries();
  test_zero_copy();
  test_every_dtype();
  test_views();
  test_null_handles();
  test_dlpack();
  return check_report("test_capi_array");
}

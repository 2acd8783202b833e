/* The C half of the Fortran module: Fortran passes its arrays as C descriptors
 * (ISO_Fortran_binding.h, Fortran 2018), which carry the address, the extents and the
 * byte strides of any array, contiguous or a strided section, of any rank. nd views that
 * memory directly (no copy); results come back into Fortran allocatables allocated here
 * with CFI_allocate.
 *
 * Kinds: real(4/8) -> float32/float64, integer(1/2/4/8) -> int8..int64, complex(4/8) ->
 * complex64/complex128, logical(c_bool) (kind 1) -> bool, and the other logical kinds
 * (default logical(4), 2, 8) -> the signed integer of the same size (gfortran stores
 * .true. as 1 and .false. as 0, so results of comparisons come back as valid logicals). */
#include <ISO_Fortran_binding.h>
#include <stdio.h>

#include <nd/c_api.h>

static int dtype_of(const CFI_cdesc_t* x, nd_dtype* dt) {
  const int base = x->type & CFI_type_mask;
  const size_t len = x->elem_len;
  switch (base) {
    case CFI_type_Integer:
    case CFI_type_Logical:
      if (base == CFI_type_Logical && len == 1) *dt = ND_BOOL;
      else if (len == 1) *dt = ND_INT8;
      else if (len == 2) *dt = ND_INT16;
      else if (len == 4) *dt = ND_INT32;
      else if (len == 8) *dt = ND_INT64;
      else break;
      return 1;
    case CFI_type_Real:
      if (len == 4) *dt = ND_FLOAT32;
      else if (len == 8) *dt = ND_FLOAT64;
      else break;
      return 1;
    case CFI_type_Complex:
      if (len == 8) *dt = ND_COMPLEX64;
      else if (len == 16) *dt = ND_COMPLEX128;
      else break;
      return 1;
    default: break;
  }
  return 0;
}

/* Views the array described by x (no copy); *out receives a new handle. */
int ndf_wrap(CFI_cdesc_t* x, nd_array** out) {
  char msg[160];
  nd_dtype dt = ND_FLOAT64;
  if (x == NULL || out == NULL) return nd_set_error(ND_ERR_NULL_POINTER, "[nd_wrap] NULL argument");
  if (!dtype_of(x, &dt)) {
    snprintf(msg, sizeof msg,
             "[nd_wrap] a Fortran array of type code %d and %zu-byte elements has no nd dtype "
             "(real, integer, logical and complex kinds only)",
             (int)x->type, (size_t)x->elem_len);
    return nd_set_error(ND_ERR_TYPE, msg);
  }
  int64_t shape[CFI_MAX_RANK], strides[CFI_MAX_RANK];
  for (int d = 0; d < x->rank; ++d) {
    shape[d] = (int64_t)x->dim[d].extent;
    strides[d] = (int64_t)x->dim[d].sm;
  }
  return nd_array_from_data(x->base_addr, x->rank, shape, strides, dt, 1, NULL, NULL, out);
}

/* Allocates the Fortran allocatable x with a's shape (bounds 1..n; an allocated x is
 * deallocated first) and copies a into it, cast to x's kind. */
static int get_into(const nd_array* a, CFI_cdesc_t* x) {
  char msg[160];
  int ndim = 0;
  const int64_t* shape = NULL;
  int rc = nd_array_ndim(a, &ndim);
  if (rc != ND_OK) return rc;
  if (ndim != x->rank) {
    snprintf(msg, sizeof msg, "[nd_get] the result has rank %d but the Fortran array has rank %d", ndim,
             (int)x->rank);
    return nd_set_error(ND_ERR_SHAPE, msg);
  }
  if ((rc = nd_array_shape(a, &shape)) != ND_OK) return rc;
  if (x->base_addr != NULL && CFI_deallocate(x) != CFI_SUCCESS)
    return nd_set_error(ND_ERR_MEMORY, "[nd_get] cannot deallocate the Fortran array");
  CFI_index_t lower[CFI_MAX_RANK], upper[CFI_MAX_RANK];
  for (int d = 0; d < ndim; ++d) {
    lower[d] = 1;
    upper[d] = (CFI_index_t)shape[d];
  }
  if (CFI_allocate(x, lower, upper, 0) != CFI_SUCCESS)
    return nd_set_error(ND_ERR_MEMORY, "[nd_get] cannot allocate the Fortran array");
  nd_array* view = NULL;
  if ((rc = ndf_wrap(x, &view)) != ND_OK) return rc;
  rc = nd_assign(view, a);
  nd_array_free(view);
  return rc;
}

#define NDF_GET(suffix) \
  int ndf_get_##suffix(const nd_array* a, CFI_cdesc_t* x) { return get_into(a, x); }
NDF_GET(r4)
NDF_GET(r8)
NDF_GET(i1)
NDF_GET(i2)
NDF_GET(i4)
NDF_GET(i8)
NDF_GET(lb)
NDF_GET(l4)
NDF_GET(c4)
NDF_GET(c8)
#undef NDF_GET

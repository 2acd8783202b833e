// The C API's core: errors, version, dtypes, handles, creation, queries, views and copies.
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "common.hpp"

namespace nd::capi {
namespace {

thread_local std::string last_error;

// The message with the C function's name in front unless nd put its own "[op]" there.
std::string prefixed(const char* fn, const char* what) {
  if (what[0] == '[') return what;
  return std::string("[") + fn + "] " + what;
}

}  // namespace

const char* last_error_text() noexcept { return last_error.c_str(); }

nd_status fail(nd_status s, const char* msg) noexcept {
  try {
    last_error = msg;
  } catch (...) {
    // No memory for the message: keep the status, clear the text rather than leave a stale one.
    last_error.clear();
  }
  return s;
}

nd_status translate_current_exception(const char* fn) noexcept {
  auto report = [fn](nd_status s, const char* what) noexcept {
    try {
      return fail(s, prefixed(fn, what).c_str());
    } catch (...) {
      return fail(s, what);
    }
  };
  // Most derived first: readonly/shape/linalg are value_errors, alloc_error a bad_alloc.
  try {
    throw;
  } catch (const api_error& e) {
    return report(e.status, e.message.c_str());
  } catch (const readonly_error& e) {
    return report(ND_ERR_READONLY, e.what());
  } catch (const shape_error& e) {
    return report(ND_ERR_SHAPE, e.what());
  } catch (const linalg_error& e) {
    return report(ND_ERR_LINALG, e.what());
  } catch (const value_error& e) {
    return report(ND_ERR_VALUE, e.what());
  } catch (const dtype_error& e) {
    return report(ND_ERR_TYPE, e.what());
  } catch (const axis_error& e) {
    return report(ND_ERR_AXIS, e.what());
  } catch (const index_error& e) {
    return report(ND_ERR_INDEX, e.what());
  } catch (const io_error& e) {
    return report(ND_ERR_IO, e.what());
  } catch (const floating_point_error& e) {
    return report(ND_ERR_FLOATING_POINT, e.what());
  } catch (const std::bad_alloc& e) {
    return report(ND_ERR_MEMORY, e.what());
  } catch (const std::invalid_argument& e) {
    return report(ND_ERR_VALUE, e.what());
  } catch (const std::out_of_range& e) {
    return report(ND_ERR_INDEX, e.what());
  } catch (const std::exception& e) {
    return report(ND_ERR_UNKNOWN, e.what());
  } catch (...) {
    return report(ND_ERR_UNKNOWN, "unknown exception");
  }
}

nd::dtype to_dtype(nd_dtype dt) {
  const int i = static_cast<int>(dt);
  if (i < 0 || i >= num_dtypes) throw dtype_error("invalid nd_dtype value " + std::to_string(i));
  return dtype(static_cast<dtype_id>(i));
}

nd_dtype from_dtype(nd::dtype dt) { return static_cast<nd_dtype>(dt.index()); }

nd::order to_order(nd_order o) {
  switch (o) {
    case ND_ORDER_C: return order::C;
    case ND_ORDER_F: return order::F;
    case ND_ORDER_A: return order::A;
    case ND_ORDER_K: return order::K;
    case ND_ORDER_RANGE_: break;
  }
  throw value_error("invalid nd_order value " + std::to_string(static_cast<int>(o)));
}

nd::shape_t to_shape(int ndim, const int64_t* shape, const char* what) {
  if (ndim < 0 || ndim > max_ndim)
    throw value_error(std::string(what) + ": ndim " + std::to_string(ndim) + " is outside [0, 64]");
  if (ndim > 0) require(shape, what);
  return shape_t(shape, shape + ndim);
}

std::optional<std::vector<int64_t>> to_axes(const int64_t* axes, int naxes) {
  if (axes == nullptr) return std::nullopt;
  if (naxes < 0) throw value_error("naxes " + std::to_string(naxes) + " is negative");
  return std::vector<int64_t>(axes, axes + naxes);
}

}  // namespace nd::capi

using namespace nd::capi;

// The C enums mirror nd's: the same order as the ND_DTYPES list.
#define ND_X(e, T, name, kind, ch) \
  static_assert(static_cast<int>(nd::dtype_id::e) < nd::num_dtypes, "dtype list");
ND_DTYPES(ND_X)
#undef ND_X
static_assert(static_cast<int>(nd::dtype_id::bool_) == ND_BOOL && static_cast<int>(nd::dtype_id::int64) == ND_INT64 &&
                  static_cast<int>(nd::dtype_id::uint8) == ND_UINT8 &&
                  static_cast<int>(nd::dtype_id::float16) == ND_FLOAT16 &&
                  static_cast<int>(nd::dtype_id::complex128) == ND_COMPLEX128 && nd::num_dtypes == 14,
              "nd_dtype must follow nd::dtype_id");

namespace {

// Owns the release duty of wrapped memory: the deleter runs release(ctx) exactly once.
std::shared_ptr<const void> release_owner(nd_release_fn release, void* ctx) {
  // If the control block cannot be allocated, shared_ptr calls the deleter itself.
  return std::shared_ptr<const void>(static_cast<const void*>(ctx), [release](const void* c) {
    if (release) release(const_cast<void*>(c));
  });
}

template <class Make>
nd_status create(const char* fn, int ndim, const int64_t* shape, nd_dtype dt, nd_array** out, Make make) {
  return guard(fn, [&] {
    require(out, "out");
    put(out, make(to_shape(ndim, shape, "shape"), to_dtype(dt)));
  });
}

}  // namespace

extern "C" {

const char* nd_last_error(void) { return nd::capi::last_error_text(); }

void nd_clear_error(void) { nd::capi::fail(ND_OK, ""); }

nd_status nd_set_error(nd_status s, const char* message) { return nd::capi::fail(s, message ? message : ""); }

const char* nd_status_name(nd_status s) {
  switch (s) {
    case ND_OK: return "ND_OK";
    case ND_ERR_VALUE: return "ND_ERR_VALUE";
    case ND_ERR_SHAPE: return "ND_ERR_SHAPE";
    case ND_ERR_TYPE: return "ND_ERR_TYPE";
    case ND_ERR_INDEX: return "ND_ERR_INDEX";
    case ND_ERR_AXIS: return "ND_ERR_AXIS";
    case ND_ERR_MEMORY: return "ND_ERR_MEMORY";
    case ND_ERR_LINALG: return "ND_ERR_LINALG";
    case ND_ERR_IO: return "ND_ERR_IO";
    case ND_ERR_READONLY: return "ND_ERR_READONLY";
    case ND_ERR_FLOATING_POINT: return "ND_ERR_FLOATING_POINT";
    case ND_ERR_NOT_IMPLEMENTED: return "ND_ERR_NOT_IMPLEMENTED";
    case ND_ERR_NULL_POINTER: return "ND_ERR_NULL_POINTER";
    case ND_ERR_UNKNOWN:
    case ND_STATUS_RANGE_: break;
  }
  return "ND_ERR_UNKNOWN";
}

int nd_version(void) { return ND_VERSION; }

const char* nd_version_string(void) {
#define ND_STR2(x) #x
#define ND_STR(x) ND_STR2(x)
  return ND_STR(ND_VERSION_MAJOR) "." ND_STR(ND_VERSION_MINOR) "." ND_STR(ND_VERSION_PATCH);
#undef ND_STR
#undef ND_STR2
}

// ---- dtypes ----

nd_status nd_dtype_from_name(const char* name, nd_dtype* out) {
  return guard("nd_dtype_from_name", [&] {
    require(name, "name");
    require(out, "out");
    *out = from_dtype(nd::dtype::from_string(name));
  });
}

const char* nd_dtype_name(nd_dtype dt) {
  const int i = static_cast<int>(dt);
  if (i < 0 || i >= nd::num_dtypes) return nullptr;
  // NumPy's names are string literals in the dtype table (null-terminated string_views).
  return nd::dtype(static_cast<nd::dtype_id>(i)).name().data();
}

int64_t nd_dtype_itemsize(nd_dtype dt) {
  const int i = static_cast<int>(dt);
  if (i < 0 || i >= nd::num_dtypes) return 0;
  return nd::dtype(static_cast<nd::dtype_id>(i)).itemsize();
}

// ---- handles and creation ----

void nd_array_free(nd_array* a) { delete a; }

nd_status nd_array_view(const nd_array* a, nd_array** out) {
  return guard("nd_array_view", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    put(out, x);
  });
}

nd_status nd_empty(int ndim, const int64_t* shape, nd_dtype dt, nd_order order, nd_array** out) {
  return create("nd_empty", ndim, shape, dt, out,
                [&](const nd::shape_t& s, nd::dtype d) { return nd::empty(s, d, to_order(order)); });
}

nd_status nd_zeros(int ndim, const int64_t* shape, nd_dtype dt, nd_order order, nd_array** out) {
  return create("nd_zeros", ndim, shape, dt, out,
                [&](const nd::shape_t& s, nd::dtype d) { return nd::zeros(s, d, to_order(order)); });
}

nd_status nd_ones(int ndim, const int64_t* shape, nd_dtype dt, nd_order order, nd_array** out) {
  return create("nd_ones", ndim, shape, dt, out,
                [&](const nd::shape_t& s, nd::dtype d) { return nd::ones(s, d, to_order(order)); });
}

nd_status nd_full(int ndim, const int64_t* shape, nd_dtype dt, double value, nd_order order, nd_array** out) {
  return create("nd_full", ndim, shape, dt, out, [&](const nd::shape_t& s, nd::dtype d) {
    nd::array r = nd::empty(s, d, to_order(order));
    r.assign(nd::array(value));
    return r;
  });
}

nd_status nd_arange(double start, double stop, double step, nd_dtype dt, nd_array** out) {
  return guard("nd_arange", [&] {
    require(out, "out");
    put(out, nd::arange_float(start, stop, step, to_dtype(dt)));
  });
}

nd_status nd_array_from_data(void* data, int ndim, const int64_t* shape, const int64_t* strides, nd_dtype dt,
                             int writeable, nd_release_fn release, void* ctx, nd_array** out) {
  std::shared_ptr<const void> owner;
  try {
    owner = release_owner(release, ctx);
  } catch (...) {
    return translate_current_exception("nd_array_from_data");  // release already ran
  }
  // On an error `owner` is the last reference: release runs as it goes, before returning.
  return guard("nd_array_from_data", [&] {
    require(out, "out");
    nd::shape_t s = to_shape(ndim, shape, "shape");
    const nd::dtype d = to_dtype(dt);
    std::optional<nd::strides_t> st;
    if (strides) st = nd::strides_t(strides, strides + ndim);
    if (nd::checked_size(s, "nd_array_from_data") > 0) require(data, "data");
    nd::array a = nd::array::wrap(data, s, d, std::move(owner), st, writeable != 0);
    put(out, std::move(a));
  });
}

// ---- queries ----

nd_status nd_array_dtype(const nd_array* a, nd_dtype* out) {
  return guard("nd_array_dtype", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = from_dtype(x.dtype());
  });
}

nd_status nd_array_ndim(const nd_array* a, int* out) {
  return guard("nd_array_ndim", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = static_cast<int>(x.ndim());
  });
}

nd_status nd_array_shape(const nd_array* a, const int64_t** out) {
  return guard("nd_array_shape", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = x.shape().data();
  });
}

nd_status nd_array_strides(const nd_array* a, const int64_t** out) {
  return guard("nd_array_strides", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = x.strides().data();
  });
}

nd_status nd_array_size(const nd_array* a, int64_t* out) {
  return guard("nd_array_size", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = x.size();
  });
}

nd_status nd_array_itemsize(const nd_array* a, int64_t* out) {
  return guard("nd_array_itemsize", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = x.itemsize();
  });
}

nd_status nd_array_nbytes(const nd_array* a, int64_t* out) {
  return guard("nd_array_nbytes", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = x.nbytes();
  });
}

nd_status nd_array_data(const nd_array* a, void** out) {
  return guard("nd_array_data", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = const_cast<void*>(x.raw_data());
  });
}

nd_status nd_array_flags(const nd_array* a, int* out) {
  return guard("nd_array_flags", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = (x.is_c_contiguous() ? ND_FLAG_C_CONTIGUOUS : 0) | (x.is_f_contiguous() ? ND_FLAG_F_CONTIGUOUS : 0) |
           (x.writeable() ? ND_FLAG_WRITEABLE : 0);
  });
}

nd_status nd_array_shares_memory(const nd_array* a, const nd_array* b, int* out) {
  return guard("nd_array_shares_memory", [&] {
    const nd::array& x = arr(a, "a");
    const nd::array& y = arr(b, "b");
    require(out, "out");
    *out = x.shares_buffer(y) ? 1 : 0;
  });
}

}  // extern "C"

namespace {

// The 0-d view of one element.
nd::array element(const nd::array& x, const int64_t* index) {
  if (x.ndim() > 0) require(index, "index");
  std::vector<nd::index_item> items;
  for (int64_t d = 0; d < x.ndim(); ++d) items.emplace_back(index[d]);
  return x.index(items);
}

}  // namespace

extern "C" {

nd_status nd_array_get_f64(const nd_array* a, const int64_t* index, double* out) {
  return guard("nd_array_get_f64", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    nd::array e = element(x, index);
    *out = x.dtype().is_complex() ? nd::real(e).item<double>() : e.item<double>();
  });
}

nd_status nd_array_set_f64(nd_array* a, const int64_t* index, double value) {
  return guard("nd_array_set_f64", [&] {
    nd::array e = element(arr(a, "a"), index);
    e.assign(nd::array(value));
  });
}

nd_status nd_array_item_f64(const nd_array* a, double* out) {
  return guard("nd_array_item_f64", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = x.dtype().is_complex() ? nd::real(x).item<double>() : x.item<double>();
  });
}

nd_status nd_array_item_c128(const nd_array* a, double* re, double* im) {
  return guard("nd_array_item_c128", [&] {
    const nd::array& x = arr(a, "a");
    require(re, "re");
    require(im, "im");
    const auto z = x.item<std::complex<double>>();
    *re = z.real();
    *im = z.imag();
  });
}

// ---- views and copies ----

nd_status nd_slice(const nd_array* a, int n, const int64_t* start, const int64_t* stop, const int64_t* step,
                   nd_array** out) {
  return guard("nd_slice", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    if (n < 0 || n > x.ndim())
      throw nd::value_error("[nd_slice] " + std::to_string(n) + " slices for an array of dimension " +
                            std::to_string(x.ndim()));
    auto bound = [](const int64_t* v, int i) -> std::optional<int64_t> {
      if (v == nullptr || v[i] == ND_NONE) return std::nullopt;
      return v[i];
    };
    std::vector<nd::index_item> items;
    for (int i = 0; i < n; ++i) {
      nd::slice s;
      s.start = bound(start, i);
      s.stop = bound(stop, i);
      s.step = bound(step, i);
      items.emplace_back(s);
    }
    put(out, x.index(items));
  });
}

nd_status nd_index_axis(const nd_array* a, int axis, int64_t i, nd_array** out) {
  return guard("nd_index_axis", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    const int64_t ax = nd::normalize_axis(axis, x.ndim(), "nd_index_axis");
    std::vector<nd::index_item> items(static_cast<size_t>(ax), nd::index_item(nd::all));
    items.emplace_back(i);
    put(out, x.index(items));
  });
}

nd_status nd_reshape(const nd_array* a, int ndim, const int64_t* shape, nd_array** out) {
  return guard("nd_reshape", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    put(out, nd::reshape(x, to_shape(ndim, shape, "shape")));
  });
}

nd_status nd_transpose(const nd_array* a, int naxes, const int64_t* axes, nd_array** out) {
  return guard("nd_transpose", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    put(out, nd::transpose(x, to_axes(axes, naxes)));
  });
}

nd_status nd_copy(const nd_array* a, nd_order order, nd_array** out) {
  return guard("nd_copy", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    put(out, x.copy(to_order(order)));
  });
}

nd_status nd_astype(const nd_array* a, nd_dtype dt, nd_array** out) {
  return guard("nd_astype", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    put(out, x.astype(to_dtype(dt)));
  });
}

nd_status nd_assign(nd_array* dst, const nd_array* src) {
  return guard("nd_assign", [&] {
    nd::array& d = arr(dst, "dst");
    d.assign(arr(src, "src"));
  });
}

nd_status nd_fill(nd_array* dst, double value) {
  return guard("nd_fill", [&] { arr(dst, "dst").assign(nd::array(value)); });
}

}  // extern "C"

#pragma once
// Private to src/capi/: the handles behind the C API's opaque pointers and the guard that
// turns every C++ exception into an nd_status and a per-thread message.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nd/array.hpp"
#include "nd/c_api.h"
#include "nd/random.hpp"

struct nd_array {
  nd::array a;
};

struct nd_rng {
  nd::random::generator g;
};

namespace nd::capi {

/// An error the C layer itself raises (a NULL argument, a feature it does not offer).
struct api_error {
  nd_status status;
  std::string message;
};

/// This thread's last message.
const char* last_error_text() noexcept;
/// Stores `msg` as this thread's last error and returns `s` (never throws).
nd_status fail(nd_status s, const char* msg) noexcept;

/// Runs `body`; ND_OK when it returns, the status of its exception otherwise. `fn` names
/// the C function in messages that do not carry an nd operation name already.
template <class F>
nd_status guard(const char* fn, F&& body) noexcept;

/// api_error ND_ERR_NULL_POINTER "argument 'what' is NULL" when p is NULL.
inline void require(const void* p, const char* what) {
  if (p == nullptr) throw api_error{ND_ERR_NULL_POINTER, std::string("argument '") + what + "' is NULL"};
}

/// The nd::array of a handle (api_error for NULL).
inline const nd::array& arr(const nd_array* h, const char* what) {
  require(h, what);
  return h->a;
}
inline nd::array& arr(nd_array* h, const char* what) {
  require(h, what);
  return h->a;
}

nd::dtype to_dtype(nd_dtype dt);
nd_dtype from_dtype(nd::dtype dt);
nd::order to_order(nd_order o);
/// A shape of `ndim` sizes (0 <= ndim <= 64; `shape` may be NULL only when ndim is 0).
nd::shape_t to_shape(int ndim, const int64_t* shape, const char* what);
/// An axis list: absent for NULL, else naxes entries.
std::optional<std::vector<int64_t>> to_axes(const int64_t* axes, int naxes);

/// Stores a new handle for `a` in *out (`out` checked non-NULL by the caller).
inline void put(nd_array** out, nd::array a) { *out = new nd_array{std::move(a)}; }

nd_status translate_current_exception(const char* fn) noexcept;

template <class F>
nd_status guard(const char* fn, F&& body) noexcept {
  try {
    body();
    return ND_OK;
  } catch (...) {
    return translate_current_exception(fn);
  }
}

}  // namespace nd::capi

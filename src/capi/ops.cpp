// The C API's computations: ufuncs and reductions by name, linear algebra, FFT.
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common.hpp"

using namespace nd::capi;

namespace {

using unary_fn = nd::array (*)(const nd::operand&, const nd::ufunc_options&);
using binary_fn = nd::array (*)(const nd::operand&, const nd::operand&, const nd::ufunc_options&);

struct ufunc_entry {
  unary_fn unary = nullptr;
  binary_fn binary = nullptr;
  int nin() const { return unary ? 1 : 2; }
};

// Every ufunc of nd/ufunc.hpp, from the same X-macro lists that declare them: a new ufunc
// is reachable from C (and Fortran) without touching this file.
const std::unordered_map<std::string_view, ufunc_entry>& ufunc_table() {
  static const std::unordered_map<std::string_view, ufunc_entry> table = [] {
    std::unordered_map<std::string_view, ufunc_entry> t;
#define ND_X(name) t.emplace(#name, ufunc_entry{nullptr, static_cast<binary_fn>(&nd::name)});
    ND_BINARY_UFUNCS(ND_X)
#undef ND_X
#define ND_X(name) t.emplace(#name, ufunc_entry{static_cast<unary_fn>(&nd::name), nullptr});
    ND_UNARY_UFUNCS(ND_X)
#undef ND_X
    // NumPy's aliases.
    t.emplace("abs", t.at("absolute"));
    t.emplace("mod", t.at("remainder"));
    t.emplace("true_divide", t.at("divide"));
    t.emplace("conjugate", t.at("conj"));
    return t;
  }();
  return table;
}

const ufunc_entry& find_ufunc(const char* name, int nin) {
  require(name, "name");
  const auto& t = ufunc_table();
  auto it = t.find(name);
  if (it == t.end()) throw nd::value_error(std::string("[nd_ufunc] unknown ufunc '") + name + "'");
  if (it->second.nin() != nin)
    throw nd::value_error(std::string("[nd_ufunc] ") + name + " takes " + std::to_string(it->second.nin()) +
                          " input(s), got " + std::to_string(nin));
  return it->second;
}

nd::array call_ufunc(const char* name, nd_array* const* inputs, int nin, const nd::ufunc_options& opts) {
  const ufunc_entry& f = find_ufunc(name, nin);
  require(inputs, "inputs");
  if (nin == 1) return f.unary(arr(inputs[0], "inputs[0]"), opts);
  return f.binary(arr(inputs[0], "inputs[0]"), arr(inputs[1], "inputs[1]"), opts);
}

using reduce_fn = nd::array (*)(const nd::array&, const std::optional<std::vector<int64_t>>&, bool, int64_t);

const std::unordered_map<std::string_view, reduce_fn>& reduce_table() {
  static const std::unordered_map<std::string_view, reduce_fn> table = [] {
    std::unordered_map<std::string_view, reduce_fn> t;
#define ND_X(name)                                                                                   \
  t.emplace(#name, [](const nd::array& a, const std::optional<std::vector<int64_t>>& axes, bool keep, \
                      int64_t ddof) {                                                                 \
    nd::reduce_options o;                                                                            \
    o.axis = axes;                                                                                   \
    o.keepdims = keep;                                                                               \
    o.ddof = ddof;                                                                                   \
    return nd::name(a, o);                                                                           \
  });
    ND_REDUCTIONS(ND_X)
#undef ND_X
    t.emplace("all", t.at("alltrue"));
    t.emplace("count_nonzero",
              [](const nd::array& a, const std::optional<std::vector<int64_t>>& axes, bool keep, int64_t) {
                return nd::count_nonzero(a, axes, keep);
              });
    t.emplace("argmin", [](const nd::array& a, const std::optional<std::vector<int64_t>>& axes, bool keep, int64_t) {
      if (axes && axes->size() != 1)
        throw nd::value_error("[nd_reduce] argmin takes one axis or none, got " + std::to_string(axes->size()));
      return nd::argmin(a, axes ? std::optional<int64_t>(axes->front()) : std::nullopt, keep);
    });
    t.emplace("argmax", [](const nd::array& a, const std::optional<std::vector<int64_t>>& axes, bool keep, int64_t) {
      if (axes && axes->size() != 1)
        throw nd::value_error("[nd_reduce] argmax takes one axis or none, got " + std::to_string(axes->size()));
      return nd::argmax(a, axes ? std::optional<int64_t>(axes->front()) : std::nullopt, keep);
    });
    return t;
  }();
  return table;
}

nd_status reduce(const char* fn, const char* name, const nd_array* a, const int64_t* axes, int naxes, int keepdims,
                 int64_t ddof, nd_array** out) {
  return guard(fn, [&] {
    require(name, "name");
    const nd::array& x = arr(a, "a");
    require(out, "out");
    const auto& t = reduce_table();
    auto it = t.find(name);
    if (it == t.end()) throw nd::value_error(std::string("[nd_reduce] unknown reduction '") + name + "'");
    put(out, it->second(x, to_axes(axes, naxes), keepdims != 0, ddof));
  });
}

using fft1_fn = nd::array (*)(const nd::array&, std::optional<int64_t>, int64_t, nd::fft::norm_mode,
                              const std::optional<nd::array>&);

nd_status fft1(const char* fn, fft1_fn f, const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out) {
  return guard(fn, [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    const auto mode = norm ? nd::fft::parse_norm(norm) : nd::fft::norm_mode::backward;
    put(out, f(x, n > 0 ? std::optional<int64_t>(n) : std::nullopt, axis, mode, std::nullopt));
  });
}

using fftn_fn = nd::array (*)(const nd::array&, const std::optional<nd::fft::sizes_t>&,
                              const std::optional<nd::fft::axes_t>&, nd::fft::norm_mode,
                              const std::optional<nd::array>&);

nd_status fftn(const char* fn, fftn_fn f, const nd_array* a, const int64_t* axes, int naxes, const char* norm,
               nd_array** out) {
  return guard(fn, [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    const auto mode = norm ? nd::fft::parse_norm(norm) : nd::fft::norm_mode::backward;
    put(out, f(x, std::nullopt, to_axes(axes, naxes), mode, std::nullopt));
  });
}

}  // namespace

extern "C" {

nd_status nd_ufunc(const char* name, nd_array* const* inputs, int nin, nd_array** out) {
  return guard("nd_ufunc", [&] {
    require(out, "out");
    put(out, call_ufunc(name, inputs, nin, {}));
  });
}

nd_status nd_ufunc_into(const char* name, nd_array* const* inputs, int nin, nd_array* out) {
  return guard("nd_ufunc_into", [&] {
    nd::ufunc_options o;
    o.out = arr(out, "out");
    call_ufunc(name, inputs, nin, o);
  });
}

int nd_ufunc_exists(const char* name, int* nin) {
  if (name == nullptr) return 0;
  try {
    const auto& t = ufunc_table();
    auto it = t.find(name);
    if (it == t.end()) return 0;
    if (nin) *nin = it->second.nin();
    return 1;
  } catch (...) {
    return 0;
  }
}

nd_status nd_reduce(const char* name, const nd_array* a, const int64_t* axes, int naxes, int keepdims,
                    nd_array** out) {
  return reduce("nd_reduce", name, a, axes, naxes, keepdims, 0, out);
}

nd_status nd_reduce_ddof(const char* name, const nd_array* a, const int64_t* axes, int naxes, int keepdims,
                         int64_t ddof, nd_array** out) {
  return reduce("nd_reduce_ddof", name, a, axes, naxes, keepdims, ddof, out);
}

// ---- linear algebra ----

nd_status nd_matmul(const nd_array* a, const nd_array* b, nd_array** out) {
  return guard("nd_matmul", [&] {
    const nd::array &x = arr(a, "a"), &y = arr(b, "b");
    require(out, "out");
    put(out, nd::matmul(x, y));
  });
}

nd_status nd_dot(const nd_array* a, const nd_array* b, nd_array** out) {
  return guard("nd_dot", [&] {
    const nd::array &x = arr(a, "a"), &y = arr(b, "b");
    require(out, "out");
    put(out, nd::dot(x, y));
  });
}

nd_status nd_solve(const nd_array* a, const nd_array* b, nd_array** out) {
  return guard("nd_solve", [&] {
    const nd::array &x = arr(a, "a"), &y = arr(b, "b");
    require(out, "out");
    put(out, nd::linalg::solve(x, y));
  });
}

nd_status nd_inv(const nd_array* a, nd_array** out) {
  return guard("nd_inv", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    put(out, nd::linalg::inv(x));
  });
}

nd_status nd_det(const nd_array* a, nd_array** out) {
  return guard("nd_det", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    put(out, nd::linalg::det(x));
  });
}

nd_status nd_svd(const nd_array* a, int full_matrices, nd_array** u, nd_array** s, nd_array** vh) {
  return guard("nd_svd", [&] {
    const nd::array& x = arr(a, "a");
    require(s, "s");
    const bool uv = u != nullptr || vh != nullptr;
    if (uv) {
      require(u, "u");
      require(vh, "vh");
    }
    nd::linalg::svd_result r = nd::linalg::svd(x, full_matrices != 0, uv);
    // All handles are made before any is stored, so an error stores none.
    auto hs = std::make_unique<nd_array>(nd_array{std::move(r.S)});
    std::unique_ptr<nd_array> hu, hv;
    if (uv) {
      hu = std::make_unique<nd_array>(nd_array{std::move(r.U)});
      hv = std::make_unique<nd_array>(nd_array{std::move(r.Vh)});
      *u = hu.release();
      *vh = hv.release();
    }
    *s = hs.release();
  });
}

// ---- FFT ----

nd_status nd_fft(const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out) {
  return fft1("nd_fft", &nd::fft::fft, a, n, axis, norm, out);
}
nd_status nd_ifft(const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out) {
  return fft1("nd_ifft", &nd::fft::ifft, a, n, axis, norm, out);
}
nd_status nd_rfft(const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out) {
  return fft1("nd_rfft", &nd::fft::rfft, a, n, axis, norm, out);
}
nd_status nd_irfft(const nd_array* a, int64_t n, int axis, const char* norm, nd_array** out) {
  return fft1("nd_irfft", &nd::fft::irfft, a, n, axis, norm, out);
}
nd_status nd_fftn(const nd_array* a, const int64_t* axes, int naxes, const char* norm, nd_array** out) {
  return fftn("nd_fftn", &nd::fft::fftn, a, axes, naxes, norm, out);
}
nd_status nd_ifftn(const nd_array* a, const int64_t* axes, int naxes, const char* norm, nd_array** out) {
  return fftn("nd_ifftn", &nd::fft::ifftn, a, axes, naxes, norm, out);
}

}  // extern "C"

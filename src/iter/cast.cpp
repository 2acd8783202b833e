#include "iter/cast.hpp"

#include <array>
#include <cstring>

#include "iter/convert.hpp"

namespace nd::detail {
namespace {

template <class To, class From>
void cast_inner(char** data, const int64_t* strides, int64_t n) {
  char* dst = data[0];
  const char* src = data[1];
  const int64_t ds = strides[0], ss = strides[1];
  if constexpr (std::is_same_v<To, From>) {
    if (ds == static_cast<int64_t>(sizeof(To)) && ss == ds) {
      std::memmove(dst, src, static_cast<size_t>(n) * sizeof(To));
      return;
    }
    // Same dtype: copy bytes as they are (whatever a bool byte holds).
    for (int64_t i = 0; i < n; ++i, dst += ds, src += ss) std::memcpy(dst, src, sizeof(To));
    return;
  }
  const bool aligned = reinterpret_cast<uintptr_t>(dst) % alignof(To) == 0 &&
                       reinterpret_cast<uintptr_t>(src) % alignof(From) == 0;
  if (!std::is_same_v<From, bool> && aligned && ds == static_cast<int64_t>(sizeof(To)) &&
      ss == static_cast<int64_t>(sizeof(From))) {
    To* d = reinterpret_cast<To*>(dst);
    const From* s = reinterpret_cast<const From*>(src);
    for (int64_t i = 0; i < n; ++i) d[i] = convert<To>(s[i]);
    return;
  }
  for (int64_t i = 0; i < n; ++i, dst += ds, src += ss) {
    To r = convert<To>(load_element<From>(src));
    std::memcpy(dst, &r, sizeof(To));
  }
}

using row = std::array<loop_fn, num_dtypes>;

template <class To>
row make_row() {
  row r{};
  for (int f = 0; f < num_dtypes; ++f)
    r[f] = visit_dtype(dtype(static_cast<dtype_id>(f)),
                       [](auto tag) -> loop_fn { return &cast_inner<To, typename decltype(tag)::type>; });
  return r;
}

const std::array<row, num_dtypes>& table() {
  static const std::array<row, num_dtypes> t = [] {
    std::array<row, num_dtypes> out{};
    for (int to = 0; to < num_dtypes; ++to)
      out[to] = visit_dtype(dtype(static_cast<dtype_id>(to)),
                            [](auto tag) { return make_row<typename decltype(tag)::type>(); });
    return out;
  }();
  return t;
}

}  // namespace

loop_fn cast_loop(dtype from, dtype to) { return table()[to.index()][from.index()]; }

}  // namespace nd::detail

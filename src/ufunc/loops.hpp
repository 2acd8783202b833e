#pragma once
// The inner-loop templates every ufunc instantiates per dtype, and the table builder.
// Included by the translation units that define ufuncs (binary.cpp, unary.cpp), so the
// instantiations compile in parallel.
#include <cstring>
#include <type_traits>

#include "ufunc/engine.hpp"
#include "ufunc/ops.hpp"

namespace nd::detail {

// float16 is computed in float and rounded once on the way out.
template <class T>
using compute_t = std::conditional_t<std::is_same_v<T, float16_t>, float, T>;

template <class Op>
constexpr bool native_half_v = requires { Op::native_half; };

// Each loop is compiled for baseline x86-64, AVX2 and AVX-512 and picked at load time
// (GCC function multi-versioning): one binary, the widest vectors the CPU has.
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define ND_MULTIVERSION __attribute__((target_clones("default", "avx2", "arch=x86-64-v4")))
#else
#define ND_MULTIVERSION
#endif

template <class Op, class T>
ND_MULTIVERSION void binary_loop(char** data, const int64_t* s, int64_t n) {
  using C = std::conditional_t<native_half_v<Op>, T, compute_t<T>>;
  using R = typename Op::template out<T>;
  char *o = data[0], *a = data[1], *b = data[2];
  if constexpr (!std::is_same_v<T, bool> && std::is_same_v<T, C>) {
    // Contiguous and scalar-broadcast forms as plain typed loops the compiler vectorises.
    const bool aligned = reinterpret_cast<uintptr_t>(o) % alignof(R) == 0 &&
                         reinterpret_cast<uintptr_t>(a) % alignof(T) == 0 &&
                         reinterpret_cast<uintptr_t>(b) % alignof(T) == 0;
    if (aligned && s[0] == sizeof(R) && s[1] == sizeof(T)) {
      R* out = reinterpret_cast<R*>(o);
      const T* x = reinterpret_cast<const T*>(a);
      if (s[2] == sizeof(T)) {
        const T* y = reinterpret_cast<const T*>(b);
        for (int64_t i = 0; i < n; ++i) out[i] = Op::template call<T>(x[i], y[i]);
        return;
      }
      if (s[2] == 0) {
        const T y = *reinterpret_cast<const T*>(b);
        for (int64_t i = 0; i < n; ++i) out[i] = Op::template call<T>(x[i], y);
        return;
      }
    }
  }
  for (int64_t i = 0; i < n; ++i, o += s[0], a += s[1], b += s[2]) {
    const C x = static_cast<C>(load_element<T>(a)), y = static_cast<C>(load_element<T>(b));
    const R r = static_cast<R>(Op::template call<C>(x, y));
    std::memcpy(o, &r, sizeof(R));
  }
}

template <class Op, class T>
ND_MULTIVERSION void unary_loop(char** data, const int64_t* s, int64_t n) {
  using C = compute_t<T>;
  using R = typename Op::template out<T>;
  char *o = data[0], *a = data[1];
  if constexpr (!std::is_same_v<T, bool> && std::is_same_v<T, C>) {
    const bool aligned = reinterpret_cast<uintptr_t>(o) % alignof(R) == 0 &&
                         reinterpret_cast<uintptr_t>(a) % alignof(T) == 0;
    if (aligned && s[0] == sizeof(R) && s[1] == sizeof(T)) {
      R* out = reinterpret_cast<R*>(o);
      const T* x = reinterpret_cast<const T*>(a);
      for (int64_t i = 0; i < n; ++i) out[i] = Op::template call<T>(x[i]);
      return;
    }
  }
  for (int64_t i = 0; i < n; ++i, o += s[0], a += s[1]) {
    const R r = static_cast<R>(Op::template call<C>(static_cast<C>(load_element<T>(a))));
    std::memcpy(o, &r, sizeof(R));
  }
}


template <class Op, int Nin>
ufunc_def make_def(const char* name, const char* bool_error = nullptr) {
  ufunc_def d{name, Nin, {}, bool_error, int_to_double_v<Op>, comparison_v<Op>};
  for (int i = 0; i < num_dtypes; ++i)
    visit_dtype(dtype(static_cast<dtype_id>(i)), [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (Op::template ok<T>) {
        if constexpr (Nin == 2) d.loops[i].fn = &binary_loop<Op, T>;
        else d.loops[i].fn = &unary_loop<Op, T>;
        d.loops[i].out = dtype_of<typename Op::template out<T>>();
      }
    });
  return d;
}


/// The table of a ufunc, built once.
template <class Op, int Nin>
const ufunc_def& def_of(const char* name) {
  static const ufunc_def d = make_def<Op, Nin>(name, bool_error(name));
  return d;
}

}  // namespace nd::detail

#pragma once
/// Runtime dtypes as NumPy's, generated from one X-macro list: names, item sizes, kinds,
/// NEP 50 promotion, result_type with weak Python-like scalars, and can_cast.
#include <complex>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

#include "nd/export.hpp"
#include "nd/float16.hpp"

namespace nd {

// X(enumerator, C++ type, NumPy name, kind, NumPy type char)
#define ND_DTYPES(X)                                 \
  X(bool_, bool, "bool", 'b', '?')                   \
  X(int8, int8_t, "int8", 'i', 'b')                  \
  X(int16, int16_t, "int16", 'i', 'h')               \
  X(int32, int32_t, "int32", 'i', 'i')               \
  X(int64, int64_t, "int64", 'i', 'l')               \
  X(uint8, uint8_t, "uint8", 'u', 'B')               \
  X(uint16, uint16_t, "uint16", 'u', 'H')            \
  X(uint32, uint32_t, "uint32", 'u', 'I')            \
  X(uint64, uint64_t, "uint64", 'u', 'L')            \
  X(float16, ::nd::float16_t, "float16", 'f', 'e')  \
  X(float32, float, "float32", 'f', 'f')             \
  X(float64, double, "float64", 'f', 'd')            \
  X(complex64, std::complex<float>, "complex64", 'c', 'F') \
  X(complex128, std::complex<double>, "complex128", 'c', 'D')

enum class dtype_id : uint8_t {
#define ND_X(e, T, name, kind, ch) e,
  ND_DTYPES(ND_X)
#undef ND_X
};

inline constexpr int num_dtypes = 0
#define ND_X(e, T, name, kind, ch) +1
    ND_DTYPES(ND_X)
#undef ND_X
    ;

/// How strictly a cast is checked, as NumPy's `casting=` argument.
enum class casting { no, equiv, safe, same_kind, unsafe };

class ND_API dtype {
 public:
  constexpr dtype() = default;  // float64, NumPy's default
  constexpr dtype(dtype_id id) : id_(id) {}  // NOLINT: dtype_id converts implicitly

  constexpr dtype_id id() const { return id_; }
  constexpr int index() const { return static_cast<int>(id_); }
  /// NumPy's name: "float64", "bool", "complex128".
  std::string_view name() const;
  std::string str() const { return std::string(name()); }
  int64_t itemsize() const;
  /// NumPy's kind character: 'b', 'i', 'u', 'f', 'c'.
  char kind() const;
  /// NumPy's single-character type code: '?', 'b', 'q', 'd', ...
  char char_code() const;

  constexpr bool is_bool() const { return id_ == dtype_id::bool_; }
  bool is_signed_integer() const { return kind() == 'i'; }
  bool is_unsigned_integer() const { return kind() == 'u'; }
  bool is_integer() const { return kind() == 'i' || kind() == 'u'; }
  bool is_floating() const { return kind() == 'f'; }
  bool is_complex() const { return kind() == 'c'; }
  bool is_inexact() const { return is_floating() || is_complex(); }

  /// Parses a NumPy name, type char or array-protocol string: "float64", "f8", "<f8", "d", "?".
  static dtype from_string(std::string_view s);

  friend constexpr bool operator==(dtype a, dtype b) { return a.id_ == b.id_; }

 private:
  dtype_id id_ = dtype_id::float64;
};

#define ND_X(e, T, name, kind, ch) inline constexpr dtype e{dtype_id::e};
ND_DTYPES(ND_X)
#undef ND_X

/// The C++ element type of a dtype.
template <dtype_id Id>
struct dtype_type;
#define ND_X(e, T, name, kind, ch) \
  template <>                      \
  struct dtype_type<dtype_id::e> { \
    using type = T;                \
  };
ND_DTYPES(ND_X)
#undef ND_X
template <dtype_id Id>
using dtype_type_t = typename dtype_type<Id>::type;

/// True for the C++ types that are nd element types.
template <class T>
inline constexpr bool is_element_type_v = false;
#define ND_X(e, T, name, kind, ch) \
  template <>                      \
  inline constexpr bool is_element_type_v<T> = true;
ND_DTYPES(ND_X)
#undef ND_X

/// The dtype of a C++ element type: dtype_of<double>() == nd::float64.
template <class T>
constexpr dtype dtype_of() {
  using U = std::remove_cv_t<T>;
  static_assert(is_element_type_v<U>, "not an nd element type");
#define ND_X(e, Ty, name, kind, ch) \
  if constexpr (std::is_same_v<U, Ty>) return dtype{dtype_id::e};
  ND_DTYPES(ND_X)
#undef ND_X
  return dtype{};
}

template <class T>
struct type_tag {
  using type = T;
};

/// Calls f(type_tag<T>{}) with the element type of `dt`; the dtype is switched on once.
template <class F>
decltype(auto) visit_dtype(dtype dt, F&& f) {
  switch (dt.id()) {
#define ND_X(e, T, name, kind, ch) \
  case dtype_id::e:                \
    return f(type_tag<T>{});
    ND_DTYPES(ND_X)
#undef ND_X
  }
  __builtin_unreachable();
}

/// NumPy's promote_types: the smallest dtype both can be cast to safely.
ND_API dtype promote_types(dtype a, dtype b);

/// NumPy's can_cast(from, to, casting) for dtypes.
ND_API bool can_cast(dtype from, dtype to, casting rule = casting::safe);

/// An operand of result_type: a dtype (strong) or a Python-like scalar kind (weak, NEP 50).
struct ND_API type_operand {
  enum class weak_kind : uint8_t { none, integer, floating, complex };
  dtype dt{};
  weak_kind weak = weak_kind::none;

  constexpr type_operand(dtype d) : dt(d) {}  // NOLINT
  constexpr type_operand(dtype_id d) : dt(d) {}  // NOLINT
  static constexpr type_operand weak_int() { return type_operand(weak_kind::integer); }
  static constexpr type_operand weak_float() { return type_operand(weak_kind::floating); }
  static constexpr type_operand weak_complex() { return type_operand(weak_kind::complex); }

 private:
  constexpr explicit type_operand(weak_kind k) : weak(k) {}
};

/// NumPy 2 result_type: strong dtypes promote; weak scalars only raise the kind.
ND_API dtype result_type(std::initializer_list<type_operand> ops);

ND_API std::string_view casting_name(casting c);

}  // namespace nd

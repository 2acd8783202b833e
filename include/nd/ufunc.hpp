#pragma once
/// Universal functions with NumPy's semantics: broadcasting, NEP 50 type resolution
/// (C++ scalars are weak, like Python scalars), `out=`, `dtype=` and `casting=`.
#include <optional>
#include <utility>

#include "nd/ndarray.hpp"

namespace nd {

/// A ufunc argument: an array (its dtype counts) or a C++ scalar, which is weak as a Python
/// scalar is under NEP 50: `int8_array + 300` stays int8 (and 300 must fit), `f32 + 1.5` stays float32.
class ND_API operand {
 public:
  // An operand refers to the array it was made from (no copy): it is meant as a parameter
  // type, living no longer than the call it is passed to.
  operand(const array& a) : ref_(&a) {}  // NOLINT: arrays convert implicitly
  template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
  operand(T v) : own_(std::in_place, v), weak_(weak_kind_of<T>()) {}  // NOLINT: scalars convert implicitly
  operand(const operand& o) : ref_(o.ref_), own_(o.own_), weak_(o.weak_) {}
  operand& operator=(const operand&) = delete;

  const array& value() const { return ref_ ? *ref_ : *own_; }
  bool is_weak() const { return weak_ != type_operand::weak_kind::none; }
  type_operand type() const;

 private:
  template <class T>
  static constexpr type_operand::weak_kind weak_kind_of() {
    using E = element_t<T>;
    if constexpr (std::is_same_v<E, bool>) return type_operand::weak_kind::none;  // Python bools are strong
    else if constexpr (std::is_integral_v<E>) return type_operand::weak_kind::integer;
    else if constexpr (std::is_floating_point_v<E> || std::is_same_v<E, float16_t>) return type_operand::weak_kind::floating;
    else return type_operand::weak_kind::complex;
  }
  const array* ref_ = nullptr;
  std::optional<array> own_;
  type_operand::weak_kind weak_ = type_operand::weak_kind::none;
};

/// NumPy's ufunc keywords. `out` is written in place (it may alias an input); `dtype`
/// picks the loop; `casting` checks the input and output casts.
struct ufunc_options {
  std::optional<array> out;
  /// Computes only where the mask (broadcast to the output) is true; other output elements
  /// keep what `out` held, or are zero in a new output (NumPy leaves them uninitialised).
  std::optional<array> where;
  std::optional<nd::dtype> dtype;
  nd::casting casting = nd::casting::same_kind;
};

/// What a floating-point exception in a ufunc does. NumPy's default is to warn; C++ has no
/// warnings, so nd's default is to ignore (results are IEEE: inf, nan, 0), and any kind can
/// be made to raise nd::floating_point_error instead.
enum class fp_mode : uint8_t { ignore, raise };
struct errstate {
  fp_mode divide = fp_mode::ignore;
  fp_mode over = fp_mode::ignore;
  fp_mode under = fp_mode::ignore;
  fp_mode invalid = fp_mode::ignore;
};
/// The calling thread's error state (each thread has its own, as NumPy's is per context).
ND_API errstate geterr();
ND_API void seterr(const errstate& e);
/// Sets the error state for a scope, like `with np.errstate(...)`.
class ND_API scoped_errstate {
 public:
  explicit scoped_errstate(const errstate& e) : saved_(geterr()) { seterr(e); }
  ~scoped_errstate() { seterr(saved_); }
  scoped_errstate(const scoped_errstate&) = delete;
  scoped_errstate& operator=(const scoped_errstate&) = delete;

 private:
  errstate saved_;
};

// The ufuncs, each declared from one list (name, number of inputs).
#define ND_BINARY_UFUNCS(X)                                                                      \
  X(add) X(subtract) X(multiply) X(divide) X(floor_divide) X(remainder) X(fmod) X(power)         \
  X(float_power) X(maximum) X(minimum) X(fmax) X(fmin) X(equal) X(not_equal) X(less)             \
  X(less_equal) X(greater) X(greater_equal) X(logical_and) X(logical_or) X(logical_xor)          \
  X(bitwise_and) X(bitwise_or) X(bitwise_xor) X(left_shift) X(right_shift) X(arctan2) X(hypot)   \
  X(copysign) X(nextafter) X(logaddexp) X(logaddexp2)
#define ND_UNARY_UFUNCS(X)                                                                       \
  X(negative) X(positive) X(absolute) X(fabs) X(sign) X(reciprocal) X(square) X(sqrt) X(cbrt)    \
  X(conj) X(exp) X(exp2) X(expm1) X(log) X(log2) X(log10) X(log1p) X(sin) X(cos) X(tan)         \
  X(arcsin) X(arccos) X(arctan) X(sinh) X(cosh) X(tanh) X(arcsinh) X(arccosh) X(arctanh)         \
  X(deg2rad) X(rad2deg) X(floor) X(ceil) X(trunc) X(rint) X(isnan) X(isinf) X(isfinite)          \
  X(signbit) X(logical_not) X(invert)

#define ND_X(name) ND_API array name(const operand& a, const operand& b, const ufunc_options& opts = {});
ND_BINARY_UFUNCS(ND_X)
#undef ND_X
#define ND_X(name) ND_API array name(const operand& a, const ufunc_options& opts = {});
ND_UNARY_UFUNCS(ND_X)
#undef ND_X

/// (floor_divide(a, b), remainder(a, b)).
ND_API std::pair<array, array> divmod(const operand& a, const operand& b);
/// Round half to even at `decimals` digits (negative: to tens, hundreds...), as np.round.
ND_API array round(const operand& a, int decimals = 0);
/// |a - b| <= atol + rtol * |b|, elementwise; infinities equal when they have the same sign.
ND_API array isclose(const operand& a, const operand& b, double rtol = 1e-05, double atol = 1e-08,
                     bool equal_nan = false);
ND_API bool allclose(const operand& a, const operand& b, double rtol = 1e-05, double atol = 1e-08,
                     bool equal_nan = false);
/// Same shape and equal elements (NaNs equal only with equal_nan).
ND_API bool array_equal(const array& a, const array& b, bool equal_nan = false);
/// x where cond is true, else y; all three broadcast, the dtype is result_type(x, y).
ND_API array where(const array& cond, const operand& x, const operand& y);
/// minimum(maximum(a, lo), hi) with NaN propagation, as np.clip.
ND_API array clip(const operand& a, const operand& lo, const operand& hi);

/// NumPy's aliases.
inline array true_divide(const operand& a, const operand& b, const ufunc_options& o = {}) { return divide(a, b, o); }
inline array mod(const operand& a, const operand& b, const ufunc_options& o = {}) { return remainder(a, b, o); }
inline array abs(const operand& a, const ufunc_options& o = {}) { return absolute(a, o); }

// C++ operators, as NumPy's Python operators (`/` is true division, `%` is remainder).
ND_API array operator+(const operand& a, const operand& b);
ND_API array operator-(const operand& a, const operand& b);
ND_API array operator*(const operand& a, const operand& b);
ND_API array operator/(const operand& a, const operand& b);
ND_API array operator%(const operand& a, const operand& b);
ND_API array operator==(const array& a, const operand& b);
ND_API array operator!=(const array& a, const operand& b);
ND_API array operator<(const operand& a, const operand& b);
ND_API array operator<=(const operand& a, const operand& b);
ND_API array operator>(const operand& a, const operand& b);
ND_API array operator>=(const operand& a, const operand& b);
ND_API array operator&(const operand& a, const operand& b);
ND_API array operator|(const operand& a, const operand& b);
ND_API array operator^(const operand& a, const operand& b);
ND_API array operator-(const array& a);
ND_API array operator~(const array& a);
/// In place, with NumPy's same_kind rule: `int_array += 1.5` is a dtype_error.
ND_API array& operator+=(array& a, const operand& b);
ND_API array& operator-=(array& a, const operand& b);
ND_API array& operator*=(array& a, const operand& b);
ND_API array& operator/=(array& a, const operand& b);

}  // namespace nd

// Functions NumPy builds from ufuncs: divmod, round, isclose, allclose, array_equal,
// where, clip.
#include <fmt/format.h>

#include <cmath>

#include "nd/creation.hpp"
#include "nd/ufunc.hpp"
#include "nd/views.hpp"
#include "ufunc/select.hpp"

namespace nd {
namespace {

bool all_true(const array& b) {
  array c = ascontiguousarray(b.dtype() == bool_ ? b : b.astype(bool_));
  const auto* p = static_cast<const unsigned char*>(c.raw_data());
  for (int64_t i = 0; i < c.size(); ++i)
    if (!p[i]) return false;
  return true;
}

}  // namespace

std::pair<array, array> divmod(const operand& a, const operand& b) {
  return {floor_divide(a, b), remainder(a, b)};
}

array round(const operand& a, int decimals) {
  const array& x = a.value();
  if (x.dtype().is_bool() || (x.dtype().is_integer() && decimals >= 0)) return x.copy();
  if (x.dtype().is_integer()) {
    // Negative decimals on integers: scale in float64, round half to even, scale back.
    const double f = std::pow(10.0, -decimals);
    return multiply(rint(divide(x, f)), f).astype(x.dtype());
  }
  if (decimals == 0) return rint(x);
  // As NumPy: multiply (or divide) by a power of ten in the array's precision, rint, undo.
  if (decimals > 0) {
    const double f = std::pow(10.0, decimals);
    return divide(rint(multiply(x, f)), f);
  }
  const double f = std::pow(10.0, -decimals);
  return multiply(rint(divide(x, f)), f);
}

array isclose(const operand& a, const operand& b, double rtol, double atol, bool equal_nan) {
  // Integers compare in float64; the tolerances are weak scalars, so float32 stays float32.
  dtype dt = result_type({a.type(), b.type(), type_operand::weak_float()});
  auto as = [&](const operand& o) { return o.is_weak() ? full({}, o.value(), dt) : o.value().astype(dt); };
  const array x = as(a), y = as(b);
  array close = less_equal(absolute(subtract(x, y)), add(multiply(absolute(y), rtol), atol));
  array result = logical_or(logical_and(close, isfinite(y)), equal(x, y));
  if (equal_nan) result = logical_or(result, logical_and(isnan(x), isnan(y)));
  return result;
}

bool allclose(const operand& a, const operand& b, double rtol, double atol, bool equal_nan) {
  return all_true(isclose(a, b, rtol, atol, equal_nan));
}

bool array_equal(const array& a, const array& b, bool equal_nan) {
  if (a.shape() != b.shape()) return false;
  array eq = equal(a, b);
  if (equal_nan && (a.dtype().is_inexact() || b.dtype().is_inexact()))
    eq = logical_or(eq, logical_and(isnan(a), isnan(b)));
  return all_true(eq);
}

array where(const array& cond, const operand& x, const operand& y) {
  const dtype dt = result_type({x.type(), y.type()});
  const array xa = x.value().astype(dt, casting::unsafe, false), ya = y.value().astype(dt, casting::unsafe, false);
  array out = empty(broadcast_shapes({cond.shape(), xa.shape(), ya.shape()}, "where"), dt);
  detail::select_into(out, cond, xa, ya);
  return out;
}

namespace {
// Whether a weak integer bound lies beyond an integer dtype's range on the given side
// (NumPy then drops that bound instead of raising).
bool beyond(const operand& bound, dtype dt, bool below) {
  if (!bound.is_weak() || !dt.is_integer() || !bound.value().dtype().is_integer()) return false;
  const bool neg = bound.value().dtype().is_signed_integer() && bound.value().item<int64_t>() < 0;
  if (below) {
    if (dt.is_unsigned_integer()) return neg || bound.value().item<uint64_t>() == 0;
    const int64_t min = dt.itemsize() == 8 ? INT64_MIN : -(int64_t{1} << (dt.itemsize() * 8 - 1));
    return neg && bound.value().item<int64_t>() <= min;
  }
  if (neg) return false;
  const uint64_t v = bound.value().item<uint64_t>();
  const int bits = static_cast<int>(dt.itemsize() * 8) - (dt.is_signed_integer() ? 1 : 0);
  return bits >= 64 ? v == UINT64_MAX : v >= (uint64_t{1} << bits) - 1;
}
}  // namespace

array clip(const operand& a, const operand& lo, const operand& hi) {
  const bool skip_lo = !a.is_weak() && beyond(lo, a.value().dtype(), true);
  const bool skip_hi = !a.is_weak() && beyond(hi, a.value().dtype(), false);
  const dtype dt = result_type({a.type(), skip_lo ? a.type() : lo.type(), skip_hi ? a.type() : hi.type()});
  ufunc_options o;
  o.dtype = dt;
  array r = skip_lo ? a.value().astype(dt) : maximum(a, lo, o);
  return skip_hi ? r : minimum(r, hi, o);
}

}  // namespace nd

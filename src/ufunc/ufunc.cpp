// The ufunc engine: type resolution (NEP 50), operand casting, output checks and
// overlap handling, then one strided inner loop per call, chosen by dtype.
#include "nd/ufunc.hpp"

#include <fmt/format.h>

#include <array>
#include <cfenv>
#include <limits>

#include "core/layout.hpp"
#include "iter/cast.hpp"
#include "iter/strided_iter.hpp"
#include "nd/creation.hpp"
#include "nd/views.hpp"
#include "ufunc/engine.hpp"
#include "ufunc/select.hpp"

namespace nd {

namespace {
thread_local errstate t_errstate;
}  // namespace
errstate geterr() { return t_errstate; }
void seterr(const errstate& e) { t_errstate = e; }

namespace detail {
namespace {

bool any_raise(const errstate& e) {
  return e.divide == fp_mode::raise || e.over == fp_mode::raise || e.under == fp_mode::raise ||
         e.invalid == fp_mode::raise;
}

// Runs the loop on this thread with the FP flags cleared, then raises what the state asks for.
void run_checked(const strided_iter& it, loop_fn fn, const char* name) {
  const errstate e = t_errstate;
  std::feclearexcept(FE_ALL_EXCEPT);
  it.run(fn);
  const int flags = std::fetestexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID);
  auto check = [&](int flag, fp_mode m, const char* what) {
    if ((flags & flag) && m == fp_mode::raise)
      throw floating_point_error(fmt::format("[{}] {} encountered in {}", name, what, name));
  };
  check(FE_DIVBYZERO, e.divide, "divide by zero");
  check(FE_INVALID, e.invalid, "invalid value");
  check(FE_OVERFLOW, e.over, "overflow");
  check(FE_UNDERFLOW, e.under, "underflow");
}

}  // namespace

// Everything one call needs after resolution.
struct resolved_call {
  dtype loop_type;
  loop_entry loop;
};

namespace {

resolved_call resolve(const ufunc_def& def, const operand* ins, const std::optional<dtype>& forced,
                      casting rule) {
  auto types_str = [&] {
    std::string s;
    for (int i = 0; i < def.nin; ++i) {
      if (i) s += " and ";
      s += ins[i].is_weak() ? fmt::format("a Python-like {} scalar", ins[i].value().dtype().kind() == 'i'
                                                                        ? "int"
                                                                        : ins[i].value().dtype().kind() == 'f' ? "float"
                                                                                                                 : "complex")
                            : std::string(ins[i].value().dtype().name());
    }
    return s;
  };
  if (forced) {
    if (!def.loops[forced->index()].fn)
      throw dtype_error(fmt::format("[{}] no loop for dtype={}", def.name, forced->name()));
    for (int i = 0; i < def.nin; ++i)
      if (!ins[i].is_weak() && !can_cast(ins[i].value().dtype(), *forced, rule))
        throw dtype_error(fmt::format("[{}] Cannot cast ufunc '{}' input {} from dtype('{}') to dtype('{}') with "
                                      "casting rule '{}'",
                                      def.name, def.name, i, ins[i].value().dtype().name(), forced->name(),
                                      casting_name(rule)));
    return {*forced, def.loops[forced->index()]};
  }
  // The common case first: array operands of one dtype that has its own loop. kLoopOrder lists
  // every type before all the types it casts to safely, so the search below would pick it too.
  if (!ins[0].is_weak() && (def.nin == 1 || (!ins[1].is_weak() && ins[1].value().dtype() == ins[0].value().dtype()))) {
    const dtype t = ins[0].value().dtype();
    if (def.loops[t.index()].fn && !(t.is_bool() && def.bool_error) && !(def.int_to_double && !t.is_inexact()))
      return {t, def.loops[t.index()]};
  }
  // NEP 50: a weak scalar takes the dtype it would promote to with the strong operands;
  // then NumPy's linear search: the first loop every input casts to safely.
  type_operand strong[2] = {bool_, bool_};
  int nstrong = 0;
  for (int i = 0; i < def.nin; ++i)
    if (!ins[i].is_weak()) strong[nstrong++] = ins[i].value().dtype();
  dtype types[2];
  for (int i = 0; i < def.nin; ++i) {
    if (!ins[i].is_weak()) types[i] = ins[i].value().dtype();
    else if (nstrong == 0) types[i] = result_type({ins[i].type()});
    else if (nstrong == 1) types[i] = result_type({strong[0], ins[i].type()});
    else types[i] = result_type({strong[0], strong[1], ins[i].type()});
  }
  bool all_bool = true, all_exact = true;
  for (int i = 0; i < def.nin; ++i) {
    all_bool = all_bool && types[i].is_bool();
    all_exact = all_exact && !types[i].is_inexact();
  }
  if (all_bool && def.bool_error) throw dtype_error(fmt::format("[{}] {}", def.name, def.bool_error));
  if (def.int_to_double && all_exact) return {float64, def.loops[float64.index()]};
  for (dtype_id id : kLoopOrder) {
    const dtype cand(id);
    if (!def.loops[cand.index()].fn) continue;
    bool fits = true;
    for (int i = 0; i < def.nin; ++i) fits = fits && can_cast(types[i], cand, casting::safe);
    if (fits) return {cand, def.loops[cand.index()]};
  }
  throw dtype_error(fmt::format("[{}] ufunc '{}' not supported for the input types ({}), and the inputs could not be "
                                "safely coerced to any supported types according to the casting rule ''safe''",
                                def.name, def.name, types_str()));
}

// A weak scalar converted to the loop type; Python ints must fit an integer loop type.
// A Python scalar (a 0-d array) as a 0-d array of the loop type t, converted by the cast
// loop astype uses, without astype's layout and iterator set-up (it costs more than a small
// ufunc call).
array weak_scalar_as(const array& v, dtype t) {
  array r(shape_t{}, t);
  char* data[2] = {static_cast<char*>(r.mutable_data()), const_cast<char*>(static_cast<const char*>(v.raw_data()))};
  const int64_t strides[2] = {0, 0};
  cast_loop(v.dtype(), t)(data, strides, 1);
  return r;
}

array weak_to(const operand& op, dtype t, const char* name) {
  const array& v = op.value();
  if (t.is_integer() && v.dtype().is_integer()) {
    bool fits;
    if (v.dtype() == uint64) {
      const uint64_t x = v.item<uint64_t>();
      fits = t == uint64 || x <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
      if (fits && t != uint64 && t != int64) {
        const int64_t bits = t.itemsize() * 8;
        fits = t.is_unsigned_integer() ? x < (uint64_t{1} << bits) : x < (uint64_t{1} << (bits - 1));
      }
      if (!fits) throw value_error(fmt::format("[{}] Python integer {} out of bounds for {}", name, x, t.name()));
    } else {
      const int64_t x = v.item<int64_t>();
      const int64_t bits = t.itemsize() * 8;
      if (t.is_unsigned_integer()) fits = x >= 0 && (bits == 64 || x < (int64_t{1} << bits));
      else fits = bits == 64 || (x >= -(int64_t{1} << (bits - 1)) && x < (int64_t{1} << (bits - 1)));
      if (!fits) throw value_error(fmt::format("[{}] Python integer {} out of bounds for {}", name, x, t.name()));
    }
  }
  return v.ndim() == 0 ? weak_scalar_as(v, t) : v.astype(t);
}

}  // namespace

array run(const ufunc_def& def, const operand* ins, const ufunc_options& opts) {
  if (opts.where) {
    // Compute everything, then write through the mask (pure ufuncs: unmasked results are discarded).
    ufunc_options plain = opts;
    plain.where.reset();
    plain.out.reset();
    if (opts.out) plain.dtype = opts.dtype;
    array full = run(def, ins, plain);
    array target = opts.out ? *opts.out : zeros(full.shape(), full.dtype());
    if (opts.out && !can_cast(full.dtype(), target.dtype(), opts.casting))
      throw dtype_error(fmt::format("[{}] Cannot cast ufunc '{}' output from dtype('{}') to dtype('{}') with casting "
                                    "rule '{}'",
                                    def.name, def.name, full.dtype().name(), target.dtype().name(),
                                    casting_name(opts.casting)));
    masked_assign(target, full, *opts.where, def.name);
    return target;
  }
  const resolved_call rc = resolve(def, ins, opts.dtype, opts.casting);
  if (def.comparison && !opts.dtype && rc.loop_type.is_integer()) {
    // NumPy compares integers with any Python int by value: an out-of-range scalar is
    // compared in a wider type instead of raising.
    for (int i = 0; i < def.nin; ++i) {
      if (!ins[i].is_weak() || !ins[i].value().dtype().is_integer()) continue;
      try {
        weak_to(ins[i], rc.loop_type, def.name);
      } catch (const value_error&) {
        ufunc_options wide = opts;
        wide.dtype = rc.loop_type == uint64 ? float64 : int64;
        wide.casting = casting::unsafe;
        return run(def, ins, wide);
      }
    }
  }
  // Operands are used in place unless they need converting or broadcasting: a small call
  // should cost little more than its loop.
  std::optional<array> converted[2], broadcast[2];
  const array* args[2] = {nullptr, nullptr};
  for (int i = 0; i < def.nin; ++i) {
    args[i] = &ins[i].value();
    if (ins[i].is_weak()) args[i] = &converted[i].emplace(weak_to(ins[i], rc.loop_type, def.name));
    if (args[i]->dtype() != rc.loop_type) args[i] = &converted[i].emplace(args[i]->astype(rc.loop_type));
  }
  std::optional<shape_t> broadcast_shape;
  if (def.nin == 2 && args[0]->shape() != args[1]->shape())
    broadcast_shape = broadcast_shapes({args[0]->shape(), args[1]->shape()}, def.name);
  const shape_t* shape = broadcast_shape ? &*broadcast_shape : &args[0]->shape();
  bool direct = false;
  // Built in place: a default-constructed array would allocate only to be overwritten.
  array out = [&] {
    if (!opts.out) return empty(*shape, rc.loop.out);
    const array& o = *opts.out;
    if (o.shape() != *shape && broadcast_shapes({*shape, o.shape()}, def.name) != o.shape())
      throw shape_error(fmt::format("[{}] non-broadcastable output operand with shape {} doesn't match the broadcast "
                                    "shape {}",
                                    def.name, shape_str(o.shape()), shape_str(*shape)));
    if (!can_cast(rc.loop.out, o.dtype(), opts.casting))
      throw dtype_error(fmt::format("[{}] Cannot cast ufunc '{}' output from dtype('{}') to dtype('{}') with casting "
                                    "rule '{}'",
                                    def.name, def.name, rc.loop.out.name(), o.dtype().name(), casting_name(opts.casting)));
    if (!o.writeable()) throw readonly_error(fmt::format("[{}] output array is read-only", def.name));
    direct = o.dtype() == rc.loop.out;
    return direct ? o : empty(o.shape(), rc.loop.out);
  }();
  // Inputs seen with the output's shape; an input that overlaps the output other than
  // element-for-element is read from a copy.
  const array* views[2] = {nullptr, nullptr};
  for (int i = 0; i < def.nin; ++i) {
    views[i] = args[i]->shape() == out.shape() ? args[i] : &broadcast[i].emplace(broadcast_to(*args[i], out.shape()));
    if (direct && may_overlap(*views[i], out) && !same_layout(*views[i], out))
      views[i] = &broadcast[i].emplace(broadcast_to(args[i]->copy(), out.shape()));
  }
  const strides_t* strides[2] = {&views[0]->strides(), def.nin == 2 ? &views[1]->strides() : nullptr};
  if (out.size() > 0) {
    char* o = static_cast<char*>(out.mutable_data(def.name));
    auto ptr = [](const array& v) { return const_cast<char*>(static_cast<const char*>(v.raw_data())); };
    const shape_t& it_shape = out.shape();
    const strided_iter it = def.nin == 2 ? strided_iter(it_shape, {{o, &out.strides()},
                                                                   {ptr(*views[0]), strides[0]},
                                                                   {ptr(*views[1]), strides[1]}})
                                         : strided_iter(it_shape, {{o, &out.strides()}, {ptr(*views[0]), strides[0]}});
    if (any_raise(t_errstate)) run_checked(it, rc.loop.fn, def.name);
    else it.run_parallel(rc.loop.fn);
  }
  if (opts.out && !direct) {
    array target = *opts.out;
    target.assign(out, casting::unsafe);
    return target;
  }
  return out;
}

}  // namespace detail

type_operand operand::type() const {
  using wk = type_operand::weak_kind;
  switch (weak_) {
    case wk::integer: return type_operand::weak_int();
    case wk::floating: return type_operand::weak_float();
    case wk::complex: return type_operand::weak_complex();
    case wk::none: break;
  }
  return value().dtype();
}

namespace detail {
// NumPy refuses these ufuncs on bool inputs instead of promoting them.
const char* bool_error(std::string_view name) {
  if (name == "subtract")
    return "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or "
           "the logical_xor function instead.";
  if (name == "negative")
    return "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the "
           "logical_not function instead.";
  if (name == "positive" || name == "sign")
    return "ufunc has no loop for bool inputs; cast to an integer or float dtype first";
  return nullptr;
}

}  // namespace detail

array operator+(const operand& a, const operand& b) { return add(a, b); }
array operator-(const operand& a, const operand& b) { return subtract(a, b); }
array operator*(const operand& a, const operand& b) { return multiply(a, b); }
array operator/(const operand& a, const operand& b) { return divide(a, b); }
array operator%(const operand& a, const operand& b) { return remainder(a, b); }
array operator==(const array& a, const operand& b) { return equal(a, b); }
array operator!=(const array& a, const operand& b) { return not_equal(a, b); }
array operator<(const operand& a, const operand& b) { return less(a, b); }
array operator<=(const operand& a, const operand& b) { return less_equal(a, b); }
array operator>(const operand& a, const operand& b) { return greater(a, b); }
array operator>=(const operand& a, const operand& b) { return greater_equal(a, b); }
array operator&(const operand& a, const operand& b) { return bitwise_and(a, b); }
array operator|(const operand& a, const operand& b) { return bitwise_or(a, b); }
array operator^(const operand& a, const operand& b) { return bitwise_xor(a, b); }
array operator-(const array& a) { return negative(a); }
array operator~(const array& a) { return invert(a); }
static ufunc_options into(const array& a) {
  ufunc_options o;
  o.out = a;
  return o;
}
array& operator+=(array& a, const operand& b) {
  add(a, b, into(a));
  return a;
}
array& operator-=(array& a, const operand& b) {
  subtract(a, b, into(a));
  return a;
}
array& operator*=(array& a, const operand& b) {
  multiply(a, b, into(a));
  return a;
}
array& operator/=(array& a, const operand& b) {
  divide(a, b, into(a));
  return a;
}

}  // namespace nd
#include "nd/dtype.hpp"

#include <array>
#include <string>

#include "nd/error.hpp"

namespace nd {
namespace {

struct dtype_info {
  std::string_view name;
  int64_t itemsize;
  char kind;
  char ch;
};

constexpr std::array<dtype_info, num_dtypes> kInfo = {{
#define ND_X(e, T, nm, kd, c) {nm, sizeof(T), kd, c},
    ND_DTYPES(ND_X)
#undef ND_X
}};

// Widest integer that converts exactly into a float of the given item size:
// float16 holds 8-bit integers, float32 16-bit ones, float64 anything up to 64 bits.
constexpr int64_t max_int_bytes_exact_in_float(int64_t float_size) {
  return float_size == 2 ? 1 : float_size == 4 ? 2 : 8;
}

// NumPy's safe casting for the builtin numeric types, derived from value ranges.
constexpr bool safe_cast_rule(dtype_info f, dtype_info t) {
  if (f.kind == 'b') return true;
  switch (f.kind) {
    case 'u':
      if (t.kind == 'u') return t.itemsize >= f.itemsize;
      if (t.kind == 'i') return t.itemsize > f.itemsize;
      if (t.kind == 'f') return f.itemsize <= max_int_bytes_exact_in_float(t.itemsize);
      if (t.kind == 'c') return f.itemsize <= max_int_bytes_exact_in_float(t.itemsize / 2);
      return false;
    case 'i':
      if (t.kind == 'i') return t.itemsize >= f.itemsize;
      if (t.kind == 'f') return f.itemsize <= max_int_bytes_exact_in_float(t.itemsize);
      if (t.kind == 'c') return f.itemsize <= max_int_bytes_exact_in_float(t.itemsize / 2);
      return false;
    case 'f':
      if (t.kind == 'f') return t.itemsize >= f.itemsize;
      if (t.kind == 'c') return t.itemsize / 2 >= f.itemsize;
      return false;
    case 'c':
      return t.kind == 'c' && t.itemsize >= f.itemsize;
  }
  return false;
}

// Kind order for same_kind casts: b < u < i < f < c (unsigned may go to signed, not back).
constexpr int kind_rank(char k) {
  switch (k) {
    case 'b': return 0;
    case 'u': return 1;
    case 'i': return 2;
    case 'f': return 3;
    default: return 4;
  }
}

using table = std::array<std::array<bool, num_dtypes>, num_dtypes>;

constexpr table make_safe_table() {
  table t{};
  for (int i = 0; i < num_dtypes; ++i)
    for (int j = 0; j < num_dtypes; ++j) t[i][j] = safe_cast_rule(kInfo[i], kInfo[j]);
  return t;
}
constexpr table kSafe = make_safe_table();

// Candidates for promotion, smallest first: the first one both sides cast to safely wins.
constexpr std::array<dtype_id, num_dtypes> kPromotionOrder = {
    dtype_id::bool_,   dtype_id::int8,    dtype_id::uint8,   dtype_id::int16,   dtype_id::uint16,
    dtype_id::int32,   dtype_id::uint32,  dtype_id::int64,   dtype_id::uint64,  dtype_id::float16,
    dtype_id::float32, dtype_id::float64, dtype_id::complex64, dtype_id::complex128};

constexpr std::array<std::array<dtype_id, num_dtypes>, num_dtypes> make_promotion_table() {
  std::array<std::array<dtype_id, num_dtypes>, num_dtypes> t{};
  for (int i = 0; i < num_dtypes; ++i)
    for (int j = 0; j < num_dtypes; ++j)
      for (dtype_id c : kPromotionOrder)
        if (kSafe[i][static_cast<int>(c)] && kSafe[j][static_cast<int>(c)]) {
          t[i][j] = c;
          break;
        }
  return t;
}
constexpr auto kPromote = make_promotion_table();

}  // namespace

std::string_view dtype::name() const { return kInfo[index()].name; }
int64_t dtype::itemsize() const { return kInfo[index()].itemsize; }
char dtype::kind() const { return kInfo[index()].kind; }
char dtype::char_code() const { return kInfo[index()].ch; }

dtype dtype::from_string(std::string_view s) {
  std::string_view orig = s;
  for (int i = 0; i < num_dtypes; ++i)
    if (kInfo[i].name == s) return dtype(static_cast<dtype_id>(i));
  if (s == "bool_" || s == "b1") return bool_;
  if (s == "complex" ) return complex128;
  if (s == "float" || s == "double") return float64;
  if (s == "int" || s == "long") return int64;
  if (s == "half") return float16;
  if (s == "single") return float32;
  if (!s.empty() && (s[0] == '<' || s[0] == '=' || s[0] == '|')) s.remove_prefix(1);
  if (s.size() == 1) {
    for (int i = 0; i < num_dtypes; ++i)
      if (kInfo[i].ch == s[0]) return dtype(static_cast<dtype_id>(i));
    if (s[0] == 'q') return int64;  // long long: the same 64-bit type on LP64
    if (s[0] == 'Q') return uint64;
  }
  if (s.size() >= 2) {
    char k = s[0];
    std::string_view digits = s.substr(1);
    int64_t n = 0;
    bool ok = !digits.empty() && digits.size() <= 2;
    for (char c : digits) {
      if (c < '0' || c > '9') ok = false;
      n = n * 10 + (c - '0');
    }
    if (ok) {
      if (k == 'b' && n == 1) return bool_;
      if (k == '?' && n == 1) return bool_;
      for (int i = 0; i < num_dtypes; ++i)
        if (kInfo[i].kind == k && kInfo[i].itemsize == n && kInfo[i].kind != 'b') return dtype(static_cast<dtype_id>(i));
    }
  }
  throw dtype_error("[dtype] data type '" + std::string(orig) + "' not understood");
}

dtype promote_types(dtype a, dtype b) { return kPromote[a.index()][b.index()]; }

bool can_cast(dtype from, dtype to, casting rule) {
  switch (rule) {
    case casting::no:
    case casting::equiv:
      return from == to;
    case casting::safe:
      return kSafe[from.index()][to.index()];
    case casting::same_kind:
      return kSafe[from.index()][to.index()] || kind_rank(from.kind()) <= kind_rank(to.kind());
    case casting::unsafe:
      return true;
  }
  return false;
}

dtype result_type(std::initializer_list<type_operand> ops) {
  using wk = type_operand::weak_kind;
  bool have_strong = false;
  dtype strong = bool_;
  wk weak = wk::none;
  for (const auto& op : ops) {
    if (op.weak == wk::none) {
      strong = have_strong ? promote_types(strong, op.dt) : op.dt;
      have_strong = true;
    } else if (op.weak > weak) {
      weak = op.weak;
    }
  }
  if (!have_strong) {
    switch (weak) {
      case wk::none: throw value_error("[result_type] at least one array or dtype is required");
      case wk::integer: return int64;
      case wk::floating: return float64;
      case wk::complex: return complex128;
    }
  }
  // A weak Python scalar only matters when its kind is above the strong result's kind.
  const char k = strong.kind();
  switch (weak) {
    case wk::none:
      return strong;
    case wk::integer:
      return k == 'b' ? int64 : strong;
    case wk::floating:
      return (k == 'f' || k == 'c') ? strong : float64;
    case wk::complex:
      if (k == 'c') return strong;
      if (k == 'f') return strong.itemsize() <= 4 ? complex64 : complex128;
      return complex128;
  }
  return strong;
}

std::string_view casting_name(casting c) {
  switch (c) {
    case casting::no: return "no";
    case casting::equiv: return "equiv";
    case casting::safe: return "safe";
    case casting::same_kind: return "same_kind";
    case casting::unsafe: return "unsafe";
  }
  return "?";
}

}  // namespace nd

// NumPy 2.x repr() for nd arrays. The rules follow numpy/_core/arrayprint.py with its
// default modes: floatmode "maxprec", sign "-", suppress=False, legacy off.
#include "nd/print.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

namespace nd {
namespace {

// ---- decimal digits of one finite, non-negative value ----

// value = d0.d1d2... x 10^exp; `digits` has no leading zero unless the value is 0.
struct decimal {
  std::string digits;
  int exp = 0;
};

// Parses to_chars' scientific output "d[.ddd]e[+-]xx".
decimal parse_scientific(const char* first, const char* last) {
  decimal d;
  const char* e = std::find(first, last, 'e');
  for (const char* p = first; p != e; ++p)
    if (*p != '.') d.digits += *p;
  int ex = 0;
  std::from_chars(e + 1 + (e[1] == '+'), last, ex);
  d.exp = ex;
  return d;
}

// The exact binary value rounded half-to-even to `frac` digits after the first, as
// Dragon4 does once it runs past the shortest digits or hits the precision cutoff.
decimal exact_scientific(double a, int frac) {
  std::string buf(static_cast<size_t>(frac) + 16, '\0');
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::scientific, frac);
  return parse_scientific(buf.data(), r.ptr);
}

std::string exact_fixed(double a, int frac) {
  std::string buf(static_cast<size_t>(frac) + 328, '\0');  // 309 integer digits at most
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::fixed, frac);
  buf.resize(static_cast<size_t>(r.ptr - buf.data()));
  return buf;
}

template <class T>
double to_double(T x) {
  return static_cast<double>(x);
}

// Shortest digits that read back as the same value of type T (closest such on ties).
decimal shortest(double a) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, a, std::chars_format::scientific);
  return parse_scientific(buf, r.ptr);
}
decimal shortest(float a) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, a, std::chars_format::scientific);
  return parse_scientific(buf, r.ptr);
}

double decimal_value(const std::string& digits, int exp) {
  std::string s = digits + "e" + std::to_string(exp - static_cast<int>(digits.size()) + 1);
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

decimal step_digits(decimal d, int dir) {
  // Adds dir (+1/-1) in the last place; digits stay at the same length where possible.
  std::string& s = d.digits;
  if (dir > 0) {
    int i = static_cast<int>(s.size()) - 1;
    while (i >= 0 && s[i] == '9') s[i--] = '0';
    if (i < 0) {
      s.insert(s.begin(), '1');
      s.pop_back();
      ++d.exp;
    } else {
      ++s[i];
    }
  } else {
    int i = static_cast<int>(s.size()) - 1;
    while (i >= 0 && s[i] == '0') s[i--] = '9';
    if (i >= 0) --s[i];
    if (s[0] == '0' && s.size() > 1) {
      s.erase(s.begin());
      s.push_back('9');
      --d.exp;
    }
  }
  return d;
}

// to_chars has no half precision: try 1, 2, ... significant digits until a candidate
// rounds back to the same half. The correctly rounded candidate is tried first, then
// its neighbour on the other side (the interval is lopsided at powers of two).
decimal shortest(float16_t h) {
  const double a = to_double(h);
  if (a == 0) return decimal{"0", 0};
  const uint16_t want = h.bits;
  for (int frac = 0; frac < 17; ++frac) {
    decimal d = exact_scientific(a, frac);
    const double v = decimal_value(d.digits, d.exp);
    if (float16_t(v).bits == want) return d;
    decimal other = step_digits(d, v < a ? 1 : -1);
    if (other.digits.size() == d.digits.size() && float16_t(decimal_value(other.digits, other.exp)).bits == want)
      return other;
  }
  return exact_scientific(a, 16);
}

// ---- Dragon4-style positional and scientific text (format_float_* in NumPy) ----

enum class trim_mode { keep, dot };  // NumPy's trim='k' and trim='.'

struct float_style {
  int precision = -1;  // at most this many digits after the point; -1: no limit
  int min_digits = 0;  // at least this many (more exact digits past the shortest)
  trim_mode trim = trim_mode::dot;
  bool plus = false;  // sign '+': show '+' on non-negative values
  int pad_left = -1;
  int pad_right = -1;
  int exp_digits = -1;
};

void trim_zeros(std::string& s, trim_mode t) {
  if (t != trim_mode::dot) return;
  const size_t dot = s.find('.');
  size_t end = s.size();
  while (end > dot + 1 && s[end - 1] == '0') --end;
  s.resize(end);
}

std::string pad_to(std::string s, int left_len, int width) {
  if (left_len < width) s.insert(0, static_cast<size_t>(width - left_len), ' ');
  return s;
}

// `sd` is the shortest form of |v| in v's own type.
std::string format_positional(double v, const decimal& sd, const float_style& st) {
  const double a = std::fabs(v);
  const int frac = std::max(0, static_cast<int>(sd.digits.size()) - 1 - sd.exp);
  std::string body;
  if (st.precision >= 0 && frac > st.precision) {
    body = exact_fixed(a, st.precision);
  } else if (frac < st.min_digits) {
    body = exact_fixed(a, st.min_digits);
  } else if (sd.exp >= 0) {
    const size_t int_len = static_cast<size_t>(sd.exp) + 1;
    body = sd.digits.substr(0, int_len);
    if (body.size() < int_len) body.append(int_len - body.size(), '0');
    body += '.';
    if (sd.digits.size() > int_len) body += sd.digits.substr(int_len);
  } else {
    body = "0." + std::string(static_cast<size_t>(-sd.exp - 1), '0') + sd.digits;
  }
  if (body.find('.') == std::string::npos) body += '.';
  trim_zeros(body, st.trim);
  const char* sign = std::signbit(v) ? "-" : st.plus ? "+" : "";
  body.insert(0, sign);
  const int dot = static_cast<int>(body.find('.'));
  const int frac_len = static_cast<int>(body.size()) - dot - 1;
  if (frac_len < st.pad_right) body.append(static_cast<size_t>(st.pad_right - frac_len), ' ');
  return pad_to(std::move(body), dot, st.pad_left);
}

std::string format_scientific(double v, const decimal& sd, const float_style& st) {
  const double a = std::fabs(v);
  const int frac = static_cast<int>(sd.digits.size()) - 1;
  decimal d = sd;
  if (st.precision >= 0 && frac > st.precision) d = exact_scientific(a, st.precision);
  else if (frac < st.min_digits) d = exact_scientific(a, st.min_digits);
  std::string mant = std::string(1, d.digits[0]) + "." + d.digits.substr(1);
  trim_zeros(mant, st.trim);
  const char* sign = std::signbit(v) ? "-" : st.plus ? "+" : "";
  mant.insert(0, sign);
  std::string ex = std::to_string(std::abs(d.exp));
  const size_t exp_width = static_cast<size_t>(st.exp_digits < 0 ? 2 : st.exp_digits);
  if (ex.size() < exp_width) ex.insert(0, exp_width - ex.size(), '0');
  const int int_len = static_cast<int>(mant.find('.'));
  return pad_to(mant + "e" + (d.exp < 0 ? "-" : "+") + ex, int_len, st.pad_left);
}

// ---- the formatters of arrayprint.py, set up from the elements that will be shown ----

// Comparisons happen in T, as NumPy 2 compares its scalars with Python floats (NEP 50).
// The cutoff for the largest value is 10**min(8, finfo(T).precision).
template <class T>
constexpr double exp_cutoff() {
  if constexpr (std::is_same_v<T, float16_t>) return 1e3;
  else if constexpr (std::is_same_v<T, float>) return 1e6;
  else return 1e8;
}
template <class T>
double round_to(double x) {
  if constexpr (std::is_same_v<T, double>) return x;
  else if constexpr (std::is_same_v<T, float>) return static_cast<double>(static_cast<float>(x));
  else return to_double(float16_t(x));
}
template <class T>
double divide_in(double a, double b) {
  if constexpr (std::is_same_v<T, double>) return a / b;
  // NumPy divides float16 scalars in float and rounds the quotient back to half.
  else return round_to<T>(static_cast<double>(static_cast<float>(a) / static_cast<float>(b)));
}

template <class T>
class float_format {
 public:
  float_format(const std::vector<T>& data, int precision, bool plus) {
    style_.precision = precision;
    style_.plus = plus;
    std::vector<T> finite;
    double max_v = 0, min_v = 0;
    bool any_nonzero = false;
    for (T x : data) {
      const double v = to_double(x);
      if (!std::isfinite(v)) continue;
      finite.push_back(x);
      if (v == 0) continue;
      const double m = std::fabs(v);
      max_v = any_nonzero ? std::max(max_v, m) : m;
      min_v = any_nonzero ? std::min(min_v, m) : m;
      any_nonzero = true;
    }
    if (any_nonzero) {
      exp_format_ = max_v >= exp_cutoff<T>() || min_v < round_to<T>(1e-4) || divide_in<T>(max_v, min_v) > 1000.0;
    }

    if (finite.empty()) {
      style_.pad_left = style_.pad_right = 0;
      style_.trim = trim_mode::dot;
      style_.exp_digits = -1;
    } else if (exp_format_) {
      int max_frac = 0, max_int = 0, max_exp = 0;
      for (T x : finite) {
        const std::string s = format_scientific(to_double(x), shortest(abs_of(x)), style_);
        const size_t dot = s.find('.'), e = s.find('e');
        max_int = std::max(max_int, static_cast<int>(dot));
        max_frac = std::max(max_frac, static_cast<int>(e - dot - 1));
        max_exp = std::max(max_exp, static_cast<int>(s.size() - e - 2));
      }
      style_.exp_digits = max_exp;
      style_.trim = trim_mode::keep;
      style_.precision = style_.min_digits = max_frac;
      style_.pad_left = max_int;
      style_.pad_right = max_exp + 2 + max_frac;
    } else {
      int max_frac = 0, max_int = 0;
      for (T x : finite) {
        const std::string s = format_positional(to_double(x), shortest(abs_of(x)), style_);
        const size_t dot = s.find('.');
        max_int = std::max(max_int, static_cast<int>(dot));
        max_frac = std::max(max_frac, static_cast<int>(s.size() - dot - 1));
      }
      style_.pad_left = max_int;
      style_.pad_right = max_frac;
      style_.trim = trim_mode::dot;
      style_.min_digits = 0;
    }

    if (finite.size() != data.size()) {
      bool neg_inf = plus;
      for (T x : data) neg_inf = neg_inf || (std::isinf(to_double(x)) && to_double(x) < 0);
      const int offset = style_.pad_right + 1;  // +1 for the point
      style_.pad_left = std::max({style_.pad_left, 3 - offset, 3 + (neg_inf ? 1 : 0) - offset});
    }
  }

  std::string operator()(T x) const {
    const double v = to_double(x);
    if (!std::isfinite(v)) {
      std::string ret = std::isnan(v) ? std::string(style_.plus ? "+" : "") + "nan"
                                      : std::string(v < 0 ? "-" : style_.plus ? "+" : "") + "inf";
      const int width = style_.pad_left + style_.pad_right + 1;
      return pad_to(ret, static_cast<int>(ret.size()), width);
    }
    return exp_format_ ? format_scientific(v, shortest(abs_of(x)), style_)
                       : format_positional(v, shortest(abs_of(x)), style_);
  }

 private:
  static T abs_of(T x) {
    if constexpr (std::is_same_v<T, float16_t>) return float16_t::from_bits(static_cast<uint16_t>(x.bits & 0x7fffu));
    else return std::fabs(x);
  }

  float_style style_;
  bool exp_format_ = false;
};

template <class T>
class int_format {
 public:
  explicit int_format(const std::vector<T>& data) {
    if (data.empty()) return;
    const auto [lo, hi] = std::minmax_element(data.begin(), data.end());
    width_ = std::max(str(*lo).size(), str(*hi).size());
  }
  std::string operator()(T x) const {
    std::string s = str(x);
    if (s.size() < width_) s.insert(0, width_ - s.size(), ' ');
    return s;
  }

 private:
  static std::string str(T x) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
  }
  size_t width_ = 0;
};

template <class R>
class complex_format {
 public:
  complex_format(const std::vector<std::complex<R>>& data, int precision)
      : real_(parts(data, false), precision, false), imag_(parts(data, true), precision, true) {}
  std::string operator()(std::complex<R> x) const {
    std::string i = imag_(x.imag());
    // The 'j' goes before the padding of the imaginary part.
    const size_t end = i.find_last_not_of(' ') + 1;
    i.insert(end, "j");
    return real_(x.real()) + i;
  }

 private:
  static std::vector<R> parts(const std::vector<std::complex<R>>& data, bool imag) {
    std::vector<R> out;
    out.reserve(data.size());
    for (const auto& c : data) out.push_back(imag ? c.imag() : c.real());
    return out;
  }
  float_format<R> real_, imag_;
};

template <class T>
struct is_complex : std::false_type {};
template <class R>
struct is_complex<std::complex<R>> : std::true_type {};

using element_formatter = std::function<std::string(const char*)>;

template <class T>
T load(const char* p) {
  if constexpr (std::is_same_v<T, bool>) {
    return *reinterpret_cast<const unsigned char*>(p) != 0;
  } else {
    T v;
    std::memcpy(static_cast<void*>(&v), p, sizeof v);
    return v;
  }
}

// Chooses and sets up the formatter from the shown elements only, as NumPy does.
element_formatter make_formatter(dtype dt, const std::vector<const char*>& shown, bool zero_d, int precision) {
  return visit_dtype(dt, [&](auto tag) -> element_formatter {
    using T = typename decltype(tag)::type;
    std::vector<T> values;
    values.reserve(shown.size());
    for (const char* p : shown) values.push_back(load<T>(p));
    if constexpr (std::is_same_v<T, bool>) {
      // " True" lines up with "False", except in a 0-d array.
      const char* true_str = zero_d ? "True" : " True";
      return [true_str](const char* p) { return std::string(load<bool>(p) ? true_str : "False"); };
    } else if constexpr (std::is_integral_v<T>) {
      return [f = int_format<T>(values)](const char* p) { return f(load<T>(p)); };
    } else if constexpr (is_complex<T>::value) {
      return [f = complex_format<typename T::value_type>(values, precision)](const char* p) { return f(load<T>(p)); };
    } else {
      return [f = float_format<T>(values, precision, false)](const char* p) { return f(load<T>(p)); };
    }
  });
}

// ---- _formatArray: nesting, line wrapping and summarisation ----

class array_formatter {
 public:
  array_formatter(const array& a, const print_options& opts)
      : base_(static_cast<const char*>(a.raw_data())),
        shape_(a.shape()),
        strides_(a.strides()),
        summarise_(a.size() > opts.threshold),
        edge_(opts.edgeitems) {
    std::vector<const char*> shown;
    collect(base_, 0, shown);
    format_ = make_formatter(a.dtype(), shown, a.ndim() == 0, opts.precision);
  }

  std::string format(const std::string& prefix, int width) const { return recurse(base_, 0, prefix, width); }

 private:
  bool summarised(size_t axis) const { return summarise_ && 2 * edge_ < shape_[axis]; }

  // Every element that will be printed, in C order (NumPy's _leading_trailing).
  void collect(const char* p, size_t axis, std::vector<const char*>& out) const {
    if (axis == shape_.size()) {
      out.push_back(p);
      return;
    }
    const int64_t n = shape_[axis];
    for (int64_t i = 0; i < n; ++i) {
      // NumPy's a[-0:] is the whole axis, so edgeitems=0 formats with every element.
      if (summarised(axis) && edge_ > 0 && i == edge_) i = n - edge_;
      collect(p + i * strides_[axis], axis + 1, out);
    }
  }

  static void extend_line(std::string& s, std::string& line, const std::string& word, int width,
                          const std::string& indent) {
    // Wrapping is pointless when the line holds nothing but the indent.
    const bool wrap = line.size() + word.size() > static_cast<size_t>(width) && line.size() > indent.size();
    if (wrap) {
      const size_t end = line.find_last_not_of(' ');
      s += line.substr(0, end == std::string::npos ? 0 : end + 1) + "\n";
      line = indent;
    }
    line += word;
  }

  std::string recurse(const char* p, size_t axis, const std::string& indent, int width) const {
    if (axis == shape_.size()) return format_(p);
    const std::string next_indent = indent + ' ';
    const int next_width = width - 1;  // room for the closing ']'
    const int64_t n = shape_[axis];
    const bool summary = summarised(axis);
    const int64_t leading = summary ? edge_ : 0;
    const int64_t trailing = summary ? edge_ : n;
    auto item = [&](int64_t i) { return recurse(p + i * strides_[axis], axis + 1, next_indent, next_width); };

    std::string s;
    const size_t axes_left = shape_.size() - axis;
    if (axes_left == 1) {
      const int elem_width = width - 1;  // room for ',' or ']'
      std::string line = indent;
      for (int64_t i = 0; i < leading; ++i) {
        extend_line(s, line, item(i), elem_width, indent);
        line += ", ";
      }
      if (summary) {
        extend_line(s, line, "...", elem_width, indent);
        line += ", ";
      }
      for (int64_t i = trailing; i > 1; --i) {
        extend_line(s, line, item(n - i), elem_width, indent);
        line += ", ";
      }
      extend_line(s, line, item(n - 1), elem_width, indent);
      s += line;
    } else {
      const std::string sep = "," + std::string(axes_left - 1, '\n');
      for (int64_t i = 0; i < leading; ++i) s += indent + item(i) + sep;
      if (summary) s += indent + "..." + sep;
      for (int64_t i = trailing; i > 1; --i) s += indent + item(n - i) + sep;
      s += indent + item(n - 1);
    }
    return "[" + s.substr(indent.size()) + "]";
  }

  const char* base_;
  const shape_t& shape_;
  const strides_t& strides_;
  bool summarise_;
  int64_t edge_;
  element_formatter format_;
};

// Dtypes whose repr needs no "dtype=": the defaults that NumPy infers from the text.
bool dtype_is_implied(dtype dt) {
  return dt == int64 || dt == float64 || dt == complex128 || dt == bool_;
}

}  // namespace

std::string to_string(const array& a, const print_options& opts) {
  if (opts.precision < 0) throw value_error(fmt::format("[to_string] precision must be >= 0, got {}", opts.precision));
  if (opts.edgeitems < 0) throw value_error(fmt::format("[to_string] edgeitems must be >= 0, got {}", opts.edgeitems));
  const std::string prefix = "array(";
  std::string body;
  if (a.size() == 0) {
    body = "[]";
  } else {
    const array_formatter f(a, opts);
    // The hanging indent skips "array(" and "["; the width keeps room for the final ')'.
    body = f.format(std::string(prefix.size() + 1, ' '), opts.linewidth - 1);
  }

  std::vector<std::string> extras;
  if ((a.size() == 0 && a.shape() != shape_t{0}) || a.size() > opts.threshold)
    extras.push_back("shape=" + shape_str(a.shape()));
  if (!dtype_is_implied(a.dtype()) || a.size() == 0) extras.push_back("dtype=" + a.dtype().str());
  if (extras.empty()) return prefix + body + ")";

  std::string out = prefix + body + ",";
  std::string extra;
  for (const auto& e : extras) extra += (extra.empty() ? "" : ", ") + e;
  extra += ")";
  const size_t nl = out.rfind('\n');
  const size_t last_line = out.size() - (nl == std::string::npos ? 0 : nl + 1);
  // The extras move to their own line when they would overflow the last one.
  if (last_line + extra.size() + 1 > static_cast<size_t>(opts.linewidth)) out += "\n" + std::string(prefix.size(), ' ');
  else out += " ";
  return out + extra;
}

std::ostream& operator<<(std::ostream& os, const array& a) { return os << to_string(a); }

}  // namespace nd

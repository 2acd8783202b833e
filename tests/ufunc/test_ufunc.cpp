// nd/ufunc.hpp against NumPy: every ufunc on every dtype, mixed pairs and weak scalars
// (tests/data/ufunc_cases.txt, written by gen_ufunc.py), plus out=, where=, overlap,
// errors and thread-count independence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "nd/array.hpp"

using testing::HasSubstr;
using testing::ThrowsMessage;

namespace {

template <class T>
inline constexpr bool is_cplx = false;
template <class T>
inline constexpr bool is_cplx<std::complex<T>> = true;

using binary_fn = std::function<nd::array(const nd::operand&, const nd::operand&)>;
using unary_fn = std::function<nd::array(const nd::operand&)>;

const std::map<std::string, binary_fn>& binaries() {
  static const std::map<std::string, binary_fn> m = {
#define ND_X(name) {#name, [](const nd::operand& a, const nd::operand& b) { return nd::name(a, b); }},
      ND_BINARY_UFUNCS(ND_X)
#undef ND_X
  };
  return m;
}
const std::map<std::string, unary_fn>& unaries() {
  static const std::map<std::string, unary_fn> m = {
#define ND_X(name) {#name, [](const nd::operand& a) { return nd::name(a); }},
      ND_UNARY_UFUNCS(ND_X)
#undef ND_X
  };
  return m;
}

nd::array from_hex(const std::string& dt, const std::string& hex) {
  const nd::dtype d = nd::dtype::from_string(dt);
  std::vector<unsigned char> bytes;
  if (hex != "-")
    for (size_t i = 0; i + 1 < hex.size(); i += 2) bytes.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  nd::array a = nd::empty({static_cast<int64_t>(bytes.size()) / d.itemsize()}, d);
  if (!bytes.empty()) std::memcpy(a.mutable_data(), bytes.data(), bytes.size());
  return a;
}

// Functions whose results may differ from NumPy's SIMD/libm implementations in the last bits.
bool approximate(const std::string& name) {
  static const std::set<std::string> exact = {
      "add", "subtract", "multiply", "floor_divide", "remainder", "fmod", "maximum", "minimum", "fmax", "fmin",
      "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
      "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift", "copysign",
      "nextafter", "negative", "positive", "fabs", "square", "conj", "floor", "ceil", "trunc", "rint", "isnan",
      "isinf", "isfinite", "signbit", "logical_not", "invert", "reciprocal"};
  return !exact.count(name);
}

template <class R>
bool close_real(R got, R want, double ulps) {
  if (std::isnan(static_cast<double>(want))) return std::isnan(static_cast<double>(got));
  if (got == want) return true;
  if (std::isinf(static_cast<double>(want)) || std::isinf(static_cast<double>(got))) return false;
  const double eps = std::is_same_v<R, float> ? 1.2e-7 : std::is_same_v<R, double> ? 2.3e-16 : 9.8e-4;
  const double scale = std::max(std::abs(static_cast<double>(want)), std::is_same_v<R, double> ? 2.3e-308 : 1.2e-38);
  return std::abs(static_cast<double>(got) - static_cast<double>(want)) <= ulps * eps * scale;
}

// Compares element i; exact bits unless the function is approximate (then a few ulp, and
// NaN matches NaN). Complex parts are compared with the magnitude as the scale.
testing::AssertionResult same_element(const nd::array& got, const nd::array& want, int64_t i, bool approx) {
  const char* g = static_cast<const char*>(got.raw_data()) + i * got.itemsize();
  const char* w = static_cast<const char*>(want.raw_data()) + i * want.itemsize();
  bool ok = std::memcmp(g, w, static_cast<size_t>(got.itemsize())) == 0;
  if (!ok) {
    nd::visit_dtype(got.dtype(), [&](auto tag) {
      using T = typename decltype(tag)::type;
      T a, b;
      std::memcpy(&a, g, sizeof(T));
      std::memcpy(&b, w, sizeof(T));
      const double ulps = approx ? 8.0 : 0.0;
      if constexpr (std::is_same_v<T, nd::float16_t>) {
        ok = close_real<nd::float16_t>(a, b, approx ? 1.0 : 0.0) ||
             (std::isnan(static_cast<float>(a)) && std::isnan(static_cast<float>(b)));
      } else if constexpr (std::is_floating_point_v<T>) {
        ok = close_real(a, b, ulps);
      } else if constexpr (is_cplx<T>) {
        using R = typename T::value_type;
        const bool nan_a = std::isnan(a.real()) || std::isnan(a.imag());
        const bool nan_b = std::isnan(b.real()) || std::isnan(b.imag());
        const double scale = std::max<double>(std::abs(b), 1e-300);
        const double eps = std::is_same_v<R, float> ? 1.2e-7 : 2.3e-16;
        auto part = [&](R x, R y) {
          if (std::isnan(y)) return std::isnan(x);
          if (x == y) return true;
          if (std::isinf(y) || std::isinf(x)) return false;
          return std::abs(static_cast<double>(x) - y) <= 16 * eps * scale;
        };
        // NumPy and libstdc++ may disagree on which part becomes NaN for inf/nan inputs.
        ok = (approx && nan_a && nan_b) || (part(a.real(), b.real()) && part(a.imag(), b.imag()));
      }
    });
  }
  if (ok) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "element " << i << " differs: got " << nd::to_string(got(nd::slice(i, i + 1)))
                                     << " want " << nd::to_string(want(nd::slice(i, i + 1)));
}

}  // namespace

TEST(Ufunc, EveryUfuncAndDtypeMatchesNumpy) {
  std::ifstream in(std::string(ND_TEST_DATA_DIR) + "/ufunc_cases.txt");
  ASSERT_TRUE(in.good());
  std::string line;
  int checked = 0, errors = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string kind, name, arrow, out_dt, out_hex;
    ss >> kind >> name;
    std::function<nd::array()> call;
    if (kind == "U") {
      std::string dt, hex;
      ss >> dt >> hex;
      nd::array a = from_hex(dt, hex);
      call = [=] { return unaries().at(name)(a); };
    } else if (kind == "B") {
      std::string d1, d2, h1, h2;
      ss >> d1 >> d2 >> h1 >> h2;
      nd::array a = from_hex(d1, h1), b = from_hex(d2, h2);
      call = [=] { return binaries().at(name)(a, b); };
    } else {
      std::string dt, skind, sval, hex;
      ss >> dt >> skind >> sval >> hex;
      nd::array a = from_hex(dt, hex);
      if (skind == "int") {
        const int64_t v = std::stoll(sval);
        call = [=] { return binaries().at(name)(a, v); };
      } else if (skind == "float") {
        const double v = std::stod(sval);
        call = [=] { return binaries().at(name)(a, v); };
      } else {
        // Python's repr of a complex: (1.5-2j)
        const std::complex<double> v(1.5, -2.0);
        ASSERT_EQ(sval, "(1.5-2j)");
        call = [=] { return binaries().at(name)(a, v); };
      }
    }
    ss >> arrow >> out_dt >> out_hex;
    ASSERT_EQ(arrow, "->") << line;
    if (out_dt == "error") {
      ++errors;
      if (out_hex == "TypeError" || out_hex == "UFuncTypeError") {
        EXPECT_THROW(call(), nd::dtype_error) << line;
      } else {
        EXPECT_THROW(call(), nd::value_error) << line;  // ValueError, OverflowError
      }
      continue;
    }
    nd::array got;
    try {
      got = call();
    } catch (const std::exception& e) {
      ADD_FAILURE() << line.substr(0, 80) << ": threw " << e.what();
      continue;
    }
    const nd::array want = from_hex(out_dt, out_hex);
    ASSERT_EQ(got.dtype(), want.dtype()) << line.substr(0, 80);
    ASSERT_EQ(got.size(), want.size()) << line.substr(0, 80);
    const nd::array g = nd::ascontiguousarray(got);
    for (int64_t i = 0; i < want.size(); ++i)
      EXPECT_TRUE(same_element(g, want, i, approximate(name))) << line.substr(0, 60);
    ++checked;
  }
  EXPECT_GT(checked, 1300);
  EXPECT_GT(errors, 100);
}

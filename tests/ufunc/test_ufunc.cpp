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
    } else if (kind == "R") {
      std::string dt, hex;
      int dec;
      ss >> dt >> dec >> hex;
      nd::array a = from_hex(dt, hex);
      call = [=] { return nd::round(a, dec); };
    } else if (kind == "I" || kind == "N") {
      std::string dt, h1, h2;
      ss >> dt >> h1 >> h2;
      nd::array a = from_hex(dt, h1), b = from_hex(dt, h2);
      const bool equal_nan = kind == "N";
      call = [=] { return nd::isclose(a, b, 1e-05, 1e-08, equal_nan); };
    } else if (kind == "K") {
      std::string dt, lo, hi, hex;
      ss >> dt >> lo >> hi >> hex;
      nd::array a = from_hex(dt, hex);
      if (lo.find('.') != std::string::npos) {
        const double l = std::stod(lo), h = std::stod(hi);
        call = [=] { return nd::clip(a, l, h); };
      } else {
        const int64_t l = std::stoll(lo), h = std::stoll(hi);
        call = [=] { return nd::clip(a, l, h); };
      }
    } else if (kind == "W") {
      std::string d1, d2, hc, h1, h2;
      ss >> d1 >> d2 >> hc >> h1 >> h2;
      nd::array c = from_hex("bool", hc), x = from_hex(d1, h1), y = from_hex(d2, h2);
      call = [=] { return nd::where(c, x, y); };
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
  EXPECT_GT(checked, 1350);
  EXPECT_GT(errors, 100);
}

TEST(UfuncOut, WritesInPlaceAndCasts) {
  nd::array a = nd::arange(6).reshape({2, 3});
  nd::array out = nd::zeros({2, 3}, nd::float64);
  nd::ufunc_options o;
  o.out = out;
  nd::array r = nd::add(a, 0.5, o);
  EXPECT_TRUE(r.shares_buffer(out));
  EXPECT_EQ(out.at<double>({1, 2}), 5.5);
  // The output may be larger than the broadcast inputs.
  nd::array big = nd::zeros({4, 2, 3}, nd::int64);
  o.out = big;
  nd::add(a, a, o);
  EXPECT_EQ(big.at<int64_t>({3, 1, 2}), 10);
  // int64 output of an int8 computation: a safe cast on the way out.
  nd::array small = nd::array{int8_t(100), int8_t(100)};
  nd::array wide = nd::zeros({2}, nd::int64);
  o.out = wide;
  nd::add(small, small, o);
  EXPECT_EQ(wide.at<int64_t>({0}), -56);  // computed in int8, wrapped, as NumPy
}

TEST(UfuncOut, ErrorsNameTheUfuncShapesAndDtypes) {
  nd::ufunc_options o;
  o.out = nd::zeros({3});
  EXPECT_THAT([&] { nd::add(nd::zeros({2, 3}), 1, o); },
              ThrowsMessage<nd::shape_error>(HasSubstr(
                  "non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (2, 3)")));
  o.out = nd::zeros({1}, nd::int64);
  EXPECT_THAT([&] { nd::add(nd::array{1.5}, 1, o); },
              ThrowsMessage<nd::dtype_error>(HasSubstr(
                  "Cannot cast ufunc 'add' output from dtype('float64') to dtype('int64') with casting rule 'same_kind'")));
  EXPECT_THAT([] { nd::add(nd::zeros({2, 3}), nd::zeros({4})); },
              ThrowsMessage<nd::shape_error>(HasSubstr("[add] operands could not be broadcast together with shapes (2, 3) and (4,)")));
  EXPECT_THAT([] { nd::add(nd::array{int8_t(1)}, 300); },
              ThrowsMessage<nd::value_error>(HasSubstr("Python integer 300 out of bounds for int8")));
  EXPECT_THAT([] { nd::bitwise_and(nd::zeros({2}), nd::zeros({2})); },
              ThrowsMessage<nd::dtype_error>(HasSubstr("ufunc 'bitwise_and' not supported for the input types")));
  EXPECT_THAT([] { nd::subtract(nd::array{true}, nd::array{false}); },
              ThrowsMessage<nd::dtype_error>(HasSubstr("boolean subtract")));
  nd::array ro = nd::broadcast_to(nd::zeros({3}), {2, 3});
  o.out = ro;
  EXPECT_THROW(nd::add(ro, 1.0, o), nd::readonly_error);
  nd::array i = nd::arange(3);
  EXPECT_THROW(i += 1.5, nd::dtype_error);  // same_kind forbids float64 -> int64
  i += 2;
  EXPECT_EQ(i.at<int64_t>({2}), 4);
}

TEST(UfuncWhere, WritesOnlyWhereTheMaskIsTrue) {
  nd::array a = nd::arange(5).astype(nd::float64);
  nd::array out = nd::full({5}, -1.0);
  nd::ufunc_options o;
  o.out = out;
  o.where = nd::array{true, false, true, false, true};
  nd::multiply(a, 10, o);
  const double want[] = {0, -1, 20, -1, 40};
  for (int64_t k = 0; k < 5; ++k) EXPECT_EQ(out.at<double>({k}), want[k]);
  nd::ufunc_options fresh;
  fresh.where = nd::array{false, true};
  nd::array r = nd::add(nd::ones({3, 2}), 1, fresh);  // mask broadcast over rows
  EXPECT_EQ(r.at<double>({2, 0}), 0.0);
  EXPECT_EQ(r.at<double>({2, 1}), 2.0);
}

TEST(UfuncOverlap, InputsThatOverlapTheOutputAreReadFirst) {
  // NumPy's result for a[1:] = a[1:] + a[:-1] with out aliasing: as if the inputs were copied.
  nd::array a = nd::arange(8);
  nd::ufunc_options o;
  o.out = a(nd::slice(1, nd::none));
  nd::add(a(nd::slice(1, nd::none)), a(nd::slice(nd::none, -1)), o);
  const int64_t want[] = {0, 1, 3, 5, 7, 9, 11, 13};
  for (int64_t k = 0; k < 8; ++k) EXPECT_EQ(a.at<int64_t>({k}), want[k]);
  // Reversed view as input of its own buffer.
  nd::array b = nd::arange(5);
  o.out = b;
  nd::add(b, b(nd::slice(nd::none, nd::none, -1)), o);
  for (int64_t k = 0; k < 5; ++k) EXPECT_EQ(b.at<int64_t>({k}), 4);
}

TEST(UfuncThreads, ResultsDoNotDependOnTheThreadCount) {
  const int saved = nd::get_num_threads();
  nd::array x = nd::linspace(-50.0, 50.0, 300007);
  nd::array y = nd::transpose(nd::linspace(1.0, 3.0, 300007).reshape({1, -1}))(nd::all, 0);
  nd::set_num_threads(1);
  nd::array one = nd::add(nd::sin(x), nd::multiply(x, y));
  nd::set_num_threads(3);
  nd::array three = nd::add(nd::sin(x), nd::multiply(x, y));
  nd::set_num_threads(saved);
  ASSERT_EQ(one.size(), three.size());
  EXPECT_EQ(std::memcmp(one.raw_data(), three.raw_data(), static_cast<size_t>(one.nbytes())), 0);
  // Odd split points too: 2 threads over a length that is not a multiple of the vector width.
  nd::set_num_threads(2);
  nd::array x2 = x(nd::slice(3, nd::none));
  nd::array two = nd::exp(x2 / 50.0);
  nd::set_num_threads(1);
  nd::array single = nd::exp(x2 / 50.0);
  nd::set_num_threads(saved);
  EXPECT_EQ(std::memcmp(two.raw_data(), single.raw_data(), static_cast<size_t>(two.nbytes())), 0);
  // And the parallel result agrees with a scalar loop (vector sin may differ in the last bits).
  const double* xs = x.data<double>();
  for (int64_t k = 0; k < x.size(); k += 9973)
    EXPECT_NEAR(three.at<double>({k}), std::sin(xs[k]) + xs[k] * y.at<double>({k}), 1e-13 * (1 + std::abs(xs[k]) * 3));
}

TEST(UfuncOperators, BehaveAsNumpysPythonOperators) {
  nd::array a = nd::arange(4);
  nd::array f = a / 2;
  EXPECT_EQ(f.dtype(), nd::float64);
  EXPECT_EQ(f.at<double>({3}), 1.5);
  EXPECT_EQ((2 * a).at<int64_t>({3}), 6);
  EXPECT_EQ((a - 1).at<int64_t>({0}), -1);
  EXPECT_EQ((-a).at<int64_t>({2}), -2);
  EXPECT_EQ((a % 3).at<int64_t>({3}), 0);
  EXPECT_EQ((~nd::array{int8_t(0)}).at<int8_t>({0}), -1);
  nd::array m = a > 1;
  EXPECT_EQ(m.dtype(), nd::bool_);
  EXPECT_TRUE(m.at<bool>({2}));
  EXPECT_TRUE((a == 3).at<bool>({3}));
  EXPECT_TRUE(((a > 0) & (a < 3)).at<bool>({1}));
  nd::array f32 = nd::ones({2}, nd::float32);
  EXPECT_EQ((f32 * 2.5).dtype(), nd::float32);  // weak Python-like float keeps float32
  EXPECT_EQ((nd::array{int8_t(1)} + 1).dtype(), nd::int8);
  auto [q, r] = nd::divmod(nd::array{7, -7}, 2);
  EXPECT_EQ(q.at<int32_t>({1}), -4);
  EXPECT_EQ(r.at<int32_t>({1}), 1);
  EXPECT_TRUE(nd::allclose(nd::array{1.0, 2.0}, nd::array{1.0 + 1e-9, 2.0}));
  EXPECT_FALSE(nd::allclose(nd::array{1.0, 2.0}, nd::array{1.1, 2.0}));
  EXPECT_TRUE(nd::array_equal(nd::arange(3), nd::arange(3)));
  EXPECT_FALSE(nd::array_equal(nd::arange(3), nd::arange(4)));
  EXPECT_TRUE(nd::array_equal(nd::array{std::nan("")}, nd::array{std::nan("")}, true));
  EXPECT_FALSE(nd::array_equal(nd::array{std::nan("")}, nd::array{std::nan("")}));
}

TEST(UfuncErrstate, IgnoresByDefaultAndRaisesWhenAsked) {
  nd::array z = nd::divide(nd::array{1.0, -1.0, 0.0}, 0.0);
  EXPECT_TRUE(std::isinf(z.at<double>({0})));
  EXPECT_TRUE(std::isnan(z.at<double>({2})));
  {
    nd::errstate e;
    e.divide = nd::fp_mode::raise;
    nd::scoped_errstate scope(e);
    EXPECT_THAT([] { nd::divide(nd::array{1.0}, 0.0); },
                ThrowsMessage<nd::floating_point_error>(HasSubstr("divide by zero encountered in divide")));
    EXPECT_NO_THROW(nd::sqrt(nd::array{-1.0}));  // invalid is still ignored
  }
  nd::errstate inv;
  inv.invalid = nd::fp_mode::raise;
  nd::scoped_errstate scope(inv);
  EXPECT_THAT([] { nd::sqrt(nd::array{-1.0}); },
              ThrowsMessage<nd::floating_point_error>(HasSubstr("invalid value encountered in sqrt")));
  EXPECT_NO_THROW(nd::divide(nd::array{1.0}, 0.0));
}

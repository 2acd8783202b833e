// The accuracy bound of nd's transcendentals (stated in docs/ufuncs.md): at most 4 ulp for
// float64 and float32, measured against long double (float64) and double (float32)
// references over dense samples of each function's domain.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "nd/array.hpp"

namespace {

struct fn_case {
  const char* name;
  nd::array (*f)(const nd::operand&, const nd::ufunc_options&);
  long double (*ref)(long double);
  double lo, hi;
};

const fn_case kCases[] = {
    {"exp", nd::exp, [](long double x) { return std::exp(x); }, -700, 700},
    {"exp2", nd::exp2, [](long double x) { return std::exp2(x); }, -1000, 1000},
    {"expm1", nd::expm1, [](long double x) { return std::expm1(x); }, -30, 30},
    {"log", nd::log, [](long double x) { return std::log(x); }, 1e-300, 1e300},
    {"log2", nd::log2, [](long double x) { return std::log2(x); }, 1e-300, 1e300},
    {"log10", nd::log10, [](long double x) { return std::log10(x); }, 1e-300, 1e300},
    {"log1p", nd::log1p, [](long double x) { return std::log1p(x); }, -0.999, 1e6},
    {"sin", nd::sin, [](long double x) { return std::sin(x); }, -1e4, 1e4},
    {"cos", nd::cos, [](long double x) { return std::cos(x); }, -1e4, 1e4},
    {"tan", nd::tan, [](long double x) { return std::tan(x); }, -1.5, 1.5},
    {"arcsin", nd::arcsin, [](long double x) { return std::asin(x); }, -1, 1},
    {"arccos", nd::arccos, [](long double x) { return std::acos(x); }, -1, 1},
    {"arctan", nd::arctan, [](long double x) { return std::atan(x); }, -1e3, 1e3},
    {"sinh", nd::sinh, [](long double x) { return std::sinh(x); }, -700, 700},
    {"cosh", nd::cosh, [](long double x) { return std::cosh(x); }, -700, 700},
    {"tanh", nd::tanh, [](long double x) { return std::tanh(x); }, -20, 20},
    {"arcsinh", nd::arcsinh, [](long double x) { return std::asinh(x); }, -1e6, 1e6},
    {"arccosh", nd::arccosh, [](long double x) { return std::acosh(x); }, 1, 1e6},
    {"arctanh", nd::arctanh, [](long double x) { return std::atanh(x); }, -0.999, 0.999},
    {"cbrt", nd::cbrt, [](long double x) { return std::cbrt(x); }, -1e6, 1e6},
    {"sqrt", nd::sqrt, [](long double x) { return std::sqrt(x); }, 0, 1e6},
};

// Error in units in the last place of the result type T.
template <class T>
double ulp_error(T got, long double ref) {
  if (std::isnan(static_cast<double>(ref))) return std::isnan(got) ? 0 : 1e9;
  const T r = static_cast<T>(ref);
  if (std::isinf(r)) return got == r ? 0 : 1e9;
  const T next = std::nextafter(std::fabs(r), std::numeric_limits<T>::infinity());
  const long double ulp = static_cast<long double>(next) - std::fabs(static_cast<long double>(r));
  return static_cast<double>(std::fabs(static_cast<long double>(got) - ref) / ulp);
}

template <class T>
double max_ulp(const fn_case& c, int64_t n) {
  // Half the samples spread linearly, half geometrically (for wide positive domains).
  nd::array x = nd::linspace(c.lo, c.hi, n).astype(nd::dtype_of<T>());
  nd::array y = c.f(x, {});
  const T* xs = x.data<T>();
  const T* ys = y.data<T>();
  double worst = 0;
  for (int64_t i = 0; i < n; ++i) worst = std::max(worst, ulp_error<T>(ys[i], c.ref(static_cast<long double>(xs[i]))));
  if (c.lo > 0) {
    nd::array g = nd::logspace(std::log10(c.lo), std::log10(c.hi), n).astype(nd::dtype_of<T>());
    nd::array gy = c.f(g, {});
    const T* gs = g.data<T>();
    const T* gys = gy.data<T>();
    for (int64_t i = 0; i < n; ++i)
      worst = std::max(worst, ulp_error<T>(gys[i], c.ref(static_cast<long double>(gs[i]))));
  }
  return worst;
}

}  // namespace

TEST(UfuncAccuracy, Float64WithinFourUlp) {
  for (const auto& c : kCases) {
    const double e = max_ulp<double>(c, 200003);
    EXPECT_LE(e, 4.0) << c.name;
    RecordProperty(std::string("ulp_float64_") + c.name, std::to_string(e));
  }
}

TEST(UfuncAccuracy, Float32WithinFourUlp) {
  for (const auto& c : kCases) {
    fn_case f = c;
    // float32 domains: keep results finite in float.
    if (std::string(c.name) == "exp" || std::string(c.name) == "sinh" || std::string(c.name) == "cosh") f.lo = -80, f.hi = 80;
    if (std::string(c.name) == "exp2") f.lo = -120, f.hi = 120;
    if (c.lo > 0 && c.lo < 1e-30) f.lo = 1e-30, f.hi = 1e30;
    if (std::string(c.name) == "arccosh" || std::string(c.name) == "cbrt" || std::string(c.name) == "arcsinh") f.hi = std::min(f.hi, 1e6);
    const double e = max_ulp<float>(f, 200003);
    EXPECT_LE(e, 4.0) << c.name;
  }
}

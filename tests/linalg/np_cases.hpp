#pragma once
// The NumPy-generated case files shared by tests/linalg/: tests/data/gen_linalg.py and
// gen_einsum.py store inputs and NumPy's results as manifest.txt + blob.npy (see their
// docstrings); these helpers load a case, view its inputs and compare within a tolerance
// tied to the result dtype's epsilon.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "nd/array.hpp"

namespace nd_test {

struct lcase {
  std::string name, func, extra;
  double tol = 0;
  std::vector<std::string> views;
  std::vector<nd::array> in, out;
};

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream is(s);
  while (std::getline(is, cur, sep)) out.push_back(cur);
  return out;
}

inline nd::array from_spec(const std::string& spec, const nd::array& blob) {
  const auto parts = split(spec, ':');
  nd::shape_t shape;
  if (parts.at(1) != "-")
    for (const auto& d : split(parts[1], ',')) shape.push_back(std::stoll(d));
  nd::array a = nd::empty(shape, nd::dtype::from_string(parts[0]));
  const auto* src = static_cast<const char*>(blob.raw_data()) + std::stoll(parts[2]);
  std::memcpy(a.mutable_data(), src, static_cast<size_t>(a.nbytes()));
  return a;
}

/// Every case of `dir`/manifest.txt (dir ends with '/').
inline std::vector<lcase> load_cases(const std::string& dir) {
  const nd::array blob = nd::load(dir + "blob.npy");
  std::ifstream f(dir + "manifest.txt");
  std::vector<lcase> v;
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    std::istringstream is(line);
    lcase c;
    int nin = 0, nout = 0;
    std::string views;
    is >> c.name >> c.func >> c.tol >> nin >> nout >> views >> c.extra;
    c.views = split(views, ',');
    std::string spec;
    for (int i = 0; i < nin; ++i) {
      is >> spec;
      c.in.push_back(from_spec(spec, blob));
    }
    for (int i = 0; i < nout; ++i) {
      is >> spec;
      c.out.push_back(from_spec(spec, blob));
    }
    v.push_back(std::move(c));
  }
  return v;
}

inline nd::array view(const nd::array& a, const std::string& v) {
  if (v == "t") return nd::swapaxes(a, -1, -2);
  if (v == "s") return a(nd::ellipsis, nd::slice(nd::none, nd::none, 2), nd::slice(nd::none, nd::none, 2));
  if (v == "r") return a(nd::ellipsis, nd::slice(nd::none, nd::none, -1), nd::all);
  return a;
}

inline double eps_of(nd::dtype d) {
  if (d == nd::float16) return 9.765625e-4;
  if (d == nd::float32 || d == nd::complex64) return std::numeric_limits<float>::epsilon();
  return std::numeric_limits<double>::epsilon();
}

// Largest |got - want| and largest |want| over all elements, in double precision.
template <class T>
void diffs(const nd::array& g, const nd::array& w, double& maxdiff, double& maxabs, bool& nan_mismatch) {
  const T* gp = static_cast<const T*>(g.raw_data());
  const T* wp = static_cast<const T*>(w.raw_data());
  for (int64_t i = 0; i < g.size(); ++i) {
    std::complex<double> a, b;
    if constexpr (std::is_same_v<T, nd::float16_t>) {
      a = static_cast<float>(gp[i]);
      b = static_cast<float>(wp[i]);
    } else if constexpr (std::is_same_v<T, bool>) {
      a = gp[i] ? 1.0 : 0.0;
      b = wp[i] ? 1.0 : 0.0;
    } else {
      a = std::complex<double>(gp[i]);
      b = std::complex<double>(wp[i]);
    }
    const bool na = std::isnan(a.real()) || std::isnan(a.imag()), nb = std::isnan(b.real()) || std::isnan(b.imag());
    if (na || nb) {
      nan_mismatch |= na != nb;
      continue;
    }
    if (std::isinf(std::abs(b)) || std::isinf(std::abs(a))) {
      if (a != b) nan_mismatch = true;
      continue;
    }
    maxdiff = std::max(maxdiff, std::abs(a - b));
    maxabs = std::max(maxabs, std::abs(b));
  }
}

inline testing::AssertionResult close(const nd::array& got, const nd::array& want, double tol) {
  if (got.dtype() != want.dtype())
    return testing::AssertionFailure() << "dtype " << got.dtype().name() << " != " << want.dtype().name();
  if (got.shape() != want.shape())
    return testing::AssertionFailure() << "shape " << nd::shape_str(got.shape()) << " != "
                                       << nd::shape_str(want.shape());
  const nd::array g = nd::ascontiguousarray(got), w = nd::ascontiguousarray(want);
  if (tol == 0 && (g.dtype().is_integer() || g.dtype().is_bool())) {
    if (std::memcmp(g.raw_data(), w.raw_data(), static_cast<size_t>(g.nbytes())) != 0)
      return testing::AssertionFailure() << "integer values differ";
    return testing::AssertionSuccess();
  }
  double maxdiff = 0, maxabs = 0;
  bool nan_mismatch = false;
  nd::visit_dtype(g.dtype(),
                  [&](auto tag) { diffs<typename decltype(tag)::type>(g, w, maxdiff, maxabs, nan_mismatch); });
  if (nan_mismatch) return testing::AssertionFailure() << "NaN/inf pattern differs";
  const double bound = std::max(tol, 1.0) * eps_of(g.dtype()) * std::max(1.0, maxabs);
  if (maxdiff > bound)
    return testing::AssertionFailure() << "max error " << maxdiff << " > " << bound << " (max |want| " << maxabs << ")";
  return testing::AssertionSuccess();
}

}  // namespace nd_test

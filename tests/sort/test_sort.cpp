// nd/sort.hpp against NumPy: the inputs and NumPy's results are .npy files written by
// tests/data/gen_sort.py; each test loads both and compares dtype, shape and values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "nd/array.hpp"
#include "nd/sort.hpp"

using testing::HasSubstr;

namespace {

const std::string kDir = std::string(ND_TEST_DATA_DIR) + "/sort/";

const std::vector<std::string> kDtypes = {"bool",   "int8",    "int16",   "int32",     "int64",
                                          "uint8",  "uint16",  "uint32",  "uint64",    "float16",
                                          "float32", "float64", "complex64", "complex128"};
const std::vector<std::string> kSetDtypes = {"bool",    "int8",    "int64",   "uint64",
                                             "float16", "float32", "float64", "complex128"};

nd::array npy(const std::string& name) { return nd::load(kDir + name + ".npy"); }

// Value equality for the tests: NaN matches NaN (any payload); with zero_sign, -0.0 must
// meet -0.0 (stable results). Without it (results where NumPy leaves open which of equal
// values represents them: unstable sorts, hash-based unique) -0.0 == 0.0 and complex
// values with any NaN part match each other.
template <class T>
bool same(const T& a, const T& b, bool zero_sign) {
  if constexpr (std::is_same_v<T, nd::float16_t>) {
    return same(static_cast<float>(a), static_cast<float>(b), zero_sign);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && (!zero_sign || std::signbit(a) == std::signbit(b));
  } else if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
    const bool na = std::isnan(a.real()) || std::isnan(a.imag()), nb = std::isnan(b.real()) || std::isnan(b.imag());
    if (!zero_sign && (na || nb)) return na && nb;
    return same(a.real(), b.real(), zero_sign) && same(a.imag(), b.imag(), zero_sign);
  } else {
    return a == b;
  }
}

testing::AssertionResult arrays_match(const nd::array& got, const nd::array& want, bool zero_sign = true) {
  if (got.dtype() != want.dtype())
    return testing::AssertionFailure() << "dtype " << got.dtype().name() << " != " << want.dtype().name();
  if (got.shape() != want.shape())
    return testing::AssertionFailure() << "shape " << nd::shape_str(got.shape()) << " != "
                                       << nd::shape_str(want.shape());
  const nd::array g = nd::ascontiguousarray(got), w = nd::ascontiguousarray(want);
  int64_t bad = -1;
  nd::visit_dtype(g.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* gp = static_cast<const T*>(g.raw_data());
    const T* wp = static_cast<const T*>(w.raw_data());
    for (int64_t i = 0; i < g.size() && bad < 0; ++i)
      if (!same(gp[i], wp[i], zero_sign)) bad = i;
  });
  if (bad >= 0) return testing::AssertionFailure() << "values differ at flat index " << bad;
  return testing::AssertionSuccess();
}

#define EXPECT_MATCH(got, want) EXPECT_TRUE(arrays_match(got, want)) << (want_name)
#define EXPECT_MATCH_ANYZERO(got, want) EXPECT_TRUE(arrays_match(got, want, false)) << (want_name)

// take_along_axis for the tests: out[..., i, ...] = a[..., idx[..., i, ...], ...] along `axis`.
nd::array take_along(const nd::array& a, const nd::array& idx, int64_t axis) {
  const int64_t ax = axis < 0 ? axis + a.ndim() : axis;
  const nd::array am = nd::ascontiguousarray(nd::moveaxis(a, ax, -1));
  const nd::array im = nd::ascontiguousarray(nd::moveaxis(idx, ax, -1));
  nd::array out = nd::empty(am.shape(), a.dtype());
  const int64_t n = am.shape(-1), rows = n == 0 ? 0 : am.size() / n, isz = a.itemsize();
  const char* src = static_cast<const char*>(am.raw_data());
  const int64_t* ip = static_cast<const int64_t*>(im.raw_data());
  char* dst = static_cast<char*>(out.mutable_data());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t i = 0; i < n; ++i)
      std::memcpy(dst + (r * n + i) * isz, src + (r * n + ip[r * n + i]) * isz, static_cast<size_t>(isz));
  return nd::moveaxis(out, -1, ax);
}

// Every lane of idx along `axis` is a permutation of 0..n-1.
bool lanes_are_permutations(const nd::array& idx, int64_t axis) {
  const nd::array im = nd::ascontiguousarray(nd::moveaxis(idx, axis, -1));
  const int64_t n = im.shape(-1), rows = n == 0 ? 0 : im.size() / n;
  const int64_t* p = static_cast<const int64_t*>(im.raw_data());
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<int64_t> v(p + r * n, p + (r + 1) * n);
    std::sort(v.begin(), v.end());
    for (int64_t i = 0; i < n; ++i)
      if (v[static_cast<size_t>(i)] != i) return false;
  }
  return true;
}

struct axis_case {
  std::optional<int64_t> axis;
  const char* tag;
};
const std::vector<axis_case> kAxes = {{0, "ax0"}, {1, "ax1"}, {-1, "axm1"}, {std::nullopt, "axnone"}};

}  // namespace

TEST(SortData, StableMatchesNumPyOnEveryDtypeAndAxis) {
  for (const auto& dt : kDtypes) {
    const nd::array a = npy("sort_" + dt + "_in");
    for (const auto& [axis, tag] : kAxes) {
      const std::string want_name = "sort_" + dt + "_" + tag;
      EXPECT_MATCH(nd::sort(a, axis, nd::sort_kind::stable), npy(want_name));
      EXPECT_MATCH(nd::argsort(a, axis, nd::sort_kind::stable), npy("arg" + want_name));
    }
  }
}

TEST(SortData, DefaultKindSortsAndGivesAValidPermutation) {
  for (const auto& dt : kDtypes) {
    const nd::array a = npy("sort_" + dt + "_in");
    for (const auto& [axis, tag] : kAxes) {
      const std::string want_name = "sort_" + dt + "_" + tag;
      const nd::array want = npy(want_name);
      EXPECT_MATCH_ANYZERO(nd::sort(a, axis), want);
      const nd::array idx = nd::argsort(a, axis);
      EXPECT_EQ(idx.dtype(), nd::int64);
      const int64_t ax = axis ? *axis : 0;
      const nd::array src = axis ? a : nd::ravel(a);
      EXPECT_TRUE(lanes_are_permutations(idx, ax)) << want_name;
      EXPECT_MATCH_ANYZERO(take_along(src, idx, ax), want);
    }
  }
}

TEST(SortData, NonContiguousViews) {
  for (const auto& dt : kDtypes) {
    const nd::array a = npy("sort_" + dt + "_in");
    const nd::array v = a(nd::all, nd::slice(nd::none, nd::none, -1), nd::slice(0, nd::none, 2));
    for (const auto& [axis, tag] : std::vector<axis_case>{{0, "ax0"}, {-1, "axm1"}}) {
      const std::string want_name = "sort_" + dt + "_view_" + tag;
      EXPECT_MATCH(nd::sort(v, axis, nd::sort_kind::stable), npy(want_name));
      EXPECT_MATCH(nd::argsort(v, axis, nd::sort_kind::stable), npy("arg" + want_name));
    }
  }
}

TEST(SortData, LongLanesUseTheRadixPathAndStayStable) {
  for (const std::string dt : {"int8", "int16", "int32", "int64", "uint64", "float32", "float64"}) {
    const nd::array b = npy("big_" + dt + "_in");
    const std::string want_name = "big_" + dt + "_argsort";
    const nd::array want_idx = npy(want_name);
    EXPECT_MATCH(nd::argsort(b, -1, nd::sort_kind::stable), want_idx);
    const nd::array want_sorted = take_along(b, want_idx, 0);
    EXPECT_MATCH(nd::sort(b, -1, nd::sort_kind::stable), want_sorted);
    EXPECT_MATCH_ANYZERO(nd::sort(b), want_sorted);
    // The same data as strided lanes (the columns of a 2-D array).
    nd::array m = nd::empty({b.size(), 2}, b.dtype());
    m(nd::all, 0).assign(b);
    m(nd::all, 1).assign(b);
    EXPECT_MATCH(nd::sort(m, 0, nd::sort_kind::stable)(nd::all, 1), want_sorted);
    EXPECT_MATCH(nd::argsort(m, 0)(nd::all, 0), want_idx);
  }
}

TEST(SortInplace, SortsAStridedViewAndLeavesTheRestAlone) {
  for (const auto& dt : kDtypes) {
    nd::array a = npy("sort_" + dt + "_in").copy();
    const nd::array before = a.copy();
    nd::array v = a(nd::all, nd::slice(nd::none, nd::none, -1), nd::slice(0, nd::none, 2));
    nd::sort_inplace(v, -1, nd::sort_kind::stable);
    const std::string want_name = "sort_" + dt + "_view_axm1";
    EXPECT_MATCH(v, npy(want_name));
    // Odd columns were not part of the view.
    EXPECT_MATCH(a(nd::all, nd::all, nd::slice(1, nd::none, 2)), before(nd::all, nd::all, nd::slice(1, nd::none, 2)));
  }
}

TEST(SortInplace, ReadOnlyArrayThrows) {
  nd::array a = nd::arange(5);
  a.set_writeable(false);
  EXPECT_THROW(nd::sort_inplace(a), nd::readonly_error);
}

TEST(SortErrors, BadAxisThrowsAxisError) {
  const nd::array a = nd::zeros({2, 3});
  EXPECT_THAT([&] { nd::sort(a, 2); }, testing::ThrowsMessage<nd::axis_error>(HasSubstr("axis 2 is out of bounds")));
  EXPECT_THROW(nd::argsort(a, -3), nd::axis_error);
  EXPECT_THROW(nd::partition(a, 0, 5), nd::axis_error);
  EXPECT_THROW(nd::argpartition(a, 0, 2), nd::axis_error);
  EXPECT_THROW(nd::lexsort({a}, 2), nd::axis_error);
  nd::array b = a.copy();
  EXPECT_THROW(nd::sort_inplace(b, 7), nd::axis_error);
  // A 0-d array has no axis -1, but flattening works.
  EXPECT_THROW(nd::sort(nd::array(3.0)), nd::axis_error);
  EXPECT_EQ(nd::sort(nd::array(3.0), std::nullopt).shape(), nd::shape_t{1});
}

TEST(SortEmpty, EmptyArraysKeepShapeAndDtype) {
  for (const nd::shape_t& s : {nd::shape_t{0}, nd::shape_t{3, 0}, nd::shape_t{0, 4}}) {
    const nd::array a = nd::zeros(s, nd::float32);
    for (int64_t ax = 0; ax < a.ndim(); ++ax) {
      const nd::array r = nd::sort(a, ax);
      EXPECT_EQ(r.shape(), s);
      EXPECT_EQ(r.dtype(), nd::float32);
      const nd::array i = nd::argsort(a, ax, nd::sort_kind::stable);
      EXPECT_EQ(i.shape(), s);
      EXPECT_EQ(i.dtype(), nd::int64);
    }
    EXPECT_EQ(nd::sort(a, std::nullopt).shape(), nd::shape_t{0});
  }
}

TEST(SortLexsort, MatchesNumPy) {
  const nd::array k0 = npy("lexsort_k0"), k1 = npy("lexsort_k1"), k2 = npy("lexsort_k2");
  std::string want_name = "lexsort_axm1";
  EXPECT_MATCH(nd::lexsort({k0, k1, k2}), npy(want_name));
  want_name = "lexsort_ax0";
  EXPECT_MATCH(nd::lexsort({k0, k1, k2}, 0), npy(want_name));
  EXPECT_THAT([&] { nd::lexsort({k0, k1(0)}); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("all keys need to be the same shape")));
  EXPECT_THROW(nd::lexsort({}), nd::value_error);
}

namespace {

// Checks the partition property of `p` (a partition of `a` along axis) for sorted kth:
// p[k] equals the sorted value, and everything before (after) is <= (>=) it.
void expect_partitioned(const nd::array& a, const nd::array& p, std::vector<int64_t> kth, int64_t axis,
                        const std::string& what) {
  const nd::array s = nd::moveaxis(nd::sort(a, axis, nd::sort_kind::stable), axis, -1);
  const nd::array pm = nd::moveaxis(p, axis, -1);
  const nd::array sf = nd::ascontiguousarray(nd::astype(s, nd::float64));
  const nd::array pf = nd::ascontiguousarray(nd::astype(pm, nd::float64));
  const int64_t n = sf.shape(-1), rows = n == 0 ? 0 : sf.size() / n;
  const double* sp = static_cast<const double*>(sf.raw_data());
  const double* pp = static_cast<const double*>(pf.raw_data());
  // NaN sorts last: compare with a NaN-aware <=.
  auto le = [](double x, double y) { return std::isnan(y) || (!std::isnan(x) && x <= y); };
  for (auto& k : kth) k = k < 0 ? k + n : k;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t k : kth) {
      const double kv = pp[r * n + k];
      EXPECT_TRUE(same(kv, sp[r * n + k], false)) << what << " row " << r << " kth " << k;
      for (int64_t i = 0; i < n; ++i) {
        if (i < k) {
          EXPECT_TRUE(le(pp[r * n + i], kv)) << what << " row " << r << " i " << i;
        } else if (i > k) {
          EXPECT_TRUE(le(kv, pp[r * n + i])) << what << " row " << r << " i " << i;
        }
      }
    }
  }
}

}  // namespace

TEST(SortPartition, PartitionPropertyHolds) {
  // Real dtypes only: complex order is checked through sort (the property test uses doubles).
  for (const std::string dt : {"bool", "int8", "uint64", "int32", "float16", "float32", "float64"}) {
    const nd::array a = npy("sort_" + dt + "_in");
    for (const std::vector<int64_t>& kth : {std::vector<int64_t>{0}, {2}, {-1}, {1, 3}, {3, 1, 3}}) {
      for (int64_t axis : {0, 1, 2}) {
        if (kth.back() >= a.shape(axis)) continue;
        const std::string what = dt + " axis " + std::to_string(axis);
        const nd::array p = nd::partition(a, kth, axis);
        EXPECT_EQ(p.dtype(), a.dtype());
        std::vector<int64_t> ks(kth);
        std::sort(ks.begin(), ks.end(), [&](int64_t x, int64_t y) {
          return (x < 0 ? x + a.shape(axis) : x) < (y < 0 ? y + a.shape(axis) : y);
        });
        expect_partitioned(a, p, ks, axis, what);
        const nd::array ip = nd::argpartition(a, kth, axis);
        EXPECT_EQ(ip.dtype(), nd::int64);
        EXPECT_TRUE(lanes_are_permutations(ip, axis)) << what;
        expect_partitioned(a, take_along(a, ip, axis), ks, axis, what + " (arg)");
      }
    }
    const nd::array flat = nd::ravel(a);
    expect_partitioned(flat, nd::partition(a, 30, std::nullopt), {30}, 0, dt + " flat");
    expect_partitioned(flat, take_along(flat, nd::argpartition(a, {5, 50}, std::nullopt), 0), {5, 50}, 0,
                       dt + " flat (arg)");
  }
}

TEST(SortPartition, KthOutOfBoundsThrows) {
  const nd::array a = nd::arange(5);
  EXPECT_THAT([&] { nd::partition(a, 5); }, testing::ThrowsMessage<nd::value_error>(HasSubstr("kth(=5) out of bounds (5)")));
  EXPECT_THROW(nd::partition(a, -6), nd::value_error);
  EXPECT_THROW(nd::argpartition(a, {1, 9}), nd::value_error);
}

TEST(SearchSorted, MatchesNumPyOnEveryDtype) {
  for (const auto& dt : kDtypes) {
    const nd::array a = npy("sort_" + dt + "_in");
    const nd::array s = npy("sort_" + dt + "_axnone");
    const nd::array v = a[0];
    std::string want_name = "searchsorted_" + dt + "_left";
    EXPECT_MATCH(nd::searchsorted(s, v), npy(want_name));
    want_name = "searchsorted_" + dt + "_right";
    EXPECT_MATCH(nd::searchsorted(s, v, nd::side::right), npy(want_name));
    want_name = "searchsorted_" + dt + "_sorter";
    const nd::array flat = nd::ravel(a);
    EXPECT_MATCH(nd::searchsorted(flat, v, nd::side::right, nd::argsort(flat, -1, nd::sort_kind::stable)),
                 npy(want_name));
  }
}

TEST(SearchSorted, PromotesMixedDtypes) {
  const nd::array a = npy("searchsorted_mixed_a"), v = npy("searchsorted_mixed_v");
  std::string want_name = "searchsorted_mixed_left";
  EXPECT_MATCH(nd::searchsorted(a, v), npy(want_name));
  want_name = "searchsorted_mixed_right";
  EXPECT_MATCH(nd::searchsorted(a, v, nd::side::right), npy(want_name));
  // A scalar needle gives a 0-d result.
  const nd::array r = nd::searchsorted(a, nd::array(int64_t{2}));
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.item<int64_t>(), 3);
}

TEST(SearchSorted, Errors) {
  EXPECT_THAT([] { nd::searchsorted(nd::zeros({2, 2}), nd::array(1.0)); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("object too deep for desired array")));
  EXPECT_THROW(nd::searchsorted(nd::array(1.0), nd::array(1.0)), nd::value_error);
  const nd::array a = nd::zeros({3});
  EXPECT_THAT([&] { nd::searchsorted(a, nd::array(1.0), nd::side::left, nd::arange(2)); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("sorter.size must equal a.size")));
  EXPECT_THAT([&] { nd::searchsorted(a, nd::array(1.0), nd::side::left, nd::array({0, 1, 5})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Sorter index out of range.")));
  EXPECT_THROW(nd::searchsorted(a, nd::array(1.0), nd::side::left, nd::zeros({3})), nd::dtype_error);
}

TEST(SearchDigitize, MatchesNumPy) {
  const nd::array x = npy("digitize_x");
  for (const std::string tag : {"inc", "dec"}) {
    const nd::array bins = npy("digitize_" + tag);
    std::string want_name = "digitize_" + tag + "_left";
    EXPECT_MATCH(nd::digitize(x, bins), npy(want_name));
    want_name = "digitize_" + tag + "_right";
    EXPECT_MATCH(nd::digitize(x, bins, true), npy(want_name));
  }
  const std::string want_name = "digitize_int";
  EXPECT_MATCH(nd::digitize(npy("digitize_int_x"), npy("digitize_inc")), npy(want_name));
}

TEST(SearchDigitize, Errors) {
  EXPECT_THAT([] { nd::digitize(nd::array({1.0}), nd::array({1.0, 3.0, 2.0})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("monotonically increasing or decreasing")));
  EXPECT_THAT([] { nd::digitize(nd::from_vector(std::vector<std::complex<double>>{{1, 1}}), nd::array({1.0, 3.0})); },
              testing::ThrowsMessage<nd::dtype_error>(HasSubstr("x may not be complex")));
}

TEST(UniqueData, AllOutputsMatchNumPy) {
  nd::unique_options o;
  o.return_index = o.return_inverse = o.return_counts = true;
  for (const auto& dt : kDtypes) {
    const nd::array a = npy("sort_" + dt + "_in");
    const nd::unique_result r = nd::unique(a, o);
    std::string want_name = "unique_" + dt + "_values";
    EXPECT_MATCH(r.values, npy(want_name));
    want_name = "unique_" + dt + "_index";
    EXPECT_MATCH(*r.index, npy(want_name));
    want_name = "unique_" + dt + "_inverse";
    EXPECT_MATCH(*r.inverse, npy(want_name));
    want_name = "unique_" + dt + "_counts";
    EXPECT_MATCH(*r.counts, npy(want_name));
    want_name = "unique_" + dt + "_values";
    EXPECT_MATCH_ANYZERO(nd::unique(a), npy(want_name));
    nd::unique_options keep_nans;
    keep_nans.equal_nan = false;
    want_name = "unique_" + dt + "_nonan";
    EXPECT_MATCH_ANYZERO(nd::unique(a, keep_nans).values, npy(want_name));
  }
}

TEST(UniqueData, EmptyInput) {
  nd::unique_options o;
  o.return_index = o.return_inverse = o.return_counts = true;
  const nd::unique_result r = nd::unique(nd::zeros({0, 3}, nd::int16), o);
  EXPECT_EQ(r.values.shape(), nd::shape_t{0});
  EXPECT_EQ(r.values.dtype(), nd::int16);
  EXPECT_EQ(r.index->dtype(), nd::int64);
  EXPECT_EQ(r.counts->shape(), nd::shape_t{0});
  EXPECT_EQ(r.inverse->shape(), (nd::shape_t{0, 3}));
}

TEST(UniqueAxis, AllOutputsMatchNumPy) {
  nd::unique_options o;
  o.return_index = o.return_inverse = o.return_counts = true;
  const std::vector<std::pair<int64_t, std::string>> axes = {{0, "ax0"}, {1, "ax1"}, {-1, "axm1"}};
  for (const std::string& dt : std::vector<std::string>{"bool", "int8", "uint64", "float16", "float32", "float64", "complex128"}) {
    const nd::array a = npy("uaxis_" + dt + "_in");
    for (const auto& [axis, tag] : axes) {
      const nd::unique_result r = nd::unique(a, axis, o);
      const std::string base = "uaxis_" + dt + "_" + tag;
      std::string want_name = base + "_values";
      // Equal sub-arrays may differ in the sign of a zero: NumPy leaves the representative open.
      EXPECT_TRUE(arrays_match(r.values, npy(want_name), false)) << want_name;
      want_name = base + "_index";
      EXPECT_MATCH(*r.index, npy(want_name));
      want_name = base + "_inverse";
      EXPECT_MATCH(*r.inverse, npy(want_name));
      want_name = base + "_counts";
      EXPECT_MATCH(*r.counts, npy(want_name));
      // Values alone: the same sub-arrays.
      want_name = base + "_values";
      EXPECT_TRUE(arrays_match(nd::unique(a, axis, nd::unique_options{}).values, npy(want_name), false)) << want_name;
    }
  }
  const nd::unique_result r = nd::unique(npy("uaxis_rows_in"), 0, o);
  std::string want_name = "uaxis_rows_values";
  EXPECT_MATCH(r.values, npy(want_name));
  want_name = "uaxis_rows_index";
  EXPECT_MATCH(*r.index, npy(want_name));
  want_name = "uaxis_rows_inverse";
  EXPECT_MATCH(*r.inverse, npy(want_name));
  want_name = "uaxis_rows_counts";
  EXPECT_MATCH(*r.counts, npy(want_name));
}

TEST(UniqueAxis, EdgeCases) {
  nd::unique_options o;
  o.return_index = o.return_inverse = o.return_counts = true;
  // Rows of no elements are all equal: one distinct row standing for three.
  nd::unique_result r = nd::unique(nd::zeros({3, 0}), 0, o);
  EXPECT_EQ(r.values.shape(), (nd::shape_t{1, 0}));
  EXPECT_EQ(r.index->size(), 1);
  EXPECT_EQ(r.inverse->shape(), nd::shape_t{3});
  EXPECT_EQ(*static_cast<const int64_t*>(r.counts->raw_data()), 3);
  // No sub-arrays along the axis: nothing distinct.
  r = nd::unique(nd::zeros({3, 0}), 1, o);
  EXPECT_EQ(r.values.shape(), (nd::shape_t{3, 0}));
  EXPECT_EQ(r.counts->size(), 0);
  // 1-D input is axis=None (NaNs collapse with equal_nan); rows holding NaN never do.
  const nd::array f = nd::array({1.0, std::nan(""), std::nan("")});
  EXPECT_EQ(nd::unique(f, 0, nd::unique_options{}).values.size(), 2);
  const nd::array rows = nd::array({{std::nan(""), 1.0}, {std::nan(""), 1.0}});
  EXPECT_EQ(nd::unique(rows, 0, o).values.shape(), (nd::shape_t{2, 2}));
  EXPECT_THAT([] { nd::unique(nd::array(5.0), 0, nd::unique_options{}); },
              testing::ThrowsMessage<nd::axis_error>(HasSubstr("axis 0 is out of bounds for array of dimension 0")));
  EXPECT_THAT([] { nd::unique(nd::zeros({2, 2}), 2, nd::unique_options{}); },
              testing::ThrowsMessage<nd::axis_error>(HasSubstr("axis 2 is out of bounds for array of dimension 2")));
  EXPECT_THROW(nd::unique(nd::zeros({2}), 1, nd::unique_options{}), nd::axis_error);
}

TEST(SetOps, IsinMatchesNumPy) {
  for (const auto& dt : kDtypes) {
    const nd::array a = npy("sort_" + dt + "_in");
    const nd::array test = a(1, nd::slice(0, 2));
    std::string want_name = "isin_" + dt;
    EXPECT_MATCH(nd::isin(a, test), npy(want_name));
    want_name = "isin_" + dt + "_invert";
    EXPECT_MATCH(nd::isin(a, test, false, true), npy(want_name));
  }
}

TEST(SetOps, SetFunctionsMatchNumPy) {
  for (const auto& dt : kSetDtypes) {
    const nd::array a = npy("sort_" + dt + "_in");
    const nd::array x = a[0];
    const nd::array y = nd::ravel(a(nd::slice(1, nd::none)))(nd::slice(0, 25));
    std::string want_name = "intersect1d_" + dt;
    EXPECT_MATCH_ANYZERO(nd::intersect1d(x, y), npy(want_name));
    const nd::intersect_result r = nd::intersect1d_indices(x, y);
    EXPECT_MATCH_ANYZERO(r.values, npy(want_name));
    want_name = "intersect1d_" + dt + "_ia";
    EXPECT_MATCH(r.a_indices, npy(want_name));
    want_name = "intersect1d_" + dt + "_ib";
    EXPECT_MATCH(r.b_indices, npy(want_name));
    want_name = "union1d_" + dt;
    EXPECT_MATCH_ANYZERO(nd::union1d(x, y), npy(want_name));
    want_name = "setdiff1d_" + dt;
    EXPECT_MATCH_ANYZERO(nd::setdiff1d(x, y), npy(want_name));
    want_name = "setxor1d_" + dt;
    EXPECT_MATCH_ANYZERO(nd::setxor1d(x, y), npy(want_name));
  }
}

TEST(SetOps, MixedDtypesAndAssumeUnique) {
  const nd::array x = npy("sets_mixed_x"), y = npy("sets_mixed_y");
  std::string want_name = "intersect1d_mixed";
  EXPECT_MATCH(nd::intersect1d(x, y, true), npy(want_name));
  const nd::intersect_result r = nd::intersect1d_indices(x, y, true);
  want_name = "intersect1d_mixed_ia";
  EXPECT_MATCH(r.a_indices, npy(want_name));
  want_name = "intersect1d_mixed_ib";
  EXPECT_MATCH(r.b_indices, npy(want_name));
  want_name = "union1d_mixed";
  EXPECT_MATCH(nd::union1d(x, y), npy(want_name));
  want_name = "setdiff1d_mixed";
  EXPECT_MATCH(nd::setdiff1d(x, y, true), npy(want_name));
  want_name = "setxor1d_mixed";
  EXPECT_MATCH(nd::setxor1d(x, y, true), npy(want_name));
  want_name = "isin_mixed";
  EXPECT_MATCH(nd::isin(x, y), npy(want_name));
}

TEST(HistBincount, MatchesNumPy) {
  const nd::array x = npy("bincount_x"), w = npy("bincount_w");
  std::string want_name = "bincount_plain";
  EXPECT_MATCH(nd::bincount(x), npy(want_name));
  want_name = "bincount_weights";
  EXPECT_MATCH(nd::bincount(x, w), npy(want_name));
  want_name = "bincount_minlength";
  EXPECT_MATCH(nd::bincount(x, std::nullopt, 15), npy(want_name));
  want_name = "bincount_bool";
  EXPECT_MATCH(nd::bincount(npy("bincount_bool_x")), npy(want_name));
  want_name = "bincount_uint8";
  EXPECT_MATCH(nd::bincount(npy("bincount_uint8_x"), std::nullopt, 3), npy(want_name));
  const nd::array e = nd::bincount(nd::zeros({0}, nd::int64), std::nullopt, 4);
  EXPECT_EQ(e.shape(), nd::shape_t{4});
  EXPECT_EQ(e.dtype(), nd::int64);
}

TEST(HistBincount, Errors) {
  EXPECT_THAT([] { nd::bincount(nd::array({1, -2, 3})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("'list' argument must have no negative elements")));
  EXPECT_THAT([] { nd::bincount(nd::array({1.0, 2.0})); },
              testing::ThrowsMessage<nd::dtype_error>(HasSubstr("dtype('float64') to dtype('int64')")));
  EXPECT_THAT([] { nd::bincount(nd::zeros({2, 2}, nd::int64)); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("object too deep")));
  EXPECT_THAT([] { nd::bincount(nd::array({1}), std::nullopt, -1); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("'minlength' must not be negative")));
  EXPECT_THAT([] { nd::bincount(nd::array({1, 2}), nd::array({1.0})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("don't have the same length")));
}

TEST(HistData, EqualWidthBinsMatchNumPy) {
  struct hcase {
    const char* name;
    const char* input;
    int64_t bins;
    std::optional<std::pair<double, double>> range;
    bool density;
  };
  const std::vector<hcase> cases = {
      {"f64_default", "f64", 10, std::nullopt, false},
      {"f64_bins7_range", "f64", 7, std::pair{-1.0, 1.5}, false},
      {"f64_density", "f64", 12, std::nullopt, true},
      {"f64_range_density", "f64", 5, std::pair{-2.0, 2.0}, true},
      {"i32_default", "i32", 9, std::nullopt, false},
      {"i32_density", "i32", 4, std::nullopt, true},
      {"f32_default", "f32", 11, std::nullopt, false},
      {"f32_range_density", "f32", 6, std::pair{-1.0, 3.7}, true},
      {"f16_default", "f16", 5, std::nullopt, false},
      {"const_default", "const", 4, std::nullopt, false},
      {"empty_default", "empty", 10, std::nullopt, false},
      {"nan_range", "nan", 4, std::pair{0.0, 5.0}, false},
  };
  for (const auto& c : cases) {
    const nd::histogram_result r =
        nd::histogram(npy(std::string("hist_") + c.input + "_in"), c.bins, c.range, c.density);
    std::string want_name = std::string("hist_") + c.name + "_hist";
    EXPECT_MATCH(r.hist, npy(want_name));
    want_name = std::string("hist_") + c.name + "_edges";
    EXPECT_MATCH(r.bin_edges, npy(want_name));
  }
}

TEST(HistData, ExplicitEdgesMatchNumPy) {
  const nd::array d = npy("hist_f64_in"), di = npy("hist_i32_in");
  const nd::array e = npy("hist_edges_f64"), ei = npy("hist_edges_i64");
  std::string want_name = "hist_edges_f64_hist";
  EXPECT_MATCH(nd::histogram(d, e).hist, npy(want_name));
  want_name = "hist_edges_f64_density";
  EXPECT_MATCH(nd::histogram(d, e, true).hist, npy(want_name));
  want_name = "hist_edges_i64_hist";
  EXPECT_MATCH(nd::histogram(di, ei).hist, npy(want_name));
  want_name = "hist_edges_i64_density";
  EXPECT_MATCH(nd::histogram(di, ei, true).hist, npy(want_name));
  want_name = "hist_edges_f64";
  EXPECT_MATCH(nd::histogram(d, e).bin_edges, npy(want_name));
}

// got == want to a relative 1e-12 (complex: both parts), same dtype and shape.
testing::AssertionResult arrays_close(const nd::array& got, const nd::array& want) {
  if (got.dtype() != want.dtype())
    return testing::AssertionFailure() << "dtype " << got.dtype().name() << " != " << want.dtype().name();
  if (got.shape() != want.shape()) return testing::AssertionFailure() << "shape differs";
  const nd::array g = nd::ascontiguousarray(got.astype(nd::complex128));
  const nd::array w = nd::ascontiguousarray(want.astype(nd::complex128));
  const auto* gp = static_cast<const std::complex<double>*>(g.raw_data());
  const auto* wp = static_cast<const std::complex<double>*>(w.raw_data());
  for (int64_t i = 0; i < g.size(); ++i)
    if (std::abs(gp[i] - wp[i]) > 1e-12 * std::max(1.0, std::abs(wp[i])))
      return testing::AssertionFailure() << "values differ at flat index " << i;
  return testing::AssertionSuccess();
}

TEST(HistData, WeightsMatchNumPy) {
  const nd::array d = npy("whist_in"), edges = npy("whist_edges");
  for (const std::string& w : std::vector<std::string>{"f64", "f32", "i32", "c128", "f16", "bool"}) {
    const nd::array weights = npy("whist_w_" + w);
    // Sums run in NumPy's order (per 65536-value block, in double): the same bits.
    std::string want_name = "whist_" + w + "_bins13";
    EXPECT_MATCH(nd::histogram(d, 13, std::nullopt, false, weights).hist, npy(want_name));
    want_name = "whist_" + w + "_range_density";
    EXPECT_TRUE(arrays_close(nd::histogram(d, 9, std::pair{-1.0, 2.0}, true, weights).hist, npy(want_name)))
        << want_name;
  }
  for (const std::string& w : std::vector<std::string>{"f64", "i32", "c128"}) {
    const nd::array weights = npy("whist_w_" + w);
    std::string want_name = "whist_" + w + "_edges";
    EXPECT_MATCH(nd::histogram(d, edges, false, weights).hist, npy(want_name));
    want_name = "whist_" + w + "_edges_density";
    EXPECT_TRUE(arrays_close(nd::histogram(d, edges, true, weights).hist, npy(want_name))) << want_name;
  }
  // The result does not depend on the thread count.
  const nd::array w64 = npy("whist_w_f64");
  const int threads = nd::get_num_threads();
  nd::set_num_threads(1);
  const nd::array one = nd::histogram(d, 13, std::nullopt, false, w64).hist;
  nd::set_num_threads(std::max(threads, 2));
  const nd::array two = nd::histogram(d, 13, std::nullopt, false, w64).hist;
  nd::set_num_threads(threads);
  const std::string want_name = "thread-independent weighted histogram";
  EXPECT_MATCH(two, one);
}

TEST(HistData, WeightErrors) {
  const nd::array a = nd::array({1.0, 2.0});
  EXPECT_THAT([&] { nd::histogram(a, 10, std::nullopt, false, nd::array({1.0, 2.0, 3.0})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("weights should have the same shape as a.")));
  EXPECT_THAT([&] { nd::histogram(a, nd::array({0.0, 1.0, 3.0}), false, nd::array({true, false})); },
              testing::ThrowsMessage<nd::dtype_error>(HasSubstr("Cannot cast ufunc 'add' output")));
}

TEST(HistData, Errors) {
  const nd::array a = nd::array({1.0, 2.0});
  EXPECT_THAT([&] { nd::histogram(a, 10, std::pair{2.0, 1.0}); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("max must be larger than min in range parameter.")));
  EXPECT_THAT([&] { nd::histogram(a, 10, std::pair{0.0, HUGE_VAL}); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("is not finite")));
  EXPECT_THAT([] { nd::histogram(nd::array({1.0, std::nan("")})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("autodetected range of [nan, nan] is not finite")));
  EXPECT_THAT([&] { nd::histogram(a, 0); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("`bins` must be positive, when an integer")));
  EXPECT_THAT([&] { nd::histogram(a, nd::array({3.0, 1.0, 2.0})); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("`bins` must increase monotonically")));
  EXPECT_THROW(nd::histogram(nd::from_vector(std::vector<std::complex<double>>{{1, 0}})), nd::dtype_error);
}

TEST(SortThreads, ResultsDoNotDependOnThreadCount) {
  // 64 lanes of 3000 (the radix path); 192000 values make histogram and searchsorted split.
  std::vector<double> v(64 * 3000);
  uint64_t state = 12345;
  for (auto& x : v) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    x = static_cast<double>(static_cast<int64_t>(state >> 40) % 1000) / 8.0;
  }
  v[7] = std::nan("");
  v[100] = -0.0;
  const nd::array a = nd::from_vector(v, nd::shape_t{64, 3000});
  const int saved = nd::get_num_threads();
  std::vector<nd::array> results;
  for (int t : {1, 2}) {
    nd::set_num_threads(t);
    results.push_back(nd::sort(a, -1, nd::sort_kind::stable));
    results.push_back(nd::argsort(a, -1));
    results.push_back(nd::argsort(a, 0, nd::sort_kind::stable));
    results.push_back(nd::histogram(a, 37, std::pair{0.0, 100.0}).hist);
    results.push_back(nd::searchsorted(nd::sort(a[1], std::nullopt), a));
  }
  nd::set_num_threads(saved);
  const std::string want_name = "thread-count comparison";
  for (size_t i = 0; i < results.size() / 2; ++i) EXPECT_MATCH(results[i + results.size() / 2], results[i]);
  // And the radix-sorted rows are sorted, NaN last.
  const nd::array s = results[0];
  EXPECT_TRUE(std::isnan(s.at<double>({0, 2999})));
  for (int64_t r = 0; r < 64; ++r)
    for (int64_t i = 1; i < (r == 0 ? 2999 : 3000); ++i) ASSERT_LE(s.at<double>({r, i - 1}), s.at<double>({r, i}));
}

// The vectorised unstable sort and the parallel sample sort against std::sort under
// NumPy's order, on inputs built from the values that trip sorters up: infinities, the
// largest finite values, signed zeros, NaNs, subnormals and heavy repeats.
template <class T>
void check_unstable_sort_against_std(uint64_t seed) {
  std::vector<T> pool;
  if constexpr (std::is_floating_point_v<T>) {
    using L = std::numeric_limits<T>;
    pool = {L::infinity(), -L::infinity(), L::max(), L::lowest(), T(0), T(-0.0), L::quiet_NaN(),
            -L::quiet_NaN(), L::denorm_min(), T(1), T(-1), L::min()};
  } else {
    using L = std::numeric_limits<T>;
    pool = {L::max(), L::min(), T(0), T(1), T(L::max() - 1), T(L::min() + 1)};
  }
  uint64_t state = seed;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  const int saved = nd::get_num_threads();
  for (int64_t n : {0, 1, 2, 3, 5, 8, 17, 31, 64, 100, 257, 1000, 4099, 200003}) {
    for (int mix = 0; mix < 3; ++mix) {
      std::vector<T> v(static_cast<size_t>(n));
      for (auto& x : v) {
        const uint64_t r = next();
        if (mix == 0 || r % 4 == 0) x = pool[r / 4 % pool.size()];
        else if (mix == 1) x = static_cast<T>(static_cast<int64_t>(r % 2001) - 1000);
        else x = static_cast<T>(r);
      }
      std::vector<T> want = v;
      std::sort(want.begin(), want.end(), [](T a, T b) {
        if constexpr (std::is_floating_point_v<T>) return a < b || (b != b && a == a);
        else return a < b;
      });
      const nd::array wa = nd::from_vector(want);
      const std::string want_name = std::string(nd::dtype_of<T>().name()) + " n=" + std::to_string(n) +
                                    " mix=" + std::to_string(mix);
      for (int t : {1, 2}) {
        nd::set_num_threads(t);
        const nd::array a = nd::from_vector(v);
        EXPECT_MATCH_ANYZERO(nd::sort(a), wa);
        nd::array b = nd::from_vector(v);
        nd::sort_inplace(b, 0, nd::sort_kind::quicksort);
        EXPECT_MATCH_ANYZERO(b, wa);
        // Strided source: every second element of a doubled vector.
        nd::array m = nd::empty({n, 2}, a.dtype());
        m(nd::all, 0).assign(a);
        m(nd::all, 1).assign(a);
        EXPECT_MATCH_ANYZERO(nd::sort(m(nd::all, 1)), wa);
      }
    }
  }
  nd::set_num_threads(saved);
}

TEST(SortVectorised, SpecialValuesAndThreadsMatchStdSort) {
  check_unstable_sort_against_std<double>(1);
  check_unstable_sort_against_std<float>(2);
  check_unstable_sort_against_std<int64_t>(3);
  check_unstable_sort_against_std<int32_t>(4);
  check_unstable_sort_against_std<uint16_t>(5);
  check_unstable_sort_against_std<uint64_t>(6);
  check_unstable_sort_against_std<int16_t>(7);
}

TEST(UniqueFast, ValuesOnlyPathAgreesWithTheStablePathBitForBit) {
  // unique(a) sorts unstably and fixes the zero and NaN representatives afterwards;
  // with return_counts it takes the stable-sort path. Both must give the same bits,
  // across sizes that take the one- and the multi-thread sort.
  const int saved = nd::get_num_threads();
  // 300 distinct values in a long input take the hash path (in two chunks from 2^19 on with
  // two threads), 5000 the sorting one.
  for (const auto& [n, distinct] : std::vector<std::pair<int64_t, uint64_t>>{
           {1, 5000}, {7, 5000}, {1000, 5000}, {300001, 5000}, {1000, 300}, {300001, 300}, {600001, 300}}) {
    std::vector<double> v(static_cast<size_t>(n));
    uint64_t state = static_cast<uint64_t>(n);
    for (auto& x : v) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const auto r = state >> 33;
      x = r % 13 == 0 ? -0.0 : r % 17 == 0 ? std::nan("") : static_cast<double>(r % distinct) / 4.0 - 20.0;
    }
    v[0] = 0.0;  // a +0.0 first, so the representative zero must come out positive
    const nd::array a = nd::from_vector(v);
    nd::unique_options counted;
    counted.return_counts = true;
    const nd::array want = nd::unique(a, counted).values;
    const std::string want_name = "unique fast path n=" + std::to_string(n);
    for (int t : {1, 2}) {
      nd::set_num_threads(t);
      EXPECT_MATCH(nd::unique(a), want);
    }
    const nd::array f = nd::from_vector(std::vector<float>(v.begin(), v.end()));
    EXPECT_MATCH(nd::unique(f), nd::unique(f, counted).values);
    nd::unique_options nan_apart;
    nan_apart.equal_nan = false;
    nd::unique_options nan_apart_counted = nan_apart;
    nan_apart_counted.return_counts = true;
    EXPECT_MATCH(nd::unique(a, nan_apart).values, nd::unique(a, nan_apart_counted).values);
    // Integers (no NaN; -0.0 becomes 0).
    const nd::array i = nd::where(nd::isnan(a), 7.0, nd::multiply(a, 4.0)).astype(nd::int32);
    EXPECT_MATCH(nd::unique(i), nd::unique(i, counted).values);
  }
  nd::set_num_threads(saved);
}

TEST(SortAlignment, ElementsAtAnOddAddress) {
  // A float64 view one byte into a buffer (as frombuffer with an offset gives): the kernels
  // must not read it through misaligned typed pointers.
  for (int64_t n : {100, 5000, 300000}) {
    nd::array raw = nd::zeros({n * 8 + 8}, nd::uint8);
    std::vector<double> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = static_cast<double>((i * 7919) % n);
    std::memcpy(static_cast<char*>(raw.mutable_data()) + 1, v.data(), v.size() * sizeof(double));
    nd::array a = nd::array::view_of(raw.buffer_ptr(), raw.offset() + 1, {n}, {8}, nd::float64, true);
    const nd::array want = nd::arange(n).astype(nd::float64);
    const std::string want_name = "misaligned n=" + std::to_string(n);
    EXPECT_MATCH(nd::sort(a), want);
    EXPECT_MATCH(nd::unique(a), want);
    EXPECT_MATCH(nd::searchsorted(want, a), nd::from_vector(v).astype(nd::int64));
    EXPECT_EQ(nd::argsort(a).at<int64_t>({0}), 0);
    nd::sort_inplace(a, 0, nd::sort_kind::quicksort);
    EXPECT_MATCH(a.copy(), want);  // the copy is aligned for this file's typed comparison
  }
}

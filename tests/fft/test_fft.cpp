// nd/fft.hpp against numpy.fft (tests/data/gen_fft.py writes the inputs and NumPy's results
// to tests/data/fft/), plus round trips, Parseval, the plan cache, threads and errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "nd/array.hpp"
#include "nd/fft.hpp"

using testing::HasSubstr;

namespace {

const std::string kDir = std::string(ND_TEST_DATA_DIR) + "/fft/";

std::optional<std::vector<int64_t>> ints(const std::string& f) {
  if (f == "-") return std::nullopt;
  std::vector<int64_t> v;
  if (f == "empty") return v;
  std::stringstream ss(f);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stoll(item));
  return v;
}

nd::array view_of(const nd::array& x, const std::string& kind) {
  if (kind == "T") return nd::transpose(x);
  if (kind == "step") return x(nd::slice(nd::none, nd::none, 2));
  if (kind == "rev") return x(nd::ellipsis, nd::slice(nd::none, nd::none, -1));
  return x;
}

// Max |got - want| relative to max |want| (the transform's norm), per the bound.
double rel_error(const nd::array& got, const nd::array& want) {
  const nd::array g = nd::ascontiguousarray(got).astype(nd::complex128);
  const nd::array w = nd::ascontiguousarray(want).astype(nd::complex128);
  const auto* gp = g.data<std::complex<double>>();
  const auto* wp = w.data<std::complex<double>>();
  double scale = 0, err = 0;
  for (int64_t i = 0; i < w.size(); ++i) {
    scale = std::max(scale, std::abs(wp[i]));
    err = std::max(err, std::abs(gp[i] - wp[i]));
  }
  return scale == 0 ? err : err / scale;
}

double tol_for(nd::dtype dt) {
  if (dt == nd::float16) return 2e-3;
  if (dt == nd::float32 || dt == nd::complex64) return 1e-5;
  return 1e-12;
}

nd::array run_case(const std::string& func, const nd::array& x, const std::optional<std::vector<int64_t>>& n,
                   const std::optional<std::vector<int64_t>>& axis, const std::string& norm_s,
                   const std::optional<std::vector<int64_t>>& s, const std::optional<std::vector<int64_t>>& axes) {
  const nd::fft::norm_mode norm = norm_s == "-" ? nd::fft::norm_mode::backward : nd::fft::parse_norm(norm_s);
  const std::optional<int64_t> n1 = n ? std::optional<int64_t>((*n)[0]) : std::nullopt;
  const int64_t ax = axis ? (*axis)[0] : -1;
  if (func == "fft") return nd::fft::fft(x, n1, ax, norm);
  if (func == "ifft") return nd::fft::ifft(x, n1, ax, norm);
  if (func == "rfft") return nd::fft::rfft(x, n1, ax, norm);
  if (func == "irfft") return nd::fft::irfft(x, n1, ax, norm);
  if (func == "hfft") return nd::fft::hfft(x, n1, ax, norm);
  if (func == "ihfft") return nd::fft::ihfft(x, n1, ax, norm);
  if (func == "fftn") return nd::fft::fftn(x, s, axes, norm);
  if (func == "ifftn") return nd::fft::ifftn(x, s, axes, norm);
  if (func == "rfftn") return nd::fft::rfftn(x, s, axes, norm);
  if (func == "irfftn") return nd::fft::irfftn(x, s, axes, norm);
  const std::vector<int64_t> ax2 = axes ? *axes : std::vector<int64_t>{-2, -1};
  if (func == "fft2") return nd::fft::fft2(x, s, ax2, norm);
  if (func == "ifft2") return nd::fft::ifft2(x, s, ax2, norm);
  if (func == "rfft2") return nd::fft::rfft2(x, s, ax2, norm);
  if (func == "irfft2") return nd::fft::irfft2(x, s, ax2, norm);
  throw std::runtime_error("unknown function " + func);
}

TEST(FftNumpy, EveryCaseMatches) {
  std::ifstream mf(kDir + "manifest.txt");
  ASSERT_TRUE(mf.good());
  const nd::array blob = nd::load(kDir + "out.npy");
  const auto* bytes = static_cast<const char*>(blob.raw_data());
  std::map<std::string, nd::array> inputs;
  std::string line;
  int cases = 0, failures = 0;
  while (std::getline(mf, line)) {
    std::stringstream ss(line);
    std::string name, func, inp, kind, n, axis, norm, s, axes, odt, oshape, off;
    ss >> name >> func >> inp >> kind >> n >> axis >> norm >> s >> axes >> odt >> oshape >> off;
    if (!inputs.count(inp)) inputs.emplace(inp, nd::load(kDir + "in_" + inp + ".npy"));
    const nd::array x = view_of(inputs.at(inp), kind);
    const auto shp = ints(oshape);
    nd::array want = nd::empty(nd::shape_t(shp->begin(), shp->end()), nd::dtype::from_string(odt));
    std::memcpy(want.mutable_data(), bytes + std::stoll(off), static_cast<size_t>(want.nbytes()));
    ++cases;
    nd::array got;
    try {
      got = run_case(func, x, ints(n), ints(axis), norm, ints(s), ints(axes));
    } catch (const std::exception& e) {
      ADD_FAILURE() << line << ": threw " << e.what();
      ++failures;
      continue;
    }
    if (got.dtype() != want.dtype() || got.shape() != want.shape()) {
      ADD_FAILURE() << line << ": got " << got.dtype().name() << " " << nd::shape_str(got.shape());
      ++failures;
      continue;
    }
    const double err = rel_error(got, want);
    if (!(err <= tol_for(want.dtype()))) {
      ADD_FAILURE() << line << ": relative error " << err;
      ++failures;
    }
    if (failures > 20) break;
  }
  EXPECT_GT(cases, 2000);
}

nd::array random_complex(int64_t n, uint64_t seed) {
  std::vector<std::complex<double>> v(static_cast<size_t>(n));
  uint64_t st = seed;
  auto next = [&] {
    st = st * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(st >> 11) / 9007199254740992.0 - 0.5;
  };
  for (auto& z : v) z = {next(), next()};
  return nd::from_vector(v);
}

TEST(FftProperties, RoundTripsAndParseval) {
  for (int64_t n : {1, 2, 3, 16, 31, 100, 997, 4096}) {
    const nd::array z = random_complex(n, static_cast<uint64_t>(n));
    EXPECT_LT(rel_error(nd::fft::ifft(nd::fft::fft(z)), z), 1e-13) << n;
    const nd::array x = nd::real(z).copy();
    EXPECT_LT(rel_error(nd::fft::irfft(nd::fft::rfft(x), n), x), 1e-13) << n;
    EXPECT_LT(rel_error(nd::fft::hfft(nd::fft::ihfft(x), n), x), 1e-13) << n;
    // Parseval: sum |x|^2 == sum |X|^2 / n.
    const double e_time = nd::sum(nd::square(nd::absolute(z))).item<double>();
    const double e_freq = nd::sum(nd::square(nd::absolute(nd::fft::fft(z)))).item<double>() / static_cast<double>(n);
    EXPECT_NEAR(e_time, e_freq, 1e-12 * e_time) << n;
    // ortho is unitary both ways.
    const nd::array zo = nd::fft::fft(z, std::nullopt, -1, nd::fft::norm_mode::ortho);
    EXPECT_NEAR(nd::sum(nd::square(nd::absolute(zo))).item<double>(), e_time, 1e-12 * e_time) << n;
  }
}

TEST(FftProperties, FloatStaysSinglePrecision) {
  const nd::array x = nd::arange(10).astype(nd::float32);
  EXPECT_EQ(nd::fft::fft(x).dtype(), nd::complex64);
  EXPECT_EQ(nd::fft::rfft(x).dtype(), nd::complex64);
  EXPECT_EQ(nd::fft::irfft(nd::fft::rfft(x)).dtype(), nd::float32);
  EXPECT_EQ(nd::fft::fft(nd::arange(10)).dtype(), nd::complex128);
  EXPECT_EQ(nd::fft::irfft(nd::arange(10).astype(nd::float16)).dtype(), nd::float16);
}

TEST(FftOut, WritesIntoOutAndChecksItsShape) {
  const nd::array z = random_complex(12, 3).reshape({3, 4});
  nd::array out = nd::empty({3, 4}, nd::complex128);
  const nd::array r = nd::fft::fft(z, std::nullopt, -1, nd::fft::norm_mode::backward, out);
  EXPECT_EQ(r.raw_data(), out.raw_data());
  EXPECT_LT(rel_error(out, nd::fft::fft(z)), 1e-15);
  nd::array bad = nd::empty({3, 5}, nd::complex128);
  EXPECT_THAT([&] { nd::fft::fft(z, std::nullopt, -1, nd::fft::norm_mode::backward, bad); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("output array has wrong shape.")));
  nd::array real_out = nd::empty({3, 4}, nd::float64);
  EXPECT_THROW(nd::fft::fft(z, std::nullopt, -1, nd::fft::norm_mode::backward, real_out), nd::dtype_error);
}

TEST(FftErrors, ClearMessages) {
  const nd::array x = nd::arange(4).astype(nd::float64);
  EXPECT_THAT([&] { nd::fft::fft(x, 0); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Invalid number of FFT data points (0) specified.")));
  EXPECT_THAT([&] { nd::fft::irfft(nd::arange(1).astype(nd::complex128)); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Invalid number of FFT data points (0) specified.")));
  EXPECT_THAT([&] { nd::fft::rfft(x, -3); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Invalid number of FFT data points (-3) specified.")));
  EXPECT_THAT([&] { nd::fft::parse_norm("bad"); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Invalid norm value bad")));
  EXPECT_THROW(nd::fft::fft(x, std::nullopt, 1), nd::axis_error);
  EXPECT_THROW(nd::fft::fftn(x, std::nullopt, std::vector<int64_t>{0, 2}), nd::axis_error);
  EXPECT_THROW(nd::fft::rfft(x.astype(nd::complex128)), nd::dtype_error);
  EXPECT_THAT([&] { nd::fft::fftn(x, std::vector<int64_t>{4, 4}, std::vector<int64_t>{0}); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("Shape and axes have different lengths.")));
  EXPECT_THROW(nd::fft::fftfreq(0), nd::value_error);
}

TEST(FftHelpers, FreqAndShiftMatchNumpy) {
  // np.fft.fftfreq(5, 0.5) and np.fft.rfftfreq(6)
  const std::vector<double> f5 = {0.0, 0.4, 0.8, -0.8, -0.4};
  const nd::array f = nd::fft::fftfreq(5, 0.5);
  for (int64_t i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(f.at<double>({i}), f5[static_cast<size_t>(i)]);
  const nd::array r = nd::fft::rfftfreq(6);
  ASSERT_EQ(r.size(), 4);
  for (int64_t i = 0; i < 4; ++i) EXPECT_DOUBLE_EQ(r.at<double>({i}), static_cast<double>(i) / 6.0);
  // fftshift / ifftshift are inverse rolls by n // 2.
  const nd::array a = nd::arange(15).reshape({3, 5});
  const nd::array sh = nd::fft::fftshift(a);
  EXPECT_EQ(sh.at<int64_t>({0, 0}), 13);  // np.fft.fftshift(np.arange(15).reshape(3, 5))[0, 0]
  EXPECT_TRUE(nd::array_equal(nd::fft::ifftshift(sh), a));
  EXPECT_TRUE(nd::array_equal(nd::fft::fftshift(a, std::vector<int64_t>{1}), nd::roll(a, std::vector<int64_t>{2},
                                                                                    std::vector<int64_t>{1})));
}

TEST(FftPlans, SecondCallReusesThePlanAndTheCacheIsBounded) {
  nd::fft::clear_plan_cache();
  EXPECT_EQ(nd::fft::plan_cache_size(), 0u);
  const nd::array z = random_complex(1024, 7);
  nd::fft::fft(z);
  EXPECT_EQ(nd::fft::plan_cache_size(), 1u);
  nd::fft::fft(z);
  EXPECT_EQ(nd::fft::plan_cache_size(), 1u);  // the same plan again
  const size_t saved = nd::fft::plan_cache_capacity();
  nd::fft::set_plan_cache_capacity(3);
  for (int64_t n = 10; n < 20; ++n) nd::fft::fft(z, n);
  EXPECT_EQ(nd::fft::plan_cache_size(), 3u);
  nd::fft::set_plan_cache_capacity(saved);
  nd::fft::clear_plan_cache();
  EXPECT_EQ(nd::fft::plan_cache_size(), 0u);
}

TEST(FftPlans, MeasuredPlanningAndWisdomRoundTrip) {
  const nd::array z = random_complex(256, 9);
  const nd::array want = nd::fft::fft(z);
  nd::fft::set_planner(nd::fft::planner::measure);
  const nd::array got = nd::fft::fft(z);
  nd::fft::set_planner(nd::fft::planner::estimate);
  EXPECT_LT(rel_error(got, want), 1e-14);
  // The input survives measured planning (plans are made on scratch arrays).
  EXPECT_LT(rel_error(z, random_complex(256, 9)), 1e-300);
  const std::string path = ::testing::TempDir() + "nd_fft_wisdom.txt";
  nd::fft::export_wisdom(path);
  nd::fft::import_wisdom(path);
  std::remove(path.c_str());
  {
    std::ofstream bad(path);
    bad << "not wisdom";
  }
  EXPECT_THROW(nd::fft::import_wisdom(path), nd::io_error);
  std::remove(path.c_str());
  EXPECT_THROW(nd::fft::import_wisdom(path), nd::io_error);
}

TEST(FftThreads, ResultsAgreeAcrossThreadCountsAndConcurrentCalls) {
  const nd::array z = random_complex(1 << 17, 11).reshape({256, 512});
  const int saved = nd::get_num_threads();
  nd::set_num_threads(1);
  const nd::array one = nd::fft::fft2(z);
  nd::set_num_threads(2);
  const nd::array two = nd::fft::fft2(z);
  nd::set_num_threads(saved);
  EXPECT_LT(rel_error(two, one), 1e-14);
  // Several threads executing plans at once (planning is serialised inside).
  std::vector<nd::array> res(4);
  std::vector<std::thread> ts;
  for (size_t i = 0; i < res.size(); ++i)
    ts.emplace_back([&, i] { res[i] = nd::fft::fft(z, static_cast<int64_t>(500 + i % 2)); });
  for (auto& t : ts) t.join();
  for (size_t i = 0; i < res.size(); ++i)
    EXPECT_LT(rel_error(res[i], nd::fft::fft(z, static_cast<int64_t>(500 + i % 2))), 1e-15) << i;
}

TEST(FftLayout, StridedAndUnalignedInputs) {
  // A complex128 view at an 8-byte offset (not SIMD-aligned) and with a step: FFTW gets it
  // as is (unaligned plan); results equal the contiguous copy's.
  const nd::array base = random_complex(64, 5);
  nd::array buf = nd::zeros({129}, nd::float64);
  const nd::array inner = buf(nd::slice(1, 129));
  std::memcpy(const_cast<void*>(inner.raw_data()), base.raw_data(), 64 * 16);
  const nd::array unaligned = nd::array::view_of(inner.buffer_ptr(), inner.offset(), {64}, {16}, nd::complex128, true);
  EXPECT_LT(rel_error(nd::fft::fft(unaligned), nd::fft::fft(base)), 1e-15);
  const nd::array stepped = base(nd::slice(nd::none, nd::none, 3));
  EXPECT_LT(rel_error(nd::fft::fft(stepped), nd::fft::fft(stepped.copy())), 1e-15);
}

}  // namespace

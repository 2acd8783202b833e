// nd::random against numpy.random (frozen by tests/data/gen_random.py), the counter-based
// blocks' invariance under any block grid, their statistics, and the error paths.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nd/array.hpp>
#include <nd/random.hpp>
#include <nd/threads.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace nd::random;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) out.push_back(item);
  return out;
}

std::string hex_of(const void* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  const auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) {
    s += digits[b[i] >> 4];
    s += digits[b[i] & 15];
  }
  return s;
}

std::string hex_of(const nd::array& a) {
  const nd::array c = nd::ascontiguousarray(a);
  return hex_of(c.raw_data(), static_cast<size_t>(c.size() * c.itemsize()));
}

std::shared_ptr<bit_generator> make_bitgen(const std::string& spec, uint64_t seed) {
  const auto parts = split(spec, '+');
  const auto seq = seed_sequence::from_seed(seed);
  std::shared_ptr<bit_generator> bg;
  const std::string& kind = parts[0];
  if (kind == "PCG64") bg = std::make_shared<pcg64>(seq);
  else if (kind == "PCG64DXSM") bg = std::make_shared<pcg64dxsm>(seq);
  else if (kind == "Philox") bg = std::make_shared<philox>(seq);
  else if (kind == "SFC64") bg = std::make_shared<sfc64>(seq);
  else bg = std::make_shared<mt19937>(seq);
  if (parts.size() > 1) {
    const std::string& mod = parts[1];
    if (mod == "jumped") bg = bg->jumped();
    else if (mod.rfind("advance:", 0) == 0) bg->advance(std::stoull(mod.substr(8)));
    else if (mod.rfind("spawn:", 0) == 0) bg = bg->spawn(std::stoll(mod.substr(6)) + 1).back();
    else if (mod.rfind("skipjump:", 0) == 0) {
      (void)bg->random_raw(std::stoll(mod.substr(9)));
      bg = bg->jumped(2);
    }
  }
  return bg;
}

nd::dtype dtype_named(const std::string& s) {
  static const std::vector<std::pair<std::string, nd::dtype>> names = {
      {"int64", nd::int64}, {"int32", nd::int32}, {"int16", nd::int16}, {"int8", nd::int8},
      {"uint64", nd::uint64}, {"uint32", nd::uint32}, {"uint16", nd::uint16}, {"uint8", nd::uint8},
      {"bool", nd::bool_}};
  for (const auto& [n, d] : names)
    if (n == s) return d;
  throw std::runtime_error("unknown dtype " + s);
}

nd::array scalar(double v) { return nd::array(v); }

// Runs one frozen case and returns NumPy-layout hex of our result.
std::string run_case(const std::vector<std::string>& f) {
  const auto bg = make_bitgen(f[1], std::stoull(f[2]));
  generator g(bg);
  const std::string& call = f[3];
  const auto a = split(f[4], ',');
  auto d = [&](size_t i) { return std::stod(a[i]); };
  auto n = [&](size_t i) { return std::stoll(a[i]); };
  if (call == "raw") return hex_of(bg->random_raw(n(0)));
  if (call == "random") return hex_of(g.random({n(0)}));
  if (call == "random32") return hex_of(g.random({n(0)}, nd::float32));
  if (call == "standard_normal") return hex_of(g.standard_normal({n(0)}));
  if (call == "standard_normal32") return hex_of(g.standard_normal({n(0)}, nd::float32));
  if (call == "standard_exponential") return hex_of(g.standard_exponential({n(0)}));
  if (call == "standard_exponential32") return hex_of(g.standard_exponential({n(0)}, nd::float32));
  if (call == "integers")
    return hex_of(g.integers(nd::array(n(0)), nd::array(n(1)), nd::shape_t{n(4)}, dtype_named(a[2]), a[3] == "1"));
  if (call == "uniform") return hex_of(g.uniform(scalar(d(0)), scalar(d(1)), nd::shape_t{n(2)}));
  if (call == "normal") return hex_of(g.normal(scalar(d(0)), scalar(d(1)), nd::shape_t{n(2)}));
  if (call == "exponential") return hex_of(g.exponential(scalar(d(0)), nd::shape_t{n(1)}));
  if (call == "lognormal") return hex_of(g.lognormal(scalar(d(0)), scalar(d(1)), nd::shape_t{n(2)}));
  if (call == "gamma") return hex_of(g.gamma(scalar(d(0)), scalar(d(1)), nd::shape_t{n(2)}));
  if (call == "beta") return hex_of(g.beta(scalar(d(0)), scalar(d(1)), nd::shape_t{n(2)}));
  if (call == "chisquare") return hex_of(g.chisquare(scalar(d(0)), nd::shape_t{n(1)}));
  if (call == "poisson") return hex_of(g.poisson(scalar(d(0)), nd::shape_t{n(1)}));
  if (call == "binomial") return hex_of(g.binomial(nd::array(n(0)), scalar(d(1)), nd::shape_t{n(2)}));
  if (call == "geometric") return hex_of(g.geometric(scalar(d(0)), nd::shape_t{n(1)}));
  if (call == "permutation") return hex_of(g.permutation(n(0)));
  if (call == "choice") {
    std::optional<nd::array> p;
    if (a[3] == "1") p = nd::array({0.1, 0.2, 0.3, 0.15, 0.25});
    return hex_of(g.choice_indices(n(0), {n(1)}, a[2] == "1", p));
  }
  if (call == "bytes") {
    const std::string b = g.bytes(n(0));
    return hex_of(b.data(), b.size());
  }
  throw std::runtime_error("unknown call " + call);
}

std::vector<std::vector<std::string>> load_cases() {
  std::ifstream in(std::string(ND_TEST_DATA_DIR) + "/random/cases.txt");
  std::vector<std::vector<std::string>> out;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(split(line, '|'));
  return out;
}

TEST(RandomNumpy, FrozenCasesAreBitIdentical) {
  const auto cases = load_cases();
  ASSERT_GT(cases.size(), 500U);
  int checked = 0;
  for (const auto& f : cases) {
    if (f[0].rfind("seedseq", 0) == 0) continue;
    SCOPED_TRACE(f[0] + " " + f[1] + " seed " + f[2] + " " + f[3] + "(" + f[4] + ")");
    EXPECT_EQ(run_case(f), f[6]);
    ++checked;
  }
  EXPECT_GT(checked, 500);
}

TEST(RandomNumpy, SeedSequenceStateWords) {
  int checked = 0;
  for (const auto& f : load_cases()) {
    if (f[0].rfind("seedseq", 0) != 0) continue;
    const uint64_t ent = std::stoull(f[2]);
    seed_sequence ss = seed_sequence::from_seed(ent);
    if (f[0] == "seedseq") {
      const auto w = ss.generate_state32(8);
      EXPECT_EQ(hex_of(w.data(), w.size() * 4), f[6]) << ent;
    } else {
      const auto child = ss.spawn(3)[2];
      const auto w = child.generate_state64(4);
      EXPECT_EQ(hex_of(w.data(), w.size() * 8), f[6]) << ent;
      EXPECT_EQ(child.spawn_key(), std::vector<uint64_t>{2});
      EXPECT_EQ(ss.n_children_spawned(), 3U);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 10);
}

TEST(RandomNumpy, ParallelRandomEqualsSequential) {
  // PCG64 splits large float64 draws across threads with advance(); the result must not change.
  const int saved = nd::get_num_threads();
  nd::set_num_threads(1);
  generator a = default_rng(99);
  const nd::array one = a.random({1 << 20});
  const double next_one = a.random({1}).data<double>()[0];
  nd::set_num_threads(4);
  generator b = default_rng(99);
  const nd::array four = b.random({1 << 20});
  const double next_four = b.random({1}).data<double>()[0];
  nd::set_num_threads(saved);
  EXPECT_EQ(hex_of(one), hex_of(four));
  EXPECT_EQ(next_one, next_four);
}

TEST(RandomNumpy, StateRoundTripAndAdvanceComposes) {
  pcg64 a(seed_sequence::from_seed(5));
  pcg64 b(a.state());
  b.advance(10);
  for (int i = 0; i < 10; ++i) a.next64();
  EXPECT_EQ(a.next64(), b.next64());
  philox p(seed_sequence::from_seed(5));
  philox q(p.state());
  for (int i = 0; i < 8; ++i) p.next64();
  q.advance(2);  // two blocks of four words
  EXPECT_EQ(p.next64(), q.next64());
}

// ------------------------------------------------------------------ counter-based blocks

block_params params_for(block_dist d) {
  block_params p;
  p.dist = d;
  if (d == block_dist::normal) {
    p.low = 1.0;
    p.high = 2.0;
  }
  if (d == block_dist::exponential) p.high = 3.0;
  if (d == block_dist::integers) {
    p.ilow = -7;
    p.ihigh = 1000;
  }
  return p;
}

nd::array assemble(const std::vector<int64_t>& row_cuts, const std::vector<int64_t>& col_cuts, block_dist d,
                   const nd::shape_t& global) {
  const auto prm = params_for(d);
  const nd::dtype dt = d == block_dist::integers ? nd::int64 : nd::float64;
  nd::array whole = nd::zeros(global, dt);
  const int64_t isz = whole.itemsize();
  char* base = static_cast<char*>(whole.mutable_data());
  for (size_t r = 0; r + 1 < row_cuts.size(); ++r)
    for (size_t c = 0; c + 1 < col_cuts.size(); ++c) {
      const int64_t r0 = row_cuts[r], r1 = row_cuts[r + 1], c0 = col_cuts[c], c1 = col_cuts[c + 1];
      const nd::array blk = block(42, 3, global, {r0, c0}, {r1 - r0, c1 - c0}, prm);
      const char* src = static_cast<const char*>(blk.raw_data());
      for (int64_t i = r0; i < r1; ++i)
        std::memcpy(base + (i * global[1] + c0) * isz, src + (i - r0) * (c1 - c0) * isz,
                    static_cast<size_t>((c1 - c0) * isz));
    }
  return whole;
}

std::vector<int64_t> even_cuts(int64_t n, int64_t parts) {
  std::vector<int64_t> c;
  for (int64_t i = 0; i <= parts; ++i) c.push_back(n * i / parts);
  return c;
}

TEST(RandomBlock, SameValuesWhateverTheBlockGrid) {
  const nd::shape_t global{1000, 1000};
  // Irregular cuts: 1000 blocks in all (40 row bands x 25 column bands of uneven sizes).
  std::vector<int64_t> irr_rows{0}, irr_cols{0};
  for (int64_t i = 1; i < 40; ++i) irr_rows.push_back(i * 25 + (i % 3) * 7 - 5);
  irr_rows.push_back(1000);
  for (int64_t i = 1; i < 25; ++i) irr_cols.push_back(i * 40 + (i % 4) * 9 - 13);
  irr_cols.push_back(1000);
  for (auto d : {block_dist::uniform, block_dist::normal, block_dist::exponential, block_dist::integers}) {
    SCOPED_TRACE(static_cast<int>(d));
    const std::string whole = hex_of(block(42, 3, global, {0, 0}, global, params_for(d)));
    EXPECT_EQ(hex_of(assemble({0, 1000}, {0, 1000}, d, global)), whole);
    EXPECT_EQ(hex_of(assemble(even_cuts(1000, 2), even_cuts(1000, 2), d, global)), whole);  // 4 blocks
    EXPECT_EQ(hex_of(assemble(even_cuts(1000, 7), even_cuts(1000, 3), d, global)), whole);  // 7 x 3
    EXPECT_EQ(hex_of(assemble(irr_rows, irr_cols, d, global)), whole);                      // 1000 irregular
  }
}

TEST(RandomBlock, IndependentOfThreadCount) {
  const int saved = nd::get_num_threads();
  nd::set_num_threads(1);
  const std::string one = hex_of(block(7, 0, {3000, 700}, {0, 0}, {3000, 700}, params_for(block_dist::normal)));
  nd::set_num_threads(3);
  const std::string three = hex_of(block(7, 0, {3000, 700}, {0, 0}, {3000, 700}, params_for(block_dist::normal)));
  nd::set_num_threads(saved);
  EXPECT_EQ(one, three);
}

// Kolmogorov–Smirnov statistic of sorted samples against a CDF.
double ks_stat(std::vector<double> x, double (*cdf)(double)) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

std::vector<double> values(const nd::array& a) {
  const nd::array c = nd::astype(a, nd::float64);
  return {c.data<double>(), c.data<double>() + c.size()};
}

void mean_var(const std::vector<double>& v, double& mean, double& var) {
  mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  var = 0;
  for (double x : v) var += (x - mean) * (x - mean);
  var /= static_cast<double>(v.size() - 1);
}

TEST(RandomBlock, Statistics) {
  const int64_t n = 400000;
  // KS critical value at alpha = 0.001 is 1.95 / sqrt(n); the seeds are fixed, so a failure
  // is a real defect, not noise.
  const double ks_max = 1.95 / std::sqrt(static_cast<double>(n));
  double m, v;
  {
    block_params p;  // uniform [0, 1)
    const auto x = values(block(2024, 0, {n}, {0}, {n}, p));
    mean_var(x, m, v);
    EXPECT_NEAR(m, 0.5, 0.002);
    EXPECT_NEAR(v, 1.0 / 12, 0.001);
    EXPECT_LT(ks_stat(x, [](double t) { return std::clamp(t, 0.0, 1.0); }), ks_max);
  }
  {
    block_params p;
    p.dist = block_dist::normal;
    const auto x = values(block(2024, 0, {n}, {0}, {n}, p));
    mean_var(x, m, v);
    EXPECT_NEAR(m, 0.0, 0.006);
    EXPECT_NEAR(v, 1.0, 0.01);
    EXPECT_LT(ks_stat(x, [](double t) { return 0.5 * std::erfc(-t / std::sqrt(2.0)); }), ks_max);
  }
  {
    block_params p;
    p.dist = block_dist::exponential;
    const auto x = values(block(2024, 0, {n}, {0}, {n}, p));
    mean_var(x, m, v);
    EXPECT_NEAR(m, 1.0, 0.006);
    EXPECT_NEAR(v, 1.0, 0.02);
    EXPECT_LT(ks_stat(x, [](double t) { return t <= 0 ? 0.0 : 1.0 - std::exp(-t); }), ks_max);
  }
  {
    block_params p;
    p.dist = block_dist::integers;
    p.ilow = 0;
    p.ihigh = 1000;
    const auto x = values(block(2024, 0, {n}, {0}, {n}, p));
    mean_var(x, m, v);
    EXPECT_NEAR(m, 499.5, 1.5);
    EXPECT_NEAR(v, (1000.0 * 1000.0 - 1) / 12, 800);
    EXPECT_EQ(*std::min_element(x.begin(), x.end()), 0.0);
    EXPECT_EQ(*std::max_element(x.begin(), x.end()), 999.0);
  }
}

// Every element against the documented definition, computed independently here from the
// public philox4x32_10 and long double math: uniform and integers exactly, normal and
// exponential to a few ulp (the library's own log and sin/cos are accurate to about 1 ulp).
// Odd offsets and lengths take the tile-boundary paths as well as the vectorised ones.
TEST(RandomBlock, MatchesTheDocumentedFormulas) {
  const uint64_t seed = 99, stream = 5;
  const auto key = seed_sequence(seed_sequence::words_of(seed), {stream}).generate_state32(2);
  const int64_t global = 1 << 20, off = 12345, n = 70001;
  auto word = [&](uint64_t g, uint32_t tag) {
    const uint64_t c = g / 2;
    const auto x = philox4x32_10({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), tag, 0}, {key[0], key[1]});
    return g % 2 ? uint64_t{x[2]} | (uint64_t{x[3]} << 32) : uint64_t{x[0]} | (uint64_t{x[1]} << 32);
  };
  auto unit = [](uint64_t w) { return static_cast<long double>(w >> 11) * 0x1p-53L; };
  auto unit0 = [](uint64_t w) { return (static_cast<long double>(w >> 11) + 1) * 0x1p-53L; };
  const long double two_pi = 2 * 3.141592653589793238462643383279502884L;
  for (auto d : {block_dist::uniform, block_dist::normal, block_dist::exponential, block_dist::integers}) {
    SCOPED_TRACE(static_cast<int>(d));
    const block_params p = params_for(d);
    const nd::array b = block(seed, stream, {global}, {off}, {n}, p);
    int64_t bad = 0;
    double worst = 0;  // largest error in units of 2^-52 of the value's scale
    for (int64_t i = 0; i < n; ++i) {
      const auto g = static_cast<uint64_t>(off + i);
      if (d == block_dist::integers) {
        const uint64_t w = word(g, 3);
        const auto r = static_cast<uint64_t>((static_cast<uint128_t>(w) * static_cast<uint64_t>(p.ihigh - p.ilow)) >> 64);
        bad += b.data<int64_t>()[i] != p.ilow + static_cast<int64_t>(r);
        continue;
      }
      const double got = b.data<double>()[i];
      if (d == block_dist::uniform) {
        bad += got != p.low + (p.high - p.low) * static_cast<double>(unit(word(g, 0)));
        continue;
      }
      long double ref, scale;
      if (d == block_dist::exponential) {
        ref = -p.high * std::log(unit0(word(g, 2)));
        scale = std::fabs(ref);
      } else {
        const uint64_t pair = g & ~uint64_t{1};
        const long double radius = std::sqrt(-2 * std::log(unit0(word(pair, 1))));
        const long double angle = two_pi * unit(word(pair + 1, 1));
        ref = p.low + p.high * radius * (g % 2 ? std::sin(angle) : std::cos(angle));
        scale = std::fabs(p.low) + p.high * radius;
      }
      const double err = static_cast<double>(std::fabs(got - ref) / (scale * 0x1p-52L + 1e-300L));
      worst = std::max(worst, err);
      bad += err > 4;
    }
    EXPECT_EQ(bad, 0) << "worst error " << worst << " * 2^-52 relative";
  }
}

// Random123's published known-answer vectors for Philox-4x32-10.
TEST(RandomBlock, Philox4x32KnownAnswers) {
  using w4 = std::array<uint32_t, 4>;
  EXPECT_EQ(philox4x32_10({0, 0, 0, 0}, {0, 0}), (w4{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
            (w4{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (w4{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

// Counters whose low word wraps inside a vector take the scalar path; the values still follow
// the definition (high word incremented), and the tile boundary there is seamless.
TEST(RandomBlock, CounterCarryAcrossTheLowWord) {
  const uint64_t seed = 3, stream = 0;
  const auto key = seed_sequence(seed_sequence::words_of(seed), {stream}).generate_state32(2);
  const int64_t global = int64_t{1} << 40, n = 4096;
  const int64_t off = (int64_t{1} << 33) - 1000;  // element pairs cross c = 2^32
  block_params p;
  p.dist = block_dist::integers;
  p.ilow = std::numeric_limits<int64_t>::min();
  p.ihigh = std::numeric_limits<int64_t>::max();
  const nd::array b = block(seed, stream, {global}, {off}, {n}, p);
  const uint64_t range = static_cast<uint64_t>(p.ihigh) - static_cast<uint64_t>(p.ilow);
  int64_t bad = 0;
  for (int64_t i = 0; i < n; ++i) {
    const auto g = static_cast<uint64_t>(off + i), c = g / 2;
    const auto x = philox4x32_10({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 3, 0}, {key[0], key[1]});
    const uint64_t w = g % 2 ? uint64_t{x[2]} | (uint64_t{x[3]} << 32) : uint64_t{x[0]} | (uint64_t{x[1]} << 32);
    const auto r = static_cast<uint64_t>((static_cast<uint128_t>(w) * range) >> 64);
    bad += b.data<int64_t>()[i] != static_cast<int64_t>(static_cast<uint64_t>(p.ilow) + r);
  }
  EXPECT_EQ(bad, 0);
}

TEST(RandomBlock, StreamsAndSeedsDiffer) {
  block_params p;
  EXPECT_NE(hex_of(block(1, 0, {64}, {0}, {64}, p)), hex_of(block(1, 1, {64}, {0}, {64}, p)));
  EXPECT_NE(hex_of(block(1, 0, {64}, {0}, {64}, p)), hex_of(block(2, 0, {64}, {0}, {64}, p)));
}

// ------------------------------------------------------------------ errors

TEST(RandomErrors, NumpyMessages) {
  using testing::HasSubstr;
  using testing::ThrowsMessage;
  generator g = default_rng(1);
  EXPECT_THAT([&] { g.random({-1}); }, ThrowsMessage<nd::value_error>(HasSubstr("negative dimensions are not allowed")));
  EXPECT_THAT([&] { g.integers(nd::array(int64_t{5}), nd::array(int64_t{5})); },
              ThrowsMessage<nd::value_error>(HasSubstr("[integers] low >= high")));
  EXPECT_THAT([&] { g.integers(nd::array(int64_t{5}), nd::array(int64_t{4}), std::nullopt, nd::int64, true); },
              ThrowsMessage<nd::value_error>(HasSubstr("low > high")));
  EXPECT_THAT([&] { g.integers(nd::array(int64_t{-1}), nd::array(int64_t{4}), std::nullopt, nd::uint8); },
              ThrowsMessage<nd::value_error>(HasSubstr("low is out of bounds for uint8")));
  EXPECT_THAT([&] { g.integers(nd::array(int64_t{0}), nd::array(int64_t{300}), std::nullopt, nd::uint8); },
              ThrowsMessage<nd::value_error>(HasSubstr("high is out of bounds for uint8")));
  EXPECT_THAT([&] { g.choice_indices(5, {6}, false); },
              ThrowsMessage<nd::value_error>(HasSubstr("Cannot take a larger sample than population")));
  EXPECT_THAT([&] { g.choice_indices(3, {2}, true, nd::array({0.5, 0.6, 0.1})); },
              ThrowsMessage<nd::value_error>(HasSubstr("Probabilities do not sum to 1")));
  EXPECT_THAT([&] { g.choice_indices(3, {2}, true, nd::array({0.5, 0.5})); },
              ThrowsMessage<nd::value_error>(HasSubstr("a and p must have same size")));
  EXPECT_THAT([&] { g.normal(scalar(0), scalar(-1)); }, ThrowsMessage<nd::value_error>(HasSubstr("[normal] scale < 0")));
  EXPECT_THAT([&] { g.normal(scalar(0), nd::array({1.0, 2.0}), nd::shape_t{3}); },
              ThrowsMessage<nd::value_error>(HasSubstr("could not be broadcast")));
  EXPECT_THAT([&] { g.beta(scalar(0), scalar(1)); }, ThrowsMessage<nd::value_error>(HasSubstr("a <= 0")));
  EXPECT_THAT([&] { g.poisson(scalar(-1)); }, ThrowsMessage<nd::value_error>(HasSubstr("lam < 0")));
  EXPECT_THAT([&] { g.binomial(nd::array(int64_t{5}), scalar(1.5)); },
              ThrowsMessage<nd::value_error>(HasSubstr("p < 0, p > 1 or p is NaN")));
  EXPECT_THAT([&] { g.geometric(scalar(0)); }, ThrowsMessage<nd::value_error>(HasSubstr("p <= 0, p > 1")));
  EXPECT_THAT([&] { block(1, 0, {10}, {5}, {6}, block_params{}); },
              ThrowsMessage<nd::shape_error>(HasSubstr("does not fit in global shape")));
  EXPECT_THAT([&] { default_rng(1).bit_gen().spawn(-1); }, ThrowsMessage<nd::value_error>(HasSubstr("n_children")));
}

TEST(RandomNumpy, BroadcastParameters) {
  generator g = default_rng(3);
  const nd::array out = g.normal(nd::array({0.0, 10.0, 100.0}), scalar(1.0), nd::shape_t{2, 3});
  ASSERT_EQ(out.shape(), (nd::shape_t{2, 3}));
  EXPECT_GT(out.at<double>({0, 2}), 90.0);
  EXPECT_LT(out.at<double>({1, 0}), 10.0);
}

}  // namespace

namespace {
TEST(RandomNumpy, PermutedLeavesItsInputAlone) {
  generator g = default_rng(0);
  nd::array x = nd::arange_int(0, 24, 1, nd::int64);
  const nd::array x2 = nd::reshape(x, {4, 6});
  const nd::array y = g.permuted(x2, 1);
  for (int64_t i = 0; i < 24; ++i) EXPECT_EQ(x.data<int64_t>()[i], i);
  EXPECT_NE(hex_of(y), hex_of(x2));
}

// multivariate_normal's positive-semidefinite check (NumPy's check_valid / tol).
TEST(RandomNumpy, MultivariateNormalCheckValid) {
  using testing::HasSubstr;
  using testing::ThrowsMessage;
  const nd::array mean = nd::array({0.0, 0.0});
  const nd::array bad = nd::reshape(nd::array({1.0, 2.0, 2.0, 1.0}), {2, 2});  // eigenvalues 3, -1
  const nd::array good = nd::reshape(nd::array({2.0, 0.5, 0.5, 1.0}), {2, 2});
  for (const char* method : {"svd", "eigh"}) {
    SCOPED_TRACE(method);
    generator g = default_rng(4);
    bool not_psd = false;
    const nd::array x = g.multivariate_normal(mean, bad, {3}, method, "warn", 1e-8, &not_psd);
    EXPECT_TRUE(not_psd);
    EXPECT_EQ(x.shape(), (nd::shape_t{3, 2}));
    EXPECT_THAT([&] { g.multivariate_normal(mean, bad, {3}, method, "raise"); },
                ThrowsMessage<nd::value_error>(HasSubstr("covariance is not symmetric positive-semidefinite")));
    not_psd = true;
    (void)g.multivariate_normal(mean, bad, {3}, method, "ignore", 1e-8, &not_psd);
    EXPECT_FALSE(not_psd);
    (void)g.multivariate_normal(mean, good, {3}, method, "raise", 1e-8, &not_psd);
    EXPECT_FALSE(not_psd);
    // a tolerance wide enough accepts the indefinite matrix (eigh: -1 >= -tol)
    (void)g.multivariate_normal(mean, bad, {3}, method, "raise", 2.5, &not_psd);
    EXPECT_FALSE(not_psd);
    EXPECT_THAT([&] { g.multivariate_normal(mean, good, {3}, method, "loud"); },
                ThrowsMessage<nd::value_error>(HasSubstr("check_valid must equal 'warn', 'raise', or 'ignore'")));
  }
  generator g = default_rng(4);
  EXPECT_THROW(g.multivariate_normal(mean, bad, {3}, "cholesky", "raise"), nd::linalg_error);
  EXPECT_THROW(g.multivariate_normal(nd::astype(mean, nd::complex128), good, {3}), nd::dtype_error);
}
}  // namespace

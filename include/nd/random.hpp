#pragma once
/// Random numbers, two ways (see docs/random.md):
///
/// 1. NumPy-identical streams. `seed_sequence`, the bit generators `pcg64`, `pcg64dxsm`,
///    `philox`, `sfc64`, `mt19937` and `generator` reproduce numpy.random bit for bit: the
///    same seed and the same calls in the same order give the same numbers as
///    `numpy.random.default_rng(seed)` (NumPy 2.x).
/// 2. Counter-based blocks. `fill_block` computes any block of a logically huge array from
///    (seed, stream, global shape, block offset): element (i, j, ...) gets the same value
///    whichever block computes it, so the partition layer can generate blocks anywhere, in
///    any order, on any number of threads or processes.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nd/export.hpp"
#include "nd/ndarray.hpp"

namespace nd::random {

__extension__ typedef unsigned __int128 uint128_t;

/// NumPy's SeedSequence: mixes entropy (32-bit words) and a spawn key into a pool of
/// `pool_size` words, and hashes the pool into as many state words as a bit generator needs.
class ND_API seed_sequence {
 public:
  static constexpr int default_pool_size = 4;

  /// `entropy` as 32-bit words, least significant first (NumPy's coercion of an int).
  explicit seed_sequence(std::vector<uint32_t> entropy, std::vector<uint64_t> spawn_key = {},
                         int pool_size = default_pool_size, uint64_t n_children_spawned = 0);
  /// SeedSequence(seed) for a non-negative integer seed.
  static seed_sequence from_seed(uint64_t seed);
  /// SeedSequence(None): 128 bits of entropy from the operating system.
  static seed_sequence from_os_entropy();
  /// The 32-bit words NumPy makes of a non-negative integer (0 -> [0]).
  static std::vector<uint32_t> words_of(uint64_t value);

  const std::vector<uint32_t>& entropy() const { return entropy_; }
  const std::vector<uint64_t>& spawn_key() const { return spawn_key_; }
  int pool_size() const { return pool_size_; }
  uint64_t n_children_spawned() const { return n_children_spawned_; }
  const std::vector<uint32_t>& pool() const { return pool_; }

  std::vector<uint32_t> generate_state32(int64_t n_words) const;
  std::vector<uint64_t> generate_state64(int64_t n_words) const;
  /// Children with spawn keys spawn_key + (n_children_spawned + i,).
  std::vector<seed_sequence> spawn(int64_t n_children);

 private:
  std::vector<uint32_t> entropy_;
  std::vector<uint64_t> spawn_key_;
  int pool_size_;
  uint64_t n_children_spawned_;
  std::vector<uint32_t> pool_;
};

enum class bitgen_kind { pcg64, pcg64dxsm, philox, sfc64, mt19937 };

/// A source of raw random words with NumPy's interface: 64-bit words, 32-bit words (the
/// high half of a 64-bit word kept for the next call, as NumPy does) and doubles.
class ND_API bit_generator {
 public:
  virtual ~bit_generator() = default;
  virtual bitgen_kind kind() const = 0;
  virtual const char* name() const = 0;
  virtual uint64_t next_uint64() = 0;
  virtual uint32_t next_uint32() = 0;
  virtual double next_double() = 0;
  /// One raw output word (64 bits; MT19937's are 32 bits, as NumPy's random_raw).
  virtual uint64_t next_raw() { return next_uint64(); }
  /// An independent copy with the same state.
  virtual std::shared_ptr<bit_generator> clone() const = 0;
  /// A new generator of the same kind seeded from `seq`.
  virtual std::shared_ptr<bit_generator> make(const seed_sequence& seq) const = 0;
  /// Whether advance() exists (PCG64, PCG64DXSM, Philox; MT19937 has jumped() only).
  virtual bool can_advance() const { return false; }
  /// Moves the stream `delta` draws ahead (mod 2^128 or 2^256); throws value_error otherwise.
  virtual void advance(uint128_t delta);
  /// A copy advanced by NumPy's jump size times `jumps`.
  virtual std::shared_ptr<bit_generator> jumped(uint64_t jumps = 1) const;

  /// The seed sequence this generator was made from (absent after a state was set by hand).
  const std::optional<seed_sequence>& seed_seq() const { return seq_; }
  /// Children of the same kind from seed_seq().spawn(n) (value_error without a seed sequence).
  std::vector<std::shared_ptr<bit_generator>> spawn(int64_t n_children);
  /// `n` raw 64-bit words (NumPy's random_raw).
  array random_raw(int64_t n);

 protected:
  std::optional<seed_sequence> seq_;
};

namespace detail {
/// A 64-bit word to a double in [0, 1) as NumPy's generators do: (w >> 11) * 2^-53.
inline double dbl_of(uint64_t w) { return static_cast<double>(w >> 11) * (1.0 / 9007199254740992.0); }

/// The 32-bit draw of NumPy's 64-bit generators: the low half of a new 64-bit word, then its
/// high half on the next call. E::step64(state) makes the word.
template <class E>
uint32_t next32_of(typename E::state_t& s) {
  if (s.has_uint32) {
    s.has_uint32 = false;
    return s.uinteger;
  }
  const uint64_t v = E::step64(s);
  s.has_uint32 = true;
  s.uinteger = static_cast<uint32_t>(v >> 32);
  return static_cast<uint32_t>(v);
}
}  // namespace detail

/// PCG-64 XSL-RR (NumPy's default).
class ND_API pcg64 final : public bit_generator {
 public:
  static constexpr uint128_t multiplier = (uint128_t{2549297995355413924ULL} << 64) | 4865540595714422341ULL;
  struct state_t {
    uint128_t state = 0, inc = 0;
    bool has_uint32 = false;
    uint32_t uinteger = 0;
  };
  explicit pcg64(const seed_sequence& seq);
  explicit pcg64(const state_t& s) : st_(s) {}

  /// One step on a state (the generators' inner loops run it on a local copy of the state).
  static uint64_t step64(state_t& s) {
    s.state = s.state * multiplier + s.inc;
    const uint64_t hi = static_cast<uint64_t>(s.state >> 64), lo = static_cast<uint64_t>(s.state);
    const unsigned rot = static_cast<unsigned>(s.state >> 122);
    const uint64_t x = hi ^ lo;
    return (x >> rot) | (x << ((64 - rot) & 63));
  }
  uint64_t next64() { return step64(st_); }
  uint32_t next32() { return detail::next32_of<pcg64>(st_); }
  double next_dbl() { return detail::dbl_of(step64(st_)); }

  bitgen_kind kind() const override { return bitgen_kind::pcg64; }
  const char* name() const override { return "PCG64"; }
  uint64_t next_uint64() override { return next64(); }
  uint32_t next_uint32() override { return next32(); }
  double next_double() override { return next_dbl(); }
  std::shared_ptr<bit_generator> clone() const override { return std::make_shared<pcg64>(*this); }
  std::shared_ptr<bit_generator> make(const seed_sequence& seq) const override { return std::make_shared<pcg64>(seq); }
  bool can_advance() const override { return true; }
  void advance(uint128_t delta) override;
  std::shared_ptr<bit_generator> jumped(uint64_t jumps = 1) const override;

  const state_t& state() const { return st_; }
  void set_state(const state_t& s) { st_ = s; }

 private:
  state_t st_;
};

/// PCG-64 DXSM (NumPy's PCG64DXSM): the cheap 64-bit multiplier and the DXSM output.
class ND_API pcg64dxsm final : public bit_generator {
 public:
  static constexpr uint64_t cheap_multiplier = 0xda942042e4dd58b5ULL;
  using state_t = pcg64::state_t;
  explicit pcg64dxsm(const seed_sequence& seq);
  explicit pcg64dxsm(const state_t& s) : st_(s) {}

  static uint64_t step64(state_t& s) {
    uint64_t hi = static_cast<uint64_t>(s.state >> 64);
    const uint64_t lo = static_cast<uint64_t>(s.state) | 1U;
    hi ^= hi >> 32;
    hi *= cheap_multiplier;
    hi ^= hi >> 48;
    hi *= lo;
    s.state = s.state * cheap_multiplier + s.inc;
    return hi;
  }
  uint64_t next64() { return step64(st_); }
  uint32_t next32() { return detail::next32_of<pcg64dxsm>(st_); }
  double next_dbl() { return detail::dbl_of(step64(st_)); }

  bitgen_kind kind() const override { return bitgen_kind::pcg64dxsm; }
  const char* name() const override { return "PCG64DXSM"; }
  uint64_t next_uint64() override { return next64(); }
  uint32_t next_uint32() override { return next32(); }
  double next_double() override { return next_dbl(); }
  std::shared_ptr<bit_generator> clone() const override { return std::make_shared<pcg64dxsm>(*this); }
  std::shared_ptr<bit_generator> make(const seed_sequence& seq) const override {
    return std::make_shared<pcg64dxsm>(seq);
  }
  bool can_advance() const override { return true; }
  void advance(uint128_t delta) override;
  std::shared_ptr<bit_generator> jumped(uint64_t jumps = 1) const override;

  const state_t& state() const { return st_; }
  void set_state(const state_t& s) { st_ = s; }

 private:
  state_t st_;
};

namespace detail {
template <class W>
struct philox_traits;
template <>
struct philox_traits<uint64_t> {  // Philox-4x64
  using wide = uint128_t;
  static constexpr uint64_t m0 = 0xD2E7470EE14C6C93ULL, m1 = 0xCA5A826395121157ULL;
  static constexpr uint64_t w0 = 0x9E3779B97F4A7C15ULL, w1 = 0xBB67AE8584CAA73BULL;
};
template <>
struct philox_traits<uint32_t> {  // Philox-4x32
  using wide = uint64_t;
  static constexpr uint32_t m0 = 0xD2511F53U, m1 = 0xCD9E8D57U;
  static constexpr uint32_t w0 = 0x9E3779B9U, w1 = 0xBB67AE85U;
};

// Ten Philox rounds on four words of W under a two-word key.
template <class W>
std::array<W, 4> philox4_10(std::array<W, 4> c, std::array<W, 2> k) {
  using t = philox_traits<W>;
  using wide = typename t::wide;
  constexpr int bits = 8 * sizeof(W);
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] += t::w0;
      k[1] += t::w1;
    }
    const wide p0 = wide{t::m0} * c[0], p1 = wide{t::m1} * c[2];
    c = {static_cast<W>(p1 >> bits) ^ c[1] ^ k[0], static_cast<W>(p1), static_cast<W>(p0 >> bits) ^ c[3] ^ k[1],
         static_cast<W>(p0)};
  }
  return c;
}
}  // namespace detail

/// The Philox-4x64-10 bijection: 10 rounds on a 256-bit counter under a 128-bit key
/// (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3").
inline std::array<uint64_t, 4> philox4x64_10(std::array<uint64_t, 4> c, std::array<uint64_t, 2> k) {
  return detail::philox4_10<uint64_t>(c, k);
}

/// The Philox-4x32-10 bijection: 10 rounds on a 128-bit counter under a 64-bit key (the same
/// paper; Random123's constants). The counter-based blocks use it: its 32x32 -> 64-bit
/// products are native vector multiplies, so it runs about twice as fast as 4x64 in SIMD.
inline std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> c, std::array<uint32_t, 2> k) {
  return detail::philox4_10<uint32_t>(c, k);
}

/// Philox 4x64-10 as NumPy's Philox: the counter is incremented before each block of four words.
class ND_API philox final : public bit_generator {
 public:
  struct state_t {
    std::array<uint64_t, 4> counter{};
    std::array<uint64_t, 2> key{};
    std::array<uint64_t, 4> buffer{};
    int buffer_pos = 4;
    bool has_uint32 = false;
    uint32_t uinteger = 0;
  };
  explicit philox(const seed_sequence& seq);
  explicit philox(const state_t& s) : st_(s) {}

  static uint64_t step64(state_t& s) {
    if (s.buffer_pos < 4) return s.buffer[static_cast<size_t>(s.buffer_pos++)];
    for (auto& c : s.counter)
      if (++c != 0) break;
    s.buffer = philox4x64_10(s.counter, s.key);
    s.buffer_pos = 1;
    return s.buffer[0];
  }
  uint64_t next64() { return step64(st_); }
  uint32_t next32() { return detail::next32_of<philox>(st_); }
  double next_dbl() { return detail::dbl_of(step64(st_)); }

  bitgen_kind kind() const override { return bitgen_kind::philox; }
  const char* name() const override { return "Philox"; }
  uint64_t next_uint64() override { return next64(); }
  uint32_t next_uint32() override { return next32(); }
  double next_double() override { return next_dbl(); }
  std::shared_ptr<bit_generator> clone() const override { return std::make_shared<philox>(*this); }
  std::shared_ptr<bit_generator> make(const seed_sequence& seq) const override { return std::make_shared<philox>(seq); }
  bool can_advance() const override { return true; }
  /// Adds `delta` to the 256-bit counter (NumPy's Philox.advance with delta < 2^128).
  void advance(uint128_t delta) override;
  void advance256(const std::array<uint64_t, 4>& delta);
  /// jumps * 2^128 counter steps.
  std::shared_ptr<bit_generator> jumped(uint64_t jumps = 1) const override;

  const state_t& state() const { return st_; }
  void set_state(const state_t& s) { st_ = s; }

 private:
  state_t st_;
};

/// Chris Doty-Humphrey's Small Fast Chaotic PRNG, 64-bit (NumPy's SFC64).
class ND_API sfc64 final : public bit_generator {
 public:
  struct state_t {
    std::array<uint64_t, 4> s{};  // a, b, c, counter
    bool has_uint32 = false;
    uint32_t uinteger = 0;
  };
  explicit sfc64(const seed_sequence& seq);
  explicit sfc64(const state_t& s) : st_(s) {}

  static uint64_t step64(state_t& st) {
    auto& s = st.s;
    const uint64_t tmp = s[0] + s[1] + s[3]++;
    s[0] = s[1] ^ (s[1] >> 11);
    s[1] = s[2] + (s[2] << 3);
    s[2] = ((s[2] << 24) | (s[2] >> 40)) + tmp;
    return tmp;
  }
  uint64_t next64() { return step64(st_); }
  uint32_t next32() { return detail::next32_of<sfc64>(st_); }
  double next_dbl() { return detail::dbl_of(step64(st_)); }

  bitgen_kind kind() const override { return bitgen_kind::sfc64; }
  const char* name() const override { return "SFC64"; }
  uint64_t next_uint64() override { return next64(); }
  uint32_t next_uint32() override { return next32(); }
  double next_double() override { return next_dbl(); }
  std::shared_ptr<bit_generator> clone() const override { return std::make_shared<sfc64>(*this); }
  std::shared_ptr<bit_generator> make(const seed_sequence& seq) const override { return std::make_shared<sfc64>(seq); }

  const state_t& state() const { return st_; }
  void set_state(const state_t& s) { st_ = s; }

 private:
  state_t st_;
};

/// The Mersenne Twister MT19937 seeded as NumPy's MT19937(SeedSequence).
class ND_API mt19937 final : public bit_generator {
 public:
  static constexpr int n = 624;
  struct state_t {
    std::array<uint32_t, 624> key{};
    int pos = 624;
  };
  explicit mt19937(const seed_sequence& seq);
  explicit mt19937(const state_t& s) : st_(s) {}

  uint32_t next32() {
    if (st_.pos == n) regenerate();
    uint32_t y = st_.key[static_cast<size_t>(st_.pos++)];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    return y ^ (y >> 18);
  }
  uint64_t next64() {
    const uint64_t hi = next32();
    return (hi << 32) | next32();
  }
  double next_dbl() {
    const uint32_t a = next32() >> 5, b = next32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  bitgen_kind kind() const override { return bitgen_kind::mt19937; }
  const char* name() const override { return "MT19937"; }
  uint64_t next_uint64() override { return next64(); }
  uint32_t next_uint32() override { return next32(); }
  double next_double() override { return next_dbl(); }
  uint64_t next_raw() override { return next32(); }
  std::shared_ptr<bit_generator> clone() const override { return std::make_shared<mt19937>(*this); }
  std::shared_ptr<bit_generator> make(const seed_sequence& seq) const override { return std::make_shared<mt19937>(seq); }

  /// A copy moved 2^128 * jumps words ahead, bit-identical to NumPy's MT19937.jumped.
  std::shared_ptr<bit_generator> jumped(uint64_t jumps = 1) const override;
  /// One jump of 2^128 words in place (NumPy's jump_inplace(1)).
  void jump_inplace();

  const state_t& state() const { return st_; }
  /// value_error unless 0 <= pos <= 624.
  void set_state(const state_t& s);

 private:
  void regenerate();
  state_t st_;
};

/// Parameters of a distribution: a 0-d array for a scalar, or an array broadcast against
/// the others (and against `size` when given), as NumPy does.
using param = array;
using opt_shape = std::optional<shape_t>;

/// numpy.random.Generator over a shared bit generator. Every method draws in NumPy's order,
/// so the results equal NumPy's for the same bit-generator state. Bad parameters throw
/// value_error with NumPy's message prefixed by the method: `[normal] scale < 0`.
class ND_API generator {
 public:
  explicit generator(std::shared_ptr<bit_generator> bg);
  bit_generator& bit_gen() { return *bg_; }
  const std::shared_ptr<bit_generator>& bit_generator_ptr() const { return bg_; }

  /// float64 or float32 in [0, 1). Large float64 draws from PCG64/PCG64DXSM/Philox are split
  /// across threads with advance() and give the same numbers.
  array random(const shape_t& size, dtype dt = float64);
  void random_into(array& out);
  array standard_normal(const shape_t& size, dtype dt = float64);
  void standard_normal_into(array& out);
  /// method "zig" (ziggurat, default) or "inv" (inverse CDF).
  array standard_exponential(const shape_t& size, dtype dt = float64, bool inverse = false);
  void standard_exponential_into(array& out, bool inverse = false);
  /// Integers in [low, high) (or [low, high] with endpoint) of any integer dtype or bool;
  /// bounds broadcast. value_error for low >= high or bounds out of the dtype's range.
  array integers(const param& low, const param& high, const opt_shape& size = std::nullopt, dtype dt = int64,
                 bool endpoint = false);
  array uniform(const param& low, const param& high, const opt_shape& size = std::nullopt);
  array normal(const param& loc, const param& scale, const opt_shape& size = std::nullopt);
  array exponential(const param& scale, const opt_shape& size = std::nullopt);
  array lognormal(const param& mean, const param& sigma, const opt_shape& size = std::nullopt);
  array standard_gamma(const param& shape, const opt_shape& size = std::nullopt, dtype dt = float64);
  array gamma(const param& shape, const param& scale, const opt_shape& size = std::nullopt);
  array beta(const param& a, const param& b, const opt_shape& size = std::nullopt);
  array chisquare(const param& df, const opt_shape& size = std::nullopt);
  array poisson(const param& lam, const opt_shape& size = std::nullopt);
  array binomial(const param& n, const param& p, const opt_shape& size = std::nullopt);
  array geometric(const param& p, const opt_shape& size = std::nullopt);

  /// Shuffles `a` in place along `axis` (NumPy's Generator.shuffle).
  void shuffle(array& a, int64_t axis = 0);
  /// arange(n) shuffled, or a shuffled copy of `a` along `axis`.
  array permutation(int64_t n);
  array permutation(const array& a, int64_t axis = 0);
  /// A copy of `a` with each 1-d slice along `axis` shuffled independently (all elements
  /// together when axis is absent).
  array permuted(const array& a, std::optional<int64_t> axis = std::nullopt);
  /// Indices into a population of `pop_size` (Generator.choice on an integer or an array's
  /// first axis). value_error for a sample larger than the population without replacement,
  /// p of the wrong size, negative or not summing to 1.
  array choice_indices(int64_t pop_size, const shape_t& size, bool replace = true,
                       const std::optional<array>& p = std::nullopt, bool shuffle = true);
  /// `length` random bytes.
  std::string bytes(int64_t length);
  /// Draws with the given mean (n,) and covariance (n, n): standard normals of shape
  /// size + (n,) times a square root of cov from its SVD (method "svd"), eigendecomposition
  /// ("eigh") or Cholesky factor ("cholesky"), plus mean, as NumPy's Generator.
  /// check_valid ("warn", "raise" or "ignore") and tol test, as NumPy does, whether cov is
  /// symmetric positive-semidefinite (svd: U S Vh reproduces cov within tol; eigh: no
  /// eigenvalue below -tol; not for cholesky, which fails on its own). "raise" throws
  /// value_error; C++ has no warnings, so "warn" only sets *not_psd (when given) and draws.
  array multivariate_normal(const array& mean, const array& cov, const shape_t& size,
                            const std::string& method = "svd", const std::string& check_valid = "warn",
                            double tol = 1e-8, bool* not_psd = nullptr);

 private:
  std::shared_ptr<bit_generator> bg_;
};

/// default_rng(seed): a generator over PCG64(SeedSequence(seed)).
ND_API generator default_rng(uint64_t seed);
ND_API generator default_rng(const seed_sequence& seq);

// ---------------------------------------------------------------------------------------
// Counter-based blocks.

enum class block_dist { uniform, normal, exponential, integers };

/// What fill_block draws: uniform in [low, high), normal(loc=low, scale=high),
/// exponential(scale=high), or integers in [ilow, ihigh).
struct block_params {
  block_dist dist = block_dist::uniform;
  double low = 0.0, high = 1.0;
  int64_t ilow = 0, ihigh = 2;
};

/// Fills `out` (float64 for uniform/normal/exponential, int64 for integers) with the block of
/// a logically `global_shape` array that starts at `offset`; out.shape() is the block's shape.
/// Element with global C-order index g is a function of (seed, stream, g) only:
/// Philox-4x32-10 keyed by SeedSequence(seed, spawn_key=(stream,)).generate_state(2, uint32),
/// counter (c mod 2^32, c / 2^32, tag, 0) for c = g / 2, tag 0 uniform, 1 normal,
/// 2 exponential, 3 integers. A call's words x0..x3 make two 64-bit words, x0 | x1 << 32 for
/// even g and x2 | x3 << 32 for odd g (normal: Box–Muller on that pair, cosine for even g,
/// sine for odd g). No rejection loop: every element costs a fixed number of counter values.
/// Large blocks run on nd's thread pool; the values never depend on the thread count, the
/// block grid or the machine's vector width (docs/random.md).
ND_API void fill_block(uint64_t seed, uint64_t stream, const shape_t& global_shape, const shape_t& offset,
                       const block_params& params, array& out);
/// The block as a new array of shape `block_shape`.
ND_API array block(uint64_t seed, uint64_t stream, const shape_t& global_shape, const shape_t& offset,
                   const shape_t& block_shape, const block_params& params);

}  // namespace nd::random

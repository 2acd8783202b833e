// SeedSequence and the bit generators, each seeded as NumPy seeds it (see docs/random.md).
#include <fmt/format.h>

#include <cstring>
#include <random>

#include "nd/creation.hpp"
#include "nd/error.hpp"
#include "nd/random.hpp"

namespace nd::random {
namespace {

// SeedSequence's hashing constants (O'Neill's seed_seq_fe design as NumPy implements it).
constexpr uint32_t init_a = 0x43b0d7e5U, mult_a = 0x931e8875U;
constexpr uint32_t init_b = 0x8b51f9ddU, mult_b = 0x58f38dedU;
constexpr uint32_t mix_mult_l = 0xca01f9ddU, mix_mult_r = 0x4973f715U;
constexpr int xshift = 16;

uint32_t hashmix(uint32_t value, uint32_t& hash_const) {
  value ^= hash_const;
  hash_const *= mult_a;
  value *= hash_const;
  value ^= value >> xshift;
  return value;
}

uint32_t mix(uint32_t x, uint32_t y) {
  uint32_t r = mix_mult_l * x - mix_mult_r * y;
  r ^= r >> xshift;
  return r;
}

uint128_t u128(uint64_t hi, uint64_t lo) { return (uint128_t{hi} << 64) | lo; }

uint128_t advance_lcg(uint128_t state, uint128_t delta, uint128_t mult, uint128_t plus) {
  uint128_t acc_mult = 1, acc_plus = 0;
  while (delta > 0) {
    if (delta & 1) {
      acc_mult *= mult;
      acc_plus = acc_plus * mult + plus;
    }
    plus = (mult + 1) * plus;
    mult *= mult;
    delta >>= 1;
  }
  return acc_mult * state + acc_plus;
}

// PCG64's jump size: the golden ratio times 2^128.
const uint128_t pcg_jump_step = u128(0x9e3779b97f4a7c15ULL, 0xf39cc0605cedc835ULL);

}  // namespace

// ---------------------------------------------------------------- seed_sequence

seed_sequence::seed_sequence(std::vector<uint32_t> entropy, std::vector<uint64_t> spawn_key, int pool_size,
                             uint64_t n_children_spawned)
    : entropy_(std::move(entropy)),
      spawn_key_(std::move(spawn_key)),
      pool_size_(pool_size),
      n_children_spawned_(n_children_spawned) {
  if (pool_size_ < 4) throw value_error(fmt::format("[SeedSequence] pool_size must be >= 4, got {}", pool_size_));
  // The assembled entropy: run entropy (zero-padded to the pool when a spawn key follows)
  // then the spawn key's words.
  std::vector<uint32_t> words = entropy_;
  if (!spawn_key_.empty() && words.size() < static_cast<size_t>(pool_size_)) words.resize(static_cast<size_t>(pool_size_), 0);
  for (uint64_t k : spawn_key_)
    for (uint32_t w : words_of(k)) words.push_back(w);

  pool_.assign(static_cast<size_t>(pool_size_), 0);
  uint32_t hash_const = init_a;
  for (size_t i = 0; i < pool_.size(); ++i) pool_[i] = hashmix(i < words.size() ? words[i] : 0U, hash_const);
  for (size_t src = 0; src < pool_.size(); ++src)
    for (size_t dst = 0; dst < pool_.size(); ++dst)
      if (src != dst) pool_[dst] = mix(pool_[dst], hashmix(pool_[src], hash_const));
  for (size_t src = pool_.size(); src < words.size(); ++src)
    for (size_t dst = 0; dst < pool_.size(); ++dst) pool_[dst] = mix(pool_[dst], hashmix(words[src], hash_const));
}

std::vector<uint32_t> seed_sequence::words_of(uint64_t value) {
  if (value == 0) return {0U};
  std::vector<uint32_t> w;
  while (value != 0) {
    w.push_back(static_cast<uint32_t>(value));
    value >>= 32;
  }
  return w;
}

seed_sequence seed_sequence::from_seed(uint64_t seed) { return seed_sequence(words_of(seed)); }

seed_sequence seed_sequence::from_os_entropy() {
  std::random_device rd;
  std::vector<uint32_t> w(4);
  for (auto& x : w) x = rd();
  while (w.size() > 1 && w.back() == 0) w.pop_back();
  return seed_sequence(w);
}

std::vector<uint32_t> seed_sequence::generate_state32(int64_t n_words) const {
  if (n_words < 0) throw value_error("[SeedSequence.generate_state] n_words must be non-negative");
  std::vector<uint32_t> out(static_cast<size_t>(n_words));
  uint32_t hash_const = init_b;
  for (size_t i = 0; i < out.size(); ++i) {
    uint32_t v = pool_[i % pool_.size()];
    v ^= hash_const;
    hash_const *= mult_b;
    v *= hash_const;
    v ^= v >> xshift;
    out[i] = v;
  }
  return out;
}

std::vector<uint64_t> seed_sequence::generate_state64(int64_t n_words) const {
  const auto w = generate_state32(2 * n_words);
  std::vector<uint64_t> out(static_cast<size_t>(n_words));
  for (size_t i = 0; i < out.size(); ++i) out[i] = (uint64_t{w[2 * i + 1]} << 32) | w[2 * i];
  return out;
}

std::vector<seed_sequence> seed_sequence::spawn(int64_t n_children) {
  if (n_children < 0) throw value_error("[SeedSequence.spawn] n_children must be non-negative");
  std::vector<seed_sequence> out;
  for (int64_t i = 0; i < n_children; ++i) {
    auto key = spawn_key_;
    key.push_back(n_children_spawned_ + static_cast<uint64_t>(i));
    out.emplace_back(entropy_, std::move(key), pool_size_);
  }
  n_children_spawned_ += static_cast<uint64_t>(n_children);
  return out;
}

// ---------------------------------------------------------------- bit_generator

void bit_generator::advance(uint128_t) {
  throw value_error(fmt::format("[{}.advance] this bit generator cannot be advanced", name()));
}

std::shared_ptr<bit_generator> bit_generator::jumped(uint64_t) const {
  throw value_error(fmt::format("[{}.jumped] jumped is not available for this bit generator", name()));
}

std::vector<std::shared_ptr<bit_generator>> bit_generator::spawn(int64_t n_children) {
  if (!seq_)
    throw value_error(fmt::format("[{}.spawn] the bit generator has no seed sequence to spawn from", name()));
  std::vector<std::shared_ptr<bit_generator>> out;
  for (const auto& s : seq_->spawn(n_children)) out.push_back(make(s));
  return out;
}

array bit_generator::random_raw(int64_t n) {
  if (n < 0) throw value_error("[random_raw] negative dimensions are not allowed");
  array out = empty({n}, uint64);
  auto* p = out.data<uint64_t>();
  for (int64_t i = 0; i < n; ++i) p[i] = next_raw();
  return out;
}

// ---------------------------------------------------------------- PCG64 / PCG64DXSM

pcg64::pcg64(const seed_sequence& seq) {
  seq_ = seq;
  const auto v = seq.generate_state64(4);
  const uint128_t initstate = u128(v[0], v[1]), initseq = u128(v[2], v[3]);
  st_.state = 0;
  st_.inc = (initseq << 1) | 1;
  st_.state = st_.state * multiplier + st_.inc;
  st_.state += initstate;
  st_.state = st_.state * multiplier + st_.inc;
}

void pcg64::advance(uint128_t delta) {
  st_.state = advance_lcg(st_.state, delta, multiplier, st_.inc);
  st_.has_uint32 = false;
  st_.uinteger = 0;
}

std::shared_ptr<bit_generator> pcg64::jumped(uint64_t jumps) const {
  auto g = std::make_shared<pcg64>(st_);
  g->advance(pcg_jump_step * jumps);
  return g;
}

pcg64dxsm::pcg64dxsm(const seed_sequence& seq) {
  seq_ = seq;
  const auto v = seq.generate_state64(4);
  const uint128_t initstate = u128(v[0], v[1]), initseq = u128(v[2], v[3]);
  // NumPy seeds PCG64DXSM with PCG64's seeding routine (the full 128-bit multiplier).
  st_.state = 0;
  st_.inc = (initseq << 1) | 1;
  st_.state = st_.state * pcg64::multiplier + st_.inc;
  st_.state += initstate;
  st_.state = st_.state * pcg64::multiplier + st_.inc;
}

void pcg64dxsm::advance(uint128_t delta) {
  st_.state = advance_lcg(st_.state, delta, cheap_multiplier, st_.inc);
  st_.has_uint32 = false;
  st_.uinteger = 0;
}

std::shared_ptr<bit_generator> pcg64dxsm::jumped(uint64_t jumps) const {
  auto g = std::make_shared<pcg64dxsm>(st_);
  g->advance(pcg_jump_step * jumps);
  return g;
}

// ---------------------------------------------------------------- Philox

philox::philox(const seed_sequence& seq) {
  seq_ = seq;
  const auto k = seq.generate_state64(2);
  st_.key = {k[0], k[1]};
}

void philox::advance256(const std::array<uint64_t, 4>& delta) {
  unsigned carry = 0;
  for (size_t i = 0; i < 4; ++i) {
    const uint128_t s = uint128_t{st_.counter[i]} + delta[i] + carry;
    st_.counter[i] = static_cast<uint64_t>(s);
    carry = static_cast<unsigned>(s >> 64);
  }
  st_.buffer_pos = 4;
  st_.buffer = {};
  st_.has_uint32 = false;
  st_.uinteger = 0;
}

void philox::advance(uint128_t delta) {
  advance256({static_cast<uint64_t>(delta), static_cast<uint64_t>(delta >> 64), 0, 0});
}

std::shared_ptr<bit_generator> philox::jumped(uint64_t jumps) const {
  auto g = std::make_shared<philox>(st_);
  g->advance256({0, 0, jumps, 0});
  return g;
}

// ---------------------------------------------------------------- SFC64

sfc64::sfc64(const seed_sequence& seq) {
  seq_ = seq;
  const auto v = seq.generate_state64(3);
  st_.s = {v[0], v[1], v[2], 1};
  for (int i = 0; i < 12; ++i) next64();
}

// ---------------------------------------------------------------- MT19937

mt19937::mt19937(const seed_sequence& seq) {
  seq_ = seq;
  const auto v = seq.generate_state32(n);
  // NumPy sets the top bit of word 0 (a non-zero state) and, as its seeding loop leaves
  // it, position 623: the first draw tempers word 623 before the first regeneration.
  st_.key[0] = 0x80000000U;
  for (size_t i = 1; i < static_cast<size_t>(n); ++i) st_.key[i] = v[i];
  st_.pos = n - 1;
}

void mt19937::set_state(const state_t& s) {
  if (s.pos < 0 || s.pos > n) throw value_error(fmt::format("[MT19937.state] pos must be in [0, 624], got {}", s.pos));
  st_ = s;
}

void mt19937::regenerate() {
  constexpr int m = 397;
  constexpr uint32_t upper = 0x80000000U, lower = 0x7fffffffU, matrix_a = 0x9908b0dfU;
  auto& k = st_.key;
  auto twist = [&](size_t i, size_t next, size_t far) {
    const uint32_t y = (k[i] & upper) | (k[next] & lower);
    k[i] = k[far] ^ (y >> 1) ^ ((0U - (y & 1U)) & matrix_a);
  };
  size_t i = 0;
  for (; i < static_cast<size_t>(n - m); ++i) twist(i, i + 1, i + m);
  for (; i < static_cast<size_t>(n - 1); ++i) twist(i, i + 1, i + m - n);
  twist(static_cast<size_t>(n - 1), 0, static_cast<size_t>(m - 1));
  st_.pos = 0;
}

}  // namespace nd::random

// MT19937 jump ahead by 2^128 steps, as numpy.random.MT19937.jumped (Haramoto, Matsumoto,
// Nishimura, Panneton, L'Ecuyer, "Efficient Jump Ahead for F2-Linear Random Number
// Generators", 2008): the state after J steps is p(T) applied to the state, where T is one
// step of the recurrence and p(x) = x^J mod phi(x), phi being the characteristic polynomial
// of MT19937's 19937-dimensional recurrence.
//
// Nothing here is a stored constant: phi is recovered with Berlekamp-Massey from 2 * 19937
// output bits of the recurrence itself, and p(x) = x^(2^128) mod phi by 128 modular
// squarings over GF(2). Both are computed once, on the first jump.
//
// The state is applied as NumPy applies it, so the result is bit-identical to NumPy: the
// 624 words are a circular buffer whose oldest word sits at `pos` (a consumed state,
// pos == 624, is read as pos = 0); one step overwrites the oldest word with the next word of
// the recurrence and moves `pos` on; p(T) is evaluated by Horner's rule with additions that
// align the two buffers by their positions. The result keeps Horner's final position.
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <mutex>
#include <vector>

#include "nd/error.hpp"
#include "nd/random.hpp"

namespace nd::random {
namespace {

constexpr int mt_n = 624, mt_m = 397, mexp = 19937;
constexpr uint32_t upper_mask = 0x80000000U, lower_mask = 0x7fffffffU, matrix_a = 0x9908b0dfU;

// A polynomial over GF(2): bit i of word i / 64 is the coefficient of x^i.
using poly = std::vector<uint64_t>;

bool coef(const poly& p, int64_t i) {
  return (p[static_cast<size_t>(i >> 6)] >> (i & 63)) & 1U;
}

// phi(x) from the sequence s_k = bit 0 of the recurrence's words, by Berlekamp-Massey. The
// recurrence's characteristic polynomial is primitive (its period is 2^19937 - 1), so the
// minimal polynomial of any non-zero output sequence is phi itself.
poly characteristic_polynomial() {
  constexpr int64_t nbits = 2 * mexp;
  // The words x_k, starting from an arbitrary non-zero state.
  std::vector<uint32_t> x(static_cast<size_t>(nbits + mt_n + 1));
  uint32_t v = 5489U;
  for (size_t i = 0; i < static_cast<size_t>(mt_n); ++i) {
    x[i] = v;
    v = 1812433253U * (v ^ (v >> 30)) + static_cast<uint32_t>(i) + 1U;
  }
  for (size_t k = 0; k + static_cast<size_t>(mt_n) < x.size(); ++k) {
    const uint32_t y = (x[k] & upper_mask) | (x[k + 1] & lower_mask);
    x[k + static_cast<size_t>(mt_n)] = x[k + static_cast<size_t>(mt_m)] ^ (y >> 1) ^ ((0U - (y & 1U)) & matrix_a);
  }
  // s_k = bit 0 of x_{k+1} (x_0's low bits are not part of the recurrence's state). The
  // sequence is stored reversed (bit j of `r` is s_{nbits-1-j}), so that the window
  // s_n, s_{n-1}, ..., s_{n-L} lines up with C's coefficients 0..L as a forward bit run.
  const size_t words = static_cast<size_t>(nbits / 64 + 2);
  poly r(words, 0);
  for (int64_t k = 0; k < nbits; ++k)
    if (x[static_cast<size_t>(k + 1)] & 1U) {
      const int64_t j = nbits - 1 - k;
      r[static_cast<size_t>(j >> 6)] |= uint64_t{1} << (j & 63);
    }
  // Bits [start, start + 64) of r as one word.
  auto window = [&](int64_t start) {
    const size_t w = static_cast<size_t>(start >> 6);
    const int sh = static_cast<int>(start & 63);
    const uint64_t lo = r[w] >> sh;
    return sh == 0 || w + 1 >= words ? lo : lo | (r[w + 1] << (64 - sh));
  };

  // Connection polynomials C (current) and B (before the last length change).
  poly c(words, 0), b(words, 0), t;
  c[0] = b[0] = 1;
  int64_t len = 0, m = 1;
  for (int64_t n = 0; n < nbits; ++n) {
    // d = sum_{i=0..L} C_i s_{n-i}; s_{n-i} is bit nbits-1-n+i of r.
    const int64_t base = nbits - 1 - n;
    uint64_t acc = 0;
    for (int64_t i = 0; i <= len; i += 64) {
      uint64_t cw = c[static_cast<size_t>(i >> 6)];
      if (len - i < 63) cw &= (uint64_t{2} << (len - i)) - 1;
      acc ^= cw & window(base + i);
    }
    if ((std::popcount(acc) & 1) == 0) {
      ++m;
      continue;
    }
    // C += x^m B.
    const bool grow = 2 * len <= n;
    if (grow) t = c;
    const size_t ws = static_cast<size_t>(m >> 6);
    const int bs = static_cast<int>(m & 63);
    for (size_t i = 0; i + ws < words; ++i) {
      uint64_t sh = b[i] << bs;
      if (bs && i > 0) sh |= b[i - 1] >> (64 - bs);
      c[i + ws] ^= sh;
    }
    if (grow) {
      len = n + 1 - len;
      b.swap(t);
      m = 1;
    } else {
      ++m;
    }
  }
  if (len != mexp) throw std::logic_error(fmt::format("MT19937 jump: linear complexity {} != 19937", len));
  // phi(x) = x^L C(1/x).
  poly phi(static_cast<size_t>(mexp / 64 + 1), 0);
  for (int64_t i = 0; i <= len; ++i)
    if (coef(c, i)) {
      const int64_t j = len - i;
      phi[static_cast<size_t>(j >> 6)] |= uint64_t{1} << (j & 63);
    }
  return phi;
}

// Bits [pos, pos + len) of p as one word (len <= 64).
uint64_t get_bits(const poly& p, int64_t pos, int len) {
  const size_t w = static_cast<size_t>(pos >> 6);
  const int sh = static_cast<int>(pos & 63);
  uint64_t v = p[w] >> sh;
  if (sh && w + 1 < p.size()) v |= p[w + 1] << (64 - sh);
  return len == 64 ? v : v & ((uint64_t{1} << len) - 1);
}

// p ^= v << pos (v has at most 64 significant bits).
void xor_bits(poly& p, int64_t pos, uint64_t v) {
  const size_t w = static_cast<size_t>(pos >> 6);
  const int sh = static_cast<int>(pos & 63);
  p[w] ^= v << sh;
  if (sh && w + 1 < p.size()) p[w + 1] ^= v >> (64 - sh);
}

// x^(2^128) mod phi.
poly jump_polynomial() {
  const poly phi = characteristic_polynomial();
  // phi = x^mexp + sum_{j in low} x^j, so x^e = sum_{j in low} x^(e - mexp + j) (mod phi).
  // Reducing a run of `chunk` coefficients at once only writes below the run when the run
  // is no longer than the gap between x^mexp and phi's next term.
  std::vector<int64_t> low;
  for (int64_t j = 0; j < mexp; ++j)
    if (coef(phi, j)) low.push_back(j);
  const int chunk = static_cast<int>(std::min<int64_t>(64, mexp - low.back()));
  const size_t dw = static_cast<size_t>(mexp / 64 + 1);  // words of a reduced polynomial
  poly p(dw, 0), sq(2 * dw + 1, 0);
  p[0] = 2;  // x = x^(2^0)
  for (int step = 0; step < 128; ++step) {
    // Squaring over GF(2) spreads the bits: coefficient i moves to 2i.
    std::fill(sq.begin(), sq.end(), 0);
    for (size_t i = 0; i < dw; ++i) {
      for (int half = 0; half < 2; ++half) {
        uint64_t w = (p[i] >> (32 * half)) & 0xffffffffU;
        w = (w | (w << 16)) & 0x0000ffff0000ffffULL;
        w = (w | (w << 8)) & 0x00ff00ff00ff00ffULL;
        w = (w | (w << 4)) & 0x0f0f0f0f0f0f0f0fULL;
        w = (w | (w << 2)) & 0x3333333333333333ULL;
        w = (w | (w << 1)) & 0x5555555555555555ULL;
        sq[2 * i + static_cast<size_t>(half)] = w;
      }
    }
    // Clear the coefficients of degree >= mexp, highest run first.
    for (int64_t hi = 2 * (mexp - 1) + 1; hi > mexp;) {
      const int64_t lo = std::max<int64_t>(mexp, hi - chunk);
      const int len = static_cast<int>(hi - lo);
      const uint64_t v = get_bits(sq, lo, len);
      if (v) {
        xor_bits(sq, lo, v);  // clears the run
        for (int64_t j : low) xor_bits(sq, lo - mexp + j, v);
      }
      hi = lo;
    }
    std::copy(sq.begin(), sq.begin() + static_cast<std::ptrdiff_t>(dw), p.begin());
  }
  return p;
}

const poly& cached_jump_polynomial() {
  static std::once_flag once;
  static poly p;
  std::call_once(once, [] { p = jump_polynomial(); });
  return p;
}

struct circular {
  std::array<uint32_t, mt_n> key;
  int pos;

  // One step of the recurrence in place of the oldest word.
  void next() {
    const auto at = [&](int i) -> uint32_t& { return key[static_cast<size_t>(i % mt_n)]; };
    const uint32_t y = (at(pos) & upper_mask) | (at(pos + 1) & lower_mask);
    at(pos) = at(pos + mt_m) ^ (y >> 1) ^ ((0U - (y & 1U)) & matrix_a);
    pos = pos + 1 == mt_n ? 0 : pos + 1;
  }
  // this += other, the buffers aligned by their oldest words: key[(pos + i) % n] ^=
  // o.key[(o.pos + i) % n], in the (at most three) runs where neither index wraps.
  void add(const circular& o) {
    int i = 0;
    while (i < mt_n) {
      const int a = (pos + i) % mt_n, b = (o.pos + i) % mt_n;
      const int run = std::min({mt_n - i, mt_n - a, mt_n - b});
      for (int t = 0; t < run; ++t) key[static_cast<size_t>(a + t)] ^= o.key[static_cast<size_t>(b + t)];
      i += run;
    }
  }
};

}  // namespace

void mt19937::jump_inplace() {
  const poly& p = cached_jump_polynomial();
  circular s{st_.key, st_.pos >= n ? 0 : st_.pos};
  int64_t i = mexp - 1;
  while (i >= 0 && !coef(p, i)) --i;
  if (i < 0) throw std::logic_error("MT19937 jump: zero jump polynomial");
  // Horner: ((s T + c_{i-1} s) T + ...) + c_0 s.
  circular acc = s;
  for (; i > 0; --i) {
    acc.next();
    if (coef(p, i - 1)) acc.add(s);
  }
  st_.key = acc.key;
  st_.pos = acc.pos;
}

std::shared_ptr<bit_generator> mt19937::jumped(uint64_t jumps) const {
  auto g = std::make_shared<mt19937>(st_);
  for (uint64_t j = 0; j < jumps; ++j) g->jump_inplace();
  return g;
}

}  // namespace nd::random

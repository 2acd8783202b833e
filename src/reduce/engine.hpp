#pragma once
// The reduction engine: one geometry (kept axes x reduced axes, both merged where the
// strides allow) and one fixed summation tree over the global reduced index (see
// nd/reduce.hpp). Kernels are chosen per dtype once; the tree fixes the bits whatever the
// thread count, layout or split.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "iter/convert.hpp"
#include "iter/parallel.hpp"
#include "nd/ndarray.hpp"
#include "nd/reduce.hpp"
#include "nd/threads.hpp"

namespace nd::detail {

/// Kept and reduced axes of an input (and of its broadcast mask).
struct reduce_geom {
  shape_t out_shape;   // kept axes, no keepdims
  shape_t keep_shape;  // with 1 for reduced axes
  std::vector<bool> reduced;
  // Output dims (C order of the result): all but the last are "o1", the last is o2.
  shape_t o1_shape;
  strides_t o1_in, o1_m;
  int64_t o2 = 1, o2_in = 0, o2_m = 0;
  // Reduced dims in C order (their flat index is the global index), merged; never empty.
  shape_t r_shape;
  strides_t r_in, r_m;
  int64_t n_out = 1, n_red = 1;
  const char* in = nullptr;
  const char* mask = nullptr;  // bool bytes, or null
};

/// Normalised, duplicate-free reduced axes (all when absent).
std::vector<bool> reduced_axes(const std::optional<std::vector<int64_t>>& axis, int64_t ndim, std::string_view op);

/// Builds the geometry; `mask` must already be broadcast to a's shape (or null).
reduce_geom make_geom(const array& a, const array* mask, const std::vector<bool>& reduced);

/// A where= mask broadcast to `a` as bool (null when absent).
std::optional<array> broadcast_mask(const array& a, const std::optional<array>& where, std::string_view op);

/// Checks `out` against the result shape, casts the result into it and returns it.
array finish_out(const array& result, const std::optional<array>& out, std::string_view op);

template <class T>
inline T load_as(const char* p) {
  return load_element<T>(p);
}

template <class T>
inline bool is_nan_value(const T& v) {
  if constexpr (is_complex_v<T>) return std::isnan(v.real()) || std::isnan(v.imag());
  else if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  else if constexpr (std::is_same_v<T, float16_t>) return std::isnan(static_cast<float>(v));
  else return false;
}

// ---- the dyadic stack: maximal aligned block ranges, `width` accumulators each ----
template <class Acc, class Combine>
class dyadic_stack {
 public:
  explicit dyadic_stack(int64_t width) : w_(width) {}
  int64_t width() const { return w_; }
  size_t size() const { return level_.size(); }
  int level(size_t i) const { return level_[i]; }
  int64_t index(size_t i) const { return index_[i]; }
  const Acc* values(size_t i) const { return vals_.data() + static_cast<int64_t>(i) * w_; }

  void push(int level, int64_t index, const Acc* v) {
    level_.push_back(level);
    index_.push_back(index);
    vals_.insert(vals_.end(), v, v + w_);
    merge_top();
  }
  void append(const dyadic_stack& o) {
    for (size_t i = 0; i < o.size(); ++i) push(o.level_[i], o.index_[i], o.values(i));
  }
  /// Folds the nodes from the right: v = n_last; v = n_i + v. Identity when empty.
  void fold(Acc* out, Acc identity) const {
    if (level_.empty()) {
      std::fill(out, out + w_, identity);
      return;
    }
    std::copy(values(size() - 1), values(size() - 1) + w_, out);
    for (size_t i = size() - 1; i-- > 0;) {
      const Acc* v = values(i);
      for (int64_t t = 0; t < w_; ++t) out[t] = Combine::combine(v[t], out[t]);
    }
  }

 private:
  void merge_top() {
    while (level_.size() >= 2) {
      const size_t n = level_.size();
      if (level_[n - 2] != level_[n - 1] || (index_[n - 2] & 1) != 0 || index_[n - 1] != index_[n - 2] + 1) return;
      Acc* l = vals_.data() + static_cast<int64_t>(n - 2) * w_;
      const Acc* r = l + w_;
      for (int64_t t = 0; t < w_; ++t) l[t] = Combine::combine(l[t], r[t]);
      level_[n - 2] += 1;
      index_[n - 2] >>= 1;
      level_.pop_back();
      index_.pop_back();
      vals_.resize(vals_.size() - static_cast<size_t>(w_));
    }
  }
  int64_t w_;
  std::vector<int> level_;
  std::vector<int64_t> index_;
  std::vector<Acc> vals_;
};

// The same tree for a single output, in fixed arrays: pushing a run of leaves costs a few
// instructions instead of vector traffic. Nodes are the canonical (level, index) values,
// so handing them on to a dyadic_stack later gives the same bits as pushing every leaf.
template <class Acc, class Combine>
class scalar_stack {
 public:
  size_t size() const { return static_cast<size_t>(n_); }
  int level(size_t i) const { return lv_[i]; }
  int64_t index(size_t i) const { return ix_[i]; }
  const Acc* values(size_t i) const { return &v_[i]; }
  void push(int64_t index, Acc v) {
    int l = 0;
    // A left sibling on top (same level, even index, adjacent) merges, repeatedly.
    while (n_ > 0 && lv_[n_ - 1] == l && (ix_[n_ - 1] & 1) == 0 && ix_[n_ - 1] + 1 == index) {
      --n_;
      v = Combine::combine(v_[n_], v);
      index >>= 1;
      ++l;
    }
    lv_[n_] = l;
    ix_[n_] = index;
    v_[n_] = v;
    ++n_;
  }
  Acc fold(Acc identity) const {
    if (n_ == 0) return identity;
    Acc v = v_[n_ - 1];
    for (int i = n_ - 1; i-- > 0;) v = Combine::combine(v_[i], v);
    return v;
  }

 private:
  int n_ = 0;
  int lv_[128];  // a range of 2^k leaves decomposes into at most 2k + 2 nodes
  int64_t ix_[128];
  Acc v_[128];
};

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define ND_REDUCE_MULTIVERSION __attribute__((target_clones("default", "avx2", "arch=x86-64-v4")))
#else
#define ND_REDUCE_MULTIVERSION
#endif

/// Leaf values of `count` full, contiguous leaves starting at p: exactly the generic
/// loop's order (8 lanes, lane k takes elements k mod 8, combined as a fixed tree), in a
/// form the compiler turns into vector adds, compiled for baseline / AVX2 / AVX-512.
template <class Op>
ND_REDUCE_MULTIVERSION void full_leaves(const char* p, int64_t count, typename Op::acc_t* out) {
  using Acc = typename Op::acc_t;
  using In = typename Op::in_t;
  constexpr int64_t B = reduce_leaf_size;
  constexpr int64_t sz = static_cast<int64_t>(sizeof(In));
  for (int64_t b = 0; b < count; ++b) {
    const char* q = p + b * B * sz;
    Acc acc[8];
    for (int k = 0; k < 8; ++k) acc[k] = Op::combine(Op::identity(), Op::load(q + k * sz));
    for (int64_t i = 8; i < B; i += 8)
      for (int k = 0; k < 8; ++k) acc[k] = Op::combine(acc[k], Op::load(q + (i + k) * sz));
    out[b] = Op::combine(Op::combine(Op::combine(acc[0], acc[1]), Op::combine(acc[2], acc[3])),
                         Op::combine(Op::combine(acc[4], acc[5]), Op::combine(acc[6], acc[7])));
  }
}

/// L[t] = combine(L[t], row[t]) for a contiguous input row (the kept axis inner in memory).
template <class Op>
ND_REDUCE_MULTIVERSION void add_row(typename Op::acc_t* L, const char* row, int64_t tn) {
  constexpr int64_t sz = static_cast<int64_t>(sizeof(typename Op::in_t));
  for (int64_t t = 0; t < tn; ++t) L[t] = Op::combine(L[t], Op::load(row + t * sz));
}

inline constexpr int64_t row_tile = 512;  // 8 accumulator rows of 512 stay in L1/L2

/// Tiles of outputs: o1 index x a run of the o2 axis. `row` when the kept axis is the
/// inner one in memory (rows are added into accumulator rows).
struct tiling {
  bool row = false;
  int64_t tile = 1, tiles_per_o1 = 1, items = 0;
};

inline tiling make_tiling(const reduce_geom& g) {
  tiling t;
  const int64_t rin = std::abs(g.r_in.back());
  t.row = g.o2 > 1 && std::abs(g.o2_in) < rin;
  t.tile = t.row ? std::min(g.o2, row_tile) : 1;
  t.tiles_per_o1 = (g.o2 + t.tile - 1) / t.tile;
  t.items = (g.n_out / std::max<int64_t>(g.o2, 1)) * t.tiles_per_o1;
  if (g.n_out == 0) t.items = 0;
  return t;
}

/// Byte offsets of an item's first input element and mask element.
inline void item_base(const reduce_geom& g, const tiling& tl, int64_t item, int64_t& base_in, int64_t& base_m) {
  const int64_t o1 = item / tl.tiles_per_o1;
  const int64_t t0 = (item % tl.tiles_per_o1) * tl.tile;
  base_in = t0 * g.o2_in;
  base_m = t0 * g.o2_m;
  int64_t rem = o1;
  for (size_t d = g.o1_shape.size(); d-- > 0;) {
    const int64_t i = rem % g.o1_shape[d];
    rem /= g.o1_shape[d];
    base_in += i * g.o1_in[d];
    base_m += i * g.o1_m[d];
  }
}

/// One output per item, reduced over a single contiguous run without a mask: the case
/// of whole-array and last-axis reductions of contiguous data.
template <class Op>
bool scalar_contiguous(const reduce_geom& g, const tiling& tl) {
  return !tl.row && !g.mask && g.r_shape.size() == 1 &&
         g.r_in[0] == static_cast<int64_t>(sizeof(typename Op::in_t));
}

/// Leaves of blocks [b0, b1) (local; global index b + gb) of a scalar_contiguous item.
template <class Op>
void scalar_blocks(const reduce_geom& g, const tiling& tl, int64_t item, int64_t b0, int64_t b1, int64_t gb,
                   scalar_stack<typename Op::acc_t, Op>& st) {
  using Acc = typename Op::acc_t;
  using In = typename Op::in_t;
  constexpr int64_t B = reduce_leaf_size;
  constexpr int64_t sz = static_cast<int64_t>(sizeof(In));
  int64_t base_in = 0, base_m = 0;
  item_base(g, tl, item, base_in, base_m);
  const char* in0 = g.in + base_in;
  const int64_t full_end = std::min(b1, g.n_red / B);
  Acc buf[64];
  int64_t b = b0;
  while (b < full_end) {
    const int64_t cnt = std::min<int64_t>(64, full_end - b);
    full_leaves<Op>(in0 + b * B * sz, cnt, buf);
    for (int64_t k = 0; k < cnt; ++k) st.push(b + k + gb, buf[k]);
    b += cnt;
  }
  if (b < b1) {  // the last, partial leaf
    const int64_t r0 = b * B, r1 = g.n_red;
    Acc acc[8];
    for (auto& a : acc) a = Op::identity();
    int64_t r = r0;  // a multiple of 8: lane k takes r + k
    for (; r + 8 <= r1; r += 8)
      for (int k = 0; k < 8; ++k) acc[k] = Op::combine(acc[k], Op::load(in0 + (r + k) * sz));
    for (int k = 0; r + k < r1; ++k) acc[k] = Op::combine(acc[k], Op::load(in0 + (r + k) * sz));
    st.push(b + gb, Op::combine(Op::combine(Op::combine(acc[0], acc[1]), Op::combine(acc[2], acc[3])),
                                Op::combine(Op::combine(acc[4], acc[5]), Op::combine(acc[6], acc[7]))));
  }
}

/// Runs the tree reduction of one output tile over blocks [b0, b1) (local), pushing leaves
/// whose global block index is b + gb.
template <class Op>
void tile_blocks(const reduce_geom& g, const tiling& tl, int64_t item, int64_t b0, int64_t b1, int64_t gb,
                 dyadic_stack<typename Op::acc_t, Op>& st) {
  using Acc = typename Op::acc_t;
  using In = typename Op::in_t;
  if (scalar_contiguous<Op>(g, tl)) {
    scalar_stack<Acc, Op> ss;
    scalar_blocks<Op>(g, tl, item, b0, b1, gb, ss);
    for (size_t k = 0; k < ss.size(); ++k) st.push(ss.level(k), ss.index(k), ss.values(k));
    return;
  }
  const int64_t t0 = (item % tl.tiles_per_o1) * tl.tile;
  const int64_t tn = std::min(tl.tile, g.o2 - t0);
  int64_t base_in = 0, base_m = 0;
  item_base(g, tl, item, base_in, base_m);
  const char* in0 = g.in + base_in;
  const char* m0 = g.mask ? g.mask + base_m : nullptr;
  const size_t nd_r = g.r_shape.size();
  const int64_t last = g.r_shape.back(), s_in = g.r_in.back(), s_m = g.r_m.back();
  std::vector<Acc> lanes(static_cast<size_t>(8 * tn));
  std::vector<Acc> leaf(static_cast<size_t>(tn));
  std::vector<int64_t> idx(nd_r);
  const Acc id = Op::identity();
  constexpr int64_t B = reduce_leaf_size;
  for (int64_t b = b0; b < b1; ++b) {
    std::fill(lanes.begin(), lanes.end(), id);
    const int64_t r0 = b * B, r1 = std::min(g.n_red, r0 + B);
    int64_t rem = r0;
    int64_t off_in = 0, off_m = 0;
    for (size_t d = nd_r; d-- > 0;) {
      idx[d] = rem % g.r_shape[d];
      rem /= g.r_shape[d];
      off_in += idx[d] * g.r_in[d];
      off_m += idx[d] * g.r_m[d];
    }
    for (int64_t r = r0; r < r1;) {
      const int64_t len = std::min(r1 - r, last - idx[nd_r - 1]);
      const char* p = in0 + off_in;
      const char* m = m0 ? m0 + off_m : nullptr;
      if (!tl.row) {
        Acc* L = lanes.data();
        int64_t i = 0;
        if (!m) {
          for (; i < len && ((r + i) & 7) != 0; ++i) {
            Acc& a = L[(r + i) & 7];
            a = Op::combine(a, Op::load(p + i * s_in));
          }
          if (s_in == static_cast<int64_t>(sizeof(In))) {
            // Local lanes: stores through L could alias the char* input and force reloads.
            Acc acc[8];
            for (int k = 0; k < 8; ++k) acc[k] = L[k];
            const In* x = reinterpret_cast<const In*>(p);
            for (; i + 8 <= len; i += 8)
              for (int k = 0; k < 8; ++k) acc[k] = Op::combine(acc[k], Op::load(reinterpret_cast<const char*>(x + i + k)));
            for (int k = 0; k < 8; ++k) L[k] = acc[k];
          } else {
            for (; i + 8 <= len; i += 8)
              for (int k = 0; k < 8; ++k) L[k] = Op::combine(L[k], Op::load(p + (i + k) * s_in));
          }
          for (; i < len; ++i) {
            Acc& a = L[(r + i) & 7];
            a = Op::combine(a, Op::load(p + i * s_in));
          }
        } else {
          for (; i < len; ++i) {
            if (!load_as<bool>(m + i * s_m)) continue;
            Acc& a = L[(r + i) & 7];
            a = Op::combine(a, Op::load(p + i * s_in));
          }
        }
      } else {
        for (int64_t i = 0; i < len; ++i) {
          Acc* L = lanes.data() + ((r + i) & 7) * tn;
          const char* q = p + i * s_in;
          if (!m) {
            if (g.o2_in == static_cast<int64_t>(sizeof(In))) {
              add_row<Op>(L, q, tn);
            } else {
              for (int64_t t = 0; t < tn; ++t) L[t] = Op::combine(L[t], Op::load(q + t * g.o2_in));
            }
          } else {
            const char* mq = m + i * s_m;
            for (int64_t t = 0; t < tn; ++t)
              if (load_as<bool>(mq + t * g.o2_m)) L[t] = Op::combine(L[t], Op::load(q + t * g.o2_in));
          }
        }
      }
      r += len;
      // advance the multi-index by len along the last dim, carrying
      idx[nd_r - 1] += len;
      off_in += len * s_in;
      off_m += len * s_m;
      for (size_t d = nd_r - 1; d > 0 && idx[d] == g.r_shape[d]; --d) {
        off_in -= idx[d] * g.r_in[d];
        off_m -= idx[d] * g.r_m[d];
        idx[d] = 0;
        idx[d - 1] += 1;
        off_in += g.r_in[d - 1];
        off_m += g.r_m[d - 1];
      }
    }
    for (int64_t t = 0; t < tn; ++t) {
      auto c = [&](int k) { return lanes[static_cast<size_t>(k * tn + t)]; };
      leaf[static_cast<size_t>(t)] =
          Op::combine(Op::combine(Op::combine(c(0), c(1)), Op::combine(c(2), c(3))),
                      Op::combine(Op::combine(c(4), c(5)), Op::combine(c(6), c(7))));
    }
    st.push(0, b + gb, leaf.data());
  }
}

/// Position in the C-order result of output t of a tile item.
inline int64_t item_out_index(const reduce_geom& g, const tiling& tl, int64_t item) {
  return (item / tl.tiles_per_o1) * g.o2 + (item % tl.tiles_per_o1) * tl.tile;
}

/// Reduces every output into `res` (n_out accumulators, C order of the result), in parallel
/// over output tiles or, when they are few, over leaf blocks.
template <class Op>
void run_tree(const reduce_geom& g, typename Op::acc_t* res) {
  using Acc = typename Op::acc_t;
  const tiling tl = make_tiling(g);
  if (tl.items == 0) return;
  const int64_t nb = (g.n_red + reduce_leaf_size - 1) / reduce_leaf_size;
  const int nt = get_num_threads();
  const bool scalar = scalar_contiguous<Op>(g, tl);
  auto one_item = [&](int64_t item) {
    if (scalar) {
      scalar_stack<Acc, Op> ss;
      scalar_blocks<Op>(g, tl, item, 0, nb, 0, ss);
      res[item_out_index(g, tl, item)] = ss.fold(Op::identity());
      return;
    }
    dyadic_stack<Acc, Op> st(std::min(tl.tile, g.o2 - (item % tl.tiles_per_o1) * tl.tile));
    tile_blocks<Op>(g, tl, item, 0, nb, 0, st);
    st.fold(res + item_out_index(g, tl, item), Op::identity());
  };
  const int64_t work = g.n_out * std::max<int64_t>(g.n_red, 1);
  if (nt <= 1 || work < (1 << 15) || tl.items >= 2 * nt || nb < 4) {
    const int64_t grain = std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, g.n_red * tl.tile));
    parallel_for(tl.items, grain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) one_item(i);
    });
    return;
  }
  for (int64_t item = 0; item < tl.items; ++item) {
    const int64_t w = std::min(tl.tile, g.o2 - (item % tl.tiles_per_o1) * tl.tile);
    const int64_t chunks = std::min<int64_t>(nb, nt);
    std::vector<dyadic_stack<Acc, Op>> parts(static_cast<size_t>(chunks), dyadic_stack<Acc, Op>(w));
    parallel_for(chunks, 1, [&](int64_t cb, int64_t ce) {
      for (int64_t c = cb; c < ce; ++c)
        tile_blocks<Op>(g, tl, item, c * nb / chunks, (c + 1) * nb / chunks, 0, parts[static_cast<size_t>(c)]);
    });
    for (size_t c = 1; c < parts.size(); ++c) parts[0].append(parts[c]);
    parts[0].fold(res + item_out_index(g, tl, item), Op::identity());
  }
}

// ---- ops: in_t, acc_t, identity, load, combine ----

template <class In>
using sum_acc_t = std::conditional_t<
    std::is_same_v<In, float16_t>, float,
    std::conditional_t<std::is_integral_v<In>, uint64_t, In>>;  // ints (and bool) wrap in uint64

template <class In, class Acc>
struct add_op {
  using in_t = In;
  using acc_t = Acc;
  static Acc identity() {
    if constexpr (is_complex_v<Acc>) return Acc(-0.0, -0.0);
    else if constexpr (std::is_floating_point_v<Acc>) return Acc(-0.0);  // exact: -0 + x == x
    else return Acc(0);
  }
  static Acc load(const char* p) {
    const In v = load_as<In>(p);
    if constexpr (std::is_same_v<Acc, uint64_t> && std::is_signed_v<In>) return static_cast<uint64_t>(static_cast<int64_t>(v));
    else return convert<Acc>(v);
  }
  static Acc combine(Acc a, Acc b) { return a + b; }
};

template <class In, class Acc>
struct mul_op : add_op<In, Acc> {
  static Acc identity() { return Acc(1); }
  static Acc combine(Acc a, Acc b) {
    // NumPy's complex multiply is the plain formula (no C Annex G inf/NaN recovery).
    if constexpr (is_complex_v<Acc>)
      return Acc(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
    else return a * b;
  }
};

template <class Acc>
inline bool cplx_greater(const Acc& a, const Acc& b) {
  return a.real() > b.real() || (a.real() == b.real() && a.imag() > b.imag());
}

// max (Max=true) / min with NaN propagation; `fnan` makes NaN lose instead (fmax/fmin).
template <class In, bool Max, bool FNan>
struct ext_op {
  using in_t = In;
  // float16 compares in float; bool as 0/1 bytes (std::vector<bool> has no data()).
  using acc_t = std::conditional_t<std::is_same_v<In, float16_t>, float,
                                   std::conditional_t<std::is_same_v<In, bool>, uint8_t, In>>;
  using Acc = acc_t;
  static Acc identity() {
    if constexpr (is_complex_v<Acc>) {
      using R = typename Acc::value_type;
      const R v = FNan ? std::numeric_limits<R>::quiet_NaN() : (Max ? -1 : 1) * std::numeric_limits<R>::infinity();
      return Acc(v, v);
    } else if constexpr (std::is_floating_point_v<Acc>) {
      return FNan ? std::numeric_limits<Acc>::quiet_NaN() : (Max ? -1 : 1) * std::numeric_limits<Acc>::infinity();
    } else {
      return Max ? std::numeric_limits<Acc>::lowest() : std::numeric_limits<Acc>::max();
    }
  }
  static Acc load(const char* p) { return convert<Acc>(load_as<In>(p)); }
  static Acc combine(Acc a, Acc b) {
    if constexpr (is_complex_v<Acc> || std::is_floating_point_v<Acc>) {
      if (is_nan_value(a)) return FNan ? b : a;
      if (is_nan_value(b)) return FNan ? a : b;
    }
    if constexpr (is_complex_v<Acc>) return (Max ? cplx_greater(b, a) : cplx_greater(a, b)) ? b : a;
    else return (Max ? b > a : b < a) ? b : a;
  }
};

template <class In, bool Any>
struct logic_op {
  using in_t = In;
  using acc_t = uint8_t;  // 0/1 (std::vector<bool> has no data())
  static uint8_t identity() { return Any ? 0 : 1; }
  static uint8_t load(const char* p) { return convert<bool>(load_as<In>(p)) ? 1 : 0; }
  static uint8_t combine(uint8_t a, uint8_t b) { return Any ? (a | b) : (a & b); }
};

template <class In>
struct count_op {
  using in_t = In;
  using acc_t = uint64_t;
  static uint64_t identity() { return 0; }
  static uint64_t load(const char* p) { return convert<bool>(load_as<In>(p)) ? 1 : 0; }
  static uint64_t combine(uint64_t a, uint64_t b) { return a + b; }
};

}  // namespace nd::detail

// np.einsum over nd's products. The subscripts become integer labels (letters, plus one
// label per broadcast dimension of "..."); each operand's repeated labels become one
// diagonal view and its private labels are summed; operands are then contracted two at a
// time in the order a path planner picks -- as a batched matmul (BLAS for float and
// complex dtypes) when labels are summed, as a broadcast multiply when none are -- and what
// remains is summed and permuted into the output.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>
#include <bitset>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>

#include "linalg/common.hpp"
#include "nd/creation.hpp"
#include "nd/reduce.hpp"
#include "nd/ufunc.hpp"
#include "nd/views.hpp"

namespace nd {
namespace {

using label = int;
// Labels of "..." dimensions: kEll + i for the i-th broadcast dimension (of the longest).
constexpr label kEll = 1000;

std::string label_name(label l) {
  if (l < kEll) return fmt::format("'{}'", static_cast<char>(l));
  return fmt::format("'...' dimension {}", l - kEll);
}

// ---- parsing ----

struct term {
  std::vector<label> letters;  // in order, with kEll standing where "..." is
  bool ellipsis = false;
};

// One comma-separated term (or the output). `what` names it in errors.
term parse_term(std::string_view t, const std::string& what) {
  term r;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      r.letters.push_back(c);
    } else if (c == '.') {
      if (t.substr(i, 3) != "...")
        throw value_error(
            fmt::format("[einsum] {} subscripts '{}' contain a '.' that is not part of an ellipsis ('...')", what, t));
      if (r.ellipsis) throw value_error(fmt::format("[einsum] {} subscripts '{}' contain more than one '...'", what, t));
      r.ellipsis = true;
      r.letters.push_back(kEll);
      i += 2;
    } else {
      throw value_error(fmt::format(
          "[einsum] invalid subscript '{}' in {} subscripts '{}': subscripts must be letters (a-z, A-Z)", c, what, t));
    }
  }
  return r;
}

struct parsed {
  std::vector<std::vector<label>> in;  // per operand, one label per dimension
  std::vector<label> out;
  int64_t nbroadcast = 0;              // dimensions of "..."
};

parsed parse(const std::string& subscripts_in, const std::vector<array>& ops) {
  std::string s;
  for (char c : subscripts_in)
    if (c != ' ') s += c;
  std::string lhs = s, rhs;
  const size_t arrow = s.find("->");
  const bool explicit_out = arrow != std::string::npos;
  if (explicit_out) {
    lhs = s.substr(0, arrow);
    rhs = s.substr(arrow + 2);
    if (rhs.find_first_of("->") != std::string::npos)
      throw value_error(fmt::format("[einsum] subscripts '{}' contain more than one '->'", subscripts_in));
  }
  if (lhs.find_first_of("->") != std::string::npos)
    throw value_error(fmt::format("[einsum] subscripts '{}': '-' and '>' may only appear together as '->'",
                                  subscripts_in));
  std::vector<std::string> terms;
  size_t start = 0;
  for (;;) {
    const size_t comma = lhs.find(',', start);
    terms.push_back(lhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (terms.size() != ops.size())
    throw value_error(fmt::format("[einsum] subscripts '{}' name {} operand{} but {} {} given", subscripts_in,
                                  terms.size(), terms.size() == 1 ? "" : "s", ops.size(),
                                  ops.size() == 1 ? "was" : "were"));
  parsed p;
  std::vector<term> ts;
  for (size_t k = 0; k < terms.size(); ++k) {
    term t = parse_term(terms[k], fmt::format("operand {}'s", k));
    const int64_t named = static_cast<int64_t>(t.letters.size()) - (t.ellipsis ? 1 : 0);
    const int64_t nd_ = ops[k].ndim();
    if (named > nd_)
      throw value_error(fmt::format("[einsum] operand {} has {} dimension{} (shape {}) but its subscripts '{}' name {}",
                                    k, nd_, nd_ == 1 ? "" : "s", shape_str(ops[k].shape()), terms[k], named));
    if (!t.ellipsis && named < nd_)
      throw value_error(fmt::format("[einsum] operand {} has {} dimensions (shape {}) but its subscripts '{}' name "
                                    "only {}, and no '...' covers the rest",
                                    k, nd_, shape_str(ops[k].shape()), terms[k], named));
    if (t.ellipsis) p.nbroadcast = std::max(p.nbroadcast, nd_ - named);
    ts.push_back(std::move(t));
  }
  // "..." covers the trailing dimensions of the broadcast shape, as NumPy's broadcasting.
  for (size_t k = 0; k < ts.size(); ++k) {
    std::vector<label> ls;
    const int64_t named = static_cast<int64_t>(ts[k].letters.size()) - (ts[k].ellipsis ? 1 : 0);
    const int64_t nell = ops[k].ndim() - named;
    for (label l : ts[k].letters) {
      if (l != kEll) {
        ls.push_back(l);
        continue;
      }
      for (int64_t i = p.nbroadcast - nell; i < p.nbroadcast; ++i) ls.push_back(kEll + static_cast<label>(i));
    }
    p.in.push_back(std::move(ls));
  }
  std::map<label, int> count;
  for (const auto& ls : p.in)
    for (label l : ls) ++count[l];
  if (explicit_out) {
    const term t = parse_term(rhs, "the output");
    for (label l : t.letters) {
      if (l == kEll) {
        for (int64_t i = 0; i < p.nbroadcast; ++i) p.out.push_back(kEll + static_cast<label>(i));
        continue;
      }
      if (!count.count(l))
        throw value_error(fmt::format("[einsum] output subscript '{}' in '{}' does not appear in any input",
                                      static_cast<char>(l), subscripts_in));
      if (std::count(t.letters.begin(), t.letters.end(), l) > 1)
        throw value_error(fmt::format("[einsum] output subscript '{}' appears more than once in '{}'",
                                      static_cast<char>(l), subscripts_in));
      p.out.push_back(l);
    }
    if (!t.ellipsis && p.nbroadcast > 0)
      throw value_error(fmt::format("[einsum] the operands have {} broadcast dimension(s) under '...' but the output "
                                    "subscripts '{}' have no '...' to hold them",
                                    p.nbroadcast, rhs));
  } else {
    // Implicit output: the broadcast dimensions, then the letters seen exactly once, in
    // character order (upper case first).
    for (int64_t i = 0; i < p.nbroadcast; ++i) p.out.push_back(kEll + static_cast<label>(i));
    for (const auto& [l, c] : count)
      if (l < kEll && c == 1) p.out.push_back(l);
  }
  return p;
}

// ---- operands ----

struct labeled {
  array a;
  std::vector<label> labels;  // one per dimension, all distinct
};

// A view with every repeated label collapsed to one dimension (its diagonal), in the order
// of first appearance.
labeled collapse(const array& a, const std::vector<label>& ls, size_t k) {
  labeled r;
  shape_t shape;
  strides_t strides;
  for (size_t i = 0; i < ls.size(); ++i) {
    const auto it = std::find(r.labels.begin(), r.labels.end(), ls[i]);
    if (it == r.labels.end()) {
      r.labels.push_back(ls[i]);
      shape.push_back(a.shape()[i]);
      strides.push_back(a.strides()[i]);
      continue;
    }
    const auto j = static_cast<size_t>(it - r.labels.begin());
    if (shape[j] != a.shape()[i])
      throw shape_error(fmt::format("[einsum] operand {} repeats label {} over dimensions of different sizes ({} != {}) "
                                    "in shape {}",
                                    k, label_name(ls[i]), shape[j], a.shape()[i], shape_str(a.shape())));
    strides[j] += a.strides()[i];
  }
  if (r.labels.size() == ls.size()) {
    r.a = a;
  } else {
    r.a = array::view_of(a.buffer_ptr(), a.offset(), shape, strides, a.dtype(), a.writeable());
  }
  return r;
}

using sizes_t = std::map<label, int64_t>;

int64_t axis_of(const labeled& o, label l) {
  return static_cast<int64_t>(std::find(o.labels.begin(), o.labels.end(), l) - o.labels.begin());
}

bool has(const std::vector<label>& v, label l) { return std::find(v.begin(), v.end(), l) != v.end(); }

// Sums the labels of `o` that are not in `keep`.
labeled sum_out(labeled o, const std::vector<label>& keep, dtype dt) {
  std::vector<int64_t> axes;
  std::vector<label> rest;
  for (size_t i = 0; i < o.labels.size(); ++i) {
    if (has(keep, o.labels[i])) rest.push_back(o.labels[i]);
    else axes.push_back(static_cast<int64_t>(i));
  }
  if (axes.empty()) return o;
  reduce_options opt;
  opt.axis = axes;
  opt.dtype = dt;
  o.a = sum(o.a, opt);
  o.labels = std::move(rest);
  return o;
}

// Broadcasts the size-1 dimensions of `o` whose labels are in `ls` to their full size.
void widen(labeled& o, const std::vector<label>& ls, const sizes_t& size) {
  shape_t s = o.a.shape();
  bool change = false;
  for (label l : ls) {
    const auto ax = static_cast<size_t>(axis_of(o, l));
    if (ax < s.size() && s[ax] != size.at(l)) {
      s[ax] = size.at(l);
      change = true;
    }
  }
  if (change) o.a = broadcast_to(o.a, s);
}

array permuted(const labeled& o, const std::vector<label>& order) {
  std::vector<int64_t> perm;
  for (label l : order) perm.push_back(axis_of(o, l));
  bool same = true;
  for (size_t i = 0; i < perm.size(); ++i) same = same && perm[i] == static_cast<int64_t>(i);
  return same ? o.a : transpose(o.a, perm);
}

int64_t prod_of(const labeled& o, const std::vector<label>& ls) {
  int64_t p = 1;
  for (label l : ls) p *= o.a.shape(axis_of(o, l));
  return p;
}

// The contraction of two operands, keeping the labels in `keep` (the output's and those of
// operands still to come).
labeled contract_pair(labeled A, labeled B, const std::vector<label>& keep, const sizes_t& size, dtype dt) {
  std::vector<label> keep_a = keep, keep_b = keep;
  keep_a.insert(keep_a.end(), B.labels.begin(), B.labels.end());
  keep_b.insert(keep_b.end(), A.labels.begin(), A.labels.end());
  A = sum_out(std::move(A), keep_a, dt);
  B = sum_out(std::move(B), keep_b, dt);
  std::vector<label> batch, inner, fa, fb;
  for (label l : A.labels) {
    if (!has(B.labels, l)) fa.push_back(l);
    else if (has(keep, l)) batch.push_back(l);
    else inner.push_back(l);
  }
  for (label l : B.labels)
    if (!has(A.labels, l)) fb.push_back(l);
  std::vector<label> common = batch;
  common.insert(common.end(), inner.begin(), inner.end());
  widen(A, common, size);
  widen(B, common, size);
  labeled r;
  r.labels = batch;
  r.labels.insert(r.labels.end(), fa.begin(), fa.end());
  r.labels.insert(r.labels.end(), fb.begin(), fb.end());
  shape_t rshape;
  for (label l : batch) rshape.push_back(A.a.shape(axis_of(A, l)));
  for (label l : fa) rshape.push_back(A.a.shape(axis_of(A, l)));
  for (label l : fb) rshape.push_back(B.a.shape(axis_of(B, l)));
  const auto nb = static_cast<int64_t>(batch.size()), na = static_cast<int64_t>(fa.size()),
             nfb = static_cast<int64_t>(fb.size());
  if (inner.empty()) {
    // Nothing summed: an outer (or elementwise) product by broadcasting.
    std::vector<label> oa = batch, ob = batch;
    oa.insert(oa.end(), fa.begin(), fa.end());
    ob.insert(ob.end(), fb.begin(), fb.end());
    array x = permuted(A, oa), y = permuted(B, ob);
    std::vector<int64_t> ex, ey;
    for (int64_t i = 0; i < nfb; ++i) ex.push_back(nb + na + i);
    for (int64_t i = 0; i < na; ++i) ey.push_back(nb + i);
    if (!ex.empty()) x = expand_dims(x, ex);
    if (!ey.empty()) y = expand_dims(y, ey);
    r.a = multiply(x, y);
    return r;
  }
  const int64_t P = prod_of(A, batch), M = prod_of(A, fa), N = prod_of(B, fb), K = prod_of(A, inner);
  if (P > 1 && M == 1 && N == 1) {
    // One dot product per batch element: multiply, then sum the inner labels.
    std::vector<label> oa = batch, ob = batch;
    oa.insert(oa.end(), fa.begin(), fa.end());
    oa.insert(oa.end(), inner.begin(), inner.end());
    ob.insert(ob.end(), fb.begin(), fb.end());
    ob.insert(ob.end(), inner.begin(), inner.end());
    array x = permuted(A, oa), y = permuted(B, ob);
    x = reshape(x, {P, K});
    y = reshape(y, {P, K});
    reduce_options opt;
    opt.axis = std::vector<int64_t>{1};
    opt.dtype = dt;
    r.a = reshape(sum(multiply(x, y), opt), rshape);
    return r;
  }
  // A batched matrix product: (P, M, K) @ (P, K, N).
  std::vector<label> oa = batch, ob = batch;
  oa.insert(oa.end(), fa.begin(), fa.end());
  oa.insert(oa.end(), inner.begin(), inner.end());
  ob.insert(ob.end(), inner.begin(), inner.end());
  ob.insert(ob.end(), fb.begin(), fb.end());
  array x = permuted(A, oa), y = permuted(B, ob);
  if (nb == 0) {
    x = reshape(x, {M, K});
    y = reshape(y, {K, N});
  } else {
    x = reshape(x, {P, M, K});
    y = reshape(y, {P, K, N});
  }
  r.a = reshape(matmul(x, y), rshape);
  return r;
}

// ---- path planning ----
//
// The planners reproduce np.einsum_path's choices for the same inputs: they work on the
// operands' label sets as written (before nd sums the labels only one operand holds), use
// NumPy's flop convention and its memory limit, and break ties as NumPy's do.

// Label sets as bitsets over the labels in use.
using lset = std::bitset<128>;
using path_t = std::vector<einsum_step>;

struct planner {
  std::vector<label> index;      // bit -> label
  std::vector<int64_t> sizes;    // bit -> size
  lset out;

  planner(const std::vector<label>& out_labels, const sizes_t& size) {
    for (const auto& [l, n] : size) {
      index.push_back(l);
      sizes.push_back(n);
    }
    for (label l : out_labels) out.set(bit(l));
  }
  size_t bit(label l) const {
    return static_cast<size_t>(std::lower_bound(index.begin(), index.end(), l) - index.begin());
  }
  lset set_of(const std::vector<label>& ls) const {
    lset s;
    for (label l : ls) s.set(bit(l));
    return s;
  }
  double elements(const lset& s) const {
    double p = 1;
    for (size_t b = 0; b < index.size(); ++b)
      if (s.test(b)) p *= static_cast<double>(sizes[b]);
    return p;
  }
  // Elements of a term as written: a repeated label counts once per appearance.
  double elements(const std::vector<label>& ls) const {
    double p = 1;
    for (label l : ls) p *= static_cast<double>(sizes[bit(l)]);
    return p;
  }
  // NumPy's flop convention for a contraction of `terms` operands over the labels `joint`
  // giving `result`: per element of the joint index space, one multiply per extra term (at
  // least one), plus one add when something is summed.
  double flops(const lset& joint, const lset& result, size_t terms) const {
    const double f = static_cast<double>(std::max<size_t>(1, terms - 1)) + ((joint & ~result).any() ? 1 : 0);
    return elements(joint) * f;
  }
};

einsum_step every_operand(size_t n) {
  einsum_step s(n);
  std::iota(s.begin(), s.end(), int64_t{0});
  return s;
}

// NumPy's greedy planner. Each round takes, among the candidate pairs, the first one (in the
// order found) that removes the most elements (inputs' sizes minus the result's) and then
// costs the fewest flops. Pairs that share no label are only considered when no pair sharing
// one is left; a pair whose result exceeds `limit`, or whose cost would take the path past
// the cost of one contraction of everything, is never a candidate; when no pair qualifies,
// everything that remains is contracted in one step. The first round looks at every pair;
// later rounds only at pairs with the new intermediate and keep the other candidates with
// the scores (and intermediate labels) they were found with, as NumPy's.
path_t plan_greedy(const planner& pl, std::vector<lset> sets, double limit) {
  const size_t n = sets.size();
  lset used;
  for (const lset& s : sets) used |= s;
  const double naive = pl.flops(used, used & pl.out, n);
  struct candidate {
    double neg_removed, cost;
    size_t x, y;
    std::vector<lset> after;  // the operand list once x and y are contracted
  };
  std::vector<candidate> known;
  path_t path;
  double path_cost = 0;
  auto consider = [&](size_t x, size_t y) {
    const lset joint = sets[x] | sets[y];
    lset rest = pl.out;
    std::vector<lset> after;
    for (size_t k = 0; k < sets.size(); ++k)
      if (k != x && k != y) {
        rest |= sets[k];
        after.push_back(sets[k]);
      }
    const lset r = joint & rest;
    const double size = pl.elements(r);
    if (size > limit) return;
    const double cost = pl.flops(joint, r, 2);
    if (path_cost + cost > naive) return;
    after.push_back(r);
    known.push_back({size - pl.elements(sets[x]) - pl.elements(sets[y]), cost, x, y, std::move(after)});
  };
  auto every_pair = [&](bool shared_only) {
    for (size_t i = 0; i < sets.size(); ++i)
      for (size_t j = i + 1; j < sets.size(); ++j)
        if (!shared_only || (sets[i] & sets[j]).any()) consider(i, j);
  };
  for (size_t round = 0; round + 1 < n; ++round) {
    if (round == 0) {
      every_pair(true);
    } else {
      const size_t last = sets.size() - 1;
      for (size_t i = 0; i < last; ++i)
        if ((sets[i] & sets[last]).any()) consider(i, last);
    }
    if (known.empty()) {
      every_pair(false);
      if (known.empty()) {
        path.push_back(every_operand(sets.size()));
        break;
      }
    }
    size_t b = 0;
    for (size_t k = 1; k < known.size(); ++k)
      if (std::tie(known[k].neg_removed, known[k].cost) < std::tie(known[b].neg_removed, known[b].cost)) b = k;
    const size_t bx = known[b].x, by = known[b].y;
    const double bcost = known[b].cost;
    std::vector<lset> next = std::move(known[b].after);
    std::vector<candidate> kept;
    for (size_t k = 0; k < known.size(); ++k) {
      candidate& c = known[k];
      if (k == b || c.x == bx || c.x == by || c.y == bx || c.y == by) continue;
      // c's operand list: drop bx and by, and put the new intermediate before c's own.
      auto in_c = [&](size_t p) { return p - (p > c.x ? 1 : 0) - (p > c.y ? 1 : 0); };
      c.after.erase(c.after.begin() + static_cast<std::ptrdiff_t>(in_c(by)));
      c.after.erase(c.after.begin() + static_cast<std::ptrdiff_t>(in_c(bx)));
      c.after.insert(c.after.end() - 1, next.back());
      auto moved = [&](size_t p) { return p - (p > bx ? 1 : 0) - (p > by ? 1 : 0); };
      c.x = moved(c.x);
      c.y = moved(c.y);
      kept.push_back(std::move(c));
    }
    known = std::move(kept);
    sets = std::move(next);
    path.push_back({static_cast<int64_t>(bx), static_cast<int64_t>(by)});
    path_cost += bcost;
  }
  return path;
}

// What the optimal planners know about a group of operands (a bit mask): the labels its
// contraction keeps (those of a single operand as written) and their element count.
struct groups {
  std::vector<lset> labels;
  std::vector<double> size;
  uint32_t full = 0;

  groups(const planner& pl, const std::vector<lset>& ops) {
    const size_t n = ops.size();
    full = (uint32_t{1} << n) - 1;
    std::vector<lset> uni(full + 1);
    labels.resize(full + 1);
    size.resize(full + 1);
    for (uint32_t s = 1; s <= full; ++s) uni[s] = uni[s & (s - 1)] | ops[static_cast<size_t>(std::countr_zero(s))];
    for (uint32_t s = 1; s <= full; ++s) {
      labels[s] = std::popcount(s) == 1 ? uni[s] : uni[s] & (uni[full ^ s] | pl.out);
      size[s] = pl.elements(labels[s]);
    }
  }
};

// NumPy's optimal planner: every sequence of pairwise contractions whose intermediates fit
// `limit`; the cheapest, the first in NumPy's order (pairs in itertools.combinations order,
// step by step) among equals. If no sequence gets to one operand, the longest ones that fit
// are compared and the operands they leave are contracted in one step. Memoised on the
// operand list (a list of groups), so equal lists reached in different ways are searched once.
class optimal_search {
 public:
  optimal_search(const planner& pl, const std::vector<lset>& ops, double limit) : pl_(pl), g_(pl, ops), limit_(limit) {}

  path_t run(size_t n) {
    std::vector<uint32_t> st;
    for (size_t i = 0; i < n; ++i) st.push_back(uint32_t{1} << i);
    path_t path;
    while (st.size() > 1) {
      const best b = solve(st);
      if (b.depth == 0) {
        path.push_back(every_operand(st.size()));
        break;
      }
      path.push_back({static_cast<int64_t>(b.i), static_cast<int64_t>(b.j)});
      st = after(st, b.i, b.j);
    }
    return path;
  }

 private:
  struct best {
    int depth = 0;  // pairwise steps that fit, from here
    double cost = 0;
    size_t i = 0, j = 0;
  };

  static std::vector<uint32_t> after(const std::vector<uint32_t>& st, size_t i, size_t j) {
    std::vector<uint32_t> r;
    r.reserve(st.size() - 1);
    for (size_t k = 0; k < st.size(); ++k)
      if (k != i && k != j) r.push_back(st[k]);
    r.push_back(st[i] | st[j]);
    return r;
  }

  best solve(const std::vector<uint32_t>& st) {
    if (st.size() == 1) return {};
    if (const auto it = memo_.find(st); it != memo_.end()) return it->second;
    best b{-1, 0, 0, 0};
    for (size_t i = 0; i < st.size(); ++i)
      for (size_t j = i + 1; j < st.size(); ++j) {
        const uint32_t s = st[i] | st[j];
        if (g_.size[s] > limit_) continue;
        const best rest = solve(after(st, i, j));
        const int depth = rest.depth + 1;
        const double cost = pl_.flops(g_.labels[st[i]] | g_.labels[st[j]], g_.labels[s], 2) + rest.cost;
        if (depth > b.depth || (depth == b.depth && cost < b.cost)) b = {depth, cost, i, j};
      }
    if (b.depth < 0) b = {};
    memo_.emplace(st, b);
    return b;
  }

  const planner& pl_;
  groups g_;
  double limit_;
  std::map<std::vector<uint32_t>, best> memo_;
};

// The cheapest order by dynamic programming over subsets of the operands (for lists too long
// for optimal_search; ties may be broken unlike NumPy's). Empty if nothing fits `limit`.
path_t plan_subsets(const planner& pl, const std::vector<lset>& ops, double limit) {
  const size_t n = ops.size();
  const groups g(pl, ops);
  const uint32_t full = g.full;
  std::vector<double> cost(full + 1, 0.0);
  std::vector<uint32_t> split(full + 1, 0);
  const double inf = std::numeric_limits<double>::infinity();
  for (uint32_t s = 1; s <= full; ++s) {
    if (std::popcount(s) == 1) continue;
    const uint32_t low = s & (~s + 1);
    double best = inf;
    if (g.size[s] <= limit) {
      // Sub-masks t of s holding its lowest operand, so each split is seen once.
      for (uint32_t t = (s - 1) & s; t > 0; t = (t - 1) & s) {
        if (!(t & low)) continue;
        const uint32_t u = s ^ t;
        const double c = cost[t] + cost[u] + pl.flops(g.labels[t] | g.labels[u], g.labels[s], 2);
        if (c < best) {
          best = c;
          split[s] = t;
        }
      }
    }
    cost[s] = best;
  }
  if (cost[full] == inf) return {};
  path_t path;
  std::vector<uint32_t> cur;
  for (size_t i = 0; i < n; ++i) cur.push_back(uint32_t{1} << i);
  std::function<void(uint32_t)> emit = [&](uint32_t s) {
    if (std::popcount(s) == 1) return;
    const uint32_t t = split[s], u = s ^ t;
    emit(t);
    emit(u);
    auto i = static_cast<int64_t>(std::find(cur.begin(), cur.end(), t) - cur.begin());
    auto j = static_cast<int64_t>(std::find(cur.begin(), cur.end(), u) - cur.begin());
    if (i > j) std::swap(i, j);
    path.push_back({i, j});
    cur.erase(cur.begin() + j);
    cur.erase(cur.begin() + i);
    cur.push_back(s);
  };
  emit(full);
  return path;
}

// optimal_search up to this many operands (NumPy's own search grows factorially), the
// subset DP up to kSubsetLimit, greedy beyond.
constexpr size_t kExactLimit = 8;
constexpr size_t kSubsetLimit = 12;

// Everything einsum and einsum_path share: the parsed labels, the collapsed operands with
// their private labels summed, the label sizes.
struct prepared {
  parsed p;
  std::vector<labeled> ops;
  sizes_t size;
};

// `cast` and `presum` are einsum's: einsum_path only needs the labels and sizes.
prepared prepare(const std::string& subscripts, const std::vector<array>& in, dtype dt, bool cast, bool presum) {
  prepared r;
  r.p = parse(subscripts, in);
  for (size_t k = 0; k < in.size(); ++k) {
    labeled o = collapse(in[k], r.p.in[k], k);
    for (size_t i = 0; i < o.labels.size(); ++i) {
      const label l = o.labels[i];
      const int64_t n = o.a.shape()[i];
      auto it = r.size.find(l);
      if (it == r.size.end() || it->second == 1) {
        r.size[l] = n;
        continue;
      }
      if (n != 1 && n != it->second) {
        size_t other = 0;
        for (size_t q = 0; q < k; ++q)
          if (has(r.p.in[q], l) && in[q].shape(static_cast<int64_t>(
                                       std::find(r.p.in[q].begin(), r.p.in[q].end(), l) - r.p.in[q].begin())) != 1)
            other = q;
        throw shape_error(fmt::format("[einsum] label {} has size {} in operand {} (shape {}) but {} in operand {} "
                                      "(shape {})",
                                      label_name(l), it->second, other, shape_str(in[other].shape()), n, k,
                                      shape_str(in[k].shape())));
      }
    }
    r.ops.push_back(std::move(o));
  }
  // Labels held by one operand only and absent from the output are summed at once.
  std::map<label, int> holders;
  for (const auto& o : r.ops)
    for (label l : o.labels) ++holders[l];
  for (auto& o : r.ops) {
    if (r.ops.size() == 1 || !presum) break;  // the final sum handles it (and a view needs none)
    std::vector<label> keep = r.p.out;
    for (label l : o.labels)
      if (holders[l] > 1) keep.push_back(l);
    if (std::all_of(o.labels.begin(), o.labels.end(), [&](label l) { return has(keep, l); })) continue;
    if (cast) o.a = o.a.astype(dt, casting::unsafe, false);
    o = sum_out(std::move(o), keep, dt);
  }
  return r;
}

// The path einsum follows without an explicit one: np.einsum_path's for the same inputs.
path_t make_path(const prepared& pr, einsum_optimize how, std::optional<int64_t> memory_limit) {
  const planner pl(pr.p.out, pr.size);
  std::vector<lset> sets;
  lset used;
  for (const auto& ls : pr.p.in) {
    sets.push_back(pl.set_of(ls));
    used |= sets.back();
  }
  const size_t n = sets.size();
  // Nothing to order: one step over everything, as NumPy's.
  if (how == einsum_optimize::off || n <= 2 || used == pl.out) return {every_operand(n)};
  // NumPy's default limit: the largest operand (as written) or the output.
  double limit = pl.elements(pr.p.out);
  for (const auto& ls : pr.p.in) limit = std::max(limit, pl.elements(ls));
  if (memory_limit) limit = static_cast<double>(*memory_limit);
  if (how == einsum_optimize::optimal) {
    if (n <= kExactLimit) return optimal_search(pl, sets, limit).run(n);
    if (n <= kSubsetLimit) {
      path_t p = plan_subsets(pl, sets, limit);
      if (!p.empty()) return p;
    }
  }
  return plan_greedy(pl, sets, limit);
}

// The positions a step names, checked against the `remaining` operands.
std::vector<size_t> step_positions(const einsum_step& step, size_t remaining, const char* fn) {
  if (step.empty()) throw value_error(fmt::format("[{}] an empty step in the contraction path", fn));
  std::vector<size_t> idx;
  for (int64_t i : step) {
    if (i < 0 || i >= static_cast<int64_t>(remaining) || std::count(idx.begin(), idx.end(), static_cast<size_t>(i)) > 0)
      throw value_error(fmt::format("[{}] invalid contraction path: step ({}) does not name distinct operands of the {} "
                                    "that remain",
                                    fn, fmt::join(step, ", "), remaining));
    idx.push_back(static_cast<size_t>(i));
  }
  return idx;
}

void check_all_contracted(size_t remaining, const char* fn) {
  if (remaining != 1)
    throw value_error(fmt::format("[{}] invalid contraction path: {} operands are left uncontracted", fn, remaining));
}

dtype einsum_dtype(const std::vector<array>& ops, const einsum_options& o) {
  if (o.dtype) {
    for (size_t k = 0; k < ops.size(); ++k)
      if (!can_cast(ops[k].dtype(), *o.dtype, o.rule))
        throw dtype_error(fmt::format("[einsum] operand {} cannot be cast from {} to {} under the rule '{}'", k,
                                      ops[k].dtype().name(), o.dtype->name(), casting_name(o.rule)));
    return *o.dtype;
  }
  if (ops.empty()) throw value_error("[einsum] no input operands");
  dtype d = ops[0].dtype();
  for (size_t k = 1; k < ops.size(); ++k) d = promote_types(d, ops[k].dtype());
  return d;
}

std::string render(const std::vector<label>& ls) {
  std::string s;
  for (label l : ls) s += l < kEll ? static_cast<char>(l) : '*';
  return s;
}

}  // namespace

array einsum(const std::string& subscripts, const std::vector<array>& operands, const einsum_options& opts) {
  if (operands.empty()) throw value_error("[einsum] no input operands");
  const dtype res_dt = einsum_dtype(operands, opts);
  // float16 is computed in float32 and rounded once at the end, as NumPy's half loops.
  const dtype dt = res_dt == float16 ? float32 : res_dt;
  prepared pr = prepare(subscripts, operands, dt, true, true);
  if (opts.out) {
    const array& o = *opts.out;
    shape_t want;
    for (label l : pr.p.out) want.push_back(pr.size.at(l));
    if (o.shape() != want)
      throw shape_error(fmt::format("[einsum] out has shape {}, but the result has shape {}", shape_str(o.shape()),
                                    shape_str(want)));
    if (!can_cast(res_dt, o.dtype(), opts.rule))
      throw dtype_error(fmt::format("[einsum] the result cannot be cast from {} to out's {} under the rule '{}'",
                                    res_dt.name(), o.dtype().name(), casting_name(opts.rule)));
  }
  const path_t path = opts.path ? *opts.path : make_path(pr, opts.optimize, opts.memory_limit);
  std::vector<labeled> cur = std::move(pr.ops);
  for (const auto& step : path) {
    std::vector<size_t> idx = step_positions(step, cur.size(), "einsum");
    if (idx.size() == 1 && cur.size() == 1) break;  // NumPy's path for a single operand
    // The operands of one step are contracted pairwise, left to right.
    std::vector<labeled> group;
    for (size_t i : idx) group.push_back(cur[i]);
    std::sort(idx.rbegin(), idx.rend());
    for (size_t i : idx) cur.erase(cur.begin() + static_cast<std::ptrdiff_t>(i));
    std::vector<label> after = pr.p.out;
    for (const auto& o : cur) after.insert(after.end(), o.labels.begin(), o.labels.end());
    labeled acc = std::move(group[0]);
    acc.a = acc.a.astype(dt, casting::unsafe, false);
    for (size_t g = 1; g < group.size(); ++g) {
      std::vector<label> keep = after;
      for (size_t h = g + 1; h < group.size(); ++h) keep.insert(keep.end(), group[h].labels.begin(), group[h].labels.end());
      group[g].a = group[g].a.astype(dt, casting::unsafe, false);
      acc = contract_pair(std::move(acc), std::move(group[g]), keep, pr.size, dt);
    }
    cur.push_back(std::move(acc));
  }
  check_all_contracted(cur.size(), "einsum");
  labeled last = std::move(cur[0]);
  const bool as_view = last.labels.size() == pr.p.out.size() && res_dt == last.a.dtype() && !opts.out;
  if (!as_view) {
    last.a = last.a.astype(dt, casting::unsafe, false);
    last = sum_out(std::move(last), pr.p.out, dt);
  }
  widen(last, pr.p.out, pr.size);
  array r = permuted(last, pr.p.out);
  if (r.dtype() != res_dt) r = r.astype(res_dt);
  if (!opts.out) return r;
  array o = *opts.out;
  o.assign(r, casting::unsafe);
  return o;
}

einsum_path_info einsum_path(const std::string& subscripts, const std::vector<array>& operands,
                             einsum_optimize optimize, std::optional<int64_t> memory_limit) {
  einsum_options o;
  o.optimize = optimize;
  o.memory_limit = memory_limit;
  return einsum_path(subscripts, operands, o);
}

einsum_path_info einsum_path(const std::string& subscripts, const std::vector<array>& operands,
                             const einsum_options& opts) {
  if (operands.empty()) throw value_error("[einsum_path] no input operands");
  const prepared pr = prepare(subscripts, operands, float64, false, false);
  const planner pl(pr.p.out, pr.size);
  einsum_path_info info;
  info.path = opts.path ? *opts.path : make_path(pr, opts.optimize, opts.memory_limit);
  // NumPy's numbers and table: each step's cost, scaling (labels looped over) and result
  // size, on the operands' label sets as written. An intermediate is named by its labels in
  // order of size, then of label; the last one by the output.
  std::vector<std::vector<label>> names = pr.p.in;
  std::vector<lset> sets;
  lset used;
  bool inner = false;  // NumPy's "inner product": a label shared by two operands
  for (const auto& ls : pr.p.in) {
    sets.push_back(pl.set_of(ls));
    inner = inner || (used & sets.back()).any();
    used |= sets.back();
  }
  auto joined = [](const std::vector<std::vector<label>>& ts) {
    std::vector<std::string> s;
    for (const auto& t : ts) s.push_back(render(t));
    return fmt::format("{}", fmt::join(s, ","));
  };
  const std::string out_name = render(pr.p.out);
  double cost = 0;
  std::string table;
  for (size_t n = 0; n < info.path.size(); ++n) {
    std::vector<size_t> idx = step_positions(info.path[n], sets.size(), "einsum_path");
    std::sort(idx.rbegin(), idx.rend());
    lset joint, rest = pl.out;
    for (size_t k = 0; k < sets.size(); ++k) {
      if (std::count(idx.begin(), idx.end(), k) > 0) joint |= sets[k];
      else rest |= sets[k];
    }
    const lset r = joint & rest;
    cost += pl.flops(joint, r, idx.size());
    info.optimized_scaling = std::max(info.optimized_scaling, static_cast<int64_t>(joint.count()));
    info.largest_intermediate = std::max(info.largest_intermediate, pl.elements(r));
    std::vector<std::vector<label>> current;
    for (size_t i : idx) {
      current.push_back(names[i]);
      names.erase(names.begin() + static_cast<std::ptrdiff_t>(i));
      sets.erase(sets.begin() + static_cast<std::ptrdiff_t>(i));
    }
    std::vector<label> res = pr.p.out;
    if (n + 1 < info.path.size()) {
      res.clear();
      for (size_t b = 0; b < pl.index.size(); ++b)
        if (r.test(b)) res.push_back(pl.index[b]);
      std::stable_sort(res.begin(), res.end(),
                       [&](label a, label b) { return pl.sizes[pl.bit(a)] < pl.sizes[pl.bit(b)]; });
    }
    names.push_back(res);
    sets.push_back(r);
    table += fmt::format("\n{:>4}    {:>24} {:>40}", joint.count(), joined(current) + "->" + render(res),
                         joined(names) + "->" + out_name);
  }
  check_all_contracted(sets.size(), "einsum_path");
  const size_t n_in = operands.size();
  info.naive_scaling = static_cast<int64_t>(used.count());
  info.naive_flops = pl.elements(used) * static_cast<double>(std::max<size_t>(1, n_in - 1) + (inner ? 1 : 0));
  info.optimized_flops = cost + 1;  // NumPy adds one
  info.report = fmt::format(
      "  Complete contraction:  {}->{}\n         Naive scaling:  {}\n     Optimized scaling:  {}\n"
      "      Naive FLOP count:  {:.3e}\n  Optimized FLOP count:  {:.3e}\n   Theoretical speedup:  {:3.3f}\n"
      "  Largest intermediate:  {:.3e} elements\n{}{:-<74}\n{:>6} {:>24} {:>40}\n{:-<74}{}",
      joined(pr.p.in), out_name, info.naive_scaling, info.optimized_scaling, info.naive_flops, info.optimized_flops,
      info.naive_flops / info.optimized_flops, info.largest_intermediate,
      pr.p.nbroadcast > 0 ? "  ('*' stands for a broadcast dimension of '...')\n" : "", "", "scaling", "current",
      "remaining", "", table);
  return info;
}

}  // namespace nd

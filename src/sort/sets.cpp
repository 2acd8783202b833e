// unique, isin and the 1-D set operations, following numpy/lib/_arraysetops_impl.py step by
// step (sort, compare neighbours) so that dtypes, order and NaN handling match NumPy's.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <numeric>

#include "nd/creation.hpp"
#include "nd/sort.hpp"
#include "nd/threads.hpp"
#include "nd/views.hpp"
#include "sort/order.hpp"
#include "sort/vqsort.hpp"

namespace nd {
namespace {

using namespace detail::sorting;
using mask_t = std::vector<uint8_t>;

// flat[idx[i]] for i < m; `flat` is 1-D contiguous.
array take_flat(const array& flat, const int64_t* idx, int64_t m) {
  array out = empty({m}, flat.dtype());
  const auto isz = static_cast<size_t>(flat.itemsize());
  const char* src = static_cast<const char*>(flat.raw_data());
  char* dst = static_cast<char*>(out.mutable_data());
  for (int64_t i = 0; i < m; ++i) std::memcpy(dst + static_cast<size_t>(i) * isz, src + static_cast<size_t>(idx[i]) * isz, isz);
  return out;
}
array take_flat(const array& flat, const std::vector<int64_t>& idx) {
  return take_flat(flat, idx.data(), static_cast<int64_t>(idx.size()));
}

std::vector<int64_t> true_positions(const mask_t& mask) {
  std::vector<int64_t> pos;
  for (size_t i = 0; i < mask.size(); ++i)
    if (mask[i]) pos.push_back(static_cast<int64_t>(i));
  return pos;
}

// np.concatenate of two flattened arrays, in their promoted dtype.
array concat1d(const array& a, const array& b) {
  const dtype dt = promote_types(a.dtype(), b.dtype());
  const int64_t na = a.size(), nb = b.size();
  array out = empty({na + nb}, dt);
  if (na > 0) out(slice(0, na)).assign(flat_contiguous(a));
  if (nb > 0) out(slice(na, na + nb)).assign(flat_contiguous(b));
  return out;
}

// eq[i] = (sorted[i + 1] == sorted[i]), NumPy's ==.
mask_t adjacent_equal(const array& sorted) {
  const int64_t n = sorted.size();
  mask_t eq(static_cast<size_t>(std::max<int64_t>(n - 1, 0)));
  visit_dtype(sorted.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = static_cast<const T*>(sorted.raw_data());
    for (int64_t i = 0; i + 1 < n; ++i) eq[static_cast<size_t>(i)] = equal(key_of(p[i + 1]), key_of(p[i]));
  });
  return eq;
}

// Where a new distinct value starts in sorted values; with equal_nan the NaNs (which sort
// last) form a single run.
mask_t run_starts(const array& sorted, bool equal_nan) {
  const int64_t n = sorted.size();
  mask_t mask(static_cast<size_t>(n), 0);
  if (n == 0) return mask;
  const mask_t eq = adjacent_equal(sorted);
  int64_t end = n;  // runs are found by == below `end`
  visit_dtype(sorted.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = static_cast<const T*>(sorted.raw_data());
    if (equal_nan && is_nan(key_of(p[n - 1]))) {
      end = n - 1;
      while (end > 0 && is_nan(key_of(p[end - 1]))) --end;
    }
  });
  mask[0] = 1;
  for (int64_t i = 1; i < end; ++i) mask[static_cast<size_t>(i)] = !eq[static_cast<size_t>(i - 1)];
  if (end < n) mask[static_cast<size_t>(end)] = 1;
  return mask;
}

// NumPy's values-only unique hashes: the NaN kept for complex input is the first one in
// input order, not the smallest in sort order (which is what the sorting path keeps).
void first_nan_represents(const array& flat, array& values) {
  if (!flat.dtype().is_complex() || values.size() == 0) return;
  visit_dtype(flat.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (detail::is_complex_v<T>) {
      T* last = static_cast<T*>(values.mutable_data()) + values.size() - 1;
      if (!is_nan(*last)) return;
      const T* p = static_cast<const T*>(flat.raw_data());
      for (int64_t i = 0; i < flat.size(); ++i)
        if (is_nan(p[i])) {
          *last = p[i];
          return;
        }
    }
  });
}

array int64_vector(const std::vector<int64_t>& v) {
  array out = empty({static_cast<int64_t>(v.size())}, int64);
  if (!v.empty()) std::memcpy(out.mutable_data(), v.data(), v.size() * sizeof(int64_t));
  return out;
}

// Values-only unique through a hash set, for inputs with few distinct values (NumPy 2
// hashes too): one pass keeps the first occurrence of each value (zeros are one key, so
// the first zero's sign survives; with equal_nan the first NaN stands for all), then the
// distinct values are sorted. Gives up (false) as soon as the set grows past `limit`
// values (n / 8 of the whole input), where sorting is cheaper; a first probe of 16 Ki
// elements makes inputs of mostly distinct values give up early.
template <class T>
bool dedupe_first(const T* in, int64_t n, bool equal_nan, int64_t limit, bool probe_first, std::vector<T>& out,
                  std::vector<T>& nans) {
  using U = std::conditional_t<sizeof(T) == 1, uint8_t,
                               std::conditional_t<sizeof(T) == 2, uint16_t,
                                                  std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
  int shift = 54;  // table of 2^(64 - shift) slots, kept at most half full
  std::vector<U> keys(size_t{1} << (64 - shift));
  std::vector<int32_t> slot(keys.size(), -1);  // index into out, -1 when empty
  out.clear();
  nans.clear();
  auto key_of_value = [](T v) {
    if constexpr (is_real_float_v<T>) {
      if (v == T(0)) v = T(0);
    }
    U k;
    std::memcpy(&k, &v, sizeof(U));
    return k;
  };
  auto grow = [&] {
    --shift;
    std::vector<U> nk(keys.size() * 2);
    std::vector<int32_t> ns(keys.size() * 2, -1);
    const size_t mask = nk.size() - 1;
    for (size_t i = 0; i < out.size(); ++i) {
      const U k = key_of_value(out[i]);
      size_t h = static_cast<size_t>((static_cast<uint64_t>(k) * 0x9E3779B97F4A7C15ULL) >> shift);
      while (ns[h] >= 0) h = (h + 1) & mask;
      nk[h] = k;
      ns[h] = static_cast<int32_t>(i);
    }
    keys.swap(nk);
    slot.swap(ns);
  };
  const int64_t probe = probe_first ? std::min<int64_t>(n, 16384) : 0;
  for (int64_t i = 0; i < n; ++i) {
    const T v = in[i];
    if constexpr (is_real_float_v<T>) {
      if (v != v) {
        if (!equal_nan || nans.empty()) nans.push_back(v);
        continue;
      }
    }
    const U k = key_of_value(v);
    const size_t mask = keys.size() - 1;
    size_t h = static_cast<size_t>((static_cast<uint64_t>(k) * 0x9E3779B97F4A7C15ULL) >> shift);
    for (;;) {
      const int32_t s = slot[h];
      if (s < 0) {
        keys[h] = k;
        slot[h] = static_cast<int32_t>(out.size());
        out.push_back(v);
        if (static_cast<int64_t>(out.size()) > limit || (i < probe && static_cast<int64_t>(out.size()) > probe / 8))
          return false;
        if (out.size() * 2 > keys.size()) grow();
        break;
      }
      if (keys[h] == k) break;
      h = (h + 1) & mask;
    }
  }
  return true;
}

// The distinct values of in[0, n) sorted, NaNs last; false where hashing does not pay.
// Threads deduplicate chunks; the chunks' lists, concatenated in input order, are
// deduplicated once more, so each value keeps its first occurrence.
template <class T>
bool unique_by_hash(const T* in, int64_t n, bool equal_nan, std::vector<T>& out) {
  const int64_t limit = n / 8;
  if (limit < 64) return false;
  const int64_t P = std::min<int64_t>(get_num_threads(), std::max<int64_t>(1, n / (int64_t{1} << 18)));
  std::vector<std::vector<T>> outs(static_cast<size_t>(P)), nanss(static_cast<size_t>(P));
  std::atomic<bool> ok{true};
  detail::parallel_for(P, 1, [&](int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      const int64_t b = n * c / P, e = n * (c + 1) / P;
      if (!dedupe_first(in + b, e - b, equal_nan, limit, true, outs[static_cast<size_t>(c)], nanss[static_cast<size_t>(c)]))
        ok = false;
    }
  });
  if (!ok) return false;
  std::vector<T> nans;
  if (P == 1) {
    out.swap(outs[0]);
    nans.swap(nanss[0]);
  } else {
    std::vector<T> all, ignored;
    for (int64_t c = 0; c < P; ++c) {
      all.insert(all.end(), outs[static_cast<size_t>(c)].begin(), outs[static_cast<size_t>(c)].end());
      for (const T& v : nanss[static_cast<size_t>(c)])
        if (!equal_nan || nans.empty()) nans.push_back(v);
    }
    if (!dedupe_first(all.data(), static_cast<int64_t>(all.size()), equal_nan, n, false, out, ignored)) return false;
  }
  std::sort(out.begin(), out.end());
  out.insert(out.end(), nans.begin(), nans.end());
  return true;
}

// Values-only unique of integer and real float input: an unstable (vectorised) sort, one
// pass keeping the first of each run, then the representatives NumPy 2 keeps fixed up:
// the zero and the NaN that stand for their runs are the first ones in input order (the
// sign of a zero and a NaN's payload are visible). Returns false for other dtypes.
template <class T>
bool unique_values_fast(const array& flat, bool equal_nan, array& values) {
  if constexpr (!vq_sortable_v<T> && !(std::is_integral_v<T> && !std::is_same_v<T, bool>)) {
    (void)flat, (void)equal_nan, (void)values;
    return false;
  } else {
    const int64_t n = flat.size();
    {
      std::vector<T> few;
      if (unique_by_hash(static_cast<const T*>(flat.raw_data()), n, equal_nan, few)) {
        values = empty({static_cast<int64_t>(few.size())}, flat.dtype());
        if (!few.empty()) std::memcpy(values.mutable_data(), few.data(), few.size() * sizeof(T));
        return true;
      }
    }
    array sorted = sort(flat, 0, sort_kind::quicksort);
    T* p = static_cast<T*>(sorted.mutable_data());
    const T* in = static_cast<const T*>(flat.raw_data());
    int64_t m = 0;
    if (n > 0) {
      int64_t end = n;
      if constexpr (is_real_float_v<T>) {
        if (equal_nan)
          while (end > 0 && std::isnan(p[end - 1])) --end;
      }
      if (end > 0) p[m++] = p[0];
      for (int64_t i = 1; i < end; ++i) {
        p[m] = p[i];
        m += !(p[i] == p[m - 1]);
      }
      if constexpr (is_real_float_v<T>) {
        // The zero (at most one after the == runs) and the one NaN are the first in input order.
        const T* z = std::lower_bound(p, p + m, T(0), [](T x, T y) { return x < y; });
        if (z != p + m && *z == T(0))
          for (int64_t i = 0; i < n; ++i)
            if (in[i] == T(0)) {
              p[z - p] = in[i];
              break;
            }
        if (equal_nan && end < n)
          for (int64_t i = 0; i < n; ++i)
            if (std::isnan(in[i])) {
              p[m++] = in[i];
              break;
            }
      }
    }
    values = m == n ? sorted : sorted(slice(0, m)).copy();
    return true;
  }
}

}  // namespace

unique_result unique(const array& a, const unique_options& opts) {
  const array flat = flat_contiguous(a);
  const int64_t n = flat.size();
  array aux;
  array perm;
  const bool need_perm = opts.return_index || opts.return_inverse;
  if (!need_perm && !opts.return_counts) {
    unique_result r;
    bool done = false;
    visit_dtype(flat.dtype(), [&](auto tag) {
      done = unique_values_fast<typename decltype(tag)::type>(flat, opts.equal_nan, r.values);
    });
    if (done) return r;
  }
  if (need_perm) {
    perm = argsort(flat, 0, sort_kind::stable);
    aux = take_flat(flat, static_cast<const int64_t*>(perm.raw_data()), n);
  } else {
    // Stable, so each value is represented by its first occurrence, as NumPy 2's
    // hash-based unique gives (-0.0 before 0.0 keeps the sign of the first one).
    aux = sort(flat, 0, sort_kind::stable);
  }
  const mask_t mask = run_starts(aux, opts.equal_nan);
  const std::vector<int64_t> starts = true_positions(mask);
  unique_result r;
  r.values = take_flat(aux, starts);
  if (!need_perm && !opts.return_counts && opts.equal_nan) first_nan_represents(flat, r.values);
  const int64_t* pp = need_perm ? static_cast<const int64_t*>(perm.raw_data()) : nullptr;
  if (opts.return_index) {
    std::vector<int64_t> idx(starts.size());
    for (size_t i = 0; i < starts.size(); ++i) idx[i] = pp[starts[i]];
    r.index = int64_vector(idx);
  }
  if (opts.return_inverse) {
    array inv = empty(a.shape(), int64);
    int64_t* ip = static_cast<int64_t*>(inv.mutable_data());
    int64_t c = -1;
    for (int64_t i = 0; i < n; ++i) {
      c += mask[static_cast<size_t>(i)];
      ip[pp[i]] = c;
    }
    r.inverse = inv;
  }
  if (opts.return_counts) {
    std::vector<int64_t> counts(starts.size());
    for (size_t i = 0; i < starts.size(); ++i) counts[i] = (i + 1 < starts.size() ? starts[i + 1] : n) - starts[i];
    r.counts = int64_vector(counts);
  }
  return r;
}

array unique(const array& a) { return unique(a, unique_options{}).values; }

namespace {

// The rows of a C-contiguous (n, m) block compared as NumPy compares structured values
// made of m fields: lexicographically with the element order (NaN last), and == field by
// field (so a row holding NaN equals no row).
// NumPy compares float16 fields with HALF_compare, which (unlike its sort order for plain
// float16 arrays) puts NaN *before* every number; nd follows it so that the rows come out
// in NumPy's order.
template <class T>
bool field_less(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, float16_t>) {
    const float u = static_cast<float>(a), v = static_cast<float>(b);
    if (std::isnan(u)) return !std::isnan(v);
    if (std::isnan(v)) return false;
    return u < v;
  } else {
    return less(key_of(a), key_of(b));
  }
}

template <class T>
struct row_compare {
  const T* p;
  int64_t m;
  bool less_rows(int64_t i, int64_t j) const {
    const T* x = p + i * m;
    const T* y = p + j * m;
    for (int64_t k = 0; k < m; ++k) {
      if (field_less(x[k], y[k])) return true;
      if (field_less(y[k], x[k])) return false;
    }
    return false;
  }
  bool equal_rows(int64_t i, int64_t j) const {
    const T* x = p + i * m;
    const T* y = p + j * m;
    for (int64_t k = 0; k < m; ++k)
      if (!equal(key_of(x[k]), key_of(y[k]))) return false;
    return true;
  }
};

}  // namespace

unique_result unique(const array& a, int64_t axis, const unique_options& opts) {
  if (a.ndim() == 1) {
    // NumPy treats 1-D input with an axis as axis=None (equal_nan applies there).
    (void)normalize_axis(axis, 1, "unique");
    return unique(a, opts);
  }
  const int64_t ax = normalize_axis(axis, a.ndim(), "unique");
  const array moved = moveaxis(a, ax, 0);
  const int64_t n = moved.shape(0);
  shape_t rest(moved.shape().begin() + 1, moved.shape().end());
  int64_t m = 1;
  for (int64_t d : rest) m *= d;
  const array flat = flat_contiguous(moved);  // rows of m elements, C order
  const auto isz = static_cast<size_t>(a.itemsize());
  std::vector<int64_t> perm(static_cast<size_t>(n));
  std::iota(perm.begin(), perm.end(), int64_t{0});
  mask_t mask(static_cast<size_t>(n), 0);
  visit_dtype(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const row_compare<T> rc{static_cast<const T*>(flat.raw_data()), m};
    // Stable: each distinct row is represented by its first occurrence (return_index).
    std::stable_sort(perm.begin(), perm.end(), [&](int64_t i, int64_t j) { return rc.less_rows(i, j); });
    for (int64_t i = 0; i < n; ++i)
      mask[static_cast<size_t>(i)] = i == 0 || !rc.equal_rows(perm[static_cast<size_t>(i)], perm[static_cast<size_t>(i - 1)]);
  });
  const std::vector<int64_t> starts = true_positions(mask);
  const auto k = static_cast<int64_t>(starts.size());
  shape_t vshape{k};
  vshape.insert(vshape.end(), rest.begin(), rest.end());
  array values = empty(vshape, a.dtype());
  if (m > 0) {
    const char* src = static_cast<const char*>(flat.raw_data());
    char* dst = static_cast<char*>(values.mutable_data());
    const size_t row_bytes = static_cast<size_t>(m) * isz;
    for (int64_t i = 0; i < k; ++i)
      std::memcpy(dst + static_cast<size_t>(i) * row_bytes,
                  src + static_cast<size_t>(perm[static_cast<size_t>(starts[static_cast<size_t>(i)])]) * row_bytes,
                  row_bytes);
  }
  unique_result r;
  r.values = moveaxis(values, 0, ax);
  if (opts.return_index) {
    std::vector<int64_t> idx(starts.size());
    for (size_t i = 0; i < starts.size(); ++i) idx[i] = perm[static_cast<size_t>(starts[i])];
    r.index = int64_vector(idx);
  }
  if (opts.return_inverse) {
    std::vector<int64_t> inv(static_cast<size_t>(n));
    int64_t c = -1;
    for (int64_t i = 0; i < n; ++i) {
      c += mask[static_cast<size_t>(i)];
      inv[static_cast<size_t>(perm[static_cast<size_t>(i)])] = c;
    }
    r.inverse = int64_vector(inv);
  }
  if (opts.return_counts) {
    std::vector<int64_t> counts(starts.size());
    for (size_t i = 0; i < starts.size(); ++i) counts[i] = (i + 1 < starts.size() ? starts[i + 1] : n) - starts[i];
    r.counts = int64_vector(counts);
  }
  return r;
}

array isin(const array& element, const array& test_elements, bool assume_unique, bool invert) {
  (void)assume_unique;  // a binary search needs no distinct values; kept for NumPy's signature
  const dtype dt = promote_types(element.dtype(), test_elements.dtype());
  const array e = flat_as(element, dt);
  const array t = sort(flat_as(test_elements, dt), 0);
  array out = empty(element.shape(), bool_);
  bool* op = static_cast<bool*>(out.mutable_data());
  visit_dtype(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* ep = static_cast<const T*>(e.raw_data());
    const T* tp = static_cast<const T*>(t.raw_data());
    const int64_t nt = t.size();
    auto lt = [](const T& x, const T& y) { return less(key_of(x), key_of(y)); };
    detail::parallel_for(e.size(), 4096, [&](int64_t b, int64_t en) {
      for (int64_t i = b; i < en; ++i) {
        const T* p = std::lower_bound(tp, tp + nt, ep[i], lt);
        const bool found = p != tp + nt && equal(key_of(*p), key_of(ep[i]));
        op[i] = found != invert;
      }
    });
  });
  return out;
}

namespace {

intersect_result intersect_impl(const array& a, const array& b, bool assume_unique, bool with_indices) {
  array a1, b1;
  std::optional<array> ia, ib;
  if (!assume_unique) {
    unique_options o;
    o.return_index = with_indices;
    unique_result ua = unique(a, o), ub = unique(b, o);
    a1 = ua.values;
    b1 = ub.values;
    ia = ua.index;
    ib = ub.index;
  } else {
    a1 = flat_contiguous(a);
    b1 = flat_contiguous(b);
  }
  array aux = concat1d(a1, b1);
  array perm;
  if (with_indices) {
    perm = argsort(aux, 0, sort_kind::stable);
    aux = take_flat(aux, static_cast<const int64_t*>(perm.raw_data()), aux.size());
  } else {
    aux = sort(aux, 0);
  }
  const std::vector<int64_t> pos = true_positions(adjacent_equal(aux));
  intersect_result r;
  r.values = take_flat(aux, pos);
  if (with_indices) {
    const int64_t* pp = static_cast<const int64_t*>(perm.raw_data());
    std::vector<int64_t> ai(pos.size()), bi(pos.size());
    for (size_t i = 0; i < pos.size(); ++i) {
      ai[i] = pp[pos[i]];
      bi[i] = pp[pos[i] + 1] - a1.size();
      if (!assume_unique) {
        ai[i] = static_cast<const int64_t*>(ia->raw_data())[ai[i]];
        bi[i] = static_cast<const int64_t*>(ib->raw_data())[bi[i]];
      }
    }
    r.a_indices = int64_vector(ai);
    r.b_indices = int64_vector(bi);
  }
  return r;
}

}  // namespace

array intersect1d(const array& a, const array& b, bool assume_unique) {
  return intersect_impl(a, b, assume_unique, false).values;
}

intersect_result intersect1d_indices(const array& a, const array& b, bool assume_unique) {
  return intersect_impl(a, b, assume_unique, true);
}

array union1d(const array& a, const array& b) { return unique(concat1d(a, b)); }

array setdiff1d(const array& a, const array& b, bool assume_unique) {
  const array a1 = assume_unique ? flat_contiguous(a) : unique(a);
  const array b1 = assume_unique ? b : unique(b);
  const array keep = isin(a1, b1, true, true);
  const bool* kp = static_cast<const bool*>(keep.raw_data());
  std::vector<int64_t> pos;
  for (int64_t i = 0; i < a1.size(); ++i)
    if (kp[i]) pos.push_back(i);
  return take_flat(a1, pos);
}

array setxor1d(const array& a, const array& b, bool assume_unique) {
  const array a1 = assume_unique ? a : unique(a);
  const array b1 = assume_unique ? b : unique(b);
  array aux = concat1d(a1, b1);
  if (aux.size() == 0) return aux;
  aux = sort(aux, 0);
  const mask_t eq = adjacent_equal(aux);
  const int64_t n = aux.size();
  // flag[i] = aux[i] != aux[i-1], with flag[0] = flag[n] = true; keep flag[i] && flag[i+1].
  std::vector<int64_t> pos;
  for (int64_t i = 0; i < n; ++i) {
    const bool before = i == 0 || !eq[static_cast<size_t>(i - 1)];
    const bool after = i == n - 1 || !eq[static_cast<size_t>(i)];
    if (before && after) pos.push_back(i);
  }
  return take_flat(aux, pos);
}

}  // namespace nd

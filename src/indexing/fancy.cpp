// getitem / setitem with NumPy's advanced indexing: the index is split into a basic view
// (slices, newaxis, ellipsis; array-indexed axes kept whole) and one byte offset per
// element of the broadcast index shape; the copy then moves whole sub-blocks.
#include <fmt/format.h>

#include <cstring>

#include "indexing/kernels.hpp"
#include "iter/parallel.hpp"
#include "indexing/gather.hpp"
#include "nd/creation.hpp"
#include "nd/indexing.hpp"

namespace nd {

namespace detail {

std::string compact_shape(const shape_t& s) {
  std::string r = "(";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) r += ",";
    r += std::to_string(s[i]);
  }
  if (s.size() == 1) r += ",";
  return r + ")";
}

void index_out_of_bounds(int64_t k, int64_t n, int64_t axis, std::string_view op) {
  throw index_error(fmt::format("[{}] index {} is out of bounds for axis {} with size {}", op, k, axis, n));
}

int64_t apply_mode(int64_t k, int64_t n, clip_mode mode, int64_t axis, std::string_view op) {
  switch (mode) {
    case clip_mode::raise:
      return check_index(k, n, axis, op);
    case clip_mode::wrap:
      if (n == 0) throw index_error(fmt::format("[{}] cannot do a non-empty take from an empty axes.", op));
      k %= n;
      return k < 0 ? k + n : k;
    case clip_mode::clip:
      if (n == 0) throw index_error(fmt::format("[{}] cannot do a non-empty take from an empty axes.", op));
      return k < 0 ? 0 : (k >= n ? n - 1 : k);
  }
  return k;
}

array as_index_array(const array& idx, std::string_view op) {
  if (!idx.dtype().is_integer() && !idx.dtype().is_bool())
    throw index_error(fmt::format("[{}] arrays used as indices must be of integer (or boolean) type, not {}", op,
                                  idx.dtype().name()));
  if (idx.dtype() == int64 && idx.is_c_contiguous()) return idx;
  array out = empty(idx.shape(), int64);
  out.assign(idx);
  return out;
}

std::vector<int64_t> element_offsets(const shape_t& s, const strides_t& st) {
  const int64_t n = checked_size(s, "index");
  std::vector<int64_t> off(static_cast<size_t>(n));
  if (n == 0) return off;
  const size_t nd = s.size();
  if (nd == 0) {
    off[0] = 0;
    return off;
  }
  std::vector<int64_t> ctr(nd, 0);
  const int64_t inner = s[nd - 1], ist = st[nd - 1];
  int64_t base = 0;
  for (int64_t b = 0; b < n; b += inner) {
    for (int64_t i = 0; i < inner; ++i) off[static_cast<size_t>(b + i)] = base + i * ist;
    for (size_t d = nd - 1; d-- > 0;) {
      base += st[d];
      if (++ctr[d] < s[d]) break;
      base -= st[d] * s[d];
      ctr[d] = 0;
    }
  }
  return off;
}

namespace {

template <size_t N>
void copy_rec(char* d, const char* s, const int64_t* shape, const int64_t* dst_st, const int64_t* src_st,
              size_t nd) {
  if (nd == 0) {
    std::memcpy(d, s, N);
    return;
  }
  const int64_t n = shape[0], ds = dst_st[0], ss = src_st[0];
  if (nd == 1) {
    for (int64_t i = 0; i < n; ++i) std::memcpy(d + i * ds, s + i * ss, N);
    return;
  }
  for (int64_t i = 0; i < n; ++i) copy_rec<N>(d + i * ds, s + i * ss, shape + 1, dst_st + 1, src_st + 1, nd - 1);
}

template <size_t N>
void copy_blocks_n(char* dst, const int64_t* doff, const int64_t* dst_st, const char* src, const int64_t* soff,
                   const int64_t* src_st, const shape_t& block, int64_t b0, int64_t b1) {
  if (block.empty()) {
    for (int64_t b = b0; b < b1; ++b) std::memcpy(dst + doff[b], src + soff[b], N);
    return;
  }
  for (int64_t b = b0; b < b1; ++b)
    copy_rec<N>(dst + doff[b], src + soff[b], block.data(), dst_st, src_st, block.size());
}

}  // namespace

void copy_blocks(char* dst, const std::vector<int64_t>* dst_off, const strides_t& dst_st, const char* src,
                 const std::vector<int64_t>* src_off, const strides_t& src_st, const shape_t& block, int64_t count,
                 int64_t itemsize, bool parallel) {
  int64_t bsize = 1;
  for (int64_t s : block) bsize *= s;
  if (count == 0 || bsize == 0) return;
  const int64_t* doff = dst_off->data();
  const int64_t* soff = src_off->data();
  auto run = [&](int64_t b0, int64_t b1) {
    switch (itemsize) {
      case 1: copy_blocks_n<1>(dst, doff, dst_st.data(), src, soff, src_st.data(), block, b0, b1); break;
      case 2: copy_blocks_n<2>(dst, doff, dst_st.data(), src, soff, src_st.data(), block, b0, b1); break;
      case 4: copy_blocks_n<4>(dst, doff, dst_st.data(), src, soff, src_st.data(), block, b0, b1); break;
      case 8: copy_blocks_n<8>(dst, doff, dst_st.data(), src, soff, src_st.data(), block, b0, b1); break;
      default: copy_blocks_n<16>(dst, doff, dst_st.data(), src, soff, src_st.data(), block, b0, b1); break;
    }
  };
  if (parallel) {
    const int64_t grain = std::max<int64_t>(1, (1 << 16) / bsize);
    parallel_for(count, grain, run);
  } else {
    run(0, count);
  }
}

namespace {

struct advanced {
  array idx;
  int64_t pos;   // dimension of the basic view it indexes
  int64_t axis;  // axis of the original array (for messages)
  int64_t size;
};

[[noreturn]] void bad_index_type(std::string_view op) {
  throw index_error(fmt::format(
      "[{}] only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays "
      "are valid indices",
      op));
}

shape_t broadcast_index_shapes(const std::vector<advanced>& advs, std::string_view op) {
  size_t nd = 0;
  for (const auto& x : advs) nd = std::max(nd, x.idx.shape().size());
  shape_t out(nd, 1);
  bool ok = true;
  for (const auto& x : advs) {
    const shape_t& s = x.idx.shape();
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[nd - s.size() + i];
      if (s[i] == o || s[i] == 1) continue;
      if (o == 1) o = s[i];
      else ok = false;
    }
  }
  if (!ok) {
    std::string shapes;
    for (const auto& x : advs) shapes += compact_shape(x.idx.shape()) + " ";
    throw index_error(
        fmt::format("[{}] shape mismatch: indexing arrays could not be broadcast together with shapes {}", op, shapes));
  }
  return out;
}

}  // namespace

bool make_fancy_plan(const array& a, const std::vector<fancy_index>& idx, std::string_view op, fancy_plan& plan,
                     array& basic) {
  bool any_array = false;
  int64_t consumed = 0, ellipses = 0;
  for (const auto& it : idx) {
    const auto& v = it.value();
    if (std::holds_alternative<int64_t>(v) || std::holds_alternative<slice>(v)) ++consumed;
    else if (std::holds_alternative<ellipsis_t>(v)) ++ellipses;
    else if (const array* arr = std::get_if<array>(&v)) {
      any_array = true;
      consumed += arr->dtype().is_bool() ? arr->ndim() : 1;
    }
  }
  if (ellipses > 1) throw index_error(fmt::format("[{}] an index can only have a single ellipsis ('...')", op));
  if (consumed > a.ndim())
    throw index_error(fmt::format("[{}] too many indices for array: array is {}-dimensional, but {} were indexed",
                                  op, a.ndim(), consumed));
  std::vector<index_item> items;
  items.reserve(idx.size() + static_cast<size_t>(a.ndim()));
  if (!any_array) {
    for (const auto& it : idx) {
      std::visit(
          [&](const auto& x) {
            using X = std::decay_t<decltype(x)>;
            if constexpr (!std::is_same_v<X, array>) items.emplace_back(x);
          },
          it.value());
    }
    basic = a.index(items);
    return false;
  }
  std::vector<advanced> advs;
  int64_t d = 0;
  auto here = [&] { return static_cast<int64_t>(items.size()); };
  for (const auto& it : idx) {
    const auto& v = it.value();
    if (const int64_t* k = std::get_if<int64_t>(&v)) {
      advs.push_back({array(*k), here(), d, a.shape()[static_cast<size_t>(d)]});
      items.emplace_back(slice());
      ++d;
    } else if (const slice* s = std::get_if<slice>(&v)) {
      items.emplace_back(*s);
      ++d;
    } else if (std::holds_alternative<none_t>(v)) {
      items.emplace_back(newaxis);
    } else if (std::holds_alternative<ellipsis_t>(v)) {
      for (int64_t e = consumed; e < a.ndim(); ++e, ++d) items.emplace_back(slice());
    } else {
      const array& arr = std::get<array>(v);
      if (arr.dtype().is_bool()) {
        if (arr.ndim() == 0) {
          // a[True] is a[newaxis][[0]], a[False] is a[newaxis][[]].
          const bool t = arr.item<bool>();
          advs.push_back({zeros({t ? 1 : 0}, int64), here(), -1, 1});
          items.emplace_back(newaxis);
          continue;
        }
        for (int64_t j = 0; j < arr.ndim(); ++j) {
          const int64_t want = a.shape()[static_cast<size_t>(d + j)], got = arr.shape()[static_cast<size_t>(j)];
          if (want != got)
            throw index_error(fmt::format(
                "[{}] boolean index did not match indexed array along axis {}; size of axis is {} but size of "
                "corresponding boolean axis is {}",
                op, d + j, want, got));
        }
        std::vector<array> nz = nonzero(arr);
        for (auto& z : nz) {
          advs.push_back({z, here(), d, a.shape()[static_cast<size_t>(d)]});
          items.emplace_back(slice());
          ++d;
        }
      } else if (arr.dtype().is_integer()) {
        advs.push_back({arr, here(), d, a.shape()[static_cast<size_t>(d)]});
        items.emplace_back(slice());
        ++d;
      } else {
        bad_index_type(op);
      }
    }
  }
  plan.view = a.index(items);
  const array& view = plan.view;
  bool adjacent = true;
  for (size_t j = 1; j < advs.size(); ++j) adjacent = adjacent && advs[j].pos == advs[j - 1].pos + 1;

  plan.bshape = broadcast_index_shapes(advs, op);
  const int64_t nb = checked_size(plan.bshape, op);
  plan.offsets.assign(static_cast<size_t>(nb), 0);
  for (const auto& x : advs) {
    array ib = empty(plan.bshape, int64);
    ib.assign(x.idx);
    const int64_t* p = static_cast<const int64_t*>(ib.raw_data());
    const int64_t st = view.strides()[static_cast<size_t>(x.pos)];
    for (int64_t b = 0; b < nb; ++b) plan.offsets[static_cast<size_t>(b)] += check_index(p[b], x.size, x.axis, op) * st;
  }
  std::vector<bool> is_adv(static_cast<size_t>(view.ndim()), false);
  for (const auto& x : advs) is_adv[static_cast<size_t>(x.pos)] = true;
  plan.rest_shape.clear();
  plan.rest_strides.clear();
  for (int64_t k = 0; k < view.ndim(); ++k)
    if (!is_adv[static_cast<size_t>(k)]) {
      plan.rest_shape.push_back(view.shape()[static_cast<size_t>(k)]);
      plan.rest_strides.push_back(view.strides()[static_cast<size_t>(k)]);
    }
  const int64_t nbd = static_cast<int64_t>(plan.bshape.size());
  const int64_t p0 = adjacent ? advs.front().pos : 0;
  plan.result_shape.assign(plan.rest_shape.begin(), plan.rest_shape.begin() + p0);
  plan.result_shape.insert(plan.result_shape.end(), plan.bshape.begin(), plan.bshape.end());
  plan.result_shape.insert(plan.result_shape.end(), plan.rest_shape.begin() + p0, plan.rest_shape.end());
  if (static_cast<int64_t>(plan.result_shape.size()) > max_ndim)
    throw index_error(fmt::format("[{}] the result would have {} dimensions, more than {}", op,
                                  plan.result_shape.size(), max_ndim));
  plan.perm.clear();
  for (int64_t k = 0; k < nbd; ++k) plan.perm.push_back(p0 + k);
  for (int64_t k = 0; k < static_cast<int64_t>(plan.rest_shape.size()); ++k)
    plan.perm.push_back(k < p0 ? k : k + nbd);
  return true;
}

namespace {

// Strides of `arr` (whose shape is plan.result_shape) split into the (bshape, rest) order.
void split_strides(const fancy_plan& p, const array& arr, strides_t& bst, strides_t& rst) {
  const size_t nbd = p.bshape.size();
  bst.clear();
  rst.clear();
  for (size_t k = 0; k < p.perm.size(); ++k)
    (k < nbd ? bst : rst).push_back(arr.strides()[static_cast<size_t>(p.perm[k])]);
}

}  // namespace

}  // namespace detail

array getitem(const array& a, const std::vector<fancy_index>& idx) {
  if (idx.size() == 1 && idx[0].is_array())
    if (auto r = detail::mask_gather_fast(a, std::get<array>(idx[0].value()))) return *r;
  detail::fancy_plan p;
  array basic;
  if (!detail::make_fancy_plan(a, idx, "getitem", p, basic)) return basic;
  array out = empty(p.result_shape, a.dtype());
  strides_t bst, rst;
  detail::split_strides(p, out, bst, rst);
  const std::vector<int64_t> dst_off = detail::element_offsets(p.bshape, bst);
  detail::copy_blocks(static_cast<char*>(out.mutable_data("getitem")), &dst_off, rst,
                      static_cast<const char*>(p.view.raw_data()), &p.offsets, p.rest_strides, p.rest_shape,
                      static_cast<int64_t>(p.offsets.size()), a.itemsize(), true);
  return out;
}

void setitem(array& a, const std::vector<fancy_index>& idx, const array& value) {
  detail::fancy_plan p;
  array basic;
  if (!detail::make_fancy_plan(a, idx, "setitem", p, basic)) {
    basic.assign(value);
    return;
  }
  char* dst = static_cast<char*>(p.view.mutable_data("setitem"));
  // NumPy's rule: value broadcasts to the result (extra leading length-1 axes allowed).
  const shape_t& vs = value.shape();
  const shape_t& rs = p.result_shape;
  bool ok = true;
  size_t lead = 0;
  while (vs.size() - lead > rs.size()) ok = ok && vs[lead++] == 1;
  for (size_t i = 0; ok && i < vs.size() - lead; ++i) {
    const int64_t v = vs[vs.size() - 1 - i], r = rs[rs.size() - 1 - i];
    ok = v == r || v == 1;
  }
  if (!ok)
    throw shape_error(fmt::format(
        "[setitem] shape mismatch: value array of shape {} could not be broadcast to indexing result of shape {}",
        detail::compact_shape(vs), detail::compact_shape(rs)));
  array vals = empty(rs, a.dtype());
  vals.assign(value);
  strides_t bst, rst;
  detail::split_strides(p, vals, bst, rst);
  const std::vector<int64_t> src_off = detail::element_offsets(p.bshape, bst);
  // Serial and in index order, so that the last of repeated indices wins.
  detail::copy_blocks(dst, &p.offsets, p.rest_strides, static_cast<const char*>(vals.raw_data()), &src_off, rst,
                      p.rest_shape, static_cast<int64_t>(p.offsets.size()), a.itemsize(), false);
}

}  // namespace nd

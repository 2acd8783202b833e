// sum_partial_of / sum_combine / sum_finish: the summation tree cut at leaf boundaries.
#include <fmt/format.h>

#include "reduce/common.hpp"

namespace nd {
using namespace detail;

namespace {

template <class Acc>
using acc_stack = dyadic_stack<Acc, add_op<Acc, Acc>>;

template <class Acc>
acc_stack<Acc> to_stack(const sum_partial& p, int64_t n_out) {
  acc_stack<Acc> st(n_out);
  for (const auto& nd : p.nodes) st.push(nd.level, nd.index, nd.values.data<Acc>());
  return st;
}

template <class Acc>
std::vector<sum_partial::node> from_stack(const acc_stack<Acc>& st, const shape_t& out_shape) {
  std::vector<sum_partial::node> nodes;
  for (size_t i = 0; i < st.size(); ++i) {
    array v(out_shape, dtype_of<Acc>());
    if (st.width() > 0) std::memcpy(v.mutable_data(), st.values(i), static_cast<size_t>(st.width()) * sizeof(Acc));
    nodes.push_back({st.level(i), st.index(i), v});
  }
  return nodes;
}

}  // namespace

sum_partial sum_partial_of(const array& piece, int64_t begin, const reduce_options& o) {
  if (begin < 0 || begin % reduce_leaf_size != 0)
    throw value_error(fmt::format("[sum_partial_of] begin {} is not a multiple of the leaf size {}", begin,
                                  reduce_leaf_size));
  prepared p = prepare(piece, o, o.dtype, false, "sum_partial_of");
  sum_partial out;
  out.begin = begin;
  out.end = begin + p.g.n_red;
  out.result_dtype = o.dtype ? *o.dtype : sum_result_dtype(piece.dtype());
  out.out_shape = p.g.out_shape;
  out.keepdims_shape = p.g.keep_shape;
  visit_dtype(p.a.dtype(), [&](auto tag) {
    using In = typename decltype(tag)::type;
    using Acc = sum_acc_t<In>;
    using Op = add_op<In, Acc>;
    out.acc_dtype = dtype_of<Acc>();
    const int64_t nb = (p.g.n_red + reduce_leaf_size - 1) / reduce_leaf_size;
    const int64_t gb = begin / reduce_leaf_size;
    // Node structure first (it depends on the block range only), then values per tile.
    acc_stack<Acc> shape_only(0);
    for (int64_t b = 0; b < nb; ++b) shape_only.push(0, b + gb, nullptr);
    std::vector<Acc> vals(static_cast<size_t>(p.g.n_out * static_cast<int64_t>(shape_only.size())));
    const tiling tl = make_tiling(p.g);
    parallel_for(tl.items, 1, [&](int64_t ib, int64_t ie) {
      for (int64_t item = ib; item < ie; ++item) {
        dyadic_stack<Acc, Op> st(std::min(tl.tile, p.g.o2 - (item % tl.tiles_per_o1) * tl.tile));
        tile_blocks<Op>(p.g, tl, item, 0, nb, gb, st);
        const int64_t j0 = item_out_index(p.g, tl, item);
        for (size_t k = 0; k < st.size(); ++k)
          std::copy(st.values(k), st.values(k) + st.width(), vals.data() + static_cast<int64_t>(k) * p.g.n_out + j0);
      }
    });
    for (size_t k = 0; k < shape_only.size(); ++k) {
      array v(p.g.out_shape, dtype_of<Acc>());
      if (p.g.n_out > 0)
        std::memcpy(v.mutable_data(), vals.data() + static_cast<int64_t>(k) * p.g.n_out,
                    static_cast<size_t>(p.g.n_out) * sizeof(Acc));
      out.nodes.push_back({shape_only.level(k), shape_only.index(k), v});
    }
  });
  return out;
}

sum_partial sum_combine(const sum_partial& l, const sum_partial& r) {
  if (l.end != r.begin)
    throw value_error(fmt::format("[sum_combine] partials are not adjacent: [{}, {}) and [{}, {})", l.begin, l.end,
                                  r.begin, r.end));
  if (l.end % reduce_leaf_size != 0)
    throw value_error(fmt::format("[sum_combine] the left partial ends at {}, inside a leaf of {}", l.end,
                                  reduce_leaf_size));
  if (l.acc_dtype != r.acc_dtype || l.out_shape != r.out_shape)
    throw value_error(fmt::format("[sum_combine] partials of different outputs: {} {} and {} {}", l.acc_dtype.name(),
                                  shape_str(l.out_shape), r.acc_dtype.name(), shape_str(r.out_shape)));
  sum_partial out = l;
  out.end = r.end;
  const int64_t n_out = checked_size(l.out_shape, "sum_combine");
  visit_dtype(l.acc_dtype, [&](auto tag) {
    using Acc = typename decltype(tag)::type;
    if constexpr (std::is_same_v<Acc, uint64_t> || std::is_floating_point_v<Acc> || is_complex_v<Acc>) {
      acc_stack<Acc> st = to_stack<Acc>(l, n_out);
      st.append(to_stack<Acc>(r, n_out));
      out.nodes = from_stack<Acc>(st, l.out_shape);
    }
  });
  return out;
}

array sum_finish(const sum_partial& p, const reduce_options& o) {
  if (p.begin != 0) throw value_error(fmt::format("[sum_finish] the partial starts at {}, not 0", p.begin));
  const int64_t n_out = checked_size(p.out_shape, "sum_finish");
  array res(p.out_shape, p.acc_dtype);
  visit_dtype(p.acc_dtype, [&](auto tag) {
    using Acc = typename decltype(tag)::type;
    if constexpr (std::is_same_v<Acc, uint64_t> || std::is_floating_point_v<Acc> || is_complex_v<Acc>) {
      using Op = add_op<Acc, Acc>;
      if (n_out > 0) to_stack<Acc>(p, n_out).fold(static_cast<Acc*>(res.mutable_data()), Op::identity());
      apply_initial<Op>(res, o.initial.value_or(0.0));
    }
  });
  res = res.astype(p.result_dtype);
  return finish_out(o.keepdims ? res.reshape(p.keepdims_shape) : res, o.out, "sum_finish");
}

}  // namespace nd

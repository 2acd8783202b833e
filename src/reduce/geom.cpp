// Reduction geometry: axis normalisation, kept/reduced dims with merging, masks and out=.
#include <fmt/format.h>

#include "nd/views.hpp"
#include "reduce/engine.hpp"

namespace nd::detail {

std::vector<bool> reduced_axes(const std::optional<std::vector<int64_t>>& axis, int64_t ndim, std::string_view op) {
  std::vector<bool> red(static_cast<size_t>(ndim), !axis.has_value());
  if (!axis) return red;
  for (int64_t ax : *axis) {
    const int64_t k = normalize_axis(ax, ndim, op);
    if (red[static_cast<size_t>(k)]) throw value_error(fmt::format("[{}] duplicate value in 'axis'", op));
    red[static_cast<size_t>(k)] = true;
  }
  return red;
}

namespace {

// Drops length-1 dims and merges neighbours whose strides chain in C order (for both operands),
// which keeps the C-order flat index of the remaining dims unchanged.
void merge_dims(shape_t& sh, strides_t& a, strides_t& b) {
  shape_t s2;
  strides_t a2, b2;
  for (size_t i = 0; i < sh.size(); ++i) {
    if (sh[i] == 1) continue;
    if (!s2.empty() && a2.back() == a[i] * sh[i] && b2.back() == b[i] * sh[i] && s2.back() != 0 && sh[i] != 0) {
      s2.back() *= sh[i];
      a2.back() = a[i];
      b2.back() = b[i];
    } else {
      s2.push_back(sh[i]);
      a2.push_back(a[i]);
      b2.push_back(b[i]);
    }
  }
  sh = std::move(s2);
  a = std::move(a2);
  b = std::move(b2);
}

}  // namespace

reduce_geom make_geom(const array& a, const array* mask, const std::vector<bool>& reduced) {
  reduce_geom g;
  g.reduced = reduced;
  g.in = static_cast<const char*>(a.raw_data());
  g.mask = mask ? static_cast<const char*>(mask->raw_data()) : nullptr;
  shape_t os, rs;
  strides_t oi, om, ri, rm;
  for (size_t d = 0; d < reduced.size(); ++d) {
    const int64_t n = a.shape()[d];
    const int64_t si = a.strides()[d];
    const int64_t sm = mask ? mask->strides()[d] : 0;
    if (reduced[d]) {
      g.keep_shape.push_back(1);
      rs.push_back(n);
      ri.push_back(si);
      rm.push_back(sm);
      g.n_red *= n;
    } else {
      g.keep_shape.push_back(n);
      g.out_shape.push_back(n);
      os.push_back(n);
      oi.push_back(si);
      om.push_back(sm);
      g.n_out *= n;
    }
  }
  merge_dims(os, oi, om);
  merge_dims(rs, ri, rm);
  if (!os.empty()) {
    g.o2 = os.back();
    g.o2_in = oi.back();
    g.o2_m = om.back();
    os.pop_back();
    oi.pop_back();
    om.pop_back();
  }
  g.o1_shape = os;
  g.o1_in = oi;
  g.o1_m = om;
  if (rs.empty()) {
    rs = {1};
    ri = {0};
    rm = {0};
  }
  g.r_shape = rs;
  g.r_in = ri;
  g.r_m = rm;
  return g;
}

std::optional<array> broadcast_mask(const array& a, const std::optional<array>& where, std::string_view op) {
  if (!where) return std::nullopt;
  array w = *where;
  if (w.dtype() != bool_) w = w.astype(bool_);
  try {
    return broadcast_to(w, a.shape());
  } catch (const shape_error&) {
    throw shape_error(fmt::format("[{}] where mask of shape {} cannot be broadcast to the input shape {}", op,
                                  shape_str(where->shape()), shape_str(a.shape())));
  }
}

array finish_out(const array& result, const std::optional<array>& out, std::string_view op) {
  if (!out) return result;
  if (out->shape() != result.shape())
    throw shape_error(fmt::format("[{}] output array has shape {} but the result has shape {}", op,
                                  shape_str(out->shape()), shape_str(result.shape())));
  array o = *out;
  o.assign(result);
  return o;
}

}  // namespace nd::detail

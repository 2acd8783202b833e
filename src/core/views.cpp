#include "nd/views.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/layout.hpp"
#include "nd/creation.hpp"

namespace nd {
namespace {

array restrided(const array& a, shape_t shape, strides_t strides, int64_t offset, bool writeable) {
  return array::view_of(a.buffer_ptr(), offset, std::move(shape), std::move(strides), a.dtype(), writeable);
}
array restrided(const array& a, shape_t shape, strides_t strides) {
  return restrided(a, std::move(shape), std::move(strides), a.offset(), a.writeable());
}

// Strides for viewing `a` with `new_shape` without copying, if its memory allows it
// (NumPy's rule: each group of old axes that merges into new axes must be contiguous).
std::optional<strides_t> nocopy_strides(const array& a, const shape_t& new_shape, bool f_order) {
  shape_t od;
  strides_t os;
  for (int64_t d = 0; d < a.ndim(); ++d)
    if (a.shape()[d] != 1) {
      od.push_back(a.shape()[d]);
      os.push_back(a.strides()[d]);
    }
  const size_t on = od.size(), nn = new_shape.size();
  strides_t ns(nn, a.itemsize());
  size_t oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < nn && oi < on) {
    int64_t np = new_shape[ni], op = od[oi];
    while (np != op) {
      if (np < op) np *= new_shape[nj++];
      else op *= od[oj++];
    }
    for (size_t ok = oi; ok + 1 < oj; ++ok) {
      if (f_order ? os[ok + 1] != od[ok] * os[ok] : os[ok] != od[ok + 1] * os[ok + 1]) return std::nullopt;
    }
    if (f_order) {
      ns[ni] = os[oi];
      for (size_t nk = ni + 1; nk < nj; ++nk) ns[nk] = ns[nk - 1] * new_shape[nk - 1];
    } else {
      ns[nj - 1] = os[oj - 1];
      for (size_t nk = nj - 1; nk > ni; --nk) ns[nk - 1] = ns[nk] * new_shape[nk];
    }
    ni = nj++;
    oi = oj++;
  }
  return ns;
}

shape_t resolve_shape(const array& a, const shape_t& shape) {
  shape_t out = shape;
  int64_t unknown = -1, known = 1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == -1) {
      if (unknown >= 0) throw value_error("[reshape] can only specify one unknown dimension");
      unknown = static_cast<int64_t>(i);
    } else if (out[i] < 0) {
      throw value_error(fmt::format("[reshape] negative dimensions not allowed: {}", shape_str(shape)));
    } else if (__builtin_mul_overflow(known, out[i], &known)) {
      throw shape_error(fmt::format("[reshape] cannot reshape array of size {} into shape {}", a.size(),
                                    shape_str(shape)));
    }
  }
  if (unknown >= 0) {
    if (known == 0 || a.size() % known != 0)
      throw shape_error(fmt::format("[reshape] cannot reshape array of size {} into shape {}", a.size(),
                                    shape_str(shape)));
    out[unknown] = a.size() / known;
  } else if (known != a.size()) {
    throw shape_error(
        fmt::format("[reshape] cannot reshape array of size {} into shape {}", a.size(), shape_str(shape)));
  }
  checked_size(out, "reshape");
  return out;
}

std::vector<int64_t> normalize_axes(const std::vector<int64_t>& axes, int64_t ndim, std::string_view op) {
  std::vector<int64_t> out;
  std::vector<bool> seen(static_cast<size_t>(ndim), false);
  for (int64_t ax : axes) {
    int64_t a = normalize_axis(ax, ndim, op);
    if (seen[a]) throw value_error(fmt::format("[{}] repeated axis", op));
    seen[a] = true;
    out.push_back(a);
  }
  return out;
}

}  // namespace

array array::reshape(const shape_t& new_shape, order o) const { return nd::reshape(*this, new_shape, o); }

array reshape(const array& a, const shape_t& shape_in, order o) {
  const shape_t shape = resolve_shape(a, shape_in);
  if (o == order::A) o = (a.is_f_contiguous() && !a.is_c_contiguous()) ? order::F : order::C;
  if (o == order::K) throw value_error("[reshape] order 'K' is not permitted for reshaping");
  const bool f = o == order::F;
  if (a.size() == 0) return restrided(a, shape, contiguous_strides(shape, a.itemsize(), o));
  if (auto st = nocopy_strides(a, shape, f)) return restrided(a, shape, *st);
  array c = a.copy(o);
  return restrided(c, shape, contiguous_strides(shape, a.itemsize(), o));
}

array ravel(const array& a, order o) {
  if (o == order::K) {
    // Memory order: a layout-preserving copy (or the array itself) read linearly.
    if (a.is_c_contiguous()) return reshape(a, {-1}, order::C);
    if (a.is_f_contiguous()) return reshape(a, {-1}, order::F);
    array c = a.copy(order::K);
    return array::view_of(c.buffer_ptr(), 0, {a.size()}, {a.itemsize()}, a.dtype(), true);
  }
  return reshape(a, {-1}, o);
}

array flatten(const array& a, order o) {
  if (o == order::K) return ravel(a.copy(order::K), order::K);
  if (o == order::A) o = (a.is_f_contiguous() && !a.is_c_contiguous()) ? order::F : order::C;
  return reshape(a.copy(o), {-1}, o);
}

array permute_dims(const array& a, const std::vector<int64_t>& axes) {
  if (static_cast<int64_t>(axes.size()) != a.ndim())
    throw value_error(fmt::format("[transpose] axes don't match array: {} axes for an array of dimension {}",
                                  axes.size(), a.ndim()));
  auto ax = normalize_axes(axes, a.ndim(), "transpose");
  shape_t s(ax.size());
  strides_t st(ax.size());
  for (size_t i = 0; i < ax.size(); ++i) {
    s[i] = a.shape()[ax[i]];
    st[i] = a.strides()[ax[i]];
  }
  return restrided(a, std::move(s), std::move(st));
}

array transpose(const array& a, const std::optional<std::vector<int64_t>>& axes) {
  if (axes) return permute_dims(a, *axes);
  std::vector<int64_t> rev(static_cast<size_t>(a.ndim()));
  for (int64_t i = 0; i < a.ndim(); ++i) rev[i] = a.ndim() - 1 - i;
  return permute_dims(a, rev);
}

array matrix_transpose(const array& a) {
  if (a.ndim() < 2)
    throw value_error(fmt::format("[matrix_transpose] input array must be at least 2-dimensional, got shape {}",
                                  shape_str(a.shape())));
  return swapaxes(a, -1, -2);
}

array swapaxes(const array& a, int64_t axis1, int64_t axis2) {
  const int64_t i = normalize_axis(axis1, a.ndim(), "swapaxes"), j = normalize_axis(axis2, a.ndim(), "swapaxes");
  std::vector<int64_t> perm(static_cast<size_t>(a.ndim()));
  for (int64_t k = 0; k < a.ndim(); ++k) perm[k] = k;
  std::swap(perm[i], perm[j]);
  return permute_dims(a, perm);
}

array moveaxis(const array& a, const std::vector<int64_t>& source, const std::vector<int64_t>& destination) {
  if (source.size() != destination.size())
    throw value_error("[moveaxis] `source` and `destination` arguments must have the same number of elements");
  auto src = normalize_axes(source, a.ndim(), "moveaxis");
  auto dst = normalize_axes(destination, a.ndim(), "moveaxis");
  std::vector<int64_t> order_;
  for (int64_t k = 0; k < a.ndim(); ++k)
    if (std::find(src.begin(), src.end(), k) == src.end()) order_.push_back(k);
  std::vector<std::pair<int64_t, int64_t>> moves;
  for (size_t i = 0; i < src.size(); ++i) moves.emplace_back(dst[i], src[i]);
  std::sort(moves.begin(), moves.end());
  for (auto [d, s] : moves) order_.insert(order_.begin() + d, s);
  return permute_dims(a, order_);
}

array moveaxis(const array& a, int64_t source, int64_t destination) {
  return moveaxis(a, std::vector<int64_t>{source}, std::vector<int64_t>{destination});
}

array squeeze(const array& a, const std::optional<std::vector<int64_t>>& axes) {
  std::vector<bool> drop(static_cast<size_t>(a.ndim()), false);
  if (axes) {
    for (int64_t ax : normalize_axes(*axes, a.ndim(), "squeeze")) {
      if (a.shape()[ax] != 1)
        throw value_error(fmt::format("[squeeze] cannot select an axis to squeeze out which has size not equal to "
                                      "one (axis {} of shape {})",
                                      ax, shape_str(a.shape())));
      drop[ax] = true;
    }
  } else {
    for (int64_t d = 0; d < a.ndim(); ++d) drop[d] = a.shape()[d] == 1;
  }
  shape_t s;
  strides_t st;
  for (int64_t d = 0; d < a.ndim(); ++d)
    if (!drop[d]) {
      s.push_back(a.shape()[d]);
      st.push_back(a.strides()[d]);
    }
  return restrided(a, std::move(s), std::move(st));
}

array expand_dims(const array& a, const std::vector<int64_t>& axes) {
  const int64_t out_nd = a.ndim() + static_cast<int64_t>(axes.size());
  if (out_nd > max_ndim)
    throw value_error(fmt::format("[expand_dims] the result would have {} dimensions, more than {}", out_nd,
                                  max_ndim));
  auto ax = normalize_axes(axes, out_nd, "expand_dims");
  std::vector<bool> is_new(static_cast<size_t>(out_nd), false);
  for (int64_t x : ax) is_new[x] = true;
  shape_t s;
  strides_t st;
  int64_t k = 0;
  for (int64_t d = 0; d < out_nd; ++d) {
    if (is_new[d]) {
      s.push_back(1);
      st.push_back(0);
    } else {
      s.push_back(a.shape()[k]);
      st.push_back(a.strides()[k]);
      ++k;
    }
  }
  return restrided(a, std::move(s), std::move(st));
}

array broadcast_to(const array& a, const shape_t& shape) {
  checked_size(shape, "broadcast_to");
  const int64_t nd = static_cast<int64_t>(shape.size());
  if (a.ndim() > nd)
    throw shape_error(fmt::format("[broadcast_to] input operand has more dimensions than allowed by the axis "
                                  "remapping: cannot broadcast shape {} to {}",
                                  shape_str(a.shape()), shape_str(shape)));
  strides_t st(static_cast<size_t>(nd), 0);
  for (int64_t i = 0; i < a.ndim(); ++i) {
    const int64_t sd = a.shape()[a.ndim() - 1 - i], dd = shape[nd - 1 - i];
    if (sd == dd) st[nd - 1 - i] = a.strides()[a.ndim() - 1 - i];
    else if (sd != 1)
      throw shape_error(fmt::format("[broadcast_to] operands could not be broadcast together with remapped shapes: "
                                    "cannot broadcast shape {} to {}",
                                    shape_str(a.shape()), shape_str(shape)));
  }
  // Broadcast views repeat elements, so writing through them is refused (as NumPy does).
  return restrided(a, shape, std::move(st), a.offset(), false);
}

std::vector<array> broadcast_arrays(const std::vector<array>& arrays) {
  std::vector<shape_t> shapes;
  for (const auto& x : arrays) shapes.push_back(x.shape());
  const shape_t s = broadcast_shapes(shapes, "broadcast_arrays");
  std::vector<array> out;
  for (const auto& x : arrays) out.push_back(x.shape() == s ? x : broadcast_to(x, s));
  return out;
}

array diagonal(const array& a, int64_t offset, int64_t axis1, int64_t axis2) {
  if (a.ndim() < 2)
    throw value_error(fmt::format("[diagonal] diag requires an array of at least two dimensions, got shape {}",
                                  shape_str(a.shape())));
  const int64_t i = normalize_axis(axis1, a.ndim(), "diagonal"), j = normalize_axis(axis2, a.ndim(), "diagonal");
  if (i == j) throw value_error("[diagonal] axis1 and axis2 cannot be the same");
  const int64_t n1 = a.shape()[i], n2 = a.shape()[j];
  int64_t off = a.offset(), len;
  if (offset >= 0) {
    len = std::max<int64_t>(0, std::min(n1, offset >= n2 ? 0 : n2 - offset));
    if (len > 0) off += offset * a.strides()[j];
  } else {
    len = std::max<int64_t>(0, std::min(offset <= -n1 ? 0 : n1 + offset, n2));  // no -offset: INT64_MIN
    if (len > 0) off -= offset * a.strides()[i];
  }
  shape_t s;
  strides_t st;
  for (int64_t d = 0; d < a.ndim(); ++d)
    if (d != i && d != j) {
      s.push_back(a.shape()[d]);
      st.push_back(a.strides()[d]);
    }
  s.push_back(len);
  st.push_back(a.strides()[i] + a.strides()[j]);
  // NumPy returns a read-only diagonal view.
  return restrided(a, std::move(s), std::move(st), len > 0 ? off : a.offset(), false);
}

array real(const array& a) {
  if (!a.dtype().is_complex()) return a;
  const dtype part = a.dtype() == complex64 ? float32 : float64;
  return array::view_of(a.buffer_ptr(), a.offset(), a.shape(), a.strides(), part, a.writeable());
}

array imag(const array& a) {
  if (!a.dtype().is_complex()) {
    array z = zeros(a.shape(), a.dtype());
    z.set_writeable(false);
    return z;
  }
  const dtype part = a.dtype() == complex64 ? float32 : float64;
  return array::view_of(a.buffer_ptr(), a.offset() + part.itemsize(), a.shape(), a.strides(), part, a.writeable());
}

}  // namespace nd

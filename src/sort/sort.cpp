// sort, sort_inplace, argsort, lexsort, partition, argpartition: lanes along an axis are
// independent, so they are processed in parallel, each by a per-dtype lane kernel.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "nd/creation.hpp"
#include "nd/sort.hpp"
#include "nd/views.hpp"
#include "sort/kernels.hpp"
#include "sort/order.hpp"

namespace nd {
namespace detail::sorting {

array flat_contiguous(const array& a) {
  // Kernels read through typed pointers: memory not aligned for the element type (a
  // foreign buffer at an odd offset) is copied, as is anything non-contiguous.
  const int64_t isz = a.dtype().itemsize(), align = a.dtype().is_complex() ? isz / 2 : isz;
  const bool aligned = reinterpret_cast<uintptr_t>(a.raw_data()) % static_cast<uintptr_t>(align) == 0;
  if (a.ndim() == 1 && a.is_c_contiguous() && aligned) return a;
  return ravel(a.is_c_contiguous() && aligned ? a : a.copy(order::C));
}

array flat_as(const array& a, dtype dt) {
  if (a.dtype() == dt) return flat_contiguous(a);
  return flat_contiguous(a).astype(dt);
}

}  // namespace detail::sorting

namespace {

using namespace detail::sorting;

bool is_stable(sort_kind k) { return k == sort_kind::stable; }

// Sorted, distinct kth positions in [0, n); NumPy's message for the first bad one.
std::vector<int64_t> normalize_kth(const std::vector<int64_t>& kth, int64_t n, std::string_view op) {
  std::vector<int64_t> out;
  out.reserve(kth.size());
  for (int64_t k : kth) {
    const int64_t kk = k < 0 ? k + n : k;
    if (kk < 0 || kk >= n) throw value_error(fmt::format("[{}] kth(={}) out of bounds ({})", op, k, n));
    out.push_back(kk);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Runs an in-place lane operation over every lane of `a` along `axis`.
template <class F>
void inplace_lanes(array& a, int64_t axis, std::string_view op, F&& f) {
  char* base = static_cast<char*>(a.mutable_data(op));
  if (a.size() == 0) return;
  const lanes L(a.shape(), axis);
  const int64_t stride = a.strides()[static_cast<size_t>(axis)];
  const strides_t& st = a.strides();
  L.for_rows([&](int64_t b, int64_t e) {
    scratch_t s;
    for (int64_t r = b; r < e; ++r) f(base + L.row_offset(r, st), stride, L.len(), s);
  });
}

// Runs an index-producing lane operation: out (int64, C order, a's shape) gets, for each
// lane of `a`, what f writes to a contiguous buffer of len indices.
template <class F>
array index_lanes(const array& a, int64_t axis, F&& f) {
  array out = empty(a.shape(), int64);
  if (a.size() == 0) return out;
  const lanes L(a.shape(), axis);
  const char* in = static_cast<const char*>(a.raw_data());
  char* ob = static_cast<char*>(out.mutable_data());
  const int64_t istride = a.strides()[static_cast<size_t>(axis)];
  const int64_t ostride = out.strides()[static_cast<size_t>(axis)];
  L.for_rows([&](int64_t b, int64_t e) {
    scratch_t s;
    std::vector<int64_t> idx(static_cast<size_t>(L.len()));
    for (int64_t r = b; r < e; ++r) {
      f(in + L.row_offset(r, a.strides()), istride, L.len(), idx.data(), s);
      scatter(idx.data(), L.len(), ob + L.row_offset(r, out.strides()), ostride);
    }
  });
  return out;
}

// The array an axis-taking function works on, and the axis: flattened for nullopt.
std::pair<array, int64_t> resolve(const array& a, std::optional<int64_t> axis, std::string_view op) {
  if (!axis) return {flat_contiguous(a), 0};
  return {a, normalize_axis(*axis, a.ndim(), op)};
}

}  // namespace

void sort_inplace(array& a, int64_t axis, sort_kind kind) {
  const int64_t ax = normalize_axis(axis, a.ndim(), "sort");
  const auto& k = kernels_for(a.dtype());
  const bool stable = is_stable(kind);
  if (a.ndim() == 1 && a.size() >= parallel_sort_min) {
    a.mutable_data("sort");
    array tmp = empty(a.shape(), a.dtype());
    if (k.sort_parallel(static_cast<const char*>(a.raw_data()), a.strides()[0], a.size(),
                        static_cast<char*>(tmp.mutable_data()), stable)) {
      a.assign(tmp);
      return;
    }
  }
  inplace_lanes(a, ax, "sort", [&](char* lane, int64_t stride, int64_t n, scratch_t& s) {
    k.sort(lane, stride, n, stable, s);
  });
}

array sort(const array& a, std::optional<int64_t> axis, sort_kind kind) {
  int64_t ax = 0;
  if (axis) ax = normalize_axis(*axis, a.ndim(), "sort");
  const array src = axis ? a : ravel(a);
  if (src.ndim() == 1 && src.size() >= parallel_sort_min) {
    // One long lane: the threads sort straight from the source into the result.
    array out = empty(src.shape(), src.dtype());
    if (kernels_for(src.dtype())
            .sort_parallel(static_cast<const char*>(src.raw_data()), src.strides()[0], src.size(),
                           static_cast<char*>(out.mutable_data()), is_stable(kind)))
      return out;
  }
  if (src.ndim() == 1) {
    // One lane: no lane walker, and a plain memcpy when the source is contiguous.
    array out = empty(src.shape(), src.dtype());
    if (src.is_c_contiguous()) {
      if (src.size() > 0) std::memcpy(out.mutable_data(), src.raw_data(), static_cast<size_t>(src.nbytes()));
    } else {
      out.assign(src);
    }
    scratch_t s;
    kernels_for(src.dtype()).sort(static_cast<char*>(out.mutable_data()), out.itemsize(), out.size(), is_stable(kind), s);
    return out;
  }
  array out = src.copy(order::C);
  sort_inplace(out, ax, kind);
  return out;
}

array argsort(const array& a, std::optional<int64_t> axis, sort_kind /*kind*/) {
  // Every kind gives the stable permutation (see the header): ties broken by index.
  auto [src, ax] = resolve(a, axis, "argsort");
  const auto& k = kernels_for(src.dtype());
  return index_lanes(src, ax, [&](const char* lane, int64_t stride, int64_t n, int64_t* out, scratch_t& s) {
    k.argsort(lane, stride, n, out, s);
  });
}

array lexsort(const std::vector<array>& keys, int64_t axis) {
  if (keys.empty()) throw value_error("[lexsort] need sequence of keys with len > 0 in lexsort");
  for (const array& k : keys)
    if (k.shape() != keys[0].shape())
      throw value_error(fmt::format("[lexsort] all keys need to be the same shape: {} and {}",
                                    shape_str(keys[0].shape()), shape_str(k.shape())));
  const array& first = keys[0];
  if (first.ndim() == 0) return array(int64_t{0});
  const int64_t ax = normalize_axis(axis, first.ndim(), "lexsort");
  array out = empty(first.shape(), int64);
  if (first.size() == 0) return out;
  const lanes L(first.shape(), ax);
  std::vector<const lane_kernels*> ks;
  for (const array& k : keys) ks.push_back(&kernels_for(k.dtype()));
  char* ob = static_cast<char*>(out.mutable_data());
  const int64_t ostride = out.strides()[static_cast<size_t>(ax)];
  L.for_rows([&](int64_t b, int64_t e) {
    scratch_t s;
    std::vector<int64_t> perm(static_cast<size_t>(L.len()));
    for (int64_t r = b; r < e; ++r) {
      std::iota(perm.begin(), perm.end(), int64_t{0});
      // Least significant key first; every pass is stable, so earlier keys break ties.
      for (size_t j = 0; j < keys.size(); ++j) {
        const char* lane = static_cast<const char*>(keys[j].raw_data()) + L.row_offset(r, keys[j].strides());
        ks[j]->lex_step(lane, keys[j].strides()[static_cast<size_t>(ax)], L.len(), perm.data(), s);
      }
      scatter(perm.data(), L.len(), ob + L.row_offset(r, out.strides()), ostride);
    }
  });
  return out;
}

array partition(const array& a, const std::vector<int64_t>& kth, std::optional<int64_t> axis) {
  array out;
  int64_t ax = 0;
  if (axis) {
    ax = normalize_axis(*axis, a.ndim(), "partition");
    out = a.copy(order::C);
  } else {
    out = ravel(a).copy(order::C);
  }
  const int64_t n = out.ndim() == 0 ? 1 : out.shape(ax);
  const std::vector<int64_t> ks = normalize_kth(kth, n, "partition");
  const auto& k = kernels_for(out.dtype());
  inplace_lanes(out, ax, "partition", [&](char* lane, int64_t stride, int64_t len, scratch_t& s) {
    k.partition(lane, stride, len, ks, s);
  });
  return out;
}

array partition(const array& a, int64_t kth, std::optional<int64_t> axis) {
  return partition(a, std::vector<int64_t>{kth}, axis);
}

array argpartition(const array& a, const std::vector<int64_t>& kth, std::optional<int64_t> axis) {
  auto [src, ax] = resolve(a, axis, "argpartition");
  const int64_t n = src.shape(ax);
  const std::vector<int64_t> ks = normalize_kth(kth, n, "argpartition");
  const auto& k = kernels_for(src.dtype());
  return index_lanes(src, ax, [&](const char* lane, int64_t stride, int64_t len, int64_t* out, scratch_t& s) {
    k.argpartition(lane, stride, len, ks, out, s);
  });
}

array argpartition(const array& a, int64_t kth, std::optional<int64_t> axis) {
  return argpartition(a, std::vector<int64_t>{kth}, axis);
}

}  // namespace nd

#include <fmt/format.h>

#include <span>
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "core/buffer_cache.hpp"
#include "core/layout.hpp"
#include "nd/ndarray.hpp"

namespace nd {

namespace detail {

std::shared_ptr<const buffer> allocate_buffer(int64_t nbytes, std::string_view op, const shape_t& shape, dtype dt) {
  // Round up to the alignment (aligned allocation wants a multiple) and never ask for 0.
  const int64_t padded = std::max<int64_t>(buffer_alignment, (nbytes + buffer_alignment - 1) / buffer_alignment *
                                                                 buffer_alignment);
  void* p = nullptr;
  if (nbytes < 0 || nbytes > INT64_MAX - buffer_alignment || !(p = cached_alloc(static_cast<size_t>(padded))))
    throw alloc_error(fmt::format("[{}] unable to allocate {} bytes for an array with shape {} and data type {}",
                                  op, nbytes, shape_str(shape), dt.name()));
  // One allocation for the descriptor and its release (no separate owner control block).
  struct owned_buffer : buffer {
    size_t padded = 0;
    owned_buffer() = default;
    owned_buffer(const owned_buffer&) = delete;
    owned_buffer& operator=(const owned_buffer&) = delete;
    ~owned_buffer() { cached_free(data, padded); }
  };
  std::shared_ptr<owned_buffer> buf;
  try {
    buf = std::make_shared<owned_buffer>();
  } catch (...) {
    cached_free(p, static_cast<size_t>(padded));
    throw;
  }
  buf->data = static_cast<char*>(p);
  buf->nbytes = nbytes;
  buf->padded = static_cast<size_t>(padded);
  return buf;
}

std::vector<int64_t> stride_order(const strides_t& strides) {
  std::vector<int64_t> perm(strides.size());
  for (size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<int64_t>(i);
  std::stable_sort(perm.begin(), perm.end(),
                   [&](int64_t a, int64_t b) { return std::llabs(strides[a]) > std::llabs(strides[b]); });
  return perm;
}

strides_t strides_in_order(const shape_t& shape, int64_t itemsize, const std::vector<int64_t>& perm) {
  strides_t st(shape.size());
  int64_t acc = itemsize;
  for (size_t i = perm.size(); i-- > 0;) {
    st[perm[i]] = acc;
    acc *= std::max<int64_t>(shape[perm[i]], 1);
  }
  return st;
}

array empty_in_layout(const shape_t& shape, dtype dt, order o, const array* like, std::string_view op) {
  if (o == order::A) o = (like && like->is_f_contiguous() && !like->is_c_contiguous()) ? order::F : order::C;
  if (o == order::K) {
    if (!like || like->ndim() != static_cast<int64_t>(shape.size())) {
      o = order::C;
    } else {
      const int64_t nbytes = checked_nbytes(shape, dt.itemsize(), op);
      auto buf = allocate_buffer(nbytes, op, shape, dt);
      return array::view_of(buf, 0, shape, strides_in_order(shape, dt.itemsize(), stride_order(like->strides())),
                            dt, true);
    }
  }
  const int64_t nbytes = checked_nbytes(shape, dt.itemsize(), op);
  auto buf = allocate_buffer(nbytes, op, shape, dt);
  return array::view_of(buf, 0, shape, contiguous_strides(shape, dt.itemsize(), o), dt, true);
}

bool checked_extent(int64_t offset, const shape_t& shape, const strides_t& strides, int64_t itemsize, int64_t& lo,
                    int64_t& hi) {
  lo = hi = offset;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0) {
      hi = lo = offset;
      return true;
    }
  }
  for (size_t d = 0; d < shape.size(); ++d) {
    int64_t span;
    if (__builtin_mul_overflow(shape[d] - 1, strides[d], &span)) return false;
    if (__builtin_add_overflow(span < 0 ? lo : hi, span, span < 0 ? &lo : &hi)) return false;
  }
  return !__builtin_add_overflow(hi, itemsize, &hi);
}

void memory_extent(const array& a, int64_t& lo, int64_t& hi) {
  // view_of checked these sums when the view was made, so they cannot overflow here.
  checked_extent(a.offset(), a.shape(), a.strides(), a.itemsize(), lo, hi);
}

bool may_overlap(const array& a, const array& b) {
  if (a.size() == 0 || b.size() == 0) return false;
  int64_t alo, ahi, blo, bhi;
  memory_extent(a, alo, ahi);
  memory_extent(b, blo, bhi);
  // Absolute addresses: two wraps of the same foreign memory are different buffers.
  const uintptr_t abase = reinterpret_cast<uintptr_t>(a.buffer_ptr()->data);
  const uintptr_t bbase = reinterpret_cast<uintptr_t>(b.buffer_ptr()->data);
  return abase + static_cast<uintptr_t>(alo) < bbase + static_cast<uintptr_t>(bhi) &&
         bbase + static_cast<uintptr_t>(blo) < abase + static_cast<uintptr_t>(ahi);
}

bool same_layout(const array& a, const array& b) {
  return a.raw_data() == b.raw_data() && a.strides() == b.strides() && a.dtype() == b.dtype();
}

}  // namespace detail

array::array() : shape_{0}, strides_{8} {
  // One shared empty buffer: default construction allocates nothing.
  static const std::shared_ptr<const buffer> empty_buffer = [] {
    alignas(64) static char storage[64];
    auto b = std::make_shared<buffer>();
    b->data = storage;
    b->nbytes = 0;
    return b;
  }();
  buf_ = empty_buffer;
}

array::array(const shape_t& shape, nd::dtype dt, order o) {
  if (o != order::C && o != order::F)
    throw value_error("[empty] only 'C' or 'F' order is permitted for a new array");
  *this = detail::empty_in_layout(shape, dt, o, nullptr, "empty");
}

array array::view_of(std::shared_ptr<const buffer> buf, int64_t offset, shape_t shape, strides_t strides,
                     nd::dtype dt, bool writeable) {
  array a{no_storage{}};
  a.buf_ = std::move(buf);
  a.offset_ = offset;
  a.shape_ = std::move(shape);
  a.strides_ = std::move(strides);
  a.dtype_ = dt;
  a.writeable_ = writeable && !a.buf_->readonly;
  a.init_size();
  if (a.shape_.size() != a.strides_.size())
    throw value_error(fmt::format("[view] shape {} and {} strides do not match", shape_str(a.shape_),
                                  a.strides_.size()));
  int64_t lo, hi;
  const bool ok = detail::checked_extent(a.offset_, a.shape_, a.strides_, dt.itemsize(), lo, hi);
  if (!ok || (a.size_ > 0 && (lo < 0 || hi > a.buf_->nbytes)) || a.offset_ < 0 || a.offset_ > a.buf_->nbytes)
    throw value_error(fmt::format("[view] shape {} with strides {} reaches outside a buffer of {} bytes",
                                  shape_str(a.shape_), shape_str(a.strides_), a.buf_->nbytes));
  return a;
}

array array::wrap(void* data, const shape_t& shape, nd::dtype dt, std::shared_ptr<const void> owner,
                  std::optional<strides_t> strides, bool writeable) {
  checked_nbytes(shape, dt.itemsize(), "wrap");
  strides_t st = strides ? *strides : contiguous_strides(shape, dt.itemsize(), order::C);
  if (st.size() != shape.size())
    throw value_error(fmt::format("[wrap] {} strides given for shape {}", st.size(), shape_str(shape)));
  // The buffer spans from the lowest to the highest byte any element touches.
  int64_t lo = 0, hi = dt.itemsize();
  bool empty = false;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0) empty = true;
    int64_t span;
    if (__builtin_mul_overflow(shape[d] > 0 ? shape[d] - 1 : 0, st[d], &span) ||
        __builtin_add_overflow(span < 0 ? lo : hi, span, span < 0 ? &lo : &hi))
      throw alloc_error(fmt::format("[wrap] strides {} overflow for shape {}", shape_str(st), shape_str(shape)));
  }
  if (empty) lo = 0, hi = 0;
  auto buf = std::make_shared<buffer>();
  buf->data = static_cast<char*>(data) + lo;
  buf->nbytes = hi - lo;
  buf->readonly = !writeable;
  buf->owner = std::move(owner);
  return view_of(std::move(buf), -lo, shape, std::move(st), dt, writeable);
}

void array::init_size() {
  size_ = checked_size(shape_, "array");
  // The byte size must fit too (a broadcast view of 2**60 float64s is refused, as NumPy does);
  // checked_nbytes only runs to raise its error.
  int64_t bytes;
  if (__builtin_mul_overflow(size_, dtype_.itemsize(), &bytes)) checked_nbytes(shape_, dtype_.itemsize(), "array");
}

int64_t array::shape(int64_t axis) const { return shape_[normalize_axis(axis, ndim(), "shape")]; }

bool array::is_c_contiguous() const {
  if (size_ == 0) return true;
  int64_t expect = itemsize();
  for (int64_t d = ndim() - 1; d >= 0; --d) {
    if (shape_[d] == 1) continue;
    if (strides_[d] != expect) return false;
    expect *= shape_[d];
  }
  return true;
}

bool array::is_f_contiguous() const {
  if (size_ == 0) return true;
  int64_t expect = itemsize();
  for (int64_t d = 0; d < ndim(); ++d) {
    if (shape_[d] == 1) continue;
    if (strides_[d] != expect) return false;
    expect *= shape_[d];
  }
  return true;
}

void array::set_writeable(bool w) {
  if (w && buf_->readonly) throw value_error("[set_writeable] cannot make a view of read-only memory writeable");
  writeable_ = w;
}

void* array::mutable_data(std::string_view op) {
  check_writeable(op);
  return raw_ptr();
}

void array::check_type(nd::dtype want, std::string_view op) const {
  if (want != dtype_)
    throw dtype_error(fmt::format("[{}] requested element type {} but the array has dtype {}", op, want.name(),
                                  dtype_.name()));
}

void array::readonly_failure(std::string_view op) {
  throw readonly_error(fmt::format("[{}] assignment destination is read-only", op));
}

void array::check_writeable(std::string_view op) const {
  if (!writeable_) readonly_failure(op);
}

char* array::element_ptr(const int64_t* idx, int64_t n, std::string_view op) const {
  if (n != ndim())
    throw index_error(fmt::format("[{}] {} indices given for an array of dimension {} and shape {}", op, n, ndim(),
                                  shape_str(shape_)));
  int64_t off = offset_;
  for (int64_t d = 0; d < n; ++d) {
    int64_t i = idx[d];
    if (i < -shape_[d] || i >= shape_[d])
      throw index_error(fmt::format("[{}] index {} is out of bounds for axis {} with size {}", op, i, d, shape_[d]));
    if (i < 0) i += shape_[d];
    off += i * strides_[d];
  }
  return buf_->data + off;
}

void array::ragged_error(size_t depth, int64_t got) const {
  throw shape_error(fmt::format(
      "[array] setting an array element with a sequence: the nested lists are ragged (a list of length {} at "
      "depth {} where {} was expected)",
      got, depth, shape_[depth]));
}

void array::item_into(void* out, nd::dtype out_dt) const {
  if (size_ != 1)
    throw value_error(fmt::format("[item] can only convert an array of size 1 to a C++ scalar, got shape {}",
                                  shape_str(shape_)));
  array dst = wrap(out, {}, out_dt, nullptr);
  dst.assign(*this);
}

// ---- basic indexing ----

slice::resolved slice::indices(int64_t n) const {
  const int64_t st = step.value_or(1);
  if (st == 0) throw value_error("[slice] slice step cannot be zero");
  const bool fwd = st > 0;
  const int64_t lower = fwd ? 0 : -1, upper = fwd ? n : n - 1;
  auto clip = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v) return dflt;
    int64_t x = *v;
    if (x < 0) {
      x += n;
      return x < lower ? lower : x;
    }
    return x > upper ? upper : x;
  };
  const int64_t b = clip(start, fwd ? lower : upper), e = clip(stop, fwd ? upper : lower);
  int64_t len = 0;
  if (fwd && e > b) len = static_cast<int64_t>((static_cast<__int128>(e) - b - 1) / st + 1);
  if (!fwd && b > e) len = static_cast<int64_t>((static_cast<__int128>(b) - e - 1) / -static_cast<__int128>(st) + 1);
  return {b, e, st, len};
}

array array::index(const index_item* first, size_t count) const {
  const std::span<const index_item> items(first, count);
  int64_t consumed = 0, ellipses = 0;
  for (const auto& it : items) {
    if (std::holds_alternative<int64_t>(it.value()) || std::holds_alternative<slice>(it.value())) ++consumed;
    if (std::holds_alternative<ellipsis_t>(it.value())) ++ellipses;
  }
  if (ellipses > 1) throw index_error("[index] an index can only have a single ellipsis ('...')");
  if (consumed > ndim())
    throw index_error(fmt::format("[index] too many indices for array: array is {}-dimensional, but {} were indexed",
                                  ndim(), consumed));
  shape_t ns;
  strides_t nst;
  ns.reserve(items.size() + shape_.size());
  nst.reserve(items.size() + shape_.size());
  int64_t off = offset_, d = 0;
  auto full_axis = [&] {
    ns.push_back(shape_[d]);
    nst.push_back(strides_[d]);
    ++d;
  };
  for (const auto& it : items) {
    const auto& v = it.value();
    if (auto* i = std::get_if<int64_t>(&v)) {
      int64_t k = *i;
      if (k < -shape_[d] || k >= shape_[d])
        throw index_error(fmt::format("[index] index {} is out of bounds for axis {} with size {}", k, d, shape_[d]));
      if (k < 0) k += shape_[d];
      off += k * strides_[d];
      ++d;
    } else if (auto* s = std::get_if<slice>(&v)) {
      auto r = s->indices(shape_[d]);
      if (r.length > 0) off += r.start * strides_[d];
      ns.push_back(r.length);
      int64_t st = 0;  // a stride never used to step when the axis has at most one element
      if (r.length > 1 && __builtin_mul_overflow(strides_[d], r.step, &st))
        throw index_error(fmt::format("[index] slice step {} overflows the byte stride of axis {}", r.step, d));
      nst.push_back(r.length > 1 ? st : strides_[d]);
      ++d;
    } else if (std::holds_alternative<none_t>(v)) {
      ns.push_back(1);
      nst.push_back(0);
    } else {
      for (int64_t k = 0, n = ndim() - consumed; k < n; ++k) full_axis();
    }
  }
  while (d < ndim()) full_axis();
  if (ns.size() > static_cast<size_t>(max_ndim))
    throw index_error(fmt::format("[index] the result would have {} dimensions, more than {}", ns.size(), max_ndim));
  // Built field by field: copying *this would copy the shape and strides only to replace them.
  array r{no_storage{}};
  r.buf_ = buf_;
  r.dtype_ = dtype_;
  r.writeable_ = writeable_;
  r.offset_ = off;
  r.shape_ = std::move(ns);
  r.strides_ = std::move(nst);
  r.init_size();
  return r;
}

}  // namespace nd

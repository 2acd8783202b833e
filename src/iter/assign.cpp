// dst.assign(src): the first user of the strided iterator (broadcast, cast, any strides).
#include <fmt/format.h>

#include "core/layout.hpp"
#include "iter/cast.hpp"
#include "iter/strided_iter.hpp"
#include "iter/transpose.hpp"
#include "nd/ndarray.hpp"

namespace nd {

namespace {

// Strides of `src` seen with `dst_shape` (right-aligned, zero on broadcast axes), or
// a shape_error with NumPy's message when src does not broadcast into dst.
strides_t broadcast_strides_into(const array& src, const shape_t& dst_shape, std::string_view op) {
  const int64_t nd = static_cast<int64_t>(dst_shape.size()), ns = src.ndim();
  bool ok = ns <= nd;
  strides_t st(static_cast<size_t>(nd), 0);
  for (int64_t i = 0; ok && i < ns; ++i) {
    const int64_t sd = src.shape()[ns - 1 - i], dd = dst_shape[nd - 1 - i];
    if (sd == dd) st[nd - 1 - i] = src.strides()[ns - 1 - i];
    else if (sd != 1) ok = false;
  }
  // Leading length-1 source axes beyond dst's rank are allowed, as NumPy does.
  if (!ok && ns > nd) {
    ok = true;
    for (int64_t i = 0; i < ns - nd; ++i) ok = ok && src.shape()[i] == 1;
    for (int64_t i = 0; ok && i < nd; ++i) {
      const int64_t sd = src.shape()[ns - 1 - i], dd = dst_shape[nd - 1 - i];
      if (sd == dd) st[nd - 1 - i] = src.strides()[ns - 1 - i];
      else if (sd != 1) ok = false;
    }
  }
  if (!ok)
    throw shape_error(fmt::format("[{}] could not broadcast input array from shape {} into shape {}", op,
                                  shape_str(src.shape()), shape_str(dst_shape)));
  return st;
}

}  // namespace

void array::assign(const array& src_in, casting c) {
  check_writeable("assign");
  if (!can_cast(src_in.dtype(), dtype_, c))
    throw dtype_error(fmt::format("[assign] cannot cast array data from dtype('{}') to dtype('{}') according to the "
                                  "rule '{}'",
                                  src_in.dtype().name(), dtype_.name(), casting_name(c)));
  const strides_t sst = broadcast_strides_into(src_in, shape_, "assign");
  if (size_ == 0) return;
  array src = src_in;
  strides_t src_strides = sst;
  // Element-for-element identical layouts are safe in place; any other overlap reads a copy.
  const array src_view = array::view_of(src.buffer_ptr(), src.offset(), shape_, src_strides, src.dtype(), false);
  if (!detail::same_layout(src_view, *this) && detail::may_overlap(src_view, *this)) {
    src = src_in.copy(order::K);
    src_strides = broadcast_strides_into(src, shape_, "assign");
  }
  if (ndim() == 2 && src.dtype() == dtype_ && is_c_contiguous() && src_strides[0] == itemsize() &&
      src_strides[1] != itemsize() && shape_[0] > 1 && shape_[1] > 1 &&
      detail::transpose_copy(static_cast<char*>(raw_ptr()), static_cast<const char*>(src.raw_data()), shape_[0],
                             shape_[1], src_strides[0], src_strides[1], itemsize()))
    return;
  detail::strided_iter it(shape_, {{static_cast<char*>(raw_ptr()), &strides_},
                                   {const_cast<char*>(static_cast<const char*>(src.raw_data())), &src_strides}});
  it.run_parallel(detail::cast_loop(src.dtype(), dtype_));
}

array array::copy(order o) const {
  array out = detail::empty_in_layout(shape_, dtype_, o, this, "copy");
  out.assign(*this);
  return out;
}

array array::astype(nd::dtype dt, casting c, bool copy_always) const {
  if (!can_cast(dtype_, dt, c))
    throw dtype_error(fmt::format("[astype] cannot cast array data from dtype('{}') to dtype('{}') according to the "
                                  "rule '{}'",
                                  dtype_.name(), dt.name(), casting_name(c)));
  if (!copy_always && dt == dtype_) return *this;
  array out = detail::empty_in_layout(shape_, dt, order::K, this, "astype");
  out.assign(*this, casting::unsafe);
  return out;
}

}  // namespace nd

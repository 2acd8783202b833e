#include "ufunc/select.hpp"

#include <fmt/format.h>

#include <cstring>

#include "core/layout.hpp"
#include "iter/strided_iter.hpp"
#include "nd/views.hpp"

namespace nd::detail {
namespace {

template <int N>
void masked_copy_loop(char** d, const int64_t* s, int64_t n) {
  char *o = d[0], *x = d[1], *m = d[2];
  for (int64_t i = 0; i < n; ++i, o += s[0], x += s[1], m += s[2])
    if (*m) std::memcpy(o, x, N);
}
template <int N>
void select_loop(char** d, const int64_t* s, int64_t n) {
  char *o = d[0], *c = d[1], *x = d[2], *y = d[3];
  for (int64_t i = 0; i < n; ++i, o += s[0], c += s[1], x += s[2], y += s[3]) std::memcpy(o, *c ? x : y, N);
}

template <template <int> class L>
loop_fn by_size(int64_t itemsize) {
  switch (itemsize) {
    case 1: return &L<1>::run;
    case 2: return &L<2>::run;
    case 4: return &L<4>::run;
    case 8: return &L<8>::run;
    default: return &L<16>::run;
  }
}
template <int N>
struct masked_copy {
  static void run(char** d, const int64_t* s, int64_t n) { masked_copy_loop<N>(d, s, n); }
};
template <int N>
struct select {
  static void run(char** d, const int64_t* s, int64_t n) { select_loop<N>(d, s, n); }
};

char* ptr(const array& a) { return const_cast<char*>(static_cast<const char*>(a.raw_data())); }

}  // namespace

void masked_assign(array& target, const array& src_in, const array& mask_in, std::string_view op) {
  if (!target.writeable()) throw readonly_error(fmt::format("[{}] output array is read-only", op));
  array src = src_in.dtype() == target.dtype() ? src_in : src_in.astype(target.dtype());
  if (may_overlap(src, target)) src = src.copy();
  array mask = mask_in.dtype() == bool_ ? mask_in : mask_in.astype(bool_);
  src = broadcast_to(src, target.shape());
  mask = broadcast_to(mask, target.shape());
  if (target.size() == 0) return;
  strided_iter it(target.shape(), {{static_cast<char*>(target.mutable_data(op)), &target.strides()},
                                   {ptr(src), &src.strides()},
                                   {ptr(mask), &mask.strides()}});
  it.run_parallel(by_size<masked_copy>(target.itemsize()));
}

void select_into(array& out, const array& cond_in, const array& x_in, const array& y_in) {
  array cond = cond_in.dtype() == bool_ ? cond_in : cond_in.astype(bool_);
  array c = broadcast_to(cond, out.shape()), x = broadcast_to(x_in, out.shape()), y = broadcast_to(y_in, out.shape());
  if (out.size() == 0) return;
  strided_iter it(out.shape(), {{static_cast<char*>(out.mutable_data("where")), &out.strides()},
                                {ptr(c), &c.strides()},
                                {ptr(x), &x.strides()},
                                {ptr(y), &y.strides()}});
  it.run_parallel(by_size<select>(out.itemsize()));
}

}  // namespace nd::detail

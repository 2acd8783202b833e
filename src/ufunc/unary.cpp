// The unary ufuncs: one line each in ND_UNARY_UFUNCS, their loops instantiated here.
#include "ufunc/loops.hpp"

namespace nd {

#define ND_X(name)                                                              \
  array name(const operand& a, const ufunc_options& opts) {                     \
    const operand ins[1] = {a};                                                 \
    return detail::run(detail::def_of<detail::name##_op, 1>(#name), ins, opts);  \
  }
ND_UNARY_UFUNCS(ND_X)
#undef ND_X


}  // namespace nd

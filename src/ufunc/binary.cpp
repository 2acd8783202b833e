// The binary ufuncs: one line each in ND_BINARY_UFUNCS, their loops instantiated here.
#include "ufunc/loops.hpp"

namespace nd {

#define ND_X(name)                                                              \
  array name(const operand& a, const operand& b, const ufunc_options& opts) {   \
    const operand ins[2] = {a, b};                                              \
    return detail::run(detail::def_of<detail::name##_op, 2>(#name), ins, opts);  \
  }
ND_BINARY_UFUNCS(ND_X)
#undef ND_X

}  // namespace nd

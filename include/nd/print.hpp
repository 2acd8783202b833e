#pragma once
/// NumPy's repr for arrays: `array([1., 2.])`, `array([1, 2], dtype=int32)`, summarised
/// with `...` above 1000 elements, 8 significant digits, rows aligned.
#include <iosfwd>
#include <string>

#include "nd/ndarray.hpp"

namespace nd {

struct print_options {
  int precision = 8;
  int threshold = 1000;
  int edgeitems = 3;
  int linewidth = 75;
};

/// Exactly NumPy's repr(a) under the given (default) print options.
ND_API std::string to_string(const array& a, const print_options& opts = {});
ND_API std::ostream& operator<<(std::ostream& os, const array& a);

}  // namespace nd

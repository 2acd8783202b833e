#pragma once
/// .npy files (format versions 1.0, 2.0, 3.0), read with a strict header parser.
#include <string>

#include "nd/ndarray.hpp"

namespace nd {

/// Writes `a` as .npy (version 1.0 unless the header needs 2.0; C order unless `a` is
/// F-contiguous and not C-contiguous, which is written with fortran_order True).
ND_API void save(const std::string& path, const array& a);
/// Reads a .npy file: every nd dtype, either byte order (swapped to native), either order.
/// io_error naming the file and the problem for malformed or truncated files.
ND_API array load(const std::string& path);

}  // namespace nd

#pragma once
/// nd's exceptions. Each message starts with the operation in brackets and names the
/// offending shape, dtype or axis. Python maps them to NumPy's exception types.
#include <new>
#include <stdexcept>
#include <string>

#include "nd/export.hpp"

namespace nd {

/// A bad argument value (Python ValueError).
class ND_API value_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Shapes that do not fit together: broadcasting, reshape, assignment (ValueError).
class ND_API shape_error : public value_error {
 public:
  using value_error::value_error;
};

/// A linear-algebra failure: a singular or non-square matrix, no convergence (NumPy's
/// LinAlgError, a ValueError subclass).
class ND_API linalg_error : public value_error {
 public:
  using value_error::value_error;
};

/// A dtype an operation does not accept, or a cast the casting rule forbids (TypeError).
class ND_API dtype_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// An axis out of range for the array's dimension (NumPy's AxisError: ValueError and IndexError).
class ND_API axis_error : public std::out_of_range {
 public:
  using std::out_of_range::out_of_range;
};

/// An index out of bounds, or an index of the wrong kind (IndexError).
class ND_API index_error : public std::out_of_range {
 public:
  using std::out_of_range::out_of_range;
};

/// Writing through a read-only array (ValueError, as NumPy).
class ND_API readonly_error : public value_error {
 public:
  using value_error::value_error;
};

/// A file that cannot be read or written, or whose content is malformed (OSError / ValueError).
class ND_API io_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A floating-point exception that the error state asks to raise (FloatingPointError).
class ND_API floating_point_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A size that overflows or an allocation that fails (MemoryError).
class ND_API alloc_error : public std::bad_alloc {
 public:
  explicit alloc_error(std::string msg) : msg_(std::move(msg)) {}
  const char* what() const noexcept override { return msg_.c_str(); }

 private:
  std::string msg_;
};

}  // namespace nd

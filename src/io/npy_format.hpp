#pragma once
// The .npy format pieces shared by nd::load/save (npy.cpp), .npz members (npz.cpp) and
// memory-mapped loading (mmap.cpp). Private to src/io/.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "nd/io.hpp"

namespace nd::io_detail {

/// Throws io_error "[op] where: what"; `where` is already quoted ("'a.npz' member 'x.npy'").
[[noreturn]] void fail(std::string_view op, std::string_view where, std::string_view what);
/// "'path'" as messages name a file.
std::string quote_path(std::string_view path);
/// Python-repr-like quoting: printable ASCII kept, the rest escaped, long text cut.
std::string quoted(std::string_view s, size_t max_len = 60);
/// Python's repr of a tuple of ints: "()", "(3,)", "(2, 3)".
std::string py_tuple(const shape_t& s);

struct npy_header {
  dtype dt{};
  bool swap = false;     // the data is in the other byte order
  bool fortran = false;  // fortran_order: True
  shape_t shape;
};

/// A parsed .npy prefix: the header and where the data starts.
struct npy_layout {
  npy_header h;
  int64_t data_offset = 0;  // bytes of magic, version, length and header
  int64_t nbytes = 0;       // bytes of array data the header declares
};

/// Reads `n` bytes into `dst` or throws; `what` names the part being read.
using read_fn = std::function<void(void* dst, int64_t n, std::string_view what)>;

/// Reads and checks magic, version, header length and the header dict of a .npy image of
/// `total` bytes through `read` (called in order, never past `total`), and checks that the
/// data that follows is exactly `total - data_offset` bytes. io_error names `where`.
npy_layout read_npy_prefix(const read_fn& read, int64_t total, std::string_view op, std::string_view where);

/// After the data bytes were read: swaps them to native order and makes bools 0 or 1.
void fix_up_data(const npy_header& h, char* data, int64_t nbytes);

/// The array as it will be written: `a` itself when C- or F-contiguous (fortran is set
/// for F-but-not-C), else a C-ordered copy.
array npy_writable(const array& a, bool& fortran);
/// Magic, version, length and padded header dict for `a`, as np.save writes them.
std::string npy_header_block(const array& a, bool fortran);

}  // namespace nd::io_detail

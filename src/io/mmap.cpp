// Memory-mapped .npy loading, as numpy.load(mmap_mode=...): the header is read and
// checked, the file is mapped, and the array views the mapping, which its buffer keeps
// alive. No data is read up front (except a bool array's one validating pass).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "io/npy_format.hpp"
#include "nd/io.hpp"

namespace nd {

using namespace io_detail;

mmap_mode parse_mmap_mode(std::string_view mode) {
  if (mode == "r" || mode == "readonly") return mmap_mode::r;
  if (mode == "c" || mode == "copyonwrite") return mmap_mode::c;
  if (mode == "r+" || mode == "readwrite") return mmap_mode::r_plus;
  throw value_error(fmt::format("[load] mmap_mode must be one of 'r', 'c' or 'r+', not {}", quoted(mode)));
}

namespace {

struct fd_closer {
  int fd;
  ~fd_closer() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

array load(const std::string& path, mmap_mode mode) {
  const std::string where = quote_path(path);
  const int fd = ::open(path.c_str(), (mode == mmap_mode::r_plus ? O_RDWR : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) fail("load", where, fmt::format("cannot open: {}", std::strerror(errno)));
  fd_closer closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail("load", where, fmt::format("cannot stat: {}", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) fail("load", where, "not a regular file");
  const auto file_size = static_cast<int64_t>(st.st_size);

  int64_t pos = 0;
  auto read = [&](void* dst, int64_t n, std::string_view what) {
    auto* p = static_cast<char*>(dst);
    while (n > 0) {
      const ssize_t got = ::pread(fd, p, static_cast<size_t>(n), pos);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) fail("load", where, fmt::format("read error in {}", what));
      p += got;
      pos += got;
      n -= got;
    }
  };
  if (file_size >= 4) {
    char sig[4];
    read(sig, 4, "the magic string");
    if (std::memcmp(sig, "PK\x03\x04", 4) == 0 || std::memcmp(sig, "PK\x05\x06", 4) == 0)
      fail("load", where, "is an .npz archive (a zip file), which cannot be memory-mapped: use nd::load_npz");
    pos = 0;
  }
  const npy_layout lay = read_npy_prefix(read, file_size, "load", where);
  const npy_header& h = lay.h;
  if (h.swap)
    fail("load", where,
         fmt::format("the data is {} in the other byte order, which a mapping cannot swap: load it without mmap_mode",
                     h.dt.name()));
  const int64_t align = h.dt.is_complex() ? h.dt.itemsize() / 2 : h.dt.itemsize();
  if (lay.data_offset % align != 0)
    fail("load", where,
         fmt::format("the data starts at byte {}, not aligned for {}: load it without mmap_mode", lay.data_offset,
                     h.dt.name()));
  const order o = h.fortran ? order::F : order::C;
  const bool writeable = mode != mmap_mode::r;
  if (lay.nbytes == 0) {
    // Nothing to map (mmap refuses length 0); an empty array with the mode's flags.
    array out(h.shape, h.dt, o);
    out.set_writeable(writeable);
    return out;
  }

  const auto len = static_cast<size_t>(lay.data_offset + lay.nbytes);
  const int prot = mode == mmap_mode::r ? PROT_READ : PROT_READ | PROT_WRITE;
  const int flags = mode == mmap_mode::c ? MAP_PRIVATE : MAP_SHARED;
  void* base = ::mmap(nullptr, len, prot, flags, fd, 0);
  if (base == MAP_FAILED) fail("load", where, fmt::format("cannot map {} bytes: {}", len, std::strerror(errno)));
  // The mapping outlives the descriptor; the buffer's owner unmaps it when the last view goes.
  std::shared_ptr<const void> owner(base, [len](const void* p) { ::munmap(const_cast<void*>(p), len); });
  char* data = static_cast<char*>(base) + lay.data_offset;

  if (h.dt.is_bool()) {
    // C++ bools must be 0 or 1. A private mapping is normalised in place (only the pages
    // holding other bytes are copied); a shared one must already be clean.
    for (int64_t i = 0; i < lay.nbytes; ++i) {
      if (static_cast<unsigned char>(data[i]) > 1) {
        if (mode != mmap_mode::c)
          fail("load", where,
               fmt::format("bool data holds byte {} at element {}: map it with mode 'c' or load it without mmap_mode",
                           static_cast<unsigned char>(data[i]), i));
        data[i] = 1;
      }
    }
  }
  std::optional<strides_t> strides;
  if (h.fortran) strides = contiguous_strides(h.shape, h.dt.itemsize(), order::F);
  return array::wrap(data, h.shape, h.dt, std::move(owner), strides, writeable);
}

}  // namespace nd

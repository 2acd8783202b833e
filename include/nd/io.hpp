#pragma once
/// .npy files (format versions 1.0, 2.0, 3.0), read with a strict header parser; .npz
/// archives (zip, stored or deflated, ZIP64); memory-mapped .npy loading.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "nd/ndarray.hpp"

namespace nd {

/// Writes `a` as .npy (version 1.0 unless the header needs 2.0; C order unless `a` is
/// F-contiguous and not C-contiguous, which is written with fortran_order True).
ND_API void save(const std::string& path, const array& a);
/// Reads a .npy file: every nd dtype, either byte order (swapped to native), either order.
/// io_error naming the file and the problem for malformed or truncated files, and for an
/// .npz archive (use load_npz or load_any).
ND_API array load(const std::string& path);

/// How load(path, mode) maps a .npy file, as NumPy's `mmap_mode`.
enum class mmap_mode {
  r,       ///< 'r': shared read-only mapping; the array is not writeable
  c,       ///< 'c': private copy-on-write mapping; writes stay in memory, never reach the file
  r_plus,  ///< 'r+': shared read-write mapping; writes reach the file
};
/// The mode for NumPy's spelling: "r", "c", "r+" (value_error for anything else,
/// including "w+", which np.load cannot use either).
ND_API mmap_mode parse_mmap_mode(std::string_view mode);

/// Maps a .npy file instead of reading it: nothing of the data is read until touched. The
/// mapping lives as long as any view of the array (the buffer's keep-alive). The data must
/// be in native byte order and aligned for its dtype (NumPy writes it 64-byte aligned); a
/// bool array is checked once for bytes other than 0 and 1 (C++ bools must be 0 or 1).
/// Like load, the file must hold exactly the declared data. io_error otherwise.
ND_API array load(const std::string& path, mmap_mode mode);

/// Named arrays in archive order; a member is stored as "<name>.npy".
using named_arrays = std::vector<std::pair<std::string, array>>;

/// Options of savez: deflate members (savez_compressed) and ZIP64 records for every
/// member and the end record even where sizes fit 32 bits (they are written anyway for
/// members of 4 GiB or more, offsets past 4 GiB and more than 65,535 members).
struct savez_options {
  bool compress = false;
  bool force_zip64 = false;
};

/// Writes an .npz (a zip archive of .npy members) as numpy.savez: names get ".npy"
/// appended; value_error for an empty or duplicate name. Arrays are written one at a time
/// (no copy of the whole archive in memory); each member's CRC-32 is stored.
ND_API void savez(const std::string& path, const named_arrays& arrays, savez_options opts = {});
/// Positional arrays, named arr_0, arr_1, ... as numpy.savez names them.
ND_API void savez(const std::string& path, const std::vector<array>& arrays, savez_options opts = {});
/// savez with every member deflated (numpy.savez_compressed).
ND_API void savez_compressed(const std::string& path, const named_arrays& arrays);
ND_API void savez_compressed(const std::string& path, const std::vector<array>& arrays);

/// An open .npz archive, as numpy's NpzFile: the central directory is read and checked
/// when it is opened; members are read lazily, each time one is asked for (their CRC-32
/// checked). The file stays open until close() or the last copy of this handle goes.
/// Copies share the open file; reads through one handle from several threads are serialised.
class ND_API npz_file {
 public:
  /// Opens `path`; io_error naming the file for anything that is not a well-formed zip
  /// archive of stored or deflated members.
  explicit npz_file(const std::string& path);

  /// Member names in archive order, without the ".npy" suffix (NpzFile.files).
  const std::vector<std::string>& files() const;
  /// Whether `name` (with or without ".npy") is a member.
  bool contains(const std::string& name) const;
  size_t size() const { return files().size(); }
  /// Reads member `name` (with or without ".npy"): io_error naming the file and member
  /// for an unknown name, a member that is not .npy, a bad CRC, truncated or corrupted data.
  array operator[](const std::string& name) const;
  /// Every member, in archive order.
  named_arrays load_all() const;
  /// Closes the file; later reads throw io_error. Idempotent.
  void close();
  bool closed() const;
  const std::string& path() const;

  struct impl;

 private:
  std::shared_ptr<impl> impl_;
};

/// Opens an .npz archive (npz_file(path)).
ND_API npz_file load_npz(const std::string& path);

/// What load_any found: one array (.npy) or an archive (.npz).
using loaded = std::variant<array, npz_file>;
/// Dispatches on the magic bytes, as numpy.load: a zip archive opens as npz_file, a .npy
/// file loads (or maps, with `mode`: ignored for archives, as NumPy does).
ND_API loaded load_any(const std::string& path);
ND_API loaded load_any(const std::string& path, mmap_mode mode);

}  // namespace nd

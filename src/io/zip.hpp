#pragma once
// A minimal zip reader and writer for .npz (PKWARE APPNOTE 6.3): stored and deflated
// members, ZIP64 records, no encryption, no multi-disk archives. Private to src/io/.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct z_stream_s;

namespace nd::zip {

/// A member as the central directory describes it (ZIP64 values already applied).
struct entry {
  std::string name;
  uint16_t flags = 0;
  uint16_t method = 0;  // 0 stored, 8 deflated
  uint32_t crc = 0;
  uint64_t csize = 0;   // compressed bytes
  uint64_t usize = 0;   // uncompressed bytes
  uint64_t local_offset = 0;
};

/// An open archive: the central directory is read and checked by the constructor;
/// members are streamed on demand with pread (reads of different members may run on
/// different threads). Every error is an io_error "[load] 'path': ...".
class reader {
 public:
  explicit reader(const std::string& path);
  ~reader();
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;

  const std::vector<entry>& entries() const { return entries_; }
  const std::string& where() const { return where_; }
  const std::string& path() const { return path_; }
  void close();
  bool closed() const { return fd_ < 0; }

  /// The uncompressed bytes of one member, read in order.
  class member {
   public:
    member(const reader& r, const entry& e);
    ~member();
    member(const member&) = delete;
    member& operator=(const member&) = delete;
    /// Reads exactly n bytes (io_error for truncated, corrupted or too short data).
    void read(void* dst, int64_t n, std::string_view what);
    /// Checks that the member ended exactly at its declared size and its CRC-32.
    void finish();
    const std::string& where() const { return where_; }

   private:
    void fill_input();
    [[noreturn]] void fail(std::string_view what) const;

    const reader& r_;
    const entry& e_;
    std::string where_;
    uint64_t data_start_ = 0;  // file offset of the member's data
    uint64_t in_pos_ = 0;      // compressed bytes consumed from the file
    uint64_t out_pos_ = 0;     // uncompressed bytes produced
    uint32_t crc_ = 0;
    std::unique_ptr<z_stream_s> z_;
    bool z_end_ = false;
    std::vector<unsigned char> in_buf_;
  };

 private:
  void pread_exact(void* dst, uint64_t n, uint64_t off, std::string_view what) const;
  void read_directory();

  std::string path_, where_;
  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t cd_start_ = 0;  // members' data must end before the central directory
  std::vector<entry> entries_;
};

/// Writes an archive member by member to a regular (seekable) file; finish() writes the
/// central directory and end records. Every error is an io_error "[op] 'path': ...".
/// Destroying an unfinished writer removes the partial file.
class writer {
 public:
  writer(const std::string& path, std::string_view op, bool force_zip64);
  ~writer();
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  struct piece {
    const void* data;
    uint64_t size;
  };
  /// One member made of `pieces` in order, stored or deflated.
  void add(const std::string& name, bool deflate, const std::vector<piece>& pieces);
  void finish();

 private:
  struct central {
    std::string name;
    uint16_t flags, method, version;
    uint32_t crc;
    uint64_t csize, usize, offset;
  };
  void put(const void* p, size_t n);
  [[noreturn]] void fail(std::string_view what) const;

  std::string path_, where_, op_;
  std::FILE* f_ = nullptr;
  bool force_zip64_;
  uint16_t dos_time_ = 0, dos_date_ = 0;
  std::vector<central> members_;
};

/// Writers use ZIP64 for a size or offset above this, as Python's zipfile does (2 GiB - 1,
/// safe for readers with signed 32-bit fields), and for more than 65,535 members.
inline constexpr uint64_t zip64_limit = 0x7FFFFFFF;
inline constexpr uint64_t max_members_plain = 0xFFFF;

}  // namespace nd::zip

// The zip container of .npz files, written from the PKWARE APPNOTE (6.3.x): local file
// headers, the central directory, the end records (ZIP64 where sizes, offsets or the
// member count need it), stored (0) and deflated (8) members, CRC-32 checked on read.
#include "io/zip.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <limits>
#include <set>

#include "io/npy_format.hpp"

namespace nd::zip {
namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint32_t kEnd64Sig = 0x06064b50;
constexpr uint32_t kLocator64Sig = 0x07064b50;
constexpr uint64_t kLocalSize = 30, kCentralSize = 46, kEndSize = 22, kEnd64Size = 56, kLocator64Size = 20;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint16_t kFlagEncrypted = 0x0001, kFlagStrongEncryption = 0x0040, kFlagUtf8 = 0x0800;
constexpr uint16_t kStored = 0, kDeflated = 8;
// Deflate cannot expand data more than about 1032:1; a member declaring more is corrupt,
// and refusing it keeps a few bytes of archive from asking for gigabytes of memory.
constexpr uint64_t kMaxDeflateRatio = 1032;
constexpr size_t kInChunk = 1 << 16;
constexpr uint64_t kZlibMaxChunk = 1u << 30;  // zlib counts in 32-bit uInt

uint16_t get16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t get32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}
uint64_t get64(const unsigned char* p) { return get32(p) | (static_cast<uint64_t>(get32(p + 4)) << 32); }

void put_le(std::string& s, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
}

uint32_t crc_update(uint32_t crc, const void* p, uint64_t n) {
  const auto* b = static_cast<const Bytef*>(p);
  while (n > 0) {
    const uInt k = static_cast<uInt>(std::min<uint64_t>(n, kZlibMaxChunk));
    crc = static_cast<uint32_t>(::crc32(crc, b, k));
    b += k;
    n -= k;
  }
  return crc;
}

std::string member_where(const std::string& file_where, const std::string& name) {
  return fmt::format("{} member {}", file_where, io_detail::quoted(name, 200));
}

}  // namespace

// ---------------------------------------------------------------- reader

reader::reader(const std::string& path) : path_(path), where_(io_detail::quote_path(path)) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) io_detail::fail("load", where_, fmt::format("cannot open: {}", std::strerror(errno)));
  try {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) io_detail::fail("load", where_, fmt::format("cannot stat: {}", std::strerror(errno)));
    if (!S_ISREG(st.st_mode)) io_detail::fail("load", where_, "not a regular file");
    size_ = static_cast<uint64_t>(st.st_size);
    read_directory();
  } catch (...) {
    close();
    throw;
  }
}

reader::~reader() { close(); }

void reader::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void reader::pread_exact(void* dst, uint64_t n, uint64_t off, std::string_view what) const {
  if (fd_ < 0) io_detail::fail("load", where_, "the archive is closed");
  auto* p = static_cast<char*>(dst);
  while (n > 0) {
    const size_t k = static_cast<size_t>(std::min<uint64_t>(n, uint64_t{1} << 30));
    const ssize_t got = ::pread(fd_, p, k, static_cast<off_t>(off));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0)
      io_detail::fail("load", where_,
                      got < 0 ? fmt::format("read error in {}: {}", what, std::strerror(errno))
                              : fmt::format("truncated archive: {} ends early", what));
    p += got;
    off += static_cast<uint64_t>(got);
    n -= static_cast<uint64_t>(got);
  }
}

void reader::read_directory() {
  auto bad = [&](std::string_view what) { io_detail::fail("load", where_, what); };
  if (size_ < kEndSize) {
    if (size_ >= 4) {
      unsigned char sig[4];
      pread_exact(sig, 4, 0, "the signature");
      if (get32(sig) != kLocalSig && get32(sig) != kEndSig) bad("not a zip archive (bad signature)");
    }
    bad(fmt::format("truncated archive: {} bytes, too short for a zip end record", size_));
  }
  // The end record is the last 22 bytes plus a comment of at most 65,535 bytes; its
  // comment length must reach exactly the end of the file.
  const uint64_t tail_len = std::min<uint64_t>(size_, kEndSize + 0xFFFF);
  std::vector<unsigned char> tail(tail_len);
  pread_exact(tail.data(), tail_len, size_ - tail_len, "the end record");
  int64_t end_at = -1;
  for (int64_t i = static_cast<int64_t>(tail_len - kEndSize); i >= 0; --i) {
    const unsigned char* p = tail.data() + i;
    if (get32(p) == kEndSig && static_cast<uint64_t>(i) + kEndSize + get16(p + 20) == tail_len) {
      end_at = i;
      break;
    }
  }
  if (end_at < 0) {
    unsigned char sig[4];
    pread_exact(sig, 4, 0, "the signature");
    if (get32(sig) != kLocalSig && get32(sig) != kEndSig) bad("not a zip archive (bad signature)");
    bad("truncated or corrupted archive: no end of central directory record");
  }
  const unsigned char* e = tail.data() + end_at;
  const uint64_t end_pos = size_ - tail_len + static_cast<uint64_t>(end_at);
  uint64_t disk = get16(e + 4), cd_disk = get16(e + 6), n_disk = get16(e + 8), n = get16(e + 10);
  uint64_t cd_size = get32(e + 12), cd_off = get32(e + 16);
  uint64_t cd_limit = end_pos;  // the central directory ends before the end records

  if (end_pos >= kLocator64Size) {
    unsigned char loc[kLocator64Size];
    pread_exact(loc, kLocator64Size, end_pos - kLocator64Size, "the ZIP64 locator");
    if (get32(loc) == kLocator64Sig) {
      const uint64_t z64 = get64(loc + 8);
      if (get32(loc + 4) != 0 || get32(loc + 16) != 1) bad("multi-disk archives are not supported");
      if (z64 > end_pos - kLocator64Size || end_pos - kLocator64Size - z64 < kEnd64Size)
        bad(fmt::format("corrupted ZIP64 locator: end record offset {} is outside the archive", z64));
      unsigned char r[kEnd64Size];
      pread_exact(r, kEnd64Size, z64, "the ZIP64 end record");
      if (get32(r) != kEnd64Sig) bad("corrupted archive: bad ZIP64 end record signature");
      disk = get32(r + 16);
      cd_disk = get32(r + 20);
      n_disk = get64(r + 24);
      n = get64(r + 32);
      cd_size = get64(r + 40);
      cd_off = get64(r + 48);
      cd_limit = z64;
    }
  }
  if (disk != 0 || cd_disk != 0 || n_disk != n) bad("multi-disk archives are not supported");
  if (cd_off > cd_limit || cd_size > cd_limit - cd_off)
    bad(fmt::format("corrupted archive: central directory at {} of {} bytes is outside the {} bytes before the "
                    "end record",
                    cd_off, cd_size, cd_limit));
  if (n > cd_size / kCentralSize)
    bad(fmt::format("corrupted archive: {} members cannot fit a central directory of {} bytes", n, cd_size));
  cd_start_ = cd_off;

  std::vector<unsigned char> cd(cd_size);
  pread_exact(cd.data(), cd_size, cd_off, "the central directory");
  entries_.reserve(n);
  std::set<std::string_view> names;
  uint64_t pos = 0;
  for (uint64_t i = 0; i < n; ++i) {
    if (cd_size - pos < kCentralSize) bad(fmt::format("corrupted central directory: entry {} is truncated", i));
    const unsigned char* c = cd.data() + pos;
    if (get32(c) != kCentralSig) bad(fmt::format("corrupted central directory: bad signature of entry {}", i));
    entry en;
    en.flags = get16(c + 8);
    en.method = get16(c + 10);
    en.crc = get32(c + 16);
    en.csize = get32(c + 20);
    en.usize = get32(c + 24);
    const uint64_t name_len = get16(c + 28), extra_len = get16(c + 30), comment_len = get16(c + 32);
    uint64_t start_disk = get16(c + 34);
    en.local_offset = get32(c + 42);
    if (cd_size - pos - kCentralSize < name_len + extra_len + comment_len)
      bad(fmt::format("corrupted central directory: entry {} is truncated", i));
    en.name.assign(reinterpret_cast<const char*>(c + kCentralSize), name_len);
    const std::string mw = member_where(where_, en.name);
    // ZIP64 extended information: 8-byte values for exactly the fields that hold 0xFFFFFFFF
    // (0xFFFF for the disk), in the order usize, csize, offset, disk.
    const unsigned char* x = c + kCentralSize + name_len;
    bool need64 = en.usize == 0xFFFFFFFF || en.csize == 0xFFFFFFFF || en.local_offset == 0xFFFFFFFF ||
                  start_disk == 0xFFFF;
    for (uint64_t xp = 0; xp + 4 <= extra_len;) {
      const uint16_t id = get16(x + xp), len = get16(x + xp + 2);
      if (xp + 4 + len > extra_len) io_detail::fail("load", mw, "corrupted extra field in the central directory");
      if (id == kZip64ExtraId && need64) {
        const unsigned char* v = x + xp + 4;
        uint64_t left = len;
        auto take = [&](uint64_t& field, int bytes) {
          if (left < static_cast<uint64_t>(bytes)) io_detail::fail("load", mw, "ZIP64 extra field is too short");
          field = bytes == 8 ? get64(v) : get32(v);
          v += bytes;
          left -= static_cast<uint64_t>(bytes);
        };
        if (en.usize == 0xFFFFFFFF) take(en.usize, 8);
        if (en.csize == 0xFFFFFFFF) take(en.csize, 8);
        if (en.local_offset == 0xFFFFFFFF) take(en.local_offset, 8);
        if (start_disk == 0xFFFF) take(start_disk, 4);
        need64 = false;
      }
      xp += 4 + len;
    }
    if (need64) io_detail::fail("load", mw, "sizes or offset need a ZIP64 extra field, and there is none");
    if (start_disk != 0) bad("multi-disk archives are not supported");
    if (en.flags & (kFlagEncrypted | kFlagStrongEncryption))
      io_detail::fail("load", mw, "encrypted members are not supported");
    if (en.method != kStored && en.method != kDeflated)
      io_detail::fail("load", mw,
                      fmt::format("unsupported compression method {} (only 0, stored, and 8, deflated)", en.method));
    if (en.local_offset > cd_start_ || cd_start_ - en.local_offset < kLocalSize + name_len ||
        en.csize > cd_start_ - en.local_offset - kLocalSize - name_len)
      io_detail::fail("load", mw,
                      fmt::format("corrupted archive: {} bytes of data at offset {} do not fit before the central "
                                  "directory at {}",
                                  en.csize, en.local_offset, cd_start_));
    if (en.method == kStored && en.usize != en.csize)
      io_detail::fail("load", mw,
                      fmt::format("corrupted archive: stored member declares {} bytes, {} compressed", en.usize,
                                  en.csize));
    if (en.method == kDeflated && en.usize / kMaxDeflateRatio > en.csize)
      io_detail::fail("load", mw,
                      fmt::format("corrupted archive: absurd sizes, {} bytes declared from {} deflated bytes",
                                  en.usize, en.csize));
    pos += kCentralSize + name_len + extra_len + comment_len;
    entries_.push_back(std::move(en));
  }
  for (const entry& en : entries_) {
    if (!names.insert(en.name).second)
      io_detail::fail("load", member_where(where_, en.name), "duplicate member name in the archive");
  }
}

// ---------------------------------------------------------------- reading one member

reader::member::member(const reader& r, const entry& e) : r_(r), e_(e), where_(member_where(r.where_, e.name)) {
  unsigned char h[kLocalSize];
  r_.pread_exact(h, kLocalSize, e_.local_offset, "a local header");
  if (get32(h) != kLocalSig) fail("bad local header signature");
  const uint64_t name_len = get16(h + 26), extra_len = get16(h + 28);
  if (name_len != e_.name.size()) fail("the local header names another member than the central directory");
  std::string name(name_len, '\0');
  r_.pread_exact(name.data(), name_len, e_.local_offset + kLocalSize, "a local header");
  if (name != e_.name) fail("the local header names another member than the central directory");
  data_start_ = e_.local_offset + kLocalSize + name_len + extra_len;
  if (data_start_ > r_.cd_start_ || e_.csize > r_.cd_start_ - data_start_)
    fail(fmt::format("corrupted archive: {} bytes of data at offset {} run into the central directory at {}",
                     e_.csize, data_start_, r_.cd_start_));
  crc_ = static_cast<uint32_t>(::crc32(0, nullptr, 0));
  if (e_.method == kDeflated) {
    z_ = std::make_unique<z_stream_s>();
    std::memset(z_.get(), 0, sizeof(z_stream_s));
    if (::inflateInit2(z_.get(), -MAX_WBITS) != Z_OK) {
      z_.reset();
      fail("cannot start zlib's inflate");
    }
    in_buf_.resize(kInChunk);
  }
}

reader::member::~member() {
  if (z_) ::inflateEnd(z_.get());
}

void reader::member::fail(std::string_view what) const { io_detail::fail("load", where_, what); }

void reader::member::fill_input() {
  const uint64_t k = std::min<uint64_t>(e_.csize - in_pos_, in_buf_.size());
  r_.pread_exact(in_buf_.data(), k, data_start_ + in_pos_, "member data");
  in_pos_ += k;
  z_->next_in = in_buf_.data();
  z_->avail_in = static_cast<uInt>(k);
}

void reader::member::read(void* dst, int64_t n_signed, std::string_view what) {
  const auto n = static_cast<uint64_t>(n_signed);
  if (n > e_.usize - out_pos_)
    fail(fmt::format("truncated member: {} needs {} bytes, {} of the declared {} are left", what, n,
                     e_.usize - out_pos_, e_.usize));
  auto* out = static_cast<unsigned char*>(dst);
  if (e_.method == kStored) {
    r_.pread_exact(out, n, data_start_ + out_pos_, "member data");
  } else {
    uint64_t done = 0;
    while (done < n) {
      if (z_end_)
        fail(fmt::format("truncated member: the deflated data ends after {} bytes, {} declared",
                         out_pos_ + done, e_.usize));
      if (z_->avail_in == 0) {
        if (in_pos_ == e_.csize)
          fail(fmt::format("truncated member: the deflated data stops after {} bytes, {} declared",
                           out_pos_ + done, e_.usize));
        fill_input();
      }
      const uInt room = static_cast<uInt>(std::min<uint64_t>(n - done, kZlibMaxChunk));
      z_->next_out = out + done;
      z_->avail_out = room;
      const int rc = ::inflate(z_.get(), Z_NO_FLUSH);
      done += room - z_->avail_out;
      if (rc == Z_STREAM_END) {
        z_end_ = true;
      } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
        fail(fmt::format("corrupted deflate data: {}", z_->msg ? z_->msg : "invalid stream"));
      } else if (rc == Z_MEM_ERROR) {
        fail("out of memory in zlib's inflate");
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        fail(fmt::format("zlib's inflate failed ({})", rc));
      }
    }
  }
  crc_ = crc_update(crc_, out, n);
  out_pos_ += n;
}

void reader::member::finish() {
  if (out_pos_ != e_.usize)
    fail(fmt::format("member data of {} bytes declared, {} used", e_.usize, out_pos_));
  if (e_.method == kDeflated && !z_end_) {
    // The stream must end exactly here: no more output, only the end-of-block code left.
    unsigned char extra;
    while (!z_end_) {
      if (z_->avail_in == 0) {
        if (in_pos_ == e_.csize) fail("truncated member: the deflated data has no end");
        fill_input();
      }
      z_->next_out = &extra;
      z_->avail_out = 1;
      const int rc = ::inflate(z_.get(), Z_NO_FLUSH);
      if (z_->avail_out == 0) fail(fmt::format("corrupted member: the deflated data is longer than {} bytes", e_.usize));
      if (rc == Z_STREAM_END) z_end_ = true;
      else if (rc != Z_OK && rc != Z_BUF_ERROR)
        fail(fmt::format("corrupted deflate data: {}", z_->msg ? z_->msg : "invalid stream"));
    }
  }
  if (crc_ != e_.crc)
    fail(fmt::format("bad CRC-32: the data has {:08x}, the archive records {:08x}", crc_, e_.crc));
}

// ---------------------------------------------------------------- writer

writer::writer(const std::string& path, std::string_view op, bool force_zip64)
    : path_(path), where_(io_detail::quote_path(path)), op_(op), force_zip64_(force_zip64) {
  f_ = std::fopen(path.c_str(), "wb");
  if (!f_) fail(fmt::format("cannot open for writing: {}", std::strerror(errno)));
  // MS-DOS date and time of the members, local time as zip tools show it.
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  if (localtime_r(&now, &tm) && tm.tm_year >= 80) {
    dos_date_ = static_cast<uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
    dos_time_ = static_cast<uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  } else {
    dos_date_ = (1 << 5) | 1;  // 1980-01-01
  }
}

writer::~writer() {
  if (f_) {
    std::fclose(f_);
    std::remove(path_.c_str());
  }
}

void writer::fail(std::string_view what) const { io_detail::fail(op_, where_, what); }

void writer::put(const void* p, size_t n) {
  if (n > 0 && std::fwrite(p, 1, n, f_) != n) fail(fmt::format("write failed: {}", std::strerror(errno)));
}

void writer::add(const std::string& name, bool deflate, const std::vector<piece>& pieces) {
  if (name.size() > 0xFFFF) fail(fmt::format("member name of {} bytes is longer than zip allows", name.size()));
  uint64_t usize = 0;
  for (const piece& p : pieces) usize += p.size;
  const auto offset = static_cast<uint64_t>(::ftello(f_));
  // Whether the sizes may pass the limit decides the local header's layout up front
  // (deflate can grow incompressible data by a few bytes per 16 KiB block).
  const bool local64 = force_zip64_ || usize + usize / 1024 + 1024 > zip64_limit;
  const bool utf8 = std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  central c{name, static_cast<uint16_t>(utf8 ? kFlagUtf8 : 0), deflate ? kDeflated : kStored,
            static_cast<uint16_t>(local64 ? 45 : 20), 0, 0, usize, offset};

  std::string h;
  put_le(h, kLocalSig, 4);
  put_le(h, c.version, 2);
  put_le(h, c.flags, 2);
  put_le(h, c.method, 2);
  put_le(h, dos_time_, 2);
  put_le(h, dos_date_, 2);
  put_le(h, 0, 4);                                // CRC-32, patched below
  put_le(h, local64 ? 0xFFFFFFFF : 0, 4);         // compressed size
  put_le(h, local64 ? 0xFFFFFFFF : 0, 4);         // uncompressed size
  put_le(h, name.size(), 2);
  put_le(h, local64 ? 20 : 0, 2);
  h += name;
  if (local64) {
    put_le(h, kZip64ExtraId, 2);
    put_le(h, 16, 2);
    put_le(h, 0, 8);
    put_le(h, 0, 8);
  }
  put(h.data(), h.size());
  const auto data_start = static_cast<uint64_t>(::ftello(f_));

  uint32_t crc = static_cast<uint32_t>(::crc32(0, nullptr, 0));
  if (!deflate) {
    for (const piece& p : pieces) {
      crc = crc_update(crc, p.data, p.size);
      put(p.data, p.size);
    }
  } else {
    z_stream z{};
    if (::deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      fail("cannot start zlib's deflate");
    struct ender {
      z_stream* z;
      ~ender() { ::deflateEnd(z); }
    } end_guard{&z};
    std::vector<unsigned char> out(1 << 18);
    auto drain = [&](int flush) {
      int rc;
      do {
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        rc = ::deflate(&z, flush);
        if (rc == Z_STREAM_ERROR) fail("zlib's deflate failed");
        put(out.data(), out.size() - z.avail_out);
      } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    };
    for (const piece& p : pieces) {
      crc = crc_update(crc, p.data, p.size);
      const auto* b = static_cast<const unsigned char*>(p.data);
      for (uint64_t left = p.size; left > 0;) {
        const uInt k = static_cast<uInt>(std::min<uint64_t>(left, kZlibMaxChunk));
        z.next_in = const_cast<Bytef*>(b);
        z.avail_in = k;
        drain(Z_NO_FLUSH);
        b += k;
        left -= k;
      }
    }
    z.next_in = nullptr;
    z.avail_in = 0;
    drain(Z_FINISH);
  }
  const auto end = static_cast<uint64_t>(::ftello(f_));
  c.crc = crc;
  c.csize = end - data_start;
  if (!local64 && (c.csize > zip64_limit || c.usize > zip64_limit))
    fail("internal error: a member outgrew its local header");

  // Patch the CRC and sizes into the local header.
  std::string fix;
  put_le(fix, crc, 4);
  put_le(fix, local64 ? 0xFFFFFFFF : c.csize, 4);
  put_le(fix, local64 ? 0xFFFFFFFF : c.usize, 4);
  if (::fseeko(f_, static_cast<off_t>(offset + 14), SEEK_SET) != 0) fail("cannot seek in the file");
  put(fix.data(), fix.size());
  if (local64) {
    std::string x;
    put_le(x, c.usize, 8);
    put_le(x, c.csize, 8);
    if (::fseeko(f_, static_cast<off_t>(offset + kLocalSize + name.size() + 4), SEEK_SET) != 0)
      fail("cannot seek in the file");
    put(x.data(), x.size());
  }
  if (::fseeko(f_, static_cast<off_t>(end), SEEK_SET) != 0) fail("cannot seek in the file");
  members_.push_back(std::move(c));
}

void writer::finish() {
  const auto cd_start = static_cast<uint64_t>(::ftello(f_));
  for (const central& c : members_) {
    const bool big_u = force_zip64_ || c.usize > zip64_limit;
    const bool big_c = force_zip64_ || c.csize > zip64_limit;
    const bool big_o = force_zip64_ || c.offset > zip64_limit;
    std::string x;
    if (big_u || big_c || big_o) {
      put_le(x, kZip64ExtraId, 2);
      put_le(x, 8 * (big_u + big_c + big_o), 2);
      if (big_u) put_le(x, c.usize, 8);
      if (big_c) put_le(x, c.csize, 8);
      if (big_o) put_le(x, c.offset, 8);
    }
    const uint16_t version = x.empty() ? c.version : 45;
    std::string h;
    put_le(h, kCentralSig, 4);
    put_le(h, 0x0300 | version, 2);  // made by: Unix
    put_le(h, version, 2);
    put_le(h, c.flags, 2);
    put_le(h, c.method, 2);
    put_le(h, dos_time_, 2);
    put_le(h, dos_date_, 2);
    put_le(h, c.crc, 4);
    put_le(h, big_c ? 0xFFFFFFFF : c.csize, 4);
    put_le(h, big_u ? 0xFFFFFFFF : c.usize, 4);
    put_le(h, c.name.size(), 2);
    put_le(h, x.size(), 2);
    put_le(h, 0, 2);                  // comment length
    put_le(h, 0, 2);                  // disk number start
    put_le(h, 0, 2);                  // internal attributes
    put_le(h, uint64_t{0600} << 16, 4);  // external attributes: a regular file, rw-------
    put_le(h, big_o ? 0xFFFFFFFF : c.offset, 4);
    h += c.name;
    h += x;
    put(h.data(), h.size());
  }
  const auto cd_end = static_cast<uint64_t>(::ftello(f_));
  const uint64_t n = members_.size(), cd_size = cd_end - cd_start;
  std::string e;
  if (force_zip64_ || n > max_members_plain || cd_size > zip64_limit || cd_start > zip64_limit) {
    put_le(e, kEnd64Sig, 4);
    put_le(e, kEnd64Size - 12, 8);  // size of the rest of this record
    put_le(e, 0x0300 | 45, 2);
    put_le(e, 45, 2);
    put_le(e, 0, 4);
    put_le(e, 0, 4);
    put_le(e, n, 8);
    put_le(e, n, 8);
    put_le(e, cd_size, 8);
    put_le(e, cd_start, 8);
    put_le(e, kLocator64Sig, 4);
    put_le(e, 0, 4);
    put_le(e, cd_end, 8);
    put_le(e, 1, 4);
  }
  put_le(e, kEndSig, 4);
  put_le(e, 0, 2);
  put_le(e, 0, 2);
  put_le(e, std::min<uint64_t>(n, 0xFFFF), 2);
  put_le(e, std::min<uint64_t>(n, 0xFFFF), 2);
  put_le(e, std::min<uint64_t>(cd_size, 0xFFFFFFFF), 4);
  put_le(e, std::min<uint64_t>(cd_start, 0xFFFFFFFF), 4);
  put_le(e, 0, 2);
  put(e.data(), e.size());
  std::FILE* f = f_;
  f_ = nullptr;
  if (std::fclose(f) != 0) {
    const int err = errno;
    std::remove(path_.c_str());
    fail(fmt::format("write failed: {}", std::strerror(err)));
  }
}

}  // namespace nd::zip

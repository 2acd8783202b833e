// .npy reading and writing (NEP 1, format versions 1.0, 2.0 and 3.0).
// The header is read by a strict parser of the one dict literal NumPy writes; nothing
// is evaluated, and every size is checked against the file before memory is allocated.
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "io/npy_format.hpp"
#include "nd/io.hpp"

namespace nd {
namespace io_detail {

static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big,
              "mixed-endian hosts are not supported");

constexpr unsigned char kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr int64_t kMaxHeaderLen = 10000;  // NumPy's default max_header_size
constexpr int64_t kAlign = 64;            // NumPy's ARRAY_ALIGN
constexpr int64_t kGrowthDigits = 21;     // NumPy's GROWTH_AXIS_MAX_DIGITS
constexpr char kNativeOrder = std::endian::native == std::endian::little ? '<' : '>';

struct file_closer {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

void fail(std::string_view op, std::string_view where, std::string_view what) {
  throw io_error(fmt::format("[{}] {}: {}", op, where, what));
}

std::string quote_path(std::string_view path) { return fmt::format("'{}'", path); }

std::string quoted(std::string_view s, size_t max_len) {
  std::string out = "'";
  for (size_t i = 0; i < s.size() && i < max_len; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  out += s.size() > max_len ? "'..." : "'";
  return out;
}

std::string py_tuple(const shape_t& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(s[i]);
  }
  out += s.size() == 1 ? ",)" : ")";
  return out;
}

namespace {

// The dtypes nd stores, by NumPy's descr without the byte-order character.
bool descr_to_dtype(std::string_view code, dtype& out) {
  static constexpr struct {
    std::string_view code;
    dtype_id id;
  } table[] = {
      {"b1", dtype_id::bool_},   {"i1", dtype_id::int8},      {"i2", dtype_id::int16},
      {"i4", dtype_id::int32},   {"i8", dtype_id::int64},     {"u1", dtype_id::uint8},
      {"u2", dtype_id::uint16},  {"u4", dtype_id::uint32},    {"u8", dtype_id::uint64},
      {"f2", dtype_id::float16}, {"f4", dtype_id::float32},   {"f8", dtype_id::float64},
      {"c8", dtype_id::complex64}, {"c16", dtype_id::complex128},
  };
  for (const auto& e : table) {
    if (e.code == code) {
      out = dtype(e.id);
      return true;
    }
  }
  return false;
}

// Accepts exactly a Python dict literal with the keys 'descr', 'fortran_order' and
// 'shape' (any order, either quote style, whitespace and trailing commas as Python allows).
class header_parser {
 public:
  header_parser(std::string_view text, std::string_view op, std::string_view where)
      : s_(text), op_(op), where_(where) {}

  npy_header parse() {
    npy_header h;
    bool have_descr = false, have_order = false, have_shape = false;
    skip_ws();
    if (!eat('{')) error("the header is not a dict literal");
    while (true) {
      skip_ws();
      if (eat('}')) break;
      size_t key_pos = pos_;
      std::string_view key = string_literal("a quoted key");
      skip_ws();
      if (!eat(':')) error("expected ':' after a key");
      skip_ws();
      if (key == "descr") {
        check_dup(have_descr, key);
        parse_descr(h);
      } else if (key == "fortran_order") {
        check_dup(have_order, key);
        h.fortran = parse_bool();
      } else if (key == "shape") {
        check_dup(have_shape, key);
        h.shape = parse_shape();
      } else {
        pos_ = key_pos;
        error(fmt::format("unknown key {}", quoted(key)));
      }
      skip_ws();
      if (eat(',')) continue;
      skip_ws();
      if (eat('}')) break;
      error("expected ',' or '}' after a value");
    }
    skip_ws();
    if (pos_ != s_.size()) error("unexpected text after the dict");
    if (!have_descr) missing("descr");
    if (!have_order) missing("fortran_order");
    if (!have_shape) missing("shape");
    return h;
  }

 private:
  [[noreturn]] void error(std::string_view what) const {
    fail(op_, where_, fmt::format("malformed header: {} (at byte {} of header {})", what, pos_, quoted(s_)));
  }
  [[noreturn]] void missing(std::string_view key) const {
    fail(op_, where_, fmt::format("malformed header: missing key '{}' in header {}", key, quoted(s_)));
  }
  void check_dup(bool& seen, std::string_view key) const {
    if (seen) error(fmt::format("duplicate key '{}'", key));
    seen = true;
  }

  static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  static bool is_ident(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  void skip_ws() {
    while (pos_ < s_.size() && is_ws(s_[pos_])) ++pos_;
  }
  bool peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // A plain string literal: no prefixes, no escapes, printable ASCII only.
  std::string_view string_literal(std::string_view what) {
    if (!peek('\'') && !peek('"')) error(fmt::format("expected {}", what));
    char q = s_[pos_++];
    size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != q) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '\n') error("unterminated string");
      if (c < 0x20 || c >= 0x7f || c == '\\') error("unsupported character in a string");
      ++pos_;
    }
    if (pos_ == s_.size()) error("unterminated string");
    return s_.substr(start, pos_++ - start);
  }

  void parse_descr(npy_header& h) {
    if (peek('[') || peek('(')) error("structured dtypes are not supported");
    size_t at = pos_;
    std::string_view d = string_literal("a quoted dtype descr");
    auto unsupported = [&](std::string_view why) {
      pos_ = at;
      error(fmt::format("descr {} {}", quoted(d), why));
    };
    if (d.empty()) unsupported("is empty");
    char bo = d[0];
    if (bo != '<' && bo != '>' && bo != '|' && bo != '=') unsupported("has no byte-order character");
    if (!descr_to_dtype(d.substr(1), h.dt))
      unsupported("is not a supported dtype (bool, int8..int64, uint8..uint64, float16..float64, complex64, "
                  "complex128)");
    if (h.dt.itemsize() > 1) {
      if (bo == '|') unsupported("has no byte order for a multi-byte type");
      h.swap = bo != '=' && bo != kNativeOrder;
    }
  }

  bool parse_bool() {
    auto word = [&](std::string_view w) {
      return s_.substr(pos_, w.size()) == w && (pos_ + w.size() == s_.size() || !is_ident(s_[pos_ + w.size()]));
    };
    if (word("True")) {
      pos_ += 4;
      return true;
    }
    if (word("False")) {
      pos_ += 5;
      return false;
    }
    error("'fortran_order' must be True or False");
  }

  int64_t parse_dim() {
    if (peek('-')) error("negative dimension in 'shape'");
    if (pos_ >= s_.size() || !is_digit(s_[pos_])) error("expected a non-negative integer in 'shape'");
    if (peek('0') && pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1])) error("leading zero in a dimension");
    int64_t v = 0;
    while (pos_ < s_.size() && is_digit(s_[pos_])) {
      int d = s_[pos_] - '0';
      if (v > (std::numeric_limits<int64_t>::max() - d) / 10) error("dimension too large in 'shape'");
      v = v * 10 + d;
      ++pos_;
    }
    if (pos_ < s_.size() && (is_ident(s_[pos_]) || s_[pos_] == '.')) error("expected an integer in 'shape'");
    return v;
  }

  shape_t parse_shape() {
    if (!eat('(')) error("'shape' must be a tuple");
    shape_t shape;
    skip_ws();
    if (eat(')')) return shape;
    while (true) {
      if (static_cast<int>(shape.size()) == max_ndim)
        error(fmt::format("'shape' has more than {} dimensions", max_ndim));
      shape.push_back(parse_dim());
      skip_ws();
      if (eat(',')) {
        skip_ws();
        if (eat(')')) return shape;
        continue;
      }
      if (eat(')')) {
        // "(3)" is an int in Python, not a tuple.
        if (shape.size() == 1) error("'shape' must be a tuple; a 1-tuple needs a trailing comma");
        return shape;
      }
      error("expected ',' or ')' in 'shape'");
    }
  }

  std::string_view s_;
  std::string_view op_, where_;
  size_t pos_ = 0;
};

void byte_swap(char* p, int64_t nbytes, int64_t unit) {
  for (int64_t i = 0; i + unit <= nbytes; i += unit) std::reverse(p + i, p + i + unit);
}

uint32_t read_le(const unsigned char* p, int n) {
  uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

npy_layout read_npy_prefix(const read_fn& read, int64_t total, std::string_view op, std::string_view where) {
  unsigned char prefix[12];
  if (total < 8) fail(op, where, fmt::format("not a .npy file: only {} bytes", total));
  read(prefix, 8, "the magic string");
  if (std::memcmp(prefix, kMagic, sizeof(kMagic)) != 0) fail(op, where, "not a .npy file (bad magic string)");
  const int major = prefix[6], minor = prefix[7];
  if (major < 1 || major > 3 || minor != 0)
    fail(op, where, fmt::format("unsupported .npy format version {}.{}", major, minor));
  const int len_bytes = major == 1 ? 2 : 4;
  if (total < 8 + len_bytes) fail(op, where, "truncated header: the header length is missing");
  read(prefix + 8, len_bytes, "the header length");
  const int64_t header_len = read_le(prefix + 8, len_bytes);
  if (header_len > kMaxHeaderLen)
    fail(op, where, fmt::format("header length {} exceeds the limit of {} bytes", header_len, kMaxHeaderLen));
  npy_layout out;
  out.data_offset = 8 + len_bytes + header_len;
  if (out.data_offset > total)
    fail(op, where,
         fmt::format("truncated header: {} bytes declared, {} in the file", header_len, total - 8 - len_bytes));
  std::string text(static_cast<size_t>(header_len), '\0');
  read(text.data(), header_len, "the header");

  out.h = header_parser(text, op, where).parse();
  const npy_header& h = out.h;
  try {
    out.nbytes = checked_nbytes(h.shape, h.dt.itemsize(), op);
  } catch (const std::exception&) {
    fail(op, where, fmt::format("shape {} of {} overflows the addressable size", py_tuple(h.shape), h.dt.name()));
  }
  const int64_t available = total - out.data_offset;
  if (available < out.nbytes)
    fail(op, where,
         fmt::format("truncated data: shape {} of {} needs {} bytes, the file has {}", py_tuple(h.shape),
                     h.dt.name(), out.nbytes, available));
  if (available > out.nbytes)
    fail(op, where,
         fmt::format("{} unexpected bytes after the data of shape {} of {}", available - out.nbytes,
                     py_tuple(h.shape), h.dt.name()));
  return out;
}

void fix_up_data(const npy_header& h, char* data, int64_t nbytes) {
  if (h.swap) byte_swap(data, nbytes, h.dt.is_complex() ? h.dt.itemsize() / 2 : h.dt.itemsize());
  if (h.dt.is_bool()) {
    // NumPy treats any nonzero byte as True; C++ bool must hold exactly 0 or 1.
    for (int64_t i = 0; i < nbytes; ++i) data[i] = data[i] != 0;
  }
}

array npy_writable(const array& a, bool& fortran) {
  fortran = false;
  if (a.is_c_contiguous()) return a;
  if (a.is_f_contiguous()) {
    fortran = true;
    return a;
  }
  return a.copy(order::C);
}

// The header text NumPy writes: sorted keys, repr values, room to grow the first
// (C) or last (F) dimension, then spaces and '\n' so that the data is 64-byte aligned.
std::string npy_header_block(const array& a, bool fortran) {
  const dtype dt = a.dtype();
  const char bo = dt.itemsize() == 1 ? '|' : kNativeOrder;
  std::string h = fmt::format("{{'descr': '{}{}{}', 'fortran_order': {}, 'shape': {}, }}", bo, dt.kind(),
                              dt.itemsize(), fortran ? "True" : "False", py_tuple(a.shape()));
  if (!a.shape().empty()) {
    int64_t grow = fortran ? a.shape().back() : a.shape().front();
    int64_t digits = static_cast<int64_t>(std::to_string(grow).size());
    h.append(static_cast<size_t>(std::max<int64_t>(0, kGrowthDigits - digits)), ' ');
  }
  const int64_t hlen = static_cast<int64_t>(h.size()) + 1;
  for (int major : {1, 2}) {
    const int64_t len_bytes = major == 1 ? 2 : 4;
    const int64_t pad = kAlign - (8 + len_bytes + hlen) % kAlign;
    const int64_t total = hlen + pad;
    if (major == 1 && total > 0xFFFF) continue;
    std::string out(reinterpret_cast<const char*>(kMagic), sizeof(kMagic));
    out += static_cast<char>(major);
    out += '\0';
    for (int64_t i = 0; i < len_bytes; ++i) out += static_cast<char>((total >> (8 * i)) & 0xFF);
    out += h;
    out.append(static_cast<size_t>(pad), ' ');
    out += '\n';
    return out;
  }
  __builtin_unreachable();  // a 4-byte length always suffices for <= 64 dimensions
}

}  // namespace io_detail

using namespace io_detail;

void save(const std::string& path, const array& a) {
  bool fortran = false;
  const array src = npy_writable(a, fortran);
  const std::string head = npy_header_block(src, fortran);
  const std::string where = quote_path(path);
  file_ptr f(std::fopen(path.c_str(), "wb"));
  if (!f) fail("save", where, fmt::format("cannot open for writing: {}", std::strerror(errno)));
  const auto nbytes = static_cast<size_t>(src.nbytes());
  bool ok = std::fwrite(head.data(), 1, head.size(), f.get()) == head.size();
  if (ok && nbytes > 0) ok = std::fwrite(src.raw_data(), 1, nbytes, f.get()) == nbytes;
  const int saved_errno = errno;
  if (std::fclose(f.release()) != 0 || !ok)
    fail("save", where, fmt::format("write failed: {}", std::strerror(ok ? errno : saved_errno)));
}

array load(const std::string& path) {
  const std::string where = quote_path(path);
  file_ptr f(std::fopen(path.c_str(), "rb"));
  if (!f) fail("load", where, fmt::format("cannot open: {}", std::strerror(errno)));
  struct stat st {};
  if (::fstat(::fileno(f.get()), &st) != 0) fail("load", where, fmt::format("cannot stat: {}", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) fail("load", where, "not a regular file");
  const int64_t file_size = static_cast<int64_t>(st.st_size);

  auto read = [&](void* dst, int64_t n, std::string_view what) {
    if (n > 0 && std::fread(dst, 1, static_cast<size_t>(n), f.get()) != static_cast<size_t>(n))
      fail("load", where, fmt::format("read error in {}", what));
  };
  // A zip archive is an .npz: it holds several arrays and has its own reader.
  if (file_size >= 4) {
    char sig[4];
    read(sig, 4, "the magic string");
    if (std::memcmp(sig, "PK\x03\x04", 4) == 0 || std::memcmp(sig, "PK\x05\x06", 4) == 0)
      fail("load", where, "is an .npz archive (a zip file): open it with nd::load_npz or nd::load_any");
    std::rewind(f.get());
  }
  const npy_layout lay = read_npy_prefix(read, file_size, "load", where);
  array out(lay.h.shape, lay.h.dt, lay.h.fortran ? order::F : order::C);
  if (lay.nbytes == 0) return out;
  char* data = static_cast<char*>(out.mutable_data("load"));
  read(data, lay.nbytes, "the array data");
  fix_up_data(lay.h, data, lay.nbytes);
  return out;
}

}  // namespace nd

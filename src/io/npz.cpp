// .npz archives as numpy.savez / numpy.load write and read them: a zip file whose members
// are .npy images named "<name>.npy". Members are parsed with the strict .npy reader.
#include <fmt/format.h>

#include <cstring>
#include <limits>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "io/npy_format.hpp"
#include "io/zip.hpp"
#include "nd/io.hpp"

namespace nd {

using namespace io_detail;

struct npz_file::impl {
  zip::reader zip;
  std::vector<std::string> files;                  // names without ".npy"
  std::unordered_map<std::string, size_t> by_name;  // full member names
  mutable std::mutex close_mu;                       // close() against a read in flight

  explicit impl(const std::string& path) : zip(path) {
    const auto& es = zip.entries();
    files.reserve(es.size());
    for (size_t i = 0; i < es.size(); ++i) {
      const std::string& n = es[i].name;
      const bool npy = n.size() >= 4 && n.compare(n.size() - 4, 4, ".npy") == 0;
      files.push_back(npy ? n.substr(0, n.size() - 4) : n);
      by_name.emplace(n, i);
    }
  }

  const zip::entry* find(const std::string& name) const {
    auto it = by_name.find(name);
    if (it == by_name.end()) it = by_name.find(name + ".npy");
    return it == by_name.end() ? nullptr : &zip.entries()[it->second];
  }

  array read(const zip::entry& e) const {
    zip::reader::member m(zip, e);
    auto rd = [&m](void* dst, int64_t n, std::string_view what) { m.read(dst, n, what); };
    if (e.usize > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      fail("load", m.where(), "absurd member size");
    const npy_layout lay = read_npy_prefix(rd, static_cast<int64_t>(e.usize), "load", m.where());
    array out(lay.h.shape, lay.h.dt, lay.h.fortran ? order::F : order::C);
    char* data = lay.nbytes > 0 ? static_cast<char*>(out.mutable_data("load")) : nullptr;
    if (lay.nbytes > 0) m.read(data, lay.nbytes, "the array data");
    m.finish();
    if (lay.nbytes > 0) fix_up_data(lay.h, data, lay.nbytes);
    return out;
  }
};

npz_file::npz_file(const std::string& path) : impl_(std::make_shared<impl>(path)) {}

const std::vector<std::string>& npz_file::files() const { return impl_->files; }

bool npz_file::contains(const std::string& name) const { return impl_->find(name) != nullptr; }

array npz_file::operator[](const std::string& name) const {
  const zip::entry* e = impl_->find(name);
  if (!e) fail("load", impl_->zip.where(), fmt::format("no member {} in the archive", quoted(name, 200)));
  std::lock_guard<std::mutex> lock(impl_->close_mu);
  if (impl_->zip.closed()) fail("load", impl_->zip.where(), "the archive is closed");
  return impl_->read(*e);
}

named_arrays npz_file::load_all() const {
  named_arrays out;
  out.reserve(impl_->files.size());
  for (size_t i = 0; i < impl_->files.size(); ++i) {
    std::lock_guard<std::mutex> lock(impl_->close_mu);
    if (impl_->zip.closed()) fail("load", impl_->zip.where(), "the archive is closed");
    out.emplace_back(impl_->files[i], impl_->read(impl_->zip.entries()[i]));
  }
  return out;
}

void npz_file::close() {
  std::lock_guard<std::mutex> lock(impl_->close_mu);
  impl_->zip.close();
}

bool npz_file::closed() const { return impl_->zip.closed(); }

const std::string& npz_file::path() const { return impl_->zip.path(); }

npz_file load_npz(const std::string& path) { return npz_file(path); }

// ---- writing ----

namespace {

void write_npz(const std::string& path, const named_arrays& arrays, savez_options opts, std::string_view op) {
  std::set<std::string_view> seen;
  for (const auto& [name, a] : arrays) {
    if (!seen.insert(name).second)
      throw value_error(fmt::format("[{}] '{}': the name {} is used twice", op, path, quoted(name, 200)));
  }
  zip::writer w(path, op, opts.force_zip64);
  for (const auto& [name, a] : arrays) {
    bool fortran = false;
    const array src = npy_writable(a, fortran);
    const std::string head = npy_header_block(src, fortran);
    w.add(name + ".npy", opts.compress,
          {{head.data(), head.size()}, {src.raw_data(), static_cast<uint64_t>(src.nbytes())}});
  }
  w.finish();
}

named_arrays positional(const std::vector<array>& arrays) {
  named_arrays out;
  out.reserve(arrays.size());
  for (size_t i = 0; i < arrays.size(); ++i) out.emplace_back(fmt::format("arr_{}", i), arrays[i]);
  return out;
}

}  // namespace

void savez(const std::string& path, const named_arrays& arrays, savez_options opts) {
  write_npz(path, arrays, opts, opts.compress ? "savez_compressed" : "savez");
}

void savez(const std::string& path, const std::vector<array>& arrays, savez_options opts) {
  savez(path, positional(arrays), opts);
}

void savez_compressed(const std::string& path, const named_arrays& arrays) {
  savez(path, arrays, savez_options{true, false});
}

void savez_compressed(const std::string& path, const std::vector<array>& arrays) {
  savez(path, positional(arrays), savez_options{true, false});
}

// ---- dispatch on the magic bytes ----

namespace {

bool is_zip(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;  // load reports the error
  char sig[4] = {};
  const size_t got = std::fread(sig, 1, 4, f);
  std::fclose(f);
  return got == 4 && (std::memcmp(sig, "PK\x03\x04", 4) == 0 || std::memcmp(sig, "PK\x05\x06", 4) == 0);
}

}  // namespace

loaded load_any(const std::string& path) {
  if (is_zip(path)) return npz_file(path);
  return load(path);
}

loaded load_any(const std::string& path, mmap_mode mode) {
  if (is_zip(path)) return npz_file(path);
  return load(path, mode);
}

}  // namespace nd

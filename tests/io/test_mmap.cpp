// nd::load(path, mmap_mode): the array views a mapping of the file, which is not read up
// front; 'r' is read-only, 'c' copy-on-write, 'r+' writes through to the file.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/io_helpers.hpp"
#include "nd/array.hpp"

namespace fs = std::filesystem;
using namespace nd_io_test;
using testing::HasSubstr;

namespace {

const std::string kNpyDir = std::string(ND_TEST_DATA_DIR) + "/npy";

std::string temp_path(const std::string& tag) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  return (fs::temp_directory_path() / (std::string("nd_mmap_") + info->test_suite_name() + info->name() + "_" +
                                       std::to_string(::getpid()) + "_" + tag + ".npy"))
      .string();
}

struct remover {
  std::string p;
  ~remover() { std::remove(p.c_str()); }
};

// The path of the file mapped at `addr` in this process (/proc/self/maps), or "".
std::string mapping_of(const void* addr) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  const auto a = reinterpret_cast<uintptr_t>(addr);
  while (std::getline(maps, line)) {
    std::istringstream ss(line);
    std::string range, perms, off, dev, inode, path;
    ss >> range >> perms >> off >> dev >> inode;
    std::getline(ss >> std::ws, path);
    const size_t dash = range.find('-');
    const uintptr_t lo = std::stoull(range.substr(0, dash), nullptr, 16);
    const uintptr_t hi = std::stoull(range.substr(dash + 1), nullptr, 16);
    if (a >= lo && a < hi) return path;
  }
  return "";
}

// Resident set size of this process in KiB (/proc/self/status VmRSS).
int64_t rss_kib() {
  std::ifstream st("/proc/self/status");
  std::string key;
  while (st >> key) {
    if (key == "VmRSS:") {
      int64_t v = 0;
      st >> v;
      return v;
    }
    st.ignore(1 << 20, '\n');
  }
  return -1;
}

// Pages of [p, p + n) that are in memory (mincore), and how many pages that is.
std::pair<int64_t, int64_t> resident_pages(const void* p, int64_t n) {
  const int64_t page = ::sysconf(_SC_PAGESIZE);
  const auto lo = reinterpret_cast<uintptr_t>(p) / page * page;
  const auto hi = (reinterpret_cast<uintptr_t>(p) + n + page - 1) / page * page;
  std::vector<unsigned char> vec((hi - lo) / page);
  if (::mincore(reinterpret_cast<void*>(lo), hi - lo, vec.data()) != 0) return {-1, -1};
  int64_t in = 0;
  for (unsigned char v : vec) in += v & 1;
  return {in, static_cast<int64_t>(vec.size())};
}

std::string copy_to_temp(const std::string& src, const std::string& tag) {
  const std::string p = temp_path(tag);
  write_bytes(p, read_bytes(src));
  return p;
}

}  // namespace

TEST(MmapLoad, MatchesLoadForNativeNumpyFiles) {
  int compared = 0;
  for (const auto& f : fs::directory_iterator(kNpyDir)) {
    const std::string name = f.path().filename().string();
    if (f.path().extension() != ".npy" || name.rfind("be_", 0) == 0 || name.find("_be") != std::string::npos)
      continue;
    SCOPED_TRACE(name);
    const nd::array want = nd::load(f.path().string());
    for (nd::mmap_mode m : {nd::mmap_mode::r, nd::mmap_mode::c}) {
      const nd::array got = nd::load(f.path().string(), m);
      EXPECT_EQ(got.dtype(), want.dtype());
      EXPECT_EQ(got.shape(), want.shape());
      EXPECT_EQ(got.strides(), want.strides());
      EXPECT_EQ(got.writeable(), m != nd::mmap_mode::r);
      ASSERT_EQ(got.nbytes(), want.nbytes());
      if (want.nbytes() > 0) {
        EXPECT_EQ(std::memcmp(got.raw_data(), want.raw_data(), static_cast<size_t>(want.nbytes())), 0);
        EXPECT_EQ(mapping_of(got.raw_data()), fs::canonical(f.path()).string());
      }
    }
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

TEST(MmapLoad, ReadOnlyModeRefusesWrites) {
  nd::array a = nd::load(kNpyDir + "/float64_c.npy", nd::mmap_mode::r);
  EXPECT_FALSE(a.writeable());
  EXPECT_THROW(a.at<double>({0, 0}) = 1.0, nd::readonly_error);
  EXPECT_THROW(a.mutable_data(), nd::readonly_error);
  EXPECT_THROW(a.set_writeable(true), nd::value_error);
  EXPECT_THROW(a(0).fill(2.0), nd::readonly_error);
  EXPECT_EQ(first_ramp_mismatch(a), -1);
}

TEST(MmapLoad, CopyOnWriteNeverReachesTheFile) {
  const std::string p = copy_to_temp(kNpyDir + "/int32_f.npy", "cow");
  remover rm{p};
  const std::string before = read_bytes(p);
  {
    nd::array a = nd::load(p, nd::mmap_mode::c);
    ASSERT_TRUE(a.writeable());
    EXPECT_TRUE(a.is_f_contiguous() && !a.is_c_contiguous());
    a.at<int32_t>({2, 3}) = 424242;
    a(0).fill(int32_t{-1});
    EXPECT_EQ(a.at<int32_t>({2, 3}), 424242);
    // A second mapping of the same file sees the file, not the private copy.
    const nd::array other = nd::load(p, nd::mmap_mode::r);
    EXPECT_EQ(other.at<int32_t>({2, 3}), ramp<int32_t>(11));
    EXPECT_EQ(read_bytes(p), before);
  }
  EXPECT_EQ(read_bytes(p), before);
}

TEST(MmapLoad, ReadWriteModeWritesThrough) {
  const std::string p = copy_to_temp(kNpyDir + "/float64_c.npy", "rw");
  remover rm{p};
  {
    nd::array a = nd::load(p, nd::mmap_mode::r_plus);
    ASSERT_TRUE(a.writeable());
    a.at<double>({1, 2}) = 1234.5;
    // Visible to another reader at once (the same page cache), and after unmapping.
    EXPECT_EQ(nd::load(p).at<double>({1, 2}), 1234.5);
  }
  const nd::array back = nd::load(p);
  EXPECT_EQ(back.at<double>({1, 2}), 1234.5);
  EXPECT_EQ(back.at<double>({1, 1}), ramp<double>(5));
}

TEST(MmapLoad, ViewsKeepTheMappingAlive) {
  const std::string path = fs::canonical(kNpyDir + "/int64_c.npy").string();
  nd::array view;
  const void* data = nullptr;
  {
    const nd::array a = nd::load(path, nd::mmap_mode::r);
    data = a.raw_data();
    view = a(nd::slice(1, nd::none), nd::slice(nd::none, nd::none, -1));
  }
  EXPECT_EQ(mapping_of(data), path);  // still mapped: the view holds the buffer
  EXPECT_EQ(std::as_const(view).at<int64_t>({1, 0}), ramp<int64_t>(11));
  view = nd::array();
  EXPECT_EQ(mapping_of(data), "");  // unmapped with the last view
}

// A 4 GiB sparse file maps at once and only the touched pages come into memory: an
// implementation that reads the file up front would read 4 GiB (and grow RSS by as much).
TEST(MmapLoad, HugeSparseFileIsNotReadUpFront) {
  const std::string p = temp_path("huge");
  remover rm{p};
  const int64_t n = int64_t{1} << 29;  // float64 elements: 4 GiB
  {
    const std::string small = temp_path("hdr");
    remover rm2{small};
    nd::save(small, nd::zeros({1}));
    std::string head = read_bytes(small);
    head.resize(head.size() - 8);
    const size_t at = head.find("(1,)");
    ASSERT_NE(at, std::string::npos);
    // Same header length: the shape text takes the place of the padding spaces.
    const std::string shape = "(" + std::to_string(n) + ",)";
    std::string text = head.substr(0, at) + shape + head.substr(at + 4);
    text.erase(text.size() - 1 - (shape.size() - 4), shape.size() - 4);
    ASSERT_EQ(text.size(), head.size());
    ASSERT_EQ(text.back(), '\n');
    write_bytes(p, text);
    const int fd = ::open(p.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(text.size() + 8 * n)), 0);
    const double marks[2] = {3.25, -7.5};
    ASSERT_EQ(::pwrite(fd, &marks[0], 8, static_cast<off_t>(text.size() + 8 * 123456789)), 8);
    ASSERT_EQ(::pwrite(fd, &marks[1], 8, static_cast<off_t>(text.size() + 8 * (n - 1))), 8);
    ::close(fd);
  }
  const int64_t rss0 = rss_kib();
  const nd::array a = nd::load(p, nd::mmap_mode::r);
  ASSERT_EQ(a.shape(), nd::shape_t{n});
  EXPECT_EQ(a.at<double>({123456789}), 3.25);
  EXPECT_EQ(a.at<double>({n - 1}), -7.5);
  EXPECT_EQ(a.at<double>({n / 2}), 0.0);
  const int64_t grown = rss_kib() - rss0;
  EXPECT_LT(grown, 64 * 1024) << "RSS grew by " << grown << " KiB mapping a 4 GiB file";
  const auto [in, total] = resident_pages(a.raw_data(), a.nbytes());
  ASSERT_GT(total, 1000000);
  EXPECT_LT(in, total / 100) << in << " of " << total << " pages in memory";
  EXPECT_EQ(mapping_of(a.raw_data()), fs::canonical(p).string());
}

TEST(MmapLoad, EmptyArraysAndModes) {
  const nd::array e = nd::load(kNpyDir + "/empty_float32.npy", nd::mmap_mode::r);
  EXPECT_EQ(e.shape(), (nd::shape_t{0, 3}));
  EXPECT_FALSE(e.writeable());
  EXPECT_TRUE(nd::load(kNpyDir + "/empty_int8.npy", nd::mmap_mode::c).writeable());
  EXPECT_EQ(nd::parse_mmap_mode("r"), nd::mmap_mode::r);
  EXPECT_EQ(nd::parse_mmap_mode("c"), nd::mmap_mode::c);
  EXPECT_EQ(nd::parse_mmap_mode("r+"), nd::mmap_mode::r_plus);
  EXPECT_EQ(nd::parse_mmap_mode("readonly"), nd::mmap_mode::r);
  EXPECT_THAT([] { nd::parse_mmap_mode("w+"); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("mmap_mode must be one of 'r', 'c' or 'r+', not 'w+'")));
}

TEST(MmapLoadErrors, WhatAMappingCannotServe) {
  auto expect_error = [](const std::string& path, nd::mmap_mode m, const std::string& what) {
    try {
      nd::load(path, m);
      ADD_FAILURE() << "no error for " << path << "; expected: " << what;
    } catch (const nd::io_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("[load] '" + path + "'"));
      EXPECT_THAT(e.what(), HasSubstr(what));
    }
  };
  expect_error(kNpyDir + "/be_float64.npy", nd::mmap_mode::r, "other byte order");
  expect_error(std::string(ND_TEST_DATA_DIR) + "/npz/named.npz", nd::mmap_mode::r, "cannot be memory-mapped");
  expect_error("/nonexistent-dir/x.npy", nd::mmap_mode::r, "cannot open");
  // 'r+' needs a writable file.
  const std::string ro = temp_path("ro");
  remover rm0{ro};
  write_bytes(ro, read_bytes(kNpyDir + "/float64_c.npy"));
  ::chmod(ro.c_str(), 0400);
  if (::geteuid() != 0) expect_error(ro, nd::mmap_mode::r_plus, "cannot open");

  // The strict header checks apply as for load.
  const std::string p = temp_path("trunc");
  remover rm{p};
  const std::string good = read_bytes(kNpyDir + "/float64_c.npy");
  write_bytes(p, good.substr(0, good.size() - 8));
  expect_error(p, nd::mmap_mode::r, "truncated data");
  write_bytes(p, good + "x");
  expect_error(p, nd::mmap_mode::c, "1 unexpected bytes after the data");

  // Data not aligned for its dtype: a hand-made header of 9 + 64k bytes.
  std::string d = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }";
  while ((10 + d.size() + 1) % 64 != 1) d += ' ';
  d += '\n';
  std::string img = std::string("\x93NUMPY\x01\x00", 8);
  img += static_cast<char>(d.size() & 0xFF);
  img += static_cast<char>(d.size() >> 8);
  img += d + std::string(8, '\0');
  write_bytes(p, img);
  expect_error(p, nd::mmap_mode::r, "not aligned for float64");
  EXPECT_EQ(nd::load(p).at<double>({0}), 0.0);  // an ordinary load copies it
}

TEST(MmapLoad, BoolBytesOtherThanZeroAndOne) {
  std::string d = "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }";
  while ((10 + d.size() + 1) % 64 != 0) d += ' ';
  d += '\n';
  std::string img = std::string("\x93NUMPY\x01\x00", 8);
  img += static_cast<char>(d.size() & 0xFF);
  img += static_cast<char>(d.size() >> 8);
  img += d + std::string("\x00\x01\x07", 3);
  const std::string p = temp_path("bool");
  remover rm{p};
  write_bytes(p, img);
  EXPECT_THAT([&] { nd::load(p, nd::mmap_mode::r); },
              testing::ThrowsMessage<nd::io_error>(HasSubstr("bool data holds byte 7 at element 2")));
  const nd::array c = nd::load(p, nd::mmap_mode::c);
  const auto* q = static_cast<const unsigned char*>(c.raw_data());
  EXPECT_EQ(q[0], 0);
  EXPECT_EQ(q[1], 1);
  EXPECT_EQ(q[2], 1);
  EXPECT_EQ(read_bytes(p), img);  // normalised in the private copy only
}

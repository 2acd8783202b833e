// nd::savez / nd::savez_compressed / nd::npz_file: NumPy-written archives, round trips,
// ZIP64, corrupted and truncated archives, and a fuzz loop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "io/io_helpers.hpp"
#include "nd/array.hpp"

namespace fs = std::filesystem;
using namespace nd_io_test;
using testing::HasSubstr;

namespace {

const std::string kNpzDir = std::string(ND_TEST_DATA_DIR) + "/npz";

const std::vector<nd::dtype> kAllDtypes = {
    nd::bool_,  nd::int8,   nd::int16,   nd::int32,   nd::int64,   nd::uint8,     nd::uint16,
    nd::uint32, nd::uint64, nd::float16, nd::float32, nd::float64, nd::complex64, nd::complex128};

std::string temp_path(const std::string& tag, const std::string& ext = ".npz") {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  return (fs::temp_directory_path() / (std::string("nd_npz_") + info->test_suite_name() + info->name() + "_" +
                                       std::to_string(::getpid()) + "_" + tag + ext))
      .string();
}

struct remover {
  std::string p;
  ~remover() { std::remove(p.c_str()); }
};

struct member_line {
  std::string key, dtype, byteorder, order, shape, values;
};

// MANIFEST.txt of gen_npz.py: archive -> members in archive order.
std::map<std::string, std::vector<member_line>> read_manifest() {
  std::ifstream in(kNpzDir + "/MANIFEST.txt");
  std::map<std::string, std::vector<member_line>> out;
  std::string archive;
  member_line m;
  while (in >> archive >> m.key >> m.dtype >> m.byteorder >> m.order >> m.shape >> m.values) {
    auto& v = out[archive];
    if (m.key != "-") v.push_back(m);
  }
  return out;
}

nd::shape_t parse_shape(const std::string& s) {
  nd::shape_t out;
  if (s == "-") return out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(std::stoll(item));
  return out;
}

// True when a holds the value i at flat C-order index i.
bool is_arange(const nd::array& a) {
  const nd::array c = a.astype(nd::int64).copy(nd::order::C);
  const auto* p = static_cast<const int64_t*>(c.raw_data());
  for (int64_t i = 0; i < c.size(); ++i)
    if (p[i] != i) return false;
  return true;
}

// Expects io_error naming the archive (and `what`) from opening and reading everything.
void expect_npz_error(const std::string& path, const std::string& what) {
  try {
    nd::npz_file z(path);
    z.load_all();
    ADD_FAILURE() << "no error; expected one mentioning: " << what;
  } catch (const nd::io_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("[load] '" + path + "'"));
    EXPECT_THAT(e.what(), HasSubstr(what));
  }
}

void expect_bytes_error(const std::string& bytes, const std::string& what) {
  const std::string p = temp_path("bad");
  remover rm{p};
  write_bytes(p, bytes);
  expect_npz_error(p, what);
}

// Offset of the n-th central directory header in an archive image.
size_t central_header(const std::string& bytes, int n = 0) {
  size_t pos = 0;
  for (int i = 0; i <= n; ++i) {
    pos = bytes.find(std::string("PK\x01\x02", 4), i == 0 ? 0 : pos + 4);
    if (pos == std::string::npos) throw std::runtime_error("no central header");
  }
  return pos;
}

void put32(std::string& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string small_archive(bool compress) {
  const std::string p = temp_path(compress ? "srcz" : "src");
  remover rm{p};
  nd::savez(p, nd::named_arrays{{"a", ramp_array({3, 4}, nd::float64)}, {"b", ramp_array({5}, nd::int16)}},
            nd::savez_options{compress, false});
  return read_bytes(p);
}

}  // namespace

// ---- NumPy-written archives ----

TEST(NpzLoad, NumpyArchivesMatchManifest) {
  const auto manifest = read_manifest();
  ASSERT_GE(manifest.size(), 8u);
  int members = 0;
  for (const auto& [archive, lines] : manifest) {
    SCOPED_TRACE(archive);
    nd::npz_file z(kNpzDir + "/" + archive);
    std::vector<std::string> keys;
    for (const auto& m : lines) keys.push_back(m.key);
    EXPECT_EQ(z.files(), keys);
    EXPECT_EQ(z.size(), keys.size());
    for (const auto& m : lines) {
      SCOPED_TRACE(m.key);
      const nd::array a = z[m.key];
      EXPECT_EQ(a.dtype().name(), m.dtype);
      EXPECT_EQ(a.shape(), parse_shape(m.shape));
      if (m.order == "F") {
        EXPECT_TRUE(a.is_f_contiguous() && !a.is_c_contiguous());
      } else {
        EXPECT_TRUE(a.is_c_contiguous());
      }
      if (m.values == "arange") {
        EXPECT_TRUE(is_arange(a));
      } else {
        EXPECT_EQ(first_ramp_mismatch(a), -1);
      }
      ++members;
    }
  }
  EXPECT_GE(members, 20);
  // Every archive is either listed or one of the refused ones.
  for (const auto& f : fs::directory_iterator(kNpzDir)) {
    const std::string name = f.path().filename().string();
    if (f.path().extension() == ".npz" && name.rfind("bad_", 0) != 0) {
      EXPECT_TRUE(manifest.count(name)) << name;
    }
  }
}

TEST(NpzLoad, NamesWithAndWithoutSuffix) {
  nd::npz_file z(kNpzDir + "/named.npz");
  EXPECT_TRUE(z.contains("a"));
  EXPECT_TRUE(z.contains("a.npy"));
  EXPECT_FALSE(z.contains("zz"));
  EXPECT_EQ(first_ramp_mismatch(z["a.npy"]), -1);
  EXPECT_EQ(z["b"].shape(), (nd::shape_t{2, 3}));
  EXPECT_THAT([&] { z["zz"]; },
              testing::ThrowsMessage<nd::io_error>(HasSubstr("named.npz': no member 'zz' in the archive")));
  // Big-endian members are swapped to native.
  EXPECT_EQ(z["f"].at<int32_t>({1, 1}), -100000007);
  const auto all = z.load_all();
  ASSERT_EQ(all.size(), 8u);
  EXPECT_EQ(all[7].first, "h");
  EXPECT_EQ(all[7].second.dtype(), nd::float16);
}

TEST(NpzLoad, UnicodeNamesAndEmptyArchive) {
  nd::npz_file u(kNpzDir + "/unicode.npz");
  EXPECT_EQ(u.files(), (std::vector<std::string>{"\xc2\xb5", "na\xc3\xafve_\xe5\x90\x8d"}));
  EXPECT_EQ(u["\xc2\xb5"].at<double>({1}), (1 - 5) / 3.0);
  nd::npz_file e(kNpzDir + "/empty_archive.npz");
  EXPECT_TRUE(e.files().empty());
  EXPECT_TRUE(e.load_all().empty());
}

TEST(NpzLoad, RefusedArchivesNameTheMember) {
  const std::string not_npy = kNpzDir + "/bad_not_npy.npz";
  nd::npz_file z(not_npy);  // opening is fine: members are read lazily, as NumPy does
  EXPECT_EQ(z.files(), (std::vector<std::string>{"a", "readme.txt"}));
  EXPECT_EQ(z["a"].at<double>({1}), (1 - 5) / 3.0);
  EXPECT_THAT([&] { z["readme.txt"]; },
              testing::ThrowsMessage<nd::io_error>(
                  HasSubstr("[load] '" + not_npy + "' member 'readme.txt': not a .npy file (bad magic string)")));
  expect_npz_error(kNpzDir + "/bad_bzip2.npz", "member 'a.npy': unsupported compression method 12");
  expect_npz_error(kNpzDir + "/bad_object.npz", "member 'o.npy': malformed header: descr '|O' is not a supported");
}

TEST(NpzLoad, ClosedArchiveRefusesReads) {
  nd::npz_file z(kNpzDir + "/named.npz");
  nd::npz_file copy = z;
  EXPECT_FALSE(z.closed());
  copy.close();
  EXPECT_TRUE(z.closed());
  EXPECT_THAT([&] { z["a"]; }, testing::ThrowsMessage<nd::io_error>(HasSubstr("the archive is closed")));
  z.close();  // idempotent
  EXPECT_EQ(z.files().size(), 8u);
  EXPECT_EQ(z.path(), kNpzDir + "/named.npz");
}

TEST(NpzLoad, LoadAnyDispatchesOnTheMagic) {
  const nd::loaded a = nd::load_any(std::string(ND_TEST_DATA_DIR) + "/npy/float64_c.npy");
  ASSERT_TRUE(std::holds_alternative<nd::array>(a));
  EXPECT_EQ(first_ramp_mismatch(std::get<nd::array>(a)), -1);
  const nd::loaded z = nd::load_any(kNpzDir + "/compressed.npz", nd::mmap_mode::r);
  ASSERT_TRUE(std::holds_alternative<nd::npz_file>(z));
  EXPECT_EQ(std::get<nd::npz_file>(z).files().size(), 5u);
  EXPECT_THAT([] { nd::load(kNpzDir + "/named.npz"); },
              testing::ThrowsMessage<nd::io_error>(HasSubstr("is an .npz archive (a zip file): open it with")));
  EXPECT_THAT([] { nd::load(kNpzDir + "/empty_archive.npz"); },
              testing::ThrowsMessage<nd::io_error>(HasSubstr("is an .npz archive")));
}

// ---- writing ----

TEST(NpzRoundTrip, EveryDtypeBothOrdersStoredAndDeflated) {
  for (bool compress : {false, true}) {
    SCOPED_TRACE(compress ? "deflated" : "stored");
    nd::named_arrays in;
    for (nd::dtype dt : kAllDtypes) {
      in.emplace_back(std::string(dt.name()) + "_c", ramp_array({3, 4}, dt));
      in.emplace_back(std::string(dt.name()) + "_f", ramp_array({2, 3, 4}, dt, nd::order::F));
      in.emplace_back(std::string(dt.name()) + "_0d", ramp_array({}, dt));
      in.emplace_back(std::string(dt.name()) + "_empty", nd::array({0, 3}, dt));
    }
    const std::string p = temp_path("rt");
    remover rm{p};
    if (compress) nd::savez_compressed(p, in);
    else nd::savez(p, in);
    nd::npz_file z(p);
    ASSERT_EQ(z.size(), in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      SCOPED_TRACE(in[i].first);
      EXPECT_EQ(z.files()[i], in[i].first);
      const nd::array b = z[in[i].first];
      EXPECT_EQ(b.dtype(), in[i].second.dtype());
      EXPECT_EQ(b.shape(), in[i].second.shape());
      EXPECT_EQ(b.is_c_contiguous(), in[i].second.is_c_contiguous());
      EXPECT_EQ(first_ramp_mismatch(b), -1);
    }
  }
}

TEST(NpzRoundTrip, MembersAreNpySaveImages) {
  // Each member is byte for byte what nd::save writes (and np.save, see test_io.cpp).
  const nd::array a = ramp_array({4, 5}, nd::complex64, nd::order::F);
  const std::string npy = temp_path("single", ".npy"), npz = temp_path("single");
  remover r1{npy}, r2{npz};
  nd::save(npy, a);
  nd::savez(npz, nd::named_arrays{{"a", a}});
  const std::string image = read_bytes(npy), archive = read_bytes(npz);
  EXPECT_NE(archive.find(image), std::string::npos);
  EXPECT_EQ(archive.substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST(NpzSave, BracedNamesAsInTheDocs) {
  const std::string p = temp_path("braced");
  remover rm{p};
  const nd::array a = ramp_array({2, 2}, nd::float64), b = ramp_array({3}, nd::int32);
  nd::savez(p, {{"a", a}, {"b", b}});
  nd::npz_file z(p);
  EXPECT_EQ(z.files(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(first_ramp_mismatch(z["b"]), -1);
}

TEST(NpzSave, PositionalNamesAndDuplicates) {
  const std::string p = temp_path("pos");
  remover rm{p};
  nd::savez(p, std::vector<nd::array>{ramp_array({2}, nd::int8), ramp_array({3}, nd::float32),
                                      ramp_array({1}, nd::uint64)});
  nd::npz_file z(p);
  EXPECT_EQ(z.files(), (std::vector<std::string>{"arr_0", "arr_1", "arr_2"}));
  EXPECT_EQ(first_ramp_mismatch(z["arr_1"]), -1);
  nd::savez_compressed(p, std::vector<nd::array>{ramp_array({6}, nd::int32)});
  EXPECT_EQ(nd::npz_file(p).files(), std::vector<std::string>{"arr_0"});
  EXPECT_THAT([&] { nd::savez(p, nd::named_arrays{{"x", nd::zeros({1})}, {"x", nd::zeros({2})}}); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("the name 'x' is used twice")));
  EXPECT_THAT([] { nd::savez("/nonexistent-dir/x.npz", std::vector<nd::array>{}); },
              testing::ThrowsMessage<nd::io_error>(HasSubstr("[savez] '/nonexistent-dir/x.npz': cannot open")));
}

TEST(NpzSave, NonContiguousViewsAreWrittenInCOrder) {
  nd::array base = ramp_array({6, 8}, nd::int32);
  const nd::array v = base(nd::slice(nd::none, nd::none, -2), nd::slice(1, nd::none, 3));
  const nd::array bc = nd::broadcast_to(base(0), {3, 8});
  const std::string p = temp_path("views");
  remover rm{p};
  nd::savez_compressed(p, nd::named_arrays{{"v", v}, {"bc", bc}});
  nd::npz_file z(p);
  const nd::array got = z["v"];
  ASSERT_EQ(got.shape(), v.shape());
  EXPECT_TRUE(got.is_c_contiguous());
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 3; ++j) EXPECT_EQ(got.at<int32_t>({i, j}), std::as_const(v).at<int32_t>({i, j}));
  EXPECT_EQ(z["bc"].at<int32_t>({2, 7}), ramp<int32_t>(7));
}

TEST(NpzSave, ForcedZip64RecordsLoad) {
  const std::string p = temp_path("z64");
  remover rm{p};
  nd::savez(p, nd::named_arrays{{"a", ramp_array({3, 4}, nd::float64)}, {"b", ramp_array({7}, nd::uint16)}},
            nd::savez_options{false, true});
  const std::string bytes = read_bytes(p);
  EXPECT_NE(bytes.find(std::string("PK\x06\x06", 4)), std::string::npos);  // ZIP64 end record
  EXPECT_NE(bytes.find(std::string("PK\x06\x07", 4)), std::string::npos);  // its locator
  nd::npz_file z(p);
  EXPECT_EQ(first_ramp_mismatch(z["a"]), -1);
  EXPECT_EQ(first_ramp_mismatch(z["b"]), -1);
  nd::savez(p, nd::named_arrays{{"c", ramp_array({2, 2}, nd::complex128)}}, nd::savez_options{true, true});
  EXPECT_EQ(first_ramp_mismatch(nd::npz_file(p)["c"]), -1);
}

TEST(NpzSave, MoreThan65535MembersUseZip64) {
  const std::string p = temp_path("many");
  remover rm{p};
  std::vector<nd::array> arrays;
  const nd::array one = ramp_array({1}, nd::int8);
  for (int i = 0; i < 65537; ++i) arrays.push_back(i == 65536 ? ramp_array({3}, nd::int64) : one);
  nd::savez(p, arrays);
  const std::string bytes = read_bytes(p);
  EXPECT_NE(bytes.find(std::string("PK\x06\x06", 4), bytes.size() - 200), std::string::npos);
  nd::npz_file z(p);
  ASSERT_EQ(z.size(), 65537u);
  EXPECT_EQ(z.files().back(), "arr_65536");
  EXPECT_EQ(first_ramp_mismatch(z["arr_65536"]), -1);
  EXPECT_EQ(first_ramp_mismatch(z["arr_40000"]), -1);
}

// ---- corrupted and truncated archives ----

TEST(NpzErrors, NotAZipOrTruncated) {
  expect_bytes_error("", "truncated archive: 0 bytes");
  expect_bytes_error("hello, this is not a zip archive at all", "not a zip archive (bad signature)");
  const std::string good = small_archive(false);
  expect_bytes_error(good.substr(0, good.size() - 1), "no end of central directory record");
  expect_bytes_error(good.substr(0, 100), "no end of central directory record");
  expect_bytes_error(good + "trailing", "no end of central directory record");
  expect_npz_error("/nonexistent-dir/x.npz", "cannot open");
}

TEST(NpzErrors, BadCrcNamesTheMember) {
  for (bool compress : {false, true}) {
    std::string b = small_archive(compress);
    // The CRC-32 recorded in the central directory for member "b.npy".
    const size_t c = central_header(b, 1);
    put32(b, c + 16, 0x12345678);
    expect_bytes_error(b, "member 'b.npy': bad CRC-32: the data has");
  }
  // A flipped data byte of a stored member (the last byte of "a.npy"'s data).
  std::string b = small_archive(false);
  const size_t data_end = b.find(std::string("PK\x03\x04", 4), 4);
  b[data_end - 1] ^= 0x40;
  expect_bytes_error(b, "member 'a.npy': bad CRC-32");
}

TEST(NpzErrors, CorruptedDeflateData) {
  std::string b = small_archive(true);
  // Overwrite the middle of member "a.npy"'s deflate stream.
  const size_t start = 30 + 5;
  for (size_t i = start + 10; i < start + 30; ++i) b[i] = static_cast<char>(0xFF);
  const std::string p = temp_path("deflate");
  remover rm{p};
  write_bytes(p, b);
  try {
    nd::npz_file(p).load_all();
    ADD_FAILURE() << "corrupted deflate data loaded";
  } catch (const nd::io_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("member 'a.npy'"));
    EXPECT_THAT(e.what(), testing::AnyOf(HasSubstr("corrupted deflate data"), HasSubstr("bad CRC-32"),
                                         HasSubstr("truncated"), HasSubstr("malformed header")));
  }
}

TEST(NpzErrors, CentralDirectoryFieldsAreChecked) {
  const std::string good = small_archive(false);
  const size_t c = central_header(good);
  {
    std::string b = good;
    b[c + 10] = 99;  // method
    expect_bytes_error(b, "member 'a.npy': unsupported compression method 99");
  }
  {
    std::string b = good;
    b[c + 8] |= 1;  // encrypted
    expect_bytes_error(b, "member 'a.npy': encrypted members are not supported");
  }
  {
    std::string b = good;
    put32(b, c + 42, 0x7000000);  // local header offset past the data
    expect_bytes_error(b, "member 'a.npy': corrupted archive:");
  }
  {
    std::string b = good;
    put32(b, c + 20, 0x7FFFFF00);  // compressed size larger than the archive
    expect_bytes_error(b, "do not fit before the central directory");
  }
  {
    std::string b = small_archive(true);
    const size_t cz = central_header(b);
    put32(b, cz + 24, 0xFFFFFF00);  // 4 GiB declared from a few deflated bytes
    expect_bytes_error(b, "member 'a.npy': corrupted archive: absurd sizes, 4294967040 bytes declared");
  }
  {
    std::string b = good;
    b[c + 20] = static_cast<char>(b[c + 20] + 1);
    b[c + 24] = static_cast<char>(b[c + 24] + 1);  // both sizes one byte longer than the .npy
    expect_bytes_error(b, "member 'a.npy': ");
  }
  {
    std::string b = good;
    b[c] = 'Q';
    expect_bytes_error(b, "corrupted central directory: bad signature of entry 0");
  }
  {
    std::string b = good;
    const size_t e = b.size() - 22;
    b[e + 10] = static_cast<char>(0xFF);  // 0xFF.. members in a small directory
    b[e + 8] = static_cast<char>(0xFF);
    expect_bytes_error(b, "members cannot fit a central directory");
  }
  {
    std::string b = good;
    const size_t e = b.size() - 22;
    put32(b, e + 16, 0x7FFFFFF0);  // directory offset outside the file
    expect_bytes_error(b, "central directory at 2147483632");
  }
  {
    std::string b = good;
    b[c + 46] = 'x';  // the central name no longer matches the local header's
    expect_bytes_error(b, "member 'x.npy': the local header names another member");
  }
}

TEST(NpzErrors, TruncatedMemberData) {
  {
    // Both sizes of stored "a.npy" 8 bytes short: the .npy image inside is truncated.
    std::string b = small_archive(false);
    const size_t c = central_header(b);
    b[c + 20] = static_cast<char>(b[c + 20] - 8);
    b[c + 24] = static_cast<char>(b[c + 24] - 8);
    expect_bytes_error(b, "member 'a.npy': truncated data: shape (3, 4) of float64 needs 96 bytes, the file has 88");
  }
  {
    // The deflate stream of "a.npy" cut short.
    std::string b = small_archive(true);
    const size_t c = central_header(b);
    b[c + 20] = static_cast<char>(b[c + 20] - 6);
    const std::string p = temp_path("cut");
    remover rm{p};
    write_bytes(p, b);
    try {
      nd::npz_file(p).load_all();
      ADD_FAILURE() << "a cut deflate stream loaded";
    } catch (const nd::io_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("member 'a.npy': "));
      EXPECT_THAT(e.what(), testing::AnyOf(HasSubstr("truncated member"), HasSubstr("corrupted deflate data")));
    }
  }
}

// ---- fuzzing: truncated and corrupted archives give io_error or valid arrays ----

TEST(NpzFuzz, MutatedArchivesNeverCrash) {
  const std::vector<std::string> seeds = {small_archive(false), small_archive(true),
                                          read_bytes(kNpzDir + "/named.npz"), read_bytes(kNpzDir + "/compressed.npz"),
                                          read_bytes(kNpzDir + "/descriptor.npz"),
                                          read_bytes(kNpzDir + "/positional.npz")};
  std::mt19937_64 rng(20261127);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % std::max<size_t>(n, 1)); };
  const std::string p = temp_path("fuzz");
  remover rm{p};
  int loaded = 0, rejected = 0;
  for (int iter = 0; iter < 2000; ++iter) {
    std::string b = seeds[pick(seeds.size())];
    switch (rng() % 6) {
      case 0:  // truncate anywhere
        b.resize(pick(b.size() + 1));
        break;
      case 1:  // flip bits anywhere
        for (int k = 0, n = 1 + static_cast<int>(rng() % 4); k < n; ++k)
          b[pick(b.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 2: {  // flip bits in the central directory and end records
        const size_t cd = b.find(std::string("PK\x01\x02", 4));
        const size_t from = cd == std::string::npos ? 0 : cd;
        for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k)
          b[from + pick(b.size() - from)] ^= static_cast<char>(1u << (rng() % 8));
        break;
      }
      case 3: {  // a random 32-bit value in a record (sizes, offsets, counts)
        const size_t at = pick(b.size() - 3);
        for (int k = 0; k < 4; ++k) b[at + k] = static_cast<char>(rng());
        break;
      }
      case 4:  // cut a piece out of the middle
        b.erase(pick(b.size()), 1 + pick(64));
        break;
      default:  // overwrite a run with 0xFF (sizes of 0xFFFFFFFF ask for ZIP64)
        for (size_t at = pick(b.size()), k = 0; k < 8 && at + k < b.size(); ++k) b[at + k] = static_cast<char>(0xFF);
        break;
    }
    write_bytes(p, b);
    try {
      nd::npz_file z(p);
      for (const auto& [name, a] : z.load_all()) ASSERT_NO_FATAL_FAILURE(expect_fully_readable(a));
      ++loaded;
    } catch (const nd::io_error& e) {
      ASSERT_THAT(e.what(), HasSubstr("[load] '" + p + "'"));
      ++rejected;
    }
  }
  // Every data byte is covered by a CRC, so most mutations must be caught.
  EXPECT_GT(rejected, 1500);
  EXPECT_GT(loaded, 20);
}

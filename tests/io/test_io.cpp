// nd::save / nd::load: NumPy-written files, round trips, malformed files and a fuzz loop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <complex>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "io/io_helpers.hpp"
#include "nd/array.hpp"

namespace fs = std::filesystem;
using testing::HasSubstr;
using namespace nd_io_test;

namespace {

const std::string kNpyDir = std::string(ND_TEST_DATA_DIR) + "/npy";

const std::vector<nd::dtype> kAllDtypes = {
    nd::bool_,  nd::int8,    nd::int16,   nd::int32,   nd::int64,     nd::uint8,     nd::uint16,
    nd::uint32, nd::uint64,  nd::float16, nd::float32, nd::float64,  nd::complex64, nd::complex128};

template <class U>
bool bits_equal(const nd::array& a, const std::vector<U>& bits) {
  if (a.size() != static_cast<int64_t>(bits.size()) || a.itemsize() != static_cast<int64_t>(sizeof(U))) return false;
  const char* base = static_cast<const char*>(a.raw_data());
  for (int64_t i = 0; i < a.size(); ++i) {
    U got;
    std::memcpy(&got, base + offset_of(a, i), sizeof(U));
    if (got != bits[static_cast<size_t>(i)]) return false;
  }
  return true;
}

// ---- files ----

// A per-test, per-process scratch path (ctest runs tests in parallel).
std::string temp_path(const std::string& tag) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  return (fs::temp_directory_path() /
          (std::string("nd_io_") + info->test_suite_name() + info->name() + "_" + std::to_string(::getpid()) + "_" +
           tag + ".npy"))
      .string();
}

// A .npy image with `dict` as header text, padded NumPy's way, followed by `data`.
std::string npy_bytes(const std::string& dict, const std::string& data, int major = 1) {
  const size_t len_bytes = major == 1 ? 2 : 4;
  std::string h = dict;
  while ((8 + len_bytes + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < len_bytes; ++i) out += static_cast<char>((h.size() >> (8 * i)) & 0xFF);
  return out + h + data;
}

std::string f8_bytes(std::initializer_list<double> v) {
  std::string s(v.size() * 8, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

// Loads `bytes` through a temporary file.
nd::array load_bytes(const std::string& bytes, const std::string& tag = "img") {
  const std::string p = temp_path(tag);
  write_bytes(p, bytes);
  struct remover {
    std::string p;
    ~remover() { std::remove(p.c_str()); }
  } rm{p};
  return nd::load(p);
}

// Expects io_error from loading `bytes`, with `what` in the message.
void expect_load_error(const std::string& bytes, const std::string& what) {
  const std::string p = temp_path("bad");
  write_bytes(p, bytes);
  try {
    nd::load(p);
    ADD_FAILURE() << "no error; expected one mentioning: " << what;
  } catch (const nd::io_error& e) {
    const std::string msg = e.what();
    EXPECT_THAT(msg, HasSubstr("[load] '" + p + "'"));
    EXPECT_THAT(msg, HasSubstr(what));
  }
  std::remove(p.c_str());
}

const std::string kValidDict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

struct manifest_entry {
  std::string file, dtype, byteorder, order, shape, values, version;
};

std::vector<manifest_entry> read_manifest() {
  std::ifstream in(kNpyDir + "/MANIFEST.txt");
  std::vector<manifest_entry> out;
  manifest_entry e;
  while (in >> e.file >> e.dtype >> e.byteorder >> e.order >> e.shape >> e.values >> e.version) out.push_back(e);
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

}  // namespace

// ---- NumPy-written files ----

TEST(NpyLoad, NumpyFilesMatchManifest) {
  const auto entries = read_manifest();
  ASSERT_GE(entries.size(), 40u);
  std::set<std::string> listed, dtypes_seen, versions_seen;
  for (const auto& e : entries) {
    SCOPED_TRACE(e.file);
    listed.insert(e.file);
    versions_seen.insert(e.version);
    const nd::array a = nd::load(kNpyDir + "/" + e.file);
    dtypes_seen.insert(std::string(a.dtype().name()));
    EXPECT_EQ(a.dtype().name(), e.dtype);
    EXPECT_EQ(a.shape(), parse_shape(e.shape));
    if (e.order == "F") {
      EXPECT_TRUE(a.is_f_contiguous() && !a.is_c_contiguous());
    } else {
      EXPECT_TRUE(a.is_c_contiguous());
    }
    if (e.values == "ramp") {
      // The 0-d files hold ramp(7) and ramp(0); see gen_npy.py.
      if (a.ndim() == 0) {
        const int64_t i = e.file == "scalar_float64.npy" ? 7 : 0;
        nd::visit_dtype(a.dtype(), [&](auto tag) {
          using T = typename decltype(tag)::type;
          T want = ramp<T>(i);
          EXPECT_EQ(std::memcmp(a.raw_data(), &want, sizeof(T)), 0);
        });
      } else {
        EXPECT_EQ(first_ramp_mismatch(a), -1);
      }
    } else {
      ASSERT_EQ(e.values, "special");
      if (a.dtype() == nd::float64) {
        EXPECT_TRUE(bits_equal(a, kSpecialF8));
      } else {
        EXPECT_TRUE(bits_equal(a, kSpecialF2));
      }
    }
  }
  EXPECT_EQ(dtypes_seen.size(), 14u);
  EXPECT_EQ(versions_seen, (std::set<std::string>{"1.0", "2.0", "3.0"}));
  for (const auto& f : fs::directory_iterator(kNpyDir)) {
    if (f.path().extension() == ".npy") {
      EXPECT_TRUE(listed.count(f.path().filename().string())) << f.path();
    }
  }
}

TEST(NpyLoad, BigEndianIsSwappedToNative) {
  const nd::array a = nd::load(kNpyDir + "/be_int32.npy");
  ASSERT_EQ(a.dtype(), nd::int32);
  EXPECT_EQ(a.at<int32_t>({1, 1}), -100000007);
  EXPECT_EQ(a.at<int32_t>({0, 0}), -5 * 100000007);
  const nd::array c = nd::load(kNpyDir + "/be_complex128.npy");
  EXPECT_EQ(c.at<std::complex<double>>({4}), std::complex<double>((4 - 5) / 3.0, 2.0));
}

TEST(NpySave, ResavedNumpyFilesAreByteIdentical) {
  int compared = 0;
  for (const auto& e : read_manifest()) {
    if (e.version != "1.0" || e.byteorder == ">") continue;
    SCOPED_TRACE(e.file);
    const std::string src = kNpyDir + "/" + e.file;
    const std::string out = temp_path("resave");
    nd::save(out, nd::load(src));
    EXPECT_EQ(read_bytes(out), read_bytes(src));
    std::remove(out.c_str());
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

// ---- round trips ----

TEST(NpyRoundTrip, EveryDtypeCAndFOrder) {
  for (nd::dtype dt : kAllDtypes) {
    for (nd::order o : {nd::order::C, nd::order::F}) {
      SCOPED_TRACE(std::string(dt.name()) + (o == nd::order::C ? " C" : " F"));
      const nd::array a = ramp_array({3, 4}, dt, o);
      const std::string p = temp_path("rt");
      nd::save(p, a);
      const nd::array b = nd::load(p);
      std::remove(p.c_str());
      EXPECT_EQ(b.dtype(), dt);
      EXPECT_EQ(b.shape(), (nd::shape_t{3, 4}));
      EXPECT_EQ(b.is_f_contiguous() && !b.is_c_contiguous(), o == nd::order::F);
      EXPECT_EQ(first_ramp_mismatch(b), -1);
    }
  }
}

TEST(NpyRoundTrip, ZeroDEmptyAndHigherDims) {
  const std::vector<nd::shape_t> shapes = {{}, {0}, {0, 3}, {3, 0}, {1}, {5}, {2, 3, 4}, {1, 1, 1, 1, 2}};
  for (nd::dtype dt : {nd::float64, nd::bool_, nd::complex64, nd::uint16}) {
    for (const auto& shape : shapes) {
      for (nd::order o : {nd::order::C, nd::order::F}) {
        SCOPED_TRACE(std::string(dt.name()) + " " + nd::shape_str(shape));
        const nd::array a = ramp_array(shape, dt, o);
        const std::string p = temp_path("shapes");
        nd::save(p, a);
        const nd::array b = nd::load(p);
        std::remove(p.c_str());
        EXPECT_EQ(b.dtype(), dt);
        EXPECT_EQ(b.shape(), shape);
        EXPECT_EQ(first_ramp_mismatch(b), -1);
      }
    }
  }
}

TEST(NpyRoundTrip, NonContiguousViewsAreWrittenInCOrder) {
  nd::array base = ramp_array({6, 8}, nd::int32);
  std::vector<nd::array> views = {
      base(nd::slice(0, nd::none, 2), nd::slice(1, nd::none, 3)),
      base(nd::slice(nd::none, nd::none, -1), nd::all),
      base(nd::all, nd::slice(nd::none, nd::none, -2)),
      base(2),
      nd::broadcast_to(base(0), {3, 8}),
  };
  for (auto& v : views) {
    SCOPED_TRACE(nd::shape_str(v.shape()));
    const std::string p = temp_path("view");
    nd::save(p, v);
    const nd::array b = nd::load(p);
    std::remove(p.c_str());
    ASSERT_EQ(b.shape(), v.shape());
    EXPECT_TRUE(b.is_c_contiguous());
    for (int64_t i = 0; i < v.size(); ++i) {
      int32_t want, got;
      std::memcpy(&want, static_cast<const char*>(v.raw_data()) + offset_of(v, i), 4);
      std::memcpy(&got, static_cast<const char*>(b.raw_data()) + offset_of(b, i), 4);
      ASSERT_EQ(got, want) << "element " << i;
    }
  }
  // A transposed C array is F-contiguous and keeps that layout.
  const std::string p = temp_path("transposed");
  nd::save(p, nd::transpose(base));
  const nd::array t = nd::load(p);
  std::remove(p.c_str());
  EXPECT_EQ(t.shape(), (nd::shape_t{8, 6}));
  EXPECT_TRUE(t.is_f_contiguous() && !t.is_c_contiguous());
  EXPECT_EQ(t.at<int32_t>({7, 5}), std::as_const(base).at<int32_t>({5, 7}));
}

TEST(NpySave, HeaderIsNumpysLayout) {
  const std::map<nd::dtype_id, std::string> descr = {
      {nd::dtype_id::float64, "'<f8'"}, {nd::dtype_id::bool_, "'|b1'"},   {nd::dtype_id::complex128, "'<c16'"},
      {nd::dtype_id::float16, "'<f2'"}, {nd::dtype_id::uint8, "'|u1'"},   {nd::dtype_id::int8, "'|i1'"},
      {nd::dtype_id::int64, "'<i8'"},   {nd::dtype_id::complex64, "'<c8'"}, {nd::dtype_id::uint32, "'<u4'"}};
  for (const auto& [id, d] : descr) {
    const std::string p = temp_path("hdr");
    nd::save(p, ramp_array({2, 3}, nd::dtype(id), nd::order::F));
    const std::string bytes = read_bytes(p);
    std::remove(p.c_str());
    ASSERT_GT(bytes.size(), 10u);
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    const size_t hlen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    EXPECT_EQ((10 + hlen) % 64, 0u);
    const std::string h = bytes.substr(10, hlen);
    EXPECT_EQ(h.back(), '\n');
    EXPECT_EQ(h.rfind("{'descr': " + d + ", 'fortran_order': True, 'shape': (2, 3), }", 0), 0u) << h;
    EXPECT_EQ(bytes.size(), 10 + hlen + 6 * nd::dtype(id).itemsize());
  }
}

TEST(NpySave, UnwritablePathIsAnIoError) {
  EXPECT_THAT([] { nd::save("/nonexistent-dir/x.npy", nd::zeros({2})); },
              testing::ThrowsMessage<nd::io_error>(HasSubstr("[save] '/nonexistent-dir/x.npy'")));
}

// ---- the strict header parser: what it accepts ----

TEST(NpyHeader, AcceptsNumpysDictVariants) {
  const std::string data = f8_bytes({1.5, -2.0});
  const std::vector<std::string> dicts = {
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}",
      "{\"shape\": (2,), \"descr\": \"<f8\", \"fortran_order\": False}",
      "{'fortran_order':False,'shape':(2,),'descr':'=f8',}",
      "  {\n 'descr' : '<f8' ,\t'fortran_order' : True ,\r\n 'shape' : ( 2 , ) , }  ",
  };
  for (const auto& d : dicts) {
    SCOPED_TRACE(d);
    const nd::array a = load_bytes(npy_bytes(d, data));
    EXPECT_EQ(a.dtype(), nd::float64);
    EXPECT_EQ(a.shape(), nd::shape_t{2});
    EXPECT_EQ(a.at<double>({1}), -2.0);
  }
  const nd::array m = load_bytes(npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (1, 2)}", data));
  EXPECT_EQ(m.shape(), (nd::shape_t{1, 2}));
  const nd::array s = load_bytes(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", data.substr(0, 8)));
  EXPECT_EQ(s.ndim(), 0);
  EXPECT_EQ(s.item<double>(), 1.5);
  const nd::array v3 = load_bytes(npy_bytes(kValidDict, data, 3));
  EXPECT_EQ(v3.at<double>({0}), 1.5);
}

TEST(NpyHeader, AcceptsEveryByteOrderForOneByteTypes) {
  for (const char* d : {"|i1", "<i1", ">i1", "=i1"}) {
    const nd::array a =
        load_bytes(npy_bytes(std::string("{'descr': '") + d + "', 'fortran_order': False, 'shape': (2,)}", "\x05\xff"));
    EXPECT_EQ(a.at<int8_t>({1}), -1) << d;
  }
}

TEST(NpyHeader, BigEndianHandMade) {
  const nd::array a =
      load_bytes(npy_bytes("{'descr': '>u4', 'fortran_order': False, 'shape': (1,)}", std::string("\x01\x02\x03\x04", 4)));
  EXPECT_EQ(a.at<uint32_t>({0}), 0x01020304u);
  const nd::array h = load_bytes(npy_bytes("{'descr': '>f2', 'fortran_order': False, 'shape': (1,)}", std::string("\x3c\x00", 2)));
  EXPECT_EQ(static_cast<float>(h.at<nd::float16_t>({0})), 1.0f);
}

TEST(NpyHeader, BoolBytesAreNormalised) {
  const nd::array a =
      load_bytes(npy_bytes("{'descr': '|b1', 'fortran_order': False, 'shape': (3,)}", std::string("\x00\x02\xff", 3)));
  const auto* p = static_cast<const unsigned char*>(a.raw_data());
  EXPECT_EQ(p[0], 0);
  EXPECT_EQ(p[1], 1);
  EXPECT_EQ(p[2], 1);
}

TEST(NpyHeader, HeaderOfExactlyTheLimitLoads) {
  std::string d = kValidDict;
  d.append(10000 - 1 - d.size(), ' ');
  d += '\n';
  std::string bytes = std::string("\x93NUMPY\x02\x00", 8) + std::string("\x10\x27\x00\x00", 4) + d +
                      f8_bytes({1.0, 2.0});
  const nd::array a = load_bytes(bytes);
  EXPECT_EQ(a.at<double>({1}), 2.0);
}

// ---- malformed files ----

TEST(NpyLoadErrors, MissingFile) {
  EXPECT_THAT([] { nd::load("/nonexistent-dir/missing.npy"); },
              testing::ThrowsMessage<nd::io_error>(HasSubstr("[load] '/nonexistent-dir/missing.npy': cannot open")));
  EXPECT_THAT([] { nd::load(kNpyDir); }, testing::ThrowsMessage<nd::io_error>(HasSubstr("not a regular file")));
}

TEST(NpyLoadErrors, BadMagicAndVersion) {
  const std::string good = npy_bytes(kValidDict, f8_bytes({1, 2}));
  expect_load_error("", "not a .npy file");
  expect_load_error("\x93NUM", "not a .npy file");
  expect_load_error("\x93NUMPX" + good.substr(6), "bad magic");
  expect_load_error("PK\x03\x04" + good.substr(4), "is an .npz archive");
  std::string v4 = good, v11 = good;
  v4[6] = 4;
  v11[7] = 1;
  expect_load_error(v4, "unsupported .npy format version 4.0");
  expect_load_error(v11, "unsupported .npy format version 1.1");
}

TEST(NpyLoadErrors, TruncatedHeaderAndData) {
  const std::string good = npy_bytes(kValidDict, f8_bytes({1, 2}));
  expect_load_error(good.substr(0, 9), "header length is missing");
  expect_load_error(good.substr(0, 50), "truncated header");
  expect_load_error(good.substr(0, good.size() - 1), "truncated data");
  expect_load_error(good.substr(0, good.size() - 16), "needs 16 bytes, the file has 0");
  expect_load_error(good + "x", "1 unexpected bytes after the data");
}

TEST(NpyLoadErrors, HeaderLongerThanTheLimit) {
  std::string d = kValidDict;
  d.append(10001 - 1 - d.size(), ' ');
  d += '\n';
  expect_load_error(std::string("\x93NUMPY\x02\x00", 8) + std::string("\x11\x27\x00\x00", 4) + d + f8_bytes({1, 2}),
                    "header length 10001 exceeds the limit of 10000");
  // A huge declared length in a small file is refused before anything is read.
  expect_load_error(std::string("\x93NUMPY\x02\x00", 8) + std::string("\xff\xff\xff\xff", 4) + "{}", "10000");
}

TEST(NpyLoadErrors, BadShapes) {
  auto with_shape = [](const std::string& s) {
    return npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': " + s + "}", f8_bytes({1, 2}));
  };
  expect_load_error(with_shape("(-1, 2)"), "negative dimension");
  expect_load_error(with_shape("(1099511627776, 1099511627776)"), "overflows");
  expect_load_error(with_shape("(1000000, 1000000)"), "truncated data");
  expect_load_error(with_shape("(99999999999999999999,)"), "dimension too large");
  expect_load_error(with_shape("(2)"), "1-tuple needs a trailing comma");
  expect_load_error(with_shape("[2]"), "'shape' must be a tuple");
  expect_load_error(with_shape("2"), "'shape' must be a tuple");
  expect_load_error(with_shape("(2.0,)"), "expected an integer");
  expect_load_error(with_shape("(0x2,)"), "expected an integer");
  expect_load_error(with_shape("(02,)"), "leading zero");
  expect_load_error(with_shape("(,)"), "non-negative integer");
  expect_load_error(with_shape("(2,,)"), "non-negative integer");
  expect_load_error(with_shape("(2"), "expected ',' or ')'");
  std::string many = "(";
  for (int i = 0; i < 65; ++i) many += "1, ";
  expect_load_error(with_shape(many + ")"), "more than 64 dimensions");
}

TEST(NpyLoadErrors, UnsupportedDescr) {
  auto with_descr = [](const std::string& d) {
    return npy_bytes("{'descr': " + d + ", 'fortran_order': False, 'shape': (2,)}", f8_bytes({1, 2}));
  };
  expect_load_error(with_descr("'|O'"), "descr '|O' is not a supported dtype");
  expect_load_error(with_descr("'<f16'"), "descr '<f16' is not a supported dtype");
  expect_load_error(with_descr("'<U1'"), "is not a supported dtype");
  expect_load_error(with_descr("'|S8'"), "is not a supported dtype");
  expect_load_error(with_descr("'<M8[ns]'"), "is not a supported dtype");
  expect_load_error(with_descr("'f8'"), "has no byte-order character");
  expect_load_error(with_descr("''"), "is empty");
  expect_load_error(with_descr("'|f8'"), "no byte order for a multi-byte type");
  expect_load_error(with_descr("[('a', '<f8')]"), "structured dtypes are not supported");
  expect_load_error(with_descr("<f8"), "expected a quoted dtype descr");
  expect_load_error(with_descr("'<f\\x38'"), "unsupported character");
  expect_load_error(with_descr("u'<f8'"), "expected a quoted dtype descr");
}

TEST(NpyLoadErrors, FortranOrderMustBeABool) {
  for (const char* v : {"0", "1", "'False'", "false", "None", "Truee", "Tru"}) {
    expect_load_error(npy_bytes(std::string("{'descr': '<f8', 'fortran_order': ") + v + ", 'shape': (2,)}",
                                f8_bytes({1, 2})),
                      "'fortran_order' must be True or False");
  }
}

TEST(NpyLoadErrors, ExtraMissingAndDuplicateKeys) {
  const std::string data = f8_bytes({1, 2});
  expect_load_error(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", data),
                    "unknown key 'extra'");
  expect_load_error(npy_bytes("{'descr': '<f8', 'fortran_order': False}", data), "missing key 'shape'");
  expect_load_error(npy_bytes("{'descr': '<f8', 'shape': (2,)}", data), "missing key 'fortran_order'");
  expect_load_error(npy_bytes("{'fortran_order': False, 'shape': (2,)}", data), "missing key 'descr'");
  expect_load_error(npy_bytes("{}", data), "missing key");
  expect_load_error(npy_bytes("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", data),
                    "duplicate key 'descr'");
  expect_load_error(npy_bytes("{descr: '<f8', 'fortran_order': False, 'shape': (2,)}", data), "expected a quoted key");
  expect_load_error(npy_bytes("{'descr' '<f8', 'fortran_order': False, 'shape': (2,)}", data), "expected ':'");
  expect_load_error(npy_bytes("{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}", data),
                    "expected ',' or '}'");
  expect_load_error(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,),,}", data),
                    "expected a quoted key");
}

TEST(NpyLoadErrors, HeaderThatIsNotADict) {
  const std::string data = f8_bytes({1, 2});
  for (const char* h : {"['descr', '<f8']", "'descr'", "(2,)", "", "dict(descr='<f8')", "\x01{}"})
    expect_load_error(npy_bytes(h, data), "the header is not a dict literal");
  expect_load_error(npy_bytes(kValidDict + " {}", data), "unexpected text after the dict");
  expect_load_error(npy_bytes(kValidDict + std::string(1, '\0'), data), "unexpected text after the dict");
  expect_load_error(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", data),
                    "expected ',' or '}'");
  expect_load_error(npy_bytes("{'descr': '<f8", data), "unterminated string");
}

// ---- fuzzing: mutated and truncated files give io_error or a valid array, never a crash ----

TEST(NpyFuzz, MutatedFilesNeverCrash) {
  const std::vector<std::string> seeds = {
      read_bytes(kNpyDir + "/float64_c.npy"), read_bytes(kNpyDir + "/be_int32.npy"),
      read_bytes(kNpyDir + "/v2_int32_f.npy"), read_bytes(kNpyDir + "/scalar_int16.npy"),
      read_bytes(kNpyDir + "/bool_f.npy"),    read_bytes(kNpyDir + "/v3_complex64.npy")};
  static const char kAlphabet[] = "{}()[],:'\" -0123456789TrueFalsedescrshape<>|=\n\t\x00\xff";
  const std::string alphabet(kAlphabet, sizeof(kAlphabet) - 1);
  std::mt19937_64 rng(20240611);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % std::max<size_t>(n, 1)); };
  const std::string p = temp_path("fuzz");
  int loaded = 0, rejected = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string b = seeds[pick(seeds.size())];
    const size_t header_end = std::min<size_t>(b.size(), 140);
    const int kind = static_cast<int>(rng() % 7);
    switch (kind) {
      case 0:  // truncate anywhere
        b.resize(pick(b.size() + 1));
        break;
      case 1:  // flip random bits, mostly in the header
        for (int k = 0, n = 1 + static_cast<int>(rng() % 4); k < n; ++k)
          b[pick(rng() % 5 ? header_end : b.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 2:  // replace header bytes with header-like characters
        for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k) b[pick(header_end)] = alphabet[pick(alphabet.size())];
        break;
      case 3:  // insert or erase a header byte
        if (rng() % 2) b.insert(b.begin() + static_cast<std::ptrdiff_t>(pick(header_end)), alphabet[pick(alphabet.size())]);
        else b.erase(pick(header_end), 1);
        break;
      case 4:  // flip data bytes only: still a valid file
        for (size_t k = 0; k < 3 && b.size() > 128; ++k) b[128 + pick(b.size() - 128)] ^= static_cast<char>(rng());
        break;
      case 5:  // random header length
        for (size_t k = 8; k < 12 && k < b.size(); ++k) b[k] = static_cast<char>(rng());
        break;
      default:  // replace a digit of the shape by a long number
        if (auto pos = b.find("'shape': ("); pos != std::string::npos)
          b.insert(pos + 10, std::to_string(rng() % 3 ? rng() % 100 : rng()));
        break;
    }
    write_bytes(p, b);
    try {
      ASSERT_NO_FATAL_FAILURE(expect_fully_readable(nd::load(p)));
      ++loaded;
    } catch (const nd::io_error& e) {
      ASSERT_THAT(e.what(), HasSubstr("[load] '"));
      ++rejected;
    }
  }
  std::remove(p.c_str());
  EXPECT_GT(loaded, 300);
  EXPECT_GT(rejected, 1500);
}

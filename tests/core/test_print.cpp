// nd::to_string against NumPy's repr(): every case in tests/data/repr_cases.txt was made by
// tests/data/gen_repr.py from NumPy itself; the cases are rebuilt here and printed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "nd/array.hpp"

namespace {

struct repr_case {
  std::string name;
  std::string dtype;
  nd::shape_t shape;
  std::string data_kind;  // "hex" or "arange"
  std::string data;       // hex bytes, or the arange scale
  std::string view;
  nd::print_options opts;
  std::string repr;
};

// gtest prints a failing parameter with this instead of its bytes.
void PrintTo(const repr_case& c, std::ostream* os) { *os << c.name; }

std::string data_path() { return std::string(ND_TEST_DATA_DIR) + "/repr_cases.txt"; }

std::vector<repr_case> load_cases() {
  std::vector<repr_case> cases;
  std::ifstream in(data_path());
  std::string line;
  repr_case c;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string key;
    ls >> key;
    if (key == "case") {
      c = repr_case{};
      ls >> c.name;
    } else if (key == "dtype") {
      ls >> c.dtype;
    } else if (key == "shape") {
      for (int64_t d; ls >> d;) c.shape.push_back(d);
    } else if (key == "data") {
      ls >> c.data_kind >> c.data;
    } else if (key == "view") {
      ls >> c.view;
    } else if (key == "opts") {
      ls >> c.opts.precision >> c.opts.threshold >> c.opts.edgeitems >> c.opts.linewidth;
    } else if (key == "repr") {
      int n = 0;
      ls >> n;
      for (int i = 0; i < n && std::getline(in, line); ++i) c.repr += (i ? "\n" : "") + line.substr(1);
    } else if (key == "end") {
      cases.push_back(c);
    }
  }
  return cases;
}

const std::vector<repr_case>& all_cases() {
  static const std::vector<repr_case> cases = load_cases();
  return cases;
}

const repr_case& find_case(const std::string& name) {
  for (const auto& c : all_cases())
    if (c.name == name) return c;
  throw std::runtime_error("no repr case named " + name);
}

// The contiguous base array of a case, from its bytes or its arange formula.
nd::array build_base(const repr_case& c) {
  const nd::dtype dt = nd::dtype::from_string(c.dtype);
  nd::array a(c.shape, dt);
  char* out = static_cast<char*>(a.mutable_data());
  if (c.data_kind == "hex") {
    EXPECT_EQ(static_cast<int64_t>(c.data.size()), 2 * a.nbytes()) << c.name;
    for (size_t i = 0; i + 1 < c.data.size(); i += 2)
      out[i / 2] = static_cast<char>(std::stoi(c.data.substr(i, 2), nullptr, 16));
    return a;
  }
  const double scale = std::stod(c.data);
  nd::visit_dtype(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (int64_t i = 0; i < a.size(); ++i) {
      T v;
      if constexpr (std::is_same_v<T, bool>) v = i != 0;
      else if constexpr (std::is_integral_v<T>) v = static_cast<T>(i);
      else v = T(static_cast<double>(i) * scale);
      std::memcpy(out + i * static_cast<int64_t>(sizeof(T)), &v, sizeof(T));
    }
  });
  return a;
}

nd::array apply_view(const nd::array& a, const std::string& view) {
  const nd::slice rev(nd::none, nd::none, -1);
  if (view == "none") return a;
  if (view == "T") return nd::transpose(a);
  if (view == "rev") return a(rev);
  if (view == "rev2") return a(rev, rev);
  if (view == "step2") return a(nd::slice(nd::none, nd::none, 2));
  if (view == "col") return a(nd::all, 1);
  if (view == "bcast") {
    nd::shape_t s = a.shape();
    s.insert(s.begin(), 3);
    return nd::broadcast_to(a, s);
  }
  throw std::runtime_error("unknown view " + view);
}

std::string camel(const std::string& name) {
  std::string out;
  bool up = true;
  for (char ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    up = false;
  }
  return out;
}

class PrintCase : public testing::TestWithParam<repr_case> {};

TEST_P(PrintCase, MatchesNumPy) {
  const repr_case& c = GetParam();
  const nd::array a = apply_view(build_base(c), c.view);
  EXPECT_EQ(nd::to_string(a, c.opts), c.repr) << "case " << c.name;
}

INSTANTIATE_TEST_SUITE_P(Print, PrintCase, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<repr_case>& p) { return camel(p.param.name); });

TEST(PrintCases, FileHasAllCases) {
  EXPECT_GE(all_cases().size(), 200u) << "missing or truncated " << data_path();
}

// The same texts, from arrays made with the creation and view API instead of raw bytes.
TEST(Print, InitializerListsAndCreation) {
  EXPECT_EQ(nd::to_string(nd::from_vector(std::vector<int64_t>{1, 2, 3})), find_case("int64_basic").repr);
  EXPECT_EQ(nd::to_string(nd::array{1.0, 2.0}), find_case("float64_integral").repr);
  EXPECT_EQ(nd::to_string(nd::array{1, 2}), find_case("int32_suffix").repr);
  EXPECT_EQ(nd::to_string(nd::array{true, false}), find_case("bool_basic").repr);
  EXPECT_EQ(nd::to_string(nd::array(int64_t{5})), find_case("zerod_int").repr);
  EXPECT_EQ(nd::to_string(nd::array(1.5)), find_case("zerod_float").repr);
  EXPECT_EQ(nd::to_string(nd::array(int8_t{3})), find_case("zerod_int8").repr);
  EXPECT_EQ(nd::to_string(nd::zeros({0})), find_case("empty_float64").repr);
  EXPECT_EQ(nd::to_string(nd::zeros({0, 3})), find_case("empty_2d").repr);
  EXPECT_EQ(nd::to_string(nd::arange(24).reshape({2, 3, 4})), find_case("int_3d").repr);
  EXPECT_EQ(nd::to_string(nd::arange(int64_t{2000})), find_case("summary_1d_2000").repr);
  EXPECT_EQ(nd::to_string(nd::transpose(nd::arange(12).reshape({3, 4}))), find_case("view_transpose").repr);
  EXPECT_EQ(nd::to_string(nd::from_vector(std::vector<uint64_t>{0, uint64_t{1} << 63, ~uint64_t{0}})),
            find_case("uint64_large").repr);
}

TEST(Print, StreamOperatorWritesTheRepr) {
  const nd::array a = nd::arange(12).reshape({3, 4});
  std::ostringstream os;
  os << a;
  EXPECT_EQ(os.str(), nd::to_string(a));
  EXPECT_EQ(os.str(), find_case("int_2d").repr);
}

TEST(Print, NegativeOptionsThrow) {
  nd::print_options opts;
  opts.precision = -1;
  EXPECT_THAT([&] { (void)nd::to_string(nd::array{1.0}, opts); },
              testing::ThrowsMessage<nd::value_error>(testing::HasSubstr("precision must be >= 0")));
  opts = {};
  opts.edgeitems = -2;
  EXPECT_THAT([&] { (void)nd::to_string(nd::array{1.0}, opts); },
              testing::ThrowsMessage<nd::value_error>(testing::HasSubstr("edgeitems must be >= 0")));
}

}  // namespace

// nd/dtype.hpp: names, sizes, kinds, and the promotion / can_cast / result_type tables
// compared with those NumPy 2.x generated (tests/data/dtype_tables.txt).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "nd/dtype.hpp"
#include "nd/error.hpp"

namespace {

std::vector<std::vector<std::string>> table_rows(const std::string& tag) {
  std::ifstream in(std::string(ND_TEST_DATA_DIR) + "/dtype_tables.txt");
  EXPECT_TRUE(in.good()) << "missing dtype_tables.txt";
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::vector<std::string> w;
    for (std::string t; ss >> t;) w.push_back(t);
    if (!w.empty() && w[0] == tag) rows.push_back(w);
  }
  return rows;
}

nd::dtype dt(const std::string& s) { return nd::dtype::from_string(s); }

nd::casting casting_of(const std::string& s) {
  static const std::map<std::string, nd::casting> m = {{"no", nd::casting::no},
                                                      {"equiv", nd::casting::equiv},
                                                      {"safe", nd::casting::safe},
                                                      {"same_kind", nd::casting::same_kind},
                                                      {"unsafe", nd::casting::unsafe}};
  return m.at(s);
}

nd::type_operand weak_of(const std::string& k) {
  if (k == "int") return nd::type_operand::weak_int();
  if (k == "float") return nd::type_operand::weak_float();
  return nd::type_operand::weak_complex();
}

}  // namespace

TEST(Dtype, InfoMatchesNumpy) {
  auto rows = table_rows("info");
  ASSERT_EQ(rows.size(), 14u);
  for (const auto& r : rows) {
    nd::dtype d = dt(r[1]);
    EXPECT_EQ(d.str(), r[1]);
    EXPECT_EQ(d.itemsize(), std::stoll(r[2])) << r[1];
    EXPECT_EQ(d.kind(), r[3][0]) << r[1];
    EXPECT_EQ(d.char_code(), r[4][0]) << r[1];
    EXPECT_EQ(nd::dtype::from_string(r[4]), d) << r[4];
  }
}

TEST(Dtype, PromotionTableEqualsNumpy) {
  auto rows = table_rows("promote");
  ASSERT_EQ(rows.size(), 196u);
  for (const auto& r : rows)
    EXPECT_EQ(nd::promote_types(dt(r[1]), dt(r[2])).str(), r[3]) << r[1] << " + " << r[2];
}

TEST(Dtype, CanCastTablesEqualNumpy) {
  auto rows = table_rows("can_cast");
  ASSERT_EQ(rows.size(), 5u * 196u);
  for (const auto& r : rows)
    EXPECT_EQ(nd::can_cast(dt(r[2]), dt(r[3]), casting_of(r[1])), r[4] == "1")
        << r[2] << " -> " << r[3] << " casting=" << r[1];
}

TEST(Dtype, WeakScalarResultTypeEqualsNumpy) {
  auto rows = table_rows("weak");
  ASSERT_EQ(rows.size(), 42u);
  for (const auto& r : rows) EXPECT_EQ(nd::result_type({dt(r[1]), weak_of(r[2])}).str(), r[3]) << r[1] << " " << r[2];
  auto only = table_rows("weakonly");
  ASSERT_EQ(only.size(), 9u);
  for (const auto& r : only) EXPECT_EQ(nd::result_type({weak_of(r[1]), weak_of(r[2])}).str(), r[3]);
}

TEST(Dtype, ResultTypeOfSeveralStrongOperands) {
  EXPECT_EQ(nd::result_type({nd::int8, nd::uint8, nd::float16}), nd::float32);
  EXPECT_EQ(nd::result_type({nd::int16, nd::float32, nd::type_operand::weak_complex()}), nd::complex64);
  EXPECT_EQ(nd::result_type({nd::uint64, nd::int64}), nd::float64);
}

TEST(Dtype, ParsesArrayProtocolStrings) {
  EXPECT_EQ(dt("<f8"), nd::float64);
  EXPECT_EQ(dt("|b1"), nd::bool_);
  EXPECT_EQ(dt("<c16"), nd::complex128);
  EXPECT_EQ(dt("|u1"), nd::uint8);
  EXPECT_EQ(dt("<f2"), nd::float16);
  EXPECT_EQ(dt("i4"), nd::int32);
  EXPECT_THAT([] { dt("float128"); }, testing::ThrowsMessage<nd::dtype_error>(testing::HasSubstr("float128")));
  EXPECT_THROW(dt("<U8"), nd::dtype_error);
}

TEST(Dtype, TraitsAndVisit) {
  static_assert(nd::dtype_of<double>() == nd::float64);
  static_assert(nd::dtype_of<std::complex<float>>() == nd::complex64);
  static_assert(std::is_same_v<nd::dtype_type_t<nd::dtype_id::uint16>, uint16_t>);
  for (int i = 0; i < nd::num_dtypes; ++i) {
    nd::dtype d(static_cast<nd::dtype_id>(i));
    int64_t size = nd::visit_dtype(d, [](auto tag) { return static_cast<int64_t>(sizeof(typename decltype(tag)::type)); });
    EXPECT_EQ(size, d.itemsize()) << d.name();
  }
}

TEST(Float16, RoundTripsEveryFiniteValue) {
  for (uint32_t b = 0; b < 0x10000; ++b) {
    auto h = nd::float16_t::from_bits(static_cast<uint16_t>(b));
    const double v = static_cast<double>(h);
    if (std::isnan(v)) continue;
    EXPECT_EQ(nd::float16_t(v).bits, h.bits) << b;
  }
}

TEST(Float16, RoundsToNearestEven) {
  EXPECT_EQ(nd::float16_t(1.0).bits, 0x3c00);
  EXPECT_EQ(nd::float16_t(65504.0).bits, 0x7bff);
  EXPECT_EQ(nd::float16_t(65520.0).bits, 0x7c00);      // halfway to the next binade: rounds to inf
  EXPECT_EQ(nd::float16_t(1.0 + 1.0 / 2048).bits, 0x3c00);  // tie, even mantissa stays
  EXPECT_EQ(nd::float16_t(1.0 + 3.0 / 2048).bits, 0x3c02);  // tie, odd mantissa rounds up
  EXPECT_EQ(nd::float16_t(std::ldexp(1.0, -24)).bits, 0x0001);  // smallest subnormal
  EXPECT_EQ(nd::float16_t(std::ldexp(1.0, -25)).bits, 0x0000);  // tie to even (zero)
  EXPECT_EQ(nd::float16_t(-0.0).bits, 0x8000);
}

// nd::einsum against numpy.einsum: tests/data/gen_einsum.py stores the inputs and NumPy's
// results (every dtype, views, ellipses, diagonals, several operands under each optimize
// mode), and numpy.einsum_path's paths and reports for networks of 3 to 8 operands under
// each planner and several memory limits; errors and views are checked here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "linalg/np_cases.hpp"
#include "nd/array.hpp"
#include "nd/linalg.hpp"

using testing::HasSubstr;

namespace {

const std::string kDir = std::string(ND_TEST_DATA_DIR) + "/einsum/";

nd::einsum_optimize parse_optimize(const std::string& s) {
  if (s == "greedy") return nd::einsum_optimize::greedy;
  if (s == "optimal") return nd::einsum_optimize::optimal;
  return nd::einsum_optimize::off;
}

nd::casting parse_casting(const std::string& s) {
  if (s == "unsafe") return nd::casting::unsafe;
  if (s == "same_kind") return nd::casting::same_kind;
  if (s == "equiv") return nd::casting::equiv;
  if (s == "no") return nd::casting::no;
  return nd::casting::safe;
}

TEST(EinsumData, MatchesNumPy) {
  const auto cases = nd_test::load_cases(kDir);
  ASSERT_GT(cases.size(), 400u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<nd::array> in;
    for (size_t i = 0; i < c.in.size(); ++i) in.push_back(nd_test::view(c.in[i], c.views.at(i)));
    const auto ex = nd_test::split(c.extra, ';');
    ASSERT_EQ(ex.size(), 4u) << c.extra;
    nd::einsum_options o;
    o.optimize = parse_optimize(ex[1]);
    if (ex[2] != "-") o.dtype = nd::dtype::from_string(ex[2]);
    if (ex[3] != "-") o.rule = parse_casting(ex[3]);
    nd::array got;
    try {
      got = nd::einsum(ex[0], in, o);
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.name << " threw " << e.what();
      continue;
    }
    EXPECT_TRUE(nd_test::close(got, c.out[0], c.tol)) << c.name << " " << ex[0];
  }
}

struct path_case {
  std::string subscripts, mode, limit, path, report;
  std::vector<nd::shape_t> shapes;
};

std::vector<path_case> load_paths() {
  std::ifstream f(kDir + "paths.txt");
  std::vector<path_case> cases;
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    path_case c;
    std::vector<std::string> fields;
    size_t start = 0;
    for (int k = 0; k < 5; ++k) {
      const size_t bar = line.find('|', start);
      fields.push_back(line.substr(start, bar - start));
      start = bar + 1;
    }
    c.subscripts = fields[0];
    for (const auto& s : nd_test::split(fields[1], ',')) {
      nd::shape_t shape;
      for (const auto& d : nd_test::split(s, 'x')) shape.push_back(std::stoll(d));
      c.shapes.push_back(shape);
    }
    c.mode = fields[2];
    c.limit = fields[3];
    c.path = fields[4];
    c.report = line.substr(start);
    std::replace(c.report.begin(), c.report.end(), '|', '\n');
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string path_str(const std::vector<nd::einsum_step>& path) {
  std::string s;
  for (const auto& step : path) {
    if (!s.empty()) s += ';';
    for (size_t i = 0; i < step.size(); ++i) s += (i ? "." : "") + std::to_string(step[i]);
  }
  return s;
}

TEST(EinsumPathData, MatchesNumPy) {
  const auto cases = load_paths();
  ASSERT_GT(cases.size(), 400u);
  int fallbacks = 0;
  for (const auto& c : cases) {
    const std::string name = c.subscripts + " " + c.mode + " limit " + c.limit;
    SCOPED_TRACE(name);
    std::vector<nd::array> ops;
    for (const auto& s : c.shapes) ops.push_back(nd::zeros(s));
    nd::einsum_options o;
    o.optimize = parse_optimize(c.mode);
    if (c.limit != "-") o.memory_limit = std::stoll(c.limit);
    const auto info = nd::einsum_path(c.subscripts, ops, o);
    EXPECT_EQ(path_str(info.path), c.path) << name;
    EXPECT_EQ(info.report, c.report) << name;
    fallbacks += info.path.size() > 1 && info.path.back().size() > 2;
  }
  EXPECT_GT(fallbacks, 5);  // some limits leave several operands for one final step
}

TEST(EinsumPathData, EinsumFollowsThePlannedPath) {
  // einsum under each planner and limit gives the same values as contracting as written.
  for (const auto& c : load_paths()) {
    if (c.mode == "off") continue;
    std::vector<nd::array> ops;
    double seed = 1;
    for (const auto& s : c.shapes) {
      int64_t n = 1;
      for (int64_t d : s) n *= d;
      ops.push_back(nd::reshape(nd::divide(nd::arange_float(0, static_cast<double>(n), 1.0), n + seed++), s));
    }
    nd::einsum_options o;
    o.optimize = parse_optimize(c.mode);
    if (c.limit != "-") o.memory_limit = std::stoll(c.limit);
    const nd::array want = nd::einsum(c.subscripts, ops);
    EXPECT_TRUE(nd::allclose(nd::einsum(c.subscripts, ops, o), want, 1e-12, 1e-12)) << c.subscripts << " " << c.mode;
  }
}

nd::array iota(nd::shape_t shape, nd::dtype dt = nd::float64) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return nd::reshape(nd::arange_float(0, static_cast<double>(n), 1.0).astype(dt), shape);
}

TEST(Einsum, SpacesAreIgnored) {
  const nd::array a = iota({2, 3}), b = iota({3, 4});
  EXPECT_TRUE(nd::array_equal(nd::einsum(" i j , j k -> i k ", {a, b}), nd::matmul(a, b)));
}

TEST(Einsum, SingleOperandWithoutSumsIsAWritableView) {
  nd::array a = iota({3, 3});
  nd::array d = nd::einsum("ii->i", {a});
  EXPECT_TRUE(d.shares_buffer(a));
  EXPECT_TRUE(d.writeable());
  d.at<double>({1}) = -1.0;
  EXPECT_EQ(a.at<double>({1, 1}), -1.0);
  const nd::array t = nd::einsum("ij->ji", {a});
  EXPECT_TRUE(t.shares_buffer(a));
  EXPECT_EQ(t.at<double>({0, 1}), a.at<double>({1, 0}));
  // A sum or a cast gives a new array.
  EXPECT_FALSE(nd::einsum("ij->i", {a}).shares_buffer(a));
  nd::einsum_options o;
  o.dtype = nd::complex128;
  EXPECT_FALSE(nd::einsum("ij->ji", {a}, o).shares_buffer(a));
}

TEST(Einsum, OutReceivesTheResult) {
  const nd::array a = iota({2, 3}), b = iota({3, 4});
  nd::einsum_options o;
  o.out = nd::zeros({2, 4});
  const nd::array r = nd::einsum("ij,jk->ik", {a, b}, o);
  EXPECT_TRUE(r.shares_buffer(*o.out));
  EXPECT_TRUE(nd::array_equal(*o.out, nd::matmul(a, b)));
  o.out = nd::zeros({2, 4}, nd::int64);
  EXPECT_THAT([&] { nd::einsum("ij,jk->ik", {a, b}, o); },
              testing::ThrowsMessage<nd::dtype_error>(
                  HasSubstr("[einsum] the result cannot be cast from float64 to out's int64 under the rule 'safe'")));
  o.rule = nd::casting::unsafe;
  EXPECT_NO_THROW(nd::einsum("ij,jk->ik", {a, b}, o));
  EXPECT_TRUE(nd::array_equal(*o.out, nd::matmul(a, b).astype(nd::int64)));
  o.out = nd::zeros({4, 2});
  EXPECT_THAT([&] { nd::einsum("ij,jk->ik", {a, b}, o); },
              testing::ThrowsMessage<nd::shape_error>(HasSubstr("out has shape (4, 2), but the result has shape (2, 4)")));
}

TEST(Einsum, ExplicitPathIsFollowedAndChecked) {
  const nd::array a = iota({2, 3}), b = iota({3, 4}), c = iota({4, 5});
  const nd::array want = nd::matmul(nd::matmul(a, b), c);
  for (const auto& path : std::vector<std::vector<nd::einsum_step>>{{{0, 1}, {0, 1}}, {{1, 2}, {0, 1}}, {{0, 2}, {0, 1}},
                                                                  {{0, 1, 2}}}) {
    nd::einsum_options o;
    o.path = path;
    EXPECT_TRUE(nd::allclose(nd::einsum("ij,jk,kl->il", {a, b, c}, o), want));
  }
  nd::einsum_options o;
  o.path = std::vector<nd::einsum_step>{{0, 1}};
  EXPECT_THAT([&] { nd::einsum("ij,jk,kl->il", {a, b, c}, o); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("2 operands are left uncontracted")));
  o.path = std::vector<nd::einsum_step>{{0, 3}, {0, 1}};
  EXPECT_THAT([&] { nd::einsum("ij,jk,kl->il", {a, b, c}, o); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("step (0, 3) does not name distinct operands")));
}

TEST(EinsumPath, OrdersAndCosts) {
  // A chain whose cheap order is the last pair first: (4x2)(2x100)(100x3).
  const nd::array a = nd::ones({100, 2}), b = nd::ones({2, 100}), c = nd::ones({100, 3});
  const auto naive = nd::einsum_path("ij,jk,kl->il", {a, b, c}, nd::einsum_optimize::off);
  const auto greedy = nd::einsum_path("ij,jk,kl->il", {a, b, c}, nd::einsum_optimize::greedy);
  const auto best = nd::einsum_path("ij,jk,kl->il", {a, b, c}, nd::einsum_optimize::optimal);
  // off: NumPy's one step over every operand.
  EXPECT_EQ(naive.path, (std::vector<nd::einsum_step>{{0, 1, 2}}));
  EXPECT_EQ(best.path, (std::vector<nd::einsum_step>{{1, 2}, {0, 1}}));
  EXPECT_EQ(greedy.path, best.path);
  // NumPy's counts: 100*2*100*3 * (2 terms joined + 1 add) naive; (2*100*3)*2 + (100*2*3)*2,
  // plus the one NumPy adds; one step over all four labels: 100*2*100*3 * (2 + 1), plus one.
  EXPECT_DOUBLE_EQ(naive.naive_flops, 100.0 * 2 * 100 * 3 * 3);
  EXPECT_DOUBLE_EQ(naive.optimized_flops, 100.0 * 2 * 100 * 3 * 3 + 1);
  EXPECT_DOUBLE_EQ(best.optimized_flops, 2.0 * 100 * 3 * 2 + 100.0 * 2 * 3 * 2 + 1);
  EXPECT_EQ(best.naive_scaling, 4);
  EXPECT_EQ(best.optimized_scaling, 3);
  EXPECT_DOUBLE_EQ(best.largest_intermediate, 300.0);
  EXPECT_THAT(best.report, HasSubstr("Complete contraction:  ij,jk,kl->il"));
  EXPECT_THAT(best.report, HasSubstr("   3                   kl,jk->jl                                ij,jl->il"));
  // One operand: NumPy's single step.
  EXPECT_EQ(nd::einsum_path("ii->", {nd::ones({3, 3})}).path, (std::vector<nd::einsum_step>{{0}}));
}

TEST(EinsumPath, MemoryLimit) {
  const nd::array a = nd::ones({100, 2}), b = nd::ones({2, 100}), c = nd::ones({100, 3});
  const std::vector<nd::array> ops{a, b, c};
  for (auto how : {nd::einsum_optimize::greedy, nd::einsum_optimize::optimal}) {
    // The default limit (the largest operand, 300) and a generous one allow (1, 2) first.
    EXPECT_EQ(nd::einsum_path("ij,jk,kl->il", ops, how, 1000).path,
              (std::vector<nd::einsum_step>{{1, 2}, {0, 1}}));
    // The output has 300 elements: below that the last pair does not fit, and what remains
    // is contracted in one step (here the same pair); below 6 no pair fits at all.
    EXPECT_EQ(nd::einsum_path("ij,jk,kl->il", ops, how, 299).path,
              (std::vector<nd::einsum_step>{{1, 2}, {0, 1}}));
    EXPECT_EQ(nd::einsum_path("ij,jk,kl->il", ops, how, 5).path, (std::vector<nd::einsum_step>{{0, 1, 2}}));
    EXPECT_EQ(nd::einsum_path("ij,jk,kl->il", ops, how, -1).path, (std::vector<nd::einsum_step>{{0, 1, 2}}));
    nd::einsum_options o;
    o.optimize = how;
    o.memory_limit = 0;
    EXPECT_TRUE(nd::allclose(nd::einsum("ij,jk,kl->il", ops, o), nd::matmul(nd::matmul(a, b), c)));
  }
  // An explicit path is reported as given and checked.
  nd::einsum_options o;
  o.path = std::vector<nd::einsum_step>{{0, 2}, {0, 1}};
  const auto info = nd::einsum_path("ij,jk,kl->il", ops, o);
  EXPECT_EQ(info.path, *o.path);
  EXPECT_THAT(info.report, HasSubstr("kl,ij->jlik"));
  EXPECT_DOUBLE_EQ(info.largest_intermediate, 100.0 * 2 * 100 * 3);
  o.path = std::vector<nd::einsum_step>{{0, 1}};
  EXPECT_THAT([&] { nd::einsum_path("ij,jk,kl->il", ops, o); },
              testing::ThrowsMessage<nd::value_error>(HasSubstr("[einsum_path] invalid contraction path: 2 operands")));
}

TEST(EinsumPath, OptimalNeverCostsMoreThanGreedy) {
  // Random networks over 5..7 operands: the exhaustive search is at most the greedy cost,
  // and all three orders give the same numbers.
  const std::vector<std::pair<std::string, std::vector<nd::shape_t>>> nets = {
      {"ab,bc,cd,de,ea->", {{3, 7}, {7, 2}, {2, 9}, {9, 4}, {4, 3}}},
      {"abc,cd,db,ae,ef->f", {{2, 3, 4}, {4, 5}, {5, 3}, {2, 6}, {6, 2}}},
      {"ij,jk,kl,lm,mn,no,op->ip", {{8, 2}, {2, 9}, {9, 3}, {3, 8}, {8, 2}, {2, 7}, {7, 4}}},
  };
  for (const auto& [sub, shapes] : nets) {
    std::vector<nd::array> ops;
    uint32_t seed = 1;
    for (const auto& s : shapes) {
      int64_t n = 1;
      for (int64_t d : s) n *= d;
      ops.push_back(nd::reshape(nd::divide(nd::arange_float(0, static_cast<double>(n), 1.0), static_cast<double>(n + seed++)), s));
    }
    const auto g = nd::einsum_path(sub, ops, nd::einsum_optimize::greedy);
    const auto o = nd::einsum_path(sub, ops, nd::einsum_optimize::optimal);
    EXPECT_LE(o.optimized_flops, g.optimized_flops) << sub;
    nd::einsum_options off, greedy, optimal;
    greedy.optimize = nd::einsum_optimize::greedy;
    optimal.optimize = nd::einsum_optimize::optimal;
    const nd::array r0 = nd::einsum(sub, ops, off);
    EXPECT_TRUE(nd::allclose(nd::einsum(sub, ops, greedy), r0, 1e-12, 1e-12)) << sub;
    EXPECT_TRUE(nd::allclose(nd::einsum(sub, ops, optimal), r0, 1e-12, 1e-12)) << sub;
  }
}

TEST(EinsumErrors, NameTheSubscriptAndShape) {
  const nd::array m = nd::ones({2, 3}), v = nd::ones({3}), sq = nd::ones({3, 3});
  auto msg = [](auto f, const char* text) {
    EXPECT_THAT(f, testing::ThrowsMessage<nd::value_error>(HasSubstr(text))) << text;
  };
  msg([&] { nd::einsum("ij,jk", {m, nd::ones({4, 4})}); },
      "[einsum] label 'j' has size 3 in operand 0 (shape (2, 3)) but 4 in operand 1 (shape (4, 4))");
  msg([&] { nd::einsum("ii", {m}); },
      "[einsum] operand 0 repeats label 'i' over dimensions of different sizes (2 != 3) in shape (2, 3)");
  msg([&] { nd::einsum("ij", {v}); }, "operand 0 has 1 dimension (shape (3,)) but its subscripts 'ij' name 2");
  msg([&] { nd::einsum("i", {sq}); }, "operand 0 has 2 dimensions (shape (3, 3)) but its subscripts 'i' name only 1");
  msg([&] { nd::einsum("i,j", {v}); }, "subscripts 'i,j' name 2 operands but 1 was given");
  msg([&] { nd::einsum("i", {v, v}); }, "subscripts 'i' name 1 operand but 2 were given");
  msg([&] { nd::einsum("i->j", {v}); }, "output subscript 'j' in 'i->j' does not appear in any input");
  msg([&] { nd::einsum("i->ii", {v}); }, "output subscript 'i' appears more than once");
  msg([&] { nd::einsum("i.j", {sq}); }, "operand 0's subscripts 'i.j' contain a '.' that is not part of an ellipsis");
  msg([&] { nd::einsum("i1", {sq}); }, "invalid subscript '1' in operand 0's subscripts 'i1'");
  msg([&] { nd::einsum("......", {sq}); }, "contain more than one '...'");
  msg([&] { nd::einsum("i->i->i", {v}); }, "contain more than one '->'");
  msg([&] { nd::einsum("i-i", {sq}); }, "'-' and '>' may only appear together as '->'");
  msg([&] { nd::einsum("...i->", {m}); }, "1 broadcast dimension(s) under '...' but the output subscripts '' have no '...'");
  msg([&] { nd::einsum("...,...", {m, nd::ones({4, 3})}); }, "label '...' dimension 0 has size 2");
  EXPECT_THROW(nd::einsum("i", {}), nd::value_error);
  nd::einsum_options o;
  o.dtype = nd::int64;
  EXPECT_THAT([&] { nd::einsum("i,i", {v, v}, o); },
              testing::ThrowsMessage<nd::dtype_error>(
                  HasSubstr("[einsum] operand 0 cannot be cast from float64 to int64 under the rule 'safe'")));
}

TEST(Einsum, LargeContractionsMatchMatmul) {
  // Big enough for BLAS and for nd's thread pool: the einsum form equals the matmul form.
  const nd::array a = nd::divide(iota({8, 30, 40}), 1000.0), b = nd::divide(iota({40, 30, 20}), 1000.0);
  const nd::array r = nd::einsum("bij,jik->bk", {a, b});
  const nd::array want = nd::tensordot(a, b, {1, 2}, {1, 0});
  EXPECT_TRUE(nd::allclose(r, want, 1e-12, 1e-9));
  const nd::array big = nd::divide(iota({300, 200}), 6e4);
  EXPECT_TRUE(nd::allclose(nd::einsum("ij,kj->ik", {big, big}), nd::matmul(big, nd::transpose(big)), 1e-12, 1e-9));
}

}  // namespace

// Built against an installed nd: uses the umbrella header and checks a few results.
#include <nd/array.hpp>

#include <iostream>

int main() {
  nd::array a = nd::arange(6).reshape({2, 3});
  nd::array t = nd::transpose(a).copy(nd::order::C);
  const bool ok = t.shape() == nd::shape_t{3, 2} && t.at<int64_t>({2, 1}) == 5 &&
                  nd::promote_types(nd::int8, nd::uint8) == nd::int16;
  std::cout << nd::to_string(t) << "\n" << (ok ? "consumer ok" : "consumer FAILED") << "\n";
  return ok ? 0 : 1;
}

// A tour of the array model: creation, views, broadcasting, casting, printing, .npy.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nd/array.hpp>

int main() {
  std::cout << "nd demo: the array model\n\n";

  nd::array a = nd::arange(12).reshape({3, 4});
  std::cout << "a = arange(12).reshape(3, 4)\n" << a << "\n";
  std::cout << "a.shape " << nd::shape_str(a.shape()) << ", strides " << nd::shape_str(a.strides()) << ", dtype "
            << a.dtype().name() << "\n\n";

  // Views share memory: writing through one changes the other.
  nd::array col = a(nd::all, 1);
  nd::array rev = a(nd::slice(nd::none, nd::none, -1), nd::slice(0, nd::none, 2));
  std::cout << "a[:, 1] = " << col << "\n";
  std::cout << "a[::-1, ::2] =\n" << rev << "\n";
  nd::array t = nd::transpose(a);
  std::cout << "a.T (a view, F-contiguous: " << std::boolalpha << t.is_f_contiguous() << ")\n" << t << "\n";
  col.fill(-1);
  std::cout << "after a[:, 1] = -1, a =\n" << a << "\n\n";

  // Broadcasting: a (3, 1) column assigned into a (3, 4) float32 array, with a cast.
  nd::array f = nd::zeros({3, 4}, nd::float32);
  f.assign(nd::array{{0.5}, {1.5}, {2.5}});
  std::cout << "zeros((3, 4), float32) <- [[0.5], [1.5], [2.5]] =\n" << f << "\n";
  std::cout << "broadcast_shapes((3, 1), (1, 4), (2, 1, 1)) = "
            << nd::shape_str(nd::broadcast_shapes({{3, 1}, {1, 4}, {2, 1, 1}})) << "\n";
  std::cout << "promote_types(int8, uint8) = " << nd::promote_types(nd::int8, nd::uint8).name()
            << ", result_type(float32, 1.0) = " << nd::result_type({nd::float32, nd::type_operand::weak_float()}).name()
            << "\n\n";

  std::cout << "linspace(0, 1, 5) = " << nd::linspace(0, 1, 5) << "\n";
  std::cout << "eye(3, k=1, dtype=int32) =\n" << nd::eye(3, std::nullopt, 1, nd::int32) << "\n";
  std::cout << "complex: " << nd::array{std::complex<double>(1, -2), std::complex<double>(0.5, 3)} << "\n";
  std::cout << "big: " << nd::arange(0.0, 2000.0, 1.0) << "\n\n";

  // .npy round trip.
  const auto path = std::filesystem::temp_directory_path() / "nd_demo.npy";
  nd::save(path.string(), t);
  nd::array back = nd::load(path.string());
  std::cout << "saved a.T to " << path.string() << " and loaded it back: shape " << nd::shape_str(back.shape())
            << ", dtype " << back.dtype().name() << ", F-contiguous " << back.is_f_contiguous() << "\n"
            << back << "\n";
  std::filesystem::remove(path);

  // Errors name the operation and the offending values.
  try {
    nd::arange(6).reshape({4, 2});
  } catch (const nd::shape_error& e) {
    std::cout << "\nerror: " << e.what() << "\n";
  }
  try {
    nd::zeros({2, 3}).assign(nd::zeros({4}));
  } catch (const nd::shape_error& e) {
    std::cout << "error: " << e.what() << "\n";
  }
  return 0;
}

// Writes nd-saved .npy files into argv[1] for python/tests/test_npy_interop.py, which
// checks them with numpy.load. For every dtype <name> (NumPy's dtype name):
//   <name>_c.npy          (3, 4) C order          ramp(i), i = C-order flat index
//   <name>_f.npy          (3, 4) F order          ramp(i)
//   <name>_0d.npy         ()                      ramp(7)
//   <name>_empty.npy      (0, 3)
//   <name>_strided.npy    (3, 4) view base[:, 1::2] of a (3, 8) array     ramp(i)
//   <name>_reversed.npy   (3, 4) view base[::-1, ::-1]                    ramp(i)
//   <name>_transposed.npy (4, 3) view base.T (F-contiguous)               ramp(i)
//   <name>_broadcast.npy  (3, 4) broadcast_to(ramp over (4,), (3, 4))
//   <name>_cube_f.npy     (2, 3, 4) F order       ramp(i)
// ramp is the formula of tests/data/gen_npy.py.
#include <complex>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <type_traits>

#include "io_helpers.hpp"
#include "nd/array.hpp"

using nd_io_test::fill_ramp;
using nd_io_test::ramp_array;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const nd::dtype dtypes[] = {nd::bool_,  nd::int8,    nd::int16,   nd::int32,   nd::int64,
                              nd::uint8,  nd::uint16,  nd::uint32,  nd::uint64,  nd::float16,
                              nd::float32, nd::float64, nd::complex64, nd::complex128};
  try {
    for (nd::dtype dt : dtypes) {
      const std::string stem = dir + "/" + std::string(dt.name());
      nd::save(stem + "_c.npy", ramp_array({3, 4}, dt));
      nd::save(stem + "_f.npy", ramp_array({3, 4}, dt, nd::order::F));
      nd::save(stem + "_0d.npy", ramp_array({}, dt, nd::order::C, 7));
      nd::save(stem + "_empty.npy", nd::array({0, 3}, dt));

      nd::array wide = ramp_array({3, 8}, dt);
      nd::array strided = wide(nd::all, nd::slice(1, nd::none, 2));
      fill_ramp(strided);
      nd::save(stem + "_strided.npy", strided);

      nd::array square = ramp_array({3, 4}, dt);
      nd::array reversed = square(nd::slice(nd::none, nd::none, -1), nd::slice(nd::none, nd::none, -1));
      fill_ramp(reversed);
      nd::save(stem + "_reversed.npy", reversed);

      nd::array transposed = nd::transpose(nd::array({3, 4}, dt));
      fill_ramp(transposed);
      nd::save(stem + "_transposed.npy", transposed);

      nd::save(stem + "_broadcast.npy", nd::broadcast_to(ramp_array({4}, dt), {3, 4}));
      nd::save(stem + "_cube_f.npy", ramp_array({2, 3, 4}, dt, nd::order::F));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_npy_samples: %s\n", e.what());
    return 1;
  }
  return 0;
}

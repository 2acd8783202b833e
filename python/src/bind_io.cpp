// Bindings of nd/io.hpp's archives and mappings: ndcore.savez / savez_compressed, .npz
// loading (the _NpzArchive under ndcore's NpzFile) and load(mmap_mode=...).
#include <nd/io.hpp>

#include "common.hpp"

namespace ndpy {

void bind_io(py::module_& m) {
  py::class_<nd::npz_file>(m, "_NpzArchive", "An open .npz archive; members are read when asked for.")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def_property_readonly("files", &nd::npz_file::files)
      .def_property_readonly("closed", &nd::npz_file::closed)
      .def_property_readonly("path", &nd::npz_file::path)
      .def("__contains__", &nd::npz_file::contains)
      .def("__len__", &nd::npz_file::size)
      .def("__getitem__",
           [](const nd::npz_file& z, const std::string& name) {
             nd::array a;
             {
               py::gil_scoped_release nogil;
               a = z[name];
             }
             return wrap(std::move(a));
           })
      .def("close", &nd::npz_file::close);

  // items: a sequence of (name, array-like) in archive order.
  m.def(
      "_savez",
      [](const std::string& path, py::sequence items, bool compress, bool force_zip64) {
        nd::named_arrays arrays;
        arrays.reserve(items.size());
        for (py::handle item : items) {
          auto pair = item.cast<py::tuple>();
          arrays.emplace_back(pair[0].cast<std::string>(), as_array(pair[1]));
        }
        py::gil_scoped_release nogil;
        nd::savez(path, arrays, nd::savez_options{compress, force_zip64});
      },
      py::arg("path"), py::arg("items"), py::arg("compress") = false, py::arg("force_zip64") = false);

  // An ndarray for a .npy file (mapped when mmap_mode is given), an _NpzArchive for a zip.
  m.def(
      "_load_any",
      [](const std::string& path, std::optional<std::string> mmap_mode) -> py::object {
        std::optional<nd::mmap_mode> mode;
        if (mmap_mode) mode = nd::parse_mmap_mode(*mmap_mode);
        nd::loaded out;
        {
          py::gil_scoped_release nogil;
          out = mode ? nd::load_any(path, *mode) : nd::load_any(path);
        }
        if (auto* a = std::get_if<nd::array>(&out)) return wrap(std::move(*a));
        return py::cast(std::move(std::get<nd::npz_file>(out)));
      },
      py::arg("path"), py::arg("mmap_mode") = py::none());
}

}  // namespace ndpy

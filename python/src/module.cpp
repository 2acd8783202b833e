// The ndcore._core extension module; ndcore/__init__.py builds the public API on top.
#include "common.hpp"

namespace ndpy { void bind_io(py::module_& m); }  // bind_io.cpp

PYBIND11_MODULE(_core, m) {
  m.doc() = "ndcore's compiled core: nd::array and its operations";
  ndpy::bind_convert(m);
  ndpy::bind_array(m);
  ndpy::bind_ufunc(m);
  ndpy::bind_functions(m);
  ndpy::bind_interop(m);
  ndpy::bind_linalg(m);
  ndpy::bind_fft(m);
  ndpy::bind_linalg_module(m);
  ndpy::bind_random(m);
  ndpy::bind_io(m);
  m.def("_install_fast_slots", [m]() {
    py::object cls = m.attr("ndarray");
    ndpy::install_fast_number_slots(cls);
    ndpy::install_fast_getitem(cls);
    ndpy::install_fast_lifetime(cls);
    ndpy::install_fast_methods(cls);
    ndpy::install_fast_ufunc_call(m.attr("ufunc"));
    PyType_Modified(reinterpret_cast<PyTypeObject*>(cls.ptr()));
  });
}

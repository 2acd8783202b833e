// Products from nd's linear algebra: matmul (and the @ operator), dot, vdot, inner, outer,
// tensordot, kron, vecdot, cross.
#include "common.hpp"

namespace ndpy {

void bind_linalg(py::module_& m) {
  m.def(
      "matmul",
      [](py::handle x, py::handle y, py::handle out) -> py::object {
        nd::array a = as_array(x), b = as_array(y);
        std::optional<nd::array> o;
        if (!out.is_none()) o = out.cast<nd::array>();
        nd::array r;
        {
          maybe_release nogil(std::max(a.size(), b.size()));
          r = nd::matmul(a, b, o);
        }
        if (!out.is_none()) return py::reinterpret_borrow<py::object>(out);
        return py::cast(std::move(r));
      },
      py::arg("x1"), py::arg("x2"), py::kw_only(), py::arg("out") = py::none());

  using product_fn = nd::array (*)(const nd::array&, const nd::array&);
  auto def_product = [&m](const char* name, product_fn f, const char* a1, const char* a2) {
    m.def(
        name,
        [f](py::handle x, py::handle y) {
          nd::array a = as_array(x), b = as_array(y);
          maybe_release nogil(std::max(a.size(), b.size()));
          return f(a, b);
        },
        py::arg(a1), py::arg(a2));
  };
  def_product("_dot", &nd::dot, "a", "b");
  def_product("vdot", &nd::vdot, "a", "b");
  def_product("inner", &nd::inner, "a", "b");
  def_product("outer", static_cast<product_fn>(&nd::outer), "a", "b");
  def_product("kron", &nd::kron, "a", "b");
  m.def(
      "tensordot",
      [](py::handle x, py::handle y, py::handle axes) {
        nd::array a = as_array(x), b = as_array(y);
        if (PyLong_Check(axes.ptr())) return nd::tensordot(a, b, axes.cast<int64_t>());
        py::sequence pair = py::reinterpret_borrow<py::sequence>(axes);
        if (pair.size() != 2) throw py::value_error("axes must be an integer or a pair of axis sequences");
        return nd::tensordot(a, b, to_shape(pair[0]), to_shape(pair[1]));
      },
      py::arg("a"), py::arg("b"), py::arg("axes") = 2);
  m.def(
      "vecdot",
      [](py::handle x, py::handle y, int64_t axis) { return nd::vecdot(as_array(x), as_array(y), axis); },
      py::arg("x1"), py::arg("x2"), py::kw_only(), py::arg("axis") = -1);
  m.def(
      "cross",
      [](py::handle x, py::handle y, int64_t axis) { return nd::cross(as_array(x), as_array(y), axis); },
      py::arg("a"), py::arg("b"), py::arg("axis") = -1);

  // einsum: ndcore/linalg.py normalises the arguments (interleaved operands, optimize=).
  auto optimize_mode = [](const std::string& s) {
    if (s == "greedy") return nd::einsum_optimize::greedy;
    if (s == "optimal") return nd::einsum_optimize::optimal;
    if (s == "off") return nd::einsum_optimize::off;
    throw nd::value_error("[einsum] optimize must be False, True, 'greedy', 'optimal' or a path, got '" + s + "'");
  };
  m.def(
      "_einsum",
      [optimize_mode](const std::string& subscripts, py::handle operands, py::handle dtype, const std::string& casting,
                      const std::string& mode, py::handle path, py::handle out) {
        const std::vector<nd::array> ops = as_arrays(operands);
        nd::einsum_options o;
        o.dtype = to_opt_dtype(dtype);
        o.rule = to_casting(casting);
        o.optimize = optimize_mode(mode);
        if (!path.is_none()) {
          std::vector<nd::einsum_step> steps;
          for (py::handle step : path) steps.push_back(to_shape(step));
          o.path = std::move(steps);
        }
        if (!out.is_none()) o.out = out.cast<nd::array>();
        int64_t n = 0;
        for (const auto& a : ops) n = std::max(n, a.size());
        maybe_release nogil(n);
        return nd::einsum(subscripts, ops, o);
      },
      py::arg("subscripts"), py::arg("operands"), py::arg("dtype"), py::arg("casting"), py::arg("mode"),
      py::arg("path"), py::arg("out"));
  m.def(
      "_einsum_path",
      [optimize_mode](const std::string& subscripts, py::handle operands, const std::string& mode) {
        const auto info = nd::einsum_path(subscripts, as_arrays(operands), optimize_mode(mode));
        py::list path;
        path.append("einsum_path");
        for (const auto& step : info.path) {
          py::tuple t(step.size());
          for (size_t i = 0; i < step.size(); ++i) t[i] = step[i];
          path.append(t);
        }
        return py::make_tuple(path, info.report);
      },
      py::arg("subscripts"), py::arg("operands"), py::arg("mode"));

  // a @ b, b @ a and a @= b (in place only when the result keeps a's shape, as NumPy).
  py::object cls = m.attr("ndarray");
  py::object matmul = m.attr("matmul");
  auto convertible = [](py::handle o) {
    PyObject* p = o.ptr();
    return py::isinstance<nd::array>(o) || PyList_Check(p) || PyTuple_Check(p) ||
           (PyObject_CheckBuffer(p) && !PyBytes_Check(p) && !PyUnicode_Check(p));
  };
  cls.attr("__matmul__") = py::cpp_function(
      [matmul, convertible](py::handle self, py::handle other) -> py::object {
        if (!convertible(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return matmul(self, other);
      },
      py::name("__matmul__"), py::is_method(cls));
  cls.attr("__rmatmul__") = py::cpp_function(
      [matmul, convertible](py::handle self, py::handle other) -> py::object {
        if (!convertible(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return matmul(other, self);
      },
      py::name("__rmatmul__"), py::is_method(cls));
  cls.attr("__imatmul__") = py::cpp_function(
      [matmul, convertible](py::handle self, py::handle other) -> py::object {
        if (!convertible(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return matmul(self, other, py::arg("out") = self);
      },
      py::name("__imatmul__"), py::is_method(cls));
}

}  // namespace ndpy

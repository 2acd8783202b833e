// Products from nd's linear algebra: matmul (and the @ operator), dot, vdot, inner, outer,
// tensordot, kron, vecdot, cross.
#include "common.hpp"

namespace ndpy {

void bind_linalg(py::module_& m) {
  // matmul as NumPy's gufunc: out=, dtype= (operands cast under casting=, same_kind by
  // default) and axes= (where each operand's and the result's core dimensions lie).
  m.def(
      "matmul",
      [](py::handle x, py::handle y, py::handle out, const std::string& casting, py::handle dtype,
         py::handle axes) -> py::object {
        nd::array a = as_array(x), b = as_array(y);
        const nd::casting rule = to_casting(casting);
        if (!dtype.is_none()) {
          const nd::dtype dt = to_dtype(dtype);
          for (int i = 0; i < 2; ++i) {
            const nd::array& v = i == 0 ? a : b;
            if (!nd::can_cast(v.dtype(), dt, rule))
              throw nd::dtype_error("[matmul] Cannot cast ufunc 'matmul' input " + std::to_string(i) + " from " +
                                    std::string(v.dtype().name()) + " to " + std::string(dt.name()) +
                                    " with casting rule '" + std::string(nd::casting_name(rule)) + "'");
          }
          a = a.astype(dt, nd::casting::unsafe, false);
          b = b.astype(dt, nd::casting::unsafe, false);
        }
        std::optional<nd::array> o;
        if (!out.is_none()) o = out.cast<nd::array>();
        nd::array r;
        if (axes.is_none()) {
          maybe_release nogil(std::max(a.size(), b.size()));
          r = nd::matmul(a, b, o);
        } else {
          // Each entry: a tuple of axes (or one int) for that operand's core dimensions.
          auto entry = [](py::handle e) -> std::vector<int64_t> {
            if (PyLong_Check(e.ptr())) return {e.cast<int64_t>()};
            return to_shape(e);
          };
          py::sequence seq = py::reinterpret_borrow<py::sequence>(axes);
          const int64_t ocore = (a.ndim() > 1 ? 1 : 0) + (b.ndim() > 1 ? 1 : 0);
          if (seq.size() != 3 && !(seq.size() == 2 && ocore == 0))
            throw nd::value_error("[matmul] axes must be a list of 3 entries (operand 0, operand 1, result), got " +
                                  std::to_string(seq.size()));
          auto to_end = [&](const nd::array& v, const std::vector<int64_t>& e, const char* what) {
            const auto core = static_cast<size_t>(v.ndim() > 1 ? 2 : 1);
            if (e.size() != core)
              throw nd::value_error(std::string("[matmul] axes entry for ") + what + " must name " +
                                    std::to_string(core) + " axes, got " + std::to_string(e.size()));
            if (core == 1) return nd::moveaxis(v, e[0], -1);
            return nd::moveaxis(v, e, {-2, -1});
          };
          a = to_end(a, entry(seq[0]), "operand 0");
          b = to_end(b, entry(seq[1]), "operand 1");
          {
            maybe_release nogil(std::max(a.size(), b.size()));
            r = nd::matmul(a, b);
          }
          if (ocore > 0) {
            const std::vector<int64_t> e = entry(seq[2]);
            if (static_cast<int64_t>(e.size()) != ocore)
              throw nd::value_error("[matmul] axes entry for the result must name " + std::to_string(ocore) +
                                    " axes, got " + std::to_string(e.size()));
            r = ocore == 1 ? nd::moveaxis(r, -1, e[0]) : nd::moveaxis(r, {-2, -1}, e);
          }
          if (o) {
            if (o->shape() != r.shape())
              throw nd::shape_error("[matmul] out has shape " + nd::shape_str(o->shape()) + ", expected " +
                                    nd::shape_str(r.shape()));
            o->assign(r, nd::casting::same_kind);
          }
        }
        if (!out.is_none()) return py::reinterpret_borrow<py::object>(out);
        return py::cast(std::move(r));
      },
      py::arg("x1"), py::arg("x2"), py::arg("out") = py::none(), py::kw_only(), py::arg("casting") = "same_kind",
      py::arg("dtype") = py::none(), py::arg("axes") = py::none());

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

  // einsum: ndcore/linalg.py normalises the arguments (interleaved operands, optimize=, the
  // memory limit, an explicit path) and raises NumPy's exception types for bad ones.
  auto einsum_opts = [](const std::string& mode, py::handle memory_limit, py::handle path) {
    nd::einsum_options o;
    if (mode == "greedy") o.optimize = nd::einsum_optimize::greedy;
    else if (mode == "optimal") o.optimize = nd::einsum_optimize::optimal;
    else if (mode == "off") o.optimize = nd::einsum_optimize::off;
    else throw nd::value_error("[einsum] optimize must be False, True, 'greedy', 'optimal' or a path, got '" + mode + "'");
    if (!memory_limit.is_none()) o.memory_limit = memory_limit.cast<int64_t>();
    if (!path.is_none()) {
      std::vector<nd::einsum_step> steps;
      for (py::handle step : path) steps.push_back(to_shape(step));
      o.path = std::move(steps);
    }
    return o;
  };
  m.def(
      "_einsum",
      [einsum_opts](const std::string& subscripts, py::handle operands, py::handle dtype, const std::string& casting,
                    const std::string& mode, py::handle memory_limit, py::handle path, py::handle out) {
        const std::vector<nd::array> ops = as_arrays(operands);
        nd::einsum_options o = einsum_opts(mode, memory_limit, path);
        o.dtype = to_opt_dtype(dtype);
        o.rule = to_casting(casting);
        if (!out.is_none()) o.out = out.cast<nd::array>();
        int64_t n = 0;
        for (const auto& a : ops) n = std::max(n, a.size());
        maybe_release nogil(n);
        return nd::einsum(subscripts, ops, o);
      },
      py::arg("subscripts"), py::arg("operands"), py::arg("dtype"), py::arg("casting"), py::arg("mode"),
      py::arg("memory_limit"), py::arg("path"), py::arg("out"));
  m.def(
      "_einsum_path",
      [einsum_opts](const std::string& subscripts, py::handle operands, const std::string& mode,
                    py::handle memory_limit, py::handle path) {
        const auto info = nd::einsum_path(subscripts, as_arrays(operands), einsum_opts(mode, memory_limit, path));
        py::list steps;
        steps.append("einsum_path");
        for (const auto& step : info.path) {
          py::tuple t(step.size());
          for (size_t i = 0; i < step.size(); ++i) t[i] = step[i];
          steps.append(t);
        }
        return py::make_tuple(steps, info.report);
      },
      py::arg("subscripts"), py::arg("operands"), py::arg("mode"), py::arg("memory_limit"), py::arg("path"));

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

// ndcore.linalg over nd::linalg (numpy.linalg's solvers and decompositions). The products
// (matmul, dot, ...) are bound at the top level in bind_linalg.cpp; ndcore/linalg.py builds
// the public module from both. nd::linalg_error becomes ndcore.linalg.LinAlgError, a
// ValueError, as NumPy's is.
#include <nd/linalg.hpp>

#include "common.hpp"

namespace ndpy {
namespace {

nd::linalg::norm_ord to_ord(py::handle ord) {
  if (ord.is_none()) return {};
  if (py::isinstance<py::str>(ord)) return nd::linalg::norm_ord(ord.cast<std::string>().c_str());
  return nd::linalg::norm_ord(ord.cast<double>());
}

std::optional<double> opt_double(py::handle h) {
  if (h.is_none()) return std::nullopt;
  return h.cast<double>();
}

}  // namespace

void bind_linalg_module(py::module_& m) {
  py::module_ l = m.def_submodule("_linalg", "nd::linalg");
  static py::exception<nd::linalg_error> linalg_error(l, "LinAlgError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const nd::linalg_error& e) {
      py::set_error(linalg_error, e.what());
    }
  });
  l.def("solve", [](py::handle a, py::handle b) { return nd::linalg::solve(as_array(a), as_array(b)); });
  l.def("inv", [](py::handle a) { return nd::linalg::inv(as_array(a)); });
  l.def("det", [](py::handle a) { return nd::linalg::det(as_array(a)); });
  l.def("slogdet", [](py::handle a) {
    auto r = nd::linalg::slogdet(as_array(a));
    return py::make_tuple(r.sign, r.logabsdet);
  });
  l.def("cholesky", [](py::handle a, bool upper) { return nd::linalg::cholesky(as_array(a), upper); });
  l.def("qr", [](py::handle a, const std::string& mode) {
    nd::linalg::qr_mode md = nd::linalg::qr_mode::reduced;
    if (mode == "complete") md = nd::linalg::qr_mode::complete;
    else if (mode == "r") md = nd::linalg::qr_mode::r;
    else if (mode != "reduced") throw nd::value_error("Unrecognized mode '" + mode + "'");
    auto r = nd::linalg::qr(as_array(a), md);
    if (md == nd::linalg::qr_mode::r) return py::object(py::cast(r.R));
    return py::object(py::make_tuple(r.Q, r.R));
  });
  l.def("eigh", [](py::handle a, const std::string& uplo) {
    auto r = nd::linalg::eigh(as_array(a), uplo.empty() ? 'L' : uplo[0]);
    return py::make_tuple(r.eigenvalues, r.eigenvectors);
  });
  l.def("eigvalsh", [](py::handle a, const std::string& uplo) {
    return nd::linalg::eigvalsh(as_array(a), uplo.empty() ? 'L' : uplo[0]);
  });
  l.def("eig", [](py::handle a) {
    auto r = nd::linalg::eig(as_array(a));
    return py::make_tuple(r.eigenvalues, r.eigenvectors);
  });
  l.def("eigvals", [](py::handle a) { return nd::linalg::eigvals(as_array(a)); });
  l.def("svd", [](py::handle a, bool full_matrices, bool compute_uv) {
    auto r = nd::linalg::svd(as_array(a), full_matrices, compute_uv);
    if (!compute_uv) return py::object(py::cast(r.S));
    return py::object(py::make_tuple(r.U, r.S, r.Vh));
  });
  l.def("svdvals", [](py::handle a) { return nd::linalg::svdvals(as_array(a)); });
  l.def("lstsq", [](py::handle a, py::handle b, py::handle rcond) {
    auto r = nd::linalg::lstsq(as_array(a), as_array(b), opt_double(rcond));
    return py::make_tuple(r.x, r.residuals, r.rank, r.s);
  });
  l.def("pinv", [](py::handle a, py::handle rcond, bool hermitian) {
    return nd::linalg::pinv(as_array(a), opt_double(rcond), hermitian);
  });
  l.def("matrix_rank", [](py::handle a, py::handle tol, bool hermitian) {
    return nd::linalg::matrix_rank(as_array(a), opt_double(tol), hermitian);
  });
  l.def("matrix_power", [](py::handle a, int64_t n) { return nd::linalg::matrix_power(as_array(a), n); });
  l.def("multi_dot", [](py::handle arrays) { return nd::linalg::multi_dot(as_arrays(arrays)); });
  l.def("matrix_transpose", [](py::handle a) { return nd::linalg::matrix_transpose(as_array(a)); });
  l.def("norm", [](py::handle x, py::handle ord, py::handle axis, bool keepdims) {
    return nd::linalg::norm(as_array(x), to_ord(ord), to_axes(axis), keepdims);
  });
  l.def("cond", [](py::handle x, py::handle ord) { return nd::linalg::cond(as_array(x), to_ord(ord)); });
  l.def("vector_norm", [](py::handle x, py::handle ord, py::handle axis, bool keepdims) {
    const nd::linalg::norm_ord o = to_ord(ord);
    if (!o.name().empty()) throw nd::value_error("[vector_norm] Invalid norm order '" + o.name() + "' for vectors");
    return nd::linalg::vector_norm(as_array(x), o.p().value_or(2.0), to_axes(axis), keepdims);
  });
  l.def("matrix_norm", [](py::handle x, py::handle ord, bool keepdims) {
    return nd::linalg::matrix_norm(as_array(x), to_ord(ord), keepdims);
  });
  l.def("cross", [](py::handle a, py::handle b, int64_t axis) {
    return nd::linalg::cross(as_array(a), as_array(b), axis);
  });
  l.def("tensorinv", [](py::handle a, int64_t ind) { return nd::linalg::tensorinv(as_array(a), ind); });
  l.def("tensorsolve", [](py::handle a, py::handle b, py::handle axes) {
    std::optional<std::vector<int64_t>> ax;
    if (!axes.is_none()) ax = to_shape(axes);
    return nd::linalg::tensorsolve(as_array(a), as_array(b), ax);
  });
}

}  // namespace ndpy

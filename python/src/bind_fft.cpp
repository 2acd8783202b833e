// ndcore.fft over nd::fft (numpy.fft's API on FFTW). The Python module ndcore/fft.py
// forwards to the functions of the _core._fft submodule defined here.
#include <nd/fft.hpp>

#include "common.hpp"

namespace ndpy {
namespace {

nd::fft::norm_mode norm_of(py::handle norm) {
  if (norm.is_none()) return nd::fft::norm_mode::backward;
  return nd::fft::parse_norm(py::str(norm).cast<std::string>());
}

std::optional<int64_t> opt_n(py::handle n) {
  if (n.is_none()) return std::nullopt;
  return n.cast<int64_t>();
}

std::optional<std::vector<int64_t>> opt_ints(py::handle v) {
  if (v.is_none()) return std::nullopt;
  if (py::isinstance<py::int_>(v)) return std::vector<int64_t>{v.cast<int64_t>()};
  std::vector<int64_t> out;
  for (py::handle x : v) out.push_back(x.is_none() ? -1 : x.cast<int64_t>());
  return out;
}

std::optional<nd::array> opt_out(py::handle out) {
  if (out.is_none()) return std::nullopt;
  return as_array(out);
}

using one_d = nd::array (*)(const nd::array&, std::optional<int64_t>, int64_t, nd::fft::norm_mode,
                            const std::optional<nd::array>&);
using n_d = nd::array (*)(const nd::array&, const std::optional<nd::fft::sizes_t>&,
                          const std::optional<nd::fft::axes_t>&, nd::fft::norm_mode, const std::optional<nd::array>&);

void def_1d(py::module_& f, const char* name, one_d fn) {
  f.def(
      name,
      [fn](py::handle a, py::handle n, int64_t axis, py::handle norm, py::handle out) {
        const nd::array x = as_array(a);
        const auto nn = opt_n(n);
        const auto nm = norm_of(norm);
        const auto o = opt_out(out);
        maybe_release nogil(x.size());
        return fn(x, nn, axis, nm, o);
      },
      py::arg("a"), py::arg("n") = py::none(), py::arg("axis") = -1, py::arg("norm") = py::none(),
      py::arg("out") = py::none());
}

void def_nd(py::module_& f, const char* name, n_d fn, bool two_d) {
  f.def(
      name,
      [fn, two_d](py::handle a, py::handle s, py::handle axes, py::handle norm, py::handle out) {
        const nd::array x = as_array(a);
        auto ax = opt_ints(axes);
        if (!ax && two_d) ax = nd::fft::axes_t{-2, -1};
        const auto ss = opt_ints(s);
        const auto nm = norm_of(norm);
        const auto o = opt_out(out);
        maybe_release nogil(x.size());
        return fn(x, ss, ax, nm, o);
      },
      py::arg("a"), py::arg("s") = py::none(), py::arg("axes") = py::none(), py::arg("norm") = py::none(),
      py::arg("out") = py::none());
}

// The 2-D functions take a fixed axes vector in C++; adapt them to the n-D signature.
template <nd::array (*F)(const nd::array&, const std::optional<nd::fft::sizes_t>&, const nd::fft::axes_t&,
                         nd::fft::norm_mode, const std::optional<nd::array>&)>
nd::array two(const nd::array& a, const std::optional<nd::fft::sizes_t>& s, const std::optional<nd::fft::axes_t>& axes,
              nd::fft::norm_mode norm, const std::optional<nd::array>& out) {
  return F(a, s, axes ? *axes : nd::fft::axes_t{-2, -1}, norm, out);
}

}  // namespace

void bind_fft(py::module_& m) {
  py::module_ f = m.def_submodule("_fft", "nd::fft");
  def_1d(f, "fft", &nd::fft::fft);
  def_1d(f, "ifft", &nd::fft::ifft);
  def_1d(f, "rfft", &nd::fft::rfft);
  def_1d(f, "irfft", &nd::fft::irfft);
  def_1d(f, "hfft", &nd::fft::hfft);
  def_1d(f, "ihfft", &nd::fft::ihfft);
  def_nd(f, "fftn", &nd::fft::fftn, false);
  def_nd(f, "ifftn", &nd::fft::ifftn, false);
  def_nd(f, "rfftn", &nd::fft::rfftn, false);
  def_nd(f, "irfftn", &nd::fft::irfftn, false);
  def_nd(f, "fft2", &two<&nd::fft::fft2>, true);
  def_nd(f, "ifft2", &two<&nd::fft::ifft2>, true);
  def_nd(f, "rfft2", &two<&nd::fft::rfft2>, true);
  def_nd(f, "irfft2", &two<&nd::fft::irfft2>, true);
  f.def("fftfreq", [](int64_t n, double d) { return nd::fft::fftfreq(n, d); }, py::arg("n"), py::arg("d") = 1.0);
  f.def("rfftfreq", [](int64_t n, double d) { return nd::fft::rfftfreq(n, d); }, py::arg("n"), py::arg("d") = 1.0);
  f.def(
      "fftshift", [](py::handle x, py::handle axes) { return nd::fft::fftshift(as_array(x), opt_ints(axes)); },
      py::arg("x"), py::arg("axes") = py::none());
  f.def(
      "ifftshift", [](py::handle x, py::handle axes) { return nd::fft::ifftshift(as_array(x), opt_ints(axes)); },
      py::arg("x"), py::arg("axes") = py::none());
  f.def("clear_plan_cache", &nd::fft::clear_plan_cache);
  f.def("plan_cache_size", &nd::fft::plan_cache_size);
  f.def("set_planner", [](const std::string& p) {
    if (p == "estimate") nd::fft::set_planner(nd::fft::planner::estimate);
    else if (p == "measure") nd::fft::set_planner(nd::fft::planner::measure);
    else throw nd::value_error("planner must be 'estimate' or 'measure', not '" + p + "'");
  });
  f.def("export_wisdom", &nd::fft::export_wisdom);
  f.def("import_wisdom", &nd::fft::import_wisdom);
}

}  // namespace ndpy

// Ufunc objects, the ndarray operators, and the reductions.
#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>
#include <unordered_map>

#include "common.hpp"

namespace ndpy {
namespace {

using binary_fn = nd::array (*)(const nd::operand&, const nd::operand&, const nd::ufunc_options&);
using unary_fn = nd::array (*)(const nd::operand&, const nd::ufunc_options&);

struct ufunc {
  std::string name;
  int nin = 1;
  binary_fn binary = nullptr;
  unary_fn unary = nullptr;
};

int64_t size_of(const operand_holder& h) { return h.is_array() ? h.array().size() : 1; }

// Returns the array `out` refers to: a tuple of one, or the array itself.
py::object out_arg(py::handle out) {
  if (out.is_none()) return py::none();
  if (PyTuple_Check(out.ptr())) {
    py::tuple t = py::reinterpret_borrow<py::tuple>(out);
    if (t.size() != 1) throw py::value_error("The 'out' tuple must have exactly one entry per ufunc output");
    return t[0];
  }
  return py::reinterpret_borrow<py::object>(out);
}

nd::array out_array(const py::object& o) {
  if (!py::isinstance<nd::array>(o)) throw py::type_error("return arrays must be of ndcore.ndarray type");
  return o.cast<nd::array>();
}

// One ufunc application on Python operands (arrays, scalars, anything as_array takes),
// with the GIL released for large operands.
nd::array apply_binary(binary_fn f, py::handle x, py::handle y, const nd::ufunc_options& opts) {
  operand_holder a(x), b(y);
  maybe_release nogil(std::max(size_of(a), size_of(b)));
  return f(a.get(), b.get(), opts);
}

nd::array apply_unary(unary_fn f, py::handle x, const nd::ufunc_options& opts) {
  operand_holder a(x);
  maybe_release nogil(size_of(a));
  return f(a.get(), opts);
}

nd::array apply(const ufunc& u, py::handle x, py::handle y, const nd::ufunc_options& opts) {
  return u.nin == 2 ? apply_binary(u.binary, x, y, opts) : apply_unary(u.unary, x, opts);
}

py::object call_ufunc(const ufunc& u, py::args args, py::kwargs kw) {
  if (args.size() < static_cast<size_t>(u.nin) || args.size() > static_cast<size_t>(u.nin) + 1)
    throw py::type_error(u.name + "() takes from " + std::to_string(u.nin) + " to " + std::to_string(u.nin + 1) +
                         " positional arguments but " + std::to_string(args.size()) + " were given");
  py::object out = args.size() > static_cast<size_t>(u.nin) ? out_arg(args[static_cast<size_t>(u.nin)]) : py::none();
  nd::ufunc_options opts;
  for (auto item : kw) {
    auto key = item.first.cast<std::string>();
    py::handle v = item.second;
    if (key == "out") {
      out = out_arg(v);
    } else if (key == "where") {
      if (!(PyBool_Check(v.ptr()) && v.ptr() == Py_True)) opts.where = as_array(v);
    } else if (key == "dtype") {
      opts.dtype = to_opt_dtype(v);
    } else if (key == "casting") {
      opts.casting = to_casting(v.cast<std::string>());
    } else if (key == "subok" || key == "order") {
      // accepted for compatibility; ndcore has no subclasses and results are C ordered
    } else {
      throw py::type_error("'" + key + "' is an invalid keyword to ufunc '" + u.name + "'");
    }
  }
  if (!out.is_none()) opts.out = out_array(out);
  nd::array r = apply(u, args[0], u.nin == 2 ? args[1] : py::handle(), opts);
  if (!out.is_none()) return out;
  return wrap(std::move(r));
}

bool convertible(py::handle other) {
  PyObject* p = other.ptr();
  return exact_ndarray(p) || PyFloat_Check(p) || PyLong_Check(p) || PyComplex_Check(p) ||
         py::isinstance<nd::array>(other) || PyList_Check(p) || PyTuple_Check(p) ||
         (PyObject_CheckBuffer(p) && !PyBytes_Check(p) && !PyUnicode_Check(p));
}

py::object binop(binary_fn f, py::handle x, py::handle y) { return wrap(apply_binary(f, x, y, {})); }

void def_binary_operator(py::object cls, const char* name, const char* rname, const char* iname, binary_fn f) {
  cls.attr(name) = py::cpp_function(
      [f](py::handle self, py::handle other) -> py::object {
        if (!convertible(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return binop(f, self, other);
      },
      py::name(name), py::is_method(cls));
  if (rname)
    cls.attr(rname) = py::cpp_function(
        [f](py::handle self, py::handle other) -> py::object {
          if (!convertible(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          return binop(f, other, self);
        },
        py::name(rname), py::is_method(cls));
  if (iname)
    cls.attr(iname) = py::cpp_function(
        [f](py::handle self, py::handle other) -> py::object {
          if (!convertible(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          nd::array& a = self.cast<nd::array&>();
          operand_holder b(other);
          nd::ufunc_options opts;
          opts.out = a;
          {
            maybe_release nogil(a.size());
            f(nd::operand(a), b.get(), opts);
          }
          return py::reinterpret_borrow<py::object>(self);
        },
        py::name(iname), py::is_method(cls));
}

// CPython number slots for the hottest operators. The pybind11 methods above stay as the
// named __add__ etc.; these replace only the C slots the interpreter calls for `a + b`,
// skipping pybind11's generic argument dispatch (most of a small call's cost).
template <binary_fn F>
PyObject* slot_binary(PyObject* x, PyObject* y) {
  try {
    if (!convertible(x) || !convertible(y)) Py_RETURN_NOTIMPLEMENTED;
    return binop(F, x, y).release().ptr();
  } catch (...) {
    py::detail::try_translate_exceptions();
    return nullptr;
  }
}

template <unary_fn F>
PyObject* slot_unary(PyObject* x) {
  try {
    return wrap(apply_unary(F, x, {})).release().ptr();
  } catch (...) {
    py::detail::try_translate_exceptions();
    return nullptr;
  }
}

void def_unary_operator(py::object cls, const char* name, unary_fn f) {
  cls.attr(name) = py::cpp_function(
      [f](const nd::array& a) {
        maybe_release nogil(a.size());
        return f(nd::operand(a), {});
      },
      py::name(name), py::is_method(cls));
}

using reduce_fn = nd::array (*)(const nd::array&, const nd::reduce_options&);

const std::unordered_map<std::string, reduce_fn>& reductions() {
  static const std::unordered_map<std::string, reduce_fn> table = {
#define ND_X(name) {#name, static_cast<reduce_fn>(&nd::name)},
      ND_REDUCTIONS(ND_X)
#undef ND_X
  };
  return table;
}

using arg_fn = nd::array (*)(const nd::array&, std::optional<int64_t>, bool, std::optional<nd::array>);

}  // namespace

namespace {
PyTypeObject* g_ufunc_type = nullptr;
py::object* g_general_ufunc_call = nullptr;  // the pybind11 __call__ (keywords, out=, ...)

// ufunc(x) and ufunc(x, y) without keywords skip pybind11's argument dispatch.
PyObject* slot_ufunc_call(PyObject* self, PyObject* args, PyObject* kwargs) {
  try {
    const Py_ssize_t n = PyTuple_GET_SIZE(args);
    auto* inst = reinterpret_cast<py::detail::instance*>(self);
    if (Py_TYPE(self) == g_ufunc_type && inst->simple_layout && (!kwargs || PyDict_GET_SIZE(kwargs) == 0)) {
      const auto* u = static_cast<const ufunc*>(inst->simple_value_holder[0]);
      if (n == u->nin)
        return wrap(apply(*u, PyTuple_GET_ITEM(args, 0), n == 2 ? PyTuple_GET_ITEM(args, 1) : nullptr, {}))
            .release()
            .ptr();
    }
    py::tuple full(n + 1);
    full[0] = py::reinterpret_borrow<py::object>(self);
    for (Py_ssize_t i = 0; i < n; ++i) full[static_cast<size_t>(i + 1)] = py::reinterpret_borrow<py::object>(PyTuple_GET_ITEM(args, i));
    return PyObject_Call(g_general_ufunc_call->ptr(), full.ptr(), kwargs);
  } catch (...) {
    py::detail::try_translate_exceptions();
    return nullptr;
  }
}
}  // namespace

void install_fast_ufunc_call(py::handle ufunc_cls) {
  g_ufunc_type = reinterpret_cast<PyTypeObject*>(ufunc_cls.ptr());
  if (!g_general_ufunc_call) g_general_ufunc_call = new py::object(ufunc_cls.attr("__call__"));  // process lifetime
  g_ufunc_type->tp_call = &slot_ufunc_call;
  PyType_Modified(g_ufunc_type);
}

namespace {

// Methods called without arguments (a.sum(), a.max(), a.copy()) run here directly; any
// argument, or a subclass instance, goes to the method they replace (the Python forwarders of
// _ndarray.py or pybind11's), so results and errors stay those of the general path.
struct fast_method {
  const char* name;
  reduce_fn reduce;  // nullptr: copy
  PyObject* original;
};

fast_method g_fast_methods[] = {
    {"sum", &nd::sum, nullptr},  {"prod", &nd::prod, nullptr}, {"mean", &nd::mean, nullptr},
    {"min", &nd::min, nullptr},  {"max", &nd::max, nullptr},   {"any", &nd::any, nullptr},
    {"all", &nd::alltrue, nullptr}, {"std", &nd::std, nullptr}, {"var", &nd::var, nullptr},
    {"copy", nullptr, nullptr},
};

template <int K>
PyObject* fast_method_call(PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
  const fast_method& m = g_fast_methods[K];
  const nd::array* a = exact_ndarray(self);
  if (nargs == 0 && kwnames == nullptr && a) {
    try {
      nd::array r;
      {
        maybe_release nogil(a->size());
        r = m.reduce ? m.reduce(*a, {}) : a->copy(nd::order::C);
      }
      return wrap(std::move(r)).release().ptr();
    } catch (...) {
      py::detail::try_translate_exceptions();
      return nullptr;
    }
  }
  const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
  std::vector<PyObject*> all(static_cast<size_t>(1 + nargs + nkw));
  all[0] = self;
  for (Py_ssize_t i = 0; i < nargs + nkw; ++i) all[static_cast<size_t>(1 + i)] = args[i];
  return PyObject_Vectorcall(m.original, all.data(), static_cast<size_t>(1 + nargs), kwnames);
}

template <int... K>
constexpr auto fast_method_table(std::integer_sequence<int, K...>) {
  return std::array<PyObject* (*)(PyObject*, PyObject* const*, Py_ssize_t, PyObject*), sizeof...(K)>{
      &fast_method_call<K>...};
}

constexpr size_t kFastMethods = sizeof(g_fast_methods) / sizeof(g_fast_methods[0]);

}  // namespace

void install_fast_methods(py::handle cls) {
  static const auto calls = fast_method_table(std::make_integer_sequence<int, kFastMethods>());
  static PyMethodDef defs[kFastMethods];
  auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  for (size_t k = 0; k < kFastMethods; ++k) {
    fast_method& m = g_fast_methods[k];
    if (m.original) continue;  // installed already
    PyObject* orig = PyDict_GetItemString(type->tp_dict, m.name);  // borrowed
    if (!orig) continue;
    py::object descr_orig = py::reinterpret_borrow<py::object>(orig);
    // The original as a plain callable taking self first (functions and pybind11's methods are).
    m.original = descr_orig.inc_ref().ptr();  // kept for the process
    defs[k] = PyMethodDef{m.name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(calls[k])),
                          METH_FASTCALL | METH_KEYWORDS, nullptr};
    // The docstring of the method replaced.
    py::object doc = py::getattr(descr_orig, "__doc__", py::none());
    static std::string docs[kFastMethods];
    if (!doc.is_none()) {
      docs[k] = doc.cast<std::string>();
      defs[k].ml_doc = docs[k].c_str();
    }
    py::object descr = py::reinterpret_steal<py::object>(PyDescr_NewMethod(type, &defs[k]));
    if (!descr) throw py::error_already_set();
    if (PyDict_SetItemString(type->tp_dict, m.name, descr.ptr()) != 0) throw py::error_already_set();
  }
}

void install_fast_number_slots(py::handle cls) {
  auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  PyNumberMethods* nb = type->tp_as_number;
  nb->nb_add = &slot_binary<&nd::add>;
  nb->nb_subtract = &slot_binary<&nd::subtract>;
  nb->nb_multiply = &slot_binary<&nd::multiply>;
  nb->nb_true_divide = &slot_binary<&nd::divide>;
  nb->nb_negative = &slot_unary<&nd::negative>;
}

void bind_ufunc(py::module_& m) {
  py::class_<ufunc>(m, "ufunc", py::dynamic_attr(), "An elementwise function with NumPy's ufunc call protocol.")
      .def_property_readonly("nin", [](const ufunc& u) { return u.nin; })
      .def_property_readonly("nout", [](const ufunc&) { return 1; })
      .def_property_readonly("nargs", [](const ufunc& u) { return u.nin + 1; })
      .def("__repr__", [](const ufunc& u) { return "<ufunc '" + u.name + "'>"; })
      .def("__call__", &call_ufunc)
      .def("__reduce__", [](const ufunc& u) {
        return py::make_tuple(py::module_::import("ndcore").attr("_ufunc_by_name"), py::make_tuple(u.name));
      });
  py::dict ufuncs;
  // __name__ lives in each instance's dict (a class attribute would rename the type).
  auto add = [&ufuncs](ufunc u) {
    py::object o = py::cast(u);
    o.attr("__name__") = u.name;
    ufuncs[py::str(u.name)] = o;
  };
#define ND_X(fname) add(ufunc{#fname, 2, static_cast<binary_fn>(&nd::fname), nullptr});
  ND_BINARY_UFUNCS(ND_X)
#undef ND_X
#define ND_X(fname) add(ufunc{#fname, 1, nullptr, static_cast<unary_fn>(&nd::fname)});
  ND_UNARY_UFUNCS(ND_X)
#undef ND_X
  m.attr("_ufuncs") = ufuncs;

  py::object cls = m.attr("ndarray");
  def_binary_operator(cls, "__add__", "__radd__", "__iadd__", &nd::add);
  def_binary_operator(cls, "__sub__", "__rsub__", "__isub__", &nd::subtract);
  def_binary_operator(cls, "__mul__", "__rmul__", "__imul__", &nd::multiply);
  def_binary_operator(cls, "__truediv__", "__rtruediv__", "__itruediv__", &nd::divide);
  def_binary_operator(cls, "__floordiv__", "__rfloordiv__", "__ifloordiv__", &nd::floor_divide);
  def_binary_operator(cls, "__mod__", "__rmod__", "__imod__", &nd::remainder);
  def_binary_operator(cls, "__and__", "__rand__", "__iand__", &nd::bitwise_and);
  def_binary_operator(cls, "__or__", "__ror__", "__ior__", &nd::bitwise_or);
  def_binary_operator(cls, "__xor__", "__rxor__", "__ixor__", &nd::bitwise_xor);
  def_binary_operator(cls, "__lshift__", "__rlshift__", "__ilshift__", &nd::left_shift);
  def_binary_operator(cls, "__rshift__", "__rrshift__", "__irshift__", &nd::right_shift);
  def_binary_operator(cls, "__eq__", nullptr, nullptr, &nd::equal);
  def_binary_operator(cls, "__ne__", nullptr, nullptr, &nd::not_equal);
  // `a == None` compares elementwise (all False), as NumPy's; other operands as the ufuncs.
  for (bool eq : {true, false}) {
    py::object ufunc_op = cls.attr(eq ? "__eq__" : "__ne__");
    cls.attr(eq ? "__eq__" : "__ne__") = py::cpp_function(
        [eq, ufunc_op](py::handle self, py::handle other) -> py::object {
          if (other.is_none()) return py::cast(nd::full(self.cast<const nd::array&>().shape(), !eq));
          return ufunc_op(self, other);
        },
        py::name(eq ? "__eq__" : "__ne__"), py::is_method(cls));
  }
  def_binary_operator(cls, "__lt__", nullptr, nullptr, &nd::less);
  def_binary_operator(cls, "__le__", nullptr, nullptr, &nd::less_equal);
  def_binary_operator(cls, "__gt__", nullptr, nullptr, &nd::greater);
  def_binary_operator(cls, "__ge__", nullptr, nullptr, &nd::greater_equal);
  def_binary_operator(cls, "_pow", "_rpow", "__ipow__", &nd::power);
  def_unary_operator(cls, "__neg__", &nd::negative);
  def_unary_operator(cls, "__pos__", &nd::positive);
  def_unary_operator(cls, "__invert__", &nd::invert);
  def_unary_operator(cls, "__abs__", &nd::absolute);
  cls.attr("__hash__") = py::none();

  m.def(
      "_reduce",
      [](const std::string& name, py::handle a_obj, py::handle axis, py::handle dtype, py::handle out,
         bool keepdims, py::handle initial, py::handle where, int64_t ddof) -> py::object {
        auto it = reductions().find(name);
        if (it == reductions().end()) throw py::value_error("unknown reduction " + name);
        nd::array a = as_array(a_obj);
        nd::reduce_options o;
        o.axis = to_axes(axis);
        o.keepdims = keepdims;
        o.dtype = to_opt_dtype(dtype);
        py::object out_o = out_arg(out);
        if (!out_o.is_none()) o.out = out_array(out_o);
        if (!initial.is_none()) o.initial = initial.cast<double>();
        if (!(where.is_none() || (PyBool_Check(where.ptr()) && where.ptr() == Py_True))) o.where = as_array(where);
        o.ddof = ddof;
        nd::array r;
        {
          maybe_release nogil(a.size());
          r = it->second(a, o);
        }
        if (!out_o.is_none()) return out_o;
        return wrap(std::move(r));
      },
      py::arg("name"), py::arg("a"), py::arg("axis") = py::none(), py::arg("dtype") = py::none(),
      py::arg("out") = py::none(), py::arg("keepdims") = false, py::arg("initial") = py::none(),
      py::arg("where") = py::none(), py::arg("ddof") = 0);

  auto def_arg = [&m](const char* name, arg_fn f) {
    m.def(
        name,
        [f](py::handle a_obj, py::handle axis, py::handle out, bool keepdims) -> py::object {
          nd::array a = as_array(a_obj);
          py::object out_o = out_arg(out);
          std::optional<nd::array> o;
          if (!out_o.is_none()) o = out_array(out_o);
          nd::array r;
          {
            maybe_release nogil(a.size());
            r = f(a, to_axis(axis), keepdims, o);
          }
          if (!out_o.is_none()) return out_o;
          return wrap(std::move(r));
        },
        py::arg("a"), py::arg("axis") = py::none(), py::arg("out") = py::none(), py::arg("keepdims") = false);
  };
  def_arg("argmax", &nd::argmax);
  def_arg("argmin", &nd::argmin);
  def_arg("nanargmax", &nd::nanargmax);
  def_arg("nanargmin", &nd::nanargmin);

  m.def(
      "count_nonzero",
      [](py::handle a_obj, py::handle axis, bool keepdims) {
        nd::array a = as_array(a_obj);
        maybe_release nogil(a.size());
        return nd::count_nonzero(a, to_axes(axis), keepdims);
      },
      py::arg("a"), py::arg("axis") = py::none(), py::arg("keepdims") = false);

  using scan_fn = nd::array (*)(const nd::array&, std::optional<int64_t>, std::optional<nd::dtype>,
                                std::optional<nd::array>);
  auto def_scan = [&m](const char* name, scan_fn f) {
    m.def(
        name,
        [f](py::handle a_obj, py::handle axis, py::handle dtype, py::handle out) -> py::object {
          nd::array a = as_array(a_obj);
          py::object out_o = out_arg(out);
          std::optional<nd::array> o;
          if (!out_o.is_none()) o = out_array(out_o);
          nd::array r;
          auto dt = to_opt_dtype(dtype);
          auto ax = to_axis(axis);
          {
            maybe_release nogil(a.size());
            r = f(a, ax, dt, o);
          }
          if (!out_o.is_none()) return out_o;
          return wrap(std::move(r));
        },
        py::arg("a"), py::arg("axis") = py::none(), py::arg("dtype") = py::none(), py::arg("out") = py::none());
  };
  def_scan("cumsum", &nd::cumsum);
  def_scan("cumprod", &nd::cumprod);

  m.def("divmod", [](py::handle x, py::handle y) {
    operand_holder a(x), b(y);
    std::pair<nd::array, nd::array> r;
    {
      maybe_release nogil(std::max(size_of(a), size_of(b)));
      r = nd::divmod(a.get(), b.get());
    }
    return py::make_tuple(r.first, r.second);
  });
  m.def(
      "round",
      [](py::handle x, int decimals, py::handle out) -> py::object {
        operand_holder a(x);
        nd::array r;
        {
          maybe_release nogil(size_of(a));
          r = nd::round(a.get(), decimals);
        }
        py::object out_o = out_arg(out);
        if (!out_o.is_none()) {
          out_array(out_o).assign(r);
          return out_o;
        }
        return wrap(std::move(r));
      },
      py::arg("a"), py::arg("decimals") = 0, py::arg("out") = py::none());
  m.def(
      "isclose",
      [](py::handle x, py::handle y, double rtol, double atol, bool equal_nan) {
        operand_holder a(x), b(y);
        return nd::isclose(a.get(), b.get(), rtol, atol, equal_nan);
      },
      py::arg("a"), py::arg("b"), py::arg("rtol") = 1e-05, py::arg("atol") = 1e-08, py::arg("equal_nan") = false);
  m.def(
      "allclose",
      [](py::handle x, py::handle y, double rtol, double atol, bool equal_nan) {
        operand_holder a(x), b(y);
        return nd::allclose(a.get(), b.get(), rtol, atol, equal_nan);
      },
      py::arg("a"), py::arg("b"), py::arg("rtol") = 1e-05, py::arg("atol") = 1e-08, py::arg("equal_nan") = false);
  m.def(
      "array_equal",
      [](py::handle x, py::handle y, bool equal_nan) { return nd::array_equal(as_array(x), as_array(y), equal_nan); },
      py::arg("a1"), py::arg("a2"), py::arg("equal_nan") = false);
  m.def("where", [](py::handle c, py::handle x, py::handle y) {
    nd::array cond = as_array(c);
    operand_holder a(x), b(y);
    maybe_release nogil(cond.size());
    return nd::where(cond, a.get(), b.get());
  });
  m.def("_clip", [](py::handle x, py::handle lo, py::handle hi) {
    operand_holder a(x), l(lo), h(hi);
    maybe_release nogil(size_of(a));
    return nd::clip(a.get(), l.get(), h.get());
  });
  m.def("geterr", []() {
    nd::errstate e = nd::geterr();
    auto s = [](nd::fp_mode f) { return f == nd::fp_mode::raise ? "raise" : "ignore"; };
    py::dict d;
    d["divide"] = s(e.divide);
    d["over"] = s(e.over);
    d["under"] = s(e.under);
    d["invalid"] = s(e.invalid);
    return d;
  });
  m.def("_seterr", [](const std::string& divide, const std::string& over, const std::string& under,
                      const std::string& invalid) {
    auto f = [](const std::string& s) {
      if (s == "raise") return nd::fp_mode::raise;
      if (s == "ignore" || s == "warn" || s == "print" || s == "log" || s == "call") return nd::fp_mode::ignore;
      throw py::value_error("invalid error mode " + s);
    };
    nd::seterr({f(divide), f(over), f(under), f(invalid)});
  });
  m.def("set_num_threads", &nd::set_num_threads);
  m.def("get_num_threads", &nd::get_num_threads);
}

}  // namespace ndpy

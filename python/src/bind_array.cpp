// ndcore.ndarray: attributes, indexing, conversions, views and the buffer protocol.
#include <pybind11/stl.h>

#include <array>
#include <cstring>
#include <span>

#include "common.hpp"

namespace ndpy {

PyTypeObject* g_ndarray_type = nullptr;

namespace {

// A view keeps NumPy's `base`: the object that owns the memory (the first array, or the
// exporter a foreign buffer came from).
py::object as_view(py::handle self, nd::array&& v) {
  const nd::array& src = ndarray_ref(self);
  const bool shares = v.shares_buffer(src);
  py::object out = wrap(std::move(v));
  if (shares) {
    PyObject* base = holder_of(self.ptr()).base();
    holder_of(out.ptr()).set_base(base ? base : self.ptr());
  }
  return out;
}

// One Python int (not bool) as int64; false for anything else. Overflow is an IndexError.
bool exact_int(PyObject* p, int64_t& v) {
  if (!PyLong_Check(p) || PyBool_Check(p)) return false;
  int overflow = 0;
  const long long x = PyLong_AsLongLongAndOverflow(p, &overflow);
  if (overflow) throw py::index_error("cannot fit 'int' into an index-sized integer");
  if (x == -1 && PyErr_Occurred()) throw py::error_already_set();
  v = x;
  return true;
}

// A key made only of ints, slices with int/None bounds, None and at most one Ellipsis, using
// no more axes than the array has, as nd index items; false sends the key down the general path
// (arrays, lists, other integer types, and the error cases with their messages).
// The items of one index: up to 8 kept inline (no allocation for the keys people write).
class index_items {
 public:
  void reserve(size_t n) {
    if (n > kInline) more_.reserve(n);
  }
  template <class T>
  void emplace_back(T&& v) {
    if (n_ < kInline && more_.empty()) {
      inline_[n_++] = nd::index_item(std::forward<T>(v));
      return;
    }
    if (more_.empty())
      for (size_t i = 0; i < n_; ++i) more_.push_back(inline_[i]);
    more_.emplace_back(std::forward<T>(v));
  }
  size_t size() const { return more_.empty() ? n_ : more_.size(); }
  std::span<const nd::index_item> view() const {
    return more_.empty() ? std::span<const nd::index_item>(inline_.data(), n_) : std::span<const nd::index_item>(more_);
  }

 private:
  static constexpr size_t kInline = 8;
  std::array<nd::index_item, kInline> inline_{0, 0, 0, 0, 0, 0, 0, 0};
  size_t n_ = 0;
  std::vector<nd::index_item> more_;
};

bool basic_index(py::handle key, int64_t ndim, index_items& items, bool& all_int) {
  PyObject* k = key.ptr();
  PyObject* const* elems = &k;
  Py_ssize_t n = 1;
  if (PyTuple_Check(k)) {
    elems = &PyTuple_GET_ITEM(k, 0);
    n = PyTuple_GET_SIZE(k);
  }
  items.reserve(static_cast<size_t>(n));
  all_int = true;
  int64_t consumed = 0, ellipses = 0;
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* e = elems[i];
    int64_t v;
    if (exact_int(e, v)) {
      items.emplace_back(v);
      ++consumed;
    } else if (PySlice_Check(e)) {
      auto* sl = reinterpret_cast<PySliceObject*>(e);
      nd::slice_arg b[3] = {nd::none, nd::none, nd::none};
      PyObject* parts[3] = {sl->start, sl->stop, sl->step};
      for (int j = 0; j < 3; ++j) {
        if (parts[j] == Py_None) continue;
        if (!exact_int(parts[j], v)) return false;
        b[j] = v;
      }
      items.emplace_back(nd::slice(b[0], b[1], b[2]));
      all_int = false;
      ++consumed;
    } else if (e == Py_None) {
      items.emplace_back(nd::newaxis);
      all_int = false;
    } else if (e == Py_Ellipsis) {
      items.emplace_back(nd::ellipsis);
      all_int = false;
      ++ellipses;
    } else {
      return false;
    }
  }
  return consumed <= ndim && ellipses <= 1;
}

std::string buffer_format(nd::dtype d) {
  if (d == nd::complex64) return "Zf";
  if (d == nd::complex128) return "Zd";
  return std::string(1, d.char_code());
}

nd::array reinterpret(const nd::array& a, nd::dtype dt) {
  const int64_t old_size = a.itemsize(), new_size = dt.itemsize();
  nd::shape_t shape = a.shape();
  nd::strides_t strides = a.strides();
  if (old_size != new_size) {
    if (a.ndim() == 0)
      throw py::value_error("Changing the dtype of a 0d array is only supported if the itemsize is unchanged");
    if (strides.back() != old_size && shape.back() != 1)
      throw py::value_error(
          "To change to a dtype of a different size, the last axis must be contiguous");
    const int64_t bytes = shape.back() * old_size;
    if (bytes % new_size != 0)
      throw py::value_error(
          "When changing to a smaller dtype, its size must be a divisor of the size of original dtype");
    shape.back() = bytes / new_size;
    strides.back() = new_size;
  }
  return nd::array::view_of(a.buffer_ptr(), a.offset(), shape, strides, dt, a.writeable());
}

bool truth(const nd::array& a) {
  if (a.size() == 1) return item_py(a).cast<bool>();
  if (a.size() == 0) throw py::value_error("The truth value of an empty array is ambiguous. Use `array.size > 0` "
                                           "to check that an array is not empty.");
  throw py::value_error(
      "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()");
}

nd::shape_t shape_args(py::args args) {
  if (args.size() == 1) return to_shape(args[0]);
  nd::shape_t s;
  for (auto a : args) s.push_back(py::cast<int64_t>(py::reinterpret_borrow<py::object>(a).attr("__index__")()));
  return s;
}

// What a[key] returns for the indexed result r: a full integer index gives a 0-d copy (the
// element), as NumPy gives a scalar; anything else keeps r (a view keeps its base).
py::object index_result(py::handle self, nd::array&& r, bool full_int_index) {
  if (full_int_index) return wrap(r.copy());
  return as_view(self, std::move(r));
}

// The basic-index view of a[key], or nothing when key needs the general path.
std::optional<py::object> basic_getitem(py::handle self, const nd::array& a, py::handle key) {
  index_items basic;
  bool all_int = false;
  if (!basic_index(key, a.ndim(), basic, all_int)) return std::nullopt;
  return index_result(self, a.index(basic.view().data(), basic.size()), all_int && static_cast<int64_t>(basic.size()) == a.ndim());
}

// a[key] for every other key: integer and boolean arrays, lists, other integer types, and the
// error cases with their messages.
py::object general_getitem(py::handle self, const nd::array& a, py::handle key) {
  bool all_int = false;
  auto idx = to_index(key, all_int);
  nd::array r;
  {
    // Advanced indexing copies: worth releasing the GIL for big gathers.
    bool fancy = false;
    for (const auto& it : idx) fancy = fancy || it.is_array();
    maybe_release nogil(fancy ? a.size() : 0);
    r = nd::getitem(a, idx);
  }
  return index_result(self, std::move(r), all_int && static_cast<int64_t>(idx.size()) == a.ndim());
}

// a[key]: basic indexes (ints, slices, None, ...) go straight to a view.
py::object getitem(py::handle self, py::handle key) {
  const nd::array& a = ndarray_ref(self);
  if (auto r = basic_getitem(self, a, key)) return *r;
  return general_getitem(self, a, key);
}

PyObject* slot_getitem(PyObject* self, PyObject* key) {
  try {
    return getitem(self, key).release().ptr();
  } catch (...) {
    py::detail::try_translate_exceptions();
    return nullptr;
  }
}

}  // namespace

namespace {

// C getters for the attributes read most (pybind11's properties go through its generic
// dispatcher, several times the cost of the attribute itself). Subclass instances and
// anything unusual take the same code through ndarray_ref.
template <class F>
PyObject* guarded_get(F&& f) {
  try {
    return f().release().ptr();
  } catch (...) {
    py::detail::try_translate_exceptions();
    return nullptr;
  }
}

PyObject* tuple_of(const nd::dims& d) {
  PyObject* t = PyTuple_New(static_cast<Py_ssize_t>(d.size()));
  if (!t) return nullptr;
  for (size_t i = 0; i < d.size(); ++i) {
    PyObject* v = PyLong_FromLongLong(d[i]);
    if (!v) {
      Py_DECREF(t);
      return nullptr;
    }
    PyTuple_SET_ITEM(t, static_cast<Py_ssize_t>(i), v);
  }
  return t;
}

PyObject* get_shape(PyObject* self, void*) {
  return guarded_get([&] { return py::reinterpret_steal<py::object>(tuple_of(ndarray_ref(self).shape())); });
}
PyObject* get_strides(PyObject* self, void*) {
  return guarded_get([&] { return py::reinterpret_steal<py::object>(tuple_of(ndarray_ref(self).strides())); });
}
PyObject* get_ndim(PyObject* self, void*) {
  return guarded_get([&] { return py::int_(ndarray_ref(self).ndim()); });
}
PyObject* get_size(PyObject* self, void*) {
  return guarded_get([&] { return py::int_(ndarray_ref(self).size()); });
}
PyObject* get_itemsize(PyObject* self, void*) {
  return guarded_get([&] { return py::int_(ndarray_ref(self).itemsize()); });
}
PyObject* get_nbytes(PyObject* self, void*) {
  return guarded_get([&] { return py::int_(ndarray_ref(self).nbytes()); });
}
PyObject* get_T(PyObject* self, void*) {
  return guarded_get([&] { return as_view(self, nd::transpose(ndarray_ref(self))); });
}

PyGetSetDef fast_getsets[] = {
    {"shape", &get_shape, nullptr, "Tuple of array dimensions.", nullptr},
    {"strides", &get_strides, nullptr, "Tuple of bytes to step in each dimension.", nullptr},
    {"ndim", &get_ndim, nullptr, "Number of array dimensions.", nullptr},
    {"size", &get_size, nullptr, "Number of elements in the array.", nullptr},
    {"itemsize", &get_itemsize, nullptr, "Length of one array element in bytes.", nullptr},
    {"nbytes", &get_nbytes, nullptr, "Total bytes consumed by the elements of the array.", nullptr},
    {"T", &get_T, nullptr, "View of the transposed array.", nullptr},
};

}  // namespace

void install_fast_getitem(py::handle cls) {
  reinterpret_cast<PyTypeObject*>(cls.ptr())->tp_as_mapping->mp_subscript = &slot_getitem;
}

void bind_array(py::module_& m) {
  py::class_<nd::array, ndarray_holder> cls(m, "ndarray", py::buffer_protocol(),
                                            "A strided n-dimensional array (nd::array).");
  g_ndarray_type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  // shape, strides, ndim, size, itemsize, nbytes and T as C getters (fast_getsets).
  for (auto& def : fast_getsets) {
    py::object descr = py::reinterpret_steal<py::object>(PyDescr_NewGetSet(g_ndarray_type, &def));
    if (!descr) throw py::error_already_set();
    if (PyDict_SetItemString(g_ndarray_type->tp_dict, def.name, descr.ptr()) != 0) throw py::error_already_set();
  }
  PyType_Modified(g_ndarray_type);
  // NumPy's .base: the array a view was made from (or the exporter of wrapped memory).
  cls.def_property(
      "_base",
      [](py::handle self) -> py::object {
        PyObject* b = holder_of(self.ptr()).base();
        return b ? py::reinterpret_borrow<py::object>(b) : py::none();
      },
      [](py::handle self, py::handle base) { holder_of(self.ptr()).set_base(base.is_none() ? nullptr : base.ptr()); });
  cls.def(py::init([](py::handle shape, py::handle dtype, py::handle order) {
            return nd::empty(to_shape(shape), to_dtype(dtype), to_order(order));
          }),
          py::arg("shape"), py::arg("dtype") = py::none(), py::arg("order") = "C")
      .def_property_readonly("dtype", [](const nd::array& a) { return a.dtype(); })
      .def_property_readonly("_c_contiguous", &nd::array::is_c_contiguous)
      .def_property_readonly("_f_contiguous", &nd::array::is_f_contiguous)
      .def_property("_writeable", &nd::array::writeable, &nd::array::set_writeable)
      .def_property_readonly("_data_ptr", [](const nd::array& a) { return reinterpret_cast<uintptr_t>(a.raw_data()); })
      .def_property_readonly("mT", [](py::object self) {
        return as_view(self, nd::matrix_transpose(ndarray_ref(self)));
      })
      .def_property(
          "real", [](py::object self) { return as_view(self, nd::real(ndarray_ref(self))); },
          [](nd::array& a, py::handle v) { nd::real(a).assign(as_array(v)); })
      .def_property(
          "imag", [](py::object self) { return as_view(self, nd::imag(ndarray_ref(self))); },
          [](nd::array& a, py::handle v) {
            if (!a.dtype().is_complex()) throw py::type_error("array does not have imaginary part to set");
            nd::imag(a).assign(as_array(v));
          })
      .def("__repr__", [](const nd::array& a) { return nd::to_string(a); })
      .def("_repr_wide",
           [](const nd::array& a) {
             nd::print_options o;
             o.linewidth = 1 << 30;
             o.threshold = 1 << 30;
             return nd::to_string(a, o);
           })
      .def("__len__",
           [](const nd::array& a) {
             if (a.ndim() == 0) throw py::type_error("len() of unsized object");
             return a.shape(0);
           })
      .def("__bool__", &truth)
      .def("__int__",
           [](const nd::array& a) -> py::object {
             if (a.size() != 1) throw py::type_error("only length-1 arrays can be converted to Python scalars");
             if (a.dtype().is_complex()) throw py::type_error("int() argument must not be a complex array");
             return py::int_(item_py(a));
           })
      .def("__float__",
           [](const nd::array& a) -> py::object {
             if (a.size() != 1) throw py::type_error("only length-1 arrays can be converted to Python scalars");
             if (a.dtype().is_complex()) throw py::type_error("float() argument must not be a complex array");
             return py::float_(item_py(a));
           })
      .def("__complex__",
           [](const nd::array& a) -> py::object {
             if (a.size() != 1) throw py::type_error("only length-1 arrays can be converted to Python scalars");
             return py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyComplex_Type))(item_py(a));
           })
      .def("__index__",
           [](const nd::array& a) -> py::object {
             if (a.ndim() != 0 || !a.dtype().is_integer())
               throw py::type_error("only integer scalar arrays can be converted to a scalar index");
             return item_py(a);
           })
      .def("__getitem__", &getitem)
      .def("__setitem__",
           [](nd::array& a, py::handle key, py::handle value) {
             bool all_int = false;
             auto idx = to_index(key, all_int);
             nd::array v = as_array(value);
             check_python_ints(value, v, a.dtype());
             maybe_release nogil(v.size() > a.size() ? v.size() : a.size());
             nd::setitem(a, idx, v);
           })
      .def("item",
           [](const nd::array& a, py::args args) -> py::object {
             if (args.empty()) {
               if (a.size() != 1) throw py::value_error("can only convert an array of size 1 to a Python scalar");
               return item_py(a);
             }
             if (args.size() == 1 && !PyTuple_Check(args[0].ptr())) {
               int64_t i = py::cast<int64_t>(args[0]);
               if (i < 0) i += a.size();
               if (i < 0 || i >= a.size())
                 throw py::index_error("index " + std::to_string(py::cast<int64_t>(args[0])) +
                                       " is out of bounds for size " + std::to_string(a.size()));
               nd::array flat = nd::ravel(a);
               return item_py(flat[i]);
             }
             py::tuple t = args.size() == 1 ? py::tuple(args[0]) : py::tuple(args);
             std::vector<nd::index_item> items;
             for (auto x : t) items.emplace_back(py::cast<int64_t>(x));
             return item_py(a.index(items));
           })
      .def("tolist", &tolist_py)
      .def(
          "copy",
          [](const nd::array& a, py::handle order) {
            nd::order o = to_order(order, nd::order::C);
            maybe_release nogil(a.size());
            return a.copy(o);
          },
          py::arg("order") = "C")
      .def("__copy__", [](const nd::array& a) { return a.copy(); })
      .def("__deepcopy__", [](const nd::array& a, py::handle) { return a.copy(); })
      .def(
          "astype",
          [](py::object self, py::handle dtype, py::handle order, const std::string& casting, bool copy) -> py::object {
            const nd::array& a = ndarray_ref(self);
            nd::dtype dt = to_dtype(dtype);
            nd::order o = to_order(order, nd::order::K);
            if (!copy && dt == a.dtype()) {
              if (o == nd::order::K || o == nd::order::A || (o == nd::order::C && a.is_c_contiguous()) ||
                  (o == nd::order::F && a.is_f_contiguous()))
                return self;
            }
            nd::array r;
            {
              maybe_release nogil(a.size());
              r = a.astype(dt, to_casting(casting), true);
              if (o == nd::order::C && !r.is_c_contiguous()) r = r.copy(nd::order::C);
              if (o == nd::order::F && !r.is_f_contiguous()) r = r.copy(nd::order::F);
            }
            return wrap(std::move(r));
          },
          py::arg("dtype"), py::arg("order") = "K", py::arg("casting") = "unsafe", py::arg("copy") = true)
      .def(
          "reshape",
          [](py::object self, py::args args, py::kwargs kw) {
            py::handle order = kw.contains("order") ? py::handle(kw["order"]) : py::handle(py::none());
            if (kw.contains("shape")) return as_view(self, nd::reshape(ndarray_ref(self),
                                                                      to_shape(kw["shape"]), to_order(order)));
            if (args.empty()) throw py::type_error("reshape() missing the shape argument");
            return as_view(self, nd::reshape(ndarray_ref(self), shape_args(args), to_order(order)));
          })
      .def("transpose",
           [](py::object self, py::args args) {
             const nd::array& a = ndarray_ref(self);
             if (args.empty() || (args.size() == 1 && args[0].is_none())) return as_view(self, nd::transpose(a));
             return as_view(self, nd::transpose(a, shape_args(args)));
           })
      .def(
          "ravel", [](py::object self, py::handle order) {
            return as_view(self, nd::ravel(ndarray_ref(self), to_order(order)));
          },
          py::arg("order") = "C")
      .def(
          "flatten",
          [](const nd::array& a, py::handle order) {
            nd::order o = to_order(order);
            maybe_release nogil(a.size());
            return nd::flatten(a, o);
          },
          py::arg("order") = "C")
      .def(
          "squeeze",
          [](py::object self, py::handle axis) {
            return as_view(self, nd::squeeze(ndarray_ref(self), to_axes(axis)));
          },
          py::arg("axis") = py::none())
      .def("swapaxes",
           [](py::object self, int64_t a1, int64_t a2) {
             return as_view(self, nd::swapaxes(ndarray_ref(self), a1, a2));
           })
      .def("fill",
           [](nd::array& a, py::handle value) {
             nd::array v = as_array(value);
             check_python_ints(value, v, a.dtype());
             maybe_release nogil(a.size());
             a.assign(v);
           })
      .def(
          "view",
          [](py::object self, py::handle dtype) -> py::object {
            if (dtype.is_none()) return as_view(self, nd::array(ndarray_ref(self)));
            return as_view(self, reinterpret(ndarray_ref(self), to_dtype(dtype)));
          },
          py::arg("dtype") = py::none())
      .def(
          "tobytes",
          [](const nd::array& a, py::handle order) {
            nd::order o = to_order(order, nd::order::C);
            if (o == nd::order::A) o = a.is_f_contiguous() && !a.is_c_contiguous() ? nd::order::F : nd::order::C;
            if (o == nd::order::K) throw py::value_error("order must be one of 'C', 'F', 'A'");
            nd::array c = a;
            if (o == nd::order::F ? !a.is_f_contiguous() : !a.is_c_contiguous()) c = a.copy(o == nd::order::F ? nd::order::F : nd::order::C);
            return py::bytes(static_cast<const char*>(c.raw_data()), static_cast<size_t>(c.nbytes()));
          },
          py::arg("order") = "C")
      .def("_shares_buffer", [](const nd::array& a, const nd::array& b) { return a.shares_buffer(b); })
      .def("_owns_whole_buffer", [](const nd::array& a) {
        return a.offset() == 0 && a.buffer_ptr() && a.nbytes() == a.buffer_ptr()->nbytes;
      })
      .def_buffer([](nd::array& a) {
        std::vector<py::ssize_t> shape(a.shape().begin(), a.shape().end());
        std::vector<py::ssize_t> strides(a.strides().begin(), a.strides().end());
        return py::buffer_info(const_cast<void*>(a.raw_data()), a.itemsize(), buffer_format(a.dtype()),
                               static_cast<py::ssize_t>(a.ndim()), shape, strides, !a.writeable());
      });

  m.def("_to_str_shape", [](const nd::array& a) { return nd::shape_str(a.shape()); });
  // Unpickling: an array of `dtype` and `shape` over the bytes of `raw` (shared, not copied).
  m.def("_rebuild", [](py::handle raw, py::handle dtype, py::handle shape, py::handle order) {
    nd::array typed = reinterpret(from_buffer_protocol(raw), to_dtype(dtype));
    return nd::reshape(typed, to_shape(shape), to_order(order));
  });
  m.def("_from_buffer", [](py::handle obj, bool writable) { return from_buffer_protocol(obj, writable); },
        py::arg("obj"), py::arg("writable") = false);
  m.def(
      "asarray",
      [](py::handle obj, py::handle dtype, py::handle copy) -> py::object {
        std::optional<nd::dtype> dt = to_opt_dtype(dtype);
        const bool is_nd = py::isinstance<nd::array>(obj);
        const bool fresh = converts_by_copy(obj);
        nd::array a = as_array(obj);
        bool copied = fresh;
        if (dt && a.dtype() != *dt) {
          check_python_ints(obj, a, *dt);
          if (!copy.is_none() && !copy.cast<bool>())
            throw py::value_error("Unable to avoid copy while creating an array as requested.");
          a = a.astype(*dt);
          copied = true;
        }
        if (!copy.is_none() && copy.cast<bool>() && !copied) {
          a = a.copy(nd::order::K);
          copied = true;
        }
        if (!copy.is_none() && !copy.cast<bool>() && fresh)
          throw py::value_error("Unable to avoid copy while creating an array as requested.");
        if (is_nd && !copied) return py::reinterpret_borrow<py::object>(obj);
        py::object out = wrap(std::move(a));
        if (!copied) holder_of(out.ptr()).set_base(obj.ptr());
        return out;
      },
      py::arg("a"), py::arg("dtype") = py::none(), py::arg("copy") = py::none());
}

}  // namespace ndpy

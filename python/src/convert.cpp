// Conversions between Python objects and nd: dtypes, arrays from sequences and buffers,
// scalars, axes, index expressions; the dtype class and the exception mapping.
#include <cmath>
#include <cstring>
#include <string_view>

#include "common.hpp"

namespace ndpy {
namespace {

py::object g_axis_error;

// Drops nd's "[op] " prefix so that messages read like NumPy's.
std::string strip_op(const char* what) {
  std::string_view s(what);
  if (!s.empty() && s.front() == '[') {
    auto close = s.find("] ");
    if (close != std::string_view::npos && close < 48) s.remove_prefix(close + 2);
  }
  return std::string(s);
}

bool is_py_sequence(py::handle obj) { return PyList_Check(obj.ptr()) || PyTuple_Check(obj.ptr()); }

std::optional<nd::dtype> dtype_from_format(std::string fmt, int64_t itemsize) {
  if (!fmt.empty() && (fmt[0] == '<' || fmt[0] == '=' || fmt[0] == '@' || fmt[0] == '!' || fmt[0] == '>')) {
    if (fmt[0] == '>' || fmt[0] == '!') return std::nullopt;  // big-endian data is not native here
    fmt.erase(0, 1);
  }
  if (fmt == "?") return nd::bool_;
  if (fmt == "e") return nd::float16;
  if (fmt == "f") return nd::float32;
  if (fmt == "d") return nd::float64;
  if (fmt == "Zf") return nd::complex64;
  if (fmt == "Zd") return nd::complex128;
  if (fmt.size() != 1) return std::nullopt;
  const char c = fmt[0];
  const bool is_signed = (c == 'b' || c == 'h' || c == 'i' || c == 'l' || c == 'q' || c == 'n');
  const bool is_unsigned = (c == 'B' || c == 'H' || c == 'I' || c == 'L' || c == 'Q' || c == 'N');
  if (!is_signed && !is_unsigned) return std::nullopt;
  switch (itemsize) {
    case 1: return is_signed ? nd::int8 : nd::uint8;
    case 2: return is_signed ? nd::int16 : nd::uint16;
    case 4: return is_signed ? nd::int32 : nd::uint32;
    case 8: return is_signed ? nd::int64 : nd::uint64;
    default: return std::nullopt;
  }
}

// Keeps a Py_buffer (and so its exporter) alive; released with the GIL held.
struct held_buffer {
  Py_buffer view{};
  held_buffer() = default;
  held_buffer(const held_buffer&) = delete;
  held_buffer& operator=(const held_buffer&) = delete;
  ~held_buffer() {
    py::gil_scoped_acquire gil;
    PyBuffer_Release(&view);
  }
};

// ---- nested sequences ----

enum class leaf_kind { boolean, integer, uinteger, floating, complex, array };

struct leaf {
  py::handle obj;
  leaf_kind kind;
  nd::array arr;  // for array leaves
};

struct nested_walk {
  nd::shape_t shape;
  int64_t leaf_depth = -1;
  std::vector<leaf> leaves;

  [[noreturn]] void ragged(size_t depth) const {
    throw py::value_error(
        "setting an array element with a sequence. The requested array has an inhomogeneous shape after " +
        std::to_string(depth) + " dimensions. The detected shape was " +
        nd::shape_str(nd::shape_t(shape.begin(), shape.begin() + static_cast<std::ptrdiff_t>(depth))) +
        " + inhomogeneous part.");
  }

  void walk(py::handle obj, size_t depth) {
    if (depth > static_cast<size_t>(nd::max_ndim)) throw py::value_error("array would have more than 64 dimensions");
    if (is_py_sequence(obj)) {
      const auto n = static_cast<int64_t>(PySequence_Fast_GET_SIZE(obj.ptr()));
      if (leaf_depth >= 0 && static_cast<int64_t>(depth) >= leaf_depth) ragged(static_cast<size_t>(leaf_depth));
      if (shape.size() == depth) {
        shape.push_back(n);
      } else if (shape[depth] != n) {
        ragged(depth);
      }
      if (n == 0) {
        if (leaf_depth < 0) leaf_depth = static_cast<int64_t>(depth) + 1;
        else if (leaf_depth != static_cast<int64_t>(depth) + 1) ragged(depth + 1);
        return;
      }
      PyObject** items = PySequence_Fast_ITEMS(obj.ptr());
      for (int64_t i = 0; i < n; ++i) walk(items[i], depth + 1);
      return;
    }
    leaf lf{obj, leaf_kind::floating, {}};
    nd::shape_t sub;
    if (PyBool_Check(obj.ptr())) {
      lf.kind = leaf_kind::boolean;
    } else if (PyLong_Check(obj.ptr())) {
      int overflow = 0;
      (void)PyLong_AsLongLongAndOverflow(obj.ptr(), &overflow);
      if (overflow > 0) {
        (void)PyLong_AsUnsignedLongLong(obj.ptr());
        if (PyErr_Occurred()) throw py::error_already_set();
        lf.kind = leaf_kind::uinteger;
      } else if (overflow < 0) {
        PyErr_SetString(PyExc_OverflowError, "Python integer out of bounds for int64");
        throw py::error_already_set();
      } else {
        lf.kind = leaf_kind::integer;
      }
    } else if (PyFloat_Check(obj.ptr())) {
      lf.kind = leaf_kind::floating;
    } else if (PyComplex_Check(obj.ptr())) {
      lf.kind = leaf_kind::complex;
    } else if (PyUnicode_Check(obj.ptr()) || PyBytes_Check(obj.ptr())) {
      throw py::type_error("ndcore arrays hold numbers only, not strings");
    } else {
      lf.kind = leaf_kind::array;
      lf.arr = as_array(obj);
      sub = lf.arr.shape();
    }
    const auto d = static_cast<int64_t>(depth);
    if (leaf_depth < 0) {
      if (shape.size() != depth) ragged(depth);
      leaf_depth = d;
      shape.insert(shape.end(), sub.begin(), sub.end());
    } else {
      if (leaf_depth != d) ragged(static_cast<size_t>(std::min(leaf_depth, d)));
      if (!std::equal(sub.begin(), sub.end(), shape.begin() + d, shape.end()) ||
          static_cast<int64_t>(shape.size()) - d != static_cast<int64_t>(sub.size()))
        ragged(depth);
    }
    leaves.push_back(std::move(lf));
  }
};

nd::dtype leaf_dtype(const leaf& l) {
  switch (l.kind) {
    case leaf_kind::boolean: return nd::bool_;
    case leaf_kind::integer: return nd::int64;
    case leaf_kind::uinteger: return nd::uint64;
    case leaf_kind::floating: return nd::float64;
    case leaf_kind::complex: return nd::complex128;
    case leaf_kind::array: return l.arr.dtype();
  }
  return nd::float64;
}

template <class T, class S>
T convert_to(S v) {
  if constexpr (std::is_same_v<T, nd::float16_t>) {
    return T(static_cast<double>(v));
  } else if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
    return T(static_cast<typename T::value_type>(v), 0);
  } else {
    return static_cast<T>(v);
  }
}

nd::array from_nested(py::handle obj) {
  nested_walk w;
  w.walk(obj, 0);
  if (w.leaves.empty()) return nd::empty(w.shape, nd::float64);
  nd::dtype dt = leaf_dtype(w.leaves[0]);
  bool mixed_int = false;
  for (const auto& l : w.leaves) {
    nd::dtype d = leaf_dtype(l);
    // A Python int beyond int64 next to other Python ints gives uint64 as NumPy does.
    if (l.kind == leaf_kind::uinteger || l.kind == leaf_kind::integer) mixed_int = true;
    dt = nd::promote_types(dt, d);
  }
  if (mixed_int && dt == nd::float64) {
    bool only_ints = true;
    for (const auto& l : w.leaves)
      if (l.kind != leaf_kind::integer && l.kind != leaf_kind::uinteger && l.kind != leaf_kind::boolean)
        only_ints = false;
    if (only_ints) dt = nd::uint64;  // [2**63, 1] -> uint64 (negative ints were rejected by AsUnsigned)
  }
  nd::array out = nd::empty(w.shape, dt);
  const int64_t n = static_cast<int64_t>(w.leaves.size());
  const int64_t sub = n ? out.size() / n : 0;
  char* base = static_cast<char*>(out.mutable_data("array"));
  nd::visit_dtype(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    nd::array flat = out.reshape({n, sub});
    for (int64_t i = 0; i < n; ++i) {
      const leaf& l = w.leaves[static_cast<size_t>(i)];
      T v{};
      switch (l.kind) {
        case leaf_kind::boolean: v = convert_to<T>(l.obj.ptr() == Py_True); break;
        case leaf_kind::integer: v = convert_to<T>(PyLong_AsLongLong(l.obj.ptr())); break;
        case leaf_kind::uinteger: v = convert_to<T>(PyLong_AsUnsignedLongLong(l.obj.ptr())); break;
        case leaf_kind::floating:
          if constexpr (std::is_same_v<T, bool>) v = PyFloat_AsDouble(l.obj.ptr()) != 0.0;
          else v = convert_to<T>(PyFloat_AsDouble(l.obj.ptr()));
          break;
        case leaf_kind::complex:
          if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
            Py_complex c = PyComplex_AsCComplex(l.obj.ptr());
            v = T(static_cast<typename T::value_type>(c.real), static_cast<typename T::value_type>(c.imag));
          }
          break;
        case leaf_kind::array: {
          nd::array dst = flat[i].reshape(l.arr.shape());
          dst.assign(l.arr);
          continue;
        }
      }
      std::memcpy(base + i * static_cast<int64_t>(sizeof(T)), &v, sizeof(T));
    }
  });
  return out;
}

template <class T>
py::object scalar_to_py(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  if constexpr (std::is_same_v<T, bool>) {
    return py::bool_(v);
  } else if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
    return py::reinterpret_steal<py::object>(PyComplex_FromDoubles(v.real(), v.imag()));
  } else if constexpr (std::is_same_v<T, nd::float16_t>) {
    return py::float_(static_cast<double>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    return py::float_(static_cast<double>(v));
  } else if constexpr (std::is_signed_v<T>) {
    return py::reinterpret_steal<py::object>(PyLong_FromLongLong(static_cast<long long>(v)));
  } else {
    return py::reinterpret_steal<py::object>(PyLong_FromUnsignedLongLong(static_cast<unsigned long long>(v)));
  }
}

py::object tolist_rec(const char* p, const nd::array& a, int64_t dim, py::object (*conv)(const char*)) {
  if (dim == a.ndim()) return conv(p);
  const int64_t n = a.shape()[static_cast<size_t>(dim)];
  const int64_t st = a.strides()[static_cast<size_t>(dim)];
  py::list out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    PyList_SET_ITEM(out.ptr(), i, tolist_rec(p + i * st, a, dim + 1, conv).release().ptr());
  }
  return out;
}

py::object (*scalar_converter(nd::dtype dt))(const char*) {
  return nd::visit_dtype(dt, [](auto tag) -> py::object (*)(const char*) {
    using T = typename decltype(tag)::type;
    return &scalar_to_py<T>;
  });
}

}  // namespace

py::object axis_error_type() { return g_axis_error; }

nd::dtype to_dtype(py::handle obj) {
  if (py::isinstance<nd::dtype>(obj)) return obj.cast<nd::dtype>();
  if (obj.is_none()) return nd::float64;
  if (PyUnicode_Check(obj.ptr())) {
    auto s = obj.cast<std::string>();
    if (s == "int" || s == "int_" || s == "intp") return nd::int64;
    if (s == "float") return nd::float64;
    if (s == "complex") return nd::complex128;
    if (s == "uint" || s == "uintp") return nd::uint64;
    if (s == "half") return nd::float16;
    if (s == "single") return nd::float32;
    if (s == "double") return nd::float64;
    try {
      return nd::dtype::from_string(s);
    } catch (const std::exception&) {
      throw py::type_error("data type '" + s + "' not understood");
    }
  }
  if (obj.ptr() == reinterpret_cast<PyObject*>(&PyBool_Type)) return nd::bool_;
  if (obj.ptr() == reinterpret_cast<PyObject*>(&PyLong_Type)) return nd::int64;
  if (obj.ptr() == reinterpret_cast<PyObject*>(&PyFloat_Type)) return nd::float64;
  if (obj.ptr() == reinterpret_cast<PyObject*>(&PyComplex_Type)) return nd::complex128;
  // NumPy dtypes carry their array-protocol string; NumPy scalar types go through np.dtype.
  if (py::hasattr(obj, "str") && py::hasattr(obj, "kind") && py::hasattr(obj, "char") &&
      !PyType_Check(obj.ptr())) {
    auto s = obj.attr("str").cast<std::string>();
    if (!s.empty() && s[0] == '>') throw py::type_error("ndcore supports native byte order only, not " + s);
    try {
      return nd::dtype::from_string(s);
    } catch (const std::exception&) {
      throw py::type_error("data type " + py::repr(obj).cast<std::string>() + " is not supported by ndcore");
    }
  }
  py::object sys_modules = py::module_::import("sys").attr("modules");
  if (sys_modules.contains("numpy") && PyType_Check(obj.ptr())) {
    py::object np = sys_modules["numpy"];
    try {
      return to_dtype(np.attr("dtype")(obj));
    } catch (py::error_already_set&) {
    }
  }
  throw py::type_error("data type " + py::repr(obj).cast<std::string>() + " not understood");
}

std::optional<nd::dtype> to_opt_dtype(py::handle obj) {
  if (obj.is_none()) return std::nullopt;
  return to_dtype(obj);
}

nd::array from_buffer_protocol(py::handle obj, bool require_writable) {
  auto hb = std::make_shared<held_buffer>();
  int flags = PyBUF_RECORDS_RO;
  if (require_writable) flags |= PyBUF_WRITABLE;
  if (PyObject_GetBuffer(obj.ptr(), &hb->view, flags) != 0) {
    // Destroying hb would release a buffer we never got.
    PyErr_Clear();
    hb->view.obj = nullptr;
    throw py::type_error("object does not export a usable buffer");
  }
  const Py_buffer& v = hb->view;
  std::string fmt = v.format ? v.format : "B";
  auto dt = dtype_from_format(fmt, v.itemsize);
  if (!dt) throw py::type_error("unsupported buffer format '" + fmt + "' for ndcore");
  nd::shape_t shape(static_cast<size_t>(v.ndim));
  nd::strides_t strides(static_cast<size_t>(v.ndim));
  for (int i = 0; i < v.ndim; ++i) {
    shape[static_cast<size_t>(i)] = v.shape ? v.shape[i] : v.len / v.itemsize;
    strides[static_cast<size_t>(i)] = v.strides ? v.strides[i] : 0;
  }
  if (v.ndim > 0 && !v.strides) strides = nd::contiguous_strides(shape, v.itemsize);
  std::shared_ptr<const void> owner = hb;
  return nd::array::wrap(v.buf, shape, *dt, owner, strides, !v.readonly);
}

// Keeps a Python object alive from C++; released with the GIL held.
struct held_object {
  py::object obj;
  explicit held_object(py::object o) : obj(std::move(o)) {}
  held_object(const held_object&) = delete;
  held_object& operator=(const held_object&) = delete;
  ~held_object() {
    py::gil_scoped_acquire gil;
    obj = py::object();
  }
};

// NumPy's __array_interface__ (version 3): the memory of another array library, shared.
nd::array from_array_interface(py::handle obj) {
  py::dict ai = obj.attr("__array_interface__");
  auto typestr = ai["typestr"].cast<std::string>();
  if (!typestr.empty() && typestr[0] == '>') throw py::type_error("ndcore supports native byte order only, not " + typestr);
  nd::dtype dt;
  try {
    dt = nd::dtype::from_string(typestr);
  } catch (const std::exception&) {
    throw py::type_error("unsupported __array_interface__ typestr '" + typestr + "' for ndcore");
  }
  nd::shape_t shape = to_shape(ai["shape"]);
  py::object data = ai.contains("data") ? py::reinterpret_borrow<py::object>(ai["data"]) : py::none();
  if (data.is_none()) return from_buffer_protocol(obj);  // the object exports the buffer itself
  if (!PyTuple_Check(data.ptr())) return from_buffer_protocol(data);
  py::tuple t = data;
  auto ptr = t[0].cast<uintptr_t>();
  const bool readonly = t[1].cast<bool>();
  std::optional<nd::strides_t> strides;
  if (ai.contains("strides") && !ai["strides"].is_none()) strides = to_shape(ai["strides"]);
  if (ai.contains("offset")) ptr += ai["offset"].cast<uintptr_t>();
  auto owner = std::make_shared<held_object>(py::reinterpret_borrow<py::object>(obj));
  return nd::array::wrap(reinterpret_cast<void*>(ptr), shape, dt, std::shared_ptr<const void>(owner), strides,
                         !readonly);
}

void check_python_ints(py::handle src, const nd::array& natural, nd::dtype target) {
  // Only values that came from Python ints (int64/uint64 built from lists or scalars).
  if (!target.is_integer() || natural.size() == 0 || natural.dtype() == target) return;
  if (natural.dtype() != nd::int64 && natural.dtype() != nd::uint64) return;
  if (py::isinstance<nd::array>(src) || PyObject_CheckBuffer(src.ptr())) return;
  const int bits = static_cast<int>(target.itemsize() * 8);
  const bool is_unsigned = target.is_unsigned_integer();
  const long double hi = is_unsigned ? std::ldexp(1.0L, bits) - 1 : std::ldexp(1.0L, bits - 1) - 1;
  const long double lo = is_unsigned ? 0.0L : -std::ldexp(1.0L, bits - 1);
  auto check = [&](const nd::array& v) {
    long double x;
    std::string text;
    if (v.dtype() == nd::uint64) {
      auto u = v.item<uint64_t>();
      x = static_cast<long double>(u);
      text = std::to_string(u);
    } else {
      auto i = v.item<int64_t>();
      x = static_cast<long double>(i);
      text = std::to_string(i);
    }
    if (x < lo || x > hi) {
      PyErr_SetString(PyExc_OverflowError,
                      ("Python integer " + text + " out of bounds for " + target.str()).c_str());
      throw py::error_already_set();
    }
  };
  check(nd::min(natural));
  check(nd::max(natural));
}

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int kRecycled = 0;  // AddressSanitizer sees every free (use-after-free stays visible)
#else
constexpr int kRecycled = 64;
#endif

// Every caller holds the GIL (wrap makes a Python object; the holder dies in a deallocator),
// so one list serves the process; without a GIL each thread keeps its own.
#if defined(Py_GIL_DISABLED)
#define NDPY_OBJECT_LIST thread_local
#else
#define NDPY_OBJECT_LIST
#endif
NDPY_OBJECT_LIST bool t_objects_dead = false;  // set when the list is gone: later frees go to the heap

struct object_list {
  void* slots[kRecycled > 0 ? kRecycled : 1];
  int count = 0;
  ~object_list() {
    for (int i = 0; i < count; ++i) ::operator delete(slots[i]);
    t_objects_dead = true;
  }
};
NDPY_OBJECT_LIST object_list t_objects;

// ndarray instances made by wrap() have pybind11's simple layout ([value*][holder]) but are
// not entered in pybind11's registry of instances (a hash map keyed by the C++ pointer, used
// only to find the Python object of a C++ reference, which no binding returns for arrays):
// registering and deregistering cost as much as the rest of a small view. Their deallocator
// destroys the holder directly; other instances keep pybind11's.
bool g_fast_instances = false;
destructor g_pybind_dealloc = nullptr;

void ndarray_dealloc(PyObject* self) {
  auto* inst = reinterpret_cast<py::detail::instance*>(self);
  PyTypeObject* type = Py_TYPE(self);
  if (type != g_ndarray_type || !inst->simple_layout || inst->simple_instance_registered || inst->has_patients ||
      inst->weakrefs || !inst->simple_holder_constructed) {
    g_pybind_dealloc(self);
    return;
  }
  reinterpret_cast<ndarray_holder*>(&inst->simple_value_holder[1])->~ndarray_holder();
  inst->simple_holder_constructed = false;
  inst->simple_value_holder[0] = nullptr;
  type->tp_free(self);
  Py_DECREF(type);  // heap types are referenced by their instances
}

}  // namespace

void* array_object_alloc() {
  if (kRecycled > 0 && !t_objects_dead) {
    object_list& l = t_objects;
    if (l.count > 0) return l.slots[--l.count];
  }
  return ::operator new(sizeof(nd::array));
}

void array_object_free(void* p) noexcept {
  if (kRecycled > 0 && !t_objects_dead) {
    object_list& l = t_objects;
    if (l.count < kRecycled) {
      l.slots[l.count++] = p;
      return;
    }
  }
  ::operator delete(p);
}

void install_fast_lifetime(py::handle cls) {
  auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  // The direct path needs the simple layout; check it on a real instance first.
  py::object probe = py::cast(nd::array());
  auto* inst = reinterpret_cast<py::detail::instance*>(probe.ptr());
  if (type->tp_flags & Py_TPFLAGS_HAVE_GC) return;
  if (!inst->simple_layout || sizeof(ndarray_holder) > sizeof(void*) * py::detail::instance_simple_holder_in_ptrs())
    return;
  if (type->tp_dealloc != &ndarray_dealloc) {
    g_pybind_dealloc = type->tp_dealloc;
    type->tp_dealloc = &ndarray_dealloc;
  }
  g_fast_instances = true;
}

py::object wrap(nd::array&& v) {
  if (g_fast_instances) {
    nd::array* value = new (array_object_alloc()) nd::array(std::move(v));
    PyTypeObject* type = g_ndarray_type;
    PyObject* self = type->tp_alloc(type, 0);  // zeroed, type referenced
    if (!self) {
      value->~array();
      array_object_free(value);
      throw py::error_already_set();
    }
    auto* inst = reinterpret_cast<py::detail::instance*>(self);
    inst->simple_layout = true;
    inst->owned = true;
    inst->simple_value_holder[0] = value;
    new (&inst->simple_value_holder[1]) ndarray_holder(value);
    inst->simple_holder_constructed = true;
    return py::reinterpret_steal<py::object>(self);
  }
  static const py::detail::type_info* const ti = py::detail::get_type_info(typeid(nd::array));
  auto inst = py::reinterpret_steal<py::object>(py::detail::make_new_instance(ti->type));
  auto* w = reinterpret_cast<py::detail::instance*>(inst.ptr());
  py::detail::values_and_holders(w).begin()->value_ptr() = new nd::array(std::move(v));
  w->owned = true;
  ti->init_instance(w, nullptr);  // the holder, and the instance registered as pybind11 does
  return inst;
}

namespace {
// The conversions of as_array, before any dtype is applied.
nd::array convert_any(py::handle obj) {
  if (is_py_sequence(obj)) return from_nested(obj);
  if (PyBool_Check(obj.ptr()) || PyLong_Check(obj.ptr()) || PyFloat_Check(obj.ptr()) || PyComplex_Check(obj.ptr())) {
    py::list l;
    l.append(obj);
    return from_nested(l).reshape({});
  }
  if (PyObject_CheckBuffer(obj.ptr()) && !PyBytes_Check(obj.ptr())) return from_buffer_protocol(obj);
  if (py::hasattr(obj, "__array_interface__")) return from_array_interface(obj);
  if (py::hasattr(obj, "__dlpack__"))
    return py::module_::import("ndcore").attr("from_dlpack")(obj).cast<nd::array>();
  if (py::hasattr(obj, "__array__")) {
    py::object np = py::module_::import("numpy");
    return from_buffer_protocol(np.attr("asarray")(obj));
  }
  if (PyUnicode_Check(obj.ptr()) || PyBytes_Check(obj.ptr()))
    throw py::type_error("ndcore arrays hold numbers only, not strings");
  if (PySequence_Check(obj.ptr())) return from_nested(py::list(py::reinterpret_borrow<py::object>(obj)));
  throw py::type_error("cannot convert " + py::repr(py::type::of(obj)).cast<std::string>() + " to an ndcore array");
}
}  // namespace

nd::array as_array(py::handle obj, std::optional<nd::dtype> dt) {
  // Built in place (no default-constructed array to overwrite): small calls stay cheap.
  const nd::array* direct = exact_ndarray(obj.ptr());
  nd::array a = direct ? *direct : py::isinstance<nd::array>(obj) ? obj.cast<const nd::array&>() : convert_any(obj);
  if (dt && a.dtype() != *dt) {
    check_python_ints(obj, a, *dt);
    a = a.astype(*dt);
  }
  return a;
}

nd::array aligned(const nd::array& a) {
  const auto al = static_cast<int64_t>(
      nd::visit_dtype(a.dtype(), [](auto tag) { return alignof(typename decltype(tag)::type); }));
  bool ok = reinterpret_cast<uintptr_t>(a.raw_data()) % static_cast<uintptr_t>(al) == 0;
  for (int64_t st : a.strides()) ok = ok && st % al == 0;
  return ok ? a : a.copy();
}

bool converts_by_copy(py::handle obj) {
  if (py::isinstance<nd::array>(obj)) return false;
  if (is_py_sequence(obj) || PyBool_Check(obj.ptr()) || PyLong_Check(obj.ptr()) || PyFloat_Check(obj.ptr()) ||
      PyComplex_Check(obj.ptr()))
    return true;
  if (PyObject_CheckBuffer(obj.ptr()) || py::hasattr(obj, "__array_interface__") || py::hasattr(obj, "__dlpack__") ||
      py::hasattr(obj, "__array__"))
    return false;
  return true;  // any other sequence is read element by element
}

std::vector<nd::array> as_arrays(py::handle seq) {
  std::vector<nd::array> out;
  if (py::isinstance<nd::array>(seq)) {
    nd::array a = seq.cast<nd::array>();
    if (a.ndim() == 0) throw py::value_error("expected a sequence of arrays, got a 0-d array");
    for (int64_t i = 0; i < a.shape(0); ++i) out.push_back(a[i]);
    return out;
  }
  for (auto item : py::iter(seq)) out.push_back(as_array(item));
  return out;
}

operand_holder::operand_holder(py::handle obj) {
  PyObject* p = obj.ptr();
  if (PyBool_Check(p)) {
    kind_ = kind::boolean;
    b_ = p == Py_True;
  } else if (PyLong_Check(p)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(p, &overflow);
    if (overflow == 0) {
      kind_ = kind::integer;
      i_ = v;
    } else if (overflow > 0) {
      unsigned long long u = PyLong_AsUnsignedLongLong(p);
      if (PyErr_Occurred()) throw py::error_already_set();
      kind_ = kind::uinteger;
      u_ = u;
    } else {
      PyErr_SetString(PyExc_OverflowError,
                      ("Python integer " + py::str(obj).cast<std::string>() + " out of bounds for int64").c_str());
      throw py::error_already_set();
    }
  } else if (PyFloat_Check(p)) {
    kind_ = kind::floating;
    f_ = PyFloat_AsDouble(p);
  } else if (PyComplex_Check(p)) {
    kind_ = kind::complex;
    Py_complex c = PyComplex_AsCComplex(p);
    c_ = {c.real, c.imag};
  } else if (const nd::array* direct = exact_ndarray(p)) {
    ref_ = direct;  // the caller's object outlives the call: no copy
  } else if (py::isinstance<nd::array>(obj)) {
    ref_ = &obj.cast<const nd::array&>();
  } else {
    arr_.emplace(as_array(obj));
    ref_ = &*arr_;
  }
}

nd::operand operand_holder::get() const {
  switch (kind_) {
    case kind::array: return nd::operand(*ref_);
    case kind::boolean: return nd::operand(b_);
    case kind::integer: return nd::operand(i_);
    case kind::uinteger: return nd::operand(u_);
    case kind::floating: return nd::operand(f_);
    case kind::complex: return nd::operand(c_);
  }
  return nd::operand(*ref_);
}

std::optional<std::vector<int64_t>> to_axes(py::handle axis) {
  if (axis.is_none()) return std::nullopt;
  std::vector<int64_t> out;
  if (is_py_sequence(axis)) {
    for (auto x : axis) out.push_back(py::cast<int64_t>(py::reinterpret_borrow<py::object>(x).attr("__index__")()));
  } else {
    out.push_back(py::cast<int64_t>(py::reinterpret_borrow<py::object>(axis).attr("__index__")()));
  }
  return out;
}

std::optional<int64_t> to_axis(py::handle axis) {
  if (axis.is_none()) return std::nullopt;
  if (is_py_sequence(axis)) throw py::type_error("an integer is required for the axis");
  return py::cast<int64_t>(py::reinterpret_borrow<py::object>(axis).attr("__index__")());
}

nd::shape_t to_shape(py::handle obj) {
  nd::shape_t s;
  if (is_py_sequence(obj) || py::isinstance<nd::array>(obj)) {
    for (auto x : py::iter(obj)) s.push_back(py::cast<int64_t>(py::reinterpret_borrow<py::object>(x).attr("__index__")()));
  } else {
    s.push_back(py::cast<int64_t>(py::reinterpret_borrow<py::object>(obj).attr("__index__")()));
  }
  return s;
}

void check_device(py::handle device, const char* op) {
  if (device.is_none()) return;
  if (py::isinstance<py::str>(device) && device.cast<std::string>() == "cpu") return;
  throw py::value_error(std::string(op) + ": device must be \"cpu\" or None (ndcore arrays live in host memory), got " +
                        py::repr(device).cast<std::string>());
}

nd::order to_order(py::handle obj, nd::order dflt) {
  if (obj.is_none()) return dflt;
  auto s = obj.cast<std::string>();
  if (s == "C" || s == "c") return nd::order::C;
  if (s == "F" || s == "f") return nd::order::F;
  if (s == "A" || s == "a") return nd::order::A;
  if (s == "K" || s == "k") return nd::order::K;
  throw py::value_error("order must be one of 'C', 'F', 'A', or 'K' (got '" + s + "')");
}

nd::casting to_casting(const std::string& s) {
  if (s == "no") return nd::casting::no;
  if (s == "equiv") return nd::casting::equiv;
  if (s == "safe") return nd::casting::safe;
  if (s == "same_kind") return nd::casting::same_kind;
  if (s == "unsafe") return nd::casting::unsafe;
  throw py::value_error("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'");
}

py::object item_py(const nd::array& a) {
  if (a.size() != 1)
    throw py::value_error("can only convert an array of size 1 to a Python scalar");
  return scalar_converter(a.dtype())(static_cast<const char*>(a.raw_data()));
}

py::object tolist_py(const nd::array& a) {
  return tolist_rec(static_cast<const char*>(a.raw_data()), a, 0, scalar_converter(a.dtype()));
}

std::vector<nd::fancy_index> to_index(py::handle key, bool& all_int) {
  std::vector<nd::fancy_index> out;
  all_int = true;
  auto one = [&](py::handle k) {
    PyObject* p = k.ptr();
    if (PyLong_Check(p) && !PyBool_Check(p)) {
      out.emplace_back(py::cast<int64_t>(k));
    } else if (PySlice_Check(p)) {
      all_int = false;
      auto* s = reinterpret_cast<PySliceObject*>(p);
      auto bound = [](PyObject* b) -> nd::slice_arg {
        if (b == Py_None) return nd::none;
        return py::cast<int64_t>(py::reinterpret_borrow<py::object>(b).attr("__index__")());
      };
      out.emplace_back(nd::slice(bound(s->start), bound(s->stop), bound(s->step)));
    } else if (p == Py_None) {
      all_int = false;
      out.emplace_back(nd::newaxis);
    } else if (p == Py_Ellipsis) {
      all_int = false;
      out.emplace_back(nd::ellipsis);
    } else if (PyBool_Check(p)) {
      all_int = false;
      out.emplace_back(nd::array(p == Py_True));
    } else if (!py::isinstance<nd::array>(k) && !PySequence_Check(p) && PyIndex_Check(p)) {
      // Integer scalars of other libraries (np.int64) are integers, as NumPy treats them.
      out.emplace_back(py::cast<int64_t>(py::reinterpret_borrow<py::object>(k).attr("__index__")()));
    } else if (py::isinstance<nd::array>(k) || is_py_sequence(k) || PyObject_CheckBuffer(p)) {
      all_int = false;
      nd::array a = as_array(k);
      if (a.size() == 0 && a.dtype() == nd::float64 && !py::isinstance<nd::array>(k)) a = a.astype(nd::int64);
      if (a.dtype().is_inexact())
        throw py::index_error("arrays used as indices must be of integer (or boolean) type");
      out.emplace_back(a);
    } else if (PyIndex_Check(p)) {
      out.emplace_back(py::cast<int64_t>(py::reinterpret_borrow<py::object>(k).attr("__index__")()));
    } else {
      throw py::index_error(
          "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays "
          "are valid indices");
    }
  };
  if (PyTuple_Check(key.ptr())) {
    for (auto k : key) one(k);
  } else {
    one(key);
  }
  return out;
}

void bind_convert(py::module_& m) {
  // AxisError is both a ValueError and an IndexError, as NumPy's.
  PyObject* bases = PyTuple_Pack(2, PyExc_ValueError, PyExc_IndexError);
  g_axis_error = py::reinterpret_steal<py::object>(PyErr_NewException("ndcore.AxisError", bases, nullptr));
  Py_DECREF(bases);
  m.attr("AxisError") = g_axis_error;

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const nd::axis_error& e) {
      PyErr_SetString(g_axis_error.ptr(), strip_op(e.what()).c_str());
    } catch (const nd::index_error& e) {
      PyErr_SetString(PyExc_IndexError, strip_op(e.what()).c_str());
    } catch (const nd::dtype_error& e) {
      PyErr_SetString(PyExc_TypeError, strip_op(e.what()).c_str());
    } catch (const nd::value_error& e) {
      std::string msg = strip_op(e.what());
      // A Python int that does not fit the array's dtype (NEP 50) is NumPy's OverflowError.
      const bool overflow = msg.rfind("Python integer", 0) == 0 && msg.find("out of bounds") != std::string::npos;
      PyErr_SetString(overflow ? PyExc_OverflowError : PyExc_ValueError, msg.c_str());
    } catch (const nd::floating_point_error& e) {
      PyErr_SetString(PyExc_FloatingPointError, strip_op(e.what()).c_str());
    } catch (const nd::io_error& e) {
      PyErr_SetString(PyExc_OSError, strip_op(e.what()).c_str());
    } catch (const nd::alloc_error& e) {
      PyErr_SetString(PyExc_MemoryError, strip_op(e.what()).c_str());
    }
  });

  py::class_<nd::dtype>(m, "dtype", "An ndcore element type (the NumPy dtype of the same name).")
      .def(py::init([](py::handle obj) { return to_dtype(obj); }), py::arg("obj"))
      .def_property_readonly("name", [](nd::dtype d) { return d.str(); })
      .def_property_readonly("itemsize", &nd::dtype::itemsize)
      .def_property_readonly("kind", [](nd::dtype d) { return std::string(1, d.kind()); })
      .def_property_readonly("char", [](nd::dtype d) { return std::string(1, d.char_code()); })
      .def_property_readonly("str", [](nd::dtype d) {
        std::string order = d.itemsize() == 1 ? "|" : "<";
        return order + d.kind() + std::to_string(d.itemsize());
      })
      .def_property_readonly("byteorder", [](nd::dtype d) { return std::string(d.itemsize() == 1 ? "|" : "="); })
      .def_property_readonly("alignment", &nd::dtype::itemsize)
      .def_property_readonly("type", [](py::object self) { return self; })
      .def("__repr__", [](nd::dtype d) { return "dtype('" + d.str() + "')"; })
      .def("__str__", [](nd::dtype d) { return d.str(); })
      .def("__hash__", [](nd::dtype d) { return py::hash(py::str(d.str())); })
      .def("__eq__",
           [](nd::dtype d, py::handle other) {
             try {
               return to_dtype(other) == d;
             } catch (py::error_already_set&) {
               return false;
             } catch (std::exception&) {
               return false;
             }
           })
      .def("__ne__",
           [](nd::dtype d, py::handle other) {
             try {
               return !(to_dtype(other) == d);
             } catch (py::error_already_set&) {
               return true;
             } catch (std::exception&) {
               return true;
             }
           })
      .def(py::pickle([](nd::dtype d) { return d.str(); },
                      [](const std::string& s) { return nd::dtype::from_string(s); }));
#define ND_X(e, T, name, kind, ch) m.attr("_dtype_" name) = nd::e;
  ND_DTYPES(ND_X)
#undef ND_X

  m.def("promote_types", [](py::handle a, py::handle b) { return nd::promote_types(to_dtype(a), to_dtype(b)); });
  m.def(
      "can_cast",
      [](py::handle from, py::handle to, const std::string& casting) {
        nd::dtype f = py::isinstance<nd::array>(from) ? from.cast<nd::array>().dtype() : to_dtype(from);
        return nd::can_cast(f, to_dtype(to), to_casting(casting));
      },
      py::arg("from_"), py::arg("to"), py::arg("casting") = "safe");
  m.def("_result_type", [](py::args args) {
    // Arrays and dtypes are strong, Python scalars weak (NEP 50).
    if (args.empty()) throw py::value_error("at least one array or dtype is required");
    std::optional<nd::dtype> strong;
    int weak = 0;  // 1 int, 2 float, 3 complex
    for (auto a : args) {
      PyObject* p = a.ptr();
      if (PyBool_Check(p)) {
        strong = strong ? nd::promote_types(*strong, nd::bool_) : nd::bool_;
      } else if (PyLong_Check(p)) {
        weak = std::max(weak, 1);
      } else if (PyFloat_Check(p)) {
        weak = std::max(weak, 2);
      } else if (PyComplex_Check(p)) {
        weak = std::max(weak, 3);
      } else {
        nd::dtype d = py::isinstance<nd::array>(a) ? a.cast<nd::array>().dtype() : to_dtype(a);
        strong = strong ? nd::promote_types(*strong, d) : d;
      }
    }
    nd::type_operand w = nd::type_operand::weak_int();
    if (weak == 2) w = nd::type_operand::weak_float();
    if (weak == 3) w = nd::type_operand::weak_complex();
    if (!strong) return weak == 1 ? nd::dtype(nd::int64) : weak == 2 ? nd::dtype(nd::float64) : nd::dtype(nd::complex128);
    if (weak == 0) return *strong;
    return nd::result_type({nd::type_operand(*strong), w});
  });
}

}  // namespace ndpy

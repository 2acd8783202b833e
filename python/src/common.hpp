#pragma once
// Shared helpers of the ndcore bindings: Python object <-> nd conversions, ufunc operands,
// axis arguments and the GIL policy.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <optional>
#include <string>
#include <vector>

#include <nd/array.hpp>

namespace py = pybind11;

// Shapes and strides (nd::dims) convert as lists/tuples of ints, as std::vector<int64_t> does.
namespace pybind11::detail {
template <>
struct type_caster<nd::dims> : list_caster<nd::dims, int64_t> {};
}  // namespace pybind11::detail

namespace ndpy {

/// The pybind11 holder of an ndcore.ndarray: it owns the nd::array and keeps a strong
/// reference to NumPy's `.base` (the array a view was made from, or the exporter of wrapped
/// memory). Keeping it here instead of in an instance __dict__ leaves ndarray objects without
/// a dict and outside the cycle collector, as NumPy's are: a small call allocates less.
/// Memory for the nd::array of an ndarray instance, recycled per thread: a small view or
/// result then costs no malloc/free pair. Blocks are `sizeof(nd::array)` bytes from
/// `::operator new`, as pybind11's own `new nd::array(...)` allocates them, so blocks of
/// either origin can be recycled.
void* array_object_alloc();
void array_object_free(void* p) noexcept;

template <class T>
struct recycling_delete {
  void operator()(T* p) const noexcept {
    p->~T();
    array_object_free(p);
  }
};

template <class T>
class array_holder {
 public:
  array_holder() = default;
  explicit array_holder(T* p) : p_(p) {}
  array_holder(const array_holder&) = delete;
  array_holder& operator=(const array_holder&) = delete;
  array_holder(array_holder&& o) noexcept : p_(std::move(o.p_)), base_(o.base_) { o.base_ = nullptr; }
  array_holder& operator=(array_holder&& o) noexcept {
    std::swap(p_, o.p_);
    std::swap(base_, o.base_);
    return *this;
  }
  ~array_holder() { Py_XDECREF(base_); }
  T* get() const { return p_.get(); }
  PyObject* base() const { return base_; }
  void set_base(PyObject* b) {
    Py_XINCREF(b);
    PyObject* old = base_;
    base_ = b;
    Py_XDECREF(old);
  }

 private:
  static_assert(std::is_same_v<T, nd::array>, "array_holder holds nd::array only");
  std::unique_ptr<T, recycling_delete<T>> p_;
  PyObject* base_ = nullptr;
};

}  // namespace ndpy

PYBIND11_DECLARE_HOLDER_TYPE(T, ndpy::array_holder<T>)

namespace ndpy {

using ndarray_holder = array_holder<nd::array>;

/// The holder of an ndcore.ndarray instance (p must be one).
inline ndarray_holder& holder_of(PyObject* p) {
  auto* inst = reinterpret_cast<py::detail::instance*>(p);
  // The simple layout is [value*][holder] (no per-call type lookup); others ask pybind11.
  if (inst->simple_layout) return *std::launder(reinterpret_cast<ndarray_holder*>(&inst->simple_value_holder[1]));
  return py::detail::values_and_holders(inst).begin()->holder<ndarray_holder>();
}

/// Kernels on at least this many elements run with the GIL released.
inline constexpr int64_t gil_release_threshold = 8192;

/// Releases the GIL for the lifetime of the guard when `n` is large enough.
class maybe_release {
 public:
  explicit maybe_release(int64_t n) {
    if (n >= gil_release_threshold) state_ = PyEval_SaveThread();
  }
  ~maybe_release() {
    if (state_) PyEval_RestoreThread(state_);
  }
  maybe_release(const maybe_release&) = delete;
  maybe_release& operator=(const maybe_release&) = delete;

 private:
  PyThreadState* state_ = nullptr;
};

/// Any dtype-like: ndcore.dtype, NumPy dtypes and scalar types, 'f8', 'float64', float, int, ...
nd::dtype to_dtype(py::handle obj);
std::optional<nd::dtype> to_opt_dtype(py::handle obj);

/// np.asarray for ndcore: ndarrays pass through, buffers are wrapped without copying,
/// nested sequences and Python scalars are converted (Python int -> int64, float -> float64).
nd::array as_array(py::handle obj, std::optional<nd::dtype> dt = std::nullopt);
/// The ndarray when `obj` is one, else a conversion (never a copy of an ndarray).
inline nd::array arr(py::handle obj) { return as_array(obj); }
/// NumPy's OverflowError for Python ints that do not fit an integer `target` dtype
/// (`natural` is `src` converted with its own dtype).
void check_python_ints(py::handle src, const nd::array& natural, nd::dtype target);
std::vector<nd::array> as_arrays(py::handle seq);
/// `a` itself when its elements are aligned for their type, else an aligned copy. nd's sort
/// kernels need aligned elements; foreign buffers (frombuffer with an offset) may not be.
nd::array aligned(const nd::array& a);
/// True when as_array(obj) builds new memory (lists, tuples, scalars), false when it shares.
bool converts_by_copy(py::handle obj);

/// Wraps an object exporting the buffer protocol (zero-copy, keeps the exporter alive).
nd::array from_buffer_protocol(py::handle obj, bool require_writable = false);

/// A ufunc operand: Python scalars stay weak (NEP 50), everything else becomes an array.
/// The ndcore.ndarray type object (set when the class is bound).
extern PyTypeObject* g_ndarray_type;

/// The nd::array inside `p` when p is exactly an ndcore.ndarray (no pybind11 type lookup:
/// the hot paths of small calls), else nullptr (callers fall back to pybind11's casts).
inline const nd::array* exact_ndarray(PyObject* p) {
  if (Py_TYPE(p) != g_ndarray_type) return nullptr;
  auto* inst = reinterpret_cast<py::detail::instance*>(p);
  if (!inst->simple_layout) return nullptr;
  return static_cast<const nd::array*>(inst->simple_value_holder[0]);
}

/// A new ndcore.ndarray owning `v` (what py::cast does for a moved nd::array, without its
/// per-call type lookups: results of small calls are made often).
py::object wrap(nd::array&& v);

/// Installs ndarray's direct deallocator (see wrap in convert.cpp); called once at import.
void install_fast_lifetime(py::handle cls);

/// The nd::array of an ndcore.ndarray (or subclass) object; exact instances skip the lookup.
inline const nd::array& ndarray_ref(py::handle obj) {
  const nd::array* direct = exact_ndarray(obj.ptr());
  return direct ? *direct : obj.cast<const nd::array&>();
}

class operand_holder {
 public:
  explicit operand_holder(py::handle obj);
  operand_holder(const operand_holder&) = delete;  // ref_ may point into arr_
  operand_holder& operator=(const operand_holder&) = delete;
  nd::operand get() const;
  bool is_array() const { return kind_ == kind::array; }
  const nd::array& array() const { return *ref_; }

 private:
  enum class kind { array, boolean, integer, uinteger, floating, complex } kind_ = kind::array;
  // An ndarray argument is referred to (the Python object outlives the call); anything
  // else is converted into arr_.
  const nd::array* ref_ = nullptr;
  std::optional<nd::array> arr_;
  bool b_ = false;
  int64_t i_ = 0;
  uint64_t u_ = 0;
  double f_ = 0;
  std::complex<double> c_{};
};

/// axis=None/int/tuple -> nullopt or a list of axes.
std::optional<std::vector<int64_t>> to_axes(py::handle axis);
std::optional<int64_t> to_axis(py::handle axis);
/// A shape from an int or a sequence of ints.
nd::shape_t to_shape(py::handle obj);
nd::order to_order(py::handle obj, nd::order dflt = nd::order::C);
nd::casting to_casting(const std::string& s);
/// The Array API `device=` argument: None or "cpu" (the only device); anything else is a ValueError.
void check_device(py::handle device, const char* op);

/// The single element of a size-1 array as a Python bool/int/float/complex.
py::object item_py(const nd::array& a);
/// The nested-list form of an array (Python scalars at the leaves).
py::object tolist_py(const nd::array& a);

/// Index conversion for __getitem__/__setitem__; `all_int` tells whether every item was an integer.
std::vector<nd::fancy_index> to_index(py::handle key, bool& all_int);

/// The registered Python exception types.
py::object axis_error_type();

void bind_convert(py::module_& m);
/// Replace the ndarray type's C slots for a + b, a - b, a * b, a / b, -a and a[key] with direct
/// calls (after ndcore's Python layer has finished setting the class attributes).
void install_fast_number_slots(py::handle cls);
void install_fast_getitem(py::handle cls);
/// a.sum(), a.max(), a.copy(), ... without arguments as C methods (others call the Python method).
void install_fast_methods(py::handle cls);
void install_fast_ufunc_call(py::handle ufunc_cls);
void bind_array(py::module_& m);
void bind_ufunc(py::module_& m);
void bind_functions(py::module_& m);
void bind_interop(py::module_& m);
void bind_linalg(py::module_& m);
void bind_fft(py::module_& m);
void bind_linalg_module(py::module_& m);
void bind_random(py::module_& m);

}  // namespace ndpy

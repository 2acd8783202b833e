// Module functions: creation, manipulation, indexing helpers, sorting and sets, .npy I/O.
#include "common.hpp"

namespace ndpy {
namespace {

py::list to_list(const std::vector<nd::array>& v) {
  py::list out;
  for (const auto& a : v) out.append(py::cast(a));
  return out;
}

nd::clip_mode to_clip_mode(const std::string& s) {
  if (s == "raise") return nd::clip_mode::raise;
  if (s == "wrap") return nd::clip_mode::wrap;
  if (s == "clip") return nd::clip_mode::clip;
  throw py::value_error("clipmode must be one of 'clip', 'raise', or 'wrap'");
}

nd::sort_kind to_sort_kind(py::handle kind, py::handle stable) {
  if (!stable.is_none() && stable.cast<bool>()) return nd::sort_kind::stable;
  if (kind.is_none()) return nd::sort_kind::quicksort;
  auto s = kind.cast<std::string>();
  if (s == "quicksort" || s == "q") return nd::sort_kind::quicksort;
  if (s == "stable" || s == "mergesort" || s == "m" || s == "s") return nd::sort_kind::stable;
  if (s == "heapsort" || s == "h") return nd::sort_kind::heapsort;
  throw py::value_error("sort kind must be one of 'quick', 'heap', or 'stable' (got '" + s + "')");
}

std::optional<int64_t> opt_axis_default(py::handle axis, bool is_default_none) {
  (void)is_default_none;
  return to_axis(axis);
}

nd::pad_mode to_pad_mode(const std::string& s) {
  if (s == "constant") return nd::pad_mode::constant;
  if (s == "edge") return nd::pad_mode::edge;
  if (s == "reflect") return nd::pad_mode::reflect;
  if (s == "symmetric") return nd::pad_mode::symmetric;
  if (s == "wrap") return nd::pad_mode::wrap;
  throw py::value_error("mode '" + s + "' is not supported by ndcore.pad");
}

}  // namespace

void bind_functions(py::module_& m) {
  // ---- creation ----
  auto def_filled = [&m](const char* name, nd::array (*f)(const nd::shape_t&, nd::dtype, nd::order)) {
    m.def(
        name,
        [f, name](py::handle shape, py::handle dtype, py::handle order, py::handle device) {
          check_device(device, name);
          return f(to_shape(shape), to_dtype(dtype), to_order(order));
        },
        py::arg("shape"), py::arg("dtype") = py::none(), py::arg("order") = "C", py::kw_only(),
        py::arg("device") = py::none());
  };
  def_filled("empty", &nd::empty);
  def_filled("zeros", &nd::zeros);
  def_filled("ones", &nd::ones);
  m.def(
      "full",
      [](py::handle shape, py::handle value, py::handle dtype, py::handle order, py::handle device) {
        check_device(device, "full");
        nd::array v = as_array(value);
        nd::shape_t s = to_shape(shape);
        auto dt = to_opt_dtype(dtype);
        if (dt) check_python_ints(value, v, *dt);
        if (v.ndim() == 0) return nd::full(s, v, dt, to_order(order));
        nd::array out = nd::empty(s, dt.value_or(v.dtype()), to_order(order));
        out.assign(v);
        return out;
      },
      py::arg("shape"), py::arg("fill_value"), py::arg("dtype") = py::none(), py::arg("order") = "C", py::kw_only(),
      py::arg("device") = py::none());
  auto def_like = [&m](const char* name, nd::array (*f)(const nd::array&, std::optional<nd::dtype>, nd::order)) {
    m.def(
        name,
        [f, name](py::handle a, py::handle dtype, py::handle order, py::handle shape, py::handle device) {
          check_device(device, name);
          nd::array p = as_array(a);
          if (!shape.is_none()) p = nd::empty(to_shape(shape), p.dtype());
          return f(p, to_opt_dtype(dtype), to_order(order, nd::order::K));
        },
        py::arg("a"), py::arg("dtype") = py::none(), py::arg("order") = "K", py::arg("shape") = py::none(),
        py::kw_only(), py::arg("device") = py::none());
  };
  def_like("empty_like", &nd::empty_like);
  def_like("zeros_like", &nd::zeros_like);
  def_like("ones_like", &nd::ones_like);
  m.def(
      "full_like",
      [](py::handle a, py::handle value, py::handle dtype, py::handle order, py::handle shape, py::handle device) {
        check_device(device, "full_like");
        nd::array p = as_array(a);
        if (!shape.is_none()) p = nd::empty(to_shape(shape), p.dtype());
        nd::array out = nd::empty_like(p, to_opt_dtype(dtype), to_order(order, nd::order::K));
        nd::array v = as_array(value);
        check_python_ints(value, v, out.dtype());
        out.assign(v);
        return out;
      },
      py::arg("a"), py::arg("fill_value"), py::arg("dtype") = py::none(), py::arg("order") = "K",
      py::arg("shape") = py::none(), py::kw_only(), py::arg("device") = py::none());
  m.def("_arange_int", [](int64_t start, int64_t stop, int64_t step, py::handle dtype) {
    return nd::arange_int(start, stop, step, to_opt_dtype(dtype));
  });
  m.def("_arange_float", [](double start, double stop, double step, py::handle dtype) {
    return nd::arange_float(start, stop, step, to_opt_dtype(dtype));
  });
  m.def("_linspace", [](double start, double stop, int64_t num, bool endpoint, py::handle dtype) {
    auto r = nd::linspace_step(start, stop, num, endpoint, to_opt_dtype(dtype));
    return py::make_tuple(r.first, r.second);
  });
  m.def("_logspace", [](double start, double stop, int64_t num, bool endpoint, double base, py::handle dtype) {
    return nd::logspace(start, stop, num, endpoint, base, to_opt_dtype(dtype));
  });
  m.def(
      "eye",
      [](int64_t n, std::optional<int64_t> mm, int64_t k, py::handle dtype, py::handle order, py::handle device) {
        check_device(device, "eye");
        return nd::eye(n, mm, k, to_dtype(dtype), to_order(order));
      },
      py::arg("N"), py::arg("M") = py::none(), py::arg("k") = 0, py::arg("dtype") = py::none(),
      py::arg("order") = "C", py::kw_only(), py::arg("device") = py::none());
  m.def(
      "identity", [](int64_t n, py::handle dtype) { return nd::identity(n, to_dtype(dtype)); }, py::arg("n"),
      py::arg("dtype") = py::none());
  m.def("ascontiguousarray", [](py::handle a, py::handle dtype) {
    return nd::ascontiguousarray(as_array(a), to_opt_dtype(dtype));
  }, py::arg("a"), py::arg("dtype") = py::none());
  m.def("asfortranarray", [](py::handle a, py::handle dtype) {
    return nd::asfortranarray(as_array(a), to_opt_dtype(dtype));
  }, py::arg("a"), py::arg("dtype") = py::none());

  // ---- shape (views where NumPy gives views; the Python layer sets `base`) ----
  m.def("_reshape", [](py::handle a, py::handle shape, py::handle order) {
    return nd::reshape(as_array(a), to_shape(shape), to_order(order));
  });
  m.def("_transpose", [](py::handle a, py::handle axes) {
    if (axes.is_none()) return nd::transpose(as_array(a));
    return nd::transpose(as_array(a), to_shape(axes));
  });
  m.def("_moveaxis", [](py::handle a, py::handle src, py::handle dst) {
    return nd::moveaxis(as_array(a), to_shape(src), to_shape(dst));
  });
  m.def("_expand_dims", [](py::handle a, py::handle axes) { return nd::expand_dims(as_array(a), to_shape(axes)); });
  m.def("_squeeze", [](py::handle a, py::handle axes) { return nd::squeeze(as_array(a), to_axes(axes)); });
  m.def("_broadcast_to", [](py::handle a, py::handle shape) { return nd::broadcast_to(as_array(a), to_shape(shape)); });
  m.def("_broadcast_arrays", [](py::args arrays) { return to_list(nd::broadcast_arrays(as_arrays(arrays))); });
  m.def("broadcast_shapes", [](py::args shapes) {
    std::vector<nd::shape_t> s;
    for (auto x : shapes) s.push_back(to_shape(x));
    nd::shape_t r = nd::broadcast_shapes(s);
    py::tuple t(r.size());
    for (size_t i = 0; i < r.size(); ++i) t[i] = py::int_(r[i]);
    return t;
  });
  m.def("_diagonal", [](py::handle a, int64_t offset, int64_t a1, int64_t a2) {
    return nd::diagonal(as_array(a), offset, a1, a2);
  });
  m.def("_ravel", [](py::handle a, py::handle order) { return nd::ravel(as_array(a), to_order(order)); });
  m.def("_swapaxes", [](py::handle a, int64_t x, int64_t y) { return nd::swapaxes(as_array(a), x, y); });
  m.def("_atleast", [](py::handle a, int n) {
    nd::array x = as_array(a);
    return n == 1 ? nd::atleast_1d(x) : n == 2 ? nd::atleast_2d(x) : nd::atleast_3d(x);
  });

  // ---- joining, splitting, tiling ----
  m.def(
      "concatenate",
      [](py::handle arrays, py::handle axis, py::handle out, py::handle dtype) -> py::object {
        auto arrs = as_arrays(arrays);
        auto ax = to_axis(axis);
        auto dt = to_opt_dtype(dtype);
        nd::array r;
        {
          int64_t n = 0;
          for (const auto& x : arrs) n += x.size();
          maybe_release nogil(n);
          r = nd::concatenate(arrs, ax, dt);
        }
        if (!out.is_none()) {
          out.cast<nd::array&>().assign(r);
          return py::reinterpret_borrow<py::object>(out);
        }
        return py::cast(std::move(r));
      },
      py::arg("arrays"), py::arg("axis") = 0, py::arg("out") = py::none(), py::arg("dtype") = py::none());
  m.def(
      "stack", [](py::handle arrays, int64_t axis) { return nd::stack(as_arrays(arrays), axis); }, py::arg("arrays"),
      py::arg("axis") = 0);
  m.def("vstack", [](py::handle arrays) { return nd::vstack(as_arrays(arrays)); });
  m.def("hstack", [](py::handle arrays) { return nd::hstack(as_arrays(arrays)); });
  m.def("dstack", [](py::handle arrays) { return nd::dstack(as_arrays(arrays)); });
  m.def("column_stack", [](py::handle arrays) { return nd::column_stack(as_arrays(arrays)); });
  m.def(
      "append", [](py::handle a, py::handle v, py::handle axis) { return nd::append(as_array(a), as_array(v), to_axis(axis)); },
      py::arg("arr"), py::arg("values"), py::arg("axis") = py::none());
  m.def("_split", [](py::handle a, py::handle sections, int64_t axis, bool strict) {
    nd::array x = as_array(a);
    if (PyLong_Check(sections.ptr()))
      return to_list(strict ? nd::split(x, sections.cast<int64_t>(), axis)
                            : nd::array_split(x, sections.cast<int64_t>(), axis));
    std::vector<int64_t> idx = to_shape(sections);
    return to_list(strict ? nd::split(x, idx, axis) : nd::array_split(x, idx, axis));
  });
  m.def("tile", [](py::handle a, py::handle reps) { return nd::tile(as_array(a), to_shape(reps)); }, py::arg("A"),
        py::arg("reps"));
  m.def(
      "repeat",
      [](py::handle a, py::handle repeats, py::handle axis) {
        nd::array x = as_array(a);
        if (PyLong_Check(repeats.ptr())) return nd::repeat(x, repeats.cast<int64_t>(), to_axis(axis));
        return nd::repeat(x, as_array(repeats), to_axis(axis));
      },
      py::arg("a"), py::arg("repeats"), py::arg("axis") = py::none());
  m.def("_flip", [](py::handle a, py::handle axis) { return nd::flip(as_array(a), to_axes(axis)); });
  m.def("_fliplr", [](py::handle a) { return nd::fliplr(as_array(a)); });
  m.def("_flipud", [](py::handle a) { return nd::flipud(as_array(a)); });
  m.def(
      "roll",
      [](py::handle a, py::handle shift, py::handle axis) {
        nd::array x = as_array(a);
        if (axis.is_none() || !(PyTuple_Check(axis.ptr()) || PyList_Check(axis.ptr()))) {
          if (PyLong_Check(shift.ptr())) return nd::roll(x, shift.cast<int64_t>(), to_axis(axis));
          if (axis.is_none()) throw py::value_error("shift must be an integer when axis is None");
          std::vector<int64_t> shifts = to_shape(shift);
          std::vector<int64_t> axes(shifts.size(), to_axis(axis).value());
          return nd::roll(x, shifts, axes);
        }
        std::vector<int64_t> axes = to_shape(axis);
        std::vector<int64_t> shifts = PyLong_Check(shift.ptr()) ? std::vector<int64_t>(axes.size(), shift.cast<int64_t>())
                                                                 : std::vector<int64_t>(to_shape(shift));
        return nd::roll(x, shifts, axes);
      },
      py::arg("a"), py::arg("shift"), py::arg("axis") = py::none());
  m.def(
      "_rot90", [](py::handle a, int64_t k, py::handle axes) { return nd::rot90(as_array(a), k, to_shape(axes)); });
  m.def("_pad", [](py::handle a, py::handle width, const std::string& mode, py::handle cv) {
    nd::array x = as_array(a);
    std::vector<std::pair<int64_t, int64_t>> w;
    nd::array wa = as_array(width).astype(nd::int64);
    if (wa.ndim() == 0) {
      int64_t v = wa.item<int64_t>();
      w.assign(1, {v, v});
    } else if (wa.ndim() == 1 && wa.size() == 1) {
      int64_t v = wa[0].item<int64_t>();
      w.assign(1, {v, v});
    } else if (wa.ndim() == 1 && wa.size() == 2) {
      w.assign(1, {wa[0].item<int64_t>(), wa[1].item<int64_t>()});
    } else {
      nd::array b = nd::broadcast_to(wa, {x.ndim(), 2});
      for (int64_t i = 0; i < x.ndim(); ++i) w.emplace_back(b(i, 0).item<int64_t>(), b(i, 1).item<int64_t>());
    }
    return nd::pad(x, w, to_pad_mode(mode), as_array(cv));
  });
  m.def("tril", [](py::handle a, int64_t k) { return nd::tril(as_array(a), k); }, py::arg("m"), py::arg("k") = 0);
  m.def("triu", [](py::handle a, int64_t k) { return nd::triu(as_array(a), k); }, py::arg("m"), py::arg("k") = 0);
  m.def("_meshgrid", [](py::tuple xi, const std::string& indexing, bool sparse, bool copy) {
    if (indexing != "xy" && indexing != "ij") throw py::value_error("Valid values for `indexing` are 'xy' and 'ij'.");
    return to_list(nd::meshgrid(as_arrays(xi), indexing == "xy" ? nd::meshgrid_indexing::xy : nd::meshgrid_indexing::ij,
                                sparse, copy));
  });
  m.def(
      "diff",
      [](py::handle a, int64_t n, int64_t axis, py::handle prepend, py::handle append) {
        std::optional<nd::array> pre, app;
        if (!prepend.is_none()) pre = as_array(prepend);
        if (!append.is_none()) app = as_array(append);
        return nd::diff(as_array(a), n, axis, pre, app);
      },
      py::arg("a"), py::arg("n") = 1, py::arg("axis") = -1, py::arg("prepend") = py::none(),
      py::arg("append") = py::none());
  m.def(
      "ediff1d",
      [](py::handle a, py::handle to_end, py::handle to_begin) {
        std::optional<nd::array> e, b;
        if (!to_end.is_none()) e = as_array(to_end);
        if (!to_begin.is_none()) b = as_array(to_begin);
        return nd::ediff1d(as_array(a), e, b);
      },
      py::arg("ary"), py::arg("to_end") = py::none(), py::arg("to_begin") = py::none());
  m.def(
      "insert",
      [](py::handle a, py::handle obj, py::handle values, py::handle axis) {
        nd::array x = as_array(a);
        if (PySlice_Check(obj.ptr())) {
          auto* s = reinterpret_cast<PySliceObject*>(obj.ptr());
          auto b = [](PyObject* v) -> nd::slice_arg {
            if (v == Py_None) return nd::none;
            return py::cast<int64_t>(py::handle(v));
          };
          return nd::insert(x, nd::slice(b(s->start), b(s->stop), b(s->step)), as_array(values), to_axis(axis));
        }
        if (PyLong_Check(obj.ptr())) return nd::insert(x, obj.cast<int64_t>(), as_array(values), to_axis(axis));
        return nd::insert(x, to_shape(obj), as_array(values), to_axis(axis));
      },
      py::arg("arr"), py::arg("obj"), py::arg("values"), py::arg("axis") = py::none());
  m.def(
      "delete",
      [](py::handle a, py::handle obj, py::handle axis) {
        nd::array x = as_array(a);
        if (PySlice_Check(obj.ptr())) {
          auto* s = reinterpret_cast<PySliceObject*>(obj.ptr());
          auto b = [](PyObject* v) -> nd::slice_arg {
            if (v == Py_None) return nd::none;
            return py::cast<int64_t>(py::handle(v));
          };
          return nd::delete_(x, nd::slice(b(s->start), b(s->stop), b(s->step)), to_axis(axis));
        }
        if (PyLong_Check(obj.ptr())) return nd::delete_(x, obj.cast<int64_t>(), to_axis(axis));
        return nd::delete_(x, to_shape(obj), to_axis(axis));
      },
      py::arg("arr"), py::arg("obj"), py::arg("axis") = py::none());
  m.def(
      "trim_zeros",
      [](py::handle a, const std::string& trim, py::handle axis) {
        return nd::trim_zeros(as_array(a), trim, to_axes(axis));
      },
      py::arg("filt"), py::arg("trim") = "fb", py::arg("axis") = py::none());

  // ---- indexing helpers ----
  m.def(
      "take",
      [](py::handle a, py::handle indices, py::handle axis, py::handle out, const std::string& mode) -> py::object {
        nd::array x = as_array(a), ind = as_array(indices);
        auto ax = to_axis(axis);
        auto md = to_clip_mode(mode);
        nd::array r;
        {
          maybe_release nogil(ind.size());
          r = nd::take(x, ind, ax, md);
        }
        if (!out.is_none()) {
          out.cast<nd::array&>().assign(r);
          return py::reinterpret_borrow<py::object>(out);
        }
        return py::cast(std::move(r));
      },
      py::arg("a"), py::arg("indices"), py::arg("axis") = py::none(), py::arg("out") = py::none(),
      py::arg("mode") = "raise");
  m.def(
      "put",
      [](nd::array& a, py::handle ind, py::handle v, const std::string& mode) {
        nd::put(a, as_array(ind), as_array(v), to_clip_mode(mode));
      },
      py::arg("a"), py::arg("ind"), py::arg("v"), py::arg("mode") = "raise");
  m.def("take_along_axis", [](py::handle a, py::handle ind, py::handle axis) {
    return nd::take_along_axis(as_array(a), as_array(ind), to_axis(axis));
  }, py::arg("arr"), py::arg("indices"), py::arg("axis"));
  m.def("put_along_axis", [](nd::array& a, py::handle ind, py::handle v, py::handle axis) {
    nd::put_along_axis(a, as_array(ind), as_array(v), to_axis(axis));
  }, py::arg("arr"), py::arg("indices"), py::arg("values"), py::arg("axis"));
  m.def("nonzero", [](py::handle a) {
    auto v = nd::nonzero(as_array(a));
    py::tuple t(v.size());
    for (size_t i = 0; i < v.size(); ++i) t[i] = py::cast(v[i]);
    return t;
  });
  m.def("argwhere", [](py::handle a) { return nd::argwhere(as_array(a)); });
  m.def("flatnonzero", [](py::handle a) { return nd::flatnonzero(as_array(a)); });
  m.def(
      "compress",
      [](py::handle c, py::handle a, py::handle axis) { return nd::compress(as_array(c), as_array(a), to_axis(axis)); },
      py::arg("condition"), py::arg("a"), py::arg("axis") = py::none());
  m.def("extract", [](py::handle c, py::handle a) { return nd::extract(as_array(c), as_array(a)); });
  m.def(
      "choose",
      [](py::handle a, py::handle choices, const std::string& mode) {
        return nd::choose(as_array(a), as_arrays(choices), to_clip_mode(mode));
      },
      py::arg("a"), py::arg("choices"), py::arg("mode") = "raise");

  // ---- sorting, searching, sets, counting ----
  m.def(
      "sort",
      [](py::handle a, py::handle axis, py::handle kind, py::handle, py::handle stable) {
        nd::array x = aligned(as_array(a));
        maybe_release nogil(x.size());
        return nd::sort(x, to_axis(axis), to_sort_kind(kind, stable));
      },
      py::arg("a"), py::arg("axis") = -1, py::arg("kind") = py::none(), py::arg("order") = py::none(),
      py::arg("stable") = py::none());
  m.def("_sort_inplace", [](nd::array& a, int64_t axis, py::handle kind, py::handle stable) {
    auto k = to_sort_kind(kind, stable);
    nd::array work = aligned(a);
    maybe_release nogil(a.size());
    if (work.shares_buffer(a)) {
      nd::sort_inplace(a, axis, k);
    } else {
      if (!a.writeable()) nd::array::readonly_failure("sort");
      nd::sort_inplace(work, axis, k);
      a.assign(work);
    }
  });
  m.def(
      "argsort",
      [](py::handle a, py::handle axis, py::handle kind, py::handle, py::handle stable) {
        nd::array x = aligned(as_array(a));
        maybe_release nogil(x.size());
        return nd::argsort(x, to_axis(axis), to_sort_kind(kind, stable));
      },
      py::arg("a"), py::arg("axis") = -1, py::arg("kind") = py::none(), py::arg("order") = py::none(),
      py::arg("stable") = py::none());
  m.def(
      "lexsort",
      [](py::handle keys, int64_t axis) {
        auto ks = as_arrays(keys);
        for (auto& k : ks) k = aligned(k);
        return nd::lexsort(ks, axis);
      },
      py::arg("keys"),
      py::arg("axis") = -1);
  m.def(
      "partition",
      [](py::handle a, py::handle kth, py::handle axis, py::handle, py::handle) {
        return nd::partition(aligned(as_array(a)), to_shape(kth), opt_axis_default(axis, false));
      },
      py::arg("a"), py::arg("kth"), py::arg("axis") = -1, py::arg("kind") = "introselect", py::arg("order") = py::none());
  m.def(
      "argpartition",
      [](py::handle a, py::handle kth, py::handle axis, py::handle, py::handle) {
        return nd::argpartition(aligned(as_array(a)), to_shape(kth), opt_axis_default(axis, false));
      },
      py::arg("a"), py::arg("kth"), py::arg("axis") = -1, py::arg("kind") = "introselect", py::arg("order") = py::none());
  m.def(
      "searchsorted",
      [](py::handle a, py::handle v, const std::string& side, py::handle sorter) {
        if (side != "left" && side != "right") throw py::value_error("side must be 'left' or 'right' (got '" + side + "')");
        std::optional<nd::array> s;
        if (!sorter.is_none()) s = aligned(as_array(sorter));
        nd::array vv = aligned(as_array(v));
        nd::array r = nd::searchsorted(aligned(as_array(a)), vv, side == "left" ? nd::side::left : nd::side::right, s);
        return r;
      },
      py::arg("a"), py::arg("v"), py::arg("side") = "left", py::arg("sorter") = py::none());
  m.def("_unique", [](py::handle a, bool ri, bool rinv, bool rc, bool equal_nan, py::handle axis) {
    nd::unique_options o{ri, rinv, rc, equal_nan};
    nd::array x = as_array(a);
    nd::unique_result r;
    const std::optional<int64_t> ax = axis.is_none() ? std::nullopt : std::optional<int64_t>(axis.cast<int64_t>());
    {
      maybe_release nogil(x.size());
      r = ax ? nd::unique(x, *ax, o) : nd::unique(x, o);
    }
    return py::make_tuple(r.values, r.index ? py::cast(*r.index) : py::none(),
                          r.inverse ? py::cast(*r.inverse) : py::none(), r.counts ? py::cast(*r.counts) : py::none());
  });
  m.def(
      "isin",
      [](py::handle e, py::handle t, bool assume_unique, bool invert, py::handle) {
        return nd::isin(as_array(e), as_array(t), assume_unique, invert);
      },
      py::arg("element"), py::arg("test_elements"), py::arg("assume_unique") = false, py::arg("invert") = false,
      py::kw_only(), py::arg("kind") = py::none());
  m.def(
      "intersect1d",
      [](py::handle a, py::handle b, bool assume_unique, bool return_indices) -> py::object {
        if (return_indices) {
          auto r = nd::intersect1d_indices(as_array(a), as_array(b), assume_unique);
          return py::make_tuple(r.values, r.a_indices, r.b_indices);
        }
        return py::cast(nd::intersect1d(as_array(a), as_array(b), assume_unique));
      },
      py::arg("ar1"), py::arg("ar2"), py::arg("assume_unique") = false, py::arg("return_indices") = false);
  m.def("union1d", [](py::handle a, py::handle b) { return nd::union1d(as_array(a), as_array(b)); });
  m.def(
      "setdiff1d",
      [](py::handle a, py::handle b, bool u) { return nd::setdiff1d(as_array(a), as_array(b), u); }, py::arg("ar1"),
      py::arg("ar2"), py::arg("assume_unique") = false);
  m.def(
      "setxor1d",
      [](py::handle a, py::handle b, bool u) { return nd::setxor1d(as_array(a), as_array(b), u); }, py::arg("ar1"),
      py::arg("ar2"), py::arg("assume_unique") = false);
  m.def(
      "bincount",
      [](py::handle x, py::handle weights, int64_t minlength) {
        std::optional<nd::array> w;
        if (!weights.is_none()) w = as_array(weights);
        return nd::bincount(as_array(x), w, minlength);
      },
      py::arg("x"), py::arg("weights") = py::none(), py::arg("minlength") = 0);
  m.def(
      "histogram",
      [](py::handle a, py::handle bins, py::handle range, bool density, py::handle weights) {
        nd::array x = as_array(a);
        std::optional<nd::array> w;
        if (!weights.is_none()) w = as_array(weights);
        nd::histogram_result r;
        if (PyLong_Check(bins.ptr())) {
          std::optional<std::pair<double, double>> rg;
          if (!range.is_none()) rg = range.cast<std::pair<double, double>>();
          r = nd::histogram(x, bins.cast<int64_t>(), rg, density, w);
        } else {
          r = nd::histogram(x, as_array(bins), density, w);
        }
        return py::make_tuple(r.hist, r.bin_edges);
      },
      py::arg("a"), py::arg("bins") = 10, py::arg("range") = py::none(), py::arg("density") = false,
      py::arg("weights") = py::none());
  m.def(
      "digitize", [](py::handle x, py::handle bins, bool right) { return nd::digitize(as_array(x), as_array(bins), right); },
      py::arg("x"), py::arg("bins"), py::arg("right") = false);

  // ---- .npy ----
  m.def("_save", [](const std::string& path, py::handle a) {
    nd::array x = as_array(a);
    nd::save(path, x);
  });
  m.def("_load", [](const std::string& path) { return nd::load(path); });
}

}  // namespace ndpy

// DLPack export (__dlpack__, __dlpack_device__) and import (from_dlpack), both zero-copy.
#include <cstring>

#include "common.hpp"
#include "nd/interop.hpp"

namespace ndpy {
namespace {

// DLPack 1.x's versioned tensor (dlpack.h >= 1.0; Debian 12 ships 0.6, whose DLTensor and
// DLManagedTensor nd/interop.hpp brings in). The dtype mapping, the export of an array and
// the import of a tensor are nd's (nd::interop); this file adds the capsules and the
// versioned wrapper.
struct DLPackVersion {
  uint32_t major;
  uint32_t minor;
};
struct DLManagedTensorVersioned {
  DLPackVersion version;
  void* manager_ctx;
  void (*deleter)(DLManagedTensorVersioned* self);
  uint64_t flags;
  DLTensor dl_tensor;
};
constexpr uint64_t kFlagReadOnly = 1;
constexpr int kCPU = static_cast<int>(kDLCPU);

// nd's errors from DLPack conversions surface as BufferError, as NumPy's do.
template <class F>
auto buffer_errors(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const nd::readonly_error&) {
    throw;
  } catch (const std::invalid_argument& e) {
    throw py::buffer_error(e.what());
  }
}

void legacy_capsule_destructor(PyObject* cap) {
  if (PyCapsule_IsValid(cap, "dltensor")) {  // never consumed
    auto* m = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(cap, "dltensor"));
    if (m && m->deleter) m->deleter(m);
  }
  PyErr_Clear();
}

void versioned_capsule_destructor(PyObject* cap) {
  if (PyCapsule_IsValid(cap, "dltensor_versioned")) {
    auto* m = static_cast<DLManagedTensorVersioned*>(PyCapsule_GetPointer(cap, "dltensor_versioned"));
    if (m && m->deleter) m->deleter(m);
  }
  PyErr_Clear();
}

py::object to_dlpack(const nd::array& a, py::handle max_version, py::handle copy) {
  nd::array src = a;
  if (!copy.is_none() && copy.cast<bool>()) src = a.copy();
  bool versioned = false;
  if (!max_version.is_none()) {
    auto v = max_version.cast<std::pair<int, int>>();
    versioned = v.first >= 1;
  }
  if (versioned) {
    // nd's tensor inside the versioned one, which carries the read-only flag.
    DLManagedTensor* inner = buffer_errors([&] { return nd::interop::to_dlpack(src, true); });
    DLManagedTensorVersioned* m = nullptr;
    try {
      m = new DLManagedTensorVersioned{};
    } catch (...) {
      inner->deleter(inner);
      throw;
    }
    m->version = {1, 0};
    m->manager_ctx = inner;
    m->flags = src.writeable() ? 0 : kFlagReadOnly;
    m->dl_tensor = inner->dl_tensor;
    m->deleter = [](DLManagedTensorVersioned* self) {
      auto* in = static_cast<DLManagedTensor*>(self->manager_ctx);
      in->deleter(in);
      delete self;
    };
    return py::reinterpret_steal<py::object>(PyCapsule_New(m, "dltensor_versioned", versioned_capsule_destructor));
  }
  if (!src.writeable())
    throw py::buffer_error("Cannot export readonly array since signalling readonly is unsupported by DLPack "
                           "(supported by newer DLPack version).");
  DLManagedTensor* m = buffer_errors([&] { return nd::interop::to_dlpack(src); });
  return py::reinterpret_steal<py::object>(PyCapsule_New(m, "dltensor", legacy_capsule_destructor));
}

nd::array wrap_tensor(const DLTensor& t, std::shared_ptr<const void> owner, bool writeable) {
  return buffer_errors([&] { return nd::interop::from_dltensor(t, std::move(owner), writeable); });
}

py::object from_dlpack(py::handle x, py::handle device, py::handle copy) {
  if (!device.is_none() && device.cast<std::string>() != "cpu")
    throw py::value_error("ndcore arrays live on the CPU only");
  py::object cap;
  try {
    cap = x.attr("__dlpack__")(py::arg("max_version") = py::make_tuple(1, 0));
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_TypeError)) throw;
    cap = x.attr("__dlpack__")();
  }
  nd::array out;
  if (PyCapsule_IsValid(cap.ptr(), "dltensor_versioned")) {
    auto* m = static_cast<DLManagedTensorVersioned*>(PyCapsule_GetPointer(cap.ptr(), "dltensor_versioned"));
    if (m->version.major > 1) throw py::buffer_error("unsupported DLPack major version");
    std::shared_ptr<const void> owner(m, [](const void* p) {
      auto* mt = static_cast<DLManagedTensorVersioned*>(const_cast<void*>(p));
      if (mt->deleter) mt->deleter(mt);
    });
    PyCapsule_SetName(cap.ptr(), "used_dltensor_versioned");
    out = wrap_tensor(m->dl_tensor, owner, (m->flags & kFlagReadOnly) == 0);
  } else if (PyCapsule_IsValid(cap.ptr(), "dltensor")) {
    auto* m = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(cap.ptr(), "dltensor"));
    std::shared_ptr<const void> owner(m, [](const void* p) {
      auto* mt = static_cast<DLManagedTensor*>(const_cast<void*>(p));
      if (mt->deleter) mt->deleter(mt);
    });
    PyCapsule_SetName(cap.ptr(), "used_dltensor");
    out = wrap_tensor(m->dl_tensor, owner, true);
  } else {
    throw py::type_error("__dlpack__ did not return a DLPack capsule");
  }
  if (!copy.is_none() && copy.cast<bool>()) out = out.copy();
  return py::cast(std::move(out));
}

}  // namespace

void bind_interop(py::module_& m) {
  py::object cls = m.attr("ndarray");
  cls.attr("__dlpack__") = py::cpp_function(
      [](const nd::array& a, py::handle stream, py::handle max_version, py::handle dl_device, py::handle copy) {
        if (!stream.is_none()) throw py::value_error("ndcore arrays live on the CPU: stream must be None");
        if (!dl_device.is_none()) {
          auto d = dl_device.cast<std::pair<int, int>>();
          if (d.first != kCPU) throw py::buffer_error("ndcore can only export to the CPU");
        }
        return to_dlpack(a, max_version, copy);
      },
      py::name("__dlpack__"), py::is_method(cls), py::kw_only(), py::arg("stream") = py::none(),
      py::arg("max_version") = py::none(), py::arg("dl_device") = py::none(), py::arg("copy") = py::none());
  cls.attr("__dlpack_device__") = py::cpp_function([](const nd::array&) { return py::make_tuple(kCPU, 0); },
                                                   py::name("__dlpack_device__"), py::is_method(cls));
  m.def("from_dlpack", &from_dlpack, py::arg("x"), py::kw_only(), py::arg("device") = py::none(),
        py::arg("copy") = py::none());
}

}  // namespace ndpy

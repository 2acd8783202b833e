// DLPack export (__dlpack__, __dlpack_device__) and import (from_dlpack), both zero-copy.
#include <cstring>

#include "common.hpp"

namespace ndpy {
namespace {

// The DLPack ABI (dlpack.h, versions 0.x and 1.x), declared here to avoid a header dependency.
struct DLDevice {
  int32_t device_type;
  int32_t device_id;
};
struct DLDataType {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
};
struct DLTensor {
  void* data;
  DLDevice device;
  int32_t ndim;
  DLDataType dtype;
  int64_t* shape;
  int64_t* strides;
  uint64_t byte_offset;
};
struct DLManagedTensor {
  DLTensor dl_tensor;
  void* manager_ctx;
  void (*deleter)(DLManagedTensor* self);
};
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
constexpr int32_t kDLCPU = 1;
constexpr uint8_t kDLInt = 0, kDLUInt = 1, kDLFloat = 2, kDLComplex = 5, kDLBool = 6;
constexpr uint64_t kFlagReadOnly = 1;

// Owns what an exported tensor points to: the array (and so its buffer), shape and strides.
struct export_ctx {
  nd::array a;
  std::vector<int64_t> shape, strides;
};

DLDataType dl_dtype(nd::dtype d) {
  DLDataType t{kDLFloat, static_cast<uint8_t>(d.itemsize() * 8), 1};
  switch (d.kind()) {
    case 'b': t.code = kDLBool; break;
    case 'i': t.code = kDLInt; break;
    case 'u': t.code = kDLUInt; break;
    case 'f': t.code = kDLFloat; break;
    case 'c': t.code = kDLComplex; break;
    default: break;
  }
  return t;
}

nd::dtype from_dl_dtype(DLDataType t) {
  if (t.lanes != 1) throw py::buffer_error("DLPack tensors with vector lanes are not supported");
  const int bits = t.bits;
  switch (t.code) {
    case kDLBool:
      if (bits == 8) return nd::bool_;
      break;
    case kDLInt:
      if (bits == 8) return nd::int8;
      if (bits == 16) return nd::int16;
      if (bits == 32) return nd::int32;
      if (bits == 64) return nd::int64;
      break;
    case kDLUInt:
      if (bits == 8) return nd::uint8;
      if (bits == 16) return nd::uint16;
      if (bits == 32) return nd::uint32;
      if (bits == 64) return nd::uint64;
      break;
    case kDLFloat:
      if (bits == 16) return nd::float16;
      if (bits == 32) return nd::float32;
      if (bits == 64) return nd::float64;
      break;
    case kDLComplex:
      if (bits == 64) return nd::complex64;
      if (bits == 128) return nd::complex128;
      break;
    default: break;
  }
  throw py::buffer_error("unsupported DLPack dtype (code " + std::to_string(t.code) + ", bits " +
                         std::to_string(bits) + ")");
}

export_ctx* make_ctx(const nd::array& a, DLTensor& t) {
  auto* ctx = new export_ctx{a, a.shape(), {}};
  for (int64_t s : a.strides()) {
    if (s % a.itemsize() != 0) {
      delete ctx;
      throw py::buffer_error("DLPack needs strides that are multiples of the item size");
    }
    ctx->strides.push_back(s / a.itemsize());
  }
  t.data = const_cast<void*>(a.raw_data());
  t.device = {kDLCPU, 0};
  t.ndim = static_cast<int32_t>(a.ndim());
  t.dtype = dl_dtype(a.dtype());
  t.shape = ctx->shape.data();
  t.strides = ctx->strides.data();
  t.byte_offset = 0;
  return ctx;
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
    auto* m = new DLManagedTensorVersioned{};
    export_ctx* ctx = nullptr;
    try {
      ctx = make_ctx(src, m->dl_tensor);
    } catch (...) {
      delete m;
      throw;
    }
    m->version = {1, 0};
    m->manager_ctx = ctx;
    m->flags = src.writeable() ? 0 : kFlagReadOnly;
    m->deleter = [](DLManagedTensorVersioned* self) {
      delete static_cast<export_ctx*>(self->manager_ctx);
      delete self;
    };
    return py::reinterpret_steal<py::object>(PyCapsule_New(m, "dltensor_versioned", versioned_capsule_destructor));
  }
  if (!src.writeable())
    throw py::buffer_error("Cannot export readonly array since signalling readonly is unsupported by DLPack "
                           "(supported by newer DLPack version).");
  auto* m = new DLManagedTensor{};
  export_ctx* ctx = nullptr;
  try {
    ctx = make_ctx(src, m->dl_tensor);
  } catch (...) {
    delete m;
    throw;
  }
  m->manager_ctx = ctx;
  m->deleter = [](DLManagedTensor* self) {
    delete static_cast<export_ctx*>(self->manager_ctx);
    delete self;
  };
  return py::reinterpret_steal<py::object>(PyCapsule_New(m, "dltensor", legacy_capsule_destructor));
}

nd::array wrap_tensor(const DLTensor& t, std::shared_ptr<const void> owner, bool writeable) {
  if (t.device.device_type != kDLCPU && t.device.device_type != 3 /* kDLCUDAHost */)
    throw py::buffer_error("ndcore reads CPU memory only (DLPack device type " +
                           std::to_string(t.device.device_type) + ")");
  nd::dtype dt = from_dl_dtype(t.dtype);
  nd::shape_t shape(t.shape, t.shape + t.ndim);
  nd::strides_t strides;
  if (t.strides) {
    for (int i = 0; i < t.ndim; ++i) strides.push_back(t.strides[i] * dt.itemsize());
  } else {
    strides = nd::contiguous_strides(shape, dt.itemsize());
  }
  char* data = static_cast<char*>(t.data) + t.byte_offset;
  return nd::array::wrap(data, shape, dt, std::move(owner), strides, writeable);
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
          if (d.first != kDLCPU) throw py::buffer_error("ndcore can only export to the CPU");
        }
        return to_dlpack(a, max_version, copy);
      },
      py::name("__dlpack__"), py::is_method(cls), py::kw_only(), py::arg("stream") = py::none(),
      py::arg("max_version") = py::none(), py::arg("dl_device") = py::none(), py::arg("copy") = py::none());
  cls.attr("__dlpack_device__") = py::cpp_function([](const nd::array&) { return py::make_tuple(kDLCPU, 0); },
                                                   py::name("__dlpack_device__"), py::is_method(cls));
  m.def("from_dlpack", &from_dlpack, py::arg("x"), py::kw_only(), py::arg("device") = py::none(),
        py::arg("copy") = py::none());
}

}  // namespace ndpy

// DLPack in and out (nd/interop.hpp): zero-copy both ways, ownership through the
// DLManagedTensor deleter.
#include <fmt/format.h>

#include <memory>
#include <vector>

#include "nd/interop.hpp"

namespace nd::interop {
namespace {

// What an exported tensor points into: a reference to the array's buffer and the shape and
// strides (in elements) that DLTensor points to.
struct export_ctx {
  array a;
  std::vector<int64_t> shape, strides;
};

void delete_export(DLManagedTensor* self) {
  delete static_cast<export_ctx*>(self->manager_ctx);
  delete self;
}

}  // namespace

DLDataType to_dl_dtype(dtype dt) {
  DLDataType t{};
  t.bits = static_cast<uint8_t>(dt.itemsize() * 8);
  t.lanes = 1;
  switch (dt.kind()) {
    case 'b': t.code = dl_bool_code; break;
    case 'i': t.code = kDLInt; break;
    case 'u': t.code = kDLUInt; break;
    case 'c': t.code = kDLComplex; break;
    default: t.code = kDLFloat; break;
  }
  return t;
}

dtype from_dl_dtype(DLDataType t) {
  if (t.lanes != 1)
    throw dtype_error(fmt::format("[from_dlpack] DLPack tensors with {} vector lanes are not supported", t.lanes));
  const int bits = t.bits;
  switch (t.code) {
    case dl_bool_code:
      if (bits == 8) return bool_;
      break;
    case kDLInt:
      if (bits == 8) return int8;
      if (bits == 16) return int16;
      if (bits == 32) return int32;
      if (bits == 64) return int64;
      break;
    case kDLUInt:
      if (bits == 8) return uint8;
      if (bits == 16) return uint16;
      if (bits == 32) return uint32;
      if (bits == 64) return uint64;
      break;
    case kDLFloat:
      if (bits == 16) return float16;
      if (bits == 32) return float32;
      if (bits == 64) return float64;
      break;
    case kDLComplex:
      if (bits == 64) return complex64;
      if (bits == 128) return complex128;
      break;
    default: break;
  }
  throw dtype_error(fmt::format("[from_dlpack] unsupported DLPack dtype (code {}, bits {})", t.code, bits));
}

array from_dltensor(const DLTensor& t, std::shared_ptr<const void> owner, bool writeable) {
  if (t.device.device_type != kDLCPU && t.device.device_type != kDLCUDAHost)
    throw value_error(fmt::format("[from_dlpack] nd reads CPU memory only (DLPack device type {})",
                                  static_cast<int>(t.device.device_type)));
  if (t.ndim < 0 || t.ndim > max_ndim)
    throw value_error(fmt::format("[from_dlpack] ndim {} is outside [0, {}]", t.ndim, max_ndim));
  if (t.ndim > 0 && t.shape == nullptr) throw value_error("[from_dlpack] the tensor has no shape");
  const dtype dt = from_dl_dtype(t.dtype);
  shape_t shape(t.shape, t.shape + t.ndim);
  strides_t strides;
  if (t.strides) {
    for (int i = 0; i < t.ndim; ++i) {
      int64_t b;
      if (__builtin_mul_overflow(t.strides[i], dt.itemsize(), &b))
        throw alloc_error(fmt::format("[from_dlpack] stride {} overflows", t.strides[i]));
      strides.push_back(b);
    }
  } else {
    checked_size(shape, "from_dlpack");
    strides = contiguous_strides(shape, dt.itemsize());
  }
  char* data = static_cast<char*>(t.data) + t.byte_offset;
  return array::wrap(data, shape, dt, std::move(owner), strides, writeable);
}

DLManagedTensor* to_dlpack(const array& a, bool allow_readonly) {
  if (!a.writeable() && !allow_readonly)
    throw readonly_error("[to_dlpack] cannot export a read-only array: DLPack 0.x has no read-only flag "
                         "(copy the array first)");
  auto ctx = std::make_unique<export_ctx>(export_ctx{a, a.shape(), {}});
  for (int64_t s : a.strides()) {
    if (s % a.itemsize() != 0)
      throw value_error(fmt::format("[to_dlpack] DLPack needs strides in whole elements, got {} bytes for "
                                    "itemsize {}", shape_str(a.strides()), a.itemsize()));
    ctx->strides.push_back(s / a.itemsize());
  }
  auto m = std::make_unique<DLManagedTensor>();
  DLTensor& t = m->dl_tensor;
  t.data = const_cast<void*>(a.raw_data());
  t.device.device_type = kDLCPU;
  t.device.device_id = 0;
  t.ndim = static_cast<int>(a.ndim());
  t.dtype = to_dl_dtype(a.dtype());
  t.shape = ctx->shape.data();
  t.strides = ctx->strides.data();
  t.byte_offset = 0;
  m->manager_ctx = ctx.release();
  m->deleter = &delete_export;
  return m.release();
}

array from_dlpack(DLManagedTensor* t) {
  if (t == nullptr) throw value_error("[from_dlpack] the tensor is NULL");
  // From here the deleter is owned: the shared_ptr calls it if its own allocation fails, and
  // when the last view (or, on an error below, this local) lets go.
  std::shared_ptr<const void> owner(t, [](const void* p) {
    auto* m = static_cast<DLManagedTensor*>(const_cast<void*>(p));
    if (m->deleter) m->deleter(m);
  });
  return from_dltensor(t->dl_tensor, std::move(owner), true);
}

}  // namespace nd::interop

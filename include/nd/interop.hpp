#pragma once
/// Zero-copy views between nd::array and Eigen / xtensor (header-only), and DLPack in and
/// out (compiled into nd). The Eigen and xtensor halves are there when their library's
/// headers are on the include path (Debian: libeigen3-dev with -I/usr/include/eigen3 or the
/// Eigen3::Eigen target; libxtensor-dev with the xtensor target); the DLPack half when
/// <dlpack/dlpack.h> is (libdlpack-dev). Views share memory: the nd::array (or the
/// Eigen/xtensor object) must outlive them, or be handed to from_eigen / from_xtensor as
/// `owner`. DLPack transfers ownership explicitly (see to_dlpack / from_dlpack).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nd/error.hpp"
#include "nd/ndarray.hpp"

namespace nd::interop {
namespace detail {

// A byte stride in whole elements of T; negative strides are refused (neither library
// promises to handle them), so a reversed view must be copied first.
template <class T>
int64_t element_stride(int64_t bytes, const char* op) {
  if (bytes % static_cast<int64_t>(sizeof(T)) != 0 || bytes < 0)
    throw value_error(std::string("[") + op + "] strides must be non-negative whole elements; copy the array first");
  return bytes / static_cast<int64_t>(sizeof(T));
}

}  // namespace detail
}  // namespace nd::interop

#if __has_include(<Eigen/Core>)
#include <Eigen/Core>

namespace nd::interop {

template <class T>
using eigen_matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using eigen_stride = Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>;
/// A row-major Eigen map with the array's strides (outer: rows, inner: columns).
template <class T>
using eigen_map = Eigen::Map<eigen_matrix<T>, Eigen::Unaligned, eigen_stride>;
template <class T>
using eigen_const_map = Eigen::Map<const eigen_matrix<T>, Eigen::Unaligned, eigen_stride>;

namespace detail {
template <class T>
void eigen_geometry(const array& a, Eigen::Index& rows, Eigen::Index& cols, Eigen::Index& outer,
                    Eigen::Index& inner) {
  if (a.ndim() > 2 || a.ndim() == 0)
    throw value_error("[as_eigen] needs a 1-D or 2-D array, got shape " + shape_str(a.shape()));
  if (a.dtype() != dtype_of<T>())
    throw dtype_error(std::string("[as_eigen] array of dtype ") + a.dtype().str() + " viewed as another type");
  if (a.ndim() == 1) {  // a column vector
    rows = a.shape(0);
    cols = 1;
    outer = element_stride<T>(a.strides()[0], "as_eigen");
    inner = 1;
  } else {
    rows = a.shape(0);
    cols = a.shape(1);
    outer = element_stride<T>(a.strides()[0], "as_eigen");
    inner = element_stride<T>(a.strides()[1], "as_eigen");
  }
}
}  // namespace detail

/// A 2-D array (or a 1-D one as a column) as an Eigen matrix sharing its memory; writes go
/// to the array. dtype_error unless T is the array's element type.
template <class T>
eigen_map<T> as_eigen(array& a) {
  Eigen::Index r, c, o, i;
  detail::eigen_geometry<T>(a, r, c, o, i);
  return eigen_map<T>(static_cast<T*>(a.mutable_data("as_eigen")), r, c, eigen_stride(o, i));
}
template <class T>
eigen_const_map<T> as_eigen(const array& a) {
  Eigen::Index r, c, o, i;
  detail::eigen_geometry<T>(a, r, c, o, i);
  return eigen_const_map<T>(static_cast<const T*>(a.raw_data()), r, c, eigen_stride(o, i));
}

/// An nd::array viewing the storage of an Eigen object with direct access (Matrix, Map,
/// Block, Ref ...), row- or column-major, with its strides. `owner` (may be empty) is kept
/// alive by the array.
template <class Derived>
array from_eigen(Eigen::DenseBase<Derived>& m, std::shared_ptr<const void> owner = {}) {
  using T = typename Derived::Scalar;
  static_assert(is_element_type_v<T>, "from_eigen: the scalar type is not an nd element type");
  Derived& d = m.derived();
  const int64_t isz = static_cast<int64_t>(sizeof(T));
  const int64_t so = static_cast<int64_t>(d.outerStride()) * isz, si = static_cast<int64_t>(d.innerStride()) * isz;
  const bool row_major = Derived::IsRowMajor;
  strides_t st = row_major ? strides_t{so, si} : strides_t{si, so};
  return array::wrap(const_cast<std::remove_const_t<T>*>(d.data()),
                     shape_t{static_cast<int64_t>(d.rows()), static_cast<int64_t>(d.cols())}, dtype_of<T>(),
                     std::move(owner), st, true);
}

}  // namespace nd::interop
#endif

#if __has_include(<xtensor/xadapt.hpp>)
#include <xtensor/xadapt.hpp>

namespace nd::interop {

/// An xtensor adaptor (dynamic layout, element strides) over the array's memory; writes go
/// to the array. dtype_error unless T is the array's element type.
template <class T>
auto as_xtensor(array& a) {
  if (a.dtype() != dtype_of<T>())
    throw dtype_error(std::string("[as_xtensor] array of dtype ") + a.dtype().str() + " viewed as another type");
  std::vector<std::size_t> shape;
  std::vector<std::ptrdiff_t> strides;
  for (int64_t d = 0; d < a.ndim(); ++d) {
    const int64_t s = detail::element_stride<T>(a.strides()[static_cast<size_t>(d)], "as_xtensor");
    shape.push_back(static_cast<std::size_t>(a.shape(d)));
    strides.push_back(static_cast<std::ptrdiff_t>(s));
  }
  // The adaptor's buffer size must equal the element count (xtensor would try to resize a
  // buffer of any other size); elements are reached through the strides, not the size.
  return xt::adapt(static_cast<T*>(a.mutable_data("as_xtensor")), static_cast<std::size_t>(a.size()),
                   xt::no_ownership(), shape, strides);
}

/// An nd::array viewing an xtensor container or adaptor's storage (xarray, xtensor, adapt
/// results) with its strides. `owner` (may be empty) is kept alive by the array.
template <class E>
array from_xtensor(E& e, std::shared_ptr<const void> owner = {}) {
  using T = typename E::value_type;
  static_assert(is_element_type_v<T>, "from_xtensor: the value type is not an nd element type");
  shape_t shape;
  strides_t strides;
  for (std::size_t d = 0; d < e.dimension(); ++d) {
    shape.push_back(static_cast<int64_t>(e.shape()[d]));
    strides.push_back(static_cast<int64_t>(e.strides()[d]) * static_cast<int64_t>(sizeof(T)));
  }
  return array::wrap(e.data() + e.data_offset(), shape, dtype_of<T>(), std::move(owner), strides, true);
}

}  // namespace nd::interop
#endif

#if __has_include(<dlpack/dlpack.h>)
#include <dlpack/dlpack.h>

namespace nd::interop {

/// DLPack's type code for booleans (kDLBool, added to dlpack.h in 0.8; 0.6 lacks the name).
inline constexpr uint8_t dl_bool_code = 6;

/// The DLPack data type of an nd dtype (one lane; bool as 8-bit code 6).
ND_API DLDataType to_dl_dtype(dtype dt);
/// The nd dtype of a DLPack data type; dtype_error for vector lanes, bfloat16, opaque
/// handles and sizes nd has no dtype for.
ND_API dtype from_dl_dtype(DLDataType t);

/// An array viewing a DLTensor's memory (CPU or CUDA-host memory only: value_error
/// otherwise), with its strides (in elements, NULL meaning C order) and byte offset; `owner`
/// is kept alive by the array and every view of it.
ND_API array from_dltensor(const DLTensor& t, std::shared_ptr<const void> owner, bool writeable = true);

/// Exports `a` without copying: the tensor views a's memory and holds a reference to a's
/// buffer until the receiver calls its deleter (exactly once; the deleter frees the
/// DLManagedTensor itself too). value_error for byte strides that are not whole elements,
/// readonly_error for a read-only array (DLPack 0.x cannot mark one; copy it first) unless
/// `allow_readonly` — for a container that carries the flag itself, such as DLPack 1.x's
/// DLManagedTensorVersioned (ndcore's `__dlpack__` wraps this tensor in one).
ND_API DLManagedTensor* to_dlpack(const array& a, bool allow_readonly = false);

/// Takes ownership of `t` and views its memory without copying. The deleter runs exactly
/// once: when the last view of the returned array dies, or before this throws. A null `t`
/// is a value_error.
ND_API array from_dlpack(DLManagedTensor* t);

}  // namespace nd::interop
#endif

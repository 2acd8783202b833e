#pragma once
/// nd::array: a shared buffer, a byte offset, a shape, byte strides, a dtype and a
/// writeable flag. Views share the buffer; negative and zero strides are ordinary.
#include <complex>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "nd/dtype.hpp"
#include "nd/error.hpp"
#include "nd/export.hpp"
#include "nd/shape.hpp"

namespace nd {

/// Memory an array views: owned (64-byte aligned) or foreign, kept alive by `owner`.
struct buffer {
  char* data = nullptr;
  int64_t nbytes = 0;
  bool readonly = false;            // foreign memory that must never be written
  std::shared_ptr<const void> owner;  // frees owned memory / keeps foreign memory alive
};

/// Alignment of memory that nd allocates.
inline constexpr int64_t buffer_alignment = 64;

// ---- index items: a(1, nd::slice(0, nd::none, 2), nd::newaxis, nd::ellipsis) ----

struct none_t {
  friend constexpr bool operator==(none_t, none_t) { return true; }
};
/// "Absent" in a slice bound; as an index item it inserts a new axis, like Python's None.
inline constexpr none_t none{};
inline constexpr none_t newaxis{};

struct ellipsis_t {};
/// Stands for as many full slices as needed, like Python's `...`.
inline constexpr ellipsis_t ellipsis{};

/// A slice bound or step that may be absent.
struct slice_arg {
  std::optional<int64_t> value;
  constexpr slice_arg(none_t) {}  // NOLINT
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  constexpr slice_arg(I v) : value(static_cast<int64_t>(v)) {}  // NOLINT
};

/// Python's slice(start, stop, step); absent bounds as Python, negative steps allowed.
struct slice {
  std::optional<int64_t> start, stop, step;
  constexpr slice() = default;
  constexpr slice(slice_arg stop_) : stop(stop_.value) {}  // NOLINT: slice(5) is [:5]
  constexpr slice(slice_arg start_, slice_arg stop_, slice_arg step_ = none)
      : start(start_.value), stop(stop_.value), step(step_.value) {}

  /// Python's slice.indices: clipped start, stop, step and the resulting length.
  /// Throws value_error for a zero step.
  struct resolved {
    int64_t start, stop, step, length;
  };
  ND_API resolved indices(int64_t dim_size) const;
};

/// A full slice, `:`.
inline constexpr slice all{};

/// One item of an index expression.
class index_item {
 public:
  using value_type = std::variant<int64_t, slice, none_t, ellipsis_t>;
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  index_item(I i) : v_(static_cast<int64_t>(i)) {}  // NOLINT
  index_item(slice s) : v_(s) {}                    // NOLINT
  index_item(none_t) : v_(none) {}                  // NOLINT
  index_item(ellipsis_t) : v_(ellipsis) {}          // NOLINT
  const value_type& value() const { return v_; }

 private:
  value_type v_;
};

namespace detail {
template <class T>
struct canonical {
  using type = std::remove_cv_t<T>;
};
// long long / unsigned long long are distinct from int64_t / uint64_t on LP64.
template <>
struct canonical<long long> {
  using type = std::conditional_t<sizeof(long long) == 8, int64_t, long long>;
};
template <>
struct canonical<unsigned long long> {
  using type = std::conditional_t<sizeof(unsigned long long) == 8, uint64_t, unsigned long long>;
};
}  // namespace detail

/// The nd element type that a C++ value of type T is stored as.
template <class T>
using element_t = typename detail::canonical<T>::type;
template <class T>
inline constexpr bool is_scalar_v = is_element_type_v<element_t<T>>;

class ND_API array {
 public:
  /// An empty one-dimensional float64 array, shape (0,).
  array();

  /// A 0-d array holding `v` (as np.array(v)); the dtype is that of T.
  template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
  explicit array(T v) : array(shape_t{}, dtype_of<element_t<T>>()) {
    *static_cast<element_t<T>*>(raw_ptr()) = static_cast<element_t<T>>(v);
  }

  /// Nested lists, as np.array([...]); all rows of one level must have the same length.
  template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
  array(std::initializer_list<T> l) : array(shape_t{static_cast<int64_t>(l.size())}, dtype_of<element_t<T>>()) {
    fill_from(l);
  }
  template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
  array(std::initializer_list<std::initializer_list<T>> l) : array(nested_shape(l), dtype_of<element_t<T>>()) {
    fill_from(l);
  }
  template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
  array(std::initializer_list<std::initializer_list<std::initializer_list<T>>> l)
      : array(nested_shape(l), dtype_of<element_t<T>>()) {
    fill_from(l);
  }
  template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
  array(std::initializer_list<std::initializer_list<std::initializer_list<std::initializer_list<T>>>> l)
      : array(nested_shape(l), dtype_of<element_t<T>>()) {
    fill_from(l);
  }

  /// A new uninitialised C- or F-ordered array (see nd::empty).
  array(const shape_t& shape, nd::dtype dt, order o = order::C);

  /// Views foreign memory without copying; `owner` keeps it alive as long as any view.
  /// Byte strides default to C order; the buffer is taken to span exactly the bytes the
  /// strides reach. Element access through at<T>/data<T> expects T-aligned memory.
  static array wrap(void* data, const shape_t& shape, nd::dtype dt, std::shared_ptr<const void> owner,
                    std::optional<strides_t> strides = std::nullopt, bool writeable = true);

  /// A view of `buf` with the given geometry; checks that it stays inside the buffer.
  static array view_of(std::shared_ptr<const buffer> buf, int64_t offset, shape_t shape, strides_t strides,
                       nd::dtype dt, bool writeable);

  // ---- attributes ----
  nd::dtype dtype() const { return dtype_; }
  int64_t ndim() const { return static_cast<int64_t>(shape_.size()); }
  const shape_t& shape() const { return shape_; }
  /// Size of one axis; negative axes count from the end.
  int64_t shape(int64_t axis) const;
  const strides_t& strides() const { return strides_; }
  int64_t size() const { return size_; }
  int64_t itemsize() const { return dtype_.itemsize(); }
  int64_t nbytes() const { return size_ * itemsize(); }
  bool is_c_contiguous() const;
  bool is_f_contiguous() const;
  bool writeable() const { return writeable_; }
  /// Like NumPy's flags.writeable; making a view of read-only memory writeable throws.
  void set_writeable(bool w);
  /// Byte offset of element 0 from the start of the buffer.
  int64_t offset() const { return offset_; }
  const std::shared_ptr<const buffer>& buffer_ptr() const { return buf_; }
  /// True when both arrays view the same buffer (NumPy's may_share_memory for one base).
  bool shares_buffer(const array& other) const { return buf_ == other.buf_; }

  /// Address of element 0 (no dtype check); mutable_data throws readonly_error if not writeable.
  const void* raw_data() const { return raw_ptr(); }
  void* mutable_data(std::string_view op = "mutable_data");

  /// Typed pointer to element 0; dtype_error unless T is exactly this dtype.
  template <class T>
  const T* data() const {
    check_type(dtype_of<element_t<T>>(), "data");
    return static_cast<const T*>(raw_ptr());
  }
  template <class T>
  T* data() {
    check_type(dtype_of<element_t<T>>(), "data");
    return static_cast<T*>(mutable_data("data"));
  }

  /// Bounds-checked typed element access; negative indices count from the end.
  template <class T>
  const T& at(std::initializer_list<int64_t> idx) const {
    check_type(dtype_of<element_t<T>>(), "at");
    return *reinterpret_cast<const T*>(element_ptr(idx.begin(), static_cast<int64_t>(idx.size()), "at"));
  }
  /// On a non-const array, a reference that reads freely and refuses writes to a
  /// read-only array (readonly_error) at the moment of writing.
  template <class T>
  class element_ref {
   public:
    element_ref(T* p, bool writeable) : p_(p), writeable_(writeable) {}
    operator T() const { return *p_; }  // NOLINT: reads like a T
    T get() const { return *p_; }
    friend bool operator==(const element_ref& a, const T& b) { return a.get() == b; }
    element_ref& operator=(const T& v) {
      if (!writeable_) array::readonly_failure("at");
      *p_ = v;
      return *this;
    }
    element_ref& operator=(const element_ref& o) { return *this = o.get(); }
    template <class U>
    element_ref& operator+=(const U& v) { return *this = static_cast<T>(get() + v); }
    template <class U>
    element_ref& operator-=(const U& v) { return *this = static_cast<T>(get() - v); }
    template <class U>
    element_ref& operator*=(const U& v) { return *this = static_cast<T>(get() * v); }

   private:
    T* p_;
    bool writeable_;
  };
  template <class T>
  element_ref<T> at(std::initializer_list<int64_t> idx) {
    check_type(dtype_of<element_t<T>>(), "at");
    return {reinterpret_cast<T*>(element_ptr(idx.begin(), static_cast<int64_t>(idx.size()), "at")), writeable_};
  }
  [[noreturn]] static void readonly_failure(std::string_view op);

  /// The single element of a size-1 array, converted to T as a cast would.
  template <class T>
  T item() const {
    element_t<T> out{};
    item_into(&out, dtype_of<element_t<T>>());
    return static_cast<T>(out);
  }

  // ---- views ----
  /// Basic indexing: integers, nd::slice, nd::newaxis and nd::ellipsis; always a view.
  template <class... I>
  array operator()(const I&... idx) const {
    return index({index_item(idx)...});
  }
  array index(const std::vector<index_item>& items) const { return index(items.data(), items.size()); }
  /// The same with the items as a pointer and a count (no vector to build).
  array index(const index_item* items, size_t n) const;
  /// a[i] along the first axis.
  array operator[](int64_t i) const { return index({index_item(i)}); }

  array reshape(const shape_t& new_shape, order o = order::C) const;
  array copy(order o = order::K) const;
  array astype(nd::dtype dt, casting c = casting::unsafe, bool copy = true) const;

  // ---- writing ----
  /// dst[...] = src: broadcasts src to this shape and casts under `c` (NumPy's setitem
  /// uses unsafe casting). Overlapping source and destination are handled.
  void assign(const array& src, casting c = casting::unsafe);
  template <class T, std::enable_if_t<is_scalar_v<T>, int> = 0>
  void fill(T v) {
    assign(array(v));
  }

 private:
  template <class L>
  static shape_t nested_shape(const L& l) {
    shape_t s;
    collect_shape(l, s, 0);
    return s;
  }
  template <class T>
  static void collect_shape(const T&, shape_t&, size_t) {}
  template <class T>
  static void collect_shape(const std::initializer_list<T>& l, shape_t& s, size_t depth) {
    if (s.size() == depth) {
      s.push_back(static_cast<int64_t>(l.size()));
      if (l.size() > 0) collect_shape(*l.begin(), s, depth + 1);
    }
    // Ragged lists are rejected in fill_from, which visits every row.
  }
  template <class L>
  void fill_from(const L& l) {
    char* p = static_cast<char*>(raw_ptr());
    int64_t pos = 0;
    fill_rec(l, p, pos, 0);
  }
  template <class T>
  void fill_rec(const std::initializer_list<T>& l, char* p, int64_t& pos, size_t depth) {
    if (static_cast<int64_t>(l.size()) != shape_[depth]) ragged_error(depth, static_cast<int64_t>(l.size()));
    for (const auto& x : l) {
      if constexpr (std::is_arithmetic_v<T> || is_scalar_v<T>) {
        using E = element_t<T>;
        reinterpret_cast<E*>(p)[pos++] = static_cast<E>(x);
      } else {
        fill_rec(x, p, pos, depth + 1);
      }
    }
  }
  [[noreturn]] void ragged_error(size_t depth, int64_t got) const;

  struct no_storage {};
  explicit array(no_storage) {}  // members only; view_of fills them in

  void* raw_ptr() const { return buf_->data + offset_; }
  void check_type(nd::dtype want, std::string_view op) const;
  void check_writeable(std::string_view op) const;
  char* element_ptr(const int64_t* idx, int64_t n, std::string_view op) const;
  void item_into(void* out, nd::dtype out_dt) const;
  void init_size();

  std::shared_ptr<const buffer> buf_;
  int64_t offset_ = 0;
  shape_t shape_;
  strides_t strides_;
  nd::dtype dtype_{};
  int64_t size_ = 0;
  bool writeable_ = true;
};

}  // namespace nd

#pragma once
/// nd::dims: the container of shapes and strides. A vector of int64 that keeps up to six
/// entries inline, so that making an array (a view, a small result) allocates nothing for its
/// shape and strides. It has std::vector's interface for what shapes need, and converts to
/// and from std::vector<int64_t> implicitly.
#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace nd {

class dims {
 public:
  using value_type = int64_t;
  using size_type = size_t;
  using difference_type = std::ptrdiff_t;
  using reference = int64_t&;
  using const_reference = const int64_t&;
  using pointer = int64_t*;
  using const_pointer = const int64_t*;
  using iterator = int64_t*;
  using const_iterator = const int64_t*;
  using reverse_iterator = std::reverse_iterator<iterator>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  static constexpr size_t inline_capacity = 6;

  dims() noexcept = default;
  explicit dims(size_t n) { assign(n, 0); }
  dims(size_t n, int64_t v) { assign(n, v); }
  dims(std::initializer_list<int64_t> l) { assign(l.begin(), l.end()); }
  template <class It, std::enable_if_t<!std::is_integral_v<It>, int> = 0>
  dims(It first, It last) {
    assign(first, last);
  }
  dims(const std::vector<int64_t>& v) { assign(v.begin(), v.end()); }  // NOLINT: implicit by design
  dims(const dims& o) { assign(o.begin(), o.end()); }
  dims(dims&& o) noexcept { take(o); }
  ~dims() { release(); }

  dims& operator=(const dims& o) {
    if (this != &o) assign(o.begin(), o.end());
    return *this;
  }
  dims& operator=(dims&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  dims& operator=(std::initializer_list<int64_t> l) {
    assign(l.begin(), l.end());
    return *this;
  }
  dims& operator=(const std::vector<int64_t>& v) {
    assign(v.begin(), v.end());
    return *this;
  }

  operator std::vector<int64_t>() const { return std::vector<int64_t>(begin(), end()); }  // NOLINT

  // ---- size and access ----
  size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  size_t capacity() const noexcept { return cap_; }
  static constexpr size_t max_size() noexcept { return size_t(1) << 31; }
  int64_t* data() noexcept { return ptr(); }
  const int64_t* data() const noexcept { return ptr(); }
  int64_t& operator[](size_t i) noexcept { return ptr()[i]; }
  const int64_t& operator[](size_t i) const noexcept { return ptr()[i]; }
  int64_t& at(size_t i) {
    if (i >= size_) throw std::out_of_range("nd::dims::at");
    return ptr()[i];
  }
  const int64_t& at(size_t i) const {
    if (i >= size_) throw std::out_of_range("nd::dims::at");
    return ptr()[i];
  }
  int64_t& front() noexcept { return ptr()[0]; }
  const int64_t& front() const noexcept { return ptr()[0]; }
  int64_t& back() noexcept { return ptr()[size_ - 1]; }
  const int64_t& back() const noexcept { return ptr()[size_ - 1]; }

  iterator begin() noexcept { return ptr(); }
  iterator end() noexcept { return ptr() + size_; }
  const_iterator begin() const noexcept { return ptr(); }
  const_iterator end() const noexcept { return ptr() + size_; }
  const_iterator cbegin() const noexcept { return begin(); }
  const_iterator cend() const noexcept { return end(); }
  reverse_iterator rbegin() noexcept { return reverse_iterator(end()); }
  reverse_iterator rend() noexcept { return reverse_iterator(begin()); }
  const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }
  const_reverse_iterator crbegin() const noexcept { return rbegin(); }
  const_reverse_iterator crend() const noexcept { return rend(); }

  // ---- modifiers ----
  void reserve(size_t n) {
    if (n > cap_) grow_to(n);
  }
  void shrink_to_fit() noexcept {}
  void clear() noexcept { size_ = 0; }
  void push_back(int64_t v) {
    if (size_ == cap_) grow_to(cap_ * 2);
    ptr()[size_++] = v;
  }
  int64_t& emplace_back(int64_t v) {
    push_back(v);
    return back();
  }
  void pop_back() noexcept { --size_; }
  void resize(size_t n, int64_t v = 0) {
    reserve(n);
    for (size_t i = size_; i < n; ++i) ptr()[i] = v;
    size_ = static_cast<uint32_t>(n);
  }
  void assign(size_t n, int64_t v) {
    size_ = 0;
    reserve(n);
    std::fill_n(ptr(), n, v);
    size_ = static_cast<uint32_t>(n);
  }
  template <class It, std::enable_if_t<!std::is_integral_v<It>, int> = 0>
  void assign(It first, It last) {
    if constexpr (std::is_base_of_v<std::forward_iterator_tag, typename std::iterator_traits<It>::iterator_category>) {
      const auto n = static_cast<size_t>(std::distance(first, last));
      size_ = 0;
      reserve(n);
      std::copy(first, last, ptr());
      size_ = static_cast<uint32_t>(n);
    } else {
      clear();
      for (; first != last; ++first) push_back(*first);
    }
  }
  void assign(std::initializer_list<int64_t> l) { assign(l.begin(), l.end()); }

  iterator insert(const_iterator pos, int64_t v) { return insert(pos, size_t(1), v); }
  iterator insert(const_iterator pos, size_t n, int64_t v) {
    const size_t at = open_gap(pos, n);
    std::fill_n(ptr() + at, n, v);
    return ptr() + at;
  }
  template <class It, std::enable_if_t<!std::is_integral_v<It>, int> = 0>
  iterator insert(const_iterator pos, It first, It last) {
    // Copied first: the range may lie inside this container.
    const std::vector<int64_t> items(first, last);
    const size_t at = open_gap(pos, items.size());
    std::copy(items.begin(), items.end(), ptr() + at);
    return ptr() + at;
  }
  iterator insert(const_iterator pos, std::initializer_list<int64_t> l) { return insert(pos, l.begin(), l.end()); }
  iterator emplace(const_iterator pos, int64_t v) { return insert(pos, v); }
  iterator erase(const_iterator pos) { return erase(pos, pos + 1); }
  iterator erase(const_iterator first, const_iterator last) {
    const auto a = static_cast<size_t>(first - begin()), b = static_cast<size_t>(last - begin());
    std::copy(ptr() + b, ptr() + size_, ptr() + a);
    size_ -= static_cast<uint32_t>(b - a);
    return ptr() + a;
  }
  void swap(dims& o) noexcept {
    dims t(std::move(o));
    o = std::move(*this);
    *this = std::move(t);
  }
  friend void swap(dims& a, dims& b) noexcept { a.swap(b); }

  // ---- comparisons (also against std::vector<int64_t>) ----
  friend bool operator==(const dims& a, const dims& b) noexcept {
    return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
  }
  friend bool operator==(const dims& a, const std::vector<int64_t>& b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }
  friend std::strong_ordering operator<=>(const dims& a, const dims& b) noexcept {
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  int64_t* ptr() noexcept { return heap_ ? heap_ : inline_; }
  const int64_t* ptr() const noexcept { return heap_ ? heap_ : inline_; }

  void grow_to(size_t n) {
    n = std::max<size_t>(n, inline_capacity * 2);
    if (n > max_size()) throw std::length_error("nd::dims: too many entries");
    auto* p = static_cast<int64_t*>(::operator new(n * sizeof(int64_t)));
    std::copy(ptr(), ptr() + size_, p);
    if (heap_) ::operator delete(heap_);
    heap_ = p;
    cap_ = static_cast<uint32_t>(n);
  }
  size_t open_gap(const_iterator pos, size_t n) {
    const auto at = static_cast<size_t>(pos - begin());
    reserve(size_ + n);
    std::copy_backward(ptr() + at, ptr() + size_, ptr() + size_ + n);
    size_ += static_cast<uint32_t>(n);
    return at;
  }
  void release() noexcept {
    if (heap_) ::operator delete(heap_);
    heap_ = nullptr;
    cap_ = inline_capacity;
    size_ = 0;
  }
  void take(dims& o) noexcept {
    size_ = o.size_;
    if (o.heap_) {
      heap_ = o.heap_;
      cap_ = o.cap_;
      o.heap_ = nullptr;
      o.cap_ = inline_capacity;
    } else {
      std::memcpy(inline_, o.inline_, sizeof(int64_t) * size_);
    }
    o.size_ = 0;
  }

  int64_t* heap_ = nullptr;
  uint32_t size_ = 0;
  uint32_t cap_ = inline_capacity;
  int64_t inline_[inline_capacity] = {};
};

}  // namespace nd

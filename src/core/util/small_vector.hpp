// A vector of trivially copyable values that keeps up to N of them in place: an index's keys,
// operator classes, collations and orderings are a few numbers each, and four heap blocks per
// index slowed loading and freeing the audit's model of a large schema. Longer contents go to
// one heap block of exactly their size.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <type_traits>

namespace clinic {

template <class T, size_t N>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T>, "values are copied as bytes");

 public:
  SmallVector() = default;
  SmallVector(std::initializer_list<T> values) { assign(values.begin(), values.end()); }
  SmallVector(const SmallVector &other) { assign(other.begin(), other.end()); }
  SmallVector(SmallVector &&other) noexcept { take(other); }
  SmallVector &operator=(const SmallVector &other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  SmallVector &operator=(SmallVector &&other) noexcept {
    if (this != &other) take(other);
    return *this;
  }
  SmallVector &operator=(std::initializer_list<T> values) {
    assign(values.begin(), values.end());
    return *this;
  }

  template <class It, class = std::enable_if_t<!std::is_integral_v<It>>>
  void assign(It first, It last) {
    const auto n = static_cast<size_t>(std::distance(first, last));
    make_room(n);
    std::copy(first, last, data());
    size_ = n;
  }
  void assign(size_t n, const T &value) {
    make_room(n);
    std::fill_n(data(), n, value);
    size_ = n;
  }

  T *data() { return heap_ ? heap_.get() : in_place_; }
  const T *data() const { return heap_ ? heap_.get() : in_place_; }
  T *begin() { return data(); }
  T *end() { return data() + size_; }
  const T *begin() const { return data(); }
  const T *end() const { return data() + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T &operator[](size_t k) { return data()[k]; }
  const T &operator[](size_t k) const { return data()[k]; }
  bool operator==(const SmallVector &other) const {
    return size_ == other.size_ && std::equal(begin(), end(), other.begin());
  }
  bool operator!=(const SmallVector &other) const { return !(*this == other); }

 private:
  // Room for n values, the old ones dropped (every writer replaces the whole contents).
  void make_room(size_t n) {
    if (n <= N)
      heap_.reset();
    else
      heap_.reset(new T[n]);
  }
  void take(SmallVector &other) {
    size_ = other.size_;
    heap_ = std::move(other.heap_);
    if (!heap_) std::copy(other.in_place_, other.in_place_ + size_, in_place_);
    other.size_ = 0;
  }

  T in_place_[N] = {};
  std::unique_ptr<T[]> heap_;
  size_t size_ = 0;
};

}  // namespace clinic

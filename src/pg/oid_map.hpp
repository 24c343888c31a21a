// A hash map keyed by OID, flat (open addressing, linear probing): the catalog scans look up
// every row of pg_class, pg_attribute, pg_constraint and pg_index by table or index OID, where
// std::unordered_map's node per entry costs an allocation and a cache miss.
// InvalidOid is never a key: find() never finds it and emplace() ignores it.
#pragma once

#include "pg/pg.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace clinic {

template <class T>
class OidMap {
 public:
  struct Entry {
    Oid first = InvalidOid;  // named as std::pair's, so entries read as a standard map's
    T second{};
  };
  using iterator = Entry *;
  using const_iterator = const Entry *;

  // Room for n keys without growing.
  void reserve(size_t n) {
    if (n * 2 > slots_.size()) rehash(n * 2);
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  iterator end() { return nullptr; }
  const_iterator end() const { return nullptr; }
  iterator find(Oid key) { return const_cast<iterator>(std::as_const(*this).find(key)); }
  const_iterator find(Oid key) const {
    if (key == InvalidOid || slots_.empty()) return nullptr;
    for (size_t at = slot_of(key);; at = (at + 1) & mask_) {
      const Entry &e = slots_[at];
      if (e.first == key) return &e;
      if (e.first == InvalidOid) return nullptr;
    }
  }
  size_t count(Oid key) const { return find(key) != nullptr ? 1 : 0; }

  // Inserts (key, value) unless key is present; whether it inserted.
  bool emplace(Oid key, T value) {
    if (key == InvalidOid) return false;
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    Entry &e = probe(key);
    if (e.first == key) return false;
    e.first = key;
    e.second = std::move(value);
    ++size_;
    return true;
  }
  T &operator[](Oid key) {
    emplace(key, T{});
    return find(key)->second;
  }

  // f(key, value) for every entry, in no particular order.
  template <class F>
  void for_each(F f) {
    for (Entry &e : slots_)
      if (e.first != InvalidOid) f(e.first, e.second);
  }
  template <class F>
  void for_each(F f) const {
    for (const Entry &e : slots_)
      if (e.first != InvalidOid) f(e.first, e.second);
  }

 private:
  size_t slot_of(Oid key) const {
    // Fibonacci hashing: OIDs come in runs, and the multiply spreads a run over the table.
    return static_cast<size_t>((static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull) >> shift_) &
           mask_;
  }
  // The slot holding key, or the empty slot where it would go.
  Entry &probe(Oid key) {
    size_t at = slot_of(key);
    while (slots_[at].first != key && slots_[at].first != InvalidOid) at = (at + 1) & mask_;
    return slots_[at];
  }
  void rehash(size_t wanted) {
    size_t n = 16;
    int bits = 4;
    while (n < wanted) n *= 2, ++bits;
    std::vector<Entry> old(n);
    old.swap(slots_);
    mask_ = n - 1;
    shift_ = 64 - bits;
    for (Entry &e : old)
      if (e.first != InvalidOid) {
        Entry &to = probe(e.first);
        to.first = e.first;
        to.second = std::move(e.second);
      }
  }

  std::vector<Entry> slots_;
  size_t size_ = 0, mask_ = 0;
  int shift_ = 64;
};

}  // namespace clinic

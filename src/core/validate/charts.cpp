#include "core/validate/charts.hpp"

#include <algorithm>
#include <cstring>

#include "core/pure.hpp"

namespace clinic::validation {

std::string uuid_text(const Uuid &u) {
  static const char hex[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < u.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += hex[u[i] >> 4];
    s += hex[u[i] & 15];
  }
  return s;
}

void LeastKeys::add(const Uuid &k) {
  if (limit_ == 0) return;
  if (heap_.size() < limit_) {
    heap_.push_back(k);
    std::push_heap(heap_.begin(), heap_.end());
  } else if (k < heap_.front()) {
    std::pop_heap(heap_.begin(), heap_.end());
    heap_.back() = k;
    std::push_heap(heap_.begin(), heap_.end());
  }
}

std::vector<std::string> LeastKeys::texts() const {
  std::vector<Uuid> sorted = heap_;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> out;
  for (const Uuid &k : sorted) out.push_back(uuid_text(k));
  return out;
}

namespace {

// Both uuids, both halves of each: every v1 uuid of one machine has the same second half.
uint64_t hash_pair(const Uuid &patient, const Uuid &id) {
  uint64_t h = 0;
  for (const Uuid *u : {&patient, &id})
    for (size_t at = 0; at < 16; at += 8) {
      uint64_t part;
      memcpy(&part, u->data() + at, sizeof part);
      h = (h ^ part) * 0x9e3779b97f4a7c15ULL;
      h ^= h >> 32;
    }
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

size_t slot_count(size_t n) {
  size_t size = 16;
  while (size < n * 2) size *= 2;
  return size;
}

}  // namespace

template <class Row>
size_t Lookup<Row>::index_bytes(size_t n) {
  return slot_count(n) * 4;
}

template <class Row>
bool Lookup<Row>::index(const std::function<void()> &poll) {
  const size_t size = slot_count(rows.size());
  slots_.assign(size, -1);
  for (size_t i = 0; i < rows.size(); ++i) {
    if ((i & 0xffff) == 0) poll();
    const Row &r = rows[i];
    size_t at = hash_pair(r.patient, r.id) & (size - 1);
    for (; slots_[at] >= 0; at = (at + 1) & (size - 1)) {
      const Row &other = rows[slots_[at]];
      if (other.patient == r.patient && other.id == r.id) {
        std::vector<int32_t>().swap(slots_);
        return false;
      }
    }
    slots_[at] = static_cast<int32_t>(i);
  }
  return true;
}

template <class Row>
const Row *Lookup<Row>::find(const Uuid &patient, const Uuid &id) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t at = hash_pair(patient, id) & mask; slots_[at] >= 0; at = (at + 1) & mask) {
    const Row &r = rows[slots_[at]];
    if (r.id == id && r.patient == patient) return &r;
  }
  return nullptr;
}

template class Lookup<Visit>;
template class Lookup<Record>;

namespace {

// What the window orders by, kept together so the sort reads no visit but to break a tie of
// starts: the partition (NULL providers are one more), then start with NULL last, then id.
struct OverlapKey {
  Uuid partition;
  int64_t start;
  int32_t visit;
  bool null_partition, null_start;
};

}  // namespace

size_t overlap_bytes(size_t active) {
  return active * sizeof(OverlapKey);
}

Answer overlaps(const std::vector<Visit> &visits, bool by_provider, size_t sample_limit,
                const std::function<void()> &poll) {
  Answer a(sample_limit);
  using Key = OverlapKey;
  std::vector<Key> keys;
  size_t active = 0;
  for (const Visit &v : visits) active += v.active;
  keys.reserve(active);
  for (size_t i = 0; i < visits.size(); ++i) {
    const Visit &v = visits[i];
    if (!v.active) continue;
    const bool null_partition = by_provider && !v.has_provider;
    keys.push_back({null_partition ? Uuid{}
                    : by_provider  ? v.provider
                                   : v.patient,
                    v.has_start ? v.start : 0, static_cast<int32_t>(i), null_partition,
                    !v.has_start});
  }
  a.total = static_cast<int64_t>(keys.size());
  const auto same_partition = [](const Key &x, const Key &y) {
    return x.null_partition == y.null_partition && x.partition == y.partition;
  };
  // <0, 0 or >0 as x sorts before, with or after y.
  const auto compare = [&](const Key &x, const Key &y) {
    if (x.null_partition != y.null_partition) return x.null_partition ? 1 : -1;
    if (const int c = memcmp(x.partition.data(), y.partition.data(), 16); c != 0) return c;
    if (x.null_start != y.null_start) return x.null_start ? 1 : -1;
    if (x.start != y.start) return x.start < y.start ? -1 : 1;
    return memcmp(visits[x.visit].id.data(), visits[y.visit].id.data(), 16);
  };
  size_t compared = 0;
  std::sort(keys.begin(), keys.end(), [&](const Key &x, const Key &y) {
    if ((++compared & 0xfffff) == 0) poll();
    return compare(x, y) < 0;
  });
  bool have_end = false;
  int64_t earlier_end = 0;
  for (size_t k = 0; k < keys.size(); ++k) {
    if ((k & 0xffff) == 0) poll();
    if (k > 0 && !same_partition(keys[k - 1], keys[k])) {
      have_end = false;
    } else if (k > 0 && compare(keys[k - 1], keys[k]) == 0) {
      a.settled = false;
      return a;
    }
    const Visit &v = visits[keys[k].visit];
    if (v.has_start && have_end && v.start < earlier_end) {
      ++a.violated;
      a.sample.add(v.id);
    }
    if (v.has_end && (!have_end || v.end > earlier_end)) {
      earlier_end = v.end;
      have_end = true;
    }
  }
  return a;
}

}  // namespace clinic::validation

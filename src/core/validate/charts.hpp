// The row pass's lookups of a target's visits (appointments) and medical records, by their
// (patient_id, id) pair: with them the pass answers the set checks within a patient's chart in
// the scans of the tables that reference them, with no query (issue 18). No PostgreSQL here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace clinic::validation {

using Uuid = std::array<uint8_t, 16>;  // ordered as unsigned bytes, as PostgreSQL orders uuid

// A uuid as PostgreSQL prints it.
std::string uuid_text(const Uuid &u);

// A set check's sample as its query orders it (key::text, ascending, the first `limit`): the
// least uuids seen, kept in a max-heap (a uuid's text sorts as its bytes); duplicates kept.
class LeastKeys {
 public:
  explicit LeastKeys(size_t limit) : limit_(limit) {}
  void add(const Uuid &k);
  std::vector<std::string> texts() const;

 private:
  size_t limit_;
  std::vector<Uuid> heap_;
};

// An appointment as the checks over visits read it.
struct Visit {
  Uuid patient, id, provider;
  int64_t start = 0, end = 0;  // appointment_date, ends_at (timestamps as stored)
  int32_t day = 0;             // appointment_date's date in the session's time zone
  bool has_provider = false, has_start = false, has_end = false;
  bool active = false;              // live, and neither cancelled nor a no-show: it holds its slot
  bool completed = false;           // live and completed
  bool deleted = false;             // soft-deleted
  uint8_t records = 0, vitals = 0;  // rows naming it, counted up to 2
  uint8_t live_records = 0, live_vitals = 0;  // live rows naming it, counted up to 2
};

// A medical record as its symptoms and prescriptions read it.
struct Record {
  Uuid patient, id;
  int32_t visit = -1;  // its appointment in the visits' rows, or -1: none
  bool deleted = false;
};

// Rows by their (patient, id) pair, through an open-addressing table of 4-byte indexes (at most
// half full): a cache miss or two a lookup. Rows are added, then indexed once.
template <class Row>
class Lookup {
 public:
  std::vector<Row> rows;
  // Indexes the rows; false (and no index) when two share a pair: a join would then match a
  // reference twice, which one lookup cannot answer. `poll` is called every so many rows (the
  // executor's check for cancel, which may throw).
  bool index(const std::function<void()> &poll = [] {});
  const Row *find(const Uuid &patient, const Uuid &id) const;
  Row *find(const Uuid &patient, const Uuid &id) {
    return const_cast<Row *>(static_cast<const Lookup *>(this)->find(patient, id));
  }
  // What the rows and their index hold, with the rows' spare room; the index as it will be
  // while it is not yet built.
  size_t bytes() const {
    return rows.capacity() * sizeof(Row) +
           (slots_.empty() ? index_bytes(rows.capacity()) : slots_.capacity() * 4);
  }
  // The bytes the index of `n` rows takes, once built.
  static size_t index_bytes(size_t n);
  void clear() {
    std::vector<Row>().swap(rows);
    std::vector<int32_t>().swap(slots_);
  }

 private:
  std::vector<int32_t> slots_;
};

extern template class Lookup<Visit>;
extern template class Lookup<Record>;

// A check's answer: its violations, the rows it judged, the least keys; or none (`settled` false)
// when the pass cannot give exactly what its query gives, which then runs.
struct Answer {
  explicit Answer(size_t limit) : sample(limit) {}
  int64_t violated = 0, total = 0;
  LeastKeys sample;
  bool settled = true;
};

// appointments.<patient|provider>.overlap over every appointment: an active one that starts
// before an earlier active one (by start, then id) of the same patient or provider ends, as the
// query's window gives it (a NULL start sorts last and overlaps nothing; a NULL end ends
// nothing; NULL providers are one partition). Unsettled when two active rows of a partition share
// start and id: the query's order between them, and so its answer, is not defined.
// `poll` as for Lookup::index().
Answer overlaps(
    const std::vector<Visit> &visits, bool by_provider, size_t sample_limit,
    const std::function<void()> &poll = [] {});

// The bytes overlaps() takes for its sort of `active` appointments.
size_t overlap_bytes(size_t active);

}  // namespace clinic::validation

// Capacity: item 20 (sizes), sequences running out, bloat.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

void table_sizes(const Schema &s, Finding &f) {
  std::vector<const Table *> ts;
  int64_t total = 0;
  for (const Table &t : s.tables)
    if (is_table(t)) {
      ts.push_back(&t);
      total += t.size_bytes;
    }
  std::sort(ts.begin(), ts.end(), [](const Table *a, const Table *b) {
    return a->size_bytes != b->size_bytes ? a->size_bytes > b->size_bytes : a->name < b->name;
  });
  json::Array d;
  for (size_t i = 0; i < ts.size() && i < 10; ++i)
    d.add(object_ref(*ts[i])
              .field("size_bytes", ts[i]->size_bytes)
              .field("estimated_rows", ts[i]->estimated_rows));
  size_t never_analyzed = 0;
  for (const Table *t : ts) never_analyzed += t->estimated_rows < 0;
  set(f, "pass",
      count_of(ts.size(), "tables") + ", about " + std::to_string(total) +
          " bytes with indexes (from pg_class.relpages, as of the last VACUUM or ANALYZE; " +
          count_of(never_analyzed, "tables never analyzed") + "; largest in detail)",
      d);
}

// How much of each sequence's range is used (last_value against its bounds): an exhausted
// sequence stops every insert. warn from 75 %, fail from 90 %; cycling sequences never run out.
void sequence_capacity(const Schema &s, Finding &f) {
  json::Array d;
  bool failed = false;
  size_t unknown = 0, cycling = 0;
  for (const catalog::Sequence &q : s.sequences) {
    if (q.cycle) {
      ++cycling;
      continue;
    }
    if (!q.last_value) {
      ++unknown;
      continue;
    }
    // Fraction of the range between the start bound and the bound it moves towards.
    const long double range = static_cast<long double>(q.max) - q.min;
    const long double used = q.increment > 0 ? static_cast<long double>(*q.last_value) - q.min
                                             : static_cast<long double>(q.max) - *q.last_value;
    const long double fraction = range > 0 ? used / range : 1;
    if (fraction < 0.75L) continue;
    failed = failed || fraction >= 0.90L;
    d.object()
        .field("sequence", q.name)
        .field("type", q.type)
        .field("last_value", *q.last_value)
        .field("limit", q.increment > 0 ? q.max : q.min)
        .field("pct_used", static_cast<int64_t>(fraction * 100));
  }
  std::string actual = s.sequences.empty() ? "no sequences"
                       : d.empty()
                           ? count_of(s.sequences.size(), "sequences, none at 75 % of its range")
                           : count_of(d.size(), "sequences at 75 % of their range or more");
  if (unknown > 0) actual += "; " + count_of(unknown, "never used or not readable by the auditor");
  if (cycling > 0) actual += "; " + count_of(cycling, "cycling");
  set(f, graded(failed, d), actual, d);
}

// Dead rows the statistics count against live ones: warn from 20 % dead with at least 10,000
// dead rows (statistics-based: evidence, not proof; autovacuum may be about to run).
// The heap a table's live rows need, from statistics: each row its average width plus the tuple
// header (23 bytes, aligned to 8) and a line pointer, packed to the fillfactor. nullopt without
// the statistics (never analyzed, or a column the auditor may not see).
static std::optional<int64_t> needed_heap_bytes(const Table &t) {
  if (!t.row_width || t.estimated_rows < 0) return std::nullopt;
  constexpr int64_t kPage = 8192, kPageHeader = 24, kTupleHeader = 24, kLinePointer = 4;
  const int64_t tuple = (kTupleHeader + *t.row_width + 7) / 8 * 8 + kLinePointer;
  const int64_t usable = (kPage - kPageHeader) * std::clamp(t.fillfactor, 10, 100) / 100;
  const int64_t per_page = std::max<int64_t>(1, usable / tuple);
  return (t.estimated_rows + per_page - 1) / per_page * kPage;
}

// Bloat two ways: dead rows not yet vacuumed (counted by the statistics), and space a plain
// VACUUM freed but could not return (the heap against what its live rows need: a table emptied
// by a mass DELETE keeps its size until VACUUM FULL or a rewrite). Both are estimates.
void table_bloat(const Schema &s, Finding &f) {
  constexpr int64_t kMinWasted = 10 * 1024 * 1024;
  json::Array d;
  size_t with_stats = 0;
  for (const Table &t : s.tables) {
    if (!is_table(t)) continue;
    const auto needed = needed_heap_bytes(t);
    const bool counted =
        t.dead_rows >= 0 && t.live_rows >= 0 && (t.dead_rows > 0 || t.live_rows > 0);
    if (!counted && !needed) continue;
    ++with_stats;
    if (counted) {
      const int64_t total = t.live_rows + t.dead_rows;
      if (t.dead_rows >= 10000 && t.dead_rows * 5 >= total) {
        object_ref(d, t)
            .field("dead_rows", t.dead_rows)
            .field("live_rows", t.live_rows)
            .field("pct_dead", t.dead_rows * 100 / total);
        continue;
      }
    }
    if (needed && t.heap_bytes - *needed >= kMinWasted &&
        (t.heap_bytes - *needed) * 2 >= t.heap_bytes)
      object_ref(d, t)
          .field("heap_bytes", t.heap_bytes)
          .field("needed_bytes", *needed)
          .field("pct_wasted", (t.heap_bytes - *needed) * 100 / t.heap_bytes);
  }
  statistics_verdict(f, d, with_stats,
                     "no row statistics for the schema's tables (never analyzed or stats reset)",
                     "no table has 20 % dead rows or half its heap free",
                     "tables with 20 % dead rows or more, or at least half their heap free");
}

}  // namespace clinic::audit::check

// Capacity: item 20 (sizes), sequences running out, dead rows.
#include "core/audit/checks/common.hpp"

#include <algorithm>
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
void table_bloat(const Schema &s, Finding &f) {
  json::Array d;
  size_t with_stats = 0;
  for (const Table &t : s.tables) {
    if (!is_table(t) || t.dead_rows < 0 || t.live_rows < 0) continue;
    if (t.dead_rows == 0 && t.live_rows == 0) continue;
    ++with_stats;
    const int64_t total = t.live_rows + t.dead_rows;
    if (t.dead_rows < 10000 || t.dead_rows * 5 < total) continue;
    object_ref(d, t)
        .field("dead_rows", t.dead_rows)
        .field("live_rows", t.live_rows)
        .field("pct_dead", t.dead_rows * 100 / total);
  }
  statistics_verdict(f, d, with_stats,
                     "no row statistics for the schema's tables (never analyzed or stats reset)",
                     "no table has 20 % dead rows or more", "tables with 20 % dead rows or more");
}

}  // namespace clinic::audit::check

// Indexes: item 19 and the index lints.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

void fk_indexed(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Constraint &c : t.constraints)
      if (c.type == 'f' && !has_covering_index(t, c.columns))
        object_ref(d, t)
            .field("constraint", c.name)
            .field("columns", column_names(t, c.columns))
            .field("references", c.ref_table);
  verdict(f, d, "fail", "foreign keys without a covering index");
}

void index_duplicates(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (size_t a = 0; a < t.indexes.size(); ++a)
      for (size_t b = a + 1; b < t.indexes.size(); ++b)
        if (t.indexes[a].same_shape(t.indexes[b]))
          object_ref(d, t)
              .field("index", t.indexes[a].name)
              .field("duplicate_of", t.indexes[b].name);
  verdict(f, d, "warn", "duplicate indexes");
}

void index_redundant(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Index &small : t.indexes) {
      if (small.unique || small.backs_constraint || small.partial || small.method != "btree")
        continue;
      const size_t n = static_cast<size_t>(small.key_columns);  // its keys: columns[0, n)
      if (std::find(small.columns.begin(), small.columns.begin() + static_cast<long>(n), 0) !=
          small.columns.begin() + static_cast<long>(n))
        continue;  // expressions
      for (const Index &big : t.indexes) {
        if (&big == &small || big.partial || big.method != "btree" || !big.valid) continue;
        if (big.key_columns <= small.key_columns) continue;
        // The same leading columns, with the same operator classes, collations and orderings
        // (an index on (a text_pattern_ops) serves LIKE 'x%'; one on (a, b) does not).
        const auto leads = [n](const auto &x, const auto &y) {
          return x.size() >= n && y.size() >= n &&
                 std::equal(x.begin(), x.begin() + static_cast<long>(n), y.begin());
        };
        if (leads(small.columns, big.columns) && leads(small.key_opclasses, big.key_opclasses) &&
            leads(small.key_collations, big.key_collations) &&
            leads(small.key_options, big.key_options)) {
          object_ref(d, t).field("index", small.name).field("covered_by", big.name);
          break;
        }
      }
    }
  verdict(f, d, "warn", "indexes whose keys lead another index");
}

void index_unused(const Schema &s, Finding &f) {
  json::Array d;
  size_t with_stats = 0;
  for (const Table &t : s.tables)
    for (const Index &i : t.indexes) {
      // A partitioned table's index has no scans of its own (its partitions' indexes do).
      if (!i.scans || t.kind == 'p') continue;
      ++with_stats;
      if (*i.scans == 0 && !i.unique && !i.backs_constraint)
        object_ref(d, t)
            .field("index", i.name)
            .field("scans", static_cast<int64_t>(0))
            .field("size_bytes", i.size_bytes);
    }
  statistics_verdict(
      f, d, with_stats,
      "no index statistics (pg_stat_user_indexes is empty: stats reset or never collected)",
      "every non-unique index has been scanned",
      "indexes never scanned since statistics were last reset");
}

// A unique index lets rows that repeat its key through when a key column is NULL (NULLs are
// distinct), unless it is NULLS NOT DISTINCT. Partial indexes are left out (their predicate may
// exclude the NULLs).
void index_unique_nullable(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Index &i : t.indexes) {
      if (!i.unique || i.primary || i.partial || i.nulls_not_distinct) continue;
      std::vector<std::string> nullable;
      for (int k = 0; k < i.key_columns && k < static_cast<int>(i.columns.size()); ++k) {
        const Column *c = i.columns[k] > 0 ? t.column(i.columns[k]) : nullptr;
        if (c && !c->not_null) nullable.push_back(c->name);
      }
      if (nullable.empty()) continue;
      json::Array cols;
      for (const auto &n : nullable) cols.add_string(n);
      object_ref(d, t).field("index", i.name).raw("nullable_columns", cols.str());
    }
  verdict(f, d, "warn", "unique indexes with a nullable key column");
}

}  // namespace clinic::audit::check

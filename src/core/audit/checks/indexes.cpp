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
        // Longer keys serve every lookup the small index serves; so do the very same keys of a
        // unique index or primary key (same keys of two plain indexes: index.duplicate).
        if (big.key_columns < small.key_columns ||
            (big.key_columns == small.key_columns && !big.unique))
          continue;
        // The small index's INCLUDE columns answer index-only scans only if big holds them too.
        if (!std::all_of(
                small.columns.begin() + static_cast<long>(n), small.columns.end(), [&big](int c) {
                  return std::find(big.columns.begin(), big.columns.end(), c) != big.columns.end();
                }))
          continue;
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

// Whether an index predicate (a node tree) holds the test `column IS NULL` on attnum.
bool tests_is_null(const std::string &predicate, int attnum) {
  const std::string var = "{NULLTEST :arg {VAR :varno 1 :varattno " + std::to_string(attnum) + " ";
  for (size_t at = predicate.find(var); at != std::string::npos; at = predicate.find(var, at + 1)) {
    const size_t end = predicate.find('}', at + var.size());  // a Var holds no braces
    if (end != std::string::npos && predicate.compare(end + 1, 16, " :nulltesttype 0") == 0)
      return true;
  }
  return false;
}

// A unique index lets rows that repeat its key through when a key column is NULL (NULLs are
// distinct), unless it is NULLS NOT DISTINCT. Left out as intended: partial indexes (their
// predicate may exclude the NULLs); one-column keys (an optional unique value, such as Prisma's
// `String? @unique`, allows many rows without one); keys holding a NOT NULL column unique by
// itself (no two rows can repeat the key); keys whose NULL case a partial unique index covers
// (UNIQUE (a, b) with UNIQUE (a) WHERE b IS NULL).
void index_unique_nullable(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables) {
    const auto keys_of = [](const Index &i) {
      catalog::AttNums keys;
      keys.assign(i.columns.begin(), i.columns.begin() + i.key_columns);
      return keys;
    };
    const auto unique_alone = [&t](int attnum) {
      return std::any_of(t.indexes.begin(), t.indexes.end(), [attnum](const Index &o) {
        return o.unique && o.valid && !o.partial && o.key_columns == 1 && !o.columns.empty() &&
               o.columns[0] == attnum;
      });
    };
    for (const Index &i : t.indexes) {
      if (!i.unique || i.primary || i.partial || i.nulls_not_distinct || i.key_columns < 2 ||
          static_cast<int>(i.columns.size()) < i.key_columns)
        continue;
      const catalog::AttNums keys = keys_of(i);
      std::vector<std::string> nullable;
      bool implied = false;
      for (int k : keys) {
        const Column *c = k > 0 ? t.column(k) : nullptr;
        if (c && !c->not_null) {
          // Covered: a partial unique index on the other keys for the rows where k is NULL.
          const bool covered = std::any_of(t.indexes.begin(), t.indexes.end(), [&](const Index &p) {
            if (!p.unique || !p.partial || !p.valid || !tests_is_null(p.predicate, k)) return false;
            const catalog::AttNums pk = keys_of(p);
            return std::all_of(pk.begin(), pk.end(), [&](int x) {
              return x != k && std::find(keys.begin(), keys.end(), x) != keys.end();
            });
          });
          if (!covered) nullable.push_back(c->name);
        } else if (c && unique_alone(k)) {
          implied = true;
        }
      }
      if (nullable.empty() || implied) continue;
      json::Array cols;
      for (const auto &n : nullable) cols.add_string(n);
      object_ref(d, t).field("index", i.name).raw("nullable_columns", cols.str());
    }
  }
  verdict(f, d, "warn", "unique indexes with a nullable key column");
}

}  // namespace clinic::audit::check

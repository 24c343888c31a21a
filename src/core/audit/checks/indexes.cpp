// Indexes: item 19 and the index lints.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "core/pure.hpp"

namespace clinic::audit {

namespace {

// One `column IS [NOT] NULL` test at p (a NullTest node over a Var of the table, as
// pg_index.indpred holds it without locations), advancing p past it; false for any other node.
bool read_null_test(std::string_view tree, size_t &p, NullTest &out) {
  constexpr std::string_view head = "{NULLTEST :arg {VAR ";
  if (tree.compare(p, head.size(), head) != 0) return false;
  const size_t var_end = tree.find('}', p + head.size());  // a Var holds no braces
  if (var_end == std::string_view::npos) return false;
  const std::string_view var = tree.substr(p + head.size(), var_end - p - head.size());
  const auto field = [var](std::string_view name) -> std::optional<int> {
    const size_t at = var.find(name);
    if (at == std::string_view::npos) return std::nullopt;
    int v = 0;
    size_t i = at + name.size();
    const bool negative = i < var.size() && var[i] == '-';
    if (negative) ++i;
    if (i >= var.size() || var[i] < '0' || var[i] > '9') return std::nullopt;
    // Attribute numbers and levels are int16: anything longer is not one.
    for (; i < var.size() && var[i] >= '0' && var[i] <= '9'; ++i) {
      v = v * 10 + (var[i] - '0');
      if (v > 32767) return std::nullopt;
    }
    return negative ? -v : v;
  };
  const auto attnum = field(":varattno "), level = field(":varlevelsup ");
  if (!attnum || *attnum <= 0 || level.value_or(1) != 0) return false;
  constexpr std::string_view is_null = " :nulltesttype 0 :argisrow false}",
                             is_not_null = " :nulltesttype 1 :argisrow false}";
  if (tree.compare(var_end + 1, is_null.size(), is_null) == 0)
    out = {*attnum, true};
  else if (tree.compare(var_end + 1, is_not_null.size(), is_not_null) == 0)
    out = {*attnum, false};
  else
    return false;
  p = var_end + 1 + is_null.size();
  return true;
}

}  // namespace

std::optional<std::vector<NullTest>> null_tests(std::string_view tree) {
  // The loader keeps each ":location " field without its value (positions in the creating
  // statement); read the tree without them.
  std::string predicate;
  constexpr std::string_view location = " :location ";
  for (size_t from = 0;;) {
    const size_t at = tree.find(location, from);
    predicate.append(tree.substr(from, at == std::string_view::npos ? at : at - from));
    if (at == std::string_view::npos) break;
    from = at + location.size();
  }
  std::vector<NullTest> tests;
  NullTest one;
  size_t p = 0;
  if (read_null_test(predicate, p, one)) {
    if (p != predicate.size()) return std::nullopt;
    tests.push_back(one);
    return tests;
  }
  constexpr std::string_view conjunction = "{BOOLEXPR :boolop and :args (";
  if (predicate.compare(0, conjunction.size(), conjunction) != 0) return std::nullopt;
  p = conjunction.size();
  while (read_null_test(predicate, p, one)) {
    tests.push_back(one);
    if (p < predicate.size() && predicate[p] == ' ') ++p;
  }
  if (tests.empty() || predicate.substr(p) != ")}") return std::nullopt;
  return tests;
}

}  // namespace clinic::audit

namespace clinic::audit::check {

// An unindexed foreign key makes every delete or key update on the referenced table scan this
// one: a performance defect, which the checklist fails and the other profiles warn about.
void fk_indexed(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Constraint &c : t.constraints)
      if (c.type == 'f' && !has_covering_index(t, c.columns))
        object_ref(d, t)
            .field("constraint", c.name)
            .field("columns", column_names(t, c.columns))
            .field("references", c.ref_table);
  if (applies_policies(s.profile))
    verdict(f, d, "fail", "foreign keys without a covering index");
  else
    verdict(f, d, "warn",
            std::string("foreign keys without a covering index (a warning under the ") +
                profile_name(s.profile) + " profile; the checklist fails it)");
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

// Whether an index predicate is exactly `column IS NULL` on attnum: the partial index then holds
// every row where the column is NULL, and only those.
bool tests_is_null(const std::string &predicate, int attnum) {
  const auto tests = null_tests(predicate);
  return tests && tests->size() == 1 && tests->front().attnum == attnum && tests->front().is_null;
}

// A unique index lets rows that repeat its key through when a key column is NULL (NULLs are
// distinct), unless it is NULLS NOT DISTINCT. What is reported is a NULL that scopes the key: a
// nullable foreign-key column (a root folder's parent_id, a global row's project_id: NULL means
// "no parent") or date and time column (deleted_at, valid_to: NULL means "live", "current"),
// so those rows repeat the rest of the key unchecked. Left out as intended: a nullable column of
// another kind (an optional idempotency key or external id: rows without one are not meant to be
// keyed, as for Prisma's `String? @unique`);
// partial indexes (their predicate may exclude the NULLs); one-column keys; keys holding a NOT
// NULL column unique by itself (no two rows can repeat the key); keys whose NULL case a partial
// unique index on some of the other keys covers (UNIQUE (a, b) with UNIQUE (a) WHERE b IS NULL).
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
    const auto scopes_the_key = [&t](const Column &c) {
      if (c.type_name == "timestamptz" || c.type_name == "timestamp" || c.type_name == "date")
        return true;
      return std::any_of(t.constraints.begin(), t.constraints.end(), [&c](const Constraint &k) {
        return k.type == 'f' &&
               std::find(k.columns.begin(), k.columns.end(), c.attnum) != k.columns.end();
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
        if (c && !c->not_null && scopes_the_key(*c)) {
          // Covered: a partial unique index WHERE k IS NULL on some of the other keys, so two
          // such rows that repeat the other keys repeat its keys too. (On keys of its own it
          // would let them through: a unique token of live invites says nothing of their email.)
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

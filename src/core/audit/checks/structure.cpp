// Introspection, indexes and primary keys: items 5, 8 and 9.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include "core/pure.hpp"

namespace clinic::audit::check {

void orm_introspectable(const Schema &s, Finding &f) {
  // Sorted: looked up for every column.
  static constexpr std::string_view unsupported[] = {
      "box",     "circle",  "daterange", "int4range", "int8range", "interval",
      "line",    "lseg",    "numrange",  "path",      "point",     "polygon",
      "tsquery", "tsrange", "tstzrange", "tsvector"};
  json::Array d;
  bool missing_pk = false;
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    const bool has_pk = std::any_of(t.constraints.begin(), t.constraints.end(),
                                    [](const Constraint &c) { return c.type == 'p'; });
    // A NOT NULL unique key addresses rows as well (Prisma accepts @@unique as the identifier).
    if (!has_pk && !row_identifying_key(t)) {
      missing_pk = true;
      object_ref(d, t).field(
          "problem", "no primary key and no NOT NULL unique key: ORMs cannot address its rows");
    }
    for (const Column &c : t.columns)
      if (std::binary_search(std::begin(unsupported), std::end(unsupported),
                             std::string_view(c.type_name)))
        object_ref(d, t)
            .field("column", c.name)
            .field("type", c.type)
            .field("problem", "type ORMs map as Unsupported");
  }
  set(f, graded(missing_pk, d),
      d.empty() ? "every table introspectable" : count_of(d.size(), "problems"), d);
}

void tables_indexed(const Schema &s, Finding &f) {
  size_t tables = 0, indexed = 0, indexes = 0;
  json::Array d;
  for (const Table &t : s.tables) {
    if (!is_table(t)) continue;
    ++tables;
    indexes += t.indexes.size();
    if (t.indexes.empty())
      object_ref(d, t).field("problem", "no index");
    else
      ++indexed;
  }
  set(f, d.empty() ? "pass" : "fail",
      count_of(indexes, "indexes") + "; " + std::to_string(indexed) + "/" + std::to_string(tables) +
          " tables indexed",
      d);
}

void primary_keys(const Schema &s, Finding &f) {
  json::Array d;
  bool missing = false;
  for (const Table &t : s.tables) {
    if (!is_table(t)) continue;
    const Constraint *pk = nullptr;
    for (const Constraint &c : t.constraints)
      if (c.type == 'p') pk = &c;
    if (!pk) {
      // Without one, rows are still identified by a NOT NULL unique key (a hygiene warning:
      // e.g. logical replication needs REPLICA IDENTITY set to it); with neither, nothing does.
      const Index *key = row_identifying_key(t);
      missing |= key == nullptr;
      if (key)
        object_ref(d, t)
            .field("problem", "no primary key; rows are identified by a NOT NULL unique key")
            .field("unique_key", key->name);
      else
        object_ref(d, t).field("problem", "no primary key and no NOT NULL unique key");
    } else if (s.clinic_extension && pk->name != t.name + "_pkey") {
      // The checklist's naming rule, held to clinic's own schema only: another schema's key
      // named xpk_person (OMOP) or orders_pkey1 is present all the same.
      object_ref(d, t)
          .field("constraint", pk->name)
          .field("problem", "not named " + t.name + "_pkey");
    }
  }
  set(f, graded(missing, d),
      d.empty()
          ? (s.clinic_extension ? "every table has one, named <table>_pkey" : "every table has one")
          : count_of(d.size(), "problems"),
      d);
}

}  // namespace clinic::audit::check

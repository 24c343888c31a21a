// An index's definition as pg_get_indexdef prints it, built from pg_index's fields for the
// common case: a snapshot of a large schema deparses every index, and pg_get_indexdef opens each.
#pragma once

#include "pg/pg.hpp"

#include "core/audit/catalog.hpp"

#include <map>
#include <string>
#include <utility>

extern "C" {
#include "catalog/pg_index.h"
}

namespace clinic {

// What index_definition reads of one pg_index row (its arrays as stored).
struct IndexRow {
  Form_pg_index index;
  Oid am;
  bool has_reloptions, has_expressions, has_predicate;
  const oidvector *classes, *collations;
  const int2vector *options;
};

// An index's definition as pg_get_indexdef prints it after "USING ", built from catalog fields
// when the index is plain: columns only (no expressions), each key with its type's default
// operator class, its column's collation and default ordering; no predicate, no storage
// options, no NULLS NOT DISTINCT. Anything else, and every index on majors not yet checked
// (pg::kInternalsChecked), is deparsed by pg_get_indexdef; test/sql/snapshot.sql holds the two
// equal for every kind of index. default_opclass caches GetDefaultOpClass by (type, access
// method). Plain PostgreSQL calls through pg_guard.
std::string index_definition(const IndexRow &row, const catalog::Table &t, const catalog::Index &i,
                             std::map<std::pair<Oid, Oid>, Oid> &default_opclass);

}  // namespace clinic

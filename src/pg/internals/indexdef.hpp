// An index's definition as pg_get_indexdef prints it, built from pg_index's fields for the
// common case: a snapshot of a large schema deparses every index, and pg_get_indexdef opens each.
#pragma once

#include "pg/pg.hpp"

#include "core/audit/catalog.hpp"

#include <map>
#include <string>
#include <utility>

namespace clinic {

// An index's definition as pg_get_indexdef prints it after "USING ", built from catalog fields
// when the index is plain: columns only (no expressions), each key with its type's default
// operator class, its column's collation and default ordering; no predicate, no storage
// options, no NULLS NOT DISTINCT. Anything else, and every index on majors not yet checked
// (pg::kInternalsChecked), is deparsed by pg_get_indexdef; test/sql/snapshot.sql holds the two
// equal for every kind of index. default_opclass caches GetDefaultOpClass by (type, access
// method). Plain PostgreSQL calls through pg_guard.
// i is the index as the audit's model holds it (columns, key operator classes, collations and
// options, partial, NULLS NOT DISTINCT), read from its pg_index row.
std::string index_definition(Oid index_oid, Oid am, bool has_reloptions, bool has_expressions,
                             const catalog::Table &t, const catalog::Index &i,
                             std::map<std::pair<Oid, Oid>, Oid> &default_opclass);

}  // namespace clinic

// Reading the big catalogs (pg_attribute, pg_attrdef, pg_description, pg_constraint, pg_index)
// by one heap scan each, filtered in C++ by the schema's tables: on a schema of thousands of
// tables this is several times faster than SQL joins over the same catalogs.
#pragma once

#include "pg.hpp"

#include "core/catalog.hpp"

#include <set>
#include <unordered_map>

namespace clinic {

using TableIndex = std::unordered_map<Oid, size_t>;  // table OID -> position in Schema::tables

// Columns, with formatted types, defaults (deparsed) and comments, in attnum order.
void scan_columns(catalog::Schema &s, const TableIndex &tables);

// Constraints (CHECK and EXCLUDE deparsed), with referenced tables and column types. Returns
// the OIDs of the indexes that back a constraint.
std::set<Oid> scan_constraints(catalog::Schema &s, const TableIndex &tables);

// Indexes of the schema `nsp`, with their shape, method, size, scan count (when statistics are
// collected) and whether they back a constraint; each table's size grows by its indexes'. With
// sql_definitions, also each index's portable definition ("btree (a, b)"): built from catalog
// fields for plain indexes, deparsed (pg_get_indexdef) for the others.
void scan_indexes(catalog::Schema &s, Oid nsp, const TableIndex &tables,
                  const std::set<Oid> &constraint_indexes, bool statistics_collected,
                  bool sql_definitions);

}  // namespace clinic

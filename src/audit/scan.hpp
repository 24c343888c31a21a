// Reading the big catalogs (pg_attribute, pg_attrdef, pg_description, pg_constraint, pg_index)
// by one heap scan each, filtered in C++ by the schema's tables: SQL joins over the same
// catalogs were most of the audit's time on a schema of thousands of tables.
#pragma once

#include "pg/pg.hpp"

#include "core/audit/catalog.hpp"
#include "pg/oid_map.hpp"

#include <set>
#include <string>
#include <vector>

namespace clinic {

using TableIndex = OidMap<size_t>;  // table OID -> position in Schema::tables
using OidSet = OidMap<bool>;

// An index's own pg_class row, as scan_indexes needs it.
struct IndexClass {
  Oid oid;
  std::string name;
  Oid am;
  int32 pages;
  bool has_reloptions;
  int64 scans;  // pg_stat_get_numscans, read when scan_relations reads statistics
};
// The schema's indexes' rows, in scan order, and where each OID's is (a map of positions grows
// and probes faster than one of rows).
struct IndexClasses {
  std::vector<IndexClass> rows;
  OidMap<uint32> position;  // OID -> position in rows

  IndexClass *find(Oid oid) {
    const auto it = position.find(oid);
    return it == nullptr ? nullptr : &rows[it->second];
  }
};

// The relations of schema `nsp` a schema audit covers (tables, partitioned tables, views,
// materialized views, foreign tables), from one pg_class scan, in name order (bytes, as ORDER BY
// relname), leaving out those named in `excluded` (Citus shards): name, kind, RLS, size from
// relpages (TOAST included; indexes are added by scan_indexes), reltuples, owner, whether
// pg_dump dumps its rows, with `statistics` its live and dead tuples (and its indexes' scan
// counts, from the same pass over the shared statistics), whether the caller may
// SELECT it, and its table-level grants. Fills s.tables and `tables`; returns the schema's
// indexes' own rows.
IndexClasses scan_relations(catalog::Schema &s, Oid nsp, const std::set<std::string> &excluded,
                            bool statistics, TableIndex &tables);

// Columns, with formatted types, defaults (deparsed) and comments, in attnum order; column
// grants; and the tables' own comments.
void scan_columns(catalog::Schema &s, const TableIndex &tables);

// Constraints (CHECK and EXCLUDE deparsed), with referenced tables and column types. Returns
// the OIDs of the indexes that back a constraint.
OidSet scan_constraints(catalog::Schema &s, const TableIndex &tables);

// Indexes of the schema `nsp` (their names moved out of index_classes), with their shape, method,
// size, scan count (when statistics are collected) and whether they back a constraint; each table's
// size grows by its indexes'. With sql_definitions, also each index's portable definition ("btree
// (a, b)"): built from catalog fields for plain indexes, deparsed (pg_get_indexdef) for the others.
void scan_indexes(catalog::Schema &s, const TableIndex &tables, IndexClasses &index_classes,
                  const OidSet &constraint_indexes, bool statistics_collected,
                  bool sql_definitions);

}  // namespace clinic

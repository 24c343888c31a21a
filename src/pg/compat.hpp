// The differences between the PostgreSQL majors clinic supports (15, 17 and 18), in one place.
//
// Feature code calls clinic::pg::* instead of the PostgreSQL API whose signature or behaviour
// changed between majors; every `#if PG_VERSION_NUM` of the project is in this file. These are
// plain PostgreSQL calls (they may ereport): call them as the API they wrap, inside pg_guard()
// where C++ objects are alive.
#pragma once

#include "pg/pg.hpp"

extern "C" {
#include "access/genam.h"
#include "catalog/pg_language.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "nodes/execnodes.h"
#include "utils/acl.h"
#include "utils/rel.h"
#include "utils/relcache.h"
}

#if PG_VERSION_NUM < 150000
#error "clinic needs PostgreSQL 15 or later"
#endif

namespace clinic::pg {

// Whether src/pg/internals/ may read this major's internal formats (jsonb's image, numeric's
// digits, the shared statistics, pg_index's fields): only for majors whose layout was read in
// their source and is held to PostgreSQL's own functions by test/sql/internals.sql and
// test/sql/jsonb_image.sql: 15, 17 and 18, the majors every suite runs on. Any other major takes
// the public API, slower and correct, until it is checked and added here.
inline constexpr bool kInternalsChecked =
    PG_VERSION_NUM / 10000 == 15 || PG_VERSION_NUM / 10000 == 17 || PG_VERSION_NUM / 10000 == 18;

// The OID of rel's primary key index (InvalidOid if none). 18 added deferrable_ok: a deferrable
// primary key is not one an index lookup may rely on, as before 18.
inline Oid primary_key_index(Relation rel) {
#if PG_VERSION_NUM >= 180000
  return RelationGetPrimaryKeyIndex(rel, false);
#else
  return RelationGetPrimaryKeyIndex(rel);
#endif
}

// index_beginscan without instrumentation (18 added the IndexScanInstrumentation argument).
inline IndexScanDesc index_beginscan(Relation heap, Relation index, Snapshot snapshot, int nkeys,
                                     int norderbys) {
#if PG_VERSION_NUM >= 180000
  return ::index_beginscan(heap, index, snapshot, nullptr, nkeys, norderbys);
#else
  return ::index_beginscan(heap, index, snapshot, nkeys, norderbys);
#endif
}

// index_insert of one row with an IndexInfo that outlives the statement (cached across
// transactions in TopMemoryContext). From 17 on, an access method may keep state in
// ii_AmCache between inserts until index_insert_cleanup(): BRIN keeps its revmap there, with
// buffer pins, which the executor releases when it closes its indexes. Here nobody would: the
// pins leaked to the end of the transaction ("resource was not closed"), and the state's memory
// is made in ii_Context. So from 17 on each insert uses a copy of the IndexInfo whose state
// lives in the caller's (short-lived) memory context, and is cleaned up at once. Before 17,
// BRIN kept only its descriptor there (no pins), built once in ii_Context: left as it was.
inline bool index_insert(Relation index, Datum *values, bool *isnull, ItemPointer heap_tid,
                         Relation heap, IndexUniqueCheck check_unique, bool index_unchanged,
                         IndexInfo *info) {
#if PG_VERSION_NUM >= 170000
  IndexInfo once = *info;
  once.ii_AmCache = nullptr;
  once.ii_Context = CurrentMemoryContext;
  const bool result =
      ::index_insert(index, values, isnull, heap_tid, heap, check_unique, index_unchanged, &once);
  index_insert_cleanup(index, &once);
  return result;
#else
  return ::index_insert(index, values, isnull, heap_tid, heap, check_unique, index_unchanged, info);
#endif
}

// object_aclcheck (16+) for the classes clinic checks; 15 has one function per class.
inline AclResult object_aclcheck(Oid classid, Oid objectid, Oid roleid, AclMode mode) {
#if PG_VERSION_NUM >= 160000
  return ::object_aclcheck(classid, objectid, roleid, mode);
#else
  switch (classid) {
    case LanguageRelationId:
      return pg_language_aclcheck(objectid, roleid, mode);
    case ProcedureRelationId:
      return pg_proc_aclcheck(objectid, roleid, mode);
    case NamespaceRelationId:
      return pg_namespace_aclcheck(objectid, roleid, mode);
    default:
      elog(ERROR, "clinic::pg::object_aclcheck: unsupported class %u", classid);
  }
  pg_unreachable();
#endif
}

// The cumulative statistics system's shared entries (utils/pgstat_internal.h, included by the
// caller): templates, so that this header does not pull that one in everywhere.

// The object an entry's key names: a relation's OID for PGSTAT_KIND_RELATION (18 widened the
// field to 64 bits and renamed it objid).
template <typename HashKey>
inline Oid stats_object_oid(const HashKey &key) {
#if PG_VERSION_NUM >= 180000
  return static_cast<Oid>(key.objid);
#else
  return key.objoid;
#endif
}

// A relation entry's live and dead tuple estimates (16 dropped the n_ prefix).
template <typename TableCounts>
inline int64 stats_live_tuples(const TableCounts &stats) {
#if PG_VERSION_NUM >= 160000
  return stats.live_tuples;
#else
  return stats.n_live_tuples;
#endif
}
template <typename TableCounts>
inline int64 stats_dead_tuples(const TableCounts &stats) {
#if PG_VERSION_NUM >= 160000
  return stats.dead_tuples;
#else
  return stats.n_dead_tuples;
#endif
}

}  // namespace clinic::pg

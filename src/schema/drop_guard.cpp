// clinic.drop_guard(): an event trigger on ddl_command_start for every command. For a DROP of any
// kind (DROP SCHEMA, DROP OWNED, DROP TYPE ... CASCADE, a renamed schema) it follows pg_depend
// from the targets as PostgreSQL's deletion will, before anything is dropped, and refuses when
// the drop would remove the extension or a table of the clinic schema that holds rows: a
// database owner who owns public must not be able to drop clinic's tables through it. On a Citus
// coordinator a drop of the extension that may go ahead drops the shards first (drop_shards).
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "pg/citus.hpp"
#include "pg/depend.hpp"
#include "pg/role.hpp"
#include "schema/drop_guard.hpp"
#include "pg/extension.hpp"
#include "pg/spi.hpp"

#include <string>

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_shdepend.h"
#include "commands/event_trigger.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace {

bool allow_drop_with_data = false;

// ---------------------------------------------------------------------------------------------
// What a drop removes (C-style: palloc'd state, no C++ objects in these frames)

struct ObjectKey {
  Oid classid;
  Oid objid;
};

struct Closure {
  HTAB *seen;
  ObjectKey *queue;
  int count, capacity;
  bool cascade;
};

void closure_add(Closure *c, Oid classid, Oid objid) {
  ObjectKey key = {classid, objid};
  bool found;
  hash_search(c->seen, &key, HASH_ENTER, &found);
  if (found) return;
  if (c->count == c->capacity) {
    c->capacity *= 2;
    c->queue = static_cast<ObjectKey *>(repalloc(c->queue, sizeof(ObjectKey) * c->capacity));
  }
  c->queue[c->count++] = key;
}

void closure_init(Closure *c, bool cascade) {
  HASHCTL ctl = {};
  ctl.keysize = sizeof(ObjectKey);
  ctl.entrysize = sizeof(ObjectKey);
  ctl.hcxt = CurrentMemoryContext;
  c->seen = hash_create("clinic drop guard", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
  c->capacity = 64;
  c->queue = static_cast<ObjectKey *>(palloc(sizeof(ObjectKey) * c->capacity));
  c->count = 0;
  c->cascade = cascade;
}

// The pg_depend rows of `object`, one way or the other. Its dependents (rows referencing it) go
// with it when they depend automatically, internally, as an extension's member or a partition,
// and with CASCADE whatever the kind. Its owners (rows it references), for an object a cascade
// reached that is part of another (an extension's member, an internal object such as a table's
// row type): the owner goes too, as findDependentObjects transfers the deletion, except the
// extension being created or updated right now.
void follow(Closure *c, Relation depend, const ObjectKey &object, bool dependents) {
  clinic::pg::for_each_depend(
      depend, object.classid, object.objid, dependents, [c, dependents](Form_pg_depend d) {
        if (dependents) {
          if (d->deptype != DEPENDENCY_NORMAL || c->cascade) closure_add(c, d->classid, d->objid);
        } else if (d->deptype == DEPENDENCY_INTERNAL ||
                   (d->deptype == DEPENDENCY_EXTENSION &&
                    !(creating_extension && d->refobjid == CurrentExtensionObject))) {
          closure_add(c, d->refclassid, d->refobjid);
        }
        return true;
      });
}

// Every object the deletion of the first `targets` objects of c->queue removes.
void closure_expand(Closure *c, int targets) {
  Relation depend = table_open(DependRelationId, AccessShareLock);
  for (int i = 0; i < c->count; ++i) {
    if ((i & 255) == 0) CHECK_FOR_INTERRUPTS();
    const ObjectKey object = c->queue[i];
    if (i >= targets) follow(c, depend, object, false);
    follow(c, depend, object, true);
  }
  table_close(depend, AccessShareLock);
}

// The objects a DROP statement names, as its own execution will find them (a missing one is
// skipped: IF EXISTS, or the statement's own error). Relations are looked up without a lock:
// the drop locks them itself, heap before index.
void add_drop_targets(Closure *c, DropStmt *stmt) {
  ListCell *lc;
  foreach (lc, stmt->objects) {
    Node *object = static_cast<Node *>(lfirst(lc));
    switch (stmt->removeType) {
      case OBJECT_TABLE:
      case OBJECT_INDEX:
      case OBJECT_SEQUENCE:
      case OBJECT_VIEW:
      case OBJECT_MATVIEW:
      case OBJECT_FOREIGN_TABLE: {
        const Oid relid =
            RangeVarGetRelid(makeRangeVarFromNameList(castNode(List, object)), NoLock, true);
        if (OidIsValid(relid)) closure_add(c, RelationRelationId, relid);
        break;
      }
      default: {
        Relation rel = nullptr;
        const ObjectAddress address =
            get_object_address(stmt->removeType, object, &rel, AccessExclusiveLock, true);
        if (rel != nullptr) table_close(rel, NoLock);
        if (OidIsValid(address.objectId)) closure_add(c, address.classId, address.objectId);
      }
    }
  }
}

// DROP OWNED BY: the objects of this database the roles own.
void add_owned_targets(Closure *c, DropOwnedStmt *stmt) {
  Relation shdepend = table_open(SharedDependRelationId, AccessShareLock);
  ListCell *lc;
  foreach (lc, stmt->roles) {
    const Oid role = get_rolespec_oid(static_cast<RoleSpec *>(lfirst(lc)), true);
    if (!OidIsValid(role)) continue;
    ScanKeyData key[2];
    ScanKeyInit(&key[0], Anum_pg_shdepend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(AuthIdRelationId));
    ScanKeyInit(&key[1], Anum_pg_shdepend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(role));
    SysScanDesc scan =
        systable_beginscan(shdepend, SharedDependReferenceIndexId, true, nullptr, 2, key);
    for (HeapTuple tup; HeapTupleIsValid(tup = systable_getnext(scan));) {
      const auto *d = reinterpret_cast<Form_pg_shdepend>(GETSTRUCT(tup));
      if (d->deptype == SHARED_DEPENDENCY_OWNER && d->dbid == MyDatabaseId)
        closure_add(c, d->classid, d->objid);
    }
    systable_endscan(scan);
  }
  table_close(shdepend, AccessShareLock);
}

// The extension's schema, by OID (it may have been renamed); else the schema named clinic.
Oid clinic_schema() {
  if (!OidIsValid(get_extension_oid("clinic", true))) return get_namespace_oid("clinic", true);
  return clinic::extension_schema();
}

// A Citus shard with no placement on this node: what a shard move or split leaves behind, which
// Citus drops once it is done (its rows live on at the new placements; a split has already
// removed the old shard ids from pg_dist_shard). Never a member of the extension: a clinic table
// renamed to look like a shard is still guarded.
bool left_by_a_move(Oid relid) {
  if (getExtensionOfObject(RelationRelationId, relid) != InvalidOid) return false;
  if (!clinic::pg::citus_shard_name(relid)) return false;
  Oid logical;
  const int64 shard = clinic::pg::citus_shard_of(relid, &logical);
  return shard == 0 || !clinic::pg::citus_placement_here(shard);
}

// What the statement drops that matters here: *extension is true when it removes clinic, and
// *tables lists the tables of the clinic schema it removes (an OID array of *ntables).
// False for a statement that drops nothing.
bool inspect_drop(Node *parsetree, bool *extension, Oid **tables, int *ntables) {
  Closure c;
  int targets;
  if (IsA(parsetree, DropStmt)) {
    auto *stmt = castNode(DropStmt, parsetree);
    closure_init(&c, stmt->behavior == DROP_CASCADE);
    add_drop_targets(&c, stmt);
  } else if (IsA(parsetree, DropOwnedStmt)) {
    auto *stmt = castNode(DropOwnedStmt, parsetree);
    closure_init(&c, stmt->behavior == DROP_CASCADE);
    add_owned_targets(&c, stmt);
  } else {
    return false;
  }
  targets = c.count;
  closure_expand(&c, targets);
  const Oid clinic = get_extension_oid("clinic", true);
  const Oid schema = clinic_schema();
  *extension = false;
  *tables = static_cast<Oid *>(palloc(sizeof(Oid) * c.count));
  *ntables = 0;
  for (int i = 0; i < c.count; ++i) {
    const ObjectKey &o = c.queue[i];
    if (o.classid == ExtensionRelationId && o.objid == clinic) *extension = true;
    if (o.classid != RelationRelationId || !OidIsValid(schema)) continue;
    if (get_rel_namespace(o.objid) != schema) continue;
    const char kind = get_rel_relkind(o.objid);
    if (kind != RELKIND_RELATION && kind != RELKIND_PARTITIONED_TABLE) continue;
    if (left_by_a_move(o.objid)) continue;
    (*tables)[(*ntables)++] = o.objid;
  }
  return true;
}

// For a non-superuser's ALTER TABLE of a table of the clinic schema that rewrites a column's
// values (ALTER COLUMN ... TYPE) or drops one: the table's name, else NULL. Its owner may alter
// it, but such a change reaches every row with no row trigger, so the trail cannot record it.
const char *rewrites_clinic_data(AlterTableStmt *stmt) {
  if (superuser() || stmt->relation == nullptr) return nullptr;
  const Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
  if (!OidIsValid(relid) || get_rel_namespace(relid) != clinic_schema()) return nullptr;
  ListCell *lc;
  foreach (lc, stmt->cmds) {
    const auto *cmd = static_cast<AlterTableCmd *>(lfirst(lc));
    if (cmd->subtype == AT_AlterColumnType || cmd->subtype == AT_DropColumn)
      return get_rel_name(relid);
  }
  return nullptr;
}

// The clinic tables among `tables` (or all of them, for the extension) that hold rows, read as
// the extension's owner: the role running the drop may not read them, and the answer is only
// a list of names. NULL when none does.
char *tables_with_rows(bool extension, const Oid *tables, int ntables) {
  const Oid owner = clinic::extension_owner();
  // Renamed, the schema breaks every query of the extension: nothing can be counted, so every
  // table is taken to hold rows.
  const char *schema = get_namespace_name(clinic_schema());
  if (schema == nullptr || strcmp(schema, "clinic") != 0)
    return psprintf("every table of the extension (its schema is now named %s)",
                    schema ? quote_identifier(schema) : "?");
  char *found = nullptr;
  clinic::pg::as_role(owner, [extension, tables, ntables, &found]() noexcept {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    StringInfoData sql;
    initStringInfo(&sql);
    appendStringInfoString(&sql,
                           "SELECT pg_catalog.string_agg(t.table_name, ', ' ORDER BY t.table_name) "
                           "FROM clinic._tables_with_rows() t");
    if (!extension) {
      // Relations of the clinic schema that are not (or no longer) members of the extension.
      resetStringInfo(&sql);
      appendStringInfoString(&sql, "SELECT pg_catalog.string_agg(n, ', ' ORDER BY n) FROM (");
      for (int i = 0; i < ntables; ++i) {
        const char *name = quote_qualified_identifier("clinic", get_rel_name(tables[i]));
        // A select list: Citus cannot plan a subquery of a distributed table without one.
        appendStringInfo(&sql, "%sSELECT %s AS n WHERE EXISTS (SELECT 1 FROM ONLY %s)",
                         i > 0 ? " UNION ALL " : "", quote_literal_cstr(get_rel_name(tables[i])),
                         name);
      }
      appendStringInfoString(&sql, ") found");
    }
    if (SPI_execute(sql.data, true, 1) != SPI_OK_SELECT) elog(ERROR, "SPI_execute failed");
    if (SPI_processed > 0) {
      char *value = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
      if (value != nullptr) found = MemoryContextStrdup(TopTransactionContext, value);
    }
    SPI_finish();
  });
  return found;
}

// What drop_shards() found.
enum class ShardDrop { none, dropped, not_owner, propagation_off };

// Runs one statement of drop_shards() (a SPI connection is open); `args` the schema and the
// extension, as $1 and $2.
void run(const char *sql, Datum *args) {
  Oid types[2] = {OIDOID, OIDOID};
  if (SPI_execute_with_args(sql, 2, types, args, nullptr, false, 0) < 0)
    elog(ERROR, "SPI_execute failed: %s", sql);
}

// A DROP that removes the extension drops its tables as members of it, and Citus drops only the
// metadata of a table dropped that way (it takes it for a partition dropped with its parent):
// every shard, PHI included, would stay on the workers. So on a Citus coordinator, once the drop
// may go ahead, the shards of the extension's Citus tables go first, in the DROP's transaction
// (a DROP that fails later takes their drop back with it): with CASCADE the claims tables too
// (distribute()'s, not the extension's; without CASCADE their foreign keys refuse the DROP
// anyway). Only the extension's owner may: a cascade from another object (DROP SCHEMA public
// CASCADE by a database owner) is refused here rather than leave the shards.
ShardDrop drop_shards(Node *parsetree) {
  if (!clinic::pg::citus_present()) return ShardDrop::none;
  const Oid schema = clinic_schema();
  const Oid extension = get_extension_oid("clinic", true);
  const char *schema_name = get_namespace_name(schema);
  if (schema_name == nullptr || !OidIsValid(extension)) return ShardDrop::none;
  Datum args[2] = {ObjectIdGetDatum(schema), ObjectIdGetDatum(extension)};
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  // A worker's copy of the extension holds no shard of its own to drop (Citus drops shards from
  // the coordinator only).
  run("SELECT 1 FROM pg_catalog.pg_dist_local_group g WHERE g.groupid = 0"
      "   AND EXISTS (SELECT FROM pg_catalog.pg_dist_partition p"
      "                 JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      "                WHERE c.relnamespace = $1)",
      args);
  if (SPI_processed == 0) {
    SPI_finish();
    return ShardDrop::none;
  }
  if (!has_privs_of_role(GetUserId(), clinic::extension_owner())) {
    SPI_finish();
    return ShardDrop::not_owner;
  }
  // Citus drops no shard, and none of its metadata, while DDL propagation is off.
  const char *propagation = GetConfigOption("citus.enable_ddl_propagation", true, false);
  if (propagation != nullptr && strcmp(propagation, "on") != 0) {
    SPI_finish();
    return ShardDrop::propagation_off;
  }
  const bool cascade = IsA(parsetree, DropStmt)
                           ? castNode(DropStmt, parsetree)->behavior == DROP_CASCADE
                           : castNode(DropOwnedStmt, parsetree)->behavior == DROP_CASCADE;
  // The coordinator's own placements (the reference tables') of the tables dropped below, found
  // now: during a DROP SCHEMA of another schema Citus drops only their metadata, expecting that
  // drop to remove them.
  run(psprintf(
          "SELECT pg_catalog.to_regclass(pg_catalog.shard_name(p.logicalrelid, s.shardid, false))"
          "       ::pg_catalog.oid"
          "  FROM pg_catalog.pg_dist_partition p"
          "  JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
          "  JOIN pg_catalog.pg_dist_shard s ON s.logicalrelid = p.logicalrelid"
          "  JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = s.shardid"
          " WHERE c.relnamespace = $1 AND pl.groupid = 0"
          "   AND (%s EXISTS (SELECT FROM pg_catalog.pg_depend e"
          "                WHERE e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
          "                  AND e.objid = c.oid AND e.refobjid = $2 AND e.deptype = 'e'"
          "                  AND e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass))",
          cascade ? "c.relname IN ('booking_claims', 'mrn_claims') OR" : ""),
      args);
  const uint64 nlocal = SPI_processed;
  Oid *local = static_cast<Oid *>(palloc0(sizeof(Oid) * (nlocal + 1)));
  for (uint64 i = 0; i < nlocal; ++i) {
    bool isnull;
    const Datum d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
    local[i] = isnull ? InvalidOid : DatumGetObjectId(d);
  }
  // Each worker's guard sees the shards' drop: it must see the caller's setting too. Citus sends
  // a SET LOCAL to the nodes only from a transaction block or a DO block; the propagation setting
  // itself goes back at once (set_config() is not sent).
  if (allow_drop_with_data &&
      SPI_execute("DO $do$ DECLARE prior text := "
                  "pg_catalog.current_setting('citus.propagate_set_commands');"
                  " BEGIN"
                  "   SET LOCAL citus.propagate_set_commands = 'local';"
                  "   SET LOCAL clinic.allow_drop_with_data = on;"
                  "   PERFORM pg_catalog.set_config('citus.propagate_set_commands', prior, true);"
                  " END $do$",
                  false, 0) < 0)
    elog(ERROR, "SPI_execute failed: the DO block");
  if (cascade) {
    const char *q = quote_identifier(schema_name);
    char *sql = psprintf("DROP TABLE IF EXISTS %s.booking_claims, %s.mrn_claims CASCADE", q, q);
    if (SPI_execute(sql, false, 0) < 0) elog(ERROR, "SPI_execute failed: %s", sql);
  }
  // The members first (MATERIALIZED): the planner may call a volatile function in the select
  // list before a join has ruled a row out.
  run("WITH member AS MATERIALIZED ("
      "  SELECT c.oid, n.nspname::pg_catalog.text AS nsp, c.relname::pg_catalog.text AS rel"
      "    FROM pg_catalog.pg_dist_partition p"
      "    JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      "    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      "    JOIN pg_catalog.pg_depend e ON e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
      "     AND e.objid = c.oid AND e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass"
      "     AND e.refobjid = $2 AND e.deptype = 'e'"
      "   WHERE c.relnamespace = $1)"
      " SELECT pg_catalog.citus_drop_all_shards(m.oid, m.nsp, m.rel, false) FROM member m",
      args);
  StringInfoData sql;
  initStringInfo(&sql);
  for (uint64 i = 0; i < nlocal; ++i) {
    // Those Citus dropped itself are gone (no NOTICE for them).
    if (!OidIsValid(local[i]) || !SearchSysCacheExists1(RELOID, ObjectIdGetDatum(local[i])))
      continue;
    appendStringInfo(&sql, "%s%s", sql.len > 0 ? ", " : "DROP TABLE IF EXISTS ",
                     quote_qualified_identifier(get_namespace_name(get_rel_namespace(local[i])),
                                                get_rel_name(local[i])));
  }
  if (sql.len > 0 && SPI_execute(sql.data, false, 0) < 0)
    elog(ERROR, "SPI_execute failed: %s", sql.data);
  SPI_finish();
  return ShardDrop::dropped;
}

}  // namespace

namespace clinic {

void define_drop_guard_setting() {
  DefineCustomBoolVariable(
      "clinic.allow_drop_with_data",
      "Lets a DROP remove the clinic extension or its tables while they still hold rows.",
      "Off by default: dropping the extension drops every clinical table with it.",
      &allow_drop_with_data, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);
}

}  // namespace clinic

CLINIC_FUNCTION(clinic_drop_guard) {
  if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
    throw clinic::Error(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED,
                        "clinic.drop_guard() must be called as an event trigger");
  const auto *event = reinterpret_cast<EventTriggerData *>(fcinfo->context);
  Node *parsetree = event->parsetree;
  if (parsetree == nullptr) return 0;
  if (IsA(parsetree, AlterTableStmt)) {
    const char *table = nullptr;
    const char **table_out = &table;
    clinic::pg_guard([parsetree, table_out] {
      *table_out = rewrites_clinic_data(castNode(AlterTableStmt, parsetree));
    });
    if (table != nullptr)
      throw clinic::Error(
          ERRCODE_INSUFFICIENT_PRIVILEGE,
          std::string("only a superuser may rewrite or drop columns of clinic.") + table,
          "ALTER COLUMN ... TYPE (with USING) and DROP COLUMN change every row's PHI without a "
          "row trigger firing: the audit trail would not record it.",
          "Change rows with UPDATE, which the trail records.");
    return 0;
  }
  if (!IsA(parsetree, DropStmt) && !IsA(parsetree, DropOwnedStmt)) return 0;
  bool extension = false;
  Oid *tables = nullptr;
  int ntables = 0;
  bool *extension_out = &extension;
  Oid **tables_out = &tables;
  int *ntables_out = &ntables;
  clinic::pg_guard([parsetree, extension_out, tables_out, ntables_out] {
    inspect_drop(parsetree, extension_out, tables_out, ntables_out);
  });
  if (!extension && ntables == 0) return 0;
  const Oid *tables_in = tables;
  char *found = allow_drop_with_data ? nullptr : clinic::pg_guard([extension, tables_in, ntables] {
    return tables_with_rows(extension, tables_in, ntables);
  });
  if (found == nullptr) {
    const ShardDrop shards = extension
                                 ? clinic::pg_guard([parsetree] { return drop_shards(parsetree); })
                                 : ShardDrop::none;
    if (shards == ShardDrop::not_owner)
      throw clinic::Error(
          ERRCODE_INSUFFICIENT_PRIVILEGE,
          "only the owner of extension clinic may drop it on a Citus coordinator",
          "The statement removes the clinic extension (found by following its dependencies), "
          "and the shards of its tables on the workers must be dropped with it.",
          "DROP EXTENSION clinic CASCADE as its owner first.");
    if (shards == ShardDrop::propagation_off)
      throw clinic::Error(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
                          "cannot drop extension clinic on a Citus coordinator while "
                          "citus.enable_ddl_propagation is off",
                          "Citus would drop neither the shards of its tables (PHI included) nor "
                          "their metadata.",
                          "SET citus.enable_ddl_propagation = on, then drop it.");
    return 0;
  }
  // Which tables hold rows is itself PHI-adjacent: named only to a superuser.
  const std::string names =
      clinic::pg_guard([] { return superuser(); }) ? std::string(found) : "(named to superusers)";
  throw clinic::Error(ERRCODE_OBJECT_IN_USE,
                      extension ? "cannot drop extension clinic: its tables hold rows"
                                : "cannot drop tables of the clinic schema that hold rows",
                      "The statement removes " +
                          std::string(extension ? "the clinic extension, with every table of it"
                                                : "tables of the clinic schema") +
                          " (found by following its dependencies). Tables with rows: " + names +
                          ".",
                      "Dump or delete the data first, or SET clinic.allow_drop_with_data = on "
                      "in this session to drop it with the extension.");
}

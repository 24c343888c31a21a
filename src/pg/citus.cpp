// Citus's metadata read through SPI from its catalog tables (pg/citus.hpp). Plain C-style code:
// no object with a destructor lives across a call that may ereport.
#include "pg/citus.hpp"

#include "core/schema/shard_names.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_namespace.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "replication/logicalworker.h"
#include "replication/worker_internal.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

#include <cstring>

namespace clinic::pg {
namespace {

// The first column of the first row of a query with int8 and oid parameters, or 0 for none.
int64 spi_int8(const char *sql, int nargs, Oid *types, Datum *args) {
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  if (SPI_execute_with_args(sql, nargs, types, args, nullptr, true, 1) != SPI_OK_SELECT)
    elog(ERROR, "SPI_execute failed: %s", sql);
  int64 value = 0;
  if (SPI_processed > 0) {
    bool isnull;
    const Datum d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
    if (!isnull) value = DatumGetInt64(d);
  }
  SPI_finish();
  return value;
}

// spi_int8 of a query whose one parameter is a table's oid.
int64 spi_int8_of(const char *sql, Oid table) {
  Oid types[1] = {OIDOID};
  Datum args[1] = {ObjectIdGetDatum(table)};
  return spi_int8(sql, 1, types, args);
}

}  // namespace

bool citus_present() {
  return OidIsValid(get_relname_relid("pg_dist_shard", PG_CATALOG_NAMESPACE));
}

bool citus_shard_name(Oid relid) {
  const char *name = get_rel_name(relid);
  const char *digits = name ? shard_names::suffix(name) : nullptr;
  if (digits == nullptr || !citus_present()) return false;
  const Oid logical =
      get_relname_relid(pnstrdup(name, digits - 1 - name), get_rel_namespace(relid));
  return OidIsValid(logical) && citus_table(logical);
}

char *citus_distribution_column(Oid table) {
  if (!citus_present()) return nullptr;
  MemoryContext caller = CurrentMemoryContext;
  Oid types[1] = {OIDOID};
  Datum args[1] = {ObjectIdGetDatum(table)};
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  if (SPI_execute_with_args(
          "SELECT pg_catalog.column_to_column_name(logicalrelid, partkey)"
          "  FROM pg_catalog.pg_dist_partition WHERE logicalrelid::pg_catalog.oid = $1",
          1, types, args, nullptr, true, 1) != SPI_OK_SELECT)
    elog(ERROR, "SPI_execute failed: pg_dist_partition");
  char *column = nullptr;
  if (SPI_processed > 0) {
    const char *value = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
    if (value != nullptr) column = MemoryContextStrdup(caller, value);
  }
  SPI_finish();
  return column;
}

int64 citus_shard_of(Oid relid, Oid *logical) {
  *logical = InvalidOid;
  const char *name = get_rel_name(relid);
  const char *suffix = name ? shard_names::suffix(name) : nullptr;
  if (suffix == nullptr || !citus_present()) return 0;
  const char *digits = suffix - 1;
  const int64 shard = strtoll(suffix, nullptr, 10);
  const size_t prefix = static_cast<size_t>(digits - name);
  const Oid nsp = get_rel_namespace(relid);
  Oid types[2] = {INT8OID, OIDOID};
  Datum args[2] = {Int64GetDatum(shard), ObjectIdGetDatum(nsp)};
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  if (SPI_execute_with_args(
          "SELECT s.logicalrelid::pg_catalog.oid, c.relname::pg_catalog.text"
          "  FROM pg_catalog.pg_dist_shard s JOIN pg_catalog.pg_class c ON c.oid = s.logicalrelid"
          " WHERE s.shardid = $1 AND c.relnamespace = $2",
          2, types, args, nullptr, true, 1) != SPI_OK_SELECT)
    elog(ERROR, "SPI_execute failed: pg_dist_shard");
  bool found = false;
  if (SPI_processed > 0) {
    bool isnull;
    const Oid table =
        DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
    const char *table_name = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
    found = table_name != nullptr && strlen(table_name) == prefix &&
            strncmp(table_name, name, prefix) == 0;
    if (found) *logical = table;
  }
  SPI_finish();
  return found ? shard : 0;
}

bool citus_table(Oid table) {
  if (!citus_present()) return false;
  return spi_int8_of(
             "SELECT 1::pg_catalog.int8 FROM pg_catalog.pg_dist_partition"
             " WHERE logicalrelid::pg_catalog.oid = $1",
             table) != 0;
}

bool citus_hash_distributed(Oid table) {
  if (!citus_present()) return false;
  return spi_int8_of(
             "SELECT 1::pg_catalog.int8 FROM pg_catalog.pg_dist_partition"
             " WHERE logicalrelid::pg_catalog.oid = $1 AND partmethod = 'h'",
             table) != 0;
}

int64 citus_colocated_shard(int64 shard, Oid table) {
  if (!citus_present()) return 0;
  Oid types[2] = {INT8OID, OIDOID};
  Datum args[2] = {Int64GetDatum(shard), ObjectIdGetDatum(table)};
  return spi_int8(
      "SELECT a.shardid FROM pg_catalog.pg_dist_shard s"
      "  JOIN pg_catalog.pg_dist_partition ps ON ps.logicalrelid = s.logicalrelid"
      "  JOIN pg_catalog.pg_dist_partition pa"
      "    ON pa.colocationid = ps.colocationid AND pa.partmethod = 'h'"
      "  JOIN pg_catalog.pg_dist_shard a"
      "    ON a.logicalrelid = pa.logicalrelid AND a.shardminvalue = s.shardminvalue"
      " WHERE s.shardid = $1 AND ps.partmethod = 'h' AND pa.logicalrelid::pg_catalog.oid = $2",
      2, types, args);
}

bool citus_colocated_or_reference(Oid table, Oid with) {
  if (!citus_present()) return false;
  Oid types[2] = {OIDOID, OIDOID};
  Datum args[2] = {ObjectIdGetDatum(table), ObjectIdGetDatum(with)};
  return spi_int8(
             "SELECT 1::pg_catalog.int8 FROM pg_catalog.pg_dist_partition t"
             "  JOIN pg_catalog.pg_dist_partition w ON w.logicalrelid::pg_catalog.oid = $2"
             " WHERE t.logicalrelid::pg_catalog.oid = $1"
             "   AND ((t.partmethod = 'n' AND t.repmodel = 't')"
             "        OR (t.partmethod = 'h' AND w.partmethod = 'h'"
             "            AND t.colocationid = w.colocationid))",
             2, types, args) != 0;
}

int64 citus_shard_count(Oid table) {
  if (!citus_present()) return 0;
  return spi_int8_of(
      "SELECT pg_catalog.count(*) FROM pg_catalog.pg_dist_shard"
      " WHERE logicalrelid::pg_catalog.oid = $1",
      table);
}

const char kCitusShardRuns[] =
    "(WITH placed AS ("
    // Qualified in public too (by default shard_name() leaves it bare, for the worker's
    // search_path to find).
    "  SELECT s.shardid, p.nodename, p.nodeport, pg_catalog.format($2,"
    "    pg_catalog.shard_name(s.logicalrelid, s.shardid, false)) AS command,"
    "    (pg_catalog.row_number() OVER (PARTITION BY p.nodename, p.nodeport ORDER BY s.shardid)"
    "      - 1) % GREATEST(1, COALESCE(NULLIF(pg_catalog.current_setting("
    "'citus.max_adaptive_executor_pool_size', true), '')::pg_catalog.int4, 16)) AS batch"
    "  FROM pg_catalog.pg_dist_shard s CROSS JOIN LATERAL (SELECT pl.nodename, pl.nodeport"
    "    FROM pg_catalog.pg_dist_shard_placement pl WHERE pl.shardid = s.shardid"
    "     AND pl.shardstate = 1 ORDER BY pl.placementid LIMIT 1) p"
    "  WHERE s.logicalrelid = $1),"
    // A command's answer is text, its shards' answers joined: one jsonb would cap a command's
    // shards together at jsonb's 256 MB.
    " batches AS ("
    "  SELECT pg_catalog.row_number() OVER (ORDER BY nodename, nodeport, batch) AS n, nodename,"
    "    nodeport, pg_catalog.array_agg(shardid ORDER BY shardid) AS shards,"
    "    'SELECT pg_catalog.string_agg(pg_catalog.json_build_array(v.id, v.r::pg_catalog.json)"
    "::pg_catalog.text, '','' ORDER BY v.id) FROM (VALUES '"
    "      || pg_catalog.string_agg('(' || shardid || ', (' || command || '))', ', '"
    "           ORDER BY shardid) || ') v(id, r)' AS command,"
    "    CASE WHEN pg_catalog.count(*) = 1 THEN 'shard ' ELSE 'shards ' END"
    "      || pg_catalog.string_agg(shardid::pg_catalog.text, ', ' ORDER BY shardid) AS named"
    "  FROM placed GROUP BY nodename, nodeport, batch),"
    " runs AS ("
    "  SELECT r.n, r.success, r.result FROM pg_catalog.master_run_on_worker("
    "    ARRAY(SELECT nodename FROM batches ORDER BY n), ARRAY(SELECT nodeport FROM batches"
    "    ORDER BY n), ARRAY(SELECT command FROM batches ORDER BY n), true) WITH ORDINALITY"
    "    AS r(node_name, node_port, success, result, n))"
    " SELECT (e.value ->> 0)::pg_catalog.int8 AS shardid, true AS success,"
    "   (e.value -> 1)::pg_catalog.jsonb AS result, NULL::pg_catalog.text AS message,"
    "   b.named AS shards"
    "  FROM runs r JOIN batches b USING (n) CROSS JOIN LATERAL"
    "   pg_catalog.json_array_elements(('[' || r.result || ']')::pg_catalog.json) e"
    "  WHERE r.success"
    " UNION ALL"
    " SELECT u.shardid, false, NULL, r.result, b.named"
    "  FROM runs r JOIN batches b USING (n) CROSS JOIN LATERAL pg_catalog.unnest(b.shards)"
    "   AS u(shardid) WHERE NOT r.success)";

const char *citus_role_without_login() {
  HeapTuple role = SearchSysCache1(AUTHOID, ObjectIdGetDatum(GetUserId()));
  if (!HeapTupleIsValid(role)) elog(ERROR, "cache lookup failed for role %u", GetUserId());
  const bool login = reinterpret_cast<Form_pg_authid>(GETSTRUCT(role))->rolcanlogin;
  ReleaseSysCache(role);
  return login ? nullptr : GetUserNameFromId(GetUserId(), false);
}

int64 citus_first_shard(Oid table) {
  if (!citus_present()) return 0;
  return spi_int8_of(
      "SELECT pg_catalog.min(shardid) FROM pg_catalog.pg_dist_shard"
      " WHERE logicalrelid::pg_catalog.oid = $1",
      table);
}

int64 citus_reference_shard(Oid table) {
  if (!citus_present()) return 0;
  return spi_int8_of(
      "SELECT s.shardid FROM pg_catalog.pg_dist_shard s"
      "  JOIN pg_catalog.pg_dist_partition p ON p.logicalrelid = s.logicalrelid"
      " WHERE p.logicalrelid::pg_catalog.oid = $1 AND p.partmethod = 'n' AND p.repmodel = 't'",
      table);
}

bool citus_shard_transfer_worker() {
  if (!IsLogicalWorker() || MySubscription == nullptr) return false;
  const char *owner = GetUserNameFromId(MySubscription->owner, true);
  const auto starts = [](const char *s, const char *prefix) {
    return s != nullptr && strncmp(s, prefix, strlen(prefix)) == 0;
  };
  return (starts(MySubscription->name, "citus_shard_move_subscription_") &&
          starts(owner, "citus_shard_move_subscription_role_")) ||
         (starts(MySubscription->name, "citus_shard_split_subscription_") &&
          starts(owner, "citus_shard_split_subscription_role_"));
}

bool citus_placement_here(int64 shard) {
  if (!citus_present()) return false;
  Oid types[1] = {INT8OID};
  Datum args[1] = {Int64GetDatum(shard)};
  return spi_int8(
             "SELECT 1::pg_catalog.int8 FROM pg_catalog.pg_dist_placement p"
             "  JOIN pg_catalog.pg_dist_local_group g ON g.groupid = p.groupid"
             " WHERE p.shardid = $1",
             1, types, args) != 0;
}

namespace {

emit_log_hook_type previous_emit_log_hook = nullptr;

// An error raised on a shard of a clinic table names the shard and its constraint
// (allergies_102051, allergies_severity_check_102051): the logical names go to the client
// instead, the coordinator's relay included (Citus passes on the worker's message). Rewritten in
// place without a catalog lookup: this runs while the error is being reported. Only errors that
// name a table of schema clinic that is named as a shard is, where Citus is loaded (its setting
// defined, not a placeholder). The server log keeps the shard's name (detail_log).
void logical_names(ErrorData *e) {
  if (e->elevel >= ERROR && e->schema_name != nullptr && strcmp(e->schema_name, "clinic") == 0 &&
      e->table_name != nullptr && shard_names::suffix(e->table_name) != nullptr) {
    // Citus defines citus.node_conninfo superuser-only; a placeholder (SET by anyone where Citus
    // is not loaded) is no such setting, and a missing one has no flags.
    const int flags = GetConfigOptionFlags("citus.node_conninfo", true);
    if ((flags & GUC_SUPERUSER_ONLY) != 0 && (flags & GUC_CUSTOM_PLACEHOLDER) == 0) {
      if (e->detail_log == nullptr) {
        MemoryContext caller = MemoryContextSwitchTo(ErrorContext);
        e->detail_log = psprintf("Raised on shard clinic.%s.", e->table_name);
        MemoryContextSwitchTo(caller);
      }
      shard_names::strip(e->table_name);
      if (e->constraint_name != nullptr) shard_names::strip(e->constraint_name);
      if (e->message != nullptr) shard_names::strip_quoted(e->message);
      if (e->detail != nullptr) shard_names::strip_quoted(e->detail);
    }
  }
  if (previous_emit_log_hook != nullptr) previous_emit_log_hook(e);
}

}  // namespace

void install_logical_error_names() {
  previous_emit_log_hook = emit_log_hook;
  emit_log_hook = logical_names;
}

}  // namespace clinic::pg

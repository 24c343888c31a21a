// Reads one schema's catalog into a catalog::Schema: one query per catalog, each filtered by the
// namespace's OID (a parameter, never text), so the cost does not grow with per-object queries.
#include "pg/pg.hpp"

#include "audit/loader.hpp"
#include "audit/prisma.hpp"

#include "pg/access.hpp"
#include "pg/boundary.hpp"
#include "audit/scan.hpp"
#include "pg/internals/jsonb.hpp"
#include "pg/compat.hpp"
#include "pg/datum.hpp"
#include "core/audit/checks.hpp"
#include "pg/spi.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <string>
#include <vector>

extern "C" {
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/guc.h"
#include "utils/rls.h"
#include "utils/syscache.h"
#include "utils/fmgroids.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/resowner.h"
}

namespace clinic {
namespace {

// The result of one SPI query, read in binary: each row is deformed once (no allocation, no
// output functions), and values are interpreted by column type. Columns are oid, int2, int4,
// int8, bool, "char", name, text or int2[]; valid until the next query.
class Rows {
 public:
  Rows(const char *sql, Oid nsp) {
    Oid types[1] = {OIDOID};
    Datum values[1] = {ObjectIdGetDatum(nsp)};
    pg_guard([sql, &types, &values] {
      if (SPI_execute_with_args(sql, 1, types, values, nullptr, true, 0) != SPI_OK_SELECT)
        elog(ERROR, "catalog query failed: %s", sql);
    });
    table_ = SPI_tuptable;
    count_ = SPI_processed;
    const int n = table_->tupdesc->natts;
    types_.resize(n);
    for (int i = 0; i < n; ++i) types_[i] = TupleDescAttr(table_->tupdesc, i)->atttypid;
    values_.resize(n);
    nulls_.reset(new bool[n]);
  }
  uint64 size() const { return count_; }
  bool null(uint64 row, int col) const { return load(row), nulls_[col - 1]; }
  std::string text(uint64 row, int col) const {
    const Datum d = value(row, col);
    if (nulls_[col - 1]) return {};
    switch (types_[col - 1]) {
      case NAMEOID:
        return NameStr(*DatumGetName(d));
      case CHAROID:
        return std::string(1, DatumGetChar(d));
      case TEXTOID:
      case VARCHAROID: {
        const varlena *v = reinterpret_cast<const varlena *>(DatumGetPointer(d));
        if (VARATT_IS_EXTENDED(v))  // compressed or out of line: detoast, which allocates
          v = pg_guard([d] {
            return pg_detoast_datum_packed(reinterpret_cast<varlena *>(DatumGetPointer(d)));
          });
        return std::string(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
      }
      default:
        return std::to_string(integer(row, col));
    }
  }
  // A jsonb column as a value, read from its binary form; nullopt for NULL.
  std::optional<json::Value> json(uint64 row, int col) const {
    const Datum d = value(row, col);
    if (nulls_[col - 1]) return std::nullopt;
    return jsonb_to_value(d);
  }
  std::optional<std::string> opt(uint64 row, int col) const {
    if (null(row, col)) return std::nullopt;
    return text(row, col);
  }
  int64_t integer(uint64 row, int col) const {
    const Datum d = value(row, col);
    if (nulls_[col - 1]) return 0;
    switch (types_[col - 1]) {
      case INT8OID:
        return DatumGetInt64(d);
      case INT4OID:
        return DatumGetInt32(d);
      case INT2OID:
        return DatumGetInt16(d);
      case OIDOID:
        return DatumGetObjectId(d);
      case BOOLOID:
        return DatumGetBool(d);
      default:
        throw Error(ERRCODE_INTERNAL_ERROR,
                    "catalog column " + std::to_string(col) + " is not a number");
    }
  }
  bool boolean(uint64 row, int col) const { return integer(row, col) != 0; }
  Oid oid(uint64 row, int col) const { return static_cast<Oid>(integer(row, col)); }
  // An int2[] column (cast int2vector to int2[] in the query).
  catalog::AttNums ints(uint64 row, int col) const {
    const Datum d = value(row, col);
    catalog::AttNums out;
    if (nulls_[col - 1]) return out;
    if (types_[col - 1] != INT2ARRAYOID)
      throw Error(ERRCODE_INTERNAL_ERROR,
                  "catalog column " + std::to_string(col) + " is not int2[]");
    int2_array(d, &out);
    return out;
  }

 private:
  void load(uint64 row) const {
    if (row == loaded_) return;
    heap_deform_tuple(table_->vals[row], table_->tupdesc, values_.data(), nulls_.get());
    loaded_ = row;
  }
  Datum value(uint64 row, int col) const {
    load(row);
    return values_[col - 1];
  }

  SPITupleTable *table_;
  uint64 count_;
  std::vector<Oid> types_;
  mutable std::vector<Datum> values_;
  mutable std::unique_ptr<bool[]> nulls_;
  mutable uint64 loaded_ = UINT64_MAX;
};

// The baseline: for the extension's own schema the manifest, else the newest recorded one; only
// what the caller may read (privileges are checked before the call: an EXECUTE check happens
// when a query starts, even in a branch that never runs).
const char *kBaselineAccessSql = R"sql(
SELECT pg_catalog.has_function_privilege('clinic._manifest()', 'EXECUTE'),
       pg_catalog.has_table_privilege('clinic_audit.baselines', 'SELECT'),
       pg_catalog.has_table_privilege('clinic_audit.suppressions', 'SELECT'), $1 IS NOT NULL,
       -- New in 1.2: the library may run before ALTER EXTENSION UPDATE has made it.
       COALESCE(pg_catalog.has_table_privilege(pg_catalog.to_regclass('clinic_audit.repositories'), 'SELECT'), false))sql";
// The repository's migrations as last recorded for the schema, with when and by whom (none: no
// row).
const char *kRepositorySql = R"sql(
SELECT pg_catalog.to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), r.recorded_by, m
  FROM (SELECT * FROM clinic_audit.repositories r
         WHERE r.schema_name = (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = $1)
         ORDER BY r.recorded_at DESC LIMIT 1) r
  LEFT JOIN LATERAL pg_catalog.unnest(r.migrations) m ON true)sql";
// The distributed form's manifest (chosen once Citus has distributed the schema) holds the
// claims: the label says which of the two the schema was judged by.
const char *kManifestSql = R"sql(
SELECT m.manifest,
       CASE WHEN m.manifest OPERATOR(pg_catalog.->) 'tables' OPERATOR(pg_catalog.?) 'mrn_claims'
            THEN 'distributed form''s manifest of clinic ' ELSE 'manifest of clinic ' END
       OPERATOR(pg_catalog.||) e.extversion
  FROM pg_catalog.pg_extension e, LATERAL (SELECT clinic._manifest() AS manifest) m
 WHERE e.extname = 'clinic' AND $1 IS NOT NULL)sql";
const char *kRecordedBaselineSql = R"sql(
SELECT b.snapshot,
       'baseline of ' || pg_catalog.to_char(b.taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' by ' || b.taken_by
  FROM clinic_audit.baselines b
 WHERE b.schema_name = (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = $1)
 ORDER BY b.taken_at DESC LIMIT 1)sql";

const char *kSuppressionsSql = R"sql(
SELECT x.check_id, x.object_name, x.reason, x.expires_on::text, x.created_by, x.expires_on < CURRENT_DATE
  FROM clinic_audit.suppressions x
 WHERE x.schema_name = (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = $1)
 ORDER BY x.check_id, x.object_name)sql";

// Citus keeps shard relations (<table>_<shardid>) in the same schema: they are not the schema.
const char *kCitusShardsSql = R"sql(
SELECT l.relname::text || '_' || s.shardid
  FROM pg_catalog.pg_dist_shard s JOIN pg_catalog.pg_class l ON l.oid = s.logicalrelid
 WHERE $1 IS NOT NULL)sql";

// A Citus table's rows are in its shards, on the nodes: its own heap is empty, or holds the rows
// it had before distribution. Its statistics and sizes are its shards', read on every node
// (run_command_on_all_nodes, whose connections see shards) and added up; one copy's for a
// reference table, whose every node holds all rows. A node counts the shards it holds a
// placement of, found by shard_name() (Citus's own naming, long names included) among the
// schema's relations. The text run on the nodes qualifies every operator, function and type:
// it runs under the node's default search_path, which the database's owner sets. A last row
// (tbl NULL) says what is missing: a node that did not answer, or fewer placements answered for
// than the node called knows.
const char *kCitusStatisticsSql = R"sql(
WITH node AS MATERIALIZED (
  SELECT r.nodeid, r.success, r.result
    FROM pg_catalog.pg_namespace n,
         pg_catalog.run_command_on_all_nodes(pg_catalog.format($q$
WITH here AS (
  SELECT s.logicalrelid AS logical, s.shardid
    FROM pg_catalog.pg_dist_shard s
    JOIN pg_catalog.pg_dist_placement p ON p.shardid OPERATOR(pg_catalog.=) s.shardid
    JOIN pg_catalog.pg_class l ON l.oid OPERATOR(pg_catalog.=) s.logicalrelid
    JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) l.relnamespace
   WHERE n.nspname OPERATOR(pg_catalog.=) %1$L
     AND p.groupid OPERATOR(pg_catalog.=) (SELECT g.groupid FROM pg_catalog.pg_dist_local_group g)),
rel AS (
  SELECT c.oid, c.relkind, c.relpages, c.reltuples, c.reltoastrelid,
         pg_catalog.concat(pg_catalog.quote_ident(n.nspname), '.', pg_catalog.quote_ident(c.relname)) AS qualified
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
   WHERE n.nspname OPERATOR(pg_catalog.=) %1$L)
SELECT COALESCE(pg_catalog.json_agg(x), '[]') FROM (
  SELECT l.relname AS tbl, NULL::pg_catalog.text AS idx, pg_catalog.count(*) AS shards,
         pg_catalog.sum(GREATEST(c.reltuples::pg_catalog.float8, 0)) AS tuples,
         pg_catalog.bool_or(c.reltuples OPERATOR(pg_catalog.>=) 0) AS analyzed,
         pg_catalog.sum(c.relpages) AS heap_pages,
         pg_catalog.sum(COALESCE(t.relpages, 0)) AS toast_pages,
         pg_catalog.sum(pg_catalog.pg_stat_get_live_tuples(c.oid)) AS live,
         pg_catalog.sum(pg_catalog.pg_stat_get_dead_tuples(c.oid)) AS dead,
         NULL::pg_catalog.int8 AS scans
    FROM here h
    JOIN pg_catalog.pg_class l ON l.oid OPERATOR(pg_catalog.=) h.logical
    JOIN rel c ON c.qualified OPERATOR(pg_catalog.=) pg_catalog.shard_name(h.logical, h.shardid, false)
              AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}'::pg_catalog."char"[])
    LEFT JOIN pg_catalog.pg_class t ON t.oid OPERATOR(pg_catalog.=) c.reltoastrelid
   GROUP BY l.relname
  UNION ALL
  SELECT l.relname, li.relname, pg_catalog.count(*), NULL, NULL, pg_catalog.sum(ci.relpages), NULL,
         NULL, NULL, pg_catalog.sum(pg_catalog.pg_stat_get_numscans(ci.oid))
    FROM here h
    JOIN pg_catalog.pg_class l ON l.oid OPERATOR(pg_catalog.=) h.logical
    JOIN pg_catalog.pg_index x ON x.indrelid OPERATOR(pg_catalog.=) h.logical
    JOIN pg_catalog.pg_class li ON li.oid OPERATOR(pg_catalog.=) x.indexrelid
    JOIN rel ci ON ci.qualified OPERATOR(pg_catalog.=) pg_catalog.shard_name(x.indexrelid, h.shardid, false)
               AND ci.relkind OPERATOR(pg_catalog.=) ANY ('{i,I}'::pg_catalog."char"[])
   GROUP BY l.relname, li.relname) x$q$, n.nspname)) r
   WHERE n.oid = $1
     AND EXISTS (SELECT FROM pg_catalog.pg_dist_partition d JOIN pg_catalog.pg_class c ON c.oid = d.logicalrelid
                  WHERE c.relnamespace = $1)),
part AS (
  SELECT x.* FROM node,
         pg_catalog.json_to_recordset(CASE WHEN node.success THEN node.result::json ELSE '[]' END)
           AS x(tbl text, idx text, shards int8, tuples float8, analyzed bool, heap_pages int8,
                toast_pages int8, live int8, dead int8, scans int8)),
placements AS (
  SELECT l.relname AS tbl, pg_catalog.count(*) AS expected
    FROM pg_catalog.pg_dist_placement p
    JOIN pg_catalog.pg_dist_shard s ON s.shardid = p.shardid
    JOIN pg_catalog.pg_class l ON l.oid = s.logicalrelid
   WHERE l.relnamespace = $1 AND EXISTS (SELECT FROM node)
   GROUP BY l.relname),
problem AS (
  SELECT pg_catalog.concat('node ', node.nodeid, ': ', node.result) AS what FROM node WHERE NOT node.success
  UNION ALL
  SELECT pg_catalog.concat('table ', e.tbl, ': ', COALESCE(f.shards, 0), ' of ', e.expected,
                           ' shard placements answered for')
    FROM placements e
    LEFT JOIN (SELECT p.tbl, pg_catalog.sum(p.shards) AS shards FROM part p WHERE p.idx IS NULL GROUP BY p.tbl) f
           ON f.tbl = e.tbl
   WHERE f.shards IS DISTINCT FROM e.expected)
SELECT p.tbl, p.idx,
       (CASE WHEN d.partmethod = 'n' THEN pg_catalog.max(p.tuples) ELSE pg_catalog.sum(p.tuples) END)::int8,
       pg_catalog.bool_or(p.analyzed),
       CASE WHEN d.partmethod = 'n' THEN pg_catalog.max(p.heap_pages) ELSE pg_catalog.sum(p.heap_pages) END::int8,
       CASE WHEN d.partmethod = 'n' THEN pg_catalog.max(p.toast_pages) ELSE pg_catalog.sum(p.toast_pages) END::int8,
       CASE WHEN d.partmethod = 'n' THEN pg_catalog.max(p.live) ELSE pg_catalog.sum(p.live) END::int8,
       CASE WHEN d.partmethod = 'n' THEN pg_catalog.max(p.dead) ELSE pg_catalog.sum(p.dead) END::int8,
       pg_catalog.sum(p.scans)::int8, NULL
  FROM part p
  JOIN pg_catalog.pg_class l ON l.relnamespace = $1 AND l.relname = p.tbl
  JOIN pg_catalog.pg_dist_partition d ON d.logicalrelid = l.oid
 GROUP BY p.tbl, p.idx, d.partmethod
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, pg_catalog.string_agg(problem.what, '; ')
  FROM problem HAVING pg_catalog.count(*) > 0)sql";

// The WHEN clause has no deparser of its own: it is cut from pg_get_triggerdef (triggers are few).
const char *kTriggersSql = R"sql(
SELECT t.tgrelid, t.tgname, t.tgfoid::pg_catalog.regprocedure::text, t.tgenabled, t.tgtype,
       t.tgattr::pg_catalog.int2[],
       CASE WHEN t.tgqual IS NOT NULL
            THEN pg_catalog.substring(pg_catalog.pg_get_triggerdef(t.oid), ' WHEN \((.*)\) EXECUTE ') END,
       pg_catalog.pg_get_userbyid(p.proowner),
       COALESCE(e.extname = 'clinic', false),
       -- Another extension's function only when a superuser owns it (kFunctionsSql says why).
       e.extname IS NOT NULL AND COALESCE((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = p.proowner), false)
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
  LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid
        AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
  LEFT JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
 WHERE c.relnamespace = $1 AND NOT t.tgisinternal
 ORDER BY t.tgrelid, t.tgname)sql";

const char *kPoliciesSql = R"sql(
SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive,
       (SELECT pg_catalog.string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r) END, ',')
          FROM pg_catalog.unnest(p.polroles) r),
       pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
  FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
 WHERE c.relnamespace = $1 ORDER BY 1, 2)sql";

const char *kEnumsSql = R"sql(
SELECT t.typname, e.enumlabel, d.description
  FROM pg_catalog.pg_type t
  LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
  LEFT JOIN pg_catalog.pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_type'::regclass
 WHERE t.typnamespace = $1 AND t.typtype = 'e'
 ORDER BY t.typname, e.enumsortorder)sql";

// The extension a function belongs to, only when a superuser owns the function: the owner of a
// trusted extension (any role with CREATE on the database) may add functions of its own to it,
// which would then pass for the extension's and leave the function lints.
const char *kFunctionsSql = R"sql(
SELECT p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', p.proname, l.lanname, p.provolatile, p.prosecdef,
       EXISTS (SELECT FROM pg_catalog.unnest(p.proconfig) cfg WHERE cfg LIKE 'search\_path=%'),
       p.proacl IS NULL OR EXISTS (SELECT FROM pg_catalog.aclexplode(p.proacl) g
                                    WHERE g.grantee = 0 AND g.privilege_type = 'EXECUTE'),
       p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype, d.description, p.oid,
       CASE WHEN l.lanname IN ('sql', 'plpgsql') THEN l.lanvalidator ELSE 0 END,
       (SELECT e.extname FROM pg_catalog.pg_depend x JOIN pg_catalog.pg_extension e ON e.oid = x.refobjid
         WHERE x.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND x.objid = p.oid
           AND x.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND x.deptype = 'e'
           AND (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = p.proowner))
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  LEFT JOIN pg_catalog.pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_catalog.pg_proc'::regclass
 WHERE p.pronamespace = $1 AND p.prokind IN ('f', 'p')
 ORDER BY 1)sql";

const char *kContextSql = R"sql(
SELECT pg_catalog.current_setting('server_version_num')::int,
       EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus'),
       -- The versions only when the target is the extension's schema: listing them reads every
       -- extension's control file.
       e.extversion, a.default_version,
       (SELECT pg_catalog.string_agg(v.version, ',' ORDER BY v.version)
          FROM pg_catalog.pg_available_extension_versions v WHERE v.name = 'clinic' AND e.oid IS NOT NULL),
       CASE WHEN e.oid IS NOT NULL THEN e.extversion = a.default_version OR EXISTS (
           SELECT FROM pg_catalog.pg_extension_update_paths('clinic') p
            WHERE p.source = e.extversion AND p.target = a.default_version AND p.path IS NOT NULL) END,
       pg_catalog.current_setting('track_counts')::bool
  FROM (SELECT 1) one
  LEFT JOIN pg_catalog.pg_extension e ON e.extname = 'clinic' AND e.extnamespace = $1
  LEFT JOIN LATERAL (SELECT x.default_version FROM pg_catalog.pg_available_extensions x
                      WHERE x.name = 'clinic' AND e.oid IS NOT NULL) a ON true)sql";

// The schema's sequences; last_value only where the caller may read it (as pg_sequences).
const char *kSequencesSql = R"sql(
SELECT c.relname, pg_catalog.format_type(s.seqtypid, NULL), s.seqmin, s.seqmax, s.seqincrement,
       s.seqcycle,
       CASE WHEN pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE')
            THEN pg_catalog.pg_sequence_last_value(c.oid) END
  FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
 WHERE c.relnamespace = $1
 ORDER BY c.relname)sql";

// Extensions installed into the schema, other than the one whose schema it is.
// Per table analyzed whole: the average row's width (pg_stats shows the auditor only the columns
// it may read; a table with any column unmeasured or hidden is left out) and its fillfactor.
const char *kRowWidthsSql = R"sql(
SELECT c.oid, pg_catalog.sum(s.avg_width)::bigint,
       coalesce((SELECT pg_catalog.substr(o, 12)::int FROM pg_catalog.unnest(c.reloptions) o
                  WHERE o LIKE 'fillfactor=%'), 100)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND NOT s.inherited
 WHERE c.relnamespace = $1 AND c.relkind = 'r'
 GROUP BY c.oid
HAVING pg_catalog.count(*) = (SELECT pg_catalog.count(*) FROM pg_catalog.pg_attribute a
                               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))sql";

const char *kExtensionsHereSql = R"sql(
SELECT e.extname::text || ' ' || e.extversion
  FROM pg_catalog.pg_extension e
 WHERE e.extnamespace = $1
   AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = $1
                      AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                      AND d.refobjid = e.oid AND d.deptype = 'e')
   AND NOT (e.extname = 'clinic')
 ORDER BY 1)sql";

// Values of a password-like column that are not a recognised hash (bcrypt, argon2, scrypt,
// PBKDF2, crypt(3) SHA, SCRAM, hex SHA-256) nor empty. %s: the schema-qualified, quoted table
// and column.
// Each value is read through its type's output function (format's %s), never a cast: a cast
// from the column's type may be the schema owner's code. ONLY: a child may be a foreign table.
// COLLATE "C": a regular expression fails under a nondeterministic collation.
const char *kPlaintextSql =
    "SELECT pg_catalog.count(*) FROM ONLY %s WHERE %s IS NOT NULL AND pg_catalog.format('%%s', %s) "
    "COLLATE pg_catalog.\"C\" OPERATOR(pg_catalog.!~) "
    "'^(\\$2[abxy]\\$|\\$argon2|\\$scrypt\\$|\\$pbkdf2|\\$[56]\\$|SCRAM-SHA-256\\$|[0-9a-f]{64}$|$)"
    "'";

// The error a language validator raises on a function's body (palloc'd in the caller's
// context), or NULL when it compiles. *checked is false when the caller may not use the
// validator on it (no USAGE on the language or no EXECUTE on the function). Analysing a body
// can run code its owner chose (a domain's CHECK on a constant), so the validator runs as
// PostgreSQL's maintenance commands run index expressions: as the function's owner, inside a
// security-restricted operation with its own GUC level, in a subtransaction that is always
// rolled back. A cancel or a shutdown is raised again. Owns no C++ object: it longjmps.
char *validation_error(Oid validator, Oid function, bool *checked) {
  HeapTuple tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(function));
  if (!HeapTupleIsValid(tup)) elog(ERROR, "cache lookup failed for function %u", function);
  const Oid function_owner = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tup))->proowner;
  const Oid language = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tup))->prolang;
  ReleaseSysCache(tup);
  const bool allowed =
      pg::object_aclcheck(LanguageRelationId, language, GetUserId(), ACL_USAGE) == ACLCHECK_OK &&
      pg::object_aclcheck(ProcedureRelationId, function, GetUserId(), ACL_EXECUTE) == ACLCHECK_OK;
  if (!allowed) {
    *checked = false;
    return nullptr;
  }
  MemoryContext caller = CurrentMemoryContext;
  ResourceOwner owner = CurrentResourceOwner;
  char *volatile message = nullptr;
  volatile bool ok = true;
  Oid saved_user;
  int saved_context;
  GetUserIdAndSecContext(&saved_user, &saved_context);
  BeginInternalSubTransaction(nullptr);
  MemoryContextSwitchTo(caller);
  PG_TRY();
  {
    SetUserIdAndSecContext(function_owner, saved_context | SECURITY_RESTRICTED_OPERATION);
    const int nest = NewGUCNestLevel();
    OidFunctionCall1(validator, ObjectIdGetDatum(function));
    AtEOXact_GUC(false, nest);
    SetUserIdAndSecContext(saved_user, saved_context);
    RollbackAndReleaseCurrentSubTransaction();  // whatever the analysis did is undone
  }
  PG_CATCH();
  {
    MemoryContextSwitchTo(caller);
    ErrorData *e = CopyErrorData();
    FlushErrorState();
    RollbackAndReleaseCurrentSubTransaction();
    MemoryContextSwitchTo(caller);
    CurrentResourceOwner = owner;
    if (e->sqlerrcode == ERRCODE_QUERY_CANCELED || e->sqlerrcode == ERRCODE_ADMIN_SHUTDOWN ||
        e->sqlerrcode == ERRCODE_OUT_OF_MEMORY)
      ReThrowError(e);
    if (e->sqlerrcode == ERRCODE_INSUFFICIENT_PRIVILEGE)
      ok = false;
    else
      message = pstrdup(e->message ? e->message : "error");
    FreeErrorData(e);
  }
  PG_END_TRY();
  MemoryContextSwitchTo(caller);
  CurrentResourceOwner = owner;
  SetUserIdAndSecContext(saved_user, saved_context);  // the rollback restored it; said twice
  *checked = ok;
  return message;
}

// Placeholder text, whole-value: test, test123, asdf, qwerty, foo, bar, baz, xxx, dummy,
// sample, placeholder, lorem..., n/a, tbd, todo, changeme (case-insensitive).
constexpr int64_t kPlaceholderScanLimit = 100000;
const char *kPlaceholderPattern =
    "'^\\s*(test[0-9]*|asdf+|qwerty|foo|bar|baz|x{3,}|dummy|sample|placeholder|lorem.*|n/"
    "a|tbd|todo|changeme)\\s*$'";

catalog::Trigger decode_trigger(int type) {
  catalog::Trigger t;
  t.row_level = type & 1;
  t.before = type & 2;
  t.on_insert = type & 4;
  t.on_delete = type & 8;
  t.on_update = type & 16;
  t.on_truncate = type & 32;
  return t;
}

}  // namespace

namespace {

// The statistics and sizes of the schema's Citus tables and their indexes, from their shards
// (kCitusStatisticsSql), in place of the node's own. A node that does not answer leaves them as
// they were, with a WARNING: a sum without its shards would claim rows are missing.
void citus_statistics(catalog::Schema &s, Oid nsp) {
  // Only where Citus's objects are (its extension row alone does not make them).
  const Rows ready(
      "SELECT pg_catalog.to_regprocedure("
      "'pg_catalog.run_command_on_all_nodes(text,boolean,boolean)') IS NOT NULL AND "
      "pg_catalog.to_regprocedure('pg_catalog.shard_name(regclass,bigint,boolean)') IS NOT NULL "
      "AND pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL AND "
      "pg_catalog.to_regclass('pg_catalog.pg_dist_placement') IS NOT NULL AND "
      "pg_catalog.to_regclass('pg_catalog.pg_dist_local_group') IS NOT NULL AND $1 IS NOT NULL",
      nsp);
  if (!ready.boolean(0, 1)) return;
  Rows r(kCitusStatisticsSql, nsp);
  std::map<std::string, catalog::Table *> tables;
  for (catalog::Table &t : s.tables) tables.emplace(t.name, &t);
  for (uint64 i = 0; i < r.size(); ++i)
    if (r.null(i, 1)) {
      const std::string failed = r.text(i, 10);
      const char *message = failed.c_str();
      pg_guard([message] {
        ereport(WARNING,
                (errmsg("clinic.audit: the sizes and statistics of Citus tables are this node's "
                        "own: their shards did not all answer"),
                 errdetail("%s", message)));
      });
      return;
    }
  std::map<catalog::Table *, int64_t> heap_and_toast;  // bytes, of the tables answered for
  for (uint64 i = 0; i < r.size(); ++i) {
    auto it = tables.find(r.text(i, 1));
    if (it == tables.end()) continue;
    catalog::Table &t = *it->second;
    if (r.null(i, 2)) {
      t.estimated_rows = r.boolean(i, 4) ? r.integer(i, 3) : -1;
      t.row_width.reset();  // the logical table's pg_stats are not its shards' (table.bloat)
      t.heap_bytes = r.integer(i, 5) * BLCKSZ;
      heap_and_toast[&t] = (r.integer(i, 5) + r.integer(i, 6)) * BLCKSZ;
      if (t.live_rows >= 0) t.live_rows = r.integer(i, 7);  // when statistics are collected
      if (t.dead_rows >= 0) t.dead_rows = r.integer(i, 8);
      continue;
    }
    const std::string index = r.text(i, 2);
    for (catalog::Index &x : t.indexes)
      if (x.name == index) {
        x.size_bytes = r.integer(i, 5) * BLCKSZ;
        if (x.scans) x.scans = r.integer(i, 9);
      }
  }
  for (auto &[t, bytes] : heap_and_toast) {  // with its indexes, as scan_indexes counts them
    t->size_bytes = bytes;
    for (const catalog::Index &x : t->indexes) t->size_bytes += x.size_bytes;
  }
}

// What the schema is, for the profile: the server, Citus, clinic's extension when this is its
// schema, Prisma's migration table (*prisma: its OID when it reads safely, locked). Returns
// whether statistics were ever collected.
bool load_identity(Oid nsp, catalog::Schema &s, Oid *prisma = nullptr) {
  Rows r(kContextSql, nsp);
  s.server_version_num = static_cast<int>(r.integer(0, 1));
  s.citus_present = r.boolean(0, 2);
  if (!r.null(0, 3)) {
    catalog::ExtensionInfo e;
    e.installed_version = r.text(0, 3);
    e.default_version = r.text(0, 4);
    std::string versions = r.text(0, 5);
    for (size_t start = 0, comma; start <= versions.size(); start = comma + 1) {
      comma = versions.find(',', start);
      if (comma == std::string::npos) comma = versions.size();
      if (comma > start) e.available_versions.push_back(versions.substr(start, comma - start));
    }
    e.update_path_to_default = r.boolean(0, 6);
    e.library_version = CLINIC_VERSION;
    s.clinic_extension = e;
  }
  const bool statistics_collected = r.boolean(0, 7);
  const PrismaTable table = find_prisma_table(nsp);
  s.has_prisma_migrations = OidIsValid(table.relid);
  s.prisma_migrations_present = table.present;
  s.prisma_migrations_unreadable = table.unreadable;
  if (prisma) *prisma = table.relid;
  return statistics_collected;
}

}  // namespace

catalog::Schema load_schema_identity(Oid nsp) {
  catalog::Schema s;
  s.name = readable_schema_name(nsp);
  spi::Connection spi;
  load_identity(nsp, s);
  return s;
}

catalog::Schema load_schema(Oid nsp, bool with_sql_definitions) {
  // A snapshot needs the schema's objects only: no baseline, suppressions, statistics or data.
  const bool for_snapshot = with_sql_definitions;
  catalog::Schema s;
  const char *nspname = readable_schema_name(nsp);
  s.name = nspname;

  spi::Connection spi;
  TableIndex table_index;
  std::vector<std::pair<Oid, Oid>> body_validators;  // per function: its OID, its validator
  Oid prisma = InvalidOid;
  const bool statistics_collected = load_identity(nsp, s, &prisma);
  if (!for_snapshot) {
    Rows access(kBaselineAccessSql, nsp);
    const bool manifest_readable = access.boolean(0, 1), baselines_readable = access.boolean(0, 2);
    const char *baseline_sql = s.clinic_extension && manifest_readable     ? kManifestSql
                               : !s.clinic_extension && baselines_readable ? kRecordedBaselineSql
                                                                           : nullptr;
    if (baseline_sql) {
      Rows r(baseline_sql, nsp);
      if (r.size() > 0) s.baseline = r.json(0, 1), s.baseline_source = r.text(0, 2);
    }
    with_sql_definitions = with_sql_definitions || s.baseline.has_value();
    if (s.has_prisma_migrations && access.boolean(0, 5)) {
      Rows r(kRepositorySql, nsp);
      if (r.size() > 0) {
        s.repository_migrations.emplace();
        s.repository_recorded = r.text(0, 1) + " by " + r.text(0, 2);
        for (uint64 i = 0; i < r.size(); ++i)
          if (!r.null(i, 3)) s.repository_migrations->push_back(r.text(i, 3));
      }
    }
    if (access.boolean(0, 3)) {
      Rows r(kSuppressionsSql, nsp);
      for (uint64 i = 0; i < r.size(); ++i)
        s.suppressions.push_back(
            {r.text(i, 1), r.opt(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5), r.boolean(i, 6)});
    }
  }
  std::set<std::string> citus_shards;
  if (s.citus_present) {
    Rows r(kCitusShardsSql, nsp);
    for (uint64 i = 0; i < r.size(); ++i) citus_shards.insert(r.text(i, 1));
  }
  // The big catalogs: one heap scan each, filtered here (src/audit/scan.cpp).
  IndexClasses index_classes = scan_relations(s, nsp, citus_shards, !for_snapshot, table_index);
  auto table_of = [&](const Rows &r, uint64 i) -> catalog::Table * {
    auto it = table_index.find(r.oid(i, 1));
    return it == table_index.end() ? nullptr : &s.tables[it->second];
  };
  // Row-level security that applies to the caller runs the table owner's policies on every
  // read: such a table is not readable whole, and its rows are left unread.
  for (catalog::Table &t : s.tables) {
    if (!t.rls_enabled || !t.readable) continue;
    const char *table_name = t.name.c_str();
    t.row_security_applies = pg_guard(
        [nsp, table_name] { return row_security_applies(get_relname_relid(table_name, nsp)); });
    t.readable = !t.row_security_applies;
  }
  scan_columns(s, table_index);
  const OidSet constraint_indexes = scan_constraints(s, table_index);
  scan_indexes(s, table_index, index_classes, constraint_indexes,
               statistics_collected && !for_snapshot, with_sql_definitions);
  if (s.citus_present && !for_snapshot) citus_statistics(s, nsp);
  {
    Rows r(kTriggersSql, nsp);
    for (uint64 i = 0; i < r.size(); ++i) {
      catalog::Table *t = table_of(r, i);
      if (!t) continue;
      catalog::Trigger tr = decode_trigger(static_cast<int>(r.integer(i, 5)));
      tr.name = r.text(i, 2);
      tr.function = r.text(i, 3);
      tr.enabled = r.text(i, 4)[0];
      tr.update_of = r.ints(i, 6);
      tr.when = r.opt(i, 7);
      tr.function_owner = r.text(i, 8);
      tr.clinic_function = r.boolean(i, 9);
      tr.extension_function = r.boolean(i, 10);
      t->triggers.push_back(std::move(tr));
    }
  }
  {
    // Table grants come from the pg_class scan, column grants from the pg_attribute scan. By
    // grantee, privilege, then column (the table-wide grant last), as bytes: the same order
    // whatever the database's collation.
    for (catalog::Table &t : s.tables)
      std::sort(t.grants.begin(), t.grants.end(),
                [](const catalog::Grant &x, const catalog::Grant &y) {
                  if (x.grantee != y.grantee) return x.grantee < y.grantee;
                  if (x.privilege != y.privilege) return x.privilege < y.privilege;
                  if (x.column.has_value() != y.column.has_value()) return x.column.has_value();
                  return x.column.value_or("") < y.column.value_or("");
                });
  }
  {
    Rows r(kPoliciesSql, nsp);
    for (uint64 i = 0; i < r.size(); ++i) {
      catalog::Table *t = table_of(r, i);
      if (!t) continue;
      catalog::Policy p;
      p.name = r.text(i, 2);
      const char cmd = r.text(i, 3)[0];
      p.command = cmd == 'r'   ? "SELECT"
                  : cmd == 'a' ? "INSERT"
                  : cmd == 'w' ? "UPDATE"
                  : cmd == 'd' ? "DELETE"
                               : "ALL";
      p.permissive = r.boolean(i, 4);
      const std::string roles = r.text(i, 5);
      for (size_t start = 0, comma; start < roles.size(); start = comma + 1) {
        comma = roles.find(',', start);
        if (comma == std::string::npos) comma = roles.size();
        p.roles.push_back(roles.substr(start, comma - start));
      }
      p.using_expr = r.opt(i, 6);
      p.check_expr = r.opt(i, 7);
      t->policies.push_back(std::move(p));
    }
  }
  {
    Rows r(kEnumsSql, nsp);
    for (uint64 i = 0; i < r.size(); ++i) {
      const std::string name = r.text(i, 1);
      if (s.enums.empty() || s.enums.back().name != name)
        s.enums.push_back({name, {}, r.opt(i, 3)});
      if (!r.null(i, 2)) s.enums.back().labels.push_back(r.text(i, 2));  // an enum may have none
    }
  }
  {
    Rows r(kFunctionsSql, nsp);
    for (uint64 i = 0; i < r.size(); ++i) {
      catalog::Function f;
      f.signature = r.text(i, 1);
      f.name = r.text(i, 2);
      f.language = r.text(i, 3);
      f.volatility = r.text(i, 4)[0];
      f.security_definer = r.boolean(i, 5);
      f.search_path_pinned = r.boolean(i, 6);
      f.public_execute = r.boolean(i, 7);
      f.is_trigger = r.boolean(i, 8);
      f.comment = r.opt(i, 9);
      f.extension = r.opt(i, 12);
      s.functions.push_back(std::move(f));
      body_validators.push_back({r.oid(i, 10), r.oid(i, 11)});
    }
  }
  if (for_snapshot) return s;
  // Do SQL and PL/pgSQL bodies still compile (a SQL body naming a dropped table, a PL/pgSQL body
  // created with check_function_bodies off)? Their language's validator says, in a
  // subtransaction; the audit runs with check_function_bodies on. Other languages' validators
  // are not called (C's would load the function's library).
  for (size_t k = 0; k < s.functions.size(); ++k) {
    const Oid function = body_validators[k].first, validator = body_validators[k].second;
    if (!OidIsValid(validator) || audit::foreign_extension_member(s, s.functions[k])) continue;
    bool checked = false;
    bool *checked_out = &checked;
    char *message = pg_guard([validator, function, checked_out] {
      return validation_error(validator, function, checked_out);
    });
    s.functions[k].body_checked = checked;
    if (message) s.functions[k].body_error = take_cstring(message);
  }
  {
    Rows r(kSequencesSql, nsp);
    for (uint64 i = 0; i < r.size(); ++i) {
      catalog::Sequence q;
      q.name = r.text(i, 1);
      q.type = r.text(i, 2);
      q.min = r.integer(i, 3);
      q.max = r.integer(i, 4);
      q.increment = r.integer(i, 5);
      q.cycle = r.boolean(i, 6);
      if (!r.null(i, 7)) q.last_value = r.integer(i, 7);
      s.sequences.push_back(std::move(q));
    }
  }
  if (!for_snapshot) {
    Rows r(kRowWidthsSql, nsp);
    for (uint64 i = 0; i < r.size(); ++i)
      if (catalog::Table *t = table_of(r, i)) {
        t->row_width = r.integer(i, 2);
        t->fillfactor = static_cast<int>(r.integer(i, 3));
      }
  }
  {
    Rows r(kExtensionsHereSql, nsp);
    for (uint64 i = 0; i < r.size(); ++i) s.extensions_here.push_back(r.text(i, 1));
  }
  if (s.has_prisma_migrations)
    for (PrismaRow &m : read_prisma_migrations(prisma, false))  // the checks read no log
      s.prisma_migrations.push_back({m.name.value_or(""),
                                     iso_utc(m.started_at),
                                     iso_utc(m.finished_at),
                                     iso_utc(m.rolled_back_at),
                                     m.applied_steps.value_or(0),
                                     {}});
  // Password-like columns: count values that are not hashes, where the caller may read them
  // whole (no row-level security applies: its policies are the owner's code). Plain tables
  // only: a partitioned table's partitions are read as tables of their own.
  for (catalog::Table &t : s.tables) {
    if (t.kind != 'r') continue;
    for (catalog::Column &c : t.columns) {
      if (audit::secret_kind(t, c) == audit::SecretKind::none) continue;
      const char *tname = t.name.c_str(), *cname = c.name.c_str();
      const bool readable = pg_guard([nspname, tname, cname] {
        const Oid relid = get_relname_relid(tname, get_namespace_oid(nspname, false));
        const AttrNumber att = get_attnum(relid, cname);
        return OidIsValid(relid) && att != InvalidAttrNumber && may_select_column(relid, att) &&
               !row_security_applies(relid);
      });
      if (!readable) continue;
      char *qualified =
          pg_guard([nspname, tname] { return quote_qualified_identifier(nspname, tname); });
      const char *qcol = pg_guard([cname] { return quote_identifier(cname); });
      char sql[1024];
      std::snprintf(sql, sizeof sql, kPlaintextSql, qualified, qcol, qcol);
      std::string q = std::string(sql) + " AND $1 IS NOT NULL";
      Rows r(q.c_str(), nsp);
      c.non_hash_values = r.integer(0, 1);
    }
  }
  // Placeholder values in the text columns of PHI tables small enough to scan (a seed-data
  // check: a production-sized table is left to the validator). Columns of pg_catalog's text
  // and varchar only, by OID: the operator then needs no cast.
  const std::vector<std::string> phi = audit::phi_reasons(s);
  for (size_t i = 0; i < s.tables.size(); ++i) {
    catalog::Table &t = s.tables[i];
    if (t.kind != 'r' || !t.readable || phi[i].empty()) continue;
    if (std::max(t.estimated_rows, t.live_rows) > kPlaceholderScanLimit) continue;
    std::string select;
    std::vector<catalog::Column *> scanned;
    for (catalog::Column &c : t.columns) {
      if (c.type_oid != TEXTOID && c.type_oid != VARCHAROID) continue;
      const char *cname = c.name.c_str();
      const char *q = pg_guard([cname] { return quote_identifier(cname); });
      // COLLATE "C": a regular expression fails under a nondeterministic collation.
      select += std::string(select.empty() ? "" : ", ") + "pg_catalog.count(*) FILTER (WHERE " + q +
                " COLLATE pg_catalog.\"C\" OPERATOR(pg_catalog.~*) " + kPlaceholderPattern + ")";
      scanned.push_back(&c);
    }
    if (scanned.empty()) continue;
    const char *tname = t.name.c_str();
    const char *qualified =
        pg_guard([nspname, tname] { return quote_qualified_identifier(nspname, tname); });
    const std::string sql =
        "SELECT " + select + " FROM ONLY " + qualified + " WHERE $1 IS NOT NULL";
    Rows r(sql.c_str(), nsp);
    for (size_t k = 0; k < scanned.size(); ++k)
      scanned[k]->placeholder_values = r.integer(0, static_cast<int>(k) + 1);
  }
  return s;
}

}  // namespace clinic

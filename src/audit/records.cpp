// clinic.audit_baseline(target), clinic.audit_record(target, profile) and
// clinic.audit_repository(target, migrations): the audit's records in schema
// clinic_audit. The snapshot and the audit run as the caller (they read the target with the
// caller's rights); the row is then inserted as the extension's owner, because no role may
// write those tables directly: a forged baseline would decide what later audits call drift.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "pg/role.hpp"
#include "audit/loader.hpp"
#include "pg/datum.hpp"
#include "pg/extension.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace {

// Runs `compute` (a query of $1, the target, and $2, an argument of type arg_type, NULL when
// arg_null, giving the row's values after the schema name) as the caller, then `insert` ($1: the
// caller's name, $2..: those values) as the extension's owner, in a security-restricted
// operation; returns column 1 of the insert's RETURNING. C-style: no C++ objects, so an ERROR
// unwinds through here cleanly (the transaction's abort restores the user).
Datum record(Oid target, const char *compute, const char *insert, Oid result_type,
             Oid arg_type = TEXTOID, Datum arg = 0, bool arg_null = true) {
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  Oid arg_types[2] = {OIDOID, arg_type};
  Datum args[2] = {ObjectIdGetDatum(target), arg};
  const char *arg_nulls = arg_null ? " n" : "  ";
  if (SPI_execute_with_args(compute, 2, arg_types, args, arg_nulls, false, 1) != SPI_OK_SELECT ||
      SPI_processed != 1)
    elog(ERROR, "could not compute the audit record");
  SPITupleTable *computed = SPI_tuptable;
  const int n = computed->tupdesc->natts;
  Oid *types = static_cast<Oid *>(palloc(sizeof(Oid) * (n + 1)));
  Datum *values = static_cast<Datum *>(palloc(sizeof(Datum) * (n + 1)));
  char *nulls = static_cast<char *>(palloc(n + 1));
  types[0] = TEXTOID;
  values[0] = CStringGetTextDatum(GetUserNameFromId(GetUserId(), false));
  nulls[0] = ' ';
  for (int i = 0; i < n; ++i) {
    bool isnull;
    types[i + 1] = SPI_gettypeid(computed->tupdesc, i + 1);
    values[i + 1] = SPI_getbinval(computed->vals[0], computed->tupdesc, i + 1, &isnull);
    nulls[i + 1] = isnull ? 'n' : ' ';
  }
  clinic::pg::as_role(clinic::extension_owner(), [insert, n, types, values, nulls]() noexcept {
    if (SPI_execute_with_args(insert, n + 1, types, values, nulls, false, 1) !=
            SPI_OK_INSERT_RETURNING ||
        SPI_processed != 1)
      elog(ERROR, "could not insert the audit record");
  });
  bool isnull;
  Datum result = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
  result = SPI_datumTransfer(result, get_typbyval(result_type), get_typlen(result_type));
  SPI_finish();
  return result;
}

}  // namespace

CLINIC_FUNCTION(clinic_audit_baseline) {
  const Oid target = clinic::target_schema_arg(fcinfo, 0);
  clinic::readable_schema_name(target);
  return clinic::pg_guard([target] {
    return record(target,
                  "SELECT n.nspname, clinic.schema_snapshot($1) FROM pg_catalog.pg_namespace n "
                  "WHERE n.oid = $1",
                  "INSERT INTO clinic_audit.baselines (taken_by, schema_name, snapshot) "
                  "VALUES ($1, $2, $3) RETURNING taken_at",
                  TIMESTAMPTZOID);
  });
}

CLINIC_FUNCTION(clinic_audit_record) {
  const Oid target = clinic::target_schema_arg(fcinfo, 0);
  clinic::readable_schema_name(target);
  // NULL: the profile clinic.audit() detects, which the run records by name. The text argument
  // goes to the queries as it came.
  const bool detect = PG_NARGS() < 2 || PG_ARGISNULL(1);
  const Datum profile = detect ? Datum(0) : PG_GETARG_DATUM(1);
  return clinic::pg_guard([target, profile, detect] {
    return record(
        target,
        "SELECT (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = $1), "
        "coalesce($2, (SELECT p.profile FROM clinic.audit_profile($1) p)), "
        "pg_catalog.count(*) FILTER (WHERE a.status = 'pass')::integer, "
        "pg_catalog.count(*) FILTER (WHERE a.status = 'warn')::integer, "
        "pg_catalog.count(*) FILTER (WHERE a.status = 'fail')::integer, "
        "pg_catalog.count(*) FILTER (WHERE a.status = 'skip')::integer, "
        "pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a) ORDER BY a.check_id) "
        "FROM clinic.audit($1, $2) a",
        "INSERT INTO clinic_audit.runs (ran_by, schema_name, profile, passed, warnings, failed, "
        "skipped, findings) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING run_id",
        INT8OID, TEXTOID, profile, detect);
  });
}

CLINIC_FUNCTION(clinic_audit_repository) {
  const Oid target = clinic::target_schema_arg(fcinfo, 0);
  clinic::readable_schema_name(target);
  if (PG_ARGISNULL(1))
    throw clinic::Error(ERRCODE_NULL_VALUE_NOT_ALLOWED, "migrations must not be NULL", {},
                        "Pass the names of the repository's migration folders, e.g. "
                        "ARRAY['20251221153503_init'].");
  const Datum names = PG_GETARG_DATUM(1);
  // Folder names: none NULL, empty, longer than Prisma's varchar(255) or holding a '/'; at most
  // 10,000 (a repository's, not a dump's), counted before the array is taken apart.
  const char *problem = clinic::pg_guard([names]() -> const char * {
    ArrayType *a = DatumGetArrayTypeP(names);
    if (ARR_NDIM(a) > 1) return "migrations must be a one-dimensional array";
    if (ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a)) > 10000) return "more than 10,000 migrations";
    Datum *elems;
    bool *nulls;
    int n;
    deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
    for (int i = 0; i < n; ++i) {
      if (nulls[i] || VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i])) == 0)
        return "a migration name is NULL or empty";
      const char *text = VARDATA_ANY(DatumGetPointer(elems[i]));
      const size_t len = VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i]));
      if (len > 255) return "a migration name is longer than 255 bytes";
      if (memchr(text, '/', len)) return "a migration name holds a '/': pass folder names";
    }
    return nullptr;
  });
  if (problem)
    throw clinic::Error(
        ERRCODE_INVALID_PARAMETER_VALUE, problem, {},
        "Pass the names of the repository's migration folders (prisma/migrations/*/).");
  return clinic::pg_guard([target, names] {
    return record(
        target,
        "SELECT n.nspname, (SELECT pg_catalog.array_agg(DISTINCT m ORDER BY m) "
        "FROM pg_catalog.unnest($2) m) FROM pg_catalog.pg_namespace n WHERE n.oid = $1",
        "INSERT INTO clinic_audit.repositories AS r (recorded_by, schema_name, migrations) "
        "VALUES ($1, $2, coalesce($3, '{}')) RETURNING pg_catalog.cardinality(r.migrations)",
        INT4OID, TEXTARRAYOID, names, false);
  });
}

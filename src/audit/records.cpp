// clinic.audit_baseline(target) and clinic.audit_record(target): the audit's records in schema
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
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace {

// Runs `compute` (a query of $1, the target, and $2, a text argument, NULL when `argument` is
// nullptr, giving the row's values after the schema name) as the caller, then `insert` ($1: the
// caller's name, $2..: those values) as the extension's owner, in a security-restricted
// operation; returns column 1 of the insert's RETURNING. C-style: no C++ objects, so an ERROR
// unwinds through here cleanly (the transaction's abort restores the user).
Datum record(Oid target, const char *compute, const char *insert, Oid result_type,
             const char *argument = nullptr) {
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  Oid arg_types[2] = {OIDOID, TEXTOID};
  Datum args[2] = {ObjectIdGetDatum(target), argument ? CStringGetTextDatum(argument) : 0};
  const char *arg_nulls = argument ? "  " : " n";
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
  // NULL: the profile clinic.audit() detects, which the run records by name.
  const char *profile = PG_ARGISNULL(1) ? nullptr : clinic::pg_guard([fcinfo] {
    return text_to_cstring(PG_GETARG_TEXT_PP(1));
  });
  return clinic::pg_guard([target, profile] {
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
        INT8OID, profile);
  });
}

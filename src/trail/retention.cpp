// clinic.audit_log_purge() and the seal: the only writers that may change the trail's past.
#include "pg/pg.hpp"

#include "trail/log.hpp"
#include "pg/boundary.hpp"

extern "C" {
#include "utils/datetime.h"
#include "utils/json.h"
}

#include <cstring>

namespace clinic::trail {

// ---------------------------------------------------------------------------------------------
// Retention

int64 spi_int8(const char *sql, int nargs, Oid *types, Datum *args) {
  const int rc = SPI_execute_with_args(sql, nargs, types, args, nullptr, false, 0);
  if (rc < 0) elog(ERROR, "SPI failed (%d): %s", rc, sql);
  if (SPI_processed == 0 || SPI_tuptable == nullptr) return static_cast<int64>(SPI_processed);
  bool isnull;
  const Datum d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
  return isnull ? 0 : DatumGetInt64(d);
}

int audit_log_min_retention_days = 6 * 365;

int64 purge(Interval *older_than) {
  const TimestampTz cutoff = DatumGetTimestampTz(DirectFunctionCall2(
      timestamptz_mi_interval, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()),
      IntervalPGetDatum(older_than)));
  const TimestampTz latest_allowed =
      GetCurrentTransactionStartTimestamp() -
      static_cast<int64>(audit_log_min_retention_days) * USECS_PER_DAY;
  if (cutoff > latest_allowed)
    ereport(ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
             errmsg("audit rows must be kept at least %d days", audit_log_min_retention_days),
             errdetail("HIPAA asks for six years of retention (45 CFR 164.316(b)(2))."),
             errhint("The minimum is the setting clinic.audit_log_min_retention_days.")));
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  Oid types[1] = {TIMESTAMPTZOID};
  Datum args[1] = {TimestampTzGetDatum(cutoff)};
  int64 deleted = 0, chains = 0;
  const char *volatile cuts_digest = nullptr;  // in SPI's memory: SPI stays connected to the end
  // The purge's deletes and inserts run as its caller: no trigger or rule but clinic's may run
  // inside them.
  if (const char *problem = first_trail_problem("'audit_log', 'audit_log_purges'", true))
    ereport(ERROR,
            (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE), errmsg("refusing to purge: %s", problem),
             errhint("Only clinic's own triggers may be on the audit trail's tables.")));
  maintenance_in_progress = true;
  PG_TRY();
  {
    // A chain is cut after its last row older than the cutoff (not at each old row: rows of a
    // chain are in append order, their transaction start times need not be). The cuts are
    // digested for the RETENTION row, which vouches for them.
    if (SPI_execute_with_args(
            "WITH cut AS (SELECT patient_id, max(seq) AS seq FROM clinic.audit_log "
            "              WHERE logged_at < $1 AND patient_id <> "
            "'00000000-0000-0000-0000-000000000000' "
            "              GROUP BY patient_id), "
            "     marked AS (INSERT INTO clinic.audit_log_purges AS p (patient_id, seq, hash, "
            "purged_at) "
            "                SELECT l.patient_id, l.seq, l.hash, pg_catalog.now() FROM cut "
            "                  JOIN clinic.audit_log l USING (patient_id, seq) "
            "                RETURNING p.patient_id, p.seq, p.hash) "
            "SELECT pg_catalog.count(*), pg_catalog.encode(pg_catalog.sha256(coalesce("
            "pg_catalog.string_agg(pg_catalog.uuid_send(patient_id) || pg_catalog.int8send(seq) "
            "|| hash, ''::bytea ORDER BY patient_id, seq), ''::bytea)), 'hex') FROM marked",
            1, types, args, nullptr, false, 1) != SPI_OK_SELECT ||
        SPI_processed != 1)
      elog(ERROR, "the purge's cuts failed");
    bool isnull;
    chains = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
    cuts_digest = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
    deleted = spi_int8(
        "WITH gone AS (DELETE FROM clinic.audit_log l USING clinic.audit_log_purges p "
        "              WHERE l.patient_id = p.patient_id AND l.seq <= p.seq "
        "                AND p.retention_seq IS NULL AND p.purged_at = pg_catalog.now() "
        "              RETURNING 1) "
        "SELECT count(*) FROM gone",
        0, nullptr, nullptr);
  }
  PG_FINALLY();
  { maintenance_in_progress = false; }
  PG_END_TRY();

  JsonbParseState *state = nullptr;
  pushJsonbValue(&state, WJB_BEGIN_OBJECT, nullptr);
  const struct {
    const char *key;
    Datum value;
  } facts[] = {{"rows_deleted", DirectFunctionCall1(int8_numeric, Int64GetDatum(deleted))},
               {"chains_cut", DirectFunctionCall1(int8_numeric, Int64GetDatum(chains))}};
  for (const auto &f : facts) {
    push_string(&state, WJB_KEY, f.key, static_cast<int>(strlen(f.key)));
    JsonbValue n;
    n.type = jbvNumeric;
    n.val.numeric = DatumGetNumeric(f.value);
    pushJsonbValue(&state, WJB_VALUE, &n);
  }
  const int utc = 0;
  char *when = static_cast<char *>(palloc(MAXDATELEN + 1));
  JsonEncodeDateTime(when, TimestampTzGetDatum(cutoff), TIMESTAMPTZOID, &utc);
  push_string(&state, WJB_KEY, "logged_before", 13);
  push_string(&state, WJB_VALUE, when, static_cast<int>(strlen(when)));
  push_string(&state, WJB_KEY, "cuts_digest", 11);
  push_string(&state, WJB_VALUE, cuts_digest, static_cast<int>(strlen(cuts_digest)));
  Change change{};
  change.patient = &kSystemChain;
  change.operation = "RETENTION";
  change.table = "audit_log";
  change.old_null = true;
  change.new_values =
      JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, nullptr)));
  const int64 retention_seq = append(change);

  // The cuts name the RETENTION row that vouches for them.
  Oid seq_type[1] = {INT8OID};
  Datum seq_arg[1] = {Int64GetDatum(retention_seq)};
  maintenance_in_progress = true;
  PG_TRY();
  {
    if (SPI_execute_with_args("UPDATE clinic.audit_log_purges SET retention_seq = $1 "
                              "WHERE retention_seq IS NULL AND purged_at = pg_catalog.now()",
                              1, seq_type, seq_arg, nullptr, false, 0) != SPI_OK_UPDATE)
      elog(ERROR, "the purge's cuts could not be linked to its RETENTION row");
  }
  PG_FINALLY();
  { maintenance_in_progress = false; }
  PG_END_TRY();
  SPI_finish();
  return deleted;
}

}  // namespace clinic::trail

using namespace clinic::trail;

CLINIC_FUNCTION(clinic_audit_log_purge) {
  Interval *older_than = PG_GETARG_INTERVAL_P(0);
  return clinic::pg_guard([older_than] { return Int64GetDatum(purge(older_than)); });
}

// Runs the seal (clinic._audit_log_seal(), SQL) with the trail's tables open to it.
CLINIC_FUNCTION(clinic_audit_log_seal) {
  return clinic::pg_guard([fcinfo] {
    TupleDesc desc;
    if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
      elog(ERROR, "clinic.audit_log_seal() must return a record");
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    maintenance_in_progress = true;
    PG_TRY();
    {
      if (SPI_execute("SELECT * FROM clinic._audit_log_seal()", false, 1) != SPI_OK_SELECT ||
          SPI_processed != 1)
        elog(ERROR, "clinic._audit_log_seal() failed");
    }
    PG_FINALLY();
    { maintenance_in_progress = false; }
    PG_END_TRY();
    HeapTuple row = SPI_copytuple(SPI_tuptable->vals[0]);  // outlives SPI_finish
    TupleDesc spi_desc = CreateTupleDescCopy(SPI_tuptable->tupdesc);
    SPI_finish();
    Datum values[4];
    bool nulls[4];
    heap_deform_tuple(row, spi_desc, values, nulls);
    return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls));
  });
}

// clinic.verify_audit_log(): every hash, link and seal of the trail recomputed, the first break
// named.
#include "pg/pg.hpp"

#include "trail/log.hpp"
#include "pg/boundary.hpp"

extern "C" {
#include "utils/snapmgr.h"
}

#include <cstring>

namespace clinic::trail {

// ---------------------------------------------------------------------------------------------
// Verification

struct Verdict {
  bool ok = true;
  int64 chains = 0, rows = 0, seals = 0;
  pg_uuid_t broken_patient;
  int64 broken_seq = 0;
  bool broken_patient_null = false, broken_seq_null = false;
  const char *problem = nullptr;
};

void verify(bool one_patient, Datum patient, Verdict *v) {
  MemoryContext caller_context = CurrentMemoryContext;  // the verdict outlives SPI's memory
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  StringInfoData select;
  initStringInfo(&select);
  for (int c = 0; c < kColumnCount; ++c)
    appendStringInfo(&select, "%s%s", c ? ", " : "", kColumnNames[c]);
  const char *sql = psprintf("SELECT %s FROM clinic.audit_log %s ORDER BY patient_id, seq",
                             select.data, one_patient ? "WHERE patient_id = $1" : "");
  Oid argtype = UUIDOID;
  SPIPlanPtr plan = SPI_prepare(sql, one_patient ? 1 : 0, &argtype);
  if (plan == nullptr) elog(ERROR, "SPI_prepare failed: %s", sql);
  Datum args[1] = {patient};
  Portal portal = SPI_cursor_open(nullptr, plan, args, nullptr, true);
  MemoryContext row_context =
      AllocSetContextCreate(CurrentMemoryContext, "clinic verify row", ALLOCSET_DEFAULT_SIZES);

  pg_uuid_t chain = {{0}};
  bool in_chain = false;
  int64 expected_seq = 0;
  uint8 expected_prev[kHashLength];
  while (v->ok) {
    SPI_cursor_fetch(portal, true, 1000);
    if (SPI_processed == 0) break;
    for (uint64 i = 0; i < SPI_processed && v->ok; ++i) {
      CHECK_FOR_INTERRUPTS();
      MemoryContext old = MemoryContextSwitchTo(row_context);
      Datum values[kColumnCount];
      bool nulls[kColumnCount];
      heap_deform_tuple(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, values, nulls);
      const pg_uuid_t *p = DatumGetUUIDP(values[kPatientId]);
      const int64 seq = DatumGetInt64(values[kSeq]);
      if (!in_chain || memcmp(p->data, chain.data, UUID_LEN) != 0) {
        in_chain = true;
        chain = *p;
        ++v->chains;
        int64 cut;
        TransactionId ignored;
        if (purge_cut(p, GetActiveSnapshot(), &cut, expected_prev, &ignored)) {
          expected_seq = cut + 1;
        } else {
          expected_seq = 1;
          memset(expected_prev, 0, kHashLength);
        }
      }
      ++v->rows;
      uint8 stored_prev[kHashLength], stored_hash[kHashLength], computed[kHashLength];
      const char *problem = nullptr;
      if (seq != expected_seq)
        problem =
            seq > expected_seq
                ? psprintf("seq %lld follows seq %lld: %lld row(s) missing before it",
                           static_cast<long long>(seq), static_cast<long long>(expected_seq - 1),
                           static_cast<long long>(seq - expected_seq))
                : psprintf("seq %lld where seq %lld was expected", static_cast<long long>(seq),
                           static_cast<long long>(expected_seq));
      else if (!read_hash(values[kPrevHash], stored_prev) || !read_hash(values[kHash], stored_hash))
        problem = pstrdup("prev_hash or hash is not a 32-byte SHA-256");
      else if (memcmp(stored_prev, expected_prev, kHashLength) != 0)
        problem = pstrdup(expected_seq == 1
                              ? "prev_hash is not the chain's start: rows before it are missing"
                              : "prev_hash does not match the hash of the previous row: a row "
                                "was inserted, removed or moved");
      if (problem == nullptr) {
        compute_hash(values, nulls, computed);
        if (memcmp(computed, stored_hash, kHashLength) != 0)
          problem = pstrdup("hash does not match the row's contents: the row was edited or forged");
      }
      MemoryContextSwitchTo(old);
      if (problem != nullptr) {
        v->ok = false;
        v->broken_patient = *p;
        v->broken_seq = seq;
        v->problem = MemoryContextStrdup(caller_context, problem);
      } else {
        memcpy(expected_prev, stored_hash, kHashLength);
        ++expected_seq;
      }
      MemoryContextReset(row_context);
    }
  }
  SPI_cursor_close(portal);
  MemoryContextDelete(row_context);

  // The seals protect what the chains cannot: their newest rows.
  Datum seal_args[1] = {patient};
  const char seal_nulls[1] = {one_patient ? ' ' : 'n'};
  if (SPI_execute_with_args("SELECT * FROM clinic._audit_log_seal_problem($1)", 1, &argtype,
                            seal_args, seal_nulls, true, 1) != SPI_OK_SELECT)
    elog(ERROR, "SPI_execute failed: _audit_log_seal_problem");
  if (SPI_processed > 0) {
    HeapTuple row = SPI_tuptable->vals[0];
    TupleDesc desc = SPI_tuptable->tupdesc;
    bool isnull;
    v->seals = DatumGetInt64(SPI_getbinval(row, desc, 1, &isnull));
    const Datum problem = SPI_getbinval(row, desc, 4, &isnull);
    if (!isnull && v->ok) {
      v->ok = false;
      const Datum p = SPI_getbinval(row, desc, 2, &isnull);
      if (!isnull) v->broken_patient = *DatumGetUUIDP(p);
      v->broken_patient_null = isnull;
      const Datum seq = SPI_getbinval(row, desc, 3, &isnull);
      v->broken_seq = isnull ? 0 : DatumGetInt64(seq);
      v->broken_seq_null = isnull;
      v->problem = MemoryContextStrdup(caller_context, TextDatumGetCString(problem));
    }
  }

  // The rows logged so far verify; the triggers decide whether the next ones will be logged.
  if (v->ok) {
    const char *problem = first_trail_problem(nullptr, false);
    if (problem != nullptr) {
      v->ok = false;
      v->broken_patient_null = v->broken_seq_null = true;
      v->problem = MemoryContextStrdup(caller_context, problem);
    }
  }
  SPI_finish();
}

}  // namespace clinic::trail

using namespace clinic::trail;

CLINIC_FUNCTION(clinic_verify_audit_log) {
  const bool one = !PG_ARGISNULL(0);
  const Datum patient = one ? PG_GETARG_DATUM(0) : 0;
  return clinic::pg_guard([fcinfo, one, patient] {
    Verdict v;
    verify(one, patient, &v);
    TupleDesc desc;
    if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
      elog(ERROR, "clinic.verify_audit_log() must return a record");
    Datum values[7];
    bool nulls[7] = {
        false, false, false, false, v.ok || v.broken_patient_null, v.ok || v.broken_seq_null, v.ok};
    values[0] = BoolGetDatum(v.ok);
    values[1] = Int64GetDatum(v.chains);
    values[2] = Int64GetDatum(v.rows);
    values[3] = Int64GetDatum(v.seals);
    if (!v.ok) {
      pg_uuid_t *u = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t)));
      *u = v.broken_patient;
      values[4] = UUIDPGetDatum(u);
      values[5] = Int64GetDatum(v.broken_seq);
      values[6] = CStringGetTextDatum(v.problem);
    }
    return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls));
  });
}

// clinic.verify_audit_log(): every hash, link and seal of the trail recomputed, the first break
// named.
#include "pg/pg.hpp"

#include "trail/log.hpp"
#include "pg/boundary.hpp"
#include "pg/citus.hpp"

extern "C" {
#include "access/xact.h"
#include "catalog/namespace.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
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

// Records the break at (p, seq) with its problem, unless the verdict holds one that comes
// first as a single node reads the chains: a lower patient, or the same patient's lower seq; at
// the same seq, the one held stays unless `wins_tie`. The problem is copied into caller_context.
void note_break(Verdict *v, const pg_uuid_t *p, int64 seq, const char *problem, bool wins_tie,
                MemoryContext caller_context) {
  if (!v->ok) {
    const int order = memcmp(p->data, v->broken_patient.data, UUID_LEN);
    if (order > 0 || (order == 0 && (seq > v->broken_seq || (seq == v->broken_seq && !wins_tie))))
      return;
  }
  v->ok = false;
  v->broken_patient = *p;
  v->broken_seq = seq;
  v->problem = MemoryContextStrdup(caller_context, problem);
}

// The chains of `from` (clinic.audit_log, or on Citus one of its shards) in (patient_id, seq)
// order, each link and hash recomputed, up to the first break; a chain starts after its purge cut
// when `cuts` (audit_log_purges of this node). SPI is connected; the problem is copied into
// caller_context, which outlives SPI's memory.
void check_chains(const char *from, bool one_patient, Datum patient, bool cuts, Verdict *v,
                  MemoryContext caller_context) {
  StringInfoData select;
  initStringInfo(&select);
  for (int c = 0; c < kColumnCount; ++c)
    appendStringInfo(&select, "%s%s", c ? ", " : "", kColumnNames[c]);
  const char *sql = psprintf("SELECT %s FROM %s %s ORDER BY patient_id, seq", select.data, from,
                             one_patient ? "WHERE patient_id = $1" : "");
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
        if (cuts && purge_cut(p, GetActiveSnapshot(), &cut, expected_prev, &ignored)) {
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
        note_break(v, p, seq, problem, false, caller_context);
      } else {
        memcpy(expected_prev, stored_hash, kHashLength);
        ++expected_seq;
      }
      MemoryContextReset(row_context);
    }
  }
  SPI_cursor_close(portal);
  MemoryContextDelete(row_context);
}

// ---------------------------------------------------------------------------------------------
// On Citus (issue 19): each shard of a distributed audit_log is verified on its node, in parallel
// (clinic._verify_shard() through pg::kCitusShardRuns), and the verdicts combined here.

// Whether the whole log is verified per shard: audit_log distributed by hash; the call the first
// thing its transaction does (the parts' connections would not see its writes, and would wait for
// its ACCESS EXCLUSIVE lock on the log): not in a transaction block or a subtransaction, nothing
// written here, audit_log not locked; and no purge cut recorded on this node (audit_log_purges is
// each node's own table: the parts do not read cuts).
bool per_shard(Oid log) {
  if (!clinic::pg::citus_present() || !clinic::pg::citus_hash_distributed(log) ||
      IsTransactionBlock() || GetCurrentTransactionNestLevel() > 1 ||
      GetTopTransactionIdIfAny() != InvalidTransactionId)
    return false;
  if (CheckRelationOidLockedByMe(log, AccessExclusiveLock, false)) return false;
  if (SPI_execute("SELECT 1 FROM clinic.audit_log_purges LIMIT 1", true, 1) != SPI_OK_SELECT)
    elog(ERROR, "SPI_execute failed: audit_log_purges");
  return SPI_processed == 0;
}

// Every shard's verdict combined: the counts added up, the break the least broken patient's (the
// one a single node, reading chains in patient order, meets first). SPI is connected.
void check_shards(Oid log, Verdict *v, MemoryContext caller_context) {
  const char *role = clinic::pg::citus_role_without_login();
  if (role != nullptr)
    ereport(ERROR,
            (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
             errmsg("role \"%s\" cannot log in, and on Citus clinic.verify_audit_log() verifies "
                    "each shard on its node as the current role",
                    role),
             errhint("Verify as a role with LOGIN that is a member of clinic_auditor, not "
                     "through SET ROLE to a role without LOGIN.")));
  Oid types[2] = {REGCLASSOID, TEXTOID};
  Datum args[2] = {ObjectIdGetDatum(log),
                   CStringGetTextDatum("SELECT clinic._verify_shard(%L::pg_catalog.regclass)"
                                       "::pg_catalog.text")};
  const char *sql = psprintf(
      "SELECT s.shardid, s.success, s.message, p.chains, p.checked, p.patient, p.seq, "
      "p.problem, s.shards FROM %s s LEFT JOIN LATERAL pg_catalog.jsonb_to_record(s.result) "
      "AS p(chains bigint, checked bigint, patient uuid, seq bigint, problem text) ON true "
      "ORDER BY s.shardid",
      clinic::pg::kCitusShardRuns);
  if (SPI_execute_with_args(sql, 2, types, args, nullptr, true, 0) != SPI_OK_SELECT)
    elog(ERROR, "could not run clinic.verify_audit_log() on the shards");
  TupleDesc desc = SPI_tuptable->tupdesc;
  const uint64 reached = SPI_processed;
  for (uint64 i = 0; i < reached; ++i) {
    HeapTuple row = SPI_tuptable->vals[i];
    bool isnull;
    const bool success = DatumGetBool(SPI_getbinval(row, desc, 2, &isnull));
    // A part's verdict counts only whole: both counts, and a break's patient, seq and problem
    // all given or all null (anything else is not clinic._verify_shard()'s answer).
    bool null[5];
    Datum value[5];
    for (int c = 0; c < 5; ++c) value[c] = SPI_getbinval(row, desc, 4 + c, &null[c]);
    const bool whole = !null[0] && !null[1] && null[2] == null[3] && null[2] == null[4];
    if (!success || !whole) {
      const char *said = SPI_getvalue(row, desc, 3);
      ereport(ERROR, (errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
                      errmsg("clinic.verify_audit_log() failed on the node of %s of "
                             "clinic.audit_log",
                             SPI_getvalue(row, desc, 9)),
                      errdetail_internal("%s", !success ? (said ? said : "(no message)")
                                                        : "Its part answered no verdict."),
                      errhint("Nothing was verified. Run it again once the node is healthy.")));
    }
    v->chains += DatumGetInt64(value[0]);
    v->rows += DatumGetInt64(value[1]);
    if (null[2]) continue;  // every chain of the shard verified
    note_break(v, DatumGetUUIDP(value[2]), DatumGetInt64(value[3]), TextDatumGetCString(value[4]),
               false, caller_context);
  }
  // A shard without an active placement is left out.
  const int64 expected = clinic::pg::citus_shard_count(log);
  if (static_cast<int64>(reached) != expected)
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("clinic.verify_audit_log() reached " UINT64_FORMAT
                           " of the " INT64_FORMAT " shards of clinic.audit_log",
                           reached, expected),
                    errhint("A shard has no active placement: repair the cluster, then run it "
                            "again.")));
}

// The least patient with rows in the shard `from` (shard id `shard`) whose patient_id does not
// hash into the shard's range, if it sorts before the verdict's break: rows moved or copied there
// from their chain's shard, which a query routed by patient never reads. SPI is connected.
void misplaced(const char *from, int64 shard, Verdict *v, MemoryContext caller_context) {
  Oid argtype = INT8OID;
  Datum arg = Int64GetDatum(shard);
  const char *sql = psprintf(
      "SELECT l.patient_id, pg_catalog.min(l.seq) FROM %s l, pg_catalog.pg_dist_shard s"
      " WHERE s.shardid = $1 AND pg_catalog.worker_hash(l.patient_id) NOT BETWEEN"
      " s.shardminvalue::pg_catalog.int4 AND s.shardmaxvalue::pg_catalog.int4"
      " GROUP BY l.patient_id ORDER BY l.patient_id LIMIT 1",
      from);
  if (SPI_execute_with_args(sql, 1, &argtype, &arg, nullptr, true, 1) != SPI_OK_SELECT)
    elog(ERROR, "SPI_execute failed: %s", sql);
  if (SPI_processed == 0) return;
  bool isnull;
  const pg_uuid_t *p =
      DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
  const int64 seq =
      DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
  // On a tie it names the cause: the chain's first misplaced row is where check_chains broke.
  note_break(v, p, seq,
             psprintf("the chain has rows in shard " INT64_FORMAT
                      " of clinic.audit_log, whose hash range does not hold its patient: moved or "
                      "copied there from the chain's own shard",
                      shard),
             true, caller_context);
}

void verify(bool one_patient, Datum patient, Verdict *v) {
  MemoryContext caller_context = CurrentMemoryContext;  // the verdict outlives SPI's memory
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  const Oid log = audit_log_oid();
  if (!one_patient && per_shard(log))
    check_shards(log, v, caller_context);
  else
    check_chains("clinic.audit_log", one_patient, patient, true, v, caller_context);

  // The seals protect what the chains cannot: their newest rows.
  Oid argtype = UUIDOID;
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

// One shard's part of clinic.verify_audit_log() on Citus (check_shards): the chains of the
// audit_log shard given, on this node, as JSON {chains, checked, patient, seq, problem} (patient,
// seq and problem null when every chain verified).
CLINIC_FUNCTION(clinic_verify_shard) {
  const Oid shard_rel = PG_GETARG_OID(0);
  return clinic::pg_guard([shard_rel] {
    namespace pg = clinic::pg;
    Oid logical = InvalidOid;
    const int64 shard = pg::citus_shard_of(shard_rel, &logical);
    const Oid log = audit_log_oid();
    if (shard == 0 || logical != log || !pg::citus_hash_distributed(log))
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("relation is not a shard of a distributed clinic.audit_log"),
                      errdetail("clinic._verify_shard() is clinic.verify_audit_log()'s part on a "
                                "Citus node.")));
    // A shard a move left behind keeps its rows until Citus drops it; they are not the chain's.
    if (!pg::citus_placement_here(shard))
      ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                      errmsg("shard " INT64_FORMAT " of clinic.audit_log has no placement on "
                             "this node",
                             shard)));
    // Locked only once known to be a shard of the log (no wait on any other relation), then
    // held: the name the chains are read by stays this relation's.
    LockRelationOid(shard_rel, AccessShareLock);
    const char *name = get_rel_name(shard_rel);
    if (name == nullptr || get_relname_relid(name, get_rel_namespace(shard_rel)) != shard_rel ||
        pg::citus_shard_of(shard_rel, &logical) != shard)
      ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                      errmsg("shard " INT64_FORMAT " of clinic.audit_log changed while it was "
                             "being verified",
                             shard)));
    const char *from = quote_qualified_identifier("clinic", name);
    MemoryContext caller_context = CurrentMemoryContext;
    Verdict v;
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    // The cuts are the coordinator's (a purge is refused once distributed): this node's
    // audit_log_purges proves nothing.
    check_chains(from, false, 0, false, &v, caller_context);
    misplaced(from, shard, &v, caller_context);
    SPI_finish();
    StringInfoData json;
    initStringInfo(&json);
    appendStringInfo(&json, "{\"chains\": " INT64_FORMAT ", \"checked\": " INT64_FORMAT, v.chains,
                     v.rows);
    if (v.ok) {
      appendStringInfoString(&json, ", \"patient\": null, \"seq\": null, \"problem\": null}");
    } else {
      appendStringInfo(
          &json, ", \"patient\": \"%s\", \"seq\": " INT64_FORMAT ", \"problem\": ",
          DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(&v.broken_patient))),
          v.broken_seq);
      escape_json(&json, v.problem);
      appendStringInfoChar(&json, '}');
    }
    return DirectFunctionCall1(jsonb_in, CStringGetDatum(json.data));
  });
}

// Appending to the tamper-evident trail of PHI (design: doc/audit-trail.md; the other parts of the
// trail: hash.cpp, verify.cpp, retention.cpp, guard.cpp beside this file).
//
// clinic.audit_trail_trigger() appends one clinic.audit_log row per changed PHI row (and one per
// TRUNCATE); clinic.log_access() one per recorded chart read. Every row is linked into its
// patient's SHA-256 chain: hash = SHA-256(domain tag, every column but hash, prev_hash included).
// clinic.verify_audit_log() recomputes the chains with the same encoder.
//
// Everything in the trail's files that calls PostgreSQL is plain C-style code that owns no C++
// object: each entry point runs it inside one pg_guard(), so an ERROR raised anywhere in it
// unwinds nothing but PostgreSQL state and reaches the boundary with its SQLSTATE.
#include "pg/pg.hpp"

#include "trail/log.hpp"
#include "trail/trail.hpp"
#include "schema/actor.hpp"
#include "pg/boundary.hpp"
#include "pg/citus.hpp"
#include "pg/compat.hpp"
#include "pg/role.hpp"

extern "C" {
#include "access/heapam.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "common/hashfn.h"
#include "parser/parse_relation.h"
#include "storage/lmgr.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/snapmgr.h"
#include "utils/xid8.h"
}

#include <cstring>

namespace clinic::trail {

// Advisory lock class (locktag field4) of the per-chain append locks; pg_advisory_* use 1 and 2.
constexpr uint16 kChainLockClass = 0x434c;
constexpr uint32 kChainLockStripes = 1024;
// clinic.log_access() refuses a longer purpose (22001).
constexpr int kMaxPurposeLength = 1000;

// Per-relation caches, dropped when the relation changes

bool audit_trail_enabled = true;
bool maintenance_in_progress = false;  // set only inside clinic.audit_log_purge() and _seal()
bool discarding_local_rows = false;    // set only inside clinic._discard_local_rows()
Oid audit_log_relid = InvalidOid;
bool audit_log_layout_checked = false;  // check_audit_log_layout() passed for audit_log_relid
int audit_log_distributed = -1;         // -1 unknown; 1: audit_log_relid is a Citus shell
Oid audit_log_purges_relid = InvalidOid;

// How one column of an audited table becomes a jsonb value.
enum JsonKind : char { kJsonString, kJsonBool, kJsonNumber, kJsonDateTime, kJsonJsonb };
struct ColumnOutput {
  JsonKind kind;
  Oid type;
  FmgrInfo output;  // kJsonString
};
struct AuditedTable {
  Oid relid;  // hash key
  bool valid;
  int natts;
  ColumnOutput *columns;  // in context
  MemoryContext context;
  // The trigger's patient key column (its argument) and the row id, found by name once.
  NameData patient_column;
  int patient_attnum;  // 0: not looked up yet
  int id_attnum;       // 0: the table has no uuid id column
  // On a Citus node, a shard of a distributed table (doc/citus-trail-design.md): its logical
  // table, whose name the trail records, and the audit_log shard co-located with it, which its
  // changes go to. log_relid is InvalidOid for any other table: its changes go to audit_log.
  NameData logical_name;
  Oid logical_relid;
  Oid log_relid;
};
HTAB *audited_tables = nullptr;

void log_indexes_changed(Oid relid);

void invalidate_relation(Datum, Oid relid) {
  if (relid == InvalidOid || relid == audit_log_relid) {
    audit_log_relid = InvalidOid;
    audit_log_layout_checked = false;
    audit_log_distributed = -1;
  }
  log_indexes_changed(relid);
  if (relid == InvalidOid || relid == audit_log_purges_relid) audit_log_purges_relid = InvalidOid;
  if (audited_tables == nullptr) return;
  HASH_SEQ_STATUS status;
  hash_seq_init(&status, audited_tables);
  while (auto *entry = static_cast<AuditedTable *>(hash_seq_search(&status)))
    if (relid == InvalidOid || entry->relid == relid || entry->logical_relid == relid ||
        entry->log_relid == relid)
      entry->valid = false;
}

JsonKind json_kind(Oid type) {
  switch (type) {
    case BOOLOID:
      return kJsonBool;
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case FLOAT4OID:
    case FLOAT8OID:
    case NUMERICOID:
      return kJsonNumber;
    case DATEOID:
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
    case TIMEOID:
    case TIMETZOID:
      return kJsonDateTime;
    case JSONBOID:
      return kJsonJsonb;
    default:
      return kJsonString;
  }
}

int uuid_attnum(TupleDesc desc, const char *name, bool required);
void find_shard(Relation rel, AuditedTable *t);

// The output plan of a table's columns and its key columns' positions (`patient_column` is the
// trigger's argument), built once per relation and kept until it changes.
const AuditedTable *audited_table(Relation rel, const char *patient_column) {
  if (audited_tables == nullptr) {
    HASHCTL ctl;
    ctl.keysize = sizeof(Oid);
    ctl.entrysize = sizeof(AuditedTable);
    audited_tables = hash_create("clinic audited tables", 16, &ctl, HASH_ELEM | HASH_BLOBS);
  }
  const Oid relid = RelationGetRelid(rel);
  bool found;
  auto *entry =
      static_cast<AuditedTable *>(hash_search(audited_tables, &relid, HASH_ENTER, &found));
  if (found && entry->valid && entry->natts == RelationGetDescr(rel)->natts) {
    if (entry->patient_attnum == 0 || strcmp(NameStr(entry->patient_column), patient_column) != 0) {
      entry->patient_attnum = 0;  // stays 0 if the lookup fails
      entry->patient_attnum = uuid_attnum(RelationGetDescr(rel), patient_column, true);
      namestrcpy(&entry->patient_column, patient_column);
    }
    return entry;
  }
  if (found && entry->context != nullptr) MemoryContextDelete(entry->context);
  entry->valid = false;
  entry->patient_attnum = 0;
  entry->context =
      AllocSetContextCreate(TopMemoryContext, "clinic audited table", ALLOCSET_SMALL_SIZES);
  TupleDesc desc = RelationGetDescr(rel);
  entry->natts = desc->natts;
  entry->columns = static_cast<ColumnOutput *>(
      MemoryContextAllocZero(entry->context, sizeof(ColumnOutput) * Max(desc->natts, 1)));
  for (int i = 0; i < desc->natts; ++i) {
    const Form_pg_attribute att = TupleDescAttr(desc, i);
    if (att->attisdropped) continue;
    ColumnOutput &c = entry->columns[i];
    c.type = getBaseType(att->atttypid);
    c.kind = json_kind(c.type);
    if (c.kind == kJsonString) {
      Oid func;
      bool varlena;
      getTypeOutputInfo(att->atttypid, &func, &varlena);
      fmgr_info_cxt(func, &c.output, entry->context);
    }
  }
  entry->id_attnum = uuid_attnum(desc, "id", false);
  entry->patient_attnum = uuid_attnum(desc, patient_column, true);
  namestrcpy(&entry->patient_column, patient_column);
  find_shard(rel, entry);
  entry->valid = true;
  return entry;
}

Oid relation_owner(Oid relid) {
  HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
  if (!HeapTupleIsValid(tuple)) return InvalidOid;
  const Oid owner = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->relowner;
  ReleaseSysCache(tuple);
  return owner;
}

// The relation of audit_log's shard `shard` on this node (the changes of `what` go there): a
// table of audit_log's owner named as Citus names the shard (a table of that name anyone else
// made is not it).
Oid audit_log_shard(int64 shard, Oid log, const char *what) {
  const char *log_name = psprintf("audit_log_%lld", static_cast<long long>(shard));
  const Oid relid = get_relname_relid(log_name, get_rel_namespace(log));
  if (relid == InvalidOid || get_rel_relkind(relid) != RELKIND_RELATION ||
      relation_owner(relid) != relation_owner(log))
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("the audit_log shard %s for %s is not on this node", log_name, what)));
  return relid;
}

// On a Citus node, a shard's changes are recorded under its logical table's name, and a shard
// of a hash-distributed table writes them into the audit_log shard of its co-location group
// and hash range, which a shard move always moves with it. Without one (audit_log not
// distributed with the table) they have no chain to join: the change is refused rather than
// logged where nobody reads it. Shards of reference and Citus-local tables log to audit_log.
void find_shard(Relation rel, AuditedTable *t) {
  namestrcpy(&t->logical_name, RelationGetRelationName(rel));
  t->logical_relid = t->log_relid = InvalidOid;
  Oid logical;
  const int64 shard = clinic::pg::citus_shard_of(RelationGetRelid(rel), &logical);
  if (shard == 0) return;
  const char *logical_name = get_rel_name(logical);
  if (logical_name == nullptr)
    elog(ERROR, "the table of shard %s is gone", RelationGetRelationName(rel));
  namestrcpy(&t->logical_name, logical_name);
  t->logical_relid = logical;
  if (!clinic::pg::citus_hash_distributed(logical)) return;
  const Oid clinic_nsp = get_namespace_oid("clinic", false);
  const Oid log = get_relname_relid("audit_log", clinic_nsp);
  // Both by the patient: else the row's shard is not its patient's chain's.
  const char *by = clinic::pg::citus_distribution_column(logical);
  const char *log_by = clinic::pg::citus_distribution_column(log);
  if (by == nullptr || strcmp(by, NameStr(t->patient_column)) != 0 || log_by == nullptr ||
      strcmp(log_by, "patient_id") != 0)
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("the audit trail needs %s distributed by %s and clinic.audit_log by "
                           "patient_id",
                           logical_name, NameStr(t->patient_column)),
                    errdetail("%s is distributed by %s, clinic.audit_log by %s.", logical_name,
                              by ? by : "nothing", log_by ? log_by : "nothing")));
  const int64 log_shard = clinic::pg::citus_colocated_shard(shard, log);
  if (log_shard == 0)
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("the audit trail has no audit_log shard co-located with shard %s of %s",
                           RelationGetRelationName(rel), logical_name),
                    errhint("Distribute clinic.audit_log by patient_id, co-located with the "
                            "patient tables (doc/schema.md).")));
  t->log_relid = audit_log_shard(log_shard, log, RelationGetRelationName(rel));
}

// pushJsonbValue keeps the pointer, not the characters: s must live until the object is built.
void push_string(JsonbParseState **state, JsonbIteratorToken token, const char *s, int len) {
  JsonbValue v;
  v.type = jbvString;
  v.val.string.val = const_cast<char *>(s);
  v.val.string.len = len;
  pushJsonbValue(state, token, &v);
}

// One column value as JSON: numbers as numbers, times in ISO 8601 at UTC (session-independent),
// jsonb as itself, everything else as its text.
void push_column_value(JsonbParseState **state, const ColumnOutput &c, Datum value, bool isnull) {
  JsonbValue v;
  if (isnull) {
    v.type = jbvNull;
    pushJsonbValue(state, WJB_VALUE, &v);
    return;
  }
  switch (c.kind) {
    case kJsonBool:
      v.type = jbvBool;
      v.val.boolean = DatumGetBool(value);
      pushJsonbValue(state, WJB_VALUE, &v);
      return;
    case kJsonNumber: {
      Datum n = value;
      if (c.type == INT2OID) n = DirectFunctionCall1(int2_numeric, value);
      if (c.type == INT4OID) n = DirectFunctionCall1(int4_numeric, value);
      if (c.type == INT8OID) n = DirectFunctionCall1(int8_numeric, value);
      if (c.type == FLOAT4OID) n = DirectFunctionCall1(float4_numeric, value);
      if (c.type == FLOAT8OID) n = DirectFunctionCall1(float8_numeric, value);
      Numeric num = DatumGetNumeric(n);
      if (numeric_is_nan(num) || numeric_is_inf(num)) {  // JSON has no NaN or Infinity
        const char *s = DatumGetCString(DirectFunctionCall1(numeric_out, n));
        push_string(state, WJB_VALUE, s, static_cast<int>(strlen(s)));
        return;
      }
      v.type = jbvNumeric;
      v.val.numeric = num;
      pushJsonbValue(state, WJB_VALUE, &v);
      return;
    }
    case kJsonDateTime: {
      const int utc = 0;
      char *buf = static_cast<char *>(palloc(MAXDATELEN + 1));
      JsonEncodeDateTime(buf, value, c.type, &utc);
      push_string(state, WJB_VALUE, buf, static_cast<int>(strlen(buf)));
      return;
    }
    case kJsonJsonb: {
      Jsonb *j = DatumGetJsonbP(value);
      v.type = jbvBinary;
      v.val.binary.data = &j->root;
      v.val.binary.len = VARSIZE(j) - VARHDRSZ;
      pushJsonbValue(state, WJB_VALUE, &v);
      return;
    }
    case kJsonString: {
      const char *s = OutputFunctionCall(const_cast<FmgrInfo *>(&c.output), value);
      push_string(state, WJB_VALUE, s, static_cast<int>(strlen(s)));
      return;
    }
  }
}

// The row as a jsonb object; with `other`, only the columns whose value differs from it
// (*any_column is false when none does).
Datum row_jsonb(const AuditedTable *t, TupleDesc desc, HeapTuple row, HeapTuple other,
                bool *any_column) {
  JsonbParseState *state = nullptr;
  pushJsonbValue(&state, WJB_BEGIN_OBJECT, nullptr);
  *any_column = false;
  for (int i = 0; i < desc->natts; ++i) {
    const Form_pg_attribute att = TupleDescAttr(desc, i);
    if (att->attisdropped) continue;
    bool isnull;
    const Datum value = heap_getattr(row, i + 1, desc, &isnull);
    if (other != nullptr) {
      bool other_null;
      const Datum other_value = heap_getattr(other, i + 1, desc, &other_null);
      if (isnull == other_null &&
          (isnull || datum_image_eq(value, other_value, att->attbyval, att->attlen)))
        continue;
    }
    *any_column = true;
    const char *name = NameStr(att->attname);
    push_string(&state, WJB_KEY, name, static_cast<int>(strlen(name)));
    push_column_value(&state, t->columns[i], value, isnull);
  }
  JsonbValue *object = pushJsonbValue(&state, WJB_END_OBJECT, nullptr);
  return JsonbPGetDatum(JsonbValueToJsonb(object));
}

// A jsonb object of one key and a text or number value.
Datum small_object(const char *key, const char *text_value, Datum numeric_value) {
  JsonbParseState *state = nullptr;
  pushJsonbValue(&state, WJB_BEGIN_OBJECT, nullptr);
  push_string(&state, WJB_KEY, key, static_cast<int>(strlen(key)));
  if (text_value != nullptr) {
    push_string(&state, WJB_VALUE, text_value, static_cast<int>(strlen(text_value)));
  } else {
    JsonbValue v;
    v.type = jbvNumeric;
    v.val.numeric = DatumGetNumeric(numeric_value);
    pushJsonbValue(&state, WJB_VALUE, &v);
  }
  return JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, nullptr)));
}

// ---------------------------------------------------------------------------------------------
// Appending to a chain

Oid clinic_relation(const char *name, Oid *cached) {
  if (*cached == InvalidOid) {
    const Oid nsp = get_namespace_oid("clinic", false);
    *cached = get_relname_relid(name, nsp);
    if (*cached == InvalidOid)
      ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                      errmsg("relation clinic.%s does not exist", name)));
  }
  return *cached;
}

Oid audit_log_oid() {
  return clinic_relation("audit_log", &audit_log_relid);
}

// audit_log must still have the columns the encoder expects, in order. Checked once per
// relcache entry: ALTER TABLE invalidates it and resets the flag.
void check_audit_log_layout(Relation log) {
  const bool cached = RelationGetRelid(log) == audit_log_relid;  // a shard's is checked each time
  if (cached && audit_log_layout_checked) return;
  TupleDesc desc = RelationGetDescr(log);
  bool ok = desc->natts == kColumnCount;
  for (int i = 0; ok && i < kColumnCount; ++i)
    ok = !TupleDescAttr(desc, i)->attisdropped &&
         strcmp(NameStr(TupleDescAttr(desc, i)->attname), kColumnNames[i]) == 0;
  if (!ok)
    ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                    errmsg("clinic.audit_log does not have the columns of version 1 of its hash"),
                    errhint("Reinstall or update the extension; do not ALTER clinic.audit_log.")));
  audit_log_layout_checked = cached;
}

// Whether Citus has made audit_log one of its tables (cached until audit_log's relcache entry
// is invalidated, which Citus does when it changes the table's metadata).
bool audit_log_is_distributed() {
  const Oid relid = clinic_relation("audit_log", &audit_log_relid);
  if (audit_log_distributed < 0) {
    const bool distributed = clinic::pg::citus_table(relid);  // may take invalidations
    audit_log_distributed = distributed ? 1 : 0;
  }
  return audit_log_distributed == 1;
}

// clinic.audit_log, refused when Citus has distributed it: this node's table is then an empty
// shell, and a row written into it would be read by nobody (the shards hold the trail).
Oid local_audit_log() {
  const Oid relid = clinic_relation("audit_log", &audit_log_relid);
  if (audit_log_is_distributed())
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("clinic.audit_log is distributed: this change cannot be recorded on "
                           "this node"),
                    errdetail("Citus writes the rows of distributed tables on their shards, and "
                              "the trail records them there; a TRUNCATE and "
                              "clinic.audit_log_purge() are not recorded on a distributed trail "
                              "yet.")));
  return relid;
}

// Where a chart access to `patient` is logged: audit_log; on a Citus node whose audit_log is
// distributed by hash, the shard the patient hashes to, which must be on this node (Citus runs
// a function distributed by its patient argument there).
Oid access_log(Datum patient) {
  const Oid log = clinic_relation("audit_log", &audit_log_relid);  // SPI may reset the cache
  if (!audit_log_is_distributed() || !clinic::pg::citus_hash_distributed(log))
    return local_audit_log();
  // As audit_log's owner: Citus's lookup wants SELECT on it, which a front desk has not.
  int64 shard = 0;
  int64 *shard_out = &shard;
  clinic::pg::as_role(relation_owner(log), [log, patient, shard_out]() noexcept {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    Oid types[2] = {OIDOID, UUIDOID};
    Datum args[2] = {ObjectIdGetDatum(log), patient};
    if (SPI_execute_with_args("SELECT pg_catalog.get_shard_id_for_distribution_column("
                              "$1::pg_catalog.regclass, $2)",
                              2, types, args, nullptr, true, 1) != SPI_OK_SELECT ||
        SPI_processed != 1)
      elog(ERROR, "SPI_execute failed: get_shard_id_for_distribution_column");
    bool isnull;
    const Datum d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
    *shard_out = isnull ? 0 : DatumGetInt64(d);
    SPI_finish();
  });
  if (shard == 0 || !clinic::pg::citus_placement_here(shard))
    ereport(ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("the audit_log shard of patient %s is not on this node",
                    DatumGetCString(DirectFunctionCall1(uuid_out, patient))),
             errhint("Distribute clinic.log_access(uuid, text) by its patient, co-located with "
                     "clinic.audit_log, so that Citus runs it on the patient's node "
                     "(doc/schema.md).")));
  return audit_log_shard(shard, log, "the patient");
}

// The last row of a chain in `rel` (whose primary key leads with patient_id; seq and hash at
// the given positions). With a dirty snapshot (the appender's), *writer is the transaction
// still inserting or deleting that row, if another one is: the caller waits for it and reads
// again. Otherwise it is invalid.
bool last_link(Relation rel, AttrNumber seq_attnum, AttrNumber hash_attnum,
               const pg_uuid_t *patient, Snapshot snapshot, int64 *seq, uint8 *hash,
               TransactionId *writer) {
  *writer = InvalidTransactionId;
  Relation index = index_open(clinic::pg::primary_key_index(rel), AccessShareLock);
  ScanKeyData key;
  ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_UUID_EQ, UUIDPGetDatum(patient));
  IndexScanDesc scan = clinic::pg::index_beginscan(rel, index, snapshot, 1, 0);
  index_rescan(scan, &key, 1, nullptr, 0);
  TupleTableSlot *slot = table_slot_create(rel, nullptr);
  const bool found = index_getnext_slot(scan, BackwardScanDirection, slot);
  if (found) {
    if (snapshot->snapshot_type == SNAPSHOT_DIRTY)
      *writer = TransactionIdIsValid(snapshot->xmin) ? snapshot->xmin : snapshot->xmax;
    bool isnull;
    *seq = DatumGetInt64(slot_getattr(slot, seq_attnum, &isnull));
    const Datum h = slot_getattr(slot, hash_attnum, &isnull);
    if (!read_hash(h, hash)) memset(hash, 0xff, kHashLength);  // verification reports it
  }
  ExecDropSingleTupleTableSlot(slot);
  index_endscan(scan);
  index_close(index, AccessShareLock);
  return found;
}

// Where clinic.audit_log_purge() last cut a chain: the last purged row's seq and hash, if it
// did.
bool purge_cut(const pg_uuid_t *patient, Snapshot snapshot, int64 *seq, uint8 *hash,
               TransactionId *writer) {
  Relation purges =
      table_open(clinic_relation("audit_log_purges", &audit_log_purges_relid), AccessShareLock);
  const bool cut =
      last_link(purges, attnameAttNum(purges, "seq", false), attnameAttNum(purges, "hash", false),
                patient, snapshot, seq, hash, writer);
  table_close(purges, AccessShareLock);
  return cut;
}

// Where a chain continues from: its last row in `log` (audit_log, open and layout-checked),
// else where a purge cut it, else the start. Returns the other transaction to wait for before
// the answer holds (invalid if none).
TransactionId chain_position(Relation log, const pg_uuid_t *patient, Snapshot snapshot, int64 *seq,
                             uint8 *hash) {
  TransactionId writer;
  if (last_link(log, kSeq + 1, kHash + 1, patient, snapshot, seq, hash, &writer)) return writer;
  if (purge_cut(patient, snapshot, seq, hash, &writer)) return writer;
  *seq = 0;
  memset(hash, 0, kHashLength);
  return InvalidTransactionId;
}

// The client's address, once per backend (inet_client_addr(), NULL over a Unix socket).
Datum client_addr_datum(bool *isnull) {
  static bool computed = false;
  static Datum addr = 0;
  static bool addr_null = true;
  if (!computed) {
    LOCAL_FCINFO(call, 0);
    InitFunctionCallInfoData(*call, nullptr, 0, InvalidOid, nullptr, nullptr);
    MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
    addr = inet_client_addr(call);
    MemoryContextSwitchTo(old);
    addr_null = call->isnull;
    computed = true;
  }
  *isnull = addr_null;
  return addr;
}

// The session user's name as text, looked up once per user (SET SESSION AUTHORIZATION changes
// the user; ALTER ROLE ... RENAME resets the cache through the syscache callback).
Oid session_user_cached = InvalidOid;
text *session_user_name = nullptr;  // in TopMemoryContext

void forget_session_user(Datum, int, uint32) {
  session_user_cached = InvalidOid;
}

Datum session_user_datum() {
  const Oid user = GetSessionUserId();
  if (user != session_user_cached || session_user_name == nullptr) {
    text *name = cstring_to_text(GetUserNameFromId(user, false));
    text *copy = static_cast<text *>(MemoryContextAlloc(TopMemoryContext, VARSIZE(name)));
    memcpy(copy, name, VARSIZE(name));
    if (session_user_name != nullptr) pfree(session_user_name);
    session_user_name = copy;
    session_user_cached = user;
  }
  return PointerGetDatum(session_user_name);
}

// audit_log's indexes as index_insert needs them, built once into a context of their own. An
// IndexInfo may point into its index's relcache entry (BRIN keeps its BrinDesc, with the index's
// tuple descriptor, in ii_AmCache), which an invalidation of that index alone may free: the
// relcache callback then marks them stale, and insert_row() frees and builds them again before
// its next use. The callback never frees them: an invalidation can arrive while they are in use
// (opening an index, or TOAST's first locks inside the heap insert).
constexpr int kMaxLogIndexes = 8;
struct LogIndex {
  Oid oid;
  IndexInfo *info;  // in log_index_context
};
LogIndex log_indexes[kMaxLogIndexes];
int log_index_count = -1;         // -1: not built
Oid log_index_heap = InvalidOid;  // the audit_log they were built for
bool log_index_stale = false;
MemoryContext log_index_context = nullptr;
uint64 log_index_generation = 0;  // counts the invalidations that made them stale

void log_indexes_changed(Oid relid) {
  bool ours = relid == InvalidOid || relid == log_index_heap;
  for (int i = 0; !ours && i < log_index_count; ++i) ours = log_indexes[i].oid == relid;
  if (!ours) return;
  log_index_stale = true;
  ++log_index_generation;
}

void drop_log_indexes() {
  if (log_index_context != nullptr) MemoryContextDelete(log_index_context);
  log_index_context = nullptr;
  log_index_count = -1;
  log_index_heap = InvalidOid;
  log_index_stale = false;
}

void build_log_indexes(Relation log) {
  List *oids = RelationGetIndexList(log);
  if (list_length(oids) > kMaxLogIndexes)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("clinic.audit_log has more than %d indexes", kMaxLogIndexes)));
  // A child of the current context until it is complete: an error frees it.
  MemoryContext context =
      AllocSetContextCreate(CurrentMemoryContext, "clinic audit_log indexes", ALLOCSET_SMALL_SIZES);
  LogIndex built[kMaxLogIndexes];
  int n = 0;
  ListCell *lc;
  foreach (lc, oids) {
    Relation index = index_open(lfirst_oid(lc), AccessShareLock);
    MemoryContext old = MemoryContextSwitchTo(context);
    IndexInfo *info = BuildIndexInfo(index);  // its ii_Context, where BRIN builds its cache
    MemoryContextSwitchTo(old);
    index_close(index, NoLock);  // kept to the transaction's end, as every lock taken here
    if (info->ii_Expressions != NIL || info->ii_Predicate != NIL ||
        info->ii_ExclusionOps != nullptr)
      ereport(ERROR,
              (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
               errmsg("clinic.audit_log may only have plain-column indexes"),
               errhint("Drop the expression, partial or exclusion index on clinic.audit_log.")));
    built[n++] = {lfirst_oid(lc), info};
  }
  MemoryContextSetParent(context, TopMemoryContext);  // log_index_count < 0: none is cached
  log_index_context = context;
  for (int i = 0; i < n; ++i) log_indexes[i] = built[i];
  log_index_count = n;
  log_index_heap = RelationGetRelid(log);
}

// A direct heap and index insert: no executor, no SPI, no permission check (nobody holds INSERT
// on audit_log), no trigger. Index keys come straight from the row's values, which is why
// audit_log may only have plain-column, non-partial indexes.
void insert_row(Relation log, HeapTuple row, const Datum *values, const bool *nulls) {
  // Open every index first; an invalidation taken while opening them makes the IndexInfos stale
  // (not freed): build them again, a few times at most (debug_discard_caches takes one at every
  // lock), else use them as built. Open, an index's relcache entry stays put.
  Relation indexes[kMaxLogIndexes];
  int n;
  for (int attempt = 0;; ++attempt) {
    const uint64 generation = log_index_generation;
    if (log_index_stale || log_index_count < 0 || log_index_heap != RelationGetRelid(log)) {
      drop_log_indexes();
      build_log_indexes(log);
    }
    n = log_index_count;
    for (int i = 0; i < n; ++i) indexes[i] = index_open(log_indexes[i].oid, RowExclusiveLock);
    if (generation == log_index_generation || attempt == 2) break;
    for (int i = 0; i < n; ++i) index_close(indexes[i], NoLock);
  }
  simple_heap_insert(log, row);
  for (int i = 0; i < n; ++i) {
    IndexInfo *info = log_indexes[i].info;
    if (!info->ii_ReadyForInserts) {  // being built by CREATE INDEX CONCURRENTLY
      index_close(indexes[i], NoLock);
      continue;
    }
    Datum key[INDEX_MAX_KEYS];
    bool key_null[INDEX_MAX_KEYS];
    for (int k = 0; k < info->ii_NumIndexAttrs; ++k) {
      const int attnum = info->ii_IndexAttrNumbers[k];
      key[k] = values[attnum - 1];
      key_null[k] = nulls[attnum - 1];
    }
    clinic::pg::index_insert(indexes[i], key, key_null, &row->t_self, log,
                             indexes[i]->rd_index->indisunique ? UNIQUE_CHECK_YES : UNIQUE_CHECK_NO,
                             false, info);
    index_close(indexes[i], NoLock);
  }
}

// Appends one row to its patient's chain and returns its seq. Writers of one patient queue on
// each other's transactions, not on a lock of ours: the chain's head is read with a dirty
// snapshot, and a head written by a transaction still in progress is waited for (as a unique
// index waits for a conflicting insert) before the chain is read again. So a transaction holds no
// lock per chain to its end, and one that appended to 20,000 chains blocks only the writers of
// those 20,000 patients. One of kChainLockStripes advisory locks, held from reading the head to
// inserting the row and released at once, keeps two writers from reading the same head.
int64 append(const Change &change) {
  Relation log =
      table_open(change.log != InvalidOid ? change.log : local_audit_log(), RowExclusiveLock);
  check_audit_log_layout(log);

  // The stripe: a hash of all 16 bytes of the id (ids need not be random: sequential test ids
  // share their leading bytes).
  LOCKTAG tag;
  const uint32 stripe = hash_bytes(change.patient->data, UUID_LEN) % kChainLockStripes;
  SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, 0, stripe, kChainLockClass);

  int64 last_seq;
  uint8 prev[kHashLength];
  for (;;) {
    (void)LockAcquire(&tag, ExclusiveLock, false, false);
    SnapshotData dirty;
    InitDirtySnapshot(dirty);
    const TransactionId writer = chain_position(log, change.patient, &dirty, &last_seq, prev);
    if (!TransactionIdIsValid(writer)) break;
    LockRelease(&tag, ExclusiveLock, false);
    XactLockTableWait(writer, nullptr, nullptr, XLTW_None);
    CHECK_FOR_INTERRUPTS();
  }

  Datum values[kColumnCount];
  bool nulls[kColumnCount] = {};
  values[kPatientId] = UUIDPGetDatum(change.patient);
  values[kSeq] = Int64GetDatum(last_seq + 1);
  values[kLoggedAt] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
  values[kTransactionId] = FullTransactionIdGetDatum(GetTopFullTransactionId());
  values[kOperation] = CStringGetTextDatum(change.operation);
  values[kTableName] = CStringGetTextDatum(change.table);
  nulls[kRowId] = change.row_id == nullptr;
  values[kRowId] = change.row_id ? UUIDPGetDatum(change.row_id) : 0;
  values[kOldValues] = change.old_values;
  nulls[kOldValues] = change.old_null;
  values[kNewValues] = change.new_values;
  nulls[kNewValues] = change.new_null;
  const char *actor = clinic::actor_setting();
  nulls[kActor] = actor == nullptr;
  values[kActor] = actor ? CStringGetTextDatum(actor) : 0;
  values[kDbUser] = session_user_datum();
  nulls[kApplicationName] = application_name == nullptr || application_name[0] == '\0';
  values[kApplicationName] = nulls[kApplicationName] ? 0 : CStringGetTextDatum(application_name);
  values[kClientAddr] = client_addr_datum(&nulls[kClientAddr]);
  values[kPrevHash] = bytea_datum(prev, kHashLength);
  uint8 hash[kHashLength];
  compute_hash(values, nulls, hash);
  values[kHash] = bytea_datum(hash, kHashLength);

  HeapTuple row = heap_form_tuple(RelationGetDescr(log), values, nulls);
  insert_row(log, row, values, nulls);
  LockRelease(&tag, ExclusiveLock, false);  // the row now makes the next writer wait for us
  heap_freetuple(row);
  table_close(log, NoLock);
  return last_seq + 1;
}

const pg_uuid_t *uuid_column(HeapTuple row, TupleDesc desc, int attnum, const char *what) {
  bool isnull;
  const Datum d = heap_getattr(row, attnum, desc, &isnull);
  if (isnull)
    ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION),
                    errmsg("clinic.audit_trail_trigger(): %s of a row is NULL", what)));
  return DatumGetUUIDP(d);
}

int uuid_attnum(TupleDesc desc, const char *name, bool required) {
  const int attnum = SPI_fnumber(desc, name);
  if (attnum <= 0) {
    if (!required) return 0;
    ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                    errmsg("clinic.audit_trail_trigger(): the table has no column \"%s\"", name)));
  }
  if (SPI_gettypeid(desc, attnum) != UUIDOID) {
    if (!required) return 0;
    ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                    errmsg("clinic.audit_trail_trigger(): column \"%s\" is not a uuid", name)));
  }
  return attnum;
}

void audit_row_change(TriggerData *data) {
  const TriggerEvent ev = data->tg_event;
  if (data->tg_trigger->tgnargs != 1)
    ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                    errmsg("clinic.audit_trail_trigger() needs one argument: the patient key "
                           "column")));
  Relation rel = data->tg_relation;
  TupleDesc desc = RelationGetDescr(rel);
  // A Citus shard move or split by logical replication replays the source's audit rows, which
  // already record the change, into the new audit_log shard: logging it again would duplicate
  // their keys (and the new placements are not in the metadata yet).
  if (clinic::pg::citus_shard_transfer_worker() &&
      clinic::pg::citus_shard_name(RelationGetRelid(rel)))
    return;
  const AuditedTable *t = audited_table(rel, data->tg_trigger->tgargs[0]);

  Change change{};
  change.table = NameStr(t->logical_name);
  change.log = t->log_relid;
  change.old_null = change.new_null = true;
  HeapTuple row = data->tg_trigtuple;  // the old row, except on INSERT
  bool any;
  if (TRIGGER_FIRED_BY_INSERT(ev)) {
    change.operation = "INSERT";
    change.new_values = row_jsonb(t, desc, row, nullptr, &any);
    change.new_null = false;
  } else if (TRIGGER_FIRED_BY_DELETE(ev)) {
    change.operation = "DELETE";
    change.old_values = row_jsonb(t, desc, row, nullptr, &any);
    change.old_null = false;
  } else {
    change.operation = "UPDATE";
    change.new_values = row_jsonb(t, desc, data->tg_newtuple, row, &any);
    if (!any) return;  // an UPDATE that changed nothing changed no PHI
    change.old_values = row_jsonb(t, desc, row, data->tg_newtuple, &any);
    change.old_null = change.new_null = false;
    row = data->tg_newtuple;
  }
  change.patient = uuid_column(row, desc, t->patient_attnum, data->tg_trigger->tgargs[0]);
  change.row_id = t->id_attnum ? uuid_column(row, desc, t->id_attnum, "id") : nullptr;
  append(change);
}

// TRUNCATE removes rows without row triggers: record it, with the number of rows, in the
// system chain before they go.
void audit_truncate(TriggerData *data) {
  Relation rel = data->tg_relation;
  (void)local_audit_log();  // refuses before counting the rows if the trail is distributed
  const char *sql =
      psprintf("SELECT pg_catalog.count(*) FROM %s",
               quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
                                          RelationGetRelationName(rel)));
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  if (SPI_execute(sql, true, 1) != SPI_OK_SELECT) elog(ERROR, "SPI_execute failed: %s", sql);
  bool isnull;
  const int64 rows =
      DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
  SPI_finish();
  Change change{};
  change.patient = &kSystemChain;
  change.operation = "TRUNCATE";
  change.table = RelationGetRelationName(rel);
  change.old_null = true;
  change.new_values = small_object("rows", nullptr, DirectFunctionCall1(int8_numeric, rows));
  append(change);
}

void audit_trail_trigger(FunctionCallInfo fcinfo) {
  if (!CALLED_AS_TRIGGER(fcinfo))
    ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                    errmsg("clinic.audit_trail_trigger() must be called as a trigger")));
  auto *data = reinterpret_cast<TriggerData *>(fcinfo->context);
  const TriggerEvent ev = data->tg_event;
  if (TRIGGER_FIRED_BY_TRUNCATE(ev)) {
    // The local copy of a Citus table's rows holds no row of the cluster: nothing to record.
    if (discarding_local_rows && pg::citus_table(RelationGetRelid(data->tg_relation))) return;
    if (audit_trail_enabled) audit_truncate(data);
    return;
  }
  if (!TRIGGER_FIRED_AFTER(ev) || !TRIGGER_FIRED_FOR_ROW(ev))
    ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                    errmsg("clinic.audit_trail_trigger() must be an AFTER ... FOR EACH ROW "
                           "trigger, or a TRUNCATE statement trigger")));
  if (audit_trail_enabled) audit_row_change(data);
}

}  // namespace clinic::trail

namespace clinic {

void define_audit_trail_settings() {
  using namespace trail;
  DefineCustomBoolVariable(
      "clinic.audit_trail", "Records changes of PHI tables in clinic.audit_log.",
      "Superusers turn it off only to restore a dump, whose audit_log already holds the history.",
      &audit_trail_enabled, true, PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomIntVariable("clinic.audit_log_min_retention_days",
                          "clinic.audit_log_purge() keeps audit rows at least this many days.",
                          "Six years by default (HIPAA, 45 CFR 164.316(b)(2)).",
                          &audit_log_min_retention_days, 6 * 365, 0, 100 * 365, PGC_SUSET, 0,
                          nullptr, nullptr, nullptr);
  CacheRegisterRelcacheCallback(invalidate_relation, 0);
  CacheRegisterSyscacheCallback(AUTHOID, forget_session_user, 0);
}

}  // namespace clinic

using namespace clinic::trail;

CLINIC_FUNCTION(clinic_audit_trail_trigger) {
  clinic::pg_guard([fcinfo] { audit_trail_trigger(fcinfo); });
  return PointerGetDatum(nullptr);
}

CLINIC_FUNCTION(clinic_log_access) {
  const Datum patient = PG_GETARG_DATUM(0);
  text *purpose = PG_GETARG_TEXT_PP(1);
  return clinic::pg_guard([patient, purpose] {
    // The log is append-only and kept for years: a purpose is a reason, not a document.
    const char *data = VARDATA_ANY(purpose);
    const int len = VARSIZE_ANY_EXHDR(purpose);
    if (len > kMaxPurposeLength && pg_mbcharcliplen(data, len, kMaxPurposeLength) < len)
      ereport(ERROR, (errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
                      errmsg("the purpose of a chart access must be at most %d characters",
                             kMaxPurposeLength),
                      errhint("Say why the chart is read, e.g. 'treatment' or 'billing'.")));
    char *p = text_to_cstring(purpose);
    bool blank = true;
    for (const char *c = p; *c && blank; ++c) blank = *c == ' ' || *c == '\t' || *c == '\n';
    if (blank)
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("the purpose of a chart access must not be empty"),
                      errhint("Say why the chart is read, e.g. 'treatment' or 'billing'.")));
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    Oid type = UUIDOID;
    Datum args[1] = {patient};
    if (SPI_execute_with_args("SELECT 1 FROM clinic.patients WHERE id = $1", 1, &type, args,
                              nullptr, true, 1) != SPI_OK_SELECT)
      elog(ERROR, "SPI_execute failed");
    const bool exists = SPI_processed > 0;
    SPI_finish();
    if (!exists)
      ereport(ERROR, (errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
                      errmsg("patient %s does not exist",
                             DatumGetCString(DirectFunctionCall1(uuid_out, patient)))));
    Change change{};
    change.patient = DatumGetUUIDP(patient);
    change.operation = "ACCESS";
    change.table = "patients";
    change.row_id = change.patient;
    change.old_null = true;
    change.new_values = small_object("purpose", p, 0);
    change.log = access_log(patient);
    return Int64GetDatum(append(change));
  });
}

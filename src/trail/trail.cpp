// The tamper-evident audit trail of PHI (design: doc/audit-trail.md).
//
// clinic.audit_trail_trigger() appends one clinic.audit_log row per changed PHI row (and one per
// TRUNCATE); clinic.log_access() one per recorded chart read. Every row is linked into its
// patient's SHA-256 chain: hash = SHA-256(domain tag, every column but hash, prev_hash included).
// clinic.verify_audit_log() recomputes the chains with the same encoder.
//
// Everything below that calls PostgreSQL is plain C-style code that owns no C++ object: each
// entry point runs it inside one pg_guard(), so an ERROR raised anywhere in it unwinds nothing
// but PostgreSQL state and reaches the boundary with its SQLSTATE.
#include "pg/pg.hpp"

#include "schema/actor.hpp"
#include "trail/trail.hpp"
#include "pg/boundary.hpp"
#include "pg/compat.hpp"

extern "C" {
#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/event_trigger.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "nodes/parsenodes.h"
#include "parser/parse_relation.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "catalog/pg_proc.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/resowner.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
#include "utils/xid8.h"
}

#include <cstring>

namespace {

// ---------------------------------------------------------------------------------------------
// The audit_log row and its hash

// audit_log's columns in table order; the hash covers all but the last, in this order.
enum Column {
  kPatientId,
  kSeq,
  kLoggedAt,
  kTransactionId,
  kOperation,
  kTableName,
  kRowId,
  kOldValues,
  kNewValues,
  kActor,
  kDbUser,
  kApplicationName,
  kClientAddr,
  kPrevHash,
  kHash,
  kColumnCount
};
// How each hashed column is encoded: a fixed width or a length-prefixed byte string.
enum Encoding { kUuidBytes, kInt64, kVarlenaBytes, kJsonbText, kInetText };
const Encoding kEncodings[kHash] = {kUuidBytes,    kInt64,        kInt64,        kInt64,
                                    kVarlenaBytes, kVarlenaBytes, kUuidBytes,    kJsonbText,
                                    kJsonbText,    kVarlenaBytes, kVarlenaBytes, kVarlenaBytes,
                                    kInetText,     kVarlenaBytes};
// The column names, in table order: the layout the encoder expects, and what verification
// selects.
const char *const kColumnNames[kColumnCount] = {
    "patient_id",  "seq",        "logged_at",  "transaction_id", "operation", "table_name",
    "row_id",      "old_values", "new_values", "actor",          "db_user",   "application_name",
    "client_addr", "prev_hash",  "hash"};
// Versions the encoding: a future change of it hashes under another tag.
constexpr char kHashDomain[] = "clinic.audit_log.v1";
constexpr int kHashLength = PG_SHA256_DIGEST_LENGTH;
// The chain of table-level events.
const pg_uuid_t kSystemChain = {{0}};
// Advisory lock class (locktag field4) of the per-chain append locks; pg_advisory_* use 1 and 2.
constexpr uint16 kChainLockClass = 0x434c;
constexpr uint32 kChainLockStripes = 1024;
// clinic.log_access() refuses a longer purpose (22001).
constexpr int kMaxPurposeLength = 1000;

void append_uint32(StringInfo buf, uint32 v) {
  const unsigned char b[4] = {static_cast<unsigned char>(v >> 24),
                              static_cast<unsigned char>(v >> 16),
                              static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
  appendBinaryStringInfo(buf, reinterpret_cast<const char *>(b), 4);
}

void append_bytes(StringInfo buf, const char *data, int len) {
  append_uint32(buf, static_cast<uint32>(len));
  appendBinaryStringInfo(buf, data, len);
}

// One SHA-256 context for the life of the backend, re-initialised per hash: creating one per
// row (with OpenSSL underneath, a digest fetch under locks) cost more than hashing. It belongs
// to a resource owner of its own, so no transaction's end frees it.
pg_cryptohash_ctx *sha256_context() {
  static pg_cryptohash_ctx *ctx = nullptr;
  static ResourceOwner owner = nullptr;
  if (ctx == nullptr) {
    if (owner == nullptr) owner = ResourceOwnerCreate(nullptr, "clinic audit trail SHA-256");
    ResourceOwner saved = CurrentResourceOwner;
    CurrentResourceOwner = owner;
    PG_TRY();
    { ctx = pg_cryptohash_create(PG_SHA256); }
    PG_FINALLY();
    { CurrentResourceOwner = saved; }
    PG_END_TRY();
    if (ctx == nullptr) elog(ERROR, "could not create a SHA-256 context");
  }
  return ctx;
}

// SHA-256 over a session-independent encoding: uuids as their 16 bytes, integers and times
// (microseconds) big-endian, jsonb as its canonical text, inet as its text, strings as
// length-prefixed bytes, NULL as a distinct marker. No setting (TimeZone, DateStyle) enters.
void compute_hash(const Datum *values, const bool *nulls, uint8 *out) {
  StringInfoData buf;
  initStringInfo(&buf);
  appendBinaryStringInfo(&buf, kHashDomain, sizeof kHashDomain);
  for (int c = 0; c < kHash; ++c) {
    if (nulls[c]) {
      appendStringInfoChar(&buf, 0);
      continue;
    }
    appendStringInfoChar(&buf, 1);
    switch (kEncodings[c]) {
      case kUuidBytes:
        appendBinaryStringInfo(&buf, reinterpret_cast<const char *>(DatumGetUUIDP(values[c])->data),
                               UUID_LEN);
        break;
      case kInt64: {
        const uint64 v = DatumGetUInt64(values[c]);
        append_uint32(&buf, static_cast<uint32>(v >> 32));
        append_uint32(&buf, static_cast<uint32>(v));
        break;
      }
      case kVarlenaBytes: {
        const struct varlena *v = PG_DETOAST_DATUM_PACKED(values[c]);
        append_bytes(&buf, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
        break;
      }
      case kJsonbText: {
        Jsonb *j = DatumGetJsonbP(values[c]);
        StringInfoData text;
        initStringInfo(&text);
        JsonbToCString(&text, &j->root, VARSIZE(j));
        append_bytes(&buf, text.data, text.len);
        break;
      }
      case kInetText: {
        const char *s = DatumGetCString(DirectFunctionCall1(inet_out, values[c]));
        append_bytes(&buf, s, static_cast<int>(strlen(s)));
        break;
      }
    }
  }
  pg_cryptohash_ctx *ctx = sha256_context();
  if (pg_cryptohash_init(ctx) < 0 ||
      pg_cryptohash_update(ctx, reinterpret_cast<const uint8 *>(buf.data), buf.len) < 0 ||
      pg_cryptohash_final(ctx, out, kHashLength) < 0)
    elog(ERROR, "could not compute SHA-256: %s", pg_cryptohash_error(ctx));
  pfree(buf.data);
}

Datum bytea_datum(const uint8 *data, int len) {
  bytea *b = static_cast<bytea *>(palloc(VARHDRSZ + len));
  SET_VARSIZE(b, VARHDRSZ + len);
  memcpy(VARDATA(b), data, len);
  return PointerGetDatum(b);
}

// Copies a stored 32-byte hash out; false if it is not 32 bytes (a tampered row).
bool read_hash(Datum d, uint8 *out) {
  const bytea *b = DatumGetByteaPP(d);
  if (VARSIZE_ANY_EXHDR(b) != kHashLength) return false;
  memcpy(out, VARDATA_ANY(b), kHashLength);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Per-relation caches, dropped when the relation changes

bool audit_trail_enabled = true;
bool maintenance_in_progress = false;  // set only inside clinic.audit_log_purge() and _seal()
Oid audit_log_relid = InvalidOid;
bool audit_log_layout_checked = false;  // check_audit_log_layout() passed for audit_log_relid
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
};
HTAB *audited_tables = nullptr;

void forget_log_indexes();

void invalidate_relation(Datum, Oid relid) {
  if (relid == InvalidOid || relid == audit_log_relid) {
    audit_log_relid = InvalidOid;
    audit_log_layout_checked = false;
    forget_log_indexes();
  }
  if (relid == InvalidOid || relid == audit_log_purges_relid) audit_log_purges_relid = InvalidOid;
  if (audited_tables == nullptr) return;
  HASH_SEQ_STATUS status;
  hash_seq_init(&status, audited_tables);
  while (auto *entry = static_cast<AuditedTable *>(hash_seq_search(&status)))
    if (relid == InvalidOid || entry->relid == relid) entry->valid = false;
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
  entry->valid = true;
  return entry;
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

// audit_log must still have the columns the encoder expects, in order. Checked once per
// relcache entry: ALTER TABLE invalidates it and resets the flag.
void check_audit_log_layout(Relation log) {
  if (audit_log_layout_checked) return;
  TupleDesc desc = RelationGetDescr(log);
  bool ok = desc->natts == kColumnCount;
  for (int i = 0; ok && i < kColumnCount; ++i)
    ok = !TupleDescAttr(desc, i)->attisdropped &&
         strcmp(NameStr(TupleDescAttr(desc, i)->attname), kColumnNames[i]) == 0;
  if (!ok)
    ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
                    errmsg("clinic.audit_log does not have the columns of version 1 of its hash"),
                    errhint("Reinstall or update the extension; do not ALTER clinic.audit_log.")));
  audit_log_layout_checked = true;
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

// audit_log's indexes as index_insert needs them, built once and dropped by the relcache
// callback when audit_log (or one of its indexes) changes.
constexpr int kMaxLogIndexes = 8;
struct LogIndex {
  Oid oid;
  IndexInfo *info;  // in TopMemoryContext
};
LogIndex log_indexes[kMaxLogIndexes];
int log_index_count = -1;  // -1: not built

void forget_log_indexes() {
  for (int i = 0; i < log_index_count; ++i) pfree(log_indexes[i].info);
  log_index_count = -1;
}

// A direct heap and index insert: no executor, no SPI, no permission check (nobody holds INSERT
// on audit_log), no trigger. Index keys come straight from the row's values, which is why
// audit_log may only have plain-column, non-partial indexes.
void insert_row(Relation log, HeapTuple row, const Datum *values, const bool *nulls) {
  if (log_index_count < 0) {
    List *oids = RelationGetIndexList(log);
    if (list_length(oids) > kMaxLogIndexes)
      ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                      errmsg("clinic.audit_log has more than %d indexes", kMaxLogIndexes)));
    int n = 0;
    ListCell *lc;
    foreach (lc, oids) {
      Relation index = index_open(lfirst_oid(lc), AccessShareLock);
      MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
      IndexInfo *info = BuildIndexInfo(index);
      MemoryContextSwitchTo(old);
      index_close(index, AccessShareLock);
      if (info->ii_Expressions != NIL || info->ii_Predicate != NIL ||
          info->ii_ExclusionOps != nullptr) {
        pfree(info);
        ereport(ERROR,
                (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                 errmsg("clinic.audit_log may only have plain-column indexes"),
                 errhint("Drop the expression, partial or exclusion index on clinic.audit_log.")));
      }
      log_indexes[n++] = {lfirst_oid(lc), info};
    }
    log_index_count = n;
  }
  simple_heap_insert(log, row);
  for (int i = 0; i < log_index_count; ++i) {
    Relation index = index_open(log_indexes[i].oid, RowExclusiveLock);
    IndexInfo *info = log_indexes[i].info;
    Datum key[INDEX_MAX_KEYS];
    bool key_null[INDEX_MAX_KEYS];
    for (int k = 0; k < info->ii_NumIndexAttrs; ++k) {
      const int attnum = info->ii_IndexAttrNumbers[k];
      key[k] = values[attnum - 1];
      key_null[k] = nulls[attnum - 1];
    }
    clinic::pg::index_insert(index, key, key_null, &row->t_self, log,
                             index->rd_index->indisunique ? UNIQUE_CHECK_YES : UNIQUE_CHECK_NO,
                             false, info);
    index_close(index, NoLock);
  }
}

struct Change {
  const pg_uuid_t *patient;
  const char *operation;
  const char *table;
  const pg_uuid_t *row_id;  // may be null
  Datum old_values, new_values;
  bool old_null, new_null;
};

// Appends one row to its patient's chain and returns its seq. Writers of one patient queue on
// each other's transactions, not on a lock of ours: the chain's head is read with a dirty
// snapshot, and a head written by a transaction still in progress is waited for (as a unique
// index waits for a conflicting insert) before the chain is read again. So a transaction holds no
// lock per chain to its end, and one that appended to 20,000 chains blocks only the writers of
// those 20,000 patients. One of kChainLockStripes advisory locks, held from reading the head to
// inserting the row and released at once, keeps two writers from reading the same head.
int64 append(const Change &change) {
  Relation log = table_open(clinic_relation("audit_log", &audit_log_relid), RowExclusiveLock);
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
  const AuditedTable *t = audited_table(rel, data->tg_trigger->tgargs[0]);

  Change change{};
  change.table = RelationGetRelationName(rel);
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
    if (audit_trail_enabled) audit_truncate(data);
    return;
  }
  if (!TRIGGER_FIRED_AFTER(ev) || !TRIGGER_FIRED_FOR_ROW(ev))
    ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                    errmsg("clinic.audit_trail_trigger() must be an AFTER ... FOR EACH ROW "
                           "trigger, or a TRUNCATE statement trigger")));
  if (audit_trail_enabled) audit_row_change(data);
}

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

const char *first_trail_problem(const char *tables, bool latest);

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

// ---------------------------------------------------------------------------------------------
// The guard against disabling or dropping the triggers

bool protected_trigger(const char *name) {
  return name != nullptr &&
         (strcmp(name, "audit_trail") == 0 || strcmp(name, "audit_trail_truncate") == 0 ||
          strcmp(name, "append_only") == 0 || strcmp(name, "append_only_truncate") == 0);
}

bool in_clinic_schema(RangeVar *rv) {
  const Oid relid = RangeVarGetRelid(rv, NoLock, true);
  if (relid == InvalidOid) return false;
  const Oid nsp = get_namespace_oid("clinic", true);
  return nsp != InvalidOid && get_rel_namespace(relid) == nsp;
}

void refuse(const char *what, const char *table) {
  ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                  errmsg("cannot %s on clinic.%s: the PHI audit trail must stay on", what, table),
                  errhint("The audit_trail and append_only triggers are ENABLE ALWAYS; for a "
                          "restore, SET clinic.audit_trail = off instead.")));
}

void audit_trail_guard(Node *parsetree) {
  if (IsA(parsetree, AlterTableStmt)) {
    auto *stmt = reinterpret_cast<AlterTableStmt *>(parsetree);
    if (stmt->relation == nullptr || !in_clinic_schema(stmt->relation)) return;
    ListCell *lc;
    foreach (lc, stmt->cmds) {
      auto *cmd = static_cast<AlterTableCmd *>(lfirst(lc));
      switch (cmd->subtype) {
        case AT_EnableTrig:
        case AT_EnableReplicaTrig:
        case AT_DisableTrig:
          if (protected_trigger(cmd->name)) refuse("change trigger", stmt->relation->relname);
          break;
        case AT_EnableTrigAll:
        case AT_EnableTrigUser:
        case AT_DisableTrigAll:
        case AT_DisableTrigUser:
          refuse("change all triggers", stmt->relation->relname);
          break;
        default:
          break;
      }
    }
    return;
  }
  if (IsA(parsetree, DropStmt)) {
    auto *stmt = reinterpret_cast<DropStmt *>(parsetree);
    if (stmt->removeType != OBJECT_TRIGGER) return;
    ListCell *lc;
    foreach (lc, stmt->objects) {
      List *names = static_cast<List *>(lfirst(lc));
      if (list_length(names) < 2) continue;
      const char *trigger = strVal(llast(names));
      if (!protected_trigger(trigger)) continue;
      RangeVar *rv =
          makeRangeVarFromNameList(list_truncate(list_copy(names), list_length(names) - 1));
      if (in_clinic_schema(rv)) refuse("drop trigger", rv->relname);
    }
  }
}

// The first problem clinic._audit_trail_problems() reports, as "clinic.table: problem" (or the
// problem alone), limited to `tables` (an SQL list of quoted names) if given; NULL if none. The
// caller is connected to SPI; `latest` reads the catalog as the current command left it (a new
// snapshot), not as the caller's snapshot saw it.
const char *first_trail_problem(const char *tables, bool latest) {
  const char *sql = psprintf(
      "SELECT coalesce('clinic.' || table_name || ': ', '') || problem "
      "FROM clinic._audit_trail_problems() %s%s%s LIMIT 1",
      tables ? "WHERE table_name IN (" : "", tables ? tables : "", tables ? ")" : "");
  if (SPI_execute(sql, !latest, 1) != SPI_OK_SELECT) elog(ERROR, "SPI_execute failed: %s", sql);
  if (SPI_processed == 0) return nullptr;
  return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
}

// After a command that could have touched the trail: refuse it (42501) if it left any problem.
// The check runs as the guard function's owner (a superuser): the command's author need not be
// allowed to read clinic's catalog helpers, only to leave the trail as it was.
void audit_trail_state_guard(Oid guard_function) {
  HeapTuple proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(guard_function));
  if (!HeapTupleIsValid(proc)) elog(ERROR, "cache lookup failed for function %u", guard_function);
  const Oid owner = reinterpret_cast<Form_pg_proc>(GETSTRUCT(proc))->proowner;
  ReleaseSysCache(proc);
  Oid saved_user;
  int saved_context;
  GetUserIdAndSecContext(&saved_user, &saved_context);
  SetUserIdAndSecContext(
      owner, saved_context | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
  const char *problem = nullptr;
  PG_TRY();
  {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    problem = first_trail_problem(nullptr, true);
    if (problem != nullptr) problem = pstrdup(problem);  // SPI's memory goes at SPI_finish
    SPI_finish();
  }
  PG_FINALLY();
  { SetUserIdAndSecContext(saved_user, saved_context); }
  PG_END_TRY();
  if (problem != nullptr)
    ereport(ERROR,
            (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
             errmsg("the PHI audit trail must stay on: %s", problem),
             errdetail("The command would leave the trail's triggers or tables in that state."),
             errhint("The audit_trail and append_only triggers stay ENABLE ALWAYS whatever their "
                     "name, and only clinic's own triggers may be on the trail's tables; for a "
                     "restore, SET clinic.audit_trail = off instead.")));
}

}  // namespace

namespace clinic {

void define_audit_trail_settings() {
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

CLINIC_FUNCTION(clinic_audit_trail_trigger) {
  clinic::pg_guard([fcinfo] { audit_trail_trigger(fcinfo); });
  return PointerGetDatum(nullptr);
}

// Refuses every UPDATE, DELETE and TRUNCATE of the trail, except the purge's own.
CLINIC_FUNCTION(clinic_audit_log_append_only) {
  if (!CALLED_AS_TRIGGER(fcinfo))
    throw clinic::Error(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED,
                        "clinic.audit_log_append_only() must be called as a trigger");
  const auto *data = reinterpret_cast<TriggerData *>(fcinfo->context);
  const TriggerEvent ev = data->tg_event;
  if (maintenance_in_progress && TRIGGER_FIRED_FOR_ROW(ev))
    return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(ev) ? data->tg_newtuple : data->tg_trigtuple);
  const char *op = TRIGGER_FIRED_BY_UPDATE(ev)   ? "UPDATE"
                   : TRIGGER_FIRED_BY_DELETE(ev) ? "DELETE"
                                                 : "TRUNCATE";
  throw clinic::Error(ERRCODE_INSUFFICIENT_PRIVILEGE,
                      std::string(op) + " of clinic." + RelationGetRelationName(data->tg_relation) +
                          " is not allowed: the audit trail is append-only",
                      "No role may change or remove audit rows, the table owner included.",
                      "Retention: SELECT clinic.audit_log_purge(interval), which records itself.");
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
    return Int64GetDatum(append(change));
  });
}

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

CLINIC_FUNCTION(clinic_audit_trail_guard) {
  if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
    throw clinic::Error(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED,
                        "clinic.audit_trail_guard() must be called as an event trigger");
  const auto *data = reinterpret_cast<EventTriggerData *>(fcinfo->context);
  if (strcmp(data->event, "ddl_command_end") == 0) {
    const Oid self = fcinfo->flinfo->fn_oid;
    clinic::pg_guard([self] { audit_trail_state_guard(self); });
    return 0;
  }
  Node *parsetree = data->parsetree;
  if (parsetree != nullptr) clinic::pg_guard([parsetree] { audit_trail_guard(parsetree); });
  return 0;
}

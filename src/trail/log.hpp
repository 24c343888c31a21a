// What the trail's files share: audit_log's row layout and its hash, the trail's settings and
// state, and the helpers more than one of them calls. Plain PostgreSQL code (see trail.hpp).
#pragma once

#include "pg/pg.hpp"

extern "C" {
#include "common/sha2.h"
#include "executor/spi.h"
#include "utils/jsonb.h"
#include "utils/snapshot.h"
#include "utils/uuid.h"
}

namespace clinic::trail {

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
// The column names, in table order: the layout the encoder expects, and what verification
// selects.
extern const char *const kColumnNames[kColumnCount];
constexpr int kHashLength = PG_SHA256_DIGEST_LENGTH;
// The chain of table-level events.
extern const pg_uuid_t kSystemChain;

// SHA-256 of a row's columns (all but hash) into out (kHashLength bytes): src/trail/hash.cpp.
void compute_hash(const Datum *values, const bool *nulls, uint8 *out);
Datum bytea_datum(const uint8 *data, int len);
// Copies a stored 32-byte hash out; false if it is not 32 bytes (a tampered row).
bool read_hash(Datum d, uint8 *out);

// The settings clinic.audit_trail and clinic.audit_log_min_retention_days, and whether the purge
// or the seal is running (the append-only trigger lets only them through).
extern bool audit_trail_enabled;
extern bool maintenance_in_progress;
// Set only inside clinic._discard_local_rows(): the TRUNCATE statement triggers of the trail let
// through a TRUNCATE of a Citus table's own (invisible) rows, and record nothing.
extern bool discarding_local_rows;
extern int audit_log_min_retention_days;

// One change to append to its patient's chain (src/trail/append.cpp).
struct Change {
  const pg_uuid_t *patient;
  const char *operation;
  const char *table;
  const pg_uuid_t *row_id;  // may be null
  Oid log;                  // InvalidOid: clinic.audit_log; else a Citus shard of it (append.cpp)
  Datum old_values, new_values;
  bool old_null, new_null;
};
// Appends the row and returns its seq.
int64 append(const Change &change);
// pushJsonbValue keeps the pointer, not the characters: s must live until the object is built.
void push_string(JsonbParseState **state, JsonbIteratorToken token, const char *s, int len);
// Where clinic.audit_log_purge() last cut a chain: the last purged row's seq and hash, if it did.
bool purge_cut(const pg_uuid_t *patient, Snapshot snapshot, int64 *seq, uint8 *hash,
               TransactionId *writer);
// clinic.audit_log's oid, cached until its relcache entry is invalidated (src/trail/append.cpp);
// 42P01 when it does not exist.
Oid audit_log_oid();
// The first problem of the trail's triggers and tables (src/trail/guard.cpp), or NULL.
const char *first_trail_problem(const char *tables, bool latest);

}  // namespace clinic::trail

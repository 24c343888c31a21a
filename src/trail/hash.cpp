// audit_log's row hash: SHA-256 over a session-independent encoding of every column but hash.
#include "pg/pg.hpp"

#include "trail/log.hpp"

extern "C" {
#include "common/cryptohash.h"
}

#include <cstring>

namespace clinic::trail {

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
// The chain of table-level events.
const pg_uuid_t kSystemChain = {{0}};

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

}  // namespace clinic::trail

#include "pg/pg.hpp"

#include "audit/prisma.hpp"

#include "pg/access.hpp"
#include "pg/boundary.hpp"
#include "pg/datum.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

extern "C" {
#include "access/detoast.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/varlena.h"
}

namespace clinic {
namespace {

constexpr const char *kTable = "_prisma_migrations";
// Prisma's migration_name is varchar(255): a longer name is hostile, and is read cut. Of a
// failed migration's log, migration_status() shows the start.
constexpr int kNameChars = 1000, kLogChars = 200;
constexpr Size kStoredLimit = 1 << 20;

// The columns read, in this order; logs may be missing.
enum Column { kName, kStarted, kFinished, kRolledBack, kSteps, kLogs, kColumns };
constexpr const char *kColumnNames[kColumns] = {
    "migration_name", "started_at", "finished_at", "rolled_back_at", "applied_steps_count", "logs"};

// Prisma's types, by OID (never a domain or a type the schema's owner made).
bool prisma_type(int column, Oid type) {
  switch (column) {
    case kName:
    case kLogs:
      return type == TEXTOID || type == VARCHAROID;
    case kSteps:
      return type == INT4OID;
    default:
      return type == TIMESTAMPTZOID || type == TIMESTAMPOID;
  }
}

// Each column's number in the relation (0: missing) and its collation, from the locked
// relation's descriptor; "" when every column has Prisma's type, else what is wrong.
std::string columns_of(Relation rel, AttrNumber (&att)[kColumns], Oid *name_collation) {
  const TupleDesc desc = RelationGetDescr(rel);
  for (int c = 0; c < kColumns; ++c) {
    att[c] = 0;
    for (int i = 0; i < desc->natts; ++i) {
      const Form_pg_attribute a = TupleDescAttr(desc, i);
      if (a->attisdropped || std::strcmp(NameStr(a->attname), kColumnNames[c]) != 0) continue;
      if (!prisma_type(c, a->atttypid))
        return std::string("its column ") + kColumnNames[c] + " is not of a type Prisma uses";
      att[c] = a->attnum;
      if (c == kName) *name_collation = a->attcollation;
    }
    if (att[c] == 0 && c != kLogs) return std::string("it has no column ") + kColumnNames[c];
  }
  return "";
}

// A text value's first `chars` characters, nullopt for NULL or a missing column. Only that
// prefix is detoasted (a hostile row may hold a gigabyte that compresses to little), and a value
// stored out of line in over kStoredLimit bytes is not fetched at all: PostgreSQL fetches an
// lz4-compressed one whole even for a prefix.
// The row's value of column att; nullopt for NULL or a missing column (att 0).
std::optional<Datum> value_of(TupleTableSlot *slot, AttrNumber att) {
  if (att == 0) return std::nullopt;
  bool isnull;
  const Datum d = pg_guard([slot, att, &isnull] { return slot_getattr(slot, att, &isnull); });
  if (isnull) return std::nullopt;
  return d;
}

std::optional<std::string> text_prefix(TupleTableSlot *slot, AttrNumber att, int chars) {
  const auto value = value_of(slot, att);
  if (!value) return std::nullopt;
  const Datum d = *value;
  const Size stored = pg_guard(
      [d] { return VARATT_IS_EXTERNAL(DatumGetPointer(d)) ? toast_datum_size(d) : Size(0); });
  if (stored > kStoredLimit) return "(not read: stored in " + std::to_string(stored) + " bytes)";
  return take_cstring(pg_guard([d, chars] {
    // At most MAX_MULTIBYTE_CHAR_LEN bytes a character; one character more than is kept, whole,
    // because pg_mbcharcliplen reads the length of the character after its limit.
    text *t = pg_detoast_datum_slice(reinterpret_cast<varlena *>(DatumGetPointer(d)), 0,
                                     static_cast<int32>(chars + 1) * MAX_MULTIBYTE_CHAR_LEN);
    const char *data = VARDATA_ANY(t);
    const int len = pg_mbcharcliplen(data, VARSIZE_ANY_EXHDR(t), chars);
    char *out = pnstrdup(data, len);
    pfree(t);
    return out;
  }));
}

std::optional<int64_t> time_value(TupleTableSlot *slot, AttrNumber att) {
  const auto value = value_of(slot, att);
  if (!value) return std::nullopt;
  // A timestamp without time zone is read as UTC, as Prisma writes it.
  return static_cast<int64_t>(DatumGetInt64(*value));
}

}  // namespace

PrismaTable find_prisma_table(Oid nsp) {
  PrismaTable t;
  const Oid relid = pg_guard([nsp] { return get_relname_relid(kTable, nsp); });
  if (!OidIsValid(relid)) return t;
  t.present = true;
  // A table dropped meanwhile is not readable (and is no error).
  const auto may_read = [relid, &t] {
    const bool ok = pg_guard([relid] {
      bool missing = false;
      return pg_class_aclcheck_ext(relid, GetUserId(), ACL_SELECT, &missing) == ACLCHECK_OK &&
             !missing;
    });
    if (!ok) t.unreadable = "the auditor may not read it (no SELECT on the table)";
    return ok;
  };
  // Only a caller who may read it takes the lock (else anyone with USAGE on the schema could
  // hold a lock that blocks its owner's ALTER until their transaction ends).
  if (!may_read()) return t;
  // Locked before it is checked: a change of its kind or of a column's type, a drop or a
  // rename then waits until this transaction ends, and what is checked is what is read.
  pg_guard([relid] { LockRelationOid(relid, AccessShareLock); });
  const bool still_here = pg_guard([relid, nsp] {
    const char *name = get_rel_name(relid);
    return name != nullptr && std::strcmp(name, kTable) == 0 && get_rel_namespace(relid) == nsp;
  });
  if (!still_here) {
    t.unreadable = "it was dropped or renamed while the audit waited for it";
    return t;
  }
  if (pg_guard([relid] { return get_rel_relkind(relid); }) != RELKIND_RELATION) {
    t.unreadable = "it is not a plain table";
    return t;
  }
  if (!may_read()) return t;  // again: a REVOKE may have committed while we waited
  // Its policies are the owner's code.
  if (pg_guard([relid] { return row_security_applies(relid); })) {
    t.unreadable = "a row-level security policy applies to the auditor";
    return t;
  }
  Relation rel = pg_guard([relid] { return table_open(relid, NoLock); });
  AttrNumber att[kColumns];
  Oid collation = InvalidOid;
  t.unreadable = columns_of(rel, att, &collation);
  pg_guard([rel] { table_close(rel, NoLock); });
  if (t.unreadable.empty()) t.relid = relid;
  return t;
}

std::vector<PrismaRow> read_prisma_migrations(Oid relid, bool with_logs) {
  Relation rel = pg_guard([relid] { return table_open(relid, NoLock); });  // locked already
  AttrNumber att[kColumns];
  Oid collation = InvalidOid;
  if (!columns_of(rel, att, &collation).empty())
    throw Error(ERRCODE_INTERNAL_ERROR, "_prisma_migrations changed after it was checked");
  TupleTableSlot *slot = pg_guard([rel] { return table_slot_create(rel, nullptr); });
  TableScanDesc scan =
      pg_guard([rel] { return table_beginscan(rel, GetActiveSnapshot(), 0, nullptr); });
  std::vector<PrismaRow> rows;
  while (pg_guard([scan, slot] {
    CHECK_FOR_INTERRUPTS();
    return table_scan_getnextslot(scan, ForwardScanDirection, slot);
  })) {
    PrismaRow r;
    r.name = text_prefix(slot, att[kName], kNameChars);
    r.started_at = time_value(slot, att[kStarted]);
    r.finished_at = time_value(slot, att[kFinished]);
    r.rolled_back_at = time_value(slot, att[kRolledBack]);
    if (const auto steps = value_of(slot, att[kSteps])) r.applied_steps = DatumGetInt32(*steps);
    if (with_logs) r.logs = text_prefix(slot, att[kLogs], kLogChars);
    rows.push_back(std::move(r));
  }
  pg_guard([scan, slot, rel] {
    table_endscan(scan);
    ExecDropSingleTupleTableSlot(slot);
    table_close(rel, NoLock);
  });
  // ORDER BY started_at, migration_name: no time last; names in the column's collation.
  std::stable_sort(rows.begin(), rows.end(), [collation](const PrismaRow &a, const PrismaRow &b) {
    if (a.started_at != b.started_at) {
      if (!a.started_at || !b.started_at) return b.started_at == std::nullopt;
      return *a.started_at < *b.started_at;
    }
    if (!a.name || !b.name) return a.name && !b.name;  // no name last, as ORDER BY puts NULL
    const char *x = a.name->data(), *y = b.name->data();
    const int xl = static_cast<int>(a.name->size()), yl = static_cast<int>(b.name->size());
    return pg_guard([x, xl, y, yl, collation] {
             CHECK_FOR_INTERRUPTS();
             return varstr_cmp(x, xl, y, yl, collation);
           }) < 0;
  });
  return rows;
}

std::optional<std::string> iso_utc(const std::optional<int64_t> &t) {
  if (!t || TIMESTAMP_NOT_FINITE(*t)) return std::nullopt;
  struct pg_tm tm;
  fsec_t fsec;
  const int64_t ts = *t;
  // No time zone asked for: the fields are UTC's.
  if (pg_guard([ts, &tm, &fsec] {
        return timestamp2tm(ts, nullptr, &tm, &fsec, nullptr, nullptr);
      }) != 0)
    return std::nullopt;
  char out[64];
  // As to_char's YYYY: a year BC as its number (tm_year counts 1 BC as 0).
  const int year = tm.tm_year > 0 ? tm.tm_year : 1 - tm.tm_year;
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, tm.tm_mon, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return std::string(out);
}

}  // namespace clinic

// clinic._prisma_migrations_rows(target): the rows of the target's _prisma_migrations, read as
// the audit reads them; none when it has no such table or it does not read safely.
CLINIC_FUNCTION(clinic_prisma_migrations_rows) {
  const Oid nsp = clinic::target_schema_arg(fcinfo, 0);
  clinic::readable_schema_name(nsp);
  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);
  const clinic::PrismaTable table = clinic::find_prisma_table(nsp);
  if (!OidIsValid(table.relid)) return 0;
  for (const clinic::PrismaRow &r : clinic::read_prisma_migrations(table.relid, true)) {
    Datum values[6] = {r.name ? clinic::text_datum(*r.name) : Datum(0),
                       TimestampTzGetDatum(r.started_at.value_or(0)),
                       TimestampTzGetDatum(r.finished_at.value_or(0)),
                       TimestampTzGetDatum(r.rolled_back_at.value_or(0)),
                       Int32GetDatum(r.applied_steps.value_or(0)),
                       r.logs ? clinic::text_datum(*r.logs) : Datum(0)};
    bool nulls[6] = {!r.name,           !r.started_at,    !r.finished_at,
                     !r.rolled_back_at, !r.applied_steps, !r.logs};
    clinic::put_row(rsinfo, values, nulls);
  }
  return 0;
}

// clinic.audit_columns_trigger(): maintains created_at/updated_at, created_by/updated_by and
// deleted_by on every clinic table, and keeps row keys and creation facts immutable.
//
// INSERT keeps values the writer supplied (pg_dump's restore supplies them all) and fills what
// is missing. UPDATE stamps updated_at/updated_by, stamps deleted_by when deleted_at changes,
// and rejects changes to id, patient_id, created_at and created_by.
#include "pg/pg.hpp"

#include "schema/actor.hpp"
#include "pg/boundary.hpp"
#include "pg/trigger.hpp"

#include <string>

extern "C" {
#include "access/xact.h"
#include "utils/datum.h"
#include "utils/timestamp.h"
}

namespace {

struct Replacements {
  int columns[8];
  Datum values[8];
  bool nulls[8];
  int count = 0;
  void set(int attnum, Datum value, bool isnull) {
    columns[count] = attnum;
    values[count] = value;
    nulls[count] = isnull;
    ++count;
  }
};

bool same_value(const clinic::BeforeRowTrigger &t, int attnum) {
  bool old_null, new_null;
  const Datum o = t.old_value(attnum, &old_null);
  const Datum n = t.new_value(attnum, &new_null);
  if (old_null || new_null) return old_null == new_null;
  const Form_pg_attribute att = TupleDescAttr(t.desc, attnum - 1);
  const bool byval = att->attbyval;
  const int16 len = att->attlen;
  return clinic::pg_guard([o, n, byval, len] { return datum_image_eq(o, n, byval, len); });
}

bool is_null(const clinic::BeforeRowTrigger &t, int attnum) {
  bool isnull;
  t.new_value(attnum, &isnull);
  return isnull;
}

}  // namespace

CLINIC_FUNCTION(clinic_audit_columns_trigger) {
  const clinic::BeforeRowTrigger t =
      clinic::before_row_trigger(fcinfo, "clinic.audit_columns_trigger()");
  const int created_at = t.column("created_at"), updated_at = t.column("updated_at");
  const int created_by = t.column("created_by"), updated_by = t.column("updated_by");
  const int deleted_at = t.column("deleted_at"), deleted_by = t.column("deleted_by");

  const Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
  const Datum actor = clinic::current_actor_datum();
  Replacements r;

  if (t.is_insert) {
    if (created_at && is_null(t, created_at)) r.set(created_at, now, false);
    if (updated_at && is_null(t, updated_at)) r.set(updated_at, now, false);
    if (created_by && is_null(t, created_by)) r.set(created_by, actor, false);
    if (updated_by && is_null(t, updated_by)) r.set(updated_by, actor, false);
    if (deleted_at && deleted_by && !is_null(t, deleted_at) && is_null(t, deleted_by))
      r.set(deleted_by, actor, false);
  } else {
    for (const char *key : {"id", "patient_id"}) {
      const int attnum = t.column(key);
      if (attnum && !same_value(t, attnum))
        throw t.constraint_error(
            std::string(t.table) + "_keys_immutable",
            std::string("the ") + key + " of a row in " + t.table + " cannot change",
            "Row keys are permanent: a chart row stays with its patient.",
            "Delete the row and insert a new one instead.");
    }
    for (int attnum : {created_at, created_by})
      if (attnum && !same_value(t, attnum))
        throw t.constraint_error(
            std::string(t.table) + "_creation_immutable",
            std::string("created_at and created_by of a row in ") + t.table + " cannot change",
            "They record when and by whom the row was inserted.");
    if (updated_at) r.set(updated_at, now, false);
    if (updated_by) r.set(updated_by, actor, false);
    if (deleted_at && deleted_by) {
      if (is_null(t, deleted_at)) {
        r.set(deleted_by, 0, true);  // restored: no longer deleted by anyone
      } else if (!same_value(t, deleted_at)) {
        r.set(deleted_by, actor, false);  // (re)deleted now: by the current actor
      } else {
        // Two statements: the order in which one call's arguments are evaluated is unspecified,
        // and isnull must be read after old_value() sets it (valgrind caught the other order).
        bool isnull;
        const Datum old = t.old_value(deleted_by, &isnull);
        r.set(deleted_by, old, isnull);  // cannot be rewritten
      }
    }
  }

  if (r.count == 0) return PointerGetDatum(t.new_row);
  HeapTuple row = t.new_row;
  TupleDesc desc = t.desc;
  return clinic::pg_guard([row, desc, &r] {
    return PointerGetDatum(
        heap_modify_tuple_by_cols(row, desc, r.count, r.columns, r.values, r.nulls));
  });
}

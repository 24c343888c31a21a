// clinic.schema_snapshot(target) and clinic.schema_diff(expected, actual).
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "audit/loader.hpp"
#include "core/audit/snapshot.hpp"
#include "pg/datum.hpp"
#include "pg/internals/jsonb.hpp"

#include <string>

extern "C" {
#include "utils/jsonb.h"
#include "utils/tuplestore.h"
}

namespace {

// Refuses a NULL snapshot argument.
void require_snapshot_arg(FunctionCallInfo fcinfo, int n, const char *name) {
  if (PG_ARGISNULL(n))
    throw clinic::Error(ERRCODE_NULL_VALUE_NOT_ALLOWED,
                        std::string(name) + " snapshot must not be NULL");
}

// A snapshot argument, read from jsonb's binary form (no text round trip), checked.
clinic::json::Value checked_snapshot(std::optional<clinic::json::Value> value, const char *name) {
  std::string why = "it nests deeper than 256 levels";
  if (!value || !clinic::snapshot::is_snapshot(*value, &why))
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        std::string(name) + " is not a schema snapshot", why,
                        "Make snapshots with clinic.schema_snapshot().");
  return std::move(*value);
}

}  // namespace

CLINIC_FUNCTION(clinic_schema_snapshot) {
  const auto schema = clinic::load_schema(clinic::target_schema_arg(fcinfo, 0), true);
  return clinic::value_to_jsonb(clinic::snapshot::of(schema));
}

CLINIC_FUNCTION(clinic_schema_diff) {
  require_snapshot_arg(fcinfo, 0, "expected");
  require_snapshot_arg(fcinfo, 1, "actual");
  // Tables whose snapshots are byte-identical in both cannot differ: they are not even built.
  auto [e, a] =
      clinic::jsonb_to_values_without_common(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), "tables");
  const clinic::json::Value expected = checked_snapshot(std::move(e), "expected");
  const clinic::json::Value actual = checked_snapshot(std::move(a), "actual");
  const auto differences = clinic::snapshot::diff(expected, actual);

  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);
  for (const auto &d : differences) {
    Datum values[5];
    bool nulls[5] = {};
    values[0] = clinic::text_datum(d.object_type);
    values[1] = clinic::text_datum(d.object_name);
    values[2] = clinic::text_datum(d.change);
    nulls[3] = !d.expected;
    if (d.expected) values[3] = clinic::value_to_jsonb(*d.expected);
    nulls[4] = !d.actual;
    if (d.actual) values[4] = clinic::value_to_jsonb(*d.actual);
    clinic::put_row(rsinfo, values, nulls);
  }
  return static_cast<Datum>(0);
}

// clinic.schema_snapshot(target) and clinic.schema_diff(expected, actual).
#include "pg.hpp"

#include "boundary.hpp"
#include "catalog_loader.hpp"
#include "core/snapshot.hpp"
#include "datum.hpp"

#include <string>

extern "C" {
#include "utils/jsonb.h"
#include "utils/tuplestore.h"
}

namespace {

Datum jsonb_datum(const std::string &text) {
  const char *s = text.c_str();
  return clinic::pg_guard([s] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(s)); });
}

// A jsonb argument as a parsed value (jsonb's text is always valid JSON).
clinic::json::Value jsonb_arg(FunctionCallInfo fcinfo, int n, const char *name) {
  if (PG_ARGISNULL(n))
    throw clinic::Error(ERRCODE_NULL_VALUE_NOT_ALLOWED,
                        std::string(name) + " snapshot must not be NULL");
  char *text = clinic::pg_guard(
      [fcinfo, n] { return DatumGetCString(DirectFunctionCall1(jsonb_out, PG_GETARG_DATUM(n))); });
  auto value = clinic::json::parse(text);
  pfree(text);
  std::string why;
  if (!value || !clinic::snapshot::is_snapshot(*value, &why))
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        std::string(name) + " is not a schema snapshot", why,
                        "Make snapshots with clinic.schema_snapshot().");
  return std::move(*value);
}

}  // namespace

CLINIC_FUNCTION(clinic_schema_snapshot) {
  const auto schema = clinic::load_schema(clinic::target_schema_arg(fcinfo, 0), true);
  return jsonb_datum(clinic::snapshot::of(schema).dump());
}

CLINIC_FUNCTION(clinic_schema_diff) {
  const clinic::json::Value expected = jsonb_arg(fcinfo, 0, "expected");
  const clinic::json::Value actual = jsonb_arg(fcinfo, 1, "actual");
  const auto differences = clinic::snapshot::diff(expected, actual);

  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);
  for (const auto &d : differences) {
    const std::string e = d.expected ? d.expected->dump() : std::string();
    const std::string a = d.actual ? d.actual->dump() : std::string();
    const char *strings[] = {d.object_type.c_str(), d.object_name.c_str(), d.change.c_str(),
                             e.c_str(), a.c_str()};
    clinic::pg_guard([rsinfo, &strings] {
      Datum values[5];
      bool nulls[5] = {};
      for (int i = 0; i < 3; ++i) values[i] = CStringGetTextDatum(strings[i]);
      for (int i = 3; i < 5; ++i) {
        nulls[i] = strings[i][0] == '\0';
        if (!nulls[i]) values[i] = DirectFunctionCall1(jsonb_in, CStringGetDatum(strings[i]));
      }
      tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    });
  }
  return static_cast<Datum>(0);
}

// clinic.audit(target) and clinic.audit_report(target, format): load the schema's catalog once,
// run every check (src/core/audit/checks.cpp), return rows or a rendered report.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "audit/loader.hpp"
#include "core/audit/checks.hpp"
#include "core/audit/report.hpp"
#include "core/util/json_value.hpp"
#include "pg/datum.hpp"
#include "pg/internals/jsonb.hpp"

#include <algorithm>
#include <string>
#include <vector>

extern "C" {
#include "utils/jsonb.h"
#include "utils/tuplestore.h"
}

// The target schema's name after the checks every target-taking function makes (22004 NULL,
// 3F000 missing, 42501 without USAGE): for the functions written in SQL.
CLINIC_FUNCTION(clinic_target_schema) {
  const char *name = clinic::readable_schema_name(clinic::target_schema_arg(fcinfo, 0));
  return clinic::pg_guard([name] { return DirectFunctionCall1(namein, CStringGetDatum(name)); });
}

CLINIC_FUNCTION(clinic_prisma_migrations_table) {
  const Oid nsp = clinic::target_schema_arg(fcinfo, 0);
  clinic::readable_schema_name(nsp);
  const Oid table = clinic::prisma_migrations_table(nsp);
  if (!OidIsValid(table)) PG_RETURN_NULL();
  return ObjectIdGetDatum(table);
}

CLINIC_FUNCTION(clinic_audit) {
  const Oid nsp = clinic::target_schema_arg(fcinfo, 0);
  std::vector<clinic::audit::Finding> findings;
  {
    // The model is freed before the rows are made: its memory serves their buffers.
    const clinic::catalog::Schema schema = clinic::load_schema(nsp);
    findings = clinic::audit::run(schema);
  }

  ReturnSetInfo *rsinfo = clinic::materialized_result(fcinfo);
  clinic::JsonTextToJsonb to_jsonb;
  size_t largest = 0;
  for (const auto &f : findings) largest = std::max(largest, f.detail.size());
  to_jsonb.reserve(largest);
  for (auto &f : findings) {
    const char *strings[] = {f.check_id.c_str(), f.category.c_str(),   f.title.c_str(),
                             f.status.c_str(),   f.severity.c_str(),   f.expected.c_str(),
                             f.actual.c_str(),   f.remediation.c_str()};
    const int item = f.checklist_item;
    // The detail (the audit's own JSON text) as jsonb without PostgreSQL's text parser: a large
    // schema's detail names thousands of objects, which jsonb_in would parse all over again.
    Datum detail;
    if (!to_jsonb(f.detail, &detail))
      throw clinic::Error(ERRCODE_INTERNAL_ERROR, "check " + f.check_id + " built invalid JSON");
    clinic::pg_guard([rsinfo, &strings, item, detail] {
      Datum values[10];
      bool nulls[10] = {};
      values[0] = CStringGetTextDatum(strings[0]);
      values[1] = Int32GetDatum(item);
      nulls[1] = item == 0;
      for (int i = 1; i <= 6; ++i) values[i + 1] = CStringGetTextDatum(strings[i]);
      values[8] = detail;
      values[9] = CStringGetTextDatum(strings[7]);
      nulls[9] = strings[7][0] == '\0';
      tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
      // The tuplestore holds its own copy: the detail's megabytes go back for the next one.
      pfree(DatumGetPointer(detail));
    });
    std::string().swap(f.detail);
  }
  return static_cast<Datum>(0);
}

CLINIC_FUNCTION(clinic_audit_report) {
  const Oid nsp = clinic::target_schema_arg(fcinfo, 0);
  if (PG_ARGISNULL(1))
    throw clinic::Error(ERRCODE_NULL_VALUE_NOT_ALLOWED, "report format must not be NULL", {},
                        std::string("Use one of: ") + clinic::audit::kFormats + ".");
  const std::string format = clinic::text_arg(fcinfo, 1);
  const clinic::catalog::Schema schema = clinic::load_schema(nsp);
  const auto report =
      clinic::audit::render(format, schema.name, CLINIC_VERSION, clinic::audit::run(schema));
  if (!report)
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        "unknown report format " + clinic::quoted_input(format), {},
                        std::string("Use one of: ") + clinic::audit::kFormats + ".");
  return clinic::text_datum(*report);
}

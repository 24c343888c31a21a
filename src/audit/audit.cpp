// clinic.audit(target, profile), clinic.audit_report(target, format, profile) and
// clinic.audit_profile(target): load the schema's catalog once, run every check under the profile
// (src/core/audit/checks.cpp), return rows or a rendered report.
#include "pg/pg.hpp"

#include "pg/boundary.hpp"
#include "audit/loader.hpp"
#include "core/audit/checks.hpp"
#include "core/audit/report.hpp"
#include "core/util/json_value.hpp"
#include "pg/datum.hpp"
#include "pg/internals/jsonb.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

extern "C" {
#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"
}

// The target schema's name after the checks every target-taking function makes (22004 NULL,
// 3F000 missing, 42501 without USAGE): for the functions written in SQL.
namespace {

// The profile argument n: nullopt when NULL (detect it), 22023 for an unknown name.
std::optional<clinic::catalog::Profile> profile_arg(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n)) return std::nullopt;
  const std::string name = clinic::text_arg(fcinfo, n);
  const auto p = clinic::audit::profile_named(name);
  if (!p)
    throw clinic::Error(
        ERRCODE_INVALID_PARAMETER_VALUE, "unknown audit profile " + clinic::quoted_input(name), {},
        std::string("Use one of: ") + clinic::audit::kProfiles + ", or NULL to detect it.");
  return p;
}

// Sets the schema's profile (the requested one, else the detected one) and returns how it was
// chosen, for the reports.
std::string apply_profile(clinic::catalog::Schema &schema,
                          std::optional<clinic::catalog::Profile> requested) {
  if (requested) {
    schema.profile = *requested;
    return "requested";
  }
  std::string why;
  schema.profile = clinic::audit::detect_profile(schema, &why);
  return "detected: " + why;
}

}  // namespace

CLINIC_FUNCTION(clinic_target_schema) {
  const char *name = clinic::readable_schema_name(clinic::target_schema_arg(fcinfo, 0));
  return clinic::pg_guard([name] { return DirectFunctionCall1(namein, CStringGetDatum(name)); });
}

CLINIC_FUNCTION(clinic_audit_profile) {
  const Oid nsp = clinic::target_schema_arg(fcinfo, 0);
  clinic::catalog::Schema schema = clinic::load_schema_identity(nsp);
  std::string why;
  const char *name = clinic::audit::profile_name(clinic::audit::detect_profile(schema, &why));
  return clinic::pg_guard([fcinfo, name, &why] {
    TupleDesc desc;
    if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
      elog(ERROR, "audit_profile must return a record");
    Datum values[2] = {CStringGetTextDatum(name), CStringGetTextDatum(why.c_str())};
    bool nulls[2] = {};
    return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls));
  });
}

CLINIC_FUNCTION(clinic_audit) {
  const Oid nsp = clinic::target_schema_arg(fcinfo, 0);
  // clinic.audit(target) detects the profile; clinic.audit(target, profile) names it.
  const auto requested =
      PG_NARGS() > 1 ? profile_arg(fcinfo, 1) : std::optional<clinic::catalog::Profile>();
  std::vector<clinic::audit::Finding> findings;
  {
    // The model is freed before the rows are made: its memory serves their buffers.
    clinic::catalog::Schema schema = clinic::load_schema(nsp);
    apply_profile(schema, requested);
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
  if (!clinic::audit::known_format(format))
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        "unknown report format " + clinic::quoted_input(format), {},
                        std::string("Use one of: ") + clinic::audit::kFormats + ".");
  const auto requested =
      PG_NARGS() > 2 ? profile_arg(fcinfo, 2) : std::optional<clinic::catalog::Profile>();
  clinic::catalog::Schema schema = clinic::load_schema(nsp);
  const std::string chosen = apply_profile(schema, requested);
  const auto report = clinic::audit::render(format, schema.name,
                                            {clinic::audit::profile_name(schema.profile), chosen},
                                            CLINIC_VERSION, clinic::audit::run(schema));
  if (!report)
    throw clinic::Error(ERRCODE_INVALID_PARAMETER_VALUE,
                        "unknown report format " + clinic::quoted_input(format), {},
                        std::string("Use one of: ") + clinic::audit::kFormats + ".");
  return clinic::text_datum(*report);
}

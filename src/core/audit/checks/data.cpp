// Seed and data: items 16, 17, 18 and 31, and the suppressions in force.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

// The clinic schema's core tables; for any other schema, every table.
bool is_core_table(const Schema &s, const Table &t) {
  if (!s.clinic_extension) return is_user_table(t);
  return t.name == "patients" || t.name == "providers" || t.name == "appointments";
}

void seed_function(const Schema &s, Finding &f) {
  json::Array d;
  for (const auto &fn : s.functions)
    if (fn.name.rfind("seed", 0) == 0) d.object().field("function", fn.signature);
  if (d.empty()) {
    set(f, s.clinic_extension ? "fail" : "skip",
        s.clinic_extension ? "no seed function"
                           : "no seed function in the schema (ORM seeds run outside the database)");
    return;
  }
  set(f, "pass", count_of(d.size(), "seed functions"), d);
}

void data_present(const Schema &s, Finding &f) {
  json::Array d;
  size_t core = 0;
  for (const Table &t : s.tables) {
    if (!is_table(t) || !is_core_table(s, t)) continue;
    ++core;
    if (std::max(t.estimated_rows, t.live_rows) <= 0)
      object_ref(d, t).field("estimated_rows", std::max(t.estimated_rows, t.live_rows));
  }
  set(f, d.empty() ? "pass" : "warn",
      d.empty() ? count_of(core, "core tables hold rows (statistics)")
                : count_of(d.size(),
                           "core tables look empty (statistics: pg_class.reltuples and pg_stat "
                           "live tuples; a warning, not a failure in production)"),
      d);
}

void placeholder_values(const Schema &s, Finding &f) {
  json::Array d;
  size_t scanned = 0;
  for (const Table &t : s.tables)
    for (const Column &c : t.columns) {
      if (!c.placeholder_values) continue;
      ++scanned;
      if (*c.placeholder_values > 0)
        object_ref(d, t).field("column", c.name).field("rows", *c.placeholder_values);
    }
  if (scanned == 0) {
    set(f, "skip",
        "no PHI text columns small enough to scan (up to 100,000 rows; larger tables: the "
        "validator)");
    return;
  }
  set(f, d.empty() ? "pass" : "warn",
      d.empty()
          ? count_of(scanned,
                     "PHI text columns scanned, no placeholder values (test123, asdf, lorem...)")
          : count_of(d.size(), "PHI text columns with placeholder values"),
      d);
}

void tables_readable(const Schema &s, Finding &f) {
  json::Array d;
  size_t tables = 0;
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    ++tables;
    if (!t.readable)
      object_ref(d, t).field("problem", t.row_security_applies
                                            ? "a row-level security policy applies to the "
                                              "auditing role: its rows are left unread"
                                            : "the auditing role may not SELECT from it");
  }
  set(f, d.empty() ? "pass" : "fail",
      std::to_string(tables - d.size()) + "/" + std::to_string(tables) +
          " tables readable by the auditing role",
      d);
}

void suppressions_check(const Schema &s, Finding &f) {
  json::Array d;
  for (const auto &x : s.suppressions)
    if (x.expired)
      d.object()
          .field("check_id", x.check_id)
          .field("object", x.object.value_or("*"))
          .field("reason", x.reason)
          .field("expired_on", x.expires_on);
  set(f, d.empty() ? "pass" : "warn",
      std::to_string(s.suppressions.size() - d.size()) + " in force, " +
          count_of(d.size(), "expired (no longer applied)"),
      d);
}

}  // namespace clinic::audit::check

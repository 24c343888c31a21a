// HIPAA: item 26.
#include "core/audit/checks/common.hpp"

#include <string>
#include <vector>
#include "core/pure.hpp"

namespace clinic::audit::check {

namespace {

// When no table is recognised as PHI, a HIPAA check has looked at nothing: it says so as a
// warning (a pass would vouch for tables it never judged).
constexpr const char *kNoPhi =
    "no table recognised as PHI (by name, comment, person identifiers or references to them): "
    "mark PHI tables with a comment containing PHI";

// Calls visit(table, why) for each ordinary table recognised as PHI, with the rule that
// recognised it; returns how many there are.
template <class Visit>
size_t for_each_phi_table(const Schema &s, Visit visit) {
  const std::vector<std::string> phi = phi_reasons(s);
  size_t recognised = 0;
  for (size_t i = 0; i < s.tables.size(); ++i) {
    if (!is_table(s.tables[i]) || phi[i].empty()) continue;
    ++recognised;
    visit(s.tables[i], phi[i]);
  }
  return recognised;
}

}  // namespace

void phi_public_access(const Schema &s, Finding &f) {
  json::Array d;
  const size_t recognised = for_each_phi_table(s, [&d](const Table &t, const std::string &why) {
    for (const auto &g : t.grants)
      if (g.grantee == "PUBLIC") {
        auto o = object_ref(t).field("privilege", g.privilege);
        if (g.column) o.field("column", *g.column);
        o.field("phi", why);
        d.add(o);
      }
  });
  if (recognised == 0) {
    set(f, "warn", kNoPhi);
    return;
  }
  verdict(f, d, "fail", "privileges granted to PUBLIC on PHI tables");
}

void phi_audit_trail(const Schema &s, Finding &f) {
  json::Array d;
  size_t judged = 0;
  const size_t recognised =
      for_each_phi_table(s, [&d, &judged](const Table &t, const std::string &why) {
        if (is_append_only(t)) return;
        ++judged;
        // Enabled AFTER row triggers of an audit function, between them on INSERT, UPDATE and
        // DELETE.
        bool insert = false, update = false, del = false;
        for (const catalog::Trigger &tr : t.triggers)
          if (tr.enabled != 'D' && !tr.before && tr.row_level &&
              lower(tr.function).find("audit") != std::string::npos) {
            insert = insert || tr.on_insert;
            update = update || tr.on_update;
            del = del || tr.on_delete;
          }
        if (!(insert && update && del))
          object_ref(d, t)
              .field("problem",
                     "no enabled AFTER row trigger records its inserts, updates and deletes in "
                     "an audit log")
              .field("phi", why);
      });
  if (recognised == 0) {
    set(f, "warn", kNoPhi);
    return;
  }
  if (judged == 0) {
    set(f, "skip", "only append-only PHI tables (audit logs themselves)");
    return;
  }
  verdict(f, d, "warn", "PHI tables whose changes are not recorded");
}

void phi_soft_delete(const Schema &s, Finding &f) {
  json::Array d;
  const size_t recognised = for_each_phi_table(s, [&d](const Table &t, const std::string &why) {
    if (!is_append_only(t) && !find_column(t, {"deleted_at", "deletedAt"}) &&
        !contains_word(t.name, "consent"))
      object_ref(d, t).field("missing", "deleted_at").field("phi", why);
  });
  if (recognised == 0) {
    set(f, "warn", kNoPhi);
    return;
  }
  verdict(f, d, "warn", "PHI tables without soft delete");
}

void consent_tracking(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    if (is_table(t) && contains_word(t.name, "consent")) object_ref(d, t);
  set(f, d.empty() ? "warn" : "pass",
      d.empty() ? "no consent table" : count_of(d.size(), "consent tables"), d);
}

}  // namespace clinic::audit::check

// HIPAA: item 26.
#include "core/audit/checks/common.hpp"

#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

void phi_public_access(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables) {
    if (!is_table(t) || !is_phi_table(t)) continue;
    for (const auto &g : t.grants)
      if (g.grantee == "PUBLIC") {
        auto o = object_ref(t).field("privilege", g.privilege);
        if (g.column) o.field("column", *g.column);
        d.add(o);
      }
  }
  verdict(f, d, "fail", "privileges granted to PUBLIC on PHI tables");
}

void phi_audit_trail(const Schema &s, Finding &f) {
  json::Array d;
  size_t phi = 0;
  for (const Table &t : s.tables) {
    if (!is_table(t) || !is_phi_table(t) || is_append_only(t)) continue;
    ++phi;
    // Enabled AFTER row triggers of an audit function, between them on INSERT, UPDATE and DELETE.
    bool insert = false, update = false, del = false;
    for (const catalog::Trigger &tr : t.triggers)
      if (tr.enabled != 'D' && !tr.before && tr.row_level &&
          lower(tr.function).find("audit") != std::string::npos) {
        insert = insert || tr.on_insert;
        update = update || tr.on_update;
        del = del || tr.on_delete;
      }
    if (!(insert && update && del))
      object_ref(d, t).field(
          "problem",
          "no enabled AFTER row trigger records its inserts, updates and deletes in "
          "an audit log");
  }
  if (phi == 0) {
    set(f, "skip", "no PHI tables recognised");
    return;
  }
  verdict(f, d, "warn", "PHI tables whose changes are not recorded");
}

void phi_soft_delete(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    if (is_table(t) && is_phi_table(t) && !is_append_only(t) &&
        !find_column(t, {"deleted_at", "deletedAt"}) && !contains_word(t.name, "consent"))
      object_ref(d, t).field("missing", "deleted_at");
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

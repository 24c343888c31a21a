// Row stamps and defaults: items 21, 22 and 24.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

bool has_update_trigger(const Table &t) {
  return std::any_of(t.triggers.begin(), t.triggers.end(), [](const catalog::Trigger &tr) {
    return tr.enabled != 'D' && tr.row_level && tr.before && tr.on_update;
  });
}

void timestamps(const Schema &s, Finding &f) {
  json::Array d;
  bool missing = false;
  for (const Table &t : s.tables) {
    if (!is_user_table(t) || is_append_only(t)) continue;
    const Column *created = find_column(t, {"created_at", "createdAt"});
    const Column *updated = find_column(t, {"updated_at", "updatedAt"});
    if (!created) {
      missing = true;
      object_ref(d, t).field("problem", "no created_at");
    } else {
      if (!created->default_expr)
        object_ref(d, t).field("column", created->name).field("problem", "no default");
      if (created->type_name != "timestamptz")
        object_ref(d, t).field("column", created->name).field("problem", "not timestamptz");
    }
    if (!updated) {
      object_ref(d, t).field("problem", "no updated_at");
    } else {
      if (updated->type_name != "timestamptz")
        object_ref(d, t).field("column", updated->name).field("problem", "not timestamptz");
      if (!has_update_trigger(t))
        object_ref(d, t)
            .field("column", updated->name)
            .field("problem",
                   "no enabled BEFORE UPDATE trigger maintains it (only the application does)");
    }
  }
  set(f, graded(missing, d),
      d.empty()
          ? "created_at and updated_at on every table, timestamptz, maintained in the database"
          : count_of(d.size(), "problems"),
      d);
}

void audit_trail_columns(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables) {
    if (!is_user_table(t) || is_append_only(t)) continue;
    if (!find_column(t, {"created_by", "createdBy"}))
      object_ref(d, t).field("missing", "created_by");
    if (!find_column(t, {"updated_by", "updatedBy", "last_modified_by", "lastModifiedBy"}))
      object_ref(d, t).field("missing", "updated_by");
    const bool soft = find_column(t, {"deleted_at", "deletedAt"}) != nullptr;
    if (soft && !find_column(t, {"deleted_by", "deletedBy"}))
      object_ref(d, t).field("missing", "deleted_by");
  }
  verdict(f, d, "warn", "missing audit columns");
}

void defaults(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    for (const Column &c : t.columns) {
      if (c.default_expr || c.generated || c.identity) continue;
      const std::string n = lower(c.name);
      const bool status =
          n == "status" || (n.size() > 7 && n.compare(n.size() - 7, 7, "_status") == 0);
      const bool boolean = c.type_name == "bool";
      const bool created = n == "created_at" || n == "createdat";
      if ((status && c.not_null) || boolean || created)
        object_ref(d, t).field("column", c.name).field("type", c.type);
    }
  }
  verdict(f, d, "warn", "status, boolean or creation-time columns without a default");
}

}  // namespace clinic::audit::check

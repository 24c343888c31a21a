// Validity and integrity: items 2 and 25.
#include "core/audit/checks/common.hpp"

#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

void catalog_valid(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables) {
    for (const Index &i : t.indexes)
      if (!i.valid || !i.ready)
        object_ref(d, t)
            .field("index", i.name)
            .field("problem", "invalid index (a failed CREATE INDEX CONCURRENTLY?)");
    for (const Constraint &c : t.constraints)
      if (!c.validated)
        object_ref(d, t)
            .field("constraint", c.name)
            .field("problem", "NOT VALID: existing rows were never checked");
    for (const auto &tr : t.triggers)
      if (tr.enabled == 'D')
        object_ref(d, t).field("trigger", tr.name).field("problem", "disabled");
  }
  // Views need no check: PostgreSQL's dependencies keep every view's references resolved.
  size_t unchecked = 0;
  for (const catalog::Function &fn : s.functions) {
    if (foreign_extension_member(s, fn)) continue;  // another extension's (PostGIS's SQL bodies)
    unchecked += (fn.language == "sql" || fn.language == "plpgsql") && !fn.body_checked;
    if (fn.body_error)
      d.object()
          .field("function", fn.signature)
          .field("problem", "its body does not compile: " + *fn.body_error);
  }
  verdict(f, d, "fail", "invalid objects");
  if (unchecked > 0)
    f.actual += "; " + count_of(unchecked,
                                "SQL or PL/pgSQL function bodies not compiled (the "
                                "auditor may not execute them)");
}

void integrity_enforced(const Schema &s, Finding &f) {
  size_t fks = 0, uniques = 0, checks = 0, not_null = 0, enum_columns = 0;
  json::Array d;
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    for (const Constraint &c : t.constraints) {
      fks += c.type == 'f';
      uniques += c.type == 'u';
      checks += c.type == 'c';
      if ((c.type == 'f' || c.type == 'c') && !c.validated)
        object_ref(d, t)
            .field("constraint", c.name)
            .field("problem", "not enforced on existing rows (NOT VALID)");
    }
    for (const Index &i : t.indexes) uniques += i.unique && !i.primary && !i.backs_constraint;
    for (const Column &c : t.columns) {
      not_null += c.not_null;
      enum_columns += c.is_enum;
    }
  }
  set(f, d.empty() ? "pass" : "fail",
      count_of(fks, "foreign keys") + ", " + count_of(uniques, "unique constraints or indexes") +
          ", " + count_of(checks, "checks") + ", " + count_of(s.enums.size(), "enums") + " on " +
          count_of(enum_columns, "columns") + ", " + count_of(not_null, "NOT NULL columns"),
      d);
}

}  // namespace clinic::audit::check

// Foreign keys: the foreign-key lints and item 23.
#include "core/audit/checks/common.hpp"

#include <map>
#include <set>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

void fk_type_mismatch(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Constraint &c : t.constraints) {
      if (c.type != 'f') continue;
      for (size_t k = 0; k < c.columns.size() && k < c.ref_column_types.size(); ++k) {
        const Column *col = t.column(c.columns[k]);
        if (col && col->type != c.ref_column_types[k])
          object_ref(d, t)
              .field("constraint", c.name)
              .field("column", col->name)
              .field("type", col->type)
              .field("referenced_type", c.ref_column_types[k]);
      }
    }
  verdict(f, d, "fail", "foreign-key columns whose type differs from the referenced column");
}

void fk_duplicates(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (size_t a = 0; a < t.constraints.size(); ++a)
      for (size_t b = a + 1; b < t.constraints.size(); ++b) {
        const Constraint &x = t.constraints[a], &y = t.constraints[b];
        if (x.type == 'f' && y.type == 'f' && x.columns == y.columns &&
            x.ref_schema == y.ref_schema && x.ref_table == y.ref_table &&
            x.ref_columns == y.ref_columns)
          object_ref(d, t).field("constraint", x.name).field("duplicate_of", y.name);
      }
  verdict(f, d, "warn", "duplicate foreign keys");
}

void fk_nullable_multicolumn(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Constraint &c : t.constraints) {
      if (c.type != 'f' || c.columns.size() < 2) continue;
      for (int a : c.columns)
        if (const Column *col = t.column(a); col && !col->not_null) {
          object_ref(d, t).field("constraint", c.name).field("nullable_column", col->name);
          break;
        }
    }
  verdict(
      f, d, "warn",
      "multi-column foreign keys with a nullable column (MATCH SIMPLE skips rows with any NULL)");
}

void cascades(const Schema &s, Finding &f) {
  json::Array d;
  bool broken = false;
  // The blast radius: for each table, the tables a DELETE on it reaches through CASCADE.
  std::map<std::string, std::set<std::string>> children;
  for (const Table &t : s.tables)
    for (const Constraint &c : t.constraints)
      if (c.type == 'f' && c.on_delete == 'c' && c.ref_schema == s.name)
        children[c.ref_table].insert(t.name);
  for (const Table &t : s.tables)
    for (const Constraint &c : t.constraints) {
      if (c.type != 'f') continue;
      if (c.on_delete == 'n')
        for (int a : c.columns)
          if (const Column *col = t.column(a); col && col->not_null) {
            broken = true;
            object_ref(d, t)
                .field("constraint", c.name)
                .field("problem", "ON DELETE SET NULL on NOT NULL column " + col->name +
                                      ": every delete of a referenced row fails");
          }
    }
  json::Array radius;
  for (const auto &[root, direct] : children) {
    std::set<std::string> reached;
    std::vector<std::string> todo(direct.begin(), direct.end());
    while (!todo.empty()) {
      const std::string n = todo.back();
      todo.pop_back();
      if (!reached.insert(n).second) continue;
      if (auto it = children.find(n); it != children.end())
        todo.insert(todo.end(), it->second.begin(), it->second.end());
    }
    json::Array names;
    for (const auto &n : reached) names.add_string(n);
    radius.object().field("table", root).raw("deletes_cascade_to", names.str());
  }
  for (const Table &t : s.tables)
    for (const Constraint &c : t.constraints)
      if (c.type == 'f')
        object_ref(d, t)
            .field("constraint", c.name)
            .field("references", c.ref_table)
            .field("on_delete", catalog::fk_action_name(c.on_delete));
  d.object().raw("cascade_closure", radius.str());
  set(f, broken ? "fail" : "pass",
      broken ? "a delete rule that cannot work"
             : "every delete rule workable; actions and cascade closure in detail",
      d);
}

}  // namespace clinic::audit::check

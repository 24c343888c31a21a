#include "core/audit/snapshot.hpp"

#include <algorithm>
#include "core/pure.hpp"

namespace clinic::snapshot {
namespace {

using json::Value;
using Kind = json::Value::Kind;

Value str(const std::string &s) {
  Value v;
  v.kind = Kind::string;
  v.text = s;
  return v;
}
Value opt_str(const std::optional<std::string> &s) {
  return s ? str(*s) : Value{};
}
Value boolean(bool b) {
  Value v;
  v.kind = Kind::boolean;
  v.boolean = b;
  return v;
}
Value number(int64_t n) {
  Value v;
  v.kind = Kind::number;
  v.text = std::to_string(n);
  return v;
}
Value object() {
  Value v;
  v.kind = Kind::object;
  return v;
}
Value array_of(std::vector<std::string> items, bool sort) {
  if (sort) std::sort(items.begin(), items.end());
  Value v;
  v.kind = Kind::array;
  for (auto &i : items) v.items.push_back(str(i));
  return v;
}

const char *relkind_name(char k) {
  switch (k) {
    case 'r':
      return "table";
    case 'p':
      return "partitioned table";
    case 'v':
      return "view";
    case 'm':
      return "materialized view";
    case 'f':
      return "foreign table";
  }
  return "relation";
}
const char *contype_name(char t) {
  switch (t) {
    case 'p':
      return "primary key";
    case 'u':
      return "unique";
    case 'f':
      return "foreign key";
    case 'c':
      return "check";
    case 'x':
      return "exclusion";
  }
  return "constraint";
}

const char *enabled_name(char e) {
  switch (e) {
    case 'D':
      return "disabled";
    case 'R':
      return "replica";
    case 'A':
      return "always";
  }
  return "origin";
}

Value table_snapshot(const catalog::Schema &s, const catalog::Table &t) {
  Value v = object();
  v.members["kind"] = str(relkind_name(t.kind));
  v.members["comment"] = opt_str(t.comment);
  Value rls = object();
  rls.members["enabled"] = boolean(t.rls_enabled);
  rls.members["forced"] = boolean(t.rls_forced);
  v.members["row_level_security"] = std::move(rls);
  v.members["dumped_by_pg_dump"] = boolean(t.extension_config);

  Value columns = object();
  int position = 0;
  for (const auto &c : t.columns) {
    Value col = object();
    col.members["position"] = number(++position);
    col.members["type"] = str(c.type);
    col.members["not_null"] = boolean(c.not_null);
    col.members["default"] = opt_str(c.default_expr);
    col.members["generated"] = boolean(c.generated);
    col.members["identity"] = boolean(c.identity);
    col.members["comment"] = opt_str(c.comment);
    columns.members[c.name] = std::move(col);
  }
  v.members["columns"] = std::move(columns);

  Value constraints = object();
  for (const auto &k : t.constraints) {
    Value con = object();
    con.members["type"] = str(contype_name(k.type));
    con.members["columns"] = array_of(t.column_names(k.columns), false);
    con.members["validated"] = boolean(k.validated);
    if (k.type == 'c' || k.type == 'x') con.members["definition"] = str(k.definition);
    if (k.type == 'f') {
      con.members["references"] =
          str(k.ref_schema == s.name ? k.ref_table : k.ref_schema + "." + k.ref_table);
      std::vector<std::string> ref_cols;
      if (const catalog::Table *rt = k.ref_schema == s.name ? s.table(k.ref_table) : nullptr)
        ref_cols = rt->column_names(k.ref_columns);
      else
        for (int a : k.ref_columns) ref_cols.push_back(std::to_string(a));
      con.members["referenced_columns"] = array_of(ref_cols, false);
      con.members["on_delete"] = str(catalog::fk_action_name(k.on_delete));
      con.members["on_update"] = str(catalog::fk_action_name(k.on_update));
    }
    constraints.members[k.name] = std::move(con);
  }
  v.members["constraints"] = std::move(constraints);

  Value indexes = object();
  for (const auto &i : t.indexes) {
    Value ix = object();
    ix.members["definition"] = str(i.sql_definition);  // never the shape: bytes, not text
    ix.members["unique"] = boolean(i.unique);
    ix.members["primary"] = boolean(i.primary);
    ix.members["valid"] = boolean(i.valid && i.ready);
    indexes.members[i.name] = std::move(ix);
  }
  v.members["indexes"] = std::move(indexes);

  Value triggers = object();
  for (const auto &tr : t.triggers) {
    Value trg = object();
    trg.members["function"] = str(tr.function);
    trg.members["enabled"] = str(enabled_name(tr.enabled));
    trg.members["timing"] = str(tr.before ? "before" : "after");
    trg.members["level"] = str(tr.row_level ? "row" : "statement");
    std::vector<std::string> events;
    if (tr.on_insert) events.push_back("INSERT");
    if (tr.on_update) events.push_back("UPDATE");
    if (tr.on_delete) events.push_back("DELETE");
    if (tr.on_truncate) events.push_back("TRUNCATE");
    trg.members["events"] = array_of(events, false);
    trg.members["update_of"] = array_of(t.column_names(tr.update_of), false);
    trg.members["when"] = opt_str(tr.when);
    triggers.members[tr.name] = std::move(trg);
  }
  v.members["triggers"] = std::move(triggers);

  // Grants, keyed "grantee:PRIVILEGE" or "grantee:PRIVILEGE(column)"; the owner's own
  // privileges are implicit and differ between installations, so they are left out.
  Value grants = object();
  for (const auto &g : t.grants) {
    if (g.grantee == t.owner) continue;
    Value gr = object();
    gr.members["grantee"] = str(g.grantee);
    gr.members["privilege"] = str(g.privilege);
    gr.members["column"] = opt_str(g.column);
    grants.members[g.grantee + ":" + g.privilege + (g.column ? "(" + *g.column + ")" : "")] =
        std::move(gr);
  }
  v.members["grants"] = std::move(grants);

  Value policies = object();
  for (const auto &p : t.policies) {
    Value pol = object();
    pol.members["command"] = str(p.command);
    pol.members["permissive"] = boolean(p.permissive);
    pol.members["roles"] = array_of(p.roles, true);
    pol.members["using"] = opt_str(p.using_expr);
    pol.members["check"] = opt_str(p.check_expr);
    policies.members[p.name] = std::move(pol);
  }
  v.members["policies"] = std::move(policies);
  return v;
}

// The members of a table snapshot that hold named sub-objects, and what they are called.
const std::pair<const char *, const char *> kTableCollections[] = {
    {"columns", "column"},   {"constraints", "constraint"}, {"indexes", "index"},
    {"triggers", "trigger"}, {"grants", "grant"},           {"policies", "policy"}};

bool is_collection(const std::string &key) {
  for (const auto &[k, _] : kTableCollections)
    if (key == k) return true;
  return false;
}

// Walks two objects' members in key order (both are sorted): fn(key, expected or nullptr,
// actual or nullptr) once per key of either.
template <typename Fn>
void merge_members(const Value &e, const Value &a, Fn &&fn) {
  auto i = e.members.begin(), j = a.members.begin();
  while (i != e.members.end() || j != a.members.end()) {
    if (j == a.members.end() || (i != e.members.end() && i->first < j->first)) {
      fn(i->first, &i->second, nullptr);
      ++i;
    } else if (i == e.members.end() || j->first < i->first) {
      fn(j->first, nullptr, &j->second);
      ++j;
    } else {
      fn(i->first, &i->second, &j->second);
      ++i, ++j;
    }
  }
}

// Properties (members that are not collections) that differ, as two objects.
void altered(const Value &e, const Value &a, const std::string &type, const std::string &name,
             std::vector<Difference> &out) {
  Value ev = object(), av = object();
  merge_members(e, a, [&](const std::string &k, const Value *x, const Value *y) {
    if (type == "table" && is_collection(k)) return;
    if (x && y && *x == *y) return;
    ev.members[k] = x ? *x : Value{};
    av.members[k] = y ? *y : Value{};
  });
  if (!ev.members.empty()) out.push_back({type, name, "altered", ev, av});
}

// Compares two objects keyed by name, each member an object of kind `type`.
void compare_named(const Value *expected, const Value *actual, const std::string &type,
                   const std::string &prefix, std::vector<Difference> &out) {
  static const Value empty = object();
  const Value &e = expected && expected->is_object() ? *expected : empty;
  const Value &a = actual && actual->is_object() ? *actual : empty;
  merge_members(e, a, [&](const std::string &n, const Value *x, const Value *y) {
    if (x && y && *x == *y) return;
    const std::string name = prefix.empty() ? n : prefix + "." + n;
    if (!y) {
      out.push_back({type, name, "missing", *x, std::nullopt});
    } else if (!x) {
      out.push_back({type, name, "unexpected", std::nullopt, *y});
    } else if (type == "table" && x->is_object() && y->is_object()) {
      altered(*x, *y, type, name, out);
      for (const auto &[key, member_type] : kTableCollections)
        compare_named(x->get(key), y->get(key), member_type, n, out);
    } else if (x->is_object() && y->is_object()) {
      altered(*x, *y, type, name, out);
    } else {
      out.push_back({type, name, "altered", *x, *y});
    }
  });
}

}  // namespace

json::Value of(const catalog::Schema &schema) {
  Value root = object();
  root.members["format"] = number(kFormat);
  root.members["schema"] = str(schema.name);
  Value tables = object();
  for (const auto &t : schema.tables) tables.members[t.name] = table_snapshot(schema, t);
  root.members["tables"] = std::move(tables);
  Value enums = object();
  for (const auto &e : schema.enums) {
    Value en = object();
    en.members["labels"] = array_of(e.labels, false);
    en.members["comment"] = opt_str(e.comment);
    enums.members[e.name] = std::move(en);
  }
  root.members["enums"] = std::move(enums);
  Value functions = object();
  for (const auto &f : schema.functions) {
    Value fn = object();
    fn.members["language"] = str(f.language);
    fn.members["volatility"] = str(f.volatility == 'i'   ? "immutable"
                                   : f.volatility == 's' ? "stable"
                                                         : "volatile");
    fn.members["security_definer"] = boolean(f.security_definer);
    fn.members["search_path_pinned"] = boolean(f.search_path_pinned);
    fn.members["public_execute"] = boolean(f.public_execute);
    fn.members["comment"] = opt_str(f.comment);
    functions.members[f.signature] = std::move(fn);
  }
  root.members["functions"] = std::move(functions);
  return root;
}

bool is_snapshot(const json::Value &v, std::string *why) {
  auto fail = [why](const char *reason) {
    if (why) *why = reason;
    return false;
  };
  if (!v.is_object()) return fail("A snapshot is a JSON object.");
  const Value *format = v.get("format");
  if (!format || format->kind != Kind::number || format->text != std::to_string(kFormat))
    return fail("Its \"format\" must be 1 (made by clinic.schema_snapshot).");
  for (const char *key : {"tables", "enums", "functions"}) {
    const Value *m = v.get(key);
    if (!m || !m->is_object())
      return fail("Its \"tables\", \"enums\" and \"functions\" must be objects.");
    for (const auto &[_, member] : m->members)
      if (!member.is_object()) return fail("Each table, enum and function must be an object.");
  }
  return true;
}

std::vector<Difference> diff(const json::Value &expected, const json::Value &actual) {
  std::vector<Difference> out;
  compare_named(expected.get("tables"), actual.get("tables"), "table", "", out);
  compare_named(expected.get("enums"), actual.get("enums"), "enum", "", out);
  compare_named(expected.get("functions"), actual.get("functions"), "function", "", out);
  return out;
}

}  // namespace clinic::snapshot

// The schema against its baseline: items 4, 6, 7, 10, 11, 12 and 32.
#include "core/audit/checks/common.hpp"

#include <set>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

// A schema name as a regnamespace literal to paste into SQL: double-quoted unless it is a plain
// lower-case name (regnamespace input folds case), then single-quoted.
std::string regnamespace_literal(const std::string &name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (const char c : name)
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  std::string ident = plain ? name : "\"";
  if (!plain) {
    for (const char c : name) ident += c == '"' ? std::string("\"\"") : std::string(1, c);
    ident += '"';
  }
  std::string literal = "'";
  for (const char c : ident) literal += c == '\'' ? std::string("''") : std::string(1, c);
  return literal + "'";
}

// False (and the finding skipped) when there is no baseline to compare with.
bool have_baseline(const Schema &s, Finding &f) {
  if (!s.baseline) {
    set(f, "skip",
        "no baseline: record one with SELECT clinic.audit_baseline(" +
            regnamespace_literal(s.name) + ")");
    return false;
  }
  f.expected = f.title + " (as in the " + s.baseline_source + ")";
  return true;
}

const json::Value &live_snapshot(const Schema &s) {
  if (!s.live_snapshot) s.live_snapshot = snapshot::of(s);
  return *s.live_snapshot;
}

const json::Value &members_of(const json::Value &snap, const char *key) {
  static const json::Value empty;
  const json::Value *m = snap.get(key);
  return m ? *m : empty;
}

// Names "table.member" of the table members (constraints or indexes) that match `keep`.
template <typename Keep>
std::set<std::string> named(const json::Value &snap, const char *collection, Keep keep) {
  std::set<std::string> out;
  for (const auto &[table, t] : members_of(snap, "tables").members)
    if (const json::Value *c = t.get(collection))
      for (const auto &[name, obj] : c->members)
        if (keep(obj)) out.insert(table + "." + name);
  return out;
}

std::string field_text(const json::Value &obj, const char *key) {
  const json::Value *v = obj.get(key);
  return v ? v->text : std::string();
}

// fail when expected and live differ; detail: the names missing from the live schema, and
// those the baseline does not have.
void compare_sets(Finding &f, const std::set<std::string> &expected,
                  const std::set<std::string> &live, const char *what) {
  json::Array d;
  for (const auto &n : expected)
    if (!live.count(n)) d.object().field(what, n).field("change", "missing");
  for (const auto &n : live)
    if (!expected.count(n)) d.object().field(what, n).field("change", "unexpected");
  set(f, d.empty() ? "pass" : "fail",
      std::to_string(live.size()) + " (baseline " + std::to_string(expected.size()) + ")", d);
}

void drift(const Schema &s, Finding &f) {
  if (!have_baseline(s, f)) return;
  json::Array d;
  for (const auto &x : snapshot::diff(*s.baseline, live_snapshot(s)))
    d.object()
        .field("object_type", x.object_type)
        .field("object_name", x.object_name)
        .field("change", x.change);
  verdict(f, d, "fail", "differences from the baseline (clinic.schema_diff gives each in full)");
}

void table_count(const Schema &s, Finding &f) {
  if (!have_baseline(s, f)) return;
  const size_t expected = members_of(*s.baseline, "tables").members.size();
  const size_t live = members_of(live_snapshot(s), "tables").members.size();
  set(f, expected == live ? "pass" : "fail",
      std::to_string(live) + " tables (baseline " + std::to_string(expected) + ")");
}

std::set<std::string> table_names(const json::Value &snap) {
  std::set<std::string> out;
  for (const auto &[name, _] : members_of(snap, "tables").members) out.insert(name);
  return out;
}

void tables_present(const Schema &s, Finding &f) {
  if (!have_baseline(s, f)) return;
  const auto expected = table_names(*s.baseline), live = table_names(live_snapshot(s));
  json::Array d;
  for (const auto &n : expected)
    if (!live.count(n)) d.object().field("table", n).field("change", "missing");
  verdict(f, d, "fail", "expected tables missing");
}

void fk_count(const Schema &s, Finding &f) {
  if (!have_baseline(s, f)) return;
  auto fks = [](const json::Value &snap) {
    return named(snap, "constraints",
                 [](const json::Value &c) { return field_text(c, "type") == "foreign key"; });
  };
  compare_sets(f, fks(*s.baseline), fks(live_snapshot(s)), "foreign_key");
}

void unique_count(const Schema &s, Finding &f) {
  if (!have_baseline(s, f)) return;
  auto uniques = [](const json::Value &snap) {
    auto out = named(snap, "constraints",
                     [](const json::Value &c) { return field_text(c, "type") == "unique"; });
    const auto constraint_names =
        named(snap, "constraints", [](const json::Value &) { return true; });
    for (const auto &i : named(snap, "indexes", [](const json::Value &x) {
           const json::Value *u = x.get("unique"), *p = x.get("primary");
           return u && u->boolean && !(p && p->boolean);
         }))
      if (!constraint_names.count(i)) out.insert(i);  // a unique index not behind a constraint
    return out;
  };
  compare_sets(f, uniques(*s.baseline), uniques(live_snapshot(s)), "unique");
}

void enum_labels(const Schema &s, Finding &f) {
  if (!have_baseline(s, f)) return;
  const json::Value &expected = members_of(*s.baseline, "enums"),
                    &live = members_of(live_snapshot(s), "enums");
  json::Array d;
  for (const auto &[name, e] : expected.members) {
    const json::Value *l = live.get(name);
    if (!l) {
      d.object().field("enum", name).field("change", "missing");
    } else if (e.get("labels") && l->get("labels") && *e.get("labels") != *l->get("labels")) {
      d.object()
          .field("enum", name)
          .raw("expected", e.get("labels")->dump())
          .raw("actual", l->get("labels")->dump());
    }
  }
  for (const auto &[name, _] : live.members)
    if (!expected.get(name)) d.object().field("enum", name).field("change", "unexpected");
  set(f, d.empty() ? "pass" : "fail",
      std::to_string(live.members.size()) + " enums (baseline " +
          std::to_string(expected.members.size()) + ")" +
          (d.empty() ? ", labels in the same order" : ""),
      d);
}

void no_drift(const Schema &s, Finding &f) {
  if (!have_baseline(s, f)) return;
  const size_t n = snapshot::diff(*s.baseline, live_snapshot(s)).size();
  set(f, n == 0 ? "pass" : "fail",
      n == 0 ? "zero drift" : std::to_string(n) + " differences (see drift.manifest)");
}

}  // namespace clinic::audit::check

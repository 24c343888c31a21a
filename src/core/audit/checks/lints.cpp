// Type smells, functions, row-level security, triggers.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

// The width of a char(n) column from its formatted type ("character(2)"); 0 when unknown.
int char_width(const Column &c) {
  const size_t open = c.type.rfind('(');
  if (open == std::string::npos) return 0;
  int n = 0;
  for (size_t i = open + 1; i < c.type.size() && c.type[i] >= '0' && c.type[i] <= '9'; ++i)
    n = n * 10 + (c.type[i] - '0');
  return n;
}

// char(n) pads shorter values with blanks, which comparisons and concatenation then trip over;
// a code of at most 3 characters (ISO country and language codes, the one- and two-letter value
// sets of clinical data models) is written at its width and left alone.
void type_smells(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    for (const Column &c : t.columns) {
      const char *problem = nullptr;
      if (c.type_name == "json")
        problem = "json: use jsonb";
      else if (c.type_name == "money")
        problem = "money: locale-dependent, use numeric";
      else if (c.type_name == "bpchar" && !(char_width(c) > 0 && char_width(c) <= 3))
        problem = "char(n): pads with blanks, use text or varchar";
      else if (c.type_name == "timestamp")
        problem = "timestamp without time zone: use timestamptz";
      else if (c.default_expr && c.default_expr->find("nextval(") == 0 && !c.identity)
        problem = "serial: use GENERATED ... AS IDENTITY";
      if (problem) object_ref(d, t).field("column", c.name).field("problem", problem);
    }
  }
  verdict(f, d, "warn", "column type smells");
}

std::string left_out(const Schema &s) {
  const auto n = std::count_if(s.functions.begin(), s.functions.end(),
                               [&s](const auto &fn) { return foreign_extension_member(s, fn); });
  return n == 0 ? "" : "; " + count_of(static_cast<size_t>(n), "functions of extensions left out");
}

void function_search_path(const Schema &s, Finding &f) {
  json::Array d;
  bool definer = false;
  for (const auto &fn : s.functions)
    if (!fn.search_path_pinned && !foreign_extension_member(s, fn)) {
      definer |= fn.security_definer;
      d.object().field("function", fn.signature).field("security_definer", fn.security_definer);
    }
  set(f, graded(definer, d),
      (d.empty() ? "every function pins its search_path"
                 : count_of(d.size(), "functions with a mutable search_path")) +
          left_out(s),
      d);
}

void security_definer(const Schema &s, Finding &f) {
  json::Array d;
  bool open = false;
  for (const auto &fn : s.functions)
    if (fn.security_definer && fn.public_execute && !foreign_extension_member(s, fn)) {
      open = true;
      d.object()
          .field("function", fn.signature)
          .field("problem", "SECURITY DEFINER executable by PUBLIC");
    }
  set(f, open ? "warn" : "pass",
      (open ? count_of(d.size(), "functions") : "none executable by PUBLIC") + left_out(s), d);
}

void rls_policies(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables) {
    if (!is_table(t)) continue;
    if (t.rls_enabled && t.policies.empty())
      object_ref(d, t).field(
          "problem",
          "row-level security enabled with no policy: only the owner and BYPASSRLS "
          "roles see rows");
    if (!t.rls_enabled && !t.policies.empty())
      object_ref(d, t).field("problem",
                             "policies exist but row-level security is disabled: they do nothing");
  }
  verdict(f, d, "warn", "row-level security misconfigurations");
}

// A trigger runs its function as whoever writes the table. On the extension's own tables only
// the extension's functions may run (another's would run inside its definer functions and as
// every clinician); elsewhere a function owned by neither the table's owner nor an extension
// lets its owner run code as every writer.
void foreign_triggers(const Schema &s, Finding &f) {
  json::Array d;
  bool failed = false;
  for (const Table &t : s.tables)
    for (const catalog::Trigger &tr : t.triggers) {
      if (s.clinic_extension ? tr.clinic_function
                             : tr.extension_function || tr.function_owner == t.owner)
        continue;
      failed = failed || s.clinic_extension.has_value();
      object_ref(d, t)
          .field("trigger", tr.name)
          .field("function", tr.function)
          .field("function_owner", tr.function_owner)
          .field("problem", s.clinic_extension ? "not a function of the clinic extension"
                                               : "owned by neither the table's owner nor an "
                                                 "extension: runs as every writer");
    }
  set(f, graded(failed, d),
      d.empty() ? "none" : count_of(d.size(), "triggers running another owner's code"), d);
}

}  // namespace clinic::audit::check

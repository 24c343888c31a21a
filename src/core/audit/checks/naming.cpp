// Naming: item 3.
#include "core/audit/checks/common.hpp"

#include <array>
#include <regex>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

enum class Style { snake, pascal, camel, other };
// Classified by a scan, not std::regex: this runs for every table and column name.
Style style_of(const std::string &n) {
  if (n.empty()) return Style::other;
  bool lower_seen = false, upper_seen = false, underscore = false, other = false;
  for (const char c : n) {
    if (c >= 'a' && c <= 'z')
      lower_seen = true;
    else if (c >= 'A' && c <= 'Z')
      upper_seen = true;
    else if (c == '_')
      underscore = true;
    else if (!(c >= '0' && c <= '9'))
      other = true;
  }
  const char first = n[0];
  if (other) return Style::other;
  if (!upper_seen && (first == '_' || (first >= 'a' && first <= 'z'))) return Style::snake;
  if (underscore) return Style::other;
  if (first >= 'A' && first <= 'Z') return Style::pascal;
  if (first >= 'a' && first <= 'z' && upper_seen && lower_seen) return Style::camel;
  return Style::other;
}
const char *style_name(Style s) {
  switch (s) {
    case Style::snake:
      return "snake_case";
    case Style::pascal:
      return "PascalCase";
    case Style::camel:
      return "camelCase";
    case Style::other:
      break;
  }
  return "mixed";
}

void naming(const Schema &s, Finding &f) {
  json::Array d;
  bool too_long = false;
  // The schema's own style per kind of name: the most common one (counts by Style, in enum order;
  // of equal counts the first).
  std::array<int, 4> table_styles{}, column_styles{};
  for (const Table &t : s.tables) {
    if (!is_user_table(t) || is_prisma_relation_table(t)) continue;
    ++table_styles[static_cast<size_t>(style_of(t.name))];
    for (const Column &c : t.columns) ++column_styles[static_cast<size_t>(style_of(c.name))];
  }
  auto dominant = [](const std::array<int, 4> &counts) {
    Style best = Style::snake;
    int n = 0;
    for (const Style st : {Style::snake, Style::pascal, Style::camel})
      if (counts[static_cast<size_t>(st)] > n) best = st, n = counts[static_cast<size_t>(st)];
    return best;
  };
  const Style table_style = dominant(table_styles), column_style = dominant(column_styles);
  // A one-word camelCase name ("email") is also snake_case.
  auto fits = [](Style want, Style got) {
    return got == want || (want == Style::camel && got == Style::snake);
  };
  auto check_name = [&](const Table &t, const std::string &name, const char *kind, Style want) {
    if (name.size() >= 63) {
      too_long = true;
      object_ref(d, t)
          .field(kind, name)
          .field("problem",
                 "63 bytes, the limit: possibly cut from a longer name (PostgreSQL truncates "
                 "with only a NOTICE)");
    }
    // "User" is quoted wherever it is written (its capital already forces that): only a name
    // that would otherwise be written bare collides with a keyword.
    if (is_reserved_word(name) && name == lower(name))
      object_ref(d, t).field(kind, name).field("problem", "reserved word");
    const Style got = style_of(name);
    if (!fits(want, got))
      d.add(
          object_ref(t).field(kind, name).field("problem", std::string("not ") + style_name(want)));
  };
  for (const Table &t : s.tables) {
    if (!is_user_table(t) || is_prisma_relation_table(t)) continue;  // Prisma names those
    check_name(t, t.name, "name", table_style);
    for (const Column &c : t.columns) check_name(t, c.name, "column", column_style);
  }
  f.expected = std::string("tables ") + style_name(table_style) + ", columns " +
               style_name(column_style) +
               " (the schema's own style), no reserved words, under 63 bytes";
  set(f, graded(too_long, d),
      d.empty() ? "consistent" : count_of(d.size(), "names off the schema's style"), d);
}

}  // namespace clinic::audit::check

// The checks. Each fills one Finding from the schema; the table at the end registers them with
// their stable id, checklist item, category, severity and remediation.
#include "core/audit/checks.hpp"

#include "core/util/json.hpp"
#include "core/audit/snapshot.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include "core/pure.hpp"

namespace clinic::audit {

using catalog::Column;
using catalog::Constraint;
using catalog::Index;
using catalog::Schema;
using catalog::Table;

namespace {

// ASCII lower case, as PostgreSQL folds identifiers in multibyte encodings (not the locale's).
char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string s) {
  for (char &c : s) c = lower_ascii(c);
  return s;
}

// Whether text contains `word` (lower case), ignoring ASCII case: without a lowered copy, for
// the checks that test every name of a large schema.
bool contains_word(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (size_t at = 0; at + word.size() <= text.size(); ++at) {
    size_t k = 0;
    while (k < word.size() && lower_ascii(text[at + k]) == word[k]) ++k;
    if (k == word.size()) return true;
  }
  return false;
}

bool equals_word(std::string_view text, std::string_view word) {
  return text.size() == word.size() && contains_word(text, word);
}

// Ordinary tables: what a schema audit is about (views, sequences, foreign tables aside).
bool is_table(const Table &t) {
  return t.kind == 'r' || t.kind == 'p';
}
bool is_prisma_bookkeeping(const Table &t) {
  return t.name == "_prisma_migrations";
}
bool is_user_table(const Table &t) {
  return is_table(t) && !is_prisma_bookkeeping(t);
}

// A column by any of its usual spellings (snake_case or Prisma's camelCase).
const Column *find_column(const Table &t, std::initializer_list<const char *> names) {
  for (const char *n : names)
    if (const Column *c = t.column(n)) return c;
  return nullptr;
}

std::string count_of(size_t n, const char *what) {
  return std::to_string(n) + " " + what;
}

// The finding's verdict; its detail taken from the array (large for a large schema: moved, not
// copied), which is left empty.
void set(Finding &f, const char *status, std::string actual, json::Array &detail) {
  f.status = status;
  f.actual = std::move(actual);
  f.detail = detail.take();
}
void set(Finding &f, const char *status, std::string actual) {
  json::Array none;
  set(f, status, std::move(actual), none);
}

// fail when a finding is serious, else warn for any detail, else pass.
const char *graded(bool failed, const json::Array &detail) {
  return failed ? "fail" : detail.empty() ? "pass" : "warn";
}

// pass when detail is empty, else `bad` ("warn" or "fail").
void verdict(Finding &f, json::Array &detail, const char *bad, const std::string &what) {
  set(f, detail.empty() ? "pass" : bad,
      detail.empty() ? "none" : count_of(detail.size(), what.c_str()), detail);
}

// A statistics-based check: skip without statistics (none of its objects had any), else warn
// naming each offender as evidence, never fail.
void statistics_verdict(Finding &f, json::Array &d, size_t with_stats, const char *no_stats,
                        const char *clean, const std::string &what) {
  if (with_stats == 0) {
    set(f, "skip", no_stats);
    return;
  }
  set(f, d.empty() ? "pass" : "warn",
      d.empty() ? clean
                : count_of(d.size(), (what + " (statistics-based: evidence, not proof)").c_str()),
      d);
}

json::Object object_ref(const Table &t) {
  return json::Object().field("table", t.name);
}

// The same object written straight into the array d (see json::Array::object()).
json::Array::InPlace object_ref(json::Array &d, const Table &t) {
  json::Array::InPlace o = d.object();
  o.field("table", t.name);
  return o;
}

std::string column_names(const Table &t, const catalog::AttNums &attnums) {
  std::string s;
  for (const auto &name : t.column_names(attnums)) s += (s.empty() ? "" : ", ") + name;
  return s;
}

const char *kPasswordHashPattern = "hash";  // a password column named *hash* is taken as a hash

// "password=...", "secret: ...", "api_key = ...", case-insensitively: a credential written down.
bool mentions_credential(const std::string &text) {
  const std::string t = lower(text);
  for (const char *word : {"password", "passwd", "secret", "api_key", "api-key", "apikey"}) {
    for (size_t at = t.find(word); at != std::string::npos; at = t.find(word, at + 1)) {
      size_t i = at + std::char_traits<char>::length(word);
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
      if (i < t.size() && (t[i] == '=' || t[i] == ':')) return true;
    }
  }
  return false;
}

bool is_password_column(const Column &c) {
  return (contains_word(c.name, "password") || contains_word(c.name, "passwd")) &&
         !contains_word(c.name, kPasswordHashPattern);
}

// ---- 1, 13, 14, 15, 29, 30: migrations and versions --------------------------------------

void migration_status(const Schema &s, Finding &f) {
  json::Array d;
  std::string actual;
  if (s.clinic_extension) {
    const auto &e = *s.clinic_extension;
    actual = "extension " + e.installed_version + " installed, " + e.default_version + " default";
    if (e.installed_version != e.default_version)
      d.object()
          .field("extension", "clinic")
          .field("installed", e.installed_version)
          .field("default", e.default_version)
          .field("update_path", e.update_path_to_default);
  }
  size_t failed = 0, rolled_back = 0;
  for (const auto &m : s.prisma_migrations) {
    const bool is_failed = !m.finished_at && !m.rolled_back_at;
    if (is_failed) ++failed;
    if (m.rolled_back_at) ++rolled_back;
    if (is_failed || m.rolled_back_at)
      d.object()
          .field("migration", m.name)
          .field("state", is_failed ? "failed" : "rolled_back")
          .field("started_at", m.started_at.value_or(""));
  }
  if (s.has_prisma_migrations) {
    if (!actual.empty()) actual += "; ";
    actual += std::to_string(s.prisma_migrations.size() - failed - rolled_back) + "/" +
              std::to_string(s.prisma_migrations.size()) + " migrations applied, " +
              count_of(failed, "failed") + ", " + count_of(rolled_back, "rolled back");
  }
  if (!s.clinic_extension && !s.has_prisma_migrations) {
    set(f, "skip",
        "no migration source: neither the clinic extension's schema nor a _prisma_migrations "
        "table");
    return;
  }
  const bool behind = s.clinic_extension &&
                      s.clinic_extension->installed_version != s.clinic_extension->default_version;
  set(f,
      failed > 0 || (behind && !s.clinic_extension->update_path_to_default) ? "fail"
      : d.empty()                                                           ? "pass"
                                                                            : "warn",
      actual, d);
}

void migration_files(const Schema &s, Finding &f) {
  if (!s.clinic_extension) {
    set(f, "skip",
        "not the clinic extension's schema (migration files are not visible in the database)");
    return;
  }
  const auto &e = *s.clinic_extension;
  const bool present = std::find(e.available_versions.begin(), e.available_versions.end(),
                                 e.installed_version) != e.available_versions.end();
  json::Array d;
  if (!present)
    d.add(
        json::Object().field("extension", "clinic").field("missing_version", e.installed_version));
  set(f, present ? "pass" : "fail",
      "script for " + e.installed_version + (present ? " present" : " missing") + " on the server",
      d);
}

void migration_naming(const Schema &s, Finding &f) {
  if (!s.has_prisma_migrations) {
    set(f, "skip", "no _prisma_migrations table");
    return;
  }
  static const std::regex name_re("^[0-9]{14}_[a-z0-9_]+$");
  json::Array d;
  std::string previous;
  for (const auto &m : s.prisma_migrations) {
    if (!std::regex_match(m.name, name_re))
      d.object().field("migration", m.name).field("problem", "not YYYYMMDDHHMMSS_name");
    else if (!previous.empty() && m.name.substr(0, 14) < previous)
      d.object()
          .field("migration", m.name)
          .field("problem", "timestamp earlier than the migration applied before it");
    if (m.name.size() >= 14) previous = std::max(previous, m.name.substr(0, 14));
  }
  verdict(f, d, "warn", "misnamed or out-of-sequence migrations");
}

void migration_history(const Schema &s, Finding &f) {
  if (!s.has_prisma_migrations) {
    set(f, "skip", "no _prisma_migrations table");
    return;
  }
  json::Array d;
  bool failed = false;
  for (const auto &m : s.prisma_migrations) {
    if (!m.finished_at && !m.rolled_back_at) {
      failed = true;
      d.object()
          .field("migration", m.name)
          .field("problem", "started, never finished or rolled back (failed)");
    } else if (m.rolled_back_at) {
      d.object().field("migration", m.name).field("problem", "rolled back");
    }
  }
  set(f, graded(failed, d),
      count_of(s.prisma_migrations.size(), "migrations") + ", " +
          count_of(d.size(), "not cleanly applied"),
      d);
}

void extension_version(const Schema &s, Finding &f) {
  json::Array d;
  const bool supported = s.server_version_num >= 150000;
  if (!supported)
    d.object().field("server_version_num", static_cast<int64_t>(s.server_version_num));
  std::string actual = "server " + std::to_string(s.server_version_num / 10000) + "." +
                       std::to_string(s.server_version_num % 10000);
  if (s.clinic_extension) {
    const auto &e = *s.clinic_extension;
    std::string newest = e.installed_version;
    for (const auto &v : e.available_versions) newest = std::max(newest, v);
    actual += ", clinic " + e.installed_version + " (newest available " + newest + ")";
    if (newest != e.installed_version)
      d.object()
          .field("extension", "clinic")
          .field("installed", e.installed_version)
          .field("newest", newest);
  }
  set(f, graded(!supported, d), actual, d);
}

void library_sync(const Schema &s, Finding &f) {
  if (!s.clinic_extension) {
    set(f, "skip", "not the clinic extension's schema");
    return;
  }
  const auto &e = *s.clinic_extension;
  json::Array d;
  if (e.library_version != e.installed_version)
    d.object()
        .field("library_version", e.library_version)
        .field("sql_version", e.installed_version);
  set(f, d.empty() ? "pass" : "fail",
      "library " + e.library_version + ", SQL " + e.installed_version, d);
}

// ---- 2, 25: validity and integrity ---------------------------------------------------------

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

// ---- 3: naming -----------------------------------------------------------------------------

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
    if (!is_user_table(t)) continue;
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
    if (is_reserved_word(name))
      object_ref(d, t).field(kind, name).field("problem", "reserved word");
    const Style got = style_of(name);
    if (!fits(want, got))
      d.add(
          object_ref(t).field(kind, name).field("problem", std::string("not ") + style_name(want)));
  };
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    check_name(t, t.name, "name", table_style);
    for (const Column &c : t.columns) check_name(t, c.name, "column", column_style);
  }
  f.expected = std::string("tables ") + style_name(table_style) + ", columns " +
               style_name(column_style) +
               " (the schema's own style), no reserved words, under 63 bytes";
  set(f, graded(too_long, d),
      d.empty() ? "consistent" : count_of(d.size(), "names off the schema's style"), d);
}

// ---- 5, 8, 9: introspection, indexes, primary keys ----------------------------------------

void orm_introspectable(const Schema &s, Finding &f) {
  // Sorted: looked up for every column.
  static constexpr std::string_view unsupported[] = {
      "box",     "circle",  "daterange", "int4range", "int8range", "interval",
      "line",    "lseg",    "numrange",  "path",      "point",     "polygon",
      "tsquery", "tsrange", "tstzrange", "tsvector"};
  json::Array d;
  bool missing_pk = false;
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    const bool has_pk = std::any_of(t.constraints.begin(), t.constraints.end(),
                                    [](const Constraint &c) { return c.type == 'p'; });
    if (!has_pk) {
      missing_pk = true;
      object_ref(d, t).field("problem", "no primary key: ORMs cannot address its rows");
    }
    for (const Column &c : t.columns)
      if (std::binary_search(std::begin(unsupported), std::end(unsupported),
                             std::string_view(c.type_name)))
        object_ref(d, t)
            .field("column", c.name)
            .field("type", c.type)
            .field("problem", "type ORMs map as Unsupported");
  }
  set(f, graded(missing_pk, d),
      d.empty() ? "every table introspectable" : count_of(d.size(), "problems"), d);
}

void tables_indexed(const Schema &s, Finding &f) {
  size_t tables = 0, indexed = 0, indexes = 0;
  json::Array d;
  for (const Table &t : s.tables) {
    if (!is_table(t)) continue;
    ++tables;
    indexes += t.indexes.size();
    if (t.indexes.empty())
      object_ref(d, t).field("problem", "no index");
    else
      ++indexed;
  }
  set(f, d.empty() ? "pass" : "fail",
      count_of(indexes, "indexes") + "; " + std::to_string(indexed) + "/" + std::to_string(tables) +
          " tables indexed",
      d);
}

void primary_keys(const Schema &s, Finding &f) {
  json::Array d;
  bool missing = false;
  for (const Table &t : s.tables) {
    if (!is_table(t)) continue;
    const Constraint *pk = nullptr;
    for (const Constraint &c : t.constraints)
      if (c.type == 'p') pk = &c;
    if (!pk) {
      missing = true;
      object_ref(d, t).field("problem", "no primary key");
    } else if (pk->name != t.name + "_pkey") {
      object_ref(d, t)
          .field("constraint", pk->name)
          .field("problem", "not named " + t.name + "_pkey");
    }
  }
  set(f, graded(missing, d),
      d.empty() ? "every table has one, named <table>_pkey" : count_of(d.size(), "problems"), d);
}

// ---- 19 and the index lints ----------------------------------------------------------------

void fk_indexed(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Constraint &c : t.constraints)
      if (c.type == 'f' && !has_covering_index(t, c.columns))
        object_ref(d, t)
            .field("constraint", c.name)
            .field("columns", column_names(t, c.columns))
            .field("references", c.ref_table);
  verdict(f, d, "fail", "foreign keys without a covering index");
}

void index_duplicates(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (size_t a = 0; a < t.indexes.size(); ++a)
      for (size_t b = a + 1; b < t.indexes.size(); ++b)
        if (t.indexes[a].same_shape(t.indexes[b]))
          object_ref(d, t)
              .field("index", t.indexes[a].name)
              .field("duplicate_of", t.indexes[b].name);
  verdict(f, d, "warn", "duplicate indexes");
}

void index_redundant(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Index &small : t.indexes) {
      if (small.unique || small.backs_constraint || small.partial || small.method != "btree")
        continue;
      const size_t n = static_cast<size_t>(small.key_columns);  // its keys: columns[0, n)
      if (std::find(small.columns.begin(), small.columns.begin() + static_cast<long>(n), 0) !=
          small.columns.begin() + static_cast<long>(n))
        continue;  // expressions
      for (const Index &big : t.indexes) {
        if (&big == &small || big.partial || big.method != "btree" || !big.valid) continue;
        if (big.key_columns <= small.key_columns) continue;
        // The same leading columns, with the same operator classes, collations and orderings
        // (an index on (a text_pattern_ops) serves LIKE 'x%'; one on (a, b) does not).
        const auto leads = [n](const auto &x, const auto &y) {
          return x.size() >= n && y.size() >= n &&
                 std::equal(x.begin(), x.begin() + static_cast<long>(n), y.begin());
        };
        if (leads(small.columns, big.columns) && leads(small.key_opclasses, big.key_opclasses) &&
            leads(small.key_collations, big.key_collations) &&
            leads(small.key_options, big.key_options)) {
          object_ref(d, t).field("index", small.name).field("covered_by", big.name);
          break;
        }
      }
    }
  verdict(f, d, "warn", "indexes whose keys lead another index");
}

void index_unused(const Schema &s, Finding &f) {
  json::Array d;
  size_t with_stats = 0;
  for (const Table &t : s.tables)
    for (const Index &i : t.indexes) {
      // A partitioned table's index has no scans of its own (its partitions' indexes do).
      if (!i.scans || t.kind == 'p') continue;
      ++with_stats;
      if (*i.scans == 0 && !i.unique && !i.backs_constraint)
        object_ref(d, t)
            .field("index", i.name)
            .field("scans", static_cast<int64_t>(0))
            .field("size_bytes", i.size_bytes);
    }
  statistics_verdict(
      f, d, with_stats,
      "no index statistics (pg_stat_user_indexes is empty: stats reset or never collected)",
      "every non-unique index has been scanned",
      "indexes never scanned since statistics were last reset");
}

// A unique index lets rows that repeat its key through when a key column is NULL (NULLs are
// distinct), unless it is NULLS NOT DISTINCT. Partial indexes are left out (their predicate may
// exclude the NULLs).
void index_unique_nullable(const Schema &s, Finding &f) {
  json::Array d;
  for (const Table &t : s.tables)
    for (const Index &i : t.indexes) {
      if (!i.unique || i.primary || i.partial || i.nulls_not_distinct) continue;
      std::vector<std::string> nullable;
      for (int k = 0; k < i.key_columns && k < static_cast<int>(i.columns.size()); ++k) {
        const Column *c = i.columns[k] > 0 ? t.column(i.columns[k]) : nullptr;
        if (c && !c->not_null) nullable.push_back(c->name);
      }
      if (nullable.empty()) continue;
      json::Array cols;
      for (const auto &n : nullable) cols.add_string(n);
      object_ref(d, t).field("index", i.name).raw("nullable_columns", cols.str());
    }
  verdict(f, d, "warn", "unique indexes with a nullable key column");
}

// How much of each sequence's range is used (last_value against its bounds): an exhausted
// sequence stops every insert. warn from 75 %, fail from 90 %; cycling sequences never run out.
void sequence_capacity(const Schema &s, Finding &f) {
  json::Array d;
  bool failed = false;
  size_t unknown = 0, cycling = 0;
  for (const catalog::Sequence &q : s.sequences) {
    if (q.cycle) {
      ++cycling;
      continue;
    }
    if (!q.last_value) {
      ++unknown;
      continue;
    }
    // Fraction of the range between the start bound and the bound it moves towards.
    const long double range = static_cast<long double>(q.max) - q.min;
    const long double used = q.increment > 0 ? static_cast<long double>(*q.last_value) - q.min
                                             : static_cast<long double>(q.max) - *q.last_value;
    const long double fraction = range > 0 ? used / range : 1;
    if (fraction < 0.75L) continue;
    failed = failed || fraction >= 0.90L;
    d.object()
        .field("sequence", q.name)
        .field("type", q.type)
        .field("last_value", *q.last_value)
        .field("limit", q.increment > 0 ? q.max : q.min)
        .field("pct_used", static_cast<int64_t>(fraction * 100));
  }
  std::string actual = s.sequences.empty() ? "no sequences"
                       : d.empty()
                           ? count_of(s.sequences.size(), "sequences, none at 75 % of its range")
                           : count_of(d.size(), "sequences at 75 % of their range or more");
  if (unknown > 0) actual += "; " + count_of(unknown, "never used or not readable by the auditor");
  if (cycling > 0) actual += "; " + count_of(cycling, "cycling");
  set(f, graded(failed, d), actual, d);
}

// Extensions installed into the application schema mix their objects with the schema's own (and
// are dumped, granted and dropped with it): they belong in a schema of their own.
void extension_placement(const Schema &s, Finding &f) {
  json::Array d;
  for (const std::string &e : s.extensions_here) {
    const auto space = e.find(' ');
    d.object()
        .field("extension", e.substr(0, space))
        .field("version", space == std::string::npos ? "" : e.substr(space + 1));
  }
  verdict(f, d, "warn", "extensions installed into this schema");
}

// Dead rows the statistics count against live ones: warn from 20 % dead with at least 10,000
// dead rows (statistics-based: evidence, not proof; autovacuum may be about to run).
void table_bloat(const Schema &s, Finding &f) {
  json::Array d;
  size_t with_stats = 0;
  for (const Table &t : s.tables) {
    if (!is_table(t) || t.dead_rows < 0 || t.live_rows < 0) continue;
    if (t.dead_rows == 0 && t.live_rows == 0) continue;
    ++with_stats;
    const int64_t total = t.live_rows + t.dead_rows;
    if (t.dead_rows < 10000 || t.dead_rows * 5 < total) continue;
    object_ref(d, t)
        .field("dead_rows", t.dead_rows)
        .field("live_rows", t.live_rows)
        .field("pct_dead", t.dead_rows * 100 / total);
  }
  statistics_verdict(f, d, with_stats,
                     "no row statistics for the schema's tables (never analyzed or stats reset)",
                     "no table has 20 % dead rows or more", "tables with 20 % dead rows or more");
}

// ---- foreign-key lints and 23 ----------------------------------------------------------------

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

// ---- 20: sizes -------------------------------------------------------------------------------

void table_sizes(const Schema &s, Finding &f) {
  std::vector<const Table *> ts;
  int64_t total = 0;
  for (const Table &t : s.tables)
    if (is_table(t)) {
      ts.push_back(&t);
      total += t.size_bytes;
    }
  std::sort(ts.begin(), ts.end(), [](const Table *a, const Table *b) {
    return a->size_bytes != b->size_bytes ? a->size_bytes > b->size_bytes : a->name < b->name;
  });
  json::Array d;
  for (size_t i = 0; i < ts.size() && i < 10; ++i)
    d.add(object_ref(*ts[i])
              .field("size_bytes", ts[i]->size_bytes)
              .field("estimated_rows", ts[i]->estimated_rows));
  size_t never_analyzed = 0;
  for (const Table *t : ts) never_analyzed += t->estimated_rows < 0;
  set(f, "pass",
      count_of(ts.size(), "tables") + ", about " + std::to_string(total) +
          " bytes with indexes (from pg_class.relpages, as of the last VACUUM or ANALYZE; " +
          count_of(never_analyzed, "tables never analyzed") + "; largest in detail)",
      d);
}

// ---- 21, 22, 24: audit columns and defaults --------------------------------------------------

bool has_update_trigger(const Table &t) {
  return std::any_of(t.triggers.begin(), t.triggers.end(), [](const catalog::Trigger &tr) {
    return tr.enabled != 'D' && tr.row_level && tr.before && tr.on_update;
  });
}

// An append-only record table (an audit log): one enabled BEFORE row trigger, unconditional,
// guards both UPDATE and DELETE, and the table has no updated_at (its rows are never edited).
// Its rows are never edited or retired, so the audit-column, soft-delete and audit-trail checks
// do not apply to it (it is the audit trail). Two separate triggers (an updated_at touch and a
// soft-delete rewrite) are an ordinary table's, not a guard.
bool is_append_only(const Table &t) {
  if (find_column(t, {"updated_at", "updatedAt"})) return false;
  return std::any_of(t.triggers.begin(), t.triggers.end(), [](const catalog::Trigger &tr) {
    return tr.enabled != 'D' && tr.before && tr.row_level && tr.update_of.empty() && !tr.when &&
           tr.on_update && tr.on_delete;
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

// ---- 26: HIPAA -------------------------------------------------------------------------------

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

// ---- 27, 28: secrets and documentation -------------------------------------------------------

void plaintext_secrets(const Schema &s, Finding &f) {
  json::Array d;
  bool plaintext = false;

  for (const Table &t : s.tables) {
    for (const Column &c : t.columns) {
      // Values examined by the loader are judged by them; otherwise the name is all there is.
      // A view's or materialized view's values are its base tables' (checked there); a foreign
      // table's are remote.
      if (is_password_column(c) && !c.non_hash_values && t.kind != 'v' && t.kind != 'm')
        object_ref(d, t)
            .field("column", c.name)
            .field("problem", t.kind == 'f'
                                  ? "password column of a foreign table, not scanned: verify the "
                                    "remote column stores a hash"
                                  : "password column not readable by the auditor: verify it stores "
                                    "a hash");
      if (c.non_hash_values && *c.non_hash_values > 0 && is_secret_column(c)) {
        plaintext = true;
        object_ref(d, t).field("column", c.name).field("rows_not_hashed", *c.non_hash_values);
      }
      if (c.default_expr && mentions_credential(*c.default_expr))
        object_ref(d, t).field("column", c.name).field("problem", "credential in a default");
      if (c.comment && mentions_credential(*c.comment)) {
        plaintext = true;
        object_ref(d, t).field("column", c.name).field("problem", "credential in a comment");
      }
    }
  }
  set(f, graded(plaintext, d),
      d.empty() ? "no plaintext secrets found" : count_of(d.size(), "problems"), d);
}

void documentation(const Schema &s, Finding &f) {
  json::Array d;
  size_t objects = 0;
  for (const Table &t : s.tables) {
    if (!is_user_table(t)) continue;
    ++objects;
    if (!t.comment) object_ref(d, t);
    for (const Column &c : t.columns) {
      ++objects;
      if (!c.comment) object_ref(d, t).field("column", c.name);
    }
  }
  for (const auto &e : s.enums) {
    ++objects;
    if (!e.comment) d.object().field("enum", e.name);
  }
  set(f, d.empty() ? "pass" : "warn",
      std::to_string(objects - d.size()) + "/" + std::to_string(objects) +
          " tables, columns and enums commented",
      d);
}

// ---- type smells, functions, RLS ----------------------------------------------------------

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
      else if (c.type_name == "bpchar")
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

// A function another extension installed into the schema is that extension's to fix (and is
// replaced by its updates), not the schema's: the function lints leave it out, and say so.
bool foreign_extension_member(const Schema &s, const catalog::Function &fn) {
  return fn.extension && !(s.clinic_extension && *fn.extension == "clinic");
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

// ---- 4, 6, 7, 10, 11, 12, 32: the schema against its baseline ---------------------------

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

// ---- 16, 17, 18, 31: seed and data -------------------------------------------------------

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

}  // namespace

std::string object_of(const json::Value &item) {
  auto text = [&item](const char *key) -> std::string {
    const json::Value *v = item.get(key);
    return v && v->kind == json::Value::Kind::string ? v->text : std::string();
  };
  for (const char *whole :
       {"function", "enum", "migration", "foreign_key", "unique", "object_name"})
    if (!text(whole).empty()) return text(whole);
  std::string name = text("table");
  for (const char *member : {"column", "constraint", "index", "trigger"})
    if (!text(member).empty()) return name + "." + text(member);
  return name;
}

void apply_suppressions(const Schema &schema, std::vector<Finding> &findings) {
  for (Finding &f : findings) {
    if (f.status != "warn" && f.status != "fail") continue;
    std::vector<const catalog::Suppression *> in_force;
    for (const auto &x : schema.suppressions)
      if (!x.expired && x.check_id == f.check_id) in_force.push_back(&x);
    if (in_force.empty()) continue;
    const auto detail = json::parse(f.detail);
    if (!detail || detail->kind != json::Value::Kind::array) continue;
    json::Array kept;
    size_t suppressed = 0;
    for (const json::Value &item : detail->items) {
      const std::string object = object_of(item);
      const bool covered = std::any_of(
          in_force.begin(), in_force.end(),
          [&](const catalog::Suppression *x) { return !x->object || *x->object == object; });
      if (covered)
        ++suppressed;
      else
        kept.add(item.dump());
    }
    if (suppressed == 0) continue;
    f.detail = kept.str();
    const std::string note = std::to_string(suppressed) + " suppressed (" +
                             in_force.front()->reason + ", until " + in_force.front()->expires_on +
                             ")";
    if (kept.empty()) {
      f.status = "pass";
      f.actual = note;
      f.remediation.clear();
    } else {
      f.actual += "; " + note;
    }
  }
}

// ---- shared helpers ----------------------------------------------------------------------------

bool has_covering_index(const Table &t, const catalog::AttNums &columns) {
  // Compared as sorted sets, in arrays on the stack: this runs for every foreign key against
  // every index of its table (PostgreSQL allows 32 key columns).
  constexpr size_t kMaxKeys = 32;
  const size_t n = columns.size();
  if (n > kMaxKeys) return false;
  std::array<int, kMaxKeys> want, lead;
  std::copy(columns.begin(), columns.end(), want.begin());
  std::sort(want.begin(), want.begin() + n);
  for (const Index &i : t.indexes) {
    if (!i.valid || i.partial || i.key_columns < static_cast<int>(n)) continue;
    std::copy(i.columns.begin(), i.columns.begin() + static_cast<long>(n), lead.begin());
    std::sort(lead.begin(), lead.begin() + n);
    if (std::equal(want.begin(), want.begin() + n, lead.begin())) return true;
  }
  return false;
}

bool is_secret_column(const catalog::Column &c) {
  const std::string_view n = c.name;
  return contains_word(n, "password") || contains_word(n, "passwd") || equals_word(n, "secret") ||
         contains_word(n, "api_key") || contains_word(n, "apikey");
}

bool is_phi_table(const Table &t) {
  if (contains_word(t.name, "patient")) return true;
  if (find_column(t, {"patient_id", "patientId"})) return true;
  if (!t.comment) return false;
  // "PHI" as a word of the comment, in any case ("holds PHI", "phi: yes"; not "graphic").
  const std::string c = lower(*t.comment);
  const auto word_char = [&c](size_t i) {
    return i < c.size() && (std::isalnum(static_cast<unsigned char>(c[i])) || c[i] == '_');
  };
  for (size_t at = c.find("phi"); at != std::string::npos; at = c.find("phi", at + 1))
    if ((at == 0 || !word_char(at - 1)) && !word_char(at + 3)) return true;
  return false;
}

bool is_reserved_word(const std::string &identifier) {
  // PostgreSQL's reserved key words (reserved, and reserved-can-be-function-or-type), sorted:
  // looked up for every table and column name, so without a lowered copy or a set.
  static constexpr std::string_view reserved[] = {
      "all",
      "analyse",
      "analyze",
      "and",
      "any",
      "array",
      "as",
      "asc",
      "asymmetric",
      "authorization",
      "binary",
      "both",
      "case",
      "cast",
      "check",
      "collate",
      "collation",
      "column",
      "concurrently",
      "constraint",
      "create",
      "cross",
      "current_catalog",
      "current_date",
      "current_role",
      "current_schema",
      "current_time",
      "current_timestamp",
      "current_user",
      "default",
      "deferrable",
      "desc",
      "distinct",
      "do",
      "else",
      "end",
      "except",
      "false",
      "fetch",
      "for",
      "foreign",
      "freeze",
      "from",
      "full",
      "grant",
      "group",
      "having",
      "ilike",
      "in",
      "initially",
      "inner",
      "intersect",
      "into",
      "is",
      "isnull",
      "join",
      "lateral",
      "leading",
      "left",
      "like",
      "limit",
      "localtime",
      "localtimestamp",
      "natural",
      "not",
      "notnull",
      "null",
      "offset",
      "on",
      "only",
      "or",
      "order",
      "outer",
      "overlaps",
      "placing",
      "primary",
      "references",
      "returning",
      "right",
      "select",
      "session_user",
      "similar",
      "some",
      "symmetric",
      "system_user",
      "table",
      "tablesample",
      "then",
      "to",
      "trailing",
      "true",
      "union",
      "unique",
      "user",
      "using",
      "variadic",
      "verbose",
      "when",
      "where",
      "window",
      "with",
  };
  constexpr size_t kLongest = 17;
  if (identifier.size() > kLongest) return false;
  char folded[kLongest];
  for (size_t i = 0; i < identifier.size(); ++i) folded[i] = lower_ascii(identifier[i]);
  return std::binary_search(std::begin(reserved), std::end(reserved),
                            std::string_view(folded, identifier.size()));
}

bool needs_quotes(const std::string &identifier) {
  if (identifier.empty() ||
      !((identifier[0] >= 'a' && identifier[0] <= 'z') || identifier[0] == '_'))
    return true;
  for (const char c : identifier)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) return true;
  return is_reserved_word(identifier);
}

const std::vector<CheckDef> &checks() {
  static const std::vector<CheckDef> all = {
      {"migration.status", 1, "migrations", "Migrations applied and extension up to date", "high",
       "Run ALTER EXTENSION clinic UPDATE; resolve failed Prisma migrations (prisma migrate "
       "resolve) before deploying.",
       migration_status},
      {"catalog.valid", 2, "validity",
       "No invalid indexes, NOT VALID constraints or disabled triggers", "high",
       "REINDEX INDEX CONCURRENTLY the invalid index; ALTER TABLE ... VALIDATE CONSTRAINT; ALTER "
       "TABLE ... ENABLE TRIGGER.",
       catalog_valid},
      {"naming.conventions", 3, "naming",
       "Names follow one style, avoid reserved words, fit NAMEDATALEN", "low",
       "Rename the listed objects (ALTER TABLE ... RENAME) in a migration.", naming},
      {"drift.manifest", 4, "drift", "The live schema matches its baseline", "high",
       "Apply the missing migration, or record the intended schema with clinic.audit_baseline(); "
       "for clinic's own schema, ALTER EXTENSION clinic UPDATE.",
       drift},
      {"orm.introspectable", 5, "structure", "Every table can be introspected by an ORM", "medium",
       "Add a primary key; map unsupported types explicitly.", orm_introspectable},
      {"inventory.table_count", 6, "inventory", "Table count matches the baseline", "high",
       "Find the missing or extra tables in drift.manifest.", table_count},
      {"inventory.tables_present", 7, "inventory", "Every expected table exists", "critical",
       "Restore or re-create the missing tables.", tables_present},
      {"index.tables_indexed", 8, "indexes", "Every table has at least one index", "medium",
       "Add a primary key or the indexes its queries need.", tables_indexed},
      {"pk.present", 9, "structure", "Every table has a primary key named <table>_pkey", "high",
       "ALTER TABLE ... ADD PRIMARY KEY; rename keys to <table>_pkey.", primary_keys},
      {"inventory.foreign_keys", 10, "inventory", "Foreign keys match the baseline", "high",
       "Re-create the missing foreign keys (NOT VALID, then VALIDATE CONSTRAINT, on large tables).",
       fk_count},
      {"inventory.uniques", 11, "inventory", "Unique constraints and indexes match the baseline",
       "high", "Re-create the missing unique constraints after removing duplicates.", unique_count},
      {"inventory.enums", 12, "inventory", "Enums and their labels, in order, match the baseline",
       "high",
       "ALTER TYPE ... ADD VALUE ... BEFORE/AFTER to restore the order, or migrate the enum.",
       enum_labels},
      {"migration.files", 13, "migrations", "The installed version's scripts are on the server",
       "high", "Install the extension's files for the installed version (make install).",
       migration_files},
      {"migration.naming", 14, "migrations",
       "Migration names are YYYYMMDDHHMMSS_name and sequential", "low",
       "Name migrations with their creation timestamp; never reorder applied ones.",
       migration_naming},
      {"migration.history", 15, "migrations", "Every migration completed, none rolled back", "high",
       "Inspect _prisma_migrations.logs; fix and re-apply, or mark resolved.", migration_history},
      {"seed.function", 16, "seed", "A seed function exists", "low",
       "Provide seed functions (clinic.seed_demo, clinic.seed_production).", seed_function},
      {"seed.data_present", 17, "seed", "Core tables hold rows", "low",
       "Run the seed (SELECT * FROM clinic.seed_production()), or ANALYZE if statistics are stale.",
       data_present},
      {"seed.placeholder_values", 18, "seed", "No placeholder values in PHI text", "low",
       "Replace placeholder values with realistic data, or remove the rows.", placeholder_values},
      {"fk.indexed", 19, "indexes", "Every foreign key is covered by an index", "medium",
       "CREATE INDEX CONCURRENTLY on the foreign-key columns (a composite index may lead with them "
       "in any order).",
       fk_indexed},
      {"table.sizes", 20, "capacity", "Table sizes (informational)", "info", "None: informational.",
       table_sizes},
      {"columns.timestamps", 21, "audit columns",
       "created_at and updated_at exist, are timestamptz and maintained", "medium",
       "Add the columns with DEFAULT now() and a BEFORE UPDATE trigger "
       "(clinic.audit_columns_trigger).",
       timestamps},
      {"columns.audit_trail", 22, "audit columns",
       "created_by, updated_by and deleted_by exist where they belong", "low",
       "Add the columns and maintain them in a trigger.", audit_trail_columns},
      {"fk.cascade", 23, "relationships", "Delete rules are workable; cascade closure reported",
       "high", "Change ON DELETE SET NULL on NOT NULL columns to CASCADE or RESTRICT.", cascades},
      {"columns.defaults", 24, "defaults",
       "Status, boolean and creation-time columns have defaults", "low",
       "ALTER TABLE ... ALTER COLUMN ... SET DEFAULT.", defaults},
      {"integrity.enforced", 25, "integrity", "Foreign keys and checks are enforced on every row",
       "high", "ALTER TABLE ... VALIDATE CONSTRAINT after fixing violating rows.",
       integrity_enforced},
      {"hipaa.no_public_access", 26, "hipaa", "No privileges on PHI tables for PUBLIC", "critical",
       "REVOKE ALL ON TABLE ... FROM PUBLIC; grant to group roles instead.", phi_public_access},
      {"hipaa.audit_trail", 26, "hipaa", "Changes to PHI tables are recorded by an audit trigger",
       "high",
       "Attach an AFTER INSERT OR UPDATE OR DELETE row trigger writing to an append-only audit "
       "log.",
       phi_audit_trail},
      {"hipaa.soft_delete", 26, "hipaa", "PHI tables can be soft-deleted", "medium",
       "Add deleted_at and deleted_by.", phi_soft_delete},
      {"hipaa.consent_tracking", 26, "hipaa", "Consent is tracked", "medium",
       "Add a consent table (kind, status, times, document version).", consent_tracking},
      {"secrets.plaintext", 27, "security", "No plaintext secrets in columns, defaults or comments",
       "critical",
       "Store only hashes (crypt(password, gen_salt('bf'))); remove credentials from comments and "
       "defaults.",
       plaintext_secrets},
      {"docs.comments", 28, "documentation", "Tables, columns and enums carry comments", "low",
       "COMMENT ON TABLE / COLUMN / TYPE.", documentation},
      {"extension.version", 29, "versions", "Server supported; extension at the newest version",
       "medium", "ALTER EXTENSION clinic UPDATE; upgrade PostgreSQL to 15 or later.",
       extension_version},
      {"extension.library_sync", 30, "versions", "The loaded library matches the installed SQL",
       "critical", "Install the matching build, then ALTER EXTENSION clinic UPDATE, and reconnect.",
       library_sync},
      {"e2e.readable", 31, "end to end", "Every table is readable by the auditing role", "medium",
       "GRANT SELECT on the listed tables to the auditing role (clinic_auditor).", tables_readable},
      {"drift.none", 32, "drift", "No drift (summary of item 4)", "high", "See drift.manifest.",
       no_drift},
      {"audit.suppressions", 0, "audit", "Suppressions have not expired", "low",
       "Renew or remove the expired suppressions (clinic.audit_suppress, "
       "clinic_audit.suppressions).",
       suppressions_check},
      {"fk.type_mismatch", 0, "relationships",
       "Foreign-key columns have the referenced column's type", "medium",
       "ALTER COLUMN ... TYPE to the referenced column's type.", fk_type_mismatch},
      {"fk.duplicate", 0, "relationships", "No duplicate foreign keys", "low",
       "Drop one of the pair.", fk_duplicates},
      {"fk.nullable_multicolumn", 0, "relationships",
       "Multi-column foreign keys have no nullable column", "medium",
       "Make the columns NOT NULL, or use MATCH FULL.", fk_nullable_multicolumn},
      {"index.duplicate", 0, "indexes", "No duplicate indexes", "low",
       "DROP INDEX CONCURRENTLY one of the pair.", index_duplicates},
      {"index.redundant", 0, "indexes", "No index whose keys lead another index", "low",
       "DROP INDEX CONCURRENTLY the shorter index after checking its queries.", index_redundant},
      {"index.unused", 0, "indexes", "Indexes are used (statistics-based)", "info",
       "Check over a full business cycle before dropping; statistics reset with pg_stat_reset.",
       index_unused},
      {"index.unique_nullable", 0, "indexes", "Unique indexes do not let NULL keys repeat", "low",
       "Make the key columns NOT NULL, or recreate the index UNIQUE NULLS NOT DISTINCT (15+).",
       index_unique_nullable},
      {"sequence.capacity", 0, "capacity", "Sequences are far from their limit", "high",
       "ALTER SEQUENCE ... AS bigint (and the column: ALTER COLUMN ... TYPE bigint) before it runs "
       "out.",
       sequence_capacity},
      {"table.bloat", 0, "capacity", "Tables are not bloated with dead rows (statistics-based)",
       "info", "Check autovacuum on the table (pg_stat_user_tables), then VACUUM it.", table_bloat},
      {"extension.placement", 0, "versions", "No extension installed into the application schema",
       "low",
       "ALTER EXTENSION ... SET SCHEMA extensions (a schema of their own), where relocatable.",
       extension_placement},
      {"types.smells", 0, "types", "No json, money, char(n), timestamp without time zone or serial",
       "low", "ALTER COLUMN ... TYPE jsonb / numeric / text / timestamptz; use identity columns.",
       type_smells},
      {"functions.search_path", 0, "security", "Functions pin their search_path", "high",
       "ALTER FUNCTION ... SET search_path = pg_catalog, pg_temp.", function_search_path},
      {"functions.security_definer", 0, "security",
       "No SECURITY DEFINER function executable by PUBLIC", "high",
       "REVOKE EXECUTE ... FROM PUBLIC; grant to the roles that need it.", security_definer},
      {"rls.policies", 0, "security", "Row-level security and its policies go together", "medium",
       "Create policies for tables with RLS, or enable RLS where policies exist.", rls_policies},
      {"triggers.foreign", 0, "security", "Triggers run only their table owner's code", "high",
       "DROP the trigger, or have the table's owner own its function.", foreign_triggers},
  };
  return all;
}

std::vector<Finding> run(const Schema &schema, const std::vector<std::string> &only) {
  std::vector<Finding> out;
  for (const CheckDef &c : checks()) {
    if (!only.empty() && std::find(only.begin(), only.end(), c.id) == only.end()) continue;
    Finding f;
    f.check_id = c.id;
    f.checklist_item = c.checklist_item;
    f.category = c.category;
    f.title = c.title;
    f.severity = c.severity;
    f.remediation = c.remediation;
    f.expected = c.title;
    c.run(schema, f);
    if (f.status == "pass" || f.status == "skip") f.remediation.clear();
    out.push_back(std::move(f));
  }
  apply_suppressions(schema, out);
  return out;
}

}  // namespace clinic::audit

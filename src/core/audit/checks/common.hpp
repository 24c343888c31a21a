// What the checks share: small helpers over the catalog model and the finding, and each check's
// entry, which the registry (src/core/audit/checks.cpp) lists.
#pragma once

#include "core/audit/checks.hpp"
#include "core/audit/snapshot.hpp"
#include "core/util/json.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace clinic::audit::check {

using catalog::Column;
using catalog::Constraint;
using catalog::Index;
using catalog::Schema;
using catalog::Table;

// ASCII lower case, as PostgreSQL folds identifiers in multibyte encodings (not the locale's).
inline char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string lower(std::string s) {
  for (char &c : s) c = lower_ascii(c);
  return s;
}

// Whether text contains `word` (lower case), ignoring ASCII case: without a lowered copy, for
// the checks that test every name of a large schema.
inline bool contains_word(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (size_t at = 0; at + word.size() <= text.size(); ++at) {
    size_t k = 0;
    while (k < word.size() && lower_ascii(text[at + k]) == word[k]) ++k;
    if (k == word.size()) return true;
  }
  return false;
}

inline bool equals_word(std::string_view text, std::string_view word) {
  return text.size() == word.size() && contains_word(text, word);
}

// Ordinary tables: what a schema audit is about (views, sequences, foreign tables aside).
inline bool is_table(const Table &t) {
  return t.kind == 'r' || t.kind == 'p';
}
inline bool is_prisma_bookkeeping(const Table &t) {
  return t.name == "_prisma_migrations";
}
inline bool is_user_table(const Table &t) {
  return is_table(t) && !is_prisma_bookkeeping(t);
}

// Prisma's implicit many-to-many relation table: `_AToB` (or a custom `_Name`) with exactly the
// columns A and B. Prisma names it and its columns; they follow no schema's style.
inline bool is_prisma_relation_table(const Table &t) {
  return t.name.size() > 1 && t.name[0] == '_' && t.columns.size() == 2 &&
         t.columns[0].name == "A" && t.columns[1].name == "B";
}

// A valid unique index on plain NOT NULL columns, not partial: it identifies each row as a
// primary key would (ORMs address rows by it: Prisma's @unique / @@unique). nullptr if none.
inline const Index *row_identifying_key(const Table &t) {
  for (const Index &i : t.indexes) {
    if (!i.unique || !i.valid || i.partial || i.key_columns < 1 ||
        static_cast<int>(i.columns.size()) < i.key_columns)
      continue;
    bool all_not_null = true;
    for (int k = 0; k < i.key_columns; ++k) {
      const Column *c = i.columns[k] > 0 ? t.column(i.columns[k]) : nullptr;
      all_not_null &= c != nullptr && c->not_null;
    }
    if (all_not_null) return &i;
  }
  return nullptr;
}

// A column by any of its usual spellings (snake_case or Prisma's camelCase).
inline const Column *find_column(const Table &t, std::initializer_list<const char *> names) {
  for (const char *n : names)
    if (const Column *c = t.column(n)) return c;
  return nullptr;
}

// A schema name as a regnamespace literal to paste into SQL (src/core/audit/checks/baseline.cpp).
std::string regnamespace_literal(const std::string &name);

inline std::string count_of(size_t n, const char *what) {
  return std::to_string(n) + " " + what;
}

// The finding's verdict; its detail taken from the array (large for a large schema: moved, not
// copied), which is left empty.
inline void set(Finding &f, const char *status, std::string actual, json::Array &detail) {
  f.status = status;
  f.actual = std::move(actual);
  f.detail = detail.take();
}
inline void set(Finding &f, const char *status, std::string actual) {
  json::Array none;
  set(f, status, std::move(actual), none);
}

// fail when a finding is serious, else warn for any detail, else pass.
inline const char *graded(bool failed, const json::Array &detail) {
  return failed ? "fail" : detail.empty() ? "pass" : "warn";
}

// pass when detail is empty, else `bad` ("warn" or "fail").
inline void verdict(Finding &f, json::Array &detail, const char *bad, const std::string &what) {
  set(f, detail.empty() ? "pass" : bad,
      detail.empty() ? "none" : count_of(detail.size(), what.c_str()), detail);
}

// A statistics-based check: skip without statistics (none of its objects had any), else warn
// naming each offender as evidence, never fail.
inline void statistics_verdict(Finding &f, json::Array &d, size_t with_stats, const char *no_stats,
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

inline json::Object object_ref(const Table &t) {
  return json::Object().field("table", t.name);
}

// The same object written straight into the array d (see json::Array::object()).
inline json::Array::InPlace object_ref(json::Array &d, const Table &t) {
  json::Array::InPlace o = d.object();
  o.field("table", t.name);
  return o;
}

inline std::string column_names(const Table &t, const catalog::AttNums &attnums) {
  std::string s;
  for (const auto &name : t.column_names(attnums)) s += (s.empty() ? "" : ", ") + name;
  return s;
}

// "password=...", "secret: ...", "api_key = ...", case-insensitively: a credential written down.
inline bool mentions_credential(const std::string &text) {
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

// An append-only record table (an audit log): one enabled BEFORE row trigger, unconditional,
// guards both UPDATE and DELETE, and the table has no updated_at (its rows are never edited).
// Its rows are never edited or retired, so the audit-column, soft-delete and audit-trail checks
// do not apply to it (it is the audit trail). Two separate triggers (an updated_at touch and a
// soft-delete rewrite) are an ordinary table's, not a guard.
inline bool is_append_only(const Table &t) {
  if (find_column(t, {"updated_at", "updatedAt"})) return false;
  return std::any_of(t.triggers.begin(), t.triggers.end(), [](const catalog::Trigger &tr) {
    return tr.enabled != 'D' && tr.before && tr.row_level && tr.update_of.empty() && !tr.when &&
           tr.on_update && tr.on_delete;
  });
}

// The checks, one per registry entry.
void migration_status(const Schema &s, Finding &f);
void migration_files(const Schema &s, Finding &f);
void migration_naming(const Schema &s, Finding &f);
void migration_history(const Schema &s, Finding &f);
void extension_version(const Schema &s, Finding &f);
void library_sync(const Schema &s, Finding &f);
void extension_placement(const Schema &s, Finding &f);
void catalog_valid(const Schema &s, Finding &f);
void integrity_enforced(const Schema &s, Finding &f);
void naming(const Schema &s, Finding &f);
void orm_introspectable(const Schema &s, Finding &f);
void tables_indexed(const Schema &s, Finding &f);
void primary_keys(const Schema &s, Finding &f);
void fk_indexed(const Schema &s, Finding &f);
void index_duplicates(const Schema &s, Finding &f);
void index_redundant(const Schema &s, Finding &f);
void index_unused(const Schema &s, Finding &f);
void index_unique_nullable(const Schema &s, Finding &f);
void fk_type_mismatch(const Schema &s, Finding &f);
void fk_duplicates(const Schema &s, Finding &f);
void fk_nullable_multicolumn(const Schema &s, Finding &f);
void cascades(const Schema &s, Finding &f);
void timestamps(const Schema &s, Finding &f);
void audit_trail_columns(const Schema &s, Finding &f);
void defaults(const Schema &s, Finding &f);
void phi_public_access(const Schema &s, Finding &f);
void phi_audit_trail(const Schema &s, Finding &f);
void phi_soft_delete(const Schema &s, Finding &f);
void consent_tracking(const Schema &s, Finding &f);
void plaintext_secrets(const Schema &s, Finding &f);
void documentation(const Schema &s, Finding &f);
void type_smells(const Schema &s, Finding &f);
void function_search_path(const Schema &s, Finding &f);
void security_definer(const Schema &s, Finding &f);
void rls_policies(const Schema &s, Finding &f);
void foreign_triggers(const Schema &s, Finding &f);
void drift(const Schema &s, Finding &f);
void table_count(const Schema &s, Finding &f);
void tables_present(const Schema &s, Finding &f);
void fk_count(const Schema &s, Finding &f);
void unique_count(const Schema &s, Finding &f);
void enum_labels(const Schema &s, Finding &f);
void no_drift(const Schema &s, Finding &f);
void seed_function(const Schema &s, Finding &f);
void data_present(const Schema &s, Finding &f);
void placeholder_values(const Schema &s, Finding &f);
void tables_readable(const Schema &s, Finding &f);
void suppressions_check(const Schema &s, Finding &f);
void table_sizes(const Schema &s, Finding &f);
void sequence_capacity(const Schema &s, Finding &f);
void table_bloat(const Schema &s, Finding &f);

}  // namespace clinic::audit::check

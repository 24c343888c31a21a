// The audit: checks over a catalog::Schema, each producing one Finding. No PostgreSQL here.
// src/audit/audit.cpp loads the schema and returns the findings as rows of clinic.audit().
#pragma once

#include "core/audit/catalog.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clinic::audit {

struct Finding {
  std::string check_id;    // stable, e.g. "fk.indexed"
  int checklist_item = 0;  // 1-32, the checklist's items (doc/audit.md); 0 = none
  std::string category, title;
  std::string status = "pass";  // pass | warn | fail | skip
  std::string severity;         // info | low | medium | high | critical
  std::string expected, actual;
  std::string detail = "[]";  // JSON array naming each offending object
  std::string remediation;
};

struct CheckDef {
  const char *id;
  int checklist_item;
  const char *category;
  const char *title;
  const char *severity;
  const char *remediation;
  void (*run)(const catalog::Schema &, Finding &);
  // A policy of the clinic checklist rather than a defect of any schema: applied under the
  // checklist and clinic profiles only, skipped (saying so) under the others.
  bool policy = false;
};

// The profiles by name ("checklist", "clinic", "prisma", "generic"), and back; nullopt for an
// unknown name.
const char *profile_name(catalog::Profile p);
std::optional<catalog::Profile> profile_named(std::string_view name);
extern const char *const kProfiles;  // "checklist, clinic, prisma, generic"
// The profile a schema is audited under when the caller names none, and why, in a clause:
// clinic's own schema -> clinic; a schema with Prisma's _prisma_migrations -> prisma; else
// generic.
catalog::Profile detect_profile(const catalog::Schema &schema, std::string *why = nullptr);
// Whether the profile applies the clinic checklist's policies.
inline bool applies_policies(catalog::Profile p) {
  return p == catalog::Profile::checklist || p == catalog::Profile::clinic;
}

// Every check, in report order.
const std::vector<CheckDef> &checks();

// Runs every check (or those whose id is in `only`, when not empty) under the schema's profile.
std::vector<Finding> run(const catalog::Schema &schema, const std::vector<std::string> &only = {});

// The object a detail item names, as suppressions name it: "table", "table.column",
// "table.constraint", "table.index", "table.trigger", or a function, enum or migration.
std::string object_of(const json::Value &item);

// Applies the schema's unexpired suppressions to the findings: suppressed items leave the detail;
// a finding left with none passes, saying what was suppressed. Expired ones are reported by the
// audit.suppressions check.
void apply_suppressions(const catalog::Schema &schema, std::vector<Finding> &findings);

// Helpers the checks share; exposed for the unit tests.
// A function another extension installed into the schema is that extension's to fix (and is
// replaced by its updates), not the schema's: the function lints and the body validation leave
// it out.
bool foreign_extension_member(const catalog::Schema &s, const catalog::Function &fn);
// Per table of the schema (same order), why it holds protected health information: its name
// (patient, person), a comment saying PHI, a column that identifies a person or ties rows to one,
// a person's identifier beside health information, or a foreign key to such a table (followed
// to a fixpoint); "" for a table nothing marks.
std::vector<std::string> phi_reasons(const catalog::Schema &s);
// What a column is meant to hold, by its name and its table's: a credential (a login password,
// or the hash column of a table of passwords) must be stored one-way hashed; a secret the
// application must read back (an API key, a client or TOTP secret, a webhook's signing secret,
// a token, a password shared with attendees) cannot be hashed, only encrypted or kept from
// readers.
enum class SecretKind { none, credential, readable };
SecretKind secret_kind(const catalog::Table &t, const catalog::Column &c);
bool needs_quotes(const std::string &identifier);
bool is_reserved_word(const std::string &identifier);
// Whether some valid index has the key's columns as its leading columns (any order) and holds
// every row the key references: not partial, or partial on `column IS NOT NULL` tests of the key's
// columns only (the rows with a NULL in the key reference nothing).
bool has_covering_index(const catalog::Table &t, const catalog::AttNums &columns);
// The tests of an index predicate (pg_index.indpred, location values stripped) made only of
// `column IS [NOT] NULL` on the table's columns, one or ANDed; nullopt for any other predicate.
struct NullTest {
  int attnum = 0;
  bool is_null = false;
};
std::optional<std::vector<NullTest>> null_tests(std::string_view predicate);

}  // namespace clinic::audit

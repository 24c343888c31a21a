// The registry of checks (their code: src/core/audit/checks/, one file per family), the run, and
// suppressions. Each check fills one Finding from the schema; the table below registers it with
// its stable id, checklist item, category, severity and remediation.
#include "core/audit/checks.hpp"

#include "core/audit/checks/common.hpp"

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
#include <unordered_map>
#include <vector>
#include "core/pure.hpp"

namespace clinic::audit {

using namespace check;  // the helpers the checks share

using catalog::Column;
using catalog::Constraint;
using catalog::Index;
using catalog::Schema;
using catalog::Table;

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
  const auto holds_every_reference = [&columns](const Index &i) {
    if (!i.partial) return true;
    const auto tests = null_tests(i.predicate);
    return tests && std::all_of(tests->begin(), tests->end(), [&columns](const NullTest &x) {
             return !x.is_null &&
                    std::find(columns.begin(), columns.end(), x.attnum) != columns.end();
           });
  };
  // The predicate is parsed last, only for an index whose columns serve: a hostile table may
  // pair many keys with many long predicates.
  for (const Index &i : t.indexes) {
    if (!i.valid || i.key_columns < static_cast<int>(n)) continue;
    std::copy(i.columns.begin(), i.columns.begin() + static_cast<long>(n), lead.begin());
    std::sort(lead.begin(), lead.begin() + n);
    if (std::equal(want.begin(), want.begin() + n, lead.begin()) && holds_every_reference(i))
      return true;
  }
  // A unique btree index on some of the key's columns serves too: the lookup by the whole key
  // finds at most one row through it (a primary key on id covers (live_mrn, id)).
  return std::any_of(t.indexes.begin(), t.indexes.end(), [&columns](const Index &i) {
    return i.valid && i.unique && !i.partial && i.method == "btree" && i.key_columns > 0 &&
           std::all_of(i.columns.begin(), i.columns.begin() + i.key_columns, [&columns](int a) {
             return std::find(columns.begin(), columns.end(), a) != columns.end();
           });
  });
}

SecretKind secret_kind(const catalog::Table &t, const catalog::Column &c) {
  // An isSecret flag, a secretExpiresAt timestamp or an id is not a secret, nor is pgcrypto's
  // bytea ciphertext; text, and any type of the schema's own (a domain over text), may be.
  static constexpr std::string_view kNotText[] = {
      "bool", "bytea", "date",      "float4",      "float8", "int2",
      "int4", "int8",  "interval",  "json",        "jsonb",  "numeric",
      "oid",  "time",  "timestamp", "timestamptz", "timetz", "uuid"};
  if (std::find(std::begin(kNotText), std::end(kNotText), c.type_name) != std::end(kNotText))
    return SecretKind::none;
  const std::string_view n = c.name;
  const auto any_of = [](std::string_view text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [text](std::string_view w) { return contains_word(text, w); });
  };
  const bool password = any_of(n, {"password", "passwd"});
  // A token or a password shared with people (a meeting's, a room's, a guest Wi-Fi's) is handed
  // out as it is: it cannot be one-way hashed.
  const bool shared = any_of(n, {"token", "meeting", "room", "video", "call", "conference", "zoom",
                                 "wifi", "guest", "share", "attendee"}) ||
                      any_of(t.name, {"meeting", "room", "video", "call", "conference", "zoom",
                                      "wifi", "guest", "share", "attendee"});
  // A reference to a key (api_key_id, apiKeyId) holds an id, not the key.
  if (n.size() > 2 && (n.substr(n.size() - 3) == "_id" || n.substr(n.size() - 2) == "Id" ||
                       n.substr(n.size() - 2) == "ID"))
    return SecretKind::none;
  // Said to be encrypted by the application, or published on purpose (a publishable key). A
  // password so named (Devise's encrypted_password) holds a bcrypt hash, judged below.
  if (!password && any_of(n, {"encrypted", "publishable"})) return SecretKind::none;
  // A column that says it holds a hash of a password or a token (password_hash, hashedToken,
  // `hash` of a table of passwords) or crypt(3) output (pass_crypt) must hold one.
  if (contains_word(n, "hash") || contains_word(n, "crypt"))
    return password || any_of(n, {"pass", "token", "secret", "key"}) ||
                   any_of(t.name, {"password", "passwd"})
               ? SecretKind::credential
               : SecretKind::none;
  if (password) return shared ? SecretKind::readable : SecretKind::credential;
  if (any_of(n, {"secret", "api_key", "apikey", "private_key", "privatekey", "access_token",
                 "accesstoken", "refresh_token", "refreshtoken"}))
    return SecretKind::readable;
  return SecretKind::none;
}

bool foreign_extension_member(const catalog::Schema &s, const catalog::Function &fn) {
  return fn.extension && !(s.clinic_extension && *fn.extension == "clinic");
}

namespace {

// "PHI" as a word of a comment, in any case ("holds PHI", "phi: yes"; not "graphic").
bool comment_says_phi(const std::optional<std::string> &comment) {
  if (!comment) return false;
  const std::string c = lower(*comment);
  const auto word_char = [&c](size_t i) {
    return i < c.size() && (std::isalnum(static_cast<unsigned char>(c[i])) || c[i] == '_');
  };
  for (size_t at = c.find("phi"); at != std::string::npos; at = c.find("phi", at + 1))
    if ((at == 0 || !word_char(at - 1)) && !word_char(at + 3)) return true;
  return false;
}

// Compared without case and without '_' (person_id, personId, PERSON_ID).
std::string folded(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != '_') out += lower_ascii(c);
  return out;
}

// HIPAA identifiers that name a person on their own, and keys that tie a row to one.
constexpr std::string_view kPersonIdentifiers[] = {"ssn",          "socialsecuritynumber",
                                                   "mrn",          "medicalrecordnumber",
                                                   "dateofbirth",  "birthdate",
                                                   "dob",          "birthdatetime",
                                                   "yearofbirth",  "deathdate",
                                                   "deathdatetime"};
// patid: PCORnet; patient_num and patient_ide (the source system's id, in its mapping tables):
// i2b2.
constexpr std::string_view kPersonKeys[] = {"patientid", "personid", "patid", "patientnum",
                                            "patientide"};
// Identifiers that name a person only beside health information (a staff account has a name
// and an email too), and the health information.
constexpr std::string_view kWeakIdentifiers[] = {
    "firstname", "lastname", "fullname",      "givenname", "familyname", "email",
    "phone",     "address",  "streetaddress", "zip",       "zipcode",    "postalcode"};
// Health information, as whole words of a column name or the start of one (diagnosis,
// prescribed_at, allergies): not a substring ("icd" inside "confirmedBasicDetails").
constexpr std::string_view kClinicalWords[] = {"diagnos", "drug",    "medication", "prescri",
                                               "allerg",  "symptom", "icd",        "snomed",
                                               "loinc",   "rxnorm",  "vital",      "clinical"};
// Whoever treats, not whoever is treated: a provider's year of birth is not PHI.
constexpr std::string_view kCaregiverWords[] = {"provider",  "practitioner", "physician", "doctor",
                                                "clinician", "staff",        "employee",  "nurse"};

template <size_t N>
bool is_one_of(const std::string &f, const std::string_view (&words)[N]) {
  return std::find(std::begin(words), std::end(words), f) != std::end(words);
}

// The words of a name, lower case: split at '_' and where a lower-case letter or digit meets
// a capital (PersonalAccessToken -> personal, access, token).
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> words(1);
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool capital = c >= 'A' && c <= 'Z';
    const bool after_lower = i > 0 && ((name[i - 1] >= 'a' && name[i - 1] <= 'z') ||
                                       (name[i - 1] >= '0' && name[i - 1] <= '9'));
    if (c == '_' || (capital && after_lower)) {
      if (!words.back().empty()) words.emplace_back();
      if (c == '_') continue;
    }
    words.back() += lower_ascii(c);
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

template <size_t N>
bool has_word_starting(const std::vector<std::string> &words, const std::string_view (&stems)[N]) {
  for (const std::string &w : words)
    for (std::string_view stem : stems)
      if (w.compare(0, stem.size(), stem) == 0) return true;
  return false;
}

// Why the table holds PHI by itself (its name, comment or columns); "" if nothing says so.
std::string own_phi_reason(const Table &t) {
  const std::vector<std::string> table_words = words_of(t.name);
  for (const std::string &w : table_words)
    if (w == "patient" || w == "patients" || w == "person" || w == "persons" || w == "people")
      return "table name: a patient or person";
  if (comment_says_phi(t.comment)) return "comment says PHI";
  const bool caregivers = has_word_starting(table_words, kCaregiverWords);
  const Column *weak = nullptr, *clinical = nullptr;
  for (const Column &c : t.columns) {
    const std::string f = folded(c.name);
    if (!caregivers && is_one_of(f, kPersonIdentifiers))
      return "column " + c.name + ": identifies a person";
    if (is_one_of(f, kPersonKeys)) return "column " + c.name + ": ties each row to a person";
    if (!weak && is_one_of(f, kWeakIdentifiers)) weak = &c;
    if (!clinical && has_word_starting(words_of(c.name), kClinicalWords)) clinical = &c;
  }
  if (weak && clinical)
    return "columns " + weak->name + " and " + clinical->name +
           ": a person's identifier beside health information";
  return "";
}

}  // namespace

std::vector<std::string> phi_reasons(const catalog::Schema &s) {
  std::vector<std::string> why(s.tables.size());
  for (size_t i = 0; i < s.tables.size(); ++i) why[i] = own_phi_reason(s.tables[i]);
  // Rows that reference a PHI table's rows are about that person too. Breadth first from the
  // tables PHI by themselves, along foreign keys backwards: each table is reached once (a chain
  // as long as the schema costs no more than a short one) and names the key that reached it, so
  // its reason leads back to a table PHI by itself.
  std::unordered_map<std::string_view, size_t> by_name;
  for (size_t i = 0; i < s.tables.size(); ++i) by_name.emplace(s.tables[i].name, i);
  std::vector<std::vector<std::pair<size_t, const Constraint *>>> referenced_by(s.tables.size());
  for (size_t i = 0; i < s.tables.size(); ++i)
    for (const Constraint &c : s.tables[i].constraints) {
      if (c.type != 'f' || c.ref_schema != s.name) continue;
      const auto it = by_name.find(c.ref_table);
      if (it != by_name.end() && it->second != i) referenced_by[it->second].emplace_back(i, &c);
    }
  std::vector<size_t> queue;
  for (size_t i = 0; i < s.tables.size(); ++i)
    if (!why[i].empty()) queue.push_back(i);
  for (size_t next = 0; next < queue.size(); ++next)
    for (const auto &[i, c] : referenced_by[queue[next]])
      if (why[i].empty()) {
        why[i] = "references " + c->ref_table + " (" + c->name + ")";
        queue.push_back(i);
      }
  return why;
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
  using namespace check;
  constexpr bool kPolicy = true;
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
       timestamps, kPolicy},
      {"columns.audit_trail", 22, "audit columns",
       "created_by, updated_by and deleted_by exist where they belong", "low",
       "Add the columns and maintain them in a trigger.", audit_trail_columns, kPolicy},
      {"fk.cascade", 23, "relationships", "Delete rules are workable; cascade closure reported",
       "high", "Change ON DELETE SET NULL on NOT NULL columns to CASCADE or RESTRICT.", cascades},
      {"columns.defaults", 24, "defaults",
       "Status, boolean and creation-time columns have defaults", "low",
       "ALTER TABLE ... ALTER COLUMN ... SET DEFAULT.", defaults, kPolicy},
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
       "Add deleted_at and deleted_by.", phi_soft_delete, kPolicy},
      {"hipaa.consent_tracking", 26, "hipaa", "Consent is tracked", "medium",
       "Add a consent table (kind, status, times, document version).", consent_tracking, kPolicy},
      {"secrets.plaintext", 27, "security", "No plaintext secrets in columns, defaults or comments",
       "critical",
       "Store only hashes (crypt(password, gen_salt('bf'))); remove credentials from comments and "
       "defaults.",
       plaintext_secrets},
      {"docs.comments", 28, "documentation", "Tables, columns and enums carry comments", "low",
       "COMMENT ON TABLE / COLUMN / TYPE.", documentation, kPolicy},
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

const char *const kProfiles = "checklist, clinic, prisma, generic";

const char *profile_name(catalog::Profile p) {
  switch (p) {
    case catalog::Profile::checklist:
      return "checklist";
    case catalog::Profile::clinic:
      return "clinic";
    case catalog::Profile::prisma:
      return "prisma";
    case catalog::Profile::generic:
      return "generic";
  }
  return "checklist";
}

std::optional<catalog::Profile> profile_named(std::string_view name) {
  for (const auto p : {catalog::Profile::checklist, catalog::Profile::clinic,
                       catalog::Profile::prisma, catalog::Profile::generic})
    if (name == profile_name(p)) return p;
  return std::nullopt;
}

catalog::Profile detect_profile(const Schema &schema, std::string *why) {
  const auto because = [why](std::string reason, catalog::Profile p) {
    if (why) *why = std::move(reason);
    return p;
  };
  if (schema.clinic_extension) return because("clinic's own schema", catalog::Profile::clinic);
  if (schema.has_prisma_migrations)
    return because("Prisma's _prisma_migrations table is present", catalog::Profile::prisma);
  if (schema.prisma_migrations_present)
    return because("Prisma's _prisma_migrations table is present (not read: " +
                       schema.prisma_migrations_unreadable + ")",
                   catalog::Profile::prisma);
  return because("not clinic's schema, and no _prisma_migrations table", catalog::Profile::generic);
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
    if (c.policy && !applies_policies(schema.profile))
      set(f, "skip",
          std::string("a policy of the clinic checklist, not applied under the ") +
              profile_name(schema.profile) + " profile (clinic.audit(" +
              regnamespace_literal(schema.name) + ", 'checklist') applies it)");
    else
      c.run(schema, f);
    if (f.status == "pass" || f.status == "skip") f.remediation.clear();
    out.push_back(std::move(f));
  }
  apply_suppressions(schema, out);
  return out;
}

}  // namespace clinic::audit

// An in-memory description of one schema, read from the system catalogs once per audit run
// (src/audit/loader.cpp) and then examined by every check (src/core/audit/checks.cpp).
// No PostgreSQL here, so the checks can be unit-tested on hand-built schemas.
#pragma once

#include "core/util/json_value.hpp"
#include "core/util/small_vector.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace clinic::catalog {

// Column numbers of a key, an index or a reference: a few each, kept in place.
using AttNums = SmallVector<int, 4>;

struct Column {
  int attnum = 0;
  std::string name;
  std::string type;       // format_type(), e.g. "timestamp with time zone"
  std::string type_name;  // pg_type.typname, e.g. "timestamptz"; schema.typname outside pg_catalog
  bool is_enum = false;
  uint32_t type_oid = 0, collation = 0;  // for portable index definitions
  bool not_null = false;
  std::optional<std::string> default_expr;
  bool generated = false;  // GENERATED ALWAYS AS (...) STORED
  bool identity = false;
  std::optional<std::string> comment;
  // For secret-like columns (password, api key): rows whose value is not a recognised hash.
  std::optional<int64_t> non_hash_values;
  // For text columns of small PHI tables: values that look like placeholders (test123, asdf...).
  std::optional<int64_t> placeholder_values;
};

// A CHECK, PRIMARY KEY, UNIQUE, FOREIGN KEY or EXCLUDE constraint.
struct Constraint {
  std::string name;
  char type = 0;    // p u f c x
  AttNums columns;  // conkey
  bool validated = true;
  std::string definition;  // pg_get_constraintdef()
  // foreign keys
  std::string ref_schema, ref_table;
  AttNums ref_columns;
  std::vector<std::string> ref_column_types;  // types of the referenced columns, in order
  char on_delete = 'a';  // a=no action r=restrict c=cascade n=set null d=set default
  char on_update = 'a';
};

struct Index {
  std::string name;
  AttNums columns;      // indkey; 0 = an expression
  int key_columns = 0;  // indnkeyatts (the rest are INCLUDE columns)
  // Per key column, what makes an index usable for a query besides the column: operator class,
  // collation and ordering options (indclass, indcollation, indoption).
  SmallVector<uint32_t, 4> key_opclasses, key_collations;
  SmallVector<int, 4> key_options;
  bool unique = false, primary = false, valid = true, ready = true, partial = false;
  std::string method;                  // btree, gist, ...
  std::string expressions, predicate;  // node trees without ":location" fields; "" for none
  std::string sql_definition;       // "btree (a, b) WHERE ...": portable; loaded for snapshots only
  bool nulls_not_distinct = false;  // UNIQUE NULLS NOT DISTINCT (PostgreSQL 15)
  std::optional<int64_t> scans;     // pg_stat_user_indexes.idx_scan, when statistics exist
  int64_t size_bytes = 0;
  bool backs_constraint = false;

  // Everything but the name the same: method, keys, operator classes, collations, orderings,
  // INCLUDE columns, uniqueness, expressions and predicate.
  bool same_shape(const Index &o) const {
    return method == o.method && columns == o.columns && key_columns == o.key_columns &&
           key_opclasses == o.key_opclasses && key_collations == o.key_collations &&
           key_options == o.key_options && unique == o.unique &&
           nulls_not_distinct == o.nulls_not_distinct && expressions == o.expressions &&
           predicate == o.predicate;
  }
};

struct Trigger {
  std::string name;
  std::string function;  // schema-qualified
  char enabled = 'O';    // O origin, D disabled, R replica, A always
  bool row_level = true;
  bool before = false;
  bool on_insert = false, on_update = false, on_delete = false, on_truncate = false;
  AttNums update_of;                // UPDATE OF columns (attnums)
  std::optional<std::string> when;  // the WHEN condition, deparsed
  std::string function_owner;       // the role owning the trigger function
  bool clinic_function = false;     // the function is a member of the clinic extension
  bool extension_function = false;  // ... or of any extension
};

struct Grant {
  std::string grantee;                // "PUBLIC" or a role name
  std::string privilege;              // SELECT, INSERT, ...
  std::optional<std::string> column;  // set for column-level grants
};

struct Policy {
  std::string name, command;  // ALL SELECT INSERT UPDATE DELETE
  bool permissive = true;
  std::vector<std::string> roles;
  std::optional<std::string> using_expr, check_expr;
};

struct Table {
  std::string name;
  char kind = 'r';  // r table, p partitioned, v view, m matview, f foreign
  bool is_partition = false;
  std::vector<Column> columns;
  std::vector<Constraint> constraints;
  std::vector<Index> indexes;
  std::vector<Trigger> triggers;
  std::vector<Grant> grants;
  std::vector<Policy> policies;
  bool rls_enabled = false, rls_forced = false;
  std::optional<std::string> comment;
  int64_t estimated_rows = -1;  // reltuples; -1 = never analyzed
  int64_t size_bytes = 0;
  bool extension_config = false;  // rows dumped by pg_dump (pg_extension_config_dump)
  std::string owner;
  int64_t live_rows = -1;  // pg_stat_get_live_tuples: statistics, not a count
  int64_t dead_rows = -1;  // pg_stat_get_dead_tuples: statistics
  int64_t heap_bytes = 0;  // relpages * BLCKSZ: the heap alone, as of the last VACUUM
  // The average row's width from pg_stats (the sum of avg_width), when ANALYZE measured every
  // column the auditor may see; and the table's fillfactor (percent).
  std::optional<int64_t> row_width;
  int fillfactor = 100;
  bool readable = true;               // the auditing role may SELECT from it, whole
  bool row_security_applies = false;  // a policy applies to the auditing role (not readable)

  const Column *column(int attnum) const;
  const Column *column(std::string_view name) const;
  // The names of these columns, in order; "(expression)" for an expression or unknown attnum.
  std::vector<std::string> column_names(const AttNums &attnums) const;
};

// A foreign key's ON DELETE / ON UPDATE action by its catalog letter: CASCADE, RESTRICT, ...
const char *fk_action_name(char action);

struct EnumType {
  std::string name;
  std::vector<std::string> labels;  // in sort order
  std::optional<std::string> comment;
};

struct Function {
  std::string signature;  // regprocedure text
  std::string name;
  std::string language;
  char volatility = 'v';
  bool security_definer = false;
  bool search_path_pinned = false;
  bool public_execute = false;
  bool is_trigger = false;
  std::optional<std::string> comment;
  std::optional<std::string> extension;  // the extension it is a member of
  // SQL and PL/pgSQL bodies are run through their language's validator by the audit's loader
  // (nothing is executed): whether that was done, and the error it raised.
  bool body_checked = false;
  std::optional<std::string> body_error;
};

struct PrismaMigration {
  std::string name;
  std::optional<std::string> started_at, finished_at, rolled_back_at;
  int64_t applied_steps = 0;
  std::optional<std::string> logs;
};

struct Sequence {
  std::string name, type;  // type: smallint, integer or bigint
  int64_t min = 0, max = 0, increment = 1;
  bool cycle = false;
  std::optional<int64_t> last_value;  // unknown before its first nextval or without privilege
};

struct ExtensionInfo {
  std::string installed_version, default_version, library_version;
  std::vector<std::string> available_versions;
  bool update_path_to_default = true;
};

// A finding a DBA has accepted: for one check, one object (or every object when empty), until
// an expiry date, for a reason.
struct Suppression {
  std::string check_id;
  std::optional<std::string> object;  // "table", "table.column", "table.index", ...; nullopt: all
  std::string reason, expires_on, created_by;
  bool expired = false;
};

// The conventions an audit holds a schema to (clinic::audit::resolve_profile): the clinic
// checklist's policies (comments, audit columns, soft delete, consent, ...) are the checklist's,
// not defects, so only `checklist` and `clinic` apply them; `prisma` also follows Prisma's
// conventions for its migrations.
enum class Profile : uint8_t { checklist, clinic, prisma, generic };

struct Schema {
  std::string name;
  Profile profile = Profile::checklist;
  std::vector<Table> tables;
  std::vector<EnumType> enums;
  std::vector<Function> functions;
  bool has_prisma_migrations = false;              // present, and read
  bool prisma_migrations_present = false;          // a relation of that name is in the schema
  std::string prisma_migrations_unreadable;        // present but not read: why
  std::vector<PrismaMigration> prisma_migrations;  // ordered by started_at
  // The migrations the schema's repository holds, as clinic.audit_repository() recorded them.
  std::optional<std::vector<std::string>> repository_migrations;
  std::string repository_recorded;                // when and by whom, for messages
  std::optional<ExtensionInfo> clinic_extension;  // when auditing the extension's own schema
  int server_version_num = 0;
  bool citus_present = false;
  // The snapshot the schema is expected to match (the manifest for clinic's own schema, else
  // the newest clinic.audit_baseline()), and what it is, for messages.
  std::optional<json::Value> baseline;
  std::string baseline_source;
  mutable std::optional<json::Value> live_snapshot;  // computed once per audit, when needed
  std::vector<Suppression> suppressions;
  std::vector<Sequence> sequences;
  std::vector<std::string> extensions_here;  // other extensions installed into this schema

  const Table *table(const std::string &name) const;
};

}  // namespace clinic::catalog

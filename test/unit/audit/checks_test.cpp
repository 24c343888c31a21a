#include "core/audit/checks.hpp"
#include "core/util/json.hpp"
#include "core/audit/snapshot.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

using namespace clinic;
using catalog::Column;
using catalog::Constraint;
using catalog::Index;
using catalog::Schema;
using catalog::Table;

namespace {

Column col(int attnum, const char *name, const char *type_name, bool not_null = false,
           const char *def = nullptr) {
  Column c;
  c.attnum = attnum;
  c.name = name;
  c.type_name = type_name;
  c.type = type_name == std::string("timestamptz") ? "timestamp with time zone"
           : type_name == std::string("text")      ? "text"
                                                   : type_name;
  c.not_null = not_null;
  if (def) c.default_expr = def;
  c.comment = "documented";
  return c;
}

Index btree(const char *name, catalog::AttNums cols, bool unique = false) {
  Index i;
  i.name = name;
  i.columns = cols;
  i.key_columns = static_cast<int>(cols.size());
  i.unique = unique;
  i.method = "btree";
  // Default operator class (int8_ops), no collation, default ordering.
  i.key_opclasses.assign(cols.size(), 3124);
  i.key_collations.assign(cols.size(), 0);
  i.key_options.assign(cols.size(), 0);
  return i;
}

Constraint fk(const char *name, catalog::AttNums cols, const char *ref, catalog::AttNums ref_cols,
              char on_delete = 'c') {
  Constraint c;
  c.name = name;
  c.type = 'f';
  c.columns = cols;
  c.ref_schema = "s";
  c.ref_table = ref;
  c.ref_columns = ref_cols;
  for (size_t i = 0; i < cols.size(); ++i) c.ref_column_types.push_back("uuid");
  c.on_delete = on_delete;
  return c;
}

Constraint pk(const char *name, catalog::AttNums cols) {
  Constraint c;
  c.name = name;
  c.type = 'p';
  c.columns = cols;
  return c;
}

// A small clean schema: parent(id) and child(id, parent_id) with a covering composite key.
Schema clean_schema() {
  Schema s;
  s.name = "s";
  s.server_version_num = 150020;
  Table parent;
  parent.name = "parent";
  parent.comment = "parents";
  parent.columns = {col(1, "id", "uuid", true), col(2, "created_at", "timestamptz", true, "now()"),
                    col(3, "updated_at", "timestamptz", true, "now()"),
                    col(4, "created_by", "text", true), col(5, "updated_by", "text", true)};
  parent.constraints = {pk("parent_pkey", {1})};
  Index ppk = btree("parent_pkey", {1}, true);
  ppk.primary = ppk.backs_constraint = true;
  parent.indexes = {ppk};
  catalog::Trigger tr;
  tr.name = "audit_columns";
  tr.function = "s.stamp";
  tr.before = tr.on_insert = tr.on_update = true;
  parent.triggers = {tr};
  Table child = parent;
  child.name = "child";
  child.comment = "children";
  child.columns.push_back(col(6, "parent_id", "uuid", true));
  // Primary key (parent_id, id): covers the foreign key on parent_id as its leading column.
  child.constraints = {pk("child_pkey", {6, 1}), fk("child_parent_fkey", {6}, "parent", {1})};
  Index cpk = btree("child_pkey", {6, 1}, true);
  cpk.primary = cpk.backs_constraint = true;
  child.indexes = {cpk};
  s.tables = {parent, child};
  return s;
}

std::map<std::string, audit::Finding> by_id(const std::vector<audit::Finding> &fs) {
  std::map<std::string, audit::Finding> m;
  for (const auto &f : fs) m[f.check_id] = f;
  return m;
}

// Records the schema as its own baseline: the baseline checks then pass until it changes.
void with_baseline(Schema &s) {
  s.baseline = snapshot::of(s);
  s.baseline_source = "baseline of test";
}

// Each check's firing and passing case: `fire` and `pass` turn clean_schema() into a schema on
// which the check, run alone, returns `fires_as` (warn or fail), and pass. The walker test below
// runs both for every id of audit::checks(): a check registered without a case fails it.
struct AuditCase {
  const char *id;
  const char *fires_as;  // "warn" or "fail"; nullptr only for the ids in kNeverFires
  std::function<void(Schema &)> fire, pass;
};

// Informational checks with no failing state (their status is always pass).
const std::set<std::string> kNeverFires = {"table.sizes"};
// Checks whose finding names nothing in `detail` even when it fires.
const std::set<std::string> kNoDetail = {"inventory.table_count", "drift.none",
                                         "hipaa.consent_tracking", "seed.function"};

// The finding of one check on clean_schema() changed by `make`.
audit::Finding run_case(const std::function<void(Schema &)> &make, const std::string &id) {
  Schema s = clean_schema();
  make(s);
  for (const catalog::Suppression &x : s.suppressions)  // a pass may not come from a suppression
    EXPECT_FALSE(!x.expired && x.check_id == id) << id << ": the case suppresses the check";
  const std::vector<audit::Finding> fs = audit::run(s, {id});
  EXPECT_EQ(fs.size(), 1u) << id;
  return fs.empty() ? audit::Finding{} : fs.front();
}

const std::vector<AuditCase> &audit_cases() {
  static const std::vector<AuditCase> cases = {
      {"migration.status", "fail",
       [](Schema &s) {
         s.has_prisma_migrations = true;
         s.prisma_migrations = {
             {"20251222090000_add_billing", "2025-12-22", {}, {}, 0, {}}};  // never finished
       },
       [](Schema &s) {
         s.clinic_extension = catalog::ExtensionInfo{"1.0", "1.0", "1.0", {"1.0"}, true};
         s.has_prisma_migrations = true;  // applied: judged, and passes
         s.prisma_migrations = {
             {"20251222090000_add_billing", "2025-12-22", "2025-12-22", {}, 1, {}}};
       }},
      {"catalog.valid", "fail",
       [](Schema &s) {
         s.tables[0].indexes[0].valid = false;  // a failed CREATE INDEX CONCURRENTLY
       },
       [](Schema &s) {
         catalog::Function fn;  // a SQL function whose body compiled
         fn.signature = "s.ok()";
         fn.language = "sql";
         fn.body_checked = true;
         s.functions = {fn};
       }},
      {"naming.conventions", "warn",
       [](Schema &s) {
         s.tables[0].columns[1].name =
             "order";  // a reserved word (snake_case, under 63 bytes: warn)
       },
       [](Schema &) {
         // clean_schema(): snake_case tables and columns, no reserved word
       }},
      {"drift.manifest", "fail",
       [](Schema &s) {
         with_baseline(s);
         s.tables.pop_back();  // child dropped since
       },
       [](Schema &s) { with_baseline(s); }},
      {"orm.introspectable", "warn",
       [](Schema &s) {
         s.tables[0].columns.push_back(
             col(6, "during", "tstzrange"));  // ORMs map it as Unsupported
       },
       [](Schema &s) { s.tables[0].columns.push_back(col(6, "during_from", "timestamptz")); }},
      {"inventory.table_count", "fail",
       [](Schema &s) {
         with_baseline(s);
         Table extra = s.tables[0];
         extra.name = "extra";
         s.tables.push_back(extra);
       },
       [](Schema &s) { with_baseline(s); }},
      {"inventory.tables_present", "fail",
       [](Schema &s) {
         with_baseline(s);
         s.tables.pop_back();  // child missing
       },
       [](Schema &s) { with_baseline(s); }},
      {"index.tables_indexed", "fail",
       [](Schema &s) {
         s.tables[0].indexes.clear();  // parent: no index at all
       },
       [](Schema &) {
         // clean_schema(): both tables have their primary key's index
       }},
      {"pk.present", "warn",
       [](Schema &s) {
         // clinic's own schema (the checklist's naming rule applies there only): not parent_pkey
         s.clinic_extension = catalog::ExtensionInfo{"1.0", "1.0", "1.0", {"1.0"}, true};
         s.tables[0].constraints[0].name = "parent_pk";
       },
       [](Schema &) {
         // clean_schema(): parent_pkey and child_pkey
       }},
      {"inventory.foreign_keys", "fail",
       [](Schema &s) {
         with_baseline(s);
         s.tables[1].constraints.pop_back();  // child_parent_fkey dropped
       },
       [](Schema &s) { with_baseline(s); }},
      {"inventory.uniques", "fail",
       [](Schema &s) {
         s.tables[0].indexes.push_back(btree("parent_created_by_key", {4}, true));
         with_baseline(s);
         s.tables[0].indexes.pop_back();  // the unique index is gone
       },
       [](Schema &s) {
         s.tables[0].indexes.push_back(btree("parent_created_by_key", {4}, true));
         with_baseline(s);
       }},
      {"inventory.enums", "fail",
       [](Schema &s) {
         s.enums = {{"status", {"new", "done"}, {}}};
         with_baseline(s);
         s.enums[0].labels = {"done", "new"};  // reordered
       },
       [](Schema &s) {
         s.enums = {{"status", {"new", "done"}, {}}};
         with_baseline(s);
       }},
      {"migration.files", "fail",
       [](Schema &s) {
         s.clinic_extension =
             catalog::ExtensionInfo{"1.1", "1.1", "1.1", {"1.0"}, true};  // no 1.1 script
       },
       [](Schema &s) {
         s.clinic_extension = catalog::ExtensionInfo{"1.1", "1.1", "1.1", {"1.0", "1.1"}, true};
       }},
      {"migration.naming", "warn",
       [](Schema &s) {
         s.has_prisma_migrations = true;
         s.prisma_migrations = {
             {"20251222090000_add_billing", "2025-12-22", "2025-12-22", {}, 1, {}},
             {"20251221153503_initial_schema", "2025-12-21", "2025-12-21", {}, 1, {}}};  // out of
                                                                                         // sequence
       },
       [](Schema &s) {
         s.has_prisma_migrations = true;
         s.prisma_migrations = {
             {"20251221153503_initial_schema", "2025-12-21", "2025-12-21", {}, 1, {}},
             {"20251222090000_add_billing", "2025-12-22", "2025-12-22", {}, 1, {}}};
       }},
      {"migration.history", "warn",
       [](Schema &s) {
         s.has_prisma_migrations = true;
         s.prisma_migrations = {
             {"20251222090000_add_billing", "2025-12-22", {}, "2025-12-22", 0, {}}};  // rolled back
       },
       [](Schema &s) {
         s.has_prisma_migrations = true;
         s.prisma_migrations = {
             {"20251222090000_add_billing", "2025-12-22", "2025-12-22", {}, 1, {}}};
       }},
      {"seed.function", "fail",
       [](Schema &s) {
         s.clinic_extension = catalog::ExtensionInfo{
             "1.0", "1.0", "1.0", {"1.0"}, true};  // clinic's schema, no seed
       },
       [](Schema &s) {
         s.clinic_extension = catalog::ExtensionInfo{"1.0", "1.0", "1.0", {"1.0"}, true};
         catalog::Function seed;
         seed.signature = "s.seed_demo()";
         seed.name = "seed_demo";
         s.functions = {seed};
       }},
      {"seed.data_present", "warn",
       [](Schema &s) {
         for (Table &t : s.tables) t.estimated_rows = 0;  // empty by statistics
       },
       [](Schema &s) {
         for (Table &t : s.tables) t.estimated_rows = 100;
       }},
      {"seed.placeholder_values", "warn",
       [](Schema &s) {
         s.tables[0].columns[3].placeholder_values = 2;  // created_by: two rows like test123
       },
       [](Schema &s) {
         s.tables[0].columns[3].placeholder_values = 0;  // scanned, none found
       }},
      {"fk.indexed", "fail", [](Schema &s) { s.tables[1].indexes.clear(); },
       [](Schema &) {
         // clean_schema(): child_pkey (parent_id, id) leads with the key's column
       }},
      {"table.sizes", nullptr, nullptr,
       [](Schema &s) {
         for (Table &t : s.tables) t.size_bytes = 8192;
       }},
      {"columns.timestamps", "warn",
       [](Schema &s) {
         s.tables[0]
             .triggers.clear();  // updated_at no longer maintained by a BEFORE UPDATE trigger
       },
       [](Schema &) {
         // clean_schema(): created_at/updated_at timestamptz, default, BEFORE UPDATE trigger
       }},
      {"columns.audit_trail", "warn",
       [](Schema &s) {
         s.tables[0].columns.push_back(
             col(6, "deleted_at", "timestamptz"));  // soft delete without deleted_by
       },
       [](Schema &s) {
         s.tables[0].columns.push_back(col(6, "deleted_at", "timestamptz"));
         s.tables[0].columns.push_back(col(7, "deleted_by", "text"));
       }},
      {"fk.cascade", "fail",
       [](Schema &s) {
         s.tables[1].constraints[1].on_delete = 'n';  // SET NULL on NOT NULL parent_id
       },
       [](Schema &s) {
         s.tables[1].constraints[1].on_delete = 'n';
         s.tables[1].columns.back().not_null = false;  // parent_id nullable: SET NULL works
       }},
      {"columns.defaults", "warn",
       [](Schema &s) {
         s.tables[0].columns.push_back(
             col(6, "active", "bool", true));  // boolean without a default
       },
       [](Schema &s) { s.tables[0].columns.push_back(col(6, "active", "bool", true, "true")); }},
      {"integrity.enforced", "fail",
       [](Schema &s) {
         s.tables[1].constraints[1].validated = false;  // child_parent_fkey NOT VALID
       },
       [](Schema &) {
         // clean_schema(): every constraint validated
       }},
      {"hipaa.no_public_access", "fail",
       [](Schema &s) {
         s.tables[1].name = "patients";  // PHI by its name
         s.tables[1].grants = {{"PUBLIC", "SELECT", {}}};
       },
       [](Schema &s) {
         s.tables[1].name = "patients";
         s.tables[1].grants = {{"clinic_auditor", "SELECT", {}}};
       }},
      {"hipaa.audit_trail", "warn",
       [](Schema &s) {
         s.tables[1].name = "patients";  // PHI, with only the BEFORE audit-columns trigger
       },
       [](Schema &s) {
         s.tables[1].name = "patients";
         catalog::Trigger audit_row;  // AFTER (before = false), FOR EACH ROW (row_level = true)
         audit_row.name = "audit_row";
         audit_row.function = "s.audit_row";
         audit_row.on_insert = audit_row.on_update = audit_row.on_delete = true;
         s.tables[1].triggers.push_back(audit_row);
       }},
      {"hipaa.soft_delete", "warn",
       [](Schema &s) {
         s.tables[1].name = "patients";  // PHI without deleted_at
       },
       [](Schema &s) {
         s.tables[1].name = "patients";
         s.tables[1].columns.push_back(col(7, "deleted_at", "timestamptz"));
       }},
      {"hipaa.consent_tracking", "warn",
       [](Schema &) {
         // clean_schema(): no table named like consent
       },
       [](Schema &s) {
         Table consent = s.tables[0];
         consent.name = "consent_records";
         s.tables.push_back(consent);
       }},
      {"secrets.plaintext", "fail",
       [](Schema &s) {
         Column password = col(6, "password", "text", true);
         password.non_hash_values = 3;  // read by the loader: three rows not hashed
         s.tables[0].columns.push_back(password);
       },
       [](Schema &s) {
         Column password = col(6, "password", "text", true);
         password.non_hash_values = 0;  // every row a hash
         s.tables[0].columns.push_back(password);
       }},
      {"docs.comments", "warn", [](Schema &s) { s.tables[0].comment.reset(); },
       [](Schema &) {
         // clean_schema(): every table and column commented, no enums
       }},
      {"extension.version", "fail",
       [](Schema &s) {
         s.server_version_num = 140010;  // PostgreSQL 14: unsupported
       },
       [](Schema &) {
         // clean_schema(): server 150020, no clinic extension
       }},
      {"extension.library_sync", "fail",
       [](Schema &s) {
         s.clinic_extension =
             catalog::ExtensionInfo{"1.0", "1.0", "1.1", {"1.0"}, true};  // library 1.1, SQL 1.0
       },
       [](Schema &s) {
         s.clinic_extension = catalog::ExtensionInfo{"1.0", "1.0", "1.0", {"1.0"}, true};
       }},
      {"e2e.readable", "fail",
       [](Schema &s) {
         s.tables[0].readable = false;  // the auditing role may not SELECT from it
       },
       [](Schema &) {
         // clean_schema(): every table readable
       }},
      {"drift.none", "fail",
       [](Schema &s) {
         with_baseline(s);
         s.tables.pop_back();
       },
       [](Schema &s) { with_baseline(s); }},
      {"audit.suppressions", "warn",
       [](Schema &s) {
         catalog::Suppression x;
         x.check_id = "columns.defaults";
         x.reason = "accepted";
         x.expires_on = "2000-01-01";
         x.expired = true;
         s.suppressions = {x};
       },
       [](Schema &s) {
         catalog::Suppression x;
         x.check_id = "columns.defaults";
         x.reason = "accepted";
         x.expires_on = "2999-12-31";
         s.suppressions = {x};  // in force
       }},
      {"fk.type_mismatch", "fail",
       [](Schema &s) {
         s.tables[1].constraints[1].ref_column_types = {"bigint"};  // parent_id is uuid
       },
       [](Schema &) {
         // clean_schema(): uuid references uuid
       }},
      {"fk.duplicate", "warn",
       [](Schema &s) {
         s.tables[1].constraints.push_back(fk("child_parent_fkey1", {6}, "parent", {1}));
       },
       [](Schema &) {
         // clean_schema(): one foreign key
       }},
      {"fk.nullable_multicolumn", "warn",
       [](Schema &s) {
         s.tables[1].columns[3].not_null = false;  // created_by
         s.tables[1].constraints.push_back(fk("child_pair_fkey", {6, 4}, "parent", {1, 4}));
       },
       [](Schema &s) {
         s.tables[1].constraints.push_back(
             fk("child_pair_fkey", {6, 4}, "parent", {1, 4}));  // both NOT NULL
       }},
      {"index.duplicate", "warn",
       [](Schema &s) {
         s.tables[1].indexes.push_back(btree("child_parent_a", {6}));
         s.tables[1].indexes.push_back(btree("child_parent_b", {6}));
       },
       [](Schema &s) {
         s.tables[1].indexes.push_back(btree("child_parent_a", {6}));
         s.tables[1].indexes.push_back(btree("child_created_b", {2}));
       }},
      {"index.redundant", "warn",
       [](Schema &s) {
         s.tables[1].indexes.push_back(
             btree("child_parent_plain", {6}));  // leads child_pkey (parent_id, id)
       },
       [](Schema &s) {
         Index other_class = btree("child_parent_pattern", {6});
         other_class.key_opclasses[0] = 10044;  // another operator class: not covered
         s.tables[1].indexes.push_back(other_class);
       }},
      {"index.unused", "warn",
       [](Schema &s) {
         Index extra = btree("child_created_idx", {2});
         extra.scans = 0;
         s.tables[1].indexes.push_back(extra);
       },
       [](Schema &s) {
         Index extra = btree("child_created_idx", {2});
         extra.scans = 5;
         s.tables[1].indexes.push_back(extra);
       }},
      {"index.unique_nullable", "warn",
       [](Schema &s) {
         s.tables[0].columns[3].not_null = false;  // created_by, a foreign key
         s.tables[0].constraints.push_back(fk("parent_created_by_fkey", {4}, "parent", {1}));
         s.tables[0].indexes.push_back(btree("parent_created_key", {2, 4}, true));
       },
       [](Schema &s) {
         s.tables[0].indexes.push_back(
             btree("parent_created_key", {2, 4}, true));  // created_by NOT NULL
       }},
      {"sequence.capacity", "warn",
       [](Schema &s) {
         catalog::Sequence q;
         q.name = "orders_id_seq";
         q.type = "smallint";
         q.min = 1, q.max = 101, q.increment = 1, q.last_value = 76;  // 75 %
         s.sequences = {q};
       },
       [](Schema &s) {
         catalog::Sequence q;
         q.name = "orders_id_seq";
         q.type = "smallint";
         q.min = 1, q.max = 101, q.increment = 1, q.last_value = 75;  // 74 %
         s.sequences = {q};
       }},
      {"table.bloat", "warn",
       [](Schema &s) {
         s.tables[0].live_rows = 5000;
         s.tables[0].dead_rows = 15000;  // 75 % dead, over 10,000
       },
       [](Schema &s) {
         s.tables[0].live_rows = 100000;
         s.tables[0].dead_rows = 15000;  // 13 % dead
       }},
      {"extension.placement", "warn", [](Schema &s) { s.extensions_here = {"pg_trgm 1.6"}; },
       [](Schema &) {
         // clean_schema(): no extension installed into the schema
       }},
      {"types.smells", "warn",
       [](Schema &s) { s.tables[0].columns.push_back(col(6, "payload", "json")); },
       [](Schema &s) { s.tables[0].columns.push_back(col(6, "payload", "jsonb")); }},
      {"functions.search_path", "warn",
       [](Schema &s) {
         catalog::Function fn;  // not SECURITY DEFINER: warn
         fn.signature = "s.stamp()";
         s.functions = {fn};
       },
       [](Schema &s) {
         catalog::Function fn;
         fn.signature = "s.stamp()";
         fn.search_path_pinned = true;
         s.functions = {fn};
       }},
      {"functions.security_definer", "warn",
       [](Schema &s) {
         catalog::Function fn;
         fn.signature = "s.login(text,text)";
         fn.security_definer = fn.public_execute = true;
         s.functions = {fn};
       },
       [](Schema &s) {
         catalog::Function fn;
         fn.signature = "s.login(text,text)";
         fn.security_definer = true;  // PUBLIC may not execute it
         s.functions = {fn};
       }},
      {"rls.policies", "warn",
       [](Schema &s) {
         s.tables[0].rls_enabled = true;  // and no policy
       },
       [](Schema &s) {
         s.tables[0].rls_enabled = true;
         catalog::Policy own;
         own.name = "own_rows";
         own.command = "ALL";
         own.roles = {"clinic_clinician"};
         own.using_expr = "true";
         s.tables[0].policies = {own};
       }},
      {"triggers.foreign", "warn",
       [](Schema &s) {
         s.tables[0].owner = "app";
         s.tables[0].triggers[0].function_owner =
             "mallory";  // neither the table's owner nor an extension
       },
       [](Schema &s) {
         s.tables[0].owner = "app";
         s.tables[0].triggers[0].function_owner = "app";
       }},
  };
  return cases;
}

}  // namespace

TEST(AuditChecks, EveryCheckHasMetadataAndAUniqueId) {
  std::set<std::string> ids;
  for (const auto &c : audit::checks()) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    EXPECT_GE(c.checklist_item, 0);
    EXPECT_LE(c.checklist_item, 32);
    EXPECT_NE(std::string(c.title), "");
    EXPECT_NE(std::string(c.remediation), "");
  }
}

TEST(AuditChecks, CleanSchemaHasNoFailures) {
  for (const auto &f : audit::run(clean_schema()))
    EXPECT_NE(f.status, "fail") << f.check_id << ": " << f.actual << " " << f.detail;
}

TEST(AuditChecks, CompositeKeyLeadingWithTheForeignKeyCoversIt) {
  // The anchors' classic false positive: an FK covered by a composite primary key.
  const auto f = by_id(audit::run(clean_schema()))["fk.indexed"];
  EXPECT_EQ(f.status, "pass") << f.detail;
}

TEST(AuditChecks, UnindexedForeignKeyIsNamed) {
  Schema s = clean_schema();
  s.tables[1].indexes.clear();
  s.tables[1].constraints = {fk("child_parent_fkey", {6}, "parent", {1})};
  const auto f = by_id(audit::run(s, {"fk.indexed"}))["fk.indexed"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_EQ(
      f.detail,
      R"([{"table":"child","constraint":"child_parent_fkey","columns":"parent_id","references":"parent"}])");
}

TEST(AuditChecks, IndexLeadingWithOtherColumnsDoesNotCover) {
  Table t;
  t.columns = {col(1, "a", "int4"), col(2, "b", "int4"), col(3, "c", "int4")};
  t.indexes = {btree("i", {3, 1, 2})};
  EXPECT_FALSE(audit::has_covering_index(t, {1, 2}));
  EXPECT_TRUE(audit::has_covering_index(t, {3}));
  EXPECT_TRUE(audit::has_covering_index(t, {1, 3}));
  t.indexes[0].partial = true;
  EXPECT_FALSE(audit::has_covering_index(t, {3}));
}

TEST(AuditChecks, UniqueIndexOnPartOfTheForeignKeyCoversIt) {
  // clinic.distribute()'s keys: patients (live_mrn, id) is served by the primary key on id.
  Table t;
  t.columns = {col(1, "a", "int4"), col(2, "b", "int4"), col(3, "c", "int4")};
  t.indexes = {btree("pk", {2}, true)};
  EXPECT_TRUE(audit::has_covering_index(t, {1, 2}));
  EXPECT_TRUE(audit::has_covering_index(t, {2, 3, 1}));
  EXPECT_FALSE(audit::has_covering_index(t, {1, 3}));  // the unique column is not in the key
  t.indexes[0].unique = false;
  EXPECT_FALSE(audit::has_covering_index(t, {1, 2}));  // not unique: many rows to filter
  t.indexes[0].unique = true;
  t.indexes[0].partial = true;
  EXPECT_FALSE(audit::has_covering_index(t, {1, 2}));  // holds only some rows
  t.indexes[0].partial = false;
  t.indexes[0].columns = {2, 3};
  t.indexes[0].key_columns = 2;
  EXPECT_FALSE(audit::has_covering_index(t, {1, 2}));  // unique on (b, c): c is not in the key
}

// pg_index.indpred as the loader keeps it (each ":location " without its value): `col IS [NOT]
// NULL` (nulltesttype 0 / 1) over a Var, as PostgreSQL 16+ writes it.
std::string null_test(int attnum, bool is_null) {
  return "{NULLTEST :arg {VAR :varno 1 :varattno " + std::to_string(attnum) +
         " :vartype 23 :vartypmod -1 :varcollid 0 :varnullingrels (b) :varlevelsup 0 :varnosyn 1 "
         ":varattnosyn " +
         std::to_string(attnum) + " :location } :nulltesttype " + (is_null ? "0" : "1") +
         " :argisrow false :location }";
}
std::string bool_expr(const char *op, const std::vector<std::string> &args) {
  std::string s = std::string("{BOOLEXPR :boolop ") + op + " :args (";
  for (size_t i = 0; i < args.size(); ++i) s += (i ? " " : "") + args[i];
  return s + ") :location }";
}

TEST(AuditChecks, PredicatesMadeOfNullTestsOnly) {
  auto one = audit::null_tests(null_test(3, false));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->front().attnum, 3);
  EXPECT_FALSE(one->front().is_null);
  auto two = audit::null_tests(bool_expr("and", {null_test(1, false), null_test(2, true)}));
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_TRUE((*two)[1].is_null);
  // Anything else is not read as such a test: OR, NOT, a test inside another node, trailing text.
  EXPECT_FALSE(audit::null_tests(bool_expr("or", {null_test(1, false), null_test(2, false)})));
  EXPECT_FALSE(audit::null_tests(bool_expr("not", {null_test(1, true)})));
  EXPECT_FALSE(audit::null_tests(bool_expr("and", {null_test(1, false), "{CONST :consttype 16}"})));
  EXPECT_FALSE(audit::null_tests(null_test(1, false) + " "));
  EXPECT_FALSE(audit::null_tests(""));
  EXPECT_FALSE(audit::null_tests(bool_expr("and", {})));
}

// A partial index on `fk IS NOT NULL` holds every row a foreign key references (Rails' optional
// associations): it covers the key; any other predicate does not.
TEST(AuditChecks, PartialIndexOnTheKeyBeingPresentCoversIt) {
  Table t;
  t.columns = {col(1, "a", "int4"), col(2, "b", "int4"), col(3, "c", "int4")};
  t.indexes = {btree("i", {1, 3})};
  t.indexes[0].partial = true;
  t.indexes[0].predicate = null_test(1, false);
  EXPECT_TRUE(audit::has_covering_index(t, {1}));
  t.indexes[0].predicate = bool_expr("and", {null_test(1, false), null_test(3, false)});
  EXPECT_TRUE(audit::has_covering_index(t, {1, 3}));
  EXPECT_FALSE(audit::has_covering_index(t, {1}));  // rows with c NULL are left out
  t.indexes[0].predicate = null_test(1, true);
  EXPECT_FALSE(audit::has_covering_index(t, {1}));
  t.indexes[0].predicate = bool_expr("or", {null_test(1, false), null_test(2, false)});
  EXPECT_FALSE(audit::has_covering_index(t, {1}));
}

// The clinic checklist's policies apply under the checklist and clinic profiles; under the others
// they skip, saying why, and an unindexed foreign key is a warning, not a failure.
TEST(AuditChecks, ProfilesDecideWhichPoliciesApply) {
  Schema s = clean_schema();
  s.tables[1].indexes.clear();
  s.tables[1].constraints = {fk("child_parent_fkey", {6}, "parent", {1})};
  for (auto &t : s.tables) t.comment.reset();
  auto m = by_id(audit::run(s));
  EXPECT_EQ(m["docs.comments"].status, "warn");
  EXPECT_EQ(m["fk.indexed"].status, "fail");
  size_t policies = 0;
  for (const auto &c : audit::checks()) policies += c.policy;
  EXPECT_EQ(policies, 6u);
  for (const auto p : {catalog::Profile::prisma, catalog::Profile::generic}) {
    s.profile = p;
    m = by_id(audit::run(s));
    for (const auto &c : audit::checks()) {
      if (!c.policy) continue;
      EXPECT_EQ(m[c.id].status, "skip") << c.id;
      EXPECT_NE(m[c.id].actual.find(std::string("not applied under the ") + audit::profile_name(p) +
                                    " profile"),
                std::string::npos)
          << m[c.id].actual;
    }
    EXPECT_EQ(m["fk.indexed"].status, "warn");
    EXPECT_NE(m["fk.indexed"].detail.find("child_parent_fkey"), std::string::npos);
  }
  s.profile = catalog::Profile::clinic;
  EXPECT_EQ(by_id(audit::run(s))["docs.comments"].status, "warn");
}

// char(n) pads: reported, except a code of at most 3 characters (a country code, a CDM's
// one- and two-letter value sets), which is written at its width.
TEST(AuditChecks, CharColumnsAreSmellsExceptShortCodes) {
  Schema s = clean_schema();
  Column code = col(6, "country", "bpchar");
  code.type = "character(2)";
  s.tables[0].columns.push_back(code);
  const auto finding = [&s] { return by_id(audit::run(s, {"types.smells"}))["types.smells"]; };
  EXPECT_EQ(finding().status, "pass") << finding().detail;
  s.tables[0].columns.back().type = "character(3)";
  EXPECT_EQ(finding().status, "pass");
  s.tables[0].columns.back().type = "character(4)";
  EXPECT_EQ(finding().status, "warn");
  s.tables[0].columns.back().type = "character(12)";
  EXPECT_EQ(
      finding().detail,
      R"([{"table":"parent","column":"country","problem":"char(n): pads with blanks, use text or varchar"}])");
  s.tables[0].columns.back().type = "bpchar";  // no width: reported
  EXPECT_EQ(finding().status, "warn");
}

// A _prisma_migrations its owner made unreadable (a column of another type, a policy) is not
// "no migration table": each migration check warns, saying why, where a skip would hide a failed
// migration.
TEST(AuditChecks, UnreadPrismaTableWarnsInEveryMigrationCheck) {
  Schema s = clean_schema();
  s.prisma_migrations_present = true;
  s.prisma_migrations_unreadable = "its column migration_name is not of a type Prisma uses";
  auto found = by_id(audit::run(s));
  for (const char *id : {"migration.status", "migration.history", "migration.naming"}) {
    EXPECT_EQ(found[id].status, "warn") << id;
    EXPECT_EQ(found[id].actual,
              "_prisma_migrations is present but was not read: its column migration_name is not "
              "of a type Prisma uses")
        << id;
  }
  s.prisma_migrations_present = false;
  found = by_id(audit::run(s));
  EXPECT_EQ(found["migration.history"].status, "skip");
}

TEST(AuditChecks, ProfileDetectedFromWhatTheSchemaIs) {
  Schema s = clean_schema();
  std::string why;
  EXPECT_EQ(audit::detect_profile(s, &why), catalog::Profile::generic);
  s.prisma_migrations_present = true;  // present, not read: still Prisma's schema
  s.prisma_migrations_unreadable = "it is not a plain table";
  EXPECT_EQ(audit::detect_profile(s, &why), catalog::Profile::prisma);
  EXPECT_NE(why.find("not read: it is not a plain table"), std::string::npos) << why;
  s.prisma_migrations_unreadable.clear();
  s.has_prisma_migrations = true;
  EXPECT_EQ(audit::detect_profile(s, &why), catalog::Profile::prisma);
  EXPECT_NE(why.find("_prisma_migrations"), std::string::npos);
  s.clinic_extension = catalog::ExtensionInfo{};
  EXPECT_EQ(audit::detect_profile(s), catalog::Profile::clinic);
  for (const auto p : {catalog::Profile::checklist, catalog::Profile::clinic,
                       catalog::Profile::prisma, catalog::Profile::generic})
    EXPECT_EQ(audit::profile_named(audit::profile_name(p)), p);
  EXPECT_FALSE(audit::profile_named("Prisma"));
  EXPECT_FALSE(audit::profile_named(""));
}

TEST(AuditChecks, MissingPrimaryKeyFailsAndIsNamed) {
  Schema s = clean_schema();
  s.tables[0].constraints.clear();
  s.tables[0].indexes.clear();
  auto m = by_id(audit::run(s));
  EXPECT_EQ(m.at("pk.present").status, "fail");
  EXPECT_EQ(m.at("pk.present").detail,
            R"([{"table":"parent","problem":"no primary key and no NOT NULL unique key"}])");
  EXPECT_EQ(m.at("orm.introspectable").status, "fail");
  // A unique index on a nullable column identifies nothing ...
  s.tables[0].indexes = {btree("parent_created_by_key", {4}, true)};
  s.tables[0].columns[3].not_null = false;
  m = by_id(audit::run(s));
  EXPECT_EQ(m.at("pk.present").status, "fail");
  EXPECT_EQ(m.at("orm.introspectable").status, "fail");
  // ... a NOT NULL one does, as Prisma's @unique does: ORMs address rows; no key is a warning.
  s.tables[0].columns[3].not_null = true;
  m = by_id(audit::run(s));
  EXPECT_EQ(m.at("pk.present").status, "warn");
  EXPECT_EQ(m.at("pk.present").detail,
            R"([{"table":"parent","problem":"no primary key; rows are identified by a NOT NULL )"
            R"(unique key","unique_key":"parent_created_by_key"}])");
  EXPECT_EQ(m.at("orm.introspectable").status, "pass") << m.at("orm.introspectable").detail;
  // Partial or invalid, it does not.
  s.tables[0].indexes[0].partial = true;
  EXPECT_EQ(by_id(audit::run(s)).at("pk.present").status, "fail");
  s.tables[0].indexes[0].partial = false;
  s.tables[0].indexes[0].valid = false;
  EXPECT_EQ(by_id(audit::run(s)).at("orm.introspectable").status, "fail");
}

// A key named otherwise is present all the same (OMOP's xpk_person); the checklist's
// <table>_pkey rule is held to clinic's own schema only.
TEST(AuditChecks, PrimaryKeyNamesJudgedOnClinicsSchemaOnly) {
  Schema s = clean_schema();
  s.tables[0].constraints[0].name = "xpk_parent";
  EXPECT_EQ(by_id(audit::run(s))["pk.present"].status, "pass");
  s.clinic_extension = catalog::ExtensionInfo{"1.0", "1.0", "1.0", {"1.0"}, true};
  EXPECT_EQ(by_id(audit::run(s))["pk.present"].detail,
            R"([{"table":"parent","constraint":"xpk_parent","problem":"not named parent_pkey"}])");
}

// Only a name written bare collides with a keyword: "User" is quoted wherever it is written.
TEST(AuditChecks, ReservedWordsOnlyWhenWrittenBare) {
  Schema s = clean_schema();
  s.tables[0].name = "User";
  s.tables[1].name = "Child";
  EXPECT_EQ(by_id(audit::run(s))["naming.conventions"].status, "pass")
      << by_id(audit::run(s))["naming.conventions"].detail;
  s.tables[0].name = "user";
  s.tables[1].name = "child";
  EXPECT_NE(by_id(audit::run(s))["naming.conventions"].detail.find("reserved word"),
            std::string::npos);
}

// Another extension's functions (PostGIS's SQL bodies) are that extension's: a body that does
// not compile there is not the schema's invalid object.
TEST(AuditChecks, OtherExtensionsFunctionBodiesLeftOut) {
  Schema s = clean_schema();
  catalog::Function fn;
  fn.signature = "s.st_angle(geometry,geometry)";
  fn.language = "sql";
  fn.body_error = "function st_azimuth does not exist";
  fn.extension = "postgis";
  s.functions = {fn};
  EXPECT_EQ(by_id(audit::run(s))["catalog.valid"].status, "pass");
  s.functions[0].extension.reset();
  EXPECT_EQ(by_id(audit::run(s))["catalog.valid"].status, "fail");
}

TEST(AuditChecks, PrismaRelationTablesFollowPrismasNames) {
  Schema s = clean_schema();
  Table m2m;
  m2m.name = "_ParentToChild";
  m2m.comment = "implicit many-to-many";
  m2m.columns = {col(1, "A", "uuid", true), col(2, "B", "uuid", true)};
  Index ab = btree("_ParentToChild_AB_unique", {1, 2}, true);
  m2m.indexes = {ab, btree("_ParentToChild_B_index", {2})};
  s.tables.push_back(m2m);
  const auto f = by_id(audit::run(s))["naming.conventions"];
  EXPECT_EQ(f.status, "pass") << f.detail;
  // Another table with a column "A" is the schema's, and judged.
  s.tables.back().columns.push_back(col(3, "C", "uuid", true));
  EXPECT_EQ(by_id(audit::run(s))["naming.conventions"].status, "warn");
}

TEST(AuditChecks, InvalidIndexNotValidConstraintAndDisabledTrigger) {
  Schema s = clean_schema();
  s.tables[0].indexes[0].valid = false;
  s.tables[1].constraints[1].validated = false;
  s.tables[1].triggers[0].enabled = 'D';
  const auto f = by_id(audit::run(s, {"catalog.valid"}))["catalog.valid"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_NE(f.detail.find(R"("index":"parent_pkey")"), std::string::npos);
  EXPECT_NE(f.detail.find(R"("constraint":"child_parent_fkey")"), std::string::npos);
  EXPECT_NE(f.detail.find(R"("trigger":"audit_columns","problem":"disabled")"), std::string::npos);
  EXPECT_EQ(f.actual, "3 invalid objects");
}

TEST(AuditChecks, FunctionBodiesThatDoNotCompileAreInvalid) {
  Schema s = clean_schema();
  catalog::Function ok, broken, unchecked, c_function;
  ok.signature = "s.ok()";
  ok.language = "sql";
  ok.body_checked = true;
  broken = ok;
  broken.signature = "s.broken()";
  broken.body_error = "relation \"s.gone\" does not exist";
  unchecked = ok;
  unchecked.signature = "s.secret()";
  unchecked.language = "plpgsql";
  unchecked.body_checked = false;
  c_function.signature = "s.native()";
  c_function.language = "c";  // never compiled, never counted
  s.functions = {ok, broken, unchecked, c_function};
  const auto f = by_id(audit::run(s, {"catalog.valid"}))["catalog.valid"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_EQ(
      f.detail,
      R"j([{"function":"s.broken()","problem":"its body does not compile: relation \"s.gone\" does not exist"}])j");
  EXPECT_EQ(f.actual,
            "1 invalid objects; 1 SQL or PL/pgSQL function bodies not compiled (the auditor may "
            "not execute them)");
}

TEST(AuditChecks, SequenceCapacityWarnsAt75AndFailsAt90Percent) {
  Schema s = clean_schema();
  const auto seq = [](const char *name, int64_t min, int64_t max, int64_t inc,
                      std::optional<int64_t> last, bool cycle = false) {
    catalog::Sequence q;
    q.name = name;
    q.type = "smallint";
    q.min = min, q.max = max, q.increment = inc, q.last_value = last, q.cycle = cycle;
    return q;
  };
  s.sequences = {seq("low", 1, 101, 1, 75)};  // 74 %
  EXPECT_EQ(by_id(audit::run(s))["sequence.capacity"].status, "pass");
  s.sequences = {seq("warn", 1, 101, 1, 76)};  // 75 %
  EXPECT_EQ(by_id(audit::run(s))["sequence.capacity"].status, "warn");
  s.sequences = {seq("fail", 1, 101, 1, 91),      // 90 %
                 seq("down", -101, -1, -1, -91),  // descending, 90 %
                 seq("unknown", 1, 101, 1, {}),   // never used
                 seq("cycles", 1, 101, 1, 100, true)};
  const auto f = by_id(audit::run(s))["sequence.capacity"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_EQ(f.actual,
            "2 sequences at 75 % of their range or more; 1 never used or not readable by the "
            "auditor; 1 cycling");
  EXPECT_NE(
      f.detail.find(
          R"("sequence":"down","type":"smallint","last_value":-91,"limit":-101,"pct_used":90)"),
      std::string::npos)
      << f.detail;
}

TEST(AuditChecks, UniqueIndexOnNullableColumn) {
  Schema s = clean_schema();
  Table &child = s.tables[1];
  const int two = child.columns[1].attnum, parent_id = 6;
  child.columns[1].not_null = false;
  const auto finding = [&s] { return by_id(audit::run(s))["index.unique_nullable"]; };
  // One optional unique column (Prisma's `String? @unique`): many rows may lack a value.
  child.indexes.push_back(btree("child_two_key", {two}, true));
  EXPECT_EQ(finding().status, "pass");
  // Two columns, one nullable text that is not a foreign key: an optional value (an
  // idempotency key), rows without one are not meant to be keyed.
  const std::string two_type = child.columns[1].type_name;
  child.columns[1].type_name = "text";
  child.indexes.back() = btree("child_parent_two_key", {parent_id, two}, true);
  EXPECT_EQ(finding().status, "pass");
  // A date or time (deleted_at, valid_to): its NULL scopes the key ("live"), and (parent, NULL)
  // repeats; as does a foreign key's ("no parent").
  for (const char *scope : {"timestamptz", "timestamp", "date"}) {
    child.columns[1].type_name = scope;
    EXPECT_EQ(finding().status, "warn") << scope;
  }
  child.columns[1].type_name = "text";
  child.constraints.push_back(fk("child_two_fkey", {two}, "parent", {1}));
  EXPECT_EQ(finding().status, "warn");
  child.columns[1].type_name = two_type;
  EXPECT_EQ(finding().detail,
            R"j([{"table":"child","index":"child_parent_two_key","nullable_columns":[")j" +
                child.columns[1].name + R"j("]}])j");
  child.indexes.back().nulls_not_distinct = true;
  EXPECT_EQ(finding().status, "pass");
  child.indexes.back().nulls_not_distinct = false;
  // The NULL case covered by a partial unique index on the other key where the column IS NULL
  // (the predicate as the loader keeps pg_index.indpred: each ":location " without its value).
  Index covered = btree("child_parent_when_no_two_key", {parent_id}, true);
  covered.partial = true;
  covered.predicate = "{NULLTEST :arg {VAR :varno 1 :varattno " + std::to_string(two) +
                      " :vartype 1184 :vartypmod -1 :varcollid 0 :varlevelsup 0 :varnosyn 1 "
                      ":varattnosyn " +
                      std::to_string(two) +
                      " :location } :nulltesttype 0 :argisrow false :location }";
  child.indexes.push_back(covered);
  EXPECT_EQ(finding().status, "pass");
  // ... nor by one on keys of its own (a unique token of the live rows says nothing of the key),
  child.indexes.back().columns = {parent_id, 5};
  child.indexes.back().key_columns = 2;
  EXPECT_EQ(finding().status, "warn");
  child.indexes.back() = covered;
  // ... nor by IS NOT NULL (nulltesttype 1), nor by a test of another column.
  child.indexes.back().predicate.replace(child.indexes.back().predicate.find(":nulltesttype 0"), 15,
                                         ":nulltesttype 1");
  EXPECT_EQ(finding().status, "warn");
  child.indexes.back().predicate = covered.predicate;
  child.indexes.back().predicate.replace(covered.predicate.find(":varattno " + std::to_string(two)),
                                         10 + std::to_string(two).size(), ":varattno 5");
  EXPECT_EQ(finding().status, "warn");
  child.indexes.pop_back();
  // A key holding a NOT NULL column that is unique by itself cannot repeat.
  child.indexes.push_back(btree("child_parent_key", {parent_id}, true));
  EXPECT_EQ(finding().status, "pass");
  child.columns[5].not_null = false;  // parent_id: unique alone but nullable, and now in the list
  EXPECT_EQ(finding().status, "warn");
}

TEST(AuditChecks, PrismaMigrationStates) {
  Schema s = clean_schema();
  s.has_prisma_migrations = true;
  catalog::PrismaMigration ok{
      "20251221153503_initial_schema", "2025-12-21", "2025-12-21", {}, 1, {}};
  catalog::PrismaMigration failed{"20251222090000_add_billing", "2025-12-22", {}, {}, 0, {}};
  s.prisma_migrations = {ok};
  EXPECT_EQ(by_id(audit::run(s))["migration.history"].status, "pass");
  s.prisma_migrations.push_back(failed);
  const auto m = by_id(audit::run(s));
  EXPECT_EQ(m.at("migration.history").status, "fail");
  EXPECT_EQ(m.at("migration.status").status, "fail");
  EXPECT_NE(m.at("migration.status")
                .detail.find(R"("migration":"20251222090000_add_billing","state":"failed")"),
            std::string::npos);
  catalog::PrismaMigration misnamed{"add_messaging", "2025-12-23", "2025-12-23", {}, 1, {}};
  s.prisma_migrations = {ok, misnamed};
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "warn");
  // Under Prisma's own conventions any names that sort in the order they were applied are sound
  // (umami's 01_init, 02_...); one applied after a migration whose name sorts later is not.
  s.profile = catalog::Profile::prisma;
  catalog::PrismaMigration first{"01_init", "2025-12-21", "2025-12-21", {}, 1, {}};
  catalog::PrismaMigration second{"02_add_index copy", "2025-12-22", "2025-12-22", {}, 1, {}};
  s.prisma_migrations = {first, second};
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "pass");
  s.prisma_migrations = {second, first};
  const auto late = by_id(audit::run(s))["migration.naming"];
  EXPECT_EQ(late.status, "warn");
  EXPECT_EQ(
      late.detail,
      R"([{"migration":"01_init","problem":"name sorts before a migration applied before it"}])");
  // Where most names carry Prisma's timestamp, one without a valid one takes a place in the
  // order that is not its time: a date alone, or hour 27.
  catalog::PrismaMigration later{"20251222090000_billing", "2025-12-22", "2025-12-22", {}, 1, {}};
  for (const char *odd :
       {"20251223_tags", "20251223273700_tags", "20260230120000_tags", "20251232000000_tags"}) {
    catalog::PrismaMigration hand{odd, "2025-12-23", "2025-12-23", {}, 1, {}};
    s.prisma_migrations = {ok, later, hand};
    const auto m = by_id(audit::run(s))["migration.naming"];
    EXPECT_EQ(m.status, "warn") << odd;
    EXPECT_NE(m.detail.find(std::string(R"("migration":")") + odd + R"(","problem":"no valid)"),
              std::string::npos)
        << m.detail;
  }
  // A baseline sorting before them all (Prisma's documented 0_init) is sound.
  s.prisma_migrations = {{"0_init", "2025-12-20", "2025-12-20", {}, 1, {}}, ok, later};
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "pass")
      << by_id(audit::run(s))["migration.naming"].detail;
  s.prisma_migrations = {ok, later};
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "pass");
  s.profile = catalog::Profile::checklist;
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "pass");
  s.prisma_migrations.push_back({"20251223273700_tags", "2025-12-23", "2025-12-23", {}, 1, {}});
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "warn");
  s.prisma_migrations = {first, second};
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "warn");
  // A hostile schema's name of 100,000 characters is judged, not a stack overflow.
  s.prisma_migrations = {
      ok, {"20251223000000_" + std::string(100000, 'a'), "2025-12-23", "2025-12-23", {}, 1, {}}};
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "pass");
  s.prisma_migrations.back().name += "-";
  EXPECT_EQ(by_id(audit::run(s))["migration.naming"].status, "warn");
}

// Prisma's `migrate status`: a failed attempt marked rolled back and then applied again is a
// healthy history; migrations are counted by name, not by row.
TEST(AuditChecks, PrismaMigrationsAsPrismaSeesThem) {
  Schema s = clean_schema();
  s.has_prisma_migrations = true;
  catalog::PrismaMigration ok{"20251221153503_initial", "2025-12-21", "2025-12-21", {}, 1, {}};
  catalog::PrismaMigration attempt{"20251222090000_billing", "2025-12-22", {}, "2025-12-22", 0, {}};
  catalog::PrismaMigration again{"20251222090000_billing", "2025-12-23", "2025-12-23", {}, 1, {}};
  s.prisma_migrations = {ok, attempt, again};
  auto m = by_id(audit::run(s));
  EXPECT_EQ(m.at("migration.history").status, "pass") << m.at("migration.history").detail;
  EXPECT_EQ(m.at("migration.history").actual, "2 migrations, 0 not applied");
  EXPECT_EQ(m.at("migration.status").status, "pass") << m.at("migration.status").detail;
  EXPECT_EQ(m.at("migration.status").actual,
            "2/2 migrations applied, 0 failed, 0 rolled back and not applied again, 1 applied "
            "again after a roll-back");
  // Rolled back and never applied again: not applied (a warning, as Prisma lists it pending).
  s.prisma_migrations = {ok, attempt};
  m = by_id(audit::run(s));
  EXPECT_EQ(m.at("migration.history").status, "warn");
  EXPECT_EQ(
      m.at("migration.history").detail,
      R"([{"migration":"20251222090000_billing","problem":"rolled back, not applied again"}])");
  EXPECT_EQ(m.at("migration.status").status, "warn");
  // A failed row blocks deploys whatever else the name has.
  catalog::PrismaMigration failed{"20251222090000_billing", "2025-12-24", {}, {}, 0, {}};
  s.prisma_migrations = {ok, attempt, again, failed};
  m = by_id(audit::run(s));
  EXPECT_EQ(m.at("migration.history").status, "fail");
  EXPECT_EQ(m.at("migration.status").status, "fail");
  EXPECT_EQ(m.at("migration.status").actual,
            "1/2 migrations applied, 1 failed, 0 rolled back and not applied again");
  // No migration recorded on a schema with tables: not made by prisma migrate.
  s.prisma_migrations.clear();
  m = by_id(audit::run(s));
  EXPECT_EQ(m.at("migration.status").status, "warn");
  EXPECT_NE(m.at("migration.status").detail.find(R"("tables":2)"), std::string::npos)
      << m.at("migration.status").detail;
  s.tables.clear();
  EXPECT_EQ(by_id(audit::run(s)).at("migration.status").status, "pass");
}

TEST(AuditChecks, NamingFollowsTheSchemasOwnStyle) {
  Schema s = clean_schema();
  // Prisma style: PascalCase tables, camelCase columns. Consistent, so no finding...
  const std::map<std::string, std::string> camel = {{"created_at", "createdAt"},
                                                    {"updated_at", "updatedAt"},
                                                    {"created_by", "createdBy"},
                                                    {"updated_by", "updatedBy"},
                                                    {"parent_id", "patientId"}};
  s.tables.push_back(s.tables[1]);
  s.tables[0].name = "Patient";
  s.tables[1].name = "Appointment";
  s.tables[2].name = "GiftCard";
  for (auto &t : s.tables)
    for (auto &c : t.columns)
      if (camel.count(c.name)) c.name = camel.at(c.name);
  const auto clean = by_id(audit::run(s))["naming.conventions"];
  EXPECT_EQ(clean.status, "pass") << clean.detail;
  EXPECT_EQ(clean.expected,
            "tables PascalCase, columns camelCase (the schema's own style), no reserved words, "
            "under 63 bytes");
  // ...but a snake_case table among them, a reserved word and a 63-byte name are found.
  s.tables[2].name = "gift_card";
  s.tables[0].columns[1].name = "order";
  s.tables[0].columns[2].name = std::string(63, 'x');
  const auto f = by_id(audit::run(s))["naming.conventions"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_NE(f.detail.find(R"("name":"gift_card","problem":"not PascalCase")"), std::string::npos)
      << f.detail;
  EXPECT_NE(f.detail.find(R"("column":"order","problem":"reserved word")"), std::string::npos);
  EXPECT_NE(f.detail.find("possibly cut from a longer name"), std::string::npos);
}

// The reason a table is PHI, alone in a schema.
std::string phi_reason_of(const catalog::Table &t) {
  Schema s;
  s.name = "s";
  s.tables = {t};
  return audit::phi_reasons(s)[0];
}

TEST(AuditChecks, PhiTableRecognisedByTheWordInItsComment) {
  catalog::Table t;
  t.name = "notes";
  for (const char *yes : {"Holds PHI.", "phi: yes", "Clinical notes (phi)", "PHI"}) {
    t.comment = yes;
    EXPECT_EQ(phi_reason_of(t), "comment says PHI") << yes;
  }
  for (const char *no : {"graphic designs", "Sophia's table", "phishing reports", "no"}) {
    t.comment = no;
    EXPECT_EQ(phi_reason_of(t), "") << no;
  }
  t.comment.reset();
  EXPECT_EQ(phi_reason_of(t), "");
}

// A clinical data model names no patient: its person table is recognised by its name and its
// identifiers, the tables about a person by their person key or their foreign keys, followed
// through chains; a staff account (a name and an email, no health information) and a drug
// catalogue (health information about no one) are not PHI.
TEST(AuditChecks, PhiRecognisedByWhatColumnsHoldAndWhatTheyReference) {
  const auto table = [](const char *name, std::vector<catalog::Column> columns) {
    Table t;
    t.name = name;
    t.columns = std::move(columns);
    return t;
  };
  Schema s;
  s.name = "cdm";
  s.tables = {
      table("person", {col(1, "person_id", "int8"), col(2, "year_of_birth", "int4")}),
      table("subject", {col(1, "id", "int8"), col(2, "birth_datetime", "timestamptz")}),
      table("condition_occurrence",
            {col(1, "condition_occurrence_id", "int8"), col(2, "person_id", "int8")}),
      table("note_nlp", {col(1, "note_nlp_id", "int8"), col(2, "note_id", "int8")}),
      table("note_detail", {col(1, "id", "int8"), col(2, "nlp_id", "int8")}),
      table("staff", {col(1, "id", "int8"), col(2, "firstName", "text"), col(3, "email", "text")}),
      table("drug", {col(1, "id", "int8"), col(2, "rxnorm_code", "text")}),
      table("intake", {col(1, "id", "int8"), col(2, "email", "text"), col(3, "diagnosis", "text")}),
  };
  // note_detail -> note_nlp -> condition_occurrence: listed before what they reference.
  s.tables[4].constraints = {fk("note_detail_nlp_fkey", {2}, "note_nlp", {1})};
  s.tables[3].constraints = {fk("note_nlp_fkey", {2}, "condition_occurrence", {1})};
  for (auto &t : s.tables)
    for (auto &c : t.constraints) c.ref_schema = "cdm";
  const auto why = audit::phi_reasons(s);
  EXPECT_EQ(why[0], "table name: a patient or person");
  EXPECT_EQ(why[1], "column birth_datetime: identifies a person");
  EXPECT_EQ(why[2], "column person_id: ties each row to a person");
  EXPECT_EQ(why[3], "references condition_occurrence (note_nlp_fkey)");
  EXPECT_EQ(why[4], "references note_nlp (note_detail_nlp_fkey)");
  EXPECT_EQ(why[5], "");
  EXPECT_EQ(why[6], "");
  EXPECT_EQ(why[7], "columns email and diagnosis: a person's identifier beside health information");
  // Words, not substrings; a caregiver's identifiers are not PHI.
  const auto alone = [&table](const char *name, std::vector<catalog::Column> columns) {
    Schema one;
    one.name = "x";
    one.tables = {table(name, std::move(columns))};
    return audit::phi_reasons(one)[0];
  };
  EXPECT_EQ(alone("PersonalAccessToken", {col(1, "id", "int8")}), "");
  EXPECT_EQ(alone("ImpersonationAuditLog", {col(1, "id", "int8")}), "");
  EXPECT_EQ(alone("Person", {col(1, "id", "int8")}), "table name: a patient or person");
  EXPECT_EQ(alone("patient_visits", {col(1, "id", "int8")}), "table name: a patient or person");
  EXPECT_EQ(alone("User", {col(1, "email", "text"), col(2, "confirmedBasicDetails", "bool")}), "");
  EXPECT_EQ(alone("intake", {col(1, "email", "text"), col(2, "icd10_code", "text")}),
            "columns email and icd10_code: a person's identifier beside health information");
  EXPECT_EQ(alone("provider", {col(1, "provider_id", "int8"), col(2, "year_of_birth", "int4")}),
            "");
  EXPECT_EQ(alone("user_mutes", {col(1, "subject_id", "int8")}), "");
  EXPECT_EQ(
      alone("encounter_mapping", {col(1, "encounter_ide", "text"), col(2, "patient_ide", "text")}),
      "column patient_ide: ties each row to a person");
  // A PUBLIC grant on any of them fails, naming the rule; nothing recognised is a warning.
  s.tables[3].grants = {{"PUBLIC", "SELECT", {}}};
  auto f = by_id(audit::run(s))["hipaa.no_public_access"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_EQ(f.detail, R"j([{"table":"note_nlp","privilege":"SELECT","phi":"references )j"
                      R"j(condition_occurrence (note_nlp_fkey)"}])j");
  s.tables = {s.tables[5], s.tables[6]};
  for (const char *id : {"hipaa.no_public_access", "hipaa.audit_trail", "hipaa.soft_delete"}) {
    f = by_id(audit::run(s))[id];
    EXPECT_EQ(f.status, "warn") << id;
    EXPECT_NE(f.actual.find("no table recognised as PHI"), std::string::npos) << id;
  }
}

TEST(AuditChecks, PublicGrantsOnPhiTablesFail) {
  Schema s = clean_schema();
  s.tables[1].name = "patients";
  s.tables[1].grants = {{"PUBLIC", "SELECT", {}}, {"clinic_auditor", "SELECT", {}}};
  const auto f = by_id(audit::run(s))["hipaa.no_public_access"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_EQ(
      f.detail,
      R"([{"table":"patients","privilege":"SELECT","phi":"table name: a patient or person"}])");
}

TEST(AuditChecks, PlaintextPasswordsFailHashedOnesPass) {
  Schema s = clean_schema();
  s.tables[0].columns.push_back(col(7, "password", "text", true));
  auto f = by_id(audit::run(s))["secrets.plaintext"];
  EXPECT_EQ(f.status, "warn");  // values not examined (no privilege): the name alone is flagged
  s.tables[0].columns.back().non_hash_values = 0;
  EXPECT_EQ(by_id(audit::run(s))["secrets.plaintext"].status, "pass");  // examined: all hashes
  s.tables[0].columns.back().non_hash_values = 3;
  f = by_id(audit::run(s))["secrets.plaintext"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_EQ(f.detail, R"([{"table":"parent","column":"password","rows_not_hashed":3}])");
}

// Credentials must be one-way hashed (fail when plaintext); secrets the application reads back
// cannot be, and warn when stored readable.
TEST(AuditChecks, CredentialsAndReadableSecrets) {
  const auto kind = [](const char *table, const char *column) {
    Table t;
    t.name = table;
    return audit::secret_kind(t, col(1, column, "text"));
  };
  using audit::SecretKind;
  EXPECT_EQ(kind("User", "password"), SecretKind::credential);
  EXPECT_EQ(kind("users", "encrypted_password"), SecretKind::credential);
  EXPECT_EQ(kind("UserPassword", "hash"), SecretKind::credential);
  EXPECT_EQ(kind("users", "password_hash"), SecretKind::credential);
  EXPECT_EQ(kind("files", "hash"), SecretKind::none);
  EXPECT_EQ(kind("DailyEventReference", "meetingPassword"), SecretKind::readable);
  EXPECT_EQ(kind("VideoCallSettings", "password"), SecretKind::readable);
  EXPECT_EQ(kind("users", "passwordResetToken"), SecretKind::readable);
  EXPECT_EQ(kind("User", "twoFactorSecret"), SecretKind::readable);
  EXPECT_EQ(kind("OAuthClient", "clientSecret"), SecretKind::readable);
  EXPECT_EQ(kind("Webhook", "secret"), SecretKind::readable);
  EXPECT_EQ(kind("ApiKey", "api_key"), SecretKind::readable);
  EXPECT_EQ(kind("patients", "email"), SecretKind::none);
  EXPECT_EQ(kind("users", "pass_crypt"), SecretKind::credential);
  EXPECT_EQ(kind("OrganizationAccessToken", "hashedToken"), SecretKind::credential);
  EXPECT_EQ(kind("audit_logs", "api_key_id"), SecretKind::none);
  EXPECT_EQ(kind("Project", "apiKeyId"), SecretKind::none);
  EXPECT_EQ(kind("llm_api_keys", "encrypted_posthog_api_key"), SecretKind::none);
  EXPECT_EQ(kind("Environment", "publishableApiKey"), SecretKind::none);
  const auto typed = [](const char *column, const char *type) {
    Table t;
    t.name = "Webhook";
    return audit::secret_kind(t, col(1, column, type));
  };
  EXPECT_EQ(typed("isSecret", "bool"), SecretKind::none);
  EXPECT_EQ(typed("secretExpiresAt", "timestamptz"), SecretKind::none);
  EXPECT_EQ(typed("secret", "bytea"), SecretKind::none);  // pgcrypto's ciphertext
  EXPECT_EQ(typed("secret", "varchar"), SecretKind::readable);

  Schema s = clean_schema();
  Column secret = col(6, "clientSecret", "text", true);
  secret.non_hash_values = 2;
  s.tables[0].columns.push_back(secret);
  auto f = by_id(audit::run(s))["secrets.plaintext"];
  EXPECT_EQ(f.status, "warn");
  EXPECT_NE(f.detail.find(R"("column":"clientSecret","rows_readable":2)"), std::string::npos)
      << f.detail;
  s.tables[0].columns.back().non_hash_values.reset();  // not examined: nothing to say
  EXPECT_EQ(by_id(audit::run(s))["secrets.plaintext"].status, "pass");
  s.tables[0].name = "UserPassword";
  s.tables[0].columns.back().name = "hash";
  s.tables[0].columns.back().non_hash_values = 1;  // "hunter2" in the hash column
  f = by_id(audit::run(s))["secrets.plaintext"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_EQ(f.detail, R"([{"table":"UserPassword","column":"hash","rows_not_hashed":1}])");
}

TEST(AuditChecks, SetNullOnNotNullColumnIsAnUnworkableDeleteRule) {
  Schema s = clean_schema();
  s.tables[1].constraints[1].on_delete = 'n';
  const auto f = by_id(audit::run(s))["fk.cascade"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_NE(f.detail.find("ON DELETE SET NULL on NOT NULL column parent_id"), std::string::npos);
}

TEST(AuditChecks, CascadeClosureIsTransitive) {
  Schema s = clean_schema();
  Table grandchild = s.tables[1];
  grandchild.name = "grandchild";
  grandchild.constraints = {pk("grandchild_pkey", {1}),
                            fk("grandchild_child_fkey", {6}, "child", {1})};
  s.tables.push_back(grandchild);
  const auto f = by_id(audit::run(s))["fk.cascade"];
  EXPECT_NE(f.detail.find(R"({"table":"parent","deletes_cascade_to":["child","grandchild"]})"),
            std::string::npos)
      << f.detail;
}

TEST(AuditChecks, StatisticsBasedChecksWarnNeverFail) {
  Schema s = clean_schema();
  auto f = by_id(audit::run(s))["index.unused"];
  EXPECT_EQ(f.status, "skip");  // no statistics: no claim
  Index extra = btree("child_created_idx", {2});
  extra.scans = 0;
  s.tables[1].indexes.push_back(extra);
  s.tables[1].indexes[0].scans = 0;  // the primary key: never reported
  f = by_id(audit::run(s))["index.unused"];
  EXPECT_EQ(f.status, "warn");
  EXPECT_EQ(f.detail,
            R"([{"table":"child","index":"child_created_idx","scans":0,"size_bytes":0}])");
}

TEST(AuditChecks, DuplicateAndRedundantIndexes) {
  Schema s = clean_schema();
  Index a = btree("child_parent_a", {6});
  Index b = btree("child_parent_b", {6});
  s.tables[1].indexes.push_back(a);
  s.tables[1].indexes.push_back(b);
  const auto m = by_id(audit::run(s));
  EXPECT_EQ(m.at("index.duplicate").status, "warn");
  EXPECT_EQ(m.at("index.duplicate").detail,
            R"([{"table":"child","index":"child_parent_a","duplicate_of":"child_parent_b"}])");
  // Both lead the primary key (parent_id, id), so both are redundant; the key itself is not.
  EXPECT_EQ(m.at("index.redundant").actual, "2 indexes whose keys lead another index");
  // Anything but the name that differs makes them two indexes: each field in turn.
  const std::vector<std::function<void(Index &)>> differences = {
      [](Index &i) { i.method = "hash"; },
      [](Index &i) { i.columns = {7}; },
      [](Index &i) { i.key_opclasses[0] = 10044; },
      [](Index &i) { i.key_collations[0] = 950; },
      [](Index &i) { i.key_options[0] = 3; },
      [](Index &i) { i.unique = true; },
      [](Index &i) { i.nulls_not_distinct = true; },
      [](Index &i) { i.expressions = "({FUNCEXPR :funcid 870})"; },
      [](Index &i) { i.predicate = "({NULLTEST :arg {VAR :varattno 6}})"; },
  };
  for (size_t k = 0; k < differences.size(); ++k) {
    Index other = b;
    differences[k](other);
    s.tables[1].indexes.back() = other;
    EXPECT_EQ(by_id(audit::run(s)).at("index.duplicate").status, "pass") << "difference " << k;
  }
}

TEST(AuditChecks, RedundantIndexNeedsTheSameOperatorClassCollationAndOrder) {
  Schema s = clean_schema();  // child's primary key leads with parent_id (6)
  Index by_class = btree("child_parent_other_class", {6});
  by_class.key_opclasses[0] = 10044;  // another operator class
  Index by_order = btree("child_parent_desc", {6});
  by_order.key_options[0] = 3;  // DESC NULLS FIRST
  Index by_collation = btree("child_parent_collated", {6});
  by_collation.key_collations[0] = 950;
  s.tables[1].indexes = {s.tables[1].indexes[0], by_class, by_order, by_collation};
  auto m = by_id(audit::run(s));
  EXPECT_EQ(m.at("index.redundant").status, "pass") << m.at("index.redundant").detail;
  s.tables[1].indexes.push_back(btree("child_parent_plain", {6}));
  m = by_id(audit::run(s));
  EXPECT_EQ(m.at("index.redundant").detail,
            R"([{"table":"child","index":"child_parent_plain","covered_by":")" +
                s.tables[1].indexes[0].name + R"("}])");
}

TEST(AuditChecks, PlainIndexWithTheKeysOfAUniqueOneIsRedundant) {
  Schema s = clean_schema();
  Table &child = s.tables[1];
  const auto finding = [&s] { return by_id(audit::run(s))["index.redundant"]; };
  child.indexes.push_back(btree("child_pkey_again", {6, 1}));  // the primary key's very keys
  EXPECT_EQ(finding().detail,
            R"([{"table":"child","index":"child_pkey_again","covered_by":"child_pkey"}])");
  // With an INCLUDE column the primary key lacks, it answers index-only scans: kept.
  child.indexes.back().columns = {6, 1, 2};
  EXPECT_EQ(finding().status, "pass");
  // Two plain indexes on the same keys are index.duplicate's, not a longer-key redundancy.
  child.indexes.back() = btree("child_two", {2});
  child.indexes.push_back(btree("child_two_again", {2}));
  EXPECT_EQ(finding().status, "pass");
  EXPECT_EQ(by_id(audit::run(s))["index.duplicate"].status, "warn");
}

TEST(AuditChecks, FunctionsMustPinSearchPath) {
  Schema s = clean_schema();
  catalog::Function f1;
  f1.signature = "s.stamp()";
  f1.search_path_pinned = true;
  catalog::Function f2;
  f2.signature = "s.login(text,text)";
  f2.security_definer = true;
  f2.public_execute = true;
  s.functions = {f1, f2};
  const auto m = by_id(audit::run(s));
  EXPECT_EQ(m.at("functions.search_path").status, "fail");
  EXPECT_EQ(m.at("functions.search_path").detail,
            R"j([{"function":"s.login(text,text)","security_definer":true}])j");
  EXPECT_EQ(m.at("functions.security_definer").status, "warn");
}

TEST(AuditChecks, ExtensionVersionChecks) {
  Schema s = clean_schema();
  s.clinic_extension = catalog::ExtensionInfo{"1.0", "1.0", "1.0", {"1.0"}, true};
  auto m = by_id(audit::run(s));
  EXPECT_EQ(m.at("extension.library_sync").status, "pass");
  EXPECT_EQ(m.at("migration.files").status, "pass");
  EXPECT_EQ(m.at("migration.status").status, "pass");
  s.clinic_extension->library_version = "1.1";
  s.clinic_extension->available_versions = {"1.0", "1.1"};
  s.clinic_extension->default_version = "1.1";
  m = by_id(audit::run(s));
  EXPECT_EQ(m.at("extension.library_sync").status, "fail");
  EXPECT_EQ(m.at("extension.version").status, "warn");
  EXPECT_EQ(m.at("migration.status").status, "warn");
}

TEST(Json, EscapesAndBuilds) {
  EXPECT_EQ(json::quote("a\"b\\c\n\x01"), R"("a\"b\\c\n\u0001")");
  EXPECT_EQ(json::Object().field("a", "x").field("n", 3).field("b", true).str(),
            R"({"a":"x","n":3,"b":true})");
  EXPECT_EQ(json::Array().add_string("x").add("1").str(), R"(["x",1])");
  EXPECT_EQ(json::Array().str(), "[]");
  // Objects written in place close when their writer goes, between the array's other items.
  json::Array a;
  a.object().field("t", "x").field("n", static_cast<int64_t>(-12));
  a.add("1");
  a.object();
  a.add(json::Object().field("k", "a\"b"));
  EXPECT_EQ(a.str(), R"([{"t":"x","n":-12},1,{},{"k":"a\"b"}])");
  EXPECT_EQ(a.size(), 4u);
  const json::Object copied = json::Object().field("a", 1);
  EXPECT_EQ(json::Object(copied).field("b", 2).str(), R"({"a":1,"b":2})");
  EXPECT_EQ(copied.str(), R"({"a":1})");
}

TEST(AuditChecks, IdentifiersThatNeedQuotes) {
  for (const char *plain : {"patients", "_x", "a1", "created_at", "a$b"})
    EXPECT_FALSE(audit::needs_quotes(plain)) << plain;
  for (const char *quoted : {"Patient", "createdAt", "1a", "", "a-b", "order", "user", "éclair"})
    EXPECT_TRUE(audit::needs_quotes(quoted)) << quoted;
}

TEST(AuditChecks, CredentialsInCommentsAndDefaultsFail) {
  Schema s = clean_schema();
  s.tables[0].columns[1].comment = "Service account: Password = hunter2";
  auto f = by_id(audit::run(s))["secrets.plaintext"];
  EXPECT_EQ(f.status, "fail");
  EXPECT_EQ(f.detail,
            R"([{"table":"parent","column":"created_at","problem":"credential in a comment"}])");
  s.tables[0].columns[1].comment = "The password policy is documented elsewhere";  // no credential
  EXPECT_EQ(by_id(audit::run(s))["secrets.plaintext"].status, "pass");
  s.tables[0].columns[1].default_expr = "'api_key:abc123'::text";
  EXPECT_EQ(by_id(audit::run(s))["secrets.plaintext"].status, "warn");
}

TEST(AuditChecks, BaselineChecksSkipWithoutOneAndNameEachDifference) {
  Schema s = clean_schema();
  auto m = by_id(audit::run(s));
  for (const char *id :
       {"drift.manifest", "inventory.table_count", "inventory.tables_present",
        "inventory.foreign_keys", "inventory.uniques", "inventory.enums", "drift.none"})
    EXPECT_EQ(m.at(id).status, "skip") << id;
  s.enums = {{"status", {"new", "done"}, {}}};
  s.baseline = snapshot::of(s);
  s.baseline_source = "baseline of test";
  m = by_id(audit::run(s));
  for (const char *id :
       {"drift.manifest", "inventory.table_count", "inventory.tables_present",
        "inventory.foreign_keys", "inventory.uniques", "inventory.enums", "drift.none"})
    EXPECT_EQ(m.at(id).status, "pass") << id << ": " << m.at(id).actual;
  // Drop the foreign key and the child table's index, reorder the enum, add a table.
  s.tables[1].constraints.pop_back();
  s.enums[0].labels = {"done", "new"};
  Table extra = s.tables[0];
  extra.name = "extra";
  s.tables.push_back(extra);
  s.live_snapshot.reset();
  m = by_id(audit::run(s));
  EXPECT_EQ(m.at("inventory.table_count").actual, "3 tables (baseline 2)");
  EXPECT_EQ(m.at("inventory.tables_present").status, "pass");  // nothing missing, one extra
  EXPECT_EQ(m.at("inventory.foreign_keys").detail,
            R"([{"foreign_key":"child.child_parent_fkey","change":"missing"}])");
  EXPECT_EQ(m.at("inventory.enums").detail,
            R"([{"enum":"status","expected":["new","done"],"actual":["done","new"]}])");
  EXPECT_EQ(m.at("drift.manifest").status, "fail");
  EXPECT_EQ(m.at("drift.none").actual, "3 differences (see drift.manifest)");
}

TEST(AuditChecks, AppendOnlyLogTablesAreExemptFromRowLifecycleChecks) {
  // A patient-keyed log without audit columns or soft delete: four findings while it can be
  // edited, none once BEFORE row triggers refuse both UPDATE and DELETE.
  Schema s = clean_schema();
  Table log;
  log.name = "audit_log";
  log.comment = "audit trail";
  log.columns = {col(1, "patient_id", "uuid", true), col(2, "seq", "int8", true)};
  log.constraints = {pk("audit_log_pkey", {1, 2})};
  Index lpk = btree("audit_log_pkey", {1, 2}, true);
  lpk.primary = lpk.backs_constraint = true;
  log.indexes = {lpk};
  s.tables.push_back(log);
  const char *lifecycle[] = {"columns.timestamps", "columns.audit_trail", "hipaa.audit_trail",
                             "hipaa.soft_delete"};
  auto editable = by_id(audit::run(s));
  for (const char *id : lifecycle)
    EXPECT_NE(editable[id].detail.find("audit_log"), std::string::npos) << id;

  catalog::Trigger guard;
  guard.name = "append_only";
  guard.function = "s.refuse";
  guard.before = guard.on_update = guard.on_delete = true;
  s.tables.back().triggers = {guard};
  auto append_only = by_id(audit::run(s));
  for (const char *id : lifecycle)
    EXPECT_EQ(append_only[id].detail.find("audit_log"), std::string::npos) << id;

  // A guard that only refuses some updates (UPDATE OF a column) does not make it a log.
  s.tables.back().triggers[0].update_of = {2};
  auto partial = by_id(audit::run(s));
  EXPECT_NE(partial["hipaa.soft_delete"].detail.find("audit_log"), std::string::npos);
}

// The suggested command names the schema as a literal that pastes safely: a quote in the name
// cannot end the literal, and a mixed-case name is double-quoted (regnamespace folds case).
TEST(AuditChecks, BaselineSuggestionQuotesTheSchemaName) {
  Schema s = clean_schema();
  s.baseline.reset();
  s.name = "Med'Spa";
  EXPECT_EQ(by_id(audit::run(s, {"drift.none"}))["drift.none"].actual,
            "no baseline: record one with SELECT clinic.audit_baseline('\"Med''Spa\"')");
  s.name = "medspa";
  EXPECT_EQ(by_id(audit::run(s, {"drift.none"}))["drift.none"].actual,
            "no baseline: record one with SELECT clinic.audit_baseline('medspa')");
}

// Every registered check has a case that makes it fire and one that makes it pass.
TEST(AuditChecks, EveryCheckHasAFiringAndAPassingCase) {
  std::map<std::string, const AuditCase *> cases;
  for (const AuditCase &c : audit_cases())
    EXPECT_TRUE(cases.emplace(c.id, &c).second) << "two cases for " << c.id;
  for (const audit::CheckDef &def : audit::checks()) {
    const std::string id = def.id;
    const auto it = cases.find(id);
    if (it == cases.end()) {
      ADD_FAILURE() << id << ": no firing and passing case in audit_cases()";
      continue;
    }
    const AuditCase &c = *it->second;
    cases.erase(it);
    if (!c.pass) {
      ADD_FAILURE() << id << ": no passing case";
      continue;
    }
    const audit::Finding passed = run_case(c.pass, id);
    EXPECT_EQ(passed.status, "pass") << id << ": " << passed.actual << " " << passed.detail;
    if (kNeverFires.count(id)) {
      EXPECT_TRUE(c.fires_as == nullptr && !c.fire) << id << " is listed as never firing";
      continue;
    }
    if (c.fires_as == nullptr || !c.fire) {
      ADD_FAILURE() << id << ": no firing case";
      continue;
    }
    const std::string want = c.fires_as;
    EXPECT_TRUE(want == "warn" || want == "fail") << id << ": a firing case expects warn or fail";
    const audit::Finding fired = run_case(c.fire, id);
    EXPECT_EQ(fired.status, want) << id << ": " << fired.actual << " " << fired.detail;
    if (!kNoDetail.count(id)) {
      EXPECT_NE(fired.detail, "[]") << id << ": fires naming nothing";
    }
  }
  for (const auto &[id, c] : cases) ADD_FAILURE() << id << ": a case for no registered check";
}

// Boundary cases the mutation campaign showed untested (test/mutation/mutants.txt).

TEST(AuditChecks, PoliciesOnATableWithoutRowSecurityWarn) {
  Schema s = clean_schema();
  catalog::Policy own;
  own.name = "own_rows";
  own.command = "ALL";
  own.roles = {"clinic_clinician"};
  own.using_expr = "true";
  s.tables[0].policies = {own};  // rls_enabled stays false: the policy does nothing
  const auto f = by_id(audit::run(s, {"rls.policies"}))["rls.policies"];
  EXPECT_EQ(f.status, "warn");
  EXPECT_NE(f.detail.find("\"table\":\"parent\""), std::string::npos) << f.detail;
}

TEST(AuditChecks, AuditTriggerWithoutDeletesDoesNotCoverAPhiTable) {
  Schema s = clean_schema();
  s.tables[1].name = "patients";
  catalog::Trigger audit_row;
  audit_row.name = "audit_row";
  audit_row.function = "s.audit_row";
  audit_row.on_insert = audit_row.on_update = true;  // deletes go unrecorded
  s.tables[1].triggers.push_back(audit_row);
  const auto f = by_id(audit::run(s, {"hipaa.audit_trail"}))["hipaa.audit_trail"];
  EXPECT_EQ(f.status, "warn");
  EXPECT_NE(f.detail.find("\"table\":\"patients\""), std::string::npos) << f.detail;
}

TEST(AuditChecks, UnscannedUniqueIndexIsNotUnused) {
  Schema s = clean_schema();
  Index unique = btree("child_created_by_key", {4}, true);  // enforces uniqueness, backs nothing
  unique.scans = 0;
  Index scanned = btree("child_created_idx", {2});
  scanned.scans = 3;
  s.tables[1].indexes.push_back(unique);
  s.tables[1].indexes.push_back(scanned);
  const auto f = by_id(audit::run(s, {"index.unused"}))["index.unused"];
  EXPECT_EQ(f.status, "pass") << f.detail;
}

TEST(AuditChecks, BloatWarnsFromOneFifthDead) {
  Schema s = clean_schema();
  s.tables[0].live_rows = 78000;
  s.tables[0].dead_rows = 22000;  // 22 %: over a fifth, under a quarter
  const auto f = by_id(audit::run(s, {"table.bloat"}))["table.bloat"];
  EXPECT_EQ(f.status, "warn") << f.actual;
  s.tables[0].dead_rows = 19000;  // 19.6 %
  EXPECT_EQ(by_id(audit::run(s, {"table.bloat"}))["table.bloat"].status, "pass");
}

// Space a plain VACUUM freed but could not return: the heap against what its live rows need, by
// their average width (pg_stats). 1,000,000 rows, 99 % deleted, vacuumed: 135 MB for 10,000 rows.
TEST(AuditChecks, BloatWarnsOnAHeapMostlyFree) {
  Schema s = clean_schema();
  Table &t = s.tables[0];
  const auto bloat = [&s] { return by_id(audit::run(s, {"table.bloat"}))["table.bloat"]; };
  t.heap_bytes = 135LL * 1024 * 1024;
  t.estimated_rows = 10000;
  EXPECT_EQ(bloat().status, "skip");  // no widths: nothing to judge by
  t.row_width = 12;
  const auto f = bloat();
  EXPECT_EQ(f.status, "warn") << f.actual;
  EXPECT_NE(f.detail.find(
                R"("table":"parent","heap_bytes":141557760,"needed_bytes":450560,"pct_wasted":99)"),
            std::string::npos)
      << f.detail;
  // The same rows filling the heap: no waste; a fillfactor of 50 needs twice the pages.
  t.estimated_rows = 2'900'000;
  EXPECT_EQ(bloat().status, "pass") << bloat().detail;
  t.estimated_rows = 1'500'000;
  EXPECT_EQ(bloat().status, "warn");
  t.fillfactor = 50;
  EXPECT_EQ(bloat().status, "pass");
  // A small table is not reported, however empty.
  t.fillfactor = 100;
  t.heap_bytes = 9LL * 1024 * 1024;
  t.estimated_rows = 0;
  EXPECT_EQ(bloat().status, "pass");
}

// With the repository's migrations recorded (clinic.audit_repository), as prisma migrate status:
// those not in the database are pending (warn); one the database applied that the repository
// does not hold came from elsewhere (fail).
TEST(AuditChecks, MigrationsAgainstTheirRepository) {
  Schema s = clean_schema();
  s.has_prisma_migrations = true;
  catalog::PrismaMigration a{"20251221153503_init", "2025-12-21", "2025-12-21", {}, 1, {}};
  catalog::PrismaMigration b{"20251222090000_billing", "2025-12-22", "2025-12-22", {}, 1, {}};
  s.prisma_migrations = {a, b};
  const auto status = [&s] {
    return by_id(audit::run(s, {"migration.status"}))["migration.status"];
  };
  EXPECT_EQ(status().status, "pass");  // nothing recorded: nothing to compare with
  s.repository_migrations = std::vector<std::string>{a.name, b.name};
  EXPECT_EQ(status().status, "pass") << status().actual;
  EXPECT_NE(status().actual.find("repository of 2 migrations: 0 pending, 0 not in it"),
            std::string::npos)
      << status().actual;
  s.repository_migrations->push_back("20251223000000_tags");
  EXPECT_EQ(status().status, "warn");
  EXPECT_EQ(status().detail,
            R"([{"migration":"20251223000000_tags","state":"pending: not applied yet"}])");
  s.repository_migrations = std::vector<std::string>{a.name};
  EXPECT_EQ(status().status, "fail");
  EXPECT_EQ(
      status().detail,
      R"([{"migration":"20251222090000_billing","state":"applied, but not in the repository"}])");
  // A repository migration rolled back (migrate deploy applies it again) is pending; a failed
  // one the repository does not hold is not in it either.
  s.prisma_migrations[1].finished_at.reset();
  s.prisma_migrations[1].rolled_back_at = "2025-12-22";
  s.repository_migrations = std::vector<std::string>{a.name, b.name};
  EXPECT_NE(status().actual.find("1 pending, 0 not in it"), std::string::npos) << status().actual;
  s.prisma_migrations[1].rolled_back_at.reset();
  s.repository_migrations = std::vector<std::string>{a.name};
  EXPECT_EQ(status().status, "fail");
  EXPECT_NE(status().detail.find(R"("state":"failed, and not in the repository")"),
            std::string::npos)
      << status().detail;
}
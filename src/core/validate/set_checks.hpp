// The validator's set-level checks: the ones that need more than one row, or another table, run
// as SQL by the executor (doc/validator-design.md, "Left to SQL"). No PostgreSQL here: each check
// is its report metadata (a Rule, so selection and overrides work as for row rules) and a query.
#pragma once

#include "core/validate/rules.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clinic::validation {

struct SetCheck {
  Rule rule;                        // check_id, check_type, category, table, column, threshold
  std::vector<std::string> tables;  // the target tables the query reads
  // A query of the violating keys, and the rows it is counted against (a FROM list, perhaps with
  // a WHERE); "@s" stands for the quoted target schema. The keys are rows (or, for duplicates,
  // groups).
  std::string violating, denominator;
  // A constraint that proves the check without running it, when the caller trusts constraints
  // (clinic.validate(trust_constraints => true)): the executor looks for it in the target's
  // catalog, valid and enforced. Only constraints no session can bypass qualify: a unique index
  // (not deferrable) or an exclusion constraint with a validated CHECK. A foreign key never does:
  // its triggers do not fire under session_replication_role = replica or DISABLE TRIGGER.
  enum class Proof { none, unique, exclusion } proof = Proof::none;
  std::string proof_columns;    // unique: the index's key columns, "a,b" sorted; exclusion: the
                                // column whose type %T stands for
  std::string proof_predicate;  // unique: a partial index with this predicate also proves it;
                                // exclusion: a CHECK (its definition) that must hold as well
  // exclusion: the constraint's definition as pg_get_constraintdef prints it, %T standing for
  // the type of `proof_columns` as format_type prints it. Anything else (another PostgreSQL
  // version's deparse included) proves nothing, and the query runs.
  std::string proof_definition;
  // A check the executor's row pass answers with no query, in the scan of `pass_table`, when it
  // scans that table (issue 18's pass keyed by patient). From its lookup of the target's
  // patients: a reference to patients (the rows whose patient_id finds no patient, NULL
  // included, as NOT EXISTS counts them), the live patients no appointment names. From its
  // lookups of visits and records by (patient_id, id) (core/validate/charts.hpp): a reference to
  // a visit or a record, a live row of a soft-deleted one, a day off the visit's, a prescription
  // outside the visit's week, a completed visit without a record or vital signs, two live rows
  // of one visit, overlapping visits. Elsewhere, or when the pass cannot give exactly what the
  // query gives, the query runs; both give the same rows.
  enum class InPass {
    none,
    patient_reference,
    patient_visits,
    visit_reference,
    visit_live_parent,
    visit_day,
    visit_completed,
    visit_one_per,
    record_reference,
    record_live_parent,
    record_visit_window,
    overlap
  } in_pass = InPass::none;
  std::string pass_table;  // the table whose scan answers it
  // Whether its violations can involve rows of different patients (duplicate persons, an id or
  // MRN shared by two charts, one provider's overlapping visits), or it reads only a table no
  // patient owns: on Citus it runs once over the distributed tables, where every other check runs
  // per shard group and the groups' counts add up (issue 19).
  bool across_patients = false;
  // A check of keys that more than one row shares (SELECT `reported` FROM its table WHERE
  // `where` GROUP BY `key` HAVING count(*) > 1; `where` may be empty), or with `slots` of
  // appointments that start inside an earlier one with the same `key` among the rows `where`
  // keeps: its violating query is made of these. On Citus each shard group sends the hashes of
  // its keys, or of its (key, 15-minute slot) pairs (digest_sql()), and the query runs only over
  // the rows with a hash seen twice (shared_sql()). Empty `key`: another kind.
  struct Shared {
    std::string key, where, reported;
    bool slots = false;
  } shared;
};

// The relation each target table is read from, when not the table itself: on a Citus worker, the
// shards of one shard group (patients -> patients_102008), quoted, in the target's schema.
using Relations = std::map<std::string, std::string>;

// The identifiers a check's SQL names (outside its string literals), each once: the columns
// whose types the executor checks before running it.
std::vector<std::string> identifiers(const std::string &sql);

// Every set-level check, in report order.
const std::vector<SetCheck> &set_checks();

// The set checks matched by any selector (all for none), with the overrides' thresholds applied.
std::vector<SetCheck> select_set_checks(const std::vector<std::string> &selectors);

// Whether the check counts its violations against every row of its own table, a number the
// executor's row pass has already counted when it scanned that table.
bool counts_whole_table(const SetCheck &check);

// The query of a check for a target schema, given as a quoted identifier: SELECT violated bigint,
// total bigint, sample text[], with $1 the sample limit. With `total_known`, the query does not
// count the denominator (total is NULL): the caller has the number.
std::string set_check_sql(const SetCheck &check, const std::string &quoted_schema,
                          bool total_known = false, const Relations &relations = {});

// Set checks answered together (issue 18): the ones that read the same join of two tables, each
// a condition on its rows, run as one query instead of one join each. Every member's key and
// condition give exactly its own query's violations (same rows, same multiplicity): a row of one
// side without a partner on the other is NULL-extended once, as NOT EXISTS counts it. (The
// checks keyed by patient need no group: the row pass answers them, SetCheck::in_pass.)
struct SetGroup {
  std::string from;  // a FROM clause, "@s" the schema
  struct Member {
    std::string check_id, key, condition;  // the violating key and when a joined row violates
  };
  std::vector<Member> members;
};

// Every group, each member a check of set_checks().
const std::vector<SetGroup> &set_groups();

// The query of a group for a target schema: one row, three columns per member in the group's
// order (violated bigint, total bigint, sample text[]), with $1 the sample limit, as
// set_check_sql() gives them; `checks[i]` is member i's check (its denominator) and
// `total_known[i]` that its total is known (then NULL).
std::string set_group_sql(const SetGroup &group, const std::vector<const SetCheck *> &checks,
                          const std::string &quoted_schema, const std::vector<bool> &total_known,
                          const Relations &relations = {});

// The most hashes a shard group's digest of a check holds (about 1.7 MB of base64); a group
// with more sends 'all'.
constexpr int64_t kMaxDigestHashes = 250000;

// The digest of a check of shared keys (SetCheck::shared) over a shard group: one row, the
// number of rows it counts against (bigint) and the hashes of their keys (each key as a row,
// hashed by its types' hash functions, as GROUP BY compares them, cut to its top 40 bits; with
// slots, one per slot of each row), five big-endian bytes each, in no order, as base64 (text;
// NULL for no rows; 'all' for more than kMaxDigestHashes hashes or a row with too many slots).
std::string digest_sql(const SetCheck &check, const std::string &quoted_schema,
                       const Relations &relations);

// The hashes that occur more than once over the groups' digests (each as digest_sql() gives
// it, empty for none), sorted; nullopt when a digest is 'all'. Throws std::invalid_argument on
// a malformed digest.
std::optional<std::vector<int64_t>> repeated_hashes(const std::vector<std::string> &digests);

// The most hashes shared_sql() names in its query; beyond it, the check's whole query runs.
constexpr size_t kMaxSharedHashes = 10000;

// The query of a check of shared keys, as set_check_sql() gives it with the total known, over
// only the rows with a hash in `hashes` (the repeated ones: every violating row has one, and so
// has each row it is violating with), or over every row when `hashes` is nullopt or longer than
// kMaxSharedHashes.
std::string shared_sql(const SetCheck &check, const std::optional<std::vector<int64_t>> &hashes,
                       const std::string &quoted_schema);

}  // namespace clinic::validation

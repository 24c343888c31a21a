#include "core/validate/set_checks.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include "core/pure.hpp"

namespace clinic::validation {

namespace {

// The violating keys, and the rows they are counted against.
struct Query {
  std::string violating, denominator;
};
Query query(std::string violating, std::string denominator) {
  return {std::move(violating), std::move(denominator)};
}

SetCheck make(std::string id, std::string type, Category category, std::string table,
              std::string column, double threshold, std::vector<std::string> tables, Query sql) {
  SetCheck c;
  c.rule.check_id = std::move(id);
  c.rule.check_type = std::move(type);
  c.rule.category = category;
  c.rule.table = std::move(table);
  c.rule.column = std::move(column);
  c.rule.threshold_pct = threshold;
  c.tables = std::move(tables);
  c.violating = std::move(sql.violating);
  c.denominator = std::move(sql.denominator);
  return c;
}

// The query of a check of shared keys over `table`, its rows also filtered by `also`: the keys
// more than one row has, or the rows that start before an earlier one (by start) with the same
// key ends.
std::string shared_query(const std::string &table, const SetCheck::Shared &s,
                         const std::string &also) {
  std::string where = s.where;
  if (!also.empty()) where = where.empty() ? also : where + " AND " + also;
  where = where.empty() ? "" : " WHERE " + where;
  if (s.slots)
    return "SELECT id FROM (SELECT id, appointment_date, max(ends_at) OVER (PARTITION BY " + s.key +
           " ORDER BY appointment_date, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "
           "earlier_end FROM @s." +
           table + where + ") x WHERE appointment_date < earlier_end";
  return "SELECT " + s.reported + " FROM @s." + table + where + " GROUP BY " + s.key +
         " HAVING count(*) > 1";
}

// An appointment's slots: the 15-minute spans from the one its start is in to the one the
// instant before its end is in, at least the first. An appointment that starts inside an earlier
// one is in a slot of that one (its first): all this needs of the slot of an instant is that it
// never decreases as the instant grows, which the seconds since 2000-01-01 UTC as float8, divided
// by 900 and floored, keep through their rounding (int8 slots cost less to make, count and hash
// than exact numeric ones: BENCH.md). One of more than 96 slots, or with an infinite start or end,
// is wide: not hashed (a digest with one asks for the whole query). From PostgreSQL's own zero:
// every timestamp's difference from it is an interval, where one from an earlier zero overflows
// near the latest timestamp; by subtraction, not EXTRACT from the timestamp, since only immutable
// functions may make the rows of a subquery that Citus pushes to the shards.
// The end's instant before it justified as a difference of two timestamps is, so that an instant
// has one form (D + 1 days - 1 us against D days 23:59:59.999999 at midnight), whatever
// date_part()'s rounding of each would be.
std::string slot(const std::string &column, bool before) {
  const std::string since = column + " - '2000-01-01 00:00:00+00'";
  return "(pg_catalog.floor(pg_catalog.date_part('epoch', CASE WHEN pg_catalog.isfinite(" + column +
         ") THEN " +
         (before
              ? "pg_catalog.justify_hours(" + since + " - '00:00:00.000001'::pg_catalog.interval)"
              : since) +
         " END) / 900))::pg_catalog.int8";
}
const std::string kFirstSlot = slot("appointment_date", false);
const std::string kLastSlot = "GREATEST(" + kFirstSlot + ", " + slot("ends_at", true) + ")";
const std::string kNarrow = "(coalesce(" + kLastSlot + " - " + kFirstSlot +
                            " < 96, true) AND coalesce(pg_catalog.isfinite(appointment_date) AND "
                            "pg_catalog.isfinite(ends_at), true))";
const std::string kSlots = "pg_catalog.generate_series(CASE WHEN " + kNarrow + " THEN " +
                           kFirstSlot + " END, CASE WHEN " + kNarrow + " THEN " + kLastSlot +
                           " END) g";

// A key's hash: the row of its columns (and slot g) hashed by each type's extended hash
// function, which agrees with the equality GROUP BY and PARTITION BY use; its top 40 bits
// (signed), which keep a digest to five bytes a row.
std::string key_hash(const SetCheck::Shared &s) {
  return "(pg_catalog.hash_record_extended(ROW(" + s.key + (s.slots ? ", g" : "") + "), 0) >> 24)";
}

// A row's hashes as bytea, five big-endian bytes each: one for its key, or one per slot.
std::string row_hashes(const SetCheck::Shared &s) {
  const std::string bytes = "pg_catalog.substr(pg_catalog.int8send(" + key_hash(s) + "), 4, 5)";
  if (s.slots)
    return "(SELECT pg_catalog.string_agg(" + bytes + ", ''::bytea) FROM " + kSlots + ")";
  return bytes;
}

// Whether a row has a hash among `hashes` (an int8[] literal).
std::string hashed_among(const SetCheck::Shared &s, const std::string &hashes) {
  if (s.slots)
    return "EXISTS (SELECT FROM " + kSlots + " WHERE " + key_hash(s) + " = ANY (" + hashes + "))";
  return key_hash(s) + " = ANY (" + hashes + ")";
}

SetCheck make_shared(std::string id, std::string type, const std::string &table, std::string column,
                     SetCheck::Shared s) {
  const std::string rows = "@s." + table + (s.where.empty() ? "" : " WHERE " + s.where);
  SetCheck c = make(std::move(id), std::move(type), Category::conformance, table, std::move(column),
                    0, {table}, query(shared_query(table, s, ""), rows));
  c.shared = std::move(s);
  return c;
}

// The clinic model's references: child table, its key columns, parent table, parent columns.
struct Reference {
  const char *child, *child_columns, *parent, *parent_columns, *name;
};
constexpr Reference kReferences[] = {
    {"allergies", "patient_id", "patients", "id", "patient_id"},
    {"chronic_conditions", "patient_id", "patients", "id", "patient_id"},
    {"appointments", "patient_id", "patients", "id", "patient_id"},
    {"appointments", "provider_id", "providers", "id", "provider_id"},
    {"medical_records", "patient_id, appointment_id", "appointments", "patient_id, id",
     "appointment_id"},
    {"symptoms", "patient_id, medical_record_id", "medical_records", "patient_id, id",
     "medical_record_id"},
    {"prescriptions", "patient_id, medical_record_id", "medical_records", "patient_id, id",
     "medical_record_id"},
    {"vital_signs", "patient_id, appointment_id", "appointments", "patient_id, id",
     "appointment_id"},
    {"consent_records", "patient_id", "patients", "id", "patient_id"},
};

constexpr const char *kTables[] = {
    "providers",       "patients", "allergies",     "chronic_conditions", "appointments",
    "medical_records", "symptoms", "prescriptions", "vital_signs",        "consent_records"};

// "a, b" as {"a", "b"}.
std::vector<std::string> split_columns(const std::string &s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(", ", start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

// "a, b" joined with c. and p. into "c.a = p.x AND c.b = p.y".
std::string join_condition(const std::string &child_cols, const std::string &parent_cols) {
  const auto c = split_columns(child_cols), p = split_columns(parent_cols);
  std::string out;
  for (size_t i = 0; i < c.size(); ++i) out += (i ? " AND c." : "c.") + c[i] + " = p." + p[i];
  return out;
}

std::vector<SetCheck> build() {
  std::vector<SetCheck> checks;
  for (const char *t : kTables) {
    const std::string table = t;
    checks.push_back(
        make_shared(table + ".id.unique", "isPrimaryKey", table, "id", {"id", "", "id"}));
  }
  checks.push_back(make_shared("patients.mrn.unique_live", "isPrimaryKey", "patients", "mrn",
                               {"mrn", "deleted_at IS NULL", "mrn"}));
  checks.push_back(make_shared("patients.person.duplicate", "isDuplicatePerson", "patients",
                               "first_name, last_name, date_of_birth",
                               {"lower(first_name), lower(last_name), date_of_birth",
                                "deleted_at IS NULL", "min(id::text)"}));
  for (const Reference &r : kReferences) {
    const std::string child = r.child, parent = r.parent;
    checks.push_back(make(
        child + "." + r.name + ".foreign_key", "isForeignKey", Category::conformance, child, r.name,
        0, {child, parent},
        query("SELECT c.id FROM @s." + child + " c WHERE NOT EXISTS (SELECT FROM @s." + parent +
                  " p WHERE " + join_condition(r.child_columns, r.parent_columns) + ")",
              "@s." + child)));
    if (parent != "providers" && parent != "patients")  // a patient's: a row rule
      checks.push_back(make(
          child + "." + r.name + ".live_parent", "isSoftDeleteConsistent", Category::conformance,
          child, r.name, 0, {child, parent},
          query("SELECT c.id FROM @s." + child + " c JOIN @s." + parent + " p ON " +
                    join_condition(r.child_columns, r.parent_columns) +
                    (child == "consent_records" ? " WHERE" : " WHERE c.deleted_at IS NULL AND") +
                    " p.deleted_at IS NOT NULL",
                "@s." + child)));
  }
  for (const char *t : {"medical_records", "vital_signs"}) {
    const std::string table = t;
    checks.push_back(make_shared(
        table + ".appointment_id.one_per_appointment", "isUnique", table, "appointment_id",
        {"patient_id, appointment_id", "deleted_at IS NULL", "min(id::text)"}));
  }
  // Completeness of the chart.
  checks.push_back(make("patients.appointments.present", "measurePersonCompleteness",
                        Category::completeness, "patients", "id", 100, {"patients", "appointments"},
                        query("SELECT p.id FROM @s.patients p WHERE p.deleted_at IS NULL AND NOT "
                              "EXISTS (SELECT FROM @s.appointments a WHERE a.patient_id = p.id)",
                              "@s.patients WHERE deleted_at IS NULL")));
  for (const auto &[table, threshold] :
       {std::pair<std::string, double>{"medical_records", 5}, {"vital_signs", 10}}) {
    checks.push_back(make(
        "appointments.completed." + table, "measureVisitCompleteness", Category::completeness,
        "appointments", "status", threshold, {"appointments", table},
        query("SELECT a.id FROM @s.appointments a WHERE a.status = 'completed' AND a.deleted_at "
              "IS NULL AND NOT EXISTS (SELECT FROM @s." +
                  table + " x WHERE x.patient_id = a.patient_id AND x.appointment_id = a.id)",
              "@s.appointments WHERE status = 'completed' AND deleted_at IS NULL")));
  }
  // Timing against the visit (the session's TimeZone decides what a day is).
  for (const auto &[table, column] :
       {std::pair<std::string, std::string>{"vital_signs", "measured_at"},
        {"medical_records", "recorded_at"}}) {
    checks.push_back(
        make(table + "." + column + ".visit_day", "withinVisitDates", Category::plausibility, table,
             column, 5, {table, "appointments"},
             query("SELECT x.id FROM @s." + table +
                       " x JOIN @s.appointments a ON "
                       "a.patient_id = x.patient_id AND a.id = x.appointment_id WHERE x." +
                       column + "::date <> a.appointment_date::date",
                   "@s." + table)));
  }
  checks.push_back(make(
      "prescriptions.prescribed_at.visit_window", "withinVisitDates", Category::plausibility,
      "prescriptions", "prescribed_at", 5, {"prescriptions", "medical_records", "appointments"},
      query("SELECT x.id FROM @s.prescriptions x JOIN @s.medical_records r ON r.patient_id = "
            "x.patient_id AND r.id = x.medical_record_id JOIN @s.appointments a ON a.patient_id "
            "= r.patient_id AND a.id = r.appointment_id WHERE abs(x.prescribed_at::date - "
            "a.appointment_date::date) > 7",
            "@s.prescriptions")));
  // Double booking: an active appointment that starts before an earlier one (by start) ends.
  for (const char *by : {"provider_id", "patient_id"}) {
    const std::string key = by;
    SetCheck::Shared s{key, "deleted_at IS NULL AND status::text NOT IN ('cancelled', 'no_show')",
                       "id", true};
    checks.push_back(make(
        std::string("appointments.") + (key == "provider_id" ? "provider" : "patient") + ".overlap",
        "isNotOverlapping", Category::plausibility, "appointments", key, 0, {"appointments"},
        query(shared_query("appointments", s, ""), "@s.appointments WHERE " + s.where)));
    checks.back().shared = std::move(s);
  }
  // Status histories: every status change the audit trail recorded follows the status machine.
  checks.push_back(make(
      "appointments.status.history", "plausibleStatusTransition", Category::plausibility,
      "appointments", "status", 0, {"audit_log"},
      query("SELECT l.row_id FROM @s.audit_log l WHERE l.table_name = 'appointments' AND "
            "l.operation = 'UPDATE' AND l.new_values ? 'status' AND NOT "
            "clinic._appointment_transition_allowed(l.old_values ->> 'status', l.new_values ->> "
            "'status')",
            "@s.audit_log WHERE table_name = 'appointments' AND operation = 'UPDATE' AND "
            "new_values ? 'status'")));
  // The constraints that prove checks: unique keys and the exclusion constraint of the clinic
  // model (foreign keys prove nothing: their triggers can be bypassed).
  for (SetCheck &c : checks) {
    const std::string &id = c.rule.check_id;
    auto ends_with = [&id](const std::string &tail) {
      return id.size() > tail.size() && id.compare(id.size() - tail.size(), tail.size(), tail) == 0;
    };
    // Checks that group or order rows by something other than the patient, or read only
    // providers (the same rows on every node of a cluster).
    c.across_patients = (ends_with(".id.unique") && c.rule.table != "patients") ||
                        id == "patients.mrn.unique_live" || id == "patients.person.duplicate" ||
                        id == "appointments.provider.overlap";
    using P = SetCheck::InPass;
    const std::string &parent = c.tables.size() > 1 ? c.tables[1] : std::string();
    const bool of_visit = parent == "appointments", of_record = parent == "medical_records";
    c.pass_table = c.rule.table;
    if (c.rule.check_type == "isForeignKey" && parent == "patients" &&
        c.rule.column == "patient_id")
      c.in_pass = P::patient_reference;
    else if (id == "patients.appointments.present")
      c.in_pass = P::patient_visits;
    else if (c.rule.check_type == "isForeignKey" && (of_visit || of_record))
      c.in_pass = of_visit ? P::visit_reference : P::record_reference;
    else if (c.rule.check_type == "isSoftDeleteConsistent" && (of_visit || of_record))
      c.in_pass = of_visit ? P::visit_live_parent : P::record_live_parent;
    else if (ends_with(".visit_day"))
      c.in_pass = P::visit_day;
    else if (id == "prescriptions.prescribed_at.visit_window")
      c.in_pass = P::record_visit_window;
    else if (ends_with(".appointment_id.one_per_appointment"))
      c.in_pass = P::visit_one_per;
    else if (id.rfind("appointments.completed.", 0) == 0) {
      c.in_pass = P::visit_completed;
      c.pass_table = c.tables[1];
    } else if (ends_with(".overlap"))
      c.in_pass = P::overlap;
    if (ends_with(".id.unique")) {
      c.proof = SetCheck::Proof::unique;
      c.proof_columns = "id";
    } else if (id == "patients.mrn.unique_live") {
      c.proof = SetCheck::Proof::unique;
      c.proof_columns = "mrn";
      c.proof_predicate = "(deleted_at IS NULL)";
    } else if (ends_with(".appointment_id.one_per_appointment")) {
      c.proof = SetCheck::Proof::unique;
      c.proof_columns = "appointment_id,patient_id";
      c.proof_predicate = "(deleted_at IS NULL)";
    } else if (id == "appointments.provider.overlap") {
      // The schema's exclusion constraint forbids exactly these overlaps among active
      // appointments, given that every appointment ends after it starts (an empty range
      // overlaps nothing, where the query would still flag it).
      c.proof = SetCheck::Proof::exclusion;
      c.proof_columns = "status";
      c.proof_definition =
          "EXCLUDE USING gist (provider_id WITH =, tstzrange(appointment_date, ends_at) WITH &&) "
          "WHERE (((status <> ALL (ARRAY['cancelled'::%T, 'no_show'::%T])) AND (deleted_at IS "
          "NULL)))";
      c.proof_predicate = "CHECK ((ends_at > appointment_date))";
    }
  }
  return checks;
}

}  // namespace

namespace {

// The query with "@s.<table>" naming the target schema's table (or its relation in `relations`)
// without its inheritance children (ONLY: a child may be a foreign table or have policies of its
// own, and the row pass reads each table without its children too).
std::string in_schema(std::string sql, const std::string &quoted_schema,
                      const Relations &relations) {
  const auto word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  };
  for (size_t at = sql.find("@s."); at != std::string::npos; at = sql.find("@s.", at)) {
    size_t end = at + 3;
    while (end < sql.size() && word_char(sql[end])) ++end;
    const std::string table = sql.substr(at + 3, end - at - 3);
    const auto renamed = relations.find(table);
    const std::string name =
        "ONLY " + quoted_schema + "." + (renamed == relations.end() ? table : renamed->second);
    sql.replace(at, end - at, name);
    at += name.size();
  }
  return sql;
}

// A check's three result columns (violated, total, sample), from `rows` (a relation with its
// filter) whose column `key` is the violating key as text: the single and the grouped queries
// report alike. The total is NULL when the caller knows it. The sample is the least keys in byte
// order (COLLATE "C"), whatever the database's collation: as the row pass orders its own.
std::string result_columns(const std::string &rows, const std::string &key, const SetCheck &check,
                           bool total_known) {
  return "(SELECT count(*) FROM " + rows + "), " +
         (total_known ? "NULL::bigint" : "(SELECT count(*) FROM " + check.denominator + ")") +
         ", ARRAY(SELECT " + key + " FROM " + rows + " ORDER BY (" + key +
         ") COLLATE \"C\" LIMIT $1)";
}

// A child table and its parent joined on a reference, the child's rows kept (LEFT) or both
// sides' (FULL): x the child, p the parent.
std::string joined(const char *child, const char *parent, const char *on, const char *how) {
  return std::string("@s.") + child + " x " + how + " JOIN @s." + parent + " p ON " + on;
}

std::vector<SetGroup> build_groups() {
  std::vector<SetGroup> groups;
  // A visit's records: the record's foreign key, its live parent and its day, and the completed
  // visits without one, over one join.
  for (const auto &[table, column] :
       {std::pair<std::string, std::string>{"medical_records", "recorded_at"},
        {"vital_signs", "measured_at"}}) {
    SetGroup g;
    g.from = joined(table.c_str(), "appointments",
                    "p.patient_id = x.patient_id AND p.id = x.appointment_id", "FULL");
    g.members = {
        {table + ".appointment_id.foreign_key", "x.id", "x.ctid IS NOT NULL AND p.ctid IS NULL"},
        {table + ".appointment_id.live_parent", "x.id",
         "x.ctid IS NOT NULL AND x.deleted_at IS NULL AND p.deleted_at IS NOT NULL"},
        {table + "." + column + ".visit_day", "x.id",
         "x." + column + "::date <> p.appointment_date::date"},
        {"appointments.completed." + table, "p.id",
         "x.ctid IS NULL AND p.status = 'completed' AND p.deleted_at IS NULL"},
    };
    groups.push_back(std::move(g));
  }
  // A record's symptoms and prescriptions: foreign key and live parent.
  for (const std::string table : {"symptoms", "prescriptions"}) {
    SetGroup g;
    g.from = joined(table.c_str(), "medical_records",
                    "p.patient_id = x.patient_id AND p.id = x.medical_record_id", "LEFT");
    g.members = {
        {table + ".medical_record_id.foreign_key", "x.id", "p.ctid IS NULL"},
        {table + ".medical_record_id.live_parent", "x.id",
         "x.deleted_at IS NULL AND p.deleted_at IS NOT NULL"},
    };
    groups.push_back(std::move(g));
  }
  return groups;
}

}  // namespace

const std::vector<SetGroup> &set_groups() {
  static const std::vector<SetGroup> groups = build_groups();
  return groups;
}

std::string set_group_sql(const SetGroup &group, const std::vector<const SetCheck *> &checks,
                          const std::string &quoted_schema, const std::vector<bool> &total_known,
                          const Relations &relations) {
  // The violating rows only, each with a flag and a key per member, kept once (MATERIALIZED)
  // for the counts and the samples.
  std::string select, any, out;
  for (size_t i = 0; i < group.members.size(); ++i) {
    const SetGroup::Member &m = group.members[i];
    const std::string n = std::to_string(i);
    select += (i ? ", " : "") + ("(" + m.condition + ") IS TRUE AS v" + n) + ", (" + m.key +
              ")::text AS k" + n;
    any += (i ? " OR (" : "(") + m.condition + ") IS TRUE";
    out += (i ? ", " : "") + result_columns("j WHERE v" + n, "k" + n, *checks[i], total_known[i]);
  }
  return in_schema("WITH j AS MATERIALIZED (SELECT " + select + " FROM " + group.from + " WHERE " +
                       any + ") SELECT " + out,
                   quoted_schema, relations);
}

const std::vector<SetCheck> &set_checks() {
  static const std::vector<SetCheck> checks = build();
  return checks;
}

std::vector<SetCheck> select_set_checks(const std::vector<std::string> &selectors) {
  std::vector<SetCheck> out;
  for (const SetCheck &c : set_checks()) {
    bool selected = selectors.empty();
    for (const std::string &s : selectors) selected = selected || matches(c.rule, s);
    if (selected) out.push_back(c);
  }
  return out;
}

bool counts_whole_table(const SetCheck &check) {
  return check.denominator == "@s." + check.rule.table;
}

std::string set_check_sql(const SetCheck &check, const std::string &quoted_schema, bool total_known,
                          const Relations &relations) {
  return in_schema("WITH v(k) AS (" + check.violating + ") SELECT " +
                       result_columns("v", "k::text", check, total_known),
                   quoted_schema, relations);
}

std::string digest_sql(const SetCheck &check, const std::string &quoted_schema,
                       const Relations &relations) {
  const SetCheck::Shared &s = check.shared;
  if (s.key.empty()) throw std::invalid_argument(check.rule.check_id + " is not of shared keys");
  const std::string rows =
      " FROM @s." + check.rule.table + (s.where.empty() ? "" : " WHERE " + s.where);
  // First the count and whether the group is too big or has a wide row; the hashes only then
  // (in the ELSE: aggregates of the same level would all be computed).
  const std::string hashes = s.slots ? "coalesce(sum(CASE WHEN " + kNarrow + " THEN " + kLastSlot +
                                           " - " + kFirstSlot + " + 1 END), 0)"
                                     : "count(*)";
  const std::string whole = hashes + " > " + std::to_string(kMaxDigestHashes) +
                            (s.slots ? " OR coalesce(bool_or(NOT " + kNarrow + "), false)" : "");
  return in_schema(
      "SELECT c.n, CASE WHEN c.whole THEN 'all' ELSE (SELECT pg_catalog.encode("
      "pg_catalog.string_agg(" +
          row_hashes(s) + ", ''::bytea), 'base64')" + rows + ") END FROM (SELECT count(*) AS n, " +
          whole + " AS whole" + rows + ") c",
      quoted_schema, relations);
}

std::optional<std::vector<int64_t>> repeated_hashes(const std::vector<std::string> &digests) {
  std::vector<int64_t> all;
  for (const std::string &d : digests) {
    if (d == "all") return std::nullopt;
    // Base64 as encode() writes it: lines of 76 characters, '=' padding at the end.
    std::vector<uint8_t> bytes;
    uint32_t bits = 0;
    int held = 0;
    size_t padding = 0;
    for (const char c : d) {
      if (c == '\n' || c == '\r') continue;
      if (c == '=') {
        ++padding;
        continue;
      }
      const int n = c >= 'A' && c <= 'Z'   ? c - 'A'
                    : c >= 'a' && c <= 'z' ? c - 'a' + 26
                    : c >= '0' && c <= '9' ? c - '0' + 52
                    : c == '+'             ? 62
                    : c == '/'             ? 63
                                           : -1;
      if (n < 0 || padding > 0) throw std::invalid_argument("a digest is not base64");
      bits = bits << 6 | static_cast<uint32_t>(n);
      held += 6;
      if (held >= 8) {
        held -= 8;
        bytes.push_back(static_cast<uint8_t>(bits >> held));
        bits &= (1u << held) - 1;
      }
    }
    if (bits != 0 || padding > 2 ||
        (held == 0 ? padding != 0 : held / 2 != static_cast<int>(padding)))
      throw std::invalid_argument("a digest is not base64");
    if (bytes.size() % 5 != 0)
      throw std::invalid_argument("a digest's length is not a multiple of 5 bytes");
    for (size_t at = 0; at < bytes.size(); at += 5) {
      uint64_t h = 0;
      for (size_t i = at; i < at + 5; ++i) h = h << 8 | bytes[i];
      // The top 40 bits of a signed hash, as `>> 24` gives them: the sign carried down.
      all.push_back(static_cast<int64_t>(h << 24) >> 24);
    }
  }
  std::sort(all.begin(), all.end());
  std::vector<int64_t> out;
  for (size_t i = 1; i < all.size(); ++i)
    if (all[i] == all[i - 1] && (out.empty() || out.back() != all[i])) out.push_back(all[i]);
  return out;
}

std::string shared_sql(const SetCheck &check, const std::optional<std::vector<int64_t>> &hashes,
                       const std::string &quoted_schema) {
  if (check.shared.key.empty())
    throw std::invalid_argument(check.rule.check_id + " is not of shared keys");
  if (!hashes || hashes->size() > kMaxSharedHashes)
    return set_check_sql(check, quoted_schema, true);
  std::string list;
  for (size_t i = 0; i < hashes->size(); ++i) list += (i ? "," : "") + std::to_string((*hashes)[i]);
  SetCheck c = check;
  c.violating = shared_query(check.rule.table, check.shared,
                             hashed_among(check.shared, "'{" + list + "}'::pg_catalog.int8[]"));
  return set_check_sql(c, quoted_schema, true);
}

}  // namespace clinic::validation

namespace clinic::validation {

std::vector<std::string> identifiers(const std::string &sql) {
  std::vector<std::string> out;
  const auto word_start = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  const auto word_char = [&](char c) { return word_start(c) || (c >= '0' && c <= '9'); };
  for (size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'') {  // a literal, '' inside it included
      for (++i; i < sql.size(); ++i)
        if (sql[i] == '\'' && !(i + 1 < sql.size() && sql[i + 1] == '\'' && ++i)) break;
      ++i;
    } else if (word_start(c) && (i == 0 || !word_char(sql[i - 1]))) {
      size_t end = i;
      while (end < sql.size() && word_char(sql[end])) ++end;
      std::string w = sql.substr(i, end - i);
      if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace clinic::validation

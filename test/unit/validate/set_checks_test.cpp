#include "core/validate/set_checks.hpp"
#include "core/validate/rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

using namespace clinic::validation;

TEST(SetChecks, IdsAreUniqueAcrossRowAndSetChecks) {
  std::set<std::string> ids;
  for (const Rule &r : default_rules()) EXPECT_TRUE(ids.insert(r.check_id).second) << r.check_id;
  for (const SetCheck &c : set_checks()) {
    EXPECT_TRUE(ids.insert(c.rule.check_id).second) << c.rule.check_id;
    EXPECT_FALSE(c.rule.check_type.empty()) << c.rule.check_id;
    EXPECT_GE(c.rule.threshold_pct, 0);
    EXPECT_LE(c.rule.threshold_pct, 100);
    EXPECT_FALSE(c.tables.empty()) << c.rule.check_id;
  }
}

TEST(SetChecks, EveryQueryReadsOnlyItsDeclaredTablesOfTheTarget) {
  for (const SetCheck &c : set_checks()) {
    const std::string sql = set_check_sql(c, "\"my schema\"");
    EXPECT_EQ(sql.find("@s"), std::string::npos) << c.rule.check_id;
    EXPECT_NE(sql.find("$1"), std::string::npos) << c.rule.check_id << ": no sample limit";
    for (const std::string &t : c.tables)
      EXPECT_NE(sql.find("\"my schema\"." + t), std::string::npos) << c.rule.check_id << " " << t;
    // Every "<schema>.<table>" it reads is declared.
    for (size_t at = sql.find("\"my schema\"."); at != std::string::npos;
         at = sql.find("\"my schema\".", at + 1)) {
      // ONLY: never a table's inheritance children (a foreign table, other policies).
      EXPECT_EQ(sql.compare(at - 5, 5, "ONLY "), 0) << c.rule.check_id;
      const size_t start = at + 12;
      size_t end = start;
      while (end < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_'))
        ++end;
      const std::string table = sql.substr(start, end - start);
      EXPECT_NE(std::find(c.tables.begin(), c.tables.end(), table), c.tables.end())
          << c.rule.check_id << " reads undeclared " << table;
    }
  }
}

TEST(SetChecks, SelectorsMatchLikeRowRules) {
  EXPECT_EQ(select_set_checks({}).size(), set_checks().size());
  const auto overlap = select_set_checks({"appointments.provider"});
  ASSERT_EQ(overlap.size(), 1u);
  EXPECT_EQ(overlap[0].rule.check_id, "appointments.provider.overlap");
  for (const SetCheck &c : select_set_checks({"isForeignKey"}))
    EXPECT_EQ(c.rule.check_type, "isForeignKey");
  EXPECT_EQ(select_set_checks({"isForeignKey"}).size(), 9u);  // one per reference of the model
  EXPECT_TRUE(select_set_checks({"no.such"}).empty());
}

// What clinic.validate(trust_constraints => true) may skip: uniqueness by a unique index, the
// provider overlap by the exclusion constraint. Never an orphan check: a foreign key's triggers
// can be off (session_replication_role = replica, DISABLE TRIGGER), so it proves nothing.
TEST(SetChecks, OnlyUniquenessAndTheProviderOverlapCanBeProven) {
  std::set<std::string> proven;
  for (const SetCheck &c : set_checks()) {
    if (c.proof == SetCheck::Proof::none) continue;
    proven.insert(c.rule.check_id);
    EXPECT_NE(c.rule.check_type, "isForeignKey") << c.rule.check_id;
    if (c.proof == SetCheck::Proof::unique) {
      EXPECT_TRUE(c.rule.check_type == "isPrimaryKey" || c.rule.check_type == "isUnique")
          << c.rule.check_id;
      EXPECT_FALSE(c.proof_columns.empty()) << c.rule.check_id;
    } else {
      EXPECT_EQ(c.rule.check_id, "appointments.provider.overlap");
      EXPECT_FALSE(c.proof_definition.empty());
      EXPECT_FALSE(c.proof_predicate.empty());  // the CHECK that ends come after starts
    }
  }
  EXPECT_EQ(proven.size(), 14u);  // ten ids, live MRNs, two one-per-appointment, the overlap
  EXPECT_FALSE(proven.count("patients.person.duplicate"));
  EXPECT_FALSE(proven.count("appointments.patient.overlap"));
}

// A check counted against its whole table can take the total from the row pass: its query then
// leaves the denominator uncounted. Filtered denominators are always counted by the query.
TEST(SetChecks, WholeTableTotalsCanComeFromTheRowPass) {
  for (const SetCheck &c : set_checks()) {
    const bool whole = counts_whole_table(c);
    const std::string counted = set_check_sql(c, "s"), given = set_check_sql(c, "s", true);
    EXPECT_NE(counted.find("(SELECT count(*) FROM ONLY s."), std::string::npos) << c.rule.check_id;
    EXPECT_NE(given.find("NULL::bigint"), std::string::npos) << c.rule.check_id;
    EXPECT_EQ(given.find("(SELECT count(*) FROM ONLY s." + c.rule.table + ")"), std::string::npos)
        << c.rule.check_id;
    if (c.rule.check_id == "symptoms.medical_record_id.live_parent") {
      EXPECT_TRUE(whole);
    } else if (c.rule.check_id == "patients.person.duplicate") {
      EXPECT_FALSE(whole);  // live patients only
    }
  }
}

// The row pass answers the references to patients and the patients without visits (their
// queries are NOT EXISTS over patients and over appointments), and from its lookups of visits
// and records every check within a chart; the checks across patients but one provider's
// overlaps stay queries.
TEST(SetChecks, TheRowPassAnswersTheChecksWithinAChart) {
  using P = SetCheck::InPass;
  std::map<P, std::vector<std::string>> by_kind;
  for (const SetCheck &c : set_checks()) {
    by_kind[c.in_pass].push_back(c.rule.check_id);
    if (c.in_pass == P::patient_reference) {
      EXPECT_NE(
          c.violating.find("NOT EXISTS (SELECT FROM @s.patients p WHERE c.patient_id = p.id)"),
          std::string::npos)
          << c.rule.check_id;
    }
    if (c.in_pass != P::none && c.in_pass != P::patient_visits && c.in_pass != P::overlap &&
        c.in_pass != P::visit_completed && c.in_pass != P::visit_one_per) {
      EXPECT_TRUE(counts_whole_table(c)) << c.rule.check_id;  // the pass's total: its rows
    }
    // The scan that answers it reads the rows its query judges.
    const std::string &scanned = c.in_pass == P::visit_completed ? c.tables[1] : c.rule.table;
    EXPECT_EQ(c.pass_table, scanned) << c.rule.check_id;
  }
  using V = std::vector<std::string>;
  EXPECT_EQ(by_kind[P::patient_reference],
            (V{"allergies.patient_id.foreign_key", "chronic_conditions.patient_id.foreign_key",
               "appointments.patient_id.foreign_key", "consent_records.patient_id.foreign_key"}));
  EXPECT_EQ(by_kind[P::patient_visits], V{"patients.appointments.present"});
  EXPECT_EQ(by_kind[P::visit_reference], (V{"medical_records.appointment_id.foreign_key",
                                            "vital_signs.appointment_id.foreign_key"}));
  EXPECT_EQ(by_kind[P::visit_live_parent], (V{"medical_records.appointment_id.live_parent",
                                              "vital_signs.appointment_id.live_parent"}));
  EXPECT_EQ(by_kind[P::visit_day],
            (V{"vital_signs.measured_at.visit_day", "medical_records.recorded_at.visit_day"}));
  EXPECT_EQ(by_kind[P::visit_completed],
            (V{"appointments.completed.medical_records", "appointments.completed.vital_signs"}));
  EXPECT_EQ(by_kind[P::visit_one_per], (V{"medical_records.appointment_id.one_per_appointment",
                                          "vital_signs.appointment_id.one_per_appointment"}));
  EXPECT_EQ(by_kind[P::record_reference], (V{"symptoms.medical_record_id.foreign_key",
                                             "prescriptions.medical_record_id.foreign_key"}));
  EXPECT_EQ(by_kind[P::record_live_parent], (V{"symptoms.medical_record_id.live_parent",
                                               "prescriptions.medical_record_id.live_parent"}));
  EXPECT_EQ(by_kind[P::record_visit_window], V{"prescriptions.prescribed_at.visit_window"});
  EXPECT_EQ(by_kind[P::overlap],
            (V{"appointments.provider.overlap", "appointments.patient.overlap"}));
  for (const std::string &id : by_kind[P::none])
    EXPECT_TRUE(id.find(".id.unique") != std::string::npos || id == "patients.mrn.unique_live" ||
                id == "patients.person.duplicate" || id == "appointments.provider_id.foreign_key" ||
                id == "appointments.status.history")
        << id;
}

// The executor checks the type of every column a check's SQL names: identifiers() must find
// each one, once, and nothing inside a string literal.
TEST(SetChecks, IdentifiersOfAQuery) {
  const auto ids = identifiers(
      "SELECT a.id FROM @s.appointments a WHERE a.status = 'completed' AND x.note = 'it''s id2' "
      "AND a.id = b.patient_id");
  for (const char *expected :
       {"a", "id", "s", "appointments", "status", "x", "note", "b", "patient_id"})
    EXPECT_EQ(std::count(ids.begin(), ids.end(), expected), 1) << expected;
  for (const char *literal : {"completed", "it", "id2", "SELECT"})
    EXPECT_EQ(std::count(ids.begin(), ids.end(), literal), 0) << literal;
  for (const SetCheck &c : set_checks())
    if (c.rule.check_id == "patients.mrn.unique_live") {
      const auto cols = identifiers(c.violating + " " + c.denominator);
      EXPECT_NE(std::find(cols.begin(), cols.end(), "mrn"), cols.end());
      EXPECT_NE(std::find(cols.begin(), cols.end(), "deleted_at"), cols.end());
    }
}

// The groups answer checks of the catalogue, each at most once, over tables each member declares;
// their query has three columns per member, and reads its rows once.
TEST(SetChecks, GroupsAnswerCataloguedChecksOnce) {
  std::set<std::string> seen;
  size_t members = 0;
  for (const SetGroup &g : set_groups()) {
    std::vector<const SetCheck *> checks;
    for (const SetGroup::Member &m : g.members) {
      EXPECT_TRUE(seen.insert(m.check_id).second) << m.check_id << " in two groups";
      const auto it =
          std::find_if(set_checks().begin(), set_checks().end(),
                       [&m](const SetCheck &c) { return c.rule.check_id == m.check_id; });
      ASSERT_NE(it, set_checks().end()) << m.check_id;
      for (const std::string &t : it->tables)
        EXPECT_NE(g.from.find("@s." + t + " "), std::string::npos) << m.check_id << " " << t;
      checks.push_back(&*it);
    }
    members += g.members.size();
    std::vector<bool> known(checks.size(), false);
    known[0] = true;
    const std::string sql = set_group_sql(g, checks, "\"my schema\"", known);
    EXPECT_EQ(sql.find("@s"), std::string::npos);
    EXPECT_EQ(sql.find("WITH j AS MATERIALIZED ("), 0u) << sql;
    size_t arrays = 0;
    for (size_t at = sql.find("ARRAY(SELECT k"); at != std::string::npos;
         at = sql.find("ARRAY(SELECT k", at + 1))
      ++arrays;
    EXPECT_EQ(arrays, checks.size());
    // Member 0's total is known (NULL); every other member counts its denominator.
    EXPECT_NE(sql.find("(SELECT count(*) FROM j WHERE v0), NULL::bigint"), std::string::npos);
    EXPECT_NE(sql.find("(SELECT count(*) FROM j WHERE v1), (SELECT count(*) FROM ONLY"),
              std::string::npos);
  }
  EXPECT_EQ(members, 12u);
}

TEST(SetChecks, AShardGroupsRelationsReplaceTheTables) {
  const Relations shards = {{"appointments", "appointments_102040"},
                            {"patients", "patients_102008"}};
  for (const SetCheck &c : set_checks()) {
    const std::string sql = set_check_sql(c, "clinic", false, shards);
    EXPECT_EQ(sql.find("@s"), std::string::npos) << c.rule.check_id;
    for (const std::string &t : c.tables) {
      const auto renamed = shards.find(t);
      const std::string name = renamed == shards.end() ? t : renamed->second;
      EXPECT_NE(sql.find("ONLY clinic." + name), std::string::npos) << c.rule.check_id << " " << t;
    }
    // Never the logical table where its shard is given (a prefix of the shard's name).
    for (const auto &[table, shard] : shards)
      for (size_t at = sql.find("clinic." + table); at != std::string::npos;
           at = sql.find("clinic." + table, at + 1))
        EXPECT_EQ(sql.compare(at, 7 + shard.size(), "clinic." + shard), 0) << c.rule.check_id;
  }
  const SetGroup &g = set_groups().front();
  std::vector<const SetCheck *> checks;
  for (const SetGroup::Member &m : g.members)
    checks.push_back(
        &*std::find_if(set_checks().begin(), set_checks().end(),
                       [&m](const SetCheck &c) { return c.rule.check_id == m.check_id; }));
  const std::string sql =
      set_group_sql(g, checks, "clinic", std::vector<bool>(checks.size(), false), shards);
  EXPECT_NE(sql.find("ONLY clinic.appointments_102040 p"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("ONLY clinic.appointments "), std::string::npos) << sql;
}

// On Citus the checks keyed by patient run per shard group and add up; these cannot.
TEST(SetChecks, OnlyChecksAcrossPatientsRunOverTheWholeCluster) {
  std::set<std::string> across;
  for (const SetCheck &c : set_checks())
    if (c.across_patients) across.insert(c.rule.check_id);
  const std::set<std::string> expected = {
      "providers.id.unique",      "allergies.id.unique",       "chronic_conditions.id.unique",
      "appointments.id.unique",   "medical_records.id.unique", "symptoms.id.unique",
      "prescriptions.id.unique",  "vital_signs.id.unique",     "consent_records.id.unique",
      "patients.mrn.unique_live", "patients.person.duplicate", "appointments.provider.overlap"};
  EXPECT_EQ(across, expected);
  // The per-group checks each read some patient's table (providers alone would be counted once
  // per group).
  for (const SetCheck &c : set_checks()) {
    if (c.across_patients) continue;
    EXPECT_NE(c.tables, std::vector<std::string>{"providers"}) << c.rule.check_id;
  }
}

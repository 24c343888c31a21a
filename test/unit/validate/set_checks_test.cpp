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

// The checks of shared keys: their query is made of the key, the filter and what is reported,
// as it was written before (the queries one node runs do not change).
TEST(SetChecks, SharedKeysMakeTheDuplicateAndOverlapQueries) {
  std::map<std::string, std::string> queries;
  for (const SetCheck &c : set_checks())
    if (!c.shared.key.empty()) queries[c.rule.check_id] = c.violating;
  // Ten tables' ids, the MRN, the person, two one per visit, two overlaps.
  EXPECT_EQ(queries.size(), 16u);
  EXPECT_EQ(queries["allergies.id.unique"],
            "SELECT id FROM @s.allergies GROUP BY id HAVING count(*) > 1");
  EXPECT_EQ(
      queries["patients.mrn.unique_live"],
      "SELECT mrn FROM @s.patients WHERE deleted_at IS NULL GROUP BY mrn HAVING count(*) > 1");
  EXPECT_EQ(queries["patients.person.duplicate"],
            "SELECT min(id::text) FROM @s.patients WHERE deleted_at IS NULL GROUP BY "
            "lower(first_name), lower(last_name), date_of_birth HAVING count(*) > 1");
  EXPECT_EQ(queries["vital_signs.appointment_id.one_per_appointment"],
            "SELECT min(id::text) FROM @s.vital_signs WHERE deleted_at IS NULL GROUP BY "
            "patient_id, appointment_id HAVING count(*) > 1");
  EXPECT_EQ(queries["appointments.provider.overlap"],
            "SELECT id FROM (SELECT id, appointment_date, max(ends_at) OVER (PARTITION BY "
            "provider_id ORDER BY appointment_date, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 "
            "PRECEDING) AS earlier_end FROM @s.appointments WHERE deleted_at IS NULL AND "
            "status::text NOT IN ('cancelled', 'no_show')) x WHERE appointment_date < earlier_end");
}

const SetCheck &check(const std::string &id) {
  return *std::find_if(set_checks().begin(), set_checks().end(),
                       [&id](const SetCheck &c) { return c.rule.check_id == id; });
}

TEST(SetChecks, ADigestHashesTheKeysOfAShardsRows) {
  EXPECT_EQ(
      digest_sql(check("patients.person.duplicate"), "clinic", {{"patients", "patients_102008"}}),
      "SELECT c.n, CASE WHEN c.whole THEN 'all' ELSE (SELECT pg_catalog.encode("
      "pg_catalog.string_agg(pg_catalog.substr(pg_catalog.int8send(("
      "pg_catalog.hash_record_extended(ROW(lower(first_name), lower(last_name), date_of_birth), "
      "0) >> 24)), 4, 5), ''::bytea), 'base64') FROM ONLY clinic.patients_102008 WHERE "
      "deleted_at IS NULL) END FROM (SELECT count(*) AS n, count(*) > 250000 AS whole FROM ONLY "
      "clinic.patients_102008 WHERE deleted_at IS NULL) c");
  EXPECT_NE(
      digest_sql(check("allergies.id.unique"), "clinic", {}).find("FROM ONLY clinic.allergies"),
      std::string::npos);
  // An appointment's slots: each hashed with its provider; a wide one makes the digest 'all'.
  const std::string overlap = digest_sql(check("appointments.provider.overlap"), "clinic", {});
  EXPECT_NE(overlap.find("+ 1 END), 0) > 250000 OR coalesce(bool_or(NOT (coalesce("),
            std::string::npos)
      << overlap;
  EXPECT_NE(overlap.find(
                "isfinite(ends_at), true))), false) AS whole FROM ONLY clinic.appointments WHERE"),
            std::string::npos)
      << overlap;
  EXPECT_NE(overlap.find("(pg_catalog.hash_record_extended(ROW(provider_id, g), 0) >> 24)"),
            std::string::npos)
      << overlap;
  EXPECT_NE(overlap.find("FROM ONLY clinic.appointments WHERE deleted_at IS NULL AND status::text "
                         "NOT IN ('cancelled', 'no_show')"),
            std::string::npos)
      << overlap;
  EXPECT_THROW(digest_sql(check("appointments.status.history"), "clinic", {}),
               std::invalid_argument);
}

TEST(SetChecks, OnlyHashesSeenTwiceAreRepeated) {
  using Hashes = std::optional<std::vector<int64_t>>;
  EXPECT_EQ(repeated_hashes({}), Hashes(std::vector<int64_t>{}));
  // 1 alone (five bytes: 00 00 00 00 01).
  EXPECT_EQ(repeated_hashes({"", "AAAAAAE="}), Hashes(std::vector<int64_t>{}));
  // Across digests and within one; three times is one hash; 40 bits, signed (-1 is ff ff ff ff
  // ff); base64 in lines, as encode() writes it.
  EXPECT_EQ(repeated_hashes(
                {"AAAAAAEAAAAAAg==", "AAAAAAE=", "//////8AAAAAA///////", "//////8=", "AAAAAAM="}),
            Hashes(std::vector<int64_t>{-1, 1, 3}));
  EXPECT_EQ(repeated_hashes({"AQIDBAU=", "AQID\nBAU="}),
            Hashes(std::vector<int64_t>{0x0102030405}));
  EXPECT_EQ(repeated_hashes({"gAAAAAA=", "gAAAAAA=", "f/////8=", "f/////8="}),
            Hashes(std::vector<int64_t>{-(int64_t{1} << 39), (int64_t{1} << 39) - 1}));
  // A group with a row too wide to hash: every row is read.
  EXPECT_EQ(repeated_hashes({"AAAAAAE=", "all", "AAAAAAE="}), std::nullopt);
  EXPECT_THROW(repeated_hashes({"AAAAAA=="}), std::invalid_argument);   // four bytes
  EXPECT_THROW(repeated_hashes({"AAAAAAE"}), std::invalid_argument);    // padding missing
  EXPECT_THROW(repeated_hashes({"AAAAAAE=A"}), std::invalid_argument);  // after the padding
  EXPECT_THROW(repeated_hashes({"AAAAAAF="}), std::invalid_argument);   // bits left over
  EXPECT_THROW(repeated_hashes({"AAAA*AE="}), std::invalid_argument);   // not base64
  EXPECT_THROW(repeated_hashes({"ALL"}), std::invalid_argument);
}

TEST(SetChecks, TheSharedQueryReadsOnlyTheRepeatedHashes) {
  const SetCheck &mrn = check("patients.mrn.unique_live");
  EXPECT_EQ(shared_sql(mrn, std::vector<int64_t>{-7, 42}, "clinic"),
            "WITH v(k) AS (SELECT mrn FROM ONLY clinic.patients WHERE deleted_at IS NULL AND "
            "(pg_catalog.hash_record_extended(ROW(mrn), 0) >> 24) = ANY "
            "('{-7,42}'::pg_catalog.int8[]) "
            "GROUP BY mrn HAVING count(*) > 1) SELECT (SELECT count(*) FROM v), NULL::bigint, "
            "ARRAY(SELECT k::text FROM v ORDER BY (k::text) COLLATE \"C\" LIMIT $1)");
  EXPECT_NE(shared_sql(check("symptoms.id.unique"), std::vector<int64_t>{1}, "clinic")
                .find("FROM ONLY clinic.symptoms WHERE (pg_catalog.hash_record_extended(ROW(id), "
                      "0) >> 24)"),
            std::string::npos);
  // An overlap: the rows with a slot among the hashes, inside the window's rows.
  const std::string overlap =
      shared_sql(check("appointments.provider.overlap"), std::vector<int64_t>{5}, "clinic");
  EXPECT_NE(overlap.find("FROM ONLY clinic.appointments WHERE deleted_at IS NULL AND status::text "
                         "NOT IN ('cancelled', 'no_show') AND EXISTS (SELECT FROM "
                         "pg_catalog.generate_series("),
            std::string::npos)
      << overlap;
  EXPECT_NE(
      overlap.find("WHERE (pg_catalog.hash_record_extended(ROW(provider_id, g), 0) >> 24) = ANY "
                   "('{5}'::pg_catalog.int8[]))) x WHERE appointment_date < earlier_end"),
      std::string::npos)
      << overlap;
  // Too many hashes to name, or a wide row: the whole query.
  const std::vector<int64_t> many(kMaxSharedHashes + 1, 1);
  EXPECT_EQ(shared_sql(mrn, many, "clinic"), set_check_sql(mrn, "clinic", true));
  EXPECT_EQ(shared_sql(mrn, std::nullopt, "clinic"), set_check_sql(mrn, "clinic", true));
  const std::vector<int64_t> most(kMaxSharedHashes, 1);
  EXPECT_NE(shared_sql(mrn, most, "clinic"), set_check_sql(mrn, "clinic", true));
  EXPECT_THROW(shared_sql(check("appointments.status.history"), std::vector<int64_t>{1}, "clinic"),
               std::invalid_argument);
}

// The slots a shard digests are the slots the restricted query looks among: one expression, the
// seconds since 2000 floored by the quarter hour, the end's instant before it justified.
TEST(SetChecks, TheDigestAndTheSharedQueryCountSlotsAlike) {
  const auto series = [](const std::string &sql) {
    const size_t at = sql.find("pg_catalog.generate_series(");
    return at == std::string::npos ? std::string() : sql.substr(at, sql.find(") g", at) - at);
  };
  const std::string digest = series(digest_sql(check("appointments.provider.overlap"), "c", {}));
  const std::string restricted =
      series(shared_sql(check("appointments.provider.overlap"), std::vector<int64_t>{5}, "c"));
  EXPECT_FALSE(digest.empty());
  EXPECT_EQ(digest, restricted);
  EXPECT_NE(digest.find("(pg_catalog.floor(pg_catalog.date_part('epoch', CASE WHEN "
                        "pg_catalog.isfinite(appointment_date) THEN appointment_date - "
                        "'2000-01-01 00:00:00+00' END) / 900))::pg_catalog.int8"),
            std::string::npos)
      << digest;
  EXPECT_NE(digest.find("THEN pg_catalog.justify_hours(ends_at - '2000-01-01 00:00:00+00' - "
                        "'00:00:00.000001'::pg_catalog.interval) END) / 900))::pg_catalog.int8"),
            std::string::npos)
      << digest;
}

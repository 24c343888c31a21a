#include "core/validate/rules.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <stdexcept>

using namespace clinic::validation;

namespace {

const Rule &rule(const std::string &check_id) {
  for (const Rule &r : default_rules())
    if (r.check_id == check_id) return r;
  throw std::out_of_range(check_id);
}

std::vector<std::string> ids(const std::vector<Rule> &rules) {
  std::vector<std::string> out;
  for (const Rule &r : rules) out.push_back(r.check_id);
  return out;
}

}  // namespace

TEST(RulesCatalogue, IdsAreUniqueAndNameTheirTableAndColumn) {
  std::set<std::string> seen;
  for (const Rule &r : default_rules()) {
    EXPECT_TRUE(seen.insert(r.check_id).second) << r.check_id;
    // A rule over a group of columns (any_blank) names the group instead of its column.
    const std::string named = r.kind == Kind::any_blank ? "audit_columns" : r.column;
    EXPECT_EQ(r.check_id.rfind(r.table + "." + named + ".", 0), 0u) << r.check_id;
    EXPECT_GE(r.threshold_pct, 0) << r.check_id;
    EXPECT_LE(r.threshold_pct, 100) << r.check_id;
  }
}

TEST(RulesCatalogue, CheckTypesAreDqdNamesOrDocumentedExtensions) {
  const std::set<std::string> known = {"isRequired",
                                       "measureValueCompleteness",
                                       "fkDomain",
                                       "plausibleValueLow",
                                       "plausibleValueHigh",
                                       "plausibleUnitConversion",
                                       "plausibleAfterBirth",
                                       "plausibleBeforeDeath",
                                       "plausibleStartBeforeEnd",
                                       "plausibleTemporalAfter",
                                       "plausibleGender",
                                       "plausibleBmiConsistency",
                                       "plausibleStatusTransition",
                                       "isSoftDeleteConsistent"};
  for (const Rule &r : default_rules()) EXPECT_TRUE(known.count(r.check_type)) << r.check_id;
  EXPECT_EQ(rule("patients.sex.required").category, Category::conformance);
  EXPECT_EQ(rule("vital_signs.spo2_pct.completeness").category, Category::completeness);
  EXPECT_EQ(rule("vital_signs.spo2_pct.fraction").category, Category::plausibility);
}

TEST(RulesCatalogue, ReportOrderIsTableByTable) {
  std::vector<std::string> tables;
  for (const Rule &r : default_rules())
    if (tables.empty() || tables.back() != r.table) tables.push_back(r.table);
  EXPECT_EQ(tables,
            (std::vector<std::string>{"providers", "patients", "allergies", "chronic_conditions",
                                      "appointments", "medical_records", "symptoms",
                                      "prescriptions", "vital_signs", "consent_records"}));
}

TEST(RulesCatalogue, EveryVitalHasHardLimitsAndCompleteness) {
  for (const char *v :
       {"systolic_mmhg", "diastolic_mmhg", "heart_rate_per_min", "respiratory_rate_per_min",
        "temperature_c", "spo2_pct", "weight_kg", "height_cm", "bmi"}) {
    const std::string id = std::string("vital_signs.") + v;
    EXPECT_EQ(rule(id + ".hard_low").threshold_pct, 0) << v;
    EXPECT_EQ(rule(id + ".hard_high").check_type, "plausibleValueHigh") << v;
    if (std::string(v) != "bmi") {  // derived from weight and height
      EXPECT_NO_THROW(rule(id + ".completeness")) << v;
    }
  }
}

TEST(RulesCatalogue, EveryTableHasItsAuditColumnRules) {
  for (const char *t :
       {"providers", "patients", "allergies", "chronic_conditions", "appointments",
        "medical_records", "symptoms", "prescriptions", "vital_signs", "consent_records"}) {
    const Rule &r = rule(std::string(t) + ".updated_at.after_created");
    EXPECT_EQ(r.kind, Kind::order);
    EXPECT_EQ(r.op, Op::lt);
    EXPECT_EQ(r.with, std::vector<std::string>{"created_at"});
    EXPECT_EQ(rule(std::string(t) + ".updated_at.not_future").kind, Kind::in_future);
  }
}

// Each limit of clinical-domain.md at exactly its value: `violating` at the first, not the second.
TEST(RulesCatalogue, VitalLimitsAtTheBoundaries) {
  struct Case {
    const char *id;
    double violates, passes;
  };
  const Case cases[] = {
      {"systolic_mmhg.hard_low", 39.9, 40},
      {"systolic_mmhg.hard_high", 300.1, 300},
      {"systolic_mmhg.warn_low", 90, 90.1},
      {"systolic_mmhg.warn_high", 180, 179.9},
      {"diastolic_mmhg.hard_low", 19.9, 20},
      {"diastolic_mmhg.hard_high", 200.1, 200},
      {"diastolic_mmhg.warn_high", 120, 119.9},
      {"heart_rate_per_min.hard_low", 19.9, 20},
      {"heart_rate_per_min.hard_high", 300.1, 300},
      {"heart_rate_per_min.warn_low", 40, 40.1},
      {"heart_rate_per_min.warn_high", 131, 130.9},
      {"respiratory_rate_per_min.hard_low", 0, 0.1},
      {"respiratory_rate_per_min.hard_high", 70, 69.9},
      {"respiratory_rate_per_min.warn_low", 8, 8.1},
      {"respiratory_rate_per_min.warn_high", 25, 24.9},
      {"temperature_c.hard_low", 24.9, 25},
      {"temperature_c.hard_high", 45.1, 45},
      {"temperature_c.warn_low", 35.0, 35.1},
      {"temperature_c.warn_high", 39.1, 39.0},
      {"temperature_c.fahrenheit", 86, 85.9},
      {"temperature_c.fahrenheit", 113, 113.1},
      {"spo2_pct.hard_low", 0, 0.1},
      {"spo2_pct.hard_high", 100.1, 100},
      {"spo2_pct.warn_low", 91, 91.1},
      {"spo2_pct.fraction", 1, 1.1},
      {"spo2_pct.fraction", 0.97, 0},
      {"weight_kg.hard_low", 1.9, 2},
      {"weight_kg.hard_high", 500.1, 500},
      {"weight_kg.warn_low", 22.6, 22.7},
      {"weight_kg.warn_high", 340.3, 340.2},
      {"height_cm.hard_low", 19.9, 20},
      {"height_cm.hard_high", 250.1, 250},
      {"height_cm.warn_low", 119.9, 120},
      {"height_cm.warn_high", 230.1, 230},
      {"bmi.hard_low", 10, 10.1},
      {"bmi.hard_high", 100, 99.9},
      {"bmi.warn_low", 15.9, 16},
      {"bmi.warn_high", 40, 39.9},
  };
  for (const Case &c : cases) {
    const Range &r = rule(std::string("vital_signs.") + c.id).violating;
    EXPECT_TRUE(r.contains(c.violates)) << c.id << " " << c.violates << " in " << to_string(r);
    EXPECT_FALSE(r.contains(c.passes)) << c.id << " " << c.passes << " in " << to_string(r);
  }
}

// A value counts once: beyond a hard limit, or in a unit-error range, it is not "abnormal".
TEST(RulesCatalogue, WarnRangesStopAtTheHardLimitsAndApplyToAdults) {
  EXPECT_FALSE(rule("vital_signs.systolic_mmhg.warn_low").violating.contains(39));
  EXPECT_TRUE(rule("vital_signs.systolic_mmhg.warn_low").violating.contains(40));
  EXPECT_FALSE(rule("vital_signs.temperature_c.warn_high").violating.contains(98.6));
  EXPECT_FALSE(rule("vital_signs.spo2_pct.warn_low").violating.contains(0.97));
  for (const Rule &r : default_rules()) {
    const bool warn = r.check_id.find(".warn_") != std::string::npos;
    EXPECT_EQ(r.adults_only, warn) << r.check_id;
    if (warn) {
      EXPECT_GT(r.threshold_pct, 0) << r.check_id;
      EXPECT_TRUE(std::isfinite(r.violating.low) && std::isfinite(r.violating.high)) << r.check_id;
    }
  }
}

TEST(RulesCatalogue, OtherRangesAndCodes) {
  EXPECT_TRUE(rule("prescriptions.quantity.hard_low").violating.contains(0));
  EXPECT_FALSE(rule("prescriptions.quantity.hard_low").violating.contains(0.5));
  EXPECT_TRUE(rule("prescriptions.refills.hard_high").violating.contains(25));
  EXPECT_FALSE(rule("prescriptions.refills.hard_high").violating.contains(24));
  EXPECT_TRUE(rule("prescriptions.days_supply.hard_low").violating.contains(0));
  EXPECT_FALSE(rule("prescriptions.days_supply.hard_high").violating.contains(365));
  EXPECT_TRUE(rule("symptoms.severity.hard_high").violating.contains(11));
  EXPECT_TRUE(rule("vital_signs.bmi.matches_weight_height").violating.contains(0.51));
  EXPECT_FALSE(rule("vital_signs.bmi.matches_weight_height").violating.contains(0.5));
  // 1880-01-01 is 43,829 days before 2000-01-01.
  EXPECT_TRUE(rule("patients.date_of_birth.after_1880").violating.contains(-43830));
  EXPECT_FALSE(rule("patients.date_of_birth.after_1880").violating.contains(-43829));
  EXPECT_FALSE(rule("providers.npi.check_digit").code_is_valid("1234567890"));
  EXPECT_TRUE(rule("providers.npi.check_digit").code_is_valid("1234567893"));
  EXPECT_EQ(rule("allergies.allergen_code.rxnorm_format").when_value, "rxnorm");
  EXPECT_EQ(rule("allergies.allergen_code.snomed_ct_check_digit").with,
            std::vector<std::string>{"allergen_code_system"});
}

TEST(RulesRange, IntervalNotation) {
  EXPECT_EQ(to_string(rule("vital_signs.systolic_mmhg.warn_low").violating), "[40, 90]");
  EXPECT_EQ(to_string(rule("vital_signs.systolic_mmhg.hard_low").violating), "(-inf, 40)");
  EXPECT_EQ(to_string(rule("vital_signs.spo2_pct.fraction").violating), "(0, 1]");
}

TEST(RulesSelect, ByIdPrefixTypeAndCategory) {
  EXPECT_EQ(ids(select_rules({"vital_signs.bmi.hard_low"})),
            std::vector<std::string>{"vital_signs.bmi.hard_low"});
  for (const Rule &r : select_rules({"vital_signs.bmi"})) EXPECT_EQ(r.column, "bmi");
  EXPECT_EQ(select_rules({"vital_signs.bmi"}).size(), 5u);
  EXPECT_TRUE(select_rules({"vital_sign"}).empty());    // a prefix ends at a dot
  EXPECT_TRUE(select_rules({"isPrimaryKey"}).empty());  // the executor's, not a row rule
  for (const Rule &r : select_rules({"plausibleGender"})) EXPECT_EQ(r.kind, Kind::sex_mismatch);
  for (const Rule &r : select_rules({"completeness"}))  // per column, or a group required whole
    EXPECT_EQ(r.check_type, r.kind == Kind::any_blank ? "isRequired" : "measureValueCompleteness");
  EXPECT_EQ(select_rules({}).size(), default_rules().size());
  EXPECT_EQ(select_rules({"patients", "patients.sex"}).size(), select_rules({"patients"}).size());
}

TEST(RulesOverrides, ChangeThresholdAndLimits) {
  std::vector<Rule> rules = select_rules({"vital_signs.systolic_mmhg"});
  apply_overrides(rules, {{"vital_signs.systolic_mmhg.warn_low", 2.5, 45, 95},
                          {"vital_signs.systolic_mmhg.hard_low", std::nullopt, std::nullopt, 50},
                          {"patients.sex.required", 1, std::nullopt, std::nullopt}});  // absent
  for (const Rule &r : rules) {
    if (r.check_id == "vital_signs.systolic_mmhg.warn_low") {
      EXPECT_EQ(r.threshold_pct, 2.5);
      EXPECT_EQ(to_string(r.violating), "[45, 95]");
    } else if (r.check_id == "vital_signs.systolic_mmhg.hard_low") {
      EXPECT_EQ(to_string(r.violating), "(-inf, 50)");
    }
  }
  EXPECT_EQ(rule("vital_signs.systolic_mmhg.hard_low").violating.high, 40);  // catalogue intact
}

TEST(RulesOverrides, UnknownIdIsRejectedByName) {
  std::vector<Rule> rules = default_rules();
  try {
    apply_overrides(rules, {{"vital_signs.pulse.hard_low", 1, std::nullopt, std::nullopt}});
    FAIL() << "no exception";
  } catch (const std::invalid_argument &e) {
    EXPECT_NE(std::string(e.what()).find("\"vital_signs.pulse.hard_low\""), std::string::npos)
        << e.what();
  }
}

TEST(RulesOverrides, ImpossibleEditsAreRejected) {
  std::vector<Rule> rules = default_rules();
  const auto apply = [&](Override o) { apply_overrides(rules, {o}); };
  const std::string id = "vital_signs.systolic_mmhg.hard_low";
  EXPECT_THROW(apply({id, -1, std::nullopt, std::nullopt}), std::invalid_argument);
  EXPECT_THROW(apply({id, 100.5, std::nullopt, std::nullopt}), std::invalid_argument);
  EXPECT_THROW(apply({id, std::nan(""), std::nullopt, std::nullopt}), std::invalid_argument);
  EXPECT_THROW(apply({id, std::nullopt, 10, std::nullopt}), std::invalid_argument);  // -inf end
  EXPECT_THROW(apply({"vital_signs.systolic_mmhg.warn_low", std::nullopt, 100, std::nullopt}),
               std::invalid_argument);  // [100, 90] is empty
  EXPECT_THROW(apply({"patients.sex.required", std::nullopt, 1, std::nullopt}),
               std::invalid_argument);  // no range at all
  EXPECT_NO_THROW(apply({id, 100, std::nullopt, std::nullopt}));
}

TEST(RulesStatus, ThresholdIsTheLargestPercentForWarn) {
  EXPECT_EQ(status_of(0, 100, 0), Status::pass);
  EXPECT_EQ(status_of(0, 0, 0), Status::pass);
  EXPECT_EQ(status_of(1, 100, 0), Status::fail);  // threshold 0: any violation fails
  EXPECT_EQ(status_of(5, 100, 5), Status::warn);  // exactly at the threshold
  EXPECT_EQ(status_of(6, 100, 5), Status::fail);
  EXPECT_EQ(status_of(100, 100, 100), Status::warn);
  EXPECT_DOUBLE_EQ(percent_violated(1, 3), 100.0 / 3);
  EXPECT_EQ(percent_violated(0, 0), 0);
  EXPECT_EQ(name(Status::warn), "warn");
  EXPECT_EQ(name(Category::completeness), "completeness");
}

TEST(RulesSex, SexSpecificIcd10Codes) {
  for (const char *f : {"O80", "O00.0", "O9A.11", "Z33.1", "Z34.00", "Z3A.01", "Z37.0", "Z39.2",
                        "N70.01", "N98.9", "C53.9", "C56.1", "D25.9"})
    EXPECT_EQ(sex_specific(f), SexSpecific::female) << f;
  for (const char *m : {"N40.0", "N42.9", "C61", "N53.9", "C60.0", "C63.9", "D29.1", "D40.0"})
    EXPECT_EQ(sex_specific(m), SexSpecific::male) << m;
  for (const char *n :
       {"I10", "E11.9", "N39.0", "N99.0", "C50.911", "C64.1", "Z38.00", "Z35", "P00.0", "O", ""})
    EXPECT_EQ(sex_specific(n), SexSpecific::no) << n;
}

TEST(RulesSex, PlausibilityForEachSex) {
  EXPECT_FALSE(is_plausible_for_sex("O80", "male"));
  EXPECT_TRUE(is_plausible_for_sex("O80", "female"));
  EXPECT_TRUE(is_plausible_for_sex("O80", "other"));
  EXPECT_FALSE(is_plausible_for_sex("C61", "female"));
  EXPECT_FALSE(is_plausible_for_sex("N40.1", "female"));
  EXPECT_TRUE(is_plausible_for_sex("C61", "male"));
  EXPECT_TRUE(is_plausible_for_sex("I10", "male"));
  EXPECT_TRUE(is_plausible_for_sex("I10", "female"));
}

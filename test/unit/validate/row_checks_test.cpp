#include "core/validate/row_checks.hpp"

#include "core/util/calendar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

using namespace clinic::validation;
using clinic::calendar::days_from_civil;
using clinic::calendar::kMicrosPerDay;
using clinic::calendar::kPostgresEpochDay;

namespace {

const Value kNull{};
Value num(double v) {
  return v;
}
Value integer(int64_t v) {
  return v;
}
Value txt(std::string_view v) {
  return v;
}
Value date(int y, int m, int d) {
  return Date{static_cast<int32_t>(days_from_civil(y, m, d) - kPostgresEpochDay)};
}
Timestamp at(int y, int m, int d, int hour = 0) {
  return {(days_from_civil(y, m, d) - kPostgresEpochDay) * kMicrosPerDay +
          hour * 3600LL * 1000 * 1000};
}
Value ts(int y, int m, int d, int hour = 0) {
  return at(y, m, d, hour);
}

const Timestamp kNow = at(2026, 2, 22, 12);

// A validator running the selected catalogue rules of one table.
RowChecks validator(std::string_view table, std::vector<std::string> selectors,
                    std::vector<Override> overrides = {}, size_t sample_limit = 10) {
  return RowChecks(table, select_rules(selectors), overrides, {sample_limit, kNow});
}

// The one result of a validator running one rule, after the rows given.
Result run_one(const std::string &check_id, const std::vector<RowValues> &rows) {
  const std::string table = check_id.substr(0, check_id.find('.'));
  RowChecks v = validator(table, {check_id});
  int n = 0;
  for (const RowValues &row : rows) v.observe(row, "row" + std::to_string(++n));
  const std::vector<Result> results = v.results();
  EXPECT_EQ(results.size(), 1u);
  return results.at(0);
}

// Whether one row violates one rule: 1 violated, 0 evaluated and satisfied, -1 left out.
int verdict(const std::string &check_id, const RowValues &row) {
  const Tally t = run_one(check_id, {row}).tally;
  EXPECT_EQ(t.unreadable, 0) << check_id;
  return t.evaluated == 0 ? -1 : static_cast<int>(t.violated);
}

}  // namespace

TEST(RowChecks, ColumnsAreEachNeededOnceInFirstUseOrder) {
  RowChecks v = validator("vital_signs", {"vital_signs.systolic_mmhg.warn_low",
                                          "vital_signs.diastolic_mmhg.below_systolic",
                                          "vital_signs.measured_at.before_death"});
  EXPECT_EQ(v.columns(),
            (std::vector<std::string>{"systolic_mmhg", "measured_at", "patients.date_of_birth",
                                      "diastolic_mmhg", "patients.deceased_at"}));
  EXPECT_TRUE(validator("patients", {"vital_signs"}).columns().empty());  // nothing to scan
}

TEST(RowChecks, Missing) {
  EXPECT_EQ(verdict("patients.sex.required", {kNull}), 1);
  EXPECT_EQ(verdict("patients.sex.required", {txt("female")}), 0);
  EXPECT_EQ(verdict("vital_signs.spo2_pct.completeness", {kNull}), 1);
  EXPECT_EQ(verdict("vital_signs.spo2_pct.completeness", {num(97)}), 0);
}

TEST(RowChecks, ValueInRangeAndNullIsNoPlausibilityViolation) {
  EXPECT_EQ(verdict("vital_signs.heart_rate_per_min.hard_high", {integer(301)}), 1);
  EXPECT_EQ(verdict("vital_signs.heart_rate_per_min.hard_high", {integer(300)}), 0);
  EXPECT_EQ(verdict("vital_signs.heart_rate_per_min.hard_high", {kNull}), -1);
  EXPECT_EQ(verdict("vital_signs.temperature_c.fahrenheit", {num(98.6)}), 1);
  EXPECT_EQ(verdict("vital_signs.temperature_c.fahrenheit", {num(37.0)}), 0);
  EXPECT_EQ(verdict("vital_signs.spo2_pct.fraction", {num(0.97)}), 1);
  EXPECT_EQ(verdict("vital_signs.spo2_pct.fraction", {num(97)}), 0);
  EXPECT_EQ(verdict("patients.date_of_birth.after_1880", {date(1879, 12, 31)}), 1);
  EXPECT_EQ(verdict("patients.date_of_birth.after_1880", {date(1880, 1, 1)}), 0);
}

// Warn ranges apply to adults only: children need age-specific limits.
TEST(RowChecks, WarnRangesOnlyForAdults) {
  const std::string id = "vital_signs.heart_rate_per_min.warn_high";  // 131 to 300 /min
  const auto row = [](Value hr, Value measured, Value born) {
    return RowValues{hr, measured, born};
  };
  EXPECT_EQ(verdict(id, row(integer(140), ts(2026, 1, 1), date(1980, 5, 5))), 1);
  EXPECT_EQ(verdict(id, row(integer(120), ts(2026, 1, 1), date(1980, 5, 5))), 0);
  EXPECT_EQ(verdict(id, row(integer(140), ts(2026, 1, 1), date(2015, 5, 5))), -1);  // a child
  EXPECT_EQ(verdict(id, row(integer(140), ts(2026, 1, 1), kNull)), -1);             // age unknown
  EXPECT_EQ(verdict(id, row(integer(140), ts(2026, 5, 5), date(2008, 5, 5))), 1);   // 18 today
  EXPECT_EQ(verdict(id, row(integer(140), ts(2026, 5, 4, 23), date(2008, 5, 5))), -1);
  EXPECT_EQ(verdict(id, row(integer(140), ts(2026, 3, 1), date(2008, 2, 29))), 1);  // leapling
  EXPECT_EQ(verdict(id, row(integer(140), ts(2026, 2, 28), date(2008, 2, 29))), -1);
  // The hard limits apply to children too.
  EXPECT_EQ(verdict("vital_signs.heart_rate_per_min.hard_high", {integer(400)}), 1);
}

TEST(RowChecks, OrderOfTwoColumns) {
  const std::string ends = "appointments.ends_at.after_start";  // ends_at must follow the start
  EXPECT_EQ(verdict(ends, {ts(2026, 1, 1, 9), ts(2026, 1, 1, 9)}), 1);
  EXPECT_EQ(verdict(ends, {ts(2026, 1, 1, 10), ts(2026, 1, 1, 9)}), 0);
  EXPECT_EQ(verdict(ends, {kNull, ts(2026, 1, 1, 9)}), -1);
  const std::string updated = "patients.updated_at.after_created";  // equal is fine
  EXPECT_EQ(verdict(updated, {ts(2026, 1, 1), ts(2026, 1, 1)}), 0);
  EXPECT_EQ(verdict(updated, {ts(2025, 12, 31, 23), ts(2026, 1, 1)}), 1);
  const std::string abated = "chronic_conditions.abatement_date.after_onset";
  EXPECT_EQ(verdict(abated, {date(2020, 1, 1), date(2020, 1, 2)}), 1);
  EXPECT_EQ(verdict(abated, {date(2020, 1, 2), date(2020, 1, 2)}), 0);
  // A timestamp against a date: the date is its midnight (UTC).
  const std::string born = "vital_signs.measured_at.after_birth";
  EXPECT_EQ(verdict(born, {ts(2020, 1, 1, 1), date(2020, 1, 1)}), 0);
  EXPECT_EQ(verdict(born, {ts(2019, 12, 31, 23), date(2020, 1, 1)}), 1);
  const std::string died = "vital_signs.measured_at.before_death";
  EXPECT_EQ(verdict(died, {ts(2026, 1, 2), ts(2026, 1, 1)}), 1);
  EXPECT_EQ(verdict(died, {ts(2026, 1, 1), ts(2026, 1, 1)}), 0);
  EXPECT_EQ(verdict(died, {ts(2026, 1, 1), kNull}), -1);  // alive
  const std::string diastolic = "vital_signs.diastolic_mmhg.below_systolic";
  EXPECT_EQ(verdict(diastolic, {integer(120), integer(120)}), 1);
  EXPECT_EQ(verdict(diastolic, {integer(80), num(120.0)}), 0);
}

TEST(RowChecks, InFuture) {
  const std::string id = "vital_signs.measured_at.not_future";
  EXPECT_EQ(verdict(id, {Value{Timestamp{kNow.micros + 1}}}), 1);
  EXPECT_EQ(verdict(id, {Value{kNow}}), 0);
  EXPECT_EQ(verdict("patients.date_of_birth.not_future", {date(2026, 2, 22)}), 0);  // today
  EXPECT_EQ(verdict("patients.date_of_birth.not_future", {date(2026, 2, 23)}), 1);
}

TEST(RowChecks, CodeFormatsAndCheckDigits) {
  EXPECT_EQ(verdict("providers.npi.check_digit", {txt("1234567893")}), 0);
  EXPECT_EQ(verdict("providers.npi.check_digit", {txt("1234567890")}), 1);
  EXPECT_EQ(verdict("providers.npi.check_digit", {kNull}), -1);  // completeness counts it
  EXPECT_EQ(verdict("chronic_conditions.icd10_code.format", {txt("E11.9")}), 0);
  EXPECT_EQ(verdict("medical_records.diagnosis_code.format", {txt("e11.9")}), 1);
  EXPECT_EQ(verdict("prescriptions.rxnorm_code.format", {txt("0314076")}), 1);
  EXPECT_EQ(verdict("symptoms.snomed_code.check_digit", {txt("25064002")}), 0);
  EXPECT_EQ(verdict("symptoms.snomed_code.check_digit", {txt("25064003")}), 1);
}

TEST(RowChecks, CodeCheckOnlyForItsCodeSystem) {
  const std::string rxnorm = "allergies.allergen_code.rxnorm_format";
  const std::string snomed = "allergies.allergen_code.snomed_ct_check_digit";
  EXPECT_EQ(verdict(rxnorm, {txt("7980"), txt("rxnorm")}), 0);
  EXPECT_EQ(verdict(rxnorm, {txt("7980x"), txt("rxnorm")}), 1);
  EXPECT_EQ(verdict(rxnorm, {txt("256349002x"), txt("snomed_ct")}), -1);
  EXPECT_EQ(verdict(snomed, {txt("256349002"), txt("snomed_ct")}), 0);
  EXPECT_EQ(verdict(snomed, {txt("256349003"), txt("snomed_ct")}), 1);
  EXPECT_EQ(verdict(snomed, {txt("7980"), txt("rxnorm")}), -1);
  EXPECT_EQ(verdict(snomed, {txt("7980"), kNull}), -1);
}

TEST(RowChecks, SexSpecificDiagnoses) {
  const std::string id = "chronic_conditions.icd10_code.plausible_sex";
  RowChecks v = validator("chronic_conditions", {id});
  EXPECT_EQ(v.columns(), (std::vector<std::string>{"icd10_code", "patients.sex"}));
  EXPECT_EQ(verdict(id, {txt("O24.419"), txt("male")}), 1);
  EXPECT_EQ(verdict(id, {txt("O24.419"), txt("female")}), 0);
  EXPECT_EQ(verdict(id, {txt("C61"), txt("female")}), 1);
  EXPECT_EQ(verdict(id, {txt("C61"), txt("other")}), 0);
  EXPECT_EQ(verdict(id, {txt("C61"), kNull}), -1);
  EXPECT_EQ(verdict("medical_records.diagnosis_code.plausible_sex", {txt("N40.0"), txt("female")}),
            1);
}

TEST(RowChecks, BmiMatchesWeightAndHeight) {
  const std::string id = "vital_signs.bmi.matches_weight_height";
  // 100 kg at 100 cm is 100 kg/m2, exactly representable: the limit is > 0.5.
  EXPECT_EQ(verdict(id, {num(100.5), num(100), num(100)}), 0);
  EXPECT_EQ(verdict(id, {num(100.75), num(100), num(100)}), 1);
  EXPECT_EQ(verdict(id, {num(99.25), num(100), num(100)}), 1);
  EXPECT_EQ(verdict(id, {num(22.9), num(70), num(175)}), 0);  // 22.857
  EXPECT_EQ(verdict(id, {num(22.9), num(70), kNull}), -1);
  EXPECT_EQ(verdict(id, {num(22.9), num(70), num(0)}), -1);  // the hard limits report it
}

// Audit columns: created_at, updated_at, created_by, updated_by all present, the names not blank
// (SQL's btrim: spaces only). NULLs are what the rule counts, not a reason to leave a row out.
TEST(RowChecks, AnyBlankAuditColumn) {
  const std::string id = "patients.audit_columns.filled";
  EXPECT_EQ(validator("patients", {id}).columns(),
            (std::vector<std::string>{"created_at", "updated_at", "created_by", "updated_by"}));
  const Value t = ts(2026, 1, 1);
  EXPECT_EQ(verdict(id, {t, t, txt("desk"), txt("desk")}), 0);
  EXPECT_EQ(verdict(id, {kNull, t, txt("desk"), txt("desk")}), 1);
  EXPECT_EQ(verdict(id, {t, kNull, txt("desk"), txt("desk")}), 1);
  EXPECT_EQ(verdict(id, {t, t, kNull, txt("desk")}), 1);
  EXPECT_EQ(verdict(id, {t, t, txt("desk"), txt("")}), 1);
  EXPECT_EQ(verdict(id, {t, t, txt("   "), txt("desk")}), 1);
  EXPECT_EQ(verdict(id, {t, t, txt(" x "), txt("\tdesk")}), 0);
  EXPECT_EQ(verdict(id, {t, t, txt("\t"), txt("desk")}), 0);  // btrim trims spaces only
  EXPECT_EQ(verdict(id, {kNull, kNull, kNull, kNull}), 1);
}

// A live row of a soft-deleted patient; deleted rows and live patients are fine. Without a
// deleted_at of its own (consent records), every row of a deleted patient counts.
TEST(RowChecks, LiveChildOfDeletedPatient) {
  const std::string id = "allergies.patient_id.live_parent";
  EXPECT_EQ(validator("allergies", {id}).columns(),
            (std::vector<std::string>{"patients.deleted_at", "deleted_at"}));
  const Value gone = ts(2026, 1, 1);
  EXPECT_EQ(verdict(id, {gone, kNull}), 1);
  EXPECT_EQ(verdict(id, {gone, gone}), 0);
  EXPECT_EQ(verdict(id, {kNull, kNull}),
            0);  // a live patient, or none found (orphans: isForeignKey)
  EXPECT_EQ(verdict(id, {kNull, gone}), 0);
  EXPECT_EQ(verdict("consent_records.patient_id.live_parent", {gone}), 1);
  EXPECT_EQ(verdict("consent_records.patient_id.live_parent", {kNull}), 0);
}

TEST(RowChecks, NoShowBeforeTheStartTime) {
  const std::string id = "appointments.status.no_show_before_start";
  EXPECT_EQ(verdict(id, {txt("no_show"), Value{Timestamp{kNow.micros + 1}}}), 1);
  EXPECT_EQ(verdict(id, {txt("no_show"), Value{kNow}}), 0);
  EXPECT_EQ(verdict(id, {txt("scheduled"), Value{Timestamp{kNow.micros + 1}}}), 0);
  const Result r = run_one(id, {{txt("noshow"), ts(2026, 1, 1)}});
  EXPECT_EQ(r.tally.unreadable, 1);
  EXPECT_EQ(r.status, Status::error);
}

TEST(RowChecks, UnreadableTypesMakeAnError) {
  const Result r = run_one("vital_signs.weight_kg.hard_high",
                           {{txt("81 kg")}, {num(600)}, {num(80)}, {Value{true}}});
  EXPECT_EQ(r.tally.unreadable, 2);
  EXPECT_EQ(r.tally.violated, 1);
  EXPECT_EQ(r.tally.evaluated, 2);
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(
      run_one("patients.updated_at.after_created", {{ts(2026, 1, 1), integer(5)}}).tally.unreadable,
      1);
}

// PostgreSQL's special values: numeric NaN cannot be judged; infinite dates and timestamps
// compare as they do in SQL.
TEST(RowChecks, NanAndInfinity) {
  EXPECT_EQ(run_one("vital_signs.spo2_pct.hard_high", {{num(std::nan(""))}}).tally.unreadable, 1);
  const Value infinite_date = Date{std::numeric_limits<int32_t>::max()};
  const Value minus_infinity = Timestamp{std::numeric_limits<int64_t>::min()};
  EXPECT_EQ(verdict("patients.date_of_birth.not_future", {infinite_date}), 1);
  EXPECT_EQ(verdict("patients.date_of_birth.not_future", {Date{-2000000000}}), 0);
  EXPECT_EQ(verdict("vital_signs.measured_at.after_birth", {minus_infinity, infinite_date}), 1);
  EXPECT_EQ(verdict("vital_signs.measured_at.after_birth", {ts(2026, 1, 1), Date{-2000000000}}), 0);
}

TEST(RowChecks, ThresholdDecidesWarnOrFail) {
  const std::string id = "vital_signs.systolic_mmhg.warn_high";  // threshold 10%
  std::vector<RowValues> rows;
  for (int i = 0; i < 100; ++i)
    rows.push_back({integer(i < 10 ? 190 : 120), ts(2026, 1, 1), date(1970, 1, 1)});
  Result r = run_one(id, rows);
  EXPECT_EQ(r.tally.violated, 10);
  EXPECT_EQ(r.tally.evaluated, 100);
  EXPECT_DOUBLE_EQ(r.pct_violated, 10);
  EXPECT_EQ(r.rule.threshold_pct, 10);
  EXPECT_EQ(r.status, Status::warn);
  rows.push_back({integer(200), ts(2026, 1, 1), date(1970, 1, 1)});
  EXPECT_EQ(run_one(id, rows).status, Status::fail);  // 11 of 101

  RowChecks strict = validator("vital_signs", {id}, {{id, 5, std::nullopt, std::nullopt}});
  for (const RowValues &row : rows) strict.observe(row, "k");
  EXPECT_EQ(strict.results()[0].rule.threshold_pct, 5);
  EXPECT_EQ(strict.results()[0].status, Status::fail);
  EXPECT_EQ(run_one(id, {}).status, Status::pass);  // nothing evaluated
}

TEST(RowChecks, OverriddenLimitsApply) {
  const std::string id = "vital_signs.systolic_mmhg.hard_low";
  RowChecks v = validator("vital_signs", {id}, {{id, std::nullopt, std::nullopt, 50}});
  v.observe({integer(45)}, "a");
  v.observe({integer(50)}, "b");
  const Result r = v.results()[0];
  EXPECT_EQ(r.tally.violated, 1);
  EXPECT_EQ(r.tally.sample, std::vector<std::string>{"a"});
}

TEST(RowChecks, UnknownOverrideIdIsRejectedByName) {
  try {
    validator("vital_signs", {}, {{"vital_signs.pulse.hard_low", 1, std::nullopt, std::nullopt}});
    FAIL() << "no exception";
  } catch (const std::invalid_argument &e) {
    EXPECT_NE(std::string(e.what()).find("vital_signs.pulse.hard_low"), std::string::npos);
  }
}

TEST(RowChecks, SampleKeepsTheFirstKeysAndMakesKeysOnlyWhenNeeded) {
  // Two rules that both fail on the same rows: the key is made once per row, and only while a
  // sample has room.
  RowChecks v = validator(
      "vital_signs",
      {"vital_signs.temperature_c.hard_high", "vital_signs.temperature_c.fahrenheit"}, {}, 3);
  int made = 0;
  for (int i = 0; i < 25; ++i) {
    const Value t = num(i % 2 ? 98.6 : 37.0);  // every other row is in Fahrenheit
    v.observe({t}, [&] {
      ++made;
      return "row" + std::to_string(i);
    });
  }
  EXPECT_EQ(made, 3);
  for (const Result &r : v.results()) {
    EXPECT_EQ(r.tally.violated, 12);
    EXPECT_EQ(r.tally.evaluated, 25);
    EXPECT_EQ(r.tally.sample, (std::vector<std::string>{"row1", "row3", "row5"}));
  }
  RowChecks none = validator("vital_signs", {"vital_signs.temperature_c.hard_high"}, {}, 0);
  none.observe({num(98.6)}, [&]() -> std::string { throw std::logic_error("key made"); });
  EXPECT_TRUE(none.results()[0].tally.sample.empty());
}

TEST(RowChecks, RowOfTheWrongWidthIsRejected) {
  RowChecks v = validator("vital_signs", {"vital_signs.bmi.matches_weight_height"});
  EXPECT_THROW(v.observe({num(22)}, "k"), std::invalid_argument);
}

TEST(RowChecks, RuleWithoutItsColumnsIsRejected) {
  Rule r = select_rules({"vital_signs.bmi.matches_weight_height"}).at(0);
  r.with.pop_back();
  EXPECT_THROW(RowChecks("vital_signs", {r}, {}, {}), std::invalid_argument);
}

// The whole catalogue on a plausible chart: every rule of every table passes.
TEST(RowChecks, WholeCatalogueOnCleanRows) {
  const auto value_of = [](const std::string &column) -> Value {
    if (column == "systolic_mmhg") return integer(122);
    if (column == "diastolic_mmhg") return integer(78);
    if (column == "heart_rate_per_min") return integer(72);
    if (column == "respiratory_rate_per_min") return integer(16);
    if (column == "temperature_c") return num(36.8);
    if (column == "spo2_pct") return num(98);
    if (column == "weight_kg") return num(70);
    if (column == "height_cm") return num(175);
    if (column == "bmi") return num(22.9);
    if (column == "npi") return txt("1234567893");
    if (column == "icd10_code" || column == "diagnosis_code") return txt("I10");
    if (column == "rxnorm_code") return txt("314076");
    if (column == "snomed_code") return txt("25064002");
    if (column == "allergen_code") return txt("7980");
    if (column == "allergen_code_system") return txt("rxnorm");
    if (column == "status") return txt("completed");
    if (column == "sex" || column == "patients.sex") return txt("female");
    if (column == "date_of_birth" || column == "patients.date_of_birth") return date(1970, 1, 1);
    if (column == "deceased_at" || column == "patients.deceased_at") return kNull;
    if (column == "revoked_at" || column == "deleted_at" || column == "patients.deleted_at")
      return kNull;
    if (column == "quantity" || column == "refills" || column == "days_supply" ||
        column == "severity" || column == "duration_days")
      return integer(3);
    if (column == "start_date" || column == "onset_date" || column == "noted_on")
      return date(2025, 1, 1);
    if (column == "end_date" || column == "abatement_date") return date(2025, 2, 1);
    if (column == "created_at" || column == "granted_at" || column == "appointment_date")
      return ts(2025, 6, 1, 9);
    if (column == "ends_at" || column == "expires_at") return ts(2026, 6, 1, 9);
    if (column.find("_at") != std::string::npos) return ts(2025, 6, 1, 10);
    return txt("some text");
  };
  std::set<std::string> tables;
  for (const Rule &r : default_rules()) tables.insert(r.table);
  size_t results = 0;
  for (const std::string &t : tables) {
    RowChecks v(t, default_rules(), {}, {10, kNow});
    RowValues row;
    for (const std::string &c : v.columns()) row.push_back(value_of(c));
    v.observe(row, "clean");
    for (const Result &r : v.results()) {
      ++results;
      EXPECT_EQ(r.status, Status::pass) << r.rule.check_id;
    }
  }
  EXPECT_EQ(results, default_rules().size());
}

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

// Each catalogue rule's firing row and passing row, values in columns_read(rule) order.
struct RuleCase {
  const char *check_id;
  RowValues fires, passes;
};

// missing: only whether the value is NULL is read, so any non-NULL value passes.
const std::vector<RuleCase> &rule_cases() {
  static const std::vector<RuleCase> cases = {
      {"providers.email.required", {kNull}, {txt("x")}},
      {"providers.first_name.required", {kNull}, {txt("x")}},
      {"providers.last_name.required", {kNull}, {txt("x")}},
      {"providers.npi.check_digit", {txt("1234567890")}, {txt("1234567893")}},
      {"providers.npi.completeness", {kNull}, {txt("x")}},
      {"providers.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"providers.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"providers.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"patients.mrn.required", {kNull}, {txt("x")}},
      {"patients.first_name.required", {kNull}, {txt("x")}},
      {"patients.last_name.required", {kNull}, {txt("x")}},
      {"patients.date_of_birth.required", {kNull}, {txt("x")}},
      {"patients.sex.required", {kNull}, {txt("x")}},
      {"patients.date_of_birth.after_1880", {date(1879, 12, 31)}, {date(1880, 1, 1)}},
      {"patients.date_of_birth.not_future", {date(2026, 2, 23)}, {date(2026, 2, 22)}},
      {"patients.deceased_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"patients.deceased_at.after_birth",
       {ts(2019, 12, 31), date(2020, 1, 1)},
       {ts(2020, 1, 1), date(2020, 1, 1)}},
      {"patients.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"patients.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"patients.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"allergies.patient_id.required", {kNull}, {txt("x")}},
      {"allergies.allergen.required", {kNull}, {txt("x")}},
      {"allergies.severity.required", {kNull}, {txt("x")}},
      {"allergies.allergen_code.rxnorm_format",
       {txt("7980x"), txt("rxnorm")},
       {txt("7980"), txt("rxnorm")}},
      {"allergies.allergen_code.snomed_ct_check_digit",
       {txt("256349003"), txt("snomed_ct")},
       {txt("256349002"), txt("snomed_ct")}},
      {"allergies.noted_on.after_birth",
       {date(2019, 12, 31), date(2020, 1, 1)},
       {date(2020, 1, 1), date(2020, 1, 1)}},
      {"allergies.noted_on.not_future", {date(2026, 2, 23)}, {date(2026, 2, 22)}},
      {"allergies.patient_id.live_parent", {ts(2026, 1, 1), kNull}, {kNull, kNull}},
      {"allergies.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"allergies.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"allergies.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"chronic_conditions.patient_id.required", {kNull}, {txt("x")}},
      {"chronic_conditions.condition_name.required", {kNull}, {txt("x")}},
      {"chronic_conditions.icd10_code.format", {txt("e11.9")}, {txt("E11.9")}},
      {"chronic_conditions.icd10_code.completeness", {kNull}, {txt("x")}},
      {"chronic_conditions.icd10_code.plausible_sex",
       {txt("O80"), txt("male")},
       {txt("O80"), txt("female")}},
      {"chronic_conditions.onset_date.after_birth",
       {date(2019, 12, 31), date(2020, 1, 1)},
       {date(2020, 1, 1), date(2020, 1, 1)}},
      {"chronic_conditions.onset_date.not_future", {date(2026, 2, 23)}, {date(2026, 2, 22)}},
      {"chronic_conditions.abatement_date.after_onset",
       {date(2019, 12, 31), date(2020, 1, 1)},
       {date(2020, 1, 1), date(2020, 1, 1)}},
      {"chronic_conditions.patient_id.live_parent", {ts(2026, 1, 1), kNull}, {kNull, kNull}},
      {"chronic_conditions.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"chronic_conditions.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"chronic_conditions.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"appointments.patient_id.required", {kNull}, {txt("x")}},
      {"appointments.provider_id.required", {kNull}, {txt("x")}},
      {"appointments.appointment_date.required", {kNull}, {txt("x")}},
      {"appointments.ends_at.required", {kNull}, {txt("x")}},
      {"appointments.appointment_type.required", {kNull}, {txt("x")}},
      {"appointments.status.required", {kNull}, {txt("x")}},
      {"appointments.ends_at.after_start",
       {ts(2020, 1, 1), ts(2020, 1, 1)},
       {ts(2020, 1, 2), ts(2020, 1, 1)}},
      {"appointments.appointment_date.after_birth",
       {ts(2019, 12, 31), date(2020, 1, 1)},
       {ts(2020, 1, 1), date(2020, 1, 1)}},
      {"appointments.appointment_date.before_death",
       {ts(2020, 1, 2), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"appointments.status.no_show_before_start",
       {txt("no_show"), ts(2026, 3, 1)},
       {txt("no_show"), ts(2026, 2, 1)}},
      {"appointments.patient_id.live_parent", {ts(2026, 1, 1), kNull}, {kNull, kNull}},
      {"appointments.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"appointments.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"appointments.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"medical_records.patient_id.required", {kNull}, {txt("x")}},
      {"medical_records.appointment_id.required", {kNull}, {txt("x")}},
      {"medical_records.diagnosis_code.format", {txt("e11.9")}, {txt("E11.9")}},
      {"medical_records.diagnosis_code.completeness", {kNull}, {txt("x")}},
      {"medical_records.diagnosis_code.plausible_sex",
       {txt("N40.0"), txt("female")},
       {txt("N40.0"), txt("male")}},
      {"medical_records.recorded_at.after_birth",
       {ts(2019, 12, 31), date(2020, 1, 1)},
       {ts(2020, 1, 1), date(2020, 1, 1)}},
      {"medical_records.recorded_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"medical_records.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"medical_records.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"medical_records.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"symptoms.patient_id.required", {kNull}, {txt("x")}},
      {"symptoms.medical_record_id.required", {kNull}, {txt("x")}},
      {"symptoms.description.required", {kNull}, {txt("x")}},
      {"symptoms.snomed_code.check_digit", {txt("25064003")}, {txt("25064002")}},
      {"symptoms.severity.hard_low", {integer(0)}, {integer(1)}},
      {"symptoms.severity.hard_high", {integer(11)}, {integer(10)}},
      {"symptoms.duration_days.hard_low", {integer(-1)}, {integer(0)}},
      {"symptoms.duration_days.hard_high", {integer(36501)}, {integer(36500)}},
      {"symptoms.onset_date.after_birth",
       {date(2019, 12, 31), date(2020, 1, 1)},
       {date(2020, 1, 1), date(2020, 1, 1)}},
      {"symptoms.onset_date.not_future", {date(2026, 2, 23)}, {date(2026, 2, 22)}},
      {"symptoms.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"symptoms.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"symptoms.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"prescriptions.patient_id.required", {kNull}, {txt("x")}},
      {"prescriptions.medical_record_id.required", {kNull}, {txt("x")}},
      {"prescriptions.medication_name.required", {kNull}, {txt("x")}},
      {"prescriptions.dosage.required", {kNull}, {txt("x")}},
      {"prescriptions.frequency.required", {kNull}, {txt("x")}},
      {"prescriptions.rxnorm_code.format", {txt("0314076")}, {txt("314076")}},
      {"prescriptions.rxnorm_code.completeness", {kNull}, {txt("x")}},
      {"prescriptions.quantity.hard_low", {num(0)}, {num(0.5)}},
      {"prescriptions.refills.hard_low", {integer(-1)}, {integer(0)}},
      {"prescriptions.refills.hard_high", {integer(25)}, {integer(24)}},
      {"prescriptions.days_supply.hard_low", {integer(0)}, {integer(1)}},
      {"prescriptions.days_supply.hard_high", {integer(366)}, {integer(365)}},
      {"prescriptions.end_date.after_start",
       {date(2019, 12, 31), date(2020, 1, 1)},
       {date(2020, 1, 1), date(2020, 1, 1)}},
      {"prescriptions.prescribed_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"prescriptions.prescribed_at.after_birth",
       {ts(2019, 12, 31), date(2020, 1, 1)},
       {ts(2020, 1, 1), date(2020, 1, 1)}},
      {"prescriptions.prescribed_at.before_death",
       {ts(2020, 1, 2), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"prescriptions.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"prescriptions.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"prescriptions.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"vital_signs.patient_id.required", {kNull}, {txt("x")}},
      {"vital_signs.appointment_id.required", {kNull}, {txt("x")}},
      {"vital_signs.measured_at.required", {kNull}, {txt("x")}},
      {"vital_signs.systolic_mmhg.hard_low", {num(39.9)}, {num(40)}},
      {"vital_signs.systolic_mmhg.hard_high", {num(300.1)}, {num(300)}},
      {"vital_signs.systolic_mmhg.warn_low",
       {num(90), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(90.1), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.systolic_mmhg.warn_high",
       {num(180), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(179.9), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.diastolic_mmhg.hard_low", {num(19.9)}, {num(20)}},
      {"vital_signs.diastolic_mmhg.hard_high", {num(200.1)}, {num(200)}},
      {"vital_signs.diastolic_mmhg.warn_high",
       {num(120), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(119.9), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.diastolic_mmhg.below_systolic",
       {integer(120), integer(120)},
       {integer(80), integer(120)}},
      {"vital_signs.heart_rate_per_min.hard_low", {num(19.9)}, {num(20)}},
      {"vital_signs.heart_rate_per_min.hard_high", {num(300.1)}, {num(300)}},
      {"vital_signs.heart_rate_per_min.warn_low",
       {num(40), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(40.1), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.heart_rate_per_min.warn_high",
       {num(131), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(130.9), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.respiratory_rate_per_min.hard_low", {num(0)}, {num(0.1)}},
      {"vital_signs.respiratory_rate_per_min.hard_high", {num(70)}, {num(69.9)}},
      {"vital_signs.respiratory_rate_per_min.warn_low",
       {num(8), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(8.1), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.respiratory_rate_per_min.warn_high",
       {num(25), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(24.9), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.temperature_c.hard_low", {num(24.9)}, {num(25)}},
      {"vital_signs.temperature_c.hard_high", {num(45.1)}, {num(45)}},
      {"vital_signs.temperature_c.warn_low",
       {num(35.0), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(35.1), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.temperature_c.warn_high",
       {num(39.1), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(39.0), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.temperature_c.fahrenheit", {num(98.6)}, {num(37.0)}},
      {"vital_signs.spo2_pct.hard_low", {num(0)}, {num(0.1)}},
      {"vital_signs.spo2_pct.hard_high", {num(100.1)}, {num(100)}},
      {"vital_signs.spo2_pct.warn_low",
       {num(91), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(91.1), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.spo2_pct.fraction", {num(0.97)}, {num(97)}},
      {"vital_signs.weight_kg.hard_low", {num(1.9)}, {num(2)}},
      {"vital_signs.weight_kg.hard_high", {num(500.1)}, {num(500)}},
      {"vital_signs.weight_kg.warn_low",
       {num(22.6), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(22.7), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.weight_kg.warn_high",
       {num(340.3), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(340.2), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.height_cm.hard_low", {num(19.9)}, {num(20)}},
      {"vital_signs.height_cm.hard_high", {num(250.1)}, {num(250)}},
      {"vital_signs.height_cm.warn_low",
       {num(119.9), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(120), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.height_cm.warn_high",
       {num(230.1), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(230), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.bmi.hard_low", {num(10)}, {num(10.1)}},
      {"vital_signs.bmi.hard_high", {num(100)}, {num(99.9)}},
      {"vital_signs.bmi.warn_low",
       {num(15.9), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(16), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.bmi.warn_high",
       {num(40), ts(2026, 1, 1), date(1970, 1, 1)},
       {num(39.9), ts(2026, 1, 1), date(1970, 1, 1)}},
      {"vital_signs.bmi.matches_weight_height",
       {num(100.75), num(100), num(100)},
       {num(100.5), num(100), num(100)}},
      {"vital_signs.systolic_mmhg.completeness", {kNull}, {txt("x")}},
      {"vital_signs.diastolic_mmhg.completeness", {kNull}, {txt("x")}},
      {"vital_signs.heart_rate_per_min.completeness", {kNull}, {txt("x")}},
      {"vital_signs.respiratory_rate_per_min.completeness", {kNull}, {txt("x")}},
      {"vital_signs.temperature_c.completeness", {kNull}, {txt("x")}},
      {"vital_signs.spo2_pct.completeness", {kNull}, {txt("x")}},
      {"vital_signs.weight_kg.completeness", {kNull}, {txt("x")}},
      {"vital_signs.height_cm.completeness", {kNull}, {txt("x")}},
      {"vital_signs.measured_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"vital_signs.measured_at.after_birth",
       {ts(2019, 12, 31), date(2020, 1, 1)},
       {ts(2020, 1, 1), date(2020, 1, 1)}},
      {"vital_signs.measured_at.before_death",
       {ts(2020, 1, 2), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"vital_signs.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"vital_signs.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"vital_signs.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
      {"consent_records.patient_id.required", {kNull}, {txt("x")}},
      {"consent_records.kind.required", {kNull}, {txt("x")}},
      {"consent_records.status.required", {kNull}, {txt("x")}},
      {"consent_records.document_version.required", {kNull}, {txt("x")}},
      {"consent_records.recorded_by.required", {kNull}, {txt("x")}},
      {"consent_records.revoked_at.after_granted",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"consent_records.expires_at.after_granted",
       {ts(2020, 1, 1), ts(2020, 1, 1)},
       {ts(2020, 1, 2), ts(2020, 1, 1)}},
      {"consent_records.patient_id.live_parent", {ts(2026, 1, 1)}, {kNull}},
      {"consent_records.updated_at.after_created",
       {ts(2019, 12, 31), ts(2020, 1, 1)},
       {ts(2020, 1, 1), ts(2020, 1, 1)}},
      {"consent_records.updated_at.not_future", {ts(2026, 2, 23)}, {ts(2026, 2, 22)}},
      {"consent_records.audit_columns.filled",
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("   ")},
       {ts(2026, 1, 1), ts(2026, 1, 1), txt("desk"), txt("desk")}},
  };
  return cases;
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
  // Before 2000 too: the eve of an 18th birthday is still a child's day.
  EXPECT_EQ(verdict(id, row(integer(140), ts(1998, 5, 4, 23), date(1980, 5, 5))), -1);
  EXPECT_EQ(verdict(id, row(integer(140), ts(1998, 5, 5), date(1980, 5, 5))), 1);
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
  EXPECT_EQ(verdict(id, {txt("D06.9"), txt("male")}), 1);  // carcinoma in situ of cervix uteri
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

// Every catalogue rule has a row that violates it and one it judges and passes.
TEST(RowChecks, EveryRuleHasAFiringAndAPassingRow) {
  std::map<std::string, const RuleCase *> cases;
  for (const RuleCase &c : rule_cases())
    EXPECT_TRUE(cases.emplace(c.check_id, &c).second) << "two cases for " << c.check_id;
  for (const Rule &r : default_rules()) {
    const auto it = cases.find(r.check_id);
    if (it == cases.end()) {
      ADD_FAILURE() << r.check_id << ": no firing and passing row in rule_cases()";
      continue;
    }
    const RuleCase &c = *it->second;
    cases.erase(it);
    const Result fired = run_one(r.check_id, std::vector<RowValues>{c.fires});
    EXPECT_EQ(fired.tally.unreadable, 0) << r.check_id;
    EXPECT_EQ(fired.tally.violated, 1) << r.check_id;
    EXPECT_TRUE(fired.status == Status::warn || fired.status == Status::fail)
        << r.check_id << ": " << name(fired.status);
    const Result passed = run_one(r.check_id, std::vector<RowValues>{c.passes});
    EXPECT_EQ(passed.tally.unreadable, 0) << r.check_id;
    EXPECT_EQ(passed.tally.evaluated, 1)
        << r.check_id << ": the passing row was left out, not judged";
    EXPECT_EQ(passed.status, Status::pass) << r.check_id << ": " << name(passed.status);
  }
  for (const auto &[id, c] : cases) ADD_FAILURE() << id << ": a case for no catalogue rule";
}

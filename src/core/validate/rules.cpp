#include "core/validate/rules.hpp"

#include "core/util/calendar.hpp"
#include "core/schema/clinical_codes.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include "core/pure.hpp"

namespace clinic::validation {

std::string_view name(Category c) noexcept {
  switch (c) {
    case Category::conformance:
      return "conformance";
    case Category::completeness:
      return "completeness";
    case Category::plausibility:
      return "plausibility";
  }
  return "";
}

std::string_view name(Status s) noexcept {
  switch (s) {
    case Status::pass:
      return "pass";
    case Status::warn:
      return "warn";
    case Status::fail:
      return "fail";
    case Status::error:
      return "error";
  }
  return "";
}

std::string to_string(const Range &r) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%c%g, %g%c", r.includes_low ? '[' : '(', r.low, r.high,
                r.includes_high ? ']' : ')');
  return buf;
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Intervals as clinical limits are written: "< 40" is below(40), "<= 90" at_most(90).
constexpr Range below(double x) {
  return {-kInf, x, false, false};
}
constexpr Range at_most(double x) {
  return {-kInf, x, false, true};
}
constexpr Range above(double x) {
  return {x, kInf, false, false};
}
constexpr Range at_least(double x) {
  return {x, kInf, true, false};
}
constexpr Range interval(char open, double low, double high, char close) {
  return {low, high, open == '[', close == ']'};
}

// Thresholds, in percent of evaluated rows. Zero for values that cannot be right (any one is an
// error); the others are this project's defaults, for DBAs to tune (overrides).
constexpr double kNone = 0;             // impossible values, unit errors, bad codes, bad order
constexpr double kAbnormalVitals = 10;  // abnormal but real values in a clinic's population
constexpr double kMissingVitals = 50;   // not every visit measures every vital
constexpr double kMissingCodes = 10;    // uncoded conditions, diagnoses, drugs, providers

const char *const kTables[] = {"providers",    "patients",        "allergies", "chronic_conditions",
                               "appointments", "medical_records", "symptoms",  "prescriptions",
                               "vital_signs",  "consent_records"};

class Catalogue {
 public:
  Rule &add(const char *table, const char *column, const char *what, Kind kind,
            const char *check_type, Category category, double threshold_pct) {
    Rule r;
    r.check_id = std::string(table) + "." + column + "." + what;
    r.check_type = check_type;
    r.category = category;
    r.table = table;
    r.column = column;
    r.kind = kind;
    r.threshold_pct = threshold_pct;
    rules.push_back(std::move(r));
    return rules.back();
  }

  void required(const char *table, std::initializer_list<const char *> columns) {
    for (const char *c : columns)
      add(table, c, "required", Kind::missing, "isRequired", Category::conformance, kNone);
  }
  void completeness(const char *table, const char *column, double threshold_pct) {
    add(table, column, "completeness", Kind::missing, "measureValueCompleteness",
        Category::completeness, threshold_pct);
  }
  Rule &value(const char *table, const char *column, const char *what, const char *check_type,
              const Range &violating, double threshold_pct = kNone) {
    Rule &r = add(table, column, what, Kind::value_in_range, check_type, Category::plausibility,
                  threshold_pct);
    r.violating = violating;
    return r;
  }
  void hard_limits(const char *table, const char *column, const Range &low, const Range &high) {
    value(table, column, "hard_low", "plausibleValueLow", low);
    value(table, column, "hard_high", "plausibleValueHigh", high);
  }
  void order(const char *table, const char *column, Op op, std::string_view other, const char *what,
             const char *check_type) {
    Rule &r = add(table, column, what, Kind::order, check_type, Category::plausibility, kNone);
    r.op = op;
    r.with = {std::string(other)};
  }
  void after_birth(const char *table, const char *column) {
    order(table, column, Op::lt, kPatientBirthDate, "after_birth", "plausibleAfterBirth");
  }
  void before_death(const char *table, const char *column) {
    order(table, column, Op::gt, kPatientDeathTime, "before_death", "plausibleBeforeDeath");
  }
  // DQD's plausibleValueHigh for dates: not after the run's now.
  void not_future(const char *table, const char *column) {
    add(table, column, "not_future", Kind::in_future, "plausibleValueHigh", Category::plausibility,
        kNone);
  }
  // Only rows whose `system_column` holds `system`, when given.
  void code(const char *table, const char *column, const char *what, CodeCheck check,
            const char *system_column = nullptr, const char *system = nullptr) {
    Rule &r = add(table, column, what, Kind::bad_code, "fkDomain", Category::conformance, kNone);
    r.code_is_valid = check;
    if (system_column) {
      r.with = {system_column};
      r.when_value = system;
    }
  }
  void plausible_sex(const char *table, const char *column) {
    Rule &r = add(table, column, "plausible_sex", Kind::sex_mismatch, "plausibleGender",
                  Category::plausibility, kNone);
    r.with = {std::string(kPatientSex)};
  }

  // Hard limits are impossible values or unit errors, for everyone; the warn ranges hold
  // abnormal but real values, so they stop at the hard limits (a value counts once) and apply
  // to adults only (children need age-specific limits).
  void vital(const char *column, const Range &hard_low, const Range &hard_high,
             const std::optional<Range> &warn_low, const std::optional<Range> &warn_high) {
    hard_limits("vital_signs", column, hard_low, hard_high);
    if (warn_low)
      adults_only(value("vital_signs", column, "warn_low", "plausibleValueLow", *warn_low,
                        kAbnormalVitals));
    if (warn_high)
      adults_only(value("vital_signs", column, "warn_high", "plausibleValueHigh", *warn_high,
                        kAbnormalVitals));
  }
  static void adults_only(Rule &r) {
    r.adults_only = true;
    r.with = {"measured_at", std::string(kPatientBirthDate)};
  }

  std::vector<Rule> rules;
};

std::vector<Rule> build_catalogue() {
  Catalogue c;
  using codes::is_valid_icd10cm, codes::is_valid_npi, codes::is_valid_rxnorm,
      codes::is_valid_snomed_ct;

  // isRequired: the NOT NULL columns of src/sql/30_tables.sql but id and the audit columns (and
  // password_hash: the validator never reads secrets).
  c.required("providers", {"email", "first_name", "last_name"});
  c.code("providers", "npi", "check_digit", is_valid_npi);
  c.completeness("providers", "npi", kMissingCodes);

  c.required("patients", {"mrn", "first_name", "last_name", "date_of_birth", "sex"});
  // 30_tables.sql patients_date_of_birth_plausible; dates are days since 2000-01-01.
  c.value("patients", "date_of_birth", "after_1880", "plausibleValueLow",
          below(calendar::days_from_civil(1880, 1, 1) - calendar::kPostgresEpochDay));
  c.not_future("patients", "date_of_birth");
  c.not_future("patients", "deceased_at");
  c.order("patients", "deceased_at", Op::lt, "date_of_birth", "after_birth", "plausibleAfterBirth");

  // Allergen codes: RxNorm for drugs, SNOMED CT otherwise.
  c.required("allergies", {"patient_id", "allergen", "severity"});
  c.code("allergies", "allergen_code", "rxnorm_format", is_valid_rxnorm, "allergen_code_system",
         "rxnorm");
  c.code("allergies", "allergen_code", "snomed_ct_check_digit", is_valid_snomed_ct,
         "allergen_code_system", "snomed_ct");
  c.after_birth("allergies", "noted_on");
  c.not_future("allergies", "noted_on");

  c.required("chronic_conditions", {"patient_id", "condition_name"});
  c.code("chronic_conditions", "icd10_code", "format", is_valid_icd10cm);
  c.completeness("chronic_conditions", "icd10_code", kMissingCodes);
  c.plausible_sex("chronic_conditions", "icd10_code");
  c.after_birth("chronic_conditions", "onset_date");
  c.not_future("chronic_conditions", "onset_date");
  // Abatement >= onset.
  c.order("chronic_conditions", "abatement_date", Op::lt, "onset_date", "after_onset",
          "plausibleStartBeforeEnd");

  c.required("appointments", {"patient_id", "provider_id", "appointment_date", "ends_at",
                              "appointment_type", "status"});
  c.order("appointments", "ends_at", Op::le, "appointment_date", "after_start",
          "plausibleStartBeforeEnd");
  c.after_birth("appointments", "appointment_date");
  c.before_death("appointments", "appointment_date");
  // scheduled -> no_show only once the start time has passed.
  c.add("appointments", "status", "no_show_before_start", Kind::early_no_show,
        "plausibleStatusTransition", Category::plausibility, kNone)
      .with = {"appointment_date"};

  c.required("medical_records", {"patient_id", "appointment_id"});
  c.code("medical_records", "diagnosis_code", "format", is_valid_icd10cm);
  c.completeness("medical_records", "diagnosis_code", kMissingCodes);
  c.plausible_sex("medical_records", "diagnosis_code");
  c.after_birth("medical_records", "recorded_at");
  c.not_future("medical_records", "recorded_at");

  c.required("symptoms", {"patient_id", "medical_record_id", "description"});
  c.code("symptoms", "snomed_code", "check_digit", is_valid_snomed_ct);
  c.hard_limits("symptoms", "severity", below(1), above(10));  // 30_tables.sql
  c.hard_limits("symptoms", "duration_days", below(0), above(36500));
  c.after_birth("symptoms", "onset_date");
  c.not_future("symptoms", "onset_date");

  // Quantity > 0, refills 0-24, days supply 1-365.
  c.required("prescriptions",
             {"patient_id", "medical_record_id", "medication_name", "dosage", "frequency"});
  c.code("prescriptions", "rxnorm_code", "format", is_valid_rxnorm);
  c.completeness("prescriptions", "rxnorm_code", kMissingCodes);
  c.value("prescriptions", "quantity", "hard_low", "plausibleValueLow", at_most(0));
  c.hard_limits("prescriptions", "refills", below(0), above(24));
  c.hard_limits("prescriptions", "days_supply", below(1), above(365));
  c.order("prescriptions", "end_date", Op::lt, "start_date", "after_start",
          "plausibleStartBeforeEnd");
  c.not_future("prescriptions", "prescribed_at");
  c.after_birth("prescriptions", "prescribed_at");
  c.before_death("prescriptions", "prescribed_at");

  c.required("vital_signs", {"patient_id", "appointment_id", "measured_at"});
  c.vital("systolic_mmhg", below(40), above(300), interval('[', 40, 90, ']'),
          interval('[', 180, 300, ']'));
  c.vital("diastolic_mmhg", below(20), above(200), std::nullopt, interval('[', 120, 200, ']'));
  c.order("vital_signs", "diastolic_mmhg", Op::ge, "systolic_mmhg", "below_systolic",
          "plausibleValueHigh");
  c.vital("heart_rate_per_min", below(20), above(300), interval('[', 20, 40, ']'),
          interval('[', 131, 300, ']'));
  c.vital("respiratory_rate_per_min", at_most(0), at_least(70), interval('(', 0, 8, ']'),
          interval('[', 25, 70, ')'));
  c.vital("temperature_c", below(25), above(45), interval('[', 25, 35.0, ']'),
          interval('[', 39.1, 45, ']'));
  // 86-113 in a Celsius column is probably Fahrenheit.
  c.value("vital_signs", "temperature_c", "fahrenheit", "plausibleUnitConversion",
          interval('[', 86, 113, ']'));
  // The fraction range (0, 1] is a unit error, so the abnormal range starts above it.
  c.vital("spo2_pct", at_most(0), above(100), interval('(', 1, 91, ']'), std::nullopt);
  c.value("vital_signs", "spo2_pct", "fraction", "plausibleUnitConversion",
          interval('(', 0, 1, ']'));
  c.vital("weight_kg", below(2), above(500), interval('[', 2, 22.7, ')'),
          interval('(', 340.2, 500, ']'));
  c.vital("height_cm", below(20), above(250), interval('[', 20, 120, ')'),
          interval('(', 230, 250, ']'));
  c.vital("bmi", at_most(10), at_least(100), interval('(', 10, 16, ')'),
          interval('[', 40, 100, ')'));
  // BMI differs from weight / height^2 by more than 0.5.
  Rule &bmi = c.add("vital_signs", "bmi", "matches_weight_height", Kind::bmi_mismatch,
                    "plausibleBmiConsistency", Category::plausibility, kNone);
  bmi.violating = above(0.5);
  bmi.with = {"weight_kg", "height_cm"};
  for (const char *v :
       {"systolic_mmhg", "diastolic_mmhg", "heart_rate_per_min", "respiratory_rate_per_min",
        "temperature_c", "spo2_pct", "weight_kg", "height_cm"})
    c.completeness("vital_signs", v, kMissingVitals);
  c.not_future("vital_signs", "measured_at");
  c.after_birth("vital_signs", "measured_at");
  c.before_death("vital_signs", "measured_at");

  c.required("consent_records",
             {"patient_id", "kind", "status", "document_version", "recorded_by"});
  c.order("consent_records", "revoked_at", Op::lt, "granted_at", "after_granted",
          "plausibleTemporalAfter");
  c.order("consent_records", "expires_at", Op::le, "granted_at", "after_granted",
          "plausibleTemporalAfter");

  // Live rows of a soft-deleted patient (the patient joined by patient_id, as for the other
  // patients.* columns). The references to appointments and medical records are set-level.
  for (const char *t : {"allergies", "chronic_conditions", "appointments", "consent_records"}) {
    Rule &r = c.add(t, "patient_id", "live_parent", Kind::live_child_of_deleted,
                    "isSoftDeleteConsistent", Category::conformance, kNone);
    r.with = {std::string(kPatientDeletedAt)};
    if (std::string_view(t) != "consent_records") r.with.push_back("deleted_at");  // no soft delete
  }

  // The audit columns every table has (30_tables.sql, the loop after the tables).
  for (const char *t : kTables) {
    c.order(t, "updated_at", Op::lt, "created_at", "after_created", "plausibleTemporalAfter");
    c.not_future(t, "updated_at");
    Rule &filled = c.add(t, "created_at, updated_at, created_by, updated_by", "filled",
                         Kind::any_blank, "isRequired", Category::completeness, kNone);
    filled.check_id = std::string(t) + ".audit_columns.filled";
    filled.with = {"created_at", "updated_at", "created_by", "updated_by"};
  }

  // Report order: table by table, in schema order; within a table, as added.
  std::vector<Rule> ordered;
  for (const char *t : kTables)
    for (const Rule &r : c.rules)
      if (r.table == t) ordered.push_back(r);
  return ordered;
}

const Rule *find_default(std::string_view check_id) {
  for (const Rule &r : default_rules())
    if (r.check_id == check_id) return &r;
  return nullptr;
}

void reject(const std::string &check_id, const char *why) {
  throw std::invalid_argument("override of check \"" + check_id + "\": " + why);
}

}  // namespace

const std::vector<Rule> &default_rules() {
  static const std::vector<Rule> rules = build_catalogue();
  return rules;
}

bool reads_column(Kind kind) noexcept {
  return kind != Kind::any_blank && kind != Kind::live_child_of_deleted;
}

bool reads_nulls(Kind kind) noexcept {
  return kind == Kind::missing || kind == Kind::any_blank || kind == Kind::live_child_of_deleted;
}

std::vector<std::string> columns_read(const Rule &rule) {
  std::vector<std::string> out;
  if (reads_column(rule.kind)) out.push_back(rule.column);
  out.insert(out.end(), rule.with.begin(), rule.with.end());
  return out;
}

bool matches(const Rule &rule, std::string_view selector) {
  const std::string_view id = rule.check_id;
  return id == selector ||
         (id.size() > selector.size() && id.substr(0, selector.size()) == selector &&
          id[selector.size()] == '.') ||
         rule.check_type == selector || name(rule.category) == selector;
}

std::vector<Rule> select_rules(const std::vector<std::string> &selectors) {
  std::vector<Rule> selected;
  for (const Rule &r : default_rules()) {
    bool wanted = selectors.empty();
    for (const std::string &s : selectors) wanted = wanted || matches(r, s);
    if (wanted) selected.push_back(r);
  }
  return selected;
}

void apply_overrides(std::vector<Rule> &rules, const std::vector<Override> &overrides) {
  for (const Override &o : overrides) {
    if (!find_default(o.check_id))
      throw std::invalid_argument("unknown check id in overrides: \"" + o.check_id + "\"");
    if (o.threshold_pct && !(*o.threshold_pct >= 0 && *o.threshold_pct <= 100))
      reject(o.check_id, "threshold must be between 0 and 100");
    for (Rule &r : rules) {
      if (r.check_id != o.check_id) continue;
      if (o.threshold_pct) r.threshold_pct = *o.threshold_pct;
      Range &v = r.violating;
      const bool has_range = r.kind == Kind::value_in_range || r.kind == Kind::bmi_mismatch;
      if (o.low && (!has_range || !std::isfinite(v.low) || !std::isfinite(*o.low)))
        reject(o.check_id, "the rule has no finite low limit to change");
      if (o.high && (!has_range || !std::isfinite(v.high) || !std::isfinite(*o.high)))
        reject(o.check_id, "the rule has no finite high limit to change");
      if (o.low) v.low = *o.low;
      if (o.high) v.high = *o.high;
      if (v.low > v.high || (v.low == v.high && !(v.includes_low && v.includes_high)))
        reject(o.check_id, "low limit above high limit");
    }
  }
}

double percent_violated(int64_t violated, int64_t evaluated) noexcept {
  return evaluated == 0 ? 0.0 : 100.0 * static_cast<double>(violated) / evaluated;
}

Status status_of(int64_t violated, int64_t evaluated, double threshold_pct) noexcept {
  if (violated == 0) return Status::pass;
  return percent_violated(violated, evaluated) <= threshold_pct ? Status::warn : Status::fail;
}

namespace {

struct SexSpecificCategories {
  const char *first, *last;  // ICD-10-CM categories (3 characters), inclusive
  SexSpecific sex;
};
const SexSpecificCategories kSexSpecific[] = {
    {"C51", "C58", SexSpecific::female},  // malignant neoplasms of female genital organs
    {"C60", "C63", SexSpecific::male},    // of male genital organs (C61 prostate)
    {"D06", "D06", SexSpecific::female},  // carcinoma in situ of cervix uteri
    {"D25", "D28", SexSpecific::female},  // benign neoplasms of uterus, ovary, other female
    {"D29", "D29", SexSpecific::male},    // benign neoplasm of male genital organs
    {"D39", "D39", SexSpecific::female},  // uncertain behavior, female genital organs
    {"D40", "D40", SexSpecific::male},    // uncertain behavior, male genital organs
    {"N40", "N53", SexSpecific::male},    // diseases of male genital organs (N40-N42 prostate)
    {"N70", "N98", SexSpecific::female},  // diseases of female pelvic organs and genital tract
    {"O00", "O9A", SexSpecific::female},  // pregnancy, childbirth and the puerperium
    {"Z33", "Z34", SexSpecific::female},  // pregnant state, supervision of normal pregnancy
    {"Z36", "Z37", SexSpecific::female},  // antenatal screening, outcome of delivery
    {"Z39", "Z39", SexSpecific::female},  // postpartum care
    {"Z3A", "Z3A", SexSpecific::female},  // weeks of gestation
};

}  // namespace

SexSpecific sex_specific(std::string_view icd10cm) noexcept {
  if (icd10cm.size() < 3) return SexSpecific::no;
  // Category characters are A-Z and 0-9 with digits before letters, so plain comparison of
  // the first three orders them as ICD-10-CM does ("O99" < "O9A").
  const std::string_view category = icd10cm.substr(0, 3);
  for (const auto &c : kSexSpecific)
    if (category >= c.first && category <= c.last) return c.sex;
  return SexSpecific::no;
}

bool is_plausible_for_sex(std::string_view icd10cm, std::string_view sex) noexcept {
  const SexSpecific s = sex_specific(icd10cm);
  return !((s == SexSpecific::female && sex == "male") ||
           (s == SexSpecific::male && sex == "female"));
}

}  // namespace clinic::validation

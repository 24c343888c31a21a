// The integrity validator's row-level rules: the default catalogue as data, how a rule's result
// becomes a status, and the DBA's overrides (doc/validator-design.md). No PostgreSQL here.
// Check types are OHDSI DQD's names.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clinic::validation {

enum class Category { conformance, completeness, plausibility };  // Kahn et al. 2016
std::string_view name(Category c) noexcept;

// The values that violate a rule: an interval, each end included or not, either end infinite.
struct Range {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool includes_low = false, includes_high = false;

  bool contains(double v) const noexcept {
    return (v > low || (includes_low && v == low)) && (v < high || (includes_high && v == high));
  }
};
std::string to_string(const Range &r);  // interval notation: "[40, 90]", "(-inf, 40)"

enum class Op { lt, le, gt, ge };

using CodeCheck = bool (*)(std::string_view) noexcept;

// What makes a row violate a rule. `column` is the field reported; `with` lists the other
// columns the kind reads, in this order. A NULL in any of them leaves the row out of the rule,
// except for `missing`, which counts exactly the NULLs.
enum class Kind {
  missing,         // column is NULL
  value_in_range,  // column (a number, or a date as days since 2000-01-01) lies in `violating`;
                   // when adults_only, with = {event time, patients.date_of_birth} and only rows
                   // of patients aged 18 or more at the event count
  order,           // `column op with[0]`: numbers, or dates and timestamps
  in_future,       // column (a date or timestamp) is after the run's `now`
  bad_code,        // code_is_valid(column) is false; with = {code system column}: only rows
                   // whose code system is `when_value`
  sex_mismatch,    // column, an ICD-10-CM code, is specific to the other sex: with = {patients.sex}
  bmi_mismatch,    // |column - weight / (height / 100)^2| lies in `violating`: with = {weight_kg,
                   // height_cm}
  early_no_show,   // column (status) is no_show before with[0] (the start time) has passed
  any_blank,       // one of `with` (up to four columns) is NULL, or text that is empty once
                   // spaces are trimmed; `column` only names them in the report and is not read
  live_child_of_deleted,  // the row's patient is soft-deleted (with[0], patients.deleted_at, not
                          // NULL) while the row itself is live (with[1], its deleted_at, NULL,
                          // when given); `column` names the reference and is not read
};

struct Rule {
  std::string check_id;    // stable, dotted: table.column.what
  std::string check_type;  // OHDSI DQD name (isRequired, plausibleValueLow, ...)
  Category category = Category::plausibility;
  std::string table, column;
  std::vector<std::string> with;
  Kind kind = Kind::missing;
  // The largest percentage of evaluated rows that may violate for a warn; above it, fail.
  double threshold_pct = 0;
  Range violating;                    // value_in_range, bmi_mismatch
  Op op = Op::lt;                     // order
  CodeCheck code_is_valid = nullptr;  // bad_code
  std::string when_value;             // bad_code with a code system column
  bool adults_only = false;           // value_in_range
};

// Whether a rule of this kind reads its `column` (any_blank reads only `with`).
bool reads_column(Kind kind) noexcept;
// Whether a rule of this kind evaluates rows with NULL inputs (they are what it looks for);
// the other kinds leave such a row out.
bool reads_nulls(Kind kind) noexcept;
// The columns a rule reads: its column (unless the kind reads none), then `with`.
std::vector<std::string> columns_read(const Rule &rule);

// Columns named "patients.<column>" are that column of the row's patient, joined by patient_id.
constexpr std::string_view kPatientSex = "patients.sex";
constexpr std::string_view kPatientBirthDate = "patients.date_of_birth";
constexpr std::string_view kPatientDeathTime = "patients.deceased_at";
constexpr std::string_view kPatientDeletedAt = "patients.deleted_at";
constexpr int kAdultAge = 18;

// Every row-level rule, in report order (table by table).
const std::vector<Rule> &default_rules();

// The rules matched by any selector, in catalogue order; all of them when there is no selector.
// A selector is a check id, a dotted prefix of one ("vital_signs", "vital_signs.bmi"), a check
// type or a category. Selectors matching no rule are the caller's to report: they may name the
// executor's set-level checks.
bool matches(const Rule &rule, std::string_view selector);
std::vector<Rule> select_rules(const std::vector<std::string> &selectors);

// A DBA's edit of one rule: its threshold, or the finite ends of its violating range.
struct Override {
  std::string check_id;
  std::optional<double> threshold_pct, low, high;
};
// Applies the overrides of the rules present; overrides of absent catalogue rules are skipped.
// Throws std::invalid_argument, naming the check id, for an id not in the catalogue, a threshold
// outside [0, 100], a limit where the rule has no finite end, or a range left empty.
void apply_overrides(std::vector<Rule> &rules, const std::vector<Override> &overrides);

enum class Status { pass, warn, fail, error };
std::string_view name(Status s) noexcept;

// pass: no violation; warn: some, at most threshold_pct percent of the evaluated rows; fail:
// more. Nothing evaluated passes.
double percent_violated(int64_t violated, int64_t evaluated) noexcept;
Status status_of(int64_t violated, int64_t evaluated, double threshold_pct) noexcept;

// ICD-10-CM codes specific to one sex (CMS Medicare Code Editor's sex edits, by category):
// pregnancy, childbirth and female genital organs; male genital organs.
enum class SexSpecific { no, female, male };
SexSpecific sex_specific(std::string_view icd10cm) noexcept;
// Whether a code fits a patient of this administrative sex (clinic.sex: male, female, other).
// Only male and female exclude anything.
bool is_plausible_for_sex(std::string_view icd10cm, std::string_view sex) noexcept;

}  // namespace clinic::validation

#include "core/schema/demo.hpp"

#include "core/util/calendar.hpp"
#include "core/schema/clinical_codes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include "core/pure.hpp"

namespace clinic::demo {

const char *const kDemoPasswordHash =
    "$2a$10$PO.LWMrXhA28c6jdjS9iMOaXGVyc6TwO87qZ8FrbTf4M0tPYdTgF2";

namespace {

// ---- randomness: splitmix64, seeded per (seed, stream, index) ----------------------------

uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream, uint64_t index)
      : state_(mix(mix(seed) ^ mix(stream * 0x632be59bd9b4e019ULL) ^ index)) {}
  uint64_t next() { return mix(state_ += 0x9e3779b97f4a7c15ULL); }
  // Uniform in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double uniform() { return (next() >> 11) * (1.0 / 9007199254740992.0); }
  bool chance(double p) { return uniform() < p; }
  // Normal by Box-Muller, clamped to [lo, hi].
  double normal(double mean, double sd, double lo, double hi) {
    const double u1 = std::max(uniform(), 1e-12), u2 = uniform();
    const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    return std::clamp(mean + sd * z, lo, hi);
  }
  template <typename T, size_t N>
  const T &pick(const T (&items)[N]) {
    return items[next() % N];
  }

 private:
  uint64_t state_;
};

enum Stream : uint64_t { kPatientStream = 1, kIdStream = 2, kProviderStream = 3 };

// A version-4-shaped uuid derived from (seed, kind, index, sub): deterministic, unique.
void append_uuid(std::string &out, uint64_t seed, uint64_t kind, uint64_t index, uint64_t sub) {
  Rng r(seed, kIdStream, mix(kind * 1000003ULL + sub) ^ (index * 0x2545f4914f6cdd1dULL));
  uint64_t hi = r.next(), lo = r.next();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  out += buf;
}

void append_date(std::string &out, int64_t days) {
  const calendar::Civil c = calendar::civil_from_days(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  out += buf;
}

// Seconds since 1970-01-01 00:00 UTC, written as an ISO timestamptz.
void append_timestamp(std::string &out, int64_t seconds) {
  const int64_t days = seconds / 86400, rest = seconds % 86400;
  append_date(out, days);
  char buf[24];
  std::snprintf(buf, sizeof buf, " %02d:%02d:00+00", static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60));
  out += buf;
}

// ---- COPY text helpers --------------------------------------------------------------------

// Values come from the tables below and from numbers: none holds a tab, newline or backslash.
void field(std::string &out, std::string_view v) {
  out += v;
  out += '\t';
}
void null_field(std::string &out) {
  out += "\\N\t";
}
void number_field(std::string &out, int64_t v) {
  out += std::to_string(v);
  out += '\t';
}
void decimal_field(std::string &out, double v, int places) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  field(out, buf);
}
void end_row(std::string &out) {
  out.back() = '\n';
}

// ---- reference data: realistic names and real codes ---------------------------------------

const char *const kFemaleNames[] = {"Olivia", "Emma",   "Ava",    "Sophia", "Isabella", "Mia",
                                    "Amelia", "Harper", "Evelyn", "Maria",  "Aisha",    "Mei",
                                    "Fatima", "Priya",  "Grace",  "Chloe",  "Lucia",    "Hannah",
                                    "Nora",   "Zoe",    "Leah",   "Ruth",   "Carmen",   "Yuki"};
const char *const kMaleNames[] = {"Liam",  "Noah",   "Oliver", "James",  "Elijah", "William",
                                  "Henry", "Lucas",  "Mateo",  "Daniel", "Omar",   "Wei",
                                  "Arjun", "Samuel", "David",  "Jose",   "Kenji",  "Ethan",
                                  "Isaac", "Aaron",  "Felix",  "Hugo",   "Malik",  "Ravi"};
const char *const kLastNames[] = {
    "Smith",     "Johnson",  "Williams",  "Brown",  "Jones",    "Garcia", "Miller",   "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez",  "Gonzalez", "Wilson", "Anderson", "Thomas",
    "Taylor",    "Moore",    "Jackson",   "Martin", "Lee",      "Nguyen", "Chen",     "Khan",
    "Patel",     "Kim",      "O'Brien",   "Singh",  "Cohen",    "Okafor", "Silva",    "Novak"};
const char *const kStreets[] = {"Alder St", "Birch Ln", "Cedar Ct",       "Dogwood Dr",
                                "Elm Row",  "Fir Ave",  "Hawthorne Blvd", "Juniper Way",
                                "Maple Rd", "Oak St",   "Pine Pl",        "Spruce Ter"};
struct City {
  const char *name;
  const char *zip3;
};
const City kCities[] = {{"Portland", "972"}, {"Beaverton", "970"}, {"Salem", "973"},
                        {"Eugene", "974"},   {"Bend", "977"},      {"Medford", "975"}};
const char *const kSpecialties[] = {"Family Medicine", "Internal Medicine", "Pediatrics",
                                    "Geriatrics", "Obstetrics and Gynecology"};

struct AllergyKind {
  const char *allergen, *code, *system, *reaction;
};
const AllergyKind kAllergies[] = {
    {"Penicillin G", "7980", "rxnorm", "Hives"},
    {"Amoxicillin", "723", "rxnorm", "Rash"},
    {"Sulfamethoxazole", "10180", "rxnorm", "Maculopapular rash"},
    {"Ibuprofen", "5640", "rxnorm", "Angioedema"},
    {"Codeine", "2670", "rxnorm", "Nausea and vomiting"},
    {"Peanut", "256349002", "snomed_ct", "Anaphylaxis"},
    {"Latex", "111088007", "snomed_ct", "Contact dermatitis"},
    {"Shellfish", "\\N", "\\N", "Urticaria"},
    {"Bee venom", "\\N", "\\N", "Swelling at sting site"},
};
const char *const kSeverities[] = {"mild",     "mild",   "moderate",
                                   "moderate", "severe", "life_threatening"};

struct ConditionKind {
  const char *name, *icd10;
};
const ConditionKind kConditions[] = {
    {"Essential (primary) hypertension", "I10"},
    {"Type 2 diabetes mellitus without complications", "E11.9"},
    {"Hyperlipidemia, unspecified", "E78.5"},
    {"Asthma, unspecified, uncomplicated", "J45.909"},
    {"Major depressive disorder, single episode, unspecified", "F32.9"},
    {"Generalized anxiety disorder", "F41.1"},
    {"Hypothyroidism, unspecified", "E03.9"},
    {"Chronic obstructive pulmonary disease, unspecified", "J44.9"},
    {"Gastro-esophageal reflux disease without esophagitis", "K21.9"},
    {"Osteoarthritis of knee, unspecified", "M17.9"},
};
const ConditionKind kAcuteDiagnoses[] = {
    {"Acute upper respiratory infection", "J06.9"},
    {"Low back pain", "M54.50"},
    {"Tension-type headache", "G44.209"},
    {"Urinary tract infection", "N39.0"},
    {"Encounter for general adult medical examination", "Z00.00"},
};

struct SymptomKind {
  const char *description, *snomed;
};
const SymptomKind kSymptoms[] = {
    {"Headache", "25064002"},         {"Cough", "49727002"},
    {"Fever", "386661006"},           {"Fatigue", "84229001"},
    {"Excessive thirst", "17173007"}, {"Dizziness", "404640003"},
    {"Nausea", "422587007"},          {"Back pain", "161891005"},
};

struct DrugKind {
  const char *name, *rxnorm, *dosage, *frequency;
  int quantity, days;
};
const DrugKind kDrugs[] = {
    {"Lisinopril 10 mg tablet", "314076", "10 mg", "once daily", 90, 90},
    {"Metformin hydrochloride 500 mg tablet", "861007", "500 mg", "twice daily", 180, 90},
    {"Atorvastatin 20 mg tablet", "617310", "20 mg", "once daily at bedtime", 90, 90},
    {"Amoxicillin 500 mg capsule", "308191", "500 mg", "three times daily", 30, 10},
    {"Albuterol 90 mcg/actuation inhaler", "745679", "2 puffs", "every 4 hours as needed", 1, 30},
    {"Levothyroxine 50 mcg tablet", "966224", "50 mcg", "once daily", 90, 90},
    {"Sertraline 50 mg tablet", "312940", "50 mg", "once daily", 30, 30},
};

const char *const kVisitTypes[] = {"follow_up", "follow_up", "routine_checkup", "sick_visit",
                                   "telehealth"};

// Appointments: 16 half-hour slots a day (08:00-16:00 UTC) per provider, from 2024-07-01.
const int64_t kFirstVisitDay = calendar::days_from_civil(2024, 7, 1);
constexpr int kSlotsPerDay = 16;
constexpr int kMaxVisits = 4;  // slots reserved per patient

}  // namespace

// ---- the chart model ----------------------------------------------------------------------

struct Generator::Allergy {
  const AllergyKind *kind;
  const char *severity, *criticality;
  int64_t noted_day;
};
struct Generator::Condition {
  const ConditionKind *kind;
  int64_t onset_day;
};
struct Generator::Visit {
  int64_t provider, start;  // start: epoch seconds
  const char *type, *status;
  const ConditionKind *diagnosis;
  double systolic, diastolic, heart_rate, respiratory_rate, temperature, spo2, weight;
  int symptoms;
  const SymptomKind *symptom[2];
  int symptom_severity[2];
  const DrugKind *drug;  // nullptr: no prescription
};
struct Generator::Chart {
  int64_t index;
  bool female;
  const char *first, *last, *street;
  const City *city;
  int64_t birth_day, house, zip_tail, deceased;  // deceased: epoch seconds, or -1
  double height;
  std::vector<Allergy> allergies;
  std::vector<Condition> conditions;
  std::vector<Visit> visits;
  bool email_consent;
};

Generator::Generator(const Options &options)
    : options_(options), providers_(provider_count(options.patients)) {}
Generator::~Generator() = default;

int64_t provider_count(int64_t patients) {
  return std::max<int64_t>(1, (patients + kPatientsPerProvider - 1) / kPatientsPerProvider);
}

const char *table_name(Table t) {
  switch (t) {
    case Table::providers:
      return "providers";
    case Table::patients:
      return "patients";
    case Table::allergies:
      return "allergies";
    case Table::chronic_conditions:
      return "chronic_conditions";
    case Table::consent_records:
      return "consent_records";
    case Table::appointments:
      return "appointments";
    case Table::medical_records:
      return "medical_records";
    case Table::vital_signs:
      return "vital_signs";
    case Table::symptoms:
      return "symptoms";
    case Table::prescriptions:
      return "prescriptions";
  }
  return "";
}

const std::vector<const char *> &table_columns(Table t) {
  static const std::vector<const char *> providers = {
      "id", "email", "password_hash", "first_name", "last_name", "npi", "specialty", "phone"};
  static const std::vector<const char *> patients = {"id",
                                                     "mrn",
                                                     "first_name",
                                                     "last_name",
                                                     "date_of_birth",
                                                     "sex",
                                                     "email",
                                                     "phone",
                                                     "address_line1",
                                                     "city",
                                                     "state",
                                                     "postal_code",
                                                     "emergency_contact_name",
                                                     "emergency_contact_phone",
                                                     "deceased_at"};
  static const std::vector<const char *> allergies = {
      "id",       "patient_id",  "allergen", "allergen_code", "allergen_code_system",
      "severity", "criticality", "reaction", "noted_on"};
  static const std::vector<const char *> conditions = {"id", "patient_id", "condition_name",
                                                       "icd10_code", "onset_date"};
  static const std::vector<const char *> consents = {
      "id", "patient_id", "kind", "status", "granted_at", "document_version", "recorded_by"};
  static const std::vector<const char *> appointments = {
      "id",      "patient_id",       "provider_id", "appointment_date",
      "ends_at", "appointment_type", "status"};
  static const std::vector<const char *> records = {
      "id",         "patient_id",     "appointment_id", "chief_complaint",
      "assessment", "diagnosis_code", "recorded_at"};
  static const std::vector<const char *> vitals = {"id",
                                                   "patient_id",
                                                   "appointment_id",
                                                   "systolic_mmhg",
                                                   "diastolic_mmhg",
                                                   "heart_rate_per_min",
                                                   "respiratory_rate_per_min",
                                                   "temperature_c",
                                                   "spo2_pct",
                                                   "weight_kg",
                                                   "height_cm",
                                                   "measured_at"};
  static const std::vector<const char *> symptoms = {
      "id", "patient_id", "medical_record_id", "description", "snomed_code", "severity"};
  static const std::vector<const char *> prescriptions = {
      "id",        "patient_id", "medical_record_id", "medication_name", "rxnorm_code",  "dosage",
      "frequency", "quantity",   "refills",           "days_supply",     "prescribed_at"};
  switch (t) {
    case Table::providers:
      return providers;
    case Table::patients:
      return patients;
    case Table::allergies:
      return allergies;
    case Table::chronic_conditions:
      return conditions;
    case Table::consent_records:
      return consents;
    case Table::appointments:
      return appointments;
    case Table::medical_records:
      return records;
    case Table::vital_signs:
      return vitals;
    case Table::symptoms:
      return symptoms;
    case Table::prescriptions:
      return prescriptions;
  }
  return providers;
}

int64_t Generator::write_providers(std::string &out) const {
  const uint64_t seed = static_cast<uint64_t>(options_.seed);
  for (int64_t p = 0; p < providers_; ++p) {
    Rng r(seed, kProviderStream, static_cast<uint64_t>(p));
    const bool female = r.chance(0.5);
    append_uuid(out, seed, 0, static_cast<uint64_t>(p), 0);
    out += '\t';
    char buf[96];
    std::snprintf(buf, sizeof buf, "provider%lld.s%lld@demo.clinic.example",
                  static_cast<long long>(p), static_cast<long long>(options_.seed));
    field(out, buf);
    field(out, kDemoPasswordHash);
    field(out, female ? r.pick(kFemaleNames) : r.pick(kMaleNames));
    field(out, r.pick(kLastNames));
    // NPI: a 9-digit base unique per (seed, provider), then its check digit. The seed's residue
    // is taken non-negative: a negative seed must not shorten the base below 9 digits.
    const int64_t base = 100000000 + ((options_.seed % 800 + 800) % 800) * 1000000 + p % 1000000;
    std::snprintf(buf, sizeof buf, "80840%09lld", static_cast<long long>(base));
    const int check = codes::luhn_check_digit(buf);
    std::snprintf(buf, sizeof buf, "%09lld%d", static_cast<long long>(base), check);
    field(out, buf);
    field(out, r.pick(kSpecialties));
    std::snprintf(buf, sizeof buf, "+1-555-%04lld", static_cast<long long>(1000 + p % 9000));
    field(out, buf);
    end_row(out);
  }
  return providers_;
}

void Generator::build_chart(int64_t index, Chart &c) const {
  Rng r(static_cast<uint64_t>(options_.seed), kPatientStream, static_cast<uint64_t>(index));
  c.index = index;
  c.female = r.chance(0.51);
  c.first = c.female ? r.pick(kFemaleNames) : r.pick(kMaleNames);
  c.last = r.pick(kLastNames);
  c.street = r.pick(kStreets);
  c.city = &r.pick(kCities);
  c.house = r.range(1, 9999);
  c.zip_tail = r.range(1, 99);
  // Adults: born 1935-01-01 .. 2006-06-30, so every visit (2024-07 onward) is after birth.
  c.birth_day =
      r.range(calendar::days_from_civil(1935, 1, 1), calendar::days_from_civil(2006, 6, 30));
  c.height = c.female ? r.normal(163, 6.5, 140, 195) : r.normal(176, 7.0, 150, 210);
  const double bmi = r.normal(27, 5, 17, 45);

  c.allergies.clear();
  const int allergies = r.chance(0.6) ? 0 : static_cast<int>(r.range(1, 3));
  for (int i = 0; i < allergies; ++i) {
    const AllergyKind *k = &r.pick(kAllergies);
    bool duplicate = false;
    for (const auto &a : c.allergies) duplicate |= a.kind == k;
    if (duplicate) continue;
    const char *severity = r.pick(kSeverities);
    c.allergies.push_back(
        {k, severity,
         std::string_view(severity) == "severe" || std::string_view(severity) == "life_threatening"
             ? "high"
             : "low",
         r.range(c.birth_day + 365, kFirstVisitDay - 1)});
  }

  c.conditions.clear();
  const int64_t age_years = (kFirstVisitDay - c.birth_day) / 365;
  const int conditions = static_cast<int>(r.range(0, age_years > 60 ? 3 : age_years > 40 ? 2 : 1));
  for (int i = 0; i < conditions; ++i) {
    const ConditionKind *k = &r.pick(kConditions);
    bool duplicate = false;
    for (const auto &x : c.conditions) duplicate |= x.kind == k;
    if (!duplicate)
      c.conditions.push_back({k, r.range(c.birth_day + 18 * 365, kFirstVisitDay - 1)});
  }

  c.visits.clear();
  const double v = r.uniform();
  const int visits = v < 0.4 ? 1 : v < 0.7 ? 2 : v < 0.9 ? 3 : 4;
  for (int j = 0; j < visits; ++j) {
    Visit visit{};
    // The slot is a function of (patient, j): a patient keeps one provider, whose patients each
    // own one slot in every block of slots, so distinct patients never share a provider's slot
    // and one patient's visits never share a time (they are one block apart).
    const int64_t block = (options_.patients + providers_ - 1) / providers_;
    visit.provider = index % providers_;
    const int64_t seq = j * block + index / providers_;
    visit.start =
        (kFirstVisitDay + seq / kSlotsPerDay) * 86400 + 8 * 3600 + (seq % kSlotsPerDay) * 1800;
    visit.type = j == 0 ? "new_patient" : r.pick(kVisitTypes);
    const double s = r.uniform();
    visit.status = s < 0.86 ? "completed" : s < 0.94 ? "cancelled" : "no_show";
    if (std::string_view(visit.status) == "completed") {
      visit.diagnosis = !c.conditions.empty() && r.chance(0.6)
                            ? c.conditions[r.next() % c.conditions.size()].kind
                            : &r.pick(kAcuteDiagnoses);
      visit.systolic = std::round(r.normal(124, 15, 85, 200));
      visit.diastolic = std::round(std::min(visit.systolic - 20, r.normal(79, 9, 50, 115)));
      visit.heart_rate = std::round(r.normal(74, 10, 45, 130));
      visit.respiratory_rate = std::round(r.normal(15, 2, 10, 24));
      visit.temperature = std::round(r.normal(36.8, 0.35, 35.5, 39.5) * 10) / 10;
      visit.spo2 = std::round(r.normal(97.5, 1.3, 90, 100));
      const double h = c.height / 100;
      visit.weight = std::round(r.normal(bmi, 0.4, 16.5, 46) * h * h * 100) / 100;
      visit.symptoms = static_cast<int>(r.range(0, 2));
      for (int k = 0; k < visit.symptoms; ++k) {
        visit.symptom[k] = &r.pick(kSymptoms);
        visit.symptom_severity[k] = static_cast<int>(r.range(1, 8));
      }
      visit.drug = r.chance(0.55) ? &r.pick(kDrugs) : nullptr;
    }
    c.visits.push_back(visit);
  }
  // 1% die, a month after their last visit (before 2026: the last visit day is < 2025-11).
  c.deceased = r.chance(0.01) ? c.visits.back().start + 30 * 86400 : -1;
  c.email_consent = r.chance(0.3);
}

void Generator::build_chunk(int64_t first, int64_t count) {
  charts_.resize(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) build_chart(first + i, charts_[static_cast<size_t>(i)]);
}

int64_t Generator::write_rows(Table t, std::string &out) const {
  const uint64_t seed = static_cast<uint64_t>(options_.seed);
  int64_t rows = 0;
  char buf[96];
  // uuid kinds, one per table, so ids of different tables never coincide
  enum : uint64_t {
    kPatient = 1,
    kAllergy,
    kCondition,
    kConsent,
    kVisit,
    kRecord,
    kVitals,
    kSymptom,
    kRx
  };
  auto id = [&](uint64_t kind, int64_t index, uint64_t sub) {
    append_uuid(out, seed, kind, static_cast<uint64_t>(index), sub);
    out += '\t';
  };
  for (const Chart &c : charts_) {
    switch (t) {
      case Table::patients: {
        id(kPatient, c.index, 0);
        std::snprintf(buf, sizeof buf, "D%lld-%08lld", static_cast<long long>(options_.seed),
                      static_cast<long long>(c.index));
        field(out, buf);
        field(out, c.first);
        field(out, c.last);
        append_date(out, c.birth_day);
        out += '\t';
        field(out, c.female ? "female" : "male");
        std::snprintf(buf, sizeof buf, "patient%lld.s%lld@mail.example",
                      static_cast<long long>(c.index), static_cast<long long>(options_.seed));
        field(out, buf);
        std::snprintf(buf, sizeof buf, "+1-555-%07lld", static_cast<long long>(c.index % 10000000));
        field(out, buf);
        std::snprintf(buf, sizeof buf, "%lld %s", static_cast<long long>(c.house), c.street);
        field(out, buf);
        field(out, c.city->name);
        field(out, "OR");
        std::snprintf(buf, sizeof buf, "%s%02lld", c.city->zip3,
                      static_cast<long long>(c.zip_tail));
        field(out, buf);
        field(out, "Emergency Contact");
        field(out, "+1-555-0199");
        if (c.deceased < 0) {
          null_field(out);
        } else {
          append_timestamp(out, c.deceased);
          out += '\t';
        }
        end_row(out);
        ++rows;
        break;
      }
      case Table::allergies:
        for (size_t i = 0; i < c.allergies.size(); ++i) {
          const Allergy &a = c.allergies[i];
          id(kAllergy, c.index, i);
          id(kPatient, c.index, 0);
          field(out, a.kind->allergen);
          field(out, a.kind->code);
          field(out, a.kind->system);
          field(out, a.severity);
          field(out, a.criticality);
          field(out, a.kind->reaction);
          append_date(out, a.noted_day);
          out += '\n';
          ++rows;
        }
        break;
      case Table::chronic_conditions:
        for (size_t i = 0; i < c.conditions.size(); ++i) {
          id(kCondition, c.index, i);
          id(kPatient, c.index, 0);
          field(out, c.conditions[i].kind->name);
          field(out, c.conditions[i].kind->icd10);
          append_date(out, c.conditions[i].onset_day);
          out += '\n';
          ++rows;
        }
        break;
      case Table::consent_records:
        for (int k = 0; k < (c.email_consent ? 2 : 1); ++k) {
          id(kConsent, c.index, static_cast<uint64_t>(k));
          id(kPatient, c.index, 0);
          field(out, k == 0 ? "treatment" : "email_communication");
          field(out, "granted");
          append_timestamp(out, c.visits.front().start - 86400);
          out += '\t';
          field(out, "2024.1");
          field(out, "front desk");
          end_row(out);
          ++rows;
        }
        break;
      case Table::appointments:
        for (size_t j = 0; j < c.visits.size(); ++j) {
          const Visit &v = c.visits[j];
          id(kVisit, c.index, j);
          id(kPatient, c.index, 0);
          append_uuid(out, seed, 0, static_cast<uint64_t>(v.provider), 0);
          out += '\t';
          append_timestamp(out, v.start);
          out += '\t';
          append_timestamp(out, v.start + 1800);
          out += '\t';
          field(out, v.type);
          field(out, v.status);
          end_row(out);
          ++rows;
        }
        break;
      case Table::medical_records:
      case Table::vital_signs:
      case Table::symptoms:
      case Table::prescriptions:
        for (size_t j = 0; j < c.visits.size(); ++j) {
          const Visit &v = c.visits[j];
          if (v.diagnosis == nullptr) continue;  // not completed: no note, no vitals
          if (t == Table::medical_records) {
            id(kRecord, c.index, j);
            id(kPatient, c.index, 0);
            id(kVisit, c.index, j);
            field(out, v.symptoms > 0 ? v.symptom[0]->description : "Routine review");
            field(out, v.diagnosis->name);
            field(out, v.diagnosis->icd10);
            append_timestamp(out, v.start + 1500);
            out += '\n';
            ++rows;
          } else if (t == Table::vital_signs) {
            id(kVitals, c.index, j);
            id(kPatient, c.index, 0);
            id(kVisit, c.index, j);
            number_field(out, static_cast<int64_t>(v.systolic));
            number_field(out, static_cast<int64_t>(v.diastolic));
            number_field(out, static_cast<int64_t>(v.heart_rate));
            number_field(out, static_cast<int64_t>(v.respiratory_rate));
            decimal_field(out, v.temperature, 1);
            decimal_field(out, v.spo2, 1);
            decimal_field(out, v.weight, 2);
            decimal_field(out, c.height, 1);
            append_timestamp(out, v.start + 300);
            out += '\n';
            ++rows;
          } else if (t == Table::symptoms) {
            for (int k = 0; k < v.symptoms; ++k) {
              id(kSymptom, c.index, j * 2 + static_cast<size_t>(k));
              id(kPatient, c.index, 0);
              id(kRecord, c.index, j);
              field(out, v.symptom[k]->description);
              field(out, v.symptom[k]->snomed);
              number_field(out, v.symptom_severity[k]);
              end_row(out);
              ++rows;
            }
          } else if (v.drug != nullptr) {
            id(kRx, c.index, j);
            id(kPatient, c.index, 0);
            id(kRecord, c.index, j);
            field(out, v.drug->name);
            field(out, v.drug->rxnorm);
            field(out, v.drug->dosage);
            field(out, v.drug->frequency);
            number_field(out, v.drug->quantity);
            number_field(out, v.drug->days >= 90 ? 3 : 0);
            number_field(out, v.drug->days);
            append_timestamp(out, v.start + 1620);
            out += '\n';
            ++rows;
          }
        }
        break;
      case Table::providers:
        break;  // write_providers
    }
  }
  return rows;
}

}  // namespace clinic::demo

// Deterministic synthetic clinic charts for scale work (clinic.generate_demo). No PostgreSQL
// here: the generator writes rows in COPY text format, and src/schema/demo.cpp feeds them to
// PostgreSQL's COPY machinery.
//
// Every value satisfies the schema's constraints. A patient's chart depends only on (seed,
// patient index), so output is the same whatever the chunking. Appointments get time slots
// from the patient index, so no provider is ever double-booked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clinic::demo {

// Tables in load order (parents before children).
enum class Table {
  providers,
  patients,
  allergies,
  chronic_conditions,
  consent_records,
  appointments,
  medical_records,
  vital_signs,
  symptoms,
  prescriptions,
};
constexpr Table kChartTables[] = {
    Table::patients,        Table::allergies,    Table::chronic_conditions,
    Table::consent_records, Table::appointments, Table::medical_records,
    Table::vital_signs,     Table::symptoms,     Table::prescriptions};

const char *table_name(Table t);
// The columns the generator writes, in order (COPY's column list).
const std::vector<const char *> &table_columns(Table t);

struct Options {
  int64_t patients = 0;
  int64_t seed = 0;
};

// Patients per provider: a primary-care panel. Determines how many providers there are.
constexpr int64_t kPatientsPerProvider = 2000;
int64_t provider_count(int64_t patients);

// A bcrypt hash all generated providers share (of "password123", as seed_production()'s).
extern const char *const kDemoPasswordHash;

class Generator {
 public:
  explicit Generator(const Options &options);

  // Appends the COPY text rows of all providers; returns how many.
  int64_t write_providers(std::string &out) const;

  // Builds the charts of patients [first, first + count).
  void build_chunk(int64_t first, int64_t count);
  // Appends the built chunk's rows of one chart table; returns how many.
  int64_t write_rows(Table t, std::string &out) const;

 private:
  struct Allergy;
  struct Condition;
  struct Visit;
  struct Chart;
  void build_chart(int64_t index, Chart &chart) const;

  Options options_;
  int64_t providers_;
  std::vector<Chart> charts_;

 public:
  ~Generator();
  Generator(const Generator &) = delete;
  Generator &operator=(const Generator &) = delete;
};

}  // namespace clinic::demo

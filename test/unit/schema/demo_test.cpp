#include "core/schema/clinical_codes.hpp"
#include "core/schema/demo.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace clinic::demo;

namespace {

std::vector<std::vector<std::string>> parse(const std::string &text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      fields.push_back(line.substr(start, tab - start));
    fields.push_back(line.substr(start));
    rows.push_back(fields);
  }
  return rows;
}

std::map<Table, std::string> generate(int64_t patients, int64_t seed, int64_t chunk) {
  Generator g({patients, seed});
  std::map<Table, std::string> out;
  g.write_providers(out[Table::providers]);
  for (int64_t first = 0; first < patients; first += chunk) {
    g.build_chunk(first, std::min(chunk, patients - first));
    for (Table t : kChartTables) g.write_rows(t, out[t]);
  }
  return out;
}

int column(Table t, const char *name) {
  const auto &cols = table_columns(t);
  for (size_t i = 0; i < cols.size(); ++i)
    if (std::string(cols[i]) == name) return static_cast<int>(i);
  ADD_FAILURE() << "no column " << name;
  return 0;
}

}  // namespace

TEST(DemoGenerator, DeterministicWhateverTheChunking) {
  EXPECT_EQ(generate(500, 42, 500), generate(500, 42, 7));
  EXPECT_NE(generate(50, 42, 50)[Table::patients], generate(50, 43, 50)[Table::patients]);
}

TEST(DemoGenerator, EveryRowHasItsColumnCount) {
  const auto out = generate(300, 1, 100);
  for (const auto &[table, text] : out)
    for (const auto &row : parse(text))
      ASSERT_EQ(row.size(), table_columns(table).size()) << table_name(table);
}

TEST(DemoGenerator, IdsAreUniqueAcrossTables) {
  const auto out = generate(2000, 3, 2000);
  std::set<std::string> ids;
  size_t rows = 0;
  for (const auto &[table, text] : out)
    for (const auto &row : parse(text)) {
      ++rows;
      EXPECT_TRUE(ids.insert(row[0]).second) << "duplicate id in " << table_name(table);
      EXPECT_EQ(row[0].size(), 36u);
      EXPECT_EQ(row[0][14], '4');  // version 4
    }
  EXPECT_EQ(ids.size(), rows);
}

TEST(DemoGenerator, ValuesSatisfyTheSchemaConstraints) {
  const auto out = generate(3000, 9, 1000);
  for (const auto &row : parse(out.at(Table::providers)))
    EXPECT_TRUE(clinic::codes::is_valid_npi(row[column(Table::providers, "npi")])) << row[5];
  for (const auto &row : parse(out.at(Table::chronic_conditions)))
    EXPECT_TRUE(
        clinic::codes::is_valid_icd10cm(row[column(Table::chronic_conditions, "icd10_code")]));
  for (const auto &row : parse(out.at(Table::medical_records)))
    EXPECT_TRUE(
        clinic::codes::is_valid_icd10cm(row[column(Table::medical_records, "diagnosis_code")]));
  for (const auto &row : parse(out.at(Table::prescriptions)))
    EXPECT_TRUE(clinic::codes::is_valid_rxnorm(row[column(Table::prescriptions, "rxnorm_code")]));
  for (const auto &row : parse(out.at(Table::vital_signs))) {
    const double sys = std::stod(row[column(Table::vital_signs, "systolic_mmhg")]);
    const double dia = std::stod(row[column(Table::vital_signs, "diastolic_mmhg")]);
    const double hr = std::stod(row[column(Table::vital_signs, "heart_rate_per_min")]);
    const double rr = std::stod(row[column(Table::vital_signs, "respiratory_rate_per_min")]);
    const double temp = std::stod(row[column(Table::vital_signs, "temperature_c")]);
    const double spo2 = std::stod(row[column(Table::vital_signs, "spo2_pct")]);
    const double w = std::stod(row[column(Table::vital_signs, "weight_kg")]);
    const double h = std::stod(row[column(Table::vital_signs, "height_cm")]);
    EXPECT_TRUE(sys >= 40 && sys <= 300 && dia >= 20 && dia <= 200 && sys > dia);
    EXPECT_TRUE(hr >= 20 && hr <= 300 && rr > 0 && rr < 70);
    EXPECT_TRUE(temp >= 25 && temp <= 45 && spo2 > 0 && spo2 <= 100);
    EXPECT_TRUE(w >= 2 && w <= 500 && h >= 20 && h <= 250);
    const double bmi = w / ((h / 100) * (h / 100));
    EXPECT_TRUE(bmi > 10 && bmi < 100) << bmi;
  }
}

// Every seed clinic.generate_demo() accepts (any int4) gives valid NPIs: INT_MIN once gave a
// negative base and a constraint violation.
TEST(DemoGenerator, ProviderNpisAreValidForEverySeed) {
  for (int64_t seed : {int64_t{-2147483648LL}, int64_t{-801}, int64_t{-1}, int64_t{0}, int64_t{799},
                       int64_t{2147483647}}) {
    Generator g({1, seed});
    std::string providers;
    g.write_providers(providers);
    for (const auto &row : parse(providers))
      EXPECT_TRUE(clinic::codes::is_valid_npi(row[column(Table::providers, "npi")]))
          << "seed " << seed << ": " << row[column(Table::providers, "npi")];
  }
}

TEST(DemoGenerator, NoProviderIsDoubleBooked) {
  const auto out = generate(5000, 5, 5000);  // 3 providers
  const int provider = column(Table::appointments, "provider_id");
  const int start = column(Table::appointments, "appointment_date");
  std::set<std::pair<std::string, std::string>> slots;
  for (const auto &row : parse(out.at(Table::appointments)))
    EXPECT_TRUE(slots.insert({row[provider], row[start]}).second) << row[start];
  EXPECT_EQ(provider_count(5000), 3);
}

TEST(DemoGenerator, NoPatientIsBookedTwiceAtOnce) {
  // clinic.validate() found it: each visit of a patient was at the same time as the others.
  for (int64_t patients : {7, 5000}) {
    const auto out = generate(patients, 5, patients);
    const int patient = column(Table::appointments, "patient_id");
    const int start = column(Table::appointments, "appointment_date");
    std::set<std::pair<std::string, std::string>> slots;
    for (const auto &row : parse(out.at(Table::appointments)))
      EXPECT_TRUE(slots.insert({row[patient], row[start]}).second) << row[start];
  }
}

TEST(DemoGenerator, CompletedVisitsHaveOneNoteAndOneVitalsSet) {
  const auto out = generate(1000, 11, 1000);
  size_t completed = 0;
  for (const auto &row : parse(out.at(Table::appointments)))
    completed += row[column(Table::appointments, "status")] == "completed";
  EXPECT_EQ(parse(out.at(Table::medical_records)).size(), completed);
  EXPECT_EQ(parse(out.at(Table::vital_signs)).size(), completed);
  EXPECT_GT(completed, 1000u);
}

TEST(DemoGenerator, DistributionsAreRealistic) {
  const auto out = generate(10000, 2, 10000);
  const auto patients = parse(out.at(Table::patients));
  size_t female = 0, deceased = 0;
  for (const auto &row : patients) {
    female += row[column(Table::patients, "sex")] == "female";
    deceased += row[column(Table::patients, "deceased_at")] != "\\N";
  }
  EXPECT_NEAR(female / 10000.0, 0.51, 0.03);
  EXPECT_NEAR(deceased / 10000.0, 0.01, 0.005);
  const double visits = static_cast<double>(parse(out.at(Table::appointments)).size()) / 10000;
  EXPECT_NEAR(visits, 2.0, 0.1);  // 1 to 4, mean 2.0
}

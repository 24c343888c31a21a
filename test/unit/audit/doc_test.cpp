// doc/audit.md's check table against the registry: the same ids, in report order, with their
// checklist items, severities and policy marks, so the table a DBA reads cannot drift from what
// audit() runs.
#include "core/audit/checks.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct DocRow {
  std::string id, item, severity, status;
};

std::string trim(const std::string &s) {
  const size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The rows of the table whose header starts "| check_id | item | severity |".
std::vector<DocRow> doc_rows(const std::string &path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<DocRow> rows;
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("| check_id | item | severity |", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table || line.rfind("|---", 0) == 0) continue;
    if (line.rfind("| `", 0) != 0) break;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    for (std::string cell; std::getline(ss, cell, '|');) cells.push_back(trim(cell));
    if (cells.size() < 4) break;
    const std::string &id = cells[0];
    rows.push_back(
        {id.size() > 2 ? id.substr(1, id.size() - 2) : id, cells[1], cells[2], cells[3]});
  }
  return rows;
}

}  // namespace

TEST(AuditDoc, CheckTableMatchesTheRegistry) {
  const std::vector<DocRow> rows = doc_rows(CLINIC_SOURCE_DIR "/doc/audit.md");
  const auto &defs = clinic::audit::checks();
  ASSERT_EQ(rows.size(), defs.size()) << "doc/audit.md's check table has a row per check";
  for (size_t i = 0; i < defs.size(); ++i) {
    const std::string item = defs[i].checklist_item ? std::to_string(defs[i].checklist_item) : "–";
    EXPECT_EQ(rows[i].id, defs[i].id) << "row " << i + 1 << ": report order";
    EXPECT_EQ(rows[i].item, item) << defs[i].id;
    EXPECT_EQ(rows[i].severity, defs[i].severity) << defs[i].id;
    EXPECT_EQ(
        rows[i].status.find("policy: skipped outside checklist and clinic") != std::string::npos,
        defs[i].policy)
        << defs[i].id << ": the checklist's policies say so in the status column";
  }
}

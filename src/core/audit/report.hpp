// Audit findings rendered for people and tools: text (the checklist's own shape), json,
// markdown, tap (pg_prove) and sarif (SARIF 2.1.0, for code-scanning tools).
#pragma once

#include "core/audit/checks.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clinic::audit {

struct Summary {
  size_t total = 0, passed = 0, warnings = 0, failed = 0, skipped = 0;
  bool passing() const { return failed == 0; }
};
Summary summarize(const std::vector<Finding> &findings);

// The profile the findings were made under, and how it was chosen ("requested", "detected:
// ..."), as the reports name them.
struct ReportProfile {
  std::string name, chosen;
  std::string label() const { return name + " (" + chosen + ")"; }
};

// The formats by name; nullopt for an unknown one.
std::optional<std::string> render(const std::string &format, const std::string &schema,
                                  const ReportProfile &profile, const std::string &version,
                                  const std::vector<Finding> &findings);
bool known_format(const std::string &format);
extern const char *const kFormats;  // "text, json, markdown, tap, sarif"

}  // namespace clinic::audit

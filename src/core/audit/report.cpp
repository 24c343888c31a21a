#include "core/audit/report.hpp"

#include "core/util/json.hpp"

#include <algorithm>
#include "core/pure.hpp"

namespace clinic::audit {

const char *const kFormats = "text, json, markdown, tap, sarif";

namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string item_label(const Finding &f) {
  return f.checklist_item ? "#" + std::to_string(f.checklist_item) : "-";
}

// Categories in the order their first check appears.
std::vector<std::string> categories(const std::vector<Finding> &fs) {
  std::vector<std::string> out;
  for (const auto &f : fs)
    if (std::find(out.begin(), out.end(), f.category) == out.end()) out.push_back(f.category);
  return out;
}

std::string summary_lines(const Summary &s) {
  return "Total Checks: " + std::to_string(s.total) + "\nPassed: " + std::to_string(s.passed) +
         "\nWarnings: " + std::to_string(s.warnings) + "\nFailed: " + std::to_string(s.failed) +
         "\nSkipped: " + std::to_string(s.skipped) +
         "\n\nOVERALL STATUS: " + (s.passing() ? "PASSING" : "FAILING") + "\n";
}

std::string text(const std::string &schema, const ReportProfile &profile,
                 const std::string &version, const std::vector<Finding> &fs) {
  std::string out =
      "clinic " + version + " audit of schema " + schema + "\nprofile: " + profile.label() + "\n";
  for (const auto &cat : categories(fs)) {
    out += "\n== " + cat + "\n";
    for (const auto &f : fs) {
      if (f.category != cat) continue;
      out +=
          "[" + upper(f.status) + "] " + item_label(f) + " " + f.check_id + ": " + f.title + "\n";
      out += "       " + f.actual + "\n";
      if (f.status == "warn" || f.status == "fail") {
        out += "       detail: " + f.detail + "\n";
        out += "       fix: " + f.remediation + "\n";
      }
    }
  }
  return out + "\n" + summary_lines(summarize(fs));
}

std::string json_report(const std::string &schema, const ReportProfile &profile,
                        const std::string &version, const std::vector<Finding> &fs) {
  const Summary s = summarize(fs);
  json::Array findings;
  for (const auto &f : fs) {
    json::Object o;
    o.field("check_id", f.check_id);
    if (f.checklist_item)
      o.field("checklist_item", f.checklist_item);
    else
      o.raw("checklist_item", "null");
    o.field("category", f.category)
        .field("title", f.title)
        .field("status", f.status)
        .field("severity", f.severity)
        .field("expected", f.expected)
        .field("actual", f.actual)
        .raw("detail", f.detail)
        .field("remediation", f.remediation);
    findings.add(o.str());
  }
  return json::Object()
      .field("tool", "clinic")
      .field("version", version)
      .field("schema", schema)
      .field("profile", profile.name)
      .field("profile_chosen", profile.chosen)
      .raw("summary", json::Object()
                          .field("total", static_cast<int64_t>(s.total))
                          .field("passed", static_cast<int64_t>(s.passed))
                          .field("warnings", static_cast<int64_t>(s.warnings))
                          .field("failed", static_cast<int64_t>(s.failed))
                          .field("skipped", static_cast<int64_t>(s.skipped))
                          .field("overall", s.passing() ? "PASSING" : "FAILING")
                          .str())
      .raw("findings", findings.str())
      .str();
}

std::string md_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string markdown(const std::string &schema, const ReportProfile &profile,
                     const std::string &version, const std::vector<Finding> &fs) {
  const Summary s = summarize(fs);
  std::string out = "# clinic " + version + " audit of schema `" + schema +
                    "`\n\nProfile: " + md_cell(profile.label()) + ".\n\n**" +
                    (s.passing() ? "PASSING" : "FAILING") + "**: " + std::to_string(s.total) +
                    " checks, " + std::to_string(s.passed) + " passed, " +
                    std::to_string(s.warnings) + " warnings, " + std::to_string(s.failed) +
                    " failed, " + std::to_string(s.skipped) + " skipped.\n";
  for (const auto &cat : categories(fs)) {
    out += "\n## " + cat + "\n\n| status | item | check | result | fix |\n|---|---|---|---|---|\n";
    for (const auto &f : fs)
      if (f.category == cat)
        out += "| " + f.status + " | " + item_label(f) + " | `" + f.check_id + "` " +
               md_cell(f.title) + " | " + md_cell(f.actual) + " | " + md_cell(f.remediation) +
               " |\n";
  }
  return out;
}

std::string tap(const ReportProfile &profile, const std::vector<Finding> &fs) {
  std::string out = "1.." + std::to_string(fs.size()) + "\n# profile: " + profile.label() + "\n";
  size_t n = 0;
  for (const auto &f : fs) {
    ++n;
    const std::string name = f.check_id + " - " + f.title;
    if (f.status == "skip") {
      out += "ok " + std::to_string(n) + " - " + name + " # SKIP " + f.actual + "\n";
    } else if (f.status == "fail") {
      out += "not ok " + std::to_string(n) + " - " + name + "\n";
      out += "# " + f.actual + "\n# detail: " + f.detail + "\n# fix: " + f.remediation + "\n";
    } else {
      out += "ok " + std::to_string(n) + " - " + name + "\n";
      if (f.status == "warn") out += "# warning: " + f.actual + "\n# detail: " + f.detail + "\n";
    }
  }
  return out;
}

std::string sarif(const std::string &schema, const ReportProfile &profile,
                  const std::string &version, const std::vector<Finding> &fs) {
  json::Array rules, results;
  for (const auto &c : checks())
    rules.add(json::Object()
                  .field("id", c.id)
                  .raw("shortDescription", json::Object().field("text", c.title).str())
                  .raw("help", json::Object().field("text", c.remediation).str())
                  .raw("properties", json::Object()
                                         .field("category", c.category)
                                         .field("severity", c.severity)
                                         .field("checklist_item", c.checklist_item)
                                         .str())
                  .str());
  for (const auto &f : fs) {
    if (f.status != "warn" && f.status != "fail") continue;
    const std::string location =
        json::Object()
            .raw("logicalLocations", json::Array()
                                         .add(json::Object()
                                                  .field("fullyQualifiedName", schema)
                                                  .field("kind", "namespace")
                                                  .str())
                                         .str())
            .str();
    results.add(json::Object()
                    .field("ruleId", f.check_id)
                    .field("level", f.status == "fail" ? "error" : "warning")
                    .raw("message", json::Object().field("text", f.actual + ": " + f.detail).str())
                    .raw("locations", json::Array().add(location).str())
                    .str());
  }
  const std::string driver =
      json::Object()
          .field("name", "clinic")
          .field("version", version)
          .field("informationUri", "https://www.postgresql.org/docs/current/extend-extensions.html")
          .raw("rules", rules.str())
          .str();
  return json::Object()
      .field("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
      .field("version", "2.1.0")
      .raw("runs", json::Array()
                       .add(json::Object()
                                .raw("tool", json::Object().raw("driver", driver).str())
                                .raw("results", results.str())
                                .raw("properties", json::Object()
                                                       .field("profile", profile.name)
                                                       .field("profile_chosen", profile.chosen)
                                                       .str())
                                .str())
                       .str())
      .str();
}

}  // namespace

Summary summarize(const std::vector<Finding> &findings) {
  Summary s;
  for (const auto &f : findings) {
    ++s.total;
    if (f.status == "pass")
      ++s.passed;
    else if (f.status == "warn")
      ++s.warnings;
    else if (f.status == "fail")
      ++s.failed;
    else
      ++s.skipped;
  }
  return s;
}

bool known_format(const std::string &format) {
  for (const char *f : {"text", "json", "markdown", "tap", "sarif"})
    if (format == f) return true;
  return false;
}

std::optional<std::string> render(const std::string &format, const std::string &schema,
                                  const ReportProfile &profile, const std::string &version,
                                  const std::vector<Finding> &findings) {
  if (format == "text") return text(schema, profile, version, findings);
  if (format == "json") return json_report(schema, profile, version, findings);
  if (format == "markdown") return markdown(schema, profile, version, findings);
  if (format == "tap") return tap(profile, findings);
  if (format == "sarif") return sarif(schema, profile, version, findings);
  return std::nullopt;
}

}  // namespace clinic::audit

// Migrations and versions: items 1, 13, 14, 15, 29, 30 and where extensions live.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <regex>
#include <string>
#include "core/pure.hpp"

namespace clinic::audit::check {

void migration_status(const Schema &s, Finding &f) {
  json::Array d;
  std::string actual;
  if (s.clinic_extension) {
    const auto &e = *s.clinic_extension;
    actual = "extension " + e.installed_version + " installed, " + e.default_version + " default";
    if (e.installed_version != e.default_version)
      d.object()
          .field("extension", "clinic")
          .field("installed", e.installed_version)
          .field("default", e.default_version)
          .field("update_path", e.update_path_to_default);
  }
  size_t failed = 0, rolled_back = 0;
  for (const auto &m : s.prisma_migrations) {
    const bool is_failed = !m.finished_at && !m.rolled_back_at;
    if (is_failed) ++failed;
    if (m.rolled_back_at) ++rolled_back;
    if (is_failed || m.rolled_back_at)
      d.object()
          .field("migration", m.name)
          .field("state", is_failed ? "failed" : "rolled_back")
          .field("started_at", m.started_at.value_or(""));
  }
  if (s.has_prisma_migrations) {
    if (!actual.empty()) actual += "; ";
    actual += std::to_string(s.prisma_migrations.size() - failed - rolled_back) + "/" +
              std::to_string(s.prisma_migrations.size()) + " migrations applied, " +
              count_of(failed, "failed") + ", " + count_of(rolled_back, "rolled back");
  }
  if (!s.clinic_extension && !s.has_prisma_migrations) {
    set(f, "skip",
        "no migration source: neither the clinic extension's schema nor a _prisma_migrations "
        "table");
    return;
  }
  const bool behind = s.clinic_extension &&
                      s.clinic_extension->installed_version != s.clinic_extension->default_version;
  set(f,
      failed > 0 || (behind && !s.clinic_extension->update_path_to_default) ? "fail"
      : d.empty()                                                           ? "pass"
                                                                            : "warn",
      actual, d);
}

void migration_files(const Schema &s, Finding &f) {
  if (!s.clinic_extension) {
    set(f, "skip",
        "not the clinic extension's schema (migration files are not visible in the database)");
    return;
  }
  const auto &e = *s.clinic_extension;
  const bool present = std::find(e.available_versions.begin(), e.available_versions.end(),
                                 e.installed_version) != e.available_versions.end();
  json::Array d;
  if (!present)
    d.add(
        json::Object().field("extension", "clinic").field("missing_version", e.installed_version));
  set(f, present ? "pass" : "fail",
      "script for " + e.installed_version + (present ? " present" : " missing") + " on the server",
      d);
}

void migration_naming(const Schema &s, Finding &f) {
  if (!s.has_prisma_migrations) {
    set(f, "skip", "no _prisma_migrations table");
    return;
  }
  static const std::regex name_re("^[0-9]{14}_[a-z0-9_]+$");
  json::Array d;
  std::string previous;
  for (const auto &m : s.prisma_migrations) {
    if (!std::regex_match(m.name, name_re))
      d.object().field("migration", m.name).field("problem", "not YYYYMMDDHHMMSS_name");
    else if (!previous.empty() && m.name.substr(0, 14) < previous)
      d.object()
          .field("migration", m.name)
          .field("problem", "timestamp earlier than the migration applied before it");
    if (m.name.size() >= 14) previous = std::max(previous, m.name.substr(0, 14));
  }
  verdict(f, d, "warn", "misnamed or out-of-sequence migrations");
}

void migration_history(const Schema &s, Finding &f) {
  if (!s.has_prisma_migrations) {
    set(f, "skip", "no _prisma_migrations table");
    return;
  }
  json::Array d;
  bool failed = false;
  for (const auto &m : s.prisma_migrations) {
    if (!m.finished_at && !m.rolled_back_at) {
      failed = true;
      d.object()
          .field("migration", m.name)
          .field("problem", "started, never finished or rolled back (failed)");
    } else if (m.rolled_back_at) {
      d.object().field("migration", m.name).field("problem", "rolled back");
    }
  }
  set(f, graded(failed, d),
      count_of(s.prisma_migrations.size(), "migrations") + ", " +
          count_of(d.size(), "not cleanly applied"),
      d);
}

void extension_version(const Schema &s, Finding &f) {
  json::Array d;
  const bool supported = s.server_version_num >= 150000;
  if (!supported)
    d.object().field("server_version_num", static_cast<int64_t>(s.server_version_num));
  std::string actual = "server " + std::to_string(s.server_version_num / 10000) + "." +
                       std::to_string(s.server_version_num % 10000);
  if (s.clinic_extension) {
    const auto &e = *s.clinic_extension;
    std::string newest = e.installed_version;
    for (const auto &v : e.available_versions) newest = std::max(newest, v);
    actual += ", clinic " + e.installed_version + " (newest available " + newest + ")";
    if (newest != e.installed_version)
      d.object()
          .field("extension", "clinic")
          .field("installed", e.installed_version)
          .field("newest", newest);
  }
  set(f, graded(!supported, d), actual, d);
}

void library_sync(const Schema &s, Finding &f) {
  if (!s.clinic_extension) {
    set(f, "skip", "not the clinic extension's schema");
    return;
  }
  const auto &e = *s.clinic_extension;
  json::Array d;
  if (e.library_version != e.installed_version)
    d.object()
        .field("library_version", e.library_version)
        .field("sql_version", e.installed_version);
  set(f, d.empty() ? "pass" : "fail",
      "library " + e.library_version + ", SQL " + e.installed_version, d);
}

// Extensions installed into the application schema mix their objects with the schema's own (and
// are dumped, granted and dropped with it): they belong in a schema of their own.
void extension_placement(const Schema &s, Finding &f) {
  json::Array d;
  for (const std::string &e : s.extensions_here) {
    const auto space = e.find(' ');
    d.object()
        .field("extension", e.substr(0, space))
        .field("version", space == std::string::npos ? "" : e.substr(space + 1));
  }
  verdict(f, d, "warn", "extensions installed into this schema");
}

}  // namespace clinic::audit::check

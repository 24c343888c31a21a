// Migrations and versions: items 1, 13, 14, 15, 29, 30 and where extensions live.
#include "core/audit/checks/common.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include "core/pure.hpp"

namespace clinic::audit::check {

namespace {

// One migration of _prisma_migrations as Prisma's `migrate status` sees it: a name may have
// several rows (an attempt that failed, was marked rolled back with `migrate resolve
// --rolled-back`, and was applied again). Rolled-back rows are ignored; a row neither finished nor
// rolled back is a failed migration, which blocks every later `migrate deploy`.
struct MigrationState {
  const catalog::PrismaMigration *first = nullptr;  // its first row, for started_at
  bool applied = false, failed = false, rolled_back = false;
  const char *state() const {
    return failed    ? "failed"
           : applied ? "applied"
                     : "rolled_back";  // rolled back, never re-applied
  }
};

// A _prisma_migrations the audit did not read (its owner changed a column's type, a policy
// hides rows, the auditor may not read it): a warning that says why. A skip would let a failed
// migration pass unseen behind a table made unreadable.
bool unread_prisma_table(const Schema &s, Finding &f) {
  if (s.has_prisma_migrations || !s.prisma_migrations_present) return false;
  set(f, "warn",
      "_prisma_migrations is present but was not read: " + s.prisma_migrations_unreadable);
  return true;
}

// For the checks that judge only _prisma_migrations: nothing to judge when it is unread (warn,
// above) or absent (skip).
bool no_prisma_rows(const Schema &s, Finding &f) {
  if (unread_prisma_table(s, f)) return true;
  if (s.has_prisma_migrations) return false;
  set(f, "skip", "no _prisma_migrations table");
  return true;
}

std::vector<std::pair<std::string, MigrationState>> migrations_of(const Schema &s) {
  std::vector<std::pair<std::string, MigrationState>> out;  // in order of first appearance
  std::unordered_map<std::string_view, size_t> at;          // a hostile table may be huge
  for (const auto &m : s.prisma_migrations) {
    const auto [slot, added] = at.emplace(m.name, out.size());
    if (added) {
      out.emplace_back(m.name, MigrationState{});
      out.back().second.first = &m;
    }
    MigrationState &st = out[slot->second].second;
    if (m.rolled_back_at)
      st.rolled_back = true;
    else if (m.finished_at)
      st.applied = true;
    else
      st.failed = true;
  }
  return out;
}

// Tables other than Prisma's own bookkeeping: a schema that has some yet no migration recorded
// was not made by `prisma migrate` (db push, or by hand).
size_t user_tables(const Schema &s) {
  return static_cast<size_t>(std::count_if(s.tables.begin(), s.tables.end(),
                                           [](const Table &t) { return is_user_table(t); }));
}

}  // namespace

void migration_status(const Schema &s, Finding &f) {
  if (unread_prisma_table(s, f)) return;
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
  size_t failed = 0, rolled_back = 0, applied = 0, reapplied = 0, foreign = 0;
  const auto migrations = migrations_of(s);
  for (const auto &[name, st] : migrations) {
    failed += st.failed;
    applied += st.applied && !st.failed;
    rolled_back += !st.applied && !st.failed;
    reapplied += st.applied && !st.failed && st.rolled_back;
    if (st.failed || !st.applied)
      d.object()
          .field("migration", name)
          .field("state", st.state())
          .field("started_at", st.first->started_at.value_or(""));
  }
  if (s.has_prisma_migrations) {
    if (!actual.empty()) actual += "; ";
    actual += std::to_string(applied) + "/" + std::to_string(migrations.size()) +
              " migrations applied, " + count_of(failed, "failed") + ", " +
              count_of(rolled_back, "rolled back and not applied again");
    if (reapplied) actual += ", " + count_of(reapplied, "applied again after a roll-back");
    if (s.repository_migrations) {
      // As prisma migrate status: a repository migration the database has not applied is
      // pending (also one rolled back, which migrate deploy applies again; it is listed above);
      // a migration of the database the repository does not hold, in any state, came from
      // elsewhere.
      const std::set<std::string_view> repository(s.repository_migrations->begin(),
                                                  s.repository_migrations->end());
      std::unordered_map<std::string_view, const MigrationState *> in_database;
      for (const auto &[name, st] : migrations) in_database.emplace(name, &st);
      size_t pending = 0;
      for (const auto &name : *s.repository_migrations) {
        const auto it = in_database.find(name);
        if (it == in_database.end()) {
          ++pending;
          d.object().field("migration", name).field("state", "pending: not applied yet");
        } else if (!it->second->applied && !it->second->failed) {
          ++pending;
        }
      }
      for (const auto &[name, st] : migrations)
        if (!repository.count(name)) {
          ++foreign;
          d.object()
              .field("migration", name)
              .field("state", st.applied  ? "applied, but not in the repository"
                              : st.failed ? "failed, and not in the repository"
                                          : "rolled back, and not in the repository");
        }
      actual += "; repository of " + count_of(repository.size(), "migrations") +
                (s.repository_recorded.empty() ? "" : " (recorded " + s.repository_recorded + ")") +
                ": " + count_of(pending, "pending") + ", " + count_of(foreign, "not in it");
    }
    if (migrations.empty() && user_tables(s) > 0) {
      d.object()
          .field("problem",
                 "no migration recorded, yet the schema has tables: made without prisma migrate "
                 "(db push or by hand); baseline it with prisma migrate resolve --applied")
          .field("tables", static_cast<int64_t>(user_tables(s)));
    }
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
      failed > 0 || foreign > 0 || (behind && !s.clinic_extension->update_path_to_default) ? "fail"
      : d.empty()                                                                          ? "pass"
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

// Whether a migration name starts with Prisma's timestamp, YYYYMMDDHHMMSS_, of a real date and
// time (a hand-made 20250517273700 sorts as if it were one).
static bool timestamp_prefix(const std::string &name) {
  if (name.size() < 15 || name[14] != '_') return false;
  int v[14];
  for (int i = 0; i < 14; ++i) {
    if (name[i] < '0' || name[i] > '9') return false;
    v[i] = name[i] - '0';
  }
  const auto two = [&v](int at) { return v[at] * 10 + v[at + 1]; };
  const int year = two(0) * 100 + two(2), month = two(4), day = two(6), hour = two(8),
            minute = two(10), second = two(12);
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days && hour <= 23 && minute <= 59 && second <= 59;
}

// The checklist's form: the timestamp, then a name of lower-case letters, digits and '_'. A
// scan, not std::regex, whose matcher recurses per character: a hostile schema's migration name
// of 100,000 characters would overflow the stack.
static bool checklist_form(const std::string &name) {
  if (!timestamp_prefix(name) || name.size() == 15) return false;
  return std::all_of(name.begin() + 15, name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Prisma applies the migration folders in the order of their names, and names them
// YYYYMMDDHHMMSS_name. The checklist asks for exactly that form. Under the other profiles the
// schema's own scheme is judged: where most names carry Prisma's timestamp, one without a valid
// one (a date alone, hour 27) that sorts among them takes a place in the order that is not its
// time (a baseline sorting before them all, Prisma's documented 0_init, is sound); a scheme of
// their own (umami's 01_init, 02_...) is sound. Under every profile a migration applied after one
// whose name sorts later is reported: another database applies the two in the other order.
void migration_naming(const Schema &s, Finding &f) {
  if (no_prisma_rows(s, f)) return;
  const bool strict = applies_policies(s.profile);
  size_t timestamped = 0;
  const std::string *first_timestamped = nullptr;
  for (const auto &m : s.prisma_migrations)
    if (timestamp_prefix(m.name)) {
      ++timestamped;
      if (!first_timestamped || m.name < *first_timestamped) first_timestamped = &m.name;
    }
  const bool timestamps_are_the_scheme = timestamped * 2 > s.prisma_migrations.size();
  json::Array d;
  std::string previous;  // the greatest name (strict: timestamp) applied so far
  for (const auto &m : s.prisma_migrations) {
    const std::string key = strict ? m.name.substr(0, 14) : m.name;
    if (strict && !checklist_form(m.name))
      d.object().field("migration", m.name).field("problem", "not YYYYMMDDHHMMSS_name");
    else if (!strict && timestamps_are_the_scheme && !timestamp_prefix(m.name) &&
             m.name > *first_timestamped)
      d.object()
          .field("migration", m.name)
          .field("problem",
                 "no valid YYYYMMDDHHMMSS_ timestamp, as the other migrations have: its place in "
                 "the order is not its time");
    else if (!previous.empty() && key < previous)
      d.object()
          .field("migration", m.name)
          .field("problem", strict ? "timestamp earlier than the migration applied before it"
                                   : "name sorts before a migration applied before it");
    if (!strict || timestamp_prefix(m.name)) previous = std::max(previous, key);
  }
  verdict(f, d, "warn", "misnamed or out-of-sequence migrations");
}

void migration_history(const Schema &s, Finding &f) {
  if (no_prisma_rows(s, f)) return;
  json::Array d;
  bool failed = false;
  const auto migrations = migrations_of(s);
  for (const auto &[name, st] : migrations) {
    if (st.failed) {
      failed = true;
      d.object()
          .field("migration", name)
          .field("problem", "started, never finished or rolled back (failed)");
    } else if (!st.applied) {
      d.object().field("migration", name).field("problem", "rolled back, not applied again");
    }
  }
  set(f, graded(failed, d),
      count_of(migrations.size(), "migrations") + ", " + count_of(d.size(), "not applied"), d);
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

// Prisma's migration table, read so that nothing its owner defined runs as the auditor: locked
// first, then its kind, privileges, row security and column types checked on the locked
// relation, then read by a table scan (no SQL: no cast, operator or view to resolve by name).
// The audit and clinic._prisma_migrations_rows() (migration_status()) read it here.
#pragma once

#include "pg/pg.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clinic {

struct PrismaTable {
  Oid relid = InvalidOid;  // valid: readable, and locked (AccessShareLock) until transaction end
  bool present = false;    // a relation named _prisma_migrations is in the schema
  std::string unreadable;  // present but not readable: why
};

// The schema's _prisma_migrations, locked and checked.
PrismaTable find_prisma_table(Oid nsp);

struct PrismaRow {
  // Text by its first characters (name 1,000, logs 200); one stored out of line in over 1 MB
  // reads "(not read: stored in N bytes)".
  std::optional<std::string> name;
  std::optional<int64_t> started_at, finished_at, rolled_back_at;  // TimestampTz (UTC)
  std::optional<int32_t> applied_steps;
  std::optional<std::string> logs;  // when asked for
};

// Every row of a table find_prisma_table() found readable, ordered by started_at (no time
// last), then by name in the column's collation (no name last), as ORDER BY started_at,
// migration_name would.
std::vector<PrismaRow> read_prisma_migrations(Oid relid, bool with_logs);

// A time as ISO 8601 in UTC (2024-01-31T12:00:00Z); nullopt for none or infinity.
std::optional<std::string> iso_utc(const std::optional<int64_t> &t);

}  // namespace clinic

// Schema snapshots (a canonical JSON description of a schema, from the same catalog model the
// audit reads) and the differences between two of them. No PostgreSQL here.
#pragma once

#include "core/audit/catalog.hpp"
#include "core/util/json_value.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clinic::snapshot {

constexpr int kFormat = 1;

// The snapshot: {"format":1,"schema":...,"tables":{...},"enums":{...},"functions":{...}}.
// Deterministic: objects are keyed by name, lists are sorted, nothing depends on OIDs, attnums,
// sizes or statistics, so a fresh install and an upgraded one snapshot alike.
json::Value of(const catalog::Schema &schema);

struct Difference {
  std::string object_type;  // table, column, constraint, index, trigger, policy, enum, function
  std::string object_name;  // table, or table.member, or the enum/function name
  std::string change;  // missing (expected, not found), unexpected (found, not expected), altered
  std::optional<json::Value> expected, actual;  // for altered: only the properties that differ
};

// Whether v has the shape of a snapshot; if not, says why.
bool is_snapshot(const json::Value &v, std::string *why);

// Every difference between two snapshots, in a stable order.
std::vector<Difference> diff(const json::Value &expected, const json::Value &actual);

}  // namespace clinic::snapshot
